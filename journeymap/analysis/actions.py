"""The backlog: every opportunity of one or many journeys as an action to take.

A workshop ends with actions, not loose ideas.  An opportunity written as text is
an open action nobody has taken yet; one written as ``{text, owner, priority, due,
status}`` says who does what by when.  The backlog sorts what is still to do first
(open and in progress before done), then by priority (high, medium, low, none),
then by due date (earliest first, none last), then as the journeys list them.

A portfolio's backlog is ranked by evidence instead (SPEC §12): each action's
:class:`Evidence` is the data behind its touchpoint — the cases reaching it (an event
log's, else the largest ``n`` of its metrics), the relative gap of its worst missed
target (else the share of cases that stop there) and the action's effort — and its
score is cases × gap ÷ effort (S, M, L = 1, 2, 4).  Scored actions come first, highest
score first; those without the data for a score after them, in the order above.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from ..model.journey import Journey
from ..model.vocabulary import EFFORT_WEIGHTS, PRIORITIES, Effort
from .assessed import Assessed

if TYPE_CHECKING:
    from ..formats.loader import Document
    from ..model.journey import Action, Stage, Touchpoint
    from ..model.readings import Reading

#: What an action's score needs and may lack: the cases, the gap, the effort.
Factor = Literal["cases", "gap", "effort"]


@dataclass(frozen=True)
class Evidence:
    """The data behind an action's touchpoint, and the score they give (see the module)."""

    #: Cases reaching the touchpoint, and where the figure comes from.
    cases: int | None
    cases_from: Literal["events", "n"] | None
    #: How far the touchpoint is from where it should be, as a fraction: the worst missed
    #: target's relative gap, the share of its cases that stop there, or 0 when every
    #: target is met.
    gap: float | None
    gap_from: Literal["target", "dropoff", "met"] | None
    #: The reading of the worst missed target (for ``gap_from == "target"``).
    reading: Reading | None
    effort: Effort | None

    @property
    def score(self) -> float | None:
        """cases × gap ÷ effort, or None when a factor is missing."""
        if self.cases is None or self.gap is None or self.effort is None:
            return None
        return self.cases * self.gap / EFFORT_WEIGHTS[self.effort]

    @property
    def missing(self) -> tuple[Factor, ...]:
        """The factors there is no data for."""
        factors: tuple[tuple[Factor, object], ...] = (
            ("cases", self.cases),
            ("gap", self.gap),
            ("effort", self.effort),
        )
        return tuple(name for name, value in factors if value is None)


def evidence(assessed: Assessed, touchpoint: Touchpoint, action: Action) -> Evidence:
    """The evidence behind ``action`` at ``touchpoint`` of an assessed journey."""
    readings = assessed.readings.of(touchpoint)
    observed = assessed.observed.touchpoints.get(touchpoint.id) if assessed.observed else None
    sizes = [reading.n for reading in readings if reading.n]
    cases: int | None = None
    cases_from: Literal["events", "n"] | None = None
    if observed:
        cases, cases_from = observed["cases"], "events"
    elif sizes:
        cases, cases_from = max(sizes), "n"
    missed = [reading for reading in readings if reading.status == "missed"]
    worst = max(missed, key=relative_gap, default=None)
    gap: float | None = None
    gap_from: Literal["target", "dropoff", "met"] | None = None
    if worst is not None:
        gap, gap_from = relative_gap(worst), "target"
    elif observed and observed["cases"]:
        gap, gap_from = observed["dropoff"] / observed["cases"], "dropoff"
    elif any(reading.status == "met" for reading in readings):
        gap, gap_from = 0.0, "met"
    return Evidence(cases, cases_from, gap, gap_from, worst, action.effort)


def relative_gap(reading: Reading) -> float:
    """How far a reading is from its target, as a share of the target; of the metric's
    range where the scale runs below zero or the target is 0 (an NPS of -20 against 10
    misses by 30 of its 200 points: 15 %)."""
    assert reading.value is not None and reading.target is not None
    info = reading.info
    distance = abs(reading.value - reading.target)
    below_zero = info is not None and info.low is not None and info.low < 0
    if reading.target and not below_zero:
        return distance / abs(reading.target)
    if info is not None and info.low is not None and info.high is not None:
        return distance / (info.high - info.low)
    return distance


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
    #: The data behind it, when the journey was assessed (a portfolio's backlog).
    evidence: Evidence | None = None


def backlog(journeys: Sequence[Journey | Document | Assessed]) -> list[BacklogItem]:
    """The actions of ``journeys``, sorted as the module describes; those read with their
    positions (documents) say where each action is written, and assessed journeys bring
    the evidence behind each action, by which they are ranked."""
    items = []
    for read in journeys:
        journey, source = (read, None) if isinstance(read, Journey) else (read.journey, read.source)
        assessed = read if isinstance(read, Assessed) else None
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
                        evidence(assessed, touchpoint, action) if assessed else None,
                    )
                )
    items.sort(key=_urgency)  # stable: ties keep the journeys' order
    if any(isinstance(read, Assessed) for read in journeys):
        items.sort(key=_by_score)
    return items


def _by_score(item: BacklogItem) -> tuple[bool, bool, float]:
    """Work still to do first; of it, scored before unscored, the highest score first."""
    score = item.evidence.score if item.evidence else None
    return item.action.status == "done", score is None, -(score or 0.0)


def _urgency(item: BacklogItem) -> tuple[bool, int, datetime.date]:
    action = item.action
    priority = PRIORITIES.index(action.priority) if action.priority else len(PRIORITIES)
    return action.status == "done", priority, action.due or datetime.date.max
