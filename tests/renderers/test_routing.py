"""Flows routed through the gutters between cards."""

from __future__ import annotations

import journeymap as jm
from journeymap.renderers.mapcontent import Card, DrawnFlow
from journeymap.renderers.routing import MAX_TOOLTIPS, TRACK, route


def card(tp_id: str, x: float, y: float, owner: str = "CX") -> Card:
    touchpoint = jm.Touchpoint(id=tp_id, name=tp_id.upper(), stage="s", owner=owner)  # type: ignore[arg-type]
    placed = Card(touchpoint, tp_id, "", [])
    placed.x, placed.y, placed.width = x, y, 100.0
    return placed


COLUMNS = [0.0, 122.0, 244.0]  # card columns 100 wide with 22-point gutters
CHANNELS = [-5.0, 45.0, 95.0]  # gaps above, between and below two rows of 40-point cards


def test_a_flow_to_the_next_column_turns_in_the_gutter_between() -> None:
    a, b = card("a", 0, 0), card("b", 122, 50)
    (arrow,) = route([DrawnFlow(a, b, False, False, "")], COLUMNS, CHANNELS, 22, 10)
    xs = {x for x, _y in arrow.points}
    assert arrow.points[0][0] == 100 and arrow.points[-1][0] == 122
    assert xs <= {100, 111, 122}  # only the gutter's middle in between
    assert arrow.tooltip == "A → B" and not arrow.dashed


def test_a_longer_flow_runs_along_a_row_gap_past_the_cards_between() -> None:
    a, b = card("a", 0, 0), card("c", 244, 0)
    (arrow,) = route([DrawnFlow(a, b, True, False, "")], COLUMNS, CHANNELS, 22, 10)
    ys = [y for _x, y in arrow.points]
    assert min(ys) == -5.0 or max(ys) == 45.0  # along a gap, not through the middle card
    assert arrow.dashed and arrow.color == "#7c3aed"  # a hand-over without context


def test_flows_sharing_a_gutter_get_tracks_of_their_own() -> None:
    a, b = card("a", 0, 0), card("b", 122, 0)
    c, d = card("c", 0, 50), card("d", 122, 50)
    arrows = route(
        [DrawnFlow(a, b, False, False, ""), DrawnFlow(c, d, False, False, "")],
        COLUMNS,
        CHANNELS,
        22,
        10,
    )
    middles = [arrow.points[1][0] for arrow in arrows]
    assert abs(middles[0] - middles[1]) == TRACK


def test_flows_leave_a_card_spread_along_its_side() -> None:
    a = card("a", 0, 0)
    targets = [card("b", 122, 0), card("d", 122, 50)]
    arrows = route([DrawnFlow(a, t, False, False, "") for t in targets], COLUMNS, CHANNELS, 22, 10)
    starts = sorted(arrow.points[0][1] for arrow in arrows)
    assert starts[0] < starts[1] and a.y < starts[0] and starts[1] < a.bottom


def test_large_maps_leave_out_hover_texts() -> None:
    a, b = card("a", 0, 0), card("b", 122, 0)
    arrows = route(
        [DrawnFlow(a, b, False, False, "")] * (MAX_TOOLTIPS + 1), COLUMNS, CHANNELS, 22, 10
    )
    assert {arrow.tooltip for arrow in arrows} == {""}


def test_with_an_event_log_widths_tell_cases_and_undesigned_steps_are_red_and_dashed() -> None:
    from journeymap.renderers.drawing import FLOW, UNDESIGNED
    from journeymap.renderers.routing import WIDEST

    a, b = card("a", 0, 0), card("b", 122, 50)
    busiest = DrawnFlow(a, b, False, False, "", 1.0, True, "130 cases")
    untaken = DrawnFlow(a, b, False, False, "", 0.0, True, "0 cases")
    detour = DrawnFlow(a, b, False, True, "", 0.5, False, "40 cases, 31 %")
    arrows = route([busiest, untaken, detour], COLUMNS, CHANNELS, 22, 10)
    assert [(a.color, a.pen, a.dashed) for a in arrows] == [
        (FLOW, WIDEST, False),
        (FLOW, 0.6, False),
        (UNDESIGNED, 3.3, True),
    ]
    assert arrows[2].tooltip == "A → B (40 cases, 31 %)"
