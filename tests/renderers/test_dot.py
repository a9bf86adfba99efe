"""The DOT writer: deterministic, every label literal, Graphviz 2.43 can read it."""

from __future__ import annotations

import re
import subprocess

import journeymap as jm
from journeymap.renderers.dot import (
    BACKSLASH,
    MAX_STRING,
    WORD_JOINER,
    page_dot,
    plain,
    to_dot,
    to_dot_pages,
)
from journeymap.renderers.drawing import Arrow, Line, Page, Rect, Text
from tests.helpers import EXAMPLES, HOSTILE_DOT_TEXT, SHOP, hostile_journey, svg_texts


def draw(dot: str) -> bytes:
    """The SVG the system Graphviz draws from ``dot`` (the layout every page uses)."""
    return subprocess.run(
        ["dot", "-Knop2", "-Tsvg"], input=dot.encode(), capture_output=True, check=True
    ).stdout


def test_dot_is_deterministic() -> None:
    assert to_dot(jm.load(SHOP)) == to_dot(jm.load(SHOP))


def test_user_text_cannot_break_out_of_dot_strings() -> None:
    dot = to_dot(hostile_journey())
    # Outside quoted strings there is only our own syntax: no injected node or attribute.
    assert "evil" not in re.sub(r'"(?:[^"\\]|\\.)*"', '""', dot)
    drawn = " ".join(text for *_position, text in svg_texts(draw(dot)))
    goal = f"Goal: {' '.join(HOSTILE_DOT_TEXT.split())}"
    assert goal in drawn.replace(WORD_JOINER, "")  # the goal, wrapped over two lines
    assert "Küche ß ş ğ ı İ ĳ Ĳ" in drawn


def test_a_backslash_stays_and_control_characters_go() -> None:
    assert plain('C:\\Temp\\ "x"') == 'C:\\Temp\\ "x"'
    assert plain('ends with \\"') == "ends with \\" + WORD_JOINER + '"'  # see _quoted
    assert plain("a\\b", BACKSLASH) == "a" + BACKSLASH + "b"  # the embedded engine's way
    assert plain("a\x1b[2J b\tc\nd") == "a[2J b c d"


def test_no_string_is_longer_than_graphviz_2_43_reads() -> None:
    page = Page(100, 100, [Text(1, 1, "x" * 50) for _ in range(2000)])
    dot = page_dot(page, "long")
    strings = re.findall(r'"((?:[^"\\]|\\.)*)"', dot)
    assert max(len(s) for s in strings) <= MAX_STRING + 200
    assert dot.count('" + "') >= 10
    assert len(svg_texts(draw(dot))) == 2000


def test_long_lines_are_drawn_in_pieces_that_meet() -> None:
    points = tuple((float(i), float(i % 7)) for i in range(1001))
    dot = page_dot(Page(1000, 10, [Line(points, "#000000")]), "line")
    pieces = re.findall(r"L (\d+) ", dot)
    assert len(pieces) == 5 and sum(int(n) for n in pieces) == 1001 + 4  # shared ends
    svg = draw(dot).decode()
    assert svg.count("<polyline") == 5


def test_arrows_end_in_a_head_and_keep_their_route() -> None:
    arrow = Arrow(((10, 10), (40, 10), (40, 50), (80, 50)), "#7c3aed", 2.0, True, "a → b")
    dot = page_dot(Page(100, 100, [], [arrow]), "arrow")
    assert "style=dashed" in dot and 'tooltip="a → b"' in dot
    svg = draw(dot).decode()
    assert "stroke-dasharray" in svg and "<polygon" in svg  # the dashed route and its head


def test_rounded_boxes_and_state_set_once() -> None:
    items = [Rect(10, 10, 50, 20, fill="#dbeafe", stroke="#1d4ed8", radius=6)] * 3
    dot = page_dot(Page(100, 100, items), "boxes")
    assert dot.count("-#dbeafe") == 1  # the fill is set once and kept
    assert dot.count(" b 25 ") == 3


def test_every_example_is_valid_dot_for_graphviz() -> None:
    for example in EXAMPLES:
        journey = jm.load(example)
        assert draw(to_dot(journey)).startswith(b"<?xml")
        pages = to_dot_pages(journey, fit="a4")
        assert len(pages) == len(journey.stages)
        assert all(draw(page).startswith(b"<?xml") for page in pages)


def test_wide_flows_keep_arrow_heads_the_size_of_plain_ones() -> None:
    wide = Arrow(((0.0, 0.0), (50.0, 0.0)), "#64748b", 6.0, False, "")
    plain_flow = Arrow(((0.0, 10.0), (50.0, 10.0)), "#64748b", 1.2, False, "")
    dot = page_dot(Page(60, 20, [], [wide, plain_flow]), "g")
    # Graphviz grows a head with the pen: 0.7 × 2 / 6 keeps it as large as a plain flow's.
    assert 'edge [arrowsize=0.2 color="#64748b" penwidth=6.0 style=solid]' in dot
    assert 'edge [arrowsize=0.7 color="#64748b" penwidth=1.2 style=solid]' in dot


def test_a_shape_drawn_again_stands_where_its_own_page_puts_it() -> None:
    """Boxes, texts and flows are written once and kept across maps (``serve`` draws the
    same ones after each edit); a page of another height still flips them to its own y."""
    items = [Rect(10, 10, 50, 20, fill="#dbeafe", radius=6), Rect(5, 5, 5, 5), Text(10, 30, "a")]
    arrow = Arrow(((10, 10), (40, 10)), "#64748b", 1.2, False, "")
    for height in (100, 300, 100):
        dot = page_dot(Page(100, height, items, [arrow]), "again")
        top = f"{height - 10:.1f}"
        assert f"b 25 16.0 {top} " in dot and f"p 4 5.0 {height - 5:.1f} " in dot
        assert f"T 10.0 {height - 30:.1f} -1 " in dot and f'pos="e,40.0,{top} ' in dot
