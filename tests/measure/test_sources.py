"""Data sources: files and connection URLs; column mappings."""

from __future__ import annotations

import re

import pytest

from journeymap.measure.sources import (
    FileSource,
    SourceError,
    TableSource,
    data_source,
    is_table,
    parse_columns,
    parse_table,
    renamed,
    secrets_in,
    shown_url,
    without_secrets,
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


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgres://cx:s3cr%40t@db:5432/cx?table=t", "postgres://cx:***@db:5432/cx?table=t"),
        (
            "postgres://cx@db/cx?table=t&password=hunter22",
            "postgres://cx@db/cx?table=t&password=***",
        ),
        ("postgres://cx@db/cx?Password=x%26y1&table=t", "postgres://cx@db/cx?Password=***&table=t"),
        ("snowflake://u@acc/db?token=abc.def&table=t", "snowflake://u@acc/db?token=***&table=t"),
        ("duckdb:///a.duckdb?table=t&password=pw12", "duckdb:///a.duckdb?table=t&password=***"),
        ("duckdb:///a.duckdb?table=t", "duckdb:///a.duckdb?table=t"),  # nothing to hide
        ("postgres://[::1/db?password=x", "postgres://***"),  # an unclosed IPv6 bracket
        ("/data/pass word.csv", "/data/pass word.csv"),  # a file is no URL
    ],
)
def test_a_url_is_shown_without_its_secrets(url: str, shown: str) -> None:
    assert shown_url(url) == shown


def test_a_drivers_words_lose_the_secrets_of_the_url_as_written_and_decoded() -> None:
    url = "postgres://cx:s3cr%40t!@db/cx?table=t&api_key=k%2Fey99"
    assert secrets_in(url) == ["s3cr%40t!", "k%2Fey99", "s3cr@t!", "k/ey99"]
    said = "login s3cr@t! refused, key k/ey99 (s3cr%40t!)"
    assert without_secrets(said, url) == "login *** refused, key *** (***)"
    assert without_secrets("pw ab", "postgres://cx:ab@db/cx?table=t") == "pw ab"  # too short


def test_a_source_is_resolved_once_into_a_file_or_a_table() -> None:
    assert data_source("survey.csv") == FileSource("survey.csv")
    table = data_source("postgres://cx:s3cret@db/cx?table=survey")
    assert isinstance(table, TableSource) and table.url == "postgres://cx:***@db/cx?table=survey"
    assert data_source(table) is table  # a resolved source is taken as it is
    assert (FileSource("a.csv").url, FileSource("a.csv").location) == ("a.csv", "a.csv")
    with pytest.raises(SourceError, match="name the table with"):
        data_source("postgres://db/cx")
