"""Every rule against its passing and failing cases, kept as data in tests/fixtures/rule_cases.

Each ``JMnnn.yaml`` lists cases with a ``fail`` or a ``pass`` journey (without the
``journeymap``/``id``/``title`` header, which is added here).  A portfolio rule's case is
a folder instead: its ``files`` (with a ``kind``, fail or pass) replace the default ones
of :data:`PORTFOLIO`, and it is checked on its ``today``.  A failing case marks
every line that must get a finding of the rule with ``# JMnnn``, and may say what
each finding's ``message`` starts with; a passing case must get none.  Only the rule under test runs, so a case shows just what it is about.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

import journeymap as jm
from journeymap.checks.codes import RULES
from tests.helpers import FIXTURES, with_events

CASES = FIXTURES / "rule_cases"
HEADER = "journeymap: 1\nid: case\ntitle: Case\n"
MARKER = re.compile(r"#\s*(JM\d{3})\s*$")


def load_cases() -> list[tuple[str, str, str, str, list[str], str]]:
    """(code, case name, pass|fail, journey text, event-log specs, message start) of every
    journey case."""
    cases = []
    for path in sorted(CASES.glob("JM*.yaml")):
        data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert data["rule"] == path.stem, f"{path.name} names rule {data['rule']}"
        for case in data["cases"]:
            if "files" in case:
                continue  # a portfolio's case: see PORTFOLIO_CASES
            kind = "fail" if "fail" in case else "pass"
            cases.append(
                (
                    path.stem,
                    case["name"],
                    kind,
                    case[kind],
                    case.get("events", []),
                    case.get("message", ""),
                )
            )
    return cases


ALL_CASES = load_cases()

#: The folder every portfolio case starts from: a lifecycle and a shop journey (the clean
#: rule fixture) that use the library's persona, and the portfolio listing them.
_CLEAN = (FIXTURES / "rules" / "clean.yaml").read_text(encoding="utf-8")
_STAGES = _CLEAN.split("personas: [{id: pat, name: Pat}]\n", 1)[1]
PORTFOLIO = {
    "journeymap.yaml": "journeymap: 1\nid: case\ntitle: Case\nlibrary: library.yaml\n"
    "journeys:\n  - {file: lifecycle.yaml, level: 0}\n"
    "  - {file: shop.yaml, level: 1, parent: lifecycle, owner: Web}\n",
    "library.yaml": "journeymap: 1\npersonas: [{id: pat, name: Pat}]\n",
    "lifecycle.yaml": "journeymap: 1\nid: lifecycle\ntitle: Lifecycle\n" + _STAGES,
    "shop.yaml": "journeymap: 1\nid: shop\ntitle: Shop\n" + _STAGES,
}


def load_portfolio_cases() -> list[tuple[str, str, str, dict[str, str], str, str]]:
    """(code, case name, pass|fail, files, day, message start) of every portfolio case."""
    cases = []
    for path in sorted(CASES.glob("JM*.yaml")):
        data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            if "files" in case:
                day = str(case.get("today", "2026-06-01"))
                files = {**PORTFOLIO, **case["files"]}
                cases.append(
                    (path.stem, case["name"], case["kind"], files, day, case.get("message", ""))
                )
    return cases


PORTFOLIO_CASES = load_portfolio_cases()


def marked_lines(text: str, code: str, offset: int = HEADER.count("\n")) -> list[int]:
    """Lines of the whole journey (header included: ``offset`` lines) marked ``# code``."""
    return [
        number + offset
        for number, line in enumerate(text.splitlines(), 1)
        if (match := MARKER.search(line)) and match.group(1) == code
    ]


def test_every_rule_has_a_passing_and_a_failing_case() -> None:
    kinds: dict[str, set[str]] = {}
    for code, _name, kind, *_rest in [*ALL_CASES, *PORTFOLIO_CASES]:
        kinds.setdefault(code, set()).add(kind)
    assert kinds == {code: {"pass", "fail"} for code in RULES}


@pytest.mark.parametrize(
    ("code", "name", "kind", "text", "events", "message"),
    ALL_CASES,
    ids=[f"{c[0]}-{c[2]}-{c[1]}" for c in ALL_CASES],
)
def test_rule_case(
    code: str, name: str, kind: str, text: str, events: list[str], message: str, tmp_path: Path
) -> None:
    """A case with ``events`` (specs of tests.helpers.event_log) is checked with that log."""
    document = jm.reads(HEADER + text, file=f"{code}.yaml")
    if events:
        findings = list(with_events(document, events, tmp_path, select=[code]).findings)
    else:
        findings = jm.check(document, select=[code])
    expected = marked_lines(text, code)
    if kind == "fail":
        assert expected, f"the failing case {name!r} marks no line with # {code}"
    assert sorted(f.line or 0 for f in findings) == expected
    assert all(f.code == code and f.message.endswith(".") for f in findings)
    assert all(f.message.startswith(message) for f in findings), [f.message for f in findings]


@pytest.mark.parametrize(
    ("code", "name", "kind", "files", "day", "message"),
    PORTFOLIO_CASES,
    ids=[f"{c[0]}-{c[2]}-{c[1]}" for c in PORTFOLIO_CASES],
)
def test_portfolio_case(
    code: str, name: str, kind: str, files: dict[str, str], day: str, message: str, tmp_path: Path
) -> None:
    for file, text in files.items():
        (tmp_path / file).write_text(text, encoding="utf-8")
    portfolio = jm.assess_portfolio(
        str(tmp_path), select=[code], today=datetime.date.fromisoformat(day)
    )
    assert not portfolio.load_errors
    findings = portfolio.findings
    expected = sorted(
        (str(tmp_path / file), line) for file, text in files.items()
        for line in marked_lines(text, code, offset=0)
    )  # fmt: skip
    if kind == "fail":
        assert expected, f"the failing case {name!r} marks no line with # {code}"
    assert sorted((f.file or "", f.line or 0) for f in findings) == expected
    assert all(f.code == code and f.message.endswith(".") for f in findings)
    assert all(f.message.startswith(message) for f in findings), [f.message for f in findings]


def test_markers_name_only_the_rule_of_their_file() -> None:
    for path in CASES.glob("JM*.yaml"):
        codes = set(MARKER.findall(Path(path).read_text(encoding="utf-8")))
        assert codes <= {path.stem}, path.name
