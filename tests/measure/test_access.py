"""Reaching a journey's data: sources resolved once, and their failures in the journey's words."""

from __future__ import annotations

import pytest

import journeymap as jm
from journeymap.measure.access import source_of, table_errors
from journeymap.measure.sources import FileSource, TableSource
from journeymap.measure.validation import DataError
from tests.helpers import MINIMAL


def test_a_url_that_names_no_table_is_a_data_error_at_the_url_with_its_password_hidden() -> None:
    journey = jm.loads(MINIMAL)
    with pytest.raises(DataError) as caught:
        source_of("postgres://cx:s3cret@db/cx", journey)
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.file == "postgres://cx:***@db/cx" and "s3cret" not in str(caught.value)
    assert source_of("survey.csv", journey) == FileSource("survey.csv")


def test_a_drivers_words_lose_the_urls_secrets_and_a_missing_driver_names_its_extra() -> None:
    journey = jm.loads(MINIMAL)
    source = source_of("postgres://cx:s3cret@db/cx?table=survey", journey)
    assert isinstance(source, TableSource)
    refused = pytest.raises(DataError, match=r"cannot read the table: no route to .*\*\*\*")
    with refused, table_errors(source, journey):
        raise RuntimeError("no route to postgres://cx:s3cret@db/cx")
    missing = pytest.raises(DataError, match=r"pip install 'journeymap\[postgres\]'")
    with missing, table_errors(source, journey):
        raise ImportError("psycopg")
