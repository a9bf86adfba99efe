"""Ids made from names, the same from every importer."""

from __future__ import annotations

from journeymap.model.ids import UniqueIds, slugify


def test_names_in_every_language_become_readable_ids() -> None:
    assert slugify("Café bestellen", "x") == "cafe-bestellen"
    assert slugify("Satın alma", "x") == "satin-alma"
    assert slugify("Größe & Preis", "x") == "grosse-preis"
    assert slugify("İade talebi", "x") == "iade-talebi"
    assert slugify("!!!", "touchpoint") == "touchpoint"


def test_repeated_names_get_numbered_ids() -> None:
    ids = UniqueIds()
    assert [ids.new("Decide", "x") for _ in range(3)] == ["decide", "decide-2", "decide-3"]
    assert ids.new("decide 2", "x") == "decide-2-2"  # taken by the second Decide
