"""BANT qualification (예산 Budget, 의사결정자 Authority, 요구 Need, 시간 Timing) over whole columns.

`bant` takes a DataFrame of canonical values (one row per lead, any index) and returns
`bant_status`, `bant_score` and `bant_missing` for every row at once. `bant_row` does the same
for one lead given plain cell values (as an Excel function receives them): it parses them with
the workbook readers' own parser and calls `bant` on a one-row frame, so both always agree.

Criteria (thresholds and weights from `Config.bant`):

- **B** ``budget_amount`` >= the minimum budget (when the minimum is 0: any amount above 0),
  or ``budget_confirmed`` is yes;
- **A** ``is_decision_maker`` is yes, or ``decision_maker`` names someone;
- **N** ``need`` has text, or ``need_level`` is high or medium;
- **T** ``decision_date`` is not before today and at most ``horizon_days`` after it.

Example:
    >>> import datetime as dt
    >>> from salesxl.core.config import Config
    >>> r = bant_row(budget_amount="500만원", decision_maker="김부장", need_level="high",
    ...              decision_date="2027-01-10", cfg=Config.default(), today=dt.date(2026, 11, 27))
    >>> r.status, r.score, r.missing
    ('qualified', 100, '')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from salesxl.core.config import Config
from salesxl.core.parse import ParseError
from salesxl.core.rules.businessdays import to_days
from salesxl.core.rules.columns import column, floats, has_text, is_in, is_true
from salesxl.core.schema import LEADS
from salesxl.core.values import read_value

LETTERS = ("B", "A", "N", "T")
CRITERIA: dict[str, tuple[str, ...]] = {
    "B": ("budget_amount", "budget_confirmed"),
    "A": ("is_decision_maker", "decision_maker"),
    "N": ("need", "need_level"),
    "T": ("decision_date",),
}
INPUTS: tuple[str, ...] = tuple(k for keys in CRITERIA.values() for k in keys)
OUTPUTS = ("bant_status", "bant_score", "bant_missing")
NEED_MET = ("high", "medium")

# bant_missing for every combination of met criteria, indexed by B*8 + A*4 + N*2 + T
_MISSING = np.array(
    [",".join(x for x, bit in zip(LETTERS, (8, 4, 2, 1), strict=True) if not code & bit)
     for code in range(16)], dtype=object)


@dataclass(frozen=True)
class BantResult:
    """The BANT outcome of one lead."""

    status: str  # qualified | partial | unqualified | invalid
    score: int  # weighted share of criteria met, 0..100
    missing: str  # unmet letters in B,A,N,T order, e.g. "B,T"; "" when all are met


def criteria(frame: pd.DataFrame, cfg: Config, today: dt.date) -> pd.DataFrame:
    """Which of B, A, N, T each row meets: a DataFrame of four bool columns.

    Example:
        >>> f = pd.DataFrame({"budget_confirmed": [True], "need_level": ["low"]})
        >>> criteria(f, Config.default(), dt.date(2026, 11, 27)).iloc[0].tolist()
        [True, False, False, False]
    """
    rules = cfg.bant
    amount = floats(column(frame, "budget_amount"))
    with np.errstate(invalid="ignore"):
        enough = amount >= rules.min_budget if rules.min_budget > 0 else amount > 0
    b = enough | is_true(column(frame, "budget_confirmed"))
    a = is_true(column(frame, "is_decision_maker")) | has_text(column(frame, "decision_maker"))
    n = has_text(column(frame, "need")) | is_in(column(frame, "need_level"), NEED_MET)
    when = to_days(column(frame, "decision_date"))
    first = np.datetime64(today, "D")
    last = first + np.timedelta64(rules.horizon_days, "D")
    t = (when >= first) & (when <= last)  # NaT compares False
    return pd.DataFrame({"B": b, "A": a, "N": n, "T": t}, index=frame.index)


def bant(frame: pd.DataFrame, cfg: Config, today: dt.date,
         invalid: pd.DataFrame | Mapping[str, Any] | None = None, *,
         met: pd.DataFrame | None = None) -> pd.DataFrame:
    """BANT status, score and missing letters for every row of `frame`.

    Args:
        frame: canonical values; columns among `INPUTS` (a missing column counts as blank).
        cfg: the Config (minimum budget, timing horizon, weights).
        today: the day timing is measured from.
        invalid: per input column, True where the cell could not be read (such a row's
            status is ``invalid``; its score and missing letters treat the cell as blank).
        met: `criteria` of the same `frame`, `cfg` and `today` when already computed.

    Returns:
        A DataFrame with the index of `frame` and columns bant_status (key), bant_score
        (int 0..100) and bant_missing (text).

    Example:
        >>> f = pd.DataFrame({"budget_amount": [5e6, None], "need": ["ERP", None]})
        >>> bant(f, Config.default(), dt.date(2026, 11, 27)).to_dict("list")
        {'bant_status': ['partial', 'unqualified'], 'bant_score': [50, 0], 'bant_missing': ['A,T', 'B,A,N,T']}
    """
    if met is None:
        met = criteria(frame, cfg, today)
    bits = met.to_numpy(dtype=bool)
    code = bits @ np.array([8, 4, 2, 1])
    count = bits.sum(axis=1)
    rules = cfg.bant
    weights = np.array([rules.weight_b, rules.weight_a, rules.weight_n, rules.weight_t])
    total = weights.sum()
    share = bits @ weights / total if total > 0 else np.zeros(len(frame))
    score = np.floor(share * 100 + 0.5 + 1e-9).astype(np.int64)  # nearest, halves up
    status = np.where(count == 4, "qualified", np.where(count == 0, "unqualified", "partial"))
    status = status.astype(object)
    if invalid is not None:
        bad = np.zeros(len(frame), dtype=bool)
        for key in INPUTS:
            if key in invalid:
                bad |= np.asarray(invalid[key], dtype=bool)
        status[bad] = "invalid"
    return pd.DataFrame({
        "bant_status": pd.Series(status, index=frame.index, dtype=object),
        "bant_score": pd.Series(score, index=frame.index),
        "bant_missing": pd.Series(_MISSING[code], index=frame.index, dtype=object),
    })


def bant_row(budget_amount: Any = None, budget_confirmed: Any = None,
             is_decision_maker: Any = None, decision_maker: Any = None, need: Any = None,
             need_level: Any = None, decision_date: Any = None, *, cfg: Config,
             today: dt.date) -> BantResult:
    """BANT of one lead from plain cell values (text such as '500만원', '예', '2026.03.05').

    A value that cannot be read makes the status ``invalid``, exactly as in `bant`.

    Example:
        >>> bant_row(budget_amount="abc", cfg=Config.default(), today=dt.date(2026, 11, 27))
        BantResult(status='invalid', score=0, missing='B,A,N,T')
    """
    raw = {"budget_amount": budget_amount, "budget_confirmed": budget_confirmed,
           "is_decision_maker": is_decision_maker, "decision_maker": decision_maker,
           "need": need, "need_level": need_level, "decision_date": decision_date}
    values: dict[str, list[Any]] = {}
    invalid: dict[str, list[bool]] = {}
    for key, value in raw.items():
        try:
            values[key] = [read_value(LEADS.column(key), value, cfg)]
            invalid[key] = [False]
        except ParseError:
            values[key] = [None]
            invalid[key] = [True]
    out = bant(pd.DataFrame(values, dtype=object), cfg, today, invalid).iloc[0]
    return BantResult(str(out["bant_status"]), int(out["bant_score"]), str(out["bant_missing"]))
