"""What every model of the file format shares: ids (slugs), and a strict base model."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, WithJsonSchema

from ..i18n import say
from .metrics import parse_duration

SLUG_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
SLUG = re.compile(r"[a-z0-9][a-z0-9_-]*")


def check_slug(value: str) -> str:
    if not SLUG.fullmatch(value):  # match() and $ would let a final newline through
        suggestion = re.sub(r"[^a-z0-9_-]+", "-", value.lower()).strip("-_") or "my-id"
        raise ValueError(
            say(
                "%(value)s is not a valid id: use lower-case letters, digits, '-' and '_' "
                "(for example %(example)s)",
                value=repr(value),
                example=repr(suggestion),
            )
        )
    return value


Slug = Annotated[
    str, AfterValidator(check_slug), WithJsonSchema({"type": "string", "pattern": SLUG_PATTERN})
]


def empty_list() -> list[Any]:
    return []


def empty_dict() -> dict[str, Any]:
    return {}


# The schema still says what an absent collection means.
EMPTY_LIST: dict[str, Any] = {"default": []}
EMPTY_DICT: dict[str, Any] = {"default": {}}


class FormatModel(BaseModel):
    """Base of the file-format models.

    Empty collections come from :func:`empty_list` and :func:`empty_dict`, not from
    ``default=[]``, which pydantic deep-copies for every instance (a third of the time
    of building 100,000 touchpoints), nor from ``default_factory=list``, whose built-in
    signature pydantic reads by compiling the tokenize module's regular expression:
    ~10 ms of every command.
    """

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, allow_inf_nan=False)


def _seconds(value: Any) -> Any:
    """A duration written as text (90s, 45m, 2h, 2d) as seconds; any other value as it is."""
    if isinstance(value, str):
        seconds = parse_duration(value)
        if seconds is None and not _NUMBER.fullmatch(value.strip()):
            raise ValueError(
                say(
                    "%(value)s is no duration: write seconds, or a number with s, m, h or d "
                    "(90s, 45m, 2h, 2d)",
                    value=repr(value),
                )
            )
        return value if seconds is None else seconds
    return value


_NUMBER = re.compile(r"[-+]?[0-9]+(\.[0-9]*)?")


#: A time in seconds, or a duration as text: a flow's or a backstage step's ``max_wait``.
Seconds = Annotated[float | None, BeforeValidator(_seconds)]
#: How the schema shows it: a number, or a duration's text.
SECONDS_SCHEMA: dict[str, Any] = {"anyOf": [{"type": "number"}, {"type": "string"}]}
