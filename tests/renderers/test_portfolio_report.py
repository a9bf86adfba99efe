"""The portfolio's page: heatmap, health, backlog, personas, findings; escaped and linked."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import journeymap as jm
from journeymap.analysis.portfolio import AssessedPortfolio
from journeymap.errors import ConfigError
from journeymap.renderers.portfolio_report import portfolio_context, portfolio_report
from tests.helpers import PORTFOLIO, PORTFOLIO_DAY


def link(journey_id: str) -> str:
    return f"portfolio/{journey_id}.html"


@pytest.fixture(scope="module")
def example() -> AssessedPortfolio:
    return jm.assess_portfolio(str(PORTFOLIO), today=PORTFOLIO_DAY)


def test_the_page_shows_every_part_in_the_portfolios_language(example: AssessedPortfolio) -> None:
    page = portfolio_report(example, link=link)
    assert page.startswith("<!DOCTYPE html>") and '<html lang="nl">' in page
    for heading in (
        "Reizen × levenscyclus",
        "Gezondheid van de reizen",
        "Actielijst gerangschikt op bewijs",
        "Gedeelde persona",
        "Bevindingen van het portfolio",
    ):
        assert heading in page
    assert "script-src 'none'" in page and "<script" not in page
    assert page == portfolio_report(example, link=link)  # deterministic


def test_each_cell_and_action_links_into_a_journeys_report(example: AssessedPortfolio) -> None:
    page = portfolio_report(example, link=link)
    assert 'href="portfolio/overstappen.html#stage-aanmelden"' in page
    assert 'href="portfolio/storing.html#tp-storing-bellen"' in page
    context = portfolio_context(example, "nl", link)
    rows = {row["id"]: row for row in context["rows"]}
    # Storing lies wholly in Klant zijn: one cell, the rest empty.
    assert [cell is not None for cell in rows["storing"]["cells"]] == [
        False,
        False,
        False,
        True,
        False,
    ]


def test_the_backlog_shows_each_scores_factors(example: AssessedPortfolio) -> None:
    context = portfolio_context(example, "nl", link)
    top = context["backlog"][0]
    assert top["score"] == "1.664" and top["effort"] == "S"
    assert (
        top["why"]
        == "640 antwoorden (n) × FRT 18 min tegen doel 5 min: 260% ernaast ÷ inspanning S (1)"
    )
    last = context["backlog"][-1]
    assert (
        not last["scored"] and last["why"] == "Geen score: heeft de inspanning (S, M of L) nodig."
    )


def test_the_overdue_journey_and_its_finding_stand_out(example: AssessedPortfolio) -> None:
    page = portfolio_report(example, link=link)
    assert re.search(r'class="num flag">2026-11-01 \(te laat\)', page)
    assert (
        "JM501" in page and "Reis &#39;storing&#39; had op 2026-11-01 herzien moeten worden" in page
    )


def test_user_text_is_escaped(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    shutil.copytree(PORTFOLIO, folder)
    portfolio = folder / "journeymap.yaml"
    portfolio.write_text(
        portfolio.read_text(encoding="utf-8").replace(
            "title: Groene Stroom – klantreizen", 'title: "<script>alert(1)</script>"'
        ),
        encoding="utf-8",
    )
    storing = folder / "storing.yaml"
    storing.write_text(
        storing.read_text(encoding="utf-8").replace(
            "title: Een stroomstoring melden", "title: '<img src=x onerror=alert(2)>'"
        ),
        encoding="utf-8",
    )
    page = portfolio_report(jm.assess_portfolio(str(folder), today=PORTFOLIO_DAY), link=link)
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_an_unknown_language_is_refused(example: AssessedPortfolio) -> None:
    with pytest.raises(ConfigError, match="no interface text in 'fr'"):
        portfolio_report(example, "fr", link=link)
