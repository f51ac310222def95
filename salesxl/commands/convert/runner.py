"""Running one function over many tasks: in this process, in worker processes, or on Dask.

* ``workers=1`` (or a single task): in this process, in order.
* ``workers=N``: N worker processes (``concurrent.futures``). On Linux and macOS they are
  forked when this process runs a single thread (instant, and a script without an
  ``if __name__ == "__main__"`` guard is not re-run), else started by a fork server that
  has already imported salesxl (forking a process with threads can deadlock); elsewhere
  spawned. Results come back as they finish.
* ``dask=ADDRESS``: ``dask.distributed.Client(ADDRESS)`` maps the tasks over an existing
  cluster (a company-wide migration); its workers must see the same file system (inputs and
  OUTDIR) and have salesxl installed. Needs ``pip install 'salesxl[dask]'``.

Results are yielded in completion order; each carries its task index.

Example:
    >>> list(run_tasks(abs, [-1, 2], workers=1))
    [1, 2]
"""

from __future__ import annotations

import multiprocessing as mp
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from salesxl.core.errors import UsageError

T = TypeVar("T")
R = TypeVar("R")
PRELOAD = ["salesxl.commands.convert.fileconv", "salesxl.io.template"]


def default_workers() -> int:
    """The CPUs this process may use (at least 1)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


def _context() -> Any:
    """fork when this process runs no other thread (fast, no re-import of ``__main__``);
    else a fork server that has imported salesxl (forking a threaded process can deadlock);
    spawn where neither exists (Windows)."""
    methods = mp.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return mp.get_context("fork")
    if "forkserver" in methods:
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(PRELOAD)
        return ctx
    return mp.get_context("spawn")


def run_tasks(fn: Callable[[T], R], tasks: Sequence[T], *, workers: int | None = None,
              dask: str | None = None,
              on_crash: Callable[[T], R] | None = None) -> Iterator[R]:
    """Yield ``fn(task)`` for every task, as they finish.

    Args:
        fn: a module-level function (it is pickled by name).
        tasks: picklable arguments.
        workers: worker processes; None = one per CPU; 1 = in this process.
        dask: address of a Dask scheduler (``tcp://host:8786``) to run on instead.
        on_crash: the result for a task whose worker process died (a reader abort, out of
            memory). When a worker dies, every task not yet finished is run again alone in a
            fresh process, so the batch goes on and only the task that kills its process
            again gets ``on_crash(task)``. Without it, the crash is raised.

    Raises:
        UsageError: ``dask`` is given but dask.distributed is not installed, or the
            scheduler cannot be reached.
        BrokenProcessPool: a worker died and `on_crash` is None.
    """
    if dask:
        yield from _run_dask(fn, tasks, dask)
        return
    n = min(workers or default_workers(), len(tasks))
    if n <= 1:
        for task in tasks:
            yield fn(task)
        return
    finished: set[int] = set()
    try:
        with ProcessPoolExecutor(max_workers=n, mp_context=_context()) as pool:
            pending: dict[Future[R], int] = {}
            queue = iter(enumerate(tasks))
            for i, task in queue:  # keep a bounded number in flight: results stream back
                pending[pool.submit(fn, task)] = i
                if len(pending) >= 4 * n:
                    break
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for fut in done:
                    i = pending.pop(fut)
                    result = fut.result()
                    finished.add(i)
                    yield result
                    for j, nxt in queue:
                        pending[pool.submit(fn, nxt)] = j
                        break
    except BrokenProcessPool:
        if on_crash is None:
            raise
        for i, task in enumerate(tasks):
            if i not in finished:
                yield _alone(fn, task, on_crash)


def _alone(fn: Callable[[T], R], task: T, on_crash: Callable[[T], R]) -> R:
    try:
        with ProcessPoolExecutor(max_workers=1, mp_context=_context()) as pool:
            return pool.submit(fn, task).result()
    except BrokenProcessPool:
        return on_crash(task)


def _run_dask(fn: Callable[[T], R], tasks: Sequence[T], address: str) -> Iterator[R]:
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise UsageError("--dask needs dask.distributed: pip install 'salesxl[dask]'") from None
    try:
        client = Client(address, set_as_default=False, timeout=30)
    except (OSError, TimeoutError) as exc:
        raise UsageError(f"cannot reach the Dask scheduler at {address} ({exc})") from None
    try:
        futures = client.map(fn, list(tasks), pure=False)
        for fut in as_completed(futures, loop=client.loop):
            yield fut.result()
    finally:
        client.close()
