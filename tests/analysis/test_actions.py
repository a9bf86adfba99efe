"""The backlog: opportunities as actions, still-to-do first, then priority and due date."""

from __future__ import annotations

import datetime
from pathlib import Path

import journeymap as jm
from journeymap.analysis.actions import backlog
from tests.helpers import with_events

JOURNEY = """\
journeymap: 1
id: shop
title: Shop
stages:
  - {id: purchase, name: Purchase}
touchpoints:
  - id: cart
    stage: purchase
    owner: CX
    opportunities:
      - Plain idea
      - {text: Done already, priority: high, status: done}
      - {text: Late high, priority: high, due: 2027-03-01}
      - {text: Soon high, priority: high, due: 2027-01-01, owner: Web team}
  - id: hotline
    stage: purchase
    owner: CS
    opportunities:
      - {text: Low, priority: low, due: 2026-12-01}
      - {text: Medium undated, priority: medium}
"""


def test_the_backlog_sorts_what_is_left_to_do_by_priority_then_due_date() -> None:
    items = backlog([jm.loads(JOURNEY)])
    assert [item.action.text for item in items] == [
        "Soon high",
        "Late high",
        "Medium undated",
        "Low",
        "Plain idea",  # no priority: after the prioritised ones
        "Done already",  # done: last, whatever its priority
    ]
    soon = items[0]
    assert (soon.touchpoint.id, soon.stage and soon.stage.id, soon.action.owner) == (
        "cart",
        "purchase",
        "Web team",
    )
    assert soon.action.due == datetime.date(2027, 1, 1)


def test_each_action_knows_where_it_is_written() -> None:
    document = jm.reads(JOURNEY, file="shop.yaml")
    by_text = {item.action.text: item for item in backlog([document])}
    assert (by_text["Plain idea"].file, by_text["Plain idea"].line) == ("shop.yaml", 11)
    assert by_text["Low"].line == 19
    plain = {item.action.text: item for item in backlog([document.journey])}
    assert (plain["Low"].file, plain["Low"].line) == (None, None)  # pure data: no positions


def test_several_journeys_share_one_backlog_and_ties_keep_their_order() -> None:
    first = jm.loads(JOURNEY)
    second = jm.loads(JOURNEY.replace("id: shop", "id: shop-2"))
    items = backlog([first, second])
    assert [item.journey.id for item in items[:2]] == ["shop", "shop-2"]  # both "Soon high"
    assert len(items) == 12


SCORED = """\
journeymap: 1
id: scored
title: Scored
stages:
  - {id: purchase, name: Purchase}
  - {id: loyalty, name: Loyalty}
touchpoints:
  - id: checkout
    stage: purchase
    owner: CX
    events: [checkout]
    metrics: {csat: {value: 60, target: 80, n: 50}, nps: {value: -20, target: 10, n: 70}}
    opportunities:
      - {text: Fix the form, effort: M}
      - {text: Unsized idea}
      - {text: Shipped already, effort: S, status: done}
  - id: hotline
    stage: loyalty
    owner: CS
    events: [call]
    metrics: {frt: {value: 8, target: 4, n: 30}}
    opportunities:
      - {text: Hire, effort: L}
  - id: app
    stage: loyalty
    owner: CX
    events: [app]
    metrics: {csat: {value: 90, target: 80, n: 10}}
    opportunities:
      - {text: Polish, effort: S}
  - id: letter
    stage: loyalty
    owner: CX
    opportunities:
      - {text: Redesign the letter, effort: S}
"""


def test_the_evidence_behind_an_action_gives_its_score() -> None:
    """cases × the relative gap of the worst missed target ÷ effort; NPS runs below zero,
    so its gap is a share of its 200-point range (30 of 200: 15 %), smaller than CSAT's
    20 of 80 (25 %)."""
    assessed = jm.assess(jm.loads(SCORED))
    items = {item.action.text: item for item in backlog([assessed])}
    form = items["Fix the form"].evidence
    assert form is not None and form.reading is not None
    assert (form.cases, form.cases_from, form.gap_from) == (70, "n", "target")
    assert form.reading.metric == "csat" and form.gap == 0.25
    assert form.score == 70 * 0.25 / 2
    hire = items["Hire"].evidence
    assert hire is not None and hire.score == 30 * 1.0 / 4  # 8 minutes against 4: 100 % off
    polish = items["Polish"].evidence
    assert polish is not None and (polish.gap, polish.gap_from, polish.score) == (0.0, "met", 0.0)
    unsized = items["Unsized idea"].evidence
    assert unsized is not None and unsized.score is None and unsized.missing == ("effort",)
    letter = items["Redesign the letter"].evidence
    assert letter is not None and letter.missing == ("cases", "gap")


def test_a_ranked_backlog_puts_the_strongest_evidence_first() -> None:
    texts = [item.action.text for item in backlog([jm.assess(jm.loads(SCORED))])]
    assert texts == [
        "Fix the form",  # 8.75
        "Hire",  # 7.5
        "Polish",  # 0: every target met, still scored
        "Unsized idea",  # unscored, in the order of urgency
        "Redesign the letter",
        "Shipped already",  # done: last
    ]


def test_an_event_log_gives_the_cases_and_else_the_drop_off(tmp_path: Path) -> None:
    journey = jm.loads(SCORED.replace("value: 90, target: 80", "value: 90"))
    specs = ["40 x checkout, call, app", "10 x checkout, app", "25 x checkout"]
    items = {item.action.text: item for item in backlog([with_events(journey, specs, tmp_path)])}
    form = items["Fix the form"].evidence
    assert form is not None and (form.cases, form.cases_from) == (75, "events")
    assert form.score == 75 * 0.25 / 2  # the missed target still says the gap
    polish = items["Polish"].evidence  # no target: its share of cases stopping (none, an exit?)
    assert polish is not None and polish.cases == 50 and polish.gap_from == "dropoff"
    assert polish.gap == 0.0  # the last stage: its cases end the journey, none drop off
