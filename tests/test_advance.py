"""`salesxl advance` as a rep meets it: what it says when it refuses, what it writes when it
moves, in English and Korean workbooks. Each test pins behaviour that a mutant of
`salesxl/commands/advance.py` changed without any other test noticing (see docs/testing.md).

Workbooks come from `salesxl.init` and are filled with openpyxl (`teambook`); the expected
texts and cells are worked out by hand from the template's columns (Leads: A Lead ID, N Budget,
P Budget confirmed, V Stage, W Stage updated, X Next step, Y Outcome, AC Deal amount,
AD Probability; Objections: G Resolved) and, for a Korean workbook, from the message
catalogue and the glossary (shared/TERMS-ko.md): messages come in the workbook's language.
Today is Friday 2026-11-27.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from click.testing import CliRunner, Result
from teambook import HEADERS, fill, lead_grid, load, new_book, row_values, word

import salesxl
from salesxl.cli import cli

TODAY = dt.date(2026, 11, 27)
D = dt.date
QUALIFIED = {"budget_amount": 5_000_000, "decision_maker": "박 대표", "need": "ERP",
             "decision_date": D(2027, 1, 15)}


def run(*args: Any) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def book_with(tmp_path: Path, leads: list[dict[str, Any]], lang: str = "en",
              **tables: list[dict[str, Any]]) -> Path:
    return fill(new_book(tmp_path / f"adv-{lang}.xlsx", lang), {"leads": leads, **tables}, lang)


# --- refusals: the words and the cells ------------------------------------------------------
def test_refusal_texts_in_english(tmp_path: Path) -> None:
    book = book_with(tmp_path, [
        {"lead_id": "A-1", "stage": "Qualification", "need": "ERP"},            # row 2
        {"lead_id": "A-2", "stage": "Proposal"},                                # row 3
        {"lead_id": "A-3"},                                                      # row 4
        {"lead_id": "A-4", "stage": "Presentation"},                             # row 5
        {"lead_id": "A-5", "stage": "On hold", "resume_on": D(2026, 12, 1)},   # row 6
    ], objections=[{"lead_id": "A-2", "category": "Price", "resolved": "maybe"}])
    before = book.read_bytes()
    # BANT: each unmet letter is a group of cells, any one of which will do
    result = run("advance", book, "--lead", "A-1", "--today", TODAY)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].endswith(
        "A-1 cannot move from Qualification to Needs assessment:")
    assert ("  gate 'BANT qualified' failed: BANT is Partial (not met: B,A,T); fill in Leads!N2 "
            "(Budget: an amount above the minimum budget) or Leads!P2 (Budget confirmed: Yes); "
            "fill in Leads!Q2 (Is decision maker: Yes) or Leads!R2 (Decision maker); fill in "
            "Leads!U2 (Decision date: a date from 2026-11-27 to 2027-05-26)") in result.stderr
    assert "  To move it anyway, pass --force --reason TEXT." in result.stderr.splitlines()
    # an objection whose Resolved cell cannot be read is named with what is wrong with it
    result = run("advance", book, "--lead", "A-2", "--today", TODAY)
    assert "gate 'Objections resolved' failed: 1 objection(s) logged for the lead are not " \
           "resolved; correct Objections!G2 (Resolved): 'maybe' is not" in result.stderr
    # the same stage; a backward move; a skip from no stage
    assert "A-2 (Proposal) cannot move: the lead is already in that stage." in run(
        "advance", book, "--lead", "A-2", "--to", "proposal", "--today", TODAY).stderr
    assert "A-2 cannot move from Proposal to Prospecting: moving backwards needs --force and " \
           "--reason (the next stage is Closing)." in run(
               "advance", book, "--lead", "A-2", "--to", "prospecting").stderr
    assert "A-3 cannot move from (no stage) to Won: skipping a stage needs --force and " \
           "--reason (the next stage is Prospecting)." in run(
               "advance", book, "--lead", "A-3", "--to", "won").stderr
    # a skip from on hold (History says nothing): no next stage to name
    assert "A-5 cannot move from On hold to Won: skipping a stage needs --force and --reason." \
        in run("advance", book, "--lead", "A-5", "--to", "won").stderr.splitlines()[0]
    # two refusals: one line each, then one closing line
    result = run("advance", book, "--lead", "A-3", "--to", "won", "--lead", "A-2", "--to", "won")
    lines = result.stderr.splitlines()
    assert [line.split(" cannot")[0][-3:] for line in lines if " cannot " in line] == [
        "A-3", "A-2"]
    assert lines[-1] == "Nothing was changed."
    # no demo yet: a row to add, not a cell
    assert "log an activity of type Demo for A-4 on the Activities sheet" in run(
        "advance", book, "--lead", "A-4", "--today", TODAY).stderr
    assert book.read_bytes() == before


def test_refusal_texts_in_korean(tmp_path: Path) -> None:
    book = book_with(tmp_path, [
        {"lead_id": "K-1", "stage": "종결"},                       # row 2
        {"lead_id": "K-2", "stage": "영업 홍보/제품 시연"},           # row 3
        {"lead_id": "K-3", "stage": "리드 자격 확인", **QUALIFIED},   # row 4
    ], "ko")
    # the stages are typed in the old words (synonyms now); the answer is in the glossary's
    result = run("advance", book, "--lead", "K-1", "--today", TODAY)
    assert "K-1: 클로징에서 수주로 옮길 수 없습니다:" in result.stderr
    assert "  진입 조건 '금액 확정' 미충족: 예상 금액이 비어 있습니다; 리드!AC2 (예상 금액)에 값을 " \
           "입력하세요" in result.stderr.splitlines()
    assert "그래도 옮기려면 --force --reason \"사유\"를 붙이세요." in result.stderr
    assert result.stderr.splitlines()[-1] == "아무것도 바꾸지 않았습니다."
    assert "활동 내역 시트에 K-2의 활동을 유형 '데모'(으)로 기록하세요" in run(
        "advance", book, "--lead", "K-2", "--today", TODAY).stderr
    assert "(다음 단계는 니즈 파악입니다)" in run(
        "advance", book, "--lead", "K-3", "--to", "proposal", "--today", TODAY).stderr
    result = run("advance", book, "--lead", "K-3", "--to", "nowhere")
    assert result.exit_code == 2
    assert "proposal (제안·반론 대응), closing (클로징), won (수주)" in result.stderr


def test_an_unreadable_cell_is_never_taken_for_a_blank(tmp_path: Path) -> None:
    """'abc' in Budget with Budget confirmed = yes would meet B if it were blank; it is
    unreadable, so BANT is invalid and the move is refused, naming the cell."""
    book = book_with(tmp_path, [{"lead_id": "U-1", "stage": "Qualification",
                                 **QUALIFIED, "budget_amount": "abc",
                                 "budget_confirmed": "yes"}])
    result = run("advance", book, "--lead", "U-1", "--today", TODAY)
    assert result.exit_code == 1
    assert "correct Leads!N2 (Budget): 'abc' is not an amount" in result.stderr


def test_an_unreadable_stage_is_refused_not_read_as_no_stage(tmp_path: Path) -> None:
    book = book_with(tmp_path, [{"lead_id": "S-1", "stage": "bogus"}])
    before = book.read_bytes()
    result = run("advance", book, "--lead", "S-1", "--today", TODAY)
    assert result.exit_code == 1
    assert "Leads!V2: stage 'bogus' is not one of the allowed values" in result.stderr
    assert result.stderr.rstrip().endswith("; fix the cell, then run again. Nothing was changed.")
    assert book.read_bytes() == before


def test_unknown_and_missing_leads(tmp_path: Path) -> None:
    book = book_with(tmp_path, [{"lead_id": f"R01-000{i}", "stage": "Prospecting"}
                                for i in range(1, 8)] + [{"company": "no id"}])
    result = run("advance", book, "--lead", "ZZZ")
    assert result.exit_code == 2
    assert result.stderr.rstrip().endswith("no lead 'ZZZ' in Leads (7 lead ids)")
    result = run("advance", book, "--lead", "R01-0009")
    hint = result.stderr.split("did you mean ")[1].rstrip().rstrip("?")
    assert [h[:5] for h in hint.split(", ")] == ["R01-0"] * 5  # the five nearest
    with pytest.raises(salesxl.SalesxlError, match="name at least one lead with --lead ID"):
        salesxl.advance(book, [], today=TODAY)
    result = run("advance", book, "--lead", "R01-0001", "--force")
    assert result.exit_code == 2
    assert "--force needs --reason TEXT saying why (it is kept in History)" in result.stderr


# --- moves: what is written ----------------------------------------------------------------
def test_the_library_takes_one_id_and_never_forces_by_default(tmp_path: Path) -> None:
    book = book_with(tmp_path, [
        {"lead_id": "B-1", "stage": "Prospecting"},
        {"lead_id": "B-2", "stage": "Prospecting"},
    ])
    with pytest.raises(salesxl.SalesxlError, match="skipping a stage needs --force"):
        salesxl.advance(book, "B-1", to="proposal", today=TODAY)
    report = salesxl.advance(book, "B-1", today=TODAY, by="kim")
    assert report.path == book
    assert report.history_sheet == "Stage history" and not report.history_created
    assert report.cells_written > 0 and report.columns_added == []
    [change] = report.changes
    assert (change.lead_id, change.cell, change.from_stage, change.to_stage, change.kind,
            change.forced, change.probability, change.from_label, change.to_label) == (
        "B-1", "Leads!V2", "prospecting", "qualification", "next", False, 0.2,
        "Prospecting", "Qualification")


def test_two_moves_add_two_history_rows_below_the_old_ones(tmp_path: Path) -> None:
    book = book_with(tmp_path, [
        {"lead_id": "M-1", "stage": "Prospecting"},
        {"lead_id": "M-2", "stage": "Qualification", **QUALIFIED},
    ], history=[{"lead_id": "M-1", "from_stage": None, "to_stage": "prospecting"}])
    result = run("advance", book, "--lead", "M-1", "--lead", "M-2", "--today", TODAY,
                 "--by", "kim")
    assert result.exit_code == 0, result.output
    assert "M-1: Prospecting -> Qualification (Leads!V2, probability 20%)" in result.stdout
    assert "M-2: Qualification -> Needs assessment (Leads!V3, probability 40%)" in result.stdout
    rows = [[h["Lead ID"], h["From stage"], h["To stage"]] for h in row_values(book, "history")]
    assert rows == [["M-1", None, "prospecting"], ["M-1", "Prospecting", "Qualification"],
                    ["M-2", "Qualification", "Needs assessment"]]


@pytest.mark.parametrize(("stage", "to", "lead", "forced"), [
    ("Prospecting", None, {}, "No"),                        # a plain step, --force or not
    ("Prospecting", "needs_assessment", QUALIFIED, "Yes"),  # a skip, every gate met
    ("Proposal", "qualification", {}, "Yes"),               # a step back
])
def test_forced_in_history_means_force_was_needed(tmp_path: Path, stage: str, to: str | None,
                                                  lead: dict[str, Any], forced: str) -> None:
    book = book_with(tmp_path, [{"lead_id": "F-1", "stage": stage, **lead}])
    args = ["--to", to] if to else []
    result = run("advance", book, "--lead", "F-1", *args, "--force", "--reason", "why",
                 "--today", TODAY)
    assert result.exit_code == 0, result.output
    [row] = row_values(book, "history")
    assert [row["Forced"], row["Reason"]] == [forced, "why"]


def test_a_korean_workbook_gets_korean_words_everywhere(tmp_path: Path) -> None:
    # typed in an old word for qualification (a synonym now): answered in the glossary's
    book = book_with(tmp_path, [{"lead_id": "G-1", "stage": "리드 자격 확인", **QUALIFIED}], "ko")
    result = run("advance", book, "--lead", "G-1", "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert "G-1: 리드 검증 -> 니즈 파악 (리드!V2, 수주 확률 40%)" in result.stdout
    assert "단계 변경 이력: '단계 변경 이력' 시트에 1행 추가" in result.stdout
    assert lead_grid(book, [2], ["stage", "probability"], "ko")[2] == ["니즈 파악", 0.4]
    [row] = row_values(book, "history", "ko")
    h = {k: row[word(label, "ko")] for k, label in HEADERS["history"].items()}
    assert [h["from_stage"], h["to_stage"], h["forced"]] == ["리드 검증", "니즈 파악", "아니오"]


def _handmade(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    wb = xlsxwriter.Workbook(str(path))
    for name, rows in sheets.items():
        ws = wb.add_worksheet(name)
        for r, row in enumerate(rows):
            ws.write_row(r, 0, row)
    wb.close()
    return path


def test_a_new_history_sheet_in_korean(tmp_path: Path) -> None:
    ko = _handmade(tmp_path / "ko.xlsx", {"리드": [["리드 ID", "회사명", "단계"],
                                                 ["H-1", "한빛", "신규"]]})
    result = run("advance", ko, "--lead", "H-1", "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert "단계 변경 이력: '단계 변경 이력' 시트에 1행 추가 (새 시트)" in result.stdout
    wb = load(ko)
    assert wb.sheetnames == ["리드", "단계 변경 이력"]
    rows = list(wb["단계 변경 이력"].iter_rows(values_only=True))
    assert rows[0] == ("리드 번호", "고객사명", "이전 단계", "변경 단계", "변경 일시", "변경자",
                       "강제 여부", "사유")
    assert rows[1][:4] == ("H-1", "한빛", "리드 발굴", "리드 검증")
    assert wb["리드"]["C2"].value == "리드 검증"
    assert wb["리드"]["D1"].value == "단계 변경일"  # a column added, labelled in Korean


def test_a_workbook_without_a_deal_amount_column_says_to_add_one(tmp_path: Path) -> None:
    book = _handmade(tmp_path / "plain.xlsx", {"Leads": [["Lead ID", "Stage"],
                                                         ["P-1", "Closing"]]})
    result = run("advance", book, "--lead", "P-1", "--today", TODAY)
    assert result.exit_code == 1
    assert "add a Deal amount column to Leads and fill it in for P-1" in result.stderr


def test_resume_at_the_stage_before_the_latest_hold(tmp_path: Path) -> None:
    """History rows in any order: the newest hold (by its time) says where to resume."""
    history = [
        {"lead_id": "R-1", "from_stage": "Proposal", "to_stage": "On hold",
         "changed_at": dt.datetime(2026, 10, 1, 9)},
        {"lead_id": "R-1", "from_stage": "Qualification", "to_stage": "On hold",
         "changed_at": dt.datetime(2026, 6, 1, 9)},
        {"lead_id": "R-2", "from_stage": None, "to_stage": "On hold",
         "changed_at": dt.datetime(2026, 9, 1, 9)},
    ]
    book = book_with(tmp_path, [
        {"lead_id": "R-1", "stage": "On hold", "resume_on": D(2026, 12, 1)},
        {"lead_id": "R-2", "stage": "On hold", "resume_on": D(2026, 12, 1)},
    ], history=history, activities=[{"lead_id": "R-1", "date": D(2026, 5, 1), "type": "Demo"}])
    result = run("advance", book, "--lead", "R-1", "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert "R-1: On hold -> Proposal" in result.stdout
    result = run("advance", book, "--lead", "R-2", "--today", TODAY)
    assert result.exit_code == 1
    assert "History does not say where it was" in result.stderr


def test_a_hand_made_korean_sheet_is_answered_in_its_own_words(tmp_path: Path) -> None:
    """No Activities sheet, no Budget confirmed column, headers in the rep's own words."""
    book = _handmade(tmp_path / "mine.xlsx", {"영업": [
        ["리드번호", "진행상황", "예산", "키맨", "니즈", "결정일"],
        ["P-1", "상담중", None, "김 이사", "ERP", "2027-01-15"],
        ["P-2", "데모", None, None, None, None]]})
    result = run("advance", book, "--lead", "P-1", "--today", TODAY)
    assert result.exit_code == 1
    assert ("영업!C2 (예산: 최소 예산 이상의 금액)에 값을 입력하세요 또는 영업 시트에 "
            "'예산 확보 여부' 열을 추가하고 P-1의 값을 입력하세요") in result.stderr
    result = run("advance", book, "--lead", "P-2", "--today", TODAY)
    assert "활동 내역 시트에 P-2의 활동을 유형 '데모'(으)로 기록하세요" in result.stderr


def test_a_sheet_without_a_stage_column_still_moves(tmp_path: Path) -> None:
    book = _handmade(tmp_path / "ids.xlsx", {"Leads": [["Lead ID", "Company"], ["N-1", "Apex"]]})
    result = run("advance", book, "--lead", "N-1", "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert "N-1: (no stage) -> Prospecting" in result.stdout
    assert load(book)["Leads"]["C1"].value == "Stage"


def test_history_names_who_moved_the_lead(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import getpass

    book = book_with(tmp_path, [{"lead_id": "W-1", "stage": "Prospecting"},
                                {"lead_id": "W-2", "stage": "Prospecting"}])
    monkeypatch.setattr(getpass, "getuser", lambda: "jhkim")
    assert run("advance", book, "--lead", "W-1", "--today", TODAY).exit_code == 0

    def no_user() -> str:
        raise OSError("no user name")

    monkeypatch.setattr(getpass, "getuser", no_user)
    assert run("advance", book, "--lead", "W-2", "--today", TODAY).exit_code == 0
    assert [h["Changed by"] for h in row_values(book, "history")] == ["jhkim", "unknown"]


def test_a_hand_made_history_sheet_gets_dated_rows(tmp_path: Path) -> None:
    book = _handmade(tmp_path / "hist.xlsx", {
        "Leads": [["Lead ID", "Stage"], ["D-1", "Lead"]],
        "Stage history": [["Lead ID", "From stage", "To stage", "Changed at"]]})
    result = run("advance", book, "--lead", "D-1", "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert "History: 1 row(s) added to sheet 'Stage history'" in result.stdout
    cell = load(book)["Stage history"]["D2"]
    assert cell.number_format == "yyyy-mm-dd hh:mm" and cell.value.date() == TODAY


def test_a_sheet_without_lead_ids_cannot_name_leads(tmp_path: Path) -> None:
    book = _handmade(tmp_path / "noid.xlsx", {"Leads": [["Company", "Stage"], ["Apex", "Lead"]]})
    result = run("advance", book, "--lead", "X-1")
    assert result.exit_code == 2
    assert "the Leads sheet has no Lead ID column; add one so leads can be named with --lead" \
        in result.stderr
