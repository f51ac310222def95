"""`salesxl validate` first run on a fresh copy vs `pandas.read_excel` (issue 14, row 2).

The first run writes the three BANT result columns (bant_status, bant_score, bant_missing) into
every row: 300k new cells at 100k rows. Every salesxl run gets a fresh copy of the generated
37-column Korean Leads workbook (bench/common.py); the baseline merely reads the same file.
Bar: validate <= 0.15 of read_excel's time.

Run: python bench/bench_validate.py [--rows 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse

from common import TODAY, fresh_copy, header, leads_workbook, pairs, py, report, salesxl_cli


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    book = leads_workbook(args.rows)
    work = fresh_copy(book, f"validate_{args.rows}.xlsx")
    header(f"validate (first run) on {args.rows:,} rows x 37 columns vs pandas.read_excel")
    res = pairs(salesxl_cli("validate", str(work), "--today", TODAY.isoformat()),
                py(f"import pandas; df = pandas.read_excel({str(book)!r}); "
                   f"assert len(df) == {args.rows}"),
                args.repeat, before=lambda: fresh_copy(book, work.name))
    share = 1 / res["ratio"]
    report("validate_first_run", f"{args.rows:,} rows", res, bar="<= 0.15 of read_excel",
           ok=share <= 0.15, share=True)


if __name__ == "__main__":
    main()
