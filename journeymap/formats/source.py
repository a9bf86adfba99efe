"""Parse YAML and JSON into plain data while remembering where every value stood.

The pydantic model sees ordinary dicts and lists; the positions collected here
turn its error locations (``("touchpoints", 3, "owner")``) and the findings of
the checks back into ``FILE:LINE:COL``.

YAML is read with PyYAML's *composer* only (libyaml when available): it builds
a node tree and never constructs objects, so no tag can run code.  Scalars are
typed by the rules of YAML 1.2's core schema, not 1.1's: ``off``, ``no`` and
``yes`` stay strings (``JM205: off`` means "off", not ``False``), ``1:30`` stays
a string and dates stay text.  Aliases are allowed, but the expanded size of
the document is bounded before anything is built, so a "billion laughs" file
fails at once with a clear message and bounded memory.
"""

from __future__ import annotations

import bisect
import json
import json.decoder
import json.scanner
import re
from dataclasses import dataclass
from typing import Any

from ..errors import Diagnostic, LoadError
from ..model.positions import Path, Position, SourceMap

#: Upper bound on the number of values a document may expand to through aliases.
MAX_EXPANDED_VALUES = 1_000_000
#: Deeper nesting than this is never a journey; refuse it before recursion gets costly.
MAX_DEPTH = 64


@dataclass
class Parsed:
    """Plain data, and where each of its values and keys stood in the file."""

    data: Any
    positions: SourceMap

    @property
    def file(self) -> str:
        return self.positions.file


def read_text(path: str) -> tuple[str, str]:
    """The text of an input file and the name errors give it (``-`` reads stdin).

    A file that cannot be read or is not UTF-8 is a :class:`LoadError` at its
    first line, or at the line and column of the first bad byte.
    """
    if path == "-":
        import sys

        return sys.stdin.read(), "<stdin>"
    try:
        with open(path, "rb") as stream:
            raw = stream.read()
    except OSError as exc:
        raise LoadError.at(path, 1, 1, f"cannot read the file: {exc.strerror or exc}") from None
    try:
        return raw.decode("utf-8-sig"), path
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        message = f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})"
        raise LoadError.at(path, line, column, message) from None


def parse(text: str, file: str, *, json_syntax: bool = False) -> Parsed:
    """Parse a journey document; ``json_syntax`` selects the strict JSON reader."""
    if json_syntax:
        return _JsonReader(text, file).read()
    return _parse_yaml(text, file)


# --------------------------------------------------------------------------- YAML

_NULL = {"", "~", "null", "Null", "NULL"}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+\Z")
_HEX_OCT = re.compile(r"0x[0-9a-fA-F]+\Z|0o[0-7]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_INF_NAN = {
    ".inf": float("inf"),
    "+.inf": float("inf"),
    "-.inf": float("-inf"),
    ".nan": float("nan"),
}
_TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}


def _parse_yaml(text: str, file: str) -> Parsed:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    builder = _YamlBuilder(file)
    try:
        data = builder.run(yaml.parse(text, Loader=loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise LoadError.at(file, line, column, f"YAML syntax error: {_yaml_message(exc)}") from None
    except yaml.YAMLError as exc:
        raise LoadError.at(file, 1, 1, f"YAML syntax error: {exc}") from None
    if builder.problems:
        raise LoadError("invalid YAML document", builder.problems)
    return Parsed(data, SourceMap(file, builder.values, builder.keys))


def _yaml_message(exc: Any) -> str:
    problem = exc.problem or "invalid document"
    if not exc.context:
        return str(problem)
    mark = exc.context_mark
    started = f" that starts on line {mark.line + 1}" if mark and exc.problem_mark else ""
    return f"{problem} ({exc.context}{started})"


_AWAIT_KEY, _MERGE, _DISCARD = object(), object(), object()


class _Frame:
    """An open sequence or mapping while the event stream is read."""

    __slots__ = ("anchor", "items", "key", "lines", "mark", "merges", "path")

    def __init__(self, path: Path, items: Any, anchor: str | None, mark: Any) -> None:
        self.path = path
        self.items = items
        self.anchor = anchor
        self.mark = mark
        self.key: Any = _AWAIT_KEY
        self.lines: dict[str, int] = {}
        self.merges: list[Any] = []


class _YamlBuilder:
    """Builds plain data from libyaml's event stream in one pass.

    Reading events instead of PyYAML's node graph skips its resolver and
    composer (half the time on large files) and lets aliases be counted as they
    are used: the document's expanded size is bounded without building it.
    """

    def __init__(self, file: str) -> None:
        self.file = file
        self.values: dict[Path, Position] = {}
        self.keys: dict[Path, Position] = {}
        self.problems: list[Diagnostic] = []
        self.anchors: dict[str, Any] = {}
        self.open_anchors: set[str] = set()
        self.stack: list[_Frame] = []
        self.expanded = 0
        self.root: Any = None
        self.documents = 0

    def problem(self, mark: Any, message: str) -> None:
        self.problems.append(Diagnostic(self.file, mark.line + 1, mark.column + 1, message))

    def fail(self, mark: Any, message: str) -> LoadError:
        return LoadError.at(self.file, mark.line + 1, mark.column + 1, message)

    def run(self, events: Any) -> Any:
        import yaml

        scalar, alias = yaml.ScalarEvent, yaml.AliasEvent
        sequence_start, mapping_start = yaml.SequenceStartEvent, yaml.MappingStartEvent
        collection_end = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
        for event in events:
            kind = type(event)
            if kind is scalar:
                self.expanded += 1
                self.node(self.scalar(event), event.start_mark, event.anchor, event.value)
            elif kind is mapping_start or kind is sequence_start:
                self.open(event, {} if kind is mapping_start else [])
            elif kind in collection_end:
                self.close()
            elif kind is alias:
                self.alias(event)
            elif kind is yaml.DocumentStartEvent:
                self.documents += 1
                if self.documents > 1:
                    raise self.fail(
                        event.start_mark, "expected one journey, found a second YAML document"
                    )
            if self.expanded > MAX_EXPANDED_VALUES:
                raise self.fail(
                    event.start_mark,
                    f"the document expands to more than {MAX_EXPANDED_VALUES:,} values "
                    "through aliases (an alias bomb?)",
                )
        if self.documents == 0 or (self.root is None and not self.values):
            raise LoadError.at(self.file, 1, 1, "the file is empty; expected a journey mapping")
        return self.root

    def scalar(self, event: Any) -> Any:
        tag = event.tag
        if tag is None or tag == "!":
            # Plain style is None in PyYAML's Python parser and '' in libyaml's.
            return _plain(event.value) if not event.style and tag is None else event.value
        if tag not in _ALLOWED_TAGS:
            self.problem(event.start_mark, f"unsupported YAML tag {tag!r}")
            return event.value
        if tag in (_TAG + "str", _TAG + "timestamp"):
            return event.value
        return _plain(event.value)

    def child_path(self, mark: Any) -> Path | None:
        """Record where the next node stands; None when it is a mapping key."""
        position = (mark.line + 1, mark.column + 1)
        if not self.stack:
            self.values[()] = position
            return ()
        frame = self.stack[-1]
        if isinstance(frame.items, list):
            path: Path = (*frame.path, len(frame.items))
        elif frame.key is _AWAIT_KEY:
            return None
        elif frame.key is _MERGE or frame.key is _DISCARD:
            return (*frame.path, "<<")
        else:
            path = (*frame.path, frame.key)
        self.values[path] = position
        return path

    def open(self, event: Any, items: Any) -> None:
        if len(self.stack) >= MAX_DEPTH:
            raise self.fail(
                event.start_mark, f"the document is nested deeper than {MAX_DEPTH} levels"
            )
        if event.tag not in (None, "!", _TAG + "seq", _TAG + "map"):
            self.problem(event.start_mark, f"unsupported YAML tag {event.tag!r}")
        self.expanded += 1
        path = self.child_path(event.start_mark)
        if path is None:
            self.problem(event.start_mark, "a mapping key must be a plain value, not a collection")
            path = (*self.stack[-1].path, "<key>")
        if event.anchor:
            self.open_anchors.add(event.anchor)
        self.stack.append(_Frame(path, items, event.anchor, event.start_mark))

    def close(self) -> None:
        frame = self.stack.pop()
        value = frame.items
        for merged in frame.merges:
            # Explicit keys win over merged ones; an earlier merge source over a later one.
            for key, item in merged.items():
                value.setdefault(key, item)
        if frame.anchor:
            self.open_anchors.discard(frame.anchor)
        self.node(value, frame.mark, frame.anchor, None, placed=True)

    def alias(self, event: Any) -> None:
        name = event.anchor
        if name in self.open_anchors:
            raise self.fail(event.start_mark, f"recursive alias: *{name} refers to its own anchor")
        if name not in self.anchors:
            raise self.fail(event.start_mark, f"alias *{name} names no anchor defined before it")
        value, size = self.anchors[name]
        self.expanded += size
        self.node(value, event.start_mark, None, None, size=size)

    def node(
        self,
        value: Any,
        mark: Any,
        anchor: str | None,
        text: str | None,
        *,
        placed: bool = False,
        size: int = 1,
    ) -> None:
        """Attach a finished node to its parent (or make it the root)."""
        if not placed and self.stack and self.child_path(mark) is None:
            self.key(value, mark, text)
            return
        if anchor:
            self.anchors[anchor] = (value, _size(value))
        if not self.stack:
            self.root = value
            return
        frame = self.stack[-1]
        if isinstance(frame.items, list):
            frame.items.append(value)
        elif frame.key is _AWAIT_KEY:
            frame.key = _DISCARD  # a collection used as a key, already reported
        else:
            if frame.key is _MERGE:
                self.merge(frame, value, mark)
            elif frame.key is not _DISCARD:
                frame.items[frame.key] = value
            frame.key = _AWAIT_KEY

    def key(self, value: Any, mark: Any, text: str | None) -> None:
        frame = self.stack[-1]
        key = text if text is not None else str(value)
        line = mark.line + 1
        if key == "<<":
            frame.key = _MERGE
        elif key in frame.lines:
            self.problem(mark, f"duplicate key {key!r} (first given on line {frame.lines[key]})")
            frame.key = _DISCARD
        else:
            frame.key = key
            frame.lines[key] = line
            self.keys[(*frame.path, key)] = (line, mark.column + 1)

    def merge(self, frame: _Frame, value: Any, mark: Any) -> None:
        sources = value if isinstance(value, list) else [value]
        for source in sources:
            if isinstance(source, dict):
                frame.merges.append(source)
            else:
                self.problem(mark, "a merge key ('<<') needs a mapping or a list of mappings")


def _size(value: Any) -> int:
    """Number of nodes in a built value (to charge each use of an alias)."""
    if isinstance(value, dict):
        return 1 + sum(_size(item) + 1 for item in value.values())
    if isinstance(value, list):
        return 1 + sum(_size(item) for item in value)
    return 1


def _plain(text: str) -> Any:
    """Type a plain scalar by YAML 1.2's core schema: off, yes, 1:30 and dates stay text."""
    if text in _NULL:
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.match(text):
        return int(text, 10)
    if _HEX_OCT.match(text):
        return int(text, 0)
    if _FLOAT.match(text):
        return float(text)
    return _INF_NAN.get(text.lower(), text)


# --------------------------------------------------------------------------- JSON

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_NUMBER = json.scanner.NUMBER_RE
_LITERALS: dict[str, Any] = {"true": True, "false": False, "null": None}


class _JsonReader:
    """A small recursive-descent JSON reader that records positions.

    Strings and numbers are scanned by the standard library's own routines; the
    reader adds what ``json`` lacks: positions, duplicate-key detection and a
    nesting limit.
    """

    def __init__(self, text: str, file: str) -> None:
        self.text = text
        self.file = file
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.values: dict[Path, Position] = {}
        self.keys: dict[Path, Position] = {}

    def position(self, index: int) -> Position:
        line = bisect.bisect_right(self.line_starts, index)
        return line, index - self.line_starts[line - 1] + 1

    def fail(self, index: int, message: str) -> LoadError:
        if index >= len(self.text) and "end of file" not in message:
            message = f"unexpected end of file; {message}"
        line, column = self.position(index)
        return LoadError.at(self.file, line, column, f"JSON syntax error: {message}")

    def skip(self, index: int) -> int:
        match = _WHITESPACE.match(self.text, index)
        return match.end() if match else index

    def read(self) -> Parsed:
        index = self.skip(0)
        if index == len(self.text):
            raise LoadError.at(self.file, 1, 1, "the file is empty; expected a journey object")
        data, index = self.value(index, (), 0)
        index = self.skip(index)
        if index != len(self.text):
            raise self.fail(index, "unexpected text after the end of the document")
        return Parsed(data, SourceMap(self.file, self.values, self.keys))

    def value(self, index: int, path: Path, depth: int) -> tuple[Any, int]:
        if depth > MAX_DEPTH:
            raise self.fail(index, f"the document is nested deeper than {MAX_DEPTH} levels")
        self.values[path] = self.position(index)
        char = self.text[index : index + 1]
        if char == "{":
            return self.object(index + 1, path, depth)
        if char == "[":
            return self.array(index + 1, path, depth)
        if char == '"':
            return self.string(index)
        for word, literal in _LITERALS.items():
            if self.text.startswith(word, index):
                return literal, index + len(word)
        match = _NUMBER.match(self.text, index)
        if match:
            integer, fraction, exponent = match.groups()
            if fraction or exponent:
                return float(integer + (fraction or "") + (exponent or "")), match.end()
            return int(integer), match.end()
        if not char:
            raise self.fail(index, "unexpected end of file")
        raise self.fail(index, f"unexpected character {char!r}")

    def string(self, index: int) -> tuple[str, int]:
        try:
            return json.decoder.scanstring(self.text, index + 1)  # type: ignore[attr-defined,no-any-return]
        except json.JSONDecodeError as exc:
            raise self.fail(exc.pos, exc.msg) from None

    def object(self, index: int, path: Path, depth: int) -> tuple[dict[str, Any], int]:
        result: dict[str, Any] = {}
        index = self.skip(index)
        if self.text.startswith("}", index):
            return result, index + 1
        while True:
            if not self.text.startswith('"', index):
                raise self.fail(index, "expected a quoted property name")
            key_index = index
            key, index = self.string(index)
            if key in result:
                line, _ = self.keys[(*path, key)]
                raise self.fail(key_index, f"duplicate key {key!r} (first given on line {line})")
            self.keys[(*path, key)] = self.position(key_index)
            index = self.skip(index)
            if not self.text.startswith(":", index):
                raise self.fail(index, "expected ':' after a property name")
            index = self.skip(index + 1)
            result[key], index = self.value(index, (*path, key), depth + 1)
            index = self.skip(index)
            if self.text.startswith(",", index):
                index = self.skip(index + 1)
                continue
            if self.text.startswith("}", index):
                return result, index + 1
            raise self.fail(index, "expected ',' or '}'")

    def array(self, index: int, path: Path, depth: int) -> tuple[list[Any], int]:
        result: list[Any] = []
        index = self.skip(index)
        if self.text.startswith("]", index):
            return result, index + 1
        while True:
            item, index = self.value(index, (*path, len(result)), depth + 1)
            result.append(item)
            index = self.skip(index)
            if self.text.startswith(",", index):
                index = self.skip(index + 1)
                continue
            if self.text.startswith("]", index):
                return result, index + 1
            raise self.fail(index, "expected ',' or ']'")
