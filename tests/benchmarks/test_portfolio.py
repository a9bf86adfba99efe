"""Speed of a portfolio.  Targets (issue 32): ``check`` of 50 journeys × 200 touchpoints in
under 5 s, and the portfolio report (its page and every journey's report, each with its
map) in under 10 s; both as the whole command, process start included."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.benchmarks.generators import JOURNEYMAP, large_journey, run

JOURNEYS = 50
TOUCHPOINTS = 200


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """50 journeys of 200 touchpoints under one lifecycle, sharing a library's personas."""
    folder = tmp_path_factory.mktemp("portfolio")
    library = {
        "journeymap": 1,
        "personas": [{"id": f"p{n}", "name": f"Persona {n}"} for n in range(5)],
    }
    (folder / "library.yaml").write_text(yaml.safe_dump(library), encoding="utf-8")
    entries = []
    for n in range(JOURNEYS):
        journey = large_journey(TOUCHPOINTS, 10)
        journey["id"], journey["title"] = f"journey-{n}", f"Journey {n}"
        for index, tp in enumerate(journey["touchpoints"]):
            tp["personas"] = [f"p{index % 5}"]
            tp["opportunities"] = [
                {"text": o, "effort": "SML"[index % 3]} for o in tp["opportunities"]
            ]
        text = yaml.safe_dump(journey, allow_unicode=True, sort_keys=False)
        (folder / f"journey-{n}.yaml").write_text(text, encoding="utf-8")
        entry: dict[str, Any] = {"file": f"journey-{n}.yaml", "level": 0 if n == 0 else 1}
        if n:
            entry.update(parent="journey-0", owner="Team", review_by="2099-01-01")
        entries.append(entry)
    portfolio = {"journeymap": 1, "id": "big", "title": "Big", "library": "library.yaml",
                 "journeys": entries}  # fmt: skip
    (folder / "journeymap.yaml").write_text(yaml.safe_dump(portfolio), encoding="utf-8")
    return folder


def test_check_of_a_portfolio(benchmark: Any, portfolio: Path, medians: dict[str, float]) -> None:
    def check() -> None:  # exit 1: the generated journeys have error-level findings
        done = subprocess.run([JOURNEYMAP, "check", str(portfolio)], capture_output=True)
        assert done.returncode in (0, 1), done.stderr

    benchmark.pedantic(check, rounds=3)
    median = medians["check: portfolio of 50 × 200 touchpoints"] = benchmark.stats.stats.median
    assert median < 5.0


def test_report_of_a_portfolio(
    benchmark: Any, portfolio: Path, tmp_path: Path, medians: dict[str, float]
) -> None:
    out = tmp_path / "portfolio.html"
    benchmark.pedantic(
        run, args=([JOURNEYMAP, "report", str(portfolio), "-o", str(out)],), rounds=3
    )
    assert len(list((tmp_path / "portfolio").glob("*.html"))) == JOURNEYS
    median = medians["report: portfolio of 50 × 200 touchpoints"] = benchmark.stats.stats.median
    assert median < 10.0
