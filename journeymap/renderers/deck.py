"""The map as a PowerPoint deck to hand out after a workshop (``render -o deck.pptx``).

An overview slide (the stages side by side, the emotion curve across them), then a
slide per stage built of native shapes a team can edit: the CX and CS lanes with a
card per touchpoint, the hand-overs as arrows, the stage's emotion curve as a line;
its pain points and opportunities in the slide's notes.  All text is at least 14 pt,
in the journey's language; a stage with more cards than a slide holds at that size
goes on over as many slides as it needs.  The same journey gives the same bytes.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..analysis.assessed import Assessed, assessed_of
from ..analysis.coverage import ServiceGap
from ..i18n import (
    NO_SERVICE_TEXTS,
    OWNER_NAMES,
    PHASE_NAMES,
    STATE_NAMES,
    channel_name,
    emotion_mark,
    text,
)
from ..model.handovers import hands_over
from ..model.vocabulary import OWNERS
from .drawing import CURVES, HANDOFF, INK, MUTED, OWNER_FILL, OWNER_LINE, PAIN
from .fonts import wrap
from .labels import badge

if TYPE_CHECKING:
    from ..model.journey import Journey, Stage, Touchpoint

#: The slide, 16:9, and its parts, in points.
WIDTH, HEIGHT = 960.0, 540.0
MARGIN, GAP = 24.0, 10.0
LABEL_W = 128.0  # the lanes' names at the left
CARD_W = 180.0
SIZE, TITLE = 14.0, 24.0  # no text smaller than SIZE
LEADING = 1.2
CURVE_H = 70.0  # the stage's emotion curve at the foot of its slide
Box = tuple[float, float, float, float]  # left, top, width, height
#: Each touchpoint's card text (by ``id()``: a repeated id is a card of its own), made once.
Texts = dict[int, list[tuple[str, bool]]]
#: A fixed date for the deck's properties and its zip entries: the same journey, the same bytes.
FIXED = datetime.datetime(2000, 1, 1)


def deck(subject: Journey | Assessed, lang: str | None = None) -> bytes:
    """The deck of a journey (see the module's description), in ``lang`` (default: the
    journey's locale)."""
    from pptx import Presentation
    from pptx.util import Pt

    assessed = assessed_of(subject)
    journey = assessed.journey
    lang = lang or journey.locale
    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = Pt(WIDTH), Pt(HEIGHT)
    blank = presentation.slide_layouts[6]
    _overview(presentation.slides.add_slide(blank), assessed, lang)
    by_stage = journey.touchpoints_by_stage()
    shared = _Shared(  # what every stage's slides read, made once for the deck
        {id(tp): _card_lines(tp, assessed, lang) for tp in journey.touchpoints},
        assessed.main_path(),
        _handover_flows(journey),
        lang,
        assessed.service_gaps,
    )
    for number, stage in enumerate(journey.stages, 1):
        for part, cards in enumerate(_pages(by_stage.get(stage.id, []), shared.texts)):
            slide = presentation.slides.add_slide(blank)
            _stage_slide(slide, shared, stage, number, cards, part)
    properties = presentation.core_properties
    properties.created = properties.modified = properties.last_printed = FIXED
    properties.revision = 1
    properties.title = journey.title
    buffer = io.BytesIO()
    presentation.save(buffer)
    return _fixed_zip(buffer.getvalue())


# --------------------------------------------------------------------------- overview


def _overview(slide: Any, assessed: Assessed, lang: str) -> None:
    journey = assessed.journey
    _text(slide, MARGIN, MARGIN, WIDTH - 2 * MARGIN, journey.title, TITLE, bold=True)
    subtitle = text(lang, STATE_NAMES[journey.state])
    _text(slide, MARGIN, MARGIN + TITLE * 1.6, WIDTH - 2 * MARGIN, subtitle, SIZE, color=MUTED)
    stages = journey.stages
    if not stages:
        return
    top = _LANES_TOP
    width = (WIDTH - 2 * MARGIN - GAP * (len(stages) - 1)) / len(stages)
    by_stage = journey.touchpoints_by_stage()
    boxes = []
    for index, stage in enumerate(stages):
        members = by_stage.get(stage.id, [])
        cs = sum(tp.owner == "CS" for tp in members)
        lines = [(line, True) for line in wrap(f"{index + 1} · {stage.label}", width - 10,
                                                SIZE, bold=True, lang=lang)]  # fmt: skip
        if stage.canonical_phase:
            lines.append((text(lang, PHASE_NAMES[stage.canonical_phase]), False))
        lines.append((f"CX {len(members) - cs} · CS {cs}", False))
        if stage.customer_goal:
            goal = text(lang, "Goal: %(goal)s", goal=stage.customer_goal)
            lines += [(line, False) for line in wrap(goal, width - 10, SIZE, lang=lang)]
        boxes.append(lines)
    height = max(len(lines) for lines in boxes) * SIZE * LEADING + 14  # as tall as the fullest
    for index, lines in enumerate(boxes):
        left = MARGIN + index * (width + GAP)
        _box(slide, left, top, width, height, "#f1f5f9", "#cbd5e1", lines)
    centres = [MARGIN + (i + 0.5) * (width + GAP) - GAP / 2 for i in range(len(stages))]
    moods = []
    for stage in stages:
        felt = [tp.emotion for tp in by_stage.get(stage.id, []) if tp.emotion is not None]
        moods.append(sum(felt) / len(felt) if felt else None)
    below = top + height + 2 * GAP  # the curve takes the rest of the slide
    points = list(zip(centres, moods, strict=True))
    _curve(slide, points, below, CURVES[0][0], HEIGHT - MARGIN - below)


# --------------------------------------------------------------------------- stage slides


def _pages(members: list[Touchpoint], texts: Texts) -> list[list[Touchpoint]]:
    """The stage's touchpoints cut into slides: as many as fit at 14 pt (at least one)."""
    room = HEIGHT - MARGIN - _LANES_TOP - CURVE_H - GAP
    pages: list[list[Touchpoint]] = [[]]
    for tp in members:
        trial = [*pages[-1], tp]
        if pages[-1] and _lanes_height(trial, texts) > room:
            pages.append([tp])
        else:
            pages[-1] = trial
    return pages


#: Where the lanes of a stage's slide begin (under its title and goal), and how many cards
#: stand side by side in a lane.
_LANES_TOP = MARGIN + TITLE * 1.6 + SIZE * 2.4
_PER_ROW = max(1, int((WIDTH - 2 * MARGIN - LABEL_W + GAP) // (CARD_W + GAP)))


def _rows(members: list[Touchpoint], owner: str) -> list[list[Touchpoint]]:
    cards = [tp for tp in members if tp.owner == owner]
    return [cards[i : i + _PER_ROW] for i in range(0, len(cards), _PER_ROW)] or [[]]


def _lanes_height(members: list[Touchpoint], texts: Texts) -> float:
    height = 0.0
    for owner in OWNERS:
        rows = _rows(members, owner)
        height += sum(_row_height(row, texts) for row in rows) + GAP * (len(rows) + 1)
    return height


def _row_height(row: list[Touchpoint], texts: Texts) -> float:
    lines = max((len(texts[id(tp)]) for tp in row), default=1)
    return lines * SIZE * LEADING + 12


def _card_lines(tp: Touchpoint, assessed: Assessed, lang: str) -> list[tuple[str, bool]]:
    """A card's text as the deck writes it: its name (bold), channel and emotion, and the
    measured values, each wrapped to the card at 14 pt."""
    room = CARD_W - 2 * 6
    lines = [(line, True) for line in wrap(tp.label, room, SIZE, bold=True, lang=lang)]
    meta = [channel_name(tp.channel, lang) if tp.channel else ""]
    meta.append(emotion_mark(tp.emotion) if tp.emotion is not None else "")
    if any(meta):
        lines += [(line, False) for line in wrap(" · ".join(m for m in meta if m), room, SIZE)]
    badges = [badge(r, lang) for r in assessed.readings.of(tp) if r.value is not None]
    if badges:
        shown = " ".join(f"{name} {value}" for name, value in badges)
        lines += [(line, False) for line in wrap(shown, room, SIZE)]
    return lines


@dataclass(frozen=True)
class _Shared:
    texts: Texts
    path: tuple[Touchpoint, ...]  # the journey's main path: each stage's curve is its part of it
    handovers: list[tuple[str, str, bool]]  # source, target, context kept
    lang: str
    #: The stages without customer service, and what that lacks there (the map says it too).
    service_gaps: Mapping[str, ServiceGap]


def _handover_flows(journey: Journey) -> list[tuple[str, str, bool]]:
    """The flows that hand a customer over to customer service (or between its teams)."""
    touchpoints = journey.touchpoint_map()
    found = []
    for edge in journey.flows():
        source, target = touchpoints.get(edge.source), touchpoints.get(edge.flow.to)
        if source is not None and target is not None and hands_over(source, target):
            found.append((source.id, target.id, edge.flow.context))
    return found


def _stage_slide(
    slide: Any, shared: _Shared, stage: Stage, number: int, members: list[Touchpoint], part: int
) -> None:
    texts, lang = shared.texts, shared.lang
    title = f"{number} · {stage.label}"
    if stage.canonical_phase:
        title += f" · {text(lang, PHASE_NAMES[stage.canonical_phase])}"
    if part:
        title += f" ({part + 1})"
    _text(slide, MARGIN, MARGIN, WIDTH - 2 * MARGIN, title, TITLE, bold=True)
    if stage.customer_goal:
        goal = text(lang, "Goal: %(goal)s", goal=stage.customer_goal)
        _text(slide, MARGIN, MARGIN + TITLE * 1.6, WIDTH - 2 * MARGIN, goal, SIZE, color=MUTED)
    placed: dict[str, Box] = {}
    y = _LANES_TOP
    for owner in OWNERS:
        lane_top = y
        y += GAP
        gap = shared.service_gaps.get(stage.id) if owner == "CS" else None
        for row in _rows(members, owner):
            height = _row_height(row, texts)
            if gap and not row:  # an empty lane says why, as the map's does
                said = text(lang, NO_SERVICE_TEXTS[gap])
                _text(slide, MARGIN + LABEL_W, y + 6, WIDTH - 2 * MARGIN - LABEL_W, said, SIZE,
                      color=PAIN if gap == "gap" else MUTED)  # fmt: skip
            for slot, tp in enumerate(row):
                left = MARGIN + LABEL_W + slot * (CARD_W + GAP)
                _card(slide, tp, texts[id(tp)], left, y, height)
                placed[tp.id] = (left, y, CARD_W, height)
            y += height + GAP
        lane = _shape(slide, MARGIN, lane_top, WIDTH - 2 * MARGIN, y - lane_top, "#f8fafc", None)
        _send_to_back(slide, lane)
        name, _, detail = text(lang, OWNER_NAMES[owner]).partition(" – ")
        _text(slide, MARGIN + 4, lane_top + 4, LABEL_W - 8, name, SIZE, bold=True,
              color=OWNER_LINE[owner])  # fmt: skip
        if detail:
            _text(slide, MARGIN + 4, lane_top + 4 + SIZE * 1.4, LABEL_W - 8, detail, SIZE,
                  color=MUTED)  # fmt: skip
    _handovers(slide, shared.handovers, placed)
    path = [tp for tp in shared.path if tp.id in placed]
    # Left to right, as the cards stand (the map's curves never run back either).
    points = sorted(
        ((placed[tp.id][0] + CARD_W / 2, tp.emotion) for tp in path), key=lambda p: p[0]
    )
    _curve(slide, points, HEIGHT - MARGIN - CURVE_H, CURVES[0][0])
    _notes(slide, members, lang)


def _card(
    slide: Any, tp: Touchpoint, lines: list[tuple[str, bool]], left: float, top: float,
    height: float,
) -> None:  # fmt: skip
    stroke = PAIN if tp.pain_points else OWNER_LINE[tp.owner]
    shape = _box(slide, left, top, CARD_W, height, OWNER_FILL[tp.owner], stroke, lines)
    shape.name = tp.id  # a script can find a touchpoint's card by its id


def _handovers(slide: Any, handovers: list[tuple[str, str, bool]], placed: dict[str, Box]) -> None:
    """The hand-overs between the slide's cards, as arrows (dashed when context is lost)."""
    from pptx.enum.dml import MSO_LINE
    from pptx.enum.shapes import MSO_CONNECTOR
    from pptx.util import Pt

    for source, target, context in handovers:
        if source not in placed or target not in placed:
            continue
        x1, y1, w1, h1 = placed[source]
        x2, y2, _w2, _h2 = placed[target]
        line = slide.shapes.add_connector(
            MSO_CONNECTOR.STRAIGHT, Pt(x1 + w1 / 2), Pt(y1 + h1), Pt(x2 + CARD_W / 2), Pt(y2)
        )
        line.line.color.rgb = _rgb(HANDOFF)
        line.line.width = Pt(2)
        if not context:
            line.line.dash_style = MSO_LINE.DASH
        _arrow_head(line)


def _notes(slide: Any, members: list[Touchpoint], lang: str) -> None:
    """The stage's pain points and opportunities, for the presenter."""
    parts = []
    for heading, entries in (
        (text(lang, "Pain points"), [(tp.label, p) for tp in members for p in tp.pain_points]),
        (text(lang, "Opportunities"), [(tp.label, o.text) for tp in members for o in tp.opportunities]),
    ):  # fmt: skip
        if entries:
            parts.append(
                heading + "\n" + "\n".join(f"• {name}: {entry}" for name, entry in entries)
            )
    if parts:
        slide.notes_slide.notes_text_frame.text = "\n\n".join(parts)


# --------------------------------------------------------------------------- shapes


def _curve(
    slide: Any,
    points: list[tuple[float, float | None]],
    top: float,
    color: str,
    height: float = CURVE_H,
) -> None:
    """An emotion curve (−2 … +2) as one editable line with a dot per touchpoint."""
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.util import Pt

    known = [(x, y) for x, y in points if y is not None]
    _text(slide, MARGIN, top - 4, LABEL_W - 8, "☺ +2", SIZE, color=MUTED)
    _text(slide, MARGIN, top + height - SIZE * 1.6, LABEL_W - 8, "☹ −2", SIZE, color=MUTED)

    def level(value: float) -> float:
        return top + (2 - max(-2.0, min(2.0, value))) / 4 * (height - 12) + 6

    if len(known) > 1:
        builder = slide.shapes.build_freeform(Pt(known[0][0]), Pt(level(known[0][1])), scale=1.0)
        builder.add_line_segments([(Pt(x), Pt(level(y))) for x, y in known[1:]], close=False)
        line = builder.convert_to_shape()
        line.fill.background()
        line.line.color.rgb = _rgb(color)
        line.line.width = Pt(2.5)
    for x, y in known:
        dot = slide.shapes.add_shape(MSO_SHAPE.OVAL, Pt(x - 4), Pt(level(y) - 4), Pt(8), Pt(8))
        dot.fill.solid()
        dot.fill.fore_color.rgb = _rgb(color)
        dot.line.fill.background()


def _box(
    slide: Any, left: float, top: float, width: float, height: float, fill: str,
    stroke: str | None, lines: list[tuple[str, bool]],
) -> Any:  # fmt: skip
    """A rounded box with its lines of text in it (bold ones first), editable in place."""
    from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
    from pptx.util import Pt

    shape = _shape(slide, left, top, width, height, fill, stroke)
    frame = shape.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.TOP
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = Pt(5)
    for index, (line, bold) in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.alignment = PP_ALIGN.LEFT
        run = paragraph.add_run()
        run.text = line
        run.font.size = Pt(SIZE)
        run.font.bold = bold
        run.font.color.rgb = _rgb(INK if bold else MUTED)
    return shape


def _shape(
    slide: Any, left: float, top: float, width: float, height: float, fill: str, stroke: str | None
) -> Any:
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.util import Pt

    shape = slide.shapes.add_shape(
        MSO_SHAPE.ROUNDED_RECTANGLE, Pt(left), Pt(top), Pt(width), Pt(height)
    )
    shape.adjustments[0] = 0.08
    shape.fill.solid()
    shape.fill.fore_color.rgb = _rgb(fill)
    if stroke:
        shape.line.color.rgb = _rgb(stroke)
        shape.line.width = Pt(1.2)
    else:
        shape.line.fill.background()
    shape.shadow.inherit = False
    return shape


def _text(
    slide: Any, left: float, top: float, width: float, words: str, size: float, *,
    bold: bool = False, color: str = INK,
) -> None:  # fmt: skip
    from pptx.util import Pt

    box = slide.shapes.add_textbox(Pt(left), Pt(top), Pt(width), Pt(size * LEADING * 1.4))
    frame = box.text_frame
    frame.word_wrap = True
    run = frame.paragraphs[0].add_run()
    run.text = words
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = _rgb(color)


def _send_to_back(slide: Any, shape: Any) -> None:
    tree = slide.shapes._spTree
    tree.remove(shape._element)
    tree.insert(2, shape._element)  # after the tree's own properties: under every card


def _arrow_head(connector: Any) -> None:
    from pptx.oxml.ns import qn

    line = connector.line._get_or_add_ln()
    head = line.makeelement(qn("a:tailEnd"), {"type": "triangle", "w": "med", "len": "med"})
    line.append(head)


def _rgb(color: str) -> Any:
    from pptx.dml.color import RGBColor

    hexes = color.lstrip("#")
    red, green, blue = (int(hexes[i : i + 2], 16) for i in (0, 2, 4))
    return RGBColor(red, green, blue)  # type: ignore[no-untyped-call]


def _fixed_zip(data: bytes) -> bytes:
    """The deck's zip with every entry dated :data:`FIXED`: python-pptx stamps the time."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            entry = zipfile.ZipInfo(item.filename, date_time=FIXED.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(item.filename))
    return out.getvalue()
