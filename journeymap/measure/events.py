"""What customers actually did: a journey's paths measured from an event log (SPEC §9).

An event log has a case, an activity and a timestamp per row (the XES names
``case:concept:name``, ``concept:name`` and ``time:timestamp`` are recognised).  An
activity means the touchpoint that lists it under ``events``, or whose id or name it
is; other activities are left out of the paths and counted.  A case's events are
ordered by timestamp, equal timestamps in input order; its **path** is its mapped
events in that order, and each consecutive pair is a **transition** (a touchpoint
followed by itself included).

DuckDB computes everything in one connection: one pass checks every row and counts
the activities; each case's events are gathered into a list and sorted there (a
hash aggregation, in parts of a few million events, so that memory stays flat);
the distinct paths, weighted by their cases, give every count, and the
transitions' durations, counted per value, give exact quantiles.  Only figures
come back to Python.
"""

from __future__ import annotations

import contextlib
import math
import os
import tempfile
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ..errors import Diagnostic
from ..formats.source import check_regular_file
from ..i18n import N_, number, plural, text
from ..model.observed import Paths
from .file_sql import sql_literal
from .files import file_kind, first_line, literal_path, refuse_ragged_rows
from .sources import is_table, shown_url, without_secrets
from .validation import DataError, Period
from .xes import XES_LINE, is_xes, xes_to_csv

if TYPE_CHECKING:
    from ..model.journey import Journey

EVENT_COLUMNS = ("case", "activity", "timestamp")
#: The names a log's columns go by without ``--columns``: journeymap's own, the commonest
#: export's (``case_id``, ``time``) and the XES attribute names process-mining tools use.
EVENT_COLUMN_NAMES = {
    "case": ("case", "case_id", "case:concept:name"),
    "activity": ("activity", "concept:name"),
    "timestamp": ("timestamp", "time", "time:timestamp"),
}
#: Where a log says who does an activity (``--columns role=COLUMN`` names another): a
#: discovered draft takes each activity's team, and its owner, from it.
ROLE_COLUMNS = ("role", "org:role", "team", "group", "org:group", "department")
#: What logs write where nobody is named (the permit log writes ``EMPTY``): no team.
PLACEHOLDER_ROLES = frozenset({"empty", "none", "null", "n/a", "na", "-", "unknown", "?"})


def activity_map(journey: Journey) -> dict[str, str]:
    """Each activity with the touchpoint it means: listed under ``events`` first, then a
    touchpoint's id, then its name (the first touchpoint in the file wins a tie)."""
    mapping: dict[str, str] = {}
    for tp in journey.touchpoints:
        for activity in tp.events:
            mapping.setdefault(activity, tp.id)
    for tp in journey.touchpoints:
        mapping.setdefault(tp.id, tp.id)
    for tp in journey.touchpoints:
        if tp.name:
            mapping.setdefault(tp.name, tp.id)
    return mapping


def read_paths(
    journey: Journey,
    source: str,
    *,
    columns: Mapping[str, str] | None = None,
    period: Period | None = None,
    top: int = 10,
) -> Paths:
    """Measure the journey's paths from the event log in ``source`` (CSV, Parquet, JSON
    Lines, XES)."""
    import duckdb

    with opened_log(journey, source, columns or {}) as (connection, scan, names, typed):
        try:
            unmapped = _load_events(
                connection, journey, source, scan, names, typed, period or Period()
            )
        except duckdb.OutOfMemoryException:
            raise _too_large_case(connection, journey, source) from None
        return _measure(connection, journey, source, unmapped, top)


def _too_large_case(connection: Any, journey: Journey, source: str) -> DataError:
    """Why the log did not fit: a case is walked whole, and one holds more events than
    :data:`MEMORY_LIMIT` allows (a wrong case column, most often)."""
    largest = connection.execute(
        f"SELECT case_id, count(*) AS n FROM raw WHERE {VALID_EVENT} GROUP BY case_id "
        "ORDER BY n DESC, case_id LIMIT 1"
    ).fetchone()
    case, events = largest if largest else ("?", 0)
    message = text(
        journey.locale,
        "case %(case)s has %(events)s events, more than journeymap orders in %(memory)s of "
        "memory; a case is one customer's way through the journey: is the case column right "
        "(--columns case=COLUMN)?",
        case=repr(case),
        events=number(int(events), journey.locale),
        memory=MEMORY_LIMIT,
    )
    return _error(source, message)


@contextlib.contextmanager
def opened_log(
    journey: Journey, source: str, columns: Mapping[str, str]
) -> Iterator[tuple[Any, str, dict[str, str], bool]]:
    """A DuckDB connection (times in UTC) and the log's scan, its event columns and
    whether it stores times typed.  An XES file is first streamed into a CSV file; a
    table's three event columns are fetched, in the order the engine returns its rows."""
    import duckdb

    table = is_table(source)
    if not table:
        check_regular_file(source, DataError, journey.locale)
    connection = duckdb.connect()
    connection.execute("SET TimeZone = 'UTC'")  # timestamps without an offset are UTC
    connection.execute("SET enable_progress_bar_print = false")  # stderr is for messages
    try:
        with contextlib.ExitStack() as stack:
            work = stack.enter_context(tempfile.TemporaryDirectory(prefix="journeymap-"))
            # A bounded memory, spilling to disk beyond it: a log of any length fits.
            connection.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
            connection.execute(f"SET temp_directory = {sql_literal(os.path.join(work, 'spill'))}")
            if table:
                scan = stack.enter_context(_table_events(connection, journey, source, columns))
                columns = {}
            elif is_xes(source):
                converted = os.path.join(work, "events.csv")
                xes_to_csv(source, converted, columns, journey.locale)
                scan, columns = _scan(converted, converted), {}
            else:
                scan = _scan(source, literal_path(source, lambda: work))
            names, typed = _event_columns(connection, journey, source, scan, columns)
            yield connection, scan, names, typed
    finally:
        connection.close()


@contextlib.contextmanager
def _table_events(
    connection: Any, journey: Journey, url: str, columns: Mapping[str, str]
) -> Iterator[str]:
    """The table's case, activity and timestamp columns as the DuckDB scan ``fetched``,
    while the backend stays open: it selects them (and casts ids to text) and sends them
    in batches as DuckDB reads them, once and in the order they come, into the table of
    events (see :func:`_load_events`).  No engine's whole table is held in memory."""
    from .readers import table_errors, table_source

    source = table_source(url, journey)
    with table_errors(source, journey):
        from .tables import connect, open_table, release

        backend = connect(source)
        try:
            table = open_table(backend, source)
            names = _resolved(journey, url, list(table.columns), columns)
            selected = table.select(
                case=table[names["case"]].cast("string"),
                activity=table[names["activity"]].cast("string"),
                timestamp=table[names["timestamp"]],
            )
            connection.register("fetched", event_batches(backend, selected, FETCH_ROWS))
            yield "fetched"  # a failure while the batches come is the table's, too
        finally:
            release(backend)


def event_batches(backend: Any, selected: Any, rows: int) -> Any:
    """The selected rows as a pyarrow ``RecordBatchReader`` of ``rows`` rows a batch.
    Ibis 12's own reader calls ``fetch_record_batch``, which DuckDB 2.0's connections
    no longer have; there a DuckDB database is read with DuckDB's reader instead.
    (Ibis's Spark reader collects the whole result first: Spark sends it at once.)"""
    if backend.name == "duckdb" and not hasattr(backend.con, "fetch_record_batch"):
        return backend.con.sql(backend.compile(selected)).to_arrow_reader(rows)
    return selected.to_pyarrow_batches(chunk_size=rows)


def _scan(path: str, literal: str) -> str:
    kind = file_kind(path)
    if kind == "parquet":
        return f"read_parquet({sql_literal(literal)})"
    if kind == "jsonl":
        return f"read_json({sql_literal(literal)}, format = 'newline_delimited')"
    return f"read_csv({sql_literal(literal)}, header = true, all_varchar = true)"


def _error(path: str, message: str, line: int = 1) -> DataError:
    """A DataError at ``path`` (a URL with its secrets hidden, in the place and the text)."""
    shown = shown_url(path)
    message = without_secrets(message, path)
    return DataError(f"{shown}: {message}", [Diagnostic(shown, line, 1, message)])


def _event_columns(
    connection: Any, journey: Journey, path: str, scan: str, columns: Mapping[str, str]
) -> tuple[dict[str, str], bool]:
    """The log's column for case, activity and timestamp: as ``--columns`` maps it, else
    the name itself, else its XES name; and whether the log stores its times typed."""
    if not is_table(path) and os.path.getsize(path) == 0:
        raise _error(path, text(journey.locale, "the file is empty"))
    try:
        described = connection.execute(f"SELECT * FROM {scan} LIMIT 0").description
        available = [d[0] for d in described]
    except Exception as exc:
        reason = text(journey.locale, "cannot read the file: %(reason)s", reason=first_line(exc))
        raise _error(path, reason) from None
    types = {d[0]: str(d[1]) for d in described}
    names = _resolved(journey, path, available, columns)
    # A time a file stores typed (Parquet, JSON) is read as it is, not through text.
    return names, types.get(names["timestamp"], "").startswith("TIMESTAMP")


def _resolved(
    journey: Journey, source: str, available: list[str], columns: Mapping[str, str]
) -> dict[str, str]:
    """The column of case, activity and timestamp: as ``--columns`` maps it, else the name
    itself, else its XES name; a missing one is a DataError naming those there are."""
    names, missing = {}, []
    for name in EVENT_COLUMNS:
        known = EVENT_COLUMN_NAMES[name]
        candidates = [columns[name]] if name in columns else known
        found = next((c for c in candidates if c in available), None)
        if found is None:
            missing.append(columns.get(name) or f"{name} ({', '.join(known[1:])})")
        else:
            names[name] = found
    if missing:
        if not is_table(source) and file_kind(source) == "csv":
            refuse_ragged_rows(source, journey.locale)  # the cause of a one-column read
        raise missing_columns(journey, source, missing, available)
    return names


def missing_columns(
    journey: Journey, source: str, missing: list[str], available: list[str]
) -> DataError:
    message = (
        N_(
            "missing columns %(missing)s; the table has %(columns)s (map them with "
            "--columns NAME=COLUMN)"
        )
        if is_table(source)
        else N_(
            "missing columns %(missing)s; the file has %(columns)s (map them with "
            "--columns NAME=COLUMN)"
        )
    )
    shown = text(journey.locale, message, missing=", ".join(missing), columns=", ".join(available))
    return _error(source, shown)


def quoted(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


def event_columns_sql(names: dict[str, str], typed_time: bool) -> str:
    """The log's case, activity and time as ``case_id``, ``activity`` and ``ts``: texts
    trimmed (empty is none), a time as the log stores it or parsed from its text."""
    case, activity, when = (quoted(names[n]) for n in EVENT_COLUMNS)
    time = (
        f"CAST({when} AS TIMESTAMPTZ)"
        if typed_time
        else f"TRY_CAST(CAST({when} AS VARCHAR) AS TIMESTAMPTZ)"
    )
    return (
        f"nullif(trim(CAST({case} AS VARCHAR)), '') AS case_id, "
        f"nullif(trim(CAST({activity} AS VARCHAR)), '') AS activity, {time} AS ts"
    )


#: An event journeymap counts: a case, an activity and a readable, finite time.
VALID_EVENT = "case_id IS NOT NULL AND activity IS NOT NULL AND ts IS NOT NULL AND isfinite(ts)"


def _load_events(
    connection: Any,
    journey: Journey,
    path: str,
    scan: str,
    names: dict[str, str],
    typed_time: bool,
    period: Period,
) -> dict[str, int]:
    """Every event checked, and the paths in the period walked into the tables
    ``variants`` and ``durations`` (see :func:`_walk`); the events in the period of each
    activity no touchpoint means."""
    columns = event_columns_sql(names, typed_time)
    # The input order: Parquet numbers its rows; other logs are loaded into a table (read
    # once, times parsed once), whose row ids follow the file: DuckDB keeps the order.
    if scan.startswith("read_parquet("):
        scan = scan[:-1] + ", file_row_number = true)"
        view = f"SELECT file_row_number AS seq, {columns} FROM {scan}"
    else:
        connection.execute(f"CREATE TEMP TABLE loaded AS SELECT {columns} FROM {scan}")
        view = "SELECT rowid AS seq, case_id, activity, ts FROM loaded"
    connection.execute(f"CREATE TEMP VIEW raw AS {view}")
    bad = f"NOT ({VALID_EVENT})"
    keep = period.sql("ts")
    # One pass checks every row and counts the events of each activity in the period.
    counted = connection.execute(
        f"SELECT activity, count_if({bad}), count_if(NOT ({bad}) AND {keep}) FROM raw "
        "GROUP BY activity"
    ).fetchall()
    broken = sum(row[1] for row in counted)
    if broken:
        _refuse_broken(connection, journey, path, scan, bad, broken)
    mapping = activity_map(journey)
    _pairs_table(connection, "activity_map", ("activity", "tp"), mapping)
    events = sum(row[2] for row in counted)
    _walk(connection, keep, max(1, math.ceil(events / PARTITION_EVENTS)))
    return dict(
        sorted((a, n) for a, _bad, n in counted if a is not None and a not in mapping and n)
    )


#: Cases are walked in parts of about this many events (by a hash of the case id), so
#: that memory stays flat however long the log: only each part's distinct paths and
#: its transitions' durations (counted per value) are kept.
PARTITION_EVENTS = 4_000_000
#: What DuckDB may hold in memory while walking them; beyond it, it writes to disk.
MEMORY_LIMIT = "1200MB"
#: Rows of a table's event log sent per batch: a few MB of ids and names.
FETCH_ROWS = 100_000


def _walk(connection: Any, keep: str, parts: int) -> None:
    """Each case's path, reduced to ``variants`` (v, path, n: the cases taking it) and
    ``durations`` (src, tp, seconds, n: the transitions taking so long)."""
    connection.execute("CREATE TEMP TABLE part_paths (path VARCHAR[], n BIGINT)")
    connection.execute(
        "CREATE TEMP TABLE part_durations (src VARCHAR, tp VARCHAR, seconds DOUBLE, n BIGINT)"
    )
    for part in range(parts):
        chosen = f"hash(case_id) % {parts} = {part}" if parts > 1 else "TRUE"
        # Each case's events sorted by time, then input order: small lists sorted after a
        # hash aggregation, where one window over all events would sort them all together.
        connection.execute(
            "CREATE OR REPLACE TEMP TABLE walks AS SELECT list_transform(steps, lambda x: x.p) "
            "AS path, list_transform(steps, lambda x: x.t) AS times FROM (SELECT list_sort("
            "list({'t': epoch_us(ts), 's': seq, 'p': tp})) AS steps FROM raw JOIN activity_map "
            f"USING (activity) WHERE {keep} AND {chosen} GROUP BY case_id)"
        )
        connection.execute("INSERT INTO part_paths SELECT path, count(*) FROM walks GROUP BY path")
        connection.execute(
            f"INSERT INTO part_durations SELECT src, tp, seconds, count(*) FROM (SELECT {_STEPS} "
            "FROM walks) GROUP BY src, tp, seconds"
        )
    connection.execute("DROP TABLE walks")
    connection.execute(
        "CREATE TEMP TABLE variants AS SELECT row_number() OVER () AS v, path, n FROM "
        "(SELECT path, sum(n) AS n FROM part_paths GROUP BY path)"
    )
    connection.execute(
        "CREATE TEMP TABLE durations AS SELECT src, tp, seconds, sum(n) AS n FROM "
        "part_durations GROUP BY src, tp, seconds"
    )
    connection.execute("DROP TABLE part_paths")
    connection.execute("DROP TABLE part_durations")


def _refuse_broken(
    connection: Any, journey: Journey, path: str, scan: str, bad: str, count: int
) -> None:
    """The DataError for events without a case, an activity or a readable time."""
    if is_table(path):  # a table has no lines to point at
        message = plural(
            journey.locale,
            "%(count)s event without a case, an activity or a readable timestamp",
            "%(count)s events without a case, an activity or a readable timestamp",
            count,
        )
        raise _error(path, message)
    first = connection.execute(f"SELECT min(seq) FROM raw WHERE {bad}").fetchone()[0]
    line = int(first) + 1 + (1 if file_kind(path) == "csv" else 0)  # a CSV has a header
    if is_xes(path):  # the row of the CSV it was written to says its line in the XES file
        # DuckDB keeps a file's order in a plain scan (preserve_insertion_order).
        row = connection.execute(f"SELECT {XES_LINE} FROM {scan} LIMIT 1 OFFSET ?", [int(first)])
        line = int(row.fetchone()[0])
    message = plural(
        journey.locale,
        "%(count)s event without a case, an activity or a readable timestamp, on line %(line)s",
        "%(count)s events without a case, an activity or a readable timestamp, the "
        "first on line %(line)s",
        count,
        line=line,
    )
    raise _error(path, message, line)


#: A path's transitions: each touchpoint with the next, and the seconds between them.
#: The microseconds are subtracted as doubles (exact for any real log's times): two times
#: 580,000 years apart overflowed a 64-bit integer.
_STEPS = (
    "unnest(path[1:-2]) AS src, unnest(path[2:]) AS tp, "
    "unnest(list_transform(list_zip(times[1:-2], times[2:]), "
    "lambda x: (x[2]::DOUBLE - x[1]::DOUBLE) / 1e6)) AS seconds"
)


def _pairs_table(
    connection: Any, name: str, columns: tuple[str, str], pairs: Mapping[str, str]
) -> None:
    """A temporary table of two text columns filled from ``pairs`` in one statement: row
    by row (``executemany``), 40,000 activities took seconds."""
    first, second = columns
    connection.execute(f"CREATE TEMP TABLE {name} ({first} VARCHAR, {second} VARCHAR)")
    connection.execute(
        f"INSERT INTO {name} SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[])",
        [list(pairs), list(pairs.values())],
    )


def _measure(
    connection: Any, journey: Journey, source: str, unmapped: dict[str, int], top: int
) -> Paths:
    """Every figure of SPEC §9 from the distinct paths (``variants``), weighted by their
    cases, and the durations of the transitions (``durations``)."""

    def rows(sql: str, parameters: list[Any] | None = None) -> list[tuple[Any, ...]]:
        return list(connection.execute(sql, parameters).fetchall())

    paths = Paths(source=shown_url(source), unmapped=unmapped)
    totals = rows("SELECT sum(n), sum(n * len(path)), count(*) FROM variants")[0]
    paths.cases, paths.events, paths.variants = (int(value or 0) for value in totals)
    last_stage = journey.stages[-1].id if journey.stages else None
    exits = {tp.id for tp in journey.touchpoints if tp.exit}
    stage_of = {tp.id: tp.stage for tp in journey.touchpoints}
    ends = dict(rows("SELECT path[-1], sum(n) FROM variants GROUP BY 1"))
    paths.touchpoints = {
        tp: {
            "cases": int(cases),
            "visits": int(visits),
            "dropoff": int(ends.get(tp, 0))
            if tp not in exits and stage_of[tp] != last_stage
            else 0,
            "repeat_cases": int(repeats or 0),
        }
        for tp, cases, visits, repeats in rows(
            "SELECT tp, sum(n), sum(n * visits), sum(n) FILTER (WHERE visits >= 2) FROM "
            "(SELECT v, n, tp, count(*) AS visits FROM (SELECT v, n, unnest(path) AS tp "
            "FROM variants) GROUP BY v, n, tp) GROUP BY tp ORDER BY tp"
        )
    }
    _pairs_table(connection, "tp_stage", ("tp", "stage"), stage_of)
    paths.stages = {
        stage: int(n)
        for stage, n in rows(
            "SELECT stage, sum(n) FROM (SELECT DISTINCT v, n, stage FROM (SELECT v, n, "
            "unnest(path) AS tp FROM variants) JOIN tp_stage USING (tp)) GROUP BY stage "
            "ORDER BY stage"
        )
    }
    paths.flows = _flows(journey, rows)
    paths.leaving = {
        tp: int(n)
        for tp, n in rows(
            "SELECT src, sum(n) FROM (SELECT DISTINCT v, n, src FROM (SELECT v, n, "
            "unnest(path[1:-2]) AS src, unnest(path[2:]) AS tp FROM variants) WHERE src <> tp) "
            "GROUP BY src ORDER BY src"
        )
    }
    designed = {(edge.source, edge.flow.to) for edge in journey.flows()}
    taken = {(flow["from"], flow["to"]) for flow in paths.flows}
    paths.unused_designed = sorted(f"{a}->{b}" for a, b in designed - taken)
    paths.top_variants = [
        {"path": list(path), "cases": int(n)}
        for path, n in rows("SELECT path, n FROM variants ORDER BY n DESC, path LIMIT ?", [top])
    ]
    entries = [tp.id for tp in journey.entry_points()]
    fitting = rows(
        "SELECT sum(n) FROM variants WHERE list_contains(?::VARCHAR[], path[1]) "
        "AND list_contains(?::VARCHAR[], path[-1]) AND coalesce(list_bool_and(list_transform("
        "list_zip(path[1:-2], path[2:]), lambda x: list_contains(?::VARCHAR[], "
        "x[1] || ' ' || x[2]))), true)",
        [entries, sorted(exits), [f"{a} {b}" for a, b in sorted(designed)]],
    )[0][0]
    paths.fitting_cases = int(fitting or 0)
    return paths


def _flows(journey: Journey, rows: Any) -> list[dict[str, Any]]:
    """Every transition taken: its count and duration quantiles from the durations counted
    per value, the cases taking it from the distinct paths."""
    designed = {(edge.source, edge.flow.to) for edge in journey.flows()}
    cases = {
        (source, target): int(n)
        for source, target, n in rows(
            "SELECT src, tp, sum(n) FROM (SELECT DISTINCT v, n, src, tp FROM (SELECT v, n, "
            "unnest(path[1:-2]) AS src, unnest(path[2:]) AS tp FROM variants)) GROUP BY src, tp"
        )
    }
    flows = []
    for source, target, count, *ranked in rows(_QUANTILES):
        flows.append(
            {
                "from": source,
                "to": target,
                "count": int(count),
                "cases": cases[(source, target)],
                "designed": (source, target) in designed,
                "median_s": _interpolated(int(count), 0.5, *ranked[:2]),
                "p90_s": _interpolated(int(count), 0.9, *ranked[2:]),
            }
        )
    return flows


def _rank(q: float, side: str) -> str:
    """The duration at the 0-based rank below (``floor``) or above (``ceil``) position
    (n - 1)·q of a flow's sorted durations: the first value whose running count passes it."""
    return f"arg_min(seconds, upto) FILTER (WHERE upto > {side}((total - 1) * {q}))"


#: Each flow's count and the durations either side of its median and 90th percentile.
_QUANTILES = (
    f"SELECT src, tp, any_value(total), {_rank(0.5, 'floor')}, {_rank(0.5, 'ceil')}, "
    f"{_rank(0.9, 'floor')}, {_rank(0.9, 'ceil')} FROM (SELECT src, tp, seconds, "
    "sum(n) OVER (PARTITION BY src, tp ORDER BY seconds) AS upto, "
    "sum(n) OVER (PARTITION BY src, tp) AS total FROM durations) "
    "GROUP BY src, tp ORDER BY any_value(total) DESC, src, tp"
)


def _interpolated(count: int, q: float, below: float, above: float) -> float:
    """The linearly interpolated quantile (DuckDB's ``quantile_cont``, numpy's default)."""
    position = (count - 1) * q
    return below + (above - below) * (position - math.floor(position))
