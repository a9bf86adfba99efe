"""Plain-text and JSON renderings for the terminal: coverage summary, metrics table, diff."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence

from ..analysis.coverage import coverage
from ..analysis.diff import KINDS, Change
from ..measure.formulas import Result
from ..measure.measurements import MetricsSummary, Source
from ..model.journey import Journey
from ..model.metrics import format_value


def table(rows: Sequence[Sequence[str]]) -> list[str]:
    """Rows as lines of left-aligned columns two spaces apart, without trailing spaces."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]


def coverage_table(journey: Journey) -> str:
    """The coverage summary as a plain-text table (``journeymap check --summary``)."""
    header = ("stage", "phase", "CX", "CS", "CS channels", "metrics", "targets met")
    rows = [header]
    for row in coverage(journey):
        share = row.target_share
        targets = (
            "–" if share is None else f"{row.meeting_targets}/{row.with_targets} ({share:.0%})"
        )
        rows.append(
            (
                row.stage or "(journey)",
                row.phase or "–",
                str(row.cx_touchpoints),
                str(row.cs_touchpoints),
                ", ".join(row.cs_channels) or "–",
                ", ".join(row.metrics) or "–",
                targets,
            )
        )
    lines = table(rows)
    title = f"Coverage of {journey.id}" + (
        f" ({journey.source_file})" if journey.source_file else ""
    )
    return "\n".join([title, *lines]) + "\n"


def summary_table(journey: Journey, summary: MetricsSummary) -> str:
    """The measured metrics as a plain-text table (``journeymap metrics``)."""
    rows = [("scope", "metric", "value", "n", "95% CI")]
    scopes: list[tuple[str, dict[str, Result]]] = [
        (f"touchpoint {tp}", r) for tp, r in summary.touchpoints.items()
    ]
    scopes += [(f"stage {stage}", r) for stage, r in summary.stages.items()]
    scopes += [(f"owner {owner}", r) for owner, r in summary.owners.items() if r]
    scopes.append(("journey", summary.journey))
    for scope, results in scopes:
        for metric, result in results.items():
            interval = (
                "–" if result.ci_low is None else f"{result.ci_low:.1f} … {result.ci_high:.1f}"
            )
            value = format_value(journey.metric_info(metric), result.value)
            rows.append((scope, metric, value, str(result.n), interval))
    return "\n".join([*table(rows), "", *source_lines(summary.sources)]) + "\n"


def source_lines(sources: Sequence[Source]) -> list[str]:
    """Where the measured values come from: per file, rows used and left out, days covered."""
    lines = ["sources:"] if sources else []
    for source in sources:
        left_out = []
        if source.skipped:
            left_out.append(f"{source.skipped} unusable skipped")
        if source.outside:
            left_out.append(f"{source.outside} outside the period")
        days = f", {source.first} – {source.last}" if source.first else ""
        extra = f" ({', '.join(left_out)})" if left_out else ""
        lines.append(f"  {source.kind} {source.path}: {source.rows} row(s) used{extra}{days}")
    return lines


def diff_text(changes: list[Change], old_name: str, new_name: str) -> str:
    """The changes for people, one per line, with a count at the end."""
    if not changes:
        return f"{old_name} and {new_name} describe the same journey\n"
    signs = Counter(KINDS[change.kind] for change in changes)
    lines = [f"--- {old_name}", f"+++ {new_name}", *(change.describe() for change in changes)]
    lines.append(
        f"{len(changes)} change(s): {signs['+']} added, {signs['-']} removed, {signs['~']} changed"
    )
    return "\n".join(lines) + "\n"


def diff_json(changes: list[Change], old_name: str, new_name: str) -> str:
    data = {
        "old": old_name,
        "new": new_name,
        "identical": not changes,
        "changes": [change.to_dict() for change in changes],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
