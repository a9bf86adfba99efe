"""The HTML report in a real headless Chromium (Debian's chromium, driven by Playwright)."""

from __future__ import annotations

import itertools
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

import journeymap as jm
from journeymap.i18n import text
from tests.helpers import EXAMPLES, ROOT, SHOP

SCREENSHOTS = ROOT / "build" / "screenshots"


class Visit:
    """A page opened from a file, with everything it logged, requested or popped up."""

    def __init__(self, browser: Browser, path: Path) -> None:
        self.url = path.resolve().as_uri()
        self.page: Page = browser.new_page(viewport={"width": 1600, "height": 1000})
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", self._dialog)
        self.page.goto(self.url, wait_until="load")
        self.page.wait_for_timeout(300)  # give any injected timer or handler the chance to fire

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def foreign_requests(self) -> list[str]:
        return [url for url in self.requests if url != self.url]


def write_report(subject: jm.Journey | jm.Assessed, folder: Path, lang: str | None = None) -> Path:
    journey = subject if isinstance(subject, jm.Journey) else subject.journey
    path = folder / f"{journey.id}-{lang or journey.locale}.html"
    path.write_text(jm.report(subject, lang), encoding="utf-8")
    return path


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_every_example_opens_cleanly_and_shows_its_grid(
    browser: Browser, example: Path, tmp_path: Path
) -> None:
    journey = jm.load(example)
    visit = Visit(browser, write_report(journey, tmp_path))
    assert visit.errors == []
    assert visit.foreign_requests() == []
    grid = visit.page.locator("#grid")
    headers = [" ".join(h.split()) for h in grid.locator("th.stage-head").all_inner_texts()]
    assert len(headers) == len(journey.stages)
    for header, stage in zip(headers, journey.stages, strict=True):
        assert stage.label in header
    names = grid.locator(".card-name").all_inner_texts()
    assert names == [tp.label for tps in journey.touchpoints_by_stage().values() for tp in tps]
    assert grid.locator(".card .owner-badge").all_inner_texts() == [
        tp.owner for tps in journey.touchpoints_by_stage().values() for tp in tps
    ]
    assert visit.page.locator("svg.flow-diagram").count() == 1
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOTS / f"{journey.id}-grid.png"
    grid.screenshot(path=str(shot))
    assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 20_000
    visit.page.close()


def printed(visit: Visit, folder: Path) -> list[tuple[str, float]]:
    """The report printed on A3 landscape: each page's text and how far down it is filled."""
    from pypdf import PdfReader

    pdf = folder / "report.pdf"
    visit.page.pdf(path=str(pdf), format="A3", landscape=True, print_background=True)
    pages = []
    for page in PdfReader(pdf).pages:
        lowest = [float(page.mediabox.height)]

        def visit_text(
            text: str, cm: Any, tm: Any, font: Any, size: Any, lowest: list[float] = lowest
        ) -> None:
            if text.strip():
                lowest.append(tm[5] * cm[3] + cm[5])

        # NFKC undoes the ligatures Chromium sets in print ("ﬂow").
        words = unicodedata.normalize("NFKC", page.extract_text(visitor_text=visit_text))
        fill = 1 - min(lowest) / float(page.mediabox.height)
        pages.append((" ".join(words.split()), fill))
    return pages


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_printed_on_a3_summary_first_grid_and_map_on_a_page_each(
    browser: Browser, example: Path, tmp_path: Path
) -> None:
    journey = jm.load(example)
    visit = Visit(browser, write_report(journey, tmp_path))
    pages = printed(visit, tmp_path)
    texts = [text_ for text_, _ in pages]
    assert all(texts), "no page is left empty"
    # A blueprint's grid has four more lanes: it may take a second page.
    grid_pages = 2 if journey.draws_blueprint() else 1
    assert len(pages) <= 7 + grid_pages
    # Page 1: the summary, with a verdict for every stage and the top findings.
    lang = journey.locale
    assert text(lang, "Summary") in texts[0] and text(lang, "Top findings") in texts[0]
    assert text(lang, "Journey grid") not in texts[0].split(text(lang, "Summary"))[1]
    for stage in journey.stages:
        assert f"{stage.label}:" in texts[0], stage.label
    # The grid on one page (a blueprint's on two): every card, the curves' lane and the
    # opportunities under it.
    (first,) = [n for n, p in enumerate(texts) if p.startswith(text(lang, "Journey grid"))]
    grid = " ".join(texts[first : first + grid_pages])
    for tp in journey.touchpoints:
        assert tp.label.split()[0] in grid, tp.label
    assert text(lang, "Emotion curve") in grid and text(lang, "Opportunities") in grid
    # The map: its title, its last stage and its legend are on the heading's page.
    (page,) = [p for p in texts if p.startswith(text(lang, "Journey map"))]
    last_stage = journey.stages[-1].name.split()[0]
    for part in (journey.title.split()[0], last_stage, text(lang, "flow")):
        assert part in page, part
    # No page but the last is less than about a third full.
    assert all(fill > 0.3 for _, fill in pages[:-1]), [round(f, 2) for _, f in pages]
    visit.page.close()


def test_the_emotion_curves_name_their_points_in_print(browser: Browser, tmp_path: Path) -> None:
    journey = jm.load(ROOT / "examples" / "online-shop.yaml")
    visit = Visit(browser, write_report(journey, tmp_path))
    visit.page.emulate_media(media="print")
    curves = visit.page.locator(".emotion-curve .persona-curve")
    assert curves.count() == len(journey.personas)
    labels = visit.page.locator(".emotion-curve .point-label")
    assert labels.count() >= 10 and labels.first.is_visible()
    boxes = [labels.nth(i).bounding_box() for i in range(labels.count())]
    for one, two in itertools.combinations([b for b in boxes if b], 2):
        apart = (
            one["x"] + one["width"] <= two["x"] + 0.5
            or two["x"] + two["width"] <= one["x"] + 0.5
            or one["y"] + one["height"] <= two["y"] + 0.5
            or two["y"] + two["height"] <= one["y"] + 0.5
        )
        assert apart, (one, two)
    visit.page.close()


def test_the_summary_and_the_actions_read_as_written(browser: Browser, tmp_path: Path) -> None:
    journey = jm.load(ROOT / "examples" / "online-shop.yaml")
    visit = Visit(browser, write_report(journey, tmp_path))
    verdicts = visit.page.locator("#summary .verdict").all_inner_texts()
    assert len(verdicts) == len(journey.stages)
    assert verdicts[2].startswith("✓ Kauf: 2 CS-Kontaktpunkte")
    first_action = visit.page.locator("#actions tbody tr").first.inner_text()
    assert (
        "hoch" in first_action
        and "Versandkosten schon auf der Produktseite anzeigen" in first_action
    )
    groups = visit.page.locator("#findings tr.group").all_inner_texts()
    stage_names = [stage.label for stage in journey.stages]
    assert [g for g in groups if g in stage_names] == [s for s in stage_names if s in groups]
    visit.page.close()


@pytest.mark.parametrize("lang", ["de", "tr", "nl", "en"])
def test_headings_are_in_the_chosen_language(browser: Browser, lang: str, tmp_path: Path) -> None:
    visit = Visit(browser, write_report(jm.load(SHOP), tmp_path, lang))
    headings = [h.strip() for h in visit.page.locator("main h2").all_inner_texts()]
    english = [
        "Summary",
        "Journey grid",
        "Journey map",
        "Metrics",
        "CS coverage",
        "Findings",
        "Actions",
    ]
    assert headings == [text(lang, heading) for heading in english]
    assert visit.page.get_attribute("html", "lang") == lang
    visit.page.close()


def test_a_future_state_report_shows_its_changes(browser: Browser, tmp_path: Path) -> None:
    current = jm.load(ROOT / "examples" / "saas-onboarding.yaml")
    future = jm.load(ROOT / "examples" / "saas-onboarding-future.yaml")
    path = tmp_path / "future.html"
    path.write_text(jm.report(future, compare=current), encoding="utf-8")
    visit = Visit(browser, path)
    assert visit.errors == [] and visit.foreign_requests() == []
    assert visit.page.locator("#changes tbody tr").count() == 22
    assert visit.page.locator("#tp-setup-concierge .change-mark").inner_text().lower() == "new"
    assert visit.page.locator("#tp-sales-demo .change-mark").inner_text().lower() == "moved here"
    assert visit.page.locator("#tp-webinar .change-mark").count() == 0
    # The emotion curve as it was, under the new one.
    assert visit.page.locator(".emotion-curve polyline.before").count() == 1
    visit.page.close()


XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<script>window.__xss=1</script>",
    "<img src=x onerror=alert(2)>",
    '<img src=x onerror="window.__xss=1">',
    "<svg onload=alert(3)>",
    "<svg><script>alert(4)</script></svg>",
    "<body onload=alert(5)>",
    "<iframe src=javascript:alert(6)>",
    "<iframe srcdoc='<script>alert(7)</script>'>",
    "<a href=javascript:alert(8)>click</a>",
    '"><script>alert(9)</script>',
    "'><script>alert(10)</script>",
    "</title><script>alert(11)</script>",
    "</style><script>alert(12)</script>",
    "</textarea><script>alert(13)</script>",
    "<details open ontoggle=alert(14)>",
    "<input autofocus onfocus=alert(15)>",
    "<video><source onerror=alert(16)></video>",
    "<audio src=x onerror=alert(17)>",
    "<object data=javascript:alert(18)>",
    "<embed src=javascript:alert(19)>",
    "<math><mtext></mtext><mglyph><svg><mtext><style><img src=x onerror=alert(20)></style></mtext></svg></mglyph></math>",
    "<marquee onstart=alert(21)>",
    '<div style="background:url(javascript:alert(22))">',
    "<link rel=stylesheet href=http://example.invalid/x.css>",
    "<meta http-equiv=refresh content='0;url=javascript:alert(23)'>",
    "<base href=http://example.invalid/>",
    "<form action=javascript:alert(24)><button>x</button></form>",
    "<isindex action=javascript:alert(25) type=image>",
    "<table background=javascript:alert(26)>",
    "<svg><animate onbegin=alert(27) attributeName=x dur=1s>",
    "<svg><a xlink:href=javascript:alert(28)><text x=20 y=20>x</text></a></svg>",
    "<svg><use href=data:image/svg+xml,%3Csvg%20onload=alert(29)%3E>",
    "javascript:alert(30)",
    "&lt;script&gt;alert(31)&lt;/script&gt;",
    "&#60;script&#62;alert(32)&#60;/script&#62;",
    "%3Cscript%3Ealert(33)%3C/script%3E",
    "\\u003cscript\\u003ealert(34)\\u003c/script\\u003e",
    "{{7*7}} {% raw %}alert(35){% endraw %}",
    "${alert(36)}",
    "<!--<script>alert(37)</script>-->",
    "<![CDATA[<script>alert(38)</script>]]>",
    '<?xml version="1.0"?><script>alert(39)</script>',
    '" onmouseover="alert(40)',
    "' onmouseover='alert(41)",
    '" autofocus onfocus="alert(42)',
    '<noscript><p title="</noscript><img src=x onerror=alert(43)>">',
    "<template><script>alert(44)</script></template>",
    "<select><option><img src=x onerror=alert(45)></option></select>",
    "<keygen autofocus onfocus=alert(46)>",
    "<style>@import 'http://example.invalid/x.css';</style>",
    "<x contenteditable onblur=alert(47)>x",
    "<a id=x tabindex=1 onfocus=alert(48)></a>",
    "<svg><foreignObject><iframe src=javascript:alert(49)></iframe></foreignObject></svg>",
    '"];alert(50);//',
    '\\"}]; evil [label="x',
    "<scr<script>ipt>alert(51)</scr</script>ipt>",
    '<IMG SRC="jav&#x09;ascript:alert(52);">',
    "<img src=`javascript:alert(53)`>",
    "<<SCRIPT>alert(54);//<</SCRIPT>",
]


def hostile_journey() -> jm.Journey:
    payloads = XSS_PAYLOADS
    stages = [
        jm.Stage(id=f"s{i}", name=p, customer_goal=p, phase=phase)
        for i, (p, phase) in enumerate(
            zip(
                payloads[:5],
                ("awareness", "consideration", "purchase", "loyalty", "advocacy"),
                strict=True,
            )
        )
    ]
    touchpoints = []
    for i, payload in enumerate(payloads):
        touchpoints.append(
            jm.Touchpoint(
                id=f"tp{i}",
                name=payload,
                stage=f"s{i % 5}",
                owner="CS" if i % 3 == 0 else "CX",
                team=payload,
                channel="chat" if i % 2 else "web",
                emotion=(i % 5) - 2,
                pain_points=[payload],
                opportunities=[payload],
                metrics={"csat": {"value": 70, "target": 80, "n": 40}},
                next=[{"to": f"tp{i + 1}", "label": payload}] if i + 1 < len(payloads) else [],
            )
        )
    return jm.Journey(
        id="xss",
        title=payloads[0],
        description=payloads[1],
        personas=[
            jm.Persona(id=f"p{i}", name=p, description=p) for i, p in enumerate(payloads[:10])
        ],
        stages=stages,
        touchpoints=touchpoints,
    )


def test_at_least_fifty_payloads() -> None:
    assert len(XSS_PAYLOADS) >= 50 and len(set(XSS_PAYLOADS)) == len(XSS_PAYLOADS)


def test_no_payload_runs_or_injects_anything(browser: Browser, tmp_path: Path) -> None:
    journey = hostile_journey()
    visit = Visit(browser, write_report(journey, tmp_path, "en"))
    assert visit.dialogs == []
    assert visit.foreign_requests() == []
    injected = visit.page.evaluate(
        """() => {
        const found = [];
        for (const el of document.querySelectorAll('*')) {
            const tag = el.tagName.toLowerCase();
            if (['script', 'iframe', 'img', 'object', 'embed', 'video', 'audio', 'form', 'input', 'base',
                 'link', 'marquee', 'details', 'select', 'template', 'noscript', 'math', 'foreignobject',
                 'keygen', 'isindex', 'x', 'animate', 'use', 'body'].includes(tag) && !(tag === 'body' && el === document.body)) {
                found.push(tag);
            }
            for (const attribute of el.attributes) {
                const name = attribute.name.toLowerCase();
                const loads = ['href', 'xlink:href', 'src', 'srcdoc', 'action', 'formaction', 'data', 'background', 'poster'];
                if (name.startsWith('on')) found.push(tag + '@' + name);
                // Text such as a tooltip may say "javascript:"; only attributes that load or navigate matter.
                if (loads.includes(name) && attribute.value.toLowerCase().includes('javascript:')) found.push(tag + '@' + name);
            }
        }
        if (document.querySelectorAll('meta[http-equiv="refresh"]').length) found.push('meta refresh');
        if (window.__xss) found.push('window.__xss');
        return found;
    }"""
    )
    assert injected == []
    # Escaped, not stripped: every payload is on the page as the text it is.
    page_text = visit.page.evaluate("() => document.body.textContent")
    missing = [p for p in XSS_PAYLOADS if p not in page_text]
    assert missing == []
    assert sorted(visit.page.locator("#grid .card-name").all_inner_texts()) == sorted(XSS_PAYLOADS)
    visit.page.close()


def big_grid(per_stage: int) -> jm.Journey:
    """6 stages × ``per_stage`` touchpoints, each card with a two-line name, a channel, an
    emotion and two badges; the third of each stage with a pain point and an opportunity."""
    import yaml

    stages = ["awareness", "consideration", "purchase", "onboarding", "loyalty", "advocacy"]
    touchpoints = [
        {
            "id": f"{stage}-{i}",
            "name": f"A touchpoint with a longer name number {i} in {stage}",
            "stage": stage,
            "owner": "CS" if i % 2 else "CX",
            "channel": ["web", "phone", "chat", "email", "app"][i % 5],
            "emotion": (i % 5) - 2,
            "pain_points": [f"Something hurts at step {i}"] if i == 2 else [],
            "opportunities": [f"Make step {i} easier"] if i == 2 else [],
            "metrics": {"csat": {"value": 70 + i, "target": 72}, "frt": "5m"},
        }
        for stage in stages
        for i in range(per_stage)
    ]
    return jm.loads(
        yaml.safe_dump(
            {
                "journeymap": 1,
                "id": "big",
                "title": "Six stages, many touchpoints",
                "personas": [{"id": "a", "name": "Ana"}, {"id": "b", "name": "Bo"}],
                "stages": [{"id": s, "name": s.title()} for s in stages],
                "touchpoints": touchpoints,
            }
        )
    )


def test_a_grid_of_six_stages_and_thirty_touchpoints_prints_on_one_page(
    browser: Browser, tmp_path: Path
) -> None:
    """The largest grid the print layout promises: 6 stages × 5 touchpoints."""
    journey = big_grid(5)
    visit = Visit(browser, write_report(journey, tmp_path))
    pages = [text_ for text_, _ in printed(visit, tmp_path)]
    (grid,) = [p for p in pages if p.startswith("Journey grid")]
    assert "Opportunities" in grid and "Make step 2 easier" in grid
    for tp in journey.touchpoints:  # every card on the grid's page
        assert tp.label in grid, tp.label
    visit.page.close()


def test_a_grid_too_tall_for_a_page_takes_two_whole_rows_along(
    browser: Browser, tmp_path: Path
) -> None:
    """6 stages × 9 touchpoints run over a page: no row is cut in two, and the page after
    holds more than the grid's last row (the opportunities)."""
    visit = Visit(browser, write_report(big_grid(9), tmp_path))
    pages = [text_ for text_, _ in printed(visit, tmp_path)]
    start = next(i for i, page in enumerate(pages) if page.startswith("Journey grid"))
    grid, rest = pages[start], pages[start + 1]
    assert "Something hurts" not in grid  # the pain points' row is whole on the next page
    assert "Pain points" in rest and rest.count("Something hurts at step 2") == 6
    assert "Opportunities" in rest and rest.count("Make step 2 easier") == 6
    visit.page.close()


def test_what_customers_did_prints_on_one_page(browser: Browser, tmp_path: Path) -> None:
    """The Dutch example measured against its real event log: the section starts a page
    and keeps every list on it, no heading left at a page's foot."""
    journey = jm.load(ROOT / "examples" / "vergunning-ontvangst.yaml")
    log = ROOT / "examples" / "data" / "vergunning-ontvangst-events.parquet"
    assessed = jm.assess(journey, observed=jm.paths(journey, str(log)))
    visit = Visit(browser, write_report(assessed, tmp_path))
    assert visit.errors == [] and visit.foreign_requests() == []
    pages = [page for page, _ in printed(visit, tmp_path)]
    (section,) = [page for page in pages if page.startswith("Wat klanten deden")]
    assert pages[pages.index(section) + 1].startswith("Metrieken")  # no list runs over
    for heading in (
        "Zaken per bereikte fase",
        "Vaakst genomen paden",
        "Genomen stappen die geen stroom ontwerpt",
        "Ontworpen stappen die geen zaak nam",
        "Waar zaken stoppen voordat de klantreis eindigt",
        "Waar zaken terugkomen",
    ):
        assert heading in section, heading
    assert "Ontvangst vaststellen 4 / 1.303" in section  # the last row of the last list
    visit.page.close()
