"""Findings: what the checks report, with the position of the element they are about."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any


class Severity(enum.IntEnum):
    """How much a finding matters; ordered so that ``ERROR > WARNING > INFO``."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        return cls[text.upper()]


@dataclass(frozen=True)
class Finding:
    """One result of one rule about one element of a journey."""

    code: str
    name: str
    severity: Severity
    message: str
    subject: str
    file: str | None
    line: int | None
    column: int | None
    concern: str = ""  # the metric or flow target it is about, where the element has several

    def sort_key(self) -> tuple[str, int, int, str, str, str]:
        return (
            self.file or "",
            self.line or 0,
            self.column or 0,
            self.code,
            self.subject,
            self.concern,
        )

    @property
    def identity(self) -> tuple[str, str, str]:
        """What makes two findings the same one across versions of a journey (``diff``,
        ``report --compare``): the rule, the element and the metric or flow target."""
        return (self.code, self.subject, self.concern)

    @property
    def where(self) -> str:
        """``FILE:LINE:COL`` (or just the file, or ``<python>``, when positions are unknown)."""
        file = self.file or "<python>"
        if self.line is None:
            return file
        return f"{file}:{self.line}:{self.column}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "severity": str(self.severity),
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "subject": self.subject,
            "concern": self.concern or None,
        }
