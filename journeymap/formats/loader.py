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
import re
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import Diagnostic, LoadError, closest
from ..i18n import LANGUAGES, N_, journey_language, say
from ..model.journey import (
    FORMAT_VERSION,
    Flow,
    Journey,
    MetricDefinition,
    MetricValue,
    Persona,
    Stage,
    Touchpoint,
)
from ..model.positions import Path, Position, SourceMap
from .source import Parsed, parse, read_text
from .yaml_writer import dumps_data

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


def read(path: PathLike) -> Document:
    """Read a journey file with the positions of its elements (see :class:`Document`)."""
    text, file = read_text(os.fspath(path))
    return reads(text, file=file, json_syntax=file.lower().endswith(".json"))


def reads(text: str, *, file: str = "<string>", json_syntax: bool = False) -> Document:
    """Read a journey from text with the positions of its elements (see :func:`loads`)."""
    with journey_language(declared_locale(text)):
        parsed = parse(text, file, json_syntax=json_syntax)
        journey = _validate(parsed)
    if not json_syntax:
        parsed.positions.yaml_text = text
    return Document(journey, parsed.positions)


_LOCALE = re.compile(r"""^\s*["']?locale["']?\s*:\s*["']?([A-Za-z]{2})\b""", re.MULTILINE)


def declared_locale(text: str) -> str | None:
    """The language a journey's text says it is in (``locale: nl``), read before the text
    is parsed: a file YAML cannot read gets its errors in that language too."""
    match = _LOCALE.search(text)
    lang = match.group(1).lower() if match else None
    return lang if lang in LANGUAGES else None


def _validate(parsed: Parsed) -> Journey:
    data = parsed.data
    if not isinstance(data, dict):
        found = _KIND_OF_VALUE.get(type(data).__name__, type(data).__name__)
        raise LoadError.at(
            parsed.file,
            1,
            1,
            say("expected a journey mapping at the top, found %(found)s", found=say(found)),
        )
    problems: list[Diagnostic] = []
    if "journeymap" not in data:
        problems.append(
            Diagnostic(
                parsed.file,
                1,
                1,
                say(
                    "missing 'journeymap: %(version)s' (the format version)", version=FORMAT_VERSION
                ),
            )
        )
    try:
        journey = Journey.model_validate(data)
    except ValidationError as exc:
        problems.extend(_diagnostic(parsed, error) for error in exc.errors())
        # The checks would report these only after the file loads: said now, the whole
        # file is mended in one round, not two.
        problems.extend(_reference_problems(parsed))
    if problems:
        problems = sorted(set(problems))
        raise LoadError(say("%(file)s: invalid journey", file=parsed.file), problems)
    return journey


# --------------------------------------------------------------------------- error messages


def _diagnostic(parsed: Parsed, error: Any) -> Diagnostic:
    path: Path = tuple(part for part in error["loc"] if isinstance(part, str | int))
    # A wrong value is pointed at itself; an unknown key at the key.
    line, column = parsed.positions.locate(path, prefer_value=error["type"] != "extra_forbidden")
    where = _element(parsed.data, path)
    return Diagnostic(parsed.file, line, column, f"{where}: {_message(path, error, parsed.data)}")


_KIND = {
    "personas": N_("persona %(id)s"),
    "stages": N_("stage %(id)s"),
    "touchpoints": N_("touchpoint %(id)s"),
    "metrics": N_("metric %(id)s"),
}
#: What was found where a mapping belongs, in words.
_KIND_OF_VALUE = {
    "NoneType": N_("nothing"),
    "list": N_("a list"),
    "str": N_("a text"),
    "int": N_("a number"),
    "float": N_("a number"),
    "bool": N_("true or false"),
}


def _element(data: Any, path: Path) -> str:
    """Where a problem is, as people know it: ``touchpoint 'jaarnota' pain_points[0]`` for
    ``touchpoints[3].pain_points[0]`` (the element's id, where it has one)."""
    if len(path) >= 2 and path[0] in _KIND and isinstance(path[1], int):
        elements = data.get(path[0]) if isinstance(data, dict) else None
        element = elements[path[1]] if isinstance(elements, list) else None
        element_id = element.get("id") if isinstance(element, dict) else None
        if isinstance(element_id, str):
            rest = _dotted(path[2:])
            named = say(_KIND[str(path[0])], id=repr(element_id))
            return named + (f" {rest}" if rest else "")
    return _dotted(path) or say("journey")


def _dotted(path: Path) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


#: Pydantic's messages, by error type, as journeymap says them (in the reader's language).
_PYDANTIC = {
    "string_type": N_("a text is expected here"),
    "int_type": N_("a whole number is expected here"),
    "int_parsing": N_("a whole number is expected here"),
    "int_from_float": N_("a whole number is expected here"),
    "float_type": N_("a number is expected here"),
    "float_parsing": N_("a number is expected here"),
    "finite_number": N_("a finite number is expected here"),
    "bool_type": N_("true or false is expected here"),
    "bool_parsing": N_("true or false is expected here"),
    "list_type": N_("a list is expected here"),
    "tuple_type": N_("a list is expected here"),
    "dict_type": N_("a mapping is expected here"),
    "model_type": N_("a mapping is expected here"),
    "model_attributes_type": N_("a mapping is expected here"),
    "too_short": N_("this list is too short"),
    "too_long": N_("this list is too long"),
}
_BOUNDS = {
    "greater_than_equal": (N_("must be at least %(limit)s"), "ge"),
    "greater_than": (N_("must be more than %(limit)s"), "gt"),
    "less_than_equal": (N_("must be at most %(limit)s"), "le"),
    "less_than": (N_("must be less than %(limit)s"), "lt"),
}


def _message(path: Path, error: Any, data: Any) -> str:
    kind = error["type"]
    context = error.get("ctx") or {}
    if kind == "missing":
        return say("required field is missing")
    if kind == "extra_forbidden":
        field = str(path[-1])
        model = _model_at(path[:-1])
        quoted = _comma_in_flow_mapping(data, path, error)
        if quoted:
            return say(
                "unknown field %(field)s: a comma inside {…} ends a text; put the text in "
                "quotes: %(quoted)s",
                field=repr(field),
                quoted=quoted,
            )
        match = closest(field, model.model_fields) if model is not None else None
        if match:
            return say(
                "unknown field %(field)s; did you mean %(match)s?",
                field=repr(field),
                match=repr(match),
            )
        return say("unknown field %(field)s", field=repr(field))
    if kind == "literal_error" and path == ("journeymap",):
        return say(
            "unsupported format version %(version)s; this journeymap reads version 1",
            version=repr(error["input"]),
        )
    if kind == "string_type" and _one_key_mapping(error["input"]):
        # `- Note: the bill is wrong` is a mapping to YAML: the ": " made it one.
        ((key, value),) = error["input"].items()
        return say(
            'a text is expected here; a text containing ": " must be in quotes: %(quoted)s',
            quoted=f'"{key}: {value}"',
        )
    if kind in ("literal_error", "enum"):
        return say(
            "expected %(choices)s; got %(value)s",
            choices=_either(str(context.get("expected", ""))),
            value=repr(error["input"]),
        )
    if kind in _BOUNDS:
        message, key = _BOUNDS[kind]
        limit = context.get(key, "")
        if isinstance(limit, float) and limit.is_integer():
            limit = int(limit)  # 1000000000000, not 1000000000000.0
        return say(message, limit=limit)
    if kind in _PYDANTIC:
        return say(_PYDANTIC[kind])
    if kind == "value_error":  # our validators' own words, already said in the language
        return str(error["msg"]).removeprefix("Value error, ")
    return say("this value does not fit here")  # never pydantic's English


def _comma_in_flow_mapping(data: Any, path: Path, error: Any) -> str | None:
    """``{id: samir, name: Samir, regelt alles}`` reads ``regelt alles`` as a key with no
    value: the comma ended the name.  The line as it was meant (``name: "Samir, regelt
    alles"``), or None when the unknown field does not look like that."""
    parent = data
    for part in path[:-1]:
        parent = parent.get(part) if isinstance(parent, dict) else _item(parent, part)
    field = path[-1]
    if error.get("input") is not None or not isinstance(parent, dict) or " " not in str(field):
        return None
    keys = list(parent)
    before = keys[keys.index(field) - 1] if field in keys and keys.index(field) > 0 else None
    if before is None or not isinstance(parent[before], str | int | float):
        return None
    return f'{before}: "{parent[before]}, {field}"'


def _item(value: Any, index: str | int) -> Any:
    fits = isinstance(value, list) and isinstance(index, int) and 0 <= index < len(value)
    return value[index] if fits else None


def _reference_problems(parsed: Parsed) -> list[Diagnostic]:
    """Duplicate ids and references to no id (JM101, JM102), read from the raw data of a
    file that does not load, each where it stands."""
    data = parsed.data
    found: list[Diagnostic] = []

    def problem(path: Path, message: str) -> None:
        line, column = parsed.positions.locate(path, prefer_value=True)
        found.append(Diagnostic(parsed.file, line, column, f"{_element(data, path)}: {message}"))

    ids: dict[str, set[str]] = {}
    seen: set[str] = set()
    for collection in ("personas", "stages", "touchpoints", "metrics", "channels"):
        for index, element in _entries(data, collection):
            element_id = element.get("id")
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


def _either(expected: str) -> str:
    """Pydantic's English "'CX' or 'CS'" in the reader's language."""
    choices = [f"'{choice}'" for choice in re.findall(r"'([^']*)'", expected)]
    if len(choices) < 2:
        return expected
    return say("%(choices)s or %(last)s", choices=", ".join(choices[:-1]), last=choices[-1])


def _one_key_mapping(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and len(value) == 1
        and all(isinstance(v, str | int | float) for v in value.values())
    )


def _model_at(path: Path) -> type[BaseModel] | None:
    """The model class validating the element at ``path`` (for 'did you mean' hints)."""
    shape = tuple(type(part) for part in path)
    if not path:
        return Journey
    collection = path[0]
    if shape == (str, int):
        models: dict[str, type[BaseModel]] = {
            "personas": Persona,
            "stages": Stage,
            "touchpoints": Touchpoint,
            "metrics": MetricDefinition,
        }
        return models.get(str(collection))
    if collection == "touchpoints" and shape == (str, int, str, str) and path[2] == "metrics":
        return MetricValue
    if collection == "touchpoints" and shape == (str, int, str, int) and path[2] == "next":
        return Flow
    return None


# --------------------------------------------------------------------------- writing


def dumps(journey: Journey | Document, *, format: str = "yaml") -> str:
    """The journey as YAML or JSON text, with shorthands where they say the same.

    A :class:`Document` read from YAML is written as its text with only what changed in
    its journey edited (comments, order, quoting, flow style and duration strings kept;
    see :mod:`.roundtrip`)."""
    if isinstance(journey, Document):
        document, journey = journey, journey.journey
        original = document.source.yaml_text
        if format == "yaml" and original:
            from .roundtrip import dumps_keeping

            before = plain_data(loads(original, file=document.file))
            return dumps_keeping(before, plain_data(journey), original)
    return dumps_data(plain_data(journey), format=format)


def updated(journey: Journey, path: PathLike) -> bytes:
    """The bytes of the file ``journey`` was loaded from (``path``), edited to say what the
    journey says now: in the file's syntax, line ends and byte-order mark, through the
    round-trip writer (see :func:`.roundtrip.rewritten`)."""
    from .roundtrip import rewritten
    from .source import read_text

    name = os.fspath(path)
    raw = _read_raw(name)
    json_syntax = name.lower().endswith(".json")
    text, file = read_text(name)
    before = plain_data(loads(text, file=file, json_syntax=json_syntax))
    return rewritten(raw, before, plain_data(journey), json_syntax=json_syntax)


def _read_raw(path: str) -> bytes:
    from .source import check_regular_file

    check_regular_file(path, LoadError)
    with open(path, "rb") as stream:
        return stream.read()


def plain_data(journey: Journey) -> dict[str, Any]:
    """The journey as plain data, in the shape a file writes it (shorthands, whole numbers)."""
    data = _tidy(journey.model_dump(mode="json", exclude_defaults=True))
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
