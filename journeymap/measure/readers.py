"""Read survey responses and helpdesk tickets (CSV, Parquet, JSON Lines) with DuckDB.

The happy path is one columnar scan per file that groups by touchpoint (and
metric) and counts everything the formulas and the validation need, so 10
million rows never become Python objects.  Only when a group holds bad rows is
the file scanned again, single-threaded and numbered, to name the first bad
rows with their row, line and column.  ``skip_invalid`` leaves bad rows out
and counts them instead.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import datetime
import gzip
import math
import os
import re
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import Diagnostic, JourneymapError, closest
from ..formats.source import check_regular_file
from ..i18n import plural, text
from ..model.metrics import BUILTIN_METRICS
from . import compiled
from .formulas import ScoreCounts, TicketCounts
from .measurements import Measurements, record_source
from .sources import (
    RESPONSE_COLUMNS,
    TICKET_COLUMNS,
    TableSource,
    is_table,
    renamed,
    shown_url,
    without_secrets,
)

if TYPE_CHECKING:
    import duckdb

    from ..model.journey import Journey

#: How many bad rows an error lists before it summarises the rest.
MAX_LISTED = 10
#: Scores with at most this many values are counted per value (see _Reader.few_scores).
FEW_SCORES = 1_001
#: Bytes the CSV sniffer reads (see _Reader._sniff): DuckDB's default maximum_line_size.
SNIFF_BUFFER = 2 * 1024 * 1024
#: A progress bar appears for queries running longer than this, when stderr is a terminal.
PROGRESS_AFTER = 1.0


class DataError(JourneymapError):
    """A data file cannot be read, or holds rows that cannot be used."""


@dataclass(frozen=True)
class Rule:
    """What one (touchpoint, metric) group of responses may contain."""

    low: float | None
    high: float | None
    whole: bool  # scale answers (CSAT, NPS, CES) are whole numbers


@dataclass(frozen=True)
class Period:
    """The days whose data count (``--since``/``--until``, both included); None is open."""

    since: datetime.date | None = None
    until: datetime.date | None = None

    def __bool__(self) -> bool:
        return self.since is not None or self.until is not None

    def sql(self, column: str) -> str:
        """A SQL condition true when the timestamp ``column`` lies in the period."""
        parts = []
        if self.since is not None:
            parts.append(f"{column} >= TIMESTAMPTZ '{self.since.isoformat()}'")
        if self.until is not None:
            # The day after is the engine's sum: Python has no day after 9999-12-31.
            until = self.until.isoformat()
            parts.append(f"{column} < TIMESTAMPTZ '{until}' + INTERVAL 1 DAY")
        return " AND ".join(parts) or "TRUE"


def read_data(
    journey: Journey,
    responses: Sequence[str] = (),
    tickets: Sequence[str] = (),
    *,
    skip_invalid: bool = False,
    progress: bool | None = None,
    period: Period = Period(),
    columns: Mapping[str, str] | None = None,
) -> Measurements:
    """Aggregate every responses and tickets source into counts per touchpoint: files
    with DuckDB, tables behind connection URLs where they live (:mod:`.tables`).
    ``columns`` maps the names journeymap reads to the sources' own column names.

    Every source is read even when one has problems, so that one run shows them all."""
    import duckdb

    show_progress = sys.stderr.isatty() if progress is None else progress
    connection = duckdb.connect()
    connection.execute("SET TimeZone = 'UTC'")  # timestamps without an offset are UTC
    connection.execute("SET enable_progress_bar_print = false")  # _run draws journeymap's own
    measurements = Measurements()
    problems: list[DataError] = []
    backends: dict[str, Any] = {}  # one connection per URL
    with LinkFolder() as aliases:
        try:
            for kind, paths in (("responses", responses), ("tickets", tickets)):
                for path in paths:
                    try:
                        if is_table(path):
                            _read_table(
                                backends, path, kind, journey, columns or {}, skip_invalid,
                                period, measurements,
                            )  # fmt: skip
                            continue
                        reader = _Reader(
                            connection, path, journey, skip_invalid, show_progress, aliases,
                            period, columns or {},
                        )  # fmt: skip
                        if kind == "responses":
                            reader.responses(measurements)
                        else:
                            reader.tickets(measurements)
                        measurements.columns_found.update(reader.renames)
                    except DataError as problem:
                        problems.append(problem)
        finally:
            connection.close()
            if backends:
                from .tables import release

                for backend in backends.values():
                    release(backend)
    if not problems:
        _check_mapping(journey, columns or {}, responses, tickets, measurements)
    if len(problems) == 1:
        raise problems[0]
    if problems:
        files = len(problems)
        raise DataError(
            text(journey.locale, "problems in %(count)s data files", count=files),
            [d for p in problems for d in p.diagnostics],
        )
    return measurements


def _check_mapping(
    journey: Journey,
    columns: Mapping[str, str],
    responses: Sequence[str],
    tickets: Sequence[str],
    measurements: Measurements,
) -> None:
    """A ``--columns`` mapping no data source has a column for is a typo: one mapping
    serves every source (a survey's ``tp_id``, and tickets that say ``touchpoint``), so
    each source reads the columns it has, but a column none has was not meant."""
    read = {*RESPONSE_COLUMNS, "timestamp"} if responses else set()
    read |= set(TICKET_COLUMNS) if tickets else set()
    unmatched = [
        f"{name}={column}"
        for name, column in columns.items()
        if name in read and column not in measurements.columns_found
    ]
    if unmatched:
        first = [*responses, *tickets][0]
        shown = shown_url(first)
        message = text(
            journey.locale,
            "--columns %(mapping)s: no data source has such a column",
            mapping=", ".join(unmatched),
        )
        raise DataError(f"{shown}: {message}", [Diagnostic(shown, 1, 1, message)])


def _read_table(
    backends: dict[str, Any],
    path: str,
    kind: str,
    journey: Journey,
    columns: Mapping[str, str],
    skip_invalid: bool,
    period: Period,
    measurements: Measurements,
) -> None:
    """A table behind a connection URL, through Ibis; its problems as a DataError."""
    source = table_source(path, journey)
    with table_errors(source, journey):
        from .tables import TableReader, connect

        backend = backends.get(source.location)
        if backend is None:
            backend = backends[source.location] = connect(source)
        reader = TableReader(backend, source, journey, columns, skip_invalid, period)
        if kind == "responses":
            reader.responses(measurements, response_rules(journey))
        else:
            reader.tickets(measurements)
        measurements.columns_found.update(reader.renames)


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


def table_source(path: str, journey: Journey) -> TableSource:
    """The table a connection URL names; a URL that names none is a DataError."""
    from .sources import SourceError, parse_table, shown_url

    try:
        return parse_table(path, journey.locale)
    except SourceError as exc:
        url = shown_url(path)
        raise DataError(f"{url}: {exc}", [Diagnostic(url, 1, 1, str(exc))]) from None


@contextlib.contextmanager
def table_errors(source: TableSource, journey: Journey) -> Iterator[None]:
    """Whatever reading a table raises, as a DataError in the journey's language: a
    missing driver names the extra to install; anything else, the engine's first line."""
    try:
        yield
    except DataError:
        raise
    except ImportError:
        raise _missing_driver(source.url, source.extra, journey) from None
    except Exception as exc:
        # A driver may quote what it was given: no secret of the URL leaves in its words.
        reason = without_secrets(_first_line(exc), source.location)
        message = text(journey.locale, "cannot read the table: %(reason)s", reason=reason)
        raise DataError(
            f"{source.url}: {message}", [Diagnostic(source.url, 1, 1, message)]
        ) from None


def _missing_driver(url: str, extra: str, journey: Journey) -> DataError:
    from .sources import EXTRAS

    package = (
        f"journeymap[{extra}]" if extra in EXTRAS.values() else f"ibis-framework[{extra}]"
    )  # a backend journeymap has no extra for is Ibis's own (mysql, trino, …)
    message = text(
        journey.locale,
        "reading this table needs its driver: pip install '%(package)s'",
        package=package,
    )
    return DataError(f"{url}: {message}", [Diagnostic(url, 1, 1, message)])


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


def response_rules(journey: Journey) -> dict[tuple[str, str], Rule]:
    """The valid scores of every (touchpoint, metric) a responses file may name."""
    rules: dict[tuple[str, str], Rule] = {}
    custom = journey.metric_definitions()
    for tp in journey.touchpoint_map().values():
        ces = tp.metrics.get("ces")
        rules[(tp.id, "csat")] = Rule(1, 5, True)
        rules[(tp.id, "nps")] = Rule(0, 10, True)
        rules[(tp.id, "ces")] = Rule(1, journey.ces_scale(ces), True)
        for metric_id, definition in custom.items():
            if metric_id in BUILTIN_METRICS:
                continue  # a built-in's scale or direction, set for this journey (see above)
            low, high = definition.range or (None, None)
            rules[(tp.id, metric_id)] = Rule(low, high, False)
    return rules


def _scale_text(metric: str, rule: Rule, lang: str) -> str:
    low = "-∞" if rule.low is None else f"{rule.low:g}"
    high = "∞" if rule.high is None else f"{rule.high:g}"
    name = metric.upper() if metric in ("csat", "nps", "ces") else metric
    return text(lang, "the %(metric)s scale %(low)s–%(high)s", metric=name, low=low, high=high)


class _Reader:
    def __init__(
        self,
        connection: duckdb.DuckDBPyConnection,
        path: str,
        journey: Journey,
        skip_invalid: bool,
        progress: bool,
        aliases: LinkFolder,
        period: Period,
        columns: Mapping[str, str],
    ) -> None:
        check_regular_file(path, DataError, journey.locale)
        self.mapping = columns
        self.renames: dict[str, str] = {}  # the file's column: the name journeymap reads
        self.period = period
        self.kind_of_data = "responses"  # or "tickets": set by the method that reads the file
        self.connection = connection
        self.path = path
        self.scan_path = literal_path(path, aliases)
        self.journey = journey
        self.skip_invalid = skip_invalid
        self.progress = progress
        self.kind = _file_kind(path)
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
        renames = ", ".join(f"{_name(old)} AS {_name(new)}" for old, new in self.renames.items())
        return f"(SELECT * RENAME ({renames}) FROM {scan})"

    def scan(self, numbered: bool) -> str:
        literal = _sql(self.scan_path)
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
                    reason=_first_line(exc),
                )
            ) from None
        columns = [column[0] for column in description]
        self.renames = renamed(self.mapping, columns)
        names = [self.renames.get(column, column) for column in columns]
        self.types = {name: str(column[1]) for name, column in zip(names, description, strict=True)}
        return names

    def _sniff(self) -> tuple[str, list[tuple[str, str]]]:
        """What DuckDB's sniffer finds in the CSV file, once: its dialect (quotes and
        escapes default to CSV's double quote) and its columns with their types."""
        literal = _sql(self.scan_path)
        # The sniffer reads its sample from one buffer; DuckDB's default buffer holds far
        # more rows than the sample needs, and filling it cost half the sniff.  2 MiB
        # still holds any line DuckDB can read (its maximum_line_size).
        delimiter, quote, escape, skip, columns = self.connection.execute(
            "SELECT Delimiter, Quote, Escape, SkipRows, Columns "
            f"FROM sniff_csv({literal}, buffer_size = {SNIFF_BUFFER})"
        ).fetchone() or (",", "", "", 0, [])
        found = {"delim": (delimiter, ","), "quote": (quote, '"'), "escape": (escape, '"')}
        dialect = ", ".join(
            f"{option} = {_sql(value if value and value != '(empty)' else default)}"
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
            f"{_sql(name)}: {_sql(typed.get(name, 'VARCHAR'))}" for name, _kind in columns
        )
        return (
            f"read_csv({_sql(self.scan_path)}, auto_detect = false, header = true, {dialect}, "
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
            return {self.mapping.get(name, name): "TIMESTAMPTZ" for name in _TICKET_TIMES.values()}
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
            return _run(self.connection, sql, self.progress, self.path)
        except Exception as exc:
            raise self.error(
                self.say("cannot read the file: %(reason)s", reason=_first_line(exc))
            ) from None

    def groups(self, template: str, where: str = "TRUE") -> list[tuple[Any, ...]]:
        """One aggregating scan; CSV values the type sniffer did not foresee: scan again as text."""
        import duckdb

        if self.kind != "csv" or self.as_text:
            return self.query(self.sql(template, where))
        try:
            return _run(self.connection, self.sql(template, where), self.progress, self.path)
        except (duckdb.ConversionException, duckdb.InvalidInputException):
            self.as_text = True
            return self.query(self.sql(template, where))

    def sql(self, template: str, where: str = "TRUE", numbered: bool = False) -> str:
        typed = self.kind == "parquet" or (self.kind == "csv" and not self.as_text)
        dated = "timestamp" in self.columns
        whole = typed and self.types.get("score", "") in _WHOLE_TYPES
        folded = dict(_FOLDABLE)
        if whole:
            folded["fractional"] = "0"
        if not dated:
            folded |= {"bad_time": "0", "first_time": "NULL::TIMESTAMPTZ"}
            folded["last_time"] = "NULL::TIMESTAMPTZ"
        if self.trusting():
            folded |= _TRUSTED_TIMES
        return template.format(
            source=self.source(numbered),
            where=where,
            score="CAST(score AS DOUBLE)" if whole else _SCORE_TYPED if typed else _SCORE_TEXT,
            finite="s0" if whole else _FINITE,
            ts_raw=_text('"timestamp"') if dated else "NULL::VARCHAR",
            ts=_timestamp('"timestamp"') if dated else "NULL::TIMESTAMPTZ",
            bad_ts=self.bad_timestamp,
            keep=self.keep,
            **folded,
            **self.ticket_times(),
        )

    def ticket_times(self) -> dict[str, str]:
        """SQL for the ticket timestamps: typed columns (Parquet, a sniffed CSV) stay typed,
        text is parsed as ISO-8601; ``*_raw`` is the value as written, for messages.

        A time is usable when finite and not the epoch (:func:`_kept`).  A trusting scan
        keeps typed times as they are, and :data:`_TRUSTED_TIMES` proves afterwards, per
        group, that they were usable: a check per row costs a sixth of the scan."""
        times = {}
        trusting = self.trusting()
        for key, column in _TICKET_TIMES.items():
            if self.typed_time(column):
                times[key] = f"CAST({column} AS TIMESTAMPTZ)"
                times[f"{key}_given"] = f"{column} IS NOT NULL"
            else:
                times[key] = f"TRY_CAST(CAST({column} AS VARCHAR) AS TIMESTAMPTZ)"
                times[f"{key}_given"] = f"{_text(column)} IS NOT NULL"
            times[f"{key}_raw"] = f"CAST({column} AS VARCHAR)" if key == "c" else _text(column)
            times[f"{key}_kept"] = f"{key}0" if trusting else _kept(key)
        return times

    def typed_time(self, column: str) -> bool:
        if self.kind == "csv":  # the typed scan declares every ticket time an instant
            return not self.as_text
        return self.types.get(column, "") in _TIME_TYPES

    def trusting(self) -> bool:
        """Whether the scan keeps the ticket times as read (see :meth:`ticket_times`):
        when all are typed, and no period chooses rows by a time not yet checked."""
        return (
            self.kind_of_data == "tickets"
            and self.trust_times
            and not self.period
            and all(self.typed_time(column) for column in _TICKET_TIMES.values())
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
        template = _COUNTED_RESPONSE_GROUPS if self.few_scores() else _RESPONSE_GROUPS
        groups = self.groups(template)
        bad = [group for group in groups if _response_problem(group, rules)]
        if bad and not self.skip_invalid:
            raise self.response_errors(rules)
        used = groups
        if bad:
            used = self.groups(template, where=self.valid_response_sql(rules))
        for (tp, metric, n, _bad, _frac, _low, _high, total, satisfied, promoters, detractors,
             *_dates) in used:  # fmt: skip
            counts = ScoreCounts(n, total or 0.0, satisfied, promoters, detractors)
            measurements.add_scores(tp, _metric(metric), counts)
        record_source(
            measurements, self.path, "responses", groups, used, 2,
            self.outside_period(_RESPONSE_ROWS),
        )  # fmt: skip

    def few_scores(self) -> bool:
        """Whether the scores are whole numbers known to take at most :data:`FEW_SCORES`
        values, so that counting the responses per score is the faster way to the
        groups (:func:`.tables.score_counts`).  Parquet files know the range of each
        column from their statistics, and DuckDB reads it before any row; a file
        without statistics, or a DuckDB that writes them as text, is counted row by row."""
        import duckdb

        if self.kind != "parquet" or self.types.get("score") not in _WHOLE_TYPES:
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

    def valid_response_sql(self, rules: dict[tuple[str, str], Rule], dated: bool = True) -> str:
        """A SQL condition true for the rows that fit their (touchpoint, metric) rule (and,
        when ``dated``, have a usable timestamp)."""
        cases = []
        for (touchpoint, metric), rule in rules.items():
            checks = [
                f"tp = {_sql(touchpoint)}",
                f"lower(trim(m)) = {_sql(metric)}",
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

    def response_errors(self, rules: dict[tuple[str, str], Rule]) -> DataError:
        self.as_text = True  # quote the values as the file writes them
        numbered = self.sql(_NUMBERED_RESPONSES, numbered=True)
        kept = f"SELECT * FROM ({numbered}) WHERE {self.keep}"
        known_touchpoints = sorted({tp for tp, _ in rules})
        values = self.query(f"SELECT DISTINCT tp, m FROM ({kept})")
        unknown_touchpoints = {tp for tp, _ in values if (tp, "csat") not in rules}
        diagnostics = self.unknown_values(
            kept, "touchpoint", "tp", unknown_touchpoints, known_touchpoints
        )
        unknown_metrics = {
            m for tp, m in values if tp not in unknown_touchpoints and (tp, _metric(m)) not in rules
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
        self, kept: str, rules: dict[tuple[str, str], Rule], limit: int
    ) -> list[Diagnostic]:
        known = (
            " OR ".join(f"(tp = {_sql(t)} AND lower(trim(m)) = {_sql(m)})" for t, m in rules)
            or "FALSE"
        )
        rows = self.query(
            f"SELECT __row, tp, m, raw FROM ({kept}) WHERE ({known}) "
            f"AND NOT {self.valid_response_sql(rules, dated=False)} ORDER BY __row LIMIT {limit}"
        )
        diagnostics = []
        for row, touchpoint, raw_metric, raw in rows:
            metric = _metric(raw_metric)
            rule = rules[(touchpoint, metric)]
            score = _number(raw)
            scale = _scale_text(metric, rule, self.journey.locale)
            if _blank(raw):
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
                word = _metric(value) if column == "metric" else value
                match = closest(str(word), known)
                hint = self.say(" (did you mean %(match)s?)", match=repr(match)) if match else ""
                condition = f"{sql_column} = {_sql(value)}"
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
        if _blank(raw):
            return self.say(
                "%(column)s is empty; every ticket needs the time it was created", column=column
            )
        if _is_epoch(raw):
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
        groups = self.groups(_TICKET_GROUPS)
        if any(None in group[2:5] for group in groups):  # a time the trusting scan kept
            self.trust_times = False  # was infinite or the epoch: check every row
            groups = self.groups(_TICKET_GROUPS)
        bad = [g for g in groups if g[0] not in known or any(g[2:7])]
        if bad and not self.skip_invalid:
            raise self.ticket_errors(known)
        used = groups
        if bad:
            used = self.groups(_TICKET_GROUPS, where=self.valid_ticket_sql(known))
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
            measurements, self.path, "tickets", groups, used, 1, self.outside_period(_TICKET_ROWS)
        )

    @staticmethod
    def valid_ticket_sql(known: set[str]) -> str:
        known_sql = ", ".join(_sql(tp) for tp in sorted(known)) or "NULL"
        return f"(tp IN ({known_sql}) AND {_VALID_TICKET})"

    def ticket_errors(self, known: set[str]) -> DataError:
        self.as_text = True  # quote the values as the file writes them
        self.trust_times = False  # and name each bad time for what it is
        numbered = self.sql(_NUMBERED_TICKETS, numbered=True)
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


# --------------------------------------------------------------------------- SQL

# A score is a finite number: NaN would count as a promoter (DuckDB orders NaN above
# every number) and an infinity is no answer on any scale, so both become NULL.
_RESPONSE_ROWS = (
    "SELECT tp, m, {finite} AS s, raw, ts_raw, ts, "
    "{bad_ts} AS ts_bad FROM ("
    "SELECT CAST(touchpoint AS VARCHAR) AS tp, CAST(metric AS VARCHAR) AS m, "
    "{score} AS s0, CAST(score AS VARCHAR) AS raw, {ts_raw} AS ts_raw, {ts} AS ts FROM {source})"
)
# DuckDB pushes a plain TRY_CAST of a column into the CSV scanner as a strict cast,
# which fails on the first bad value instead of yielding NULL; trim() keeps it a
# TRY_CAST.  The plain form is used only for the fast, typed first scan.
_SCORE_TYPED = "TRY_CAST(score AS DOUBLE)"
_SCORE_TEXT = "TRY_CAST(trim(CAST(score AS VARCHAR)) AS DOUBLE)"
_FINITE = "CASE WHEN isfinite(s0) THEN s0 END"
#: Column types whose scores are whole, finite numbers by construction.
_WHOLE_TYPES = frozenset(
    {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT"}
    | {"UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT"}
)
#: Aggregates of the compiled group SQL that a file's own column types can answer before
#: any row is read, by field: a score stored as an integer has no fractions; a file
#: without a timestamp column has no bad, first or last times; ticket times proven
#: usable are never bad (:data:`_TRUSTED_TIMES`).  DuckDB computes an aggregate over a
#: constant for every row: written as constants, they cost nothing.
_FOLDABLE = {
    "fractional": 'count_if((\n      "t0"."s" % 1\n    ) <> 0)',
    "bad_time": 'count_if("t0"."ts_bad")',
    "first_time": 'MIN("t0"."ts")',
    "last_time": 'MAX("t0"."ts")',
    "no_created": 'count_if("t0"."c" IS NULL)',
    "bad_first": 'count_if((\n      "t0"."f" IS NULL\n    ) AND "t0"."f_given")',
    "bad_resolved": 'count_if((\n      "t0"."r" IS NULL\n    ) AND "t0"."r_given")',
}
_NUMBERED_RESPONSES = _RESPONSE_ROWS.replace(
    "AS ts FROM {source}", "AS ts, __row FROM {source}"
).replace("AS ts_bad FROM (", "AS ts_bad, __row FROM (")


def _groups(rows: str, groups: str) -> str:
    """The group SQL compiled from the Ibis expressions (:mod:`.compiled`), run over this
    file's rows that pass ``{where}`` and ``{keep}`` (a subquery: DuckDB may materialise
    a CTE, which costs a copy of every row)."""
    table = 'FROM "rows" AS "t0"'
    assert groups.count(table) == 1, "the compiled groups read one table, rows"
    escaped = groups.replace("{", "{{").replace("}", "}}")
    for field, fragment in _FOLDABLE.items():  # filled by _Reader.sql, maybe as constants
        assert escaped.count(fragment) <= 1, f"the compiled groups compute {field} once"
        escaped = escaped.replace(fragment, "{" + field + "}")
    return escaped.replace(
        table, f'FROM (SELECT * FROM ({rows}) WHERE {{where}} AND {{keep}}) AS "t0"'
    )


_RESPONSE_GROUPS = _groups(_RESPONSE_ROWS, compiled.RESPONSE_GROUPS)
_COUNTED_RESPONSE_GROUPS = _groups(_RESPONSE_ROWS, compiled.COUNTED_RESPONSE_GROUPS)


def _text(column: str) -> str:
    """A cell as trimmed text; NULL when empty."""
    return f"nullif(trim(CAST({column} AS VARCHAR)), '')"


def _timestamp(column: str) -> str:
    """A response's timestamp: ISO-8601 text (or a native timestamp), finite; else NULL.

    DuckDB would also read 'epoch', 'infinity' or '2024/05/01', which are no ISO times."""
    text = _text(column)
    parsed = f"TRY_CAST({text} AS TIMESTAMPTZ)"
    return (
        f"CASE WHEN regexp_matches({text}, '^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]') "
        f"AND isfinite({parsed}) THEN {parsed} END"
    )


def _is_epoch(raw: Any) -> bool:
    """Whether a time as written is 1970-01-01 00:00 UTC, which exports write for a
    missing time: an ISO time, but none a ticket was made at."""
    try:
        parsed = datetime.datetime.fromisoformat(str(raw).strip().replace(" ", "T", 1))
    except ValueError:
        return False
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.UTC)
    return parsed == datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def _kept(key: str) -> str:
    return f"CASE WHEN isfinite({key}0) AND {key}0 <> TIMESTAMPTZ 'epoch' THEN {key}0 END"


#: SQL: the group's creation times all lie after the epoch and are finite (or none is given).
_CREATED_PROVEN = (
    'coalesce(MIN("t0"."c") > TIMESTAMPTZ \'epoch\' AND isfinite(MAX("t0"."c")), TRUE)'
)


def _answer_proven(key: str) -> str:
    """SQL: the group's answer times ``key`` are all finite.  Once the creation times are
    proven, an answer at the epoch or at minus infinity lies before its ticket's creation
    and is counted as an early answer, a bad row either way: only plus infinity is left
    to rule out (the aggregate that would rule out the rest cost 2 % of a Parquet scan)."""
    return f'coalesce(isfinite(MAX("t0"."{key}")), TRUE)'


#: The ticket times by their key in the SQL: created, first response, resolved.
_TICKET_TIMES = dict(zip("cfr", TICKET_COLUMNS[1:], strict=True))
#: The problem counts of a trusting ticket scan (_Reader.ticket_times): a kept typed
#: time is missing only where none was given, so bad_first and bad_resolved are 0 and
#: no_created counts the missing — when the group's times are proven usable; else NULL,
#: and the scan is repeated checking each row (_Reader.tickets).
_TRUSTED_TIMES = {
    "no_created": f'CASE WHEN {_CREATED_PROVEN} THEN COUNT(*) - COUNT("t0"."c") END',
    "bad_first": f"CASE WHEN {_answer_proven('f')} THEN 0 END",
    "bad_resolved": f"CASE WHEN {_answer_proven('r')} THEN 0 END",
}


#: Timestamp types a Parquet or JSON file may give a ticket column.
_TIME_TYPES = ("TIMESTAMP WITH TIME ZONE", "TIMESTAMP", "TIMESTAMP_NS", "TIMESTAMP_MS", "DATE")
# Ticket times are parsed once (inner select), then kept only when finite and not the
# epoch (``{c_kept}``, see _Reader.ticket_times): DuckDB also reads 'infinity' and
# 'epoch' as times, which no ticket was made at.
_TICKET_ROWS = (
    "SELECT tp, c_raw, {c_kept} AS c, f_raw, f_given, {f_kept} AS f, "
    "r_raw, r_given, {r_kept} AS r{row} FROM ("
    "SELECT CAST(touchpoint AS VARCHAR) AS tp, {c_raw} AS c_raw, {c} AS c0, "
    "{f_raw} AS f_raw, {f_given} AS f_given, {f} AS f0, "
    "{r_raw} AS r_raw, {r_given} AS r_given, {r} AS r0{row} FROM {source})"
)
_NUMBERED_TICKETS = _TICKET_ROWS.replace("{row}", ", __row")
_TICKET_ROWS = _TICKET_ROWS.replace("{row}", "")
_VALID_TICKET = (
    "c IS NOT NULL AND (NOT f_given OR f IS NOT NULL) AND (NOT r_given OR r IS NOT NULL) "
    "AND coalesce(f >= c, TRUE) AND coalesce(r >= c, TRUE)"
)
_TICKET_GROUPS = _groups(_TICKET_ROWS, compiled.TICKET_GROUPS)


def _metric(raw: Any) -> str:
    """Metric ids as files write them (``CSAT``, `` nps``) to the canonical id."""
    return str(raw).strip().lower()


def _response_problem(group: tuple[Any, ...], rules: dict[tuple[str, str], Rule]) -> bool:
    touchpoint, metric, _n, unreadable, fractional, low, high = group[:7]
    rule = rules.get((touchpoint, _metric(metric)))
    if rule is None or unreadable or group[11]:  # [11]: rows with a bad timestamp
        return True
    if rule.whole and fractional:
        return True
    return (rule.low is not None and low < rule.low) or (rule.high is not None and high > rule.high)


def _blank(raw: Any) -> bool:
    return raw is None or not str(raw).strip()


def _sql(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def _name(column: str) -> str:
    """A column name as a SQL identifier."""
    return '"' + column.replace('"', '""') + '"'


def _number(raw: Any) -> float | None:
    """The finite number in a cell, else None (text, NaN and infinities are no scores)."""
    try:
        number = float(raw)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None


def _first_line(exc: BaseException) -> str:
    """The message's first line, without the Python traceback DuckDB appends when a
    Python source it reads (a table's batches) fails."""
    text = str(exc).strip().split(" Detail: Python exception:")[0]
    return text.splitlines()[0] if text else type(exc).__name__


def _file_kind(path: str) -> str:
    lowered = path.lower()
    if lowered.endswith(".parquet"):
        return "parquet"
    if lowered.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    return "csv"


# --------------------------------------------------------------------------- progress


def _run(
    connection: duckdb.DuckDBPyConnection, sql: str, progress: bool, label: str
) -> list[tuple[Any, ...]]:
    """Run a query; on a terminal, draw a progress bar once it has taken over a second."""
    if not progress:
        return connection.execute(sql).fetchall()
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["rows"] = connection.execute(sql).fetchall()
        except Exception as exc:
            outcome["error"] = exc

    worker = threading.Thread(target=work, daemon=True)
    started = time.monotonic()
    worker.start()
    drawn = False
    while worker.is_alive():
        worker.join(0.1)
        if worker.is_alive() and time.monotonic() - started > PROGRESS_AFTER:
            _draw(label, connection.query_progress(), sys.stderr.write)
            drawn = True
    if drawn:
        sys.stderr.write("\r\x1b[K")
    if "error" in outcome:
        raise outcome["error"]
    rows: list[tuple[Any, ...]] = outcome["rows"]
    return rows


def _draw(label: str, percent: float, write: Callable[[str], object]) -> None:
    done = max(0.0, min(percent, 100.0)) if percent >= 0 else 0.0
    filled = int(done / 100 * 30)
    write(f"\r{os.path.basename(label)} [{'#' * filled}{'.' * (30 - filled)}] {done:5.1f}%")
