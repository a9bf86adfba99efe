"""Metrics measured from raw survey and ticket data, and paths from event logs.

* :mod:`.api` — over objects: ``measure``, ``paths`` and ``discover`` (``jm.measure(…)``)
* :mod:`.sources` — data sources: file paths, or tables behind connection URLs; column mapping
* :mod:`.readers` — survey and ticket exports (CSV, Parquet, JSON Lines) aggregated by DuckDB
* :mod:`.tables` — tables aggregated where they live (DuckDB, PostgreSQL, Spark, …) through Ibis
* :mod:`.formulas` — the formulas of SPEC §3 and their confidence intervals
* :mod:`.measurements` — counts per touchpoint, pooled rollups, and the measured journey
* :mod:`.event_logs` — event logs read: columns found or mapped, rows checked, files and tables
* :mod:`.events` — the paths customers took in an event log (SPEC §9)
* :mod:`.discovery` — journeys drafted from an event log
"""

from __future__ import annotations

import sys
import types
from typing import Any


class _CallableModule(types.ModuleType):
    """``jm.measure(journey, responses=…)`` is :func:`.api.measure`.

    Importing a submodule (``journeymap.measure.readers``) makes Python set the package's
    ``measure`` attribute to this package, over the function of that name: so the
    package itself answers the call."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from .api import measure

        return measure(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
