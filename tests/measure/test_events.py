"""Paths from an event log, checked against an independent pure-Python computation of
the definitions of SPEC §9 on a real log (the process-mining "running example")."""

from __future__ import annotations

import csv
import datetime
import itertools
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pytest

import journeymap as jm
from journeymap.measure.events import activity_map, event_batches, read_paths
from journeymap.measure.validation import DataError, Period
from tests.helpers import FIXTURES, ROOT, event_log

LOGS = FIXTURES / "event-logs"
LOG = LOGS / "running-example.csv"


@pytest.fixture(scope="module")
def journey() -> jm.Journey:
    return jm.load(LOGS / "compensation.yaml")


def quantile(values: list[float], q: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def by_hand(journey: jm.Journey, log: Path, top: int) -> dict[str, Any]:
    """The same figures from the definitions alone, with the csv module and plain Python."""
    mapping = activity_map(journey)
    with log.open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
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
        "cases", "events", "unmapped", "fitting_cases", "fitting_share", "touchpoints",
        "stages", "flows", "unused_designed", "variants", "top_variants",
    ]  # fmt: skip


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


def test_columns_map_other_names_and_a_period_chooses_days(
    journey: jm.Journey, tmp_path: Path
) -> None:
    log = tmp_path / "crm.csv"
    text = LOG.read_text(encoding="utf-8").replace("case:concept:name", "ticket_id", 1)
    log.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match="missing columns case"):
        read_paths(journey, str(log))
    mapped = read_paths(journey, str(log), columns={"case": "ticket_id"})
    assert mapped.cases == 6
    early = read_paths(journey, str(LOG), period=Period(until=datetime.date(2010, 12, 31)))
    assert early.cases == 3


def test_a_row_without_a_readable_timestamp_is_named(journey: jm.Journey, tmp_path: Path) -> None:
    log = tmp_path / "bad.csv"
    log.write_text(
        "case,activity,timestamp\na,decide,2024-01-01\nb,decide,gisteren\n", encoding="utf-8"
    )
    with pytest.raises(DataError) as error:
        read_paths(journey, str(log))
    assert error.value.lines() == [
        f"{log}:3:1: 1 event without a case, an activity or a readable timestamp, on line 3"
    ]


def test_a_draft_journey_is_discovered_from_a_log_and_checks() -> None:
    from journeymap.formats.yaml_writer import dumps_data
    from journeymap.measure.discovery import discover

    draft = jm.loads(dumps_data(discover(str(LOG), min_share=20, lang="nl")))
    assert draft.locale == "nl" and draft.stages[0].name == "Stap 1"
    by_name = {tp.name: tp for tp in draft.touchpoints}
    assert set(by_name) == {
        "register request", "examine casually", "examine thoroughly", "check ticket",
        "decide", "reinitiate request", "pay compensation", "reject request",
    }  # fmt: skip
    assert by_name["register request"].entry and by_name["pay compensation"].exit
    assert by_name["decide"].next is not None
    assert {flow.to for flow in by_name["decide"].next} == {
        "pay-compensation",
        "reject-request",
        "reinitiate-request",
    }
    # The draft measures itself: every case starts at an entry and ends at an exit.
    measured = read_paths(draft, str(LOG))
    assert measured.unmapped == {} and measured.cases == 6
    assert not [f for f in jm.check(draft) if f.severity.name == "ERROR"]


STEPS = ["register request", "examine casually", "check ticket", "decide"]


def instant_log(path: Path, cases: int) -> Path:
    """Every event of a case at one instant: only the log's order says the path, which
    is one of two, told apart by order alone."""
    lines = ["case,activity,timestamp"]
    for n in range(cases):
        order = STEPS if n % 2 else STEPS[::-1]
        lines += [f"c{n},{step},2024-01-01T10:00:00Z" for step in order]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def first_steps(journey: jm.Journey, source: str) -> list[tuple[str, int]]:
    return sorted((v["path"][0], v["cases"]) for v in read_paths(journey, source).top_variants)


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


@pytest.fixture
def instant_table(tmp_path: Path) -> str:
    """An instant log of 3,000 cases in a DuckDB database."""
    log = instant_log(tmp_path / "instant.csv", 3_000)
    database = tmp_path / "events.duckdb"
    with duckdb.connect(str(database)) as connection:
        connection.execute(f"CREATE TABLE events AS FROM read_csv('{log}')")
    return f"duckdb://{database}?table=events"


def sent(batches: Callable[[pa.RecordBatch], pa.RecordBatch]) -> Callable[..., Any]:
    """:func:`event_batches` with each batch passed through ``batches`` as it goes."""

    def reader(*args: Any) -> Any:
        stream = event_batches(*args)
        return pa.RecordBatchReader.from_batches(stream.schema, map(batches, stream))

    return reader


def test_a_table_s_log_comes_in_batches_and_keeps_its_order(
    journey: jm.Journey, instant_table: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from journeymap.measure import events

    sizes: list[int] = []
    monkeypatch.setattr(events, "FETCH_ROWS", 1_000)
    monkeypatch.setattr(events, "event_batches", sent(lambda b: sizes.append(b.num_rows) or b))
    assert first_steps(journey, instant_table) == [("decide", 1_500), ("register", 1_500)]
    assert len(sizes) >= 12 and max(sizes) <= 1_000 and sum(sizes) == 12_000


def test_a_table_that_fails_while_its_batches_come_says_why(
    journey: jm.Journey, instant_table: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from journeymap.measure import events

    def lost(batch: pa.RecordBatch) -> pa.RecordBatch:
        raise ConnectionError("server closed the connection unexpectedly")

    monkeypatch.setattr(events, "event_batches", sent(lost))
    with pytest.raises(
        DataError, match=r"table=events:1:1: .*server closed the connection unexpectedly\.$"
    ):
        read_paths(journey, instant_table)  # and no Python traceback after it


def test_a_log_walked_in_parts_gives_the_same_figures(
    journey: jm.Journey, monkeypatch: pytest.MonkeyPatch
) -> None:
    from journeymap.measure import events

    whole = read_paths(journey, str(LOG), top=10).to_dict()
    monkeypatch.setattr(events, "PARTITION_EVENTS", 4)  # ten parts for 39 events
    assert read_paths(journey, str(LOG), top=10).to_dict() == whole


def test_paths_of_a_larger_real_log_match_the_definitions(tmp_path: Path) -> None:
    """The permit-receipt log of a Dutch municipality (1,434 cases, 8,577 events, time
    zones in the timestamps), read from its Parquet file, against the definitions."""
    import duckdb

    from tests.helpers import ROOT

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


def helpdesk_log(path: Path) -> Path:
    """100 tickets through a helpdesk: most go open → answer → resolve → close; rare
    activities (1–3 events) beside them; a few closed tickets reopen."""
    rows = ["case_id,activity,timestamp,role"]

    def case(n: int, steps: list[tuple[str, str]]) -> None:
        for minute, (step, role) in enumerate(steps):
            rows.append(f"t{n},{step},2024-03-01T10:{minute:02d}:00Z,{role}")

    web, service = "Web team", "Customer Service 1st line"
    for n in range(100):
        steps = [("Open ticket", web), ("Answer", service), ("Resolve", service), ("Close", web)]
        if n < 3:  # reopened: Close → Answer is taken by 3 % of all cases
            steps += [("Answer", service), ("Resolve", service), ("Close", web)]
        if n == 50:
            steps.insert(2, ("DUPLICATE", service))
        if n in (60, 61):
            steps.insert(1, ("INVALID", web))
        if 10 <= n < 20:  # 10 %: skip the answer
            steps.remove(("Answer", service))
        case(n, steps)
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_a_discovered_draft_is_a_journey(tmp_path: Path) -> None:
    """Rare activities drop out; entries and exits where cases start and end; no flow back
    out of the exit that few cases take; stages by median position; owners and teams
    from the role column; and the draft passes its own check without JM104/JM105."""
    from journeymap.formats.yaml_writer import dumps_data
    from journeymap.measure.discovery import discover

    log = str(helpdesk_log(tmp_path / "helpdesk.csv"))  # case_id/activity/timestamp
    data = discover(log, min_share=5)
    draft = jm.loads(dumps_data(data))
    by_name = {tp.name: tp for tp in draft.touchpoints}
    assert list(by_name) == ["Open ticket", "Answer", "Resolve", "Close"]
    assert by_name["Open ticket"].entry and by_name["Close"].exit
    assert not by_name["Answer"].entry and not by_name["Resolve"].exit
    assert by_name["Close"].next is None  # 3 % reopen: no designed way back
    assert [flow.to for flow in by_name["Open ticket"].next or []] == ["answer", "resolve"]
    stages = [tp.stage for tp in draft.touchpoints]
    assert stages == sorted(stages) and stages[0] != stages[-1]
    assert (by_name["Answer"].owner, by_name["Answer"].team) == ("CS", "Customer Service 1st line")
    assert (by_name["Open ticket"].owner, by_name["Open ticket"].team) == ("CX", "Web team")
    codes = {finding.code for finding in jm.check(draft)}
    assert not codes & {"JM104", "JM105"}
    # Measured on its own log, the draft's rare activities are the only unmapped events.
    assert read_paths(draft, log).unmapped == {"DUPLICATE": 1, "INVALID": 2}


def test_a_draft_never_leaves_a_touchpoint_unreachable_or_a_dead_end(tmp_path: Path) -> None:
    """With no threshold every activity is kept, and the repairs still give a journey
    every touchpoint of which is reached from an entry and leads on or ends."""
    from journeymap.formats.yaml_writer import dumps_data
    from journeymap.measure.discovery import discover

    log = str(helpdesk_log(tmp_path / "helpdesk.csv"))
    for share in (0, 2, 5, 20, 60):
        draft = jm.loads(dumps_data(discover(log, min_share=share)))
        codes = {finding.code for finding in jm.check(draft)}
        assert not codes & {"JM104", "JM105"}, share


def test_one_name_gives_one_id_from_every_importer(tmp_path: Path) -> None:
    from journeymap.formats.mermaid import parse, to_data
    from journeymap.measure.discovery import discover

    names = ["Café bestellen", "Satın alma", "Größe wählen"]
    log = tmp_path / "names.csv"
    log.write_text(
        "case,activity,timestamp\n"
        + "".join(f"c1,{name},2024-01-01T10:0{i}:00Z\n" for i, name in enumerate(names)),
        encoding="utf-8",
    )
    discovered = [tp["id"] for tp in discover(str(log), min_share=0)["touchpoints"]]
    mermaid = "journey\n  section S\n" + "".join(f"    {name}: 3\n" for name in names)
    imported = [tp["id"] for tp in to_data(parse(mermaid))["touchpoints"]]
    assert (
        sorted(discovered) == sorted(imported) == ["cafe-bestellen", "grosse-wahlen", "satin-alma"]
    )


#: The permit log of the shared corpus (1,434 cases; too large to vendor): a real log with
#: rare activities beside common ones.
RECEIPT = ROOT.parent / "shared" / "corpus" / "event-logs" / "receipt.csv"


@pytest.mark.skipif(not RECEIPT.exists(), reason="needs ../shared/corpus beside the clone")
def test_a_draft_of_a_real_permit_log_keeps_only_what_enough_cases_do() -> None:
    from journeymap.formats.yaml_writer import dumps_data
    from journeymap.measure.discovery import discover

    draft = jm.loads(dumps_data(discover(str(RECEIPT), min_share=5)))
    measured = read_paths(draft, str(RECEIPT))
    for tp in draft.touchpoints:  # every touchpoint reached by at least 5 % of the cases
        assert measured.touchpoints[tp.id]["cases"] >= 0.05 * measured.cases, tp.name
    assert len(draft.touchpoints) == 6 and measured.cases == 1434
    assert "T09-2 Process or receive external advice from party 2" in measured.unmapped
    codes = {finding.code for finding in jm.check(draft)}
    assert not codes & {"JM104", "JM105"}
    assert {tp.team for tp in draft.touchpoints} - {None} <= {f"Group {n}" for n in range(1, 6)}


def test_a_log_with_case_activity_and_time_columns_needs_no_mapping(
    journey: jm.Journey, tmp_path: Path
) -> None:
    log = tmp_path / "export.csv"
    log.write_text(
        "case,activity,time\na,register request,2024-01-01T10:00:00Z\n"
        "a,decide,2024-01-01T11:00:00Z\n",
        encoding="utf-8",
    )
    assert read_paths(journey, str(log)).cases == 1


def test_a_case_too_large_to_order_in_memory_is_named_not_a_traceback(
    journey: jm.Journey, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One case of 10 M events (a 2.6 MB .csv.gz) ran DuckDB out of memory with a traceback;
    here the memory is made small instead of the log large."""
    from journeymap.measure import events

    monkeypatch.setattr(events, "MEMORY_LIMIT", "100MB")
    log = tmp_path / "one-case.csv.gz"
    duckdb.execute(
        "COPY (SELECT 'c1' AS case_id, CASE WHEN i % 2 = 0 THEN 'register request' "
        "ELSE 'decide' END AS activity, TIMESTAMP '2024-01-01' + to_seconds(i) AS timestamp "
        f"FROM range(3000000) t(i)) TO '{log}' (HEADER, COMPRESSION gzip)"
    )
    with pytest.raises(DataError) as error:
        read_paths(journey, str(log))
    assert error.value.lines() == [
        f"{log}:1:1: case 'c1' has 3,000,000 events, more than journeymap orders in 100MB of "
        "memory; a case is one customer's way through the journey: is the case column right "
        "(--columns case=COLUMN)?"
    ]


def test_discovery_keeps_an_activity_reached_by_exactly_the_minimum_share(
    tmp_path: Path,
) -> None:
    """``min_share`` is inclusive: 5 of 100 cases reach 'callback', which a 5 % draft keeps
    and a 5.01 % draft leaves out."""
    from journeymap.measure.discovery import discover

    log = tmp_path / "log.csv"
    log.write_text(event_log(["95 x order, deliver", "5 x order, callback, deliver"]), "utf-8")
    kept = {tp["name"] for tp in discover(str(log), min_share=5)["touchpoints"]}
    assert kept == {"order", "deliver", "callback"}
    stricter = {tp["name"] for tp in discover(str(log), min_share=5.01)["touchpoints"]}
    assert stricter == {"order", "deliver"}
