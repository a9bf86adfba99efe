"""Small edits written into the YAML text itself: only the changed values' characters move."""

from __future__ import annotations

import copy
from typing import Any

import pytest

import journeymap as jm
from journeymap.formats.loader import plain_data
from journeymap.formats.scalar_edits import in_place

TEXT = """\
journeymap: 1   # the format
id: shop
title: 'Shop: the "journey"'
stages:
  - {id: buy, name: Kauf}
touchpoints:
  - id: ad
    name: Anzeige  # the ad
    stage: buy
    owner: CX
    emotion: -1
    metrics: {csat: {value: 70, target: 80}}
  - {id: hotline, name: "Hotline", stage: buy, owner: CS, pain_points: [Wartezeit, 'Zu lang']}
"""


def edited(change: Any) -> tuple[str | None, dict[str, Any]]:
    document = jm.reads(TEXT, file="shop.yaml")
    before = plain_data(document.journey, document.source)
    after = copy.deepcopy(before)
    change(after)
    return in_place(TEXT, document.source, before, after), after


@pytest.mark.parametrize(
    ("change", "line"),
    [
        (
            lambda d: d["touchpoints"][0].update(name="Instagram-Reel"),
            "    name: Instagram-Reel  # the ad",
        ),
        (lambda d: d["touchpoints"][0].update(emotion=2), "    emotion: 2"),
        (lambda d: d["stages"][0].update(name="Kaufen"), "  - {id: buy, name: Kaufen}"),
        (lambda d: d.update(title="Shop's"), "title: 'Shop''s'"),
        (
            lambda d: d["touchpoints"][1].update(name="Hot: line"),
            "  - {id: hotline, name: \"Hot: line\", stage: buy, owner: CS, pain_points: [Wartezeit, 'Zu lang']}",
        ),
        (
            lambda d: d["touchpoints"][1]["pain_points"].__setitem__(0, "Warten, lange"),
            '  - {id: hotline, name: "Hotline", stage: buy, owner: CS, pain_points: ["Warten, lange", \'Zu lang\']}',
        ),
        (
            lambda d: d["touchpoints"][0]["metrics"]["csat"].update(target=85),
            "    metrics: {csat: {value: 70, target: 85}}",
        ),
        (lambda d: d["touchpoints"][0].update(name="123"), '    name: "123"  # the ad'),
    ],
)
def test_a_changed_scalar_is_written_where_it_stands(change: Any, line: str) -> None:
    text, after = edited(change)
    assert text is not None
    changed = [(a, b) for a, b in zip(TEXT.splitlines(), text.splitlines(), strict=True) if a != b]
    assert [b for _, b in changed] == [line]
    document = jm.reads(text, file="shop.yaml")
    assert plain_data(document.journey, document.source) == after


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["touchpoints"][0].update(channel="web"),  # a new key
        lambda d: d["touchpoints"].pop(),  # an element less
        lambda d: d["touchpoints"][0].pop("emotion"),  # a key less
        lambda d: d["touchpoints"][0].update(owner=True),  # true: left to the writer
    ],
)
def test_anything_more_than_scalars_is_left_to_the_round_trip_writer(change: Any) -> None:
    assert edited(change)[0] is None


def test_a_plain_value_that_goes_on_over_lines_is_not_touched() -> None:
    text = "journeymap: 1\nid: s\ntitle: A title\n  that goes on\nstages: []\n"
    document = jm.reads(text, file="s.yaml")
    before = plain_data(document.journey, document.source)
    after = {**before, "title": "B"}
    assert in_place(text, document.source, before, after) is None
    assert in_place(text.replace("\n", "\r\n"), document.source, before, after) is None
