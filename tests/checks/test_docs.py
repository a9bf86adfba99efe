"""Rule documentation: every rule documented, the generated reference up to date."""

from __future__ import annotations

import pytest

from journeymap.checks.codes import RULES
from journeymap.checks.docs import SECTIONS, explain, reference, reference_file
from journeymap.i18n import LANGUAGES
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


@pytest.mark.parametrize("lang", LANGUAGES)
def test_rules_reference_is_up_to_date(lang: str) -> None:
    name = reference_file(lang)
    committed = (ROOT / "docs" / name).read_text(encoding="utf-8")
    assert committed == reference(lang), (
        f"docs/{name} is stale: python -m journeymap.checks {lang} > docs/{name}"
    )


def test_explain_prints_the_rule() -> None:
    text = explain("jm201")
    assert text.startswith(
        "JM201 No customer service in the stage (stage-without-cs; default severity: error)"
    )
    assert "Why is this bad:" in text
    assert "    ``{id: order-hotline, stage: purchase, owner: CS, channel: phone}``." in text


def test_explain_speaks_the_language_asked_for_and_keeps_the_yaml() -> None:
    text = explain("JM304", "nl")
    assert text.startswith("JM304 Kleine steekproef (small-sample; standaardernst: info)")
    assert "\nWaarom dit slecht is:\n" in text
    # A percent sign is text, not a placeholder; YAML stays YAML, its comments are Dutch.
    assert "95%-betrouwbaarheidsinterval" in text
    assert "      nps: {value: 31, n: 12}      # JM304: verzamel meer antwoorden" in text


def test_explain_never_breaks_a_code_span_across_lines() -> None:
    for lang in LANGUAGES:
        for code in RULES:
            prose = explain(code, lang).split("```")[::2]
            for line in "\n".join(prose).splitlines():
                assert line.count("``") % 2 == 0, (lang, code, line)
