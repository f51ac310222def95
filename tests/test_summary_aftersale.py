"""The after-sale figures for the Summary (salesxl.core.summary.aftersale), on the fixture whose
repurchases, upsells and referrals are known by construction (tests/aftersale_fixture.py)."""

from __future__ import annotations

import doctest
import math

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
