"""The report's "designed vs actual" section: what customers did, from an event log.

:func:`designed_vs_actual` turns the paths measured with ``--events`` into plain
data for ``_actual.html.j2`` (pure, in the report's language): how many cases
follow the designed journey, the stage funnel, the most taken paths, and where
the log and the design part: steps nobody designed, designed flows nobody took,
drop-offs, repeat visits and slow flows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..analysis.actual import Actual, segment_figures
from ..i18n import duration, durations_apart, number, percent, plural, text

if TYPE_CHECKING:
    from ..analysis.assessed import Assessed
    from ..model.journey import Journey

#: How many rows each list of the section shows at most (the rest are counted).
TOP_ROWS = 10
#: How many of the steps most cases take are timed (the slowest follow them).
MAIN_STEPS = 6


def designed_vs_actual(assessed: Assessed, lang: str) -> dict[str, Any] | None:
    """The section's data, or None when the report was made without an event log."""
    journey, observed = assessed.journey, assessed.actual
    if observed is None:
        return None
    paths = observed.paths
    return {
        "source": paths.source,
        "overview": _overview(observed, lang),
        "funnel": _funnel(observed, lang),
        "variants": _variants(observed, lang),
        "undesigned": _undesigned(journey, observed, lang),
        "unused": [
            {"from": _name(journey, a), "to": _name(journey, b)} for a, b in observed.unused
        ],
        "dropoffs": _touchpoints(journey, observed, "dropoff", lang),
        "repeats": _touchpoints(journey, observed, "repeat", lang),
        "slow": _slow(journey, observed, lang),
        "times": _times(journey, observed, lang),
        "segment": paths.segment,
        "segments": _segments(journey, observed, lang),
        "other_segment_cases": (
            plural(
                lang,
                "%(count)s case of other values, not shown",
                "%(count)s cases of other values, not shown",
                paths.other_segment_cases,
            )
            if paths.other_segment_cases
            else ""
        ),
        "unmapped": [
            {"activity": activity, "events": number(events, lang)}
            for activity, events in sorted(paths.unmapped.items(), key=lambda a: (-a[1], a[0]))
        ][:TOP_ROWS],
        "unmapped_count": len(paths.unmapped),
    }


def fitting_sentence(observed: Actual, lang: str) -> str:
    """``412 of 1,434 cases (28.73 %) follow the designed journey``."""
    paths = observed.paths
    return plural(
        lang,
        "%(count)s of %(total)s case follows the designed journey (%(share)s)",
        "%(count)s of %(total)s cases follow the designed journey (%(share)s)",
        paths.cases,
        count=number(paths.fitting_cases, lang),
        total=number(paths.cases, lang),
        share=percent(paths.fitting_share, lang),
    )


def _overview(observed: Actual, lang: str) -> list[str]:
    paths = observed.paths
    return [
        fitting_sentence(observed, lang),
        plural(lang, "%(count)s event", "%(count)s events", paths.events)
        + " · "
        + plural(lang, "%(count)s variant", "%(count)s variants", paths.variants),
    ]


def _name(journey: Journey, touchpoint: str) -> str:
    found = journey.touchpoint_map().get(touchpoint)
    return found.label if found else touchpoint


def _share(part: int, whole: int, lang: str) -> str:
    return percent(100 * part / whole if whole else 0.0, lang)


def _funnel(observed: Actual, lang: str) -> list[dict[str, Any]]:
    total = observed.paths.cases
    return [
        {
            "stage": stage.label,
            "cases": number(cases, lang),
            "share": _share(cases, total, lang),
            "width": round(100 * cases / total, 1) if total else 0.0,
        }
        for stage, cases in observed.funnel
    ]


def _variants(observed: Actual, lang: str) -> list[dict[str, Any]]:
    total = observed.paths.cases
    return [
        {
            "path": [tp.label for tp in path],
            "cases": plural(lang, "%(count)s case", "%(count)s cases", cases),
            "share": _share(cases, total, lang),
        }
        for path, cases in observed.variants[:TOP_ROWS]
    ]


def _undesigned(journey: Journey, observed: Actual, lang: str) -> list[dict[str, Any]]:
    """Every undesigned step, most cases first; those JM401 reports marked."""
    return [
        {
            "from": _name(journey, step.source),
            "to": _name(journey, step.target),
            "cases": number(step.cases, lang),
            "share": percent(step.share * 100, lang),
            "alarm": observed.undesigned_alarm(step),
        }
        for step in observed.steps
        if not step.designed
    ][:TOP_ROWS]


def _touchpoints(journey: Journey, observed: Actual, kind: str, lang: str) -> list[dict[str, Any]]:
    """Touchpoints where cases end (``dropoff``) or come back (``repeat``), by share."""
    rows = []
    for tp_id, traffic in observed.traffic.items():
        count, share, alarm = (
            (traffic.dropoff, traffic.dropoff_share, traffic.dropoff_alarm)
            if kind == "dropoff"
            else (traffic.repeat_cases, traffic.repeat_share, traffic.repeat_alarm)
        )
        if count:
            rows.append((-share, -count, tp_id, count, share, alarm, traffic.cases))
    return [
        {
            "touchpoint": _name(journey, tp_id),
            "cases": number(count, lang),
            "of": number(reaching, lang),
            "share": percent(share * 100, lang),
            "alarm": alarm,
        }
        for _, _, tp_id, count, share, alarm, reaching in sorted(rows)[:TOP_ROWS]
    ]


def _segments(journey: Journey, observed: Actual, lang: str) -> list[dict[str, Any]]:
    """The values of ``--segment`` side by side (see :func:`.segment_figures`)."""
    return [
        {
            "value": row.value or text(lang, "(no value)"),
            "cases": number(row.cases, lang),
            "share": percent(100 * row.share, lang),
            "fitting": percent(row.fitting_share, lang),
            "ended": (
                f"{_name(journey, row.ended_at)} ({percent(100 * row.ended_share, lang)})"
                if row.ended_at
                else "–"
            ),
            "path": [_name(journey, tp) for tp in row.top_path],
        }
        for row in segment_figures(observed.paths)
    ]


def _times(journey: Journey, observed: Actual, lang: str) -> list[dict[str, Any]]:
    """The time between the main steps (most cases first), and the slowest decile of all
    steps after them; each marked when slow (its decile, or over its ``max_wait``)."""
    slowest = {(step.source, step.target) for step in observed.slowest}
    main = [step for step in observed.steps if step.median_s is not None][:MAIN_STEPS]
    shown = main + [step for step in observed.slowest if step not in main]
    return [
        {
            "from": _name(journey, step.source),
            "to": _name(journey, step.target),
            "cases": number(step.cases, lang),
            "median": duration(step.median_s or 0.0, lang),
            "p90": duration(step.p90_s, lang) if step.p90_s is not None else "–",
            "designed": step.designed,
            "slowest": (step.source, step.target) in slowest,
            "slow": step.slow,
        }
        for step in shown
    ]


def _slow(journey: Journey, observed: Actual, lang: str) -> list[dict[str, Any]]:
    rows = []
    for step in observed.steps:
        if step.slow:
            median, limit = durations_apart(step.median_s or 0.0, step.max_wait or 0.0, lang)
            rows.append(
                {
                    "from": _name(journey, step.source),
                    "to": _name(journey, step.target),
                    "median": median,
                    "max_wait": limit,
                }
            )
    return rows
