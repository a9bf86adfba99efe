"""How a metric reading reads in every output: its short name, its value and target as text."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..i18n import (
    ACTION_STATUS_NAMES,
    N_,
    PHASE_NAMES,
    PRIORITY_NAMES,
    STATE_NAMES,
    channel_name,
    duration,
    emotion_mark,
    number,
    percent,
    plural,
    text,
    text_list,
)
from ..model.metrics import format_against, format_target, format_value, metric_label
from ..model.readings import Reading
from ..model.vocabulary import EFFORT_WEIGHTS

if TYPE_CHECKING:
    from ..analysis.actions import Evidence
    from ..analysis.diff import Change
    from ..measure.measurements import SourceReport
    from ..model.journey import Journey

#: The mark a badge carries for a target met or missed (text, so colour is never the only cue).
STATUS_MARKS = {"met": "✓", "missed": "✗"}


def metric_name(reading: Reading, lang: str) -> str:
    """The metric's acronym or short name in ``lang`` (its defined name for custom metrics)."""
    info = reading.info
    return metric_label(reading.metric, lang, info.name if info else None)


def value_text(reading: Reading, lang: str) -> str:
    """The value as people of ``lang`` read it (``82 %``, ``45 Min.``), or ``–``; precise
    enough to read on its side of the target (see :func:`.format_against`)."""
    if reading.value is None:
        return "–"
    if reading.target is None:
        return format_value(reading.info, reading.value, lang)
    return format_against(reading.info, reading.value, reading.target, lang)[0]


def target_text(reading: Reading, lang: str) -> str:
    """The target as exactly as it was set, or ``–`` when there is none."""
    return "–" if reading.target is None else format_target(reading.info, reading.target, lang)


def badge(reading: Reading, lang: str) -> tuple[str, str]:
    """A card's badge as its name and what follows: ``("CSAT", "82% ✓")``.  They are kept
    apart so that a name too long for the card is shortened, never the value."""
    mark = STATUS_MARKS.get(reading.status)
    value = value_text(reading, lang)
    return metric_name(reading, lang), f"{value} {mark}" if mark else value


#: What an unscored action lacks, in words that say which data would score it.
_NEEDS = {
    "cases": N_("the cases reaching it (an event log, or n on a metric)"),
    "gap": N_("a target on one of its metrics, or an event log"),
    "effort": N_("its effort (S, M or L)"),
}


def score_text(evidence: Evidence, lang: str) -> str:
    """An action's score as a whole number in ``lang``, or ``–`` when unscored."""
    score = evidence.score
    return "–" if score is None else number(round(score), lang)


def evidence_text(evidence: Evidence, lang: str) -> str:
    """Why an action scores what it does, factor by factor (``522 cases (event log) × 16 %
    stop here ÷ effort M (2)``), or which data would score it."""
    if evidence.score is None:
        needs = [text(lang, _NEEDS[factor]) for factor in evidence.missing]
        return text(lang, "Not scored: needs %(needs)s.", needs=text_list(needs, lang))
    assert evidence.cases is not None and evidence.gap is not None and evidence.effort
    cases = number(evidence.cases, lang)
    factors = [
        text(lang, "%(cases)s cases (event log)", cases=cases)
        if evidence.cases_from == "events"
        else text(lang, "%(cases)s responses (n)", cases=cases),
        _gap_text(evidence, lang),
        text(
            lang,
            "effort %(effort)s (%(weight)s)",
            effort=evidence.effort,
            weight=EFFORT_WEIGHTS[evidence.effort],
        ),
    ]
    return f"{factors[0]} × {factors[1]} ÷ {factors[2]}"


def _gap_text(evidence: Evidence, lang: str) -> str:
    gap = percent(100 * (evidence.gap or 0.0), lang)
    reading = evidence.reading
    if evidence.gap_from == "target" and reading is not None:
        return text(
            lang,
            "%(metric)s %(value)s against %(target)s: %(gap)s off",
            metric=metric_name(reading, lang),
            value=value_text(reading, lang),
            target=target_text(reading, lang),
            gap=gap,
        )
    if evidence.gap_from == "dropoff":
        return text(lang, "%(share)s stop here", share=gap)
    return text(lang, "every target met (0)")


#: What a data file holds, for people.
SOURCE_KINDS = {"responses": N_("survey responses"), "tickets": N_("tickets")}


def source_details(source: SourceReport, lang: str) -> str:
    """What a data file gave: rows used, left out and outside the period, days covered."""
    details = [plural(lang, "%(count)s row used", "%(count)s rows used", source.rows)]
    if source.skipped:
        details.append(
            plural(
                lang,
                "%(count)s unusable row left out",
                "%(count)s unusable rows left out",
                source.skipped,
            )
        )
    if source.outside:
        details.append(
            plural(
                lang,
                "%(count)s row outside the period",
                "%(count)s rows outside the period",
                source.outside,
            )
        )
    if source.first:
        details.append(f"{source.first} – {source.last}")
    return ", ".join(details)


# --------------------------------------------------------------------------- changes

#: The fields of a journey, stage or touchpoint as a change names them, for people.
FIELD_NAMES = {
    "kind": N_("kind of journey"),
    "teams": N_("teams"),
    "systems": N_("systems"),
    "channels": N_("declared channels"),
    "segments": N_("personas' segments"),
    "customer_action": N_("customer action"),
    "thinking": N_("thoughts"),
    "evidence": N_("evidence"),
    "backstage": N_("backstage steps"),
    "available": N_("available from"),
    "id": N_("id"),
    "title": N_("title"),
    "description": N_("description"),
    "locale": N_("language"),
    "state": N_("state"),
    "metrics": N_("metric definitions"),
    "checks": N_("check settings"),
    "name": N_("name"),
    "phase": N_("phase"),
    "customer_goal": N_("customer goal"),
    "team": N_("team"),
    "initiative": N_("initiative"),
    "intent": N_("intent"),
    "personas": N_("personas"),
    "pain_points": N_("pain points"),
    "opportunities": N_("opportunities"),
    "tools": N_("tools"),
    "entry": N_("entry point"),
    "exit": N_("exit point"),
    "events": N_("event activities"),
    "value": N_("value"),
    "target": N_("target"),
    "n": N_("responses"),
    "scale": N_("scale"),
    "counts": N_("customer counts"),
}


def subject_label(subject: str, names: dict[str, str]) -> str:
    """A change's subject as people know it: names for ids, in a flow (``a→b``) and after a
    finding's code (``JM302 nota``); none for the journey, which its change label names."""
    if subject == "journey":
        return ""
    code, _, element = subject.rpartition(" ")
    named = " → ".join(names.get(part, part) for part in element.split("→"))
    return f"{code} {named}" if code else named


def change_field(change: Change, lang: str, journey: Journey) -> str:
    """What of the subject changed, in ``lang``: ``Titel``, ``CSAT Wert`` (a custom metric
    by the name ``journey`` gives it)."""
    if not change.field:
        return ""
    metric, dot, part = change.field.partition(".")
    if change.kind.startswith("metric-"):
        name = metric_label(metric, lang, journey.metric_name(metric))
        return f"{name} {text(lang, FIELD_NAMES[part])}" if dot and part in FIELD_NAMES else name
    if change.kind.startswith("finding-"):
        return metric_label(change.field, lang, journey.metric_name(change.field))
    return text(lang, FIELD_NAMES[change.field]) if change.field in FIELD_NAMES else change.field


def _item_text(item: str | dict[str, Any], lang: str, detailed: bool = False) -> str:
    """A list item of a change: a string, or an action as its text and what is set of it;
    a backstage step, a team or a system by its name (``detailed``: and what is set of it,
    for a change that keeps every name)."""
    if isinstance(item, str):
        return item
    if "text" not in item:
        named = item.get("name") or item.get("id")
        if not named:
            return json.dumps(item, ensure_ascii=False)
        if not detailed:
            return str(named)
        details = [
            f"{key}: {_detail(key, value, lang)}"
            for key, value in item.items()
            if key not in ("id", "name") and value not in (None, [], "")
        ]
        return f"{named} ({'; '.join(details)})" if details else str(named)
    details = [text(lang, PRIORITY_NAMES[item["priority"]])] if "priority" in item else []
    details += [item["owner"]] if "owner" in item else []
    details += [item["due"]] if "due" in item else []
    details += [text(lang, ACTION_STATUS_NAMES[item["status"]])] if "status" in item else []
    return f"{item['text']} ({', '.join(details)})" if details else item["text"]


def _detail(key: str, value: Any, lang: str) -> str:
    if key == "max_wait" and _is_number(value):
        return duration(float(value), lang)
    if isinstance(value, list):
        return ", ".join(str(part) for part in value)
    return str(value)


def change_value(
    change: Change, value: Any, lang: str, journey: Journey, *, detailed: bool = False
) -> str:
    """A changed value as people of ``lang`` read it: ``9 Tg.`` for 12960 minutes, the
    state, channel, phase or emotion in their words, lists one item after another (with
    ``detailed``, each named item with what is set of it)."""
    if value is None:
        return "–"
    if (
        change.kind == "flow-changed"
        and isinstance(change.old, dict)
        and isinstance(change.new, dict)
    ):
        return _flow_state(value, change.old, change.new, lang)
    field = change.field or ""
    metric, _, part = field.partition(".")
    if change.kind.startswith("metric-") and isinstance(value, dict):
        return _metric_entry(metric, value, lang, journey)
    if change.kind == "metric-changed" and part in ("value", "target") and _is_number(value):
        return format_value(journey.metric_info(metric), float(value), lang)
    names = {
        ("journey-changed", "state"): STATE_NAMES,
        ("stage-changed", "phase"): PHASE_NAMES,
    }.get((change.kind, field))
    if names and value in names:
        return text(lang, names[value])
    if change.kind == "channel-changed" and isinstance(value, str):
        return channel_name(value, lang)
    if change.kind == "emotion-changed" and _is_number(value):
        return emotion_mark(float(value))
    if isinstance(value, bool):
        return text(lang, "yes") if value else text(lang, "no")
    if _is_number(value):
        return number(float(value), lang, 0 if float(value).is_integer() else 1)
    if isinstance(value, list) and all(isinstance(item, str | dict) for item in value):
        return " · ".join(_item_text(item, lang, detailed) for item in value) or "–"
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dict) and all(isinstance(v, str | int | float) for v in value.values()):
        return ", ".join(f"{key}: {item}" for key, item in value.items()) or "–"
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _metric_entry(metric: str, entry: dict[str, Any], lang: str, journey: Journey) -> str:
    """``88 % (Ziel 85 %, n = 120)`` for an added or removed metric."""
    info = journey.metric_info(metric)
    value = entry.get("value")
    shown = format_value(info, float(value), lang) if isinstance(value, int | float) else "–"
    details = []
    if _is_number(entry.get("target")):
        target = format_value(info, float(entry["target"]), lang)
        details.append(text(lang, "target %(target)s", target=target))
    if _is_number(entry.get("n")):
        details.append(f"n = {number(float(entry['n']), lang)}")
    return f"{shown} ({', '.join(details)})" if details else shown


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


#: What of a flow a change can touch, in the order the words name it.
_FLOW_PARTS = ("context", "label", "share", "max_wait")


def flow_change(old: dict[str, Any], new: dict[str, Any], lang: str) -> str:
    """A changed flow in words: "the hand-over now carries the context; label changed
    from “x” to “y”" (never the flow's raw data)."""
    words = []
    for part in _FLOW_PARTS:
        before, after = old.get(part), new.get(part)
        if before == after or (part == "context" and bool(before) == bool(after)):
            continue
        if part == "context":
            words.append(
                text(lang, "the hand-over now carries the context")
                if after
                else text(lang, "the hand-over no longer carries the context")
            )
        elif part == "label":
            words.append(_label_change(before, after, lang))
        else:
            said = {
                "share": N_("share %(old)s → %(new)s"),
                "max_wait": N_("longest wait %(old)s → %(new)s"),
            }
            words.append(
                text(
                    lang,
                    said[part],
                    old=_flow_value(part, before, lang),
                    new=_flow_value(part, after, lang),
                )
            )
    return "; ".join(words)


def _label_change(before: Any, after: Any, lang: str) -> str:
    if before and after:
        return text(lang, "label changed from “%(old)s” to “%(new)s”", old=before, new=after)
    if after:
        return text(lang, "label “%(new)s” added", new=after)
    return text(lang, "label “%(old)s” removed", old=before)


def _flow_value(part: str, value: Any, lang: str) -> str:
    if value is None:
        return "–"
    if part == "share":
        return percent(float(value) * 100, lang)
    return duration(float(value), lang)  # max_wait, in seconds


def _flow_state(flow: dict[str, Any], old: dict[str, Any], new: dict[str, Any], lang: str) -> str:
    """One side of a changed flow, in words, for the parts that changed ("context
    carried · “has a question”")."""
    words = []
    for part in _FLOW_PARTS:
        if old.get(part) == new.get(part) or (
            part == "context" and bool(old.get(part)) == bool(new.get(part))
        ):
            continue
        value = flow.get(part)
        if part == "context":
            words.append(
                text(lang, "context carried") if value else text(lang, "context not carried")
            )
        elif part == "label":
            words.append(f"“{value}”" if value else "–")
        else:
            words.append(_flow_value(part, value, lang))
    return " · ".join(words) or "–"
