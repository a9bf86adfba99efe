"""One reading per touchpoint metric: what every output says about a metric, computed once.

A :class:`Reading` joins a metric's value (typed in the file or measured from raw
data), its target, its sample size and confidence interval, and whether the
target is met.  The diagram's badges, the report's tables, the coverage summary
and the target rule (JM302) all read these records, so they can never disagree.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from .metrics import MetricInfo, target_met

if TYPE_CHECKING:
    from .journey import Journey, Touchpoint
    from .positions import Path

Status = Literal["met", "missed", "none"]
Origin = Literal["typed", "measured"]


@dataclass(frozen=True)
class Measured:
    """A value computed from raw data: the value, its count and a 95 % interval where defined."""

    value: float
    n: int
    ci_low: float | None = None
    ci_high: float | None = None


@dataclass(frozen=True)
class Reading:
    """A metric at a touchpoint, as every output shows it."""

    touchpoint: Touchpoint
    metric: str
    info: MetricInfo | None  # None for an unknown metric id (JM303)
    value: float | None
    target: float | None
    n: int | None
    ci_low: float | None
    ci_high: float | None
    source: Origin
    path: Path  # where the metric stands in the file

    @property
    def status(self) -> Status:
        """``met`` or ``missed`` when there is a value and a target, else ``none`` (no verdict)."""
        if self.info is None or self.value is None or self.target is None:
            return "none"
        return "met" if target_met(self.info, self.value, self.target) else "missed"


#: Values measured from raw data, by touchpoint id and metric id.
MeasuredValues = Mapping[str, Mapping[str, Measured]]


class Readings:
    """Every reading of a journey, in file order, and by touchpoint; ``measured`` holds the
    values measured from raw data (:func:`journeymap.measure.api.measure`), whose metrics
    read as measured, with their intervals."""

    def __init__(self, journey: Journey, measured: MeasuredValues | None = None) -> None:
        self._by_touchpoint: dict[int, list[Reading]] = {}
        self._all: list[Reading] = []
        measured = measured or {}
        for index, touchpoint in enumerate(journey.touchpoints):
            found = list(
                _touchpoint_readings(journey, index, touchpoint, measured.get(touchpoint.id, {}))
            )
            self._by_touchpoint[id(touchpoint)] = found
            self._all += found

    def __iter__(self) -> Iterator[Reading]:
        return iter(self._all)

    def of(self, touchpoint: Touchpoint) -> list[Reading]:
        """The readings of one touchpoint of the journey, in file order."""
        return self._by_touchpoint.get(id(touchpoint), [])


def _touchpoint_readings(
    journey: Journey, index: int, touchpoint: Touchpoint, measured: Mapping[str, Measured]
) -> Iterator[Reading]:
    for metric_id, metric in touchpoint.metrics.items():
        result = measured.get(metric_id)
        yield Reading(
            touchpoint=touchpoint,
            metric=metric_id,
            info=journey.metric_info(metric_id),
            value=metric.value,
            target=metric.target,
            n=metric.n,
            ci_low=result.ci_low if result else None,
            ci_high=result.ci_high if result else None,
            source="measured" if result else "typed",
            path=("touchpoints", index, "metrics", metric_id),
        )
