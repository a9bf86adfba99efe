"""Every golden file, and how it is made; ``scripts/update-golden`` rewrites them.

Tests only ever compare against the committed files: a golden file changes when
someone runs the update command and commits the diff, never during a test run.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import journeymap as jm
from tests.helpers import EXAMPLES, GOLDEN, PORTFOLIO, PORTFOLIO_DAY


def _dot(example: Path, lanes: str, fit: str) -> Callable[[], str]:
    def make() -> str:
        from journeymap.renderers.dot import to_dot

        return to_dot(jm.load(example), lanes=lanes, fit=fit)  # type: ignore[arg-type]

    return make


def _report_context(example: Path) -> Callable[[], str]:
    def make() -> str:
        from journeymap.renderers.html import report_context

        # Named as in the repository, so that the file does not depend on the checkout's place.
        text = example.read_text(encoding="utf-8")
        assessed = jm.assess(jm.reads(text, file=f"examples/{example.name}"))
        context = report_context(assessed, assessed.journey.locale)
        return json.dumps(context, ensure_ascii=False, indent=1) + "\n"

    return make


#: An example measured against its event log: the overlays of the map and the report.
OBSERVED = ("vergunning-ontvangst", "examples/data/vergunning-ontvangst-events.parquet")


def _observed_example() -> jm.Assessed:
    import dataclasses

    name, log = OBSERVED
    root = GOLDEN.parent.parent
    text = (root / "examples" / f"{name}.yaml").read_text(encoding="utf-8")
    document = jm.reads(text, file=f"examples/{name}.yaml")
    paths = jm.paths(document.journey, str(root / log))
    return jm.assess(document, observed=dataclasses.replace(paths, source=log))


def _observed_dot() -> str:
    from journeymap.renderers.dot import to_dot

    return to_dot(_observed_example(), lanes="owner", fit="16:9")


def _observed_report_context() -> str:
    from journeymap.renderers.html import report_context

    assessed = _observed_example()
    context = report_context(assessed, assessed.journey.locale)
    return json.dumps(context, ensure_ascii=False, indent=1) + "\n"


def _portfolio() -> jm.AssessedPortfolio:
    """The example portfolio, read by the path the repository names it by."""
    import contextlib

    with contextlib.chdir(GOLDEN.parent.parent):
        return jm.assess_portfolio(
            str(PORTFOLIO.relative_to(GOLDEN.parent.parent)), today=PORTFOLIO_DAY
        )


def _portfolio_context() -> str:
    from journeymap.renderers.portfolio_report import portfolio_context

    portfolio = _portfolio()
    context = portfolio_context(portfolio, portfolio.locale, lambda id: f"portfolio/{id}.html")
    return json.dumps(context, ensure_ascii=False, indent=1) + "\n"


def _portfolio_backlog() -> str:
    from journeymap.renderers.backlog import backlog_table

    portfolio = _portfolio()
    return backlog_table(portfolio.backlog, portfolio.locale)


def golden_files() -> dict[Path, Callable[[], str]]:
    """Each golden file's path and the function that makes its content."""
    files: dict[Path, Callable[[], str]] = {}
    for example in EXAMPLES:
        files[GOLDEN / f"{example.stem}.dot"] = _dot(example, "owner", "16:9")
        files[GOLDEN / f"{example.stem}.channel.dot"] = _dot(example, "channel", "none")
        files[GOLDEN / "report-context" / f"{example.stem}.json"] = _report_context(example)
        if jm.load(example).draws_blueprint():
            files[GOLDEN / f"{example.stem}.blueprint.dot"] = _dot(example, "blueprint", "16:9")
    files[GOLDEN / f"{OBSERVED[0]}.events.dot"] = _observed_dot
    files[GOLDEN / "report-context" / f"{OBSERVED[0]}.events.json"] = _observed_report_context
    files[GOLDEN / "portfolio" / f"{PORTFOLIO.name}.context.json"] = _portfolio_context
    files[GOLDEN / "portfolio" / f"{PORTFOLIO.name}.backlog.txt"] = _portfolio_backlog
    return files


def update() -> list[Path]:
    """Rewrite every golden file whose content changed; the paths that changed."""
    changed = []
    for path, make in golden_files().items():
        content = make()
        if not path.exists() or path.read_text(encoding="utf-8") != content:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
            changed.append(path)
    return changed


if __name__ == "__main__":
    for path in update():
        sys.stdout.write(f"updated {path.relative_to(GOLDEN.parent.parent)}\n")
