"""Does this checkout write the same workbook and report as an earlier commit?

Runs ``python -m salesxl CMD COPY --today DAY [--json] [ARGS...]`` twice, on two fresh copies of
BOOK: once with the earlier commit's code (a temporary `git worktree`, first on the path) and
once with this checkout's. Then it compares every zip member of the two written copies and the
two ``--json`` reports (the book's path and the seconds left out; with ``--no-json`` only the
workbooks). A change meant to save memory or time must
leave both alike; this is how each step of issue 14 was checked.

    python bench/same_output.py --rev 5523047 followups bench/out/leads37_100000.xlsx
    python bench/same_output.py --rev 5523047 summary BOOK --no-json
    python bench/same_output.py --rev 5523047 followups BOOK -- --rep 김민준

Exit status 0 when everything is alike, 1 when something differs (it is listed).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LAUNCH = (  # salesxl from PYTHONPATH only: an editable install's finder would fill in the
    # modules an earlier commit did not have from this checkout, silently mixing the two
    "import runpy, sys; "
    "sys.meta_path[:] = [f for f in sys.meta_path if 'editable' not in repr(f).lower()]; "
    "runpy.run_module('salesxl', run_name='__main__', alter_sys=True)")


def _run(root: Path, cmd: str, book: Path, folder: Path, today: str, as_json: bool,
         extra: list[str]) -> tuple[int, Any, dict[str, bytes], str]:
    copy = folder / book.name
    shutil.copy(book, copy)
    argv = [sys.executable, "-c", LAUNCH, cmd, str(copy), "--today", today,
            *(["--json"] if as_json else []), *extra]
    env = dict(os.environ, PYTHONPATH=str(root))
    # run from the copy's folder: `python -c` puts the working directory first on the path,
    # and from a checkout it would import that checkout's salesxl on both sides
    done = subprocess.run(argv, capture_output=True, text=True, env=env, check=False,
                          cwd=folder)
    report: Any = None  # the printed text holds the copy's path: not compared
    if as_json:
        try:
            report = json.loads(done.stdout)
            for key in ("book", "seconds"):
                report.pop(key, None)
        except ValueError:
            pass
    with zipfile.ZipFile(copy) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    return done.returncode, report, members, done.stderr[-400:]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rev", required=True, help="the earlier commit")
    ap.add_argument("--today", default="2026-11-27")
    ap.add_argument("--no-json", action="store_true", help="the command has no --json")
    ap.add_argument("command")
    ap.add_argument("book", type=Path)
    ap.add_argument("extra", nargs="*", help="more arguments of the command (after --)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="same-output-") as tmp:
        old = Path(tmp) / "old"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "-q", "--detach", str(old),
                        args.rev], check=True)
        try:
            got = {}
            for name, root in (("old", old), ("new", ROOT)):
                folder = Path(tmp) / f"run-{name}"
                folder.mkdir()
                got[name] = _run(root, args.command, args.book, folder, args.today,
                                 not args.no_json, args.extra)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(old)],
                           check=False)
    (rc_a, rep_a, zip_a, err_a), (rc_b, rep_b, zip_b, err_b) = got["old"], got["new"]
    differ = [m for m in sorted(set(zip_a) | set(zip_b)) if zip_a.get(m) != zip_b.get(m)]
    same = rc_a == rc_b and rep_a == rep_b and not differ
    print(f"exit status: {rc_a} (old), {rc_b} (new)")
    print(f"members: {len(zip_a)} (old), {len(zip_b)} (new); differ: {differ or 'none'}")
    if rep_a != rep_b and isinstance(rep_a, dict) and isinstance(rep_b, dict):
        for key in sorted(set(rep_a) | set(rep_b)):
            if rep_a.get(key) != rep_b.get(key):
                print(f"report differs at {key!r}: {str(rep_a.get(key))[:200]} | "
                      f"{str(rep_b.get(key))[:200]}")
    if rc_a or rc_b:
        print(f"stderr (old): {err_a}\nstderr (new): {err_b}")
    print("the same" if same else "DIFFERENT")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
