"""The Ibis expressions of SPEC §9 compile for every engine journeymap is tested on, and
say what they mean on a log small enough to count by hand."""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("ibis", reason="journeymap[tables] is not installed")

import ibis

from journeymap.measure import path_queries


def named(ordered: bool = True) -> dict[str, Any]:
    """The named tables, with ``mapped`` and ``cases`` as the expressions that make them."""
    tables = {name: ibis.table(schema, name=name) for name, schema in path_queries.SCHEMAS.items()}
    tables["mapped"] = path_queries.mapped_events(
        tables["kept"], tables["activity_map"], tables["designed"]
    )
    tables["cases"] = path_queries.case_paths(tables["mapped"], ordered_aggregates=ordered)
    return tables


def every_query(tables: dict[str, Any], exact: bool = True) -> list[Any]:
    queries = [tables["mapped"], tables["cases"], path_queries.segment_values(tables["cases"])]
    for by_segment in (False, True):
        figures = path_queries.figures(tables, by_segment=by_segment, exact=exact, waits=True)
        queries += figures.values()
    return queries


@pytest.mark.parametrize(
    ("dialect", "exact"),
    [("duckdb", True), ("postgres", True), ("snowflake", True), ("bigquery", False)],
)
def test_every_query_compiles_for_the_engines(dialect: str, exact: bool) -> None:
    """BigQuery has no exact quantile: there the engine's approximation is asked for (and
    the paths say so).  Spark's compiler needs a session: test_tables.py runs one."""
    for query in every_query(named(), exact=exact):
        assert "SELECT" in ibis.to_sql(query, dialect=dialect)
    if not exact:
        with pytest.raises(ibis.common.exceptions.OperationNotDefinedError):
            for query in every_query(named(), exact=True):
                ibis.to_sql(query, dialect=dialect)


def test_spark_has_no_ordered_aggregate_so_its_paths_are_sorted_pairs() -> None:
    from ibis.common.exceptions import UnsupportedOperationError

    mapped = ibis.table(named()["mapped"].schema(), name="mapped")
    cases = path_queries.case_paths(mapped)
    with pytest.raises(UnsupportedOperationError):
        ibis.to_sql(cases, dialect="pyspark")


def test_a_small_log_counted_by_hand() -> None:
    """Two cases: ad → shop (designed, an entry to an exit) and ad → hotline → hotline
    (a repeat, a detour), the second with two events at one instant, ordered by the
    touchpoints' places in the file."""
    import pyarrow as pa

    connection = ibis.duckdb.connect()
    utc = datetime_utc()
    rows = {
        "kept": [
            ("a", "ad", utc(0), 0, "web"),
            ("a", "shop", utc(60), 0, "web"),
            ("b", "hotline", utc(10), 0, "phone"),  # at one instant with ad: ad first
            ("b", "ad", utc(10), 0, "phone"),
            ("b", "hotline", utc(70), 0, "phone"),
        ],
        "activity_map": [("ad", "ad", 0), ("shop", "shop", 1), ("hotline", "hotline", 2)],
        "step_map": [],
        "stage_map": [("ad", "buy"), ("shop", "buy"), ("hotline", "help")],
        "designed": [("ad", "shop")],
        "endpoints": [("ad", True, False), ("shop", False, True)],
        "limits": [(1,)],
        "chosen": [("phone",)],
    }
    tables: dict[str, Any] = {}
    for name, values in rows.items():
        schema = ibis.schema(path_queries.SCHEMAS[name])
        columns = list(zip(*values, strict=True)) if values else [()] * len(schema)
        arrays = {
            column: pa.array(list(data), type=kind.to_pyarrow())
            for (column, kind), data in zip(schema.items(), columns, strict=True)
        }
        tables[name] = ibis.memtable(pa.table(arrays))
    tables["mapped"] = connection.create_table(
        "mapped",
        path_queries.mapped_events(tables["kept"], tables["activity_map"], tables["designed"]),
    )
    tables["cases"] = connection.create_table("cases", path_queries.case_paths(tables["mapped"]))

    def answer(by_segment: bool) -> dict[str, list[dict[str, Any]]]:
        return {
            name: sorted(query.to_pyarrow().to_pylist(), key=repr)
            for name, query in path_queries.figures(tables, by_segment=by_segment).items()
        }

    every = answer(by_segment=False)
    assert every["totals"] == [{"cases": 2, "events": 5, "variants": 2, "fitting": 1}]
    assert {(r["tp"], r["cases"], r["visits"], r["repeat_cases"]) for r in every["touchpoints"]} == {
        ("ad", 2, 2, 0), ("shop", 1, 1, 0), ("hotline", 1, 2, 1)
    }  # fmt: skip
    flows = {(r["tp"], r["nxt"]): r for r in every["flows"]}
    assert flows["ad", "shop"]["designed"] and flows["ad", "shop"]["median_s"] == 60
    assert not flows["hotline", "hotline"]["designed"] and flows["ad", "hotline"]["count"] == 1
    assert {(r["tp"], r["cases"]) for r in every["leaving"]} == {("ad", 2)}  # not the loop
    assert {(r["stage"], r["cases"]) for r in every["stages"]} == {("buy", 2), ("help", 1)}
    # The top one variant: equal cases, the first path in text order.
    assert [(r["path"], r["n"]) for r in every["variants"]] == [("ad hotline hotline", 1)]
    phone = answer(by_segment=True)
    assert phone["totals"] == [
        {"segment": "phone", "cases": 1, "events": 3, "variants": 1, "fitting": 0}
    ]


def datetime_utc() -> Any:
    import datetime

    start = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    return lambda seconds: start + datetime.timedelta(seconds=seconds)
