"""What the machine gives this process: the cores it may use, and a cycle collector it
may pause (a leaf module, so any layer may read it)."""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Iterator


def cores() -> int:
    """The cores this process may run on: those its affinity allows (a container or
    ``taskset`` may allow 2 of a machine's 64), else all the machine has."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector paused for work that makes tens of thousands of objects and
    no reference cycles (a journey read, a map laid out, a report written): its passes over
    them grew faster than the work (a quarter of a 5,000-touchpoint map's time, a third of
    its report's template).  Resumed after, also after a failure; a caller's own pause is
    left as it was."""
    if not gc.isenabled():  # paused already, by the caller
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
