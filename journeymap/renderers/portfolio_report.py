"""The portfolio report (``journeymap report DIR``): one self-contained page with the
hierarchy and heatmap of the journeys against the lifecycle's stages, each journey's
health, the shared personas, the portfolio's findings and one backlog ranked by
evidence.  Each journey's own report is made beside it, and the page links into them.

:func:`portfolio_context` turns an assessed portfolio into plain data (pure);
:func:`portfolio_report` renders it with the report's templates and styles.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..analysis.portfolio import AssessedPortfolio, Cell, Health, Member
from ..checks.codes import RULE_TITLES
from ..checks.findings import Finding
from ..i18n import (
    EMOTION_MARKS,
    N_,
    PHASE_NAMES,
    SEVERITY_NAMES,
    emotion_mark,
    number,
    percent,
    text,
)
from .html import environment, render_page, spoken_language
from .labels import evidence_text, score_text

#: How each level of the hierarchy is called.
LEVEL_NAMES = {0: N_("Lifecycle"), 1: N_("Journey"), 2: N_("Sub-journey")}

#: Where a journey's report is, given its id (a relative link).
Links = Callable[[str], str]


def portfolio_context(portfolio: AssessedPortfolio, lang: str, link: Links) -> dict[str, Any]:
    """Everything the portfolio page shows, as plain data."""
    lifecycle = portfolio.lifecycle
    columns = (
        [
            {
                "id": stage.id,
                "label": stage.label,
                "phase": _phase(stage.canonical_phase, stage.label, lang),
            }
            for stage in lifecycle.journey.stages
        ]
        if lifecycle is not None and lifecycle.journey is not None
        else []
    )
    rows = []
    for depth, member in portfolio.hierarchy():
        cells = portfolio.heatmap.get(member.id, {})
        rows.append(
            {
                **_member(member, lang, link),
                "depth": depth,
                "cells": [
                    _cell(cells[column["id"]], lang, link(member.id))
                    if column["id"] in cells
                    else None
                    for column in columns
                ],
            }
        )
    return {
        "lang": lang,
        "title": portfolio.title,
        "description": portfolio.document.portfolio.description,
        "today": portfolio.today.isoformat(),
        "journeys": len(portfolio.members),
        "columns": columns,
        "rows": rows,
        "moods": [(str(level), EMOTION_MARKS[level]) for level in sorted(EMOTION_MARKS)],
        "health": [_health(row, lang, link) for row in portfolio.health],
        "personas": [
            {
                "name": name,
                "journeys": [
                    {"title": _title(portfolio, journey_id), "href": link(journey_id)}
                    for journey_id in journeys
                ],
            }
            for _id, name, journeys in portfolio.shared_personas
        ],
        "findings": [_finding(finding, lang) for finding in portfolio.portfolio_findings],
        "backlog": _backlog(portfolio, lang, link),
        "load_errors": list(portfolio.load_errors),
    }


def _phase(phase: str | None, label: str, lang: str) -> str:
    """The funnel phase of a lifecycle stage, unless the stage's name already says it."""
    name = text(lang, PHASE_NAMES[phase]) if phase else ""
    return "" if name.casefold() == label.casefold() else name


def _member(member: Member, lang: str, link: Links) -> dict[str, Any]:
    journey = member.journey
    return {
        "id": member.id,
        "title": journey.title if journey else member.entry.file,
        "href": link(member.id) if journey else None,
        "level": member.entry.level,
        "level_label": text(lang, LEVEL_NAMES[member.entry.level]),
        "owner": member.entry.owner or "",
        "review_by": member.entry.review_by.isoformat() if member.entry.review_by else "",
    }


def _cell(cell: Cell, lang: str, href: str) -> dict[str, Any]:
    mood = round(cell.emotion) if cell.emotion is not None else None
    return {
        "href": f"{href}#stage-{cell.stages[0]}",
        "mood": "none" if mood is None else str(max(-2, min(2, mood))),
        "emotion": f"{emotion_mark(cell.emotion)[0]} {number(cell.emotion, lang, 1)}"
        if cell.emotion is not None
        else "–",
        "cs": cell.cs_touchpoints,
        "touchpoints": cell.touchpoints,
        "targets": f"{cell.meeting_targets}/{cell.with_targets}" if cell.with_targets else "",
        "stages": len(cell.stages),
    }


def _health(row: Health, lang: str, link: Links) -> dict[str, Any]:
    return {
        **_member(row.member, lang, link),
        "errors": row.errors,
        "warnings": row.warnings,
        "infos": row.infos,
        "targets": f"{row.meeting_targets}/{row.with_targets}" if row.with_targets else "–",
        "target_share": percent(100 * row.meeting_targets / row.with_targets, lang)
        if row.with_targets
        else "",
        "stale": row.stale,
        "loaded": row.member.assessed is not None,
    }


def _title(portfolio: AssessedPortfolio, journey_id: str) -> str:
    member = next(m for m in portfolio.members if m.id == journey_id)
    return member.journey.title if member.journey else member.entry.file


def _finding(finding: Finding, lang: str) -> dict[str, Any]:
    return {
        "code": finding.code,
        "title": text(lang, RULE_TITLES[finding.code]),
        "severity": str(finding.severity),
        "severity_label": text(lang, SEVERITY_NAMES[str(finding.severity)]),
        "message": finding.message,
        "where": finding.where,
    }


def _backlog(portfolio: AssessedPortfolio, lang: str, link: Links) -> list[dict[str, Any]]:
    rows = []
    for item in portfolio.backlog:
        evidence = item.evidence
        rows.append(
            {
                "score": score_text(evidence, lang) if evidence else "–",
                "scored": evidence is not None and evidence.score is not None,
                "done": item.action.status == "done",
                "text": item.action.text,
                "owner": item.action.owner or "–",
                "effort": item.action.effort or "–",
                "journey": item.journey.title,
                "stage": item.stage.label if item.stage else item.touchpoint.stage,
                "touchpoint": item.touchpoint.label,
                "href": f"{link(item.journey.id)}#tp-{item.touchpoint.id}",
                "why": evidence_text(evidence, lang) if evidence else "",
            }
        )
    return rows


def portfolio_report(
    portfolio: AssessedPortfolio,
    lang: str | None = None,
    *,
    link: Links,
    timestamp: str | None = None,
) -> str:
    """The portfolio's page in ``lang`` (default: the portfolio's locale); ``link`` says
    where each journey's report is."""
    language = spoken_language(lang or portfolio.locale)
    context = portfolio_context(portfolio, language, link)
    return render_page(
        environment(), "portfolio.html.j2", language, {**context, "timestamp": timestamp}
    )
