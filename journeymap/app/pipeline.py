"""The one application pipeline: load → measure → check → render, with the warnings on the way.

The command line and the live preview are thin layers over these functions: they
build the arguments, call one of them, print what it returns and map
:class:`~journeymap.errors.JourneymapError` to exit code 2.  Heavy modules are
imported inside the functions that need them, so ``journeymap --help`` stays fast.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..analysis.assessed import Assessed
    from ..analysis.portfolio import AssessedPortfolio
    from ..checks.findings import Finding
    from ..formats.loader import Document
    from ..measure.api import MeasuredJourney
    from ..model.journey import Journey
    from ..model.observed import Paths
    from ..model.portfolio import Library, PortfolioJourney
    from ..renderers.options import DiagramFormat, EngineName, Fit, Lanes, Split

#: Exit codes (SPEC §5): done; error-level findings (any with --strict); unusable input.
EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2


@dataclass(frozen=True)
class DataSources:
    """Raw data that replaces typed metric values: survey responses and helpdesk tickets."""

    responses: Sequence[str] = ()
    tickets: Sequence[str] = ()
    skip_invalid: bool = False  # leave unusable rows out (and count them) instead of failing
    since: datetime.date | None = None  # the first day whose data count
    until: datetime.date | None = None  # the last day whose data count
    columns: tuple[tuple[str, str], ...] = ()  # (name journeymap reads, the data's column)
    events: str | None = None  # an event log: what customers actually did (SPEC §9)
    segment: str | None = None  # a column of the log whose values the paths are compared by

    def __bool__(self) -> bool:
        """True when there are metrics to measure (survey responses or tickets)."""
        return bool(self.responses or self.tickets)

    @property
    def files(self) -> list[str]:
        """The data files (not tables): an output may not overwrite them."""
        sources = (*self.responses, *self.tickets, *([self.events] if self.events else []))
        if not sources:
            return []  # without data (as `check` mostly runs) the data layer is not imported
        from ..measure.sources import is_table

        return [source for source in sources if not is_table(source)]


NO_DATA = DataSources()


@dataclass
class Loaded:
    """A journey read from its file and assessed (measured when data was given, judged
    against an event log when one was), and the warnings that loading it produced."""

    assessed: Assessed
    warnings: list[str] = field(default_factory=list)

    @property
    def journey(self) -> Journey:
        return self.assessed.journey


def measure(journey: Journey, data: DataSources) -> tuple[MeasuredJourney, list[str]]:
    """The journey measured from the data sources; the warnings say what was skipped."""
    from ..i18n import plural
    from ..measure.api import measure
    from .progress import terminal_progress

    measured = measure(
        journey,
        responses=data.responses,
        tickets=data.tickets,
        skip_invalid=data.skip_invalid,
        since=data.since,
        until=data.until,
        columns=dict(data.columns),
        progress=terminal_progress(),
    )
    warnings = []
    if measured.skipped_rows:
        warnings.append(
            plural(
                journey.locale,
                "skipped %(count)s unusable data row",
                "skipped %(count)s unusable data rows",
                measured.skipped_rows,
            )
        )
    return measured, warnings


def load_journey(
    path: str,
    data: DataSources = NO_DATA,
    *,
    lang: str | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
) -> Loaded:
    """Read a journey file and assess it: with data files, measured metric values replace
    the typed ones; with an event log, the paths its customers took are known too."""
    from ..formats.loader import read

    return _assessed(read(path), data, lang=lang, select=select, ignore=ignore)


def _assessed(
    document: Document,
    data: DataSources,
    *,
    lang: str | None,
    select: Sequence[str],
    ignore: Sequence[str],
) -> Loaded:
    from ..analysis.assessed import assess

    measured, warnings = measure(document.journey, data) if data else (None, [])
    observed = (
        _read_paths(document.journey, data.events, data, segment=data.segment)
        if data.events
        else None
    )
    assessed = assess(
        document, measured=measured, observed=observed, lang=lang, select=select, ignore=ignore
    )
    return Loaded(assessed, warnings + (observed.notes if observed else []))


# --------------------------------------------------------------------------- portfolio


def is_portfolio(path: str) -> bool:
    """True when ``path`` is a portfolio: a folder with a journeymap.yaml, or that file."""
    from ..formats.source import portfolio_file

    return portfolio_file(path) is not None


def current_day() -> datetime.date:
    """The day review dates are judged by: today, or the day of ``SOURCE_DATE_EPOCH``
    when set (the reproducible-builds convention), so that outputs can be reproduced."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date()
    return datetime.date.today()


def load_portfolio(
    path: str,
    data: DataSources = NO_DATA,
    *,
    lang: str | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    today: datetime.date | None = None,
    parallel: bool = False,
) -> tuple[AssessedPortfolio, list[str]]:
    """Read a portfolio and assess each of its journeys with its library and the data its
    entry names (``data`` gives the period, the column names and ``--skip-invalid``); a
    journey that cannot be loaded is reported, the others still assessed.  And the
    warnings on the way.  ``parallel`` (the command line's choice) lets a large portfolio
    use worker processes (see :mod:`.parallel`)."""
    portfolio, warnings, _reports = portfolio_work(
        path, data, lang=lang, select=select, ignore=ignore, today=today, parallel=parallel
    )
    return portfolio, warnings


#: How a journey's report is made: its templates folder, timestamp and engine.
ReportOptions = tuple[str | None, str | None, "EngineName"]


def portfolio_work(
    path: str,
    data: DataSources,
    *,
    lang: str | None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    today: datetime.date | None = None,
    reports: ReportOptions | None = None,
    parallel: bool = False,
) -> tuple[AssessedPortfolio, list[str], list[str | None]]:
    """The portfolio assessed, the warnings, and (with ``reports``) each journey's report:
    every journey's whole work done in one job, so a large portfolio spreads it over the
    cores once."""
    from ..analysis.portfolio import AssessedPortfolio, Member
    from ..formats.portfolio import read_portfolio
    from .parallel import map_jobs

    refuse_data(path, data)
    document = read_portfolio(path)
    entries = list(document.entries())
    jobs = [
        (
            file,
            document.library,
            entry_data(document.folder, entry, data),
            lang,
            select,
            ignore,
            reports,
        )
        for _index, entry, file in entries
    ]
    size = sum(_size(file) for *_, file in entries)
    results = map_jobs(_assess_journey, jobs, size=size, parallel=parallel)
    members, warnings, problems, pages = [], [], [], []
    for (index, entry, file), (journey, said, errors, page) in zip(entries, results, strict=True):
        members.append(Member(index, entry, file, journey))
        warnings += said
        problems += errors
        pages.append(page)
    portfolio = AssessedPortfolio(
        document,
        tuple(members),
        today or current_day(),
        lang,
        tuple(select),
        tuple(ignore),
        tuple(problems),
    )
    return portfolio, warnings, pages


#: What a worker needs to assess one journey of a portfolio: its file, the library, its
#: data, the language and rules of the run, and how to make its report (if it is made).
AssessJob = tuple[
    str, "Library | None", DataSources, str | None, Sequence[str], Sequence[str],
    ReportOptions | None,
]  # fmt: skip


def _assess_journey(
    job: AssessJob,
) -> tuple[Assessed | None, list[str], list[str], str | None]:
    """One journey of a portfolio read and assessed, its findings made, and its report
    when asked for (in the worker, so that the cores share that work too); or the lines
    of why it cannot be loaded."""
    from ..errors import JourneymapError
    from ..formats.loader import read
    from ..renderers.html import report

    file, library, data, lang, select, ignore, reports = job
    try:
        loaded = _assessed(
            read(file, library=library), data, lang=lang, select=select, ignore=ignore
        )
    except JourneymapError as exc:
        return None, [], exc.lines(), None
    assessed = loaded.assessed
    _ = assessed.findings
    page = None
    if reports is not None:
        templates, timestamp, engine = reports
        page = report(assessed, lang, templates=templates, timestamp=timestamp, engine=engine)
    return assessed, loaded.warnings, [], page


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def assess_portfolio(
    path: str,
    *,
    lang: str | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    today: datetime.date | None = None,
) -> AssessedPortfolio:
    """A portfolio (a folder with a journeymap.yaml, or that file) with every journey
    assessed with its library and data; review dates judged by ``today`` (default: the
    current day).  Journeys that cannot be loaded are in its ``load_errors``::

        folder = jm.assess_portfolio("examples/groene-stroom")
        folder.findings, folder.backlog, folder.heatmap
    """
    return load_portfolio(path, lang=lang, select=select, ignore=ignore, today=today)[0]


def refuse_data(path: str, data: DataSources) -> None:
    """A portfolio names each journey's data itself: data given beside it is an error."""
    from ..errors import ConfigError
    from ..i18n import say

    if data or data.events:
        raise ConfigError(
            say(
                "%(path)s is a portfolio: it names each journey's data in journeymap.yaml "
                "(events:, responses:, tickets:)",
                path=path,
            )
        )


def entry_data(folder: str, entry: PortfolioJourney, data: DataSources) -> DataSources:
    """The data sources a portfolio entry names, relative to the portfolio's folder."""
    import dataclasses

    from ..measure.sources import is_table

    def located(source: str) -> str:
        return source if is_table(source) else os.path.join(folder, source)

    return dataclasses.replace(
        data,
        responses=tuple(located(source) for source in entry.responses),
        tickets=tuple(located(source) for source in entry.tickets),
        events=located(entry.events) if entry.events else None,
    )


# --------------------------------------------------------------------------- check


@dataclass
class CheckRun:
    """The outcome of checking several journey files."""

    findings: list[Finding] = field(default_factory=list)
    assessed: list[Assessed] = field(default_factory=list)  # each journey checked
    load_errors: list[str] = field(default_factory=list)  # FILE:LINE:COL lines
    warnings: list[str] = field(default_factory=list)
    locales: set[str] = field(default_factory=set)  # the languages of the journeys checked

    def language(self, chosen: str | None = None) -> str:
        """The language of what belongs to the whole run (the summary line): ``chosen``,
        else the one language of all its journeys, else the environment's."""
        from ..i18n import environment_language

        if chosen:
            return chosen
        return next(iter(self.locales)) if len(self.locales) == 1 else environment_language()

    @property
    def checked(self) -> int:
        return len(self.assessed)

    def summaries(self, lang: str | None = None) -> list[str]:
        """The coverage table of each journey (``check --summary``), made when asked for;
        with ``--events --segment``, its paths per segment after it."""
        from ..renderers.text import coverage_table, segments_table

        return [
            coverage_table(assessed, lang)
            + (
                segments_table(assessed.journey, assessed.observed, lang)
                if assessed.observed
                else ""
            )
            for assessed in self.assessed
        ]

    def exit_code(self, strict: bool = False) -> int:
        """2 when a file could not be loaded, else 1 for error-level findings (any with strict)."""
        from ..checks.findings import Severity

        if self.load_errors:
            return EXIT_INPUT
        worst = max((f.severity for f in self.findings), default=None)
        if worst is not None and (strict or worst >= Severity.ERROR):
            return EXIT_FINDINGS
        return EXIT_OK


def check_files(
    paths: Sequence[str],
    data: DataSources = NO_DATA,
    *,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    lang: str | None = None,
) -> CheckRun:
    """Check every journey; a file that cannot be loaded is reported, the others still
    checked.  With an event log in ``data``, the rules about what customers actually
    did (JM401–JM406) judge each journey against it."""
    from ..checks.runner import select_rules
    from ..errors import JourneymapError

    select_rules(select, ignore)  # a wrong selector fails before any file is read
    run = CheckRun()
    for path in paths:
        if is_portfolio(path):
            _check_portfolio(run, path, data, select=select, ignore=ignore, lang=lang)
            continue
        try:
            loaded = load_journey(path, data, lang=lang, select=select, ignore=ignore)
        except JourneymapError as exc:
            run.load_errors.extend(exc.lines())
            continue
        run.warnings += loaded.warnings
        run.findings += loaded.assessed.findings
        run.assessed.append(loaded.assessed)
        run.locales.add(loaded.journey.locale)
    return run


def _check_portfolio(
    run: CheckRun,
    path: str,
    data: DataSources,
    *,
    select: Sequence[str],
    ignore: Sequence[str],
    lang: str | None,
) -> None:
    """Add a portfolio's findings to ``run``: each journey's and the portfolio's own."""
    from ..errors import JourneymapError

    try:
        portfolio, warnings = load_portfolio(
            path, data, lang=lang, select=select, ignore=ignore, parallel=True
        )
    except JourneymapError as exc:
        run.load_errors.extend(exc.lines())
        return
    run.warnings += warnings
    run.load_errors += portfolio.load_errors
    run.findings += portfolio.findings
    run.assessed += portfolio.assessed()
    run.locales.update(assessed.journey.locale for assessed in portfolio.assessed())


# --------------------------------------------------------------------------- outputs


@dataclass
class Output:
    """What a command writes, the warnings to show beside it, and the files it was made from."""

    content: str | bytes
    warnings: list[str] = field(default_factory=list)
    inputs: list[str] = field(default_factory=list)


def render_diagram(
    path: str,
    format: DiagramFormat,
    data: DataSources = NO_DATA,
    *,
    engine: EngineName = "auto",
    lanes: Lanes = "owner",
    fit: Fit | None = None,
    persona: str | None = None,
    split: Split = "none",
) -> list[Output]:
    """The journey map in ``format`` (SVG, PNG, PDF or DOT), fitted to ``fit``: one drawing,
    or with ``split="stage"`` one per stage (for PDF, one document with a page each)."""
    from ..renderers.engines import render_pages

    loaded = load_journey(path, data)
    drawings = render_pages(
        loaded.assessed, format, engine=engine, lanes=lanes, fit=fit, persona=persona, split=split
    )
    inputs = [path, *data.files]
    return [Output(d, loaded.warnings if n == 0 else [], inputs) for n, d in enumerate(drawings)]


def build_report(
    path: str,
    data: DataSources = NO_DATA,
    *,
    lang: str | None = None,
    templates: str | None = None,
    timestamp: str | None = None,
    engine: EngineName = "auto",
    compare: str | None = None,
) -> Output:
    """The HTML report of a journey, optionally compared with an older version of it."""
    from ..machine import collector_paused

    with collector_paused():  # serve's rebuild, in a process that keeps its collector on
        html, warnings = _report_page(path, data, lang, templates, timestamp, engine, compare)
    inputs = [path, *data.files, *([compare] if compare else []), *files_in(templates)]
    return Output(html, warnings, inputs)


def _report_page(
    path: str,
    data: DataSources,
    lang: str | None,
    templates: str | None,
    timestamp: str | None,
    engine: EngineName,
    compare: str | None,
) -> tuple[str, list[str]]:
    """:func:`build_report`'s page and warnings.  The journeys it reads are freed when it
    returns, while the collector is still paused: its first pass after would otherwise
    walk all their objects (a tenth of a rebuild at 2,000 touchpoints)."""
    from ..renderers.html import report

    loaded = load_journey(path, data, lang=lang)
    warnings = list(loaded.warnings)
    previous = None
    if compare:
        earlier = load_journey(compare, data, lang=lang)
        previous = earlier.assessed
        warnings += earlier.warnings
    html = report(
        loaded.assessed, lang, templates=templates, timestamp=timestamp, engine=engine,
        compare=previous,
    )  # fmt: skip
    return html, warnings


def files_in(folder: str | None) -> list[str]:
    """The files of a folder (``--templates``): inputs no output may replace."""
    if not folder or not os.path.isdir(folder):
        return []
    return sorted(entry.path for entry in os.scandir(folder) if entry.is_file())


def metrics_report(
    path: str, data: DataSources, *, as_json: bool, lang: str | None = None
) -> Output:
    """The metrics measured from the data files, per touchpoint and pooled, as a table or JSON."""
    import json

    from ..formats.loader import load
    from ..renderers.text import summary_table

    journey = load(path)
    measured, warnings = measure(journey, data)
    summary = measured.summary
    if as_json:
        text = json.dumps(summary.to_dict(), ensure_ascii=False, indent=2) + "\n"
    else:
        text = summary_table(journey, summary, lang)
    return Output(text, warnings, [path, *data.files])


def update_metrics(path: str, data: DataSources) -> Output:
    """The journey file with its measured values and n written in (``metrics --update``):
    the rest of the file stays as it was written."""
    from ..errors import ConfigError
    from ..formats.loader import updated
    from ..i18n import say
    from ..model.metrics import rounded

    if path == "-":
        raise ConfigError(say("--update writes into the journey file: name a file, not -"))
    loaded = load_journey(path, data)
    journey = loaded.journey
    touchpoints = []
    for tp in journey.touchpoints:
        measured = loaded.assessed.measured.get(tp.id, {})
        metrics = {
            metric_id: value.model_copy(
                update={"value": rounded(journey.metric_info(metric_id), value.value)}
            )
            if metric_id in measured and value.value is not None
            else value
            for metric_id, value in tp.metrics.items()
        }
        touchpoints.append(tp.model_copy(update={"metrics": metrics}))
    written = journey.model_copy(update={"touchpoints": touchpoints})
    # Bytes: the file's own text, line ends and characters, written back as they are.
    return Output(updated(written, path), loaded.warnings, [])  # it replaces its input


def compare_files(
    old: str, new: str, data: DataSources = NO_DATA, *, lang: str | None = None, as_json: bool
) -> tuple[Output, bool]:
    """The changes from the journey in ``old`` to the one in ``new``, as text in ``lang``
    (default: the new journey's locale) or JSON; and whether there are any."""
    from ..analysis.diff import diff
    from ..renderers.text import diff_json, diff_text

    before, after = load_journey(old, data, lang=lang), load_journey(new, data, lang=lang)
    language = lang or after.journey.locale
    changes = diff(
        before.journey,
        after.journey,
        old_findings=list(before.assessed.speaking(language).findings),
        new_findings=list(after.assessed.speaking(language).findings),
    )
    if as_json:
        text = diff_json(changes, old, new)
    else:
        text = diff_text(changes, old, new, language, after.journey)
    return Output(text, before.warnings + after.warnings, [old, new, *data.files]), bool(changes)


def _read_paths(
    journey: Journey, events: str, data: DataSources, top: int = 10, segment: str | None = None
) -> Paths:
    from ..measure.api import paths

    columns = dict(data.columns)
    return paths(
        journey, events, since=data.since, until=data.until, columns=columns, top=top,
        segment=segment,
    )  # fmt: skip


def measure_paths(
    path: str,
    events: str,
    data: DataSources = NO_DATA,
    *,
    top: int = 10,
    as_json: bool,
    lang: str | None = None,
    segment: str | None = None,
) -> Output:
    """What customers actually did: the journey's paths measured from an event log, as a
    table for people or the JSON of SPEC §9; with ``segment``, per value of that column."""
    import json

    from ..formats.loader import load
    from ..renderers.text import paths_table

    journey = load(path)
    paths = _read_paths(journey, events, data, top, segment)
    if as_json:
        text = json.dumps(paths.to_dict(), ensure_ascii=False, indent=2) + "\n"
    else:
        text = paths_table(journey, paths, paths.source, lang)  # the log, secrets hidden
    return Output(text, paths.notes, inputs=[path, events])


def export_actions(paths: Sequence[str], *, output_format: str, lang: str | None) -> Output:
    """The backlog of the journeys' actions as a table, CSV or an Excel workbook (in
    ``lang``, else the language of the journeys when they share one, else the
    environment's), or JSON.  A portfolio's actions are ranked by the evidence behind
    them, each with its score's factors.  Every file that cannot be loaded is reported,
    all at once."""
    from ..analysis.actions import BacklogItem, backlog
    from ..errors import JourneymapError
    from ..formats.loader import read
    from ..renderers.backlog import backlog_csv, backlog_json, backlog_table, backlog_xlsx

    documents, problems, items, inputs = [], [], list[BacklogItem](), list(paths)
    locales = set()
    for path in paths:
        try:
            if is_portfolio(path):
                portfolio, _warnings = load_portfolio(path, parallel=True)
                if portfolio.load_errors:
                    raise JourneymapError("\n".join(portfolio.load_errors))
                items += portfolio.backlog
                locales.add(portfolio.locale)
                inputs += [member.file for member in portfolio.members]
            else:
                documents.append(read(path))  # with positions: each says where it stands
        except JourneymapError as exc:
            problems.append(exc)
    if problems:
        raise JourneymapError.combine(problems)
    items += backlog(documents)
    if output_format == "json":  # machine-neutral: ids, and the values the format writes
        return Output(backlog_json(items), inputs=inputs)
    locales |= {document.journey.locale for document in documents}
    language = CheckRun(locales=locales).language(lang)
    if output_format == "csv":
        return Output(backlog_csv(items, language), inputs=inputs)
    if output_format == "xlsx":
        return Output(backlog_xlsx(items, language), inputs=inputs)
    return Output(backlog_table(items, language), inputs=inputs)


def import_events(
    source: str,
    data: DataSources = NO_DATA,
    *,
    min_share: float,
    owner: str,
    as_json: bool,
    lang: str | None = None,
) -> Output:
    """A draft journey discovered from an event log, as YAML (or JSON)."""
    from ..formats.yaml_writer import dumps_data
    from ..i18n import environment_language
    from ..measure.discovery import discover
    from ..measure.validation import Period

    draft = discover(
        source,
        columns=dict(data.columns),
        period=Period(data.since, data.until),
        min_share=min_share,
        owner=owner,
        lang=lang or environment_language(),
    )
    return Output(dumps_data(draft, format="json" if as_json else "yaml"), inputs=[source])


def import_mermaid(source: str, *, owner: str, as_json: bool) -> Output:
    """A Mermaid journey diagram as journey YAML (or JSON), with the importer's warnings."""
    from ..formats.mermaid import load_data
    from ..formats.yaml_writer import dumps_data

    data, warnings = load_data(source, owner=owner)
    text = dumps_data(data, format="json" if as_json else "yaml")
    return Output(text, [str(warning) for warning in warnings], [source])


def export_mermaid(path: str) -> Output:
    """A journey as a Mermaid journey diagram."""
    from ..formats.loader import load
    from ..formats.mermaid import dumps

    return Output(dumps(load(path)), inputs=[path])


def write_outputs(outputs: Sequence[tuple[str, Output]]) -> None:
    """Write several outputs (a portfolio's page and its journeys' reports), each
    atomically, once none would overwrite an input; the folder of the later ones is made
    when the first one's folder exists."""
    from ..formats.output import refuse_overwriting_inputs

    for path, output in outputs:
        refuse_overwriting_inputs(path, output.inputs)
    for number, (path, output) in enumerate(outputs):
        if number and not os.path.isdir(os.path.dirname(path) or "."):
            os.makedirs(os.path.dirname(path), exist_ok=True)
        write_output(path, output)


def write_output(path: str, output: Output) -> None:
    """Write an output atomically (``-`` is standard output); never over one of its inputs."""
    from ..formats.output import atomic_write, refuse_overwriting_inputs

    refuse_overwriting_inputs(path, output.inputs)
    atomic_write(path, output.content)
