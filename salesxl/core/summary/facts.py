"""Per-lead facts for the manager's Monday: when a deal closed, where it stood on the comparison
date, when it was last touched. Pure, vectorised over pandas/numpy (no file access).

`lead_facts` adds to the prepared leads (`salesxl.core.summary.derive.prepare`):

- ``closed_on``: the day a won or lost deal closed: the last History move into a won or lost
  stage, else ``stage_updated_on``, else (won) ``expected_close_on``;
- ``close_on``: the expected close date (a date, None without one);
- ``created``: ``created_on`` as a date;
- ``stage_then``, ``kind_then``, ``prob_then``: the stage the lead was in at the start of the
  comparison day ``since`` (None when the lead did not exist yet): the last History move before
  ``since``; else the first move on or after it tells where it came from; without History, the
  current stage when it was entered before ``since``, else the first open stage;
- ``lost_at``: the stage a lost deal was lost from (the History move into lost), else None;
- ``last_touch``: the newest of the last Activities date and ``last_contact_on``;
- ``row``: the lead's worksheet row (1-based), when the leads' index holds zero-based rows.

Example:
    >>> import datetime as dt
    >>> from salesxl.core.config import Config
    >>> from salesxl.core.summary.derive import prepare
    >>> cfg, day = Config.default(), dt.date(2026, 11, 27)
    >>> leads = pd.DataFrame({"lead_id": ["L1"], "stage": ["won"], "deal_amount": [5.0],
    ...                       "created_on": [dt.date(2026, 9, 1)],
    ...                       "stage_updated_on": [dt.date(2026, 11, 25)]}, dtype=object)
    >>> f = lead_facts(prepare(leads, cfg, day), leads, cfg, dt.date(2026, 11, 20))
    >>> f.loc[0, ["closed_on", "stage_then", "kind_then"]].tolist()
    [datetime.date(2026, 11, 25), 'prospecting', 'open']
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from salesxl.core.config import Config
from salesxl.core.rules.columns import column
from salesxl.core.summary.derive import lead_key

DAY = "datetime64[D]"
_NONE: Any = None  # numpy's stubs refuse a bare None in np.where


_EPOCH = dt.date(1970, 1, 1).toordinal()
_NAT = np.iinfo(np.int64).min


def as_days(values: pd.Series | list[object] | np.ndarray) -> np.ndarray:
    """Dates and datetimes as datetime64[D] (anything else NaT); one ordinal per cell."""
    date = dt.date
    ordinals = np.fromiter((v.toordinal() - _EPOCH if isinstance(v, date) else _NAT
                            for v in values), dtype=np.int64, count=len(values))
    return ordinals.view(DAY)


def days(f: pd.DataFrame, name: str) -> np.ndarray:
    """A day column of the lead facts (``created_d``, ``close_d``, ``closed_d``, ``touch_d``,
    ``due_d``, ``stage_d``) as datetime64[D]."""
    return f[name].to_numpy(dtype="datetime64[D]")


def as_instants(values: pd.Series | list[object]) -> np.ndarray:
    """Dates and datetimes as datetime64[s] (a date is its midnight; anything else NaT)."""
    date, datetime = dt.date, dt.datetime
    epoch = datetime(1970, 1, 1)
    seconds = np.fromiter(
        (int((v - epoch).total_seconds()) if isinstance(v, datetime) else
         (v.toordinal() - _EPOCH) * 86400 if isinstance(v, date) else _NAT for v in values),
        dtype=np.int64, count=len(values))
    return seconds.view("datetime64[s]")


def to_date(values: np.ndarray) -> np.ndarray:
    """datetime64[D] values as an object array of dates (None for NaT)."""
    return values.astype("datetime64[D]").astype(object)


def last_touch_of(keys: pd.Series, activities: pd.DataFrame | None) -> np.ndarray:
    """The newest Activities date of each lead key (datetime64[D], NaT without one)."""
    out = np.full(len(keys), np.datetime64("NaT", "D"))
    if activities is None or not len(activities):
        return out
    key = activities["lead_key"] if "lead_key" in activities.columns else lead_key(
        column(activities, "lead_id"))
    frame = pd.DataFrame({"key": key.to_numpy(dtype=object),
                          "day": as_days(column(activities, "date"))})
    frame = frame[frame["key"].notna() & frame["day"].notna()]
    newest = frame.groupby("key", sort=False)["day"].max()
    return lookup(keys, newest, np.datetime64("NaT", "ns")).astype("datetime64[D]")


def lookup(keys: pd.Series, table: pd.Series, fill: Any) -> np.ndarray:
    """``table[key]`` for each key (``fill`` where a key is missing or None), as an array of
    ``table``'s dtype."""
    values = table.to_numpy()
    found = pd.Index(table.index, dtype=object).get_indexer(keys.to_numpy(dtype=object))
    if not len(values):
        return np.full(len(keys), fill, dtype=values.dtype if values.dtype.kind == "M"
                       else object)
    return np.where(found >= 0, values[np.clip(found, 0, None)], fill)


def history_frame(history: pd.DataFrame | None, cfg: Config) -> pd.DataFrame:
    """History as key, from, to, at (datetime64[s]), the stage types, sorted by key and time;
    rows without a lead ID or a time are left out."""
    cols = ["key", "from", "to", "at", "from_kind", "to_kind"]
    if history is None or not len(history):
        return pd.DataFrame({c: pd.Series(dtype=object) for c in cols}).assign(
            at=pd.Series(dtype="datetime64[s]"))
    kinds = {s.key: s.type for s in cfg.stages}
    h = pd.DataFrame({
        "key": (history["lead_key"] if "lead_key" in history.columns
                else lead_key(column(history, "lead_id"))).to_numpy(dtype=object),
        "from": column(history, "from_stage").to_numpy(dtype=object),
        "to": column(history, "to_stage").to_numpy(dtype=object),
        "at": as_instants(column(history, "changed_at")),
    })
    h = h[h["key"].notna() & h["at"].notna()]
    h["from_kind"] = h["from"].map(kinds)
    h["to_kind"] = h["to"].map(kinds)
    return h.sort_values(["key", "at"], kind="stable").reset_index(drop=True)


def lead_facts(p: pd.DataFrame, leads: pd.DataFrame, cfg: Config, since: dt.date, *, history: pd.DataFrame | None = None,
               activities: pd.DataFrame | None = None) -> pd.DataFrame:
    """``p`` (prepared leads) with the facts of the module docstring added as columns."""
    h = history if history is not None and "from_kind" in history.columns else \
        history_frame(history, cfg)
    kinds = {s.key: s.type for s in cfg.stages}
    probs = {s.key: s.probability for s in cfg.stages}
    first_open = cfg.open_stages[0].key
    out = p.copy()
    keys = p["lead_key"]
    created = as_days(column(leads, "created_on"))
    stage_on = as_days(column(leads, "stage_updated_on"))
    close_on = as_days(column(leads, "expected_close_on"))
    since_d = np.datetime64(since, "D")
    since_s = np.datetime64(dt.datetime(since.year, since.month, since.day), "s")

    # closed_on: last History move into a won or lost stage
    closing = h[h["to_kind"].isin(["won", "lost"])]
    last_close = closing.groupby("key", sort=False)["at"].max()
    from_hist = lookup(keys, last_close, np.datetime64("NaT", "s")).astype(
        "datetime64[s]").astype(DAY)
    kind = p["kind"].to_numpy(dtype=object)
    closed = np.isin(kind, ["won", "lost"])
    closed_on = np.where(np.isnat(from_hist), stage_on, from_hist)
    closed_on = np.where(np.isnat(closed_on) & (kind == "won"), close_on, closed_on)
    closed_on = np.where(closed, closed_on, np.datetime64("NaT", "D"))

    # lost_at: the stage a lost deal left for lost
    lost_moves = h[h["to_kind"] == "lost"].groupby("key", sort=False).tail(1).set_index("key")
    lost_at = lookup(keys, lost_moves["from"], None)
    lost_at = np.where(kind == "lost", lost_at, _NONE)

    # stage at the start of `since`
    before = h[h["at"] < since_s].groupby("key", sort=False).tail(1).set_index("key")["to"]
    after = h[h["at"] >= since_s].groupby("key", sort=False).head(1).set_index("key")["from"]
    then = lookup(keys, before, None)
    came_from = lookup(keys, after, None)
    has_before = keys.isin(before.index).to_numpy()
    has_after = keys.isin(after.index).to_numpy()
    stage = p["stage"].to_numpy(dtype=object)
    entered = np.where(np.isnat(stage_on), created, stage_on)
    unchanged = np.isnat(entered) | (entered < since_d)
    no_hist = ~has_before & ~has_after
    then = np.where(has_before, then, np.where(has_after, came_from, _NONE))
    then = np.where(no_hist & unchanged, stage, then)
    then = np.where(no_hist & ~unchanged, first_open, then)
    exists = np.isnat(created) | (created < since_d)
    then = np.where(exists, then, _NONE)
    kind_then = np.array([kinds.get(s) if isinstance(s, str) else None for s in then],
                         dtype=object)
    same = np.array([a == b for a, b in zip(then, stage, strict=True)], dtype=bool)
    stage_prob = np.array([probs.get(s, np.nan) if isinstance(s, str) else np.nan
                           for s in then], dtype=np.float64)
    prob_then = np.where(same, p["prob"].to_numpy(dtype=np.float64), stage_prob)
    prob_then = np.where(kind_then == "won", 1.0, prob_then)
    prob_then = np.where(kind_then == "lost", np.nan, prob_then)

    # last touch
    touch = as_days(column(leads, "last_contact_on"))
    act = last_touch_of(keys, activities)
    touch = np.where(np.isnat(touch) | (act > touch), act, touch)
    due = as_days(column(leads, "next_follow_up_on"))

    out["created"] = to_date(created)
    out["close_on"] = to_date(close_on)
    out["closed_on"] = to_date(closed_on)
    out["lost_at"] = lost_at
    out["stage_then"] = then
    out["kind_then"] = kind_then
    out["prob_then"] = prob_then
    out["last_touch"] = to_date(touch)
    out["tier"] = column(leads, "tier").to_numpy(dtype=object)
    out["lost_reason"] = column(leads, "lost_reason").to_numpy(dtype=object)
    out["follow_up_on"] = to_date(due)
    for name, values in (("created_d", created), ("close_d", close_on), ("closed_d", closed_on),
                         ("touch_d", touch), ("due_d", due), ("stage_d", stage_on)):
        out[name] = values.astype("datetime64[ns]")
    index = p.index.to_numpy()
    out["row"] = (index + 1) if index.dtype.kind in "iu" else np.full(len(p), -1)
    return out
