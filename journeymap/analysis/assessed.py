"""One assessed journey: the journey, what is known beside it, and what is derived from
it, each computed once and passed on.

The journey stays pure data.  Beside it an :class:`Assessed` value holds where its
elements stand in its file, the values measured from raw data and the summary of those
data, and the paths of an event log; and derives, each once and only when first asked
for, the readings, the findings, the coverage per stage and the design against what
customers did.  The renderers, the report and the preview take it::

    import journeymap as jm
    shop = jm.assess(jm.read("shop.yaml"), measured=jm.measure(jm.load("shop.yaml"), …))
    shop.findings, shop.coverage, jm.report(shop)
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..checks.runner import check
from ..formats.loader import Document
from ..measure.api import MeasuredJourney
from ..model.journey import Journey
from ..model.readings import Readings
from .coverage import ServiceGap, StageCoverage, coverage, service_gaps
from .paths import main_path

if TYPE_CHECKING:
    from ..checks.findings import Finding
    from ..measure.measurements import MetricsSummary
    from ..model.journey import Touchpoint
    from ..model.observed import Paths
    from ..model.positions import Position, SourceMap
    from ..model.readings import MeasuredValues
    from .actual import Actual


@dataclass(frozen=True)
class Assessed:
    """A journey with what is known beside it and what is derived from it (see the module).

    The derived parts are computed on first use and kept: every consumer of one assessed
    journey reads the same readings and findings."""

    journey: Journey
    #: Where the journey's elements stand in its file (None: built in Python).
    source: SourceMap | None = None
    #: Values measured from raw data, by touchpoint and metric (the journey's metric
    #: values are already the measured ones).
    measured: MeasuredValues = field(default_factory=dict)
    #: What the data sources gave, pooled per stage, owner and journey, with the sources.
    metrics: MetricsSummary | None = None
    #: The paths customers took, from an event log.
    observed: Paths | None = None
    #: The language of the findings' messages (None: the journey's ``locale``).
    lang: str | None = None
    #: The rules chosen (``--select``/``--ignore``: codes, prefixes or names).
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    @property
    def file(self) -> str | None:
        """The file the journey was read from, or None."""
        return self.source.file if self.source else None

    def locate(self, path: tuple[str | int, ...]) -> Position | None:
        """1-based (line, column) of the element at ``path`` in the file, when read from one."""
        return self.source.locate(path) if self.source else None

    @functools.cached_property
    def readings(self) -> Readings:
        """Every metric's reading: value, target, sample, interval, met or missed."""
        return Readings(self.journey, self.measured)

    @functools.cached_property
    def findings(self) -> tuple[Finding, ...]:
        """The findings of the chosen rules, sorted by position."""
        return tuple(
            check(
                self.journey,
                select=self.select,
                ignore=self.ignore,
                lang=self.lang,
                source=self.source,
                readings=self.readings,
                observed=self.observed,
            )
        )

    @functools.cached_property
    def coverage(self) -> tuple[StageCoverage, ...]:
        """Customer-service coverage per stage, then the journey's total."""
        return tuple(coverage(self.journey, self.readings))

    @functools.cached_property
    def service_gaps(self) -> dict[str, ServiceGap]:
        """What each stage without customer service lacks, by stage id (see
        :func:`.coverage.service_gaps`)."""
        return service_gaps(self.coverage)

    @functools.cached_property
    def actual(self) -> Actual | None:
        """The design against what customers did (None without an event log)."""
        if self.observed is None:
            return None
        from .actual import actual  # only with an event log: `check` alone never needs it

        return actual(self.journey, self.observed)

    def main_path(self, persona: str | None = None) -> tuple[Touchpoint, ...]:
        """The touchpoints of the main path (:func:`.paths.main_path`) for ``persona`` (None:
        all customers); with an event log, along the steps most of the cases of the
        persona's segment took.  The map, the report and the deck draw their curves on it."""
        known = self._main_paths
        if persona not in known:
            observed = self.observed
            if observed is not None:
                observed = observed.of_segment(self.journey.segments.get(persona or ""))
            known[persona] = tuple(main_path(self.journey, persona, observed))
        return known[persona]

    @functools.cached_property
    def _main_paths(self) -> dict[str | None, tuple[Touchpoint, ...]]:
        return {}

    def speaking(self, lang: str | None) -> Assessed:
        """This journey with its findings in ``lang`` (itself when they already are)."""
        if lang is None or lang == (self.lang or self.journey.locale):
            return self
        return dataclasses.replace(self, lang=lang)


def assess(
    journey: Journey | Document | MeasuredJourney,
    *,
    source: SourceMap | None = None,
    measured: MeasuredJourney | None = None,
    observed: Paths | None = None,
    lang: str | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
) -> Assessed:
    """The journey (a document read with ``jm.read`` brings its positions) assessed with
    the values ``measured`` from raw data (``jm.measure``) and the ``observed`` paths of
    an event log (``jm.paths``); findings in ``lang``, of the ``select``ed rules."""
    if isinstance(journey, Document):
        source = source or journey.source
        journey = journey.journey
    elif isinstance(journey, MeasuredJourney):
        measured = measured or journey
        journey = journey.journey
    values: MeasuredValues = {}
    metrics = None
    if measured is not None:
        journey, values, metrics = measured.journey, measured.measured, measured.summary
    return Assessed(journey, source, values, metrics, observed, lang, tuple(select), tuple(ignore))


def assessed_of(subject: Journey | Assessed) -> Assessed:
    """``subject`` itself, or a plain journey assessed with nothing beside it."""
    return subject if isinstance(subject, Assessed) else assess(subject)
