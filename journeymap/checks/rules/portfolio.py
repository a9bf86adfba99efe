"""Portfolio rules (JM5xx): the journeys of a folder together — kept up to date, owned,
placed under the journey they detail, and sharing one library (SPEC §12)."""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import ELEMENT_NAMES
from ...model.vocabulary import LIBRARY_COLLECTIONS
from ..context import Hit, PortfolioContext


def stale_journey(ctx: PortfolioContext) -> Iterator[Hit]:
    """A journey's review date has passed.

    What it does:
        Reports every journey of the portfolio whose ``review_by`` day lies before the
        day of the check.

    Why is this bad:
        A journey map that nobody looks at again stops describing what customers live
        through: the most common reason maps fail is that no one keeps them up to date
        after the workshop.  A passed review date says the map may already be wrong.

    Example:
        ```yaml
        journeys:
          - {file: overstappen.yaml, owner: Team Sales, review_by: 2026-03-01}  # JM501
        ```
        Look at the journey with its owner, then set the next ``review_by``.
    """
    portfolio = ctx.portfolio
    for index, entry in enumerate(portfolio.portfolio.journeys):
        if entry.stale(ctx.today):
            assert entry.review_by is not None
            yield Hit(
                ("journeys", index, "review_by"),
                ctx.journey_id(index),
                ctx.tr(
                    "Journey %(journey)s was due for review on %(day)s; look at it again with "
                    "its owner and set the next review_by.",
                    journey=repr(ctx.journey_id(index)),
                    day=entry.review_by.isoformat(),
                ),
                file=portfolio.file,
            )


def shadowed_library_id(ctx: PortfolioContext) -> Iterator[Hit]:
    """A journey defines an id the library defines too.

    What it does:
        Reports every persona, team, system or channel that a journey of the portfolio
        defines itself under an id its library defines as well.

    Why is this bad:
        The journey then uses its own copy, and the copies drift apart: the persona
        changes in the library and one journey keeps the old one, so the portfolio
        compares different people under one name.

    Example:
        ```yaml
        # bibliotheek.yaml defines the persona 'sanne'; overstappen.yaml as well:
        personas:
          - {id: sanne, name: "Sanne, 38"}  # JM502
        ```
        Delete the journey's own definition; the library's is used.
    """
    library = ctx.portfolio.library
    if library is None:
        return
    for document in ctx.journeys.values():
        journey, source = document.journey, document.source
        for collection in LIBRARY_COLLECTIONS:
            shared = set(library.ids(collection))
            for index, element in enumerate(getattr(journey, collection)):
                if element.id in shared and not source.is_borrowed(collection, element.id):
                    yield Hit(
                        (collection, index, "id"),
                        element.id,
                        ctx.tr(
                            "The library %(library)s defines %(kind)s %(id)s too; this journey "
                            "uses its own copy, which drifts from the others: delete it here or "
                            "give it an id of its own.",
                            library=ctx.portfolio.portfolio.library,
                            kind=ctx.tr(ELEMENT_NAMES[collection]),
                            id=repr(element.id),
                        ),
                        file=document.file,
                    )


def orphan_persona(ctx: PortfolioContext) -> Iterator[Hit]:
    """A persona of the library appears in no journey.

    What it does:
        Reports every persona of the library that no touchpoint of any journey of the
        portfolio names under ``personas`` (nor a journey's ``segments``).

    Why is this bad:
        A persona nobody's journey follows is research nobody uses: either its journey
        is missing from the portfolio, or the persona no longer exists among the
        customers and only makes the library longer.

    Example:
        ```yaml
        personas:                               # bibliotheek.yaml
          - {id: sanne, name: "Sanne, 38"}
          - {id: henk, name: "Henk, 71"}        # JM503: no touchpoint names henk
        ```
        Map a journey Henk takes, or remove him from the library.
    """
    library = ctx.portfolio.library
    if library is None or ctx.portfolio.library_source is None:
        return
    used = {
        persona
        for document in ctx.journeys.values()
        for persona in (
            *(p for tp in document.journey.touchpoints for p in tp.personas),
            *document.journey.segments,
        )
    }
    for index, persona in enumerate(library.personas):
        if persona.id not in used:
            yield Hit(
                ("personas", index, "id"),
                persona.id,
                ctx.tr(
                    "Persona %(persona)s of the library appears in no journey; map a journey "
                    "the persona takes, or remove it from the library.",
                    persona=repr(persona.label),
                ),
                file=ctx.portfolio.library_source.file,
            )


def journey_without_owner(ctx: PortfolioContext) -> Iterator[Hit]:
    """A journey below the lifecycle has no owner.

    What it does:
        Reports every journey at level 1 or 2 of the portfolio without an ``owner``.

    Why is this bad:
        A journey map without an owner is a workshop's snapshot: nobody answers for its
        numbers, its actions or its next review, and it goes stale unseen.

    Example:
        ```yaml
        journeys:
          - {file: storing.yaml, level: 1, parent: levenscyclus}  # JM504
        ```
        Add ``owner: Team Service``: the team that answers for the journey.
    """
    portfolio = ctx.portfolio
    for index, entry in enumerate(portfolio.portfolio.journeys):
        if entry.level >= 1 and not (entry.owner or "").strip():
            yield Hit(
                ("journeys", index, "file"),
                ctx.journey_id(index),
                ctx.tr(
                    "Journey %(journey)s has no owner; name the team or person who keeps it "
                    "up to date (owner: …).",
                    journey=repr(ctx.journey_id(index)),
                ),
                file=portfolio.file,
            )


def broken_parent(ctx: PortfolioContext) -> Iterator[Hit]:
    """A journey's ``parent`` or ``expands`` names no journey or stage.

    What it does:
        Checks that every ``parent`` names a journey of the portfolio at a higher level
        (a smaller number) and that every ``expands`` names a stage of that parent.

    Why is this bad:
        The hierarchy is how a director finds the sub-journey behind a stage of the
        lifecycle; a broken link hides the journey from the heatmap's row it belongs to,
        and a typo looks like a structure that is not there.

    Example:
        ```yaml
        journeys:
          - {file: levenscyclus.yaml, level: 0}
          - {file: meterstand.yaml, level: 2, parent: levenscyclus, expands: klant-zyn}  # JM505
        ```
        Name the parent's stage as its id is written: ``klant-zijn``.
    """
    portfolio = ctx.portfolio
    levels = {
        ctx.journey_id(i): entry.level for i, entry in enumerate(portfolio.portfolio.journeys)
    }
    documents = {ctx.journey_id(i): document for i, document in ctx.journeys.items()}
    for index, entry in enumerate(portfolio.portfolio.journeys):
        own = ctx.journey_id(index)
        message = None
        path: tuple[str | int, ...] = ("journeys", index, "parent")
        if entry.parent is not None and entry.parent not in levels:
            message = ctx.tr(
                "Journey %(journey)s names the parent %(parent)s, which is no journey of the "
                "portfolio.%(hint)s Fix the id or add the journey.",
                journey=repr(own),
                parent=repr(entry.parent),
                hint=ctx.did_you_mean(entry.parent, levels),
            )
        elif entry.parent is not None and levels[entry.parent] >= entry.level:
            message = ctx.tr(
                "Journey %(journey)s (level %(level)s) names the parent %(parent)s at level "
                "%(parent_level)s; a parent sits at a higher level (a smaller number).",
                journey=repr(own),
                level=entry.level,
                parent=repr(entry.parent),
                parent_level=levels[entry.parent],
            )
        elif entry.expands is not None:
            path = ("journeys", index, "expands")
            parent = documents.get(entry.parent or "")
            if entry.parent is None:
                message = ctx.tr(
                    "Journey %(journey)s expands the stage %(stage)s but names no parent "
                    "whose stage it is.",
                    journey=repr(own),
                    stage=repr(entry.expands),
                )
            elif parent is not None and entry.expands not in parent.journey.stage_index():
                message = ctx.tr(
                    "Journey %(journey)s expands the stage %(stage)s, which journey "
                    "%(parent)s does not have.%(hint)s Name one of its stages.",
                    journey=repr(own),
                    stage=repr(entry.expands),
                    parent=repr(entry.parent),
                    hint=ctx.did_you_mean(entry.expands, parent.journey.stage_index()),
                )
        if message is not None:
            yield Hit(path, own, message, file=portfolio.file)
