"""journeymap: customer journey maps as code.

The public API is imported lazily so that ``journeymap --help`` starts fast::

    import journeymap as jm
    j = jm.load("journey.yaml")
    findings = jm.check(j)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "load": "loader",
    "loads": "loader",
    "dump": "loader",
    "dumps": "loader",
    "check": "checks",
    "render": "engines",
    "report": "html_report",
    "Journey": "model",
    "Persona": "model",
    "Stage": "model",
    "Touchpoint": "model",
    "Flow": "model",
    "MetricValue": "model",
    "MetricDefinition": "model",
    "journey_schema": "model",
    "Finding": "findings",
    "Severity": "findings",
    "JourneymapError": "errors",
    "LoadError": "errors",
    "ConfigError": "errors",
    "OutputError": "errors",
    "Diagnostic": "errors",
}

__all__ = [
    "ConfigError",
    "Diagnostic",
    "Finding",
    "Flow",
    "Journey",
    "JourneymapError",
    "LoadError",
    "MetricDefinition",
    "MetricValue",
    "OutputError",
    "Persona",
    "Severity",
    "Stage",
    "Touchpoint",
    "__version__",
    "check",
    "dump",
    "dumps",
    "journey_schema",
    "load",
    "loads",
    "render",
    "report",
]

if TYPE_CHECKING:
    from .checks import check
    from .engines import render
    from .errors import ConfigError, Diagnostic, JourneymapError, LoadError, OutputError
    from .findings import Finding, Severity
    from .html_report import report
    from .loader import dump, dumps, load, loads
    from .model import (
        Flow,
        Journey,
        MetricDefinition,
        MetricValue,
        Persona,
        Stage,
        Touchpoint,
        journey_schema,
    )


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'journeymap' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
