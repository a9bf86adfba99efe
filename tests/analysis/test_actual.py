"""Designed vs actual: the design read against the paths customers took."""

from __future__ import annotations

from pathlib import Path

import journeymap as jm
from journeymap.analysis.actual import actual
from tests.helpers import with_events

SHOP = """
journeymap: 1
id: shop
title: Shop
stages: [{id: find, name: Find}, {id: buy, name: Buy}, {id: after, name: After}]
touchpoints:
  - {id: ad, stage: find, owner: CX, entry: true, next: [shop]}
  - {id: shop, stage: buy, owner: CX, next: [paid, chat]}
  - {id: chat, stage: buy, owner: CS, next: [paid]}
  - {id: paid, stage: after, owner: CX, exit: true}
  - {id: hotline, stage: after, owner: CS, exit: true}
"""
LOG = [
    "60 x ad, shop, paid",  # the designed path
    "40 x ad, shop, hotline, hotline",  # an undesigned step to the hotline, called twice
    "30 x ad, shop",  # ended at the shop
]


def measured(tmp_path: Path, extra: str = "") -> jm.Assessed:
    return with_events(jm.loads(SHOP + extra), LOG, tmp_path)


def test_without_an_event_log_there_is_nothing_to_compare() -> None:
    assert actual(jm.loads(SHOP), None) is None
    assert jm.assess(jm.loads(SHOP)).actual is None


def test_traffic_counts_cases_drop_offs_and_repeats_and_marks_what_rules_report(
    tmp_path: Path,
) -> None:
    observed = measured(tmp_path).actual
    assert observed is not None
    shop = observed.traffic["shop"]
    assert (shop.cases, shop.dropoff, shop.repeat_cases) == (130, 30, 0)
    assert shop.dropoff_share == 30 / 130 and shop.dropoff_alarm  # 30 cases, 23 % ≥ 10 %
    hotline = observed.traffic["hotline"]
    assert (hotline.cases, hotline.repeat_cases, hotline.repeat_alarm) == (40, 40, True)
    assert not hotline.dropoff_alarm  # an exit: customers are meant to end there
    assert observed.traffic["chat"].cases == 0  # designed, never reached: still listed


def test_steps_are_between_two_touchpoints_most_cases_first(tmp_path: Path) -> None:
    observed = measured(tmp_path).actual
    assert observed is not None
    assert [(s.source, s.target, s.cases, s.designed) for s in observed.steps] == [
        ("ad", "shop", 130, True),
        ("shop", "paid", 60, True),
        ("shop", "hotline", 40, False),
    ]  # hotline → hotline is a repeat visit, not a step
    detour = observed.steps[2]
    assert detour.share == 40 / 130
    assert observed.undesigned == [detour] and observed.most_cases == 130
    assert observed.step("shop", "hotline") is detour and observed.step("shop", "chat") is None
    assert observed.unused == [("chat", "paid"), ("shop", "chat")]


def test_the_journeys_own_thresholds_decide_what_is_drawn_and_marked(tmp_path: Path) -> None:
    strict = "checks: {JM401: {min_cases: 50}, JM403: {min_share: 25}}\n"
    observed = measured(tmp_path, strict).actual
    assert observed is not None
    assert observed.undesigned == []  # 40 cases < 50
    assert not observed.traffic["shop"].dropoff_alarm  # 23 % < 25 %


def test_funnel_and_variants_in_journey_order(tmp_path: Path) -> None:
    observed = measured(tmp_path).actual
    assert observed is not None
    assert [(stage.id, cases) for stage, cases in observed.funnel] == [
        ("find", 130),
        ("buy", 130),
        ("after", 100),
    ]
    assert [([tp.id for tp in path], n) for path, n in observed.variants] == [
        (["ad", "shop", "paid"], 60),
        (["ad", "shop", "hotline", "hotline"], 40),
        (["ad", "shop"], 30),
    ]


def test_a_flow_slower_than_its_max_wait_is_slow(tmp_path: Path) -> None:
    journey = jm.loads(SHOP.replace("next: [paid, chat]", "next: [{to: paid, max_wait: 1h}, chat]"))
    observed = with_events(
        journey, ["10 x ad, shop, paid +2h", "10 x ad, shop, paid"], tmp_path
    ).actual
    assert observed is not None
    step = observed.step("shop", "paid")
    assert step is not None and step.max_wait == 3600 and step.slow  # median 1 h 0.5 min
    assert not observed.step("ad", "shop").slow  # type: ignore[union-attr]


def test_the_slowest_tenth_of_the_steps_stands_out_without_a_max_wait(tmp_path: Path) -> None:
    log = [
        "60 x ad, shop +1h, paid +2d",  # shop → paid: 2 days, the slowest step often taken
        "40 x ad, shop +1h, hotline +1h, hotline +3h",
        "1 x ad, shop +1h, chat +1h, paid +9d",  # chat → paid: slower, but one case only
    ]
    observed = with_events(jm.loads(SHOP), log, tmp_path).actual
    assert observed is not None
    assert [(step.source, step.target) for step in observed.slowest] == [("shop", "paid")]
    step = observed.step("shop", "paid")
    assert step is not None and (step.median_s, step.p90_s) == (2 * 86400, 2 * 86400)


def test_a_short_log_still_names_its_slowest_step(tmp_path: Path) -> None:
    observed = with_events(jm.loads(SHOP), ["3 x ad, shop +5m, paid +1h"], tmp_path).actual
    assert observed is not None
    assert [(s.source, s.target) for s in observed.slowest] == [("shop", "paid")]


def test_steps_of_equal_time_have_no_slowest(tmp_path: Path) -> None:
    observed = with_events(jm.loads(SHOP), ["10 x ad, shop +1h, paid +1h"], tmp_path).actual
    assert observed is not None and observed.slowest == []
