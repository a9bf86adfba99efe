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


REACH = """
journeymap: 1
id: reach
title: Reach
state: future
personas: [{id: ann, name: Ann}, {id: bob, name: Bob}]
stages: [{id: a}, {id: b}, {id: c}]
touchpoints:
  - {id: start, stage: a, owner: CX, emotion: 0, next: [app, post-form]}
  - {id: app, stage: a, owner: CX, emotion: 1, personas: [bob], next: [chat]}
  - {id: chat, stage: b, owner: CS, emotion: 2, next: [done]}
  - {id: post-form, stage: b, owner: CX, emotion: -1, personas: [ann], next: [done]}
  - {id: done, stage: c, owner: CX, emotion: 0}
"""


def test_a_persona_path_goes_only_through_her_own_touchpoints() -> None:
    """Ann cannot reach the chat (only Bob's app leads there): her curve takes her own post
    form (−1), and does not look better off through a chat she never sees."""
    journey = jm.loads(REACH)
    assert ids(main_path(journey, "ann")) == ["start", "post-form", "done"]
    assert ids(main_path(journey, "bob")) == ["start", "app", "chat", "done"]
    for example in EXAMPLES:
        loaded = jm.load(example)
        for persona in loaded.personas:
            assert all(serves(tp, persona.id) for tp in main_path(loaded, persona.id))


def test_a_path_moves_in_file_order_within_a_stage() -> None:
    """The order the map places a stage's cards in: a path never runs back within a stage."""
    for example in EXAMPLES:
        loaded = jm.load(example)
        order = {tp.id: i for i, tp in enumerate(loaded.touchpoints)}
        stages = loaded.stage_index()
        for persona in [None, *(p.id for p in loaded.personas)]:
            ranks = [(stages[tp.stage], order[tp.id]) for tp in main_path(loaded, persona)]
            assert ranks == sorted(ranks)


def test_an_empty_journey_has_no_path() -> None:
    assert main_path(jm.Journey(id="e", title="E")) == []


def test_with_an_event_log_the_path_is_the_one_most_cases_took(tmp_path: Path) -> None:
    journey = jm.loads(BRANCHES)
    assert ids(main_path(journey)) == ["ad", "shop", "phone", "done"]
    # More customers chat than phone: the curve follows them, whatever the design's order.
    observed = with_events(
        journey, ["5 x ad, shop, phone, done", "20 x ad, shop, chat, done"], tmp_path
    )
    assert ids(main_path(journey, None, observed.observed)) == ["ad", "shop", "chat", "done"]
    # Chat is Ann's: Bob's curve takes the way he can, by phone.
    assert ids(main_path(journey, "bob", observed.observed)) == ["ad", "shop", "phone", "done"]
