"""The headline block: the figures a manager reads first, against targets, with a pace and
their change since the comparison date.

Each metric has its value now and at the start of the comparison day ``since`` ("then"), so
change = value − then:

- open pipeline (count, amount): open deals now / open at ``since`` (their current amounts);
- won this month / quarter: won amount that closed in the period up to today / before ``since``;
- weighted forecast this month / quarter: won in the period + Σ amount × probability of the
  open deals whose expected close date is in the period from this month on (then: the deals
  open at ``since``, at the probability of the stage they were in);
- new leads and activities this month (targets ``new_deals`` and ``activities``);
- win rate (won / (won + lost)), average won deal, median sales cycle (created → won, days):
  all closed deals now / those closed before ``since``;
- overdue follow-ups, stale deals and their amount: now / those already overdue (due before
  ``since``) or stale (past their rotting days before ``since``) then.

Pace = target × the share of the period's business days gone by (today included).

Example:
    >>> METRICS[:3]
    ('open_deals', 'open_amount', 'won_month')
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from salesxl.core.config import Config
from salesxl.core.summary.activity import elapsed_share
from salesxl.core.summary.derive import TEAM, TOTAL
from salesxl.core.summary.facts import days
from salesxl.core.summary.targets import Targets, month_key, period_bounds, quarter_key

METRICS = ("open_deals", "open_amount", "won_month", "forecast_month", "won_quarter",
           "forecast_quarter", "new_leads_month", "activities_month", "win_rate",
           "avg_won_amount", "median_cycle_days", "overdue_follow_ups", "stale_deals",
           "stale_amount")
"""The headline rows, in sheet order."""
TARGETED = {"won_month": ("month", "won_amount"), "forecast_month": ("month", "won_amount"),
            "won_quarter": ("quarter", "won_amount"),
            "forecast_quarter": ("quarter", "won_amount"),
            "new_leads_month": ("month", "new_deals"),
            "activities_month": ("month", "activities")}
"""Metric -> (period, target measure)."""
REP_COLUMNS = ("won_month", "forecast_month", "target_month", "attainment_month",
               "forecast_quarter", "target_quarter", "attainment_quarter", "activities_month",
               "activities_target", "overdue_follow_ups", "stale_amount")


def _in(days: np.ndarray, first: dt.date, last: dt.date) -> np.ndarray:
    return (days >= np.datetime64(first, "D")) & (days <= np.datetime64(last, "D"))


def values(f: pd.DataFrame, acts: pd.DataFrame, stale: pd.DataFrame, today: dt.date,
           since: dt.date) -> dict[str, tuple[float, float]]:
    """metric -> (value now, value then) for the leads ``f`` (one rep's or the team's)."""
    month_first, _ = period_bounds(month_key(today))
    _, quarter_last = period_bounds(quarter_key(today))
    _, month_last = period_bounds(month_key(today))
    day_before = since - dt.timedelta(days=1)
    kind = f["kind"].to_numpy(dtype=object)
    kind_then = f["kind_then"].to_numpy(dtype=object)
    amount = f["amount"].fillna(0.0).to_numpy(dtype=np.float64)
    closed = days(f, "closed_d")
    close = days(f, "close_d")
    created = days(f, "created_d")
    before_since = np.isnat(closed) | (closed < np.datetime64(since, "D"))
    won = kind == "won"
    lost = kind == "lost"
    opened, opened_then = kind == "open", kind_then == "open"
    w_now = np.nan_to_num(amount * f["prob"].to_numpy(dtype=np.float64))
    w_then = np.nan_to_num(amount * f["prob_then"].to_numpy(dtype=np.float64))
    out: dict[str, tuple[float, float]] = {
        "open_deals": (float(opened.sum()), float(opened_then.sum())),
        "open_amount": (float(amount[opened].sum()), float(amount[opened_then].sum())),
    }
    for name, last in (("month", month_last), ("quarter", quarter_last)):
        period_first = month_first if name == "month" else period_bounds(quarter_key(today))[0]
        won_now = float(amount[won & _in(closed, period_first, today)].sum())
        won_then = float(amount[won & _in(closed, period_first, day_before)].sum())
        ahead = _in(close, month_first, last)
        out[f"won_{name}"] = (won_now, won_then)
        out[f"forecast_{name}"] = (won_now + float(w_now[opened & ahead].sum()),
                                   won_then + float(w_then[opened_then & ahead].sum()))
    out["new_leads_month"] = (float(_in(created, month_first, today).sum()),
                              float(_in(created, month_first, day_before).sum()))
    logged = acts["day"].to_numpy(dtype="datetime64[D]")
    out["activities_month"] = (float(_in(logged, month_first, today).sum()),
                               float(_in(logged, month_first, day_before).sum()))

    def rate(mask: np.ndarray) -> float:
        n = (won & mask).sum() + (lost & mask).sum()
        return float((won & mask).sum() / n) if n else np.nan

    every = np.ones(len(f), dtype=bool)
    out["win_rate"] = (rate(every), rate(before_since))
    has_amount = f["amount"].notna().to_numpy()

    def avg(mask: np.ndarray) -> float:
        sel = won & has_amount & mask
        return float(amount[sel].mean()) if sel.any() else np.nan

    out["avg_won_amount"] = (avg(every), avg(before_since))
    cycle = (closed - created).astype("timedelta64[D]")

    def median(mask: np.ndarray) -> float:
        sel = won & mask & ~np.isnat(cycle)
        days_ = cycle[sel].astype(np.int64)
        days_ = days_[days_ >= 0]
        return float(np.median(days_)) if len(days_) else np.nan

    out["median_cycle_days"] = (median(every), median(before_since))
    overdue = (f["follow_up"] == "overdue").to_numpy()
    due = days(f, "due_d")
    new_overdue = overdue & ~np.isnat(due) & (due >= np.datetime64(since, "D"))
    out["overdue_follow_ups"] = (float(overdue.sum()), float((overdue & ~new_overdue).sum()))
    window = (today - since).days
    old = stale["days_over"].to_numpy() > window if len(stale) else np.array([], dtype=bool)
    stale_amount = stale["deal_amount"].fillna(0.0).to_numpy(dtype=np.float64) if len(
        stale) else np.array([], dtype=np.float64)
    out["stale_deals"] = (float(len(stale)), float(old.sum()))
    out["stale_amount"] = (float(stale_amount.sum()), float(stale_amount[old].sum()))
    return out


def headline(f: pd.DataFrame, acts: pd.DataFrame, stale: pd.DataFrame, cfg: Config,
             today: dt.date, since: dt.date, targets: Targets, who: str = TEAM
             ) -> pd.DataFrame:
    """The headline table of ``who`` (`TEAM` or a rep).

    Returns:
        Index: `METRICS`. Columns: value, target, attainment (value / target), pace (the
        target so far), then (the value at the start of ``since``), change (value − then).
    """
    got = values(f, acts, stale, today, since)
    periods = {"month": month_key(today), "quarter": quarter_key(today)}
    rows: list[dict[str, Any]] = []
    for metric in METRICS:
        now, then = got[metric]
        target = pace = np.nan
        if metric in TARGETED:
            period, measure = TARGETED[metric]
            target = targets.get(who, periods[period], measure)
            pace = target * elapsed_share(periods[period], today, cfg)
        rows.append({"metric": metric, "value": now, "target": target,
                     "attainment": now / target if target and target > 0 else np.nan,
                     "pace": pace, "then": then, "change": now - then})
    return pd.DataFrame(rows).set_index("metric")


def by_rep(parts: dict[str, tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]], today: dt.date,
           since: dt.date, targets: Targets) -> pd.DataFrame:
    """This month and quarter per rep: won, forecast and target, activities, overdue, stale.

    Args:
        parts: rep (and `TEAM`) -> (facts, activities, stale deals) of that rep.

    Returns:
        Index: the reps, then `TOTAL` (the team). Columns: `REP_COLUMNS`; attainment is
        forecast / target.
    """
    month, quarter = month_key(today), quarter_key(today)
    rows = []
    for rep, (f, acts, stale) in parts.items():
        got = values(f, acts, stale, today, since)
        who = TEAM if rep == TEAM else rep
        t_month = targets.get(who, month, "won_amount")
        t_quarter = targets.get(who, quarter, "won_amount")
        rows.append({
            "rep": TOTAL if rep == TEAM else rep,
            "won_month": got["won_month"][0], "forecast_month": got["forecast_month"][0],
            "target_month": t_month,
            "attainment_month": got["forecast_month"][0] / t_month if t_month > 0 else np.nan,
            "forecast_quarter": got["forecast_quarter"][0], "target_quarter": t_quarter,
            "attainment_quarter": got["forecast_quarter"][0] / t_quarter if t_quarter > 0
            else np.nan,
            "activities_month": got["activities_month"][0],
            "activities_target": targets.get(who, month, "activities"),
            "overdue_follow_ups": got["overdue_follow_ups"][0],
            "stale_amount": got["stale_amount"][0],
        })
    out = pd.DataFrame(rows).set_index("rep")
    order = [r for r in out.index if r != TOTAL] + [TOTAL]
    return out.loc[order]
