"""The ``import`` and ``export`` commands: journeys to and from other tools' formats."""

from __future__ import annotations

from typing import Any

import click

from ..i18n import say
from . import pipeline
from .cli_options import (
    data_options,
    data_sources,
    echo,
    help_text,
    lang_option,
    output_option,
    owner_option,
    reported_errors,
)


@click.group("import", help=help_text("Turn diagrams from other tools into journeymap journeys."))
def import_group() -> None:
    """Import from other tools."""


@import_group.command(
    "mermaid",
    help=help_text(
        "Import a Mermaid journey diagram: sections become stages, tasks touchpoints.\n\n"
        "A task's score s (1-5) becomes the emotion s - 3, its actors become personas, "
        "title, accTitle and accDescr the title and description.",
        "journeymap import mermaid journey.mmd -o journey.yaml --owner CX",
    ),
)
@click.argument("source", metavar="IN.mmd")
@output_option("OUT", say("OUT.yaml or OUT.json; - for stdout."))
@owner_option(say("Owner of every imported touchpoint (Mermaid has no owners)."))
def import_mermaid(source: str, output: str, owner: str) -> None:
    """Import a Mermaid journey diagram."""
    with reported_errors():
        as_json = output.lower().endswith(".json")
        imported = pipeline.import_mermaid(source, owner=owner.upper(), as_json=as_json)
        for warning in imported.warnings:
            echo(warning, err=True)
        pipeline.write_output(output, imported)


@import_group.command(
    "events",
    help=help_text(
        "Discover a draft journey from an event log, for teams that have no map yet.\n\n"
        "A touchpoint per activity that at least the --min-share of the cases reach, in up "
        "to five stages by its median position in the paths; a flow for each step that at "
        "least that share of the cases leaving its source take; entries and exits where at "
        "least that share of the paths start and end. The draft has no unreachable "
        "touchpoint and no dead end. Where the log has a role column (role, org:role, team, "
        "org:group, or --columns role=COLUMN), it gives each touchpoint its team, and CS as "
        "owner where the role is customer service. Name the stages and set their phases and "
        "channels before you rely on it.",
        "journeymap import events crm-export.csv -o draft.yaml --min-share 10",
    ),
)
@click.argument("source", metavar="LOG")
@output_option("OUT", say("OUT.yaml or OUT.json; - for stdout."))
@click.option(
    "--min-share",
    type=click.FloatRange(0, 100),
    default=5.0,
    show_default=True,
    help=say("Percent of cases a step, start or end needs to be drawn."),
)
@owner_option(say("Owner of the discovered touchpoints that no customer-service role does."))
@lang_option
@data_options
def import_events(
    source: str, output: str, min_share: float, owner: str, lang: str | None, **data: Any
) -> None:
    """Discover a draft journey from an event log."""
    with reported_errors():
        draft = pipeline.import_events(
            source,
            data_sources(**data),
            min_share=min_share,
            owner=owner.upper(),
            as_json=output.lower().endswith(".json"),
            lang=lang,
        )
        pipeline.write_output(output, draft)


@click.group("export", help=help_text("Write journeys in the formats of other tools."))
def export_group() -> None:
    """Export to other tools."""


@export_group.command(
    "mermaid",
    help=help_text(
        "Export a journey as a Mermaid journey diagram.\n\n"
        "Stages become sections, touchpoints tasks with the score emotion + 3, personas "
        "actors. ':', ';' and '#' in labels become look-alike characters, since Mermaid "
        "cannot carry them. Owners, channels, metrics and flows have no Mermaid form.",
        "journeymap export mermaid examples/online-shop.yaml -o online-shop.mmd",
    ),
)
@click.argument("journey", metavar="JOURNEY")
@output_option("OUT.mmd", say("Where to write; - for stdout."))
def export_mermaid(journey: str, output: str) -> None:
    """Export a journey as a Mermaid journey diagram."""
    with reported_errors():
        pipeline.write_output(output, pipeline.export_mermaid(journey))
