"""A table's event log measured where it lives (SPEC §10): the engine (PostgreSQL, Spark,
a warehouse) runs the expressions of :mod:`.path_queries` through Ibis and keeps the two
tables they share while it answers; only the figures travel back.

An engine's table keeps no order of its rows: a case's events at the same instant are
ordered by their touchpoints' places in the journey file.
"""

from __future__ import annotations

import contextlib
import re
import uuid
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..i18n import text
from ..model.observed import Paths
from . import path_queries
from .access import EngineLacks, EngineRefuses, table_errors
from .event_logs import (
    ROLE_COLUMNS,
    SEGMENT,
    broken_table_events,
    missing_columns,
    resolved_columns,
)
from .event_mapping import (
    activity_map,
    backstage_steps,
    droppable,
    step_map,
    unmapped_events,
    unused_designed,
)
from .path_queries import PATH_SEPARATOR
from .sources import DataSource, TableSource
from .validation import Period

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from ..model.journey import Journey


def table_paths(
    journey: Journey,
    source: TableSource,
    asked: Mapping[str, str],
    period: Period,
    top: int,
    segment: str | None,
) -> Paths:
    """What :func:`.events.read_paths` measures, for a table: every event checked, the
    paths measured by the table's engine."""
    answers = _table_answers(journey, source, asked, period, top)
    paths = _paths(journey, source, answers, segment)
    if not answers.exact:
        paths.notes.append(
            text(
                journey.locale,
                "%(engine)s has no exact quantile: the median and p90 durations are its "
                "approximation",
                engine=source.backend,
            )
        )
    return paths


class Answers:
    """What the engine answered: the events of each unmapped activity, and the rows of
    each query of :func:`.path_queries.figures` (and ``step_waits``) for all cases and, with a
    segment, for each chosen segment value (the rows carry it)."""

    def __init__(self, unmapped: dict[str, int]) -> None:
        self.unmapped = unmapped
        self.every: dict[str, list[dict[str, Any]]] = {}
        self.by_segment: dict[str, list[dict[str, Any]]] = {}
        self.segments: list[tuple[str, int]] = []  # the values measured apart, with cases
        self.exact = True  # False where the engine's quantiles are approximate


def _mapping_rows(
    journey: Journey, mapping: dict[str, str], steps: dict[str, tuple[str, str]]
) -> dict[str, list[tuple[Any, ...]]]:
    """The journey's side of the queries: the rows of the named tables of
    :mod:`.path_queries` that come from the journey, not the log (``mapping`` and
    ``steps``: its activities' touchpoints and backstage steps)."""
    order = {tp.id: n for n, tp in enumerate(journey.touchpoints)}
    step_keys = sorted({f"{tp} {step}" for tp, step in steps.values()})
    step_order = {key: len(order) + n for n, key in enumerate(step_keys)}
    entries = {tp.id for tp in journey.entry_points()}
    exits = {tp.id for tp in journey.touchpoints if tp.exit}
    return {
        "activity_map": [(a, tp, order[tp]) for a, tp in mapping.items()],
        "step_map": [
            (a, f"{tp} {step}", step_order[f"{tp} {step}"]) for a, (tp, step) in steps.items()
        ],
        "stage_map": [(tp.id, tp.stage) for tp in journey.touchpoints],
        "designed": sorted({(edge.source, edge.flow.to) for edge in journey.flows()}),
        "endpoints": [(tp, tp in entries, tp in exits) for tp in sorted(entries | exits)],
    }


def _table_answers(
    journey: Journey, source: TableSource, asked: Mapping[str, str], period: Period, top: int
) -> Answers:
    with table_errors(source, journey), contextlib.ExitStack() as stack:
        import ibis

        from .tables import in_period

        backend, table = _opened(stack, source)
        names = resolved_columns(journey, source, list(table.columns), asked)
        raw = _events(table, names)
        valid = raw.case_id.notnull() & raw.activity.notnull() & raw.ts.notnull()
        in_time = in_period(raw.ts, period)
        mapping, steps = activity_map(journey), step_map(journey)
        counted = _checked(journey, source, raw, valid, in_time)
        answers = Answers(unmapped_events(mapping, steps, counted))
        rows = {**_mapping_rows(journey, mapping, steps), "limits": [(top,)], "chosen": []}
        named = {name: _uploaded(stack, backend, name, part) for name, part in rows.items()}
        named["kept"] = raw.filter(valid & in_time).select(
            "case_id", "activity", "ts", "segment", seq=ibis.literal(0, type="int64")
        )
        mapped = path_queries.mapped_events(named["kept"], named["activity_map"], named["designed"])
        ordered, answers.exact = _plan(backend, named, mapped)
        named["mapped"] = _kept_by_engine(stack, backend, mapped)
        cases = path_queries.case_paths(named["mapped"], ordered_aggregates=ordered)
        named["cases"] = _kept_by_engine(stack, backend, cases)
        waits = bool(steps)
        _answer(answers.every, named, by_segment=False, exact=answers.exact, waits=waits)
        if SEGMENT in asked:
            chosen = _fetch(path_queries.segment_values(named["cases"]))
            answers.segments = [(row["segment"], int(row["n"])) for row in chosen]
            chosen_rows = [(value,) for value, _n in answers.segments]
            named["chosen"] = _uploaded(stack, backend, "chosen", chosen_rows)
            _answer(answers.by_segment, named, by_segment=True, exact=answers.exact, waits=waits)
        return answers


def table_activities(
    journey: Journey, source: TableSource, columns: Mapping[str, str], period: Period
) -> tuple[int, dict[str, int], list[tuple[str, str, int]]]:
    """What drafting a journey asks of a table's activities (``import events``), counted
    by its engine: the cases with an event in the period, the cases each activity reaches
    there, and the events per activity and role (a role column, or ``--columns
    role=COLUMN``, where the table has one)."""
    with table_errors(source, journey), contextlib.ExitStack() as stack:
        from .tables import in_period

        _backend, table = _opened(stack, source)
        available = list(table.columns)
        names = resolved_columns(journey, source, available, columns)
        candidates = [columns["role"]] if "role" in columns else ROLE_COLUMNS
        role = next((c for c in candidates if c in available), None)
        if "role" in columns and role is None:
            raise missing_columns(journey, source, [columns["role"]], available)
        raw = _events(table, names, role)
        counted = raw.case_id.notnull() & raw.activity.notnull() & raw.ts.notnull()
        counted &= in_period(raw.ts, period)
        (total,) = _fetch(raw.aggregate(cases=raw.case_id.nunique(where=counted)))
        reached = raw.filter(raw.activity.notnull()).group_by("activity")
        reach = _fetch(reached.aggregate(cases=raw.case_id.nunique(where=counted)))
        found = []
        if role is not None:
            roles = raw.filter(raw.activity.notnull() & raw.role.notnull())
            found = _fetch(roles.group_by(["activity", "role"]).aggregate(n=roles.count()))
    return (
        int(total["cases"]),
        {row["activity"]: int(row["cases"]) for row in sorted(reach, key=lambda r: r["activity"])},
        [(row["activity"], row["role"], int(row["n"])) for row in found],
    )


def _opened(stack: contextlib.ExitStack, source: TableSource) -> tuple[Any, ir.Table]:
    """The table's engine (released when ``stack`` closes) and the table."""
    from .tables import connect, open_table, release

    backend = connect(source)
    stack.callback(release, backend)
    return backend, open_table(backend, source)


def _events(table: ir.Table, names: dict[str, str], role: str | None = None) -> ir.Table:
    """The table's case, activity, time and segment as ``case_id``, ``activity``, ``ts``
    and ``segment`` (and its ``role`` column, when one is named): texts trimmed (empty is
    none), a time as the table stores it or parsed by the engine from its text; segment
    '' where there is none."""
    import ibis

    def cleaned(column: str) -> Any:
        return table[column].cast("string").strip().nullif("")

    when = table[names["timestamp"]]
    if not when.type().is_timestamp():
        when = when.cast("timestamp")
    segment = cleaned(names[SEGMENT]).fill_null("") if SEGMENT in names else ibis.literal("")
    return table.select(
        case_id=cleaned(names["case"]),
        activity=cleaned(names["activity"]),
        ts=when,
        segment=segment,
        **({"role": cleaned(role)} if role else {}),
    )


def _checked(
    journey: Journey, source: TableSource, raw: ir.Table, valid: Any, in_time: Any
) -> list[tuple[Any, Any]]:
    """One pass counts each activity's broken events and its events in the period: a
    broken one is a DataError; else each activity's events in the period."""
    counted = raw.group_by("activity").aggregate(
        bad=raw.count(where=~valid), n=raw.count(where=valid & in_time)
    )
    rows = _fetch(counted)
    broken = sum(int(row["bad"]) for row in rows)
    if broken:
        raise broken_table_events(journey, source, broken)
    return [(row["activity"], row["n"]) for row in rows]


def _uploaded(
    stack: contextlib.ExitStack, backend: Any, name: str, rows: list[tuple[Any, ...]]
) -> Any:
    """``rows`` as a table the engine reads, with the columns :data:`.path_queries.SCHEMAS`
    gives ``name``: an Ibis memtable, which Ibis sends to the engine with each query; on
    Spark a view of the session, since Spark's cached tables do not see memtables."""
    import ibis
    import pyarrow as pa

    schema = ibis.schema(path_queries.SCHEMAS[name])
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(schema)
    arrays = {
        column: pa.array(values, type=kind.to_pyarrow())
        for (column, kind), values in zip(schema.items(), columns, strict=True)
    }
    if backend.name != "pyspark":
        return ibis.memtable(pa.table(arrays))
    view = _unique(name)
    session = backend._session
    session.createDataFrame(pa.table(arrays)).createOrReplaceTempView(view)
    stack.callback(session.catalog.dropTempView, view)
    return backend.table(view)


def _unique(name: str) -> str:
    return f"journeymap_{name}_{uuid.uuid4().hex}"


def _kept_by_engine(stack: contextlib.ExitStack, backend: Any, query: Any) -> Any:
    """``query`` computed once and kept by the engine while the figures are asked: Spark
    caches it, for the session's time; other engines keep it as a temporary table, gone
    when journeymap's connection closes.  (Ibis's own cache is not used there: releasing
    it writes a DROP without the table's name with this sqlglot.)  An engine that
    refuses (a read-only role; the journey's small tables go as temporary tables too) is
    :class:`EngineRefuses`."""
    if backend.name == "pyspark":
        cached = query.cache()
        stack.callback(cached.release)
        return cached
    try:
        return backend.create_table(_unique("computed"), query, temp=True)
    except Exception as exc:
        raise EngineRefuses(str(exc).strip().splitlines()[0]) from None


def _plan(backend: Any, named: dict[str, Any], mapped: Any) -> tuple[bool, bool]:
    """Whether the engine has ordered aggregates (Spark has none: there each case's ranked
    steps are gathered and sorted) and exact quantiles (BigQuery only approximates them),
    asked of its compiler before anything runs; :class:`EngineLacks` when a query has no
    form the engine runs."""
    from ibis.common.exceptions import OperationNotDefinedError, UnsupportedOperationError

    lacking: list[str] = []

    def compiles(*queries: Any) -> bool:
        try:
            for query in queries:
                backend.compile(query)
        except (OperationNotDefinedError, UnsupportedOperationError) as exc:
            # Ibis names the operation in quotes ("Compilation rule for 'Quantile' …").
            named = re.search(r"'(\w+)'", str(exc))
            lacking.append(named.group(1) if named else str(exc).splitlines()[0])
            return False
        return True

    if compiles(mapped):
        for ordered in (True, False):
            cases = path_queries.case_paths(mapped, ordered_aggregates=ordered)
            if not compiles(cases):
                continue
            tables = {**named, "mapped": mapped, "cases": cases}
            for exact in (True, False):
                figures = path_queries.figures(tables, by_segment=True, exact=exact, waits=True)
                if compiles(*figures.values()):
                    return ordered, exact
    raise EngineLacks(lacking[-1])


def _answer(
    into: dict[str, list[dict[str, Any]]],
    named: dict[str, Any],
    *,
    by_segment: bool,
    exact: bool,
    waits: bool,
) -> None:
    queries = path_queries.figures(named, by_segment=by_segment, exact=exact, waits=waits)
    for figure, query in queries.items():
        into[figure] = _fetch(query)


def _fetch(query: Any) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = query.to_pyarrow().to_pylist()
    return rows


def _paths(journey: Journey, source: DataSource, answers: Answers, segment: str | None) -> Paths:
    """The answers as :class:`Paths`: for all cases and each segment value measured."""
    paths = _figures(journey, source, answers.every, answers.unmapped)
    if segment:
        paths.segment = segment
        for value, _cases in answers.segments:
            of_value = {
                figure: [row for row in rows if row["segment"] == value]
                for figure, rows in answers.by_segment.items()
            }
            paths.segments[value] = _figures(journey, source, of_value, {})
        paths.other_segment_cases = paths.cases - sum(p.cases for p in paths.segments.values())
    return paths


def _figures(
    journey: Journey,
    source: DataSource,
    rows: dict[str, list[dict[str, Any]]],
    unmapped: dict[str, int],
) -> Paths:
    """Every figure of SPEC §9 from the engine's rows of one group of cases."""
    paths = Paths(source=source.url, unmapped=unmapped)
    totals = rows["totals"][0] if rows["totals"] else {}
    paths.cases = int(totals.get("cases") or 0)
    paths.events = int(totals.get("events") or 0)
    paths.variants = int(totals.get("variants") or 0)
    paths.fitting_cases = int(totals.get("fitting") or 0)
    ends = {row["last_tp"]: int(row["n"]) for row in rows["dropoffs"]}
    drops = droppable(journey)
    paths.touchpoints = {
        row["tp"]: {
            "cases": int(row["cases"]),
            "visits": int(row["visits"]),
            "dropoff": ends.get(row["tp"], 0) if row["tp"] in drops else 0,
            "repeat_cases": int(row["repeat_cases"] or 0),
        }
        for row in sorted(rows["touchpoints"], key=lambda row: str(row["tp"]))
    }
    paths.stages = {
        row["stage"]: int(row["cases"]) for row in sorted(rows["stages"], key=lambda r: r["stage"])
    }
    paths.flows = [
        {
            "from": row["tp"],
            "to": row["nxt"],
            "count": int(row["count"]),
            "cases": int(row["cases"]),
            "designed": bool(row["designed"]),
            "median_s": seconds(row["median_s"]),
            "p90_s": seconds(row["p90_s"]),
        }
        for row in sorted(rows["flows"], key=lambda r: (-int(r["count"]), r["tp"], r["nxt"]))
    ]
    paths.leaving = {
        row["tp"]: int(row["cases"]) for row in sorted(rows["leaving"], key=lambda r: r["tp"])
    }
    paths.unused_designed = unused_designed(journey, paths.flows)
    paths.backstage = _waits(journey, rows.get("step_waits", []))
    paths.top_variants = [
        {"path": row["path"].split(PATH_SEPARATOR), "cases": int(row["n"])}
        for row in sorted(rows["variants"], key=lambda r: (-int(r["n"]), r["path"]))
    ]
    return paths


def _waits(journey: Journey, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each backstage step's measured wait: its events, its cases and the quantiles of the
    wait, in the order of the file."""
    measured = {row["step"]: row for row in rows}
    return [
        {
            "touchpoint": tp,
            "step": step,
            "count": int(measured[key]["count"]),
            "cases": int(measured[key]["cases"]),
            "median_s": seconds(measured[key]["median_s"]),
            "p90_s": seconds(measured[key]["p90_s"]),
        }
        for key, tp, step in backstage_steps(journey)
        if key in measured
    ]


def seconds(value: Any) -> float:
    """A duration quantile to the microsecond, the precision of the times it is measured
    from: engines interpolate with formulas that differ in the last bits of a double."""
    return round(float(value), 6)
