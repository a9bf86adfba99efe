"""The board's state: versions, edits through the round-trip writer, conflicts, the disk."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import journeymap as jm
from journeymap.app.board import Board
from tests.helpers import PORTFOLIO, ROOT, SHOP, service_journey

NAME = "touchpoints/instagram-anzeige/name"


@pytest.fixture
def journey(tmp_path: Path) -> Path:
    copy = tmp_path / "shop.yaml"
    shutil.copy(SHOP, copy)
    return copy


def changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    return [(a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True) if a != b]


def test_an_edit_changes_only_its_line_of_the_file(journey: Path) -> None:
    board = Board(str(journey))
    original = journey.read_text(encoding="utf-8")
    outcome = board.edit(1, [{"op": "set", "path": NAME, "value": "Instagram-Reel"}])
    assert (outcome.status, outcome.body) == (200, {"version": 2})
    assert changed_lines(original, journey.read_text(encoding="utf-8")) == [
        ("    name: Instagram-Anzeige", "    name: Instagram-Reel")
    ]
    assert board.snapshot()["journey"]["touchpoints"][0]["name"] == "Instagram-Reel"


def test_a_stale_edit_of_the_same_field_is_refused_and_nothing_written(journey: Path) -> None:
    board = Board(str(journey))
    assert board.edit(1, [{"op": "set", "path": NAME, "value": "A"}]).status == 200
    written = journey.read_bytes()
    outcome = board.edit(1, [{"op": "set", "path": NAME, "value": "B"}])
    assert (outcome.status, outcome.body) == (409, {"version": 2})
    assert journey.read_bytes() == written
    # An edit of another field, made on the same old version, is applied.
    other = board.edit(
        1, [{"op": "set", "path": "touchpoints/instagram-anzeige/emotion", "value": 2}]
    )
    assert other.status == 200 and board.snapshot()["journey"]["touchpoints"][0]["name"] == "A"


def test_an_edit_that_would_break_the_journey_is_refused_in_its_language(journey: Path) -> None:
    board = Board(str(journey))
    before = journey.read_bytes()
    outcome = board.edit(
        1, [{"op": "set", "path": "touchpoints/instagram-anzeige/owner", "value": "XX"}]
    )
    assert outcome.status == 422 and journey.read_bytes() == before
    assert "erwartet: 'CX' oder 'CS'" in outcome.body["errors"][0]
    missing = board.edit(1, [{"op": "remove", "path": "touchpoints/gibt-es-nicht"}])
    assert missing.status == 422 and "bezeichnet nichts in der Journey" in missing.body["errors"][0]
    assert board.version == 1


def test_a_change_on_disk_is_a_new_version_and_the_boards_own_write_is_not(journey: Path) -> None:
    board = Board(str(journey))
    assert board.edit(1, [{"op": "set", "path": NAME, "value": "A"}]).status == 200
    assert board.reload() is False  # the watcher sees the board's own write
    journey.write_text(journey.read_text(encoding="utf-8").replace("name: A", "name: B"), "utf-8")
    assert board.reload() is True and board.version == 3
    assert board.edit(2, [{"op": "set", "path": NAME, "value": "C"}]).status == 409
    journey.write_text("journeymap: 1\n", encoding="utf-8")  # a broken save
    assert board.reload() is True
    snapshot = board.snapshot()
    assert snapshot["errors"] and snapshot["journey"]["touchpoints"][0]["name"] == "B"
    assert board.edit(board.version, [{"op": "set", "path": NAME, "value": "D"}]).status == 409


def test_bad_requests(journey: Path) -> None:
    board = Board(str(journey))
    assert board.edit(1, "set name").status == 400
    assert board.edit(7, []).status == 400  # a version that never was
    assert board.edit(1, []).status == 200  # nothing to do, done


def test_a_portfolio_journey_keeps_its_library_out_of_its_file(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    shutil.copytree(PORTFOLIO, folder)
    path = folder / "meterstand.yaml"
    board = Board(str(path))
    assert "personas" not in board.snapshot()["journey"]
    outcome = board.edit(
        1, [{"op": "add", "path": "touchpoints/verzoek/pain_points", "value": "Te laat"}]
    )
    assert outcome.status == 200
    text = path.read_text(encoding="utf-8")
    assert "\npersonas:" not in text and "pain_points: [Te laat]" in text


def test_no_board_for_a_file_that_is_not_there(tmp_path: Path) -> None:
    from journeymap.errors import LoadError

    with pytest.raises(LoadError, match="cannot read the file"):
        Board(str(tmp_path / "missing.yaml"))
    with pytest.raises(LoadError, match="it is a folder"):
        Board(str(tmp_path))


def test_each_version_is_described_once_for_every_board_that_asks(journey: Path) -> None:
    board = Board(str(journey))
    first = board.snapshot()
    assert board.snapshot() is first  # the next board's question costs nothing
    board.edit(1, [{"op": "set", "path": NAME, "value": "A"}])
    assert board.snapshot() is not first and board.snapshot()["version"] == 2
    assert board.snapshot("en")["findings"][0]["message"] != first["findings"][0]["message"]


def test_the_board_knows_what_each_stage_without_customer_service_lacks(tmp_path: Path) -> None:
    """The empty CS cells say it as the map does: the board reads it from the snapshot."""
    path = tmp_path / "gaps.yaml"
    path.write_text(jm.dumps(service_journey()), encoding="utf-8")
    gaps = Board(str(path)).snapshot()["gaps"]
    assert gaps == {
        "aware": {"level": "none", "text": "Geen klantenservice"},
        "buy": {"level": "gap", "text": "Geen klantenservice, waar klanten die nodig hebben"},
    }
    path.write_text(jm.dumps(service_journey(hotline=True)), encoding="utf-8")
    assert Board(str(path)).snapshot()["gaps"] == {}  # a hotline reaches every stage


def test_cards_added_and_moved_on_the_board_keep_every_comment_of_the_file(tmp_path: Path) -> None:
    """The comment over the KCC's touchpoints stands between two list elements: the list
    is rebuilt for an added or moved card, and the comment stays with its element."""
    copy = tmp_path / "omgevingsvergunning.yaml"
    shutil.copy(ROOT / "examples" / "omgevingsvergunning.yaml", copy)
    comments = [line for line in copy.read_text(encoding="utf-8").splitlines() if "#" in line]
    board = Board(str(copy))
    added = {"id": "startvraag", "name": "Vraag over de start", "stage": "bouwen", "owner": "CS"}
    assert board.edit(1, [{"op": "add", "path": "touchpoints", "value": added}]).status == 200
    move = {"op": "move", "path": "touchpoints/gemeentesite", "stage": "aanvragen", "owner": "CX"}
    assert board.edit(2, [{**move, "before": "aanvraag"}]).status == 200
    text = copy.read_text(encoding="utf-8")
    assert [line for line in text.splitlines() if "#" in line] == comments
    assert (
        "only and cannot look into the case system (JM207 names it, once).\n  - id: kcc-lijn"
        in text
    )
