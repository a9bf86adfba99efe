"""``serve --edit``: the workshop board of one journey file, served and watched."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ..i18n import N_, OWNER_NAMES, text
from .board import Board
from .web import Access, WatchedServer, asset_routes, board_app, guarded

#: Every word the board's script shows, given to it in the journey's language.
BOARD_WORDS = {
    "addTouchpoint": N_("Add a touchpoint"),
    "remove": N_("Remove"),
    "pains": N_("Pain points"),
    "ideas": N_("Ideas"),
    "newPain": N_("New pain point"),
    "newIdea": N_("New idea"),
    "notes": N_("Sticky notes"),
    "newNote": N_("New sticky note"),
    "emotion": N_("Emotion"),
    "target": N_("Target"),
    "goal": N_("Customer goal"),
    "findings": N_("Findings"),
    "noFindings": N_("No findings: the journey passes every check."),
    "stale": N_("Someone changed this meanwhile; the board shows the newer value."),
    "refused": N_("The journey would not load after this edit; nothing was saved:"),
    "broken": N_("The file cannot be read; the board shows the last good version:"),
    "offline": N_("The connection is lost; reconnecting…"),
    "stageOf": N_("Stage %(number)s of %(total)s"),
    "keys": N_("← → move between stages"),
    "drag": N_("Drag a card to another stage or lane; click a text to change it."),
    "saved": N_("Saved"),
    "owner": N_("Owner"),
    "priority": N_("Priority"),
    "effort": N_("Effort"),
    "high": N_("high"),
    "medium": N_("medium"),
    "low": N_("low"),
}


class BoardServer(WatchedServer):
    """The board of ``journey`` on ``host`` (127.0.0.1 unless told), watched on disk."""

    def __init__(
        self, journey: str, *, port: int = 8765, host: str = "127.0.0.1", lang: str | None = None
    ) -> None:
        self.board = Board(journey)
        self.lang = lang
        access = Access(host)
        self.board.announce = access.wakeup.notify
        super().__init__(board_app(self.board, access, self.page, lang), access, port)

    @property
    def url(self) -> str:
        """Where the board is, with the token (the board's script sends it with each edit)."""
        return f"{self.server.url}?token={self.access.token}"

    def page(self, mode: str) -> str:
        """The board's page (``board`` or ``present``) in the journey's language."""
        return board_page(self.board, mode, self.access.token, self.lang)

    def watched(self) -> list[str]:
        return [self.board.path]

    def changed(self) -> object:
        return self.board.reload()


def board_page(
    board: Board,
    mode: str,
    token: str,
    lang: str | None = None,
    journeys: list[tuple[str, str]] | None = None,
    here: str = "",
) -> str:
    """A board's page (``board`` or ``present``) in the journey's language (or ``lang``);
    ``journeys`` (address, title) are a portfolio's, each with a board of its own, this one
    at ``here``."""
    from ..renderers.html import environment, render_page

    document = board.document
    language = lang or (document.journey.locale if document else "en")
    words = {key: text(language, message) for key, message in BOARD_WORDS.items()}
    words.update({f"owner{owner}": text(language, name) for owner, name in OWNER_NAMES.items()})
    context = {
        "lang": language,
        "title": document.journey.title if document else board.path,
        "mode": mode,
        "token": token,
        "words": json.dumps(words, ensure_ascii=False),
        "journeys": [
            {"id": journey_id, "title": title, "current": journey_id == here}
            for journey_id, title in journeys or []
        ],
    }
    return render_page(environment(), "board.html.j2", language, context)


class PortfolioBoardServer(WatchedServer):
    """``serve DIR --edit``: a board for every journey of a portfolio, each at ``/ID/``
    with a bar that leads to the others; ``/`` leads to the first."""

    def __init__(
        self, folder: str, *, port: int = 8765, host: str = "127.0.0.1", lang: str | None = None
    ) -> None:
        from starlette.applications import Starlette
        from starlette.responses import RedirectResponse
        from starlette.routing import Mount, Route

        from ..formats.portfolio import read_portfolio

        self.portfolio = read_portfolio(folder)
        entries = list(self.portfolio.entries())
        self.boards = [Board(file) for _index, _entry, file in entries]
        self.lang = lang
        access = Access(host)
        for board in self.boards:
            board.announce = access.wakeup.notify
        # Each board's address, fixed for the session (a board that renames its journey's id
        # keeps its address): the id as the server started, else the file's name.
        self.ids = ids = [
            board.document.journey.id if board.document else entry.file_name
            for board, (_index, entry, _file) in zip(self.boards, entries, strict=True)
        ]

        async def first(_request: Any) -> Any:
            return RedirectResponse(f"/{ids[0]}/")

        routes: list[Any] = [Route("/", guarded(access, first)), *asset_routes(access)]
        routes += [
            Mount(f"/{journey_id}", app=board_app(board, access, self._pages(board), lang))
            for journey_id, board in zip(ids, self.boards, strict=True)
        ]
        super().__init__(Starlette(routes=routes), access, port)

    def _pages(self, board: Board) -> Callable[[str], str]:
        def page(mode: str) -> str:
            journeys = [
                (address, other.document.journey.title if other.document else other.path)
                for address, other in zip(self.ids, self.boards, strict=True)
            ]
            here = self.ids[self.boards.index(board)]
            return board_page(board, mode, self.access.token, self.lang, journeys, here)

        return page

    @property
    def url(self) -> str:
        return f"{self.server.url}?token={self.access.token}"

    def watched(self) -> list[str]:
        return [board.path for board in self.boards]

    def changed(self) -> object:
        return [board.reload() for board in self.boards]
