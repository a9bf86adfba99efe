"""What customers actually did: a journey's paths measured from an event log (SPEC §9).

An event log has a case, an activity and a timestamp per row (the XES names
``case:concept:name``, ``concept:name`` and ``time:timestamp`` are recognised).  An
activity means the touchpoint that lists it under ``events``, or whose id or name it
is; other activities are left out of the paths and counted.  A case's events are
ordered by timestamp, equal timestamps in input order; its **path** is its mapped
events in that order, and each consecutive pair is a **transition** (a touchpoint
followed by itself included).

A table of an engine (PostgreSQL, Spark, a warehouse) is measured where it lives, by
:mod:`.table_paths`.  A file, a DuckDB database's table, and the table of an engine
lacking an operation those need, DuckDB walks in one connection: one pass checks every
row and counts the activities; each case's events are gathered into a list and sorted
there (a hash aggregation, in parts, so that memory stays flat: runs of the log's rows
where it keeps each case's events together, else parts written once by a hash of the
case id); the distinct paths, weighted by their cases, give every count, and the
transitions' durations, counted per value, give exact quantiles.  Only figures come
back to Python.
"""

from __future__ import annotations

import itertools
import math
import os
import tempfile
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..i18n import N_, number, text
from ..model.observed import Paths
from . import event_logs
from .access import EngineLacks, EngineRefuses, source_of
from .event_logs import (
    SEGMENT,
    VALID_EVENT,
    disk_full,
    event_columns_sql,
    is_local_table,
    log_error,
    opened_log,
    refuse_broken_events,
)
from .event_mapping import (
    MAX_SEGMENTS,
    activity_map,
    backstage_steps,
    droppable,
    step_map,
    unmapped_events,
    unused_designed,
)
from .file_sql import sql_literal
from .sources import DataSource, TableSource, without_secrets
from .validation import DataError, Period

if TYPE_CHECKING:
    from ..model.journey import Journey


def read_paths(
    journey: Journey,
    source: str | DataSource,
    *,
    columns: Mapping[str, str] | None = None,
    period: Period | None = None,
    top: int = 10,
    segment: str | None = None,
) -> Paths:
    """Measure the journey's paths from the event log in ``source`` (CSV, Parquet, JSON
    Lines, XES) or the table a connection URL names; with ``segment`` (a column of the
    log: a case's first-contact channel, its product), the same figures for the cases of
    each of its :data:`MAX_SEGMENTS` commonest values too."""
    import duckdb

    source = source_of(source, journey)
    asked = {**(columns or {}), **({SEGMENT: segment} if segment else {})}
    period = period or Period()
    fallback = ""
    if isinstance(source, TableSource) and not is_local_table(source):
        measured, fallback = _where_it_lives(journey, source, asked, period, top, segment)
        if measured is not None:
            return measured
    with opened_log(journey, source, asked) as (connection, scan, names, typed):
        try:
            unmapped = _load_events(connection, journey, source, scan, names, typed, period)
        except duckdb.OutOfMemoryException as error:
            if disk_full(error):
                raise  # no case too large: the disk is full (opened_log says so)
            raise _too_large_case(connection, journey, source) from None
        _focus(connection, None, every=True)
        paths = _measure(connection, journey, source, unmapped, top)
        if segment:
            _segments(connection, journey, source, paths, segment, top)
        paths.notes += [fallback] if fallback else []
        return paths


def _where_it_lives(
    journey: Journey,
    source: TableSource,
    asked: dict[str, str],
    period: Period,
    top: int,
    segment: str | None,
) -> tuple[Paths | None, str]:
    """The paths as the table's engine computes them; else none, and why its events are
    to be read into DuckDB instead (an operation it lacks, temporary tables it refuses)."""
    from .table_paths import table_paths

    try:
        return table_paths(journey, source, asked, period, top, segment), ""
    except EngineLacks as lack:
        return None, text(
            journey.locale,
            "%(engine)s cannot compute the paths where the table lives (it lacks the "
            "operation %(operation)s): its events were read into journeymap's DuckDB",
            engine=source.backend,
            operation=str(lack),
        )
    except EngineRefuses as refusal:
        return None, text(
            journey.locale,
            "%(engine)s would not keep the temporary tables the paths are computed in "
            "(%(reason)s): its events were read into journeymap's DuckDB",
            engine=source.backend,
            reason=without_secrets(str(refusal), source.location),
        )


def _segments(
    connection: Any, journey: Journey, source: DataSource, paths: Paths, column: str, top: int
) -> None:
    """The paths of each of the commonest values of ``column``, into ``paths``."""
    values = connection.execute(
        "SELECT segment, sum(n) FROM seg_variants GROUP BY segment "
        "ORDER BY sum(n) DESC, segment NULLS LAST LIMIT ?",
        [MAX_SEGMENTS],
    ).fetchall()
    paths.segment = column
    for value, _cases in values:
        _focus(connection, value, every=False)
        paths.segments[value or ""] = _measure(connection, journey, source, {}, top)
    paths.other_segment_cases = paths.cases - sum(p.cases for p in paths.segments.values())


def _too_large_case(connection: Any, journey: Journey, source: DataSource) -> DataError:
    """Why the log did not fit: a case is walked whole, and one holds more events than
    :data:`.event_logs.MEMORY_LIMIT` allows (a wrong case column, most often).  Where
    even finding that case runs out of memory, the message names no case."""
    import duckdb

    memory = event_logs.MEMORY_LIMIT  # as set on the connection, read when it is
    try:
        largest = connection.execute(
            f"SELECT case_id, count(*) AS n FROM raw WHERE {VALID_EVENT} GROUP BY case_id "
            "ORDER BY n DESC, case_id LIMIT 1"
        ).fetchone()
    except duckdb.OutOfMemoryException as error:
        if disk_full(error):
            raise  # it could not spill: the disk is full (opened_log says so)
        message = text(journey.locale, TOO_LARGE_CASES, memory=memory)
        return log_error(source, message)
    case, events = largest if largest else ("?", 0)
    message = text(
        journey.locale,
        "case %(case)s has %(events)s events, more than journeymap orders in %(memory)s of "
        "memory; a case is one customer's way through the journey: is the case column right "
        "(--columns case=COLUMN)?",
        case=repr(case),
        events=number(int(events), journey.locale),
        memory=memory,
    )
    return log_error(source, message)


TOO_LARGE_CASES = N_(
    "the log's cases hold more events than journeymap orders in %(memory)s of memory; a case "
    "is one customer's way through the journey: is the case column right (--columns "
    "case=COLUMN)?"
)


def _load_events(
    connection: Any,
    journey: Journey,
    source: DataSource,
    scan: str,
    names: dict[str, str],
    typed_time: bool,
    period: Period,
) -> dict[str, int]:
    """Every event checked, and the paths in the period walked into the tables
    ``variants`` and ``durations`` (see :func:`_walk`); the events in the period of each
    activity no touchpoint means."""
    columns = event_columns_sql(names, typed_time)
    segment = "" if SEGMENT in names else ", NULL::VARCHAR AS segment"
    # The input order: Parquet numbers its rows; other logs are loaded into a table (read
    # once, times parsed once), whose row ids follow the file: DuckDB keeps the order.
    if scan.startswith("read_parquet("):
        scan = scan[:-1] + ", file_row_number = true)"
        view = f"SELECT file_row_number AS seq, {columns}{segment} FROM {scan}"
    else:
        _load(connection, journey, source, f"SELECT {columns} FROM {scan}")
        view = f"SELECT rowid AS seq, *{segment} FROM loaded"
    connection.execute(f"CREATE TEMP VIEW raw AS {view}")
    bad = f"NOT ({VALID_EVENT})"
    keep = period.sql("ts")
    # One pass checks every row and counts the events of each activity in the period.
    counted = connection.execute(
        f"SELECT activity, count_if({bad}), count_if(NOT ({bad}) AND {keep}), count(*) FROM "
        "raw GROUP BY activity"
    ).fetchall()
    broken = sum(row[1] for row in counted)
    if broken:
        refuse_broken_events(connection, journey, source, scan, bad, broken)
    mapping, steps = activity_map(journey), step_map(journey)
    _pairs_table(connection, "activity_map", ("activity", "tp"), mapping)
    # Paths are walked as lists of numbers, which are gathered and sorted faster than
    # text; the touchpoints' ids come back in :func:`_gather`.
    connection.execute(
        "CREATE OR REPLACE TEMP TABLE activity_map AS SELECT activity, tp, "
        "dense_rank() OVER (ORDER BY tp)::INTEGER AS i FROM activity_map"
    )
    step_keys = {activity: f"{tp} {step}" for activity, (tp, step) in steps.items()}
    _pairs_table(connection, "step_map", ("activity", "step"), step_keys)
    events, rows = sum(row[2] for row in counted), sum(row[3] for row in counted)
    _walk(connection, keep, events, rows=rows, waits=bool(steps))
    return unmapped_events(mapping, steps, [(a, n) for a, _bad, n, _rows in counted])


def _load(connection: Any, journey: Journey, source: DataSource, rows: str) -> None:
    """A log other than Parquet loaded into the table ``loaded``, in the file's order.
    Where that alone runs out of memory, no case is to blame: said so, with what helps."""
    import duckdb

    try:
        connection.execute(f"CREATE TEMP TABLE loaded AS {rows}")
    except duckdb.OutOfMemoryException as error:
        if disk_full(error):
            raise  # it could not spill: the disk is full (opened_log says so)
        memory = event_logs.MEMORY_LIMIT
        raise log_error(source, text(journey.locale, _NOT_LOADED, memory=memory)) from None


_NOT_LOADED = N_(
    "reading the log in its order took more than the %(memory)s of memory journeymap gives "
    "it; save the log as Parquet, which is read where it lies, in parts"
)


#: Cases are walked in parts of about this many events, so that memory stays flat however
#: long the log: only each part's distinct paths and its transitions' durations (counted
#: per value) are kept.  A log that keeps each case's events together (most exports do:
#: sorted by case, then time) is cut into runs of its rows, each read alone.  Any other
#: log is written once into parts picked by a hash of the case id, each then read alone.
#: (Reading the whole log again for each hash part took 46.6 s for 100 M events in ten
#: parts, 15 times 10 M's, and 96.6 s in time order; now 24 s in runs, 59 s written.)
PART_EVENTS = 1_000_000
#: Rows looked at to tell whether a log keeps its cases together, and how far a run's
#: end may move to fall between two cases.
SAMPLE_ROWS = 10_000


def _walk(connection: Any, keep: str, events: int, *, rows: int, waits: bool = False) -> None:
    """Each case's path, with the segment of its first event, reduced to ``seg_variants``
    (segment, path, n: the cases taking it) and ``seg_durations`` (segment, src, tp,
    seconds, n: the transitions taking so long); with ``waits``, the waits on backstage
    steps into ``seg_waits`` (src: the step) and the cases waiting on each into
    ``seg_step_cases``.  :func:`_focus` reads them for all cases or one segment.
    ``events``: the log's events in the period; ``rows``: all its rows.

    A part must hold every event of its cases.  Walked in runs, a log is checked for it:
    the cases walked must be as many as the log's; else it is walked again, by hash."""
    parts = math.ceil(events / PART_EVENTS)
    runs = _runs(connection, parts, rows)
    if runs and _walk_parts(connection, keep, runs, waits) == _cases(connection, keep, waits):
        return _gather(connection)
    if parts < 2:
        _walk_parts(connection, keep, ["raw"], waits)
        return _gather(connection)
    with tempfile.TemporaryDirectory(prefix="journeymap-") as folder:
        _walk_parts(connection, keep, _hashed_parts(connection, keep, parts, folder), waits)
    _gather(connection)


def _hashed_parts(connection: Any, keep: str, parts: int, folder: str) -> list[str]:
    """The log's events in the period written once into ``folder``, in ``parts`` Parquet
    files picked by a hash of the case id: the scans of each part."""
    # Each event carries its place in the log (seq): the files need not keep the order.
    connection.execute("SET preserve_insertion_order = false")
    try:
        connection.execute(
            f"COPY (SELECT hash(case_id) % {parts} AS part, * FROM raw WHERE {keep}) TO "
            f"{sql_literal(folder)} (FORMAT parquet, PARTITION_BY (part))"
        )
    finally:
        connection.execute("RESET preserve_insertion_order")
    return [
        "read_parquet([{}])".format(", ".join(sql_literal(file) for file in _files(part)))
        for part in _files(folder)
    ]


def _files(folder: str) -> list[str]:
    """What ``folder`` holds, named whole: DuckDB would read a pattern as a glob."""
    return sorted(os.path.join(folder, name) for name in os.listdir(folder))


def _runs(connection: Any, parts: int, rows: int) -> list[str]:
    """``parts`` runs of the log's rows, each ending between two cases, if there are
    two or more and a sample of rows from the log's middle keeps each case's rows
    together; else none."""
    if parts < 2:
        return []
    middle = rows // 2
    sample = connection.execute(
        f"SELECT case_id FROM raw WHERE seq >= {middle} AND seq < {middle + SAMPLE_ROWS} "
        "ORDER BY seq"
    ).fetchall()
    changes = sum(1 for before, after in itertools.pairwise(sample) if before != after)
    if changes + 1 != len(set(sample)):
        return []  # a case comes back after another's rows: cut by hash
    bounds = [0, *_ends_between_cases(connection, -(-rows // parts), parts, rows), rows]
    return [
        f"(SELECT * FROM raw WHERE seq >= {start} AND seq < {end})"
        for start, end in itertools.pairwise(bounds)
        if start < end
    ]


def _ends_between_cases(connection: Any, size: int, parts: int, rows: int) -> list[int]:
    """The ends of ``parts`` runs of ``size`` rows, each moved to the first row at or after
    it whose case is not the one of the row before it: found in one pass over the
    :data:`SAMPLE_ROWS` rows after each end (a query per end took 17 ms at 100 M rows),
    further on where one case fills them."""
    found = dict(
        connection.execute(
            f"WITH near AS (SELECT (seq + 1) // {size} AS k, seq, case_id FROM raw WHERE "
            f"(seq + 1) % {size} <= {SAMPLE_ROWS} AND seq + 1 >= {size} AND seq + 1 < "
            f"{parts * size}), before AS (SELECT k, case_id AS last FROM near WHERE seq = k * "
            f"{size} - 1) SELECT k, min(seq) FILTER (WHERE seq >= k * {size} AND case_id IS "
            "DISTINCT FROM last) FROM near JOIN before USING (k) GROUP BY k"
        ).fetchall()
    )
    return [
        int(found[part]) if found.get(part) is not None else _between_cases(connection, row, rows)
        for part, row in ((part, part * size) for part in range(1, parts))
    ]


def _between_cases(connection: Any, row: int, rows: int) -> int:
    """The first row at or after ``row`` whose case is not the one of the row before it
    (looked for in windows of :data:`SAMPLE_ROWS` rows, then twice as many, and on)."""
    if row >= rows:
        return rows
    case = connection.execute(f"SELECT case_id FROM raw WHERE seq = {row - 1}").fetchone()[0]
    start, span = row, SAMPLE_ROWS
    while start < rows:
        found = connection.execute(
            f"SELECT min(seq) FROM raw WHERE seq >= {start} AND seq < {start + span} "
            "AND case_id IS DISTINCT FROM ?",
            [case],
        ).fetchone()[0]
        if found is not None:
            return int(found)
        start, span = start + span, span * 2
    return rows


def _cases(connection: Any, keep: str, waits: bool) -> int:
    """The cases in the period with an event of a touchpoint, or with ``waits`` of a
    touchpoint or a backstage step: as :func:`_walk_parts` counts them."""
    return int(
        connection.execute(
            f"SELECT count(DISTINCT case_id) FROM {_WALKED.format(part='raw')} WHERE {keep} AND "
            + ("(tp IS NOT NULL OR step IS NOT NULL)" if waits else "tp IS NOT NULL")
        ).fetchone()[0]
    )


#: The events a part's walk reads (``raw`` or a part of it), with their touchpoints'
#: ids and numbers (``tp``, ``i``) and their backstage steps.
_WALKED = "{part} LEFT JOIN activity_map USING (activity) LEFT JOIN step_map USING (activity)"


def _walk_parts(connection: Any, keep: str, parts: list[str], waits: bool) -> int:
    """Each part's paths and durations, into the part tables; the cases walked (with
    ``waits``, those waiting on a step too).  A part is a scan of the log's rows (``raw``)
    or of some of them."""
    connection.execute(
        "CREATE OR REPLACE TEMP TABLE part_paths (segment VARCHAR, path INTEGER[], n BIGINT)"
    )
    connection.execute(
        "CREATE OR REPLACE TEMP TABLE part_durations (segment VARCHAR, src INTEGER, tp INTEGER, "
        "seconds DOUBLE, n BIGINT)"
    )
    connection.execute(
        "CREATE OR REPLACE TEMP TABLE seg_waits (segment VARCHAR, src VARCHAR, tp VARCHAR, "
        "seconds DOUBLE, n BIGINT)"
    )
    connection.execute(
        "CREATE OR REPLACE TEMP TABLE seg_step_cases (segment VARCHAR, step VARCHAR, cases BIGINT)"
    )
    cases = 0
    for part in parts:
        # Each case's events sorted by time, then input order: small lists sorted after a
        # hash aggregation, where one window over all events would sort them all together.
        connection.execute(
            "CREATE OR REPLACE TEMP TABLE walks AS SELECT case_id, steps[1].g AS segment, "
            "list_transform(steps, lambda x: x.p) AS path, list_transform(steps, lambda x: "
            "x.t) AS times FROM (SELECT case_id, list_sort(list({'t': epoch_us(ts), 's': seq, "
            f"'p': i, 'g': segment}})) AS steps FROM {part} JOIN activity_map USING (activity) "
            f"WHERE {keep} GROUP BY case_id)"
        )
        connection.execute(
            "INSERT INTO part_paths SELECT segment, path, count(*) FROM walks "
            "GROUP BY segment, path"
        )
        connection.execute(
            f"INSERT INTO part_durations SELECT segment, src, tp, seconds, count(*) FROM "
            f"(SELECT segment, {_STEPS} FROM walks) GROUP BY segment, src, tp, seconds"
        )
        if waits:
            cases += _wait_on_steps(connection, keep, part)
        else:
            cases += connection.execute("SELECT count(*) FROM walks").fetchone()[0]
    connection.execute("DROP TABLE walks")
    return int(cases)


def _gather(connection: Any) -> None:
    """The parts' tables summed into ``seg_variants`` and ``seg_durations``, with the
    touchpoints' ids for their numbers."""
    connection.execute("CREATE TEMP TABLE tp_ids AS SELECT DISTINCT i, tp FROM activity_map")
    connection.execute(
        "CREATE TEMP TABLE seg_variants AS SELECT segment, list_transform(path, lambda x: "
        "ids[x]) AS path, n FROM (SELECT segment, path, sum(n) AS n FROM part_paths GROUP BY "
        "segment, path), (SELECT list(tp ORDER BY i) AS ids FROM tp_ids)"
    )
    connection.execute(
        "CREATE TEMP TABLE seg_durations AS SELECT segment, a.tp AS src, b.tp AS tp, seconds, "
        "n FROM (SELECT segment, src, tp, seconds, sum(n) AS n FROM part_durations GROUP BY "
        "segment, src, tp, seconds) AS d JOIN tp_ids AS a ON d.src = a.i JOIN tp_ids AS b "
        "ON d.tp = b.i"
    )
    connection.execute("DROP TABLE tp_ids")
    connection.execute("DROP TABLE part_paths")
    connection.execute("DROP TABLE part_durations")


def _focus(connection: Any, segment: str | None, *, every: bool) -> None:
    """The tables :func:`_measure` reads (``variants``, ``durations``, ``waits`` and
    ``step_cases``), made of every case (``every``) or of one segment's."""
    where = "" if every else f"WHERE segment IS NOT DISTINCT FROM {_literal(segment)}"
    connection.execute(
        "CREATE OR REPLACE TEMP TABLE variants AS SELECT row_number() OVER (ORDER BY path) "
        f"AS v, path, n FROM (SELECT path, sum(n) AS n FROM seg_variants {where} GROUP BY path)"
    )
    for table, keys in (("durations", "src, tp, seconds"), ("waits", "src, tp, seconds")):
        connection.execute(
            f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT {keys}, sum(n) AS n FROM "
            f"seg_{table} {where} GROUP BY {keys}"
        )
    connection.execute(
        "CREATE OR REPLACE TEMP TABLE step_cases AS SELECT step, sum(cases) AS cases FROM "
        f"seg_step_cases {where} GROUP BY step"
    )


def _literal(value: str | None) -> str:
    return "NULL" if value is None else "'" + value.replace("'", "''") + "'"


def _wait_on_steps(connection: Any, keep: str, part: str) -> int:
    """The seconds from each backstage step's event back to the case's last touchpoint
    event before it (in the paths' order: time, then input order), counted per value and
    segment (the case's, from ``walks``); an event with no touchpoint event before it
    waits on nothing the customer did.  The cases with an event of either."""
    connection.execute(
        "CREATE OR REPLACE TEMP TABLE step_events AS SELECT case_id, step, (epoch_us(ts)::DOUBLE "
        "- last_value(CASE WHEN step IS NULL THEN epoch_us(ts) END IGNORE NULLS) OVER (PARTITION "
        "BY case_id ORDER BY ts, seq ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)::DOUBLE) "
        f"/ 1e6 AS seconds FROM (SELECT case_id, ts, seq, step FROM {_WALKED.format(part=part)} "
        f"WHERE {keep} AND (tp IS NOT NULL OR step IS NOT NULL))"
    )
    timed = (
        "FROM step_events LEFT JOIN (SELECT case_id, segment FROM walks) USING (case_id) "
        "WHERE step IS NOT NULL AND seconds IS NOT NULL"
    )
    connection.execute(
        f"INSERT INTO seg_waits SELECT segment, step, NULL, seconds, count(*) {timed} "
        "GROUP BY segment, step, seconds"
    )
    connection.execute(
        f"INSERT INTO seg_step_cases SELECT segment, step, count(DISTINCT case_id) {timed} "
        "GROUP BY segment, step"
    )
    cases = connection.execute("SELECT count(DISTINCT case_id) FROM step_events").fetchone()[0]
    connection.execute("DROP TABLE step_events")
    return int(cases)


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
    connection.execute(f"CREATE OR REPLACE TEMP TABLE {name} ({first} VARCHAR, {second} VARCHAR)")
    connection.execute(
        f"INSERT INTO {name} SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[])",
        [list(pairs), list(pairs.values())],
    )


def _measure(
    connection: Any, journey: Journey, source: DataSource, unmapped: dict[str, int], top: int
) -> Paths:
    """Every figure of SPEC §9 from the distinct paths (``variants``), weighted by their
    cases, and the durations of the transitions (``durations``)."""

    def rows(sql: str, parameters: list[Any] | None = None) -> list[tuple[Any, ...]]:
        return list(connection.execute(sql, parameters).fetchall())

    paths = Paths(source=source.url, unmapped=unmapped)
    totals = rows("SELECT sum(n), sum(n * len(path)), count(*) FROM variants")[0]
    paths.cases, paths.events, paths.variants = (int(value or 0) for value in totals)
    stage_of = {tp.id: tp.stage for tp in journey.touchpoints}
    ends = dict(rows("SELECT path[-1], sum(n) FROM variants GROUP BY 1"))
    drops = droppable(journey)
    paths.touchpoints = {
        tp: {
            "cases": int(cases),
            "visits": int(visits),
            "dropoff": int(ends.get(tp, 0)) if tp in drops else 0,
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
    paths.unused_designed = unused_designed(journey, paths.flows)
    paths.backstage = _waits(journey, rows)
    paths.top_variants = [
        {"path": list(path), "cases": int(n)}
        for path, n in rows("SELECT path, n FROM variants ORDER BY n DESC, path LIMIT ?", [top])
    ]
    entries = [tp.id for tp in journey.entry_points()]
    exits = sorted({tp.id for tp in journey.touchpoints if tp.exit})
    designed = {(edge.source, edge.flow.to) for edge in journey.flows()}
    fitting = rows(
        "SELECT sum(n) FROM variants WHERE list_contains(?::VARCHAR[], path[1]) "
        "AND list_contains(?::VARCHAR[], path[-1]) AND coalesce(list_bool_and(list_transform("
        "list_zip(path[1:-2], path[2:]), lambda x: list_contains(?::VARCHAR[], "
        "x[1] || ' ' || x[2]))), true)",
        [entries, exits, [f"{a} {b}" for a, b in sorted(designed)]],
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


def _waits(journey: Journey, rows: Any) -> list[dict[str, Any]]:
    """Each backstage step's measured wait: its events, its cases and the quantiles of the
    wait, in the order of the file."""
    cases = {step: int(n) for step, n in rows("SELECT step, sum(cases) FROM step_cases GROUP BY 1")}
    measured = {source: rest for source, _tp, *rest in rows(_quantiles("waits"))}
    waits = []
    for key, tp, step in backstage_steps(journey):
        if key in measured:
            count, *ranked = measured[key]
            waits.append(
                {
                    "touchpoint": tp,
                    "step": step,
                    "count": int(count),
                    "cases": cases.get(key, 0),
                    "median_s": _interpolated(int(count), 0.5, *ranked[:2]),
                    "p90_s": _interpolated(int(count), 0.9, *ranked[2:]),
                }
            )
    return waits


def _rank(q: float, side: str) -> str:
    """The duration at the 0-based rank below (``floor``) or above (``ceil``) position
    (n - 1)·q of a flow's sorted durations: the first value whose running count passes it."""
    return f"arg_min(seconds, upto) FILTER (WHERE upto > {side}((total - 1) * {q}))"


def _quantiles(table: str) -> str:
    """Each (src, tp)'s count and the seconds either side of its median and 90th
    percentile, from ``table``'s seconds counted per value."""
    return (
        f"SELECT src, tp, any_value(total), {_rank(0.5, 'floor')}, {_rank(0.5, 'ceil')}, "
        f"{_rank(0.9, 'floor')}, {_rank(0.9, 'ceil')} FROM (SELECT src, tp, seconds, "
        "sum(n) OVER (PARTITION BY src, tp ORDER BY seconds) AS upto, "
        f"sum(n) OVER (PARTITION BY src, tp) AS total FROM {table}) "
        "GROUP BY src, tp ORDER BY any_value(total) DESC, src, tp"
    )


#: Each flow's count and the durations either side of its median and 90th percentile.
_QUANTILES = _quantiles("durations")


def _interpolated(count: int, q: float, below: float, above: float) -> float:
    """The linearly interpolated quantile (DuckDB's ``quantile_cont``, numpy's default), to
    the microsecond, the precision of the times it is measured from (as
    :func:`.table_paths.seconds` gives a table engine's)."""
    position = (count - 1) * q
    return round(below + (above - below) * (position - math.floor(position)), 6)
