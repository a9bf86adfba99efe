"""Fixtures shared by the tests of the data readers."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def queries(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The SQL of every scan the file reader runs, in order."""
    from journeymap.measure import readers

    recorded: list[str] = []
    run = readers._run

    def recording(connection: Any, sql: str, *args: Any) -> Any:
        recorded.append(sql)
        return run(connection, sql, *args)

    monkeypatch.setattr(readers, "_run", recording)
    return recorded
