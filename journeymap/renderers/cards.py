"""A card of the map drawn: its box in its owner's (or its layer's) colours and its lines.
A card whose text is cut short takes the room its row, or its lane, leaves empty under
it, where no flow runs (:mod:`journeymap.renderers.grid` places the cards).  Where the CS
lane has no card, what its cell says instead."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from .drawing import (
    BODY,
    LAYER_COLOURS,
    OWNER_FILL,
    OWNER_LINE,
    PAIN,
    Arrow,
    Item,
    Rect,
    Text,
    line_height,
)
from .fonts import ELLIPSIS, wrap
from .mapcontent import CARD_PAD, Card, Column, Content


def lines_in(height: float) -> int:
    """How many lines of card text fit ``height`` points."""
    return max(int(height / line_height(BODY) + 1e-6), 0)


def _grown(card: Card, lowest: float, arrows: Sequence[Arrow]) -> None:
    """A card whose text is cut short takes the empty room under it, down to ``lowest``,
    where no flow runs through that room (flows run along the gaps between rows)."""
    width = card.width
    if not any(ELLIPSIS in line for line, _bold, _colour in card.lines(width, card.spare)):
        return
    spare = card.spare + lines_in(lowest - card.bottom)
    bottom = card.y + card.height(width, spare)
    if bottom <= card.bottom or _crossed(card.x, card.y, card.x + width, bottom, arrows):
        return
    card.spare = spare


def _crossed(left: float, top: float, right: float, bottom: float, arrows: Sequence[Arrow]) -> bool:
    """Whether a flow runs through the box (one that leaves or enters at its side does not)."""
    for arrow in arrows:
        for (x1, y1), (x2, y2) in itertools.pairwise(arrow.points):
            across = left + 1 < max(x1, x2) and min(x1, x2) < right - 1
            if across and top + 1 < max(y1, y2) and min(y1, y2) < bottom - 1:
                return True
    return False


def card_items(card: Card, lowest: float, arrows: Sequence[Arrow]) -> list[Item]:
    """A placed card's box and lines, grown down to ``lowest`` where its text is cut short
    and none of the band's ``arrows`` runs through that room."""
    _grown(card, lowest, arrows)
    if card.kind == "touchpoint":
        owner = card.touchpoint.owner
        pained = bool(card.touchpoint.pain_points)
        fill, stroke = OWNER_FILL[owner], PAIN if pained else OWNER_LINE[owner]
        pen, radius = (2.4 if pained else 1.2), 6.0
    else:
        (fill, stroke), pen = LAYER_COLOURS[card.kind], 1.0
        radius = 1.0 if card.kind == "systems" else 4.0  # a system is a box, not a note
    items: list[Item] = [
        Rect(
            card.x,
            card.y,
            card.width,
            card.bottom - card.y,
            fill=fill,
            stroke=stroke,
            pen=pen,
            radius=radius,
        )
    ]
    for number, (line, bold, color) in enumerate(card.lines(card.width, card.spare)):
        baseline = card.y + CARD_PAD + number * line_height(BODY) + BODY
        items.append(Text(card.x + CARD_PAD, baseline, line, BODY, bold=bold, color=color))
    return items


def gap_lines(content: Content, column: Column, width: float) -> list[tuple[str, str]]:
    """The lines (text, colour) an empty cell of the CS lane says, in a stage ``width``
    wide (see :attr:`Content.service_gaps`); none where the cell holds a card."""
    said = content.service_gaps.get(column.number)
    if said is None:
        return []
    message, colour = said
    lines = wrap(message, width - 2 * CARD_PAD, BODY, lang=column.lang)
    return [(line, colour) for line in lines]


def gap_items(
    content: Content, column: Column, left: float, top: float, right: float
) -> list[Item]:
    """What an empty cell of the CS lane says, where its cards would stand."""
    lines = gap_lines(content, column, right - left)
    return [
        Text(
            left + CARD_PAD,
            top + CARD_PAD + number * line_height(BODY) + BODY,
            line,
            BODY,
            color=colour,
        )
        for number, (line, colour) in enumerate(lines)
    ]
