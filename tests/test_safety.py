"""Unsafe or wrong files are refused before they are parsed, with messages naming the file."""

from __future__ import annotations

import tracemalloc
import zipfile
from pathlib import Path

import pytest
import xlsxwriter

from salesxl.core.errors import UnsafeFileError, WorkbookError, WorkbookLockedError
from salesxl.io.parts.safety import (
    OLE_MAGIC,
    check_not_open_in_excel,
    check_xml_prolog,
    lock_files,
    open_zip,
    parse_xml,
)
from salesxl.io.patch import SheetEdit, patch_workbook

LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b"]>"
)
SHEET_BOMB = LAUGHS + (
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'
)


def workbook(path: Path) -> Path:
    wb = xlsxwriter.Workbook(str(path))
    wb.add_worksheet("S").write("A1", "hello")
    wb.close()
    return path


def with_member(path: Path, name: str, data: bytes) -> Path:
    with zipfile.ZipFile(path) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    parts[name] = data
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, d in parts.items():
            zf.writestr(n, d)
    return path


# -- not a workbook ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"name,amount\nKim,500\n", "looks like a text/CSV file renamed"),
        (b"<html><body><table>", r"web page \(HTML\)"),
        (OLE_MAGIC + bytes(504) + b"W\x00o\x00r\x00k\x00b\x00o\x00o\x00k\x00",
         "is an old .xls workbook"),
        (OLE_MAGIC + bytes(1000) + "EncryptedPackage".encode("utf-16-le") + bytes(100),
         "is password-protected: remove the password in Excel "
         r"\(File > Info > Protect Workbook\) and try again"),
        (b"PK\x03\x04 then garbage, as after a broken download", "is damaged"),
    ],
)
def test_files_that_are_not_workbooks(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "leads.xlsx"
    path.write_bytes(content)
    with pytest.raises(WorkbookError, match=message) as err:
        open_zip(path)
    assert str(path) in str(err.value)
    with pytest.raises(WorkbookError, match=message):
        patch_workbook(path, [SheetEdit("S", {(0, 0): 1})])
    assert path.read_bytes() == content


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(WorkbookError, match=r"nope.xlsx does not exist"):
        open_zip(tmp_path / "nope.xlsx")


# -- zip bombs -----------------------------------------------------------------------------
def test_too_many_members(tmp_path: Path) -> None:
    path = tmp_path / "many.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        for i in range(20_000):
            zf.writestr(f"m/{i}", b"")
    with pytest.raises(UnsafeFileError, match="has 20,000 zip members, more than the 10,000") as e:
        open_zip(path)
    assert str(path) in str(e.value)
    open_zip(path, max_members=20_000).close()


def test_zip_bomb_is_refused_before_memory_grows(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("xl/workbook.xml", b"<workbook/>")
        with zf.open("xl/worksheets/sheet1.xml", "w") as member:
            block = bytes(1 << 20)
            for _ in range(200):  # 200 MB of zeros, streamed: the test stays light
                member.write(block)
    info = zipfile.ZipFile(path).getinfo("xl/worksheets/sheet1.xml")
    assert info.file_size == 200 << 20 and info.compress_size < 1 << 20
    tracemalloc.start()
    try:
        with pytest.raises(UnsafeFileError, match=r"xl/worksheets/sheet1.xml inflates") as err:
            open_zip(path)
        with pytest.raises(UnsafeFileError, match="zip bomb"):
            patch_workbook(path, [SheetEdit("S", {(0, 0): 1})])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert str(path) in str(err.value)
    assert peak < 50 * 1024**2


def test_ratio_and_size_limits_are_keyword_arguments(tmp_path: Path) -> None:
    path = tmp_path / "cells.xlsx"
    cells = "".join(f'<c r="A{i}"><v>{i * 7919 % 100_003}</v></c>' for i in range(80_000))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a.xml", cells)
    assert zipfile.ZipFile(path).getinfo("a.xml").file_size > 2 << 20
    open_zip(path).close()  # ordinary XML compresses far less than 1000x
    with pytest.raises(UnsafeFileError, match=r"a.xml inflates"):
        open_zip(path, max_ratio_any=3)
    with pytest.raises(UnsafeFileError, match="would inflate to more than"):
        open_zip(path, max_total_size=1 << 20)


def test_duplicate_member_names_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "twice.xlsx"
    with pytest.warns(UserWarning), zipfile.ZipFile(path, "w") as zf:
        zf.writestr("xl/workbook.xml", b"<a/>")
        zf.writestr("xl/workbook.xml", b"<b/>")
    with pytest.raises(UnsafeFileError, match=r"holds the zip member 'xl/workbook.xml' twice"):
        open_zip(path)


# -- XML attacks ---------------------------------------------------------------------------
def test_billion_laughs_in_a_sheet_is_refused(tmp_path: Path) -> None:
    path = with_member(workbook(tmp_path / "laughs.xlsx"), "xl/worksheets/sheet1.xml", SHEET_BOMB)
    original = path.read_bytes()
    tracemalloc.start()
    try:
        with pytest.raises(UnsafeFileError, match="declares a DTD") as err:
            patch_workbook(path, [SheetEdit("S", {(0, 1): 1})])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert f"{path}:xl/worksheets/sheet1.xml" in str(err.value)
    assert path.read_bytes() == original and peak < 50 * 1024**2


@pytest.mark.parametrize("part", ["xl/workbook.xml", "xl/styles.xml"])
def test_external_entity_in_other_parts_is_refused(tmp_path: Path, part: str) -> None:
    xxe = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
           b"<x>&e;</x>")
    path = with_member(workbook(tmp_path / "xxe.xlsx"), part, xxe)
    with pytest.raises(UnsafeFileError, match=part):
        patch_workbook(path, [SheetEdit("S", {(0, 1): 1})])


def test_parse_xml_and_prolog_check() -> None:
    assert parse_xml(b'<a xmlns:mc="urn:mc" mc:Ignorable="x"><b/></a>', "ok.xml").nsmap == {
        "mc": "urn:mc"}
    with pytest.raises(UnsafeFileError, match=r"bad.xml declares a DTD"):
        parse_xml(LAUGHS + b"<a>&lol9;</a>", "bad.xml")
    with pytest.raises(UnsafeFileError):
        parse_xml(b'<!DOCTYPE a SYSTEM "http://example.invalid/a.dtd"><a/>', "dtd.xml")
    with pytest.raises(WorkbookError, match=r"broken.xml is not well-formed") as err:
        parse_xml(b"<a><b></a>", "broken.xml")
    assert not isinstance(err.value, UnsafeFileError)
    check_xml_prolog(b'<?xml version="1.0"?>\n<worksheet xmlns="urn:x">', "head.xml")
    with pytest.raises(UnsafeFileError):
        check_xml_prolog(LAUGHS, "head.xml")


# -- open in Excel -------------------------------------------------------------------------
def test_lock_files(tmp_path: Path) -> None:
    book = tmp_path / "Team pipeline 2026.xlsx"
    assert [p.name for p in lock_files(book)] == [
        "~$Team pipeline 2026.xlsx", "~$eam pipeline 2026.xlsx", "~$am pipeline 2026.xlsx",
        ".~lock.Team pipeline 2026.xlsx#"]
    check_not_open_in_excel(book)
    (tmp_path / ".~lock.Team pipeline 2026.xlsx#").write_text("x")
    with pytest.raises(WorkbookLockedError, match="open in LibreOffice"):
        check_not_open_in_excel(book)


def test_a_shortened_lock_belongs_to_the_workbook_of_that_name(tmp_path: Path) -> None:
    # Word shortens long names' locks by one or two letters; ~$pipeline.xlsx beside
    # 1_pipeline.xlsx is then pipeline.xlsx's own lock when that workbook exists too
    long, short = tmp_path / "1_pipeline.xlsx", tmp_path / "_pipeline.xlsx"
    (tmp_path / "~$_pipeline.xlsx").write_text("x")
    with pytest.raises(WorkbookLockedError):
        check_not_open_in_excel(long)  # no _pipeline.xlsx: the lock may be 1_pipeline's
    short.write_bytes(b"")
    check_not_open_in_excel(long)  # _pipeline.xlsx exists: the lock is its own
    with pytest.raises(WorkbookLockedError):
        check_not_open_in_excel(short)
