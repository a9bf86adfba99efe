"""The backlog: opportunities as actions, still-to-do first, then priority and due date."""

from __future__ import annotations

import datetime

import journeymap as jm
from journeymap.analysis.actions import backlog

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
