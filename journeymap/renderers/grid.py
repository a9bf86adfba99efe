"""The journey map as a grid, laid out to fit a screen or a page: pure geometry, no output.

A page is a table on the canvas: stage columns side by side (number, name, phase
and customer goal in one header row) and the same lanes in the same order across
every stage, labelled at the left: the touchpoint cards (by default a CX row above
a CS row, the line of interaction), the emotion curve (one line per persona, every
point named), the pain points and the opportunities as text.  Flows run in the
gutters between the cards (:mod:`journeymap.renderers.routing`).

To fit a target (``16:9``, ``4:3``, ``a4``, ``a3``) the layout tries card widths,
how many rows of cards a lane may have, and into how many bands the stages may
wrap, and keeps the arrangement whose text comes out largest in the target's
shape; the canvas then takes the target's exact aspect ratio.  A flow between
two bands (or two pages) is named on both of its cards instead of drawn.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from ..i18n import N_, plural, text
from ..machine import collector_paused
from ..model.vocabulary import OWNERS
from .cards import card_items, gap_items, gap_lines, lines_in
from .drawing import (
    BLUEPRINT_LINE,
    BODY,
    HANDOFF,
    HEADER,
    HEADER_FILL,
    IDEA,
    INK,
    LANE_FILL,
    MARGIN,
    MUTED,
    OWNER_LINE,
    PAIN,
    RULE,
    SMALL,
    TITLE,
    UNDESIGNED,
    WHITE,
    Item,
    Line,
    Page,
    Rect,
    Text,
    line_height,
)
from .emotion_lane import EMOTION_H, STAGE_EMOTION_H, emotion_lane
from .fonts import ELLIPSIS, shorten, text_width, wrap
from .headings import stage_heading, title_height, title_items, title_room
from .legend import (
    COLUMN_GAP,
    ENTRY_GAP,
    legend,
    legend_column,
    legend_height,
    legend_height_of,
    legend_rows,
)
from .legend import ROW as LEGEND_ROW
from .mapcontent import CARD_PAD, Card, Column, Content, Lane, blueprint_lane_list, prepare
from .options import Fit, Lanes
from .routing import route

if TYPE_CHECKING:
    from ..analysis.assessed import Assessed
    from ..model.journey import Journey

#: Width / height of each target; paper in landscape.
ASPECTS: dict[str, float] = {"16:9": 16 / 9, "4:3": 4 / 3, "a4": 842 / 595, "a3": 1191 / 842}

CARD_WIDTHS = tuple(map(float, (116, 120, 124, 132, 140, 150, 160, 170, 180, 190, 200, 215, 230)))
COL_GAP, ROW_GAP, STAGE_GAP = 18.0, 6.0, 8.0
LABEL_W, BAND_GAP = (72.0, 120.0), 26.0  # the lanes' names: as wide as their words need
EMPTY_ROW = 30.0
LINE_ROOM = 16.0  # the strip above a lane that a blueprint's line runs through
MAX_TEXT_LINES = 4
MAX_BANDS, MAX_ROWS = 8, 12
NARROWED = 6  # how many of the best arrangements have their stages narrowed
SMALL_MAP = 200  # cards: a larger map is arranged from fewer tries, its text small anyway
#: The screens the targets stand for (pixels across), and the least text size read there.
SCREEN_PX, LEGIBLE_PX = {"16:9": 1920.0, "4:3": 1440.0}, 16.0
#: The lanes of text under the curve: their name, colour and what each stage's cell holds.
TEXT_LANES = ((N_("Pain points"), PAIN, "pains"), (N_("Opportunities"), IDEA, "ideas"))


@dataclass(frozen=True)
class Arrangement:
    card_widths: tuple[float, ...]  # the width of every card of a stage, per stage
    rows: int  # at most this many rows of cards per lane and stage
    bands: tuple[tuple[int, ...], ...]  # column indexes of each band
    label_width: float  # the column of the lanes' names, at the left

    def subcolumns(self, column: Column) -> int:
        """How many cards stand side by side in a stage."""
        return max(1, math.ceil(column.most / self.rows))

    def column_width(self, index: int, column: Column) -> float:
        count = self.subcolumns(column)
        return count * self.card_widths[index] + (count - 1) * COL_GAP


# --------------------------------------------------------------------------- public


def layout(
    journey: Journey | Assessed,
    *,
    lanes: Lanes = "owner",
    fit: Fit = "16:9",
    persona: str | None = None,
) -> Page:
    """The whole map on one page, fitted to ``fit``."""
    with collector_paused():
        content = prepare(journey, lanes=lanes, persona=persona)
        return _draw(content, _legible(content, fit), fit)


def _legible(content: Content, fit: Fit) -> Arrangement:
    """The arrangement of the whole map; on a screen where its text would come out under
    LEGIBLE_PX, with the cards compact instead where that shows it larger (the stage
    pages keep every line, and a blueprint's cards their team: who does each step is what
    a blueprint is for)."""
    arrangement = arrange(content, fit)
    screen = SCREEN_PX.get(fit)
    if screen is None or content.aligned or _cards(content) > SMALL_MAP:
        return arrangement
    aspect = ASPECTS[fit]
    canvas = _canvas(_natural_size(content, arrangement, aspect), aspect)
    if SMALL * screen / canvas >= LEGIBLE_PX:
        return arrangement
    content.compact(True)
    compact = arrange(content, fit)
    if _canvas(_natural_size(content, compact, aspect), aspect) < canvas:
        return compact
    content.compact(False)
    return arrangement


def split_by_stage(
    journey: Journey | Assessed,
    *,
    lanes: Lanes = "owner",
    fit: Fit = "16:9",
    persona: str | None = None,
) -> list[Page]:
    """One page per stage (``--split stage``); flows to other stages are named on the cards."""
    with collector_paused():
        content = prepare(journey, lanes=lanes, persona=persona)
        if not content.columns:
            return [_draw(content, arrange(content, fit), fit)]
        return [_draw(page, arrange(page, fit), fit) for page in _pages(content)]


def _pages(content: Content) -> list[Content]:
    """What each stage's page shows. The flows to other pages are named on its cards
    before the page is arranged: the layout then sizes the cards as they will be drawn."""
    pages = []
    for index, column in enumerate(content.columns):
        numbered = text(
            content.lang, "Page %(page)s of %(pages)s", page=index + 1, pages=len(content.columns)
        )
        page = dataclasses.replace(
            content,
            columns=[column],
            sizes={},
            lanes=_page_lanes(content, column),
            subtitle=f"{content.journey.title} · {content.subtitle} · {numbered}",
            stage_page=True,
        )
        _connect_across(page, dict.fromkeys(_card_ids(column), 0))
        page.forget_sizes()
        pages.append(page)
    return pages


def _page_lanes(content: Content, column: Column) -> list[Lane]:
    """A stage's page of a blueprint leaves out the layers that stage does not have (CX
    and CS stay: a stage without customer service says so); other lanes stay as they are."""
    if not content.aligned:
        return content.lanes
    used = {
        lane.key
        for lane in content.lanes
        if lane.key in OWNERS or any(column.cards.get(lane.key, []))
    }
    return blueprint_lane_list(used, content.lang)


# --------------------------------------------------------------------------- arrangement


def arrange(content: Content, fit: Fit) -> Arrangement:
    """The arrangement that shows the map largest in the target's shape.

    Without a target (``none``), the one that comes closest to 16:9 in a single band.
    """
    aspect = ASPECTS.get(fit, ASPECTS["16:9"])
    most = max((c.most for c in content.columns), default=1) or 1
    tries: list[tuple[tuple[float, int, float], Arrangement]] = []
    # Small maps are scored twice: without the legend's column right of the map, and with
    # it where it shows the map larger. Each list's most promising are then narrowed: in
    # one list, the column's arrangements would crowd out those that narrowing improves.
    beside: list[tuple[tuple[float, int, float], Arrangement]] = []
    # A map too big for any screen is not worth many tries: its text is small anyway.
    small = _cards(content) <= SMALL_MAP
    labels = _label_width(content)
    # A blueprint's cards, never compact, are not made narrower than 124 points.
    candidates = CARD_WIDTHS[2:] if content.aligned else CARD_WIDTHS
    for card_width in candidates if small else CARD_WIDTHS[4::4]:  # 140, 180, 230
        tried: set[tuple[int, ...]] = set()
        uniform = (card_width,) * len(content.columns)
        # A blueprint's layers stand under their touchpoint: one row, however wide.
        for rows in range(1, (1 if content.aligned else min(most, MAX_ROWS)) + 1):
            trial = Arrangement(uniform, rows, (), labels)
            shape = tuple(trial.subcolumns(c) for c in content.columns)
            if shape in tried:  # the same cards side by side as with fewer rows
                continue
            tried.add(shape)
            widths = [trial.column_width(i, c) for i, c in enumerate(content.columns)]
            bands = min(len(widths), MAX_BANDS) if fit != "none" else 1
            for count in range(1, max(bands, 1) + 1):
                arrangement = Arrangement(uniform, rows, _split(widths, count), labels)
                under, best = _sizes(content, arrangement, aspect)
                size = under if small else best
                tries.append((_score(size, arrangement, aspect), arrangement))
                if small:
                    beside.append((_score(best, arrangement, aspect), arrangement))
                if size.height * aspect >= size.width:
                    break  # already taller than the shape: more bands only add height
    tries.sort(key=lambda scored: scored[0])  # stable: of equals, the first tried
    if small:  # the most promising, with each stage's cards as narrow as they can be
        beside.sort(key=lambda scored: scored[0])
        promising = [arrangement for _score, arrangement in tries[:NARROWED] + beside[:NARROWED]]
        narrowed = [_narrowed(content, arrangement) for arrangement in dict.fromkeys(promising)]
        tries = [(_score(_natural_size(content, a, aspect), a, aspect), a) for a in narrowed]
        tries.sort(key=lambda scored: scored[0])
    return tries[0][1]


def _cards(content: Content) -> int:
    return sum(card is not None for c in content.columns for cs in c.cards.values() for card in cs)


def _score(size: _Size, arrangement: Arrangement, aspect: float) -> tuple[float, int, float]:
    """Smaller is better: the canvas the target's shape needs, then fewer bands and
    wider cards."""
    widest = max(arrangement.card_widths, default=0.0)
    return _canvas(size, aspect), len(arrangement.bands), -widest


def _narrowed(content: Content, arrangement: Arrangement) -> Arrangement:
    """The arrangement with each stage's cards as narrow as they can be without making
    its band taller or cutting more of its text short: a stage of few or short cards
    gives its room to the others."""
    widths = list(arrangement.card_widths)
    for band in arrangement.bands:
        height = _band_height(content, arrangement, band)
        for index in band:
            shown = _shown(content, index, arrangement)
            for narrower in reversed([w for w in CARD_WIDTHS if w < widths[index]]):
                trial = dataclasses.replace(
                    arrangement, card_widths=(*widths[:index], narrower, *widths[index + 1 :])
                )
                taller = _band_height(content, trial, band) > height
                if taller or _shown(content, index, trial) < shown:
                    break
                widths[index] = narrower
                arrangement = trial
    return arrangement


def _shown(content: Content, index: int, arrangement: Arrangement) -> int:
    """How much of its text a stage shows: the characters of its cards, heading and
    cells, but for spaces, hyphens and "…" (the rest is cut short)."""
    column = content.columns[index]
    card_width, width = arrangement.card_widths[index], arrangement.column_width(index, column)
    cards = [card for cards in column.cards.values() for card in cards if card is not None]
    lines = [line for card in cards for line, _bold, _colour in card.lines(card_width)]
    lines += [line for line, _bold in stage_heading(column, width)]
    for cell in (column.pains, column.ideas):
        lines += _cell_text(cell, width, column.lang)
    joined = "".join(lines)
    return len(joined) - sum(joined.count(mark) for mark in (" ", "-", ELLIPSIS))


def _split(widths: list[float], count: int) -> tuple[tuple[int, ...], ...]:
    """Consecutive groups of columns, as even in width as possible."""
    if not widths:
        return ()
    total = sum(widths)
    bands: list[list[int]] = [[]]
    done = 0.0
    for index, width in enumerate(widths):
        if bands[-1] and len(bands) < count and done + width / 2 > total * len(bands) / count:
            bands.append([])
        bands[-1].append(index)
        done += width
    return tuple(tuple(band) for band in bands)


@dataclass(frozen=True)
class _Cells:
    """What one stage needs at one card width and row limit (computed once per arrangement)."""

    width: float
    heading: int  # lines
    rows: dict[str, list[float]]  # height of each row of cards, per lane
    pains: int  # lines
    ideas: int


def _cells(content: Content, index: int, arrangement: Arrangement) -> _Cells:
    card_width = arrangement.card_widths[index]
    key = (index, card_width, arrangement.rows)
    cached = content.sizes.get(key)
    if cached is None:
        column = content.columns[index]
        width = arrangement.column_width(index, column)
        per_row = arrangement.subcolumns(column)
        rows: dict[str, list[float]] = {}
        for lane, heights in column.card_heights(card_width).items():
            rows[lane] = [max(heights[i : i + per_row]) for i in range(0, len(heights), per_row)]
        gap = gap_lines(content, column, width)
        if gap:
            rows["CS"] = [2 * CARD_PAD + len(gap) * line_height(BODY)]
        cached = _Cells(
            width,
            len(stage_heading(column, width)),
            rows,
            len(_cell_text(column.pains, width, column.lang)),
            len(_cell_text(column.ideas, width, column.lang)),
        )
        content.sizes[key] = cached
    return cached


class _Size(NamedTuple):
    """The map's size before it is fitted to the target's shape, and where its legend goes."""

    width: float  # with the legend's column where it stands right of the map
    height: float
    header: float  # the title's strip, with the legend right of the title where it fits
    legend_width: float  # the strip under the map the legend fills; 0 when elsewhere
    legend_column: float = 0.0  # the column right of the map the legend fills; 0 when elsewhere
    title_room: float = 0.0  # how wide the lines under the title are


def _natural_size(content: Content, arrangement: Arrangement, aspect: float | None) -> _Size:
    """The map's size before it is fitted, its legend where that shows it largest."""
    return _sizes(content, arrangement, aspect)[1]


def _sizes(content: Content, arrangement: Arrangement, aspect: float | None) -> tuple[_Size, _Size]:
    """The map's size with the legend beside the title or under the map; and the one of
    that and the legend's column right of the map that shows it larger.

    The legend goes beside the title when that takes less height than a strip under
    the map (which may use the whole width the target's shape will give); on a page the
    target's shape makes wider than the map (a stage of its own), in a column right of
    the map where that shows the map larger still."""
    width = max(
        (_band_width(content, arrangement, band) for band in arrangement.bands),
        default=2 * MARGIN + arrangement.label_width + COL_GAP,
    )
    bands = [_band_height(content, arrangement, band) for band in arrangement.bands]
    body = sum(bands) + BAND_GAP * max(len(bands) - 1, 0)
    inner = width - 2 * MARGIN
    title = title_height(content, inner)
    legend_width = _legend_width(width, title + body, aspect)
    below = legend_height(content, legend_width)
    size = _Size(width, title + body + below, title, legend_width, title_room=inner)
    room = title_room(content, inner)
    rows, _widest = _legend_beside(content, width, room)
    header = max(title_height(content, room), _header_height(rows))
    if rows and header + MARGIN < title + below:
        size = _Size(width, header + body + MARGIN, header, 0.0, title_room=room)
    if aspect is None or not arrangement.bands:
        return size, size
    column_width, entries = legend_column(content)
    beside = _Size(
        width + column_width,
        title + max(body, entries * LEGEND_ROW) + MARGIN,
        title,
        0.0,
        column_width,
        inner,
    )
    return size, beside if _canvas(beside, aspect) < _canvas(size, aspect) else size


def _canvas(size: _Size, aspect: float) -> float:
    """The width of the canvas the target's shape gives a map of ``size``."""
    return max(size.width, size.height * aspect)


def _legend_beside(content: Content, width: float, title: float) -> tuple[int, float]:
    """The rows and width the legend takes right of a title ``title`` wide on a map
    ``width`` wide; no rows where it would take more than three."""
    room = width - 2 * MARGIN - title - 24
    if room < 160:
        return 0, 0.0
    rows, widest = legend_rows(content, room)
    return (rows, widest) if rows <= 3 else (0, 0.0)


def _header_height(legend_rows: int) -> float:
    """The title's strip with that many rows of the legend beside the title (the first
    row's text on the title's baseline)."""
    return MARGIN + TITLE - SMALL + legend_rows * LEGEND_ROW + 2


def _legend_width(width: float, height: float, aspect: float | None) -> float:
    """The legend's room under the map: from the map's left edge to the right edge of the
    canvas the target's shape gives (at least that of the map)."""
    if aspect is None:
        return width
    return (width + max(width, (height + legend_height_of(1)) * aspect)) / 2


def _band_width(content: Content, arrangement: Arrangement, band: Sequence[int]) -> float:
    widths = [_cells(content, i, arrangement).width for i in band]
    gaps = COL_GAP * (len(widths) + 1) + STAGE_GAP * max(len(widths) - 1, 0)
    return 2 * MARGIN + arrangement.label_width + sum(widths) + gaps


def _band_height(content: Content, arrangement: Arrangement, band: Sequence[int]) -> float:
    cells = [_cells(content, i, arrangement) for i in band]
    height = _heading_height(content, cells)
    for lane in content.lanes:
        rows = _lane_rows(cells, lane.key)
        cards = sum(rows) + ROW_GAP * (len(rows) + 1)
        label = _label_height(lane, content.lang, arrangement.label_width)
        height += max(cards, label) + (LINE_ROOM if lane.line else 0.0)
    pains = _text_height(c.pains for c in cells)
    return height + _emotion_height(content) + pains + _text_height(c.ideas for c in cells)


def _emotion_height(content: Content) -> float:
    return STAGE_EMOTION_H if content.stage_page else EMOTION_H


def _label_width(content: Content) -> float:
    """The column of the lanes' names: as wide as the longest word of a lane's name needs
    (within LABEL_W); the lanes of text, which may be one line high, keep their names on
    one line, and the emotion scale's labels stand beside the emotion lane's name."""
    lang = content.lang
    names = [(lane.label, True) for lane in content.lanes]
    names += [(lane.detail, False) for lane in content.lanes]
    longest = max(
        text_width(word, BODY, bold=bold) for name, bold in names for word in name.split()
    )
    texts = max(text_width(text(lang, name), BODY, bold=True) for name, _c, _w in TEXT_LANES)
    emotion = text_width(text(lang, "Emotion"), BODY, bold=True) + 8 + text_width("☹ −2", SMALL)
    low, high = LABEL_W
    return min(max(low, longest + 12, texts + 12, emotion + 12), high)


def _lane_rows(cells: Sequence[_Cells], lane: str) -> list[float]:
    """Height of each row of cards of a lane across a band's stages (at least one row)."""
    heights: list[float] = []
    for cell in cells:
        for row, height in enumerate(cell.rows.get(lane, [])):
            if row < len(heights):
                heights[row] = max(heights[row], height)
            else:
                heights.append(height)
    return heights or [EMPTY_ROW]


def _heading_height(content: Content, cells: Sequence[_Cells]) -> float:
    """The band's row of stage headings; none on a stage's page, whose title it is."""
    if content.stage_page:
        return 0.0
    return max((c.heading for c in cells), default=1) * line_height(HEADER) + 8


def _text_height(lines: Iterable[int]) -> float:
    """A lane of text as high as its fullest cell; left out where every cell is empty."""
    most = max(lines, default=0)
    return ROW_GAP + most * line_height(BODY) if most else 0.0


def _cell_text(entries: list[tuple[str, str]], width: float, lang: str, room: int = 0) -> list[str]:
    """A pain point or opportunity cell: at most MAX_TEXT_LINES, saying how many are hidden;
    an entry cut short takes the lines left empty under it of the ``room`` its lane has."""
    return _cell(tuple(entries), width, lang, room)


@functools.lru_cache(maxsize=4096)
def _cell(entries: tuple[tuple[str, str], ...], width: float, lang: str, room: int) -> list[str]:
    shown: list[list[str]] = []  # the lines of each entry shown
    more: list[str] = []
    for number, (touchpoint, entry) in enumerate(entries):
        wrapped = _entry(touchpoint, entry, width, lang, 2)
        reserve = 1 if number < len(entries) - 1 else 0  # room for "+N more"
        if sum(map(len, shown)) + len(wrapped) > MAX_TEXT_LINES - reserve:
            more = [plural(lang, "+%(count)s more", "+%(count)s more", len(entries) - number)]
            break
        shown.append(wrapped)
    # Lines left empty under the cell (above "+N more", which stays last): an entry cut
    # short takes them, the touchpoint's whole name first where that fits too.
    spare = room - sum(map(len, shown)) - len(more)
    for index, lines in enumerate(shown):
        if spare <= 0:
            break
        touchpoint, entry = entries[index]
        longer = _entry(touchpoint, entry, width, lang, len(lines) + spare, whole=True)
        if longer[-1].endswith(ELLIPSIS):
            longer = _entry(touchpoint, entry, width, lang, len(lines) + spare)
        if longer != lines:
            spare -= len(longer) - len(lines)
            shown[index] = longer
    return [line for lines in shown for line in lines] + more


def _entry(
    touchpoint: str, entry: str, width: float, lang: str, most: int, *, whole: bool = False
) -> list[str]:
    # The touchpoint's name takes half a line at most: the pain point itself always shows.
    named = touchpoint if whole else shorten(touchpoint, width / 2, BODY)
    return wrap(f"• {named}: {entry}", width, BODY, most=most, lang=lang)


# --------------------------------------------------------------------------- drawing


@dataclass
class _Band:
    """Where one band's parts stand."""

    columns: list[Column]
    left: float
    top: float
    labels: float  # the width of the lanes' names column
    right: float = 0.0
    bottom: float = 0.0
    spans: list[tuple[float, float]] = field(default_factory=list)  # x range of each stage
    xs: list[list[float]] = field(default_factory=list)  # x of each card column, per stage
    channels: list[float] = field(default_factory=list)  # y of every gap between card rows
    # every card placed, with how low it may grow (see :func:`.cards.card_items`)
    cards: list[tuple[Card, float]] = field(default_factory=list)


def _draw(content: Content, arrangement: Arrangement, fit: Fit) -> Page:
    band_of = {
        card_id: number
        for number, band in enumerate(arrangement.bands)
        for index in band
        for card_id in _card_ids(content.columns[index])
    }
    _connect_across(content, band_of)
    content.forget_sizes()  # the connectors made some cards taller
    aspect = ASPECTS.get(fit)
    size = _natural_size(content, arrangement, aspect)
    width, height = size.width, size.height
    if aspect is not None:
        width = max(size.width, size.height * aspect)
        height = width / aspect
    left, top = (width - size.width) / 2 + MARGIN, (height - size.height) / 2
    inner = size.width - 2 * MARGIN
    items: list[Item] = [Rect(0, 0, width, height, fill=WHITE)]
    items += title_items(content, left, top + MARGIN, inner, size.title_room)
    arrows = []
    y = top + size.header
    if not content.columns:
        items.append(
            Text(
                left,
                y + BODY,
                text(content.lang, "This journey has no stages yet."),
                BODY,
                color=MUTED,
            )
        )
    for number, indexes in enumerate(arrangement.bands):
        band = _Band([content.columns[i] for i in indexes], left, y, arrangement.label_width)
        items += _band(content, band, arrangement)
        ours = [
            flow
            for flow in content.flows
            if band_of.get(flow.source.touchpoint.id)
            == number
            == band_of.get(flow.target.touchpoint.id)
        ]
        card_columns = [x for xs in band.xs for x in xs]
        routed = route(ours, card_columns, band.channels, COL_GAP, ROW_GAP)
        items += [item for card, lowest in band.cards for item in card_items(card, lowest, routed)]
        arrows += routed
        y = band.bottom + BAND_GAP
    if size.legend_width:  # a strip under the map
        legend_top = top + size.height - legend_height(content, size.legend_width) + 6
        items += legend(content, left, legend_top, size.legend_width - 2 * MARGIN)
    elif size.legend_column:  # a column right of the map, from its top, an entry a row
        column_left = left + inner - size.legend_column + COLUMN_GAP
        items += legend(content, column_left, top + size.header + 6, None)
    else:  # beside the title, flush with the map's right edge
        _rows, widest = _legend_beside(content, size.width, size.title_room)
        legend_top = top + MARGIN + TITLE - SMALL
        # A row's packing counts the gap after its last entry.
        items += legend(content, left + inner - widest, legend_top, widest + ENTRY_GAP + 0.01)
    return Page(round(width, 2), round(height, 2), items, arrows)


def _card_ids(column: Column) -> list[str]:
    cards = column.cards.values()
    return [card.touchpoint.id for stack in cards for card in stack if card is not None]


def _connect_across(content: Content, band_of: dict[str, int]) -> None:
    """A flow between two bands (or pages) is named on both cards instead of drawn (once:
    a page's flows are named before it is arranged and again when it is drawn)."""
    for flow in content.flows:
        source_band = band_of.get(flow.source.touchpoint.id)
        target_band = band_of.get(flow.target.touchpoint.id)
        if source_band == target_band:
            continue
        if not flow.designed:  # the source card already names it (⇢ share target)
            if target_band is not None:
                _note_once(flow.target, f"⇠ {flow.source.touchpoint.label}", UNDESIGNED)
            continue
        color = HANDOFF if flow.handoff else MUTED
        if source_band is not None:
            _note_once(flow.source, f"→ {flow.target.touchpoint.label}", color)
        if target_band is not None:
            _note_once(flow.target, f"↪ {flow.source.touchpoint.label}", color)


def _note_once(card: Card, note: str, color: str) -> None:
    if (note, color) not in card.notes:
        card.note(note, color)


def _band(content: Content, band: _Band, arrangement: Arrangement) -> list[Item]:
    """Place one band's cards and draw its lanes; fills in the band's geometry."""
    indexes = [content.columns.index(column) for column in band.columns]
    x = band.left + band.labels
    for index, column in zip(indexes, band.columns, strict=True):
        card_width = arrangement.card_widths[index]
        x += STAGE_GAP if band.xs else 0.0
        xs = [
            x + COL_GAP + j * (card_width + COL_GAP) for j in range(arrangement.subcolumns(column))
        ]
        band.xs.append(xs)
        band.spans.append((x + COL_GAP / 2, xs[-1] + card_width + COL_GAP / 2))
        x = xs[-1] + card_width
    band.right = x + COL_GAP
    full = band.right - band.left
    backgrounds: list[Item] = []
    texts: list[Item] = []
    dividers: list[Item] = []  # a blueprint's lines (of interaction, of visibility, …)
    y = band.top
    cells = [_cells(content, index, arrangement) for index in indexes]
    header = _heading_height(content, cells)
    if header:
        backgrounds.append(Rect(band.left, y, full, header, fill=HEADER_FILL))
    for column, (start, end) in zip(band.columns, band.spans, strict=True):
        if not header:
            break
        heading = stage_heading(column, end - start - 8, max(c.heading for c in cells))
        for number, (line, bold) in enumerate(heading):
            size = HEADER if bold else BODY
            baseline = y + 6 + number * line_height(HEADER) + size
            texts.append(
                Text(start + 4, baseline, line, size, bold=bold, color=INK if bold else MUTED)
            )
    y += header
    for number, lane in enumerate(content.lanes):
        lane_top = y
        if lane.line:
            dividers += _blueprint_line(lane.line, band, y + LINE_ROOM / 2)
            y += LINE_ROOM
        label_top = y
        band.channels.append(y + ROW_GAP / 2)
        heights = _lane_rows(cells, lane.key)
        tops = []
        for row_height in heights:
            tops.append(y + ROW_GAP)
            y = tops[-1] + row_height
            band.channels.append(y + ROW_GAP / 2)
        for index, column, xs in zip(indexes, band.columns, band.xs, strict=True):
            lane_cards = column.cards.get(lane.key, [])
            for position, card in enumerate(lane_cards):
                if card is None:
                    continue
                row, slot = divmod(position, len(xs))
                card.x, card.y = xs[slot], tops[row]
                card.width = arrangement.card_widths[index]
                card.spare = lines_in(heights[row] - card.height(card.width))  # its row's room
                # Under the card, down to the next card of its column or the lane's end.
                below = range(position + len(xs), len(lane_cards), len(xs))
                taken = [tops[p // len(xs)] for p in below if lane_cards[p] is not None]
                band.cards.append((card, min(taken, default=y + ROW_GAP) - ROW_GAP))
            if lane.key == "CS":
                texts += gap_items(
                    content, column, xs[0], tops[0], xs[-1] + arrangement.card_widths[index]
                )
        y = max(y + ROW_GAP, label_top + _label_height(lane, content.lang, band.labels))
        backgrounds.append(
            Rect(
                band.left,
                lane_top,
                full,
                y - lane_top,
                fill=LANE_FILL if number % 2 == 0 else WHITE,
            )
        )
        colour = OWNER_LINE.get(lane.key, INK)
        texts += _lane_label(
            lane.label, band.left, label_top, band.labels, colour, lane.detail, content.lang
        )
    emotion_top = y
    y += _emotion_height(content)
    backgrounds.append(Rect(band.left, emotion_top, full, y - emotion_top, fill=WHITE))
    # A rule above it: the lane of cards above may be white too (the CS lane, often).
    backgrounds.append(Line(((band.left, emotion_top), (band.right, emotion_top)), RULE, 0.8))
    texts += _lane_label(text(content.lang, "Emotion"), band.left, emotion_top, band.labels, INK)
    shaded = True  # the lanes of text alternate their ground under the white emotion lane
    for label, color, which in TEXT_LANES:
        lane_top = y
        y += _text_height(getattr(cell, which) for cell in cells)
        if y == lane_top:
            continue  # no stage of the band has any: the lane is left out
        fill = LANE_FILL if shaded else WHITE
        shaded = not shaded
        backgrounds.append(Rect(band.left, lane_top, full, y - lane_top, fill=fill))
        texts += _lane_label(text(content.lang, label), band.left, lane_top, band.labels, color)
        room = max(getattr(cell, which) for cell in cells)
        for column, (start, end) in zip(band.columns, band.spans, strict=True):
            lines = _cell_text(getattr(column, which), end - start - 8, column.lang, room)
            for line_number, line in enumerate(lines):
                baseline = lane_top + ROW_GAP / 2 + line_number * line_height(BODY) + BODY
                texts.append(Text(start + 4, baseline, line, BODY))
    band.bottom = y
    rules: list[Item] = [
        Line(((start - STAGE_GAP / 2, band.top), (start - STAGE_GAP / 2, band.bottom)), RULE)
        for start, _ in band.spans
    ]
    frame = Rect(band.left, band.top, full, band.bottom - band.top, stroke=RULE)
    curve = emotion_lane(
        content,
        band.columns,
        band.spans,
        band.left + band.labels,
        band.right,
        emotion_top,
        _emotion_height(content),
    )
    return [*backgrounds, *rules, frame, *dividers, *texts, *curve]


def _blueprint_line(name: str, band: _Band, y: float) -> list[Item]:
    """A blueprint's line across the band, its name written into its start."""
    label = Text(band.left + 6, y + SMALL / 2 - 1.5, name, SMALL, bold=True, color=BLUEPRINT_LINE)
    start = band.left + 6 + text_width(name, SMALL, bold=True) + 6
    return [label, Line(((start, y), (band.right, y)), BLUEPRINT_LINE, 1.4, "dashed")]


@functools.lru_cache(maxsize=1024)
def _label_height(lane: Lane, lang: str, width: float) -> float:
    """The height a lane's label needs: a lane is never shorter than its name."""
    label = _lane_label(lane.label, 0, 0, width, INK, lane.detail, lang)
    return ROW_GAP / 2 + len(label) * line_height(BODY)


def _lane_label(
    label: str,
    left: float,
    top: float,
    column: float,
    color: str,
    detail: str = "",
    lang: str | None = None,
) -> list[Item]:
    width = column - 12
    lines = [(line, True) for line in wrap(label, width, BODY, most=3, bold=True, lang=lang)]
    if detail:
        lines += [(line, False) for line in wrap(detail, width, BODY, most=3, lang=lang)]
    return [
        Text(
            left + 6,
            top + ROW_GAP / 2 + BODY + number * line_height(BODY),
            line,
            BODY,
            bold=bold,
            color=color if bold else MUTED,
        )
        for number, (line, bold) in enumerate(lines)
    ]
