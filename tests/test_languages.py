"""A German, Dutch or Turkish journey reads in its language from end to end.

Every command's output for each journey (the check with its summary, a broken copy,
``--explain``, the diff, the report, the map, the Mermaid export, the backlog as text,
CSV and spreadsheet, ``init``, ``metrics``, ``import`` and ``serve``'s banner and first
page) holds no English word of journeymap's own (the words of its English messages),
beyond what the journey itself says (names, ids, its YAML keys), codes, command names and
options, and the few words the languages share with English.
"""

from __future__ import annotations

import re
import sys
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.helpers import EXAMPLES, ROOT, serving

JOURNEYS = {
    "de": ROOT / "examples" / "online-shop.yaml",
    "tr": ROOT / "examples" / "telecom-contract.yaml",
    "nl": ROOT / "examples" / "vergunning-ontvangst.yaml",
}
#: The service journeys with their blueprints (SPEC §11).
SERVICE_JOURNEYS = {
    "nl": ROOT / "examples" / "omgevingsvergunning.yaml",
    "tr": ROOT / "examples" / "banka-sikayet.yaml",
}
#: The Dutch example's event log: what customers did, told in Dutch too.
EVENTS = ROOT / "examples" / "data" / "vergunning-ontvangst-events.parquet"
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
#: Words of the format itself (YAML keys and values a fix hint names), metric and channel
#: acronyms.
FORMAT_WORDS = {
    "phase", "awareness", "consideration", "purchase", "loyalty", "advocacy", "owner",
    "stage", "next", "context", "true", "entry", "exit", "opportunities", "metrics", "frt",
    "art", "resolution_rate", "csat", "nps", "ces", "checks", "cx", "cs", "ui", "ux", "jm",
    "min",  # "--min-share" in English help; "Min." and "min" are minutes in de and nl
    "p",  # the p90 column of the paths table (the 90th percentile)
    "n",  # the sample size in metric tables, a symbol in every language
    "journey", "title", "section", "accdescr",  # Mermaid's keywords
    "ctrl", "c",  # Ctrl+C, as Dutch and Turkish keyboards say it
    "crm",  # the acronym every language uses
}  # fmt: skip
#: Words a language shares with English.
SHARED = {
    "de": {"team", "teams", "chat", "app", "web", "tickets", "ticket", "persona", "personas", "status", "sms", "post", "code", "was", "chatbot", "live", "media", "support"},
    "nl": {"team", "teams", "chat", "app", "web", "tickets", "ticket", "persona", "is", "in", "sms", "status", "of", "info", "code", "persona's", "open", "interval", "post", "export", "chatbot", "media", "product", "review", "we", "intake", "e", "mail", "score"},
    "tr": {"chat", "app", "web", "sms", "persona"},
}  # fmt: skip


def english_words() -> set[str]:
    """Every word of journeymap's English messages."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from i18n_messages import extract
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    words: set[str] = set()
    for ids in extract(ROOT).values():
        for message in ids:
            # ``code`` spans quote the format and other languages' words (``aankoop``).
            prose = re.sub(r"%\(\w+\)s|``[^`]+``", " ", message)
            words |= {w.lower() for w in WORD.findall(prose)}
    return words


class _Visible(HTMLParser):
    """The text a reader sees in a report: text nodes and tooltips, not styles."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script"):
            self._hidden += 1
        self.parts += [value for name, value in attrs if name in ("title", "aria-label") and value]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def foreign(text: str, lang: str, journey: Path, *paths: Path) -> set[str]:
    """The English words in ``text`` that are not the journey's own, nor file paths, rule
    names (identifiers, like codes) or words the language shares with English."""
    from journeymap.checks.codes import RULES

    for path in sorted({journey, *paths}, key=lambda p: -len(str(p))):
        text = text.replace(str(path), " ")
    for rule in RULES.values():
        text = text.replace(rule.name, " ")
    # Options and commands are identifiers, like codes: "--force", "journeymap check".
    text = re.sub(r"--[\w-]+|journeymap \w+", " ", text)
    own = {w.lower() for w in WORD.findall(journey.read_text(encoding="utf-8"))}
    seen = {w.lower() for w in WORD.findall(text)}
    return (seen & english_words()) - own - FORMAT_WORDS - SHARED[lang]


def changed_copy(journey: Path, folder: Path) -> Path:
    """The journey as a future state: another title, a metric value, one touchpoint less."""
    import journeymap as jm

    future = jm.load(journey)
    future.title += " 2027"
    future.state = "future"
    measured = next(tp for tp in future.touchpoints if any(m.value for m in tp.metrics.values()))
    metric = next(m for m in measured.metrics.values() if m.value)
    metric.value = (metric.value or 0) * 0.5
    future.touchpoints = future.touchpoints[:-1]
    target = folder / journey.name
    target.write_text(jm.dumps(future), encoding="utf-8")
    return target


@pytest.mark.parametrize("lang", sorted(JOURNEYS))
def test_check_summary_diff_and_report_speak_the_journeys_language(
    lang: str, cli: object, tmp_path: Path
) -> None:
    journey = JOURNEYS[lang]
    run = cli  # type: ignore[assignment]
    checked = run("check", journey, "--summary")  # type: ignore[operator]
    assert checked.stdout.strip()
    assert foreign(checked.stdout, lang, journey) == set(), checked.stdout
    future = changed_copy(journey, tmp_path)
    changes = run("diff", journey, future)  # type: ignore[operator]
    assert changes.exit_code == 1, changes.output
    assert foreign(changes.stdout, lang, journey, future) == set(), changes.stdout
    report = tmp_path / "report.html"
    built = run("report", future, "-o", report, "--compare", journey)  # type: ignore[operator]
    assert built.exit_code == 0, built.output
    visible = _Visible()
    visible.feed(report.read_text(encoding="utf-8"))
    assert foreign(" ".join(visible.parts), lang, journey) == set()


def test_designed_vs_actual_speaks_the_journeys_language(cli: object, tmp_path: Path) -> None:
    journey, run = JOURNEYS["nl"], cli
    checked = run("check", journey, "--events", EVENTS)  # type: ignore[operator]
    assert "JM401" in checked.stdout
    paths = run("paths", journey, "--events", EVENTS)  # type: ignore[operator]
    report = tmp_path / "report.html"
    built = run("report", journey, "--events", EVENTS, "-o", report)  # type: ignore[operator]
    assert built.exit_code == 0, built.output
    visible = _Visible()
    visible.feed(report.read_text(encoding="utf-8"))
    for output in (checked.stdout, paths.stdout, " ".join(visible.parts)):
        assert foreign(output, "nl", journey, EVENTS) == set(), output


@pytest.mark.parametrize("lang", sorted(SERVICE_JOURNEYS))
def test_a_service_journey_and_its_blueprint_speak_its_language(
    cli: object, tmp_path: Path, lang: str
) -> None:
    journey, run = SERVICE_JOURNEYS[lang], cli
    checked = run("check", journey, "--summary")  # type: ignore[operator]
    drawn = run("render", journey, "--lanes", "blueprint", "-o", tmp_path / "map.svg")  # type: ignore[operator]
    built = run("report", journey, "-o", tmp_path / "report.html")  # type: ignore[operator]
    assert drawn.exit_code == built.exit_code == 0, (drawn.output, built.output)
    visible = _Visible()
    visible.feed((tmp_path / "report.html").read_text(encoding="utf-8"))
    for output in (checked.output, svg_text(tmp_path / "map.svg"), " ".join(visible.parts)):
        assert foreign(output, lang, journey) == set(), output


def test_the_english_vocabulary_catches_english() -> None:
    """The test above can fail: English output shows English words."""
    journey = JOURNEYS["de"]
    english = foreign("Stage has no CS touchpoint; found 3 findings", "de", journey)
    assert {"has", "found", "findings", "touchpoint"} <= english


def test_every_example_is_covered_or_english() -> None:
    import journeymap as jm

    for example in EXAMPLES:
        covered = {*JOURNEYS.values(), *SERVICE_JOURNEYS.values()}
        assert jm.load(example).locale == "en" or example in covered


#: Keys of a journey whose values people read (the rest are ids and settings).
HUMAN_KEYS = {"title", "description", "name", "customer_goal", "label", "pain_points", "opportunities", "customer_action", "thinking", "evidence"}  # fmt: skip


def human_text(value: object, key: str = "") -> list[str]:
    """The text people read in a journey file: titles, names, goals, labels, pain points."""
    if isinstance(value, dict):
        return [t for k, v in value.items() for t in human_text(v, str(k))]
    if isinstance(value, list):
        return [t for item in value for t in human_text(item, key)]
    return [str(value)] if key in HUMAN_KEYS else []


def explained_prose(text: str) -> str:
    """``--explain`` without the YAML of its example, but with the example's comments."""
    parts = text.split("```")
    code = " ".join(
        line.split("#", 1)[1] for part in parts[1::2] for line in part.splitlines() if "#" in line
    )
    return " ".join(parts[::2]) + " " + code


def broken_copies(journey: Path, folder: Path) -> list[Path]:
    """The journey with an owner no one knows and a stage key misspelt; and with a text
    that a comma cuts short inside ``{…}`` (a YAML mistake)."""
    text = journey.read_text(encoding="utf-8")
    invalid = folder / f"invalid-{journey.name}"
    invalid.write_text(text.replace("owner: CS", "owner: cs", 1).replace("stage:", "stag:", 1))
    unparsable = folder / f"unparsable-{journey.name}"
    unparsable.write_text(text + "\n  - {id: samir, name: Samir, regelt alles}\n")
    return [invalid, unparsable]


def spreadsheet_text(path: Path) -> str:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True)
    return " ".join(str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if v is not None)  # fmt: skip


def deck_text(path: Path) -> str:
    """Every text of a deck a reader sees: its shapes' and its notes'."""
    from pptx import Presentation

    parts = []
    for slide in Presentation(str(path)).slides:
        parts += [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
        if slide.has_notes_slide:
            parts.append(slide.notes_slide.notes_text_frame.text)
    return " ".join(parts)


def svg_text(path: Path) -> str:
    visible = _Visible()
    visible.feed(path.read_text(encoding="utf-8"))
    return " ".join(visible.parts)


@pytest.mark.parametrize("lang", sorted(JOURNEYS))
def test_every_command_speaks_the_journeys_language(lang: str, cli: object, tmp_path: Path) -> None:
    import yaml

    journey, run = JOURNEYS[lang], cli
    heard: dict[str, str] = {}

    def said(name: str, *args: object, code: int | None = 0) -> str:
        result = run(*args)  # type: ignore[operator]
        assert code is None or result.exit_code == code, (name, result.output)
        heard[name] = result.output
        return str(result.output)

    for number, broken in enumerate(broken_copies(journey, tmp_path)):
        assert ":" in said(f"broken {number}", "check", broken, code=2)
    heard["explain"] = explained_prose(
        said("explain", "check", "--explain", "JM205", "--lang", lang)
    )
    said("mermaid", "export", "mermaid", journey)
    said("actions", "actions", journey)
    said("actions csv", "actions", journey, "--format", "csv")
    said("actions xlsx", "actions", journey, "--format", "xlsx", "-o", tmp_path / "a.xlsx")
    heard["spreadsheet"] = spreadsheet_text(tmp_path / "a.xlsx")
    said("render", "render", journey, "-o", tmp_path / "map.svg")
    heard["map"] = svg_text(tmp_path / "map.svg")
    said("deck", "render", journey, "-o", tmp_path / "deck.pptx")
    heard["deck"] = deck_text(tmp_path / "deck.pptx")
    said("init", "init", tmp_path / "new", "--lang", lang)
    said("init again", "init", tmp_path / "new", "--lang", lang, code=2)
    starter = yaml.safe_load((tmp_path / "new" / "journey.yaml").read_text(encoding="utf-8"))
    heard["starter"] = " ".join(human_text(starter))
    said("blueprint", "init", tmp_path / "claim", "--lang", lang, "--template", "blueprint")
    claim = yaml.safe_load((tmp_path / "claim" / "journey.yaml").read_text(encoding="utf-8"))
    heard["blueprint starter"] = " ".join(human_text(claim))
    claim_file = tmp_path / "claim" / "journey.yaml"
    said("blueprint map", "render", claim_file, "--lanes", "blueprint", "-o", tmp_path / "bp.svg")
    heard["blueprint map"] = svg_text(tmp_path / "bp.svg")
    said("blueprint report", "report", claim_file, "-o", tmp_path / "bp.html")
    visible = _Visible()
    visible.feed((tmp_path / "bp.html").read_text(encoding="utf-8"))
    heard["blueprint report"] = " ".join(visible.parts)
    for name, output in heard.items():
        assert foreign(output, lang, journey, *tmp_path.rglob("*")) == set(), (name, output)
    data = ROOT / "tests" / "fixtures" / "data"
    measured = said(
        "metrics", "metrics", data / "journey.yaml", "--lang", lang,
        "--responses", data / "responses.csv", "--tickets", data / "tickets.csv",
    )  # fmt: skip
    assert foreign(measured, lang, data / "journey.yaml", *data.iterdir()) == set(), measured


@pytest.mark.parametrize("lang", sorted(JOURNEYS))
def test_serve_speaks_the_journeys_language_from_its_banner_to_its_first_page(
    lang: str, tmp_path: Path
) -> None:
    journey = JOURNEYS[lang]
    with serving(str(journey), "--port", "0") as server:
        assert server.stderr is not None
        banner = server.stderr.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+/", banner)
        assert url, banner
        with urllib.request.urlopen(url[0], timeout=60) as response:
            page = response.read().decode("utf-8")
    visible = _Visible()
    visible.feed(page)
    assert foreign(banner, lang, journey) == set(), banner
    assert foreign(" ".join(visible.parts), lang, journey) == set()


def test_import_speaks_the_environments_language(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from journeymap.app.cli import main

    diagram = ROOT / "tests" / "fixtures" / "mermaid" / "journey-01.mmd"
    out = tmp_path / "imported.yaml"
    result = CliRunner(env={"LANGUAGE": "nl"}).invoke(
        main, ["import", "mermaid", str(diagram), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    imported = out.read_text(encoding="utf-8")
    assert foreign(result.output, "nl", diagram, out) == set(), result.output
    assert "journeymap: 1" in imported


def test_a_portfolio_speaks_its_language(
    cli: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every command on the Dutch example portfolio, with a journey overdue and the diff of
    a changed copy: no English word beside the portfolio's own."""
    import shutil

    from tests.helpers import PORTFOLIO

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796601600")  # 2026-12-07: storing is overdue
    files = sorted(PORTFOLIO.rglob("*.yaml"))
    own = tmp_path / "own-words.yaml"  # the words of every file of the portfolio
    own.write_text("\n".join(f.read_text(encoding="utf-8") for f in files), encoding="utf-8")
    changed = tmp_path / "changed"
    shutil.copytree(PORTFOLIO, changed)
    library = changed / "bibliotheek.yaml"
    library.write_text(
        library.read_text(encoding="utf-8").replace(
            "  - id: henk\n", "  - id: fatma\n  - id: henk\n"
        ),
        encoding="utf-8",
    )
    run = cli
    heard = {
        name: run(*args).output  # type: ignore[operator]
        for name, args in {
            "check": ("check", PORTFOLIO, "--summary"),
            "actions": ("actions", PORTFOLIO),
            "actions csv": ("actions", PORTFOLIO, "--format", "csv"),
            "diff": ("diff", PORTFOLIO, changed),
            "report": ("report", PORTFOLIO, "-o", tmp_path / "portfolio.html"),
        }.items()
    }
    for page in (tmp_path / "portfolio.html", tmp_path / "portfolio" / "storing.html"):
        visible = _Visible()
        visible.feed(page.read_text(encoding="utf-8"))
        heard[page.name] = " ".join(visible.parts)
    for name, output in heard.items():
        assert foreign(output, "nl", own, PORTFOLIO, changed, *files) == set(), (name, output)


@pytest.mark.parametrize("lang", sorted(SERVICE_JOURNEYS))
def test_the_board_speaks_the_journeys_language(lang: str, tmp_path: Path) -> None:
    """Every word the board's script shows comes with its page, in the journey's language."""
    import html
    import json
    import shutil

    from journeymap.app.board_server import BoardServer

    journey = tmp_path / SERVICE_JOURNEYS[lang].name
    shutil.copy(SERVICE_JOURNEYS[lang], journey)
    server = BoardServer(str(journey), port=0)
    try:
        for mode in ("board", "present"):
            page = server.page(mode)
            words = re.search(r'data-words="([^"]*)"', page)
            assert words
            shown = " ".join(json.loads(html.unescape(words.group(1))).values())
            shown = re.sub(r"%\(\w+\)s", " ", shown)  # the script fills these in
            visible = _Visible()
            visible.feed(page)
            text = shown + " " + " ".join(visible.parts)
            assert foreign(text, lang, SERVICE_JOURNEYS[lang]) == set(), text
        snapshot = server.board.snapshot()
        said = " ".join(f["message"] for f in snapshot["findings"])
        said += " " + " ".join(snapshot["labels"]["channels"].values())
        assert foreign(said, lang, SERVICE_JOURNEYS[lang]) == set(), said
    finally:
        server.close()
