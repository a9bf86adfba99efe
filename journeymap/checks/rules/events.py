"""Event-data rules (JM4xx): the designed journey against what customers did (``--events``).

Each rule is silent unless the journey was checked with an event log.  The
thresholds keep small numbers from raising alarms: a rule needs both a count and
a share, so one odd case in a hundred thousand is no finding.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ...i18n import N_, durations_apart, number, percent
from ..context import CheckContext, Hit, named

if TYPE_CHECKING:
    from ...model.journey import Touchpoint
    from ...model.observed import Paths


def _observed(ctx: CheckContext) -> Paths | None:
    return ctx.observed


def _share(part: float, whole: float) -> float:
    return part / whole if whole else 0.0


def _touchpoint(ctx: CheckContext, touchpoint_id: str) -> Touchpoint | None:
    return ctx.touchpoints.get(touchpoint_id)


def _touchpoint_hits(
    ctx: CheckContext, code: str, key: str, message: str, owner: str | None = None
) -> Iterator[Hit]:
    """A finding at each touchpoint (of ``owner``, when given) whose ``key`` count
    (drop-offs, repeat cases) reaches the rule's thresholds: that many cases, and that
    share of the cases reaching the touchpoint; ``message`` names count, cases, share."""
    paths = _observed(ctx)
    if paths is None:
        return
    for touchpoint_id, counts in paths.touchpoints.items():
        tp = _touchpoint(ctx, touchpoint_id)
        if tp is None or (owner is not None and tp.owner != owner):
            continue
        if ctx.rules[code].reaches(ctx.journey, counts[key], counts["cases"]):
            yield Hit(
                ctx.touchpoint_path(tp),
                tp.id,
                ctx.tr(
                    message,
                    count=number(counts[key], ctx.lang),
                    cases=number(counts["cases"], ctx.lang),
                    share=percent(100 * _share(counts[key], counts["cases"]), ctx.lang),
                    touchpoint=named(tp),
                ),
            )


def undesigned_flow(ctx: CheckContext) -> Iterator[Hit]:
    """Many customers take a step the journey does not have.

    What it does:
        With ``--events``, reports a transition between two touchpoints that no flow
        designs, taken by at least 30 cases and at least 5 % of the cases that reach
        its source.  A touchpoint followed by itself is left to JM405 (repeat visits).

    Why is this bad:
        The map hides a route customers really take, often a detour to customer
        service or a loop back; decisions made on the map miss it.

    Example:
        ```yaml
        - {id: checkout, stage: purchase, owner: CX, next: [confirmation]}
        # the log: 400 of 2,000 checkout cases go on to the hotline: JM401
        ```
        Add the flow (``next: [confirmation, hotline]``) or fix what sends customers there.
    """
    paths = _observed(ctx)
    if paths is None:
        return
    for flow in paths.flows:
        source = _touchpoint(ctx, flow["from"])
        target = _touchpoint(ctx, flow["to"])
        # A touchpoint followed by itself is a repeat visit (JM405's matter), not a step
        # the map could add.
        if flow["designed"] or flow["from"] == flow["to"] or source is None or target is None:
            continue
        reaching = paths.touchpoints.get(flow["from"], {}).get("cases", 0)
        share = _share(flow["cases"], reaching)
        if ctx.rules["JM401"].reaches(ctx.journey, flow["cases"], reaching):
            yield Hit(
                ctx.touchpoint_path(source),
                source.id,
                ctx.tr(
                    "%(count)s cases (%(share)s) go from touchpoint %(source)s to %(target)s, "
                    "a step the journey does not design; add the flow or remove its cause.",
                    count=number(flow["cases"], ctx.lang),
                    share=percent(100 * share, ctx.lang),
                    source=named(source),
                    target=named(target),
                ),
                concern=target.id,
            )


def unused_flow(ctx: CheckContext) -> Iterator[Hit]:
    """A designed flow that customers hardly take.

    What it does:
        With ``--events``, reports a designed flow taken by less than 1 % of the
        cases that leave its source (the cases of all transitions from it).

    Why is this bad:
        A route nobody takes is a map of intentions: either customers do not find it,
        or it is no longer needed and the map should say so.

    Example:
        ```yaml
        - {id: faq, stage: loyalty, owner: CX, next: [chatbot, hotline]}
        # the log: 3,000 cases leave the FAQ, 4 of them to the chatbot: JM402
        ```
    """
    paths = _observed(ctx)
    if paths is None:
        return
    _, max_share = ctx.rules["JM402"].limits(ctx.journey)
    for edge in ctx.flows:
        source, target = _touchpoint(ctx, edge.source), _touchpoint(ctx, edge.flow.to)
        if source is None or target is None:
            continue
        leaving = paths.leaving.get(source.id, 0)  # each case once, a repeat of it not
        taken = next((f["cases"] for f in paths.flows_from(source.id) if f["to"] == target.id), 0)
        if leaving and _share(taken, leaving) < max_share:
            yield Hit(
                ctx.touchpoint_path(source),
                source.id,
                ctx.tr(
                    "Only %(count)s of %(leaving)s cases leaving touchpoint %(source)s go on to "
                    "%(target)s; check whether customers find this step, or drop it.",
                    count=number(taken, ctx.lang),
                    leaving=number(leaving, ctx.lang),
                    source=named(source),
                    target=named(target),
                )
                if taken
                else ctx.tr(
                    "None of the %(leaving)s cases leaving touchpoint %(source)s goes on to "
                    "%(target)s; check whether customers find this step, or drop it.",
                    leaving=number(leaving, ctx.lang),
                    source=named(source),
                    target=named(target),
                ),
                concern=target.id,
            )


def dropoff(ctx: CheckContext) -> Iterator[Hit]:
    """Many customers stop at a touchpoint before the journey ends.

    What it does:
        With ``--events``, reports a touchpoint where at least 30 cases and 10 % of
        the cases that reach it end, when it is neither ``exit: true`` nor in the
        last stage.

    Why is this bad:
        A drop-off is a lost customer or an unfinished case; the touchpoint before it
        is where to look first.

    Example:
        ```yaml
        - {id: id-check, stage: purchase, owner: CX, next: [contract]}
        # the log: 900 of 3,000 cases end at the ID check: JM403
        ```
    """
    yield from _touchpoint_hits(
        ctx,
        "JM403",
        "dropoff",
        N_(
            "%(count)s of %(cases)s cases (%(share)s) end at touchpoint %(touchpoint)s "
            "before the journey does; find out why they stop here."
        ),
    )


def slow_flow(ctx: CheckContext) -> Iterator[Hit]:
    """Customers wait longer along a flow than its ``max_wait``.

    What it does:
        With ``--events``, reports a flow whose median duration (from the event at its
        source to the next at its target) is above the ``max_wait`` it declares; and a
        backstage step whose median wait (from the customer's last touchpoint event to
        the step's event) is above its own ``max_wait``.

    Why is this bad:
        Waiting is where customers call again, complain or leave; a target that the
        median misses is missed for most customers.

    Example:
        ```yaml
        - {id: claim, stage: purchase, owner: CS, next: [{to: decision, max_wait: 2d}]}
        # the log: the median claim waits 5 days for its decision: JM404
        ```
    """
    paths = _observed(ctx)
    if paths is None:
        return
    medians = {(flow["from"], flow["to"]): flow["median_s"] for flow in paths.flows}
    for edge in ctx.flows:
        source = _touchpoint(ctx, edge.source)
        median = medians.get((edge.source, edge.flow.to))
        limit = edge.flow.max_wait
        if source is None or median is None or limit is None or median <= limit:
            continue
        median_text, limit_text = durations_apart(median, limit, ctx.lang)
        yield Hit(
            ctx.touchpoint_path(source),
            source.id,
            ctx.tr(
                "Customers take %(median)s (median) from touchpoint %(source)s to %(target)s, "
                "more than its max_wait of %(limit)s; shorten the wait or revise the target.",
                median=median_text,
                source=named(source),
                target=repr(edge.flow.to),
                limit=limit_text,
            ),
            concern=edge.flow.to,
        )
    yield from _slow_backstage(ctx, paths)


def _slow_backstage(ctx: CheckContext, paths: Paths) -> Iterator[Hit]:
    """A backstage step whose median wait (from the customer's last touchpoint before it)
    is above its ``max_wait``."""
    for index, tp in enumerate(ctx.journey.touchpoints):
        for k, step in enumerate(tp.backstage):
            wait = paths.wait_on(tp.id, step.id)
            if wait is None or step.max_wait is None or wait["median_s"] <= step.max_wait:
                continue
            median, limit = durations_apart(wait["median_s"], step.max_wait, ctx.lang)
            yield Hit(
                ("touchpoints", index, "backstage", k),
                tp.id,
                ctx.tr(
                    "Customers wait %(median)s (median) on backstage step %(step)s of "
                    "touchpoint %(touchpoint)s, more than its max_wait of %(limit)s; shorten "
                    "the work or revise the target.",
                    median=median,
                    step=named(step),
                    touchpoint=named(tp),
                    limit=limit,
                ),
                concern=step.id,
            )


def repeat_contact(ctx: CheckContext) -> Iterator[Hit]:
    """Customers have to come back to customer service.

    What it does:
        With ``--events``, reports a CS touchpoint that at least 30 cases and 20 % of
        the cases reaching it visit twice or more.

    Why is this bad:
        A repeat contact is a problem not solved the first time, and often a customer
        who has to explain everything again.

    Example:
        ```yaml
        - {id: hotline, stage: loyalty, owner: CS}
        # the log: 700 of 2,500 hotline cases call again: JM405
        ```
    """
    yield from _touchpoint_hits(
        ctx,
        "JM405",
        "repeat_cases",
        N_(
            "%(count)s of %(cases)s cases (%(share)s) contact %(touchpoint)s more than "
            "once; solve it the first time, or pass the context on."
        ),
        owner="CS",
    )


def unmapped_activity(ctx: CheckContext) -> Iterator[Hit]:
    """An activity of the event log means no touchpoint.

    What it does:
        With ``--events``, reports each activity that no touchpoint lists under
        ``events`` and that is no touchpoint's id or name.

    Why is this bad:
        Its events are left out of the paths, so flows and drop-offs around it are
        measured wrong; either map it or confirm that it is no customer contact.

    Example:
        ```yaml
        - {id: hotline, stage: loyalty, owner: CS, events: [Inbound call]}
        # the log also has "Callback": JM406 until a touchpoint lists it
        ```
    """
    paths = _observed(ctx)
    if paths is None:
        return
    for activity, events in paths.unmapped.items():
        yield Hit(
            ("touchpoints",),  # where a touchpoint would list it
            ctx.journey.id,
            ctx.tr_plural(
                "Activity %(activity)s (%(count)s event) means no touchpoint; list it under a "
                "touchpoint's events: or confirm it is no customer contact.",
                "Activity %(activity)s (%(count)s events) means no touchpoint; list it under a "
                "touchpoint's events: or confirm it is no customer contact.",
                events,
                activity=repr(activity),
            ),
            concern=activity,
        )
