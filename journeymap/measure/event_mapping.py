"""Which touchpoint, or backstage step, each activity of an event log means (SPEC §9):
the journey's side of measuring its paths, whether DuckDB walks a file
(:mod:`.events`) or a table's engine does (:mod:`.table_paths`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..model.journey import Journey

#: The most values of a segment column measured apart (the commonest); the cases of the
#: others are counted, so that nothing is left out silently.
MAX_SEGMENTS = 12


def activity_map(journey: Journey) -> dict[str, str]:
    """Each activity with the touchpoint it means: listed under ``events`` first, then a
    touchpoint's id, then its name (the first touchpoint in the file wins a tie).  An
    activity a backstage step lists (see :func:`step_map`) means no touchpoint."""
    mapping: dict[str, str] = {}
    for tp in journey.touchpoints:
        for activity in tp.events:
            mapping.setdefault(activity, tp.id)
    steps = step_map(journey)
    for tp in journey.touchpoints:
        if tp.id not in steps:
            mapping.setdefault(tp.id, tp.id)
    for tp in journey.touchpoints:
        if tp.name and tp.name not in steps:
            mapping.setdefault(tp.name, tp.id)
    return mapping


def step_map(journey: Journey) -> dict[str, tuple[str, str]]:
    """Each activity a backstage step lists under ``events`` with its touchpoint and step
    (the first in the file wins; a touchpoint's own ``events`` come first)."""
    claimed = {activity for tp in journey.touchpoints for activity in tp.events}
    mapping: dict[str, tuple[str, str]] = {}
    for tp in journey.touchpoints:
        for step in tp.backstage:
            for activity in step.events:
                if activity not in claimed:
                    mapping.setdefault(activity, (tp.id, step.id))
    return mapping


def unmapped_events(
    mapping: Mapping[str, str], steps: Mapping[str, Any], counted: list[tuple[Any, Any]]
) -> dict[str, int]:
    """Of each activity's (activity, events in the period), those of the activities that
    mean no touchpoint (``mapping``, of :func:`activity_map`) nor backstage step
    (``steps``, of :func:`step_map`), sorted: what the paths leave out, counted."""
    return dict(
        sorted(
            (a, int(n))
            for a, n in counted
            if a is not None and a not in mapping and a not in steps and n
        )
    )


def droppable(journey: Journey) -> set[str]:
    """The touchpoints where a path that ends is a drop-off: neither an exit nor in the
    journey's last stage (a case there has gone all the way)."""
    last_stage = journey.stages[-1].id if journey.stages else None
    return {tp.id for tp in journey.touchpoints if not tp.exit and tp.stage != last_stage}


def unused_designed(journey: Journey, flows: Iterable[dict[str, Any]]) -> list[str]:
    """The designed flows (``from->to``) no case took, of the flows measured."""
    designed = {(edge.source, edge.flow.to) for edge in journey.flows()}
    taken = {(flow["from"], flow["to"]) for flow in flows}
    return sorted(f"{a}->{b}" for a, b in designed - taken)


def backstage_steps(journey: Journey) -> list[tuple[str, str, str]]:
    """Each backstage step as (key, touchpoint, step), in the file's order; the key
    (``"touchpoint step"``) is how the measured waits name it, and of a repeated id the
    first counts."""
    steps: dict[str, tuple[str, str, str]] = {}
    for tp in journey.touchpoints:
        for step in tp.backstage:
            steps.setdefault(f"{tp.id} {step.id}", (f"{tp.id} {step.id}", tp.id, step.id))
    return list(steps.values())
