"""Text measured in DejaVu Sans, the font the map is drawn with."""

from __future__ import annotations

import pytest

from journeymap.renderers.drawing import BODY
from journeymap.renderers.fonts import break_points, fold, shorten, text_width, wrap


def test_widths_come_from_the_font_files() -> None:
    assert text_width("", 11) == 0
    assert text_width("i", 10) < text_width("W", 10)  # a proportional font
    assert text_width("Hello", 20) == 2 * text_width("Hello", 10)
    assert text_width("Hello", 10, bold=True) > text_width("Hello", 10)
    assert 25 < text_width("Hello", 10) < 26  # 2,595 font units at 2,048 per em
    assert text_width("Ölçü ş İ ☺ ✓ ✗ ⚠ …", 10) > 0  # every character the map uses is there


def test_wrap_keeps_words_whole_and_lines_narrow() -> None:
    lines = wrap("Versandnachricht mit Sendungsverfolgung und Bild", 120, 11)
    assert lines == ["Versandnachricht mit", "Sendungsverfolgung", "und Bild"]
    assert all(text_width(line, 11) <= 120 for line in lines)
    assert wrap("", 100, 11) == [""]
    split = wrap("Donaudampfschifffahrtsgesellschaftskapitän", 60, 11)
    assert all(text_width(line, 11) <= 60 for line in split) and split[0].endswith("-")


def test_shorten_ends_with_an_ellipsis_only_when_needed() -> None:
    assert shorten("short", 100, 11) == "short"
    cut = shorten("Reklamation per Kontaktformular mit Foto", 100, 11)
    assert cut.endswith("…") and text_width(cut, 11) <= 100


def test_wrap_to_most_lines_marks_the_cut() -> None:
    assert wrap("a b", 5, 11, most=3) == ["a", "b"]
    clamped = wrap("one line two line three", 50, 11, most=2)
    assert len(clamped) == 2 and clamped[1].endswith("…") and text_width(clamped[1], 11) <= 50


def test_a_huge_word_is_split_in_one_pass_and_only_as_far_as_shown() -> None:
    # 5 million characters: measuring every cut again (or every line) would take hours.
    lines = wrap("9" * 5_000_000, 60, 11, most=2)
    assert len(lines) == 2 and lines[0].endswith("-") and lines[1].endswith("…")
    assert all(text_width(line, 11) <= 60 for line in lines)


def test_fold_breaks_at_the_joints_and_keeps_the_figures() -> None:
    note = "1.316 zaken · ↘ 1% · ↻ 3%"
    assert fold(note, 200, 11) == [note]
    narrow = fold(note, text_width("1.316 zaken · ↘ 1%", 11), 11)
    assert narrow == ["1.316 zaken · ↘ 1%", "↻ 3%"]
    assert fold("a part far too wide for the line · 3%", 60, 11)[-1] == "3%"
    assert fold("a part far too wide for the line · 3%", 60, 11)[0].endswith("…")
    whole = fold("a part far too wide for the line · 3%", 60, 11, whole=True)
    assert " ".join(whole) == "a part far too wide for the line · 3%" and len(whole) > 2
    # a word wider than the line breaks at its syllables, never "Auftragsb-estätigun-"
    compound = fold("Auftragsbestätigungsnachricht", 60, 11, whole=True, lang="de")
    assert compound == ["Auftrags-", "bestäti-", "gungs-", "nachricht"]


@pytest.mark.parametrize(
    ("word", "lang", "lines"),
    [
        ("Bestätigungs-E-Mail", "de", ["Bestäti-", "gungs-", "E-Mail"]),  # not "E--Mail"
        ("Ontvangstbevestiging", "nl", ["Ontvangst-", "bevesti-", "ging"]),
        ("Vergoedingencheck", "nl", ["Vergoedin-", "gencheck"]),  # not "Vergoedingenchec-k"
        ("Müşterihizmetlerimiz", "tr", ["Müşterihiz-", "metlerimiz"]),
        ("Kundenservicemitarbeiterin", "de", ["Kundenser-", "vicemitar-", "beiterin"]),
    ],
)
def test_a_long_word_breaks_at_a_joint_or_a_syllable(
    word: str, lang: str, lines: list[str]
) -> None:
    width = text_width(lines[0], BODY)  # exactly the first line's room
    assert wrap(word, width, BODY, lang=lang) == lines


def test_turkish_syllables_follow_the_consonant_before_a_vowel() -> None:
    def parts(word: str) -> str:
        points = break_points(word, "tr")
        return "-".join(word[a:b] for a, b in zip([0, *points], [*points, len(word)], strict=True))

    assert parts("hizmetleri") == "hiz-met-le-ri"
    assert parts("Değerlendirmesi") == "De-ğer-len-dir-me-si"
    assert parts("Türkçe") == "Türk-çe"
    assert parts("saatler") == "sa-at-ler"


def test_no_break_leaves_a_letter_alone_or_starts_a_line_with_a_hyphen() -> None:
    for word, lang in [("E-Mail", "de"), ("Bestätigungs-E-Mail", "de"), ("A-B-C-Dorf", None)]:
        for point in break_points(word, lang):
            head, tail = word[:point], word[point:]
            assert not tail.startswith("-") and len(head.strip("-")) >= 2 and len(tail) >= 2
    assert wrap("Vergoedingencheck", text_width("Vergoedingenche", BODY), BODY)[-1] != "k"
