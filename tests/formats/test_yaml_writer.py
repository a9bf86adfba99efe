"""The YAML writer: what it writes reads back as the same data, in YAML 1.1 and 1.2 readers."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap.formats.source import parse
from journeymap.formats.yaml_writer import dump_yaml, dumps_data, scalar

TRICKY = st.sampled_from(
    ["yes", "No", "off", "ON", "y", "~", "null", "1:30", "2024-05-01", "0x1F", "0o7", ".5", "1e3",
     ".inf", "-.NaN", "<<", "a: b", "a #b", "#c", "- d", "&anchor", "*alias", "!tag", "|", ">",
     "'q'", '"q"', "%x", "@x", "`x`", " lead", "trail ", "", "a\nb", "\t", "\x85", "\u2028",
     "\x7f", "\ufeff", "Ölçü", "İstanbul", "1_000", "+1", "-0", "true", "False"]
)  # fmt: skip
STRINGS = TRICKY | st.text(max_size=12)
SCALARS = (
    STRINGS
    | st.none()
    | st.booleans()
    | st.integers(-(10**18), 10**18)
    | st.floats(allow_nan=False, allow_infinity=False)
)
DATA = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(STRINGS, children, max_size=3)
    ),
    max_leaves=12,
)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(STRINGS, DATA, max_size=4))
def test_what_is_written_reads_back_the_same(data: dict[str, Any]) -> None:
    text = dump_yaml(data)
    assert yaml.safe_load(text) == (data or None)  # PyYAML, YAML 1.1
    if data:
        assert parse(text, "w").data == data  # journeymap's reader, YAML 1.2


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("checkout", "checkout"),
        ("Kasse mit Karte", "Kasse mit Karte"),
        ("yes", '"yes"'),
        ("1:30", '"1:30"'),
        ("a: b", '"a: b"'),
        (3, "3"),
        (2.0, "2"),
        (1e-05, "1.0e-05"),
        (None, "null"),
        (True, "true"),
    ],
)
def test_scalars(value: Any, written: str) -> None:
    assert scalar(value) == written


def test_block_layout_and_json() -> None:
    data = {"id": "j", "stages": [{"id": "s", "name": "S"}], "metrics": {}, "tags": ["a", "b"]}
    assert dump_yaml(data) == ("id: j\nstages:\n- id: s\n  name: S\nmetrics: {}\ntags:\n- a\n- b\n")
    assert dumps_data(data, format="json").startswith('{\n  "id": "j"')


def test_a_value_that_is_no_finite_number_is_refused() -> None:
    with pytest.raises(ValueError):
        scalar(float("nan"))
