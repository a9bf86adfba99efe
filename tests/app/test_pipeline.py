"""The application pipeline that the command line and the preview share."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from journeymap.app import pipeline
from journeymap.app.pipeline import DataSources
from journeymap.errors import JourneymapError
from tests.helpers import FIXTURES, SHOP

DATA = FIXTURES / "data"
JOURNEY = str(DATA / "journey.yaml")
RESPONSES, TICKETS = str(DATA / "responses.csv"), str(DATA / "tickets.csv")


def bad_responses(tmp_path: Path) -> str:
    path = tmp_path / "bad.csv"
    path.write_text("touchpoint,metric,score\ncheckout,nps,11\ncheckout,nps,10\n", encoding="utf-8")
    return str(path)


def test_without_data_the_journey_is_loaded_as_typed() -> None:
    loaded = pipeline.load_journey(JOURNEY)
    assert (
        loaded.warnings == []
        and loaded.assessed.measured == {}
        and loaded.assessed.source is not None
    )


def test_with_data_the_values_are_measured_and_skipped_rows_are_a_warning(tmp_path: Path) -> None:
    data = DataSources((bad_responses(tmp_path),), (), skip_invalid=True)
    loaded = pipeline.load_journey(JOURNEY, data)
    assert loaded.warnings == ["skipped 1 unusable data row"]
    assert loaded.assessed.measured["checkout"]["nps"].n == 1


def test_bad_data_without_skipping_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(JourneymapError, match="score 11 is outside the NPS scale"):
        pipeline.load_journey(JOURNEY, DataSources((bad_responses(tmp_path),)))


def test_check_files_decides_the_exit_code(tmp_path: Path) -> None:
    clean = pipeline.check_files([str(FIXTURES / "rules" / "clean.yaml")])
    assert (clean.findings, clean.exit_code(), clean.exit_code(strict=True)) == ([], 0, 0)
    warned = pipeline.check_files([str(FIXTURES / "rules" / "JM103.yaml")])
    assert (warned.exit_code(), warned.exit_code(strict=True)) == (0, 1)
    failed = pipeline.check_files([str(FIXTURES / "rules" / "JM201.yaml")])
    assert failed.exit_code() == 1
    missing = pipeline.check_files([str(SHOP), str(tmp_path / "missing.yaml")])
    assert missing.checked == 1 and missing.exit_code() == 2
    assert missing.load_errors[0].endswith(
        "missing.yaml:1:1: cannot read the file: no such file or folder"
    )


def test_check_files_runs_the_data_and_reports_its_warnings(tmp_path: Path) -> None:
    data = DataSources((bad_responses(tmp_path),), (), skip_invalid=True)
    run = pipeline.check_files([JOURNEY, JOURNEY], data)
    assert run.warnings == ["skipped 1 unusable data row"] * 2 and len(run.summaries()) == 2


def test_report_with_compare_carries_the_warnings_of_both_journeys(tmp_path: Path) -> None:
    data = DataSources((bad_responses(tmp_path),), (), skip_invalid=True)
    output = pipeline.build_report(JOURNEY, data, compare=JOURNEY, engine="system")
    assert isinstance(output.content, str) and output.content.startswith("<!DOCTYPE html>")
    assert output.warnings == ["skipped 1 unusable data row"] * 2


def test_serves_rebuild_reads_the_journey_with_the_cycle_collector_paused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """serve keeps its collector on (it runs for hours); a rebuild reads and writes
    hundreds of thousands of objects without a cycle, so it pauses it meanwhile."""
    import gc

    seen: list[bool] = []
    load = pipeline.load_journey

    def loading(*args: object, **kwargs: object) -> pipeline.Loaded:
        seen.append(gc.isenabled())
        return load(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "load_journey", loading)
    pipeline.build_report(str(SHOP))
    assert seen == [False] and gc.isenabled()


def test_every_output_of_the_pipeline(tmp_path: Path) -> None:
    data = DataSources((RESPONSES,), (TICKETS,))
    (drawing,) = pipeline.render_diagram(JOURNEY, "dot", data)
    assert drawing.content.startswith(b"digraph")
    table = pipeline.metrics_report(JOURNEY, data, as_json=False)
    assert str(table.content).startswith("scope") and table.warnings == []
    same, changed = pipeline.compare_files(JOURNEY, JOURNEY, as_json=True)
    assert (changed, same.warnings, json.loads(str(same.content))["changes"]) == (False, [], [])
    exported = pipeline.export_mermaid(str(SHOP)).content
    assert "\njourney\n" in str(exported)
    imported = pipeline.import_mermaid(
        str(FIXTURES / "mermaid" / "journey-01.mmd"), owner="CX", as_json=True
    )
    assert str(imported.content).startswith("{")


def test_a_rebuild_frees_the_journey_it_read_before_the_collector_resumes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """serve rebuilds with the collector on: the first pass after the pause walks every
    object still alive that the rebuild made, so nothing of the journey may be left."""
    import gc
    import weakref

    from journeymap.renderers import html

    read: list[weakref.ref[object]] = []
    alive_when_resumed: list[bool] = []
    report, enable = html.report, gc.enable

    def reading(assessed: object, *args: object, **kwargs: object) -> str:
        read.append(weakref.ref(assessed))
        return report(assessed, *args, **kwargs)  # type: ignore[arg-type]

    def resumed() -> None:
        alive_when_resumed.append(bool(read) and read[0]() is not None)
        enable()

    monkeypatch.setattr(html, "report", reading)
    monkeypatch.setattr(gc, "enable", resumed)
    assert gc.isenabled()
    pipeline.build_report(str(SHOP), engine="embedded")
    assert alive_when_resumed == [False]
