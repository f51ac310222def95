"""Every quick benchmark on this checkout and on an earlier commit, alternately, in one run.

Issue 10 asks that no benchmark get worse by more than 10 %. Ratios written down on other days
were measured under other loads (the round's starting figures at load 9–31), so this script
measures both sides now: it runs each quick benchmark of `run_all.py` (the same script, the
same files, the same baseline) once against the earlier commit and once against this checkout,
alternately, `--rounds` times, and prints the medians of each side's CPU ratio to its baseline
and the change. The earlier commit runs from a temporary `git worktree`, through
``SALESXL_BENCH_ROOT`` (bench/common.py puts it first on every child's path).

    python bench/against_commit.py --rev 2283838                 # all quick benchmarks
    python bench/against_commit.py --rev 2283838 --only summary,validate --rounds 5
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from run_all import BENCHES

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def _value(r: dict) -> tuple[float, str]:
    """The benchmark's figure, oriented so that lower is better, and how to print it."""
    if r["bench"] == "startup":
        return r.get("import_cpu", r["import_s"]) + r.get("help_cpu", r["help_s"]), \
            "import + --help CPU s"
    if r["bench"] == "validate_scale":  # its growth ratio rises when the small run gets
        return r["ours_cpu"], "large run CPU s"  # faster: compare the large run itself
    return 1 / r["cpu_ratio"], "CPU share of baseline"


def _run(script: str, args: list[str], root: Path) -> dict | None:
    env = dict(os.environ, SALESXL_BENCH_ROOT=str(root))
    argv = [sys.executable, str(HERE / script), *args]
    proc = subprocess.run(argv, capture_output=True, text=True, cwd=HERE, env=env)
    found = [json.loads(x[6:]) for x in proc.stdout.splitlines() if x.startswith("BENCH ")]
    if proc.returncode or not found:
        print(f"  FAILED ({proc.returncode}) with {root}: {proc.stderr.strip()[-400:]}")
        return None
    return found[-1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rev", required=True, help="the earlier commit (e.g. 2283838)")
    ap.add_argument("--only", help="comma-separated benchmark names (default: all)")
    ap.add_argument("--rounds", type=int, default=3, help="runs of each side (default 3)")
    args = ap.parse_args()
    only = set(args.only.split(",")) if args.only else None
    with tempfile.TemporaryDirectory(prefix="salesxl-rev-") as tmp:
        old = Path(tmp) / "rev"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(old),
                        args.rev], check=True, capture_output=True)
        try:
            for name, script, quick, _full in BENCHES:
                if only and name not in only:
                    continue
                extra = [] if name == "startup" else ["--repeat", "1"]
                seen: dict[str, list[float]] = {"old": [], "new": []}
                what = ""
                loads = []
                for _ in range(args.rounds):
                    for side, root in (("old", old), ("new", ROOT)):
                        r = _run(script, [*quick, *extra], root)
                        if r is not None:
                            value, what = _value(r)
                            seen[side].append(value)
                            loads.append(r["load"])
                if not seen["old"] or not seen["new"]:
                    continue
                o, n = statistics.median(seen["old"]), statistics.median(seen["new"])
                print(f"{name:<16} {what:<24} {args.rev}: {o:6.2f}  this checkout: {n:6.2f}  "
                      f"change {n / o - 1:+.0%}  (runs {[round(v, 2) for v in seen['old']]} "
                      f"vs {[round(v, 2) for v in seen['new']]}; load "
                      f"{min(loads):.1f}-{max(loads):.1f})", flush=True)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(old)],
                           capture_output=True)


if __name__ == "__main__":
    main()
