"""Speed of the HTML report. Targets: 500 touchpoints in under 2 s (issue 6); linear in the
journey's size, 5,000 touchpoints within 12x the time of 500 and within 2.5x of drawing the
same journey's map (issue 28)."""

from __future__ import annotations

from typing import Any

import pytest

import journeymap as jm
from tests.benchmarks.generators import large_journey

_SECONDS: dict[str, float] = {}


@pytest.mark.parametrize("touchpoints", [500, 5000])
def test_report(touchpoints: int, benchmark: Any, medians: dict[str, float]) -> None:
    journey = jm.Journey.model_validate(large_journey(touchpoints, 20))
    html = benchmark.pedantic(jm.report, args=(journey,), rounds=3, warmup_rounds=1)
    assert html.count('class="card ') == touchpoints
    median = benchmark.stats.stats.median
    medians[f"report of {touchpoints} touchpoints (in process)"] = _SECONDS[str(touchpoints)] = (
        median
    )
    if touchpoints == 500:
        assert median < 2.0


def test_render_of_5000_touchpoints(benchmark: Any, medians: dict[str, float]) -> None:
    """The report's yardstick: the map of the same journey, which the report contains."""
    journey = jm.Journey.model_validate(large_journey(5000, 20))
    benchmark.pedantic(jm.render, args=(journey, "svg"), rounds=3, warmup_rounds=1)
    median = medians["map (SVG) of 5000 touchpoints (in process)"] = benchmark.stats.stats.median
    if {"500", "5000"} <= set(_SECONDS):
        assert _SECONDS["5000"] < 12 * _SECONDS["500"]
        assert _SECONDS["5000"] < 2.5 * median
