"""The after-sale figures for the Summary (salesxl.core.summary.aftersale), on the fixture whose
repurchases, upsells and referrals are known by construction (tests/aftersale_fixture.py)."""

from __future__ import annotations

import datetime as dt
import doctest
import math
import zipfile

import pandas as pd
import pytest
from aftersale_fixture import D, customer_rows, frame, lead_rows

import salesxl.core.summary.aftersale as aftersale_mod
from salesxl.core.config import Config
from salesxl.core.summary.aftersale import (
    KPI_KEYS,
    customer_purchases,
    kpis,
    prepare,
    referral_sources,
    referrals_by_customer,
    tables,
    time_between_purchases,
)
from salesxl.core.summary.derive import TOTAL

CFG = Config.default()


@pytest.fixture(params=["en", "ko"])
def p(request: pytest.FixtureRequest) -> pd.DataFrame:
    return prepare(frame(lead_rows(request.param)), frame(customer_rows(request.param)), CFG)


def test_headline_figures(p: pd.DataFrame) -> None:
    got = kpis(p)["value"].to_dict()
    assert list(got) == list(KPI_KEYS)
    expected = {
        "customers": 3, "repeat_customers": 1, "repeat_rate": 1 / 3,  # Hanbit bought twice
        "purchases": 4, "repurchases": 1, "repurchase_amount": 4_000_000,  # L-02
        "upsells": 1, "upsell_amount": 4_000_000,  # L-02 upgraded
        "won_amount": 22_000_000,  # 10 + 4 + 5 + 3 million
        "gaps": 1, "mean_days_between": 91, "median_days_between": 91,  # 03-02 -> 06-01
        "referred_leads": 7, "referral_win_rate": 0.5, "other_win_rate": 1.0,
        "referral_won_amount": 8_000_000, "referral_won_share": 8 / 22,
    }
    for key, value in expected.items():
        assert got[key] == pytest.approx(value), key


def test_customer_purchases(p: pd.DataFrame) -> None:
    t = customer_purchases(p)
    assert t.index.tolist() == ["C-0001", "C-0002", "C-0003", TOTAL]
    assert t["purchases"].tolist() == [2, 1, 1, 4]
    assert t["first_purchase"].tolist() == [D(2026, 3, 2), D(2026, 5, 4), D(2026, 11, 25),
                                            D(2026, 3, 2)]
    assert t["last_purchase"].tolist() == [D(2026, 6, 1), D(2026, 5, 4), D(2026, 11, 25),
                                           D(2026, 11, 25)]
    assert t["total_won"].tolist() == [14e6, 5e6, 3e6, 22e6]
    assert t["upsell_amount"].tolist() == [4e6, 0, 0, 4e6]
    assert t.at["C-0001", "mean_days_between"] == 91 and t.at[TOTAL, "mean_days_between"] == 91
    assert math.isnan(t.at["C-0002", "mean_days_between"])
    assert t["referrals"].tolist() == [3, 1, 1, 5]  # L-04, L-07, L-11 | L-05 | L-10
    assert t["referrals_won"].tolist() == [1, 1, 0, 2]


def test_time_between_purchases(p: pd.DataFrame) -> None:
    t = time_between_purchases(p)
    assert t.to_dict("records") == [{"customer_id": "C-0001", "from_day": D(2026, 3, 2),
                                     "to_day": D(2026, 6, 1), "days": 91}]


def test_referrals_received_per_customer(p: pd.DataFrame) -> None:
    t = referrals_by_customer(p)
    assert t.index.tolist() == ["C-0001", "C-0002", "C-0003", TOTAL]  # most referrals first
    assert t["referrals"].tolist() == [3, 1, 1, 5]
    assert t["won"].tolist() == [1, 1, 0, 2]          # L-04 | L-05 | -
    assert t["closed"].tolist() == [2, 1, 0, 3]       # L-04 won, L-07 lost | L-05 | -
    assert t["won_amount"].tolist() == [5e6, 3e6, 0, 8e6]
    assert t["conversion"].tolist()[:2] == [0.5, 1.0] and math.isnan(t.at["C-0003",
                                                                           "conversion"])
    assert t.at[TOTAL, "conversion"] == pytest.approx(2 / 3)


def test_referrals_against_other_sources(p: pd.DataFrame) -> None:
    t = referral_sources(p)
    assert t.index.tolist() == ["referral", "other", TOTAL]
    assert t["leads"].tolist() == [7, 7, 14]
    assert t["closed"].tolist() == [4, 2, 6]   # L-04, L-05, L-06, L-07 | L-01, L-02
    assert t["won"].tolist() == [2, 2, 4]
    assert t["lost"].tolist() == [2, 0, 2]
    assert t["win_rate"].tolist() == [0.5, 1.0, pytest.approx(4 / 6)]
    assert t["won_amount"].tolist() == [8e6, 14e6, 22e6]
    assert t["won_share"].tolist() == [pytest.approx(8 / 22), pytest.approx(14 / 22), 1.0]


def test_the_referral_source_counts_as_referred_without_a_name() -> None:
    rows = lead_rows()
    rows[0] = {**rows[0], "source": "referral"}  # L-01: referred, no referred_by
    t = referral_sources(prepare(frame(rows), frame(customer_rows()), CFG))
    assert t["leads"].tolist() == [8, 6, 14]
    assert t["won_amount"].tolist() == [18e6, 4e6, 22e6]


def test_figures_do_not_need_a_synced_workbook() -> None:
    """The workbook as `salesxl customers` leaves it (links on Leads, rows on Customers) and
    as it was before give the same figures."""
    from salesxl.core.rules.customers import after_sale

    before_leads, before_cust = frame(lead_rows()), frame(customer_rows())
    synced = after_sale(before_leads, before_cust, None, CFG, D(2026, 11, 27))
    leads = before_leads.assign(customer_id=synced.lead_customer,
                                referred_by_id=synced.referrals["referred_by_id"])
    a = tables(leads, synced.customers, CFG)
    b = tables(before_leads, before_cust, CFG)
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name])


def test_an_empty_workbook_gives_empty_tables() -> None:
    empty = pd.DataFrame(columns=["lead_id", "stage"], dtype=object)
    t = tables(empty, pd.DataFrame(), CFG)
    assert t["kpis"].at["customers", "value"] == 0
    assert math.isnan(t["kpis"].at["repeat_rate", "value"])
    assert t["customer_purchases"].index.tolist() == [TOTAL]
    assert len(t["time_between_purchases"]) == 0


def test_module_example() -> None:
    assert doctest.testmod(aftersale_mod).failed == 0


# --- the Summary's after-sale section and sheet, read back from the workbook ------------------
# Expected cells are the figures worked out in tests/aftersale_fixture.py's docstring, plus the
# follow-ups below; the workbook is summarised once per language and read with openpyxl.
#
# Follow-ups of open leads (tier cadence x stage factor, default Config: closing 0.5, others 1,
# from the last contact else the created day): Kim L-03 B 11-20 + 14 = 12-04, L-11 B 11-26 +
# 14 = 12-10; Lee L-08 C 11-02 + 30 = 12-02, L-09 12-03, L-10 B 12-10, L-12 and L-13 C closing
# 11-26 + 15 = 12-11, L-14 B closing 11-26 + 7 = 12-03: all scheduled. L-05 is won and carries
# a stale overdue follow-up typed before the win: not counted, its customer C-0003 carries it.
# Customer touches: C-0001 (Kim) 12-04 scheduled, C-0002 (Lee) 11-23 overdue, C-0003 (Lee)
# 12-28 scheduled.
M = 1_000_000


def _rows(ws) -> list[list]:
    return [list(r) for r in ws.iter_rows(values_only=True)]


def _under(rows: list[list], title: str, skip: int = 1) -> list[list]:
    """The rows below the row starting with ``title`` (``skip`` header rows), up to a blank."""
    start = next(i for i, r in enumerate(rows) if isinstance(r[0], str) and
                 r[0].startswith(title))
    out = []
    for r in rows[start + 1 + skip:]:
        if all(v is None for v in r):
            break
        out.append(r)
    return out


@pytest.fixture(scope="module", params=["en", "ko"])
def after_book(request, tmp_path_factory):
    import openpyxl

    from salesxl.commands.summary import summary
    from salesxl.io.template import write_team_workbook

    lang = request.param
    rows = lead_rows(lang)
    rows[4] = {**rows[4], "next_follow_up_on": D(2026, 11, 20), "follow_up_status": "overdue"}
    path = tmp_path_factory.mktemp(f"after-{lang}") / "team.xlsx"
    write_team_workbook(path, Config.default(language=lang),
                        {"leads": rows, "customers": customer_rows(lang)}, lang=lang)
    s = summary(path, today=D(2026, 11, 27))
    wb = openpyxl.load_workbook(path)
    return lang, s, _rows(wb[s.sheet]), _rows(wb[s.aftersale_sheet]), path


WORDS = {
    "en": {"section": "After the sale", "kpi": "Customers who bought",
           "sources": "Referrals vs other", "referral": "Referred", "other": "Other leads",
           "total": "Total", "refs": "Referrals received by customer: top 3 of 3",
           "buys": "Purchases by customer, by total won: top 3 of 3",
           "touches": "Follow-ups by rep", "kim": "Kim", "lee": "Lee", "sheet": "After the sale",
           "hanbit": "Hanbit Co., Ltd.", "apex": "Apex", "blue": "Blue Ocean"},
    "ko": {"section": "사후 관리", "kpi": "구매 고객", "sources": "추천 리드 대 기타",
           "referral": "추천 리드", "other": "기타 리드", "total": "합계",
           "refs": "고객별 추천 건수: 상위 3곳", "buys": "고객별 구매, 누적 수주 금액 순: 상위 3곳",
           "touches": "영업 담당별 후속 연락", "kim": "김영업", "lee": "이영업", "sheet": "사후 관리",
           "hanbit": "한빛 주식회사", "apex": "에이펙스", "blue": "블루오션"},
}


def test_the_after_sale_headline_row(after_book):
    lang, _, rows, _, _ = after_book
    w = WORDS[lang]
    i = next(i for i, r in enumerate(rows) if r[0] == w["kpi"])
    assert rows[i - 2][0].startswith(w["section"])
    # customers 3, repeat 1 (Hanbit), rate 1/3, repurchases 1 (L-02) 4M, upsells 1 4M, days
    # between purchases 91 (03-02 -> 06-01) mean and median, referrals won 2 of 4 closed,
    # others 2 of 2, won from referrals 5 + 3 = 8M of 22M
    assert rows[i + 1][:13] == pytest.approx(
        [3, 1, 1 / 3, 1, 4 * M, 1, 4 * M, 91, 91, 0.5, 1.0, 8 * M, 8 / 22])


def test_referrals_against_other_leads_with_a_chart(after_book):
    lang, s, rows, _, path = after_book
    w = WORDS[lang]
    block = _under(rows, w["sources"])
    assert [r[0] for r in block] == [w["referral"], w["other"], w["total"]]
    # leads, closed, won, lost, win rate, won amount, share of won amount
    assert block[0][1:8] == pytest.approx([7, 4, 2, 2, 0.5, 8 * M, 8 / 22])
    assert block[1][1:8] == pytest.approx([7, 2, 2, 0, 1.0, 14 * M, 14 / 22])
    assert block[2][1:8] == pytest.approx([14, 6, 4, 2, 4 / 6, 22 * M, 1.0])
    assert "referrals" in s.charts
    with zipfile.ZipFile(path) as zf:
        charts = [zf.read(n).decode() for n in zf.namelist() if n.startswith("xl/charts/chart")]
    chart = next(c for c in charts if "8000000" in c and "14000000" in c)  # its cached values
    assert ("₩M" if lang == "en" else "백만원") in chart  # the unit on the axis


def test_top_referrers_and_customers_and_the_complete_lists(after_book):
    lang, _, rows, sheet, _ = after_book
    w = WORDS[lang]
    refs = _under(rows, w["refs"])
    # C-0001: L-04 (won 5M), L-07 (lost), L-11 (open); C-0002: L-05 (won 3M); C-0003: L-10
    assert [r[:7] for r in refs] == [
        ["C-0001", w["hanbit"], 3, 1, 2, 5 * M, 0.5], ["C-0002", w["apex"], 1, 1, 1, 3 * M, 1],
        ["C-0003", w["blue"], 1, 0, 0, 0, None], [w["total"], None, 5, 2, 3, 8 * M, 2 / 3]]
    buys = _under(rows, w["buys"])
    day = dt.datetime
    # by total won: Hanbit 10 + 4, Apex 5, Blue Ocean 3
    assert [r[:10] for r in buys] == [
        ["C-0001", w["hanbit"], 2, day(2026, 3, 2), day(2026, 6, 1), 14 * M, 4 * M, 91, 3, 1],
        ["C-0002", w["apex"], 1, day(2026, 5, 4), day(2026, 5, 4), 5 * M, 0, None, 1, 1],
        ["C-0003", w["blue"], 1, day(2026, 11, 25), day(2026, 11, 25), 3 * M, 0, None, 1, 0],
        [w["total"], None, 4, day(2026, 3, 2), day(2026, 11, 25), 22 * M, 4 * M, 91, 5, 2]]
    # the after-sale sheet holds both lists complete, side by side
    assert [r[:10] for r in _under(sheet, next(r[0] for r in sheet[2:] if r[0]))] == \
        [r[:10] for r in buys]
    assert [r[11:18] for r in _under(sheet, next(r[0] for r in sheet[2:] if r[0]))] == \
        [r[:7] for r in refs]


def test_customer_touches_beside_the_follow_ups_of_open_leads(after_book):
    lang, _, rows, _, _ = after_book
    w = WORDS[lang]
    block = _under(rows, w["touches"])
    # leads: with a follow-up, overdue, due, scheduled | customers, with a touch, overdue, due,
    # scheduled | overdue, leads and customers
    assert block == [[w["kim"], 2, 0, 0, 2, 1, 1, 0, 0, 1, 0, *block[0][11:]],
                     [w["lee"], 6, 0, 0, 6, 2, 2, 1, 0, 1, 1, *block[1][11:]],
                     [w["total"], 8, 0, 0, 8, 3, 3, 1, 0, 2, 1, *block[2][11:]]]


def test_more_than_ten_customers_the_summary_shows_the_top_ten(tmp_path):
    """Twelve customers who bought once, for 1M to 12M: the Summary lists the ten biggest and
    the total of all twelve; the after-sale sheet lists all twelve."""
    import io

    import openpyxl

    from salesxl.core.summary.compute import compute
    from salesxl.io.summary_sheet import build_aftersale_sheet, build_sheet

    leads = frame([{"lead_id": f"B-{k:02d}", "rep": "Kim", "company": f"Co {k}",
                    "email": f"ceo@co{k}.kr", "stage": "won", "deal_amount": k * M,
                    "stage_updated_on": D(2026, 1, k), "created_on": D(2025, 12, 1)}
                   for k in range(1, 13)])
    s = compute(leads, CFG, D(2026, 11, 27))
    rows = _rows(openpyxl.load_workbook(io.BytesIO(
        build_sheet(s, CFG, "en", "Summary", None, aftersale_sheet="After the sale").workbook))
        ["Summary"])
    top = _under(rows, "Purchases by customer, by total won: top 10 of 12")
    assert [r[5] for r in top] == [k * M for k in range(12, 2, -1)] + [78 * M]  # 1 + ... + 12
    sheet = _rows(openpyxl.load_workbook(io.BytesIO(
        build_aftersale_sheet(s, CFG, "en", "After the sale").workbook))["After the sale"])
    every = _under(sheet, "Purchases by customer, by total won (12)")
    assert [r[5] for r in every] == [k * M for k in range(12, 0, -1)] + [78 * M]


def test_too_few_closed_deals_for_a_backtest_one_line_says_why(after_book):
    lang, _, rows, _, _ = after_book
    # won L-01, L-02 (upsell), L-04, L-05; lost L-06, L-07
    line = {"en": "No back-test of the learned win probability: the workbook has 4 won and 2 "
                  "lost closed deals; at least 30 won and 30 lost are needed to train.",
            "ko": "예측 수주 확률 백테스트 없음: 종료된 거래가 수주 4건, 실주 2건뿐입니다 (학습에 수주 "
                  "30건, 실주 30건 이상 필요)."}[lang]
    i = next(i for i, r in enumerate(rows) if r[0] == line)
    assert all(v is None for v in rows[i + 1]) and all(v is None for v in rows[i - 1][1:])
