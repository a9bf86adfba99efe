"""Journey data as YAML text: block style, plain scalars where they stay strings, fast.

PyYAML's representer builds a node for every value in Python and takes seconds
for a journey of 100,000 touchpoints; journey data is only mappings, lists,
strings, numbers, booleans and nulls, so this writer emits it directly.

A string is written plain only when every YAML reader takes it back as the same
string: not a number, boolean, null or date under YAML 1.2 or 1.1 (``yes``,
``off``, ``1:30``, ``2024-05-01``), no indicator at its start, no ``: `` or
`` #`` inside, no surrounding spaces.  Anything else is double-quoted with JSON's
escapes, which YAML's double-quoted style shares.
"""

from __future__ import annotations

import functools
import json
import math
import re
from typing import Any

_INDICATOR_START = set("-?:,[]{}#&*!|>'\"%@` \t")
_RISKY = re.compile(
    r": |\s#|:$|\s$|[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]"
)
# What YAML forbids or reads as a line break even inside double quotes, and JSON leaves as
# is; and the bidirectional controls, written as YAML escapes, so that the text reads back
# as it was (an escape of the terminal's kind in a plain scalar would be six letters).
_NOT_PRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]")
# What some YAML reader (1.1 or 1.2) would take for something other than a string.
_NOT_TEXT = re.compile(
    r"""(?ix)
    ~ | null | true | false | yes | no | on | off | y | n      # null and booleans
    | [-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)(e[-+]?[0-9]+)? # decimal numbers
    | [-+]?0(x[0-9a-f_]+|o?[0-7_]+|b[01_]+)                  # other bases
    | [-+]?\.(inf|nan)                                        # infinities, not-a-number
    | [-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?            # YAML 1.1 sexagesimal
    | [0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt\s].*)?               # dates and timestamps
    | <<  | =                                                 # merge key, YAML 1.1 "value"
    """
)


def scalar(value: Any) -> str:
    """One scalar as YAML text."""
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value} has no place in a journey")
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        text = repr(value)  # YAML 1.1 readers need a dot before an exponent: 1.0e-05
        return text.replace("e", ".0e", 1) if "e" in text and "." not in text else text
    return _string(str(value))


# Most strings of a journey are ids and keys (``stage``, ``owner``, ``tp-17``): a letter
# then letters, digits, ``-`` and ``_`` are plain unless they spell a boolean or null.
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
_WORDS_NOT_TEXT = frozenset({"null", "true", "false", "yes", "no", "on", "off", "y", "n"})


@functools.lru_cache(maxsize=8192)
def _string(text: str) -> str:
    word = _WORD.fullmatch(text)
    plain = text.lower() not in _WORDS_NOT_TEXT if word else _is_plain(text)
    if plain:
        return text
    quoted = json.dumps(text, ensure_ascii=False)
    return _NOT_PRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def _is_plain(text: str) -> bool:
    return bool(
        text
        and text[0] not in _INDICATOR_START
        and not _RISKY.search(text)
        and "\n" not in text
        and not _NOT_TEXT.fullmatch(text)
    )


def dumps_data(data: dict[str, Any], *, format: str = "yaml") -> str:
    """Plain journey data as YAML (or, with ``format="json"``, JSON) text."""
    if format == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return dump_yaml(data)


def dump_yaml(data: dict[str, Any]) -> str:
    """A mapping as a block-style YAML document (lists of mappings are not indented)."""
    lines: list[str] = []
    _mapping(data, "", lines)
    return "\n".join(lines) + "\n"


def _mapping(data: dict[str, Any], indent: str, lines: list[str], first: str | None = None) -> None:
    """Write a mapping; ``first`` is the prefix of its first line (``- `` in a list)."""
    for number, (key, value) in enumerate(data.items()):
        prefix = first if number == 0 and first is not None else indent
        _entry(f"{prefix}{scalar(key)}:", value, indent, lines)


def _entry(head: str, value: Any, indent: str, lines: list[str]) -> None:
    if isinstance(value, dict) and value:
        lines.append(head)
        _mapping(value, indent + "  ", lines)
    elif isinstance(value, list) and value:
        lines.append(head)
        _sequence(value, indent, lines)
    else:
        lines.append(f"{head} {_inline(value)}")


def _sequence(items: list[Any], indent: str, lines: list[str]) -> None:
    for item in items:
        if isinstance(item, dict) and item:
            _mapping(item, indent + "  ", lines, first=f"{indent}- ")
        elif isinstance(item, list) and item:
            lines.append(f"{indent}-")
            _sequence(item, indent + "  ", lines)
        else:
            lines.append(f"{indent}- {_inline(item)}")


def _inline(value: Any) -> str:
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, list):
        return "[]"
    return scalar(value)
