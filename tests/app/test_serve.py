"""The live preview: rebuilds, error pages, what the server answers, and a real browser."""

from __future__ import annotations

import http.client
import select
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from journeymap.app.serve import LIVE_SCRIPT, Preview, PreviewServer, live_page, report_preview
from journeymap.app.web import EVENTS_PATH, Access, Server, preview_app
from tests.helpers import ROOT

SHOP = ROOT / "examples" / "online-shop.yaml"


@pytest.fixture
def journey_file(tmp_path: Path) -> Path:
    path = tmp_path / "shop.yaml"
    shutil.copy(SHOP, path)
    return path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def bump_mtime(path: Path) -> None:
    """Make a change visible even on file systems with coarse timestamps."""
    status = path.stat()
    import os

    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))


def test_the_page_is_rebuilt_when_the_file_changes(journey_file: Path) -> None:
    preview = report_preview(str(journey_file))
    assert preview.refresh() is True
    assert preview.version == 1 and "Instagram-Anzeige" in preview.page()
    assert preview.refresh() is False  # nothing changed
    edit(journey_file, "Instagram-Anzeige", "Instagram-Reel")
    bump_mtime(journey_file)
    assert preview.refresh() is True
    assert preview.version == 2 and "Instagram-Reel" in preview.page()


def test_every_open_page_gets_the_page_made_once_per_version(
    journey_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a rebuild every open page reloads: the page with its script and banner is
    made for the first request of a version and handed to the others."""
    from journeymap.app import serve

    made: list[int] = []

    def making(html: str, version: int, *args: object) -> str:
        made.append(version)
        return live_page(html, version, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(serve, "live_page", making)
    preview = report_preview(str(journey_file))
    preview.refresh()
    first = preview.page()
    assert first is not None and all(preview.page() is first for _ in range(3))
    assert made == [1] and preview.page("/other.html") is None
    edit(journey_file, "owner: CS", "owner: Kundenservice")  # a broken edit: a new version
    bump_mtime(journey_file)
    preview.refresh()
    assert 'role="alert"' in (preview.page() or "") and made == [1, 2]


def test_a_broken_edit_shows_the_error_over_the_last_good_report(journey_file: Path) -> None:
    preview = report_preview(str(journey_file))
    preview.refresh()
    edit(journey_file, "owner: CS", "owner: Kundenservice")
    bump_mtime(journey_file)
    assert preview.refresh() is True
    page = preview.page()
    assert 'role="alert"' in page and "Kundenservice" in page and f"{journey_file}:" in page
    assert "Instagram-Anzeige" in page  # the last good version stays visible
    edit(journey_file, "owner: Kundenservice", "owner: CS")
    bump_mtime(journey_file)
    preview.refresh()
    assert 'role="alert"' not in preview.page()


def test_a_file_emptied_by_a_save_gets_one_more_look(journey_file: Path) -> None:
    """Editors truncate a file, then write it: the preview does not flash "the file is
    empty" on every save, yet says so when the file stays empty."""
    preview = report_preview(str(journey_file))
    preview.refresh()
    content = journey_file.read_text(encoding="utf-8")
    journey_file.write_text("", encoding="utf-8")
    assert preview.refresh() is False and 'role="alert"' not in preview.page()
    journey_file.write_text(content.replace("Instagram-Anzeige", "Instagram-Reel"), "utf-8")
    assert preview.refresh() is True
    assert 'role="alert"' not in preview.page() and "Instagram-Reel" in preview.page()
    journey_file.write_text("", encoding="utf-8")
    assert preview.refresh() is False
    assert preview.refresh() is True and "the file is empty" in preview.page()


def test_a_journey_that_never_loaded_still_gets_a_page(tmp_path: Path) -> None:
    preview = report_preview(str(tmp_path / "missing.yaml"))
    preview.refresh()
    page = preview.page()
    assert "cannot read the file" in page and LIVE_SCRIPT in page


def test_error_text_is_escaped() -> None:
    page = live_page("<html><head></head><body>\n</body></html>", 3, "<img src=x onerror=alert(1)>")
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_the_live_script_is_allowed_by_hash_and_nothing_else() -> None:
    report = (
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; script-src 'none'; base-uri 'none'\">"
        "</head><body>\n</body>"
    )
    page = live_page(report, 1, None)
    assert "script-src 'none'" not in page
    assert "script-src 'sha256-" in page and "connect-src 'self'" in page
    assert '<meta name="journeymap-version" content="1">' in page


@pytest.fixture
def server(journey_file: Path) -> Iterator[PreviewServer]:
    preview = report_preview(str(journey_file))
    preview.refresh()
    running = PreviewServer(preview, port=0)
    running.start()
    yield running
    running.close()


def get(server: PreviewServer, path: str, host: str | None = None) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    headers = {"Host": host} if host else {}
    connection.request("GET", path, headers=headers)  # sent as written: '..' is not resolved
    response = connection.getresponse()
    body = response.read().decode("utf-8")
    connection.close()
    return response.status, body


def first_event(server: PreviewServer) -> str:
    """The first server-sent event of the preview's stream, as sent."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.request("GET", EVENTS_PATH)
    response = connection.getresponse()
    assert response.status == 200
    assert response.getheader("Content-Type", "").startswith("text/event-stream")
    lines = []
    while line := response.readline().decode("utf-8").rstrip("\n"):
        lines.append(line)
    connection.close()
    return "\n".join(lines)


class CountedPages:
    """Pages whose version says when it is looked at: a stream looks once before each
    event or wait, so after the second look it has sent the first version and waits
    (nothing it awaits lies between that look and its wait)."""

    def __init__(self) -> None:
        self._version, self.looks = 1, 0
        self.waiting = threading.Event()

    @property
    def version(self) -> int:
        self.looks += 1
        if self.looks >= 2:
            self.waiting.set()
        return self._version

    def page(self, path: str = "/") -> str | None:
        return None


def test_an_event_stream_waits_to_be_woken_instead_of_looking_again_and_again() -> None:
    """A stream looks at the version when a new version wakes it: a version changed
    without the wake-up is not sent (a stream that polled sent it at once)."""
    pages, access = CountedPages(), Access("127.0.0.1")
    running = Server(preview_app(pages, access), access, 0)
    running.start()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", access.port, timeout=10)
        connection.request("GET", EVENTS_PATH)
        stream = connection.getresponse()
        assert stream.readline() == b"event: version\n" and stream.readline() == b"data: 1\n"
        assert stream.readline() == b"\n"
        assert pages.waiting.wait(10)
        pages._version = 2  # a new version, but nobody is woken
        assert connection.sock is not None
        assert select.select([connection.sock], [], [], 0.5)[0] == []  # nothing sent
        looks = pages.looks
        access.wakeup.notify()
        assert stream.readline() == b"event: version\n" and stream.readline() == b"data: 2\n"
        assert pages.looks > looks
        connection.close()
    finally:
        running.close()


def test_only_the_report_is_served(server: PreviewServer) -> None:
    assert server.access.host == "127.0.0.1" and server.url.startswith("http://127.0.0.1:")
    status, body = get(server, "/")
    assert status == 200 and "Instagram-Anzeige" in body
    assert first_event(server) == "event: version\ndata: 1"
    assert EVENTS_PATH in LIVE_SCRIPT  # where the page listens
    for path in (
        "/../pyproject.toml",
        "/pyproject.toml",
        "/%2e%2e/pyproject.toml",
        "/examples/",
        "//etc/passwd",
    ):
        assert get(server, path)[0] == 404, path


def test_requests_for_another_host_are_refused(server: PreviewServer) -> None:
    port = server.port
    assert get(server, "/", host=f"localhost:{port}")[0] == 200
    assert get(server, "/", host=f"attacker.example:{port}")[0] == 403


def test_a_port_in_use_is_a_clear_error(server: PreviewServer) -> None:
    from journeymap.errors import OutputError

    with pytest.raises(OutputError, match=r"cannot listen on 127\.0\.0\.1:"):
        PreviewServer(Preview("x", lambda: ""), port=server.port)


def test_the_open_page_follows_edits_in_a_real_browser(
    browser: Browser, server: PreviewServer, journey_file: Path
) -> None:
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server.url)
    assert page.locator("#tp-instagram-anzeige .card-name").inner_text() == "Instagram-Anzeige"
    # What a reload would lose: the reader's place, and anything the page holds.
    page.evaluate("window.scrollTo(0, 900); window.sameDocument = true")

    edit(journey_file, "Instagram-Anzeige", "Instagram-Reel")
    bump_mtime(journey_file)
    # The page follows by itself: no navigation from the test (expect polls the DOM).
    expect(page.locator("#tp-instagram-anzeige .card-name")).to_have_text(
        "Instagram-Reel", timeout=15_000
    )
    assert page.evaluate("[window.sameDocument, window.scrollY]") == [True, 900]
    version = page.locator("meta[name=journeymap-version]")
    assert version.get_attribute("content") == str(server.preview.version)

    edit(journey_file, "owner: CS", "owner: Kundenservice")
    bump_mtime(journey_file)
    expect(page.locator("#journeymap-error")).to_contain_text("Kundenservice", timeout=15_000)
    assert page.locator("#tp-instagram-anzeige .card-name").inner_text() == "Instagram-Reel"
    assert errors == []  # the CSP lets the live script run, and nothing else fails
    page.close()


def test_a_page_opened_before_the_first_good_report_gets_the_report_with_its_style(
    browser: Browser, tmp_path: Path
) -> None:
    """The page shown before the journey first loads has a stricter security policy than
    a report (no styles): it cannot take the report in place, so it loads it whole."""
    journey = tmp_path / "shop.yaml"
    journey.write_text(SHOP.read_text(encoding="utf-8").replace("owner: CS", "owner: K", 1))
    preview = report_preview(str(journey))
    preview.refresh()
    running = PreviewServer(preview, port=0)
    running.start()
    page = browser.new_page()
    try:
        page.goto(running.url)
        expect(page.locator("#journeymap-error")).to_contain_text("K")
        journey.write_text(SHOP.read_text(encoding="utf-8"), encoding="utf-8")
        bump_mtime(journey)
        card = page.locator("#tp-instagram-anzeige")
        expect(card).to_be_visible(timeout=15_000)
        expect(page.locator("#journeymap-error")).to_have_count(0)
        assert card.evaluate("node => getComputedStyle(node).borderTopStyle") != "none"
    finally:
        page.close()
        running.close()


def test_an_edit_that_keeps_size_and_modification_time_is_seen(journey_file: Path) -> None:
    import os

    preview = report_preview(str(journey_file))
    preview.refresh()
    status = journey_file.stat()
    edit(journey_file, "Instagram-Anzeige", "Instagram-Anzeigx")  # same length
    os.utime(journey_file, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert journey_file.stat().st_size == status.st_size
    assert journey_file.stat().st_mtime_ns == status.st_mtime_ns
    assert preview.refresh() is True and "Instagram-Anzeigx" in preview.page()


def test_the_watcher_survives_a_failing_build(journey_file: Path) -> None:
    calls = []

    def build() -> tuple[str, list[str]]:
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("a bug in a renderer")
        return f"<html><head></head><body>build {len(calls)}</body></html>", []

    preview = Preview(str(journey_file), build)
    assert preview.refresh() and "build 1" in preview.page()
    edit(journey_file, "Instagram-Anzeige", "Instagram-Reel")
    assert preview.refresh()  # does not raise
    page = preview.page()
    assert "internal error while building the report" in page and "a bug in a renderer" in page
    assert "build 1" in page  # the last good version stays
    edit(journey_file, "Instagram-Reel", "Instagram-Story")
    assert (
        preview.refresh() and "build 3" in preview.page() and 'role="alert"' not in preview.page()
    )


def test_two_hundred_concurrent_requests_all_succeed(journey_file: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    preview = report_preview(str(journey_file))
    preview.refresh()
    server = PreviewServer(preview, port=0)
    server.start()
    port = server.port

    def get(_: int) -> int:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            connection.request("GET", "/", headers={"Host": f"127.0.0.1:{port}"})
            response = connection.getresponse()
            response.read()
            return response.status
        finally:
            connection.close()

    try:
        with ThreadPoolExecutor(max_workers=200) as pool:
            statuses = list(pool.map(get, range(200)))
    finally:
        server.close()
    assert statuses == [200] * 200  # the listen queue (512) holds such a burst


def test_a_client_that_goes_away_mid_answer_leaves_no_trace(
    journey_file: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    import socket
    import time

    preview = report_preview(str(journey_file))
    preview.refresh()
    server = PreviewServer(preview, port=0)
    server.start()
    port = server.port
    try:
        for _ in range(20):
            with socket.create_connection(("127.0.0.1", port)) as client:
                client.setsockopt(
                    socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00"
                )
                client.sendall(f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
            # closed with a reset before the ~100 KB page is read
        time.sleep(0.5)
        assert get_status(port) == 200  # still serving
    finally:
        server.close()
    captured = capfd.readouterr()
    assert "Traceback" not in captured.err and "BrokenPipe" not in captured.err


def get_status(port: int) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", "/", headers={"Host": f"127.0.0.1:{port}"})
    status = connection.getresponse().status
    connection.close()
    return status


def test_the_preview_overlays_the_event_log_and_follows_its_changes(tmp_path: Path) -> None:
    from journeymap.app.pipeline import DataSources
    from tests.helpers import event_log

    journey = tmp_path / "comp.yaml"
    shutil.copy(ROOT / "tests" / "fixtures" / "event-logs" / "compensation.yaml", journey)
    log = tmp_path / "log.csv"
    log.write_text(event_log(["3 x register, examine, check, decide, pay"]), encoding="utf-8")
    preview = report_preview(str(journey), data=DataSources(events=str(log)))
    preview.refresh()
    assert 'id="actual"' in preview.page() and "3 of 3 cases follow" in preview.page()
    log.write_text(event_log(["5 x register, examine, check, decide"]), encoding="utf-8")
    bump_mtime(log)
    assert preview.refresh() is True  # the log is watched like the journey
    assert "0 of 5 cases follow" in preview.page()
