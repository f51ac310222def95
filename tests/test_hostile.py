"""Damaged, hostile and odd files through salesxl's command line (issue 15), a small sample.

The generator (tests/hostile/generate.py) writes the sample into a temp folder once per session;
the harness (tests/hostile/harness.py) runs `salesxl export` and `salesxl validate` (on a copy)
over each file in fresh processes, two at a time, with a timeout and a memory measurement. Each
test then asserts, for one file: no traceback, no abort, no hang, an exit code its expectation
allows (0 where the file must be read, 3 where it must be refused, either where both are right),
one clear sentence naming the file when refused, peak memory within bounds, and for files that
must be read, the data: the five seed leads with their phones, e-mails, dates and amounts.

The whole set (about 345 files, five commands each) runs with `python bench/robustness.py`;
docs/robustness.md holds its last result.

XFAIL lists the files salesxl answers wrongly today, with what was observed. The marks are
strict: when a fix makes a file pass, its test fails as XPASS, and its entry must be deleted.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hostile import generate, harness, seeds
from hostile.generate import Case

COMMANDS = ("export", "validate")
TIMEOUT = 30

# one file per kind of trouble, each cheap to run (seconds, not minutes)
SAMPLE = [
    "control-mini",
    "control-team-ko",
    "control-ods",
    "flip-stale-mini-sst-phone",
    "flip-stale-team-en-xl-worksheets-sheet1-xml",
    "flip-raw-mini-xl-workbook-xml",
    "truncated-mini-50pct",
    "missing-team-en-sst",
    "empty-mini-sst",
    "lying-mini-sst-usize-small",
    "dimension-huge-mini",
    "far-xfd1048576-mini-leads",
    "sst-count-huge-mini",
    "zipbomb-mini-sheet",
    "xxe-sst",
    "traversal-leads-sheet",
    "name-cp949",
    "name-markup-close",
    "type-xlsx-named-xls",
    "type-fifo",
    "type-readonly-file",
    "lock-other-workbooks",
    "header-row150",
    "unrelated-expenses",
    "formula-no-cache-raw",
    "csv-injection",
]

# file -> what salesxl does with it today (delete an entry when its fix lands)
XFAIL: dict[str, str] = {}


@pytest.fixture(scope="session")
def hostile_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[harness.Run]]:
    root = tmp_path_factory.mktemp("hostile")
    cases = generate.generate(root, only=set(SAMPLE))
    runs = harness.run_all(root, cases, COMMANDS, jobs=2, timeout=TIMEOUT,
                           work=tmp_path_factory.mktemp("hostile-runs"))
    by_case: dict[str, list[harness.Run]] = {}
    for r in runs:
        by_case.setdefault(r.case, []).append(r)
    return by_case


def _param(name: str) -> object:
    if name in XFAIL:
        return pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=XFAIL[name]))
    return name


ALLOWED_EXIT = {"ok": {0}, "refuse": {3}, "ok_or_refuse": {0, 3}}


@pytest.mark.parametrize("name", [_param(n) for n in SAMPLE])
def test_hostile_file(name: str, hostile_runs: dict[str, list[harness.Run]]) -> None:
    runs = hostile_runs[name]
    if all(r.cls == "skipped" for r in runs):
        pytest.skip(runs[0].detail)
    problems = []
    for r in runs:
        why = []
        if r.cls not in ("ok", "refused"):
            why.append(f"{r.cls}: {r.detail or r.stderr_first}")
        if r.exit not in ALLOWED_EXIT[r.expect]:
            why.append(f"exit {r.exit}, expected {sorted(ALLOWED_EXIT[r.expect])}")
        if r.peak_mb > harness.MEMORY_LIMIT_MB or r.mem500:
            why.append(f"peak {r.peak_mb:.0f} MB")
        if why:
            problems.append(f"{r.command}: " + "; ".join(why)
                            + (f"\n    stderr: {r.stderr_first}" if r.stderr_first else ""))
    assert not problems, f"{name}:\n  " + "\n  ".join(problems)


def test_xfail_table_names_sampled_files() -> None:
    assert set(XFAIL) <= set(SAMPLE), set(XFAIL) - set(SAMPLE)


# --- the harness itself: its checks must be able to fail ----------------------------------------

def _csv(rows: list[dict]) -> bytes:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]))
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue().encode()


def test_export_check_accepts_the_seed_and_catches_an_altered_phone() -> None:
    want = seeds.expected(seeds.leads())
    check = {"leads": want, "count": 5}
    assert harness.check_export(_csv(want), check) == []
    altered = [dict(r) for r in want]
    altered[0]["phone"] = "010-4371-1120"
    assert harness.check_export(_csv(altered), check) == [
        "HX-0001.phone = '010-4371-1120', expected '010-4370-1120'"]
    assert "4 rows exported, expected 5" in harness.check_export(_csv(want[:4]), check)


def test_export_check_wants_formula_text_neutralised() -> None:
    rows = [{"lead_id": "X", "company": "=HYPERLINK(\"http://evil.example\",\"click\")"}]
    check = {"leads": [], "neutral": [rows[0]["company"]]}
    assert harness.check_export(_csv(rows), check)
    rows[0]["company"] = "'" + rows[0]["company"]
    assert harness.check_export(_csv(rows), check) == []


def _case(**kw: object) -> Case:
    return Case(name="c", family="f", file="book.xlsx", hint="book.xlsx", **kw)


@pytest.mark.parametrize(("kw", "rc", "stderr", "problems", "cls"), [
    ({}, 0, "", [], "ok"),
    ({}, 3, "error: book.xlsx: damaged", [], "wrong"),
    ({"expect": "refuse"}, 3, "error: book.xlsx is damaged (xl/sharedStrings.xml fails its "
     "checksum): ask for a new copy.", [], "refused"),
    ({"expect": "refuse"}, 3, "error: book.xlsx: cannot be read (sst)", [], "unclear"),
    ({"expect": "refuse"}, 3, "error: cannot be read", [], "unclear"),
    ({"expect": "refuse"}, 1, "Traceback (most recent call last):\n  ...\nValueError: x", [],
     "traceback"),
    ({"expect": "refuse"}, -6, "memory allocation of 549755813888 bytes failed", [], "abort"),
    ({"expect": "refuse"}, 2, "error: no such file book.xlsx", [], "wrong"),
    ({"expect": "refuse", "damaged": True}, 0, "", [], "silent"),
    ({"expect": "ok_or_refuse", "damaged": True}, 0, "", ["HX-0001.phone differs"], "silent"),
    ({"expect": "ok_or_refuse"}, 0, "", ["0 rows exported, expected 5"], "wrong"),
])
def test_classify(kw: dict, rc: int, stderr: str, problems: list[str], cls: str) -> None:
    got, _ = harness.classify(_case(**kw), "export", rc, False, 150.0, stderr, problems)
    assert got == cls


def test_classify_hang_and_memory() -> None:
    assert harness.classify(_case(), "export", -9, True, 100.0, "", [])[0] == "hang"
    assert harness.classify(_case(), "export", 0, False, 2000.0, "", [])[0] == "memory"


def test_generation_is_deterministic(tmp_path: Path) -> None:
    names = {"flip-stale-mini-sst-phone", "flip-raw-mini-xl-workbook-xml", "name-cp949",
             "control-team-ko",
             "control-ods", "formula-no-cache-openpyxl", "header-row150-xls"}
    families = ["control", "flip", "names", "formula", "header"]
    a = {c.name: c.sha256 for c in generate.generate(tmp_path / "a", families=families,
                                                      only=names)}
    b = {c.name: c.sha256 for c in generate.generate(tmp_path / "b", families=families,
                                                      only=names)}
    assert a == b and all(a.values())
