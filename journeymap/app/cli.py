"""The ``journeymap`` command line: a thin layer over :mod:`journeymap.app.pipeline`.

Each command builds its arguments, calls one pipeline function, prints what it
returns and maps :class:`~journeymap.errors.JourneymapError` to exit code 2.
Heavy modules (pydantic, networkx, …) are imported inside the commands, so
``journeymap --help`` starts in a fraction of the time a command needs.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
from typing import Any, Literal, get_args

import click

from ..checks.emitters import FORMATS as FINDING_FORMATS
from ..renderers.options import DIAGRAM_FORMATS, FITS, LANES, SPLITS
from . import pipeline
from .cli_options import (
    EXIT_INTERRUPTED,
    InputFailure,
    Interrupted,
    compare_option,
    data_options,
    data_sources,
    echo,
    engine_option,
    format_from_extension,
    format_option,
    interrupt,
    lang_option,
    output_option,
    reported_errors,
    select_codes,
    warn,
)

#: How ``metrics`` and ``diff`` print: for people, or for scripts.
TableFormat = Literal["table", "json"]
DiffFormat = Literal["text", "json"]


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

    Ctrl+C ends a command with exit code 130, as shells expect of an interrupted
    program (click alone would say "Aborted!" and exit 1, the code of error findings);
    an output being written is left as it was, with no temporary file behind.
    """
    gc.disable()
    signal.signal(signal.SIGINT, interrupt)
    try:
        main()
    except Interrupted:
        echo("interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
    finally:
        gc.freeze()


@main.command()
@click.argument("journeys", nargs=-1, metavar="JOURNEY...")
@format_option(
    FINDING_FORMATS,
    "text",
    "text for people, json for scripts, github for Actions annotations, sarif for code scanning.",
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
    **data: Any,
) -> None:
    """Check journeys like a linter and report findings with stable codes.

    \b
    Examples:
      journeymap check examples/*.yaml --ignore JM206 --format json
      journeymap check journey.yaml --strict --summary
      journeymap check --explain JM201
      journeymap check shop.yaml --responses survey.csv --tickets tickets.parquet
    """
    from ..checks.emitters import emitter

    if explain:
        _explain(explain)
        return
    if not journeys:
        raise click.UsageError("give at least one JOURNEY file (or --explain CODE)")
    sources = data_sources(**data)
    with reported_errors():
        run = pipeline.check_files(
            journeys, sources, select=select_codes(select), ignore=select_codes(ignore)
        )
    warn(run.warnings)
    if run.checked:
        echo(emitter(output_format)(run.findings), nl=False)
        if summary:
            # Machine formats own stdout; the human summary goes to stderr beside them.
            echo("\n".join(run.summaries), nl=False, err=output_format != "text")
    if run.load_errors:
        raise InputFailure(run.load_errors)
    sys.exit(run.exit_code(strict))


def _explain(code: str) -> None:
    from ..checks.codes import RULES
    from ..checks.docs import explain

    if code.upper() not in RULES:
        raise click.BadParameter(
            f"no rule {code!r}; known: {', '.join(sorted(RULES))}", param_hint="--explain"
        )
    echo(explain(code), nl=False)


@main.command()
@click.argument("journey", metavar="JOURNEY")
@output_option("OUT", "OUT.svg, .png, .pdf or .dot; - for stdout.", required=True)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(DIAGRAM_FORMATS),
    help="Output format (default: from the extension of OUT).",
)
@engine_option
@click.option(
    "--lanes",
    type=click.Choice(LANES),
    default="owner",
    show_default=True,
    help="The rows of cards: CX above CS (owner), one per channel or persona, or one (none).",
)
@click.option(
    "--fit",
    type=click.Choice(FITS),
    help="The shape to fill: a screen (16:9, 4:3) or paper (a4, a3, landscape); "
    "none draws the map at its natural size. Default: 16:9 for PNG and PDF, none otherwise.",
)
@click.option(
    "--split",
    type=click.Choice(SPLITS),
    default="none",
    show_default=True,
    help="stage: one page per stage (pages of one PDF; OUT-1.svg, OUT-2.svg, … otherwise).",
)
@click.option("--persona", metavar="ID", help="Only this persona's touchpoints, flows and curve.")
@data_options
def render(
    journey: str,
    output: str,
    output_format: Any,
    engine: Any,
    lanes: Any,
    fit: Any,
    split: str,
    persona: str | None,
    **data: Any,
) -> None:
    """Draw the journey map for a workshop: a grid of stages and lanes (SVG, PNG, PDF, DOT).

    \b
    Examples:
      journeymap render examples/online-shop.yaml -o map.png
      journeymap render journey.yaml -o map.pdf --fit a3 --split stage
      journeymap render journey.yaml -o anna.svg --persona anna --lanes channel
    """
    chosen = output_format or format_from_extension(output, DIAGRAM_FORMATS)
    one_file = split == "none" or chosen == "pdf"  # a split PDF is one file with a page per stage
    if not one_file and output == "-":
        raise click.BadParameter(
            "--split stage writes one file per stage: name a file", param_hint="-o/--output"
        )
    sources = data_sources(**data)
    options = {"engine": engine, "lanes": lanes, "fit": fit, "persona": persona, "split": split}
    with reported_errors():
        drawings = pipeline.render_diagram(journey, chosen, sources, **options)
        warn(drawings[0].warnings)
        names = [output] if one_file else numbered_files(output, len(drawings))
        for name, drawing in zip(names, drawings, strict=True):
            pipeline.write_output(name, drawing)


def numbered_files(output: str, count: int) -> list[str]:
    """``map.png`` → ``map-1.png``, ``map-2.png``, …: one file per stage."""
    stem, extension = os.path.splitext(output)
    return [f"{stem}-{number}{extension}" for number in range(1, count + 1)]


@main.command()
@click.argument("journey", metavar="JOURNEY")
@output_option("OUT.html", "Where to write the report; - for stdout.", required=True)
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
@engine_option
@compare_option
@data_options
def report(
    journey: str,
    output: str,
    lang: str | None,
    templates: str | None,
    timestamp: bool,
    engine: Any,
    compare: str | None,
    **data: Any,
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

    stamp = None
    if timestamp:
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    sources = data_sources(**data)
    with reported_errors():
        html = pipeline.build_report(
            journey,
            sources,
            lang=lang,
            templates=templates,
            timestamp=stamp,
            engine=engine,
            compare=compare,
        )
        warn(html.warnings)
        pipeline.write_output(output, html)


@main.command()
@click.argument("journey", metavar="JOURNEY")
@format_option(get_args(TableFormat), "table", "table for people, json for scripts.")
@output_option("OUT", "Write here instead of stdout.")
@click.option(
    "--update",
    is_flag=True,
    help="Also write the measured values and n into JOURNEY (the rest of the file stays as written).",
)
@data_options
def metrics(
    journey: str,
    output_format: str,
    output: str,
    update: bool,
    **data: Any,
) -> None:
    """Compute CSAT, NPS, CES, FRT, ART and resolution rate from raw data files.

    Per touchpoint, and pooled per stage, per owner (CX, CS) and for the journey,
    with sample sizes and 95 % confidence intervals for CSAT and NPS.

    \b
    Example:
      journeymap metrics shop.yaml --responses survey.csv --tickets tickets.parquet --format json
      journeymap metrics shop.yaml --responses survey.csv --since 2026-01-01 --update
    """
    sources = data_sources(**data)
    if not sources:
        raise click.UsageError("give at least one --responses or --tickets file")
    with reported_errors():
        table = pipeline.metrics_report(journey, sources, as_json=output_format == "json")
        warn(table.warnings)
        if update:
            pipeline.write_output(journey, pipeline.update_metrics(journey, sources))
            echo(f"updated the measured values in {journey}", err=True)
        pipeline.write_output(output, table)


@main.command("diff")
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW")
@format_option(get_args(DiffFormat), "text", "text for people, json for scripts.")
@data_options
def diff_command(
    old: str,
    new: str,
    output_format: str,
    **data: Any,
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
    from ..renderers.text import diff_json, diff_text

    with reported_errors():
        changes, warnings = pipeline.compare_files(old, new, data_sources(**data))
    warn(warnings)
    formatter = diff_json if output_format == "json" else diff_text
    echo(formatter(changes, old, new), nl=False)
    sys.exit(pipeline.EXIT_FINDINGS if changes else pipeline.EXIT_OK)


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
@engine_option
@data_options
def serve(
    journey: str,
    port: int,
    lang: str | None,
    compare: str | None,
    engine: Any,
    **data: Any,
) -> None:
    """Preview the HTML report live in a browser while you edit the journey.

    Serves the report on 127.0.0.1 only and reloads the open page within a
    second of the journey file (or a data file) changing. A broken edit shows
    its error above the last good version. Stop with Ctrl+C.

    \b
    Example:
      journeymap serve examples/online-shop.yaml --port 8765
    """
    from .serve import Preview, PreviewServer, report_preview

    gc.enable()  # a long-running process: see run()
    sources = data_sources(**data)
    preview = report_preview(journey, data=sources, lang=lang, compare=compare, engine=engine)

    def tell(rebuilt: Preview) -> None:
        echo(rebuilt.error or f"updated ({journey})", err=True)
        warn(rebuilt.warnings if not rebuilt.error else [])

    with reported_errors():
        server = PreviewServer(preview, port, on_rebuild=tell)
    preview.refresh()
    if preview.error:
        echo(preview.error, err=True)
    warn(preview.warnings)
    echo(f"Serving the report of {journey} at {server.url} (Ctrl+C to stop)", err=True)
    try:
        server.serve_forever()
    except (KeyboardInterrupt, Interrupted):  # Ctrl+C is how a preview ends
        echo("stopped", err=True)


# Commands that help write journeys, and imports and exports, live in modules of their own.
from .cli_authoring import init, schema  # noqa: E402
from .cli_interop import export_group, import_group  # noqa: E402

for command in (init, schema, import_group, export_group):
    main.add_command(command)
