"""Designed vs actual: what the map and the report show of the paths customers took.

:func:`actual` reads the paths measured from an event log (SPEC §9) against the
design: the cases of every step between two touchpoints and whether a flow designs
it, which touchpoints customers leave the journey at or come back to (marked as
the rules JM401, JM403 and JM405 would report them, with the journey's own
thresholds), the stage funnel and the most taken paths.  Pure: the renderers draw it.
"""

from __future__ import annotations

import functools
import math
import statistics
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..checks.codes import RULES

if TYPE_CHECKING:
    from ..model.journey import Journey, Stage, Touchpoint
    from ..model.observed import Paths


@dataclass(frozen=True)
class Traffic:
    """The cases at one touchpoint: reaching it, ending there, coming back."""

    cases: int
    dropoff: int
    repeat_cases: int
    dropoff_alarm: bool  # JM403 would report it
    repeat_alarm: bool  # JM405 would report it (customer service only)

    @property
    def dropoff_share(self) -> float:
        return self.dropoff / self.cases if self.cases else 0.0

    @property
    def repeat_share(self) -> float:
        return self.repeat_cases / self.cases if self.cases else 0.0


@dataclass(frozen=True)
class Step:
    """Customers going from one touchpoint to another (never to itself: that is a repeat)."""

    source: str
    target: str
    cases: int
    share: float  # of the cases that reach the source
    designed: bool
    median_s: float | None
    max_wait: float | None  # the flow's max_wait, when designed with one
    p90_s: float | None = None

    @property
    def slow(self) -> bool:
        return (
            self.max_wait is not None
            and self.median_s is not None
            and self.median_s > self.max_wait
        )


@dataclass(frozen=True)
class Actual:
    """The journey's design read against the paths its customers took."""

    paths: Paths
    traffic: dict[str, Traffic]  # every touchpoint of the journey, reached or not
    steps: list[Step]  # most cases first
    journey: Journey  # whose checks: settings say what a rule reports
    funnel: list[tuple[Stage, int]]  # the cases reaching each stage, in stage order
    variants: list[tuple[list[Touchpoint], int]]  # the most taken paths, most cases first

    @property
    def most_cases(self) -> int:
        """The cases of the busiest step: the widest line of the map."""
        return max((step.cases for step in self.steps), default=0)

    def step(self, source: str, target: str) -> Step | None:
        return self._by_pair.get((source, target))

    @functools.cached_property
    def _by_pair(self) -> dict[tuple[str, str], Step]:
        return {(step.source, step.target): step for step in self.steps}

    def undesigned_alarm(self, step: Step) -> bool:
        """JM401 would report the step: no flow designs it, and enough cases take it (as a
        count and as a share of its source's), so the map draws it."""
        reaching = self.traffic[step.source].cases if step.source in self.traffic else 0
        return not step.designed and RULES["JM401"].reaches(self.journey, step.cases, reaching)

    @property
    def undesigned(self) -> list[Step]:
        """The steps JM401 reports, most cases first: the ones the map draws."""
        return [step for step in self.steps if self.undesigned_alarm(step)]

    @functools.cached_property
    def slowest(self) -> list[Step]:
        """The slowest decile of the steps customers take (at least one, when slower than
        the typical step), by median time, slowest first: a slow step stands out even where
        no flow sets a ``max_wait``.
        Steps taken by fewer than 1 % of the cases (and by a single case) are too few to
        time, and left out."""
        enough = max(2, math.ceil(self.paths.cases / 100))
        timed = [s for s in self.steps if s.median_s is not None and s.cases >= enough]
        timed.sort(key=lambda s: (-(s.median_s or 0.0), -s.cases, s.source, s.target))
        # A step stands out only when it is slower than the typical step.
        typical = statistics.median(s.median_s or 0.0 for s in timed) if timed else 0.0
        return [s for s in timed[: math.ceil(len(timed) / 10)] if (s.median_s or 0.0) > typical]

    @property
    def unused(self) -> list[tuple[str, str]]:
        """Designed flows nobody took (ids have no ``>``: the first ``->`` separates them)."""
        pairs = (name.split("->", 1) for name in self.paths.unused_designed)
        return [(source, target) for source, target in pairs]


def actual(journey: Journey, paths: Paths | None) -> Actual | None:
    """The design against the paths of an event log, or None without one."""
    if paths is None:
        return None
    touchpoints = journey.touchpoint_map()
    return Actual(
        paths,
        _traffic(journey, paths),
        _steps(journey, paths),
        journey,
        [(stage, paths.stages.get(stage.id, 0)) for stage in journey.stages],
        [
            ([touchpoints[tp] for tp in variant["path"] if tp in touchpoints], variant["cases"])
            for variant in paths.top_variants
        ],
    )


def _traffic(journey: Journey, paths: Paths) -> dict[str, Traffic]:
    result = {}
    for tp in journey.touchpoint_map().values():
        counts = paths.touchpoints.get(tp.id, {})
        cases, ended, repeats = (counts.get(k, 0) for k in ("cases", "dropoff", "repeat_cases"))
        result[tp.id] = Traffic(
            cases,
            ended,
            repeats,
            ended > 0 and RULES["JM403"].reaches(journey, ended, cases),
            tp.owner == "CS" and repeats > 0 and RULES["JM405"].reaches(journey, repeats, cases),
        )
    return result


def _steps(journey: Journey, paths: Paths) -> list[Step]:
    max_wait = {(edge.source, edge.flow.to): edge.flow.max_wait for edge in journey.flows()}
    return [
        Step(
            flow["from"],
            flow["to"],
            flow["cases"],
            flow["cases"] / reaching if (reaching := _reaching(paths, flow["from"])) else 0.0,
            flow["designed"],
            flow["median_s"],
            max_wait.get((flow["from"], flow["to"])),
            flow["p90_s"],
        )
        for flow in sorted(paths.flows, key=lambda f: (-f["cases"], f["from"], f["to"]))
        if flow["from"] != flow["to"]
    ]


def _reaching(paths: Paths, touchpoint: str) -> int:
    return paths.touchpoints.get(touchpoint, {}).get("cases", 0)


@dataclass(frozen=True)
class SegmentFigures:
    """One value of ``--segment`` beside the others: its cases and how they went."""

    value: str  # "" for the cases without one
    cases: int
    share: float  # of all cases
    fitting_share: float  # of its own cases, in percent
    ended_at: str | None  # the touchpoint most of them end early at
    ended_share: float  # ... and the share of its cases that end there
    top_path: list[str]  # the path most of them take (touchpoint ids)


def segment_figures(paths: Paths) -> list[SegmentFigures]:
    """The values of ``--segment`` side by side (none without it), most cases first."""
    rows = []
    for value, measured in paths.segments.items():
        ended = max(
            measured.touchpoints.items(), key=lambda item: (item[1]["dropoff"], item[0]),
            default=None,
        )  # fmt: skip
        at, left = None, 0.0
        if ended is not None and ended[1]["dropoff"]:
            at, left = ended[0], ended[1]["dropoff"] / ended[1]["cases"]
        rows.append(
            SegmentFigures(
                value,
                measured.cases,
                measured.cases / paths.cases if paths.cases else 0.0,
                measured.fitting_share,
                at,
                left,
                measured.top_variants[0]["path"] if measured.top_variants else [],
            )
        )
    return rows
