"""The positional YAML/JSON readers: typing of scalars, positions, and hostile input."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest

from journeymap.errors import LoadError
from journeymap.formats.source import MAX_DEPTH, parse, portfolio_file


def test_yaml_scalars_follow_the_core_schema_not_yaml_1_1() -> None:
    parsed = parse(
        "a: off\nb: yes\nc: 1:30\nd: 2024-01-01\ne: 010\nf: 0x1f\ng: 2.5\nh: ~\ni: true\n", "f"
    )
    assert parsed.data == {
        "a": "off",
        "b": "yes",
        "c": "1:30",
        "d": "2024-01-01",
        "e": 10,
        "f": 31,
        "g": 2.5,
        "h": None,
        "i": True,
    }


def test_quoted_scalars_stay_strings() -> None:
    assert parse("a: \"12\"\nb: 'true'\n", "f").data == {"a": "12", "b": "true"}


def test_positions_of_keys_and_values_are_one_based() -> None:
    parsed = parse("top:\n  - id: x\n    name: y\n", "f")
    assert parsed.positions.keys[("top",)] == (1, 1)
    assert parsed.positions.values[("top", 0)] == (2, 5)
    assert parsed.positions.keys[("top", 0, "name")] == (3, 5)
    assert parsed.positions.locate(("top", 0, "missing", 3)) == (2, 5)


def test_locate_finds_upper_case_metric_aliases() -> None:
    parsed = parse("metrics:\n  CSAT: 3\n", "f")
    assert parsed.positions.locate(("metrics", "csat")) == (2, 3)


def test_duplicate_keys_are_reported_with_both_lines() -> None:
    with pytest.raises(LoadError) as error:
        parse("a: 1\nb: 2\na: 3\n", "f.yaml")
    assert error.value.lines() == ["f.yaml:3:1: duplicate key 'a' (first given on line 1)"]


def test_merge_keys_apply_with_explicit_keys_winning() -> None:
    parsed = parse("base: &b {owner: CX, channel: web}\nt: {<<: *b, channel: app}\n", "f")
    assert parsed.data["t"] == {"owner": "CX", "channel": "app"}


def test_syntax_error_names_line_and_column() -> None:
    with pytest.raises(LoadError) as error:
        parse("a: 1\nb: [1, 2\nc: 3\n", "f.yaml")
    (diagnostic,) = error.value.diagnostics
    assert (diagnostic.line, diagnostic.file) == (3, "f.yaml")
    assert "starts on line 2" in diagnostic.message


@pytest.mark.parametrize("tag", ["!!python/object:os.system", "!!binary", "!custom"])
def test_non_standard_tags_are_refused(tag: str) -> None:
    with pytest.raises(LoadError, match="unsupported YAML tag"):
        parse(f"a: {tag} x\n", "f")


def test_billion_laughs_fails_fast_with_bounded_memory() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        previous, name = chr(96 + i), chr(97 + i)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    text = "\n".join(lines)
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(LoadError, match="alias bomb"):
        parse(text, "bomb.yaml")
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 20_000_000  # bytes: the expansion was refused before it was built
    assert elapsed < 30  # a generous bound against a hang, not a speed test


def test_recursive_alias_is_refused() -> None:
    with pytest.raises(LoadError, match="recursive alias"):
        parse("a: &a [*a]\n", "f")


@pytest.mark.parametrize("json_syntax", [False, True])
def test_deep_nesting_is_refused(json_syntax: bool) -> None:
    with pytest.raises(LoadError, match="nest"):
        parse("[" * (MAX_DEPTH + 10) + "]" * (MAX_DEPTH + 10), "f", json_syntax=json_syntax)


def test_empty_documents_are_refused() -> None:
    for json_syntax in (False, True):
        with pytest.raises(LoadError, match="empty"):
            parse("  \n", "f", json_syntax=json_syntax)


def test_json_reader_records_positions_and_types() -> None:
    parsed = parse(
        '{\n  "a": [1, 2.5, true, null],\n  "b": {"c": "\\u00e4"}\n}', "f.json", json_syntax=True
    )
    assert parsed.data == {"a": [1, 2.5, True, None], "b": {"c": "ä"}}
    assert parsed.positions.keys[("b", "c")] == (3, 9)
    assert parsed.positions.values[("a", 1)] == (2, 12)


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        ('{"a": 1,\n "a": 2}', 2, 2, "duplicate key 'a'"),
        ('{"a": }', 1, 7, "unexpected character"),
        ('{"a": 1} x', 1, 10, "unexpected text"),
        ('{"a": "open', 1, 7, "Unterminated string"),
        ('{"a" 1}', 1, 6, "expected ':'"),
        ("[1, 2", 1, 6, "unexpected end of file"),
    ],
)
def test_json_errors_name_line_and_column(text: str, line: int, column: int, message: str) -> None:
    with pytest.raises(LoadError) as error:
        parse(text, "f.json", json_syntax=True)
    (diagnostic,) = error.value.diagnostics
    assert (diagnostic.line, diagnostic.column) == (line, column)
    assert message in diagnostic.message


def test_aliases_reuse_their_anchor_and_merges_through_aliases() -> None:
    parsed = parse("d: &d {owner: CX, channel: web}\nt: {<<: *d, channel: app}\nu: *d\n", "f")
    assert parsed.data["t"] == {"owner": "CX", "channel": "app"}
    assert parsed.data["u"] == {"owner": "CX", "channel": "web"}
    assert parsed.positions.values[("u",)] == (3, 4)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: *nope\n", "f:1:4: alias *nope names no anchor defined before it"),
        ("a: 1\n---\nb: 2\n", "f:2:1: expected one journey, found a second YAML document"),
        ("? [a, b]\n: c\nd: 1\n", "f:1:3: a mapping key must be a plain value, not a collection"),
        ("a: {<<: 3}\n", "f:1:9: a merge key ('<<') needs a mapping or a list of mappings"),
        ("# only a comment\n", "f:1:1: the file is empty; expected a journey mapping"),
    ],
)
def test_structural_yaml_problems(text: str, message: str) -> None:
    with pytest.raises(LoadError) as error:
        parse(text, "f")
    assert error.value.lines() == [message]


def test_a_portfolio_is_named_by_its_file_or_its_folder(tmp_path: Path) -> None:
    listed = tmp_path / "journeymap.yaml"
    listed.write_text("journeymap: 1\n", encoding="utf-8")
    (tmp_path / "shop.yaml").write_text("journeymap: 1\n", encoding="utf-8")
    assert portfolio_file(str(tmp_path)) == str(listed)
    assert portfolio_file(str(listed)) == str(listed)
    assert portfolio_file(str(tmp_path / "shop.yaml")) is None  # a journey, not a portfolio
    (tmp_path / "alone").mkdir()
    assert portfolio_file(str(tmp_path / "alone")) is None
