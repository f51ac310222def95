"""Where a command's memory goes: RSS over time with the salesxl call stack at each moment,
and the stack at the peak (issue 14: bounded memory at 1M rows).

Runs one command in this process on a fresh copy of BOOK (the original is never written),
sampling RSS every 0.1 s from a thread; prints a line every --every seconds (seconds since
start, RSS in MB, the innermost salesxl frames), the phase times the command reports, and the
stack at the highest RSS seen. Not a benchmark (the sampler costs a little CPU): a map of
which step holds what, to decide what to change next.

Run: python bench/mem_timeline.py validate bench/out/leads37_1000000.xlsx [--every 3]
     python bench/mem_timeline.py followups|summary BOOK
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path
from typing import Any

import psutil

TODAY = dt.date(2026, 11, 27)


def _where(stack: list[str], width: int = 420) -> str:
    parts = []
    for line in stack:
        if "/salesxl/" not in line:
            continue
        head = line.strip().splitlines()[0]  # File "...", line N, in name
        name = head.rsplit(" in ", 1)[-1]
        number = head.split(", line ", 1)[1].split(",", 1)[0]
        parts.append(f"{name}:{number}")
    return " > ".join(parts)[-width:]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("command", choices=["validate", "followups", "summary"])
    ap.add_argument("book", type=Path)
    ap.add_argument("--every", type=float, default=3.0, help="seconds between printed lines")
    args = ap.parse_args()
    proc = psutil.Process()
    main_id = threading.main_thread().ident
    peak: list[Any] = [0, []]
    lines: list[tuple[float, int, str]] = []
    done = threading.Event()
    start = time.perf_counter()

    def watch() -> None:
        last = -args.every
        while not done.is_set():
            time.sleep(0.1)
            rss = proc.memory_info().rss
            frame = sys._current_frames().get(main_id)
            stack = traceback.format_stack(frame) if frame is not None else []
            if rss > peak[0]:
                peak[0], peak[1] = rss, stack
            now = time.perf_counter() - start
            if now - last >= args.every:
                last = now
                lines.append((now, rss >> 20, _where(stack)))

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / args.book.name
        shutil.copy(args.book, work)
        threading.Thread(target=watch, daemon=True).start()
        if args.command == "validate":
            from salesxl.commands.validate import validate
            seconds = validate(work, today=TODAY).seconds
        elif args.command == "followups":
            from salesxl.commands.followups import followups
            followups(work, TODAY)
            seconds = {}
        else:
            from salesxl.commands.summary.api import summary
            summary(work, today=TODAY)
            seconds = {}
        done.set()
    for now, mb, where in lines:
        print(f"{now:7.1f} s {mb:6d} MB  {where}")
    print(f"phases: {({k: round(v, 1) for k, v in seconds.items()})}")
    print(f"peak {peak[0] >> 20} MB at: {_where(peak[1], 2000)}")


if __name__ == "__main__":
    main()
