"""Text findings, one per line as a linter prints them: ``FILE:LINE:COL: CODE [severity] message``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from ..findings import Finding, Severity


def emit(findings: Sequence[Finding]) -> str:
    # One finding per line, whatever text a message quotes.
    lines = [
        f"{f.where}: {f.code} [{f.severity}] {' '.join(f.message.splitlines())}" for f in findings
    ]
    lines.append(summary(findings))
    return "\n".join(lines) + "\n"


def summary(findings: Sequence[Finding]) -> str:
    """``Found 3 findings: 1 error, 2 warnings.`` or ``No findings.``"""
    if not findings:
        return "No findings."
    counts = Counter(f.severity for f in findings)
    parts = [
        f"{counts[s]} {s}{'' if counts[s] == 1 else 's'}"
        for s in sorted(counts, reverse=True)
        if isinstance(s, Severity)
    ]
    noun = "finding" if len(findings) == 1 else "findings"
    return f"Found {len(findings)} {noun}: {', '.join(parts)}."
