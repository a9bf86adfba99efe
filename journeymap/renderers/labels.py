"""How a metric reading reads in every output: its short name, its value and target as text."""

from __future__ import annotations

from ..i18n import metric_label
from ..model.metrics import format_value
from ..model.readings import Reading

#: The mark a badge carries for a target met or missed (text, so colour is never the only cue).
STATUS_MARKS = {"met": "✓", "missed": "✗"}


def metric_name(reading: Reading, lang: str) -> str:
    """The metric's acronym or short name in ``lang`` (its defined name for custom metrics)."""
    info = reading.info
    return metric_label(reading.metric, lang, info.name if info else None)


def value_text(reading: Reading) -> str:
    """The value as people read it (``82%``, ``45m``), or ``–`` when there is none."""
    return "–" if reading.value is None else format_value(reading.info, reading.value)


def target_text(reading: Reading) -> str:
    """The target as people read it, or ``–`` when there is none."""
    return "–" if reading.target is None else format_value(reading.info, reading.target)


def badge(reading: Reading, lang: str) -> tuple[str, str]:
    """A card's badge as its name and what follows: ``("CSAT", "82% ✓")``.  They are kept
    apart so that a name too long for the card is shortened, never the value."""
    mark = STATUS_MARKS.get(reading.status)
    value = value_text(reading)
    return metric_name(reading, lang), f"{value} {mark}" if mark else value
