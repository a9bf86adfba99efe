"""What every check rule gets (:class:`CheckContext`) and gives back (:class:`Hit`)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from ..errors import closest
from ..model.readings import Readings

if TYPE_CHECKING:
    import networkx

    from ..model.journey import Journey, Touchpoint
    from ..model.positions import Path


@dataclass(frozen=True)
class Hit:
    """What a rule found: the element's path in the file, its id, a one-line message, and
    what of the element it concerns (a metric id, a flow's target), if anything: together
    with the rule's code these make the finding's identity."""

    path: Path
    subject: str
    message: str
    concern: str = ""


class Named(Protocol):
    id: str

    @property
    def label(self) -> str: ...


def named(kind: str, element: Named) -> str:
    """An element as the user wrote it: ``touchpoint 'Jaarnota' (jaarnota)``, or
    ``touchpoint 'jaarnota'`` when it has no name of its own."""
    if element.label != element.id:
        return f"{kind} {element.label!r} ({element.id})"
    return f"{kind} {element.id!r}"


RuleFunction = Callable[["CheckContext"], Iterable[Hit]]


class CheckContext:
    """What every rule needs, computed once per check run."""

    def __init__(self, journey: Journey, known_codes: Iterable[str] = ()) -> None:
        self.journey = journey
        self.known_codes = sorted(known_codes)  # for the cross-references of ``checks:``
        self.stage_index = journey.stage_index()
        self.touchpoints = journey.touchpoint_map()
        self.by_stage = journey.touchpoints_by_stage()
        self.metric_definitions = journey.metric_definitions()
        self._touchpoint_index = {id(tp): i for i, tp in enumerate(journey.touchpoints)}

    @functools.cached_property
    def graph(self) -> networkx.DiGraph:
        return self.journey.graph

    @functools.cached_property
    def readings(self) -> Readings:
        return Readings(self.journey)

    def touchpoint_path(self, touchpoint: Touchpoint, *rest: str | int) -> Path:
        """The path of a touchpoint in the file."""
        return ("touchpoints", self._touchpoint_index[id(touchpoint)], *rest)


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """`` Did you mean 'x'?`` when a candidate is close to ``word``, else an empty string."""
    match = closest(word, candidates)
    return f" Did you mean {match!r}?" if match else ""
