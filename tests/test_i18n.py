"""Interface text: every key in every shipped language."""

from __future__ import annotations

import re

import pytest

from journeymap.i18n import LANGUAGES, TEXTS, emotion_mark, metric_label, plural, text

PLACEHOLDER = re.compile(r"\{(\w+)\}")


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_every_key_has_every_language_with_the_same_placeholders(key: str) -> None:
    entry = TEXTS[key]
    assert sorted(entry) == sorted(LANGUAGES), f"{key} lacks {set(LANGUAGES) - set(entry)}"
    assert all(value.strip() for value in entry.values())
    placeholders = {lang: sorted(PLACEHOLDER.findall(value)) for lang, value in entry.items()}
    assert len({tuple(p) for p in placeholders.values()}) == 1, placeholders


def test_report_templates_use_only_known_keys() -> None:
    from journeymap.renderers.html import template_dir

    used = set()
    for template in template_dir().glob("*.j2"):
        used |= set(
            re.findall(r"""t\(\s*["']([\w.]+)["']\s*[,)]""", template.read_text(encoding="utf-8"))
        )
    assert used and used <= set(TEXTS), used - set(TEXTS)


def test_text_plural_and_fallback() -> None:
    assert plural("pain_points", "de", 1) == "1 Schmerzpunkt"
    assert plural("pain_points", "de", 3) == "3 Schmerzpunkte"
    assert text("report.generated", "nl", timestamp="x") == "Gemaakt op x"
    assert text("legend", "fr") == "Legend"


def test_metric_labels_and_emotion_marks() -> None:
    assert metric_label("csat", "tr") == "CSAT"
    assert metric_label("resolution_rate", "de") == "Gelöst"
    assert metric_label("repeat-purchase", "de", "Wiederkaufrate") == "Wiederkaufrate"
    assert [emotion_mark(e) for e in (-2, -0.6, 0, 0.4, 1.6)] == [
        "☹ −2",
        "☹ −1",
        "○ 0",
        "○ 0",
        "☺ +2",
    ]


def test_every_kind_of_change_has_a_label_in_every_language() -> None:
    from journeymap.analysis.diff import KINDS

    for kind in KINDS:
        assert set(TEXTS[f"change.{kind}"]) == set(LANGUAGES), kind
