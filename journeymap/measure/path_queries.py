"""The figures of SPEC §9 as Ibis expressions, written once for every engine.

A table's engine (PostgreSQL, Spark, DuckDB, a warehouse) runs them where the table lives
(:mod:`.table_paths`); a file's log is walked by DuckDB's own SQL (:mod:`.events`, tuned
for a file and checked against these).  Each expression reads named tables:

* ``kept``: the log's valid events in the period (case, activity, time, its place in the
  log ``seq``, and the case attribute ``segment``, '' where there is none);
* ``activity_map`` (activity → touchpoint, and the touchpoint's place ``ord`` in the
  file), ``step_map`` (activity → backstage step), ``stage_map``, ``designed`` (the
  designed flows), ``endpoints`` (entry and exit touchpoints), ``limits`` (``top``) and
  ``chosen`` (the segment values measured apart);
* ``mapped`` (:func:`mapped_events`) and ``cases`` (:func:`case_paths`), the two tables
  the engine keeps while it answers the rest.

Every answer has a row per touchpoint, flow, step, stage or segment value, or at most
``top`` variants per segment: the rows that travel back do not grow with the events.
A case's events are ordered by time, then their place in the log, then (a table keeps
no order of its rows) the touchpoint's place in the journey file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .event_mapping import MAX_SEGMENTS

if TYPE_CHECKING:
    import ibis.expr.types as ir

#: The columns of each named table the expressions start from (the log's events, and the
#: tables the journey sends), with their types.
SCHEMAS: dict[str, dict[str, str]] = {
    "kept": {
        "case_id": "string",
        "activity": "string",
        "ts": "timestamp('UTC')",
        "seq": "int64",
        "segment": "string",
    },
    "activity_map": {"activity": "string", "tp": "string", "ord": "int64"},
    "step_map": {"activity": "string", "step": "string", "ord": "int64"},
    "stage_map": {"tp": "string", "stage": "string"},
    "designed": {"src": "string", "dst": "string"},
    "endpoints": {"tp": "string", "entry": "boolean", "exit": "boolean"},
    "limits": {"top": "int64"},
    "chosen": {"segment": "string"},
}

#: What joins the touchpoint ids of a path into one text: ids are slugs, which hold no
#: space, and a space sorts before every character they hold, so that paths compared as
#: texts sort as their lists do.
PATH_SEPARATOR = " "


def _seconds_after(later: ir.TimestampValue, earlier: ir.TimestampValue) -> Any:
    """The seconds from ``earlier`` to ``later``, to the microsecond, in every engine.
    Microseconds count in 64 bits up to 292,000 years; times further apart (a typo in a
    year) are counted in whole seconds."""
    near = later.delta(earlier, unit="day").abs() < 100_000
    microseconds = later.delta(earlier, unit="microsecond").cast("float64") / 1e6
    return near.ifelse(microseconds, later.delta(earlier, unit="second").cast("float64"))


def mapped_events(kept: ir.Table, activity_map: ir.Table, designed: ir.Table) -> ir.Table:
    """Each event of a touchpoint with the case's segment (its first event's), the next
    touchpoint of the case and the seconds to it, its rank in the case and whether the
    step to the next one is a designed flow."""
    import ibis

    events = kept.inner_join(activity_map, "activity")
    case = ibis.window(group_by="case_id", order_by=["ts", "seq", "ord"])
    walked = events.select(
        "case_id",
        "tp",
        segment=events.segment.first().over(case),
        nxt=events.tp.lead().over(case),
        seconds=_seconds_after(events.ts.lead().over(case), events.ts),
        rn=ibis.row_number().over(case),
    )
    flows = designed.mutate(designed=ibis.literal(True))
    joined = walked.view().left_join(flows, [("tp", "src"), ("nxt", "dst")])
    designed_step = joined.designed.fill_null(False)
    return joined.select("case_id", "segment", "tp", "nxt", "seconds", "rn", designed=designed_step)


def case_paths(mapped: ir.Table, *, ordered_aggregates: bool = True) -> ir.Table:
    """One row per case: its segment, path (touchpoint ids joined by
    :data:`PATH_SEPARATOR`), events, first and last touchpoint and undesigned steps.
    Without ``ordered_aggregates`` (Spark has none) the path is gathered as ranked pairs
    and sorted."""
    import ibis

    if ordered_aggregates:
        path = mapped.tp.group_concat(PATH_SEPARATOR, order_by=mapped.rn)
    else:
        pairs = ibis.struct({"rn": mapped.rn, "tp": mapped.tp}).collect()
        path = pairs.sort().map(lambda pair: pair.tp).join(PATH_SEPARATOR)
    return mapped.group_by("case_id").aggregate(
        segment=mapped.segment.max(),
        path=path,
        events=mapped.count(),
        first_tp=mapped.tp.max(where=mapped.rn == 0),
        last_tp=mapped.tp.max(where=mapped.nxt.isnull()),
        undesigned=mapped.count(where=mapped.nxt.notnull() & ~mapped.designed),
    )


def segment_values(cases: ir.Table) -> ir.Table:
    """The :data:`MAX_SEGMENTS` commonest segment values with their cases ('' last among
    equals)."""
    counted = cases.group_by("segment").aggregate(n=cases.count())
    unnamed_last = (counted.segment == "").ifelse(1, 0)  # PostgreSQL casts no boolean
    ordered = counted.order_by([counted.n.desc(), unnamed_last, "segment"])
    return ordered.limit(MAX_SEGMENTS)


def figures(
    tables: dict[str, ir.Table], *, by_segment: bool, exact: bool = True, waits: bool = False
) -> dict[str, ir.Table]:
    """Every figure of SPEC §9, for all cases, or ``by_segment`` for each value in
    ``chosen``, and with ``waits`` the waits on backstage steps (``step_waits``);
    ``tables`` holds the named tables.  Without ``exact`` (BigQuery has no exact
    quantile) the durations' quantiles are the engine's approximation."""
    mapped, cases = tables["mapped"], tables["cases"]
    keys: list[str] = []
    if by_segment:
        keys = ["segment"]
        mapped = mapped.filter(mapped.segment.isin(tables["chosen"].segment))
        cases = cases.filter(cases.segment.isin(tables["chosen"].segment))
    answers = {
        "totals": _totals(cases, tables["endpoints"], keys),
        "touchpoints": _touchpoints(mapped, keys),
        "dropoffs": cases.group_by([*keys, "last_tp"]).aggregate(n=cases.count()),
        "stages": _stages(mapped, tables["stage_map"], keys),
        "flows": _flows(mapped, keys, exact),
        "leaving": _leaving(mapped, keys),
        "variants": _top_variants(cases, tables["limits"], keys),
    }
    if waits:
        answers["step_waits"] = _step_waits(tables, by_segment=by_segment, exact=exact)
    return answers


def _totals(cases: ir.Table, endpoints: ir.Table, keys: list[str]) -> ir.Table:
    entries = endpoints.filter(endpoints.entry).tp
    exits = endpoints.filter(endpoints.exit).tp
    fitting = cases.first_tp.isin(entries) & cases.last_tp.isin(exits) & (cases.undesigned == 0)
    return cases.aggregate(
        by=keys,
        cases=cases.count(),
        events=cases.events.sum(),
        variants=cases.path.nunique(),
        fitting=cases.count(where=fitting),
    )


def _touchpoints(mapped: ir.Table, keys: list[str]) -> ir.Table:
    visits = mapped.group_by([*keys, "case_id", "tp"]).aggregate(visits=mapped.count())
    return visits.group_by([*keys, "tp"]).aggregate(
        cases=visits.count(),
        visits=visits.visits.sum(),
        repeat_cases=visits.count(where=visits.visits >= 2),
    )


def _stages(mapped: ir.Table, stage_map: ir.Table, keys: list[str]) -> ir.Table:
    reached = mapped.inner_join(stage_map, "tp").select(*keys, "case_id", "stage").distinct()
    return reached.group_by([*keys, "stage"]).aggregate(cases=reached.count())


def _quantile(values: Any, q: float, exact: bool) -> Any:
    return values.quantile(q) if exact else values.approx_quantile(q)


def _flows(mapped: ir.Table, keys: list[str], exact: bool) -> ir.Table:
    steps = mapped.filter(mapped.nxt.notnull())
    return steps.group_by([*keys, "tp", "nxt"]).aggregate(
        count=steps.count(),
        cases=steps.case_id.nunique(),
        designed=steps.designed.any(),
        median_s=_quantile(steps.seconds, 0.5, exact),
        p90_s=_quantile(steps.seconds, 0.9, exact),
    )


def _leaving(mapped: ir.Table, keys: list[str]) -> ir.Table:
    onward = mapped.filter(mapped.nxt.notnull() & (mapped.nxt != mapped.tp))
    return onward.group_by([*keys, "tp"]).aggregate(cases=onward.case_id.nunique())


def _top_variants(cases: ir.Table, limits: ir.Table, keys: list[str]) -> ir.Table:
    import ibis

    counted = cases.group_by([*keys, "path"]).aggregate(n=cases.count())
    rank = ibis.row_number().over(
        ibis.window(group_by=keys or None, order_by=[counted.n.desc(), counted.path])
    )
    ranked = counted.mutate(rank=rank)
    return ranked.filter(ranked.rank < limits.top.max().as_scalar())


def _step_waits(tables: dict[str, ir.Table], *, by_segment: bool, exact: bool) -> ir.Table:
    """Each backstage step's waits (SPEC §11): the seconds from each of its events back
    to the case's last touchpoint event before it, counted with their cases and
    quantiles, for all cases or per segment value of the case."""
    import ibis

    kept, cases, chosen = tables["kept"], tables["cases"], tables["chosen"]
    activity_map, step_map = tables["activity_map"], tables["step_map"]
    touchpoints = activity_map.select(tp_activity="activity", tp="tp", tp_ord="ord")
    steps = step_map.select(step_activity="activity", step="step", step_ord="ord")
    events = kept.left_join(touchpoints, kept.activity == touchpoints.tp_activity)
    events = events.left_join(steps, events.activity == steps.step_activity)
    events = events.filter(events.tp.notnull() | events.step.notnull())
    before = ibis.window(
        group_by="case_id",
        order_by=["ts", "seq", events.tp_ord.fill_null(events.step_ord)],
        rows=(None, -1),
    )
    # Times only grow along a case: the latest touchpoint time before is the last one.
    last_touch = events.tp.notnull().ifelse(events.ts, ibis.null()).max().over(before)
    timed = events.select("case_id", "step", seconds=_seconds_after(events.ts, last_touch))
    timed = timed.filter(timed.step.notnull() & timed.seconds.notnull())
    keys: list[str] = []
    if by_segment:
        keys = ["segment"]
        of_case = cases.filter(cases.segment.isin(chosen.segment)).select("case_id", "segment")
        timed = timed.inner_join(of_case, "case_id")
    return timed.group_by([*keys, "step"]).aggregate(
        count=timed.count(),
        cases=timed.case_id.nunique(),
        median_s=_quantile(timed.seconds, 0.5, exact),
        p90_s=_quantile(timed.seconds, 0.9, exact),
    )
