"""Live workshop preview: the HTML report on 127.0.0.1, refreshed when its inputs change.

A watcher thread (watchfiles) sees the journey file, or a data or comparison file,
change and rebuilds the report.  The server tells the open pages each new version
(server-sent events); a page then fetches the new report and changes only what differs
(``templates/live.js``).  A broken edit does not stop anything: the page keeps the last
good report and shows the error above it until the file is fixed.

Only the pages built and ``/__journeymap/events`` exist: ``/`` (the report; for a
portfolio, its page, with each journey's report at ``/portfolio/ID.html``).  Every
other request gets 404, so nothing else on the machine is reachable, and a
request naming another host gets 403, so that no other site can read the report
through DNS rebinding.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import html
import os
import re
import stat as stat_module
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import JourneymapError
from ..i18n import environment_language, say, text
from ..model.vocabulary import PORTFOLIO_FILE
from ..renderers.html import template_dir
from .pipeline import NO_DATA, DataSources, build_report
from .portfolio_outputs import build_portfolio_report, portfolio_inputs
from .web import WatchedServer

if TYPE_CHECKING:
    from ..renderers.options import EngineName


# It reads the version from the page's own meta tag, so the script (and its CSP hash) is
# the same on every page.
LIVE_SCRIPT = (template_dir() / "live.js").read_text(encoding="utf-8")
_SCRIPT_HASH = base64.b64encode(hashlib.sha256(LIVE_SCRIPT.encode()).digest()).decode()
_HTML_LANG = re.compile(r'<html lang="([a-z]{2,3})"')
_CSP = re.compile(r"""(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(")""")
_BODY = re.compile(r"<body[^>]*>\n?")
_ERROR_STYLE = (
    "position:sticky;top:0;z-index:10;margin:0;padding:12px 16px;background:#fdecea;"
    "color:#7a1010;border-bottom:3px solid #b3261e;font:14px/1.4 system-ui,sans-serif"
)
_WARNING_STYLE = (
    "margin:0;padding:8px 16px;background:#fff7e0;color:#6b4a00;"
    "border-bottom:2px solid #c98a00;font:14px/1.4 system-ui,sans-serif"
)


#: Files up to this size are also hashed on every look, so that even an edit that keeps a
#: file's size and every timestamp is seen; larger data files are told apart by their stat.
HASHED_UP_TO = 4 * 1024 * 1024

Stamp = tuple[int, int, int, int, str]


def stamp(path: str) -> Stamp | None:
    """What identifies a version of a file: inode, change and modification time, size, and
    (for files up to :data:`HASHED_UP_TO`) a hash of its content; None when it is missing.

    ``ctime`` changes on every write and cannot be set back, unlike ``mtime``.
    """
    try:
        status = os.stat(path)
        digest = ""
        if stat_module.S_ISREG(status.st_mode) and status.st_size <= HASHED_UP_TO:
            with open(path, "rb") as stream:
                digest = hashlib.sha256(stream.read()).hexdigest()
    except OSError:
        return None
    return status.st_ino, status.st_ctime_ns, status.st_mtime_ns, status.st_size, digest


#: What a build gives: the report's HTML (the page at ``/``), or the pages by their path.
Pages = str | Mapping[str, str]


@dataclass
class Preview:
    """The report of one journey file (or the pages of a portfolio), rebuilt whenever one
    of its input files changes."""

    journey: str
    # The pages and the warnings of building them; raises JourneymapError on bad input.
    build: Callable[[], tuple[Pages, list[str]]]
    #: The other files whose change means a rebuild (or what says them, looked at each time).
    extra_inputs: Sequence[str] | Callable[[], Sequence[str]] = ()
    version: int = 0
    #: Called at every new version (the server wakes its pages' event streams with it).
    announce: Callable[[], None] = field(default=lambda: None, repr=False)
    good_pages: dict[str, str] = field(default_factory=dict)
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    _stamps: dict[str, Stamp | None] = field(default_factory=dict)
    _emptied: dict[str, Stamp] = field(default_factory=dict)  # see _being_saved
    _lock: threading.Lock = field(default_factory=threading.Lock)
    #: The page at each path as last shown, with the version it shows (see :meth:`page`).
    _shown: dict[str, tuple[int, str]] = field(default_factory=dict)

    def inputs(self) -> list[str]:
        extra = self.extra_inputs() if callable(self.extra_inputs) else self.extra_inputs
        return [self.journey, *extra]

    def refresh(self) -> bool:
        """Rebuild when an input changed since the last look (always the first time).

        Never raises: a bug met while building shows as the error banner, like a
        broken file, so the watcher lives on and shows the next good edit.
        """
        stamps = {path: stamp(path) for path in self.inputs()}
        if stamps == self._stamps or self._being_saved(stamps):
            return False
        self._stamps = stamps
        warnings: list[str] = []
        try:
            built, warnings = self.build()
            error = None
        except JourneymapError as exc:
            built, error = None, "\n".join(exc.lines())
        except Exception as exc:  # a bug, not the user's file: say so, and keep watching
            built, error = (
                None,
                say("internal error while building the report: %(error)s", error=repr(exc)),
            )
        with self._lock:
            if built is not None:
                self.good_pages = {"/": built} if isinstance(built, str) else dict(built)
                self.warnings = warnings
            self.error = error
            self.version += 1
        self.announce()
        return True

    def _being_saved(self, stamps: dict[str, Stamp | None]) -> bool:
        """Whether an input has just become empty, as a file does while an editor saves
        it (truncated, then written): it gets one more look before "the file is empty"
        is shown, so that the banner does not flash up on every save."""
        emptied = {
            path: new
            for path, new in stamps.items()
            if new is not None and new[3] == 0 and self._stamps.get(path, new) != new  # [3]: size
        }
        waited, self._emptied = self._emptied == emptied, emptied
        return bool(emptied) and not waited

    def page(self, path: str = "/") -> str | None:
        """The last good page at ``path`` with the live-reload script, and the error above
        it if any; None when there is no such page."""
        with self._lock:
            version, good_html, error = self.version, self.good_pages.get(path), self.error
            warnings = list(self.warnings)
            shown = self._shown.get(path)
        if shown is not None and shown[0] == version:
            # Every open page fetches the new page after a rebuild: each gets the page made
            # for the first (at 2,000 touchpoints, rewriting the 7 MB page took 40–85 ms a
            # request).
            return shown[1]
        if good_html is None and (path != "/" or self.good_pages):
            return None
        body = good_html or (
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'">\n'
            "<title>journeymap preview</title>\n</head>\n<body>\n</body>\n</html>\n"
        )
        page = live_page(body, version, error, warnings)
        with self._lock:
            self._shown[path] = (version, page)
        return page


def live_page(
    report_html: str, version: int, error: str | None, warnings: Sequence[str] = ()
) -> str:
    """``report_html`` with the live script allowed by its CSP and an error banner if any.

    Put together in one pass: at 2,000 touchpoints the report is 7 MB, and each change
    made as a replacement copied all of it (23 ms for the four)."""
    edits: list[tuple[int, int, str]] = []  # report_html[start:end] becomes the text
    policy = _CSP.search(report_html)
    if policy:
        allowed = policy.group(2).replace("script-src 'none'", "").rstrip("; ")
        allowed += f"; script-src 'sha256-{_SCRIPT_HASH}'; connect-src 'self'"
        edits.append((policy.start(2), policy.end(2), allowed))
    head_end = report_html.find("</head>")
    if head_end >= 0:
        meta = f'<meta name="journeymap-version" content="{version}">\n'
        edits.append((head_end, head_end, meta))
    body = _BODY.search(report_html)
    if body:
        edits.append((body.end(), body.end(), _banners(report_html, error, warnings)))
    body_end = report_html.find("</body>")
    if body_end >= 0:
        edits.append((body_end, body_end, f"<script>{LIVE_SCRIPT}</script>\n"))
    parts, done = [], 0
    for start, end, replacement in sorted(edits):
        parts += [report_html[done:start], replacement]
        done = end
    parts.append(report_html[done:])
    return "".join(parts)


def _banners(report_html: str, error: str | None, warnings: Sequence[str]) -> str:
    """The error above the page, and the warnings, in the report's language (the
    environment's before the first report)."""
    spoken = _HTML_LANG.search(report_html)
    lang = spoken.group(1) if spoken else environment_language()
    banner = ""
    if error is not None:
        headline = text(lang, "The journey cannot be read; showing the last good version.")
        banner = (
            f'<div role="alert" id="journeymap-error" style="{_ERROR_STYLE}">'
            f"<strong>{html.escape(headline)}</strong>"
            f'<pre style="margin:6px 0 0;white-space:pre-wrap">{html.escape(error)}</pre></div>\n'
        )
    if warnings:
        banner += (
            f'<div role="status" id="journeymap-warnings" style="{_WARNING_STYLE}">'
            + "".join(
                f"<div>{html.escape(text(lang, 'warning: %(warning)s', warning=w))}</div>"
                for w in warnings
            )
            + "</div>\n"
        )
    return banner


class PreviewServer(WatchedServer):
    """The preview served on ``host`` (127.0.0.1 unless told) by Starlette on uvicorn, with
    a watcher that rebuilds it when one of its files changes."""

    def __init__(
        self,
        preview: Preview,
        port: int = 8765,
        on_rebuild: Callable[[Preview], None] | None = None,
        host: str = "127.0.0.1",
    ) -> None:
        from .web import Access, preview_app

        access = Access(host)
        super().__init__(preview_app(preview, access), access, port)
        self.preview = preview
        preview.announce = access.wakeup.notify
        self.on_rebuild = on_rebuild

    @property
    def url(self) -> str:
        """Where the preview is; off the loopback with the token every request needs."""
        url = self.server.url
        return url if self.access.open_reads else f"{url}?token={self.access.token}"

    @property
    def port(self) -> int:
        return self.access.port

    def watched(self) -> list[str]:
        return self.preview.inputs()

    def changed(self) -> object:
        """Rebuild if a file changed; nothing a rebuild meets ends the watching."""
        if self.preview.refresh() and self.on_rebuild:
            with contextlib.suppress(Exception):  # a failing report hook must not stop us
                self.on_rebuild(self.preview)
        return None


def report_preview(
    journey: str,
    *,
    data: DataSources = NO_DATA,
    lang: str | None = None,
    compare: str | None = None,
    engine: EngineName = "auto",
) -> Preview:
    """A preview of the HTML report of ``journey`` as ``journeymap report`` would write it."""

    def build() -> tuple[str, list[str]]:
        output = build_report(journey, data, lang=lang, compare=compare, engine=engine)
        return str(output.content), output.warnings

    return Preview(journey, build, [*data.files, *([compare] if compare else [])])


def portfolio_preview(
    folder: str, *, lang: str | None = None, engine: EngineName = "auto"
) -> Preview:
    """A preview of a portfolio: its page at ``/`` and each journey's report at
    ``/portfolio/ID.html``, every page with a bar that leads to the others."""

    def build() -> tuple[Pages, list[str]]:
        outputs = build_portfolio_report(folder, "portfolio.html", lang=lang, engine=engine)
        (_page, portfolio), *journeys = outputs
        pages = {"/": str(portfolio.content)}
        pages.update((f"/{path}", str(output.content)) for path, output in journeys)
        titles = {path: _TITLE.search(html) for path, html in pages.items()}
        links = [(path, match.group(1) if match else path) for path, match in titles.items()]
        warnings = [warning for _path, output in outputs for warning in output.warnings]
        return {path: _with_bar(html, path, links) for path, html in pages.items()}, warnings

    return Preview(os.path.join(folder, PORTFOLIO_FILE), build, lambda: portfolio_inputs(folder))


_TITLE = re.compile(r"<h1>([^<]*)</h1>")
_LINK = ' style="color:#cbd5e1"'
_BAR_STYLE = (
    "display:flex;flex-wrap:wrap;gap:4px 16px;margin:0;padding:8px 16px;background:#0f172a;"
    "font:14px/1.4 system-ui,sans-serif"
)


def _with_bar(page: str, here: str, links: Sequence[tuple[str, str]]) -> str:
    """``page`` with a bar of links to every page of the portfolio (titles as escaped in
    the pages' own headings), the page shown marked."""
    current = ' aria-current="page" style="color:#fff;font-weight:700"'
    items = "".join(
        f'<a href="{path}"{current if path == here else _LINK}>{title}</a>' for path, title in links
    )
    bar = f'<nav id="journeymap-portfolio" style="{_BAR_STYLE}">{items}</nav>\n'
    return re.sub(r"(<body[^>]*>\n?)", lambda m: m.group(1) + bar, page, count=1)


__all__ = [
    "LIVE_SCRIPT",
    "Preview",
    "PreviewServer",
    "live_page",
    "portfolio_preview",
    "report_preview",
]
