"""A journey read again after a save that changed a few values.

``serve`` and the board read the file again after every save, and a workshop's save
changes a line or two of a file of thousands (a name, a target, an emotion).  Where
the lines that changed are one-line ``key: value`` entries of scalars, each is read
alone and its value put in the place of the one it had; the positions stay those of
the last reading.  Anything else (a line added or removed, a key renamed, a value that
is not a one-line scalar, a document whose values stand in several places) is parsed
whole, as is every file read for the first time.

The line read alone must give the old line's value as the whole file gave it (the same
value of the same type), and the line after it must not be indented deeper (it could
go on the value): so a line inside a block scalar, a multi-line value or a flow
collection is never mistaken for an entry of its own.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from ..errors import LoadError
from ..model.positions import Path, Position
from .source import Parsed, parse

#: More changed lines than this are parsed whole.
MOST_LINES = 16
#: How many files' last reading is kept.
KEPT_FILES = 4

_ENTRY = re.compile(r"( *)([A-Za-z_][A-Za-z0-9_-]*)(: +)(\S[^\r\n]*)\r?\n?\Z")
#: How a value starts that is no one-line plain or quoted scalar (or that YAML reserves).
_NOT_SCALAR = tuple("&*!|>[{%@`#")
_NOTHING = object()


@dataclass
class _Kept:
    """A file's last reading: its lines, what they gave, and (made when first needed) the
    key that stands at each position."""

    lines: list[str]
    parsed: Parsed
    keys_at: dict[Position, Path] | None = None


_kept: OrderedDict[str, _Kept] = OrderedDict()
_lock = threading.Lock()


def remember(text: str, parsed: Parsed) -> None:
    """Keep ``parsed`` (the whole reading of ``text``) for the next reading of its file."""
    with _lock:
        _kept.pop(parsed.file, None)
        if parsed.line_by_line:
            _kept[parsed.file] = _Kept(text.splitlines(keepends=True), parsed)
            while len(_kept) > KEPT_FILES:
                _kept.popitem(last=False)


def forget() -> None:
    """Forget every reading kept (tests compare with a whole parse)."""
    with _lock:
        _kept.clear()


def reparsed(text: str, file: str) -> Parsed | None:
    """``text`` (a new version of ``file``) read from the file's last reading, when the
    two differ in a few one-line scalar values only; None when it must be parsed whole."""
    with _lock:
        kept = _kept.get(file)
        if kept is None:
            return None
        lines = text.splitlines(keepends=True)
        if len(lines) != len(kept.lines):
            return None
        changed = [
            n for n, (old, new) in enumerate(zip(kept.lines, lines, strict=True)) if old != new
        ]
        if len(changed) > MOST_LINES:
            return None
        data = kept.parsed.data
        for number in changed:
            found = _read_alone(kept, lines, number)
            if found is None:
                return None
            path, value = found
            data = _replaced(data, path, value)
        # The same positions (no key moved); the text is the new one's (set by the loader).
        positions = dataclasses.replace(kept.parsed.positions)
        parsed = Parsed(data, positions, line_by_line=True)
        kept.lines, kept.parsed = lines, parsed
        return parsed


def _read_alone(kept: _Kept, lines: list[str], number: int) -> tuple[Path, Any] | None:
    """The path and new value of line ``number``, read alone; None when it cannot be."""
    old, new = _ENTRY.match(kept.lines[number]), _ENTRY.match(lines[number])
    if old is None or new is None or old.group(1, 2, 3) != new.group(1, 2, 3):
        return None  # not a one-line entry, or its key (or where its value starts) moved
    indent, key, joint = old.group(1, 2, 3)
    if old.group(4).startswith(_NOT_SCALAR) or new.group(4).startswith(_NOT_SCALAR):
        return None
    if _deeper_after(kept.lines, number, indent) or _deeper_after(lines, number, indent):
        return None
    if kept.keys_at is None:
        kept.keys_at = {at: path for path, at in kept.parsed.positions.keys.items()}
    path = kept.keys_at.get((number + 1, len(indent) + 1))
    value_at = (number + 1, len(indent) + len(key) + len(joint) + 1)
    if path is None or path[-1] != key or kept.parsed.positions.values.get(path) != value_at:
        return None  # no entry of the mapping stands there (a block scalar's line, say)
    before, after = _value_alone(old.group(0), key), _value_alone(new.group(0), key)
    if after is _NOTHING or not _same(before, _value_at(kept.parsed.data, path)):
        return None
    return path, after


def _deeper_after(lines: list[str], number: int, indent: str) -> bool:
    """Whether the next line that is not blank is indented deeper than ``indent``."""
    following = next(
        (line for line in itertools.islice(lines, number + 1, None) if line.strip()), ""
    )
    return len(following) - len(following.lstrip(" ")) > len(indent)


def _value_alone(line: str, key: str) -> Any:
    """The scalar value of an entry line read as a document of its own (_NOTHING when it
    is not one, or cannot be read)."""
    try:
        data = parse(line.lstrip(" ").rstrip("\r\n") + "\n", "<line>").data
    except LoadError:
        return _NOTHING
    if not isinstance(data, dict) or list(data) != [key] or isinstance(data[key], dict | list):
        return _NOTHING
    return data[key]


def _same(one: Any, other: Any) -> bool:
    return one is not _NOTHING and type(one) is type(other) and one == other


def _value_at(data: Any, path: Path) -> Any:
    for step in path:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return _NOTHING
    return data


def _replaced(data: Any, path: Path, value: Any) -> Any:
    """``data`` with ``value`` at ``path``: the mappings and lists on the way are copied,
    the rest shared (the last reading's data stays as it was)."""
    if not path:
        return value
    step, rest = path[0], path[1:]
    copy: Any = dict(data) if isinstance(data, dict) else list(data)
    copy[step] = _replaced(data[step], rest, value)
    return copy
