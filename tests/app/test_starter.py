"""The starter journeys of journeymap init."""

from __future__ import annotations

import pytest

import journeymap as jm
from journeymap.app.starter import TEMPLATES, starter_journey
from journeymap.i18n import LANGUAGES


@pytest.mark.parametrize("lang", LANGUAGES)
def test_starter_is_clean_in_every_language(lang: str) -> None:
    journey = jm.Journey.model_validate(starter_journey(lang))
    assert journey.locale == lang
    assert [s.canonical_phase for s in journey.stages] == [
        "awareness",
        "consideration",
        "purchase",
        "loyalty",
        "advocacy",
    ]
    assert jm.check(journey) == []


def test_languages_differ_and_all_templates_load() -> None:
    names = {starter_journey(lang)["stages"][2]["name"] for lang in LANGUAGES}
    assert names == {"Purchase", "Kauf", "Aankoop", "Satın alma"}
    for template in TEMPLATES:
        for lang in LANGUAGES:
            jm.Journey.model_validate(starter_journey(lang, template))


def test_minimal_template_lists_what_to_measure() -> None:
    codes = {f.code for f in jm.check(jm.Journey.model_validate(starter_journey("en", "minimal")))}
    assert "JM202" in codes and "JM203" in codes and "JM201" not in codes


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_blueprint_template_is_a_clean_service_journey_in_every_language(lang: str) -> None:
    journey = jm.Journey.model_validate(starter_journey(lang, "blueprint"))
    assert journey.kind == "service" and journey.locale == lang
    assert jm.check(journey) == []
    assert journey.teams and journey.systems and any(tp.backstage for tp in journey.touchpoints)
    assert {tp.available for tp in journey.touchpoints if tp.owner == "CS"} == {"journey"}
