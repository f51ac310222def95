"""`salesxl export BOOK --table leads --format csv` vs `pandas.read_excel(BOOK)` (issue 14, row 1).

Both sides run in fresh processes on the same 37-column Korean Leads workbook (bench/common.py),
interleaved; medians of --repeat pairs. Bar: export >= 15x faster than read_excel.

Run: python bench/bench_export.py [--rows 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse

from common import OUT, header, leads_workbook, pairs, py, report, salesxl_cli


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    book = leads_workbook(args.rows)
    out = OUT / "work" / f"export_{args.rows}.csv"
    out.parent.mkdir(parents=True, exist_ok=True)
    header(f"export {args.rows:,} rows x 37 columns to CSV vs pandas.read_excel ({book.name})")
    res = pairs(salesxl_cli("export", str(book), "--table", "leads", "--format", "csv",
                            "-o", str(out)),
                py(f"import pandas; df = pandas.read_excel({str(book)!r}); "
                   f"assert len(df) == {args.rows}"), args.repeat)
    lines = sum(1 for _ in out.open(encoding="utf-8"))
    assert lines >= args.rows + 1, lines
    report("export_csv", f"{args.rows:,} rows", res, bar=">= 15x", ok=res["ratio"] >= 15)


if __name__ == "__main__":
    main()
