"""Read survey responses and helpdesk tickets (CSV, Parquet, JSON Lines) with DuckDB.

The happy path is one columnar scan per file that groups by touchpoint (and
metric) and counts everything the formulas and the validation need, so 10
million rows never become Python objects.  Only when a group holds bad rows is
the file scanned again, single-threaded and numbered, to name the first bad
rows with their row, line and column.  ``skip_invalid`` leaves bad rows out
and counts them instead.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..errors import Diagnostic
from ..i18n import text
from .access import source_of, table_errors
from .files import FileReader, LinkFolder
from .measurements import Measurements
from .progress import Progress
from .sources import RESPONSE_COLUMNS, TICKET_COLUMNS, DataSource, TableSource
from .validation import (
    DataError,
    Period,
    response_rules,
)

if TYPE_CHECKING:
    from ..model.journey import Journey


def read_data(
    journey: Journey,
    responses: Sequence[str | DataSource] = (),
    tickets: Sequence[str | DataSource] = (),
    *,
    skip_invalid: bool = False,
    progress: Progress | None = None,
    period: Period | None = None,
    columns: Mapping[str, str] | None = None,
) -> Measurements:
    """Aggregate every responses and tickets source into counts per touchpoint: files
    with DuckDB, tables behind connection URLs where they live (:mod:`.tables`).
    ``columns`` maps the names journeymap reads to the sources' own column names.

    Every source is read even when one has problems, so that one run shows them all.
    A query that takes long reports to ``progress`` (the command line draws a bar)."""
    import duckdb

    period = period or Period()
    connection = duckdb.connect()
    connection.execute("SET TimeZone = 'UTC'")  # timestamps without an offset are UTC
    connection.execute("SET enable_progress_bar_print = false")  # ``progress`` shows it
    measurements = Measurements()
    problems: list[DataError] = []
    sources: list[tuple[str, DataSource]] = []  # each resolved once
    for kind, given in (("responses", responses), ("tickets", tickets)):
        for named in given:
            try:
                sources.append((kind, source_of(named, journey)))
            except DataError as problem:
                problems.append(problem)
    backends: dict[str, Any] = {}  # one connection per URL
    with LinkFolder() as aliases:
        try:
            for kind, source in sources:
                try:
                    if isinstance(source, TableSource):
                        _read_table(
                            backends, source, kind, journey, columns or {}, skip_invalid,
                            period, measurements,
                        )  # fmt: skip
                        continue
                    reader = FileReader(
                        connection, source.path, journey, skip_invalid, progress, aliases,
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
        _check_mapping(journey, columns or {}, sources, measurements)
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
    sources: Sequence[tuple[str, DataSource]],
    measurements: Measurements,
) -> None:
    """A ``--columns`` mapping no data source has a column for is a typo: one mapping
    serves every source (a survey's ``tp_id``, and tickets that say ``touchpoint``), so
    each source reads the columns it has, but a column none has was not meant."""
    kinds = {kind for kind, _source in sources}
    read = {*RESPONSE_COLUMNS, "timestamp"} if "responses" in kinds else set()
    read |= set(TICKET_COLUMNS) if "tickets" in kinds else set()
    unmatched = [
        f"{name}={column}"
        for name, column in columns.items()
        if name in read and column not in measurements.columns_found
    ]
    if unmatched:
        shown = sources[0][1].url
        message = text(
            journey.locale,
            "--columns %(mapping)s: no data source has such a column",
            mapping=", ".join(unmatched),
        )
        raise DataError(f"{shown}: {message}", [Diagnostic(shown, 1, 1, message)])


def _read_table(
    backends: dict[str, Any],
    source: TableSource,
    kind: str,
    journey: Journey,
    columns: Mapping[str, str],
    skip_invalid: bool,
    period: Period,
    measurements: Measurements,
) -> None:
    """A table behind a connection URL, through Ibis; its problems as a DataError."""
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
