"""The quick way to write a small edit back: change a few scalars in the YAML text itself.

A board edit mostly changes one value (a name, an emotion, a target).  Parsing and
dumping the whole file in round-trip mode (:mod:`.roundtrip`) takes seconds for a large
journey; this replaces just the text of each changed value where the reader saw it, in
the value's own style (plain, single- or double-quoted).  It answers None whenever it
cannot be sure — a new key or element, a block scalar, a value spread over lines, a
duration written as text, a file with ``\\r`` or a byte-order mark — and the caller then
takes the round-trip writer; the caller also re-reads the result and compares.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..model.positions import Path, SourceMap

#: A text that YAML reads as that same text when written plain.
_PLAIN_SAFE = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`0-9+.~][^:#,\[\]{}\n]*(?<![\s])\Z")
_TYPED = re.compile(r"(?i)(null|true|false|yes|no|on|off|~)\Z")


def in_place(text: str, positions: SourceMap, old: Any, new: Any) -> str | None:
    """``text`` (the YAML that says ``old``) with each scalar that differs in ``new``
    replaced where it stands; None when the change is more than that (see the module)."""
    if "\r" in text or text.startswith("\ufeff"):
        return None
    changes: list[tuple[Path, Any, Any]] = []
    if not _scalar_changes(old, new, (), changes):
        return None
    starts = _line_starts(text)
    spans = []
    for path, before, after in changes:
        position = positions.values.get(path)
        if position is None:
            return None
        offset = starts[position[0] - 1] + position[1] - 1
        end = _scalar_end(text, offset)
        if end is None or not _says(text[offset:end], before):
            return None
        replacement = _scalar_text(after, text[offset])
        if replacement is None:
            return None
        spans.append((offset, end, replacement))
    for offset, end, replacement in sorted(spans, reverse=True):
        text = text[:offset] + replacement + text[end:]
    return text


def _scalar_changes(old: Any, new: Any, path: Path, found: list[tuple[Path, Any, Any]]) -> bool:
    """Collect the scalars that differ; False when anything else differs."""
    if isinstance(old, dict) and isinstance(new, dict):
        if list(old) != list(new):
            return False
        return all(_scalar_changes(old[k], new[k], (*path, k), found) for k in old)
    if isinstance(old, list) and isinstance(new, list):
        if len(old) != len(new):
            return False
        return all(
            _scalar_changes(a, b, (*path, i), found)
            for i, (a, b) in enumerate(zip(old, new, strict=True))
        )
    if isinstance(old, dict | list) or isinstance(new, dict | list):
        return False
    if old != new or type(old) is not type(new):
        found.append((path, old, new))
    return True


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts += [index + 1 for index, character in enumerate(text) if character == "\n"]
    return starts


def _scalar_end(text: str, offset: int) -> int | None:
    """Where the scalar starting at ``offset`` ends, if it is on one line."""
    first = text[offset : offset + 1]
    line_end = text.find("\n", offset)
    line_end = len(text) if line_end < 0 else line_end
    if first == '"':
        index = offset + 1
        while index < line_end:
            if text[index] == "\\":
                index += 2
                continue
            if text[index] == '"':
                return index + 1
            index += 1
        return None
    if first == "'":
        index = offset + 1
        while index < line_end:
            if text[index] == "'":
                if text[index + 1 : index + 2] == "'":
                    index += 2
                    continue
                return index + 1
            index += 1
        return None
    if first in ("|", ">", "&", "*", "!", ""):
        return None
    before = text[text.rfind("\n", 0, offset) + 1 : offset]
    flow = "{" in before or "[" in before
    stops = re.compile(r",|\]|\}| #" if flow else r" #")
    found = stops.search(text, offset, line_end)
    end = found.start() if found else line_end
    while end > offset and text[end - 1] == " ":
        end -= 1
    if not flow and not _ends_the_value(text, line_end, len(before) - len(before.lstrip())):
        return None  # a plain value may go on over the next, deeper lines
    return end


def _ends_the_value(text: str, line_end: int, indent: int) -> bool:
    """True when the line after a plain value starts no deeper than its own key."""
    rest = text[line_end + 1 :]
    next_line = rest.split("\n", 1)[0]
    if not next_line.strip():
        return not rest.strip() or next_line == ""
    return len(next_line) - len(next_line.lstrip()) <= indent


def _says(written: str, value: Any) -> bool:
    """Whether the scalar as written reads as ``value``."""
    import yaml

    try:
        read = yaml.safe_load(f"v: {written}\n")
    except yaml.YAMLError:
        return False
    return isinstance(read, dict) and read.get("v") == value and type(read["v"]) is type(value)


def _scalar_text(value: Any, style: str) -> str | None:
    """``value`` as a YAML scalar, in the style the old one had where that can say it."""
    if isinstance(value, bool) or value is None:
        return None  # journeymap writes these rarely; leave them to the round-trip writer
    if isinstance(value, int | float):
        return repr(value)
    if not isinstance(value, str):
        return None
    if style == "'":
        return "'" + value.replace("'", "''") + "'" if "\n" not in value else None
    if style != '"' and _PLAIN_SAFE.match(value) and not _TYPED.match(value):
        return value
    return json.dumps(value, ensure_ascii=False)
