"""The self-contained HTML report (Jinja2 templates in the top-level ``templates/`` folder).

:func:`report_context` turns a journey into plain data for the templates (pure);
:func:`report` renders it.  The page has no script and makes no request: CSS and
SVG are inline, fonts come from the reader's system, and a Content Security
Policy forbids anything else, so a report can be mailed around safely.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from ..analysis.assessed import Assessed, assessed_of
from ..analysis.diff import CHANGE_LABELS, TOUCHPOINT_CHANGES, diff
from ..analysis.rollups import rollup
from ..errors import ConfigError
from ..i18n import (
    AVAILABLE_NAMES,
    LANGUAGES,
    N_,
    OWNER_NAMES,
    PHASE_NAMES,
    STATE_NAMES,
    channel_name,
    emotion_mark,
    percent,
    plural,
    say,
    text,
)
from ..machine import collector_paused
from ..model.metrics import format_value
from ..model.readings import Reading, Readings
from ..model.vocabulary import OWNERS
from .engines import RenderError, render_started
from .labels import (
    SOURCE_KINDS,
    change_field,
    change_value,
    metric_name,
    source_details,
    subject_label,
    target_text,
    value_text,
)
from .layers import lanes as blueprint_lanes
from .layers import layers as blueprint_layers
from .report_actual import designed_vs_actual
from .report_parts import actions, emotion_curves, finding_rows, findings_by_stage, summary

if TYPE_CHECKING:
    from markupsafe import Markup

    from ..measure.measurements import SourceReport
    from ..model.journey import Journey, Touchpoint
    from ..model.observed import Paths


def template_dir() -> Path:
    """The packaged templates (in a wheel) or those of the source tree."""
    package = Path(__file__).parents[1]
    packaged = package / "templates"
    return packaged if packaged.is_dir() else package.parent / "templates"


def report_context(
    assessed: Assessed,
    lang: str,
    diagram: str | None = None,
    diagram_error: str | None = None,
    previous: Assessed | None = None,
) -> dict[str, Any]:
    """Everything the templates show, as plain data (JSON-able but for the diagram's SVG):
    each derived part (readings, findings, coverage, paths) read once from ``assessed``."""
    journey, readings = assessed.journey, assessed.readings
    by_stage = journey.touchpoints_by_stage()
    declared = journey.channel_names()
    stage_index = journey.stage_index()
    blueprint = journey.draws_blueprint()
    stages = [
        _stage(journey, readings, number, stage.id, by_stage[stage.id], lang, blueprint)
        for number, stage in enumerate(journey.stages, 1)
        if stage_index[stage.id] == number - 1
    ]
    finding_list = finding_rows(journey, assessed.findings, lang)  # most severe first
    return {
        "journey": {
            "title": journey.title,
            "description": journey.description,
            "state": journey.state,
            "touchpoints": len(journey.touchpoints),
            "personas": [
                {"name": persona.name, "description": persona.description}
                for persona in journey.personas
            ],
        },
        "lang": lang,
        "state": text(lang, STATE_NAMES[journey.state]),
        "stages": stages,
        "summary": summary(assessed, finding_list, lang),
        "emotion": emotion_curves(assessed, lang, previous),
        "metric_rows": _metric_rows(readings, by_stage, lang),
        "stage_rollups": [
            (stage["label"], _rollups(readings, by_stage[stage["id"]], lang)) for stage in stages
        ],
        "owner_rollups": [
            (
                text(lang, OWNER_NAMES[owner]),
                _rollups(
                    readings,
                    [tp for tps in by_stage.values() for tp in tps if tp.owner == owner],
                    lang,
                ),
            )
            for owner in OWNERS
        ],
        "coverage": [
            {
                **dataclasses.asdict(row),
                "cs_channels": [channel_name(c, lang, declared) for c in row.cs_channels],
                "target_share": (
                    None if row.target_share is None else percent(row.target_share * 100, lang)
                ),
            }
            for row in assessed.coverage
        ],
        "channel_matrix": _channel_matrix(
            [by_stage[stage["id"]] for stage in stages], stages, lang, declared
        ),
        "findings": finding_list,
        "finding_groups": findings_by_stage(journey, finding_list, lang),
        "actions": actions(journey, lang),
        "actual": designed_vs_actual(assessed, lang),
        "mark_labels": {mark: text(lang, label) for mark, label in MARK_LABELS.items()},
        "diagram": diagram,
        "diagram_error": diagram_error,
        "sources": source_rows(assessed.metrics.sources if assessed.metrics else [], lang),
        "blueprint": (
            _blueprint_rows(journey, stages, by_stage, lang, assessed.observed) if blueprint else []
        ),
    }


def _blueprint_rows(
    journey: Journey,
    stages: list[dict[str, Any]],
    by_stage: dict[str, list[Touchpoint]],
    lang: str,
    observed: Paths | None,
) -> list[dict[str, Any]]:
    """The grid's rows of a service blueprint, top to bottom, each with the line above it;
    the frontstage is the touchpoints row."""
    of = blueprint_layers(journey, lang, observed)
    shown = [tp for stage in stages for tp in by_stage[stage["id"]]]
    used = {tp.owner for tp in shown} | {lane for tp in shown for lane in of[tp.id].lanes()}
    rows: list[dict[str, Any]] = []
    for lane in blueprint_lanes(used, lang):
        if lane.key == "CS" and any(row["key"] == "touchpoints" for row in rows):
            continue  # the touchpoints row holds both owners
        if lane.key in OWNERS:
            rows.append({"key": "touchpoints", "line": lane.line})
            continue
        cells = [
            [
                (tp.label, dataclasses.asdict(of[tp.id]))
                for tp in by_stage[stage["id"]]
                if lane.key in of[tp.id].lanes()
            ]
            for stage in stages
        ]
        rows.append({"key": lane.key, "label": lane.label, "line": lane.line, "cells": cells})
    return rows


def _stage(
    journey: Journey,
    readings: Readings,
    number: int,
    stage_id: str,
    touchpoints: list[Touchpoint],
    lang: str,
    blueprint: bool,
) -> dict[str, Any]:
    stage = journey.stages[number - 1]
    declared, teams = journey.channel_names(), journey.team_names()
    return {
        "id": stage.id,
        "number": number,
        "label": stage.label,
        "phase": text(lang, PHASE_NAMES[stage.canonical_phase]) if stage.canonical_phase else None,
        "goal": stage.customer_goal,
        "cards": [
            _card(readings.of(tp), tp, lang, declared, teams, blueprint=blueprint)
            for tp in touchpoints
        ],
        "channels": sorted(
            {channel_name(tp.channel, lang, declared) for tp in touchpoints if tp.channel}
        ),
        "pain_points": [(tp.label, point) for tp in touchpoints for point in tp.pain_points],
        "opportunities": [(tp.label, idea.text) for tp in touchpoints for idea in tp.opportunities],
    }


def _card(
    readings: list[Reading],
    tp: Touchpoint,
    lang: str,
    declared: dict[str, str | None],
    teams: dict[str, str],
    *,
    blueprint: bool = False,
) -> dict[str, Any]:
    """A touchpoint's card in the grid; it names its team where hand-overs between teams
    matter (CS) or the journey draws its blueprint (every card)."""
    badges = [
        {"label": metric_name(r, lang), "value": value_text(r, lang), "status": r.status}
        for r in readings
        if r.value is not None
    ]
    return {
        "id": tp.id,
        "label": tp.label,
        "owner": tp.owner,
        "channel": channel_name(tp.channel, lang, declared) if tp.channel else None,
        "owner_title": text(lang, OWNER_NAMES[tp.owner]),
        "available": text(lang, AVAILABLE_NAMES[tp.available]) if tp.available else None,
        "team": teams.get(tp.team, tp.team)
        if tp.team and (tp.owner == "CS" or blueprint)
        else None,
        "emotion": tp.emotion,
        "emotion_text": emotion_mark(tp.emotion) if tp.emotion is not None else None,
        "emotion_level": max(-2, min(2, round(tp.emotion))) if tp.emotion is not None else None,
        "badges": badges,
        "pain": plural(lang, "%(count)s pain point", "%(count)s pain points", len(tp.pain_points))
        if tp.pain_points
        else None,
    }


def _metric_rows(
    readings: Readings, by_stage: dict[str, list[Touchpoint]], lang: str
) -> list[dict[str, Any]]:
    return [
        {
            "stage": stage_id,
            "touchpoint": tp.label,
            "owner": tp.owner,
            "metric": reading.metric,
            "metric_name": metric_name(reading, lang),
            "value": value_text(reading, lang),
            "target": target_text(reading, lang),
            "n": reading.n,
            "status": reading.status,
        }
        for stage_id, touchpoints in by_stage.items()
        for tp in touchpoints
        for reading in readings.of(tp)
    ]


def _rollups(readings: Readings, touchpoints: list[Touchpoint], lang: str) -> list[dict[str, Any]]:
    by_metric: dict[str, list[Reading]] = {}
    for tp in touchpoints:
        for reading in readings.of(tp):
            by_metric.setdefault(reading.metric, []).append(reading)
    rows = []
    for metric_id in sorted(by_metric):
        summary = rollup(metric_id, by_metric[metric_id])
        if summary:
            first = by_metric[metric_id][0]
            rows.append(
                {
                    "metric": metric_id,
                    "metric_name": metric_name(first, lang),
                    "value": ("≈ " if summary.approximate else "")
                    + format_value(first.info, summary.value, lang),
                    "n": summary.n,
                    "touchpoints": summary.touchpoints,
                }
            )
    return rows


def _channel_matrix(
    touchpoints_by_stage: list[list[Touchpoint]],
    stages: list[dict[str, Any]],
    lang: str,
    declared: dict[str, str | None],
) -> dict[str, Any]:
    """Per stage and channel: how many CX and CS touchpoints use it; the channels by name."""
    channels = sorted({tp.channel for tps in touchpoints_by_stage for tp in tps if tp.channel})
    rows = []
    for stage, touchpoints in zip(stages, touchpoints_by_stage, strict=True):
        cells = []
        for channel in channels:
            cx = sum(1 for tp in touchpoints if tp.channel == channel and tp.owner == "CX")
            cs = sum(1 for tp in touchpoints if tp.channel == channel and tp.owner == "CS")
            cells.append({"cx": cx, "cs": cs})
        rows.append({"label": stage["label"], "cells": cells})
    return {"channels": [channel_name(c, lang, declared) for c in channels], "rows": rows}


#: How a card is marked in a comparison.
MARK_LABELS = {"added": N_("new"), "changed": N_("changed"), "moved": N_("moved here")}

# What a change does to the card of its touchpoint; the strongest mark wins.
_CARD_MARKS = {"touchpoint-added": "added", "touchpoint-moved": "moved"}
_MARK_STRENGTH = {"added": 3, "moved": 2, "changed": 1}


def source_rows(sources: Sequence[SourceReport], lang: str) -> list[dict[str, str]]:
    """The data files the measured values come from, each with what it gave, for people."""
    return [
        {
            "kind": text(lang, SOURCE_KINDS[source.kind]),
            "path": source.path,
            "details": source_details(source, lang),
        }
        for source in sources
    ]


def comparison_context(previous: Assessed, assessed: Assessed, lang: str) -> dict[str, Any]:
    """The changes from ``previous`` to ``assessed`` as table rows, and the marks of the cards."""
    journey = assessed.journey
    changes = diff(
        previous.journey,
        journey,
        old_findings=list(previous.findings),
        new_findings=list(assessed.findings),
    )
    marks: dict[str, str] = {}
    for change in changes:
        mark = _CARD_MARKS.get(change.kind)
        if mark is None and change.kind in TOUCHPOINT_CHANGES:
            mark = "changed"
        if mark and _MARK_STRENGTH[mark] > _MARK_STRENGTH.get(marks.get(change.subject, ""), 0):
            marks[change.subject] = mark
    names: dict[str, str] = {}
    for source in (previous.journey, journey):  # the newer name wins
        names.update({stage.id: stage.label for stage in source.stages})
        names.update({tp.id: tp.label for tp in source.touchpoints})
    rows = [
        {
            "kind": change.kind,
            "label": text(lang, CHANGE_LABELS[change.kind]),
            "subject": subject_label(change.subject, names),
            "field": change_field(change, lang, journey),
            "old": change_value(change, change.old, lang, journey)
            if change.old is not None
            else "",
            "new": change_value(change, change.new, lang, journey)
            if change.new is not None
            else "",
        }
        for change in changes
    ]
    return {"title": previous.journey.title, "rows": rows, "marks": marks}


_SVG_TAG = re.compile(r"<svg\b[^>]*>")
_SVG_SIZE = re.compile(r'\s(?:width|height)="[^"]*"')


def inline_svg(svg: str) -> str:
    """Graphviz's SVG made fit for inlining: no XML prologue or doctype, sized by CSS.
    Only the opening tag is rewritten: the megabytes after it are copied once."""
    tag = _SVG_TAG.search(svg)
    if tag is None:
        return svg
    opening = _SVG_SIZE.sub("", tag.group(), count=2)
    return opening.replace("<svg", '<svg role="img" class="flow-diagram"', 1) + svg[tag.end() :]


#: What a dict has as attributes (its methods): a template's ``row.get(…)`` still finds them.
_DICT_ATTRIBUTES = frozenset(dir(dict))


class _Pages(jinja2.Environment):
    """Jinja2 as the report's templates use it: ``row.name`` on a plain dict (what every
    context is made of) reads the item at once.  Jinja2 itself looks for an attribute
    first, and on a dict raising and catching that error took a third of the page's time
    at 2,000 touchpoints; what it finds is the same."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                pass  # Jinja2's own way to an undefined value, which says what is missing
        return super().getattr(obj, attribute)


@functools.cache
def environment(user_templates: str | None = None) -> jinja2.Environment:
    """One Jinja2 environment per templates folder, so templates compile once per process
    (``serve`` rebuilds often); Jinja2 still reloads a template whose file changed."""
    folders = [str(template_dir())]
    if user_templates is not None:
        folders.insert(0, user_templates)
    return _Pages(
        loader=jinja2.FileSystemLoader(folders),
        # Templates say _("Journey grid"): gettext and ngettext come with each render, in
        # the report's language (one environment serves every language).
        extensions=["jinja2.ext.i18n"],
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _gettext(lang: str, message: str, **values: object) -> Markup:
    """A template's ``_("…")``: the catalog's text is markup, the values are escaped.
    (A report calls it thousands of times: no context manager around it.)"""
    from markupsafe import Markup

    translated = Markup(text(lang, message))
    if not values:
        return translated
    try:
        return translated % values
    except (KeyError, ValueError, TypeError) as exc:
        raise _no_value(message, exc) from None


def _ngettext(lang: str, singular: str, plural_: str, count: int, **values: object) -> Markup:
    from markupsafe import Markup, escape

    escaped = {key: escape(value) for key, value in values.items()}
    try:
        return Markup(plural(lang, singular, plural_, count, **escaped))
    except (KeyError, ValueError, TypeError) as exc:
        raise _no_value(singular, exc) from None


def _no_value(message: str, exc: Exception) -> Exception:
    """A template message whose placeholder has no value is a template error (said as
    such, with the template's line), not a crash."""
    return jinja2.TemplateRuntimeError(
        say("%(message)s: no value for %(placeholder)s", message=repr(message), placeholder=exc)
    )


def report(
    subject: Journey | Assessed,
    lang: str | None = None,
    *,
    templates: str | Path | None = None,
    timestamp: str | None = None,
    engine: str = "auto",
    compare: Journey | Assessed | None = None,
) -> str:
    """The HTML report of a journey, in ``lang`` (default: the journey's locale).

    An assessed journey (``jm.assess``) brings what was measured from raw data (values
    with their intervals, and the files and period they come from) and the paths of its
    event log.  With ``compare`` (e.g. the current state of a future-state journey) the
    report lists the changes, marks new, moved and changed touchpoints in the grid and
    draws the emotion curve as it was.
    """
    with collector_paused():  # a report makes hundreds of thousands of strings, no cycles
        return _report(subject, lang, templates, timestamp, engine, compare)


def _report(
    subject: Journey | Assessed,
    lang: str | None,
    templates: str | Path | None,
    timestamp: str | None,
    engine: str,
    compare: Journey | Assessed | None,
) -> str:
    from markupsafe import Markup

    assessed = assessed_of(subject)
    journey = assessed.journey
    language = spoken_language(lang or journey.locale)
    assessed = assessed.speaking(language)  # before the map: both read its readings
    if templates is not None and not Path(templates).is_dir():
        raise ConfigError(say("%(folder)s: no such templates folder", folder=templates))
    drawing: Callable[[], bytes] | None = None
    diagram = diagram_error = None
    try:
        # The map as printed on A3 landscape, the report's print size; Graphviz draws it
        # while the rest of the report is put together.
        drawing = render_started(assessed, "svg", engine=engine, fit="a3")  # type: ignore[arg-type]
    except RenderError as exc:
        diagram_error = str(exc)
    pages = environment(str(templates) if templates is not None else None)
    previous = assessed_of(compare).speaking(language) if compare is not None else None
    # The page is written while Graphviz still draws: a mark stands where the map goes
    # (no user text can hold it: every text is escaped), replaced by the drawing after.
    mark = Markup(f"<!-- the journey map {id(assessed):x} -->") if drawing is not None else None
    try:
        context = report_context(assessed, language, None, diagram_error, previous)
        context.update(diagram=mark, diagram_error=diagram_error)
        comparison = None
        if previous is not None:
            comparison = comparison_context(previous, assessed, language)
        context.update(comparison=comparison, timestamp=timestamp)
        page = render_page(pages, "report.html.j2", language, context)
    finally:  # waited for even when the page fails, so that no engine is left running
        if drawing is not None:
            try:
                # Graphviz escapes every label it writes into the SVG (tested with XSS payloads).
                diagram = Markup(inline_svg(drawing().decode("utf-8")))
            except RenderError as exc:
                diagram_error = str(exc)
    if mark is None:
        return page
    if diagram is not None:
        return page.replace(mark, diagram)
    # Graphviz failed: the page says why instead (written again, a rare path).
    context.update(diagram=None, diagram_error=diagram_error)
    return render_page(pages, "report.html.j2", language, context)


def spoken_language(lang: str) -> str:
    """``lang``, when the report has its interface text in it."""
    if lang not in LANGUAGES:
        raise ConfigError(
            say(
                "no interface text in %(lang)s; choose one of %(languages)s",
                lang=repr(lang),
                languages=", ".join(LANGUAGES),
            )
        )
    return lang


def render_page(
    environment: jinja2.Environment, template: str, lang: str, context: dict[str, Any]
) -> str:
    """A page of ``template`` in ``lang``: a template's error is a :class:`ConfigError`
    naming its line, never a traceback."""
    try:
        return environment.get_template(template).render(
            **context,
            gettext=functools.partial(_gettext, lang),
            ngettext=functools.partial(_ngettext, lang),
        )
    except jinja2.TemplateError as exc:
        where = (
            f"{exc.filename}:{exc.lineno}: " if isinstance(exc, jinja2.TemplateSyntaxError) else ""
        )
        raise ConfigError(
            say("template error: %(where)s%(error)s", where=where, error=exc)
        ) from None
