"""After the sale (seed step 7) in figures: repurchases, upsells and referrals, as DataFrames.

Pure: canonical Leads and Customers values in, tables out (no file access). The links are the
ones `salesxl customers` writes, computed again by `salesxl.core.rules.customers.after_sale`
from the same values, so the figures are right even in a workbook that was never synced (a
typed ``customer_id`` is kept as the rep wrote it).

Definitions (the Summary states them under its tables):

- **Purchase**: a lead in a stage of type won (``won``, or ``upgraded``). Its day: the stage
  date, else the expected close, else the created date; its amount: the deal amount (blank 0).
- **Repeat customer**: a customer with two purchases or more. **Repeat-purchase rate**: repeat
  customers / customers with a purchase. **Repurchase**: a purchase that is not the customer's
  first (by day, then sheet order).
- **Upsell**: a purchase in the ``upgraded`` stage (업셀); the upsell amount adds them up.
- **Time between purchases**: the days between two consecutive purchases of one customer
  (purchases without a day are left out).
- **Referred lead**: ``referred_by`` is filled in, or the source is the referral source. Its
  **referrer customer**: the customer ``referred_by`` resolves to, directly or through one of
  the customer's leads. **Referral conversion**: won / closed (won + lost) of referred leads,
  beside the same for the other leads; on-hold and open leads are not closed.

Example:
    >>> import datetime as dt
    >>> from salesxl.core.config import Config
    >>> leads = pd.DataFrame({"lead_id": ["A", "B", "C"], "email": ["k@x.kr", "k@x.kr", None],
    ...     "stage": ["won", "upgraded", "won"], "deal_amount": [10.0, 4.0, 7.0],
    ...     "stage_updated_on": [dt.date(2026, 1, 5), dt.date(2026, 3, 6), dt.date(2026, 2, 2)],
    ...     "company": ["Apex", "Apex", "Blue"], "referred_by": [None, None, "A"]})
    >>> p = prepare(leads, pd.DataFrame(), Config.default())
    >>> kpis(p).loc[["customers", "repeat_customers", "repeat_rate", "upsell_amount"], "value"].tolist()
    [2.0, 1.0, 0.5, 4.0]
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from salesxl.core.config import Config
from salesxl.core.rules.columns import column, floats
from salesxl.core.rules.customers import AfterSale, after_sale
from salesxl.core.summary.derive import TOTAL, labels
from salesxl.core.summary.tables import rep_order

REFERRAL_SOURCE = "referral"
"""The source key that makes a lead referred even without a ``referred_by``."""
REFERRAL = "referral"
OTHER = "other"
"""Row keys of `referral_sources`: referred leads and the others."""
KPI_KEYS = ("customers", "repeat_customers", "repeat_rate", "purchases", "repurchases",
            "repurchase_amount", "upsells", "upsell_amount", "won_amount", "gaps",
            "mean_days_between", "median_days_between", "referred_leads", "referral_win_rate",
            "other_win_rate", "referral_won_amount", "referral_won_share")
"""The rows of `kpis`, in order."""
_UNDATED = dt.date.max.toordinal() + 1  # sorts after every purchase day


def prepare(leads: pd.DataFrame, customers: pd.DataFrame, cfg: Config,
            today: dt.date | None = None) -> pd.DataFrame:
    """One row per lead (the index of `leads`) with what the after-sale tables need.

    Args:
        leads: canonical Leads values (lead_id, company, contact_name, email, phone, stage,
            outcome, source, deal_amount, stage_updated_on, expected_close_on, created_on,
            customer_id, referred_by; missing columns count as blank).
        customers: canonical Customers values (may be empty).
        cfg: which stages are won and lost.
        today: unused by the figures (touch dates); default 2000-01-01 keeps them pure.

    Returns:
        Columns: lead_id, rep, company, customer_id, purchase (bool), upsell (bool),
        purchase_on, amount (float, 0 for blank), closed ("won", "lost" or None), referred
        (bool), referrer_customer (customer ID or None), customer_company.
    """
    return _prepare(leads, customers, cfg, today or dt.date(2000, 1, 1), None)[0]


def _prepare(leads: pd.DataFrame, customers: pd.DataFrame, cfg: Config, today: dt.date,
             activities: pd.DataFrame | None) -> tuple[pd.DataFrame, AfterSale]:
    """`prepare`, and the `after_sale` result it came from (the Customers rows, synced)."""
    result = after_sale(leads, customers, activities, cfg, today)
    types = {s.key: s.type for s in cfg.stages}
    stage = [s if isinstance(s, str) else o for s, o in
             zip(column(leads, "stage"), column(leads, "outcome"), strict=True)]
    closed = [("won" if types.get(s) == "won" else "lost" if types.get(s) == "lost" else None)
              if isinstance(s, str) else None for s in stage]
    referred = [bool(isinstance(t, str) and t.strip()) or src == REFERRAL_SOURCE
                for t, src in zip(column(leads, "referred_by"), column(leads, "source"),
                                  strict=True)]
    graph = result.graph
    referrer = []
    for lid in column(leads, "lead_id"):
        node = graph.referrer_customer(("lead", str(lid).strip())) if isinstance(lid, str) \
            and lid.strip() else None
        referrer.append(node[1] if node else None)
    names = {str(c): comp for c, comp in zip(result.customers["customer_id"],
                                            result.customers["company"], strict=True) if c}
    known = set(names)
    cust = [c if c in known else None for c in result.lead_customer.tolist()]
    return pd.DataFrame({
        "lead_id": column(leads, "lead_id").tolist(),
        "rep": column(leads, "rep").tolist(),
        "company": column(leads, "company").tolist(),
        "customer_id": cust,
        "purchase": result.purchase,
        "upsell": [s == "upgraded" and p for s, p in zip(stage, result.purchase, strict=True)],
        "purchase_on": result.purchase_on.tolist(),
        "amount": np.nan_to_num(floats(column(leads, "deal_amount")), nan=0.0),
        "closed": closed,
        "referred": referred,
        "referrer_customer": referrer,
        "customer_company": [names.get(c) if c else None for c in cust],
    }, index=leads.index), result


def _purchases(p: pd.DataFrame) -> pd.DataFrame:
    """The purchases of customers, in order: by customer, day (undated last), sheet order;
    ``nth`` numbers them per customer, ``gap`` is the days since the customer's previous dated
    purchase (NaN for its first dated one and for undated ones)."""
    bought = p[p["purchase"].to_numpy(dtype=bool) & p["customer_id"].notna().to_numpy()].copy()
    bought["_day"] = [d.toordinal() if isinstance(d, dt.date) else _UNDATED
                      for d in bought["purchase_on"]]
    bought["_pos"] = range(len(bought))
    bought = bought.sort_values(["customer_id", "_day", "_pos"], kind="stable")
    cid = bought["customer_id"].to_numpy(dtype=object)
    day = bought["_day"].to_numpy(dtype=np.int64)
    bought["nth"] = bought.groupby("customer_id", sort=False).cumcount() + 1
    same = np.zeros(len(bought), dtype=bool)
    same[1:] = cid[1:] == cid[:-1]
    dated = day != _UNDATED
    prev = np.zeros(len(bought), dtype=bool)  # the previous row is a dated one of the customer
    prev[1:] = same[1:] & dated[:-1]
    gap = np.full(len(bought), np.nan)
    both = prev & dated
    gap[1:][both[1:]] = (day[1:] - day[:-1])[both[1:]]
    bought["gap"] = gap
    return bought


def customer_purchases(p: pd.DataFrame) -> pd.DataFrame:
    """One row per customer with a purchase: purchases, first and last day, total won, upsell
    amount, mean days between purchases (NaN with fewer than two dated ones), referrals it
    made and how many of them were won.

    Index: customer IDs (sorted), then `TOTAL` (sums; first/last over all; mean over all
    gaps).
    """
    bought = _purchases(p)
    cols = ["company", "purchases", "first_purchase", "last_purchase", "total_won",
            "upsell_amount", "mean_days_between", "referrals", "referrals_won"]
    day = bought["_day"].where(bought["_day"] != _UNDATED)
    g = bought.assign(_dated=day, _upsell=bought["amount"].where(
        bought["upsell"].astype(bool), 0.0)).groupby("customer_id", sort=True)
    refs = referrals_by_customer(p)
    ids = g.size().index.tolist() if len(bought) else []  # the keys, sorted (not .groups)
    out = pd.DataFrame({
        "company": g["customer_company"].first() if ids else [],
        "purchases": g.size().astype(int) if ids else [],
        "first_purchase": _dates(g["_dated"].min()) if ids else [],
        "last_purchase": _dates(g["_dated"].max()) if ids else [],
        "total_won": g["amount"].sum().astype(float) if ids else [],
        "upsell_amount": g["_upsell"].sum().astype(float) if ids else [],
        "mean_days_between": g["gap"].mean().astype(float) if ids else [],
    }, index=pd.Index(ids, dtype=object))
    out["company"] = out["company"].astype(object)
    known = refs.drop(index=TOTAL)
    out["referrals"] = known["referrals"].reindex(out.index, fill_value=0).astype(int)
    out["referrals_won"] = known["won"].reindex(out.index, fill_value=0).astype(int)
    gaps = bought["gap"].dropna()
    out = out.astype({"first_purchase": object, "last_purchase": object})
    out.loc[TOTAL] = [None, int(out["purchases"].sum()),
                      min((d for d in out["first_purchase"] if d), default=None),
                      max((d for d in out["last_purchase"] if d), default=None),
                      float(out["total_won"].sum()), float(out["upsell_amount"].sum()),
                      float(gaps.mean()) if len(gaps) else np.nan,
                      int(out["referrals"].sum()), int(out["referrals_won"].sum())]
    return out[cols]


def _dates(ordinals: pd.Series) -> list[dt.date | None]:
    return [None if v != v else dt.date.fromordinal(int(v)) for v in ordinals]


def time_between_purchases(p: pd.DataFrame) -> pd.DataFrame:
    """Every gap between two consecutive dated purchases of one customer.

    Returns:
        Columns customer_id, from_day, to_day, days; one row per gap, by customer and day.
    """
    bought = _purchases(p)
    has = bought["gap"].notna().to_numpy()
    days = bought["gap"].to_numpy()[has].astype(np.int64)
    to_day = bought["_day"].to_numpy(dtype=np.int64)[has]
    return pd.DataFrame({
        "customer_id": bought["customer_id"].to_numpy(dtype=object)[has],
        "from_day": [dt.date.fromordinal(int(d)) for d in to_day - days],
        "to_day": [dt.date.fromordinal(int(d)) for d in to_day],
        "days": days}, columns=["customer_id", "from_day", "to_day", "days"])


def referrals_by_customer(p: pd.DataFrame) -> pd.DataFrame:
    """Referrals received per referrer customer: leads referred, won, won amount, conversion.

    Index: customer IDs, most referrals first (ties by ID), then `TOTAL`. Conversion is
    won / closed (won + lost) of its referrals; NaN when none is closed.
    """
    refd = p[p["referrer_customer"].notna().to_numpy()]
    won = (refd["closed"] == "won").to_numpy()
    g = pd.DataFrame({"referrals": 1, "won": won.astype(int),
                      "closed": refd["closed"].notna().to_numpy().astype(int),
                      "won_amount": np.where(won, refd["amount"].to_numpy(dtype=float), 0.0)},
                     index=refd.index).groupby(refd["referrer_customer"].to_numpy(dtype=object),
                                               sort=True).sum()
    out = pd.DataFrame({c: g[c] for c in ("referrals", "won", "closed", "won_amount")},
                       index=pd.Index(g.index, dtype=object))
    out = out.sort_index().sort_values("referrals", ascending=False, kind="stable")
    out.loc[TOTAL] = [int(out["referrals"].sum()), int(out["won"].sum()),
                      int(out["closed"].sum()), float(out["won_amount"].sum())]
    out = out.astype({"referrals": int, "won": int, "closed": int, "won_amount": float})
    out["conversion"] = _ratio(out["won"], out["closed"])
    return out


def referral_sources(p: pd.DataFrame) -> pd.DataFrame:
    """Referred leads against the other leads: counts, win rate and won amount.

    Index: `REFERRAL`, `OTHER`, `TOTAL`. Columns: leads, closed, won, lost, win_rate
    (won / closed), won_amount, won_share (of the total won amount).
    """
    rows = {}
    for key, mask in ((REFERRAL, p["referred"]), (OTHER, ~p["referred"]),
                      (TOTAL, pd.Series(True, index=p.index))):
        g = p[mask.astype(bool)]
        won = g["closed"] == "won"
        rows[key] = (len(g), int(g["closed"].notna().sum()), int(won.sum()),
                     int((g["closed"] == "lost").sum()), float(g.loc[won, "amount"].sum()))
    out = pd.DataFrame.from_dict(rows, orient="index",
                                 columns=["leads", "closed", "won", "lost", "won_amount"])
    out["win_rate"] = _ratio(out["won"], out["closed"])
    out["won_share"] = _ratio(out["won_amount"], np.full(3, out.at[TOTAL, "won_amount"]))
    return out[["leads", "closed", "won", "lost", "win_rate", "won_amount", "won_share"]]


def kpis(p: pd.DataFrame) -> pd.DataFrame:
    """The headline figures, one per row (`KPI_KEYS`), in column ``value`` (floats; shares
    and rates as fractions, NaN when there is nothing to divide by)."""
    bought = _purchases(p)
    per = bought.groupby("customer_id").size()
    gaps = bought["gap"].dropna()
    src = referral_sources(p)
    repurchase = bought["nth"] > 1
    values = {
        "customers": float(len(per)),
        "repeat_customers": float((per >= 2).sum()),
        "repeat_rate": float((per >= 2).sum() / len(per)) if len(per) else np.nan,
        "purchases": float(p["purchase"].sum()),
        "repurchases": float(repurchase.sum()),
        "repurchase_amount": float(bought.loc[repurchase, "amount"].sum()),
        "upsells": float(p["upsell"].sum()),
        "upsell_amount": float(p.loc[p["upsell"].astype(bool), "amount"].sum()),
        "won_amount": float(p.loc[p["purchase"], "amount"].sum()),
        "gaps": float(len(gaps)),
        "mean_days_between": float(gaps.mean()) if len(gaps) else np.nan,
        "median_days_between": float(gaps.median()) if len(gaps) else np.nan,
        "referred_leads": float(src.at[REFERRAL, "leads"]),
        "referral_win_rate": float(src.at[REFERRAL, "win_rate"]),
        "other_win_rate": float(src.at[OTHER, "win_rate"]),
        "referral_won_amount": float(src.at[REFERRAL, "won_amount"]),
        "referral_won_share": float(src.at[REFERRAL, "won_share"]),
    }
    return pd.DataFrame({"value": [values[k] for k in KPI_KEYS]}, index=list(KPI_KEYS))


TOUCH_COLUMNS = ("customers", "with_touch", "overdue", "due_today", "scheduled",
                 "on_time_share")
"""Columns of `touches`."""


def touches(customers: pd.DataFrame) -> pd.DataFrame:
    """Customer touches per rep: the Customers rows with an ID by their touch status.

    Args:
        customers: the Customers rows after the sync (`AfterSale.customers`: rep, customer_id,
            touch_status as `salesxl customers` writes it for the day given).

    Returns:
        Index: the customers' reps (by name, a blank rep last as `NONE`), then `TOTAL`. Columns `TOUCH_COLUMNS`: customers, with a touch (a next touch date),
        overdue, due today, scheduled, on-time share ((due today + scheduled) / with a
        touch). A customer without a tier has no touch.
    """
    ids = [isinstance(c, str) and bool(c.strip()) for c in customers.get(
        "customer_id", pd.Series(dtype=object))]
    rows = customers[np.asarray(ids, dtype=bool)] if len(customers) else customers
    rep = labels(rows["rep"]) if len(rows) else pd.Series(dtype=object)
    status = rows["touch_status"].to_numpy(dtype=object) if len(rows) else np.array([])
    frame = pd.DataFrame({"customers": 1, "overdue": (status == "overdue").astype(int),
                          "due_today": (status == "due").astype(int),
                          "scheduled": (status == "scheduled").astype(int)},
                         index=rep.index)
    out = frame.groupby(rep.to_numpy(dtype=object), sort=False).sum()
    out = out.reindex(rep_order(rep)).astype(int)
    out.loc[TOTAL] = out.sum(axis=0)
    out["with_touch"] = out["overdue"] + out["due_today"] + out["scheduled"]
    out["on_time_share"] = _ratio(out["due_today"] + out["scheduled"], out["with_touch"])
    out.index.name = "rep"
    return out[list(TOUCH_COLUMNS)].astype({c: int for c in TOUCH_COLUMNS[:-1]})


def tables(leads: pd.DataFrame, customers: pd.DataFrame, cfg: Config,
           today: dt.date | None = None, activities: pd.DataFrame | None = None
           ) -> dict[str, pd.DataFrame]:
    """Every after-sale table of the Summary, by name: kpis, customer_purchases,
    time_between_purchases, referrals_by_customer, referral_sources, and touches (customer
    touches as of ``today``, default 2000-01-01; ``activities`` count as contacts)."""
    p, result = _prepare(leads, customers, cfg, today or dt.date(2000, 1, 1), activities)
    return {"kpis": kpis(p), "customer_purchases": customer_purchases(p),
            "time_between_purchases": time_between_purchases(p),
            "referrals_by_customer": referrals_by_customer(p),
            "referral_sources": referral_sources(p), "touches": touches(result.customers)}


def _ratio(num: pd.Series | np.ndarray, den: pd.Series | np.ndarray) -> np.ndarray:
    a = np.asarray(num, dtype=np.float64)
    b = np.asarray(den, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(b > 0, a / np.where(b > 0, b, 1), np.nan)
