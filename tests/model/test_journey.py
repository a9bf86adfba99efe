"""The journey model: shorthands, durations, derived values, Python-built journeys."""

from __future__ import annotations

import datetime

import pytest
from pydantic import ValidationError

import journeymap as jm
from journeymap.model.journey import Flow, Journey, MetricValue, Stage, Touchpoint
from tests.helpers import MINIMAL


def test_metric_shorthands_aliases_and_durations() -> None:
    tp = Touchpoint(
        id="t",
        stage="s",
        owner="CS",
        metrics={
            "CSAT": 82,
            "frt": {"value": "2h", "target": "90s"},
            "art": "1d",
            "time_on_task": "2m",
        },
    )
    assert tp.metrics["csat"] == MetricValue(value=82)
    assert tp.metrics["frt"] == MetricValue(value=120, target=1.5)
    assert tp.metrics["art"].value == 1440
    assert tp.metrics["time_on_task"].value == 120  # seconds: the unit of time_on_task


def test_alias_and_id_of_the_same_metric_conflict() -> None:
    with pytest.raises(ValidationError, match="given twice"):
        Touchpoint(id="t", stage="s", owner="CX", metrics={"csat": 1, "CSAT": 2})


def test_flow_shorthand() -> None:
    tp = Touchpoint(id="t", stage="s", owner="CX", next=["a", {"to": "b", "context": True}])
    assert tp.next == [Flow(to="a"), Flow(to="b", context=True)]


def test_implied_flows_follow_document_order_when_no_next_is_declared() -> None:
    journey = jm.loads(MINIMAL)
    assert not journey.declares_flows
    assert [(e.source, e.flow.to, e.implied) for e in journey.flows()] == [("ad", "shop", True)]


def test_declared_flows_replace_implied_ones() -> None:
    journey = jm.loads(
        MINIMAL.replace(
            "{id: shop, stage: purchase, owner: CX}",
            "{id: shop, stage: purchase, owner: CX, next: []}",
        )
    )
    assert journey.declares_flows
    assert list(journey.flows()) == []


@pytest.mark.parametrize(
    ("stage", "phase"),
    [
        (Stage(id="purchase"), "purchase"),
        (Stage(id="retention"), "loyalty"),
        (Stage(id="kauf", phase="loyalty"), "loyalty"),  # as written wins
        (Stage(id="kauf"), "purchase"),
        (Stage(id="s3", name="Satın alma"), "purchase"),
        (Stage(id="klant-zijn", name="Klant zijn"), None),
        (Stage(id="x", phase="retention"), "loyalty"),
    ],
)
def test_phase_inference_and_retention_alias(stage: Stage, phase: str | None) -> None:
    assert stage.canonical_phase == phase


def test_initiative_defaults_by_owner() -> None:
    assert Touchpoint(id="a", stage="s", owner="CX").effective_initiative == "proactive"
    assert Touchpoint(id="a", stage="s", owner="CS").effective_initiative == "reactive"
    assert (
        Touchpoint(id="a", stage="s", owner="CS", initiative="proactive").effective_initiative
        == "proactive"
    )


def test_python_built_journey_behaves_like_a_loaded_one() -> None:
    built = Journey(
        id="mini",
        title="Mini",
        stages=[Stage(id="awareness", name="Awareness"), Stage(id="purchase", name="Purchase")],
        touchpoints=[
            Touchpoint(id="ad", stage="awareness", owner="CX"),
            Touchpoint(id="shop", stage="purchase", owner="CX"),
        ],
    )
    loaded = jm.loads(MINIMAL)
    assert built.model_dump() == loaded.model_dump()
    assert sorted(f.code for f in jm.check(built)) == sorted(f.code for f in jm.check(loaded))
    # The loaded one is written back as it was written; both say the same.
    assert jm.loads(jm.dumps(built)).model_dump() == jm.loads(jm.dumps(loaded)).model_dump()
    finding = jm.check(built)[0]
    assert (finding.file, finding.line) == (None, None) and finding.where == "<python>"


def test_ids_must_be_slugs() -> None:
    with pytest.raises(ValidationError, match="for example 'my-stage'"):
        Stage(id="My Stage")


def test_metric_definition_range_order() -> None:
    with pytest.raises(ValidationError, match="low end above its high end"):
        jm.MetricDefinition(id="x", name="X", range=(10, 1))


def test_metric_info_prefers_custom_definitions() -> None:
    journey = Journey(
        id="j", title="J", metrics=[jm.MetricDefinition(id="ctr", name="CTR", range=(0, 100))]
    )
    info = journey.metric_info("ctr")
    assert info is not None and (info.low, info.high, info.better) == (0, 100, "higher")
    assert journey.metric_info("nps") is not None and journey.metric_info("nope") is None


def test_schema_names_the_format_fields() -> None:
    schema = jm.journey_schema()
    assert "journeymap" in schema["required"]
    touchpoint = schema["$defs"]["Touchpoint"]
    assert set(touchpoint["required"]) == {"id", "stage", "owner"}


def test_empty_collection_defaults_are_not_shared_between_instances() -> None:
    first, second = Journey(id="a", title="A"), Journey(id="b", title="B")
    first.stages.append(Stage(id="awareness"))
    first.checks["JM205"] = "off"
    tp = Touchpoint(id="t", stage="awareness", owner="CX")
    tp.pain_points.append("slow")
    assert second.stages == [] and second.checks == {}
    assert Touchpoint(id="u", stage="awareness", owner="CX").pain_points == []


CES_JOURNEY = """
journeymap: 1
id: ces
title: CES
stages: [{id: awareness}]
touchpoints:
  - {id: checkout, stage: awareness, owner: CX, metrics: {ces: {value: 5.8, target: 5.5}}}
"""


def test_ces_2_is_a_journey_setting_higher_is_easier() -> None:
    """CES 2.0 asks for agreement on 1–7, where higher means easier."""
    classic = jm.loads(CES_JOURNEY)
    assert [f.code for f in jm.check(classic)] == ["JM302"]  # 5.8 > 5.5 and lower is better
    ces_2 = jm.loads(CES_JOURNEY + "metrics:\n  - {id: ces, scale: 7, better: higher}\n")
    assert ces_2.metric_info("ces").better == "higher"  # type: ignore[union-attr]
    assert jm.check(ces_2) == []
    five = jm.loads(CES_JOURNEY + "metrics:\n  - {id: ces, scale: 5}\n")
    assert [f.code for f in jm.check(five)][:2] == ["JM301", "JM301"]  # 5.8 and 5.5 are past 5
    assert five.ces_scale() == 5 and classic.ces_scale() == 7


@pytest.mark.parametrize(
    ("entry", "error"),
    [
        ("{id: ces, name: Effort}", "only its scale and better, not name"),
        ("{id: nps, scale: 5}", "only ces has a scale"),
        ("{id: repeat, scale: 5, name: Repeat}", "scale is for ces only"),
        ("{id: repeat}", "needs a name"),
    ],
)
def test_what_a_metric_entry_may_say(entry: str, error: str) -> None:
    with pytest.raises(jm.LoadError) as raised:
        jm.loads(CES_JOURNEY + f"metrics:\n  - {entry}\n")
    assert error in str(raised.value)


ACTIONS = """\
journeymap: 1
id: a
title: A
stages: [{id: purchase, name: Purchase}]
touchpoints:
  - id: cart
    stage: purchase
    owner: CX
    opportunities:
      - Show costs early
      - {text: Call back, owner: Hotline team, priority: high, due: 2027-01-31, status: doing}
"""


def test_an_opportunity_is_a_text_or_an_action() -> None:
    plain, action = jm.loads(ACTIONS).touchpoints[0].opportunities
    assert (plain.text, plain.priority, plain.status) == ("Show costs early", None, "open")
    assert (action.owner, action.priority, action.status) == ("Hotline team", "high", "doing")
    assert action.due == datetime.date(2027, 1, 31)
    # Written back as written: the text alone stays a plain string.
    assert jm.dumps(jm.reads(ACTIONS)) == ACTIONS
    built = jm.Touchpoint(id="x", stage="purchase", owner="CX", opportunities=["Idea"])
    assert built.opportunities[0].text == "Idea"


@pytest.mark.parametrize(
    ("action", "message"),
    [
        ("{text: X, due: 20270131}", "a date is written as YYYY-MM-DD"),
        ("{text: X, due: 31.01.2027}", "'31.01.2027' is not a date: write it as YYYY-MM-DD"),
        ("{text: X, due: 2027-02-30}", "'2027-02-30' is not a day of the calendar"),
        ("{text: X, priority: urgent}", "'high', 'medium' or 'low'"),
        ("{text: X, status: wip}", "'open', 'doing' or 'done'"),
        ("{owner: Y}", "text"),
    ],
)
def test_a_broken_action_is_named_at_its_line(action: str, message: str) -> None:
    written = (
        "{text: Call back, owner: Hotline team, priority: high, due: 2027-01-31, status: doing}"
    )
    text = ACTIONS.replace(written, action)
    with pytest.raises(jm.LoadError) as error:
        jm.loads(text, file="a.yaml")
    (line,) = error.value.lines()
    assert line.startswith("a.yaml:11:") and message in line, line


def test_implied_flows_pass_by_a_touchpoint_available_from_anywhere() -> None:
    """A hotline ``available: journey`` is reached without a flow: the implied chain of a
    journey without ``next`` goes around it, and the main path does not start there."""
    from journeymap.analysis.paths import main_path

    journey = jm.loads(
        "journeymap: 1\nid: j\ntitle: J\nkind: service\nstages: [{id: s}]\ntouchpoints:\n"
        "  - {id: hotline, stage: s, owner: CS, available: journey, emotion: 0}\n"
        "  - {id: form, stage: s, owner: CX, emotion: 1}\n"
        "  - {id: letter, stage: s, owner: CX, emotion: 1}\n"
    )
    assert [(e.source, e.flow.to) for e in journey.flows()] == [("form", "letter")]
    assert [tp.id for tp in main_path(journey)] == ["form", "letter"]
    assert journey.kind == "service" and journey.touchpoints[0].available == "journey"
