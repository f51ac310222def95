"""The Summary tables against figures worked out by hand on a nine-lead fixture.

The fixture (two reps, every stage type, stored and missing BANT and follow-up results, a
few History and Objections rows) is also what the workbook and LibreOffice tests write into
a team workbook. Every expected number below was computed by hand from these rows; the
comments show the arithmetic.
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salesxl.commands.summary import compute
from salesxl.core.config import Config
from salesxl.core.summary.derive import NO_DATE, NONE, TEAM, TOTAL, prepare
from salesxl.core.summary.tables import pipeline

TODAY = dt.date(2026, 11, 27)  # a Friday
D = dt.date
T = dt.datetime
CFG = Config.default(language="en")

_LEAD_KEYS = ("lead_id", "rep", "company", "stage", "deal_amount", "probability",
              "expected_close_on", "source", "source_type", "closing_technique",
              "stage_updated_on", "created_on")
_ROWS = [
    ("L1", "Kim", "Apex", "proposal", 1000.0, None, D(2026, 12, 10), "blog", "inbound", None,
     D(2026, 11, 20), D(2026, 9, 1)),
    ("L2", "Kim", "Bright", "proposal", 500.0, 0.0, D(2026, 12, 20), "blog", "inbound", None,
     D(2026, 9, 1), D(2026, 8, 1)),
    ("L3", "Kim", "Crescent", "prospecting", None, None, None, "cold_call", "outbound", None,
     D(2026, 11, 25), D(2026, 11, 25)),
    ("L4", "Kim", "Delta", "won", 2000.0, 0.5, D(2026, 11, 5), "blog", "inbound", "direct",
     D(2026, 11, 5), D(2026, 6, 1)),
    ("L5", "Lee", "Echo", "closing", 3000.0, 0.8, D(2027, 1, 15), "cold_call", "outbound",
     None, D(2026, 10, 1), D(2026, 5, 1)),
    ("L6", "Lee", "Fjord", "lost", 4000.0, 0.9, D(2026, 12, 1), "cold_call", "outbound",
     "direct", D(2026, 10, 10), D(2026, 4, 1)),
    ("L7", "Lee", "Gala", "on_hold", 700.0, None, None, "webinar", "inbound", None,
     D(2026, 10, 1), D(2026, 3, 1)),
    ("L8", "Lee", "Harbor", "won", 800.0, None, D(2026, 10, 20), "webinar", "inbound",
     "assumptive", D(2026, 10, 20), D(2026, 2, 1)),
    ("L9", "Lee", "Iris", "qualification", 200.0, None, D(2026, 12, 5), None, None, None,
     D(2026, 11, 1), D(2026, 10, 1)),
]
# BANT: stored status and missing letters, and the inputs the rules read.
_BANT = {
    "L1": dict(budget_amount=1000.0, decision_maker="Park", need="ERP",
               decision_date=D(2027, 1, 10)),  # nothing stored: computed -> qualified
    "L2": dict(bant_status="qualified", budget_confirmed=True, is_decision_maker=True,
               need_level="high"),  # stored, B A N still met: kept (timing not rechecked)
    "L3": dict(bant_status="qualified"),  # stored but no input met: stale -> unqualified
    "L4": dict(bant_status="partial", bant_missing="T", budget_amount=2000.0,
               is_decision_maker=True, need="MES"),  # consistent: kept partial
    "L5": dict(budget_amount=3000.0, is_decision_maker=True, need_level="high",
               decision_date=D(2026, 12, 15)),  # computed -> qualified
    "L6": {},  # computed -> unqualified
    "L7": dict(bant_status="unqualified"),  # consistent: kept
    "L8": dict(need="WMS"),  # computed -> partial
    "L9": dict(bant_status="invalid", budget_amount=200.0),  # invalid is recomputed: partial
}
# Follow-ups: stored date/status, last contact, tier, resume date.
_FOLLOW = {
    "L1": dict(next_follow_up_on=D(2026, 11, 20), last_contact_on=D(2026, 11, 10)),  # overdue
    "L2": dict(next_follow_up_on=D(2026, 11, 27)),  # due today
    "L3": dict(next_follow_up_on=D(2026, 12, 3), follow_up_status="overdue"),  # date wins
    "L4": dict(follow_up_status="scheduled"),  # won: none (its customer carries it)
    # contacted after the stored date: recomputed, tier B 14 d x closing 0.5 = 7 d -> 11-27 due
    "L5": dict(next_follow_up_on=D(2026, 11, 15), last_contact_on=D(2026, 11, 20), tier="B"),
    "L6": dict(next_follow_up_on=D(2026, 11, 1)),  # lost: none
    "L7": dict(resume_on=D(2026, 12, 15)),  # on hold, rules: resume date -> scheduled
    "L8": {},  # won without a tier: none
    "L9": dict(follow_up_status="overdue"),  # stored status
}


def lead_rows() -> list[dict]:
    """The nine leads as canonical values (stage keys, floats, dates)."""
    out = []
    for values in _ROWS:
        row = dict(zip(_LEAD_KEYS, values, strict=True))
        row.update(_BANT[row["lead_id"]])
        row.update(_FOLLOW[row["lead_id"]])
        out.append(row)
    return out


HISTORY = [
    {"lead_id": "L1", "from_stage": "prospecting", "to_stage": "qualification",
     "changed_at": T(2026, 9, 10)},
    {"lead_id": "L1", "from_stage": "qualification", "to_stage": "needs_assessment",
     "changed_at": T(2026, 10, 1)},
    {"lead_id": "L1", "from_stage": "needs_assessment", "to_stage": "presentation",
     "changed_at": T(2026, 10, 20)},
    {"lead_id": "L1", "from_stage": "presentation", "to_stage": "proposal",
     "changed_at": T(2026, 11, 20)},
    {"lead_id": "L4", "from_stage": "closing", "to_stage": "won", "changed_at": T(2026, 11, 5)},
    {"lead_id": "L6", "from_stage": "proposal", "to_stage": "lost",
     "changed_at": T(2026, 10, 10)},
    {"lead_id": "L7", "from_stage": "qualification", "to_stage": "on_hold",
     "changed_at": T(2026, 10, 1)},
]
OBJECTIONS = [
    {"lead_id": "L5", "category": "price", "resolved": True},
    {"lead_id": "L5", "category": "timing", "resolved": False},
    {"lead_id": "L6", "category": "price", "resolved": False},
    {"lead_id": "L2", "category": "price", "resolved": True},
    {"lead_id": "L1", "category": "competitor", "resolved": None},
]


def frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, dtype=object)


@pytest.fixture(scope="module")
def s():
    return compute(frame(lead_rows()), CFG, TODAY, history=frame(HISTORY),
                   objections=frame(OBJECTIONS), by_rep=False)


def test_pipeline_counts_and_amounts_of_open_deals(s):
    p = s.pipeline
    assert list(p.index) == ["Kim", "Lee", TOTAL]
    assert p.loc["Kim", ("count", "proposal")] == 2  # L1, L2
    assert p.loc["Kim", ("amount", "proposal")] == 1500.0  # 1000 + 500
    assert p.loc["Kim", ("count", "prospecting")] == 1  # L3, no amount
    assert p.loc["Kim", ("amount", "prospecting")] == 0.0
    assert p.loc["Lee", ("amount", "closing")] == 3000.0  # L5
    assert p.loc["Lee", ("amount", "qualification")] == 200.0  # L9 (won, lost, on hold out)
    assert p.loc["Kim", ("count", TOTAL)] == 3 and p.loc["Lee", ("count", TOTAL)] == 2
    assert p.loc[TOTAL, ("count", TOTAL)] == 5
    assert p.loc[TOTAL, ("amount", TOTAL)] == 4700.0  # 1500 + 3000 + 200
    assert list(p["count"].columns) == [s.key for s in CFG.open_stages] + [TOTAL]


def test_funnel_from_history(s):
    f = s.funnel
    assert s.funnel_from == "history"
    # best rank per lead: L1 4, L2 4, L3 0, L4 6, L5 5, L6 4 (history), L7 1 (history),
    # L8 6, L9 1
    assert f["reached"].tolist() == [9, 8, 6, 6, 6, 3, 2]
    assert f.loc["qualification", "conversion_to_next"] == pytest.approx(6 / 8)
    assert f.loc["proposal", "conversion_to_next"] == pytest.approx(3 / 6)
    assert f.loc["closing", "share_of_first"] == pytest.approx(3 / 9)
    assert math.isnan(f.loc["won", "conversion_to_next"])


def test_funnel_without_history_uses_current_stage_and_order():
    f = compute(frame(lead_rows()), CFG, TODAY).funnel
    # L6 (lost) and L7 (on hold) only count at the first stage without History
    assert f["reached"].tolist() == [9, 6, 5, 5, 5, 3, 2]


def test_weighted_forecast_by_close_month(s):
    f = s.forecast
    assert list(f.index) == ["2026-10", "2026-11", "2026-12", "2027-01", NO_DATE, TOTAL]
    assert f.loc["2026-10"].tolist() == [1, 800.0, 800.0, 800.0]  # L8 won: 100 %
    assert f.loc["2026-11"].tolist() == [1, 2000.0, 2000.0, 2000.0]  # L4 won (own 50 % ignored)
    # L1 1000 x 75 % (stage) + L2 500 x 0 % (its own 0 is a value) + L9 200 x 20 % (stage)
    assert f.loc["2026-12"].tolist() == [3, 1700.0, 0.0, 790.0]
    assert f.loc["2027-01"].tolist() == [1, 3000.0, 0.0, 2400.0]  # L5 3000 x 80 %
    assert f.loc[NO_DATE].tolist() == [1, 700.0, 0.0, 0.0]  # L7 on hold, 0 %
    # L6 (lost) is left out explicitly; L3 has no amount
    assert f.loc[TOTAL].tolist() == [7, 8200.0, 2800.0, 5990.0]


def test_source_effectiveness(s):
    src = s.sources
    assert list(src.index) == ["blog", "cold_call", "webinar", NONE, TOTAL]
    assert src.loc["blog", ["leads", "qualified", "won", "lost"]].tolist() == [3, 2, 1, 0]
    assert src.loc["blog", "win_rate"] == 1.0 and src.loc["blog", "avg_won_amount"] == 2000.0
    assert src.loc["cold_call", ["leads", "qualified", "won", "lost"]].tolist() == [3, 1, 0, 1]
    assert src.loc["cold_call", "win_rate"] == 0.0
    assert math.isnan(src.loc["cold_call", "avg_won_amount"])
    assert math.isnan(src.loc[NONE, "win_rate"])  # nothing closed
    assert src.loc[TOTAL, "qualified_share"] == pytest.approx(3 / 9)  # L1, L2, L5
    assert src.loc[TOTAL, "win_rate"] == pytest.approx(2 / 3)  # won 2 / closed 3
    assert src.loc[TOTAL, "avg_won_amount"] == 1400.0  # (2000 + 800) / 2
    types = s.source_types
    assert list(types.index) == ["inbound", "outbound", NONE, TOTAL]
    assert types.loc["inbound", ["leads", "qualified", "won", "lost"]].tolist() == [5, 2, 2, 0]
    assert types.loc["outbound", "qualified_share"] == pytest.approx(1 / 3)


def test_bant_is_computed_when_missing_or_stale():
    p = prepare(frame(lead_rows()), CFG, TODAY)
    assert p.set_index("lead_id")["bant"].to_dict() == {
        "L1": "qualified", "L2": "qualified", "L3": "unqualified", "L4": "partial",
        "L5": "qualified", "L6": "unqualified", "L7": "unqualified", "L8": "partial",
        "L9": "partial"}


def test_win_rate_by_technique_and_objections(s):
    t = s.techniques
    assert list(t.index) == ["direct", "assumptive", TOTAL]
    assert t.loc["direct"].tolist() == [2, 1, 0.5, 2000.0]  # L4 won, L6 lost
    assert t.loc["assumptive"].tolist() == [1, 1, 1.0, 800.0]
    assert t.loc[TOTAL, "win_rate"] == pytest.approx(2 / 3)
    o = s.objections
    assert list(o.index) == ["price", "timing", "competitor", TOTAL]
    assert o.loc["price", ["raised", "resolved"]].tolist() == [3, 2]
    assert o.loc["competitor", "resolution_rate"] == 0.0  # blank resolved is not resolved
    assert o.loc[TOTAL, "resolution_rate"] == pytest.approx(2 / 5)


def test_follow_up_discipline_per_rep(s):
    fu = s.follow_ups
    # Kim: L1 overdue, L2 due, L3 scheduled (date beats the stale status), L4 none: won, its
    # stored "scheduled" is the customer's to carry now
    assert fu.loc["Kim", ["leads", "with_follow_up", "overdue", "due_today",
                          "scheduled"]].tolist() == [4, 3, 1, 1, 1]
    assert fu.loc["Kim", "on_time_share"] == pytest.approx(2 / 3)
    # Lee: L5 due (recomputed), L6 none (lost), L7 scheduled (resume date), L8 none, L9 overdue
    assert fu.loc["Lee", ["leads", "with_follow_up", "overdue", "due_today",
                          "scheduled"]].tolist() == [5, 3, 1, 1, 1]
    assert fu.loc[TOTAL, "on_time_share"] == pytest.approx(4 / 6)


def test_stale_deals_and_days_in_stage(s):
    st_ = s.stale_deals
    # L5 closing 57 days (rot 14): 3000 x 43 = 129,000; L2 proposal 87 (rot 30): 500 x 57 =
    # 28,500; L9 qualification 26 (rot 14): 200 x 12 = 2,400 -- the biggest risk first
    assert st_["lead_id"].tolist() == ["L5", "L2", "L9"]
    assert st_["days_in_stage"].tolist() == [57, 87, 26]
    assert st_["days_over"].tolist() == [43, 57, 12]
    assert st_["risk"].tolist() == [129_000.0, 28_500.0, 2_400.0]
    d = s.stage_days
    # completed stays: L1 prospecting 9 (from created), qualification 21, needs 19,
    # presentation 31; L4 closing 157 (created -> won); L6 proposal 192; L7 qualification 214
    assert d["completed_stays"].tolist() == [1, 2, 1, 1, 1, 1, 0]
    assert d["median_days"].tolist()[:6] == [9.0, 117.5, 19.0, 31.0, 192.0, 157.0]
    assert math.isnan(d.loc["on_hold", "median_days"])
    assert d["now_in_stage"].tolist() == [1, 1, 0, 0, 2, 1, 1]
    assert d.loc["proposal", "median_days_now"] == 47.0  # L1 7, L2 87
    assert d.loc["on_hold", "median_days_now"] == 57.0  # L7 since 10-01


def test_split_by_rep_gives_the_team_block_then_each_rep():
    s = compute(frame(lead_rows()), CFG, TODAY, history=frame(HISTORY),
                objections=frame(OBJECTIONS), by_rep=True)
    assert list(s.funnel.index.get_level_values("rep").unique()) == [TEAM, "Kim", "Lee"]
    assert s.team("forecast").loc[TOTAL, "weighted"] == 5990.0
    assert s.forecast.loc[("Kim", TOTAL), "weighted"] == 2750.0  # 750 + 0 + 2000
    assert s.forecast.loc[("Lee", TOTAL), "weighted"] == 3240.0  # 2400 + 0 + 800 + 40
    assert s.objections.loc[("Kim", "price"), "raised"] == 1
    assert s.objections.loc[("Lee", TOTAL), "raised"] == 3
    assert s.funnel.loc[("Lee", "prospecting"), "reached"] == 5
    h = s.headline()
    assert (h["open_deals"], h["open_amount"], h["stale_deals"]) == (5, 4700.0, 3)


def test_an_empty_leads_table_gives_empty_tables():
    s = compute(pd.DataFrame({"stage": []}, dtype=object), CFG, TODAY)
    assert s.pipeline.loc[TOTAL, ("amount", TOTAL)] == 0.0
    assert s.forecast.loc[TOTAL, "deals"] == 0
    assert s.headline()["leads"] == 0


_STAGES = [*CFG.stage_keys, None]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["Kim", "Lee", "Park", None, " "]),
                          st.sampled_from(_STAGES),
                          st.one_of(st.none(), st.floats(0, 1e10, allow_nan=False))),
                max_size=40))
def test_pipeline_total_is_the_sum_of_open_deal_amounts(rows):
    leads = frame([{"rep": r, "stage": k, "deal_amount": a} for r, k, a in rows])
    p = pipeline(prepare(leads, CFG, TODAY), CFG)
    open_keys = {s.key for s in CFG.open_stages}
    open_rows = [(r, a) for r, k, a in rows if k in open_keys]
    expected = math.fsum(a for _, a in open_rows if a is not None)
    assert p.loc[TOTAL, ("amount", TOTAL)] == pytest.approx(expected, rel=1e-12, abs=1e-6)
    assert p.loc[TOTAL, ("count", TOTAL)] == len(open_rows)
    body = p.drop(index=TOTAL)
    assert body[("amount", TOTAL)].sum() == pytest.approx(expected, rel=1e-12, abs=1e-6)
    assert (p.loc[TOTAL, "count"].drop(TOTAL) == body["count"].drop(columns=TOTAL).sum()).all()
