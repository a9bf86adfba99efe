"""Interface text in every shipped language (en, de, nl, tr).

Each key maps to its text per language; a test fails when a language lacks a
key. Texts may hold ``{name}`` placeholders filled by :func:`text`.
"""

from __future__ import annotations

LANGUAGES = ("en", "de", "nl", "tr")

TEXTS: dict[str, dict[str, str]] = {
    "legend": {"en": "Legend", "de": "Legende", "nl": "Legenda", "tr": "Açıklama"},
    "legend.cx": {
        "en": "CX touchpoint",
        "de": "CX-Kontaktpunkt",
        "nl": "CX-contactpunt",
        "tr": "CX temas noktası",
    },
    "legend.cs": {
        "en": "CS touchpoint (customer service)",
        "de": "CS-Kontaktpunkt (Kundenservice)",
        "nl": "CS-contactpunt (klantenservice)",
        "tr": "CS temas noktası (müşteri hizmetleri)",
    },
    "legend.pain": {
        "en": "⚠ has pain points",
        "de": "⚠ hat Schmerzpunkte",
        "nl": "⚠ heeft pijnpunten",
        "tr": "⚠ sorun noktası var",
    },
    "legend.flow": {"en": "flow", "de": "Weg", "nl": "stroom", "tr": "akış"},
    "legend.handoff": {
        "en": "hand-over CX↔CS, context kept",
        "de": "Übergabe CX↔CS, Kontext bleibt",
        "nl": "overdracht CX↔CS, context blijft",
        "tr": "CX↔CS devri, bağlam korunur",
    },
    "legend.handoff_lost": {
        "en": "hand-over, context lost",
        "de": "Übergabe, Kontext geht verloren",
        "nl": "overdracht, context gaat verloren",
        "tr": "devir, bağlam kaybolur",
    },
    "legend.targets": {
        "en": "✓ target met   ✗ target missed",
        "de": "✓ Ziel erreicht   ✗ Ziel verfehlt",
        "nl": "✓ doel gehaald   ✗ doel gemist",
        "tr": "✓ hedef tuttu   ✗ hedef tutmadı",
    },
    "legend.emotion": {
        "en": "☺ +2 … ☹ −2 customer emotion",
        "de": "☺ +2 … ☹ −2 Gefühl der Kundschaft",
        "nl": "☺ +2 … ☹ −2 emotie van de klant",
        "tr": "☺ +2 … ☹ −2 müşteri duygusu",
    },
    "pain_points.one": {
        "en": "{count} pain point",
        "de": "{count} Schmerzpunkt",
        "nl": "{count} pijnpunt",
        "tr": "{count} sorun noktası",
    },
    "pain_points.other": {
        "en": "{count} pain points",
        "de": "{count} Schmerzpunkte",
        "nl": "{count} pijnpunten",
        "tr": "{count} sorun noktası",
    },
    "phase.awareness": {
        "en": "Awareness",
        "de": "Aufmerksamkeit",
        "nl": "Bewustwording",
        "tr": "Farkındalık",
    },
    "phase.consideration": {
        "en": "Consideration",
        "de": "Abwägung",
        "nl": "Overweging",
        "tr": "Değerlendirme",
    },
    "phase.purchase": {"en": "Purchase", "de": "Kauf", "nl": "Aankoop", "tr": "Satın alma"},
    "phase.loyalty": {"en": "Loyalty", "de": "Bindung", "nl": "Loyaliteit", "tr": "Sadakat"},
    "phase.advocacy": {"en": "Advocacy", "de": "Empfehlung", "nl": "Aanbeveling", "tr": "Tavsiye"},
    "metric.retention_rate": {
        "en": "Retention",
        "de": "Bindung",
        "nl": "Behoud",
        "tr": "Elde tutma",
    },
    "metric.resolution_rate": {"en": "Resolved", "de": "Gelöst", "nl": "Opgelost", "tr": "Çözüm"},
    "metric.task_success_rate": {
        "en": "Task success",
        "de": "Aufgabe gelöst",
        "nl": "Taak gelukt",
        "tr": "Görev başarısı",
    },
    "metric.error_rate": {"en": "Errors", "de": "Fehler", "nl": "Fouten", "tr": "Hata"},
    "metric.abandonment_rate": {
        "en": "Abandoned",
        "de": "Abbruch",
        "nl": "Afgehaakt",
        "tr": "Terk",
    },
    "metric.time_on_task": {
        "en": "Time on task",
        "de": "Dauer",
        "nl": "Duur",
        "tr": "Görev süresi",
    },
    "metric.clicks_to_completion": {
        "en": "Clicks",
        "de": "Klicks",
        "nl": "Klikken",
        "tr": "Tıklama",
    },
    "state.current": {
        "en": "current state",
        "de": "Ist-Zustand",
        "nl": "huidige situatie",
        "tr": "mevcut durum",
    },
    "state.future": {
        "en": "future state",
        "de": "Soll-Zustand",
        "nl": "gewenste situatie",
        "tr": "hedef durum",
    },
    "goal": {"en": "Goal", "de": "Ziel", "nl": "Doel", "tr": "Hedef"},
}


def plural(key: str, lang: str, count: int) -> str:
    """``key.one`` or ``key.other`` by ``count``, with ``{count}`` filled in."""
    return text(f"{key}.{'one' if count == 1 else 'other'}", lang, count=count)


def text(key: str, lang: str, **values: object) -> str:
    """The text of ``key`` in ``lang`` (English when the language is not shipped)."""
    entry = TEXTS[key]
    template = entry.get(lang, entry["en"])
    return template.format(**values) if values else template
