"""The project's own files: pinned versions, and the import contract of the architecture."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.helpers import ROOT


def pinned_versions() -> dict[str, str]:
    lines = (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()
    pins = [Requirement(line) for line in lines if line and not line.startswith("#")]
    return {canonicalize_name(pin.name): str(pin.specifier).removeprefix("==") for pin in pins}


def test_every_dependency_is_pinned_within_its_range() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    # The extras the tests install (dev names them, as journeymap[...]) and dev itself.
    tested = [Requirement(r).extras for r in extras["dev"] if Requirement(r).name == "journeymap"]
    wanted = project["dependencies"] + [r for extra in (*tested[0], "dev") for r in extras[extra]]
    pins = pinned_versions()
    for requirement in map(Requirement, wanted):
        name = canonicalize_name(requirement.name)
        if name == "journeymap":
            continue
        assert name in pins, f"{name} is not pinned in constraints.txt"
        assert requirement.specifier.contains(pins[name]), f"{name}=={pins[name]} vs {requirement}"


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """import-linter's contracts (pyproject.toml) checked on the package copy under ``root``."""
    environment = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [
            str(Path(sys.executable).parent / "lint-imports"),
            "--config",
            str(root / "pyproject.toml"),
            "--no-cache",
        ],
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def package_copy(tmp_path: Path) -> Path:
    shutil.copytree(
        ROOT / "journeymap",
        tmp_path / "journeymap",
        ignore=shutil.ignore_patterns("__pycache__", "fonts"),
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_imports_run_one_way(package_copy: Path) -> None:
    result = lint_imports(package_copy)
    assert result.returncode == 0, result.stdout
    assert "Contracts: 2 kept, 0 broken." in result.stdout


@pytest.mark.parametrize(
    ("module", "added"),
    [
        ("model/metrics.py", "from ..renderers import dot\n"),
        ("model/journey.py", "\n\ndef _sneaky() -> None:\n    from ..checks import runner\n"),
        ("formats/loader.py", "\n\ndef _sneaky() -> None:\n    from ..app import pipeline\n"),
        ("errors.py", "\n\ndef _sneaky() -> None:\n    from .model import journey\n"),
    ],
)
def test_an_import_up_the_pipeline_breaks_the_contract(
    package_copy: Path, module: str, added: str
) -> None:
    path = package_copy / "journeymap" / module
    path.write_text(path.read_text(encoding="utf-8") + added, encoding="utf-8")
    result = lint_imports(package_copy)
    assert result.returncode == 1 and "1 broken" in result.stdout, result.stdout
