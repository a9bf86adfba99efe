"""The metric catalog: the built-in metrics of SPEC §3, their scales and directions, and the
duration syntax metric values accept."""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass

from ..i18n import N_, duration, durations_apart, number, percent, side, text
from .vocabulary import Better, Discipline


@dataclass(frozen=True)
class MetricInfo:
    """What journeymap knows about a metric id: its meaning, unit, valid range, which way
    is better, its short label, and for a survey metric the scale customers answer on."""

    id: str
    name: str
    discipline: Discipline
    unit: str
    low: float | None
    high: float | None
    better: Better
    #: How outputs name it: an acronym every language uses, or a catalog message.
    label: str = ""
    #: The answers a survey gives (CSAT 1-5, NPS 0-10, CES 1 to its scale), whole numbers.
    survey: tuple[int, int] | None = None


#: The table of the built-in metrics (SPEC §3): every fact about a metric is a column here,
#: and the checks, the readers, the labels and the report read it from here.
BUILTIN_METRICS: dict[str, MetricInfo] = {
    m.id: m
    for m in (
        MetricInfo("csat", "Customer Satisfaction Score", "CX", "%", 0, 100, "higher", "CSAT", (1, 5)),
        MetricInfo("nps", "Net Promoter Score", "CX", "points", -100, 100, "higher", "NPS", (0, 10)),
        # CES runs 1..scale; the upper bound depends on the value's scale (5 or 7).
        MetricInfo("ces", "Customer Effort Score", "CX", "score", 1, 7, "lower", "CES", (1, 7)),
        MetricInfo("retention_rate", "Customer retention rate", "CX", "%", 0, 100, "higher", N_("Retention")),
        MetricInfo("frt", "First response time", "CS", "minutes", 0, None, "lower", "FRT"),
        MetricInfo("art", "Average resolution time", "CS", "minutes", 0, None, "lower", "ART"),
        MetricInfo("resolution_rate", "Resolution rate", "CS", "%", 0, 100, "higher", N_("Resolved")),
        MetricInfo("task_success_rate", "Task success rate", "UX", "%", 0, 100, "higher", N_("Task success")),
        MetricInfo("error_rate", "Error rate", "UX", "%", 0, 100, "lower", N_("Errors")),
        MetricInfo("abandonment_rate", "Abandonment rate", "UX", "%", 0, 100, "lower", N_("Abandoned")),
        MetricInfo("time_on_task", "Time on task", "UX", "seconds", 0, None, "lower", N_("Time on task")),
        MetricInfo("clicks_to_completion", "Clicks to completion", "UX", "count", 0, None, "lower", N_("Clicks")),
    )
}  # fmt: skip

#: Metrics that show the customer is satisfied (JM203 looks for one per stage).
CX_SCORE_METRICS = ("csat", "nps", "ces")
#: Metrics that show customer service is measured (JM202 wants one per CS touchpoint).
SERVICE_METRICS = ("frt", "art", "resolution_rate")
#: The metrics the report's summary shows first, when the journey has them.
KEY_METRICS = ("csat", "nps", "ces", "frt", "art", "resolution_rate")
#: Default scale of the Customer Effort Score (5 is the other one allowed).
DEFAULT_CES_SCALE = 7
#: The answers that count (SPEC §3): satisfied from CSAT 4, promoters from NPS 9,
#: detractors up to NPS 6.  The measuring SQL is compiled from these.
SATISFIED_FROM, PROMOTER_FROM, DETRACTOR_UP_TO = 4, 9, 6


def metric_label(metric_id: str, lang: str, fallback: str | None = None) -> str:
    """A short label for a metric: its acronym, its short name in ``lang``, or ``fallback``
    (a custom metric's ``name``), else its id."""
    info = BUILTIN_METRICS.get(metric_id)
    if info is not None and info.label:
        return info.label if info.label.isupper() else text(lang, info.label)
    return fallback or metric_id


_DURATION = re.compile(r"\s*([0-9]+(?:\.[0-9]+)?)\s*(s|sec|m|min|h|d)\s*\Z")
_SECONDS_PER_UNIT = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "d": 86400}
_SECONDS_PER_METRIC_UNIT = {"seconds": 1.0, "minutes": 60.0}


def valid_range(info: MetricInfo, scale: int | None = None) -> tuple[float | None, float | None]:
    """The valid range of a metric; for CES it is 1..scale (the value's own scale, else the
    journey's, which ``info`` carries as its upper end)."""
    if info.id == "ces" and scale:
        return (1, scale)
    return (info.low, info.high)


def target_met(info: MetricInfo, value: float, target: float) -> bool:
    """True when ``value`` is on the good side of ``target`` (or on it)."""
    return value >= target if info.better == "higher" else value <= target


def canonical_metric_id(key: str) -> str:
    """Accept the upper-case aliases of built-in metrics (``CSAT`` → ``csat``)."""
    lowered = key.lower()
    return lowered if lowered in BUILTIN_METRICS else key


def parse_duration(text: str) -> float | None:
    """Seconds in a duration such as ``"90s"``, ``"45m"``, ``"2h"`` or ``"1d"``; else None."""
    match = _DURATION.match(text)
    if not match:
        return None
    return float(match.group(1)) * _SECONDS_PER_UNIT[match.group(2)]


def duration_in_unit(seconds: float, metric_id: str) -> float:
    """Express a duration in the unit of ``metric_id`` (minutes unless the metric counts seconds)."""
    info = BUILTIN_METRICS.get(metric_id)
    per_unit = _SECONDS_PER_METRIC_UNIT.get(info.unit if info else "minutes", 60.0)
    return seconds / per_unit


def _duration_text(seconds: float) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{_three_digits(seconds / size)}{unit}"
    return f"{_three_digits(seconds)}s"


def _three_digits(number: float) -> str:
    """Three significant digits, never in exponent form (``1.58``, ``48.2``, ``1234``)."""
    return f"{number:.3g}" if abs(number) < 1000 else f"{number:.0f}"


def rounded(info: MetricInfo | None, value: float) -> float:
    """A measured value as precise as people write it in a journey file: 52.9 %, NPS 31.4,
    CES 3.98, durations to three significant digits."""
    unit = info.unit if info else ""
    if unit in _SECONDS_PER_METRIC_UNIT:
        return float(_three_digits(value)) if abs(value) < 1000 else float(round(value))
    return round(value, 1 if unit in ("%", "points") else 2)


def duration_text(value: float, unit: str = "minutes") -> str:
    """A duration in ``unit`` (minutes or seconds) as a journey file writes it: ``"2.64m"``,
    ``"48.2h"``, ``"90s"`` (read back by the loader to nearly the same value)."""
    return _duration_text(value * _SECONDS_PER_METRIC_UNIT.get(unit, 60.0))


def format_value(info: MetricInfo | None, value: float, lang: str = "en") -> str:
    """A metric value as people of ``lang`` read it: ``82 %``, ``NPS 31``, ``CES 3,4``,
    ``4 Std. 20 Min.``.  Percentages and points are whole (below 10 %, one decimal where
    there is one), scores have one decimal, durations their two largest units."""
    unit = info.unit if info else ""
    if unit in _SECONDS_PER_METRIC_UNIT:
        return duration(value * _SECONDS_PER_METRIC_UNIT[unit], lang)
    return _written(unit, value, lang, _decimals(unit, value))


def format_target(info: MetricInfo | None, target: float, lang: str = "en") -> str:
    """A target as exactly as it was set (a CES target of 3.125 is not "3.1")."""
    return format_against(info, target, target, lang)[1]


def format_against(
    info: MetricInfo | None, value: float, target: float, lang: str = "en"
) -> tuple[str, str]:
    """A value and its target as :func:`format_value` writes them, but so that what is read
    agrees with the verdict: the target as exactly as it was set, and the value with as
    many more decimals as it takes to stand on its side of the target (a CSAT of 79.6
    against 80 reads "79.6 %", never "80 %, below its target 80 %")."""
    # ``sign``s keep -0.0 and 0.0 apart, which the cache's key would otherwise merge.
    return _format_against(
        info, value, math.copysign(1.0, value), target, math.copysign(1.0, target), lang
    )


@functools.lru_cache(maxsize=8192)  # a report writes each value several times
def _format_against(
    info: MetricInfo | None, value: float, _sign: float, target: float, _target_sign: float,
    lang: str,
) -> tuple[str, str]:  # fmt: skip
    unit = info.unit if info else ""
    if unit in _SECONDS_PER_METRIC_UNIT:
        seconds = _SECONDS_PER_METRIC_UNIT[unit]
        return durations_apart(value * seconds, target * seconds, lang)
    if not (math.isfinite(value) and math.isfinite(target)):
        return format_value(info, value, lang), format_value(info, target, lang)
    exact = next((d for d in range(_MOST_DECIMALS) if round(target, d) == target), _MOST_DECIMALS)
    decimals = _decimals(unit, value)
    while decimals < _MOST_DECIMALS and side(round(value, decimals), target) != side(value, target):
        decimals += 1
    target_decimals = max(exact, _decimals(unit, target))
    return _written(unit, value, lang, decimals), _written(unit, target, lang, target_decimals)


#: Beyond this many decimals a difference is not worth reading.
_MOST_DECIMALS = 4


def _decimals(unit: str, value: float) -> int:
    if unit == "%":  # whole, but below 10 % one decimal where there is one
        return 1 if abs(value) < 10 and round(value, 1) != round(value) else 0
    if unit in ("points", "count"):
        return 0
    if unit == "score":
        return 1
    return 0 if round(value, 1) == round(value) else 1


def _written(unit: str, value: float, lang: str, decimals: int) -> str:
    if unit == "%":
        return percent(value, lang, decimals=decimals)
    written = number(value, lang, decimals=decimals)
    return f"{written} {unit}" if unit and unit not in ("points", "count", "score") else written
