"""`salesxl validate`, `advance` and `followups` on real workbook files.

Each test writes a small workbook, runs the command through click, reads the written cells
back with openpyxl, and checks that every other part of the file kept its exact bytes. The
expected values are worked out by hand (today is Friday 2026-11-27).
"""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path
from typing import Any

import icalendar
import openpyxl
import pytest
import xlsxwriter
from click.testing import CliRunner, Result

from salesxl.cli import cli
from salesxl.core.cells import to_a1
from salesxl.core.config import Config
from salesxl.core.schema import LEADS
from salesxl.io.template import write_team_workbook

TODAY = "2026-11-27"
D = dt.date


def col(key: str) -> int:
    """Zero-based column of a Leads key in a team workbook (columns in schema order)."""
    return LEADS.keys.index(key)


def a1(key: str, row: int) -> str:
    """A1 cell of a Leads key on a 1-based worksheet row."""
    return to_a1(row - 1, col(key))


LEADS_ROWS: list[dict[str, Any]] = [
    # row 2: all four BANT criteria met; stage qualification; tier A
    {"lead_id": "L-1", "rep": "Kim", "company": "Apex Inc.", "contact_name": "Jamie Lee",
     "phone": "010-1234-5678", "tier": "A", "budget_amount": 5_000_000.0,
     "is_decision_maker": True, "need": "ERP", "decision_date": D(2027, 1, 15),
     "stage": "qualification", "stage_updated_on": D(2026, 11, 20),
     "last_contact_on": D(2026, 11, 23), "created_on": D(2026, 10, 1)},
    # row 3: budget as text only (B); decision too far away; tier B
    {"lead_id": "L-2", "rep": "Lee", "company": "한빛소프트", "tier": "B",
     "budget_amount": "500만원", "is_decision_maker": False, "decision_date": D(2027, 9, 1),
     "stage": "needs_assessment", "probability": 0.55, "need": "재고 관리",
     "decision_maker": "박 대표", "last_contact_on": D(2026, 11, 13),
     "created_on": D(2026, 10, 1)},
    # row 4: an unreadable budget; need only
    {"lead_id": "L-3", "rep": "Kim", "company": "Blue Ocean", "tier": "C",
     "budget_amount": "abc", "need": "CRM", "stage": "proposal",
     "last_contact_on": D(2026, 10, 1), "created_on": D(2026, 9, 1)},
    # row 5: closing without a deal amount; tier B; on the closing cadence (7 days)
    {"lead_id": "L-4", "rep": "Lee", "company": "Summit Labs", "tier": "B", "stage": "closing",
     "last_contact_on": D(2026, 11, 20), "created_on": D(2026, 8, 1)},
    # row 6: lost
    {"lead_id": "L-5", "rep": "Kim", "company": "Harbor Foods", "tier": "A", "stage": "lost",
     "outcome": "lost", "lost_reason": "Price", "created_on": D(2026, 8, 1)},
]
OBJECTIONS_ROWS = [{"lead_id": "L-3", "raised_on": D(2026, 11, 2), "category": "price",
                    "objection": "Too expensive", "resolved": False}]


def team_book(tmp_path: Path, lang: str = "en", name: str = "team.xlsx") -> Path:
    path = tmp_path / name
    cfg = Config.default(language=lang)  # type: ignore[arg-type]
    write_team_workbook(path, cfg, {"leads": LEADS_ROWS, "objections": OBJECTIONS_ROWS},
                        lang=lang, created=dt.datetime(2026, 1, 1))
    return path


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {i.filename: zf.read(i.filename) for i in zf.infolist()}


def changed_parts(before: dict[str, bytes], after: dict[str, bytes]) -> set[str]:
    return {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}


def sheet_member(path: Path, sheet: str) -> str:
    from salesxl.io.parts.zipparts import sheet_paths

    with zipfile.ZipFile(path) as zf:
        return sheet_paths(zf)[sheet]


def cells(path: Path, sheet: str, *refs: str) -> list[Any]:
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    return [ws[r].value for r in refs]


def no_traceback(result: Result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


# --- validate ----------------------------------------------------------------------------
def test_validate_writes_the_three_columns_and_nothing_else(tmp_path: Path) -> None:
    book = team_book(tmp_path)
    before = members(book)
    result = run("validate", book, "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert changed_parts(before, members(book)) == {sheet_member(book, "Leads")}
    got = cells(book, "Leads", *[a1(k, r) for r in (2, 3, 4, 5, 6)
                                 for k in ("bant_status", "bant_score", "bant_missing")])
    assert got == [
        "Qualified", 100, None,
        "Partial", 75, "T",          # 500만원 (B), 박 대표 (A), need (N); 2027-09-01 too far
        "Invalid", 25, "B,A,T",      # 'abc' unreadable; need only
        "Unqualified", 0, "B,A,N,T",
        "Unqualified", 0, "B,A,N,T",
    ]
    assert f"Leads!{a1('budget_amount', 4)}: Budget 'abc' is not an amount" in \
        result.stderr
    no_traceback(result)


def test_validate_twice_writes_nothing_the_second_time(tmp_path: Path) -> None:
    book = team_book(tmp_path)
    assert run("validate", book, "--today", TODAY).exit_code == 0
    data = book.read_bytes()
    result = run("validate", book, "--today", TODAY)
    assert result.exit_code == 0
    assert book.read_bytes() == data
    assert "Cells written" in result.stdout and "│ 0" in result.stdout


def test_validate_json_report(tmp_path: Path) -> None:
    book = team_book(tmp_path)
    result = run("validate", book, "--today", TODAY, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["counts"] == {"qualified": 1, "partial": 1, "unqualified": 2, "invalid": 1}
    assert report["rows"] == 5 and report["today"] == TODAY
    cell = f"Leads!{a1('budget_amount', 4)}"
    assert report["problems"] == [{"cell": cell, "sheet": "Leads", "row": 4,
                                   "column": "budget_amount", "value": "abc",
                                   "message": report["problems"][0]["message"]}]
    assert report["problems"][0]["message"].startswith("is not an amount")
    # without a stage date the creation date counts: L-2 in needs assessment since 1 Oct
    # (57 days > 21), L-3 in proposal since 1 Sep (87 > 30), L-4 closing since 1 Aug
    # (118 > 14); L-1 is in qualification since 20 Nov (7 days, not over 14)
    assert [(s["lead_id"], s["days_in_stage"]) for s in report["stale"]] == [
        ("L-2", 57), ("L-3", 87), ("L-4", 118)]
    assert report["stale"][0]["cell"] == f"Leads!{a1('stage', 3)}"


def test_validate_strict_writes_then_exits_1(tmp_path: Path) -> None:
    book = team_book(tmp_path)
    result = run("validate", book, "--today", TODAY, "--strict")
    assert result.exit_code == 1
    assert "--strict" in result.stderr
    assert cells(book, "Leads", a1("bant_status", 2)) == ["Qualified"]
    no_traceback(result)


def test_validate_korean_labels(tmp_path: Path) -> None:
    book = team_book(tmp_path, "ko")
    assert run("validate", book, "--today", TODAY).exit_code == 0
    assert cells(book, "리드", a1("bant_status", 2), a1("bant_status", 4)) == ["적격", "확인 필요"]


def handmade(path: Path, rows: list[list[Any]], table: bool = False) -> Path:
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    ws = wb.add_worksheet("영업관리")
    if table:
        ws.add_table(0, 0, len(rows) - 1, len(rows[0]) - 1,
                     {"name": "tblMine", "columns": [{"header": h} for h in rows[0]],
                      "data": rows[1:]})
    else:
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if v is not None:
                    ws.write(r, c, v)
    ws.write(5, 0, "메모: 이 셀은 그대로")
    wb.close()
    return path


def test_validate_adds_missing_result_columns_after_the_last_used_one(tmp_path: Path) -> None:
    book = handmade(tmp_path / "mine.xlsx", [
        ["고객사", "예산", "키맨", "니즈", "결정일", None, "unlabelled"],
        ["(주)한빛", "3천만원", "김 이사", "ERP", "2027년 1월 5일", None, "x"],
        ["Apex", "", "", "", "", None, None],
    ])
    before = members(book)
    result = run("validate", book, "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert changed_parts(before, members(book)) == {sheet_member(book, "영업관리")}
    # the sheet's last used column is G (a value without a header): new columns from H
    assert cells(book, "영업관리", "H1", "I1", "J1", "H2", "I2", "J2", "H3", "I3", "J3",
                 "A6", "G2") == [
        "BANT 검증 상태", "BANT 점수", "BANT 미확인 항목", "적격", 100, None, "부적격", 0, "B,A,N,T",
        "메모: 이 셀은 그대로", "x"]
    assert "추가한 열" in result.stdout  # a Korean workbook: Korean output


def test_validate_next_to_an_excel_table(tmp_path: Path) -> None:
    book = handmade(tmp_path / "table.xlsx", [
        ["Company", "Budget", "Need"], ["Apex", 5_000_000, "ERP"], ["Blue", None, None]],
        table=True)
    result = run("validate", book, "--today", TODAY)
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(book)
    ws = wb["영업관리"]
    assert ws.tables["tblMine"].ref == "A1:C3"  # the table keeps its size
    assert [ws["D1"].value, ws["D2"].value, ws["E2"].value, ws["F2"].value] == [
        "BANT status", "Partial", 50, "A,T"]


def test_validate_errors_without_traceback(tmp_path: Path) -> None:
    result = run("validate", tmp_path / "missing.xlsx")
    assert result.exit_code == 3
    no_traceback(result)
    result = run("validate", tmp_path / "x.xlsx", "--today", "next tuesday")
    assert result.exit_code == 2
    no_traceback(result)


def test_validate_refuses_a_workbook_open_in_excel(tmp_path: Path) -> None:
    book = team_book(tmp_path)
    (tmp_path / "~$team.xlsx").write_bytes(b"lock")
    data = book.read_bytes()
    result = run("validate", book, "--today", TODAY)
    assert result.exit_code == 3
    assert "open in Excel" in result.stderr
    assert book.read_bytes() == data


# --- advance -----------------------------------------------------------------------------
def history_rows(book: Path, sheet: str = "Stage history") -> list[list[Any]]:
    wb = openpyxl.load_workbook(book)
    return [list(r) for r in wb[sheet].iter_rows(min_row=2, values_only=True) if any(r)]


def test_advance_moves_one_step_and_logs_history(tmp_path: Path) -> None:
    book = team_book(tmp_path)
    before = members(book)
    result = run("advance", book, "--lead", "L-1", "--by", "tester", "--today", TODAY)
    assert result.exit_code == 0, result.output
    # the empty History table already spans row 2, so the table part does not change
    assert changed_parts(before, members(book)) == {sheet_member(book, "Leads"),
                                                    sheet_member(book, "Stage history")}
    stage, since, outcome, prob = cells(book, "Leads", a1("stage", 2),
                                        a1("stage_updated_on", 2), a1("outcome", 2),
                                        a1("probability", 2))
    assert (stage, since.date(), outcome, prob) == ("Needs assessment", D(2026, 11, 27), None,
                                                    0.4)
    [row] = history_rows(book)
    assert row[:4] == ["L-1", "Apex Inc.", "Qualification", "Needs assessment"]
    assert row[4].date() == D(2026, 11, 27)
    assert row[5:] == ["tester", "No", None]
    wb = openpyxl.load_workbook(book)
    assert wb["Stage history"].tables["tblHistory"].ref == "A1:H2"
    assert "L-1: Qualification -> Needs assessment" in result.stdout


def test_advance_keeps_a_probability_the_rep_set(tmp_path: Path) -> None:
    book = team_book(tmp_path)
    result = run("advance", book, "--lead", "l-2", "--today", TODAY, "--force", "--reason",
                 "CEO met us")
    assert result.exit_code == 0, result.output
    # needs_assessment -> presentation; 0.55 is not the needs-assessment default 0.40
    assert cells(book, "Leads", a1("stage", 3), a1("probability", 3)) == ["Pitch / demo", 0.55]


def test_advance_refused_by_a_gate_changes_nothing(tmp_path: Path) -> None:
    book = team_book(tmp_path)
    data = book.read_bytes()
    result = run("advance", book, "--lead", "L-4", "--to", "won", "--today", TODAY)
    assert result.exit_code == 1
    assert book.read_bytes() == data
    assert "gate 'Deal amount set' failed" in result.stderr
    assert f"fill in Leads!{a1('deal_amount', 5)} (Deal amount)" in result.stderr
    assert a1("deal_amount", 5) == "AC5"
    no_traceback(result)


def test_advance_names_each_open_objection(tmp_path: Path) -> None:
    book = team_book(tmp_path)
    data = book.read_bytes()
    result = run("advance", book, "--lead", "L-3", "--today", TODAY)
    assert result.exit_code == 1
    assert "'Objections resolved' failed" in result.stderr
    assert "fill in Objections!G2 (Resolved: Yes)" in result.stderr  # as the dropdown says
    assert book.read_bytes() == data


def test_advance_all_or_nothing(tmp_path: Path) -> None:
    book = team_book(tmp_path)
    data = book.read_bytes()
    result = run("advance", book, "--lead", "L-1", "--lead", "L-4", "--to", "won")
    assert result.exit_code == 1
    assert book.read_bytes() == data


def test_advance_skip_needs_force_and_reason(tmp_path: Path) -> None:
    book = team_book(tmp_path)
    data = book.read_bytes()
    result = run("advance", book, "--lead", "L-1", "--to", "Proposal", "--today", TODAY)
    assert result.exit_code == 1
    assert "skipping a stage needs --force and --reason" in result.stderr
    assert "(the next stage is Needs assessment)" in result.stderr
    result = run("advance", book, "--lead", "L-1", "--to", "proposal", "--force")
    assert result.exit_code == 2
    assert "--force needs --reason" in result.stderr
    assert book.read_bytes() == data
    result = run("advance", book, "--lead", "L-1", "--to", "제안 및 이의 처리", "--force",
                 "--reason", "demo done at the trade show", "--by", "kim", "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert cells(book, "Leads", a1("stage", 2), a1("probability", 2)) == ["Proposal", 0.75]
    [row] = history_rows(book)
    assert row[2:4] == ["Qualification", "Proposal"]
    assert row[5:] == ["kim", "Yes", "demo done at the trade show"]


def test_advance_outcomes_set_outcome_and_probability(tmp_path: Path) -> None:
    book = team_book(tmp_path)
    result = run("advance", book, "--lead", "L-2", "--to", "lost", "--today", TODAY)
    assert result.exit_code == 1  # no lost reason yet
    assert f"fill in Leads!{a1('lost_reason', 3)} (Lost reason)" in result.stderr
    result = run("advance", book, "--lead", "L-2", "--to", "on hold", "--today", TODAY)
    assert result.exit_code == 1
    assert f"Leads!{a1('resume_on', 3)} (Resume on)" in result.stderr


def test_advance_unknown_lead_lists_near_matches(tmp_path: Path) -> None:
    book = team_book(tmp_path)
    result = run("advance", book, "--lead", "L1")
    assert result.exit_code == 2
    assert "no lead 'L1'" in result.stderr and "did you mean" in result.stderr
    result = run("advance", book, "--lead", "L-1", "--to", "nowhere")
    assert result.exit_code == 2
    assert "needs_assessment (Needs assessment)" in result.stderr
    no_traceback(result)


def test_advance_creates_a_history_sheet_when_there_is_none(tmp_path: Path) -> None:
    path = tmp_path / "plain.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Leads")
    ws.write_row(0, 0, ["Lead ID", "Company", "Stage", "Need"])
    ws.write_row(1, 0, ["P-1", "Apex", "Lead", "ERP"])  # "Lead" means prospecting
    wb.close()
    before = members(path)
    result = run("advance", path, "--lead", "P-1", "--by", "lee", "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert "(new sheet)" in result.stdout
    after = members(path)
    new_parts = after.keys() - before.keys()
    assert new_parts == {"xl/worksheets/sheet2.xml"}
    untouched = before.keys() - {"xl/worksheets/sheet1.xml", "xl/workbook.xml",
                                 "xl/_rels/workbook.xml.rels", "[Content_Types].xml",
                                 "xl/styles.xml"}
    assert all(before[k] == after[k] for k in untouched)
    wb2 = openpyxl.load_workbook(path)
    assert wb2.sheetnames == ["Leads", "Stage history"]  # Excel reserves "History"
    ws2 = wb2["Leads"]
    # stage written in place; stage date and probability get new columns after D
    # (outcome gets none: qualification is not an outcome)
    assert [ws2["C2"].value, ws2["E1"].value, ws2["E2"].value.date(), ws2["F1"].value,
            ws2["F2"].value, ws2["G1"].value] == [
        "Qualification", "Stage updated", D(2026, 11, 27), "Probability", 0.2, None]
    rows = list(wb2["Stage history"].iter_rows(values_only=True))
    assert rows[0] == ("Lead ID", "Company", "From stage", "To stage", "Changed at",
                       "Changed by", "Forced", "Reason")
    assert rows[1][:4] == ("P-1", "Apex", "Prospecting", "Qualification")
    assert rows[1][5:] == ("lee", "No", None)
    # the next move appends below the new sheet's row
    assert run("advance", path, "--lead", "P-1", "--to", "lost", "--force", "--reason",
               "budget cut", "--today", TODAY).exit_code == 0
    rows = list(openpyxl.load_workbook(path)["Stage history"].iter_rows(values_only=True))
    assert [r[2:4] for r in rows[1:]] == [("Prospecting", "Qualification"),
                                         ("Qualification", "Lost")]
    assert rows[2][6:] == ("Yes", "budget cut")


def test_advance_resumes_an_on_hold_lead_where_it_was(tmp_path: Path) -> None:
    path = tmp_path / "hold.xlsx"
    leads = [{"lead_id": "H-1", "stage": "on_hold", "outcome": "on_hold", "probability": 0.0,
              "resume_on": D(2026, 12, 1)},
             {"lead_id": "H-2", "stage": "on_hold", "resume_on": D(2026, 12, 1)}]
    history = [{"lead_id": "H-1", "from_stage": "presentation", "to_stage": "proposal",
                "changed_at": dt.datetime(2026, 9, 1, 10)},
               {"lead_id": "H-1", "from_stage": "proposal", "to_stage": "on_hold",
                "changed_at": dt.datetime(2026, 10, 1, 10)}]
    activities = [{"lead_id": "H-1", "date": D(2026, 8, 30), "type": "demo"}]
    write_team_workbook(path, Config.default(language="en"),
                        {"leads": leads, "history": history, "activities": activities},
                        lang="en")
    result = run("advance", path, "--lead", "H-1", "--today", TODAY, "--by", "kim")
    assert result.exit_code == 0, result.output
    # back to Proposal (from History); outcome cleared; probability 0% was on hold's default
    assert cells(path, "Leads", a1("stage", 2), a1("outcome", 2), a1("probability", 2)) == [
        "Proposal", None, 0.75]
    assert [r[2:4] for r in history_rows(path)][-1] == ["On hold", "Proposal"]
    result = run("advance", path, "--lead", "H-2", "--today", TODAY)
    assert result.exit_code == 1
    assert "give the stage it resumes at with --to STAGE" in result.stderr


# --- followups ---------------------------------------------------------------------------
def test_followups_writes_date_channel_status(tmp_path: Path) -> None:
    book = team_book(tmp_path)
    before = members(book)
    result = run("followups", book, "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert changed_parts(before, members(book)) == {sheet_member(book, "Leads")}
    keys = ("next_follow_up_on", "follow_up_channel", "follow_up_status")
    got = cells(book, "Leads", *[a1(k, r) for r in (2, 3, 4, 5, 6) for k in keys])
    got = [v.date() if isinstance(v, dt.datetime) else v for v in got]
    assert got == [
        D(2026, 11, 30), "Visit", "Scheduled",     # A: 23 Nov + 7 = Mon 30 Nov
        D(2026, 11, 27), "Call", "Due today",      # B: 13 Nov + 14 = today
        D(2026, 11, 2), "E-mail", "Overdue",       # C: 1 Oct + 30 = Sat 31 Oct -> 2 Nov, kept
        D(2026, 11, 27), "Call", "Due today",      # B closing: 20 Nov + 7 = today
        None, None, "None",                        # lost
    ]


def test_followups_for_one_rep_with_a_calendar(tmp_path: Path) -> None:
    book = team_book(tmp_path)
    ics = tmp_path / "kim.ics"
    result = run("followups", book, "--today", TODAY, "--rep", "kim", "--ics", ics)
    assert result.exit_code == 0, result.output
    statuses = cells(book, "Leads", *[a1("follow_up_status", r) for r in (2, 3, 4, 5, 6)])
    assert statuses == ["Scheduled", None, "Overdue", None, "None"]  # Lee's rows untouched
    cal = icalendar.Calendar.from_ical(ics.read_bytes())
    events = cal.walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Visit: Apex Inc.", "E-mail: Blue Ocean"]
    first = events[0]
    assert first.decoded("DTSTART") == D(2026, 11, 30)
    assert first.decoded("DTEND") == D(2026, 12, 1)
    text = str(first["DESCRIPTION"])
    for part in ("L-1", "Apex Inc.", "Jamie Lee", "010-1234-5678", "Leads!A2",
                 "#'Leads'!A2", "file:///"):
        assert part in text
    assert str(first["URL"]).startswith(book.resolve().as_uri())
    uids = [str(e["UID"]) for e in events]
    assert uids[0].startswith("L-1-20261130-")
    # a second export gives the same UIDs: calendars update the events instead of adding
    run("followups", book, "--today", TODAY, "--rep", "KIM", "--ics", ics)
    again = icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    assert [str(e["UID"]) for e in again] == uids


def test_followups_unknown_rep(tmp_path: Path) -> None:
    book = team_book(tmp_path)
    data = book.read_bytes()
    result = run("followups", book, "--rep", "Park")
    assert result.exit_code == 2
    assert "reps found: Kim, Lee" in result.stderr
    assert book.read_bytes() == data
    no_traceback(result)


def test_followups_korean_labels(tmp_path: Path) -> None:
    book = team_book(tmp_path, "ko")
    assert run("followups", book, "--today", TODAY).exit_code == 0
    assert cells(book, "리드", a1("follow_up_channel", 2), a1("follow_up_status", 2),
                 a1("follow_up_status", 4)) == ["방문", "예정", "기한 초과"]


@pytest.mark.parametrize("command", ["validate", "followups"])
def test_commands_are_documented(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0 and "--today" in result.output


def test_validate_writes_the_next_step_and_gives_ids_in_korean(tmp_path: Path) -> None:
    """Next step = the first unmet exit criterion of the lead's stage, in the rep's words
    (worked out by hand from the seven-step gates); blank IDs get the workbook's pattern."""
    path = tmp_path / "ko.xlsx"
    leads = [
        {"lead_id": "R01-0007", "company": "한빛", "stage": "qualification",
         "budget_amount": 5e6, "need": "ERP", "decision_date": D(2027, 1, 15)},  # A missing
        {"company": "대한물산", "stage": "needs_assessment", "need": "CRM"},  # no DM, no ID
        {"lead_id": "R01-0012", "company": "미래", "stage": "closing"},  # won needs amount
        {"company": "새봄", "stage": "lost", "lost_reason": "가격"},  # closed; no ID
    ]
    write_team_workbook(path, Config.default(language="ko"), {"leads": leads}, lang="ko")
    result = run("validate", path, "--today", TODAY)
    assert result.exit_code == 0, result.output
    got = cells(path, "리드", *[a1(k, r) for r in (2, 3, 4, 5) for k in ("lead_id", "next_step")])
    assert got[0::2] == ["R01-0007", "R01-0013", "R01-0012", "R01-0014"]
    assert got[1] == "BANT 검증: 고객에게 확인한 결정권자 여부를 입력하세요"
    assert got[3] == "니즈·결정권자 확인: 의사결정권자를 입력하세요"
    assert got[5] == "금액 확정: 예상 금액을 입력하세요"
    assert got[7]  # the Playbook's action after a lost deal
    assert "새로 매긴 리드 번호" in result.stdout
    again = run("validate", path, "--today", TODAY)  # IDs never change once given
    assert cells(path, "리드", a1("lead_id", 3), a1("lead_id", 5)) == ["R01-0013", "R01-0014"]
    assert "새로 매긴 리드 번호" not in again.stdout


def test_followups_count_an_undated_lead_from_today_and_say_so(tmp_path: Path) -> None:
    """An A-tier lead with no date at all used to get status 'none'; it is counted from today
    (7 days later, a business day) and its 등록일 shows today."""
    path = tmp_path / "undated.xlsx"
    write_team_workbook(path, Config.default(language="ko"),
                        {"leads": [{"lead_id": "U-1", "company": "무명", "tier": "A",
                                    "stage": "prospecting"}]}, lang="ko")
    result = run("followups", path, "--today", "2026-12-07")  # a Monday
    assert result.exit_code == 0, result.output
    created, due, status = cells(path, "리드", a1("created_on", 2), a1("next_follow_up_on", 2),
                                 a1("follow_up_status", 2))
    assert created.date() == D(2026, 12, 7) and due.date() == D(2026, 12, 14)
    assert status == "예정" and "오늘 등록" in result.stdout
