"""What the reader does to hold a large table in less memory must not change a single value.

* `cellreader`'s whole-sheet grid folds equal texts and dates onto one object while it reads:
  compared cell by cell, type and value, with python-calamine's own ``to_python`` (the reader
  before the change, a second implementation) on the shipped workbooks and on a generated
  sheet of every cell kind;
* `read._one_copy_each` (raw table columns): a property test against the plain values;
* ``keep`` (a command that reads a table but never writes it holds only some columns): the
  same rows, the same values, fewer columns.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import python_calamine
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st

from salesxl.io.book import Book
from salesxl.io.parts.cellreader import Folder, open_cells
from salesxl.io.read import _one_copy_each
from tests.teambook import fill, new_book

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = sorted((ROOT / "workbooks").glob("*.xls[xm]"))

_CELLS_OF_A_ROW = st.one_of(
    st.none(), st.booleans(), st.sampled_from([0.0, -0.0, 1, 1.0, "", "1", "수주"]),
    st.sampled_from([dt.date(2026, 1, 1), dt.datetime(2026, 1, 1), dt.time(9, 0)]))


def _same_cell(ours: Any, theirs: Any) -> bool:
    if isinstance(theirs, float) and math.isnan(theirs):
        return isinstance(ours, float) and math.isnan(ours)
    return type(ours) is type(theirs) and ours == theirs


def _compare(path: Path) -> int:
    cells = open_cells(path)
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    compared = 0
    for name in cells.names:
        theirs = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        ours = cells.grid(name)
        assert len(ours) == len(theirs), name
        for r, (a, b) in enumerate(zip(ours, theirs, strict=True)):
            assert len(a) == len(b), (name, r)
            for c, (x, y) in enumerate(zip(a, b, strict=True)):
                assert _same_cell(x, y), (name, r, c, x, y)
                compared += 1
    return compared


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_workbooks_read_as_calamine_reads_them(path: Path) -> None:
    assert _compare(path) > 0


def _every_kind(path: Path, rows: int = 600, *, far: bool = False) -> Path:
    """`far`: texts written inline in each cell (a new string object per cell for a reader,
    as XlsxWriter's constant-memory mode and many exporters write them), and a far cell in
    another sheet, so that the file is read by the streaming reader."""
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_urls": False,
                                         "strings_to_formulas": False, "constant_memory": far})
    ws = wb.add_worksheet("리드")
    day = wb.add_format({"num_format": "yyyy-mm-dd"})
    stamp = wb.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    clock = wb.add_format({"num_format": "hh:mm"})
    ws.write_row(0, 0, ["리드 ID", "단계", "등록일", "변경 일시", "시각", "금액", "확정", "메모"])
    stages = ["신규", "접촉", "제안", "수주", "실주"]
    for r in range(1, rows + 1):
        ws.write_string(r, 0, f"L-{r:05d}")
        ws.write_string(r, 1, stages[r % 5])
        ws.write_datetime(r, 2, dt.datetime(2026, 1, 1) + dt.timedelta(days=r % 30), day)
        ws.write_datetime(r, 3, dt.datetime(2026, 3, 1, r % 24, 30), stamp)
        ws.write_datetime(r, 4, dt.time(r % 24, 15), clock)
        ws.write_number(r, 5, [0.0, -0.0, 1.0, 1, 2.5][r % 5])
        ws.write_boolean(r, 6, r % 3 == 0)
        if r % 4:
            ws.write_string(r, 7, "1" if r % 4 == 1 else "다음 주 재방문")
    if far:  # a cell in column 2,500 of another sheet
        wb.add_worksheet("far").write_string(0, 2_499, "far")
    wb.close()
    return path


def test_every_cell_kind_reads_as_calamine_reads_it(tmp_path: Path) -> None:
    path = _every_kind(tmp_path / "kinds.xlsx")
    assert _compare(path) == 601 * 8
    grid = open_cells(path).grid("리드")
    stages = [row[1] for row in grid[1:]]
    # folded: one object per distinct stage (a reader without folding makes 600)
    assert len({id(v) for v in stages}) == len(set(stages)) == 5
    negative_zeros = [row[5] for row in grid[1:] if row[5] == 0 and math.copysign(1, row[5]) < 0]
    assert len(negative_zeros) == 600 // 5  # -0.0 is a number: never folded onto 0.0


def test_the_streaming_reader_folds_too_and_reads_what_calamine_reads(tmp_path: Path) -> None:
    path = _every_kind(tmp_path / "kinds.xlsx", far=True)
    cells = open_cells(path)
    assert cells.streaming
    theirs = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name(
        "리드").to_python(skip_empty_area=False)
    ours = cells.grid("리드")
    assert len(ours) == len(theirs) == 601
    for r, (a, b) in enumerate(zip(ours, theirs, strict=True)):
        a = a + [""] * (len(b) - len(a))  # a streamed row ends at its last cell
        for c, (x, y) in enumerate(zip(a, b, strict=True)):
            assert _same_cell(x, y), (r, c, x, y)
    stages = [row[1] for row in ours[1:]]
    assert len({id(v) for v in stages}) == len(set(stages)) == 5
    days = [row[2] for row in ours[1:]]
    assert len({id(v) for v in days}) == len(set(days)) == 30


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(_CELLS_OF_A_ROW, max_size=6), max_size=40), st.integers(0, 5))
def test_folding_with_a_small_memory_keeps_every_value(rows: list[list[Any]], memo: int) -> None:
    fold = Folder(blank="", memo_size=memo)
    for row in rows:
        out = fold(row)
        assert len(out) == len(row)
        for x, y in zip(out, row, strict=True):
            if y is None:
                assert x == "", x
            else:
                assert _same_cell(x, y), (x, y)
                if isinstance(y, float):
                    assert math.copysign(1, x) == math.copysign(1, y)


def test_a_forgetful_folder_still_folds_repeated_values() -> None:
    fold = Folder(memo_size=10)
    rows = [fold([f"name {n}", f"e{n}@x.kr", ["신규", "접촉", "수주"][n % 3]])
            for n in range(3_000)]
    assert [r[2] for r in rows] == [["신규", "접촉", "수주"][n % 3] for n in range(3_000)]
    assert len({id(r[2]) for r in rows}) < 3_000 // 3  # forgetting is rare


def test_a_sheet_not_starting_at_a1_is_read_from_a1(tmp_path: Path) -> None:
    wb = xlsxwriter.Workbook(str(tmp_path / "off.xlsx"))
    ws = wb.add_worksheet("Leads")
    ws.write_row(2, 2, ["Lead ID", "Stage"])
    ws.write_row(3, 2, ["L-1", "New"])
    wb.close()
    grid = open_cells(tmp_path / "off.xlsx").grid("Leads")
    assert grid[2][2:4] == ["Lead ID", "Stage"] and grid[3][2:4] == ["L-1", "New"]
    assert grid[0] == ["", "", "", ""] and len(grid) == 4


_CELLS = st.one_of(
    st.none(), st.just(float("nan")), st.booleans(), st.integers(-3, 3),
    st.sampled_from([0.0, -0.0, 1.0, 2.5]), st.sampled_from(["", "a", "수주", "1", " a"]),
    st.sampled_from([dt.date(2026, 1, 1), dt.datetime(2026, 1, 1), dt.datetime(2026, 1, 1, 9),
                     dt.time(9, 0), dt.timedelta(days=1)]))


@settings(max_examples=200, deadline=None)
@given(st.lists(_CELLS, min_size=0, max_size=300), st.integers(0, 3))
def test_one_copy_each_keeps_every_value_and_type(values: list[Any], repeat: int) -> None:
    values = values * (repeat + 1)  # long enough to be folded, with repeats
    out = _one_copy_each(values)
    assert isinstance(out, np.ndarray) and out.dtype == object and len(out) == len(values)
    for x, y in zip(out, values, strict=True):
        assert _same_cell(x, y) or (x is None and y is None), (x, y)
        if isinstance(y, float):
            assert math.copysign(1, x) == math.copysign(1, y)


def test_one_copy_each_folds_a_column_of_repeated_texts() -> None:
    values = [str(n % 7) * 3 for n in range(7000)]  # 7,000 distinct objects, 7 values
    values = ["".join(list(v)) for v in values]
    assert len({id(v) for v in values}) > 7
    out = _one_copy_each(values)
    assert list(out) == values
    assert len({id(v) for v in out}) == 7


def test_keep_holds_only_those_columns_of_the_same_rows(tmp_path: Path) -> None:
    rows = [{"lead_id": "L-1", "from_stage": "new", "to_stage": "contacted",
             "changed_at": dt.datetime(2026, 3, 2, 9, 30)},
            {"reason": "typed without a lead"},  # data only in a column not kept: still a row
            {"lead_id": "L-2", "to_stage": "won", "changed_by": "Kim"}]
    path = fill(new_book(tmp_path / "team.xlsx"), {"history": rows})
    whole = Book.open(path, tables=["history"], write=False).table("history").frame
    kept = Book.open(path, tables=["history"], write=False,
                     keep={"history": ["lead_id", "to_stage"]}).table("history").frame
    assert list(kept.columns) == ["lead_id", "to_stage"]
    assert len(whole) == 3 and list(kept.index) == list(whole.index)
    assert kept.equals(whole[["lead_id", "to_stage"]])


def test_a_column_not_kept_is_never_read_or_written_as_blank(tmp_path: Path) -> None:
    path = tmp_path / "team.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Leads")
    for r, row in enumerate([["Lead ID", "Company", "Stage", "Tier"],
                             ["L-1", "한빛상사", "Proposal", "A"],
                             ["L-2", "동방전자", "Won", "B"]]):
        ws.write_row(r, 0, row)
    wb.close()
    book = Book.open(path, tables=["leads"], keep={"leads": ["lead_id", "stage"]})
    values, _ = book.values("leads", ["stage", "win_reasons"])  # a column the sheet lacks: blank
    assert values["stage"].tolist() == ["proposal", "won"]
    assert values["win_reasons"].tolist() == [None, None]
    with pytest.raises(RuntimeError, match="without keeping it"):
        book.values("leads", ["company"])  # the sheet has it: blank would be a lie
    index = book.table("leads").frame.index
    with pytest.raises(RuntimeError, match="without keeping it"):
        book.write_columns("leads", pd.DataFrame({"tier": ["A", "C"]}, index=index))


def test_canonical_values_are_python_objects_with_none_for_blank(tmp_path: Path) -> None:
    """The values of every column are one block of Python objects: a text column with blanks
    keeps None (pandas would otherwise make it a string column, blanks NaN)."""
    path = tmp_path / "team.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Leads")
    ws.write_row(0, 0, ["Lead ID", "Company", "Outcome", "Deal amount"])
    ws.write_row(1, 0, ["L-1", "한빛상사", "Lost", 1500])
    ws.write_row(2, 0, ["L-2", "동방전자"])
    wb.close()
    book = Book.open(path, tables=["leads"], write=False)
    values, _ = book.values("leads", ["outcome", "company", "deal_amount", "stage", "company"])
    assert list(values.columns) == ["outcome", "company", "deal_amount", "stage"]
    assert [str(dtype) for dtype in values.dtypes] == ["object"] * 4
    assert values["outcome"].tolist() == ["lost", None]
    assert values["deal_amount"].tolist() == [1500.0, None]
    assert values["stage"].tolist() == [None, None]
    assert book.values("leads", [])[0].shape == (2, 0)
