"""Where a long command is: the phases it announces (reading, rules, writing) for whoever
shows progress.

Commands call `phase` as they move on; the CLI listens with `reporting` and draws a progress
bar on a terminal (`salesxl.progress_bar`). Nothing is shown or stored when no one listens, so
the library and the Excel functions pay nothing.

Example:
    >>> seen = []
    >>> with reporting(seen.append):
    ...     phase("read"); phase("rules"); phase("write")
    >>> seen
    ['read', 'rules', 'write']
    >>> phase("read")  # no listener: nothing happens
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Literal

Phase = Literal["read", "rules", "write"]
PHASES: tuple[Phase, ...] = ("read", "rules", "write")

_LISTENER: ContextVar[Callable[[Phase], None] | None] = ContextVar("salesxl_progress",
                                                                   default=None)


def phase(name: Phase) -> None:
    """Announce that the running command now does `name`."""
    listener = _LISTENER.get()
    if listener is not None:
        listener(name)


@contextmanager
def reporting(listener: Callable[[Phase], None]) -> Iterator[None]:
    """Call `listener` with each phase announced inside the block."""
    token = _LISTENER.set(listener)
    try:
        yield
    finally:
        _LISTENER.reset(token)
