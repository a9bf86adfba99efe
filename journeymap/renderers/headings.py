"""The words above the map's grid: the page's title strip and each stage's heading.

A whole map's title is the journey's, its state (and the persona) after it.  A stage's
own page (``--split stage``) is a slide about that stage: the stage's name is its title,
the journey's title and the customer goal stand under it, and no row of headings
repeats them over the grid.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

from ..i18n import PHASE_NAMES, text
from ..model.phases import phase_named_in
from .drawing import BODY, HEADER, MARGIN, MUTED, TITLE, Item, Text, line_height
from .fonts import ELLIPSIS, fold, shorten, text_width, wrap
from .mapcontent import Column, Content

MAX_GOAL_LINES = 2
TITLE_SHARE = 0.45  # of a stage page's width, the most its title's lines take beside a legend


def title_height(content: Content, room: float) -> float:
    """The title's strip, with the lines under the title ``room`` wide."""
    under = len(_titling(content, room, room).under)
    return MARGIN + line_height(TITLE) + 6 + (under * line_height(BODY) + 4 if under else 0.0)


def title_room(content: Content, width: float) -> float:
    """How wide the title is where the legend stands beside it: the title with the
    subtitle after it; on a stage's page, the stage's name, its lines under it taking up to
    TITLE_SHARE of the page (they wrap: the legend beside them saves a strip under the map)."""
    titling = _titling(content, width)
    title = text_width(titling.title, TITLE, bold=True)
    if not content.stage_page:
        return title + 12 + text_width(titling.after, BODY)
    widest = max((text_width(line, BODY) for line in titling.under), default=0.0)
    return max(title, min(widest, width * TITLE_SHARE))


class _Titling(NamedTuple):
    title: str
    after: str  # the subtitle, after the title on its line ("" where it stands under it)
    under: tuple[str, ...]  # the lines under the title


def _titling(content: Content, width: float, room: float | None = None) -> _Titling:
    """The page's title: the journey's, with its state (and the persona) after it; on a
    stage's own page, the stage's heading with the journey's title and the customer goal
    under it (a slide about that stage, which no row of headings repeats): ``width`` wide,
    the lines under the title ``room`` wide."""
    if not content.stage_page:
        return _journey_titling(content.journey.title, content.subtitle, width)
    column = content.columns[0]
    stage = column.stage
    return _stage_titling(
        f"{column.number} · {stage.label}", stage.label, stage.canonical_phase,
        stage.customer_goal, column.lang, content.subtitle, width, room or width,
    )  # fmt: skip


@functools.lru_cache(maxsize=256)
def _journey_titling(title: str, subtitle: str, width: float) -> _Titling:
    fits = max(width - text_width(subtitle, BODY) - 16, 120.0)
    return _Titling(shorten(title, fits, TITLE, bold=True), subtitle, ())


@functools.lru_cache(maxsize=4096)  # a stage page tries many widths
def _stage_titling(
    title: str, label: str, phase: str | None, goal: str | None, lang: str, subtitle: str,
    width: float, room: float,
) -> _Titling:  # fmt: skip
    # The phase, unless the stage's name already says it (as in the row of headings).
    if phase and phase_named_in(label) != phase:
        title += f" · {text(lang, PHASE_NAMES[phase])}"
    title = shorten(title, width, TITLE, bold=True)
    goal_line = text(lang, "Goal: %(goal)s", goal=goal) if goal else ""
    under = wrap(goal_line, room, BODY, most=MAX_GOAL_LINES, lang=lang) if goal else []
    # The journey's title under the stage's leaves the legend room beside them.
    journey = fold(subtitle, room, BODY, whole=True, lang=lang)  # broken at its " · "
    if len(journey) > 2:
        journey = wrap(subtitle, room, BODY, most=2, lang=lang)
    return _Titling(title, "", (*journey, *under))


def stage_heading(column: Column, width: float, room: int = 0) -> list[tuple[str, bool]]:
    """The header of a stage: number, name and phase (bold), then the customer goal; the
    goal takes up to ``room`` lines in all where the band's header has them (a goal is
    never cut while the lines under it stay empty)."""
    stage = column.stage
    return heading(
        column.number, stage.label, stage.canonical_phase, stage.customer_goal, column.lang,
        width, room,
    )  # fmt: skip


@functools.lru_cache(maxsize=4096)
def heading(
    number: int, label: str, phase: str | None, goal: str | None, lang: str, width: float,
    room: int = 0,
) -> list[tuple[str, bool]]:  # fmt: skip
    title = wrap(f"{number} · {label}", width, HEADER, most=2, bold=True, lang=lang)
    # The phase, unless the stage's name already says it ("Trial & purchase", "Abwägung").
    if phase and phase_named_in(label) != phase:
        title = _with_phase(title, text(lang, PHASE_NAMES[phase]), width)
    lines = [(line, True) for line in title]
    if goal:
        goal_line = text(lang, "Goal: %(goal)s", goal=goal)
        most = max(MAX_GOAL_LINES, room - len(lines))
        wrapped = wrap(goal_line, width, BODY, most=most, lang=lang)
        lines += [(line, False) for line in wrapped]
    return lines


def _with_phase(title: list[str], phase: str, width: float) -> list[str]:
    """The heading's lines with the phase after the name, or on a line of its own when
    it does not fit there: a long name never cuts the phase off."""
    *before, last = title

    def fits(line: str) -> bool:
        return text_width(line, HEADER, bold=True) <= width

    if fits(f"{last} · {phase}"):
        return [*before, f"{last} · {phase}"]
    joint = " ·" if fits(f"{last} ·") and not last.endswith(ELLIPSIS) else ""
    return [*before, last + joint, shorten(phase, width, HEADER, bold=True)]


def title_items(content: Content, left: float, top: float, width: float, room: float) -> list[Item]:
    titling = _titling(content, width, room)
    after = left + text_width(titling.title, TITLE, bold=True) + 12
    items: list[Item] = [Text(left, top + TITLE, titling.title, TITLE, bold=True)]
    if titling.after:
        items.append(Text(after, top + TITLE, titling.after, BODY, color=MUTED))
    first = top + line_height(TITLE) + 6 + BODY
    items += [
        Text(left, first + n * line_height(BODY), line, BODY, color=MUTED)
        for n, line in enumerate(titling.under)
    ]
    return items
