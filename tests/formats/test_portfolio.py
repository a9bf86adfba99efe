"""Reading a portfolio and its library, and journeys that use the library's ids."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import journeymap as jm
from journeymap.errors import LoadError
from journeymap.formats.loader import updated
from journeymap.formats.portfolio import library_of, read_portfolio
from journeymap.formats.source import portfolio_file
from tests.helpers import PORTFOLIO


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the example portfolio, to change."""
    target = tmp_path / "groene-stroom"
    shutil.copytree(PORTFOLIO, target)
    return target


def test_the_example_portfolio_reads_with_its_library() -> None:
    read = read_portfolio(str(PORTFOLIO))
    assert read.portfolio.id == "groene-stroom" and read.portfolio.locale == "nl"
    assert read.portfolio.journeys[0].file == "levenscyclus.yaml"
    assert read.library is not None and read.library.ids("personas") == ["sanne", "henk"]
    assert read.library_file == str(PORTFOLIO / "bibliotheek.yaml")
    assert read_portfolio(str(PORTFOLIO / "journeymap.yaml")).folder == str(PORTFOLIO)


def test_a_journey_of_a_portfolio_uses_the_library_as_its_own() -> None:
    document = jm.read(PORTFOLIO / "overstappen.yaml")
    journey = document.journey
    assert [p.id for p in journey.personas] == ["sanne", "henk"]
    assert journey.team_map()["service"].label == "Team Service"
    assert journey.channel_names()["whatsapp"] == "WhatsApp"
    # A touchpoint naming the library's channel by its name uses its id.
    assert journey.touchpoint_map()["chatvraag"].channel == "whatsapp"
    assert document.source.borrowed["personas"] == {"sanne", "henk"}
    # The references resolve: no JM102 for the library's ids.
    assert not [f for f in jm.check(document) if f.code == "JM102"]
    # Read on its own, the same file names personas it does not define.
    alone = jm.read(PORTFOLIO / "overstappen.yaml", library=False)
    assert not alone.journey.personas
    assert "JM102" in {f.code for f in jm.check(alone)}


def test_findings_about_the_librarys_elements_stay_out_of_a_journeys(folder: Path) -> None:
    """A library team naming a system the journey does not know would be JM102 in every
    journey; the library's own reading reports it once, at its line."""
    library = folder / "bibliotheek.yaml"
    library.write_text(
        library.read_text(encoding="utf-8").replace("systems: [crm, website]}", "systems: [cmr]}"),
        encoding="utf-8",
    )
    with pytest.raises(LoadError) as raised:
        read_portfolio(str(folder))
    # Said in the portfolio's language (Dutch).
    assert raised.value.lines() == [f"{library}:16:45: er is geen systeem 'cmr' gedefinieerd"]


def test_a_journey_defining_a_library_id_keeps_its_own(folder: Path) -> None:
    journey_file = folder / "storing.yaml"
    text = journey_file.read_text(encoding="utf-8")
    journey_file.write_text(
        text.replace(
            "kind: service\n", "kind: service\npersonas: [{id: henk, name: Henk (oud)}]\n"
        ),
        encoding="utf-8",
    )
    document = jm.read(journey_file)
    assert [p.name for p in document.journey.personas] == ["Henk (oud)", "Sanne, 38"]
    assert document.source.borrowed["personas"] == {"sanne"}


def test_writing_a_journey_back_leaves_the_library_in_the_library(folder: Path) -> None:
    journey_file = folder / "meterstand.yaml"
    original = journey_file.read_bytes()
    document = jm.read(journey_file)
    assert jm.dumps(document) == original.decode("utf-8")
    assert updated(document.journey, journey_file) == original
    edited = document.journey.model_copy(update={"title": "De meterstand"})
    written = updated(edited, journey_file).decode("utf-8")
    assert "title: De meterstand\n" in written and "\npersonas:" not in written
    assert "teams:" not in jm.dumps(jm.Document(edited, document.source))


@pytest.mark.parametrize(
    ("change", "line"),
    [
        ("file: storing.yaml", "journeymap.yaml:22:12: geen reisbestand {folder}/storng.yaml"),
        (
            "library: bibliotheek.yaml",
            "journeymap.yaml:13:10: geen bibliotheekbestand {folder}/bieb.yaml",
        ),
        ("level: 2", "journeymap.yaml:23:36: journeys[3].level: verwacht: 0, 1 of 2; gekregen: 3"),
    ],
)
def test_a_broken_portfolio_says_where(folder: Path, change: str, line: str) -> None:
    portfolio = folder / "journeymap.yaml"
    replacement = {
        "file: storing.yaml": "file: storng.yaml",
        "library: bibliotheek.yaml": "library: bieb.yaml",
        "level: 2": "level: 3",
    }[change]
    portfolio.write_text(
        portfolio.read_text(encoding="utf-8").replace(change, replacement), encoding="utf-8"
    )
    with pytest.raises(LoadError) as raised:
        read_portfolio(str(folder))
    assert raised.value.lines() == [f"{folder}/{line.format(folder=folder)}"]


def test_a_journey_listed_twice_and_a_folder_without_a_portfolio(folder: Path) -> None:
    portfolio = folder / "journeymap.yaml"
    portfolio.write_text(
        portfolio.read_text(encoding="utf-8") + "  - {file: ./storing.yaml, owner: Team Service}\n",
        encoding="utf-8",
    )
    with pytest.raises(LoadError, match=r"storing\.yaml staat er twee keer in"):
        read_portfolio(str(folder))
    with pytest.raises(LoadError, match=r"no journeymap\.yaml here"):
        read_portfolio(str(folder / "data"))
    assert portfolio_file(str(folder / "data")) is None


def test_the_portfolios_own_files_are_no_journeys() -> None:
    for name in ("journeymap.yaml", "bibliotheek.yaml"):
        with pytest.raises(LoadError, match="hoort bij het portfolio"):  # the portfolio's nl
            jm.read(PORTFOLIO / name)
    assert library_of(str(PORTFOLIO / "overstappen.yaml")) is not None
    assert library_of("-") is None


def test_a_file_beside_a_portfolio_but_not_listed_reads_alone(folder: Path) -> None:
    shutil.copy(folder / "storing.yaml", folder / "los.yaml")
    assert library_of(str(folder / "los.yaml")) is None
    assert not jm.read(folder / "los.yaml").journey.personas
