"""The deck: an overview and a slide per stage of editable shapes, in the journey's language."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import journeymap as jm
from journeymap.renderers.deck import SIZE, deck
from journeymap.renderers.drawing import MUTED, PAIN
from tests.helpers import EXAMPLES, ROOT, SHOP, hostile_journey, service_journey


def opened(data: bytes) -> object:
    from pptx import Presentation

    return Presentation(io.BytesIO(data))


def runs(slide: object) -> list[object]:
    return [
        run
        for shape in slide.shapes  # type: ignore[attr-defined]
        if shape.has_text_frame
        for paragraph in shape.text_frame.paragraphs
        for run in paragraph.runs
    ]


def words(slide: object) -> str:
    return " ".join(run.text for run in runs(slide))  # type: ignore[attr-defined]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_every_card_is_an_editable_shape_and_no_text_is_under_14_pt(example: Path) -> None:
    journey = jm.load(example)
    slides = list(opened(deck(journey)).slides)  # type: ignore[attr-defined]
    assert journey.title in words(slides[0])
    cards = {shape.name for slide in slides[1:] for shape in slide.shapes}
    assert {tp.id for tp in journey.touchpoints if tp.stage in journey.stage_index()} <= cards
    for slide in slides:
        for run in runs(slide):
            assert run.font.size.pt >= SIZE, run.text  # type: ignore[attr-defined]


def test_a_slide_per_stage_with_its_pain_points_and_opportunities_in_the_notes() -> None:
    journey = jm.load(ROOT / "examples" / "vergunning-ontvangst.yaml")
    slides = list(opened(deck(journey)).slides)  # type: ignore[attr-defined]
    assert len(slides) == 1 + len(journey.stages)
    assert words(slides[1]).startswith("1 · Oriënteren · Overweging")
    notes = slides[1].notes_slide.notes_text_frame.text
    assert notes.startswith("Pijnpunten\n• Vergunningcheck Omgevingsloket: Vragen vol vakjargon")
    assert "Kansen\n• Vergunningcheck Omgevingsloket: Vergunningcheck in gewone taal" in notes
    assert "klantenservice" in words(slides[1])  # the CS lane, named in Dutch


def test_an_empty_customer_service_lane_says_what_the_stage_lacks_as_the_map_does() -> None:
    def said(slide: object) -> list[tuple[str, str]]:
        return [
            (run.text, str(run.font.color.rgb))  # type: ignore[attr-defined]
            for run in runs(slide)
            if run.text.startswith("Geen klantenservice")  # type: ignore[attr-defined]
        ]

    _overview, aware, buy, keep = opened(deck(service_journey())).slides  # type: ignore[attr-defined]
    assert said(buy) == [("Geen klantenservice, waar klanten die nodig hebben", PAIN[1:].upper())]
    assert said(aware) == [("Geen klantenservice", MUTED[1:].upper())]  # no slide alone is blank
    assert said(keep) == []
    hotline = opened(deck(service_journey(hotline=True))).slides  # type: ignore[attr-defined]
    assert not any(said(slide) for slide in hotline)


def test_a_stage_with_more_cards_than_a_slide_holds_goes_on_over_slides() -> None:
    touchpoints = [
        {"id": f"t{n}", "name": f"Touchpoint number {n} with a long name", "stage": "s",
         "owner": "CX" if n % 2 else "CS"}
        for n in range(40)
    ]  # fmt: skip
    journey = jm.Journey.model_validate(
        {"id": "big", "title": "Big", "stages": [{"id": "s", "name": "All"}],
         "touchpoints": touchpoints}
    )  # fmt: skip
    slides = list(opened(deck(journey)).slides)  # type: ignore[attr-defined]
    assert len(slides) > 2 and words(slides[2]).startswith("1 · All (2)")
    shown = [shape.name for slide in slides[1:] for shape in slide.shapes]
    assert sorted(name for name in shown if name.startswith("t")) == sorted(
        tp["id"] for tp in touchpoints
    )
    for slide in slides[1:]:  # nothing below the slide's foot
        assert all(shape.top + shape.height <= 540 * 12700 for shape in slide.shapes)


def test_the_same_journey_gives_the_same_bytes_and_hostile_text_stays_text() -> None:
    assert deck(jm.load(SHOP)) == deck(jm.load(SHOP))
    hostile = deck(hostile_journey())
    assert 'Quote " back\\slash' in " ".join(words(s) for s in opened(hostile).slides)  # type: ignore[attr-defined]


def test_a_hand_over_is_an_arrow_between_the_cards() -> None:
    from journeymap.model.handovers import hands_over

    journey = jm.load(SHOP)
    tps = journey.touchpoint_map()
    expected = sum(
        1
        for edge in journey.flows()
        if edge.flow.to in tps
        and tps[edge.source].stage == tps[edge.flow.to].stage
        and hands_over(tps[edge.source], tps[edge.flow.to])
    )
    slides = list(opened(deck(journey)).slides)  # type: ignore[attr-defined]
    arrows = [s for slide in slides for s in slide.shapes if type(s).__name__ == "Connector"]
    assert expected > 0 and len(arrows) == expected
    assert all(b"tailEnd" in arrow._element.xml.encode() for arrow in arrows)


def test_two_cards_in_one_column_one_without_an_emotion_draw_a_curve() -> None:
    journey = jm.loads(
        "journeymap: 1\nid: j\ntitle: J\nstages: [{id: s}]\ntouchpoints:\n"
        "  - {id: a, stage: s, owner: CX, entry: true, emotion: 1, next: [b]}\n"
        "  - {id: b, stage: s, owner: CS, exit: true}\n"
    )
    slides = list(opened(deck(journey)).slides)  # type: ignore[attr-defined]
    assert {shape.name for shape in slides[1].shapes} >= {"a", "b"}
