"""Speed of the HTML report. Target (issue 6): a 500-touchpoint journey in under 2 s."""

from __future__ import annotations

from typing import Any

import journeymap as jm
from tests.benchmarks.generators import large_journey


def test_report_of_500_touchpoints(benchmark: Any, medians: dict[str, float]) -> None:
    journey = jm.Journey.model_validate(large_journey(500, 20))
    html = benchmark.pedantic(jm.report, args=(journey,), rounds=3, warmup_rounds=1)
    assert html.count('class="card ') == 500
    median = medians["report of 500 touchpoints (in process)"] = benchmark.stats.stats.median
    assert median < 2.0
