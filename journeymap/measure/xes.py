"""XES event logs (IEEE 1849; ``.xes`` and ``.xes.gz``) read as a stream into plain rows.

XES is XML: a ``<log>`` of ``<trace>`` elements, each with attributes (the case's
``concept:name``) and ``<event>`` elements with their own (``concept:name``, the
activity, and ``time:timestamp``).  :func:`xes_to_csv` streams the file through
expat, so memory stays flat however long the log, and writes one CSV row per
event (case, activity, timestamp, in file order) for DuckDB to read like any other
log.  It is hardened as defusedxml does it: an XES file needs no DTD, so any
document type declaration or entity declaration is refused before it can expand
(billion laughs, quadratic blow-up) or reach outside (external entities).
"""

from __future__ import annotations

import csv
import datetime
import gzip
import tempfile
import zlib
from collections.abc import Iterator, Mapping
from typing import Any, BinaryIO
from xml.parsers import expat

from ..errors import Diagnostic
from ..i18n import os_reason, text
from .validation import DataError

#: The attribute kinds of XES (``<string key=… value=…/>`` and so on).
ATTRIBUTES = frozenset({"string", "date", "int", "float", "boolean", "id", "list", "container"})
#: XES's lifecycle extension: an activity is often logged when it starts and when it
#: completes.  One visit is one event: the lifecycle steps before "complete" are left out
#: (counted as visits, a start and its completion made every case a "repeat contact").
LIFECYCLE = "lifecycle:transition"
UNFINISHED = frozenset(
    {"schedule", "assign", "reassign", "start", "suspend", "resume", "withdraw", "autoskip",
     "manualskip"}
)  # fmt: skip
#: The column of the written CSV that holds each event's line in the XES file.
XES_LINE = "xes_line"
#: Events of a trace without its case's name yet that are kept in memory; more go to disk.
PENDING_IN_MEMORY = 10_000
#: Read this many bytes at a time: large enough for speed, small enough for flat memory.
CHUNK = 1 << 20
#: The longest element (a tag with its attribute values) journeymap reads.  expat reads an
#: element that spans many chunks again with every chunk, so a 250 MB attribute value
#: took minutes; no event log has a value of a mebibyte.
MAX_ELEMENT = 1 << 20


def is_xes(path: str) -> bool:
    return path.lower().endswith((".xes", ".xes.gz"))


class _Refused(Exception):
    """Something an XES file must not hold (a DTD, an entity), or what an event lacks; on
    ``at`` (line, column) when it is known, else where the parser stands."""

    def __init__(self, message: str, at: tuple[int, int] | None = None) -> None:
        super().__init__(message)
        self.message, self.at = message, at


class _Pending:
    """Events of a trace whose case is not named yet, in file order: in memory up to
    :data:`PENDING_IN_MEMORY`, then in a temporary file (a trace may name its case
    after millions of events)."""

    def __init__(self) -> None:
        self.kept: list[tuple[str | None, str | None, tuple[int, int]]] = []
        self.spilled: Any = None  # a temporary file, once the list is full
        self.writer: Any = None

    def append(self, event: tuple[str | None, str | None, tuple[int, int]]) -> None:
        if len(self.kept) < PENDING_IN_MEMORY:
            self.kept.append(event)
            return
        if self.spilled is None:
            # Open across calls, closed by clear(): no with-block can hold it.
            self.spilled = tempfile.TemporaryFile("w+", encoding="utf-8", newline="")  # noqa: SIM115
            self.writer = csv.writer(self.spilled)
        activity, when, (line, column) = event
        self.writer.writerow((activity is not None, activity or "", when is not None, when or "",
                              line, column))  # fmt: skip

    def __bool__(self) -> bool:
        return bool(self.kept)

    def __iter__(self) -> Iterator[tuple[str | None, str | None, tuple[int, int]]]:
        yield from self.kept
        if self.spilled is not None:
            self.spilled.seek(0)
            for has_activity, activity, has_time, when, line, column in csv.reader(self.spilled):
                yield (
                    activity if has_activity == "True" else None,
                    when if has_time == "True" else None,
                    (int(line), int(column)),
                )

    def clear(self) -> None:
        self.kept = []
        if self.spilled is not None:
            self.spilled.close()
        self.spilled = self.writer = None


class _Reader:
    """Expat handlers that keep the case of the current trace and the keys of its events."""

    def __init__(self, parser: Any, writer: Any, keys: Mapping[str, str], lang: str) -> None:
        self.parser, self.writer = parser, writer
        self.case_key, self.activity_key, self.time_key = (
            keys.get(name, default)
            for name, default in (
                ("case", "concept:name"),
                ("activity", "concept:name"),
                ("timestamp", "time:timestamp"),
            )
        )
        self.lang = lang
        self.stack: list[str] = []
        self.case: str | None = None
        # Events before the case's name: (activity, timestamp, where the event starts),
        # kept in a temporary file beyond the first few thousand, so that memory stays flat.
        self.pending = _Pending()
        self.event: dict[str, str] = {}
        self.event_at = self.trace_at = (1, 1)  # where the current element starts
        self.events = 0

    def start(self, name: str, attributes: dict[str, str]) -> None:
        name = name.rpartition(":")[2]  # <xes:log>: a prefixed XES is XES too
        parent = self.stack[-1] if self.stack else ""
        if not self.stack and name != "log":
            message = text(
                self.lang,
                "not an XES event log: its root element is <%(name)s>, not <log>",
                name=name,
            )
            raise _Refused(message, self.position())
        self.stack.append(name)
        if name == "trace":
            self.case, self.trace_at = None, self.position()
            self.pending.clear()
        elif name == "event" and parent == "trace":
            self.event, self.event_at = {}, self.position()
        elif name in ATTRIBUTES and "key" in attributes:
            if parent == "event" and self.stack[-3:-1] == ["trace", "event"]:
                self.event[attributes["key"]] = attributes.get("value", "")
            elif parent == "trace" and attributes["key"] == self.case_key:
                self.case = attributes.get("value", "").strip() or None  # empty is no name
                if self.case is not None:
                    for activity, when, at in self.pending:
                        self.write(activity, when, at)
                    self.pending.clear()

    def end(self, name: str) -> None:
        name = name.rpartition(":")[2]
        self.stack.pop()
        if name == "event" and self.stack[-1:] == ["trace"]:
            if self.event.get(LIFECYCLE, "complete").strip().lower() in UNFINISHED:
                return  # the step's start (or schedule): its "complete" is the visit
            activity, when = self.event.get(self.activity_key), self.event.get(self.time_key)
            if self.case is None:  # the case's name may follow its events
                self.pending.append((activity, when, self.event_at))
            else:
                self.write(activity, when, self.event_at)
        elif name == "trace" and self.pending:
            message = text(self.lang, "a trace without %(key)s (its case)", key=self.case_key)
            raise _Refused(message, self.trace_at)

    def position(self) -> tuple[int, int]:
        return self.parser.CurrentLineNumber, self.parser.CurrentColumnNumber + 1

    def write(self, activity: str | None, when: str | None, at: tuple[int, int]) -> None:
        if not activity or not when:
            missing = self.activity_key if not activity else self.time_key
            raise _Refused(text(self.lang, "an event without %(key)s", key=missing), at)
        try:
            datetime.datetime.fromisoformat(when)
        except ValueError:
            raise _Refused(
                text(self.lang, "an unreadable timestamp %(value)s", value=repr(when)), at
            ) from None
        self.writer.writerow((self.case, activity, when, at[0]))
        self.events += 1


def xes_to_csv(
    path: str, target: str, columns: Mapping[str, str] | None = None, lang: str = "en"
) -> int:
    """Write the events of the XES file ``path`` to the CSV file ``target`` (columns case,
    activity, timestamp); the number of events.  ``columns`` names other XES keys."""
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    with open(target, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        # The XES line of each event too: a problem DuckDB finds later is said at it.
        writer.writerow(("case", "activity", "timestamp", XES_LINE))
        reader = _Reader(parser, writer, columns or {}, lang)
        parser.StartElementHandler = reader.start
        parser.EndElementHandler = reader.end
        parser.StartDoctypeDeclHandler = _refuse_dtd(lang)
        parser.EntityDeclHandler = _refuse_entity(lang)
        parser.ExternalEntityRefHandler = _refuse_entity(lang)
        try:
            with _open(path) as stream:
                since_tag = 0  # bytes since the last '>': the element expat is still reading
                while chunk := stream.read(CHUNK):
                    end = chunk.rfind(b">")
                    since_tag = len(chunk) - end - 1 if end >= 0 else since_tag + len(chunk)
                    if since_tag > MAX_ELEMENT:
                        raise _Refused(_too_long(lang), reader.position())
                    parser.Parse(chunk, False)
                parser.Parse(b"", True)
        except _Refused as exc:
            line, column = exc.at or reader.position()
            raise _error(path, exc.message, line, column) from None
        except expat.ExpatError as exc:  # expat's reason is English: the place says enough
            raise _error(path, text(lang, "not valid XML"), exc.lineno, exc.offset + 1) from None
        except (EOFError, gzip.BadGzipFile, zlib.error):
            message = text(lang, "cannot read the file: the gzip stream is broken")
            raise _error(path, message, parser.CurrentLineNumber, 1) from None
        except OSError as exc:  # a file gone mid-read
            message = text(lang, "cannot read the file: %(reason)s", reason=os_reason(exc, lang))
            raise _error(path, message, parser.CurrentLineNumber, 1) from None
    return reader.events


def _open(path: str) -> gzip.GzipFile | BinaryIO:
    if path.lower().endswith(".gz"):
        return gzip.open(path, "rb")
    return open(path, "rb")


def _too_long(lang: str) -> str:
    return text(
        lang,
        "refused: an element or attribute value longer than %(limit)s MiB; an event log's "
        "values are names and times",
        limit=MAX_ELEMENT >> 20,
    )


def _refuse_dtd(lang: str) -> Any:
    def refuse(*_args: Any) -> None:
        raise _Refused(
            text(lang, "refused: a document type declaration (DTD); an XES log needs none")
        )

    return refuse


def _refuse_entity(lang: str) -> Any:
    def refuse(*_args: Any) -> None:
        raise _Refused(text(lang, "refused: an entity declaration; an XES log needs none"))

    return refuse


def _error(path: str, message: str, line: int, column: int) -> DataError:
    return DataError(
        f"{path}:{line}:{column}: {message}", [Diagnostic(path, line, column, message)]
    )
