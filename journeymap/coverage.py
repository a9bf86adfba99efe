"""The coverage summary: per stage, who serves the customer, through which channels, measured how."""

from __future__ import annotations

from dataclasses import dataclass

from .catalog import target_met
from .model import Journey, Touchpoint


@dataclass(frozen=True)
class StageCoverage:
    """Coverage of one stage (or, with ``stage`` None, of the whole journey)."""

    stage: str | None
    name: str
    phase: str | None
    cx_touchpoints: int
    cs_touchpoints: int
    cs_channels: tuple[str, ...]
    metrics: tuple[str, ...]
    with_targets: int
    meeting_targets: int

    @property
    def target_share(self) -> float | None:
        """Share of touchpoints with targets that meet all of them; None when none has one."""
        return self.meeting_targets / self.with_targets if self.with_targets else None


def coverage(journey: Journey) -> list[StageCoverage]:
    """Coverage per stage in stage order, followed by the journey total."""
    by_stage = journey.touchpoints_by_stage()
    rows = [
        _summarise(journey, stage.id, stage.label, stage.canonical_phase, by_stage[stage.id])
        for stage in journey.stages
        if stage.id in by_stage
    ]
    placed = [tp for touchpoints in by_stage.values() for tp in touchpoints]
    rows.append(_summarise(journey, None, journey.title, None, placed))
    return rows


def _summarise(
    journey: Journey, stage: str | None, name: str, phase: str | None, touchpoints: list[Touchpoint]
) -> StageCoverage:
    with_targets = meeting = 0
    for tp in touchpoints:
        verdicts = _target_verdicts(journey, tp)
        if verdicts:
            with_targets += 1
            meeting += all(verdicts)
    service = [tp for tp in touchpoints if tp.owner == "CS"]
    return StageCoverage(
        stage=stage,
        name=name,
        phase=phase,
        cx_touchpoints=len(touchpoints) - len(service),
        cs_touchpoints=len(service),
        cs_channels=tuple(sorted({tp.channel for tp in service if tp.channel})),
        metrics=tuple(sorted({metric for tp in touchpoints for metric in tp.metrics})),
        with_targets=with_targets,
        meeting_targets=meeting,
    )


def _target_verdicts(journey: Journey, tp: Touchpoint) -> list[bool]:
    verdicts = []
    for metric_id, metric in tp.metrics.items():
        info = journey.metric_info(metric_id)
        if info and metric.value is not None and metric.target is not None:
            verdicts.append(target_met(info, metric.value, metric.target))
    return verdicts


def coverage_table(journey: Journey) -> str:
    """The coverage summary as a plain-text table (``journeymap check --summary``)."""
    header = ("stage", "phase", "CX", "CS", "CS channels", "metrics", "targets met")
    rows = [header]
    for row in coverage(journey):
        share = row.target_share
        targets = (
            "–" if share is None else f"{row.meeting_targets}/{row.with_targets} ({share:.0%})"
        )
        rows.append(
            (
                row.stage or "(journey)",
                row.phase or "–",
                str(row.cx_touchpoints),
                str(row.cs_touchpoints),
                ", ".join(row.cs_channels) or "–",
                ", ".join(row.metrics) or "–",
                targets,
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    title = f"Coverage of {journey.id}" + (
        f" ({journey.source_file})" if journey.source_file else ""
    )
    return "\n".join([title, *lines]) + "\n"
