"""Which touchpoint or backstage step an activity means (SPEC §9, §11), for both ways a
log is walked (tests/measure/test_events.py checks the mapping in the paths)."""

from __future__ import annotations

import journeymap as jm
from journeymap.measure.event_mapping import activity_map, step_map, unmapped_events

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
    assert unmapped_events(CLAIM, counted) == {"fax": 2}  # none in the period: not listed
