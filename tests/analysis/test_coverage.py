"""The coverage summary."""

from __future__ import annotations

import journeymap as jm
from journeymap.analysis.coverage import coverage
from tests.helpers import FIXTURES


def test_coverage_per_stage_and_total() -> None:
    journey = jm.load(FIXTURES / "rules" / "clean.yaml")
    rows = {row.stage: row for row in coverage(journey)}
    purchase = rows["purchase"]
    assert (purchase.cx_touchpoints, purchase.cs_touchpoints) == (1, 2)
    assert purchase.cs_channels == ("chat", "phone")
    assert purchase.metrics == ("csat", "frt", "resolution_rate")
    assert (purchase.with_targets, purchase.meeting_targets) == (1, 1)
    total = rows[None]
    assert (total.cx_touchpoints, total.cs_touchpoints) == (3, 4)
    assert total.cs_channels == ("chat", "email", "phone")
    assert total.target_share == 1.0
    assert rows["loyalty"].target_share is None


def test_missed_targets_lower_the_share() -> None:
    journey = jm.load(FIXTURES / "rules" / "JM302.yaml")
    awareness = next(row for row in coverage(journey) if row.stage == "awareness")
    assert (awareness.with_targets, awareness.meeting_targets, awareness.target_share) == (
        1,
        0,
        0.0,
    )


def test_a_stage_id_defined_twice_is_covered_once_as_its_first_definition() -> None:
    """JM101 reports the second; the coverage, like the report and JM201, reads the first."""
    journey = jm.loads(
        "journeymap: 1\nid: j\ntitle: J\nstages:\n"
        "  - {id: buy, name: Buying, phase: purchase}\n"
        "  - {id: buy, name: Paying, phase: purchase}\n"
        "touchpoints:\n  - {id: shop, stage: buy, owner: CX}\n"
    )
    assert [row.name for row in coverage(journey)] == ["Buying", "J"]


def test_a_library_team_is_named_as_people_know_it() -> None:
    journey = jm.loads(
        "journeymap: 1\nid: j\ntitle: J\nteams: [{id: kcc, name: Klantcontactcentrum}]\n"
        "stages: [{id: s}]\ntouchpoints:\n"
        "  - {id: hotline, stage: s, owner: CS, team: kcc}\n"
        "  - {id: desk, stage: s, owner: CS, team: Balie}\n"
    )
    assert coverage(journey)[0].cs_teams == ("Klantcontactcentrum", "Balie")
