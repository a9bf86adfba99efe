"""Speed of loading and checking, and of starting the command line.

Targets (issue 2): a 2,000-touchpoint journey in 20 stages loads and checks in
under 1 s; ``journeymap --help`` starts in under 0.2 s.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import yaml

import journeymap as jm
from tests.benchmarks.conftest import large_journey

LOAD_AND_CHECK_TARGET = 1.0
HELP_TARGET = 0.2


def test_load_and_check_2000_touchpoints(benchmark: Any, tmp_path: Path) -> None:
    path = tmp_path / "large.yaml"
    path.write_text(
        yaml.safe_dump(large_journey(2000, 20), allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )

    def load_and_check() -> int:
        return len(jm.check(jm.load(path)))

    benchmark.pedantic(load_and_check, rounds=5, warmup_rounds=1)
    median = benchmark.stats.stats.median
    print(
        f"\nload+check 2,000 touchpoints / 20 stages ({path.stat().st_size / 1e6:.1f} MB YAML): "
        f"median {median:.3f} s (target < {LOAD_AND_CHECK_TARGET} s)"
    )
    assert median < LOAD_AND_CHECK_TARGET


def test_help_starts_fast(benchmark: Any) -> None:
    command = [str(Path(sys.executable).parent / "journeymap"), "--help"]

    def run_help() -> float:
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        return time.perf_counter() - started

    timings: list[float] = []
    benchmark.pedantic(lambda: timings.append(run_help()), rounds=15, warmup_rounds=2)
    median = statistics.median(timings)
    print(
        f"\njourneymap --help, whole process: median {median * 1000:.0f} ms (target < {HELP_TARGET * 1000:.0f} ms)"
    )
    assert median < HELP_TARGET
