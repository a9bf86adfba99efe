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


# --------------------------------------------------------------------------- module shape

PACKAGE = ROOT / "journeymap"
#: The most lines a module may have: past it, a module holds more than one concern.
MAX_MODULE_LINES = 800


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _runtime_imports(path: Path) -> set[str]:
    """The journeymap modules ``path`` imports when it runs, at the top or inside a function
    (imports under ``if TYPE_CHECKING:`` are for the type checker only)."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = (
        _module_name(path) if path.name == "__init__.py" else _module_name(path).rpartition(".")[0]
    )
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if _exists(candidate) else base)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return {name for name in found if name.startswith("journeymap") and _exists(name)}


def _exists(module: str) -> bool:
    relative = Path(*module.split("."))
    return (ROOT / relative).with_suffix(".py").exists() or (
        ROOT / relative / "__init__.py"
    ).exists()


def test_no_module_is_longer_than_it_can_stay_about_one_thing() -> None:
    long = {
        str(path.relative_to(ROOT)): lines
        for path in PACKAGE.rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def test_no_modules_import_each_other() -> None:
    """Within a layer as between layers, imports run one way: no module imports, even
    inside a function, a module that imports it back (directly or round a loop)."""
    import networkx

    graph = networkx.DiGraph()
    for path in PACKAGE.rglob("*.py"):
        for imported in _runtime_imports(path):
            # A package's own __init__ runs before its modules: not a loop through them.
            if not _module_name(path).startswith(imported + ".") or imported == _module_name(path):
                graph.add_edge(_module_name(path), imported)
    loops = [cycle for cycle in networkx.simple_cycles(graph) if len(cycle) > 1]
    assert loops == []


def test_the_loop_finder_sees_imports_inside_functions() -> None:
    module = PACKAGE / "measure" / "readers.py"
    assert "journeymap.measure.files" in _runtime_imports(module)
    assert "journeymap.measure.tables" in _runtime_imports(module)  # imported in a function
