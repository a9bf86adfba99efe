"""The map's legend: what its boxes and lines mean, packed into rows."""

from __future__ import annotations

from pathlib import Path

import journeymap as jm
from journeymap.renderers.drawing import SMALL, Line, Text
from journeymap.renderers.fonts import text_width
from journeymap.renderers.grid import layout, split_by_stage
from journeymap.renderers.legend import legend, legend_height, legend_height_of
from journeymap.renderers.mapcontent import prepare
from tests.helpers import ROOT, SHOP, with_events


def test_the_legend_explains_the_event_log_overlay_only_when_there_is_one(
    tmp_path: Path,
) -> None:
    journey = jm.load(SHOP)
    plain_texts = {i.text for i in layout(journey).items if isinstance(i, Text)}
    observed = with_events(journey, ["30 x instagram-anzeige, prospekt"], tmp_path)
    texts = {i.text for i in layout(observed).items if isinstance(i, Text)}
    added = texts - plain_texts
    assert {"Breite: Fälle im Ereignisprotokoll", "↘ endete hier · ↻ kam wieder"} <= added


def test_rows_are_no_wider_than_the_room_and_the_height_counts_them() -> None:
    content = prepare(jm.load(SHOP))
    for width in (300.0, 600.0, 2000.0):
        items = legend(content, 0.0, 0.0, width)
        texts = [item for item in items if isinstance(item, Text)]
        assert texts and all(t.x + text_width(t.text, SMALL) <= width for t in texts)
        rows = len({t.y for t in texts})
        assert legend_height(content, width + 28) == legend_height_of(rows)


def test_each_persona_is_named_in_full_beside_the_pen_of_its_curve() -> None:
    content = prepare(jm.load(ROOT / "examples" / "saas-onboarding.yaml"))
    items = legend(content, 0.0, 0.0, 2000.0)
    names = [curve.name for curve in content.curves]
    assert len(names) == 2 and all(len(name) > 20 for name in names)  # no room was saved
    shown = [item.text for item in items if isinstance(item, Text)]
    assert shown[-2:] == names
    pens = [(item.color, item.style) for item in items if isinstance(item, Line)]
    assert [(curve.color, curve.style) for curve in content.curves] == pens[-2:]


def test_a_journey_without_personas_has_one_curve_and_no_key() -> None:
    content = prepare(jm.load(SHOP).model_copy(update={"personas": []}))
    shown = {item.text for item in legend(content, 0.0, 0.0, 2000.0) if isinstance(item, Text)}
    assert content.curves and content.curves[0].name not in shown


def test_the_legend_explains_only_what_the_map_shows() -> None:
    journey = jm.loads(
        "journeymap: 1\nid: j\ntitle: J\nstages: [{id: a}, {id: b}]\n"
        "touchpoints:\n"
        "  - {id: ad, stage: a, owner: CX, entry: true, next: [form]}\n"
        "  - {id: form, stage: b, owner: CX, exit: true, next: [chat], pain_points: [slow]}\n"
        "  - {id: chat, stage: b, owner: CS, exit: true}\n"
    )
    owners = {"CX touchpoint", "CS touchpoint (customer service)"}
    shown = {item.text for item in layout(journey, lanes="none").items if isinstance(item, Text)}
    assert owners | {"has pain points"} <= shown
    assert "flow" in shown and "hand-over, context lost" in shown  # form -> chat: no context
    assert "hand-over to CS, context kept" not in shown
    assert not any("target met" in text for text in shown)  # no metric, no target
    first_page, _second = split_by_stage(journey, lanes="none")
    on_first = {item.text for item in first_page.items if isinstance(item, Text)}
    assert "CX touchpoint" in on_first and "flow" not in on_first  # its one flow leaves it
    assert not on_first & {"CS touchpoint (customer service)", "has pain points"}


def test_an_owner_is_not_explained_where_its_lane_names_it() -> None:
    """The CX and CS lanes are named in their owners' colours: the legend leaves their
    cards out, and explains them where cards of both owners share a lane."""
    content = prepare(jm.load(SHOP))
    assert {lane.key for lane in content.lanes} == {"CX", "CS"}
    by_owner = {item.text for item in legend(content, 0.0, 0.0, 2000.0) if isinstance(item, Text)}
    assert "CX-Kontaktpunkt" not in by_owner and "hat Schmerzpunkte" in by_owner
    for lanes in ("channel", "persona", "none"):
        mixed = prepare(jm.load(SHOP), lanes=lanes)
        texts = {item.text for item in legend(mixed, 0.0, 0.0, 2000.0) if isinstance(item, Text)}
        assert {"CX-Kontaktpunkt", "CS-Kontaktpunkt (Kundenservice)"} <= texts, lanes


def test_targets_are_explained_only_where_a_metric_has_one() -> None:
    def legend_texts(metric: str) -> set[str]:
        journey = jm.loads(
            "journeymap: 1\nid: j\ntitle: J\nstages: [{id: a}]\n"
            f"touchpoints:\n  - {{id: ad, stage: a, owner: CX, metrics: {{csat: {metric}}}}}\n"
        )
        return {item.text for item in layout(journey).items if isinstance(item, Text)}

    marks = "✓ target met ✗ target missed"
    assert marks in legend_texts("{value: 80, target: 70}")
    assert marks not in legend_texts("{value: 80}")
