"""The metric formulas of SPEC §3 on hand-computed counts."""

from __future__ import annotations

import pytest

import journeymap as jm
from journeymap.measure.formulas import (
    ScoreCounts,
    TicketCounts,
    csat,
    nps,
    ticket_results,
    wilson,
)


def test_wilson_interval_matches_the_textbook_values() -> None:
    assert wilson(8, 10) == pytest.approx((49.016, 94.331), abs=1e-3)
    assert wilson(0, 5) == pytest.approx((0.0, 43.449), abs=1e-3)


def test_csat_and_nps() -> None:
    result = csat(ScoreCounts(n=10, satisfied=8))
    assert (result.value, result.n) == (80.0, 10)
    promoters_and_detractors = nps(ScoreCounts(n=10, promoters=5, detractors=3))
    assert promoters_and_detractors.value == pytest.approx(20.0)
    # 1.96 × 100 × sqrt((0.5 + 0.3 − 0.2²) / 10) = 54.03
    assert promoters_and_detractors.ci_high == pytest.approx(74.0335, abs=1e-4)
    everyone_promotes = nps(ScoreCounts(n=4, promoters=4))
    assert (everyone_promotes.value, everyone_promotes.ci_low, everyone_promotes.ci_high) == (
        100.0,
        100.0,
        100.0,
    )


def test_ticket_metrics_use_the_tickets_that_have_them() -> None:
    results = ticket_results(
        TicketCounts(n=4, responded=2, response_minutes=30, resolved=1, resolution_minutes=90)
    )
    assert (results["frt"].value, results["frt"].n) == (15.0, 2)
    assert (results["art"].value, results["art"].n) == (90.0, 1)
    assert (results["resolution_rate"].value, results["resolution_rate"].n) == (25.0, 4)
    assert set(ticket_results(TicketCounts(n=3))) == {"resolution_rate"}


def test_retention_rate_from_customer_counts() -> None:
    metric = jm.MetricValue(counts={"start": 1000, "end": 1050, "new": 150}, target=90)
    assert metric.value == pytest.approx(90.0)  # 100 × (1050 − 150) / 1000
    with pytest.raises(ValueError, match="either a value or counts"):
        jm.MetricValue(value=3, counts={"start": 1, "end": 1, "new": 0})
