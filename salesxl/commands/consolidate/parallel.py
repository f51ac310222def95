"""Running `read_source` over many files: in-process, in worker processes, or on Dask.

Each file is read by the same function wherever it runs, and the results are put back in
input order, so the team workbook does not depend on which worker finished first.

- ``workers=1``: in this process (simplest to debug).
- ``workers=N`` (default: the number of cores): a ``ProcessPoolExecutor`` of N processes
  (forked where the platform can, so they start at once with salesxl imported).
- ``dask="tcp://host:8786"``: submitted to an existing ``dask.distributed`` cluster; the
  workers must see the files at the same paths (a shared drive) and have salesxl installed.

Example:
    >>> from salesxl.commands.consolidate.discover import InputFile
    >>> read_all([], workers=1)
    []
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from salesxl.commands.consolidate.discover import InputFile
from salesxl.commands.consolidate.readers import SourceData, read_source
from salesxl.core.errors import UsageError
from salesxl.core.messages import Msg

DASK_CONNECT_TIMEOUT = "20s"
"""How long to try reaching a Dask scheduler before giving up."""
Job = tuple[str, int, str, str | None]
"""`read_source`'s arguments: path, index, display name, spill folder."""
Progress = Callable[[int, int, str], None]
"""Called as (files done, files in all, what is happening)."""


def read_all(files: Sequence[InputFile], workers: int | None = None, dask: str | None = None,
             progress: Progress | None = None, spill: str | None = None) -> list[SourceData]:
    """Read every file; the results in input order.

    `spill` (a private folder on this machine) lets the readers keep the large side tables
    on disk (`read_source`); Dask workers, which may run elsewhere, never spill.

    Raises:
        UsageError: `workers` below 1, or the Dask scheduler cannot be reached.
    """
    jobs = [(str(f.path), i, f.display, None if dask else spill) for i, f in enumerate(files)]
    tick = progress or (lambda done, total, what: None)
    n = workers if workers is not None else (os.cpu_count() or 1)
    if n < 1:
        raise UsageError("--workers {n}: give 1 or more worker processes", n=n)
    if dask:
        results = _on_dask(jobs, dask, tick)
    elif n == 1 or len(jobs) <= 1:
        results = []
        for done, job in enumerate(jobs, start=1):
            results.append(read_source(*job))
            tick(done, len(jobs), job[2])
    else:
        results = _on_processes(jobs, min(n, len(jobs)), tick)
    return sorted(results, key=lambda s: s.index)


def _on_processes(jobs: list[Job], n: int, tick: Progress) -> list[SourceData]:
    # fork starts a worker in milliseconds with salesxl already imported, and does not
    # re-run the caller's script (spawn would, without an `if __name__ == "__main__"` guard)
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
    results: list[SourceData] = []
    try:
        with ProcessPoolExecutor(max_workers=n, mp_context=ctx) as pool:
            futures = [pool.submit(read_source, *job) for job in jobs]
            for fut in as_completed(futures):
                res = fut.result()
                results.append(res)
                tick(len(results), len(jobs), res.display)
    except BrokenProcessPool:
        # a worker died (a reader abort, the machine out of memory): which file did it is
        # unknown, so every file not yet read is read again alone, each in a fresh process;
        # the one that kills its process again is reported, the others are consolidated
        done = {r.index for r in results}
        for job in jobs:
            if job[1] not in done:
                results.append(_alone(job, ctx))
                tick(len(results), len(jobs), job[2])
    return results


def _alone(job: Job, ctx: Any) -> SourceData:
    """Read one file in a process of its own; a process that dies is this file's failure."""
    try:
        with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
            return pool.submit(read_source, *job).result()
    except BrokenProcessPool:
        path, index, display, _ = job
        return SourceData(index=index, path=path, display=display, status="failed",
                          reason=Msg("the reader stopped while reading this file (its "
                                     "process died: out of memory, or a file the reader "
                                     "cannot survive); open it in Excel, save a copy and try "
                                     "again"))


def _on_dask(jobs: list[Job], address: str, tick: Progress) -> list[SourceData]:
    try:
        from distributed import Client
        from distributed import as_completed as dask_completed
    except ImportError:
        raise UsageError("--dask needs dask.distributed: pip install 'salesxl[dask]'") from None
    try:
        client = Client(address, timeout=DASK_CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise UsageError("cannot reach the Dask scheduler at {address} ({detail}): check the "
                         "address (e.g. tcp://10.0.0.5:8786) and that the cluster runs",
                         address=address, detail=exc) from None
    results: list[SourceData] = []
    with client:
        futures = [client.submit(read_source, *job, pure=False) for job in jobs]
        for done, fut in enumerate(dask_completed(futures, loop=client.loop), start=1):
            res = fut.result()
            results.append(res)
            tick(done, len(jobs), res.display)
    return results
