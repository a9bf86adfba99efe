"""Shared test data and helpers (fixtures are in conftest.py); test modules import from here,
never from one another."""

from __future__ import annotations

import contextlib
import datetime
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import journeymap as jm

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
#: The example most tests read: a German online shop with every part of the format.
SHOP = ROOT / "examples" / "online-shop.yaml"
#: The example portfolio: a Dutch energy supplier's lifecycle and three journeys under it.
PORTFOLIO = ROOT / "examples" / "groene-stroom"
#: The day tests judge the example portfolio's review dates by.
PORTFOLIO_DAY = datetime.date(2026, 12, 7)
FIXTURES = ROOT / "tests" / "fixtures"
GOLDEN = ROOT / "tests" / "golden"

MINIMAL = """\
journeymap: 1
id: mini
title: Mini
stages:
  - {id: awareness, name: Awareness}
  - {id: purchase, name: Purchase}
touchpoints:
  - {id: ad, stage: awareness, owner: CX}
  - {id: shop, stage: purchase, owner: CX}
"""

# Debian's chromium, driven by Playwright; Playwright's own browser download is never used.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

#: Text that tries every escape of DOT: quotes, backslashes, braces, HTML and line breaks.
HOSTILE_DOT_TEXT = 'Quote " back\\slash {brace} [bracket] <tag> & amp; \\l \\n }"]; evil [label="x'


def hostile_journey() -> jm.Journey:
    """A journey whose every label is :data:`HOSTILE_DOT_TEXT`, plus non-ASCII letters."""
    import journeymap as jm

    return jm.Journey(
        id="hostile",
        title=HOSTILE_DOT_TEXT,
        stages=[jm.Stage(id="s", name=HOSTILE_DOT_TEXT, customer_goal=HOSTILE_DOT_TEXT)],
        touchpoints=[
            jm.Touchpoint(
                id="a",
                name=HOSTILE_DOT_TEXT,
                stage="s",
                owner="CX",
                pain_points=[HOSTILE_DOT_TEXT],
                next=[{"to": "b", "label": HOSTILE_DOT_TEXT}],
            ),
            jm.Touchpoint(id="b", name="Küche ß ş ğ ı İ ĳ Ĳ", stage="s", owner="CS"),
        ],
    )


#: Labels with everything Mermaid treats specially.
HOSTILE_MERMAID_NAMES = [
    "Step 1: pay; then #ship",
    "title page",
    "Journey planner",
    "a%%b",
    "x #35; y",
    "%%no comment",
    "<br>gone",
]


def hostile_mermaid_journey() -> jm.Journey:
    """Everything Mermaid treats specially, in every kind of label (also rendered by the real
    Mermaid CLI in tests/benchmarks/test_mermaid.py)."""
    import journeymap as jm

    return jm.Journey(
        id="hostile",
        title="T: #1; ok",
        description="line one\nline } two",
        personas=[jm.Persona(id="p", name="Smith, Ann: #1")],
        stages=[jm.Stage(id="s", name="section: one")],
        touchpoints=[
            jm.Touchpoint(id=f"t{i}", name=name, stage="s", owner="CX", emotion=1, personas=["p"])
            for i, name in enumerate(HOSTILE_MERMAID_NAMES)
        ],
    )


def svg_texts(svg: bytes) -> list[tuple[float, float, float, str]]:
    """Every text of an SVG drawing: x, y, font size and the text, in document order."""
    import xml.etree.ElementTree as ET

    namespace = "{http://www.w3.org/2000/svg}"
    texts = []
    for element in ET.fromstring(svg).iter():
        if (
            element.tag not in (f"{namespace}text", f"{namespace}tspan")
            or "x" not in element.attrib
        ):
            continue  # a text of positioned spans is read span by span
        size = float(element.get("font-size", "14"))
        x, y = float(element.get("x", "0")), float(element.get("y", "0"))
        texts.append((x, y, size, "".join(element.itertext())))
    return texts


def svg_size(svg: bytes) -> tuple[float, float]:
    """Width and height of an SVG drawing in points (Graphviz writes ``width="…pt"``)."""
    import re

    width = re.search(rb'<svg\b[^>]*\bwidth="([0-9.]+)pt"', svg)
    height = re.search(rb'<svg\b[^>]*\bheight="([0-9.]+)pt"', svg)
    assert width and height, "not a Graphviz SVG"
    return float(width.group(1)), float(height.group(1))


def event_log(specs: list[str]) -> str:
    """An event log (CSV: case, activity, timestamp) from specs such as
    ``"40 x ad, shop +3d, hotline"``: 40 cases that each visit ad, then shop three days
    later, then hotline a minute after (activities are touchpoint ids)."""
    import datetime

    units = {"m": "minutes", "h": "hours", "d": "days"}
    lines, case = ["case,activity,timestamp"], 0
    start = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    for spec in specs:
        count, _, steps = spec.partition(" x ")
        for _ in range(int(count)):
            case += 1
            when = start + datetime.timedelta(hours=case)
            for step in steps.split(","):
                activity, _, wait = step.strip().partition(" +")
                if wait:
                    when += datetime.timedelta(**{units[wait[-1]]: int(wait[:-1])})
                else:
                    when += datetime.timedelta(minutes=1)
                lines.append(f"c{case},{activity},{when.isoformat()}")
    return "\n".join(lines) + "\n"


def with_events(
    journey: jm.Journey | jm.Document, specs: list[str], folder: Path, **options: Any
) -> jm.Assessed:
    """The journey assessed with ``--events`` on the log of ``specs`` (``options``: those
    of ``jm.assess``, such as ``select``)."""
    import journeymap as jm

    plain = journey if isinstance(journey, jm.Journey) else journey.journey
    log = folder / f"{plain.id}-events.csv"
    log.write_text(event_log(specs), encoding="utf-8")
    return jm.assess(journey, observed=jm.paths(plain, str(log)), **options)


#: The steps of an instant log, in one order or the other.
STEPS = ["register request", "examine casually", "check ticket", "decide"]


def instant_log(path: Path, cases: int) -> Path:
    """Every event of a case at one instant: only the log's order says the path, which
    is one of two, told apart by order alone."""
    lines = ["case,activity,timestamp"]
    for n in range(cases):
        order = STEPS if n % 2 else STEPS[::-1]
        lines += [f"c{n},{step},2024-01-01T10:00:00Z" for step in order]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def first_steps(journey: jm.Journey, source: str) -> list[tuple[str, int]]:
    """The first step of each variant of the log, with its cases (sorted)."""
    from journeymap.measure.events import read_paths

    return sorted((v["path"][0], v["cases"]) for v in read_paths(journey, source).top_variants)


@contextlib.contextmanager
def serving(*arguments: str) -> Iterator[subprocess.Popen[str]]:
    """``journeymap serve ARGUMENTS`` in a process of its own, its console (stderr) to read
    line by line; stopped afterwards."""
    server = subprocess.Popen(
        [sys.executable, "-m", "journeymap", "serve", *arguments],
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    try:
        assert server.stderr is not None
        yield server
    finally:
        server.terminate()
        server.wait(timeout=30)


def service_journey(*, hotline: bool = False) -> jm.Journey:
    """Awareness without customer service (none needed), a purchase without it (a gap)
    and a loyalty stage with a chat; with ``hotline``, a hotline reachable from anywhere."""
    import journeymap as jm

    touchpoints = [
        jm.Touchpoint(id="ad", stage="aware", owner="CX"),
        jm.Touchpoint(id="shop", stage="buy", owner="CX"),
        jm.Touchpoint(id="app", stage="keep", owner="CX"),
        jm.Touchpoint(id="chat", stage="keep", owner="CS"),
    ]
    if hotline:
        touchpoints.append(
            jm.Touchpoint(id="hotline", stage="keep", owner="CS", available="journey")
        )
    return jm.Journey(
        id="gaps",
        title="Gaps",
        locale="nl",
        stages=[
            jm.Stage(id="aware", phase="awareness"),
            jm.Stage(id="buy", phase="purchase"),
            jm.Stage(id="keep", phase="loyalty"),
        ],
        touchpoints=touchpoints,
    )
