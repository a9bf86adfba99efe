"""The layers of a service blueprint (SPEC §11): the organisation's teams and systems, and
the work behind a touchpoint that the customer does not see."""

from __future__ import annotations

from pydantic import Field

from .base import EMPTY_LIST, SECONDS_SCHEMA, FormatModel, Seconds, Slug, empty_list


class Team(FormatModel):
    """A team of the organisation (SPEC §11), referenced by id from touchpoints and
    backstage steps; the systems it works in."""

    id: Slug
    name: str | None = None
    systems: list[str] = Field(default_factory=empty_list, json_schema_extra=EMPTY_LIST)

    @property
    def label(self) -> str:
        return self.name or self.id


class System(FormatModel):
    """A support system (a CRM, a case system), referenced by id."""

    id: Slug
    name: str | None = None
    description: str | None = None

    @property
    def label(self) -> str:
        return self.name or self.id


class BackstageStep(FormatModel):
    """Work behind a touchpoint that the customer does not see (SPEC §11)."""

    id: Slug
    name: str | None = None
    team: str | None = None
    systems: list[str] = Field(default_factory=empty_list, json_schema_extra=EMPTY_LIST)
    max_wait: Seconds = Field(
        default=None,
        ge=0,
        description="How long the customer may wait on this work, in seconds (or a "
        "duration: 90s, 45m, 2h, 2d).",
        json_schema_extra=SECONDS_SCHEMA,
    )
    events: list[str] = Field(
        default_factory=empty_list,
        json_schema_extra={
            **EMPTY_LIST,
            "description": "Event-log activities that mean this work: the wait on it is "
            "measured from the customer's last touchpoint before it.",
        },
    )

    @property
    def label(self) -> str:
        return self.name or self.id
