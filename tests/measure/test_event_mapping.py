"""Which touchpoint or backstage step an activity means (SPEC §9, §11), for both ways a
log is walked (tests/measure/test_events.py checks the mapping in the paths)."""

from __future__ import annotations

import journeymap as jm
from journeymap.measure.event_mapping import (
    activity_map,
    backstage_steps,
    droppable,
    step_map,
    unmapped_events,
    unused_designed,
)

CLAIM = jm.loads(
    "journeymap: 1\nid: claim\ntitle: Claim\nstages: [{id: s}]\ntouchpoints:\n"
    "  - id: form\n    stage: s\n    owner: CX\n    entry: true\n    events: [submitted]\n"
    "    backstage:\n      - {id: triage, events: [triaged, submitted]}\n"
    "      - {id: check, events: [checked]}\n    next: [call]\n"
    "  - id: call\n    name: Phone call\n    stage: s\n    owner: CS\n    exit: true\n"
    "    backstage:\n      - {id: check, events: [checked]}\n"
)


def test_a_touchpoints_own_activity_wins_over_a_step_that_lists_it_too() -> None:
    assert step_map(CLAIM) == {"triaged": ("form", "triage"), "checked": ("form", "check")}
    assert activity_map(CLAIM) == {
        "submitted": "form", "form": "form", "call": "call", "Phone call": "call"
    }  # fmt: skip


def test_only_activities_that_mean_neither_a_touchpoint_nor_a_step_are_unmapped() -> None:
    counted = [("submitted", 4), ("triaged", 3), ("fax", 2), ("email", 0), (None, 5)]
    unmapped = unmapped_events(activity_map(CLAIM), step_map(CLAIM), counted)
    assert unmapped == {"fax": 2}  # none in the period: not listed


def test_a_path_ending_at_an_exit_or_in_the_last_stage_is_no_drop_off() -> None:
    journey = jm.loads(
        "journeymap: 1\nid: j\ntitle: J\nstages: [{id: a}, {id: b}]\ntouchpoints:\n"
        "  - {id: ad, stage: a, owner: CX, entry: true, next: [shop, done]}\n"
        "  - {id: done, stage: a, owner: CX, exit: true}\n"
        "  - {id: shop, stage: b, owner: CX}\n"
    )
    assert droppable(journey) == {"ad"}
    taken = [{"from": "ad", "to": "shop"}, {"from": "shop", "to": "ad"}]
    assert unused_designed(journey, taken) == ["ad->done"]  # an undesigned step is no use


def test_backstage_steps_come_in_file_order_keyed_by_touchpoint_and_step() -> None:
    assert backstage_steps(CLAIM) == [
        ("form triage", "form", "triage"),
        ("form check", "form", "check"),
        ("call check", "call", "check"),
    ]
