"""One assessed journey: what is known beside a journey, and what is derived from it once."""

from __future__ import annotations

from pathlib import Path

import pytest

import journeymap as jm
from journeymap.analysis import assessed as assessed_module
from tests.helpers import FIXTURES, ROOT, with_events

SHOP = ROOT / "examples" / "online-shop.yaml"


def test_the_journey_is_pure_data() -> None:
    """Positions, measured values and paths live beside the journey, never on it."""
    assert jm.Journey.__private_attributes__ == {}
    document = jm.read(SHOP)
    assert document.journey.model_dump() == jm.load(SHOP).model_dump()


def test_findings_name_their_place_when_the_journey_comes_with_its_file() -> None:
    with_file = jm.assess(jm.read(SHOP))
    assert with_file.file == str(SHOP)
    assert all(f.file == str(SHOP) and f.line for f in with_file.findings)
    plain = jm.assess(jm.load(SHOP))
    assert plain.file is None and all(f.line is None for f in plain.findings)
    assert sorted(f.identity for f in plain.findings) == sorted(
        f.identity for f in with_file.findings
    )


def test_each_derived_part_is_computed_once_however_many_outputs_read_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made = {"readings": 0, "check": 0, "main_path": 0}
    readings, check = assessed_module.Readings, assessed_module.check
    main_path = assessed_module.main_path

    def counted_readings(*args: object, **kwargs: object) -> object:
        made["readings"] += 1
        return readings(*args, **kwargs)  # type: ignore[arg-type]

    def counted_check(*args: object, **kwargs: object) -> object:
        made["check"] += 1
        return check(*args, **kwargs)  # type: ignore[arg-type]

    def counted_main_path(*args: object, **kwargs: object) -> object:
        made["main_path"] += 1
        return main_path(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(assessed_module, "Readings", counted_readings)
    monkeypatch.setattr(assessed_module, "check", counted_check)
    monkeypatch.setattr(assessed_module, "main_path", counted_main_path)
    shop = jm.assess(jm.read(SHOP))
    personas = len(shop.journey.personas)
    assert personas > 1  # the map and the report each draw a curve per persona
    jm.report(shop, engine="embedded")
    jm.render(shop, "dot")
    assert made == {"readings": 1, "check": 1, "main_path": personas}
    assert shop.readings is shop.readings and shop.findings is shop.findings
    made.update(readings=0, check=0, main_path=0)
    jm.report(jm.assess(jm.read(SHOP)), "nl", engine="embedded")  # in another language
    assert made == {"readings": 1, "check": 1, "main_path": personas}


def test_findings_speak_the_language_asked_for() -> None:
    shop = jm.assess(jm.load(SHOP))
    assert shop.speaking(None) is shop and shop.speaking("de") is shop  # it speaks German
    dutch = shop.speaking("nl")
    assert dutch.journey is shop.journey and dutch.lang == "nl"
    assert dutch.findings[0].message != shop.findings[0].message


def test_measured_values_read_as_measured_and_their_sources_come_along() -> None:
    data = FIXTURES / "data"
    measured = jm.measure(jm.load(data / "journey.yaml"), responses=[str(data / "responses.csv")])
    survey = jm.assess(measured)
    sources = {r.source for r in survey.readings if r.touchpoint.id == "checkout"}
    assert "measured" in sources and survey.metrics is measured.summary
    typed = jm.assess(jm.load(data / "journey.yaml"))
    assert {r.source for r in typed.readings} == {"typed"} and typed.metrics is None


def test_an_event_log_adds_its_findings_and_the_design_against_it(tmp_path: Path) -> None:
    journey = jm.loads(
        "journeymap: 1\nid: j\ntitle: J\nstages: [{id: purchase}]\ntouchpoints:\n"
        "  - {id: shop, stage: purchase, owner: CX, entry: true, next: [paid]}\n"
        "  - {id: paid, stage: purchase, owner: CX, exit: true}\n"
        "  - {id: hotline, stage: purchase, owner: CS, exit: true}\n"
    )
    judged = with_events(journey, ["60 x shop, paid", "40 x shop, hotline"], tmp_path)
    assert judged.actual is not None and judged.actual.paths.cases == 100
    assert "JM401" in {f.code for f in judged.findings}
    assert jm.assess(journey).actual is None
    assert "JM401" not in {f.code for f in jm.assess(journey).findings}
