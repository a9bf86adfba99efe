"""The parts of the report a director reads first: the summary, the findings by stage,
the actions, and the emotion curves per persona along the journey's main path.

Each function turns the journey into plain data for the templates (pure, in the
report's language).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from ..analysis.actions import backlog
from ..analysis.coverage import StageCoverage
from ..analysis.paths import serves
from ..analysis.rollups import rollup
from ..checks.codes import RULE_TITLES
from ..i18n import (
    ACTION_STATUS_NAMES,
    NO_SERVICE_TEXTS,
    PRIORITY_NAMES,
    SEVERITY_NAMES,
    channel_name,
    emotion_mark,
    number,
    percent,
    plural,
    text,
)
from ..model.metrics import (
    BUILTIN_METRICS,
    KEY_METRICS,
    SERVICE_METRICS,
    format_value,
    metric_label,
)
from ..model.readings import Readings
from .drawing import CURVES

if TYPE_CHECKING:
    from ..analysis.assessed import Assessed
    from ..checks.findings import Finding
    from ..model.journey import Journey, Touchpoint

#: How many findings, pain points the summary names.
TOP_FINDINGS, WORST_PAINS = 5, 5


# --------------------------------------------------------------------------- summary


def summary(assessed: Assessed, findings: Sequence[dict[str, Any]], lang: str) -> dict[str, Any]:
    """Page 1: a verdict per stage on customer service, the top findings (of the finding
    rows, most severe first), the targets met, the key metrics and the worst pain points."""
    journey, rows, readings = assessed.journey, assessed.coverage, assessed.readings
    declared = journey.channel_names()
    total = rows[-1]
    return {
        "verdicts": [_verdict(journey, readings, row, lang, declared) for row in rows[:-1]],
        "findings": list(findings[:TOP_FINDINGS]),
        "finding_count": len(findings),
        "targets": None
        if total.target_share is None
        else plural(
            lang,
            "All targets met at %(count)s of %(total)s touchpoint with targets (%(share)s)",
            "All targets met at %(count)s of %(total)s touchpoints with targets (%(share)s)",
            total.with_targets,
            count=number(total.meeting_targets, lang),
            total=number(total.with_targets, lang),
            share=percent(total.target_share * 100, lang),
        ),
        "key_metrics": _key_metrics(assessed, lang),
        "pains": _worst_pains(journey, lang),
    }


def _verdict(
    journey: Journey,
    readings: Readings,
    row: StageCoverage,
    lang: str,
    declared: dict[str, str | None],
) -> dict[str, str]:
    """One line on customer service in a stage: present, through which channels, measured."""
    service = journey.reachable_service(row.stage or "")
    measured = sorted(
        {
            r.metric
            for tp in service
            for r in readings.of(tp)
            if r.metric in SERVICE_METRICS and r.value is not None
        }
    )
    level = row.service_gap
    if level is not None:
        return {"stage": row.name, "level": level, "text": text(lang, NO_SERVICE_TEXTS[level])}
    channels = ", ".join(channel_name(c, lang, declared) for c in row.cs_channels) or "–"
    present = plural(
        lang,
        "%(count)s CS touchpoint (%(channels)s)",
        "%(count)s CS touchpoints (%(channels)s)",
        len(service),
        channels=channels,
    )
    if measured:
        how = text(
            lang,
            "measured: %(metrics)s",
            metrics=", ".join(metric_label(m, lang) for m in measured),
        )
    else:
        how = text(lang, "no service metric")
    return {
        "stage": row.name,
        "level": "ok" if measured else "unmeasured",
        "text": f"{present}; {how}",
    }


def _key_metrics(assessed: Assessed, lang: str) -> list[dict[str, str]]:
    """The journey's value of each key metric: measured (with n and its interval) when
    data was given, else pooled from the values in the file."""
    journey, readings, measured = assessed.journey, assessed.readings, assessed.metrics
    rows = []
    for metric in KEY_METRICS:
        info = BUILTIN_METRICS[metric]
        n: int | None
        result = measured.journey.get(metric) if measured else None
        if result is not None:
            interval = (
                f"{format_value(info, result.ci_low, lang)}–{format_value(info, result.ci_high, lang)}"
                if result.ci_low is not None and result.ci_high is not None
                else None
            )
            value, n = format_value(info, result.value, lang), result.n
        else:
            samples = [
                r for tp in journey.touchpoints for r in readings.of(tp) if r.metric == metric
            ]
            pooled = rollup(metric, samples)
            if pooled is None:
                continue
            interval = None
            value = ("≈ " if pooled.approximate else "") + format_value(info, pooled.value, lang)
            n = pooled.n
        rows.append(
            {
                "name": metric_label(metric, lang),
                "value": value,
                "n": number(n, lang) if n else "",
                "interval": interval or "",
            }
        )
    return rows


def _worst_pains(journey: Journey, lang: str) -> list[dict[str, str]]:
    """Pain points at the touchpoints customers feel worst at (lowest emotion first)."""
    stages = {stage.id: stage.label for stage in journey.stages}
    hurting = [tp for tp in journey.touchpoints if tp.pain_points]
    hurting.sort(key=lambda tp: (tp.emotion if tp.emotion is not None else 0, -len(tp.pain_points)))
    return [
        {
            "touchpoint": tp.label,
            "stage": stages.get(tp.stage, tp.stage),
            "emotion": emotion_mark(tp.emotion) if tp.emotion is not None else "",
            "text": point,
        }
        for tp in hurting
        for point in tp.pain_points
    ][:WORST_PAINS]


# --------------------------------------------------------------------------- findings


def _by_severity(findings: Sequence[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (-f.severity, f.sort_key()))


def _stage_finder(journey: Journey) -> Callable[[str], str | None]:
    """The stage a finding's subject belongs to (a touchpoint's stage, or the stage
    itself); None for the whole journey, or a touchpoint in a stage that is not defined."""
    stage_of = {tp.id: tp.stage for tp in reversed(journey.touchpoints)}  # first id wins
    stages = journey.stage_index()

    def find(subject: str) -> str | None:
        stage = stage_of.get(subject, subject)
        return stage if stage in stages else None

    return find


def finding_rows(journey: Journey, findings: Sequence[Finding], lang: str) -> list[dict[str, Any]]:
    """The findings, most severe first, each with its severity, rule title and stage for
    people (``stage_id`` groups them by stage)."""
    stage_of = _stage_finder(journey)
    labels = {stage.id: stage.label for stage in journey.stages}
    rows = []
    for finding in _by_severity(findings):
        stage = stage_of(finding.subject)
        rows.append(
            {
                **finding.to_dict(),
                "severity_label": text(lang, SEVERITY_NAMES[str(finding.severity)]),
                "title": text(lang, RULE_TITLES[finding.code])
                if finding.code in RULE_TITLES
                else "",
                "stage": labels.get(stage or ""),
                "stage_id": stage,
            }
        )
    return rows


def findings_by_stage(
    journey: Journey, rows: Sequence[dict[str, Any]], lang: str
) -> list[dict[str, Any]]:
    """The finding rows (most severe first) grouped by the stage they concern, in stage
    order, the whole journey last."""
    groups: dict[str | None, list[dict[str, Any]]] = {stage.id: [] for stage in journey.stages}
    groups[None] = []
    for row in rows:
        groups[row["stage_id"]].append(row)
    labels = {stage.id: stage.label for stage in journey.stages}
    return [
        {
            "stage": labels[stage] if stage is not None else text(lang, "Whole journey"),
            "findings": members,
        }
        for stage, members in groups.items()
        if members
    ]


# --------------------------------------------------------------------------- actions


def actions(journey: Journey, lang: str) -> list[dict[str, str]]:
    """The journey's opportunities as a backlog: still to do first, then by priority, due."""
    rows = []
    for item in backlog([journey]):
        action = item.action
        rows.append(
            {
                "priority": action.priority or "none",
                "priority_label": text(lang, PRIORITY_NAMES[action.priority])
                if action.priority
                else "–",
                "due": action.due.isoformat() if action.due else "–",
                "status": action.status,
                "status_label": text(lang, ACTION_STATUS_NAMES[action.status]),
                "text": action.text,
                "owner": action.owner or "–",
                "stage": item.stage.label if item.stage else item.touchpoint.stage,
                "touchpoint": item.touchpoint.label,
            }
        )
    return rows


# --------------------------------------------------------------------------- emotion curves

# Wide and low, so that the curve lane stays a strip of the grid in print.
EMOTION_WIDTH, EMOTION_HEIGHT, EMOTION_PAD = 1600.0, 200.0, 28.0


def _y(emotion: float) -> float:
    return round(EMOTION_PAD + (2 - emotion) / 4 * (EMOTION_HEIGHT - 2 * EMOTION_PAD), 1)


def emotion_curves(
    assessed: Assessed, lang: str, previous: Assessed | None = None
) -> dict[str, Any]:
    """One curve per persona (one for everyone when there are none) along the main path,
    each point where its card stands in the grid and named by its touchpoint; with
    ``previous``, its curve as it was, for before/after."""
    journey = assessed.journey
    by_stage = journey.touchpoints_by_stage()
    index_of = journey.stage_index()
    order = [stage.id for n, stage in enumerate(journey.stages) if index_of[stage.id] == n]
    width = EMOTION_WIDTH / max(len(order), 1)
    x_of: dict[str, float] = {}
    for column, stage_id in enumerate(order):
        cards = by_stage.get(stage_id, [])
        for index, tp in enumerate(cards):
            x_of.setdefault(tp.id, round(width * (column + (index + 0.5) / len(cards)), 1))
    stage_x = {stage_id: round(width * (column + 0.5), 1) for column, stage_id in enumerate(order)}
    personas: list[tuple[str | None, str]] = [(p.id, p.name) for p in journey.personas] or [
        (None, text(lang, "All customers"))
    ]
    curves = []
    labelled: set[str] = set()
    for index, (persona, name) in enumerate(personas):
        colour, dash = CURVES[index % len(CURVES)]
        points = _points(assessed.main_path(persona), persona, x_of, labelled)
        curves.append(
            {
                "name": name,
                "colour": colour,
                "dash": dash,
                "points": points,
                "polyline": _polyline(points),
            }
        )
    before = None
    if previous is not None:
        path = [
            tp
            for tp in previous.main_path()
            if tp.emotion is not None and (tp.id in x_of or tp.stage in stage_x)
        ]
        points = [
            {
                "x": x_of.get(tp.id, stage_x[tp.stage]),
                "y": _y(tp.emotion or 0),
                "title": f"{tp.label}: {emotion_mark(tp.emotion or 0)}",
            }
            for tp in path
        ]
        # The earlier version's path is drawn where its touchpoints stand now: cards that
        # moved could make it run back, so it is read left to right (sorted is stable).
        points.sort(key=lambda point: point["x"])
        before = {"name": text(lang, "Before"), "points": points, "polyline": _polyline(points)}
    return {
        "curves": curves,
        "labels": _place_labels(curves),
        "before": before,
        "levels": [{"value": level, "y": _y(level)} for level in (2, 1, 0, -1, -2)],
        "separators": [round(width * column, 1) for column in range(1, len(order))],
        "width": EMOTION_WIDTH,
        "height": EMOTION_HEIGHT,
    }


def _points(
    path: Sequence[Touchpoint], persona: str | None, x_of: dict[str, float], labelled: set[str]
) -> list[dict[str, Any]]:
    """The points of one curve: the touchpoints on the path that serve the persona and
    have an emotion; each touchpoint is named once, at its first curve."""
    points = []
    for tp in path:
        if tp.emotion is None or not serves(tp, persona) or tp.id not in x_of:
            continue
        points.append(
            {
                "x": x_of[tp.id],
                "y": _y(tp.emotion),
                "level": max(-2, min(2, round(tp.emotion))),
                "title": f"{tp.label}: {emotion_mark(tp.emotion)}",
                "name": None if tp.id in labelled else tp.label,
            }
        )
        labelled.add(tp.id)
    return points


#: The average width of a label character, in the curve's units (13-unit DejaVu Sans).
_CHAR_WIDTH = 7.6
#: The height a name needs, in the curve's units.
_LINE = 16.0


def _place_labels(curves: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Printed names of the points, never overlapping: each name starts just right of
    its point, above it or below it, whichever leaves more room before the next name at
    that height, and is shortened to that room."""
    named = sorted(
        (point for curve in curves for point in curve["points"] if point["name"]),
        key=lambda point: point["x"],
    )
    # The leftmost edge of the names placed so far (those to the right), by their height:
    # a chart has few heights, so the room at one is found without a scan of every name.
    placed: dict[float, float] = {}
    labels = []
    for point in reversed(named):  # right to left: the room of each is known when placed
        name, x = point["name"], point["x"] + 7

        def room(y: float, x: float = x) -> float:
            ahead = [left for other_y, left in placed.items() if abs(other_y - y) < _LINE]
            return min(ahead, default=EMOTION_WIDTH) - x - 4

        # Above the point, unless below leaves more room (or above would leave the chart).
        y = max(
            (point["y"] - 9, point["y"] + 20),
            key=lambda y: (room(y), y < point["y"] and y >= _LINE),
        )
        anchor, left = "start", x
        width = len(name) * _CHAR_WIDTH
        if not placed and room(y) < width:  # the last name ends left of its point instead
            anchor, x = "end", point["x"] - 7
            left = x - min(width + _CHAR_WIDTH, x)
        chars = max(3, int((room(y) if anchor == "start" else x - left) / _CHAR_WIDTH))
        placed[y] = min(left, placed.get(y, left))
        labels.append(
            {
                "x": x,
                "y": round(y, 1),
                "anchor": anchor,
                "text": _shortened(name, chars),
                "title": name,
            }
        )
    return labels[::-1]


def _shortened(name: str, chars: int) -> str:
    """``name`` in at most ``chars`` characters, cut after a whole word where one fits."""
    if len(name) <= chars:
        return name
    cut = name[: chars - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space >= chars // 2 else cut).rstrip(" ,;:–-") + "…"


def _polyline(points: list[dict[str, Any]]) -> str:
    return " ".join(f"{p['x']},{p['y']}" for p in points)
