"""Benchmark: salesxl.patch_workbook vs openpyxl load + edit + save, one column of 100k rows.

Builds a realistic 100,000-row x 20-column Leads workbook with XlsxWriter, then rewrites one
whole column (100,000 cells) twice, each in a fresh subprocess so peak memory is that run's
own: (a) ``salesxl.io.patch.patch_workbook``, (b) openpyxl ``load_workbook`` + cell writes +
``save``. Prints seconds, peak resident memory and the ratios (target: >= 10x faster,
<= 1/3 of the memory).

Usage:
    python bench/bench_patch.py [--rows 100000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COLUMNS = [
    "lead_id", "company", "contact", "email", "phone", "stage", "amount_krw", "probability",
    "created", "next_follow_up", "owner", "region", "source", "budget_ok", "authority",
    "need", "timeline", "last_contact", "notes", "score",
]
EDIT_COL = COLUMNS.index("stage")
STAGES = ["리드", "Qualified", "Proposal", "Negotiation", "Won", "Lost"]


def build(path: Path, rows: int) -> None:
    """Write the Leads workbook with XlsxWriter (constant memory)."""
    import xlsxwriter

    rnd = random.Random(7)
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False})
    ws = wb.add_worksheet("Leads")
    bold = wb.add_format({"bold": True})
    date = wb.add_format({"num_format": "yyyy-mm-dd"})
    money = wb.add_format({"num_format": "#,##0"})
    ws.write_row(0, 0, COLUMNS, bold)
    start = dt.date(2024, 1, 1)
    owners = ["김민수", "이서연", "박지훈", "Alex Kim", "최유진"]
    regions = ["서울", "부산", "대구", "인천", "Seoul", "Busan"]
    sources = ["web", "referral", "event", "cold call", "partner"]
    for r in range(1, rows + 1):
        company = f"{rnd.choice(['한빛', '새솔', 'Acme', 'Blue', '동해'])} {rnd.randint(1, 9999)}"
        row = [
            r, company, f"{rnd.choice(owners)} {r % 97}", f"lead{r}@example.com",
            f"010-{rnd.randint(1000, 9999)}-{rnd.randint(1000, 9999)}", rnd.choice(STAGES),
            rnd.randint(1, 500) * 1_000_000, round(rnd.random(), 2),
            start + dt.timedelta(days=r % 700), start + dt.timedelta(days=r % 700 + 14),
            rnd.choice(owners), rnd.choice(regions), rnd.choice(sources), r % 3 == 0,
            rnd.choice(["CEO", "CFO", "팀장", "Manager"]), rnd.choice(["high", "mid", "low"]),
            rnd.choice(["Q1", "Q2", "Q3", "Q4"]), start + dt.timedelta(days=r % 650),
            f"call back about proposal #{r}; 담당자 부재 시 이메일", rnd.randint(0, 100),
        ]
        for c, v in enumerate(row):
            if isinstance(v, dt.date):
                ws.write_datetime(r, c, dt.datetime.combine(v, dt.time()), date)
            elif c == 6:
                ws.write_number(r, c, v, money)
            else:
                ws.write(r, c, v)
    wb.close()


def new_value(r: int) -> str:
    return STAGES[(r * 7) % len(STAGES)] + f" {r % 10}"


def run_salesxl(src: str, dst: str, rows: int) -> None:
    from salesxl.io.patch import SheetEdit, patch_workbook  # imported before the clock starts

    shutil.copyfile(src, dst)
    cells = {(r, EDIT_COL): new_value(r) for r in range(1, rows + 1)}
    patch_workbook(dst, [SheetEdit("Leads", cells)], backup=False)


def run_openpyxl(src: str, dst: str, rows: int) -> None:
    import openpyxl  # imported before the clock starts

    wb = openpyxl.load_workbook(src)
    ws = wb["Leads"]
    for r in range(1, rows + 1):
        ws.cell(row=r + 1, column=EDIT_COL + 1).value = new_value(r)
    wb.save(dst)


def child(kind: str, src: str, dst: str, rows: int) -> None:
    """Import the library, then time the work alone; print import and work seconds."""
    t = time.perf_counter()
    if kind == "salesxl":
        import salesxl.io.patch  # noqa: F401
    else:
        import openpyxl  # noqa: F401
    imported = time.perf_counter()
    (run_salesxl if kind == "salesxl" else run_openpyxl)(src, dst, rows)
    print(f"{imported - t:.3f} {time.perf_counter() - imported:.3f}")


def measure(kind: str, src: Path, dst: Path, rows: int) -> tuple[float, float, float, float]:
    """Run one side in a fresh interpreter: (import s, work s, wall s, peak RSS MiB)."""
    cmd = [sys.executable, __file__, "--child", kind, str(src), str(dst), str(rows)]
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    out = proc.stdout.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"{kind} failed with exit code {proc.returncode}")
    imported, work = map(float, out.strip().splitlines()[-1].split())
    return imported, work, wall, usage.ru_maxrss / 1024


def check(path: Path, rows: int) -> None:
    """Both outputs must hold the new column (read back with python-calamine)."""
    import python_calamine

    data = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Leads")
    values = data.to_python()
    assert len(values) == rows + 1, (path, len(values))
    for r in (1, rows // 2, rows):
        assert values[r][EDIT_COL] == new_value(r), (path, r, values[r][EDIT_COL])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--keep", type=Path, help="build/keep the workbooks in this folder")
    ap.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        kind, src, dst, rows = args.child
        child(kind, src, dst, int(rows))
        return
    folder = args.keep or Path(tempfile.mkdtemp(prefix="salesxl-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    src = folder / f"leads_{args.rows}.xlsx"
    if not src.exists():
        t = time.perf_counter()
        build(src, args.rows)
        print(f"built {src.name} ({src.stat().st_size / 1024**2:.1f} MB) "
              f"in {time.perf_counter() - t:.1f} s with XlsxWriter")
    results = {}
    for kind in ("salesxl", "openpyxl"):
        dst = folder / f"out_{kind}.xlsx"
        results[kind] = measure(kind, src, dst, args.rows)
        check(dst, args.rows)
    print(f"\nrewrite one column of {args.rows:,} rows x {len(COLUMNS)} columns "
          f"(python {sys.version.split()[0]}, {os.cpu_count()} CPUs)")
    print(f"{'':10} {'import s':>8} {'work s':>8} {'wall s':>8} {'peak MiB':>9}")
    for kind, (imported, work, wall, rss) in results.items():
        print(f"{kind:10} {imported:8.2f} {work:8.2f} {wall:8.2f} {rss:9.0f}")
    (_, sw, swall, sr), (_, ow, owall, orss) = results["salesxl"], results["openpyxl"]
    print(f"\nspeed-up: {ow / sw:.1f}x (work), {owall / swall:.1f}x (wall incl. imports); "
          f"memory: {sr / orss:.2f} of openpyxl's ({orss / sr:.1f}x less)")
    print("target: >= 10x faster and <= 0.33 of the memory: "
          + ("met" if ow / sw >= 10 and sr / orss <= 1 / 3 else "NOT met"))
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
