"""Work spread over the machine's cores: a portfolio's journeys are read, assessed and
reported each on its own, so a large portfolio uses every core.

Workers are started fresh (``spawn``): a fork would copy the threads of the parent (the
embedded Graphviz engine's, a progress display's) in whatever state they are.  Starting
one costs about half a second, so small work stays in this process.  The results come
back in the order of the jobs, so outputs do not depend on which worker was faster.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Sequence
from typing import TypeVar

from ..machine import cores

Job = TypeVar("Job")
Result = TypeVar("Result")

#: Below this many bytes of input, the work is done here: starting workers would cost more.
PARALLEL_FROM_BYTES = 1_000_000


def map_jobs(
    function: Callable[[Job], Result], jobs: Sequence[Job], *, size: int, parallel: bool = True
) -> list[Result]:
    """``function`` of every job, in the jobs' order: in worker processes when ``parallel``,
    the input is ``size`` bytes or more and there are several cores and jobs, else here.
    ``function`` must be a module-level function, and jobs and results picklable.

    Only the command line asks for workers: a started worker imports the ``__main__`` of
    its parent, and a user's script without an ``if __name__ == "__main__"`` guard would
    start the work again in every worker."""
    workers = min(cores(), len(jobs))
    if not parallel or workers < 2 or size < PARALLEL_FROM_BYTES:
        return [function(job) for job in jobs]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("spawn")
    # The workers run without the cyclic collector, as the command does (see cli.run):
    # short-lived, they free by reference counting, and would only re-scan what imports made.
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=gc.disable
    ) as pool:
        return list(pool.map(function, jobs))
