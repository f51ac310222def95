"""The hostile-file robustness run (issue 15): generate the set, run salesxl over it, tabulate.

    python bench/robustness.py                 # the full set, the four reading commands + batch
    python bench/robustness.py --sample 40     # a quick, deterministic subset of 40 files
    python bench/robustness.py --write-doc     # also write docs/robustness.md
    python bench/robustness.py --big           # include the 40 MB CSV field case

Files go to bench/out/robustness/ (ignored by git); every run's answer to
bench/out/robustness/results.json. Exit status 1 when any run fails (see the classes in
tests/hostile/harness.py), so it can gate a release.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import asdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from hostile import generate, harness  # noqa: E402

OUT = REPO / "bench" / "out" / "robustness"
DOC = REPO / "docs" / "robustness.md"


def sample(cases: list[generate.Case], n: int, seed: int = generate.SEED) -> list[generate.Case]:
    """n cases spread over the families (round robin, shuffled with a fixed seed)."""
    by_family: dict[str, list[generate.Case]] = defaultdict(list)
    for c in cases:
        by_family[c.family].append(c)
    rng = random.Random(seed)
    for fam in by_family.values():
        rng.shuffle(fam)
    picked: list[generate.Case] = []
    while len(picked) < min(n, len(cases)):
        for fam in sorted(by_family):
            if by_family[fam] and len(picked) < n:
                picked.append(by_family[fam].pop())
    order = {c.name: i for i, c in enumerate(cases)}
    return sorted(picked, key=lambda c: order[c.name])


def _shape(line: str) -> str:
    """A stderr line with its file names and numbers blanked, to group similar failures."""
    line = re.sub(r"\d+", "N", line)
    line = re.sub(r"[\w.~$\[\]/ -]*\.(xlsx|xls|ods|csv|xlsm)\b", "FILE", line)
    return line[:140]


def clusters(results: list[harness.Run]) -> list[dict]:
    """Failing runs grouped by class, command and message shape, biggest first."""
    groups: dict[tuple[str, str, str], list[harness.Run]] = defaultdict(list)
    for r in results:
        if r.cls in harness.PASSING:
            continue
        text = r.detail if r.cls in harness.DETAIL_CLASSES else r.stderr_first
        groups[(r.cls, r.command, _shape(text))].append(r)
    out = []
    for (cls, command, shape), runs in groups.items():
        out.append({"class": cls, "command": command, "runs": len(runs),
                    "families": sorted({r.family for r in runs}), "shape": shape,
                    "example": runs[0].case,
                    "stderr": runs[0].stderr_first})
    out.sort(key=lambda g: (-g["runs"], g["class"], g["command"]))
    return out


def machine_load() -> str:
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True, timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def salesxl_version() -> str:
    try:
        head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        head = "?"
    return head


def document(results: list[harness.Run], meta: dict) -> str:
    s = harness.summary(results)
    lines = [
        "# Robustness: damaged, hostile and odd files",
        "",
        "What salesxl answers when it is given files a hostile or unlucky user would give it "
        "(issue 15). The files are made by `tests/hostile/generate.py` from salesxl's own "
        "workbooks and a small seed with five known leads; `tests/hostile/harness.py` runs each "
        "through `export --table leads --format csv`, `convert -o OUT --dry-run`, `validate` (on "
        "a copy), `consolidate -o OUT.xlsx`, and `batch` (consolidate of a good workbook plus "
        "this file: the good one must come through), each in a fresh process with a "
        f"{meta['timeout']:.0f} s timeout, and classifies the answer (classes below). "
        "`tests/test_hostile.py` runs a small sample in the test suite.",
        "",
        "A correct answer is `ok` (exit 0, and the data checks hold: the five leads with their "
        "phones, e-mails, dates and amounts, the number of rows, CSV cells neutralised...) or "
        "`refused` (exit 3, one sentence naming the file), as each case allows. Everything "
        "else is a failure: `traceback`, `abort` (signal / exit ≥ 128), `hang`, `memory` "
        "(peak > 1.5 GB), `wrong` (wrong data from an intact file, or a wrong exit class), "
        "`silent` (exit 0 on a damaged file), `unclear` (exit 3 without one clear sentence "
        "naming the file). `>500 MB` counts runs over 500 MB on an input of at most 10 MB.",
        "",
        "## Last run",
        "",
        f"- date: {meta['date']}",
        f"- command: `{meta['command']}`",
        f"- salesxl: commit {meta['commit']}; Python {platform.python_version()}; "
        f"{os.cpu_count()} CPUs",
        f"- machine load before the run: `{meta['load_before']}`",
        f"- machine load after the run: `{meta['load_after']}`",
        f"- {s['files']} files, {s['runs']} runs in {meta['seconds'] / 60:.1f} min "
        f"({meta['jobs']} at a time); generating the files took {meta['gen_seconds']:.1f} s",
        "",
        harness.markdown(results, failures=False).rstrip(),
        "",
        "## Failure clusters",
        "",
        "Failing runs grouped by class, command and the shape of the message (numbers and file "
        "names blanked), biggest first.",
        "",
        "| runs | class | command | families | example case | first line of stderr / detail |",
        "|---:|---|---|---|---|---|",
    ]
    for g in clusters(results):
        text = g["stderr"] if g["class"] in ("abort", "hang") else g["shape"]
        text = (text or g["shape"]).replace("|", "\\|")[:180]
        lines.append(f"| {g['runs']} | {g['class']} | {g['command']} | "
                     f"{', '.join(g['families'])} | {g['example']} | {text} |")
    lines += ["", "## Failing runs", "",
              "| case | command | class | expected | exit | peak MB | first line of stderr "
              "(or the failed check) |", "|---|---|---|---|---:|---:|---|"]
    for r in results:
        if r.cls in harness.PASSING and not r.mem500:
            continue
        text = r.detail if r.cls in harness.DETAIL_CLASSES else r.stderr_first
        text = (text or r.stderr_first).replace("|", "\\|").replace("\n", " ")[:180]
        cls = r.cls if r.cls not in harness.PASSING else f"{r.cls}, >500 MB"
        lines.append(f"| {r.case} | {r.command} | {cls} | {r.expect} | {r.exit} | "
                     f"{r.peak_mb:.0f} | {text} |")
    lines += ["", "## Running it", "", "```bash",
              "python bench/robustness.py                # full set (about half an hour on 2 "
              "cores)",
              "python bench/robustness.py --sample 40    # a quick subset",
              "python bench/robustness.py --write-doc    # rewrite this page",
              "python -m pytest tests/test_hostile.py    # the sample the test suite runs",
              "```", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--sample", type=int, help="run only this many files (spread over families)")
    ap.add_argument("--cases", help="comma-separated case names")
    ap.add_argument("--families", help="comma-separated families (generate.py's 'family')")
    ap.add_argument("--commands", default="export,convert,validate,consolidate,batch")
    ap.add_argument("--big", action="store_true", help="include the 40 MB CSV field case")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--write-doc", action="store_true", help=f"write {DOC.relative_to(REPO)}")
    a = ap.parse_args(argv)
    load_before = machine_load()
    t = time.perf_counter()
    cases = generate.generate(a.out, big=a.big)
    gen_seconds = time.perf_counter() - t
    if a.cases:
        wanted = set(a.cases.split(","))
        cases = [c for c in cases if c.name in wanted]
    if a.families:
        fams = set(a.families.split(","))
        cases = [c for c in cases if c.family in fams]
    if a.sample:
        cases = sample(cases, a.sample)
    print(f"{len(cases)} files generated in {a.out} ({gen_seconds:.1f} s); running "
          f"{a.commands} with {a.jobs} jobs", file=sys.stderr)
    t = time.perf_counter()
    results = harness.run_all(a.out, cases, tuple(a.commands.split(",")), jobs=a.jobs,
                              timeout=a.timeout, work=a.out / "runs", progress=True)
    seconds = time.perf_counter() - t
    meta = {"date": time.strftime("%Y-%m-%d %H:%M %Z"), "command": "python bench/robustness.py "
            + " ".join(argv if argv is not None else sys.argv[1:]),
            "commit": salesxl_version(), "load_before": load_before, "load_after": machine_load(),
            "seconds": seconds, "gen_seconds": gen_seconds, "jobs": a.jobs,
            "timeout": a.timeout}
    (a.out / "results.json").write_text(json.dumps(
        {"meta": meta, "summary": harness.summary(results), "clusters": clusters(results),
         "runs": [asdict(r) for r in results]}, ensure_ascii=False, indent=1))
    print(harness.markdown(results))
    if a.write_doc:
        DOC.write_text(document(results, meta))
        print(f"wrote {DOC}", file=sys.stderr)
    return 0 if all(r.cls in harness.PASSING for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
