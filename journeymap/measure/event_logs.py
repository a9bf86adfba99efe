"""Reading an event log (SPEC §9): its columns found or mapped, its rows checked, files
through DuckDB and tables through Ibis; :mod:`.events` measures the paths in it."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ..errors import Diagnostic
from ..formats.source import check_regular_file
from ..i18n import N_, plural, text
from .access import table_errors
from .file_sql import identifier, sql_literal
from .files import file_kind, first_line, literal_path, refuse_ragged_rows
from .sources import DataSource, FileSource, TableSource, without_secrets
from .validation import DataError
from .xes import XES_LINE, is_xes, xes_to_csv

if TYPE_CHECKING:
    from ..model.journey import Journey


#: The columns every event log needs.
EVENT_COLUMNS = ("case", "activity", "timestamp")
#: The name ``--segment COLUMN`` gives the case attribute whose values the paths are
#: compared by (a first-contact channel, a product): read like a ``--columns`` mapping.
SEGMENT = "segment"
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
#: What DuckDB may hold in memory while it walks a log; beyond it, it writes to disk.
MEMORY_LIMIT = "1200MB"


@contextlib.contextmanager
def opened_log(
    journey: Journey, source: DataSource, columns: Mapping[str, str]
) -> Iterator[tuple[Any, str, dict[str, str], bool]]:
    """A DuckDB connection (times in UTC) and the log's scan, its event columns and
    whether it stores times typed.  An XES file is first streamed into a CSV file; a
    table's three event columns are fetched, in the order the engine returns its rows."""
    import duckdb

    if isinstance(source, FileSource):
        check_regular_file(source.path, DataError, journey.locale)
    connection = duckdb.connect()
    connection.execute("SET TimeZone = 'UTC'")  # timestamps without an offset are UTC
    connection.execute("SET enable_progress_bar_print = false")  # stderr is for messages
    connection.execute("SET parquet_metadata_cache = true")
    try:
        with contextlib.ExitStack() as stack, _room_on_disk(journey, source):
            work = stack.enter_context(tempfile.TemporaryDirectory(prefix="journeymap-"))
            # A bounded memory, spilling to disk beyond it: a log of any length fits.
            connection.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
            connection.execute(f"SET temp_directory = {sql_literal(os.path.join(work, 'spill'))}")
            if is_local_table(source):
                scan = _attached(connection, journey, source)
            elif isinstance(source, TableSource):
                scan = stack.enter_context(_table_events(connection, journey, source, columns))
                columns = {SEGMENT: SEGMENT} if SEGMENT in columns else {}
            elif is_xes(source.path):
                if SEGMENT in columns:
                    raise log_error(source, text(journey.locale, _NO_XES_SEGMENT))
                converted = os.path.join(work, "events.csv")
                xes_to_csv(source.path, converted, columns, journey.locale)
                scan, columns = _scan(converted, converted), {}
            else:
                scan = _scan(source.path, literal_path(source.path, lambda: work))
            names, typed = _event_columns(connection, journey, source, scan, columns)
            yield connection, scan, names, typed
    finally:
        connection.close()


_NO_ROOM = N_(
    "no room is left on the disk for the temporary files journeymap writes while it reads "
    "the log (in %(folder)s); free some space there, or set TMPDIR to a folder on a disk "
    "with more room"
)


def disk_full(error: Exception) -> bool:
    """Whether DuckDB (or Python) stopped because the disk under the temporary files is
    full: a write failed for want of space, or a spill outgrew the room the disk has."""
    if isinstance(error, OSError):
        return error.errno == errno.ENOSPC
    message = str(error)
    return "No space left on device" in message or "max_temp_directory_size" in message


@contextlib.contextmanager
def _room_on_disk(journey: Journey, source: DataSource) -> Iterator[None]:
    """A disk too full for the temporary files (the spill, the parts of a log, a converted
    XES file) is said at the log, with what to do, not as DuckDB's trace."""
    import duckdb

    try:
        yield
    except (duckdb.Error, OSError) as error:
        if not disk_full(error):
            raise
        message = text(journey.locale, _NO_ROOM, folder=tempfile.gettempdir())
        raise log_error(source, message) from None


def is_local_table(source: DataSource) -> bool:
    """Whether ``source`` is a table of a DuckDB database: read by journeymap's own DuckDB,
    in this process, as a file is (the engine that would compute it is the same DuckDB)."""
    return isinstance(source, TableSource) and source.backend == "duckdb" and bool(source.table)


def _attached(connection: Any, journey: Journey, source: DataSource) -> str:
    """The scan of a DuckDB database's table, the database attached read-only."""
    assert isinstance(source, TableSource) and source.table is not None
    database = source.location.removeprefix("duckdb://")
    with table_errors(source, journey):
        if not database or database == ":memory:" or not os.path.isfile(database):
            raise FileNotFoundError(f"no database {database}")
        connection.execute(f"ATTACH {sql_literal(database)} AS journeymap_source (READ_ONLY)")
        scan = f"journeymap_source.{identifier(source.table)}"
        connection.execute(f"SELECT * FROM {scan} LIMIT 0")
    return scan


@contextlib.contextmanager
def _table_events(
    connection: Any, journey: Journey, source: TableSource, columns: Mapping[str, str]
) -> Iterator[str]:
    """The table's case, activity and timestamp columns as the DuckDB scan ``fetched``,
    while the backend stays open: it selects them (and casts ids to text) and sends them
    in batches as DuckDB reads them, once and in the order they come: how the paths of
    an engine that cannot compute them itself are walked (see :mod:`.table_paths`); no
    engine's whole table is held in memory."""
    with table_errors(source, journey):
        from .tables import connect, open_table, release

        backend = connect(source)
        try:
            table = open_table(backend, source)
            names = resolved_columns(journey, source, list(table.columns), columns)
            chosen = {
                "case": table[names["case"]].cast("string"),
                "activity": table[names["activity"]].cast("string"),
                "timestamp": table[names["timestamp"]],
            }
            if SEGMENT in names:
                chosen[SEGMENT] = table[names[SEGMENT]].cast("string")
            selected = table.select(**chosen)
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


def log_error(source: DataSource, message: str, line: int = 1) -> DataError:
    """A DataError at ``source`` (a URL with its secrets hidden, in the place and the text)."""
    shown = source.url
    message = without_secrets(message, source.location)
    return DataError(f"{shown}: {message}", [Diagnostic(shown, line, 1, message)])


def _event_columns(
    connection: Any, journey: Journey, source: DataSource, scan: str, columns: Mapping[str, str]
) -> tuple[dict[str, str], bool]:
    """The log's column for case, activity and timestamp: as ``--columns`` maps it, else
    the name itself, else its XES name; and whether the log stores its times typed."""
    if isinstance(source, FileSource) and os.path.getsize(source.path) == 0:
        raise log_error(source, text(journey.locale, "the file is empty"))
    try:
        described = connection.execute(f"SELECT * FROM {scan} LIMIT 0").description
        available = [d[0] for d in described]
    except Exception as exc:
        reason = text(journey.locale, "cannot read the file: %(reason)s", reason=first_line(exc))
        raise log_error(source, reason) from None
    types = {d[0]: str(d[1]) for d in described}
    names = resolved_columns(journey, source, available, columns)
    # A time a file stores typed (Parquet, JSON) is read as it is, not through text.
    return names, types.get(names["timestamp"], "").startswith("TIMESTAMP")


def resolved_columns(
    journey: Journey, source: DataSource, available: list[str], columns: Mapping[str, str]
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
    if SEGMENT in columns:  # asked for by --segment: the log must have it
        if columns[SEGMENT] in available:
            names[SEGMENT] = columns[SEGMENT]
        else:
            missing.append(columns[SEGMENT])
    if missing:
        if isinstance(source, FileSource) and file_kind(source.path) == "csv":
            refuse_ragged_rows(source.path, journey.locale)  # the cause of a one-column read
        raise missing_columns(journey, source, missing, available)
    return names


def missing_columns(
    journey: Journey, source: DataSource, missing: list[str], available: list[str]
) -> DataError:
    message = (
        N_(
            "missing columns %(missing)s; the table has %(columns)s (map them with "
            "--columns NAME=COLUMN)"
        )
        if isinstance(source, TableSource)
        else N_(
            "missing columns %(missing)s; the file has %(columns)s (map them with "
            "--columns NAME=COLUMN)"
        )
    )
    shown = text(journey.locale, message, missing=", ".join(missing), columns=", ".join(available))
    return log_error(source, shown)


def quoted(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


_NO_XES_SEGMENT = N_(
    "--segment reads a column of a CSV, Parquet or JSON Lines log, or of a table; "
    "convert the XES log first"
)


def event_columns_sql(names: dict[str, str], typed_time: bool) -> str:
    """The log's case, activity and time as ``case_id``, ``activity`` and ``ts`` (and the
    segment, with ``--segment``, as ``segment``): texts trimmed (empty is none), a time as
    the log stores it or parsed from its text."""
    case, activity, when = (quoted(names[n]) for n in EVENT_COLUMNS)
    time = (
        f"CAST({when} AS TIMESTAMPTZ)"
        if typed_time
        else f"TRY_CAST(CAST({when} AS VARCHAR) AS TIMESTAMPTZ)"
    )
    segment = (
        f", nullif(trim(CAST({quoted(names[SEGMENT])} AS VARCHAR)), '') AS segment"
        if SEGMENT in names
        else ""  # no column at all: a column of nulls still takes memory for every row
    )
    return (
        f"nullif(trim(CAST({case} AS VARCHAR)), '') AS case_id, "
        f"nullif(trim(CAST({activity} AS VARCHAR)), '') AS activity, {time} AS ts{segment}"
    )


#: An event journeymap counts: a case, an activity and a readable, finite time.
VALID_EVENT = "case_id IS NOT NULL AND activity IS NOT NULL AND ts IS NOT NULL AND isfinite(ts)"


#: Rows of a table's event log sent per batch: a few MB of ids and names.
FETCH_ROWS = 100_000


def broken_table_events(journey: Journey, source: DataSource, count: int) -> DataError:
    """The DataError for events of a table without a case, an activity or a time: a table
    has no lines to point at."""
    message = plural(
        journey.locale,
        "%(count)s event without a case, an activity or a readable timestamp",
        "%(count)s events without a case, an activity or a readable timestamp",
        count,
    )
    return log_error(source, message)


def refuse_broken_events(
    connection: Any, journey: Journey, source: DataSource, scan: str, bad: str, count: int
) -> None:
    """The DataError for events without a case, an activity or a readable time: in a file
    at the line of the first."""
    if isinstance(source, TableSource):
        raise broken_table_events(journey, source, count)
    first = connection.execute(f"SELECT min(seq) FROM raw WHERE {bad}").fetchone()[0]
    line = int(first) + 1 + (1 if file_kind(source.path) == "csv" else 0)  # CSV: a header
    if is_xes(source.path):  # the row of the CSV it was written to says its line in the XES file
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
    raise log_error(source, message, line)
