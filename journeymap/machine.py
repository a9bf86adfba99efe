"""What the machine gives this process (a leaf module, so any layer may read it)."""

from __future__ import annotations

import os


def cores() -> int:
    """The cores this process may run on: those its affinity allows (a container or
    ``taskset`` may allow 2 of a machine's 64), else all the machine has."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1
