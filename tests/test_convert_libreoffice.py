"""Converted workbooks open in LibreOffice and show the converted values, new or patched."""

from __future__ import annotations

from pathlib import Path

import pytest
from libreoffice import convert_all_sheets, soffice
from test_convert_fixtures import cp949_csv, title_rows, totals_row

import salesxl

pytestmark = [pytest.mark.libreoffice,
              pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) not installed")]


def test_new_and_patched_team_workbooks_open_with_the_converted_values(tmp_path: Path) -> None:
    first, second = tmp_path / "2019", tmp_path / "2020"
    first.mkdir()
    second.mkdir()
    title_rows(first)
    out = salesxl.convert(first, tmp_path / "out", workers=1)
    team = tmp_path / "team.xlsx"
    salesxl.convert(first, into=team, workers=1)
    cp949_csv(second)  # the same three people (same phones): updates
    totals_row(second)  # three new leads: appended below the table
    again = salesxl.convert(second, into=team, workers=1)
    assert [(f.added, f.updated) for f in again.files] == [(0, 3), (3, 0)]
    books = [Path(out.files[0].output), team]
    sheets = convert_all_sheets(books, tmp_path)
    leads = sheets[books[0]]["리드"]
    row = dict(zip(leads[0], leads[1], strict=True))
    assert (row["고객사명"], row["전화번호"], row["등록일"], row["예산"], row["영업 단계"]) == (
        "(주)한빛소프트", "010-1234-5678", "2019-03-05", "5000000", "리드 검증")
    team_leads = [dict(zip(sheets[team]["리드"][0], r, strict=True))
                  for r in sheets[team]["리드"][1:]]
    assert [r["고객사명"] for r in team_leads if r["고객사명"]] == [
        "한빛소프트", "대한물산", "세종테크", "가나상사", "다라유통", "마바건설"]
    assert (team_leads[0]["비고"], team_leads[0]["예산"], team_leads[0]["등록일"]) == (
        "=SUM(A1:A3)", "12000000", "2019-03-05")
    assert (team_leads[5]["예상 금액"], team_leads[5]["영업 단계"]) == ("3000000", "수주")
    extra = sheets[team].get("Extra") or sheets[team]["추가 항목"]
    rejected = sheets[team].get("Rejected") or sheets[team]["변환 제외"]
    assert {r[1] for r in extra[1:]} == {"legacy_title_rows.xlsx"}
    assert {r[0] for r in rejected[1:]} == {"legacy_totals_row.xlsx"}
