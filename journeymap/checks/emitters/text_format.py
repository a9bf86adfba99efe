"""Text findings, one per line as a linter prints them: ``FILE:LINE:COL: CODE [severity] message``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from ...i18n import SEVERITY_NAMES, plural, text
from ..findings import Finding, Severity


def emit(findings: Sequence[Finding], lang: str = "en") -> str:
    # One finding per line, whatever text a message quotes.
    lines = [
        f"{f.where}: {f.code} [{text(lang, SEVERITY_NAMES[str(f.severity)])}] "
        + " ".join(f.message.splitlines())
        for f in findings
    ]
    lines.append(summary(findings, lang))
    return "\n".join(lines) + "\n"


def summary(findings: Sequence[Finding], lang: str = "en") -> str:
    """``Found 3 findings: 1 error, 2 warnings.`` or ``No findings.``"""
    if not findings:
        return text(lang, "No findings.")
    counts = Counter(f.severity for f in findings)
    parts = [_count(severity, counts[severity], lang) for severity in sorted(counts, reverse=True)]
    return plural(
        lang,
        "Found %(count)s finding: %(counts)s.",
        "Found %(count)s findings: %(counts)s.",
        len(findings),
        counts=", ".join(parts),
    )


def _count(severity: Severity, count: int, lang: str) -> str:
    if severity is Severity.ERROR:
        return plural(lang, "%(count)s error", "%(count)s errors", count)
    if severity is Severity.WARNING:
        return plural(lang, "%(count)s warning", "%(count)s warnings", count)
    return plural(lang, "%(count)s info", "%(count)s infos", count)
