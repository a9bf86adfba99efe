"""Journeys drafted from event logs (SPEC §9): what a draft keeps, its ids, flows and stages."""

from __future__ import annotations

from pathlib import Path

import pytest

import journeymap as jm
from journeymap.measure.events import read_paths
from tests.helpers import FIXTURES, ROOT, event_log

LOGS = FIXTURES / "event-logs"
LOG = LOGS / "running-example.csv"
RECEIPT = ROOT.parent / "shared" / "corpus" / "event-logs" / "receipt.csv"


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


#: The permit log of the shared corpus (1,434 cases; too large to vendor): a real log with
#: rare activities beside common ones.


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
