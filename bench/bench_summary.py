"""`salesxl summary` on 100k leads + 300k History + 300k Activities rows vs `pandas.read_excel`
of the Leads sheet alone (issue 14, "Summary at scale": <= 0.5 of it, <= 1 GB).

The workbook (bench/common.py) holds the 37-column Korean Leads sheet and History / Activities
sheets of related rows. Every salesxl run gets a fresh copy (summary writes its sheet into it).

Run: python bench/bench_summary.py [--leads 100000] [--history 300000] [--activities 300000]
                                   [--repeat 3]
"""

from __future__ import annotations

import argparse

from common import (
    TODAY,
    fresh_copy,
    header,
    pairs,
    py,
    report,
    salesxl_cli,
    summary_workbook,
)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--leads", type=int, default=100_000)
    ap.add_argument("--history", type=int, default=300_000)
    ap.add_argument("--activities", type=int, default=300_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    book = summary_workbook(args.leads, args.history, args.activities)
    work = fresh_copy(book, f"summary_{args.leads}.xlsx")
    header(f"summary: {args.leads:,} leads + {args.history:,} History + {args.activities:,} "
           "Activities vs pandas.read_excel of the Leads sheet")
    res = pairs(salesxl_cli("summary", str(work), "--today", TODAY.isoformat()),
                py(f"import pandas; df = pandas.read_excel({str(book)!r}, sheet_name='리드'); "
                   f"assert len(df) == {args.leads}"),
                args.repeat, before=lambda: fresh_copy(book, work.name))
    share = 1 / res["ratio"]
    report("summary", f"{args.leads:,}+{args.history:,}+{args.activities:,} rows", res,
           bar="<= 0.5 of read_excel, <= 1 GB", ok=share <= 0.5 and res["ours_mb"] <= 1024,
           share=True)


if __name__ == "__main__":
    main()
