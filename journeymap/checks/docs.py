"""The rules' documentation, made from their docstrings: ``check --explain`` and docs/rules.md."""

from __future__ import annotations

import textwrap

from .codes import RULES, all_rules

SECTIONS = ("What it does", "Why is this bad", "Example")


def explain(code: str) -> str:
    """One rule's documentation as ``check --explain`` prints it."""
    rule = RULES[code.upper()]
    return f"{rule.code} {rule.name} (default severity: {rule.severity})\n\n{rule.doc}\n"


def reference() -> str:
    """The rules reference (docs/rules.md), generated from the rules' docstrings."""
    lines = [
        "# Check rules",
        "",
        "Generated from the rules' docstrings by `python -m journeymap.checks > docs/rules.md`;",
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
