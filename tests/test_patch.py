"""patch_workbook changes only the cells meant to change; everything else keeps its bytes."""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import shutil
import struct
import tempfile
import zipfile
import zlib
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import python_calamine
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from salesxl.core.errors import WorkbookError, WorkbookLockedError
from salesxl.io.patch import (
    CellValue,
    NewSheet,
    SheetEdit,
    patch_workbook,
    sheet_paths,
    table_parts,
)

FIXTURES = Path(__file__).parent / "fixtures"
HEADER = ["Company", "Contact", "Amount", "Stage", "Due", "Total"]
ROWS = [
    ["한빛상사", "김민수", 1_200_000, "Lead", dt.date(2026, 1, 5)],
    ["Acme Korea", "Alex Kim", 3_000_000, "Proposal", dt.date(2026, 2, 1)],
    ["새솔테크", "이서연", 800_000, "Lead", dt.date(2026, 2, 14)],
    ["Blue Ocean", "박지훈", 1_500_000, "Won", dt.date(2026, 3, 2)],
    ["동해물산", "최유진", 700_000, "Lost", dt.date(2026, 3, 20)],
]
MODULE = 'Attribute VB_Name = "Module1"\nSub Hello()\n    MsgBox "hi"\nEnd Sub\n'


# -- helpers ------------------------------------------------------------------------------
def members(path: Path) -> dict[str, bytes]:
    """Every zip member's uncompressed bytes, in zip order."""
    with zipfile.ZipFile(path) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def changed(before: dict[str, bytes], after: dict[str, bytes]) -> set[str]:
    return {n for n in before.keys() | after.keys() if before.get(n) != after.get(n)}


def calamine_cells(path: Path, sheet: str) -> dict[tuple[int, int], object]:
    """Non-blank cells as read by python-calamine (which returns '' for blanks)."""
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    rows = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    return {(r, c): v for r, row in enumerate(rows) for c, v in enumerate(row) if v != ""}


def replace_member(path: Path, name: str, data: bytes) -> None:
    """Rewrite a zip with one member's content replaced (to craft odd workbooks)."""
    old = members(path)
    old[name] = data
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, d in old.items():
            zf.writestr(n, d)


def tiny_png() -> bytes:
    """A valid 2x2 red PNG, made without Pillow."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 2 for _ in range(2))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def rows_of(xml: bytes) -> dict[int, bytes]:
    return {int(m.group(1)): m.group(0)
            for m in re.finditer(rb'<row r="(\d+)"[^>]*>.*?</row>', xml, re.S)}


def assert_sheet_order(xml: bytes) -> None:
    """The sheet XML parses, rows ascend, and cells ascend within each row."""
    root = etree.fromstring(xml)
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    rows = [int(r.get("r")) for r in root.iterfind(".//m:row", ns)]
    assert rows == sorted(set(rows))
    for row in root.iterfind(".//m:row", ns):
        cols = [openpyxl.utils.cell.coordinate_to_tuple(c.get("r"))[1]
                for c in row.iterfind("m:c", ns)]
        assert cols == sorted(set(cols))


@pytest.fixture(scope="session")
def vba_bin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A vbaProject.bin with Module1, made by pyOpenVBA."""
    pyopenvba = pytest.importorskip("pyopenvba")
    folder = tmp_path_factory.mktemp("vba")
    book = folder / "made.xlsm"
    with pyopenvba.ExcelFile.create_new(book) as wb:
        wb.set_module("Module1", MODULE)
        wb.save()
    out = folder / "vbaProject.bin"
    with zipfile.ZipFile(book) as zf:
        out.write_bytes(zf.read("xl/vbaProject.bin"))
    return out


def build_rich(path: Path, vba_bin: Path | None = None) -> None:
    """Leads (table, validation, conditional format, comment, formulas, defined name),
    Charts (chart + image), Notes, and a VBA project."""
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Leads")
    date = wb.add_format({"num_format": "yyyy-mm-dd"})
    bold = wb.add_format({"bold": True})
    columns = [{"header": h} for h in HEADER[:5]]
    columns.append({"header": "Total", "formula": "=[@Amount]*1.1"})
    ws.add_table("A1:F6", {"name": "LeadsTable", "columns": columns})
    for r, row in enumerate(ROWS, start=1):
        for c, v in enumerate(row):
            if isinstance(v, dt.date):
                ws.write_datetime(r, c, v, date)
            else:
                ws.write(r, c, v)
    ws.data_validation("D2:D100", {"validate": "list", "source": ["Lead", "Proposal", "Won"]})
    ws.conditional_format("C2:C100", {"type": "cell", "criteria": ">", "value": 1_000_000,
                                      "format": bold})
    ws.write_comment("A2", "key account")
    ws.write_formula("H1", "=SUM(C2:C6)", None, 7_200_000)
    wb.define_name("PipelineTotal", "=Leads!$H$1")
    charts = wb.add_worksheet("Charts")
    chart = wb.add_chart({"type": "column"})
    chart.add_series({"values": "=Leads!$C$2:$C$6", "categories": "=Leads!$A$2:$A$6"})
    charts.insert_chart("B2", chart)
    charts.insert_image("J2", "logo.png", {"image_data": io.BytesIO(tiny_png())})
    wb.add_worksheet("Notes").write("A1", "a shared string")
    if vba_bin is not None:
        wb.set_vba_name("ThisWorkbook")
        ws.set_vba_name("Sheet1")
        charts.set_vba_name("Sheet2")
        wb.add_vba_project(str(vba_bin))
    wb.close()


def build_plain(path: Path, rows: int = 3, **options: object) -> None:
    wb = xlsxwriter.Workbook(str(path), options)
    ws = wb.add_worksheet("S")
    for r in range(rows):
        ws.write_row(r, 0, [f"r{r}", r, r * 1.5])
    wb.close()


# -- losslessness -------------------------------------------------------------------------
EDITS: dict[tuple[int, int], CellValue] = {
    (1, 1): "Kim & Lee <CEO>",
    (2, 1): 42,
    (3, 1): dt.date(2026, 3, 5),
    (4, 1): "=1+1",
    (5, 1): None,
    (5, 4): None,  # clears a date, keeps its format
    (2, 4): dt.date(2027, 1, 1),  # already date-formatted: style kept
    (6, 0): "새 리드",
    (6, 1): "+82 10-1234-5678",
    (6, 2): 3_500_000.5,
    (6, 4): dt.datetime(2026, 4, 1, 9, 30),
    (7, 0): "Another lead",
    (7, 3): True,
}


def test_xlsm_with_table_chart_image_vba_changes_only_sheet_styles_and_table(
    tmp_path: Path, vba_bin: Path
) -> None:
    book = tmp_path / "pipeline.xlsm"
    build_rich(book, vba_bin)
    before = members(book)
    report = patch_workbook(book, [SheetEdit("Leads", EDITS)])
    after = members(book)

    assert changed(before, after) == {
        "xl/worksheets/sheet1.xml", "xl/styles.xml", "xl/tables/table1.xml"}
    assert list(after) == list(before)  # member order kept
    with zipfile.ZipFile(book) as zf, zipfile.ZipFile(report.backup or "") as old:
        assert [i.compress_type for i in zf.infolist()] == [
            i.compress_type for i in old.infolist()]
    assert after["xl/vbaProject.bin"] == before["xl/vbaProject.bin"]
    assert report.rows_appended == 2 and report.cells_written == len(EDITS)
    assert report.tables_grown == {"LeadsTable": "A1:F8"}

    # the table part changed only in its two refs
    assert after["xl/tables/table1.xml"] == before["xl/tables/table1.xml"].replace(
        b'ref="A1:F6"', b'ref="A1:F8"')
    with zipfile.ZipFile(book) as zf:
        (table,) = table_parts(zf, "Leads")
    assert (table.ref, table.first_row, table.last_row, table.last_col) == ("A1:F8", 0, 7, 5)

    sheet = after["xl/worksheets/sheet1.xml"]
    assert_sheet_order(sheet)
    assert rows_of(sheet)[1] == rows_of(before["xl/worksheets/sheet1.xml"])[1]
    assert b'<dimension ref="A1:H8"/>' in sheet

    cells = calamine_cells(book, "Leads")
    assert cells[(1, 1)] == "Kim & Lee <CEO>"
    assert cells[(2, 1)] == 42
    assert cells[(3, 1)] == dt.date(2026, 3, 5)
    assert cells[(4, 1)] == "=1+1"
    assert (5, 1) not in cells and (5, 4) not in cells
    assert cells[(2, 4)] == dt.date(2027, 1, 1)
    assert cells[(6, 0)] == "새 리드" and cells[(6, 1)] == "+82 10-1234-5678"
    assert cells[(6, 2)] == 3_500_000.5 and cells[(6, 4)] == dt.datetime(2026, 4, 1, 9, 30)
    assert cells[(7, 3)] is True
    assert cells[(1, 0)] == "한빛상사"  # shared strings untouched and still read

    ws = openpyxl.load_workbook(book, keep_vba=True)["Leads"]
    assert ws["B5"].value == "=1+1" and ws["B5"].data_type == "s" and ws["B5"].quotePrefix
    assert ws["B7"].value == "+82 10-1234-5678" and ws["B7"].quotePrefix
    assert ws["B3"].value == 42 and not ws["B3"].quotePrefix
    assert ws["B4"].value == dt.datetime(2026, 3, 5) and ws["B4"].is_date
    assert ws["E6"].value is None and ws["E6"].number_format == "yyyy-mm-dd"
    assert ws["E7"].value == dt.datetime(2026, 4, 1, 9, 30)
    assert ws["F2"].data_type == "f"  # the table's formula column is untouched
    old_e3 = re.search(rb'<c r="E3"[^>]*>', before["xl/worksheets/sheet1.xml"])
    new_e3 = re.search(rb'<c r="E3"[^>]*>', sheet)
    assert old_e3 and new_e3 and old_e3.group(0) == new_e3.group(0)

    pyopenvba = pytest.importorskip("pyopenvba")
    with pyopenvba.ExcelFile(book) as vba:
        assert "Sub Hello()" in vba.vba_modules()["Module1"]


def test_excel_made_pivot_parts_stay_identical(tmp_path: Path) -> None:
    book = tmp_path / "pivots.xlsx"
    shutil.copyfile(FIXTURES / "excel_made_pivots.xlsx", book)
    before = members(book)
    patch_workbook(book, [SheetEdit("DataSheet", {(1, 3): 11, (1, 1): "renamed"})])
    after = members(book)
    # Excel's calcChain says there are formulas: Excel is asked to recalculate on load.
    assert changed(before, after) == {"xl/worksheets/sheet5.xml", "xl/workbook.xml"}
    pivots = [n for n in before if n.startswith(("xl/pivotTables/", "xl/pivotCache/"))]
    assert len(pivots) == 16 and all(after[n] == before[n] for n in pivots)
    old_wb, new_wb = etree.fromstring(before["xl/workbook.xml"]), etree.fromstring(
        after["xl/workbook.xml"])
    assert new_wb.find("{*}calcPr").attrib.pop("fullCalcOnLoad") == "1"
    assert etree.tostring(new_wb, method="c14n") == etree.tostring(old_wb, method="c14n")
    old_rows, new_rows = (rows_of(x["xl/worksheets/sheet5.xml"]) for x in (before, after))
    assert {r for r in old_rows if old_rows[r] != new_rows[r]} == {2}
    assert b'x14ac:dyDescent="0.2"' in new_rows[2]
    cells = calamine_cells(book, "DataSheet")
    assert cells[(1, 1)] == "renamed" and cells[(1, 3)] == 11 and cells[(2, 1)] == "b"


def test_overwriting_first_cell_of_shared_formula_moves_it_and_drops_calc_chain(
    tmp_path: Path,
) -> None:
    book = tmp_path / "pivots.xlsx"
    shutil.copyfile(FIXTURES / "excel_made_pivots.xlsx", book)
    before = members(book)
    report = patch_workbook(book, [SheetEdit("DataSheet", {(2, 6): 99})])
    after = members(book)
    assert report.parts_removed == ["xl/calcChain.xml"]
    assert b"calcChain" not in after["xl/_rels/workbook.xml.rels"]
    assert b"calcChain" not in after["[Content_Types].xml"]
    assert changed(before, after) == {
        "xl/worksheets/sheet5.xml", "xl/workbook.xml", "xl/calcChain.xml",
        "xl/_rels/workbook.xml.rels", "[Content_Types].xml"}
    rows = rows_of(after["xl/worksheets/sheet5.xml"])
    assert b'<c r="G3"><v>99</v></c>' in rows[3]
    assert b'<f t="shared" ref="G4:G11" si="0">D4/E4</f>' in rows[4]
    assert rows[5] == rows_of(before["xl/worksheets/sheet5.xml"])[5]
    assert calamine_cells(book, "DataSheet")[(2, 6)] == 99


def test_untouched_rows_and_cells_keep_their_bytes(tmp_path: Path) -> None:
    book = tmp_path / "big.xlsx"
    build_plain(book, rows=50)
    old = members(book)["xl/worksheets/sheet1.xml"]
    patch_workbook(book, [SheetEdit("S", {(20, 1): 7, (20, 5): "far right", (60, 0): "end"})])
    new = members(book)["xl/worksheets/sheet1.xml"]
    old_rows, new_rows = rows_of(old), rows_of(new)
    assert {r for r in new_rows if old_rows.get(r) != new_rows[r]} == {21, 61}
    assert new_rows[21].startswith(b'<row r="21" spans="1:6">')
    a21 = old_rows[21].split(b">", 1)[1].split(b'<c r="B21"')[0]  # cell A21, byte for byte
    assert a21 == new_rows[21].split(b">", 1)[1].split(b'<c r="B21"')[0]
    assert b'<c r="C21"><v>30</v></c><c r="F21" t="inlineStr">' in new_rows[21]
    assert b'<dimension ref="A1:F61"/>' in new
    assert_sheet_order(new)


def test_rows_inserted_in_gaps_and_cells_before_existing_ones(tmp_path: Path) -> None:
    book = tmp_path / "gaps.xlsx"
    wb = xlsxwriter.Workbook(str(book))
    ws = wb.add_worksheet("S")
    ws.write("C2", "c2")
    ws.write("C9", "c9")
    wb.close()
    patch_workbook(book, [SheetEdit("S", {(0, 0): "a1", (4, 1): "b5", (1, 0): "a2",
                                          (1, 3): "d2", (8, 2): None, (11, 0): "a12"})])
    sheet = members(book)["xl/worksheets/sheet1.xml"]
    assert_sheet_order(sheet)
    assert list(rows_of(sheet)) == [1, 2, 5, 9, 12]
    assert calamine_cells(book, "S") == {
        (0, 0): "a1", (1, 0): "a2", (1, 2): "c2", (1, 3): "d2", (4, 1): "b5", (11, 0): "a12"}


# -- value encoding ---------------------------------------------------------------------
def test_control_characters_use_excels_escape(tmp_path: Path) -> None:
    book = tmp_path / "esc.xlsx"
    build_plain(book)
    values = ["a\rb", "c\x01d", "literal _x0041_ stays", "tab\there", "  two spaces ", "줄\n바꿈"]
    patch_workbook(book, [SheetEdit("S", {(r, 5): v for r, v in enumerate(values)})])
    sheet = members(book)["xl/worksheets/sheet1.xml"]
    assert b"a_x000D_b" in sheet and b"c_x0001_d" in sheet and b"_x005F_x0041_" in sheet
    etree.fromstring(sheet)
    cells = calamine_cells(book, "S")
    assert [cells[(r, 5)] for r in range(len(values))] == values


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (object(), "use str, int, float"),
        (math.nan, "NaN"),
        (dt.datetime(2026, 1, 1, tzinfo=dt.UTC), "time zone"),
        (dt.date(1899, 12, 1), "before 1900-01-01"),
    ],
)
def test_values_excel_cannot_store_are_refused_and_file_untouched(
    tmp_path: Path, value: object, message: str
) -> None:
    book = tmp_path / "bad.xlsx"
    build_plain(book)
    original = book.read_bytes()
    with pytest.raises(WorkbookError, match=message) as err:
        patch_workbook(book, [SheetEdit("S", {(0, 0): "fine", (4, 2): value})])  # type: ignore[dict-item]
    assert "bad.xlsx" in str(err.value) and "S!C5" in str(err.value)
    assert book.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.xlsx"]


def test_decimal_amounts_and_nothing_to_do(tmp_path: Path) -> None:
    book = tmp_path / "amounts.xlsx"
    build_plain(book)
    original = book.read_bytes()
    report = patch_workbook(book, [])
    assert report.parts_changed == [] and book.read_bytes() == original
    patch_workbook(book, [SheetEdit("S", {(0, 3): Decimal("1234.50"), (1, 3): Decimal("7")})])
    assert b'<c r="D1"><v>1234.5</v></c><' in members(book)["xl/worksheets/sheet1.xml"]
    cells = calamine_cells(book, "S")
    assert (cells[(0, 3)], cells[(1, 3)]) == (1234.5, 7)


def test_date1904_workbook_gets_1904_serials(tmp_path: Path) -> None:
    book = tmp_path / "mac.xlsx"
    build_plain(book, date_1904=True)
    patch_workbook(book, [SheetEdit("S", {(0, 4): dt.date(2026, 3, 5)})])
    assert b"<v>44624</v>" in members(book)["xl/worksheets/sheet1.xml"]
    assert calamine_cells(book, "S")[(0, 4)] == dt.date(2026, 3, 5)


def test_sheet_with_prefixed_namespace_and_no_r_attributes(tmp_path: Path) -> None:
    book = tmp_path / "prefixed.xlsx"
    build_plain(book)
    xml = (b'<?xml version="1.0" encoding="UTF-8"?>\n<x:worksheet xmlns:x="http://schemas.'
           b'openxmlformats.org/spreadsheetml/2006/main"><x:dimension ref="A1:B2"/><x:sheetData>'
           b'<x:row><x:c><x:v>1</x:v></x:c><x:c><x:v>2</x:v></x:c></x:row>'
           b'<x:row><x:c t="inlineStr"><x:is><x:t>x</x:t></x:is></x:c></x:row>'
           b"</x:sheetData></x:worksheet>")
    replace_member(book, "xl/worksheets/sheet1.xml", xml)
    patch_workbook(book, [SheetEdit("S", {(0, 1): "B1", (1, 2): 3, (3, 0): "A4"})])
    sheet = members(book)["xl/worksheets/sheet1.xml"]
    assert b'<x:c r="B1" t="inlineStr"><x:is><x:t>B1</x:t></x:is></x:c>' in sheet
    assert b'<x:row r="4"><x:c r="A4"' in sheet
    assert calamine_cells(book, "S") == {(0, 0): 1, (0, 1): "B1", (1, 0): "x", (1, 2): 3,
                                         (3, 0): "A4"}


def test_comment_between_rows_is_refused_not_misread(tmp_path: Path) -> None:
    book = tmp_path / "commented.xlsx"
    build_plain(book)
    xml = members(book)["xl/worksheets/sheet1.xml"].replace(
        b'<row r="2"', b'<!-- </row> hidden --><row r="2"')
    replace_member(book, "xl/worksheets/sheet1.xml", xml)
    original = book.read_bytes()
    with pytest.raises(WorkbookError, match="comments or CDATA between its rows"):
        patch_workbook(book, [SheetEdit("S", {(2, 0): "x"})])
    assert book.read_bytes() == original


# -- workbook-level rules ----------------------------------------------------------------
def test_unknown_sheet_names_the_file_and_the_sheets(tmp_path: Path) -> None:
    book = tmp_path / "pipeline.xlsx"
    build_rich(book)
    with pytest.raises(WorkbookError) as err:
        patch_workbook(book, [SheetEdit("leads", {(0, 0): 1})])
    text = str(err.value)
    assert "pipeline.xlsx" in text and "'leads'" in text and "'Leads', 'Charts', 'Notes'" in text
    assert "did you mean 'Leads'" in text


def test_table_header_cannot_be_renamed_by_a_cell_edit(tmp_path: Path) -> None:
    book = tmp_path / "pipeline.xlsx"
    build_rich(book)
    original = book.read_bytes()
    with pytest.raises(WorkbookError, match="header of column 'Stage' of table 'LeadsTable'"):
        patch_workbook(book, [SheetEdit("Leads", {(0, 3): "Status"})])
    assert book.read_bytes() == original
    patch_workbook(book, [SheetEdit("Leads", {(0, 3): "Stage", (0, 7): "not in the table"})])


def test_full_calc_on_load_is_set_only_when_formulas_exist(tmp_path: Path) -> None:
    with_f, without_f = tmp_path / "f.xlsx", tmp_path / "plain.xlsx"
    build_rich(with_f)
    build_plain(without_f)
    for book in (with_f, without_f):
        wb_xml = members(book)["xl/workbook.xml"].replace(b' fullCalcOnLoad="1"', b"")
        replace_member(book, "xl/workbook.xml", wb_xml)
    before_plain = members(without_f)
    patch_workbook(with_f, [SheetEdit("Notes", {(3, 3): 5})])
    patch_workbook(without_f, [SheetEdit("S", {(3, 3): 5})])
    assert b'fullCalcOnLoad="1"' in members(with_f)["xl/workbook.xml"]
    assert changed(before_plain, members(without_f)) == {"xl/worksheets/sheet1.xml"}


def test_new_sheet_and_replacing_one(tmp_path: Path) -> None:
    book = tmp_path / "pipeline.xlsx"
    build_rich(book)
    before = members(book)
    rows: list[list[CellValue]] = [["Stage", "Count", "Since"],
                                   ["Lead", 2, dt.date(2026, 1, 5)],
                                   ["=cmd|' /C calc'!A0", 1, None]]
    report = patch_workbook(book, [], [NewSheet("Summary", rows),
                                       NewSheet("Notes", [["replaced"]], header=False,
                                                replace=True)])
    after = members(book)
    with zipfile.ZipFile(book) as zf:
        paths = sheet_paths(zf)
    assert list(paths) == ["Leads", "Charts", "Notes", "Summary"]
    new_part = paths["Summary"]
    assert new_part not in before and report.parts_changed[-1] == new_part
    assert changed(before, after) == {
        new_part, paths["Notes"], "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
        "[Content_Types].xml", "xl/styles.xml"}
    assert calamine_cells(book, "Summary") == {
        (0, 0): "Stage", (0, 1): "Count", (0, 2): "Since", (1, 0): "Lead", (1, 1): 2,
        (1, 2): dt.date(2026, 1, 5), (2, 0): "=cmd|' /C calc'!A0", (2, 1): 1}
    assert calamine_cells(book, "Notes") == {(0, 0): "replaced"}
    ws = openpyxl.load_workbook(book)["Summary"]
    assert ws["A1"].font.b and ws.freeze_panes == "A2" and ws["A3"].quotePrefix
    assert ws["A3"].data_type == "s"
    with pytest.raises(WorkbookError, match="already used"):
        patch_workbook(book, [], [NewSheet("summary", [["x"]])])
    with pytest.raises(WorkbookError, match="does not allow"):
        patch_workbook(book, [], [NewSheet("Q1/Q2", [["x"]])])


# -- atomic save -------------------------------------------------------------------------
def test_backup_keeps_the_previous_version(tmp_path: Path) -> None:
    book = tmp_path / "pipeline.xlsx"
    build_plain(book)
    v1 = book.read_bytes()
    report = patch_workbook(book, [SheetEdit("S", {(0, 0): "v2"})])
    assert report.backup == tmp_path / ".salesxl-backup" / "pipeline.xlsx"
    assert report.backup.read_bytes() == v1
    v2 = book.read_bytes()
    patch_workbook(book, [SheetEdit("S", {(0, 0): "v3"})])
    assert report.backup.read_bytes() == v2
    assert sorted(p.name for p in tmp_path.iterdir()) == [".salesxl-backup", "pipeline.xlsx"]
    out = tmp_path / "copy.xlsx"
    report = patch_workbook(book, [SheetEdit("S", {(0, 0): "v4"})], out=out, backup=False)
    assert report.backup is None and calamine_cells(out, "S")[(0, 0)] == "v4"
    assert calamine_cells(book, "S")[(0, 0)] == "v3"


def test_failure_while_writing_leaves_original_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = tmp_path / "pipeline.xlsx"
    build_plain(book)
    original = book.read_bytes()

    def broken(zin: zipfile.ZipFile, dest: io.BufferedWriter, *args: object, **kw: object) -> None:
        dest.write(b"PK half a zip")
        raise OSError("disk full")

    monkeypatch.setattr("salesxl.io.patch.write_zip", broken)
    with pytest.raises(OSError, match="disk full"):
        patch_workbook(book, [SheetEdit("S", {(0, 0): "x"})])
    assert book.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipeline.xlsx"]


@pytest.mark.parametrize("lock_name", ["~$pipeline.xlsx", "~$ipeline.xlsx", "~$peline.xlsx"])
def test_lock_file_means_open_in_excel(tmp_path: Path, lock_name: str) -> None:
    book = tmp_path / "pipeline.xlsx"
    build_plain(book)
    original = book.read_bytes()
    (tmp_path / lock_name).write_bytes(b"owner")
    with pytest.raises(WorkbookLockedError) as err:
        patch_workbook(book, [SheetEdit("S", {(0, 0): "x"})])
    assert f"pipeline.xlsx is open in Excel (lock file {lock_name})" in str(err.value)
    assert "close it in Excel" in str(err.value)
    assert book.read_bytes() == original


# -- property: whatever is written reads back ----------------------------------------------
@pytest.fixture(scope="module")
def base_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("base") / "base.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("S")
    bold = wb.add_format({"bold": True, "bg_color": "#FFFF00"})
    for r in (0, 1, 2, 3, 8, 9):
        for c in range(5):
            if (r + c) % 4:
                ws.write(r, c, f"t{r}{c}" if c % 2 else r * 10 + c, bold if r == 0 else None)
    wb.close()
    return path


def base_cells() -> dict[tuple[int, int], object]:
    return {(r, c): (f"t{r}{c}" if c % 2 else r * 10 + c)
            for r in (0, 1, 2, 3, 8, 9) for c in range(5) if (r + c) % 4}


TEXT = st.lists(
    st.one_of(
        st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3),  # Hangul syllables
        st.characters(categories=("L", "N", "P", "S", "Zs")),
        st.sampled_from(["\n", " ", "_x0041_", "\r\n", "\x01"]),
    ),
    max_size=12,
).map("".join)
VALUES = st.one_of(
    TEXT,
    st.builds(lambda p, t: p + t, st.sampled_from(["=", "+", "-", "@"]), TEXT),
    st.integers(-(2**53), 2**53),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(min_value=dt.date(1900, 3, 1)),
    st.datetimes(min_value=dt.datetime(1900, 3, 1)).map(lambda d: d.replace(microsecond=0)),
    st.booleans(),
    st.none(),
)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(grid=st.dictionaries(st.tuples(st.integers(0, 12), st.integers(0, 7)), VALUES,
                            max_size=30))
def test_random_grids_read_back_equal(base_book: Path, grid: dict) -> None:
    with tempfile.TemporaryDirectory() as folder:
        book = Path(folder) / "p.xlsx"
        shutil.copyfile(base_book, book)
        patch_workbook(book, [SheetEdit("S", grid)], backup=False)
        expected = base_cells()
        for key, value in grid.items():
            if value is None or value == "":
                expected.pop(key, None)
            elif isinstance(value, dt.datetime) and value.time() == dt.time():
                expected[key] = value.date()  # calamine's reading of a midnight datetime
            else:
                expected[key] = value
        got = calamine_cells(book, "S")
        assert got == expected
        assert_sheet_order(members(book)["xl/worksheets/sheet1.xml"])


# -- new cells slotted into existing rows by the fast path ---------------------------------
def _cells_of(row_xml: bytes) -> list[bytes]:
    return re.findall(rb"<c [^>]*?(?:/>|>.*?</c>)", row_xml, re.S)


def _start_tag(row_xml: bytes) -> bytes:
    m = re.match(rb"<row [^>]*>", row_xml)
    assert m is not None
    return m.group(0)


def _ref(cell_xml: bytes) -> str:
    m = re.match(rb'<c r="([A-Z]+\d+)"', cell_xml)
    assert m is not None
    return m.group(1).decode()


def _no_slow_path(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> bytes:
        raise AssertionError("row went to _slow")

    monkeypatch.setattr("salesxl.io.parts.sheetxml._RowEditor._slow", refuse)


def test_fast_path_inserts_new_cells_at_start_middle_and_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = tmp_path / "sparse.xlsx"
    wb = xlsxwriter.Workbook(str(book))
    ws = wb.add_worksheet("S")
    grey = wb.add_format({"bg_color": "#DDDDDD"})
    ws.set_column("H:H", 12, wb.add_format({"italic": True}))
    for r in range(6):
        for c in (1, 3, 5, 25, 27):  # B D F Z AB
            ws.write(r, c, f"{r}{c}" if c % 2 else r * 100 + c)
    ws.set_row(4, None, grey)  # row 5 has its own format (customFormat)
    wb.close()
    old = members(book)["xl/worksheets/sheet1.xml"]
    edits: dict[tuple[int, int], CellValue] = {
        (0, 0): "start",  # A1 before B1
        (1, 2): 2, (1, 4): "=SUM(A1)",  # C2, E2 between existing cells
        (2, 28): dt.date(2026, 3, 5), (2, 30): 3.5,  # AC3, AE3 after AB3
        (3, 26): "between Z and AB",  # AA4: two letters, Z < AA < AB
        (4, 0): "row style", (4, 7): "col H",  # row 5: customFormat row style wins
        (5, 3): "replaced", (5, 2): "new", (5, 7): "col H", (5, 6): None,  # replace + insert
    }
    _no_slow_path(monkeypatch)
    report = patch_workbook(book, [SheetEdit("S", edits)])
    assert report.cells_written == len(edits) - 1  # G6 = None: nothing to clear
    new = members(book)["xl/worksheets/sheet1.xml"]
    assert_sheet_order(new)
    old_rows, new_rows = rows_of(old), rows_of(new)
    assert old_rows[1].startswith(b'<row r="1" spans="2:28">')
    # every existing cell keeps its bytes and its place; only spans changed in the tag
    new_refs = {openpyxl.utils.cell.get_column_letter(c + 1) + str(r + 1)
                for (r, c), v in edits.items() if v is not None}
    for r in range(1, 7):
        kept = [c for c in _cells_of(new_rows[r]) if _ref(c) not in new_refs]
        expected = _cells_of(old_rows[r])
        if r == 6:
            d6 = next(c for c in expected if c.startswith(b'<c r="D6"'))
            expected.remove(d6)
        assert kept == expected
    # spans grows only where a new cell falls outside it; other start tags keep their bytes
    tags = {r: _start_tag(new_rows[r]) for r in range(1, 7)}
    assert tags[1] == b'<row r="1" spans="1:28">' and tags[3] == b'<row r="3" spans="2:31">'
    for r in (2, 4, 6):
        assert tags[r] == _start_tag(old_rows[r])
    assert tags[5] == _start_tag(old_rows[5]).replace(
        b'spans="2:28"', b'spans="1:28"')
    assert b'customFormat="1"' in tags[5]

    cells = calamine_cells(book, "S")
    assert cells[(0, 0)] == "start" and cells[(1, 2)] == 2 and cells[(1, 4)] == "=SUM(A1)"
    assert cells[(2, 28)] == dt.date(2026, 3, 5) and cells[(2, 30)] == 3.5
    assert cells[(3, 26)] == "between Z and AB" and cells[(3, 25)] == "325"
    assert cells[(5, 3)] == "replaced" and cells[(5, 2)] == "new" and (5, 6) not in cells
    assert cells[(1, 1)] == "11" and cells[(2, 27)] == "227"
    ws2 = openpyxl.load_workbook(book)["S"]
    assert ws2["E2"].quotePrefix and ws2["E2"].data_type == "s"
    assert ws2["AC3"].is_date and ws2["AC3"].value == dt.datetime(2026, 3, 5)
    assert ws2["A5"].fill.fgColor.rgb == "FFDDDDDD" and ws2["H5"].fill.fgColor.rgb == "FFDDDDDD"
    assert ws2["H6"].font.i and not ws2["C6"].font.i  # <col> style for column H
    assert ws2["A1"].value == "start" and ws2["AA4"].value == "between Z and AB"


def test_rows_the_fast_path_cannot_read_go_to_the_slow_path(tmp_path: Path) -> None:
    """A cell written r='C1', or with s before r, is found by _slow: never a duplicate."""
    book = tmp_path / "odd.xlsx"
    build_plain(book)
    xml = members(book)["xl/worksheets/sheet1.xml"]
    xml = xml.replace(b'<c r="C1">', b"<c r='C1'>").replace(b'<c r="C2"', b'<c s="0" r="C2"')
    replace_member(book, "xl/worksheets/sheet1.xml", xml)
    patch_workbook(book, [SheetEdit("S", {(0, 2): 9, (0, 3): "d1", (1, 2): 8, (1, 0): "a"})])
    sheet = members(book)["xl/worksheets/sheet1.xml"]
    assert_sheet_order(sheet)
    assert calamine_cells(book, "S") == {
        (0, 0): "r0", (0, 1): 0, (0, 2): 9, (0, 3): "d1", (1, 0): "a", (1, 1): 1, (1, 2): 8,
        (2, 0): "r2", (2, 1): 2, (2, 2): 3}


_MAIN = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
_COLS = [0, 1, 2, 3, 25, 26, 27, 51, 52, 701, 702, 16383]  # A B C D Z AA AB AZ BA ZZ AAA XFD


@settings(max_examples=150, deadline=None)
@given(
    layout=st.lists(
        st.tuples(st.sets(st.sampled_from(_COLS), max_size=7), st.booleans(), st.booleans()),
        min_size=1, max_size=4),
    edits=st.dictionaries(
        st.tuples(st.integers(0, 3), st.sampled_from(_COLS)),
        st.one_of(st.integers(-9, 9), st.text("ab <&>", max_size=4), st.none()),
        max_size=10),
)
def test_fast_inserts_match_the_slow_path_byte_for_byte(
    layout: list[tuple[set[int], bool, bool]], edits: dict[tuple[int, int], CellValue]
) -> None:
    """Random sparse rows (with or without spans and a row format): the fast path writes the
    very bytes the cell-by-cell path writes, keeps every untouched cell, and sorts cells."""
    from salesxl.core.cells import to_a1
    from salesxl.io.parts import sheetxml
    from salesxl.io.parts.cellxml import CellEncoder

    rows = []
    for r, (cols, spans, styled) in enumerate(layout):
        attrs = f' r="{r + 1}"'
        if spans and cols:
            attrs += f' spans="{min(cols) + 1}:{max(cols) + 1}"'
        if styled:
            attrs += ' s="3" customFormat="1"'
        cells = "".join(f'<c r="{to_a1(r, c)}" s="1"><v>{c}</v></c>' for c in sorted(cols))
        rows.append(f"<row{attrs}>{cells}</row>".encode())
    xml = _MAIN + b"<sheetData>" + b"".join(rows) + b"</sheetData></worksheet>"
    grid: dict[int, dict[int, CellValue]] = {}
    for (r, c), v in edits.items():
        grid.setdefault(r, {})[c] = v

    def run(slow: bool) -> bytes:
        enc = CellEncoder(None, where="t", sheet="S")
        dst = io.BytesIO()
        ed_cls = sheetxml._RowEditor
        fast = ed_cls._fast
        try:
            if slow:
                ed_cls._fast = lambda *a: None  # type: ignore[method-assign]
            sheetxml.rewrite_sheet(io.BytesIO(xml), dst, enc, grid, where="t")
        finally:
            ed_cls._fast = fast  # type: ignore[method-assign]
        return dst.getvalue()

    got = run(slow=False)
    assert got == run(slow=True)
    assert_sheet_order(got)
    new_rows = rows_of(got)
    for r, (cols, _spans, _styled) in enumerate(layout):
        for c in cols:
            if (r, c) not in edits:
                assert f'<c r="{to_a1(r, c)}" s="1"><v>{c}</v></c>'.encode() in new_rows[r + 1]


def test_cell_encoder_writes_a_repeated_text_the_same_way_every_time() -> None:
    """Result columns repeat a few words over every row: the second, third... cell holding a
    text is the same XML as the first, a formula-like text keeps its quote prefix every time,
    and a sheet with a namespace prefix gets its own element names."""
    from salesxl.io.parts.cellxml import CellEncoder
    from salesxl.io.parts.styles import MINIMAL_STYLES, StyleBook

    enc = CellEncoder(StyleBook(MINIMAL_STYLES, "t"), where="t", sheet="S")
    first = [enc.cell(b"A%d" % r, text, 0, b"")
             for r, text in enumerate(["적격", " padded", "=1+1", "a&b"], 1)]
    again = [enc.cell(b"A%d" % r, text, 0, b"")
             for r, text in enumerate(["적격", " padded", "=1+1", "a&b"], 1)]
    assert first == again == [
        '<c r="A1" t="inlineStr"><is><t>적격</t></is></c>'.encode(),
        b'<c r="A2" t="inlineStr"><is><t xml:space="preserve"> padded</t></is></c>',
        b'<c r="A3" s="1" t="inlineStr"><is><t>=1+1</t></is></c>',
        b'<c r="A4" t="inlineStr"><is><t>a&amp;b</t></is></c>',
    ]
    enc.set_prefix(b"x:")
    assert enc.cell(b"B1", "적격", 0, b"") == \
        '<x:c r="B1" t="inlineStr"><x:is><x:t>적격</x:t></x:is></x:c>'.encode()
