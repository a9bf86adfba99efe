"""Run the check rules over a journey and collect sorted findings."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..errors import ConfigError
from ..i18n import say
from ..model.journey import Journey
from .codes import RULES, Rule, all_rules
from .context import CheckContext
from .findings import Finding, Severity


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
    journey: Journey,
    *,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
    lang: str | None = None,
) -> list[Finding]:
    """All findings of the selected rules, with the journey's ``checks:`` overrides applied,
    their messages in ``lang`` (default: the journey's ``locale``).

    Findings are sorted by position, then code, so output is deterministic.
    """
    context = CheckContext(journey, RULES, lang=lang)
    findings: list[Finding] = []
    for rule in select_rules(select, ignore):
        setting = journey.check_severity(rule.code)
        if setting == "off":
            continue
        severity = Severity.parse(setting) if setting else rule.severity
        for hit in rule.function(context):
            line, column = journey.locate(hit.path) or (None, None)
            findings.append(
                Finding(
                    code=rule.code,
                    name=rule.name,
                    severity=severity,
                    message=hit.message,
                    subject=hit.subject,
                    file=journey.source_file,
                    line=line,
                    column=column,
                    concern=hit.concern,
                )
            )
    return sorted(findings, key=Finding.sort_key)
