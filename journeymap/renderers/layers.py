"""What a service blueprint shows of each touchpoint (SPEC §11), for the map and the report.

The layers stand in lanes from top to bottom: the physical evidence and the customer's
actions; the line of interaction; the frontstage (CX, then CS); the line of visibility;
the backstage work; the line of internal interaction; the support systems.  A lane no
touchpoint fills is left out, and so is a line with nothing above it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..i18n import N_, OWNER_NAMES, durations_apart, exact_duration, plural, quoted, text
from ..model.vocabulary import OWNERS

if TYPE_CHECKING:
    from ..model.blueprint import BackstageStep, Team
    from ..model.journey import Journey
    from ..model.observed import Paths

#: The lanes from top to bottom, each with its group: the customer's side, the frontstage,
#: the work behind it, the systems it runs on.
LANES = (
    ("evidence", N_("Physical evidence"), 0),
    ("action", N_("Customer actions"), 0),
    ("CX", "", 1),
    ("CS", "", 1),
    ("backstage", N_("Backstage"), 2),
    ("systems", N_("Support systems"), 3),
)
#: The line between one group and the next.
LINES = (
    N_("Line of interaction"),
    N_("Line of visibility"),
    N_("Line of internal interaction"),
)


@dataclass(frozen=True)
class BlueprintLane:
    key: str  # evidence, action, CX, CS, backstage, systems
    label: str
    detail: str  # under an owner's label: what the owner is
    line: str  # the line(s) drawn above the lane, named; "" for none


@dataclass(frozen=True)
class ShownStep:
    """A backstage step as the blueprint shows it."""

    name: str
    meta: str  # who does it, and how long the customer may wait on it
    waited: str = ""  # with an event log: how long customers waited on it
    late: bool = False  # ... longer than its max_wait


@dataclass(frozen=True)
class Layers:
    """One touchpoint's part of the blueprint, in the reader's language."""

    evidence: str | None
    action: str | None  # what the customer does (or, without it, what they think)
    thought: str | None  # what they think, in quotation marks, beside their action
    steps: list[ShownStep]  # the backstage work
    systems: list[str]  # the names of the systems the touchpoint and its work run on

    def lanes(self) -> set[str]:
        filled = {
            "evidence": self.evidence,
            "action": self.action,
            "backstage": self.steps,
            "systems": self.systems,
        }
        return {lane for lane, value in filled.items() if value}


def layers(journey: Journey, lang: str, observed: Paths | None = None) -> dict[str, Layers]:
    """Each touchpoint's layers, by id (a repeated id: the first); with ``observed``, the
    waits its event log shows on backstage work."""
    team_map = journey.team_map()
    system_map = journey.system_map()
    found: dict[str, Layers] = {}
    for tp in journey.touchpoints:
        if tp.id in found:
            continue
        thought = quoted(tp.thinking, lang) if tp.thinking else None
        used = [*journey.systems_of(tp, team_map), *(s for st in tp.backstage for s in st.systems)]
        found[tp.id] = Layers(
            tp.evidence,
            tp.customer_action or thought,
            thought if tp.customer_action else None,
            [_step(tp.id, step, team_map, lang, observed) for step in tp.backstage],
            [system_map[s].label if s in system_map else s for s in dict.fromkeys(used)],
        )
    return found


def lanes(used: set[str], lang: str) -> list[BlueprintLane]:
    """The lanes that hold anything (``used``: their keys), top to bottom, with the lines
    between their groups; where a group is missing, the line names both it crosses."""
    result: list[BlueprintLane] = []
    group_above: int | None = None
    for key, label, group in LANES:
        if key not in used:
            continue
        crossed = LINES[group_above:group] if group_above is not None else ()
        line = " · ".join(text(lang, name) for name in crossed)
        if key in OWNERS:
            detail = text(lang, OWNER_NAMES[key]).partition(" – ")[2]
            result.append(BlueprintLane(key, key, detail, line))
        else:
            result.append(BlueprintLane(key, text(lang, label), "", line))
        group_above = group
    return result


def _step(
    touchpoint: str,
    step: BackstageStep,
    team_map: dict[str, Team],
    lang: str,
    observed: Paths | None,
) -> ShownStep:
    shown = ShownStep(step.label, step_meta(step, team_map, lang))
    wait = observed.wait_on(touchpoint, step.id) if observed else None
    if wait is None:
        return shown
    median = wait["median_s"]
    waited = text(
        lang,
        "customers waited %(median)s (median, %(cases)s)",
        median=durations_apart(median, step.max_wait, lang)[0],
        cases=plural(lang, "%(count)s case", "%(count)s cases", wait["cases"]),
    )
    late = step.max_wait is not None and median > step.max_wait
    return ShownStep(shown.name, shown.meta, waited, late)


def step_meta(step: BackstageStep, team_map: dict[str, Team], lang: str) -> str:
    """Who does a backstage step, and how long the customer may wait on it."""
    parts = []
    if step.team:
        parts.append(team_map[step.team].label if step.team in team_map else step.team)
    if step.max_wait is not None:
        waited = exact_duration(step.max_wait, lang)
        parts.append(text(lang, "waits at most %(duration)s", duration=waited))
    return " · ".join(parts)
