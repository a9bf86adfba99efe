"""The progress bar the command line draws on a terminal while a data file is read."""

from __future__ import annotations

import os
import sys
from typing import TextIO


class TerminalProgress:
    """``survey.csv [#########.....................]  30.0%`` on one line, redrawn in place
    and wiped when the query ends (a :class:`journeymap.measure.progress.Progress`)."""

    WIDTH = 30

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr

    def show(self, label: str, percent: float) -> None:
        done = max(0.0, min(percent, 100.0)) if percent >= 0 else 0.0
        filled = int(done / 100 * self.WIDTH)
        bar = "#" * filled + "." * (self.WIDTH - filled)
        self.stream.write(f"\r{os.path.basename(label)} [{bar}] {done:5.1f}%")

    def clear(self) -> None:
        self.stream.write("\r\x1b[K")


def terminal_progress() -> TerminalProgress | None:
    """A progress bar when standard error is a terminal; else none (a pipe, a log file)."""
    return TerminalProgress() if sys.stderr.isatty() else None
