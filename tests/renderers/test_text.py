"""Plain-text and JSON renderings: coverage summary, metrics table and diff."""

from __future__ import annotations

import json

import journeymap as jm
from journeymap.analysis.diff import KINDS, diff
from journeymap.measure.measurements import summarise
from journeymap.measure.readers import read_data
from journeymap.renderers.text import coverage_table, diff_json, diff_text, summary_table, table
from tests.helpers import FIXTURES


def test_table_aligns_columns_and_strips_trailing_spaces() -> None:
    assert table([("a", "bb", ""), ("ccc", "d", "")]) == ["a    bb", "ccc  d"]


def test_coverage_table_lists_every_stage() -> None:
    table = coverage_table(jm.load(FIXTURES / "rules" / "clean.yaml"))
    lines = table.splitlines()
    assert lines[0].startswith("Coverage of Rule fixture")  # titles and names, not ids
    assert [line.split()[0] for line in lines[2:]] == [
        "Awareness",
        "Purchase",
        "Loyalty",
        "(journey)",
    ]
    assert "Chat, Phone" in lines[3] and "1/1 (100%)" in lines[3]
    german = coverage_table(jm.load(FIXTURES / "rules" / "clean.yaml"), "de").splitlines()
    assert german[0].startswith("Abdeckung von Rule fixture") and german[1].startswith("Phase")
    assert "Chat, Telefon" in german[3] and "1/1 (100\u00a0%)" in german[3]


def test_summary_table_has_a_row_per_scope_and_metric() -> None:
    data = FIXTURES / "data"
    journey = jm.load(data / "journey.yaml")
    summary = summarise(journey, read_data(journey, [str(data / "responses.csv")], []))
    lines = summary_table(journey, summary).splitlines()
    assert lines[0].split() == ["scope", "metric", "value", "n", "95%", "CI"]
    nps = next(line for line in lines if line.startswith("touchpoint checkout") and " NPS " in line)
    assert nps.split()[3:6] == ["20", "10", "-34–74"]  # the interval as a range
    dutch = summary_table(journey, summary, "nl").splitlines()
    assert dutch[0].split() == ["bereik", "metriek", "waarde", "n", "95%-BI"]


def test_text_and_json_formats() -> None:
    old = jm.load(FIXTURES / "rules" / "clean.yaml")
    new = old.model_copy(update={"title": "Fixture 2", "stages": old.stages[:2]})
    changes = diff(old, new)
    text = diff_text(changes, "a.yaml", "b.yaml", "en", new)
    assert text.splitlines()[:3] == [
        "--- a.yaml",
        "+++ b.yaml",
        "~ Journey changed: title: Rule fixture → Fixture 2",
    ]
    assert "- Stage removed: loyalty: Loyalty" in text
    assert "+ New finding: JM102 app loyalty:" in text  # its stage is gone
    assert text.endswith("2 changes: 0 added, 1 removed, 1 changed; findings: 3 new, 0 resolved\n")
    german = diff_text(diff(old, new, lang="de"), "a.yaml", "b.yaml", "de", new)
    assert "- Phase entfernt: loyalty: Loyalty" in german
    assert german.endswith(
        "2 Änderungen: 0 hinzugefügt, 1 entfernt, 1 geändert; Befunde: 3 neu, 0 behoben\n"
    )
    data = json.loads(diff_json(changes, "a.yaml", "b.yaml"))
    assert data["identical"] is False
    assert {c["kind"] for c in data["changes"]} <= set(KINDS)
    assert diff_text([], "a", "b", "en", new) == "a and b describe the same journey\n"


FLOW_BEFORE = """
journeymap: 1
id: j
title: J
locale: nl
stages: [{id: aankoop}]
touchpoints:
  - {id: app, stage: aankoop, owner: CX, next: [{to: chat, label: heeft een vraag, share: 0.2}]}
  - {id: chat, stage: aankoop, owner: CS, channel: chat}
"""


def test_a_changed_flow_is_described_in_words_not_as_data() -> None:
    before = jm.loads(FLOW_BEFORE)
    after = jm.loads(
        FLOW_BEFORE.replace(
            "{to: chat, label: heeft een vraag, share: 0.2}",
            "{to: chat, label: vraag over de nota, share: 0.35, context: true, max_wait: 2h}",
        )
    )
    text = diff_text(diff(before, after, lang="nl"), "a", "b", "nl", after)
    assert (
        "~ Overgang gewijzigd: app → chat: de overdracht neemt nu de context mee; label "
        "gewijzigd van ‘heeft een vraag’ naar ‘vraag over de nota’; aandeel 20% → 35%; "
        "langste wachttijd – → 2 uur"
    ) in text.splitlines()
    assert "{" not in text
    from journeymap.renderers.html import report

    html = report(after, "nl", compare=before)
    assert "context gaat niet mee · ‘heeft een vraag’" not in html  # quotes as the catalog
    assert "context gaat mee" in html and "“vraag over de nota”" in html and '{"' not in html


def test_a_change_that_keeps_every_name_says_what_is_set_of_each() -> None:
    from journeymap.analysis.diff import diff
    from journeymap.renderers.text import diff_text

    text = (
        "journeymap: 1\nid: j\ntitle: J\nstages: [{id: s}]\ntouchpoints:\n"
        "  - {id: claim, stage: s, owner: CS, backstage: [{id: check, name: Check, "
        "team: office, max_wait: 2d, events: [T02]}]}\n"
    )
    before, after = jm.loads(text), jm.loads(text.replace("[T02]", "[T02, T03]"))
    said = diff_text(diff(before, after), "a", "b", "nl", after)
    assert (
        ": Check (team: office; max_wait: 2 dagen; events: T02) → "
        "Check (team: office; max_wait: 2 dagen; events: T02, T03)"
    ) in said
