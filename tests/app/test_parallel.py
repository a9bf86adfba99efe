"""Work spread over worker processes gives what the same work gives in one process."""

from __future__ import annotations

from journeymap.app import pipeline
from journeymap.app.parallel import PARALLEL_FROM_BYTES, map_jobs
from journeymap.formats.portfolio import read_portfolio
from journeymap.machine import cores
from tests.helpers import PORTFOLIO


def test_workers_assess_and_report_a_portfolio_as_this_process_does() -> None:
    document = read_portfolio(str(PORTFOLIO))
    jobs: list[pipeline.AssessJob] = [
        (file, document.library, pipeline.NO_DATA, None, (), (), (None, None, "auto"))
        for _index, _entry, file in document.entries()
    ]
    here = map_jobs(pipeline._assess_journey, jobs, size=0)
    there = map_jobs(pipeline._assess_journey, jobs, size=PARALLEL_FROM_BYTES, parallel=True)
    assert [a.journey for a, *_ in here if a] == [a.journey for a, *_ in there if a]
    assert [a.findings for a, *_ in here if a] == [a.findings for a, *_ in there if a]
    assert [page for *_, page in here] == [page for *_, page in there]
    assert all(page and page.startswith("<!DOCTYPE html>") for *_, page in there)


def test_a_journey_that_cannot_be_read_comes_back_as_its_lines() -> None:
    job: pipeline.AssessJob = ("does-not-exist.yaml", None, pipeline.NO_DATA, None, (), (), None)
    assessed, warnings, errors, page = map_jobs(
        pipeline._assess_journey, [job, job], size=10**9, parallel=True
    )[0]
    assert assessed is None and page is None and not warnings
    assert errors[0].startswith("does-not-exist.yaml:1:1")
    assert cores() >= 1
