"""The check runner and every rule, through one fixture journey per code."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import journeymap as jm
from journeymap.checks.codes import RULES
from journeymap.checks.findings import Severity
from journeymap.errors import ConfigError
from tests.helpers import FIXTURES, MINIMAL, ROOT, with_events

RULE_FIXTURES = FIXTURES / "rules"
MARKER = re.compile(r"#\s*(JM\d{3})\s*$")


def expected_findings(path: Path) -> set[tuple[int, str]]:
    """(line, code) of every line that ends with a ``# JMnnn`` marker."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return {(n, m.group(1)) for n, line in enumerate(lines, 1) if (m := MARKER.search(line))}


#: The day the portfolio fixtures are checked on (JM501 judges review dates by it).
FIXTURE_DAY = datetime.date(2026, 6, 1)
PORTFOLIO_RULES = sorted(code for code, rule in RULES.items() if rule.group == "portfolio")


def test_every_rule_has_a_fixture() -> None:
    """A journey rule's fixture is a journey; a portfolio rule's, a portfolio's folder."""
    journeys = {p.stem for p in RULE_FIXTURES.glob("JM*.yaml")}
    portfolios = {p.name for p in RULE_FIXTURES.glob("JM*") if p.is_dir()}
    assert journeys | portfolios == set(RULES) and portfolios == set(PORTFOLIO_RULES)


@pytest.mark.parametrize("code", PORTFOLIO_RULES)
def test_portfolio_fixture_fires_exactly_its_code_on_the_marked_lines(code: str) -> None:
    folder = RULE_FIXTURES / code
    findings = jm.assess_portfolio(str(folder), today=FIXTURE_DAY).findings
    expected = {
        (str(path), line, marked)
        for path in sorted(folder.glob("*.yaml"))
        for line, marked in expected_findings(path)
    }
    assert {(f.file, f.line, f.code) for f in findings} == expected
    assert all(f.column for f in findings)


@pytest.mark.parametrize("code", sorted(set(RULES) - set(PORTFOLIO_RULES)))
def test_fixture_fires_exactly_its_code_on_the_marked_line(code: str, tmp_path: Path) -> None:
    """A rule about event data has its log beside it: ``JMnnn.events``, one spec a line."""
    path = RULE_FIXTURES / f"{code}.yaml"
    document = jm.read(path)
    events = path.with_suffix(".events")
    if events.exists():
        specs = events.read_text(encoding="utf-8").splitlines()
        findings = list(with_events(document, specs, tmp_path).findings)
    else:
        findings = jm.check(document)
    assert {(f.line, f.code) for f in findings} == expected_findings(path)
    assert {f.code for f in findings} == {code}
    assert all(f.file == str(path) and f.column for f in findings)


def test_clean_fixture_fires_nothing() -> None:
    assert jm.check(jm.read(RULE_FIXTURES / "clean.yaml")) == []


def test_finding_fields_come_from_the_registry() -> None:
    (finding,) = jm.check(jm.read(RULE_FIXTURES / "JM201.yaml"))
    assert (finding.name, finding.severity, finding.subject) == (
        "stage-without-cs",
        Severity.ERROR,
        "loyalty",
    )
    assert finding.message.startswith("Stage 'Loyalty' (loyalty) is in the Loyalty phase")


PURCHASE_CX_ONLY = """
journeymap: 1
id: shop
title: Shop
stages:
  - {id: awareness, name: Awareness}
  - {id: purchase, name: Purchase}
touchpoints:
  - {id: ad, stage: awareness, owner: CX, channel: social, metrics: {csat: 80}}
  - {id: checkout, stage: purchase, owner: CX, channel: web, metrics: {csat: 85}}
"""


def test_purchase_without_cs_fires_jm201_and_one_cs_touchpoint_fixes_it() -> None:
    findings = jm.check(jm.reads(PURCHASE_CX_ONLY, file="shop.yaml"))
    assert [(f.code, f.line, f.subject) for f in findings if f.severity == Severity.ERROR] == [
        ("JM201", 7, "purchase")
    ]
    fixed = (
        PURCHASE_CX_ONLY
        + "  - {id: hotline, stage: purchase, owner: CS, channel: phone, metrics: {frt: 5m}}\n"
    )
    assert [f.code for f in jm.check(jm.reads(fixed)) if f.severity == Severity.ERROR] == []


def test_checks_off_and_ignore_silence_a_rule_and_overrides_change_severity() -> None:
    assert "JM201" not in {
        f.code for f in jm.check(jm.reads(PURCHASE_CX_ONLY + "checks: {JM201: off}\n"))
    }
    assert "JM201" not in {f.code for f in jm.check(jm.reads(PURCHASE_CX_ONLY), ignore=["JM201"])}
    (downgraded,) = [
        f
        for f in jm.check(jm.reads(PURCHASE_CX_ONLY + "checks: {JM201: info}\n"))
        if f.code == "JM201"
    ]
    assert downgraded.severity == Severity.INFO


def test_select_by_prefix_and_name() -> None:
    journey = jm.loads(PURCHASE_CX_ONLY)
    assert {f.code for f in jm.check(journey, select=["JM2"])} <= {
        "JM201",
        "JM202",
        "JM203",
        "JM204",
        "JM205",
        "JM206",
    }
    assert {f.code for f in jm.check(journey, select=["stage-without-cs"])} == {"JM201"}
    with pytest.raises(ConfigError, match="selects no rule"):
        jm.check(journey, select=["JM9"])


@pytest.mark.parametrize(
    ("metrics", "code"),
    [
        ("{nps: 150}", "JM301"),
        ("{ces: {value: 6, scale: 5}}", "JM301"),
        ("{csat: {value: 70, target: 80}}", "JM302"),
        ("{frt: {value: 45m, target: 30m}}", "JM302"),
        ("{nps: {value: 30, n: 12}}", "JM304"),
    ],
)
def test_metric_rules(metrics: str, code: str) -> None:
    text = (
        PURCHASE_CX_ONLY.replace("metrics: {csat: 85}", f"metrics: {metrics}")
        + "checks: {JM201: off}\n"
    )
    assert code in {f.code for f in jm.check(jm.reads(text))}


def test_custom_better_lower_metric_above_target_misses_it(
    write_journey: Callable[..., Path],
) -> None:
    text = PURCHASE_CX_ONLY.replace(
        "metrics: {csat: 85}", "metrics: {csat: 85, returns: {value: 9, target: 5}}"
    )
    text += (
        "metrics: [{id: returns, name: Return rate, unit: '%', range: [0, 100], better: lower}]\n"
    )
    findings = jm.check(jm.reads(text))
    assert [f.message for f in findings if f.code == "JM302"] == [
        "Return rate at touchpoint 'checkout' is 9%, above its target 5% (lower is better); "
        "improve the touchpoint or revisit the target."
    ]  # a custom metric by its name, in findings and in the coverage summary
    from journeymap.renderers.text import coverage_table

    assert "CSAT, Return rate" in coverage_table(jm.loads(text))
    text = text.replace("better: lower", "better: higher")
    assert "JM302" not in {f.code for f in jm.check(jm.reads(text))}


def test_implied_handoffs_are_reported_at_the_source() -> None:
    text = (
        PURCHASE_CX_ONLY
        + "  - {id: hotline, stage: purchase, owner: CS, channel: phone, metrics: {frt: 5m}}\n"
    )
    (finding,) = [f for f in jm.check(jm.reads(text)) if f.code == "JM205"]
    assert (finding.subject, finding.line) == ("checkout", 10)


def test_findings_are_deterministic_and_sorted() -> None:
    path = RULE_FIXTURES / "JM101.yaml"
    first, second = jm.check(jm.read(path)), jm.check(jm.read(path))
    assert first == second
    assert first == sorted(first, key=lambda f: f.sort_key())


def test_an_unknown_code_under_checks_is_a_jm102_finding_at_its_key(
    write_journey: Callable[..., Path],
) -> None:
    path = write_journey(MINIMAL + "checks: {JM205: off, JM2O5: info}\n")
    findings = [f for f in jm.check(jm.read(path)) if f.code == "JM102"]
    assert [(f.subject, f.line, f.column) for f in findings] == [("JM2O5", 10, 22)]
    assert "Did you mean 'JM205'?" in findings[0].message


DUTCH_WITHOUT_PHASES = """
journeymap: 1
id: energie
title: Energiecontract
locale: nl
stages:
  - {id: orientatie, name: Oriëntatie}
  - {id: aankoop, name: Aankoop}
  - {id: klant-zijn, name: Klant zijn}
touchpoints:
  - {id: vergelijker, name: Vergelijkingssite, stage: orientatie, owner: CX, next: [aanvraag]}
  - {id: aanvraag, name: Online aanvraag, stage: aankoop, owner: CX, next: [jaarnota]}
  - {id: jaarnota, name: Jaarnota, stage: klant-zijn, owner: CX, exit: true}
"""


def test_a_dutch_journey_without_phases_is_judged_not_passed(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    """No phase: written, yet 'aankoop' is the purchase stage, and 'klant-zijn' says none."""
    path = tmp_path / "energie.yaml"
    path.write_text(DUTCH_WITHOUT_PHASES, encoding="utf-8")
    result = cli("check", path)
    assert result.exit_code == 1, result.output  # it was 0, "No findings."
    journey = jm.load(path)
    found = {(f.code, f.subject) for f in jm.check(journey)}
    assert ("JM201", "aankoop") in found  # no customer service where people buy
    assert ("JM107", "klant-zijn") in found  # the CS rules say they cannot judge this stage
    (unjudged,) = [f for f in jm.check(journey) if f.code == "JM107"]  # in the journey's Dutch
    assert unjudged.message.startswith("Fase 'Klant zijn' (klant-zijn) heeft geen trechterfase")
    assert "JM201" in unjudged.message and "phase: awareness" in unjudged.message


def test_messages_name_elements_as_the_user_wrote_them() -> None:
    journey = jm.loads(DUTCH_WITHOUT_PHASES, file="energie.yaml")
    messages = " ".join(f.message for f in jm.check(journey, lang="en"))
    assert "Stage 'Aankoop' (aankoop) is in the Purchase phase" in messages
    assert "'klant-zijn'" not in messages  # never the bare id where a name was written


def test_a_rule_setting_may_be_an_object_with_severity_and_thresholds() -> None:
    text = (RULE_FIXTURES / "JM205.yaml").read_text(encoding="utf-8")
    quiet = jm.loads(text + "checks: {JM205: {severity: 'off'}}\n")
    assert not any(f.code == "JM205" for f in jm.check(quiet))
    loud = jm.loads(text + "checks: {JM205: {severity: error}}\n")
    assert {f.severity for f in jm.check(loud) if f.code == "JM205"} == {Severity.ERROR}
    assert loud.check_threshold("JM205", "min_share") is None
    with pytest.raises(jm.LoadError, match="min_share"):
        jm.loads(text + "checks: {JM401: {min_share: 120}}\n")


def test_one_next_that_turns_implied_flows_off_gets_one_explanation() -> None:
    """Not a cascade of JM104 and JM105: one finding says why, and names the touchpoints."""
    text = (
        "journeymap: 1\nid: j\ntitle: J\n"
        "stages: [{id: awareness}, {id: consideration}, {id: purchase}]\ntouchpoints:\n"
        "  - {id: ad, stage: awareness, owner: CX, next: [{to: blog, label: curious}]}\n"
        "  - {id: blog, stage: awareness, owner: CX}\n"
        "  - {id: compare, stage: consideration, owner: CX}\n"
        "  - {id: demo, stage: consideration, owner: CX}\n"
        "  - {id: checkout, stage: purchase, owner: CX}\n"
        "checks: {JM201: off, JM203: off}\n"
    )
    findings = [(f.code, f.subject, f.message) for f in jm.check(jm.reads(text))]
    assert findings == [
        (
            "JM105",
            "blog",
            "3 touchpoints have no next: ('blog', 'compare', 'demo'), so they lead nowhere: a "
            "journey that writes next: anywhere has no implied flows. Add next: to each, or "
            "remove next: everywhere to have flows in file order.",
        )
    ]


def test_jm402_counts_each_case_leaving_a_touchpoint_once(tmp_path: Path) -> None:
    """A self-loop is no way out, and a case leaving twice is one case: 120 cases leave the
    form (each once), 1 of them for the chat."""
    from tests.helpers import with_events

    journey = jm.loads(
        "journeymap: 1\nid: j\ntitle: J\nstages: [{id: loyalty}]\ntouchpoints:\n"
        "  - {id: form, stage: loyalty, owner: CX, entry: true, next: [hotline, chat, form]}\n"
        "  - {id: hotline, stage: loyalty, owner: CS, exit: true, next: [form]}\n"
        "  - {id: chat, stage: loyalty, owner: CS, exit: true}\n"
        "checks: {JM205: off, JM202: off, JM203: off, JM204: off}\n"
    )
    observed = with_events(
        journey,
        ["60 x form, form, hotline, form, hotline", "59 x form, hotline", "1 x form, chat"],
        tmp_path,
    )  # fmt: skip
    assert observed.observed is not None and observed.observed.leaving["form"] == 120
    (finding,) = [f for f in observed.findings if f.code == "JM402"]
    assert finding.message.startswith("Only 1 of 120 cases leaving touchpoint 'form'")


def test_a_pain_without_an_idea_reads_as_such_in_german() -> None:
    """ "hat 1 Schmerzpunkt und keine Chance" read as "has no chance"."""
    journey = jm.loads(
        "journeymap: 1\nid: j\ntitle: J\nlocale: de\nstages: [{id: s}]\ntouchpoints:\n"
        "  - {id: a, stage: s, owner: CX, pain_points: [Zu teuer]}\n"
    )
    (finding,) = [f for f in jm.check(journey) if f.code == "JM206"]
    assert "hat 1 Schmerzpunkt, aber keine Idee zur Verbesserung" in finding.message
    assert "Chance" not in finding.message


def test_every_rule_has_a_title_for_people() -> None:
    from journeymap.checks.codes import RULE_TITLES

    assert set(RULE_TITLES) == set(RULES)


def test_checking_imports_no_graph_library() -> None:
    """``journeymap check`` starts fast: the flow rules walk plain dicts, not networkx."""
    import subprocess
    import sys

    code = (
        "import sys, journeymap as jm; "
        f"jm.check(jm.read({str(ROOT / 'examples' / 'online-shop.yaml')!r})); "
        "print('networkx' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr


def test_each_hand_over_without_context_is_a_finding_of_its_own() -> None:
    """JM205's identity names the flow's target: two hand-overs from one touchpoint are two
    findings, and fixing one resolves only that one."""
    from journeymap.analysis.diff import diff

    text = (
        "journeymap: 1\nid: j\ntitle: J\nstages: [{id: s}]\ntouchpoints:\n"
        "  - {id: bot, stage: s, owner: CX, next: [chat, phone]}\n"
        "  - {id: chat, stage: s, owner: CS, channel: chat, exit: true}\n"
        "  - {id: phone, stage: s, owner: CS, channel: phone, exit: true}\n"
    )
    before = jm.loads(text)
    handovers = [f.identity for f in jm.check(before) if f.code == "JM205"]
    assert sorted(handovers) == [("JM205", "bot", "chat"), ("JM205", "bot", "phone")]
    after = jm.loads(
        text.replace("next: [chat, phone]", "next: [{to: chat, context: true}, phone]")
    )
    resolved = [c for c in diff(before, after) if c.kind == "finding-resolved"]
    assert [(c.subject, c.field) for c in resolved] == [("JM205 bot", "chat")]


def test_the_flows_are_listed_once_for_every_rule_that_walks_them(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Derived once (issue 28): the flow rules, the hand-over rules, the blueprint's
    silos and the event-log rules share one list of the journey's flows."""
    from journeymap.model.journey import Journey

    calls: list[str] = []
    listed = Journey.flows

    def counted(self: Journey) -> Any:
        calls.append(self.id)
        return listed(self)

    journey = jm.load(ROOT / "examples" / "banka-sikayet.yaml")  # a blueprint: JM207 walks too
    observed = with_events(
        journey, ["5 x " + ", ".join(tp.id for tp in journey.touchpoints[:3])], tmp_path
    )
    monkeypatch.setattr(Journey, "flows", counted)
    findings = jm.check(observed)
    assert calls == [journey.id] and findings
