"""The page's title strip and the stages' headings (the drawing is tested in test_grid)."""

from __future__ import annotations

import dataclasses

import journeymap as jm
from journeymap.renderers.drawing import BODY, MARGIN, TITLE, Text, line_height
from journeymap.renderers.fonts import text_width
from journeymap.renderers.headings import (
    TITLE_SHARE,
    heading,
    title_height,
    title_items,
    title_room,
)
from journeymap.renderers.mapcontent import Content, prepare
from tests.helpers import ROOT, SHOP


def stage_page(path: str, index: int) -> Content:
    content = prepare(jm.load(ROOT / "examples" / path))
    return dataclasses.replace(
        content,
        columns=[content.columns[index]],
        subtitle=f"{content.journey.title} · {content.subtitle} · Page {index + 1}",
        stage_page=True,
    )


def test_a_whole_map_is_titled_by_its_journey_with_its_state_after_it() -> None:
    content = prepare(jm.load(SHOP))
    items = [i for i in title_items(content, 0.0, 0.0, 1200.0, 1200.0) if isinstance(i, Text)]
    assert [t.text for t in items] == [content.journey.title, content.subtitle]
    assert items[0].y == items[1].y  # one line
    assert title_height(content, 1200.0) == MARGIN + line_height(TITLE) + 6
    room = title_room(content, 1200.0)
    assert room == text_width(content.journey.title, TITLE, bold=True) + 12 + text_width(
        content.subtitle, BODY
    )


def test_a_stage_page_is_titled_by_its_stage_and_its_lines_under_it_fold_at_their_joints() -> None:
    content = stage_page("saas-onboarding-future.yaml", 2)
    items = [i for i in title_items(content, 0.0, 0.0, 900.0, 400.0) if isinstance(i, Text)]
    assert items[0].text == "3 · Trial & purchase" and items[0].size == TITLE
    under = [t.text for t in items[1:]]
    # the journey's title breaks at its " · ", not inside "future state"
    assert under[:2] == [
        "Acme Analytics – from first ad to advocate (future state) · future state",
        "Page 3",
    ]
    assert under[-1] == "Goal: Prove the tool works with our own data, then buy"
    assert all(text_width(line, BODY) <= 400.0 for line in under)
    lines = len(under)
    assert title_height(content, 400.0) == MARGIN + line_height(TITLE) + 6 + lines * 13.2 + 4


def test_a_stage_pages_title_leaves_the_legend_room_beside_it() -> None:
    content = stage_page("saas-onboarding-future.yaml", 2)
    assert title_room(content, 1000.0) <= 1000.0 * TITLE_SHARE
    short = stage_page("telecom-contract.yaml", 0)  # lines under it narrower than the share
    widest = max(text_width(t.text, BODY) for t in title_items(short, 0, 0, 2000, 2000)[1:]
                 if isinstance(t, Text))  # fmt: skip
    assert title_room(short, 2000.0) == max(widest, text_width("1 · Farkındalık", TITLE, bold=True))


def test_a_stage_heading_names_its_phase_unless_its_name_says_it() -> None:
    lines = heading(2, "Vergleichen", "consideration", None, "de", 300.0)
    assert lines == [("2 · Vergleichen · Abwägung", True)]
    assert heading(2, "Abwägung", "consideration", None, "de", 300.0) == [("2 · Abwägung", True)]
