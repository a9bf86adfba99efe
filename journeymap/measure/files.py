"""A survey or ticket file read by DuckDB: one columnar scan per file that groups by
touchpoint (and metric) and counts everything the formulas and the validation need; only
when a group holds bad rows, a second, numbered scan names the first of them with their
row, line and column (:mod:`.readers` reads every source, files and tables)."""

from __future__ import annotations

import csv
import dataclasses
import gzip
import os
import re
import tempfile
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..errors import Diagnostic, closest
from ..formats.source import check_regular_file
from ..i18n import plural, text
from . import file_sql
from .formulas import TicketCounts
from .measurements import Measurements, record_source
from .progress import Progress, run_query
from .sources import (
    RESPONSE_COLUMNS,
    TICKET_COLUMNS,
    renamed,
    shadowed,
)
from .validation import (
    MAX_LISTED,
    DataError,
    Period,
    ResponseGroup,
    ScoreRule,
    metric_id,
    response_problem,
    response_rules,
    scale_text,
)

if TYPE_CHECKING:
    import duckdb

    from ..model.journey import Journey

#: Scores with at most this many values are counted per value (see FileReader.few_scores).
FEW_SCORES = 1_001
#: Bytes the CSV sniffer reads (see FileReader._sniff): DuckDB's default maximum_line_size.
SNIFF_BUFFER = 2 * 1024 * 1024


class FileReader:
    """One survey or ticket file (CSV, Parquet, JSON Lines), read by DuckDB: its columns
    sniffed and typed, one grouped scan, and on bad rows a numbered scan that names them."""

    def __init__(
        self,
        connection: duckdb.DuckDBPyConnection,
        path: str,
        journey: Journey,
        skip_invalid: bool,
        progress: Progress | None,
        aliases: LinkFolder,
        period: Period,
        columns: Mapping[str, str],
    ) -> None:
        check_regular_file(path, DataError, journey.locale)
        self.mapping = columns
        self.renames: dict[str, str] = {}  # the file's column: the name journeymap reads
        self.shadowed: list[str] = []  # the file's columns a mapped column replaces
        self.period = period
        self.kind_of_data = "responses"  # or "tickets": set by the method that reads the file
        self.connection = connection
        self.path = path
        self.scan_path = literal_path(path, aliases)
        self.journey = journey
        self.skip_invalid = skip_invalid
        self.progress = progress
        self.kind = file_kind(path)
        # CSV columns are typed by DuckDB's sniffer (fast); a value it did not foresee
        # fails the scan, which is then repeated reading every column as text.
        self.as_text = False
        self.sniffed: tuple[str, list[tuple[str, str]]] = ("", [])  # CSV: see _sniff
        self.types: dict[str, str] = {}  # as the scan types the columns (CSV: its sniffer)
        self.trust_times = True  # tickets: see ticket_times
        self.columns = self._columns()

    # ------------------------------------------------------------------ reading

    def source(self, numbered: bool = False) -> str:
        """A SQL table expression over the file (with a 1-based ``__row`` when numbered),
        its columns renamed as ``--columns`` maps them."""
        scan = self.scan(numbered)
        if not self.renames:
            return scan
        renames = ", ".join(
            f"{file_sql.identifier(old)} AS {file_sql.identifier(new)}"
            for old, new in self.renames.items()
        )
        left_out = ", ".join(file_sql.identifier(column) for column in self.shadowed)
        exclude = f" EXCLUDE ({left_out})" if left_out else ""
        return f"(SELECT *{exclude} RENAME ({renames}) FROM {scan})"

    def scan(self, numbered: bool) -> str:
        literal = file_sql.sql_literal(self.scan_path)
        if self.kind == "parquet":
            table = f"read_parquet({literal}, file_row_number = {str(numbered).lower()})"
            return f"(SELECT *, file_row_number + 1 AS __row FROM {table})" if numbered else table
        if self.kind == "csv":
            table = self._declared_csv()
        else:
            table = f"read_json({literal}, format = 'newline_delimited')"
        return f"(SELECT *, row_number() OVER () AS __row FROM {table})" if numbered else table

    def _columns(self) -> list[str]:
        if os.path.getsize(self.path) == 0:
            raise self.error(self.say("the file is empty"))
        try:
            if self.kind == "csv":
                self.sniffed = self._sniff()
            description = self.connection.execute(
                f"SELECT * FROM {self.source()} LIMIT 0"
            ).description
        except Exception as exc:
            raise self.error(
                self.say(
                    "cannot read the file as %(kind)s: %(reason)s",
                    kind=self.kind,
                    reason=first_line(exc),
                )
            ) from None
        columns = [column[0] for column in description]
        self.renames = renamed(self.mapping, columns)
        self.shadowed = shadowed(self.renames, columns)
        kept = [column for column in description if column[0] not in self.shadowed]
        names = [self.renames.get(column[0], column[0]) for column in kept]
        self.types = {name: str(column[1]) for name, column in zip(names, kept, strict=True)}
        return names

    def _sniff(self) -> tuple[str, list[tuple[str, str]]]:
        """What DuckDB's sniffer finds in the CSV file, once: its dialect (quotes and
        escapes default to CSV's double quote) and its columns with their types."""
        literal = file_sql.sql_literal(self.scan_path)
        # The sniffer reads its sample from one buffer; DuckDB's default buffer holds far
        # more rows than the sample needs, and filling it cost half the sniff.  2 MiB
        # still holds any line DuckDB can read (its maximum_line_size).
        delimiter, quote, escape, skip, columns = self.connection.execute(
            "SELECT Delimiter, Quote, Escape, SkipRows, Columns "
            f"FROM sniff_csv({literal}, buffer_size = {SNIFF_BUFFER})"
        ).fetchone() or (",", "", "", 0, [])
        found = {"delim": (delimiter, ","), "quote": (quote, '"'), "escape": (escape, '"')}
        dialect = ", ".join(
            f"{option} = {file_sql.sql_literal(value if value and value != '(empty)' else default)}"
            for option, (value, default) in found.items()
        )
        return f"{dialect}, skip = {int(skip)}", [(c["name"], c["type"]) for c in columns]

    def _declared_csv(self) -> str:
        """``read_csv`` with the sniffed dialect and columns declared, so that no scan
        sniffs the file again: every column text, but for those of :meth:`_typed_csv` in
        the typed scan (a value that does not fit fails it, and the scan is repeated as
        text)."""
        dialect, columns = self.sniffed
        typed = self._typed_csv(columns)
        declared = ", ".join(
            f"{file_sql.sql_literal(name)}: {file_sql.sql_literal(typed.get(name, 'VARCHAR'))}"
            for name, _kind in columns
        )
        return (
            f"read_csv({file_sql.sql_literal(self.scan_path)}, auto_detect = false, header = true, {dialect}, "
            f"columns = {{{declared}}})"
        )

    def _typed_csv(self, columns: list[tuple[str, str]]) -> dict[str, str]:
        """The file's columns that the typed scan reads typed, with their types: a
        response's score as the sniffer found it; a ticket's times as instants, parsed
        while the file is read (as the text path's TRY_CAST would, but without a string
        per value)."""
        if self.as_text:
            return {}
        if self.kind_of_data == "tickets":
            return {
                self.mapping.get(name, name): "TIMESTAMPTZ"
                for name in file_sql.TICKET_TIMES.values()
            }
        score = self.mapping.get("score", "score")
        return {name: kind for name, kind in columns if name == score}

    def require(self, required: Sequence[str]) -> None:
        missing = [name for name in required if name not in self.columns]
        if missing and self.kind == "csv":
            self.refuse_ragged_rows()
        if missing:
            raise self.error(
                self.say_plural(
                    "missing column %(missing)s; the file has %(columns)s",
                    "missing columns %(missing)s; the file has %(columns)s",
                    len(missing),
                    missing=", ".join(missing),
                    columns=", ".join(self.columns) or "–",
                )
            )

    def refuse_ragged_rows(self) -> None:
        refuse_ragged_rows(self.path, self.journey.locale)

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        try:
            return run_query(self.connection, sql, self.progress, self.path)
        except Exception as exc:
            raise self.error(
                self.say("cannot read the file: %(reason)s", reason=first_line(exc))
            ) from None

    def groups(self, template: str, where: str = "TRUE") -> list[tuple[Any, ...]]:
        """One aggregating scan; CSV values the type sniffer did not foresee: scan again as text."""
        import duckdb

        if self.kind != "csv" or self.as_text:
            return self.query(self.sql(template, where))
        try:
            return run_query(self.connection, self.sql(template, where), self.progress, self.path)
        except (duckdb.ConversionException, duckdb.InvalidInputException):
            self.as_text = True
            return self.query(self.sql(template, where))

    def sql(self, template: str, where: str = "TRUE", numbered: bool = False) -> str:
        typed = self.kind == "parquet" or (self.kind == "csv" and not self.as_text)
        dated = "timestamp" in self.columns
        whole = typed and self.types.get("score", "") in file_sql.WHOLE_TYPES
        folded = dict(file_sql.FOLDABLE)
        if whole:
            folded["fractional"] = "0"
        if not dated:
            folded |= {"bad_time": "0", "first_time": "NULL::TIMESTAMPTZ"}
            folded["last_time"] = "NULL::TIMESTAMPTZ"
        if self.trusting():
            folded |= file_sql.TRUSTED_TIMES
        return template.format(
            source=self.source(numbered),
            where=where,
            score="CAST(score AS DOUBLE)"
            if whole
            else file_sql.SCORE_TYPED
            if typed
            else file_sql.SCORE_TEXT,
            finite="s0" if whole else file_sql.FINITE,
            ts_raw=file_sql.as_text('"timestamp"') if dated else "NULL::VARCHAR",
            ts=file_sql.as_timestamp('"timestamp"') if dated else "NULL::TIMESTAMPTZ",
            bad_ts=self.bad_timestamp,
            keep=self.keep,
            **folded,
            **self.ticket_times(),
        )

    def ticket_times(self) -> dict[str, str]:
        """SQL for the ticket timestamps: typed columns (Parquet, a sniffed CSV) stay typed,
        text is parsed as ISO-8601; ``*_raw`` is the value as written, for messages.

        A time is usable when finite and not the epoch (:func:`file_sql.kept`).  A trusting scan
        keeps typed times as they are, and :data:`file_sql.TRUSTED_TIMES` proves afterwards, per
        group, that they were usable: a check per row costs a sixth of the scan."""
        times = {}
        trusting = self.trusting()
        for key, column in file_sql.TICKET_TIMES.items():
            if self.typed_time(column):
                times[key] = f"CAST({column} AS TIMESTAMPTZ)"
                times[f"{key}_given"] = f"{column} IS NOT NULL"
            else:
                times[key] = f"TRY_CAST(CAST({column} AS VARCHAR) AS TIMESTAMPTZ)"
                times[f"{key}_given"] = f"{file_sql.as_text(column)} IS NOT NULL"
            times[f"{key}_raw"] = (
                f"CAST({column} AS VARCHAR)" if key == "c" else file_sql.as_text(column)
            )
            times[f"{key}_kept"] = f"{key}0" if trusting else file_sql.kept(key)
        return times

    def typed_time(self, column: str) -> bool:
        if self.kind == "csv":  # the typed scan declares every ticket time an instant
            return not self.as_text
        return self.types.get(column, "") in file_sql.TIME_TYPES

    def trusting(self) -> bool:
        """Whether the scan keeps the ticket times as read (see :meth:`ticket_times`):
        when all are typed, and no period chooses rows by a time not yet checked."""
        return (
            self.kind_of_data == "tickets"
            and self.trust_times
            and not self.period
            and all(self.typed_time(column) for column in file_sql.TICKET_TIMES.values())
        )

    @property
    def bad_timestamp(self) -> str:
        """SQL: a response's timestamp is unreadable (or, with a period, missing)."""
        missing = " OR ts_raw IS NULL" if self.period else ""
        return f"((ts_raw IS NOT NULL AND ts IS NULL){missing})"

    @property
    def keep(self) -> str:
        """SQL: the row belongs to the period, or is bad and must be reported."""
        if not self.period:
            return "TRUE"
        if self.kind_of_data == "tickets":
            return f"(({self.period.sql('c')}) OR c IS NULL)"
        return f"(({self.period.sql('ts')}) OR {self.bad_timestamp})"

    def outside_period(self, rows_template: str) -> int:
        """How many rows the period leaves out (no scan without a period)."""
        if not self.period:
            return 0
        (count,) = self.query(
            f"SELECT count(*) FROM ({self.sql(rows_template)}) WHERE NOT {self.keep}"
        )[0]
        return int(count)

    def error(self, message: str, row: int | None = None, column: str | None = None) -> DataError:
        return DataError(f"{self.path}: {message}", [self.diagnostic(message, row, column)])

    def diagnostic(
        self, message: str, row: int | None = None, column: str | None = None
    ) -> Diagnostic:
        """FILE:LINE:COL, where LINE is the row's line as a spreadsheet or editor shows it
        (CSV: the header is line 1) and COL the column; Parquet has rows, not lines."""
        if row is None:
            return Diagnostic(self.path, 1, 1, message)
        line = row + 1 if self.kind == "csv" else row
        position = self.columns.index(column) + 1 if column in self.columns else 1
        parts = [self.say("row %(row)s", row=row)] if self.kind == "parquet" else []
        parts += [self.say("column %(column)s", column=repr(column))] if column else []
        return Diagnostic(
            self.path, line, position, f"{', '.join(parts)}: {message}" if parts else message
        )

    # ------------------------------------------------------------------ responses

    def responses(self, measurements: Measurements) -> None:
        self.kind_of_data = "responses"
        self.require(RESPONSE_COLUMNS)
        if self.period and "timestamp" not in self.columns:
            raise self.error(
                self.say(
                    "--since/--until need a timestamp column, and this file has none; add one "
                    "(ISO-8601, e.g. 2026-03-31T14:05:00Z) or leave the period out"
                )
            )
        rules = response_rules(self.journey)
        template = (
            file_sql.COUNTED_RESPONSE_GROUPS if self.few_scores() else file_sql.RESPONSE_GROUPS
        )
        groups = [ResponseGroup._make(row) for row in self.groups(template)]
        bad = [group for group in groups if response_problem(group, rules)]
        if bad and not self.skip_invalid:
            raise self.response_errors(rules)
        used = groups
        if bad:
            where = self.valid_response_sql(rules)
            used = [ResponseGroup._make(row) for row in self.groups(template, where=where)]
        for group in used:
            measurements.add_scores(group.touchpoint, metric_id(group.metric), group.counts())
        record_source(
            measurements, self.path, "responses", groups, used, 2,
            self.outside_period(file_sql.RESPONSE_ROWS),
        )  # fmt: skip

    def few_scores(self) -> bool:
        """Whether the scores are whole numbers known to take at most :data:`FEW_SCORES`
        values, so that counting the responses per score is the faster way to the
        groups (:func:`.tables.score_counts`).  Parquet files know the range of each
        column from their statistics, and DuckDB reads it before any row; a file
        without statistics, or a DuckDB that writes them as text, is counted row by row."""
        import duckdb

        if self.kind != "parquet" or self.types.get("score") not in file_sql.WHOLE_TYPES:
            return False
        statistics = (
            f"SELECT stats(score).min::DOUBLE, stats(score).max::DOUBLE FROM {self.source()}"
        )
        try:
            bounds = self.connection.execute(f"{statistics} LIMIT 1").fetchone()
        except duckdb.Error:
            return False
        if bounds is None or bounds[0] is None or bounds[1] is None:
            return False
        return bool(bounds[1] - bounds[0] < FEW_SCORES)

    def valid_response_sql(
        self, rules: dict[tuple[str, str], ScoreRule], dated: bool = True
    ) -> str:
        """A SQL condition true for the rows that fit their (touchpoint, metric) rule (and,
        when ``dated``, have a usable timestamp)."""
        cases = []
        for (touchpoint, metric), rule in rules.items():
            checks = [
                f"tp = {file_sql.sql_literal(touchpoint)}",
                f"lower(trim(m)) = {file_sql.sql_literal(metric)}",
                "s IS NOT NULL",
            ]
            if rule.whole:
                checks.append("s = floor(s)")
            if rule.low is not None:
                checks.append(f"s >= {rule.low}")
            if rule.high is not None:
                checks.append(f"s <= {rule.high}")
            cases.append("(" + " AND ".join(checks) + ")")
        valid = "(" + " OR ".join(cases) + ")" if cases else "FALSE"
        return f"({valid} AND NOT {self.bad_timestamp})" if dated else valid

    def response_errors(self, rules: dict[tuple[str, str], ScoreRule]) -> DataError:
        self.as_text = True  # quote the values as the file writes them
        numbered = self.sql(file_sql.NUMBERED_RESPONSES, numbered=True)
        kept = f"SELECT * FROM ({numbered}) WHERE {self.keep}"
        known_touchpoints = sorted({tp for tp, _ in rules})
        values = self.query(f"SELECT DISTINCT tp, m FROM ({kept})")
        unknown_touchpoints = {tp for tp, _ in values if (tp, "csat") not in rules}
        diagnostics = self.unknown_values(
            kept, "touchpoint", "tp", unknown_touchpoints, known_touchpoints
        )
        unknown_metrics = {
            m
            for tp, m in values
            if tp not in unknown_touchpoints and (tp, metric_id(m)) not in rules
        }
        for diagnostic in self.unknown_values(
            kept, "metric", "m", unknown_metrics, sorted({m for _, m in rules})
        ):
            suffix = self.say("; responses give csat, nps, ces or a metric defined under metrics:")
            diagnostics.append(dataclasses.replace(diagnostic, message=diagnostic.message + suffix))
        if len(diagnostics) < MAX_LISTED:
            diagnostics += self.bad_score_rows(kept, rules, MAX_LISTED - len(diagnostics))
        if len(diagnostics) < MAX_LISTED:
            diagnostics += self.bad_timestamp_rows(kept, MAX_LISTED - len(diagnostics))
        (total,) = self.query(
            f"SELECT count(*) FROM ({kept}) WHERE NOT {self.valid_response_sql(rules)}"
        )[0]
        return DataError(
            f"{self.path}: "
            + self.say_plural("%(count)s unusable row", "%(count)s unusable rows", int(total)),
            sorted(diagnostics) + self.more(len(diagnostics), int(total)),
        )

    def bad_score_rows(
        self, kept: str, rules: dict[tuple[str, str], ScoreRule], limit: int
    ) -> list[Diagnostic]:
        known = (
            " OR ".join(
                f"(tp = {file_sql.sql_literal(t)} AND lower(trim(m)) = {file_sql.sql_literal(m)})"
                for t, m in rules
            )
            or "FALSE"
        )
        rows = self.query(
            f"SELECT __row, tp, m, raw FROM ({kept}) WHERE ({known}) "
            f"AND NOT {self.valid_response_sql(rules, dated=False)} ORDER BY __row LIMIT {limit}"
        )
        diagnostics = []
        for row, touchpoint, raw_metric, raw in rows:
            metric = metric_id(raw_metric)
            rule = rules[(touchpoint, metric)]
            score = file_sql.finite_number(raw)
            scale = scale_text(metric, rule, self.journey.locale)
            if file_sql.is_blank(raw):
                message = self.say("the score is empty")
            elif score is None:
                message = self.say("score %(score)s is not a number", score=repr(raw))
            elif rule.whole and score != int(score):
                message = self.say(
                    "score %(score)s is not a whole number on %(scale)s", score=raw, scale=scale
                )
            else:
                message = self.say(
                    "score %(score)s is outside %(scale)s (%(touchpoint)s)",
                    score=raw,
                    scale=scale,
                    touchpoint=repr(touchpoint),
                )
            diagnostics.append(self.diagnostic(message, int(row), "score"))
        return diagnostics

    def bad_timestamp_rows(self, kept: str, limit: int) -> list[Diagnostic]:
        rows = self.query(
            f"SELECT __row, ts_raw FROM ({kept}) WHERE {self.bad_timestamp} "
            f"ORDER BY __row LIMIT {limit}"
        )
        return [
            self.diagnostic(
                self.say(
                    "the timestamp is empty, so the response cannot be placed in --since/--until"
                )
                if raw is None
                else self.say(
                    "timestamp %(value)s is not an ISO-8601 date and time (e.g. "
                    "2026-03-31T14:05:00Z)",
                    value=repr(raw),
                ),
                int(row),
                "timestamp",
            )
            for row, raw in rows
        ]

    def unknown_values(
        self,
        numbered: str,
        column: str,
        sql_column: str,
        values: set[str | None],
        known: Sequence[str],
    ) -> list[Diagnostic]:
        """One diagnostic per unknown (or empty) value of ``column``, at its first row."""
        diagnostics = []
        for value in sorted(values, key=lambda v: (v is not None, str(v))):
            if value is None:
                condition = f"{sql_column} IS NULL"
                message = (
                    self.say("the touchpoint is empty")
                    if column == "touchpoint"
                    else self.say("the metric is empty")
                )
            else:
                word = metric_id(value) if column == "metric" else value
                match = closest(str(word), known)
                hint = self.say(" (did you mean %(match)s?)", match=repr(match)) if match else ""
                condition = f"{sql_column} = {file_sql.sql_literal(value)}"
                message = (
                    self.say("unknown touchpoint %(value)s%(hint)s", value=repr(value), hint=hint)
                    if column == "touchpoint"
                    else self.say("unknown metric %(value)s%(hint)s", value=repr(value), hint=hint)
                )
            rows = self.query(f"SELECT min(__row) FROM ({numbered}) WHERE {condition}")
            row = int(rows[0][0]) if rows and rows[0][0] is not None else None
            diagnostics.append(self.diagnostic(message, row, column))
        return diagnostics

    def ticket_problem(self, condition: str, column: str, raw: Any) -> str:
        if condition == "f < c":
            return self.say("first response %(time)s is before the ticket was created", time=raw)
        if condition == "r < c":
            return self.say("resolution %(time)s is before the ticket was created", time=raw)
        if file_sql.is_blank(raw):
            return self.say(
                "%(column)s is empty; every ticket needs the time it was created", column=column
            )
        if file_sql.is_epoch(raw):
            return self.say(
                "%(column)s %(value)s is a placeholder for a missing time (1970-01-01 00:00 UTC), "
                "not a real time",
                column=column,
                value=repr(raw),
            )
        return self.say(
            "%(column)s %(value)s is not an ISO-8601 date and time", column=column, value=repr(raw)
        )

    def say(self, message: str, /, **values: object) -> str:
        """``message`` in the journey's language (the data belong to it)."""
        return text(self.journey.locale, message, **values)

    def say_plural(self, singular: str, plural_: str, count: int, /, **values: object) -> str:
        """``say`` with the plural form the journey's language uses for ``count``."""
        return plural(self.journey.locale, singular, plural_, count, **values)

    def more(self, listed: int, total: int) -> list[Diagnostic]:
        """The count of the problems not listed (each file lists its first ones)."""
        if total <= listed:
            return []
        return [
            Diagnostic(
                self.path,
                1,
                1,
                self.say_plural(
                    "%(count)s unusable rows in this file, the first %(listed)s listed; fix "
                    "them, or use --skip-invalid to leave them out",
                    "%(count)s unusable rows in this file, the first %(listed)s listed; fix "
                    "them, or use --skip-invalid to leave them out",
                    total,
                    listed=listed,
                ),
            )
        ]

    # ------------------------------------------------------------------ tickets

    def tickets(self, measurements: Measurements) -> None:
        # Typed times stay typed: Parquet's and JSON's as they are, a CSV file's declared
        # as instants in its typed scan.  A time that scan cannot read fails it, and the
        # file is read again as text, each time parsed by TRY_CAST, so that errors can
        # quote the file's text.
        self.kind_of_data = "tickets"
        self.require(TICKET_COLUMNS)
        known = set(self.journey.touchpoint_map())
        groups = self.groups(file_sql.TICKET_GROUPS)
        if any(None in group[2:5] for group in groups):  # a time the trusting scan kept
            self.trust_times = False  # was infinite or the epoch: check every row
            groups = self.groups(file_sql.TICKET_GROUPS)
        bad = [g for g in groups if g[0] not in known or any(g[2:7])]
        if bad and not self.skip_invalid:
            raise self.ticket_errors(known)
        used = groups
        if bad:
            used = self.groups(file_sql.TICKET_GROUPS, where=self.valid_ticket_sql(known))
        for (
            tp,
            n,
            *_problems,
            responded,
            response_minutes,
            resolved,
            minutes,
            _first,
            _last,
        ) in used:
            counts = TicketCounts(n, responded, response_minutes or 0.0, resolved, minutes or 0.0)
            measurements.add_tickets(tp, counts)
        record_source(
            measurements,
            self.path,
            "tickets",
            groups,
            used,
            1,
            self.outside_period(file_sql.TICKET_ROWS),
        )

    @staticmethod
    def valid_ticket_sql(known: set[str]) -> str:
        known_sql = ", ".join(file_sql.sql_literal(tp) for tp in sorted(known)) or "NULL"
        return f"(tp IN ({known_sql}) AND {file_sql.VALID_TICKET})"

    def ticket_errors(self, known: set[str]) -> DataError:
        self.as_text = True  # quote the values as the file writes them
        self.trust_times = False  # and name each bad time for what it is
        numbered = self.sql(file_sql.NUMBERED_TICKETS, numbered=True)
        kept = f"SELECT * FROM ({numbered}) WHERE {self.keep}"
        values = {tp for (tp,) in self.query(f"SELECT DISTINCT tp FROM ({kept})")}
        diagnostics = self.unknown_values(kept, "touchpoint", "tp", values - known, sorted(known))
        checks = [
            ("c IS NULL", "created_at", "c_raw"),
            ("f IS NULL AND f_given", "first_response_at", "f_raw"),
            ("r IS NULL AND r_given", "resolved_at", "r_raw"),
            ("f < c", "first_response_at", "f_raw"),
            ("r < c", "resolved_at", "r_raw"),
        ]
        for condition, column, raw_column in checks:
            if len(diagnostics) >= MAX_LISTED:
                break
            rows = self.query(
                f"SELECT __row, {raw_column} FROM ({kept}) WHERE {condition} "
                f"ORDER BY __row LIMIT {MAX_LISTED - len(diagnostics)}"
            )
            for row, raw in rows:
                message = self.ticket_problem(condition, column, raw)
                diagnostics.append(self.diagnostic(message, int(row), column))
        (total,) = self.query(
            f"SELECT count(*) FROM ({kept}) WHERE NOT {self.valid_ticket_sql(known)}"
        )[0]
        return DataError(
            f"{self.path}: "
            + self.say_plural(
                "unusable tickets in %(count)s row",
                "unusable tickets in %(count)s rows",
                int(total),
            ),
            sorted(diagnostics) + self.more(len(diagnostics), int(total)),
        )


def refuse_ragged_rows(path: str, lang: str) -> None:
    """Name the first row of a CSV file whose number of fields differs from the header's.

    DuckDB's sniffer reads such a file as one column and cannot say which line broke it;
    this slow scan runs only on that error path (a survey's, a ticket export's, or an
    event log's missing columns).
    """
    opener: Any = gzip.open if path.lower().endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8-sig", errors="replace", newline="") as stream:
        rows = csv.reader(stream)
        header = next(rows, [])
        for row in rows:
            if row and len(row) != len(header):
                line = rows.line_num
                message = plural(
                    lang,
                    "line %(line)s has %(count)s field, the header %(header)s; every row "
                    "needs one value per column (quote values that hold a comma)",
                    "line %(line)s has %(count)s fields, the header %(header)s; every row "
                    "needs one value per column (quote values that hold a comma)",
                    len(row),
                    line=line,
                    header=len(header),
                )
                raise DataError(f"{path}: {message}", [Diagnostic(path, line, 1, message)])


#: Characters DuckDB reads as a glob pattern in a file name.
_GLOB = re.compile(r"[*?\[\]{}]")


class LinkFolder:
    """A temporary folder for :func:`literal_path`'s links, made when the first link
    needs it: making and removing it would cost a millisecond on every read."""

    def __init__(self) -> None:
        self._folder: tempfile.TemporaryDirectory[str] | None = None

    def __call__(self) -> str:
        if self._folder is None:
            self._folder = tempfile.TemporaryDirectory(prefix="journeymap-")
        return self._folder.name

    def __enter__(self) -> LinkFolder:
        return self

    def __exit__(self, *_exc: object) -> None:
        if self._folder is not None:
            self._folder.cleanup()


def literal_path(path: str, aliases: Callable[[], str]) -> str:
    """A name DuckDB reads as exactly ``path``: a file name with glob characters
    (``survey[1].csv``, ``all*.csv``) gets a plain-named link in the folder ``aliases``
    gives, since DuckDB would otherwise read every file the pattern matches."""
    if not _GLOB.search(path):
        return path
    folder = aliases()
    alias = os.path.join(folder, f"{len(os.listdir(folder))}{os.path.splitext(path)[1]}")
    os.symlink(os.path.abspath(path), alias)
    return alias


def first_line(exc: BaseException) -> str:
    """The message's first line, without the Python traceback DuckDB appends when a
    Python source it reads (a table's batches) fails."""
    text = str(exc).strip().split(" Detail: Python exception:")[0]
    return text.splitlines()[0] if text else type(exc).__name__


def file_kind(path: str) -> str:
    lowered = path.lower()
    if lowered.endswith(".parquet"):
        return "parquet"
    if lowered.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    return "csv"
