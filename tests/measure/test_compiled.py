"""The file path runs the SQL compiled from the Ibis expressions that tables run."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

from journeymap.measure import compiled, file_sql
from tests.helpers import ROOT


def test_the_compiled_groups_are_those_of_the_ibis_expressions() -> None:
    pytest.importorskip("ibis", reason="journeymap[tables] is not installed")
    script = runpy.run_path(str(ROOT / "scripts" / "compile_groups.py"))
    generated = script["render"]()
    assert (ROOT / "journeymap" / "measure" / "compiled.py").read_text(encoding="utf-8") == (
        generated
    ), "run .venv/bin/python scripts/compile_groups.py"


@pytest.mark.parametrize("name", ["RESPONSE_GROUPS", "COUNTED_RESPONSE_GROUPS", "TICKET_GROUPS"])
def test_the_file_path_counts_with_the_compiled_groups(name: str) -> None:
    """The file's rows take the place of the table ``rows``; the rest is the compiled SQL."""
    head, tail = getattr(compiled, name).split('FROM "rows" AS "t0"')
    runs = getattr(file_sql, name)
    for field, fragment in file_sql.FOLDABLE.items():  # each filled in per file
        runs = runs.replace("{" + field + "}", fragment)
    assert runs.startswith(head) and runs.endswith(tail)
    assert 'AS "t0"' in runs and "{source}" in runs


def test_what_a_files_types_answer_is_folded_into_constants(
    tmp_path: Path, queries: list[str]
) -> None:
    """Whole scores (an integer column) have no fractions; an undated file no times."""
    import journeymap as jm
    from journeymap.measure.readers import read_data
    from journeymap.measure.validation import DataError

    journey = jm.load(ROOT / "tests" / "fixtures" / "data" / "journey.yaml")
    whole = tmp_path / "whole.csv"
    whole.write_text("touchpoint,metric,score\ncheckout,csat,5\ncheckout,csat,3\n", "utf-8")
    assert read_data(journey, [str(whole)]).scores["checkout"]["csat"].n == 2
    folded = next(sql for sql in queries if '"fractional"' in sql)
    assert '0 AS "fractional"' in folded and 'NULL::TIMESTAMPTZ AS "first"' in folded
    fractional = tmp_path / "fractional.csv"
    fractional.write_text(whole.read_text("utf-8").replace(",3\n", ",3.5\n"), "utf-8")
    with pytest.raises(DataError, match=r"3\.5"):  # a fraction is still found
        read_data(journey, [str(fractional)])


def test_whole_scores_on_short_scales_are_counted_per_score(
    tmp_path: Path, queries: list[str]
) -> None:
    """A Parquet file's statistics give an integer score's range before a row is read:
    scores 0–120 are counted per score, scores up to 5,000 row by row; both measure
    what the same rows give as text."""
    import duckdb

    import journeymap as jm
    from journeymap.measure.readers import read_data

    data = ROOT / "tests" / "fixtures" / "data"
    journey = jm.load(data / "journey.yaml")

    def measured(path: Path, skip_invalid: bool = False) -> tuple[object, ...]:
        queries.clear()
        measurements = read_data(journey, [str(path)], skip_invalid=skip_invalid)
        sources = [(s.rows, s.skipped, s.first, s.last) for s in measurements.sources]
        return measurements.scores, sources, 'AS "rows"' in queries[0]

    typed = "CAST(score AS INTEGER) AS score, CAST(timestamp AS TIMESTAMPTZ) AS timestamp"
    rows = f"SELECT touchpoint, metric, {typed} FROM read_csv('{data / 'responses.csv'}')"
    short, wide = tmp_path / "short.parquet", tmp_path / "wide.parquet"
    duckdb.sql(f"COPY ({rows}) TO '{short}' (FORMAT parquet)")
    far = "SELECT 'app', 'effort-minutes', 5000, TIMESTAMPTZ '2024-05-01 12:00:00+00'"
    duckdb.sql(f"COPY ({rows} UNION ALL {far}) TO '{wide}' (FORMAT parquet)")
    scores, sources, counted = measured(data / "responses.csv")
    assert not counted
    assert measured(short) == (scores, sources, True)
    assert measured(wide, skip_invalid=True) == (  # the 5,000 is outside every scale
        scores, [(*sources[0][:1], 1, *sources[0][2:])], False
    )  # fmt: skip


def test_the_rewrites_for_files_keep_their_meaning() -> None:
    from journeymap.measure.tables import _count_ifs, _epoch_of_instants

    assert _count_ifs('COALESCE(SUM(CAST(("t0"."s" % 1) <> 0 AS INT)), 0) AS "x"') == (
        'count_if(("t0"."s" % 1) <> 0) AS "x"'
    )
    assert _epoch_of_instants('EPOCH(CAST("t0"."f" AS TIMESTAMP))') == 'EPOCH("t0"."f")'
    with pytest.raises(ValueError, match="unexpected count"):
        _count_ifs("COALESCE(SUM(CAST(x AS BIGINT)), 0)")
