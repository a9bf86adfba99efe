"""The report's designed-vs-actual section, from an event log."""

from __future__ import annotations

from pathlib import Path

import journeymap as jm
from journeymap.renderers.html import report
from journeymap.renderers.report_actual import designed_vs_actual
from tests.analysis.test_actual import LOG, SHOP
from tests.helpers import with_events


def observed(tmp_path: Path, log: list[str] = LOG, extra: str = "") -> jm.Journey:
    return with_events(jm.loads(SHOP + extra), log, tmp_path)


def test_no_section_without_an_event_log() -> None:
    assert designed_vs_actual(jm.assess(jm.loads(SHOP)), "en") is None


def test_the_section_says_what_customers_did_against_the_design(tmp_path: Path) -> None:
    section = designed_vs_actual(observed(tmp_path), "en")
    assert section is not None
    assert section["overview"] == [
        "60 of 130 cases follow the designed journey (46%)",
        "400 events · 3 variants",
    ]
    assert section["funnel"] == [
        {"stage": "Find", "cases": "130", "share": "100%", "width": 100.0},
        {"stage": "Buy", "cases": "130", "share": "100%", "width": 100.0},
        {"stage": "After", "cases": "100", "share": "77%", "width": 76.9},
    ]
    assert section["variants"][1] == {
        "path": ["ad", "shop", "hotline", "hotline"],
        "cases": "40 cases",
        "share": "31%",
    }
    assert section["undesigned"] == [
        {"from": "shop", "to": "hotline", "cases": "40", "share": "31%", "alarm": True}
    ]
    assert section["unused"] == [{"from": "chat", "to": "paid"}, {"from": "shop", "to": "chat"}]
    assert section["dropoffs"] == [
        {"touchpoint": "shop", "cases": "30", "of": "130", "share": "23%", "alarm": True}
    ]
    assert section["repeats"] == [
        {"touchpoint": "hotline", "cases": "40", "of": "40", "share": "100%", "alarm": True}
    ]
    assert section["slow"] == [] and section["unmapped"] == []


def test_slow_flows_and_unmapped_activities_are_listed_in_the_readers_language(
    tmp_path: Path,
) -> None:
    journey = jm.loads(
        SHOP.replace("next: [paid, chat]", "next: [{to: paid, max_wait: 1h}, chat]")
        + "locale: de\n"
    )
    journey = with_events(journey, ["10 x ad, shop, newsletter, paid +2d"], tmp_path)
    section = designed_vs_actual(journey, "de")
    assert section is not None
    assert section["slow"] == [
        {"from": "shop", "to": "paid", "median": "2 Tg.", "max_wait": "1 Std."}
    ]
    assert section["unmapped"] == [{"activity": "newsletter", "events": "10"}]
    assert (
        section["overview"][0] == "10 von 10 Fällen folgen der entworfenen Kundenreise (100\u00a0%)"
    )


def test_the_report_has_the_section_with_user_text_escaped(tmp_path: Path) -> None:
    journey = with_events(
        jm.loads(SHOP), ["40 x ad, shop, <script>alert(1)</script>, paid"], tmp_path
    )
    html = report(journey, engine="embedded")
    assert 'href="#actual"' in html and 'id="actual"' in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; (40)" in html
    assert 'class="actual-verdict"' in html  # the summary names the share of fitting cases


def test_a_report_without_an_event_log_has_no_section() -> None:
    html = report(jm.loads(SHOP), engine="embedded")
    assert 'id="actual"' not in html and 'class="actual-verdict"' not in html


def test_the_time_between_steps_is_shown_and_the_slowest_tenth_marked(tmp_path: Path) -> None:
    log = ["60 x ad, shop +1h, paid +2d", "40 x ad, shop +1h, hotline +1h, hotline +3h"]
    assessed = with_events(jm.loads(SHOP), log, tmp_path)
    section = designed_vs_actual(assessed.speaking("de"), "de")
    assert section is not None
    times = {(row["from"], row["to"]): row for row in section["times"]}
    assert times[("shop", "paid")] == {
        "from": "shop", "to": "paid", "cases": "60", "median": "2 Tg.", "p90": "2 Tg.",
        "designed": True, "slowest": True, "slow": False,
    }  # fmt: skip
    assert times[("shop", "hotline")]["median"] == "1 Std." and not times[("ad", "shop")]["slowest"]
    html = report(assessed, "de")
    assert "Zeit zwischen den Schritten" in html
    assert "unter dem langsamsten Zehntel der Schritte · kein Fluss sieht ihn vor" not in html
    assert "unter dem langsamsten Zehntel der Schritte" in html


def test_a_flows_hover_text_says_its_cases_and_times(tmp_path: Path) -> None:
    from journeymap.renderers.grid import layout

    log = ["60 x ad, shop +1h, paid +2d"]
    page = layout(with_events(jm.loads(SHOP), log, tmp_path), fit="none")
    tooltips = {arrow.tooltip for arrow in page.arrows}
    assert "shop → paid (60 cases, median 2 days, p90 2 days)" in tooltips


def test_the_segments_stand_side_by_side(tmp_path: Path) -> None:
    rows = ["case,activity,timestamp,channel"]
    for case in range(10):  # web cases pay; phone cases stop at the shop
        steps = ["ad", "shop", "paid"] if case < 6 else ["ad", "shop"]
        channel = "web" if case < 6 else "phone"
        rows += [f"c{case},{s},2024-01-01T0{n}:00:00,{channel}" for n, s in enumerate(steps)]
    log = tmp_path / "log.csv"
    log.write_text("\n".join(rows) + "\n", encoding="utf-8")
    journey = jm.loads(SHOP)
    assessed = jm.assess(journey, observed=jm.paths(journey, str(log), segment="channel"))
    section = designed_vs_actual(assessed, "en")
    assert section is not None and section["segment"] == "channel"
    assert section["segments"] == [
        {"value": "web", "cases": "6", "share": "60%", "fitting": "100%", "ended": "–",
         "path": ["ad", "shop", "paid"]},
        {"value": "phone", "cases": "4", "share": "40%", "fitting": "0%",
         "ended": "shop (100%)", "path": ["ad", "shop"]},
    ]  # fmt: skip
    assert "<h3>By channel</h3>" in report(assessed, "en")


def test_the_slowest_designed_steps_are_drawn_apart_on_the_map(tmp_path: Path) -> None:
    from journeymap.renderers.drawing import SLOW
    from journeymap.renderers.grid import layout

    log = ["60 x ad, shop +1h, paid +2d", "40 x ad, shop +1h, hotline +1h, hotline +3h"]
    page = layout(with_events(jm.loads(SHOP), log, tmp_path), fit="none")
    slow = [arrow for arrow in page.arrows if arrow.color == SLOW]
    assert [arrow.tooltip.split(" (")[0] for arrow in slow] == ["shop → paid"]
    assert "among the slowest tenth of steps" in [t.text for t in page.texts()]  # legend
    quick = layout(with_events(jm.loads(SHOP), ["10 x ad, shop +1m, paid +1m"], tmp_path))
    assert "among the slowest tenth of steps" not in [t.text for t in quick.texts()]
