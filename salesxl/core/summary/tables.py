"""The Summary tables as DataFrames: pure computations over prepared leads, no file access.

Every function takes the per-lead facts of `salesxl.core.summary.derive.prepare` (and History or
Objections values where it needs them) and returns one table with canonical row keys (rep
names, stage keys, ``YYYY-MM`` months, choice keys) and a `TOTAL` row where a total means
something. Shares are fractions (0.25 = 25 %); a share with nothing to divide by is NaN.

Example:
    >>> import datetime as dt
    >>> from salesxl.core.config import Config
    >>> from salesxl.core.summary.derive import prepare
    >>> cfg = Config.default()
    >>> leads = pd.DataFrame({"rep": ["Kim", "Kim", "Lee"],
    ...                       "stage": ["proposal", "won", "proposal"],
    ...                       "deal_amount": [100.0, 50.0, 30.0]})
    >>> p = prepare(leads, cfg, dt.date(2026, 11, 27))
    >>> pipeline(p, cfg).loc[:, ("amount", "proposal")].tolist()
    [100.0, 30.0, 130.0]
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from salesxl.core.config import Config
from salesxl.core.rules.columns import column
from salesxl.core.rules.stages import stage_rank, stale
from salesxl.core.schema import CLOSING_TECHNIQUES, OBJECTION_CATEGORIES, SOURCE_TYPES
from salesxl.core.summary.derive import NO_DATE, NONE, TOTAL, labels, lead_key, prepare


def _example() -> tuple[pd.DataFrame, Config, dt.date]:
    """Three prepared leads for the examples below: Kim won and lost, Lee closing."""
    cfg, day = Config.default(), dt.date(2026, 11, 27)
    leads = pd.DataFrame({"rep": ["Kim", "Kim", "Lee"], "stage": ["won", "lost", "closing"],
                          "deal_amount": [50.0, 20.0, 30.0], "source_type": ["inbound"] * 3,
                          "stage_updated_on": [day - dt.timedelta(days=20)] * 3}, dtype=object)
    return prepare(leads, cfg, day), cfg, day


def _ratio(num: pd.Series | np.ndarray, den: pd.Series | np.ndarray) -> np.ndarray:
    num_a = np.asarray(num, dtype=np.float64)
    den_a = np.asarray(den, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den_a > 0, num_a / np.where(den_a > 0, den_a, 1), np.nan)


def _order(keys: list[str], present: list[str]) -> list[str]:
    """``keys`` that are present in their order, then other present keys sorted, NONE last."""
    known = [k for k in keys if k in present]
    others = sorted((k for k in present if k not in keys and k != NONE), key=str.casefold)
    return known + others + ([NONE] if NONE in present else [])


def rep_order(reps: pd.Series) -> list[str]:
    """Reps sorted by name (case-insensitive), the blank rep last."""
    return _order([], list(pd.unique(reps)))


# --- 1. pipeline ---------------------------------------------------------------------------
def pipeline(leads: pd.DataFrame, cfg: Config) -> pd.DataFrame:
    """Open deals by rep (rows) and open stage (columns): count and amount, with totals.

    Returns:
        Index: reps, then `TOTAL`. Columns: a MultiIndex (measure, stage) with measures
        ``count`` and ``amount`` and, under each, the open stages in pipeline order then
        `TOTAL`. Amounts add up the deal amounts (a blank amount counts 0).
    """
    stages = [s.key for s in cfg.open_stages]
    open_ = leads[leads["kind"] == "open"]
    reps = rep_order(open_["rep"])
    grouped = open_.groupby(["rep", "stage"], sort=False)["amount"]
    count = grouped.size().unstack(fill_value=0).reindex(index=reps, columns=stages,
                                                         fill_value=0)
    amount = grouped.sum(min_count=0).unstack(fill_value=0.0).reindex(
        index=reps, columns=stages, fill_value=0.0)
    parts = {}
    for name, frame, kind in (("count", count, "int64"), ("amount", amount, "float64")):
        frame = frame.astype(kind)
        frame[TOTAL] = frame.sum(axis=1)
        frame.loc[TOTAL] = frame.sum(axis=0)
        parts[name] = frame
    out = pd.concat(parts, axis=1)
    out.index.name = "rep"
    out.columns.names = ["measure", "stage"]
    return out


def _ranks(values: pd.Series, ranks: dict[str, int]) -> np.ndarray:
    """Ladder position of each stage key; -1 for blank, on hold, lost or unknown."""
    mapped = pd.Series(values.to_numpy(dtype=object), dtype=object).map(ranks)
    return mapped.fillna(-1).to_numpy(dtype=np.int64)


def history_keys(history: pd.DataFrame) -> pd.Series:
    """The folded lead IDs of History rows (its ``lead_key`` column when computed already)."""
    if "lead_key" in history.columns:
        return history["lead_key"]
    return lead_key(column(history, "lead_id"))


# --- 2. funnel -----------------------------------------------------------------------------
def funnel(leads: pd.DataFrame, cfg: Config, history: pd.DataFrame | None = None) -> pd.DataFrame:
    """How many leads reached each open stage and won, and the conversion between them.

    A lead reached a stage when its current stage is that stage or a later one on the ladder
    (open stages, won, upgraded) or when its History shows it in that stage or a later one.
    A lead on hold or lost without History counts as having reached the first stage.

    Returns:
        Index: the open stages in order, then ``won``. Columns: reached (int),
        share_of_first (reached / reached at the first stage) and conversion_to_next
        (reached at the next stage / reached here; NaN on the last row).

    Example:
        >>> p, cfg, day = _example()
        >>> funnel(p, cfg)["reached"].tolist()  # closing, lost (first stage only), won
        [3, 2, 2, 2, 2, 2, 1]
    """
    ladder = [s.key for s in cfg.open_stages] + ["won"]
    ranks = {k: r for k in cfg.stage_keys if (r := stage_rank(k, cfg)) is not None}
    best = _ranks(leads["stage"], ranks)
    if history is not None and len(history):
        h_rank = np.maximum(_ranks(column(history, "from_stage"), ranks),
                            _ranks(column(history, "to_stage"), ranks))
        keys = pd.Index(history_keys(history).to_numpy(), dtype=object)
        seen = pd.Series(h_rank, index=keys).groupby(level=0).max()
        from_history = leads["lead_key"].map(seen).fillna(-1).to_numpy(dtype=np.int64)
        best = np.maximum(best, from_history)
    entered = leads["stage"].notna().to_numpy()
    best = np.where((best < 0) & entered, 0, best)
    reached = np.array([(best >= ranks[k]).sum() for k in ladder], dtype=np.int64)
    nxt = np.append(reached[1:], 0).astype(np.float64)
    conversion = _ratio(nxt, reached)
    conversion[-1] = np.nan
    out = pd.DataFrame({
        "reached": reached,
        "share_of_first": _ratio(reached, np.full(len(reached), reached[0] if len(reached)
                                                  else 0)),
        "conversion_to_next": conversion,
    }, index=pd.Index(ladder, name="stage"))
    return out


# --- 3. forecast ---------------------------------------------------------------------------
def forecast(leads: pd.DataFrame) -> pd.DataFrame:
    """Deals with an amount by expected close month: amount, won amount, weighted amount.

    Lost deals are left out explicitly; weighted = amount × effective probability (won 100 %,
    else the lead's own, else its stage's; 0 % counts as 0 %). Deals without a probability
    (no stage and none of their own) are left out too.

    Returns:
        Index: ``YYYY-MM`` months in order, `NO_DATE` for deals without an expected close
        date, then `TOTAL`. Columns: deals, amount, won_amount, weighted.

    Example:
        >>> p, cfg, day = _example()
        >>> forecast(p).loc["Total"].tolist()  # won 50 x 100 % + closing 30 x 90 %; lost out
        [2.0, 80.0, 50.0, 77.0]
    """
    rows = leads[(leads["kind"] != "lost") & leads["amount"].notna() & leads["prob"].notna()]
    month = rows["month"].fillna(NO_DATE)
    frame = pd.DataFrame({
        "month": month,
        "deals": 1,
        "amount": rows["amount"],
        "won_amount": np.where(rows["kind"] == "won", rows["amount"], 0.0),
        "weighted": rows["amount"] * rows["prob"],
    })
    out = frame.groupby("month").sum()
    months = sorted(m for m in out.index if m != NO_DATE)
    out = out.reindex(months + ([NO_DATE] if NO_DATE in out.index else []))
    out.loc[TOTAL] = out.sum(axis=0)
    out["deals"] = out["deals"].astype("int64")
    out.index.name = "month"
    return out


# --- 4. source effectiveness ----------------------------------------------------------------
def sources(leads: pd.DataFrame, by: str = "source") -> pd.DataFrame:
    """Leads, qualified share, win rate and average won amount by source or source type.

    Win rate is won / (won + lost): deals still open or on hold are not yet a win or a loss.

    Args:
        leads: prepared leads (`salesxl.core.summary.derive.prepare`).
        by: ``source`` (rows by source, most leads first) or ``source_type`` (inbound,
            outbound, blank).

    Returns:
        Index: the sources, then `TOTAL`. Columns: leads, qualified, qualified_share, won,
        lost, win_rate, avg_won_amount.

    Example:
        >>> p, cfg, day = _example()
        >>> sources(p, "source_type").loc["inbound", ["leads", "won", "lost", "win_rate"]].tolist()
        [3.0, 1.0, 1.0, 0.5]
    """
    won = leads["kind"] == "won"
    frame = pd.DataFrame({
        "key": leads[by],
        "leads": 1,
        "qualified": (leads["bant"] == "qualified").astype("int64"),
        "won": won.astype("int64"),
        "lost": (leads["kind"] == "lost").astype("int64"),
        "won_amount": np.where(won, leads["amount"].fillna(0.0), 0.0),
        "won_with_amount": (won & leads["amount"].notna()).astype("int64"),
    })
    out = frame.groupby("key").sum()
    if by == "source_type":
        order = _order([c.key for c in SOURCE_TYPES], list(out.index))
    else:
        counts = out["leads"].to_dict()
        order = sorted((k for k in out.index if k != NONE), key=lambda k: (-counts[k],
                                                                           k.casefold()))
        order += [NONE] if NONE in out.index else []
    out = out.reindex(order)
    out.loc[TOTAL] = out.sum(axis=0)
    out = out.astype("int64", errors="ignore")
    result = pd.DataFrame({
        "leads": out["leads"].astype("int64"),
        "qualified": out["qualified"].astype("int64"),
        "qualified_share": _ratio(out["qualified"], out["leads"]),
        "won": out["won"].astype("int64"),
        "lost": out["lost"].astype("int64"),
        "win_rate": _ratio(out["won"], out["won"] + out["lost"]),
        "avg_won_amount": _ratio(out["won_amount"], out["won_with_amount"]),
    }, index=out.index)
    result.index.name = by
    return result


# --- 5. closing techniques and objections ---------------------------------------------------
def techniques(leads: pd.DataFrame) -> pd.DataFrame:
    """Closed deals (won or lost) by closing technique: count, won, win rate, won amount.

    Returns:
        Index: the techniques used (schema order), `NONE` for closed deals without one, then
        `TOTAL`. Columns: closed, won, win_rate, won_amount.

    Example:
        >>> p, cfg, day = _example()
        >>> techniques(p).loc["Total"].tolist()
        [2.0, 1.0, 0.5, 50.0]
    """
    closed = leads[leads["kind"].isin(["won", "lost"])]
    won = closed["kind"] == "won"
    frame = pd.DataFrame({
        "key": closed["technique"],
        "closed": 1,
        "won": won.astype("int64"),
        "won_amount": np.where(won, closed["amount"].fillna(0.0), 0.0),
    })
    out = frame.groupby("key").sum()
    out = out.reindex(_order([c.key for c in CLOSING_TECHNIQUES], list(out.index)))
    out.loc[TOTAL] = out.sum(axis=0)
    result = pd.DataFrame({
        "closed": out["closed"].astype("int64"),
        "won": out["won"].astype("int64"),
        "win_rate": _ratio(out["won"], out["closed"]),
        "won_amount": out["won_amount"].astype("float64"),
    }, index=out.index)
    result.index.name = "technique"
    return result


def objections(objections: pd.DataFrame | None) -> pd.DataFrame:
    """Objections by category: raised, resolved and the resolution rate.

    Args:
        objections: canonical Objections values (``category`` key, ``resolved`` True/False).

    Returns:
        Index: the categories raised (schema order), `NONE` for a blank category, then
        `TOTAL`. Columns: raised, resolved, resolution_rate.

    Example:
        >>> objections(pd.DataFrame({"category": ["price", "price"],
        ...                          "resolved": [True, None]})).loc["price"].tolist()
        [2.0, 1.0, 0.5]
    """
    frame = objections if objections is not None else pd.DataFrame()
    data = pd.DataFrame({
        "key": labels(column(frame, "category")),
        "raised": 1,
        "resolved": np.fromiter((v is True for v in column(frame, "resolved")), dtype=np.int64,
                                count=len(frame)),
    })
    out = data.groupby("key").sum()
    out = out.reindex(_order([c.key for c in OBJECTION_CATEGORIES], list(out.index)))
    out.loc[TOTAL] = out.sum(axis=0)
    result = pd.DataFrame({
        "raised": out["raised"].astype("int64"),
        "resolved": out["resolved"].astype("int64"),
        "resolution_rate": _ratio(out["resolved"], out["raised"]),
    }, index=out.index)
    result.index.name = "category"
    return result


# --- 6. follow-up discipline ---------------------------------------------------------------
def follow_ups(leads: pd.DataFrame) -> pd.DataFrame:
    """Follow-up discipline per rep: how many follow-ups are overdue, due today, scheduled.

    On-time share = (due today + scheduled) / leads with a follow-up.

    Returns:
        Index: reps, then `TOTAL`. Columns: leads, with_follow_up, overdue, due_today,
        scheduled, on_time_share.

    Example:
        >>> p, cfg, day = _example()
        >>> follow_ups(p)["leads"].tolist()
        [2, 1, 3]
    """
    status = leads["follow_up"]
    frame = pd.DataFrame({
        "rep": leads["rep"],
        "leads": 1,
        "overdue": (status == "overdue").astype("int64"),
        "due_today": (status == "due").astype("int64"),
        "scheduled": (status == "scheduled").astype("int64"),
    })
    out = frame.groupby("rep").sum().reindex(rep_order(leads["rep"]))
    out.loc[TOTAL] = out.sum(axis=0)
    with_fu = out["overdue"] + out["due_today"] + out["scheduled"]
    result = pd.DataFrame({
        "leads": out["leads"].astype("int64"),
        "with_follow_up": with_fu.astype("int64"),
        "overdue": out["overdue"].astype("int64"),
        "due_today": out["due_today"].astype("int64"),
        "scheduled": out["scheduled"].astype("int64"),
        "on_time_share": _ratio(out["due_today"] + out["scheduled"], with_fu),
    }, index=out.index)
    result.index.name = "rep"
    return result


# --- 7. stale deals and days in stage ------------------------------------------------------
def stale_deals(leads: pd.DataFrame, cfg: Config, today: dt.date) -> pd.DataFrame:
    """Open deals idle in their stage longer than the stage's rotting days, biggest risk first.

    The risk is amount × days over the rotting days (a deal without an amount counts 0), so a
    large closing deal idle for weeks comes before a ₩0 prospect idle for months.

    Returns:
        One row per stale deal: lead_id, company, rep, stage, days_in_stage, rotting_days,
        days_over, deal_amount, risk (amount × days over) and row (the worksheet row, 1-based,
        -1 when unknown); sorted by risk, then days over (most first), then lead ID.

    Example:
        >>> p, cfg, day = _example()
        >>> stale_deals(p, cfg, day)[["stage", "days_in_stage", "days_over", "risk"]].values.tolist()
        [['closing', 20, 6, 180.0]]
    """
    open_ = leads[leads["kind"] == "open"]
    idle = stale(open_, cfg, today)
    rows = open_[idle["stale"].to_numpy(dtype=bool)]
    days = idle.loc[rows.index, "days_in_stage"].astype("int64")
    rot = {s.key: s.rotting_days for s in cfg.stages}
    rotting = rows["stage"].map(rot).astype("int64")
    out = pd.DataFrame({
        "lead_id": rows["lead_id"],
        "company": rows["company"],
        "rep": rows["rep"],
        "stage": rows["stage"],
        "days_in_stage": days,
        "rotting_days": rotting,
        "days_over": days - rotting,
        "deal_amount": rows["amount"],
        "risk": rows["amount"].fillna(0.0) * (days - rotting),
        "row": rows["row"] if "row" in rows.columns else -1,
    })
    order = out.assign(_id=out["lead_id"].map(lambda v: "" if v is None else str(v)))
    out = out.loc[order.sort_values(["risk", "days_over", "_id"],
                                    ascending=[False, False, True], kind="stable").index]
    return out.reset_index(drop=True)


def stage_days(leads: pd.DataFrame, cfg: Config, today: dt.date,
               history: pd.DataFrame | None = None) -> pd.DataFrame:
    """Median days a lead spends in each open stage and on hold.

    Completed stays come from History: a stay in ``to_stage`` runs from one change to the
    lead's next change; the stay in the first change's ``from_stage`` runs from the lead's
    ``created_on``. Leads now in a stage give the days so far (``stage_updated_on``, else
    ``created_on``, to ``today``).

    Returns:
        Index: the open stages in order, then ``on_hold``. Columns: completed_stays,
        median_days (NaN without stays), now_in_stage, median_days_now.

    Example:
        >>> p, cfg, day = _example()
        >>> stage_days(p, cfg, day).loc["closing", ["now_in_stage", "median_days_now"]].tolist()
        [1.0, 20.0]
    """
    keys = [s.key for s in cfg.open_stages] + ["on_hold"]
    stays = _completed_stays(leads, history)
    grouped = stays.groupby("stage")["days"] if len(stays) else None
    now = leads[leads["stage"].isin(keys)]
    idle = stale(now, cfg, today)["days_in_stage"].astype("Float64").astype("float64")
    current = pd.DataFrame({"stage": now["stage"], "days": idle.to_numpy()})
    cur = current.groupby("stage")["days"]
    out = pd.DataFrame({
        "completed_stays": (grouped.size() if grouped is not None else pd.Series(dtype="int64")
                            ).reindex(keys, fill_value=0).astype("int64"),
        "median_days": (grouped.median() if grouped is not None else pd.Series(dtype="float64")
                        ).reindex(keys).astype("float64"),
        "now_in_stage": cur.size().reindex(keys, fill_value=0).astype("int64"),
        "median_days_now": cur.median().reindex(keys).astype("float64"),
    }, index=pd.Index(keys, name="stage"))
    return out


def _as_datetime(values: pd.Series) -> pd.Series:
    """Dates and datetimes as datetime64 (anything else NaT)."""
    ok = [v if isinstance(v, dt.date) else None for v in values]
    return pd.Series(pd.to_datetime(pd.Series(ok, dtype=object), errors="coerce").to_numpy(),
                     index=values.index)


def _completed_stays(leads: pd.DataFrame, history: pd.DataFrame | None) -> pd.DataFrame:
    """One row per finished stay: stage, days (float)."""
    if history is None or not len(history):
        return pd.DataFrame({"stage": pd.Series(dtype=object), "days": pd.Series(dtype=float)})
    h = pd.DataFrame({
        "key": history_keys(history).to_numpy(),
        "from": column(history, "from_stage").to_numpy(),
        "to": column(history, "to_stage").to_numpy(),
        "at": _as_datetime(column(history, "changed_at")).to_numpy(),
    })
    h = h[h["key"].notna() & h["at"].notna()]
    h = h.sort_values(["key", "at"], kind="stable")
    nxt = h.groupby("key", sort=False)["at"].shift(-1)
    later = pd.DataFrame({"stage": h["to"], "days": (nxt - h["at"]).dt.total_seconds() / 86400})
    later = later[later["days"].notna()]
    first = h.groupby("key", sort=False).head(1)
    created = leads.dropna(subset=["lead_key"]).drop_duplicates("lead_key").set_index(
        "lead_key")["created_on"]
    start = _as_datetime(first["key"].map(created))
    opening = pd.DataFrame({"stage": first["from"],
                            "days": (first["at"] - start).dt.total_seconds() / 86400})
    opening = opening[opening["days"].notna() & opening["stage"].notna()]
    stays = pd.concat([opening, later], ignore_index=True)
    return stays[stays["days"] >= 0]

