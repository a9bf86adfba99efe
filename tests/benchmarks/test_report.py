"""Speed of the HTML report. Target (issue 6): a 500-touchpoint journey in under 2 s."""

from __future__ import annotations

import statistics
import time
from typing import Any

import journeymap as jm
from tests.benchmarks.conftest import large_journey

TARGET = 2.0


def test_report_of_500_touchpoints(benchmark: Any) -> None:
    journey = jm.Journey.model_validate(large_journey(500, 20))
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        html = jm.report(journey)
        timings.append(time.perf_counter() - started)
    benchmark.pedantic(lambda: None, rounds=1)
    median = statistics.median(timings)
    print(
        f"\nHTML report of 500 touchpoints ({len(html) / 1e6:.1f} MB): median {median:.2f} s (target < {TARGET} s)"
    )
    assert median < TARGET
