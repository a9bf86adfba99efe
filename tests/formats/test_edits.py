"""The board's operations on a journey's plain data, and when two edits touch the same thing."""

from __future__ import annotations

from typing import Any

import pytest

from journeymap.formats.edits import EditError, apply, changed_paths, in_conflict

DATA: dict[str, Any] = {
    "journeymap": 1,
    "id": "shop",
    "title": "Shop",
    "stages": [{"id": "buy", "name": "Buy"}, {"id": "keep", "name": "Keep"}],
    "touchpoints": [
        {
            "id": "ad",
            "stage": "buy",
            "owner": "CX",
            "pain_points": ["Loud"],
            "metrics": {"csat": 70},
        },
        {"id": "cart", "stage": "buy", "owner": "CX"},
        {"id": "hotline", "stage": "keep", "owner": "CS", "opportunities": [{"text": "Call back"}]},
    ],
}


def test_set_names_elements_by_id_and_items_by_index() -> None:
    after = apply(DATA, [
        {"op": "set", "path": "touchpoints/cart/name", "value": "Warenkorb"},
        {"op": "set", "path": "touchpoints/ad/pain_points/0", "value": "Too loud"},
        {"op": "set", "path": "touchpoints/hotline/opportunities/0/text", "value": "Call back in 1h"},
        {"op": "set", "path": "stages/keep/customer_goal", "value": "Stay"},
    ])  # fmt: skip
    tps = {tp["id"]: tp for tp in after["touchpoints"]}
    assert tps["cart"]["name"] == "Warenkorb" and tps["ad"]["pain_points"] == ["Too loud"]
    assert tps["hotline"]["opportunities"] == [{"text": "Call back in 1h"}]
    assert after["stages"][1]["customer_goal"] == "Stay"
    assert DATA["touchpoints"][1] == {"id": "cart", "stage": "buy", "owner": "CX"}  # a copy


def test_a_metric_written_short_gets_its_target_beside_it() -> None:
    after = apply(DATA, [{"op": "set", "path": "touchpoints/ad/metrics/csat/target", "value": 80}])
    assert after["touchpoints"][0]["metrics"] == {"csat": {"value": 70, "target": 80}}


def test_an_emptied_field_is_left_out() -> None:
    after = apply(DATA, [{"op": "set", "path": "stages/buy/name", "value": None}])
    assert after["stages"][0] == {"id": "buy"}


def test_add_and_remove() -> None:
    after = apply(DATA, [
        {"op": "add", "path": "touchpoints/cart/pain_points", "value": "Slow"},
        {"op": "add", "path": "touchpoints", "value": {"id": "app", "stage": "keep", "owner": "CX"}},
        {"op": "remove", "path": "touchpoints/ad/pain_points/0"},
        {"op": "remove", "path": "touchpoints/hotline"},
    ])  # fmt: skip
    assert [tp["id"] for tp in after["touchpoints"]] == ["ad", "cart", "app"]
    assert after["touchpoints"][1]["pain_points"] == ["Slow"]
    assert after["touchpoints"][0]["pain_points"] == []


def test_move_to_another_stage_and_lane_keeps_the_file_order_sensible() -> None:
    moved = apply(DATA, [{"op": "move", "path": "touchpoints/ad", "stage": "keep", "owner": "CS"}])
    assert [tp["id"] for tp in moved["touchpoints"]] == ["cart", "hotline", "ad"]
    assert (moved["touchpoints"][2]["stage"], moved["touchpoints"][2]["owner"]) == ("keep", "CS")
    before = apply(
        DATA, [{"op": "move", "path": "touchpoints/hotline", "stage": "buy", "before": "cart"}]
    )
    assert [tp["id"] for tp in before["touchpoints"]] == ["ad", "hotline", "cart"]


@pytest.mark.parametrize(
    ("op", "message"),
    [
        (
            {"op": "set", "path": "touchpoints/nope/name", "value": "x"},
            "touchpoints/nope names nothing",
        ),
        ({"op": "remove", "path": "touchpoints/ad/pain_points/7"}, "names nothing"),
        ({"op": "add", "path": "touchpoints/ad/stage", "value": "x"}, "is no list to add to"),
        ({"op": "move", "path": "stages/buy", "stage": "keep"}, "only a touchpoint moves"),
        ({"op": "rename", "path": "stages/buy"}, "unknown operation 'rename'"),
        ({"op": "set", "value": 1}, "an operation needs a path"),
    ],
)
def test_an_operation_that_names_nothing_is_refused(op: dict[str, Any], message: str) -> None:
    with pytest.raises(EditError, match=message):
        apply(DATA, [op])


def test_changed_paths_name_elements_by_id_and_containers_too() -> None:
    after = apply(DATA, [
        {"op": "set", "path": "touchpoints/cart/name", "value": "Cart"},
        {"op": "remove", "path": "touchpoints/hotline"},
    ])  # fmt: skip
    changed = changed_paths(DATA, after)
    assert "touchpoints/cart/name" in changed and "touchpoints/hotline" in changed
    assert not any(path.startswith("touchpoints/ad") for path in changed)
    assert changed_paths(DATA, DATA) == set()


def test_two_edits_conflict_only_on_the_same_thing() -> None:
    changed = {"touchpoints/cart/name"}
    assert in_conflict([{"op": "set", "path": "touchpoints/cart/name"}], changed)
    assert in_conflict([{"op": "remove", "path": "touchpoints/cart"}], changed)
    assert not in_conflict([{"op": "set", "path": "touchpoints/cart/emotion"}], changed)
    assert not in_conflict([{"op": "set", "path": "touchpoints/ad/name"}], changed)
    # Adding a pain point each is no conflict; adding to a removed touchpoint is.
    assert not in_conflict(
        [{"op": "add", "path": "touchpoints/cart/pain_points"}], {"touchpoints/cart/pain_points/1"}
    )
    assert in_conflict(
        [{"op": "add", "path": "touchpoints/cart/pain_points"}], {"touchpoints/cart"}
    )
    # Moving into a stage someone removed meanwhile.
    assert in_conflict([{"op": "move", "path": "touchpoints/ad", "stage": "keep"}], {"stages/keep"})


def test_a_plain_idea_becomes_an_action_when_a_field_of_it_is_set() -> None:
    data = {
        **DATA,
        "touchpoints": [{"id": "ad", "stage": "buy", "owner": "CX", "opportunities": ["Mute"]}],
    }
    after = apply(data, [
        {"op": "set", "path": "touchpoints/ad/opportunities/0/owner", "value": "Web"},
        {"op": "set", "path": "touchpoints/ad/opportunities/0/priority", "value": "high"},
    ])  # fmt: skip
    assert after["touchpoints"][0]["opportunities"] == [
        {"text": "Mute", "owner": "Web", "priority": "high"}
    ]
