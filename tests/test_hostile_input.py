"""Hostile and odd input, by category: a clear ``FILE:LINE:COL`` and exit 2, or the right
result; never a traceback, a wrong number, a lost input or a hang.

Each case is a regression test of something a red-team pass once broke.  The CLI
runs in process with exceptions passed through, so a traceback fails the test.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import string
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap.errors import LoadError
from journeymap.formats import mermaid, source
from journeymap.model.ids import UniqueIds
from journeymap.safe_text import CONTROLS
from tests.helpers import EXAMPLES, FIXTURES

Cli = Callable[..., Result]
DATA = FIXTURES / "data"
JOURNEY = DATA / "journey.yaml"
HEAD = "journeymap: 1\nid: x\ntitle: t\nstages: [{id: s}]\n"


def journey_with_metric(value: str) -> str:
    return HEAD + f"touchpoints: [{{id: a, stage: s, owner: CX, metrics: {{csat: {value}}}}}]\n"


def refused(result: Result, file: str | Path, message: str) -> None:
    """Exit 2 and ``FILE:LINE:COL: …message…`` on stderr, nothing on stdout, no traceback."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert re.search(rf"{re.escape(str(file))}:\d+:\d+: .*{re.escape(message)}", result.stderr), (
        result.stderr
    )


# --------------------------------------------------------------------------- 1. tracebacks

HUGE = "9" * 5000


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "int.yaml",
            HEAD + f"touchpoints: [{{id: a, stage: s, owner: CX, emotion: {HUGE}}}]\n",
            "has 5,000 digits",
        ),
        ("title.yaml", f"journeymap: 1\nid: x\ntitle: {HUGE}\n", "put text in quotes"),
        (
            "int.json",
            f'{{"journeymap": 1, "id": "x", "title": "t", "n": {HUGE}}}',
            "has 5,000 digits",
        ),
        ("surrogate.json", '{"journeymap": 1, "id": "x", "title": "\\ud800"}', "lone surrogate"),
        ("surrogate.yaml", 'journeymap: 1\nid: x\ntitle: "\\ud800"\n', "YAML syntax error"),
    ],
)
def test_numbers_and_text_no_python_can_hold(
    cli: Cli, tmp_path: Path, name: str, text: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    for command in (("check",), ("report", "-o", str(tmp_path / "r.html"))):
        refused(cli(command[0], path, *command[1:]), path, message)


def test_a_lone_surrogate_never_reaches_render_report_or_export(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text('{"journeymap": 1, "id": "x", "title": "\\udfff a"}', encoding="utf-8")
    refused(cli("render", path, "-o", tmp_path / "x.svg"), path, "lone surrogate")
    refused(cli("export", "mermaid", path), path, "lone surrogate")


def test_a_huge_integer_in_mermaid_front_matter(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "big.mmd"
    path.write_text(f"---\ntitle: {HUGE}\n---\njourney\nsection s\n  t: 5: me\n", encoding="utf-8")
    refused(cli("import", "mermaid", path), path, "has 5,000 digits")


def test_bytes_that_are_not_utf8_on_stdin(cli: Cli) -> None:
    refused(cli("check", "-", input=b"\xff\xfe"), "<stdin>", "not valid UTF-8 (byte 0xff)")


@pytest.mark.parametrize("score", ["inf", "-inf", "1e400", HUGE, "nan", "NaN", "-nan"])
def test_scores_that_are_no_finite_number(cli: Cli, tmp_path: Path, score: str) -> None:
    responses = tmp_path / "r.csv"
    responses.write_text(f"touchpoint,metric,score\ncheckout,csat,5\ncheckout,csat,{score}\n")
    result = cli("metrics", JOURNEY, "--responses", responses)
    refused(result, responses, f"score '{score}' is not a number")
    skipped = cli(
        "metrics", JOURNEY, "--responses", responses, "--skip-invalid", "--format", "json"
    )
    assert skipped.exit_code == 0 and "skipped 1 unusable data row" in skipped.stderr
    assert strict_json(skipped.stdout)["touchpoints"]["checkout"]["csat"]["n"] == 1


def test_mermaid_scores_and_entities_beyond_any_number(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "odd.mmd"
    path.write_text(
        f"journey\nsection s\n  big: 0x{'f' * 300}: me\n  entity #{'1' * 5000}; x: 3: me\n",
        encoding="utf-8",
    )
    result = cli("import", "mermaid", path)
    assert result.exit_code == 0, result.output
    assert "emotion: 2" in result.stdout  # JavaScript's Number() says Infinity: the top score
    assert f"#{'1' * 5000};" in result.stdout  # no character: the entity stays as written


# --------------------------------------------------------------------------- 2. wrong numbers


def strict_json(text: str) -> Any:
    """JSON as the standard has it: NaN and Infinity are refused."""

    def refuse(constant: str) -> None:
        raise AssertionError(f"{constant} is not JSON")

    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("{value: .nan}", ".nan is not a finite number"),
        ("{value: .inf}", ".inf is not a finite number"),
        ("{value: -.Inf}", "-.Inf is not a finite number"),
        ("{value: 1e400}", "the number 1e400 is too large"),
        ('{value: "nan"}', "'nan' is neither a number nor a duration"),
        ('{value: "inf"}', "'inf' is neither a number nor a duration"),
        ("{value: 1e300}", "must be at most 1000000000000"),
        ("{value: 50, n: 10000000000000}", "must be at most 1000000000000"),
    ],
)
def test_metric_values_are_finite_and_in_range(
    cli: Cli, write_journey: Callable[..., Path], value: str, message: str
) -> None:
    path = write_journey(journey_with_metric(value))
    refused(cli("check", path), path, message)


def test_custom_metrics_from_data_never_make_json_say_nan(cli: Cli, tmp_path: Path) -> None:
    responses = tmp_path / "r.csv"
    responses.write_text(
        "touchpoint,metric,score\napp,effort-minutes,3\napp,effort-minutes,NaN\napp,effort-minutes,Infinity\n"
    )
    result = cli("metrics", JOURNEY, "--responses", responses, "--skip-invalid", "--format", "json")
    data = strict_json(result.stdout)
    assert data["touchpoints"]["app"]["effort-minutes"] == {
        "value": 3.0,
        "n": 1,
        "ci_low": None,
        "ci_high": None,
    }


@pytest.mark.parametrize(
    ("row", "column", "text"),
    [
        ("hotline,2024-05-01T10:00:00Z,infinity,", "first_response_at", "'infinity'"),
        ("hotline,2024-05-01T10:00:00Z,,-infinity", "resolved_at", "'-infinity'"),
        ("hotline,epoch,2024-05-01T10:00:00Z,", "created_at", "'epoch'"),
        ("hotline,today,,", "created_at", "'today'"),
    ],
)
def test_ticket_times_are_iso_8601_and_finite(
    cli: Cli, tmp_path: Path, row: str, column: str, text: str
) -> None:
    tickets = tmp_path / "t.csv"
    tickets.write_text(f"touchpoint,created_at,first_response_at,resolved_at\n{row}\n")
    refused(
        cli("metrics", JOURNEY, "--tickets", tickets),
        tickets,
        f"{column} {text} is not an ISO-8601",
    )


def test_diff_of_a_journey_with_itself_is_empty(cli: Cli) -> None:
    for example in EXAMPLES:
        result = cli("diff", example, example, "--lang", "en")
        assert result.exit_code == 0 and "describe the same journey" in result.stdout


# --------------------------------------------------------------------------- 3. glob characters


@pytest.mark.parametrize("name", ["survey[1].csv", "all*.csv", "q?.csv", "{a,b}.csv"])
def test_data_file_names_are_taken_literally(cli: Cli, tmp_path: Path, name: str) -> None:
    # Decoys that each pattern would match: read, they would change the count.
    for decoy in ("survey1.csv", "all-more.csv", "q1.csv", "a.csv", "b.csv"):
        (tmp_path / decoy).write_text("touchpoint,metric,score\ncheckout,nps,0\n" * 5)
    (tmp_path / name).write_text("touchpoint,metric,score\ncheckout,nps,10\n")
    result = cli("metrics", JOURNEY, "--responses", tmp_path / name, "--format", "json")
    assert result.exit_code == 0, result.output
    assert strict_json(result.stdout)["touchpoints"]["checkout"]["nps"]["n"] == 1


# --------------------------------------------------------------------------- 4. identity


def test_an_id_with_a_final_newline_is_no_slug(
    cli: Cli, write_journey: Callable[..., Path]
) -> None:
    path = write_journey('journeymap: 1\nid: "a\\n"\ntitle: t\n')
    refused(cli("check", path), path, "is not a valid id")


@pytest.mark.parametrize(
    ("tagged", "tag"),
    [
        ("!!float not-a-number", "float"),
        ("!!int abc", "int"),
        ("!!int 1.5", "int"),
        ("!!bool 3", "bool"),
        ("!!null something", "null"),
    ],
)
def test_a_yaml_tag_must_fit_its_value(
    cli: Cli, write_journey: Callable[..., Path], tagged: str, tag: str
) -> None:
    path = write_journey(f"journeymap: 1\nid: x\ntitle: {tagged}\n")
    refused(cli("check", path), path, f"is not a value of the YAML tag '{tag}'")


def test_diff_sees_a_change_to_the_second_of_two_equal_ids(
    cli: Cli, write_journey: Callable[..., Path]
) -> None:
    text = (
        HEAD
        + "touchpoints:\n  - {id: a, stage: s, owner: CX}\n  - {id: a, stage: s, owner: CX, emotion: 1}\n"
    )
    old = write_journey(text, "old.yaml")
    new = write_journey(text.replace("emotion: 1", "emotion: -2"), "new.yaml")
    result = cli("diff", old, new)
    assert result.exit_code == 1 and "~ Emotion changed: a#2: ☺ +1 → ☹ −2" in result.stdout


# --------------------------------------------------------------------------- 5. data loss


def input_copies(tmp_path: Path) -> dict[str, Path]:
    copies = {"journey": tmp_path / "j.yaml", "old": tmp_path / "old.yaml", "r": tmp_path / "r.csv"}
    shutil.copy(JOURNEY, copies["journey"])
    shutil.copy(JOURNEY, copies["old"])
    shutil.copy(DATA / "responses.csv", copies["r"])
    (tmp_path / "link.yaml").symlink_to(copies["journey"])
    return copies


@pytest.mark.parametrize(
    ("command", "output"),
    [
        (("export", "mermaid", "{journey}"), "journey"),
        (("report", "{journey}"), "journey"),
        (("render", "{journey}", "--format", "svg"), "journey"),
        (("metrics", "{journey}", "--responses", "{r}"), "r"),
        (("report", "{journey}", "--compare", "{old}"), "old"),
        (("report", "{journey}"), "link"),
    ],
)
def test_an_output_is_never_written_over_an_input(
    cli: Cli, tmp_path: Path, command: tuple[str, ...], output: str
) -> None:
    copies = input_copies(tmp_path)
    target = tmp_path / "link.yaml" if output == "link" else copies[output]
    before = target.read_bytes()
    arguments = [part.format(**copies) for part in command]
    result = cli(*arguments, "-o", target)
    assert result.exit_code == 2 and "is also an input" in result.stderr, result.output
    assert target.read_bytes() == before


# --------------------------------------------------------------------------- 6. hangs, memory


@pytest.mark.parametrize("kind", ["device", "fifo", "folder"])
def test_what_is_not_a_regular_file_is_refused_before_it_is_opened(
    cli: Cli, tmp_path: Path, kind: str
) -> None:
    if kind == "device":
        path = Path("/dev/zero")
    elif kind == "fifo":
        path = tmp_path / "pipe"
        os.mkfifo(path)  # no writer: opening it to read would block forever
    else:
        path = tmp_path
    expected = "it is a folder" if kind == "folder" else "not a regular file"
    refused(cli("check", path), path, expected)
    refused(cli("metrics", JOURNEY, "--responses", path), path, expected)
    refused(cli("import", "mermaid", path), path, expected)


def test_an_input_larger_than_the_limit_is_refused(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(source, "MAX_INPUT_BYTES", 1000)
    path = tmp_path / "big.yaml"
    path.write_text(HEAD + "#" * 2000 + "\n", encoding="utf-8")
    refused(cli("check", path), path, "larger than 0 MiB")
    refused(cli("check", "-", input="x" * 2000), "<stdin>", "larger than")


class _CountingText(str):
    """A text that counts how often it is searched."""

    finds = 0

    def find(self, *args: Any) -> int:  # type: ignore[override]
        type(self).finds += 1
        return super().find(*args)


def test_unclosed_directives_are_scanned_once() -> None:
    _CountingText.finds = 0
    text = _CountingText("journey\n" + "%%{" * 60_000)
    assert mermaid._without_directives(text) == text
    assert _CountingText.finds == 2  # the first opening, then no closing after it


def test_many_tasks_of_one_name_get_ids_in_linear_time() -> None:
    checks = 0

    class CountingSet(set[str]):
        def __contains__(self, item: object) -> bool:
            nonlocal checks
            checks += 1
            return super().__contains__(item)

    ids = UniqueIds()
    ids.used = CountingSet()
    made = [ids.new("same", "touchpoint") for _ in range(5000)]
    assert len(set(made)) == 5000 and made[:3] == ["same", "same-2", "same-3"]
    assert checks < 2 * 5000


# --------------------------------------------------------------------------- 7. terminal


ESCAPES = "\x1b]0;PWNED\x07\r\x9b2J\u202e"


def test_control_characters_never_reach_the_terminal(
    cli: Cli, write_journey: Callable[..., Path]
) -> None:
    text = journey_with_metric("5").replace("csat", json.dumps(ESCAPES))
    text = text.replace("{id: a,", f"{{id: a, name: {json.dumps(ESCAPES)},")
    old = write_journey(text, "old.yaml")
    new = write_journey(text.replace(": 5}", ": 6}"), "new.yaml")
    outputs = [
        cli("check", old, "--summary").output,
        cli("diff", old, new).output,
        cli("diff", old, new, "--format", "json").output,
        cli("check", old, "--format", "github").output,
        cli("export", "mermaid", old).output,
    ]
    for output in outputs:
        assert "PWNED" in output and not CONTROLS.search(output), repr(output)


def test_escaped_json_still_means_the_same(cli: Cli, write_journey: Callable[..., Path]) -> None:
    old = write_journey(journey_with_metric("5").replace("csat", json.dumps("x\x9by")), "o.yaml")
    new = write_journey(old.read_text(encoding="utf-8").replace(": 5}", ": 6}"), "n.yaml")
    output = cli("diff", old, new, "--format", "json").stdout
    assert "\x9b" not in output and "\\u009b" in output
    assert strict_json(output)["changes"][0]["field"] == "x\x9by.value"


# --------------------------------------------------------------------------- 9. smaller


def test_a_character_yaml_forbids_is_named_where_it_stands(
    cli: Cli, write_journey: Callable[..., Path]
) -> None:
    path = write_journey("journeymap: 1\nid: x\ntitle: äöü\x01b\n")
    result = cli("check", path)
    refused(result, path, "character U+0001 is not allowed in YAML")
    assert result.stderr.startswith(f"{path}:3:11:") and result.stderr.count("\n") == 1


def test_a_ragged_csv_row_is_named(cli: Cli, tmp_path: Path) -> None:
    responses = tmp_path / "r.csv"
    responses.write_text("touchpoint,metric,score\ncheckout,nps,10\ncheckout,nps,9,extra\n")
    result = cli("metrics", JOURNEY, "--responses", responses)
    refused(result, responses, "line 3 has 4 fields, the header 3")


def test_an_empty_touchpoint_cell_is_named(cli: Cli, tmp_path: Path) -> None:
    responses = tmp_path / "r.csv"
    responses.write_text("touchpoint,metric,score\ncheckout,nps,10\n,nps,9\n")
    result = cli("metrics", JOURNEY, "--responses", responses)
    refused(result, responses, "column 'touchpoint': the touchpoint is empty")
    assert result.stderr.startswith(f"{responses}:3:1:")  # line 3, as an editor shows it
    assert "None" not in result.stderr


def test_loading_never_lets_anything_but_a_load_error_escape_on_these() -> None:
    for text in (f"a: {HUGE}", "a: !!float x", "a: .nan", '"\\ud800"', "\x00", "a: [" * 100):
        with pytest.raises(LoadError):
            source.parse(text, "t")


# --------------------------------------------------------------------------- secrets

EVENT_LOGS = FIXTURES / "event-logs"


@pytest.fixture(scope="module")
def event_table(postgres: str) -> str:
    """The running example's events as a PostgreSQL table; the server trusts every
    password, so a URL with any password connects (and its outputs can be searched)."""
    import csv

    import psycopg

    with open(EVENT_LOGS / "running-example.csv", encoding="utf-8") as stream:
        rows = [
            (row["case:concept:name"], row["concept:name"], row["time:timestamp"])
            for row in csv.DictReader(stream)
        ]
    with psycopg.connect(postgres) as connection:
        connection.execute(
            'CREATE TABLE IF NOT EXISTS events (case_id text, activity text, "timestamp" '
            "timestamptz)"
        )
        connection.execute("DELETE FROM events")
        connection.execute("CREATE TABLE IF NOT EXISTS visits (visitor text, page text)")
        with connection.cursor() as cursor:
            cursor.executemany("INSERT INTO events VALUES (%s, %s, %s)", rows)
    return postgres


#: Every way a URL carries a password: in its user part, or as a query parameter (any
#: case, before or after the table), as written or percent-encoded.
URL_FORMS = [
    "postgres://journeymap:{quoted}@{host}/postgres?table={table}",
    "postgres://journeymap@{host}/postgres?table={table}&password={plus}",
    "postgres://journeymap@{host}/postgres?PASSWORD={plus}&table={table}",
    "postgresql://journeymap:{quoted}@{host}/postgres?sslmode=disable&table={table}",
]
SECRETS = st.text(
    alphabet=string.ascii_letters + string.digits + "!$&()*+,;=~-._@:/?#[]% ",
    min_size=10,
    max_size=24,
).filter(lambda secret: secret.strip() == secret and not secret.isdigit())


def _url(form: str, secret: str, host: str, table: str) -> str:
    quoted = urllib.parse.quote(secret, safe="")
    return form.format(quoted=quoted, plus=urllib.parse.quote_plus(secret), host=host, table=table)


@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(secret=SECRETS, form=st.sampled_from(URL_FORMS))
def test_no_password_of_any_url_form_reaches_any_output(
    cli: Cli, event_table: str, tmp_path: Path, secret: str, form: str
) -> None:
    """stdout, stderr, HTML, SVG, JSON and SARIF, of a table that reads, of a table
    without the event columns, and of a server that is not there."""
    host = event_table.split("@", 1)[1].split("/", 1)[0]
    journey = EVENT_LOGS / "compensation.yaml"
    good = _url(form, secret, host, "events")
    outputs: list[str] = []

    def run(*args: object) -> None:
        result = cli(*[str(arg) for arg in args])
        assert "Traceback" not in result.output
        outputs.extend([result.stdout, result.stderr])

    run("paths", journey, "--events", good)
    run("paths", journey, "--events", good, "--format", "json")
    run("check", journey, "--events", good, "--format", "sarif")
    run("check", journey, "--events", good, "--format", "json")
    report, drawing = tmp_path / "report.html", tmp_path / "map.svg"
    run("report", journey, "--events", good, "-o", report)
    run("render", journey, "--events", good, "-o", drawing)
    if "PASSWORD" not in form:  # libpq knows no upper-case option: those runs fail, hidden
        outputs += [report.read_text(encoding="utf-8"), drawing.read_text(encoding="utf-8")]
        assert "Event log" in outputs[-2] and "***" in outputs[-2]  # shown, without its secret
    run("paths", journey, "--events", _url(form, secret, host, "visits"))  # no event columns
    run("paths", journey, "--events", _url(form, secret, "127.0.0.1:1", "events"))  # no server
    assert "***" in outputs[-1]
    spellings = {secret, urllib.parse.quote(secret, safe=""), urllib.parse.quote_plus(secret)}
    for output in outputs:
        for spelling in spellings:
            assert spelling not in output


# --------------------------------------------------------------------------- metrics --update

UPDATE_TICKETS = (
    "touchpoint,created_at,first_response_at,resolved_at\n"
    "a,2026-01-05T10:00:00Z,2026-01-05T10:04:00Z,2026-01-05T11:00:00Z\n"
    "b,2026-01-05T10:00:00Z,2026-01-05T10:10:00Z,2026-01-05T12:00:00Z\n"
)


def update(cli: Cli, journey: Path, tmp_path: Path) -> Result:
    tickets = tmp_path / "tickets.csv"
    tickets.write_text(UPDATE_TICKETS, encoding="utf-8")
    result = cli("metrics", journey, "--tickets", tickets, "--update")
    assert result.exit_code == 0, result.output
    return result


def frt_of(path: Path) -> dict[str, float | None]:
    import journeymap as jm

    journey = jm.load(path)
    return {tp.id: tp.metrics["frt"].value for tp in journey.touchpoints if "frt" in tp.metrics}


ALIASED = "journeymap: 1\nid: x\ntitle: t\nstages: [{id: s}]\ntouchpoints:\n"


@pytest.mark.parametrize(
    "touchpoints",
    [
        # An alias: b's metrics are a's, as written.
        "  - {id: a, stage: s, owner: CS, metrics: &m {frt: {value: 1m, target: 5m}}}\n"
        "  - {id: b, stage: s, owner: CS, metrics: *m}\n",
        # A merge key: both take their metrics from one block.
        "  - {id: a, stage: s, <<: &d {owner: CS, metrics: {frt: {value: 1m, target: 5m}}}}\n"
        "  - {id: b, stage: s, <<: *d}\n",
    ],
    ids=["alias", "merge-key"],
)
def test_update_gives_touchpoints_that_share_a_block_their_own_values(
    cli: Cli, tmp_path: Path, touchpoints: str
) -> None:
    journey = tmp_path / "j.yaml"
    journey.write_text(ALIASED + touchpoints, encoding="utf-8")
    update(cli, journey, tmp_path)
    assert frt_of(journey) == {"a": 4.0, "b": 10.0}  # each its own, none the other's


def test_update_keeps_a_json_journey_json(cli: Cli, tmp_path: Path) -> None:
    journey = tmp_path / "j.json"
    data = {
        "journeymap": 1,
        "id": "x",
        "title": "t",
        "stages": [{"id": "s"}],
        "touchpoints": [
            {"id": "a", "stage": "s", "owner": "CS", "metrics": {"frt": {"target": 5}}},
            {"id": "b", "stage": "s", "owner": "CS", "metrics": {"frt": 3}},
        ],
    }
    journey.write_text(json.dumps(data, indent=4) + "\n", encoding="utf-8")
    update(cli, journey, tmp_path)
    written = json.loads(journey.read_text(encoding="utf-8"))
    assert written["touchpoints"][0]["metrics"]["frt"] == {"target": 5, "value": 4, "n": 1}
    assert written["touchpoints"][1]["metrics"]["frt"] == {"value": 10, "n": 1}
    assert journey.read_text(encoding="utf-8").startswith('{\n    "journeymap": 1,')
    assert frt_of(journey) == {"a": 4.0, "b": 10.0}


@pytest.mark.parametrize(
    ("ending", "bom"),
    [("\r\n", False), ("\r\n", True), ("\r", False), ("\n", True)],
    ids=["crlf", "crlf-bom", "cr", "lf-bom"],
)
def test_update_keeps_line_ends_the_bom_and_every_character(
    cli: Cli, tmp_path: Path, ending: str, bom: bool
) -> None:
    lines = [
        "journeymap: 1  # format",
        "id: x",
        "title:\tPaiement \u202eévitez\u202c le guichet",  # a tab and a bidi override
        "stages: [{id: s}]",
        "touchpoints:",
        "  - {id: a, stage: s, owner: CS, metrics: {frt: {target: 5m}}}",
        "  - {id: b, stage: s, owner: CS, metrics: {frt: 3m}}",
    ]
    original = ("\ufeff" if bom else "") + ending.join(lines) + ending
    journey = tmp_path / "j.yaml"
    journey.write_bytes(original.encode("utf-8"))
    update(cli, journey, tmp_path)
    written = journey.read_bytes().decode("utf-8")
    assert written.startswith("\ufeffjourneymap: 1  # format" if bom else "journeymap: 1  # format")
    assert written.count(ending) == len(lines) and "\\u" not in written
    other = {"\r\n": ["\r\n"], "\r": ["\n"], "\n": ["\r"]}[ending]
    assert not any(mark in written.replace(ending, "") for mark in other)
    assert "Paiement \u202eévitez\u202c le guichet" in written
    assert frt_of(journey) == {"a": 4.0, "b": 10.0}


def test_update_writes_through_a_symbolic_link(cli: Cli, tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_text(
        "journeymap: 1\nid: x\ntitle: t\nstages: [{id: s}]\ntouchpoints:\n"
        "  - {id: a, stage: s, owner: CS, metrics: {frt: 1m}}\n"
        "  - {id: b, stage: s, owner: CS}\n",
        encoding="utf-8",
    )
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    update(cli, link, tmp_path)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert frt_of(real) == {"a": 4.0, "b": 10.0}


# --------------------------------------------------------------------------- edge values

LOG = EVENT_LOGS / "running-example.csv"


def test_the_last_day_of_the_calendar_is_a_period_end(cli: Cli) -> None:
    journey = EVENT_LOGS / "compensation.yaml"
    whole = cli("paths", journey, "--events", LOG, "--format", "json")
    until = cli("paths", journey, "--events", LOG, "--format", "json", "--until", "9999-12-31")
    assert until.exit_code == 0, until.output
    assert json.loads(until.stdout) == json.loads(whole.stdout)
    data = cli("metrics", JOURNEY, "--tickets", DATA / "tickets.csv", "--until", "9999-12-31")
    assert data.exit_code == 0, data.output


def test_top_beyond_what_an_engine_can_limit_is_an_option_error(cli: Cli) -> None:
    result = cli("paths", EVENT_LOGS / "compensation.yaml", "--events", LOG, "--top", str(2**64))
    assert result.exit_code == 2 and "Invalid value for '--top'" in result.stderr


@pytest.mark.parametrize(
    "url",
    ["postgres://cx:hunter22@[::1/cx?table=t", "postgres://cx:hunter22@db:99999/cx?table=t"],
    ids=["unclosed-ipv6-bracket", "port-out-of-range"],
)
def test_a_url_python_cannot_split_is_an_input_error(cli: Cli, url: str) -> None:
    result = cli("paths", EVENT_LOGS / "compensation.yaml", "--events", url)
    assert result.exit_code == 2, result.output
    assert "this is not a URL journeymap can read" in result.stderr
    assert "hunter22" not in result.output


def test_times_before_the_year_one_are_read_not_a_traceback(cli: Cli, tmp_path: Path) -> None:
    tickets = tmp_path / "tickets.csv"
    tickets.write_text(
        "touchpoint,created_at,first_response_at,resolved_at\n"
        "hotline,0000-01-01T00:00:00Z,0000-01-01T01:00:00Z,\n"
        "hotline,-0044-03-15T00:00:00Z,-0044-03-15T00:30:00Z,\n",
        encoding="utf-8",
    )
    result = cli("metrics", JOURNEY, "--tickets", tickets, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["touchpoints"]["hotline"]["frt"]["value"] == 45  # (60 + 30) / 2 minutes
    assert (data["sources"][0]["first"], data["sources"][0]["last"]) == (
        "-0044-03-15",
        "0000-01-01",
    )


def test_times_half_a_million_years_apart_give_their_duration(cli: Cli, tmp_path: Path) -> None:
    """Their microseconds overflowed a 64-bit subtraction."""
    log = tmp_path / "far.csv"
    log.write_text(
        "case,activity,timestamp\n"
        "c1,register request,-290000-01-01T00:00:00Z\nc1,decide,290000-12-31T00:00:00Z\n",
        encoding="utf-8",
    )
    result = cli("paths", EVENT_LOGS / "compensation.yaml", "--events", log, "--format", "json")
    assert result.exit_code == 0, result.output
    (flow,) = json.loads(result.stdout)["flows"]
    assert flow["median_s"] == pytest.approx(580_000 * 365.2425 * 86_400, rel=1e-3)


def test_line_breaks_in_names_do_not_break_the_paths_table(cli: Cli, tmp_path: Path) -> None:
    journey = tmp_path / "j.yaml"
    journey.write_text(
        "journeymap: 1\nid: j\ntitle: J\nstages: [{id: s}]\ntouchpoints:\n"
        '  - {id: a, name: "Insert\\nticket", stage: s, owner: CX}\n'
        "  - {id: b, name: Close, stage: s, owner: CX}\n",
        encoding="utf-8",
    )
    log = tmp_path / "log.csv"
    log.write_text(
        'case,activity,timestamp\nc1,"Insert\nticket",2024-01-01T10:00:00Z\n'
        'c1,"Call\nback",2024-01-01T10:30:00Z\nc1,Close,2024-01-01T11:00:00Z\n',
        encoding="utf-8",
    )
    result = cli("paths", journey, "--events", log)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "Activities of no touchpoint: Call ↵ back (1)" in lines
    assert "  1. Insert ↵ ticket → Close (1 case)" in lines
    assert not any(line.startswith(("ticket", "back")) for line in lines)


def test_a_draft_with_bidirectional_text_maps_its_own_log(cli: Cli, tmp_path: Path) -> None:
    """The draft's YAML said ``Pay \\u202eX`` as six letters, so its log no longer mapped."""
    log = tmp_path / "log.csv"
    log.write_text(
        "case,activity,timestamp\nc1,Pay \u202eX,2024-01-01T10:00:00Z\n"
        "c1,Close,2024-01-01T11:00:00Z\n",
        encoding="utf-8",
    )
    draft = tmp_path / "draft.yaml"
    assert cli("import", "events", log, "-o", draft, "--min-share", "0").exit_code == 0
    assert '"Pay \\u202eX"' in draft.read_text(encoding="utf-8")  # an escape YAML reads back
    paths = json.loads(cli("paths", draft, "--events", log, "--format", "json").stdout)
    assert (paths["unmapped"], paths["events"]) == ({}, 2)
    mermaid = tmp_path / "d.mmd"
    mermaid.write_text("journey\n  section S\n    Pay \u202eX: 3\n", encoding="utf-8")
    imported = cli("import", "mermaid", mermaid, "-o", "-")
    assert imported.exit_code == 0 and 'name: "Pay \\u202eX"' in imported.stdout


def test_report_refuses_to_write_over_one_of_its_templates(cli: Cli, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    css = templates / "report.css"
    css.write_text("body { color: navy; }\n", encoding="utf-8")
    result = cli("report", JOURNEY, "--templates", templates, "-o", css)
    assert result.exit_code == 2 and "this is also an input" in result.stderr
    assert css.read_text(encoding="utf-8") == "body { color: navy; }\n"


@pytest.mark.parametrize(
    ("content", "cases"),
    [
        ('<?xml version="1.0"?>\n<html><body>not a log</body></html>\n', None),
        (
            '<?xml version="1.0"?>\n<xes:log xmlns:xes="http://www.xes-standard.org/">'
            '<xes:trace><xes:string key="concept:name" value="c1"/><xes:event>'
            '<xes:string key="concept:name" value="decide"/>'
            '<xes:date key="time:timestamp" value="2024-01-01T10:00:00Z"/>'
            "</xes:event></xes:trace></xes:log>\n",
            1,
        ),
    ],
    ids=["not-xes", "prefixed-xes"],
)
def test_an_xml_file_is_read_as_xes_or_refused(
    cli: Cli, tmp_path: Path, content: str, cases: int | None
) -> None:
    log = tmp_path / "log.xes"
    log.write_text(content, encoding="utf-8")
    result = cli("paths", EVENT_LOGS / "compensation.yaml", "--events", log, "--format", "json")
    if cases is None:
        refused(result, log, "not an XES event log: its root element is <html>, not <log>")
    else:
        assert result.exit_code == 0 and json.loads(result.stdout)["cases"] == cases


def test_reading_a_sqlite_database_that_is_not_there_makes_none(cli: Cli, tmp_path: Path) -> None:
    database = tmp_path / "typo.db"
    result = cli("metrics", JOURNEY, "--tickets", f"sqlite:///{database}?table=tickets")
    assert result.exit_code == 2 and "no database" in result.stderr
    assert not database.exists()


def test_a_backend_without_an_extra_names_ibis_own_package(cli: Cli) -> None:
    result = cli("metrics", JOURNEY, "--tickets", "mysql://cx:hunter22@localhost/cx?table=t")
    assert result.exit_code == 2
    assert "pip install 'ibis-framework[mysql]'" in result.stderr
    assert "journeymap[mysql]" not in result.stderr and "hunter22" not in result.stderr


def test_a_columns_mapping_no_source_has_is_a_typo_not_a_fallback(cli: Cli) -> None:
    result = cli(
        "metrics", JOURNEY, "--responses", DATA / "responses.csv", "--columns", "touchpoint=tp_idd"
    )
    refused(
        result,
        DATA / "responses.csv",
        "--columns touchpoint=tp_idd: no data source has such a column",
    )
    # One mapping serves all sources: tickets that say 'touchpoint' beside a survey's tp_id.
    survey = DATA / "responses.csv"
    fine = cli("metrics", JOURNEY, "--responses", survey, "--tickets", DATA / "tickets.csv")
    assert fine.exit_code == 0, fine.output


def test_a_ragged_event_log_names_its_line_not_missing_columns(cli: Cli, tmp_path: Path) -> None:
    log = tmp_path / "ragged.csv"
    log.write_text(
        "case,activity,timestamp\nc1,register request,2024-01-01T10:00:00Z\n"
        "c1,decide,later,2024-01-01T11:00:00Z\n",
        encoding="utf-8",
    )
    result = cli("paths", EVENT_LOGS / "compensation.yaml", "--events", log)
    refused(result, log, "line 3 has 4 fields, the header 3")
