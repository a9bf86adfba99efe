"""Coverage rules (JM2xx): is customer service present and measured where the journey needs it?"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ...i18n import PHASE_NAMES, channel_name
from ...model.handovers import hands_over
from ...model.metrics import CX_SCORE_METRICS, SERVICE_METRICS
from ..context import CheckContext, Hit, named

if TYPE_CHECKING:
    from ...model.journey import Touchpoint


def _service_stages(ctx: CheckContext) -> Iterator[tuple[int, str]]:
    """Index and id of each stage where customers need service (see
    :meth:`~journeymap.model.journey.Journey.needs_service`)."""
    for index, stage in enumerate(ctx.journey.stages):
        if ctx.stage_index[stage.id] == index and ctx.journey.needs_service(stage):
            yield index, stage.id


def stage_without_cs(ctx: CheckContext) -> Iterator[Hit]:
    """A purchase or loyalty stage has no customer-service touchpoint.

    What it does:
        Reports each stage of phase ``purchase`` or ``loyalty`` (alias
        ``retention``) in which no touchpoint has ``owner: CS``.  The phase is
        taken from ``phase:`` or, when absent, from a phase word in the stage's id
        or name in any shipped language (``aankoop``, ``Kauf``, ``Satın alma``);
        a stage whose phase cannot be told gets JM107 instead of silence.

        In a service journey (``kind: service``) the stages judged are those where the
        customer waits on the organisation: a touchpoint there has ``backstage`` steps or
        a flow with a ``max_wait``.  A CS touchpoint ``available: journey`` can be reached
        from every stage.

    Why is this bad:
        At purchase customer service is activated, and during loyalty it helps
        customers use the product and solves their problems.  A stage there without
        CS leaves customers with a question or a problem nobody to turn to.

    Example:
        ```yaml
        stages:
          - {id: purchase, name: Purchase}     # JM201: only CX touchpoints below
        touchpoints:
          - {id: checkout, stage: purchase, owner: CX}
        ```
        Add a CS touchpoint, e.g.
        ``{id: order-hotline, stage: purchase, owner: CS, channel: phone}``.
    """
    for index, stage_id in _service_stages(ctx):
        if not ctx.journey.reachable_service(stage_id):
            stage = ctx.journey.stages[index]
            phase = stage.canonical_phase
            yield Hit(
                ("stages", index),
                stage_id,
                ctx.tr(
                    "Stage %(stage)s is in the %(phase)s phase but has no CS touchpoint; add one "
                    "with owner: CS and stage: %(id)s so customers can get help here.",
                    stage=named(stage),
                    phase=ctx.tr(PHASE_NAMES[phase]),
                    id=stage_id,
                )
                if ctx.journey.kind != "service" and phase is not None
                else ctx.tr(
                    "In stage %(stage)s the customer waits on the organisation but can reach "
                    "no CS touchpoint; add one with owner: CS and stage: %(id)s, or one "
                    "available: journey.",
                    stage=named(stage),
                    id=stage_id,
                ),
            )


def cs_without_service_metric(ctx: CheckContext) -> Iterator[Hit]:
    """A customer-service touchpoint is not measured.

    What it does:
        Reports touchpoints with ``owner: CS`` that have none of the service
        metrics ``frt`` (first response time), ``art`` (average resolution time)
        or ``resolution_rate``.

    Why is this bad:
        Service that is not measured cannot be managed: nobody sees whether
        customers wait an hour for an answer or whether their problems get solved.

    Example:
        ```yaml
        touchpoints:
          - id: support-chat
            stage: loyalty
            owner: CS
            metrics: {csat: 80}     # JM202: add frt, art or resolution_rate
        ```
        Add e.g. ``frt: {value: 3m, target: 5m}``.
    """
    for index, tp in enumerate(ctx.journey.touchpoints):
        if tp.owner == "CS" and not any(m in tp.metrics for m in SERVICE_METRICS):
            yield Hit(
                ("touchpoints", index),
                tp.id,
                ctx.tr(
                    "CS touchpoint %(touchpoint)s has no service metric; add frt, art or "
                    "resolution_rate.",
                    touchpoint=named(tp),
                ),
            )


def stage_without_cx_metric(ctx: CheckContext) -> Iterator[Hit]:
    """No touchpoint of a stage measures customer satisfaction or effort.

    What it does:
        Reports each stage with touchpoints of which none carries ``csat``, ``nps``
        or ``ces``.  Empty stages are left to JM103.

    Why is this bad:
        Without a satisfaction or effort score you cannot tell how a whole phase of
        the journey feels to customers, nor whether a change made it better.

    Example:
        ```yaml
        touchpoints:
          - {id: checkout, stage: purchase, owner: CX, metrics: {error_rate: 2}}  # JM203
        ```
        Add a score to one touchpoint of the stage, e.g. ``csat: {value: 82, n: 140}``.
    """
    for index, stage in enumerate(ctx.journey.stages):
        touchpoints = ctx.by_stage[stage.id] if ctx.stage_index[stage.id] == index else []
        if touchpoints and not any(m in tp.metrics for tp in touchpoints for m in CX_SCORE_METRICS):
            yield Hit(
                ("stages", index),
                stage.id,
                ctx.tr(
                    "No touchpoint of stage %(stage)s has csat, nps or ces; add one to measure "
                    "how this stage feels to customers.",
                    stage=named(stage),
                ),
            )


def single_support_channel(ctx: CheckContext) -> Iterator[Hit]:
    """Customer service is reachable through only one channel in a purchase or loyalty stage.

    What it does:
        Counts the distinct ``channel`` values of the CS touchpoints of each
        purchase or loyalty/retention stage that has CS touchpoints, and reports
        stages with fewer than two.

        The stages and the CS touchpoints reachable in them are those of JM201, for a
        service journey as for any other.

    Why is this bad:
        Customers choose how they ask for help: voice, e-mail, chat, social or a
        contact page.  A single channel fails everyone who cannot or will not use
        it, and is a single point of failure.

    Example:
        ```yaml
        touchpoints:
          - {id: hotline, stage: loyalty, owner: CS, channel: phone}   # JM204: only phone
        ```
        Add a second channel, e.g. ``{id: support-chat, stage: loyalty, owner: CS, channel: chat}``.
    """
    for index, stage_id in _service_stages(ctx):
        service = ctx.journey.reachable_service(stage_id)
        channels = sorted({tp.channel for tp in service if tp.channel})
        if service and len(channels) < 2:
            stage = named(ctx.journey.stages[index])
            yield Hit(
                ("stages", index),
                stage_id,
                ctx.tr(
                    "Customer service in stage %(stage)s is reachable only through %(channel)s; "
                    "offer at least two channels (e.g. phone and chat).",
                    stage=stage,
                    channel=channel_name(channels[0], ctx.lang, ctx.journey.channel_names()),
                )
                if channels
                else ctx.tr(
                    "Customer service in stage %(stage)s is reachable through no named channel; "
                    "offer at least two channels (e.g. phone and chat).",
                    stage=stage,
                ),
            )


def handoff_without_context(ctx: CheckContext) -> Iterator[Hit]:
    """A hand-over to customer service does not carry the customer's context.

    What it does:
        Reports flows *into* a CS touchpoint from a CX touchpoint, and flows between
        CS touchpoints of different ``team``s, that lack ``context: true``.  Flows
        from CS to CX (a satisfaction survey, a newsletter) are not hand-overs: the
        customer explains nothing there.  Implied flows (no ``next`` anywhere) cannot
        carry context, so their hand-overs are reported too.

    Why is this bad:
        Data silos make customers explain again after every hand-over between
        departments, one of the most common CX failures: the chatbot that passes to
        live chat without the conversation, first level that escalates to second
        level without the ticket's history.

    Example:
        ```yaml
        touchpoints:
          - id: chatbot
            owner: CX
            next: [live-chat]                          # JM205
          # fixed
            next: [{to: live-chat, context: true}]
          - {id: live-chat, owner: CS, team: 1st level, next: [specialists]}   # JM205
          - {id: specialists, owner: CS, team: 2nd level}
        ```
    """
    for edge in ctx.flows:
        source = ctx.touchpoints[edge.source]
        target = ctx.touchpoints.get(edge.flow.to)
        if target is None or edge.flow.context or not hands_over(source, target):
            continue
        teams = source.owner == "CS"  # between CS teams: say which
        yield Hit(
            edge.path,
            edge.source,
            ctx.tr(
                "Hand-over from %(source)s to %(target)s does not carry the customer's context; "
                "add context: true to the flow (and pass the conversation on).",
                source=_who(ctx, source, teams),
                target=_who(ctx, target, teams),
            ),
            concern=target.id,
        )


def _who(ctx: CheckContext, tp: Touchpoint, with_team: bool) -> str:
    """``CX 'Chatbot' (chatbot)``; between CS teams with the team: ``CS 'Chat' (chat), team
    '1st level'``."""
    who = f"{tp.owner} {named(tp)}"
    if not with_team:
        return who
    if tp.team:
        return ctx.tr("%(who)s of team %(team)s", who=who, team=repr(tp.team))
    return ctx.tr("%(who)s of no team", who=who)


def pain_point_unaddressed(ctx: CheckContext) -> Iterator[Hit]:
    """A touchpoint has pain points but no opportunity.

    What it does:
        Reports touchpoints with ``pain_points`` and an empty ``opportunities`` list.

    Why is this bad:
        A journey map is a tool for change: every pain point should lead to at least
        one idea of how to remove it, so the workshop ends with actions.

    Example:
        ```yaml
        touchpoints:
          - id: cart
            pain_points: ["Delivery costs appear only at the end"]   # JM206
            opportunities: ["Show delivery costs on the product page"]  # fixes it
        ```
    """
    for index, tp in enumerate(ctx.journey.touchpoints):
        if tp.pain_points and not tp.opportunities:
            yield Hit(
                ("touchpoints", index, "pain_points"),
                tp.id,
                ctx.tr_plural(
                    "Touchpoint %(touchpoint)s has %(count)s pain point and no opportunity; add "
                    "at least one idea under opportunities.",
                    "Touchpoint %(touchpoint)s has %(count)s pain points and no opportunity; "
                    "add at least one idea under opportunities.",
                    len(tp.pain_points),
                    touchpoint=named(tp),
                ),
            )
