"""The journey map's grid: stage columns, lanes in one order, fitted to a screen or paper."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import journeymap as jm
from journeymap.renderers.drawing import (
    BLUEPRINT_LINE,
    BODY,
    HEADER_FILL,
    LANE_FILL,
    PAIN,
    TITLE,
    WHITE,
    Arrow,
    Line,
    Page,
    Rect,
    Text,
    line_height,
)
from journeymap.renderers.engines import render
from journeymap.renderers.fonts import text_width
from journeymap.renderers.grid import (
    ASPECTS,
    HEADER,
    ROW_GAP,
    _band_height,
    _cell_text,
    _draw,
    _label_width,
    _natural_size,
    _pages,
    _shown,
    arrange,
    layout,
    split_by_stage,
)
from journeymap.renderers.headings import heading as _heading
from journeymap.renderers.mapcontent import prepare
from journeymap.renderers.options import LANES
from tests.helpers import (
    EXAMPLES,
    FIXTURES,
    ROOT,
    SHOP,
    service_journey,
    svg_size,
    svg_texts,
    with_events,
)

HELD_BACK = sorted((FIXTURES / "journeys").glob("*.yaml"))
SCREEN_WIDTH = 1920


@pytest.mark.parametrize("path", [*EXAMPLES, *HELD_BACK], ids=lambda p: p.name)
def test_16_9_on_a_1920x1080_screen_keeps_every_text_at_least_16_px(path: Path) -> None:
    """Every example and held-back journey has 25 touchpoints or fewer."""
    assert len(jm.load(path).touchpoints) <= 25
    svg = render(jm.load(path), "svg", engine="system", fit="16:9")
    width, height = svg_size(svg)
    assert abs(width / height - 16 / 9) / (16 / 9) < 0.02
    scale = SCREEN_WIDTH / width  # the drawing shown whole on the screen, by its width
    smallest = min(size for *_xy, size, _text in svg_texts(svg))
    assert smallest * scale >= 16, f"{path.name}: {smallest * scale:.2f} px"


@pytest.mark.parametrize("fit", ["16:9", "4:3", "a4", "a3"])
def test_every_fit_takes_its_shape(fit: str) -> None:
    page = layout(jm.load(SHOP), fit=fit)  # type: ignore[arg-type]
    assert page.width / page.height == pytest.approx(ASPECTS[fit], rel=1e-3)


def cards_of(page: Page) -> list[Rect]:
    return [item for item in page.items if isinstance(item, Rect) and item.radius == 6]


def every_page(journey: jm.Journey) -> list[tuple[str, Page]]:
    """The whole map in each kind of lanes, and the pages of ``--split stage``."""
    pages = [(lanes, layout(journey, lanes=lanes, fit="16:9")) for lanes in LANES]
    pages += [(f"page {n}", page) for n, page in enumerate(split_by_stage(journey), 1)]
    return pages


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_cards_never_overlap_and_no_flow_crosses_a_card(example: Path) -> None:
    for name, page in every_page(jm.load(example)):
        cards = cards_of(page)
        for i, a in enumerate(cards):
            for b in cards[i + 1 :]:
                apart = a.x + a.w <= b.x or b.x + b.w <= a.x or a.y + a.h <= b.y or b.y + b.h <= a.y
                assert apart, (name, a, b)
        for arrow in page.arrows:
            for (x1, y1), (x2, y2) in zip(arrow.points, arrow.points[1:], strict=False):
                for card in cards:
                    inside_x = card.x + 1 < max(x1, x2) and min(x1, x2) < card.x + card.w - 1
                    inside_y = card.y + 1 < max(y1, y2) and min(y1, y2) < card.y + card.h - 1
                    assert not (inside_x and inside_y), (name, arrow.tooltip)


@pytest.mark.parametrize("example", [*EXAMPLES, *HELD_BACK], ids=lambda p: p.name)
def test_every_text_stays_on_the_page(example: Path) -> None:
    """A text past the edge would be cut off, or (as Graphviz grows the drawing to show it)
    would change the page's shape."""
    for name, page in every_page(jm.load(example)):
        for item in page.items:
            if isinstance(item, Text):
                width = text_width(item.text, item.size, bold=item.bold)
                left = item.x - {"start": 0, "middle": width / 2, "end": width}[item.anchor]
                assert left >= 0 and left + width <= page.width, (name, item)
                assert item.size <= item.y <= page.height, (name, item)


def test_lanes_keep_one_order_across_every_stage() -> None:
    content = prepare(jm.load(SHOP))
    page = layout(content.journey, fit="none")
    lowest_cx = max(c.y + c.h for c in cards_of(page) if c.fill == "#dbeafe")
    highest_cs = min(c.y for c in cards_of(page) if c.fill == "#ffedd5")
    assert lowest_cx < highest_cs  # CX above CS in every stage: the line of interaction
    assert lane_labels(page)[:2] == ["CX", "CS"]


def texts(page: Page) -> list[str]:
    return [item.text for item in page.items if isinstance(item, Text)]


def lane_labels(page: Page) -> list[str]:
    """The bold labels at the left of the lanes (the title stands further left)."""
    return [t.text for t in page.items if isinstance(t, Text) and t.bold and 18 < t.x < 60]


def test_stage_headers_carry_number_name_phase_and_goal() -> None:
    shown = " ".join(texts(layout(jm.load(SHOP), fit="none")))
    assert "1 · Aufmerksamkeit Ziel: Eine bessere Küchenmaschine finden" in shown
    assert "4 · Lieferung & Nutzung · Bindung Ziel: Das Gerät schnell" in shown


def test_a_long_stage_name_never_cuts_the_phase_off() -> None:
    def heading(name: str, width_of: str) -> list[str]:
        width = text_width(width_of, HEADER, bold=True)
        return [line for line, _bold in _heading(3, name, "loyalty", None, "nl", width)]

    name = "Ontvangst bevestigen"
    assert heading(name, f"3 · {name} · Loyaliteit") == [f"3 · {name} · Loyaliteit"]
    assert heading(name, f"3 · {name} ·") == [f"3 · {name} ·", "Loyaliteit"]
    assert heading(name, "3 · Ontvangst") == ["3 · Ontvangst", "bevestigen ·", "Loyaliteit"]
    long = heading("Ontvangst van de aanvraag schriftelijk bevestigen", "3 · Ontvangst van")
    assert long[-1] == "Loyaliteit" and long[-2].endswith("…") and len(long) == 3


def test_pain_points_and_opportunities_have_lanes_of_their_own() -> None:
    shown = texts(layout(jm.load(SHOP), fit="none"))
    assert "Schmerzpunkte" in shown and "Chancen" in shown
    assert "• Instagram-Anzeige: Anzeige verschweigt den Preis" in " ".join(shown)


def test_a_lane_of_text_no_stage_fills_is_left_out() -> None:
    journey = service_journey()  # no pain points, no opportunities
    page = layout(journey, fit="16:9")
    assert lane_labels(page) == ["CX", "CS", "Emotie"]
    pained = journey.model_copy(
        update={
            "touchpoints": [
                *journey.touchpoints[:1],
                jm.Touchpoint(id="x", stage="buy", owner="CX", pain_points=["Te duur"]),
            ]
        }
    )
    first, second, _third = split_by_stage(pained)
    assert "Pijnpunten" not in texts(first) and "Pijnpunten" in texts(second)
    assert "Kansen" not in texts(second)


def test_a_rule_parts_the_emotion_lane_from_a_white_lane_of_cards_above() -> None:
    page = split_by_stage(service_journey())[0]  # a blank CS row, then the emotion lane
    emotion = next(t for t in page.items if isinstance(t, Text) and t.text == "Emotie")
    rules = [item for item in page.items if isinstance(item, Line) and len(item.points) == 2]
    flat = [r for r in rules if r.points[0][1] == r.points[1][1] < emotion.y]
    assert any(emotion.y - 20 < r.points[0][1] for r in flat)


def test_hidden_pain_points_are_counted_never_dropped() -> None:
    points = [f"Problem number {n} is a long text that fills a line" for n in range(7)]
    journey = jm.Journey(
        id="pains",
        title="Pains",
        stages=[jm.Stage(id="s")],
        touchpoints=[jm.Touchpoint(id="t", stage="s", owner="CX", pain_points=points)],
    )
    shown = texts(layout(journey, fit="none"))
    assert any(t.startswith("• t: Problem number 0") for t in shown)
    hidden = next(t for t in shown if t.startswith("+"))
    listed = sum(t.startswith("• t: Problem") for t in shown)
    assert hidden == f"+{7 - listed} more"


def test_a_name_cut_short_takes_the_empty_line_above_the_hidden_count() -> None:
    """Issue 31: no text cut with "…" while the space below it is empty, also where the
    cell counts pain points it has no room for."""
    entries = [
        ("Vergunningcheck", "Vragen vol vakjargon"),
        ("Vraag aan het KCC", "Uitleg van de check"),
        ("Vooroverleg", "Te lang"),
    ]
    measured = _cell_text(entries, 170.0, "nl")
    assert measured == ["• Vergunningc…: Vragen vol", "vakjargon", "+2 meer"]
    drawn = _cell_text(entries, 170.0, "nl", room=4)  # a fuller cell made the lane 4 lines
    assert drawn[0].startswith("• Vergunningcheck: ") and drawn[-1] == "+2 meer"
    assert len(drawn) <= 4 and not any("…" in line for line in drawn)


def test_a_pain_point_always_shows_beside_a_long_touchpoint_name() -> None:
    name = "Aanvraagformulier voor de vergoeding van zorgkosten in het buitenland invullen"
    points = [
        "Bijlagen kwijt",
        "Geen bevestiging ontvangen",
        "Vraagt drie keer hetzelfde",
        "Te lang",
    ]
    journey = jm.Journey(
        id="pains",
        title="Pains",
        locale="nl",
        stages=[jm.Stage(id="s")],
        touchpoints=[jm.Touchpoint(id="t", name=name, stage="s", owner="CX", pain_points=points)],
    )
    for fit in ("16:9", "none"):
        shown = " ".join(texts(layout(journey, fit=fit)))  # type: ignore[arg-type]
        listed = [point for point in points if point in shown]
        assert listed and listed == points[: len(listed)]
        if len(listed) < len(points):
            assert f"+{len(points) - len(listed)} meer" in shown


def test_a_long_journey_wraps_into_bands_at_16_9() -> None:
    stages = [jm.Stage(id=f"s{n}", name=f"Stage {n}") for n in range(14)]
    touchpoints = [
        jm.Touchpoint(id=f"t{n}", name=f"Touchpoint {n}", stage=f"s{n // 2}", owner="CX")
        for n in range(28)
    ]
    journey = jm.Journey(id="long", title="Long", stages=stages, touchpoints=touchpoints)
    wide = layout(journey, fit="none")
    fitted = layout(journey, fit="16:9")
    headers = [t for t in fitted.items if isinstance(t, Text) and t.text.startswith("1 · ")]
    eighth = [t for t in fitted.items if isinstance(t, Text) and t.text.startswith("14 · ")]
    assert headers and eighth and eighth[0].y > headers[0].y  # a second band below the first
    assert fitted.width < wide.width
    # Flows between the bands are named on their cards instead of drawn across.
    assert any(t.startswith("→ Touchpoint") for t in texts(fitted))


def test_persona_view_shows_only_what_serves_the_persona() -> None:
    journey = jm.load(SHOP)
    shown = texts(layout(journey, persona="anna", fit="none"))
    anna = {tp.label for tp in journey.touchpoints if not tp.personas or "anna" in tp.personas}
    others = {tp.label for tp in journey.touchpoints} - anna
    assert "Persona: Anna, 34" in " ".join(shown)
    for name in anna:  # every card of hers (a long name may wrap or be shortened)
        assert any(t.startswith(name[:9]) for t in shown), name
    assert not others & set(shown)


def test_every_lane_choice() -> None:
    journey = jm.load(SHOP)
    for lanes, label in (
        ("channel", "Telefon"),
        ("persona", "Anna, 34"),
        ("none", "Kontaktpunkte"),
    ):
        page = layout(journey, lanes=lanes, fit="none")  # type: ignore[arg-type]
        assert label in lane_labels(page)


def test_emotion_curves_follow_the_main_path_and_name_every_point() -> None:
    journey = jm.load(SHOP)
    content = prepare(journey)
    assert [c.name for c in content.curves] == ["Anna, 34", "Jürgen, 61"]
    anna = [tp.id for tp in content.curves[0].path]
    assert "beratungs-chat" in anna and "beratungs-hotline" not in anna  # one route, not both
    shown = texts(layout(journey, fit="none"))
    assert "Instagram-Anzeige" in shown  # the first point's name


SHARED_STAGE = """
journeymap: 1
id: shared
title: Shared stage
personas: [{id: ann, name: Ann}, {id: bob, name: Bob}]
stages: [{id: a}, {id: b}]
touchpoints:
  - {id: start, stage: a, owner: CX, emotion: 0, next: [call, form, wait]}
  - {id: call, stage: a, owner: CS, emotion: 1, personas: [bob], next: [wait]}
  - {id: form, stage: a, owner: CX, emotion: -1, personas: [ann], next: [done]}
  - {id: wait, stage: a, owner: CX, emotion: -2, next: [done]}
  - {id: done, stage: b, owner: CX, emotion: 1}
"""


@pytest.mark.parametrize("journey", [*EXAMPLES, "shared"], ids=str)
def test_every_curve_runs_left_to_right(journey: Path | str) -> None:
    """Two personas' curves through one stage share its width in one order: neither runs back."""
    loaded = jm.loads(SHARED_STAGE) if journey == "shared" else jm.load(journey)
    colors = {curve.color for curve in prepare(loaded).curves}
    curves = [
        item
        for item in layout(loaded, fit="none").items
        if isinstance(item, Line) and item.color in colors and len(item.points) > 2
    ]
    assert curves
    for curve in curves:
        xs = [x for x, _ in curve.points]
        assert xs == sorted(xs), curve


def test_split_gives_one_page_per_stage_and_names_the_flows_between_them() -> None:
    journey = jm.load(SHOP)
    pages = split_by_stage(journey, fit="a4")
    assert len(pages) == len(journey.stages)
    assert all(p.width / p.height == pytest.approx(ASPECTS["a4"], rel=1e-3) for p in pages)
    first = texts(pages[0])
    assert "Seite 1 von 5" in " ".join(first)
    assert "→ Produktseite" in first  # the flow into the next stage
    assert "↪ Instagram-Anzeige" in texts(pages[1])


def test_a_journey_without_stages_says_so() -> None:
    page = layout(jm.Journey(id="empty", title="Empty"), fit="16:9")
    assert "This journey has no stages yet." in texts(page)


def test_an_undesigned_step_between_pages_is_named_once_on_each_side(tmp_path: Path) -> None:
    journey = jm.loads(
        "journeymap: 1\nid: shop\ntitle: Shop\nstages: [{id: buy}, {id: after}]\n"
        "touchpoints:\n"
        "  - {id: shop, stage: buy, owner: CX, entry: true, next: [paid]}\n"
        "  - {id: paid, stage: after, owner: CX, exit: true}\n"
        "  - {id: hotline, stage: after, owner: CS, exit: true}\n"
    )
    observed = with_events(journey, ["60 x shop, paid", "40 x shop, hotline"], tmp_path)
    pages = split_by_stage(observed)
    texts = [{i.text for i in page.items if isinstance(i, Text)} for page in pages]
    assert "⇢ 40% hotline" in texts[0] and "→ hotline" not in texts[0]
    assert "⇠ shop" in texts[1]
    assert all("taken, not designed" in page for page in texts)  # every page's legend


def claim() -> jm.Journey:
    from journeymap.app.starter import starter_journey

    return jm.Journey.model_validate(starter_journey("en", "blueprint"))


def blueprint_cards(page: Page) -> dict[str, list[Rect]]:
    """The cards of a blueprint map by what they stand for, told by their colours."""
    from journeymap.renderers.drawing import LAYER_COLOURS, OWNER_FILL

    kinds = {fill: kind for kind, (fill, _line) in LAYER_COLOURS.items()}
    kinds |= {fill: "frontstage" for fill in OWNER_FILL.values()}
    found: dict[str, list[Rect]] = {}
    for item in page.items:
        if isinstance(item, Rect) and item.radius in (1.0, 4.0, 6.0) and item.fill in kinds:
            found.setdefault(kinds[item.fill], []).append(item)
    return found


def test_a_blueprint_draws_its_layers_in_order_between_the_named_lines() -> None:
    page = layout(claim(), lanes="blueprint", fit="none")
    labels = " ".join(label for label in lane_labels(page) if not label.startswith("Line of"))
    assert labels.startswith(
        "Physical evidence Customer actions CX CS Backstage Support systems Emotion"
    )
    lines = [t for t in page.items if isinstance(t, Text) and t.text.startswith("Line of")]
    assert [t.text for t in lines] == [
        "Line of interaction",
        "Line of visibility",
        "Line of internal interaction",
    ]
    drawn = [i for i in page.items if isinstance(i, Line) and i.color == BLUEPRINT_LINE]
    assert [round(line.points[0][1]) for line in drawn] == [round(t.y - 4) for t in lines]
    assert {line.style for line in drawn} == {"dashed"}
    cards = blueprint_cards(page)
    tops = {kind: min(card.y for card in found) for kind, found in cards.items()}
    assert tops["evidence"] < tops["action"] < tops["frontstage"] < tops["backstage"]
    assert tops["backstage"] < tops["systems"]
    assert lines[0].y < tops["frontstage"] and tops["action"] < lines[0].y  # interaction
    assert tops["frontstage"] < lines[1].y < tops["backstage"]  # visibility


def test_a_layer_stands_under_its_touchpoint() -> None:
    page = layout(claim(), lanes="blueprint", fit="none")
    cards = blueprint_cards(page)
    columns = {round(card.x) for card in cards["frontstage"]}
    assert len(columns) == len(cards["frontstage"])  # a column per touchpoint, never two rows
    for kind in ("evidence", "action", "backstage", "systems"):
        assert {round(card.x) for card in cards[kind]} <= columns, kind
    # Of the claim's five touchpoints, two leave the customer something to keep.
    assert len(cards["evidence"]) == 2 and len(cards["frontstage"]) == 5


def test_a_blueprint_without_a_backstage_leaves_its_lane_out_and_names_both_lines() -> None:
    journey = claim()
    for tp in journey.touchpoints:
        tp.backstage = []
    page = layout(journey, lanes="blueprint", fit="16:9")
    assert "Backstage" not in lane_labels(page)
    assert "Line of visibility · Line of internal interaction" in texts(page)


def test_a_blueprint_splits_by_stage_with_its_lanes_on_every_page() -> None:
    pages = split_by_stage(claim(), lanes="blueprint", fit="a4")
    assert len(pages) == 3
    for page in pages:
        assert "Line of interaction" in texts(page)
        cards = [c for kind in blueprint_cards(page).values() for c in kind]
        for i, a in enumerate(cards):
            for b in cards[i + 1 :]:
                apart = a.x + a.w <= b.x or b.x + b.w <= a.x or a.y + a.h <= b.y or b.y + b.h <= a.y
                assert apart, (a, b)


def test_every_blueprint_text_stays_on_the_page_and_no_flow_crosses_a_layer() -> None:
    page = layout(claim(), lanes="blueprint", fit="16:9")
    cards = [c for kind in blueprint_cards(page).values() for c in kind]
    for arrow in page.arrows:
        for (x1, y1), (x2, y2) in zip(arrow.points, arrow.points[1:], strict=False):
            for card in cards:
                inside_x = card.x + 1 < max(x1, x2) and min(x1, x2) < card.x + card.w - 1
                inside_y = card.y + 1 < max(y1, y2) and min(y1, y2) < card.y + card.h - 1
                assert not (inside_x and inside_y), arrow.tooltip
    for item in page.texts():
        width = text_width(item.text, item.size, bold=item.bold)
        assert item.x >= 0 and item.x + width <= page.width, item


def test_a_goal_takes_the_lines_its_band_header_has_before_it_is_cut() -> None:
    goal = "Weten of een vergunning nodig is en welke tekeningen erbij horen voor de aanvraag"
    alone = [line for line, bold in _heading(1, "Oriënteren", None, goal, "nl", 150.0) if not bold]
    assert len(alone) == 2 and alone[-1].endswith("…")  # two lines where the header has two
    roomy = [
        line for line, bold in _heading(1, "Oriënteren", None, goal, "nl", 150.0, 6) if not bold
    ]
    assert not roomy[-1].endswith("…") and " ".join(roomy).endswith("de aanvraag")
    page = layout(jm.load(ROOT / "examples" / "vergunning-ontvangst.yaml"), fit="16:9")
    shown = " ".join(t.text for t in page.texts())
    assert "Doel: Weten of een vergunning nodig is en wat erbij hoort" in shown  # not cut


def text_box(item: Text) -> tuple[float, float, float, float]:
    width = text_width(item.text, item.size, bold=item.bold)
    left = item.x - {"start": 0, "middle": width / 2, "end": width}[item.anchor]
    return left, item.y - 0.8 * item.size, left + width, item.y + 0.2 * item.size


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_no_text_overlaps_another(example: Path) -> None:
    journey = jm.load(example)
    pages = [layout(journey, lanes=lanes, fit="16:9") for lanes in ("owner", "blueprint")]
    pages += split_by_stage(journey, lanes="blueprint", fit="16:9")
    for page in pages:
        boxes = [text_box(item) for item in page.texts()]
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                apart = (
                    a[2] <= b[0] + 0.5
                    or b[2] <= a[0] + 0.5
                    or a[3] <= b[1] + 0.5
                    or b[3] <= a[1] + 0.5
                )
                assert apart, (a, b)


def test_a_blueprints_stage_page_leaves_out_the_layers_its_stage_lacks() -> None:
    first, second, third = split_by_stage(claim(), lanes="blueprint", fit="none")
    labels = [" ".join(lane_labels(page)) for page in (first, second, third)]
    assert "Backstage" not in labels[0] and "Backstage" in labels[1]  # the claim's check
    for shown in labels:
        assert "CX" in shown and "CS" in shown  # a stage without customer service says so
    assert "Line of visibility · Line of internal interaction" in texts(first)


def test_a_stage_of_short_cards_gives_its_width_to_the_others() -> None:
    content = prepare(jm.load(SHOP))
    narrowed = arrange(content, "16:9")
    widest = max(narrowed.card_widths)
    uniform = dataclasses.replace(narrowed, card_widths=(widest,) * len(content.columns))
    assert len(set(narrowed.card_widths)) > 1
    for band in narrowed.bands:  # no band grows, and no stage shows less of its text
        assert _band_height(content, narrowed, band) <= _band_height(content, uniform, band)
        for index in band:
            assert _shown(content, index, narrowed) >= _shown(content, index, uniform)


def test_the_legend_stands_beside_the_title_when_it_fits_there() -> None:
    page = layout(jm.load(SHOP), fit="16:9")
    first_heading = next(t for t in page.items if isinstance(t, Text) and t.text.startswith("1 ·"))
    title = next(t for t in page.items if isinstance(t, Text) and t.size == TITLE)
    frame = max((r for r in page.items if isinstance(r, Rect) and r.stroke), key=lambda r: r.w)
    entry = next(t for t in page.items if isinstance(t, Text) and t.text == "hat Schmerzpunkte")
    assert entry.y == title.y and entry.y < first_heading.y  # on the title's line, above the map
    rows = {t.y for t in page.items if isinstance(t, Text) and title.y <= t.y < first_heading.y}
    widest = max(
        t.x + text_width(t.text, t.size) for t in page.items if isinstance(t, Text) and t.y in rows
    )
    assert frame.x + frame.w - 1 <= widest <= frame.x + frame.w  # flush with the map's edge


def test_the_column_of_lane_names_is_as_wide_as_their_words() -> None:
    english = prepare(jm.load(ROOT / "examples" / "saas-onboarding.yaml"))
    words = ["experience", "Opportunities"]
    widest = max(text_width(word, 11.0, bold=True) for word in words)
    assert widest + 12 <= _label_width(english) < 120
    turkish = layout(jm.load(ROOT / "examples" / "banka-sikayet.yaml"), fit="16:9")
    assert "Sorun noktaları" in texts(turkish)  # a lane of text keeps its name on one line


def test_a_split_page_is_arranged_with_its_flows_to_other_pages_named_on_its_cards() -> None:
    """The cards are sized as drawn: the page is no larger than its arrangement promised."""
    content = prepare(jm.load(ROOT / "examples" / "telecom-contract.yaml"))
    for page in _pages(content):
        arrangement = arrange(page, "16:9")
        size = _natural_size(page, arrangement, ASPECTS["16:9"])
        drawn = _draw(page, arrangement, "16:9")
        assert drawn.width == round(max(size.width, size.height * ASPECTS["16:9"]), 2)
        notes = [note for column in page.columns for cards in column.cards.values()
                 for card in cards if card for note in card.notes]  # fmt: skip
        assert any(text.startswith(("→", "↪")) for text, _colour in notes)


def test_a_pain_point_is_never_cut_while_the_lines_under_it_stay_empty() -> None:
    long = "Has to repeat the account id and the data source in every e-mail to support, twice"
    journey = jm.Journey(
        id="pains",
        title="Pains",
        stages=[jm.Stage(id="a"), jm.Stage(id="b"), jm.Stage(id="c")],
        touchpoints=[
            jm.Touchpoint(id="t", stage="a", owner="CX", pain_points=[long]),
            jm.Touchpoint(
                id="form",
                name="Aanvraagformulier omgevingsvergunning",
                stage="c",
                owner="CX",
                pain_points=["Vol vakjargon"],
            ),
            jm.Touchpoint(id="u", stage="b", owner="CX", pain_points=["1", "2", "3", "4"]),
        ],
    )
    shown = texts(layout(journey, fit="16:9"))
    first = next(i for i, line in enumerate(shown) if line.startswith("• t:"))
    lines = shown[first : first + 4]
    assert len([line for line in lines if not line.startswith("•")]) >= 2  # over three lines
    assert not any(line.endswith("…") for line in shown)
    # with the lines to spare, a touchpoint's long name is not cut to half a line either
    assert "• Aanvraagformulier omgevingsvergunning: Vol vakjargon" in " ".join(shown)


def test_a_stage_page_narrower_than_the_screen_keeps_its_legend_in_a_column_right_of_it() -> None:
    """A stage of its own is often tall and narrow: the legend stands in the width the
    screen has to spare instead of making the page taller, so its text is 24 px or more."""
    page = split_by_stage(jm.load(ROOT / "examples" / "banka-sikayet.yaml"))[1]
    frame = max((r for r in page.items if isinstance(r, Rect) and r.stroke), key=lambda r: r.w)
    entries = [t for t in page.items if isinstance(t, Text) and t.x > frame.x + frame.w]
    entries = [t for t in entries if t.y > frame.y]  # not the title's line
    assert {t.text for t in entries} >= {"sorun noktası var", "akış"}
    assert max(t.x for t in entries) - min(t.x for t in entries) <= 30  # after their symbols
    assert len({t.y for t in entries}) == len(entries)  # an entry a row
    assert min(t.y for t in entries) < frame.y + frame.h / 2  # from the map's top down
    smallest = min(t.size for t in page.items if isinstance(t, Text))
    assert smallest * SCREEN_WIDTH / page.width >= 24


@pytest.mark.parametrize("path", [*EXAMPLES, *HELD_BACK], ids=lambda p: p.name)
def test_every_stage_page_keeps_its_text_at_least_24_px_on_a_1920x1080_screen(path: Path) -> None:
    for number, page in enumerate(split_by_stage(jm.load(path)), 1):
        smallest = min(t.size for t in page.items if isinstance(t, Text))
        assert smallest * SCREEN_WIDTH / page.width >= 24, f"page {number}"


def test_a_stage_page_is_titled_by_its_stage_with_the_journey_and_goal_under_it() -> None:
    """A slide about the stage: no row of headings over its grid repeats the title."""
    journey = jm.load(ROOT / "examples" / "telecom-contract.yaml")
    page = split_by_stage(journey)[2]
    texts = [t for t in page.items if isinstance(t, Text)]
    title = max(texts, key=lambda t: t.size)
    assert title.text == "3 · Satın alma ve numara taşıma"
    under = [t.text for t in texts if title.y < t.y < title.y + 50 and t.x == title.x]
    assert under == [
        "Mobil hat aboneliği – müşteri yolculuğu · mevcut durum",
        "Sayfa 3 / 6",
        "Hedef: Numarasını kaybetmeden hızlıca geçmek",
    ]
    assert not [r for r in page.items if isinstance(r, Rect) and r.fill == HEADER_FILL]
    frame = max((r for r in page.items if isinstance(r, Rect) and r.stroke), key=lambda r: r.w)
    legend = [t for t in texts if t.y < frame.y and t.x > title.x + 300]
    assert "akış" in {t.text for t in legend}  # the legend beside the title, not under the map
    whole = layout(journey)
    assert [r for r in whole.items if isinstance(r, Rect) and r.fill == HEADER_FILL]


def test_a_legend_under_the_map_starts_at_the_map_s_left_edge() -> None:
    page = split_by_stage(jm.load(ROOT / "examples" / "telecom-contract.yaml"))[4]
    frame = max((r for r in page.items if isinstance(r, Rect) and r.stroke), key=lambda r: r.w)
    starts = [(i.x, i.y) for i in page.items if isinstance(i, Rect | Text)]
    starts += [i.points[0] for i in page.items if isinstance(i, Line)]
    under = [x for x, y in starts if y > frame.y + frame.h]
    assert under and min(under) == frame.x


@pytest.mark.parametrize("example", [*EXAMPLES, *HELD_BACK], ids=lambda p: p.name)
def test_no_card_text_is_cut_while_the_room_under_the_card_stays_empty(example: Path) -> None:
    """Down to the next card under it or its lane's end; a flow running there fills it."""
    for name, page in every_page(jm.load(example)):
        cards = cards_of(page)
        lanes = [r for r in page.items if isinstance(r, Rect) and r.fill in (LANE_FILL, WHITE)]
        lanes = [r for r in lanes if r.y > 0]  # not the canvas
        for card in cards:
            inside = [
                t.text
                for t in page.items
                if isinstance(t, Text)
                and card.x < t.x < card.x + card.w
                and card.y < t.y < card.y + card.h
            ]
            if not any("…" in line for line in inside):
                continue
            bottom = card.y + card.h
            column = [
                c.y for c in cards if c.y >= bottom and c.x < card.x + card.w and card.x < c.x + c.w
            ]
            lane = next(r.y + r.h for r in lanes if r.y <= card.y and bottom <= r.y + r.h)
            lowest = min([*column, lane]) - ROW_GAP
            if lowest - bottom < line_height(BODY):
                continue
            room = Rect(card.x, bottom, card.w, lowest - bottom)
            assert any(crosses(arrow, room) for arrow in page.arrows), (name, inside)


def crosses(arrow: Arrow, box: Rect) -> bool:
    for (x1, y1), (x2, y2) in zip(arrow.points, arrow.points[1:], strict=False):
        inside_x = box.x + 1 < max(x1, x2) and min(x1, x2) < box.x + box.w - 1
        if inside_x and box.y + 1 < max(y1, y2) and min(y1, y2) < box.y + box.h - 1:
            return True
    return False


def test_an_empty_customer_service_cell_says_where_customers_need_it() -> None:
    page = layout(service_journey(), fit="16:9")
    said = [t for t in page.items if isinstance(t, Text) and t.color == PAIN and not t.bold]
    assert " ".join(t.text for t in said) == "Geen klantenservice, waar klanten die nodig hebben"
    stage = next(t for t in page.items if isinstance(t, Text) and t.text.startswith("2 · "))
    cs = next(t for t in page.items if isinstance(t, Text) and t.text == "CS")
    assert stage.x <= said[0].x < stage.x + 200 and cs.y <= said[0].y < cs.y + 30  # its cell
    aware, _buy, keep = split_by_stage(service_journey())
    assert "Geen klantenservice" in texts(aware)  # a lane is never left blank
    assert not any(line.startswith("Geen klantenservice") for line in texts(keep))


def test_a_hotline_reachable_from_every_stage_fills_every_gap() -> None:
    journey = service_journey(hotline=True)
    for page in [layout(journey, fit="16:9"), *split_by_stage(journey)]:
        assert not any(line.startswith("Geen klantenservice") for line in texts(page))


def test_the_cycle_collector_pauses_while_a_map_is_laid_out_and_only_then(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import gc

    from journeymap.renderers import grid

    seen: list[bool] = []
    draw = grid._draw

    def drawing(*args: object) -> Page:
        seen.append(gc.isenabled())
        return draw(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(grid, "_draw", drawing)
    journey = jm.load(SHOP)
    layout(journey)
    split_by_stage(journey)
    assert seen and not any(seen) and gc.isenabled()
    gc.disable()
    try:
        layout(journey)
        assert not gc.isenabled()  # a caller's pause is left as it was
    finally:
        gc.enable()
    monkeypatch.setattr(grid, "arrange", lambda *_args: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        layout(journey)
    assert gc.isenabled()  # back on after a failure too


def test_a_crowded_overview_shows_compact_cards_and_its_stage_pages_keep_every_line() -> None:
    """Full cards would put saas-onboarding-future's whole map under 16 px: its cards
    leave out their line of what each is; a map legible with full cards keeps them."""
    crowded = jm.load(ROOT / "examples" / "saas-onboarding-future.yaml")
    whole = {t.text for t in layout(crowded).texts()}
    assert "Pricing page with" in " ".join(whole) and "Social media" not in whole
    assert "Social media" in {t.text for t in split_by_stage(crowded)[5].texts()}
    roomy = jm.load(ROOT / "examples" / "vergunning-ontvangst.yaml")
    metas = {
        card.meta
        for col in prepare(roomy).columns
        for cs in col.cards.values()
        for card in cs
        if card
    }
    assert metas & {t.text for t in layout(roomy).texts()}
    for fit in ("a4", "none"):  # paper and no target: full cards
        assert "Social media" in {t.text for t in layout(crowded, fit=fit).texts()}
    blueprint = jm.load(ROOT / "examples" / "omgevingsvergunning.yaml")
    shown = " ".join(t.text for t in layout(blueprint, lanes="blueprint").texts())
    assert "Vergunningen" in shown  # a blueprint's cards say who does each step (its team)


def test_the_legend_column_is_weighed_for_arrangements_the_strip_under_the_map_ranks_low() -> None:
    page = split_by_stage(jm.load(ROOT / "examples" / "saas-onboarding.yaml"))[4]
    frame = max((r for r in page.items if isinstance(r, Rect) and r.stroke), key=lambda r: r.w)
    assert [t for t in page.items if isinstance(t, Text) and t.x > frame.x + frame.w]
    smallest = min(t.size for t in page.items if isinstance(t, Text))
    assert smallest * SCREEN_WIDTH / page.width >= 29.5  # 28.7 from the strip's best alone
