"""Starter journeys written by ``journeymap init``, in every shipped language."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal, get_args

from .. import i18n
from ..errors import OutputError
from ..formats.output import atomic_write
from ..model.vocabulary import CANONICAL_PHASES

#: The starter journeys ``journeymap init --template`` offers.
StarterTemplate = Literal["starter", "minimal"]
TEMPLATES: tuple[StarterTemplate, ...] = get_args(StarterTemplate)

# Each language: title, five customer goals, and touchpoint names (stage names are in i18n).
_TEXT: dict[str, dict[str, Any]] = {
    "en": {
        "title": "My customer journey",
        "goals": [
            "Learn that we exist",
            "Compare us with the alternatives",
            "Buy without friction",
            "Get value from the product",
            "Recommend us to others",
        ],
        "persona": "First-time customer",
        "touchpoints": {
            "social-ad": "Social media ad",
            "product-page": "Product page",
            "checkout": "Checkout",
            "order-hotline": "Order hotline",
            "purchase-chat": "Live chat during checkout",
            "welcome-email": "Welcome e-mail",
            "support-ticket": "Support ticket",
            "support-chat": "Support chat",
            "review-request": "Review request",
        },
        "pain": "Delivery costs appear only at the end",
        "idea": "Show delivery costs on the product page",
        "question": "has a question",
    },
    "de": {
        "title": "Meine Kundenreise",
        "goals": [
            "Erfahren, dass es uns gibt",
            "Uns mit Alternativen vergleichen",
            "Ohne Hürden kaufen",
            "Nutzen aus dem Produkt ziehen",
            "Uns weiterempfehlen",
        ],
        "persona": "Erstkundin",
        "touchpoints": {
            "social-ad": "Social-Media-Anzeige",
            "product-page": "Produktseite",
            "checkout": "Kasse",
            "order-hotline": "Bestell-Hotline",
            "purchase-chat": "Live-Chat an der Kasse",
            "welcome-email": "Willkommens-E-Mail",
            "support-ticket": "Support-Ticket",
            "support-chat": "Support-Chat",
            "review-request": "Bitte um Bewertung",
        },
        "pain": "Versandkosten erscheinen erst am Ende",
        "idea": "Versandkosten auf der Produktseite zeigen",
        "question": "hat eine Frage",
    },
    "nl": {
        "title": "Mijn klantreis",
        "goals": [
            "Ontdekken dat we bestaan",
            "Ons vergelijken met alternatieven",
            "Zonder gedoe kopen",
            "Waarde halen uit het product",
            "Ons aanbevelen bij anderen",
        ],
        "persona": "Nieuwe klant",
        "touchpoints": {
            "social-ad": "Advertentie op sociale media",
            "product-page": "Productpagina",
            "checkout": "Afrekenen",
            "order-hotline": "Bestellijn",
            "purchase-chat": "Livechat bij het afrekenen",
            "welcome-email": "Welkomstmail",
            "support-ticket": "Supportticket",
            "support-chat": "Supportchat",
            "review-request": "Verzoek om een review",
        },
        "pain": "Verzendkosten verschijnen pas aan het eind",
        "idea": "Verzendkosten op de productpagina tonen",
        "question": "heeft een vraag",
    },
    "tr": {
        "title": "Müşteri yolculuğum",
        "goals": [
            "Bizi tanımak",
            "Bizi alternatiflerle karşılaştırmak",
            "Sorunsuz satın almak",
            "Üründen değer elde etmek",
            "Bizi başkalarına önermek",
        ],
        "persona": "İlk kez alışveriş yapan müşteri",
        "touchpoints": {
            "social-ad": "Sosyal medya reklamı",
            "product-page": "Ürün sayfası",
            "checkout": "Ödeme sayfası",
            "order-hotline": "Sipariş hattı",
            "purchase-chat": "Ödeme sırasında canlı destek",
            "welcome-email": "Hoş geldin e-postası",
            "support-ticket": "Destek talebi",
            "support-chat": "Destek sohbeti",
            "review-request": "Değerlendirme isteği",
        },
        "pain": "Kargo ücreti ancak en sonda görünüyor",
        "idea": "Kargo ücretini ürün sayfasında göster",
        "question": "bir sorusu var",
    },
}


def starter_journey(lang: str = "en", template: str = "starter") -> dict[str, Any]:
    """The journey data ``journeymap init`` writes, in ``lang``."""
    text = _TEXT[lang]
    stages = [
        {"id": stage_id, "name": i18n.text(f"phase.{stage_id}", lang), "customer_goal": goal}
        for stage_id, goal in zip(CANONICAL_PHASES, text["goals"], strict=True)
    ]
    names = text["touchpoints"]
    if template == "minimal":
        touchpoints = _minimal_touchpoints(names)
    else:
        touchpoints = _starter_touchpoints(names, text)
    return {
        "journeymap": 1,
        "id": "my-journey",
        "title": text["title"],
        "locale": lang,
        "personas": [{"id": "customer", "name": text["persona"]}],
        "stages": stages,
        "touchpoints": touchpoints,
    }


def _minimal_touchpoints(names: dict[str, str]) -> list[dict[str, Any]]:
    """One touchpoint per stage plus the CS touchpoints purchase and loyalty need."""
    rows = [
        ("social-ad", "awareness", "CX", "social"),
        ("product-page", "consideration", "CX", "web"),
        ("checkout", "purchase", "CX", "web"),
        ("order-hotline", "purchase", "CS", "phone"),
        ("support-ticket", "loyalty", "CS", "email"),
        ("review-request", "advocacy", "CX", "email"),
    ]
    return [
        {"id": tp_id, "name": names[tp_id], "stage": stage, "owner": owner, "channel": channel}
        for tp_id, stage, owner, channel in rows
    ]


def _starter_touchpoints(names: dict[str, str], text: dict[str, Any]) -> list[dict[str, Any]]:
    """A small but complete journey: every rule passes, every field is shown once."""

    def tp(tp_id: str, stage: str, owner: str, channel: str, **extra: Any) -> dict[str, Any]:
        return {
            "id": tp_id,
            "name": names[tp_id],
            "stage": stage,
            "owner": owner,
            "channel": channel,
            **extra,
        }

    handover = {"context": True, "label": text["question"]}
    return [
        tp(
            "social-ad",
            "awareness",
            "CX",
            "social",
            personas=["customer"],
            emotion=1,
            entry=True,
            metrics={"csat": {"value": 78, "target": 75, "n": 120}},
            next=["product-page"],
        ),
        tp(
            "product-page",
            "consideration",
            "CX",
            "web",
            emotion=0,
            intent="compare-options",
            pain_points=[text["pain"]],
            opportunities=[text["idea"]],
            metrics={"ces": {"value": 2.8, "target": 3, "n": 240, "scale": 7}},
            next=["checkout", {"to": "purchase-chat", **handover}],
        ),
        tp(
            "checkout",
            "purchase",
            "CX",
            "web",
            emotion=1,
            intent="complete-task",
            metrics={"csat": {"value": 84, "target": 80, "n": 310}},
            next=["welcome-email", {"to": "order-hotline", **handover}],
        ),
        tp(
            "order-hotline",
            "purchase",
            "CS",
            "phone",
            emotion=0,
            intent="answer-question",
            metrics={"frt": {"value": "4m", "target": "5m"}, "resolution_rate": 91},
            next=[{"to": "checkout", "context": True}],
        ),
        tp(
            "purchase-chat",
            "purchase",
            "CS",
            "chat",
            emotion=1,
            intent="answer-question",
            metrics={"frt": {"value": "1m", "target": "2m"}},
            next=[{"to": "checkout", "context": True}],
        ),
        tp(
            "welcome-email",
            "loyalty",
            "CX",
            "email",
            emotion=1,
            metrics={"nps": {"value": 32, "target": 30, "n": 180}},
            next=["review-request", {"to": "support-ticket", **handover}],
        ),
        tp(
            "support-ticket",
            "loyalty",
            "CS",
            "email",
            emotion=-1,
            intent="solve-problem",
            metrics={"art": {"value": "6h", "target": "8h"}, "resolution_rate": 88},
            next=[{"to": "review-request", "context": True}],
        ),
        tp(
            "support-chat",
            "loyalty",
            "CS",
            "chat",
            emotion=0,
            intent="solve-problem",
            entry=True,
            metrics={"frt": {"value": "2m", "target": "3m"}},
            next=[{"to": "review-request", "context": True}],
        ),
        tp(
            "review-request",
            "advocacy",
            "CX",
            "email",
            emotion=1,
            exit=True,
            metrics={"nps": {"value": 41, "target": 35, "n": 95}},
        ),
    ]


def write_starter(folder: Path, *, template: str, lang: str, force: bool = False) -> Path:
    """Write ``journey.yaml`` (and its JSON Schema beside it) into ``folder``; its path.

    An existing journey is kept unless ``force`` is given.
    """
    import json

    import yaml

    from ..model.journey import journey_schema

    target = folder / "journey.yaml"
    if target.exists() and not force:
        raise OutputError(f"{target}: already exists; use --force to overwrite it")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{folder}: cannot create the folder: {exc.strerror or exc}") from None
    text = "# yaml-language-server: $schema=journey.schema.json\n" + yaml.safe_dump(
        starter_journey(lang, template), sort_keys=False, allow_unicode=True, width=100
    )
    atomic_write(str(folder / "journey.schema.json"), json.dumps(journey_schema(), indent=2) + "\n")
    atomic_write(str(target), text)
    return target
