"""journeymap: customer journey maps as code.

The public API is imported lazily so that ``journeymap --help`` starts fast::

    import journeymap as jm
    j = jm.load("journey.yaml")                    # the journey: pure data
    findings = jm.check(jm.read("journey.yaml"))   # a document: findings with FILE:LINE:COL
    measured = jm.measure(j, responses=["survey.csv"])   # see journeymap.measure.api
    shop = jm.assess(measured)                     # readings, findings, coverage, computed once
    html = jm.report(shop)
    changes = jm.diff(j, jm.load("future.yaml"))
    folder = jm.assess_portfolio("journeys/")      # a portfolio: findings, heatmap, backlog
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .version import __version__

_EXPORTS = {
    "load": "formats.loader",
    "loads": "formats.loader",
    "dump": "formats.loader",
    "dumps": "formats.loader",
    "read": "formats.loader",
    "reads": "formats.loader",
    "Document": "formats.loader",
    "assess": "analysis.assessed",
    "Assessed": "analysis.assessed",
    "check": "checks.runner",
    "paths": "measure.api",
    "discover": "measure.api",
    "MeasuredJourney": "measure.api",
    "diff": "analysis.diff",
    "render": "renderers.engines",
    "report": "renderers.html",
    "Journey": "model.journey",
    "Persona": "model.journey",
    "Stage": "model.journey",
    "Touchpoint": "model.journey",
    "Flow": "model.journey",
    "MetricValue": "model.journey",
    "MetricDefinition": "model.journey",
    "journey_schema": "model.journey",
    "Finding": "checks.findings",
    "Severity": "checks.findings",
    "assess_portfolio": "app.pipeline",
    "read_portfolio": "formats.portfolio",
    "diff_portfolios": "analysis.portfolio",
    "portfolio_report": "renderers.portfolio_report",
    "AssessedPortfolio": "analysis.portfolio",
    "JourneymapError": "errors",
    "LoadError": "errors",
    "ConfigError": "errors",
    "OutputError": "errors",
    "Diagnostic": "errors",
}

__all__ = [
    "Assessed",
    "AssessedPortfolio",
    "ConfigError",
    "Diagnostic",
    "Document",
    "Finding",
    "Flow",
    "Journey",
    "JourneymapError",
    "LoadError",
    "MeasuredJourney",
    "MetricDefinition",
    "MetricValue",
    "OutputError",
    "Persona",
    "Severity",
    "Stage",
    "Touchpoint",
    "__version__",
    "assess",
    "assess_portfolio",
    "check",
    "diff",
    "diff_portfolios",
    "discover",
    "dump",
    "dumps",
    "journey_schema",
    "load",
    "loads",
    "measure",
    "mermaid",
    "paths",
    "portfolio_report",
    "read",
    "read_portfolio",
    "reads",
    "render",
    "report",
]

if TYPE_CHECKING:
    from .analysis.assessed import Assessed, assess
    from .analysis.diff import diff
    from .analysis.portfolio import AssessedPortfolio, diff_portfolios
    from .app.pipeline import assess_portfolio
    from .checks.findings import Finding, Severity
    from .checks.runner import check
    from .errors import ConfigError, Diagnostic, JourneymapError, LoadError, OutputError
    from .formats import mermaid
    from .formats.loader import Document, dump, dumps, load, loads, read, reads
    from .formats.portfolio import read_portfolio
    from .measure.api import MeasuredJourney, discover, measure, paths
    from .model.journey import (
        Flow,
        Journey,
        MetricDefinition,
        MetricValue,
        Persona,
        Stage,
        Touchpoint,
        journey_schema,
    )
    from .renderers.engines import render
    from .renderers.html import report
    from .renderers.portfolio_report import portfolio_report


#: Modules of the API: ``jm.mermaid.loads(text)``, ``jm.mermaid.dumps(journey)``; and
#: ``jm.measure(journey, responses=…)``, a package that answers calls (see measure/__init__).
_MODULES = {"mermaid": "formats.mermaid", "measure": "measure"}


def __getattr__(name: str) -> Any:
    if name in _MODULES:
        value = importlib.import_module(f".{_MODULES[name]}", __name__)
    elif name in _EXPORTS:
        value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    else:
        raise AttributeError(f"module 'journeymap' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


def _journey_svg(journey: Journey) -> str:
    """A journey's diagram as SVG text, for Jupyter."""
    from .renderers.engines import render

    return render(journey, "svg").decode("utf-8")


def _register_notebook_display() -> None:
    """In Jupyter, show a Journey as its diagram.

    The model knows nothing of rendering, so the display is registered from here,
    above every layer, by the class's module and name: IPython looks it up when a
    journey is first displayed, and nothing is imported now.
    """
    import sys

    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is not None:
        formatter = shell.display_formatter.formatters["image/svg+xml"]
        formatter.for_type_by_name("journeymap.model.journey", "Journey", _journey_svg)


_register_notebook_display()
