"""XES event logs: streamed, hardened against XML bombs, the same paths as the CSV."""

from __future__ import annotations

import gzip
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

import journeymap as jm
from journeymap.measure.events import read_paths
from journeymap.measure.validation import DataError
from journeymap.measure.xes import xes_to_csv
from tests.helpers import FIXTURES

LOGS = FIXTURES / "event-logs"
JOURNEY = LOGS / "compensation.yaml"

HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'


def xes(traces: str) -> str:
    return HEAD + f'<log xes.version="1.0">\n{traces}</log>\n'


def event(activity: str, when: str = "2024-01-01T10:00:00+01:00") -> str:
    return (
        f'<event><string key="concept:name" value="{activity}"/>'
        f'<date key="time:timestamp" value="{when}"/></event>\n'
    )


def write(tmp_path: Path, content: str, name: str = "log.xes") -> str:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return str(path)


def error_of(path: str) -> str:
    with pytest.raises(DataError) as caught:
        read_paths(jm.load(JOURNEY), path)
    return "\n".join(caught.value.lines())


def test_the_xes_log_gives_exactly_the_paths_of_the_same_log_as_csv(tmp_path: Path) -> None:
    journey = jm.load(JOURNEY)
    from_csv = read_paths(journey, str(LOGS / "running-example.csv")).to_dict()
    assert read_paths(journey, str(LOGS / "running-example.xes")).to_dict() == from_csv
    packed = tmp_path / "running-example.xes.gz"
    with open(LOGS / "running-example.xes", "rb") as raw, gzip.open(packed, "wb") as out:
        shutil.copyfileobj(raw, out)
    assert read_paths(journey, str(packed)).to_dict() == from_csv


def test_rows_come_out_in_file_order_whatever_the_nesting(tmp_path: Path) -> None:
    log = xes(
        '<global scope="event"><string key="concept:name" value="not an event"/></global>\n'
        "<trace>\n"
        + event("first")
        + '<string key="concept:name" value="late name"/>\n'  # the case's name after an event
        + '<event><list key="items"><string key="concept:name" value="nested"/></list>'
        '<string key="concept:name" value="second"/>'
        '<date key="time:timestamp" value="2024-01-02T10:00:00Z"/></event>\n'
        "</trace>\n"
    )
    target = tmp_path / "out.csv"
    assert xes_to_csv(write(tmp_path, log), str(target)) == 2
    assert target.read_text(encoding="utf-8").splitlines() == [
        "case,activity,timestamp,xes_line",  # each event's line in the XES file, too
        "late name,first,2024-01-01T10:00:00+01:00,5",
        "late name,second,2024-01-02T10:00:00Z,7",
    ]


def test_other_keys_are_named_with_columns(tmp_path: Path) -> None:
    log = xes(
        '<trace><string key="id" value="c1"/>'
        '<event><string key="Activity" value="pay"/>'
        '<date key="when" value="2024-01-01T10:00:00Z"/></event></trace>\n'
    )
    target = tmp_path / "out.csv"
    keys = {"case": "id", "activity": "Activity", "timestamp": "when"}
    xes_to_csv(write(tmp_path, log), str(target), keys)
    assert target.read_text(encoding="utf-8").splitlines()[1] == "c1,pay,2024-01-01T10:00:00Z,3"


def test_a_billion_laughs_is_refused_at_once(tmp_path: Path) -> None:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10 if n > 1 else "&lol;" * 10}">'
        for n in range(1, 10)
    )
    bomb = HEAD + f"<!DOCTYPE log [{entities}]>\n<log><trace>&lol9;</trace></log>\n"
    started = time.process_time()
    message = error_of(write(tmp_path, bomb))
    assert time.process_time() - started < 5  # refused, not expanded (a generous bound)
    assert message.startswith(f"{tmp_path / 'log.xes'}:2:") and "document type" in message


def test_external_entities_are_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("password", encoding="utf-8")
    attack = (
        HEAD
        + f'<!DOCTYPE log [<!ENTITY x SYSTEM "file://{secret}">]>\n'
        + '<log><trace><string key="concept:name" value="&x;"/></trace></log>\n'
    )
    message = error_of(write(tmp_path, attack))
    assert "password" not in message and "refused" in message


@pytest.mark.parametrize(
    ("content", "place", "words"),
    [
        (xes("<trace>\n" + event("a") + "</trace>\n"), ":3:1:", "trace without concept:name"),
        (
            xes('<trace><string key="concept:name" value="c"/>\n<event>\n</event></trace>\n'),
            ":4:",
            "event without concept:name",
        ),
        (
            xes('<trace><string key="concept:name" value="c"/>\n' + event("a", "yesterday")),
            ":4:",
            "unreadable timestamp 'yesterday'",
        ),
        (HEAD + "<log><trace>\n</log>\n", ":3:", "not valid XML"),
        ("", ":1:", "not valid XML"),
    ],
)
def test_a_broken_log_is_named_with_its_place(
    tmp_path: Path, content: str, place: str, words: str
) -> None:
    message = error_of(write(tmp_path, content))
    assert place in message.split(" ", 1)[0] and words in message, message


def test_a_broken_gzip_stream_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "log.xes.gz"
    path.write_bytes(gzip.compress(xes("<trace>" * 10).encode())[:-12])
    assert "gzip stream is broken" in error_of(str(path))


def test_a_huge_attribute_value_is_refused_in_time_and_memory_bounded_by_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 100 MB value in a 100 KB ``.xes.gz`` took 11 s and 420 MB (expat reads an element
    that spans many chunks again with every chunk): it is refused as the reader meets it,
    after reading two chunks of it, not a hundred."""
    from journeymap.measure import xes

    bomb = tmp_path / "bomb.xes.gz"
    with gzip.open(bomb, "wb") as stream:
        stream.write(
            b'<log><trace><string key="concept:name" value="c1"/><event>'
            b'<string key="concept:name" value="register request"/><string key="note" value="'
        )
        for _ in range(100):
            stream.write(b"a" * (1 << 20))
        stream.write(b'"/></event></trace></log>')
    read: list[int] = []
    opened = xes._open

    class Counting:
        def __init__(self, stream: Any) -> None:
            self.stream = stream

        def __enter__(self) -> Counting:
            return self

        def __exit__(self, *exc: object) -> None:
            self.stream.close()

        def read(self, size: int) -> bytes:
            chunk: bytes = self.stream.read(size)
            read.append(len(chunk))
            return chunk

    monkeypatch.setattr(xes, "_open", lambda path: Counting(opened(path)))
    with pytest.raises(DataError) as error:
        xes_to_csv(str(bomb), str(tmp_path / "out.csv"))
    assert error.value.lines() == [
        f"{bomb}:1:112: refused: an element or attribute value longer than 1 MiB; an event "
        "log's values are names and times"
    ]
    assert sum(read) <= 2 * xes.CHUNK


def test_a_step_logged_at_its_start_and_its_completion_is_one_visit(tmp_path: Path) -> None:
    """With XES's lifecycle extension every case was "a repeat contact" at every step."""

    def step(activity: str, transition: str, minute: int) -> str:
        return (
            f'<event><string key="concept:name" value="{activity}"/>'
            f'<string key="lifecycle:transition" value="{transition}"/>'
            f'<date key="time:timestamp" value="2024-01-01T10:{minute:02d}:00+00:00"/></event>\n'
        )

    trace = (
        '<trace><string key="concept:name" value="c1"/>\n'
        + step("register request", "start", 0)
        + step("register request", "complete", 5)
        + step("decide", "start", 10)
        + step("decide", "COMPLETE", 15)
        + "</trace>\n"
    )
    paths = read_paths(jm.load(JOURNEY), write(tmp_path, xes(trace)))
    assert paths.events == 2
    assert {tp: counts["repeat_cases"] for tp, counts in paths.touchpoints.items()} == {
        "decide": 0,
        "register": 0,
    }
    (flow,) = paths.flows
    assert (flow["from"], flow["to"], flow["median_s"]) == ("register", "decide", 600.0)


def test_a_trace_that_names_its_case_last_keeps_its_events_on_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Memory stays flat when a trace names its case after its events: beyond the first
    few (here 3), they wait in a temporary file, and come out in file order."""
    from journeymap.measure import xes as reader

    monkeypatch.setattr(reader, "PENDING_IN_MEMORY", 3)
    steps = [f"step {n}" for n in range(8)]
    trace = (
        "<trace>\n"
        + "".join(event(step, f"2024-01-01T10:0{n}:00+00:00") for n, step in enumerate(steps))
        + '<string key="concept:name" value="late"/>\n</trace>\n'
    )
    target = tmp_path / "out.csv"
    assert xes_to_csv(write(tmp_path, xes(trace)), str(target)) == 8
    rows = target.read_text(encoding="utf-8").splitlines()[1:]
    assert [row.split(",")[:2] for row in rows] == [["late", step] for step in steps]
    assert [int(row.split(",")[3]) for row in rows] == list(range(4, 12))


def test_a_time_duckdb_cannot_read_is_named_at_its_xes_line(tmp_path: Path) -> None:
    """Python reads an ISO week date (2024-W01-1); DuckDB does not, and said so at the line
    of the CSV the XES file became, not at the event's line in the XES file."""
    trace = (
        '<trace><string key="concept:name" value="c1"/>\n'
        + event("register request", "2024-01-01T10:00:00+00:00")
        + event("decide", "2024-01-01T10:00:00+00:00")
        + event("decide", "2024-W01-1T10:00:00")
        + event("decide", "2024-01-01T10:00:00+00:00")
        + "</trace>\n"
    )
    path = write(tmp_path, xes(trace))
    with pytest.raises(DataError) as caught:
        read_paths(jm.load(JOURNEY), path)
    assert caught.value.diagnostics[0].line == 6  # the event's line in the XES file
