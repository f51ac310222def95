"""This checkout against an earlier commit, each against `pandas.read_excel`, in one run.

The issue 10 clause "no benchmark worse by more than 10 %" compares ratios measured on
different days under different loads; this script measures them side by side instead: for
each pair it runs the baseline, the earlier commit's command and this checkout's command, each
in a fresh process on a fresh copy of the same workbook, interleaved, and prints the medians of
CPU seconds and of each side's share of the baseline. The earlier commit runs from a temporary
`git worktree` (its own code, imported through PYTHONPATH, which the editable install does not
override).

    python bench/against_commit.py --rev 2283838 --only summary,validate --repeat 3

Sizes are the quick suite's (10k Leads; 10k + 30k + 30k for summary).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tempfile
from pathlib import Path

from common import (
    PY,
    ROOT,
    TODAY,
    fresh_copy,
    header,
    leads_workbook,
    load,
    py,
    run,
    summary_workbook,
)


def _worktree(rev: str, where: Path) -> Path:
    path = where / "rev"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(path), rev],
                   check=True, capture_output=True)
    return path


def _cases() -> dict[str, tuple[Path, str | None, list[str]]]:
    """name -> (workbook, sheet the baseline reads, salesxl arguments after the file)."""
    return {
        "validate": (leads_workbook(10_000), None, ["--today", TODAY.isoformat()]),
        "summary": (summary_workbook(10_000, 30_000, 30_000), "리드",
                    ["--today", TODAY.isoformat()]),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rev", required=True, help="the earlier commit (e.g. 2283838)")
    ap.add_argument("--only", help="comma-separated: validate,summary (default: both)")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    names = args.only.split(",") if args.only else ["validate", "summary"]
    cases = _cases()
    with tempfile.TemporaryDirectory(prefix="salesxl-rev-") as tmp:
        old_root = _worktree(args.rev, Path(tmp))
        os.chdir(tmp)  # `python -m` puts the working directory first on sys.path
        try:
            for name in names:
                book, sheet, extra = cases[name]
                header(f"{name}: this checkout vs {args.rev} vs pandas.read_excel ({book.name})")
                work = fresh_copy(book, f"rev_{name}_{book.name}")
                sheet_arg = f", sheet_name={sheet!r}" if sheet else ""
                base = py(f"import pandas; pandas.read_excel({str(book)!r}{sheet_arg})")
                cmd = [PY, "-m", "salesxl", name, str(work), *extra]
                cpu: dict[str, list[float]] = {"base": [], "old": [], "new": []}
                for _ in range(args.repeat):
                    cpu["base"].append(run(base)["cpu"])
                    for side, root in (("old", old_root), ("new", ROOT)):
                        os.environ["PYTHONPATH"] = str(root)
                        cpu[side].append(run(cmd, lambda b=book, w=work: fresh_copy(
                            b, w.name))["cpu"])
                    os.environ["PYTHONPATH"] = str(ROOT)
                b = statistics.median(cpu["base"])
                for side, label in (("old", args.rev), ("new", "this checkout")):
                    m = statistics.median(cpu[side])
                    print(f"  {label:<14} {m:6.2f} s CPU = {m / b:.2f} of read_excel "
                          f"({b:.2f} s); runs {[round(x, 2) for x in cpu[side]]}")
                change = statistics.median(cpu["new"]) / statistics.median(cpu["old"]) - 1
                print(f"  -> this checkout is {change:+.0%} against {args.rev} ({load()})")
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force",
                            str(old_root)], capture_output=True)


if __name__ == "__main__":
    main()
