"""The map's emotion lane: the scale, the personas' curves and their points' names."""

from __future__ import annotations

import journeymap as jm
from journeymap.renderers.drawing import SMALL, Dot, Text
from journeymap.renderers.emotion_lane import (
    EMOTION_H,
    EMOTION_PAD,
    STAGE_EMOTION_H,
    _placed,
    _point_label,
    _Taken,
    emotion_lane,
)
from journeymap.renderers.fonts import text_width
from journeymap.renderers.mapcontent import prepare
from tests.helpers import SHOP


def lane(left: float = 100.0, top: float = 50.0) -> tuple[list[object], float]:
    """The shop's emotion lane with stages 200 points wide from ``left``, and its right end."""
    content = prepare(jm.load(SHOP))
    right = left + 200.0 * len(content.columns)
    spans = [(left + 200.0 * n, left + 200.0 * (n + 1)) for n in range(len(content.columns))]
    return list(emotion_lane(content, content.columns, spans, left, right, top)), right


def test_every_point_lies_on_the_scale_and_is_named_inside_the_lane() -> None:
    left, top = 100.0, 50.0
    items, right = lane(left, top)
    dots = [item for item in items if isinstance(item, Dot)]
    assert dots and all(left < dot.x < right for dot in dots)
    levels = {top + EMOTION_PAD + step * (EMOTION_H - 2 * EMOTION_PAD) / 4 for step in range(5)}
    assert {round(dot.y, 6) for dot in dots} <= {round(level, 6) for level in levels}
    names = [t for t in items if isinstance(t, Text) and t.anchor == "middle"]
    # one name per point, on one line or two (the lines of a name share its centre)
    assert len({name.x for name in names}) == len({(dot.x, dot.y) for dot in dots})
    for name in names:
        half = text_width(name.text, SMALL) / 2
        assert left < name.x - half and name.x + half < right
        assert top < name.y - SMALL and name.y < top + EMOTION_H


def test_the_scale_is_labelled_left_of_the_lane() -> None:
    items, _right = lane(left=100.0)
    scale = [t for t in items if isinstance(t, Text) and t.anchor == "end"]
    assert [t.text for t in scale] == ["☺ +2", "☹ −2"] and all(t.x < 100.0 for t in scale)


def test_a_name_cut_short_is_written_whole_on_two_lines_where_that_overlaps_nothing() -> None:
    items, _right = lane()
    names = [t for t in items if isinstance(t, Text) and t.anchor == "middle"]
    by_centre: dict[float, list[str]] = {}
    for name in names:
        by_centre.setdefault(name.x, []).append(name.text)
    assert ["Bestellbestätigung per", "E-Mail"] in by_centre.values()  # cut short before
    dots = [item for item in items if isinstance(item, Dot)]
    for name in names:  # and no name covers a point
        half = text_width(name.text, SMALL) / 2
        for dot in dots:
            inside_x = name.x - half < dot.x + 3.5 and dot.x - 3.5 < name.x + half
            assert not (inside_x and name.y - SMALL < dot.y + 3.5 and dot.y - 3.5 < name.y + 3)


def test_a_name_with_no_room_above_or_under_its_point_stands_beside_it() -> None:
    bounds = (0.0, 0.0, 400.0, 96.0)
    taken = _Taken()
    taken.add((150.0, 20.0, 250.0, 42.0))  # over the point
    taken.add((150.0, 58.0, 250.0, 80.0))  # under it
    placed = _placed(["Hotline"], 200.0, 50.0, bounds, taken)
    assert placed is not None
    (label,), box = placed
    assert label.y == 54.0 and box[2] <= 200.0 - 3.5  # on its level, left of the point


def test_a_point_with_no_room_for_even_a_few_letters_of_its_name_stays_unnamed() -> None:
    """Rather than a name over another name: the point's card names it."""
    bounds = (0.0, 0.0, 400.0, 96.0)
    taken = _Taken()
    taken.add((0.0, 0.0, 400.0, 96.0))
    assert _point_label("Klachtenlijn", 200.0, 50.0, 120.0, bounds, taken) is None


def test_a_lane_of_another_height_keeps_its_points_on_its_own_scale() -> None:
    content = prepare(jm.load(SHOP))
    spans = [(100.0 + 200.0 * n, 300.0 + 200.0 * n) for n in range(len(content.columns))]
    items = emotion_lane(content, content.columns, spans, 100.0, 1200.0, 0.0, STAGE_EMOTION_H)
    pad = EMOTION_PAD * STAGE_EMOTION_H / EMOTION_H
    levels = {round(pad + step * (STAGE_EMOTION_H - 2 * pad) / 4, 6) for step in range(5)}
    dots = [item for item in items if isinstance(item, Dot)]
    assert dots and {round(dot.y, 6) for dot in dots} <= levels
    names = [t for t in items if isinstance(t, Text) and t.anchor == "middle"]
    assert all(name.y - SMALL > 0.0 and name.y < STAGE_EMOTION_H for name in names)
