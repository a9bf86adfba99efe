"""Long queries, watched: a query that runs for more than a second reports how far it got
to a :class:`Progress` display (the command line draws a bar on a terminal; a notebook
or a server passes none)."""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import duckdb

#: A query reports its progress once it has run this long (seconds).
PROGRESS_AFTER = 1.0


class Progress(Protocol):
    """Where a long query's progress goes."""

    def show(self, label: str, percent: float) -> None:
        """``label``'s query is ``percent`` done (DuckDB's estimate; -1 when it has none)."""

    def clear(self) -> None:
        """The query ended: take the display away."""


def run_query(
    connection: duckdb.DuckDBPyConnection, sql: str, progress: Progress | None, label: str
) -> list[tuple[Any, ...]]:
    """Run a query; with a ``progress`` display, report to it once the query has taken
    over :data:`PROGRESS_AFTER` seconds (the query runs in a thread, watched from here)."""
    if progress is None:
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
    shown = False
    while worker.is_alive():
        worker.join(0.1)
        if worker.is_alive() and time.monotonic() - started > PROGRESS_AFTER:
            progress.show(label, connection.query_progress())
            shown = True
    if shown:
        progress.clear()
    if "error" in outcome:
        raise outcome["error"]
    rows: list[tuple[Any, ...]] = outcome["rows"]
    return rows
