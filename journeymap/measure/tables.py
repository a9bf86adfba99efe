"""Survey and ticket metrics computed where the data lives, through Ibis.

The aggregations are Ibis expressions: per touchpoint and metric, the counts the
formulas need and the counts of unusable rows.  The backend (DuckDB, PostgreSQL,
Spark, a warehouse) executes them; only one row per group travels back.  Bad rows
are named by their key columns, since a table has no lines.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import Diagnostic
from ..i18n import plural, text
from ..machine import cores
from ..model.metrics import DETRACTOR_UP_TO, PROMOTER_FROM, SATISFIED_FROM
from .formulas import TicketCounts
from .measurements import Measurements, record_source
from .sources import RESPONSE_COLUMNS, TICKET_COLUMNS, TableSource, renamed, shadowed
from .validation import DataError, ResponseGroup, metric_id, response_problem, scale_text

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from ..model.journey import Journey
    from .validation import Period, ScoreRule

#: How many bad rows an error names.
EXAMPLES = 5


# --------------------------------------------------------------------------- connecting


def local_shuffles() -> str:
    """The shuffle partitions of a local session journeymap starts itself: twice the cores
    the process may use (not the machine's).  Spark's 200 suit a cluster; on one machine
    every grouping of a small table paid seconds for them (the paths of an 8,577-event
    log: 19 s, and 2.5 s with four)."""
    return str(2 * cores())


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
            elif not os.environ.get("SPARK_CONF_DIR"):  # errors only, unless Spark's says
                logging = Path(__file__).with_name("spark-log4j2.properties").as_uri()
                options = f"-Dlog4j2.configurationFile={logging}"
                builder = builder.config("spark.driver.extraJavaOptions", options)
                builder = builder.config("spark.sql.shuffle.partitions", local_shuffles())
            # Else the master Spark's own configuration names, or local[*].
            session = builder.getOrCreate()
        return ibis.pyspark.connect(session)
    if source.backend == "duckdb":
        database = source.location.removeprefix("duckdb://") or ":memory:"
        return ibis.duckdb.connect(database, read_only=database != ":memory:")
    if source.backend == "sqlite":
        # SQLite makes the database file it is asked to open: a read would leave an empty
        # one behind, where a typo named it.
        database = source.location.removeprefix("sqlite://")
        if database and database != ":memory:" and not os.path.exists(database):
            raise FileNotFoundError(f"no database {database}")
    return ibis.connect(source.location)


def release(backend: Any) -> None:
    """Close the connection behind ``backend``; a Spark session stays: it is the process's
    (a notebook's, or the one Spark's configuration names), and stopping it would end
    every other user of it."""
    if getattr(backend, "name", "") != "pyspark":
        with contextlib.suppress(Exception):
            backend.disconnect()


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
    """How many rows meet the condition (a NULL condition is not met)."""
    return condition.sum().fill_null(0)


def _number(value: ir.Value) -> ir.FloatingValue:
    """A finite number, else NULL (text, NaN and infinities are no scores)."""
    number = value.cast("float64") if value.type().is_numeric() else value.try_cast("float64")
    return (number.isnan() | (number.abs() == float("inf"))).ifelse(None, number)


def _timestamp(value: ir.Value) -> ir.TimestampValue:
    if value.type().is_timestamp():
        return value
    return value.cast("string").strip().nullif("").try_cast("timestamp")


def _given(value: ir.Value) -> ir.BooleanValue:
    """A cell holds something (empty text is nothing), readable or not."""
    if value.type().is_timestamp():
        return value.notnull()
    return value.cast("string").strip().nullif("").notnull()


def response_rows(table: ir.Table, dated: bool) -> ir.Table:
    """Responses as (tp, m, s, ts, ts_bad): touchpoint, metric as written, score,
    timestamp, and whether the timestamp is unreadable (or, when ``dated``, missing)."""
    import ibis

    if "timestamp" not in table.columns:
        return table.select(
            tp=table.touchpoint.cast("string"),
            m=table.metric.cast("string"),
            s=_number(table.score),
            ts=ibis.null("timestamp"),
            ts_bad=ibis.literal(dated),
        )
    ts = _timestamp(table["timestamp"])
    given = table["timestamp"].notnull()
    return table.select(
        tp=table.touchpoint.cast("string"),
        m=table.metric.cast("string"),
        s=_number(table.score),
        ts=ts,
        ts_bad=(given & ts.isnull()) | (~given if dated else ibis.literal(False)),
    )


def valid_response(rows: ir.Table, rules: Mapping[tuple[str, str], ScoreRule]) -> ir.BooleanValue:
    """True for rows whose score fits their (touchpoint, metric) rule."""
    import ibis

    metric = rows.m.strip().lower()
    cases = []
    for (touchpoint, metric_key), rule in rules.items():
        checks = [rows.tp == touchpoint, metric == metric_key, rows.s.notnull()]
        if rule.whole:
            checks.append((rows.s % 1) == 0)
        if rule.low is not None:
            checks.append(rows.s >= rule.low)
        if rule.high is not None:
            checks.append(rows.s <= rule.high)
        cases.append(ibis.and_(*checks))
    return ibis.or_(*cases) if cases else ibis.literal(False)


def _score_groups(
    table: ir.Table,
    s: ir.NumericColumn,
    count_where: Callable[[ir.BooleanValue], ir.IntegerScalar],
    *,
    n: ir.Scalar,
    total: ir.Scalar,
    bad_time: ir.Scalar,
    first: ir.Scalar,
    last: ir.Scalar,
) -> ir.Table:
    """Per touchpoint and metric, the figures of the formulas (SPEC §3): n, unreadable,
    fractional, min, max, sum, satisfied, promoters, detractors, bad timestamps, first
    and last timestamp, in that order; rows meeting a condition are counted by
    ``count_where``; n, the sum and the timestamps' figures are given."""
    return (
        table.group_by(["tp", "m"])
        .aggregate(
            n=n,
            unreadable=count_where(s.isnull()),
            fractional=count_where((s % 1) != 0),
            low=s.min(),
            high=s.max(),
            total=total,
            satisfied=count_where(s >= SATISFIED_FROM),
            promoters=count_where(s >= PROMOTER_FROM),
            detractors=count_where(s <= DETRACTOR_UP_TO),
            bad_time=bad_time,
            first=first,
            last=last,
        )
        .order_by(["tp", "m"])
    )


def response_groups(rows: ir.Table) -> ir.Table:
    """The figures of :func:`_score_groups`, row by row."""
    return _score_groups(
        rows,
        rows.s,
        _count_if,
        n=rows.count(),
        total=rows.s.sum(),
        bad_time=_count_if(rows.ts_bad),
        first=rows.ts.min(),
        last=rows.ts.max(),
    )


def score_counts(rows: ir.Table) -> ir.Table:
    """Responses counted per touchpoint, metric and score, with their bad timestamps and
    first and last time: a few hundred rows when the scores are whole numbers on short
    scales, which :func:`counted_response_groups` turns into :func:`response_groups`.
    Counting rows by one more key costs an engine less than evaluating eleven aggregates
    per row, but a score with many values (a duration in milliseconds) makes a row per
    value: the file path counts only scores it knows to be few."""
    return rows.group_by(["tp", "m", "s"]).aggregate(
        rows=rows.count(),
        bad_time=_count_if(rows.ts_bad),
        first=rows.ts.min(),
        last=rows.ts.max(),
    )


def counted_response_groups(counts: ir.Table) -> ir.Table:
    """:func:`response_groups`, column for column, from the rows of :func:`score_counts`."""
    s, rows = counts.s, counts.rows
    return _score_groups(
        counts,
        s,
        lambda condition: condition.ifelse(rows, 0).sum(),
        n=rows.sum(),
        total=(s * rows).sum(),
        bad_time=counts.bad_time.sum(),
        first=counts.first.min(),
        last=counts.last.max(),
    )


def ticket_rows(table: ir.Table) -> ir.Table:
    """Tickets as (tp, c, f, r, f_given, r_given): created, first response, resolved,
    and whether a first response and a resolution are given (readable or not)."""
    return table.select(
        tp=table.touchpoint.cast("string"),
        c=_timestamp(table.created_at),
        f=_timestamp(table.first_response_at),
        r=_timestamp(table.resolved_at),
        f_given=_given(table.first_response_at),
        r_given=_given(table.resolved_at),
    )


def valid_ticket(rows: ir.Table, known: set[str]) -> ir.BooleanValue:
    return (
        rows.tp.isin(sorted(known))
        & rows.c.notnull()
        & (~rows.f_given | rows.f.notnull())
        & (~rows.r_given | rows.r.notnull())
        & (rows.f >= rows.c).fill_null(True)
        & (rows.r >= rows.c).fill_null(True)
    )


def ticket_groups(rows: ir.Table) -> ir.Table:
    """Per touchpoint: n, the counts of each problem, answered and resolved tickets
    with their minutes, first and last creation time."""
    # Seconds summed, then divided once: a division per row costs 5 % of the scan.
    response = (rows.f.epoch_seconds() - rows.c.epoch_seconds()).sum() / 60
    resolution = (rows.r.epoch_seconds() - rows.c.epoch_seconds()).sum() / 60
    return (
        rows.group_by("tp")
        .aggregate(
            n=rows.count(),
            no_created=_count_if(rows.c.isnull()),
            bad_first=_count_if(rows.f.isnull() & rows.f_given),
            bad_resolved=_count_if(rows.r.isnull() & rows.r_given),
            early_first=_count_if(rows.f < rows.c),
            early_resolved=_count_if(rows.r < rows.c),
            responded=rows.f.count(),
            response_minutes=response,
            resolved=rows.r.count(),
            resolution_minutes=resolution,
            first=rows.c.min(),
            last=rows.c.max(),
        )
        .order_by("tp")
    )


#: The rows the group expressions read, as their columns and types.
RESPONSE_ROWS = {"tp": "string", "m": "string", "s": "float64", "ts": "timestamp('UTC')"}
RESPONSE_ROWS |= {"ts_bad": "boolean"}
TICKET_ROWS = {"tp": "string", "c": "timestamp('UTC')", "f": "timestamp('UTC')"}
TICKET_ROWS |= {"r": "timestamp('UTC')", "f_given": "boolean", "r_given": "boolean"}


def compiled_groups() -> dict[str, str]:
    """The group expressions as DuckDB SQL over a table ``rows``: what the file path
    runs (kept in :mod:`.compiled`, so that reading a file never imports Ibis)."""
    import ibis

    responses = ibis.table(RESPONSE_ROWS, name="rows")
    tickets = ticket_groups(ibis.table(TICKET_ROWS, name="rows"))
    counted = counted_response_groups(score_counts(responses))
    return {
        "RESPONSE_GROUPS": _for_files(ibis.to_sql(response_groups(responses), dialect="duckdb")),
        "COUNTED_RESPONSE_GROUPS": _for_files(ibis.to_sql(counted, dialect="duckdb")),
        "TICKET_GROUPS": _for_files(ibis.to_sql(tickets, dialect="duckdb")),
    }


def _for_files(sql: str) -> str:
    """Two rewrites of the same meaning that DuckDB runs faster over a file's rows."""
    return _count_ifs(_epoch_of_instants(sql))


_SUM_OF_CAST = "COALESCE(SUM(CAST("


def _count_ifs(sql: str) -> str:
    """``COALESCE(SUM(CAST(cond AS INT)), 0)``, as Ibis counts, is ``count_if(cond)``:
    DuckDB's own aggregate, about a third faster over ten million rows."""
    out, start = [], 0
    while (found := sql.find(_SUM_OF_CAST, start)) >= 0:
        depth, end = 1, found + len(_SUM_OF_CAST)
        while depth:  # to the parenthesis that closes CAST(
            depth += {"(": 1, ")": -1}.get(sql[end], 0)
            end += 1
        inner = sql[found + len(_SUM_OF_CAST) : end - 1]
        if not inner.endswith(" AS INT") or not sql.startswith("), 0)", end):
            raise ValueError(f"unexpected count in the compiled SQL: {sql[found:end]}")
        out += [sql[start:found], f"count_if({inner.removesuffix(' AS INT')})"]
        start = end + len("), 0)")
    return "".join([*out, sql[start:]])


def _epoch_of_instants(sql: str) -> str:
    """Ibis writes ``EPOCH(CAST(x AS TIMESTAMP))``; the file path's times are instants
    (TIMESTAMPTZ, in a UTC session), whose EPOCH is the same number without a time-zone
    conversion per row (a third of the time of a ticket scan)."""
    return re.sub(r'EPOCH\(CAST\(("t0"\."\w+") AS TIMESTAMP\)\)', r"EPOCH(\1)", sql)


def in_period(column: ir.TimestampValue, period: Period) -> ir.BooleanValue:
    import ibis

    condition = ibis.literal(True)
    if period.since is not None:
        condition &= column >= _midnight(period.since)
    if period.until is not None:
        # The day after is the engine's sum: Python has no day after 9999-12-31.
        condition &= column < _midnight(period.until) + ibis.interval(days=1)
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
        self.renames = renamed(columns, list(table.columns))
        renames = self.renames
        if renames:  # a column a mapped one takes the name of is left out (see shadowed)
            table = table.drop(*shadowed(renames, list(table.columns)))
            # Ibis renames {new name: old name}.
            table = table.rename({new: old for old, new in renames.items()})
        self.table = table

    def say(self, message: str, /, **values: object) -> str:
        return text(self.journey.locale, message, **values)

    def error(self, message: str, diagnostics: list[Diagnostic] | None = None) -> DataError:
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

    def responses(
        self, measurements: Measurements, rules: Mapping[tuple[str, str], ScoreRule]
    ) -> None:

        self.require(RESPONSE_COLUMNS)
        if self.period and "timestamp" not in self.table.columns:
            raise self.error(self.say("--since/--until need a timestamp column"))
        rows = response_rows(self.table, dated=bool(self.period))
        # As for files: a row outside the period is left out, a bad timestamp reported.
        kept = rows.filter(in_period(rows.ts, self.period).fill_null(False) | rows.ts_bad)
        groups = [ResponseGroup._make(row) for row in _fetch(response_groups(kept))]
        bad = [group for group in groups if response_problem(group, rules)]
        if bad and not self.skip_invalid:
            invalid = kept.filter(~valid_response(kept, rules))
            raise self.bad_rows(
                invalid, ("tp", "m", "s"), lambda row: self.why_response(row, rules)
            )
        used = groups
        if bad:
            valid = response_groups(kept.filter(valid_response(kept, rules)))
            used = [ResponseGroup._make(row) for row in _fetch(valid)]
        for group in used:
            measurements.add_scores(group.touchpoint, metric_id(group.metric), group.counts())
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

    def why_response(self, row: tuple[Any, ...], rules: Mapping[tuple[str, str], ScoreRule]) -> str:

        touchpoint, metric, score = row
        rule = rules.get((touchpoint, metric_id(metric)))
        if rule is None:
            return self.say("unknown touchpoint or metric")
        if score is None:
            return self.say("the score is empty or not a number")
        return self.say(
            "outside %(scale)s", scale=scale_text(metric_id(metric), rule, self.journey.locale)
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
