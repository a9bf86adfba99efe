"""Paths from an event log, checked against an independent pure-Python computation of
the definitions of SPEC §9 on a real log (the process-mining "running example")."""

from __future__ import annotations

import csv
import datetime
import errno
import itertools
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import duckdb
import pytest

import journeymap as jm
from journeymap.measure.events import activity_map, read_paths
from journeymap.measure.validation import DataError, Period
from tests.helpers import FIXTURES, ROOT, event_log, first_steps, instant_log

LOGS = FIXTURES / "event-logs"
LOG = LOGS / "running-example.csv"


@pytest.fixture(scope="module")
def journey() -> jm.Journey:
    return jm.load(LOGS / "compensation.yaml")


def quantile(values: list[float], q: float) -> float:
    """Linear interpolation between closest ranks (numpy's default), to the microsecond."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return round(ordered[low] + (ordered[high] - ordered[low]) * (position - low), 6)


def touchpoint_of(journey: jm.Journey, activity: str) -> str | None:
    """SPEC §9, read for one activity: the first touchpoint that lists it under ``events``;
    else the touchpoint with it as its id; else the first with it as its name."""
    for matches in (
        lambda tp: activity in tp.events,
        lambda tp: tp.id == activity,
        lambda tp: tp.name == activity,
    ):
        found = next((tp.id for tp in journey.touchpoints if matches(tp)), None)
        if found is not None:
            return found
    return None


def by_hand(journey: jm.Journey, log: Path, top: int) -> dict[str, Any]:
    """The same figures from the definitions alone, with the csv module and plain Python
    (and an activity mapping of its own, not the one it checks)."""
    with log.open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    activities = {row["concept:name"] for row in rows}
    mapping = {a: tp for a in activities if (tp := touchpoint_of(journey, a)) is not None}
    cases: dict[str, list[tuple[datetime.datetime, int, str]]] = defaultdict(list)
    unmapped: Counter[str] = Counter()
    for order, row in enumerate(rows):
        activity = row["concept:name"]
        when = datetime.datetime.fromisoformat(row["time:timestamp"])
        if activity in mapping:
            cases[row["case:concept:name"]].append((when, order, mapping[activity]))
        else:
            unmapped[activity] += 1
    paths = {case: [tp for _, _, tp in sorted(events)] for case, events in cases.items()}
    times = {case: [when for when, _, _ in sorted(events)] for case, events in cases.items()}
    stage_of = {tp.id: tp.stage for tp in journey.touchpoints}
    exits = {tp.id for tp in journey.touchpoints if tp.exit}
    designed = {(edge.source, edge.flow.to) for edge in journey.flows()}
    entries = {tp.id for tp in journey.entry_points()}
    last_stage = journey.stages[-1].id
    touchpoints = {}
    for tp in sorted({tp for path in paths.values() for tp in path}):
        visits = [path.count(tp) for path in paths.values() if tp in path]
        ends = sum(1 for path in paths.values() if path[-1] == tp)
        dropoff = ends if tp not in exits and stage_of[tp] != last_stage else 0
        touchpoints[tp] = {
            "cases": len(visits),
            "visits": sum(visits),
            "dropoff": dropoff,
            "repeat_cases": sum(1 for v in visits if v >= 2),
        }
    stages = Counter(s for path in paths.values() for s in {stage_of[tp] for tp in path})
    durations: dict[tuple[str, str], list[float]] = defaultdict(list)
    flow_cases: dict[tuple[str, str], set[str]] = defaultdict(set)
    for case, path in paths.items():
        for i, step in enumerate(itertools.pairwise(path)):
            durations[step].append((times[case][i + 1] - times[case][i]).total_seconds())
            flow_cases[step].add(case)
    flows = [
        {
            "from": a,
            "to": b,
            "count": len(durations[(a, b)]),
            "cases": len(flow_cases[(a, b)]),
            "designed": (a, b) in designed,
            "median_s": quantile(durations[(a, b)], 0.5),
            "p90_s": quantile(durations[(a, b)], 0.9),
        }
        for a, b in sorted(durations, key=lambda s: (-len(durations[s]), s))
    ]
    variants = Counter(tuple(path) for path in paths.values())
    fitting = sum(
        1
        for path in paths.values()
        if path[0] in entries
        and path[-1] in exits
        and all(step in designed for step in itertools.pairwise(path))
    )
    ranked = sorted(variants.items(), key=lambda item: (-item[1], list(item[0])))
    return {
        "cases": len(paths),
        "events": sum(len(path) for path in paths.values()),
        "unmapped": dict(sorted(unmapped.items())),
        "fitting_cases": fitting,
        "fitting_share": round(100 * fitting / len(paths), 2),
        "touchpoints": touchpoints,
        "stages": dict(sorted(stages.items())),
        "flows": flows,
        "unused_designed": sorted(f"{a}->{b}" for a, b in designed - set(durations)),
        "variants": len(variants),
        "top_variants": [{"path": list(path), "cases": n} for path, n in ranked[:top]],
    }


def test_paths_of_a_real_log_match_the_definitions(journey: jm.Journey) -> None:
    measured = read_paths(journey, str(LOG), top=3).to_dict()
    assert measured == by_hand(journey, LOG, top=3)
    # A few figures read off the log by eye, so that both computations cannot share a slip.
    assert (measured["cases"], measured["unmapped"]) == (6, {"reject request": 3})
    assert measured["touchpoints"]["reinitiate"] == {
        "cases": 2,
        "visits": 3,
        "dropoff": 0,
        "repeat_cases": 1,
    }
    assert "decide->reject" in measured["unused_designed"]
    assert list(measured) == [
        "cases",
        "events",
        "unmapped",
        "fitting_cases",
        "fitting_share",
        "touchpoints",
        "stages",
        "flows",
        "unused_designed",
        "variants",
        "top_variants",
    ]  # fmt: skip  SPEC §9: exactly these


def test_equal_timestamps_keep_their_input_order(journey: jm.Journey, tmp_path: Path) -> None:
    log = tmp_path / "ties.csv"
    log.write_text(
        "case,activity,timestamp\n"
        "a,register request,2024-01-01T10:00:00Z\n"
        "a,check ticket,2024-01-01T11:00:00Z\n"
        "a,examine casually,2024-01-01T11:00:00Z\n",
        encoding="utf-8",
    )
    measured = read_paths(journey, str(log)).to_dict()
    assert measured["top_variants"] == [{"path": ["register", "check", "examine"], "cases": 1}]
    assert measured["touchpoints"]["examine"]["dropoff"] == 1  # ends mid-journey


def test_the_input_order_holds_in_a_log_read_in_parallel_chunks(
    journey: jm.Journey, tmp_path: Path
) -> None:
    """A large CSV is parsed in parallel, and its rows must still keep their order."""
    cases = 60_000
    log = instant_log(tmp_path / "instant.csv", cases)
    parquet = tmp_path / "instant.parquet"
    duckdb.execute(f"COPY (FROM read_csv('{log}')) TO '{parquet}' (FORMAT parquet)")
    for source in (log, parquet):
        assert first_steps(journey, str(source)) == [
            ("decide", cases // 2),
            ("register", cases // 2),
        ]


def test_a_log_walked_in_parts_gives_the_same_figures(
    journey: jm.Journey, monkeypatch: pytest.MonkeyPatch
) -> None:
    from journeymap.measure import events

    whole = read_paths(journey, str(LOG), top=10).to_dict()
    monkeypatch.setattr(events, "PART_EVENTS", 4)  # eleven parts for 42 events
    assert read_paths(journey, str(LOG), top=10).to_dict() == whole


def walked_parts(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The parts each walk of a log cuts it into, as they come (runs or hash parts)."""
    from journeymap.measure import events

    calls: list[list[str]] = []
    walk_parts = events._walk_parts

    def recorded(connection: Any, keep: str, parts: list[str], waits: bool) -> int:
        calls.append(list(parts))
        return walk_parts(connection, keep, parts, waits)

    monkeypatch.setattr(events, "_walk_parts", recorded)
    monkeypatch.setattr(events, "PART_EVENTS", 4)  # eleven parts of the running example
    monkeypatch.setattr(events, "SAMPLE_ROWS", 8)
    return calls


def rewritten(log: Path, rows: list[dict[str, str]]) -> Path:
    with log.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return log


def log_rows() -> list[dict[str, str]]:
    with LOG.open(encoding="utf-8") as stream:
        return list(csv.DictReader(stream))


def test_a_log_keeping_its_cases_together_is_walked_in_runs_of_its_rows(
    journey: jm.Journey, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The running example lists each case's events together: each run of rows ends
    between two cases and is read alone, not the whole log once per part."""
    whole = read_paths(journey, str(LOG), top=10).to_dict()
    calls = walked_parts(monkeypatch)
    assert read_paths(journey, str(LOG), top=10).to_dict() == whole
    assert len(calls) == 1 and all(part.startswith("(SELECT * FROM raw") for part in calls[0])
    cases = [row["case:concept:name"] for row in log_rows()]
    ends = [int(part.rstrip(")").rsplit(" ", 1)[1]) for part in calls[0]]
    # 42 events in runs of 4, each ending between two cases: one run per case.
    assert ends == [9, 14, 19, 24, 37, 42]
    assert all(cases[end - 1] != cases[end] for end in ends[:-1])


def test_a_log_in_time_order_is_walked_by_hash(
    journey: jm.Journey, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    rows = sorted(log_rows(), key=lambda row: row["time:timestamp"])
    log = rewritten(tmp_path / "by-time.csv", rows)
    calls = walked_parts(monkeypatch)
    assert read_paths(journey, str(log), top=10).to_dict() == by_hand(journey, log, top=10)
    # 42 events in eleven parts by a hash of the case id, written once: a file for each
    # part that holds a case (six cases).
    assert len(calls) == 1 and 1 < len(calls[0]) <= 6
    assert all(part.startswith("read_parquet(") and "part=" in part for part in calls[0])


def test_hash_parts_in_a_temporary_folder_named_like_a_glob_are_read_whole(
    journey: jm.Journey, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The parts' files are named to DuckDB one by one: a TMPDIR with * ? [ ] in its name
    is no pattern that matches other files, or none."""
    rows = sorted(log_rows(), key=lambda row: row["time:timestamp"])
    log = rewritten(tmp_path / "by-time.csv", rows)
    temp = tmp_path / "temp [1] *?"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    calls = walked_parts(monkeypatch)
    assert read_paths(journey, str(log), top=10).to_dict() == by_hand(journey, log, top=10)
    assert len(calls) == 1 and all(str(temp) in part for part in calls[0])
    assert list(temp.iterdir()) == []


def test_a_case_coming_back_after_the_sample_is_walked_again_by_hash(
    journey: jm.Journey, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The middle of the log keeps its cases together, its end does not: the runs miss a
    case's first event, which the count of cases finds; the log is walked again, whole."""
    rows = log_rows()
    log = rewritten(tmp_path / "late.csv", [*rows[1:], rows[0]])
    calls = walked_parts(monkeypatch)
    assert read_paths(journey, str(log), top=10).to_dict() == by_hand(journey, log, top=10)
    assert [part[0][:13] for part in calls] == ["(SELECT * FRO", "read_parquet("]


def test_paths_of_a_larger_real_log_match_the_definitions(tmp_path: Path) -> None:
    """The permit-receipt log of a Dutch municipality (1,434 cases, 8,577 events, time
    zones in the timestamps), read from its Parquet file, against the definitions."""
    import duckdb

    journey = jm.load(ROOT / "examples" / "vergunning-ontvangst.yaml")
    log = ROOT / "examples" / "data" / "vergunning-ontvangst-events.parquet"
    rows = duckdb.execute(f"SELECT * FROM read_parquet('{log}')").fetchall()
    plain = tmp_path / "receipt.csv"
    with plain.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["case:concept:name", "concept:name", "time:timestamp"])
        writer.writerows((case, activity, when.isoformat()) for case, activity, when, _ in rows)
    measured = read_paths(journey, str(log), top=5).to_dict()
    assert measured == by_hand(journey, plain, top=5)
    assert (measured["cases"], measured["events"]) == (1434, 8577)


def one_case_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, memory: str) -> list[str]:
    """The lines of the error that measuring a log of one case of 3 M events (a .csv.gz,
    named ``one-case.csv.gz``) in ``memory`` gives."""
    from journeymap.measure import event_logs

    monkeypatch.setattr(event_logs, "MEMORY_LIMIT", memory)
    log = tmp_path / "one-case.csv.gz"
    duckdb.execute(
        "COPY (SELECT 'c1' AS case_id, CASE WHEN i % 2 = 0 THEN 'register request' "
        "ELSE 'decide' END AS activity, TIMESTAMP '2024-01-01' + to_seconds(i) AS timestamp "
        f"FROM range(3000000) t(i)) TO '{log}' (HEADER, COMPRESSION gzip)"
    )
    with pytest.raises(DataError) as error:
        read_paths(jm.load(LOGS / "compensation.yaml"), str(log))
    return error.value.lines()


def test_a_case_too_large_to_order_in_memory_is_named_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One case of 10 M events (a 2.6 MB .csv.gz) ran DuckDB out of memory with a traceback;
    here the memory is made small instead of the log large: enough to load the log, too
    little to order its case (at 100MB, loading it ran out of memory now and then: the
    next test)."""
    assert one_case_refused(tmp_path, monkeypatch, "200MB") == [
        f"{tmp_path / 'one-case.csv.gz'}:1:1: case 'c1' has 3,000,000 events, more than "
        "journeymap orders in 200MB of memory; a case is one customer's way through the "
        "journey: is the case column right (--columns case=COLUMN)?"
    ]


def test_a_log_too_large_even_to_load_in_its_order_says_so_and_what_helps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A CSV log is loaded into a table first, to keep its order; where that alone runs out
    of memory, no case is to blame (this asked for the case of a table never made, and
    ended in a traceback)."""
    assert one_case_refused(tmp_path, monkeypatch, "80MB") == [
        f"{tmp_path / 'one-case.csv.gz'}:1:1: reading the log in its order took more than the "
        "80MB of memory journeymap gives it; save the log as Parquet, which is read where it "
        "lies, in parts"
    ]


def test_a_disk_too_full_for_the_spill_is_said_at_the_log_not_as_a_traceback(
    journey: jm.Journey, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DuckDB spills beyond its memory into the temporary folder; a disk without room for
    it (here: a spill limited to 1 KB) is named with what to do, and nothing is left."""
    from journeymap.measure import event_logs

    log = tmp_path / "log.parquet"
    duckdb.execute(
        "COPY (SELECT 'c' || (i % 200000) AS case_id, CASE WHEN i % 2 = 0 THEN "
        "'register request' ELSE 'decide' END AS activity, TIMESTAMP '2024-01-01' + "
        f"to_seconds(i) AS timestamp FROM range(1000000) t(i)) TO '{log}' (FORMAT parquet)"
    )
    connect = duckdb.connect

    def small_disk(*args: Any, **kwargs: Any) -> Any:
        connection = connect(*args, **kwargs)
        connection.execute("SET threads = 2")
        connection.execute("SET max_temp_directory_size = '1KB'")
        return connection

    monkeypatch.setattr(duckdb, "connect", small_disk)
    monkeypatch.setattr(event_logs, "MEMORY_LIMIT", "60MB")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "temp"))
    (tmp_path / "temp").mkdir()
    with pytest.raises(DataError) as error:
        read_paths(journey, str(log))
    assert error.value.lines() == [
        f"{log}:1:1: no room is left on the disk for the temporary files journeymap writes "
        f"while it reads the log (in {tmp_path / 'temp'}); free some space there, or set "
        "TMPDIR to a folder on a disk with more room"
    ]
    assert list((tmp_path / "temp").iterdir()) == []


def test_a_write_that_fails_for_want_of_space_is_a_full_disk() -> None:
    from journeymap.measure.event_logs import disk_full

    assert disk_full(OSError(errno.ENOSPC, "No space left on device"))
    assert disk_full(duckdb.IOException('Could not write file "x": No space left on device'))
    assert not disk_full(OSError(errno.EACCES, "Permission denied"))
    assert not disk_full(duckdb.OutOfMemoryException("could not allocate block"))


def test_a_log_too_large_even_to_find_its_largest_case_says_so_without_naming_one(
    journey: jm.Journey, tmp_path: Path
) -> None:
    """After DuckDB ran out of memory ordering a case, the query that names that case can
    run out too: still a message, never a traceback."""
    from journeymap.measure.access import source_of
    from journeymap.measure.events import _too_large_case

    class Exhausted:
        def execute(self, *_args: object) -> None:
            raise duckdb.OutOfMemoryException("Out of Memory Error: could not allocate block")

    log = tmp_path / "log.csv"
    error = _too_large_case(Exhausted(), journey, source_of(str(log), journey))
    assert error.lines() == [
        f"{log}:1:1: the log's cases hold more events than journeymap orders in 1200MB of "
        "memory; a case is one customer's way through the journey: is the case column right "
        "(--columns case=COLUMN)?"
    ]


def test_an_activity_is_mapped_by_events_first_then_id_then_name(tmp_path: Path) -> None:
    """Where a listed activity is also another touchpoint's id or name, the list wins; an
    id wins over a name (SPEC §9), in the paths and the mapping alike."""
    journey = jm.loads(
        "journeymap: 1\nid: j\ntitle: J\nstages: [{id: s}]\ntouchpoints:\n"
        "  - {id: form, stage: s, owner: CX, entry: true, events: [review], next: [review]}\n"
        "  - {id: review, stage: s, owner: CS, name: call, next: [call]}\n"
        "  - {id: call, stage: s, owner: CS, exit: true}\n"
    )
    activities = ["review", "call", "form"]
    assert {a: touchpoint_of(journey, a) for a in activities} == {
        "review": "form",
        "call": "call",
        "form": "form",
    }
    assert {a: activity_map(journey)[a] for a in activities} == {
        a: touchpoint_of(journey, a) for a in activities
    }
    log = tmp_path / "log.csv"
    log.write_text(event_log(["3 x review, call"]), encoding="utf-8")
    paths = read_paths(journey, str(log))
    assert set(paths.touchpoints) == {"form", "call"}  # 'review' went to the form


SELF_LOOP = (
    "journeymap: 1\nid: j\ntitle: J\nstages: [{id: s}]\ntouchpoints:\n"
    "  - {id: form, stage: s, owner: CX, entry: true, next: [hotline]}\n"
    "  - {id: hotline, stage: s, owner: CS, exit: true, next: [hotline]}\n"
)


def test_a_designed_self_loop_is_a_designed_step(tmp_path: Path) -> None:
    """``hotline: next: [hotline]`` designs the call back: taken, it is no detour (JM401)
    and no unused flow (JM402); the repeat contact is still JM405's to judge."""
    journey = jm.loads(SELF_LOOP)
    log = tmp_path / "log.csv"
    log.write_text(event_log(["50 x form, hotline, hotline", "50 x form, hotline"]), "utf-8")
    paths = read_paths(journey, str(log))
    steps = {(f["from"], f["to"]): f for f in paths.flows}
    assert (
        steps[("hotline", "hotline")]["designed"] and steps[("hotline", "hotline")]["cases"] == 50
    )
    assert paths.unused_designed == []
    codes = {f.code for f in jm.assess(journey, observed=paths).findings}
    assert "JM401" not in codes and "JM402" not in codes and "JM405" in codes


def test_unmapped_activities_count_only_inside_the_period(tmp_path: Path) -> None:
    journey = jm.loads(SELF_LOOP)
    log = tmp_path / "log.csv"
    log.write_text(event_log(["3 x form, callback, hotline"]), "utf-8")  # 2024-01-01
    assert read_paths(journey, str(log)).unmapped == {"callback": 3}
    later = Period(since=datetime.date(2024, 2, 1))
    assert read_paths(journey, str(log), period=later).unmapped == {}


BACKSTAGE_CHECK = """\
journeymap: 1
id: compensation
title: Compensation request
kind: service
stages: [{id: intake}, {id: review}, {id: outcome}]
touchpoints:
  - id: register
    name: register request
    stage: intake
    owner: CS
    entry: true
    next: [examine]
  - id: examine
    stage: review
    owner: CS
    events: [examine casually, examine thoroughly]
    backstage:
      - {id: check, name: Check the ticket, team: office, max_wait: 1h, events: [check ticket]}
    next: [decide]
  - {id: decide, stage: review, owner: CS, events: [decide], next: [pay, reject, reinitiate]}
  - {id: reinitiate, stage: review, owner: CS, events: [reinitiate request], next: [examine]}
  - {id: pay, stage: outcome, owner: CX, exit: true, events: [pay compensation]}
  - {id: reject, stage: outcome, owner: CX, exit: true, events: [reject request]}
"""


def waits_by_hand(log: Path, step_activity: str, customer_activities: set[str]) -> list[float]:
    """SPEC §11 read for one step: each of its events, back to the case's last event of a
    touchpoint before it (time, then input order); none before it, no wait."""
    with log.open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    cases: dict[str, list[tuple[datetime.datetime, int, str]]] = defaultdict(list)
    for order, row in enumerate(rows):
        when = datetime.datetime.fromisoformat(row["time:timestamp"])
        cases[row["case:concept:name"]].append((when, order, row["concept:name"]))
    waits = []
    for events in cases.values():
        last_contact = None
        for when, _order, activity in sorted(events):
            if activity == step_activity and last_contact is not None:
                waits.append((when - last_contact).total_seconds())
            elif activity in customer_activities:
                last_contact = when
    return waits


def test_a_backstage_steps_wait_is_measured_back_to_the_customers_last_touchpoint() -> None:
    journey = jm.loads(BACKSTAGE_CHECK)
    paths = read_paths(journey, str(LOG))
    customer = {
        "register request", "examine casually", "examine thoroughly", "decide",
        "reinitiate request", "pay compensation", "reject request",
    }  # fmt: skip
    expected = waits_by_hand(LOG, "check ticket", customer)
    (wait,) = paths.backstage
    assert (wait["touchpoint"], wait["step"], wait["count"]) == ("examine", "check", 9)
    assert wait["count"] == len(expected) and wait["cases"] == 6
    assert wait["median_s"] == pytest.approx(quantile(expected, 0.5))
    assert wait["p90_s"] == pytest.approx(quantile(expected, 0.9))
    # The step's events are no touchpoint's: out of the paths, and not "unmapped" either.
    assert all("check ticket" not in variant["path"] for variant in paths.top_variants)
    assert paths.unmapped == {} and "check" not in paths.touchpoints
    assert paths.to_dict()["backstage"] == [wait]


@pytest.mark.parametrize("order", ["by case", "by time"])
def test_backstage_waits_are_the_same_walked_in_parts(
    order: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """In runs of the log's rows (by case) or in parts written by a hash (by time)."""
    journey = jm.loads(BACKSTAGE_CHECK)
    rows = log_rows()
    if order == "by time":
        rows.sort(key=lambda row: row["time:timestamp"])
    log = rewritten(tmp_path / "log.csv", rows)
    whole = read_paths(journey, str(log)).to_dict()
    calls = walked_parts(monkeypatch)
    assert read_paths(journey, str(log)).to_dict() == whole
    assert len(calls) == 1 and len(calls[0]) > 1
    assert whole["backstage"][0]["count"] == 9


def test_a_step_event_listed_far_from_its_case_is_not_cut_off_from_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Case 3's first "check ticket" listed last: its touchpoint events all lie in one
    run, but the step's event in another, where it would wait on nothing.  The count of
    cases includes the cases waiting on a step, so the log is walked again by hash."""
    journey = jm.loads(BACKSTAGE_CHECK)
    rows = log_rows()
    moved = next(i for i, row in enumerate(rows) if row["concept:name"] == "check ticket")
    log = rewritten(tmp_path / "late-step.csv", [*rows[:moved], *rows[moved + 1 :], rows[moved]])
    whole = read_paths(journey, str(log)).to_dict()
    calls = walked_parts(monkeypatch)
    assert read_paths(journey, str(log)).to_dict() == whole
    assert [part[0][:13] for part in calls] == ["(SELECT * FRO", "read_parquet("]
    assert whole["backstage"][0]["count"] == 9


def test_a_slow_backstage_step_is_jm404_at_its_line() -> None:
    document = jm.reads(BACKSTAGE_CHECK, file="claim.yaml")
    observed = read_paths(document.journey, str(LOG))
    (finding,) = [f for f in jm.check(document, observed=observed) if f.code == "JM404"]
    assert (finding.line, finding.concern) == (18, "check")
    assert finding.message.startswith(
        "Customers wait 1 day (median) on backstage step 'Check the ticket' (check) of "
        "touchpoint 'examine', more than its max_wait of 1 hr"
    )


def test_each_segment_has_the_paths_of_its_own_cases_alone(
    journey: jm.Journey, tmp_path: Path
) -> None:
    """The paths of one value of ``--segment`` are those of a log holding only its cases
    (the case's first event says its value; a case without one is a segment of its own)."""
    with LOG.open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    value_of: dict[str, str] = {}  # by case: who took its first event ("" for Mike's)
    for row in rows:  # the log lists each case's events in time order
        resource = row["org:resource"]
        value_of.setdefault(row["case:concept:name"], "" if resource == "Mike" else resource)
    segmented = tmp_path / "segmented.csv"
    with segmented.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, [*rows[0], "first"])
        writer.writeheader()
        writer.writerows({**row, "first": value_of[row["case:concept:name"]]} for row in rows)
    measured = read_paths(journey, str(segmented), segment="first", top=5)
    counted = Counter(value_of.values())
    order = sorted(counted, key=lambda value: (-counted[value], value == "", value))
    assert measured.segment == "first" and list(measured.segments) == order
    assert measured.other_segment_cases == 0
    for value, alone in measured.segments.items():
        own = tmp_path / f"only-{value or 'none'}.csv"
        with own.open("w", encoding="utf-8", newline="") as stream:
            writer = csv.DictWriter(stream, list(rows[0]))
            writer.writeheader()
            writer.writerows(r for r in rows if value_of[r["case:concept:name"]] == value)
        expected = read_paths(journey, str(own), top=5).to_dict()
        assert alone.to_dict() == {**expected, "unmapped": {}}, value
        assert alone.cases == counted[value]
    whole = {k: v for k, v in measured.to_dict().items() if not k.startswith(("segment", "other"))}
    assert whole == read_paths(journey, str(LOG), top=5).to_dict()


@pytest.mark.parametrize("order", ["by case", "by time"])
def test_segments_are_the_same_walked_in_parts(
    journey: jm.Journey, order: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    rows = log_rows()
    if order == "by time":
        rows.sort(key=lambda row: row["time:timestamp"])
    log = rewritten(tmp_path / "log.csv", rows)
    whole = read_paths(journey, str(log), segment="org:resource").to_dict()
    calls = walked_parts(monkeypatch)
    assert read_paths(journey, str(log), segment="org:resource").to_dict() == whole
    assert len(calls) == 1 and len(calls[0]) > 1
    assert len(whole["segments"]) > 1


def test_a_segment_needs_its_column_and_a_log_that_is_not_xes(journey: jm.Journey) -> None:
    with pytest.raises(DataError, match="missing columns channel"):
        read_paths(journey, str(LOG), segment="channel")
    with pytest.raises(DataError, match="--segment reads a column of a CSV"):
        read_paths(journey, str(LOGS / "running-example.xes"), segment="channel")
