"""Speed of ``journeymap render`` as a whole process, side by side with Mermaid's CLI.

Targets (issue 4): a 25-touchpoint journey to SVG at least 10x faster than
``mmdc`` (run with the system Chromium) on the equivalent Mermaid journey; a
500-touchpoint journey renders in under 3 s.  ``./run-benchmarks`` installs
the Mermaid CLI into .tools/ and Debian's chromium when they are missing.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.benchmarks.conftest import large_journey, mermaid_equivalent
from tests.conftest import ROOT

MMDC = ROOT / ".tools" / "mmdc" / "node_modules" / ".bin" / "mmdc"
JOURNEYMAP = str(Path(sys.executable).parent / "journeymap")
PUPPETEER = {
    "executablePath": "/usr/bin/chromium",
    "args": [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ],
}


#: The least any pydantic-based command that draws with Graphviz can cost: start Python,
#: import pydantic, build and validate a one-field model, run `dot` on an empty graph
#: (with the two savings the real command makes: no plugin scan, no cyclic collector).
FLOOR = """
import gc, os, subprocess
gc.disable()
os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"
from pydantic import BaseModel
class Floor(BaseModel):
    x: int
Floor(x=1)
subprocess.run(["dot", "-Tsvg"], input=b"digraph {}", capture_output=True, check=True)
"""


def interleaved_medians(commands: dict[str, list[str]], rounds: int, cwd: Path) -> dict[str, float]:
    """Median wall time of each command; rounds interleave them so that a slow spell of
    this shared machine slows every command alike instead of skewing one."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, command in commands.items():
            started = time.perf_counter()
            subprocess.run(command, cwd=cwd, check=True, capture_output=True)
            times[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) for name, values in times.items()}


def median_seconds(command: list[str], rounds: int, cwd: Path) -> float:
    return interleaved_medians({"only": command}, rounds, cwd)["only"]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("render-bench")
    for size, stages in ((25, 5), (500, 20)):
        data = large_journey(size, stages)
        (folder / f"j{size}.yaml").write_text(
            yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
        (folder / f"j{size}.mmd").write_text(mermaid_equivalent(data), encoding="utf-8")
    (folder / "puppeteer.json").write_text(json.dumps(PUPPETEER), encoding="utf-8")
    # Warm the embedded engine's compiled-module cache, as any second run has it.
    subprocess.run(
        [JOURNEYMAP, "render", "j25.yaml", "-o", "warm.svg", "--engine", "embedded"],
        cwd=folder,
        check=True,
    )
    return folder


def test_svg_render_is_10x_faster_than_mermaid_cli(workdir: Path, benchmark: Any) -> None:
    if not MMDC.exists():
        pytest.fail("the Mermaid CLI is missing: run ./run-benchmarks, which installs it")
    render = [JOURNEYMAP, "render", "j25.yaml", "-o", "out.svg", "--engine"]
    medians = interleaved_medians(
        {
            "mmdc (Mermaid CLI + Chromium)": [
                str(MMDC),
                "-q",
                "-p",
                "puppeteer.json",
                "-i",
                "j25.mmd",
                "-o",
                "mmdc.svg",
            ],
            "journeymap --engine system": [*render, "system"],
            "journeymap --engine embedded": [*render, "embedded"],
            "floor: pydantic + empty dot": [sys.executable, "-c", FLOOR],
        },
        rounds=9,
        cwd=workdir,
    )
    benchmark.pedantic(lambda: None, rounds=1)
    mermaid = medians["mmdc (Mermaid CLI + Chromium)"]
    print("\n25-touchpoint journey -> SVG, whole process, median of 9 interleaved rounds:")
    for name, seconds in medians.items():
        print(f"  {name:31s} {seconds * 1000:7.0f} ms   {mermaid / seconds:5.1f}x faster than mmdc")
    assert mermaid / medians["journeymap --engine system"] >= 10
    assert mermaid / medians["journeymap --engine embedded"] >= 10


@pytest.mark.parametrize("engine", ["system", "embedded"])
def test_500_touchpoints_render_under_3_seconds(workdir: Path, engine: str, benchmark: Any) -> None:
    seconds = median_seconds(
        [JOURNEYMAP, "render", "j500.yaml", "-o", "out500.svg", "--engine", engine], 3, workdir
    )
    benchmark.pedantic(lambda: None, rounds=1)
    print(
        f"\n500-touchpoint journey -> SVG ({engine}), whole process: median {seconds:.2f} s (target < 3 s)"
    )
    assert seconds < 3
