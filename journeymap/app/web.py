"""The web side of ``serve``: Starlette on uvicorn, in a thread of this process.

Two apps share it: the read-only preview (the report, brought up to date in the open
pages when its files change) and, with ``--edit``, the workshop board (SPEC §13).  Both
answer only the paths they know (404 otherwise), refuse a request naming a host other
than the one served (403: no page elsewhere can read the board through DNS rebinding),
and send a strict Content Security Policy.  Every write needs the session's token in
``X-Journeymap-Token``; off the loopback every request needs it (``?token=`` once, then
a cookie).
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import ipaddress
import json
import secrets
import socket
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ..errors import OutputError
from ..i18n import os_reason, say

if TYPE_CHECKING:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response

    from .board import Board

#: The path of the preview's server-sent events: the open pages learn each new version.
EVENTS_PATH = "/__journeymap/events"


class Pages(Protocol):
    """What the preview app serves: a version, and pages by their path."""

    @property
    def version(self) -> int: ...

    def page(self, path: str = "/") -> str | None: ...


TOKEN_HEADER = "X-Journeymap-Token"
TOKEN_COOKIE = "journeymap_token"
#: How long a quiet server-sent-events stream waits before it says it is still there
#: (which keeps proxies from closing it).
KEEPALIVE_SECONDS = 15.0
#: The board's own files (script and style), served from the package's templates.
BOARD_ASSETS = {"/board.js": "text/javascript", "/board.css": "text/css"}
BOARD_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


class Wakeup:
    """Wakes every open event stream at once, from any thread, when a new version is made
    (the preview and the boards announce each): a stream then looks at the version,
    instead of looking every so often (which cost an edit up to that long, and every
    open page its wake-ups while nothing changed)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._waiting: set[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = set()

    def notify(self) -> None:
        with self._lock:
            waiting = list(self._waiting)
        for loop, event in waiting:
            with contextlib.suppress(RuntimeError):  # its loop has closed: nothing to wake
                loop.call_soon_threadsafe(event.set)

    @contextlib.contextmanager
    def listening(self) -> Iterator[asyncio.Event]:
        """An event set at every :meth:`notify` while the block runs (in a running loop)."""
        entry = (asyncio.get_running_loop(), asyncio.Event())
        with self._lock:
            self._waiting.add(entry)
        try:
            yield entry[1]
        finally:
            with self._lock:
                self._waiting.discard(entry)


class Access:
    """Who may do what: the hosts a request may name, and the session's token."""

    def __init__(self, host: str) -> None:
        self.host = host
        self.token = secrets.token_urlsafe(18)
        self.port = 0
        #: Set when the server stops: open event streams end.
        self.closing = threading.Event()
        #: Wakes the open event streams at each new version, and when the server stops.
        self.wakeup = Wakeup()

    @property
    def open_reads(self) -> bool:
        """Reads need no token on the loopback: only this machine can reach it."""
        return is_loopback(self.host)

    def host_allowed(self, request: Request) -> bool:
        names = {f"127.0.0.1:{self.port}", f"localhost:{self.port}", f"{self.host}:{self.port}"}
        return request.headers.get("host", "") in names

    def has_token(self, request: Request) -> bool:
        given = (
            request.headers.get(TOKEN_HEADER)
            or request.query_params.get("token")
            or request.cookies.get(TOKEN_COOKIE)
            or ""
        )
        return hmac.compare_digest(given.encode(), self.token.encode())


def guarded(
    access: Access, handler: Callable[[Request], Awaitable[Response]], *, write: bool = False
) -> Callable[[Request], Awaitable[Response]]:
    """``handler`` behind the host check and, for writes (or off the loopback), the token."""
    from starlette.responses import PlainTextResponse

    async def answer(request: Request) -> Response:
        if not access.host_allowed(request):
            return PlainTextResponse("wrong host\n", status_code=403)
        if (write or not access.open_reads) and not access.has_token(request):
            return PlainTextResponse("token needed\n", status_code=403)
        response = await handler(request)
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Content-Type-Options"] = "nosniff"
        if not access.open_reads and request.query_params.get("token"):
            response.set_cookie(TOKEN_COOKIE, access.token, httponly=True, samesite="strict")
        return response

    return answer


def preview_app(preview: Pages, access: Access) -> Starlette:
    """The read-only preview: its pages, and the events that say each new version."""
    from starlette.applications import Starlette
    from starlette.responses import HTMLResponse, PlainTextResponse
    from starlette.routing import Route

    async def events(request: Request) -> Response:
        return version_events(access, request, lambda: preview.version)

    async def page(request: Request) -> Response:
        path = request.url.path
        shown = preview.page("/" if path == "/index.html" else path)
        if shown is None:
            return PlainTextResponse("not found\n", status_code=404)
        return HTMLResponse(shown)

    return Starlette(
        routes=[
            Route(EVENTS_PATH, guarded(access, events), methods=["GET"]),
            Route("/{path:path}", guarded(access, page), methods=["GET", "HEAD"]),
        ]
    )


def board_app(
    board: Board, access: Access, page: Callable[[str], str], lang: str | None = None
) -> Starlette:
    """The workshop board (SPEC §13): ``page(mode)`` is its HTML (``board`` or
    ``present``), and the API it and scripts use (findings in ``lang``)."""
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.responses import HTMLResponse, JSONResponse, Response
    from starlette.routing import Route

    async def board_page(_request: Request) -> Response:
        return HTMLResponse(page("board"), headers={"Content-Security-Policy": BOARD_CSP})

    async def present_page(_request: Request) -> Response:
        return HTMLResponse(page("present"), headers={"Content-Security-Policy": BOARD_CSP})

    async def journey(_request: Request) -> Response:
        return JSONResponse(await run_in_threadpool(board.snapshot, lang))

    async def edit(request: Request) -> Response:
        try:
            body = json.loads(await request.body())
        except ValueError:
            return JSONResponse({"errors": ["the body is no JSON"]}, status_code=400)
        if not isinstance(body, dict):
            return JSONResponse({"errors": ["the body is no JSON object"]}, status_code=400)
        outcome = await run_in_threadpool(board.edit, body.get("version"), body.get("ops"))
        return JSONResponse(outcome.body, status_code=outcome.status)

    async def events(request: Request) -> Response:
        return version_events(access, request, lambda: board.version)

    async def no_icon(_request: Request) -> Response:
        return Response(status_code=204)

    routes = [
        Route("/", guarded(access, board_page), methods=["GET", "HEAD"]),
        Route("/favicon.ico", no_icon, methods=["GET"]),
        Route("/present", guarded(access, present_page), methods=["GET", "HEAD"]),
        Route("/api/journey", guarded(access, journey), methods=["GET"]),
        Route("/api/edit", guarded(access, edit, write=True), methods=["POST"]),
        Route("/api/events", guarded(access, events), methods=["GET"]),
        *asset_routes(access),
    ]
    return Starlette(routes=routes)


def version_events(access: Access, request: Request, version: Callable[[], int]) -> Response:
    """Server-sent events: ``event: version`` with the current version at once, then with
    every new one, until the browser leaves or the server stops."""
    from starlette.responses import StreamingResponse

    async def stream() -> AsyncIterator[str]:
        seen = -1
        with access.wakeup.listening() as woken:
            try:
                while not access.closing.is_set():
                    woken.clear()  # before the look: a change after it wakes the wait below
                    current = version()
                    if current != seen:
                        seen = current
                        yield f"event: version\ndata: {seen}\n\n"
                        continue
                    try:
                        await asyncio.wait_for(woken.wait(), KEEPALIVE_SECONDS)
                    except TimeoutError:
                        if await request.is_disconnected():
                            return
                        yield ": still here\n\n"
            except asyncio.CancelledError:
                return  # the server stops (Ctrl+C): the stream ends, as the browser expects

    return StreamingResponse(stream(), media_type="text/event-stream")


def asset_routes(access: Access) -> list[Any]:
    """The routes of the board's script and style (files of the package's templates)."""
    from starlette.responses import Response
    from starlette.routing import Route

    from ..renderers.html import template_dir

    async def asset(request: Request) -> Response:
        path = request.url.path
        text = (Path(template_dir()) / path.lstrip("/")).read_text(encoding="utf-8")
        return Response(text, media_type=BOARD_ASSETS[path])

    return [Route(path, guarded(access, asset), methods=["GET"]) for path in BOARD_ASSETS]


class Server:
    """An app served by uvicorn from a thread, on a socket bound at once (so that a port in
    use is an error here, and port 0 gets a free port to name)."""

    def __init__(self, app: Any, access: Access, port: int) -> None:
        import uvicorn

        family = socket.AF_INET6 if ":" in access.host else socket.AF_INET
        self.socket = socket.socket(family, socket.SOCK_STREAM)
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            self.socket.bind((access.host, port))
        except OSError as exc:
            self.socket.close()
            raise OutputError(
                say(
                    "cannot listen on %(host)s:%(port)s: %(reason)s",
                    host=access.host,
                    port=port,
                    reason=os_reason(exc),
                )
            ) from None
        self.socket.listen(512)
        access.port = self.socket.getsockname()[1]
        self.access = access
        config = uvicorn.Config(
            app, log_level="warning", lifespan="off", access_log=False,
            timeout_graceful_shutdown=1,  # open event streams end at once when stopped
        )  # fmt: skip
        self.uvicorn = uvicorn.Server(config)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host = self.access.host
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{self.access.port}/"

    def start(self) -> None:
        self._thread = threading.Thread(
            target=self.uvicorn.run, kwargs={"sockets": [self.socket]}, daemon=True
        )
        self._thread.start()

    def run(self) -> None:
        """Serve in this thread until interrupted."""
        self.uvicorn.run(sockets=[self.socket])

    def close(self) -> None:
        self.access.closing.set()
        self.access.wakeup.notify()
        self.uvicorn.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        self.socket.close()


class WatchedServer:
    """A :class:`Server` and a watcher thread that calls :meth:`changed` when one of the
    files :meth:`watched` names changes on disk."""

    def __init__(self, app: Any, access: Access, port: int) -> None:
        self.access = access
        self.server = Server(app, access, port)
        self._stop = threading.Event()
        self._watcher: threading.Thread | None = None

    def watched(self) -> list[str]:
        raise NotImplementedError

    def changed(self) -> object:
        raise NotImplementedError

    def _watch(self) -> None:
        watch(self.watched, self.changed, self._stop)

    def start(self) -> None:
        """Serve and watch in background threads (for tests and embedding)."""
        self._watcher = threading.Thread(target=self._watch, daemon=True)
        self._watcher.start()
        self.server.start()

    def serve_forever(self) -> None:
        """Watch in the background and serve in this thread until interrupted."""
        self._watcher = threading.Thread(target=self._watch, daemon=True)
        self._watcher.start()
        try:
            self.server.run()
        finally:
            self.close()

    def close(self) -> None:
        self._stop.set()
        self.server.close()
        if self._watcher is not None:
            self._watcher.join(timeout=5)


def watch(
    paths: Callable[[], list[str]], changed: Callable[[], object], stop: threading.Event
) -> None:
    """Call ``changed`` whenever one of the files ``paths`` names changes on disk (their
    folders are watched: an editor saves by replacing the file), until ``stop``."""
    import os

    import watchfiles

    while not stop.is_set():
        files = {os.path.realpath(path) for path in paths()}
        folders = sorted(
            {os.path.dirname(path) for path in files if os.path.isdir(os.path.dirname(path))}
        )
        if not folders:
            stop.wait(0.5)
            continue
        for batch in watchfiles.watch(
            *folders, stop_event=stop, debounce=50, step=20, rust_timeout=500, yield_on_timeout=True
        ):
            if stop.is_set():
                return
            if not batch or any(os.path.realpath(path) in files for _, path in batch):
                changed()  # also on every timeout: a cheap look that never misses a change
            if {os.path.realpath(path) for path in paths()} != files:
                break  # the inputs changed (a portfolio's list): watch the new ones
