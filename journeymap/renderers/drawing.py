"""What a diagram page is made of: boxes, texts, lines, dots and arrows, in points.

The parts are named tuples: a map of 2,000 touchpoints is made of tens of thousands.

The layout (:mod:`journeymap.renderers.grid`) produces a :class:`Page` of these;
the DOT writer (:mod:`journeymap.renderers.dot`) draws it.  Coordinates are
points with y growing downwards.  The sizes and colours of the map are here too,
so both sides agree on them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, NamedTuple

# Sizes in points.  No text is smaller than SMALL: at 16:9 on a 1920×1080 screen a page up
# to 1,508 points wide shows it at 14 px or more.
TITLE, HEADER, BODY, SMALL = 18.0, 13.0, 11.0, 11.0
LEADING = 1.2  # line height / font size
MARGIN = 14.0  # around the page's content, and under its legend

# Colours: owners in an Okabe–Ito friendly blue and orange, persona curves in Okabe–Ito.
OWNER_FILL = {"CX": "#dbeafe", "CS": "#ffedd5"}
OWNER_LINE = {"CX": "#1d4ed8", "CS": "#c2410c"}
PAIN, IDEA = "#b91c1c", "#047857"
INK, MUTED, RULE, FAINT = "#0f172a", "#475569", "#cbd5e1", "#e2e8f0"
WHITE, LANE_FILL, HEADER_FILL = "#ffffff", "#f1f5f9", "#e2e8f0"
FLOW, HANDOFF = "#64748b", "#7c3aed"
#: A blueprint's layers (fill, outline): the customer's evidence and actions, the work
#: behind the counter and the systems it runs on; and the lines between them.
LAYER_COLOURS = {
    "evidence": ("#ffffff", "#94a3b8"),
    "action": ("#fef9c3", "#a16207"),
    "backstage": ("#e2e8f0", "#475569"),
    "systems": ("#f8fafc", "#64748b"),
}
BLUEPRINT_LINE = "#334155"
UNDESIGNED = "#dc2626"  # a step customers take that no flow designs (--events)
SLOW = "#b45309"  # a designed flow among the slowest tenth of the steps taken (--events)
CURVES = (
    ("#0072b2", "solid"),
    ("#d55e00", "dashed"),
    ("#009e73", "dotted"),
    ("#cc79a7", "solid"),
    ("#e69f00", "dashed"),
    ("#56b4e9", "dotted"),
)


def line_height(size: float) -> float:
    return size * LEADING


class Rect(NamedTuple):
    x: float
    y: float
    w: float
    h: float
    fill: str | None = None
    stroke: str | None = None
    pen: float = 1.0
    radius: float = 0.0


class Text(NamedTuple):
    x: float
    y: float  # the baseline
    text: str
    size: float = BODY
    bold: bool = False
    color: str = INK
    anchor: Literal["start", "middle", "end"] = "start"


class Line(NamedTuple):
    points: tuple[tuple[float, float], ...]
    color: str
    pen: float = 1.0
    style: str = "solid"  # solid, dashed, dotted


class Dot(NamedTuple):
    x: float
    y: float
    radius: float
    color: str


Item = Rect | Text | Line | Dot


class Arrow(NamedTuple):
    """A flow: a route of straight segments (drawn with rounded corners) ending in a head."""

    points: tuple[tuple[float, float], ...]
    color: str
    pen: float
    dashed: bool
    tooltip: str


@dataclass
class Page:
    """One drawing: what is painted, in order, and the arrows on top."""

    width: float
    height: float
    items: list[Item] = field(default_factory=list)
    arrows: list[Arrow] = field(default_factory=list)

    def texts(self) -> list[Text]:
        return [item for item in self.items if isinstance(item, Text)]
