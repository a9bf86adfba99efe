"""The journey as a ``networkx.DiGraph``: touchpoints are nodes, flows are edges."""

from __future__ import annotations

from typing import TYPE_CHECKING

import networkx as nx

from .handovers import hands_over

if TYPE_CHECKING:
    from .journey import Journey


def build_graph(journey: Journey) -> nx.DiGraph:
    """Build the flow graph of ``journey``.

    Nodes are touchpoint ids with the attributes ``stage``, ``stage_index``,
    ``owner``, ``channel``, ``name``, ``entry`` and ``exit``.  Edges are flows
    with ``label``, ``share``, ``context``, ``implied`` and ``handoff`` (a hand-over
    to customer service, as JM205 defines it: :func:`~.handovers.hands_over`).  Flows to ids that name no touchpoint are left
    out: the checks report them as JM102.  When an id is defined twice, the first
    definition is the node (JM101 reports the second).
    """
    graph = nx.DiGraph(id=journey.id, title=journey.title)
    stage_index = journey.stage_index()
    touchpoints = journey.touchpoint_map()
    for tp in touchpoints.values():
        graph.add_node(
            tp.id,
            stage=tp.stage,
            stage_index=stage_index.get(tp.stage),
            owner=tp.owner,
            channel=tp.channel,
            name=tp.label,
            entry=tp.entry,
            exit=tp.exit,
        )
    for edge in journey.flows():
        target = touchpoints.get(edge.flow.to)
        if target is None:
            continue
        graph.add_edge(
            edge.source,
            target.id,
            label=edge.flow.label,
            share=edge.flow.share,
            context=edge.flow.context,
            implied=edge.implied,
            handoff=hands_over(touchpoints[edge.source], target),
        )
    return graph
