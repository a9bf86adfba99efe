"""Speed of loading and checking, and of starting the command line.

Targets (issue 2): a 2,000-touchpoint journey in 20 stages loads and checks in
under 1 s; ``journeymap --help`` starts in under 0.2 s.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

import journeymap as jm
from tests.benchmarks.generators import JOURNEYMAP, large_journey, run


def test_load_and_check_2000_touchpoints(
    benchmark: Any, tmp_path: Path, medians: dict[str, float]
) -> None:
    path = tmp_path / "large.yaml"
    path.write_text(
        yaml.safe_dump(large_journey(2000, 20), allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    findings = benchmark.pedantic(lambda: jm.check(jm.read(path)), rounds=5, warmup_rounds=1)
    assert findings  # the generated journey has findings (targets missed, pain points)
    median = medians["load+check 2,000 touchpoints (in process)"] = benchmark.stats.stats.median
    assert median < 1.0


def test_help_starts_fast(benchmark: Any, medians: dict[str, float]) -> None:
    benchmark.pedantic(run, args=([JOURNEYMAP, "--help"],), rounds=15, warmup_rounds=2)
    median = medians["journeymap --help (whole process)"] = benchmark.stats.stats.median
    assert median < 0.2
