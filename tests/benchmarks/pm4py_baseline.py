"""The pm4py baseline of the paths benchmark, run by the pm4py virtualenv under .tools/.

pm4py is AGPL-3.0: it is never imported by journeymap or its tests, only run as this
separate program.  It reads the CSV the way pm4py's documentation does, computes the
directly-follows graph and the variants, and prints them as JSON.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys


def main(path: str) -> None:
    with contextlib.redirect_stdout(io.StringIO()):  # pm4py prints a licence banner
        import pandas as pd
        import pm4py

        frame = pd.read_csv(path)
        frame = pm4py.format_dataframe(
            frame,
            case_id="case:concept:name",
            activity_key="concept:name",
            timestamp_key="time:timestamp",
        )
        dfg, _starts, _ends = pm4py.discover_dfg(frame)
        variants = pm4py.get_variants(frame)
    result = {"dfg": {f"{a}->{b}": int(n) for (a, b), n in dfg.items()}, "variants": len(variants)}
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1])
