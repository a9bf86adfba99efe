"""The DOT renderer: golden files, escaping, layout rules."""

from __future__ import annotations

import re

import journeymap as jm
from journeymap.renderers.dot import columns, to_dot
from tests.helpers import EXAMPLES, ROOT, hostile_journey


def test_dot_is_deterministic() -> None:
    assert to_dot(jm.load(EXAMPLES[0])) == to_dot(jm.load(EXAMPLES[0]))


def test_user_text_cannot_break_out_of_dot_strings() -> None:
    dot = to_dot(hostile_journey())
    # Every user string stays inside one quoted attribute: no injected node or attribute.
    assert "evil" not in re.sub(r'"(?:[^"\\]|\\.)*"', '""', dot)
    assert r"back\\slash" in dot and r"\"" in dot and r"\\l \\n" in dot


def test_names_in_any_script_are_kept() -> None:
    assert "Küche ß ş ğ ı İ ĳ Ĳ" in to_dot(hostile_journey())


def test_columns_keep_stages_in_order_and_follow_flows_inside_a_stage() -> None:
    journey = jm.load(ROOT / "tests" / "fixtures" / "rules" / "JM106.yaml")
    assert columns(journey) == {
        "ad": 0,
        "shop": 1,
        "hotline": 2,
        "chat": 2,
        "app": 3,
        "helpdesk": 4,
        "callback": 4,
    }
    dot = to_dot(journey)
    assert "__column_0 -> __column_1 [style=invis]" in dot
    assert re.search(r"rank=same\n\t\t__column_3\n\t\ttp_app\n", dot)
    # The loop back from loyalty to purchase follows the columns instead of constraining them.
    assert re.search(r"tp_app -> tp_shop \[constraint=false\]", dot)


def test_loops_inside_a_stage_are_broken_where_they_go_back() -> None:
    journey = jm.Journey(
        id="loop",
        title="Loop",
        stages=[jm.Stage(id="s")],
        touchpoints=[
            jm.Touchpoint(id="a", stage="s", owner="CX", next=["b"]),
            jm.Touchpoint(id="b", stage="s", owner="CX", next=["c"]),
            jm.Touchpoint(id="c", stage="s", owner="CS", next=["a", "ghost"]),
        ],
    )
    assert columns(journey) == {"a": 0, "b": 1, "c": 2}
    assert re.search(r"tp_c -> tp_a \[[^\]]*constraint=false", to_dot(journey))


def test_handoffs_and_lost_context_are_marked() -> None:
    dot = to_dot(jm.load(ROOT / "tests" / "fixtures" / "rules" / "JM205.yaml"))
    assert re.search(r'tp_shop -> tp_hotline \[color="#7c3aed" [^\]]*style=dashed\]', dot)
    assert re.search(r'tp_shop -> tp_chat \[color="#7c3aed" [^\]]*penwidth=2.2\]', dot)
    assert not re.search(r"tp_shop -> tp_chat \[[^\]]*dashed", dot)


def test_cards_show_owner_channel_emotion_badges_and_pain_points() -> None:
    dot = to_dot(jm.load(EXAMPLES[0]))
    assert re.search(
        r'tp_lieferservice \[label="Lieferservice-Hotline\\lCS · phone · ☹ −1\\lFRT 9m ✗   ART 1d ✓\\l⚠ 1 Schmerzpunkt\\l"',
        dot,
    )
    assert 'color="#b91c1c"' in dot  # pain points flag the card's border


def test_owner_lanes_split_each_stage() -> None:
    dot = to_dot(jm.load(EXAMPLES[0]), lanes="owner")
    assert "subgraph cluster_3_cx" in dot and "subgraph cluster_3_cs" in dot


def test_legend_is_in_the_journey_language() -> None:
    assert "Legende" in to_dot(jm.load(EXAMPLES[0]))
    tr = next(p for p in EXAMPLES if jm.load(p).locale == "tr")
    assert "Açıklama" in to_dot(jm.load(tr))
