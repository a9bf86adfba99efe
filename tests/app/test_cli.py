"""The command line: exit codes, output formats, help texts."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from click.testing import Result

import journeymap as jm
from tests.helpers import EXAMPLES, FIXTURES, ROOT, SHOP, serving

Cli = Callable[..., Result]
TELECOM = ROOT / "examples" / "telecom-contract.yaml"

BROKEN_REFERENCES = """
journeymap: 1
id: broken
title: Broken
stages:
  - {id: awareness, name: Awareness}
touchpoints:
  - {id: ad, stage: awareness, owner: CX, metrics: {csat: 80}}
  - {id: post, stage: awarenes, owner: CX}
  - {id: ad, stage: awareness, owner: CX}
"""


def test_examples_check_exit_0(cli: Cli) -> None:
    result = cli("check", *EXAMPLES)
    assert result.exit_code == 0, result.output


def test_dangling_stage_and_duplicate_id_exit_1_with_lines(
    cli: Cli, write_journey: Callable[..., Path]
) -> None:
    path = write_journey(BROKEN_REFERENCES)
    result = cli("check", path)
    assert result.exit_code == 1
    assert f"{path}:8:16: JM102 [error]" in result.stdout
    assert f"{path}:9:6: JM101 [error]" in result.stdout


def test_yaml_syntax_error_exits_2_with_the_line(
    cli: Cli, write_journey: Callable[..., Path]
) -> None:
    path = write_journey("journeymap: 1\nid: x\ntitle: t\nstages:\n  - id: a\n   name: b\n")
    result = cli("check", path)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{path}:6:")
    assert "Traceback" not in result.output and result.stdout == ""


def test_unloadable_file_beside_a_good_one_still_exits_2(cli: Cli, tmp_path: Path) -> None:
    result = cli("check", SHOP, tmp_path / "missing.yaml")
    assert result.exit_code == 2
    assert "missing.yaml:1:1: cannot read the file" in result.stderr


def test_strict_turns_warnings_into_exit_1(cli: Cli) -> None:
    fixture = FIXTURES / "rules" / "JM103.yaml"
    assert cli("check", fixture).exit_code == 0
    assert cli("check", fixture, "--strict").exit_code == 1


def test_ignore_and_select(cli: Cli) -> None:
    fixture = FIXTURES / "rules" / "JM201.yaml"
    assert cli("check", fixture).exit_code == 1
    assert cli("check", fixture, "--ignore", "JM201").exit_code == 0
    assert cli("check", fixture, "--select", "JM1,JM3").exit_code == 0
    bad = cli("check", fixture, "--select", "XY1")
    assert bad.exit_code == 2 and "selects no rule" in bad.stderr


def test_json_format(cli: Cli) -> None:
    result = cli("check", FIXTURES / "rules" / "JM201.yaml", "--format", "json")
    (finding,) = json.loads(result.stdout)
    assert (finding["code"], finding["line"], finding["column"], finding["subject"]) == (
        "JM201",
        9,
        5,
        "loyalty",
    )


def test_summary_and_explain(cli: Cli) -> None:
    result = cli("check", FIXTURES / "rules" / "clean.yaml", "--summary")
    assert "Coverage of Rule fixture" in result.stdout
    assert result.exit_code == 0
    machine = cli("check", FIXTURES / "rules" / "clean.yaml", "--summary", "--format", "json")
    assert json.loads(machine.stdout) == [] and "Coverage of Rule fixture" in machine.stderr
    explained = cli("check", "--explain", "JM204")
    assert explained.exit_code == 0 and "single-support-channel" in explained.stdout
    dutch = cli("check", "--explain", "JM205", "--lang", "nl")
    assert dutch.stdout.startswith("JM205 Overdracht zonder context (handoff-without-context;")
    assert "Waarom dit slecht is:" in dutch.stdout
    assert cli("check", "--explain", "JM999").exit_code == 2
    assert cli("check").exit_code == 2


def test_schema_validates_every_example(cli: Cli) -> None:
    import jsonschema

    from journeymap.formats.source import parse

    schema = json.loads(cli("schema").stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    for example in EXAMPLES:
        jsonschema.validate(parse(example.read_text(encoding="utf-8"), str(example)).data, schema)
    assert json.loads((ROOT / "docs" / "journey.schema.json").read_text(encoding="utf-8")) == schema


def test_schema_rejects_what_the_loader_rejects(cli: Cli) -> None:
    import jsonschema
    import pytest

    schema = json.loads(cli("schema").stdout)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(
            {"journeymap": 1, "id": "x", "title": "t", "touchpoints": [{"id": "a"}]}, schema
        )


def test_init_writes_a_journey_that_checks_clean(cli: Cli, tmp_path: Path) -> None:
    for lang in ("en", "de", "nl", "tr"):
        folder = tmp_path / lang
        result = cli("init", folder, "--lang", lang)
        assert result.exit_code == 0, result.output
        check = cli("check", folder / "journey.yaml", "--strict")
        assert check.exit_code == 0, check.output
        assert (folder / "journey.schema.json").exists()
    again = cli("init", tmp_path / "en")
    assert again.exit_code == 2 and "already exists" in again.stderr
    assert cli("init", tmp_path / "en", "--force", "--template", "minimal").exit_code == 0


def test_every_command_help_has_an_example(cli: Cli) -> None:
    from journeymap.app.cli import main

    for name, command in main.commands.items():
        subcommands = getattr(command, "commands", None)  # import/export: one per format
        for words in [[name, sub] for sub in subcommands] if subcommands else [[name]]:
            text = cli(*words, "--help").stdout
            assert "journeymap " + " ".join(words) in text or "journeymap schema" in text, words


def test_module_and_console_script_run() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "journeymap", "check", str(SHOP)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    version = subprocess.run(
        [sys.executable, "-m", "journeymap", "--version"], capture_output=True, text=True
    )
    assert version.stdout.startswith("journeymap ")


def test_readme_documents_every_command() -> None:
    from journeymap.app.cli import main

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in main.commands:
        assert f"journeymap {name}" in readme, f"README lacks the command {name!r}"


def test_pre_commit_hook_runs_the_check_on_journey_files(cli: Cli, tmp_path: Path) -> None:
    import re

    import yaml

    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "journeymap-check" and hook["entry"].split()[:2] == ["journeymap", "check"]
    pattern = re.compile(hook["files"])
    assert pattern.search("journeys/shop.journey.yaml") and pattern.search("journey.json")
    assert not pattern.search(".github/workflows/ci.yaml")
    broken = tmp_path / "broken.journey.yaml"
    broken.write_text(BROKEN_REFERENCES, encoding="utf-8")
    assert cli(*hook["entry"].split()[1:], broken).exit_code == 1


def test_cli_finding_formats_match_the_emitters() -> None:
    from journeymap.app.cli import FINDING_FORMATS
    from journeymap.checks.emitters import FORMATS

    assert FINDING_FORMATS == FORMATS


def test_render_writes_each_format(cli: Cli, tmp_path: Path) -> None:
    for name, magic in (
        ("map.svg", b"<?xml"),
        ("map.png", b"\x89PNG"),
        ("map.pdf", b"%PDF"),
        ("map.dot", b"digraph"),
    ):
        result = cli("render", SHOP, "-o", tmp_path / name)
        assert result.exit_code == 0, result.output
        assert (tmp_path / name).read_bytes().startswith(magic)
    embedded = cli(
        "render", SHOP, "-o", tmp_path / "e.png", "--engine", "embedded", "--lanes", "owner"
    )
    assert embedded.exit_code == 0 and (tmp_path / "e.png").read_bytes().startswith(b"\x89PNG")


def test_render_fits_the_target_and_shows_one_persona(cli: Cli, tmp_path: Path) -> None:
    from tests.helpers import svg_size, svg_texts

    out = tmp_path / "map.svg"
    assert cli("render", SHOP, "-o", out, "--fit", "4:3").exit_code == 0
    width, height = svg_size(out.read_bytes())
    assert abs(width / height - 4 / 3) / (4 / 3) < 0.02
    result = cli("render", SHOP, "-o", out, "--persona", "juergen", "--lanes", "none")
    assert result.exit_code == 0, result.output
    texts = " ".join(t for *_, t in svg_texts(out.read_bytes()))
    assert "Jürgen" in texts and "Instagram" not in texts  # Anna's ad is not Jürgen's journey
    typo = cli("render", SHOP, "-o", out, "--persona", "jurgen")
    assert typo.exit_code == 2 and "did you mean 'juergen'?" in typo.stderr


def test_render_split_by_stage_writes_numbered_files_or_one_pdf(cli: Cli, tmp_path: Path) -> None:
    from pypdf import PdfReader

    result = cli("render", SHOP, "-o", tmp_path / "map.svg", "--split", "stage")
    assert result.exit_code == 0, result.output
    stages = len(jm.load(SHOP).stages)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        f"map-{n}.svg" for n in range(1, stages + 1)
    ]
    pdf = tmp_path / "pages.pdf"
    assert cli("render", SHOP, "-o", pdf, "--split", "stage").exit_code == 0
    assert len(PdfReader(pdf).pages) == stages
    to_stdout = cli("render", SHOP, "-o", "-", "--format", "svg", "--split", "stage")
    assert to_stdout.exit_code == 2 and "one file per stage" in to_stdout.stderr


def test_render_to_stdout_needs_a_format(cli: Cli) -> None:
    result = cli("render", SHOP, "-o", "-", "--format", "dot")
    assert result.exit_code == 0 and result.stdout.startswith('digraph "online-shop"')
    assert cli("render", SHOP, "-o", "-").exit_code == 2


def test_failed_render_keeps_the_previous_output(
    cli: Cli, tmp_path: Path, write_journey: Callable[..., Path]
) -> None:
    target = tmp_path / "map.pdf"
    target.write_bytes(b"previous")
    result = cli("render", SHOP, "-o", target, "--engine", "embedded")
    assert result.exit_code == 2 and "not PDF" in result.stderr
    broken = cli("render", write_journey("journeymap: 1\nid: [\n"), "-o", target)
    assert broken.exit_code == 2 and "YAML syntax error" in broken.stderr
    assert target.read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["journey.yaml", "map.pdf"]


def test_render_works_without_dot(tmp_path: Path) -> None:
    """The whole command, in a process whose PATH has no Graphviz."""
    env = {"PATH": str(Path(sys.executable).parent), "JOURNEYMAP_CACHE": str(tmp_path / "cache")}
    out = tmp_path / "map.png"
    result = subprocess.run(
        [sys.executable, "-m", "journeymap", "render", str(TELECOM), "-o", str(out)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"\x89PNG")
    pdf = subprocess.run(
        [
            sys.executable,
            "-m",
            "journeymap",
            "render",
            str(TELECOM),
            "-o",
            str(tmp_path / "m.pdf"),
        ],
        capture_output=True,
        text=True,
        env=env,
    )
    assert pdf.returncode == 2 and "apt-get install graphviz" in pdf.stderr


DATA = FIXTURES / "data"


def test_metrics_command_table_and_json(cli: Cli) -> None:
    journey, responses, tickets = (
        DATA / "journey.yaml",
        DATA / "responses.csv",
        DATA / "tickets.csv",
    )
    table = cli("metrics", journey, "--responses", responses, "--tickets", tickets)
    assert table.exit_code == 0, table.output
    assert any(
        line.split()[:4] == ["touchpoint", "checkout", "NPS", "20"]
        for line in table.stdout.splitlines()
    )
    data = json.loads(
        cli(
            "metrics", journey, "--responses", responses, "--tickets", tickets, "--format", "json"
        ).stdout
    )
    assert set(data) == {"touchpoints", "stages", "owners", "journey", "sources"}
    assert data["touchpoints"]["checkout"]["nps"] == {
        "value": 20.0,
        "n": 10,
        "ci_low": -34.0335,
        "ci_high": 74.0335,
    }
    assert data["owners"]["CS"]["frt"]["ci_low"] is None
    assert cli("metrics", journey).exit_code == 2


def test_data_options_feed_check_and_render(cli: Cli, tmp_path: Path) -> None:
    journey, responses = DATA / "journey.yaml", DATA / "responses.csv"
    plain = cli("check", journey, "--select", "JM302")
    measured = cli("check", journey, "--select", "JM302", "--responses", responses)
    assert "nps at touchpoint 'checkout' is 99" not in plain.stdout
    assert "NPS at touchpoint 'checkout' is 20, below its target 30" in measured.stdout
    out = tmp_path / "m.dot"
    assert cli("render", journey, "-o", out, "--responses", responses).exit_code == 0
    assert "NPS 20 ✗" in out.read_text(encoding="utf-8")


def test_bad_data_exits_2_and_skip_invalid_warns(cli: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("touchpoint,metric,score\ncheckout,nps,11\ncheckout,nps,10\n", encoding="utf-8")
    failed = cli("metrics", DATA / "journey.yaml", "--responses", bad)
    assert failed.exit_code == 2 and f"{bad}:2:3: column 'score'" in failed.stderr
    skipped = cli("metrics", DATA / "journey.yaml", "--responses", bad, "--skip-invalid")
    assert skipped.exit_code == 0 and "skipped 1 unusable data row" in skipped.stderr


def test_report_command(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = cli(
        "report",
        TELECOM,
        "-o",
        out,
        "--lang",
        "tr",
        "--responses",
        DATA / "responses.csv",
        "--skip-invalid",
    )
    # The responses name touchpoints of another journey: all rows are skipped, and said so.
    assert result.exit_code == 0, result.output
    assert "27 kullanılamaz veri satırı atlandı" in result.stderr  # the journey's Turkish
    html = out.read_text(encoding="utf-8")
    assert '<html lang="tr">' in html and "Yolculuk tablosu" in html
    # The report says where its measured values come from, in the reader's language.
    assert "<h3>Ölçüm kaynakları</h3>" in html
    assert "responses.csv</code>: 0 satır kullanıldı, 27 kullanılamaz satır atlandı" in html
    without_data = tmp_path / "again.html"
    cli("report", TELECOM, "-o", without_data, "--lang", "tr")
    assert "Ölçüm kaynakları" not in without_data.read_text(encoding="utf-8")
    stamped = cli("report", TELECOM, "-o", "-", "--timestamp")
    assert "Oluşturulma: " in stamped.stdout and " UTC" in stamped.stdout


def test_report_with_a_bad_template_keeps_the_previous_file(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    out.write_text("previous", encoding="utf-8")
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "report.html.j2").write_text("{% for %}", encoding="utf-8")
    result = cli("report", SHOP, "-o", out, "--templates", templates)
    assert result.exit_code == 2 and "template error" in result.stderr
    assert out.read_text(encoding="utf-8") == "previous"


def test_import_mermaid_writes_a_journey_that_checks(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "imported.yaml"
    result = cli(
        "import",
        "mermaid",
        FIXTURES / "mermaid" / "user-journey-13.mmd",
        "-o",
        out,
        "--owner",
        "cs",
    )
    assert result.exit_code == 0, result.output
    journey = jm_load(out)
    assert [stage.name for stage in journey.stages] == [
        "Get to the shops",
        "Do shopping",
        "Go home",
    ]
    assert {tp.owner for tp in journey.touchpoints} == {"CS"}
    checked = cli("check", out)  # measurement is missing, and no phase names the stages
    assert checked.exit_code == 0, checked.output
    codes = {line.split()[1] for line in checked.stdout.splitlines()[:-1]}
    assert codes == {"JM107", "JM202", "JM203"}


def test_import_mermaid_reports_warnings_and_errors_with_lines(cli: Cli, tmp_path: Path) -> None:
    result = cli("import", "mermaid", FIXTURES / "mermaid" / "journey-09.mmd")
    assert result.exit_code == 0
    assert "journey-09.mmd:21:13: warning: score '2rem' is not a number" in result.stderr
    bad = tmp_path / "bad.mmd"
    bad.write_text("journey\nsection A\n  no score here\n", encoding="utf-8")
    result = cli("import", "mermaid", bad, "-o", tmp_path / "out.yaml")
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"{bad}:3:3: a task needs a score after its name, as in 'Make tea: 5: Me'\n"
    )
    assert not (tmp_path / "out.yaml").exists()


def test_export_mermaid_round_trips_through_import(cli: Cli, tmp_path: Path) -> None:
    mmd = tmp_path / "shop.mmd"
    assert (
        cli("export", "mermaid", ROOT / "examples" / "online-shop.yaml", "-o", mmd).exit_code == 0
    )
    assert mmd.read_text(encoding="utf-8").splitlines()[1] == "journey"
    result = cli("import", "mermaid", mmd)
    assert result.exit_code == 0
    assert "Instagram-Anzeige" in result.stdout


def test_diff_exit_codes_and_formats(cli: Cli) -> None:
    current = ROOT / "examples" / "saas-onboarding.yaml"
    future = ROOT / "examples" / "saas-onboarding-future.yaml"
    same = cli("diff", current, current)
    assert same.exit_code == 0
    assert "describe the same journey" in same.stdout
    changed = cli("diff", current, future, "--format", "json")
    assert changed.exit_code == 1
    assert json.loads(changed.stdout)["identical"] is False
    assert cli("diff", current, ROOT / "no-such.yaml").exit_code == 2


def test_diff_says_resolved_for_findings_that_went_away(cli: Cli, tmp_path: Path) -> None:
    """A resolved finding is no removed element: the summary counts findings apart."""
    before = tmp_path / "before.yaml"
    before.write_text(
        "journeymap: 1\nid: j\ntitle: J\nstages: [{id: purchase}]\ntouchpoints:\n"
        "  - {id: shop, stage: purchase, owner: CX, channel: web}\n",
        encoding="utf-8",
    )
    after = tmp_path / "after.yaml"
    after.write_text(
        before.read_text(encoding="utf-8")
        + "  - {id: hotline, stage: purchase, owner: CS, channel: phone}\n",
        encoding="utf-8",
    )
    result = cli("diff", before, after)
    assert result.exit_code == 1
    last = result.stdout.strip().splitlines()[-1]  # the touchpoint and its implied flow
    assert last == "2 changes: 2 added, 0 removed, 0 changed; findings: 3 new, 1 resolved"
    assert "- Finding resolved: JM201" in result.stdout


def jm_load(path: Path):  # type: ignore[no-untyped-def]
    import journeymap as jm

    return jm.load(path)


def test_serve_command_serves_until_interrupted(tmp_path: Path) -> None:
    import re
    import signal
    import urllib.request

    shop = tmp_path / "shop.yaml"
    shop.write_text((ROOT / "examples" / "online-shop.yaml").read_text(encoding="utf-8"))
    process = subprocess.Popen(
        [sys.executable, "-m", "journeymap", "serve", str(shop), "--port", "0"],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        first_line = process.stderr.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+/", first_line)
        assert url, first_line
        assert first_line.startswith("Der Bericht von ")  # the shop's German, not the machine's
        with urllib.request.urlopen(url.group(), timeout=10) as response:
            assert "Instagram-Anzeige" in response.read().decode("utf-8")
    finally:
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 0


def reported_at_exit(report: str, *args: str, entry: str = "main") -> str:
    """Run the command line in a fresh interpreter that prints ``report`` (Python
    expressions) to stderr as it exits; returns what it printed."""
    script = (
        "import atexit, gc, sys\n"
        f"atexit.register(lambda: print({report}, file=sys.stderr))\n"
        f"from journeymap.app.cli import {entry}\n"
        f"{entry}()\n"
    )
    command = [sys.executable, "-c", script, *args]
    return subprocess.run(command, capture_output=True, text=True, check=True).stderr


RENDER_DOT = ("render", str(SHOP), "-o", "-", "--format", "dot")


def test_the_executable_runs_commands_without_the_cyclic_collector() -> None:
    state = reported_at_exit("gc.isenabled(), gc.get_freeze_count() > 0", *RENDER_DOT, entry="run")
    assert state.split() == ["False", "True"]  # off during the command, frozen at exit


def test_main_in_process_leaves_the_callers_collector_alone(cli: Cli) -> None:
    import gc

    frozen = gc.get_freeze_count()
    assert cli(*RENDER_DOT).exit_code == 0
    assert gc.isenabled() and gc.get_freeze_count() == frozen


def test_serve_turns_the_cyclic_collector_back_on(cli: Cli, monkeypatch: Any) -> None:
    import gc

    import journeymap.app.serve

    class StopAtOnce:
        url = "http://127.0.0.1:0/"

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            self.collecting = gc.isenabled()

        def serve_forever(self) -> None:
            assert self.collecting, "serve runs for hours: it must collect cyclic garbage"
            raise KeyboardInterrupt

    monkeypatch.setattr(journeymap.app.serve, "PreviewServer", StopAtOnce)
    gc.disable()  # as the executable (run()) does
    try:
        result = cli("serve", SHOP, "--port", "0")
    finally:
        gc.enable()
    assert result.exit_code == 0, result.output


def modules_imported_by(*args: str) -> set[str]:
    return set(reported_at_exit("' '.join(sorted(sys.modules))", *args).split())


def test_help_imports_none_of_the_heavy_libraries() -> None:
    # The speed of `--help` (and of every command) rests on these lazy imports.
    imported = modules_imported_by("--help")
    assert imported.isdisjoint(
        {"pydantic", "networkx", "duckdb", "jinja2", "yaml", "wasmtime", "ibis", "pyspark"}
    )


def test_render_without_data_files_imports_only_what_it_draws_with() -> None:
    imported = modules_imported_by(*RENDER_DOT)
    assert {"pydantic", "yaml"} <= imported
    heavy = {"networkx", "duckdb", "jinja2", "journeymap.measure.readers", "wasmtime", "ibis"}
    assert imported.isdisjoint(heavy)


def test_check_without_data_imports_only_what_checking_needs() -> None:
    """Issue 28: a journey alone is checked without the data layer, the event-log
    comparison, the portfolio models and the YAML writer."""
    imported = modules_imported_by("check", SHOP)
    assert {"pydantic", "yaml", "journeymap.checks.runner"} <= imported
    unneeded = {
        "journeymap.measure.sources",
        "journeymap.analysis.actual",
        "journeymap.model.portfolio",
        "journeymap.formats.yaml_writer",
        "networkx",
        "jinja2",
        "duckdb",
    }
    assert imported.isdisjoint(unneeded), imported & unneeded


def test_data_files_are_read_without_ibis() -> None:
    """Ibis (and its pandas and pyarrow) is imported only when a table is read."""
    data = FIXTURES / "data"
    imported = modules_imported_by(
        "metrics", str(data / "journey.yaml"), "--responses", str(data / "responses.csv")
    )
    assert "journeymap.measure.readers" in imported
    assert imported.isdisjoint({"ibis", "pandas", "pyarrow", "journeymap.measure.tables"})


def test_ctrl_c_exits_130_and_leaves_the_output_as_it_was(tmp_path: Path) -> None:
    import signal

    out = tmp_path / "map.svg"
    out.write_text("previous", encoding="utf-8")
    # The interrupt arrives while the output is being written: its temporary file exists.
    script = (
        "import os, sys, time\n"
        "rename = os.replace\n"
        "def slow(a, b):\n"
        "    print('writing', file=sys.stderr, flush=True)\n"
        "    time.sleep(60)\n"
        "    rename(a, b)\n"
        "os.replace = slow\n"
        "from journeymap.app.cli import run\n"
        f"sys.argv = ['journeymap', 'render', {str(SHOP)!r}, '-o', {str(out)!r}]\n"
        "run()\n"
    )
    process = subprocess.Popen([sys.executable, "-c", script], stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    assert process.stderr.readline() == "writing\n"
    assert any(name.startswith(".map.svg.") for name in os.listdir(tmp_path))
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=30) == 130
    assert "interrupted" in process.stderr.read()
    assert out.read_text(encoding="utf-8") == "previous"
    assert os.listdir(tmp_path) == ["map.svg"]  # no hidden temporary file left behind


def test_ctrl_c_during_an_engine_query_exits_130() -> None:
    """DuckDB turns Ctrl+C into an exception of its own while it computes: still 130."""
    import signal

    logs = FIXTURES / "event-logs"
    script = (
        "import sys\n"
        "from journeymap.measure import events\n"
        "def slow(connection, keep, parts, **options):\n"
        "    print('querying', file=sys.stderr, flush=True)\n"
        "    connection.execute('SELECT count(*) FROM range(100000000) a(i) '\n"
        "                       'JOIN range(100000000) b(j) ON i = j')\n"
        "events._walk = slow\n"
        "from journeymap.app.cli import run\n"
        f"sys.argv = ['journeymap', 'paths', {str(logs / 'compensation.yaml')!r}, '--events', "
        f"{str(logs / 'running-example.csv')!r}]\n"
        "run()\n"
    )
    process = subprocess.Popen([sys.executable, "-c", script], stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    assert process.stderr.readline() == "querying\n"
    time.sleep(0.5)  # well into the query
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=30) == 130
    said = process.stderr.read()
    assert "interrupted" in said and "Traceback" not in said


def test_metrics_update_writes_only_the_metric_lines(cli: Cli, tmp_path: Path) -> None:
    shop = tmp_path / "shop.yaml"
    original = SHOP.read_text(encoding="utf-8")
    shop.write_text(original, encoding="utf-8")
    tickets = tmp_path / "tickets.csv"
    tickets.write_text(
        "touchpoint,created_at,first_response_at,resolved_at\n"
        "beratungs-chat,2026-01-05T10:00:00Z,2026-01-05T10:04:00Z,2026-01-05T11:00:00Z\n"
        "beratungs-chat,2026-01-06T10:00:00Z,2026-01-06T10:01:30Z,\n"
        "beratungs-chat,2025-12-01T10:00:00Z,2025-12-01T12:00:00Z,\n",
        encoding="utf-8",
    )
    result = cli("metrics", shop, "--tickets", tickets, "--since", "2026-01-01", "--update")
    assert result.exit_code == 0, result.output
    assert "Tickets " in result.stdout  # the shop's German
    assert "2 Zeilen verwendet, 1 Zeile außerhalb des Zeitraums" in result.stdout
    import difflib

    changed = [
        line
        for line in difflib.unified_diff(
            original.splitlines(), shop.read_text(encoding="utf-8").splitlines(), n=0, lineterm=""
        )
        if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]
    assert changed == [
        "-      frt: {value: 2m, target: 3m}",
        "-      resolution_rate: {value: 88, target: 85}",
        "+      frt: {value: 2.75m, target: 3m, n: 2}",
        "+      resolution_rate: {value: 50, target: 85, n: 2}",
        "+      art: {value: 1h, n: 1}",
    ]


def test_since_after_until_is_a_usage_error(cli: Cli) -> None:
    result = cli(
        "metrics", SHOP, "--tickets", DATA / "tickets.csv",
        "--since", "2026-02-01", "--until", "2026-01-01",
    )  # fmt: skip
    assert (
        result.exit_code == 2 and "--since 2026-02-01 is after --until 2026-01-01" in result.stderr
    )


def test_metrics_json_states_its_sources(cli: Cli) -> None:
    result = cli(
        "metrics", DATA / "journey.yaml", "--tickets", DATA / "tickets.csv", "--format", "json",
        "--skip-invalid",
    )  # fmt: skip
    (source,) = json.loads(result.stdout)["sources"]
    assert source["kind"] == "tickets" and source["path"].endswith("tickets.csv")
    assert source["rows"] + source["skipped"] == 5 and source["first"] is not None


def test_actions_exports_the_backlog_of_several_journeys(cli: Cli, tmp_path: Path) -> None:
    table = cli("actions", *EXAMPLES, "--lang", "en")
    assert table.exit_code == 0, table.output
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["priority", "due", "status", "action", "owner", "where"]
    assert lines[1].startswith("high") and "2027-01-15" in lines[1]
    out = tmp_path / "backlog.csv"
    assert cli("actions", *EXAMPLES, "--format", "csv", "-o", out, "--lang", "en").exit_code == 0
    rows = out.read_text(encoding="utf-8").splitlines()
    assert rows[0] == "\ufeffjourney,stage,touchpoint,action,owner,priority,due,status,source"
    assert len(rows) == 1 + sum(
        len(tp.opportunities) for e in EXAMPLES for tp in jm.load(e).touchpoints
    )
    records = json.loads(cli("actions", SHOP, "--format", "json").stdout)
    assert {record["journey"] for record in records} == {jm.load(SHOP).id}


def test_actions_reports_every_unreadable_journey_at_once(
    cli: Cli, write_journey: Callable[..., Path]
) -> None:
    bad = write_journey("journeymap: 1\nid: x\ntitle: [\n", "bad.yaml")
    result = cli("actions", bad, SHOP, bad.parent / "missing.yaml")
    assert result.exit_code == 2
    assert [line.split(":")[0] for line in result.stderr.splitlines()] == [
        str(bad),
        str(bad.parent / "missing.yaml"),
    ]


def test_data_from_a_table_with_its_own_column_names(cli: Cli, tmp_path: Path) -> None:
    import duckdb

    database = tmp_path / "cx.duckdb"
    responses = FIXTURES / "data" / "responses.csv"
    with duckdb.connect(str(database)) as connection:
        connection.execute(
            "CREATE TABLE survey AS SELECT touchpoint AS tp_id, metric AS kind, score, "
            f"timestamp FROM read_csv('{responses}', header = true)"
        )
    journey = FIXTURES / "data" / "journey.yaml"
    url = f"duckdb://{database}?table=survey"
    table = cli("metrics", journey, "--responses", url, "--columns", "touchpoint=tp_id,metric=kind")
    assert table.exit_code == 0, table.output
    assert table.stdout == cli("metrics", journey, "--responses", responses).stdout.replace(
        str(responses), url
    )
    wrong = cli("metrics", journey, "--responses", url, "--columns", "tp=x")
    assert wrong.exit_code == 2 and "'tp' is not a column journeymap reads" in wrong.output


def test_paths_of_an_event_log_as_json_and_for_people(cli: Cli, tmp_path: Path) -> None:
    logs = FIXTURES / "event-logs"
    journey, log = logs / "compensation.yaml", logs / "running-example.csv"
    machine = cli("paths", journey, "--events", log, "--format", "json", "--top", "2")
    assert machine.exit_code == 0, machine.output
    data = json.loads(machine.stdout)
    assert (data["cases"], data["fitting_cases"], len(data["top_variants"])) == (6, 2, 2)
    unused = cli(
        "paths", journey, "--events", log, "--responses", log, "--format", "json", "--top", "2"
    )
    assert unused.exit_code == 0 and json.loads(unused.stdout) == data
    assert "--responses, --tickets and --skip-invalid are left unused" in unused.stderr
    people = cli("paths", journey, "--events", log, "--lang", "de")
    assert people.exit_code == 0 and "6 Fälle" in people.stdout
    assert "register request → check" in people.stdout  # names as written, not ids
    import duckdb

    database = tmp_path / "cx.duckdb"
    duckdb.connect(str(database)).close()
    table = cli("paths", journey, "--events", f"duckdb://{database}?table=events")
    assert table.exit_code == 2 and "cannot read the table" in table.output  # there is none


def test_the_paths_headline_names_the_events_it_leaves_out(cli: Cli, tmp_path: Path) -> None:
    logs = FIXTURES / "event-logs"
    log = tmp_path / "log.csv"
    log.write_text(
        (logs / "running-example.csv").read_text(encoding="utf-8")
        + "99,Call the hotline,Nobody,2011-01-01 10:00:00+01:00,Call the hotline,x,0,3,y\n",
        encoding="utf-8",
    )
    people = cli("paths", logs / "compensation.yaml", "--events", log)
    assert people.exit_code == 0, people.output
    headline = people.stdout.splitlines()[1]
    assert "39 events (and 4 of no touchpoint, left out)" in headline
    assert "2 follow the designed journey (33%)" in headline  # whole, as every percentage


def test_check_with_events_judges_the_journey_against_what_customers_did(
    cli: Cli, tmp_path: Path
) -> None:
    from tests.helpers import event_log

    fixture = FIXTURES / "rules" / "JM403.yaml"
    log = tmp_path / "log.csv"
    specs = fixture.with_suffix(".events").read_text(encoding="utf-8").splitlines()
    log.write_text(event_log(specs), encoding="utf-8")
    without = cli("check", fixture, "--format", "json")
    assert json.loads(without.stdout) == []  # no log, no event findings
    result = cli("check", fixture, "--events", log, "--format", "json")
    assert [f["code"] for f in json.loads(result.stdout)] == ["JM403"]
    assert cli("check", fixture, "--events", tmp_path / "missing.csv").exit_code == 2


def test_import_events_writes_a_draft_that_loads(cli: Cli, tmp_path: Path) -> None:
    log = FIXTURES / "event-logs" / "running-example.csv"
    out = tmp_path / "draft.yaml"
    result = cli("import", "events", log, "-o", out, "--min-share", "20", "--owner", "CS")
    assert result.exit_code == 0, result.output
    draft = jm.load(out)
    assert len(draft.touchpoints) == 8 and {tp.owner for tp in draft.touchpoints} == {"CS"}
    assert cli("check", out).exit_code == 0
    # The same log as XES gives the same draft.
    again = tmp_path / "again.yaml"
    xes = cli("import", "events", log.with_suffix(".xes"), "-o", again, "--min-share", "20")
    assert xes.exit_code == 0, xes.output
    assert again.read_text(encoding="utf-8") == out.read_text(encoding="utf-8").replace(
        "owner: CS", "owner: CX"
    )


def test_render_and_report_overlay_what_customers_did(cli: Cli, tmp_path: Path) -> None:
    journey = ROOT / "examples" / "vergunning-ontvangst.yaml"
    log = ROOT / "examples" / "data" / "vergunning-ontvangst-events.parquet"
    plain_map = cli("render", journey, "-o", "-", "--format", "dot")
    overlay = cli("render", journey, "--events", log, "-o", "-", "--format", "dot")
    assert overlay.exit_code == 0, overlay.output
    assert "#dc2626" in overlay.stdout and "#dc2626" not in plain_map.stdout  # undesigned steps
    assert "1.434 zaken" in overlay.stdout  # cases on the entry card, in Dutch
    report = tmp_path / "report.html"
    built = cli("report", journey, "--events", log, "-o", report)
    assert built.exit_code == 0, built.output
    html = report.read_text(encoding="utf-8")
    assert "Wat klanten deden" in html and "JM401" in html  # the section and the findings
    # The period chooses events too, and the event log is never overwritten.
    since = cli("report", journey, "--events", log, "--since", "2012-01-01", "-o", report)
    assert since.exit_code == 0 and "35 van 59 zaken volgen" in report.read_text(encoding="utf-8")
    clobber = cli("render", journey, "--events", log, "-o", log, "--format", "png")
    assert clobber.exit_code == 2 and log.stat().st_size > 0
    missing = cli(
        "render", journey, "--events", tmp_path / "nope.csv", "-o", "-", "--format", "dot"
    )
    assert missing.exit_code == 2 and "nope.csv" in missing.output


def test_console_lines_speak_the_language_of_their_journey(cli: Cli, tmp_path: Path) -> None:
    made = cli("init", tmp_path / "nl", "--lang", "nl")
    assert made.stdout.startswith(f"{tmp_path / 'nl' / 'journey.yaml'} geschreven. Volgende stap:")
    again = cli("init", tmp_path / "nl", "--lang", "nl")
    assert again.exit_code == 2 and "bestaat al; gebruik --force" in again.stderr
    exported = cli("export", "mermaid", ROOT / "examples" / "vergunning-ontvangst.yaml")
    assert exported.stdout.startswith("%% journeymap-export van vergunning-ontvangst: eigenaars")


def test_paths_per_segment_side_by_side(cli: Cli) -> None:
    journey = ROOT / "examples" / "vergunning-ontvangst.yaml"
    log = ROOT / "examples" / "data" / "vergunning-ontvangst-events.parquet"
    people = cli("paths", journey, "--events", log, "--segment", "case:channel")
    assert people.exit_code == 0, people.output
    table = people.stdout.split("Per case:channel\n", 1)[1].splitlines()
    assert table[0].split("  ")[0:2] == ["case:channel", "zaken"]
    assert table[1].startswith("Internet      1.250 (87%)  53%")
    assert table[2].startswith("Desk          109 (8%)     39%")
    machine = cli(
        "paths", journey, "--events", log, "--segment", "case:channel", "--format", "json"
    )
    data = json.loads(machine.stdout)
    assert data["segment"] == "case:channel" and data["other_segment_cases"] == 0
    assert sum(segment["cases"] for segment in data["segments"].values()) == data["cases"] == 1434
    missing = cli("paths", journey, "--events", log, "--segment", "kanaal")
    assert missing.exit_code == 2 and "kanaal" in missing.output


def test_a_segment_needs_an_event_log_and_the_summary_shows_it(cli: Cli) -> None:
    journey = ROOT / "examples" / "vergunning-ontvangst.yaml"
    log = ROOT / "examples" / "data" / "vergunning-ontvangst-events.parquet"
    alone = cli("check", journey, "--segment", "case:channel")
    assert alone.exit_code == 2 and "--segment sorts the cases of an event log" in alone.output
    summary = cli("check", journey, "--events", log, "--segment", "case:channel", "--summary")
    assert "Per case:channel" in summary.stdout and "Desk          109 (8%)" in summary.stdout


def test_render_writes_a_deck(cli: Cli, tmp_path: Path) -> None:
    from pptx import Presentation

    out = tmp_path / "workshop.pptx"
    result = cli("render", ROOT / "examples" / "omgevingsvergunning.yaml", "-o", out)
    assert result.exit_code == 0, result.output
    slides = Presentation(str(out)).slides
    assert len(slides) == 1 + 5  # the overview, and a slide per stage
    split = cli("render", SHOP, "-o", tmp_path / "shop.pptx", "--split", "stage")
    assert split.exit_code == 0 and (tmp_path / "shop.pptx").is_file()  # still one deck


def test_serve_edit_prints_the_boards_address_with_its_token(tmp_path: Path) -> None:
    import shutil
    import urllib.request

    journey = tmp_path / "shop.yaml"
    shutil.copy(SHOP, journey)
    with serving(str(journey), "--edit", "--port", "0") as server:
        assert server.stderr is not None
        banner = server.stderr.readline()
        token_line = server.stderr.readline()
        url = re.search(r"(http://127\.0\.0\.1:\d+)/\?token=([\w-]+)", banner)
        assert url and "Das Board von" in banner, banner
        assert token_line.strip().endswith(url.group(2))
        with urllib.request.urlopen(url.group(1) + "/api/journey", timeout=60) as response:
            assert json.loads(response.read())["journey"]["id"] == "online-shop"
