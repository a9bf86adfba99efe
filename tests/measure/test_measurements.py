"""Measurements: pooled rollups, and the journey whose values are the measured ones."""

from __future__ import annotations

import pytest

import journeymap as jm
from journeymap.measure.formulas import ScoreCounts, TicketCounts
from journeymap.measure.measurements import Measurements, apply_measurements
from journeymap.measure.readers import read_data
from journeymap.model.readings import Readings
from tests.helpers import FIXTURES

DATA = FIXTURES / "data"
RESPONSES, TICKETS = str(DATA / "responses.csv"), str(DATA / "tickets.csv")


@pytest.fixture
def journey() -> jm.Journey:
    return jm.load(DATA / "journey.yaml")


def test_pooling_adds_counts_before_the_formula() -> None:
    measurements = Measurements()
    measurements.add_scores("a", "nps", ScoreCounts(n=10, promoters=5))  # NPS 50
    measurements.add_scores("b", "nps", ScoreCounts(n=2, detractors=2))  # NPS -100
    pooled = measurements.results(["a", "b"])["nps"]
    assert pooled.value == pytest.approx(25.0) and pooled.value != (50 - 100) / 2
    assert measurements.results(["nobody"]) == {}


def test_pooled_tickets_add_their_minutes_before_dividing() -> None:
    measurements = Measurements()
    measurements.add_tickets("a", TicketCounts(n=2, responded=2, response_minutes=10))
    measurements.add_tickets("b", TicketCounts(n=1, responded=1, response_minutes=50))
    assert measurements.results(["a", "b"])["frt"].value == pytest.approx(20.0)


def test_measured_values_replace_typed_ones_and_targets_still_apply(journey: jm.Journey) -> None:
    measured, _values = apply_measurements(journey, read_data(journey, [RESPONSES], [TICKETS]))
    checkout = measured.touchpoint_map()["checkout"].metrics
    assert (checkout["nps"].value, checkout["nps"].n, checkout["nps"].target) == (
        pytest.approx(20.0),
        10,
        30,
    )
    findings = {f.identity for f in jm.check(measured)}
    assert ("JM302", "checkout", "nps") in findings  # 20 is below the target 30
    assert ("JM304", "checkout", "nps") in findings  # 10 responses
    assert ("JM302", "checkout", "nps") not in {f.identity for f in jm.check(journey)}
    assert measured.touchpoint_map()["app"].metrics["ces"].scale == 5


def test_measured_readings_carry_their_source_and_interval(journey: jm.Journey) -> None:
    measured, values = apply_measurements(journey, read_data(journey, [RESPONSES], [TICKETS]))
    by_metric = {(r.touchpoint.id, r.metric): r for r in Readings(measured, values)}
    nps = by_metric[("checkout", "nps")]
    assert (nps.source, nps.n, nps.status) == ("measured", 10, "missed")
    assert nps.ci_low is not None and nps.ci_high is not None and nps.ci_low < 20 < nps.ci_high
    typed = {(r.touchpoint.id, r.metric): r for r in Readings(journey)}[("checkout", "nps")]
    assert (typed.source, typed.ci_low) == ("typed", None)
