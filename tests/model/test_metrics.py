"""Built-in metrics, durations and value formatting."""

from __future__ import annotations

import pytest

from journeymap.model.metrics import (
    BUILTIN_METRICS,
    format_against,
    format_target,
    format_value,
    parse_duration,
    target_met,
    valid_range,
)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("90s", 90),
        ("45m", 2700),
        ("2h", 7200),
        ("1d", 86400),
        ("1.5h", 5400),
        ("x", None),
        ("5", None),
    ],
)
def test_parse_duration(text: str, seconds: float | None) -> None:
    assert parse_duration(text) == seconds


def test_spec_table_of_builtin_metrics() -> None:
    assert list(BUILTIN_METRICS) == [
        "csat",
        "nps",
        "ces",
        "retention_rate",
        "frt",
        "art",
        "resolution_rate",
        "task_success_rate",
        "error_rate",
        "abandonment_rate",
        "time_on_task",
        "clicks_to_completion",
    ]
    assert BUILTIN_METRICS["nps"].low == -100 and BUILTIN_METRICS["frt"].better == "lower"


def test_ces_range_depends_on_its_scale() -> None:
    ces = BUILTIN_METRICS["ces"]
    assert valid_range(ces) == (1, 7) and valid_range(ces, 5) == (1, 5)


def test_target_direction() -> None:
    assert target_met(BUILTIN_METRICS["csat"], 80, 80) and not target_met(
        BUILTIN_METRICS["csat"], 79, 80
    )
    assert target_met(BUILTIN_METRICS["frt"], 4, 5) and not target_met(BUILTIN_METRICS["frt"], 6, 5)


@pytest.mark.parametrize(
    ("metric", "value", "text"),
    [
        ("csat", 82, "82%"),
        ("frt", 45, "45 min"),
        ("art", 2880, "2 days"),
        ("frt", 0.5, "30 sec"),
        ("time_on_task", 95, "1 min 35 sec"),
        ("nps", -12, "-12"),
        ("ces", 3.4, "3.4"),
    ],
)
def test_format_value(metric: str, value: float, text: str) -> None:
    assert format_value(BUILTIN_METRICS[metric], value) == text


@pytest.mark.parametrize(
    ("metric", "value", "target", "texts"),
    [
        ("csat", 72, 80, ("72%", "80%")),  # apart already: as format_value writes them
        ("csat", 79.6, 80, ("79.6%", "80%")),  # not "80%, below its target 80%"
        ("csat", 79.96, 80, ("79.96%", "80%")),
        ("csat", 80.4, 80.5, ("80%", "80.5%")),  # the target as it was set
        ("nps", 34.6, 35, ("34.6", "35")),
        ("ces", 3.13, 3.125, ("3.13", "3.125")),  # not "3.1, above its target 3.1"
        ("ces", 3.125, 3.125, ("3.125", "3.125")),  # met: equal, and read as equal
        ("ces", 2, 3, ("2.0", "3.0")),
        ("frt", 30.2, 30, ("30 min 12 sec", "30 min")),
        ("art", 2881, 2880, ("2 days 1 min", "2 days")),  # not "2 days, above 2 days"
        ("art", 2 * 1440, 2 * 1440 + 241, ("2 days", "2 days 4 hr 1 min")),
    ],
)
def test_a_value_reads_on_its_side_of_the_target(
    metric: str, value: float, target: float, texts: tuple[str, str]
) -> None:
    info = BUILTIN_METRICS[metric]
    assert format_against(info, value, target) == texts
    assert format_target(info, target) == texts[1]


def test_a_value_beside_its_target_is_written_as_the_language_writes_numbers() -> None:
    assert format_against(BUILTIN_METRICS["ces"], 3.13, 3.125, "nl") == ("3,13", "3,125")
    assert format_against(BUILTIN_METRICS["csat"], 79.6, 80, "tr") == ("%79,6", "%80")
