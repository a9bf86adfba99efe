"""Where data lives: a file path, or a table behind a connection URL that Ibis understands.

``--responses`` and ``--tickets`` take either.  A URL names its table with
``table=NAME`` (or, for Spark, files of a data lake with ``path=…``), which
journeymap takes out of the URL before it connects:

* ``duckdb:///data/cx.duckdb?table=survey``
* ``postgres://user@host:5432/cx?table=survey``
* ``pyspark://?table=survey`` (a table in the catalog of the Spark session)
* ``pyspark://?path=/lake/survey.parquet`` (Parquet, CSV or JSON read by Spark)
* ``bigquery://project/dataset?table=survey``, ``snowflake://…?table=…`` and the
  other backends of Ibis, with the extra that installs their driver.

``--columns touchpoint=tp_id,metric=kind,score=answer`` maps the names journeymap
reads to the names a file or table uses.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass

from ..i18n import say, text

RESPONSE_COLUMNS = ("touchpoint", "metric", "score")
TICKET_COLUMNS = ("touchpoint", "created_at", "first_response_at", "resolved_at")
#: Every column journeymap reads, by the name it reads it as.
KNOWN_COLUMNS = (
    *RESPONSE_COLUMNS,
    "timestamp",
    *TICKET_COLUMNS[1:],
    "case",
    "activity",
    "role",
)
#: The install extra that brings each backend's driver.
EXTRAS = {
    "duckdb": "tables",
    "postgres": "postgres",
    "postgresql": "postgres",
    "pyspark": "spark",
    "bigquery": "bigquery",
    "snowflake": "snowflake",
}
_URL = re.compile(r"^([a-z][a-z0-9+.-]*)://", re.IGNORECASE)


class SourceError(ValueError):
    """A data source or column mapping that cannot be understood (said in the message)."""


@dataclass(frozen=True)
class TableSource:
    """A table (or Spark data-lake files) behind a connection URL."""

    url: str  # as given, for messages, with any password hidden
    backend: str  # the URL's scheme: duckdb, postgres, pyspark, …
    location: str  # the URL Ibis connects to: without table= and path=
    table: str | None
    path: str | None  # pyspark only: files read by the Spark session

    @property
    def extra(self) -> str:
        return EXTRAS.get(self.backend, self.backend)


@dataclass(frozen=True)
class FileSource:
    """A data file (CSV, Parquet, JSON Lines, Excel, XES), by the path it was given as."""

    path: str

    @property
    def url(self) -> str:
        """As outputs show it: the path as given."""
        return self.path

    @property
    def location(self) -> str:
        return self.path


#: Where data lives, resolved once from what the user wrote (:func:`data_source`).
DataSource = FileSource | TableSource


def data_source(source: str | DataSource, lang: str = "en") -> DataSource:
    """What ``source`` names: a table behind a connection URL (``scheme://…``), else a
    file; a URL that names no table is a SourceError, said in ``lang``."""
    if not isinstance(source, str):
        return source
    return parse_table(source, lang) if is_table(source) else FileSource(source)


def is_table(source: str) -> bool:
    """True for a connection URL (``scheme://…``); paths and ``file://`` are files."""
    match = _URL.match(source)
    return match is not None and match.group(1).lower() != "file"


def parse_table(source: str, lang: str = "en") -> TableSource:
    """Split a connection URL into what Ibis connects to and the table it names; a URL
    that names none is a SourceError, said in ``lang``."""
    try:
        parts = urllib.parse.urlsplit(source)
        parts.port  # noqa: B018 -- a port that is no number fails here, not in the driver
    except ValueError:
        raise SourceError(
            text(
                lang,
                "this is not a URL journeymap can read: a host in [ ] needs its closing ], "
                "and a port is a number up to 65535",
            )
        ) from None
    backend = parts.scheme.lower()
    query = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    table = next((value for key, value in query if key == "table"), None)
    path = next((value for key, value in query if key == "path"), None)
    rest = urllib.parse.urlencode([(k, v) for k, v in query if k not in ("table", "path")])
    if path is not None and backend != "pyspark":
        raise SourceError(text(lang, "path= is for pyspark:// only; name a table with table="))
    if not table and not path:
        raise SourceError(
            text(lang, "name the table with ?table=NAME (or, for Spark, files with ?path=…)")
        )
    # Built by hand: Ibis's own parsing of pyspark URLs drops the leading "/" of a path.
    location = f"{parts.scheme}://{parts.netloc}{parts.path}" + (f"?{rest}" if rest else "")
    return TableSource(shown_url(source), backend, location, table or None, path or None)


def parse_columns(mappings: tuple[str, ...] | list[str]) -> dict[str, str]:
    """``touchpoint=tp_id,metric=kind`` (repeatable) as {name journeymap reads: column}."""
    columns: dict[str, str] = {}
    for mapping in mappings:
        for pair in filter(None, (item.strip() for item in mapping.split(","))):
            name, equals, column = (part.strip() for part in pair.partition("="))
            if not equals or not name or not column:
                raise SourceError(
                    say("%(pair)s: write NAME=COLUMN, e.g. touchpoint=tp_id", pair=repr(pair))
                )
            if name not in KNOWN_COLUMNS:
                raise SourceError(
                    say(
                        "%(name)s is not a column journeymap reads; choose from %(names)s",
                        name=repr(name),
                        names=", ".join(KNOWN_COLUMNS),
                    )
                )
            columns[name] = column
    return columns


def renamed(columns: Mapping[str, str], available: list[str]) -> dict[str, str]:
    """The renames a source needs ({its column: the name journeymap reads}), for the
    mapped columns it has."""
    return {column: name for name, column in columns.items() if column in available}


def shadowed(renames: Mapping[str, str], available: list[str]) -> list[str]:
    """The source's columns that a mapped column takes the name of (``--columns
    touchpoint=tp`` over a file that also has a ``touchpoint``): left out, so that the
    mapped one is read."""
    return [column for column in available if column in renames.values() and column not in renames]


#: Query parameters that carry a secret (``?password=…`` as libpq, Snowflake and Trino
#: read it; tokens and keys as cloud drivers do): shown as ``***`` like a URL's password.
SECRET_PARAMETERS = frozenset(
    {
        "password", "passwd", "pwd", "pass", "secret", "client_secret", "token",
        "access_token", "auth_token", "refresh_token", "api_key", "apikey", "private_key",
        "private_key_passphrase", "credentials", "credentials_base64", "sig", "signature",
    }
)  # fmt: skip
HIDDEN = "***"


def shown_url(source: str) -> str:
    """The URL as every output shows it: a password in it, and the value of every secret
    query parameter (``?password=…``), as ``***``.  Anything that is no URL is itself."""
    if not is_table(source):
        return source
    try:
        parts = urllib.parse.urlsplit(source)
        password = parts.password
    except ValueError:  # an unclosed [ of an IPv6 host: show no part that could be one
        return source.split("://", 1)[0] + "://" + HIDDEN
    items = [item.partition("=") for item in parts.query.split("&") if item]
    if password is None and not any(_is_secret(key) for key, _eq, _value in items):
        return source
    netloc = parts.netloc
    if password is not None:
        user, _at, host = netloc.rpartition("@")
        netloc = f"{user.partition(':')[0]}:{HIDDEN}@{host}"
    query = "&".join(
        f"{key}={HIDDEN}" if _is_secret(key) else f"{key}{equals}{value}"
        for key, equals, value in items
    )
    # Put together by hand: urlunsplit would drop the // of an empty host (duckdb:///…).
    shown = f"{parts.scheme}://{netloc}{parts.path}" + (f"?{query}" if query else "")
    return shown + (f"#{parts.fragment}" if parts.fragment else "")


def _is_secret(key: str) -> bool:
    return urllib.parse.unquote_plus(key).strip().lower() in SECRET_PARAMETERS


def secrets_in(source: str) -> list[str]:
    """The secrets a URL carries (its password, secret query values), as written and as
    decoded: what no output may show, whatever a driver puts into its messages."""
    if not is_table(source):
        return []
    try:
        parts = urllib.parse.urlsplit(source)
        found = [parts.password] if parts.password else []
    except ValueError:
        return [source]
    for key, _equals, value in (item.partition("=") for item in parts.query.split("&")):
        if _is_secret(key) and value:
            found.append(value)
    decoded = [urllib.parse.unquote_plus(secret) for secret in found]
    return sorted({secret for secret in [*found, *decoded] if secret}, key=len, reverse=True)


#: Shorter secrets are hidden in a URL but not searched for in free text, where "ab"
#: would take letters out of every word.
SCRUBBED_LENGTH = 3


def without_secrets(text: str, source: str) -> str:
    """``text`` with every secret of ``source`` replaced by ``***``."""
    for secret in secrets_in(source):
        if len(secret) >= SCRUBBED_LENGTH:
            text = text.replace(secret, HIDDEN)
    return text
