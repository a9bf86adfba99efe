"""Structure rules (JM1xx): ids, references, stages and the shape of the flow graph."""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Protocol

from ...i18n import ELEMENT_NAMES
from ...model.channels import nearest_channel
from ...model.vocabulary import KNOWN_CHANNELS
from ..context import CheckContext, Hit, named

if TYPE_CHECKING:
    from ...model.journey import Touchpoint
    from ...model.positions import Path


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


def duplicate_id(ctx: CheckContext) -> Iterator[Hit]:
    """Two elements share an id.

    What it does:
        Reports every persona, stage, touchpoint, metric definition or channel whose id was
        already used earlier in the file, at the second and every later occurrence.

    Why is this bad:
        Ids are how stages, flows, personas and raw data refer to elements.  With two
        elements under one id, every reference to it is ambiguous and the later
        element is silently ignored by the diagram, the report and the metrics.

    Example:
        ```yaml
        touchpoints:
          - {id: live-chat, name: Live chat, stage: purchase, owner: CS}
          - {id: live-chat, name: Chat after delivery, stage: loyalty, owner: CS}  # JM101
        ```
        Rename the second one, e.g. ``delivery-chat``.
    """
    first: dict[str, tuple[str, int]] = {}
    journey = ctx.journey
    collections: dict[str, Sequence[_Identified]] = {
        "personas": journey.personas,
        "stages": journey.stages,
        "touchpoints": journey.touchpoints,
        "metrics": journey.metrics,
        "channels": journey.channels,
        "teams": journey.teams,
        "systems": journey.systems,
    }
    for collection, elements in collections.items():
        for index, element in enumerate(elements):
            if element.id not in first:
                first[element.id] = (collection, index)
                continue
            other_collection, other_index = first[element.id]
            where = ctx.locate((other_collection, other_index))
            earlier = ctx.tr(ELEMENT_NAMES[other_collection])
            yield Hit(
                (collection, index, "id"),
                element.id,
                ctx.tr(
                    "Duplicate id %(id)s: already used on line %(line)s (%(kind)s); give this "
                    "element an id of its own.",
                    id=repr(element.id),
                    line=where[0],
                    kind=earlier,
                )
                if where
                else ctx.tr(
                    "Duplicate id %(id)s: already used before (%(kind)s); give this element an "
                    "id of its own.",
                    id=repr(element.id),
                    kind=earlier,
                ),
            )


def unknown_reference(ctx: CheckContext) -> Iterator[Hit]:
    """A reference names no defined id.

    What it does:
        Checks that every touchpoint's ``stage``, every entry of its ``personas``,
        the target of every flow in ``next`` and every code under ``checks:`` name
        something defined: an id of the journey, or a check code; and that a threshold
        under ``checks:`` is one the rule has.

        The persona ids under ``segments:`` are references too.

        Teams and systems are references too: a ``team`` names one under ``teams:``
        when the journey keeps that library (else it is free text), and every entry of
        ``systems`` (of a touchpoint, a backstage step or a team) one under ``systems:``.

    Why is this bad:
        A dangling reference is almost always a typo.  The touchpoint drops out of
        its stage, the flow disappears from the diagram, and the persona filter
        misses it, with no visible sign of why.

    Example:
        ```yaml
        stages:
          - {id: purchase, name: Purchase}
        touchpoints:
          - {id: checkout, stage: purchse, owner: CX}   # JM102: no stage 'purchse'
        ```
        Fix the spelling (``purchase``) or define the missing stage.
    """
    persona_ids = {persona.id for persona in ctx.journey.personas}
    for persona in ctx.journey.segments:
        if persona not in persona_ids:
            yield Hit(
                ("segments", persona),
                persona,
                ctx.tr(
                    "segments: names persona %(persona)s, which is not defined.%(hint)s Fix "
                    "the name or add the persona.",
                    persona=repr(persona),
                    hint=ctx.did_you_mean(persona, persona_ids),
                ),
                concern=persona,
            )
    for index, tp in enumerate(ctx.journey.touchpoints):
        if tp.stage not in ctx.stage_index:
            yield Hit(
                ("touchpoints", index, "stage"),
                tp.id,
                ctx.tr(
                    "Touchpoint %(touchpoint)s names stage %(stage)s, which is not defined."
                    "%(hint)s Fix the name or add the stage.",
                    touchpoint=named(tp),
                    stage=repr(tp.stage),
                    hint=ctx.did_you_mean(tp.stage, ctx.stage_index),
                ),
                concern=tp.stage,
            )
        for k, persona in enumerate(tp.personas):
            if persona not in persona_ids:
                yield Hit(
                    ("touchpoints", index, "personas", k),
                    tp.id,
                    ctx.tr(
                        "Touchpoint %(touchpoint)s names persona %(persona)s, which is not "
                        "defined.%(hint)s Fix the name or add the persona.",
                        touchpoint=named(tp),
                        persona=repr(persona),
                        hint=ctx.did_you_mean(persona, persona_ids),
                    ),
                    concern=persona,
                )
    for edge in ctx.flows:
        target = edge.flow.to
        if target not in ctx.touchpoints:
            yield Hit(
                edge.path,
                edge.source,
                ctx.tr(
                    "Flow from touchpoint %(touchpoint)s goes to %(target)s, which is not a "
                    "touchpoint.%(hint)s Fix the target or add the touchpoint.",
                    touchpoint=named(ctx.touchpoints[edge.source]),
                    target=repr(target),
                    hint=ctx.did_you_mean(target, ctx.touchpoints),
                ),
                concern=target,
            )
    yield from _blueprint_references(ctx)
    for code in ctx.journey.checks:
        if code not in ctx.rules:
            yield Hit(
                ("checks", code),
                code,
                ctx.tr(
                    "checks: names rule %(code)s, which does not exist.%(hint)s Use a code "
                    "such as JM205.",
                    code=repr(code),
                    hint=ctx.did_you_mean(code, ctx.rules),
                ),
            )
            continue
        for name in ("min_cases", "min_share"):
            if ctx.journey.check_threshold(code, name) is not None and name not in (
                ctx.rules[code].thresholds
            ):
                yield Hit(
                    ("checks", code, name),
                    code,
                    ctx.tr(
                        "checks: rule %(code)s has no threshold %(name)s; rules with "
                        "thresholds are %(rules)s.",
                        code=code,
                        name=name,
                        rules=", ".join(c for c, rule in ctx.rules.items() if rule.thresholds),
                    ),
                    concern=name,
                )


def empty_stage(ctx: CheckContext) -> Iterator[Hit]:
    """A stage has no touchpoint.

    What it does:
        Reports each stage that no touchpoint names as its ``stage``.

    Why is this bad:
        An empty column in a journey map is a gap in the customer's experience: the
        company is absent from a whole phase, or the map is unfinished.

    Example:
        ```yaml
        stages:
          - {id: advocacy, name: Advocacy}   # JM103 when no touchpoint has stage: advocacy
        ```
        Add the touchpoints of that phase (a referral programme, a review request),
        or remove the stage.
    """
    for index, stage in enumerate(ctx.journey.stages):
        if ctx.stage_index[stage.id] == index and not ctx.by_stage[stage.id]:
            yield Hit(
                ("stages", index),
                stage.id,
                ctx.tr(
                    "Stage %(stage)s has no touchpoint; add one with stage: %(id)s or remove "
                    "the stage.",
                    stage=named(stage),
                    id=stage.id,
                ),
            )


def stage_without_phase(ctx: CheckContext) -> Iterator[Hit]:
    """A stage's funnel phase is neither written nor recognisable.

    What it does:
        Reports each stage without ``phase:`` whose id and name contain no phase word
        in any shipped language (``awareness``, ``Aufmerksamkeit``, ``bewustwording``,
        ``farkındalık``; ``purchase``, ``Kauf``, ``aankoop``, ``satın alma``; …).

        A service journey (``kind: service``: a claim, a permit, a complaint) has no
        funnel, and its stages need no phase.

    Why is this bad:
        The coverage rules judge stages by phase: JM201 asks for customer service
        in purchase and loyalty stages, JM204 for two ways to reach it.  A stage
        whose phase is unknown escapes both, so a journey could have no customer
        service at all and still pass.

    Example:
        ```yaml
        stages:
          - {id: klant-zijn, name: Klant zijn}              # JM107
          - {id: klant-zijn, name: Klant zijn, phase: loyalty}   # fixed
        ```
    """
    if ctx.journey.kind == "service":  # a claim or a permit has no funnel
        return
    for index, stage in enumerate(ctx.journey.stages):
        if ctx.stage_index[stage.id] == index and stage.canonical_phase is None:
            yield Hit(
                ("stages", index),
                stage.id,
                ctx.tr(
                    "Stage %(stage)s has no phase and none can be told from its id or name, so "
                    "JM201 (CS present) and JM204 (two CS channels) cannot judge it; add phase: "
                    "awareness, consideration, purchase, loyalty or advocacy.",
                    stage=named(stage),
                ),
            )


def unknown_channel(ctx: CheckContext) -> Iterator[Hit]:
    """A touchpoint's channel is neither built in nor declared.

    What it does:
        Reports a ``channel`` that is none of the built-in channels (web, app, email,
        sms, phone, chat, social, store, mail, other), no name of one in a shipped
        language (``telefoon``, ``E-Mail``, ``e-posta``, ``Filiale``; case and accents do
        not count), and no channel declared under ``channels:``.  The message names the
        nearest known channel.

    Why is this bad:
        Channels are counted: JM204 asks for two ways to reach customer service, and
        the coverage tables and channel lanes group by channel.  A typo (``emial``)
        would quietly become a channel of its own, and a second spelling of one channel
        would count twice, so one telephone line could pass for two channels.

    Example:
        ```yaml
        channels:
          - {id: whatsapp, name: WhatsApp}       # a channel of your own
        touchpoints:
          - {id: mail-us, stage: aankoop, owner: CS, channel: emial}      # JM108: email?
          - {id: call-us, stage: aankoop, owner: CS, channel: telefoon}   # phone: fine
          - {id: whatsapp-us, stage: aankoop, owner: CS, channel: WhatsApp}   # fine
        ```
    """
    declared = ctx.journey.channel_names()
    for index, tp in enumerate(ctx.journey.touchpoints):
        channel = tp.channel
        if channel is None or channel in KNOWN_CHANNELS or channel in declared:
            continue
        match = nearest_channel(channel, declared)
        hint = ctx.tr(" Did you mean %(match)s?", match=repr(match)) if match else ""
        yield Hit(
            ("touchpoints", index, "channel"),
            tp.id,
            ctx.tr(
                "Touchpoint %(touchpoint)s uses channel %(channel)s, which is neither built in "
                "nor declared.%(hint)s Fix the name, or declare the channel under channels: "
                "(- {id: my-channel, name: My channel}).",
                touchpoint=named(tp),
                channel=repr(channel),
                hint=hint,
            ),
            concern=channel,
        )


def _blueprint_references(ctx: CheckContext) -> Iterator[Hit]:
    """Teams (when the journey keeps a ``teams:`` library; else a team is free text) and
    systems (always from ``systems:``) named by touchpoints, backstage steps and teams."""
    journey = ctx.journey
    teams, systems = journey.team_map(), journey.system_map()

    def team(path: Path, subject: str, name: str | None) -> Iterator[Hit]:
        if teams and name is not None and name not in teams:
            yield Hit(
                path,
                subject,
                ctx.tr(
                    "%(element)s names team %(team)s, which is not in teams:.%(hint)s Fix the "
                    "name or add the team.",
                    element=repr(subject),
                    team=repr(name),
                    hint=ctx.did_you_mean(name, teams),
                ),
                concern=name,
            )

    def system(path: Path, subject: str, names: list[str]) -> Iterator[Hit]:
        for k, name in enumerate(names):
            if name not in systems:
                yield Hit(
                    (*path, k),
                    subject,
                    ctx.tr(
                        "%(element)s names system %(system)s, which is not in systems:."
                        "%(hint)s Fix the name or add the system.",
                        element=repr(subject),
                        system=repr(name),
                        hint=ctx.did_you_mean(name, systems),
                    ),
                    concern=name,
                )

    for index, library_team in enumerate(journey.teams):
        yield from system(("teams", index, "systems"), library_team.id, library_team.systems)
    for index, tp in enumerate(journey.touchpoints):
        yield from team(("touchpoints", index, "team"), tp.id, tp.team)
        yield from system(("touchpoints", index, "systems"), tp.id, tp.systems)
        for k, step in enumerate(tp.backstage):
            where = ("touchpoints", index, "backstage", k)
            yield from team((*where, "team"), step.id, step.team)
            yield from system((*where, "systems"), step.id, step.systems)


def _entry_points(ctx: CheckContext) -> list[str]:
    """Touchpoints marked ``entry: true``, else those of the first non-empty stage."""
    return [tp.id for tp in ctx.journey.entry_points()]


def unreachable_touchpoint(ctx: CheckContext) -> Iterator[Hit]:
    """No flow path leads to a touchpoint from an entry point.

    What it does:
        Follows the flows from the entry touchpoints (those with ``entry: true``, or,
        when none is marked, the touchpoints of the first non-empty stage) and
        reports every touchpoint they never reach.

        A touchpoint ``available`` from its stage or the whole journey (a hotline, a
        chat) is reached without a flow and never reported.

    Why is this bad:
        A touchpoint no customer can get to is either a missing flow (the map hides
        how customers arrive) or a dead part of the experience.

    Example:
        ```yaml
        touchpoints:
          - {id: ad, stage: awareness, owner: CX, next: [shop]}
          - {id: shop, stage: purchase, owner: CX}
          - {id: hotline, stage: purchase, owner: CS}   # JM104: nothing flows here
        ```
        Add a flow to it (``next: [shop, hotline]`` on ``ad``), or mark it
        ``entry: true`` if customers start there.
    """
    successors = ctx.successors
    if _flowless(ctx):
        # JM105 explains once why these touchpoints have no flows; a touchpoint only they
        # would reach is part of that explanation, not a finding of its own.
        successors = {tp: list(targets) for tp, targets in successors.items()}
        for source, target in _implied_from_flowless(ctx):
            successors[source].append(target)
    reached = set(_entry_points(ctx))
    queue = deque(reached)
    while queue:
        for successor in successors.get(queue.popleft(), ()):
            if successor not in reached:
                reached.add(successor)
                queue.append(successor)
    for tp in ctx.touchpoints.values():
        if tp.id not in reached and tp.available is None:  # available: reached from anywhere
            yield Hit(
                ctx.touchpoint_path(tp),
                tp.id,
                ctx.tr(
                    "Touchpoint %(touchpoint)s cannot be reached from an entry point; add a "
                    "flow to it or mark it entry: true.",
                    touchpoint=named(tp),
                ),
            )


def dead_end(ctx: CheckContext) -> Iterator[Hit]:
    """A touchpoint before the last stage has no way on.

    What it does:
        Reports touchpoints in any stage before the last stage that has touchpoints,
        which have no outgoing flow and are not marked ``exit: true``.

        A touchpoint ``available`` from its stage or the whole journey is left out:
        customers come to it from anywhere and go back.

    Why is this bad:
        The journey stops there.  Either the map misses where the customer goes
        next, or customers really drop out, which should be stated with
        ``exit: true`` so the gap is a decision, not an oversight.

    Example:
        ```yaml
        touchpoints:
          - {id: price-page, stage: consideration, owner: CX}   # JM105: no next
          - {id: checkout, stage: purchase, owner: CX}
        ```
        Add ``next: [checkout]`` to ``price-page``, or ``exit: true`` if the
        customer legitimately leaves there.
    """
    dead_ends = _dead_ends(ctx)
    flowless = _flowless(ctx, dead_ends)
    if flowless:
        yield _flowless_hit(ctx, flowless)
    for tp in dead_ends:
        if tp in flowless:
            continue
        yield Hit(
            ctx.touchpoint_path(tp),
            tp.id,
            ctx.tr(
                "Touchpoint %(touchpoint)s has no outgoing flow before the last stage; add "
                "next: [...] or mark it exit: true.",
                touchpoint=named(tp),
            ),
        )


def _dead_ends(ctx: CheckContext) -> list[Touchpoint]:
    """Touchpoints before the last stage with no outgoing flow and no ``exit: true``."""
    non_empty = [ctx.stage_index[s] for s, tps in ctx.by_stage.items() if tps]
    if not non_empty:
        return []
    last = max(non_empty)
    return [
        tp
        for tp in ctx.touchpoints.values()
        if (stage := ctx.stage_index.get(tp.stage)) is not None
        and stage < last
        and not tp.exit
        and tp.available is None  # customers come to it from anywhere and go back
        and not ctx.successors[tp.id]
    ]


def _flowless(ctx: CheckContext, dead_ends: list[Touchpoint] | None = None) -> list[Touchpoint]:
    """Dead ends that write no ``next:`` in a journey that writes it elsewhere, when there
    are two or more: one ``next:`` turned the implied flows off, most likely unawares."""
    if not ctx.journey.declares_flows:
        return []
    ends = _dead_ends(ctx) if dead_ends is None else dead_ends
    found = [tp for tp in ends if tp.next is None]
    return found if len(found) > 1 else []


def _implied_from_flowless(ctx: CheckContext) -> list[tuple[str, str]]:
    """The flows the touchpoints without ``next:`` would have if flows were implied."""
    touchpoints = ctx.journey.touchpoints
    return [
        (tp.id, following.id)
        for tp, following in itertools.pairwise(touchpoints)
        if tp.next is None
    ]


def _flowless_hit(ctx: CheckContext, flowless: list[Touchpoint]) -> Hit:
    shown = ", ".join(named(tp) for tp in flowless[:FLOWLESS_NAMED])
    if len(flowless) > FLOWLESS_NAMED:
        shown += " " + ctx.tr_plural(
            "and %(count)s more", "and %(count)s more", len(flowless) - FLOWLESS_NAMED
        )
    first = flowless[0]
    return Hit(
        ctx.touchpoint_path(first),
        first.id,
        ctx.tr_plural(
            "%(count)s touchpoint has no next: (%(list)s), so it leads nowhere: a journey "
            "that writes next: anywhere has no implied flows. Add next: to it, or remove "
            "next: everywhere to have flows in file order.",
            "%(count)s touchpoints have no next: (%(list)s), so they lead nowhere: a journey "
            "that writes next: anywhere has no implied flows. Add next: to each, or remove "
            "next: everywhere to have flows in file order.",
            len(flowless),
            list=shown,
        ),
    )


#: The touchpoints without ``next:`` that JM105's one explanation names.
FLOWLESS_NAMED = 5


def backward_flow(ctx: CheckContext) -> Iterator[Hit]:
    """A flow goes back to an earlier stage.

    What it does:
        Reports flows whose target touchpoint sits in an earlier stage than their
        source.

    Why is this bad:
        Often it is intended (a loyal customer buys again), but it can also be a
        loop where customers get sent back, e.g. from support to the FAQ.  The
        finding is informational so the loop is seen and confirmed.

    Example:
        ```yaml
        touchpoints:
          - {id: faq, stage: consideration, owner: CX}
          - {id: hotline, stage: loyalty, owner: CS, next: [faq]}   # JM106
        ```
        Keep it if customers really go back; otherwise route the flow forward.
    """
    for edge in ctx.flows:
        source = ctx.touchpoints[edge.source]
        target = ctx.touchpoints.get(edge.flow.to)
        if target is None:
            continue
        source_stage = ctx.stage_index.get(source.stage)
        target_stage = ctx.stage_index.get(target.stage)
        if source_stage is None or target_stage is None or target_stage >= source_stage:
            continue
        yield Hit(
            edge.path,
            edge.source,
            ctx.tr(
                "Flow from touchpoint %(source)s goes back to touchpoint %(target)s in the "
                "earlier stage %(stage)s; confirm the loop is intended or route it forward.",
                source=named(source),
                target=named(target),
                stage=named(ctx.journey.stages[target_stage]),
            ),
            concern=target.id,
        )
