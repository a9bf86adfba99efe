"""GitHub Actions workflow commands: findings appear as annotations on the pull request."""

from __future__ import annotations

from collections.abc import Sequence

from ..findings import Finding, Severity

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def emit(findings: Sequence[Finding], lang: str = "en") -> str:
    lines = []
    for f in findings:
        properties = []
        if f.file:
            properties.append(f"file={_property(f.file)}")
        if f.line is not None:
            properties.append(f"line={f.line},col={f.column}")
        properties.append(f"title={_property(f'{f.code} {f.name}')}")
        lines.append(f"::{_COMMAND[f.severity]} {','.join(properties)}::{_data(f.message)}")
    return "".join(line + "\n" for line in lines)
