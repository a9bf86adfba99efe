"""What the map shows: cards, lanes, flows, notes and curves."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import journeymap as jm
from journeymap.i18n import channel_name
from journeymap.renderers.drawing import BODY, MUTED, PAIN, UNDESIGNED, Text
from journeymap.renderers.fonts import text_width
from journeymap.renderers.mapcontent import NOTE_GAP, pack, prepare, share
from tests.helpers import SHOP, with_events


def test_cards_say_channel_and_metrics_in_the_journeys_language() -> None:
    content = prepare(jm.load(SHOP))
    cards = {c.touchpoint.id: c for col in content.columns for cs in col.cards.values() for c in cs}
    chat = cards["beratungs-chat"]
    assert chat.meta == "Kundenservice · Chat"  # a CS card names its team
    assert chat.badges == [("FRT", "2 Min. ✓"), ("Gelöst", "88\u00a0% ✓")]
    assert chat.notes == [("← hat eine Frage 12\u00a0%", "#7c3aed")]  # why customers arrive
    assert cards["instagram-anzeige"].meta == "Soziale Medien"  # a CX card does not


def test_a_card_repeats_no_emotion_a_curve_shows_nor_its_pain_points_count() -> None:
    """The emotion of a touchpoint on a curve is its point there; its pain points have
    the card's frame and their lane. Off every curve, the card says the emotion."""
    content = prepare(jm.load(SHOP))
    on_curve = {tp.id for curve in content.curves for tp in curve.path}
    cards = {c.touchpoint.id: c for col in content.columns for cs in col.cards.values() for c in cs}
    assert "instagram-anzeige" in on_curve and "reklamation" not in on_curve
    assert cards["reklamation"].meta == "Kundenservice · E-Mail · ☹ −2"
    assert cards["reklamation"].touchpoint.pain_points
    assert not any("☺" in c.meta or "⚠" in c.meta for i, c in cards.items() if i in on_curve)


def test_a_compact_card_leaves_out_its_line_of_what_it_is_and_gets_it_back() -> None:
    content = prepare(jm.load(SHOP))
    card = next(c for col in content.columns for c in col.cards["CS"] if c is not None)
    full = [line for line, _bold, _colour in card.lines(170.0)]
    content.compact(True)
    compact = [line for line, _bold, _colour in card.lines(170.0)]
    assert card.meta in full and card.meta not in compact and len(compact) == len(full) - 1
    content.compact(False)
    assert [line for line, _bold, _colour in card.lines(170.0)] == full


def test_notes_of_one_kind_share_a_line_where_both_fit_each_with_its_mark() -> None:
    notes = ["↪ Pricing page", "↪ Comparison guide vs. spreadsheets", "↪ Sales demo call", "↪ Chat"]
    lines = share(notes, 214.0)
    assert lines == [
        "↪ Pricing page",
        "↪ Comparison guide vs. spreadsheets",
        f"↪ Sales demo call{NOTE_GAP}↪ Chat",
    ]
    assert share(notes, 110.0) == ["↪ Pricing page", "↪ Comparison…", "↪ Sales demo call", "↪ Chat"]
    card = prepare(jm.load(SHOP)).columns[0].cards["CX"][0]
    card.note("→ Warenkorb", "#475569")
    card.note("→ Kasse", "#475569")
    card.note("→ Hotline", "#7c3aed")  # another colour: a line of its own
    lines = [line for line, _bold, _colour in card.lines(230.0)]
    assert f"→ Warenkorb{NOTE_GAP}→ Kasse" in lines and "→ Hotline" in lines


def test_a_badge_missed_by_a_little_does_not_read_as_its_target() -> None:
    journey = jm.loads(
        "journeymap: 1\nid: j\ntitle: J\nlocale: nl\nstages: [{id: s}]\n"
        "touchpoints:\n  - {id: app, stage: s, owner: CX, metrics: {csat: {value: 79.6, target: 80}}}\n"
    )
    card = prepare(journey).columns[0].cards["CX"][0]
    assert card.badges == [("CSAT", "79,6% ✗")]  # not "80% ✗"


def test_the_owner_is_named_on_the_card_when_the_lanes_do_not_say_it() -> None:
    content = prepare(jm.load(SHOP), lanes="channel")
    card = content.columns[1].cards["chat"][0]
    assert card.meta.startswith("CS · Kundenservice · Chat")


def test_lanes_have_one_fixed_order() -> None:
    journey = jm.load(SHOP)
    assert [lane.key for lane in prepare(journey).lanes] == ["CX", "CS"]
    channels = [lane.key for lane in prepare(journey, lanes="channel").lanes]
    assert channels == ["web", "app", "email", "sms", "phone", "chat", "social", "store", "mail"]
    assert [lane.label for lane in prepare(journey, lanes="persona").lanes] == [
        "Anna, 34",
        "Jürgen, 61",
        "Gemeinsam",
    ]


def test_a_touchpoint_for_several_personas_goes_into_the_shared_lane_once() -> None:
    content = prepare(jm.load(SHOP), lanes="persona")
    lanes_of = {
        card.touchpoint.id: lane
        for column in content.columns
        for lane, cards in column.cards.items()
        for card in cards
    }
    assert lanes_of["suchmaschine"] == ""  # for Anna and Jürgen
    assert lanes_of["instagram-anzeige"] == "anna"


def test_card_lines_wrap_to_the_card_width_and_are_remembered() -> None:
    content = prepare(jm.load(SHOP))
    card = content.columns[3].cards["CX"][0]  # Versandnachricht mit Sendungsverfolgung
    narrow, wide = card.lines(130), card.lines(230)
    assert len(narrow) > len(wide) and card.lines(130) is narrow
    card.note("→ elsewhere", "#475569")
    assert card.lines(130)[-1][0] == "→ elsewhere"
    card.note("1.316 Fälle · ↘ 1% · ↻ 3%", "#475569")  # on a narrow card, a line more
    assert [line for line, _, _ in card.lines(130)[-2:]] == ["1.316 Fälle · ↘ 1%", "↻ 3%"]


def test_channel_names_are_translated_others_kept() -> None:
    assert channel_name("phone", "tr") == "Telefon" and channel_name("fax-line", "de") == "fax-line"


def test_a_badge_too_wide_for_the_card_shortens_its_name_and_keeps_its_value() -> None:
    lines = pack([("Referrals per 100 customers", "12 ✗"), ("NPS", "38 ✓")], 110)
    assert lines[0].endswith("… 12 ✗") and text_width(lines[0], BODY) <= 110
    assert lines[1] == "NPS 38 ✓"
    assert pack([("CSAT", "82% ✓"), ("CES", "2.1 ✓")], 200) == ["CSAT 82% ✓ CES 2.1 ✓"]
    whole = pack([("Referrals per 100 customers", "12 ✗"), ("NPS", "38 ✓")], 110, whole=True)
    assert whole == ["Referrals per 100", "customers 12 ✗", "NPS 38 ✓"]
    german = pack([("Weiterempfehlungsbereitschaft", "12 ✗")], 110, whole=True, lang="de")
    assert german == ["Weiterempfeh-", "lungsbereitschaft", "12 ✗"]  # not "Weiterempfehlung-s…"


def test_text_cut_short_on_a_card_takes_the_lines_it_is_given_in_the_cards_order() -> None:
    card = prepare(jm.load(SHOP)).columns[0].cards["CX"][0]  # Instagram-Anzeige
    card.badges = [("Klickrate auf die Anzeige im Feed", "1,8 % ✓")]
    card.note("← kommt von einer Anzeige auf Instagram", "#7c3aed")
    cut = [line for line, _, _ in card.lines(130)]
    assert cut[-2].endswith("… 1,8 % ✓") and cut[-1].endswith("…")
    assert card.lines(130, 1) == card.lines(130)  # neither is whole in one line more
    two = [line for line, _, _ in card.lines(130, 2)]  # the badge first: it comes first
    assert two[-4:] == ["Klickrate auf die", "Anzeige im Feed", "1,8 % ✓", cut[-1]]
    whole = [line for line, _, _ in card.lines(130, 5)]
    assert not any("…" in line for line in whole) and len(whole) == len(cut) + 4
    assert card.height(130, 5) > card.height(130) and card.lines(130) == card.lines(130, 0)


OBSERVED_SHOP = """
journeymap: 1
id: shop
title: Shop
stages: [{id: buy}, {id: after}]
touchpoints:
  - {id: shop, stage: buy, owner: CX, entry: true, next: [paid]}
  - {id: paid, stage: after, owner: CX, exit: true}
  - {id: hotline, stage: after, owner: CS, exit: true}
"""


def test_an_event_log_adds_cases_widths_undesigned_steps_and_badges(tmp_path: Path) -> None:
    journey = with_events(
        jm.loads(OBSERVED_SHOP),
        ["60 x shop, paid", "40 x shop, hotline, hotline", "30 x shop"],
        tmp_path,
    )
    content = prepare(journey)
    assert content.actual is not None
    cards = {c.touchpoint.id: c for col in content.columns for cs in col.cards.values() for c in cs}
    # Cases reaching, ending (↘) and coming back (↻); red where a rule reports it.
    assert cards["shop"].notes == [
        ("130 cases · ↘ 23%", PAIN),  # 30 cases, 23 % ≥ JM403's 10 %
        ("⇢ 31% hotline", UNDESIGNED),  # the share of the shop's cases that take the detour
    ]
    assert cards["hotline"].notes == [("40 cases · ↻ 100%", PAIN)]
    assert cards["paid"].notes == [("60 cases", MUTED)]
    flows = {(f.source.touchpoint.id, f.target.touchpoint.id): f for f in content.flows}
    assert (flows["shop", "paid"].weight, flows["shop", "paid"].designed) == (1.0, True)
    detour = flows["shop", "hotline"]
    assert (detour.weight, detour.designed, detour.detail) == (
        40 / 60,
        False,
        "40 cases, median 1 min, p90 1 min, 31%",
    )


def test_without_an_event_log_the_map_has_no_overlay() -> None:
    content = prepare(jm.loads(OBSERVED_SHOP))
    assert content.actual is None
    assert all(f.weight is None and f.designed for f in content.flows)


HANDOVERS = """
journeymap: 1
id: escalation
title: Escalation
stages: [{id: loyalty}]
touchpoints:
  - {id: app, stage: loyalty, owner: CX, next: [{to: first, context: true}]}
  - {id: first, stage: loyalty, owner: CS, team: 1st line, next: [second, same]}
  - {id: same, stage: loyalty, owner: CS, team: 1st line, next: [survey]}
  - {id: second, stage: loyalty, owner: CS, team: 2nd line, next: [survey]}
  - {id: survey, stage: loyalty, owner: CX}
"""


def test_the_map_draws_the_hand_overs_jm205_reports_and_no_others() -> None:
    """CX → CS and CS → CS between teams are hand-overs; CS → CX and within a team are not."""
    journey = jm.loads(HANDOVERS)
    drawn = {
        (flow.source.touchpoint.id, flow.target.touchpoint.id): (flow.handoff, flow.context)
        for flow in prepare(journey).flows
    }
    assert drawn == {
        ("app", "first"): (True, True),
        ("first", "second"): (True, False),  # the escalation JM205 reports
        ("first", "same"): (False, False),
        ("same", "survey"): (False, False),  # the survey after a call
        ("second", "survey"): (False, False),
    }
    reported = {(f.subject, f.code) for f in jm.check(journey) if f.code == "JM205"}
    assert reported == {("first", "JM205")}
    graph = journey.graph
    assert {edge for edge in graph.edges if graph.edges[edge]["handoff"]} == {
        ("app", "first"),
        ("first", "second"),
    }


def test_a_blueprint_keeps_a_slot_for_every_touchpoint_in_every_lane() -> None:
    from tests.model.test_blueprint import PERMIT

    content = prepare(jm.loads(PERMIT), lanes="blueprint")
    assert content.aligned
    first = content.columns[0]  # aanvraag (CX) and kcc-lijn (CS)
    ids = {
        lane: [card.touchpoint.id if card else None for card in cards]
        for lane, cards in first.cards.items()
    }
    assert ids["CX"] == ["aanvraag", None] and ids["CS"] == [None, "kcc-lijn"]
    assert ids["evidence"] == ["aanvraag", None] and ids["systems"] == ["aanvraag", "kcc-lijn"]
    assert [lane.key for lane in content.lanes] == [
        "evidence", "action", "CX", "CS", "backstage", "systems",
    ]  # fmt: skip
    kinds = {card.kind for cards in first.cards.values() for card in cards if card}
    assert kinds == {"touchpoint", "evidence", "action", "systems"}


def test_a_card_reachable_from_anywhere_says_so() -> None:
    from tests.model.test_blueprint import PERMIT

    cards = {
        c.touchpoint.id: c
        for col in prepare(jm.loads(PERMIT + "locale: nl\n")).columns
        for cs in col.cards.values()
        for c in cs
        if c
    }
    assert ("↔ bereikbaar vanuit elke fase", MUTED) in cards["kcc-lijn"].notes
    assert not cards["aanvraag"].notes


def test_a_persona_tied_to_a_segment_follows_the_path_its_cases_took(tmp_path: Path) -> None:
    journey = jm.loads(
        "journeymap: 1\nid: shop\ntitle: Shop\n"
        "personas: [{id: anna, name: Anna}, {id: bert, name: Bert}]\n"
        "segments: {anna: web, bert: phone}\n"
        "stages: [{id: s}, {id: t}]\ntouchpoints:\n"
        "  - {id: ad, stage: s, owner: CX, entry: true, emotion: 1, next: [shop]}\n"
        "  - {id: shop, stage: s, owner: CX, emotion: 0, next: [paid, chat]}\n"
        "  - {id: chat, stage: t, owner: CS, emotion: -1, next: [paid]}\n"
        "  - {id: paid, stage: t, owner: CX, exit: true, emotion: 2}\n"
    )
    rows = ["case,activity,timestamp,channel"]
    for case in range(30):  # web: straight to paid; phone (fewer): through the chat
        steps = ["ad", "shop", "paid"] if case < 20 else ["ad", "shop", "chat", "paid"]
        channel = "web" if case < 20 else "phone"
        rows += [f"c{case},{s},2024-01-01T0{n}:00:00,{channel}" for n, s in enumerate(steps)]
    log = tmp_path / "log.csv"
    log.write_text("\n".join(rows) + "\n", encoding="utf-8")
    observed = jm.paths(journey, str(log), segment="channel")
    content = prepare(jm.assess(journey, observed=observed))
    curves = {curve.name: [tp.id for tp in curve.path] for curve in content.curves}
    assert curves == {"Anna": ["ad", "shop", "paid"], "Bert": ["ad", "shop", "chat", "paid"]}
    # Without the segments, both follow what most cases did.
    plain = prepare(jm.assess(journey, observed=jm.paths(journey, str(log))))
    assert {tuple(tp.id for tp in c.path) for c in plain.curves} == {("ad", "shop", "paid")}


def test_a_map_drawn_again_wraps_only_the_text_that_changed(monkeypatch: Any) -> None:
    """serve lays the map out again after each save: the cards it drew before are not
    wrapped again, an edited one is (and shows its new text)."""
    from journeymap.renderers import mapcontent
    from journeymap.renderers.grid import layout

    wrapped: list[str] = []
    real_wrap = mapcontent.wrap

    def counting(text: str, *args: Any, **kwargs: Any) -> list[str]:
        wrapped.append(text)
        return real_wrap(text, *args, **kwargs)

    monkeypatch.setattr(mapcontent, "wrap", counting)
    mapcontent._part_lines.cache_clear()
    journey = jm.load(SHOP)
    layout(journey, fit="16:9")
    assert "Produktseite" in wrapped
    wrapped.clear()
    layout(journey, fit="16:9")
    assert wrapped == []
    journey.touchpoints[0].name = "Instagram-Reel"
    drawn = layout(journey, fit="16:9")
    assert wrapped and set(wrapped) == {"Instagram-Reel"}
    assert "Instagram-Reel" in {item.text for item in drawn.items if isinstance(item, Text)}
