"""Every journey in examples/ loads and checks clean at error level."""

from __future__ import annotations

from pathlib import Path

import pytest

import journeymap as jm
from journeymap.checks.findings import Severity
from tests.helpers import EXAMPLES, PORTFOLIO, PORTFOLIO_DAY

# Targets missed, and the data silos of a service blueprint (a hand-over without the
# customer's context, a team that cannot see another's system), are findings about the
# business, not modelling mistakes: the examples may show them, and nothing else.
ALLOWED = {"JM302", "JM205", "JM207"}


def test_there_are_examples_in_several_languages() -> None:
    locales = {jm.load(path).locale for path in EXAMPLES}
    assert len(EXAMPLES) >= 3 and len(locales) >= 3


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_example_loads_and_checks_clean(example: Path) -> None:
    journey = jm.load(example)
    assert 15 <= len(journey.touchpoints) <= 40
    findings = jm.check(journey)
    assert not [f for f in findings if f.severity >= Severity.ERROR]
    assert {f.code for f in findings} <= ALLOWED, [
        f.message for f in findings if f.code not in ALLOWED
    ]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_example_exercises_the_format(example: Path) -> None:
    journey = jm.load(example)
    touchpoints = journey.touchpoints
    assert {tp.owner for tp in touchpoints} == {"CX", "CS"}
    assert len({tp.channel for tp in touchpoints}) >= 4
    assert any(tp.emotion is not None and tp.emotion < 0 for tp in touchpoints)
    assert any(tp.pain_points for tp in touchpoints) and any(tp.opportunities for tp in touchpoints)
    assert sum(len(tp.metrics) for tp in touchpoints) >= 10


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_a_service_example_draws_every_layer_of_its_blueprint(example: Path) -> None:
    journey = jm.load(example)
    if journey.kind != "service":
        return
    touchpoints = journey.touchpoints
    assert journey.teams and journey.systems
    for layer in ("customer_action", "thinking", "evidence", "systems", "backstage"):
        assert any(getattr(tp, layer) for tp in touchpoints), layer
    assert any(tp.available == "journey" for tp in touchpoints)
    assert "JM207" in {f.code for f in jm.check(journey)}  # the silo the example tells of


def test_the_example_portfolio_checks_clean_at_error_level() -> None:
    """Besides the business findings, the example shows what a portfolio is for: the
    customers stopping at the ID check (the event log's JM403) and one journey overdue
    for review (JM501)."""
    portfolio = jm.assess_portfolio(str(PORTFOLIO), today=PORTFOLIO_DAY)
    assert not portfolio.load_errors
    assert [m.entry.level for m in portfolio.members] == [0, 1, 1, 2]
    assert {m.journey.locale for m in portfolio.members if m.journey} == {"nl"}
    findings = portfolio.findings
    assert not [f for f in findings if f.severity >= Severity.ERROR]
    assert {f.code for f in findings} <= ALLOWED | {"JM403", "JM501"}
    assert {"JM403", "JM501"} <= {f.code for f in findings}
    # Every journey uses the library's personas and teams, none defines its own.
    for member in portfolio.members:
        assert member.journey is not None and member.assessed is not None
        assert member.assessed.source is not None
        assert member.assessed.source.borrowed["personas"] == {"sanne", "henk"}
        assert 5 <= len(member.journey.touchpoints) <= 15
    # The backlog is ranked: most actions carry an effort, and the event log scores some.
    scored = [item.evidence for item in portfolio.backlog if item.evidence and item.evidence.score]
    assert len(scored) >= 8 and any(e.cases_from == "events" for e in scored)
