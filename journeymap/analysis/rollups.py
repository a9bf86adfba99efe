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
    approximate: bool  # some values had no n and counted as one response each


class Sample(Protocol):
    """A value and the count behind it (a reading, or a metric as typed)."""

    @property
    def value(self) -> float | None: ...

    @property
    def n(self) -> int | None: ...


def rollup(metric: str, values: Sequence[Sample]) -> Rollup | None:
    """Weighted by sample size, which equals pooling the raw counts for CSAT, NPS, CES,
    FRT, ART and rates (SPEC §2).  A value without ``n`` counts as one response, so a
    typed-in guess cannot outweigh 10,000 measured answers; it makes the result
    approximate.  ``n`` is the responses behind the values that give one (None when none
    does)."""
    measured = [v for v in values if v.value is not None]
    if not measured:
        return None
    weights = [v.n if v.n is not None else 1 for v in measured]
    total = sum(weights)
    if total == 0:  # every value rests on n = 0 responses: nothing to weight by
        return None
    value = sum((v.value or 0) * weight for v, weight in zip(measured, weights, strict=True))
    known = [v.n for v in measured if v.n is not None]
    # One value alone is its own rollup, whatever its n.
    approximate = len(known) < len(measured) and len(measured) > 1
    return Rollup(metric, value / total, sum(known) if known else None, len(measured), approximate)
