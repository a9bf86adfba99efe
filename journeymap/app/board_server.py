"""``serve --edit``: the workshop board of one journey file, served and watched."""

from __future__ import annotations

import json

from ..i18n import N_, OWNER_NAMES, text
from .board import Board
from .web import Access, WatchedServer, board_app

#: Every word the board's script shows, given to it in the journey's language.
BOARD_WORDS = {
    "add": N_("Add"),
    "addTouchpoint": N_("Add a touchpoint"),
    "newTouchpoint": N_("Name of the new touchpoint"),
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
    "present": N_("Present"),
    "board": N_("Board"),
    "stageOf": N_("Stage %(number)s of %(total)s"),
    "keys": N_("← → move between stages"),
    "drag": N_("Drag a card to another stage or lane; click a text to change it."),
    "saved": N_("Saved"),
}


class BoardServer(WatchedServer):
    """The board of ``journey`` on ``host`` (127.0.0.1 unless told), watched on disk."""

    def __init__(
        self, journey: str, *, port: int = 8765, host: str = "127.0.0.1", lang: str | None = None
    ) -> None:
        self.board = Board(journey)
        self.lang = lang
        access = Access(host)
        super().__init__(board_app(self.board, access, self.page, lang), access, port)

    @property
    def url(self) -> str:
        """Where the board is, with the token (the board's script sends it with each edit)."""
        return f"{self.server.url}?token={self.access.token}"

    @property
    def language(self) -> str:
        document = self.board.document
        return self.lang or (document.journey.locale if document else "en")

    def page(self, mode: str) -> str:
        """The board's page (``board`` or ``present``) in the journey's language."""
        from ..renderers.html import environment, render_page

        lang = self.language
        words = {key: text(lang, message) for key, message in BOARD_WORDS.items()}
        words.update({f"owner{owner}": text(lang, name) for owner, name in OWNER_NAMES.items()})
        document = self.board.document
        title = document.journey.title if document else self.board.path
        context = {
            "lang": lang,
            "title": title,
            "mode": mode,
            "token": self.access.token,
            "words": json.dumps(words, ensure_ascii=False),
        }
        return render_page(environment(), "board.html.j2", lang, context)

    def watched(self) -> list[str]:
        return [self.board.path]

    def changed(self) -> object:
        return self.board.reload()
