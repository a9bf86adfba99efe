"""The backlog as a table, CSV, an Excel workbook and JSON."""

from __future__ import annotations

import csv
import io
import json

import journeymap as jm
from journeymap.analysis.actions import BacklogItem, backlog
from journeymap.renderers.backlog import backlog_csv, backlog_json, backlog_table, backlog_xlsx

JOURNEY = """\
journeymap: 1
id: shop
title: Online-Shop
locale: de
stages:
  - {id: kauf, name: Kauf}
touchpoints:
  - id: cart
    name: Warenkorb
    stage: kauf
    owner: CX
    opportunities:
      - {text: "Versandkosten zeigen, früh", owner: Team Web, priority: high, due: 2027-01-31, status: doing}
      - "=HYPERLINK(\\"http://evil\\")"
"""


def items() -> list[BacklogItem]:
    return backlog([jm.reads(JOURNEY, file="shop.yaml")])


def csv_rows(lang: str) -> list[list[str]]:
    text = backlog_csv(items(), lang)
    assert text.startswith("\ufeff")  # Excel reads UTF-8 (umlauts) by its byte-order mark
    separator = ";" if lang in ("de", "nl", "tr") else ","  # the locale's list separator
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=separator))


def test_csv_speaks_the_language_of_its_spreadsheets() -> None:
    rows = csv_rows("de")
    assert rows[0] == [
        "Kundenreise", "Phase", "Kontaktpunkt", "Maßnahme", "verantwortlich", "Priorität",
        "fällig", "Status", "Quelle",
    ]  # fmt: skip
    assert rows[1] == [
        "Online-Shop",
        "Kauf",
        "Warenkorb",
        "Versandkosten zeigen, früh",
        "Team Web",
        "hoch",
        "2027-01-31",
        "in Arbeit",
        "shop.yaml:13:9",
    ]
    english = csv_rows("en")
    assert english[1][5:8] == ["high", "2027-01-31", "in progress"]


def test_a_cell_a_spreadsheet_would_run_is_kept_as_text() -> None:
    rows = csv_rows("en")
    assert rows[2][3] == '\'=HYPERLINK("http://evil")'
    assert rows[2][5:8] == ["", "", "open"]


def test_the_workbook_has_a_frozen_filtered_header_dates_and_texts() -> None:
    import datetime

    from openpyxl import load_workbook

    workbook = backlog_xlsx(items(), "de")
    assert workbook == backlog_xlsx(items(), "de")  # the same bytes every time
    sheet = load_workbook(io.BytesIO(workbook)).active
    assert sheet.title == "Maßnahmen"
    assert [cell.value for cell in sheet[1]][:4] == [
        "Kundenreise",
        "Phase",
        "Kontaktpunkt",
        "Maßnahme",
    ]
    assert sheet[1][0].font.bold and sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:I3"
    assert sheet["F2"].value == "hoch" and sheet["H2"].value == "in Arbeit"
    assert sheet["G2"].value == datetime.datetime(2027, 1, 31)
    formula = sheet["D3"]
    assert (formula.value, formula.data_type) == ('=HYPERLINK("http://evil")', "s")  # a text
    assert sheet.column_dimensions["D"].width > sheet.column_dimensions["B"].width


def test_json_gives_ids_and_names() -> None:
    first = json.loads(backlog_json(items()))[0]
    assert first["touchpoint"] == "cart" and first["touchpoint_name"] == "Warenkorb"
    assert (first["priority"], first["due"], first["status"], first["line"]) == (
        "high",
        "2027-01-31",
        "doing",
        13,
    )


def test_the_table_speaks_the_language_and_names_the_journey_only_when_several() -> None:
    lines = backlog_table(items(), "de").splitlines()
    assert lines[0].split()[:3] == ["Priorität", "fällig", "Status"]
    assert lines[1].startswith("hoch") and "in Arbeit" in lines[1]
    assert "Kauf › Warenkorb" in lines[1] and "Online-Shop" not in lines[1]
    two = backlog([jm.loads(JOURNEY), jm.loads(JOURNEY.replace("id: shop", "id: other"))])
    assert "Online-Shop › Kauf › Warenkorb" in backlog_table(two, "en")
    assert backlog_table([], "nl") == "Geen acties: geen contactpunt heeft een kans.\n"


def ranked() -> list[BacklogItem]:
    """The example portfolio's backlog, ranked by evidence."""
    from tests.helpers import PORTFOLIO, PORTFOLIO_DAY

    return list(jm.assess_portfolio(str(PORTFOLIO), today=PORTFOLIO_DAY).backlog)


def test_a_ranked_backlog_carries_its_scores_into_every_format() -> None:
    from openpyxl import load_workbook

    items = ranked()
    rows = list(csv.reader(io.StringIO(backlog_csv(items, "nl").lstrip("\ufeff")), delimiter=";"))
    assert rows[0][-3:] == ["inspanning", "score", "waarom deze score"]
    assert rows[1][-3:-1] == ["S", "1664,0"]
    assert rows[-1][-3:] == ["", "", "Geen score: heeft de inspanning (S, M of L) nodig."]
    records = json.loads(backlog_json(items))
    assert records[0]["evidence"] == {
        "score": 1664.0,
        "cases": 640,
        "cases_from": "n",
        "gap": 2.6,
        "gap_from": "target",
        "metric": "frt",
        "effort": "S",
        "missing": [],
    }
    assert records[-1]["evidence"]["missing"] == ["effort"] and records[-1]["effort"] is None
    sheet = load_workbook(io.BytesIO(backlog_xlsx(items, "nl"))).active
    assert [cell.value for cell in sheet[1]][-3:] == ["inspanning", "score", "waarom deze score"]
    assert sheet.cell(row=2, column=11).value == 1664.0  # a number a spreadsheet sorts by
    assert sheet.auto_filter.ref == f"A1:L{len(items) + 1}"


def test_a_plain_backlog_has_no_score_columns() -> None:
    items = backlog([jm.loads(JOURNEY)])
    assert "score" not in backlog_table(items, "en").splitlines()[0]
    assert "evidence" not in json.loads(backlog_json(items))[0]
