"""``serve --edit``: the board over HTTP (token, hosts, events) and in two real browsers."""

from __future__ import annotations

import http.client
import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

import journeymap as jm
from journeymap.app.board_server import BoardServer, PortfolioBoardServer
from tests.helpers import ROOT, service_journey

#: A Dutch service journey: the workshop the board is tried on.
JOURNEY = ROOT / "examples" / "omgevingsvergunning.yaml"


@pytest.fixture
def journey(tmp_path: Path) -> Path:
    copy = tmp_path / "vergunning.yaml"
    shutil.copy(JOURNEY, copy)
    return copy


@pytest.fixture
def server(journey: Path) -> Iterator[BoardServer]:
    running = BoardServer(str(journey), port=0)
    running.start()
    yield running
    running.close()


def request(
    server: BoardServer | PortfolioBoardServer,
    method: str,
    path: str,
    body: Any = None,
    *,
    token: bool = False,
    host: str | None = None,
) -> tuple[int, Any, dict[str, str]]:
    port = server.access.port
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Host": host or f"127.0.0.1:{port}", "Content-Type": "application/json"}
    if token:
        headers["X-Journeymap-Token"] = server.access.token
    try:
        connection.request(method, path, json.dumps(body) if body is not None else None, headers)
        response = connection.getresponse()
        payload = response.read().decode("utf-8")
        content = (
            json.loads(payload) if "json" in (response.getheader("Content-Type") or "") else payload
        )
        return response.status, content, dict(response.getheaders())
    finally:
        connection.close()


def test_the_api_reads_and_edits_with_the_token(server: BoardServer, journey: Path) -> None:
    status, data, _ = request(server, "GET", "/api/journey")
    assert status == 200 and data["version"] == 1 and data["journey"]["id"] == "omgevingsvergunning"
    assert data["labels"]["channels"]["phone"] == "Telefoon" and data["findings"]
    edit = {
        "version": 1,
        "ops": [{"op": "set", "path": "stages/besluit/name", "value": "Het besluit"}],
    }
    assert request(server, "POST", "/api/edit", edit)[0] == 403  # no token: nothing written
    assert "Het besluit" not in journey.read_text(encoding="utf-8")
    status, answer, _ = request(server, "POST", "/api/edit", edit, token=True)
    assert (status, answer) == (200, {"version": 2})
    assert "    name: Het besluit\n" in journey.read_text(encoding="utf-8")
    status, answer, _ = request(
        server,
        "POST",
        "/api/edit",
        edit | {"ops": [{"op": "set", "path": "stages/besluit/name", "value": "X"}]},
        token=True,
    )
    assert (status, answer) == (409, {"version": 2})


def test_only_this_host_and_known_paths_answer(server: BoardServer) -> None:
    port = server.access.port
    assert request(server, "GET", "/", host=f"localhost:{port}")[0] == 200
    assert request(server, "GET", "/", host=f"attacker.example:{port}")[0] == 403
    for path in ("/../vergunning.yaml", "/vergunning.yaml", "/api/", "/templates/board.js"):
        assert request(server, "GET", path)[0] == 404, path
    _status, page, headers = request(server, "GET", "/")
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "'unsafe-inline'" not in headers["content-security-policy"] and "<script>" not in page
    assert request(server, "GET", "/board.js")[0] == 200
    assert 'lang="nl"' in request(server, "GET", "/present")[1]


def test_every_change_is_announced_as_an_event(server: BoardServer, journey: Path) -> None:
    port = server.access.port
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", "/api/events", headers={"Host": f"127.0.0.1:{port}"})
    stream = connection.getresponse()
    assert stream.readline() == b"event: version\n" and stream.readline() == b"data: 1\n"
    stream.readline()
    text = journey.read_text(encoding="utf-8")
    journey.write_text(text.replace("Oriënteren", "Oriëntatie"), encoding="utf-8")  # an editor
    assert stream.readline() == b"event: version\n" and stream.readline() == b"data: 2\n"
    connection.close()


def test_off_the_loopback_every_request_needs_the_token(journey: Path) -> None:
    running = BoardServer(str(journey), port=0, host="0.0.0.0")
    running.start()
    try:
        port = running.access.port
        host = f"0.0.0.0:{port}"
        assert request(running, "GET", "/api/journey", host=host)[0] == 403
        status, _, headers = request(running, "GET", f"/?token={running.access.token}", host=host)
        assert status == 200 and "journeymap_token=" in headers["set-cookie"]
        assert running.url.endswith(f"/?token={running.access.token}")
    finally:
        running.close()


@pytest.fixture
def contexts(browser: Browser) -> Iterator[list[BrowserContext]]:
    """Each participant's browser context (their own cookies and storage), closed after."""
    opened: list[BrowserContext] = []
    yield opened
    for context in opened:
        context.close()


def eventually(page: Page, holds: Callable[[], bool]) -> bool:
    """Whether ``holds`` comes true within five seconds (a board's edit on its way to the
    file)."""
    for _ in range(100):
        if holds():
            return True
        page.wait_for_timeout(50)
    return holds()


def open_board(browser: Browser, server: BoardServer, contexts: list[BrowserContext]) -> Page:
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    contexts.append(context)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(server.url)
    page.wait_for_selector(".card")
    page.errors = errors  # type: ignore[attr-defined]
    return page


def test_two_boards_edit_at_once(
    browser: Browser, server: BoardServer, journey: Path, contexts: list[BrowserContext]
) -> None:
    anna, bram = open_board(browser, server, contexts), open_board(browser, server, contexts)
    # Anna renames a card; Bram sees it within a second.
    name = anna.locator("[data-id=gemeentesite] .card-name")
    name.click()
    name.press("Control+A")
    name.type("Gemeentesite lezen")
    name.press("Enter")
    expect(bram.locator("[data-id=gemeentesite] .card-name")).to_have_text("Gemeentesite lezen")
    # Bram drags it into the next stage; Anna sees it there.
    bram.locator("[data-id=gemeentesite] .channel").drag_to(  # grabbed where no field is
        bram.locator("td[data-stage=aanvragen][data-owner=CX]"),
        target_position={"x": 30, "y": 12},
    )
    expect(anna.locator("td[data-stage=aanvragen] [data-id=gemeentesite]")).to_have_count(1)
    # Anna adds a pain point; Bram removes it.
    anna.locator("[data-id=gemeentesite]").hover()  # its fields to add to show
    anna.locator("[data-id=gemeentesite] .items-pain_points .adder").fill("Te veel tekst")
    anna.locator("[data-id=gemeentesite] .items-pain_points .adder").press("Enter")
    item = bram.locator("[data-id=gemeentesite] .items-pain_points li")
    expect(item).to_have_count(1)
    item.locator(".remove").click()
    expect(anna.locator("[data-id=gemeentesite] .items-pain_points li")).to_have_count(0)
    # A card is added from the board, in the right stage and lane.
    bram.locator("td[data-stage=bouwen][data-owner=CS] > .adder").fill("Vraag over de start")
    bram.locator("td[data-stage=bouwen][data-owner=CS] > .adder").press("Enter")
    expect(
        anna.locator("td[data-stage=bouwen][data-owner=CS] [data-id=vraag-over-de-start]")
    ).to_have_count(1)
    text = journey.read_text(encoding="utf-8")
    assert "name: Gemeentesite lezen" in text and "Te veel tekst" not in text
    assert "# A service journey with its blueprint" in text  # comments stay
    assert anna.errors == bram.errors == []  # type: ignore[attr-defined]


def test_a_stale_edit_shows_the_newer_value(
    browser: Browser, server: BoardServer, contexts: list[BrowserContext]
) -> None:
    anna, bram = open_board(browser, server, contexts), open_board(browser, server, contexts)
    # Bram is typing a new name when Anna's name for the same card arrives.
    name = bram.locator("[data-id=gemeentesite] .card-name")
    name.click()
    name.press("Control+A")
    name.type("Later")
    server.board.edit(1, [{"op": "set", "path": "touchpoints/gemeentesite/name", "value": "Eerst"}])
    expect(anna.locator("[data-id=gemeentesite] .card-name")).to_have_text("Eerst")
    name.press("Enter")  # his edit names version 1: refused, and he sees hers
    expect(bram.locator("#notice")).to_contain_text("Iemand heeft dit intussen gewijzigd")
    expect(bram.locator("[data-id=gemeentesite] .card-name")).to_have_text("Eerst")
    expect(anna.locator("[data-id=gemeentesite] .card-name")).to_have_text("Eerst")


def test_a_broken_file_on_disk_reaches_the_boards_and_its_fix_too(
    browser: Browser, server: BoardServer, journey: Path, contexts: list[BrowserContext]
) -> None:
    anna = open_board(browser, server, contexts)
    good = journey.read_text(encoding="utf-8")
    journey.write_text(good.replace("owner: CS", "owner: XX", 1), encoding="utf-8")
    expect(anna.locator("#notice")).to_contain_text("Het bestand is niet te lezen")
    journey.write_text(good.replace("Oriënteren", "Vooraf"), encoding="utf-8")
    expect(anna.locator("th.stage").first).to_contain_text("Vooraf")


def test_present_shows_one_stage_per_screen_in_large_type(
    browser: Browser, server: BoardServer
) -> None:
    page = browser.new_context(viewport={"width": 1920, "height": 1080}).new_page()
    page.goto(server.url.replace("/?", "/present?"))
    expect(page.locator(".slide-title")).to_have_text("Oriënteren")
    page.keyboard.press("ArrowRight")
    expect(page.locator(".slide-title")).to_have_text("Aanvragen")
    expect(page.locator(".slide-number")).to_have_text("Fase 2 van 5")
    sizes = page.evaluate(
        "Array.from(document.querySelectorAll('.slide *')).filter(e => e.childNodes.length"
        " && Array.from(e.childNodes).some(n => n.nodeType === 3 && n.textContent.trim()))"
        ".map(e => parseFloat(getComputedStyle(e).fontSize))"
    )
    assert sizes and min(sizes) >= 28
    # Every point of the curve is named right under it, as the stage's cards are.
    names = page.locator(".slide-point")
    cards = page.locator(".slide-card strong").all_inner_texts()
    assert names.count() == 3 and set(names.all_inner_texts()) <= set(cards)
    for name in names.all():
        point = page.locator(f".curve-point[data-point='{name.get_attribute('data-point')}']")
        dot, label = point.bounding_box(), name.bounding_box()
        assert dot is not None and label is not None and dot["y"] < label["y"]
        middle = label["x"] + label["width"] / 2
        assert abs(dot["x"] + dot["width"] / 2 - middle) < 2


def test_present_draws_each_persona_s_curve_along_its_own_path_as_the_map_does(
    browser: Browser, tmp_path: Path
) -> None:
    """Telecom's stage 3: Ayşe goes online, İsmail to the shop and the support line; one
    line through all five points would say neither's journey."""
    path = tmp_path / "telecom.yaml"
    shutil.copy(ROOT / "examples" / "telecom-contract.yaml", path)
    running = BoardServer(str(path), port=0)
    running.start()
    try:
        page = browser.new_context(viewport={"width": 1920, "height": 1080}).new_page()
        page.goto(running.url.replace("/?", "/present?"))
        expect(page.locator(".slide-title")).to_have_text("Farkındalık")
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        expect(page.locator(".slide-number")).to_have_text("Aşama 3 / 6")
        lines = page.locator(".curve-line")
        expect(lines).to_have_count(2)
        ayse, ismail = "Ayşe, 29, yazılım geliştirici", "İsmail, 54, esnaf"
        assert lines.evaluate_all("ls => ls.map(l => l.dataset.curve)") == [ayse, ismail]
        counts = lines.evaluate_all("ls => ls.map(l => l.getAttribute('points').split(' ').length)")
        assert counts == [3, 4]  # online, porting, SIM; shop, porting, SIM, support line
        pens = lines.evaluate_all(
            "ls => ls.map(l => [getComputedStyle(l).stroke, getComputedStyle(l).strokeDasharray])"
        )
        assert pens[0] != pens[1]
        expect(page.locator(".curve-key")).to_have_text([ayse, ismail])
        # WhatsApp support is on neither's path: its point stands alone, grey.
        expect(page.locator(".curve-point.off-path")).to_have_count(1)
        sizes = page.locator(".curve-key").evaluate_all(
            "ks => ks.map(k => parseFloat(getComputedStyle(k).fontSize))"
        )
        assert min(sizes) >= 28
    finally:
        running.close()


def test_present_numbers_the_points_where_their_names_would_break_inside_words(
    browser: Browser, tmp_path: Path
) -> None:
    """Ten points of long German compounds: no name breaks inside a word ("Bestätigu-
    ngs"); each point gets a number instead, and its card the same number."""
    touchpoints = [
        jm.Touchpoint(
            id=f"mail-{n}",
            name=f"Bestätigungs-E-Mail mit Rechnungsdetails {n}",
            stage="kauf",
            owner="CS" if n % 3 == 0 else "CX",
            emotion=n % 5 - 2,
        )
        for n in range(10)
    ]
    journey = jm.Journey(
        id="dicht", title="Dicht", locale="de", stages=[jm.Stage(id="kauf", name="Kauf")],
        touchpoints=touchpoints,
    )  # fmt: skip
    path = tmp_path / "dicht.yaml"
    path.write_text(jm.dumps(journey), encoding="utf-8")
    running = BoardServer(str(path), port=0)
    running.start()
    try:
        page = browser.new_context(viewport={"width": 1920, "height": 1080}).new_page()
        page.goto(running.url.replace("/?", "/present?"))
        expect(page.locator(".slide-point").first).to_have_text("1")
        numbers = page.locator(".slide-point").all_inner_texts()
        assert numbers == [str(n) for n in range(1, 11)]
        for n, touchpoint in enumerate(touchpoints, 1):
            card = page.locator(f".slide-card[data-point='{touchpoint.id}']")
            expect(card.locator(".slide-card-number")).to_have_text(str(n))
            expect(card.locator("strong")).to_have_text(touchpoint.name or "")
        # Ten cards in rows as wide as the screen: the stage fits the projector's screen.
        assert page.evaluate("document.documentElement.scrollHeight") <= 1080
    finally:
        running.close()


def test_an_empty_customer_service_cell_says_what_the_stage_lacks_until_a_card_comes(
    browser: Browser, tmp_path: Path, contexts: list[BrowserContext]
) -> None:
    path = tmp_path / "gaps.yaml"
    path.write_text(jm.dumps(service_journey()), encoding="utf-8")
    running = BoardServer(str(path), port=0)
    running.start()
    try:
        page = open_board(browser, running, contexts)
        cell = page.locator("td[data-stage=buy][data-owner=CS]")
        expect(cell.locator(".cs-gap-gap")).to_have_text(
            "Geen klantenservice, waar klanten die nodig hebben"
        )
        # Other stages do not need it, and the journey has a chat: nothing said there.
        expect(page.locator("td[data-stage=aware][data-owner=CS] .cs-gap")).to_have_count(0)
        # A stage without a goal still shows where to click to write one ("Doel: …").
        box = page.locator(".goal-text").first.bounding_box()
        assert box is not None and box["width"] > 10
        cell.locator("> .adder").fill("Kassa-chat")
        cell.locator("> .adder").press("Enter")
        expect(cell.locator("[data-id=kassa-chat]")).to_have_count(1)
        expect(cell.locator(".cs-gap")).to_have_count(0)
        slides = browser.new_context(viewport={"width": 1920, "height": 1080}).new_page()
        slides.goto(running.url.replace("/?", "/present?"))
        expect(slides.locator(".slide-title")).to_have_text("aware")
        expect(slides.locator(".cs-gap-none")).to_have_text("Geen klantenservice")
        size = slides.locator(".cs-gap").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
        assert size >= 28
        # A journey without any customer service (saved on disk): every empty CS cell says
        # so, grey where customers do not need it, as the map's lane does.
        alone = service_journey()
        alone.touchpoints = [tp for tp in alone.touchpoints if tp.owner != "CS"]
        path.write_text(jm.dumps(alone), encoding="utf-8")
        aware = page.locator("td[data-stage=aware][data-owner=CS]")
        expect(aware.locator(".cs-gap-none")).to_have_text("Geen klantenservice")
        expect(page.locator("td[data-owner=CS] .cs-gap")).to_have_count(3)
        assert page.errors == []  # type: ignore[attr-defined]
    finally:
        running.close()


def test_a_sticky_note_and_hostile_text_stay_text(
    browser: Browser, server: BoardServer, journey: Path, contexts: list[BrowserContext]
) -> None:
    anna, bram = open_board(browser, server, contexts), open_board(browser, server, contexts)
    hostile = '<img src=x onerror="document.title=1">'
    anna.locator("[data-id=vergunningcheck]").hover()
    note = anna.locator("[data-id=vergunningcheck] .items-notes .adder")
    note.fill(hostile)
    note.press("Enter")
    shown = bram.locator("[data-id=vergunningcheck] .items-notes li .item-text")
    expect(shown).to_have_text(hostile)
    assert bram.locator("img").count() == 0 and bram.title() != "1"
    import journeymap as jm

    assert jm.load(journey).touchpoint_map()["vergunningcheck"].notes == [hostile]


def test_a_portfolio_has_a_board_per_journey_with_a_bar_to_the_others(
    browser: Browser, tmp_path: Path, contexts: list[BrowserContext]
) -> None:
    from tests.helpers import PORTFOLIO

    folder = tmp_path / "p"
    shutil.copytree(PORTFOLIO, folder)
    running = PortfolioBoardServer(str(folder), port=0)
    running.start()
    try:
        status, _, headers = request(running, "GET", "/")
        assert status == 307 and headers["location"] == "/levenscyclus/"
        edit = {
            "version": 1,
            "ops": [{"op": "set", "path": "stages/melden/name", "value": "Bellen"}],
        }
        status, answer, _ = request(running, "POST", "/storing/api/edit", edit, token=True)
        assert (status, answer) == (200, {"version": 2})
        assert "name: Bellen" in (folder / "storing.yaml").read_text(encoding="utf-8")
        # A journey renamed on its board keeps its board's address in every bar.
        rename = {"version": 2, "ops": [{"op": "set", "path": "id", "value": "stroomstoring"}]}
        assert request(running, "POST", "/storing/api/edit", rename, token=True)[0] == 200
        assert 'href="/storing/"' in request(running, "GET", "/levenscyclus/")[1]
        contexts.append(browser.new_context(viewport={"width": 1920, "height": 1080}))
        page = contexts[-1].new_page()
        page.goto(running.url)
        expect(page.locator("#title")).to_have_text("Klant van Groene Stroom – de levenscyclus")
        page.locator(".journeys a", has_text="Een stroomstoring melden").click()
        expect(page.locator("th.stage").nth(1)).to_contain_text("Bellen")
        expect(page.locator(".journeys a.current")).to_have_text("Een stroomstoring melden")
    finally:
        running.close()


def test_an_idea_becomes_an_action_with_an_owner_priority_and_effort(
    browser: Browser, server: BoardServer, journey: Path, contexts: list[BrowserContext]
) -> None:
    import journeymap as jm

    anna = open_board(browser, server, contexts)
    anna.locator("article[data-id=vergunningcheck]").hover()  # an idea's fields show
    idea = anna.locator("[data-id=vergunningcheck] .items-opportunities li").first
    idea.locator(".action-owner").fill("Team Vergunningen")
    idea.locator(".action-owner").press("Tab")
    expect(idea.locator(".action-owner")).to_have_value("Team Vergunningen")
    anna.locator("[data-id=vergunningcheck] .items-opportunities li").first.locator(
        ".action-priority"
    ).select_option("high")
    expect(
        anna.locator("[data-id=vergunningcheck] .items-opportunities li").first.locator(
            ".action-priority"
        )
    ).to_have_value("high")

    def first_action() -> tuple[str | None, str | None, str]:
        action = jm.load(journey).touchpoint_map()["vergunningcheck"].opportunities[0]
        return action.owner, action.priority, action.text

    wanted = ("Team Vergunningen", "high", "Vergunningcheck in gewone taal herschrijven")
    assert eventually(anna, lambda: first_action() == wanted)


def test_dragging_a_point_of_the_curve_sets_the_emotion(
    browser: Browser, server: BoardServer, journey: Path, contexts: list[BrowserContext]
) -> None:
    import journeymap as jm

    anna = open_board(browser, server, contexts)
    point = anna.locator("circle.emotion-point[data-point=gemeentesite]")  # emotion 0
    box = point.bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    anna.mouse.move(x, y)
    anna.mouse.down()
    anna.mouse.move(x, y - 60, steps=6)  # up: about two levels
    anna.mouse.up()
    expect(anna.locator("[data-id=gemeentesite] .emotion output")).to_have_text("2")
    assert jm.load(journey).touchpoint_map()["gemeentesite"].emotion == 2


def test_numbers_are_written_as_the_journeys_language_writes_them(
    browser: Browser, server: BoardServer, journey: Path, contexts: list[BrowserContext]
) -> None:
    import journeymap as jm

    anna = open_board(browser, server, contexts)
    card = anna.locator("article[data-id=vergunningcheck]")
    expect(card.locator(".metric-name").first).to_have_text("CES 4,1")
    target = card.locator(".metric-target").first
    expect(target).to_have_value("3,5")
    target.fill("3,2")
    target.press("Tab")
    expect(card.locator(".metric-target").first).to_have_value("3,2")
    ces = lambda: jm.load(journey).touchpoint_map()["vergunningcheck"].metrics["ces"]  # noqa: E731
    assert eventually(anna, lambda: ces().target == 3.2)
    target.fill("3,125")  # shown back with every digit, never rounded to 3,13
    target.press("Tab")
    assert eventually(anna, lambda: ces().target == 3.125)
    anna.reload()
    expect(anna.locator("article[data-id=vergunningcheck] .metric-target").first).to_have_value(
        "3,125"
    )
