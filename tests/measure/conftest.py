"""Fixtures shared by the tests of the data readers."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def queries(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The SQL of every scan the file reader runs, in order."""
    from journeymap.measure import files

    recorded: list[str] = []
    run = files.run_query

    def recording(connection: Any, sql: str, *args: Any) -> Any:
        recorded.append(sql)
        return run(connection, sql, *args)

    monkeypatch.setattr(files, "run_query", recording)
    return recorded
