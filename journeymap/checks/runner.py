"""Run the check rules over a journey and collect sorted findings."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, cast

from ..errors import ConfigError
from ..i18n import say
from ..model.journey import Journey
from .codes import RULES, Rule, all_rules
from .context import CheckContext, PortfolioContext, PortfolioRuleFunction, RuleFunction
from .findings import Finding, Severity

if TYPE_CHECKING:
    import datetime

    from ..formats.loader import Document
    from ..formats.portfolio import PortfolioDocument
    from ..model.observed import Paths
    from ..model.positions import Path, SourceMap
    from ..model.readings import Readings


def select_rules(
    select: Iterable[str] | None = None, ignore: Iterable[str] | None = None
) -> list[Rule]:
    """Rules chosen by code prefixes or names (``JM2``, ``JM205``, ``dead-end``)."""
    chosen = all_rules()
    if select:
        selectors = _validated(select)
        chosen = [r for r in chosen if any(_matches(r, s) for s in selectors)]
    if ignore:
        selectors = _validated(ignore)
        chosen = [r for r in chosen if not any(_matches(r, s) for s in selectors)]
    return chosen


def _matches(rule: Rule, selector: str) -> bool:
    return rule.code.startswith(selector.upper()) or rule.name == selector.lower()


def _validated(selectors: Iterable[str]) -> list[str]:
    result = [s.strip() for s in selectors if s.strip()]
    for selector in result:
        if not any(_matches(r, selector) for r in RULES.values()):
            raise ConfigError(
                say(
                    "%(selector)s selects no rule; use a code (JM201), a prefix (JM2) or a rule "
                    "name",
                    selector=repr(selector),
                )
            )
    return result


def check(
    journey: Journey | Document,
    *,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    lang: str | None = None,
    source: SourceMap | None = None,
    readings: Readings | None = None,
    observed: Paths | None = None,
) -> list[Finding]:
    """All findings of the selected rules, with the journey's ``checks:`` overrides applied,
    their messages in ``lang`` (default: the journey's ``locale``).

    Findings name the file, line and column of their element when the journey comes with
    its ``source`` (a document from ``jm.read`` brings its own); ``readings`` carries the
    values measured from raw data, ``observed`` the paths of an event log (JM401-JM406).
    Findings are sorted by position, then code, so output is deterministic.
    """
    if not isinstance(journey, Journey):  # a Document: the journey and its positions
        source = source or journey.source
        journey = journey.journey
    context = CheckContext(
        journey, RULES, lang=lang, source=source, readings=readings, observed=observed
    )
    findings: list[Finding] = []
    for rule in select_rules(select, ignore):
        setting = journey.check_severity(rule.code)
        if setting == "off" or rule.group == "portfolio":
            continue
        severity = Severity.parse(setting) if setting else rule.severity
        for hit in cast(RuleFunction, rule.function)(context):
            if source is not None and _borrowed(journey, source, hit.path):
                continue  # the library's element: the portfolio's check judges it
            line, column = context.locate(hit.path) or (None, None)
            findings.append(
                Finding(
                    code=rule.code,
                    name=rule.name,
                    severity=severity,
                    message=hit.message,
                    subject=hit.subject,
                    file=source.file if source else None,
                    line=line,
                    column=column,
                    concern=hit.concern,
                )
            )
    return sorted(findings, key=Finding.sort_key)


def _borrowed(journey: Journey, source: SourceMap, path: Path) -> bool:
    """True when ``path`` leads into an element the journey borrowed from a library."""
    if len(path) < 2 or not isinstance(path[1], int) or str(path[0]) not in source.borrowed:
        return False
    elements = getattr(journey, str(path[0]))
    return path[1] < len(elements) and source.is_borrowed(path[0], elements[path[1]].id)


def check_portfolio(
    portfolio: PortfolioDocument,
    journeys: Mapping[int, Document],
    today: datetime.date,
    *,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    lang: str | None = None,
) -> list[Finding]:
    """The findings of the selected portfolio rules (JM5xx) about a portfolio and the
    ``journeys`` that loaded (by the index of their entry), judging review dates by
    ``today``; messages in ``lang`` (default: the portfolio's ``locale``)."""
    context = PortfolioContext(portfolio, journeys, today, lang)
    sources = {portfolio.file: portfolio.source}
    if portfolio.library_source is not None:
        sources[portfolio.library_source.file] = portfolio.library_source
    sources.update((document.file, document.source) for document in journeys.values())
    findings = []
    for rule in select_rules(select, ignore):
        if rule.group != "portfolio":
            continue
        for hit in cast(PortfolioRuleFunction, rule.function)(context):
            line, column = sources[hit.file].locate(hit.path)
            findings.append(
                Finding(
                    code=rule.code,
                    name=rule.name,
                    severity=rule.severity,
                    message=hit.message,
                    subject=hit.subject,
                    file=hit.file,
                    line=line,
                    column=column,
                    concern=hit.concern,
                )
            )
    return sorted(findings, key=Finding.sort_key)
