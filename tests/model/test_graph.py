"""The networkx graph of a journey."""

from __future__ import annotations

import journeymap as jm
from tests.helpers import SHOP


def test_nodes_and_edges_carry_their_attributes() -> None:
    journey = jm.load(SHOP)
    graph = journey.graph
    assert set(graph.nodes) == {tp.id for tp in journey.touchpoints}
    for tp in journey.touchpoints:
        node = graph.nodes[tp.id]
        assert (node["stage"], node["owner"], node["channel"]) == (tp.stage, tp.owner, tp.channel)
    flows = [(e.source, e.flow.to) for e in journey.flows()]
    assert set(graph.edges) == set(flows)


def test_handoffs_are_marked_and_dangling_flows_left_out() -> None:
    journey = jm.loads(
        """
journeymap: 1
id: g
title: G
stages: [{id: s}]
touchpoints:
  - {id: a, stage: s, owner: CX, next: [{to: b, context: true}, ghost]}
  - {id: b, stage: s, owner: CS, next: []}
"""
    )
    graph = journey.graph
    assert list(graph.edges(data=True)) == [
        (
            "a",
            "b",
            {"label": None, "share": None, "context": True, "implied": False, "handoff": True},
        )
    ]
