"""The coverage summary: per stage, who serves the customer, through which channels, measured how."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from ..model.journey import Journey, Touchpoint
from ..model.readings import Readings

#: What a stage without customer service lacks: ``gap`` where customers need it there
#: (JM201), ``none`` elsewhere (:data:`~journeymap.i18n.NO_SERVICE_TEXTS` says each).
ServiceGap = Literal["gap", "none"]


@dataclass(frozen=True)
class StageCoverage:
    """Coverage of one stage (or, with ``stage`` None, of the whole journey)."""

    stage: str | None
    name: str
    phase: str | None
    cx_touchpoints: int
    cs_touchpoints: int
    cs_channels: tuple[str, ...]  # of the CS touchpoints customers reach in the stage
    cs_teams: tuple[str, ...]  # the teams behind them, in file order
    #: CS touchpoints of other stages that are ``available`` from the whole journey (a
    #: hotline): customers reach them here too, and their channels and teams count.
    cs_available: int
    metrics: tuple[str, ...]
    with_targets: int
    meeting_targets: int
    #: Customers need customer service here (:meth:`~journeymap.model.journey.Journey.
    #: needs_service`, JM201's rule); never for the journey's total.
    service_needed: bool = False

    @property
    def service_reached(self) -> bool:
        """Whether customers reach any CS touchpoint here: its own, or a hotline's."""
        return bool(self.cs_touchpoints or self.cs_available)

    @property
    def service_gap(self) -> ServiceGap | None:
        """What a stage without customer service lacks (:data:`~journeymap.i18n.
        NO_SERVICE_TEXTS` says it): ``gap`` where customers need it there (JM201), else
        ``none``; None where they reach it."""
        if self.service_reached:
            return None
        return "gap" if self.service_needed else "none"

    @property
    def target_share(self) -> float | None:
        """Share of touchpoints with targets that meet all of them; None when none has one."""
        return self.meeting_targets / self.with_targets if self.with_targets else None


def service_gaps(rows: Iterable[StageCoverage]) -> dict[str, ServiceGap]:
    """What each stage without customer service lacks (:attr:`StageCoverage.service_gap`),
    by stage id: what the map, the deck and the board say in its empty CS lane."""
    return {
        row.stage: row.service_gap
        for row in rows
        if row.stage is not None and row.service_gap is not None
    }


def coverage(journey: Journey, readings: Readings | None = None) -> list[StageCoverage]:
    """Coverage per stage in stage order, followed by the journey total (targets met as
    ``readings`` say, with any measured values; typed values without)."""
    by_stage = journey.touchpoints_by_stage()
    readings = readings or Readings(journey)
    teams = journey.team_names()  # a library team by its name
    first = journey.stage_index()  # a repeated stage id (JM101): the first stands for it
    rows = [
        _summarise(
            readings,
            stage.id,
            stage.label,
            stage.canonical_phase,
            by_stage[stage.id],
            teams,
            [tp for tp in journey.reachable_service(stage.id) if tp.stage != stage.id],
            journey.needs_service(stage),
        )
        for index, stage in enumerate(journey.stages)
        if first[stage.id] == index
    ]
    placed = [tp for touchpoints in by_stage.values() for tp in touchpoints]
    rows.append(_summarise(readings, None, journey.title, None, placed, teams, []))
    return rows


def _summarise(
    readings: Readings,
    stage: str | None,
    name: str,
    phase: str | None,
    touchpoints: list[Touchpoint],
    teams: Mapping[str, str],
    available: list[Touchpoint],
    needed: bool = False,
) -> StageCoverage:
    with_targets = meeting = 0
    for tp in touchpoints:
        statuses = [r.status for r in readings.of(tp) if r.status != "none"]
        if statuses:
            with_targets += 1
            meeting += all(status == "met" for status in statuses)
    service = [tp for tp in touchpoints if tp.owner == "CS"]
    reached = service + available
    return StageCoverage(
        stage=stage,
        name=name,
        phase=phase,
        cx_touchpoints=len(touchpoints) - len(service),
        cs_touchpoints=len(service),
        cs_channels=tuple(sorted({tp.channel for tp in reached if tp.channel})),
        cs_teams=tuple(dict.fromkeys(teams.get(tp.team, tp.team) for tp in reached if tp.team)),
        cs_available=len(available),
        metrics=tuple(sorted({metric for tp in touchpoints for metric in tp.metrics})),
        with_targets=with_targets,
        meeting_targets=meeting,
        service_needed=needed,
    )
