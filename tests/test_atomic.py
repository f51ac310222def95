"""Saving a workbook copies the parts it does not change as they are: their compressed bytes
unchanged (no deflate again), their CRC still checked, so a damaged part is never passed on."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from teambook import fill, new_book

import salesxl
from salesxl.core.errors import WorkbookError
from salesxl.io.parts.atomic import write_zip

D = dt.date


def raw_members(path: Path) -> dict[str, bytes]:
    """Each member's compressed bytes, read from the file by its local header (a second,
    plain reading of the zip format: signature, fixed 30 bytes, name, extra, data)."""
    data = path.read_bytes()
    out = {}
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            at = info.header_offset
            assert data[at:at + 4] == b"PK\x03\x04"
            name_len = int.from_bytes(data[at + 26:at + 28], "little")
            extra_len = int.from_bytes(data[at + 28:at + 30], "little")
            start = at + 30 + name_len + extra_len
            out[info.filename] = data[start:start + info.compress_size]
    return out


def test_unchanged_parts_keep_their_compressed_bytes(tmp_path: Path) -> None:
    book = fill(new_book(tmp_path / "team.xlsx"), {"leads": [
        {"lead_id": "L-1", "rep": "Kim", "company": "Hanbit", "tier": "A",
         "stage": "Qualification", "created_on": D(2026, 11, 2)}]})
    # repack at deflate level 1: a save that deflated again (at zipfile's level 6) would
    # change every member's bytes
    packed = tmp_path / "packed.xlsx"
    with zipfile.ZipFile(book) as zin, zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED,
                                                       compresslevel=1) as zout:
        for info in zin.infolist():
            zout.writestr(info, zin.read(info), compresslevel=1)
    packed.replace(book)
    before = raw_members(book)
    salesxl.validate(book, today=D(2026, 11, 27))
    after = raw_members(book)
    assert after.keys() == before.keys()
    sheets = [n for n in before if n.startswith("xl/worksheets/sheet")]
    changed = [n for n in sheets if before[n] != after[n]]
    # validate writes BANT results into the Leads sheet only: every other sheet (Start here,
    # Activities, Config, Playbook...) keeps its compressed bytes
    assert len(sheets) > 5 and len(changed) == 1, changed
    for name in ("xl/sharedStrings.xml", "docProps/app.xml", "xl/workbook.xml"):
        if name in before:
            assert before[name] == after[name] or name == "xl/sharedStrings.xml"
    with zipfile.ZipFile(book) as zf:
        assert zf.testzip() is None


def test_a_damaged_unchanged_part_stops_the_save(tmp_path: Path) -> None:
    book = new_book(tmp_path / "team.xlsx")
    data = bytearray(book.read_bytes())
    with zipfile.ZipFile(book) as zf:
        info = zf.getinfo("docProps/app.xml")
    name_len = int.from_bytes(data[info.header_offset + 26:info.header_offset + 28], "little")
    extra_len = int.from_bytes(data[info.header_offset + 28:info.header_offset + 30], "little")
    start = info.header_offset + 30 + name_len + extra_len
    data[start + info.compress_size // 2] ^= 0x01  # one bit of the deflated data
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(bytes(data))
    with zipfile.ZipFile(damaged) as zin, open(tmp_path / "out.xlsx", "wb") as fh, \
            pytest.raises(WorkbookError, match=r"damaged file \(docProps/app\.xml "
                                               r"(fails its checksum|cannot be unpacked)"):
        write_zip(zin, fh, {"xl/styles.xml": zin.read("xl/styles.xml")})


def test_a_save_in_several_steps_passes_every_unchanged_part_through_unaltered(
        tmp_path: Path) -> None:
    """summary grafts three sheets, one step each; the steps after the first copy the file
    the step before wrote (its parts' CRCs are not checked twice), and still every unchanged
    part arrives with its compressed bytes and its CRC right."""
    book = fill(new_book(tmp_path / "team.xlsx"), {"leads": [
        {"lead_id": f"L-{i}", "rep": "김민수", "company": f"한빛 {i}", "tier": "A",
         "stage": "proposal", "deal_amount": 1_000_000 * i, "created_on": D(2026, 11, 2)}
        for i in range(1, 6)]})
    before = raw_members(book)
    s = salesxl.summary(book, today=D(2026, 11, 27))
    assert s.stale_sheet and s.aftersale_sheet  # three grafted sheets: three steps
    after = raw_members(book)
    kept = [n for n in before if n.startswith("xl/worksheets/sheet") and n in after
            and before[n] == after[n]]
    assert len(kept) >= 5
    with zipfile.ZipFile(book) as zf:
        assert zf.testzip() is None
        for name in kept:
            assert zipfile.crc32(zf.read(name)) == zf.getinfo(name).CRC
