"""The closed sets of the renderers (lanes, engines, diagram formats), each defined once.

Light on purpose: the command line reads these for its choices without importing
Graphviz or Jinja2.
"""

from __future__ import annotations

from typing import Literal, get_args

#: Which rows (lanes) a stage's cards are split into: CX above CS (the line of interaction),
#: one lane per channel or per persona, a single lane, or the layers of a service blueprint
#: (evidence, customer actions, CX and CS, backstage, support systems).
Lanes = Literal["owner", "channel", "persona", "none", "blueprint"]
LANES: tuple[Lanes, ...] = get_args(Lanes)

#: Which Graphviz draws: ``auto`` picks ``system`` when ``dot`` is installed.
EngineName = Literal["auto", "system", "embedded"]
ENGINES: tuple[EngineName, ...] = get_args(EngineName)

#: The map's formats; ``pptx`` is a deck of editable slides (:mod:`.deck`), drawn by no engine.
DiagramFormat = Literal["svg", "png", "pdf", "dot", "pptx"]
DIAGRAM_FORMATS: tuple[DiagramFormat, ...] = get_args(DiagramFormat)
#: What the embedded engine can draw (the system engine draws all but ``dot``, which is
#: the text itself).
EMBEDDED_FORMATS: tuple[DiagramFormat, ...] = ("svg", "png")

#: How a map is cut into pages: not at all, or one page per stage.
Split = Literal["none", "stage"]
SPLITS: tuple[Split, ...] = get_args(Split)

#: The shape a map fills: a screen, or paper in landscape; none draws it at its natural size.
Fit = Literal["16:9", "4:3", "a4", "a3", "none"]
FITS: tuple[Fit, ...] = get_args(Fit)
