"""Ids made from names: the one slug function every importer uses (Mermaid, event logs), so
one name gives one id whichever way it came in (``Café bestellen`` → ``cafe-bestellen``,
``Satın alma`` → ``satin-alma``)."""

from __future__ import annotations

import functools
import re
import unicodedata

#: Letters NFKD does not take apart into a base letter and an accent.
_SPELLED_OUT = str.maketrans({"ß": "ss", "ı": "i", "ø": "o", "æ": "ae", "đ": "d", "ł": "l"})


@functools.lru_cache(maxsize=4096)
def slugify(text: str, fallback: str) -> str:
    """An id from a label: ``"Größe & Preis"`` → ``"grosse-preis"``; ``fallback`` when
    nothing is left."""
    spelled = text.translate(_SPELLED_OUT).replace("İ", "I")
    ascii_text = unicodedata.normalize("NFKD", spelled).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:48].strip("-")
    return slug or fallback


class UniqueIds:
    """Ids unique across the whole journey, as the file format wants them: a second
    ``Decide`` becomes ``decide-2``.  Linear in the names, however many share a base."""

    def __init__(self) -> None:
        self.used: set[str] = set()
        self.next_number: dict[str, int] = {}  # per base: where to go on counting

    def new(self, label: str, fallback: str) -> str:
        base = slugify(label, fallback)
        candidate, number = base, self.next_number.get(base, 2)
        while candidate in self.used:
            candidate, number = f"{base}-{number}", number + 1
        self.next_number[base] = number
        self.used.add(candidate)
        return candidate
