"""Metrics from raw counts (SPEC §3): formulas, confidence intervals, pooled rollups.

Pure functions over the counts that :mod:`journeymap.data` aggregates from survey
and ticket exports.  Rollups per stage, per owner and for the journey add up
the raw counts first and apply the formula once ("pooled"); they are not means
of touchpoint values.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .model import Journey

Z_95 = 1.96
SCORE_METRICS = ("csat", "nps", "ces")
TICKET_METRICS = ("frt", "art", "resolution_rate")


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


@dataclass(frozen=True)
class Result:
    """A computed metric: its value, the count behind it and a 95 % interval where defined."""

    value: float
    n: int
    ci_low: float | None = None
    ci_high: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": _round(self.value),
            "n": self.n,
            "ci_low": _round(self.ci_low),
            "ci_high": _round(self.ci_high),
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


# --------------------------------------------------------------------------- measurements


@dataclass
class Measurements:
    """Counts aggregated from data files, per touchpoint."""

    scores: dict[str, dict[str, ScoreCounts]] = field(default_factory=dict)
    tickets: dict[str, TicketCounts] = field(default_factory=dict)
    skipped_rows: int = 0

    def add_scores(self, touchpoint: str, metric: str, counts: ScoreCounts) -> None:
        per_metric = self.scores.setdefault(touchpoint, {})
        per_metric[metric] = per_metric.get(metric, ScoreCounts()) + counts

    def add_tickets(self, touchpoint: str, counts: TicketCounts) -> None:
        self.tickets[touchpoint] = self.tickets.get(touchpoint, TicketCounts()) + counts

    def results(self, touchpoints: Iterable[str]) -> dict[str, Result]:
        """Every metric pooled over ``touchpoints``."""
        scores: dict[str, ScoreCounts] = {}
        tickets = TicketCounts()
        for tp in touchpoints:
            for metric, counts in self.scores.get(tp, {}).items():
                scores[metric] = scores.get(metric, ScoreCounts()) + counts
            tickets = tickets + self.tickets.get(tp, TicketCounts())
        results = {
            metric: score_result(metric, counts) for metric, counts in scores.items() if counts.n
        }
        if tickets.n:
            results.update(ticket_results(tickets))
        return dict(sorted(results.items()))


@dataclass(frozen=True)
class MetricsSummary:
    """Measured metrics per touchpoint and pooled per stage, per owner and for the journey."""

    touchpoints: dict[str, dict[str, Result]]
    stages: dict[str, dict[str, Result]]
    owners: dict[str, dict[str, Result]]
    journey: dict[str, Result]

    def to_dict(self) -> dict[str, Any]:
        def block(results: Mapping[str, Result]) -> dict[str, Any]:
            return {metric: result.to_dict() for metric, result in results.items()}

        return {
            "touchpoints": {tp: block(r) for tp, r in self.touchpoints.items()},
            "stages": {stage: block(r) for stage, r in self.stages.items()},
            "owners": {owner: block(r) for owner, r in self.owners.items()},
            "journey": block(self.journey),
        }


def summarise(journey: Journey, measurements: Measurements) -> MetricsSummary:
    """Touchpoint results and pooled rollups, in the journey's order."""
    by_stage = journey.touchpoints_by_stage()
    measured = [tp for tps in by_stage.values() for tp in tps]
    touchpoints = {tp.id: r for tp in measured if (r := measurements.results([tp.id]))}
    stages = {
        stage: r
        for stage, tps in by_stage.items()
        if (r := measurements.results(tp.id for tp in tps))
    }
    owners = {
        owner: measurements.results(tp.id for tp in measured if tp.owner == owner)
        for owner in ("CX", "CS")
    }
    return MetricsSummary(
        touchpoints, stages, owners, measurements.results(tp.id for tp in measured)
    )


def apply_measurements(journey: Journey, measurements: Measurements) -> Journey:
    """A copy of the journey whose metric values (and n) are the measured ones.

    Targets and scales typed in the file still apply; a measured metric the file
    does not name is added.  The copy keeps the file positions for findings.
    """
    from .model import MetricValue

    touchpoints = []
    for tp in journey.touchpoints:
        results = measurements.results([tp.id])
        if not results:
            touchpoints.append(tp)
            continue
        metrics = dict(tp.metrics)
        for metric_id, result in results.items():
            typed = metrics.get(metric_id, MetricValue())
            metrics[metric_id] = typed.model_copy(update={"value": result.value, "n": result.n})
        touchpoints.append(tp.model_copy(update={"metrics": metrics}))
    measured = journey.model_copy(update={"touchpoints": touchpoints})
    measured._source = journey._source
    return measured


__all__ = [
    "Measurements",
    "MetricsSummary",
    "Result",
    "ScoreCounts",
    "TicketCounts",
    "apply_measurements",
    "csat",
    "nps",
    "summarise",
    "wilson",
]


def summary_table(journey: Journey, summary: MetricsSummary) -> str:
    """The measured metrics as a plain-text table (``journeymap metrics``)."""
    from .catalog import format_value

    rows = [("scope", "metric", "value", "n", "95% CI")]
    scopes: list[tuple[str, dict[str, Result]]] = [
        (f"touchpoint {tp}", r) for tp, r in summary.touchpoints.items()
    ]
    scopes += [(f"stage {stage}", r) for stage, r in summary.stages.items()]
    scopes += [(f"owner {owner}", r) for owner, r in summary.owners.items() if r]
    scopes.append(("journey", summary.journey))
    for scope, results in scopes:
        for metric, result in results.items():
            interval = (
                "–" if result.ci_low is None else f"{result.ci_low:.1f} … {result.ci_high:.1f}"
            )
            value = format_value(journey.metric_info(metric), result.value)
            rows.append((scope, metric, value, str(result.n), interval))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    return "\n".join(lines) + "\n"
