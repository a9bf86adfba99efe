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
import math
import os
import re
import stat
from dataclasses import dataclass
from typing import Any, BinaryIO

from ..errors import Diagnostic, JourneymapError, LoadError
from ..i18n import LANGUAGES, N_, os_reason, say, text
from ..model.positions import Path, Position, SourceMap
from ..model.vocabulary import PORTFOLIO_FILE

#: Upper bound on the number of values aliases may add to a document (its own values are
#: bounded by the size of the input).
MAX_EXPANDED_VALUES = 1_000_000
#: Deeper nesting than this is never a journey; refuse it before recursion gets costly.
MAX_DEPTH = 64


@dataclass
class Parsed:
    """Plain data, and where each of its values and keys stood in the file."""

    data: Any
    positions: SourceMap
    #: Whether each one-line ``key: value`` of the text gives its value in one place only:
    #: no anchors, aliases or merge keys, no flow collection over several lines.  A later
    #: text that changes a few such lines can then be read from this one
    #: (:mod:`journeymap.formats.reparse`).
    line_by_line: bool = False

    @property
    def file(self) -> str:
        return self.positions.file


_LOCALE = re.compile(r"""^\s*["']?locale["']?\s*:\s*["']?([A-Za-z]{2})\b""", re.MULTILINE)


def declared_locale(text: str) -> str | None:
    """The language a journey's text says it is in (``locale: nl``), read before the text
    is parsed: a file YAML cannot read gets its errors in that language too."""
    match = _LOCALE.search(text)
    lang = match.group(1).lower() if match else None
    return lang if lang in LANGUAGES else None


#: The largest journey or Mermaid file journeymap reads (a 5,000-touchpoint journey is ~3 MB).
MAX_INPUT_BYTES = 32 * 1024 * 1024


def read_text(path: str) -> tuple[str, str]:
    """The text of an input file and the name errors give it (``-`` reads stdin).

    A file that cannot be read or is not UTF-8 is a :class:`LoadError` at its
    first line, or at the line and column of the first bad byte.  Directories,
    devices and named pipes are refused before they are opened (``/dev/zero``
    would never end, a pipe without a writer never start), and so is a file
    larger than :data:`MAX_INPUT_BYTES`.
    """
    if path == "-":
        import sys

        return decode(_read_limited(sys.stdin.buffer, "<stdin>"), "<stdin>"), "<stdin>"
    check_regular_file(path, LoadError)
    try:
        with open(path, "rb") as stream:
            raw = _read_limited(stream, path)
    except OSError as exc:
        message = say("cannot read the file: %(reason)s", reason=os_reason(exc))
        raise LoadError.at(path, 1, 1, message) from None
    return decode(raw, path), path


def portfolio_file(path: str) -> str | None:
    """The ``journeymap.yaml`` that ``path`` names: the file itself, or the one in the
    folder ``path`` (None when ``path`` is neither)."""
    if os.path.basename(path) == PORTFOLIO_FILE and os.path.isfile(path):
        return path
    inside = os.path.join(path, PORTFOLIO_FILE)
    return inside if os.path.isdir(path) and os.path.isfile(inside) else None


def check_regular_file(path: str, error: type[JourneymapError], lang: str | None = None) -> None:
    """Refuse what is not a regular file (a folder, a device, a pipe) with a clear message,
    in ``lang`` (a data file's journey's language) or else the environment's."""

    def tell(message: str, /, **values: object) -> str:
        return text(lang, message, **values) if lang else say(message, **values)

    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        message = tell("cannot read the file: %(reason)s", reason=os_reason(exc, lang))
        raise error(f"{path}: {message}", [Diagnostic(path, 1, 1, message)]) from None
    if not stat.S_ISREG(mode):
        if stat.S_ISDIR(mode):
            message = tell("cannot read the file: it is a folder")
        else:
            message = tell("cannot read the file: it is not a regular file (a device or a pipe)")
        raise error(f"{path}: {message}", [Diagnostic(path, 1, 1, message)])


def _read_limited(stream: BinaryIO, name: str) -> bytes:
    raw = stream.read(MAX_INPUT_BYTES + 1)
    if len(raw) > MAX_INPUT_BYTES:
        limit = MAX_INPUT_BYTES // (1024 * 1024)
        raise LoadError.at(
            name,
            1,
            1,
            say("the input is larger than %(limit)s MiB, the most journeymap reads", limit=limit),
        )
    return bytes(raw)


def decode(raw: bytes, file: str) -> str:
    """UTF-8 text (a byte-order mark is dropped); a bad byte is an error at its line and column."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        message = say("the file is not valid UTF-8 (byte %(byte)s)", byte=f"0x{raw[exc.start]:02x}")
        raise LoadError.at(file, line, column, message) from None


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
_INF_NAN = {".inf", "+.inf", "-.inf", ".nan"}
#: The first characters of every number, hexadecimal and octal ones and .inf/.nan included.
_NUMBER_STARTS = frozenset("0123456789+-.")
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
        message = say(
            "YAML syntax error: %(problem)s%(hint)s",
            problem=_yaml_message(exc),
            hint=_yaml_hint(exc, text, line),
        )
        raise LoadError.at(file, line, column, message) from None
    except yaml.reader.ReaderError as exc:
        # A character YAML does not allow, named by its offset in the text: libyaml
        # counts bytes of UTF-8, PyYAML's own reader characters.
        if loader is yaml.SafeLoader:
            before = text[: exc.position]
        else:
            before = text.encode("utf-8")[: exc.position].decode("utf-8", "replace")
        line, column = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
        message = say(
            "character %(character)s is not allowed in YAML (%(reason)s)",
            character=f"U+{exc.character:04X}",
            reason=exc.reason,
        )
        raise LoadError.at(file, line, column, message) from None
    except yaml.YAMLError as exc:
        message = say("YAML syntax error: %(problem)s%(hint)s", problem=exc, hint="")
        raise LoadError.at(file, 1, 1, message) from None
    if builder.problems:
        raise LoadError(say("invalid YAML document"), builder.problems)
    return Parsed(data, SourceMap(file, builder.values, builder.keys), not builder.shared)


#: The YAML parser's words for the problems people meet, as journeymap says them.
_YAML_WORDS = {
    "mapping values are not allowed in this context": N_(
        "mapping values are not allowed in this context"
    ),
    "found character that cannot start any token": N_(
        "found character that cannot start any token"
    ),
    "did not find expected key": N_("did not find expected key"),
    "did not find expected '-' indicator": N_("did not find expected '-' indicator"),
    "did not find expected node content": N_("did not find expected node content"),
    "could not find expected ':'": N_("could not find expected ':'"),
    "found unexpected end of stream": N_("found unexpected end of stream"),
    "did not find expected ',' or ']'": N_("did not find expected ',' or ']'"),
    "did not find expected ',' or '}'": N_("did not find expected ',' or '}'"),
    "while scanning a simple key": N_("while scanning a simple key"),
    "while scanning for the next token": N_("while scanning for the next token"),
    "while scanning a quoted scalar": N_("while scanning a quoted scalar"),
    "while parsing a block mapping": N_("while parsing a block mapping"),
    "while parsing a block collection": N_("while parsing a block collection"),
    "while parsing a flow sequence": N_("while parsing a flow sequence"),
    "while parsing a flow mapping": N_("while parsing a flow mapping"),
    "while parsing a block node": N_("while parsing a block node"),
    "invalid document": N_("invalid document"),
}


def _yaml_words(words: str) -> str:
    return say(_YAML_WORDS[words]) if words in _YAML_WORDS else words


def _yaml_message(exc: Any) -> str:
    problem = _yaml_words(exc.problem or "invalid document")
    if not exc.context:
        return str(problem)
    mark = exc.context_mark
    if mark and exc.problem_mark:
        return say(
            "%(problem)s (%(context)s that starts on line %(line)s)",
            problem=problem,
            context=_yaml_words(exc.context),
            line=mark.line + 1,
        )
    return f"{problem} ({_yaml_words(exc.context)})"


_KEY_AND_TEXT = re.compile(r"^\s*(?:-\s+)?([^\s:#][^:#]*?):\s+(.*\S)\s*$")


def _yaml_hint(exc: Any, text: str, line: int) -> str:
    """How to fix the slips people make most in YAML, where the parser's words do not say."""
    problem = str(exc.problem or "")
    lines = text.splitlines()
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    if problem.startswith("mapping values are not allowed"):
        match = _KEY_AND_TEXT.match(here)
        if match and ": " in match.group(2):
            quoted = match.group(2).replace("\\", "\\\\").replace('"', '\\"')
            return say(
                '; a text containing ": " must be in quotes: %(line)s',
                line=f'{match.group(1)}: "{quoted}"',
            )
        return say('; a text containing ": " must be in quotes')
    if "\t" in here[: len(here) - len(here.lstrip())] or (
        "cannot start any token" in problem and "\t" in here
    ):
        return say("; YAML does not allow tabs for indentation: indent with spaces")
    if problem.startswith(
        ("did not find expected key", "did not find expected '-'", "expected <block end>")
    ):
        return say(
            "; check the indentation of line %(line)s: the keys of one element start in the "
            "same column, and what belongs to a key is indented further than the key",
            line=line,
        )
    return ""


_AWAIT_KEY, _MERGE, _DISCARD = object(), object(), object()


class _Frame:
    """An open sequence or mapping while the event stream is read."""

    __slots__ = ("anchor", "flow", "items", "key", "lines", "mark", "merges", "path")

    def __init__(
        self, path: Path, items: Any, anchor: str | None, mark: Any, flow: bool = False
    ) -> None:
        self.path = path
        self.items = items
        self.anchor = anchor
        self.mark = mark
        self.key: Any = _AWAIT_KEY
        self.lines: dict[str, int] = {}
        self.merges: list[Any] = []
        self.flow = flow  # a flow collection ([…] or {…})


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
        self.expanded = 0  # values added by aliases
        self.root: Any = None
        self.documents = 0
        #: A value stands in more than one place (anchors, aliases, merge keys), or a flow
        #: collection runs over several lines: see :attr:`Parsed.line_by_line`.
        self.shared = False

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
                # Only a plain << is a merge key; a quoted "<<" is the text.
                merge = event.value == "<<" and not event.style and event.tag is None
                value = self.scalar(event)
                self.node(value, event.start_mark, event.anchor, event.value, merge=merge)
            elif kind is mapping_start or kind is sequence_start:
                self.open(event, {} if kind is mapping_start else [])
            elif kind in collection_end:
                self.close(event)
            elif kind is alias:
                self.alias(event)
            elif kind is yaml.DocumentStartEvent:
                self.documents += 1
                if self.documents > 1:
                    raise self.fail(
                        event.start_mark, say("expected one journey, found a second YAML document")
                    )
            if self.expanded > MAX_EXPANDED_VALUES:
                raise self.fail(
                    event.start_mark,
                    say(
                        "aliases expand the document by more than %(count)s values (an alias "
                        "bomb?)",
                        count=f"{MAX_EXPANDED_VALUES:,}",
                    ),
                )
        if self.documents == 0 or (self.root is None and not self.values):
            raise LoadError.at(
                self.file, 1, 1, say("the file is empty; expected a journey mapping")
            )
        return self.root

    def scalar(self, event: Any) -> Any:
        tag, text = event.tag, event.value
        if _SURROGATE.search(text):
            self.problem(
                event.start_mark,
                say("the text holds a lone surrogate (\\ud800-\\udfff), which is no character"),
            )
            return text
        if tag is None or tag == "!":
            # Plain style is None in PyYAML's Python parser and '' in libyaml's.
            value = _plain(text) if not event.style and tag is None else text
        elif tag not in _ALLOWED_TAGS:
            self.problem(event.start_mark, say("unsupported YAML tag %(tag)s", tag=repr(tag)))
            return text
        elif tag in (_TAG + "str", _TAG + "timestamp"):
            return text
        else:
            value = _plain(text)
            if not isinstance(value, _BadNumber) and not _TYPED_BY_TAG[tag](value):
                self.problem(
                    event.start_mark,
                    say(
                        "%(text)s is not a value of the YAML tag %(tag)s",
                        text=repr(text),
                        tag=repr(tag.removeprefix(_TAG)),
                    ),
                )
                return text
        if isinstance(value, _BadNumber):
            self.problem(event.start_mark, str(value))
            return None
        return value

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
                event.start_mark,
                say("the document is nested deeper than %(depth)s levels", depth=MAX_DEPTH),
            )
        if event.tag not in (None, "!", _TAG + "seq", _TAG + "map"):
            self.problem(event.start_mark, say("unsupported YAML tag %(tag)s", tag=repr(event.tag)))
        path = self.child_path(event.start_mark)
        if path is None:
            self.problem(
                event.start_mark, say("a mapping key must be a plain value, not a collection")
            )
            path = (*self.stack[-1].path, "<key>")
        if event.anchor:
            self.open_anchors.add(event.anchor)
        self.stack.append(
            _Frame(path, items, event.anchor, event.start_mark, bool(event.flow_style))
        )

    def close(self, event: Any) -> None:
        frame = self.stack.pop()
        if frame.flow and event.end_mark.line != frame.mark.line:
            self.shared = True  # a flow collection over several lines
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
            raise self.fail(
                event.start_mark,
                say("recursive alias: %(alias)s refers to its own anchor", alias=f"*{name}"),
            )
        if name not in self.anchors:
            raise self.fail(
                event.start_mark,
                say("alias %(alias)s names no anchor defined before it", alias=f"*{name}"),
            )
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
        merge: bool = False,
    ) -> None:
        """Attach a finished node to its parent (or make it the root)."""
        if not placed and self.stack and self.child_path(mark) is None:
            self.key(value, mark, text, merge)
            return
        if anchor:
            self.anchors[anchor] = (value, _size(value))
            self.shared = True
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

    def key(self, value: Any, mark: Any, text: str | None, merge: bool) -> None:
        frame = self.stack[-1]
        key = text if text is not None else str(value)
        line = mark.line + 1
        if merge:
            frame.key = _MERGE
            self.shared = True
        elif key in frame.lines:
            self.problem(
                mark,
                say(
                    "duplicate key %(key)s (first given on line %(line)s)",
                    key=repr(key),
                    line=frame.lines[key],
                ),
            )
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
                self.problem(mark, say("a merge key ('<<') needs a mapping or a list of mappings"))


def _size(value: Any) -> int:
    """Number of nodes in a built value (to charge each use of an alias)."""
    if isinstance(value, dict):
        return 1 + sum(_size(item) + 1 for item in value.values())
    if isinstance(value, list):
        return 1 + sum(_size(item) for item in value)
    return 1


#: More digits than this is never a number of a journey; Python itself stops at 4,300.
MAX_NUMBER_DIGITS = 100
_SURROGATE = re.compile("[\ud800-\udfff]")


def _plain(text: str) -> Any:
    """Type a plain scalar by YAML 1.2's core schema: off, yes, 1:30 and dates stay text.

    Numbers must be finite and of a sensible length; the text of one that is not
    comes back as a :class:`_BadNumber` for the builder to report.
    """
    if text in _NULL:
        return None
    if text in _BOOL:
        return _BOOL[text]
    if text[0] not in _NUMBER_STARTS:
        return text  # most scalars are words: no number (nor .inf) starts with a letter
    if _INT.match(text) or _HEX_OCT.match(text) or _FLOAT.match(text):
        return _number(text)
    if text.lower() in _INF_NAN:
        return _BadNumber(
            say("%(text)s is not a finite number; journeymap reads finite numbers only", text=text)
        )
    return text


class _BadNumber(str):
    """A problem with a number, reported by the builder at the number's position."""


def _number(text: str) -> Any:
    digits = sum(char.isdigit() for char in text)
    if digits > MAX_NUMBER_DIGITS:
        return _BadNumber(
            say(
                "the number %(start)s… has %(digits)s digits; numbers have at most %(most)s (put "
                "text in quotes)",
                start=text[:12],
                digits=f"{digits:,}",
                most=MAX_NUMBER_DIGITS,
            )
        )
    if _INT.match(text):
        return int(text, 10)
    if _HEX_OCT.match(text):
        return int(text, 0)
    value = float(text)
    if not math.isfinite(value):
        return _BadNumber(say("the number %(text)s is too large to be read", text=text))
    return value


_TYPED_BY_TAG = {
    _TAG + "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
    _TAG + "float": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    _TAG + "bool": lambda v: isinstance(v, bool),
    _TAG + "null": lambda v: v is None,
}


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

    def fail(self, index: int, message: str, *, syntax: bool = True) -> LoadError:
        if index >= len(self.text) and "end of file" not in message:
            message = say("unexpected end of file; %(problem)s", problem=message)
        line, column = self.position(index)
        if syntax:
            message = say("JSON syntax error: %(problem)s", problem=message)
        return LoadError.at(self.file, line, column, message)

    def skip(self, index: int) -> int:
        match = _WHITESPACE.match(self.text, index)
        return match.end() if match else index

    def read(self) -> Parsed:
        index = self.skip(0)
        if index == len(self.text):
            raise LoadError.at(self.file, 1, 1, say("the file is empty; expected a journey object"))
        data, index = self.value(index, (), 0)
        index = self.skip(index)
        if index != len(self.text):
            raise self.fail(index, say("unexpected text after the end of the document"))
        return Parsed(data, SourceMap(self.file, self.values, self.keys))

    def value(self, index: int, path: Path, depth: int) -> tuple[Any, int]:
        if depth > MAX_DEPTH:
            raise self.fail(
                index, say("the document is nested deeper than %(depth)s levels", depth=MAX_DEPTH)
            )
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
            number = _number(match.group(0))
            if isinstance(number, _BadNumber):
                raise self.fail(index, str(number), syntax=False)
            return number, match.end()
        if not char:
            raise self.fail(index, say("unexpected end of file"))
        raise self.fail(index, say("unexpected character %(char)s", char=repr(char)))

    def string(self, index: int) -> tuple[str, int]:
        try:
            text, end = json.decoder.scanstring(self.text, index + 1)  # type: ignore[attr-defined]
        except json.JSONDecodeError as exc:
            raise self.fail(exc.pos, exc.msg) from None
        if _SURROGATE.search(text):
            raise self.fail(
                index,
                say("the text holds a lone surrogate (\\ud800-\\udfff), which is no character"),
                syntax=False,
            )
        return str(text), int(end)

    def object(self, index: int, path: Path, depth: int) -> tuple[dict[str, Any], int]:
        result: dict[str, Any] = {}
        index = self.skip(index)
        if self.text.startswith("}", index):
            return result, index + 1
        while True:
            if not self.text.startswith('"', index):
                raise self.fail(index, say("expected a quoted property name"))
            key_index = index
            key, index = self.string(index)
            if key in result:
                line, _ = self.keys[(*path, key)]
                raise self.fail(
                    key_index,
                    say(
                        "duplicate key %(key)s (first given on line %(line)s)",
                        key=repr(key),
                        line=line,
                    ),
                )
            self.keys[(*path, key)] = self.position(key_index)
            index = self.skip(index)
            if not self.text.startswith(":", index):
                raise self.fail(index, say("expected ':' after a property name"))
            index = self.skip(index + 1)
            result[key], index = self.value(index, (*path, key), depth + 1)
            index = self.skip(index)
            if self.text.startswith(",", index):
                index = self.skip(index + 1)
                continue
            if self.text.startswith("}", index):
                return result, index + 1
            raise self.fail(index, say("expected ',' or '}'"))

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
            raise self.fail(index, say("expected ',' or ']'"))
