"""The graft's fast byte rewrite of a scratch sheet gives the same XML as the tree walk.

Two independent implementations of one rewrite (formats mapped onto the target's styles,
shared strings made inline, the tab selection set) are run on the same XlsxWriter scratch
sheet holding every kind of cell the Summary writes; their canonical XML must be equal."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
import xlsxwriter
from lxml import etree

from salesxl.io.addsheet import _Graft, _rewrite_cells
from salesxl.io.parts.stylecopy import StyleImporter


def _target(path: Path) -> Path:
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("리드")
    ws.write_string(0, 0, "회사", wb.add_format({"bold": True, "font_color": "#123456"}))
    wb.close()
    return path


def _scratch() -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet("요약")
    bold = wb.add_format({"bold": True})
    money = wb.add_format({"num_format": "#,##0", "bg_color": "#FFEEDD"})
    day = wb.add_format({"num_format": "yyyy-mm-dd"})
    ws.set_column(0, 0, 20, bold)
    ws.set_row(3, 30, money)
    ws.write_string(0, 0, "파이프라인 & <합계>", bold)
    ws.write_string(0, 1, "  앞뒤 공백  ")
    ws.write_string(0, 2, "파이프라인 & <합계>", money)  # a repeated shared string
    ws.write_rich_string(1, 0, "굵게 ", bold, "보통")
    ws.write_number(1, 1, 1234567.5, money)
    ws.write_number(1, 2, 42)
    ws.write_datetime(1, 3, dt.datetime(2026, 3, 2), day)
    ws.write_blank(2, 0, None, money)
    ws.write_formula(2, 1, "=SUM(B2:C2)", money, 1234609.5)
    ws.write_boolean(2, 2, True)
    ws.write_url(2, 3, "internal:'리드'!A2", string="L-1")
    ws.write_string(3, 0, "=HYPERLINK(\"x\")", wb.add_format({"quote_prefix": True}))
    wb.close()
    return buf.getvalue()


def _canon(xml: bytes) -> bytes:
    return etree.tostring(etree.fromstring(xml), method="c14n")


@pytest.mark.parametrize("selected", [True, False])
def test_the_byte_rewrite_and_the_tree_walk_agree(tmp_path: Path, selected: bool) -> None:
    target = _target(tmp_path / "team.xlsx")
    scratch = _scratch()
    outputs = []
    styles = []
    for fast in (True, False):
        with zipfile.ZipFile(target) as zf:
            job = _Graft(zf, zipfile.ZipFile(io.BytesIO(scratch)), target)
            member = job._scratch_sheet()
            if fast:
                xml = job._sheet_xml(member, selected)
            else:
                importer = StyleImporter(job.styles, job.scratch.read("xl/styles.xml"), "s")
                xml = job._sheet_xml_tree(job.scratch.read(member), member, importer, selected)
            outputs.append(_canon(xml))
            styles.append(job.styles.to_bytes())
    assert outputs[0] == outputs[1]
    assert styles[0] == styles[1]
    root = etree.fromstring(outputs[0])
    ns = {"m": root.nsmap[None]}
    assert not root.xpath("//m:c[@t='s']", namespaces=ns)
    a1 = root.xpath("//m:c[@r='A1']", namespaces=ns)[0]
    assert a1.get("t") == "inlineStr"
    assert "".join(a1.itertext()) == "파이프라인 & <합계>"
    assert "".join(root.xpath("//m:c[@r='A2']", namespaces=ns)[0].itertext()) == "굵게 보통"
    view = root.xpath("//m:sheetView", namespaces=ns)[0]
    assert (view.get("tabSelected") == "1") is selected


def test_a_cell_in_another_shape_is_left_to_the_tree_walk(tmp_path: Path) -> None:
    target = _target(tmp_path / "team.xlsx")
    with zipfile.ZipFile(target) as zf:
        job = _Graft(zf, zipfile.ZipFile(io.BytesIO(_scratch())), target)
        importer = StyleImporter(job.styles, job.scratch.read("xl/styles.xml"), "s")
        odd = b'<worksheet><sheetData><row r="1"><c t="s" r="A1"><v>0</v></c></row>' \
              b"</sheetData></worksheet>"
        assert _rewrite_cells(odd, importer, [b"<t>x</t>"]) is None
        styled_first = b'<worksheet><sheetData><row r="1"><c s="1" r="A1"/></row>' \
                       b"</sheetData></worksheet>"
        assert _rewrite_cells(styled_first, importer, []) is None
