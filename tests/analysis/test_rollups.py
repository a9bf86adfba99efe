"""Pooling a metric over several touchpoints."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from journeymap.analysis.rollups import rollup
from journeymap.model.journey import MetricValue


def test_rollups_weight_by_sample_size() -> None:
    weighted = rollup("csat", [MetricValue(value=80, n=100), MetricValue(value=50, n=300)])
    assert weighted is not None and (weighted.value, weighted.n, weighted.approximate) == (
        57.5,
        400,
        False,
    )
    assert rollup("csat", [MetricValue(target=3)]) is None


def test_a_value_without_n_counts_as_one_response() -> None:
    """The issue's case: 90 % from 10,000 answers beside a typed-in 20 % is ≈ 90 %, not 55 %."""
    pooled = rollup("csat", [MetricValue(value=90, n=10_000), MetricValue(value=20)])
    assert pooled is not None
    assert round(pooled.value, 3) == round((90 * 10_000 + 20) / 10_001, 3)
    assert (pooled.n, pooled.approximate) == (10_000, True)
    unweighted = rollup("csat", [MetricValue(value=80), MetricValue(value=50)])
    assert unweighted is not None
    assert (unweighted.value, unweighted.n, unweighted.approximate) == (65.0, None, True)
    alone = rollup("csat", [MetricValue(value=80)])
    assert alone is not None and (alone.value, alone.approximate) == (80.0, False)


_SAMPLES = st.lists(
    st.builds(
        MetricValue,
        value=st.floats(0, 100),
        n=st.one_of(st.none(), st.integers(1, 100_000)),
    ),
    min_size=1,
    max_size=8,
)


@given(_SAMPLES, st.floats(0, 100))
def test_a_value_without_n_moves_a_rollup_by_its_share_at_most(
    samples: list[MetricValue], added: float
) -> None:
    """Adding one value with no n moves the rollup by at most 1/(N+1) of its distance, where
    N is the weight already pooled (each value without n weighing 1)."""
    before = rollup("csat", samples)
    after = rollup("csat", [*samples, MetricValue(value=added)])
    assert before is not None and after is not None
    weight = sum(s.n if s.n is not None else 1 for s in samples)
    assert abs(after.value - before.value) <= abs(added - before.value) / (weight + 1) + 1e-9
    assert after.approximate
