"""`salesxl export BOOK --table leads` vs `pandas.read_excel(BOOK)`, and export at 1M rows
(issue 14, rows 1 and "bounded memory at 1M rows").

Both sides run in fresh processes on the same 37-column Korean Leads workbook (bench/common.py),
interleaved; medians of --repeat pairs. Bar: export >= 15x faster than read_excel.

With --rows above 200,000 there is no pandas baseline (read_excel of 1M rows takes many
minutes and several GB): export of --rows and of --small rows run --repeat times each, and the
script reports the peak memory of the large run (bar: <= 1 GB) and its time against the small
run's (bar: 1M <= 11x the 100k run, i.e. linear growth).

--paths compares, at --rows, the two ways export can read: the whole sheet (python-calamine,
``stream=False``) and row chunks (salesxl.io.sheetstream, ``stream=True``), interleaved, each
in a fresh process through the library call (what decides `STREAM_SHEET_BYTES`).

Run: python bench/bench_export.py [--rows 100000] [--format csv|parquet] [--repeat 3]
     python bench/bench_export.py --rows 1000000 --small 100000 --format parquet --repeat 1
     python bench/bench_export.py --rows 10000 --paths --repeat 5
"""

from __future__ import annotations

import argparse

from common import (
    OUT,
    emit,
    header,
    leads_workbook,
    pairs,
    py,
    repeated,
    report,
    salesxl_cli,
)


def _export(book: object, fmt: str, out: object) -> list[str]:
    return salesxl_cli("export", str(book), "--table", "leads", "--format", fmt, "-o", str(out))


def _check(out: object, fmt: str, rows: int) -> None:
    if fmt == "csv":
        with open(str(out), encoding="utf-8") as fh:
            lines = sum(1 for _ in fh)
        assert lines >= rows + 1, lines
    else:
        import pyarrow.parquet as pq

        meta = pq.ParquetFile(str(out)).metadata
        assert meta.num_rows == rows, meta.num_rows


def scale(args: argparse.Namespace) -> None:
    big, small = leads_workbook(args.rows), leads_workbook(args.small)
    header(f"export {args.rows:,} vs {args.small:,} rows x 37 columns to {args.format}")
    work = OUT / "work"
    work.mkdir(parents=True, exist_ok=True)
    out_big = work / f"export_{args.rows}.{args.format}"
    out_small = work / f"export_{args.small}.{args.format}"
    s = repeated(_export(small, args.format, out_small), args.repeat)
    b = repeated(_export(big, args.format, out_big), args.repeat)
    _check(out_big, args.format, args.rows)
    growth = b["seconds"] / s["seconds"]
    cpu_growth = b["cpu"] / s["cpu"]
    bar = 11 * args.rows / (10 * args.small)
    ok = b["peak_mb"] <= 1024 and growth <= bar
    print(f"  {args.small:>9,} rows: {s['seconds']:8.2f} s wall {s['cpu']:8.2f} s CPU  "
          f"peak {s['peak_mb']:7.0f} MB")
    print(f"  {args.rows:>9,} rows: {b['seconds']:8.2f} s wall {b['cpu']:8.2f} s CPU  "
          f"peak {b['peak_mb']:7.0f} MB")
    print(f"  time {growth:.1f}x wall, {cpu_growth:.1f}x CPU for {args.rows / args.small:.0f}x "
          f"the rows (bar <= {bar:.0f}x); peak {b['peak_mb']:.0f} MB (bar <= 1024 MB): "
          f"{'OK' if ok else 'MISSED'}")
    emit(f"export_{args.format}_scale", size=f"{args.rows:,} vs {args.small:,} rows",
         small_s=round(s["seconds"], 3), large_s=round(b["seconds"], 3),
         small_cpu=round(s["cpu"], 3), large_cpu=round(b["cpu"], 3),
         growth=round(growth, 2), cpu_growth=round(cpu_growth, 2),
         small_mb=round(s["peak_mb"]), large_mb=round(b["peak_mb"]),
         bar=f"<= 1024 MB, <= {bar:.0f}x", ok=ok, repeat=args.repeat)


def paths(args: argparse.Namespace) -> None:
    book = leads_workbook(args.rows)
    out = OUT / "work" / f"export_paths_{args.rows}.{args.format}"
    out.parent.mkdir(parents=True, exist_ok=True)
    header(f"export {args.rows:,} rows to {args.format}: whole sheet vs row chunks")

    def call(stream: bool) -> list[str]:
        return py("from salesxl.commands.export import export; "
                  f"export({str(book)!r}, 'leads', {args.format!r}, {str(out)!r}, "
                  f"stream={stream})")

    res = pairs(call(True), call(False), args.repeat)
    print(f"  whole sheet: {res['base_s']:8.2f} s wall {res['base_cpu']:8.2f} s CPU  "
          f"peak {res['base_mb']:7.0f} MB")
    print(f"  row chunks : {res['ours_s']:8.2f} s wall {res['ours_cpu']:8.2f} s CPU  "
          f"peak {res['ours_mb']:7.0f} MB")
    print(f"  chunks / whole: {1 / res['ratio']:.2f} wall, {1 / res['cpu_ratio']:.2f} CPU "
          f"(median of {res['pairs']} pairs)")
    emit(f"export_{args.format}_paths", size=f"{args.rows:,} rows",
         whole_s=round(res["base_s"], 3), chunks_s=round(res["ours_s"], 3),
         whole_cpu=round(res["base_cpu"], 3), chunks_cpu=round(res["ours_cpu"], 3),
         whole_mb=round(res["base_mb"]), chunks_mb=round(res["ours_mb"]), pairs=res["pairs"])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--small", type=int, default=100_000,
                    help="above 200,000 --rows: the run the large one is compared with")
    ap.add_argument("--format", choices=("csv", "parquet"), default="csv")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--paths", action="store_true",
                    help="compare reading the whole sheet with reading it in row chunks")
    args = ap.parse_args()
    if args.paths:
        paths(args)
        return
    if args.rows > 200_000:
        scale(args)
        return
    book = leads_workbook(args.rows)
    out = OUT / "work" / f"export_{args.rows}.{args.format}"
    out.parent.mkdir(parents=True, exist_ok=True)
    header(f"export {args.rows:,} rows x 37 columns to {args.format} vs pandas.read_excel "
           f"({book.name})")
    res = pairs(_export(book, args.format, out),
                py(f"import pandas; df = pandas.read_excel({str(book)!r}); "
                   f"assert len(df) == {args.rows}"), args.repeat)
    _check(out, args.format, args.rows)
    name = "export_csv" if args.format == "csv" else f"export_{args.format}"
    report(name, f"{args.rows:,} rows", res, bar=">= 15x", ok=res["ratio"] >= 15)


if __name__ == "__main__":
    main()
