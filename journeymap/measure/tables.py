"""Survey and ticket metrics computed where the data lives, through Ibis.

The aggregations are Ibis expressions: per touchpoint and metric, the counts the
formulas need and the counts of unusable rows.  The backend (DuckDB, PostgreSQL,
Spark, a warehouse) executes them; only one row per group travels back.  Bad rows
are named by their key columns, since a table has no lines.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from ..errors import Diagnostic
from ..i18n import plural, text
from .formulas import ScoreCounts, TicketCounts
from .measurements import Measurements, record_source
from .sources import RESPONSE_COLUMNS, TICKET_COLUMNS, TableSource, renamed

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from ..model.journey import Journey
    from .readers import DataError, Period, Rule

#: How many bad rows an error names.
EXAMPLES = 5


# --------------------------------------------------------------------------- connecting


def connect(source: TableSource) -> Any:
    """An Ibis backend for the source's URL (Spark: the session Spark's configuration
    names, else a local one)."""
    import ibis

    if source.backend == "pyspark":
        from pyspark.sql import SparkSession

        session = SparkSession.getActiveSession()
        if session is None:
            # No progress bars on the terminal journeymap writes its own output to.
            builder = SparkSession.builder.appName("journeymap").config(
                "spark.ui.showConsoleProgress", "false"
            )
            if os.environ.get("SPARK_REMOTE"):  # Spark Connect
                builder = builder.remote(os.environ["SPARK_REMOTE"])
            # Else the master Spark's own configuration names, or local[*].
            session = builder.getOrCreate()
        return ibis.pyspark.connect(session)
    if source.backend == "duckdb":
        database = source.location.removeprefix("duckdb://") or ":memory:"
        return ibis.duckdb.connect(database, read_only=database != ":memory:")
    return ibis.connect(source.location)


def open_table(backend: Any, source: TableSource) -> ir.Table:
    if source.path is not None:
        lowered = source.path.lower()
        if lowered.endswith(".parquet") or lowered.rstrip("/").endswith("parquet"):
            return backend.read_parquet(source.path)
        if lowered.endswith((".json", ".jsonl", ".ndjson")):
            return backend.read_json(source.path)
        return backend.read_csv(source.path, header=True, inferSchema=True)
    return backend.table(source.table)


# --------------------------------------------------------------------------- expressions


def _count_if(condition: ir.BooleanValue) -> ir.IntegerScalar:
    return condition.ifelse(1, 0).sum()


def _number(value: ir.Value) -> ir.FloatingValue:
    """A finite number, else NULL (text, NaN and infinities are no scores)."""
    number = value.cast("float64") if value.type().is_numeric() else value.try_cast("float64")
    return (number.isnan() | (number.abs() == float("inf"))).ifelse(None, number)


def _timestamp(value: ir.Value) -> ir.TimestampValue:
    if value.type().is_timestamp():
        return value
    return value.cast("string").strip().nullif("").try_cast("timestamp")


def response_rows(table: ir.Table) -> ir.Table:
    """Responses as (tp, m, s, ts): touchpoint, metric as written, score, timestamp."""
    import ibis

    has_time = "timestamp" in table.columns
    return table.select(
        tp=table.touchpoint.cast("string"),
        m=table.metric.cast("string"),
        s=_number(table.score),
        ts=_timestamp(table["timestamp"]) if has_time else ibis.null("timestamp"),
        ts_raw=table["timestamp"].cast("string") if has_time else ibis.null("string"),
    )


def valid_response(rows: ir.Table, rules: Mapping[tuple[str, str], Rule]) -> ir.BooleanValue:
    """True for rows whose score fits their (touchpoint, metric) rule."""
    import ibis

    metric = rows.m.strip().lower()
    cases = []
    for (touchpoint, metric_id), rule in rules.items():
        checks = [rows.tp == touchpoint, metric == metric_id, rows.s.notnull()]
        if rule.whole:
            checks.append(rows.s == rows.s.floor())
        if rule.low is not None:
            checks.append(rows.s >= rule.low)
        if rule.high is not None:
            checks.append(rows.s <= rule.high)
        cases.append(ibis.and_(*checks))
    return ibis.or_(*cases) if cases else ibis.literal(False)


def response_groups(rows: ir.Table) -> ir.Table:
    """Per touchpoint and metric: n, unreadable, fractional, min, max, sum, satisfied,
    promoters, detractors, bad timestamps, first and last timestamp."""
    s = rows.s
    return (
        rows.group_by(["tp", "m"])
        .aggregate(
            n=rows.count(),
            unreadable=_count_if(s.isnull()),
            fractional=_count_if(s != s.floor()),
            low=s.min(),
            high=s.max(),
            total=s.sum(),
            satisfied=_count_if(s >= 4),
            promoters=_count_if(s >= 9),
            detractors=_count_if(s <= 6),
            bad_time=_count_if(rows.ts_raw.notnull() & rows.ts.isnull()),
            first=rows.ts.min(),
            last=rows.ts.max(),
        )
        .order_by(["tp", "m"])
    )


def ticket_rows(table: ir.Table) -> ir.Table:
    """Tickets as (tp, c, f, r, f_raw, r_raw): created, first response, resolved."""
    return table.select(
        tp=table.touchpoint.cast("string"),
        c=_timestamp(table.created_at),
        f=_timestamp(table.first_response_at),
        r=_timestamp(table.resolved_at),
        f_raw=table.first_response_at.cast("string"),
        r_raw=table.resolved_at.cast("string"),
    )


def valid_ticket(rows: ir.Table, known: set[str]) -> ir.BooleanValue:
    return (
        rows.tp.isin(sorted(known))
        & rows.c.notnull()
        & (rows.f_raw.isnull() | rows.f.notnull())
        & (rows.r_raw.isnull() | rows.r.notnull())
        & (rows.f >= rows.c).fill_null(True)
        & (rows.r >= rows.c).fill_null(True)
    )


def ticket_groups(rows: ir.Table) -> ir.Table:
    """Per touchpoint: n, the counts of each problem, answered and resolved tickets
    with their minutes, first and last creation time."""
    response = (rows.f.epoch_seconds() - rows.c.epoch_seconds()) / 60
    resolution = (rows.r.epoch_seconds() - rows.c.epoch_seconds()) / 60
    return (
        rows.group_by("tp")
        .aggregate(
            n=rows.count(),
            no_created=_count_if(rows.c.isnull()),
            bad_first=_count_if(rows.f.isnull() & rows.f_raw.notnull()),
            bad_resolved=_count_if(rows.r.isnull() & rows.r_raw.notnull()),
            early_first=_count_if(rows.f < rows.c),
            early_resolved=_count_if(rows.r < rows.c),
            responded=rows.f.count(),
            response_minutes=response.sum(),
            resolved=rows.r.count(),
            resolution_minutes=resolution.sum(),
            first=rows.c.min(),
            last=rows.c.max(),
        )
        .order_by("tp")
    )


def in_period(column: ir.TimestampValue, period: Period) -> ir.BooleanValue:
    import ibis

    condition = ibis.literal(True)
    if period.since is not None:
        condition &= column >= _midnight(period.since)
    if period.until is not None:
        condition &= column < _midnight(period.until + datetime.timedelta(days=1))
    return condition


def _midnight(day: datetime.date) -> ir.TimestampScalar:
    import ibis

    return ibis.timestamp(day.year, day.month, day.day, 0, 0, 0)


# --------------------------------------------------------------------------- reading


class TableReader:
    """One table's rows aggregated into the measurements, or its bad rows reported."""

    def __init__(
        self,
        backend: Any,
        source: TableSource,
        journey: Journey,
        columns: Mapping[str, str],
        skip_invalid: bool,
        period: Period,
    ) -> None:
        self.source, self.journey = source, journey
        self.skip_invalid, self.period = skip_invalid, period
        table = open_table(backend, source)
        renames = renamed(columns, list(table.columns))
        # Ibis renames {new name: old name}.
        self.table = table.rename({new: old for old, new in renames.items()}) if renames else table

    def say(self, message: str, /, **values: object) -> str:
        return text(self.journey.locale, message, **values)

    def error(self, message: str, diagnostics: list[Diagnostic] | None = None) -> DataError:
        from .readers import DataError

        return DataError(
            f"{self.source.url}: {message}",
            diagnostics or [Diagnostic(self.source.url, 1, 1, message)],
        )

    def require(self, required: tuple[str, ...]) -> None:
        missing = [name for name in required if name not in self.table.columns]
        if missing:
            raise self.error(
                self.say(
                    "missing columns %(missing)s; the table has %(columns)s (map them with "
                    "--columns NAME=COLUMN)",
                    missing=", ".join(missing),
                    columns=", ".join(self.table.columns),
                )
            )

    # ------------------------------------------------------------------ responses

    def responses(self, measurements: Measurements, rules: Mapping[tuple[str, str], Rule]) -> None:
        from .readers import _metric, _response_problem

        self.require(RESPONSE_COLUMNS)
        rows = response_rows(self.table)
        if self.period:
            if "timestamp" not in self.table.columns:
                raise self.error(self.say("--since/--until need a timestamp column"))
            kept = rows.filter(in_period(rows.ts, self.period))
        else:
            kept = rows
        groups = _fetch(response_groups(kept))
        bad = [g for g in groups if _response_problem(g, dict(rules))]
        if bad and not self.skip_invalid:
            invalid = kept.filter(~valid_response(kept, rules))
            raise self.bad_rows(
                invalid, ("tp", "m", "s"), lambda row: self.why_response(row, rules)
            )
        used = _fetch(response_groups(kept.filter(valid_response(kept, rules)))) if bad else groups
        for tp, metric, n, *_checks, total, satisfied, promoters, detractors, _t, _f, _l in used:
            counts = ScoreCounts(n, total or 0.0, satisfied, promoters, detractors)
            measurements.add_scores(tp, _metric(metric), counts)
        outside = self.outside(rows, rows.ts)
        record_source(measurements, self.source.url, "responses", groups, used, 2, outside)

    # ------------------------------------------------------------------ tickets

    def tickets(self, measurements: Measurements) -> None:
        self.require(TICKET_COLUMNS)
        rows = ticket_rows(self.table)
        kept = rows.filter(in_period(rows.c, self.period)) if self.period else rows
        known = set(self.journey.touchpoint_map())
        groups = _fetch(ticket_groups(kept))
        bad = [g for g in groups if g[0] not in known or any(g[2:7])]
        if bad and not self.skip_invalid:
            invalid = kept.filter(~valid_ticket(kept, known))
            raise self.bad_rows(
                invalid, ("tp", "c", "f", "r"), lambda row: self.why_ticket(row, known)
            )
        used = _fetch(ticket_groups(kept.filter(valid_ticket(kept, known)))) if bad else groups
        for tp, n, *_problems, responded, response, resolved, resolution, _f, _l in used:
            measurements.add_tickets(
                tp, TicketCounts(n, responded, response or 0.0, resolved, resolution or 0.0)
            )
        outside = self.outside(rows, rows.c)
        record_source(measurements, self.source.url, "tickets", groups, used, 1, outside)

    # ------------------------------------------------------------------ both

    def outside(self, rows: ir.Table, column: ir.TimestampValue) -> int:
        if not self.period:
            return 0
        return int(rows.filter(~in_period(column, self.period).fill_null(False)).count().execute())

    def why_response(self, row: tuple[Any, ...], rules: Mapping[tuple[str, str], Rule]) -> str:
        from .readers import _metric, _scale_text

        touchpoint, metric, score = row
        rule = rules.get((touchpoint, _metric(metric)))
        if rule is None:
            return self.say("unknown touchpoint or metric")
        if score is None:
            return self.say("the score is empty or not a number")
        return self.say(
            "outside %(scale)s", scale=_scale_text(_metric(metric), rule, self.journey.locale)
        )

    def why_ticket(self, row: tuple[Any, ...], known: set[str]) -> str:
        touchpoint, created, first, resolved = row
        if touchpoint not in known:
            return self.say("unknown touchpoint")
        if created is None:
            return self.say("created_at is empty or not a time")
        if (first is not None and first < created) or (resolved is not None and resolved < created):
            return self.say("answered or resolved before it was created")
        return self.say("first_response_at or resolved_at is not a time")

    def bad_rows(
        self,
        invalid: ir.Table,
        keys: tuple[str, ...],
        why: Callable[[tuple[Any, ...]], str],
    ) -> DataError:
        """The first unusable rows, named by their key columns and why they are unusable,
        and how many there are."""
        total = int(invalid.count().execute())
        examples = _fetch(invalid.select(*keys).order_by(list(keys)).limit(EXAMPLES))
        names = {"tp": "touchpoint", "m": "metric", "s": "score", "c": "created_at"}
        names |= {"f": "first_response_at", "r": "resolved_at"}
        diagnostics = [
            Diagnostic(
                self.source.url,
                1,
                1,
                self.say(
                    "unusable row %(row)s: %(reason)s",
                    row=", ".join(
                        f"{names[key]}={_shown(value)}"
                        for key, value in zip(keys, example, strict=True)
                    ),
                    reason=why(example),
                ),
            )
            for example in examples
        ]
        message = plural(
            self.journey.locale,
            "%(count)s unusable row; fix it in the table or use --skip-invalid",
            "%(count)s unusable rows; fix them in the table or use --skip-invalid",
            total,
        )
        return self.error(message, [*diagnostics, Diagnostic(self.source.url, 1, 1, message)])


def _fetch(expression: ir.Table) -> list[tuple[Any, ...]]:
    """The rows of a (small, aggregated) result as tuples of Python values."""
    return [tuple(row.values()) for row in expression.to_pyarrow().to_pylist()]


def _shown(value: Any) -> str:
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return repr(int(value))
    return repr(value)
