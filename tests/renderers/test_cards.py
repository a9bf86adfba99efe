"""A card drawn: its box and lines, grown into the empty room under it where no flow runs."""

from __future__ import annotations

import pytest

import journeymap as jm
from journeymap.renderers.cards import card_items, gap_items, gap_lines, lines_in
from journeymap.renderers.drawing import MUTED, PAIN, Arrow, Rect, Text, line_height
from journeymap.renderers.mapcontent import Card, prepare
from tests.helpers import SHOP

NOTE = "← kommt von einer Anzeige auf Instagram"


def placed_card() -> Card:
    """Instagram-Anzeige at (100, 100), 130 points wide, with a note cut short."""
    card = prepare(jm.load(SHOP)).columns[0].cards["CX"][0]
    card.note(NOTE, "#7c3aed")
    card.x, card.y, card.width = 100.0, 100.0, 130.0
    return card


def drawn(items: list) -> tuple[Rect, list[str]]:
    box = next(item for item in items if isinstance(item, Rect))
    return box, [item.text for item in items if isinstance(item, Text)]


def test_a_card_cut_short_takes_the_empty_room_under_it() -> None:
    card = placed_card()
    bottom = card.bottom
    box, lines = drawn(card_items(card, bottom, []))  # no room: cut
    assert lines[-1] == "← kommt von…" and box.y + box.h == bottom
    box, lines = drawn(card_items(card, bottom + 3 * line_height(11), []))
    assert lines[-3:] == ["← kommt von einer", "Anzeige auf", "Instagram"]
    assert box.y + box.h == card.bottom == pytest.approx(bottom + 2 * line_height(11))


def test_a_flow_through_the_room_under_a_card_keeps_its_text_cut() -> None:
    card = placed_card()
    bottom = card.bottom
    under = Arrow(((80.0, bottom + 10), (260.0, bottom + 10)), "#64748b", 1.2, False, "")
    beside = Arrow(((230.0, bottom - 5), (250.0, bottom - 5)), "#64748b", 1.2, False, "")
    _box, lines = drawn(card_items(card, bottom + 40, [under]))
    assert lines[-1] == "← kommt von…" and card.bottom == bottom
    _box, lines = drawn(card_items(card, bottom + 40, [beside]))  # leaves at its side
    assert lines[-1] == "Instagram"


def test_lines_in_counts_whole_lines() -> None:
    assert lines_in(2 * line_height(11)) == 2
    assert lines_in(2 * line_height(11) - 0.5) == 1
    assert lines_in(-4.0) == 0


def test_an_empty_cs_cell_says_so_only_where_customers_need_service() -> None:
    stages = [jm.Stage(id="aware", phase="awareness"), jm.Stage(id="buy", phase="purchase")]
    cx = [
        jm.Touchpoint(id="ad", stage="aware", owner="CX"),
        jm.Touchpoint(id="shop", stage="buy", owner="CX"),
    ]
    chat = jm.Touchpoint(id="chat", stage="keep", owner="CS")
    keep = jm.Stage(id="keep", phase="loyalty")
    journey = jm.Journey(
        id="g", title="G", locale="de", stages=[*stages, keep], touchpoints=[*cx, chat]
    )
    content = prepare(journey)
    aware, buy, _keep = content.columns
    assert gap_lines(content, aware, 300) == []  # nobody needs service while noticing an ad
    lines = gap_lines(content, buy, 120)
    assert len(lines) > 1 and {colour for _line, colour in lines} == {PAIN}
    assert " ".join(line for line, _colour in lines) == "Kein Kundenservice, wo Kunden ihn brauchen"
    texts = gap_items(content, buy, 50.0, 80.0, 170.0)
    assert [t.text for t in texts] == [line for line, _colour in lines]
    assert all(50 < t.x < 170 and t.y > 80 for t in texts)
    blank = prepare(jm.Journey(id="g", title="G", locale="de", stages=stages, touchpoints=cx))
    assert gap_lines(blank, blank.columns[0], 300) == [
        ("Kein Kundenservice", MUTED)
    ]  # no card at all
