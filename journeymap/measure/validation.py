"""What survey and ticket data may hold, shared by files (:mod:`.readers`) and tables
(:mod:`.tables`): the error type, the valid scores per touchpoint and metric, the period
whose data count, and the named row of a response group."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from ..errors import JourneymapError
from ..i18n import text
from ..model.metrics import BUILTIN_METRICS, metric_label
from .formulas import ScoreCounts

if TYPE_CHECKING:
    from ..model.journey import Journey

#: How many bad rows an error lists before it summarises the rest.
MAX_LISTED = 10


class DataError(JourneymapError):
    """A data file cannot be read, or holds rows that cannot be used."""


@dataclass(frozen=True)
class ScoreRule:
    """What one (touchpoint, metric) group of responses may contain."""

    low: float | None
    high: float | None
    whole: bool  # scale answers (CSAT, NPS, CES) are whole numbers


@dataclass(frozen=True)
class Period:
    """The days whose data count (``--since``/``--until``, both included); None is open."""

    since: datetime.date | None = None
    until: datetime.date | None = None

    def __bool__(self) -> bool:
        return self.since is not None or self.until is not None

    def sql(self, column: str) -> str:
        """A SQL condition true when the timestamp ``column`` lies in the period."""
        parts = []
        if self.since is not None:
            parts.append(f"{column} >= TIMESTAMPTZ '{self.since.isoformat()}'")
        if self.until is not None:
            # The day after is the engine's sum: Python has no day after 9999-12-31.
            until = self.until.isoformat()
            parts.append(f"{column} < TIMESTAMPTZ '{until}' + INTERVAL 1 DAY")
        return " AND ".join(parts) or "TRUE"


class ResponseGroup(NamedTuple):
    """One (touchpoint, metric) group of responses, as the group SQL counts it (the column
    order of :data:`.compiled.RESPONSE_GROUPS`, for files and tables alike)."""

    touchpoint: Any
    metric: Any
    n: int
    unreadable: int  # scores that are no number
    fractional: int  # scores with a fraction
    low: Any  # the lowest and highest score
    high: Any
    total: float | None  # the sum of the scores
    satisfied: int  # CSAT 4-5
    promoters: int  # NPS 9-10
    detractors: int  # NPS 0-6
    bad_time: int  # rows with an unreadable timestamp
    first_time: Any
    last_time: Any

    def counts(self) -> ScoreCounts:
        """What the formulas need of the group."""
        return ScoreCounts(
            self.n, self.total or 0.0, self.satisfied, self.promoters, self.detractors
        )


def response_rules(journey: Journey) -> dict[tuple[str, str], ScoreRule]:
    """The valid scores of every (touchpoint, metric) a responses file may name."""
    rules: dict[tuple[str, str], ScoreRule] = {}
    custom = journey.metric_definitions()
    surveyed = [info for info in BUILTIN_METRICS.values() if info.survey]
    for tp in journey.touchpoint_map().values():
        for info in surveyed:
            low, high = info.survey or (0, 0)
            if info.id == "ces":  # the top of its scale is the touchpoint's or journey's
                high = journey.ces_scale(tp.metrics.get("ces"))
            rules[(tp.id, info.id)] = ScoreRule(low, high, True)
        for metric_id, definition in custom.items():
            if metric_id in BUILTIN_METRICS:
                continue  # a built-in's scale or direction, set for this journey (see above)
            start, end = definition.range or (None, None)
            rules[(tp.id, metric_id)] = ScoreRule(start, end, False)
    return rules


def scale_text(metric: str, rule: ScoreRule, lang: str) -> str:
    """``the CSAT scale 1–5`` in ``lang``."""
    low = "-∞" if rule.low is None else f"{rule.low:g}"
    high = "∞" if rule.high is None else f"{rule.high:g}"
    name = metric_label(metric, lang) if metric in BUILTIN_METRICS else metric
    return text(lang, "the %(metric)s scale %(low)s–%(high)s", metric=name, low=low, high=high)


def metric_id(raw: Any) -> str:
    """Metric ids as files write them (``CSAT``, `` nps``) to the canonical id."""
    return str(raw).strip().lower()


def response_problem(group: ResponseGroup, rules: Mapping[tuple[str, str], ScoreRule]) -> bool:
    """True when a group holds a row that cannot be used: an unknown touchpoint or metric,
    an unreadable, fractional or out-of-scale score, or a bad timestamp."""
    rule = rules.get((group.touchpoint, metric_id(group.metric)))
    if rule is None or group.unreadable or group.bad_time:
        return True
    if rule.whole and group.fractional:
        return True
    low, high = group.low, group.high
    return (rule.low is not None and low < rule.low) or (rule.high is not None and high > rule.high)
