"""The coverage summary."""

from __future__ import annotations

import journeymap as jm
from journeymap.analysis.coverage import coverage, service_gaps
from tests.helpers import FIXTURES, service_journey


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


def test_a_hotline_available_from_the_whole_journey_serves_every_stage() -> None:
    from tests.model.test_blueprint import PERMIT

    submit, assess, whole = coverage(jm.loads(PERMIT))
    # indienen holds the hotline itself; beoordelen reaches it from there.
    assert (submit.cs_touchpoints, submit.cs_available) == (1, 0)
    assert (assess.cs_touchpoints, assess.cs_available) == (0, 1)
    assert assess.cs_channels == ("phone",) and assess.cs_teams == ("Klantcontactcentrum",)
    assert (whole.cs_touchpoints, whole.cs_available) == (1, 0)  # counted once


def test_a_stage_says_whether_customers_need_service_there_and_reach_it() -> None:
    journey = jm.loads(
        "journeymap: 1\nid: j\ntitle: J\nstages: [{id: see, phase: awareness}, "
        "{id: buy, phase: purchase}, {id: keep, phase: loyalty}]\ntouchpoints:\n"
        "  - {id: ad, stage: see, owner: CX}\n  - {id: shop, stage: buy, owner: CX}\n"
        "  - {id: chat, stage: keep, owner: CS}\n"
    )
    see, buy, keep, whole = coverage(journey)
    verdicts = [(row.service_needed, row.service_reached) for row in (see, buy, keep, whole)]
    assert verdicts == [(False, False), (True, False), (True, True), (False, True)]
    hotline = journey.model_copy(
        update={"touchpoints": [*journey.touchpoints[:2], jm.Touchpoint(
            id="line", stage="keep", owner="CS", available="journey")]}
    )  # fmt: skip
    assert coverage(hotline)[1].service_reached  # reached from the purchase stage too


def test_the_summary_of_a_service_journey_shows_no_funnel_phase_and_the_hotlines_reach() -> None:
    from journeymap.renderers.text import coverage_table
    from tests.model.test_blueprint import PERMIT

    table = coverage_table(jm.loads(PERMIT)).splitlines()
    assert table[1].split()[:4] == ["stage", "CX", "CS", "CS"]  # no "phase" column
    assert "0 +1 ↔" in table[3]


def test_what_each_stage_without_customer_service_lacks() -> None:
    assert service_gaps(coverage(service_journey())) == {"aware": "none", "buy": "gap"}
    assert service_gaps(coverage(service_journey(hotline=True))) == {}  # reached everywhere
