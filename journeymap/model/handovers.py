"""What a hand-over is, in one place: JM205, the networkx graph, the map's arrows, the
report's grid and the legend all ask :func:`hands_over`."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .journey import Touchpoint


def hands_over(source: Touchpoint, target: Touchpoint) -> bool:
    """True when a flow from ``source`` to ``target`` is a hand-over (SPEC §4, JM205): into
    customer service from CX, or between CS touchpoints of different teams.  A flow from
    CS to CX (the survey after a call) is not one: the customer explains nothing there.
    JM205, the map's arrows, the report's grid and the legend all ask this one function."""
    if target.owner != "CS":
        return False
    return source.owner != "CS" or (source.team or "") != (target.team or "")
