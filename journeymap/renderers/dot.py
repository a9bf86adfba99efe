"""The journey map as DOT text for Graphviz: a pure function of the journey.

:mod:`journeymap.renderers.grid` decides where everything stands; this module
writes it down.  Graphviz draws it with its ``nop2`` layout (``neato -n2``), which
keeps every position as given, so the system engine and the embedded one draw
the same picture:

* the lanes, cards, texts and the emotion curve are drawing operations in the
  graph's ``_background`` (Graphviz's xdot language), each text placed at the
  exact point the layout measured it for;
* every flow is an edge between two invisible anchor nodes, with its route
  given as the edge's spline (``pos``), so Graphviz draws the arrow head.

Every label is plain text inside xdot's length-prefixed strings or quoted DOT
strings, so no user text can end a string or start an attribute.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from ..model.journey import Journey
from ..safe_text import CONTROLS
from .drawing import Item, Line, Page, Rect, Text
from .fonts import FONT_FAMILY, text_width
from .grid import layout, split_by_stage
from .options import Fit, Lanes

if TYPE_CHECKING:
    from ..analysis.assessed import Assessed

#: Corners of a flow's route are rounded with this radius.
CORNER = 6.0
ARROW = 7.0  # length of an arrow head


def to_dot(
    journey: Journey | Assessed,
    *,
    lanes: Lanes = "owner",
    fit: Fit = "none",
    persona: str | None = None,
) -> str:
    """The DOT text of the journey map; byte-identical for the same journey."""
    name = journey.id if isinstance(journey, Journey) else journey.journey.id
    return page_dot(layout(journey, lanes=lanes, fit=fit, persona=persona), name)


def to_dot_pages(
    journey: Journey,
    *,
    lanes: Lanes = "owner",
    fit: Fit = "none",
    persona: str | None = None,
) -> list[str]:
    """One DOT text per stage (``--split stage``)."""
    pages = split_by_stage(journey, lanes=lanes, fit=fit, persona=persona)
    return [page_dot(page, f"{journey.id}-{number}") for number, page in enumerate(pages, 1)]


#: Beyond this many flows a map is drawn plainer (square corners), so that Graphviz has less
#: to read and write: such a map is searched more than read.
PLAIN_FROM = 500


def page_dot(page: Page, name: str, *, backslash: str = "\\") -> str:
    """One page as a DOT graph for Graphviz's ``nop2`` layout.  ``backslash`` is what the
    drawing's texts write for a backslash (see :data:`BACKSLASH`)."""
    height = page.height
    plain_drawing = len(page.arrows) > PLAIN_FROM
    pen = _Pen(height, rounded=not plain_drawing, backslash=backslash)
    background = _concatenated(op + " " for item in page.items for op in pen.ops(item))
    lines = [
        f"digraph {_quoted(name)} {{",
        f'\tgraph [bb="0,0,{_n(page.width)},{_n(height)}" pad=0 margin=0 outputorder=edgesfirst '
        f"_background={background}]",
        '\tnode [shape=point style=invis width=0 height=0 label=""]',
        # Every flow runs between the same two invisible anchors: with its route given as
        # its spline, Graphviz draws it where the route says, whatever the anchors' places.
        '\ta [pos="0,0"]',
        '\tb [pos="0,0"]',
    ]
    style = ""
    for arrow in sorted(page.arrows, key=lambda a: (a.color, a.pen, a.dashed)):
        wanted = (
            f"arrowsize={_n(_arrow_size(arrow.pen))} "
            f'color="{arrow.color}" penwidth={_n(arrow.pen)} style={"dashed" if arrow.dashed else "solid"}'
        )
        if wanted != style:  # an attribute statement sets the defaults of the edges after it
            lines.append(f"\tedge [{wanted}]")
            style = wanted
        spline = _spline(arrow.points, height, rounded=not plain_drawing)
        tooltip = f" tooltip={_quoted(_escaped(plain(arrow.tooltip)))}" if arrow.tooltip else ""
        lines.append(f'\ta -> b [pos="{spline}"{tooltip}]')
    lines.append("}")
    return "\n".join(lines) + "\n"


def _arrow_size(pen: float) -> float:
    """Graphviz grows an arrow head with the pen: wide flows (cases from an event log) keep
    heads the size of a plain flow's."""
    return 0.7 * min(1.0, 2.0 / pen)


#: Graphviz 2.43 reads no quoted string longer than 16,384 bytes; DOT joins strings with +.
MAX_STRING = 8000


def _concatenated(parts: Iterable[str]) -> str:
    """Quoted DOT strings joined with ``+``, each short enough for every Graphviz to read."""
    chunks: list[str] = []
    current = ""
    for part in parts:
        if current and len(current) + len(part) > MAX_STRING:
            chunks.append(current)
            current = ""
        current += part
    chunks.append(current)
    return " + ".join(_quoted(chunk) for chunk in chunks)


# --------------------------------------------------------------------------- xdot


#: A polyline longer than this is drawn in pieces (each piece is one DOT string).
MAX_LINE_POINTS = 200


class _Pen:
    """Writes xdot operations, setting pen, fill and font only when they change: xdot keeps
    them from one operation to the next, and a map of 2,000 cards repeats them a lot."""

    def __init__(self, height: float, *, rounded: bool = True, backslash: str = "\\") -> None:
        self.height = height
        self.rounded = rounded  # round the corners of boxes
        self.backslash = backslash
        self.state: dict[str, str] = {}

    def set(self, operator: str, value: str) -> str:
        """``operator value`` when the value differs from the one in force, else nothing."""
        key = f"{operator}:width" if "setlinewidth" in value else operator
        if self.state.get(key) == value:
            return ""
        self.state[key] = value
        return f"{operator} {value} "

    def line(self, style: str, pen: float, color: str) -> str:
        return (
            self.set("S", _string(style))
            + self.set("S", _string(f"setlinewidth({_n(pen)})"))
            + self.set("c", _string(color))
        )

    def ops(self, item: Item) -> Iterator[str]:
        """The xdot operations that draw ``item``."""
        if isinstance(item, Rect):
            yield self.rect(item)
        elif isinstance(item, Text):
            yield self.text(item)
        elif isinstance(item, Line):
            head = self.line(item.style, item.pen, item.color)
            for start in range(0, max(len(item.points) - 1, 1), MAX_LINE_POINTS):
                piece = item.points[start : start + MAX_LINE_POINTS + 1]  # pieces share an end
                points = " ".join(f"{_n(x)} {_n(self.height - y)}" for x, y in piece)
                yield f"{head}L {len(piece)} {points}"
                head = ""
        else:
            x, y, r = _n(item.x), _n(self.height - item.y), _n(item.radius)
            head = self.line("solid", 1.0, item.color) + self.set("C", _string(item.color))
            yield f"{head}E {x} {y} {r} {r}"

    def rect(self, rect: Rect) -> str:
        stroke = rect.stroke or rect.fill or "none"
        head = self.line("solid", rect.pen, stroke) + self.set("C", _string(rect.fill or "none"))
        return head + _box(rect, self.height, self.rounded)

    def text(self, item: Text) -> str:
        head = (
            self.set("F", f"{_n(item.size)} {_string(FONT_FAMILY)}")
            + self.set("t", "1" if item.bold else "0")
            + self.set("c", _string(item.color))
        )
        return head + _words(item, self.height, self.backslash)


# The shapes without their pens are kept across maps: ``serve`` draws nearly the same boxes
# and texts again after each edit, and writing their numbers was most of the DOT's time.


@functools.lru_cache(maxsize=1 << 16)
def _box(rect: Rect, height: float, rounded: bool) -> str:
    """A box's xdot: a polygon, or with ``rounded`` corners a closed Bézier path."""
    x1, x2 = rect.x, rect.x + rect.w
    y1, y2 = height - rect.y, height - rect.y - rect.h
    if rect.radius <= 0 or not rounded:
        corners = f"{_n(x1)} {_n(y1)} {_n(x2)} {_n(y1)} {_n(x2)} {_n(y2)} {_n(x1)} {_n(y2)}"
        return f"{'P' if rect.fill else 'p'} 4 {corners}"
    r = min(rect.radius, rect.w / 2, rect.h / 2)
    # A closed Bézier path, clockwise from the top edge: each side a straight cubic (its
    # control points on the side), each corner a quarter turn around the corner point.
    points = [(x1 + r, y1)]
    for corner, before, after in (
        ((x2, y1), (x2 - r, y1), (x2, y1 - r)),
        ((x2, y2), (x2, y2 + r), (x2 - r, y2)),
        ((x1, y2), (x1 + r, y2), (x1, y2 + r)),
        ((x1, y1), (x1, y1 - r), (x1 + r, y1)),
    ):
        points += [points[-1], before, before, corner, corner, after]
    flat = " ".join(f"{_n(x)} {_n(y)}" for x, y in points)
    return f"{'b' if rect.fill else 'B'} {len(points)} {flat}"


@functools.lru_cache(maxsize=1 << 16)
def _words(item: Text, height: float, backslash: str) -> str:
    """A text's xdot: where it stands, how it is justified, its width and its words."""
    content = plain(item.text, backslash)
    justify = {"start": -1, "middle": 0, "end": 1}[item.anchor]
    width = text_width(content.replace(backslash, "\\"), item.size, bold=item.bold)
    x, y = _n(item.x), _n(height - item.y)
    return f"T {x} {y} {justify} {_n(width)} {_string(content)}"


def _string(value: str) -> str:
    """xdot's length-prefixed string: the byte count, a dash, the bytes (no escaping needed)."""
    return f"{len(value.encode('utf-8'))} -{value}"


# --------------------------------------------------------------------------- splines


@functools.lru_cache(maxsize=1 << 14)  # kept across maps, as the boxes and texts are
def _spline(points: tuple[tuple[float, float], ...], height: float, *, rounded: bool = True) -> str:
    """The route as a Graphviz edge spline: straight runs, rounded corners, an arrow head."""
    flipped = [(x, height - y) for x, y in points]
    *route, tip = flipped
    last = route[-1]
    length = max(abs(tip[0] - last[0]) + abs(tip[1] - last[1]), 1e-9)
    back = min(ARROW, length / 2) / length
    head_start = (tip[0] - (tip[0] - last[0]) * back, tip[1] - (tip[1] - last[1]) * back)
    controls = list(_rounded([*route, head_start], CORNER if rounded else 0.0))
    body = " ".join(f"{_n(x)},{_n(y)}" for x, y in controls)
    return f"e,{_n(tip[0])},{_n(tip[1])} {body}"


def _rounded(points: list[tuple[float, float]], radius: float) -> Iterator[tuple[float, float]]:
    """Cubic Bézier control points (1 + 3n) of a polyline whose corners are rounded (or left
    square, with a ``radius`` of 0)."""
    yield points[0]
    current = points[0]
    for index in range(1, len(points) - 1):
        corner, following = points[index], points[index + 1]
        if radius <= 0:
            yield from (current, corner, corner)
            current = corner
            continue
        before = _towards(corner, current, radius)
        after = _towards(corner, following, radius)
        yield from (current, before, before)  # the straight run up to the corner
        yield from (corner, corner, after)  # the quarter turn
        current = after
    yield from (current, points[-1], points[-1])


def _towards(
    origin: tuple[float, float], target: tuple[float, float], distance: float
) -> tuple[float, float]:
    dx, dy = target[0] - origin[0], target[1] - origin[1]
    length = (dx * dx + dy * dy) ** 0.5
    if length == 0:
        return origin
    step = min(distance, length / 2) / length
    return (origin[0] + dx * step, origin[1] + dy * step)


# --------------------------------------------------------------------------- DOT text


def _n(value: float) -> str:
    """A number as DOT and xdot want it: to a tenth of a point."""
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


#: Drawn as nothing: stands between a backslash and a quote (see :func:`_quoted`).
WORD_JOINER = "\u2060"
#: What the embedded engine's drawing writes for a backslash, put back in its SVG: its xdot
#: reader counts a backslash and the character after it as one, so a real one would shift
#: every text after it.  A private-use character, which no user text keeps.
BACKSLASH = "\ue000"


def plain(text: str, backslash: str = "\\") -> str:
    """User text fit for one line of a drawing: no control characters, one space between
    words, backslashes written as ``backslash``.  A real backslash right before a quote
    gets a word joiner between them, which :func:`_quoted` needs."""
    text = CONTROLS.sub("", " ".join(text.split())).replace(BACKSLASH, "")
    if backslash != "\\":
        return text.replace("\\", backslash)
    return text.replace('\\"', "\\" + WORD_JOINER + '"')


def _escaped(text: str) -> str:
    """Text for a Graphviz escString (a tooltip): Graphviz reads a backslash there twice,
    as DOT and as an escape (``\\N`` is the node's name), so each one is written four
    times to be shown once."""
    return text.replace("\\", "\\" * 4)


def _quoted(value: str) -> str:
    """A DOT string.  Graphviz's reader takes a backslash and the character after it as
    they are, except ``\\"``, which it reads as a quote: so only quotes are escaped.  A
    backslash before a quote would end the string early: :func:`plain` puts a word joiner
    between them, every drawing operation ends with a space, and a tooltip's backslashes
    come in fours (:func:`_escaped`), so no string ends in a lone one."""
    return '"' + value.replace('"', '\\"') + '"'
