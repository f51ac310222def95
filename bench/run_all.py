"""Run every issue-14 benchmark and print one line each: ratio against its baseline (from the
same run, fresh processes) and peak memory of both sides.

    python bench/run_all.py --quick     # every benchmark at a small size, < 3 minutes
    python bench/run_all.py             # the issue's sizes (about an hour on 2 cores)
    python bench/run_all.py --only export,validate --repeat 5

Workbooks are generated once into bench/out/ (the first --quick run also builds its small
files). A slowed path shows as a lower ratio (or a higher share) than the last run; the
machine's load average is printed with every line, because these 2-core machines are shared.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

# name, script, quick arguments, full arguments
BENCHES: list[tuple[str, str, list[str], list[str]]] = [
    ("startup", "bench_startup.py", ["--repeat", "3"], ["--repeat", "7"]),
    ("export", "bench_export.py", ["--rows", "10000"], ["--rows", "100000"]),
    ("validate", "bench_validate.py", ["--rows", "10000"], ["--rows", "100000"]),
    ("validate_scale", "bench_validate_scale.py", ["--small", "10000", "--large", "50000"],
     ["--small", "100000", "--large", "1000000"]),
    ("summary", "bench_summary.py",
     ["--leads", "10000", "--history", "30000", "--activities", "30000"],
     ["--leads", "100000", "--history", "300000", "--activities", "300000"]),
    ("consolidate", "bench_consolidate.py", ["--files", "5"], ["--files", "50"]),
    ("convert", "bench_convert.py",
     ["--end-to-end", "--files", "10", "--min-rows", "200", "--max-rows", "600"],
     ["--end-to-end", "--files", "200"]),
]


def line(r: dict) -> str:
    if r.get("bench") == "startup":
        value = (f"import {r['import_s']:.2f} s, --help {r['help_s']:.2f} s"
                 + (f" (CPU {r['import_cpu']:.2f}/{r['help_cpu']:.2f})" if "import_cpu" in r
                    else ""))
    elif r.get("bench") == "validate_scale":
        value = f"{r['growth']:.1f}x time for {r['rows_x']:.0f}x rows"
    elif r.get("as_share"):
        value = f"{r['share']:.2f} of baseline (CPU {1 / r['cpu_ratio']:.2f})"
    else:
        value = f"{r['ratio']:.1f}x faster (CPU {r['cpu_ratio']:.1f}x)"
    mem = f"peak {r.get('ours_mb', 0):>5} MB" + (f" / base {r['base_mb']:>5} MB"
                                                  if "base_mb" in r else " " * 17)
    verdict = {True: "OK", False: "MISSED", None: "-"}[r.get("ok")]
    return (f"{r['bench']:<19} {r['size']:<34} {value:<36} {mem}  bar {r['bar']}: {verdict}"
            f"  (load {r['load']:.1f})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small sizes, under 3 minutes")
    ap.add_argument("--only", help="comma-separated benchmark names")
    ap.add_argument("--repeat", type=int, help="pairs per benchmark (default: 1 quick, 3 full)")
    ap.add_argument("--json", type=Path, help="also write the results to this file")
    args = ap.parse_args()
    only = set(args.only.split(",")) if args.only else None
    repeat = args.repeat or (1 if args.quick else 3)
    results = []
    start = time.perf_counter()
    for name, script, quick, full in BENCHES:
        if only and name not in only:
            continue
        argv = [sys.executable, str(HERE / script), *(quick if args.quick else full)]
        if name != "startup":
            argv += ["--repeat", str(repeat)]
        t = time.perf_counter()
        proc = subprocess.run(argv, capture_output=True, text=True, cwd=HERE)
        found = [json.loads(x[6:]) for x in proc.stdout.splitlines() if x.startswith("BENCH ")]
        if proc.returncode or not found:
            print(f"{name:<19} FAILED ({proc.returncode}): {proc.stderr.strip()[-500:]}",
                  flush=True)
            continue
        for r in found:
            r["seconds_run"] = round(time.perf_counter() - t, 1)
            results.append(r)
            print(line(r), flush=True)
    print(f"{len(results)} benchmarks in {time.perf_counter() - start:.0f} s")
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
