"""Speed of measuring paths from a large event log (issue 19: 10 M events, 1 M cases,
Parquet, to the ``paths`` JSON in under 5 s as a whole process on this 2-core machine)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import duckdb
import pytest
import yaml

from tests.benchmarks.generators import JOURNEYMAP

CASES, STEPS = 1_000_000, 10
#: The designed route, and where a tenth of the cases go instead (a call to the hotline).
ROUTE = ["ad", "page", "compare", "cart", "pay", "confirm", "ship", "deliver", "use", "review"]


@pytest.fixture(scope="module")
def log(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("paths-bench")
    events = folder / "events.parquet"
    route = "[" + ", ".join(f"'{step}'" for step in ROUTE) + "]"
    duckdb.sql(
        f"""COPY (SELECT 'case-' || c AS "case:concept:name",
              CASE WHEN c % 10 = 0 AND s = 4 THEN 'hotline' ELSE {route}[s + 1] END
                AS "concept:name",
              TIMESTAMPTZ '2026-01-01 00:00:00+00' + to_seconds(c + s * 3600 + (c * s) % 900)
                AS "time:timestamp"
            FROM range({CASES}) t(c), range({STEPS}) u(s)) TO '{events}' (FORMAT parquet)"""
    )
    stages = ["awareness", "consideration", "purchase", "loyalty", "advocacy"]
    touchpoints = [
        {
            "id": step,
            "stage": stages[i // 2],
            "owner": "CX",
            "next": [ROUTE[i + 1]] if i + 1 < len(ROUTE) else [],
        }
        for i, step in enumerate(ROUTE)
    ]
    touchpoints[0]["entry"] = True
    touchpoints[-1]["exit"] = True
    touchpoints.append({"id": "hotline", "stage": "purchase", "owner": "CS", "next": ["confirm"]})
    journey = {
        "journeymap": 1,
        "id": "shop",
        "title": "Shop",
        "stages": [{"id": s} for s in stages],
        "touchpoints": touchpoints,
    }
    path = folder / "journey.yaml"
    path.write_text(yaml.safe_dump(journey), encoding="utf-8")
    return path, events


def test_ten_million_events_to_paths_json(
    log: tuple[Path, Path], benchmark: Any, medians: dict[str, float]
) -> None:
    journey, events = log
    command = [JOURNEYMAP, "paths", str(journey), "--events", str(events), "--format", "json"]

    def run() -> dict[str, Any]:
        finished = subprocess.run(command, check=True, capture_output=True, text=True)
        return dict(json.loads(finished.stdout))

    paths = benchmark.pedantic(run, rounds=3)
    medians["10 M events (Parquet): journeymap paths, whole process"] = benchmark.stats.stats.median
    assert (paths["cases"], paths["events"]) == (CASES, CASES * STEPS)
    assert paths["fitting_cases"] == CASES - CASES // 10  # the hotline cases leave the route
    print(f"\n10 M events to paths JSON: {benchmark.stats.stats.median:.2f} s (target < 5 s)")
