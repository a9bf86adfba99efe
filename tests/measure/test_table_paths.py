"""A table's event log measured by its own engine (SPEC §10): the same figures as the
file walked by DuckDB, and only figures sent back.  PostgreSQL and Spark are tested in
test_tables.py; here a DuckDB database stands for any engine (``read_paths`` itself reads
one in this process, as a file)."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

import journeymap as jm
from journeymap.measure.events import read_paths
from journeymap.measure.validation import Period
from journeymap.model.observed import Paths
from tests.helpers import FIXTURES, event_log
from tests.measure.test_events import BACKSTAGE_CHECK

pytest.importorskip("ibis", reason="journeymap[tables] is not installed")

LOG = FIXTURES / "event-logs" / "running-example.csv"


def by_engine(
    journey: jm.Journey,
    url: str,
    *,
    period: Period | None = None,
    top: int = 10,
    segment: str | None = None,
) -> Paths:
    """The paths as the table's engine computes them, through Ibis."""
    from journeymap.measure.sources import data_source
    from journeymap.measure.table_paths import table_paths

    asked = {"segment": segment} if segment else {}
    return table_paths(journey, data_source(url), asked, period or Period(), top, segment)


def as_table(tmp_path: Path, select: str) -> str:
    database = tmp_path / "events.duckdb"
    with duckdb.connect(str(database)) as connection:
        connection.execute(f"CREATE TABLE events AS {select}")
    return f"duckdb://{database}?table=events"


def test_waits_unmapped_activities_and_a_period_are_those_of_the_file(tmp_path: Path) -> None:
    journey = jm.loads(BACKSTAGE_CHECK)
    # As a table stores them: typed times, and a column more than the log needs.
    table = as_table(
        tmp_path,
        f'SELECT "case:concept:name"::VARCHAR AS case_id, "concept:name" AS activity, '
        f'"time:timestamp"::TIMESTAMPTZ AS timestamp, "org:resource" FROM read_csv(\'{LOG}\')',
    )
    for period in (Period(), Period(until=datetime.date(2010, 12, 31))):
        from_file = read_paths(journey, str(LOG), period=period).to_dict()
        assert by_engine(journey, table, period=period).to_dict() == from_file
    assert from_file["backstage"] and from_file["cases"] == 3


def test_times_stored_as_text_are_read_by_the_engine(tmp_path: Path) -> None:
    journey = jm.loads(BACKSTAGE_CHECK)
    table = as_table(tmp_path, f"SELECT * FROM read_csv('{LOG}', all_varchar = true)")
    assert by_engine(journey, table).to_dict() == read_paths(journey, str(LOG)).to_dict()


def segmented(tmp_path: Path, cases: int) -> tuple[str, Path]:
    """A log of ``cases`` cases in fifteen segments (more than are measured apart), as a
    table and as a CSV file."""
    specs = [f"{cases // 3} x ad, shop +3d, hotline", f"{cases - cases // 3} x ad, shop"]
    log = tmp_path / f"log-{cases}.csv"
    log.write_text(event_log(specs), encoding="utf-8")
    select = (
        f"SELECT *, 'channel-' || (hash(\"case\") % 15)::VARCHAR AS channel FROM read_csv('{log}')"
    )
    folder = tmp_path / str(cases)
    folder.mkdir()
    table = as_table(folder, select)
    with_channel = tmp_path / f"log-{cases}-channel.csv"
    duckdb.execute(f"COPY ({select}) TO '{with_channel}' (HEADER)")
    return table, with_channel


SHOP = """\
journeymap: 1
id: shop
title: Shop
stages: [{id: buy, phase: purchase}, {id: help, phase: loyalty}]
touchpoints:
  - {id: ad, stage: buy, owner: CX, entry: true, next: [shop]}
  - {id: shop, stage: buy, owner: CX, exit: true}
  - {id: hotline, stage: help, owner: CS}
"""


def test_segments_beyond_those_measured_apart_are_counted_as_in_the_file(tmp_path: Path) -> None:
    journey = jm.loads(SHOP)
    table, file = segmented(tmp_path, 300)
    from_table = by_engine(journey, table, segment="channel").to_dict()
    assert from_table == read_paths(journey, str(file), segment="channel").to_dict()
    assert len(from_table["segments"]) == 12 and from_table["other_segment_cases"] > 0


def test_the_rows_sent_back_do_not_grow_with_the_events(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ten times the cases of the same shape: the same number of rows from the engine."""
    from journeymap.measure import table_paths

    journey = jm.loads(SHOP)
    fetch = table_paths._fetch
    counted: list[int] = []

    def counting(query: Any) -> list[dict[str, Any]]:
        rows = fetch(query)
        counted.append(len(rows))
        return rows

    monkeypatch.setattr(table_paths, "_fetch", counting)
    sent = []
    for cases in (300, 3_000):
        counted.clear()
        table, _file = segmented(tmp_path, cases)
        assert by_engine(journey, table, segment="channel").cases == cases
        sent.append(sum(counted))
    assert sent[0] == sent[1] < 500


def test_an_engine_without_exact_quantiles_says_its_durations_are_approximate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """BigQuery only approximates quantiles: the paths say so, in the journey's language,
    rather than pass an approximation off as the exact median."""
    from journeymap.measure import table_paths

    journey = jm.loads(SHOP.replace("title: Shop", "title: Shop\nlocale: nl"))
    table, _file = segmented(tmp_path, 30)
    assert by_engine(journey, table).notes == []
    monkeypatch.setattr(table_paths, "_plan", lambda *arguments: (True, False))
    approximate = by_engine(journey, table)
    assert approximate.notes == [
        "duckdb kent geen exact kwantiel: de mediaan en p90 van de doorlooptijden zijn zijn "
        "benadering"
    ]
    assert approximate.flows and "notes" not in approximate.to_dict()


def test_a_drafts_activities_are_counted_by_the_engine_as_from_the_file(tmp_path: Path) -> None:
    """``import events``: the cases in the period, the cases each activity reaches and
    each activity's roles (the running example's org:resource), as the file gives them."""
    from journeymap.measure.discovery import _activities, _commonest_roles
    from journeymap.measure.sources import data_source
    from journeymap.measure.table_paths import table_activities

    journey = jm.loads(SHOP)
    table = as_table(tmp_path, f"SELECT * FROM read_csv('{LOG}')")
    columns = {"role": "org:resource"}
    period = Period(until=datetime.date(2010, 12, 31))
    total, reach, found = table_activities(journey, data_source(table), columns, period)
    from_file = _activities(journey, data_source(str(LOG)), columns, period)
    assert (total, reach, _commonest_roles(found)) == (
        from_file.cases, from_file.reach, from_file.roles
    )  # fmt: skip
    assert total == 3 and from_file.roles["decide"] == "Sara"
