"""Channels as a vocabulary: built-in ids, their names in every language, declared ones."""

from __future__ import annotations

import pytest

import journeymap as jm
from journeymap.i18n import LANGUAGES, channel_name
from journeymap.model.channels import builtin_channel, nearest_channel, resolve_channel
from journeymap.model.vocabulary import KNOWN_CHANNELS


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_channel_name_the_catalogs_give_is_read_back_as_its_channel(lang: str) -> None:
    """What a map or report writes for a channel, in any language, loads as that channel."""
    for channel in KNOWN_CHANNELS:
        assert builtin_channel(channel_name(channel, lang)) == channel, (lang, channel)


@pytest.mark.parametrize(
    ("written", "channel"),
    [
        ("telefoon", "phone"),
        ("Telefon", "phone"),
        ("TELEFON", "phone"),
        ("E-Mail", "email"),
        ("e-posta", "email"),
        ("Brief", "mail"),
        ("post", "mail"),
        ("Mağaza", "store"),
        ("magaza", "store"),
        ("Sosyal Medya", "social"),
        ("live chat", "chat"),
    ],
)
def test_names_are_matched_without_case_accents_or_hyphens(written: str, channel: str) -> None:
    assert builtin_channel(written) == channel


def test_a_declared_channel_is_matched_by_its_id_or_name_before_the_built_in_ones() -> None:
    declared: dict[str, str | None] = {"whatsapp": "WhatsApp", "post": "Postbus 51"}
    assert resolve_channel("WhatsApp", declared) == "whatsapp"
    assert resolve_channel("whats-app", declared) == "whatsapp"
    assert resolve_channel("post", declared) == "post"  # declared wins over the built-in mail
    assert resolve_channel("telefoon", declared) == "phone"
    assert resolve_channel("emial", declared) == "emial"  # left for JM108


def test_the_hint_for_an_unknown_channel_is_the_nearest_known_one() -> None:
    assert nearest_channel("emial", {}) == "email"
    assert nearest_channel("telefom", {}) == "phone"
    assert nearest_channel("whatsap", {"whatsapp": "WhatsApp"}) == "whatsapp"
    assert nearest_channel("zzz", {}) is None


def test_a_journey_resolves_channels_without_touching_a_shared_touchpoint() -> None:
    shared = jm.Touchpoint(id="w", stage="s", owner="CS", channel="WhatsApp")
    with_declared = jm.Journey(
        id="a",
        title="A",
        stages=[jm.Stage(id="s")],
        touchpoints=[shared],
        channels=[{"id": "whatsapp", "name": "WhatsApp"}],  # type: ignore[list-item]
    )
    assert with_declared.touchpoints[0].channel == "whatsapp"
    assert shared.channel == "WhatsApp"  # the other journey's touchpoint is its own
    assert jm.Touchpoint(id="t", stage="s", owner="CS", channel="Telefon").channel == "phone"
