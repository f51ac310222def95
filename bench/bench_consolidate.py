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

Run: python bench/bench_consolidate.py [--files 50] [--leads 2000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json

from common import OUT, PY, header, pairs, rep_folder, report, salesxl_cli

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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=50)
    ap.add_argument("--leads", type=int, default=2000, help="leads per rep workbook")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
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
    ok = res["ratio"] >= 15 and res["ours_mb"] <= 400
    report("consolidate", f"{args.files} x {args.leads:,} leads", res, bar=">= 15x, <= 400 MB",
           ok=ok)


if __name__ == "__main__":
    main()
