"""What changes between two journeys: current vs future state, or two versions.

Elements are matched by id, so a new name on the same id is a rename and a new
stage on the same touchpoint id is a move.  Every change has a stable ``kind``
(see :data:`KINDS`), the id it concerns, and its old and new value; the list
comes in a fixed order (journey, personas, stages, touchpoints, flows,
findings), so that diffs of diffs stay quiet.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from ..checks.runner import check
from ..i18n import N_

T = TypeVar("T")

if TYPE_CHECKING:
    from ..checks.findings import Finding
    from ..model.journey import Journey, MetricValue, Touchpoint

#: Every kind of change, with the sign the text format shows: + added, - removed, ~ changed.
KINDS = {
    "journey-changed": "~",
    "persona-added": "+",
    "persona-removed": "-",
    "persona-changed": "~",
    "stage-added": "+",
    "stage-removed": "-",
    "stage-renamed": "~",
    "stage-moved": "~",
    "stage-changed": "~",
    "touchpoint-added": "+",
    "touchpoint-removed": "-",
    "touchpoint-renamed": "~",
    "touchpoint-moved": "~",
    "owner-changed": "~",
    "channel-changed": "~",
    "emotion-changed": "~",
    "metric-added": "+",
    "metric-removed": "-",
    "metric-changed": "~",
    "touchpoint-changed": "~",
    "flow-added": "+",
    "flow-removed": "-",
    "flow-changed": "~",
    "finding-introduced": "+",
    "finding-resolved": "-",
}

#: What each kind of change is called, for people (translated where shown).
CHANGE_LABELS = {
    "journey-changed": N_("Journey changed"),
    "persona-added": N_("Persona added"),
    "persona-removed": N_("Persona removed"),
    "persona-changed": N_("Persona changed"),
    "stage-added": N_("Stage added"),
    "stage-removed": N_("Stage removed"),
    "stage-renamed": N_("Stage renamed"),
    "stage-moved": N_("Stage moved"),
    "stage-changed": N_("Stage changed"),
    "touchpoint-added": N_("Touchpoint added"),
    "touchpoint-removed": N_("Touchpoint removed"),
    "touchpoint-renamed": N_("Touchpoint renamed"),
    "touchpoint-moved": N_("Moved to another stage"),
    "owner-changed": N_("Owner changed"),
    "channel-changed": N_("Channel changed"),
    "emotion-changed": N_("Emotion changed"),
    "metric-added": N_("Metric added"),
    "metric-removed": N_("Metric removed"),
    "metric-changed": N_("Metric changed"),
    "touchpoint-changed": N_("Touchpoint changed"),
    "flow-added": N_("Flow added"),
    "flow-removed": N_("Flow removed"),
    "flow-changed": N_("Flow changed"),
    "finding-introduced": N_("New finding"),
    "finding-resolved": N_("Finding resolved"),
}

# Touchpoint fields with a kind of their own; the others are "touchpoint-changed".
_OWN_KIND = {
    "name": "touchpoint-renamed",
    "stage": "touchpoint-moved",
    "owner": "owner-changed",
    "channel": "channel-changed",
    "emotion": "emotion-changed",
}
#: The kinds that change a touchpoint that stays where it is.
TOUCHPOINT_CHANGES = frozenset(
    {*_OWN_KIND.values(), "metric-added", "metric-removed", "metric-changed", "touchpoint-changed"}
) - {"touchpoint-moved"}


@dataclass(frozen=True)
class Change:
    """One difference: ``kind`` from :data:`KINDS`, the ``subject`` id, what it was and is."""

    kind: str
    subject: str
    old: Any = None
    new: Any = None
    field: str | None = None  # the attribute that changed, where the kind leaves it open

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "subject": self.subject,
            "field": self.field,
            "old": self.old,
            "new": self.new,
        }

    def describe(self) -> str:
        """One line for people: ``~ touchpoint-moved chat: consideration → purchase``."""
        sign = KINDS[self.kind]
        line = f"{sign} {self.kind} {self.subject}" + (f" {self.field}" if self.field else "")
        if sign == "~":
            return f"{line}: {show_value(self.old)} → {show_value(self.new)}"
        value = self.new if sign == "+" else self.old
        return line if value is None else f"{line}: {show_value(value)}"


def show_value(value: Any) -> str:
    """A value as the text formats show it: strings quoted, whole floats as ints."""
    if value is None:
        return "(none)"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def diff(
    old: Journey,
    new: Journey,
    *,
    old_findings: list[Finding] | None = None,
    new_findings: list[Finding] | None = None,
    lang: str | None = None,
) -> list[Change]:
    """The changes that turn ``old`` into ``new`` (findings are checked when not given, their
    messages in ``lang``, default each journey's locale)."""
    changes = _fields(
        "journey-changed",
        "journey",
        old,
        new,
        (
            "id",
            "title",
            "description",
            "locale",
            "state",
            "kind",
            "teams",
            "systems",
            "channels",
            "segments",
            "metrics",
            "checks",
        ),
    )
    changes += _collection(
        "persona", old.personas, new.personas, lambda p: p.name, ("description",)
    )
    changes += _stages(old, new)
    changes += _touchpoints(old, new)
    changes += _flows(old, new)
    changes += _findings(
        check(old, lang=lang) if old_findings is None else old_findings,
        check(new, lang=lang) if new_findings is None else new_findings,
    )
    return changes


def _dump(value: Any) -> Any:
    """A model, list of models or plain value as plain JSON-like data."""
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json", exclude_defaults=True)
    if isinstance(value, list):
        return [_dump(item) for item in value]
    if isinstance(value, dict):
        return {key: _dump(item) for key, item in value.items()}
    return value


def _fields(kind: str, subject: str, old: Any, new: Any, names: tuple[str, ...]) -> list[Change]:
    changes = []
    for name in names:
        before, after = _dump(getattr(old, name)), _dump(getattr(new, name))
        if before != after:
            changes.append(Change(kind, subject, before, after, name))
    return changes


def keyed(keys: Iterable[str]) -> list[str]:
    """Each key, with ``#2``, ``#3``… on its later occurrences.

    An id defined twice (JM101) is two elements; matching them as ``x`` and ``x#2``
    keeps a change to the second one from going unseen.
    """
    seen: Counter[str] = Counter()
    result = []
    for key in keys:
        seen[key] += 1
        result.append(key if seen[key] == 1 else f"{key}#{seen[key]}")
    return result


def _by_id(items: Sequence[T]) -> dict[str, T]:
    return dict(zip(keyed(item.id for item in items), items, strict=True))  # type: ignore[attr-defined]


def _collection(
    noun: str, old: list[Any], new: list[Any], name_of: Any, fields: tuple[str, ...]
) -> list[Change]:
    """Added, removed and changed elements of a list matched by id (personas)."""
    before = _by_id(old)
    after = _by_id(new)
    changes = [
        Change(f"{noun}-added", i, None, name_of(x)) for i, x in after.items() if i not in before
    ]
    changes += [
        Change(f"{noun}-removed", i, name_of(x)) for i, x in before.items() if i not in after
    ]
    for item_id, item in after.items():
        if item_id in before:
            changes += _fields(f"{noun}-changed", item_id, before[item_id], item, ("name", *fields))
    return changes


def _stages(old: Journey, new: Journey) -> list[Change]:
    before = _by_id(old.stages)
    after = _by_id(new.stages)
    changes = [Change("stage-added", i, None, s.label) for i, s in after.items() if i not in before]
    changes += [Change("stage-removed", i, s.label) for i, s in before.items() if i not in after]
    kept_before = [i for i in before if i in after]
    kept_after = [i for i in after if i in before]
    for stage_id, stage in after.items():
        if stage_id not in before:
            continue
        previous = before[stage_id]
        if previous.label != stage.label:
            changes.append(Change("stage-renamed", stage_id, previous.label, stage.label))
        if kept_before.index(stage_id) != kept_after.index(stage_id):
            changes.append(
                Change(
                    "stage-moved",
                    stage_id,
                    kept_before.index(stage_id) + 1,
                    kept_after.index(stage_id) + 1,
                    "position",
                )
            )
        changes += _fields("stage-changed", stage_id, previous, stage, ("phase", "customer_goal"))
    return changes


def _touchpoints(old: Journey, new: Journey) -> list[Change]:
    before = _by_id(old.touchpoints)
    after = _by_id(new.touchpoints)
    changes = [
        Change("touchpoint-added", i, None, f"{tp.label} ({tp.stage}, {tp.owner})")
        for i, tp in after.items()
        if i not in before
    ]
    changes += [
        Change("touchpoint-removed", i, f"{tp.label} ({tp.stage}, {tp.owner})")
        for i, tp in before.items()
        if i not in after
    ]
    for tp_id, tp in after.items():
        if tp_id in before:
            changes += _touchpoint(tp_id, before[tp_id], tp)
    return changes


def _touchpoint(key: str, old: Touchpoint, new: Touchpoint) -> list[Change]:
    changes = []
    for name in type(new).model_fields:
        if name in ("id", "metrics", "next"):  # flows and metrics are compared on their own
            continue
        before, after = _dump(getattr(old, name)), _dump(getattr(new, name))
        if name == "name":
            before, after = old.label, new.label
        if before != after:
            kind = _OWN_KIND.get(name, "touchpoint-changed")
            changes.append(
                Change(kind, key, before, after, None if kind in _OWN_KIND.values() else name)
            )
    return changes + _metrics(key, old.metrics, new.metrics)


def _metrics(
    subject: str, old: dict[str, MetricValue], new: dict[str, MetricValue]
) -> list[Change]:
    changes = [
        Change("metric-added", subject, None, _dump(value), metric)
        for metric, value in new.items()
        if metric not in old
    ]
    changes += [
        Change("metric-removed", subject, _dump(value), None, metric)
        for metric, value in old.items()
        if metric not in new
    ]
    for metric, value in new.items():
        if metric not in old:
            continue
        before, after = _dump(old[metric]), _dump(value)
        for attribute in sorted(set(before) | set(after)):
            if before.get(attribute) != after.get(attribute):
                changes.append(
                    Change(
                        "metric-changed",
                        subject,
                        before.get(attribute),
                        after.get(attribute),
                        f"{metric}.{attribute}",
                    )
                )
    return changes


def _flows(old: Journey, new: Journey) -> list[Change]:
    def edges(journey: Journey) -> dict[str, dict[str, Any]]:
        sources = keyed(tp.id for tp in journey.touchpoints)
        flows = list(journey.flows())
        keys = keyed(f"{sources[edge.source_index]}→{edge.flow.to}" for edge in flows)
        return {key: _dump(edge.flow) for key, edge in zip(keys, flows, strict=True)}

    before, after = edges(old), edges(new)
    changes = [
        Change("flow-added", key, None, value.get("label"))
        for key, value in after.items()
        if key not in before
    ]
    changes += [
        Change("flow-removed", key, value.get("label"))
        for key, value in before.items()
        if key not in after
    ]
    for key, value in after.items():
        if key in before and before[key] != value:
            changes.append(Change("flow-changed", key, before[key], value))
    return changes


def _findings(old: list[Finding], new: list[Finding]) -> list[Change]:
    """Findings matched by identity (rule, element, metric or flow target) and message, then
    by identity alone, so a finding whose figures moved is neither introduced nor resolved,
    and a fixed CSAT is never reported as a fixed NPS."""

    def key(finding: Finding) -> tuple[tuple[str, str, str], str]:
        return (finding.identity, finding.message)

    before, after = Counter(map(key, old)), Counter(map(key, new))
    common = before & after
    before, after = before - common, after - common
    introduced = sorted(after.elements())
    resolved = sorted(before.elements())
    for identity, message in list(introduced):
        partner = next((r for r in resolved if r[0] == identity), None)
        if partner is not None:
            resolved.remove(partner)
            introduced.remove((identity, message))
    changes = [
        Change("finding-introduced", f"{code} {subject}".strip(), None, message, concern or None)
        for (code, subject, concern), message in introduced
    ]
    changes += [
        Change("finding-resolved", f"{code} {subject}".strip(), message, None, concern or None)
        for (code, subject, concern), message in resolved
    ]
    return changes


__all__ = [
    "KINDS",
    "TOUCHPOINT_CHANGES",
    "Change",
    "diff",
    "show_value",
]
