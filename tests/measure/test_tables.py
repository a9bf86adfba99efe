"""Tables where the data lives: the same metrics from DuckDB files, a DuckDB database,
PostgreSQL and Spark, computed by each engine (exact equality, not closeness)."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

import journeymap as jm
from journeymap.measure.measurements import Measurements
from journeymap.measure.readers import read_data
from journeymap.measure.tables import RESPONSE_ROWS
from journeymap.measure.validation import DataError, Period
from tests.helpers import FIXTURES

DATA = FIXTURES / "data"
RESPONSES, TICKETS = str(DATA / "responses.csv"), str(DATA / "tickets.csv")
TYPED_RESPONSES = (
    "SELECT touchpoint AS tp_id, metric, CAST(score AS DOUBLE) AS score, "
    "CAST(timestamp AS TIMESTAMPTZ) AS timestamp "
    f"FROM read_csv('{RESPONSES}', header = true)"
)
TYPED_TICKETS = (
    "SELECT touchpoint, CAST(created_at AS TIMESTAMPTZ) AS created_at, "
    "CAST(first_response_at AS TIMESTAMPTZ) AS first_response_at, "
    "CAST(resolved_at AS TIMESTAMPTZ) AS resolved_at "
    f"FROM read_csv('{TICKETS}', header = true, all_varchar = true)"
)
COLUMNS = {"touchpoint": "tp_id"}  # the survey table names its touchpoint column tp_id


@pytest.fixture(scope="module")
def journey() -> jm.Journey:
    return jm.load(DATA / "journey.yaml")


@pytest.fixture(scope="module")
def from_files(journey: jm.Journey) -> Measurements:
    return read_data(journey, [RESPONSES], [TICKETS])


def same(measured: Measurements, expected: Measurements) -> None:
    assert measured.scores == expected.scores
    assert measured.tickets == expected.tickets
    assert [(s.kind, s.rows, s.skipped, s.first, s.last) for s in measured.sources] == [
        (s.kind, s.rows, s.skipped, s.first, s.last) for s in expected.sources
    ]


# --------------------------------------------------------------------------- DuckDB


@pytest.fixture(scope="module")
def duckdb_file(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("duckdb") / "cx.duckdb"
    with duckdb.connect(str(path)) as connection:
        connection.execute("SET TimeZone = 'UTC'")
        connection.execute(f"CREATE TABLE survey AS {TYPED_RESPONSES}")
        connection.execute(f"CREATE TABLE tickets AS {TYPED_TICKETS}")
    return str(path)


def test_a_duckdb_database_gives_the_same_metrics_as_the_files(
    journey: jm.Journey, from_files: Measurements, duckdb_file: str
) -> None:
    measured = read_data(
        journey,
        [f"duckdb://{duckdb_file}?table=survey"],
        [f"duckdb://{duckdb_file}?table=tickets"],
        columns=COLUMNS,
    )
    same(measured, from_files)
    assert measured.sources[0].path == f"duckdb://{duckdb_file}?table=survey"


def test_counting_per_score_gives_the_groups_counted_row_by_row() -> None:
    """:func:`counted_response_groups` over :func:`score_counts` equals
    :func:`response_groups`, column for column, with missing, fractional and outlying
    scores and bad or missing timestamps among the rows."""
    import datetime

    import ibis

    from journeymap.measure.tables import (
        _fetch,
        counted_response_groups,
        response_groups,
        score_counts,
    )

    day = datetime.datetime(2024, 5, 1, tzinfo=datetime.UTC)
    scores = [1.0, None, 2.5, 9.0, 4.0, 4.0, 11.0, 6.0, 9.0, None]
    rows = ibis.memtable(
        {
            "tp": ["a", "a", "a", "b", "b", "b", "b", "a", "b", "b"],
            "m": ["csat", "csat", "nps", "nps", "nps", "csat", "nps", "csat", "nps", "nps"],
            "s": scores,
            "ts": [day + datetime.timedelta(hours=i) if i % 4 else None for i in range(10)],
            "ts_bad": [i % 4 == 0 for i in range(10)],
        },
        schema=RESPONSE_ROWS,
    )
    assert _fetch(counted_response_groups(score_counts(rows))) == _fetch(response_groups(rows))


def survey_table(path: Path, rows: str, columns: str) -> str:
    """A DuckDB database with a table ``survey`` of ``rows`` (SQL values), and its URL."""
    with duckdb.connect(str(path)) as connection:
        connection.execute(f"CREATE TABLE survey AS SELECT * FROM (VALUES {rows}) AS t({columns})")
    return f"duckdb://{path}?table=survey"


def test_bad_rows_in_a_table_are_named_by_their_key_columns(
    journey: jm.Journey, tmp_path: Path
) -> None:
    url = survey_table(
        tmp_path / "bad.duckdb",
        "('checkout', 'nps', 11.0), ('checkout', 'nps', 9.0), ('nowhere', 'csat', 4.0)",
        "touchpoint, metric, score",
    )
    with pytest.raises(DataError) as error:
        read_data(journey, [url])
    assert error.value.lines() == [
        f"{url}:1:1: unusable row touchpoint='checkout', metric='nps', score=11: "
        "outside the NPS scale 0–10",
        f"{url}:1:1: unusable row touchpoint='nowhere', metric='csat', score=4: "
        "unknown touchpoint or metric",
        f"{url}:1:1: 2 unusable rows; fix them in the table or use --skip-invalid",
    ]
    skipped = read_data(journey, [url], skip_invalid=True)
    assert skipped.skipped_rows == 2 and skipped.sources[0].rows == 1


def test_a_missing_table_column_or_driver_is_said_plainly(
    journey: jm.Journey, duckdb_file: str
) -> None:
    with pytest.raises(DataError, match="missing columns touchpoint; the table has tp_id"):
        read_data(journey, [f"duckdb://{duckdb_file}?table=survey"])
    with pytest.raises(DataError) as refused:
        read_data(journey, [f"duckdb://{duckdb_file}"])
    assert str(refused.value) == (
        f"duckdb://{duckdb_file}:1:1: name the table with ?table=NAME (or, for Spark, files "
        "with ?path=…)"
    )
    with pytest.raises(DataError, match=r"^postgres://cx:\*\*\*@db/cx:1:1: noem de tabel met"):
        read_data(jm.load(EVENT_JOURNEY), ["postgres://cx:s3cret@db/cx"])  # in its language
    with pytest.raises(DataError, match=r"cannot read the table: .*nothere"):
        read_data(journey, [f"duckdb://{duckdb_file}?table=nothere"])


def test_columns_map_file_columns_too(journey: jm.Journey, tmp_path: Path) -> None:
    renamed = tmp_path / "renamed.csv"
    renamed.write_text(
        Path(RESPONSES)
        .read_text(encoding="utf-8")
        .replace("touchpoint,metric,score", "tp,kind,answer", 1),
        encoding="utf-8",
    )
    columns = {"touchpoint": "tp", "metric": "kind", "score": "answer"}
    assert read_data(journey, [str(renamed)], columns=columns).scores == (
        read_data(journey, [RESPONSES]).scores
    )


def test_a_period_chooses_the_same_rows_in_a_table(journey: jm.Journey, duckdb_file: str) -> None:
    period = Period(until=__import__("datetime").date(2024, 5, 1))
    tickets = f"duckdb://{duckdb_file}?table=tickets"
    assert read_data(journey, [], [tickets], period=period).tickets == (
        read_data(journey, [], [TICKETS], period=period).tickets
    )


# --------------------------------------------------------------------------- PostgreSQL


def _load_postgres(url: str) -> None:
    import psycopg

    with psycopg.connect(url) as connection:
        connection.execute("SET TIME ZONE 'UTC'")
        connection.execute(
            "CREATE TABLE survey (tp_id text, metric text, score double precision, "
            '"timestamp" timestamptz)'
        )
        connection.execute(
            "CREATE TABLE tickets (touchpoint text, created_at timestamptz, "
            "first_response_at timestamptz, resolved_at timestamptz)"
        )
        for table, path in (("survey", RESPONSES), ("tickets", TICKETS)):
            with open(path, encoding="utf-8") as stream:
                rows = [[cell or None for cell in row] for row in list(csv.reader(stream))[1:]]
            marks = ", ".join(["%s"] * len(rows[0]))
            with connection.cursor() as cursor:
                cursor.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)


def test_postgresql_computes_exactly_the_same_metrics(
    journey: jm.Journey, from_files: Measurements, postgres: str
) -> None:
    _load_postgres(postgres)
    measured = read_data(
        journey, [f"{postgres}?table=survey"], [f"{postgres}?table=tickets"], columns=COLUMNS
    )
    same(measured, from_files)


# --------------------------------------------------------------------------- Spark


@pytest.fixture(scope="module")
def spark() -> Iterator[object]:
    """A local Spark session (Java from Debian, installed by ./run-tests when missing),
    configured as the one journeymap starts when there is none."""
    from journeymap.measure.tables import local_shuffles

    if shutil.which("java") is None:
        pytest.skip("no Java runtime for Spark (./run-tests installs Debian's openjdk-17)")
    pyspark_sql = pytest.importorskip("pyspark.sql", reason="journeymap[spark] is not installed")
    started = time.monotonic()
    session = (
        pyspark_sql.SparkSession.builder.master("local[2]")
        .appName("journeymap-tests")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", local_shuffles())  # as journeymap's own
        .getOrCreate()
    )
    assert time.monotonic() - started < 300
    yield session
    session.stop()


def test_spark_computes_exactly_the_same_metrics_from_tables_and_lake_files(
    journey: jm.Journey, from_files: Measurements, spark: object, tmp_path: Path
) -> None:
    responses, tickets = tmp_path / "survey.parquet", tmp_path / "tickets.parquet"
    duckdb.execute("SET TimeZone = 'UTC'")
    duckdb.execute(f"COPY ({TYPED_RESPONSES}) TO '{responses}' (FORMAT parquet)")
    duckdb.execute(f"COPY ({TYPED_TICKETS}) TO '{tickets}' (FORMAT parquet)")
    spark.read.parquet(str(responses)).createOrReplaceTempView("survey")  # type: ignore[attr-defined]
    spark.read.parquet(str(tickets)).createOrReplaceTempView("tickets")  # type: ignore[attr-defined]
    from_catalog = read_data(
        journey, ["pyspark://?table=survey"], ["pyspark://?table=tickets"], columns=COLUMNS
    )
    same(from_catalog, from_files)
    from_lake = read_data(
        journey, [f"pyspark://?path={responses}"], [f"pyspark://?path={tickets}"], columns=COLUMNS
    )
    same(from_lake, from_files)
    # The session is the process's (a notebook's): journeymap leaves it running.
    assert spark.range(3).count() == 3  # type: ignore[attr-defined]


@pytest.mark.spark
def test_a_spark_session_journeymap_starts_writes_nothing_but_errors(tmp_path: Path) -> None:
    """Spark's default logging fills the terminal with start-up notes and Java stack
    traces; the session journeymap starts (none is active) logs errors only, and shuffles
    into partitions for this machine's cores."""
    if shutil.which("java") is None:
        pytest.skip("no Java runtime for Spark (./run-tests installs Debian's openjdk-17)")
    pytest.importorskip("pyspark.sql", reason="journeymap[spark] is not installed")
    source = f"pyspark://?path={tmp_path / 'missing.parquet'}"
    environment = {
        k: v for k, v in os.environ.items() if k not in ("SPARK_CONF_DIR", "SPARK_REMOTE")
    }
    finished = subprocess.run(
        [sys.executable, "-m", "journeymap", "metrics", str(EVENT_JOURNEY), "--responses", source],
        capture_output=True,
        text=True,
        env=environment,
    )
    *before, message = finished.stderr.splitlines()
    assert finished.returncode == 2
    assert message.startswith(f"{source}:1:1: de tabel is niet te lezen: [PATH_NOT_FOUND]")
    # Only the Java runtime's own note on the module Spark 4 adds to it comes before.
    assert all(line.startswith("WARNING: Using incubator modules") for line in before), before
    # Its groupings use a few shuffle partitions, not the 200 of a cluster.
    script = (
        "from journeymap.measure.sources import data_source\n"
        "from journeymap.measure.tables import connect\n"
        "backend = connect(data_source('pyspark://?table=events'))\n"
        "print(backend._session.conf.get('spark.sql.shuffle.partitions'))\n"
    )
    shuffles = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=environment
    )
    assert shuffles.stdout.split() == [str(2 * (os.cpu_count() or 1))]


def test_bad_tickets_in_a_table_say_why(journey: jm.Journey, tmp_path: Path) -> None:
    path = tmp_path / "tickets.duckdb"
    with duckdb.connect(str(path)) as connection:
        connection.execute("SET TimeZone = 'UTC'")
        connection.execute(
            "CREATE TABLE tickets AS SELECT * FROM (VALUES "
            "('hotline', TIMESTAMPTZ '2024-05-01 10:00:00+00', "
            "TIMESTAMPTZ '2024-05-01 09:00:00+00', NULL::TIMESTAMPTZ), "
            "('hotline', NULL::TIMESTAMPTZ, NULL::TIMESTAMPTZ, NULL::TIMESTAMPTZ), "
            "('chat', TIMESTAMPTZ '2024-05-01 10:00:00+00', NULL::TIMESTAMPTZ, NULL::TIMESTAMPTZ)"
            ") AS t(touchpoint, created_at, first_response_at, resolved_at)"
        )
    url = f"duckdb://{path}?table=tickets"
    with pytest.raises(DataError) as error:
        read_data(journey, [], [url])
    reasons = [line.rsplit(": ", 1)[1] for line in error.value.lines()[:-1]]
    assert reasons == [
        "answered or resolved before it was created",
        "created_at is empty or not a time",
    ]
    assert error.value.lines()[-1].endswith(
        "2 unusable rows; fix them in the table or use --skip-invalid"
    )


# --------------------------------------------------------------------------- event logs

EVENT_JOURNEY = Path(__file__).parents[2] / "examples" / "vergunning-ontvangst.yaml"
EVENT_LOG = str(EVENT_JOURNEY.parent / "data" / "vergunning-ontvangst-events.parquet")
#: The log as a table of plain names (tables are seldom named in XES).
EVENT_TABLE = (
    'SELECT "case:concept:name" AS case_id, "concept:name" AS activity, '
    f"\"time:timestamp\" AS happened FROM read_parquet('{EVENT_LOG}')"
)
EVENT_COLUMNS = {"case": "case_id", "timestamp": "happened"}
#: The log with a segment for each case: whether its number is even (a stand-in for a
#: first-contact channel).
SEGMENTED = (
    "SELECT *, CASE WHEN hash(case_id) % 2 = 0 THEN 'even' ELSE 'odd' END AS half "
    f"FROM ({EVENT_TABLE})"
)


@pytest.fixture(scope="module")
def paths_from_file() -> dict[str, object]:
    from journeymap.measure.events import read_paths

    return read_paths(jm.load(EVENT_JOURNEY), EVENT_LOG, top=20).to_dict()


def paths_of(source: str) -> dict[str, object]:
    from journeymap.measure.events import read_paths

    return read_paths(jm.load(EVENT_JOURNEY), source, columns=EVENT_COLUMNS, top=20).to_dict()


def test_an_event_log_in_a_duckdb_database_gives_the_same_paths(
    paths_from_file: dict[str, object], tmp_path: Path
) -> None:
    database = tmp_path / "events.duckdb"
    with duckdb.connect(str(database)) as connection:
        connection.execute(f"CREATE TABLE events AS {EVENT_TABLE}")
        connection.execute(
            f"CREATE TABLE broken AS {EVENT_TABLE} UNION ALL SELECT 'c', NULL, now()"
        )
    assert paths_of(f"duckdb://{database}?table=events") == paths_from_file
    with pytest.raises(
        DataError, match=r"1 gebeurtenis zonder zaak, activiteit of leesbaar tijdstip$"
    ):
        paths_of(f"duckdb://{database}?table=broken")  # a table has no line to point at
    with pytest.raises(
        DataError,
        match=r"timestamp \(time, time:timestamp\) ontbreken; de tabel heeft case_id, activity, happened",
    ):
        from journeymap.measure.events import read_paths

        read_paths(jm.load(EVENT_JOURNEY), f"duckdb://{database}?table=events")


def test_postgresql_gives_exactly_the_same_paths(
    paths_from_file: dict[str, object], postgres: str, tmp_path: Path
) -> None:
    """The whole JSON, and with ``--segment`` each segment's, as the file gives them."""
    import psycopg

    from journeymap.measure.events import read_paths

    rows = duckdb.execute(SEGMENTED).fetchall()
    with psycopg.connect(postgres) as connection:
        connection.execute(
            "CREATE TABLE events (case_id text, activity text, happened timestamptz, half text)"
        )
        with connection.cursor() as cursor:
            cursor.executemany("INSERT INTO events VALUES (%s, %s, %s, %s)", rows)
    assert paths_of(f"{postgres}?table=events") == paths_from_file
    log = tmp_path / "segmented.parquet"
    duckdb.execute(f"COPY ({SEGMENTED}) TO '{log}' (FORMAT parquet)")
    journey = jm.load(EVENT_JOURNEY)

    def by_half(source: str) -> dict[str, object]:
        return read_paths(journey, source, columns=EVENT_COLUMNS, top=5, segment="half").to_dict()

    from_table = by_half(f"{postgres}?table=events")
    assert from_table == by_half(str(log))
    assert set(from_table["segments"]) == {"even", "odd"}  # type: ignore[arg-type]
    # A journey drafted from the table (import events), its activities counted by the
    # engine too, is the one drafted from the file.
    from journeymap.measure.discovery import discover

    drafted = discover(f"{postgres}?table=events", columns=EVENT_COLUMNS, lang="nl")
    assert drafted == discover(str(log), columns=EVENT_COLUMNS, lang="nl")


def test_a_read_only_role_gets_the_paths_read_into_duckdb_and_is_told_why(
    paths_from_file: dict[str, object], postgres: str
) -> None:
    """A role without the right to temporary tables (a warehouse's read-only analyst)
    cannot have the engine keep what the paths are computed in: the events are read
    into journeymap's DuckDB instead, and a warning says why."""
    import psycopg

    from journeymap.measure.events import read_paths

    rows = duckdb.execute(EVENT_TABLE).fetchall()
    with psycopg.connect(postgres, autocommit=True) as connection:
        connection.execute(
            "CREATE TABLE readonly_events (case_id text, activity text, happened timestamptz)"
        )
        with connection.cursor() as cursor:
            cursor.executemany("INSERT INTO readonly_events VALUES (%s, %s, %s)", rows)
        connection.execute("CREATE ROLE analyst LOGIN")
        connection.execute("GRANT SELECT ON readonly_events TO analyst")
        connection.execute("REVOKE TEMPORARY ON DATABASE postgres FROM PUBLIC")
    try:
        analyst = postgres.replace("//journeymap@", "//analyst@")
        source = f"{analyst}?table=readonly_events"
        paths = read_paths(jm.load(EVENT_JOURNEY), source, columns=EVENT_COLUMNS, top=20)
    finally:
        with psycopg.connect(postgres, autocommit=True) as connection:
            connection.execute("GRANT TEMPORARY ON DATABASE postgres TO PUBLIC")
    assert paths.to_dict() == paths_from_file
    (note,) = paths.notes
    assert note.startswith(
        "postgres zet de tijdelijke tabellen waarin de paden worden berekend niet neer "
        "(permission denied"
    ), note


def test_a_million_events_in_postgresql_send_back_only_figures(
    postgres: str, tmp_path: Path
) -> None:
    """SPEC §10: a table's paths are computed where it lives.  PostgreSQL's own account
    (pg_stat_statements) of the rows its queries returned (SELECT, and FETCH from the
    cursors Ibis reads through), for a log of 1,000,000 events of 100,000 cases: a few
    dozen, not the events.  What the engine keeps meanwhile (INSERT into its temporary
    tables) stays on the server."""
    import psycopg

    from journeymap.measure.discovery import discover
    from journeymap.measure.events import read_paths

    journey = tmp_path / "journey.yaml"
    journey.write_text(
        "journeymap: 1\nid: shop\ntitle: Shop\nstages: [{id: buy, phase: purchase}]\n"
        "touchpoints:\n"
        "  - {id: ad, stage: buy, owner: CX, entry: true, next: [page]}\n"
        "  - {id: page, stage: buy, owner: CX, next: [cart, chat]}\n"
        "  - {id: chat, stage: buy, owner: CS, next: [cart]}\n"
        "  - {id: cart, stage: buy, owner: CX, exit: true}\n",
        encoding="utf-8",
    )
    with psycopg.connect(postgres, autocommit=True) as connection:
        if connection.execute(
            "SELECT count(*) FROM pg_available_extensions WHERE name = 'pg_stat_statements'"
        ).fetchone() == (0,):
            pytest.skip("PostgreSQL without pg_stat_statements (postgresql-contrib)")
        connection.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        # Ten events a case: ad, page, then chat or cart in turn; a case in seven repeats.
        connection.execute(
            "CREATE TABLE million AS SELECT 'case-' || c AS case_id, "
            "(ARRAY['ad', 'page', 'chat', 'cart'])[CASE WHEN s < 2 THEN s + 1 "
            "WHEN c % 7 = 0 THEN 2 ELSE 3 + (s + c) % 2 END] AS activity, "
            "TIMESTAMPTZ '2026-01-01 00:00:00+00' + (c * 10 + s) * INTERVAL '1 second' AS time "
            "FROM generate_series(0, 99999) AS c, generate_series(0, 9) AS s"
        )
        returned = []
        for command in ("paths", "import events"):
            connection.execute("SELECT pg_stat_statements_reset()")
            if command == "paths":
                paths = read_paths(jm.load(journey), f"{postgres}?table=million")
            else:
                draft = discover(f"{postgres}?table=million")
            returned.append(
                connection.execute(
                    "SELECT sum(rows), max(rows) FROM pg_stat_statements WHERE "
                    "query ~* '^\\s*(select|with|fetch)' AND query !~* 'pg_stat_statements'"
                ).fetchone()
            )
    assert (paths.cases, paths.events) == (100_000, 1_000_000)
    assert paths.touchpoints["chat"]["cases"] > 0 and paths.flows
    assert {tp["name"] for tp in draft["touchpoints"]} == {"ad", "page", "chat", "cart"}
    for (total, largest), command in zip(returned, ("paths", "import events"), strict=True):
        print(f"\n{command}: {total} rows returned (largest {largest}) for 1,000,000 events")
        assert 0 < total < 20_000, f"{command}: {total} rows returned for 1,000,000 events"
        assert largest <= 100  # no query sends back more than a figure per flow or variant


def test_spark_gives_exactly_the_same_paths_from_a_table_and_lake_files(
    paths_from_file: dict[str, object], spark: object, tmp_path: Path
) -> None:
    from journeymap.measure.events import read_paths

    lake = tmp_path / "events.parquet"
    duckdb.execute(f"COPY ({SEGMENTED}) TO '{lake}' (FORMAT parquet)")
    spark.read.parquet(str(lake)).createOrReplaceTempView("events")  # type: ignore[attr-defined]
    assert paths_of("pyspark://?table=events") == paths_from_file
    assert paths_of(f"pyspark://?path={lake}") == paths_from_file
    journey = jm.load(EVENT_JOURNEY)
    by_half = {"columns": EVENT_COLUMNS, "top": 5, "segment": "half"}
    assert (
        read_paths(journey, f"pyspark://?path={lake}", **by_half).to_dict()  # type: ignore[arg-type]
        == read_paths(journey, str(lake), **by_half).to_dict()  # type: ignore[arg-type]
    )


def test_a_mapped_table_column_wins_over_a_column_of_the_same_name(
    journey: jm.Journey, tmp_path: Path
) -> None:
    """As for files: ``--columns touchpoint=tp`` reads ``tp``, not the table's own
    ``touchpoint`` column."""
    url = survey_table(
        tmp_path / "shadow.duckdb",
        "('nowhere', 'checkout', 'csat', 5.0), ('nowhere', 'checkout', 'csat', 4.0)",
        "touchpoint, tp, metric, score",
    )
    measured = read_data(journey, [url], columns={"touchpoint": "tp"})
    assert measured.scores["checkout"]["csat"].n == 2


def test_a_tables_segments_are_those_of_the_same_log_in_a_file(tmp_path: Path) -> None:
    """``--segment`` on a table reads the column where the table lives, as from a file."""
    from journeymap.measure.events import read_paths

    # A case's segment: whether its number is even (a stand-in for a first-contact channel).
    segmented = (
        f"SELECT *, CASE WHEN hash(case_id) % 2 = 0 THEN 'even' ELSE 'odd' END AS half "
        f"FROM ({EVENT_TABLE})"
    )
    database, log = tmp_path / "events.duckdb", tmp_path / "events.parquet"
    with duckdb.connect(str(database)) as connection:
        connection.execute(f"CREATE TABLE events AS {segmented}")
        connection.execute(f"COPY events TO '{log}' (FORMAT parquet)")
    journey = jm.load(EVENT_JOURNEY)

    def measured(source: str) -> dict[str, object]:
        paths = read_paths(journey, source, columns=EVENT_COLUMNS, top=5, segment="half")
        return paths.to_dict()

    from_table = measured(f"duckdb://{database}?table=events")
    assert from_table == measured(str(log))
    assert set(from_table["segments"]) == {"even", "odd"}  # type: ignore[arg-type]


def test_a_local_spark_session_shuffles_into_twice_the_cores_it_may_use(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from journeymap.measure import tables

    monkeypatch.setattr(tables, "cores", lambda: 3)
    assert tables.local_shuffles() == "6"
