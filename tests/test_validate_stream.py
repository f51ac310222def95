"""`validate` over a Leads sheet too large for the fast reader works a chunk of rows at a
time (a first pass numbers blank lead IDs and learns from the closed deals, a second writes
each chunk's cells while the sheet is rewritten). Whatever the chunk size, it must write the
same Leads sheet and report the same counts, problems, stale leads and scores as the
whole-sheet read of the same cells. The workbooks are real team workbooks typed with
openpyxl; a number far out on another sheet is what sends the reader to the streaming path
(checked, so that the comparison never degenerates into whole against whole).

`StreamedEdits` itself is held to the patcher's plain edits: the same sheet bytes for any
edits cut into chunks anywhere."""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salesxl.commands.validate import validate
from salesxl.io.book import Book
from salesxl.io.parts.celledits import CellEdits, StreamedEdits
from salesxl.io.patch import SheetEdit, patch_workbook
from salesxl.io.spill import spill_prefix, sweep
from tests.teambook import fill, new_book, quiet, whole_and_streamed

TODAY = dt.date(2026, 11, 27)
LEADS_PART = "xl/worksheets/sheet1.xml"


def _leads(n: int, bad_tiers: bool = True) -> list[dict[str, Any]]:
    """Leads as reps type them: 35 won and 35 lost deals with stage dates (enough to learn
    from), open leads in every stage, blank lead IDs here and there, unreadable budgets and
    dates in different chunks, stages typed as synonyms, probabilities typed as 75, and
    (`bad_tiers`) a few unreadable tiers, which only scoring reads."""
    rng = random.Random(7)
    stages = ["New", "Contacted", "Qualified", "Proposal", "Negotiation", "closed won",
              "Lost", "계약완료", "On hold"]
    rows = []
    for i in range(n):
        if i < 35:
            stage = "Won" if i % 2 else "closed won"
        elif i < 70:
            stage = "Lost"
        else:
            stage = stages[i % 5] if i % 13 else stages[(i // 13) % len(stages)]
        row: dict[str, Any] = {
            "lead_id": None if i % 17 == 5 else f"L-{i + 1:04d}",
            "created_on": dt.date(2026, 1, 1) + dt.timedelta(days=i % 200),
            "company": f"(주)한빛 {i % 40}", "rep": ["김민수", "이서연", "박지훈"][i % 3],
            "tier": ("Z" if bad_tiers else None) if i % 23 == 4 else "ABCD"[i % 4],
            "budget_amount": "abc" if i % 29 == 3 else rng.choice([None, 5_000_000, "500만원"]),
            "budget_confirmed": "Y" if i % 3 == 0 else None,
            "is_decision_maker": "Y" if i % 4 == 0 else "N",
            "need_level": ["High", "Medium", "Low", None][i % 4],
            "decision_date": "내년쯤" if i % 31 == 9 else dt.date(2026, 12, 1) + dt.timedelta(
                days=i % 90),
            "stage": stage,
            "stage_updated_on": dt.date(2026, 3, 1) + dt.timedelta(days=(i * 7) % 250),
            "deal_amount": 1_000_000 * (1 + i % 9),
            "probability": 75 if i % 11 == 2 else None,
        }
        rows.append(row)
    return rows


def _books(tmp_path: Path, n: int = 150, table_rows: int | None = None,
           bad_tiers: bool = True) -> tuple[Path, Path]:
    """The same team workbook twice: read whole, and sent to the streaming reader.
    `table_rows`: the Leads' Excel Table covers only its first rows (rows typed below it)."""
    base = fill(new_book(tmp_path / "base.xlsx"), {
        "leads": _leads(n, bad_tiers),
        "activities": [{"lead_id": f"L-{i % 120 + 1:04d}", "date": dt.date(2026, 5, 1)
                        + dt.timedelta(days=i % 150), "type": ["Call", "Meeting"][i % 2]}
                       for i in range(200)],
        "objections": [{"lead_id": f"L-{i * 3 + 1:04d}", "category": "Price",
                        "resolved": "Y" if i % 2 else None} for i in range(30)],
        "history": [{"lead_id": f"L-{i + 1:04d}", "from_stage": "Proposal",
                     "to_stage": "Won" if i % 2 else "Lost",
                     "changed_at": dt.datetime(2026, 6, 1, 9) + dt.timedelta(days=i)}
                    for i in range(0, 70, 3)],
    })

    def short_table(wb: Any) -> None:
        table = wb["Leads"].tables["tblLeads"]
        table.ref = table.ref.rsplit(":", 1)[0] + ":" + "".join(
            ch for ch in table.ref.rsplit(":", 1)[1] if ch.isalpha()) + str(table_rows + 1)
        table.autoFilter.ref = table.ref

    return whole_and_streamed(base, tmp_path, short_table if table_rows is not None else None)


def _run(book: Path, copy: Path, **kw: Any) -> tuple[dict[str, Any], bytes, bytes]:
    shutil.copy(book, copy)
    js = validate(copy, TODAY, **kw).to_json()
    js.pop("book")
    with zipfile.ZipFile(copy) as zf:
        tables = b"".join(zf.read(m) for m in sorted(zf.namelist())
                          if m.startswith("xl/tables/"))
        return js, zf.read(LEADS_PART), tables


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return _books(tmp_path_factory.mktemp("vstream"))


def test_the_streamed_copy_is_streamed_and_the_other_is_not(books: tuple[Path, Path]) -> None:
    whole, streamed = books
    assert not Book.open(whole, ["leads"], write=False, lazy=["leads"]).streamed("leads")
    wb = Book.open(streamed, ["leads"], write=False, lazy=["leads"])
    assert wb.streamed("leads")
    assert len(wb.table("leads").frame) == 0  # found, its rows left for the chunks
    assert sum(len(part.frame) for part in wb.chunks("leads", 7)) == 150


@pytest.mark.parametrize("chunk_rows", [1, 7, 64, 1_000_000])
def test_chunks_write_and_report_what_one_whole_read_does(
        books: tuple[Path, Path], tmp_path: Path, chunk_rows: int) -> None:
    whole, streamed = books
    expected = _run(whole, tmp_path / "w.xlsx")
    got = _run(streamed, tmp_path / "s.xlsx", chunk_rows=chunk_rows)
    report = expected[0]
    # the workbook exercises what the chunks must agree on
    assert report["ids_assigned"] == len([i for i in range(150) if i % 17 == 5])
    assert report["scored"] > 0 and report["problems"] and report["stale"]
    assert report["cells_written"] > 150
    assert got[0] == expected[0]
    assert got[1] == expected[1]  # the Leads sheet, byte for byte
    assert got[2] == expected[2]  # its Excel Table parts


@pytest.mark.parametrize("chunk_rows", [7, 1_000_000])
def test_a_table_short_of_its_rows_grows_as_a_whole_read_grows_it(
        tmp_path: Path, chunk_rows: int) -> None:
    whole, streamed = _books(tmp_path, table_rows=100)
    expected = _run(whole, tmp_path / "w.xlsx")
    got = _run(streamed, tmp_path / "s.xlsx", chunk_rows=chunk_rows)
    assert re.search(rb'ref="A1:[A-Z]+151"', expected[2])  # grown from row 101 to 151
    assert got == expected


def test_problems_come_column_by_column_in_row_order(books: tuple[Path, Path],
                                                     tmp_path: Path) -> None:
    _, streamed = books
    js = _run(streamed, tmp_path / "s.xlsx", chunk_rows=5)[0]
    seen = [(p["column"], p["row"]) for p in js["problems"]]
    columns = list(dict.fromkeys(c for c, _ in seen))
    assert {"budget_amount", "decision_date"} <= set(columns)
    runs = [c for i, (c, _) in enumerate(seen) if i == 0 or seen[i - 1][0] != c]
    assert runs == columns  # each column's problems together, not a chunk's
    for column in columns:
        rows = [r for c, r in seen if c == column]
        assert rows == sorted(rows) and len(rows) > 1


def test_a_dry_run_reads_in_chunks_and_writes_nothing(books: tuple[Path, Path],
                                                      tmp_path: Path) -> None:
    whole, streamed = books
    shutil.copy(streamed, tmp_path / "s.xlsx")
    before = (tmp_path / "s.xlsx").read_bytes()
    dry = validate(tmp_path / "s.xlsx", TODAY, write=False, chunk_rows=9)
    assert (tmp_path / "s.xlsx").read_bytes() == before
    full = validate(whole, TODAY, write=False)
    assert dry.counts == full.counts and dry.rows == full.rows == 150
    assert dry.scored == full.scored and len(dry.stale) == len(full.stale)


# --- StreamedEdits against plain edits -----------------------------------------------------
def _sheet_book(path: Path, rows: int) -> Path:
    with quiet():
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "Data"
        for r in range(1, rows + 1):
            if r % 9 == 4:
                continue  # a row the sheet does not have: edits there make a new row
            ws.cell(r, 1, f"row {r}")
            ws.cell(r, 3, r * 1.5)
        wb.save(path)
    return path


def _bounds(rows: dict[int, dict[int, Any]]) -> tuple[int, int, int, int] | None:
    cells = [(r, c) for r, row in rows.items() for c, v in row.items() if v is not None]
    if not cells:
        return None
    return (min(r for r, _ in cells), min(c for _, c in cells), max(r for r, _ in cells),
            max(c for _, c in cells))


@settings(max_examples=25, deadline=None)
@given(edits=st.dictionaries(st.tuples(st.integers(0, 44), st.integers(0, 5)),
                             st.one_of(st.none(), st.text(max_size=4), st.integers(-5, 5)),
                             max_size=60),
       cuts=st.lists(st.integers(0, 45), max_size=6))
def test_streamed_edits_patch_the_same_bytes_as_plain_edits(
        tmp_path_factory: pytest.TempPathFactory, edits: dict[tuple[int, int], Any],
        cuts: list[int]) -> None:
    tmp = tmp_path_factory.mktemp("se")
    src = _sheet_book(tmp / "src.xlsx", 40)
    plain = CellEdits(edits)
    patch_workbook(src, [SheetEdit("Data", plain)], out=tmp / "plain.xlsx", backup=False)
    ends = sorted({*cuts, 45})
    chunks = []
    start = 1  # row 0 is the head (a header row's cells)
    for end in ends:
        if end < start:
            continue
        part = CellEdits({k: v for k, v in edits.items() if start <= k[0] <= end})
        chunks.append((end, part))
        start = end + 1
    head = CellEdits({k: v for k, v in edits.items() if k[0] == 0})
    rows = sorted({r for r, _ in edits} - {0})
    streamed = StreamedEdits(rows, head, iter(chunks), _bounds(plain.rows))
    patch_workbook(src, [SheetEdit("Data", streamed)], out=tmp / "streamed.xlsx", backup=False)
    with zipfile.ZipFile(tmp / "plain.xlsx") as a, zipfile.ZipFile(tmp / "streamed.xlsx") as b:
        assert a.namelist() == b.namelist()
        for member in a.namelist():
            assert a.read(member) == b.read(member), member


def test_streamed_edits_are_made_in_order_and_let_go() -> None:
    made: list[int] = []

    def chunks() -> Any:
        for end in (10, 20, 30):
            made.append(end)
            yield end, CellEdits({(end - 5, 1): f"v{end}", (end, 2): f"e{end}"})

    se = StreamedEdits([5, 10, 15, 20, 25, 28, 35], CellEdits({(0, 1): "head", (5, 3): "h"}),
                       chunks(), None)
    assert list(se) == [0, 5, 10, 15, 20, 25, 28, 35] and len(se) == 8
    assert 15 in se and 16 not in se
    assert se[0] == {1: "head"} and made == [10]  # the head row makes the first chunk only
    assert se[5] == {3: "h", 1: "v10"}  # a head row a chunk also writes: both
    assert se[10] == {2: "e10"} and made == [10]  # a chunk's last row: no more made
    assert se.peek(25) == {1: "v30"} and made == [10, 20, 30]  # a look ahead keeps the rest
    assert se[15] == {1: "v20"}
    with pytest.raises(RuntimeError, match="row 10 asked for after its chunk was let go"):
        se[10]  # its chunk (rows up to 10) was let go when row 15 was asked for
    with pytest.raises(KeyError, match="16"):
        se[16]
    assert se[28] == {}
    assert se[35] == {}  # after every chunk: nothing more to make
    assert se.peek(35) == {} and made == [10, 20, 30]  # and no more asking for any
    se.finish()


def test_finish_makes_the_chunks_no_row_asked_for() -> None:
    made: list[int] = []

    def chunks() -> Any:
        for end in (3, 6):
            made.append(end)
            yield end, CellEdits()

    StreamedEdits([1, 4], CellEdits(), chunks(), None).finish()
    assert made == [3, 6]


def test_streamed_and_other_edits_of_one_sheet_are_refused(tmp_path: Path) -> None:
    src = _sheet_book(tmp_path / "src.xlsx", 5)
    se = StreamedEdits([1], CellEdits(), iter([(1, CellEdits({(1, 1): "x"}))]), None)
    with pytest.raises(ValueError, match="streamed"):
        patch_workbook(src, [SheetEdit("Data", {(2, 1): "y"}), SheetEdit("Data", se)],
                       out=tmp_path / "o.xlsx", backup=False)
    wb = Book.open(src, [], write=False)
    wb.write_cells("Data", {(2, 1): "y"})
    with pytest.raises(ValueError, match="already has edits"):
        wb.write_stream("Data", se)


def _chunk_folders() -> set[Path]:
    return {p for p in Path(tempfile.gettempdir()).glob(f"{spill_prefix('chunks')}{os.getpid()}-*")}


def test_the_second_pass_reads_the_chunks_kept_on_disk_not_the_file(
        books: tuple[Path, Path], tmp_path: Path) -> None:
    _, streamed = books
    copy = tmp_path / "s.xlsx"
    shutil.copy(streamed, copy)
    before = _chunk_folders()
    wb = Book.open(copy, ["leads"], write=False, lazy=["leads"])
    first = [part.frame for part in wb.chunks("leads", 40)]
    assert [len(f) for f in first] == [40, 40, 40, 30]
    copy.write_bytes(b"not a workbook any more")  # a second read of the file would fail
    again = [part.frame for part in wb.chunks("leads", 40)]
    assert len(again) == len(first)
    for a, b in zip(first, again, strict=True):
        pd.testing.assert_frame_equal(a, b)
        for col in a.columns:  # the very values, types included (a date stays a date)
            assert [type(v) for v in a[col]] == [type(v) for v in b[col]]
    assert len(_chunk_folders() - before) == 1
    wb.close()
    assert _chunk_folders() == before


def test_validate_leaves_no_chunk_folder_behind(books: tuple[Path, Path],
                                                tmp_path: Path) -> None:
    _, streamed = books
    before = _chunk_folders()
    _run(streamed, tmp_path / "s.xlsx", chunk_rows=50)
    assert _chunk_folders() == before


def test_a_killed_runs_chunk_folder_is_swept(tmp_path: Path) -> None:
    dead = tmp_path / f"{spill_prefix('chunks')}999999999-abc"
    dead.mkdir()
    (dead / "leads-50000-0.pickle").write_bytes(b"x")
    other = tmp_path / "salesxl-other-999999999-abc"  # not a kind salesxl makes
    other.mkdir()
    assert sweep(str(tmp_path)) == [dead]
    assert not dead.exists() and other.exists()


def test_without_a_temporary_folder_the_second_pass_reads_the_sheet_again(
        books: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    whole, streamed = books
    expected = _run(whole, tmp_path / "w.xlsx")
    not_a_folder = tmp_path / "tmp-is-a-file"
    not_a_folder.write_text("x")
    monkeypatch.setattr(tempfile, "tempdir", str(not_a_folder))  # where mkdtemp must fail
    with pytest.raises(OSError):
        tempfile.mkdtemp()
    assert _run(streamed, tmp_path / "s.xlsx", chunk_rows=40) == expected


@pytest.mark.parametrize("chunk_rows", [1, 13, 1_000_000])
def test_score_in_chunks_writes_and_reports_what_one_whole_read_does(
        books: tuple[Path, Path], tmp_path: Path, chunk_rows: int) -> None:
    from salesxl.commands.score import score

    whole, streamed = books
    got = []
    for src, name, kw in ((whole, "w.xlsx", {}), (streamed, "s.xlsx",
                                                 {"chunk_rows": chunk_rows})):
        shutil.copy(src, tmp_path / name)
        js = score(tmp_path / name, TODAY, report=True, **kw).to_json()
        js.pop("book")
        with zipfile.ZipFile(tmp_path / name) as zf:
            got.append((js, zf.read(LEADS_PART)))
    expected = got[0][0]
    assert expected["scored"] > 0 and expected["cells_written"] > 0  # it did score
    assert got[1] == got[0]


def test_a_column_only_scoring_reads_is_scorings_to_report(books: tuple[Path, Path],
                                                            tmp_path: Path) -> None:
    from salesxl.commands.score import score

    whole, streamed = books
    bad = [i + 1 for i in range(150) if i % 23 == 4]  # zero-based rows below the header
    shutil.copy(whole, tmp_path / "s.xlsx")
    scored = score(tmp_path / "s.xlsx", TODAY, write=False)
    tiers = [p.row for p in scored.problems if p.column == "tier"]
    assert tiers == bad  # unreadable, and `salesxl score` says so
    (tmp_path / "clean").mkdir()
    clean = _books(tmp_path / "clean", bad_tiers=False)[0]
    for book in (whole, streamed):
        got = _run(book, tmp_path / "v.xlsx", chunk_rows=40)[0]
        assert not [p for p in got["problems"] if p["column"] == "tier"]  # not validate's
        assert got["counts"] == _run(clean, tmp_path / "c.xlsx")[0]["counts"]

