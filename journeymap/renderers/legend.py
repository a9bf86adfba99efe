"""The map's legend: what its boxes and lines mean, in the reader's language, packed into
rows as wide as the page gives; the event log's entries only when one was read, and the
personas' curves when the journey has personas."""

from __future__ import annotations

import functools

from ..i18n import text
from ..model.vocabulary import OWNERS
from .drawing import (
    FLOW,
    HANDOFF,
    INK,
    MARGIN,
    OWNER_FILL,
    OWNER_LINE,
    PAIN,
    SLOW,
    SMALL,
    UNDESIGNED,
    Dot,
    Item,
    Line,
    Rect,
    Text,
    line_height,
)
from .fonts import text_width
from .mapcontent import Content, Curve

ROW = line_height(SMALL) + 6  # the height of one row of the legend
COLUMN_GAP = 22.0  # between the map and a legend right of it
SWATCH, ENTRY_GAP = 28.0, 16.0  # an entry's symbol with the space after it; between entries


def legend_height(content: Content, width: float) -> float:
    """The legend's strip under the map, ``width`` wide with the page's margins."""
    return legend_height_of(len(_rows(content, width - 2 * MARGIN)))


def legend_height_of(rows: int) -> float:
    return 6 + rows * ROW + MARGIN


def legend_rows(content: Content, width: float) -> tuple[int, float]:
    """How many rows the legend takes in ``width``, and the width of its widest row."""
    rows = _rows(content, width)
    return len(rows), max(sum(_entry_width(entry) for entry in row) - ENTRY_GAP for row in rows)


def legend_column(content: Content) -> tuple[float, int]:
    """The width a column of the legend right of the map takes, an entry a row (with the
    gap between map and legend), and its number of rows."""
    entries = _entries(content)
    return COLUMN_GAP + max((_entry_width(entry) for entry in entries), default=0.0), len(entries)


def keyed(content: Content) -> list[Curve]:
    """The curves the legend names: one per persona whose curve passes the map's stages
    (a journey without personas has one curve, for all its customers, that needs no key)."""
    if not content.journey.personas:
        return []
    stages = {column.stage.id for column in content.columns}
    return [curve for curve in content.curves if any(tp.stage in stages for tp in curve.path)]


#: Entries that are only text (their symbols are in it).
TEXT_ONLY = ("targets", "traffic")


Entry = tuple[str, str]  # kind, text


@functools.lru_cache(maxsize=1024)
def _entry_width(entry: Entry) -> float:
    return (0.0 if entry[0] in TEXT_ONLY else SWATCH) + text_width(entry[1], SMALL) + ENTRY_GAP


def _entries(content: Content) -> tuple[Entry, ...]:
    """What the legend explains (kind, text): only what the map shows, and not what its
    lanes' names already say.  The layout asks for each arrangement it tries: what they
    are made of is looked up once."""
    # A lane of one owner's cards says, in that owner's colour, what the colour means.
    named = frozenset(lane.key.lower() for lane in content.lanes if lane.key in OWNERS)
    curves = tuple(curve.name for curve in keyed(content))
    return _entries_of(content.lang, content.shown, named, content.actual is not None, curves)


@functools.lru_cache(maxsize=256)
def _entries_of(
    lang: str, shown: frozenset[str], named: frozenset[str], actual: bool, curves: tuple[str, ...]
) -> tuple[Entry, ...]:
    entries = [
        ("cx", text(lang, "CX touchpoint")),
        ("cs", text(lang, "CS touchpoint (customer service)")),
        ("pain", text(lang, "⚠ has pain points").removeprefix("⚠ ")),
        ("flow", text(lang, "flow")),
        ("handoff", text(lang, "hand-over to CS, context kept")),
        ("handoff_lost", text(lang, "hand-over, context lost")),
        ("targets", " ".join(text(lang, "✓ target met   ✗ target missed").split())),
    ]
    if actual:  # what the event log adds to the map
        entries += [
            ("cases", text(lang, "width: cases in the event log")),
            ("undesigned", text(lang, "taken, not designed")),
            ("traffic", text(lang, "↘ ended here · ↻ came back")),
            ("slow", text(lang, "among the slowest tenth of steps")),
        ]
    always = ("cases", "traffic")  # every card and flow of an event log's map says them
    kept = [
        (kind, label)
        for kind, label in entries
        if (kind in shown or kind in always) and kind not in named
    ]
    return (*kept, *((f"curve {n}", name) for n, name in enumerate(curves)))


def _rows(content: Content, width: float | None) -> tuple[tuple[Entry, ...], ...]:
    """Legend entries (kind, text) packed into rows no wider than ``width``; an entry a
    row for None (a column)."""
    return _packed(_entries(content), width)


@functools.lru_cache(maxsize=4096)
def _packed(entries: tuple[Entry, ...], width: float | None) -> tuple[tuple[Entry, ...], ...]:
    rows: list[list[Entry]] = [[]]
    used = 0.0
    for entry in entries:
        size = _entry_width(entry)
        if rows[-1] and (width is None or used + size > width):
            rows.append([])
            used = 0.0
        rows[-1].append(entry)
        used += size
    return tuple(tuple(row) for row in rows)


#: How the legend draws each kind of line: colour, pen width, style.
LEGEND_LINES = {
    "flow": (FLOW, 1.2, "solid"),
    "handoff": (HANDOFF, 2.0, "solid"),
    "handoff_lost": (HANDOFF, 2.0, "dashed"),
    "cases": (FLOW, 4.0, "solid"),
    "undesigned": (UNDESIGNED, 2.0, "dashed"),
    "slow": (SLOW, 2.0, "solid"),
}


def legend(content: Content, left: float, top: float, width: float | None) -> list[Item]:
    """The legend's entries from ``left``, ``top``: in rows ``width`` wide, or (None) an
    entry a row."""
    items: list[Item] = []
    y = top
    for row in _rows(content, width):
        x = left
        middle = y + SMALL / 2
        for kind, label in row:
            if kind in ("cx", "cs", "pain"):
                owner = "CS" if kind == "cs" else "CX"
                stroke = PAIN if kind == "pain" else OWNER_LINE[owner]
                pen = 2.4 if kind == "pain" else 1.2
                items.append(
                    Rect(
                        x,
                        y - 1,
                        SWATCH - 4,
                        SMALL + 4,
                        fill=OWNER_FILL[owner],
                        stroke=stroke,
                        pen=pen,
                        radius=3,
                    )
                )
                x += SWATCH
            elif kind in LEGEND_LINES:
                color, pen, style = LEGEND_LINES[kind]
                items.append(Line(((x, middle + 1), (x + 22, middle + 1)), color, pen, style))
                items.append(
                    Line(
                        ((x + 17, middle - 2), (x + 23, middle + 1), (x + 17, middle + 4)),
                        color,
                        pen,
                    )
                )
                x += SWATCH
            elif kind.startswith("curve"):  # a persona's emotion curve: its pen and a point
                curve = keyed(content)[int(kind.split()[1])]
                items.append(Line(((x, middle + 1), (x + SWATCH - 4, middle + 1)), curve.color,
                                  2.0, curve.style))  # fmt: skip
                items.append(Dot(x + SWATCH / 2 - 2, middle + 1, 3.0, curve.color))
                x += SWATCH
            items.append(Text(x, y + SMALL, label, SMALL, color=INK))
            x += text_width(label, SMALL) + ENTRY_GAP
        y += ROW
    return items
