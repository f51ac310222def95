"""The side tables a consolidation keeps on disk (`salesxl.commands.consolidate.spill`).

What must hold: a spilled column comes back as the very values the reader made (types
included), a team column made of spilled parts reads like the list it stands for whatever
slices the writer asks for, and a consolidation that spills writes the same workbook, member
by member, and the same team tables and problems, as one that keeps every table in memory.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesxl.commands.consolidate import consolidate, readers
from salesxl.commands.consolidate.merge import merge
from salesxl.commands.consolidate.readers import read_source
from salesxl.commands.consolidate.spill import (
    SPILL_PREFIX,
    Chained,
    Segment,
    spill_folder,
    spill_table,
)
from salesxl.core.config import Config
from salesxl.io.spill import LEGACY_AGE, sweep
from salesxl.io.template import write_team_workbook

D = dt.date


def test_spilled_columns_come_back_with_their_types(tmp_path: Path) -> None:
    values = {
        "lead_id": ["L-1", "L-2", None],
        "date": [D(2026, 1, 2), dt.datetime(2026, 1, 2, 9, 30), "다음 주"],
        "amount": [1.0, 2, True],
        "notes": ["=cmd|' /C calc'!A0", "", None],
    }
    where = spill_table(tmp_path, "0-activities.pickle", values)
    assert set(where) == {"date", "amount", "notes"}  # the lead IDs stay in memory
    for col, ref in where.items():
        back = ref.load()
        assert back == values[col]
        assert [type(v) for v in back] == [type(v) for v in values[col]]


@given(st.lists(st.lists(st.integers(), max_size=6), max_size=6), st.data())
def test_chained_reads_like_the_list_it_stands_for(parts: list[list[int]], data: Any) -> None:
    made: list[int] = []

    def lazy(k: int, part: list[int]) -> Segment:
        return Segment(len(part), lambda: made.append(k) or list(part))

    chained = Chained([lazy(k, p) if k % 2 else p for k, p in enumerate(parts)])
    flat = [v for p in parts for v in p]
    assert len(chained) == len(flat)
    assert list(chained) == flat
    start = data.draw(st.integers(-len(flat) - 2, len(flat) + 2))
    stop = data.draw(st.integers(-len(flat) - 2, len(flat) + 2))
    assert chained[start:stop] == flat[start:stop]
    for i in range(-len(flat), len(flat)):
        assert chained[i] == flat[i]
    with pytest.raises(IndexError):
        chained[len(flat)]


def test_a_sheet_written_top_down_makes_each_part_once() -> None:
    made: list[int] = []
    parts = [Segment(3, lambda k=k: made.append(k) or [k] * 3) for k in range(4)]
    chained = Chained(parts)
    out = [v for first in range(0, 12, 2) for v in chained[first:first + 2]]
    assert out == [0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3]
    assert made == [0, 1, 2, 3]


def _rep(path: Path, prefix: str, lang: str) -> Path:
    leads = [{"lead_id": f"{prefix}-{i}", "rep": prefix, "company": f"회사 {i}",
              "contact_name": f"담당 {i}", "email": f"p{i}@c{i}.kr" if i % 2 else None,
              "stage": "proposal", "stage_updated_on": D(2026, 10, i + 1)} for i in range(1, 6)]
    activities = [{"lead_id": f"{prefix}-{i}", "date": D(2026, 9, i), "type": "call",
                   "notes": f"=SUM({i})" if i == 2 else f"통화 {i}"} for i in range(1, 6)]
    activities.append({"lead_id": "NOPE-9", "date": D(2026, 9, 9), "type": "visit",
                       "notes": "no such lead"})
    activities.append({"lead_id": None, "date": "다음 주", "type": "call", "notes": "no ID"})
    history = [{"lead_id": f"{prefix}-1", "from_stage": "qualification", "to_stage": "proposal",
                "changed_at": dt.datetime(2026, 10, 1, 9, 0)}]
    objections = [{"lead_id": f"{prefix}-3", "raised_on": D(2026, 10, 2), "category": "price",
                   "objection": "비싸다"}]
    write_team_workbook(path, Config.default(language=lang), {  # type: ignore[arg-type]
        "leads": leads, "activities": activities, "history": history,
        "objections": objections}, lang=lang, extra_columns={"activities": ["My tag"]})
    return path


@pytest.fixture()
def reps(tmp_path: Path) -> Path:
    folder = tmp_path / "reps"
    folder.mkdir()
    _rep(folder / "a.xlsx", "A", "ko")
    _rep(folder / "b.xlsx", "B", "en")  # same customers: every lead merged, notes written
    return folder


def test_spilled_and_in_memory_merges_are_the_same(reps: Path, tmp_path: Path) -> None:
    files = sorted(reps.glob("*.xlsx"))
    spill = tmp_path / "spill"
    spill.mkdir()
    kept = [read_source(p, i, p.name) for i, p in enumerate(files)]
    spilled = [read_source(p, i, p.name, str(spill)) for i, p in enumerate(files)]
    assert all(s.status == "ok" for s in kept + spilled)
    acts = spilled[0].tables["activities"]
    assert set(acts.values) == {"lead_id"} and "date" in acts.spilled
    a, b = merge(kept), merge(spilled)
    assert isinstance(b.tables["activities"].data["date"], Chained)
    for key, table in a.tables.items():
        other = b.tables[key]
        assert table.columns == other.columns, key
        for col in table.columns:
            assert list(other.data[col]) == table.data[col], (key, col)
    assert [(p.sheet, p.row, p.column, p.value) for p in a.problems] == \
           [(p.sheet, p.row, p.column, p.value) for p in b.problems]
    assert len(a.problems) == 4  # NOPE-9 and the blank lead ID, in each workbook


def test_consolidation_writes_the_same_workbook_with_or_without_spilling(
        reps: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spilled = consolidate(reps, tmp_path / "spilled.xlsx", workers=1)
    monkeypatch.setattr(readers, "_spill", lambda src, folder: None)
    kept = consolidate(reps, tmp_path / "kept.xlsx", workers=1)
    assert len(spilled.duplicates) == len(kept.duplicates) > 0
    with zipfile.ZipFile(tmp_path / "spilled.xlsx") as x, \
            zipfile.ZipFile(tmp_path / "kept.xlsx") as y:
        assert x.namelist() == y.namelist()
        for name in x.namelist():
            assert x.read(name) == y.read(name), name


def _dead_pid() -> int:
    """The process ID of a process that has ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_killed_runs_spill_folder_is_removed_by_the_next_run(tmp_path: Path) -> None:
    root = tmp_path / "tmp"
    root.mkdir()
    dead = root / f"{SPILL_PREFIX}{_dead_pid()}-abc123"
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    live = root / f"{SPILL_PREFIX}{running.pid}-def456"  # a run still going
    legacy_old = root / f"{SPILL_PREFIX}x1y2z3"  # made before folders carried a process ID
    legacy_new = root / f"{SPILL_PREFIX}q9w8e7"
    other = root / "someone-elses-folder"
    for folder in (dead, live, legacy_old, legacy_new, other):
        folder.mkdir()
        (folder / "0-activities.pickle").write_bytes(b"x" * 1000)
    old = time.time() - LEGACY_AGE - 60
    os.utime(legacy_old, (old, old))
    try:
        made = spill_folder(str(root))
        assert not dead.exists() and not legacy_old.exists()
        assert live.exists() and legacy_new.exists() and other.exists()
        mine = Path(made.name)
        assert mine.parent == root and mine.name.startswith(f"{SPILL_PREFIX}{os.getpid()}-")
        assert sweep(str(root)) == []  # its own folder, and the living run's, stay
        assert mine.exists()
        with pytest.raises(subprocess.TimeoutExpired):  # asking whether a run lives
            running.wait(timeout=0.5)  # sends it no signal: it is still running
        made.cleanup()
        assert not mine.exists()
    finally:
        running.kill()
        running.wait()


def test_the_sweep_removes_every_dead_run_and_nothing_else(tmp_path: Path) -> None:
    root = tmp_path / "tmp"
    root.mkdir()
    keep = tmp_path / "kept"
    keep.mkdir()
    (keep / "a.txt").write_text("x")
    for i in range(30):  # other programs' entries, listed among ours in any order
        (root / f"other-{i:02d}").mkdir()
        (root / f"{SPILL_PREFIX}{i}.txt").write_text("a file, not a folder")
    dead = [root / f"{SPILL_PREFIX}{_dead_pid()}-run{i}" for i in range(5)]
    for folder in dead:
        folder.mkdir()
    link = root / f"{SPILL_PREFIX}{_dead_pid()}-link"
    link.symlink_to(keep, target_is_directory=True)  # never followed
    foreign = root / f"{SPILL_PREFIX}{_dead_pid()}-foreign"
    foreign.mkdir()
    if os.getuid() == 0:
        os.chown(foreign, 12345, 12345)  # another user's: never touched
    removed = sweep(str(root))
    assert sorted(removed) == sorted(dead) + ([] if os.getuid() == 0 else [foreign])
    assert not any(f.exists() for f in dead)
    assert link.is_symlink() and (keep / "a.txt").exists()
    assert len(list(root.glob("other-*"))) == 30 and len(list(root.glob("*.txt"))) == 30
    assert foreign.exists() == (os.getuid() == 0)
