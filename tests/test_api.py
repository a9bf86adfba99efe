"""The lazy public API of the package root, and its notebook display."""

import importlib
import json
import pkgutil
import sys
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import journeymap as jm
from tests.helpers import FIXTURES, MINIMAL, ROOT

PERMIT = ROOT / "examples" / "vergunning-ontvangst.yaml"
PERMIT_EVENTS = ROOT / "examples" / "data" / "vergunning-ontvangst-events.parquet"


def test_every_export_stays_the_api_object_after_all_submodules_are_imported() -> None:
    # Importing a submodule binds its name on the package; a submodule named like an
    # exported function (``journeymap.report`` vs ``jm.report``) would shadow it.
    for module in pkgutil.walk_packages(jm.__path__, "journeymap."):
        if module.name.endswith("__main__"):
            continue
        importlib.import_module(module.name)
    for name in jm.__all__:
        if name == "mermaid":  # a module of the API by design: jm.mermaid.loads(text)
            continue
        value = getattr(jm, name)
        assert not isinstance(value, types.ModuleType) or callable(value), name


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


def test_the_readmes_python_block_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("```python\n", 1)[1].split("```", 1)[0]
    for name in ("examples", "tests"):
        (tmp_path / name).symlink_to(ROOT / name)
    monkeypatch.chdir(tmp_path)
    scope: dict[str, Any] = {}
    exec(compile(block, "README.md", "exec"), scope)  # our own README
    assert (tmp_path / "copy.yaml").exists()
    assert scope["measured"].summary.journey["csat"].n > 0
    assert scope["again"].stages and "<html" in scope["html"]
    assert any(f.code == "JM401" for f in scope["judged"].findings)


def test_measure_over_objects_gives_what_the_metrics_command_prints(cli: Any) -> None:
    data = FIXTURES / "data"
    journey = jm.load(data / "journey.yaml")
    measured = jm.measure(
        journey, responses=[str(data / "responses.csv")], tickets=[str(data / "tickets.csv")]
    )
    printed = cli(
        "metrics", data / "journey.yaml", "--format", "json",
        "--responses", data / "responses.csv", "--tickets", data / "tickets.csv",
    )  # fmt: skip
    assert json.loads(printed.stdout) == measured.summary.to_dict()
    checkout = next(tp for tp in measured.journey.touchpoints if tp.id == "checkout")
    assert checkout.metrics["csat"].n == measured.summary.touchpoints["checkout"]["csat"].n
    # The original is left as it was: measuring makes a copy.
    assert journey.model_dump() == jm.load(data / "journey.yaml").model_dump()


def test_paths_discover_and_diff_over_objects_match_the_commands(cli: Any) -> None:
    journey = jm.load(PERMIT)
    observed = jm.paths(journey, str(PERMIT_EVENTS))
    printed = cli("paths", PERMIT, "--events", PERMIT_EVENTS, "--format", "json")
    assert json.loads(printed.stdout) == observed.to_dict()
    assert "JM401" in {f.code for f in jm.assess(journey, observed=observed).findings}
    draft = jm.discover(str(PERMIT_EVENTS), lang="nl")
    assert isinstance(draft, jm.Journey) and draft.locale == "nl" and draft.touchpoints
    assert not [f for f in jm.check(draft) if f.code in ("JM104", "JM105")]
    future = jm.load(ROOT / "examples" / "saas-onboarding-future.yaml")
    changes = jm.diff(jm.load(ROOT / "examples" / "saas-onboarding.yaml"), future)
    assert ("touchpoint-added", "setup-concierge") in {(c.kind, c.subject) for c in changes}


def test_mermaid_over_objects() -> None:
    journey = jm.load(ROOT / "examples" / "online-shop.yaml")
    text = jm.mermaid.dumps(journey)
    again, warnings = jm.mermaid.loads(text)
    assert warnings == [] and [s.name for s in again.stages] == [s.name for s in journey.stages]


def test_measure_answers_calls_after_its_submodules_are_imported() -> None:
    importlib.import_module("journeymap.measure.readers")
    assert callable(jm.measure) and jm.measure.__name__ == "journeymap.measure"
    assert jm.measure.readers.read_data is not None  # and it is still the package
