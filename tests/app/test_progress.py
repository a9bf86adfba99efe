"""The progress bar the command line draws on a terminal."""

from __future__ import annotations

import io

import pytest

from journeymap.app.progress import TerminalProgress, terminal_progress


def test_the_bar_is_drawn_in_place_and_wiped() -> None:
    stream = io.StringIO()
    bar = TerminalProgress(stream)
    bar.show("/data/tickets.parquet", 50.0)
    bar.show("/data/tickets.parquet", -1)  # DuckDB has no estimate yet
    bar.clear()
    assert stream.getvalue() == (
        "\rtickets.parquet [###############...............]  50.0%"
        "\rtickets.parquet [..............................]   0.0%"
        "\r\x1b[K"
    )


def test_only_a_terminal_gets_a_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stderr", io.StringIO())
    assert terminal_progress() is None
