"""Worksheet functions: one array call over a whole Leads table vs one call per lead.

Both go through the same decorated functions of `salesxl.xl.udfs` and through xlwings' own
UDF call path (`xlwings.udfs.call_udf` with its converters, made to run on Linux by the test
stand-ins in tests/xlwings_shim.py), in this process, with the values shaped as Excel's COM
server passes them. Excel's own cost per call (COM marshalling, recalculation) comes on top of
the per-call figure, so in Excel the ratio only grows.

Baseline: N calls of ``SALESXL_BANT`` (one lead each). Measured: one call of
``SALESXL_BANT_TABLE`` over the same N leads with their headers. Target: at least 50x.

Run: ``python bench/bench_udf.py [--rows 10000]``
"""

from __future__ import annotations

import argparse
import datetime as dt
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
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
