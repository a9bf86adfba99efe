"""Flows routed through the gutters of the card grid, so that no arrow crosses a card.

Cards stand in a strict grid: every vertical gutter between card columns, and
every horizontal gap between card rows, is free of cards from one end of the
band to the other.  A flow leaves its card on the right, runs down or up the
gutter beside it, along the row gap nearest to both ends, up or down the gutter
before its target, and enters the target from the left.  Flows that share a
gutter get tracks of their own a few points apart, and the flows of one card
leave and arrive spread along its side.  Time is linear in the number of flows,
where Graphviz's obstacle-avoiding router took minutes for 2,000 touchpoints.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from .drawing import FLOW, HANDOFF, SLOW, UNDESIGNED, Arrow
from .mapcontent import Card, DrawnFlow

TRACK = 3.0  # distance between flows that share a gutter
MAX_TOOLTIPS = 300

Point = tuple[float, float]
Gutter = tuple[str, float]  # "v" with its x, or "h" with its y


def route(
    flows: Sequence[DrawnFlow],
    card_columns: Sequence[float],
    channels: Sequence[float],
    column_gap: float,
    row_gap: float,
) -> list[Arrow]:
    """Arrows for ``flows`` between cards of one band.

    ``card_columns`` are the left x of every column of cards, ``channels`` the y of
    every gap between rows of cards; gutters are ``column_gap`` and ``row_gap`` wide.
    Flows of large maps carry no hover text (it would double the size of the drawing).
    """
    out_ports, in_ports = _ports(flows, source=True), _ports(flows, source=False)
    columns, rows = sorted(card_columns), sorted(channels)
    plans = [
        _plan(
            (flow.source.right, out_ports[n]),
            (flow.target.x, in_ports[n]),
            flow,
            columns,
            rows,
            column_gap,
        )
        for n, flow in enumerate(flows)
    ]
    sharing: dict[Gutter, list[int]] = {}
    for number, (_points, gutters) in enumerate(plans):
        for gutter in gutters:
            sharing.setdefault(gutter, []).append(number)
    offsets = {
        (gutter, number): _track(index, len(members), column_gap if gutter[0] == "v" else row_gap)
        for gutter, members in sharing.items()
        for index, number in enumerate(members)
    }
    arrows = []
    for number, flow in enumerate(flows):
        points, gutters = plans[number]
        shifted = _shifted(points, gutters, [offsets[(g, number)] for g in gutters])
        tooltip = ""
        if len(flows) <= MAX_TOOLTIPS:
            tooltip = f"{flow.source.touchpoint.label} → {flow.target.touchpoint.label}"
            details = [d for d in (flow.label, flow.detail) if d]
            tooltip += f" ({'; '.join(details)})" if details else ""
        rounded = tuple((round(x, 2), round(y, 2)) for x, y in shifted)
        arrows.append(Arrow(rounded, *_look(flow), tooltip))
    return arrows


#: With an event log, a flow's width tells its cases: from a hairline (none) to this.
WIDEST = 6.0


def _look(flow: DrawnFlow) -> tuple[str, float, bool]:
    """Colour, pen width and whether dashed: hand-overs purple (dashed when the context is
    lost), steps no flow designs red and dashed, the slowest tenth of the steps taken
    amber; widths by cases when they are known."""
    color, pen = (HANDOFF, 2.0) if flow.handoff else (FLOW, 1.2)
    if flow.slow and not flow.handoff:
        color = SLOW
    if not flow.designed:
        color = UNDESIGNED
    if flow.weight is not None:
        pen = 0.6 + (WIDEST - 0.6) * flow.weight
    return color, round(pen, 1), not flow.designed or (flow.handoff and not flow.context)


def _ports(flows: Sequence[DrawnFlow], *, source: bool) -> list[float]:
    """The y where each flow leaves (or enters) its card, spread evenly along the side."""
    by_card: dict[int, list[int]] = {}
    cards: dict[int, Card] = {}
    for number, flow in enumerate(flows):
        card = flow.source if source else flow.target
        cards[id(card)] = card
        by_card.setdefault(id(card), []).append(number)
    ports = [0.0] * len(flows)
    for key, numbers in by_card.items():
        card = cards[key]
        height = card.bottom - card.y
        for index, number in enumerate(numbers):
            ports[number] = card.y + height * (index + 1) / (len(numbers) + 1)
    return ports


def _plan(
    start: Point,
    end: Point,
    flow: DrawnFlow,
    card_columns: Sequence[float],
    channels: Sequence[float],
    column_gap: float,
) -> tuple[list[Point], list[Gutter]]:
    """The corners of a flow's route, and the gutters its middle segments run in."""
    (x1, y1), (x2, y2) = start, end
    out_gutter, in_gutter = x1 + column_gap / 2, x2 - column_gap / 2
    if flow.source is flow.target:  # a loop: out of the card and back in on the same side
        return [(x1, y1 - 4), (out_gutter, y1 - 4), (out_gutter, y1 + 8), (x1, y1 + 8)], [
            ("v", out_gutter)
        ]
    between = bisect.bisect_left(card_columns, x2) - bisect.bisect_right(card_columns, x1)
    if x2 > x1 and between <= 0:
        middle = (x1 + x2) / 2  # nothing stands between the two cards
        return [start, (middle, y1), (middle, y2), end], [("v", middle)]
    channel = _nearest_channel(channels, y1, y2)
    return (
        [
            start,
            (out_gutter, y1),
            (out_gutter, channel),
            (in_gutter, channel),
            (in_gutter, y2),
            end,
        ],
        [("v", out_gutter), ("h", channel), ("v", in_gutter)],
    )


def _nearest_channel(channels: Sequence[float], y1: float, y2: float) -> float:
    """The row gap that makes the shortest way up and down (the upper one of two as short):
    any gap between the two ends, else the one next to the ends on their side."""
    low, high = min(y1, y2), max(y1, y2)
    inside = bisect.bisect_left(channels, low)
    if inside < len(channels) and channels[inside] <= high:
        return channels[inside]
    candidates = channels[max(inside - 1, 0) : inside + 1]
    return min(candidates, key=lambda c: (abs(c - y1) + abs(c - y2), c))


def _track(index: int, count: int, gap: float) -> float:
    """Offset of the ``index``-th of ``count`` flows that share a gutter ``gap`` wide."""
    if count == 1:
        return 0.0
    spacing = min(TRACK, (gap - 6) / (count - 1))
    return (index - (count - 1) / 2) * spacing


def _shifted(points: list[Point], gutters: list[Gutter], offsets: list[float]) -> list[Point]:
    """The route with each gutter segment moved sideways by its track offset.

    The gutter segments follow the stub out of the card one after the other.
    """
    result = [list(point) for point in points]
    for segment, ((kind, _position), offset) in enumerate(zip(gutters, offsets, strict=True), 1):
        axis = 0 if kind == "v" else 1
        result[segment][axis] += offset
        result[segment + 1][axis] += offset
    return [(x, y) for x, y in result]
