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
from dataclasses import dataclass, field
from typing import Any

from .errors import Diagnostic, LoadError

Path = tuple[str | int, ...]
Position = tuple[int, int]

#: Upper bound on the number of values a document may expand to through aliases.
MAX_EXPANDED_VALUES = 1_000_000
#: Deeper nesting than this is never a journey; refuse it before recursion gets costly.
MAX_DEPTH = 64


@dataclass
class Parsed:
    """Plain data plus the 1-based (line, column) of each value and mapping key."""

    data: Any
    file: str
    values: dict[Path, Position] = field(default_factory=dict)
    keys: dict[Path, Position] = field(default_factory=dict)

    def locate(self, path: Path) -> Position:
        """The position that best names ``path``: the key, else the value, else its parent."""
        while True:
            if path in self.keys:
                return self.keys[path]
            if path in self.values:
                return self.values[path]
            if not path:
                return (1, 1)
            if isinstance(path[-1], str) and (*path[:-1], path[-1].upper()) in self.keys:
                # Metric aliases: the model says 'csat' where the file wrote 'CSAT'.
                return self.keys[(*path[:-1], path[-1].upper())]
            path = path[:-1]


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
_INF_NAN = {".inf": float("inf"), "+.inf": float("inf"), "-.inf": float("-inf"), ".nan": float("nan")}
_TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {
    _TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map", "merge")
}


def _parse_yaml(text: str, file: str) -> Parsed:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        root = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = _yaml_message(exc)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise LoadError.at(file, line, column, f"YAML syntax error: {message}") from None
    except yaml.YAMLError as exc:
        raise LoadError.at(file, 1, 1, f"YAML syntax error: {exc}") from None
    except RecursionError:
        raise LoadError.at(file, 1, 1, "the document is nested too deeply") from None
    if root is None:
        raise LoadError.at(file, 1, 1, "the file is empty; expected a journey mapping")
    _check_expansion(root, file)
    builder = _YamlBuilder(file)
    data = builder.build(root, ())
    if builder.problems:
        raise LoadError("invalid YAML document", builder.problems)
    return Parsed(data, file, builder.values, builder.keys)


def _yaml_message(exc: Any) -> str:
    problem = exc.problem or "invalid document"
    if not exc.context:
        return str(problem)
    mark = exc.context_mark
    started = f" that starts on line {mark.line + 1}" if mark and exc.problem_mark else ""
    return f"{problem} ({exc.context}{started})"


def _check_expansion(root: Any, file: str) -> None:
    """Refuse alias cycles and documents whose aliases expand beyond the limit."""
    sizes: dict[int, int] = {}
    visiting: set[int] = set()

    def size(node: Any, depth: int) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in visiting:
            _fail(node, "recursive alias: an anchor refers to itself")
        if depth > MAX_DEPTH:
            _fail(node, f"the document is nested deeper than {MAX_DEPTH} levels")
        visiting.add(key)
        total = 1
        if isinstance(node.value, list):
            for item in node.value:
                if isinstance(item, tuple):
                    total += size(item[0], depth + 1) + size(item[1], depth + 1)
                else:
                    total += size(item, depth + 1)
                if total > MAX_EXPANDED_VALUES:
                    _fail(
                        node,
                        f"the document expands to more than {MAX_EXPANDED_VALUES:,} values "
                        "through aliases (an alias bomb?)",
                    )
        visiting.discard(key)
        sizes[key] = total
        return total

    def _fail(node: Any, message: str) -> None:
        mark = node.start_mark
        raise LoadError.at(file, mark.line + 1, mark.column + 1, message)

    size(root, 0)


class _YamlBuilder:
    def __init__(self, file: str) -> None:
        self.file = file
        self.values: dict[Path, Position] = {}
        self.keys: dict[Path, Position] = {}
        self.problems: list[Diagnostic] = []

    def problem(self, node: Any, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Diagnostic(self.file, mark.line + 1, mark.column + 1, message))

    def build(self, node: Any, path: Path) -> Any:
        import yaml

        mark = node.start_mark
        self.values[path] = (mark.line + 1, mark.column + 1)
        if node.tag not in _ALLOWED_TAGS:
            self.problem(node, f"unsupported YAML tag {node.tag!r}")
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            return self.build_mapping(node, path)
        return _scalar(node.tag, node.value, node.style)

    def build_mapping(self, node: Any, path: Path) -> dict[str, Any]:
        import yaml

        result: dict[str, Any] = {}
        # Merged mappings ('<<: *defaults') go in first so explicit keys override them,
        # as YAML's merge key specifies; an earlier merge source wins over a later one.
        for key_node, value_node in node.value:
            if key_node.tag != _TAG + "merge":
                continue
            sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
            for source in sources:
                if not isinstance(source, yaml.MappingNode):
                    self.problem(source, "a merge key ('<<') needs a mapping or a list of mappings")
                    continue
                for key, value in self.build_mapping(source, path).items():
                    result.setdefault(key, value)
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge":
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(key_node, "a mapping key must be a plain value, not a collection")
                continue
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in first_line:
                self.problem(key_node, f"duplicate key {key!r} (first given on line {first_line[key]})")
                continue
            first_line[key] = line
            child = (*path, key)
            self.keys[child] = (line, key_node.start_mark.column + 1)
            result[key] = self.build(value_node, child)
        return result


def _scalar(tag: str, text: str, style: str | None) -> Any:
    if style or tag == _TAG + "str" or tag == _TAG + "timestamp":
        return text
    if tag == _TAG + "null":
        return None if text in _NULL else text
    if tag == _TAG + "bool":
        return _BOOL.get(text, text)
    if tag == _TAG + "int":
        if _INT.match(text):
            return int(text, 10)
        if _HEX_OCT.match(text):
            return int(text, 0)
        return text
    if tag == _TAG + "float":
        if text.lower() in _INF_NAN:
            return _INF_NAN[text.lower()]
        if _FLOAT.match(text):
            return float(text)
        return text
    return text


# --------------------------------------------------------------------------- JSON

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_NUMBER = json.scanner.NUMBER_RE  # type: ignore[attr-defined]
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
        return Parsed(data, self.file, self.values, self.keys)

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
