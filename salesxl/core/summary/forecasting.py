"""Forecast by category (Salesforce style), by month for the chart, and the deals it leaves out.

Categories of an open deal follow its stage: **commit** (확정) is the last open stage (closing),
**best case** (최선) the one before it (proposal), **pipeline** (파이프라인) every earlier open
stage; **closed** (종료) is won amount, counted in the period the deal closed (up to today).

A period's forecast = closed in the period + Σ amount × probability of the open deals whose
expected close date falls in the period, from the current month on. Open deals are never
silently zero: those without a close date, those whose close date is in a month already over
(the rep must move it), those without an amount, and deals on hold are their own lines in
`gaps`.

Example:
    >>> import datetime as dt
    >>> from salesxl.core.config import Config
    >>> category_of(["closing", "proposal", "qualification", "won"], Config.default())
    ['commit', 'best_case', 'pipeline', None]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from salesxl.core.config import Config
from salesxl.core.summary.derive import TEAM, TOTAL
from salesxl.core.summary.facts import days
from salesxl.core.summary.targets import (
    Targets,
    add_months,
    month_key,
    next_quarter,
    period_bounds,
    quarter_key,
)

CATEGORIES = ("closed", "commit", "best_case", "pipeline")
GAPS = ("no_close_date", "close_date_passed", "no_amount", "on_hold")
MONTHS_BACK = 5
MONTHS_AHEAD = 11


def category_of(stages: Sequence[object], cfg: Config) -> list[str | None]:
    """The forecast category of each open stage (None for anything else)."""
    open_keys = [s.key for s in cfg.open_stages]
    commit = open_keys[-1]
    best = open_keys[-2] if len(open_keys) > 1 else None
    out: list[str | None] = []
    for s in stages:
        if s not in open_keys:
            out.append(None)
        elif s == commit:
            out.append("commit")
        elif s == best:
            out.append("best_case")
        else:
            out.append("pipeline")
    return out


def periods(today: dt.date) -> list[str]:
    """The forecast's periods: this month, the next two, this quarter, the next quarter."""
    month = month_key(today)
    quarter = quarter_key(today)
    return [month, add_months(month, 1), add_months(month, 2), quarter, next_quarter(quarter)]


def _in(values: np.ndarray, first: dt.date, last: dt.date) -> np.ndarray:
    return (values >= np.datetime64(first, "D")) & (values <= np.datetime64(last, "D"))


def categories(f: pd.DataFrame, cfg: Config, today: dt.date, targets: Targets, rep: str = TEAM
               ) -> pd.DataFrame:
    """Forecast by category for `periods` of the facts ``f`` (one rep's or the team's).

    Returns:
        Index: the periods. Columns: closed, commit, best_case, pipeline (amounts), open_deals,
        weighted (closed + Σ amount × probability of the open deals), target (won amount),
        attainment (weighted / target).
    """
    month_start = dt.date(today.year, today.month, 1)
    cat = pd.Series(category_of(f["stage"].tolist(), cfg), index=f.index, dtype=object)
    opened = (f["kind"] == "open").to_numpy()
    amount = f["amount"].fillna(0.0).to_numpy(dtype=np.float64)
    weighted = (f["amount"] * f["prob"]).fillna(0.0).to_numpy(dtype=np.float64)
    won = (f["kind"] == "won").to_numpy()
    closed_d, close_d = days(f, "closed_d"), days(f, "close_d")
    rows = []
    for period in periods(today):
        first, last = period_bounds(period)
        closed_in = won & _in(closed_d, first, min(last, today))
        open_in = opened & _in(close_d, max(first, month_start), last)
        row: dict[str, Any] = {"period": period, "closed": float(amount[closed_in].sum())}
        for c in CATEGORIES[1:]:
            row[c] = float(amount[open_in & (cat == c).to_numpy()].sum())
        row["open_deals"] = int(open_in.sum())
        row["weighted"] = row["closed"] + float(weighted[open_in].sum())
        row["target"] = targets.get(rep, period, "won_amount")
        rows.append(row)
    out = pd.DataFrame(rows).set_index("period")
    out["attainment"] = _share(out["weighted"], out["target"])
    return out


def gaps(f: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """Deals the forecast cannot count, each kind on its own line.

    Returns:
        Index: `GAPS` (open deals without a close date; open deals whose close date is in a
        month before this one; open deals without an amount; deals on hold). Columns: deals,
        amount, weighted.
    """
    month_start = dt.date(today.year, today.month, 1)
    opened = f["kind"] == "open"
    has_amount = f["amount"].notna()
    close = days(f, "close_d")
    masks = {
        "no_close_date": opened & has_amount & np.isnat(close),
        "close_date_passed": opened & has_amount & (close < np.datetime64(month_start, "D")),
        "no_amount": opened & ~has_amount,
        "on_hold": f["kind"] == "on_hold",
    }
    weighted = (f["amount"] * f["prob"]).fillna(0.0)
    rows = {k: {"deals": int(m.sum()), "amount": float(f["amount"][m].fillna(0.0).sum()),
                "weighted": float(weighted[m].sum())} for k, m in masks.items()}
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "gap"
    return out


def by_month(f: pd.DataFrame, today: dt.date, targets: Targets, rep: str = TEAM
             ) -> pd.DataFrame:
    """Won (past and this month) and weighted open amount (this month on) by month.

    Returns:
        Index: ``YYYY-MM`` from `MONTHS_BACK` months ago to the last month with open deals
        (at most `MONTHS_AHEAD` ahead), then `TOTAL`. Columns: won, weighted_open, forecast
        (won + weighted_open), open_deals, open_amount, target.
    """
    this = month_key(today)
    month_start = dt.date(today.year, today.month, 1)
    won = f[(f["kind"] == "won").to_numpy() & ~np.isnat(days(f, "closed_d"))]
    won_month = pd.Series(_months(days(won, "closed_d")), index=won.index)
    close = days(f, "close_d")
    opened = f[(f["kind"] == "open").to_numpy() & f["amount"].notna().to_numpy()
               & (close >= np.datetime64(month_start, "D"))]
    open_month = pd.Series(_months(days(opened, "close_d")), index=opened.index)
    last = max([this, *open_month.tolist()]) if len(opened) else this
    last = min(last, add_months(this, MONTHS_AHEAD))
    months = [add_months(this, -MONTHS_BACK)]
    while months[-1] < last:
        months.append(add_months(months[-1], 1))
    won_sum = won["amount"].fillna(0.0).groupby(won_month.to_numpy()).sum()
    w = (opened["amount"] * opened["prob"]).fillna(0.0)
    open_w = w.groupby(open_month.to_numpy()).sum()
    open_n = opened["amount"].groupby(open_month.to_numpy()).size()
    open_a = opened["amount"].groupby(open_month.to_numpy()).sum()
    out = pd.DataFrame({
        "won": won_sum.reindex(months, fill_value=0.0).astype(float).to_numpy(),
        "weighted_open": open_w.reindex(months, fill_value=0.0).astype(float).to_numpy(),
        "open_deals": open_n.reindex(months, fill_value=0).astype("int64").to_numpy(),
        "open_amount": open_a.reindex(months, fill_value=0.0).astype(float).to_numpy(),
    }, index=pd.Index(months, name="month"))
    out["won"] = np.where(out.index <= this, out["won"], 0.0)
    out.insert(2, "forecast", out["won"] + out["weighted_open"])
    out["target"] = [targets.get(rep, m, "won_amount") for m in months]
    out.loc[TOTAL] = out.sum(axis=0, min_count=1)
    out["open_deals"] = out["open_deals"].astype("int64")
    return out


def _months(values: np.ndarray) -> np.ndarray:
    """``YYYY-MM`` of datetime64[D] values (no NaT)."""
    return np.datetime_as_string(values.astype("datetime64[M]"), unit="M").astype(object)


def _share(num: pd.Series, den: pd.Series) -> pd.Series:
    n, d = num.to_numpy(dtype=np.float64), den.to_numpy(dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        return pd.Series(np.where(d > 0, n / np.where(d > 0, d, 1), np.nan), index=num.index)
