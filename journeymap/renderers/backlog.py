"""The backlog of actions (``journeymap actions``) as a table for people, CSV for
spreadsheets and issue-tracker imports, and JSON for scripts."""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
from collections.abc import Sequence
from typing import Any

from .. import i18n
from ..analysis.actions import BacklogItem
from ..i18n import ACTION_STATUS_NAMES, N_, PRIORITY_NAMES
from .labels import evidence_text, score_text
from .text import table

#: The spreadsheet columns (CSV and XLSX), headed in the journeys' language.
COLUMNS = (
    N_("journey"),
    N_("stage"),
    N_("touchpoint"),
    N_("action"),
    N_("owner"),
    N_("priority"),
    N_("due"),
    N_("status"),
    N_("source"),
)
#: The columns a ranked backlog (a portfolio's) adds: the score and the data behind it.
SCORE_COLUMNS = (N_("effort"), N_("score"), N_("why this score"))
#: What a spreadsheet would run as a formula (OWASP's list): such a cell gets a leading ``'``.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def backlog_table(items: Sequence[BacklogItem], lang: str) -> str:
    """The backlog as a plain-text table in ``lang``; the journey is named when there are
    several."""
    if not items:
        return i18n.text(lang, "No actions: no touchpoint has an opportunity.") + "\n"
    several = len({id(item.journey) for item in items}) > 1
    ranked = _ranked(items)
    labels = [N_("priority"), N_("due"), N_("status"), N_("action"), N_("owner"), N_("where")]
    labels = [N_("score"), *labels, N_("why this score")] if ranked else labels
    rows = [tuple(i18n.text(lang, label) for label in labels)]
    for item in items:
        action = item.action
        where = [item.journey.title] if several else []
        where += [item.stage.label if item.stage else item.touchpoint.stage, item.touchpoint.label]
        row: tuple[str, ...] = (
            i18n.text(lang, PRIORITY_NAMES[action.priority]) if action.priority else "–",
            action.due.isoformat() if action.due else "–",
            i18n.text(lang, ACTION_STATUS_NAMES[action.status]),
            action.text,
            action.owner or "–",
            " › ".join(where),
        )
        if item.evidence is not None:
            row = (score_text(item.evidence, lang), *row, evidence_text(item.evidence, lang))
        rows.append(row)
    return "\n".join(table(rows)) + "\n"


def _ranked(items: Sequence[BacklogItem]) -> bool:
    """True for a backlog ranked by evidence (a portfolio's): its outputs show the scores."""
    return any(item.evidence is not None for item in items)


def backlog_csv(items: Sequence[BacklogItem], lang: str) -> str:
    """The backlog as CSV for the spreadsheets of ``lang``: a byte-order mark (so Excel
    reads UTF-8 umlauts), the locale's list separator (``;`` where a decimal comma takes
    ``,``), headers and values in the language; one action per row, RFC 4180 quoting."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=_list_separator(lang), lineterminator="\n")
    writer.writerow([i18n.text(lang, column) for column in _columns(items)])
    for row in _rows(items, lang):
        writer.writerow([_csv_value(value, lang) for value in row])
    return buffer.getvalue()


def backlog_xlsx(items: Sequence[BacklogItem], lang: str) -> bytes:
    """The backlog as an Excel workbook in ``lang``: a bold header row that stays in view
    and filters, widths that fit the texts, due dates as dates, every text a text (never a
    formula).  The same backlog gives the same bytes."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = i18n.text(lang, "Actions")[:31]
    sheet.append([i18n.text(lang, column) for column in _columns(items)])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(cell.value) for cell in sheet[1]]
    for number, row in enumerate(_rows(items, lang), start=2):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=number, column=column, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # "=1+1" is an action's text, not a formula
            elif isinstance(value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
            widths[column - 1] = max(widths[column - 1], len(str(value)))
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[chr(64 + column)].width = min(width + 2, 60)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{chr(64 + len(_columns(items)))}{max(sheet.max_row, 1)}"
    fixed = datetime.datetime(2000, 1, 1)
    workbook.properties.created = workbook.properties.modified = fixed
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _fixed_zip_times(buffer.getvalue())


def _columns(items: Sequence[BacklogItem]) -> tuple[str, ...]:
    return (*COLUMNS, *SCORE_COLUMNS) if _ranked(items) else COLUMNS


def _rows(items: Sequence[BacklogItem], lang: str) -> list[list[Any]]:
    """One row per action: names as people wrote them, priority and status in ``lang``,
    the due date as a date; in a ranked backlog, its effort, score (a number, empty when
    unscored) and why."""
    rows = []
    ranked = _ranked(items)
    for item in items:
        action = item.action
        evidence = item.evidence
        score = evidence.score if evidence else None
        scored: list[Any] = (
            [
                action.effort or "",
                round(score, 1) if score is not None else "",
                evidence_text(evidence, lang) if evidence else "",
            ]
            if ranked
            else []
        )
        rows.append(
            [
                item.journey.title,
                item.stage.label if item.stage else item.touchpoint.stage,
                item.touchpoint.label,
                action.text,
                action.owner or "",
                i18n.text(lang, PRIORITY_NAMES[action.priority]) if action.priority else "",
                action.due if action.due else "",
                i18n.text(lang, ACTION_STATUS_NAMES[action.status]),
                _source(item),
                *scored,
            ]
        )
    return rows


def _csv_value(value: Any, lang: str) -> str:
    """A cell of the CSV: a text made safe, a date in ISO, a number as ``lang`` writes it."""
    if isinstance(value, str):
        return _cell(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    # No grouping: a spreadsheet reads "1664,0" as a number in every locale, "1.664,0" not.
    return f"{value:.1f}".replace(".", _decimal_mark(lang))


def _list_separator(lang: str) -> str:
    """What the spreadsheets of ``lang`` split a CSV line at: ``;`` where numbers take a
    decimal comma (de, nl, tr), else ``,``."""
    return ";" if _decimal_mark(lang) == "," else ","


def _decimal_mark(lang: str) -> str:
    from babel import Locale

    return str(Locale.parse(lang).number_symbols["latn"]["decimal"])


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _fixed_zip_times(archive: bytes) -> bytes:
    """The workbook with every part dated 1980-01-01, and the document's "modified" time
    fixed: a zip stamps the time of writing, and openpyxl the time of saving."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(archive))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _MODIFIED.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", data)
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, data)
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
        "effort": action.effort,
        "file": item.file,
        "line": item.line,
        "column": item.column,
        **({"evidence": _evidence(item)} if item.evidence is not None else {}),
    }


def _evidence(item: BacklogItem) -> dict[str, Any]:
    """The score and its factors, machine-neutral: the gap as a fraction."""
    evidence = item.evidence
    assert evidence is not None
    reading = evidence.reading
    return {
        "score": evidence.score,
        "cases": evidence.cases,
        "cases_from": evidence.cases_from,
        "gap": evidence.gap,
        "gap_from": evidence.gap_from,
        "metric": reading.metric if reading else None,
        "effort": evidence.effort,
        "missing": list(evidence.missing),
    }


def _source(item: BacklogItem) -> str:
    if item.file is None:
        return ""
    return f"{item.file}:{item.line}:{item.column}" if item.line else item.file


def _cell(value: str) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula (CSV injection)."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value
