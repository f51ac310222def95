"""What changed since a date: from the History sheet and the Leads' stage, amount and date
columns, without a snapshot file.

Changes are counted on days ``since`` ≤ day ≤ ``today``:

- **new**: leads created in the window;
- **advanced**: leads moved forward to a later open stage (History), or, for a lead without
  History that existed before the window, whose stage changed in the window to an open stage
  past the first;
- **won** / **lost**: deals that closed in the window (``closed_on`` of
  `salesxl.core.summary.facts`), lost ones with their reason;
- **slipped**: open deals whose expected close date fell in the window (``since`` ≤ date <
  ``today``) without the deal closing: the date passed and must move later;
- **pipeline added / removed**: the amount of deals that are open now and were not at the start
  of ``since`` (added), or were then and are not now (removed); added − removed is exactly the
  change of the open pipeline amount. An amount edited on a deal that stayed open is not seen
  (no snapshot).

Example:
    >>> EVENTS
    ('new', 'advanced', 'won', 'lost', 'slipped')
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from salesxl.core.config import Config
from salesxl.core.rules.stages import stage_rank
from salesxl.core.summary.derive import TOTAL
from salesxl.core.summary.facts import days, lookup
from salesxl.core.summary.tables import rep_order

EVENTS = ("new", "advanced", "won", "lost", "slipped")


def _between(values: np.ndarray, first: dt.date, last: dt.date, *, before_last: bool = False
             ) -> np.ndarray:
    lo, hi = np.datetime64(first, "D"), np.datetime64(last, "D")
    return (values >= lo) & ((values < hi) if before_last else (values <= hi))


def _advances(f: pd.DataFrame, h: pd.DataFrame, cfg: Config, since: dt.date, today: dt.date
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per lead: advanced in the window, the stage it came from, the stage it went to."""
    ranks = {k: r for k in cfg.stage_keys if (r := stage_rank(k, cfg)) is not None}
    open_keys = {s.key for s in cfg.open_stages}
    start = np.datetime64(dt.datetime(since.year, since.month, since.day), "s")
    end = np.datetime64(dt.datetime(today.year, today.month, today.day) + dt.timedelta(days=1),
                        "s")
    win = h[(h["at"] >= start) & (h["at"] < end)]
    fr = win["from"].map(ranks).fillna(-1).to_numpy()
    to = win["to"].map(ranks).fillna(-1).to_numpy()
    forward = win[(to > fr) & win["to"].isin(open_keys).to_numpy()]
    first_from = forward.groupby("key", sort=False)["from"].first()
    last_to = forward.groupby("key", sort=False)["to"].last()
    keys = f["lead_key"]
    moved = keys.isin(first_from.index).to_numpy()
    came = lookup(keys, first_from, None)
    went = lookup(keys, last_to, None)
    # leads without History: a stage change in the window to an open stage past the first
    with_history = keys.isin(pd.Index(h["key"].unique())).to_numpy()
    in_window = _between(days(f, "stage_d"), since, today)
    created = days(f, "created_d")
    existed = np.isnat(created) | (created < np.datetime64(since, "D"))
    rank_now = f["stage"].map(ranks).fillna(-1).to_numpy()
    guess = ~with_history & in_window & existed & (f["kind"] == "open").to_numpy() & (
        rank_now > 0)
    went = np.where(guess, f["stage"].to_numpy(dtype=object), went)
    return moved | guess, came, went


def changes(f: pd.DataFrame, h: pd.DataFrame, cfg: Config, since: dt.date, today: dt.date
            ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The change counts per rep and the complete list of changed deals.

    Args:
        f: lead facts (`salesxl.core.summary.facts.lead_facts` for the same ``since``).
        h: History (`salesxl.core.summary.facts.history_frame`).

    Returns:
        (counts, events). counts — index: reps, then `TOTAL`; columns: new, new_amount,
        advanced, won, won_amount, lost, lost_amount, slipped, slipped_amount, added_amount,
        removed_amount, net_amount. events — one row per (lead, event), in `EVENTS` order
        then the largest amount first: event, day, lead_id, company, rep, from_stage,
        to_stage, lost_reason, deal_amount, row.
    """
    amount = f["amount"].fillna(0.0).to_numpy(dtype=np.float64)
    kind = f["kind"].to_numpy(dtype=object)
    new = _between(days(f, "created_d"), since, today)
    advanced, came, went = _advances(f, h, cfg, since, today)
    closed_in = _between(days(f, "closed_d"), since, today)
    won = (kind == "won") & closed_in
    lost = (kind == "lost") & closed_in
    slipped = (kind == "open") & _between(days(f, "close_d"), since, today, before_last=True)
    open_now = kind == "open"
    open_then = f["kind_then"].to_numpy(dtype=object) == "open"
    added = open_now & ~open_then
    removed = open_then & ~open_now
    frame = pd.DataFrame({
        "rep": f["rep"].to_numpy(dtype=object),
        "new": new.astype(np.int64), "new_amount": np.where(new, amount, 0.0),
        "advanced": advanced.astype(np.int64),
        "won": won.astype(np.int64), "won_amount": np.where(won, amount, 0.0),
        "lost": lost.astype(np.int64), "lost_amount": np.where(lost, amount, 0.0),
        "slipped": slipped.astype(np.int64), "slipped_amount": np.where(slipped, amount, 0.0),
        "added_amount": np.where(added, amount, 0.0),
        "removed_amount": np.where(removed, amount, 0.0),
    })
    counts = frame.groupby("rep", sort=False).sum().reindex(rep_order(f["rep"]), fill_value=0)
    counts.loc[TOTAL] = counts.sum(axis=0)
    counts["net_amount"] = counts["added_amount"] - counts["removed_amount"]
    for c in ("new", "advanced", "won", "lost", "slipped"):
        counts[c] = counts[c].astype("int64")
    counts.index.name = "rep"

    parts = []
    when = {"new": f["created"], "won": f["closed_on"], "lost": f["closed_on"],
            "slipped": f["close_on"], "advanced": f["stage_updated_on"]}
    for event, mask in (("new", new), ("advanced", advanced), ("won", won), ("lost", lost),
                        ("slipped", slipped)):
        sel = f[mask]
        parts.append(pd.DataFrame({
            "event": event,
            "day": when[event][mask].to_numpy(dtype=object),
            "lead_id": sel["lead_id"].to_numpy(dtype=object),
            "company": sel["company"].to_numpy(dtype=object),
            "rep": sel["rep"].to_numpy(dtype=object),
            "from_stage": came[mask] if event == "advanced" else None,
            "to_stage": went[mask] if event == "advanced" else sel["stage"].to_numpy(
                dtype=object),
            "lost_reason": sel["lost_reason"].to_numpy(dtype=object) if event == "lost"
            else None,
            "deal_amount": sel["amount"].to_numpy(dtype=np.float64),
            "row": sel["row"].to_numpy(),
        }))
    events = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    if len(events):
        order = {e: i for i, e in enumerate(EVENTS)}
        events = events.assign(_o=events["event"].map(order),
                               _a=-events["deal_amount"].fillna(0.0),
                               _id=events["lead_id"].map(lambda v: "" if v is None else str(v)))
        events = events.sort_values(["_o", "_a", "_id"], kind="stable").drop(
            columns=["_o", "_a", "_id"]).reset_index(drop=True)
    return counts, events
