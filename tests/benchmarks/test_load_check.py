"""Speed of loading and checking, and of starting the command line.

Targets (issue 2): a 2,000-touchpoint journey in 20 stages loads and checks in
under 1 s; ``journeymap --help`` starts in under 0.2 s.  Issue 28: ``journeymap check``
of a 25-touchpoint journey in under 150 ms of CPU, the whole process.
"""

from __future__ import annotations

import resource
import statistics
from pathlib import Path
from typing import Any

import yaml

import journeymap as jm
from journeymap.formats import reparse
from tests.benchmarks.generators import JOURNEYMAP, large_journey, run
from tests.helpers import ROOT


def test_load_and_check_2000_touchpoints(
    benchmark: Any, tmp_path: Path, medians: dict[str, float]
) -> None:
    path = tmp_path / "large.yaml"
    path.write_text(
        yaml.safe_dump(large_journey(2000, 20), allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    # Each round reads the file as if for the first time: a file read again unchanged
    # would come from its last reading (formats/reparse.py), which is serve's case, not this.
    findings = benchmark.pedantic(
        lambda: jm.check(jm.read(path)), setup=reparse.forget, rounds=5, warmup_rounds=1
    )
    assert findings  # the generated journey has findings (targets missed, pain points)
    median = medians["load+check 2,000 touchpoints (in process)"] = benchmark.stats.stats.median
    assert median < 1.0


def test_help_starts_fast(benchmark: Any, medians: dict[str, float]) -> None:
    benchmark.pedantic(run, args=([JOURNEYMAP, "--help"],), rounds=15, warmup_rounds=2)
    median = medians["journeymap --help (whole process)"] = benchmark.stats.stats.median
    assert median < 0.2


def test_check_of_a_journey_of_24_touchpoints_in_cpu_time(
    benchmark: Any, medians: dict[str, float]
) -> None:
    """The CPU a whole ``journeymap check`` process costs (Python's start, the imports, the
    load and the rules), the figure issue 28 asks under 150 ms: recorded, not asserted
    (Python, click, PyYAML and pydantic alone take most of it; see the README)."""
    spent: list[float] = []

    def checked() -> None:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        run([JOURNEYMAP, "check", str(ROOT / "examples" / "saas-onboarding.yaml")])
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        spent.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)

    benchmark.pedantic(checked, rounds=15, warmup_rounds=2)
    cpu = spent[2:]  # the warm-up rounds' CPU is not the command's
    medians["check of 24 touchpoints: CPU, whole process (median)"] = statistics.median(cpu)
    medians["check of 24 touchpoints: CPU, whole process (least)"] = min(cpu)
