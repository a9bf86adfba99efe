"""Read a portfolio (SPEC §12): a folder's ``journeymap.yaml`` and its library.

Every problem comes back at once as a :class:`~journeymap.errors.LoadError` at its
``FILE:LINE:COL``: a listed journey file that does not exist is named at the line that
lists it.  The journeys themselves are read with :func:`journeymap.formats.loader.read`,
which finds their portfolio's library through :func:`library_of`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass

from ..errors import Diagnostic, LoadError
from ..i18n import journey_language, say, text
from ..model.portfolio import LIBRARY_COLLECTIONS, PORTFOLIO_FILE, Library, Portfolio
from ..model.portfolio import PortfolioJourney as Entry
from ..model.positions import SourceMap
from .diagnostics import validated
from .source import declared_locale, parse, portfolio_file, read_text


@dataclass(frozen=True)
class PortfolioDocument:
    """A portfolio as read from its folder: the portfolio and its library, each with where
    its elements stood in its file."""

    folder: str
    portfolio: Portfolio
    source: SourceMap
    library: Library | None = None
    library_source: SourceMap | None = None

    @property
    def file(self) -> str:
        return self.source.file

    def path_of(self, entry: Entry) -> str:
        """The file of one of its journeys, as the user would name it."""
        return os.path.normpath(os.path.join(self.folder, entry.file))

    def entries(self) -> Iterator[tuple[int, Entry, str]]:
        """(index in the file, entry, the journey's file) of every journey, in file order."""
        for index, entry in enumerate(self.portfolio.journeys):
            yield index, entry, self.path_of(entry)

    def entry_of(self, path: str) -> Entry | None:
        """The entry listing the journey file ``path``, if any."""
        wanted = os.path.realpath(path)
        return next(
            (entry for _, entry, file in self.entries() if os.path.realpath(file) == wanted),
            None,
        )

    @property
    def library_file(self) -> str | None:
        library = self.portfolio.library
        return os.path.normpath(os.path.join(self.folder, library)) if library else None


def read_portfolio(path: str) -> PortfolioDocument:
    """The portfolio of a folder (or of its ``journeymap.yaml``) and its library."""
    file = portfolio_file(path)
    if file is None:
        raise LoadError.at(
            path,
            1,
            1,
            say(
                "no %(file)s here: a folder of journeys becomes a portfolio with a "
                "%(file)s that lists them",
                file=PORTFOLIO_FILE,
            ),
        )
    folder = os.path.dirname(file) or "."
    text, name = read_text(file)
    with journey_language(declared_locale(text)):
        parsed = parse(text, name)
        portfolio = validated(parsed, Portfolio, "portfolio")
        read = PortfolioDocument(folder, portfolio, parsed.positions)
        _check_files(read)
        if portfolio.library is None:
            return read
        library, library_source = _read_library(read)
    return PortfolioDocument(folder, portfolio, parsed.positions, library, library_source)


def _check_files(read: PortfolioDocument) -> None:
    """Every listed file exists and is listed once, or every problem at the line naming it."""
    problems: list[Diagnostic] = []
    seen: set[str] = set()

    def problem(path: tuple[str | int, ...], message: str) -> None:
        line, column = read.source.locate(path, prefer_value=True)
        problems.append(Diagnostic(read.file, line, column, message))

    for index, _entry, file in read.entries():
        if not os.path.isfile(file):
            problem(("journeys", index, "file"), say("no journey file %(file)s", file=file))
        elif os.path.realpath(file) in seen:
            problem(("journeys", index, "file"), say("%(file)s is listed twice", file=file))
        seen.add(os.path.realpath(file))
    library = read.library_file
    if library is not None and not os.path.isfile(library):
        problem(("library",), say("no library file %(file)s", file=library))
    if problems:
        raise LoadError(say("%(file)s: invalid portfolio", file=read.file), problems)


def _read_library(read: PortfolioDocument) -> tuple[Library, SourceMap]:
    assert read.library_file is not None
    text, name = read_text(read.library_file)
    parsed = parse(text, name)
    library = validated(parsed, Library, "library")
    problems = []
    for collection in LIBRARY_COLLECTIONS:
        seen: set[str] = set()
        for index, element_id in enumerate(library.ids(collection)):
            if element_id in seen:
                line, column = parsed.positions.locate((collection, index, "id"))
                message = say(
                    "duplicate id %(id)s; give this element an id of its own", id=repr(element_id)
                )
                problems.append(Diagnostic(name, line, column, message))
            seen.add(element_id)
    systems = set(library.ids("systems"))
    for index, team in enumerate(library.teams):
        for k, system in enumerate(team.systems):
            if system not in systems:
                line, column = parsed.positions.locate(("teams", index, "systems", k))
                message = say("no system %(name)s is defined", name=repr(system))
                problems.append(Diagnostic(name, line, column, message))
    if problems:
        raise LoadError(say("%(file)s: invalid library", file=name), problems)
    return library, parsed.positions


def library_of(journey_path: str) -> Library | None:
    """The library of the portfolio that lists ``journey_path``, if it is in one."""
    if journey_path == "-":
        return None
    folder = os.path.dirname(journey_path) or "."
    if portfolio_file(folder) is None:
        return None
    read = read_portfolio(folder)
    if os.path.basename(journey_path) == PORTFOLIO_FILE or (
        read.library_file and os.path.realpath(read.library_file) == os.path.realpath(journey_path)
    ):
        raise LoadError.at(
            journey_path,
            1,
            1,
            text(
                read.portfolio.locale,
                "this file belongs to the portfolio %(folder)s and is no journey; give the "
                "folder instead (journeymap check %(folder)s)",
                folder=folder,
            ),
        )
    return read.library if read.entry_of(journey_path) is not None else None
