"""Categories that add up across languages, Targets carried by consolidate, and the commands'
options around the Summary (consolidate --summary and its hint, summary --since/--rep/--by-rep).

Two rep workbooks, one Korean and one English, write the same sources, regions and lost
reasons in their own words (전시회 / Trade show, 소개 / Referral, 서울 / Seoul, 예산 삭감 /
Budget cut); after consolidation each counts once. A word in no list is kept as typed and
listed as not in the list.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from salesxl.cli import cli
from salesxl.commands.consolidate import consolidate
from salesxl.commands.convert import convert
from salesxl.commands.summary import summary
from salesxl.core.config import Config
from salesxl.io.read import read_workbook, typed_frame
from salesxl.io.template import write_team_workbook

TODAY = dt.date(2026, 11, 27)
TEAM_TARGET = {"rep": None, "period": "2026-Q4", "won_amount": 300_000_000.0}


def _lead(i: int, rep: str, source: str, region: str, stage: str = "proposal",
          reason: str | None = None) -> dict:
    return {"lead_id": f"{rep[:1]}{i}", "rep": rep, "company": f"{rep} Co {i}",
            "email": f"{rep.lower()}{i}@example.com", "source": source, "region": region,
            "stage": stage, "deal_amount": 1_000_000.0 * i, "lost_reason": reason,
            "created_on": dt.date(2026, 9, i), "stage_updated_on": dt.date(2026, 11, 20)}


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("categories")
    (tmp / "reps").mkdir()
    ko = write_team_workbook(tmp / "reps" / "kim.xlsx", Config.default(language="ko"), {
        "leads": [_lead(1, "김영업", "전시회", "서울"), _lead(2, "김영업", "소개", "서울특별시"),
                  _lead(3, "김영업", "전시회", "부산", "lost", "예산 삭감")],
        "targets": [{"rep": "김영업", "period": "2026-11", "won_amount": 50_000_000.0},
                    TEAM_TARGET]}, lang="ko")
    en = write_team_workbook(tmp / "reps" / "lee.xlsx", Config.default(language="en"), {
        "leads": [_lead(4, "Lee", "Trade show", "Seoul"), _lead(5, "Lee", "Referral", "Busan"),
                  _lead(6, "Lee", "Partner roadshow", "Seoul", "lost", "Budget cut")],
        "targets": [{"rep": "Lee", "period": "2026-11", "won_amount": 40_000_000.0},
                    TEAM_TARGET]}, lang="en")
    return tmp, ko, en


def test_consolidate_maps_synonyms_across_languages_and_the_summary_counts_once(books):
    tmp, ko, en = books
    out = tmp / "team.xlsx"
    result = consolidate([ko, en], out, workers=1, summary=True, today=TODAY)
    s = result.summary
    assert s is not None and s.sheet == "요약"
    sources = s.team("sources")
    assert sources.loc["trade_show", "leads"] == 3  # 전시회 x2 + Trade show
    assert sources.loc["referral", "leads"] == 2  # 소개 + Referral
    lost = s.lost_reasons
    assert lost.loc["budget_cut", ("count", "Total")] == 2  # 예산 삭감 + Budget cut
    assert list(s.unlisted["value"]) == ["Partner roadshow"]
    wb = openpyxl.load_workbook(out, read_only=True)
    leads = list(wb["리드"].iter_rows(values_only=True))
    header = leads[0]
    col = {h: i for i, h in enumerate(header)}
    shown = sorted(r[col["유입 경로"]] for r in leads[1:] if r[0])
    assert shown == sorted(["전시회", "소개", "전시회", "전시회", "소개", "Partner roadshow"])
    regions = {r[col["지역"]] for r in leads[1:] if r[0]}
    assert regions == {"서울", "부산"}  # 서울특별시 and Seoul are 서울


def test_targets_are_carried_once(books):
    tmp, ko, en = books
    out = tmp / "team-targets.xlsx"
    consolidate([ko, en], out, workers=1)
    book = read_workbook(out)
    targets = typed_frame(book.table("targets"), book.config)
    rows = sorted((r["rep"] or "", r["period"], r["won_amount"])
                  for r in targets.to_dict("records"))
    assert rows == [("", "2026-Q4", 300_000_000.0), ("Lee", "2026-11", 40_000_000.0),
                    ("김영업", "2026-11", 50_000_000.0)]  # the team's row once, not twice
    sources = list(openpyxl.load_workbook(out, read_only=True)["출처"].iter_rows(
        values_only=True))
    header = [h for h in sources[0] if h is not None]
    assert header[header.index("고객 파일") + 1] == "목표"
    kim = next(r for r in sources if r[0] == "kim.xlsx")
    assert kim[header.index("목표")] == 2 and kim[header.index("문제 셀")] == 0


def test_convert_maps_category_synonyms(tmp_path):
    legacy = tmp_path / "legacy.csv"
    with legacy.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["고객사", "유입경로", "지역", "진행상황"])
        w.writerow(["한빛소프트", "전시회", "서울", "상담중"])
        w.writerow(["Apex", "Trade show", "Seoul", "상담중"])
        w.writerow(["세진정밀", "박람회", "서울특별시", "상담중"])
    convert([legacy], tmp_path / "out", workers=1, lang="ko")
    book = read_workbook(next(p for p in (tmp_path / "out").glob("*.xlsx")
                              if p.name != "conversion-report.xlsx"))
    leads = typed_frame(book.table("leads"), book.config)
    assert set(leads["source"]) == {"trade_show"} and set(leads["region"]) == {"seoul"}


def test_consolidate_says_how_to_build_the_summary(books):
    tmp, ko, en = books
    runner = CliRunner()
    out = tmp / "cli-team.xlsx"
    result = runner.invoke(cli, ["consolidate", str(ko), str(en), "-o", str(out),
                                 "--workers", "1"])
    assert result.exit_code == 0, result.output
    last = result.output.strip().splitlines()[-1]  # in the team workbook's language
    assert last.startswith(f"다음 단계: salesxl summary {out}") or \
        last.startswith(f"Next: salesxl summary {out}")
    result = runner.invoke(cli, ["consolidate", str(ko), str(en), "-o", str(out),
                                 "--workers", "1", "--summary", "--today", "2026-11-27"])
    assert result.exit_code == 0, result.output
    assert ("요약" in result.output or "Summary" in result.output)
    assert "Next:" not in result.output and "다음 단계:" not in result.output
    assert "요약" in openpyxl.load_workbook(out, read_only=True).sheetnames


def test_summary_options(books):
    tmp, ko, en = books
    out = tmp / "opts.xlsx"
    consolidate([ko, en], out, workers=1)
    runner = CliRunner()
    ok = runner.invoke(cli, ["summary", str(out), "--today", "2026-11-27", "--since",
                             "2026-11-01", "--rep", "lee"])
    assert ok.exit_code == 0, ok.output
    assert "2026-11-01 이후" in ok.output and "요약 - Lee" in ok.output  # a Korean workbook
    every = runner.invoke(cli, ["summary", str(out), "--today", "2026-11-27", "--by-rep"])
    assert every.exit_code == 0, every.output
    names = openpyxl.load_workbook(out, read_only=True).sheetnames
    assert {"요약", "정체 거래", "요약 - Lee", "요약 - 김영업"} <= set(names)
    nobody = runner.invoke(cli, ["summary", str(out), "--rep", "Nobody"])
    assert nobody.exit_code == 2 and "the reps are" in nobody.output
    late = runner.invoke(cli, ["summary", str(out), "--today", "2026-11-27", "--since",
                               "2026-12-01"])
    assert late.exit_code == 2 and "after --today" in late.output


def test_write_false_returns_the_tables_and_leaves_the_file(books):
    _tmp, ko, _ = books
    before = Path(ko).read_bytes()
    s = summary(ko, today=TODAY, write=False)
    assert Path(ko).read_bytes() == before
    assert s.path is None and {"figures", "forecast_categories", "changes", "activity_weeks",
                               "stage_time", "lost_reasons", "unlisted"} <= set(s.tables())
    assert s.figures.loc["won_month", "target"] == pytest.approx(100_000_000.0)  # Q4 / 3
