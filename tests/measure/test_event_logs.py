"""Reading event logs (SPEC §9): columns found or mapped, rows checked, a table's log
fetched in batches and in its order."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pytest

import journeymap as jm
from journeymap.measure.event_logs import event_batches
from journeymap.measure.events import read_paths
from journeymap.measure.validation import DataError, Period
from tests.helpers import FIXTURES, first_steps, instant_log

LOG = FIXTURES / "event-logs" / "running-example.csv"


@pytest.fixture(scope="module")
def journey() -> jm.Journey:
    return jm.load(FIXTURES / "event-logs" / "compensation.yaml")


def test_columns_map_other_names_and_a_period_chooses_days(
    journey: jm.Journey, tmp_path: Path
) -> None:
    log = tmp_path / "crm.csv"
    text = LOG.read_text(encoding="utf-8").replace("case:concept:name", "ticket_id", 1)
    log.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match="missing columns case"):
        read_paths(journey, str(log))
    mapped = read_paths(journey, str(log), columns={"case": "ticket_id"})
    assert mapped.cases == 6
    early = read_paths(journey, str(LOG), period=Period(until=datetime.date(2010, 12, 31)))
    assert early.cases == 3


def test_a_row_without_a_readable_timestamp_is_named(journey: jm.Journey, tmp_path: Path) -> None:
    log = tmp_path / "bad.csv"
    log.write_text(
        "case,activity,timestamp\na,decide,2024-01-01\nb,decide,gisteren\n", encoding="utf-8"
    )
    with pytest.raises(DataError) as error:
        read_paths(journey, str(log))
    assert error.value.lines() == [
        f"{log}:3:1: 1 event without a case, an activity or a readable timestamp, on line 3"
    ]


def test_a_log_with_case_activity_and_time_columns_needs_no_mapping(
    journey: jm.Journey, tmp_path: Path
) -> None:
    log = tmp_path / "export.csv"
    log.write_text(
        "case,activity,time\na,register request,2024-01-01T10:00:00Z\n"
        "a,decide,2024-01-01T11:00:00Z\n",
        encoding="utf-8",
    )
    assert read_paths(journey, str(log)).cases == 1


@pytest.fixture
def instant_table(tmp_path: Path) -> str:
    """An instant log of 3,000 cases in a DuckDB database."""
    log = instant_log(tmp_path / "instant.csv", 3_000)
    database = tmp_path / "events.duckdb"
    with duckdb.connect(str(database)) as connection:
        connection.execute(f"CREATE TABLE events AS FROM read_csv('{log}')")
    return f"duckdb://{database}?table=events"


def sent(batches: Callable[[pa.RecordBatch], pa.RecordBatch]) -> Callable[..., Any]:
    """:func:`event_batches` with each batch passed through ``batches`` as it goes."""

    def reader(*args: Any) -> Any:
        stream = event_batches(*args)
        return pa.RecordBatchReader.from_batches(stream.schema, map(batches, stream))

    return reader


def test_a_duckdb_table_keeps_its_order_where_an_engine_follows_the_journey(
    journey: jm.Journey, instant_table: str, tmp_path: Path
) -> None:
    """A file's order breaks ties of time (SPEC §9).  A DuckDB database's table is read in
    this process, in the order it stores, as a file is; an engine computing the paths
    where the table lives has no order of rows, and orders a case's events at one instant
    by their touchpoints' places in the journey file."""
    from journeymap.measure.sources import data_source
    from journeymap.measure.table_paths import table_paths

    log = instant_log(tmp_path / "instant.csv", 3_000)
    assert first_steps(journey, str(log)) == [("decide", 1_500), ("register", 1_500)]
    assert first_steps(journey, instant_table) == [("decide", 1_500), ("register", 1_500)]
    by_engine = table_paths(journey, data_source(instant_table), {}, Period(), 10, None)
    order = [tp.id for tp in journey.touchpoints]
    first = min(("register", "decide"), key=order.index)
    assert [(v["path"][0], v["cases"]) for v in by_engine.top_variants] == [(first, 3_000)]


@pytest.fixture
def instant_sqlite(tmp_path: Path) -> str:
    """The instant log of 3,000 cases in an SQLite database: an engine without time spans,
    whose events journeymap reads into its own DuckDB."""
    import csv
    import sqlite3

    log = instant_log(tmp_path / "instant.csv", 3_000)
    database = tmp_path / "events.sqlite"
    with log.open(encoding="utf-8") as stream, sqlite3.connect(database) as connection:
        connection.execute("CREATE TABLE events (case_id TEXT, activity TEXT, timestamp TEXT)")
        connection.executemany("INSERT INTO events VALUES (?, ?, ?)", list(csv.reader(stream))[1:])
    return f"sqlite://{database}?table=events"


def test_an_engine_lacking_an_operation_is_read_into_duckdb_and_says_so(
    journey: jm.Journey, instant_sqlite: str, tmp_path: Path
) -> None:
    paths = read_paths(journey, instant_sqlite)
    assert paths.notes == [
        "sqlite cannot compute the paths where the table lives (it lacks the operation "
        "TimestampDelta): its events were read into journeymap's DuckDB"
    ]
    log = instant_log(tmp_path / "instant.csv", 3_000)
    assert paths.to_dict() == read_paths(journey, str(log)).to_dict() | {"unmapped": {}}


def test_a_table_s_log_is_drafted_from_batches(
    instant_sqlite: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``import events`` from a table its engine cannot walk: the engine counts the
    activities, and the events come in batches of FETCH_ROWS for the paths among them."""
    from journeymap.measure import event_logs
    from journeymap.measure.discovery import discover

    sizes: list[int] = []
    monkeypatch.setattr(event_logs, "FETCH_ROWS", 1_000)
    monkeypatch.setattr(event_logs, "event_batches", sent(lambda b: sizes.append(b.num_rows) or b))
    draft = discover(instant_sqlite)
    assert "decide" in {tp["name"] for tp in draft["touchpoints"]}
    assert len(sizes) >= 12 and max(sizes) <= 1_000 and sum(sizes) == 12_000


def test_a_table_that_fails_while_its_batches_come_says_why(
    instant_sqlite: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from journeymap.measure import event_logs
    from journeymap.measure.discovery import discover

    def lost(batch: pa.RecordBatch) -> pa.RecordBatch:
        raise ConnectionError("server closed the connection unexpectedly")

    monkeypatch.setattr(event_logs, "event_batches", sent(lost))
    with pytest.raises(
        DataError, match=r"table=events:1:1: .*server closed the connection unexpectedly\.$"
    ):
        discover(instant_sqlite)  # and no Python traceback after it
