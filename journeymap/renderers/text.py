"""Plain-text and JSON renderings for the terminal: coverage summary, metrics table, diff,
paths."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .. import i18n
from ..analysis.assessed import Assessed, assessed_of
from ..analysis.diff import CHANGE_LABELS, KINDS, Change
from ..i18n import N_
from ..measure.formulas import Result
from ..measure.measurements import MetricsSummary, SourceReport
from ..model.journey import Journey
from ..model.metrics import MetricInfo, format_value, metric_label
from .labels import (
    SOURCE_KINDS,
    change_field,
    change_value,
    flow_change,
    source_details,
    subject_label,
)

if TYPE_CHECKING:
    from ..analysis.coverage import StageCoverage
    from ..model.observed import Paths


#: Line breaks in a name (an activity "Insert\nticket") would break a table's lines.
_LINE_BREAKS = re.compile("\r\n|[\n\r\v\f\x85\u2028\u2029]")


def one_line(text: str) -> str:
    """``text`` on one line: each line break shown as ``↵``."""
    return _LINE_BREAKS.sub(" ↵ ", text)


def table(rows: Sequence[Sequence[str]]) -> list[str]:
    """Rows as lines of left-aligned columns two spaces apart, without trailing spaces; a
    line break in a cell is shown, not made."""
    rows = [[one_line(cell) for cell in row] for row in rows]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]


def _service_count(row: StageCoverage, lang: str) -> str:
    """The CS touchpoints of a stage, and those customers reach there from the whole
    journey (``+2 ↔``)."""
    count = i18n.number(row.cs_touchpoints, lang)
    return f"{count} +{i18n.number(row.cs_available, lang)} ↔" if row.cs_available else count


def coverage_table(subject: Journey | Assessed, lang: str | None = None) -> str:
    """The coverage summary as a plain-text table (``journeymap check --summary``), in
    ``lang`` (default: the journey's locale)."""
    assessed = assessed_of(subject)
    journey = assessed.journey
    lang = lang or journey.locale
    declared = journey.channel_names()
    header = tuple(
        i18n.text(lang, label)
        for label in (
            N_("stage"),
            N_("phase"),
            "CX",
            "CS",
            N_("CS channels"),
            N_("CS teams"),
            N_("metrics"),
            N_("targets met"),
        )
    )
    funnel = journey.kind != "service"  # a service journey's stages have no phase to show
    rows = [header if funnel else header[:1] + header[2:]]
    for row in assessed.coverage:
        share = row.target_share
        targets = (
            "–"
            if share is None
            else f"{row.meeting_targets}/{row.with_targets} ({i18n.percent(share * 100, lang)})"
        )
        phase = i18n.text(lang, i18n.PHASE_NAMES[row.phase]) if row.phase else "–"
        rows.append(
            (
                row.name if row.stage else i18n.text(lang, "(journey)"),
                *([phase] if funnel else []),
                i18n.number(row.cx_touchpoints, lang),
                _service_count(row, lang),
                ", ".join(i18n.channel_name(c, lang, declared) for c in row.cs_channels) or "–",
                ", ".join(row.cs_teams) or "–",
                ", ".join(metric_label(m, lang, journey.metric_name(m)) for m in row.metrics)
                or "–",
                targets,
            )
        )
    lines = table(rows)
    if assessed.file:
        title = i18n.text(
            lang,
            "Coverage of %(journey)s (%(file)s)",
            journey=journey.title,
            file=assessed.file,
        )
    else:
        title = i18n.text(lang, "Coverage of %(journey)s", journey=journey.title)
    return "\n".join([title, *lines]) + "\n"


def summary_table(journey: Journey, summary: MetricsSummary, lang: str | None = None) -> str:
    """The measured metrics as a plain-text table (``journeymap metrics``)."""
    lang = lang or journey.locale
    rows = [
        tuple(
            i18n.text(lang, label)
            for label in (N_("scope"), N_("metric"), N_("value"), "n", N_("95% CI"))
        )
    ]
    scopes: list[tuple[str, dict[str, Result]]] = [
        (i18n.text(lang, "touchpoint %(id)s", id=tp), r) for tp, r in summary.touchpoints.items()
    ]
    scopes += [(i18n.text(lang, "stage %(id)s", id=s), r) for s, r in summary.stages.items()]
    scopes += [
        (i18n.text(lang, "owner %(owner)s", owner=owner), r)
        for owner, r in summary.owners.items()
        if r
    ]
    scopes.append((i18n.text(lang, "journey"), summary.journey))
    for scope, results in scopes:
        for metric, result in results.items():
            info = journey.metric_info(metric)
            interval = (
                "–"
                if result.ci_low is None or result.ci_high is None
                else interval_text(info, result.ci_low, result.ci_high, lang)
            )
            value = format_value(info, result.value, lang)
            rows.append(
                (
                    scope,
                    metric_label(metric, lang, journey.metric_name(metric)),
                    value,
                    i18n.number(result.n, lang),
                    interval,
                )
            )
    return "\n".join([*table(rows), "", *source_lines(summary.sources, lang)]) + "\n"


def interval_text(info: MetricInfo | None, low: float, high: float, lang: str) -> str:
    """A confidence interval as a range: ``45 %–61 %``, ``12–38``."""
    return f"{format_value(info, low, lang)}–{format_value(info, high, lang)}"


def source_lines(sources: Sequence[SourceReport], lang: str) -> list[str]:
    """Where the measured values come from: per file, rows used and left out, days covered."""
    lines = [i18n.text(lang, "Measured from")] if sources else []
    for source in sources:
        kind = i18n.text(lang, SOURCE_KINDS[source.kind])
        lines.append(f"  {kind} {source.path}: {source_details(source, lang)}")
    return lines


def diff_text(
    changes: list[Change], old_name: str, new_name: str, lang: str, journey: Journey
) -> str:
    """The changes for people, one per line, with a count at the end (values of ``journey``'s
    metrics in their units)."""
    if not changes:
        return (
            i18n.text(
                lang, "%(old)s and %(new)s describe the same journey", old=old_name, new=new_name
            )
            + "\n"
        )
    names = {stage.id: stage.label for stage in journey.stages}
    lines = [f"--- {old_name}", f"+++ {new_name}"]
    for change in changes:
        sign = KINDS[change.kind]
        head = " ".join(
            part
            for part in (
                sign,
                i18n.text(lang, CHANGE_LABELS[change.kind]) + ":",
                subject_label(change.subject, names),
                change_field(change, lang, journey),
            )
            if part
        )
        old, new = (
            change_value(change, value, lang, journey) if value is not None else None
            for value in (change.old, change.new)
        )
        if change.kind == "flow-changed":  # what changed of it, in words
            lines.append(f"{head}: {flow_change(change.old, change.new, lang)}")
        elif sign == "~":
            if old == new:  # the same names: say what is set of each
                old, new = (
                    change_value(change, value, lang, journey, detailed=True)
                    for value in (change.old, change.new)
                )
            lines.append(f"{head}: {old} → {new}")
        else:
            shown = new if sign == "+" else old
            lines.append(head if shown is None else f"{head}: {shown}")
    # A finding that went away is resolved, not removed: counted apart from the elements.
    findings = Counter(c.kind for c in changes if c.kind.startswith("finding-"))
    signs = Counter(KINDS[c.kind] for c in changes if not c.kind.startswith("finding-"))
    summary = i18n.plural(
        lang,
        "%(count)s change: %(added)s added, %(removed)s removed, %(changed)s changed",
        "%(count)s changes: %(added)s added, %(removed)s removed, %(changed)s changed",
        sum(signs.values()),
        added=i18n.number(signs["+"], lang),
        removed=i18n.number(signs["-"], lang),
        changed=i18n.number(signs["~"], lang),
    )
    if findings:
        summary += "; " + i18n.text(
            lang,
            "findings: %(new)s new, %(resolved)s resolved",
            new=i18n.number(findings["finding-introduced"], lang),
            resolved=i18n.number(findings["finding-resolved"], lang),
        )
    lines.append(summary)
    return "\n".join(lines) + "\n"


def diff_json(changes: list[Change], old_name: str, new_name: str) -> str:
    data = {
        "old": old_name,
        "new": new_name,
        "identical": not changes,
        "changes": [change.to_dict() for change in changes],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _backstage_waits(journey: Journey, paths: Paths, names: dict[str, str], lang: str) -> list[str]:
    """How long customers wait on each backstage step the log shows, beside its max_wait."""
    if not paths.backstage:
        return []
    steps = {(tp.id, step.id): step for tp in journey.touchpoints for step in tp.backstage}
    header = (N_("backstage step"), N_("cases"), N_("median"), "p90", N_("max_wait"))
    rows = [tuple(i18n.text(lang, label) for label in header)]
    for wait in paths.backstage:
        step = steps[(wait["touchpoint"], wait["step"])]
        median, limit = i18n.durations_apart(wait["median_s"], step.max_wait, lang)
        rows.append(
            (
                f"{names.get(wait['touchpoint'], wait['touchpoint'])} · {one_line(step.label)}",
                i18n.number(wait["cases"], lang),
                median,
                i18n.duration(wait["p90_s"], lang),
                limit,
            )
        )
    return ["", i18n.text(lang, "Waits on backstage work"), *table(rows)]


def paths_table(journey: Journey, paths: Paths, source: str, lang: str | None = None) -> str:
    """The measured paths for people (``journeymap paths``), in ``lang``."""
    lang = lang or journey.locale
    names = {tp.id: one_line(tp.label) for tp in journey.touchpoints}
    stages = {stage.id: one_line(stage.label) for stage in journey.stages}
    events = i18n.plural(lang, "%(count)s event", "%(count)s events", paths.events)
    left_out = sum(paths.unmapped.values())
    if left_out:  # the headline's counts are of mapped events: say what they leave out
        events += " " + i18n.plural(
            lang,
            "(and %(count)s of no touchpoint, left out)",
            "(and %(count)s of no touchpoint, left out)",
            left_out,
        )
    lines = [
        i18n.text(
            lang, "Paths of %(journey)s (%(file)s)", journey=one_line(journey.title), file=source
        ),
        i18n.plural(lang, "%(count)s case", "%(count)s cases", paths.cases)
        + " · "
        + events
        + " · "
        + i18n.plural(
            lang,
            "%(count)s follows the designed journey (%(share)s)",
            "%(count)s follow the designed journey (%(share)s)",
            paths.fitting_cases,
            share=i18n.percent(paths.fitting_share, lang),
        )
        + " · "
        + i18n.plural(lang, "%(count)s variant", "%(count)s variants", paths.variants),
    ]
    if paths.unmapped:
        unmapped = ", ".join(
            f"{one_line(a)} ({i18n.number(n, lang)})" for a, n in paths.unmapped.items()
        )
        lines.append(i18n.text(lang, "Activities of no touchpoint: %(list)s", list=unmapped))
    header = (N_("touchpoint"), N_("cases"), N_("visits"), N_("drop-off"), N_("repeat cases"))
    rows: list[tuple[str, ...]] = [tuple(i18n.text(lang, label) for label in header)]
    order = {tp.id: index for index, tp in enumerate(journey.touchpoints)}
    for tp, counts in sorted(paths.touchpoints.items(), key=lambda item: order.get(item[0], 0)):
        rows.append(
            (
                names.get(tp, tp),
                *(
                    i18n.number(counts[k], lang)
                    for k in ("cases", "visits", "dropoff", "repeat_cases")
                ),
            )
        )
    lines += ["", *table(rows)]
    reach = ", ".join(
        f"{label} {i18n.number(paths.stages[stage], lang)}"
        for stage, label in stages.items()
        if stage in paths.stages
    )
    lines += ["", i18n.text(lang, "Cases reaching each stage: %(list)s", list=reach)]
    columns = (N_("flow"), N_("count"), N_("cases"), N_("designed"), N_("median"), "p90")
    rows = [tuple(i18n.text(lang, label) for label in columns)]
    for flow in paths.flows:
        rows.append(
            (
                f"{names.get(flow['from'], flow['from'])} → {names.get(flow['to'], flow['to'])}",
                i18n.number(flow["count"], lang),
                i18n.number(flow["cases"], lang),
                i18n.text(lang, "yes") if flow["designed"] else i18n.text(lang, "no"),
                i18n.duration(flow["median_s"], lang),
                i18n.duration(flow["p90_s"], lang),
            )
        )
    lines += ["", *table(rows)]
    lines += _backstage_waits(journey, paths, names, lang)
    if paths.unused_designed:
        unused = ", ".join(
            " → ".join(names.get(tp, tp) for tp in flow.split("->", 1))
            for flow in paths.unused_designed
        )
        lines += ["", i18n.text(lang, "Designed flows no case took: %(list)s", list=unused)]
    lines += ["", i18n.text(lang, "Most taken paths")]
    for rank, variant in enumerate(paths.top_variants, 1):
        steps = " → ".join(names.get(tp, tp) for tp in variant["path"])
        cases = i18n.plural(lang, "%(count)s case", "%(count)s cases", variant["cases"])
        lines.append(f"  {rank}. {steps} ({cases})")
    lines += _segments_lines(paths, names, lang)
    return "\n".join(lines) + "\n"


def segments_table(journey: Journey, paths: Paths, lang: str | None = None) -> str:
    """The paths per value of ``--segment`` for people (``check --summary``), or nothing."""
    names = {tp.id: one_line(tp.label) for tp in journey.touchpoints}
    lines = _segments_lines(paths, names, lang or journey.locale)
    return "\n".join(lines) + "\n" if lines else ""


def _segments_lines(paths: Paths, names: dict[str, str], lang: str) -> list[str]:
    """The paths of each value of ``--segment`` side by side: its cases, how many follow
    the design, where most of them end early, and the path most of them take."""
    from ..analysis.actual import segment_figures

    if not paths.segment:
        return []
    header = (
        one_line(paths.segment), N_("cases"), N_("follow the design"), N_("most end early at"),
        N_("most taken path"),
    )  # fmt: skip
    rows = [tuple(i18n.text(lang, label) if n else label for n, label in enumerate(header))]
    for row in segment_figures(paths):
        ended = "–"
        if row.ended_at is not None:
            left = i18n.percent(100 * row.ended_share, lang)
            ended = f"{names.get(row.ended_at, row.ended_at)} ({left})"
        rows.append(
            (
                one_line(row.value) if row.value else i18n.text(lang, "(no value)"),
                f"{i18n.number(row.cases, lang)} ({i18n.percent(100 * row.share, lang)})",
                i18n.percent(row.fitting_share, lang),
                ended,
                " → ".join(names.get(tp, tp) for tp in row.top_path) or "–",
            )
        )
    lines = ["", i18n.text(lang, "By %(column)s", column=one_line(paths.segment)), *table(rows)]
    if paths.other_segment_cases:
        lines.append(
            i18n.plural(
                lang,
                "%(count)s case of other values, not shown",
                "%(count)s cases of other values, not shown",
                paths.other_segment_cases,
            )
        )
    return lines
