"""Benchmarks share their medians, so that a benchmark can compare itself with a peer."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

_MEDIANS: dict[str, float] = {}


@pytest.fixture(scope="session")
def medians() -> Iterator[dict[str, float]]:
    """Median seconds of the benchmarks that ran so far, by name; printed at the end."""
    yield _MEDIANS
    if _MEDIANS:
        print("\nmedians (s):")
        for name, seconds in _MEDIANS.items():
            print(f"  {name:48s} {seconds:8.3f}")
