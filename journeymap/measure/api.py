"""Measuring over objects, for notebooks and scripts: what ``metrics``, ``paths`` and
``import events`` do, given a journey and data sources instead of file names.

    import journeymap as jm
    shop = jm.load("shop.yaml")
    measured = jm.measure(shop, responses=["survey.csv"], tickets=["tickets.parquet"])
    measured.summary.journey["csat"].value        # pooled over the journey
    observed = jm.paths(shop, "events.parquet")   # what customers did (SPEC §9)
    draft = jm.discover("events.parquet")         # a journey drafted from a log

The command line runs the same functions (``app/pipeline.py`` turns paths into
objects and calls them).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model.journey import Journey
    from ..model.observed import Paths
    from ..model.readings import MeasuredValues
    from .measurements import MetricsSummary
    from .progress import Progress


@dataclass(frozen=True)
class MeasuredJourney:
    """A journey measured from raw data: its metric values (and n) replaced by the
    measured ones; those values with their intervals, by touchpoint and metric (what
    :class:`~journeymap.model.readings.Readings` and ``jm.assess`` take); what was measured
    per touchpoint, stage, owner and for the whole journey (with each source's rows and
    days); and how many rows were left out."""

    journey: Journey
    measured: MeasuredValues
    summary: MetricsSummary
    skipped_rows: int = 0


def measure(
    journey: Journey,
    *,
    responses: Sequence[str] = (),
    tickets: Sequence[str] = (),
    skip_invalid: bool = False,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    columns: Mapping[str, str] | None = None,
    progress: Progress | None = None,
) -> MeasuredJourney:
    """CSAT, NPS, CES, FRT, ART and resolution rate from survey responses and helpdesk
    tickets (files, or tables such as ``postgres://host/db?table=survey``), for the
    journey's touchpoints.  Typed targets and scales still apply; a measured metric the
    journey does not name is added.  ``columns`` maps the names journeymap reads to the
    data's own; unusable rows fail the call unless ``skip_invalid``.  A query that runs
    long reports to ``progress`` (the command line draws a bar on a terminal)."""
    from .measurements import apply_measurements, summarise
    from .readers import read_data
    from .validation import Period

    measurements = read_data(
        journey,
        responses,
        tickets,
        skip_invalid=skip_invalid,
        period=Period(since, until),
        columns=columns,
        progress=progress,
    )
    measured_journey, measured = apply_measurements(journey, measurements)
    return MeasuredJourney(
        measured_journey, measured, summarise(journey, measurements), measurements.skipped_rows
    )


def paths(
    journey: Journey,
    events: str,
    *,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    columns: Mapping[str, str] | None = None,
    top: int = 10,
    segment: str | None = None,
) -> Paths:
    """What customers did: the journey's paths, steps, drop-offs, repeats and waits in an
    event log (CSV, Parquet, JSON Lines, XES or a table), with the ``top`` most common
    variants; with ``segment`` (a case column), the same per value of it, in
    ``paths.segments``.  ``jm.assess(journey, observed=paths)`` judges the journey against
    it: the event rules (JM401-JM406), the map's overlay and the report."""
    from .events import read_paths
    from .validation import Period

    period = Period(since, until)
    return read_paths(journey, events, columns=columns, period=period, top=top, segment=segment)


def discover(
    events: str,
    *,
    min_share: float = 5.0,
    owner: str = "CX",
    lang: str = "en",
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    columns: Mapping[str, str] | None = None,
) -> Journey:
    """A draft journey discovered from an event log: a touchpoint per activity that at
    least ``min_share`` % of the cases reach, the flows most cases take, stages by
    position (see :func:`journeymap.measure.discovery.discover`)."""
    from ..model.journey import Journey
    from .discovery import discover as discover_data
    from .validation import Period

    return Journey.model_validate(
        discover_data(
            events,
            columns=columns,
            period=Period(since, until),
            min_share=min_share,
            owner=owner,
            lang=lang,
        )
    )
