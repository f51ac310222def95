"""Activity performance: activities per rep per week (last 8 weeks) and by type, against the
``activities`` target, and the open leads nobody touched within their tier's cadence.

An activity belongs to the rep on its own row, else to its lead's rep. Weeks start on Monday;
the last week is the one holding ``today``. A month's pace is its target × the share of the
month's business days (the team's calendar) gone by, today included.

Example:
    >>> import datetime as dt
    >>> [d.isoformat() for d in week_starts(dt.date(2026, 11, 27), 2)]
    ['2026-11-16', '2026-11-23']
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from salesxl.core.config import Config
from salesxl.core.rules.businessdays import business_mask
from salesxl.core.rules.columns import column
from salesxl.core.summary.derive import NONE, TEAM, TOTAL, labels, lead_key
from salesxl.core.summary.facts import as_days, days, lookup
from salesxl.core.summary.tables import rep_order
from salesxl.core.summary.targets import Targets, month_key, period_bounds
from salesxl.core.vocab import ACTIVITY_TYPES

WEEKS = 8
DAY = "datetime64[D]"


def week_starts(today: dt.date, weeks: int = WEEKS) -> list[dt.date]:
    """The Mondays of the last ``weeks`` weeks, oldest first, the current week last."""
    monday = today - dt.timedelta(days=today.weekday())
    return [monday - dt.timedelta(weeks=weeks - 1 - i) for i in range(weeks)]


def elapsed_share(period: str, today: dt.date, cfg: Config) -> float:
    """Share of the period's business days on or before ``today`` (0 before, 1 after).

    Example:
        >>> from salesxl.core.config import Config
        >>> round(elapsed_share("2026-11", dt.date(2026, 11, 27), Config.default()), 3)
        0.952
    """
    first, last = period_bounds(period)
    days = np.arange(np.datetime64(first, "D"), np.datetime64(last, "D") + 1)
    work = business_mask(days, cfg)
    total = int(work.sum())
    if total == 0:
        return float(today >= last)
    return float(work[days <= np.datetime64(today, "D")].sum()) / total


def activity_rows(activities: pd.DataFrame | None, f: pd.DataFrame) -> pd.DataFrame:
    """Activities as rep, day (datetime64[D]) and type key (`NONE` for a blank or unknown
    type); the rep is the row's own, else its lead's."""
    if activities is None or not len(activities):
        return pd.DataFrame({"rep": pd.Series(dtype=object), "day": pd.Series(dtype=DAY),
                             "type": pd.Series(dtype=object)})
    lead_rep = f.dropna(subset=["lead_key"]).drop_duplicates("lead_key").set_index(
        "lead_key")["rep"]
    own = column(activities, "rep")
    keys = activities["lead_key"] if "lead_key" in activities.columns else lead_key(
        column(activities, "lead_id"))
    by_lead = pd.Series(lookup(keys, lead_rep, None), index=activities.index)
    rep = labels(own.where(own.notna(), by_lead))
    known = set(ACTIVITY_TYPES.keys)
    kind = [t if t in known else NONE for t in column(activities, "type")]
    return pd.DataFrame({"rep": rep.to_numpy(dtype=object),
                         "day": as_days(column(activities, "date")),
                         "type": np.array(kind, dtype=object)})



def activity(acts: pd.DataFrame, f: pd.DataFrame, cfg: Config, today: dt.date,
             targets: Targets, reps: list[str] | None = None
             ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Weekly activity per rep, activity by type, and the open leads without a recent touch.

    Args:
        acts: `activity_rows`.
        f: lead facts (`salesxl.core.summary.facts.lead_facts`).
        reps: the reps to show (default: the reps of the leads and the activities).

    Returns:
        (weeks, types, untouched). weeks — index: reps, then `TOTAL`; columns: the
        `WEEKS` Mondays (dates), week_avg, week_target (this month's target × 7 / days in the
        month), month (this month's activities), month_target, month_attainment, month_pace
        (the target so far), untouched (open leads past their cadence). types — index: reps,
        then `TOTAL`; columns: the activity types and `NONE`, counts over the `WEEKS` weeks.
        untouched — one row per open lead whose last touch (activity or last contact, else
        its creation) is older than its tier's cadence, largest amount first: lead_id,
        company, rep, tier, stage, last_touch, days_since, cadence_days, deal_amount, row.
    """
    starts = week_starts(today)
    first = np.datetime64(starts[0], "D")
    end = np.datetime64(today, "D")
    month = month_key(today)
    m_first, m_last = period_bounds(month)
    reps = reps if reps is not None else rep_order(pd.Series(
        [*f["rep"].tolist(), *acts["rep"].tolist()], dtype=object))
    recent = acts[(acts["day"] >= first) & (acts["day"] <= end)]
    week = ((recent["day"] - first).to_numpy().astype("timedelta64[D]").astype(np.int64)
            // 7) if len(recent) else np.array([], dtype=np.int64)
    weeks = _count(recent["rep"].to_numpy(dtype=object), week, reps, list(range(WEEKS)))
    weeks.columns = starts
    in_month = acts[(acts["day"] >= np.datetime64(m_first, "D")) & (acts["day"] <= end)]
    month_n = in_month.groupby("rep").size().reindex(reps, fill_value=0).astype("int64")
    untouched = _untouched(f, cfg, today)
    weeks.loc[TOTAL] = weeks.sum(axis=0)
    month_n.loc[TOTAL] = int(month_n.sum())
    share = elapsed_share(month, today, cfg)
    days_in_month = (m_last - m_first).days + 1
    rows = [*reps, TOTAL]
    target = pd.Series([targets.get(TEAM if r == TOTAL else r, month, "activities")
                        for r in rows], index=rows, dtype=float)
    out = weeks.copy()
    out["week_avg"] = weeks[starts].mean(axis=1)
    out["week_target"] = target * 7 / days_in_month
    out["month"] = month_n.reindex(rows).to_numpy()
    out["month_target"] = target
    with np.errstate(divide="ignore", invalid="ignore"):
        out["month_attainment"] = np.where(target > 0, out["month"] / target.where(
            target > 0, 1), np.nan)
    out["month_pace"] = target * share
    counts = untouched.groupby("rep").size() if len(untouched) else pd.Series(dtype="int64")
    out["untouched"] = counts.reindex(rows, fill_value=0).astype("int64")
    out.loc[TOTAL, "untouched"] = len(untouched)
    out.index.name = "rep"

    type_keys = [*ACTIVITY_TYPES.keys, NONE]
    types = _count(recent["rep"].to_numpy(dtype=object), recent["type"].to_numpy(dtype=object),
                   reps, type_keys)
    types.loc[TOTAL] = types.sum(axis=0)
    types.index.name = "rep"
    types.columns.name = None
    if not types[NONE].any():
        types = types.drop(columns=[NONE])
    return out, types, untouched


def _count(rows: np.ndarray, cols: np.ndarray, row_keys: list[str], col_keys: list[Any]
           ) -> pd.DataFrame:
    """How many (row, col) pairs fall in each cell of ``row_keys`` × ``col_keys`` (pairs
    outside them are not counted)."""
    r = pd.Index(row_keys, dtype=object).get_indexer(rows)
    c = pd.Index(col_keys, dtype=object).get_indexer(cols.astype(object))
    ok = (r >= 0) & (c >= 0)
    n = np.bincount(r[ok] * len(col_keys) + c[ok], minlength=len(row_keys) * len(col_keys))
    return pd.DataFrame(n.reshape(len(row_keys), len(col_keys)).astype("int64"),
                        index=pd.Index(row_keys, name="rep", dtype=object), columns=col_keys)


def _untouched(f: pd.DataFrame, cfg: Config, today: dt.date) -> pd.DataFrame:
    cadence = {t.tier: t.cadence_days for t in cfg.tiers}
    opened = f[f["kind"] == "open"]
    tier_days = np.array([cadence.get(t, np.nan) if isinstance(t, str) else np.nan
                          for t in opened["tier"]], dtype=np.float64)
    touch = days(opened, "touch_d")
    created = days(opened, "created_d")
    since = np.where(np.isnat(touch), created, touch)
    idle = (np.datetime64(today, "D") - since).astype("timedelta64[D]")
    idle_days = np.where(np.isnat(idle), np.nan, idle.astype(np.int64).astype(np.float64))
    late = ~np.isnan(tier_days) & ~np.isnan(idle_days) & (idle_days > tier_days)
    rows = opened[late]
    out = pd.DataFrame({
        "lead_id": rows["lead_id"].to_numpy(dtype=object),
        "company": rows["company"].to_numpy(dtype=object),
        "rep": rows["rep"].to_numpy(dtype=object),
        "tier": rows["tier"].to_numpy(dtype=object),
        "stage": rows["stage"].to_numpy(dtype=object),
        "last_touch": rows["last_touch"].to_numpy(dtype=object),
        "days_since": idle_days[late].astype(np.int64),
        "cadence_days": tier_days[late].astype(np.int64),
        "deal_amount": rows["amount"].to_numpy(dtype=np.float64),
        "row": rows["row"].to_numpy(),
    })
    order = out.assign(_a=-out["deal_amount"].fillna(0.0), _d=-out["days_since"],
                       _id=out["lead_id"].map(lambda v: "" if v is None else str(v)))
    return out.loc[order.sort_values(["_a", "_d", "_id"]).index].reset_index(drop=True)
