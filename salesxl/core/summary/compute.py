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
from salesxl.core.messages import lang_for
from salesxl.core.rules.columns import column, floats
from salesxl.core.summary import aftersale as AS
from salesxl.core.summary import forecasting as FC
from salesxl.core.summary import tables as T
from salesxl.core.summary import velocity as V
from salesxl.core.summary.activity import activity, activity_rows
from salesxl.core.summary.changes import changes
from salesxl.core.summary.derive import TEAM, TOTAL, labels, lead_key, prepare, stages_of
from salesxl.core.summary.facts import history_frame, lead_facts
from salesxl.core.summary.headline import by_rep as headline_by_rep
from salesxl.core.summary.headline import headline
from salesxl.core.summary.learned import LearnedCheck, learned_check
from salesxl.core.summary.targets import Targets

TABLES = ("figures", "reps", "forecast_categories", "forecast_gaps", "forecast_months",
          "backtest", "calibration",
          "changes", "change_list", "activity_weeks", "activity_types", "untouched",
          "stage_time", "cycle", "lost_reasons", "unlisted", "targets",
          "pipeline", "funnel", "forecast", "sources", "source_types", "techniques",
          "after_sale", "referral_sources", "referrals", "customer_purchases", "purchase_gaps",
          "touches", "objections", "follow_ups", "stale_deals", "stage_days")
"""The tables of a Summary: the manager's Monday first, then the pipeline tables."""
WEIGHTED_BY = ("probability", "win_probability")
"""Where the weighted forecast takes each open deal's probability from: the rep's
``probability`` (else the stage's), or the learned ``win_probability`` column where a lead has
one (`salesxl.core.rules.scoring`), else the rep's."""
ALTERNATIVE = {"forecast_month": "forecast_month_alt", "forecast_quarter": "forecast_quarter_alt"}
"""Headline rows of the weighted forecast with the other probability (when open deals have a
learned one), each placed after its row."""
VIEWS = ("every_stage", "at_close")
PROBABILITIES = ("learned", "stage")
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
    since: dt.date | None = None
    figures: pd.DataFrame = field(default_factory=pd.DataFrame)
    reps: pd.DataFrame = field(default_factory=pd.DataFrame)
    forecast_categories: pd.DataFrame = field(default_factory=pd.DataFrame)
    forecast_gaps: pd.DataFrame = field(default_factory=pd.DataFrame)
    forecast_months: pd.DataFrame = field(default_factory=pd.DataFrame)
    changes: pd.DataFrame = field(default_factory=pd.DataFrame)
    change_list: pd.DataFrame = field(default_factory=pd.DataFrame)
    activity_weeks: pd.DataFrame = field(default_factory=pd.DataFrame)
    activity_types: pd.DataFrame = field(default_factory=pd.DataFrame)
    untouched: pd.DataFrame = field(default_factory=pd.DataFrame)
    stage_time: pd.DataFrame = field(default_factory=pd.DataFrame)
    cycle: pd.DataFrame = field(default_factory=pd.DataFrame)
    lost_reasons: pd.DataFrame = field(default_factory=pd.DataFrame)
    unlisted: pd.DataFrame = field(default_factory=pd.DataFrame)
    targets: pd.DataFrame = field(default_factory=pd.DataFrame)
    backtest: pd.DataFrame = field(default_factory=pd.DataFrame)
    calibration: pd.DataFrame = field(default_factory=pd.DataFrame)
    after_sale: pd.DataFrame = field(default_factory=pd.DataFrame)
    referral_sources: pd.DataFrame = field(default_factory=pd.DataFrame)
    referrals: pd.DataFrame = field(default_factory=pd.DataFrame)
    customer_purchases: pd.DataFrame = field(default_factory=pd.DataFrame)
    purchase_gaps: pd.DataFrame = field(default_factory=pd.DataFrame)
    touches: pd.DataFrame = field(default_factory=pd.DataFrame)
    rep: str | None = None  # the rep of a one-to-one view (None: the team)
    weighted_by: str = "probability"
    learned_deals: int = 0  # open deals with a learned win probability
    learned: LearnedCheck | None = None  # the back-test, or why there is none (team only)
    rep_sheets: list[str] = field(default_factory=list)
    stale_sheet: str | None = None
    aftersale_sheet: str | None = None  # every customer's purchases and referrals
    rep_summaries: dict[str, Summary] = field(default_factory=dict)  # per-rep sheets
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

    @property
    def alternative(self) -> str | None:
        """The probability of the headline's second weighted forecast (``win_probability``
        or ``probability``), or None when no open deal has a learned one."""
        if not self.learned_deals:
            return None
        return "probability" if self.weighted_by == "win_probability" else "win_probability"


def _objects(frame: pd.DataFrame | None) -> pd.DataFrame | None:
    """``frame`` with object columns and None for every missing value (NaN, NaT, pd.NA)."""
    if frame is None:
        return None
    out = frame.astype(object)
    return out.where(out.notna(), None)


def _rep_filter(leads: pd.DataFrame, rep: str) -> np.ndarray:
    names = labels(column(leads, "rep"))
    return (names.map(lambda v: v.casefold()) == rep.strip().casefold()).to_numpy()


def _only_leads(frame: pd.DataFrame | None, keys: set[Any]) -> pd.DataFrame | None:
    if frame is None or not len(frame):
        return frame
    return frame[lead_key(column(frame, "lead_id")).isin(keys).to_numpy()]


def compute(leads: pd.DataFrame, cfg: Config, today: dt.date, *,
            history: pd.DataFrame | None = None, objections: pd.DataFrame | None = None,
            activities: pd.DataFrame | None = None, targets: pd.DataFrame | None = None,
            customers: pd.DataFrame | None = None,
            invalid: Mapping[str, np.ndarray] | None = None,
            by_rep: bool = False, since: dt.date | None = None, rep: str | None = None,
            weighted_by: str | None = None, backtest: bool = True) -> Summary:
    """Every Summary table from canonical values (no file is read or written).

    Args:
        leads: canonical Leads values (see `salesxl.core.summary.derive.LEAD_KEYS`).
        cfg: the workbook's Config.
        today: the day overdue, stale and BANT timing are measured against.
        history: canonical History values (lead_id, from_stage, to_stage, changed_at).
        objections: canonical Objections values (lead_id, category, resolved).
        activities: canonical Activities values (lead_id, date, type, rep).
        targets: canonical Targets values (rep, period, won_amount, new_deals, activities).
        customers: canonical Customers values (the after-sale tables; None: no Customers
            table).
        invalid: per Leads column, True where a cell could not be read.
        by_rep: also split the team-level tables by rep.
        since: the comparison date of the changes (default: 7 days before ``today``).
        rep: only this rep's leads, activities and targets (a one-to-one view: no after-sale
            tables, no back-test).
        weighted_by: see `WEIGHTED_BY`; default: the Config's ``forecast_probability``
            (``learned``: ``win_probability``). Where open deals have a learned win
            probability, the headline and the forecast by category also show the weighted
            forecast with the other probability.
        backtest: back-test the learned win probability (`salesxl.core.summary.learned`)
            when the workbook has enough closed deals.

    Returns:
        A `Summary`.
    """
    if weighted_by is None:
        weighted_by = "win_probability" if cfg.forecast_probability == "learned" \
            else "probability"
    if weighted_by not in WEIGHTED_BY:
        raise ValueError(f"weighted_by must be one of {', '.join(WEIGHTED_BY)}")
    since = since or today - dt.timedelta(days=7)
    leads = _objects(leads)
    history, objections, activities = _objects(history), _objects(objections), \
        _objects(activities)
    team_reps = T.rep_order(labels(column(leads, "rep")))
    if rep is not None:
        mine = _rep_filter(leads, rep)
        leads, invalid = leads[mine], {k: v[mine] for k, v in (invalid or {}).items()}
        keys = set(lead_key(column(leads, "lead_id")).dropna())
        history, objections = _only_leads(history, keys), _only_leads(objections, keys)
        if activities is not None and len(activities):
            own = _rep_filter(activities, rep)
            theirs = lead_key(column(activities, "lead_id")).isin(keys).to_numpy()
            no_rep = column(activities, "rep").isna().to_numpy()
            activities = activities[own | (theirs & no_rep)]
        by_rep = False
    if history is not None and len(history):  # folded lead IDs once, for every table
        history = history.assign(lead_key=lead_key(column(history, "lead_id")))
    if activities is not None and len(activities):
        activities = activities.assign(lead_key=lead_key(column(activities, "lead_id")))
    # each part builds its own per-lead frames and lets them go before the next one starts:
    # the peaks do not add up (the back-test first: its many small objects are freed into
    # memory the other parts reuse)
    check = None
    if rep is None and backtest:
        kind = stages_of(leads, cfg)[1]
        closed = set(lead_key(column(leads, "lead_id"))[kind.isin(["won", "lost"]).to_numpy()]
                     .dropna())
        check = _learned(leads, closed, cfg, today, history, objections, activities)
    s = _tables(leads, cfg, today, history, objections, activities, targets, invalid,
                by_rep, since, rep, weighted_by, team_reps)
    if rep is None:
        after = AS.tables(leads, customers if customers is not None else pd.DataFrame(), cfg,
                          today, activities)
        s.after_sale, s.referral_sources = after["kpis"], after["referral_sources"]
        s.referrals, s.customer_purchases = after["referrals_by_customer"], \
            after["customer_purchases"]
        s.purchase_gaps, s.touches = after["time_between_purchases"], after["touches"]
    if check is not None:
        s.learned = check
        s.backtest, s.calibration = backtest_frames(check)
    return s


def _tables(leads: pd.DataFrame, cfg: Config, today: dt.date, history: pd.DataFrame | None,
            objections: pd.DataFrame | None, activities: pd.DataFrame | None,
            targets: pd.DataFrame | None, invalid: Mapping[str, np.ndarray] | None,
            by_rep: bool, since: dt.date, rep: str | None, weighted_by: str,
            team_reps: list[str]) -> Summary:
    """The Monday and pipeline tables of `compute`."""
    p = prepare(leads, cfg, today, activities=activities, invalid=invalid)
    stage_prob = p["prob"].to_numpy(dtype=np.float64)
    learned = floats(column(leads, "win_probability"))
    has_learned = (p["kind"] == "open").to_numpy() & ~np.isnan(learned)
    learned_prob = np.where(has_learned, learned, stage_prob)
    p["prob"] = learned_prob if weighted_by == "win_probability" else stage_prob
    other = None
    if has_learned.any():
        other = stage_prob if weighted_by == "win_probability" else learned_prob
    s = _classic(p, cfg, today, history, objections, by_rep)
    h = history_frame(history, cfg)
    f = lead_facts(p, leads, cfg, since, history=h, activities=activities)
    f_other = _other_probability(f, other) if other is not None else None
    acts = activity_rows(activities, f)
    stale_all = T.stale_deals(f, cfg, today)
    reps = T.rep_order(f["rep"]) if rep is None else [labels(pd.Series([rep])).iat[0]]
    goal = Targets.build(targets, team_reps)
    who = TEAM if rep is None else _rep_name(rep, goal, f)
    rows = dict(f.groupby("rep", sort=False).indices)
    act_rows = dict(acts.groupby("rep", sort=False).indices)
    stale_rows = dict(stale_all.groupby("rep", sort=False).indices)
    empty = np.array([], dtype=np.int64)
    parts = {TEAM: (f, acts, stale_all)}
    if rep is None:
        parts.update({r: (f.iloc[rows.get(r, empty)], acts.iloc[act_rows.get(r, empty)],
                          stale_all.iloc[stale_rows.get(r, empty)]) for r in reps})
    cats, gaps_ = {}, {}
    for name, (part, _, _) in parts.items():
        owner = who if name == TEAM else name  # a rep's view: its one block is the rep's
        cats[owner] = FC.categories(part, cfg, today, goal, owner)
        if f_other is not None:
            alt = FC.categories(f_other.loc[part.index], cfg, today, goal, owner)
            cats[owner]["weighted_alt"] = alt["weighted"]
        gaps_[owner] = FC.gaps(part, today)
    counts, events = changes(f, h, cfg, since, today)
    weeks, types, untouched = activity(acts, f, cfg, today, goal,
                                       None if rep is None else reps)
    s.since = since
    s.rep = rep
    s.weighted_by = weighted_by
    s.stale_deals = stale_all
    s.figures = headline(f, acts, stale_all, cfg, today, since, goal, who)
    s.learned_deals = int(has_learned.sum())
    if f_other is not None:
        alt = headline(f_other, acts, stale_all, cfg, today, since, goal, who)
        order: list[str] = []
        for metric in s.figures.index:
            order.append(metric)
            if metric in ALTERNATIVE:
                s.figures.loc[ALTERNATIVE[metric]] = alt.loc[metric]
                order.append(ALTERNATIVE[metric])
        s.figures = s.figures.loc[order]
    s.reps = headline_by_rep(parts, today, since, goal)
    s.forecast_categories = pd.concat(cats, names=["rep"])
    s.forecast_gaps = pd.concat(gaps_, names=["rep"])
    s.forecast_months = FC.by_month(f, today, goal, who)
    s.changes, s.change_list = counts, events
    s.activity_weeks, s.activity_types, s.untouched = weeks, types, untouched
    s.stage_time = V.stage_time(f, h, cfg, reps)
    s.cycle = V.cycle(f, reps)
    s.lost_reasons = V.lost_reasons(f, cfg)
    s.unlisted = V.unlisted(leads, cfg)
    s.targets = goal.frame()
    s.notes.extend(note.text(lang_for(cfg.language)) for note in goal.notes)
    return s


def _other_probability(f: pd.DataFrame, other: np.ndarray) -> pd.DataFrame:
    """The lead facts with the other probability: now, and then where the deal was in the
    same stage (else the stage's, as for the headline's own "then")."""
    same = np.array([a == b for a, b in zip(f["stage_then"], f["stage"], strict=True)],
                    dtype=bool)
    then = np.where(same, other, f["prob_then"].to_numpy(dtype=np.float64))
    return f.assign(prob=other, prob_then=then)


def _learned(leads: pd.DataFrame, closed: set[Any], cfg: Config, today: dt.date,
             history: pd.DataFrame | None, objections: pd.DataFrame | None,
             activities: pd.DataFrame | None) -> LearnedCheck:
    """The back-test, given only the linked rows of the ``closed`` deals (folded lead IDs):
    the others are not read."""

    def of_closed(frame: pd.DataFrame | None) -> pd.DataFrame | None:
        if frame is None or not len(frame):
            return frame
        keys = frame["lead_key"] if "lead_key" in frame.columns else lead_key(
            column(frame, "lead_id"))
        return frame[keys.isin(closed).to_numpy()]

    return learned_check(leads, cfg, today, activities=of_closed(activities),
                         objections=of_closed(objections), history=of_closed(history))


def backtest_frames(check: LearnedCheck | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The back-test as two tables (empty without one).

    Returns:
        ``backtest``: index (view, probability) over `VIEWS` × `PROBABILITIES`; columns
        rows, deals, auc, brier. ``calibration``: index the bins' lower bounds (0.0 … 0.9),
        columns (view, probability, measure) with measures n, predicted, actual.
    """
    bt = check.backtest if check is not None else None
    if bt is None or bt.refusal is not None:
        return pd.DataFrame(), pd.DataFrame()
    views = {"every_stage": bt.every_stage, "at_close": bt.at_close}
    rows = {(v, k): {"rows": m.rows, "deals": m.deals, "auc": m.auc, "brier": m.brier}
            for v in VIEWS for k in PROBABILITIES for m in [views[v][k]]}
    summary = pd.DataFrame.from_dict(rows, orient="index")
    summary.index = pd.MultiIndex.from_tuples(summary.index, names=["view", "probability"])
    cal: dict[tuple[str, str, str], list[float]] = {}
    for v in VIEWS:
        for k in PROBABILITIES:
            bins = views[v][k].calibration
            cal[(v, k, "n")] = [float(r.n) for r in bins]
            cal[(v, k, "predicted")] = [r.predicted for r in bins]
            cal[(v, k, "actual")] = [r.actual for r in bins]
    lows = [r.low for r in bt.every_stage["learned"].calibration]
    calibration = pd.DataFrame(cal, index=pd.Index(lows, name="bin"))
    calibration.columns.names = ["view", "probability", "measure"]
    counts = [c for c in calibration.columns if c[2] == "n"]
    calibration[counts] = calibration[counts].astype("int64")
    return summary, calibration


def _rep_name(rep: str, goal: Targets, f: pd.DataFrame) -> str:
    """The rep's name as the Targets table or the Leads spell it (case-insensitive)."""
    for name in [*(r for r, _, _ in goal.values), *f["rep"].tolist()]:
        if str(name).casefold() == rep.strip().casefold():
            return str(name)
    return rep.strip()


def _classic(p: pd.DataFrame, cfg: Config, today: dt.date, history: pd.DataFrame | None,
             objections: pd.DataFrame | None, by_rep: bool) -> Summary:
    """The pipeline tables (pipeline, funnel, forecast by close month, sources, techniques,
    objections, follow-ups, stale deals, days in stage) of the prepared leads ``p``."""
    hist = history if history is not None and len(history) else None
    if hist is not None and "lead_key" not in hist.columns:
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
        stale_deals=pd.DataFrame(),  # ranked by `compute` from the lead facts
        today=today,
        leads=len(p),
        funnel_from="history" if hist is not None else "stages",
        by_rep=by_rep,
        **split,
    )
