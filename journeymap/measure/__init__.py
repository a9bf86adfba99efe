"""Metrics measured from raw survey and ticket data.

* :mod:`.readers` — survey and ticket exports (CSV, Parquet, JSON Lines) aggregated by DuckDB
* :mod:`.formulas` — the formulas of SPEC §3 and their confidence intervals
* :mod:`.measurements` — counts per touchpoint, pooled rollups, and the measured journey
"""
