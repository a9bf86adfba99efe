"""A metric pooled over several touchpoints (a stage, an owner, the journey)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Rollup:
    """A metric summarised over several touchpoints: values weighted by their n."""

    metric: str
    value: float
    n: int | None
    touchpoints: int
    approximate: bool  # some values had no n and counted once


class Sample(Protocol):
    """A value and the count behind it (a reading, or a metric as typed)."""

    @property
    def value(self) -> float | None: ...

    @property
    def n(self) -> int | None: ...


def rollup(metric: str, values: Sequence[Sample]) -> Rollup | None:
    """Weighted by sample size, which equals pooling the raw counts for CSAT, NPS, CES,
    FRT, ART and rates; values without ``n`` count once and make the result approximate."""
    measured = [v for v in values if v.value is not None]
    if not measured:
        return None
    if all(v.n for v in measured):
        total = sum(v.n or 0 for v in measured)
        value = sum((v.value or 0) * (v.n or 0) for v in measured) / total
        return Rollup(metric, value, total, len(measured), False)
    value = sum(v.value or 0 for v in measured) / len(measured)
    return Rollup(metric, value, None, len(measured), len(measured) > 1)
