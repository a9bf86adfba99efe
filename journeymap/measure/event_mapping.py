"""Which touchpoint, or backstage step, each activity of an event log means (SPEC §9):
the journey's side of measuring its paths, whether DuckDB walks a file
(:mod:`.events`) or a table's engine does (:mod:`.table_paths`)."""

from __future__ import annotations

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


def unmapped_events(journey: Journey, counted: list[tuple[Any, Any]]) -> dict[str, int]:
    """Of each activity's (activity, events in the period), those of the activities that
    mean no touchpoint nor backstage step, sorted: what the paths leave out, counted."""
    mapping, steps = activity_map(journey), step_map(journey)
    return dict(
        sorted(
            (a, int(n))
            for a, n in counted
            if a is not None and a not in mapping and a not in steps and n
        )
    )
