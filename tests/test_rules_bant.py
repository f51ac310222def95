"""BANT rules: every criterion, score weights and rounding, invalid cells, row/column parity.

Expected values are worked out by hand from the issue's rules, with today = 2026-11-27 and the
default 180-day horizon, whose last day is 2027-05-26 (3 days of November, then 31 + 31 + 28
+ 31 + 30 = 151, then 26 days of May: 180).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
import pytest

from salesxl.core.config import BantRules, Config
from salesxl.core.rules.bant import bant, bant_row, criteria

TODAY = dt.date(2026, 11, 27)
CFG = Config.default()


def _frame(**cols: Any) -> pd.DataFrame:
    """One lead; a column not given is absent (the rules treat it as blank)."""
    return pd.DataFrame({"lead_id": ["L-1"], **{k: [v] for k, v in cols.items()}}, dtype=object)


def _with_bant(**kw: Any) -> Config:
    return CFG.model_copy(update={"bant": BantRules(**kw)})


@pytest.mark.parametrize(("values", "met"), [
    # B: an amount above 0 (default minimum), or budget confirmed
    ({"budget_amount": 5_000_000.0}, True),
    ({"budget_amount": 1.0}, True),
    ({"budget_amount": 0.0}, False),
    ({"budget_amount": -300.0}, False),
    ({"budget_amount": None, "budget_confirmed": True}, True),
    ({"budget_amount": 0.0, "budget_confirmed": True}, True),
    ({"budget_amount": None, "budget_confirmed": False}, False),
    ({}, False),
])
def test_budget(values: dict[str, Any], met: bool) -> None:
    assert bool(criteria(_frame(**values), CFG, TODAY)["B"].iloc[0]) is met


@pytest.mark.parametrize(("amount", "met"), [
    (10_000_000.0, True), (10_000_001.0, True), (9_999_999.0, False), (None, False),
])
def test_budget_minimum_from_config(amount: float | None, met: bool) -> None:
    cfg = _with_bant(min_budget=10_000_000)
    assert bool(criteria(_frame(budget_amount=amount), cfg, TODAY)["B"].iloc[0]) is met


@pytest.mark.parametrize(("values", "met"), [
    ({"is_decision_maker": True}, True),
    ({"decision_maker": "박 대표"}, True),
    ({"is_decision_maker": False, "decision_maker": "Lee CFO"}, True),
    ({"is_decision_maker": False}, False),
    ({"decision_maker": "   "}, False),
    ({"decision_maker": None, "is_decision_maker": None}, False),
])
def test_authority(values: dict[str, Any], met: bool) -> None:
    assert bool(criteria(_frame(**values), CFG, TODAY)["A"].iloc[0]) is met


@pytest.mark.parametrize(("values", "met"), [
    ({"need": "재고 관리 자동화"}, True),
    ({"need_level": "high"}, True),
    ({"need_level": "medium"}, True),
    ({"need_level": "low"}, False),
    ({"need": "ERP", "need_level": "low"}, True),
    ({"need": ""}, False),
    ({}, False),
])
def test_need(values: dict[str, Any], met: bool) -> None:
    assert bool(criteria(_frame(**values), CFG, TODAY)["N"].iloc[0]) is met


@pytest.mark.parametrize(("decision", "met"), [
    (dt.date(2026, 11, 27), True),    # today
    (dt.date(2026, 11, 26), False),   # yesterday: before today
    (dt.date(2027, 5, 26), True),     # today + 180 days
    (dt.date(2027, 5, 27), False),    # today + 181 days
    (dt.date(2027, 1, 15), True),
    (dt.datetime(2027, 1, 15, 14, 30), True),  # a datetime counts by its day
    (None, False),
])
def test_timing(decision: dt.date | None, met: bool) -> None:
    assert bool(criteria(_frame(decision_date=decision), CFG, TODAY)["T"].iloc[0]) is met


def test_timing_horizon_from_config() -> None:
    cfg = _with_bant(horizon_days=30)
    frame = pd.DataFrame({"decision_date": [dt.date(2026, 12, 27), dt.date(2026, 12, 28)]},
                         dtype=object)
    assert criteria(frame, cfg, TODAY)["T"].tolist() == [True, False]


ALL = {"budget_amount": 5e6, "is_decision_maker": True, "need": "ERP",
       "decision_date": dt.date(2027, 1, 15)}


@pytest.mark.parametrize(("drop", "status", "score", "missing"), [
    ((), "qualified", 100, ""),
    (("budget_amount",), "partial", 75, "B"),
    (("is_decision_maker",), "partial", 75, "A"),
    (("budget_amount", "decision_date"), "partial", 50, "B,T"),
    (("budget_amount", "is_decision_maker", "need"), "partial", 25, "B,A,N"),
    (("need", "decision_date", "is_decision_maker"), "partial", 25, "A,N,T"),
    (("budget_amount", "is_decision_maker", "need", "decision_date"), "unqualified", 0,
     "B,A,N,T"),
])
def test_status_score_missing(drop: tuple[str, ...], status: str, score: int,
                              missing: str) -> None:
    values = {k: v for k, v in ALL.items() if k not in drop}
    out = bant(_frame(**values), CFG, TODAY).iloc[0]
    assert (out["bant_status"], out["bant_score"], out["bant_missing"]) == (status, score, missing)


@pytest.mark.parametrize(("weights", "drop", "score"), [
    ((40, 30, 20, 10), ("is_decision_maker", "need", "decision_date"), 40),   # B only
    ((40, 30, 20, 10), ("budget_amount", "decision_date"), 50),               # A + N
    ((1, 1, 1, 0), ("is_decision_maker", "need"), 33),                        # 1/3 -> 33
    ((1, 1, 1, 0), ("need",), 67),                                            # 2/3 -> 67
    ((1, 1, 1, 5), ("is_decision_maker", "need", "decision_date"), 13),       # 12.5 -> 13
    ((0, 0, 0, 0), (), 0),                                                    # no weight
    ((0.25, 0.25, 0.25, 0.25), ("need",), 75),                # weights adding up to 1
    ((0.1, 0.1, 0.1, 0.1), ("need",), 75),                    # ... or to less than 1
])
def test_score_weights_and_rounding(weights: tuple[int, ...], drop: tuple[str, ...],
                                    score: int) -> None:
    b, a, n, t = weights
    cfg = _with_bant(weight_b=b, weight_a=a, weight_n=n, weight_t=t)
    values = {k: v for k, v in ALL.items() if k not in drop}
    assert bant(_frame(**values), cfg, TODAY)["bant_score"].iloc[0] == score


def test_invalid_cells_make_the_row_invalid_but_the_rest_is_still_scored() -> None:
    frame = pd.DataFrame({"budget_amount": [None, 5e6], "need": ["ERP", "ERP"]}, dtype=object)
    invalid = {"budget_amount": np.array([True, False])}
    out = bant(frame, CFG, TODAY, invalid)
    assert out["bant_status"].tolist() == ["invalid", "partial"]
    assert out["bant_score"].tolist() == [25, 50]
    assert out["bant_missing"].tolist() == ["B,A,T", "A,T"]


def test_keeps_the_index_of_the_frame() -> None:
    frame = pd.DataFrame({"need": ["x", None]}, index=[11, 57], dtype=object)
    assert bant(frame, CFG, TODAY).index.tolist() == [11, 57]


@pytest.mark.parametrize("budget", ["₩5,000,000", "5,000,000원", "500만원", "1.2억", "3천만원",
                                    "5M", "12k", 5_000_000, "5000000"])
def test_row_reads_amount_text(budget: Any) -> None:
    assert bant_row(budget_amount=budget, cfg=CFG, today=TODAY).missing == "A,N,T"


@pytest.mark.parametrize(("word", "met"), [
    ("Y", True), ("yes", True), ("TRUE", True), (1, True), ("1", True), ("O", True),
    ("예", True), ("네", True), ("N", False), ("no", False), ("false", False), (0, False),
    ("X", False), ("아니오", False), ("아니요", False),
])
def test_row_reads_yes_no_words(word: Any, met: bool) -> None:
    r = bant_row(budget_confirmed=word, is_decision_maker=word, cfg=CFG, today=TODAY)
    assert r.missing == ("N,T" if met else "B,A,N,T")


@pytest.mark.parametrize("date", ["2026-12-05", "2026.12.05", "2026/12/5", "26-12-05",
                                  "2026년 12월 5일", 46361, dt.date(2026, 12, 5)])
def test_row_reads_date_text_and_serials(date: Any) -> None:
    # 46361 is the Excel serial of 2026-12-05 (46086 = 2026-03-05, plus 275 days)
    assert bant_row(decision_date=date, cfg=CFG, today=TODAY).missing == "B,A,N"


@pytest.mark.parametrize(("kwargs", "status"), [
    ({"budget_amount": "abc"}, "invalid"),
    ({"budget_confirmed": "maybe"}, "invalid"),
    ({"decision_date": "next spring"}, "invalid"),
    ({"need_level": "very high"}, "invalid"),
    ({"budget_amount": "500만원", "budget_confirmed": "maybe"}, "invalid"),
])
def test_row_unreadable_values(kwargs: dict[str, Any], status: str) -> None:
    assert bant_row(**kwargs, cfg=CFG, today=TODAY).status == status


def test_row_and_column_agree() -> None:
    rows = [
        {"budget_amount": "500만원", "decision_maker": "김부장", "need_level": "높음",
         "decision_date": "2027.01.10"},
        {"budget_confirmed": "X", "is_decision_maker": "네", "need": "ERP"},
        {"budget_amount": "abc", "decision_date": "2026-11-26"},
        {},
    ]
    from salesxl.core.schema import LEADS
    from salesxl.core.values import read_value

    singles = [bant_row(**r, cfg=CFG, today=TODAY) for r in rows]
    keys = ["budget_amount", "budget_confirmed", "is_decision_maker", "decision_maker", "need",
            "need_level", "decision_date"]
    parsed: dict[str, list[Any]] = {k: [] for k in keys}
    bad: dict[str, list[bool]] = {k: [] for k in keys}
    for r in rows:
        for k in keys:
            try:
                parsed[k].append(read_value(LEADS.column(k), r.get(k), CFG))
                bad[k].append(False)
            except ValueError:
                parsed[k].append(None)
                bad[k].append(True)
    whole = bant(pd.DataFrame(parsed, dtype=object), CFG, TODAY,
                 {k: np.array(v) for k, v in bad.items()})
    assert [(s.status, s.score, s.missing) for s in singles] == list(
        whole.itertuples(index=False, name=None))
    assert [s.status for s in singles] == ["qualified", "partial", "invalid", "unqualified"]
