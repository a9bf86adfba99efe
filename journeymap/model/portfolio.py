"""A portfolio (SPEC §12): a folder of journeys with a ``journeymap.yaml`` that lists them,
their levels, parents, owners and review dates, and a library of personas, teams,
systems and channels that every journey uses by id."""

from __future__ import annotations

import datetime
from typing import Any, Literal

from pydantic import Field, field_validator

from ..i18n import LANGUAGES, Language
from .base import EMPTY_LIST, FormatModel, Slug, empty_list
from .blueprint import System, Team
from .journey import ChannelDefinition, IsoDate, Persona, spoken
from .vocabulary import LIBRARY_COLLECTIONS, PORTFOLIO_FILE

__all__ = ["LIBRARY_COLLECTIONS", "PORTFOLIO_FILE", "Library", "Portfolio", "PortfolioJourney"]


#: 0: the customer lifecycle; 1: a journey; 2: a sub-journey detailing one stage.
Level = Literal[0, 1, 2]


class Library(FormatModel):
    """What the journeys of a portfolio share by id, defined once."""

    journeymap: Literal[1] = Field(default=1, description="Format version; must be 1.")
    title: str | None = None
    personas: list[Persona] = Field(default_factory=empty_list, json_schema_extra=EMPTY_LIST)
    teams: list[Team] = Field(default_factory=empty_list, json_schema_extra=EMPTY_LIST)
    systems: list[System] = Field(default_factory=empty_list, json_schema_extra=EMPTY_LIST)
    channels: list[ChannelDefinition] = Field(
        default_factory=empty_list, json_schema_extra=EMPTY_LIST
    )

    def ids(self, collection: str) -> list[str]:
        """The ids the library defines in one of :data:`LIBRARY_COLLECTIONS`, in order."""
        elements: list[Persona] | list[Team] | list[System] | list[ChannelDefinition]
        elements = getattr(self, collection)
        return [element.id for element in elements]


class PortfolioJourney(FormatModel):
    """One journey of a portfolio: its file, where it sits and who keeps it."""

    file: str = Field(min_length=1, description="The journey's file, relative to the folder.")
    level: Level = Field(
        default=1, description="0: the customer lifecycle, 1: a journey, 2: a sub-journey."
    )
    parent: Slug | None = Field(default=None, description="The id of the journey above it.")
    expands: Slug | None = Field(
        default=None, description="The parent's stage that this journey details."
    )
    owner: str | None = Field(default=None, description="Who keeps the journey up to date.")
    review_by: IsoDate | None = Field(
        default=None, description="The day by which the journey is looked at again."
    )
    events: str | None = Field(
        default=None, description="The journey's event log (a file or a table), if any."
    )
    responses: list[str] = Field(default_factory=empty_list, json_schema_extra=EMPTY_LIST)
    tickets: list[str] = Field(default_factory=empty_list, json_schema_extra=EMPTY_LIST)

    @property
    def file_name(self) -> str:
        """The journey's file without folder and extension: what names the journey while
        its file cannot be read."""
        return self.file.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]

    def stale(self, today: datetime.date) -> bool:
        """True when its review date has passed."""
        return self.review_by is not None and self.review_by < today


class Portfolio(FormatModel):
    """The ``journeymap.yaml`` of a folder of journeys."""

    journeymap: Literal[1] = Field(default=1, description="Format version; must be 1.")
    id: Slug
    title: str
    description: str | None = None
    locale: Language = Field(default="en", json_schema_extra={"enum": list(LANGUAGES)})
    library: str | None = Field(
        default=None, description="The library file, relative to the folder."
    )
    journeys: list[PortfolioJourney] = Field(min_length=1)

    _spoken = field_validator("locale")(spoken)


def portfolio_schema() -> dict[str, Any]:
    """The JSON Schema of a portfolio's ``journeymap.yaml``."""
    schema = Portfolio.model_json_schema()
    schema["required"] = sorted({*schema.get("required", []), "journeymap"})
    schema["title"] = "journeymap portfolio (format version 1)"
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def library_schema() -> dict[str, Any]:
    """The JSON Schema of a portfolio's library file."""
    schema = Library.model_json_schema()
    schema["required"] = sorted({*schema.get("required", []), "journeymap"})
    schema["title"] = "journeymap library (format version 1)"
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
