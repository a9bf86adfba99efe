"""Validation errors in the reader's words: a pydantic error of any model of the format
(a journey, a portfolio, its library) as a ``FILE:LINE:COL: element: message`` line,
never pydantic's English."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Literal, TypeVar, get_args, get_origin

from pydantic import BaseModel, ValidationError

from ..errors import Diagnostic, LoadError, closest
from ..i18n import N_, say
from ..model.positions import Path
from .source import Parsed

Model = TypeVar("Model", bound=BaseModel)
#: The kinds of file of the format, each with its own words.
FileKind = Literal["journey", "portfolio", "library"]
_EXPECTED = {
    "journey": N_("expected a journey mapping at the top, found %(found)s"),
    "portfolio": N_("expected a portfolio mapping at the top, found %(found)s"),
    "library": N_("expected a library mapping at the top, found %(found)s"),
}
_INVALID = {
    "journey": N_("%(file)s: invalid journey"),
    "portfolio": N_("%(file)s: invalid portfolio"),
    "library": N_("%(file)s: invalid library"),
}


def validated(
    parsed: Parsed,
    model: type[Model],
    kind: FileKind,
    more_problems: Callable[[], list[Diagnostic]] | None = None,
) -> Model:
    """``parsed`` as a ``model``, or one :class:`LoadError` with every problem at its line
    (and, when the model refuses the file, ``more_problems`` found in the raw data)."""
    data = parsed.data
    if not isinstance(data, dict):
        found = KIND_OF_VALUE.get(type(data).__name__, type(data).__name__)
        raise LoadError.at(parsed.file, 1, 1, say(_EXPECTED[kind], found=say(found)))
    problems: list[Diagnostic] = []
    if "journeymap" not in data:
        message = say("missing 'journeymap: %(version)s' (the format version)", version=1)
        problems.append(Diagnostic(parsed.file, 1, 1, message))
    try:
        value = model.model_validate(data)
    except ValidationError as exc:
        problems.extend(diagnostic(parsed, error, model) for error in exc.errors())
        problems.extend(more_problems() if more_problems else [])
    if problems:
        raise LoadError(say(_INVALID[kind], file=parsed.file), sorted(set(problems)))
    return value


def diagnostic(parsed: Parsed, error: Any, root: type[BaseModel]) -> Diagnostic:
    """A pydantic error of ``root`` validating ``parsed`` at the element's line, in words."""
    path: Path = tuple(part for part in error["loc"] if isinstance(part, str | int))
    # A wrong value is pointed at itself; an unknown key at the key.
    line, column = parsed.positions.locate(path, prefer_value=error["type"] != "extra_forbidden")
    where = element(parsed.data, path)
    return Diagnostic(
        parsed.file, line, column, f"{where}: {_message(path, error, parsed.data, root)}"
    )


_KIND = {
    "personas": N_("persona %(id)s"),
    "stages": N_("stage %(id)s"),
    "touchpoints": N_("touchpoint %(id)s"),
    "metrics": N_("metric %(id)s"),
}
#: What was found where a mapping belongs, in words.
KIND_OF_VALUE = {
    "NoneType": N_("nothing"),
    "list": N_("a list"),
    "str": N_("a text"),
    "int": N_("a number"),
    "float": N_("a number"),
    "bool": N_("true or false"),
}


def element(data: Any, path: Path) -> str:
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


def _message(path: Path, error: Any, data: Any, root: type[BaseModel]) -> str:
    kind = error["type"]
    context = error.get("ctx") or {}
    if kind == "missing":
        return say("required field is missing")
    if kind == "extra_forbidden":
        field = str(path[-1])
        model = _model_at(path[:-1], root)
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


def _either(expected: str) -> str:
    """Pydantic's English "'CX' or 'CS'" (or "0, 1 or 2") in the reader's language."""
    choices = [f"'{choice}'" for choice in re.findall(r"'([^']*)'", expected)]
    choices = choices or re.findall(r"-?\d+(?:\.\d+)?", expected)
    if len(choices) < 2:
        return expected
    return say("%(choices)s or %(last)s", choices=", ".join(choices[:-1]), last=choices[-1])


def _one_key_mapping(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and len(value) == 1
        and all(isinstance(v, str | int | float) for v in value.values())
    )


def _model_at(path: Path, root: type[BaseModel]) -> type[BaseModel] | None:
    """The model class validating the element at ``path`` under ``root`` (for 'did you
    mean' hints): each field's type says the model of its value, or of its items."""
    model: type[BaseModel] | None = root
    item_next = False  # the part after a list or mapping field is an index or a key
    for part in path:
        if item_next:
            item_next = False
            continue
        field = model.model_fields.get(part) if model and isinstance(part, str) else None
        if field is None:
            return None
        item_next = _is_collection(field.annotation)
        model = _model_in(field.annotation)
    return model


def _is_collection(annotation: Any) -> bool:
    if get_origin(annotation) in (list, dict):
        return True
    return any(_is_collection(arg) for arg in get_args(annotation) if arg is not type(None))


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The first model class in a type (``list[Flow | str] | None`` → ``Flow``)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        if (found := _model_in(arg)) is not None:
            return found
    return None
