"""Loading journeys: every problem at once, with FILE:LINE:COL; writing them back."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

import journeymap as jm
from journeymap.errors import LoadError
from tests.helpers import EXAMPLES, MINIMAL

Cli = Callable[..., Result]


def test_all_problems_are_reported_at_once_with_positions(
    write_journey: Callable[..., Path],
) -> None:
    path = write_journey(
        """
        journeymap: 1
        id: Bad Id
        title: T
        stages: [{id: awareness}]
        touchpoints:
          - id: a
            stage: awareness
            owner: cx
            ownr: CX
            emotion: 5
            metrics: {frt: 2x, nps: {value: 3, tgt: 4}}
        """
    )
    with pytest.raises(LoadError) as error:
        jm.load(path)
    lines = [line.replace(str(path), "F") for line in error.value.lines()]
    assert lines == [
        "F:2:5: id: 'Bad Id' is not a valid id: use lower-case letters, digits, '-' and '_' "
        "(for example 'bad-id')",
        "F:8:12: touchpoint 'a' owner: expected 'CX' or 'CS'; got 'cx'",
        "F:9:5: touchpoint 'a' ownr: unknown field 'ownr'; did you mean 'owner'?",
        "F:10:14: touchpoint 'a' emotion: must be at most 2",
        "F:11:20: touchpoint 'a' metrics.frt.value: '2x' is neither a number nor a duration "
        "such as '90s', '45m', '2h' or '1d'",
        "F:11:40: touchpoint 'a' metrics.nps.tgt: unknown field 'tgt'; did you mean 'target'?",
    ]


def test_references_and_duplicates_come_with_the_schema_errors_in_one_run() -> None:
    """A broken file is mended in one round: unknown references (with did-you-mean) and
    duplicate ids come with the schema errors, sorted by line."""
    text = (
        "journeymap: 1\nid: claims\ntitle: Declaratie\n"
        "personas:\n  - {id: samir, name: Samir, regelt alles}\n"
        "stages:\n  - {id: aankoop}\n"
        "touchpoints:\n"
        "  - {id: formulier, stage: aankop, owner: CX, next: [belln]}\n"
        "  - {id: bellen, stage: aankoop, owner: cx, personas: [samri]}\n"
        "  - {id: bellen, stage: aankoop, owner: CS}\n"
    )
    with pytest.raises(LoadError) as error:
        jm.loads(text, file="F")
    assert error.value.lines() == [
        "F:5:30: persona 'samir' regelt alles: unknown field 'regelt alles': a comma inside "
        '{…} ends a text; put the text in quotes: name: "Samir, regelt alles"',
        "F:9:28: touchpoint 'formulier' stage: no stage 'aankop' is defined; did you mean "
        "'aankoop'?",
        "F:9:54: touchpoint 'formulier' next[0]: no touchpoint 'belln' is defined; did you "
        "mean 'bellen'?",
        "F:10:41: touchpoint 'bellen' owner: expected 'CX' or 'CS'; got 'cx'",
        "F:10:56: touchpoint 'bellen' personas[0]: no persona 'samri' is defined; did you "
        "mean 'samir'?",
        "F:11:10: touchpoint 'bellen' id: duplicate id 'bellen'; give this element an id of "
        "its own",
    ]


def test_missing_field_points_at_its_element(write_journey: Callable[..., Path]) -> None:
    path = write_journey(
        MINIMAL.replace("{id: shop, stage: purchase, owner: CX}", "{id: shop, stage: purchase}")
    )
    with pytest.raises(LoadError) as error:
        jm.load(path)
    (diagnostic,) = error.value.diagnostics
    assert (diagnostic.line, diagnostic.column) == (9, 5)
    assert diagnostic.message == "touchpoint 'shop' owner: required field is missing"


def test_format_version_is_required_and_checked(write_journey: Callable[..., Path]) -> None:
    with pytest.raises(LoadError, match=r"missing 'journeymap: 1'"):
        jm.load(write_journey(MINIMAL.replace("journeymap: 1\n", "")))
    with pytest.raises(LoadError, match=r":1:13: journeymap: unsupported format version 2"):
        jm.load(write_journey(MINIMAL.replace("journeymap: 1", "journeymap: 2")))


def test_unknown_check_code_loads_and_is_left_to_the_checks(
    write_journey: Callable[..., Path],
) -> None:
    journey = jm.load(write_journey(MINIMAL + "checks: {JM999: off}\n"))
    assert journey.checks == {"JM999": "off"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- a\n- b\n", "expected a journey mapping at the top, found a list"),
        ("just text\n", "found a text"),
    ],
)
def test_top_level_must_be_a_mapping(text: str, message: str) -> None:
    with pytest.raises(LoadError, match=message):
        jm.loads(text)


def test_non_utf8_file_names_the_position(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("journeymap: 1\ntitle: K\xfcche\n".encode("latin-1"))
    with pytest.raises(LoadError) as error:
        jm.load(path)
    assert error.value.lines() == [f"{path}:2:9: the file is not valid UTF-8 (byte 0xfc)"]


def test_missing_file_is_a_load_error(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="cannot read the file"):
        jm.load(tmp_path / "nope.yaml")


def test_json_journeys_load_with_positions(tmp_path: Path) -> None:
    path = tmp_path / "j.json"
    path.write_text(jm.dumps(jm.loads(MINIMAL), format="json"), encoding="utf-8")
    document = jm.read(path)
    assert [tp.id for tp in document.journey.touchpoints] == ["ad", "shop"]
    lines = path.read_text(encoding="utf-8").splitlines()
    shop_id = lines.index('      "id": "shop",')  # 0-based; the object's "{" is the line above
    assert document.locate(("touchpoints", 1)) == (shop_id, lines[shop_id - 1].index("{") + 1)
    assert document.locate(("touchpoints", 1, "id")) == (
        shop_id + 1,
        lines[shop_id].index('"id"') + 1,  # a field is named by its key
    )


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_dump_and_load_round_trip(example: Path, tmp_path: Path) -> None:
    journey = jm.load(example)
    for name in ("copy.yaml", "copy.json"):
        jm.dump(journey, tmp_path / name)
        again = jm.load(tmp_path / name)
        assert again.model_dump() == journey.model_dump()


def test_dump_of_a_journey_built_in_python_uses_shorthands() -> None:
    def built(text: str) -> jm.Journey:  # the same journey, with no file behind it
        return jm.Journey.model_validate(jm.loads(text).model_dump())

    text = jm.dumps(built(MINIMAL + "    \n"))
    assert text.startswith("journeymap: 1\nid: mini\n")
    journey = built(
        MINIMAL.replace(
            "owner: CX}\n  - {id: shop",
            "owner: CX, metrics: {csat: 80}, next: [shop]}\n  - {id: shop",
        )
    )
    dumped = jm.dumps(journey)
    assert "csat: 80\n" in dumped and "- shop\n" in dumped


def test_stdin_is_read_for_dash(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(MINIMAL.encode())))
    assert jm.read("-").file == "<stdin>"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # an unquoted ": " in a name
            "journeymap: 1\nid: a\ntitle: A\nstages: [{id: s}]\ntouchpoints:\n"
            "  - id: nota\n    name: Nota: tweede\n    stage: s\n    owner: CX\n",
            "F:7:15: YAML syntax error: mapping values are not allowed in this context; a text "
            'containing ": " must be in quotes: name: "Nota: tweede"',
        ),
        (  # an unquoted ": " in a list item becomes a mapping
            "journeymap: 1\nid: a\ntitle: A\nstages: [{id: s}]\ntouchpoints:\n"
            "  - id: nota\n    stage: s\n    owner: CX\n    pain_points:\n"
            "      - Note: the bill is wrong\n",
            "F:10:9: touchpoint 'nota' pain_points[0]: a text is expected here; a text "
            'containing ": " must be in quotes: "Note: the bill is wrong"',
        ),
        (  # a tab
            "journeymap: 1\nid: a\ntitle: A\nstages:\n\t- id: s\n",
            "F:5:1: YAML syntax error: found character that cannot start any token (while "
            "scanning for the next token that starts on line 5); YAML does not allow tabs for "
            "indentation: indent with spaces",
        ),
        (  # a key indented less than its siblings
            "journeymap: 1\nid: a\ntitle: A\nstages:\n  - id: s\n   name: S\n",
            "F:6:4: YAML syntax error: did not find expected '-' indicator (while parsing a block "
            "collection that starts on line 5); check the indentation of line 6: the keys of one "
            "element start in the same column, and what belongs to a key is indented further "
            "than the key",
        ),
    ],
)
def test_common_yaml_slips_say_how_to_fix_them(text: str, expected: str) -> None:
    with pytest.raises(LoadError) as error:
        jm.loads(text, file="F")
    assert error.value.lines()[0] == expected


def test_a_journey_that_says_its_locale_gets_its_load_errors_in_it() -> None:
    """``owner: cx`` in a Dutch journey was "expected 'CX' or 'CS'" whatever the file said;
    ``--lang`` goes first, and the next command speaks English again."""
    text = (
        "journeymap: 1\nid: x\ntitle: t\nlocale: nl\nstages: [{id: aankoop}]\n"
        "touchpoints:\n  - {id: a, stage: aankop, owner: cx}\n"
    )
    with pytest.raises(LoadError) as error:
        jm.loads(text, file="F")
    assert error.value.lines() == [
        "F:7:20: contactpunt 'a' stage: er is geen fase 'aankop'; bedoelde je 'aankoop'?",
        "F:7:35: contactpunt 'a' owner: verwacht: 'CX' of 'CS'; gekregen: 'cx'",
    ]
    broken = "journeymap: 1\nid: x\nlocale: tr\ntitle: [t\n"
    with pytest.raises(LoadError) as syntax:
        jm.loads(broken, file="F")
    assert "YAML" in syntax.value.lines()[0] and "syntax error" not in syntax.value.lines()[0]


def test_lang_goes_before_the_journeys_locale_for_one_command(
    cli: Cli, write_journey: Callable[..., Path]
) -> None:
    path = write_journey(
        "journeymap: 1\nid: x\ntitle: t\nlocale: nl\nstages: [{id: s}]\n"
        "touchpoints:\n  - {id: a, stage: s, owner: cx}\n"
    )
    german = cli("check", path, "--lang", "de")
    assert german.exit_code == 2 and "erwartet: 'CX' oder 'CS'" in german.stderr
    english = cli("check", path.with_name("missing.yaml"))
    assert "cannot read the file" in english.stderr  # --lang ended with its command
