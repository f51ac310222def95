"""Benchmark: `salesxl validate` end to end vs `pandas.read_excel` on a 100k-row Leads sheet.

Builds (once, cached in bench/out/) a Leads workbook of 100,000 realistic leads from
`salesxl.commands.demo_data.make_team` with every Leads column of the team workbook (40 columns, the
BANT result columns empty), written with XlsxWriter. Then, side by side in fresh processes:

- ``salesxl validate COPY --today 2026-11-27``: read, BANT rules, in-place lossless write of
  bant_status / bant_score / bant_missing (first run: the 300k result cells are new cells);
  then the same file a month later (``--today 2026-12-27``: timing moves, some statuses
  change, their cells exist), and again that day (nothing changes, nothing is written);
- ``pandas.read_excel(path)`` with pandas' default engine, which merely reads the file.

Target (issue 3): validate <= 1/4 of read_excel's time. Also reports the rules alone (BANT on
the parsed columns) in rows per second, and where validate's time goes.

Usage:
    python bench/bench_validate.py [--rows 100000] [--repeat 1]
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
TODAY = dt.date(2026, 11, 27)


def build(path: Path, rows: int) -> Path:
    """The Leads workbook of `rows` leads (English labels), cached."""
    if path.exists():
        return path
    import xlsxwriter

    from salesxl.commands.demo_data import make_team
    from salesxl.core.config import Config
    from salesxl.core.schema import LEADS
    from salesxl.core.values import cell_value

    path.parent.mkdir(parents=True, exist_ok=True)
    team = make_team(reps=4, leads=rows, seed=3, today=TODAY)
    cfg = Config.default(language="en")
    tmp = path.with_suffix(".tmp.xlsx")
    wb = xlsxwriter.Workbook(str(tmp), {"constant_memory": True, "strings_to_formulas": False,
                                        "strings_to_numbers": False, "strings_to_urls": False})
    ws = wb.add_worksheet("Leads")
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    cols = [c for c in LEADS.columns if not c.formula]
    ws.write_row(0, 0, [c.en for c in cols], wb.add_format({"bold": True}))
    r = 0
    for rep in team:
        for lead in rep.leads:
            r += 1
            for c, col in enumerate(cols):
                value = cell_value(col, lead.get(col.key), cfg, "en")
                if value is None:
                    continue
                if isinstance(value, dt.date):
                    ws.write_datetime(r, c, dt.datetime(value.year, value.month, value.day),
                                      date_fmt)
                elif isinstance(value, str):
                    ws.write_string(r, c, value)
                else:
                    ws.write(r, c, value)
    wb.close()
    tmp.replace(path)
    return path


def timed(args: list[str]) -> float:
    """Wall-clock seconds of a fresh process (interpreter start and imports included)."""
    start = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def rules_alone(path: Path) -> tuple[int, float, float, dict[str, float]]:
    """Rows, parse seconds, BANT seconds (best of 3), and validate()'s own phase timings."""
    from salesxl.commands.validate import validate
    from salesxl.core.rules.bant import INPUTS, bant
    from salesxl.io.read import read_workbook
    from salesxl.io.tables import typed_columns

    book = read_workbook(path, tables=["leads"])
    td = book.table("leads")
    start = time.perf_counter()
    values, invalid = typed_columns(td, INPUTS, book.config, [])
    parse = time.perf_counter() - start
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        bant(values, book.config, TODAY, invalid)
        best = min(best, time.perf_counter() - start)
    phases = validate(path, TODAY, write=False).seconds
    return len(td.frame), parse, best, phases


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=1, help="runs of each side (median is kept)")
    args = ap.parse_args()
    master = build(OUT / f"validate_{args.rows}.xlsx", args.rows)
    work = OUT / f"validate_{args.rows}_work.xlsx"
    cli = [sys.executable, "-m", "salesxl", "validate", str(work), "--today", TODAY.isoformat()]
    later = [*cli[:-1], (TODAY + dt.timedelta(days=30)).isoformat()]
    pandas = [sys.executable, "-W", "ignore", "-c",
              f"import pandas; df = pandas.read_excel({str(master)!r}); "
              f"assert len(df) == {args.rows}"]
    first, month, same, base = [], [], [], []
    for _ in range(args.repeat):
        shutil.copyfile(master, work)
        base.append(timed(pandas))
        first.append(timed(cli))
        month.append(timed(later))
        same.append(timed(later))

    def median(xs: list[float]) -> float:
        return sorted(xs)[len(xs) // 2]

    ref, med, med2, med3 = median(base), median(first), median(month), median(same)
    rows, parse, rules, phases = rules_alone(work)
    mb = master.stat().st_size / 1e6
    print(f"file: {master} ({rows:,} rows x 40 columns, {mb:.1f} MB)")
    print(f"pandas.read_excel (default engine, read only) : {ref:7.2f} s")
    print(f"salesxl validate, first run (300k new cells)   : {med:7.2f} s  "
          f"= {med / ref:.2f} of read_excel")
    print(f"salesxl validate, a month later (cells exist)  : {med2:7.2f} s  "
          f"= {med2 / ref:.2f} of read_excel")
    print(f"salesxl validate, again (nothing to write)     : {med3:7.2f} s  "
          f"= {med3 / ref:.2f} of read_excel")
    print("target validate <= 1/4 of read_excel: " + ", ".join(
        f"{name} {'OK' if t <= ref / 4 else 'MISSED'}"
        for name, t in (("first run", med), ("a month later", med2), ("again", med3))))
    print(f"rules alone: BANT on {rows:,} parsed rows in {rules:.3f} s = {rows / rules:,.0f} "
          f"rows/s (parsing the 7 input columns: {parse:.2f} s = {rows / parse:,.0f} rows/s)")
    print("validate phases in process (no write): " +
          ", ".join(f"{k} {v:.2f} s" for k, v in phases.items()))


if __name__ == "__main__":
    main()
