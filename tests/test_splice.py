"""Cells spliced into an XlsxWriter sheet read back exactly as the cells XlsxWriter writes.

The same table is written twice: every cell through XlsxWriter's own ``write_*`` calls, and
the data cells through `LooseCells` and `splice`. openpyxl (a reader that shares no code with
either) must then see the same values, number formats, fonts, borders, fills, quote prefixes,
hyperlinks and extent in both files."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlsxwriter

from salesxl.io.parts.splice import LooseCells, splice

LEADS_LINK = "'리드'!A{}"
TIP = "리드 행 열기"

ROWS: list[list[Any]] = [
    ["L-1", "(주)한빛 & <파트너스>", 1_500_000.0, dt.date(2026, 3, 2), None, "=SUM(A1)"],
    ["L-2", "  앞뒤 공백  ", 0.1 + 0.2, dt.datetime(2026, 3, 2, 14, 30), 3.0, "x\x01y _x0041_"],
    ["L-3", "줄\n바꿈", -42.0, dt.date(1899, 12, 1), None, ""],
]


def _formats(wb: Any) -> dict[str, Any]:
    return {
        "link": wb.add_format({"font_color": "#0563C1", "underline": 1, "bottom": 1}),
        "text": wb.add_format({"bottom": 1, "bottom_color": "#D9D9D9"}),
        "amount": wb.add_format({"num_format": "#,##0", "bg_color": "#DDEBF7", "bold": True}),
        "date": wb.add_format({"num_format": "yyyy-mm-dd", "align": "left"}),
        "quoted": wb.add_format({"quote_prefix": True}),
        "head": wb.add_format({"bold": True, "font_color": "#FFFFFF", "bg_color": "#1F4E78"}),
    }


def _cells(fmt: dict[str, Any]) -> list[tuple[int, int, Any, Any, str | None]]:
    """(row, col, value, format, link row) for every data cell, as a report writes them."""
    out = []
    for i, (lead, company, amount, day, blank, formulaish) in enumerate(ROWS, start=2):
        out += [(i, 0, lead, fmt["link"], LEADS_LINK.format(i + 10)),
                (i, 1, company, fmt["text"], None),
                (i, 2, amount, fmt["amount"], None),
                (i, 3, day, fmt["date"], None),
                (i, 4, blank, fmt["amount"], None)]
        if formulaish:
            out.append((i, 5, formulaish, fmt["quoted"] if formulaish.startswith("=")
                        else fmt["text"], None))
    return out


def _book(loose: bool) -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False,
                                   "strings_to_urls": False, "strings_to_numbers": False})
    ws = wb.add_worksheet("정체 거래")
    fmt = _formats(wb)
    ws.write_string(0, 0, "정체 거래", fmt["head"])
    ws.write_string(2, 7, "옆 표", fmt["head"])  # XlsxWriter's own cell in a data row
    ws.set_row(3, 30)
    ws.autofilter(1, 0, 4, 5)
    cells = LooseCells()
    for r, c, v, f, link in _cells(fmt):
        if loose:
            cells.put(r, c, v, f, link=(link, TIP) if link else None)
        elif link:
            ws.write_url(r, c, f"internal:{link}", f, string=v, tip=TIP)
        elif v is None:
            ws.write_blank(r, c, None, f)
        elif isinstance(v, str):
            ws.write_string(r, c, v, f)
        elif isinstance(v, dt.date):
            if v.year < 1900:  # XlsxWriter has no such date: splice writes text
                ws.write_string(r, c, v.isoformat(), f)
            else:
                ws.write_datetime(r, c, v if isinstance(v, dt.datetime) else
                                  dt.datetime(v.year, v.month, v.day), f)
        else:
            ws.write_number(r, c, v, f)
    if loose:
        cells.probe(wb)
    wb.close()
    return splice(buf.getvalue(), cells) if loose else buf.getvalue()


_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _as_excel_reads(value: Any) -> Any:
    """Text as Excel reads it: ``_xHHHH_`` is the character HHHH (openpyxl keeps it raw)."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value) if isinstance(value, str) \
        else value


def _seen(data: bytes, tmp: Path, name: str) -> tuple[dict[str, Any], str]:
    path = tmp / name
    path.write_bytes(data)
    ws = openpyxl.load_workbook(path)["정체 거래"]
    out = {}
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is None and not cell.has_style:
                continue
            link = cell.hyperlink
            out[cell.coordinate] = (
                _as_excel_reads(cell.value), cell.number_format, cell.font.b, cell.font.u,
                cell.font.color.rgb if cell.font.color is not None else None,
                cell.border.bottom.style, cell.fill.fgColor.rgb, cell.quotePrefix,
                cell.alignment.horizontal,
                (link.location, link.tooltip, link.display) if link else None)
    return out, ws.dimensions


def test_spliced_cells_read_back_as_xlsxwriters_own(tmp_path: Path) -> None:
    plain, plain_dims = _seen(_book(loose=False), tmp_path, "plain.xlsx")
    spliced, spliced_dims = _seen(_book(loose=True), tmp_path, "spliced.xlsx")
    assert spliced.keys() == plain.keys()
    for ref in plain:
        assert spliced[ref][1:] == plain[ref][1:], ref  # formats, links
        if ref == "F4":  # XlsxWriter leaves a literal "_x0041_" unescaped: Excel reads "A"
            assert plain[ref][0] == "x\x01y A"
        elif isinstance(plain[ref][0], float):  # XlsxWriter rounds to 16 digits
            assert spliced[ref][0] == pytest.approx(plain[ref][0], rel=1e-15), ref
        else:
            assert spliced[ref][0] == plain[ref][0], ref
    assert spliced_dims == plain_dims == "A1:H5"
    # the values themselves, worked out by hand
    assert spliced["A3"][0] == "L-1" and spliced["A3"][9] == ("'리드'!A12", TIP, "L-1")
    assert spliced["B4"][0] == "  앞뒤 공백  "
    assert spliced["B5"][0] == "줄\n바꿈"
    assert spliced["C4"][0] == 0.1 + 0.2  # every digit kept
    assert spliced["D4"][0] == dt.datetime(2026, 3, 2, 14, 30)
    assert spliced["D5"][0] == "1899-12-01"
    assert spliced["F3"][0] == "=SUM(A1)" and spliced["F3"][7] is True
    assert spliced["F4"][0] == "x\x01y _x0041_"
    assert spliced["H3"][0] == "옆 표"


def test_links_past_the_sheet_limit_are_written_as_text(tmp_path: Path) -> None:
    cells = LooseCells(max_links=2)
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet("목록")
    link = wb.add_format({"underline": 1})
    made = [cells.put(i, 0, f"L-{i}", link, link=(f"'리드'!A{i + 2}", TIP)) for i in range(4)]
    ws.write_string(5, 0, "끝")
    cells.probe(wb)
    wb.close()
    assert made == [True, True, False, False]
    path = tmp_path / "links.xlsx"
    path.write_bytes(splice(buf.getvalue(), cells))
    sheet = openpyxl.load_workbook(path)["목록"]
    assert [sheet.cell(i + 1, 1).value for i in range(4)] == ["L-0", "L-1", "L-2", "L-3"]
    assert [bool(sheet.cell(i + 1, 1).hyperlink) for i in range(4)] == [True, True, False,
                                                                          False]
    with zipfile.ZipFile(path) as zf:
        assert zf.testzip() is None


def test_a_cell_put_twice_is_written_once_with_its_last_value(tmp_path: Path) -> None:
    cells = LooseCells()
    assert not cells and len(cells) == 0
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    wb.add_worksheet("목록")
    plain = wb.add_format({})
    bold = wb.add_format({"bold": True})
    cells.put(3, 2, "처음", plain, link=("'리드'!A2", TIP))
    cells.put(1, 4, 7.5, plain)
    cells.put(3, 2, "나중", bold)  # the same cell again: this one is written, without a link
    cells.put(3, 0, "왼쪽", plain)
    assert cells and len(cells) == 3
    cells.probe(wb)
    wb.close()
    path = tmp_path / "twice.xlsx"
    path.write_bytes(splice(buf.getvalue(), cells))
    sheet = openpyxl.load_workbook(path)["목록"]
    assert sheet["C4"].value == "나중" and sheet["C4"].font.b and not sheet["C4"].hyperlink
    assert sheet["A4"].value == "왼쪽" and sheet["E2"].value == 7.5
    assert sheet.dimensions == "A2:E4"
    with zipfile.ZipFile(path) as zf:
        row = zf.read("xl/worksheets/sheet1.xml").split(b'<row r="4"')[1].split(b"</row>")[0]
    assert row.count(b"<c ") == 2 and row.index(b'r="A4"') < row.index(b'r="C4"')
