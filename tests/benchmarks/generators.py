"""What the benchmarks share: generators of large journeys, and the commands they time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.helpers import ROOT

JOURNEYMAP = str(Path(sys.executable).parent / "journeymap")
#: Mermaid's CLI, installed into .tools/ by ./run-benchmarks, run with Debian's chromium.
MMDC = ROOT / ".tools" / "mmdc" / "node_modules" / ".bin" / "mmdc"
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

PHASES = ["awareness", "consideration", "purchase", "loyalty", "advocacy"]
CHANNELS = ["web", "app", "email", "phone", "chat", "social"]


def large_journey(touchpoints: int, stages: int) -> dict[str, Any]:
    """A realistic journey: metrics on every touchpoint, CS in every stage, two flows each."""
    per_stage = touchpoints // stages
    stage_list = [
        {"id": f"stage-{s}", "name": f"Stage {s}", "phase": PHASES[s * len(PHASES) // stages]}
        for s in range(stages)
    ]
    items = []
    for i in range(touchpoints):
        stage = min(i // per_stage, stages - 1)
        owner = "CS" if i % 4 == 3 else "CX"
        metrics: dict[str, Any] = (
            {"frt": {"value": f"{i % 9 + 1}m", "target": "5m"}, "resolution_rate": 80 + i % 20}
            if owner == "CS"
            else {"csat": {"value": 60 + i % 40, "target": 75, "n": 40 + i}, "ces": 2 + i % 4}
        )
        following = [f"tp-{j}" for j in (i + 1, i + 2) if j < touchpoints]
        items.append(
            {
                "id": f"tp-{i}",
                "name": f"Touchpoint {i} – Äpfel & <Birnen>",
                "stage": f"stage-{stage}",
                "owner": owner,
                "channel": CHANNELS[i % len(CHANNELS)],
                "emotion": (i % 5) - 2,
                "pain_points": ["Waiting too long"] if i % 7 == 0 else [],
                "opportunities": ["Call back"] if i % 7 == 0 else [],
                "metrics": metrics,
                "next": [{"to": t, "context": True} for t in following],
            }
        )
    return {
        "journeymap": 1,
        "id": "large",
        "title": f"Large journey ({touchpoints} touchpoints)",
        "stages": stage_list,
        "touchpoints": items,
    }


def mermaid_equivalent(data: dict[str, Any]) -> str:
    """The same journey as a Mermaid journey diagram, as ``journeymap export mermaid`` writes it."""
    import journeymap as jm
    from journeymap.formats.mermaid import dumps

    return dumps(jm.Journey.model_validate(data))


def run(command: list[str], cwd: Path | None = None) -> None:
    """Run a whole process, as a user would, and fail on a non-zero exit."""
    subprocess.run(command, cwd=cwd, check=True, capture_output=True)


def pandas_responses(path: Path) -> Any:
    import pandas as pd

    frame = pd.read_parquet(path) if path.suffix == ".parquet" else pd.read_csv(path)
    frame["satisfied"] = frame["score"] >= 4
    frame["promoter"] = frame["score"] >= 9
    frame["detractor"] = frame["score"] <= 6
    return frame.groupby(["touchpoint", "metric"]).agg(
        n=("score", "size"),
        total=("score", "sum"),
        satisfied=("satisfied", "sum"),
        promoters=("promoter", "sum"),
        detractors=("detractor", "sum"),
    )


def survey_sql(rows: int, touchpoints: int) -> str:
    """``rows`` survey responses spread over ``touchpoints`` (tp-0 …), CSAT, NPS and CES
    in turn, every score valid: what the data benchmarks read."""
    return (
        f"SELECT 'tp-' || (i % {touchpoints}) AS touchpoint, "
        "CASE i % 3 WHEN 0 THEN 'csat' WHEN 1 THEN 'nps' ELSE 'ces' END AS metric, "
        "CASE i % 3 WHEN 0 THEN 1 + (i * 7) % 5 WHEN 1 THEN (i * 7) % 11 "
        f"ELSE 1 + (i * 7) % 7 END AS score FROM range({rows}) t(i)"
    )


def write_survey_journey(path: Path, touchpoints: int, owner: str) -> Path:
    """The journey the survey of :func:`survey_sql` measures: tp-0 … in two stages."""
    import yaml

    journey = {
        "journeymap": 1,
        "id": "survey",
        "title": "Survey",
        "stages": [{"id": "purchase"}, {"id": "loyalty"}],
        "touchpoints": [
            {"id": f"tp-{i}", "stage": "purchase" if i < touchpoints // 2 else "loyalty"}
            | {"owner": owner}
            for i in range(touchpoints)
        ],
    }
    path.write_text(yaml.safe_dump(journey), encoding="utf-8")
    return path
