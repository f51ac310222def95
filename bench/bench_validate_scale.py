"""`salesxl validate` at 1,000,000 rows: peak memory, and time against its own 100k run
(issue 14, row 4: <= 1 GB peak, 1M time <= 11x the 100k time).

Each run is a fresh process on a fresh copy of the generated 37-column Korean Leads workbook
(bench/common.py); the 100k and 1M runs are interleaved, medians of --repeat pairs.

Run: python bench/bench_validate_scale.py [--small 100000] [--large 1000000] [--repeat 3]
"""

from __future__ import annotations

import argparse

from common import TODAY, emit, fresh_copy, header, leads_workbook, pairs, salesxl_cli


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--small", type=int, default=100_000)
    ap.add_argument("--large", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    small, large = leads_workbook(args.small), leads_workbook(args.large)
    w_small = fresh_copy(small, f"scale_{args.small}.xlsx")
    w_large = fresh_copy(large, f"scale_{args.large}.xlsx")

    def copies() -> None:
        fresh_copy(small, w_small.name)
        fresh_copy(large, w_large.name)

    header(f"validate (first run): {args.large:,} rows vs {args.small:,} rows, 37 columns")
    # pairs() calls the second argument the baseline: here the small run
    res = pairs(salesxl_cli("validate", str(w_large), "--today", TODAY.isoformat()),
                salesxl_cli("validate", str(w_small), "--today", TODAY.isoformat()),
                args.repeat, before=copies)
    growth = res["ours_s"] / res["base_s"]
    rows_x = args.large / args.small
    ok = res["ours_mb"] <= 1024 and growth <= 1.1 * rows_x
    print(f"  {args.small:>9,} rows: {res['base_s']:8.2f} s  peak {res['base_mb']:7.0f} MB")
    print(f"  {args.large:>9,} rows: {res['ours_s']:8.2f} s  peak {res['ours_mb']:7.0f} MB")
    print(f"  time grows {growth:.1f}x for {rows_x:.0f}x the rows (bar <= {1.1 * rows_x:.0f}x), "
          f"peak {res['ours_mb']:.0f} MB (bar <= 1024 MB): {'OK' if ok else 'MISSED'}")
    emit("validate_scale", size=f"{args.large:,} vs {args.small:,} rows",
         ours_s=round(res["ours_s"], 3), base_s=round(res["base_s"], 3),
         ours_cpu=round(res["ours_cpu"], 3), base_cpu=round(res["base_cpu"], 3),
         growth=round(growth, 2), rows_x=rows_x, ours_mb=round(res["ours_mb"]), base_mb=round(res["base_mb"]),
         pairs=res["pairs"], bar=f"<= 1 GB, time <= {1.1 * rows_x:.0f}x", ok=ok)


if __name__ == "__main__":
    main()
