"""Atomic writes: a failed write leaves the previous file intact."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from journeymap.errors import OutputError
from journeymap.formats.output import atomic_write


def test_write_replaces_content_and_keeps_mode(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    target.chmod(0o640)
    atomic_write(str(target), "new ä")
    assert target.read_text(encoding="utf-8") == "new ä"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_failed_write_keeps_the_previous_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.txt"
    target.write_text("previous")

    def broken_replace(source: str, destination: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OutputError, match="the disk is full"):
        atomic_write(str(target), "new")
    assert target.read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_unwritable_folder_is_an_output_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError):
        atomic_write(str(tmp_path / "missing" / "out.txt"), "x")


def test_a_named_pipe_is_written_to_not_replaced(tmp_path: Path) -> None:
    # The same holds for devices: as root, a rename onto -o /dev/null replaced the device.
    import stat
    import threading

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    atomic_write(str(pipe), "digraph {}")
    reader.join(timeout=10)
    assert received == [b"digraph {}"]
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)
