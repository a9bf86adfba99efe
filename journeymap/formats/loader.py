"""Read journeys from YAML/JSON files and write them back.

Every problem of a broken file — syntax, wrong type, missing field, bad value —
comes back at once as one :class:`~journeymap.errors.LoadError` whose
diagnostics point at the offending element.

:func:`load` gives the journey, pure data; :func:`read` gives a :class:`Document`, the
journey with where each of its elements stood in the file: findings name their
``FILE:LINE:COL`` from it, and a document written back keeps its comments and styles.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import Diagnostic, LoadError, closest
from ..i18n import N_, journey_language, say
from ..model.journey import FORMAT_VERSION, Journey
from ..model.positions import Path, Position, SourceMap
from ..model.vocabulary import LIBRARY_COLLECTIONS, PORTFOLIO_FILE
from .diagnostics import element, validated
from .reparse import remember, reparsed
from .source import Parsed, declared_locale, parse, read_text

if TYPE_CHECKING:
    from ..model.portfolio import Library

PathLike = str | os.PathLike[str]


@dataclass(frozen=True)
class Document:
    """A journey as read from a file: the journey, and where its elements stood there."""

    journey: Journey
    source: SourceMap

    @property
    def file(self) -> str:
        return self.source.file

    def locate(self, path: Path) -> Position:
        """1-based (line, column) of the element at ``path`` in the file."""
        return self.source.locate(path)


def load(path: PathLike) -> Journey:
    """Load a journey from a ``.yaml``/``.yml``/``.json`` file (``-`` reads stdin)."""
    return read(path).journey


def loads(text: str, *, file: str = "<string>", json_syntax: bool = False) -> Journey:
    """Load a journey from text (YAML unless ``json_syntax``); ``file`` names it in errors,
    which speak the file's ``locale:`` (unless ``--lang`` chose another language)."""
    return reads(text, file=file, json_syntax=json_syntax).journey


def read(path: PathLike, *, library: Library | bool | None = True) -> Document:
    """Read a journey file with the positions of its elements (see :class:`Document`).

    A journey listed in a portfolio (a ``journeymap.yaml`` beside it) uses the ids of
    the portfolio's library as if they were its own, unless ``library=False``; a
    :class:`~journeymap.model.portfolio.Library` given here is used instead."""
    text, file = read_text(os.fspath(path))
    folder = os.path.dirname(os.fspath(path)) or "."
    if library is True and os.path.isfile(os.path.join(folder, PORTFOLIO_FILE)):
        from .portfolio import library_of  # only beside a portfolio: a journey alone needs none

        library = library_of(os.fspath(path))
    elif library is True:
        library = None
    return reads(
        text,
        file=file,
        json_syntax=file.lower().endswith(".json"),
        library=library or None,
    )


def reads(
    text: str,
    *,
    file: str = "<string>",
    json_syntax: bool = False,
    library: Library | None = None,
) -> Document:
    """Read a journey from text with the positions of its elements (see :func:`loads`),
    using the ids of ``library`` where the journey does not define its own."""
    with journey_language(declared_locale(text)):
        # A file read again (serve, the board) after a save that changed a few values is
        # read from its last reading; a library's elements are borrowed into the data, so
        # a journey of a portfolio is parsed whole.
        again = not json_syntax and library is None
        parsed = reparsed(text, file) if again else None
        if parsed is None:
            parsed = parse(text, file, json_syntax=json_syntax)
            if again:
                remember(text, parsed)
        if library is not None:
            _borrow(parsed, library)
        journey = _validate(parsed)
    if not json_syntax:
        parsed.positions.yaml_text = text
    return Document(journey, parsed.positions)


def _borrow(parsed: Parsed, library: Library) -> None:
    """Add the library's personas, teams, systems and channels that the journey does not
    define itself (its own definition shadows the library's: JM502), after its own."""
    data = parsed.data
    if not isinstance(data, dict):
        return  # not a journey at all: validation says so
    for collection in LIBRARY_COLLECTIONS:
        own = data.get(collection, [])
        if not isinstance(own, list):
            continue  # validation says what is wrong with it
        own_ids = {item.get("id") for item in own if isinstance(item, dict)}
        shared = [item for item in getattr(library, collection) if item.id not in own_ids]
        if shared:
            # As plain data: the journey's validation reads them as it reads its own.
            data[collection] = [*own, *(item.model_dump(exclude_none=True) for item in shared)]
            parsed.positions.borrowed[collection] = frozenset(item.id for item in shared)


def _validate(parsed: Parsed) -> Journey:
    """The journey, or every problem of the file at once."""
    # The checks would report reference problems only after the file loads: said with
    # the other problems, the whole file is mended in one round, not two.
    return validated(parsed, Journey, "journey", lambda: _reference_problems(parsed))


# --------------------------------------------------------------------------- references


def _reference_problems(parsed: Parsed) -> list[Diagnostic]:
    """Duplicate ids and references to no id (JM101, JM102), read from the raw data of a
    file that does not load, each where it stands."""
    data = parsed.data
    found: list[Diagnostic] = []

    def problem(path: Path, message: str) -> None:
        line, column = parsed.positions.locate(path, prefer_value=True)
        found.append(Diagnostic(parsed.file, line, column, f"{element(data, path)}: {message}"))

    ids: dict[str, set[str]] = {}
    seen: set[str] = set()
    for collection in ("personas", "stages", "touchpoints", "metrics", "channels"):
        for index, entry in _entries(data, collection):
            element_id = entry.get("id")
            if not isinstance(element_id, str):
                continue
            if element_id in seen:
                problem(
                    (collection, index, "id"),
                    say(
                        "duplicate id %(id)s; give this element an id of its own",
                        id=repr(element_id),
                    ),
                )
            seen.add(element_id)
            ids.setdefault(collection, set()).add(element_id)
    for index, tp in _entries(data, "touchpoints"):
        stage = tp.get("stage")
        if isinstance(stage, str) and stage not in ids.get("stages", set()):
            problem(("touchpoints", index, "stage"), _unknown("stage", stage, ids.get("stages")))
        personas = tp.get("personas")
        for k, persona in enumerate(personas if isinstance(personas, list) else []):
            if isinstance(persona, str) and persona not in ids.get("personas", set()):
                problem(
                    ("touchpoints", index, "personas", k),
                    _unknown("persona", persona, ids.get("personas")),
                )
        flows = tp.get("next")
        for k, flow in enumerate(flows if isinstance(flows, list) else []):
            target = flow.get("to") if isinstance(flow, dict) else flow
            if isinstance(target, str) and target not in ids.get("touchpoints", set()):
                problem(
                    ("touchpoints", index, "next", k),
                    _unknown("touchpoint", target, ids.get("touchpoints")),
                )
    return found


def _entries(data: Any, collection: str) -> list[tuple[int, dict[str, Any]]]:
    elements = data.get(collection) if isinstance(data, dict) else None
    if not isinstance(elements, list):
        return []
    return [(i, element) for i, element in enumerate(elements) if isinstance(element, dict)]


#: How a reference to no id is said, by what it should name (each language words it whole).
_UNKNOWN = {
    "stage": N_("no stage %(name)s is defined%(hint)s"),
    "persona": N_("no persona %(name)s is defined%(hint)s"),
    "touchpoint": N_("no touchpoint %(name)s is defined%(hint)s"),
}


def _unknown(kind: str, name: str, known: set[str] | None) -> str:
    match = closest(name, known or ())
    hint = say("; did you mean %(match)s?", match=repr(match)) if match else ""
    return say(_UNKNOWN[kind], name=repr(name), hint=hint)


# --------------------------------------------------------------------------- writing


def dumps(journey: Journey | Document, *, format: str = "yaml") -> str:
    """The journey as YAML or JSON text, with shorthands where they say the same.

    A :class:`Document` read from YAML is written as its text with only what changed in
    its journey edited (comments, order, quoting, flow style and duration strings kept;
    see :mod:`.roundtrip`).  What it borrowed from a portfolio's library is not written."""
    from .yaml_writer import dumps_data  # only when writing: `check` never needs it

    if isinstance(journey, Document):
        document, journey = journey, journey.journey
        original = document.source.yaml_text
        after = plain_data(journey, document.source)
        if format == "yaml" and original:
            from .roundtrip import dumps_keeping

            before = plain_data(loads(original, file=document.file))
            return dumps_keeping(before, after, original)
        return dumps_data(after, format=format)
    return dumps_data(plain_data(journey), format=format)


def updated(journey: Journey, path: PathLike) -> bytes:
    """The bytes of the file ``journey`` was loaded from (``path``), edited to say what the
    journey says now: in the file's syntax, line ends and byte-order mark, through the
    round-trip writer (see :func:`.roundtrip.rewritten`).  What the journey borrowed from
    its portfolio's library stays in the library."""
    from .roundtrip import rewritten

    name = os.fspath(path)
    raw = _read_raw(name)
    json_syntax = name.lower().endswith(".json")
    document = read(name)
    before = plain_data(document.journey, document.source)
    return rewritten(raw, before, plain_data(journey, document.source), json_syntax=json_syntax)


def _read_raw(path: str) -> bytes:
    from .source import check_regular_file

    check_regular_file(path, LoadError)
    with open(path, "rb") as stream:
        return stream.read()


def plain_data(journey: Journey, source: SourceMap | None = None) -> dict[str, Any]:
    """The journey as plain data, in the shape a file writes it (shorthands, whole numbers),
    without what it borrowed from a library (``source`` says what that is)."""
    data = _tidy(journey.model_dump(mode="json", exclude_defaults=True))
    for collection, ids in (source.borrowed if source else {}).items():
        own = [item for item in data.get(collection, []) if item.get("id") not in ids]
        if own:
            data[collection] = own
        else:
            data.pop(collection, None)
    return {"journeymap": FORMAT_VERSION, **data}


def dump(journey: Journey | Document, path: PathLike) -> None:
    """Write the journey to ``path`` (JSON for ``.json``, else YAML), atomically; a
    :class:`Document` keeps how its file was written."""
    from .output import atomic_write

    name = os.fspath(path)
    atomic_write(name, dumps(journey, format="json" if name.lower().endswith(".json") else "yaml"))


def _metric_shorthand(entry: dict[str, Any]) -> Any:
    if "counts" in entry:  # the value is computed from the counts when loaded again
        return {key: item for key, item in entry.items() if key != "value"}
    return entry["value"] if list(entry) == ["value"] else entry


def _tidy(value: Any) -> Any:
    """Whole floats as ints, ``{value: x}`` metrics as ``x``, ``{to: id}`` flows as ``id``,
    ``{text: x}`` opportunities as ``x``."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_tidy(item) for item in value]
    if not isinstance(value, dict):
        return value
    tidy = {key: _tidy(item) for key, item in value.items()}
    if "metrics" in tidy and isinstance(tidy["metrics"], dict):
        tidy["metrics"] = {key: _metric_shorthand(entry) for key, entry in tidy["metrics"].items()}
    if "opportunities" in tidy and isinstance(tidy["opportunities"], list):
        tidy["opportunities"] = [
            idea["text"] if list(idea) == ["text"] else idea for idea in tidy["opportunities"]
        ]
    if "next" in tidy and isinstance(tidy["next"], list):
        tidy["next"] = [flow["to"] if list(flow) == ["to"] else flow for flow in tidy["next"]]
    return tidy
