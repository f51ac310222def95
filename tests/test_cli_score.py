"""`salesxl score` on real workbook files, and the forecast switch in the Config sheet.

The fixture's pattern is known by construction: 50 inbound deals of which 40 won (80 %), 50
outbound deals of which 10 won (20 %), everything else alike; every deal closes from proposal
after 10 days, one a day. Open leads sit in proposal.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlsxwriter
from click.testing import CliRunner, Result

from salesxl.cli import cli
from salesxl.commands.score import score
from salesxl.core.config import Config
from salesxl.core.errors import WorkbookError
from salesxl.core.rules.scoring import MINUS
from salesxl.core.schema import LEADS
from salesxl.io.read import read_workbook
from salesxl.io.template import write_team_workbook

TODAY = "2026-12-07"
START = dt.date(2025, 9, 1)


def deals(won_in: int = 40, n_in: int = 50, won_out: int = 10, n_out: int = 50,
          open_leads: int = 4) -> dict[str, list[dict[str, Any]]]:
    leads: list[dict[str, Any]] = []
    history: list[dict[str, Any]] = []
    inbound = [("inbound", i * won_in // n_in != (i + 1) * won_in // n_in) for i in range(n_in)]
    outbound = [("outbound", i * won_out // n_out != (i + 1) * won_out // n_out)
                for i in range(n_out)]
    # inbound and outbound alternate; wins are spread evenly over each
    outcomes = [x for pair in itertools.zip_longest(inbound, outbound) for x in pair if x]
    for n, (source_type, won) in enumerate(outcomes):
        close = START + dt.timedelta(days=n)
        stage = "won" if won else "lost"
        leads.append({"lead_id": f"C-{n:03d}", "created_on": close - dt.timedelta(days=10),
                      "rep": "Kim", "company": f"Co {n}", "source_type": source_type,
                      "stage": stage, "stage_updated_on": close, "deal_amount": 10_000_000.0,
                      "lost_reason": None if won else "Price"})
        history.append({"lead_id": f"C-{n:03d}", "from_stage": "proposal", "to_stage": stage,
                        "changed_at": dt.datetime.combine(close, dt.time(10))})
    entered = dt.date(2026, 11, 27)
    for k in range(open_leads):
        leads.append({"lead_id": f"O-{k}", "created_on": entered, "rep": "Kim",
                      "company": f"Open {k}", "source_type": "inbound" if k % 2 == 0
                      else "outbound", "stage": "proposal", "stage_updated_on": entered,
                      "deal_amount": 10_000_000.0})
    return {"leads": leads, "history": history}


def team_book(tmp_path: Path, lang: str = "ko", **kw: Any) -> Path:
    path = tmp_path / f"team-{lang}.xlsx"
    write_team_workbook(path, Config.default(language=lang), deals(**kw),  # type: ignore[arg-type]
                        lang=lang, created=dt.datetime(2026, 1, 1))
    return path


def run(*args: Any) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {i.filename: zf.read(i.filename) for i in zf.infolist()}


def leads_sheet(path: Path, name: str) -> tuple[list[Any], list[list[Any]], Any]:
    wb = openpyxl.load_workbook(path)
    ws = wb[name]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    return rows[0], rows[1:], ws


def no_traceback(result: Result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_score_writes_the_two_columns_in_korean(tmp_path: Path) -> None:
    book = team_book(tmp_path, "ko")
    before = members(book)
    result = run("score", book, "--today", TODAY)
    assert result.exit_code == 0, result.output
    no_traceback(result)
    assert "예측 수주 확률" in result.output and "수주 50건 · 실주 50건" in result.output
    changed = {k for k in before if before[k] != members(book).get(k)}
    assert len(changed) == 1 and changed.pop().startswith("xl/worksheets/")  # the Leads sheet
    header, rows, ws = leads_sheet(book, "리드")
    p, r = LEADS.keys.index("win_probability"), LEADS.keys.index("win_reasons")
    assert (header[p], header[r]) == ("예측 수주 확률", "예측 근거")
    assert header[p - 1] == "가중 금액"  # right after weighted_amount
    opened = [row for row in rows if str(row[0]).startswith("O-")]
    closed = [row for row in rows if str(row[0]).startswith("C-")]
    assert len(opened) == 4 and len(closed) == 100
    assert all(row[p] is None and row[r] is None for row in closed)
    inbound, outbound = opened[0], opened[1]
    # 40 of 50 inbound deals won, 10 of 50 outbound: with 100 deals the prior pulls the
    # learned values a few points towards the 50 % base rate, never past the truth
    assert 0.72 <= inbound[p] <= 0.80
    assert 0.20 <= outbound[p] <= 0.28
    assert inbound[r].startswith("인바운드 유입 +") and inbound[r].endswith("%p")
    assert outbound[r].startswith(f"아웃바운드 유입 {MINUS}")
    row_of_inbound = rows.index(inbound) + 2
    assert ws.cell(row_of_inbound, p + 1).number_format == "0%"
    # a second run finds every cell already right and leaves the file alone
    again = members(book)
    assert run("score", book, "--today", TODAY).exit_code == 0
    assert members(book) == again


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_score_in_an_english_workbook(tmp_path: Path) -> None:
    book = team_book(tmp_path, "en")
    result = run("score", book, "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert "Learned win probability" in result.output
    header, rows, _ = leads_sheet(book, "Leads")
    r = LEADS.keys.index("win_reasons")
    assert header[r] == "Win probability reasons"
    opened = [row for row in rows if str(row[0]).startswith("O-")]
    assert opened[0][r].startswith("Inbound source +") and opened[0][r].endswith(" pp")


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_too_little_history_writes_nothing_and_says_why(tmp_path: Path, lang: str) -> None:
    book = team_book(tmp_path, lang, won_in=10, n_in=12, won_out=0, n_out=5)
    before = members(book)
    result = run("score", book, "--today", TODAY)
    assert result.exit_code == 0
    no_traceback(result)
    if lang == "ko":
        assert "수주 10건, 실주 7건뿐입니다" in result.output and "최소 수주 30건" in result.output
    else:
        assert "10 won and 7 lost" in result.output and "at least 30 won" in result.output
    assert members(book) == before
    as_json = run("score", book, "--today", TODAY, "--json")
    assert as_json.exit_code == 0
    data = json.loads(as_json.output)
    assert data["scored"] is False and data["closed"] == {"won": 10, "lost": 7, "on_hold": 0,
                                                          "undated": 0}
    assert set(data["refusal"]) == {"ko", "en"} and data["cells_written"] == 0
    assert members(book) == before


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_report_and_json_give_the_backtest(tmp_path: Path) -> None:
    book = team_book(tmp_path, "ko")
    result = run("score", book, "--today", TODAY, "--report")
    assert result.exit_code == 0, result.output
    for words in ("백테스트", "AUC", "Brier", "보정표", "단계마다", "종료 직전", "단계 기본값"):
        assert words in result.output
    data = json.loads(run("score", book, "--today", TODAY, "--json").output)
    bt = data["backtest"]
    # 100 deals, one a day from 2025-09-01: 70 % had closed by the 70th day
    assert bt["cutoff"] == (START + dt.timedelta(days=69)).isoformat()
    assert bt["train"]["won"] + bt["test"]["won"] == 50
    assert bt["train"]["lost"] + bt["test"]["lost"] == 50
    learned, stage = bt["at_close"]["learned"], bt["at_close"]["stage"]
    assert stage["auc"] == 0.5  # every deal closed from proposal: 75 % for all
    assert learned["auc"] > 0.5 and learned["brier"] < stage["brier"]
    assert len(learned["calibration"]) == 10
    assert sum(row["n"] for row in learned["calibration"]) == learned["deals"] == 30
    library = score(book, dt.date(2026, 12, 7), write=False, report=True)
    assert library.backtest is not None
    assert library.backtest.at_close["learned"].auc == pytest.approx(learned["auc"], abs=1e-4)
    assert data["scored"] == 4 and data["cells_written"] == 0  # the first run wrote them


@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize(("book_lang", "forced", "words", "other"), [
    ("ko", "en", ("Learned win probability", "50 won, 50 lost", "Back-test: trained on",
                  "every stage", "stage default", "Calibration (at close)"),
     ("예측 수주 확률", "백테스트", "단계마다", "보정표")),
    ("en", "ko", ("예측 수주 확률", "수주 50건 · 실주 50건", "백테스트", "단계마다", "단계 기본값",
                  "보정표 (종료 직전)"),
     ("Learned win probability", "Back-test", "every stage", "Calibration")),
])
def test_lang_forces_the_report_language_over_the_workbooks(
        tmp_path: Path, book_lang: str, forced: str, words: tuple[str, ...],
        other: tuple[str, ...]) -> None:
    book = team_book(tmp_path, book_lang)
    result = run("score", book, "--today", TODAY, "--report", "--lang", forced)
    assert result.exit_code == 0, result.output
    for word in words:
        assert word in result.output
    for word in other:
        assert word not in result.output
    # the cells stay in the workbook's language: --lang is the run's, not the file's
    _, rows, _ = leads_sheet(book, "리드" if book_lang == "ko" else "Leads")
    reasons = [row[LEADS.keys.index("win_reasons")] for row in rows if str(row[0])[:2] == "O-"]
    assert len(reasons) == 4 and all(r.endswith("%p" if book_lang == "ko" else " pp") for r in reasons)


@pytest.mark.parametrize("forced", ["ko", "en"])
def test_lang_forces_the_too_little_history_message(tmp_path: Path, forced: str) -> None:
    book = team_book(tmp_path, "en" if forced == "ko" else "ko", won_in=10, n_in=12,
                     won_out=0, n_out=5)
    result = run("score", book, "--today", TODAY, "--lang", forced)
    assert result.exit_code == 0
    said = "수주 10건, 실주 7건뿐입니다" if forced == "ko" else "10 won and 7 lost"
    assert said in result.output


def test_library_score_without_write_changes_nothing(tmp_path: Path) -> None:
    book = team_book(tmp_path, "en")
    before = members(book)
    report = score(book, dt.date(2026, 12, 7), write=False)
    assert report.enough and report.scored == 4 and report.backtest is None
    assert members(book) == before


def test_a_handmade_leads_sheet_gets_the_two_columns_added(tmp_path: Path) -> None:
    path = tmp_path / "handmade.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Leads")
    head = ["Lead ID", "Company", "Source type", "Stage", "Stage updated"]
    ws.write_row(0, 0, head)
    fx = deals()
    for i, lead in enumerate(fx["leads"], start=1):
        ws.write_row(i, 0, [lead["lead_id"], lead["company"], lead["source_type"].title(),
                            lead["stage"].title(), lead["stage_updated_on"].isoformat()])
    wb.close()
    result = run("score", path, "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert "Column added" in result.output
    header, rows, _ = leads_sheet(path, "Leads")
    assert header[5:7] == ["Learned win probability", "Win probability reasons"]
    opened = [row for row in rows if str(row[0]).startswith("O-")]
    # no History: the close is the stage date, the stage before it unknown, so only the
    # source type is learned
    assert 0.72 <= opened[0][5] <= 0.80
    assert opened[0][6].startswith("Inbound source +")


def test_a_missing_workbook_exits_3_without_a_traceback(tmp_path: Path) -> None:
    result = run("score", tmp_path / "nope.xlsx")
    assert result.exit_code == 3
    no_traceback(result)


# --- the weighted forecast switch in the Config sheet -------------------------------------
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_forecast_probability_round_trips_through_the_config_sheet(tmp_path: Path,
                                                                   lang: str) -> None:
    cfg = Config.default(language=lang).model_copy(  # type: ignore[arg-type]
        update={"forecast_probability": "learned"})
    path = write_team_workbook(tmp_path / "t.xlsx", cfg)
    book = read_workbook(path)
    assert book.config.forecast_probability == "learned" and book.notes == []
    default = read_workbook(write_team_workbook(tmp_path / "d.xlsx", Config.default()))
    assert default.config.forecast_probability == "stage"


def _set_setting(path: Path, sheet: str, name: str, value: Any) -> str:
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    for row in ws.iter_rows():
        if row[0].value == name:
            row[1].value = value
            wb.save(path)
            return row[1].coordinate
    raise AssertionError(f"no {name} setting")


@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize(("written", "read"), [("예측", "learned"), ("LEARNED", "learned"),
                                               ("단계", "stage"), (" stage ", "stage")])
def test_forecast_probability_words(tmp_path: Path, written: str, read: str) -> None:
    path = write_team_workbook(tmp_path / "t.xlsx", Config.default())
    _set_setting(path, "설정", "예측에 쓸 확률", written)  # the Korean setting name
    assert read_workbook(path).config.forecast_probability == read


@pytest.mark.filterwarnings("ignore::UserWarning")
def test_a_wrong_forecast_probability_names_its_cell(tmp_path: Path) -> None:
    path = write_team_workbook(tmp_path / "t.xlsx", Config.default(language="en"))
    cell = _set_setting(path, "Config", "forecast_probability", "weighted")
    with pytest.raises(WorkbookError, match=rf"Config!{cell}.*'weighted'.*stage.*learned"):
        read_workbook(path)
