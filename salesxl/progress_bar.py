"""The progress bar a long command shows on a terminal: reading, rules, writing.

Shown on stderr only when stderr is a terminal, and only once the run has taken more than
`DELAY` seconds (a quick run stays as quiet as before); never when the output is piped or
captured. The bar moves a step per phase the command announces (`salesxl.core.progress`);
rich's own refresh thread keeps the elapsed time and spinner moving inside a long phase.

Example:
    >>> with progress_bar("validate"):  # doctest: +SKIP
    ...     validate("team.xlsx")
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from salesxl.core.messages import current_lang, tr
from salesxl.core.progress import PHASES, Phase, reporting

DELAY = 2.0  # seconds before a bar appears
LABELS: dict[Phase, str] = {"read": "reading the workbook", "rules": "applying the rules",
                            "write": "writing the workbook"}


@contextmanager
def progress_bar(command: str, *, console: Console | None = None,
                 delay: float = DELAY) -> Iterator[None]:
    """Show `command`'s phases as a bar on `console` (stderr) once it runs past `delay`."""
    console = console or Console(stderr=True, highlight=False)
    if not console.is_terminal:
        yield
        return
    bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                   TextColumn("{task.completed}/{task.total}"), TimeElapsedColumn(),
                   console=console, transient=True)
    task = bar.add_task(command, total=len(PHASES))
    lock = threading.Lock()
    state = {"shown": False, "done": False}

    def show() -> None:
        with lock:
            if not state["done"]:
                state["shown"] = True
                bar.start()

    def moved(name: Phase) -> None:
        bar.update(task, completed=PHASES.index(name),
                   description=f"{command}: {tr(LABELS[name], current_lang())}")

    timer = threading.Timer(delay, show)
    timer.daemon = True
    timer.start()
    try:
        with reporting(moved):
            yield
    finally:
        timer.cancel()
        with lock:
            state["done"] = True
            if state["shown"]:
                bar.update(task, completed=len(PHASES))
                bar.stop()
