"""Read journeys from YAML/JSON files and write them back.

Every problem of a broken file — syntax, wrong type, missing field, bad value —
comes back at once as one :class:`~journeymap.errors.LoadError` whose
diagnostics point at the offending element.
"""

from __future__ import annotations

import os
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import Diagnostic, LoadError, closest
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
from ..model.positions import Path
from .source import Parsed, parse, read_text
from .yaml_writer import dumps_data

PathLike = str | os.PathLike[str]


def load(path: PathLike) -> Journey:
    """Load a journey from a ``.yaml``/``.yml``/``.json`` file (``-`` reads stdin)."""
    text, file = read_text(os.fspath(path))
    return loads(text, file=file, json_syntax=file.lower().endswith(".json"))


def loads(text: str, *, file: str = "<string>", json_syntax: bool = False) -> Journey:
    """Load a journey from text (YAML unless ``json_syntax``); ``file`` names it in errors."""
    parsed = parse(text, file, json_syntax=json_syntax)
    journey = _validate(parsed)
    if not json_syntax:
        parsed.positions.yaml_text = text
    return journey


def _validate(parsed: Parsed) -> Journey:
    data = parsed.data
    if not isinstance(data, dict):
        found = type(data).__name__ if data is not None else "nothing"
        raise LoadError.at(
            parsed.file, 1, 1, f"expected a journey mapping at the top, found {found}"
        )
    problems: list[Diagnostic] = []
    if "journeymap" not in data:
        problems.append(
            Diagnostic(
                parsed.file, 1, 1, f"missing 'journeymap: {FORMAT_VERSION}' (the format version)"
            )
        )
    try:
        journey = Journey.model_validate(data)
    except ValidationError as exc:
        problems.extend(_diagnostic(parsed, error) for error in exc.errors())
    if problems:
        problems.sort()
        raise LoadError(f"{parsed.file}: invalid journey", problems)
    journey._source = parsed.positions
    return journey


# --------------------------------------------------------------------------- error messages


def _diagnostic(parsed: Parsed, error: Any) -> Diagnostic:
    path: Path = tuple(part for part in error["loc"] if isinstance(part, str | int))
    # A wrong value is pointed at itself; an unknown key at the key.
    line, column = parsed.positions.locate(path, prefer_value=error["type"] != "extra_forbidden")
    where = _element(parsed.data, path)
    return Diagnostic(parsed.file, line, column, f"{where}: {_message(path, error)}")


_KIND = {"personas": "persona", "stages": "stage", "touchpoints": "touchpoint", "metrics": "metric"}


def _element(data: Any, path: Path) -> str:
    """Where a problem is, as people know it: ``touchpoint 'jaarnota' pain_points[0]`` for
    ``touchpoints[3].pain_points[0]`` (the element's id, where it has one)."""
    if len(path) >= 2 and path[0] in _KIND and isinstance(path[1], int):
        elements = data.get(path[0]) if isinstance(data, dict) else None
        element = elements[path[1]] if isinstance(elements, list) else None
        element_id = element.get("id") if isinstance(element, dict) else None
        if isinstance(element_id, str):
            rest = _dotted(path[2:])
            return f"{_KIND[str(path[0])]} {element_id!r}" + (f" {rest}" if rest else "")
    return _dotted(path) or "journey"


def _dotted(path: Path) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _message(path: Path, error: Any) -> str:
    kind = error["type"]
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        field = str(path[-1])
        model = _model_at(path[:-1])
        match = closest(field, model.model_fields) if model is not None else None
        hint = f"; did you mean {match!r}?" if match else ""
        return f"unknown field {field!r}{hint}"
    if kind == "literal_error" and path == ("journeymap",):
        return f"unsupported format version {error['input']!r}; this journeymap reads version 1"
    message = str(error["msg"])
    if kind == "string_type" and _one_key_mapping(error["input"]):
        # `- Note: the bill is wrong` is a mapping to YAML: the ": " made it one.
        ((key, value),) = error["input"].items()
        return f'{message}; a text containing ": " must be in quotes: "{key}: {value}"'
    if kind == "value_error":
        message = message.removeprefix("Value error, ")
    elif kind in ("literal_error", "enum"):
        message += f"; got {error['input']!r}"
    return message


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


def dumps(journey: Journey, *, format: str = "yaml") -> str:
    """The journey as YAML or JSON text, with shorthands where they say the same.

    A journey loaded from YAML is written as that text with only what changed edited
    (comments, order, quoting, flow style and duration strings kept; see
    :mod:`.roundtrip`)."""
    data = plain_data(journey)
    original = journey._source.yaml_text if journey._source else ""
    if format == "yaml" and original:
        from .roundtrip import dumps_keeping

        before = plain_data(loads(original, file=journey._source.file if journey._source else ""))
        return dumps_keeping(before, data, original)
    return dumps_data(data, format=format)


def plain_data(journey: Journey) -> dict[str, Any]:
    """The journey as plain data, in the shape a file writes it (shorthands, whole numbers)."""
    data = _tidy(journey.model_dump(mode="json", exclude_defaults=True))
    return {"journeymap": FORMAT_VERSION, **data}


def dump(journey: Journey, path: PathLike) -> None:
    """Write the journey to ``path`` (JSON for ``.json``, else YAML), atomically."""
    from .output import atomic_write

    name = os.fspath(path)
    atomic_write(name, dumps(journey, format="json" if name.lower().endswith(".json") else "yaml"))


def _metric_shorthand(entry: dict[str, Any]) -> Any:
    if "counts" in entry:  # the value is computed from the counts when loaded again
        return {key: item for key, item in entry.items() if key != "value"}
    return entry["value"] if list(entry) == ["value"] else entry


def _tidy(value: Any) -> Any:
    """Whole floats as ints, ``{value: x}`` metrics as ``x``, ``{to: id}`` flows as ``id``."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_tidy(item) for item in value]
    if not isinstance(value, dict):
        return value
    tidy = {key: _tidy(item) for key, item in value.items()}
    if "metrics" in tidy and isinstance(tidy["metrics"], dict):
        tidy["metrics"] = {key: _metric_shorthand(entry) for key, entry in tidy["metrics"].items()}
    if "next" in tidy and isinstance(tidy["next"], list):
        tidy["next"] = [flow["to"] if list(flow) == ["to"] else flow for flow in tidy["next"]]
    return tidy
