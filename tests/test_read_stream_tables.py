"""A workbook the streaming reader reads (a far cell sends it there) gives the same tables
as python-calamine's whole-sheet read of the same cells: rows, values, types, row numbers and
columns, whether a table is found by its sheet name or by its headers, under a title block,
with blank rows, and with only some columns kept. The streaming path reads a table's rows a
chunk at a time below its header, so its chunks are also checked against one whole read."""

from __future__ import annotations

import datetime as dt
import itertools
import math
import zipfile
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st

from salesxl.core.schema import TABLES
from salesxl.io.book import Book
from salesxl.io.parts.cellreader import STREAM_CHUNK_ROWS, open_cells
from salesxl.io.read import _raw_frame, read_workbook

LEADS = ["Lead ID", "Company", "Stage", "Created", "Deal amount", "Budget confirmed", "Notes",
         "Unknown column"]
HISTORY = ["Lead ID", "From stage", "To stage", "Changed at"]


def _book(path: Path, *, far: bool, title: int = 3) -> Path:
    """Leads under a title block of `title` rows (a header below 200 rows of title is still
    found), History on a sheet found by its headers; `far`: read by the streaming reader."""
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    day = wb.add_format({"num_format": "yyyy-mm-dd"})
    ws = wb.add_worksheet("Leads")
    for r in range(title):
        if r % 3 != 2:
            ws.write_string(r, 0, f"2026 pipeline, page note {r}")
    ws.write_row(title, 0, LEADS)
    for r in range(title + 1, title + 697):
        if r % 50 == 7:
            continue  # a blank row inside the table
        n = r - title - 1
        ws.write_string(r, 0, f"L-{n:04d}")
        ws.write_string(r, 1, ["한빛상사", "동방전자", "Acme"][n % 3])
        ws.write_string(r, 2, ["New", "Proposal", "Won", "lost"][n % 4])
        ws.write_datetime(r, 3, dt.datetime(2026, 1, 1) + dt.timedelta(days=n % 40), day)
        if n % 5:
            ws.write_number(r, 4, [0.0, -0.0, 1500000, 2.5][n % 4])
        ws.write_boolean(r, 5, n % 3 == 0)
        if n % 7 == 0:
            ws.write_string(r, 6, "다음 주 재방문")
        if n % 11 == 0:
            ws.write_string(r, 7, "x")
    hs = wb.add_worksheet("Moves")  # found by its headers, not its name
    hs.write_row(0, 0, HISTORY)
    for r in range(1, 300):
        hs.write_row(r, 0, [f"L-{r % 90:04d}", "New", "Proposal"])
        hs.write_datetime(r, 3, dt.datetime(2026, 2, 1, r % 24, 5), day)
    if far:
        wb.add_worksheet("far").write_string(0, 2_499, "far")
    wb.close()
    return path


def _same(a: Any, b: Any) -> bool:
    if isinstance(b, float) and math.isnan(b):
        return isinstance(a, float) and math.isnan(a)
    if isinstance(b, float):
        return type(a) is float and a == b and math.copysign(1, a) == math.copysign(1, b)
    return type(a) is type(b) and a == b


def _assert_same_frame(ours: pd.DataFrame, theirs: pd.DataFrame) -> None:
    assert list(ours.columns) == list(theirs.columns)
    assert ours.index.tolist() == theirs.index.tolist()
    for name in theirs.columns:
        for a, b in zip(ours[name].tolist(), theirs[name].tolist(), strict=True):
            assert _same(a, b), (name, a, b)


@pytest.mark.parametrize("title", [3, 260])
def test_streamed_tables_are_the_tables_read_whole(tmp_path: Path, title: int) -> None:
    plain = _book(tmp_path / "plain.xlsx", far=False, title=title)
    streamed = _book(tmp_path / "streamed.xlsx", far=True, title=title)
    assert not open_cells(plain).streaming and open_cells(streamed).streaming
    for keep in (None, {"leads": ["stage", "lead_id"], "history": ["to_stage"]}):
        whole = read_workbook(plain, ["leads", "history"]) if keep is None else None
        ours = read_workbook(streamed, ["leads", "history"])
        if keep is not None:
            whole = Book.open(plain, ["leads", "history"], write=False, keep=keep).data
            ours = Book.open(streamed, ["leads", "history"], write=False, keep=keep).data
        assert whole is not None
        for key in ("leads", "history"):
            a, b = ours.tables[key], whole.tables[key]
            assert (a.sheet, a.header_row, a.columns, a.extras, a.found_by, a.header) == \
                (b.sheet, b.header_row, b.columns, b.extras, b.found_by, b.header)
            _assert_same_frame(a.frame, b.frame)
        leads = ours.tables["leads"].frame
        assert len(leads) == sum(1 for r in range(title + 1, title + 697) if r % 50 != 7)
        assert leads.index[0] == title + 1 and ours.tables["leads"].header_row == title
        if keep is not None:
            assert list(leads.columns) == ["lead_id", "stage"]


_CELL = st.one_of(st.just(""), st.just(" "), st.none(), st.integers(0, 3),
                  st.sampled_from(["a", "수주", "=1"]), st.just(dt.date(2026, 1, 1)))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(_CELL, max_size=5), max_size=30),
       st.lists(st.integers(0, 30), max_size=4), st.booleans())
def test_a_table_read_in_chunks_is_the_table_read_at_once(
        rows: list[list[Any]], cuts: list[int], some: bool) -> None:
    table = TABLES["leads"]
    order = [("lead_id", 0), ("company", 1), ("stage", 2), ("notes", 4)]
    index = list(range(5, 5 + len(rows)))
    edges = sorted({0, len(rows), *(min(c, len(rows)) for c in cuts)})
    chunks = [(index[a:b], rows[a:b]) for a, b in itertools.pairwise(edges)]
    only = ["stage", "notes"] if some else None
    whole = _raw_frame(table, order, [(index, rows)], only)
    _assert_same_frame(_raw_frame(table, order, chunks, only), whole)
    # and what the rows hold, worked out here: rows with any value in the four columns
    kept = [i for i, row in enumerate(rows)
            if any(c < len(row) and row[c] is not None and not (isinstance(row[c], str)
                   and (not row[c] or row[c].isspace())) for _, c in order)]
    assert whole.index.tolist() == [index[i] for i in kept]


def test_a_row_met_again_after_a_chunk_is_left_out_as_in_a_whole_read(tmp_path: Path) -> None:
    """A sheet whose XML repeats an earlier row number right where a new chunk of rows
    begins: the streamed table leaves it out, as the whole-sheet grid does, so the table's
    rows stay unique and in order."""
    n = STREAM_CHUNK_ROWS + 3
    path = tmp_path / "again.xlsx"
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("Leads")
    ws.write_row(0, 0, ["Lead ID", "Company", "Stage"])
    for r in range(1, n):
        ws.write_row(r, 0, [f"L-{r}", "한빛상사", "New"])
    wb.add_worksheet("far").write_string(0, 2_499, "far")  # read by the streaming reader
    wb.close()
    with zipfile.ZipFile(path) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    again = b'<row r="3"><c r="A3" t="inlineStr"><is><t>again</t></is></c></row>'
    cut = sheet.index(b'<row r="%d"' % (STREAM_CHUNK_ROWS + 2))  # the first row of chunk 2
    parts["xl/worksheets/sheet1.xml"] = sheet[:cut] + again + sheet[cut:]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    cells = open_cells(path)
    assert cells.streaming
    grid = cells.grid("Leads")
    assert grid[2][0] == "L-2"  # the whole grid keeps the first row 3
    frame = read_workbook(path, ["leads"]).tables["leads"].frame
    assert frame.index.tolist() == list(range(1, n))
    assert frame["lead_id"].tolist() == [f"L-{r}" for r in range(1, n)]
