"""The ``journeymap`` command line: a thin layer over :mod:`journeymap.app.pipeline`.

Each command builds its arguments, calls one pipeline function, prints what it
returns and maps :class:`~journeymap.errors.JourneymapError` to exit code 2.
Heavy modules (pydantic, networkx, …) are imported inside the commands, so
``journeymap --help`` starts in a fraction of the time a command needs.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import sys
from typing import Any, Literal, get_args

import click

from ..checks.emitters import FORMATS as FINDING_FORMATS
from ..i18n import say, speaking, text
from ..renderers.options import DIAGRAM_FORMATS, FITS, LANES, SPLITS
from . import pipeline, portfolio_outputs
from .cli_options import (
    EXIT_INTERRUPTED,
    INTERRUPTED,
    InputFailure,
    Interrupted,
    compare_option,
    data_options,
    data_sources,
    echo,
    engine_option,
    events_option,
    format_from_extension,
    format_option,
    help_text,
    interrupt,
    lang_option,
    output_option,
    overlay_option,
    reported_errors,
    segment_option,
    select_codes,
    warn,
)

#: How ``metrics`` and ``diff`` print: for people, or for scripts.
TableFormat = Literal["table", "json"]
DiffFormat = Literal["text", "json"]
ActionsFormat = Literal["table", "csv", "xlsx", "json"]
#: The most paths ``--top`` lists: beyond any log, and within the engine's LIMIT.
MAX_TOP = 2**62


@click.group(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    help=help_text(
        "Customer journey maps as code: model, check, measure and render CX/CS journeys.",
        "journeymap init my-journey --lang en\njourneymap check my-journey/journey.yaml",
    ),
)
@click.version_option(package_name="journeymap", message="journeymap %(version)s")
def main() -> None:
    """The ``journeymap`` command group."""
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
        echo(say("interrupted"), err=True)
        sys.exit(EXIT_INTERRUPTED)
    except Exception:
        if not INTERRUPTED.is_set():
            raise
        echo(say("interrupted"), err=True)  # an engine stopped its query at the key
        sys.exit(EXIT_INTERRUPTED)
    finally:
        gc.freeze()


@main.command(
    help=help_text(
        "Check journeys like a linter and report findings with stable codes.",
        "journeymap check examples/*.yaml --ignore JM206 --format json\n"
        "journeymap check journey.yaml --strict --summary\n"
        "journeymap check --explain JM201\n"
        "journeymap check shop.yaml --responses survey.csv --tickets tickets.parquet",
    )
)
@click.argument("journeys", nargs=-1, metavar="JOURNEY...")
@format_option(
    FINDING_FORMATS,
    "text",
    say(
        "text for people, json for scripts, github for Actions annotations, sarif for code scanning."
    ),
)
@click.option(
    "--select",
    multiple=True,
    metavar="CODES",
    help=say("Only these codes or prefixes (JM1,JM201)."),
)
@click.option("--ignore", multiple=True, metavar="CODES", help=say("Skip these codes or prefixes."))
@click.option("--strict", is_flag=True, help=say("Exit 1 on any finding, not only on errors."))
@click.option(
    "--summary", is_flag=True, help=say("Also print the CS coverage summary of each journey.")
)
@click.option("--explain", metavar="CODE", help=say("Print the documentation of a rule and exit."))
@events_option(
    say("An event log: also judge the journey against what customers did (JM401-JM406).")
)
@segment_option
@lang_option
@data_options
def check(
    journeys: tuple[str, ...],
    output_format: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    strict: bool,
    summary: bool,
    explain: str | None,
    lang: str | None,
    **data: Any,
) -> None:
    """Check journeys like a linter (the help text is :func:`help_text`'s)."""
    from ..checks.emitters import emitter

    if explain:
        _explain(explain)
        return
    if not journeys:
        raise click.UsageError(say("give at least one JOURNEY file (or --explain CODE)"))
    sources = data_sources(**data)
    with reported_errors():
        run = pipeline.check_files(
            journeys,
            sources,
            select=select_codes(select),
            ignore=select_codes(ignore),
            lang=lang,
        )
    warn(run.warnings)
    if run.checked:
        echo(emitter(output_format)(run.findings, run.language(lang)), nl=False)
        if summary:
            # Machine formats own stdout; the human summary goes to stderr beside them.
            echo("\n".join(run.summaries(lang)), nl=False, err=output_format != "text")
    if run.load_errors:
        raise InputFailure(run.load_errors)
    sys.exit(run.exit_code(strict))


def _explain(code: str) -> None:
    from ..checks.codes import RULES
    from ..checks.docs import explain

    if code.upper() not in RULES:
        raise click.BadParameter(
            say(
                "no rule %(code)s; known: %(codes)s",
                code=repr(code),
                codes=", ".join(sorted(RULES)),
            ),
            param_hint="--explain",
        )
    echo(explain(code, speaking()), nl=False)


@main.command(
    help=help_text(
        "Draw the journey map for a workshop: a grid of stages and lanes (SVG, PNG, PDF, DOT).",
        "journeymap render examples/online-shop.yaml -o map.png\n"
        "journeymap render journey.yaml -o map.pdf --fit a3 --split stage\n"
        "journeymap render journey.yaml -o anna.svg --persona anna --lanes channel",
    )
)
@click.argument("journey", metavar="JOURNEY")
@output_option(
    "OUT",
    say("OUT.svg, .png, .pdf or .dot, or OUT.pptx for a deck of editable slides; - for stdout."),
    required=True,
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(DIAGRAM_FORMATS),
    help=say("Output format (default: from the extension of OUT)."),
)
@engine_option
@click.option(
    "--lanes",
    type=click.Choice(LANES),
    default="owner",
    show_default=True,
    help=say(
        "The rows of cards: CX above CS (owner), one per channel or persona, one (none), or "
        "the layers of a service blueprint (blueprint)."
    ),
)
@click.option(
    "--fit",
    type=click.Choice(FITS),
    help=say(
        "The shape to fill: a screen (16:9, 4:3) or paper (a4, a3, landscape); "
        "none draws the map at its natural size. Default: 16:9 for PNG and PDF, none otherwise."
    ),
)
@click.option(
    "--split",
    type=click.Choice(SPLITS),
    default="none",
    show_default=True,
    help=say("stage: one page per stage (pages of one PDF; OUT-1.svg, OUT-2.svg, … otherwise)."),
)
@click.option(
    "--persona", metavar="ID", help=say("Only this persona's touchpoints, flows and curve.")
)
@overlay_option
@segment_option
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
    """Draw the journey map."""
    chosen = output_format or format_from_extension(output, DIAGRAM_FORMATS)
    # A split PDF is one file with a page per stage, and a deck one slide per stage.
    one_file = split == "none" or chosen in ("pdf", "pptx")
    if not one_file and output == "-":
        raise click.BadParameter(
            say("--split stage writes one file per stage: name a file"), param_hint="-o/--output"
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


@main.command(
    help=help_text(
        "Write a self-contained HTML report to share after a workshop.\n\n"
        "One file with no network requests: the journey grid with its emotion curve, the "
        "journey map, metric tables with rollups, the CS coverage matrix and the findings. "
        "Printable on A3 landscape.",
        "journeymap report examples/online-shop.yaml -o report.html\n"
        "journeymap report journey.yaml -o report.html --lang tr --responses survey.csv\n"
        "journeymap report future.yaml --compare current.yaml -o changes.html",
    )
)
@click.argument("journey", metavar="JOURNEY")
@output_option("OUT.html", say("Where to write the report; - for stdout."), required=True)
@lang_option
@click.option(
    "--templates",
    type=click.Path(file_okay=False, exists=True),
    help=say("A folder whose templates replace the built-in ones of the same name."),
)
@click.option(
    "--timestamp",
    is_flag=True,
    help=say("Print the time of generation (makes the output differ per run)."),
)
@engine_option
@compare_option
@overlay_option
@segment_option
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
    """Write the HTML report."""
    import datetime

    stamp = None
    if timestamp:
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    sources = data_sources(**data)
    if pipeline.is_portfolio(journey):
        with reported_errors():
            pages = portfolio_outputs.build_portfolio_report(
                journey, output, sources, lang=lang, templates=templates, timestamp=stamp,
                engine=engine,
            )  # fmt: skip
            warn([warning for _path, page in pages for warning in page.warnings])
            pipeline.write_outputs(pages)
        return
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


@main.command(
    help=help_text(
        "Measure what customers actually did: the journey's paths in an event log.\n\n"
        "Each row of the log is an event: a case, an activity and a timestamp (the XES names "
        "case:concept:name, concept:name and time:timestamp are recognised). An activity "
        "means the touchpoint that lists it under events:, or whose id or name it is. Shows "
        "cases, drop-offs, repeat visits, every flow taken (designed or not, with median and "
        "p90 durations) and the most taken paths.",
        "journeymap paths claims.yaml --events crm-export.csv\n"
        "journeymap paths claims.yaml --events log.parquet --format json --top 20\n"
        "journeymap paths claims.yaml --events crm-export.csv --segment channel",
    )
)
@click.argument("journey", metavar="JOURNEY")
@events_option(
    say("The event log: a CSV, Parquet, JSON Lines or XES file, or a table."), required=True
)
@format_option(get_args(TableFormat), "table", say("table for people, json for scripts."))
@click.option(
    "--top",
    type=click.IntRange(min=0, max=MAX_TOP),
    default=10,
    show_default=True,
    help=say("How many of the most taken paths to list."),
)
@segment_option
@output_option("OUT", say("Write here instead of stdout."))
@lang_option
@data_options
def paths(
    journey: str,
    events: str,
    output_format: str,
    top: int,
    segment: str | None,
    output: str,
    lang: str | None,
    **data: Any,
) -> None:
    """Measure a journey's paths from an event log."""
    if data["responses"] or data["tickets"] or data["skip_invalid"]:
        # Taken, as every command that reads a journey takes them (SPEC §5), but said.
        warn(
            [
                say(
                    "paths reads only the event log: --responses, --tickets and --skip-invalid are left unused"
                )
            ]
        )
    with reported_errors():
        measured = pipeline.measure_paths(
            journey,
            events,
            data_sources(**data, events=events),
            top=top,
            as_json=output_format == "json",
            lang=lang,
            segment=segment,
        )
        warn(measured.warnings)
        pipeline.write_output(output, measured)


@main.command(
    help=help_text(
        "List the actions of one or many journeys: the backlog a workshop leaves behind.\n\n"
        "Every opportunity is an action; one written as {text, owner, priority, due, status} "
        "says who does what by when. Sorted by what is still to do, priority and due date. "
        "CSV and XLSX open in spreadsheets, in the journeys' language (CSV with the "
        "locale's separator and a byte-order mark); JSON is for scripts and importers.",
        "journeymap actions examples/*.yaml\n"
        "journeymap actions shop.yaml claims.yaml --format xlsx -o backlog.xlsx",
    )
)
@click.argument("journeys", nargs=-1, required=True, metavar="JOURNEY...")
@format_option(
    get_args(ActionsFormat),
    "table",
    say("table for people, csv or xlsx for spreadsheets, json for scripts."),
)
@output_option("OUT", say("Write here instead of stdout."))
@lang_option
def actions(journeys: tuple[str, ...], output_format: str, output: str, lang: str | None) -> None:
    """List the actions of journeys."""
    with reported_errors():
        backlog = pipeline.export_actions(journeys, output_format=output_format, lang=lang)
        pipeline.write_output(output, backlog)


@main.command(
    help=help_text(
        "Compute CSAT, NPS, CES, FRT, ART and resolution rate from raw data files.\n\n"
        "Per touchpoint, and pooled per stage, per owner (CX, CS) and for the journey, with "
        "sample sizes and confidence intervals (95%) for CSAT and NPS.",
        "journeymap metrics shop.yaml --responses survey.csv --tickets tickets.parquet "
        "--format json\n"
        "journeymap metrics shop.yaml --responses survey.csv --since 2026-01-01 --update",
    )
)
@click.argument("journey", metavar="JOURNEY")
@format_option(get_args(TableFormat), "table", say("table for people, json for scripts."))
@output_option("OUT", say("Write here instead of stdout."))
@click.option(
    "--update",
    is_flag=True,
    help=say(
        "Also write the measured values and n into JOURNEY (the rest of the file stays as written)."
    ),
)
@lang_option
@data_options
def metrics(
    journey: str,
    output_format: str,
    output: str,
    update: bool,
    lang: str | None,
    **data: Any,
) -> None:
    """Compute metrics from raw data files."""
    sources = data_sources(**data)
    if not sources:
        raise click.UsageError(say("give at least one --responses or --tickets file"))
    with reported_errors():
        table = pipeline.metrics_report(
            journey, sources, as_json=output_format == "json", lang=lang
        )
        warn(table.warnings)
        if update:
            pipeline.write_output(journey, pipeline.update_metrics(journey, sources))
            echo(say("updated the measured values in %(file)s", file=journey), err=True)
        pipeline.write_output(output, table)


@main.command(
    "diff",
    help=help_text(
        "Show what changes between two journeys, e.g. the current and the future state.\n\n"
        "Matched by id: stages and touchpoints added, removed, renamed or moved; owner, "
        "channel and emotion changes; flows added and removed; metric values and targets; "
        "findings introduced and resolved. Exits 0 when the journeys are the same, 1 when "
        "they differ (like diff), 2 when one cannot be read.",
        "journeymap diff examples/saas-onboarding.yaml examples/saas-onboarding-future.yaml\n"
        "journeymap diff v1.yaml v2.yaml --format json",
    ),
)
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW")
@format_option(get_args(DiffFormat), "text", say("text for people, json for scripts."))
@lang_option
@data_options
def diff_command(
    old: str,
    new: str,
    output_format: str,
    lang: str | None,
    **data: Any,
) -> None:
    """Show what changes between two journeys."""
    with reported_errors():
        if pipeline.is_portfolio(old) and pipeline.is_portfolio(new):
            data_sources(**data)  # checked, though a portfolio names its own data
            shown, changed = portfolio_outputs.compare_portfolios(
                old, new, lang=lang, as_json=output_format == "json"
            )
        else:
            shown, changed = pipeline.compare_files(
                old, new, data_sources(**data), lang=lang, as_json=output_format == "json"
            )
    warn(shown.warnings)
    echo(str(shown.content), nl=False)
    sys.exit(pipeline.EXIT_FINDINGS if changed else pipeline.EXIT_OK)


@main.command(
    help=help_text(
        "Preview the HTML report live in a browser while you edit the journey; with --edit, "
        "a board the whole room edits together.\n\n"
        "Serves on 127.0.0.1 unless --host says otherwise and updates the open pages within "
        "a second of the journey file (or a data file) changing. A broken edit shows its "
        "error above the last good version. With --edit, every open board edits the file "
        "(names, pain points, ideas, emotions, targets; cards added, removed and dragged "
        "between stages and lanes) and sees the others' edits; /present shows one stage per "
        "screen. Stop with Ctrl+C.",
        "journeymap serve examples/online-shop.yaml --port 8765\n"
        "journeymap serve examples/online-shop.yaml --edit\n"
        "journeymap serve journey.yaml --edit --host 0.0.0.0   # the room's laptops join",
    )
)
@click.argument("journey", metavar="JOURNEY")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8765,
    show_default=True,
    help=say("0 picks a free port."),
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help=say(
        "The address to listen on; any other than the loopback needs the printed token for "
        "every request."
    ),
)
@click.option("--edit", is_flag=True, help=say("Serve the board that edits the journey file."))
@lang_option
@compare_option
@engine_option
@overlay_option
@segment_option
@data_options
def serve(
    journey: str,
    port: int,
    host: str,
    edit: bool,
    lang: str | None,
    compare: str | None,
    engine: Any,
    **data: Any,
) -> None:
    """Preview the report live, or serve the board."""
    from .serve import Preview, PreviewServer, portfolio_preview, report_preview

    gc.enable()  # a long-running process: see run()
    sources = data_sources(**data)
    if edit:
        _serve_board(journey, port, host, lang)
        return
    if pipeline.is_portfolio(journey):
        with reported_errors():
            pipeline.refuse_data(journey, sources)
        preview = portfolio_preview(journey, lang=lang, engine=engine)
    else:
        preview = report_preview(journey, data=sources, lang=lang, compare=compare, engine=engine)
    # The console speaks the report's language; a rebuild is told from the watcher's
    # thread, where no --lang of this one is known.
    language = lang or _declared_locale(preview.journey) or speaking()

    def tell(rebuilt: Preview) -> None:
        echo(rebuilt.error or text(language, "updated (%(file)s)", file=journey), err=True)
        warn(rebuilt.warnings if not rebuilt.error else [])

    with reported_errors():
        server = PreviewServer(preview, port, on_rebuild=tell, host=host)
    preview.refresh()
    if preview.error:
        echo(preview.error, err=True)
    warn(preview.warnings)
    echo(
        text(
            language,
            "Serving the report of %(file)s at %(url)s (Ctrl+C to stop)",
            file=journey,
            url=server.url,
        ),
        err=True,
    )
    with contextlib.suppress(KeyboardInterrupt, Interrupted):  # Ctrl+C is how a preview ends
        server.serve_forever()
    echo(text(language, "stopped"), err=True)


def _serve_board(journey: str, port: int, host: str, lang: str | None) -> None:
    """``serve --edit``: the board of one journey file, or of each journey of a portfolio."""
    from ..formats.source import portfolio_file
    from .board_server import BoardServer, PortfolioBoardServer

    portfolio = portfolio_file(journey)
    language = lang or _declared_locale(portfolio or journey) or speaking()
    server: BoardServer | PortfolioBoardServer
    with reported_errors():
        if portfolio is not None:
            server = PortfolioBoardServer(journey, port=port, host=host, lang=lang)
        else:
            server = BoardServer(journey, port=port, host=host, lang=lang)
    echo(
        text(
            language,
            "Serving the board of %(file)s at %(url)s (Ctrl+C to stop)",
            file=journey,
            url=server.url,
        ),
        err=True,
    )
    echo(text(language, "Token for scripts: %(token)s", token=server.access.token), err=True)
    with contextlib.suppress(KeyboardInterrupt, Interrupted):
        server.serve_forever()
    echo(text(language, "stopped"), err=True)


def _declared_locale(path: str) -> str | None:
    """The ``locale:`` a journey file says, without loading it (None: unreadable, or none)."""
    from ..formats.source import declared_locale

    try:
        with open(path, encoding="utf-8", errors="replace") as stream:
            return declared_locale(stream.read(1 << 16))
    except OSError:
        return None


# Commands that help write journeys, and imports and exports, live in modules of their own.
from .cli_authoring import init, schema  # noqa: E402
from .cli_interop import export_group, import_group  # noqa: E402

for command in (init, schema, import_group, export_group):
    main.add_command(command)
