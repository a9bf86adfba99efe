"""One reading per touchpoint metric: value, target, status and source, in file order."""

from __future__ import annotations

import journeymap as jm
from journeymap.model.readings import Measured, Readings

JOURNEY = """
journeymap: 1
id: readings
title: Readings
stages: [{id: s}]
touchpoints:
  - id: shop
    stage: s
    owner: CX
    metrics: {csat: {value: 90, target: 80, n: 40}, nps: {value: 10, target: 30}, ces: 3, oops: 1}
  - id: hotline
    stage: s
    owner: CS
    metrics: {frt: {value: 2h, target: 3h}, art: {target: 1d}}
"""


def test_each_metric_reads_once_with_its_status() -> None:
    journey = jm.loads(JOURNEY)
    got = [(r.touchpoint.id, r.metric, r.value, r.target, r.n, r.status) for r in Readings(journey)]
    assert got == [
        ("shop", "csat", 90, 80, 40, "met"),
        ("shop", "nps", 10, 30, None, "missed"),
        ("shop", "ces", 3, None, None, "none"),
        ("shop", "oops", 1, None, None, "none"),
        ("hotline", "frt", 120, 180, None, "met"),  # lower is better
        ("hotline", "art", None, 1440, None, "none"),  # a target without a value
    ]


def test_readings_know_their_definition_path_and_source() -> None:
    journey = jm.loads(JOURNEY)
    readings = Readings(journey)
    shop, hotline = journey.touchpoints
    assert [r.metric for r in readings.of(hotline)] == ["frt", "art"]
    csat, *_, oops = readings.of(shop)
    assert csat.info is not None and csat.info.better == "higher" and oops.info is None
    assert csat.path == ("touchpoints", 0, "metrics", "csat")
    assert {r.source for r in readings} == {"typed"}
    assert readings.of(jm.Touchpoint(id="elsewhere", stage="s", owner="CX")) == []


def test_a_measured_value_carries_its_interval() -> None:
    journey = jm.loads(JOURNEY)
    measured = {"shop": {"csat": Measured(90, 40, 76.9, 96.0)}}
    csat = Readings(journey, measured).of(journey.touchpoints[0])[0]
    assert (csat.source, csat.ci_low, csat.ci_high) == ("measured", 76.9, 96.0)
    assert Readings(journey).of(journey.touchpoints[0])[0].source == "typed"
