"""Every rule against its passing and failing cases, kept as data in tests/fixtures/rule_cases.

Each ``JMnnn.yaml`` lists cases with a ``fail`` or a ``pass`` journey (without the
``journeymap``/``id``/``title`` header, which is added here).  A failing case marks
every line that must get a finding of the rule with ``# JMnnn``, and may say what
each finding's ``message`` starts with; a passing case must get none.  Only the rule under test runs, so a case shows just what it is about.
"""

from __future__ import annotations

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
    case file."""
    cases = []
    for path in sorted(CASES.glob("JM*.yaml")):
        data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert data["rule"] == path.stem, f"{path.name} names rule {data['rule']}"
        for case in data["cases"]:
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


def marked_lines(text: str, code: str) -> list[int]:
    """Lines of the whole journey (header included) marked ``# code``."""
    offset = HEADER.count("\n")
    return [
        number + offset
        for number, line in enumerate(text.splitlines(), 1)
        if (match := MARKER.search(line)) and match.group(1) == code
    ]


def test_every_rule_has_a_passing_and_a_failing_case() -> None:
    kinds: dict[str, set[str]] = {}
    for code, _name, kind, _text, _events, _message in ALL_CASES:
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


def test_markers_name_only_the_rule_of_their_file() -> None:
    for path in CASES.glob("JM*.yaml"):
        codes = set(MARKER.findall(Path(path).read_text(encoding="utf-8")))
        assert codes <= {path.stem}, path.name
