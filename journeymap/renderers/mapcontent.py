"""What the journey map shows, before anything is placed: cards, lanes, flows, curves.

:func:`prepare` reduces a journey to the cells of the map: for each stage, the
cards of each lane (owner, channel, persona or one lane), its pain points and
opportunities; the flows between cards; and one emotion curve per persona, along
the main path through the flows.  A persona filter keeps only what serves one
persona.  Card text is wrapped on demand, for whatever card width the layout tries.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from ..analysis.actual import Actual, Step
from ..analysis.assessed import Assessed, assessed_of
from ..analysis.coverage import ServiceGap
from ..analysis.paths import serves
from ..i18n import (
    AVAILABLE_NAMES,
    NO_SERVICE_TEXTS,
    OWNER_NAMES,
    STATE_NAMES,
    channel_name,
    duration,
    emotion_mark,
    percent,
    plural,
    text,
)
from ..model.handovers import hands_over
from ..model.readings import Readings
from ..model.vocabulary import KNOWN_CHANNELS, OWNERS
from .drawing import BODY, CURVES, HANDOFF, INK, MUTED, PAIN, UNDESIGNED, line_height
from .fonts import ELLIPSIS, fold, shorten, text_width, wrap
from .labels import badge
from .layers import Layers, ShownStep
from .layers import lanes as blueprint_lanes
from .layers import layers as blueprint_layers
from .options import Lanes

if TYPE_CHECKING:
    from ..model.journey import Journey, Stage, Touchpoint
    from ..model.observed import Paths

CARD_PAD = 5.0
CardLine = tuple[str, bool, str]  # text, bold, colour
#: A part of a card's text: how it breaks into lines, its text, bold and colour.
_Part = tuple[Literal["wrap", "fold", "badges", "notes"], str, bool, str]
#: The marks of the notes that name a flow's other end; notes of one mark and colour share
#: lines where two fit side by side ("↪ Pricing page  ↪ Pre-sales chat").
FLOW_MARKS = frozenset("←→↪⇢⇠")
NOTE_GAP = "\u2003"  # an em space: a space in the drawing's text that no viewer collapses
#: What a card stands for: a touchpoint, or (blueprint lanes) what stands before or behind it.
CardKind = Literal["touchpoint", "evidence", "action", "backstage", "systems"]
MAX_NAME_LINES = 3


@dataclass
class Card:
    """A touchpoint's card: its name, what it is, its metric badges and notes; or, in a
    blueprint's other lanes, what stands behind or before it (``kind``)."""

    touchpoint: Touchpoint
    name: str
    meta: str  # channel, emotion, pain points (and the owner where lanes do not show it)
    badges: list[tuple[str, str]]  # name, value and mark
    notes: list[tuple[str, str]] = field(default_factory=list)  # text, colour
    kind: CardKind = "touchpoint"
    details: list[tuple[str, bool, str]] = field(default_factory=list)  # text, bold, colour
    lang: str | None = None  # whose syllables a word too long for the card breaks at
    compact: bool = False  # without its line of what it is (a crowded overview)
    # Placed by the layout:
    x: float = 0.0
    y: float = 0.0
    width: float = 0.0
    spare: int = 0  # the lines its row leaves empty under the card (cut text takes them)
    # By width, and by (width, spare lines) where the card grows (the layout asks often).
    _lines: dict[float | tuple[float, int], list[CardLine]] = field(default_factory=dict)
    _heights: dict[float | tuple[float, int], float] = field(default_factory=dict)

    def note(self, text: str, color: str) -> None:
        """Add a line at the end of the card (what is known of it changes, so forget it)."""
        self.notes.append((text, color))
        self._forget()

    def show_meta(self, shown: bool) -> None:
        """Show the line of what the card is, or leave it out (a compact card)."""
        if self.compact == shown:
            self.compact = not shown
            self._forget()

    def _forget(self) -> None:
        """What the card says changed: its lines and height are measured again."""
        self._lines.clear()
        self._heights.clear()

    def lines(self, width: float, spare: int = 0) -> list[CardLine]:
        """The card's text lines for a card ``width`` points wide.  Text cut short takes
        up to ``spare`` lines more, in the card's order (its row leaves them empty)."""
        key = (width, spare) if spare else width
        cached = self._lines.get(key)
        if cached is not None:
            return cached
        if spare and not any(ELLIPSIS in line for line, _bold, _colour in self.lines(width)):
            lines = self._lines[key] = self.lines(width)  # nothing to show more of
            return lines
        room, left, parts = width - 2 * CARD_PAD, spare, self._parts()
        blocks = [self._part(part, room, None) for part in parts]
        for index, block in enumerate(blocks):
            if left <= 0:
                break
            if any(ELLIPSIS in line for line, _bold, _colour in block):
                grown = self._part(parts[index], room, len(block) + left)
                if len(block) < len(grown) <= len(block) + left:
                    left -= len(grown) - len(block)
                    blocks[index] = grown
        lines = self._lines[key] = [line for block in blocks for line in block]
        return lines

    def _parts(self) -> list[_Part]:
        """What the card says, in order: name, what it is, details, badges and notes."""
        parts: list[_Part] = [("wrap", self.name, True, INK)]
        if self.meta and not self.compact:
            parts.append(("fold", self.meta, False, MUTED))
        parts += [("wrap", detail, bold, colour) for detail, bold, colour in self.details]
        parts.append(("badges", "", False, INK))
        for note, colour in self.notes:
            last = parts[-1]
            if last[0] == "notes" and last[3] == colour and last[1][:1] == note[:1]:
                parts[-1] = ("notes", f"{last[1]}\n{note}", False, colour)
            else:
                parts.append(("notes" if note[:1] in FLOW_MARKS else "fold", note, False, colour))
        return parts

    def _part(self, part: _Part, room: float, most: int | None) -> tuple[CardLine, ...]:
        badges = tuple(self.badges) if part[0] == "badges" else ()
        return _part_lines(part, badges, room, most, self.lang)

    def height(self, width: float, spare: int = 0) -> float:
        key = (width, spare) if spare else width
        height = self._heights.get(key)
        if height is None:
            lines = len(self.lines(width, spare))
            height = self._heights[key] = 2 * CARD_PAD + lines * line_height(BODY)
        return height

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height(self.width, self.spare)


@functools.lru_cache(maxsize=1 << 15)
def _part_lines(
    part: _Part,
    badges: tuple[tuple[str, str], ...],
    room: float,
    most: int | None,
    lang: str | None,
) -> tuple[CardLine, ...]:
    """A card's part in lines ``room`` wide; cut short as the card's lines are (``most``
    None), or whole in up to ``most`` lines.  Kept across maps: ``serve`` draws the same
    cards again after each edit, and wrapping them was a quarter of the layout."""
    kind, text, bold, colour = part
    whole = most is not None
    if kind == "wrap":  # a name, a thought or a step's team
        lines = wrap(text, room, BODY, most=most or MAX_NAME_LINES, bold=bold, lang=lang)
    elif kind == "fold":
        lines = fold(text, room, BODY, whole=whole, lang=lang)
    elif kind == "notes":
        lines = share(text.split("\n"), room, whole=whole, lang=lang)
    else:
        lines = pack(badges, room, whole=whole, lang=lang)
    return tuple((line, bold, colour) for line in lines)


def share(
    notes: Sequence[str], width: float, *, whole: bool = False, lang: str | None = None
) -> list[str]:
    """Notes of one kind, each on the line of the one before where both fit whole (each
    keeps its mark); a note that takes lines of its own stands alone."""
    lines: list[str] = []
    joinable = False  # the last line holds whole notes only
    for note in notes:
        folded = fold(note, width, BODY, whole=whole, lang=lang)
        joined = f"{lines[-1]}{NOTE_GAP}{folded[0]}" if lines else ""
        if joinable and len(folded) == 1 and text_width(joined, BODY) <= width:
            lines[-1] = joined
        else:
            lines += folded
            joinable = len(folded) == 1
    return lines


def pack(
    badges: Sequence[tuple[str, str]], width: float, *, whole: bool = False, lang: str | None = None
) -> list[str]:
    """Badges (name, value and mark) joined by a space into as few lines as fit ``width``;
    a badge wider than a line keeps its value and mark whole and shortens its name
    (``whole``: wraps its name, at a syllable of ``lang`` inside a word, the value after it)."""
    lines: list[str] = []
    for name, value in badges:
        item = f"{name} {value}"
        if lines and text_width(f"{lines[-1]} {item}", BODY) <= width:
            lines[-1] = f"{lines[-1]} {item}"
        elif text_width(item, BODY) <= width:
            lines.append(item)
        elif whole:
            named = wrap(name, width, BODY, lang=lang)
            if text_width(f"{named[-1]} {value}", BODY) <= width:
                named[-1] = f"{named[-1]} {value}"
            else:
                named.append(value)
            lines += named
        else:
            room = width - text_width(f" {value}", BODY)
            whole_name = room > 2 * BODY  # else the value alone nearly fills the line
            lines.append(
                f"{shorten(name, room, BODY)} {value}" if whole_name else shorten(item, width, BODY)
            )
    return lines


@dataclass(frozen=True)
class Lane:
    key: str
    label: str
    detail: str = ""  # a second, plain line under the label
    line: str = ""  # a blueprint's line drawn above the lane (of interaction, of visibility)


@dataclass
class Column:
    """One stage of the map and what its cells show."""

    number: int
    stage: Stage
    lang: str
    cards: dict[str, list[Card | None]]  # by lane key; a blueprint leaves slots empty
    pains: list[tuple[str, str]]  # (touchpoint, pain point)
    ideas: list[tuple[str, str]]  # (touchpoint, opportunity)

    @functools.cached_property
    def most(self) -> int:
        """The most cards of one lane in this stage."""
        return max((len(cards) for cards in self.cards.values()), default=0)

    def card_heights(self, card_width: float) -> dict[str, list[float]]:
        """The height of each card, per lane, at ``card_width`` (the layout asks often)."""
        cached = self.card_heights_cache.get(card_width)
        if cached is None:
            cached = self.card_heights_cache[card_width] = {
                lane: [card.height(card_width) if card else 0.0 for card in cards]
                for lane, cards in self.cards.items()
            }
        return cached

    card_heights_cache: dict[float, dict[str, list[float]]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )


@dataclass(frozen=True)
class DrawnFlow:
    """A flow between two cards of the map, or (with an event log) a step customers took."""

    source: Card
    target: Card
    handoff: bool  # into customer service, or between CS teams (JM205's hand-over)
    context: bool  # the hand-over carries the customer's context
    label: str
    weight: float | None = None  # with an event log: its cases / those of the busiest step
    designed: bool = True  # False: customers take it, no flow designs it
    detail: str = ""  # what the hover text adds (the cases)
    slow: bool = False  # among the slowest tenth of the steps customers take


@dataclass(frozen=True)
class Curve:
    """The emotion curve of one persona (or of all customers): the main path's touchpoints."""

    name: str
    color: str
    style: str
    path: list[Touchpoint]


@dataclass
class Content:
    """The journey reduced to what the map shows."""

    journey: Journey
    lang: str
    lanes: list[Lane]
    columns: list[Column]
    flows: list[DrawnFlow]
    curves: list[Curve]
    subtitle: str
    actual: Actual | None = None  # what customers did, when an event log was given
    aligned: bool = False  # a blueprint: one touchpoint per column, its layers beneath it
    stage_page: bool = False  # one stage's page (--split stage): its heading is the title
    #: The stages where customers reach no customer service, and what that lacks there
    #: (``StageCoverage.service_gap``: the assessed journey's coverage, as the report says it).
    service_gaps_by_stage: Mapping[str, ServiceGap] = field(default_factory=dict)
    # What each stage needs at the card widths and row limits the layout tries.
    sizes: dict[tuple[int, float, int], Any] = field(default_factory=dict)

    @functools.cached_property
    def shown(self) -> frozenset[str]:
        """What this map (or page) shows of what the legend explains: the owners of its
        touchpoints' cards, pain points, met or missed targets, and the kinds of flow
        drawn between its cards (or named on them, to another page)."""
        cards = [
            card
            for column in self.columns
            for cards in column.cards.values()
            for card in cards
            if card is not None and card.kind == "touchpoint"
        ]
        kinds = {card.touchpoint.owner.lower() for card in cards}
        if any(card.touchpoint.pain_points for card in cards):
            kinds.add("pain")
        if any(value.endswith(("✓", "✗")) for card in cards for _name, value in card.badges):
            kinds.add("targets")  # a metric with a target (without one, a badge has no mark)
        if any(color == UNDESIGNED for card in cards for _note, color in card.notes):
            kinds.add("undesigned")  # a step to or from another page, named on the card
        here = {id(card) for card in cards}
        for flow in self.flows:
            if id(flow.source) in here and id(flow.target) in here:
                kinds.add(_flow_kind(flow))
        return frozenset(kinds)

    @functools.cached_property
    def service_gaps(self) -> dict[int, tuple[str, str]]:
        """What an empty cell of the CS lane says (text, colour), by stage number: that
        customers need customer service there and reach none (JM201's gap); or, where
        the lane has no card at all, that there is none (a lane is never left blank)."""
        if not any(lane.key == "CS" for lane in self.lanes):
            return {}
        empty = [c for c in self.columns if not any(c.cards.get("CS", []))]
        blank = len(empty) == len(self.columns)
        gaps = {}
        for column in empty:
            level = self.service_gaps_by_stage.get(column.stage.id)  # None: a hotline serves it
            if level == "gap" or (level == "none" and blank):
                colour = PAIN if level == "gap" else MUTED
                gaps[column.number] = (text(self.lang, NO_SERVICE_TEXTS[level]), colour)
        return gaps

    def forget_sizes(self) -> None:
        """Cards grew (notes were added): what was measured of them no longer holds."""
        self.sizes.clear()
        for column in self.columns:
            column.card_heights_cache.clear()

    def compact(self, compact: bool) -> None:
        """Show the cards without (or again with) their line of what each is: channel,
        team, the emotion of a touchpoint off the curves."""
        for column in self.columns:
            for cards in column.cards.values():
                for card in cards:
                    if card is not None:
                        card.show_meta(not compact)
        self.forget_sizes()


def _flow_kind(flow: DrawnFlow) -> str:
    if not flow.designed:
        return "undesigned"
    if flow.handoff:
        return "handoff" if flow.context else "handoff_lost"
    return "slow" if flow.slow else "flow"


def prepare(
    subject: Journey | Assessed, *, lanes: Lanes = "owner", persona: str | None = None
) -> Content:
    """What the map of a journey shows, in ``lanes``; only ``persona``'s part when given;
    with its event log's paths over the design when it was assessed with them."""
    assessed = assessed_of(subject)
    journey = assessed.journey
    lang = journey.locale
    readings = assessed.readings
    first = journey.touchpoint_map()  # a repeated id (JM101): the first is drawn
    by_stage = journey.touchpoints_by_stage()
    stage_index = journey.stage_index()
    stages = [s for i, s in enumerate(journey.stages) if stage_index[s.id] == i]
    shown = [
        tp
        for stage in stages
        for tp in by_stage[stage.id]
        if first.get(tp.id) is tp and serves(tp, persona)
    ]
    declared = journey.channel_names()
    teams = journey.team_names()
    curves = persona_curves(assessed, persona)
    plotted = {id(tp) for curve in curves for tp in curve.path}  # their emotion is a point
    cards = {
        tp.id: _card(tp, readings, lanes, lang, declared, teams, plotted=id(tp) in plotted)
        for tp in shown
    }
    if lanes == "blueprint":
        lane_list, cells = _blueprint(journey, shown, cards, lang, assessed.observed)
    else:
        lane_list, lane_of = _lanes(journey, shown, lanes, lang)
        cells = {tp.id: {lane_of(tp): cards[tp.id]} for tp in shown}
    observed = assessed.actual
    if observed is not None:
        for card in cards.values():
            _traffic_note(card, observed, lang)
    columns = []
    for number, stage in enumerate(stages, 1):
        members = [
            cards[tp.id] for tp in by_stage[stage.id] if tp.id in cards and first[tp.id] is tp
        ]
        columns.append(
            Column(
                number,
                stage,
                lang,
                {
                    lane.key: _lane_cards(members, cells, lane.key, aligned=lanes == "blueprint")
                    for lane in lane_list
                },
                [
                    (c.touchpoint.label, point)
                    for c in members
                    for point in c.touchpoint.pain_points
                ],
                [
                    (c.touchpoint.label, idea.text)
                    for c in members
                    for idea in c.touchpoint.opportunities
                ],
            )
        )
    return Content(
        journey,
        lang,
        lane_list,
        columns,
        _flows(journey, cards, observed),
        curves,
        _subtitle(journey, persona),
        observed,
        aligned=lanes == "blueprint",
        service_gaps_by_stage=assessed.service_gaps,
    )


def _flows(journey: Journey, cards: dict[str, Card], observed: Actual | None) -> list[DrawnFlow]:
    lang = journey.locale
    most = observed.most_cases if observed else 0
    slowest = {(step.source, step.target) for step in observed.slowest} if observed else set()
    flows = []
    for edge in journey.flows():
        source, target = cards.get(edge.source), cards.get(edge.flow.to)
        if (
            source is None
            or target is None
            or source.touchpoint is not journey.touchpoints[edge.source_index]
        ):
            continue
        handoff = hands_over(source.touchpoint, target.touchpoint)
        label = edge.flow.label or ""
        if edge.flow.share is not None:
            label = f"{label} {percent(edge.flow.share * 100, lang)}".strip()
        weight, detail = None, ""
        if observed is not None:
            step = observed.step(edge.source, edge.flow.to)
            cases = step.cases if step else 0
            weight, detail = cases / most if most else 0.0, _timed(step, lang)
        slow = observed is not None and (edge.source, edge.flow.to) in slowest
        flows.append(
            DrawnFlow(source, target, handoff, edge.flow.context, label, weight, True, detail, slow)
        )
        if label:  # why customers arrive is said on the card they arrive at
            target.note(f"← {label}", HANDOFF if handoff else MUTED)
    for step in observed.undesigned if observed else []:
        source, target = cards.get(step.source), cards.get(step.target)
        if source is None or target is None:
            continue
        share = percent(step.share * 100, lang)
        handoff = hands_over(source.touchpoint, target.touchpoint)
        detail = f"{_timed(step, lang)}, {share}"
        flows.append(DrawnFlow(source, target, handoff, True, "", step.cases / most, False, detail))
        # The share belongs to the source: of the customers here, this many go there.
        source.note(f"⇢ {share} {target.touchpoint.label}", UNDESIGNED)
    return flows


def _cases(count: int, lang: str) -> str:
    return plural(lang, "%(count)s case", "%(count)s cases", count)


def _timed(step: Step | None, lang: str) -> str:
    """A step's cases and how long they take (its hover text): ``120 cases, median 2 days,
    p90 9 days``."""
    if step is None:
        return _cases(0, lang)
    if step.median_s is None or step.p90_s is None:
        return _cases(step.cases, lang)
    return text(
        lang,
        "%(cases)s, median %(median)s, p90 %(p90)s",
        cases=_cases(step.cases, lang),
        median=duration(step.median_s, lang),
        p90=duration(step.p90_s, lang),
    )


def _traffic_note(card: Card, observed: Actual, lang: str) -> None:
    """The cases reaching the card, and the shares that end there (↘) or come back (↻)."""
    traffic = observed.traffic[card.touchpoint.id]
    parts = [_cases(traffic.cases, lang)]
    if traffic.dropoff:
        parts.append(f"↘ {percent(traffic.dropoff_share * 100, lang)}")
    if traffic.repeat_cases:
        parts.append(f"↻ {percent(traffic.repeat_share * 100, lang)}")
    alarm = traffic.dropoff_alarm or traffic.repeat_alarm
    card.note(" · ".join(parts), PAIN if alarm else MUTED)


def _subtitle(journey: Journey, persona: str | None) -> str:
    parts = [text(journey.locale, STATE_NAMES[journey.state])]
    if persona is not None:
        name = next((p.name for p in journey.personas if p.id == persona), persona)
        parts.append(text(journey.locale, "Persona: %(name)s", name=name))
    return " · ".join(parts)


def _lanes(
    journey: Journey, shown: list[Touchpoint], lanes: Lanes, lang: str
) -> tuple[list[Lane], Callable[[Touchpoint], str]]:
    """The lanes in their fixed order, and which lane a touchpoint's card goes into."""
    if lanes == "owner":
        detail = {owner: text(lang, OWNER_NAMES[owner]).partition(" – ")[2] for owner in OWNERS}
        return [Lane(owner, owner, detail[owner]) for owner in OWNERS], lambda tp: tp.owner
    if lanes == "channel":
        channels = {tp.channel or "" for tp in shown}
        order: list[str] = [c for c in KNOWN_CHANNELS if c in channels]
        order += sorted(c for c in channels if c and c not in KNOWN_CHANNELS)
        if "" in channels:
            order.append("")
        declared = journey.channel_names()
        names = [channel_name(c, lang, declared) if c else text(lang, "No channel") for c in order]
        return [Lane(c, n) for c, n in zip(order, names, strict=True)], lambda tp: tp.channel or ""
    if lanes == "persona":
        personas: dict[str, str] = {p.id: p.name for p in journey.personas}

        def own_persona(tp: Touchpoint) -> str:
            # A touchpoint for several personas (or for everyone) belongs to no one
            # persona's lane: it goes into the shared lane, once.
            return tp.personas[0] if len(tp.personas) == 1 and tp.personas[0] in personas else ""

        used = {own_persona(tp) for tp in shown}
        result = [Lane(p, name) for p, name in personas.items() if p in used]
        if "" in used:
            result.append(Lane("", text(lang, "Shared")))
        return result, own_persona
    return [Lane("", text(lang, "Touchpoints"))], lambda tp: ""


def _lane_cards(
    members: list[Card], cells: dict[str, dict[str, Card]], lane: str, *, aligned: bool
) -> list[Card | None]:
    """A stage's cards in ``lane``, in file order; ``aligned`` keeps an empty slot where a
    touchpoint has none, so that a blueprint's layers stand under their touchpoint."""
    found = [cells[card.touchpoint.id].get(lane) for card in members]
    return found if aligned else [card for card in found if card is not None]


def _blueprint(
    journey: Journey,
    shown: list[Touchpoint],
    cards: dict[str, Card],
    lang: str,
    observed: Paths | None,
) -> tuple[list[Lane], dict[str, dict[str, Card]]]:
    """The lanes of a service blueprint that hold anything, with the lines between their
    groups, and each touchpoint's card in each of them."""
    of = blueprint_layers(journey, lang, observed)
    cells = {tp.id: {tp.owner: cards[tp.id], **_layer_cards(tp, of[tp.id], lang)} for tp in shown}
    used = {lane for layers in cells.values() for lane in layers}
    return blueprint_lane_list(used, lang), cells


def blueprint_lane_list(used: set[str], lang: str) -> list[Lane]:
    """The map's lanes of a blueprint whose layers ``used`` names (see :mod:`.layers`)."""
    return [Lane(b.key, b.label, b.detail, b.line) for b in blueprint_lanes(used, lang)]


def _layer_cards(tp: Touchpoint, layers: Layers, lang: str) -> dict[str, Card]:
    """A touchpoint's cards in the blueprint's other lanes."""
    cards: dict[str, Card] = {}
    if layers.evidence:
        cards["evidence"] = Card(tp, layers.evidence, "", [], kind="evidence", lang=lang)
    if layers.action:
        thought = [(layers.thought, False, MUTED)] if layers.thought else []
        cards["action"] = Card(tp, layers.action, "", [], kind="action", details=thought, lang=lang)
    if layers.steps:
        first, *rest = layers.steps
        details = _waited(first)
        for step in rest:
            details.append((step.name, True, INK))
            if step.meta:
                details.append((step.meta, False, MUTED))
            details += _waited(step)
        cards["backstage"] = Card(
            tp, first.name, first.meta, [], kind="backstage", details=details, lang=lang
        )
    if layers.systems:
        system, *others = layers.systems
        listed = [(name, True, INK) for name in others]
        cards["systems"] = Card(tp, system, "", [], kind="systems", details=listed, lang=lang)
    return cards


def _waited(step: ShownStep) -> list[tuple[str, bool, str]]:
    """The wait an event log shows on a step: red when longer than its max_wait."""
    return [(step.waited, False, PAIN if step.late else MUTED)] if step.waited else []


def _card(
    tp: Touchpoint,
    readings: Readings,
    lanes: Lanes,
    lang: str,
    declared: dict[str, str | None],
    teams: dict[str, str],
    *,
    plotted: bool,
) -> Card:
    """A touchpoint's card. It repeats nothing the map shows elsewhere: the emotion of a
    touchpoint on a curve is its point there, and its pain points have their frame and
    lane."""
    meta: list[str] = [tp.owner] if lanes not in ("owner", "blueprint") else []
    # Who answers (hand-overs between teams are drawn); in a blueprint, who does each step.
    if tp.team and (tp.owner == "CS" or lanes == "blueprint"):
        meta.append(teams.get(tp.team, tp.team))
    if tp.channel:
        meta.append(channel_name(tp.channel, lang, declared))
    if tp.emotion is not None and not plotted:
        meta.append(emotion_mark(tp.emotion))
    badges = [badge(r, lang) for r in readings.of(tp) if r.value is not None]
    card = Card(tp, tp.label, " · ".join(meta), badges, lang=lang)
    if tp.available is not None:  # no flow leads here: say where customers reach it from
        card.note(text(lang, AVAILABLE_NAMES[tp.available]), MUTED)
    return card


def persona_curves(assessed: Assessed, persona: str | None = None) -> list[Curve]:
    """One curve per persona (or the one persona asked for, or one for all customers),
    along the main path (with an event log, the steps most cases took): the map's, and
    the board's in present mode."""
    journey = assessed.journey
    names = {p.id: p.name for p in journey.personas}
    ids: list[str | None] = [persona] if persona is not None else list(names) or [None]
    curves = []
    for number, persona_id in enumerate(ids):
        path = [tp for tp in assessed.main_path(persona_id) if tp.emotion is not None]
        if path:
            color, style = CURVES[number % len(CURVES)]
            name = names[persona_id] if persona_id else text(journey.locale, "All customers")
            curves.append(Curve(name, color, style, path))
    return curves
