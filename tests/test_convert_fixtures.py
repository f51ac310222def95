"""Each legacy fixture, named for its quirk, converts to exactly the leads written here by hand.

The fixtures are built by the functions below (small, readable, deterministic); the expected
leads are typed out, not computed. Each file goes through `salesxl.convert` to a team
workbook, which is read back with the team-workbook reader: what a user will see.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
import python_calamine
import xlsxwriter

import salesxl
from salesxl.commands.convert.report import write_report
from salesxl.commands.convert.rows import NOTE_LINE
from salesxl.core.errors import WorkbookError
from salesxl.core.messages import tr
from salesxl.io.legacy.sources import read_source
from salesxl.io.read import read_workbook, typed_frame

D = dt.date


# --- builders ------------------------------------------------------------------------------

def write_xlsx(path: Path, sheets: dict[str, list[list[Any]]], *, merges: dict[str, list[tuple[
        int, int, int, int]]] | None = None, date1904: bool = False) -> Path:
    """Rows of values into an .xlsx: dates as date cells, numbers as numbers, text as text."""
    wb = xlsxwriter.Workbook(str(path), {"date_1904": date1904, "strings_to_formulas": False,
                                         "strings_to_numbers": False})
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    for name, rows in sheets.items():
        ws = wb.add_worksheet(name)
        for r1, c1, r2, c2 in (merges or {}).get(name, []):
            ws.merge_range(r1, c1, r2, c2, rows[r1][c1])
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if isinstance(v, dt.date):
                    ws.write_datetime(r, c, dt.datetime(v.year, v.month, v.day), date_fmt)
                elif isinstance(v, (int, float)):
                    ws.write_number(r, c, v)
                elif v:
                    ws.write_string(r, c, v)
    wb.close()
    return path


def write_xls(path: Path, name: str, rows: list[list[Any]],
              merges: list[tuple[int, int, int, int]]) -> Path:
    """An Excel 97-2003 .xls with merged cells (xlwt)."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet(name)
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    covered = set()
    for r1, c1, r2, c2 in merges:
        ws.write_merge(r1, r2, c1, c2, rows[r1][c1])
        covered |= {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if (r, c) in covered or v in ("", None):
                continue
            ws.write(r, c, v, date_style) if isinstance(v, dt.date) else ws.write(r, c, v)
    book.save(str(path))
    return path


def write_ods(path: Path, name: str, rows: list[list[Any]]) -> Path:
    """An OpenDocument spreadsheet (odfpy): floats, dates and strings as typed cells."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name=name)
    for row in rows:
        tr = TableRow()
        for v in row:
            if isinstance(v, float):
                cell = TableCell(valuetype="float", value=v)
            elif isinstance(v, dt.date):
                cell = TableCell(valuetype="date", datevalue=v.isoformat())
            else:
                cell = TableCell(valuetype="string")
            if v != "":
                cell.addElement(P(text=str(v)))
            tr.addElement(cell)
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    doc.save(str(path))
    return path


def title_rows(folder: Path) -> Path:
    rows = [["2019년 영업 현황"] + [""] * 7, ["작성: 영업1팀 (2019-12-31)"], [],
            ["번호", "고객사", "담당자명", "연락처", "이메일", "진행상황", "등록일", "예산"],
            [1, "(주)한빛소프트", "김민수", "010-1234-5678", "kim@hanbit.co.kr", "상담중",
             D(2019, 3, 5), 5000000],
            [2, "대한물산", "이영희", 1098765432, "", "계약완료", "2019.04.01", "500만원"],
            [3, "세종테크", "박지훈", "02-555-1234", "park@sejong.kr", "보류", "2019년 5월 2일",
             "1.2억"]]
    return write_xlsx(folder / "legacy_title_rows.xlsx", {"2019": rows},
                      merges={"2019": [(0, 0, 0, 7)]})


def cp949_csv(folder: Path) -> Path:
    text = ("고객사,담당자명,연락처,예산,진행상황,등록일,비고\r\n"
            '한빛소프트,김민수,01012345678,"1,200만원",상담중,2019.03.05,=SUM(A1:A3)\r\n'
            '대한물산,이영희,1098765432,3억,실패,2019-04-01,"가격, 일정 문제"\r\n'
            "세종테크,박지훈,02-555-1234,￦5000000,계약완료,2019/05/02,\r\n")
    path = folder / "legacy_cp949.csv"
    path.write_bytes(text.encode("cp949"))
    return path


def utf16_tsv(folder: Path) -> Path:
    lines = ["Company\tContact\tE-mail\tPhone\tStage\tDeal value\tClose date",
             "ACME Corp\tJane Doe\tjane@acme.com\t+82 10-2222-3333\tClosed Won\t5M\t2026-03-05",
             "Beta Ltd\tJohn Roe\tjohn@beta.io\t010 4444 5555\tProposal\t$1,200\t05/03/2026",
             "Gamma Inc\tAmy Poe\tamy@gamma.kr\t01066667777\tNegotiation\t1.5억\tMarch 9, 2026"]
    path = folder / "legacy_utf16.tsv"
    path.write_bytes(codecs.BOM_UTF16_LE + "\r\n".join(lines).encode("utf-16-le"))
    return path


def utf8_bom_csv(folder: Path) -> Path:
    text = ("회사명;성명;휴대폰;메일;단계;금액(천원);의사결정자 여부;메모\n"
            '"한빛; 소프트";김민수;010-1234-5678;kim@hanbit.co.kr;제안;1,500;예;"첫 줄\n둘째 줄"\n'
            "대한물산;이영희;010-9876-5432;lee@daehan.kr;Pitch / demo;2500;아니오;\n"
            "세종테크;박지훈;;;리드 발굴;;O;* VAT 별도\n"
            "※ 금액 단위: 천원;;;;;;;\n")
    path = folder / "legacy_utf8_bom.csv"
    path.write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    return path


def merged_header_xls(folder: Path) -> Path:
    rows = [["고객사", "연락처", "", "예산", "", "진행상황", "등록일"],
            ["", "전화", "이메일", "금액", "확정", "", ""],
            ["한빛소프트", 1012345678.0, "kim@hanbit.co.kr", 5000000.0, "Y", "상담 중",
             D(2019, 3, 5)],
            ["", "010-2222-3333", "lee@hanbit.co.kr", "300만원", "N", "제안", "2019.03.06"],
            ["대한물산", "", "park@daehan.kr", "", "", "Closed Lost", 43529.0]]
    merges = [(0, 0, 1, 0), (0, 1, 0, 2), (0, 3, 0, 4), (0, 5, 1, 5), (0, 6, 1, 6),
              (2, 0, 3, 0)]
    return write_xls(folder / "legacy_merged_header.xls", "영업", rows, merges)


def text_dates(folder: Path) -> Path:
    rows = [["Company", "Contact", "Created", "Decision date", "Last contact"],
            ["ACME", "Kim", "2026-03-05", "2026. 3. 5.", "2026년 3월 5일"],
            ["Beta", "Lee", "March 5, 2026", "5 Mar 2026", "20260305"],
            ["Gamma", "Park", 46086, D(2026, 3, 5), "2026/03/05 14:30"],
            ["Delta", "Choi", "03/04/05", "", ""]]
    return write_xlsx(folder / "legacy_text_dates.xlsx", {"Leads 2026": rows})


def totals_row(folder: Path) -> Path:
    rows = [["회사", "담당자명", "금액", "단계"],
            ["가나상사", "김철수", 1000000, "제안"],
            ["다라유통", "이민호", 2000000, "협상"],
            ["소계", "", 3000000, ""],
            ["마바건설", "박서준", "3,000,000", "계약완료"],
            [],
            ["합계", "", 6000000, ""],
            ["Total", "", "6,000,000원", ""],
            ["※ 단위: 원"]]
    return write_xlsx(folder / "legacy_totals_row.xlsx", {"Pipeline": rows})


def two_row_header(folder: Path) -> Path:
    rows = [["영업 리스트 (2026)"],
            ["회사명", "담당자명", "예산", "", "결정", ""],
            ["", "", "금액", "확정", "예정일", "권자"],
            ["한빛", "김민수", 50000000, "예", D(2026, 6, 30), "김대표"],
            ["대한", "이영희", "3천만원", "아니오", "2026.07.15", ""]]
    return write_xlsx(folder / "legacy_two_row_header.xlsx", {"List": rows})


def epoch_1904(folder: Path) -> Path:
    rows = [["Company", "Contact", "Created on", "Last contact"],
            ["ACME", "Kim", D(2026, 3, 5), 44624]]
    return write_xlsx(folder / "legacy_1904.xlsx", {"Leads": rows}, date1904=True)


def ods(folder: Path) -> Path:
    rows = [["Lead ID", "Company", "Contact", "Phone", "Stage", "Deal amount",
             "Budget confirmed", "Created on"],
            ["A-001", "ACME", "Kim", "010-1111-2222", "Closed Lost", 1500000.0, "yes",
             D(2026, 1, 15)],
            ["A-002", "Beta", "Lee", 1033334444.0, "Qualification", "2.5M", "no", "2026-02-01"]]
    return write_ods(folder / "legacy.ods", "Leads", rows)


BUILDERS = [title_rows, cp949_csv, utf16_tsv, utf8_bom_csv, merged_header_xls, text_dates,
            totals_row, two_row_header, epoch_1904, ods]


def build_legacy(folder: Path) -> dict[str, Path]:
    """Every quirk fixture in `folder`, by file name."""
    folder.mkdir(parents=True, exist_ok=True)
    return {p.name: p for p in (b(folder) for b in BUILDERS)}


def build_bad(folder: Path) -> dict[str, Path]:
    """Files a batch must report and survive."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "bad_empty.csv": b"",
        "bad_corrupt.xlsx": b"PK\x03\x04" + bytes(range(256)) * 4,
        "bad_encrypted.xlsx": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500
                               + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 100),
        "bad_html.xls": b"<html><body><table><tr><td>Company</td></tr></table></body></html>",
    }
    out = {}
    for name, data in files.items():
        (folder / name).write_bytes(data)
        out[name] = folder / name
    out["notes.xlsx"] = write_xlsx(folder / "notes.xlsx", {"Memo": [["Meeting notes"],
                                                                    ["call back on Monday"]]})
    return out


# --- expected, by hand ---------------------------------------------------------------------

GENERATED = object()  # a generated L-xxxxxxxxxxxx lead ID

EXPECTED: dict[str, list[dict[str, Any]]] = {
    "legacy_title_rows.xlsx": [
        {"lead_id": GENERATED, "company": "(주)한빛소프트", "contact_name": "김민수",
         "phone": "010-1234-5678", "email": "kim@hanbit.co.kr", "stage": "qualification",
         "created_on": D(2019, 3, 5), "budget_amount": 5e6},
        {"lead_id": GENERATED, "company": "대한물산", "contact_name": "이영희",
         "phone": "010-9876-5432", "stage": "won", "outcome": "won",
         "created_on": D(2019, 4, 1), "budget_amount": 5e6, "budget_currency": "KRW"},
        {"lead_id": GENERATED, "company": "세종테크", "contact_name": "박지훈",
         "phone": "02-555-1234", "email": "park@sejong.kr", "stage": "on_hold",
         "outcome": "on_hold", "created_on": D(2019, 5, 2), "budget_amount": 1.2e8},
    ],
    "legacy_cp949.csv": [
        {"lead_id": GENERATED, "company": "한빛소프트", "contact_name": "김민수",
         "phone": "01012345678", "budget_amount": 1.2e7, "budget_currency": "KRW",
         "stage": "qualification", "created_on": D(2019, 3, 5), "notes": "=SUM(A1:A3)"},
        {"lead_id": GENERATED, "company": "대한물산", "contact_name": "이영희",
         "phone": "010-9876-5432", "budget_amount": 3e8, "stage": "lost", "outcome": "lost",
         "created_on": D(2019, 4, 1), "notes": "가격, 일정 문제"},
        {"lead_id": GENERATED, "company": "세종테크", "contact_name": "박지훈",
         "phone": "02-555-1234", "budget_amount": 5e6, "budget_currency": "KRW",
         "stage": "won", "outcome": "won", "created_on": D(2019, 5, 2)},
    ],
    "legacy_utf16.tsv": [
        {"lead_id": GENERATED, "company": "ACME Corp", "contact_name": "Jane Doe",
         "email": "jane@acme.com", "phone": "+82 10-2222-3333", "stage": "won",
         "outcome": "won", "deal_amount": 5e6, "expected_close_on": D(2026, 3, 5)},
        {"lead_id": GENERATED, "company": "Gamma Inc", "contact_name": "Amy Poe",
         "email": "amy@gamma.kr", "phone": "01066667777", "stage": "closing",
         "deal_amount": 1.5e8, "expected_close_on": D(2026, 3, 9)},
    ],
    "legacy_utf8_bom.csv": [
        {"lead_id": GENERATED, "company": "한빛; 소프트", "contact_name": "김민수",
         "phone": "010-1234-5678", "email": "kim@hanbit.co.kr", "stage": "proposal",
         "deal_amount": 1.5e6, "is_decision_maker": True, "notes": "첫 줄\n둘째 줄"},
        {"lead_id": GENERATED, "company": "대한물산", "contact_name": "이영희",
         "phone": "010-9876-5432", "email": "lee@daehan.kr", "stage": "presentation",
         "deal_amount": 2.5e6, "is_decision_maker": False},
        {"lead_id": GENERATED, "company": "세종테크", "contact_name": "박지훈",
         "stage": "prospecting", "is_decision_maker": True, "notes": "* VAT 별도"},
    ],
    "legacy_merged_header.xls": [
        {"lead_id": GENERATED, "company": "한빛소프트", "phone": "010-1234-5678",
         "email": "kim@hanbit.co.kr", "budget_amount": 5e6, "budget_confirmed": True,
         "stage": "qualification", "created_on": D(2019, 3, 5)},
        {"lead_id": GENERATED, "company": "한빛소프트", "phone": "010-2222-3333",
         "email": "lee@hanbit.co.kr", "budget_amount": 3e6, "budget_currency": "KRW",
         "budget_confirmed": False, "stage": "proposal", "created_on": D(2019, 3, 6)},
        {"lead_id": GENERATED, "company": "대한물산", "email": "park@daehan.kr",
         "stage": "lost", "outcome": "lost", "created_on": D(2019, 3, 5)},
    ],
    "legacy_text_dates.xlsx": [
        {"lead_id": GENERATED, "company": name, "contact_name": contact,
         "created_on": D(2026, 3, 5), "decision_date": D(2026, 3, 5),
         "last_contact_on": D(2026, 3, 5)}
        for name, contact in (("ACME", "Kim"), ("Beta", "Lee"), ("Gamma", "Park"))
    ],
    "legacy_totals_row.xlsx": [
        {"lead_id": GENERATED, "company": "가나상사", "contact_name": "김철수",
         "deal_amount": 1e6, "stage": "proposal"},
        {"lead_id": GENERATED, "company": "다라유통", "contact_name": "이민호",
         "deal_amount": 2e6, "stage": "closing"},
        {"lead_id": GENERATED, "company": "마바건설", "contact_name": "박서준",
         "deal_amount": 3e6, "stage": "won", "outcome": "won"},
    ],
    "legacy_two_row_header.xlsx": [
        {"lead_id": GENERATED, "company": "한빛", "contact_name": "김민수",
         "budget_amount": 5e7, "budget_confirmed": True, "decision_date": D(2026, 6, 30),
         "decision_maker": "김대표"},
        {"lead_id": GENERATED, "company": "대한", "contact_name": "이영희",
         "budget_amount": 3e7, "budget_currency": "KRW", "budget_confirmed": False,
         "decision_date": D(2026, 7, 15)},
    ],
    "legacy_1904.xlsx": [
        {"lead_id": GENERATED, "company": "ACME", "contact_name": "Kim",
         "created_on": D(2026, 3, 5), "last_contact_on": D(2026, 3, 5)},
    ],
    "legacy.ods": [
        {"lead_id": "A-001", "company": "ACME", "contact_name": "Kim", "phone": "010-1111-2222",
         "stage": "lost", "outcome": "lost", "deal_amount": 1.5e6, "budget_confirmed": True,
         "created_on": D(2026, 1, 15)},
        {"lead_id": "A-002", "company": "Beta", "contact_name": "Lee", "phone": "010-3333-4444",
         "stage": "qualification", "deal_amount": 2.5e6, "budget_confirmed": False,
         "created_on": D(2026, 2, 1)},
    ],
}

# file -> (rows in, converted, rejected, totals rows, reasons of the rejected rows by row)
COUNTS: dict[str, tuple[int, int, int, int, dict[int, str]]] = {
    "legacy_title_rows.xlsx": (3, 3, 0, 0, {}),
    "legacy_cp949.csv": (3, 3, 0, 0, {}),
    "legacy_utf16.tsv": (3, 2, 1, 0, {3: "G3 Close date: '05/03/2026' is ambiguous: it could be "
                                         "2026-05-03 or 2026-03-05"}),
    "legacy_utf8_bom.csv": (4, 3, 1, 0, {5: tr(NOTE_LINE, "ko")}),  # row 5 as Excel shows it (one cell
    # holds a line break, so it is line 6 of the text)
    "legacy_merged_header.xls": (3, 3, 0, 0, {}),
    "legacy_text_dates.xlsx": (4, 3, 1, 0, {5: "C5 Created: '03/04/05' is ambiguous: year, "
                                               "month and day could be in any order"}),
    "legacy_totals_row.xlsx": (4, 3, 1, 3, {9: tr(NOTE_LINE, "ko")}),  # Korean headers
    "legacy_two_row_header.xlsx": (2, 2, 0, 0, {}),
    "legacy_1904.xlsx": (1, 1, 0, 0, {}),
    "legacy.ods": (2, 2, 0, 0, {}),
}


# --- the tests ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Path], Any]:
    root = tmp_path_factory.mktemp("fixtures")
    files = build_legacy(root / "legacy")
    result = salesxl.convert(root / "legacy", root / "out", workers=1)
    return files, result


def leads_of(book_path: Path) -> list[dict[str, Any]]:
    book = read_workbook(book_path, tables=["leads"])
    frame = typed_frame(book.table("leads"), book.config)
    return [{k: v for k, v in row.items() if v is not None and k != "weighted_amount"}
            for row in frame.to_dict("records")]


def sheet_rows(book_path: Path, name: str) -> list[list[Any]]:
    """The rows of the Extra or Rejected sheet, under its name in the output's language."""
    names = {"Extra": ("Extra", "추가 항목"), "Rejected": ("Rejected", "변환 제외")}.get(
        name, (name,))
    wb = python_calamine.CalamineWorkbook.from_path(str(book_path))
    found = [n for n in names if n in wb.sheet_names]
    if not found:
        return []
    return wb.get_sheet_by_name(found[0]).to_python()


def same_leads(got: list[dict[str, Any]], expected: list[dict[str, Any]]) -> None:
    assert len(got) == len(expected)
    for g, e in zip(got, expected, strict=True):
        e = dict(e)
        if e.get("lead_id") is GENERATED:
            del e["lead_id"]
            lead_id = g.pop("lead_id")
            assert lead_id.startswith("L-") and len(lead_id) == 14, lead_id
        assert g == e


@pytest.mark.parametrize("name", list(EXPECTED))
def test_every_value_becomes_what_it_should(converted: Any, name: str) -> None:
    _files, result = converted
    report = next(f for f in result.files if f.file == name)
    assert report.status == "converted", report.error
    same_leads(leads_of(Path(report.output)), EXPECTED[name])


@pytest.mark.parametrize("name", list(COUNTS))
def test_rows_in_equal_converted_plus_rejected(converted: Any, name: str) -> None:
    _files, result = converted
    report = next(f for f in result.files if f.file == name)
    rows_in, conv, rejected, totals, reasons = COUNTS[name]
    assert (report.rows_in, report.converted, report.rejected, report.totals_rows) == (
        rows_in, conv, rejected, totals)
    got = {int(r[2]): r[3] for r in sheet_rows(Path(report.output), "Rejected")[1:]}
    assert set(got) == set(reasons)
    for row, reason in reasons.items():
        assert got[row].startswith(reason)


def test_report_workbook_has_a_row_per_file(converted: Any, tmp_path: Path) -> None:
    files, result = converted
    assert result.lang == "ko"  # most fixtures have Korean headers: the report is Korean
    rows = sheet_rows(result.report, "파일별 결과")
    assert rows[0][:8] == ["파일", "상태", "시트", "입력 행", "변환", "추가", "갱신", "변환 제외"]
    by_file = {r[0]: r for r in rows[1:-1]}
    assert set(by_file) == set(files)
    for name, (rows_in, conv, rejected, _t, _r) in COUNTS.items():
        assert by_file[name][3:8:] == [rows_in, conv, conv, 0, rejected]
        assert by_file[name][1] == "변환"
    assert rows[-1][0] == "합계" and rows[-1][3] == sum(c[0] for c in COUNTS.values())
    columns = sheet_rows(result.report, "열 매칭")
    assert ["legacy_title_rows.xlsx", "2019", "B4", "고객사", "고객사명", 100, "열 이름 일치",
            "열 이름 일치 100"] in columns
    # the same report in English
    english = write_report(tmp_path / "report-en.xlsx", result.files, "en")
    rows = sheet_rows(english, "Files")
    assert rows[0][:8] == ["File", "Status", "Sheets", "Rows in", "Converted", "Added",
                           "Updated", "Rejected"]
    assert rows[-1][0] == "Total" and rows[1][1] == "converted"
    assert ["legacy_title_rows.xlsx", "2019", "B4", "고객사", "company", 100, "label",
            "label 100"] in sheet_rows(english, "Columns")


@pytest.mark.filterwarnings("ignore::UserWarning")  # openpyxl: conditional-format extensions
def test_formula_looking_text_stays_text(converted: Any) -> None:
    import openpyxl

    _files, result = converted
    out = next(Path(f.output) for f in result.files if f.file == "legacy_cp949.csv")
    with zipfile.ZipFile(out) as zf:
        assert "SUM(A1:A3)</f>" not in zf.read("xl/worksheets/sheet1.xml").decode()
    ws = openpyxl.load_workbook(out)["리드"]
    notes_col = [c.value for c in ws[1]].index("비고") + 1
    cell = ws.cell(2, notes_col)
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("=SUM(A1:A3)", "s", True)


def test_unmapped_columns_and_row_counters_go_to_extra(converted: Any) -> None:
    _files, result = converted
    report = next(f for f in result.files if f.file == "legacy_title_rows.xlsx")
    extra = sheet_rows(Path(report.output), "Extra")
    assert extra[0] == ["리드 번호", "원본 파일", "시트", "행", "열 제목", "값"]
    ids = [lead["lead_id"] for lead in leads_of(Path(report.output))]
    assert [(r[0], r[1], r[2], r[3], r[4], r[5]) for r in extra[1:]] == [
        (ids[i], "legacy_title_rows.xlsx", "2019", 5.0 + i, "번호", 1.0 + i) for i in range(3)]
    assert any("row numbers" in w for w in report.warnings)


def test_two_row_and_merged_headers_combine(converted: Any) -> None:
    _files, result = converted
    cols = {c.header: c.key for f in result.files if f.file in (
        "legacy_merged_header.xls", "legacy_two_row_header.xlsx") for c in f.columns}
    assert cols["예산 금액"] == "budget_amount" and cols["예산 확정"] == "budget_confirmed"
    assert cols["결정 예정일"] == "decision_date" and cols["결정 권자"] == "decision_maker"
    assert cols["전화"] == "phone" and cols["이메일"] == "email"


def test_encodings_are_detected(converted: Any) -> None:
    _files, result = converted
    enc = {f.file: f.encoding for f in result.files if f.kind in ("csv", "tsv")}
    assert enc == {"legacy_cp949.csv": "CP949", "legacy_utf16.tsv": "UTF-16 with BOM",
                   "legacy_utf8_bom.csv": "UTF-8 with BOM"}


def test_date_order_option_resolves_what_the_default_rejects(tmp_path: Path) -> None:
    text_dates(tmp_path)
    utf16_tsv(tmp_path)
    result = salesxl.convert(tmp_path, tmp_path / "out", workers=1, date_order="DMY")
    assert [f.rejected for f in result.files] == [0, 0]
    leads = {lead["company"]: lead for f in result.files for lead in leads_of(Path(f.output))}
    assert leads["Beta Ltd"]["expected_close_on"] == D(2026, 3, 5)
    assert leads["Delta"]["created_on"] == D(2005, 4, 3)
    ymd = salesxl.convert(tmp_path / "legacy_text_dates.xlsx", tmp_path / "ymd", workers=1,
                          date_order="YMD", force=True)
    delta = [lead for lead in leads_of(Path(ymd.files[0].output)) if lead["company"] == "Delta"]
    assert delta[0]["created_on"] == D(2003, 4, 5)


def test_mapping_file_is_written_and_reused(converted: Any, tmp_path: Path) -> None:
    files, result = converted
    text = result.mapping.read_text(encoding="utf-8")
    # the run speaks Korean (most files are Korean): the comments too, the keys stay keys
    assert '"Close date": expected_close_on  # 수주 예정일 · 열 이름 일치 100' in text
    assert text.startswith("# salesxl convert: 이번 실행에 쓴 열 제목 매핑입니다.\n")
    edited = text.replace('"비고": notes', '"비고": null')
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(edited, encoding="utf-8")
    again = salesxl.convert(files["legacy_cp949.csv"], tmp_path / "out", workers=1,
                            mapping=mapping)
    out = Path(again.files[0].output)
    assert all("notes" not in lead for lead in leads_of(out))
    extra = sheet_rows(out, "Extra")
    assert [r[4:] for r in extra[1:]] == [["비고", "=SUM(A1:A3)"], ["비고", "가격, 일정 문제"]]
    assert json.loads(json.dumps(again.files[0].columns[-1].how)) == "mapping file"


def test_an_ods_repeat_bomb_is_refused_and_a_real_ods_is_not(tmp_path: Path) -> None:
    """A row of values repeated a million times (a few bytes of XML, about 1 GB once a reader
    expands it) is refused before reading; the same file without the repeat converts.
    (1,000,002 rows with a value, each as wide as the widest: 3 columns.)"""
    rows = [["회사명", "담당자명", "연락처"], ["(주)한빛", "김철수", "010-1234-5678"]]
    plain = write_ods(tmp_path / "plain.ods", "Leads", rows)
    with zipfile.ZipFile(plain) as zin:
        members = {i.filename: zin.read(i) for i in zin.infolist()}
    content = members["content.xml"]
    cut = content.rindex(b"</table:table-row>") + len(b"</table:table-row>")
    bomb_row = (b'<table:table-row table:number-rows-repeated="1000000">'
                b'<table:table-cell office:value-type="string"><text:p>x</text:p>'
                b"</table:table-cell></table:table-row>")
    members["content.xml"] = content[:cut] + bomb_row + content[cut:]
    bomb = tmp_path / "bomb.ods"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in members.items():
            zout.writestr(name, data)
    with pytest.raises(WorkbookError, match=r"expand to 3,000,006 cells: refused as a possible "
                                            r"repeat bomb"):
        read_source(bomb)
    assert read_source(plain).sheets[0].grid[1][:3] == ["(주)한빛", "김철수", "010-1234-5678"]
