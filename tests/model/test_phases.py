"""A stage's funnel phase told from its id or name, in every shipped language."""

from __future__ import annotations

import pytest

from journeymap.model.phases import infer_phase, normalised, phase_named_in


@pytest.mark.parametrize(
    ("text", "phase"),
    [
        # The SPEC's words, one per language and phase, as people write them.
        ("Awareness", "awareness"),
        ("Aufmerksamkeit", "awareness"),
        ("Bewusstsein schaffen", "awareness"),
        ("bewustwording", "awareness"),
        ("Farkındalık", "awareness"),
        ("Consideration", "consideration"),
        ("Erwägung", "consideration"),
        ("Abwägung", "consideration"),
        ("abwaegung", "consideration"),  # a slug spells the umlaut out
        ("fuersprache", "advocacy"),
        ("overweging", "consideration"),
        ("Oriëntatie", "consideration"),
        ("Değerlendirme", "consideration"),
        ("purchase", "purchase"),
        ("Kauf", "purchase"),
        ("aankoop", "purchase"),
        ("Satın alma ve numara taşıma", "purchase"),
        ("satin-alma", "purchase"),
        ("Loyalty", "loyalty"),
        ("retention", "loyalty"),
        ("Bindung", "loyalty"),
        ("Loyalität", "loyalty"),
        ("loyaliteit", "loyalty"),
        ("klantrelatie", "loyalty"),
        ("SADAKAT", "loyalty"),
        ("Bağlılık", "loyalty"),
        ("Advocacy", "advocacy"),
        ("Empfehlung", "advocacy"),
        ("Fürsprache", "advocacy"),
        ("aanbevelen", "advocacy"),
        ("Ambassadeur", "advocacy"),
        ("Tavsiye", "advocacy"),
        ("savunuculuk", "advocacy"),
        # Compounds, and the first phase named when a name says two.
        ("Kaufabschluss", "purchase"),
        ("Kundenbindung", "loyalty"),
        ("aankoopproces", "purchase"),
        ("Trial & purchase", "purchase"),
        ("Kauf und Bindung", "purchase"),
        # Nothing said: no guess.
        ("klant-zijn", None),
        ("Onboarding", None),
        ("Lieferung & Nutzung", None),
        ("", None),
    ],
)
def test_phase_words_in_every_language(text: str, phase: str | None) -> None:
    assert phase_named_in(text) == phase


def test_case_and_accents_do_not_matter() -> None:
    assert normalised("FARKINDALIK İçin Straße Oriëntatie") == "farkindalik icin strasse orientatie"


def test_the_id_is_read_before_the_name() -> None:
    assert infer_phase("aankoop", "Bindung") == "purchase"
    assert infer_phase("s2", "Bindung") == "loyalty"
    assert infer_phase("s2", None) is None
