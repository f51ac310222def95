"""`export` in row chunks (`export_stream`) writes what reading the sheet whole writes.

The workbooks are small (a few hundred rows) and the chunks smaller (100 rows), so that one
file spans several chunks: the output, the problems with their real cells, the notes and the
header language are compared with the whole-sheet path (`stream=False`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import xlsxwriter

from salesxl.commands.export import export, export_stream, should_stream
from salesxl.core.errors import Problem

KO = ["리드 ID", "등록일", "회사명", "담당자명", "이메일", "전화번호", "단계", "거래 금액", "확률",
      "메모", "우리 팀 메모"]
EN = ["Lead ID", "Created", "Company", "Contact name", "Email", "Phone", "Stage", "Deal amount",
      "Probability", "Notes", "Our own column"]
STAGES = {"ko": ["리드 발굴", "요구사항 평가", "수주", "계약완료"],
          "en": ["Prospecting", "Needs analysis", "Won", "closed won"]}
BAD_ROW = 257  # 1-based Excel row of the unreadable amount: in the third chunk of 100 rows


def _book(path: Path, lang: str = "ko", rows: int = 320) -> Path:
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False,
                                         "strings_to_numbers": False})
    ws = wb.add_worksheet("리드" if lang == "ko" else "Leads")
    day = wb.add_format({"num_format": "yyyy-mm-dd"})
    ws.write_row(0, 0, KO if lang == "ko" else EN)
    for r in range(1, rows + 1):
        if r % 37 == 0:
            continue  # blank rows are not the table's
        ws.write_string(r, 0, f"L-{r:05d}")
        ws.write_datetime(r, 1, dt.datetime(2026, 1, 1) + dt.timedelta(days=r % 90), day)
        ws.write_string(r, 2, f"(주)한빛 {r % 13}" if lang == "ko" else f"Acme {r % 13}")
        ws.write_string(r, 3, "김민준" if r % 2 else "Lee")
        ws.write_string(r, 4, f"user{r}@example.co.kr")
        ws.write_number(r, 5, 1012345678 + r)  # a phone that lost its leading zero
        ws.write_string(r, 6, STAGES[lang][r % 4])
        if r + 1 == BAD_ROW:
            ws.write_string(r, 7, "abc")
        elif r % 5:
            ws.write_number(r, 7, r * 10_000.0)
        else:
            ws.write_string(r, 7, "500만원")
        ws.write_number(r, 8, [0.1, 75, 0.4, 1][r % 4])
        if r % 7 == 0:
            ws.write_string(r, 9, "=HYPERLINK(\"http://evil.example\")")
        elif r % 3 == 0:
            ws.write_string(r, 9, "견적 요청 & \"긴급\"\n다음 주")
        ws.write_string(r, 10, f"extra {r % 3}")
    wb.close()
    return path


def _both(book: Path, tmp_path: Path, fmt: str, **kw: object
          ) -> tuple[Path, Path, list[Problem], list[Problem], list[str], list[str]]:
    whole, streamed = tmp_path / f"whole.{fmt}", tmp_path / f"streamed.{fmt}"
    p1: list[Problem] = []
    p2: list[Problem] = []
    n1: list[str] = []
    n2: list[str] = []
    export(book, "leads", fmt, whole, p1, notes=n1, stream=False, **kw)  # type: ignore[arg-type]
    export_stream(book, "leads", fmt, streamed, p2, notes=n2, chunk_rows=100,
                  **kw)  # type: ignore[arg-type]
    return whole, streamed, p1, p2, n1, n2


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("raw", [False, True])
def test_streamed_csv_is_the_whole_sheet_csv(tmp_path: Path, lang: str, raw: bool) -> None:
    book = _book(tmp_path / "leads.xlsx", lang)
    whole, streamed, p1, p2, n1, n2 = _both(book, tmp_path, "csv", raw=raw)
    text = streamed.read_text(encoding="utf-8")
    assert streamed.read_bytes() == whole.read_bytes()
    lines = text.splitlines()
    assert lines[0].startswith("lead_id,created_on,")  # canonical keys whatever the language
    assert lines[0].endswith("," + ("우리 팀 메모" if lang == "ko" else "Our own column"))
    assert text.count("\nL-") == 320 - 320 // 37  # blank rows left out, none lost
    assert ("'=HYPERLINK" in text) is not raw
    assert n1 == n2 and n1  # the same notes (no Config sheet) in the workbook's language
    assert [str(p) for p in p2] == [str(p) for p in p1] and len(p1) == 1


def test_a_bad_cell_in_the_third_chunk_is_reported_at_its_real_row(tmp_path: Path) -> None:
    book = _book(tmp_path / "leads.xlsx")
    _whole, streamed, p1, p2, _n1, _n2 = _both(book, tmp_path, "csv")
    assert [(p.row, p.column, p.value, str(p)) for p in p2] == \
        [(p.row, p.column, p.value, str(p)) for p in p1]
    [bad] = [p for p in p2 if p.column == "deal_amount"]
    assert bad.row + 1 == BAD_ROW and bad.value == "abc"
    assert bad.where.endswith("!H257")  # the A1 cell the user finds it in
    assert ",abc," in streamed.read_text(encoding="utf-8")  # exported as typed, not dropped


def test_streamed_parquet_has_one_declared_schema_and_a_row_group_per_chunk(
        tmp_path: Path) -> None:
    book = _book(tmp_path / "leads.xlsx")
    whole, streamed, p1, p2, _n1, _n2 = _both(book, tmp_path, "parquet")
    f = pq.ParquetFile(streamed)
    # 1 header + 312 rows with cells (8 of 320 blank) in sheet chunks of 100: 99 + 100 + 100 + 13
    assert f.metadata.num_row_groups == 4
    schema = f.schema_arrow
    assert all(field.type == pa.string() for field in schema)
    assert schema == pq.ParquetFile(whole).schema_arrow  # small and large files alike
    a, b = pq.read_table(whole), pq.read_table(streamed)
    assert a.column_names == b.column_names and "bant_status" in b.column_names
    assert a.to_pylist() == b.to_pylist()
    first = b.slice(0, 1).to_pylist()[0]
    assert first["lead_id"] == "L-00001" and first["created_on"] == "2026-01-02"
    assert first["phone"] == "010-1234-5679" and first["probability"] == "0.75"
    assert first["bant_status"] is None  # an empty column keeps its declared type
    assert len(p1) == len(p2) == 1


def test_a_small_sheet_is_read_whole_and_a_large_one_streams(tmp_path: Path) -> None:
    book = _book(tmp_path / "leads.xlsx")
    assert not should_stream(book, "csv", tmp_path / "x.csv")
    assert not should_stream(book, "json", tmp_path / "x.json")
    assert not should_stream(book, "csv", None)


def test_a_streamed_export_leaves_no_file_when_the_sheet_is_damaged(tmp_path: Path) -> None:
    """The sheet's CRC is checked at its end, after chunks were written: the output is
    written to a temporary file and only renamed once the whole sheet has been read."""
    import zipfile

    book = _book(tmp_path / "leads.xlsx")
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            info.compress_type = zipfile.ZIP_STORED  # the sheet's bytes as they are
            dst.writestr(info, data)
    raw = bytearray(bad.read_bytes())
    raw[raw.find(b"L-00300") + 6] = ord("9")  # one byte of the last chunk; the CRC disagrees
    bad.write_bytes(bytes(raw))
    out = tmp_path / "out.csv"
    from salesxl.core.errors import WorkbookError

    with pytest.raises(WorkbookError):
        export_stream(bad, "leads", "csv", out, chunk_rows=100)
    assert not out.exists()
    assert not list(tmp_path.glob(".out.csv*"))


def test_the_command_streams_a_sheet_over_the_threshold(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """`salesxl export` picks the chunked path by sheet size, says the same and writes the
    same file (threshold lowered so that a small workbook counts as large)."""
    from click.testing import CliRunner

    import salesxl.commands.export as export_module
    from salesxl.cli import cli

    book = _book(tmp_path / "leads.xlsx")
    whole = tmp_path / "whole.csv"
    export(book, "leads", "csv", whole, stream=False)
    monkeypatch.setattr(export_module, "STREAM_SHEET_BYTES", 0)
    assert should_stream(book, "csv", tmp_path / "x.csv")
    assert not should_stream(book, "csv", tmp_path / "x.csv", recalc=True)
    calls: list[int] = []
    real = export_module.open_table_stream
    monkeypatch.setattr(export_module, "open_table_stream",
                        lambda *a, **k: calls.append(1) or real(*a, **k))
    out = tmp_path / "streamed.csv"
    result = CliRunner().invoke(cli, ["export", str(book), "--format", "csv", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert calls == [1]
    assert out.read_bytes() == whole.read_bytes()
    assert "H257" in result.output  # the unreadable amount, at its cell


def test_a_streamed_sheet_with_a_dtd_is_refused_before_any_row_is_read(tmp_path: Path) -> None:
    import zipfile

    from salesxl.core.errors import UnsafeFileError

    book = _book(tmp_path / "leads.xlsx")
    bad = tmp_path / "dtd.xlsx"
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"?>", b'?><!DOCTYPE worksheet [<!ENTITY a "b">]>', 1)
            dst.writestr(info.filename, data)
    out = tmp_path / "out.csv"
    with pytest.raises(UnsafeFileError):
        export_stream(bad, "leads", "csv", out, chunk_rows=100)
    assert not out.exists()
