"""Blueprint rules (JM207-JM209): the work and the systems behind the touchpoints (SPEC §11)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..context import CheckContext, Hit, named

if TYPE_CHECKING:
    from ...model.journey import Touchpoint


def _system_names(ctx: CheckContext, systems: list[str]) -> str:
    library = ctx.journey.system_map()
    return ", ".join(library[s].label if s in library else s for s in systems)


def context_silo(ctx: CheckContext) -> Iterator[Hit]:
    """A hand-over goes to a team that works in other systems.

    What it does:
        Reports a flow without ``context: true`` between two touchpoints that both name
        their systems (their own ``systems`` and those of their team in ``teams:``) and
        share none; and, once, a CS touchpoint ``available`` from its stage or the whole
        journey whose systems share none with those of the touchpoints it is reached from.

    Why is this bad:
        The customer's data lives in one team's system and the next team cannot see it,
        so the customer has to tell everything again: the typical stumbling block of
        information that lives in one department only.

    Example:
        ```yaml
        systems: [{id: crm, name: CRM}, {id: cases, name: Case system}]
        touchpoints:
          - {id: form, owner: CX, systems: [cases], next: [hotline]}   # JM207
          - {id: hotline, owner: CS, systems: [crm]}
        ```
        Give the hotline access to the case system, or pass the context along
        (``next: [{to: hotline, context: true}]``).
    """
    for edge in ctx.flows:
        source, target = ctx.touchpoints.get(edge.source), ctx.touchpoints.get(edge.flow.to)
        if source is None or target is None or edge.flow.context:
            continue  # a flow to no touchpoint is JM102's
        before, after = ctx.systems[source.id], ctx.systems[target.id]
        if before and after and not set(before) & set(after):
            yield Hit(
                edge.path,
                source.id,
                ctx.tr(
                    "Touchpoint %(source)s works in %(before)s, touchpoint %(target)s in "
                    "%(after)s: the customer tells it all again. Share a system or pass the "
                    "context along (context: true).",
                    source=named(source),
                    before=_system_names(ctx, before),
                    target=named(target),
                    after=_system_names(ctx, after),
                ),
                concern=target.id,
            )
    for index, available in enumerate(ctx.journey.touchpoints):
        if available.available is not None and available.owner == "CS":
            yield from _silo_behind(ctx, index, available)


def _silo_behind(ctx: CheckContext, index: int, available: Touchpoint) -> Iterator[Hit]:
    """One finding for a CS touchpoint customers reach from anywhere in its stage or
    journey, naming the systems of the touchpoints it cannot see into (one cause, however
    many touchpoints share it)."""
    own = ctx.systems[available.id]
    if not own:
        return
    unseen = [
        tp
        for tp in ctx.touchpoints.values()
        if tp is not available
        and (available.available == "journey" or tp.stage == available.stage)
        and ctx.systems[tp.id]
        and not set(ctx.systems[tp.id]) & set(own)
    ]
    if not unseen:
        return
    systems = list(dict.fromkeys(s for tp in unseen for s in ctx.systems[tp.id]))
    yield Hit(
        ("touchpoints", index, "available"),
        available.id,
        ctx.tr_plural(
            "Touchpoint %(target)s works in %(after)s only, yet customers reach it from "
            "%(count)s touchpoint that works in %(before)s (%(touchpoints)s): the customer "
            "tells it all again. Give it access or pass the context along.",
            "Touchpoint %(target)s works in %(after)s only, yet customers reach it from "
            "%(count)s touchpoints that work in %(before)s (%(touchpoints)s): the customer "
            "tells it all again. Give it access or pass the context along.",
            len(unseen),
            target=named(available),
            after=_system_names(ctx, own),
            before=_system_names(ctx, systems),
            touchpoints=", ".join(tp.label for tp in unseen[:3])
            + (", …" if len(unseen) > 3 else ""),
        ),
        concern=available.id,
    )


def backstage_without_team(ctx: CheckContext) -> Iterator[Hit]:
    """A backstage step names no team.

    What it does:
        Reports each step under a touchpoint's ``backstage`` without a ``team``.

    Why is this bad:
        Work nobody owns is work nobody is asked about: when the customer waits on it,
        no one can say how long it takes or speed it up.

    Example:
        ```yaml
        backstage:
          - {id: check, name: Check the claim}                  # JM208
          - {id: pay, name: Pay out, team: finance}             # fine
        ```
    """
    for index, tp in enumerate(ctx.journey.touchpoints):
        for k, step in enumerate(tp.backstage):
            if step.team is None:
                yield Hit(
                    ("touchpoints", index, "backstage", k),
                    tp.id,
                    ctx.tr(
                        "Backstage step %(step)s of touchpoint %(touchpoint)s names no team; "
                        "say who does this work (team:).",
                        step=named(step),
                        touchpoint=named(tp),
                    ),
                    concern=step.id,
                )


def cs_without_support(ctx: CheckContext) -> Iterator[Hit]:
    """A customer-service touchpoint has no system and no backstage step.

    What it does:
        Reports touchpoints with ``owner: CS`` that name no system (their own or their
        team's in ``teams:``) and have no ``backstage`` step, in a journey that draws its
        blueprint (that names systems or backstage steps anywhere).

    Why is this bad:
        The agent has nothing to look the customer up in and no work to hand on: every
        contact starts from zero.

    Example:
        ```yaml
        touchpoints:
          - {id: hotline, owner: CS}                       # JM209
          - {id: chat, owner: CS, systems: [crm]}          # fine
        ```
    """
    journey = ctx.journey
    if not (journey.systems or any(tp.systems or tp.backstage for tp in journey.touchpoints)):
        return  # no blueprint drawn: nothing to judge its support by
    for index, tp in enumerate(journey.touchpoints):
        if tp.owner == "CS" and not tp.backstage and not ctx.systems[tp.id]:
            yield Hit(
                ("touchpoints", index),
                tp.id,
                ctx.tr(
                    "CS touchpoint %(touchpoint)s has no system and no backstage step: the "
                    "agent has nothing to look the customer up in. Name its systems "
                    "(systems:) or the work behind it (backstage:).",
                    touchpoint=named(tp),
                ),
            )
