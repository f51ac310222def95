"""Run salesxl's reading commands over the generated hostile files and classify every answer.

    python tests/hostile/harness.py GENERATED_DIR [--commands export,convert] [--cases a,b]
                                   [--jobs 2] [--timeout 60] [--json OUT.json] [--md OUT.md]

salesxl is driven only through its command line (`python -m salesxl ...`), one fresh process
per run, on a fresh copy of the case's folder (so `validate` never writes into the generated
set), with a wall-clock timeout and an address-space limit as a guard. The peak memory of each
run is salesxl's own `ru_maxrss`, taken by a small launcher process with `os.wait4` (it includes
the worker processes salesxl waited for; see LAUNCHER for why not straight from the harness).

Classes (one per run):
  ok         exit 0 and every data check holds (where `ok` is an allowed answer)
  refused    exit 3, no traceback, one short sentence that names the file (where allowed)
  traceback  a Python traceback on stderr
  abort      killed by a signal, or exit >= 128 (134: a Rust allocation failure)
  hang       still running at the timeout
  memory     peak RSS above 1.5 GB (or a MemoryError)
  wrong      exit 0 but a data check fails (file not damaged), or an exit code of the wrong
             class: 3 for a readable file, 1 or 2 for an unreadable one, ...
  silent     exit 0 on a damaged file (stale CRC, cut, missing part) whose expected answer is a
             refusal, or whose data came out different
  unclear    exit 3 but the message does not name the file, runs to several sentences, or shows
             an internal token: "(c)", "(sst)", an exception class, "please report it"
  skipped    cannot be run here (e.g. chmod 000 while running as root)
Flag `mem500`: peak above 500 MB for an input of at most 10 MB (reported beside the classes).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import unescape as xml_unescape

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    __package__ = "hostile"

from hostile.generate import Case, load

CLASSES = ("ok", "refused", "traceback", "abort", "hang", "memory", "wrong", "silent", "unclear",
           "skipped")
PASSING = {"ok", "refused", "skipped"}
# classes whose `detail` says more than the first line of stderr (a traceback: its last line)
DETAIL_CLASSES = ("wrong", "silent", "unclear", "memory", "traceback")
MEMORY_LIMIT_MB = 1536
MEM_FLAG_MB = 500
SMALL_INPUT = 10 * 1024 * 1024
TODAY = "2026-12-07"
COMMANDS = ("export", "convert", "validate", "followups", "consolidate", "batch")
DEFAULT_COMMANDS = ("export", "convert", "validate", "consolidate")

# The launcher sets the address-space guard, forks, execs salesxl in the child, enforces the
# timeout and writes the child's own rusage to a report file. Measuring from this small process
# matters: a child forked (or vforked) straight from the harness starts with the harness's peak
# RSS as its own ru_maxrss (Linux carries the old memory map's high-water mark across exec).
LAUNCHER = """\
import json, os, resource, signal, sys, time
limit, timeout, report = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3]
argv = sys.argv[4:]
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
pid = os.fork()
if pid == 0:
    try:
        os.execv(argv[0], argv)
    finally:
        os._exit(127)
t0 = time.monotonic()
timed_out = False
while True:
    done, status, usage = os.wait4(pid, os.WNOHANG)
    if done:
        break
    if time.monotonic() - t0 > timeout:
        timed_out = True
        os.kill(pid, signal.SIGKILL)
        done, status, usage = os.wait4(pid, 0)
        break
    time.sleep(0.02)
with open(report, "w") as fh:
    json.dump({"status": status, "maxrss_kb": usage.ru_maxrss, "timed_out": timed_out,
               "seconds": time.monotonic() - t0}, fh)
code = os.waitstatus_to_exitcode(status)
sys.exit(code if code >= 0 else 128 - code)
"""


def command_args(command: str, book: str, out: Path, companion: str) -> list[str]:
    """The salesxl arguments of one run; options first, then `--`, then the file(s)."""
    if command == "export":
        return ["export", "--table", "leads", "--format", "csv", "--", book]
    if command == "convert":
        return ["convert", "-o", str(out / "converted"), "--dry-run", "--", book]
    if command in ("validate", "followups"):  # the two commands that write into the book
        return [command, "--json", "--today", TODAY, "--", book]
    if command == "consolidate":
        return ["consolidate", "-o", str(out / "team.xlsx"), "--", book]
    if command == "batch":  # a good workbook and this one: the good one must come through
        return ["consolidate", "-o", str(out / "team.xlsx"), "--", companion, book]
    raise ValueError(command)


@dataclass
class Run:
    case: str
    family: str
    command: str
    expect: str
    cls: str
    exit: int | None
    seconds: float
    peak_mb: float
    mem500: bool
    stderr_first: str
    detail: str
    stderr: str = ""


# --- copying a case folder (FIFOs, symlinks and odd names included) ---------------------------

def copy_case(src: bytes, dst: bytes) -> None:
    os.makedirs(dst)
    for entry in os.scandir(src):
        target = os.path.join(dst, entry.name)
        mode = entry.stat(follow_symlinks=False).st_mode
        if stat.S_ISLNK(mode):
            os.symlink(os.readlink(entry.path), target)
        elif stat.S_ISDIR(mode):
            copy_case(entry.path, target)
        elif stat.S_ISFIFO(mode):
            os.mkfifo(target)
        else:
            shutil.copyfile(entry.path, target)


def remove(path: Path) -> None:
    if not os.path.lexists(path):
        return
    for dirpath, dirnames, _files in os.walk(os.fsencode(path)):
        for d in dirnames:
            p = os.path.join(dirpath, d)
            if not os.path.islink(p):
                os.chmod(p, 0o700)
    os.chmod(path, 0o700)
    shutil.rmtree(path, ignore_errors=True)


# --- running one command ------------------------------------------------------------------------

def child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "COV_"))}
    env.update({"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "COLUMNS": "200", "TERM": "dumb",
                "PYTHONDONTWRITEBYTECODE": "1", "PYTHONWARNINGS": "ignore"})
    env.pop("PYTHONIOENCODING", None)
    return env


def execute(argv: list, cwd: Path, stdout: Path, stderr: Path, timeout: float,
            as_limit_mb: int) -> tuple[int | None, bool, float, float]:
    """(exit code or -signal, timed out, seconds, peak RSS in MB) of one salesxl process."""
    report = stdout.with_name("rusage.json")
    cmd = [sys.executable, "-c", LAUNCHER, str(as_limit_mb * 1024 * 1024), str(timeout),
           str(report), sys.executable, "-m", "salesxl", *argv]
    t0 = time.monotonic()
    with open(stdout, "wb") as so, open(stderr, "wb") as se:
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=so, stderr=se, stdin=subprocess.DEVNULL,
                                env=child_env(), start_new_session=True)
        try:
            proc.wait(timeout + 30)  # the launcher enforces `timeout`; this is a safety net
        except subprocess.TimeoutExpired:
            _killpg(proc.pid)
            proc.wait()
    _killpg(proc.pid)  # worker processes left behind by the run
    seconds = time.monotonic() - t0
    try:
        r = json.loads(report.read_text())
    except (OSError, ValueError):
        return None, True, seconds, 0.0
    return (os.waitstatus_to_exitcode(r["status"]), r["timed_out"], r["seconds"],
            r["maxrss_kb"] / 1024)


def _killpg(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


# --- checks ------------------------------------------------------------------------------------

FORBIDDEN = [
    # "(c)", "(sst)", "(Leads)", "(DTDForbidden)"; not "file(s)" nor an acronym like "(HTML)"
    (re.compile(r"(?<!\w)\((?![A-Z0-9]{2,6}\))\s*[A-Za-z_][A-Za-z0-9_]{0,24}\s*\)"),
     "a bare token in brackets"),
    (re.compile(r"please report", re.I), "'please report it' for an input problem"),
    (re.compile(r"unexpected error", re.I), "'unexpected error'"),
    (re.compile(r"\b[A-Z][a-z]+(?:[A-Z][a-z0-9]*)*(?:Error|Exception|Warning)\b"),
     "an exception class name"),
    (re.compile(r"BadZipFile|Cfb error|\[Errno|XmlError|\bpanicked\b"), "internal error text"),
    (re.compile(r"\\x[0-9a-f]{2}", re.I), "escaped bytes"),
]


def _flat(text: str) -> str:
    return " ".join(text.split())


def refusal_problem(stderr: str, hint: str) -> str:
    """Why this exit-3 message is not one clear sentence naming the file ('' when it is)."""
    lines = [ln.strip() for ln in stderr.splitlines() if ln.strip()]
    if not lines:
        return "no message"
    flat_hint = _flat(hint)
    naming = [ln for ln in lines if flat_hint in _flat(ln)]
    if not naming and flat_hint not in _flat(stderr) and flat_hint not in stderr.replace("\n", ""):
        return f"does not name the file ({hint!r})"
    for pattern, why in FORBIDDEN:
        m = pattern.search(stderr)
        if m:
            return f"{why}: {m.group(0)!r}"
    line = naming[0] if naming else _flat(stderr)
    body = re.sub(r"^(error|failed|warning)\s*:\s*", "", line, flags=re.I)
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", body) if s.strip()]
    if len(sentences) > 2 or len(body) > 400:
        return f"not one sentence ({len(sentences)} sentences, {len(body)} characters)"
    if len(lines) > 6:
        return f"{len(lines)} lines on stderr"
    return ""


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def check_export(stdout: bytes, check: dict) -> list[str]:
    """The CSV export against the expected leads; streams the rows (an export can be huge)."""
    problems: list[str] = []
    wanted = {lead["lead_id"]: lead for lead in check.get("leads", [])}
    neutral = set(check.get("neutral", []))
    got: dict[str, dict] = {}
    raw_seen: set[str] = set()
    quoted_seen: set[str] = set()
    count = 0
    reader = csv.DictReader(io.TextIOWrapper(io.BytesIO(stdout), encoding="utf-8-sig",
                                             errors="replace", newline=""))
    for row in reader:
        count += 1
        lead_id = row.get("lead_id")
        if lead_id in wanted and lead_id not in got:
            got[lead_id] = row
        if neutral:
            for v in row.values():
                if v in neutral:
                    raw_seen.add(v)
                elif isinstance(v, str) and v[:1] == "'" and v[1:] in neutral:
                    quoted_seen.add(v[1:])
                else:  # a leading tab or CR trimmed away: the text no longer starts a formula
                    quoted_seen.update(n for n in neutral if n[:1] in "\t\r" and v == n.strip())
    if check.get("count") is not None and count != check["count"]:
        problems.append(f"{count} rows exported, expected {check['count']}")
    for lead_id, lead in wanted.items():
        row = got.get(lead_id)
        if row is None:
            problems.append(f"lead {lead_id} missing")
            continue
        for key, want in lead.items():
            have = row.get(key)
            same = (_number(have or "") == want if isinstance(want, int | float)
                    else have == want)
            if not same:
                problems.append(f"{lead_id}.{key} = {have!r}, expected {want!r}")
    for raw in check.get("neutral", []):
        if raw in raw_seen:
            problems.append(f"{raw!r} exported as it is (a spreadsheet runs it as a formula)")
        elif raw not in quoted_seen:
            problems.append(f"{raw!r} not found as '{raw!r} in the CSV")
    return problems


def check_validate_report(stdout: bytes, check: dict) -> list[str]:
    """`validate --json` (and `followups --json`) must report as many lead rows as the file
    holds."""
    want = check.get("count")
    if want is None and not check.get("leads"):
        return []
    try:
        rows = json.loads(stdout.decode("utf-8", errors="replace"))["rows"]
    except (ValueError, KeyError, TypeError):
        return ["validate --json printed no report with 'rows'"]
    if want is not None and rows != want:
        return [f"validate saw {rows} lead rows, expected {want}"]
    if want is None and rows < len(check["leads"]):
        return [f"validate saw {rows} lead rows, expected at least {len(check['leads'])}"]
    return []


SCAN_LIMIT = 512 * 1024 * 1024  # bytes of one member scanned at most


def scan_workbook(path: Path, needles: list[str], tokens: list[str] = ()
                  ) -> tuple[set[str], set[str]] | None:
    """Which `needles` occur as a whole cell text, and which `tokens` inside a formula, in the
    sharedStrings and worksheets of an .xlsx; None when it is not one.

    Streams each member in chunks, so a huge or hostile file costs time, not memory; a member
    failing its CRC (a damaged part copied through unchanged) is skipped."""
    try:
        zf = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile, ValueError):
        return None
    patterns = {n: (">" + xml_escape(n) + "</").encode() for n in needles}
    formula = re.compile(rb"<f(?:\s[^>]*)?>([^<]*)</f>")
    found: set[str] = set()
    in_formula: set[str] = set()
    with zf:
        for info in zf.infolist():
            if not (info.filename == "xl/sharedStrings.xml"
                    or info.filename.startswith("xl/worksheets/sheet")):
                continue
            try:
                with zf.open(info) as fh:
                    tail, seen = b"", 0
                    while seen < SCAN_LIMIT:
                        chunk = fh.read(1 << 20)
                        if not chunk:
                            break
                        seen += len(chunk)
                        buf = tail + chunk
                        found.update(n for n, p in patterns.items() if p in buf)
                        for m in formula.finditer(buf):
                            text = xml_unescape(m.group(1).decode("utf-8", errors="replace"),
                                                {"&quot;": '"', "&apos;": "'"})
                            in_formula.update(t for t in tokens if t in text)
                        tail = buf[-65536:]
            except Exception:  # a damaged member: not ours to judge here
                continue
    return found, in_formula


def check_workbook(path: Path, check: dict, strings: list[str] | None = None) -> list[str]:
    strings = check.get("strings", []) if strings is None else strings
    tokens = check.get("no_formula", [])
    got = scan_workbook(path, strings, tokens)
    if got is None:
        return [f"{path.name} is missing or not a workbook"]
    found, in_formula = got
    return ([f"{s!r} not in {path.name}" for s in strings if s not in found]
            + [f"a formula with {t!r} in {path.name}" for t in tokens if t in in_formula])


def data_problems(command: str, case: Case, indir: Path, outdir: Path, stdout: bytes,
                  before: set[str] | None = None,
                  rc_stderr: str | None = None) -> list[str]:
    check = case.check or {}
    problems: list[str] = []
    if command == "export":
        problems += check_export(stdout, check)
    elif command in ("validate", "followups"):
        problems += check_validate_report(stdout, check)
        if before:
            # validate writes into the file: every checked string it held must still be there
            book = Path(os.fsdecode(os.path.join(os.fsencode(indir), os.fsencode(case.file))))
            problems += check_workbook(book, check, sorted(before))
    elif command == "convert":
        report = outdir / "converted" / "conversion-report.xlsx"
        if not report.exists():
            problems.append("the dry run wrote no conversion-report.xlsx")
        written = [p.name for p in (outdir / "converted").glob("*.xlsx")
                   if p.name != "conversion-report.xlsx"] if report.parent.exists() else []
        if written:
            problems.append(f"the dry run wrote {written}")
    elif command in ("consolidate", "batch"):
        team = outdir / "team.xlsx"
        if check.get("strings") or check.get("no_formula"):
            problems += check_workbook(team, check)
    for needle in check.get("absent", []):
        if needle.encode() in stdout:
            problems.append(f"{needle!r} in the output")
        for p in outdir.rglob("*"):
            if p.is_file() and p.stat().st_size < 50_000_000 and needle.encode() in p.read_bytes():
                problems.append(f"{needle!r} in {p.name}")
    unvalued = check.get("unvalued")
    if unvalued and rc_stderr is not None and "no saved value" in rc_stderr and all(
            cell in rc_stderr for cell in unvalued["cells"]):
        # formulas saved without values read as blank *and said so, cell by cell* (the
        # --recalc hint included): what the issue asks for, not a silent loss
        blanks = {f"{lead}.{field} = ''" for lead, fields in unvalued["fields"].items()
                  for field in fields}
        # ... and, in a workbook salesxl wrote from it, those values are not there either
        by_id = {str(r.get("lead_id")): r for r in check.get("leads", [])}
        blanks |= {f"{str(by_id[lead][field])!r} not in" for lead, fields in
                   unvalued["fields"].items() if lead in by_id for field in fields
                   if field in by_id[lead]}
        problems = [p for p in problems if not any(p.startswith(b) for b in blanks)]
    if check.get("must_mention") and rc_stderr is not None and _flat(case.hint) not in _flat(
            rc_stderr):
        problems.append(f"exit 0 without a word about {case.hint}")
    for name in check.get("no_file", []):
        for base in (indir, indir.parent, indir.parent.parent, indir.parent.parent.parent):
            if (base / name).exists():
                problems.append(f"{base / name} was created")
    return problems


def set_aside(command: str, rc: int | None, stderr: str) -> bool:
    """consolidate's answer to a legacy file (.csv, .ods, .xls) in a folder of rep
    workbooks: exit 0 for the others, and a line naming the file with the `salesxl convert`
    command that adds its leads. A clear answer, as a refusal is."""
    return command in ("consolidate", "batch") and rc == 0 and "salesxl convert" in stderr


def batch_problems(outdir: Path, companion_strings: list[str]) -> list[str]:
    return [f"the good workbook of the batch is lost: {p}"
            for p in check_workbook(outdir / "team.xlsx", {}, companion_strings)][:1]


def first_line(text: str) -> str:
    for ln in text.splitlines():
        if ln.strip():
            return ln.strip()[:300]
    return ""


def expectation(case: Case, command: str) -> str:
    """What a correct answer is; `batch` follows `consolidate` unless the case says otherwise."""
    if command == "batch" and "batch" not in case.expect_cmd:
        return case.expect_for("consolidate")
    if command == "followups" and "followups" not in case.expect_cmd:
        return case.expect_for("validate")  # a command that writes into the book, alike
    return case.expect_for(command)


def classify(case: Case, command: str, rc: int | None, timed_out: bool, peak_mb: float,
             stderr: str, problems: list[str]) -> tuple[str, str]:
    expect = expectation(case, command)
    if timed_out:
        return "hang", "timeout"
    if rc is None or rc < 0 or rc >= 128:
        return "abort", f"exit {rc}"
    if peak_mb > MEMORY_LIMIT_MB or "MemoryError" in stderr:
        return "memory", f"peak {peak_mb:.0f} MB"
    if "Traceback (most recent call last)" in stderr:
        last = [ln for ln in stderr.splitlines() if ln.strip()][-1:]
        return "traceback", (last[0].strip()[:300] if last else "")
    if rc == 3:
        if expect == "ok":
            return "wrong", "exit 3 for a readable file"
        if command == "batch" and problems:
            return "wrong", problems[0]
        why = refusal_problem(stderr, case.hint)
        return ("unclear", why) if why else ("refused", "")
    if rc == 0:
        if expect == "refuse":
            return ("silent" if case.damaged else "wrong"), "exit 0; expected a refusal" + (
                f" ({problems[0]})" if problems else "")
        if problems:
            return ("silent" if case.damaged else "wrong"), "; ".join(problems[:3])
        return "ok", ""
    return "wrong", f"exit {rc} (expected {'3' if expect == 'refuse' else '0 or 3'})"


def run_case(case: Case, command: str, root: Path, work: Path, *, timeout: float = 60,
             as_limit_mb: int = 6144, companion_strings: list[str] | None = None,
             keep: bool = False) -> Run:
    expect = expectation(case, command)
    if case.skip:
        return Run(case.name, case.family, command, expect, "skipped", None, 0.0, 0.0, False, "",
                   case.skip)
    rundir = work / f"{case.name}--{command}"
    remove(rundir)
    indir, outdir = rundir / "in", rundir / "out"
    copy_case(os.fsencode(root / "cases" / case.name), os.fsencode(indir))
    outdir.mkdir(parents=True)
    shutil.copyfile(root / "companion.xlsx", rundir / "companion.xlsx")
    for rel, mode in case.setup.get("chmod", {}).items():
        os.chmod(os.path.join(os.fsencode(indir), os.fsencode(rel)), mode)
    book = os.fsencode(case.file)
    before = None
    if command in ("validate", "followups"):
        path = os.path.join(os.fsencode(indir), book)
        if os.path.isfile(path):  # not a FIFO, folder or dangling link
            got = scan_workbook(Path(os.fsdecode(path)), (case.check or {}).get("strings", []))
            before = got[0] if got else None
    argv = command_args(command, "BOOK", outdir, "../companion.xlsx")
    argv_b = [book if a == "BOOK" else os.fsencode(a) for a in argv]
    rc, timed_out, seconds, peak = execute(argv_b, indir, rundir / "stdout", rundir / "stderr",
                                           timeout, as_limit_mb)
    with open(rundir / "stdout", "rb") as fh:
        stdout = fh.read(64 * 1024 * 1024)
    stderr = (rundir / "stderr").read_bytes()[:200_000].decode("utf-8", errors="replace")
    problems: list[str] = []
    aside = set_aside(command, rc, stderr)
    if not timed_out and rc == 0 and not aside:
        problems = data_problems(command, case, indir, outdir, stdout, before, stderr)
    if command == "batch" and not timed_out and rc in (0, 3):
        problems = batch_problems(outdir, companion_strings or []) + problems
    cls, detail = classify(case, command, rc, timed_out, peak, stderr, problems)
    if aside and cls in ("wrong", "silent") and not problems and expect != "ok":
        cls, detail = "refused", "set aside for salesxl convert, with a word"
    mem500 = peak > MEM_FLAG_MB and case.size <= SMALL_INPUT
    if not keep:
        remove(rundir)
    return Run(case.name, case.family, command, expect, cls, rc, round(seconds, 2), round(peak, 1),
               mem500, first_line(stderr), detail, stderr[:4000])


def run_all(root: Path, cases: list[Case], commands: tuple[str, ...] = DEFAULT_COMMANDS, *,
            jobs: int = 2, timeout: float = 60, work: Path | None = None, keep: bool = False,
            progress: bool = False) -> list[Run]:
    manifest = json.loads((Path(root) / "manifest.json").read_text())
    companion_strings = manifest["companion_strings"]
    own_work = work is None
    work = Path(work or tempfile.mkdtemp(prefix="salesxl-hostile-"))
    jobs_list = [(c, cmd) for c in cases for cmd in commands]
    # the slow, heavy runs first, so they overlap with the many quick ones
    jobs_list.sort(key=lambda j: -j[0].size)
    results: list[Run] = []
    t0 = time.monotonic()
    try:
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            futures = [pool.submit(run_case, c, cmd, Path(root), work, timeout=timeout,
                                   companion_strings=companion_strings, keep=keep)
                       for c, cmd in jobs_list]
            for i, fut in enumerate(futures, 1):
                r = fut.result()
                results.append(r)
                if progress and (r.cls not in PASSING or i % 50 == 0):
                    print(f"[{i}/{len(futures)} {time.monotonic() - t0:5.0f}s] {r.cls:9} "
                          f"{r.command:11} {r.case}  {r.detail[:90]}", file=sys.stderr,
                          flush=True)
    finally:
        if own_work and not keep:
            remove(work)
    order = {c.name: i for i, c in enumerate(cases)}
    results.sort(key=lambda r: (order[r.case], COMMANDS.index(r.command)))
    return results


# --- tables ------------------------------------------------------------------------------------

def summary(results: list[Run]) -> dict:
    by_class = Counter(r.cls for r in results)
    by_family: dict[str, Counter] = defaultdict(Counter)
    by_command: dict[str, Counter] = defaultdict(Counter)
    files = defaultdict(set)
    for r in results:
        by_family[r.family][r.cls] += 1
        by_command[r.command][r.cls] += 1
        files[r.family].add(r.case)
    return {
        "files": len({r.case for r in results}),
        "runs": len(results),
        "classes": {c: by_class.get(c, 0) for c in CLASSES},
        "mem500": sum(r.mem500 for r in results),
        "failing": sum(r.cls not in PASSING for r in results),
        "by_family": {f: {"files": len(files[f]), "runs": sum(by_family[f].values()),
                          **{c: by_family[f].get(c, 0) for c in CLASSES},
                          "mem500": sum(r.mem500 for r in results if r.family == f)}
                      for f in sorted(by_family)},
        "by_command": {c: {"runs": sum(by_command[c].values()),
                           **{k: by_command[c].get(k, 0) for k in CLASSES},
                           "mem500": sum(r.mem500 for r in results if r.command == c)}
                       for c in COMMANDS if c in by_command},
    }


def markdown(results: list[Run], failures: bool = True) -> str:
    s = summary(results)
    shown = [c for c in CLASSES if s["classes"][c] or c in ("ok", "refused")]
    head = "| | files | runs | " + " | ".join(shown) + " | >500 MB |"
    rule = "|---|---:|---:|" + "---:|" * len(shown) + "---:|"
    lines = [f"**{s['files']} files, {s['runs']} runs: "
             + ", ".join(f"{s['classes'][c]} {c}" for c in CLASSES if s["classes"][c])
             + f"; {s['mem500']} runs over 500 MB on an input of at most 10 MB.**", "",
             "By family:", "", head, rule]
    for fam, row in s["by_family"].items():
        lines.append(f"| {fam} | {row['files']} | {row['runs']} | "
                     + " | ".join(str(row[c]) for c in shown) + f" | {row['mem500']} |")
    lines.append(f"| **all** | **{s['files']}** | **{s['runs']}** | "
                 + " | ".join(f"**{s['classes'][c]}**" for c in shown) + f" | **{s['mem500']}** |")
    lines += ["", "By command:", "", "| command | runs | " + " | ".join(shown) + " | >500 MB |",
              "|---|---:|" + "---:|" * len(shown) + "---:|"]
    for cmd, row in s["by_command"].items():
        lines.append(f"| {cmd} | {row['runs']} | " + " | ".join(str(row[c]) for c in shown)
                     + f" | {row['mem500']} |")
    if failures:
        bad = [r for r in results if r.cls not in PASSING or r.mem500]
        if bad:
            lines += ["", "Failing runs (class, case, command, expected, exit, peak, detail or "
                      "first line of stderr):", "",
                      "| class | case | command | expected | exit | peak MB | detail / stderr |",
                      "|---|---|---|---|---:|---:|---|"]
            for r in bad:
                cls = r.cls + (" (>500 MB)" if r.mem500 and r.cls in PASSING else "")
                text = r.detail if r.cls in DETAIL_CLASSES else ""
                text = text or r.stderr_first
                text = text.replace("|", "\\|").replace("\n", " ")[:200]
                lines.append(f"| {cls} | {r.case} | {r.command} | {r.expect} | {r.exit} | "
                             f"{r.peak_mb:.0f} | {text} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("root", type=Path, help="a folder written by generate.py")
    ap.add_argument("--commands", default=",".join(DEFAULT_COMMANDS),
                    help=f"comma-separated, of {','.join(COMMANDS)}")
    ap.add_argument("--cases", help="comma-separated case names (default: all)")
    ap.add_argument("--families", help="comma-separated families (default: all)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--keep", action="store_true", help="keep every run's folder")
    ap.add_argument("--work", type=Path, help="folder for the runs (default: a temp folder)")
    ap.add_argument("--json", type=Path, help="write every run as JSON here")
    ap.add_argument("--md", type=Path, help="write the Markdown table here")
    a = ap.parse_args(argv)
    _, cases = load(a.root)
    if a.cases:
        wanted = set(a.cases.split(","))
        cases = [c for c in cases if c.name in wanted]
    if a.families:
        fams = set(a.families.split(","))
        cases = [c for c in cases if c.family in fams]
    results = run_all(a.root, cases, tuple(a.commands.split(",")), jobs=a.jobs,
                      timeout=a.timeout, work=a.work, keep=a.keep, progress=True)
    text = markdown(results)
    print(text)
    if a.json:
        a.json.write_text(json.dumps({"summary": summary(results),
                                      "runs": [asdict(r) for r in results]},
                                     ensure_ascii=False, indent=1))
    if a.md:
        a.md.write_text(text)
    return 0 if all(r.cls in PASSING for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
