"""Promises a rep relies on, each tested so that breaking it fails a test (issue 10).

- `advance` is all-or-nothing: when any of the named leads is refused, the file keeps every
  byte and the command exits 1.
- Moves to won, lost and on hold write the outcome, the probability (100 %, 0 %, the rep's
  own), the stage date and a History row — and no other cell of the lead's row.
- A company holiday and a work week typed into the Config sheet move follow-up dates; a wrong
  value there is refused with its cell named.
- A lead ID that two rows share is refused by `advance`, naming both rows' cells.

Every workbook starts as `salesxl.init` writes it and is filled with openpyxl as a rep would
type into it (`teambook`). Today is Friday 2026-11-27; dates are worked out by hand on the
calendar (no Korean public holiday falls between 23 November and 11 December 2026).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from teambook import (
    HEADERS,
    fill,
    lead_cell_ref,
    lead_cells,
    lead_grid,
    load,
    new_book,
    row_values,
    sheet,
    word,
)

import salesxl
from salesxl.cli import cli

TODAY = dt.date(2026, 11, 27)
D = dt.date


def run(*args: Any) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def no_traceback(result: Result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception


def serial_day(value: Any) -> Any:
    """The day of a date or date-time cell, also when its format does not show a date (the
    cell then reads as the Excel serial number, days since 1899-12-30; that format is a bug
    of its own: see `test_a_written_date_shows_as_a_date`)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return D(1899, 12, 30) + dt.timedelta(days=int(value))
    if isinstance(value, dt.datetime):
        return value.date()
    return value


QUALIFIED = {"budget_amount": 5_000_000, "decision_maker": "박 대표", "need": "ERP",
             "decision_date": D(2027, 1, 15)}


# --- advance: all or nothing ----------------------------------------------------------------
def two_leads(tmp_path: Path) -> Path:
    """L-1 (row 2) may move one step: qualification -> needs assessment (BANT qualified).
    L-4 (row 3) may not: closing -> won needs a deal amount, and it has none."""
    book = new_book(tmp_path / "two.xlsx")
    return fill(book, {"leads": [
        {"lead_id": "L-1", "rep": "Kim", "tier": "A", "stage": "Qualification",
         "created_on": D(2026, 10, 1), **QUALIFIED},
        {"lead_id": "L-4", "rep": "Lee", "tier": "B", "stage": "Closing",
         "created_on": D(2026, 8, 1)},
    ]})


@pytest.mark.parametrize("order", [("L-1", "L-4"), ("L-4", "L-1")])
def test_one_refused_move_means_no_move_and_the_same_bytes(tmp_path: Path,
                                                           order: tuple[str, str]) -> None:
    book = two_leads(tmp_path)
    before = book.read_bytes()
    args = [a for lead in order for a in ("--lead", lead)]
    result = run("advance", book, *args, "--today", TODAY, "--by", "kim")
    assert result.exit_code == 1, result.output
    assert book.read_bytes() == before
    assert "L-4 cannot move from Closing to Won" in result.stderr
    assert "fill in Leads!AC3 (Deal amount)" in result.stderr
    assert "Nothing was changed" in result.stderr
    assert not (tmp_path / ".salesxl-backup").exists() or not any(
        (tmp_path / ".salesxl-backup").iterdir())
    no_traceback(result)


def test_the_allowed_move_alone_is_made(tmp_path: Path) -> None:
    """The control for the test above: L-1's move on its own is allowed and written, so the
    two-lead refusal is the all-or-nothing rule at work, not a refusal of L-1."""
    book = two_leads(tmp_path)
    before = book.read_bytes()
    result = run("advance", book, "--lead", "L-1", "--today", TODAY, "--by", "kim")
    assert result.exit_code == 0, result.output
    assert book.read_bytes() != before
    assert lead_cells(book, 2, ["stage"]) == ["Needs assessment"]
    assert lead_cells(book, 3, ["stage"]) == ["Closing"]


def test_the_library_refuses_all_or_nothing_too(tmp_path: Path) -> None:
    book = two_leads(tmp_path)
    before = book.read_bytes()
    with pytest.raises(salesxl.SalesxlError, match="L-4 cannot move") as info:
        salesxl.advance(book, ["L-1", "L-4"], today=TODAY, by="kim")
    assert info.value.exit_code == 1
    assert book.read_bytes() == before


# --- advance: what a move to won, lost or on hold writes ------------------------------------
OUTCOME_LEADS = [
    # row 2: closing with a deal amount -> won (the next stage)
    {"lead_id": "W-1", "rep": "Kim", "tier": "A", "stage": "Closing", "deal_amount": 12_000_000,
     "probability": 0.9, "stage_updated_on": D(2026, 10, 1), "created_on": D(2026, 8, 3),
     "last_contact_on": D(2026, 11, 20)},
    # row 3: proposal with a lost reason -> lost
    {"lead_id": "X-1", "rep": "Lee", "tier": "B", "stage": "Proposal", "deal_amount": 3_000_000,
     "probability": 0.75, "lost_reason": "Price", "stage_updated_on": D(2026, 11, 2),
     "created_on": D(2026, 9, 1)},
    # row 4: proposal with a resume date and the rep's own 55 % -> on hold
    {"lead_id": "H-1", "rep": "Kim", "tier": "C", "stage": "Proposal", "deal_amount": 7_000_000,
     "probability": 0.55, "resume_on": D(2027, 1, 11), "stage_updated_on": D(2026, 11, 2),
     "created_on": D(2026, 9, 1)},
]
# lang -> lead -> (--to, stage and outcome label, probability after, History from/to labels)
OUTCOME_MOVES: dict[str, dict[str, tuple[str | None, str, float, str, str]]] = {
    "en": {"W-1": (None, "Won", 1.0, "Closing", "Won"),
           "X-1": ("lost", "Lost", 0.0, "Proposal", "Lost"),
           "H-1": ("On hold", "On hold", 0.55, "Proposal", "On hold")},
    "ko": {"W-1": (None, "수주", 1.0, "클로징", "수주"),
           "X-1": ("실주", "실주", 0.0, "제안·반론 대응", "실주"),
           "H-1": ("보류", "보류", 0.55, "제안·반론 대응", "보류")},
}
ROW = {"W-1": 2, "X-1": 3, "H-1": 4}
MOVED = ("stage", "stage_updated_on", "outcome", "probability")


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("lead", ["W-1", "X-1", "H-1"])
def test_an_outcome_move_writes_outcome_probability_date_and_history(
        tmp_path: Path, lang: str, lead: str) -> None:
    book = fill(new_book(tmp_path / f"out-{lang}.xlsx", lang), {"leads": OUTCOME_LEADS}, lang)
    to, label, prob, from_label, to_label = OUTCOME_MOVES[lang][lead]
    others = [k for k in HEADERS["leads"] if k not in (*MOVED, "customer_id")]
    before = lead_grid(book, list(ROW.values()), others, lang)
    args = ["--to", to] if to else []
    result = run("advance", book, "--lead", lead, *args, "--today", TODAY, "--by", "tester")
    assert result.exit_code == 0, result.output
    after = lead_grid(book, list(ROW.values()), [*MOVED, *others], lang)
    stage, since, outcome, probability = after[ROW[lead]][:4]
    assert (stage, serial_day(since), outcome) == (label, TODAY, label)
    assert probability == pytest.approx(prob)
    # nothing else in any lead's row changed, and the other leads kept their stage cells;
    # a won lead is the workbook's first customer (C-0001), the others are none
    assert {r: cells[4:] for r, cells in after.items()} == before
    linked = lead_grid(book, list(ROW.values()), ["customer_id"], lang)
    assert {r: cells[0] for r, cells in linked.items()} == {
        row: "C-0001" if other == lead == "W-1" else None for other, row in ROW.items()}
    for other, row in ROW.items():
        if other != lead:
            original = next(x for x in OUTCOME_LEADS if x["lead_id"] == other)
            assert after[row][:4:2] == [original["stage"], None]
    history = row_values(book, "history", lang)
    assert len(history) == 1
    h = [history[0][word(HEADERS["history"][k], lang)]
         for k in ("lead_id", "from_stage", "to_stage", "changed_at", "changed_by", "forced")]
    assert h[:3] == [lead, from_label, to_label]
    assert serial_day(h[3]) == TODAY
    assert h[4] == "tester"
    assert h[5] == ("No" if lang == "en" else "아니오")


# Once a bug: salesxl.io.parts.styles.StyleBook read the <numFmt> elements of <dxfs> as cell
# number formats, so in a workbook saved by another program a written date showed as ₩46,353.
@pytest.mark.parametrize("command", ["advance", "followups"])
def test_a_written_date_shows_as_a_date(tmp_path: Path, command: str) -> None:
    book = fill(new_book(tmp_path / "fmt.xlsx"), {"leads": OUTCOME_LEADS})
    args = ["--lead", "W-1"] if command == "advance" else []
    assert run(command, book, *args, "--today", TODAY).exit_code == 0
    key = "stage_updated_on" if command == "advance" else "next_follow_up_on"
    ws = load(book)["Leads"]
    cell = ws[lead_cell_ref(book, 2, key)]
    assert cell.is_date, (cell.value, cell.number_format)


def test_won_then_upgraded_keeps_outcome_and_probability(tmp_path: Path) -> None:
    book = fill(new_book(tmp_path / "up.xlsx"), {"leads": OUTCOME_LEADS})
    assert run("advance", book, "--lead", "W-1", "--today", TODAY).exit_code == 0
    result = run("advance", book, "--lead", "W-1", "--today", TODAY)  # won -> upgraded
    assert result.exit_code == 0, result.output
    stage, since, outcome, probability = lead_cells(book, 2, MOVED)
    assert [stage, serial_day(since), outcome, probability] == ["Upsell", TODAY, "Upsell", 1]
    assert [[h["From stage"], h["To stage"]] for h in row_values(book, "history")] == [
        ["Closing", "Won"], ["Won", "Upsell"]]


# --- Config: holidays and the work week move follow-up dates --------------------------------
CONFIG_LEADS = [
    # row 2, tier A (7 days): last contact Mon 23 Nov -> Mon 30 Nov
    {"lead_id": "F-1", "rep": "Kim", "tier": "A", "stage": "Proposal",
     "last_contact_on": D(2026, 11, 23)},
    # row 3, tier A: last contact today, Fri 27 Nov -> Fri 4 Dec
    {"lead_id": "F-2", "rep": "Kim", "tier": "A", "stage": "Proposal",
     "last_contact_on": D(2026, 11, 27)},
    # row 4, tier C (30 days): last contact Thu 5 Nov -> Sat 5 Dec
    {"lead_id": "F-3", "rep": "Lee", "tier": "C", "stage": "Qualification",
     "last_contact_on": D(2026, 11, 5)},
]


def follow_ups(book: Path, lang: str = "en") -> list[tuple[Any, Any]]:
    grid = lead_grid(book, (2, 3, 4), ["next_follow_up_on", "follow_up_status"], lang)
    return [(serial_day(day), status) for day, status in grid.values()]


def configured(tmp_path: Path, name: str, lang: str = "en", *, work_week: str | None = None,
               holidays: list[Any] = ()) -> Path:  # type: ignore[assignment]
    book = new_book(tmp_path / f"{name}.xlsx", lang)
    edits: dict[tuple[str, int | str, str], Any] = {}
    for i, day in enumerate(holidays):
        edits[("holidays", i, "Date" if lang == "en" else "날짜")] = day
    if work_week is not None:
        # the Korean sheet names the setting 근무일
        edits[("settings", "work_week" if lang == "en" else "근무일",
               "Value" if lang == "en" else "값")] = work_week
    return fill(book, {"leads": CONFIG_LEADS}, lang, edits)


@pytest.mark.parametrize(("name", "lang", "work_week", "holidays", "expected"), [
    # the defaults: Monday to Friday, Korean public holidays only
    ("plain", "en", None, [], [D(2026, 11, 30), D(2026, 12, 4), D(2026, 12, 7)]),
    # a team holiday on Mon 30 Nov -> Tue 1 Dec; typed as text in the Korean form too
    ("one-holiday", "en", None, [D(2026, 11, 30)],
     [D(2026, 12, 1), D(2026, 12, 4), D(2026, 12, 7)]),
    ("text-holiday", "ko", None, ["2026년 11월 30일"],
     [D(2026, 12, 1), D(2026, 12, 4), D(2026, 12, 7)]),
    # 30 Nov and 1 Dec off -> Wed 2 Dec; Mon 7 Dec off -> Tue 8 Dec for F-3 (Sat 5 -> Mon 7)
    # three holidays fill the template's blank row before the next section (Sources)
    ("three-holidays", "en", None, [D(2026, 11, 30), D(2026, 12, 1), D(2026, 12, 7)],
     [D(2026, 12, 2), D(2026, 12, 4), D(2026, 12, 8)]),
    # a six-day week: Sat 5 Dec is a working day
    ("six-days", "en", "Mon,Tue,Wed,Thu,Fri,Sat", [],
     [D(2026, 11, 30), D(2026, 12, 4), D(2026, 12, 5)]),
    # Monday to Thursday, in Korean: Fri 4 Dec -> Mon 7 Dec
    ("four-days", "ko", "월,화,수,목", [], [D(2026, 11, 30), D(2026, 12, 7), D(2026, 12, 7)]),
    # Sunday to Thursday: Fri 4 Dec -> Sun 6 Dec; Sat 5 Dec -> Sun 6 Dec
    ("sun-thu", "en", "Sun,Mon,Tue,Wed,Thu", [],
     [D(2026, 11, 30), D(2026, 12, 6), D(2026, 12, 6)]),
    # Monday to Thursday and Mon 7 Dec off: both Friday-and-weekend dates -> Tue 8 Dec
    ("four-days-and-holiday", "en", "Mon,Tue,Wed,Thu", [D(2026, 12, 7)],
     [D(2026, 11, 30), D(2026, 12, 8), D(2026, 12, 8)]),
])
def test_config_holidays_and_work_week_move_follow_ups(
        tmp_path: Path, name: str, lang: str, work_week: str | None, holidays: list[Any],
        expected: list[dt.date]) -> None:
    book = configured(tmp_path, name, lang, work_week=work_week, holidays=holidays)
    result = run("followups", book, "--today", TODAY)
    assert result.exit_code == 0, result.output
    scheduled = "Scheduled" if lang == "en" else "예정"
    assert follow_ups(book, lang) == [(day, scheduled) for day in expected]


def test_the_excel_function_reads_the_same_config_sheet(tmp_path: Path) -> None:
    """SALESXL_FOLLOW_UPS_TABLE(tblLeads[#All], salesxl_config, TODAY()) moves the same dates."""
    from xlwings_shim import call, com_grid, sheet_rows

    book = configured(tmp_path, "excel", "en", work_week="Mon,Tue,Wed,Thu",
                      holidays=[D(2026, 12, 7)])
    leads = sheet_rows(book, "Leads")[:4]
    config = sheet_rows(book, "Config")
    got = call("SALESXL_FOLLOW_UPS_TABLE", com_grid(leads), com_grid(config),
               dt.datetime(2026, 11, 27))
    assert [serial_day(row[0]) for row in got[1:]] == [D(2026, 11, 30), D(2026, 12, 8),
                                                       D(2026, 12, 8)]


# --- Config: a wrong value is refused, naming its cell --------------------------------------
# case -> (section, row (first cell or index), header, value typed, the cell named)
# (once bugs: a wrong stage value was named at the stage key's cell, and an unknown language
# was a KeyError traceback)
WRONG: dict[str, tuple[str, int | str, str, str, str]] = {
    "work week": ("settings", "work_week", "Value", "Funday", "B10"),
    "horizon": ("settings", "bant_horizon_days", "Value", "soon", "B12"),
    "cadence": ("tiers", "B", "Cadence (days)", "often", "B38"),
    "holiday": ("holidays", 0, "Date", "next Tuesday", "A45"),
    "probability": ("pipeline", "proposal", "Probability", "lots", "E27"),
    "language": ("settings", "language", "Value", "fr", "B7"),
}


@pytest.mark.parametrize("case", list(WRONG))
def test_a_wrong_config_value_names_its_cell(tmp_path: Path, case: str) -> None:
    section, which, header, value, cell = WRONG[case]
    # the cells, counted by hand on the template's Config sheet: Settings rows 6-18 (language
    # 7, work_week 10, bant_horizon_days 12), Pipeline 23-32 (proposal 27), Tiers 37-40
    # (B 38), Extra holidays from 45
    book = fill(new_book(tmp_path / "bad.xlsx"), {"leads": CONFIG_LEADS}, "en",
                {(section, which, header): value})
    before = book.read_bytes()
    for command in ("followups", "validate", "advance"):
        args = ["--lead", "F-1"] if command == "advance" else []
        result = run(command, book, *args, "--today", TODAY)
        no_traceback(result)
        assert result.exit_code == 3, (command, result.output)
        assert f"Config!{cell}: " in result.stderr, (command, result.stderr)
        assert f"{book}: the Config sheet has 1 wrong value(s):" in result.stderr
        assert repr(value) in result.stderr
        assert book.read_bytes() == before


# --- advance: a lead ID two rows share ------------------------------------------------------
@pytest.mark.parametrize("twin", ["L-7", " l-7 "])
def test_a_repeated_lead_id_is_refused_naming_both_rows(tmp_path: Path, twin: str) -> None:
    book = fill(new_book(tmp_path / "dup.xlsx"), {"leads": [
        {"lead_id": "L-7", "rep": "Kim", "tier": "A", "stage": "Prospecting"},   # row 2
        {"lead_id": "L-8", "rep": "Kim", "tier": "A", "stage": "Prospecting"},   # row 3
        {"lead_id": twin, "rep": "Lee", "tier": "B", "stage": "Prospecting"},    # row 4
    ]})
    before = book.read_bytes()
    for leads in (["L-7"], ["L-8", "L-7"], ["l-7"]):
        args = [a for lead in leads for a in ("--lead", lead)]
        result = run("advance", book, *args, "--today", TODAY)
        assert result.exit_code == 1, result.output
        assert "Leads!A2" in result.stderr and "Leads!A4" in result.stderr, result.stderr
        assert book.read_bytes() == before
        no_traceback(result)
    # the control: the lead with its own ID moves
    assert run("advance", book, "--lead", "L-8", "--today", TODAY).exit_code == 0
    assert lead_cells(book, 3, ["stage"]) == ["Qualification"]


def test_helpers_type_what_salesxl_reads(tmp_path: Path) -> None:
    """The workbook helper writes where salesxl reads: every typed value comes back."""
    book = fill(new_book(tmp_path / "rt.xlsx", "ko"), {"leads": OUTCOME_LEADS}, "ko")
    rows = {r["lead_id"]: r for r in __import__("json").loads(
        salesxl.export(book, format="json"))}
    assert set(rows) == {"W-1", "X-1", "H-1"}
    # "Price" is a word of the Lost reasons list: exported as its key
    assert rows["W-1"]["stage"] == "closing" and rows["X-1"]["lost_reason"] == "price"
    assert rows["H-1"]["resume_on"] == "2027-01-11" and rows["H-1"]["probability"] == 0.55
    assert lead_cell_ref(book, 3, "deal_amount", "ko") == "AC3"
    assert sheet("history", "ko") == "단계 변경 이력" and word(("a", "b"), "ko") == "b"


# --- validate: a stage or outcome typed as a synonym is written as the dropdown's label ------
def test_validate_writes_stage_and_outcome_words_as_the_workbooks_labels(tmp_path: Path) -> None:
    """The Weighted amount formula and the dropdowns know the Config labels only: after
    validate, a stage typed as a key, an English label or an old word reads as its Korean
    label (from the glossary), and the sheet's formula weighs it as salesxl does."""
    book = new_book(tmp_path / "words.xlsx", lang="ko")
    typed = [("proposal", None), ("종결", None), ("Proposal", None), ("제안·반론 대응", None),
             ("수주", "계약완료"), ("실주", "closed lost")]
    fill(book, {"leads": [
        {"lead_id": f"L-{i}", "rep": "김", "company": f"회사 {i}", "tier": "B", "stage": s,
         "outcome": o, "deal_amount": 1_000_000, "created_on": D(2026, 10, 1)}
        for i, (s, o) in enumerate(typed, start=1)]}, lang="ko")
    result = run("validate", book, "--today", TODAY)
    no_traceback(result)
    got = lead_grid(book, range(2, 2 + len(typed)), ["stage", "outcome"], lang="ko")
    assert list(got.values()) == [["제안·반론 대응", None], ["클로징", None],
                                  ["제안·반론 대응", None], ["제안·반론 대응", None],
                                  ["수주", "수주"], ["실주", "실주"]]
