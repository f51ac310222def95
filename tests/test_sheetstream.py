"""salesxl.io.sheetstream: the streaming sheet reader, cell by cell against python-calamine."""

from __future__ import annotations

import datetime as dt
import random
import re
import tracemalloc
import zipfile
from pathlib import Path
from typing import Any

import pytest
import python_calamine
import xlsxwriter

from salesxl.io.sheetstream import Limits, SheetError, column_index, open_sheet, sheet_names

ROOT = Path(__file__).resolve().parent.parent
REAL = sorted((ROOT / "workbooks").glob("*.xls[xm]"))

NAMES = ["김민준", "이서연", "박도윤", "최지우", "정하준"]
NOTES = ["재연락 요망", "가격 문의 & 견적", "<긴급> \"검토\"", "=SUM(A1)", "줄바꿈\n둘째 줄",
         "  앞뒤 공백  ", "탭\t문자", "ｶﾀｶﾅ", "emoji 😀", "_x000D_ literal"]


def _cells(path: Path, sheet: str | int, **kw: Any) -> dict[tuple[int, int], Any]:
    """{(row 1-based, col 0-based): value} of every non-empty cell, by sheetstream."""
    out = {}
    with open_sheet(path, sheet) as s:
        for chunk in s.iter_chunks(**kw):
            for n, row in zip(chunk.row_numbers, chunk.rows, strict=True):
                for c, v in enumerate(row):
                    if v is not None and v != "":
                        out[n, c] = v
    return out


def _calamine(path: Path, sheet: str) -> dict[tuple[int, int], Any]:
    grid = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet) \
        .to_python(skip_empty_area=False)
    return {(r + 1, c): v for r, row in enumerate(grid) for c, v in enumerate(row)
            if v is not None and v != ""}


def _same(ours: dict[tuple[int, int], Any], theirs: dict[tuple[int, int], Any]) -> None:
    assert ours.keys() == theirs.keys()
    diff = {k: (ours[k], theirs[k]) for k in ours
            if not (ours[k] == theirs[k] and type(ours[k]) is type(theirs[k]))}
    assert not diff, list(diff.items())[:10]


def _generated(path: Path, rows: int = 2000, constant_memory: bool = False) -> Path:
    """Korean text, dates, datetimes, times, numbers, booleans, formulas with cached values
    (number, text, boolean), a formula without one, rich and special text."""
    rng = random.Random(5)
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": constant_memory,
                                         "strings_to_formulas": False,
                                         "strings_to_numbers": False, "strings_to_urls": False})
    ws = wb.add_worksheet("리드")
    day = wb.add_format({"num_format": "yyyy-mm-dd"})
    stamp = wb.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    korean = wb.add_format({"num_format": "yyyy\"년\" m\"월\" d\"일\""})
    clock = wb.add_format({"num_format": "hh:mm"})
    money = wb.add_format({"num_format": "#,##0\"원\""})
    pct = wb.add_format({"num_format": "0%"})
    bold = wb.add_format({"bold": True})
    ws.write_row(0, 0, ["리드 ID", "등록일", "회사명", "담당자", "예산", "확률", "확정", "변경 일시",
                        "시각", "가중 금액", "표시", "메모", "빈 수식", "결정일"], bold)
    for r in range(1, rows + 1):
        ws.write_string(r, 0, f"L-{r:05d}")
        ws.write_datetime(r, 1, dt.datetime(2026, 1, 1) + dt.timedelta(days=rng.randrange(400)),
                          day)
        ws.write_string(r, 2, f"(주)한빛소프트 {rng.randrange(10_000)}")
        ws.write_string(r, 3, rng.choice(NAMES))
        if rng.random() < 0.8:
            ws.write_number(r, 4, rng.randrange(1, 500) * 1_000_000, money)
        ws.write_number(r, 5, rng.choice([0.1, 0.25, 0.5, 0.9]), pct)
        ws.write_boolean(r, 6, rng.random() < 0.5)
        ws.write_datetime(r, 7, dt.datetime(2026, 3, 1, rng.randrange(24), rng.randrange(60)),
                          stamp)
        ws.write_datetime(r, 8, dt.time(rng.randrange(24), 30), clock)
        ws.write_formula(r, 9, f"=E{r + 1}*F{r + 1}", money, r * 2.5)
        ws.write_formula(r, 10, f'=IF(G{r + 1},"확정","미정")', None, "확정" if r % 2 else "미정")
        if rng.random() < 0.3:
            ws.write_string(r, 11, rng.choice(NOTES))
        if r % 7 == 0:
            ws.write_formula(r, 12, f"=D{r + 1}&\"님\"", None, None)  # no cached value
        ws.write_datetime(r, 13, dt.datetime(2027, 1, 1) + dt.timedelta(days=r % 90), korean)
        if r % 11 == 0:
            ws.write_rich_string(r, 11, "굵게 ", bold, "강조", " 끝")
        if r % 13 == 0:
            ws.write_formula(r, 6, f"=G{r}", None, True)
    wb.close()
    # XlsxWriter writes <v>None</v> for "no value": make those formulas truly uncached
    tmp = path.with_suffix(".tmp")
    path.rename(tmp)
    _rewrite(tmp, path, "xl/worksheets/sheet1.xml", lambda d: d.replace(b"<v>None</v>", b""))
    tmp.unlink()
    return path


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _generated(tmp_path_factory.mktemp("ss") / "generated.xlsx")


@pytest.fixture(scope="module")
def generated_inline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _generated(tmp_path_factory.mktemp("ss") / "inline.xlsx", constant_memory=True)


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_real_workbooks_match_calamine(path: Path) -> None:
    for name in sheet_names(path):
        _same(_cells(path, name), _calamine(path, name))


@pytest.mark.parametrize("fixture", ["generated", "generated_inline"])
def test_generated_2000_rows_match_calamine(fixture: str, request: pytest.FixtureRequest
                                            ) -> None:
    path = request.getfixturevalue(fixture)
    ours = _cells(path, "리드")
    _same(ours, _calamine(path, "리드"))
    assert len({k[0] for k in ours}) == 2001
    assert ours[2, 6] in (True, False) and ours[14, 6] is True  # t="b", and a boolean formula
    assert isinstance(ours[2, 1], dt.date) and isinstance(ours[2, 7], dt.datetime)
    assert ours[2, 10] in ("확정", "미정")  # t="str" formula with its cached text
    assert (8, 12) not in ours  # a formula without a cached value is empty
    assert any(v == "굵게 강조 끝" for v in ours.values())


def test_chunks_columns_and_serial_dates(generated: Path) -> None:
    whole = _cells(generated, "리드")
    small = _cells(generated, "리드", rows=7)
    assert small == whole
    with open_sheet(generated, "리드") as s:
        chunks = list(s.iter_chunks(rows=500, columns=[13, 0, 1], dates="serial"))
        assert s.dimension == "A1:N2001"
    assert [len(c) for c in chunks] == [500, 500, 500, 500, 1]
    rows = [row for c in chunks for row in c.rows]
    assert rows[0] == ["결정일", "리드 ID", "등록일"]
    assert all(len(r) == 3 for r in rows)
    assert rows[1][1] == whole[2, 0]
    serial = rows[1][2]
    assert isinstance(serial, float)
    assert dt.date(1899, 12, 30) + dt.timedelta(days=serial) == whole[2, 1]
    assert chunks[1].date_columns == {0, 2}


def test_sheet_by_index_and_name(generated: Path) -> None:
    with open_sheet(generated) as s:
        assert s.name == "리드" and s.sheet_names == ["리드"]
    with pytest.raises(SheetError, match="no worksheet named"):
        open_sheet(generated, "Leads")


def test_sparse_far_cell_costs_only_its_cells(tmp_path: Path) -> None:
    path = tmp_path / "far.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("S")
    ws.write_string(0, 0, "first")
    ws.write_number(1_048_575, 16_383, 42)
    wb.close()
    tracemalloc.start()
    try:
        with open_sheet(path) as s:
            assert s.dimension == "A1:XFD1048576"
            chunks = list(s.iter_chunks())
            selected = list(s.iter_chunks(columns=[16_383]))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [c.row_numbers for c in chunks] == [[1, 1_048_576]]
    assert chunks[0].rows[0] == ["first"]
    assert chunks[0].rows[1][16_383] == 42.0 and len(chunks[0].rows[1]) == 16_384
    assert selected[0].rows == [[None], [42.0]]
    assert peak < 20 * 2**20  # nothing sized by the 1,048,576 x 16,384 bounding box


def _rewrite(src: Path, dst: Path, member: str, edit: Any,
             compression: int = zipfile.ZIP_DEFLATED) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", compression) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == member:
                data = edit(data)
            zout.writestr(info.filename, data)


def test_lying_unique_count_allocates_nothing(generated: Path, tmp_path: Path) -> None:
    path = tmp_path / "lying.xlsx"
    _rewrite(generated, path, "xl/sharedStrings.xml", lambda d: re.sub(
        rb'count="\d+" uniqueCount="\d+"', b'count="2147483647" uniqueCount="2147483647"', d))
    assert b'uniqueCount="2147483647"' in zipfile.ZipFile(path).read("xl/sharedStrings.xml")
    tracemalloc.start()
    try:
        ours = _cells(path, "리드")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert ours == _cells(generated, "리드")
    assert peak < 64 * 2**20


def _flip(path: Path, dst: Path, member: str, old: bytes, new: bytes) -> None:
    """Copy with `member` stored uncompressed and one string changed in place, keeping the old
    CRC-32: what a damaged disk or transfer does."""
    _rewrite(path, dst, "", lambda d: d, compression=zipfile.ZIP_STORED)
    raw = bytearray(dst.read_bytes())
    with zipfile.ZipFile(dst) as zf:
        info = zf.getinfo(member)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    at = raw.index(old, start)
    assert at < start + info.compress_size and len(old) == len(new)
    raw[at:at + len(old)] = new
    dst.write_bytes(bytes(raw))


@pytest.mark.parametrize("member", ["xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"])
def test_crc_damaged_member_raises(generated: Path, tmp_path: Path, member: str) -> None:
    path = tmp_path / "damaged.xlsx"
    old = "한빛".encode() if member.endswith("Strings.xml") else b"<v>2.5</v>"
    _flip(generated, path, member, old, "한밫".encode() if len(old) == 6 else b"<v>9.5</v>")
    with pytest.raises(SheetError, match="CRC"):
        _cells(path, "리드")


def test_cells_out_of_the_fast_pattern_read_the_same(generated_inline: Path,
                                                     tmp_path: Path) -> None:
    """Attributes in another order, no r on some cells, a namespace prefix: lxml reads them."""
    member = "xl/worksheets/sheet1.xml"
    want = _cells(generated_inline, "리드")

    def reorder(d: bytes) -> bytes:
        return re.sub(rb'<c r="([A-Z]+\d+)" s="(\d+)"', rb'<c s="\2" r="\1"', d)

    def prefix(d: bytes) -> bytes:
        d = d.replace(b'<worksheet xmlns="', b'<x:worksheet xmlns:x="')
        d = re.sub(rb"<(/?)(?!x:)(?=[a-zA-Z])", rb"<\1x:", d)
        return d.replace(b"<x:x:", b"<x:").replace(b"</x:x:", b"</x:")

    for name, edit in (("reorder", reorder), ("prefix", prefix)):
        path = tmp_path / f"{name}.xlsx"
        _rewrite(generated_inline, path, member, edit)
        assert _cells(path, "리드") == want, name


def test_limits(generated: Path, tmp_path: Path) -> None:
    with pytest.raises(SheetError, match="bytes uncompressed"):
        open_sheet(generated, limits=Limits(max_part_bytes=1000))
    path = tmp_path / "long_row.xlsx"
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    wb.add_worksheet("S").write_row(0, 0, ["x" * 32_000] * 40)  # one row of 1.3 MB
    wb.close()
    assert len(_cells(path, "S")) == 40
    with pytest.raises(SheetError, match="row longer"):
        list(open_sheet(path, limits=Limits(max_row_bytes=100_000)).iter_chunks())


def test_column_index() -> None:
    assert [column_index(x) for x in ("A", "Z", "AA", "XFD")] == [0, 25, 26, 16_383]
    for bad in ("XFE", "AAAA", "a"):
        with pytest.raises(SheetError):
            column_index(bad)


def test_references_beyond_excel_raise(generated_inline: Path, tmp_path: Path) -> None:
    path = tmp_path / "beyond.xlsx"
    _rewrite(generated_inline, path, "xl/worksheets/sheet1.xml",
             lambda d: d.replace(b'<c r="A3"', b'<c r="A1048577"', 1))
    with pytest.raises(SheetError, match="beyond"):
        _cells(path, "리드")
