"""The ``journeymap`` command line: a thin layer over the Python API.

Heavy modules (pydantic, networkx, …) are imported inside the commands, so
``journeymap --help`` starts in a fraction of the time a command needs.

Exit codes: 0 done, no error-level finding; 1 error-level findings (or any
finding with ``--strict``); 2 the input cannot be read or the command line is
wrong.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from .model import Journey

#: The finding formats of ``check`` (the modules of :mod:`journeymap.emitters`).
FINDING_FORMATS = ("text", "json", "github", "sarif")

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2
LANGUAGES = ("en", "de", "nl", "tr")


class InputFailure(click.ClickException):
    """Lines already formatted as ``FILE:LINE:COL: message``, exit code 2."""

    exit_code = EXIT_INPUT

    def __init__(self, lines: Sequence[str]) -> None:
        super().__init__("\n".join(lines))

    def show(self, file: Any = None) -> None:
        click.echo(self.message, err=True)


@contextmanager
def reported_errors() -> Iterator[None]:
    """Turn journeymap's own errors into clean messages and exit code 2."""
    from .errors import JourneymapError

    try:
        yield
    except JourneymapError as exc:
        raise InputFailure(exc.lines()) from None


def data_options(command: Any) -> Any:
    """``--responses``, ``--tickets`` and ``--skip-invalid``, for every command that reads a journey."""
    command = click.option(
        "--skip-invalid",
        is_flag=True,
        help="Leave out unusable data rows (and count them) instead of failing.",
    )(command)
    command = click.option(
        "--tickets",
        multiple=True,
        metavar="FILE",
        help="Helpdesk tickets (CSV, Parquet, JSON Lines); repeatable.",
    )(command)
    command = click.option(
        "--responses",
        multiple=True,
        metavar="FILE",
        help="Survey responses (CSV, Parquet, JSON Lines); repeatable.",
    )(command)
    return command


#: Options that several commands share, defined once.
lang_option = click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    help="Interface language (default: the journey's locale).",
)
report_engine_option = click.option(
    "--engine",
    type=click.Choice(["auto", "system", "embedded"]),
    default="auto",
    show_default=True,
    help="Graphviz engine for the flow diagram.",
)
compare_option = click.option(
    "--compare",
    metavar="OLD",
    help="Show the changes against OLD (e.g. the current state of a future-state journey).",
)


def load_measured(
    path: str, responses: Sequence[str], tickets: Sequence[str], skip_invalid: bool
) -> Journey:
    """Load a journey and, when data files are given, replace its metric values by measured ones."""
    if not responses and not tickets:
        from .loader import load

        return load(path)  # nothing to measure: the data readers need not even be imported
    from .data import load_measured as load_with_data

    journey, skipped_rows = load_with_data(path, responses, tickets, skip_invalid=skip_invalid)
    if skipped_rows:
        click.echo(f"warning: skipped {skipped_rows} unusable data row(s)", err=True)
    return journey


def _codes(values: Sequence[str]) -> list[str]:
    """``--select JM1,JM201 --select JM3`` → ``["JM1", "JM201", "JM3"]``."""
    return [code for value in values for code in value.split(",") if code.strip()]


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="journeymap", message="journeymap %(version)s")
def main() -> None:
    """Customer journey maps as code: model, check, measure and render CX/CS journeys.

    \b
    Start with:    journeymap init my-journey --lang en
    Check it with: journeymap check my-journey/journey.yaml
    """
    # The command line never uses pydantic plugins; skipping their discovery (a scan of
    # every installed distribution's metadata) saves time before the first model is built.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")


def run() -> None:
    """The ``journeymap`` executable: :func:`main` in a process of its own.

    A command is over in about a second and frees its objects by reference counting.
    The cyclic collector would only re-scan, again and again, the ~100,000 long-lived
    objects that importing pydantic creates, and scan them all once more when the
    interpreter exits: together 10-20 % of a whole render. So it is off while the
    command runs (``serve``, which runs for hours, turns it back on), and everything
    is frozen before the exit. Callers of :func:`main` in their own process keep
    their collector as it is.
    """
    gc.disable()
    try:
        main()
    finally:
        gc.freeze()


@main.command()
@click.argument("journeys", nargs=-1, metavar="JOURNEY...")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FINDING_FORMATS),
    default="text",
    show_default=True,
    help="text for people, json for scripts, github for Actions annotations, sarif for code scanning.",
)
@click.option(
    "--select", multiple=True, metavar="CODES", help="Only these codes or prefixes (JM1,JM201)."
)
@click.option("--ignore", multiple=True, metavar="CODES", help="Skip these codes or prefixes.")
@click.option("--strict", is_flag=True, help="Exit 1 on any finding, not only on errors.")
@click.option("--summary", is_flag=True, help="Also print the CS coverage summary of each journey.")
@click.option("--explain", metavar="CODE", help="Print the documentation of a rule and exit.")
@data_options
def check(
    journeys: tuple[str, ...],
    output_format: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    strict: bool,
    summary: bool,
    explain: str | None,
    responses: tuple[str, ...],
    tickets: tuple[str, ...],
    skip_invalid: bool,
) -> None:
    """Check journeys like a linter and report findings with stable codes.

    \b
    Examples:
      journeymap check examples/*.yaml --ignore JM206 --format json
      journeymap check journey.yaml --strict --summary
      journeymap check --explain JM201
      journeymap check shop.yaml --responses survey.csv --tickets tickets.parquet
    """
    from .checks import check as run_checks
    from .checks import select_rules
    from .coverage import coverage_table
    from .emitters import emitter
    from .errors import JourneymapError
    from .findings import Severity

    if explain:
        _explain(explain)
        return
    if not journeys:
        raise click.UsageError("give at least one JOURNEY file (or --explain CODE)")
    with reported_errors():
        select_rules(_codes(select), _codes(ignore))  # a wrong selector is a usage error (exit 2)
    findings = []
    summaries = []
    failed_to_load: list[str] = []
    for path in journeys:
        try:
            journey = load_measured(path, responses, tickets, skip_invalid)
        except JourneymapError as exc:
            failed_to_load.extend(exc.lines())
            continue
        findings.extend(run_checks(journey, select=_codes(select), ignore=_codes(ignore)))
        summaries.append(coverage_table(journey))
    if summaries:
        click.echo(emitter(output_format)(findings), nl=False)
        if summary:
            # Machine formats own stdout; the human summary goes to stderr beside them.
            click.echo("\n".join(summaries), nl=False, err=output_format != "text")
    if failed_to_load:
        raise InputFailure(failed_to_load)
    worst = max((f.severity for f in findings), default=None)
    if worst is not None and (strict or worst >= Severity.ERROR):
        sys.exit(EXIT_FINDINGS)


def _explain(code: str) -> None:
    from .rules import RULES, explain

    if code.upper() not in RULES:
        raise click.BadParameter(
            f"no rule {code!r}; known: {', '.join(sorted(RULES))}", param_hint="--explain"
        )
    click.echo(explain(code), nl=False)


@main.command()
@click.argument("journey", metavar="JOURNEY")
@click.option(
    "-o",
    "--output",
    required=True,
    metavar="OUT",
    help="OUT.svg, .png, .pdf or .dot; - for stdout.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["svg", "png", "pdf", "dot"]),
    help="Output format (default: from the extension of OUT).",
)
@click.option(
    "--engine",
    type=click.Choice(["auto", "system", "embedded"]),
    default="auto",
    show_default=True,
    help="system: Graphviz 'dot'; embedded: built in (SVG, PNG); auto: system if installed.",
)
@click.option(
    "--lanes",
    type=click.Choice(["none", "owner"]),
    default="none",
    show_default=True,
    help="owner: CX and CS touchpoints in separate rows within each stage.",
)
@data_options
def render(
    journey: str,
    output: str,
    output_format: str | None,
    engine: str,
    lanes: str,
    responses: tuple[str, ...],
    tickets: tuple[str, ...],
    skip_invalid: bool,
) -> None:
    """Draw the journey as a diagram for workshops (SVG, PNG, PDF or DOT).

    \b
    Examples:
      journeymap render examples/online-shop.yaml -o map.svg
      journeymap render journey.yaml -o map.png --lanes owner --engine embedded
    """
    from .engines import render as render_diagram
    from .io import atomic_write

    chosen = output_format or _format_from_extension(output, ("svg", "png", "pdf", "dot"))
    with reported_errors():
        measured = load_measured(journey, responses, tickets, skip_invalid)
        atomic_write(output, render_diagram(measured, chosen, engine=engine, lanes=lanes))  # type: ignore[arg-type]


def _format_from_extension(output: str, formats: Sequence[str]) -> str:
    extension = output.rsplit(".", 1)[-1].lower() if "." in output else ""
    if extension not in formats:
        raise click.BadParameter(
            f"cannot tell the format from {output!r}: use a name ending in "
            f"{', '.join('.' + f for f in formats)}, or --format",
            param_hint="-o/--output",
        )
    return extension


@main.command()
@click.argument("journey", metavar="JOURNEY")
@click.option(
    "-o",
    "--output",
    required=True,
    metavar="OUT.html",
    help="Where to write the report; - for stdout.",
)
@lang_option
@click.option(
    "--templates",
    type=click.Path(file_okay=False, exists=True),
    help="A folder whose templates replace the built-in ones of the same name.",
)
@click.option(
    "--timestamp",
    is_flag=True,
    help="Print the time of generation (makes the output differ per run).",
)
@report_engine_option
@compare_option
@data_options
def report(
    journey: str,
    output: str,
    lang: str | None,
    templates: str | None,
    timestamp: bool,
    engine: str,
    compare: str | None,
    responses: tuple[str, ...],
    tickets: tuple[str, ...],
    skip_invalid: bool,
) -> None:
    """Write a self-contained HTML report to share after a workshop.

    One file with no network requests: the journey grid with its emotion curve,
    the flow diagram, metric tables with rollups, the CS coverage matrix and the
    findings. Printable on A3 landscape.

    \b
    Examples:
      journeymap report examples/online-shop.yaml -o report.html
      journeymap report journey.yaml -o report.html --lang tr --responses survey.csv
      journeymap report future.yaml --compare current.yaml -o changes.html
    """
    import datetime

    from .html_report import report as build_report
    from .io import atomic_write

    with reported_errors():
        measured = load_measured(journey, responses, tickets, skip_invalid)
        stamp = (
            datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
            if timestamp
            else None
        )
        previous = load_measured(compare, responses, tickets, skip_invalid) if compare else None
        html = build_report(
            measured, lang, templates=templates, timestamp=stamp, engine=engine, compare=previous
        )
        atomic_write(output, html)


@main.command()
@click.argument("journey", metavar="JOURNEY")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="table for people, json for scripts.",
)
@click.option("-o", "--output", default="-", metavar="OUT", help="Write here instead of stdout.")
@data_options
def metrics(
    journey: str,
    output_format: str,
    output: str,
    responses: tuple[str, ...],
    tickets: tuple[str, ...],
    skip_invalid: bool,
) -> None:
    """Compute CSAT, NPS, CES, FRT, ART and resolution rate from raw data files.

    Per touchpoint, and pooled per stage, per owner (CX, CS) and for the journey,
    with sample sizes and 95 % confidence intervals for CSAT and NPS.

    \b
    Example:
      journeymap metrics shop.yaml --responses survey.csv --tickets tickets.parquet --format json
    """
    import json

    from .data import read_data
    from .io import atomic_write
    from .loader import load
    from .measure import summarise, summary_table

    if not responses and not tickets:
        raise click.UsageError("give at least one --responses or --tickets file")
    with reported_errors():
        loaded = load(journey)
        measurements = read_data(loaded, responses, tickets, skip_invalid=skip_invalid)
        summary = summarise(loaded, measurements)
        if measurements.skipped_rows:
            click.echo(
                f"warning: skipped {measurements.skipped_rows} unusable data row(s)", err=True
            )
        if output_format == "json":
            text = json.dumps(summary.to_dict(), ensure_ascii=False, indent=2) + "\n"
        else:
            text = summary_table(loaded, summary)
        atomic_write(output, text)


@main.command()
def schema() -> None:
    """Print the JSON Schema of the journey file format.

    \b
    Use it for editor completion, e.g. in VS Code with the YAML extension:
      journeymap schema > journey.schema.json
      # and as the first line of a journey file:
      # yaml-language-server: $schema=journey.schema.json
    """
    import json

    from .model import journey_schema

    click.echo(json.dumps(journey_schema(), ensure_ascii=False, indent=2))


@main.command()
@click.argument("directory", default=".", type=click.Path(file_okay=False))
@click.option(
    "--template",
    type=click.Choice(["starter", "minimal"]),
    default="starter",
    show_default=True,
    help="starter: a small complete journey; minimal: five stages, few touchpoints, no metrics.",
)
@click.option("--lang", type=click.Choice(LANGUAGES), default="en", show_default=True)
@click.option("--force", is_flag=True, help="Overwrite an existing journey.yaml.")
def init(directory: str, template: str, lang: str, force: bool) -> None:
    """Write a starter journey.yaml (and its JSON Schema) into DIRECTORY.

    \b
    Example:
      journeymap init shop-journey --lang de
    """
    import json
    from pathlib import Path

    import yaml

    from .io import atomic_write
    from .model import journey_schema
    from .starter import starter_journey

    folder = Path(directory)
    target = folder / "journey.yaml"
    if target.exists() and not force:
        raise InputFailure([f"{target}: already exists; use --force to overwrite it"])
    with reported_errors():
        folder.mkdir(parents=True, exist_ok=True)
        data = starter_journey(lang, template)
        text = "# yaml-language-server: $schema=journey.schema.json\n" + yaml.safe_dump(
            data, sort_keys=False, allow_unicode=True, width=100
        )
        atomic_write(
            str(folder / "journey.schema.json"), json.dumps(journey_schema(), indent=2) + "\n"
        )
        atomic_write(str(target), text)
    click.echo(f"Wrote {target}. Next: journeymap check {target}")


@main.group("import")
def import_group() -> None:
    """Turn diagrams from other tools into journeymap journeys."""


@import_group.command("mermaid")
@click.argument("source", metavar="IN.mmd")
@click.option(
    "-o", "--output", default="-", metavar="OUT", help="OUT.yaml or OUT.json; - for stdout."
)
@click.option(
    "--owner",
    type=click.Choice(["CX", "CS"], case_sensitive=False),
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
    from .io import atomic_write
    from .loader import dumps
    from .mermaid import load as load_mermaid

    with reported_errors():
        journey, warnings = load_mermaid(source, owner=owner.upper())
        for warning in warnings:
            click.echo(str(warning), err=True)
        as_json = output.lower().endswith(".json")
        atomic_write(output, dumps(journey, format="json" if as_json else "yaml"))


@main.group("export")
def export_group() -> None:
    """Write journeys in the formats of other tools."""


@export_group.command("mermaid")
@click.argument("journey", metavar="JOURNEY")
@click.option(
    "-o", "--output", default="-", metavar="OUT.mmd", help="Where to write; - for stdout."
)
def export_mermaid(journey: str, output: str) -> None:
    """Export a journey as a Mermaid journey diagram.

    Stages become sections, touchpoints tasks with the score emotion + 3, personas
    actors. ':', ';' and '#' in labels become look-alike characters, since Mermaid
    cannot carry them. Owners, channels, metrics and flows have no Mermaid form.

    \b
    Example:
      journeymap export mermaid examples/online-shop.yaml -o online-shop.mmd
    """
    from .io import atomic_write
    from .loader import load
    from .mermaid import dumps as dump_mermaid

    with reported_errors():
        atomic_write(output, dump_mermaid(load(journey)))


@main.command("diff")
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people, json for scripts.",
)
@data_options
def diff_command(
    old: str,
    new: str,
    output_format: str,
    responses: tuple[str, ...],
    tickets: tuple[str, ...],
    skip_invalid: bool,
) -> None:
    """Show what changes between two journeys, e.g. the current and the future state.

    Matched by id: stages and touchpoints added, removed, renamed or moved;
    owner, channel and emotion changes; flows added and removed; metric values
    and targets; findings introduced and resolved. Exits 0 when the journeys are
    the same, 1 when they differ (like diff), 2 when one cannot be read.

    \b
    Examples:
      journeymap diff examples/saas-onboarding.yaml examples/saas-onboarding-future.yaml
      journeymap diff v1.yaml v2.yaml --format json
    """
    from .diff import diff, format_json, format_text

    with reported_errors():
        before = load_measured(old, responses, tickets, skip_invalid)
        after = load_measured(new, responses, tickets, skip_invalid)
    changes = diff(before, after)
    formatter = format_json if output_format == "json" else format_text
    click.echo(formatter(changes, old, new), nl=False)
    if changes:
        sys.exit(EXIT_FINDINGS)


@main.command()
@click.argument("journey", metavar="JOURNEY")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8765,
    show_default=True,
    help="0 picks a free port.",
)
@lang_option
@compare_option
@report_engine_option
@data_options
def serve(
    journey: str,
    port: int,
    lang: str | None,
    compare: str | None,
    engine: str,
    responses: tuple[str, ...],
    tickets: tuple[str, ...],
    skip_invalid: bool,
) -> None:
    """Preview the HTML report live in a browser while you edit the journey.

    Serves the report on 127.0.0.1 only and reloads the open page within a
    second of the journey file (or a data file) changing. A broken edit shows
    its error above the last good version. Stop with Ctrl+C.

    \b
    Example:
      journeymap serve examples/online-shop.yaml --port 8765
    """
    from .serve import PreviewServer, report_preview

    gc.enable()  # a long-running process: see run()

    preview = report_preview(
        journey,
        lang=lang,
        responses=responses,
        tickets=tickets,
        skip_invalid=skip_invalid,
        compare=compare,
        engine=engine,
    )

    def tell(rebuilt: Any) -> None:
        if rebuilt.error:
            click.echo(rebuilt.error, err=True)
        else:
            click.echo(f"updated ({journey})", err=True)

    with reported_errors():
        server = PreviewServer(preview, port, on_rebuild=tell)
    preview.refresh()
    if preview.error:
        click.echo(preview.error, err=True)
    click.echo(f"Serving the report of {journey} at {server.url} (Ctrl+C to stop)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("stopped", err=True)
