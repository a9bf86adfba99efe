"""Random input never crashes journeymap: only ``JourneymapError`` ever escapes.

Whatever the input, loading either succeeds or raises ``JourneymapError``; a
journey that loads is checked, rendered, reported and written out without an
exception.  The same holds for data files and (in test_mermaid.py) Mermaid text.
"""

from __future__ import annotations

import json
import os
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import journeymap as jm
from journeymap.analysis.diff import diff
from journeymap.errors import JourneymapError
from journeymap.formats import mermaid
from journeymap.formats.source import parse
from journeymap.measure.measurements import summarise
from journeymap.measure.readers import read_data
from journeymap.measure.validation import DataError
from journeymap.renderers.dot import to_dot
from journeymap.renderers.html import report_context
from tests.helpers import EXAMPLES, FIXTURES

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
    every_output(journey)


def every_output(journey: jm.Journey) -> None:
    """What a loaded journey goes through: checks, diagram, report data, YAML, Mermaid, diff."""
    to_dot(journey, lanes="owner")
    report_context(jm.assess(journey, lang="de"), "de")
    jm.loads(jm.dumps(journey))
    mermaid.loads(mermaid.dumps(journey))
    assert diff(journey, journey) == []


HOSTILE_PIECES = st.sampled_from(
    ["9" * 5000, ".nan", "-.inf", "1e400", "!!float x", "!!int", '"\\ud800"', "\x1b]0;x\x07",
     "\u202e", "\x01", "&a [*a, *a]", "<<: ", "0x" + "f" * 200, "\r", "\t"]
)  # fmt: skip


@given(
    st.sampled_from(TEXTS), st.lists(HOSTILE_PIECES | YAML_NOISE, min_size=1, max_size=4), st.data()
)
def test_hostile_pieces_anywhere(text: str, pieces: list[str], data: st.DataObject) -> None:
    for piece in pieces:
        position = data.draw(st.integers(0, len(text)))
        text = text[:position] + piece + text[position:]
    load_or_reject(text)


@given(st.binary(max_size=300))
def test_any_bytes_in_a_file(tmp_path_factory: Any, raw: bytes) -> None:
    path = tmp_path_factory.mktemp("bytes") / "j.yaml"
    path.write_bytes(raw)
    try:
        journey = jm.load(path)
    except JourneymapError as error:
        assert all(line.startswith(f"{path}:") for line in error.lines())
        return
    every_output(journey)


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


DATA_JOURNEY = jm.load(FIXTURES / "data" / "journey.yaml")
CELLS = st.sampled_from(
    ["checkout", "hotline", "app", "csat", "nps", "ces", "effort-minutes", "5", "10", "-1", "4.5",
     "nan", "inf", "1e400", "9" * 400, "", " ", '"', '""', ",", "\n", "x", "2024-05-01T10:00:00Z",
     "infinity", "epoch", "today", "\x00", "ä"]
)  # fmt: skip


@settings(max_examples=60)
@given(
    st.sampled_from(
        [
            ("responses", "touchpoint,metric,score"),
            ("tickets", "touchpoint,created_at,first_response_at,resolved_at"),
        ]
    ),
    st.lists(st.lists(CELLS, min_size=1, max_size=5).map(",".join), max_size=6),
    st.booleans(),
)
def test_data_files_are_read_or_refused_with_positions(
    tmp_path_factory: Any, kind: tuple[str, str], rows: list[str], skip_invalid: bool
) -> None:
    name, header = kind
    path = tmp_path_factory.mktemp("data") / f"{name}.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    sources = {name: [str(path)]}
    try:
        measurements = read_data(DATA_JOURNEY, skip_invalid=skip_invalid, **sources)
    except DataError as error:
        assert all(line.startswith(f"{path}:") for line in error.lines())
        return
    summary = summarise(DATA_JOURNEY, measurements).to_dict()
    json.dumps(summary, allow_nan=False)  # every number finite
