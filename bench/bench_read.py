"""Read a 100k-row x 20-column Leads sheet: salesxl vs pandas.read_excel (default engine).

Target (issue 2): salesxl >= 10x faster. Both run in fresh processes, side by side, same file.
Run: python bench/bench_read.py [--rows 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse

from common import big_leads_workbook, measure


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    path = big_leads_workbook(args.rows)
    ours = measure(
        "from salesxl.io.read import read_workbook\n"
        f"book = read_workbook({str(path)!r}, tables=['leads'])\n"
        f"assert len(book.table('leads').frame) == {args.rows}", args.repeat)
    base = measure(
        "import pandas as pd\n"
        f"df = pd.read_excel({str(path)!r})\n"
        f"assert len(df) == {args.rows}", args.repeat)
    print(f"file: {path} ({args.rows} rows x 20 columns)")
    print(f"pandas.read_excel (openpyxl): {base['seconds']:7.2f} s  peak {base['peak_mb']:6.0f} MB")
    print(f"salesxl read_workbook       : {ours['seconds']:7.2f} s  peak {ours['peak_mb']:6.0f} MB")
    ratio = base["seconds"] / ours["seconds"]
    print(f"speed-up: {ratio:.1f}x (target >= 10x) -> {'OK' if ratio >= 10 else 'MISSED'}")


if __name__ == "__main__":
    main()
