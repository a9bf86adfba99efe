"""Starter journeys written by ``journeymap init``, in every shipped language."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal, get_args

from .. import i18n
from ..errors import OutputError
from ..formats.output import atomic_write
from ..i18n import N_, os_reason, say, text
from ..model.ids import slugify
from ..model.vocabulary import CANONICAL_PHASES

#: The starter journeys ``journeymap init --template`` offers.
StarterTemplate = Literal["starter", "minimal", "blueprint"]
TEMPLATES: tuple[StarterTemplate, ...] = get_args(StarterTemplate)

# The English texts; each is translated by the catalogs (stage names are the phases').
_TEXT: dict[str, Any] = {
    "title": N_("My customer journey"),
    "goals": [
        N_("Learn that we exist"),
        N_("Compare us with the alternatives"),
        N_("Buy without friction"),
        N_("Get value from the product"),
        N_("Recommend us to others"),
    ],
    "persona": N_("First-time customer"),
    "touchpoints": {
        "social-ad": N_("Social media ad"),
        "product-page": N_("Product page"),
        "checkout": N_("Checkout"),
        "order-hotline": N_("Order hotline"),
        "purchase-chat": N_("Live chat during checkout"),
        "welcome-email": N_("Welcome e-mail"),
        "support-ticket": N_("Support ticket"),
        "support-chat": N_("Support chat"),
        "review-request": N_("Review request"),
    },
    "pain": N_("Delivery costs appear only at the end"),
    "idea": N_("Show delivery costs on the product page"),
    "question": N_("has a question"),
}


# The service journey of ``--template blueprint``: a claim, with the layers of SPEC §11.
_BLUEPRINT_TEXT: dict[str, Any] = {
    "title": N_("My service journey"),
    "persona": N_("Customer with a claim"),
    "stages": {"report": N_("Report"), "assess": N_("Assessment"), "decide": N_("Decision")},
    "teams": {
        "intake": N_("Intake team"),
        "assessors": N_("Claims assessors"),
        "contact": N_("Customer contact centre"),
    },
    "systems": {"portal": N_("Customer portal"), "cases": N_("Case system"), "crm": N_("CRM")},
    "touchpoints": {
        "claim-form": N_("Claim form"),
        "status-page": N_("Status page"),
        "decision-letter": N_("Decision letter"),
        "claims-hotline": N_("Claims hotline"),
        "claims-chat": N_("Claims chat"),
    },
    "actions": {
        "claim-form": N_("Fills in the claim and attaches the photos"),
        "status-page": N_("Looks up how far the claim is"),
        "decision-letter": N_("Reads the decision"),
    },
    "thinking": N_("Did I attach everything?"),
    "evidence": {
        "claim-form": N_("Confirmation e-mail with a case number"),
        "decision-letter": N_("Decision letter"),
    },
    "step": N_("Check the documents"),
    "pain": N_("The status says nothing for days"),
    "idea": N_("Say on the status page which step the claim is in"),
}


def _translated(value: Any, lang: str) -> Any:
    """The texts of :data:`_TEXT` in ``lang``."""
    if isinstance(value, str):
        return i18n.text(lang, value)
    if isinstance(value, list):
        return [_translated(item, lang) for item in value]
    return {key: _translated(item, lang) for key, item in value.items()}


def starter_journey(lang: str = "en", template: str = "starter") -> dict[str, Any]:
    """The journey data ``journeymap init`` writes, in ``lang``."""
    if template == "blueprint":
        return _blueprint_journey(_translated(_BLUEPRINT_TEXT, lang), lang)
    text = _translated(_TEXT, lang)
    stages = [
        {"id": stage_id, "name": i18n.text(lang, i18n.PHASE_NAMES[stage_id]), "customer_goal": goal}
        for stage_id, goal in zip(CANONICAL_PHASES, text["goals"], strict=True)
    ]
    names = text["touchpoints"]
    if template == "minimal":
        touchpoints = _minimal_touchpoints(names)
    else:
        touchpoints = _starter_touchpoints(names, text)
    return {
        "journeymap": 1,
        "id": slugify(text["title"], "my-journey"),  # named in the reader's language
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


def _blueprint_journey(text: dict[str, Any], lang: str) -> dict[str, Any]:
    """A claim as a service journey with its blueprint: every rule passes, every layer is
    shown once (teams and systems, the customer's actions, thoughts and evidence, work
    behind the counter, and customer service available from every stage)."""
    names, actions, evidence = text["touchpoints"], text["actions"], text["evidence"]
    return {
        "journeymap": 1,
        "id": slugify(text["title"], "my-service-journey"),
        "title": text["title"],
        "locale": lang,
        "kind": "service",
        "personas": [{"id": "claimant", "name": text["persona"]}],
        "teams": [
            {"id": "intake", "name": text["teams"]["intake"], "systems": ["portal", "cases"]},
            {"id": "assessors", "name": text["teams"]["assessors"], "systems": ["cases"]},
            {"id": "contact", "name": text["teams"]["contact"], "systems": ["crm", "cases"]},
        ],
        "systems": [{"id": key, "name": name} for key, name in text["systems"].items()],
        "stages": [{"id": key, "name": name} for key, name in text["stages"].items()],
        "touchpoints": [
            {
                "id": "claim-form",
                "name": names["claim-form"],
                "stage": "report",
                "owner": "CX",
                "channel": "web",
                "team": "intake",
                "customer_action": actions["claim-form"],
                "thinking": text["thinking"],
                "evidence": evidence["claim-form"],
                "emotion": 0,
                "entry": True,
                "metrics": {"ces": {"value": 2.6, "target": 3, "n": 140}},
                "next": [{"to": "status-page", "max_wait": "5d"}],
            },
            {
                "id": "status-page",
                "name": names["status-page"],
                "stage": "assess",
                "owner": "CX",
                "channel": "web",
                "systems": ["portal", "cases"],
                "customer_action": actions["status-page"],
                "emotion": -1,
                "pain_points": [text["pain"]],
                "opportunities": [text["idea"]],
                "backstage": [
                    {
                        "id": "check-documents",
                        "name": text["step"],
                        "team": "assessors",
                        "systems": ["cases"],
                        "max_wait": "3d",
                    }
                ],
                "metrics": {"csat": {"value": 71, "target": 70, "n": 90}},
                "next": ["decision-letter"],
            },
            {
                "id": "decision-letter",
                "name": names["decision-letter"],
                "stage": "decide",
                "owner": "CX",
                "channel": "mail",
                "systems": ["cases"],
                "customer_action": actions["decision-letter"],
                "evidence": evidence["decision-letter"],
                "emotion": 1,
                "exit": True,
                "metrics": {"csat": {"value": 80, "target": 75, "n": 85}},
            },
            {
                "id": "claims-hotline",
                "name": names["claims-hotline"],
                "stage": "report",
                "owner": "CS",
                "channel": "phone",
                "team": "contact",
                "available": "journey",
                "metrics": {"frt": {"value": "3m", "target": "5m"}},
            },
            {
                "id": "claims-chat",
                "name": names["claims-chat"],
                "stage": "assess",
                "owner": "CS",
                "channel": "chat",
                "team": "contact",
                "available": "journey",
                "metrics": {"resolution_rate": {"value": 86, "target": 80}},
            },
        ],
    }


def write_starter(folder: Path, *, template: str, lang: str, force: bool = False) -> Path:
    """Write ``journey.yaml`` (and its JSON Schema beside it) into ``folder``; its path.

    An existing journey is kept unless ``force`` is given.
    """
    import json

    import yaml

    from ..model.journey import journey_schema

    target = folder / "journey.yaml"
    if target.exists() and not force:
        raise OutputError(
            text(lang, "%(file)s: already exists; use --force to overwrite it", file=target)
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        reason = os_reason(exc)
        raise OutputError(
            say("%(folder)s: cannot create the folder: %(reason)s", folder=folder, reason=reason)
        ) from None
    written = "# yaml-language-server: $schema=journey.schema.json\n" + yaml.safe_dump(
        starter_journey(lang, template), sort_keys=False, allow_unicode=True, width=100
    )
    atomic_write(str(folder / "journey.schema.json"), json.dumps(journey_schema(), indent=2) + "\n")
    atomic_write(str(target), written)
    return target
