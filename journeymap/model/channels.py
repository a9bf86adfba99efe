"""Channels as a vocabulary (SPEC §2): the built-in ids, their names in every shipped
language, and the channels a journey declares under ``channels:``.

A Dutch team writes ``channel: telefoon``, a German one ``Telefon``, an English one
``phone``: one channel, counted once by JM204, the coverage tables and the lanes.
Names are compared without case, accents, spaces or hyphens (``E-Mail`` = ``email``,
``Mağaza`` = ``magaza``).  What matches nothing stays as written and is JM108, with
the nearest known channel as a hint: a typo such as ``emial`` must not quietly become
a channel of its own.
"""

from __future__ import annotations

import functools
import re

from .phases import normalised
from .vocabulary import KnownChannel

#: The names of each built-in channel, in every shipped language: the catalogs' names
#: (a test keeps them in step) and the words teams commonly write.
CHANNEL_WORDS: dict[KnownChannel, tuple[str, ...]] = {
    "web": ("web", "website", "webseite", "internet", "online", "web sitesi", "site"),
    "app": ("app", "mobile app", "mobiele app", "uygulama", "mobil uygulama"),
    "email": ("email", "e-mail", "e-posta", "eposta"),
    "sms": ("sms", "text message", "textnachricht", "tekstbericht", "kısa mesaj"),
    "phone": ("phone", "telephone", "call", "hotline", "telefon", "telefoon", "anruf"),
    "chat": ("chat", "live chat", "livechat", "sohbet", "canlı sohbet", "canlı destek"),
    "social": ("social", "social media", "soziale medien", "sociale media", "sosyal medya"),
    "store": ("store", "shop", "branch", "filiale", "geschäft", "laden", "winkel", "mağaza"),
    "mail": ("mail", "post", "letter", "brief", "postal mail", "posta", "mektup"),
    "other": ("other", "sonstiges", "andere", "overig", "anders", "diğer"),
}  # fmt: skip


def channel_key(text: str) -> str:
    """What two spellings of one channel share: lower case, no accents, letters and
    digits only (``E-Mail`` → ``email``)."""
    return re.sub(r"[^a-z0-9]", "", normalised(text))


@functools.cache
def _builtin_keys() -> dict[str, KnownChannel]:
    keys: dict[str, KnownChannel] = {}
    for channel, words in CHANNEL_WORDS.items():
        for word in (channel, *words):
            keys.setdefault(channel_key(word), channel)
    return keys


def builtin_channel(text: str) -> KnownChannel | None:
    """The built-in channel ``text`` names (an id or a name in any shipped language)."""
    return _builtin_keys().get(channel_key(text))


def resolve_channel(text: str, declared: dict[str, str | None]) -> str:
    """The channel id ``text`` means: a declared channel (by id or name, ``declared`` maps
    id → name), else a built-in one; ``text`` unchanged when it names none (JM108)."""
    key = channel_key(text)
    for channel_id, name in declared.items():
        if key == channel_key(channel_id) or (name is not None and key == channel_key(name)):
            return channel_id
    return builtin_channel(text) or text


def nearest_channel(text: str, declared: dict[str, str | None]) -> str | None:
    """The known channel (built in or declared) spelled most like ``text``: the hint of
    JM108; None when none is close."""
    from ..errors import closest

    spellings: dict[str, str] = {key: channel for key, channel in _builtin_keys().items()}
    for channel_id, name in declared.items():
        spellings[channel_key(channel_id)] = channel_id
        if name is not None:
            spellings[channel_key(name)] = channel_id
    match = closest(channel_key(text), spellings)
    return spellings[match] if match is not None else None
