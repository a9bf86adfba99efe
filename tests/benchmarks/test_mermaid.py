"""Mermaid interop against the real Mermaid. Target (issue 7): importing a 1,000-task
Mermaid journey and exporting it back in under 0.5 s.

Mermaid's own CLI (installed by ./run-benchmarks) also renders what journeymap
exports, as proof that the export is a diagram Mermaid accepts with every label intact.
"""

from __future__ import annotations

import html
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

import journeymap as jm
from journeymap.formats import mermaid
from tests.benchmarks.generators import (
    JOURNEYMAP,
    MMDC,
    PUPPETEER,
    large_journey,
    mermaid_equivalent,
    run,
)
from tests.helpers import EXAMPLES, hostile_mermaid_journey


def test_import_and_export_of_1000_tasks(benchmark: Any, medians: dict[str, float]) -> None:
    text = mermaid_equivalent(large_journey(1000, 20))
    assert text.count("\n    ") == 1000

    def round_trip() -> str:
        journey, _ = mermaid.loads(text)
        return mermaid.dumps(journey)

    exported = benchmark.pedantic(round_trip, rounds=5, warmup_rounds=1)
    assert exported.count("\n    ") == 1000
    median = medians["Mermaid 1,000 tasks import + export (in process)"] = (
        benchmark.stats.stats.median
    )
    assert median < 0.5


def test_import_and_export_of_1000_tasks_as_processes(
    tmp_path: Path, benchmark: Any, medians: dict[str, float]
) -> None:
    source = tmp_path / "j1000.mmd"
    source.write_text(mermaid_equivalent(large_journey(1000, 20)), encoding="utf-8")
    yaml_file, back = tmp_path / "j.yaml", tmp_path / "back.mmd"

    def both() -> None:
        run([JOURNEYMAP, "import", "mermaid", str(source), "-o", str(yaml_file)])
        run([JOURNEYMAP, "export", "mermaid", str(yaml_file), "-o", str(back)])

    benchmark.pedantic(both, rounds=3)
    medians["Mermaid 1,000 tasks import + export (two processes)"] = benchmark.stats.stats.median


@pytest.mark.parametrize(
    "journey", [*(jm.load(p) for p in EXAMPLES), hostile_mermaid_journey()], ids=lambda j: j.id
)
def test_mermaid_cli_renders_every_export(
    journey: jm.Journey, tmp_path: Path, benchmark: Any
) -> None:
    """Not a speed target: proof that Mermaid draws every export with every label intact
    (it lives here because only ./run-benchmarks installs the Mermaid CLI)."""
    (tmp_path / "puppeteer.json").write_text(json.dumps(PUPPETEER), encoding="utf-8")
    (tmp_path / "in.mmd").write_text(mermaid.dumps(journey), encoding="utf-8")
    command = [str(MMDC), "-q", "-p", "puppeteer.json", "-i", "in.mmd", "-o", "out.svg"]
    result = benchmark.pedantic(
        subprocess.run, args=(command,), kwargs={"cwd": tmp_path, "capture_output": True}, rounds=1
    )
    assert result.returncode == 0, result.stderr
    svg = (tmp_path / "out.svg").read_text(encoding="utf-8")
    assert "Syntax error" not in svg
    for tp in journey.touchpoints:  # every word of every label arrives (Mermaid wraps by words)
        label = mermaid.mermaid_label(tp.label).removeprefix(mermaid.KEYWORD_GUARD)
        for word in label.split():
            assert word in svg or html.escape(word, quote=False) in svg, (label, word)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("100k tasks of one name", "journey\nsection s\n" + "  same: 5: me\n" * 100_000),
        ("60k unclosed directives", "journey\n" + "%%{" * 60_000 + "\n"),
    ],
)
def test_import_is_linear_whole_process(
    tmp_path: Path, name: str, text: str, benchmark: Any, medians: dict[str, float]
) -> None:
    """Target (issue 13): well under 3 s each, whole process, where they took 25-70 s."""
    source = tmp_path / "in.mmd"
    source.write_text(text, encoding="utf-8")
    command = [JOURNEYMAP, "import", "mermaid", str(source), "-o", str(tmp_path / "out.yaml")]
    benchmark.pedantic(run, args=(command,), rounds=3, warmup_rounds=1)
    median = medians[f"Mermaid import, {name} (whole process)"] = benchmark.stats.stats.median
    assert median < 3
