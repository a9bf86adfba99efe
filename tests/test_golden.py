"""Renderers against their committed golden files (refresh them with scripts/update-golden)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.golden_files import golden_files
from tests.helpers import GOLDEN, ROOT

GOLDEN_FILES = golden_files()


@pytest.mark.parametrize(
    ("path", "make"),
    GOLDEN_FILES.items(),
    ids=[str(path.relative_to(GOLDEN)) for path in GOLDEN_FILES],
)
def test_output_matches_its_golden_file(path: Path, make: Callable[[], str]) -> None:
    assert path.exists(), f"{path} is missing: run scripts/update-golden"
    assert make() == path.read_text(encoding="utf-8"), (
        f"{path.relative_to(ROOT)} differs: review the change, then run scripts/update-golden"
    )


def test_every_file_in_the_golden_folder_is_made_by_the_code() -> None:
    on_disk = {path for path in GOLDEN.rglob("*") if path.is_file()}
    assert on_disk == set(GOLDEN_FILES)
