"""Benchmark: salesxl consolidate vs the obvious pandas script, 10 / 50 / 200 rep workbooks.

Builds rep workbooks once (``make_team`` data written by ``write_team_workbook``, 2,000 leads
per rep plus their activities, objections, history and customer files) into ``--dir``, then
for each file count runs, each in a fresh subprocess whose whole process tree is sampled for
peak resident memory:

(a) ``salesxl.consolidate(files, out)`` with the default workers (all cores): read, find
    duplicates, merge, write the team workbook with Sources / Duplicates / Conflicts;
(b) the baseline a manager would write: ``pandas.read_excel`` of each file's five table
    sheets with the default engine, ``pandas.concat`` per table, ``to_excel`` of the five
    tables into one workbook (pandas' default writer).

Prints wall seconds (the work only, not interpreter start-up), seconds per 1,000 leads (flat =
linear growth), CPU seconds of the whole process tree (less sensitive to other load on a shared
machine), peak memory and the wall-time ratio (target: salesxl >= 5x faster at 50 files).

Usage:
    python bench/bench_consolidate.py [--files 10,50,200] [--leads 2000] [--dir DIR]
                                      [--baseline-max 50] [--workers N] [--repeat N]
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import datetime as dt
import functools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

TODAY = dt.date(2026, 11, 27)
SHEETS_KO = ["리드", "활동", "이의", "이력", "고객 파일"]
SHEETS_EN = ["Leads", "Activities", "Objections", "History", "Customers"]


@functools.lru_cache(maxsize=2)
def _team(block: int, leads: int) -> list[Any]:
    from salesxl.commands.demo_data import make_team

    return make_team(reps=50, leads=50 * leads, seed=1000 + block, today=TODAY)


def _write_rep(args: tuple[int, int, str]) -> str:
    """Write rep workbook number `i` (deterministic).

    Reps come from 50-rep ``make_team`` teams. Lead IDs get the file's own code, company names
    and e-mail addresses a unique suffix (the demo data reuses few names, which would merge far
    more rows than a real team has), and every 100th lead of every file is one of 20 shared
    customers (same company, contact, e-mail and phone; the rep's own stage and amounts): 1%
    of the rows are the same customers chased by every rep, found and merged.
    """
    from salesxl.core.config import Config
    from salesxl.io.template import write_team_workbook

    i, leads, folder = args
    path = Path(folder) / f"rep{i:03d}.xlsx"
    block, k = divmod(i, 50)
    rep = copy.deepcopy(_team(block, leads)[k])
    code = f"R{i:03d}"
    for rows in rep.tables().values():
        for row in rows:
            row["lead_id"] = code + row["lead_id"][row["lead_id"].index("-"):]
    for n, lead in enumerate(rep.leads):
        local, _, domain = lead["email"].partition("@")
        lead["company"] = f"{lead['company']} {code}-{n:04d}"
        lead["email"] = f"{local}.{code.lower()}{n}@{domain}"
        if n % 100 == 0:
            lead.update(company=f"공유고객 {n // 100}", contact_name="김공유",
                        email=f"key{n // 100}@shared.example", phone=f"010-5555-{n // 100:04d}")
    cfg = Config.default(language=rep.lang)
    write_team_workbook(path, cfg, rep.tables(), lang=rep.lang,
                        created=dt.datetime(2026, 11, 27, 8))
    return str(path)


def build(folder: Path, files: int, leads: int) -> list[Path]:
    """The first `files` rep workbooks in `folder`, written when missing."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = folder / f"leads-{leads}.txt"
    if not stamp.exists():
        for old in folder.glob("rep*.xlsx"):
            old.unlink()
        stamp.write_text(str(leads))
    todo = [(i, leads, str(folder)) for i in range(files)
            if not (folder / f"rep{i:03d}.xlsx").exists()]
    if todo:
        print(f"writing {len(todo)} rep workbooks of {leads:,} leads into {folder} ...",
              flush=True)
        with ProcessPoolExecutor() as pool:
            list(pool.map(_write_rep, todo, chunksize=1))
    return [folder / f"rep{i:03d}.xlsx" for i in range(files)]


SALESXL_RUN = """
import json, sys, time
from salesxl.commands.consolidate import consolidate
files, out, workers = json.loads(sys.argv[1])
t = time.perf_counter()
r = consolidate(files, out, workers=workers)
print(json.dumps({"seconds": time.perf_counter() - t, "leads": r.leads_read,
                  "team": r.leads_team, "merged": r.leads_merged,
                  "failed": len(r.failed)}))
"""

BASELINE_RUN = """
import json, sys, time, warnings
warnings.simplefilter("ignore")
import pandas as pd
files, out = json.loads(sys.argv[1])
t = time.perf_counter()
parts = {}
for f in files:
    book = pd.read_excel(f, sheet_name=None)
    for name, frame in book.items():
        parts.setdefault(name, []).append(frame)
tables = {name: pd.concat(frames, ignore_index=True) for name, frames in parts.items()
          if name in %r}
with pd.ExcelWriter(out) as writer:
    for name, frame in tables.items():
        frame.to_excel(writer, sheet_name=name, index=False)
leads = sum(len(frame) for name, frame in tables.items() if name in ("리드", "Leads"))
print(json.dumps({"seconds": time.perf_counter() - t, "leads": leads}))
""" % (SHEETS_KO + SHEETS_EN)


def _tree_rss(proc: object) -> int:
    import psutil

    assert isinstance(proc, psutil.Process)
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            continue
    return total


def run(code: str, payload: object) -> dict[str, float]:
    """Run `code` in a fresh interpreter: its JSON result, peak memory of its process tree
    (MB, sampled every 50 ms) and the CPU seconds it and its workers used."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.Popen([sys.executable, "-c", code, json.dumps(payload)],
                            stdout=subprocess.PIPE, text=True)
    peak = 0
    try:
        import psutil

        ps = psutil.Process(proc.pid)
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.is_set():
                with contextlib.suppress(psutil.Error):
                    peak = max(peak, _tree_rss(ps))
                time.sleep(0.05)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        out, _ = proc.communicate()
        done.set()
        sampler.join()
    except ImportError:  # psutil missing: the largest single process instead
        out, _ = proc.communicate()
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode:
        raise SystemExit(f"benchmark run failed ({proc.returncode})")
    result = json.loads(out.strip().splitlines()[-1])
    result["peak_mb"] = peak / 1024**2
    result["cpu"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return result


def _median(runs: list[dict[str, float]]) -> dict[str, float]:
    return {k: statistics.median(r[k] for r in runs) for k in runs[0]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--files", default="10,50,200", help="file counts, comma-separated")
    ap.add_argument("--leads", type=int, default=2000, help="leads per rep workbook")
    ap.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "salesxl-bench",
                    help="where the rep workbooks are built (kept for the next run)")
    ap.add_argument("--baseline-max", type=int, default=50,
                    help="run the pandas baseline only up to this many files (it is slow)")
    ap.add_argument("--workers", type=int, default=None, help="salesxl worker processes")
    ap.add_argument("--repeat", type=int, default=1,
                    help="runs per tool and size, interleaved; the medians are printed")
    args = ap.parse_args()
    counts = sorted(int(n) for n in args.files.split(","))
    files = build(args.dir, max(counts), args.leads)
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(f"{'files':>5} {'leads':>8} {'tool':<8} {'seconds':>8} {'s/1k leads':>10} "
          f"{'CPU s':>7} {'peak MB':>8} {'ratio':>6}")
    out_dir = Path(tempfile.mkdtemp(prefix="salesxl-bench-out-"))
    for n in counts:
        chosen = [str(f) for f in files[:n]]
        ours_runs, base_runs = [], []
        for _ in range(args.repeat):
            ours_runs.append(run(SALESXL_RUN, [chosen, str(out_dir / f"team{n}.xlsx"),
                                               args.workers]))
            if n <= args.baseline_max:
                base_runs.append(run(BASELINE_RUN, [chosen, str(out_dir / f"pandas{n}.xlsx")]))
        ours = _median(ours_runs)
        leads = int(ours["leads"])
        print(f"{n:>5} {leads:>8,} {'salesxl':<8} {ours['seconds']:>8.1f} "
              f"{ours['seconds'] / leads * 1000:>10.3f} {ours['cpu']:>7.1f} "
              f"{ours['peak_mb']:>8.0f}", flush=True)
        if base_runs:
            base = _median(base_runs)
            print(f"{n:>5} {int(base['leads']):>8,} {'pandas':<8} {base['seconds']:>8.1f} "
                  f"{base['seconds'] / leads * 1000:>10.3f} {base['cpu']:>7.1f} "
                  f"{base['peak_mb']:>8.0f} {base['seconds'] / ours['seconds']:>5.1f}x",
                  flush=True)


if __name__ == "__main__":
    main()
