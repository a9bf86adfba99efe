"""The main path the emotion curve follows."""

from __future__ import annotations

from pathlib import Path

import journeymap as jm
from journeymap.analysis.paths import main_path, serves
from tests.helpers import EXAMPLES, with_events

BRANCHES = """
journeymap: 1
id: branches
title: Branches
personas: [{id: ann, name: Ann}, {id: bob, name: Bob}]
stages: [{id: a}, {id: b}, {id: c}]
touchpoints:
  - {id: ad, stage: a, owner: CX, emotion: 1, next: [shop]}
  - {id: shop, stage: b, owner: CX, emotion: 0, next: [phone, chat, done]}
  - {id: phone, stage: b, owner: CS, emotion: -1, personas: [bob], next: [done]}
  - {id: chat, stage: b, owner: CS, emotion: 1, personas: [ann], next: [done, ad]}
  - {id: done, stage: c, owner: CX, emotion: 2}
"""


def ids(path: list[jm.Touchpoint]) -> list[str]:
    return [tp.id for tp in path]


def test_one_branch_is_taken_where_flows_split() -> None:
    journey = jm.loads(BRANCHES)
    assert ids(main_path(journey)) == ["ad", "shop", "phone", "done"]  # the first of equals
    assert ids(main_path(journey, "ann")) == ["ad", "shop", "chat", "done"]
    assert ids(main_path(journey, "bob")) == ["ad", "shop", "phone", "done"]


def test_flows_back_are_left_out() -> None:
    journey = jm.loads(BRANCHES)
    assert ids(main_path(journey, "ann")).count("ad") == 1  # chat → ad goes back


def test_a_persona_path_may_pass_others_but_shows_only_theirs() -> None:
    journey = jm.load(EXAMPLES[1])  # saas-onboarding: Maya's route passes Tom's sign-up form
    maya = main_path(journey, "maya")
    assert all(serves(tp, "maya") for tp in maya)
    assert "renewal-call" in ids(maya) and len(maya) > 8


def test_an_empty_journey_has_no_path() -> None:
    assert main_path(jm.Journey(id="e", title="E")) == []


def test_with_an_event_log_the_path_is_the_one_most_cases_took(tmp_path: Path) -> None:
    journey = jm.loads(BRANCHES)
    assert ids(main_path(journey)) == ["ad", "shop", "phone", "done"]
    # More customers chat than phone: the curve follows them, whatever the design's order.
    observed = with_events(
        journey, ["5 x ad, shop, phone, done", "20 x ad, shop, chat, done"], tmp_path
    )
    assert ids(main_path(observed)) == ["ad", "shop", "chat", "done"]
    assert ids(main_path(observed, "bob")) == ["ad", "shop", "done"]  # chat is Ann's
