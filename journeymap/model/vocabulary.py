"""The closed sets of the journey format, each defined once.

Every set is a ``Literal`` type, and its tuple is derived from it, so the type
checker, the pydantic model, the command line's choices and the JSON Schema
can never disagree.
"""

from __future__ import annotations

from typing import Literal, get_args

Owner = Literal["CX", "CS"]
OWNERS: tuple[Owner, ...] = get_args(Owner)

#: The funnel phases a stage may name; ``retention`` is an alias of ``loyalty``.
Phase = Literal["awareness", "consideration", "purchase", "loyalty", "retention", "advocacy"]
PHASES: tuple[Phase, ...] = get_args(Phase)
#: The five canonical phases, in funnel order (aliases resolved).
CanonicalPhase = Literal["awareness", "consideration", "purchase", "loyalty", "advocacy"]
CANONICAL_PHASES: tuple[CanonicalPhase, ...] = get_args(CanonicalPhase)
PHASE_ALIASES: dict[str, CanonicalPhase] = {"retention": "loyalty"}
#: The phases where customers most need service (SPEC §7): at purchase customer service is
#: activated, during loyalty it solves problems.  JM201 and JM204 judge these stages, and
#: the report's verdict calls a stage there without CS a gap.
SERVICE_PHASES: tuple[CanonicalPhase, ...] = ("purchase", "loyalty")

Initiative = Literal["proactive", "reactive"]
Intent = Literal["solve-problem", "answer-question", "compare-options", "complete-task"]
State = Literal["current", "future"]

#: Channels the format names; any other slug is accepted too.
KnownChannel = Literal[
    "web", "app", "email", "sms", "phone", "chat", "social", "store", "mail", "other"
]
KNOWN_CHANNELS: tuple[KnownChannel, ...] = get_args(KnownChannel)

#: What a journey's ``checks:`` may set a rule to.
SeveritySetting = Literal["off", "info", "warning", "error"]

Better = Literal["higher", "lower"]
Discipline = Literal["CX", "CS", "UX"]

#: How urgent an action is, most urgent first (the order the backlog sorts by).
Priority = Literal["high", "medium", "low"]
PRIORITIES: tuple[Priority, ...] = get_args(Priority)
#: How far an action has come.
ActionStatus = Literal["open", "doing", "done"]
ACTION_STATUSES: tuple[ActionStatus, ...] = get_args(ActionStatus)
#: How much work an action is: small, medium, large.  A portfolio's backlog divides an
#: action's evidence by its effort (SPEC §12).
Effort = Literal["S", "M", "L"]
EFFORTS: tuple[Effort, ...] = get_args(Effort)
EFFORT_WEIGHTS: dict[Effort, int] = {"S": 1, "M": 2, "L": 4}

#: The file that makes a folder a portfolio (SPEC §12).
PORTFOLIO_FILE = "journeymap.yaml"
#: What a portfolio's library holds: the collections a journey shares with the others.
LIBRARY_COLLECTIONS = ("personas", "teams", "systems", "channels")
