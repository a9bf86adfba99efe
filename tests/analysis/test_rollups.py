"""Pooling a metric over several touchpoints."""

from __future__ import annotations

from journeymap.analysis.rollups import rollup
from journeymap.model.journey import MetricValue


def test_rollups_weight_by_sample_size() -> None:
    weighted = rollup("csat", [MetricValue(value=80, n=100), MetricValue(value=50, n=300)])
    assert weighted is not None and (weighted.value, weighted.n, weighted.approximate) == (
        57.5,
        400,
        False,
    )
    unweighted = rollup("csat", [MetricValue(value=80, n=100), MetricValue(value=50)])
    assert unweighted is not None and (unweighted.value, unweighted.n, unweighted.approximate) == (
        65.0,
        None,
        True,
    )
    assert rollup("csat", [MetricValue(target=3)]) is None
