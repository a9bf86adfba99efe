"""The ``import`` and ``export`` commands: journeys to and from other tools' formats."""

from __future__ import annotations

import click

from ..i18n import say
from ..model.vocabulary import OWNERS
from . import pipeline
from .cli_options import echo, help_text, output_option, reported_errors


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
@click.option(
    "--owner",
    type=click.Choice(OWNERS, case_sensitive=False),
    default="CX",
    show_default=True,
    help=say("Owner of every imported touchpoint (Mermaid has no owners)."),
)
def import_mermaid(source: str, output: str, owner: str) -> None:
    """Import a Mermaid journey diagram."""
    with reported_errors():
        as_json = output.lower().endswith(".json")
        imported = pipeline.import_mermaid(source, owner=owner.upper(), as_json=as_json)
        for warning in imported.warnings:
            echo(warning, err=True)
        pipeline.write_output(output, imported)


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
