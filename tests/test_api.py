"""The lazy public API of the package root, and its notebook display."""

import importlib
import pkgutil
import sys
import types
from collections.abc import Callable
from typing import Any

import pytest

import journeymap as jm
from tests.helpers import MINIMAL


def test_every_export_stays_the_api_object_after_all_submodules_are_imported() -> None:
    # Importing a submodule binds its name on the package; a submodule named like an
    # exported function (``journeymap.report`` vs ``jm.report``) would shadow it.
    for module in pkgutil.walk_packages(jm.__path__, "journeymap."):
        if module.name.endswith("__main__"):
            continue
        importlib.import_module(module.name)
    for name in jm.__all__:
        assert not isinstance(getattr(jm, name), types.ModuleType), name


def test_unknown_attribute_raises_attribute_error() -> None:
    try:
        jm.no_such_thing  # noqa: B018
    except AttributeError as error:
        assert "no_such_thing" in str(error)
    else:
        raise AssertionError("expected AttributeError")


class _Formatter:
    def __init__(self) -> None:
        self.registered: dict[tuple[str, str], Callable[[Any], str]] = {}

    def for_type_by_name(self, module: str, name: str, function: Callable[[Any], str]) -> None:
        self.registered[(module, name)] = function


def test_in_jupyter_a_journey_displays_as_its_diagram(monkeypatch: pytest.MonkeyPatch) -> None:
    formatter = _Formatter()
    shell = types.SimpleNamespace(
        display_formatter=types.SimpleNamespace(formatters={"image/svg+xml": formatter})
    )
    fake_ipython = types.ModuleType("IPython")
    fake_ipython.get_ipython = lambda: shell  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "IPython", fake_ipython)
    jm._register_notebook_display()
    display = formatter.registered[("journeymap.model.journey", "Journey")]
    assert type(jm.loads(MINIMAL)).__module__ == "journeymap.model.journey"
    svg = display(jm.loads(MINIMAL))
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg


def test_outside_jupyter_nothing_is_registered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "IPython", raising=False)
    jm._register_notebook_display()  # no IPython: nothing to do, and nothing imported
    assert "IPython" not in sys.modules
