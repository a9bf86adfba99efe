"""The funnel phase of a stage that does not write ``phase:``, read from its id or name.

Journeys are written in German, Dutch and Turkish as much as in English, so a stage
called ``aankoop`` or "Satın alma" is as clearly the purchase phase as one called
``purchase``.  The words are compared without case or accents (``Abwägung`` =
``abwaegung`` = ``abwagung``, ``Farkındalık`` = ``farkindalik``), as whole words or as the start or
end of a compound (``Kaufabschluss``, ``Kundenbindung``, ``aankoopproces``).  A stage
that names no phase gets no phase: the coverage rules then say they cannot judge it
(JM107) instead of guessing.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from .vocabulary import CanonicalPhase

#: The words that name each phase, in every shipped language (normalised: lower case,
#: no accents; "satin alma" is two words).
PHASE_WORDS: dict[CanonicalPhase, tuple[str, ...]] = {
    "awareness": (
        "awareness", "discovery",
        "aufmerksamkeit", "bewusstsein", "wahrnehmung",
        "bewustwording", "bewustzijn",
        "farkindalik",
    ),
    "consideration": (
        "consideration", "evaluation",
        "erwagung", "abwagung", "evaluierung",
        "overweging", "orientatie", "orientatiefase",
        "degerlendirme",
    ),
    "purchase": (
        "purchase", "buying", "checkout",
        "kauf",
        "aankoop",
        "satin alma", "satinalma",
    ),
    "loyalty": (
        "loyalty", "retention",
        "bindung", "loyalitat",
        "loyaliteit", "klantrelatie", "klantbinding",
        "sadakat", "baglilik",
    ),
    "advocacy": (
        "advocacy", "referral",
        "empfehlung", "fursprache",
        "aanbevelen", "aanbeveling", "ambassadeur",
        "tavsiye", "savunuculuk",
    ),
}  # fmt: skip

_WORD = re.compile(r"[a-z0-9]+")


def normalised(text: str) -> str:
    """``text`` in lower case without accents, Turkish dotless ı and German ß included."""
    folded = unicodedata.normalize("NFKD", text.replace("ı", "i").replace("İ", "i").casefold())
    return "".join(char for char in folded if not unicodedata.combining(char))


@functools.lru_cache(maxsize=1024)
def phase_named_in(text: str) -> CanonicalPhase | None:
    """The phase a stage's id or name names (the first one named, reading left to right),
    or None."""
    # Slugs spell umlauts out (abwaegung): read them as the accent-free name (abwagung).
    folded = normalised(text).replace("ae", "a").replace("oe", "o").replace("ue", "u")
    words = _WORD.findall(folded)
    joined = f" {' '.join(words)} "
    best: tuple[int, CanonicalPhase] | None = None
    for phase, names in PHASE_WORDS.items():
        for name in names:
            at = _position(name, words, joined)
            if at is not None and (best is None or at < best[0]):
                best = (at, phase)
    return best[1] if best else None


def _position(name: str, words: list[str], joined: str) -> int | None:
    """Where ``name`` occurs in the text: as a phrase of whole words, or as a word or the
    start or end of a compound word."""
    if " " in name:
        at = joined.find(f" {name} ")
        return None if at < 0 else at
    for index, word in enumerate(words):
        if word == name or word.startswith(name) or word.endswith(name):
            return len(" ".join(words[:index]))
    return None


def infer_phase(stage_id: str, name: str | None) -> CanonicalPhase | None:
    """The phase a stage's id names, else the one its name names, else None."""
    return phase_named_in(stage_id) or (phase_named_in(name) if name else None)
