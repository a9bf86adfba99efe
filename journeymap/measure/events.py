"""What customers actually did: a journey's paths measured from an event log (SPEC §9).

An event log has a case, an activity and a timestamp per row (the XES names
``case:concept:name``, ``concept:name`` and ``time:timestamp`` are recognised).  An
activity means the touchpoint that lists it under ``events``, or whose id or name it
is; other activities are left out of the paths and counted.  A case's events are
ordered by timestamp, equal timestamps in input order; its **path** is its mapped
events in that order, and each consecutive pair is a **transition** (a touchpoint
followed by itself included).  DuckDB computes everything in one connection; only
the counts per touchpoint, flow and path variant come back.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import tempfile
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ..errors import Diagnostic
from ..formats.source import check_regular_file
from ..i18n import N_, plural, text
from ..model.observed import Paths
from .readers import DataError, Period, _file_kind, _first_line, _sql, literal_path
from .sources import is_table
from .xes import is_xes, xes_to_csv

if TYPE_CHECKING:
    from ..model.journey import Journey

EVENT_COLUMNS = ("case", "activity", "timestamp")
#: The XES attribute names most process-mining exports use.
XES_COLUMNS = {
    "case": "case:concept:name",
    "activity": "concept:name",
    "timestamp": "time:timestamp",
}


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
    with _opened(journey, source, columns or {}) as (connection, scan, names, typed):
        _load_events(connection, journey, source, scan, names, typed, period or Period())
        return _measure(connection, journey, source, top)


@contextlib.contextmanager
def _opened(
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
    try:
        with tempfile.TemporaryDirectory(prefix="journeymap-") as work:
            if table:
                _fetch_table(connection, journey, source, columns)
                scan, columns = "fetched", {}
            elif is_xes(source):
                converted = os.path.join(work, "events.csv")
                xes_to_csv(source, converted, columns, journey.locale)
                scan, columns = _scan(converted, converted), {}
            else:
                scan = _scan(source, literal_path(source, work))
            names, typed = _event_columns(connection, journey, source, scan, columns)
            yield connection, scan, names, typed
    finally:
        connection.close()


def _fetch_table(connection: Any, journey: Journey, url: str, columns: Mapping[str, str]) -> None:
    """The table's case, activity and timestamp columns as the DuckDB table ``fetched``:
    the backend selects them (and casts ids to text); they come over as one Arrow table
    (Ibis 12's batches fail on DuckDB 2.0)."""
    from .readers import table_errors, table_source

    source = table_source(url)
    with table_errors(source, journey):
        from .tables import connect, open_table, release

        backend = connect(source)
        try:
            table = open_table(backend, source)
            names = _resolved(journey, url, list(table.columns), columns)
            rows = table.select(
                case=table[names["case"]].cast("string"),
                activity=table[names["activity"]].cast("string"),
                timestamp=table[names["timestamp"]],
            ).to_pyarrow()
        finally:
            release(backend)
        connection.register("fetched_arrow", rows)
        connection.execute("CREATE TEMP TABLE fetched AS SELECT * FROM fetched_arrow")
        connection.unregister("fetched_arrow")


def _scan(path: str, literal: str) -> str:
    kind = _file_kind(path)
    if kind == "parquet":
        return f"read_parquet({_sql(literal)})"
    if kind == "jsonl":
        return f"read_json({_sql(literal)}, format = 'newline_delimited')"
    return f"read_csv({_sql(literal)}, header = true, all_varchar = true)"


def _error(path: str, message: str, line: int = 1) -> DataError:
    return DataError(f"{path}: {message}", [Diagnostic(path, line, 1, message)])


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
        reason = text(journey.locale, "cannot read the file: %(reason)s", reason=_first_line(exc))
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
        candidates = [columns.get(name), name, XES_COLUMNS[name]]
        found = next((c for c in candidates if c and c in available), None)
        if found is None:
            missing.append(columns.get(name) or f"{name} ({XES_COLUMNS[name]})")
        else:
            names[name] = found
    if missing:
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
        shown = text(
            journey.locale, message, missing=", ".join(missing), columns=", ".join(available)
        )
        raise _error(source, shown)
    return names


def _quoted(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


def _load_events(
    connection: Any,
    journey: Journey,
    path: str,
    scan: str,
    names: dict[str, str],
    typed_time: bool,
    period: Period,
) -> None:
    """The events as a table ``ev`` (case, activity, ts, seq: the input order), every
    row checked; the activity map as ``activity_map`` (activity, tp, stage)."""
    case, activity, when = (_quoted(names[n]) for n in EVENT_COLUMNS)
    time = (
        f"CAST({when} AS TIMESTAMPTZ)"
        if typed_time
        else f"TRY_CAST(CAST({when} AS VARCHAR) AS TIMESTAMPTZ)"
    )
    connection.execute(
        "CREATE TEMP TABLE raw AS SELECT row_number() OVER () AS seq, "
        f"nullif(trim(CAST({case} AS VARCHAR)), '') AS case_id, "
        f"nullif(trim(CAST({activity} AS VARCHAR)), '') AS activity, {time} AS ts FROM {scan}"
    )
    bad = connection.execute(
        "SELECT count(*), min(seq) FROM raw WHERE case_id IS NULL OR activity IS NULL "
        "OR ts IS NULL OR NOT isfinite(ts)"
    ).fetchone()
    if bad and bad[0] and is_table(path):  # a table has no lines to point at
        message = plural(
            journey.locale,
            "%(count)s event without a case, an activity or a readable timestamp",
            "%(count)s events without a case, an activity or a readable timestamp",
            int(bad[0]),
        )
        raise _error(path, message)
    if bad and bad[0]:
        line = int(bad[1]) + (1 if _file_kind(path) == "csv" else 0)
        message = plural(
            journey.locale,
            "%(count)s event without a case, an activity or a readable timestamp, on line %(line)s",
            "%(count)s events without a case, an activity or a readable timestamp, the "
            "first on line %(line)s",
            int(bad[0]),
            line=line,
        )
        raise _error(path, message, line)
    keep = period.sql("ts") if period else "TRUE"
    connection.execute(f"CREATE TEMP VIEW ev AS SELECT * FROM raw WHERE {keep}")
    stages = {tp.id: tp.stage for tp in journey.touchpoints}
    connection.execute(
        "CREATE TEMP TABLE activity_map (activity VARCHAR, tp VARCHAR, stage VARCHAR)"
    )
    rows = [(a, tp, stages[tp]) for a, tp in activity_map(journey).items()]
    if rows:
        connection.executemany("INSERT INTO activity_map VALUES (?, ?, ?)", rows)
    # The mapped events in path order (k: the position in the case's path), each with
    # the touchpoint before it and the seconds since: one sort serves both.
    connection.execute(
        "CREATE TEMP TABLE m AS SELECT case_id, tp, stage, ts, row_number() OVER w AS k, "
        "lag(tp) OVER w AS src, epoch(ts) - epoch(lag(ts) OVER w) AS seconds "
        "FROM ev JOIN activity_map USING (activity) "
        "WINDOW w AS (PARTITION BY case_id ORDER BY ts, seq)"
    )


def _measure(connection: Any, journey: Journey, source: str, top: int) -> Paths:
    def rows(sql: str) -> list[tuple[Any, ...]]:
        return list(connection.execute(sql).fetchall())

    paths = Paths(source=source)
    paths.cases, paths.events = rows("SELECT count(DISTINCT case_id), count(*) FROM m")[0]
    paths.unmapped = dict(
        rows(
            "SELECT activity, count(*) FROM ev ANTI JOIN activity_map USING (activity) "
            "GROUP BY activity ORDER BY activity"
        )
    )
    last_stage = journey.stages[-1].id if journey.stages else None
    exits = {tp.id for tp in journey.touchpoints if tp.exit}
    dropoff = {
        tp: n
        for tp, n in rows(
            "SELECT last, count(*) FROM (SELECT arg_max(tp, k) AS last FROM m GROUP BY case_id) "
            "GROUP BY last"
        )
        if tp not in exits and journey.touchpoint_map()[tp].stage != last_stage
    }
    paths.touchpoints = {
        tp: {
            "cases": cases,
            "visits": visits,
            "dropoff": dropoff.get(tp, 0),
            "repeat_cases": repeat,
        }
        for tp, cases, visits, repeat in rows(
            "SELECT tp, count(*), sum(visits), count_if(visits >= 2) FROM "
            "(SELECT tp, case_id, count(*) AS visits FROM m GROUP BY tp, case_id) "
            "GROUP BY tp ORDER BY tp"
        )
    }
    paths.stages = dict(
        rows("SELECT stage, count(DISTINCT case_id) FROM m GROUP BY stage ORDER BY stage")
    )
    designed = {(edge.source, edge.flow.to) for edge in journey.flows()}
    paths.flows = [
        {
            "from": source,
            "to": target,
            "count": count,
            "cases": cases,
            "designed": (source, target) in designed,
            "median_s": median,
            "p90_s": p90,
        }
        for source, target, count, cases, median, p90 in rows(
            "SELECT src, tp, count(*), count(DISTINCT case_id), "
            "quantile_cont(seconds, 0.5), quantile_cont(seconds, 0.9) FROM m "
            "WHERE src IS NOT NULL GROUP BY src, tp ORDER BY count(*) DESC, src, tp"
        )
    ]
    taken = {(flow["from"], flow["to"]) for flow in paths.flows}
    paths.unused_designed = sorted(f"{a}->{b}" for a, b in designed - taken)
    variants = rows(
        "SELECT path, count(*) AS n FROM (SELECT list(tp ORDER BY k) AS path FROM m "
        "GROUP BY case_id) GROUP BY path ORDER BY n DESC, path"
    )
    paths.variants = len(variants)
    paths.top_variants = [{"path": list(path), "cases": n} for path, n in variants[:top]]
    entries = {tp.id for tp in journey.entry_points()}
    paths.fitting_cases = sum(
        n
        for path, n in variants
        if path[0] in entries
        and path[-1] in exits
        and all(step in designed for step in itertools.pairwise(path))
    )
    return paths


# --------------------------------------------------------------------------- discovery

#: The stages a discovered journey spreads its touchpoints over, by where they come in paths.
DRAFT_STAGES = 5


def discover(
    source: str,
    *,
    columns: Mapping[str, str] | None = None,
    period: Period | None = None,
    min_share: float = 5.0,
    owner: str = "CX",
    lang: str = "en",
) -> dict[str, Any]:
    """A draft journey (plain data) discovered from an event log: a touchpoint per
    activity, in up to five stages by where it comes in the paths; a flow for each step
    that at least ``min_share`` % of the cases leaving its source take; entries and exits
    where at least ``min_share`` % of the paths start and end.  Phases are left for the
    designer to set (JM107 says where)."""
    from ..model.journey import Journey, Stage, Touchpoint

    probe = Journey(id="draft", title="Draft", locale=lang, stages=[Stage(id="all")])
    activities = _activities(probe, source, columns or {})
    ids = _slugs(activities)
    draft = probe.model_copy(
        update={
            "touchpoints": [
                Touchpoint(id=ids[a], name=a, stage="all", owner=owner, events=[a])
                for a in activities
            ]
        }
    )
    paths = read_paths(draft, source, columns=columns, period=period, top=2**62)
    return _draft(paths, ids, min_share / 100, owner, lang)


def _activities(journey: Journey, source: str, columns: Mapping[str, str]) -> list[str]:
    with _opened(journey, source, columns) as (connection, scan, names, _typed):
        activity = _quoted(names["activity"])
        found = connection.execute(
            f"SELECT DISTINCT nullif(trim(CAST({activity} AS VARCHAR)), '') AS a "
            f"FROM {scan} WHERE a IS NOT NULL ORDER BY a"
        ).fetchall()
    return [row[0] for row in found]


def _slugs(activities: list[str]) -> dict[str, str]:
    """A readable, unique id per activity (``Insert ticket`` → ``insert-ticket``)."""
    import re

    ids: dict[str, str] = {}
    taken: set[str] = set()
    for activity in activities:
        base = re.sub(r"[^a-z0-9]+", "-", activity.lower()).strip("-") or "activity"
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        ids[activity] = slug
    return ids


def _draft(
    paths: Paths, ids: dict[str, str], share: float, owner: str, lang: str
) -> dict[str, Any]:
    positions: dict[str, list[float]] = {tp: [] for tp in ids.values()}
    starts: dict[str, int] = {}
    ends: dict[str, int] = {}
    for variant in paths.top_variants:
        path, cases = variant["path"], variant["cases"]
        starts[path[0]] = starts.get(path[0], 0) + cases
        ends[path[-1]] = ends.get(path[-1], 0) + cases
        for index, tp in enumerate(path):
            positions[tp] += [index / max(len(path) - 1, 1)] * cases
    place = {tp: sum(p) / len(p) if p else 1.0 for tp, p in positions.items()}
    ordered = sorted(ids.values(), key=lambda tp: (place[tp], tp))
    stage_of = {
        tp: f"step-{min(DRAFT_STAGES, int(place[tp] * DRAFT_STAGES) + 1)}" for tp in ordered
    }
    stages = sorted(set(stage_of.values()))
    names = {tp: activity for activity, tp in ids.items()}
    touchpoints = []
    for tp in ordered:
        leaving = sum(f["cases"] for f in paths.flows_from(tp) if f["to"] != tp)
        following = [
            f["to"]
            for f in paths.flows_from(tp)
            if f["to"] != tp and leaving and f["cases"] / leaving >= share
        ]
        entry: dict[str, Any] = {"id": tp, "name": names[tp], "stage": stage_of[tp]}
        entry |= {"owner": owner, "events": [names[tp]]}
        if paths.cases and starts.get(tp, 0) / paths.cases >= share:
            entry["entry"] = True
        if paths.cases and ends.get(tp, 0) / paths.cases >= share:
            entry["exit"] = True
        if following:
            entry["next"] = following
        touchpoints.append(entry)
    return {
        "journeymap": 1,
        "id": "discovered",
        "locale": lang,
        "title": text(lang, "Discovered journey"),
        "description": plural(
            lang,
            "Discovered from an event log of %(count)s case; name the stages and set their "
            "phases, the owners and the channels.",
            "Discovered from an event log of %(count)s cases; name the stages and set their "
            "phases, the owners and the channels.",
            paths.cases,
        ),
        "stages": [
            {"id": s, "name": text(lang, "Step %(number)s", number=s.rsplit("-", 1)[1])}
            for s in stages
        ],
        "touchpoints": touchpoints,
    }
