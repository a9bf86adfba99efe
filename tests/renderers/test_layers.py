"""What a service blueprint shows of each touchpoint, and its lanes and lines (SPEC §11)."""

from __future__ import annotations

import journeymap as jm
from journeymap.renderers.layers import ShownStep, lanes, layers
from tests.model.test_blueprint import PERMIT


def test_each_touchpoint_brings_its_layers_in_the_readers_language() -> None:
    of = layers(jm.loads(PERMIT), "nl")
    assert of["aanvraag"].evidence == "Ontvangstbevestiging per e-mail"
    assert of["aanvraag"].action == "Vult het formulier in"
    assert of["aanvraag"].thought == "‘Heb ik alle tekeningen?’"  # Dutch quotation marks
    assert of["aanvraag"].systems == ["Zaaksysteem", "Klantbeeld (CRM)"]  # names, once each
    assert of["besluit"].steps == [
        ShownStep("Toetsen", "Team Vergunningen · wacht hoogstens 8 dagen")
    ]
    assert of["besluit"].systems == ["Zaaksysteem"]  # the systems its backstage work runs on
    assert of["kcc-lijn"].systems == ["Klantbeeld (CRM)"]  # its team's
    assert of["kcc-lijn"].lanes() == {"systems"}


def test_a_thought_without_an_action_stands_in_the_actions_lane() -> None:
    journey = jm.loads(PERMIT.replace("    customer_action: Vult het formulier in\n", ""))
    assert layers(journey, "de")["aanvraag"].action == "„Heb ik alle tekeningen?“"
    assert layers(journey, "de")["aanvraag"].thought is None


def test_lanes_run_top_to_bottom_with_a_line_between_groups() -> None:
    every = {"evidence", "action", "CX", "CS", "backstage", "systems"}
    shown = [(lane.key, lane.line) for lane in lanes(every, "en")]
    assert shown == [
        ("evidence", ""),
        ("action", ""),
        ("CX", "Line of interaction"),
        ("CS", ""),
        ("backstage", "Line of visibility"),
        ("systems", "Line of internal interaction"),
    ]


def test_empty_lanes_are_left_out_and_a_line_names_every_boundary_it_stands_for() -> None:
    shown = [(lane.key, lane.line) for lane in lanes({"CS", "systems"}, "en")]
    assert shown == [("CS", ""), ("systems", "Line of visibility · Line of internal interaction")]
    assert [lane.label for lane in lanes({"action", "CX", "backstage"}, "tr")] == [
        "Müşteri eylemleri",
        "CX",
        "Perde arkası",
    ]


def test_a_step_says_how_long_customers_waited_on_it_and_whether_too_long() -> None:
    from journeymap.model.observed import Paths

    waited = {"touchpoint": "besluit", "step": "toets", "count": 12, "cases": 10}
    slow = Paths(backstage=[{**waited, "median_s": 9 * 86400, "p90_s": 12 * 86400}])
    (step,) = layers(jm.loads(PERMIT), "nl", slow)["besluit"].steps
    assert (step.waited, step.late) == ("klanten wachtten 9 dagen (mediaan, 10 zaken)", True)
    quick = Paths(backstage=[{**waited, "median_s": 86400, "p90_s": 86400}])
    assert not layers(jm.loads(PERMIT), "nl", quick)["besluit"].steps[0].late
