"""The map's emotion lane: the scale, one curve per persona along the stages, and every
point named where its name overlaps no other (:mod:`journeymap.renderers.grid` places the
lane; the personas' key is in the legend)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .drawing import INK, MUTED, RULE, SMALL, WHITE, Dot, Item, Line, Rect, Text
from .fonts import shorten, text_width
from .mapcontent import Column, Content

if TYPE_CHECKING:
    from ..model.journey import Touchpoint

EMOTION_H, EMOTION_PAD = 96.0, 20.0
#: Up to this many points of an emotion lane carry their touchpoint's name.
MAX_NAMED_POINTS = 150


def emotion_lane(
    content: Content,
    columns: Sequence[Column],
    spans: Sequence[tuple[float, float]],
    left: float,
    right: float,
    top: float,
) -> list[Item]:
    """The emotion lane of a band of ``columns`` (their x ``spans``), from ``left`` (after
    the lanes' names) to ``right``: its scale, one curve per persona, every point named."""
    height = EMOTION_H
    inner = height - 2 * EMOTION_PAD

    def level(emotion: float) -> float:
        return top + EMOTION_PAD + (2 - max(-2.0, min(2.0, emotion))) / 4 * inner

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
    place: dict[str, tuple[float, float, float]] = {}  # id → x, y, room
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
            place[tp.id] = (start + (slot + 0.5) * step, level(tp.emotion or 0.0), step)
            names[tp.id] = tp.label
    dots: list[Item] = []
    for curve in content.curves:
        points = [place[tp.id][:2] for tp in curve.path if tp.id in place]
        if len(points) > 1:
            items.append(Line(tuple(points), curve.color, 2.0, curve.style))
        dots += [Dot(x, y, 3.5, curve.color) for x, y in points]
    # The scale's own labels are taken places too, and no name reaches into the label column.
    taken = [
        (start_x - 40, level(2) - SMALL, start_x, level(2) + 4),
        (start_x - 40, level(-2) - SMALL, start_x, level(-2) + 4),
    ]
    bounds = (start_x + 2, top + 2, right - 2, top + height - 2)
    if len(place) <= MAX_NAMED_POINTS:  # else the cards above carry the names
        for tp_id, (x, y, room) in sorted(place.items(), key=lambda entry: entry[1][:2]):
            label = _point_label(names[tp_id], x, y, min(2 * room, 160.0), bounds, taken)
            # A name reads on a white ground where a curve passes under it; the dots
            # stay on top, so that no point is hidden.
            width = text_width(label.text, SMALL)
            items.append(
                Rect(label.x - width / 2 - 1, label.y - SMALL + 1, width + 2, SMALL + 2, fill=WHITE)
            )
            items.append(label)
    return items + dots


def _point_label(
    name: str,
    x: float,
    y: float,
    room: float,
    bounds: tuple[float, float, float, float],
    taken: list[Box],
) -> Text:
    """A curve point's name, above or below it where it overlaps no name placed before and
    stays inside ``bounds`` (left, top, right, bottom); shortened as far as needed."""
    left, top, right, bottom = bounds
    for width in (room, room * 0.66, room * 0.45, 36.0):
        label = shorten(name, width - 4, SMALL)
        half = text_width(label, SMALL) / 2
        centre = min(max(x, left + half + 2), right - half - 2)
        for baseline in (y - 7, y + SMALL + 6):
            box = (centre - half - 2, baseline - SMALL, centre + half + 2, baseline + 3)
            inside = top <= box[1] and box[3] <= bottom
            if inside and not _overlaps_any(box, taken):
                taken.append(box)
                return Text(centre, baseline, label, SMALL, color=INK, anchor="middle")
    baseline = y - 7 if y - SMALL - 7 >= top else y + SMALL + 6
    return Text(x, baseline, shorten(name, 36.0, SMALL), SMALL, color=INK, anchor="middle")


Box = tuple[float, float, float, float]


def _overlaps_any(box: Box, taken: list[Box]) -> bool:
    """Whether ``box`` overlaps a box placed before.  Names are placed from left to right and
    none is wider than 170 points, so only the last ones placed can reach this far."""
    for other in reversed(taken):
        if other[2] < box[0] - 400:
            return False
        if box[0] < other[2] and other[0] < box[2] and box[1] < other[3] and other[1] < box[3]:
            return True
    return False
