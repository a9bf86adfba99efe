"""Reading survey and ticket exports through DuckDB, with hand-computed expectations."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import duckdb
import pytest

import journeymap as jm
from journeymap.measure.formulas import TicketCounts
from journeymap.measure.measurements import summarise
from journeymap.measure.progress import run_query
from journeymap.measure.readers import read_data
from journeymap.measure.validation import DataError
from tests.helpers import FIXTURES

DATA = FIXTURES / "data"
RESPONSES, TICKETS = str(DATA / "responses.csv"), str(DATA / "tickets.csv")


@pytest.fixture
def journey() -> jm.Journey:
    return jm.load(DATA / "journey.yaml")


def convert(csv: str, folder: Path, kind: str) -> str:
    """The same rows as Parquet or JSON Lines, written by DuckDB."""
    target = folder / (Path(csv).stem + (".parquet" if kind == "parquet" else ".jsonl"))
    options = "FORMAT parquet" if kind == "parquet" else "FORMAT json"
    duckdb.sql(
        f"COPY (SELECT * FROM read_csv('{csv}', header = true, all_varchar = true)) TO '{target}' ({options})"
    )
    return str(target)


def test_hand_computed_touchpoint_values(journey: jm.Journey) -> None:
    summary = summarise(journey, read_data(journey, [RESPONSES], [TICKETS]))
    checkout = summary.touchpoints["checkout"]
    # 10 NPS answers: three 10s and two 9s (5 promoters), two 8s, three <= 6 (3 detractors).
    assert checkout["nps"].value == pytest.approx(20.0) and checkout["nps"].n == 10
    assert (checkout["nps"].ci_low, checkout["nps"].ci_high) == pytest.approx(
        (-34.0335, 74.0335), abs=1e-3
    )
    # 8 of 10 CSAT answers are 4 or 5: 80 %, Wilson interval 49.02 … 94.33.
    assert checkout["csat"].value == pytest.approx(80.0)
    assert (checkout["csat"].ci_low, checkout["csat"].ci_high) == pytest.approx(
        (49.016, 94.331), abs=1e-2
    )
    app = summary.touchpoints["app"]
    assert app["ces"].value == pytest.approx(10 / 3) and app["ces"].ci_low is None
    assert app["effort-minutes"].value == pytest.approx(37.5)
    hotline = summary.touchpoints["hotline"]
    # First responses after 20 min and (11:00+02:00 = 09:00Z) 40 min; one resolution after 120 min.
    assert (hotline["frt"].value, hotline["frt"].n) == (pytest.approx(30.0), 2)
    assert (hotline["art"].value, hotline["art"].n) == (pytest.approx(120.0), 1)
    assert (hotline["resolution_rate"].value, hotline["resolution_rate"].n) == (
        pytest.approx(100 / 3),
        3,
    )


def test_rollups_are_pooled_not_averaged(journey: jm.Journey) -> None:
    summary = summarise(journey, read_data(journey, [RESPONSES], [TICKETS]))
    # checkout NPS 20 (n=10) and app NPS -100 (two detractors, n=2): the mean would be -40,
    # the pooled NPS is 100 × (5 - 5) / 12 = 0.
    assert summary.touchpoints["app"]["nps"].value == pytest.approx(-100.0)
    assert summary.owners["CX"]["nps"].value == pytest.approx(0.0)
    assert summary.journey["nps"].n == 12
    # FRT pooled over the purchase stage: (20 + 40 + 1 + 3) / 4 tickets with a response.
    assert summary.stages["purchase"]["frt"].value == pytest.approx(16.0)
    assert summary.owners["CS"]["resolution_rate"].value == pytest.approx(60.0)
    assert summary.stages["loyalty"]["nps"].value == pytest.approx(-100.0)


@pytest.mark.parametrize("kind", ["parquet", "jsonl"])
def test_same_results_from_parquet_and_json_lines(
    journey: jm.Journey, tmp_path: Path, kind: str
) -> None:
    expected = summarise(journey, read_data(journey, [RESPONSES], [TICKETS])).to_dict()
    converted = read_data(
        journey, [convert(RESPONSES, tmp_path, kind)], [convert(TICKETS, tmp_path, kind)]
    )
    same = summarise(journey, converted).to_dict()
    assert [s["rows"] for s in same.pop("sources")] == [s["rows"] for s in expected.pop("sources")]
    assert same == expected


def test_several_files_add_up(journey: jm.Journey) -> None:
    twice = summarise(journey, read_data(journey, [RESPONSES, RESPONSES], []))
    assert twice.touchpoints["checkout"]["nps"].n == 20
    assert twice.touchpoints["checkout"]["nps"].value == pytest.approx(20.0)


BAD_ROWS = """touchpoint,metric,score
checkout,nps,11
chekout,csat,5
checkout,csat,4.5
checkout,cast,3
app,ces,6
checkout,nps,abc
checkout,csat,5
"""


def test_bad_responses_are_named_by_file_row_and_column(
    journey: jm.Journey, tmp_path: Path
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(BAD_ROWS, encoding="utf-8")
    with pytest.raises(DataError) as error:
        read_data(journey, [str(path)])
    assert [line.replace(str(path), "F") for line in error.value.lines()] == [
        "F:2:3: column 'score': score 11 is outside the NPS scale 0–10 ('checkout')",
        "F:3:1: column 'touchpoint': unknown touchpoint 'chekout' (did you mean 'checkout'?)",
        "F:4:3: column 'score': score 4.5 is not a whole number on the CSAT scale 1–5",
        "F:5:2: column 'metric': unknown metric 'cast' (did you mean 'csat'?); responses give csat, nps, ces or a metric defined under metrics:",
        "F:6:3: column 'score': score 6 is outside the CES scale 1–5 ('app')",
        "F:7:3: column 'score': score 'abc' is not a number",
    ]


def test_skip_invalid_counts_the_rows_it_leaves_out(journey: jm.Journey, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(BAD_ROWS, encoding="utf-8")
    measurements = read_data(journey, [str(path)], skip_invalid=True)
    assert measurements.skipped_rows == 6
    assert measurements.scores == {"checkout": {"csat": measurements.scores["checkout"]["csat"]}}
    assert measurements.scores["checkout"]["csat"].n == 1


def test_bad_tickets_are_named(journey: jm.Journey, tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(
        "touchpoint,created_at,first_response_at,resolved_at\n"
        "hotline,2024-05-01T10:00:00Z,2024-05-01T09:05:00Z,\n"
        "hotline,yesterday,,\n"
        "chat,2024-05-01T10:00:00Z,,2024-04-01T10:00:00Z\n"
        "hotlin,2024-05-01T10:00:00Z,,\n"
        "chat,2024-05-01T10:00:00Z,soon,\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError) as error:
        read_data(journey, tickets=[str(path)])
    assert [line.replace(str(path), "F") for line in error.value.lines()] == [
        "F:2:3: column 'first_response_at': first response 2024-05-01T09:05:00Z is before the ticket was created",
        "F:3:2: column 'created_at': created_at 'yesterday' is not an ISO-8601 date and time",
        "F:4:4: column 'resolved_at': resolution 2024-04-01T10:00:00Z is before the ticket was created",
        "F:5:1: column 'touchpoint': unknown touchpoint 'hotlin' (did you mean 'hotline'?)",
        "F:6:3: column 'first_response_at': first_response_at 'soon' is not an ISO-8601 date and time",
    ]
    assert read_data(journey, tickets=[str(path)], skip_invalid=True).skipped_rows == 5


def test_parquet_rows_are_numbered_too(journey: jm.Journey, tmp_path: Path) -> None:
    csv = tmp_path / "bad.csv"
    csv.write_text("touchpoint,metric,score\ncheckout,csat,5\ncheckout,csat,9\n", encoding="utf-8")
    parquet = convert(str(csv), tmp_path, "parquet")
    with pytest.raises(DataError) as error:
        read_data(journey, [parquet])
    assert error.value.lines() == [
        f"{parquet}:2:3: row 2, column 'score': score 9 is outside the CSAT scale 1–5 ('checkout')"
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "touchpoint,score\ncheckout,5\n",
            "missing column metric; the file has touchpoint, score",
        ),
        ("", "the file is empty"),
        ("\x00\x01garbage", "cannot read the file as parquet"),
    ],
)
def test_unusable_files(journey: jm.Journey, tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / ("r.parquet" if "parquet" in message else "r.csv")
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataError, match=re.escape(message)):
        read_data(journey, [str(path)])
    with pytest.raises(DataError, match="cannot read the file: no such file or folder"):
        read_data(journey, [str(tmp_path / "missing.csv")])


class RecordedProgress:
    def __init__(self) -> None:
        self.shown: list[tuple[str, float]] = []
        self.cleared = 0

    def show(self, label: str, percent: float) -> None:
        self.shown.append((label, percent))

    def clear(self) -> None:
        self.cleared += 1


def test_a_slow_query_reports_its_progress_and_a_quick_one_does_not(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("journeymap.measure.progress.PROGRESS_AFTER", 0.0)
    connection = duckdb.connect()
    progress = RecordedProgress()
    rows = run_query(
        connection, "SELECT sum(i * i) FROM range(300000000) t(i)", progress, "survey.csv"
    )
    assert rows[0][0] > 0
    assert progress.shown and {label for label, _ in progress.shown} == {"survey.csv"}
    assert progress.cleared == 1
    assert run_query(connection, "SELECT 1", None, "x") == [(1,)]


def test_a_failing_watched_query_raises_its_own_error() -> None:
    with pytest.raises(duckdb.Error, match="no_such_table"):
        run_query(duckdb.connect(), "SELECT * FROM no_such_table", RecordedProgress(), "x")


def test_bad_value_beyond_the_type_sniffers_sample_is_still_named(
    journey: jm.Journey, tmp_path: Path
) -> None:
    path = tmp_path / "late.csv"
    rows = ["touchpoint,metric,score"] + ["checkout,csat,5"] * 30_000 + ["checkout,csat,n/a"]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as error:
        read_data(journey, [str(path)])
    assert error.value.lines() == [f"{path}:30002:3: column 'score': score 'n/a' is not a number"]
    skipped = read_data(journey, [str(path)], skip_invalid=True)
    assert (skipped.skipped_rows, skipped.scores["checkout"]["csat"].n) == (1, 30_000)


def test_data_file_errors_are_in_the_journeys_language(tmp_path: Path) -> None:
    """The data belong to the journey: a Dutch journey's missing file is said in Dutch."""
    dutch = jm.load(FIXTURES / "journeys" / "insurance-claim.yaml")
    with pytest.raises(DataError) as error:
        read_data(dutch, [str(tmp_path / "weg.csv")])
    assert error.value.lines() == [
        f"{tmp_path}/weg.csv:1:1: het bestand is niet te lezen: bestand of map bestaat niet"
    ]
    two_missing = tmp_path / "r.csv"
    two_missing.write_text("touchpoint\nx\n", encoding="utf-8")
    with pytest.raises(DataError, match="kolommen metric, score ontbreken"):
        read_data(dutch, [str(two_missing)])


def test_every_bad_file_is_reported_in_one_run(journey: jm.Journey, tmp_path: Path) -> None:
    """Both files are bad: both are named, each with its first problems and the rest counted."""
    responses = tmp_path / "responses.csv"
    responses.write_text(
        "touchpoint,metric,score\n" + "checkout,nps,11\n" * 12 + "checkout,csat,\n",
        encoding="utf-8",
    )
    tickets = tmp_path / "tickets.csv"
    tickets.write_text(
        "touchpoint,created_at,first_response_at,resolved_at\nhotline,,,\n", encoding="utf-8"
    )
    with pytest.raises(DataError) as error:
        read_data(journey, [str(responses)], [str(tickets)])
    lines = [line.replace(str(tmp_path), "D") for line in error.value.lines()]
    assert (
        lines[0]
        == "D/responses.csv:2:3: column 'score': score 11 is outside the NPS scale 0–10 ('checkout')"
    )
    assert (
        lines[10]
        == "D/responses.csv:1:1: 13 unusable rows in this file, the first 10 listed; fix them, or use --skip-invalid to leave them out"
    )
    assert (
        lines[-1]
        == "D/tickets.csv:2:2: column 'created_at': created_at is empty; every ticket needs the time it was created"
    )
    assert not any("None" in line for line in lines)


def test_an_empty_score_says_empty(journey: jm.Journey, tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("touchpoint,metric,score\ncheckout,csat,\n", encoding="utf-8")
    with pytest.raises(DataError) as error:
        read_data(journey, [str(path)])
    assert error.value.lines() == [f"{path}:2:3: column 'score': the score is empty"]


DATED = """touchpoint,metric,score,timestamp
checkout,csat,5,2026-01-31T23:59:00Z
checkout,csat,4,2026-02-01T00:00:00Z
checkout,csat,2,2026-02-28T12:00:00+01:00
checkout,csat,1,2026-03-01T08:00:00Z
"""


def test_since_and_until_choose_the_days_whose_data_count(
    journey: jm.Journey, tmp_path: Path
) -> None:
    from journeymap.measure.validation import Period

    path = tmp_path / "r.csv"
    path.write_text(DATED, encoding="utf-8")
    february = Period(datetime.date(2026, 2, 1), datetime.date(2026, 2, 28))
    measured = read_data(journey, [str(path)], period=february)
    assert measured.scores["checkout"]["csat"].n == 2  # 4 and 2: the 1st and the 28th
    (source,) = measured.sources
    assert (source.rows, source.skipped, source.outside) == (2, 0, 2)
    assert (source.first, source.last) == ("2026-02-01", "2026-02-28")
    everything = read_data(journey, [str(path)]).sources[0]
    assert (everything.rows, everything.outside, everything.first) == (4, 0, "2026-01-31")


def test_survey_timestamps_are_read_and_bad_ones_named(journey: jm.Journey, tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(DATED + "checkout,csat,5,gisteren\ncheckout,csat,5,\n", encoding="utf-8")
    with pytest.raises(DataError) as error:
        read_data(journey, [str(path)])
    assert error.value.lines() == [
        f"{path}:6:4: column 'timestamp': timestamp 'gisteren' is not an ISO-8601 date and "
        "time (e.g. 2026-03-31T14:05:00Z)"
    ]  # an empty timestamp is fine while no period asks for one
    from journeymap.measure.validation import Period

    with pytest.raises(DataError) as dated:
        read_data(journey, [str(path)], period=Period(since=datetime.date(2026, 1, 1)))
    assert dated.value.lines()[-1] == (
        f"{path}:7:4: column 'timestamp': the timestamp is empty, so the response cannot be "
        "placed in --since/--until"
    )


def test_a_period_needs_a_timestamp_column(journey: jm.Journey, tmp_path: Path) -> None:
    from journeymap.measure.validation import Period

    path = tmp_path / "r.csv"
    path.write_text("touchpoint,metric,score\ncheckout,csat,5\n", encoding="utf-8")
    with pytest.raises(DataError, match="need a timestamp column"):
        read_data(journey, [str(path)], period=Period(until=datetime.date(2026, 1, 1)))


def test_the_journeys_ces_scale_decides_which_scores_are_valid(tmp_path: Path) -> None:
    text = (DATA / "journey.yaml").read_text(encoding="utf-8").replace("{ces: {scale: 5}}", "{}")
    seven = jm.loads(text)
    five = jm.loads(text.replace("metrics:\n", "metrics:\n  - {id: ces, scale: 5}\n", 1))
    path = tmp_path / "r.csv"
    path.write_text("touchpoint,metric,score\napp,ces,7\n", encoding="utf-8")
    assert read_data(seven, [str(path)]).scores["app"]["ces"].n == 1
    with pytest.raises(DataError, match="outside the CES scale 1–5"):
        read_data(five, [str(path)])


def test_csv_columns_are_read_as_written_beyond_the_sniffers_view(tmp_path: Path) -> None:
    """The sniffer looks once; every column but the score is then read as text: an id
    such as 007 keeps its zeros, and a quoted comma far down the file stays in its field."""
    journey = jm.loads(
        "journeymap: 1\nid: j\ntitle: J\nstages: [{id: s}]\n"
        "touchpoints:\n  - {id: '007', stage: s, owner: CS, metrics: {csat: 80}}\n"
    )
    path = tmp_path / "survey.csv"
    rows = ["touchpoint,metric,score"] + ["007,csat,5"] * 30_000 + ['"00,7",csat,4']
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as error:
        read_data(journey, [str(path)])
    assert "'00,7'" in "\n".join(error.value.lines())  # one field, named as written
    measured = read_data(journey, [str(path)], skip_invalid=True)
    assert measured.scores["007"]["csat"].n == 30_000


def test_a_clean_ticket_csv_is_read_in_one_typed_scan(
    journey: jm.Journey, queries: list[str], tmp_path: Path
) -> None:
    """Ticket times are parsed while the CSV file is read, not as text afterwards (no
    string per value); only a time that scan cannot read sends the file back to text,
    as test_bad_tickets_are_named shows."""
    typed = read_data(journey, tickets=[TICKETS])
    assert len(queries) == 1 and "'created_at': 'TIMESTAMPTZ'" in queries[0]
    as_text = read_data(journey, tickets=[convert(TICKETS, tmp_path, "jsonl")])  # all text
    assert typed.tickets == as_text.tickets


def typed_tickets(folder: Path, csv: str = TICKETS) -> str:
    """Tickets as Parquet with native timestamps, as a warehouse export writes them."""
    target = folder / "typed.parquet"
    columns = (
        "{'touchpoint': 'VARCHAR', 'created_at': 'TIMESTAMPTZ', "
        "'first_response_at': 'TIMESTAMPTZ', 'resolved_at': 'TIMESTAMPTZ'}"
    )
    duckdb.sql(
        f"COPY (SELECT * FROM read_csv('{csv}', header = true, columns = {columns})) "
        f"TO '{target}' (FORMAT parquet)"
    )
    return str(target)


def test_typed_ticket_times_are_checked_per_group_not_per_row(
    journey: jm.Journey, queries: list[str], tmp_path: Path
) -> None:
    """Typed times are kept as read, and the groups' earliest and latest prove them
    usable (a check per row costs a sixth of the scan): one scan, the same tickets."""
    typed = read_data(journey, tickets=[typed_tickets(tmp_path)])
    assert len(queries) == 1 and "isfinite(c0)" not in queries[0]
    assert typed.tickets == read_data(journey, tickets=[TICKETS]).tickets


def ticket_file(folder: Path, kind: str, *rows: str) -> str:
    """Tickets as CSV, or as Parquet with native timestamps."""
    csv = folder / "t.csv"
    header = "touchpoint,created_at,first_response_at,resolved_at\n"
    csv.write_text(header + "".join(f"{row}\n" for row in rows), encoding="utf-8")
    return typed_tickets(folder, str(csv)) if kind == "parquet" else str(csv)


#: The epoch as each kind of file writes it in the messages.
EPOCH_WRITTEN = {"csv": "'1970-01-01T00:00:00Z'", "parquet": "'1970-01-01 00:00:00+00'"}


def refused_lines(journey: jm.Journey, path: str, kind: str) -> list[str]:
    """The lines of the error reading the tickets ``path`` gives, without the path,
    numbered by data row (a CSV file's line numbers count its header; Parquet's
    messages name the row)."""
    with pytest.raises(DataError) as error:
        read_data(journey, tickets=[path])
    lines = []
    for line in error.value.lines():
        number, rest = line.split(":", 2)[1:]
        lines.append(f"{int(number) - (kind == 'csv')}:{re.sub(r' row [0-9]+,', '', rest)}")
    return lines


@pytest.mark.parametrize("kind", ["csv", "parquet"])
def test_a_ticket_time_at_the_epoch_is_named(
    journey: jm.Journey, tmp_path: Path, kind: str
) -> None:
    """Typed times the trusting scan kept are checked again, row by row, when a group
    holds one at the epoch (which exports write for a missing time)."""
    path = ticket_file(
        tmp_path,
        kind,
        "hotline,2024-05-01T10:00:00Z,2024-05-01T10:05:00Z,2024-05-01T11:00:00Z",
        "hotline,1970-01-01T00:00:00Z,,",
    )
    assert refused_lines(journey, path, kind) == [
        f"2:2: column 'created_at': created_at {EPOCH_WRITTEN[kind]} is a placeholder for a "
        "missing time (1970-01-01 00:00 UTC), not a real time",
    ]


@pytest.mark.parametrize("kind", ["csv", "parquet"])
def test_infinite_and_missing_ticket_times_are_named(
    journey: jm.Journey, tmp_path: Path, kind: str
) -> None:
    path = ticket_file(
        tmp_path, kind, "hotline,2024-05-01T10:00:00Z,2024-05-01T10:05:00Z,infinity", "chat,,,"
    )
    assert refused_lines(journey, path, kind) == [
        "1:4: column 'resolved_at': resolved_at 'infinity' is not an ISO-8601 date and time",
        "2:2: column 'created_at': created_at is empty; every ticket needs the time it was created",
    ]


@pytest.mark.parametrize("kind", ["csv", "parquet"])
def test_an_infinite_answer_alone_is_named(journey: jm.Journey, tmp_path: Path, kind: str) -> None:
    """The one answer time a trusting scan must rule out itself: nothing else is wrong."""
    path = ticket_file(tmp_path, kind, "hotline,2024-05-01T10:00:00Z,infinity,")
    assert refused_lines(journey, path, kind) == [
        "1:3: column 'first_response_at': first_response_at 'infinity' is not an ISO-8601 "
        "date and time"
    ]


@pytest.mark.parametrize("kind", ["csv", "parquet"])
def test_answers_at_the_epoch_or_minus_infinity_are_named_and_skipped(
    journey: jm.Journey, tmp_path: Path, kind: str
) -> None:
    """The trusting scan does not prove answer times after the epoch: such an answer
    lies before its ticket's creation, so the row is bad all the same; the error names
    it as the per-row check would, and skipping leaves out just that row."""
    path = ticket_file(
        tmp_path,
        kind,
        "hotline,2024-05-01T10:00:00Z,2024-05-01T10:05:00Z,2024-05-01T11:00:00Z",
        "hotline,2024-05-02T10:00:00Z,1970-01-01T00:00:00Z,",
        "hotline,2024-05-03T10:00:00Z,,-infinity",
    )
    assert refused_lines(journey, path, kind) == [
        f"2:3: column 'first_response_at': first_response_at {EPOCH_WRITTEN[kind]} is a placeholder "
        "for a missing time (1970-01-01 00:00 UTC), not a real time",
        "3:4: column 'resolved_at': resolved_at '-infinity' is not an ISO-8601 date and time",
    ]
    skipped = read_data(journey, tickets=[path], skip_invalid=True)
    assert skipped.skipped_rows == 2
    assert skipped.tickets["hotline"] == TicketCounts(1, 1, 5.0, 1, 60.0)


def test_a_period_does_not_hide_a_ticket_created_at_the_epoch(
    journey: jm.Journey, tmp_path: Path
) -> None:
    """The period chooses tickets by their created time, so that time is checked first:
    a ticket 'created' at the epoch is named, not left out as outside the period."""
    from journeymap.measure.validation import Period

    path = ticket_file(tmp_path, "parquet", "hotline,2024-05-01T10:00:00Z,,", "hotline,epoch,,")
    with pytest.raises(DataError, match=r":2:2: row 2, column 'created_at'"):
        read_data(journey, tickets=[path], period=Period(since=datetime.date(2024, 1, 1)))


def test_a_link_folder_is_made_only_for_names_duckdb_would_expand(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    from journeymap.measure.files import LinkFolder, literal_path

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    (tmp_path / "survey[1].csv").write_text("x\n")
    with LinkFolder() as aliases:
        assert literal_path(str(tmp_path / "plain.csv"), aliases) == str(tmp_path / "plain.csv")
        assert not any(scratch.iterdir())
        linked = Path(literal_path(str(tmp_path / "survey[1].csv"), aliases))
        assert linked.parent.parent == scratch and linked.read_text() == "x\n"
    assert not any(scratch.iterdir())


def test_the_sniffer_reads_lines_as_long_as_duckdb_can(journey: jm.Journey, tmp_path: Path) -> None:
    """The sniffer's buffer is cut to save time, but never below DuckDB's longest line:
    a verbatim comment of 1.9 MB still reads."""
    path = tmp_path / "survey.csv"
    comment = "very " * 380_000
    path.write_text(
        f"touchpoint,metric,score,comment\ncheckout,csat,4,{comment}\ncheckout,csat,5,ok\n",
        encoding="utf-8",
    )
    assert read_data(journey, [str(path)]).scores["checkout"]["csat"].n == 2


def test_a_mapped_column_wins_over_a_column_of_the_same_name(
    journey: jm.Journey, tmp_path: Path
) -> None:
    """``--columns touchpoint=tp`` reads ``tp`` as the touchpoint, though the file also has
    a column called ``touchpoint`` (here holding ids of no touchpoint)."""
    path = tmp_path / "survey.csv"
    path.write_text(
        "touchpoint,tp,metric,score\nnowhere,checkout,csat,5\nnowhere,checkout,csat,4\n",
        encoding="utf-8",
    )
    measured = read_data(journey, [str(path)], columns={"touchpoint": "tp"})
    assert measured.scores["checkout"]["csat"].n == 2
    with pytest.raises(DataError, match="nowhere"):
        read_data(journey, [str(path)])  # unmapped, the real column is read
