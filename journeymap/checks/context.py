"""What every check rule gets (:class:`CheckContext`) and gives back (:class:`Hit`)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from ..errors import closest
from ..i18n import plural, text
from ..model.metrics import metric_label
from ..model.readings import Readings

if TYPE_CHECKING:
    import datetime

    from ..formats.loader import Document
    from ..formats.portfolio import PortfolioDocument
    from ..model.journey import FlowEdge, Journey, Touchpoint
    from ..model.observed import Paths
    from ..model.positions import Path, Position, SourceMap
    from .codes import Rule


@dataclass(frozen=True)
class Hit:
    """What a rule found: the element's path in the file, its id, a one-line message, and
    what of the element it concerns (a metric id, a flow's target), if anything: together
    with the rule's code these make the finding's identity."""

    path: Path
    subject: str
    message: str
    concern: str = ""
    #: The file the path is in, for a rule that reads several (a portfolio's); "" for the
    #: one file of the journey checked.
    file: str = ""


class Named(Protocol):
    id: str

    @property
    def label(self) -> str: ...


def named(element: Named) -> str:
    """An element as the user wrote it: ``'Jaarnota' (jaarnota)``, or ``'jaarnota'`` when it
    has no name of its own (messages say what kind of element it is)."""
    if element.label != element.id:
        return f"{element.label!r} ({element.id})"
    return f"{element.id!r}"


RuleFunction = Callable[["CheckContext"], Iterable[Hit]]
PortfolioRuleFunction = Callable[["PortfolioContext"], Iterable[Hit]]


class _Speaking:
    """What every context says its messages with: the language of the run."""

    lang: str

    def tr(self, message: str, /, **values: object) -> str:
        """``message`` in the language of the run."""
        return text(self.lang, message, **values)

    def did_you_mean(self, word: str, candidates: Iterable[str]) -> str:
        """`` Did you mean 'x'?`` when a candidate is close to ``word``, else nothing."""
        match = closest(word, candidates)
        return self.tr(" Did you mean %(match)s?", match=repr(match)) if match else ""


class CheckContext(_Speaking):
    """What every rule needs, computed once per check run: the journey, and what is known
    beside it (where its elements stand in its file, its readings with any measured
    values, the paths its customers took)."""

    def __init__(
        self,
        journey: Journey,
        rules: Mapping[str, Rule],
        lang: str | None = None,
        *,
        source: SourceMap | None = None,
        readings: Readings | None = None,
        observed: Paths | None = None,
    ) -> None:
        self.journey = journey
        self.lang = lang or journey.locale  # the language of the messages
        self.rules = rules  # every rule by code: ``checks:`` names them, thresholds are theirs
        self.source = source
        self.readings = readings or Readings(journey)
        self.observed = observed  # an event log's paths (JM401-JM406), if any
        self.stage_index = journey.stage_index()
        self.touchpoints = journey.touchpoint_map()
        self.by_stage = journey.touchpoints_by_stage()
        self.metric_definitions = journey.metric_definitions()
        self._touchpoint_index = {id(tp): i for i, tp in enumerate(journey.touchpoints)}

    @functools.cached_property
    def flows(self) -> tuple[FlowEdge, ...]:
        """Every flow, explicit or implied (:meth:`Journey.flows`), listed once for all
        the rules that walk them."""
        return tuple(self.journey.flows())

    @functools.cached_property
    def successors(self) -> dict[str, list[str]]:
        """Each touchpoint's next touchpoints along the flows, each once and in file order
        (flows to no touchpoint are left out: JM102 reports them).  Plain dicts: a check
        needs no graph library, so ``check`` does not import one."""
        found: dict[str, dict[str, None]] = {tp: {} for tp in self.touchpoints}
        for edge in self.flows:
            if edge.flow.to in self.touchpoints:
                found[edge.source][edge.flow.to] = None
        return {tp: list(targets) for tp, targets in found.items()}

    @functools.cached_property
    def systems(self) -> dict[str, list[str]]:
        """Each touchpoint's systems, its own then its library team's (JM207, JM209)."""
        teams = self.journey.team_map()
        return {tp_id: self.journey.systems_of(tp, teams) for tp_id, tp in self.touchpoints.items()}

    def locate(self, path: Path) -> Position | None:
        """Where the element at ``path`` stands in the journey's file (None: no file)."""
        return self.source.locate(path) if self.source else None

    def tr_plural(self, singular: str, plural_: str, count: int, /, **values: object) -> str:
        return plural(self.lang, singular, plural_, count, **values)

    def metric_label(self, metric_id: str) -> str:
        """A metric as messages name it: its acronym or name in the reader's language, a
        custom metric by its ``name``."""
        return metric_label(metric_id, self.lang, self.journey.metric_name(metric_id))

    def touchpoint_path(self, touchpoint: Touchpoint, *rest: str | int) -> Path:
        """The path of a touchpoint in the file."""
        return ("touchpoints", self._touchpoint_index[id(touchpoint)], *rest)


class PortfolioContext(_Speaking):
    """What a portfolio rule (JM5xx) reads: the portfolio, its library, each journey that
    loaded (by the index of its entry), and the day the run judges review dates by."""

    def __init__(
        self,
        portfolio: PortfolioDocument,
        journeys: Mapping[int, Document],
        today: datetime.date,
        lang: str | None = None,
    ) -> None:
        self.portfolio = portfolio
        self.journeys = journeys
        self.today = today
        self.lang = lang or portfolio.portfolio.locale

    def journey_id(self, index: int) -> str:
        """The id of the journey of entry ``index``: its own, else its file's name."""
        document = self.journeys.get(index)
        if document is not None:
            return document.journey.id
        return self.portfolio.portfolio.journeys[index].file_name
