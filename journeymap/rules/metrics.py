"""Metric rules (JM3xx): metric ids, ranges, targets and sample sizes."""

from __future__ import annotations

from collections.abc import Iterator

from ..catalog import BUILTIN_METRICS
from ..findings import Severity
from . import CheckContext, Hit, did_you_mean, rule


@rule("JM303", "unknown-metric", Severity.ERROR)
def unknown_metric(ctx: CheckContext) -> Iterator[Hit]:
    """A metric id is neither built in nor defined.

    What it does:
        Reports metrics on touchpoints whose id is not one of the built-in metrics
        (csat, nps, ces, retention_rate, frt, art, resolution_rate,
        task_success_rate, error_rate, abandonment_rate, time_on_task,
        clicks_to_completion, or their upper-case aliases) and is not defined
        under the journey's ``metrics:``.

    Why is this bad:
        journeymap cannot know the range, unit or direction of an unknown metric,
        so it cannot validate it, roll it up or show whether its target is met.
        Usually the id is misspelt.

    Example:
        ```yaml
        touchpoints:
          - id: checkout
            metrics: {cast: 82}          # JM303: did you mean 'csat'?
        metrics:                          # or define it:
          - {id: repeat-purchase, name: Repeat purchase rate, unit: "%", range: [0, 100]}
        ```
    """
    known = [*BUILTIN_METRICS, *ctx.metric_definitions]
    for index, tp in enumerate(ctx.journey.touchpoints):
        for metric_id in tp.metrics:
            if metric_id in BUILTIN_METRICS or metric_id in ctx.metric_definitions:
                continue
            yield Hit(
                ("touchpoints", index, "metrics", metric_id),
                tp.id,
                f"Touchpoint {tp.id!r} has unknown metric {metric_id!r}.{did_you_mean(metric_id, known)}"
                " Use a built-in metric or define it under metrics:.",
            )
