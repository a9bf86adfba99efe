"""Data sources: files and connection URLs; column mappings."""

from __future__ import annotations

import re

import pytest

from journeymap.measure.sources import (
    SourceError,
    TableSource,
    is_table,
    parse_columns,
    parse_table,
    renamed,
)


@pytest.mark.parametrize(
    ("source", "table"),
    [
        ("survey.csv", False),
        ("/data/survey[1].parquet", False),
        ("file:///data/survey.csv", False),
        ("C:/data/survey.csv", False),
        ("duckdb:///data/cx.duckdb?table=survey", True),
        ("postgres://cx@db:5432/cx?table=survey", True),
        ("pyspark://?table=survey", True),
    ],
)
def test_a_url_is_a_table_and_anything_else_a_file(source: str, table: bool) -> None:
    assert is_table(source) is table


def test_the_table_is_taken_out_of_the_url_before_connecting() -> None:
    assert parse_table("postgres://cx:s3cret@db:5432/cx?sslmode=require&table=survey") == (
        TableSource(
            "postgres://cx:***@db:5432/cx?sslmode=require&table=survey",  # no password shown
            "postgres",
            "postgres://cx:s3cret@db:5432/cx?sslmode=require",
            "survey",
            None,
        )
    )
    duck = parse_table("duckdb:///data/cx.duckdb?table=survey")
    assert (duck.location, duck.table, duck.extra) == (
        "duckdb:///data/cx.duckdb",
        "survey",
        "tables",
    )


def test_a_spark_path_keeps_its_leading_slash() -> None:
    lake = parse_table("pyspark://?path=/lake/survey.parquet")
    assert (lake.backend, lake.path, lake.table, lake.extra) == (
        "pyspark",
        "/lake/survey.parquet",
        None,
        "spark",
    )


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("postgres://db/cx", "name the table with ?table=NAME"),
        ("postgres://db/cx?path=/x.parquet", "path= is for pyspark:// only"),
    ],
)
def test_a_url_without_a_table_is_refused(source: str, message: str) -> None:
    with pytest.raises(SourceError, match=re.escape(message)):
        parse_table(source)


def test_column_mappings() -> None:
    assert parse_columns(["touchpoint=tp_id, metric=kind", "score=answer"]) == {
        "touchpoint": "tp_id",
        "metric": "kind",
        "score": "answer",
    }
    assert renamed({"touchpoint": "tp_id", "score": "answer"}, ["tp_id", "metric"]) == {
        "tp_id": "touchpoint"
    }
    with pytest.raises(SourceError, match="write NAME=COLUMN"):
        parse_columns(["touchpoint"])
    with pytest.raises(SourceError, match="'tp' is not a column journeymap reads"):
        parse_columns(["tp=x"])
