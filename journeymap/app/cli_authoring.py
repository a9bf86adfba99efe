"""Commands that help write journeys: ``init`` (a starter journey) and ``schema``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from ..i18n import LANGUAGES, say, text
from .cli_options import echo, help_text, reported_errors
from .starter import TEMPLATES


@click.command(
    help=help_text(
        "Print the JSON Schema of the journey file format (or of a portfolio's "
        "journeymap.yaml, or of its library).\n\nUse it for editor completion, "
        "e.g. in VS Code with the YAML extension, with this as the first line of a journey "
        "file: # yaml-language-server: $schema=journey.schema.json",
        "journeymap schema > journey.schema.json\n"
        "journeymap schema portfolio > portfolio.schema.json",
    )
)
@click.argument("kind", type=click.Choice(["journey", "portfolio", "library"]), default="journey")
def schema(kind: str) -> None:
    """Print the JSON Schema."""
    import json

    from ..model.journey import journey_schema
    from ..model.portfolio import library_schema, portfolio_schema

    made: dict[str, Callable[[], dict[str, Any]]] = {
        "journey": journey_schema,
        "portfolio": portfolio_schema,
        "library": library_schema,
    }
    echo(json.dumps(made[kind](), ensure_ascii=False, indent=2))


@click.command(
    help=help_text(
        "Write a starter journey.yaml (and its JSON Schema) into DIRECTORY.",
        "journeymap init shop-journey --lang de",
    )
)
@click.argument("directory", default=".", type=click.Path(file_okay=False))
@click.option(
    "--template",
    type=click.Choice(TEMPLATES),
    default="starter",
    show_default=True,
    help=say(
        "starter: a small complete journey; minimal: five stages, few touchpoints, no "
        "metrics; blueprint: a service journey (a claim) with teams, systems and the work "
        "behind the counter."
    ),
)
@click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True)
@click.option("--force", is_flag=True, help=say("Overwrite an existing journey.yaml."))
def init(directory: str, template: str, lang: str, force: bool) -> None:
    """Write a starter journey."""
    from pathlib import Path

    from .starter import write_starter

    with reported_errors():
        target = write_starter(Path(directory), template=template, lang=lang, force=force)
    echo(text(lang, "Wrote %(file)s. Next: journeymap check %(file)s", file=target))
