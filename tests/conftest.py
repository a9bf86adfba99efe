"""Shared fixtures; benchmarks under tests/benchmarks run only with --run-benchmarks.

A test that needs a real browser, PostgreSQL server or Spark session is marked so by
the fixture it uses (``browser``, ``postgres``, ``spark``), so that ``./run-tests --fast``
can leave those out with ``-m "not browser and not postgres and not spark"``.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner, Result

from tests.helpers import CHROMIUM, CHROMIUM_ARGS

if TYPE_CHECKING:
    from playwright.sync_api import Browser

# Messages tied to no journey follow the environment's language: the tests expect English,
# whatever the machine running them speaks (subprocesses inherit this too).
for _variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
    os.environ.pop(_variable, None)
os.environ["LANG"] = "C.UTF-8"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--run-benchmarks", action="store_true", help="run tests/benchmarks")


#: The fixtures that start a real service, by the mark their tests get.
SERVICES = ("browser", "postgres", "spark")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        for service in SERVICES:
            if service in getattr(item, "fixturenames", ()):
                item.add_marker(service)
    if config.getoption("--run-benchmarks"):
        return
    skip = pytest.mark.skip(reason="benchmark: run with ./run-benchmarks")
    for item in items:
        if "benchmarks" in item.path.parts:
            item.add_marker(skip)


@pytest.fixture
def write_journey(tmp_path: Path) -> Callable[..., Path]:
    """Write dedented journey text to a file and return its path."""

    def write(text: str, name: str = "journey.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write


@pytest.fixture
def cli() -> Callable[..., Result]:
    """Run the journeymap command line in-process."""
    from journeymap.app.cli import main

    def run(*args: str, input: str | None = None) -> Result:
        return CliRunner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)

    return run


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """A headless Chromium for the report and live-preview tests."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "./run-tests installs Debian's chromium; tests need it"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def _postgres_binaries() -> Path | None:
    on_path = shutil.which("pg_ctl")
    if on_path:
        return Path(on_path).resolve().parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    return versions[-1].parent if versions else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def postgres() -> Iterator[str]:
    """A PostgreSQL server of its own on 127.0.0.1, in a temporary folder, stopped after."""
    binaries = _postgres_binaries()
    if binaries is None:
        pytest.skip("PostgreSQL is not installed (./run-tests installs Debian's postgresql)")
    pytest.importorskip("psycopg", reason="journeymap[postgres] is not installed")
    # Not under pytest's folder, which the server's own user may not enter.
    folder = Path(tempfile.mkdtemp(prefix="journeymap-postgres-"))
    data = folder / "data"
    run_as: list[str] = []
    if os.geteuid() == 0:  # the server refuses to run as root
        run_as = ["runuser", "-u", "postgres", "--"]
        shutil.chown(folder, "postgres")
    port = _free_port()
    subprocess.run(
        [*run_as, str(binaries / "initdb"), "-D", str(data), "-U", "journeymap", "-A", "trust"],
        check=True,
        capture_output=True,
        timeout=120,
    )
    options = f"-p {port} -h 127.0.0.1 -k {folder}"
    if (binaries.parent / "lib" / "pg_stat_statements.so").exists():  # postgresql-contrib
        # What each statement returned, for the test that only figures come back.
        options += " -c shared_preload_libraries=pg_stat_statements"
    # The server's output goes to a log file: a pipe would stay open as long as it runs.
    log = folder / "server.log"
    start = [*run_as, str(binaries / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log)]
    subprocess.run(
        [*start, "-w", "start"],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=120,
    )
    try:
        yield f"postgres://journeymap@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [*run_as, str(binaries / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=120,
        )
        shutil.rmtree(folder, ignore_errors=True)
