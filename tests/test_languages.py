"""A German, Dutch or Turkish journey reads in its language from end to end.

The check output with its summary, the diff and the report of each journey hold no
English word of journeymap's own (the words of its English messages), beyond what the
journey itself says (names, ids, its YAML keys), codes, and the few words the languages
share with English.
"""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.helpers import EXAMPLES, ROOT

JOURNEYS = {
    "de": ROOT / "examples" / "online-shop.yaml",
    "tr": ROOT / "examples" / "telecom-contract.yaml",
    "nl": ROOT / "examples" / "vergunning-ontvangst.yaml",
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
}  # fmt: skip
#: Words a language shares with English.
SHARED = {
    "de": {"team", "teams", "chat", "app", "web", "tickets", "ticket", "persona", "personas", "status", "sms", "post", "code"},
    "nl": {"team", "teams", "chat", "app", "web", "tickets", "ticket", "persona", "is", "in", "sms", "status", "of", "info", "code", "persona's", "open", "interval", "post"},
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
            words |= {w.lower() for w in WORD.findall(re.sub(r"%\(\w+\)s", " ", message))}
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


def test_the_english_vocabulary_catches_english() -> None:
    """The test above can fail: English output shows English words."""
    journey = JOURNEYS["de"]
    english = foreign("Stage has no CS touchpoint; found 3 findings", "de", journey)
    assert {"has", "found", "findings", "touchpoint"} <= english


def test_every_example_is_covered_or_english() -> None:
    import journeymap as jm

    for example in EXAMPLES:
        assert jm.load(example).locale == "en" or example in JOURNEYS.values()
