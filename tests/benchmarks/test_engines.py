"""The file path against plain DuckDB SQL, polars and pandas on the same files, in one run.

Targets (issue 18): the file path within 10 % of plain DuckDB SQL on the same file
(10 M survey rows and 1 M tickets, CSV and Parquet, typed timestamps kept typed) and
ahead of pandas and polars.  Each contestant computes the same per-touchpoint counts;
journeymap also validates every row.  All run in this process, interleaved by round.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pytest

import journeymap as jm
from journeymap.measure.readers import read_data
from tests.benchmarks.generators import pandas_responses, survey_sql, write_survey_journey

RESPONSES, TICKETS, TOUCHPOINTS, ROUNDS = 10_000_000, 1_000_000, 20, 5


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("engines")
    connection = duckdb.connect()
    connection.execute("SET TimeZone = 'UTC'")
    survey = survey_sql(RESPONSES, TOUCHPOINTS)
    start = "TIMESTAMPTZ '2026-01-01 00:00:00+00'"
    tickets = (
        f"SELECT 'tp-' || (i % {TOUCHPOINTS}) AS touchpoint, {start} + to_seconds(i) AS created_at, "
        f"CASE WHEN i % 5 = 0 THEN NULL ELSE {start} + to_seconds(i + 60 + i % 600) END "
        "AS first_response_at, "
        f"CASE WHEN i % 3 = 0 THEN NULL ELSE {start} + to_seconds(i + 3600 + i % 7200) END "
        f"AS resolved_at FROM range({TICKETS}) t(i)"
    )
    paths = {}
    for name, query in (("responses", survey), ("tickets", tickets)):
        for kind, options in (("csv", "HEADER"), ("parquet", "FORMAT parquet")):
            path = paths[f"{name}.{kind}"] = folder / f"{name}.{kind}"
            connection.execute(f"COPY ({query}) TO '{path}' ({options})")
    paths["journey"] = write_survey_journey(folder / "journey.yaml", TOUCHPOINTS, "CS")
    return paths


def _scan(path: Path) -> str:
    return f"read_parquet('{path}')" if path.suffix == ".parquet" else f"read_csv('{path}')"


def duckdb_responses(path: Path) -> Any:
    """Plain DuckDB SQL: the counts of the formulas, no validation."""
    return (
        duckdb.connect()
        .execute(
            "SELECT touchpoint, metric, count(*), sum(score), count_if(score >= 4), "
            "count_if(score >= 9), count_if(score <= 6) "
            f"FROM {_scan(path)} GROUP BY ALL"
        )
        .fetchall()
    )


def duckdb_tickets(path: Path) -> Any:
    return (
        duckdb.connect()
        .execute(
            "SELECT touchpoint, count(*), count(first_response_at), "
            "sum(epoch(first_response_at) - epoch(created_at)) / 60, count(resolved_at), "
            "sum(epoch(resolved_at) - epoch(created_at)) / 60 "
            f"FROM {_scan(path)} GROUP BY ALL"
        )
        .fetchall()
    )


def polars_responses(path: Path) -> Any:
    import polars as pl

    frame = pl.scan_parquet(path) if path.suffix == ".parquet" else pl.scan_csv(path)
    score = pl.col("score")
    return (
        frame.group_by("touchpoint", "metric")
        .agg(
            pl.len(),
            score.sum(),
            (score >= 4).sum().alias("satisfied"),
            (score >= 9).sum().alias("promoters"),
            (score <= 6).sum().alias("detractors"),
        )
        .collect()
    )


def polars_tickets(path: Path) -> Any:
    import polars as pl

    if path.suffix == ".parquet":
        frame = pl.scan_parquet(path)
    else:
        frame = pl.scan_csv(path, try_parse_dates=True)
    created = pl.col("created_at")
    return (
        frame.group_by("touchpoint")
        .agg(
            pl.len(),
            pl.col("first_response_at").count().alias("responded"),
            ((pl.col("first_response_at") - created).dt.total_seconds() / 60)
            .sum()
            .alias("response"),
            pl.col("resolved_at").count().alias("resolved"),
            ((pl.col("resolved_at") - created).dt.total_seconds() / 60).sum().alias("resolution"),
        )
        .collect()
    )


def pandas_tickets(path: Path) -> Any:
    import pandas as pd

    times = ["created_at", "first_response_at", "resolved_at"]
    if path.suffix == ".parquet":
        frame = pd.read_parquet(path)
    else:
        frame = pd.read_csv(path, parse_dates=times)
    frame["response"] = (frame["first_response_at"] - frame["created_at"]).dt.total_seconds() / 60
    frame["resolution"] = (frame["resolved_at"] - frame["created_at"]).dt.total_seconds() / 60
    return frame.groupby("touchpoint").agg(
        n=("created_at", "size"),
        responded=("first_response_at", "count"),
        response=("response", "sum"),
        resolved=("resolved_at", "count"),
        resolution=("resolution", "sum"),
    )


def _interleaved(contestants: dict[str, Callable[[], Any]]) -> dict[str, float]:
    """Median seconds of each contestant, run round by round so that the machine's slow
    spells fall on all of them alike."""
    times: dict[str, list[float]] = {name: [] for name in contestants}
    for _ in range(ROUNDS):
        for name, run in contestants.items():
            started = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) for name, values in times.items()}


@pytest.mark.parametrize(
    "data", ["responses.csv", "responses.parquet", "tickets.csv", "tickets.parquet"]
)
def test_the_file_path_against_duckdb_sql_polars_and_pandas(
    files: dict[str, Path], data: str, benchmark: Any, medians: dict[str, float]
) -> None:
    journey = jm.load(files["journey"])
    path = files[data]
    kind = data.split(".")[0]
    responses, tickets = ([str(path)], []) if kind == "responses" else ([], [str(path)])
    engines = {
        "duckdb": duckdb_responses if kind == "responses" else duckdb_tickets,
        "polars": polars_responses if kind == "responses" else polars_tickets,
        "pandas": pandas_responses if kind == "responses" else pandas_tickets,
    }
    contestants: dict[str, Callable[[], Any]] = {
        "journeymap": lambda: read_data(journey, responses, tickets, progress=False),
        **{name: (lambda run=run: run(path)) for name, run in engines.items()},
    }
    timings = benchmark.pedantic(_interleaved, args=(contestants,), rounds=1)
    for name, seconds in timings.items():
        medians[f"{data}: {name}"] = seconds
    ours = timings["journeymap"]
    print(
        f"\n{data}: journeymap {ours:.3f} s, DuckDB SQL {timings['duckdb']:.3f} s "
        f"({ours / timings['duckdb'] - 1:+.0%}), polars {timings['polars']:.3f} s, "
        f"pandas {timings['pandas']:.3f} s"
    )
