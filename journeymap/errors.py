"""The one exception hierarchy of journeymap.

Every error a user can cause carries where it happened, so the command line can
print ``FILE:LINE:COL: message`` lines instead of a traceback.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem at one place in an input file (line and column are 1-based)."""

    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class JourneymapError(Exception):
    """Base class of every error journeymap raises on purpose."""

    def __init__(self, message: str, diagnostics: list[Diagnostic] | None = None) -> None:
        super().__init__(message)
        self.diagnostics: list[Diagnostic] = list(diagnostics or [])

    def __str__(self) -> str:
        return "\n".join(self.lines())

    def lines(self) -> list[str]:
        """The error as the lines the command line prints, one per problem."""
        if self.diagnostics:
            return [str(d) for d in self.diagnostics]
        return str(self.args[0]).splitlines() if self.args else [type(self).__name__]

    @staticmethod
    def combine(errors: Sequence[JourneymapError]) -> JourneymapError:
        """One error that says every problem of ``errors``, in order (files read in one
        run are reported all at once)."""
        if len(errors) == 1:
            return errors[0]
        if all(error.diagnostics for error in errors):
            first = errors[0]
            return type(first)(str(first.args[0]), [d for e in errors for d in e.diagnostics])
        return JourneymapError("\n".join(line for error in errors for line in error.lines()))


class LoadError(JourneymapError):
    """A journey file cannot be read, parsed or validated."""

    @classmethod
    def at(cls, file: str, line: int, column: int, message: str) -> LoadError:
        return cls(message, [Diagnostic(file, line, column, message)])


class ConfigError(JourneymapError):
    """An option or setting is wrong (bad check code, unknown language, …)."""


class OutputError(JourneymapError):
    """An output cannot be produced or written."""


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate most like ``word``, for "did you mean" hints; None when none is close."""
    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else None
