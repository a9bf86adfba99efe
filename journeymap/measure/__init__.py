"""Metrics measured from raw survey and ticket data.

* :mod:`.sources` — data sources: file paths, or tables behind connection URLs; column mapping
* :mod:`.readers` — survey and ticket exports (CSV, Parquet, JSON Lines) aggregated by DuckDB
* :mod:`.tables` — tables aggregated where they live (DuckDB, PostgreSQL, Spark, …) through Ibis
* :mod:`.formulas` — the formulas of SPEC §3 and their confidence intervals
* :mod:`.measurements` — counts per touchpoint, pooled rollups, and the measured journey
"""
