"""The main path through a journey's flows: the route an emotion curve follows.

Card order is not a route: a customer who calls the hotline does not also chat.
The main path follows the flows from an entry touchpoint and, where they branch,
takes the branch that passes the most touchpoints with an emotion (ties go to the
branch written first).  Flows back to an earlier point are left out, so the path
moves forward through the journey, in the order of the stages and, within a stage,
of the file: the order the map and the report place cards in, so a curve never
runs back.  For one persona, the path goes only through the touchpoints that serve
them (those naming the persona, and those naming none) along the flows between
them: a chat only another persona can reach is not on her curve.

With an event log (``--events``) the path is the one customers took most: it starts
at the entry most cases reach and, where the flows branch, follows the one most
cases took (then, on a tie, the rule above).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model.journey import Journey, Touchpoint
    from ..model.observed import Paths


def serves(touchpoint: Touchpoint, persona: str | None) -> bool:
    """True when the touchpoint is for ``persona`` (or for everyone, or ``persona`` is None)."""
    return persona is None or not touchpoint.personas or persona in touchpoint.personas


def main_path(
    journey: Journey, persona: str | None = None, observed: Paths | None = None
) -> list[Touchpoint]:
    """The touchpoints of the main path, in order (see the module's description); for a
    persona, through those that serve them only; with an event log's ``observed`` paths,
    the steps most cases took."""
    stage_index = journey.stage_index()
    order = {id(tp): i for i, tp in enumerate(journey.touchpoints)}
    placed = [
        tp
        for tp in journey.touchpoint_map().values()
        if tp.stage in stage_index and serves(tp, persona)
    ]
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
    taken, reached = _observed_counts(observed)
    # Longest path (counting touchpoints with an emotion) by dynamic programming over the
    # touchpoints in reverse order: every flow kept goes to a later rank.  Each touchpoint
    # keeps its count and the next touchpoint of its best tail; the path is read off after.
    # With an event log, the flow most cases took wins first.
    best: dict[str, tuple[int, Touchpoint | None]] = {}
    for tp in reversed(ranked):
        score, then = (-1, 0), None
        for following in successors[tp.id]:
            candidate = (taken.get((tp.id, following.id), 0), best[following.id][0])
            if candidate > score:
                score, then = candidate, following
        count = best[then.id][0] if then is not None else 0
        best[tp.id] = (count + (tp.emotion is not None), then)
    # The best start: the most cases (with an event log), the most touchpoints that count,
    # then the earliest.
    step: Touchpoint | None = min(
        _entries(placed, ranked),
        key=lambda tp: (-reached.get(tp.id, 0), -best[tp.id][0], rank(tp)),
    )
    path = []
    while step is not None:
        path.append(step)
        step = best[step.id][1]
    return path


def _observed_counts(
    paths: Paths | None,
) -> tuple[dict[tuple[str, str], int], dict[str, int]]:
    """The cases of each step and of each touchpoint in the event log (empty without one)."""
    if paths is None:
        return {}, {}
    taken = {(flow["from"], flow["to"]): flow["cases"] for flow in paths.flows}
    return taken, {tp: counts["cases"] for tp, counts in paths.touchpoints.items()}


def _entries(placed: Iterable[Touchpoint], ranked: list[Touchpoint]) -> list[Touchpoint]:
    """Entry touchpoints (as JM104 has them): ``entry: true``, else those of the first stage."""
    marked = [tp for tp in placed if tp.entry]
    if marked:
        return marked
    # A hotline available from anywhere is no start of the path (SPEC §11).
    flowing = [tp for tp in ranked if tp.available is None] or ranked
    first_stage = flowing[0].stage
    return [tp for tp in flowing if tp.stage == first_stage]
