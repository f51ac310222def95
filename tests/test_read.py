"""Reading: tables by sheet name or headers, canonical keys, row numbers, round-trips."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salesxl.core.config import Config
from salesxl.core.errors import Problem, TableNotFoundError, WorkbookError
from salesxl.io.read import read_workbook, typed_column, typed_frame
from salesxl.io.template import write_team_workbook


def _handmade(path: Path, sheet: str, rows: list[list[object]], start_row: int = 0) -> Path:
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    ws = wb.add_worksheet(sheet)
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if v is not None:
                ws.write(start_row + r, c, v)
    wb.close()
    return path


def test_handmade_leads_sheet_without_config_uses_defaults(tmp_path):
    path = _handmade(tmp_path / "mine.xlsx", "리드", [
        ["회사명", "담당자명", "예산", "진행상황", "My own column"],
        ["(주)한빛", "김철수", "500만원", "상담중", "keep me"],
        [None, None, None, None, None],
        ["Apex Inc.", "Jamie Lee", 3000000, "Closed Won", ""],
    ])
    book = read_workbook(path)
    assert book.config_sheet is None
    assert any("기본 설정" in n for n in book.notes)  # Korean headers: Korean notes
    leads = book.table("leads")
    assert leads.sheet == "리드"
    assert leads.columns == {"company": 0, "contact_name": 1, "budget_amount": 2, "stage": 3}
    assert leads.extras == {"My own column": 4}
    assert list(leads.frame.index) == [1, 3]  # zero-based worksheet rows; the blank row dropped
    problems: list[Problem] = []
    budget = typed_column(leads, "budget_amount", book.config, problems)
    assert budget.tolist() == [5_000_000, 3_000_000]
    stage = typed_column(leads, "stage", book.config, problems)
    assert stage.tolist() == ["qualification", "won"]
    assert problems == []


def test_table_found_by_headers_below_a_title(tmp_path):
    path = _handmade(tmp_path / "odd.xlsx", "Sheet1", [
        ["2026 pipeline"], [], ["Lead ID", "Company", "Stage", "Budget"],
        ["L-1", "Apex", "Proposal", "abc"],
    ])
    book = read_workbook(path)
    leads = book.table("leads")
    assert (leads.sheet, leads.header_row, leads.found_by) == ("Sheet1", 2, "headers")
    problems: list[Problem] = []
    typed_column(leads, "budget_amount", book.config, problems)
    assert len(problems) == 1
    p = problems[0]
    assert p.where == "Sheet1!D4"
    assert "Sheet1!D4: budget_amount 'abc' is not an amount" in str(p)


def test_missing_table_names_the_sheets(tmp_path):
    path = _handmade(tmp_path / "x.xlsx", "Notes", [["just", "text"]])
    book = read_workbook(path)
    with pytest.raises(TableNotFoundError, match="Sheets: Notes"):
        book.table("leads")


@pytest.mark.parametrize("content", [b"", b"not a workbook at all", b"PK\x03\x04broken"])
def test_unreadable_files_give_a_clear_error(tmp_path, content):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(content)
    with pytest.raises(WorkbookError, match=r"bad\.xlsx"):
        read_workbook(path)


def test_missing_file(tmp_path):
    with pytest.raises(WorkbookError, match="no such file"):
        read_workbook(tmp_path / "nope.xlsx")


def test_config_sheet_drives_the_stages(tmp_path, small_team):
    cfg = Config.default("short", language="en")
    path = write_team_workbook(tmp_path / "t.xlsx", cfg)
    book = read_workbook(path)
    assert book.config.pipeline_name == "short"
    assert book.config.stage_keys == cfg.stage_keys
    assert book.config.language == "en"
    assert book.notes == []


# --- round trip: rows written by salesxl read back equal -----------------------------------
texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=30)
lead_rows = st.fixed_dictionaries({
    "lead_id": st.from_regex(r"L-[0-9]{1,6}", fullmatch=True),
    "company": texts,
    "contact_name": texts,
    "phone": st.sampled_from(["010-1234-5678", "+82 10-1234-5678", "01012345678", "=1+1",
                              "@SUM(A1)", "-5", None]),
    "budget_amount": st.one_of(st.none(), st.integers(0, 10**12).map(float)),
    "budget_confirmed": st.one_of(st.none(), st.booleans()),
    "decision_date": st.one_of(st.none(), st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31))),
    "stage": st.sampled_from(Config.default().stage_keys),
    "tier": st.sampled_from(["A", "B", "C", "D", None]),
    "probability": st.one_of(st.none(), st.integers(0, 100).map(lambda n: n / 100)),
    "notes": texts,
})


def _canonical_text(value):
    if isinstance(value, str):
        return value.strip() or None
    return value


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(lead_rows, min_size=1, max_size=12), lang=st.sampled_from(["ko", "en"]))
def test_rows_written_read_back_equal(tmp_path, rows, lang):
    cfg = Config.default(language=lang)
    path = write_team_workbook(tmp_path / "rt.xlsx", cfg, {"leads": rows}, lang=lang)
    book = read_workbook(path)
    problems: list[Problem] = []
    frame = typed_frame(book.table("leads"), book.config, problems)
    assert problems == []
    # blank rows are not rows: a row whose every written value is blank disappears
    expected = [r for r in rows if any(_canonical_text(v) is not None for v in r.values())]
    assert len(frame) == len(expected)
    for got, want in zip(frame.to_dict(orient="records"), expected, strict=True):
        for key, value in want.items():
            assert got[key] == _canonical_text(value), key


def test_a_table_sheet_is_never_taken_for_another_table(tmp_path):
    path = tmp_path / "customers-only.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Customers")
    ws.write_row(0, 0, ["Lead ID", "Contact", "Hobbies"])
    ws.write_row(1, 0, ["L-1", "Kim", "golf"])
    wb.close()
    book = read_workbook(path)
    assert "customers" in book.tables and "leads" not in book.tables
