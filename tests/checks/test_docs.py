"""Rule documentation: every rule documented, the generated reference up to date."""

from __future__ import annotations

import pytest

from journeymap.checks.codes import RULES
from journeymap.checks.docs import SECTIONS, explain, reference
from tests.helpers import ROOT


@pytest.mark.parametrize("code", sorted(RULES))
def test_every_rule_is_documented_in_what_why_example_form(code: str) -> None:
    rule = RULES[code]
    assert rule.summary.endswith(".")
    for section in SECTIONS:
        assert f"\n{section}:\n" in rule.doc, f"{code} lacks the section {section!r}"
    assert "```yaml" in rule.doc


def test_codes_are_well_formed_and_names_unique() -> None:
    assert all(code.startswith("JM") and len(code) == 5 for code in RULES)
    names = [rule.name for rule in RULES.values()]
    assert len(names) == len(set(names))


def test_rules_reference_is_up_to_date() -> None:
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == reference(), (
        "docs/rules.md is stale: python -m journeymap.checks > docs/rules.md"
    )


def test_explain_prints_the_rule() -> None:
    text = explain("jm201")
    assert text.startswith("JM201 stage-without-cs (default severity: error)")
    assert "Why is this bad:" in text
