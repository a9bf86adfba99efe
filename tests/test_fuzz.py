"""Random mutations of the examples never crash the loader or the checks.

Whatever the input, loading either succeeds or raises ``JourneymapError``; a
journey that loads is checked without an exception.
"""

from __future__ import annotations

import json
import os
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import journeymap as jm
from journeymap.errors import JourneymapError
from journeymap.formats.source import parse
from tests.helpers import EXAMPLES

settings.register_profile(
    "journeymap",
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    # In CI the same examples every run: a red build must be reproducible.
    derandomize=os.environ.get("CI") == "true",
)
settings.load_profile("journeymap")

TEXTS = [path.read_text(encoding="utf-8") for path in EXAMPLES]
DATA = [parse(text, "example").data for text in TEXTS]
YAML_NOISE = st.text(alphabet=list(":-[]{}&*!|>'\"#%@`,?~ \t\nabcXYZ019äşİ\\"), max_size=12)


def load_or_reject(text: str, *, json_syntax: bool = False) -> None:
    try:
        journey = jm.loads(text, file="mutant", json_syntax=json_syntax)
    except JourneymapError as error:
        assert error.lines() and all(line.startswith("mutant:") for line in error.lines())
        return
    jm.check(journey)


@given(st.sampled_from(TEXTS), st.data())
def test_text_mutations(text: str, data: st.DataObject) -> None:
    for _ in range(data.draw(st.integers(1, 4))):
        start = data.draw(st.integers(0, len(text)))
        end = data.draw(st.integers(start, min(len(text), start + 40)))
        text = text[:start] + data.draw(YAML_NOISE) + text[end:]
    load_or_reject(text)


@given(st.sampled_from(TEXTS), st.data())
def test_line_mutations(text: str, data: st.DataObject) -> None:
    lines = text.splitlines()
    i = data.draw(st.integers(0, len(lines) - 1))
    j = data.draw(st.integers(0, len(lines) - 1))
    operation = data.draw(st.sampled_from(["swap", "duplicate", "delete", "indent", "dedent"]))
    if operation == "swap":
        lines[i], lines[j] = lines[j], lines[i]
    elif operation == "duplicate":
        lines.insert(j, lines[i])
    elif operation == "delete":
        del lines[i]
    elif operation == "indent":
        lines[i] = "  " + lines[i]
    else:
        lines[i] = lines[i][2:]
    load_or_reject("\n".join(lines))


def _containers(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.lists(children, max_size=3) | st.dictionaries(
        st.text(max_size=6), children, max_size=3
    )


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=False)
    | st.text(max_size=8),
    _containers,
    max_leaves=6,
)


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += paths(item, (*prefix, index))
    return found


@given(st.sampled_from(DATA), st.data(), st.booleans())
def test_value_mutations(document: Any, data: st.DataObject, as_json: bool) -> None:
    document = json.loads(json.dumps(document))
    path = data.draw(st.sampled_from(paths(document)[1:]))
    parent = document
    for part in path[:-1]:
        parent = parent[part]
    if data.draw(st.booleans()) and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[path[-1]] = data.draw(JSON_VALUES)
    if as_json:
        load_or_reject(json.dumps(document, ensure_ascii=False), json_syntax=True)
    else:
        load_or_reject(yaml.safe_dump(document, allow_unicode=True))
