"""The backlog of actions (``journeymap actions``) as a table for people, CSV for
spreadsheets and issue-tracker imports, and JSON for scripts."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from .. import i18n
from ..analysis.actions import BacklogItem
from ..i18n import ACTION_STATUS_NAMES, N_, PRIORITY_NAMES
from .text import table

#: The CSV columns: plain English names, as importers map columns by their header.
CSV_COLUMNS = (
    "journey",
    "stage",
    "touchpoint",
    "action",
    "owner",
    "priority",
    "due",
    "status",
    "source",
)
#: What a spreadsheet would run as a formula (OWASP's list): such a cell gets a leading ``'``.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def backlog_table(items: Sequence[BacklogItem], lang: str) -> str:
    """The backlog as a plain-text table in ``lang``; the journey is named when there are
    several."""
    if not items:
        return i18n.text(lang, "No actions: no touchpoint has an opportunity.") + "\n"
    several = len({id(item.journey) for item in items}) > 1
    labels = [N_("priority"), N_("due"), N_("status"), N_("action"), N_("owner"), N_("where")]
    rows = [tuple(i18n.text(lang, label) for label in labels)]
    for item in items:
        action = item.action
        where = [item.journey.title] if several else []
        where += [item.stage.label if item.stage else item.touchpoint.stage, item.touchpoint.label]
        rows.append(
            (
                i18n.text(lang, PRIORITY_NAMES[action.priority]) if action.priority else "–",
                action.due.isoformat() if action.due else "–",
                i18n.text(lang, ACTION_STATUS_NAMES[action.status]),
                action.text,
                action.owner or "–",
                " › ".join(where),
            )
        )
    return "\n".join(table(rows)) + "\n"


def backlog_csv(items: Sequence[BacklogItem]) -> str:
    """The backlog as CSV (RFC 4180 quoting, a header row, one action per row), with the
    names people wrote and the machine values of priority, due date and status."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for item in items:
        action = item.action
        writer.writerow(
            [
                _cell(item.journey.title),
                _cell(item.stage.label if item.stage else item.touchpoint.stage),
                _cell(item.touchpoint.label),
                _cell(action.text),
                _cell(action.owner or ""),
                action.priority or "",
                action.due.isoformat() if action.due else "",
                action.status,
                _cell(_source(item)),
            ]
        )
    return buffer.getvalue()


def backlog_json(items: Sequence[BacklogItem]) -> str:
    """The backlog as a JSON array of objects with ids and names."""
    return json.dumps([_record(item) for item in items], ensure_ascii=False, indent=2) + "\n"


def _record(item: BacklogItem) -> dict[str, Any]:
    action = item.action
    return {
        "journey": item.journey.id,
        "journey_title": item.journey.title,
        "stage": item.touchpoint.stage,
        "stage_name": item.stage.label if item.stage else None,
        "touchpoint": item.touchpoint.id,
        "touchpoint_name": item.touchpoint.label,
        "text": action.text,
        "owner": action.owner,
        "priority": action.priority,
        "due": action.due.isoformat() if action.due else None,
        "status": action.status,
        "file": item.file,
        "line": item.line,
        "column": item.column,
    }


def _source(item: BacklogItem) -> str:
    if item.file is None:
        return ""
    return f"{item.file}:{item.line}:{item.column}" if item.line else item.file


def _cell(value: str) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula (CSV injection)."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value
