"""Every word in the reader's language: the catalogs, plural rules and numbers per locale."""

from __future__ import annotations

import errno
import gettext
import io
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from journeymap import i18n
from journeymap.i18n import (
    LANGUAGES,
    LOCALE_DIR,
    duration,
    emotion_mark,
    environment_language,
    number,
    os_reason,
    percent,
    plural,
    text,
)
from journeymap.model.metrics import metric_label
from tests.helpers import ROOT

PLACEHOLDER = re.compile(r"%\((\w+)\)s")
SHIPPED = [lang for lang in LANGUAGES if lang != "en"]


def extracted() -> dict[tuple[str | None, str], tuple[str, ...]]:
    """Every message the code and the templates say, as ``scripts/i18n extract`` finds them:
    (context, id) → the id and, for plurals, the plural id."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from i18n_messages import extract
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    return extract(ROOT)


def catalog(lang: str):  # type: ignore[no-untyped-def]
    with (LOCALE_DIR / lang / "LC_MESSAGES" / "journeymap.po").open("rb") as stream:
        return read_po(stream)


def test_de_nl_and_tr_are_shipped() -> None:
    assert {"en", "de", "nl", "tr"} <= set(LANGUAGES)


@pytest.mark.parametrize("lang", SHIPPED)
def test_every_message_is_translated_with_the_same_placeholders(lang: str) -> None:
    messages = extracted()
    assert len(messages) > 200
    translations = catalog(lang)
    for (context, message_id), ids in messages.items():
        entry = translations.get(message_id, context)
        assert entry is not None and not entry.fuzzy, f"{lang}: no translation of {message_id!r}"
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        assert all(s.strip() for s in strings), f"{lang}: empty translation of {message_id!r}"
        expected = {name for one in ids for name in PLACEHOLDER.findall(one)}
        for translated in strings:
            assert set(PLACEHOLDER.findall(translated)) == expected, (lang, message_id, translated)
        if isinstance(entry.string, tuple):
            assert len(strings) == translations.num_plurals, (lang, message_id)


@pytest.mark.parametrize("lang", SHIPPED)
def test_catalogs_hold_only_messages_the_code_says(lang: str) -> None:
    said = set(extracted())
    stale = [
        m.id
        for m in catalog(lang)
        if m.id and (m.context, m.id if isinstance(m.id, str) else m.id[0]) not in said
    ]
    assert stale == [], "run scripts/i18n update"


def test_text_and_plural_follow_the_catalog_and_its_plural_rule() -> None:
    assert plural("de", "%(count)s pain point", "%(count)s pain points", 1) == "1 Schmerzpunkt"
    assert plural("de", "%(count)s pain point", "%(count)s pain points", 3) == "3 Schmerzpunkte"
    assert plural("tr", "%(count)s pain point", "%(count)s pain points", 3) == "3 sorun noktası"
    assert plural("nl", "%(count)s row used", "%(count)s rows used", 2500) == "2.500 rijen gebruikt"
    assert text("nl", "Generated on %(timestamp)s", timestamp="x") == "Gemaakt op x"
    assert text("fr", "Journey grid") == "Journey grid"  # no catalog: the English


def test_the_environment_chooses_the_language_of_messages_tied_to_no_journey(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    assert environment_language() == "en"
    monkeypatch.setenv("LANG", "nl_NL.UTF-8")
    assert environment_language() == "nl"
    monkeypatch.setenv("LANGUAGE", "tr:de")
    assert environment_language() == "tr"
    monkeypatch.setenv("LANGUAGE", "fr")  # not spoken: the next variable decides
    monkeypatch.setenv("LC_ALL", "de_DE.UTF-8")
    assert environment_language() == "de"


def test_operating_system_errors_are_said_in_the_language_too(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    missing = FileNotFoundError(errno.ENOENT, "No such file or directory")
    monkeypatch.setenv("LANGUAGE", "tr")
    assert os_reason(missing) == "böyle bir dosya veya klasör yok"
    assert os_reason(missing, "de") == "Datei oder Ordner nicht gefunden"
    odd = OSError(errno.EIO, "Input/output error")  # rare: as the system says it
    assert os_reason(odd, "nl") == "Input/output error"


@pytest.mark.parametrize(
    ("lang", "big", "share", "small_share", "score"),
    [
        ("en", "2,872", "53%", "1.4%", "4.0"),
        ("de", "2.872", "53\u00a0%", "1,4\u00a0%", "4,0"),  # a space that does not break
        ("nl", "2.872", "53%", "1,4%", "4,0"),
        ("tr", "2.872", "%53", "%1,4", "4,0"),
    ],
)
def test_numbers_as_each_locale_writes_them(
    lang: str, big: str, share: str, small_share: str, score: str
) -> None:
    from journeymap.model.metrics import BUILTIN_METRICS, format_value

    assert format_value(BUILTIN_METRICS["nps"], 2872.4, lang) == big  # points: whole
    assert format_value(BUILTIN_METRICS["csat"], 52.91, lang) == share
    assert format_value(BUILTIN_METRICS["error_rate"], 1.4, lang) == small_share
    assert format_value(BUILTIN_METRICS["ces"], 3.976, lang) == score
    assert number(0.5, lang, 1) in ("0.5", "0,5")
    assert percent(100, lang).replace("\u00a0", " ").strip("% ") == "100"


@pytest.mark.parametrize(
    ("lang", "nine_days", "hours", "seconds"),
    [
        ("en", "9 days", "4 hr 20 min", "45 sec"),
        ("de", "9 Tg.", "4 Std. 20 Min.", "45 Sek."),
        ("nl", "9 dagen", "4 uur 20 min", "45 sec"),
        ("tr", "9 gün", "4 sa. 20 dk.", "45 sn."),
    ],
)
def test_durations_in_the_locales_words(
    lang: str, nine_days: str, hours: str, seconds: str
) -> None:
    from journeymap.model.metrics import BUILTIN_METRICS, format_value

    assert format_value(BUILTIN_METRICS["art"], 12960, lang) == nine_days  # minutes
    assert duration(4 * 3600 + 20 * 60, lang) == hours
    assert duration(45, lang) == seconds
    assert duration(3599.7, lang) == duration(3600, lang)  # 59 min 59.7 s is an hour
    assert format_value(BUILTIN_METRICS["time_on_task"], 45, lang) == seconds  # seconds


def test_a_wait_over_its_limit_never_reads_as_the_limit() -> None:
    from journeymap.i18n import durations_apart, exact_duration

    two_days = 2 * 86400
    assert durations_apart(two_days + 60, two_days, "nl") == ("2 dagen 1 min", "2 dagen")
    assert durations_apart(two_days + 3 * 3600, two_days, "de") == ("2 Tg. 3 Std.", "2 Tg.")
    assert durations_apart(two_days - 1, two_days, "en") == ("1 day 23 hr 59 min 59 sec", "2 days")
    assert exact_duration(two_days + 4 * 3600 + 60, "tr") == "2 gün 4 sa. 1 dk."
    assert durations_apart(two_days + 60, None, "nl") == ("2 dagen", "–")  # no limit: as usual
    assert duration(86373, "en") == "1 day"  # 23 h 59.55 min rounds up to a day, not "24 hr"


def test_metric_labels_and_emotion_marks() -> None:
    assert metric_label("csat", "tr") == "CSAT"
    assert metric_label("resolution_rate", "de") == "Gelöst"
    assert metric_label("repeat-purchase", "de", "Wiederkaufrate") == "Wiederkaufrate"
    assert [emotion_mark(e) for e in (-2, -0.6, 0, 0.4, 1.6)] == [
        "☹ −2",
        "☹ −1",
        "○ 0",
        "○ 0",
        "☺ +2",
    ]


def test_a_language_is_added_by_adding_its_catalog(tmp_path: Path) -> None:
    """A copy of the package with a French catalog next to the others speaks French."""
    package = tmp_path / "journeymap"
    shutil.copytree(
        ROOT / "journeymap", package, ignore=shutil.ignore_patterns("__pycache__", "*.mo")
    )
    french = package / "locale" / "fr" / "LC_MESSAGES"
    french.mkdir(parents=True)
    (french / "journeymap.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n'
        'msgid "No findings."\nmsgstr "Aucun constat."\n',
        encoding="utf-8",
    )
    script = (
        "from journeymap.i18n import LANGUAGES, text, number\n"
        "print('fr' in LANGUAGES, text('fr', 'No findings.'), number(2872.5, 'fr', 1))\n"
    )
    # -S: no site hooks, so the checkout's editable install cannot shadow the copy.
    libraries = sysconfig.get_paths()["purelib"]
    result = subprocess.run(
        [sys.executable, "-S", "-c", script],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": f"{tmp_path}{os.pathsep}{libraries}", "PATH": ""},
        cwd=tmp_path,  # not the checkout, whose package -c would find first
        check=True,
    )
    assert result.stdout.strip().split(maxsplit=2) == ["True", "Aucun", "constat. 2\u202f872,5"]


def test_translations_are_loaded_once_per_language() -> None:
    assert i18n.translations("de") is i18n.translations("de")


def test_the_wheel_ships_compiled_catalogs(tmp_path: Path) -> None:
    """The build hook compiles every catalog: an installed wheel needs no Babel at run time
    to find its translations."""
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("journeymap-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for lang in ("de", "nl", "tr"):
            compiled = f"journeymap/locale/{lang}/LC_MESSAGES/journeymap.mo"
            assert compiled in names
            catalog = gettext.GNUTranslations(io.BytesIO(archive.read(compiled)))
            assert catalog.gettext("No findings.") != "No findings."
