"""The file path runs the SQL compiled from the Ibis expressions that tables run."""

from __future__ import annotations

import runpy

import pytest

from journeymap.measure import compiled, readers
from tests.helpers import ROOT


def test_the_compiled_groups_are_those_of_the_ibis_expressions() -> None:
    pytest.importorskip("ibis", reason="journeymap[tables] is not installed")
    script = runpy.run_path(str(ROOT / "scripts" / "compile_groups.py"))
    generated = script["render"]()
    assert (ROOT / "journeymap" / "measure" / "compiled.py").read_text(encoding="utf-8") == (
        generated
    ), "run .venv/bin/python scripts/compile_groups.py"


@pytest.mark.parametrize("name", ["RESPONSE_GROUPS", "TICKET_GROUPS"])
def test_the_file_path_counts_with_the_compiled_groups(name: str) -> None:
    """The file's rows take the place of the table ``rows``; the rest is the compiled SQL."""
    head, tail = getattr(compiled, name).split('FROM "rows" AS "t0"')
    runs = getattr(readers, f"_{name}")
    assert runs.startswith(head) and runs.endswith(tail)
    assert 'AS "t0"' in runs and "{source}" in runs


def test_the_rewrites_for_files_keep_their_meaning() -> None:
    from journeymap.measure.tables import _count_ifs, _epoch_of_instants

    assert _count_ifs('COALESCE(SUM(CAST(("t0"."s" % 1) <> 0 AS INT)), 0) AS "x"') == (
        'count_if(("t0"."s" % 1) <> 0) AS "x"'
    )
    assert _epoch_of_instants('EPOCH(CAST("t0"."f" AS TIMESTAMP))') == 'EPOCH("t0"."f")'
    with pytest.raises(ValueError, match="unexpected count"):
        _count_ifs("COALESCE(SUM(CAST(x AS BIGINT)), 0)")
