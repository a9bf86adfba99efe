"""A journey written back into its file keeps how people wrote it."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

import journeymap as jm
from tests.helpers import EXAMPLES, FIXTURES

HAND_WRITTEN = """\
# Energy contract, as the CX team keeps it in git.
journeymap: 1
id: energie
title: 'Energiecontract'   # the working title
locale: nl
state: current             # written out, though it is the default
stages:
  - {id: aankoop, name: Aankoop}
  - id: klant
    name: "Klant zijn"
    phase: loyalty
touchpoints:
  # Where people sign.
  - id: aanvraag
    name: Online aanvraag
    stage: aankoop
    owner: CX
    metrics: {CSAT: {value: 72, target: 80}}
    next: [jaarnota]
  - id: jaarnota
    name: Jaarnota
    stage: klant
    owner: CS
    channel: email
    metrics:
      frt: {value: "3m", target: 5m}   # measured in March
      art: 2d
"""


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


@pytest.mark.parametrize(
    "path", [*EXAMPLES, *sorted((FIXTURES / "journeys").glob("*.yaml"))], ids=lambda p: p.name
)
def test_every_example_is_written_back_byte_for_byte(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert jm.dumps(jm.read(path)) == text


def test_a_hand_written_file_keeps_comments_quotes_order_and_durations() -> None:
    document = jm.reads(HAND_WRITTEN, file="energie.yaml")
    journey = document.journey
    assert jm.dumps(document) == HAND_WRITTEN  # unchanged: byte for byte
    journey.title = "Energiecontract 2027"
    journey.touchpoints[1].metrics["frt"].value = 4.0
    written = jm.dumps(document)
    assert changed_lines(HAND_WRITTEN, written) == [
        "-title: 'Energiecontract'   # the working title",
        "+title: 'Energiecontract 2027' # the working title",  # the comment moves aside
        '-      frt: {value: "3m", target: 5m}   # measured in March',
        '+      frt: {value: "4m", target: 5m}   # measured in March',
    ]
    assert jm.loads(written).model_dump() == journey.model_dump()


def test_added_and_removed_elements_leave_the_rest_as_it_was() -> None:
    document = jm.reads(HAND_WRITTEN, file="energie.yaml")
    journey = document.journey
    chat = journey.touchpoints[1].model_copy(
        update={"id": "chat", "name": "Chat", "channel": "chat", "metrics": {}}
    )
    journey.touchpoints = [journey.touchpoints[1], chat]  # 'aanvraag' removed, 'chat' added
    journey.touchpoints[0].metrics["csat"] = jm.MetricValue(value=81, n=40)
    written = jm.dumps(document)
    assert "# Energy contract, as the CX team keeps it in git." in written
    assert 'frt: {value: "3m", target: 5m}   # measured in March' in written
    assert "      art: 2d\n      csat: {value: 81, n: 40}\n" in written  # styled as its siblings
    assert "id: aanvraag" not in written and "  - id: chat\n" in written
    assert jm.loads(written).model_dump() == journey.model_dump()


def test_a_comment_before_an_element_stays_before_it_when_the_list_changes() -> None:
    """ruamel.yaml keeps a comment between two elements with the list, by position: a
    list rebuilt for an added or moved element carries it along with its element (one
    over the first element belongs to the list's key, and stays at the list's top)."""
    text = HAND_WRITTEN.replace(
        "  - id: jaarnota\n", "  # Billing, once a year.\n  - id: jaarnota\n"
    )
    document = jm.reads(text, file="energie.yaml")
    journey = document.journey
    chat = journey.touchpoints[1].model_copy(update={"id": "chat", "name": "Chat", "metrics": {}})
    journey.touchpoints = [journey.touchpoints[1], chat, journey.touchpoints[0]]  # moved, added
    written = jm.dumps(document)
    top = "touchpoints:\n  # Where people sign.\n  # Billing, once a year.\n  - id: jaarnota\n"
    assert top in written
    assert written.count("# Billing, once a year.") == 1
    assert jm.loads(written).model_dump() == journey.model_dump()
    board_like = jm.reads(text, file="energie.yaml")
    board_like.journey.touchpoints.append(chat)  # added at the end, nothing moved
    assert "  # Billing, once a year.\n  - id: jaarnota\n" in jm.dumps(board_like)


def test_metric_keys_keep_their_spelling() -> None:
    document = jm.reads(HAND_WRITTEN, file="energie.yaml")
    journey = document.journey
    journey.touchpoints[0].metrics["csat"].value = 75
    written = jm.dumps(document)
    assert "metrics: {CSAT: {value: 75, target: 80}}" in written


def test_a_file_indented_its_own_way_stays_so() -> None:
    text = (
        HAND_WRITTEN.replace("\n  - ", "\n- ")
        .replace("\n    ", "\n  ")
        .replace("\n      ", "\n    ")
    )
    document = jm.reads(text, file="flat.yaml")
    journey = document.journey
    journey.title = "Anders"
    written = jm.dumps(document)
    assert len(changed_lines(text, written)) == 2
