"""The backlog: every opportunity of one or many journeys as an action to take.

A workshop ends with actions, not loose ideas.  An opportunity written as text is
an open action nobody has taken yet; one written as ``{text, owner, priority, due,
status}`` says who does what by when.  The backlog sorts what is still to do first
(open and in progress before done), then by priority (high, medium, low, none),
then by due date (earliest first, none last), then as the journeys list them.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model.journey import Journey
from ..model.vocabulary import PRIORITIES

if TYPE_CHECKING:
    from ..formats.loader import Document
    from ..model.journey import Action, Stage, Touchpoint


@dataclass(frozen=True)
class BacklogItem:
    """One action, with the journey, stage and touchpoint it belongs to."""

    journey: Journey
    stage: Stage | None
    touchpoint: Touchpoint
    action: Action
    #: Where the action is written: (file, line, column), when loaded from a file.
    file: str | None
    line: int | None
    column: int | None


def backlog(journeys: Sequence[Journey | Document]) -> list[BacklogItem]:
    """The actions of ``journeys``, sorted as the module describes; those read with their
    positions (documents) say where each action is written."""
    items = []
    for read in journeys:
        journey, source = (read, None) if isinstance(read, Journey) else (read.journey, read.source)
        stages = {stage.id: stage for stage in journey.stages}
        for index, touchpoint in enumerate(journey.touchpoints):
            for k, action in enumerate(touchpoint.opportunities):
                path = ("touchpoints", index, "opportunities", k)
                where = source.locate(path) if source else None
                items.append(
                    BacklogItem(
                        journey,
                        stages.get(touchpoint.stage),
                        touchpoint,
                        action,
                        source.file if source else None,
                        where[0] if where else None,
                        where[1] if where else None,
                    )
                )
    return sorted(items, key=_urgency)  # stable: ties keep the journeys' order


def _urgency(item: BacklogItem) -> tuple[bool, int, datetime.date]:
    action = item.action
    priority = PRIORITIES.index(action.priority) if action.priority else len(PRIORITIES)
    return action.status == "done", priority, action.due or datetime.date.max
