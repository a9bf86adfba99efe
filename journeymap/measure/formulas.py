"""The formulas of SPEC §3 over raw counts: CSAT, NPS, CES, FRT, ART, resolution rate, and
their 95 % confidence intervals.

Pure functions over the counts that :mod:`journeymap.measure.readers` aggregates
from survey and ticket exports.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from ..model.readings import Measured

Z_95 = 1.96


@dataclass(frozen=True)
class ScoreCounts:
    """Survey responses of one metric at one touchpoint (or pooled over several)."""

    n: int = 0
    total: float = 0.0  # sum of scores, for means (CES, custom metrics)
    satisfied: int = 0  # CSAT: scores 4 or 5
    promoters: int = 0  # NPS: 9-10
    detractors: int = 0  # NPS: 0-6

    def __add__(self, other: ScoreCounts) -> ScoreCounts:
        return ScoreCounts(
            self.n + other.n,
            self.total + other.total,
            self.satisfied + other.satisfied,
            self.promoters + other.promoters,
            self.detractors + other.detractors,
        )


@dataclass(frozen=True)
class TicketCounts:
    """Helpdesk tickets of one touchpoint (or pooled over several)."""

    n: int = 0
    responded: int = 0
    response_minutes: float = 0.0
    resolved: int = 0
    resolution_minutes: float = 0.0

    def __add__(self, other: TicketCounts) -> TicketCounts:
        return TicketCounts(
            self.n + other.n,
            self.responded + other.responded,
            self.response_minutes + other.response_minutes,
            self.resolved + other.resolved,
            self.resolution_minutes + other.resolution_minutes,
        )


#: A computed metric: its value, the count behind it and a 95 % interval where defined.
Result = Measured


def result_dict(result: Result) -> dict[str, Any]:
    """A result as ``metrics --format json`` writes it (SPEC §5)."""
    return {
        "value": _round(result.value),
        "n": result.n,
        "ci_low": _round(result.ci_low),
        "ci_high": _round(result.ci_high),
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


# --------------------------------------------------------------------------- formulas


def wilson(successes: int, n: int, z: float = Z_95) -> tuple[float, float]:
    """Wilson score interval of a proportion, in percent."""
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return max(100 * (centre - half), 0.0), min(100 * (centre + half), 100.0)


def csat(counts: ScoreCounts) -> Result:
    """CSAT = 100 × responses scoring 4 or 5 / all responses, with a Wilson interval."""
    low, high = wilson(counts.satisfied, counts.n)
    return Result(100 * counts.satisfied / counts.n, counts.n, low, high)


def nps(counts: ScoreCounts) -> Result:
    """NPS = 100 × (promoters − detractors) / all responses, with the interval of SPEC §3."""
    p_plus, p_minus = counts.promoters / counts.n, counts.detractors / counts.n
    value = 100 * (p_plus - p_minus)
    half = Z_95 * 100 * math.sqrt(max(p_plus + p_minus - (p_plus - p_minus) ** 2, 0) / counts.n)
    return Result(value, counts.n, max(value - half, -100), min(value + half, 100))


def mean_score(counts: ScoreCounts) -> Result:
    """CES and custom survey metrics: the mean score."""
    return Result(counts.total / counts.n, counts.n)


def score_result(metric_id: str, counts: ScoreCounts) -> Result:
    if metric_id == "csat":
        return csat(counts)
    if metric_id == "nps":
        return nps(counts)
    return mean_score(counts)


def ticket_results(counts: TicketCounts) -> dict[str, Result]:
    """FRT and ART (mean minutes) over tickets that have them; resolution rate over all."""
    results = {"resolution_rate": Result(100 * counts.resolved / counts.n, counts.n)}
    if counts.responded:
        results["frt"] = Result(counts.response_minutes / counts.responded, counts.responded)
    if counts.resolved:
        results["art"] = Result(counts.resolution_minutes / counts.resolved, counts.resolved)
    return results
