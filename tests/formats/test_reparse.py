"""A file read again from its last reading must give exactly what a whole parse gives."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from journeymap.errors import LoadError
from journeymap.formats import reparse
from journeymap.formats.loader import Document, reads
from tests.helpers import EXAMPLES, FIXTURES, SHOP

JOURNEYS = [*EXAMPLES, *sorted((FIXTURES / "journeys").glob("*.yaml"))]
ENTRY = re.compile(r"( *)([A-Za-z_][A-Za-z0-9_-]*): +\S")
#: What a workshop types over a value, and what a line must never be read alone as.
NEW_VALUES = [
    "Neuer Name – çok güzel",
    "42",
    "-1.5",
    "'quoted: with a colon'",
    '"double \\" quoted"',
    "true",
    "null",
    "text # and a comment",
    "[a, b]",
    "{a: 1}",
    "a: b",
    "&anchor text",
    "*alias",
    "|",
    "1e999",
]


@pytest.fixture(autouse=True)
def nothing_kept() -> Iterator[None]:
    reparse.forget()
    yield
    reparse.forget()


def read(text: str, file: str) -> Document | list[str]:
    try:
        return reads(text, file=file)
    except LoadError as error:
        return error.lines()


def whole(text: str, file: str) -> Document | list[str]:
    reparse.forget()
    return read(text, file)


def same(one: Document | list[str], other: Document | list[str]) -> bool:
    if isinstance(one, list) or isinstance(other, list):
        return one == other
    return (
        one.journey == other.journey
        and one.source.values == other.source.values
        and one.source.keys == other.source.keys
        and one.source.yaml_text == other.source.yaml_text
    )


def entry_lines(text: str, most: int = 24) -> list[int]:
    """Up to ``most`` lines of ``key: value`` entries, spread over the file."""
    numbers = [n for n, line in enumerate(text.splitlines()) if ENTRY.match(line)]
    step = max(1, len(numbers) // most)
    return numbers[::step][:most]


def with_value(text: str, number: int, value: str) -> str:
    lines = text.splitlines(keepends=True)
    line = lines[number]
    key_end = line.index(":") + 1
    lines[number] = f"{line[:key_end]} {value}\n"
    return "".join(lines)


@pytest.mark.parametrize("path", JOURNEYS, ids=lambda p: p.name)
def test_a_value_typed_over_reads_as_a_whole_parse_reads_it(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    file = str(path)
    for number in entry_lines(text):
        for value in NEW_VALUES:
            changed = with_value(text, number, value)
            read(text, file)  # the last reading the next one starts from
            again = read(changed, file)
            assert same(again, whole(changed, file)), (number, value)


def test_a_rename_is_read_from_the_last_reading_and_leaves_that_one_as_it_was() -> None:
    text = SHOP.read_text(encoding="utf-8")
    first = reads(text, file="shop.yaml")
    name = first.journey.touchpoints[0].label
    number = next(n for n, line in enumerate(text.splitlines()) if f"name: {name}" in line)
    changed = with_value(text, number, "Ganz anders")
    assert reparse.reparsed(changed, "shop.yaml") is not None  # not parsed whole
    again = reads(changed, file="shop.yaml")
    assert again.journey.touchpoints[0].label == "Ganz anders"
    assert first.journey.touchpoints[0].label == name
    assert reads(text, file="shop.yaml").journey == first.journey


CONTEXTS = {
    "a line of a block scalar": (
        "id: j\ntitle: T\nstages: [{id: s}]\ndescription: |\n  name: one\n  more\n",
        "  name: one",
        "  name: two",
    ),
    "a value that goes on over the next line": (
        "id: j\ntitle: a\n  b\nstages: [{id: s}]\n",
        "title: a",
        "title: c",
    ),
    "an anchored value used elsewhere": (
        "id: j\ntitle: &t T\nstages: [{id: s, name: *t}]\n",
        "title: &t T",
        "title: &t U",
    ),
    "a flow mapping over several lines": (
        "id: j\ntitle: T\nstages: [{id: s}]\nmeta: {\n  a: 1,\n  b: 2\n}\n",
        "  b: 2",
        "  b: 3",
    ),
    "an entry of a merged mapping": (
        "id: j\ntitle: T\nbase: &b\n  name: x\nstages:\n  - <<: *b\n    id: s\n",
        "  name: x",
        "  name: y",
    ),
}


@pytest.mark.parametrize("context", CONTEXTS, ids=list(CONTEXTS))
def test_a_line_that_is_no_entry_of_its_own_is_parsed_whole(context: str) -> None:
    text, old, new = CONTEXTS[context]
    read(text, "c.yaml")
    changed = text.replace(old, new)
    assert reparse.reparsed(changed, "c.yaml") is None
    assert same(read(changed, "c.yaml"), whole(changed, "c.yaml"))
