"""Mermaid journey import and export (SPEC §8)."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import journeymap as jm
from journeymap.formats import mermaid
from journeymap.formats.mermaid import KEYWORD_GUARD, mermaid_label, parse
from tests.helpers import (
    EXAMPLES,
    FIXTURES,
    HOSTILE_MERMAID_NAMES,
    ROOT,
    hostile_mermaid_journey,
)

# Mermaid's own test cases (MIT), vendored from ../shared/corpus so a clean clone has them.
CORPUS = FIXTURES / "mermaid"
CORPUS_FILES = sorted(CORPUS.glob("*.mmd"))
SHARED_CORPUS = ROOT.parent / "shared" / "corpus" / "mermaid-journey"


def test_the_vendored_corpus_is_the_shared_one() -> None:
    if not SHARED_CORPUS.is_dir():
        pytest.skip("no ../shared/corpus next to this clone")
    shared = {p.name: p.read_bytes() for p in SHARED_CORPUS.iterdir()}
    vendored = {p.name: p.read_bytes() for p in CORPUS.iterdir()}
    assert vendored == shared


def test_the_corpus_is_all_there() -> None:
    assert len(CORPUS_FILES) == 19


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_every_corpus_diagram_imports_and_maps_onto_the_journey(path: Path) -> None:
    diagram = parse(path.read_text(encoding="utf-8"), str(path))
    journey, _ = mermaid.load(str(path))
    assert [stage.name or "" for stage in journey.stages] == diagram.sections
    assert [tp.name for tp in journey.touchpoints] == [task.task for task in diagram.tasks]
    for tp, task in zip(journey.touchpoints, diagram.tasks, strict=True):
        expected = None if math.isnan(task.score) else max(-2, min(2, task.score - 3))
        assert tp.emotion == expected
        persona_names = {p.id: p.name for p in journey.personas}
        names = [persona_names[p] for p in tp.personas]
        assert names == [person for person in dict.fromkeys(task.people) if person]
    # An imported journey is a journey like any other: unique ids, and it survives a file.
    ids = [item.id for item in [*journey.stages, *journey.touchpoints, *journey.personas]]
    assert len(ids) == len(set(ids))
    assert jm.loads(jm.dumps(journey)).model_dump() == journey.model_dump()


@pytest.mark.parametrize(
    "path", sorted(CORPUS.glob("*.expected.json")), ids=lambda p: p.name.split(".")[0]
)
def test_imports_what_mermaids_own_parser_tests_assert(path: Path) -> None:
    expected = json.loads(path.read_text(encoding="utf-8"))
    diagram = parse(path.with_name(path.name.replace(".expected.json", ".mmd")).read_text())
    assert diagram.title == expected["title"]
    if "accTitle" in expected:
        assert diagram.acc_title == expected["accTitle"]
    if "accDescr" in expected:
        assert diagram.acc_descr == expected["accDescr"]
    if "tasks" in expected:
        got = [
            {"section": t.section, "task": t.task, "score": t.score, "people": t.people}
            for t in diagram.tasks
        ]
        assert got == expected["tasks"]


def test_front_matter_gives_the_title_and_its_config_is_ignored() -> None:
    journey, _ = mermaid.loads((CORPUS / "journey-12.mmd").read_text())
    assert journey.title == "My working day"
    assert journey.description == "2 main sections: work and home, each with just a few tasks"
    journey, _ = mermaid.loads((CORPUS / "journey-04.mmd").read_text())
    assert journey.title == "User Journey Example"


def test_repeated_sections_and_tasks_get_distinct_ids() -> None:
    journey, _ = mermaid.loads((CORPUS / "journey-05.mmd").read_text())
    assert [stage.id for stage in journey.stages] == ["darkoob", "external-service", "darkoob-2"]
    assert [p.id for p in journey.personas][:2] == [
        "darkoob-user",
        "darkoob-userf-deliberately-increasing-the-size-o",
    ]
    ids = [tp.id for tp in journey.touchpoints]
    assert len(ids) == len(set(ids))


def test_a_score_that_is_no_number_imports_with_a_located_warning() -> None:
    path = CORPUS / "journey-09.mmd"
    journey, warnings = mermaid.load(str(path))
    assert journey.touchpoint_map()["size"].emotion is None
    assert [str(w) for w in warnings] == [
        f"{path}:21:13: warning: score '2rem' is not a number; no emotion set"
    ]


def test_a_score_outside_1_to_5_warns_and_says_what_it_was_read_as() -> None:
    journey, warnings = mermaid.loads("journey\nsection S\n  Pay: 9: Me\n  Wait: -3\n  Fine: 4\n")
    assert [tp.emotion for tp in journey.touchpoints] == [2, -2, 1]
    assert [str(w) for w in warnings] == [
        "<string>:3:6: warning: score 9 is outside Mermaid's 1–5; read as 5 (emotion 2)",
        "<string>:4:7: warning: score -3 is outside Mermaid's 1–5; read as 1 (emotion -2)",
    ]


def test_scores_follow_javascript_number_and_are_clamped() -> None:
    text = "journey\nsection S\n  a: 5\n  b: 0\n  c: 9\n  d:  \n  e: 0x2\n  f: 2.5\n  g: 1e0\n"
    diagram = parse(text)
    assert [t.score for t in diagram.tasks] == [5, 0, 9, 0, 2, 2.5, 1]
    journey, _ = mermaid.loads(text)
    assert [tp.emotion for tp in journey.touchpoints] == [2, -2, 2, -2, -1, -0.5, -2]


def test_comments_entities_and_directives_are_read_as_mermaid_reads_them() -> None:
    text = (
        "%%{init: {'theme': 'forest'}}%%\n"
        "journey\n"
        "  %% a comment\n"
        "  title Shop #35;1 # a comment\n"
        "  section Buy #38; pay\n"
        "    Pay #quot;now#quot;: 4: Ann #59; Bo, Cy\n"
    )
    diagram = parse(text)
    assert diagram.title == "Shop #1"
    assert diagram.sections == ["Buy & pay"]
    assert [(t.task, t.score, t.people) for t in diagram.tasks] == [
        ('Pay "now"', 4, ["Ann ; Bo", "Cy"])
    ]


def test_percent_and_journey_follow_mermaids_compiled_lexer() -> None:
    # Mermaid 11 drops a task that starts with a single '%' (a comment to its lexer) and
    # reads 'journey' as a keyword only as a whole word.
    diagram = parse("journey\nsection S\n  %x: 5\n  journeyman: 4\n  50% off: 3\n")
    assert [t.task for t in diagram.tasks] == ["journeyman", "50% off"]


def test_tasks_before_any_section_get_a_stage_of_their_own() -> None:
    journey, _ = mermaid.loads("journey\n  Wake up: 3: Me\nsection Work\n  Type: 4: Me\n")
    assert [stage.id for stage in journey.stages] == ["start", "work"]
    assert [tp.stage for tp in journey.touchpoints] == ["start", "work"]


def test_the_owner_is_chosen_on_import() -> None:
    journey, _ = mermaid.loads("journey\nsection S\n  Call us: 2: Me\n", owner="CS")
    assert journey.touchpoints[0].owner == "CS"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("title x\n", ["1:1: a Mermaid journey diagram starts with the keyword 'journey'"]),
        (
            "journey\nsection A\n  task one\n  : 5\n  journey: 3\n",
            [
                "3:3: a task needs a score after its name, as in 'Make tea: 5: Me'",
                "4:3: ':' without a task name before it",
                "5:3: 'journey' may appear only once, at the start",
            ],
        ),
        ("journey\naccDescr {\n  never closed\n", ["2:1: 'accDescr {' is never closed with '}'"]),
        ("---\ntitle: [unclosed\n---\njourney\n", None),
    ],
)
def test_bad_mermaid_gets_located_diagnostics(text: str, expected: list[str] | None) -> None:
    with pytest.raises(jm.LoadError) as caught:
        mermaid.loads(text, file="in.mmd")
    lines = caught.value.lines()
    if expected is None:  # YAML front matter errors come from the YAML reader, on the right line
        assert lines[0].startswith("in.mmd:2:") or lines[0].startswith("in.mmd:3:"), lines
    else:
        assert lines == [f"in.mmd:{line}" for line in expected]


# --------------------------------------------------------------------------- export


def test_export_writes_sections_tasks_scores_and_actors() -> None:
    journey = jm.Journey(
        id="j",
        title="Day",
        personas=[jm.Persona(id="me", name="Me"), jm.Persona(id="cat", name="Cat")],
        stages=[jm.Stage(id="work", name="Go to work")],
        touchpoints=[
            jm.Touchpoint(
                id="tea", name="Make tea", stage="work", owner="CX", emotion=2, personas=["me"]
            ),
            jm.Touchpoint(
                id="up",
                name="Go upstairs",
                stage="work",
                owner="CS",
                emotion=-0.5,
                personas=["me", "cat"],
            ),
            jm.Touchpoint(id="do", stage="work", owner="CX"),
        ],
    )
    assert mermaid.dumps(journey).splitlines()[1:] == [
        "journey",
        "  title Day",
        "  section Go to work",
        "    Make tea: 5: Me",
        "    Go upstairs: 2.5: Me, Cat",
        "    do: 3",
    ]


@pytest.mark.parametrize(
    ("label", "exported"),
    [
        ("Step 1: pay; then #ship", "Step 1∶ pay； then ＃ship"),
        ("title page", KEYWORD_GUARD + "title page"),
        ("Journey planner", KEYWORD_GUARD + "Journey planner"),
        ("accDescr {x}", KEYWORD_GUARD + "accDescr {x}"),
        ("a%%b", "a%％b"),
        ("%x", "％x"),
        ("50% off", "50% off"),
        ("journeyman", "journeyman"),
        ("two<br>lines\nhere", "two‹br>lines here"),
        ("  padded  ", "padded"),
    ],
)
def test_labels_mermaid_cannot_carry_become_look_alikes(label: str, exported: str) -> None:
    assert mermaid_label(label) == exported


def test_hostile_names_survive_the_round_trip_as_their_look_alikes() -> None:
    journey, names = hostile_mermaid_journey(), HOSTILE_MERMAID_NAMES
    back, warnings = mermaid.loads(mermaid.dumps(journey))
    assert warnings == []
    assert back.title == "T∶ ＃1； ok"
    assert back.description == "line one\nline ｝ two"
    assert [p.name for p in back.personas] == ["Smith‚ Ann∶ ＃1"]
    assert [tp.name for tp in back.touchpoints] == [
        mermaid_label(name).removeprefix(KEYWORD_GUARD) for name in names
    ]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_examples_keep_stages_names_order_personas_and_emotions(example: Path) -> None:
    journey = jm.load(example)
    back, warnings = mermaid.loads(mermaid.dumps(journey))
    assert warnings == []
    assert_round_trip(journey, back)


def assert_round_trip(journey: jm.Journey, back: jm.Journey) -> None:
    assert [s.label for s in back.stages] == [
        mermaid_label(s.label).removeprefix(KEYWORD_GUARD) or s.id for s in journey.stages
    ]

    def cards(j: jm.Journey) -> list[list[tuple[str, float | None, list[str]]]]:
        names = {p.id: p.name for p in j.personas}
        return [
            [
                (
                    tp.label,
                    tp.emotion if tp.emotion is not None else 0.0,
                    [names[p] for p in tp.personas],
                )
                for tp in tps
            ]
            for tps in j.touchpoints_by_stage().values()
        ]

    def look_alike(j: jm.Journey) -> list[list[tuple[str, float | None, list[str]]]]:
        return [
            [
                (
                    mermaid_label(label).removeprefix(KEYWORD_GUARD) or tp_id,
                    pytest.approx(emotion, abs=1e-6),
                    [
                        n
                        for n in dict.fromkeys(
                            mermaid_label(p).translate({ord(","): "‚"}).removeprefix(KEYWORD_GUARD)
                            for p in people
                        )
                        if n
                    ],
                )
                for (label, emotion, people), tp_id in zip(
                    stage, [tp.id for tp in tps], strict=True
                )
            ]
            for stage, tps in zip(cards(j), j.touchpoints_by_stage().values(), strict=True)
        ]

    assert cards(back) == look_alike(journey)


# Labels from every script the project ships for, plus everything Mermaid treats specially.
LABEL = st.lists(
    st.sampled_from(
        [
            *"abcXYZ äöüßşğıİĳ 0123456789:;#,%{}<>&\"'\\/\n\t-",
            "<br>",
            "<BR />",
            "title ",
            "journey",
            "#35;",
        ]
    ),
    max_size=12,
).map("".join)


@st.composite
def journeys(draw: st.DrawFn) -> jm.Journey:
    persona_names = draw(st.lists(LABEL, max_size=3))
    personas = [jm.Persona(id=f"p{i}", name=name) for i, name in enumerate(persona_names)]
    stages = [jm.Stage(id=f"s{i}", name=draw(LABEL)) for i in range(draw(st.integers(0, 4)))]
    touchpoints = []
    for i in range(draw(st.integers(0, 8)) if stages else 0):
        touchpoints.append(
            jm.Touchpoint(
                id=f"t{i}",
                name=draw(LABEL),
                stage=draw(st.sampled_from(stages)).id,
                owner=draw(st.sampled_from(["CX", "CS"])),
                emotion=draw(
                    st.none() | st.integers(-2, 2) | st.floats(-2, 2).map(lambda f: round(f, 3))
                ),
                personas=draw(
                    st.lists(st.sampled_from([p.id for p in personas]), max_size=3, unique=True)
                )
                if personas
                else [],
            )
        )
    return jm.Journey(
        id="generated",
        title=draw(LABEL),
        description=draw(st.none() | LABEL),
        personas=personas,
        stages=stages,
        touchpoints=touchpoints,
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journeys())
def test_export_then_import_is_stable(journey: jm.Journey) -> None:
    exported = mermaid.dumps(journey)
    back, warnings = mermaid.loads(exported)
    assert warnings == []
    assert_round_trip(journey, back)
    assert mermaid.dumps(back).splitlines()[1:] == exported.splitlines()[1:]


MERMAID_PIECES = st.sampled_from(
    ["journey", "\n", " ", "title ", "section ", "accTitle: ", "accDescr {", "}", "accDescr: ",
     ":", ";", "#", "%%", "%", ",", "5", "NaN", "#35;", "#55296;", "<br>", "---\n", "é", "Task",
     "%%{", "}%%", "0x" + "f" * 300, "#" + "1" * 5000 + ";", "1e400", "\t", "\x1b", "  t: 3: me\n",
     "Title x: 1\n", "sectionx: 2\n", "journeys: 5\n", "\u00a0a: 1\n"]
)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(MERMAID_PIECES | st.text(max_size=5), max_size=40).map("".join))
def test_any_text_imports_or_fails_with_located_diagnostics(text: str) -> None:
    try:
        journey, warnings = mermaid.loads(text, file="in.mmd")
    except jm.LoadError as error:
        assert error.diagnostics and all(
            d.file == "in.mmd" and d.line >= 1 for d in error.diagnostics
        )
        return
    jm.loads(jm.dumps(journey))  # whatever imports is a valid journey that round-trips
    assert all(str(w).startswith("in.mmd:") for w in warnings)


@settings(max_examples=500, deadline=None)
@given(st.lists(MERMAID_PIECES | st.text(max_size=5), max_size=40).map("".join))
def test_task_lines_read_in_one_step_lex_as_the_rules_do(text: str) -> None:
    source = mermaid._Source(text, "in.mmd")
    fast = list(mermaid._lex(source))
    fast_path = mermaid._TASK_LINE
    mermaid._TASK_LINE = re.compile(r"(?!)")  # never matches: every token by the rules
    try:
        by_rules = list(mermaid._lex(source))
    finally:
        mermaid._TASK_LINE = fast_path
    assert fast == by_rules


def test_a_stage_id_given_twice_exports_its_touchpoints_once() -> None:
    journey = jm.loads(
        "journeymap: 1\nid: d\ntitle: D\nstages: [{id: s}, {id: s, name: Again}]\n"
        "touchpoints: [{id: a, stage: s, owner: CX}]\n"
    )
    exported = mermaid.dumps(journey)
    assert exported.count("section") == 2 and exported.count("    a: 3") == 1


def test_a_blueprint_is_named_as_not_exported_and_the_diagram_still_reads() -> None:
    from journeymap.app.starter import starter_journey

    claim = jm.Journey.model_validate(starter_journey("en", "blueprint"))
    text = mermaid.dumps(claim)
    assert text.splitlines()[1] == (
        "%% its service blueprint is not shown either: teams, systems, backstage steps, and "
        "the customer's actions, thoughts and evidence"
    )
    again, warnings = mermaid.loads(text)
    assert warnings == [] and [s.label for s in again.stages] == [s.label for s in claim.stages]
    plain = mermaid.dumps(jm.load(ROOT / "examples" / "online-shop.yaml"))
    assert "blueprint" not in plain and "Blueprint" not in plain
