"""The map's legend: what its boxes and lines mean, in the reader's language, packed into
rows as wide as the page gives; the event log's entries only when one was read."""

from __future__ import annotations

from ..i18n import text
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
    Item,
    Line,
    Rect,
    Text,
    line_height,
)
from .fonts import text_width
from .mapcontent import Content


def legend_height(content: Content, width: float) -> float:
    return legend_height_of(len(_rows(content, width - 2 * MARGIN)))


def legend_height_of(rows: int) -> float:
    return 6 + rows * (line_height(SMALL) + 6) + MARGIN


def _rows(content: Content, width: float) -> list[list[tuple[str, str]]]:
    """Legend entries (kind, text) packed into rows no wider than ``width``."""
    lang = content.lang
    entries = [
        ("cx", text(lang, "CX touchpoint")),
        ("cs", text(lang, "CS touchpoint (customer service)")),
        ("pain", text(lang, "⚠ has pain points").removeprefix("⚠ ")),
        ("flow", text(lang, "flow")),
        ("handoff", text(lang, "hand-over to CS, context kept")),
        ("handoff_lost", text(lang, "hand-over, context lost")),
        ("text", " ".join(text(lang, "✓ target met   ✗ target missed").split())),
    ]
    if content.actual is not None:  # what the event log adds to the map
        entries += [
            ("cases", text(lang, "width: cases in the event log")),
            ("undesigned", text(lang, "taken, not designed")),
            ("text", text(lang, "↘ ended here · ↻ came back")),
        ]
        if any(flow.slow and not flow.handoff for flow in content.flows):
            entries.append(("slow", text(lang, "among the slowest tenth of steps")))
    rows: list[list[tuple[str, str]]] = [[]]
    used = 0.0
    for entry in entries:
        size = (0.0 if entry[0] == "text" else 30.0) + text_width(entry[1], SMALL) + 22
        if rows[-1] and used + size > width:
            rows.append([])
            used = 0.0
        rows[-1].append(entry)
        used += size
    return rows


#: How the legend draws each kind of line: colour, pen width, style.
LEGEND_LINES = {
    "flow": (FLOW, 1.2, "solid"),
    "handoff": (HANDOFF, 2.0, "solid"),
    "handoff_lost": (HANDOFF, 2.0, "dashed"),
    "cases": (FLOW, 4.0, "solid"),
    "undesigned": (UNDESIGNED, 2.0, "dashed"),
    "slow": (SLOW, 2.0, "solid"),
}


def legend(content: Content, left: float, top: float, width: float) -> list[Item]:
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
                        26,
                        SMALL + 4,
                        fill=OWNER_FILL[owner],
                        stroke=stroke,
                        pen=pen,
                        radius=3,
                    )
                )
                x += 30
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
                x += 30
            items.append(Text(x, y + SMALL, label, SMALL, color=INK))
            x += text_width(label, SMALL) + 22
        y += line_height(SMALL) + 6
    return items
