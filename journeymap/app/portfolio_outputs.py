"""The outputs of a portfolio: its report (a page and a report per journey), the changes
between two versions of it, and the files a live preview of it watches.  Thin wrappers
over :func:`.pipeline.load_portfolio`, as the pipeline's are over the library."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from .pipeline import NO_DATA, DataSources, Output, entry_data, files_in, portfolio_work

if TYPE_CHECKING:
    from ..renderers.options import EngineName


def build_portfolio_report(
    path: str,
    output: str,
    data: DataSources = NO_DATA,
    *,
    lang: str | None = None,
    templates: str | None = None,
    timestamp: str | None = None,
    engine: EngineName = "auto",
) -> list[tuple[str, Output]]:
    """The report of a portfolio: its page at ``output``, and each journey's report in a
    folder beside it named after it (``portfolio.html``, ``portfolio/overstappen.html``),
    which the page links into.  (path to write, output) pairs, the page first."""
    from ..errors import ConfigError, JourneymapError
    from ..i18n import say
    from ..renderers.portfolio_report import portfolio_report

    if output == "-":
        raise ConfigError(
            say(
                "a portfolio's report is a page and a report per journey: name an .html "
                "file to write, not -"
            )
        )
    portfolio, warnings, pages = portfolio_work(
        path, data, lang=lang, reports=(templates, timestamp, engine), parallel=True
    )
    if portfolio.load_errors:  # a report that leaves a journey out would tell a wrong story
        raise JourneymapError("\n".join(portfolio.load_errors))
    folder = os.path.splitext(os.path.basename(output))[0]
    inputs = [portfolio.document.file, *(member.file for member in portfolio.members)]
    inputs += [portfolio.document.library_file] if portfolio.document.library_file else []
    inputs += files_in(templates)

    def link(journey_id: str) -> str:
        return f"{folder}/{journey_id}.html"

    page = portfolio_report(portfolio, lang, link=link, timestamp=timestamp)
    outputs = [(output, Output(page, warnings, inputs))]
    for member, html in zip(portfolio.members, pages, strict=True):
        target = os.path.join(os.path.dirname(output), link(member.id))
        outputs.append((target, Output(html or "", [], inputs)))
    return outputs


def compare_portfolios(
    old: str, new: str, *, lang: str | None = None, as_json: bool
) -> tuple[Output, bool]:
    """The changes from the portfolio in folder ``old`` to the one in ``new``: journeys,
    library, findings; as text in ``lang`` (default: the new portfolio's) or JSON.  A
    journey that cannot be read in either is an error: it would read as removed."""
    from ..analysis.portfolio import diff_portfolios
    from ..errors import JourneymapError
    from ..renderers.portfolio_text import portfolio_diff_json, portfolio_diff_text

    before, before_warnings = portfolio_work(old, NO_DATA, lang=lang, parallel=True)[:2]
    after, after_warnings = portfolio_work(new, NO_DATA, lang=lang, parallel=True)[:2]
    if before.load_errors or after.load_errors:
        raise JourneymapError("\n".join(before.load_errors + after.load_errors))
    changes = diff_portfolios(before, after)
    if as_json:
        text = portfolio_diff_json(changes, old, new)
    else:
        text = portfolio_diff_text(changes, old, new, lang or after.locale)
    return Output(text, before_warnings + after_warnings, [old, new]), bool(changes)


def portfolio_inputs(path: str) -> list[str]:
    """The files a portfolio is made of (its file, library, journeys and their data
    files), as far as its file can be read."""
    from ..errors import JourneymapError
    from ..formats.portfolio import read_portfolio
    from ..formats.source import portfolio_file

    try:
        document = read_portfolio(path)
    except JourneymapError:
        return [portfolio_file(path) or path]
    files = [document.file, *([document.library_file] if document.library_file else [])]
    for _index, entry, file in document.entries():
        files += [file, *entry_data(document.folder, entry, NO_DATA).files]
    return files
