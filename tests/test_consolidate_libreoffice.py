"""The team workbook opens in LibreOffice, recalculates, and shows the consolidated values."""

from __future__ import annotations

from pathlib import Path

import pytest
from libreoffice import convert_all_sheets, soffice
from test_consolidate import B_LEADS, good_reps, rep_book

from salesxl.commands.consolidate import consolidate

pytestmark = [pytest.mark.libreoffice,
              pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) not installed")]


def test_team_workbook_values_in_libreoffice(tmp_path: Path) -> None:
    folder = tmp_path / "team"
    good_reps(folder)
    b_leads = [dict(r) for r in B_LEADS]
    b_leads[3]["notes"] = "=HYPERLINK(\"http://x\")"  # must stay text, never a live formula
    rep_book(folder / "b-park.xlsx", b_leads)
    out = tmp_path / "team.xlsx"
    consolidate(folder, out, workers=1)
    sheets = convert_all_sheets([out], tmp_path)[out]
    leads = [dict(zip(sheets["리드"][0], r, strict=True)) for r in sheets["리드"][1:]]
    a1 = leads[0]
    assert (a1["리드 번호"], a1["고객사명"], a1["영업 단계"], a1["단계 변경일"], a1["예상 금액"]) == (
        "A-1", "한빛 주식회사", "클로징", "2026-11-10", "35000000")
    assert a1["가중 금액"] == "31500000"  # recalculated: 35,000,000 x closing's 90%
    b4 = next(r for r in leads if r["리드 번호"] == "B-4")
    assert b4["비고"] == "=HYPERLINK(\"http://x\")"
    assert b4["원본 파일"] == "sub/c-lee.xlsx" and b4["원본 행"] == "2"
    sources = sheets["출처"]
    assert sources[0][:3] == ["파일", "영업 담당", "상태"]
    assert [r[0] for r in sources[1:4]] == ["a-kim.xlsx", "b-park.xlsx", "sub/c-lee.xlsx"]
