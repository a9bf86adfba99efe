"""The HTML report: content, determinism, templates, escaping (browser tests in test_report_browser)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jinja2
import pytest

import journeymap as jm
from journeymap.errors import ConfigError
from journeymap.renderers.html import environment, inline_svg, report
from tests.helpers import FIXTURES, SHOP


def test_report_is_deterministic_and_self_contained() -> None:
    journey = jm.load(SHOP)
    html = report(journey)
    assert html == report(journey)
    assert "<script" not in html.lower()
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    # No resource is loaded from anywhere: the only URLs are XML namespaces of the SVG.
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", html)
    assert set(re.findall(r"https?://[^\s\"'<>]+", html)) <= {
        "http://www.w3.org/2000/svg",
        "http://www.w3.org/1999/xlink",
    }


def test_report_shows_every_section() -> None:
    html = report(jm.load(SHOP), "en")
    for anchor in ("grid", "diagram", "metrics", "coverage", "findings"):
        assert f'id="{anchor}"' in html
    assert 'class="flow-diagram"' in html and "<?xml" not in html
    assert html.count('class="stage-head"') == 5
    assert 'class="emotion-curve"' in html and "<polyline" in html
    assert "JM302" in html
    assert "Anna, 34" in html  # persona


def test_language_defaults_to_the_journey_locale_and_can_be_chosen() -> None:
    journey = jm.load(SHOP)  # German
    assert '<html lang="de">' in report(journey) and "Raster der Kundenreise" in report(journey)
    assert "Journey grid" in report(journey, "en")
    with pytest.raises(ConfigError, match="no interface text"):
        report(journey, "fr")


def test_timestamp_only_when_asked() -> None:
    journey = jm.load(SHOP)
    assert "Erstellt am" not in report(journey)
    assert "Erstellt am 2026-01-01 10:00 UTC" in report(journey, timestamp="2026-01-01 10:00 UTC")


def test_user_templates_override_the_built_in_ones(tmp_path: Path) -> None:
    (tmp_path / "_findings.html.j2").write_text(
        "<p id='custom'>{{ findings | length }} findings</p>\n", encoding="utf-8"
    )
    html = report(jm.load(SHOP), templates=tmp_path)
    assert "<p id='custom'>5 findings</p>" in html and 'id="grid"' in html
    with pytest.raises(ConfigError, match="no such templates folder"):
        report(jm.load(SHOP), templates=tmp_path / "missing")
    (tmp_path / "_findings.html.j2").write_text("{% if %}", encoding="utf-8")
    with pytest.raises(ConfigError, match="template error"):
        report(jm.load(SHOP), templates=tmp_path)
    # A message whose placeholder gets no value is a template error too, not a crash.
    (tmp_path / "_findings.html.j2").write_text(
        '{{ ngettext("%(who)s came", "%(who)s came", 2) }}', encoding="utf-8"
    )
    with pytest.raises(ConfigError, match="no value for 'who'"):
        report(jm.load(SHOP), templates=tmp_path)


@pytest.mark.parametrize("when", ["before drawing", "while drawing"])
def test_a_diagram_that_cannot_be_drawn_is_explained(
    monkeypatch: pytest.MonkeyPatch, when: str
) -> None:
    from journeymap.renderers import html

    def fail(*args: object, **kwargs: object) -> bytes:
        raise html.RenderError("no engine here")

    def start(*args: object, **kwargs: object) -> object:
        return fail() if when == "before drawing" else fail

    monkeypatch.setattr(html, "render_started", start)
    html = report(jm.load(SHOP), "en")
    assert "The diagram could not be drawn: no engine here" in html


def test_the_page_is_written_while_graphviz_draws_the_map(monkeypatch: pytest.MonkeyPatch) -> None:
    """The template does not wait for the drawing: a mark stands where the map goes, and
    the drawing replaces it (every mark, none left)."""
    from journeymap.renderers import html

    order: list[str] = []
    started, written = html.render_started, html.render_page

    def start(*args: Any, **kwargs: Any) -> object:
        finish = started(*args, **kwargs)

        def drawn() -> bytes:
            order.append("drawn")
            return finish()

        return drawn

    def write(*args: Any, **kwargs: Any) -> str:
        order.append("written")
        return written(*args, **kwargs)

    monkeypatch.setattr(html, "render_started", start)
    monkeypatch.setattr(html, "render_page", write)
    page = report(jm.load(SHOP), "en", timestamp="2026-12-07")
    assert order == ["written", "drawn"]
    assert page.count("<svg") >= 1 and "the journey map" not in page
    monkeypatch.undo()
    assert report(jm.load(SHOP), "en", timestamp="2026-12-07") == page  # as before


def test_the_cycle_collector_is_paused_while_a_report_is_written(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A report makes hundreds of thousands of strings and no cycles: the collector's passes
    over them took a third of a 5,000-touchpoint report's template."""
    import gc

    from journeymap.renderers import html

    seen: list[bool] = []
    written = html.render_page

    def write(*args: Any, **kwargs: Any) -> str:
        seen.append(gc.isenabled())
        return written(*args, **kwargs)

    monkeypatch.setattr(html, "render_page", write)
    report(jm.load(SHOP))
    assert seen == [False] and gc.isenabled()


def test_user_text_is_escaped() -> None:
    journey = jm.load(FIXTURES / "rules" / "clean.yaml")
    journey.title = '<b>bold</b> & "quoted"'
    journey.touchpoints[0].pain_points = ["<img src=x onerror=alert(1)>"]
    html = report(journey)
    assert "<b>bold</b>" not in html and "&lt;b&gt;bold&lt;/b&gt; &amp; &#34;quoted&#34;" in html
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_inline_svg_drops_the_prologue_and_fixed_size() -> None:
    svg = '<?xml version="1.0"?>\n<!DOCTYPE svg>\n<!-- x -->\n<svg width="10pt" height="5pt" viewBox="0 0 10 5"><g/></svg>'
    assert inline_svg(svg) == '<svg role="img" class="flow-diagram" viewBox="0 0 10 5"><g/></svg>'
    inner = (
        '<svg\n height="5pt" viewBox="0 0 10 5" width="10pt">\n<rect width="3" height="4"/></svg>'
    )
    assert inline_svg(inner) == (
        '<svg role="img" class="flow-diagram"\n viewBox="0 0 10 5">\n<rect width="3" height="4"/></svg>'
    )


def test_a_template_reads_a_dicts_items_and_methods_as_jinja2_does() -> None:
    """Templates read the context's dicts item first (faster); a dict's own methods
    stay methods, a missing item stays an error that names it."""
    pages = environment()
    row = {"name": "Kasse", "items": ["a", "b"], "get": "shadowed"}
    shown = pages.from_string("{{ row.name }} {{ row.get('name') }} {{ row['items'] }}")
    assert shown.render(row=row) == "Kasse Kasse [&#39;a&#39;, &#39;b&#39;]"
    assert pages.from_string("{{ row.items() | list | length }}").render(row=row) == "3"
    with pytest.raises(jinja2.UndefinedError, match="'dict object' has no attribute 'owner'"):
        pages.from_string("{{ row.owner }}").render(row=row)


def test_compare_lists_the_changes_and_marks_the_cards() -> None:
    examples = SHOP.parent
    current = jm.load(examples / "saas-onboarding.yaml")
    future = jm.load(examples / "saas-onboarding-future.yaml")
    html = report(future, "de", compare=current)
    assert 'id="changes"' in html and "Änderungen gegenüber dem Ist-Zustand" in html
    assert "Verglichen mit „Acme Analytics – from first ad to advocate“" in html
    assert html.count('class="change change-') == 22
    for card, mark in [
        ("setup-concierge", "added"),
        ("sales-demo", "moved"),
        ("pricing-page", "changed"),
    ]:
        assert re.search(rf'class="card [^"]*mark-{mark}" id="tp-{card}"', html), card
    assert re.search(r'class="card owner-cx" id="tp-webinar"', html)  # unchanged: no mark
    assert "Kontaktpunkt entfernt" in html and "Help center articles" in html
    assert 'id="changes"' not in report(future, "de")


def test_compare_names_the_metric_whose_finding_was_resolved() -> None:
    from journeymap.renderers.html import comparison_context

    text = """
journeymap: 1
id: energie
title: Energie
stages: [{id: klant, name: Klant, phase: loyalty}]
touchpoints:
  - id: jaarnota
    name: Jaarnota
    stage: klant
    owner: CS
    channel: email
    metrics: {csat: {value: CSAT, target: 80, n: 100}, nps: {value: NPS, target: 30, n: 100}}
"""
    before = jm.loads(text.replace("CSAT", "70").replace("NPS", "10"))
    after = jm.loads(text.replace("CSAT", "85").replace("NPS", "-2"))
    rows = comparison_context(jm.assess(before), jm.assess(after), "nl")["rows"]
    resolved = [(r["subject"], r["field"]) for r in rows if r["kind"] == "finding-resolved"]
    assert resolved == [("JM302 Jaarnota", "CSAT")]


def test_compare_with_itself_says_nothing_changes() -> None:
    journey = jm.load(SHOP)
    html = report(journey, "nl", compare=journey)
    assert "Er verandert niets ten opzichte van de vergeleken reis." in html
    assert " mark-" not in html and "change-mark" not in html.split("</style>")[1]


def test_met_and_missed_targets_are_shown_as_what_they_are() -> None:
    journey = jm.loads(
        """
journeymap: 1
id: targets
title: Targets
stages: [{id: purchase}]
touchpoints:
  - id: shop
    stage: purchase
    owner: CX
    metrics: {csat: {value: 90, target: 80}, nps: {value: 10, target: 30}, ces: 3}
"""
    )
    html = report(journey, "en")
    assert '<span class="badge status-met">CSAT 90% <span aria-label="target met">✓</span>' in html
    assert (
        '<span class="badge status-missed">NPS 10 <span aria-label="target missed">✗</span>' in html
    )
    assert '<span class="badge status-none">CES 3.0</span>' in html
    rows = re.findall(
        r'<tr><th scope="row">shop</th>.*?<td>(\w+)</td>.*?<td class="status status-(\w+)">(.*?)</td>',
        html,
    )
    assert rows == [
        ("CSAT", "met", "✓ target met"),
        ("NPS", "missed", "✗ target missed"),
        ("CES", "none", "– no target"),
    ]


TEAMS_AND_CHANNELS = """
journeymap: 1
id: claims
title: Claims
locale: nl
channels: [{id: whatsapp, name: WhatsApp}]
stages: [{id: aankoop}]
touchpoints:
  - {id: form, stage: aankoop, owner: CX, channel: web, next: [{to: line1, context: true}]}
  - {id: line1, stage: aankoop, owner: CS, team: Eerste lijn, channel: telefoon, next: [line2]}
  - {id: line2, stage: aankoop, owner: CS, team: Tweede lijn, channel: WhatsApp}
"""


def test_cs_cards_and_the_coverage_table_name_teams_and_channels_by_name() -> None:
    html = report(jm.loads(TEAMS_AND_CHANNELS))
    assert '<span class="team">Eerste lijn ·</span>' in html  # on the grid's CS cards
    assert '<span class="channel">WhatsApp</span>' in html  # a declared channel by its name
    assert "<td>Eerste lijn, Tweede lijn</td>" in html  # the coverage table's teams
    assert "<td>Telefoon, WhatsApp</td>" in html  # its channels, by name, counted once each
    assert ">whatsapp<" not in html and ">phone<" not in html


def test_the_header_counts_stages_in_the_plural() -> None:
    html = report(jm.loads(TEAMS_AND_CHANNELS), "de")
    assert "<dt>Phasen</dt><dd>1</dd>" in html


def test_findings_show_a_rule_by_its_title_not_its_slug() -> None:
    html = report(jm.loads(TEAMS_AND_CHANNELS), "nl")
    assert '<span class="rule-name">Overdracht zonder context</span>' in html
    assert ">handoff-without-context<" not in html  # the slug stays in JSON and SARIF
    assert 'title="handoff-without-context' in html  # and in the code's tooltip


def grid_of(html: str) -> str:
    return html[
        html.index('<section id="grid"') : html.index("</section>", html.index('id="grid"'))
    ]


def test_a_blueprint_shows_its_layers_between_the_named_lines_in_the_grid() -> None:
    from journeymap.app.starter import starter_journey

    grid = grid_of(report(jm.Journey.model_validate(starter_journey("nl", "blueprint"))))
    order = [
        "Fysiek bewijs",
        "Klantacties",
        "Interactielijn",
        'class="lane-touchpoints"',
        "Zichtbaarheidslijn",
        "Achter de schermen",
        "Lijn van interne interactie",
        "Ondersteunende systemen",
        'class="lane-channels"',
    ]
    assert [grid.index(part) for part in order] == sorted(grid.index(part) for part in order)
    assert grid.count('class="blueprint-line"') == 3
    assert "wacht hoogstens 3 dagen" in grid  # a backstage step's team and wait
    assert "‘Heb ik alles bijgevoegd?’" in grid  # a thought, in Dutch quotation marks
    intake = grid[grid.index('id="tp-claim-form"') :]
    assert '<span class="team">Team Intake ·</span>' in intake[: intake.index("</li>")]


def test_a_journey_without_a_blueprint_keeps_its_grid() -> None:
    grid = grid_of(report(jm.load(SHOP)))
    assert "blueprint-line" not in grid and "lane-layer" not in grid
    assert grid.count('class="lane-touchpoints"') == 1
