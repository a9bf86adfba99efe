"""Work spread over worker processes gives what the same work gives in one process."""

from __future__ import annotations

from journeymap.app import pipeline
from journeymap.app.parallel import PARALLEL_FROM_BYTES, cores, map_jobs
from journeymap.formats.portfolio import read_portfolio
from tests.helpers import PORTFOLIO


def test_workers_assess_and_report_a_portfolio_as_this_process_does() -> None:
    document = read_portfolio(str(PORTFOLIO))
    jobs = [
        (file, document.library, pipeline.NO_DATA, None, (), ())
        for _index, _entry, file in document.entries()
    ]
    here = map_jobs(pipeline._assess_journey, jobs, size=0)
    there = map_jobs(pipeline._assess_journey, jobs, size=PARALLEL_FROM_BYTES)
    assert [a.journey for a, _, _ in here if a] == [a.journey for a, _, _ in there if a]
    assert [a.findings for a, _, _ in here if a] == [a.findings for a, _, _ in there if a]
    reports = [(assessed, None, None, None, "auto") for assessed, _, _ in there if assessed]
    assert map_jobs(pipeline._journey_report, reports, size=PARALLEL_FROM_BYTES) == map_jobs(
        pipeline._journey_report, reports, size=0
    )


def test_a_journey_that_cannot_be_read_comes_back_as_its_lines() -> None:
    job = ("does-not-exist.yaml", None, pipeline.NO_DATA, None, (), ())
    assessed, warnings, errors = map_jobs(pipeline._assess_journey, [job, job], size=10**9)[0]
    assert assessed is None and not warnings and errors[0].startswith("does-not-exist.yaml:1:1")
    assert cores() >= 1
