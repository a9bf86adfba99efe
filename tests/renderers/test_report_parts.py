"""The report's summary, findings by stage, actions and emotion curves, as data."""

from __future__ import annotations

import itertools

import pytest

import journeymap as jm
from journeymap.checks.runner import check
from journeymap.renderers.report_parts import (
    _CHAR_WIDTH,
    _LINE,
    actions,
    emotion_curves,
    finding_rows,
    findings_by_stage,
    summary,
)
from tests.helpers import EXAMPLES, FIXTURES, ROOT

GAPS = """\
journeymap: 1
id: gaps
title: Gaps
stages:
  - {id: awareness, name: Seeing the ad}
  - {id: purchase, name: Buying}
  - {id: loyalty, name: Using}
  - {id: advocacy, name: Telling friends}
touchpoints:
  - {id: ad, stage: awareness, owner: CX, emotion: 1, next: [shop]}
  - {id: shop, stage: purchase, owner: CX, emotion: 0, pain_points: [Slow], next: [hotline, chat]}
  - {id: hotline, stage: loyalty, owner: CS, channel: phone, emotion: -2, next: [review]}
  - {id: chat, stage: loyalty, owner: CS, channel: chat, emotion: 1, metrics: {frt: 2m}, next: [review]}
  - {id: review, stage: advocacy, owner: CX, emotion: 2}
"""


def test_each_stage_gets_a_verdict_on_customer_service() -> None:
    journey = jm.loads(GAPS)
    verdicts = summary(jm.assess(journey), finding_rows(journey, check(journey), "en"), "en")[
        "verdicts"
    ]
    assert [(v["stage"], v["level"]) for v in verdicts] == [
        ("Seeing the ad", "none"),
        ("Buying", "gap"),  # purchase without CS: where customers need it
        ("Using", "ok"),
        ("Telling friends", "none"),
    ]
    assert verdicts[1]["text"] == "No customer service, where customers need it"
    assert verdicts[2]["text"] == "2 CS touchpoints (Chat, Phone); measured: FRT"
    unmeasured = jm.loads(GAPS.replace(", metrics: {frt: 2m}", ""))
    assert summary(jm.assess(unmeasured), [], "de")["verdicts"][2] == {
        "stage": "Using",
        "level": "unmeasured",
        "text": "2 CS-Kontaktpunkte (Chat, Telefon); keine Service-Kennzahl",
    }


def test_a_loyalty_stage_without_cs_is_a_gap_and_a_metric_without_a_value_measures_nothing() -> (
    None
):
    """The verdict and JM201 share their phases: loyalty needs service as purchase does.
    A service metric with a target but no value has measured nothing yet."""
    no_service = jm.loads(GAPS.replace("stage: loyalty, owner: CS", "stage: loyalty, owner: CX"))
    verdicts = summary(jm.assess(no_service), [], "en")["verdicts"]
    assert (verdicts[2]["stage"], verdicts[2]["level"]) == ("Using", "gap")
    assert "JM201" in {f.code for f in check(no_service) if f.subject == "loyalty"}
    target_only = jm.loads(GAPS.replace("metrics: {frt: 2m}", "metrics: {frt: {target: 5m}}"))
    assert summary(jm.assess(target_only), [], "en")["verdicts"][2]["level"] == "unmeasured"


def test_the_summary_leads_with_the_most_severe_findings_and_worst_pains() -> None:
    journey = jm.load(ROOT / "examples" / "telecom-contract.yaml")
    findings = check(journey)
    top = summary(jm.assess(journey), finding_rows(journey, findings, "tr"), "tr")
    severities = [f["severity"] for f in top["findings"]]
    assert len(severities) == 5 and severities == sorted(
        severities, key=["error", "warning", "info"].index
    )
    assert top["finding_count"] == len(findings)
    assert top["pains"][0]["touchpoint"] == "Fatura itirazı (çağrı merkezi)"  # emotion −2
    assert top["targets"].startswith("Hedefleri olan")


def test_measured_key_metrics_carry_their_interval() -> None:
    data = FIXTURES / "data"
    journey = jm.load(data / "journey.yaml")
    measured = jm.measure(journey, responses=[str(data / "responses.csv")])
    rows = {row["name"]: row for row in summary(jm.assess(measured), [], "en")["key_metrics"]}
    assert rows["CSAT"]["interval"] and "–" in rows["CSAT"]["interval"]
    assert rows["CSAT"]["n"] == str(measured.summary.journey["csat"].n)


def test_findings_are_grouped_by_stage_in_stage_order_most_severe_first() -> None:
    journey = jm.loads(GAPS + "  - {id: stray, stage: nowhere, owner: CX}\n")
    groups = findings_by_stage(journey, finding_rows(journey, check(journey), "en"), "en")
    names = [group["stage"] for group in groups]
    assert names[-1] == "Whole journey"  # the stray touchpoint's stage does not exist
    assert names[:-1] == [
        s for s in ("Seeing the ad", "Buying", "Using", "Telling friends") if s in names
    ]
    for group in groups:
        order = [f["severity"] for f in group["findings"]]
        assert order == sorted(order, key=["error", "warning", "info"].index)


def test_actions_are_listed_with_their_labels() -> None:
    rows = actions(jm.load(ROOT / "examples" / "online-shop.yaml"), "de")
    assert rows[0]["priority_label"] == "hoch" and rows[0]["status_label"] == "in Arbeit"
    assert rows[-1]["status"] == "done"


def test_the_curve_follows_the_flows_not_the_card_order() -> None:
    journey = jm.loads(GAPS)
    (curve,) = emotion_curves(jm.assess(journey), "en")["curves"]
    # shop branches to hotline and chat; the curve takes one route, never both.
    titles = [p["title"].split(":")[0] for p in curve["points"]]
    assert titles == ["ad", "shop", "hotline", "review"]
    assert curve["name"] == "All customers"


def test_one_curve_per_persona_and_the_old_one_under_it() -> None:
    current = jm.load(ROOT / "examples" / "saas-onboarding.yaml")
    future = jm.load(ROOT / "examples" / "saas-onboarding-future.yaml")
    emotion = emotion_curves(jm.assess(future), "en", previous=jm.assess(current))
    assert [c["name"] for c in emotion["curves"]] == [p.name for p in future.personas]
    assert emotion["before"] is not None and len(emotion["before"]["points"]) > 3


def test_every_curve_and_the_old_one_run_left_to_right() -> None:
    """With --compare, the old curve is drawn where its touchpoints stand now: a touchpoint
    that moved to a later stage must not make it run back."""
    current = jm.loads(GAPS)
    moved = current.model_copy(
        update={
            "touchpoints": [
                tp.model_copy(update={"stage": current.stages[-1].id}) if tp.id == "ad" else tp
                for tp in current.touchpoints
            ]
        }
    )
    for journey, previous in ((moved, current), (current, moved)):
        emotion = emotion_curves(jm.assess(journey), "en", previous=jm.assess(previous))
        for curve in [*emotion["curves"], emotion["before"]]:
            xs = [point["x"] for point in curve["points"]]
            assert xs == sorted(xs), curve["name"]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_printed_point_names_never_overlap(example: object) -> None:
    labels = emotion_curves(jm.assess(jm.load(example)), "en")["labels"]
    boxes = []
    for label in labels:
        width = len(label["text"]) * _CHAR_WIDTH
        left = label["x"] - (width if label["anchor"] == "end" else 0)
        boxes.append((left, left + width, label["y"]))
    for (l1, r1, y1), (l2, r2, y2) in itertools.combinations(boxes, 2):
        assert abs(y1 - y2) >= _LINE or r1 <= l2 or r2 <= l1
    assert all(left >= 0 and right <= 1600 for left, right, _ in boxes)


def test_the_summary_says_targets_met_without_a_verb_to_agree() -> None:
    """ "1 van 10 contactpunten met doelen halen ze allemaal": the count and the noun
    disagreed; now the sentence leads with what was met."""
    line = "  - {id: t%d, stage: s, owner: CX, metrics: {csat: {value: %d, target: 80}}}\n"
    touchpoints = "".join(line % (n, 90 if n == 0 else 50) for n in range(10))
    text = "journeymap: 1\nid: j\ntitle: J\nlocale: nl\nstages: [{id: s}]\ntouchpoints:\n"
    journey = jm.loads(text + touchpoints)
    assert summary(jm.assess(journey), [], "nl")["targets"] == (
        "Alle doelen gehaald bij 1 van 10 contactpunten met doelen (10%)"
    )
    assert summary(jm.assess(journey), [], "en")["targets"] == (
        "All targets met at 1 of 10 touchpoints with targets (10%)"
    )
