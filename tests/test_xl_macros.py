"""The buttons' RunPython entry points, run on real workbook files through a stand-in Excel.

`xlwings_shim.FakeBook` shows a workbook file as Excel would (every sheet's values loaded with
salesxl's own reader, in COM's shapes) and records the cells a macro writes. Each button must
write exactly the cells the corresponding command writes into the same file, and report
everything in the salesxl sheet, never by raising.
"""

from __future__ import annotations

import datetime as dt
import inspect
import shutil
from pathlib import Path

import pytest
import xlwings as xw
import xlwings_shim as shim
from xlwings_shim import FakeBook, shown

from salesxl.core.schema import HISTORY, LEADS
from salesxl.io.read import read_workbook
from salesxl.xl import macros, panel
from salesxl.xl.book import file_grids, read_open_book

TODAY = dt.date(2026, 11, 27)
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(macros, "today", lambda: TODAY)


@pytest.fixture
def team(tmp_path, small_team):
    return shim.team_book(tmp_path / "team.xlsx", small_team[0]), small_team[0].lang


def click(monkeypatch, book: FakeBook, entry: str) -> macros.Report:
    """Click a button: its RunPython entry point with `book` as the caller."""
    monkeypatch.setattr(xw.Book, "caller", staticmethod(lambda: book))
    report: list[macros.Report] = []
    real = macros.run
    monkeypatch.setattr(macros, "run", lambda e, w, b=None: report.append(real(e, w, b)))
    getattr(macros, entry)()
    return report[0]


def command_writes(path: Path, command: str) -> dict[tuple[str, int, int], object]:
    """The cells `salesxl COMMAND` changes in a copy of `path` (sheet, row, col) -> value."""
    copy = path.with_name(f"cli-{command}-{path.name}")
    shutil.copyfile(path, copy)
    before = file_grids(copy)
    shim.run_command(command, copy, TODAY)
    return shim.grid_changes(before, file_grids(copy))


def macro_writes(book: FakeBook, skip: str = panel.SHEET) -> dict[tuple[str, int, int], object]:
    return {k: shown(v) for k, v in book.written.items() if k[0] != skip}


def log(book: FakeBook) -> list[list[object]]:
    """The message area of the salesxl sheet, as the rep reads it."""
    sheet = book.sheets[panel.SHEET]
    last = sheet.used_range.last_cell.row
    rows = sheet.range((panel.LOG_FIRST_ROW + 1, 2), (max(last, panel.LOG_FIRST_ROW + 1), 5))
    return [[shown(v) for v in row] for row in rows.options(ndim=2).value]


def test_validate_leads_writes_what_salesxl_validate_writes(monkeypatch, team):
    path, lang = team
    expected = command_writes(path, "validate")
    book = FakeBook(path)
    report = click(monkeypatch, book, "validate_leads")
    assert expected and macro_writes(book) == expected
    lines = log(book)
    assert lines[0][2] == panel.button("validate_leads").caption(lang)
    n = len(read_workbook(path).table("leads").frame)
    assert (f"리드 {n}건: " if lang == "ko" else f"{n} leads: ") in lines[0][3]  # its language
    assert any(line[2].startswith(f"{LEADS.label(lang)}!N") and "'abc'" in line[3]
               for line in lines), "the unreadable budget is listed with its cell"
    assert book.app.status_bar.startswith("salesxl: ")
    assert report.lines and not [x for x in report.lines if x[0] == "error"]


def test_a_second_validate_writes_nothing(monkeypatch, team):
    path, _ = team
    book = FakeBook(path)
    click(monkeypatch, book, "validate_leads")
    book.written.clear()
    click(monkeypatch, book, "validate_leads")
    assert macro_writes(book) == {}


def test_schedule_follow_ups_writes_what_salesxl_followups_writes(monkeypatch, team):
    path, lang = team
    expected = command_writes(path, "followups")
    book = FakeBook(path)
    click(monkeypatch, book, "schedule_follow_ups")
    assert expected and macro_writes(book) == expected
    lines = log(book)
    overdue = "기한 초과" if lang == "ko" else "Overdue"
    assert any(str(line[3]).startswith(overdue) for line in lines)
    tier = LEADS.column("tier").label(lang)  # the header the rep knows, not the key
    assert any(str(line[3]).startswith(f"{tier} 'Z'") for line in lines)


@pytest.mark.parametrize("variant", ["as written", "a Summary, no Leads", "Leads renamed"])
def test_the_open_book_is_read_as_the_file_reader_reads_the_file(team, variant):
    path, lang = team
    if variant == "a Summary, no Leads":
        from salesxl.commands.summary import summary

        summary(path, today=TODAY, backup=False)
        import openpyxl

        wb = openpyxl.load_workbook(path)  # without Leads, every sheet is searched for it
        del wb[LEADS.label(lang)]
        wb.save(path)
    elif variant == "Leads renamed":  # found by its headers instead of its name
        import openpyxl

        wb = openpyxl.load_workbook(path)
        wb[LEADS.label(lang)].title = "Pipeline 2026"
        wb.save(path)
    from_file = read_workbook(path)
    from_excel = read_open_book(FakeBook(path))
    assert from_excel.config == from_file.config and from_excel.lang == from_file.lang
    assert from_excel.tables.keys() == from_file.tables.keys()
    for key, td in from_file.tables.items():
        got = from_excel.tables[key]
        assert (got.sheet, got.header_row, got.columns, got.extras) == \
            (td.sheet, td.header_row, td.columns, td.extras)
        assert got.frame.index.tolist() == td.frame.index.tolist()
        assert got.frame.map(shown).equals(td.frame.map(shown)), key


def _lead_row(path: Path, lead_id: str) -> int:
    td = read_workbook(path).table("leads")
    return int(td.frame.index[td.frame["lead_id"] == lead_id][0])


def test_advance_moves_the_selected_leads_as_salesxl_advance_does(monkeypatch, tmp_path,
                                                                  small_team):
    rep = small_team[0]
    ids = [lead["lead_id"] for lead in rep.leads if lead["stage"] == "prospecting"][:2]
    path = shim.team_book(tmp_path / "team.xlsx", rep, extra=[])
    copy = tmp_path / "cli.xlsx"
    shutil.copyfile(path, copy)
    before = file_grids(copy)
    from salesxl.commands.advance import advance

    advance(copy, ids, today=TODAY)
    expected = shim.grid_changes(before, file_grids(copy))
    # History's company column is a formula: Excel fills it in the rows the button adds
    history, company = HISTORY.label(rep.lang), HISTORY.keys.index("company")
    expected = {k: v for k, v in expected.items() if (k[0], k[2]) != (history, company)}
    book = FakeBook(path)
    leads = book.sheets[LEADS.label(rep.lang)]
    rows = [_lead_row(path, i) + 1 for i in ids]
    leads.select(f"A{rows[0]}:C{rows[0]},E{rows[1]}")  # two areas, as with Ctrl+click
    book.sheets.add(panel.SHEET, after=book.sheets[len(book.sheets) - 1]).activate()
    report = click(monkeypatch, book, "advance_selected_leads")
    moved = "리드 2건을 다음 단계로 옮기고" if rep.lang == "ko" else "2 lead(s) moved"
    assert book.saved == 1 and report.summary.startswith(moved), report.summary
    got = macro_writes(book)
    assert got.keys() == expected.keys()
    for key, value in expected.items():
        if isinstance(value, dt.datetime):  # History's timestamp: the seconds differ
            assert isinstance(got[key], dt.datetime)
        else:
            assert got[key] == value, key
    assert book.active.name == panel.SHEET  # the panel is shown again with the messages


def test_advance_refuses_like_the_command_and_changes_nothing(monkeypatch, tmp_path, small_team):
    rep = small_team[0]
    path = shim.team_book(tmp_path / "team.xlsx", rep)
    book = FakeBook(path)
    leads = book.sheets[LEADS.label(rep.lang)]
    row = _lead_row(path, "T-5") + 1  # lost: no next stage
    leads.select(f"B{row}")
    leads.activate()
    report = click(monkeypatch, book, "advance_selected_leads")
    assert macro_writes(book) == {}
    assert rep.lang == "ko"  # a Korean workbook: the refusal is Korean, every line of it
    assert report.summary.startswith("아무것도 바꾸지 않았습니다. 선택한 리드 1건을")
    assert any("T-5" in message for _, _, message in report.lines)
    assert report.lines[-1][2] == "아무것도 바꾸지 않았습니다."


def test_advance_without_a_selection_says_what_to_do(monkeypatch, team):
    path, _ = team
    book = FakeBook(path)
    book.sheets[0].select("A1")  # the header row only
    report = click(monkeypatch, book, "advance_selected_leads")
    assert macro_writes(book) == {}
    assert "시트에서 리드의 행(그 행의 아무 셀이나)을 하나 이상 선택한 뒤" in report.summary
    assert log(book)[0][1] in ("error", "오류")


def test_refresh_summary_copies_the_summary_the_command_builds(monkeypatch, team):
    path, _ = team
    from salesxl.commands.summary import summary

    copy = path.with_name("cli-summary.xlsx")
    shutil.copyfile(path, copy)
    result = summary(copy, today=TODAY, backup=False)
    expected = file_grids(copy)[result.sheet]
    book = FakeBook(path)
    report = click(monkeypatch, book, "refresh_summary")
    assert book.saved == 1, report.summary
    sheet = book.sheets[result.sheet]
    got = sheet.range((1, 1), (len(expected), len(expected[0]))).options(ndim=2).value
    assert [[shown(v) for v in row] for row in got] == \
        [[shown(v) for v in row] for row in expected]
    assert report.summary.startswith(f"{result.sheet} 시트를 새로 고쳤습니다: ")


def test_a_missing_feature_says_so_in_the_sheet(monkeypatch, team):
    path, _ = team
    monkeypatch.setitem(__import__("sys").modules, "salesxl.commands.summary", None)
    book = FakeBook(path)
    report = click(monkeypatch, book, "refresh_summary")
    assert "아직 '요약 새로 고침' 기능이 없어" in report.summary
    assert book.saved == 0 and macro_writes(book) == {}


def test_consolidate_a_folder_writes_and_opens_a_team_workbook(monkeypatch, tmp_path,
                                                               small_team):
    reps = tmp_path / "reps"
    reps.mkdir()
    for rep in small_team[:2]:
        shim.team_book(reps / f"{rep.name}.xlsx", rep, extra=[])
    from salesxl.commands.consolidate import consolidate

    expected = consolidate([reps], tmp_path / "cli-team.xlsx", workers=1)
    book = FakeBook(REPO / "workbooks" / "SalesTeam-en.xlsm")
    book.sheets[panel.SHEET].range((panel.FOLDER_CELL[0] + 1, panel.FOLDER_CELL[1] + 1)).value \
        = str(reps)
    report = click(monkeypatch, book, "consolidate_folder")
    out = reps / f"salesxl-team-{TODAY.isoformat()}.xlsx"
    assert out.exists() and book.app.opened == [str(out)]
    assert f"{expected.leads_team} leads" in report.summary


def test_import_a_legacy_workbook_converts_and_opens_it(monkeypatch, tmp_path):
    import xlsxwriter

    legacy = tmp_path / "old leads.xlsx"
    wb = xlsxwriter.Workbook(str(legacy))
    ws = wb.add_worksheet("영업관리")
    for r, row in enumerate([["고객사", "담당자명", "연락처", "금액", "진행상황"],
                             ["바른건설", "강정우", "010-1234-5678", "500만원", "제안"],
                             ["한빛식품", "이서연", "010-2222-3333", "1.2억", "계약완료"]]):
        ws.write_row(r, 0, row)
    wb.close()
    book = FakeBook(REPO / "workbooks" / "SalesTeam-ko.xlsm")
    book.sheets[panel.SHEET].range((panel.LEGACY_CELL[0] + 1, panel.LEGACY_CELL[1] + 1)).value \
        = str(legacy)
    report = click(monkeypatch, book, "import_legacy_workbook")
    assert report.summary.startswith("2행을 읽었습니다: 변환 2행, 변환 제외 0행"), report.lines
    assert len(book.app.opened) == 1 and Path(book.app.opened[0]).exists()
    assert read_workbook(book.app.opened[0]).table("leads").frame.shape[0] == 2


@pytest.mark.parametrize(("entry", "cell"), [("consolidate_folder", "D17"),
                                             ("import_legacy_workbook", "D18")])
def test_manager_buttons_ask_for_their_input(monkeypatch, entry, cell):
    book = FakeBook(REPO / "workbooks" / "SalesTeam-en.xlsm")
    report = click(monkeypatch, book, entry)
    assert f"in salesxl!{cell} first" in report.summary
    assert book.app.opened == []


def test_errors_never_escape_as_tracebacks(monkeypatch, tmp_path, team):
    path, _ = team

    def broken(*args, **kwargs):
        raise RuntimeError("COM is gone")

    monkeypatch.setattr(macros, "open_book", broken)
    book = FakeBook(path)
    report = click(monkeypatch, book, "validate_leads")
    # a Korean workbook: the message is Korean, with the technical cause as it was raised
    assert report.summary.startswith("salesxl이 예기치 않게 멈췄습니다 (RuntimeError: COM is gone)")
    assert "예기치 않게 멈췄습니다" in str(log(book)[0][3])
    assert "예기치 않게 멈췄습니다" in book.app.status_bar


def test_a_workbook_without_leads_gets_a_clear_message(monkeypatch):
    book = FakeBook(REPO / "workbooks" / "SalesTeam-en.xlsm")
    book.sheets.items = [s for s in book.sheets.items if s.name in ("Config", panel.SHEET)]
    report = click(monkeypatch, book, "schedule_follow_ups")
    assert "no Leads table found" in report.summary


def test_the_ready_workbook_validates_with_no_leads(monkeypatch):
    book = FakeBook(REPO / "workbooks" / "SalesTeam-ko.xlsm")
    report = click(monkeypatch, book, "validate_leads")
    assert report.summary.startswith("리드 0건: 적격 0건, ")
    header = book.sheets[panel.SHEET].range((panel.LOG_HEADER_ROW + 1, 2),
                                            (panel.LOG_HEADER_ROW + 1, 5)).value
    assert header == [["시각", "구분", "위치", "내용"]]


def test_every_entry_point_takes_no_arguments_and_has_a_button():
    for b in panel.BUTTONS:
        fn = getattr(macros, b.entry)
        assert inspect.signature(fn).parameters == {}, b.entry
        assert fn.__doc__
