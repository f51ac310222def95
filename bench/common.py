"""Helpers shared by the benchmarks: big workbooks built once, timing in fresh processes."""

from __future__ import annotations

import datetime as dt
import json
import random
import subprocess
import sys
import time
from pathlib import Path

import xlsxwriter

OUT = Path(__file__).resolve().parent / "out"

LEAD_COLUMNS_20 = [
    "Lead ID", "Created on", "Rep", "Company", "Contact", "E-mail", "Phone", "Source",
    "Source type", "Tier", "Budget", "Budget confirmed", "Is decision maker", "Decision maker",
    "Need", "Need level", "Decision date", "Stage", "Deal amount", "Last contact",
]


def big_leads_workbook(rows: int = 100_000, path: Path | None = None, seed: int = 1) -> Path:
    """A Leads sheet of `rows` x 20 realistic columns (cached in bench/out/)."""
    path = path or OUT / f"leads_{rows}.xlsx"
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False})
    ws = wb.add_worksheet("Leads")
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    ws.write_row(0, 0, LEAD_COLUMNS_20)
    stages = ["Prospecting", "Qualification", "Needs assessment", "Pitch / demo", "Proposal",
              "Closing", "Won", "Lost"]
    base = dt.datetime(2026, 1, 1)
    for r in range(1, rows + 1):
        ws.write_string(r, 0, f"L-{r:06d}")
        ws.write_datetime(r, 1, base + dt.timedelta(days=rng.randrange(300)), date_fmt)
        ws.write_string(r, 2, rng.choice(["Kim", "Lee", "Park", "Choi", "Jung"]))
        ws.write_string(r, 3, f"Company {rng.randrange(20000)} Co., Ltd.")
        ws.write_string(r, 4, f"Contact {rng.randrange(50000)}")
        ws.write_string(r, 5, f"user{r}@example{rng.randrange(900)}.co.kr")
        ws.write_string(r, 6, f"010-{rng.randrange(1000, 9999)}-{rng.randrange(1000, 9999)}")
        ws.write_string(r, 7, rng.choice(["Blog", "SEO", "Cold call", "Trade show"]))
        ws.write_string(r, 8, rng.choice(["Inbound", "Outbound"]))
        ws.write_string(r, 9, rng.choice("ABCD"))
        ws.write_number(r, 10, rng.choice([0, 5, 10, 50, 120]) * 1_000_000)
        ws.write_string(r, 11, rng.choice(["Yes", "No", ""]) or "No")
        ws.write_string(r, 12, rng.choice(["Yes", "No"]))
        ws.write_string(r, 13, rng.choice(["", "Park CEO", "Lee CFO"]) or "-")
        ws.write_string(r, 14, rng.choice(["Cut reporting time", "Automate stock", "n/a"]))
        ws.write_string(r, 15, rng.choice(["High", "Medium", "Low"]))
        ws.write_datetime(r, 16, base + dt.timedelta(days=rng.randrange(500)), date_fmt)
        ws.write_string(r, 17, rng.choice(stages))
        ws.write_number(r, 18, rng.randrange(1, 500) * 100_000)
        ws.write_datetime(r, 19, base + dt.timedelta(days=rng.randrange(330)), date_fmt)
    wb.close()
    return path


def measure(code: str, repeat: int = 3) -> dict[str, float]:
    """Run `code` in fresh Python processes; median seconds and max peak RSS (MB)."""
    runner = (
        "import json, resource, time\n"
        "t0 = time.perf_counter()\n"
        f"{code}\n"
        "t1 = time.perf_counter()\n"
        "rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        "print(json.dumps({'seconds': t1 - t0, 'peak_mb': rss}))\n"
    )
    runs = []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", runner], capture_output=True, text=True,
                             check=True)
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    secs = sorted(r["seconds"] for r in runs)
    return {"seconds": secs[len(secs) // 2], "peak_mb": max(r["peak_mb"] for r in runs)}


def now() -> float:
    return time.perf_counter()
