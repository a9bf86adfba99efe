"""Metric rules (JM3xx): metric ids, ranges, targets and sample sizes."""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import N_
from ...model.metrics import BUILTIN_METRICS, SERVICE_METRICS, format_against, valid_range
from ..context import CheckContext, Hit, named


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
                ctx.tr(
                    "Touchpoint %(touchpoint)s has unknown metric %(metric)s.%(hint)s Use a "
                    "built-in metric or define it under metrics:.",
                    touchpoint=named(tp),
                    metric=repr(metric_id),
                    hint=ctx.did_you_mean(metric_id, known),
                ),
                concern=metric_id,
            )


_OUT_OF_RANGE = {
    "value": N_(
        "The value %(number)s of %(metric)s at touchpoint %(touchpoint)s is outside its valid "
        "range %(range)s; correct the value or its unit."
    ),
    "target": N_(
        "The target %(number)s of %(metric)s at touchpoint %(touchpoint)s is outside its valid "
        "range %(range)s; correct the target or its unit."
    ),
}


def metric_out_of_range(ctx: CheckContext) -> Iterator[Hit]:
    """A metric value lies outside the metric's valid range.

    What it does:
        Compares each metric's ``value`` and ``target`` with the valid range of the
        metric: 0..100 for percentages such as csat, -100..100 for nps, 1..scale
        for ces (scale 5 or 7, default 7), >= 0 for times and counts, and the
        ``range`` of a custom metric definition.

    Why is this bad:
        A value outside its range cannot be true: it is a typo, a value in the
        wrong unit (0.82 instead of 82 %), or a different metric.  Every rollup
        and chart built on it is wrong.

    Example:
        ```yaml
        metrics:
          nps: 150        # JM301: NPS runs from -100 to 100
        ```
    """
    for index, tp in enumerate(ctx.journey.touchpoints):
        for metric_id, metric in tp.metrics.items():
            info = ctx.journey.metric_info(metric_id)
            if info is None:
                continue
            low, high = valid_range(info, metric.scale)
            for field, number in (("value", metric.value), ("target", metric.target)):
                if number is None:
                    continue
                if (low is not None and number < low) or (high is not None and number > high):
                    bounds = f"{'-∞' if low is None else f'{low:g}'}..{'∞' if high is None else f'{high:g}'}"
                    yield Hit(
                        ("touchpoints", index, "metrics", metric_id),
                        tp.id,
                        ctx.tr(
                            _OUT_OF_RANGE[field],
                            number=f"{number:g}",
                            metric=ctx.metric_label(metric_id),
                            touchpoint=named(tp),
                            range=bounds,
                        ),
                        concern=metric_id,
                    )


def target_missed(ctx: CheckContext) -> Iterator[Hit]:
    """A metric misses its target.

    What it does:
        Reports metrics whose ``value`` is on the wrong side of their ``target``:
        below it for metrics where higher is better (csat, nps, resolution_rate,
        …), above it where lower is better (ces, frt, art, error_rate, …, or a
        custom metric with ``better: lower``).  A value equal to its target meets it.

    Why is this bad:
        It is not a modelling mistake but a finding about the experience: the
        touchpoint does not deliver what was agreed.  It is a warning so that CI
        shows it without failing, unless ``--strict`` is given.

    Example:
        ```yaml
        metrics:
          csat: {value: 72, target: 80}      # JM302: 8 points below target
          frt: {value: 45m, target: 30m}     # JM302: lower is better
        ```
    """
    for reading in ctx.readings:
        info = reading.info
        if info is None or reading.status != "missed":
            continue
        assert reading.value is not None and reading.target is not None  # "missed" says so
        value, target = format_against(info, reading.value, reading.target, ctx.lang)
        values = {
            "metric": ctx.metric_label(reading.metric),
            "touchpoint": named(reading.touchpoint),
            "value": value,
            "target": target,
        }
        yield Hit(
            reading.path,
            reading.touchpoint.id,
            ctx.tr(
                "%(metric)s at touchpoint %(touchpoint)s is %(value)s, below its target "
                "%(target)s (higher is better); improve the touchpoint or revisit the target.",
                **values,
            )
            if info.better == "higher"
            else ctx.tr(
                "%(metric)s at touchpoint %(touchpoint)s is %(value)s, above its target "
                "%(target)s (lower is better); improve the touchpoint or revisit the target.",
                **values,
            ),
            concern=reading.metric,
        )


#: Fewer responses than this make a score too uncertain to act on (JM304).
SMALL_SAMPLE = 30


def small_sample(ctx: CheckContext) -> Iterator[Hit]:
    """A metric rests on fewer than 30 responses.

    What it does:
        Reports metrics whose ``n`` (number of responses behind the value) is below 30.

    Why is this bad:
        With few responses a score swings widely by chance: an NPS from 12
        answers has a 95 % confidence interval some 50 points wide.  Decisions
        based on it are guesses.

    Example:
        ```yaml
        metrics:
          nps: {value: 31, n: 12}      # JM304: collect more responses
        ```
    """
    for index, tp in enumerate(ctx.journey.touchpoints):
        for metric_id, metric in tp.metrics.items():
            if metric.n is not None and metric.n < SMALL_SAMPLE:
                values = {
                    "metric": ctx.metric_label(metric_id),
                    "touchpoint": named(tp),
                    "least": SMALL_SAMPLE,
                }
                yield Hit(
                    ("touchpoints", index, "metrics", metric_id),
                    tp.id,
                    ctx.tr_plural(
                        "%(metric)s at touchpoint %(touchpoint)s rests on %(count)s ticket "
                        "(fewer than %(least)s); collect more before acting on it.",
                        "%(metric)s at touchpoint %(touchpoint)s rests on %(count)s tickets "
                        "(fewer than %(least)s); collect more before acting on it.",
                        metric.n,
                        **values,
                    )
                    if metric_id in SERVICE_METRICS
                    else ctx.tr_plural(
                        "%(metric)s at touchpoint %(touchpoint)s rests on %(count)s response "
                        "(fewer than %(least)s); collect more before acting on it.",
                        "%(metric)s at touchpoint %(touchpoint)s rests on %(count)s responses "
                        "(fewer than %(least)s); collect more before acting on it.",
                        metric.n,
                        **values,
                    ),
                    concern=metric_id,
                )
