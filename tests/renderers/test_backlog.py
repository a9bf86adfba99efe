"""The backlog as a table, CSV and JSON."""

from __future__ import annotations

import csv
import io
import json

import journeymap as jm
from journeymap.analysis.actions import BacklogItem, backlog
from journeymap.renderers.backlog import CSV_COLUMNS, backlog_csv, backlog_json, backlog_table

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
    return backlog([jm.loads(JOURNEY, file="shop.yaml")])


def test_csv_has_a_header_and_one_quoted_row_per_action() -> None:
    rows = list(csv.reader(io.StringIO(backlog_csv(items()))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert rows[1] == [
        "Online-Shop",
        "Kauf",
        "Warenkorb",
        "Versandkosten zeigen, früh",  # the comma is quoted, not a new column
        "Team Web",
        "high",
        "2027-01-31",
        "doing",
        "shop.yaml:13:9",
    ]


def test_a_cell_a_spreadsheet_would_run_is_kept_as_text() -> None:
    rows = list(csv.reader(io.StringIO(backlog_csv(items()))))
    assert rows[2][3] == '\'=HYPERLINK("http://evil")'
    assert rows[2][5:8] == ["", "", "open"]


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
