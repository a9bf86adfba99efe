"""Mermaid ``journey`` diagrams in and out (SPEC §8).

Import reads a diagram the way Mermaid itself does: :func:`parse` follows the
rules of Mermaid's own lexer and grammar (``journey.jison``) and the arithmetic
of its ``journeyDb`` (scores through JavaScript's ``Number``, people split at
commas), so what Mermaid accepts imports and what it draws is what you get.
:func:`to_journey` then maps the diagram onto the journey model: sections →
stages, tasks → touchpoints, score ``s`` → emotion ``s − 3``, actors → personas.

Export is the reverse.  Mermaid cannot carry ``:``, ``;`` or ``#`` in a label
(they end the token or start a comment), a ``,`` in a person's name or a ``}``
in a multi-line description; those become look-alike characters, so that
``import(export(j))`` keeps stages, touchpoint names and order, personas and
emotions.
"""

from __future__ import annotations

import bisect
import html
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ..errors import Diagnostic, LoadError
from ..i18n import say, text
from ..model.ids import UniqueIds, slugify
from ..model.vocabulary import OWNERS

if TYPE_CHECKING:
    from ..model.journey import Journey

# --------------------------------------------------------------------------- reading


class MermaidTask(NamedTuple):
    """One task as Mermaid's ``journeyDb`` stores it (``score`` is NaN where Mermaid's is)."""

    section: str
    task: str
    score: float
    people: list[str]
    section_index: int  # which ``section`` statement holds it; -1 before the first


@dataclass
class MermaidDiagram:
    """What Mermaid's parser makes of a ``journey`` diagram."""

    title: str | None = None
    acc_title: str | None = None
    acc_descr: str | None = None
    front_matter_title: str | None = None
    sections: list[str] = field(default_factory=list)
    tasks: list[MermaidTask] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)

    def actors(self) -> list[str]:
        """Every named person, in order of first appearance."""
        return list(dict.fromkeys(p for task in self.tasks for p in task.people if p))


# The rules of Mermaid's journey lexer as compiled into Mermaid 11 (its jison source
# writes the first one as \%%, which jison reads as a single %), in its order: the
# first that matches wins.
_FLAGS = re.IGNORECASE
_RULES: list[tuple[str | None, re.Pattern[str]]] = [
    (None, re.compile(r"%(?!\{)[^\n]*", _FLAGS)),  # comment, even after a single %
    (None, re.compile(r"[^}]%%[^\n]*", _FLAGS)),  # comment after any character
    ("NEWLINE", re.compile(r"\n+")),
    (None, re.compile(r"\s+")),
    (None, re.compile(r"#[^\n]*")),  # comment
    ("journey", re.compile(r"journey\b", _FLAGS | re.ASCII)),  # JavaScript's \b is ASCII
    ("title", re.compile(r"title\s[^#\n;]+", _FLAGS)),
    ("acc_title", re.compile(r"accTitle\s*:\s*", _FLAGS)),
    ("acc_descr", re.compile(r"accDescr\s*:\s*", _FLAGS)),
    ("acc_descr_multiline", re.compile(r"accDescr\s*\{\s*", _FLAGS)),
    ("section", re.compile(r"section\s[^#:\n;]+", _FLAGS)),
    ("taskName", re.compile(r"[^#:\n;]+")),
    ("taskData", re.compile(r":[^#\n;]+")),
    (":", re.compile(r":")),
]
_REST_OF_LINE = re.compile(r"[^\n]*")
_UNTIL_BRACE = re.compile(r"[^}]*")
_FRONT_MATTER = re.compile(r"-{3}[ \t]*\n(.*?)\n-{3}[ \t]*\n+", re.DOTALL)
_ENTITY = re.compile(r"#(\w+);", re.ASCII)
_ENTITY_MARK = re.compile("\ue000([^\ue001]*)\ue001")
_LINE_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_JS_NUMBER = re.compile(
    r"[+-]?(\d+\.?\d*(e[+-]?\d+)?|\.\d+(e[+-]?\d+)?|Infinity)|0x[0-9a-f]+|0b[01]+|0o[0-7]+",
    re.IGNORECASE,
)
#: Put before an exported label that Mermaid would read as a keyword; removed on import.
KEYWORD_GUARD = "\u200b"


class _Token(NamedTuple):  # a tuple: a file of 100,000 tasks makes 300,000 of them
    kind: str
    text: str
    offset: int


class _Source:
    """The text with its line starts, to turn offsets into ``FILE:LINE:COL``."""

    def __init__(self, text: str, file: str) -> None:
        self.text = text
        self.file = file
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

    def diagnostic(self, offset: int, message: str) -> Diagnostic:
        return Diagnostic(self.file, *self.position(offset), message)


def parse(text: str, file: str = "<string>") -> MermaidDiagram:
    """Parse a Mermaid ``journey`` diagram; every problem is reported at once as a :class:`LoadError`."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    diagram = MermaidDiagram()
    text = _front_matter(text, file, diagram)
    # Mermaid removes %%{init: …}%% directives and protects #entity; codes before lexing.
    text = _without_directives(text)
    text = _ENTITY.sub(lambda m: f"\ue000{m.group(1)}\ue001", text)
    source = _Source(text, file)
    _Parser(source, diagram).run()
    return diagram


def _without_directives(text: str) -> str:
    """Remove every ``%%{…}%%`` directive, keeping its line breaks (so lines stay true).

    Scanned with ``str.find`` instead of a lazy regular expression, which would
    search to the end of the text again from every unclosed ``%%{``: quadratic
    time on a file of many of them.
    """
    parts, position = [], 0
    while (start := text.find("%%{", position)) >= 0:
        end = text.find("}%%", start + 3)
        if end < 0:
            break  # no directive closes after here, so no later one does either
        parts += [text[position:start], "\n" * text.count("\n", start, end)]
        position = end + 3
    parts.append(text[position:])
    return "".join(parts)


def _front_matter(text: str, file: str, diagram: MermaidDiagram) -> str:
    """Read the ``---`` YAML block before ``journey`` (its title; config is ignored)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return text
    from .source import parse as parse_yaml

    # Padding keeps the YAML's own line numbers true to the file.
    data = parse_yaml("\n" + match.group(1), file).data
    if isinstance(data, dict) and data.get("title") is not None:
        diagram.front_matter_title = str(data["title"]).strip()
    return "\n" * match.group().count("\n") + text[match.end() :]


# All rules as one alternation: Python's regular expressions, like jison, take the first
# alternative that matches (not the longest), and every rule matches at least one
# character, so one search per token finds what trying the rules in order would.
_LEXER = re.compile(
    "|".join(
        f"(?P<r{i}>(?a:{pattern.pattern}))"
        if pattern.flags & re.ASCII
        else f"(?P<r{i}>{pattern.pattern})"
        for i, (_, pattern) in enumerate(_RULES)
    ),
    _FLAGS,
)
_KIND_OF_GROUP = {f"r{i}": kind for i, (kind, _) in enumerate(_RULES)}


# A line that is just a task, with none of the characters that start a comment or end a
# statement (% # ;): the rules above read it as whitespace, taskName and taskData, unless
# its name starts like a keyword.  Reading such lines in one step makes a file of 100,000
# tasks lex in a fraction of the time.
_TASK_LINE = re.compile(r"[ \t]*([^\s#:;%][^#:\n;%]*)(:[^#\n;%]+)(?=\n|\Z)")
_KEYWORD = re.compile(
    r"(?a:journey\b)|title\s|section\s|accTitle\s*:|accDescr\s*[:{]", re.IGNORECASE
)


def _lex(source: _Source) -> Iterator[_Token]:
    text, pos, end = source.text, 0, len(source.text)
    lexer, kinds, task_line, keyword = (
        _LEXER.match,
        _KIND_OF_GROUP,
        _TASK_LINE.match,
        _KEYWORD.match,
    )
    while pos < end:
        if pos == 0 or text[pos - 1] == "\n":
            line = task_line(text, pos)
            if line is not None and keyword(text, line.start(1)) is None:
                yield _Token("taskName", line.group(1), line.start(1))
                yield _Token("taskData", line.group(2), line.start(2))
                pos = line.end()
                continue
        match = lexer(text, pos)
        if match is None:
            yield _Token("INVALID", text[pos], pos)
            pos += 1
            continue
        kind = kinds[match.lastgroup or ""]
        if kind in ("acc_title", "acc_descr"):
            value = _REST_OF_LINE.match(text, match.end())
            assert value is not None  # matches the empty string at worst
            yield _Token(kind, value.group(), pos)
            pos = value.end()
        elif kind == "acc_descr_multiline":
            value = _UNTIL_BRACE.match(text, match.end())
            assert value is not None
            if value.end() >= len(text):
                yield _Token("UNCLOSED", "", pos)
                return
            yield _Token(kind, value.group(), pos)
            pos = value.end() + 1
        else:
            if kind is not None:
                yield _Token(kind, match.group(), pos)
            pos = match.end()


class _Parser:
    """Mermaid's grammar: ``journey`` then statements, one task = taskName taskData."""

    def __init__(self, source: _Source, diagram: MermaidDiagram) -> None:
        self.source = source
        self.diagram = diagram
        self.errors: list[Diagnostic] = []

    def run(self) -> None:
        tokens = list(_lex(self.source))
        index = self._skip_newlines(tokens, 0)
        if index >= len(tokens) or tokens[index].kind != "journey":
            offset = tokens[index].offset if index < len(tokens) else 0
            self.fail(offset, say("a Mermaid journey diagram starts with the keyword 'journey'"))
            raise LoadError(say("not a Mermaid journey diagram"), self.errors)
        index += 1
        while index < len(tokens):
            index = self.statement(tokens, index)
        if self.errors:
            raise LoadError(say("the Mermaid diagram cannot be read"), self.errors)

    @staticmethod
    def _skip_newlines(tokens: list[_Token], index: int) -> int:
        while index < len(tokens) and tokens[index].kind == "NEWLINE":
            index += 1
        return index

    def fail(self, offset: int, message: str) -> None:
        self.errors.append(self.source.diagnostic(offset, message))

    def statement(self, tokens: list[_Token], index: int) -> int:
        token = tokens[index]
        diagram = self.diagram
        if token.kind == "NEWLINE":
            pass
        elif token.kind == "title":
            diagram.title = _text(token.text[6:])
        elif token.kind == "acc_title":
            diagram.acc_title = _text(token.text)
        elif token.kind == "acc_descr":
            diagram.acc_descr = _text(token.text)
        elif token.kind == "acc_descr_multiline":
            diagram.acc_descr = re.sub(r"\n\s+", "\n", _decode(token.text.strip()))
        elif token.kind == "section":
            diagram.sections.append(_name(token.text[8:]))
        elif token.kind == "taskName":
            following = tokens[index + 1] if index + 1 < len(tokens) else None
            if following is None or following.kind != "taskData":
                self.fail(
                    token.offset,
                    say("a task needs a score after its name, as in 'Make tea: 5: Me'"),
                )
                return self._next_line(tokens, index)
            self.task(token, following)
            return index + 2
        elif token.kind == "UNCLOSED":
            self.fail(token.offset, say("'accDescr {' is never closed with '}'"))
        else:
            self.fail(token.offset, _unexpected(token))
            return self._next_line(tokens, index)
        return index + 1

    @staticmethod
    def _next_line(tokens: list[_Token], index: int) -> int:
        """Error recovery: go on with the next line, so every problem is reported at once."""
        index += 1
        while index < len(tokens) and tokens[index].kind != "NEWLINE":
            index += 1
        return index

    def task(self, name: _Token, data: _Token) -> None:
        # journeyDb.addTask: score = Number(piece 1), people = piece 2 split at commas.
        pieces = data.text[1:].split(":")
        score = _js_number(pieces[0])
        people = [_name(person) for person in pieces[1].split(",")] if len(pieces) > 1 else []
        if math.isnan(score):
            score_text = repr(pieces[0].strip())
            self.warn(
                data.offset,
                say("score %(score)s is not a number; no emotion set", score=score_text),
            )
        elif not 1 <= score <= 5:
            emotion = score_to_emotion(score)
            self.warn(
                data.offset,
                say(
                    "score %(score)s is outside Mermaid's 1–5; read as %(read)s (emotion "
                    "%(emotion)s)",
                    score=_plain_number(score),
                    read=_plain_number((emotion or 0) + 3),
                    emotion=_plain_number(emotion or 0),
                ),
            )
        if len(pieces) > 2:
            self.warn(data.offset, say("text after the second ':' is ignored, as Mermaid does"))
        diagram = self.diagram
        diagram.tasks.append(
            MermaidTask(
                section=diagram.sections[-1] if diagram.sections else "",
                task=_name(name.text),
                score=score,
                people=people,
                section_index=len(diagram.sections) - 1,
            )
        )

    def warn(self, offset: int, message: str) -> None:
        self.diagram.warnings.append(
            self.source.diagnostic(offset, say("warning: %(warning)s", warning=message))
        )


def _unexpected(token: _Token) -> str:
    if token.kind == "journey":
        return say("'journey' may appear only once, at the start")
    if token.kind in (":", "taskData"):
        return say("':' without a task name before it")
    return say("unexpected character %(char)s", char=repr(token.text))


def _decode(text: str) -> str:
    """Undo the entity protection: ``#35;`` and ``#quot;`` are characters in Mermaid labels."""
    if "\ue000" not in text:
        return text

    def character(match: re.Match[str]) -> str:
        code = match.group(1)
        if code.isdigit():
            if len(code) > 7:  # beyond the last character (0x10FFFF = 1114111)
                return f"#{code};"
            number = int(code)
            valid = 0 < number < 0x110000 and not 0xD800 <= number <= 0xDFFF  # no surrogates
            return chr(number) if valid else f"#{code};"
        decoded = html.unescape(f"&{code};")
        return f"#{code};" if decoded == f"&{code};" else decoded

    return _ENTITY_MARK.sub(character, text)


def _text(raw: str) -> str:
    return _decode(raw).strip()


def _name(raw: str) -> str:
    """A label: entities decoded, ``<br>`` as a space, trimmed, export's keyword guard removed."""
    text = _decode(raw)
    if "<" in text:
        text = _LINE_BREAK.sub(" ", text)
    text = text.strip()
    return text.removeprefix(KEYWORD_GUARD).strip()


def _js_number(text: str) -> float:
    """JavaScript's ``Number(text)``: blank is 0, anything but a numeric literal is NaN."""
    stripped = text.strip()
    if stripped.isascii() and stripped.isdigit():  # the common case; JavaScript's digits are ASCII
        return float(stripped)
    if not stripped:
        return 0.0
    if not _JS_NUMBER.fullmatch(stripped):
        return math.nan
    lowered = stripped.lower()
    for prefix, base in (("0x", 16), ("0b", 2), ("0o", 8)):
        if lowered.startswith(prefix):
            try:
                return float(int(lowered[2:], base))
            except OverflowError:  # JavaScript's Number() gives Infinity
                return math.inf
    return float(lowered.replace("infinity", "inf"))


# --------------------------------------------------------------------------- mapping


def _plain_number(value: float) -> str:
    """``9``, ``-3``, ``2.5``: a score as it is written (the sign of an emotion kept)."""
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    return str(int(value)) if value.is_integer() else f"{value:g}"


def score_to_emotion(score: float) -> float | None:
    """Mermaid's 1–5 score as journeymap's emotion ``score − 3`` in [-2, 2]."""
    if math.isnan(score):
        return None
    return round(min(2.0, max(-2.0, score - 3)), 6)


def to_data(
    diagram: MermaidDiagram, *, owner: str = "CX", name: str | None = None
) -> dict[str, Any]:
    """The journey a diagram describes, as the plain data of a journey file.

    It is valid by construction (slugified, unique ids; emotions clamped; ``owner``
    is CX or CS), so ``journeymap import mermaid`` writes it out without building
    the model first: for 100,000 tasks that saves more than a second.
    ``name`` (e.g. the file name) is the last resort for a title.
    """
    if owner not in OWNERS:
        raise ValueError(
            say(
                "owner must be one of %(owners)s, not %(owner)s",
                owners=", ".join(OWNERS),
                owner=repr(owner),
            )
        )
    title = (
        diagram.title
        or diagram.front_matter_title
        or diagram.acc_title
        or name
        or "Mermaid journey"
    )
    # Stages get the plainest ids first (a stage id that names a phase sets the phase).
    ids = UniqueIds()
    stages: list[dict[str, Any]] = [
        {"id": ids.new(section, "stage"), "name": section}
        if section
        else {"id": ids.new("", "stage")}
        for section in diagram.sections
    ]
    if any(task.section_index < 0 for task in diagram.tasks):
        stages.insert(0, {"id": ids.new("", "start")})
    offset = len(stages) - len(diagram.sections)
    touchpoint_ids = [ids.new(task.task, "touchpoint") for task in diagram.tasks]
    personas = [{"id": ids.new(actor, "persona"), "name": actor} for actor in diagram.actors()]
    persona_ids = {persona["name"]: persona["id"] for persona in personas}
    touchpoints = []
    for touchpoint_id, task in zip(touchpoint_ids, diagram.tasks, strict=True):
        touchpoint: dict[str, Any] = {
            "id": touchpoint_id,
            "name": task.task,
            "stage": stages[task.section_index + offset]["id"],
            "owner": owner,
        }
        people = list(dict.fromkeys(persona_ids[p] for p in task.people if p))
        if people:
            touchpoint["personas"] = people
        emotion = score_to_emotion(task.score)
        if emotion is not None:
            touchpoint["emotion"] = int(emotion) if emotion.is_integer() else emotion
        touchpoints.append(touchpoint)
    data: dict[str, Any] = {"journeymap": 1, "id": ids.new(title, "journey"), "title": title}
    if diagram.acc_descr:
        data["description"] = diagram.acc_descr
    for key, items in (("personas", personas), ("stages", stages), ("touchpoints", touchpoints)):
        if items:
            data[key] = items
    return data


def to_journey(diagram: MermaidDiagram, *, owner: str = "CX", name: str | None = None) -> Journey:
    """The journey a diagram describes (see :func:`to_data`)."""
    return _journey(to_data(diagram, owner=owner, name=name))


def _journey(data: dict[str, Any]) -> Journey:
    # Imported here: ``journeymap import mermaid`` writes the data without the model, and
    # need not spend a fifth of a second importing pydantic.
    from ..model.journey import Journey

    return Journey.model_validate(data)


def loads(
    text: str, *, file: str = "<string>", owner: str = "CX"
) -> tuple[Journey, list[Diagnostic]]:
    """Import Mermaid text: the journey and the warnings (lines Mermaid reads in its own odd way)."""
    data, warnings = loads_data(text, file=file, owner=owner)
    return _journey(data), warnings


def loads_data(
    text: str, *, file: str = "<string>", owner: str = "CX"
) -> tuple[dict[str, Any], list[Diagnostic]]:
    """Import Mermaid text as the plain data of a journey file, and the warnings."""
    diagram = parse(text, file)
    name = Path(file).stem if not file.startswith("<") else None
    return to_data(diagram, owner=owner, name=name), diagram.warnings


def load_data(path: str, *, owner: str = "CX") -> tuple[dict[str, Any], list[Diagnostic]]:
    """Import a ``.mmd`` file (``-`` reads stdin) as the plain data of a journey file."""
    from .source import read_text

    text, file = read_text(path)
    return loads_data(text, file=file, owner=owner)


def load(path: str, *, owner: str = "CX") -> tuple[Journey, list[Diagnostic]]:
    """Import a ``.mmd`` file (``-`` reads stdin)."""
    data, warnings = load_data(path, owner=owner)
    return _journey(data), warnings


# --------------------------------------------------------------------------- writing

# Look-alikes for what Mermaid cannot carry in a label.
_LABEL_LOOKALIKES = str.maketrans({":": "∶", ";": "；", "#": "＃", "\n": " ", "\r": " "})
_PERSON_LOOKALIKES = str.maketrans({",": "‚"})
_KEYWORD_START = re.compile(
    r"(journey\b|title\s|section\s|accTitle\s*[:{]|accDescr\s*[:{])", _FLAGS | re.ASCII
)


def mermaid_label(text: str) -> str:
    """``text`` as Mermaid can carry it in a title, section, task or person (look-alikes, one line)."""
    label = text.translate(_LABEL_LOOKALIKES)
    label = _LINE_BREAK.sub(lambda m: "‹" + m.group()[1:], label)  # would become a line break
    label = label.replace("%%", "%％").strip()  # '%%' starts a comment anywhere,
    if label.startswith("%"):  # and so does '%' at the start of a label
        label = "％" + label[1:]
    return KEYWORD_GUARD + label if _KEYWORD_START.match(label) else label


def emotion_to_score(emotion: float | None) -> str:
    """journeymap's emotion as a Mermaid score; no emotion is the neutral 3."""
    score = 3.0 if emotion is None else round(emotion + 3, 6)
    return str(int(score)) if score.is_integer() else f"{score:f}".rstrip("0")


def dumps(journey: Journey) -> str:
    """The journey as a Mermaid ``journey`` diagram (owners, channels, metrics and flows do not carry over)."""
    persona_names = {persona.id: persona.name for persona in journey.personas}
    header = text(
        journey.locale,
        "journeymap export of %(journey)s: owners, channels, metrics and flows are not shown",
        journey=journey.id,
    )
    lines = [f"%% {header}"]
    if journey.draws_blueprint():  # Mermaid's journey has no lanes for it: said, not lost
        lines.append(
            "%% "
            + text(
                journey.locale,
                "its service blueprint is not shown either: teams, systems, backstage steps, "
                "and the customer's actions, thoughts and evidence",
            )
        )
    lines.append("journey")
    lines.append(f"  title {mermaid_label(journey.title) or journey.id}")
    lines.extend(_description(journey.description or ""))
    by_stage, exported = journey.touchpoints_by_stage(), set()
    for stage in journey.stages:
        lines.append(f"  section {mermaid_label(stage.label) or stage.id}")
        # A stage id given twice (JM101) holds its touchpoints under its first section.
        touchpoints = [] if stage.id in exported else by_stage[stage.id]
        exported.add(stage.id)
        for tp in touchpoints:
            people = [
                mermaid_label(persona_names.get(p, p)).translate(_PERSON_LOOKALIKES)
                for p in tp.personas
            ]
            task = f"    {mermaid_label(tp.label) or tp.id}: {emotion_to_score(tp.emotion)}"
            people = list(dict.fromkeys(person for person in people if person))
            lines.append(f"{task}: {', '.join(people)}" if people else task)
    return "\n".join(lines) + "\n"


def _description(text: str) -> list[str]:
    """``accDescr``: one line, or a block whose lines Mermaid trims (so blank ones are left out)."""
    lines = [line.strip() for line in text.replace("#", "＃").replace("%%", "%％").splitlines()]
    lines = [line for line in lines if line]
    if len(lines) <= 1:
        return [f"  accDescr: {line}" for line in lines]
    return ["  accDescr {", *(f"    {line.replace('}', '｝')}" for line in lines), "  }"]


__all__ = [
    "MermaidDiagram",
    "MermaidTask",
    "dumps",
    "emotion_to_score",
    "load",
    "loads",
    "mermaid_label",
    "parse",
    "score_to_emotion",
    "slugify",
    "to_journey",
]
