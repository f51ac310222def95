"""All the Summary tables at once, for the whole team and, on request, split by rep.

Example:
    >>> import datetime as dt
    >>> from salesxl.core.config import Config
    >>> leads = pd.DataFrame({"rep": ["Kim", "Lee"], "stage": ["proposal", "won"],
    ...                       "deal_amount": [100.0, 40.0]})
    >>> s = compute(leads, Config.default(), dt.date(2026, 11, 27), by_rep=True)
    >>> s.headline()["open_amount"], float(s.forecast.loc[("Lee", "Total"), "won_amount"])
    (100.0, 40.0)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from salesxl.core.config import Config
from salesxl.core.errors import Problem
from salesxl.core.rules.columns import column
from salesxl.core.summary import tables as T
from salesxl.core.summary.derive import TEAM, TOTAL, lead_key, prepare

TABLES = ("pipeline", "funnel", "forecast", "sources", "source_types", "techniques",
          "objections", "follow_ups", "stale_deals", "stage_days")
"""The tables of a Summary, in the order the sheet shows them."""
SPLIT = ("funnel", "forecast", "sources", "source_types", "techniques", "objections",
         "stage_days")
"""Tables that get a rep level when split by rep (the others are per rep already)."""


@dataclass
class Summary:
    """The Summary tables as DataFrames, and what `salesxl.summary` wrote.

    Tables split by rep (``by_rep``) have a two-level index: the rep (the whole team first,
    as `TEAM`) and the table's own rows.
    """

    pipeline: pd.DataFrame
    funnel: pd.DataFrame
    forecast: pd.DataFrame
    sources: pd.DataFrame
    source_types: pd.DataFrame
    techniques: pd.DataFrame
    objections: pd.DataFrame
    follow_ups: pd.DataFrame
    stale_deals: pd.DataFrame
    stage_days: pd.DataFrame
    today: dt.date
    leads: int
    funnel_from: str = "stages"  # "history" when the funnel used the History sheet
    by_rep: bool = False
    path: Path | None = None
    sheet: str | None = None
    pivot: str | None = None  # the PivotTable's location, e.g. "Summary!S4:AH9"
    charts: list[str] = field(default_factory=list)
    png: list[Path] = field(default_factory=list)
    backup: Path | None = None
    notes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # cells that could not be read
    seconds: dict[str, float] = field(default_factory=dict)  # read, compute, write, png

    def tables(self) -> dict[str, pd.DataFrame]:
        """Table name -> DataFrame, in sheet order."""
        return {name: getattr(self, name) for name in TABLES}

    def team(self, name: str) -> pd.DataFrame:
        """Table ``name`` for the whole team (the `TEAM` block of a table split by rep)."""
        frame: pd.DataFrame = getattr(self, name)
        if self.by_rep and name in SPLIT:
            return frame.xs(TEAM, level="rep")
        return frame

    def headline(self) -> dict[str, Any]:
        """The figures a manager looks at first (amounts in the workbook's currency).

        Example:
            >>> sorted(compute(pd.DataFrame({"stage": []}), Config.default(),
            ...                dt.date(2026, 11, 27)).headline())[:3]
            ['forecast_weighted', 'leads', 'open_amount']
        """
        pipe = self.pipeline
        src = self.team("sources")
        fu = self.follow_ups
        fc = self.team("forecast")
        return {
            "leads": self.leads,
            "open_deals": int(pipe.loc[TOTAL, ("count", TOTAL)]),
            "open_amount": float(pipe.loc[TOTAL, ("amount", TOTAL)]),
            "forecast_weighted": float(fc.loc[TOTAL, "weighted"]),
            "won_amount": float(fc.loc[TOTAL, "won_amount"]),
            "win_rate": float(src.loc[TOTAL, "win_rate"]),
            "qualified_share": float(src.loc[TOTAL, "qualified_share"]),
            "overdue_follow_ups": int(fu.loc[TOTAL, "overdue"]),
            "stale_deals": len(self.stale_deals),
        }


def _objects(frame: pd.DataFrame | None) -> pd.DataFrame | None:
    """``frame`` with object columns and None for every missing value (NaN, NaT, pd.NA)."""
    if frame is None:
        return None
    out = frame.astype(object)
    return out.where(out.notna(), None)


def compute(leads: pd.DataFrame, cfg: Config, today: dt.date, *,
            history: pd.DataFrame | None = None, objections: pd.DataFrame | None = None,
            activities: pd.DataFrame | None = None,
            invalid: Mapping[str, np.ndarray] | None = None,
            by_rep: bool = False) -> Summary:
    """Every Summary table from canonical values (no file is read or written).

    Args:
        leads: canonical Leads values (see `salesxl.core.summary.derive.LEAD_KEYS`).
        cfg: the workbook's Config.
        today: the day overdue, stale and BANT timing are measured against.
        history: canonical History values (lead_id, from_stage, to_stage, changed_at).
        objections: canonical Objections values (lead_id, category, resolved).
        activities: canonical Activities values (lead_id, date), for follow-ups.
        invalid: per Leads column, True where a cell could not be read.
        by_rep: also split the team-level tables by rep.

    Returns:
        A `Summary`.
    """
    leads = _objects(leads)
    p = prepare(leads, cfg, today, activities=_objects(activities), invalid=invalid)
    history, objections = _objects(history), _objects(objections)
    hist = history if history is not None and len(history) else None
    if hist is not None:
        hist = hist.assign(lead_key=lead_key(column(hist, "lead_id")))
    obj = objections if objections is not None else pd.DataFrame()
    rep_of = p.dropna(subset=["lead_key"]).drop_duplicates("lead_key").set_index(
        "lead_key")["rep"]
    empty = np.array([], dtype=np.int64)

    def positions(frame: pd.DataFrame | None) -> dict[Any, np.ndarray]:
        """Rows of ``frame`` per rep (through its lead ID); rows of unknown leads in none."""
        if frame is None or not len(frame):
            return {}
        reps = T.history_keys(frame).map(rep_of)
        return dict(reps.groupby(reps.to_numpy(), sort=False).indices)

    lead_rows = dict(p.groupby("rep", sort=False).indices)
    hist_rows, obj_rows = positions(hist), positions(obj)

    def table(name: str, rep: str | None) -> pd.DataFrame:
        part = p if rep is None else p.iloc[lead_rows.get(rep, empty)]
        h = hist if rep is None or hist is None else hist.iloc[hist_rows.get(rep, empty)]
        if name == "funnel":
            return T.funnel(part, cfg, h)
        if name == "forecast":
            return T.forecast(part)
        if name in ("sources", "source_types"):
            return T.sources(part, "source" if name == "sources" else "source_type")
        if name == "techniques":
            return T.techniques(part)
        if name == "objections":
            return T.objections(obj if rep is None else obj.iloc[obj_rows.get(rep, empty)])
        if name == "stage_days":
            return T.stage_days(part, cfg, today, h)
        raise AssertionError(name)

    split: dict[str, pd.DataFrame] = {}
    for name in SPLIT:
        if by_rep:
            blocks = {TEAM: table(name, None)}
            blocks.update({rep: table(name, rep) for rep in T.rep_order(p["rep"])})
            split[name] = pd.concat(blocks, names=["rep"])
        else:
            split[name] = table(name, None)
    return Summary(
        pipeline=T.pipeline(p, cfg),
        follow_ups=T.follow_ups(p),
        stale_deals=T.stale_deals(p, cfg, today),
        today=today,
        leads=len(p),
        funnel_from="history" if hist is not None else "stages",
        by_rep=by_rep,
        **split,
    )
