"""Options and error handling that the commands of :mod:`journeymap.app.cli` share."""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

import click

from ..i18n import LANGUAGES, choose_language, forget_language, say
from ..renderers.options import ENGINES
from ..safe_text import escape_controls
from .pipeline import EXIT_INPUT, DataSources

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T", bound=str)
#: What a click option returns: a decorator that keeps the function's type.
Decorator = Callable[[F], F]


#: The exit code of a command interrupted with Ctrl+C (128 + SIGINT), as shells use it.
EXIT_INTERRUPTED = 130


class Interrupted(BaseException):
    """Ctrl+C, raised past click, which would turn a KeyboardInterrupt into exit code 1."""


#: Set by Ctrl+C.  An engine busy in a query (DuckDB) ends it with an error of its own
#: ("Query interrupted"); whatever error follows the key, the command was interrupted.
INTERRUPTED = threading.Event()


def interrupt(signum: int, frame: Any) -> None:
    INTERRUPTED.set()
    raise Interrupted


class InputFailure(click.ClickException):
    """Lines already formatted as ``FILE:LINE:COL: message``, exit code 2."""

    exit_code = EXIT_INPUT

    def __init__(self, lines: Sequence[str]) -> None:
        super().__init__("\n".join(lines))

    def show(self, file: Any = None) -> None:
        echo(self.message, err=True)


def help_text(description: str, examples: str = "") -> str:
    """A command's help in the environment's language: the description, then its examples
    (command lines, which stay as they are)."""
    parts = [say(description)]
    if examples:
        lines = "\n".join(f"  {line}" for line in examples.splitlines())
        heading = say("Examples:")
        parts.append(f"\b\n{heading}\n{lines}")
    return "\n\n".join(parts)


def echo(text: str, *, err: bool = False, nl: bool = True) -> None:
    """Print text with its control characters escaped (user text reaches the terminal here)."""
    click.echo(escape_controls(text), err=err, nl=nl)


@contextmanager
def reported_errors() -> Iterator[None]:
    """Turn journeymap's own errors into clean messages and exit code 2."""
    from ..errors import JourneymapError

    try:
        yield
    except JourneymapError as exc:
        if INTERRUPTED.is_set():  # the engine's "Query interrupted", said as a read error
            raise Interrupted from None
        raise InputFailure(exc.lines()) from None


def warn(warnings: Sequence[str]) -> None:
    for warning in warnings:
        echo(say("warning: %(warning)s", warning=warning), err=True)


def data_options(command: F) -> F:
    """``--responses``, ``--tickets`` and ``--skip-invalid``, for every command that reads a journey."""
    options = [
        click.option(
            "--responses",
            multiple=True,
            metavar="SRC",
            help=say(
                "Survey responses: a CSV, Parquet or JSON Lines file, or a table such as "
                "postgres://host/db?table=survey; repeatable."
            ),
        ),
        click.option(
            "--tickets",
            multiple=True,
            metavar="SRC",
            help=say("Helpdesk tickets: a file or a table, as --responses; repeatable."),
        ),
        click.option(
            "--skip-invalid",
            is_flag=True,
            help=say("Leave out unusable data rows (and count them) instead of failing."),
        ),
        click.option(
            "--columns",
            multiple=True,
            metavar="NAME=COLUMN,…",
            help=say(
                "The data's own column names, e.g. touchpoint=tp_id,metric=kind,score=answer."
            ),
        ),
        click.option(
            "--since",
            type=click.DateTime(formats=["%Y-%m-%d"]),
            metavar="YYYY-MM-DD",
            help=say("Use only data from this day on (response timestamp, ticket creation)."),
        ),
        click.option(
            "--until",
            type=click.DateTime(formats=["%Y-%m-%d"]),
            metavar="YYYY-MM-DD",
            help=say("Use only data up to and including this day."),
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def data_sources(
    responses: Sequence[str],
    tickets: Sequence[str],
    skip_invalid: bool,
    since: datetime.datetime | None,
    until: datetime.datetime | None,
    columns: Sequence[str] = (),
    events: str | None = None,
    segment: str | None = None,
) -> DataSources:
    """The data options of a command (its ``**data`` keyword arguments) as data sources."""
    mapping: dict[str, str] = {}
    if columns:  # the data layer is imported where data is named: `check` mostly has none
        from ..measure.sources import SourceError, parse_columns

        try:
            mapping = parse_columns(list(columns))
        except SourceError as exc:
            raise click.BadParameter(str(exc), param_hint="--columns") from None
    first, last = (day.date() if day else None for day in (since, until))
    if first and last and first > last:
        raise click.BadParameter(
            say("--since %(first)s is after --until %(last)s", first=first, last=last),
            param_hint="--since/--until",
        )
    if (first or last) and not (responses or tickets or events):
        raise click.UsageError(
            say("--since/--until choose data: give --responses, --tickets or --events too")
        )
    if segment and not events:
        raise click.UsageError(say("--segment sorts the cases of an event log: give --events too"))
    return DataSources(
        tuple(responses), tuple(tickets), skip_invalid, first, last, tuple(mapping.items()),
        events, segment,
    )  # fmt: skip


def events_option(help: str, *, required: bool = False) -> Decorator[Any]:
    """``--events SRC``: an event log of what customers actually did."""
    return click.option("--events", metavar="SRC", required=required, help=help)


def _chosen_language(ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """``--lang`` speaks for the whole command, its load errors included; forgotten when
    the command ends (a test runner calls many in one process)."""
    if value:
        token = choose_language(value)
        ctx.call_on_close(lambda: forget_language(token))
    return value


lang_option = click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    callback=_chosen_language,
    is_eager=True,
    help=say("Interface language (default: the journey's locale)."),
)
engine_option = click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default="auto",
    show_default=True,
    help=say("system: Graphviz 'dot'; embedded: built in (SVG, PNG); auto: system if installed."),
)
overlay_option = events_option(
    say(
        "An event log: draw what customers actually did over the design (cases per flow, "
        "undesigned steps, drop-offs, repeat visits)."
    )
)
segment_option = click.option(
    "--segment",
    metavar="COLUMN",
    help=say(
        "A column of the log that sorts cases into groups (a first-contact channel, a "
        "product): the figures of each of its values too, side by side."
    ),
)
compare_option = click.option(
    "--compare",
    metavar="OLD",
    help=say("Show the changes against OLD (e.g. the current state of a future-state journey)."),
)


def output_option(metavar: str, help: str, *, required: bool = False) -> Decorator[Any]:
    """``-o/--output``: where a command writes (``-`` is standard output)."""
    if required:
        return click.option("-o", "--output", required=True, metavar=metavar, help=help)
    return click.option("-o", "--output", default="-", metavar=metavar, help=help)


def owner_option(help: str) -> Decorator[Any]:
    """``--owner CX|CS`` for imports, whose sources know no owners."""
    from ..model.vocabulary import OWNERS

    return click.option(
        "--owner",
        type=click.Choice(OWNERS, case_sensitive=False),
        default="CX",
        show_default=True,
        help=help,
    )


def format_option(choices: tuple[str, ...], default: str, help: str) -> Decorator[Any]:
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(choices),
        default=default,
        show_default=True,
        help=help,
    )


def select_codes(values: Sequence[str]) -> list[str]:
    """``--select JM1,JM201 --select JM3`` → ``["JM1", "JM201", "JM3"]``."""
    return [code for value in values for code in value.split(",") if code.strip()]


def format_from_extension(output: str, formats: tuple[T, ...]) -> T:
    """The output format named by the extension of ``output``; a usage error when there is none."""
    extension = output.rsplit(".", 1)[-1].lower() if "." in output else ""
    for known in formats:
        if known == extension:
            return known
    raise click.BadParameter(
        say(
            "cannot tell the format from %(name)s: use a name ending in %(endings)s, or --format",
            name=repr(output),
            endings=", ".join("." + f for f in formats),
        ),
        param_hint="-o/--output",
    )
