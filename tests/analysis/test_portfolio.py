"""A portfolio assessed: its hierarchy, heatmap, health, shared personas and changes."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest

import journeymap as jm
from journeymap.analysis.portfolio import AssessedPortfolio, diff_portfolios
from tests.helpers import PORTFOLIO, PORTFOLIO_DAY


@pytest.fixture(scope="module")
def example() -> AssessedPortfolio:
    return jm.assess_portfolio(str(PORTFOLIO), today=PORTFOLIO_DAY)


def test_the_hierarchy_puts_each_journey_under_its_parent(example: AssessedPortfolio) -> None:
    assert [(depth, member.id) for depth, member in example.hierarchy()] == [
        (0, "levenscyclus"),
        (1, "overstappen"),
        (2, "meterstand"),
        (1, "storing"),
    ]


def test_stages_are_placed_by_expands_else_by_phase(example: AssessedPortfolio) -> None:
    placement = example.placement
    assert placement["levenscyclus"]["klant-zijn"] == "klant-zijn"
    # Overstappen has no expands: its stages lie where their funnel phases do.
    assert placement["overstappen"] == {
        "vergelijken": "orientatie",
        "aanmelden": "aanmelden",
        "overstap": "aanmelden",
        "eerste-maand": "klant-zijn",
    }
    # Storing expands the lifecycle's stage; Meterstand the stage of Overstappen that lies
    # in Aanmelden, so it lies there too.
    assert set(placement["storing"].values()) == {"klant-zijn"}
    assert set(placement["meterstand"].values()) == {"aanmelden"}


def test_a_heatmap_cell_sums_the_stages_placed_there(example: AssessedPortfolio) -> None:
    cell = example.heatmap["overstappen"]["aanmelden"]
    assert cell.stages == ("aanmelden", "overstap")
    assert cell.touchpoints == 6  # 4 in Aanmelden, 2 in De overstap
    # The signup help line and the WhatsApp chat are reachable in both, counted once each.
    assert cell.cs_touchpoints == 2
    assert cell.emotion == pytest.approx((0 - 2 + 1 + 1 + 1 - 1) / 6)
    assert (cell.meeting_targets, cell.with_targets) == (2, 5)
    assert "bewustwording" not in example.heatmap["overstappen"]


def test_health_counts_findings_and_marks_the_overdue_journey(example: AssessedPortfolio) -> None:
    health = {row.member.id: row for row in example.health}
    assert [row.member.id for row in example.health] == [
        "levenscyclus",
        "overstappen",
        "meterstand",
        "storing",
    ]
    storing = health["storing"]
    assert storing.stale and not health["overstappen"].stale
    # Its own findings, and the portfolio's JM501 about it.
    own = [f for f in example.findings if f.file and f.file.endswith("storing.yaml")]
    assert storing.warnings == sum(f.severity.name == "WARNING" for f in own) + 1
    assert (storing.errors, storing.meeting_targets, storing.with_targets) == (0, 3, 6)


def test_shared_personas_name_the_journeys_they_appear_in(example: AssessedPortfolio) -> None:
    assert example.shared_personas == (
        ("sanne", "Sanne, 38", ("levenscyclus", "overstappen", "storing", "meterstand")),
        ("henk", "Henk, 71", ("levenscyclus", "overstappen", "storing", "meterstand")),
    )


def test_review_dates_are_judged_by_the_day_given() -> None:
    early = jm.assess_portfolio(str(PORTFOLIO), today=datetime.date(2026, 10, 1))
    assert "JM501" not in {f.code for f in early.findings}
    late = jm.assess_portfolio(str(PORTFOLIO), today=datetime.date(2027, 3, 2))
    stale = sorted(f.subject for f in late.findings if f.code == "JM501")
    assert stale == ["overstappen", "storing"]


def test_a_journey_that_cannot_be_loaded_leaves_the_others_assessed(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    shutil.copytree(PORTFOLIO, folder)
    (folder / "storing.yaml").write_text("journeymap: 1\nid: storing\n", encoding="utf-8")
    portfolio = jm.assess_portfolio(str(folder), today=PORTFOLIO_DAY)
    assert portfolio.load_errors and all("storing.yaml" in line for line in portfolio.load_errors)
    assert [m.id for m in portfolio.members if m.assessed is None] == ["storing"]
    assert "storing" not in portfolio.heatmap and len(list(portfolio.assessed())) == 3


def test_the_changes_of_a_portfolio(tmp_path: Path, example: AssessedPortfolio) -> None:
    folder = tmp_path / "p"
    shutil.copytree(PORTFOLIO, folder)
    library = folder / "bibliotheek.yaml"
    library.write_text(
        library.read_text(encoding="utf-8")
        .replace("  - id: henk\n", "  - id: fatma\n    name: Fatma, 45\n  - id: henk\n")
        .replace("name: Henk, 71", "name: Henk, 72"),
        encoding="utf-8",
    )
    storing = folder / "storing.yaml"
    storing.write_text(
        storing.read_text(encoding="utf-8").replace("value: 18, target: 5", "value: 4, target: 5"),
        encoding="utf-8",
    )
    portfolio = folder / "journeymap.yaml"
    text = portfolio.read_text(encoding="utf-8")
    portfolio.write_text(text[: text.index("  - {file: meterstand.yaml")], encoding="utf-8")
    changes = diff_portfolios(example, jm.assess_portfolio(str(folder), today=PORTFOLIO_DAY))
    assert changes.added == () and changes.removed == ("meterstand",)
    # The library's change is counted once, not in every journey that borrows it.
    assert changes.changed == (("storing", 1),)
    assert changes.library == (("personas", "added", "fatma"), ("personas", "changed", "henk"))
    assert [(f.code, f.subject) for f in changes.new_findings] == [("JM503", "fatma")]
    resolved = {(f.code, f.subject, f.concern) for f in changes.resolved_findings}
    assert ("JM302", "storing-bellen", "frt") in resolved
    assert not diff_portfolios(example, example)
