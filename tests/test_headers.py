"""Finding the header row and deciding what is a lead list: one rule (salesxl.core.headers)
for export, validate and convert, on hand-made files whose answers are worked out by eye."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
import xlsxwriter
from click.testing import CliRunner

from salesxl.cli import cli
from salesxl.core.errors import TableNotFoundError
from salesxl.core.headers import HEADER_SCAN_ROWS, lead_list_lacks, scan_rows, title_rows
from salesxl.io.read import read_workbook

HEADER = ["회사명", "담당자명", "연락처", "예산"]
LEADS = [["(주)한빛", "김철수", "010-1111-2222", "500만원"],
         ["가나상사", "이영희", "010-3333-4444", "1.2억"],
         ["다라물산", "박민수", "010-5555-6666", 3000000],
         ["마바테크", "최지은", "010-7777-8888", ""],
         ["사아유통", "정우성", "010-9999-0000", "200만원"]]


def sheet_file(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    for name, rows in sheets.items():
        ws = wb.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if v not in (None, ""):
                    ws.write(r, c, v)
    wb.close()
    return path


def export_rows(path: Path) -> list[dict[str, str]]:
    res = CliRunner().invoke(cli, ["export", str(path), "--lang", "en"])
    assert res.exit_code == 0, res.output
    return list(csv.DictReader(io.StringIO(res.stdout)))


def test_scan_rows_passes_over_a_title_block_of_any_length() -> None:
    grid = [["title"]] * 500 + [["a", "b"]] + [["x", "y"]] * 1000
    rows = list(scan_rows(grid))
    assert rows[0] == 0 and rows[-1] == 500 + HEADER_SCAN_ROWS - 1
    assert list(scan_rows([["a", "b"]] * 1000)) == list(range(HEADER_SCAN_ROWS))
    odd = [["title"], [], ["  ", "note"]] + [["x", "y"]] * 400  # blank and one-cell rows: 3
    assert title_rows(odd) == 3 and title_rows(odd[3:]) == 0 and title_rows([[]] * 5) == 5
    assert list(scan_rows(odd))[-1] == 3 + HEADER_SCAN_ROWS - 1


def test_the_lead_list_rule() -> None:
    assert lead_list_lacks({"company", "contact_name", "phone"}) is None
    assert lead_list_lacks({"company", "phone"}) is not None  # two columns are not enough
    assert lead_list_lacks({"notes", "status", "deal_amount"}) is not None  # no identifying
    assert lead_list_lacks({"company"}, named=True) is None  # a sheet named 리드 says so
    # an expense report: Name, Date, Amount (and notes) make any list of people
    assert lead_list_lacks({"contact_name", "created_on", "deal_amount", "notes"}) is not None
    assert lead_list_lacks({"contact_name", "created_on", "phone"}) is None


@pytest.mark.parametrize("title_rows", [0, 29, 44, 150])
def test_a_lead_list_under_a_title_block_is_found_whole(tmp_path: Path, title_rows: int) -> None:
    title = [["2026년 영업 현황"], [], ["작성자: 김과장"], ["※ 대외비"]]
    block = [title[i % len(title)] for i in range(title_rows)]
    path = sheet_file(tmp_path / "list.xlsx", {"고객 목록": [*block, HEADER, *LEADS]})
    rows = export_rows(path)
    assert [r["company"] for r in rows] == [row[0] for row in LEADS]
    assert rows[0]["budget_amount"] == "5000000"


def test_a_header_under_many_rows_of_notes_is_found_within_200_rows(tmp_path: Path) -> None:
    notes = [[f"메모 {i}", f"{i}번째 줄"] for i in range(120)]  # two cells each: not a title
    path = sheet_file(tmp_path / "notes-first.xlsx", {"Sheet1": [*notes, HEADER, *LEADS]})
    assert len(export_rows(path)) == 5
    data = read_workbook(path)
    assert data.tables["leads"].header_row == 120


def test_two_chance_synonyms_do_not_make_an_unrelated_sheet_a_lead_list(tmp_path: Path) -> None:
    # an inventory with a "Status" and a "Notes" column: two headers salesxl knows
    path = sheet_file(tmp_path / "inventory.xlsx", {"Stock": [
        ["Item", "Status", "Notes", "Qty"], ["Bolt", "in stock", "", 500],
        ["Nut", "ordered", "due Monday", 0]]})
    with pytest.raises(TableNotFoundError) as err:
        read_workbook(path).table("leads")
    en = err.value.text("en")
    assert "the closest is sheet 'Stock' (header row 1: Status, Notes), which needs an " \
        "identifying column" in en
    res = CliRunner().invoke(cli, ["export", str(path), "--lang", "en"])
    assert res.exit_code == 3 and "Traceback" not in res.output
    assert "'Stock'" in res.output
    res = CliRunner().invoke(cli, ["export", str(path), "--lang", "ko"])
    assert res.exit_code == 3 and "가장 가까운 것은 'Stock' 시트(1행 머리글: Status, Notes)" in res.output


def test_a_sheet_named_leads_without_a_header_row_is_not_read_as_garbage(
        tmp_path: Path) -> None:
    path = sheet_file(tmp_path / "named.xlsx", {"리드": [
        ["이번 주 할 일"], ["전화 돌리기", "견적 보내기"], ["회의 준비", "자료 정리"]]})
    res = CliRunner().invoke(cli, ["export", str(path), "--lang", "en"])
    assert res.exit_code == 3, res.output
    assert "the 리드 sheet has no header row naming its columns" in res.output


def test_convert_finds_the_same_header_row_as_export(tmp_path: Path) -> None:
    block = [["2026년 영업 현황"]] * 60
    path = sheet_file(tmp_path / "legacy.xlsx", {"고객": [*block, HEADER, *LEADS]})
    assert read_workbook(path).tables["leads"].header_row == 60
    out = tmp_path / "out"
    res = CliRunner().invoke(cli, ["convert", str(path), "-o", str(out), "--lang", "en"])
    assert res.exit_code == 0, res.output
    converted = read_workbook(out / "legacy.xlsx")
    assert converted.tables["leads"].frame["company"].tolist() == [row[0] for row in LEADS]
    # and convert refuses the inventory for the same reason export does
    inv = sheet_file(tmp_path / "inventory.xlsx", {"Stock": [
        ["Item", "Status", "Notes", "Qty"], ["Bolt", "in stock", "", 500]]})
    res = CliRunner().invoke(cli, ["convert", str(inv), "-o", str(tmp_path / "o2"),
                                   "--lang", "en"])
    assert "lacks an identifying column" in res.output
