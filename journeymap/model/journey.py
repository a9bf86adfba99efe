"""The journey model (format version 1, SPEC §2) as pydantic v2 models.

The model is pure: it validates shapes and values, resolves the shorthands of the
file format (``csat: 82``, ``next: [id]``, ``frt: "2h"``) and derives what the
format leaves implicit (phases, initiatives, implied flows).  Cross-references
and duplicates are *not* load errors: they are findings of the checks, so one
run can report all of them with their positions.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import itertools
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Literal, Protocol, TypeVar

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from ..i18n import LANGUAGES, Language, say
from .base import (
    EMPTY_DICT,
    EMPTY_LIST,
    SECONDS_SCHEMA,
    FormatModel,
    Seconds,
    Slug,
    empty_dict,
    empty_list,
)
from .blueprint import BackstageStep, System, Team
from .channels import builtin_channel, resolve_channel
from .metrics import (
    BUILTIN_METRICS,
    DEFAULT_CES_SCALE,
    MetricInfo,
    canonical_metric_id,
    duration_in_unit,
    parse_duration,
)
from .phases import infer_phase
from .positions import Path
from .vocabulary import (
    KNOWN_CHANNELS,
    PHASE_ALIASES,
    SERVICE_PHASES,
    ActionStatus,
    Better,
    CanonicalPhase,
    Discipline,
    Effort,
    Initiative,
    Intent,
    Owner,
    Phase,
    Priority,
    SeveritySetting,
    State,
)

if TYPE_CHECKING:
    import networkx


FORMAT_VERSION = 1


def _builtin_channel_id(value: str) -> str:
    """``Telefon``, ``telefoon``, ``E-Mail`` → the built-in id; any other text stays as
    written (a declared channel, resolved by the journey, or JM108)."""
    return builtin_channel(value) or value


Channel = Annotated[
    str,
    Field(min_length=1),
    AfterValidator(_builtin_channel_id),
    WithJsonSchema(
        {
            "anyOf": [{"enum": list(KNOWN_CHANNELS)}, {"type": "string", "minLength": 1}],
            "description": "A built-in channel (web, app, email, sms, phone, chat, social, "
            "store, mail, other), its name in a shipped language (telefoon, E-Mail, e-posta), "
            "or a channel declared under channels:.",
        }
    ),
]
_NUMBER_OR_DURATION = {
    "anyOf": [
        {"type": "number"},
        {"type": "string", "pattern": r"^\s*[0-9]+(\.[0-9]+)?\s*(s|sec|m|min|h|d)\s*$"},
    ]
}


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


Identified = TypeVar("Identified", bound=_HasId)


def first_by_id(elements: Iterable[Identified]) -> dict[str, Identified]:
    """Elements by id; of a repeated id (JM101), the first in the file stands for it."""
    found: dict[str, Identified] = {}
    for element in elements:
        found.setdefault(element.id, element)
    return found


class Persona(FormatModel):
    """Someone the journey is designed for."""

    id: Slug
    name: str
    description: str | None = None

    @property
    def label(self) -> str:
        return self.name


class ChannelDefinition(FormatModel):
    """A channel of this journey's own, beside the built-in ones (``whatsapp``)."""

    id: Slug
    name: str | None = Field(default=None, description="How the channel is shown.")
    description: str | None = None

    @property
    def label(self) -> str:
        return self.name or self.id


class Stage(FormatModel):
    """An ordered column of the journey; the first stage is leftmost."""

    id: Slug
    name: str | None = None
    phase: Phase | None = Field(
        default=None,
        description="Funnel phase; when absent, inferred from a phase word in the stage's id "
        "or name, in any shipped language (aankoop, Kauf, satın alma, …).",
    )
    customer_goal: str | None = None

    @property
    def label(self) -> str:
        return self.name or self.id

    @property
    def canonical_phase(self) -> CanonicalPhase | None:
        """The funnel phase (``retention`` read as ``loyalty``): as written, else inferred
        from the stage's id or name (see :mod:`.phases`); None when neither says it."""
        if self.phase is None:
            return infer_phase(self.id, self.name)
        return PHASE_ALIASES.get(self.phase) or self.phase  # type: ignore[return-value]


def _duration_to_minutes(value: Any) -> Any:
    if isinstance(value, str):
        seconds = parse_duration(value)
        if seconds is None:
            raise ValueError(
                say(
                    "%(value)s is neither a number nor a duration such as '90s', '45m', '2h' "
                    "or '1d'",
                    value=repr(value),
                )
            )
        return seconds / 60
    return value


#: The largest count (n, customers) and metric value journeymap accepts: far beyond any real
#: one, and small enough that every rollup stays a finite number.
MAX_COUNT = 10**12
MAX_MAGNITUDE = 1e12

NumberOrDuration = Annotated[
    float, Field(ge=-MAX_MAGNITUDE, le=MAX_MAGNITUDE), WithJsonSchema(_NUMBER_OR_DURATION)
]


class CustomerCounts(FormatModel):
    """Customer counts of a period, from which the retention rate is computed."""

    start: int = Field(ge=1, le=MAX_COUNT, description="Customers at the start of the period.")
    end: int = Field(ge=0, le=MAX_COUNT, description="Customers at the end of the period.")
    new: int = Field(ge=0, le=MAX_COUNT, description="Customers won during the period.")


class MetricValue(FormatModel):
    """A metric attached to a touchpoint: its value, target and sample size."""

    value: NumberOrDuration | None = None
    target: NumberOrDuration | None = None
    n: int | None = Field(
        default=None, ge=0, le=MAX_COUNT, description="Responses behind the value."
    )
    scale: Literal[5, 7] | None = Field(
        default=None, description="CES only: a 5- or 7-point scale."
    )
    counts: CustomerCounts | None = Field(
        default=None, description="retention_rate only: the value is computed from these counts."
    )

    @field_validator("value", "target", mode="before")
    @classmethod
    def _durations(cls, value: Any) -> Any:
        return _duration_to_minutes(value)

    @model_validator(mode="after")
    def _value_from_counts(self) -> MetricValue:
        if self.counts is not None and self.value is None:
            counts = self.counts
            # SPEC §3: 100 × (customers at end − new customers) / customers at start.
            self.value = 100 * (counts.end - counts.new) / counts.start
        elif self.counts is not None:
            raise ValueError(say("give either a value or counts, not both"))
        return self


class Flow(FormatModel):
    """A customer's move from one touchpoint to another."""

    to: str
    label: str | None = None
    share: float | None = Field(default=None, ge=0, le=1, description="Share of customers, 0..1.")
    context: bool = Field(
        default=False, description="The hand-over carries the customer's context."
    )
    max_wait: Seconds = Field(
        default=None,
        ge=0,
        description="Target for the time customers take along the flow, in seconds "
        "(or a duration: 90s, 45m, 2h, 2d).",
        json_schema_extra=SECONDS_SCHEMA,
    )


def _metric_entry(metric_id: str, raw: Any) -> Any:
    """Expand the shorthand ``csat: 82`` and express durations in the metric's own unit."""
    entry = dict(raw) if isinstance(raw, dict) else {"value": raw}
    for field_name in ("value", "target"):
        item = entry.get(field_name)
        if isinstance(item, str) and (seconds := parse_duration(item)) is not None:
            entry[field_name] = duration_in_unit(seconds, metric_id)
    return entry


def _iso_date(value: Any) -> Any:
    """Only ``YYYY-MM-DD``: pydantic's lax mode would read ``20261201`` as a Unix time."""
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str):
        raise ValueError(say("a date is written as YYYY-MM-DD"))
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError(say("%(value)s is not a date: write it as YYYY-MM-DD", value=repr(value)))
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ValueError(say("%(value)s is not a day of the calendar", value=repr(value))) from None


def spoken(locale: str) -> str:
    """A ``locale:`` journeymap has a catalog for."""
    if locale not in LANGUAGES:
        raise ValueError(
            say(
                "journeymap speaks %(languages)s; a language is added by adding its "
                "catalog, and there is none for %(locale)s",
                languages=", ".join(LANGUAGES),
                locale=repr(locale),
            )
        )
    return locale


IsoDate = Annotated[
    datetime.date,
    BeforeValidator(_iso_date),
    WithJsonSchema({"type": "string", "format": "date"}),
]


class Action(FormatModel):
    """An opportunity as a piece of work: what to do, who does it, how urgent, by when,
    how far it has come.  A plain string in ``opportunities`` is an open action with
    only its text."""

    text: str = Field(min_length=1)
    owner: str | None = Field(default=None, description="Who does it: a person or a team.")
    priority: Priority | None = None
    due: IsoDate | None = None
    status: ActionStatus = "open"
    effort: Effort | None = Field(
        default=None,
        description="How much work it is: S, M or L.  A portfolio's backlog divides the "
        "evidence behind an action by it (1, 2, 4).",
    )


class CheckSetting(FormatModel):
    """A rule's severity and thresholds for one journey (``JM401: {min_share: 10}``)."""

    severity: SeveritySetting | None = None
    min_cases: int | None = Field(default=None, ge=0, description="Cases a finding needs.")
    min_share: float | None = Field(
        default=None, ge=0, le=100, description="Share of cases a finding needs, in percent."
    )


class Touchpoint(FormatModel):
    """A moment where the customer meets the company, owned by CX or CS."""

    id: Slug
    name: str | None = None
    stage: str
    owner: Owner
    team: str | None = None
    channel: Channel | None = None
    initiative: Initiative | None = Field(
        default=None, description="Default: proactive for CX, reactive for CS."
    )
    intent: Intent | None = None
    personas: list[str] = Field(default_factory=empty_list, json_schema_extra=EMPTY_LIST)
    emotion: float | None = Field(
        default=None, ge=-2, le=2, description="-2 very negative … 2 very positive."
    )
    pain_points: list[str] = Field(default_factory=empty_list, json_schema_extra=EMPTY_LIST)
    opportunities: list[Action] = Field(default_factory=empty_list, json_schema_extra=EMPTY_LIST)
    tools: list[str] = Field(default_factory=empty_list, json_schema_extra=EMPTY_LIST)
    notes: list[str] = Field(
        default_factory=empty_list,
        json_schema_extra={
            **EMPTY_LIST,
            "description": "Sticky notes from a workshop: kept with the touchpoint, shown on "
            "the board.",
        },
    )
    events: list[str] = Field(
        default_factory=empty_list,
        json_schema_extra={**EMPTY_LIST, "description": "Event-log activities that mean it."},
    )
    entry: bool = False
    exit: bool = False
    customer_action: str | None = Field(default=None, description="The customer's own step.")
    thinking: str | None = Field(default=None, description="What the customer thinks or says.")
    evidence: str | None = Field(
        default=None, description="What the customer sees or keeps (physical evidence)."
    )
    systems: list[str] = Field(
        default_factory=empty_list,
        json_schema_extra={**EMPTY_LIST, "description": "Systems it reads or writes (ids)."},
    )
    backstage: list[BackstageStep] = Field(default_factory=empty_list, json_schema_extra=EMPTY_LIST)
    available: Literal["stage", "journey"] | None = Field(
        default=None,
        description="Reachable without a flow from every touchpoint of its stage or of the "
        "journey (a hotline, a chat).",
    )
    metrics: dict[str, MetricValue] = Field(
        default_factory=empty_dict, json_schema_extra=EMPTY_DICT
    )
    next: list[Flow] | None = None

    @field_validator(
        "metrics",
        mode="before",
        json_schema_input_type=dict[str, float | str | MetricValue],
    )
    @classmethod
    def _metric_shorthands(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        result: dict[str, Any] = {}
        for key, raw in value.items():
            metric_id = canonical_metric_id(str(key))
            if metric_id in result:
                raise ValueError(say("metric %(metric)s is given twice", metric=repr(metric_id)))
            result[metric_id] = _metric_entry(metric_id, raw)
        return result

    @field_validator("opportunities", mode="before", json_schema_input_type=list[str | Action])
    @classmethod
    def _opportunity_shorthands(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [{"text": item} if isinstance(item, str) else item for item in value]
        return value

    @field_validator("next", mode="before", json_schema_input_type=list[str | Flow] | None)
    @classmethod
    def _flow_shorthands(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [{"to": item} if isinstance(item, str) else item for item in value]
        return value

    @property
    def label(self) -> str:
        return self.name or self.id

    @property
    def effective_initiative(self) -> str:
        return self.initiative or ("proactive" if self.owner == "CX" else "reactive")


#: What an entry under ``metrics:`` may change of a built-in metric (SPEC §2).
BUILTIN_OVERRIDES = frozenset({"id", "scale", "better"})


class MetricDefinition(FormatModel):
    """A custom metric a journey defines for its own touchpoints, or, under a built-in
    metric's id, this journey's ``scale`` and ``better`` for it (CES 2.0: 1–7, higher)."""

    id: Slug
    name: str | None = Field(default=None, description="Required for a custom metric.")
    unit: str | None = None
    range: tuple[float | None, float | None] | None = Field(
        default=None, description="Valid range [low, high]; null for an open end."
    )
    better: Better | None = Field(
        default=None, description="Which way is better; default higher for a custom metric."
    )
    scale: Literal[5, 7] | None = Field(
        default=None, description="CES only: the journey's scale (5 or 7 points)."
    )
    discipline: Discipline = "CX"
    description: str | None = None

    @model_validator(mode="after")
    def _fits_its_kind(self) -> MetricDefinition:
        if self.id in BUILTIN_METRICS:
            extra = sorted(self.model_fields_set - BUILTIN_OVERRIDES)
            if extra:
                raise ValueError(
                    say(
                        "%(metric)s is a built-in metric: a journey can change only its scale "
                        "and better, not %(fields)s",
                        metric=self.id,
                        fields=", ".join(extra),
                    )
                )
            if self.scale is not None and self.id != "ces":
                raise ValueError(say("only ces has a scale; %(metric)s has none", metric=self.id))
            return self
        if self.name is None:
            raise ValueError(say("the custom metric %(metric)s needs a name", metric=repr(self.id)))
        if self.scale is not None:
            raise ValueError(say("scale is for ces only; give a custom metric a range"))
        if self.range and None not in self.range and self.range[0] > self.range[1]:  # type: ignore[operator]
            raise ValueError(
                say("range %(range)s has its low end above its high end", range=list(self.range))
            )
        return self


@dataclass(frozen=True)
class FlowEdge:
    """A flow from one touchpoint, with where it was written (``index`` None when implied)."""

    source: str
    source_index: int
    flow: Flow
    index: int | None

    @property
    def implied(self) -> bool:
        return self.index is None

    @property
    def path(self) -> Path:
        base: Path = ("touchpoints", self.source_index)
        return base if self.index is None else (*base, "next", self.index)


class Journey(FormatModel):
    """A customer journey: stages holding touchpoints, joined by flows."""

    model_config = ConfigDict(
        extra="forbid",
        coerce_numbers_to_str=True,
        allow_inf_nan=False,
        json_schema_extra={"$schema": "https://json-schema.org/draft/2020-12/schema"},
    )

    journeymap: Literal[1] = Field(default=1, description="Format version; must be 1.")
    id: Slug
    title: str
    description: str | None = None
    locale: Language = Field(
        default="en",
        description="The language of the journey's report, diagram and messages.",
        json_schema_extra={"enum": list(LANGUAGES)},
    )
    state: State = "current"
    kind: Literal["marketing", "service"] = Field(
        default="marketing",
        description="service: a claim, a permit, a complaint - stages need no funnel phase.",
    )
    personas: list[Persona] = Field(default_factory=empty_list, json_schema_extra=EMPTY_LIST)
    stages: list[Stage] = Field(default_factory=empty_list, json_schema_extra=EMPTY_LIST)
    touchpoints: list[Touchpoint] = Field(default_factory=empty_list, json_schema_extra=EMPTY_LIST)
    metrics: list[MetricDefinition] = Field(
        default_factory=empty_list, json_schema_extra=EMPTY_LIST
    )
    channels: list[ChannelDefinition] = Field(
        default_factory=empty_list,
        json_schema_extra={**EMPTY_LIST, "description": "Channels of this journey's own."},
    )
    teams: list[Team] = Field(default_factory=empty_list, json_schema_extra=EMPTY_LIST)
    systems: list[System] = Field(default_factory=empty_list, json_schema_extra=EMPTY_LIST)
    segments: dict[str, str] = Field(
        default_factory=empty_dict,
        json_schema_extra=EMPTY_DICT,
        description="Persona id: the value of the event log's segment column (paths "
        "--segment) whose cases are that persona's; its curve then follows their path.",
    )
    checks: dict[str, SeveritySetting | CheckSetting] = Field(
        default_factory=empty_dict,
        json_schema_extra=EMPTY_DICT,
        description="Per-journey rule settings: a severity (JM205: off) or a severity and "
        "the rule's thresholds (JM401: {severity: error, min_share: 10}).",
    )

    _spoken = field_validator("locale")(spoken)

    @model_validator(mode="after")
    def _declared_channels(self) -> Journey:
        """A touchpoint naming a declared channel by its name (``WhatsApp``) uses its id."""
        declared = self.channel_names()
        if declared:
            # Copies, not edits: a touchpoint built in Python may belong to other journeys.
            self.touchpoints = [
                tp.model_copy(update={"channel": resolved})
                if tp.channel is not None
                and (resolved := resolve_channel(tp.channel, declared)) != tp.channel
                else tp
                for tp in self.touchpoints
            ]
        return self

    # ------------------------------------------------------------------ derived views

    @property
    def declares_flows(self) -> bool:
        """True when any touchpoint has ``next``; otherwise flows are implied."""
        return any(tp.next is not None for tp in self.touchpoints)

    def flows(self) -> Iterator[FlowEdge]:
        """Every flow, explicit or implied (document order when no ``next`` is declared)."""
        if self.declares_flows:
            for i, tp in enumerate(self.touchpoints):
                for k, flow in enumerate(tp.next or ()):
                    yield FlowEdge(tp.id, i, flow, k)
            return
        # A touchpoint available from anywhere (a hotline) is no step in the chain.
        chain = [(i, tp) for i, tp in enumerate(self.touchpoints) if tp.available is None]
        for (i, tp), (_, following) in itertools.pairwise(chain):
            yield FlowEdge(tp.id, i, Flow(to=following.id), None)

    def stage_index(self) -> dict[str, int]:
        """Position of each stage id (first definition wins for duplicates)."""
        index: dict[str, int] = {}
        for i, stage in enumerate(self.stages):
            index.setdefault(stage.id, i)
        return index

    def touchpoint_map(self) -> dict[str, Touchpoint]:
        """Touchpoints by id (first definition wins for duplicates)."""
        return first_by_id(self.touchpoints)

    def touchpoints_by_stage(self) -> dict[str, list[Touchpoint]]:
        """Each stage id with its touchpoints, in stage order then document order."""
        grouped: dict[str, list[Touchpoint]] = {stage.id: [] for stage in self.stages}
        for tp in self.touchpoints:
            if tp.stage in grouped:
                grouped[tp.stage].append(tp)
        return grouped

    def entry_points(self) -> list[Touchpoint]:
        """Where customers start: touchpoints marked ``entry: true``, else those of the
        first stage that has any (JM104 and the event-log paths use it)."""
        marked = [tp for tp in self.touchpoints if tp.entry]
        if marked:
            return marked
        return next((tps for tps in self.touchpoints_by_stage().values() if tps), [])

    def metric_info(self, metric_id: str) -> MetricInfo | None:
        """What is known of a metric id: built in (with this journey's scale and better, where
        it changes them), or defined under ``metrics:``."""
        definition = self.metric_definitions().get(metric_id)
        builtin = BUILTIN_METRICS.get(metric_id)
        if builtin is not None:
            if definition is None:
                return builtin
            return dataclasses.replace(
                builtin,
                better=definition.better or builtin.better,
                high=definition.scale or builtin.high,
            )
        if definition is None:
            return None
        low, high = definition.range or (None, None)
        return MetricInfo(
            definition.id,
            definition.name or definition.id,
            definition.discipline,
            definition.unit or "",
            low,
            high,
            definition.better or "higher",
        )

    def metric_name(self, metric_id: str) -> str | None:
        """The name a metric id goes by (a custom metric's ``name``), or None when unknown:
        the fallback of :func:`journeymap.model.metrics.metric_label` for metrics it has no label of."""
        info = self.metric_info(metric_id)
        return info.name if info is not None else None

    def ces_scale(self, value: MetricValue | None = None) -> int:
        """The points of the CES scale: the value's own ``scale``, else the journey's (under
        ``metrics:``), else 7."""
        if value is not None and value.scale:
            return value.scale
        definition = self.metric_definitions().get("ces")
        return definition.scale if definition and definition.scale else DEFAULT_CES_SCALE

    def metric_definitions(self) -> dict[str, MetricDefinition]:
        """Custom metric definitions by id (first definition wins for duplicates)."""
        return first_by_id(self.metrics)

    def needs_service(self, stage: Stage) -> bool:
        """Whether customers need customer service in ``stage`` (JM201, JM204 and the
        report's verdict): a purchase or loyalty stage; in a service journey, a stage where
        the customer waits on the organisation (backstage work, or a flow's ``max_wait``)."""
        if self.kind == "service":
            return any(
                tp.backstage or any(flow.max_wait is not None for flow in tp.next or ())
                for tp in self.touchpoints
                if tp.stage == stage.id
            )
        return stage.canonical_phase in SERVICE_PHASES

    def reachable_service(self, stage_id: str) -> list[Touchpoint]:
        """The CS touchpoints customers reach in a stage: its own, then those ``available``
        from the whole journey (a hotline)."""
        found = [
            tp
            for tp in self.touchpoints
            if tp.owner == "CS" and (tp.stage == stage_id or tp.available == "journey")
        ]
        return sorted(found, key=lambda tp: tp.stage != stage_id)  # its own first

    def draws_blueprint(self) -> bool:
        """Whether the journey has any layer of a service blueprint (SPEC §11)."""
        return bool(self.teams or self.systems) or any(
            tp.backstage or tp.systems or tp.customer_action or tp.thinking or tp.evidence
            for tp in self.touchpoints
        )

    def team_map(self) -> dict[str, Team]:
        """The teams of the ``teams:`` library by id (first definition wins)."""
        return first_by_id(self.teams)

    def system_map(self) -> dict[str, System]:
        """The systems of the ``systems:`` library by id (first definition wins)."""
        return first_by_id(self.systems)

    def team_names(self) -> dict[str, str]:
        """Each library team's id with the name people know it by."""
        return {team_id: team.label for team_id, team in self.team_map().items()}

    def systems_of(
        self, touchpoint: Touchpoint, teams: Mapping[str, Team] | None = None
    ) -> list[str]:
        """The systems a touchpoint works with: its own, then its library team's (``teams``:
        the :meth:`team_map`, when the caller asks for many touchpoints)."""
        team = (self.team_map() if teams is None else teams).get(touchpoint.team or "")
        found = [*touchpoint.systems, *(team.systems if team else [])]
        return list(dict.fromkeys(found))

    def channel_names(self) -> dict[str, str | None]:
        """The declared channels: id → name (first definition wins for duplicates)."""
        result: dict[str, str | None] = {}
        for channel in self.channels:
            result.setdefault(channel.id, channel.name)
        return result

    def check_severity(self, code: str) -> SeveritySetting | None:
        """The severity ``checks:`` sets for a rule, if any."""
        setting = self.checks.get(code)
        return setting.severity if isinstance(setting, CheckSetting) else setting

    def check_threshold(self, code: str, name: str) -> float | None:
        """A threshold ``checks:`` sets for a rule (``min_cases``, ``min_share``), if any."""
        setting = self.checks.get(code)
        return getattr(setting, name) if isinstance(setting, CheckSetting) else None

    @property
    def graph(self) -> networkx.DiGraph:
        """A fresh ``networkx.DiGraph`` of the journey (see :func:`journeymap.model.graph.build_graph`)."""
        from .graph import build_graph

        return build_graph(self)


@functools.cache
def journey_schema() -> dict[str, Any]:
    """The JSON Schema of the journey file format, for editors and validators."""
    schema = Journey.model_json_schema()
    schema["required"] = sorted({*schema.get("required", []), "journeymap"})
    schema["title"] = "journeymap journey (format version 1)"
    return schema


__all__ = [
    "BackstageStep",
    "ChannelDefinition",
    "CustomerCounts",
    "Flow",
    "FlowEdge",
    "Journey",
    "MetricDefinition",
    "MetricValue",
    "Persona",
    "Stage",
    "System",
    "Team",
    "Touchpoint",
]
