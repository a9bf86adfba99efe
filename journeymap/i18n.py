"""Every word a person reads, in their language: gettext catalogs, and numbers as CLDR writes them.

The English text is the message id.  Each other language has a catalog
``journeymap/locale/<lang>/LC_MESSAGES/journeymap.po``, compiled to ``.mo`` by the
build (``scripts/i18n compile`` in a checkout); a language is shipped by adding its
catalog, with no change to the code.  Messages take ``%(name)s`` placeholders, the
style of Python's and Jinja's gettext, so that Babel checks them against the English.

Which language: the command's ``--lang``, else the journey's ``locale`` for
everything about that journey, else ``LANGUAGE``/``LC_ALL``/``LC_MESSAGES``/``LANG``
for messages tied to no journey, else English.

Numbers, percentages and durations are written by Babel with the locale's CLDR
data: ``2.872,5`` in German, ``%53`` in Turkish, ``4 Std. 20 Min.``.
"""

from __future__ import annotations

import contextlib
import contextvars
import errno
import functools
import gettext
import io
import math
import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel import Locale

DOMAIN = "journeymap"
LOCALE_DIR = Path(__file__).parent / "locale"
#: The language of the message ids.
SOURCE_LANGUAGE = "en"


def _shipped() -> tuple[str, ...]:
    """English and every language with a catalog in the package."""
    found = (
        sorted(
            p.name for p in LOCALE_DIR.iterdir() if (p / "LC_MESSAGES" / f"{DOMAIN}.po").exists()
        )
        if LOCALE_DIR.is_dir()
        else []
    )
    return (SOURCE_LANGUAGE, *(lang for lang in found if lang != SOURCE_LANGUAGE))


#: The languages journeymap speaks (a language code, as a journey's ``locale`` gives it).
Language = str
LANGUAGES: tuple[Language, ...] = _shipped()


def N_(message: str) -> str:
    """Mark a message for translation where it is defined, to be translated where shown."""
    return message


@functools.cache
def translations(lang: str) -> gettext.NullTranslations:
    """The catalog of ``lang``: its compiled ``.mo``, or, in a checkout where it has not
    been compiled yet (or is older than its ``.po``), the ``.po`` compiled in memory."""
    if lang == SOURCE_LANGUAGE or lang not in LANGUAGES:
        return gettext.NullTranslations()
    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    po, mo = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as stream:
            return gettext.GNUTranslations(stream)
    return gettext.GNUTranslations(_compiled(po))


def _compiled(po: Path) -> io.BytesIO:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as stream:
        catalog = read_po(stream)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return buffer


def text(lang: str, message: str, /, **values: object) -> str:
    """``message`` in ``lang``, with its ``%(name)s`` placeholders filled in."""
    translated = translations(lang).gettext(message)
    return translated % values if values else translated


def plural(lang: str, singular: str, plural: str, count: int, /, **values: object) -> str:
    """The form of ``singular``/``plural`` that ``count`` takes in ``lang`` (its own plural
    rule), with ``%(count)s`` written as the locale writes numbers."""
    translated = translations(lang).ngettext(singular, plural, count)
    return translated % {"count": number(count, lang), **values}


#: ``--lang``, when the command line chose a language: it goes before everything else.
_CHOSEN: contextvars.ContextVar[str | None] = contextvars.ContextVar("chosen", default=None)
#: The ``locale:`` of the journey file being read: its load errors speak it.
_JOURNEY: contextvars.ContextVar[str | None] = contextvars.ContextVar("journey", default=None)


def say(message: str, /, **values: object) -> str:
    """``message`` in the language of what is going on: ``--lang``, else the ``locale:``
    of the journey being read, else the environment's (SPEC §7's order)."""
    return text(speaking(), message, **values)


def speaking() -> str:
    """The language :func:`say` speaks now."""
    return _CHOSEN.get() or _JOURNEY.get() or environment_language()


def choose_language(lang: str) -> contextvars.Token[str | None]:
    """``--lang``: every message of the command in ``lang``, until :func:`forget_language`."""
    return _CHOSEN.set(lang)


def forget_language(token: contextvars.Token[str | None]) -> None:
    _CHOSEN.reset(token)


@contextlib.contextmanager
def journey_language(lang: str | None) -> Iterator[None]:
    """While a journey file that says ``locale: lang`` is read (None: it says none)."""
    token = _JOURNEY.set(lang)
    try:
        yield
    finally:
        _JOURNEY.reset(token)


def in_context(lang: str, context: str, message: str, /, **values: object) -> str:
    """``message`` in ``lang`` where the same English says different things (``context``)."""
    translated = translations(lang).pgettext(context, message)
    return translated % values if values else translated


def environment_language() -> Language:
    """The language of the environment (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``),
    when journeymap speaks it; else English.  For messages that belong to no journey."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        for part in os.environ.get(variable, "").split(":"):
            code = part.split(".")[0].split("@")[0].split("_")[0].lower()
            if code in LANGUAGES:
                return code
            if code and code not in ("c", "posix"):
                break  # a language journeymap does not speak: the next variable decides
    return SOURCE_LANGUAGE


# --------------------------------------------------------------------------- numbers


@functools.cache
def _locale(lang: str) -> Locale:
    from babel import Locale

    return Locale.parse(lang)


#: How many formatted numbers each formatter remembers: a report writes the same values
#: again and again (in the map, the grid and the tables), and Babel takes ~30 µs for each.
_REMEMBERED = 8192


def number(value: float, lang: str, decimals: int = 0) -> str:
    """``value`` with the locale's decimal mark and grouping, to ``decimals`` places."""
    return _number(value, math.copysign(1.0, value), lang, decimals)


@functools.lru_cache(maxsize=_REMEMBERED)
def _number(value: float, sign: float, lang: str, decimals: int) -> str:
    # ``sign`` keeps -0.0 and 0.0 apart, which a cache key would otherwise merge.
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=_locale(lang))


def text_list(items: Sequence[str], lang: str) -> str:
    """Items joined as ``lang`` lists them (CLDR): ``a, b and c``, ``a, b en c``."""
    from babel.lists import format_list

    return format_list(list(items), locale=_locale(lang)) if items else ""


def percent(value: float, lang: str, decimals: int = 0) -> str:
    """``value`` (0–100) in the locale's percent pattern: ``53%``, ``53 %``, ``%53``."""
    return _percent(value, math.copysign(1.0, value), lang, decimals)


@functools.lru_cache(maxsize=_REMEMBERED)
def _percent(value: float, sign: float, lang: str, decimals: int) -> str:
    from babel.numbers import format_percent

    pattern = _locale(lang).percent_formats[None].pattern
    digits = "0" * decimals
    if decimals:
        pattern = pattern.replace("#,##0", f"#,##0.{digits}", 1)
    return format_percent(value / 100, format=pattern, locale=_locale(lang))


#: CLDR's quotation marks of each language (Babel does not ship them).
_QUOTES = {"en": ("“", "”"), "de": ("„", "“"), "nl": ("‘", "’"), "tr": ("“", "”")}


def quoted(words: str, lang: str) -> str:
    """``words`` in the quotation marks of ``lang``: “…” (en, tr), „…“ (de), ‘…’ (nl)."""
    start, end = _QUOTES.get(lang, _QUOTES[SOURCE_LANGUAGE])
    return f"{start}{words}{end}"


#: The units a duration is written in, largest first, with their size in seconds.
_DURATION_UNITS = (
    ("duration-day", 86400),
    ("duration-hour", 3600),
    ("duration-minute", 60),
    ("duration-second", 1),
)


@functools.lru_cache(maxsize=_REMEMBERED)
def duration(seconds: float, lang: str, units: int = 2) -> str:
    """A duration as people say it, in the locale's words: ``9 days``, ``4 Std. 20 Min.``,
    ``45 sn.``: the largest unit, and the next ``units - 1`` ones that are not zero."""
    from babel.units import format_unit

    if not math.isfinite(seconds):
        return number(seconds, lang)
    words = [
        format_unit(amount, unit, length="short", locale=_locale(lang))
        for unit, amount in _duration_parts(seconds, units)
    ]
    return ("−" if seconds < 0 else "") + " ".join(words)


def _duration_parts(seconds: float, units: int) -> list[tuple[str, int]]:
    """The amounts of a duration in its largest unit and the ``units - 1`` below it,
    rounded to the smallest of them (59.6 minutes make an hour); zero amounts left out."""
    rest = round(abs(seconds))
    largest = next(
        (i for i, (_unit, size) in enumerate(_DURATION_UNITS) if rest >= size),
        len(_DURATION_UNITS) - 1,
    )
    smallest = min(largest + units - 1, len(_DURATION_UNITS) - 1)
    step = _DURATION_UNITS[smallest][1]
    rest = round(rest / step) * step
    parts = []
    for unit, size in _DURATION_UNITS[: smallest + 1]:
        amount, rest = divmod(rest, size)
        if amount:
            parts.append((unit, amount))
    return parts or [(_DURATION_UNITS[smallest][0], 0)]


_UNIT_SECONDS = dict(_DURATION_UNITS)


def _shown_seconds(seconds: float, units: int) -> float:
    """The seconds a duration written in ``units`` units says."""
    shown = sum(amount * _UNIT_SECONDS[unit] for unit, amount in _duration_parts(seconds, units))
    return math.copysign(shown, seconds)


def durations_apart(value: float, limit: float | None, lang: str) -> tuple[str, str]:
    """A duration and the limit it is held against, written so that what is read agrees
    with the verdict: the limit as exactly as it was set, and the value in as many units
    as it takes to stand on its side of the limit (2 days 20 minutes is not "2 days"
    against a limit of 2 days).  Without a limit: the duration as :func:`duration` says
    it, and "–"."""
    if limit is None:
        return duration(value, lang), "–"
    if not (math.isfinite(value) and math.isfinite(limit)):
        return duration(value, lang), duration(limit, lang)
    units = 2
    while units < len(_DURATION_UNITS) and side(_shown_seconds(value, units), limit) != side(
        value, limit
    ):
        units += 1
    return duration(value, lang, units), exact_duration(limit, lang)


def exact_duration(seconds: float, lang: str) -> str:
    """A duration in as many units as it takes to say it to the second: a limit or a
    target as it was set (``2 days 4 hr`` stays whole, not ``2 days``)."""
    if not math.isfinite(seconds):
        return duration(seconds, lang)
    most = len(_DURATION_UNITS)
    units = next((n for n in range(2, most) if _shown_seconds(seconds, n) == round(seconds)), most)
    return duration(seconds, lang, units)


def side(value: float, target: float) -> int:
    """-1, 0 or 1: below, at or above ``target``."""
    return (value > target) - (value < target)


#: Why a file could not be read or written, for the errors users meet; others as the OS says.
_OS_REASONS = {
    errno.ENOENT: N_("no such file or folder"),
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("permission denied"),
    errno.EISDIR: N_("it is a folder"),
    errno.ENOTDIR: N_("a part of the path is not a folder"),
    errno.ENOSPC: N_("the disk is full"),
    errno.EROFS: N_("the file system is read-only"),
    errno.ENAMETOOLONG: N_("the name is too long"),
    errno.EADDRINUSE: N_("the port is in use"),
}


def os_reason(exc: OSError, lang: str | None = None) -> str:
    """Why an operating-system call failed, in ``lang`` (else the environment's language)
    where known, else as the operating system says it."""
    if exc.errno in _OS_REASONS:
        message = _OS_REASONS[exc.errno]
        return text(lang, message) if lang else say(message)
    return exc.strerror or str(exc)


# --------------------------------------------------------------------------- vocabulary

#: The names of things the format has a fixed set of, translated where shown.
PHASE_NAMES = {
    "awareness": N_("Awareness"),
    "consideration": N_("Consideration"),
    "purchase": N_("Purchase"),
    "loyalty": N_("Loyalty"),
    "advocacy": N_("Advocacy"),
}
OWNER_NAMES = {
    "CX": N_("CX – customer experience"),
    "CS": N_("CS – customer service"),
}
CHANNEL_NAMES = {
    "web": N_("Web"),
    "app": N_("App"),
    "email": N_("E-mail"),
    "sms": N_("SMS"),
    "phone": N_("Phone"),
    "chat": N_("Chat"),
    "social": N_("Social media"),
    "store": N_("Store"),
    "mail": N_("Post"),
    "other": N_("Other"),
}
STATE_NAMES = {"current": N_("current state"), "future": N_("future state")}
#: Where customers reach an ``available`` touchpoint from (no flow leads there).
AVAILABLE_NAMES = {
    "stage": N_("↔ reachable from its whole stage"),
    "journey": N_("↔ reachable from every stage"),
}
#: A stage without customer service, as the report's coverage and the map's CS lane say
#: it: where customers need it there (JM201's gap), and elsewhere.
NO_SERVICE_TEXTS = {
    "gap": N_("No customer service, where customers need it"),
    "none": N_("No customer service"),
}
SEVERITY_NAMES = {"error": N_("error"), "warning": N_("warning"), "info": N_("info")}
#: What an element of each collection of the format is called.
ELEMENT_NAMES = {
    "personas": N_("persona"),
    "stages": N_("stage"),
    "touchpoints": N_("touchpoint"),
    "metrics": N_("metric definition"),
    "channels": N_("channel"),
    "teams": N_("team"),
    "systems": N_("system"),
}
PRIORITY_NAMES = {"high": N_("high"), "medium": N_("medium"), "low": N_("low")}
ACTION_STATUS_NAMES = {"open": N_("open"), "doing": N_("in progress"), "done": N_("done")}
EMOTION_MARKS = {-2: "☹ −2", -1: "☹ −1", 0: "○ 0", 1: "☺ +1", 2: "☺ +2"}


def channel_name(channel: str, lang: str, declared: Mapping[str, str | None] | None = None) -> str:
    """A built-in channel in the reader's language; a declared one (``declared``: id →
    name, from the journey's ``channels:``) by its name; another one as written."""
    if channel in CHANNEL_NAMES:
        return text(lang, CHANNEL_NAMES[channel])
    return (declared or {}).get(channel) or channel


def emotion_mark(emotion: float) -> str:
    """``☺ +1``, ``○ 0``, ``☹ −2``: the face and the (rounded) value of an emotion."""
    return EMOTION_MARKS[max(-2, min(2, round(emotion)))]
