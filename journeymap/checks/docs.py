"""The rules' documentation, made from their docstrings: ``check --explain`` and docs/rules*.md.

A docstring is written in English in *What it does* / *Why is this bad* / *Example*
form.  Its summary line and each prose paragraph are messages of the catalogs (a
paragraph's id is its text on one line, so rewrapping a docstring loses no
translation); code blocks are YAML and stay as written.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass

from ..i18n import N_, SEVERITY_NAMES, SOURCE_LANGUAGE, text, translations
from .codes import RULE_TITLES, RULES, Rule, all_rules

SECTIONS = (N_("What it does"), N_("Why is this bad"), N_("Example"))
WIDTH = 80
INDENT = "    "


@dataclass(frozen=True)
class Block:
    """A paragraph of prose (one line, a catalog message) or a fenced code block."""

    body: str
    code: bool = False


@dataclass(frozen=True)
class Section:
    heading: str
    blocks: tuple[Block, ...]


def sections(rule: Rule) -> tuple[Section, ...]:
    """The docstring after its summary line, cut into sections of prose and code blocks."""
    bodies: dict[str, list[str]] = {}
    lines = textwrap.dedent("\n".join(rule.doc.splitlines()[1:])).splitlines()
    for line in lines:
        if line.endswith(":") and line[:-1] in SECTIONS:
            body = bodies.setdefault(line[:-1], [])
        elif bodies:
            body.append(line)
    return tuple(
        Section(heading, tuple(_blocks(textwrap.dedent("\n".join(body)))))
        for heading, body in bodies.items()
    )


def _blocks(section: str) -> Iterator[Block]:
    prose: list[str] = []
    code: list[str] | None = None
    for line in section.splitlines():
        if code is not None:
            code.append(line)
            if line.strip() == "```":
                yield Block("\n".join(code), code=True)
                code = None
        elif line.strip().startswith("```"):
            if prose:
                yield Block(" ".join(prose))
            prose, code = [], [line]
        elif line.strip():
            prose.extend(line.split())
        elif prose:
            yield Block(" ".join(prose))
            prose = []
    if prose:
        yield Block(" ".join(prose))


def messages() -> Iterator[tuple[Rule, str]]:
    """Every piece of the rules' documentation that is translated, as the catalogs hold it:
    the prose, and the comments of the YAML examples (their YAML stays as written)."""
    for rule in all_rules():
        yield rule, _message_id(rule.summary)
        for section in sections(rule):
            for block in section.blocks:
                if not block.code:
                    yield rule, _message_id(block.body)
                for line in block.body.splitlines() if block.code else ():
                    if comment := _comment(line):
                        yield rule, _message_id(comment[1])


#: A YAML comment worth translating: one with words, not only a code (``# JM205``).
_COMMENT = re.compile(r"^(?P<code>(?:.*\s)?#\s?)(?P<comment>.*[a-z]{2}.*)$")


def _comment(line: str) -> tuple[str, str] | None:
    """``  - {id: x}   # JM104: nothing flows here`` → the code part and the comment."""
    found = _COMMENT.match(line)
    return (found["code"], found["comment"]) if found else None


def _code(lang: str, block: str) -> str:
    """A YAML example with its comments in ``lang``."""
    lines = []
    for line in block.splitlines():
        comment = _comment(line)
        lines.append(comment[0] + _prose(lang, comment[1]) if comment else line)
    return "\n".join(lines)


def _message_id(prose: str) -> str:
    # "5 % of the cases" reads to gettext tools as a %-format: the catalogs hold "%%".
    return prose.replace("%", "%%")


def _prose(lang: str, prose: str) -> str:
    return translations(lang).gettext(_message_id(prose)) % {}


def explain(code: str, lang: str = SOURCE_LANGUAGE) -> str:
    """One rule's documentation as ``check --explain`` prints it, in ``lang``."""
    rule = RULES[code.upper()]
    lines = [_heading(rule, lang), "", _prose(lang, rule.summary)]
    for section in sections(rule):
        lines += ["", text(lang, section.heading) + ":"]
        for block in section.blocks:
            if block.code:
                lines += textwrap.indent(_code(lang, block.body), INDENT).splitlines()
            else:
                lines += _wrapped(_prose(lang, block.body))
    return "\n".join(lines) + "\n"


def _heading(rule: Rule, lang: str) -> str:
    return text(
        lang,
        "%(code)s %(title)s (%(name)s; default severity: %(severity)s)",
        code=rule.code,
        title=text(lang, RULE_TITLES[rule.code]),
        name=rule.name,
        severity=text(lang, SEVERITY_NAMES[str(rule.severity)]),
    )


def _wrapped(paragraph: str) -> list[str]:
    """The paragraph in lines of 80, never broken inside a ``code`` span."""
    kept = re.sub(r"``[^`]+``", lambda code: code[0].replace(" ", _NO_BREAK), paragraph)
    lines = textwrap.wrap(
        kept,
        WIDTH,
        initial_indent=INDENT,
        subsequent_indent=INDENT,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return [line.replace(_NO_BREAK, " ") for line in lines]


_NO_BREAK = "\x00"


def reference(lang: str = SOURCE_LANGUAGE) -> str:
    """The rules reference (docs/rules.md, or docs/rules.LANG.md), from the docstrings."""
    lines = [
        "# " + text(lang, "Check rules"),
        "",
        text(
            lang,
            "Generated from the rules' docstrings and the catalogs by `%(command)s`; a test "
            "fails when this file is stale. Codes are stable and never reused. Change a rule's "
            "severity per journey with `checks: {JM205: off}` (off, info, warning, error).",
            command=" ".join(
                ["python -m journeymap.checks"]
                + ([] if lang == SOURCE_LANGUAGE else [lang])
                + [f"> docs/{reference_file(lang)}"]
            ),
        ),
        "",
        "| {} | {} | {} | {} |".format(
            text(lang, "code"),
            text(lang, "rule"),
            text(lang, "default severity"),
            text(lang, "what it reports"),
        ),
        "|---|---|---|---|",
    ]
    lines += [
        f"| [{r.code}](#{r.code.lower()}) | {_title(r, lang)} | "
        f"{text(lang, SEVERITY_NAMES[str(r.severity)])} | {_prose(lang, r.summary)} |"
        for r in all_rules()
    ]
    for rule in all_rules():
        lines += [
            "",
            f"## {rule.code}",
            "",
            f"**{_title(rule, lang)}** — {_prose(lang, rule.summary)}",
        ]
        for section in sections(rule):
            lines += ["", f"### {text(lang, section.heading)}"]
            for block in section.blocks:
                lines += ["", _code(lang, block.body) if block.code else _prose(lang, block.body)]
    return "\n".join(lines) + "\n"


def reference_file(lang: str) -> str:
    """docs/rules.md in English, docs/rules.nl.md in Dutch."""
    return "rules.md" if lang == SOURCE_LANGUAGE else f"rules.{lang}.md"


def _title(rule: Rule, lang: str) -> str:
    """``Geen klantenservice in de fase (`stage-without-cs`)``: the slug stays, for SARIF."""
    return f"{text(lang, RULE_TITLES[rule.code])} (`{rule.name}`)"
