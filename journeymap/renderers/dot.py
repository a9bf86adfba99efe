"""The journey as a Graphviz diagram (DOT text): a pure function of the journey.

Layout: stages left to right as clusters, in file order; touchpoints as cards
filled by owner (CX blue, CS orange, each also named in the card, so colour is
never the only cue) showing owner, channel, emotion, name, metric badges and
pain points; flows as arrows, hand-overs between owners bold purple (dashed when
the customer's context is lost); a legend at the right.

Every label is a plain Graphviz string, not an HTML-like label: the embedded
WebAssembly engine is built without libexpat and would drop HTML labels, and
one DOT text must look the same on both engines.  All user text goes through
``graphviz.escape`` so quotes, backslashes, braces and ``<>&`` stay literal.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from typing import TYPE_CHECKING

import graphviz

from ..i18n import emotion_mark, plural, text
from ..model.readings import Readings
from ..model.vocabulary import OWNERS
from ..safe_text import CONTROLS
from .labels import badge
from .options import Lanes

if TYPE_CHECKING:
    from ..model.journey import FlowEdge, Journey, Touchpoint

FONT = "DejaVu Sans"
# Owner palette (Okabe–Ito friendly blue/orange), light fills with strong borders.
OWNER_STYLE = {
    "CX": {"fillcolor": "#dbeafe", "color": "#1d4ed8"},
    "CS": {"fillcolor": "#ffedd5", "color": "#c2410c"},
}
PAIN_BORDER = "#b91c1c"
HANDOFF_COLOR = "#7c3aed"
FLOW_COLOR = "#475569"
STAGE_FILL, STAGE_BORDER = "#f8fafc", "#94a3b8"
NAME_WIDTH, DETAIL_WIDTH = 26, 34


def _joined(parts: Iterable[str], end: str) -> str:
    """Escape each line for DOT (literal text) and end each with ``end`` (``\\l``, ``\\n``)."""
    escaped = (graphviz.escape(CONTROLS.sub("", " ".join(part.splitlines()))) for part in parts)
    label: str = graphviz.nohtml("".join(line + end for line in escaped))
    return label


def _lines(*parts: str) -> str:
    """Left-justified label lines."""
    return _joined(parts, r"\l")


def _wrap(value: str, width: int) -> list[str]:
    flat = " ".join(value.split())
    return textwrap.wrap(flat, width, break_long_words=True, break_on_hyphens=True) or [""]


def _node_id(touchpoint_id: str) -> str:
    # Not "tp:id": in an edge, "a:b" means node a, port b.  Slugs never start
    # with "_", so these ids cannot meet the "__gate_…"/"__legend_…" helpers.
    return f"tp_{touchpoint_id}"


def to_dot(journey: Journey, *, lanes: Lanes = "none") -> str:
    """The DOT text of the journey diagram; byte-identical for the same journey."""
    lang = journey.locale
    state = text(f"state.{journey.state}", lang)
    dot = graphviz.Digraph(
        name=journey.id,
        graph_attr={
            "rankdir": "LR",
            "newrank": "true",
            "nodesep": "0.3",
            "ranksep": "0.5",
            "pad": "0.4",
            "bgcolor": "white",
            "fontname": FONT,
            "fontsize": "22",
            "label": _lines(*_wrap(journey.title, 80), state),
            "labelloc": "t",
            "labeljust": "l",
        },
        node_attr={
            "shape": "box",
            "style": "rounded,filled",
            "fontname": FONT,
            "fontsize": "11",
            "margin": "0.14,0.08",
            "penwidth": "1.4",
        },
        edge_attr={"fontname": FONT, "fontsize": "9", "color": FLOW_COLOR, "arrowsize": "0.7"},
    )
    by_stage = journey.touchpoints_by_stage()
    stage_index = journey.stage_index()
    readings = Readings(journey)
    for number, stage in enumerate(journey.stages, 1):
        if stage_index[stage.id] == number - 1:  # a duplicate stage id (JM101): draw the first
            _stage_cluster(dot, journey, readings, number, by_stage[stage.id], lanes)
    column_of = columns(journey)
    _flows(dot, journey, column_of)
    _legend(dot, lang)
    _column_ranks(dot, column_of, legend_column=max(column_of.values(), default=-1) + 1)
    return str(dot.source)


def _stage_cluster(
    dot: graphviz.Digraph,
    journey: Journey,
    readings: Readings,
    number: int,
    touchpoints: list[Touchpoint],
    lanes: Lanes,
) -> None:
    stage = journey.stages[number - 1]
    heading = [f"{number} · {stage.label}"]
    if stage.canonical_phase:
        phase = text(f"phase.{stage.canonical_phase}", journey.locale)
        if phase.lower() != stage.label.lower():
            heading.append(f"({phase})")
    if stage.customer_goal:
        heading += _wrap(f"{text('goal', journey.locale)}: {stage.customer_goal}", DETAIL_WIDTH)
    with dot.subgraph(name=f"cluster_{number}") as cluster:
        cluster.attr(
            label=_lines(*heading),
            labeljust="l",
            style="rounded,filled",
            fillcolor=STAGE_FILL,
            color=STAGE_BORDER,
            fontsize="13",
            margin="14",
        )
        if lanes == "owner":
            for owner in OWNERS:
                members = [tp for tp in touchpoints if tp.owner == owner]
                if not members:
                    continue
                with cluster.subgraph(name=f"cluster_{number}_{owner.lower()}") as lane:
                    lane.attr(
                        label=owner,
                        labeljust="l",
                        style="rounded,dashed",
                        color=OWNER_STYLE[owner]["color"],
                        fontsize="10",
                    )
                    for tp in members:
                        _card(lane, journey, readings, tp)
        else:
            for tp in touchpoints:
                _card(cluster, journey, readings, tp)


def _card(graph: graphviz.Digraph, journey: Journey, readings: Readings, tp: Touchpoint) -> None:
    header = " · ".join(
        part
        for part in (
            tp.owner,
            tp.channel,
            emotion_mark(tp.emotion) if tp.emotion is not None else None,
        )
        if part
    )
    lines = [*_wrap(tp.label, NAME_WIDTH), header]
    badges = [badge(r, journey.locale) for r in readings.of(tp) if r.value is not None]
    for start in range(0, len(badges), 2):
        lines.append("   ".join(badges[start : start + 2]))
    if tp.pain_points:
        lines.append("⚠ " + plural("pain_points", journey.locale, len(tp.pain_points)))
    style = dict(OWNER_STYLE[tp.owner])
    if tp.pain_points:
        style.update(color=PAIN_BORDER, penwidth="2.6")
    tooltip = [tp.label, *(f"⚠ {p}" for p in tp.pain_points), *(f"→ {o}" for o in tp.opportunities)]
    graph.node(_node_id(tp.id), label=_lines(*lines), tooltip=_joined(tooltip, r"\n"), **style)


def columns(journey: Journey) -> dict[str, int]:
    """The column of every placed touchpoint: stages left to right, each as wide as it needs.

    Inside a stage, a touchpoint stands one column right of every touchpoint that
    flows to it from the same stage (longest path; loops are broken where the
    flow goes back in document order).  Fixing the columns ourselves keeps the
    stages in order whatever the flows do, and spares Graphviz the extra edges
    that would otherwise be needed to force the order, which made large
    journeys take half a minute to lay out.
    """
    touchpoints = journey.touchpoint_map()
    successors: dict[str, list[str]] = {}
    for edge in journey.flows():
        target = touchpoints.get(edge.flow.to)
        if target is not None and target.stage == touchpoints[edge.source].stage:
            successors.setdefault(edge.source, []).append(target.id)
    result: dict[str, int] = {}
    offset = 0
    for placed in journey.touchpoints_by_stage().values():
        ids = [tp.id for tp in placed if touchpoints.get(tp.id) is tp]
        if not ids:
            continue
        layer = _longest_path_layers(ids, successors)
        for tp_id in ids:
            result[tp_id] = offset + layer[tp_id]
        offset += max(layer.values()) + 1
    return result


def _longest_path_layers(ids: list[str], successors: dict[str, list[str]]) -> dict[str, int]:
    """Layer of each node in the flow graph of one stage, after dropping back edges."""
    members = set(ids)
    order: list[str] = []  # reverse topological order (DFS post-order)
    state: dict[str, int] = {}  # 1 = on the DFS stack, 2 = done
    back_edges: set[tuple[str, str]] = set()
    for root in ids:
        if root in state:
            continue
        stack = [(root, iter(successors.get(root, ())))]
        state[root] = 1
        while stack:
            node, children = stack[-1]
            for child in children:
                if child not in members:
                    continue
                if state.get(child) == 1:
                    back_edges.add((node, child))
                elif child not in state:
                    state[child] = 1
                    stack.append((child, iter(successors.get(child, ()))))
                    break
            else:
                state[node] = 2
                order.append(node)
                stack.pop()
    layer = dict.fromkeys(ids, 0)
    for node in reversed(order):
        for child in successors.get(node, ()):
            if child in members and (node, child) not in back_edges:
                layer[child] = max(layer[child], layer[node] + 1)
    return layer


def _column_ranks(dot: graphviz.Digraph, column_of: dict[str, int], legend_column: int) -> None:
    """Pin each column with ``rank=same`` to an invisible ruler that runs left to right."""
    members: dict[int, list[str]] = {}
    for tp_id, column in column_of.items():
        members.setdefault(column, []).append(_node_id(tp_id))
    legend_cards = ["__legend_cx", "__legend_cs", "__legend_pain", "__legend_text"]
    members.setdefault(legend_column, []).extend(
        [*legend_cards, *(f"__legend_{k}_a" for k in LEGEND_ARROWS)]
    )
    members.setdefault(legend_column + 1, []).extend(f"__legend_{k}_b" for k in LEGEND_ARROWS)
    last = legend_column + 1
    for column in range(last + 1):
        dot.node(
            f"__column_{column}", shape="point", style="invis", width="0", height="0", label=""
        )
    for column in range(last):
        dot.edge(f"__column_{column}", f"__column_{column + 1}", style="invis")
    for column in range(last + 1):
        with dot.subgraph() as rank:
            rank.attr(rank="same")
            for node in [f"__column_{column}", *members.get(column, ())]:
                rank.node(node)


def _flows(dot: graphviz.Digraph, journey: Journey, column_of: dict[str, int]) -> None:
    touchpoints = journey.touchpoint_map()
    for edge in journey.flows():
        source, target = touchpoints[edge.source], touchpoints.get(edge.flow.to)
        if target is None or source.id not in column_of or target.id not in column_of:
            continue  # JM102 reports it; there is nothing to draw to
        attributes = _flow_style(edge, source.owner != target.owner)
        if column_of[target.id] <= column_of[source.id]:
            attributes["constraint"] = "false"  # loops back and within a column follow the columns
        dot.edge(_node_id(source.id), _node_id(target.id), **attributes)


def _flow_style(edge: FlowEdge, handoff: bool) -> dict[str, str]:
    parts = []
    if edge.flow.label:
        parts += _wrap(edge.flow.label, 22)
    if edge.flow.share is not None:
        parts.append(f"{edge.flow.share:.0%}")
    attributes: dict[str, str] = {}
    if parts:
        attributes["label"] = _lines(*parts)
    if handoff:
        attributes.update(color=HANDOFF_COLOR, penwidth="2.2", fontcolor=HANDOFF_COLOR)
        if not edge.flow.context:
            attributes["style"] = "dashed"
    return attributes


LEGEND_ARROWS = ("flow", "handoff", "handoff_lost")


def _legend(dot: graphviz.Digraph, lang: str) -> None:
    """A compact legend right of the last stage: sample cards, then sample arrows."""
    handoff = {"color": HANDOFF_COLOR, "penwidth": "2.2", "fontcolor": HANDOFF_COLOR}
    styles = {"flow": {}, "handoff": handoff, "handoff_lost": {**handoff, "style": "dashed"}}
    with dot.subgraph(name="cluster_legend") as legend:
        legend.attr(
            label=text("legend", lang),
            labeljust="l",
            style="rounded",
            color=STAGE_BORDER,
            fontsize="12",
        )
        legend.node("__legend_cx", label=_lines(text("legend.cx", lang)), **OWNER_STYLE["CX"])
        legend.node("__legend_cs", label=_lines(text("legend.cs", lang)), **OWNER_STYLE["CS"])
        pain = dict(OWNER_STYLE["CX"], color=PAIN_BORDER, penwidth="2.6")
        legend.node("__legend_pain", label=_lines(text("legend.pain", lang)), **pain)
        legend.node(
            "__legend_text",
            label=_lines(text("legend.targets", lang), text("legend.emotion", lang)),
            shape="plaintext",
            style="",
        )
        for key in LEGEND_ARROWS:
            legend.node(f"__legend_{key}_a", shape="point", width="0.06", label="")
            legend.node(f"__legend_{key}_b", shape="point", width="0.06", label="")
            legend.edge(
                f"__legend_{key}_a",
                f"__legend_{key}_b",
                label=_lines(text(f"legend.{key}", lang)),
                **styles[key],
            )
