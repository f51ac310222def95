"""`salesxl consolidate` of N rep workbooks x 2,000 leads vs the pandas script a manager would
write (issue 14, row 3: >= 15x, <= 400 MB at 50 files).

Rep workbooks are real team workbooks written by ``python -m salesxl demo --reps N --leads
N*2000`` (bench/common.py ``rep_folder``; a third of the reps work in English), each with its
leads, activities, objections, stage history and customer files.

* salesxl: ``python -m salesxl consolidate FOLDER -o team.xlsx`` (default workers: one per CPU):
  every table read, duplicates found and merged, the team workbook written with its Sources /
  Duplicates / Conflicts sheets.
* baseline: per file ``pandas.read_excel`` of the Leads sheet (``리드`` or ``Leads``; the
  first sheet is "Start here"), default engine,
  ``pandas.concat``, duplicates by e-mail dropped, ``DataFrame.to_excel``.

Both in fresh processes, interleaved, medians of --repeat pairs; peak memory is the whole
process tree's (workers included).

``--scale SMALL,LARGE`` (issue 14: consolidate linear from 10 to 200 files; <= 400 MB at 50
files, <= 1 GB at 200): salesxl only, no baseline: the SMALL and LARGE folders interleaved, and
the time of LARGE over SMALL, wall and CPU, against the files ratio (bar: <= 1.1x it).

Run: python bench/bench_consolidate.py [--files 50] [--leads 2000] [--repeat 3]
     python bench/bench_consolidate.py --scale 10,200 [--leads 2000] [--repeat 1]
"""

from __future__ import annotations

import argparse
import json

from common import OUT, PY, emit, header, pairs, rep_folder, report, salesxl_cli

# issue 14's memory bars, by the number of rep workbooks of 2,000 leads
MEMORY_BAR_MB = {50: 400, 200: 1024}

BASELINE = """
import json, sys, warnings
warnings.simplefilter("ignore")
import pandas as pd
files, out = json.loads(sys.argv[1])
frames, cols = [], None
for f in files:
    with pd.ExcelFile(f) as book:  # the Leads sheet (Korean or English workbook)
        df = book.parse(next(n for n in book.sheet_names if n in ("리드", "Leads")))
    cols = df.columns if cols is None else cols
    frames.append(df.set_axis(cols, axis=1))
team = pd.concat(frames, ignore_index=True)
email = cols[6]  # E-mail / 이메일
team = team[team[email].isna() | ~team.duplicated(email, keep="last")]
team.to_excel(out, index=False)
print(len(team))
"""


def scale(small: int, large: int, leads: int, repeat: int) -> None:
    """salesxl at `large` files against itself at `small` files (interleaved pairs)."""
    folders = {n: rep_folder(n, leads) for n in (small, large)}
    for n, folder in folders.items():
        assert len(list(folder.glob("*.xlsx"))) == n, (folder, n)
    out = OUT / "work"
    out.mkdir(parents=True, exist_ok=True)
    header(f"consolidate (salesxl only): {large} vs {small} rep workbooks x {leads:,} leads")
    # pairs() calls the second argument the baseline: here the small run
    res = pairs(salesxl_cli("consolidate", str(folders[large]), "-o",
                            str(out / f"team_{large}.xlsx")),
                salesxl_cli("consolidate", str(folders[small]), "-o",
                            str(out / f"team_{small}.xlsx")), repeat)
    growth, growth_cpu = res["ours_s"] / res["base_s"], res["ours_cpu"] / res["base_cpu"]
    files_x = large / small
    bar_mb = {n: MEMORY_BAR_MB.get(n) if leads == 2000 else None for n in (small, large)}
    mb = {small: res["base_mb"], large: res["ours_mb"]}
    for n, wall, cpu in ((small, res["base_s"], res["base_cpu"]),
                          (large, res["ours_s"], res["ours_cpu"])):
        bar = f" (bar <= {bar_mb[n]} MB)" if bar_mb[n] else ""
        print(f"  {n:>4} files, {n * leads:>9,} leads: {wall:8.2f} s wall {cpu:8.2f} s CPU  "
              f"peak {mb[n]:7.0f} MB{bar}")
    linear = max(growth, growth_cpu) <= 1.1 * files_x
    memory = all(mb[n] <= bar_mb[n] for n in bar_mb if bar_mb[n])
    print(f"  time grows {growth:.1f}x wall, {growth_cpu:.1f}x CPU for {files_x:.0f}x the files "
          f"(bar <= {1.1 * files_x:.0f}x): {'OK' if linear else 'MISSED'}; memory: "
          f"{'OK' if memory else 'MISSED'} (median of {res['pairs']} pairs)")
    emit("consolidate_scale", size=f"{large} vs {small} x {leads:,} leads",
         ours_s=round(res["ours_s"], 3), base_s=round(res["base_s"], 3),
         ours_cpu=round(res["ours_cpu"], 3), base_cpu=round(res["base_cpu"], 3),
         growth=round(growth, 2), growth_cpu=round(growth_cpu, 2), files_x=files_x,
         ours_mb=round(res["ours_mb"]), base_mb=round(res["base_mb"]), pairs=res["pairs"],
         bar=f"time <= {1.1 * files_x:.0f}x, memory {bar_mb}", ok=linear and memory)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=50)
    ap.add_argument("--leads", type=int, default=2000, help="leads per rep workbook")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--scale", metavar="SMALL,LARGE",
                    help="salesxl only: LARGE files against SMALL files (linearity, memory)")
    args = ap.parse_args()
    if args.scale:
        small, large = (int(n) for n in args.scale.split(","))
        scale(small, large, args.leads, args.repeat)
        return
    folder = rep_folder(args.files, args.leads)
    files = sorted(str(p) for p in folder.glob("*.xlsx"))
    assert len(files) == args.files, (folder, len(files))
    out = OUT / "work"
    out.mkdir(parents=True, exist_ok=True)
    header(f"consolidate {args.files} rep workbooks x {args.leads:,} leads vs pandas "
           "read_excel + concat + dedupe + to_excel")
    res = pairs(salesxl_cli("consolidate", str(folder), "-o", str(out / "team.xlsx")),
                [PY, "-W", "ignore", "-c", BASELINE,
                 json.dumps([files, str(out / "pandas_team.xlsx")])], args.repeat)
    bar_mb = MEMORY_BAR_MB.get(args.files, 400)  # 400 MB: the bar at 50 files, the default
    ok = res["ratio"] >= 15 and res["ours_mb"] <= bar_mb
    report("consolidate", f"{args.files} x {args.leads:,} leads", res,
           bar=f">= 15x, <= {bar_mb} MB", ok=ok)


if __name__ == "__main__":
    main()
