"""A portfolio assessed (SPEC §12): its journeys, each assessed once, and what is derived
from them together — the portfolio's findings (JM501–JM505), the heatmap of journeys
against the lifecycle's stages, each journey's health, where the shared personas
appear, and one backlog ranked by the evidence behind each action.

Each journey's stages are placed on the lifecycle's (the level-0 journey's): a journey
that ``expands`` a stage of the lifecycle lies wholly in it, and so does one expanding a
stage of a journey placed there; any other journey's stage lies in the lifecycle's
stage of the same funnel phase, else of the same id.
"""

from __future__ import annotations

import datetime
import functools
import statistics
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..checks.findings import Finding, Severity
from ..checks.runner import check_portfolio
from ..formats.loader import Document
from ..formats.portfolio import PortfolioDocument
from ..model.journey import Journey
from ..model.portfolio import PortfolioJourney
from .actions import BacklogItem, backlog
from .assessed import Assessed


@dataclass(frozen=True)
class Member:
    """A journey of the portfolio: its entry, its file, and the journey assessed (None
    when its file could not be loaded)."""

    index: int
    entry: PortfolioJourney
    file: str
    assessed: Assessed | None

    @property
    def journey(self) -> Journey | None:
        return self.assessed.journey if self.assessed else None

    @property
    def id(self) -> str:
        """The journey's id, else (not loaded) its file's name."""
        if self.assessed is not None:
            return self.assessed.journey.id
        return self.entry.file_name


@dataclass(frozen=True)
class Cell:
    """One journey in one lifecycle stage: its stages placed there, and what they show."""

    stages: tuple[str, ...]  # the journey's stage ids placed in the lifecycle's stage
    touchpoints: int
    cs_touchpoints: int  # CS touchpoints customers reach in those stages (hotlines too), each once
    emotion: float | None  # the mean emotion of their touchpoints
    with_targets: int
    meeting_targets: int


@dataclass(frozen=True)
class Health:
    """How a journey stands: findings by severity, targets met, review and owner."""

    member: Member
    errors: int
    warnings: int
    infos: int
    with_targets: int
    meeting_targets: int
    stale: bool


@dataclass(frozen=True)
class AssessedPortfolio:
    """A portfolio with its journeys assessed, and what is derived from them, each computed
    once on first use (see the module)."""

    document: PortfolioDocument
    members: tuple[Member, ...]
    #: The day review dates are judged by.
    today: datetime.date
    lang: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    #: FILE:LINE:COL lines of the journeys that could not be loaded.
    load_errors: tuple[str, ...] = field(default_factory=tuple)

    @property
    def title(self) -> str:
        return self.document.portfolio.title

    @property
    def locale(self) -> str:
        return self.document.portfolio.locale

    def assessed(self) -> Iterator[Assessed]:
        """Every journey that loaded, in the portfolio's order."""
        return (member.assessed for member in self.members if member.assessed is not None)

    @functools.cached_property
    def portfolio_findings(self) -> tuple[Finding, ...]:
        """The findings of the portfolio rules (JM5xx)."""
        documents = {
            member.index: Document(member.assessed.journey, member.assessed.source)
            for member in self.members
            if member.assessed is not None and member.assessed.source is not None
        }
        return tuple(
            check_portfolio(
                self.document,
                documents,
                self.today,
                select=self.select,
                ignore=self.ignore,
                lang=self.lang,
            )
        )

    @functools.cached_property
    def findings(self) -> tuple[Finding, ...]:
        """Every finding: each journey's, then the portfolio's, sorted by file and line."""
        found = [f for assessed in self.assessed() for f in assessed.findings]
        return tuple(sorted([*found, *self.portfolio_findings], key=Finding.sort_key))

    @functools.cached_property
    def backlog(self) -> tuple[BacklogItem, ...]:
        """Every action of every journey, ranked by the evidence behind it."""
        return tuple(backlog(list(self.assessed())))

    @functools.cached_property
    def lifecycle(self) -> Member | None:
        """The level-0 journey whose stages the heatmap's columns are (the first one)."""
        return next(
            (m for m in self.members if m.entry.level == 0 and m.assessed is not None), None
        )

    def hierarchy(self) -> list[tuple[int, Member]]:
        """(depth, member) in the order of a tree: each journey under its parent, in the
        portfolio's order; a journey whose parent is unknown (JM505) at the top."""
        ids = {member.id for member in self.members}
        children: dict[str | None, list[Member]] = {}
        for member in self.members:
            parent = member.entry.parent if member.entry.parent in ids else None
            children.setdefault(parent, []).append(member)
        ordered: list[tuple[int, Member]] = []
        seen: set[str] = set()

        def visit(member: Member, depth: int) -> None:
            if member.id in seen:
                return  # a loop of parents (JM505): each journey once
            seen.add(member.id)
            ordered.append((depth, member))
            for child in children.get(member.id, []):
                visit(child, depth + 1)

        for member in children.get(None, []):
            visit(member, 0)
        for member in self.members:  # those only a loop of parents reaches
            visit(member, 0)
        return ordered

    @functools.cached_property
    def placement(self) -> dict[str, dict[str, str]]:
        """For each journey id, where each of its stages lies: stage id → the lifecycle's
        stage id (stages placed nowhere are left out)."""
        lifecycle = self.lifecycle
        if lifecycle is None or lifecycle.journey is None:
            return {}
        columns = lifecycle.journey
        by_phase: dict[str, str] = {}
        for stage in columns.stages:
            if stage.canonical_phase:
                by_phase.setdefault(stage.canonical_phase, stage.id)
        stage_ids = set(columns.stage_index())
        members = {member.id: member for member in self.members}
        placed: dict[str, dict[str, str]] = {}

        def place(member: Member, trail: frozenset[str]) -> dict[str, str]:
            if member.id in placed:
                return placed[member.id]
            journey = member.journey
            if journey is None or member.id in trail:
                return {}
            result: dict[str, str] = {}
            entry = member.entry
            parent = members.get(entry.parent or "")
            if member is lifecycle:
                result = {stage: stage for stage in stage_ids}
            elif entry.expands and parent is not None:
                column = place(parent, trail | {member.id}).get(entry.expands)
                if column is not None:
                    result = {stage.id: column for stage in journey.stages}
            else:
                for stage in journey.stages:
                    column = by_phase.get(stage.canonical_phase or "")
                    column = column or (stage.id if stage.id in stage_ids else None)
                    if column is not None:
                        result[stage.id] = column
            placed[member.id] = result
            return result

        for member in self.members:
            place(member, frozenset())
        return placed

    @functools.cached_property
    def heatmap(self) -> dict[str, dict[str, Cell]]:
        """For each journey id, its cell in each lifecycle stage it has stages in."""
        result: dict[str, dict[str, Cell]] = {}
        for member in self.members:
            if member.assessed is None:
                continue
            by_column: dict[str, list[str]] = {}
            for stage, column in self.placement.get(member.id, {}).items():
                by_column.setdefault(column, []).append(stage)
            result[member.id] = {
                column: _cell(member.assessed, tuple(stages))
                for column, stages in by_column.items()
            }
        return result

    @functools.cached_property
    def health(self) -> tuple[Health, ...]:
        """Each journey's health, in the hierarchy's order."""
        rows = []
        for _depth, member in self.hierarchy():
            own = list(member.assessed.findings) if member.assessed else []
            own += [  # the portfolio's findings about it, or in its file (JM502)
                f
                for f in self.portfolio_findings
                if (f.subject == member.id and f.file == self.document.file)
                or f.file == member.file
            ]
            total = member.assessed.coverage[-1] if member.assessed else None
            rows.append(
                Health(
                    member,
                    sum(f.severity is Severity.ERROR for f in own),
                    sum(f.severity is Severity.WARNING for f in own),
                    sum(f.severity is Severity.INFO for f in own),
                    total.with_targets if total else 0,
                    total.meeting_targets if total else 0,
                    member.entry.stale(self.today),
                )
            )
        return tuple(rows)

    @functools.cached_property
    def shared_personas(self) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
        """(id, name, the ids of the journeys whose touchpoints name it) of every persona
        of the library."""
        library = self.document.library
        if library is None:
            return ()
        return tuple(
            (
                persona.id,
                persona.label,
                tuple(
                    member.id
                    for member in self.members
                    if member.journey is not None
                    and any(persona.id in tp.personas for tp in member.journey.touchpoints)
                ),
            )
            for persona in library.personas
        )


def _cell(assessed: Assessed, stages: tuple[str, ...]) -> Cell:
    journey = assessed.journey
    chosen = set(stages)
    touchpoints = [tp for tp in journey.touchpoints if tp.stage in chosen]
    emotions = [tp.emotion for tp in touchpoints if tp.emotion is not None]
    rows = [row for row in assessed.coverage if row.stage in chosen]
    reached = {tp.id for stage in stages for tp in journey.reachable_service(stage)}
    return Cell(
        stages=stages,
        touchpoints=len(touchpoints),
        cs_touchpoints=len(reached),
        emotion=statistics.fmean(emotions) if emotions else None,
        with_targets=sum(row.with_targets for row in rows),
        meeting_targets=sum(row.meeting_targets for row in rows),
    )


@dataclass(frozen=True)
class PortfolioChanges:
    """What changed from one version of a portfolio to another: journeys added and
    removed, each changed journey's number of changes, the library's changes (by
    collection: ids added, removed, changed) and the findings new and resolved across
    every journey."""

    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[tuple[str, int], ...]
    library: tuple[tuple[str, str, str], ...]  # (collection, added|removed|changed, id)
    new_findings: tuple[Finding, ...]
    resolved_findings: tuple[Finding, ...]

    def __bool__(self) -> bool:
        return any(
            (
                self.added,
                self.removed,
                self.changed,
                self.library,
                self.new_findings,
                self.resolved_findings,
            )
        )


def diff_portfolios(old: AssessedPortfolio, new: AssessedPortfolio) -> PortfolioChanges:
    """The changes from ``old`` to ``new`` (see :class:`PortfolioChanges`); a finding is
    the same in both when its journey, rule, element and concern are."""
    from ..model.portfolio import LIBRARY_COLLECTIONS
    from .diff import diff

    before = {a.journey.id: a for a in old.assessed()}
    after = {a.journey.id: a for a in new.assessed()}
    changed = []
    for journey_id in (i for i in after if i in before):
        # Each journey as its file writes it: a library change is counted once, below.
        earlier, later = _own(before[journey_id]), _own(after[journey_id])
        count = len(diff(earlier, later, old_findings=[], new_findings=[]))
        if count:
            changed.append((journey_id, count))
    library = []
    old_library, new_library = old.document.library, new.document.library
    for collection in LIBRARY_COLLECTIONS:
        was = {e.id: e for e in getattr(old_library, collection, [])} if old_library else {}
        now = {e.id: e for e in getattr(new_library, collection, [])} if new_library else {}
        library += [(collection, "added", i) for i in now if i not in was]
        library += [(collection, "removed", i) for i in was if i not in now]
        library += [(collection, "changed", i) for i in now if i in was and now[i] != was[i]]
    old_keys = {_finding_key(old, f): f for f in old.findings}
    new_keys = {_finding_key(new, f): f for f in new.findings}
    return PortfolioChanges(
        added=tuple(i for i in after if i not in before),
        removed=tuple(i for i in before if i not in after),
        changed=tuple(changed),
        library=tuple(library),
        new_findings=tuple(f for key, f in new_keys.items() if key not in old_keys),
        resolved_findings=tuple(f for key, f in old_keys.items() if key not in new_keys),
    )


def _own(assessed: Assessed) -> Journey:
    """The journey without what it borrowed from its library."""
    from ..model.portfolio import LIBRARY_COLLECTIONS

    source = assessed.source
    if source is None or not source.borrowed:
        return assessed.journey
    journey = assessed.journey
    return journey.model_copy(
        update={
            collection: [
                element
                for element in getattr(journey, collection)
                if not source.is_borrowed(collection, element.id)
            ]
            for collection in LIBRARY_COLLECTIONS
        }
    )


def _finding_key(portfolio: AssessedPortfolio, finding: Finding) -> tuple[str, ...]:
    """A finding's identity across versions: the journey whose file it is in (the
    portfolio's own files by their role), then the rule, element and concern."""
    journeys = {member.file: member.id for member in portfolio.members}
    roles = {portfolio.document.file: "(portfolio)"}
    if portfolio.document.library_file:
        roles[portfolio.document.library_file] = "(library)"
    where = journeys.get(finding.file or "") or roles.get(finding.file or "", "")
    return (where, *finding.identity)
