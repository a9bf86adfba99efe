"""The map's emotion lane: the scale, one curve per persona along the stages, and every
point named where its name overlaps no other (:mod:`journeymap.renderers.grid` places the
lane; the personas' key is in the legend)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .drawing import INK, MUTED, RULE, SMALL, WHITE, Dot, Item, Line, Rect, Text
from .fonts import ELLIPSIS, shorten, text_width, wrap
from .mapcontent import Column, Content

if TYPE_CHECKING:
    from ..model.journey import Touchpoint

EMOTION_H, EMOTION_PAD = 96.0, 20.0
STAGE_EMOTION_H = 84.0  # on a stage's own page: its few points need less room for names
#: Up to this many points of an emotion lane carry their touchpoint's name.
MAX_NAMED_POINTS = 150
MAX_NAME_WIDTH = 160.0  # points; a longer name takes two lines, or is shortened


def emotion_lane(
    content: Content,
    columns: Sequence[Column],
    spans: Sequence[tuple[float, float]],
    left: float,
    right: float,
    top: float,
    height: float = EMOTION_H,
) -> list[Item]:
    """The emotion lane of a band of ``columns`` (their x ``spans``), from ``left`` (after
    the lanes' names) to ``right``, ``height`` high: its scale, one curve per persona,
    every point named."""
    pad = EMOTION_PAD * height / EMOTION_H
    inner = height - 2 * pad

    def level(emotion: float) -> float:
        return top + pad + (2 - max(-2.0, min(2.0, emotion))) / 4 * inner

    start_x = left
    items: list[Item] = [
        Line(
            ((start_x, level(value)), (right, level(value))),
            RULE if value == 0 else "#e2e8f0",
            0.8,
        )
        for value in (2, 1, 0, -1, -2)
    ]
    items.append(Text(start_x - 6, level(2) + 4, "☺ +2", SMALL, color=MUTED, anchor="end"))
    items.append(Text(start_x - 6, level(-2) + 4, "☹ −2", SMALL, color=MUTED, anchor="end"))
    # Each stage shares its width among the touchpoints the curves pass there, in file
    # order: the order every path moves in, so no curve runs back (two personas' curves
    # through one stage included).
    place: dict[str, tuple[float, float, float]] = {}  # id → x, y, room for its name
    names: dict[str, str] = {}
    on_path: dict[str, dict[int, Touchpoint]] = {}  # stage → the touchpoints curves pass
    for curve in content.curves:
        for tp in curve.path:
            on_path.setdefault(tp.stage, {})[id(tp)] = tp
    file_order = {id(tp): index for index, tp in enumerate(content.journey.touchpoints)}
    for column, (start, end) in zip(columns, spans, strict=True):
        members = sorted(
            on_path.get(column.stage.id, {}).values(), key=lambda tp: file_order[id(tp)]
        )
        step = (end - start) / max(len(members), 1)
        for slot, tp in enumerate(members):
            room = min(2 * step, MAX_NAME_WIDTH)  # a name may reach as far as the points beside
            place[tp.id] = (start + (slot + 0.5) * step, level(tp.emotion or 0.0), room)
            names[tp.id] = tp.label
    dots: list[Item] = []
    for curve in content.curves:
        points = [place[tp.id][:2] for tp in curve.path if tp.id in place]
        if len(points) > 1:
            items.append(Line(tuple(points), curve.color, 2.0, curve.style))
        dots += [Dot(x, y, 3.5, curve.color) for x, y in points]
    # The scale's own labels and every point are taken places too, and no name reaches
    # into the label column.
    taken = _Taken()
    taken.add((start_x - 40, level(2) - SMALL, start_x, level(2) + 4))
    taken.add((start_x - 40, level(-2) - SMALL, start_x, level(-2) + 4))
    for x, y, _room in place.values():
        taken.add((x - 3.5, y - 3.5, x + 3.5, y + 3.5))
    bounds = (start_x + 2, top + 2, right - 2, top + height - 2)
    if len(place) <= MAX_NAMED_POINTS:  # else the cards above carry the names
        labels = _labels(place, names, bounds, taken)
        for label in (label for lines, _box in labels.values() for label in lines):
            # A name reads on a white ground where a curve passes under it; the dots
            # stay on top, so that no point is hidden.
            width = text_width(label.text, SMALL)
            items.append(
                Rect(label.x - width / 2 - 1, label.y - SMALL + 1, width + 2, LINE, fill=WHITE)
            )
            items.append(label)
    return items + dots


LINE = 13.0  # from one line of a point's name to the next
Box = tuple[float, float, float, float]
Placed = tuple[list[Text], Box]


def _labels(
    place: dict[str, tuple[float, float, float]],
    names: dict[str, str],
    bounds: Box,
    taken: _Taken,
) -> dict[str, Placed]:
    """Every point's name, placed from left to right on one line (shortened where the
    names beside it leave no room); then a name cut short is written whole on two lines
    where that overlaps nothing, which never takes room a name already has."""
    labels: dict[str, Placed] = {}
    for tp_id, (x, y, room) in sorted(place.items(), key=lambda entry: entry[1][:2]):
        label = _point_label(names[tp_id], x, y, room, bounds, taken)
        if label is not None:
            labels[tp_id] = label
    for tp_id, (lines, box) in sorted(labels.items(), key=lambda entry: entry[1][1]):
        name, (x, y, room) = names[tp_id], place[tp_id]
        two = wrap(name, room - 4, SMALL)
        if ELLIPSIS not in lines[0].text or len(two) != 2 or " ".join(two) != name:
            continue  # whole already, or not two lines of whole words
        taken.remove(box)
        labels[tp_id] = _placed(two, x, y, bounds, taken) or (lines, box)
        taken.add(labels[tp_id][1])
    return labels


def _point_label(
    name: str, x: float, y: float, room: float, bounds: Box, taken: _Taken
) -> Placed | None:
    """A curve point's name on one line, by it where it overlaps nothing placed before
    and stays inside ``bounds`` (left, top, right, bottom); shortened as far as needed.
    None where even a few letters overlap: the point stays unnamed (its card names it)."""
    for width in (room, room * 0.66, room * 0.45, 36.0):
        placed = _placed([shorten(name, width - 4, SMALL)], x, y, bounds, taken)
        if placed:
            return placed
    return None


def _placed(lines: list[str], x: float, y: float, bounds: Box, taken: _Taken) -> Placed | None:
    """The ``lines`` of a name centred above (or else below, or one line beside) its point
    at (x, y), where they overlap nothing ``taken`` and stay inside ``bounds``; None where
    they cannot."""
    left, top, right, bottom = bounds
    half = max(text_width(line, SMALL) for line in lines) / 2
    below = (len(lines) - 1) * LINE
    spots = [(x, y - 7 - below), (x, y + SMALL + 6)]  # above the point, else under it
    if not below:  # else beside it, on its level: left, then right
        spots += [(x - half - 8, y + 4), (x + half + 8, y + 4)]
    for spot, first in spots:
        centre = min(max(spot, left + half + 2), right - half - 2)
        box = (centre - half - 2, first - SMALL, centre + half + 2, first + below + 3)
        if top <= box[1] and box[3] <= bottom and not taken.overlaps(box):
            taken.add(box)
            texts = [
                Text(centre, first + n * LINE, line, SMALL, color=INK, anchor="middle")
                for n, line in enumerate(lines)
            ]
            return texts, box
    return None


class _Taken:
    """The boxes placed so far, found by the strips of the lane they reach into: a box is
    compared with its neighbours only, however many points the lane has."""

    STRIP = 100.0

    def __init__(self) -> None:
        self.strips: dict[int, list[Box]] = {}

    def _strips(self, box: Box) -> range:
        return range(int(box[0] // self.STRIP), int(box[2] // self.STRIP) + 1)

    def add(self, box: Box) -> None:
        for strip in self._strips(box):
            self.strips.setdefault(strip, []).append(box)

    def remove(self, box: Box) -> None:
        for strip in self._strips(box):
            self.strips[strip].remove(box)

    def overlaps(self, box: Box) -> bool:
        return any(
            box[0] < other[2] and other[0] < box[2] and box[1] < other[3] and other[1] < box[3]
            for strip in self._strips(box)
            for other in self.strips.get(strip, ())
        )
