"""The ``import`` and ``export`` commands: journeys to and from other tools' formats."""

from __future__ import annotations

import click

from ..model.vocabulary import OWNERS
from . import pipeline
from .cli_options import echo, output_option, reported_errors


@click.group("import")
def import_group() -> None:
    """Turn diagrams from other tools into journeymap journeys."""


@import_group.command("mermaid")
@click.argument("source", metavar="IN.mmd")
@output_option("OUT", "OUT.yaml or OUT.json; - for stdout.")
@click.option(
    "--owner",
    type=click.Choice(OWNERS, case_sensitive=False),
    default="CX",
    show_default=True,
    help="Owner of every imported touchpoint (Mermaid has no owners).",
)
def import_mermaid(source: str, output: str, owner: str) -> None:
    """Import a Mermaid journey diagram: sections become stages, tasks touchpoints.

    A task's score s (1-5) becomes the emotion s - 3, its actors become personas,
    title, accTitle and accDescr the title and description.

    \b
    Example:
      journeymap import mermaid journey.mmd -o journey.yaml --owner CX
    """
    with reported_errors():
        as_json = output.lower().endswith(".json")
        imported = pipeline.import_mermaid(source, owner=owner.upper(), as_json=as_json)
        for warning in imported.warnings:
            echo(warning, err=True)
        pipeline.write_output(output, imported)


@click.group("export")
def export_group() -> None:
    """Write journeys in the formats of other tools."""


@export_group.command("mermaid")
@click.argument("journey", metavar="JOURNEY")
@output_option("OUT.mmd", "Where to write; - for stdout.")
def export_mermaid(journey: str, output: str) -> None:
    """Export a journey as a Mermaid journey diagram.

    Stages become sections, touchpoints tasks with the score emotion + 3, personas
    actors. ':', ';' and '#' in labels become look-alike characters, since Mermaid
    cannot carry them. Owners, channels, metrics and flows have no Mermaid form.

    \b
    Example:
      journeymap export mermaid examples/online-shop.yaml -o online-shop.mmd
    """
    with reported_errors():
        pipeline.write_output(output, pipeline.export_mermaid(journey))
