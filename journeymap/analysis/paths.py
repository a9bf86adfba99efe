"""The main path through a journey's flows: the route an emotion curve follows.

Card order is not a route: a customer who calls the hotline does not also chat.
The main path follows the flows from an entry touchpoint and, where they branch,
takes the branch that passes the most touchpoints with an emotion (ties go to the
branch written first).  Flows back to an earlier point are left out, so the path
moves forward through the journey.  For one persona, what counts is the touchpoints
that serve them (those naming the persona, and those naming none): the path may
pass others on the way, as the persona's journey does, but is chosen for theirs.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model.journey import Journey, Touchpoint


def serves(touchpoint: Touchpoint, persona: str | None) -> bool:
    """True when the touchpoint is for ``persona`` (or for everyone, or ``persona`` is None)."""
    return persona is None or not touchpoint.personas or persona in touchpoint.personas


def main_path(journey: Journey, persona: str | None = None) -> list[Touchpoint]:
    """The touchpoints of the main path, in order (see the module's description); for a
    persona, only those that serve them."""
    stage_index = journey.stage_index()
    order = {id(tp): i for i, tp in enumerate(journey.touchpoints)}
    placed = [tp for tp in journey.touchpoint_map().values() if tp.stage in stage_index]
    if not placed:
        return []
    by_id = {tp.id: tp for tp in placed}

    def rank(tp: Touchpoint) -> tuple[int, int]:
        return stage_index[tp.stage], order[id(tp)]

    successors: dict[str, list[Touchpoint]] = {tp.id: [] for tp in placed}
    for edge in journey.flows():
        source, target = by_id.get(edge.source), by_id.get(edge.flow.to)
        if source is not None and target is not None and rank(target) > rank(source):
            successors[source.id].append(target)
    ranked = sorted(placed, key=rank)
    # Longest path (counting touchpoints with an emotion) by dynamic programming over the
    # touchpoints in reverse order: every flow kept goes to a later rank.  Each touchpoint
    # keeps its count and the next touchpoint of its best tail; the path is read off after.
    best: dict[str, tuple[int, Touchpoint | None]] = {}
    for tp in reversed(ranked):
        count, then = 0, None
        for following in successors[tp.id]:
            if best[following.id][0] > count:
                count, then = best[following.id][0], following
        best[tp.id] = (count + (tp.emotion is not None and serves(tp, persona)), then)
    # The best start: the most touchpoints that count, then the earliest.
    step: Touchpoint | None = min(
        _entries(placed, ranked), key=lambda tp: (-best[tp.id][0], rank(tp))
    )
    path = []
    while step is not None:
        if serves(step, persona):
            path.append(step)
        step = best[step.id][1]
    return path


def _entries(placed: Iterable[Touchpoint], ranked: list[Touchpoint]) -> list[Touchpoint]:
    """Entry touchpoints (as JM104 has them): ``entry: true``, else those of the first stage."""
    marked = [tp for tp in placed if tp.entry]
    if marked:
        return marked
    first_stage = ranked[0].stage
    return [tp for tp in ranked if tp.stage == first_stage]
