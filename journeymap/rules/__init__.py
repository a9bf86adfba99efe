"""The check rules: one registry of stable ``JMnnn`` codes, one small function per rule.

A rule is a function ``(CheckContext) -> Iterable[Hit]`` registered with
:func:`rule`.  Its docstring has the sections *What it does*, *Why is this bad*
and *Example*; ``docs/rules.md`` and ``journeymap check --explain`` are made
from them.  Rules never raise and never change the journey: they only report.
"""

from __future__ import annotations

import functools
import inspect
import textwrap
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import closest
from ..findings import Severity

if TYPE_CHECKING:
    import networkx

    from ..model import Journey, Touchpoint
    from ..source import Path


@dataclass(frozen=True)
class Hit:
    """What a rule found: the element's path in the file, its id, and a one-line message."""

    path: Path
    subject: str
    message: str


RuleFunction = Callable[["CheckContext"], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    function: RuleFunction

    @property
    def doc(self) -> str:
        return inspect.getdoc(self.function) or ""

    @property
    def summary(self) -> str:
        return self.doc.splitlines()[0] if self.doc else ""


RULES: dict[str, Rule] = {}


def rule(code: str, name: str, severity: Severity) -> Callable[[RuleFunction], RuleFunction]:
    """Register a rule under a stable code (codes are never reused)."""

    def register(function: RuleFunction) -> RuleFunction:
        if code in RULES:
            raise RuntimeError(f"rule code {code} registered twice")
        RULES[code] = Rule(code, name, severity, function)
        return function

    return register


class CheckContext:
    """What every rule needs, computed once per check run."""

    def __init__(self, journey: Journey) -> None:
        self.journey = journey
        self.stage_index = journey.stage_index()
        self.touchpoints = journey.touchpoint_map()
        self.by_stage = journey.touchpoints_by_stage()
        self.metric_definitions = journey.metric_definitions()
        self._touchpoint_index = {id(tp): i for i, tp in enumerate(journey.touchpoints)}

    @functools.cached_property
    def graph(self) -> networkx.DiGraph:
        return self.journey.graph

    def touchpoint_path(self, touchpoint: Touchpoint, *rest: str | int) -> Path:
        """The path of a touchpoint in the file."""
        return ("touchpoints", self._touchpoint_index[id(touchpoint)], *rest)

    def stage_path(self, stage_id: str, *rest: str | int) -> Path:
        return ("stages", self.stage_index[stage_id], *rest)


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """`` Did you mean 'x'?`` when a candidate is close to ``word``, else an empty string."""
    match = closest(word, candidates)
    return f" Did you mean {match!r}?" if match else ""


def all_rules() -> list[Rule]:
    """Every registered rule, in code order."""
    return [RULES[code] for code in sorted(RULES)]


def explain(code: str) -> str:
    """One rule's documentation as ``check --explain`` prints it."""
    rule = RULES[code.upper()]
    return f"{rule.code} {rule.name} (default severity: {rule.severity})\n\n{rule.doc}\n"


def reference() -> str:
    """The rules reference (docs/rules.md), generated from the rules' docstrings."""
    lines = [
        "# Check rules",
        "",
        "Generated from the rules' docstrings by `python -m journeymap.rules > docs/rules.md`;",
        "a test fails when this file is stale. Codes are stable and never reused.",
        "Change a rule's severity per journey with `checks: {JM205: off}` (off, info, warning, error).",
        "",
        "| code | name | default severity | what it reports |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| [{r.code}](#{r.code.lower()}) | {r.name} | {r.severity} | {r.summary} |"
        for r in all_rules()
    ]
    for r in all_rules():
        lines += [
            "",
            f"## {r.code}",
            "",
            f"**{r.name}** — {r.summary} Default severity: {r.severity}.",
        ]
        lines += _markdown_sections(r.doc)
    return "\n".join(lines) + "\n"


SECTIONS = ("What it does", "Why is this bad", "Example")


def _markdown_sections(doc: str) -> list[str]:
    """The docstring's indented sections as Markdown headings with dedented text."""
    lines: list[str] = []
    block: list[str] = []

    def flush() -> None:
        if block:
            lines.extend(["", textwrap.dedent("\n".join(block)).strip()])
            block.clear()

    for line in doc.splitlines()[1:]:
        if line.rstrip(":") in SECTIONS and line.endswith(":"):
            flush()
            lines.extend(["", f"### {line.rstrip(':')}"])
        elif lines:
            block.append(line)
    flush()
    return lines


# Importing the rule modules registers their rules.
from . import coverage, metrics, structure  # noqa: E402, F401
