"""The figures of ``journeymap paths`` computed by hand with a peer, as a program of its
own (so that its whole process is timed, as journeymap's is):

    python peer_paths.py duckdb|polars LOG.parquet

prints JSON: every transition with its count, cases, median and p90 seconds; the
variants and the top ten; per touchpoint its cases, visits, repeat cases and the cases
ending there.  The log's activities are its touchpoints (the benchmark's journey maps
them so) and every event counts: what a data engineer would write by hand, with each
engine's own defaults (DuckDB's memory: 80 % of the machine's, no parts).
"""

from __future__ import annotations

import json
import sys
from typing import Any

CASE, ACTIVITY, TIME = "case:concept:name", "concept:name", "time:timestamp"


def with_duckdb(log: str) -> dict[str, Any]:
    import duckdb

    connection = duckdb.connect()
    connection.execute("SET TimeZone = 'UTC'")
    connection.execute(
        f'CREATE TEMP TABLE walks AS SELECT "{CASE}" AS case_id, '
        f'list("{ACTIVITY}" ORDER BY "{TIME}", file_row_number) AS path, '
        f'list(epoch_us("{TIME}") ORDER BY "{TIME}", file_row_number) AS times '
        f"FROM read_parquet('{log}', file_row_number = true) GROUP BY 1"
    )
    flows = connection.execute(
        "SELECT src, tp, count(*), count(DISTINCT case_id), quantile_cont(s, 0.5), "
        "quantile_cont(s, 0.9) FROM (SELECT case_id, unnest(path[1:-2]) AS src, "
        "unnest(path[2:]) AS tp, unnest(list_transform(list_zip(times[1:-2], times[2:]), "
        "lambda x: (x[2] - x[1]) / 1e6)) AS s FROM walks) GROUP BY src, tp"
    ).fetchall()
    variants = connection.execute(
        "SELECT count(*) OVER (), path, n FROM (SELECT path, count(*) AS n FROM walks "
        "GROUP BY path) ORDER BY n DESC, path LIMIT 10"
    ).fetchall()
    touchpoints = connection.execute(
        "SELECT tp, count(*), sum(v), count_if(v >= 2) FROM (SELECT case_id, tp, count(*) AS v "
        "FROM (SELECT case_id, unnest(path) AS tp FROM walks) GROUP BY ALL) GROUP BY tp"
    ).fetchall()
    ends = dict(connection.execute("SELECT path[-1], count(*) FROM walks GROUP BY 1").fetchall())
    return {
        "flows": sorted(
            [src, tp, n, cases, median, p90] for src, tp, n, cases, median, p90 in flows
        ),
        "variants": variants[0][0] if variants else 0,
        "top_variants": [[list(path), n] for _all, path, n in variants],
        "touchpoints": sorted(
            [tp, cases, visits, repeats, ends.get(tp, 0)]
            for tp, cases, visits, repeats in touchpoints
        ),
    }


def with_polars(log: str) -> dict[str, Any]:
    import polars as pl

    events = (
        pl.scan_parquet(log)
        .with_row_index("seq")
        .select(
            pl.col(CASE).alias("case"),
            pl.col(ACTIVITY).alias("tp"),
            pl.col(TIME).dt.epoch("us").alias("us"),
            "seq",
        )
        .sort("case", "us", "seq")
    )
    walked = events.with_columns(
        nxt=pl.col("tp").shift(-1).over("case"),
        s=(pl.col("us").shift(-1).over("case") - pl.col("us")) / 1e6,
    )
    flows = (
        walked.filter(pl.col("nxt").is_not_null())
        .group_by("tp", "nxt")
        .agg(
            pl.len(),
            pl.col("case").n_unique(),
            pl.col("s").quantile(0.5, "linear").alias("median"),
            pl.col("s").quantile(0.9, "linear").alias("p90"),
        )
        .collect(engine="streaming")
    )
    paths = events.group_by("case").agg(path=pl.col("tp").str.join(" "), last=pl.col("tp").last())
    counted = paths.group_by("path").len().collect(engine="streaming")
    top = counted.sort(["len", "path"], descending=[True, False]).head(10)
    visits = events.group_by("case", "tp").len()
    touchpoints = (
        visits.group_by("tp")
        .agg(
            pl.len().alias("cases"),
            pl.col("len").sum().alias("visits"),
            (pl.col("len") >= 2).sum().alias("repeats"),
        )
        .collect(engine="streaming")
    )
    ends = dict(paths.group_by("last").len().collect(engine="streaming").iter_rows())
    return {
        "flows": sorted(list(row) for row in flows.iter_rows()),
        "variants": counted.height,
        "top_variants": [[path.split(" "), n] for path, n in top.iter_rows()],
        "touchpoints": sorted(
            [tp, cases, visits, repeats, ends.get(tp, 0)]
            for tp, cases, visits, repeats in touchpoints.iter_rows()
        ),
    }


if __name__ == "__main__":
    peer, log = sys.argv[1], sys.argv[2]
    figures = with_duckdb(log) if peer == "duckdb" else with_polars(log)
    json.dump(figures, sys.stdout)
