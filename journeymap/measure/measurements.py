"""Measurements: counts per touchpoint from data files, their pooled rollups, and a journey
whose metric values are the measured ones.

Rollups per stage, per owner and for the journey add up the raw counts first and
apply the formula once ("pooled"); they are not means of touchpoint values.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..model.journey import Journey, MetricValue
from ..model.vocabulary import OWNERS
from .formulas import Result, ScoreCounts, TicketCounts, result_dict, score_result, ticket_results


@dataclass(frozen=True)
class SourceReport:
    """What one data file gave: the rows used, left out as unusable (``--skip-invalid``) and
    outside ``--since``/``--until``, and the days its used rows cover (ISO dates)."""

    path: str
    kind: str  # responses | tickets
    rows: int
    skipped: int
    outside: int
    first: str | None
    last: str | None

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass
class Measurements:
    """Counts aggregated from data files, per touchpoint, and where they came from."""

    scores: dict[str, dict[str, ScoreCounts]] = field(default_factory=dict)
    tickets: dict[str, TicketCounts] = field(default_factory=dict)
    skipped_rows: int = 0
    sources: list[SourceReport] = field(default_factory=list)
    #: The sources' own column names that ``--columns`` named and a source had.
    columns_found: set[str] = field(default_factory=set)

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
    sources: list[SourceReport] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        def block(results: Mapping[str, Result]) -> dict[str, Any]:
            return {metric: result_dict(result) for metric, result in results.items()}

        return {
            "touchpoints": {tp: block(r) for tp, r in self.touchpoints.items()},
            "stages": {stage: block(r) for stage, r in self.stages.items()},
            "owners": {owner: block(r) for owner, r in self.owners.items()},
            "journey": block(self.journey),
            "sources": [source.to_dict() for source in self.sources],
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
    owners: dict[str, dict[str, Result]] = {
        owner: measurements.results(tp.id for tp in measured if tp.owner == owner)
        for owner in OWNERS
    }
    return MetricsSummary(
        touchpoints,
        stages,
        owners,
        measurements.results(tp.id for tp in measured),
        measurements.sources,
    )


def apply_measurements(
    journey: Journey, measurements: Measurements
) -> tuple[Journey, dict[str, dict[str, Result]]]:
    """A copy of the journey whose metric values (and n) are the measured ones, and the
    measured results (with their confidence intervals) by touchpoint and metric, for
    the readings (:class:`journeymap.model.readings.Readings`).

    Targets and scales typed in the file still apply; a measured metric the file
    does not name is added.
    """
    touchpoints = []
    measured: dict[str, dict[str, Result]] = {}
    for tp in journey.touchpoints:
        results = measurements.results([tp.id])
        if not results:
            touchpoints.append(tp)
            continue
        measured[tp.id] = results
        metrics = dict(tp.metrics)
        for metric_id, result in results.items():
            typed = metrics.get(metric_id, MetricValue())
            metrics[metric_id] = typed.model_copy(update={"value": result.value, "n": result.n})
        touchpoints.append(tp.model_copy(update={"metrics": metrics}))
    return journey.model_copy(update={"touchpoints": touchpoints}), measured


def record_source(
    measurements: Measurements,
    path: str,
    kind: str,
    groups: Sequence[tuple[Any, ...]],
    used: Sequence[tuple[Any, ...]],
    count: int,
    outside: int,
) -> None:
    """What one data source gave, from its groups (all, and those used): rows used,
    skipped and outside the period, the days covered.  ``count`` is the position of the
    row count in a group; the last two items are its first and last timestamp."""
    rows = sum(group[count] for group in used)
    skipped = sum(group[count] for group in groups) - rows
    firsts = [_day(group[-2]) for group in used if group[-2] is not None]
    lasts = [_day(group[-1]) for group in used if group[-1] is not None]
    measurements.skipped_rows += skipped
    measurements.sources.append(
        SourceReport(
            path,
            kind,
            rows,
            skipped,
            outside,
            min(firsts)[1] if firsts else None,
            max(lasts)[1] if lasts else None,
        )
    )


_ENGINE_DAY = re.compile(r"(\d{4,})-(\d\d)-(\d\d)( \(BC\))?")


def _day(moment: Any) -> tuple[tuple[int, int, int], str]:
    """A moment's day, as a key that sorts and as ISO text.  DuckDB gives a time outside
    Python's years 1–9999 as its own text (``0045-03-15 (BC) 00:00:00+00``)."""
    if isinstance(moment, datetime.datetime | datetime.date):
        day = moment.date() if isinstance(moment, datetime.datetime) else moment
        return (day.year, day.month, day.day), day.isoformat()
    match = _ENGINE_DAY.match(str(moment))
    if match is None:
        return (0, 0, 0), str(moment)
    year, month, date = (int(part) for part in match.groups()[:3])
    if match.group(4):  # 1 BC is ISO year 0, 2 BC year -1
        year = 1 - year
    return (year, month, date), f"{year:05d}-{month:02d}-{date:02d}" if year < 0 else (
        f"{year:04d}-{month:02d}-{date:02d}"
    )
