"""The blueprint layers of a journey (SPEC §11): teams, systems, backstage work, availability."""

from __future__ import annotations

import pytest

import journeymap as jm

PERMIT = """\
journeymap: 1
id: permit
title: Permit
kind: service
teams:
  - {id: kcc, name: Klantcontactcentrum, systems: [crm]}
  - {id: vergunningen, name: Team Vergunningen, systems: [zaaksysteem]}
systems:
  - {id: crm, name: Klantbeeld (CRM)}
  - {id: zaaksysteem, name: Zaaksysteem}
stages: [{id: indienen}, {id: beoordelen}]
touchpoints:
  - id: aanvraag
    stage: indienen
    owner: CX
    team: vergunningen
    customer_action: Vult het formulier in
    thinking: "Heb ik alle tekeningen?"
    evidence: Ontvangstbevestiging per e-mail
    systems: [zaaksysteem, crm]
    next: [besluit]
  - id: besluit
    stage: beoordelen
    owner: CX
    backstage:
      - {id: toets, name: Toetsen, team: vergunningen, systems: [zaaksysteem], max_wait: 8d}
  - {id: kcc-lijn, stage: indienen, owner: CS, team: kcc, channel: phone, available: journey}
"""


def test_the_layers_load_with_their_durations() -> None:
    journey = jm.loads(PERMIT)
    first, decision, hotline = journey.touchpoints
    assert (first.customer_action, first.thinking, first.evidence) == (
        "Vult het formulier in",
        "Heb ik alle tekeningen?",
        "Ontvangstbevestiging per e-mail",
    )
    assert decision.backstage[0].max_wait == 8 * 86400 and decision.backstage[0].label == "Toetsen"
    assert hotline.available == "journey" and journey.kind == "service"
    assert [team.label for team in journey.teams] == ["Klantcontactcentrum", "Team Vergunningen"]


def test_a_touchpoint_works_in_its_own_systems_then_its_teams() -> None:
    journey = jm.loads(PERMIT)
    first, decision, hotline = journey.touchpoints
    assert journey.systems_of(first) == ["zaaksysteem", "crm"]  # its team's zaaksysteem once
    assert journey.systems_of(hotline) == ["crm"] and journey.systems_of(decision) == []


def test_where_customers_need_service_and_what_they_reach() -> None:
    journey = jm.loads(PERMIT)
    submit, judge = journey.stages
    assert not journey.needs_service(submit) and journey.needs_service(judge)  # it waits
    assert [tp.id for tp in journey.reachable_service("beoordelen")] == ["kcc-lijn"]
    shop = jm.loads(
        "journeymap: 1\nid: s\ntitle: S\nstages: [{id: purchase}, {id: advocacy}]\n"
        "touchpoints:\n  - {id: chat, stage: advocacy, owner: CS}\n"
        "  - {id: call, stage: purchase, owner: CS, available: stage}\n"
    )
    purchase, advocacy = shop.stages
    assert shop.needs_service(purchase) and not shop.needs_service(advocacy)  # by phase
    assert [tp.id for tp in shop.reachable_service("purchase")] == ["call"]  # stage-only


@pytest.mark.parametrize("value", ["stage", "journey"])
def test_availability_is_a_stage_or_the_journey(value: str) -> None:
    text = PERMIT.replace("available: journey", f"available: {value}")
    assert jm.loads(text).touchpoints[2].available == value
    with pytest.raises(jm.LoadError):
        jm.loads(PERMIT.replace("available: journey", "available: always"))


def test_a_wait_in_an_unknown_unit_says_how_durations_are_written() -> None:
    with pytest.raises(jm.LoadError) as caught:
        jm.loads(PERMIT.replace("max_wait: 8d", "max_wait: 4w"), file="permit.yaml")
    assert str(caught.value) == (
        "permit.yaml:26:90: touchpoint 'besluit' backstage[0].max_wait: '4w' is no duration: "
        "write seconds, or a number with s, m, h or d (90s, 45m, 2h, 2d)"
    )
    written = jm.loads(PERMIT.replace("max_wait: 8d", 'max_wait: "691200"'))
    assert written.touchpoints[1].backstage[0].max_wait == 8 * 86400  # a number as text
