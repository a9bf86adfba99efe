"""The closed sets of the renderers (lanes, engines, diagram formats), each defined once.

Light on purpose: the command line reads these for its choices without importing
Graphviz or Jinja2.
"""

from __future__ import annotations

from typing import Literal, get_args

#: How a stage's cards are split into rows.
Lanes = Literal["none", "owner"]
LANES: tuple[Lanes, ...] = get_args(Lanes)

#: Which Graphviz draws: ``auto`` picks ``system`` when ``dot`` is installed.
EngineName = Literal["auto", "system", "embedded"]
ENGINES: tuple[EngineName, ...] = get_args(EngineName)

DiagramFormat = Literal["svg", "png", "pdf", "dot"]
DIAGRAM_FORMATS: tuple[DiagramFormat, ...] = get_args(DiagramFormat)
#: What the embedded engine can draw (the system engine draws all but ``dot``, which is
#: the text itself).
EMBEDDED_FORMATS: tuple[DiagramFormat, ...] = ("svg", "png")
