"""The workshop board's state (SPEC §13): one journey file, its version, and the edits of
everyone in the room.

Every change has a version: an edit from a board, or a change of the file on disk (a
``git pull``, an editor).  An edit names the version it was made on; when the journey
moved on since, it is applied only if it touches nothing that changed meanwhile (409
otherwise, with nothing written), and only if the journey still loads afterwards (422
otherwise, with the errors in the journey's language).  Edits are written through the
round-trip writer, so everything they do not touch stays as it was written, and
atomically.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..errors import JourneymapError
from ..formats.edits import EditError, apply, changed_paths, in_conflict
from ..formats.loader import Document, plain_data, read, reads
from ..formats.output import atomic_write
from ..formats.portfolio import library_of
from ..formats.roundtrip import rewritten
from ..formats.scalar_edits import in_place
from ..i18n import journey_language
from ..model.portfolio import Library

#: How many versions back an edit may have been made on and still be judged (older: 409).
HISTORY = 500


@dataclass(frozen=True)
class Outcome:
    """An edit's answer: the HTTP status and its JSON body."""

    status: int
    body: dict[str, Any]


@dataclass
class Board:
    """One journey file as the boards of a workshop see and edit it."""

    path: str
    version: int = 0
    raw: bytes = b""
    document: Document | None = None
    #: The load errors of the file as it is on disk (a broken save), else empty.
    errors: list[str] = field(default_factory=list)
    #: (version, the paths that version changed), oldest first.
    history: list[tuple[int, set[str]]] = field(default_factory=list)
    #: The journey as plain data, in the shape its file writes it (without what it borrows
    #: from a portfolio's library): made once per version, as edits and snapshots read it.
    data: dict[str, Any] = field(default_factory=dict)
    #: The portfolio's library the journey uses (read once per change of the file).
    library: Library | None = None
    #: Called at every new version (the server wakes its boards' event streams with it).
    announce: Callable[[], None] = field(default=lambda: None, repr=False)
    _lock: threading.RLock = field(default_factory=threading.RLock)
    _snapshot: tuple[tuple[int, str | None], dict[str, Any]] | None = None

    def __post_init__(self) -> None:
        from ..errors import LoadError
        from ..formats.source import check_regular_file

        check_regular_file(self.path, LoadError)  # no board for a file that is not there
        self.reload()

    def _take(self, document: Document, data: dict[str, Any] | None = None) -> set[str]:
        """Make ``document`` (whose plain data is ``data``, when known) the journey shown;
        the paths it changed."""
        before = self.data
        self.document, self.errors = document, []
        self.data = plain_data(document.journey, document.source) if data is None else data
        return changed_paths(before, self.data)

    def snapshot(self, lang: str | None = None) -> dict[str, Any]:
        """What ``GET /api/journey`` answers: the version, the journey, its findings (in
        ``lang``, default the journey's), and how its metrics and channels are called.
        Made once per version and language: every open board asks for it at each change."""
        with self._lock:
            key = (self.version, lang)
            if self._snapshot is None or self._snapshot[0] != key:
                self._snapshot = (key, self._snapshot_of(lang))
            return self._snapshot[1]

    def _snapshot_of(self, lang: str | None) -> dict[str, Any]:
        from ..analysis.assessed import assess
        from ..i18n import NO_SERVICE_TEXTS, channel_name, text
        from ..model.metrics import metric_label
        from ..renderers.mapcontent import persona_curves

        with self._lock:
            document, errors = self.document, list(self.errors)
            version, data = self.version, self.data
        findings, labels, gaps, curves = [], {}, {}, []
        if document is not None:
            journey = document.journey
            assessed = assess(document, lang=lang)  # findings and coverage from one reading
            language = lang or journey.locale
            declared = journey.channel_names()
            labels = {
                "metrics": {
                    metric: metric_label(metric, language, journey.metric_name(metric))
                    for tp in journey.touchpoints
                    for metric in tp.metrics
                },
                "channels": {
                    tp.channel: channel_name(tp.channel, language, declared)
                    for tp in journey.touchpoints
                    if tp.channel
                },
            }
            # What an empty CS cell says, as the map's does: the stages without customer
            # service, and whether customers need it there.
            gaps = {
                stage: {"level": level, "text": text(language, NO_SERVICE_TEXTS[level])}
                for stage, level in assessed.service_gaps.items()
            }
            # The emotion curves as the map draws them: one per persona, along its path.
            curves = [
                {"name": c.name, "color": c.color, "style": c.style, "path": [t.id for t in c.path]}
                for c in persona_curves(assessed)
            ]
            findings = [
                {
                    "code": f.code,
                    "severity": str(f.severity),
                    "message": f.message,
                    "subject": f.subject,
                    "line": f.line,
                }
                for f in assessed.findings
            ]
        return {
            "version": version,
            "journey": data,
            "findings": findings,
            "errors": errors,
            "labels": labels,
            "gaps": gaps,
            "curves": curves,
        }

    def reload(self) -> bool:
        """Read the file again; True when it changed (a new version), also when it cannot
        be loaded now (its errors are then shown, and the last good journey kept)."""
        with self._lock:
            try:
                raw = _read_bytes(self.path)
            except OSError:
                return False
            if raw == self.raw:
                return False  # our own write, or a save that changed nothing
            self.raw = raw
            try:
                self.library = library_of(self.path)
                document = read(self.path, library=self.library or False)
            except JourneymapError as exc:
                self.errors = exc.lines()
                self._advance(set())
                return True
            changed = self._take(document)
            self._advance(changed if self.version > 0 else set())
            return True

    def edit(self, version: Any, ops: Any) -> Outcome:
        """Apply a board's operations made on ``version`` (see the module)."""
        with self._lock:
            if not isinstance(ops, list) or not all(isinstance(op, dict) for op in ops):
                return Outcome(400, {"errors": ["ops must be a list of operations"]})
            if not isinstance(version, int) or version > self.version:
                return Outcome(400, {"errors": ["version must be a version of this journey"]})
            if self.document is None or self.errors:
                return Outcome(409, {"version": self.version, "errors": self.errors})
            if version < self.version and self._changed_since(version, ops):
                return Outcome(409, {"version": self.version})
            document = self.document
            before = self.data
            with journey_language(document.journey.locale):
                try:
                    after = apply(before, ops)
                except EditError as exc:
                    return Outcome(422, {"errors": exc.lines()})
                if after == before:
                    return Outcome(200, {"version": self.version})  # nothing to write
                written = self._written(document, before, after)
                if written is None:
                    json_syntax = self.path.lower().endswith(".json")
                    raw = rewritten(self.raw, before, after, json_syntax=json_syntax)
                    try:
                        edited = self._read(raw, document)
                    except JourneymapError as exc:
                        return Outcome(422, {"errors": exc.lines()})
                    written = (raw, edited, plain_data(edited.journey, edited.source))
            raw, edited, data = written
            atomic_write(self.path, raw)
            self.raw = raw
            self._advance(self._take(edited, data))
            return Outcome(200, {"version": self.version})

    def _written(
        self, document: Document, before: dict[str, Any], after: dict[str, Any]
    ) -> tuple[bytes, Document, dict[str, Any]] | None:
        """The file with only its changed scalars rewritten in place, the journey it says
        and its plain data, when that says exactly ``after`` (a large journey's edit in
        milliseconds, where the round-trip writer takes seconds); else None."""
        if self.path.lower().endswith(".json"):
            return None
        text = in_place(self.raw.decode("utf-8"), document.source, before, after)
        if text is None:
            return None
        raw = text.encode("utf-8")
        try:
            edited = self._read(raw, document)
        except JourneymapError:
            return None
        data = plain_data(edited.journey, edited.source)
        return (raw, edited, data) if data == after else None

    def _read(self, raw: bytes, document: Document) -> Document:
        json_syntax = self.path.lower().endswith(".json")
        text = raw.decode("utf-8-sig")
        return reads(text, file=document.file, json_syntax=json_syntax, library=self.library)

    def _changed_since(self, version: int, ops: list[dict[str, Any]]) -> bool:
        if not self.history or self.history[0][0] > version + 1:
            return True  # too old to tell: say it is stale rather than guess
        changed = set().union(*(paths for v, paths in self.history if v > version))
        return in_conflict(ops, changed)

    def _advance(self, changed: set[str]) -> None:
        self.version += 1
        self.history.append((self.version, changed))
        del self.history[:-HISTORY]
        self.announce()


def _read_bytes(path: str) -> bytes:
    with open(path, "rb") as stream:
        return stream.read()
