"""Worksheet functions: one array call over a whole Leads table vs one call per lead.

Both go through the same decorated functions of `salesxl.xl.udfs` and through xlwings' own
UDF call path (`xlwings.udfs.call_udf` with its converters, made to run on Linux by the test
stand-ins in tests/xlwings_shim.py), in this process, with the values shaped as Excel's COM
server passes them. Excel's own cost per call (COM marshalling, recalculation) comes on top of
the per-call figure, so in Excel the ratio only grows.

Baseline: N calls of ``SALESXL_BANT`` (one lead each). Measured: one call of
``SALESXL_BANT_TABLE`` over the same N leads with their headers. Target: at least 50x.

``--first-call`` measures instead the first call after the workbook opens (issue 14: ≤ 1.5 s):
in each of 5 fresh processes, with xlwings already imported (Excel's Python server has it
loaded), the time to set up the UDF module (importing salesxl's Excel functions) and answer
one ``SALESXL_BANT`` call; the median is printed, wall and CPU.

Run: ``python bench/bench_udf.py [--rows 10000]`` or ``python bench/bench_udf.py --first-call``
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]

from common import leads_workbook  # noqa: E402
from xlwings_shim import call, com_grid, com_value, install, sheet_rows  # noqa: E402

from salesxl.core.rules.bant import INPUTS  # noqa: E402
from salesxl.core.schema import LEADS  # noqa: E402

TODAY = dt.datetime(2026, 11, 27)


FIRST_CALL = """
import sys, time, json
sys.path[:0] = {paths!r}
import xlwings  # loaded already in Excel's Python server
t, c = time.perf_counter(), time.process_time()
from xlwings_shim import call, install
install()
out = call("SALESXL_BANT", 5000000, "예", "예", "김대표", "ERP 교체", "높음", 46353.0, "ko",
           46353.0)
print(json.dumps({{"wall": time.perf_counter() - t, "cpu": time.process_time() - c,
                  "result": str(out)}}))
"""


def first_call(runs: int = 5) -> None:
    code = FIRST_CALL.format(paths=[str(HERE), str(HERE.parent / "tests"), str(HERE.parent)])
    seen = []
    for _ in range(runs):
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              check=True)
        seen.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    wall = statistics.median(r["wall"] for r in seen)
    cpu = statistics.median(r["cpu"] for r in seen)
    print(f"first SALESXL_BANT call after opening (median of {runs} fresh processes): "
          f"{wall:.2f} s wall, {cpu:.2f} s CPU; bar 1.5 s: {'OK' if wall <= 1.5 else 'MISSED'}")
    print(f"  answer: {seen[0]['result']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--first-call", action="store_true",
                        help="time the first call after the workbook opens instead")
    args = parser.parse_args()
    if args.first_call:
        first_call()
        return
    install()
    book = leads_workbook(args.rows)
    rows = sheet_rows(book, "리드")
    table = com_grid(rows)
    header = [LEADS.match_header(h) for h in rows[0]]
    cols = [header.index(k) if k in header else None for k in INPUTS]
    leads = [tuple(com_value(row[c]) if c is not None else None for c in cols)
             for row in rows[1:]]

    call("SALESXL_BANT_TABLE", table[:3], "en", TODAY)  # warm caches (holidays, imports)
    start = time.perf_counter()
    whole = call("SALESXL_BANT_TABLE", table, "en", TODAY)
    array_s = time.perf_counter() - start

    start = time.perf_counter()
    single = [call("SALESXL_BANT", *lead, "en", TODAY)[0] for lead in leads]
    single_s = time.perf_counter() - start

    assert [list(r) for r in whole[1:]] == [list(r) for r in single], "results differ"
    n = len(leads)
    print(f"{n:,} leads x {len(rows[0])} columns, through xlwings.udfs.call_udf")
    print(f"  one SALESXL_BANT_TABLE call : {array_s:8.3f} s  ({n / array_s:,.0f} leads/s)")
    print(f"  {n:,} SALESXL_BANT calls   : {single_s:8.3f} s  "
          f"({single_s / n * 1e3:.2f} ms per call)")
    ratio = single_s / array_s
    print(f"  array call is {ratio:,.0f}x faster (target >= 50x): "
          f"{'OK' if ratio >= 50 else 'BELOW TARGET'}")


if __name__ == "__main__":
    main()
