"""Reaching a journey's data: what the user named, resolved once into a file or a table
(:data:`.sources.DataSource`), and what goes wrong on the way, in the journey's language."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..errors import Diagnostic
from ..i18n import text
from .files import first_line
from .sources import (
    EXTRAS,
    DataSource,
    SourceError,
    TableSource,
    data_source,
    shown_url,
    without_secrets,
)
from .validation import DataError

if TYPE_CHECKING:
    from ..model.journey import Journey


def source_of(source: str | DataSource, journey: Journey) -> DataSource:
    """What ``source`` names (see :func:`.sources.data_source`); a URL that names no table
    is a DataError."""
    try:
        return data_source(source, journey.locale)
    except SourceError as exc:
        url = shown_url(str(source))
        raise DataError(f"{url}: {exc}", [Diagnostic(url, 1, 1, str(exc))]) from None


class EngineLacks(Exception):
    """A table's engine lacks an operation a computation needs there (SQLite has no
    time span): the message is the operation's name, and the caller computes it
    elsewhere, saying so."""


class EngineRefuses(Exception):
    """A table's engine refuses to keep the intermediate tables a computation needs there
    (a read-only role without the right to temporary tables): the message is the
    engine's, and the caller computes it elsewhere, saying so."""


@contextlib.contextmanager
def table_errors(source: TableSource, journey: Journey) -> Iterator[None]:
    """Whatever reading a table raises, as a DataError in the journey's language: a
    missing driver names the extra to install; anything else, the engine's first line."""
    try:
        yield
    except (DataError, EngineLacks, EngineRefuses):
        raise
    except ImportError:
        raise _missing_driver(source.url, source.extra, journey) from None
    except Exception as exc:
        # A driver may quote what it was given: no secret of the URL leaves in its words.
        reason = without_secrets(first_line(exc), source.location)
        message = text(journey.locale, "cannot read the table: %(reason)s", reason=reason)
        raise DataError(
            f"{source.url}: {message}", [Diagnostic(source.url, 1, 1, message)]
        ) from None


def _missing_driver(url: str, extra: str, journey: Journey) -> DataError:
    package = (
        f"journeymap[{extra}]" if extra in EXTRAS.values() else f"ibis-framework[{extra}]"
    )  # a backend journeymap has no extra for is Ibis's own (mysql, trino, …)
    message = text(
        journey.locale,
        "reading this table needs its driver: pip install '%(package)s'",
        package=package,
    )
    return DataError(f"{url}: {message}", [Diagnostic(url, 1, 1, message)])
