"""The commands that take a portfolio's folder: check, report, actions, diff, serve, schema."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from journeymap.app.serve import portfolio_preview
from tests.helpers import PORTFOLIO

Cli = Callable[..., Result]
#: 2026-12-07, the day the example is judged on: one journey is overdue for review.
EPOCH = "1796601600"


@pytest.fixture(autouse=True)
def judged_on_the_examples_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "groene-stroom"
    shutil.copytree(PORTFOLIO, target)
    return target


def test_check_a_folder_checks_every_journey_and_the_portfolio(cli: Cli) -> None:
    result = cli("check", PORTFOLIO, "--format", "json")
    assert result.exit_code == 0, result.output
    findings = json.loads(result.stdout)
    files = {Path(f["file"]).name for f in findings}
    assert files == {"journeymap.yaml", "levenscyclus.yaml", "overstappen.yaml", "storing.yaml",
                     "meterstand.yaml"}  # fmt: skip
    stale = [f for f in findings if f["code"] == "JM501"]
    assert [(f["subject"], f["line"]) for f in stale] == [("storing", 22)]
    text = cli("check", PORTFOLIO / "journeymap.yaml").stdout
    assert "Reis 'storing' had op 2026-11-01 herzien moeten worden" in text
    assert text.rstrip().endswith("waarschuwingen.")


def test_check_a_broken_journey_of_a_portfolio_exits_2(cli: Cli, folder: Path) -> None:
    (folder / "meterstand.yaml").write_text("journeymap: 1\nid: meterstand\n", encoding="utf-8")
    result = cli("check", folder)
    assert result.exit_code == 2
    assert f"{folder}/meterstand.yaml:1:1: " in result.stderr
    assert "JM501" in result.stdout  # the others are still checked
    assert "Traceback" not in result.output


def test_a_portfolio_names_its_own_data(cli: Cli) -> None:
    result = cli("check", PORTFOLIO, "--responses", "x.csv")
    assert result.exit_code == 2 and "names each journey's data in journeymap.yaml" in result.stderr


def test_one_journey_of_a_portfolio_uses_its_library(cli: Cli) -> None:
    result = cli("check", PORTFOLIO / "meterstand.yaml", "--select", "JM102")
    assert result.exit_code == 0 and "JM102" not in result.stdout
    library = cli("check", PORTFOLIO / "bibliotheek.yaml")
    assert library.exit_code == 2 and "hoort bij het portfolio" in library.stderr


def test_report_writes_the_page_and_a_report_per_journey(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    result = cli("report", PORTFOLIO, "-o", out / "portfolio.html")
    assert result.exit_code == 0, result.output
    pages = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))
    assert pages == [
        "portfolio.html",
        "portfolio/levenscyclus.html",
        "portfolio/meterstand.html",
        "portfolio/overstappen.html",
        "portfolio/storing.html",
    ]
    page = (out / "portfolio.html").read_text(encoding="utf-8")
    for target in set(__import__("re").findall(r'href="(portfolio/[^"#]+)', page)):
        assert (out / target).exists(), target
    assert "Actielijst gerangschikt op bewijs" in page
    assert "Portfoliorapport" in page
    assert cli("report", PORTFOLIO, "-o", "-").exit_code == 2


def test_report_refuses_to_overwrite_a_journey(cli: Cli, folder: Path) -> None:
    before = (folder / "storing.yaml").read_bytes()
    (folder / "x").mkdir()
    result = cli("report", folder, "-o", folder / "x.html")
    assert result.exit_code == 0
    result = cli("report", folder, "-o", folder / "storing.yaml")
    assert result.exit_code == 2 and (folder / "storing.yaml").read_bytes() == before


def test_actions_of_a_folder_are_ranked_by_evidence(cli: Cli, tmp_path: Path) -> None:
    table = cli("actions", PORTFOLIO)
    assert table.exit_code == 0
    first = table.stdout.splitlines()[1]
    assert first.startswith("1.664") and "Bandje met de bekende storing" in first
    records = json.loads(cli("actions", PORTFOLIO, "--format", "json").stdout)
    scores = [r["evidence"]["score"] for r in records if r["evidence"]["score"] is not None]
    assert scores == sorted(scores, reverse=True) and len(scores) == len(records) - 1
    workbook = tmp_path / "backlog.xlsx"
    assert cli("actions", PORTFOLIO, "--format", "xlsx", "-o", workbook).exit_code == 0
    assert workbook.read_bytes()[:2] == b"PK"


def test_diff_of_two_versions_of_a_portfolio(cli: Cli, folder: Path) -> None:
    same = cli("diff", PORTFOLIO, folder)
    assert same.exit_code == 0 and "hetzelfde portfolio" in same.stdout
    portfolio = folder / "journeymap.yaml"
    portfolio.write_text(
        portfolio.read_text(encoding="utf-8").replace(
            "review_by: 2026-11-01", "review_by: 2027-05-01"
        ),
        encoding="utf-8",
    )
    changed = cli("diff", PORTFOLIO, folder)
    assert changed.exit_code == 1
    assert "- opgeloste bevinding: " in changed.stdout and "JM501" in changed.stdout
    data = json.loads(cli("diff", PORTFOLIO, folder, "--format", "json").stdout)
    assert [f["code"] for f in data["resolved_findings"]] == ["JM501"] and not data["new_findings"]


def test_serve_a_folder_shows_the_portfolio_and_every_journey(folder: Path) -> None:
    preview = portfolio_preview(str(folder))
    assert preview.refresh()
    overview = preview.page("/")
    assert overview is not None and "Reizen × levenscyclus" in overview
    storing = preview.page("/portfolio/storing.html")
    assert storing is not None and 'id="journeymap-portfolio"' in storing
    assert '<a href="/"' in storing and 'aria-current="page"' in storing
    assert preview.page("/portfolio/none.html") is None
    assert set(preview.inputs()) >= {
        str(folder / "journeymap.yaml"),
        str(folder / "bibliotheek.yaml"),
        str(folder / "storing.yaml"),
        str(folder / "data" / "overstappen-events.csv"),
    }
    storing_file = folder / "storing.yaml"
    storing_file.write_text(
        storing_file.read_text(encoding="utf-8").replace(
            "Een stroomstoring melden", "Stroomstoring melden"
        ),
        encoding="utf-8",
    )
    assert preview.refresh() and "Stroomstoring melden" in (preview.page("/") or "")
    storing_file.write_text("journeymap: 1\n", encoding="utf-8")
    assert preview.refresh() and 'role="alert"' in (preview.page("/") or "")


def test_schema_of_a_portfolio_and_its_library(cli: Cli) -> None:
    import jsonschema

    from journeymap.formats.source import parse

    for kind, file in (("portfolio", "journeymap.yaml"), ("library", "bibliotheek.yaml")):
        schema = json.loads(cli("schema", kind).stdout)
        path = PORTFOLIO / file
        jsonschema.validate(parse(path.read_text(encoding="utf-8"), str(path)).data, schema)
        docs = PORTFOLIO.parent.parent / "docs" / f"{kind}.schema.json"
        assert json.loads(docs.read_text(encoding="utf-8")) == schema


def test_a_portfolio_report_with_a_broken_journey_is_not_written(cli: Cli, folder: Path) -> None:
    (folder / "meterstand.yaml").write_text("journeymap: 1\nid: meterstand\n", encoding="utf-8")
    result = cli("report", folder, "-o", folder / "out.html")
    assert result.exit_code == 2 and f"{folder}/meterstand.yaml:1:1: " in result.stderr
    assert not (folder / "out.html").exists()


def test_render_one_journey_of_a_portfolio_with_the_librarys_names(
    cli: Cli, tmp_path: Path
) -> None:
    out = tmp_path / "storing.svg"
    result = cli("render", PORTFOLIO / "storing.yaml", "--lanes", "blueprint", "-o", out)
    assert result.exit_code == 0, result.output
    svg = out.read_text(encoding="utf-8")
    assert "Storingsregistratie van" in svg and "Team Service · Telefoon" in svg  # wrapped


def test_diff_with_a_journey_that_cannot_be_read_is_an_error(cli: Cli, folder: Path) -> None:
    """It would read as a journey removed, and its findings as resolved."""
    (folder / "storing.yaml").write_text("journeymap: 1\nid: storing\n", encoding="utf-8")
    result = cli("diff", PORTFOLIO, folder)
    assert result.exit_code == 2 and f"{folder}/storing.yaml:1:1: " in result.stderr
    assert "reis verwijderd" not in result.stdout
