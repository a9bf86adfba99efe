"""The difference between two journeys."""

from __future__ import annotations

import re

import journeymap as jm
from journeymap.analysis.diff import Change, diff
from tests.helpers import ROOT

CURRENT = ROOT / "examples" / "saas-onboarding.yaml"
FUTURE = ROOT / "examples" / "saas-onboarding-future.yaml"


def journey(**changes: object) -> jm.Journey:
    """A small journey: two stages, a CX and a CS touchpoint, explicit flows."""
    data: dict[str, object] = {
        "id": "j",
        "title": "Shop",
        "stages": [{"id": "purchase", "name": "Buy"}, {"id": "loyalty", "name": "Use"}],
        "touchpoints": [
            {
                "id": "cart",
                "name": "Cart",
                "stage": "purchase",
                "owner": "CX",
                "channel": "web",
                "emotion": 0,
                "metrics": {"csat": {"value": 70, "target": 80, "n": 100}},
                "next": ["hotline"],
            },
            {
                "id": "hotline",
                "name": "Hotline",
                "stage": "purchase",
                "owner": "CS",
                "channel": "phone",
                "metrics": {"frt": 5, "resolution_rate": 90},
                "next": [],
            },
        ],
    }
    data.update(changes)
    return jm.Journey.model_validate(data)


def kinds(changes: list[Change]) -> list[tuple[str, str, str | None]]:
    return [(c.kind, c.subject, c.field) for c in changes]


def test_a_journey_does_not_differ_from_itself() -> None:
    assert diff(journey(), journey()) == []
    loaded = jm.load(CURRENT)
    assert diff(loaded, jm.load(CURRENT)) == []


def test_the_current_and_future_state_example_pair() -> None:
    changes = diff(jm.load(CURRENT), jm.load(FUTURE))
    assert kinds(changes) == [
        ("journey-changed", "journey", "title"),
        ("journey-changed", "journey", "description"),
        ("journey-changed", "journey", "state"),
        ("touchpoint-added", "setup-concierge", None),
        ("touchpoint-removed", "help-center", None),
        ("touchpoint-renamed", "pricing-page", None),
        ("emotion-changed", "pricing-page", None),
        ("touchpoint-changed", "pricing-page", "pain_points"),
        ("touchpoint-changed", "pricing-page", "opportunities"),
        ("metric-changed", "pricing-page", "abandonment_rate.target"),
        ("metric-changed", "pricing-page", "ces.target"),
        ("touchpoint-moved", "sales-demo", None),
        ("emotion-changed", "setup-wizard", None),
        ("metric-changed", "setup-wizard", "task_success_rate.target"),
        ("flow-added", "setup-wizard→setup-concierge", None),
        ("flow-added", "setup-concierge→support-ticket", None),
        ("flow-added", "setup-concierge→health-check-email", None),
        ("flow-removed", "setup-wizard→help-center", None),
        ("flow-removed", "help-center→support-ticket", None),
        ("flow-removed", "help-center→health-check-email", None),
        ("finding-introduced", "JM302 pricing-page", "abandonment_rate"),
        ("finding-introduced", "JM302 pricing-page", "ces"),
    ]
    moved = next(c for c in changes if c.kind == "touchpoint-moved")
    assert (moved.old, moved.new) == ("consideration", "trial")


def test_stage_changes() -> None:
    stages = [
        {"id": "loyalty", "name": "Use"},
        {"id": "purchase", "name": "Checkout"},
        {"id": "advocacy", "customer_goal": "Tell friends"},
    ]
    changes = diff(journey(), journey(stages=stages))
    assert kinds(changes) == [
        ("stage-added", "advocacy", None),
        ("stage-moved", "loyalty", "position"),
        ("stage-renamed", "purchase", None),
        ("stage-moved", "purchase", "position"),
        ("finding-introduced", "JM103 advocacy", None),  # the new stage has no touchpoint yet
    ]
    assert [(c.old, c.new) for c in changes if c.kind == "stage-moved"] == [(2, 1), (1, 2)]


def test_owner_channel_metric_and_flow_changes() -> None:
    new = journey()
    new.touchpoints[1].owner = "CX"
    new.touchpoints[1].channel = "chat"
    new.touchpoints[1].metrics = {"frt": jm.MetricValue(value=3)}
    new.touchpoints[0].next = [jm.Flow(to="hotline", label="has a question", context=True)]
    changes = diff(journey(), new)
    assert ("owner-changed", "hotline", None) in kinds(changes)
    assert ("channel-changed", "hotline", None) in kinds(changes)
    assert ("metric-removed", "hotline", "resolution_rate") in kinds(changes)
    assert ("metric-changed", "hotline", "frt.value") in kinds(changes)
    flow = next(c for c in changes if c.kind == "flow-changed")
    assert flow.subject == "cart→hotline"
    assert flow.new == {"to": "hotline", "label": "has a question", "context": True}


def test_a_finding_whose_figures_moved_is_neither_introduced_nor_resolved() -> None:
    worse = journey()
    worse.touchpoints[0].metrics["csat"] = jm.MetricValue(value=60, target=80, n=100)
    changes = diff(journey(), worse)
    assert kinds(changes) == [("metric-changed", "cart", "csat.value")]
    better = journey()
    better.touchpoints[0].metrics["csat"] = jm.MetricValue(value=85, target=80, n=100)
    resolved = [c for c in diff(journey(), better) if c.kind == "finding-resolved"]
    assert [(c.subject, c.old is not None) for c in resolved] == [("JM302 cart", True)]


def test_fixing_csat_is_not_reported_as_fixing_nps() -> None:
    """Two metrics of one touchpoint miss their targets; CSAT is fixed, NPS still misses."""
    both_missed = {
        "csat": {"value": 70, "target": 80, "n": 100},
        "nps": {"value": 10, "target": 30},
    }
    nps_missed = {"csat": {"value": 85, "target": 80, "n": 100}, "nps": {"value": -2, "target": 30}}

    def with_metrics(metrics: dict[str, object]) -> jm.Journey:
        tps = [dict(tp) for tp in journey().model_dump()["touchpoints"]]
        tps[0]["metrics"] = metrics
        return journey(touchpoints=tps)

    changes = diff(with_metrics(both_missed), with_metrics(nps_missed))
    findings = [(c.kind, c.subject, c.field) for c in changes if c.kind.startswith("finding")]
    assert findings == [("finding-resolved", "JM302 cart", "csat")]
    (line,) = [c.describe() for c in changes if c.kind == "finding-resolved"]
    assert line.startswith("- finding-resolved JM302 cart csat: ")


def test_blueprint_changes_are_named_in_words() -> None:
    """A backstage step shows by its name, not as the data of the file."""
    from journeymap.renderers.labels import change_field, change_value

    text = (
        "journeymap: 1\nid: j\ntitle: J\nstages: [{id: s}]\ntouchpoints:\n"
        "  - {id: claim, stage: s, owner: CS, backstage: [{id: check, name: Check the claim}]}\n"
    )
    before = jm.loads(text)
    after = jm.loads(
        text.replace("Check the claim", "Check and pay").replace(
            "stages:", "kind: service\nstages:"
        )
    )
    changes = {(c.kind, c.field): c for c in diff(before, after)}
    step = changes[("touchpoint-changed", "backstage")]
    assert change_field(step, "nl", after) == "stappen achter de schermen"
    assert change_value(step, step.new, "en", after) == "Check and pay"
    assert changes[("journey-changed", "kind")].new == "service"


def test_every_field_of_a_journey_is_compared() -> None:
    """A field the diff does not look at is a change it would call no change."""
    import inspect

    from journeymap.analysis import diff as module

    compared = set(re.findall(r'"(\w+)"', inspect.getsource(module.diff)))
    apart = {"journeymap", "personas", "stages", "touchpoints"}  # compared one by one
    assert set(jm.Journey.model_fields) - apart <= compared


def test_a_personas_segment_changing_is_a_change() -> None:
    from journeymap.renderers.text import diff_text

    text = (
        "journeymap: 1\nid: p\ntitle: P\npersonas: [{id: anna, name: Anna}]\n"
        "segments: {anna: web}\nstages: [{id: s}]\n"
        "touchpoints: [{id: a, stage: s, owner: CX}]\n"
    )
    before, after = jm.loads(text), jm.loads(text.replace("anna: web", "anna: desk"))
    said = diff_text(diff(before, after), "a", "b", "en", after)
    assert "~ Journey changed: personas' segments: anna: web → anna: desk" in said
