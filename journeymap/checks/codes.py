"""Every check code in one table: registering a rule is a line of data, not an import side effect.

Codes are stable and never reused.  A rule is a function ``(CheckContext) ->
Iterable[Hit]`` whose docstring documents it in *What it does* / *Why is this
bad* / *Example* form; ``docs/rules.md`` and ``check --explain`` are made from
it.  Rules never raise and never change the journey: they only report.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from ..i18n import N_
from .context import PortfolioRuleFunction, RuleFunction
from .findings import Severity
from .rules import blueprint, coverage, events, metrics, portfolio, structure

if TYPE_CHECKING:
    from ..model.journey import Journey

Group = Literal["structure", "coverage", "metrics", "events", "portfolio"]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    group: Group
    #: A portfolio rule (group ``portfolio``) reads a :class:`PortfolioContext`, every
    #: other rule one journey's :class:`CheckContext`.
    function: RuleFunction | PortfolioRuleFunction
    #: Default thresholds (``min_cases``; ``min_share`` in percent), each overridable per
    #: journey under ``checks:`` (``JM401: {min_cases: 50, min_share: 10}``).
    thresholds: Mapping[str, float] = field(default_factory=dict)

    def limits(self, journey: Journey) -> tuple[float, float]:
        """(cases, share as a fraction) a finding needs in ``journey``: its ``checks:``
        settings, else the defaults (the map's overlay marks the same)."""
        cases = journey.check_threshold(self.code, "min_cases")
        share = journey.check_threshold(self.code, "min_share")
        return (
            self.thresholds.get("min_cases", 0) if cases is None else cases,
            (self.thresholds.get("min_share", 0) if share is None else share) / 100,
        )

    def reaches(self, journey: Journey, count: int, whole: int) -> bool:
        """True when ``count`` of ``whole`` cases reach the thresholds of a finding in
        ``journey``: that many cases, and that share (the map marks the same)."""
        min_cases, min_share = self.limits(journey)
        return count >= min_cases and (count / whole if whole else 0.0) >= min_share

    @property
    def doc(self) -> str:
        return inspect.getdoc(self.function) or ""

    @property
    def summary(self) -> str:
        return self.doc.splitlines()[0] if self.doc else ""


ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

# fmt: off
_TABLE: tuple[tuple[str, str, Severity, Group, RuleFunction | PortfolioRuleFunction], ...] = (
    ("JM101", "duplicate-id",              ERROR,   "structure", structure.duplicate_id),
    ("JM102", "unknown-reference",         ERROR,   "structure", structure.unknown_reference),
    ("JM103", "empty-stage",               WARNING, "structure", structure.empty_stage),
    ("JM104", "unreachable-touchpoint",    WARNING, "structure", structure.unreachable_touchpoint),
    ("JM105", "dead-end",                  WARNING, "structure", structure.dead_end),
    ("JM106", "backward-flow",             INFO,    "structure", structure.backward_flow),
    ("JM107", "stage-without-phase",       WARNING, "structure", structure.stage_without_phase),
    ("JM108", "unknown-channel",           WARNING, "structure", structure.unknown_channel),
    ("JM201", "stage-without-cs",          ERROR,   "coverage",  coverage.stage_without_cs),
    ("JM202", "cs-without-service-metric", WARNING, "coverage",  coverage.cs_without_service_metric),
    ("JM203", "stage-without-cx-metric",   WARNING, "coverage",  coverage.stage_without_cx_metric),
    ("JM204", "single-support-channel",    WARNING, "coverage",  coverage.single_support_channel),
    ("JM205", "handoff-without-context",   INFO,    "coverage",  coverage.handoff_without_context),
    ("JM206", "pain-point-unaddressed",    INFO,    "coverage",  coverage.pain_point_unaddressed),
    ("JM207", "context-silo",              WARNING, "coverage",  blueprint.context_silo),
    ("JM208", "backstage-without-team",    WARNING, "coverage",  blueprint.backstage_without_team),
    ("JM209", "cs-without-support",        INFO,    "coverage",  blueprint.cs_without_support),
    ("JM301", "metric-out-of-range",       ERROR,   "metrics",   metrics.metric_out_of_range),
    ("JM302", "target-missed",             WARNING, "metrics",   metrics.target_missed),
    ("JM303", "unknown-metric",            ERROR,   "metrics",   metrics.unknown_metric),
    ("JM304", "small-sample",              INFO,    "metrics",   metrics.small_sample),
    ("JM401", "undesigned-flow",           WARNING, "events",    events.undesigned_flow),
    ("JM402", "unused-flow",               INFO,    "events",    events.unused_flow),
    ("JM403", "drop-off",                  WARNING, "events",    events.dropoff),
    ("JM404", "slow-flow",                 WARNING, "events",    events.slow_flow),
    ("JM405", "repeat-contact",            WARNING, "events",    events.repeat_contact),
    ("JM406", "unmapped-activity",         INFO,    "events",    events.unmapped_activity),
    ("JM501", "stale-journey",             WARNING, "portfolio", portfolio.stale_journey),
    ("JM502", "shadowed-library-id",       WARNING, "portfolio", portfolio.shadowed_library_id),
    ("JM503", "orphan-persona",            INFO,    "portfolio", portfolio.orphan_persona),
    ("JM504", "journey-without-owner",     WARNING, "portfolio", portfolio.journey_without_owner),
    ("JM505", "broken-parent",             ERROR,   "portfolio", portfolio.broken_parent),
)

#: The default thresholds of the rules about what customers did (``min_share`` in percent).
_THRESHOLDS: dict[str, Mapping[str, float]] = {
    # An undesigned transition taken by this many cases and share of those reaching its source.
    "JM401": {"min_cases": 30, "min_share": 5},
    # A designed flow taken by less than this share of the cases leaving its source.
    "JM402": {"min_share": 1},
    # This many cases and share of those reaching a touchpoint end there.
    "JM403": {"min_cases": 30, "min_share": 10},
    # This many cases and share of those reaching a CS touchpoint come back.
    "JM405": {"min_cases": 30, "min_share": 20},
}
# fmt: on

#: What each rule is called for people (the report's findings); JSON and SARIF keep the
#: code and the slug, which stay the same in every language.
RULE_TITLES: dict[str, str] = {
    "JM101": N_("Duplicate id"),
    "JM102": N_("Unknown reference"),
    "JM103": N_("Empty stage"),
    "JM104": N_("Unreachable touchpoint"),
    "JM105": N_("Dead end"),
    "JM106": N_("Flow back to an earlier stage"),
    "JM107": N_("Stage without a phase"),
    "JM108": N_("Unknown channel"),
    "JM201": N_("No customer service in the stage"),
    "JM202": N_("Customer service not measured"),
    "JM203": N_("Stage without a satisfaction metric"),
    "JM204": N_("Only one support channel"),
    "JM205": N_("Hand-over without context"),
    "JM206": N_("Pain point without an idea"),
    "JM207": N_("Data silo at a hand-over"),
    "JM208": N_("Backstage work without a team"),
    "JM209": N_("Customer service without support"),
    "JM301": N_("Metric out of range"),
    "JM302": N_("Target missed"),
    "JM303": N_("Unknown metric"),
    "JM304": N_("Small sample"),
    "JM401": N_("Step taken but not designed"),
    "JM402": N_("Designed flow hardly taken"),
    "JM403": N_("Customers stop here"),
    "JM404": N_("Slow step"),
    "JM405": N_("Customers come back"),
    "JM406": N_("Activity of no touchpoint"),
    "JM501": N_("Journey due for review"),
    "JM502": N_("Library id defined again"),
    "JM503": N_("Persona in no journey"),
    "JM504": N_("Journey without an owner"),
    "JM505": N_("Broken link to a parent"),
}

#: Every rule by code, in code order.
RULES: dict[str, Rule] = {
    code: Rule(code, name, severity, group, function, _THRESHOLDS.get(code, {}))
    for code, name, severity, group, function in sorted(_TABLE)
}


def all_rules() -> list[Rule]:
    """Every rule, in code order."""
    return list(RULES.values())
