"""Text measured in the font the diagram is drawn with (DejaVu Sans, shipped in ``fonts/``).

The diagram places every piece of text itself, so it needs the real advance
width of each character to wrap names inside cards and to keep labels apart.
The widths come from the font files' own ``cmap`` and ``hmtx`` tables, read once.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import struct
from collections.abc import Callable, Iterator
from pathlib import Path

FONT_DIR = Path(__file__).parent / "fonts"
FONT_FAMILY = "DejaVu Sans"
ELLIPSIS = "…"


class _Font:
    """Advance widths of one font file, looked up per character on first use."""

    def __init__(self, path: Path) -> None:
        data = path.read_bytes()
        tables = {}
        (count,) = struct.unpack_from(">H", data, 4)
        for index in range(count):
            tag, _checksum, offset, _length = struct.unpack_from(">4sIII", data, 12 + 16 * index)
            tables[tag.decode("latin-1")] = offset
        (self.units_per_em,) = struct.unpack_from(">H", data, tables["head"] + 18)
        (self.metrics,) = struct.unpack_from(">H", data, tables["hhea"] + 34)
        self.data, self.hmtx = data, tables["hmtx"]
        self._unicode_map(tables["cmap"])
        self.widths: dict[str, int] = {}

    def _unicode_map(self, cmap: int) -> None:
        """Find the Unicode BMP subtable (format 4) and keep its segment arrays."""
        data = self.data
        (subtables,) = struct.unpack_from(">H", data, cmap + 2)
        for index in range(subtables):
            platform, encoding, offset = struct.unpack_from(">HHI", data, cmap + 4 + 8 * index)
            table = cmap + offset
            if (platform, encoding) == (3, 1) and struct.unpack_from(">H", data, table)[0] == 4:
                break
        else:  # pragma: no cover - DejaVu has one
            raise ValueError("the font has no Unicode BMP character map")
        (segments_x2,) = struct.unpack_from(">H", data, table + 6)
        count = segments_x2 // 2
        self.ends = struct.unpack_from(f">{count}H", data, table + 14)
        self.starts = struct.unpack_from(f">{count}H", data, table + 16 + segments_x2)
        self.deltas = struct.unpack_from(f">{count}h", data, table + 16 + 2 * segments_x2)
        self.range_offsets_at = table + 16 + 3 * segments_x2
        self.range_offsets = struct.unpack_from(f">{count}H", data, self.range_offsets_at)

    def glyph(self, code: int) -> int:
        i = bisect.bisect_left(self.ends, code)
        if i >= len(self.ends) or code < self.starts[i]:
            return 0
        if self.range_offsets[i] == 0:
            return int(code + self.deltas[i]) & 0xFFFF
        at = self.range_offsets_at + 2 * i + self.range_offsets[i] + 2 * (code - self.starts[i])
        (glyph,) = struct.unpack_from(">H", self.data, at)
        return int(glyph + self.deltas[i]) & 0xFFFF if glyph else 0

    def advance(self, char: str) -> int:
        width = self.widths.get(char)
        if width is None:
            glyph = min(self.glyph(ord(char)) if ord(char) < 0x10000 else 0, self.metrics - 1)
            (width,) = struct.unpack_from(">H", self.data, self.hmtx + 4 * glyph)
            self.widths[char] = width
        return width


@functools.cache
def _font(bold: bool) -> _Font:
    return _Font(FONT_DIR / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"))


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """Width of ``text`` in points at ``size`` points."""
    return _em_width(text, bold) * size


@functools.lru_cache(maxsize=1 << 16)
def _em_width(text: str, bold: bool) -> float:
    """Width of ``text`` in ems (labels are measured again and again while a layout is tried)."""
    font = _font(bold)
    return float(sum(map(font.advance, text)) / font.units_per_em)


def shorten(text: str, width: float, size: float, *, bold: bool = False) -> str:
    """``text``, cut at a word (or a character) and ended with "…" if it is wider than ``width``."""
    if text_width(text, size, bold=bold) <= width:
        return text
    room = (width - text_width(ELLIPSIS, size, bold=bold)) / size
    font, used, length = _font(bold), 0.0, 0
    for char in text:
        used += font.advance(char) / font.units_per_em
        if used > room:
            break
        length += 1
    cut = text[:length]
    word_end = cut.rfind(" ")
    if word_end > len(cut) // 2:
        cut = cut[:word_end]
    return cut.rstrip(" ,;:-–") + ELLIPSIS


def wrap(
    text: str,
    width: float,
    size: float,
    *,
    most: int | None = None,
    bold: bool = False,
    lang: str | None = None,
) -> list[str]:
    """``text`` broken into lines no wider than ``width``; a word too long is broken after a
    hyphen of its own, else at a syllable of ``lang`` (see :func:`break_points`), else
    where it must.  With ``most``, at most that many lines, the last one ending with "…"
    when text was left out (the rest of a long text is never even measured)."""
    lines = list(
        itertools.islice(_lines(text, width, size, bold, lang), None if most is None else most + 1)
    )
    if most is None or len(lines) <= most:
        return lines
    kept = lines[:most]
    kept[-1] = shorten(kept[-1] + " " + lines[most] + ELLIPSIS, width, size, bold=bold)
    if not kept[-1].endswith(ELLIPSIS):
        kept[-1] += ELLIPSIS
    return kept


def fold(
    text: str,
    width: float,
    size: float,
    *,
    joint: str = " · ",
    whole: bool = False,
    lang: str | None = None,
) -> list[str]:
    """``text`` made of parts joined by ``joint``, broken at the joints into as few lines
    as fit ``width``, so that a figure at its end moves down instead of being cut; a part
    wider than a line alone is shortened (``whole``: wrapped over lines of its own, a word
    broken at a syllable of ``lang``)."""
    lines: list[str] = []
    for part in text.split(joint):
        if lines and text_width(lines[-1] + joint + part, size) <= width:
            lines[-1] += joint + part
        elif whole:
            lines += wrap(part, width, size, lang=lang)
        else:
            lines.append(shorten(part, width, size))
    return lines


def _lines(text: str, width: float, size: float, bold: bool, lang: str | None) -> Iterator[str]:
    line, used, any_line = "", 0.0, False
    space = text_width(" ", size, bold=bold)
    for word in text.split():
        word_width = text_width(word, size, bold=bold)
        if line and used + space + word_width <= width:
            line, used = f"{line} {word}", used + space + word_width
            continue
        if line:
            yield line
            any_line = True
        while word_width > width and len(word) > 1:
            cut = _cut(word, width, size, bold, lang)
            head = word[:cut]
            yield head if head.endswith(HYPHENS) else head + "-"
            any_line = True
            word = word[cut:]
            word_width = text_width(word, size, bold=bold)
        line, used = word, word_width
    if line or not any_line:
        yield line


#: Characters a word already breaks after without a hyphen being added.
HYPHENS = ("-", "\u2010", "/")


def _cut(word: str, width: float, size: float, bold: bool, lang: str | None) -> int:
    """Where a word wider than ``width`` is broken: the last of its break points whose
    head (with the hyphen it then takes) fits; where none fits, as many characters as fit,
    but never leaving a single one for the next line."""
    for point in reversed(break_points(word, lang)):
        head = word[:point]
        shown = head if head.endswith(HYPHENS) else head + "-"
        if text_width(shown, size, bold=bold) <= width:
            return point
    cut = _fitting(word, width - text_width("-", size, bold=bold), size, bold)
    return cut - 1 if cut == len(word) - 1 and cut > 1 else cut


def break_points(word: str, lang: str | None = None) -> list[int]:
    """The places a word may be broken at, in order: after a hyphen it has (the joint of a
    compound, "E-Mail"), and between the syllables of ``lang`` (Hunspell's patterns through
    pyphen for de, nl and en; Turkish by its own regular rule); never before its second
    or after its next-to-last letter."""
    points = {index + 1 for index, char in enumerate(word) if char in HYPHENS}
    if lang is not None:
        points.update(_syllables(lang)(word))
    return sorted(point for point in points if _breakable(word, point))


def _breakable(word: str, point: int) -> bool:
    """No line starts with a hyphen, and no part of a compound is cut to a single letter
    on either side: "E-Mail" keeps its "E-", "Vergoedingenchec-k" never happens."""
    if not 2 <= point <= len(word) - 2 or word[point] in HYPHENS:
        return False
    start = max((i + 1 for i, char in enumerate(word[: point - 1]) if char in HYPHENS), default=0)
    if word[point - 1] in HYPHENS:  # after a joint: the part before it is a word
        return point - 1 - start >= 2
    end = next((i for i in range(point, len(word)) if word[i] in HYPHENS), len(word))
    return point - start >= 2 and end - point >= 2


@functools.cache
def _syllables(lang: str) -> Callable[[str], list[int]]:
    if lang == "tr":
        return _turkish_syllables
    import pyphen

    dictionary = {"de": "de_DE", "nl": "nl_NL", "en": "en_US"}.get(lang)
    if dictionary is None or dictionary not in pyphen.LANGUAGES:
        return lambda word: []
    hyphenator = pyphen.Pyphen(lang=dictionary, left=2, right=2)
    return lambda word: list(hyphenator.positions(word))


_TURKISH_VOWELS = frozenset("aeıioöuüâîûAEIİOÖUÜÂÎÛ")


def _turkish_syllables(word: str) -> list[int]:
    """Turkish syllables follow one rule: a consonant before a vowel begins a syllable
    (so of two or more consonants between vowels, only the last moves on: "hiz-met-le-ri",
    "Türk-çe"), and two vowels side by side part ("sa-at")."""
    points = []
    seen_vowel = False
    for index, char in enumerate(word):
        vowel = char in _TURKISH_VOWELS
        if seen_vowel and index + 1 < len(word):
            following = word[index + 1] in _TURKISH_VOWELS
            if (not vowel and char.isalpha() and following) or (
                vowel and word[index - 1] in _TURKISH_VOWELS
            ):
                points.append(index)
        seen_vowel = seen_vowel or vowel
    return points


def _fitting(word: str, width: float, size: float, bold: bool) -> int:
    """How many of ``word``'s first characters fit ``width`` (at least one): one pass."""
    font = _font(bold)
    room, used = width / size * font.units_per_em, 0
    for count, char in enumerate(word):
        used += font.advance(char)
        if used > room:
            return max(count, 1)
    return len(word)
