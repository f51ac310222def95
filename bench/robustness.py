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
from collections import Counter, defaultdict
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


def _shape(line: str, quotes: bool = True) -> str:
    """A message with file names, numbers and bracketed details blanked, to group failures."""
    line = re.sub(r"[^\s:'\"(]*\.(xlsx|xls|ods|csv|xlsm)\b", "FILE", line)
    line = re.sub(r"\d+", "N", line)
    for _ in range(2):
        line = re.sub(r"\([^()]*\)", "(…)", line)
    if quotes:
        line = re.sub(r"'[^']*'", "'…'", line)
    if re.match(r"^[\w.]+(Error|Exception|BadZipFile|NotFound)\b", line):
        line = line.split(":")[0]  # a traceback: its exception type
    return line[:160]


def key_line(r: harness.Run) -> str:
    """The stderr line that says what went wrong in this run."""
    if r.cls == "traceback":
        return r.detail
    if r.cls in ("silent", "wrong") and r.exit == 0:
        return ""
    lines = [ln.strip() for ln in r.stderr.splitlines()
             if ln.strip() and not ln.strip().startswith("ok:")]
    for ln in lines:
        if ln.startswith(("error:", "failed:")) and "could not be" not in ln:
            return ln
    for ln in lines:
        if ln.startswith(("error:", "failed:")) or "Error" in ln or "failed" in ln:
            return ln
    return lines[0][:300] if lines else ""


def clusters(results: list[harness.Run]) -> list[dict]:
    """Failing runs grouped by class, what the check found and the message shape."""
    groups: dict[tuple[str, str, str], list[harness.Run]] = defaultdict(list)
    for r in results:
        if r.cls in harness.PASSING:
            continue
        why = _shape(r.detail, quotes=False) if r.cls in ("wrong", "silent", "unclear", "memory") else ""
        groups[(r.cls, why, _shape(key_line(r)))].append(r)
    out = []
    for (cls, why, shape), runs in groups.items():
        commands = Counter(r.command for r in runs)
        out.append({"class": cls, "runs": len(runs), "why": why, "shape": shape,
                    "commands": dict(commands), "families": sorted({r.family for r in runs}),
                    "example": f"{runs[0].case} ({runs[0].command})",
                    "message": key_line(runs[0])})
    out.sort(key=lambda g: (-g["runs"], g["class"]))
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
        "How the expected answers are set (tests/hostile/generate.py; dispute them there):",
        "",
        "- a zip member whose CRC fails (bit flipped, CRC stale; or flipped in the deflate data),"
        " cut files, missing or empty parts: `refuse` when the part is one every read uses "
        "(workbook, its relationships, the Leads sheet, sharedStrings, styles), otherwise "
        "`ok_or_refuse` with the data checked; these files are *damaged*, so exit 0 with "
        "an expected refusal or with wrong data is `silent`;",
        "- a flipped bit with the CRC recomputed is a consistent file that says something else:"
        " `ok_or_refuse`, no data check (only crashes, hangs and memory count);",
        "- lying zip sizes, far cells (XFD1048576, A1048576, XFD2000), huge shared-string "
        "counts, ODS repeat attributes: `ok_or_refuse` with the data checked; a lying "
        "`<dimension>` alone: `ok`;",
        "- zip bombs read by every command, DTDs / entity bombs / external entities, a "
        "relationship to ../../etc/passwd for the Leads sheet, empty / text / PDF / plain-zip "
        "files, a directory, a FIFO, a symlink loop, an unreadable file, a lock file given as "
        "the workbook, an expense report or supplier list without a lead list: `refuse` "
        "(exit 3 — exit 2 is for usage errors);",
        "- odd names (CP949 and Latin-1 bytes, `[/b]`, emoji, Hangul, a leading `-`...), an "
        ".xlsx named .xls / .ods or without extension, an .xls or .ods named .xlsx, the header"
        " at row 35 or 150 or after a 39-row title block, a lead sheet after an unrelated one, "
        "text cells starting with `=`, `+`, `-`, `@`, tab, CR: `ok` with the data checked "
        "(CSV export must prefix those cells with `'`); writing commands may refuse .xls/.ods/"
        ".csv;",
        "- formulas without cached values: `ok_or_refuse`, but exit 0 must give the computed "
        "values (company `Acme Ltd`, amount 5000), not blanks;",
        "- `validate` must refuse a read-only workbook and a workbook whose own Excel lock file "
        "is beside it, and must not take `~$pipeline.xlsx` for `1_pipeline.xlsx`'s lock;",
        "- `batch` (consolidate GOOD THIS) must write the team workbook with the good file's "
        "leads whatever THIS is.",
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
        "Failing runs grouped by class, what the check found and the shape of the message "
        "(file names, numbers and bracketed details blanked), biggest first; one example "
        "message each.",
        "",
        "| runs | class | commands | families | example | what the check found | message "
        "(example) |",
        "|---:|---|---|---|---|---|---|",
    ]
    for g in clusters(results):
        cmds = ", ".join(f"{c} {n}" for c, n in g["commands"].items())
        msg = g["message"].replace("|", "\\|")[:200]
        why = g["why"].replace("|", "\\|")[:120]
        lines.append(f"| {g['runs']} | {g['class']} | {cmds} | {', '.join(g['families'])} | "
                     f"{g['example']} | {why} | {msg} |")
    lines += ["", "## Failing runs", "",
              "| case | command | class | expected | exit | peak MB | the failed check — the "
              "line of stderr that says what happened |", "|---|---|---|---|---:|---:|---|"]
    for r in results:
        if r.cls in harness.PASSING and not r.mem500:
            continue
        text = r.detail if r.cls in ("wrong", "silent", "unclear", "memory") else ""
        line = key_line(r)
        text = f"{text} — {line}" if text and line and text != line else (text or line)
        text = text.replace("|", "\\|").replace("\n", " ")[:220]
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
    ap.add_argument("--commands", default="export,convert,validate,followups,consolidate,batch")
    ap.add_argument("--big", action="store_true", help="include the 40 MB CSV field case")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--write-doc", action="store_true", help=f"write {DOC.relative_to(REPO)}")
    ap.add_argument("--doc-from", type=Path, metavar="RESULTS_JSON",
                    help="only rewrite the page from an earlier run's results.json")
    a = ap.parse_args(argv)
    if a.doc_from:
        saved = json.loads(a.doc_from.read_text())
        results = [harness.Run(**r) for r in saved["runs"]]
        DOC.write_text(document(results, saved["meta"]))
        print(f"wrote {DOC} from {a.doc_from}", file=sys.stderr)
        return 0
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
