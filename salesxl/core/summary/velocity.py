"""Velocity: days in each stage by rep (from History), the sales cycle, lost reasons by stage,
and the category words that are not in the team's lists.

A finished stay in a stage runs from the move into it to the lead's next move; the first move's
``from_stage`` stay runs from the lead's ``created_on``. The sales cycle of a won deal runs from
``created_on`` to the day it closed.

Example:
    >>> STAY_MEASURES
    ('average', 'median', 'stays')
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from salesxl.core.config import Config
from salesxl.core.summary.derive import NONE, TEAM, TOTAL
from salesxl.core.summary.facts import days, lookup
from salesxl.core.summary.tables import rep_order

STAY_MEASURES = ("average", "median", "stays")
CATEGORY_COLUMNS = {"source": "sources", "industry": "industries", "region": "regions",
                    "lost_reason": "lost_reasons"}
"""Leads column -> the Config list it takes its words from."""


def stays(f: pd.DataFrame, h: pd.DataFrame) -> pd.DataFrame:
    """Finished stays: rep, stage, days (float)."""
    if not len(h):
        return pd.DataFrame({"rep": pd.Series(dtype=object), "stage": pd.Series(dtype=object),
                             "days": pd.Series(dtype=float)})
    rep = f.dropna(subset=["lead_key"]).drop_duplicates("lead_key").set_index("lead_key")
    nxt = h.groupby("key", sort=False)["at"].shift(-1)
    later = pd.DataFrame({"key": h["key"], "stage": h["to"],
                          "days": (nxt - h["at"]).dt.total_seconds() / 86400})
    later = later[later["days"].notna()]
    first = h.groupby("key", sort=False).head(1)
    created = lookup(first["key"], rep["created_d"], np.datetime64("NaT", "ns")).astype(
        "datetime64[s]")
    opening = pd.DataFrame({"key": first["key"].to_numpy(), "stage": first["from"].to_numpy(),
                            "days": (first["at"].to_numpy() - created) / np.timedelta64(1, "D")})
    opening = opening[opening["days"].notna() & opening["stage"].notna()]
    out = pd.concat([opening, later], ignore_index=True)
    out = out[out["days"] >= 0]
    out["rep"] = lookup(out["key"], rep["rep"], None)
    return out[out["rep"].notna()][["rep", "stage", "days"]]


def stage_time(f: pd.DataFrame, h: pd.DataFrame, cfg: Config, reps: list[str] | None = None
               ) -> pd.DataFrame:
    """Average and median days in each open stage (and on hold) per rep.

    Returns:
        Index: `TEAM`, then the reps. Columns: a MultiIndex (measure, stage): measures
        `STAY_MEASURES`, stages the open stages in order then ``on_hold``; NaN without stays.
    """
    keys = [s.key for s in cfg.open_stages] + ["on_hold"]
    reps = reps if reps is not None else rep_order(f["rep"])
    s = stays(f, h)
    s = s[s["stage"].isin(keys)]
    team = s.groupby("stage")["days"].agg(["mean", "median", "size"])
    per = s.groupby(["rep", "stage"])["days"].agg(["mean", "median", "size"])
    rows = [TEAM, *reps]
    parts = {}
    for measure, agg in zip(STAY_MEASURES, ("mean", "median", "size"), strict=True):
        frame = pd.DataFrame(np.nan, index=rows, columns=keys)
        for stage in keys:
            if stage in team.index:
                frame.loc[TEAM, stage] = team.loc[stage, agg]
        for (rep, stage), values in per.iterrows():
            if rep in frame.index:
                frame.loc[rep, stage] = values[agg]
        if measure == "stays":
            frame = frame.fillna(0).astype("int64")
        parts[measure] = frame
    out = pd.concat(parts, axis=1)
    out.index.name = "rep"
    out.columns.names = ["measure", "stage"]
    return out


def cycle(f: pd.DataFrame, reps: list[str] | None = None) -> pd.DataFrame:
    """Sales cycle of won deals (created → closed, days) per rep.

    Returns:
        Index: `TEAM`, then the reps. Columns: won (deals with both dates), average_days,
        median_days.
    """
    reps = reps if reps is not None else rep_order(f["rep"])
    won = f[f["kind"] == "won"]
    span = (days(won, "closed_d") - days(won, "created_d")).astype("timedelta64[D]")
    ok = ~np.isnat(span)
    frame = pd.DataFrame({"rep": won["rep"].to_numpy(dtype=object)[ok],
                          "days": span[ok].astype(np.int64).astype(float)})
    frame = frame[frame["days"] >= 0]
    rows = []
    for rep in [TEAM, *reps]:
        part = frame["days"] if rep == TEAM else frame.loc[frame["rep"] == rep, "days"]
        rows.append({"rep": rep, "won": len(part),
                     "average_days": part.mean() if len(part) else np.nan,
                     "median_days": part.median() if len(part) else np.nan})
    return pd.DataFrame(rows).set_index("rep")


def lost_reasons(f: pd.DataFrame, cfg: Config) -> pd.DataFrame:
    """Lost deals by reason (rows) and the stage they were lost from (columns).

    Returns:
        Index: the reasons (the Config list's order, then words typed outside it, `NONE` for
        no reason), then `TOTAL`. Columns: a MultiIndex (count|amount, stage): the open stages
        the deals were lost from, `NONE` (stage unknown: no History move into lost), `TOTAL`.
    """
    lost = f[f["kind"] == "lost"]
    vocab = cfg.vocabulary("lost_reasons")
    reason = lost["lost_reason"].map(lambda v: v if isinstance(v, str) and v.strip() else NONE)
    stage = lost["lost_at"].map(lambda v: v if isinstance(v, str) else NONE)
    open_keys = [s.key for s in cfg.open_stages]
    stage = stage.where(stage.isin(open_keys), NONE)
    present = set(reason)
    order = [k for k in vocab.keys if k in present]
    order += sorted((k for k in present if k not in vocab.keys and k != NONE), key=str.casefold)
    order += [NONE] if NONE in present else []
    cols = [k for k in open_keys if k in set(stage)] + ([NONE] if NONE in set(stage) else [])
    amount = lost["amount"].fillna(0.0)
    parts = {}
    for measure in ("count", "amount"):
        values = pd.Series(1, index=lost.index) if measure == "count" else amount
        grid = values.groupby([reason.to_numpy(), stage.to_numpy()]).sum().unstack(
            fill_value=0) if len(lost) else pd.DataFrame()
        grid = grid.reindex(index=order, columns=cols, fill_value=0)
        grid = grid.astype("int64" if measure == "count" else "float64")
        grid[TOTAL] = grid.sum(axis=1)
        grid.loc[TOTAL] = grid.sum(axis=0)
        parts[measure] = grid
    out = pd.concat(parts, axis=1)
    out.index.name = "lost_reason"
    out.columns.names = ["measure", "stage"]
    return out


def unlisted(leads: pd.DataFrame, cfg: Config) -> pd.DataFrame:
    """Category words typed outside the team's lists (kept as typed, counted per word).

    Returns:
        One row per (list, word): list (``sources``…), column (the Leads column key), value,
        leads; most leads first.
    """
    rows = []
    for col, name in CATEGORY_COLUMNS.items():
        if col not in leads.columns:
            continue
        known = set(cfg.vocabulary(name).keys)
        values = leads[col]
        odd = values[np.array([isinstance(v, str) and bool(v.strip()) and v not in known
                               for v in values], dtype=bool)]
        for value, n in odd.value_counts(sort=False).items():
            rows.append({"list": name, "column": col, "value": value, "leads": int(n)})
    out = pd.DataFrame(rows, columns=["list", "column", "value", "leads"])
    if len(out):
        out = out.sort_values(["leads", "list", "value"], ascending=[False, True, True],
                              kind="stable").reset_index(drop=True)
    return out
