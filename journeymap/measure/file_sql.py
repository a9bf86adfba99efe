"""The SQL journeymap runs over survey and ticket files in DuckDB: the rows it reads from a
file, typed and checked, and the group SQL compiled from the Ibis expressions
(:mod:`.compiled`) run over them."""

from __future__ import annotations

import datetime
import math
from typing import Any

from . import compiled
from .sources import TICKET_COLUMNS

# A score is a finite number: NaN would count as a promoter (DuckDB orders NaN above
# every number) and an infinity is no answer on any scale, so both become NULL.
RESPONSE_ROWS = (
    "SELECT tp, m, {finite} AS s, raw, ts_raw, ts, "
    "{bad_ts} AS ts_bad FROM ("
    "SELECT CAST(touchpoint AS VARCHAR) AS tp, CAST(metric AS VARCHAR) AS m, "
    "{score} AS s0, CAST(score AS VARCHAR) AS raw, {ts_raw} AS ts_raw, {ts} AS ts FROM {source})"
)
# DuckDB pushes a plain TRY_CAST of a column into the CSV scanner as a strict cast,
# which fails on the first bad value instead of yielding NULL; trim() keeps it a
# TRY_CAST.  The plain form is used only for the fast, typed first scan.
SCORE_TYPED = "TRY_CAST(score AS DOUBLE)"
SCORE_TEXT = "TRY_CAST(trim(CAST(score AS VARCHAR)) AS DOUBLE)"
FINITE = "CASE WHEN isfinite(s0) THEN s0 END"
#: Column types whose scores are whole, finite numbers by construction.
WHOLE_TYPES = frozenset(
    {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT"}
    | {"UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT"}
)
#: Aggregates of the compiled group SQL that a file's own column types can answer before
#: any row is read, by field: a score stored as an integer has no fractions; a file
#: without a timestamp column has no bad, first or last times; ticket times proven
#: usable are never bad (:data:`TRUSTED_TIMES`).  DuckDB computes an aggregate over a
#: constant for every row: written as constants, they cost nothing.
FOLDABLE = {
    "fractional": 'count_if((\n      "t0"."s" % 1\n    ) <> 0)',
    "bad_time": 'count_if("t0"."ts_bad")',
    "first_time": 'MIN("t0"."ts")',
    "last_time": 'MAX("t0"."ts")',
    "no_created": 'count_if("t0"."c" IS NULL)',
    "bad_first": 'count_if((\n      "t0"."f" IS NULL\n    ) AND "t0"."f_given")',
    "bad_resolved": 'count_if((\n      "t0"."r" IS NULL\n    ) AND "t0"."r_given")',
}
NUMBERED_RESPONSES = RESPONSE_ROWS.replace(
    "AS ts FROM {source}", "AS ts, __row FROM {source}"
).replace("AS ts_bad FROM (", "AS ts_bad, __row FROM (")


def grouped(rows: str, groups: str) -> str:
    """The group SQL compiled from the Ibis expressions (:mod:`.compiled`), run over this
    file's rows that pass ``{where}`` and ``{keep}`` (a subquery: DuckDB may materialise
    a CTE, which costs a copy of every row)."""
    table = 'FROM "rows" AS "t0"'
    assert groups.count(table) == 1, "the compiled groups read one table, rows"
    escaped = groups.replace("{", "{{").replace("}", "}}")
    for field, fragment in FOLDABLE.items():  # filled by _Reader.sql, maybe as constants
        assert escaped.count(fragment) <= 1, f"the compiled groups compute {field} once"
        escaped = escaped.replace(fragment, "{" + field + "}")
    return escaped.replace(
        table, f'FROM (SELECT * FROM ({rows}) WHERE {{where}} AND {{keep}}) AS "t0"'
    )


RESPONSE_GROUPS = grouped(RESPONSE_ROWS, compiled.RESPONSE_GROUPS)
COUNTED_RESPONSE_GROUPS = grouped(RESPONSE_ROWS, compiled.COUNTED_RESPONSE_GROUPS)


def as_text(column: str) -> str:
    """A cell as trimmed text; NULL when empty."""
    return f"nullif(trim(CAST({column} AS VARCHAR)), '')"


def as_timestamp(column: str) -> str:
    """A response's timestamp: ISO-8601 text (or a native timestamp), finite; else NULL.

    DuckDB would also read 'epoch', 'infinity' or '2024/05/01', which are no ISO times."""
    text = as_text(column)
    parsed = f"TRY_CAST({text} AS TIMESTAMPTZ)"
    return (
        f"CASE WHEN regexp_matches({text}, '^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]') "
        f"AND isfinite({parsed}) THEN {parsed} END"
    )


def is_epoch(raw: Any) -> bool:
    """Whether a time as written is 1970-01-01 00:00 UTC, which exports write for a
    missing time: an ISO time, but none a ticket was made at."""
    try:
        parsed = datetime.datetime.fromisoformat(str(raw).strip().replace(" ", "T", 1))
    except ValueError:
        return False
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.UTC)
    return parsed == datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def kept(key: str) -> str:
    return f"CASE WHEN isfinite({key}0) AND {key}0 <> TIMESTAMPTZ 'epoch' THEN {key}0 END"


#: SQL: the group's creation times all lie after the epoch and are finite (or none is given).
CREATED_PROVEN = 'coalesce(MIN("t0"."c") > TIMESTAMPTZ \'epoch\' AND isfinite(MAX("t0"."c")), TRUE)'


def answer_proven(key: str) -> str:
    """SQL: the group's answer times ``key`` are all finite.  Once the creation times are
    proven, an answer at the epoch or at minus infinity lies before its ticket's creation
    and is counted as an early answer, a bad row either way: only plus infinity is left
    to rule out (the aggregate that would rule out the rest cost 2 % of a Parquet scan)."""
    return f'coalesce(isfinite(MAX("t0"."{key}")), TRUE)'


#: The ticket times by their key in the SQL: created, first response, resolved.
TICKET_TIMES = dict(zip("cfr", TICKET_COLUMNS[1:], strict=True))
#: The problem counts of a trusting ticket scan (_Reader.ticket_times): a kept typed
#: time is missing only where none was given, so bad_first and bad_resolved are 0 and
#: no_created counts the missing — when the group's times are proven usable; else NULL,
#: and the scan is repeated checking each row (_Reader.tickets).
TRUSTED_TIMES = {
    "no_created": f'CASE WHEN {CREATED_PROVEN} THEN COUNT(*) - COUNT("t0"."c") END',
    "bad_first": f"CASE WHEN {answer_proven('f')} THEN 0 END",
    "bad_resolved": f"CASE WHEN {answer_proven('r')} THEN 0 END",
}


#: Timestamp types a Parquet or JSON file may give a ticket column.
TIME_TYPES = ("TIMESTAMP WITH TIME ZONE", "TIMESTAMP", "TIMESTAMP_NS", "TIMESTAMP_MS", "DATE")
# Ticket times are parsed once (inner select), then kept only when finite and not the
# epoch (``{c_kept}``, see _Reader.ticket_times): DuckDB also reads 'infinity' and
# 'epoch' as times, which no ticket was made at.
TICKET_ROWS = (
    "SELECT tp, c_raw, {c_kept} AS c, f_raw, f_given, {f_kept} AS f, "
    "r_raw, r_given, {r_kept} AS r{row} FROM ("
    "SELECT CAST(touchpoint AS VARCHAR) AS tp, {c_raw} AS c_raw, {c} AS c0, "
    "{f_raw} AS f_raw, {f_given} AS f_given, {f} AS f0, "
    "{r_raw} AS r_raw, {r_given} AS r_given, {r} AS r0{row} FROM {source})"
)
NUMBERED_TICKETS = TICKET_ROWS.replace("{row}", ", __row")
TICKET_ROWS = TICKET_ROWS.replace("{row}", "")
VALID_TICKET = (
    "c IS NOT NULL AND (NOT f_given OR f IS NOT NULL) AND (NOT r_given OR r IS NOT NULL) "
    "AND coalesce(f >= c, TRUE) AND coalesce(r >= c, TRUE)"
)
TICKET_GROUPS = grouped(TICKET_ROWS, compiled.TICKET_GROUPS)


def is_blank(raw: Any) -> bool:
    return raw is None or not str(raw).strip()


def sql_literal(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def identifier(column: str) -> str:
    """A column name as a SQL identifier."""
    return '"' + column.replace('"', '""') + '"'


def finite_number(raw: Any) -> float | None:
    """The finite number in a cell, else None (text, NaN and infinities are no scores)."""
    try:
        number = float(raw)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None
