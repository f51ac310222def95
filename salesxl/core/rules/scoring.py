"""Learned win probability: a small logistic regression fitted on the workbook's closed deals.

**What it learns from.** Every closed deal (won or upgraded = 1, lost = 0; on hold is left
out) whose close can be dated: the History row that moved it into its outcome, else its
``stage_updated_on``. A deal teaches the model once for every open stage it went through
(Odoo's predictive lead scoring counts stages the same way), each time with the facts as they
stood when it left that stage: the stage, the days it spent there, the activities and
objections dated before it left, and the lead's fields (tier, source and source type,
industry, region, BANT items, deal size). An open lead is then scored as it stands today, so
a lead in prospecting is compared with deals as they stood in prospecting, not with deals that
were lost there. A workbook without History gives one row per deal, at its close, with the
stage unknown: only won deals are known to have passed the last open stage, and guessing
that for them alone would teach the model that the stage *is* the outcome.

**The leakage rule.** Nothing dated on or after a deal's close (or after the moment a stage
snapshot is taken) reaches the model: activities count when dated before it, objections
when raised before it and unresolved unless their ``resolved_on`` date is before it, History
rows after the closing move are ignored, and undated Activities and Objections rows are not
counted (they cannot be placed before a close). Columns written at or after the close
(``outcome`` beyond won/lost, ``lost_reason``, ``closing_technique``, ``resume_on``,
``probability``, ``expected_close_on``, ``last_contact_on``, notes, every computed column) are
never read. A missing deal amount is not a signal either: the won gate requires an amount, so
"no amount" would tell lost deals apart by construction; a missing amount, stage, days in
stage, tier, source, industry or region counts as the team's average (no effect).

**The method.** One-hot levels of those facts (counts and days in a few bands, the deal
amount in quartiles of the training deals, a source, industry or region only when at least
`MIN_LEVEL` training deals share it), centred on the training mean, in an L2-regularised
logistic regression solved by Newton's method (IRLS): a Gaussian prior of precision `L2` per
deal on every log-odds effect (`TEXT_SHRINK` times that on a source, industry or region
level), none on the intercept. Chosen over Odoo-style naive Bayes because the facts are
correlated (inbound sources, BANT items and activity counts move together) and naive Bayes
counts each of them again, which makes its probabilities overconfident; the regression shares
the effect between them, and the prior keeps small teams' probabilities near the base rate.
No scikit-learn: the Newton steps work on the facts' codes (sums and crosstabs), so 10,000
closed deals (~47,000 stage rows, ~90 weights) fit in about a quarter of a CPU second.

**Reasons.** For an open lead, each fact's effect is how far it alone would move a deal at
the team's base win rate: ``sigmoid(logit(base) + effect) - base``, in percentage points. The
stage's effect is that of being at the stage (with what deals there typically have); every
other fact is measured against the deals as they stood at the same stage, so the effects of
a lead add up to its log-odds against the base rate. A source and its source type count as
one fact. The three largest, in the workbook's language:
``인바운드 유입(웨비나) +12%p, 결정권자 미확인 −9%p, 예산 확보 +7%p``.

**The minimum.** Fewer than `MIN_WON` won or `MIN_LOST` lost dated closed deals: nothing is
scored, and `Scoring.refusal` says why in Korean and English.

**Honesty.** `backtest` trains on the deals closed on or before a cutoff (default: the date by
which 70 % of the closed deals had closed) and scores those closed after it, at their close and
at every stage they went through, beside the Config stage probabilities: AUC, Brier score and a
calibration table by tenths of predicted probability.

Example:
    >>> import datetime as dt
    >>> from salesxl.core.config import Config
    >>> leads = pd.DataFrame({"lead_id": ["L-1"], "stage": ["proposal"]})
    >>> score_frame(leads, Config.default(), dt.date(2026, 12, 7)).refusal["en"][:40]
    'Learned win probability not computed: th'
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from salesxl.core.config import Config
from salesxl.core.rules.columns import column, floats, link_key, map_distinct
from salesxl.core.schema import normalize_header

MIN_WON = 30
"""Fewest won closed deals the model is fitted on."""
MIN_LOST = 30
"""Fewest lost closed deals the model is fitted on."""
L2 = 2.0
"""Precision of the Gaussian prior on every log-odds effect (the intercept is free)."""
MIN_LEVEL = 10
"""Training deals a source, industry or region needs before it gets a weight of its own."""
TEXT_SHRINK = 4.0
"""A source, industry or region level's prior precision, times `L2` (many levels, few deals
each: a single industry seldom moves the odds by more than a factor of two)."""
CUTOFF_SHARE = 0.7
"""The default back-test trains on the deals closed by the date this share had closed."""
TOP_REASONS = 3

LEAD_INPUTS = (
    "lead_id", "created_on", "stage", "outcome", "stage_updated_on", "tier", "source",
    "source_type", "industry", "region", "budget_amount", "budget_confirmed",
    "is_decision_maker", "decision_maker", "need_level", "decision_date", "deal_amount",
)
"""The Leads columns scoring reads (nothing written at or after a close)."""
ACTIVITY_INPUTS = ("lead_id", "date")
OBJECTION_INPUTS = ("lead_id", "raised_on", "resolved", "resolved_on")
HISTORY_INPUTS = ("lead_id", "from_stage", "to_stage", "changed_at")
OUTPUTS = ("win_probability", "win_reasons")

MINUS = "\u2212"  # the minus sign of "−9%p"
DAY_BANDS = (7, 30, 90)  # days in stage: <=7, 8-30, 31-90, >90
ACTIVITY_BANDS = (0, 2, 5)  # 0, 1-2, 3-5, 6+
OBJECTION_BANDS = (0, 1)  # 0, 1, 2+


# --- one row per closed deal and stage, one per open lead --------------------------------
def _day(value: Any) -> int | None:
    """A date or datetime as a day ordinal; None for anything else."""
    if isinstance(value, dt.datetime):
        return value.date().toordinal()
    if isinstance(value, dt.date):
        return value.toordinal()
    return None


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = str(value).strip()
    return text or None


def _by_lead(frame: pd.DataFrame | None, keys: tuple[str, ...],
             convert: tuple[Callable[[Any], Any], ...]) -> dict[str, list[tuple[Any, ...]]]:
    """Rows of a linked table grouped by folded lead ID: tuples of the other `keys`, each
    column converted by its function in `convert`."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    if frame is None or not len(frame):
        return out
    leads = map_distinct(column(frame, keys[0]).tolist(), link_key)
    cols = [map_distinct(column(frame, k).tolist(), fn) for k, fn in zip(keys[1:], convert,
                                                                     strict=True)]
    for lead, *row in zip(leads, *cols, strict=True):
        if lead is not None:
            out.setdefault(lead, []).append(tuple(row))
    return out


_SCORE_ROWS = 65_536
"""Open leads `score_frame` predicts and explains at a time: the design and typical-deal
matrices (`Model.effects`) are a block's, not every open lead's."""

@dataclass
class _Linked:
    """One lead's dated Activities, Objections and History, sorted by day."""

    activities: list[int]
    raised: list[int]  # objection raised days, sorted
    objections: list[tuple[int, bool, int | None]]  # (raised, resolved flag, resolved day)
    moves: list[tuple[int, str | None, str | None]]  # (day, from stage, to stage)


_EMPTY = _Linked([], [], [], [])
"""A lead without dated linked rows (shared: never changed)."""


def _moment(value: Any) -> float:
    """A History time stamp as a sortable number (a bare date sorts at midnight)."""
    if isinstance(value, dt.datetime):
        return value.toordinal() + (value.hour * 3600 + value.minute * 60 + value.second) / 86400
    return float(value.toordinal())


def _link(activities: pd.DataFrame | None, objections: pd.DataFrame | None,
          history: pd.DataFrame | None, cfg: Config) -> Callable[[str | None], _Linked]:
    def same(v: Any) -> Any:
        return v

    def when(v: Any) -> tuple[int, float] | None:
        day = _day(v)
        return None if day is None else (day, _moment(v))

    acts = _by_lead(activities, ACTIVITY_INPUTS, (_day,))
    objs = _by_lead(objections, OBJECTION_INPUTS, (_day, lambda v: v is True, _day))
    hist = _by_lead(history, HISTORY_INPUTS, (same, same, when))
    rank = {key: i for i, key in enumerate(cfg.stage_keys)}

    def order(row: tuple[Any, ...]) -> tuple[float, int, int]:
        # by time, then along the pipeline: the order of the rows in the sheet never matters
        return (row[2][1], rank.get(row[0], -1), rank.get(row[1], -1))

    def linked(lead: str | None) -> _Linked:
        if lead is None or (lead not in acts and lead not in objs and lead not in hist):
            return _EMPTY
        days = sorted(d for (d,) in acts.get(lead, ()) if d is not None)
        found = sorted((o for o in objs.get(lead, ()) if o[0] is not None), key=lambda o: o[0])
        rows = sorted((r for r in hist.get(lead, ()) if r[2] is not None), key=order)
        moves = [(r[2][0], r[0], r[1]) for r in rows]
        return _Linked(days, [o[0] for o in found], found, moves)

    return linked


def _counts(link: _Linked, before: int, *, open_now: bool) -> tuple[int, int, int]:
    """Activities and objections dated before day `before`, and those unresolved then.

    A closed deal's objection is resolved only when its ``resolved_on`` is before `before`
    (the Resolved flag may have been set after the close); an open lead's when it is
    resolved now (flag or date).
    """
    acts = bisect.bisect_left(link.activities, before)
    raised = bisect.bisect_left(link.raised, before)
    unresolved = 0
    for _raised_on, flag, resolved_on in link.objections[:raised]:
        if open_now:
            done = flag or (resolved_on is not None and resolved_on < before)
        else:
            done = resolved_on is not None and resolved_on < before
        unresolved += not done
    return acts, raised, unresolved


def _kinds(leads: pd.DataFrame, cfg: Config) -> tuple[list[str | None], list[str | None]]:
    """Each lead's stage key (its outcome when the stage is blank) and that stage's type."""
    types: dict[str, str] = {s.key: s.type for s in cfg.stages}

    def known(value: Any) -> str | None:
        return value if isinstance(value, str) and value in types else None

    # each distinct stage and outcome looked at once (a dozen words over every lead)
    raw = column(leads, "stage").tolist()
    keys = map_distinct(raw, known)
    blank = map_distinct(raw, lambda v: v is None or v != v)
    outcomes = map_distinct(column(leads, "outcome").tolist(), known)
    stages = [k if k is not None or not b else o
              for k, b, o in zip(keys, blank, outcomes, strict=True)]
    kinds = [types[k] if k is not None else None for k in stages]
    return stages, kinds


SNAPSHOT_COLUMNS = (
    "row", "lead_id", "kind", "y", "close", "final", "stage", "days_in_stage", "activities",
    "objections", "unresolved", "tier", "source", "source_type", "industry", "region",
    "budget", "decision_maker", "need_level", "decision_date", "amount",
)


def snapshots(leads: pd.DataFrame, cfg: Config, today: dt.date, *,
              activities: pd.DataFrame | None = None, objections: pd.DataFrame | None = None,
              history: pd.DataFrame | None = None) -> pd.DataFrame:
    """The rows the model learns from and scores: closed deals by stage, open leads today.

    Args:
        leads: canonical Leads values (`LEAD_INPUTS`; missing columns count as blank).
        cfg: the Config (stage types).
        today: the day open leads are scored on.
        activities, objections, history: canonical values of the linked tables
            (`ACTIVITY_INPUTS`, `OBJECTION_INPUTS`, `HISTORY_INPUTS`), or None.

    Returns:
        One row per open stage a closed (won, upgraded, lost) deal left, the last one at its
        close (``final``), and one per open lead (``kind`` open, ``final``, ``y`` NaN). Columns
        `SNAPSHOT_COLUMNS`: ``row`` is the Leads index label, ``close`` the close day ordinal
        (None when it cannot be dated), ``y`` 1.0 won / 0.0 lost. On-hold leads have no row.
    """
    return _snapshots(leads, cfg, today, activities, objections, history)[0]


def _snapshots(leads: pd.DataFrame, cfg: Config, today: dt.date,
               activities: pd.DataFrame | None, objections: pd.DataFrame | None,
               history: pd.DataFrame | None) -> tuple[pd.DataFrame, list[str | None]]:
    """`snapshots`, and each lead's stage type (`_kinds`)."""
    return _snapshots_of(leads, cfg, today, _link(activities, objections, history, cfg))


def _snapshots_of(leads: pd.DataFrame, cfg: Config, today: dt.date,
                  linked: Callable[[str | None], _Linked], part: str | None = None
                  ) -> tuple[pd.DataFrame, list[str | None]]:
    """`_snapshots` with the linked rows already grouped; `part` "closed" keeps only the
    won and lost leads' rows, "open" only the others' (the kinds returned are every lead's)."""
    types = {s.key: s.type for s in cfg.stages}
    stages, kinds = _kinds(leads, cfg)
    every = kinds
    if part is not None:
        closed = np.fromiter((k in ("won", "lost") for k in kinds), dtype=bool, count=len(kinds))
        keep = closed if part == "closed" else ~closed
        if not keep.all():
            at = np.flatnonzero(keep).tolist()
            leads = leads.iloc[at]
            stages, kinds = [stages[i] for i in at], [kinds[i] for i in at]
    ids = column(leads, "lead_id").tolist()
    keys = map_distinct(ids, link_key)
    created = map_distinct(column(leads, "created_on").tolist(), _day)
    updated = map_distinct(column(leads, "stage_updated_on").tolist(), _day)
    statics = _statics(leads)
    rows: list[tuple[Any, ...]] = []
    today_n = today.toordinal()
    for i, (label, lead_id) in enumerate(zip(leads.index.tolist(), ids, strict=True)):
        kind = kinds[i]
        if kind == "on_hold":
            continue
        link = linked(keys[i])
        st = statics[i]
        if kind in ("won", "lost"):
            y = 1.0 if kind == "won" else 0.0
            for stage, enter, leave, close, final in _closed_path(
                    link.moves, kind, types, created[i], updated[i]):
                days = leave - enter if enter is not None and close is not None else None
                counts = _counts(link, leave, open_now=False) if close is not None else (0, 0, 0)
                rows.append((label, lead_id, kind, y, close, final, stage, days, *counts, *st))
            continue
        stage = stages[i] if kind == "open" else None
        enter = _entered(link.moves, stage, today_n, created[i], updated[i])
        days = today_n - enter if enter is not None and enter <= today_n else None
        counts = _counts(link, today_n + 1, open_now=True) if link is not _EMPTY else (0, 0, 0)
        rows.append((label, lead_id, "open", math.nan, None, True, stage, days, *counts, *st))
    frame = pd.DataFrame(rows, columns=list(SNAPSHOT_COLUMNS))
    for name in ("y", "close", "days_in_stage", "amount"):  # NaN for blanks, whatever the rows
        frame[name] = pd.to_numeric(frame[name].astype(object).where(frame[name].notna(),
                                                                     np.nan)).astype(float)
    frame["final"] = frame["final"].astype(bool)
    return frame, every


def _closed_path(moves: list[tuple[int, str | None, str | None]], kind: str,
                 types: Mapping[str, str], created: int | None,
                 updated: int | None) -> list[tuple[str | None, int | None, int, int | None, bool]]:
    """(stage, entered, left, close, final) for each open stage a closed deal left."""
    closing = None
    for j in range(len(moves) - 1, -1, -1):
        _, frm, to = moves[j]
        if types.get(to or "") == kind and types.get(frm or "") != kind:
            closing = j
            break
    if closing is not None:
        close: int | None = moves[closing][0]
        before = moves[:closing + 1]
        tail_stage = None  # the closing move's from_stage is the last run
    else:
        close = updated
        before = [m for m in moves if close is not None and m[0] <= close
                  and types.get(m[2] or "") not in ("won", "lost")]
        last = before[-1][2] if before else None
        tail_stage = last if types.get(last or "") == "open" else None
    if close is None:
        return [(None, None, 0, None, True)]
    out: list[tuple[str | None, int | None, int, int | None, bool]] = []
    for j, (day, frm, _to) in enumerate(before):
        if types.get(frm or "") != "open":
            continue
        enter = _entered(before[:j], frm, day, created, None)
        out.append((frm, enter, day, close, False))
    if closing is None and tail_stage is not None:
        enter = _entered(before, tail_stage, close, created, None)
        out.append((tail_stage, enter, close, close, False))
    if not out:
        return [(None, None, close, close, True)]
    stage, enter, leave, _, _ = out[-1]
    out[-1] = (stage, enter, leave, close, True)
    return out


def _entered(moves: list[tuple[int, str | None, str | None]], stage: str | None, until: int,
             created: int | None, updated: int | None) -> int | None:
    """The day a lead entered `stage`: its last move into it (History), else its stage date
    (`updated`, given for open leads only), else its creation day when it never moved."""
    if stage is None:
        return None
    for day, _frm, to in reversed(moves):
        if to == stage and day <= until:
            return day
    if updated is not None:
        return updated
    return created if not moves else None


def _statics(leads: pd.DataFrame) -> list[tuple[Any, ...]]:
    """The fields read as they are now: tier, source, BANT items, deal amount."""
    budget_amount = floats(column(leads, "budget_amount")).tolist()
    amount = floats(column(leads, "deal_amount")).tolist()
    # each distinct value converted once: these columns hold a few words and dates, repeated
    tier, source, industry, region, decider = (
        map_distinct(column(leads, k).tolist(), _text)
        for k in ("tier", "source", "industry", "region", "decision_maker"))
    source_type = [v if v in ("inbound", "outbound") else None
                   for v in column(leads, "source_type").tolist()]
    budget = ["confirmed" if c is True else "amount" if a > 0 else "none"
              for c, a in zip(column(leads, "budget_confirmed").tolist(), budget_amount,
                              strict=True)]
    dm = ["yes" if d is True or t is not None else "no"
          for d, t in zip(column(leads, "is_decision_maker").tolist(), decider, strict=True)]
    need = [v if v in ("high", "medium", "low") else "none"
            for v in column(leads, "need_level").tolist()]
    decision = ["no" if d is None else "yes"
                for d in map_distinct(column(leads, "decision_date").tolist(), _day)]
    return list(zip(tier, source, source_type, industry, region, budget, dm, need, decision,
                    [float(a) for a in amount], strict=True))


# --- the features -------------------------------------------------------------------------
Coded = tuple[np.ndarray, list[Any]]
"""A fact's values as codes (-1: unknown) into a list of level keys."""


@dataclass(frozen=True)
class _Group:
    """One fact: how the snapshots' values become level keys, and how facts share a reason."""

    key: str
    reason: str  # facts sharing a reason are named together (source and source type)
    coded: Callable[[pd.DataFrame, tuple[float, ...]], Coded]  # (snaps, size edges) -> codes
    min_rows: int = 1  # training rows (above 1: deals) a level needs for a weight of its own


def _factor(values: pd.Series, key: Callable[[Any], Any] | None = None) -> Coded:
    """Codes of the distinct values (each distinct value looked at once; blanks -1)."""
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
    keys = list(uniques) if key is None else [key(u) for u in uniques]
    if key is not None and any(k is None for k in keys):  # a value that folds to nothing
        blank = np.array([k is None for k in keys] + [True])
        codes = np.where(blank[codes], -1, codes)
    return np.asarray(codes, dtype=np.int64), keys


def _col(name: str) -> Callable[[pd.DataFrame, tuple[float, ...]], Coded]:
    return lambda snaps, _edges: _factor(snaps[name])


def _fold(value: Any) -> str | None:
    return normalize_header(value) or None if isinstance(value, str) else None


def _folded(name: str) -> Callable[[pd.DataFrame, tuple[float, ...]], Coded]:
    return lambda snaps, _edges: _factor(snaps[name], _fold)


def _bands(values: pd.Series, edges: tuple[float, ...]) -> Coded:
    """Band of each number: 0 up to the first edge (inclusive), ... (NaN: -1)."""
    x = values.to_numpy(dtype=float, na_value=np.nan)
    codes = np.searchsorted(np.asarray(edges, dtype=float), x, side="left").astype(np.int64)
    codes[np.isnan(x)] = -1
    return codes, list(range(len(edges) + 1))


def _banded(name: str, edges: tuple[float, ...]) -> Callable[[pd.DataFrame, tuple[float, ...]],
                                                              Coded]:
    return lambda snaps, _edges: _bands(snaps[name], edges)


def _size(snaps: pd.DataFrame, edges: tuple[float, ...]) -> Coded:
    if not edges:
        return np.full(len(snaps), -1, dtype=np.int64), []
    return _bands(snaps["amount"], edges)


def _band(value: Any, edges: tuple[float, ...]) -> int | None:
    """The band of one number, as `_bands` gives it (None for a blank)."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    return bisect.bisect_left(edges, float(value))


def _level_codes(coded: Coded, levels: tuple[Any, ...]) -> np.ndarray:
    """Each row's position among `levels` (-1: unknown, or a level without a weight)."""
    codes, keys = coded
    index = {lv: j for j, lv in enumerate(levels)}
    lookup = np.array([index.get(k, -1) for k in keys] + [-1], dtype=np.int64)
    return lookup[codes]


GROUPS: tuple[_Group, ...] = (
    _Group("stage", "stage", _col("stage")),
    _Group("days_in_stage", "days_in_stage", _banded("days_in_stage", DAY_BANDS)),
    _Group("source_type", "source", _col("source_type")),
    _Group("source", "source", _folded("source"), MIN_LEVEL),
    _Group("tier", "tier", _col("tier")),
    _Group("industry", "industry", _folded("industry"), MIN_LEVEL),
    _Group("region", "region", _folded("region"), MIN_LEVEL),
    _Group("budget", "budget", _col("budget")),
    _Group("decision_maker", "decision_maker", _col("decision_maker")),
    _Group("need_level", "need_level", _col("need_level")),
    _Group("decision_date", "decision_date", _col("decision_date")),
    _Group("size", "size", _size),
    _Group("activities", "activities", _banded("activities", ACTIVITY_BANDS)),
    _Group("objections", "objections", _banded("objections", OBJECTION_BANDS)),
    _Group("unresolved", "unresolved", _banded("unresolved", OBJECTION_BANDS)),
)


@dataclass(frozen=True)
class Model:
    """A fitted model: levels and training means of every fact, weights, base rate."""

    levels: dict[str, tuple[Any, ...]]  # group key -> levels with a weight
    means: dict[str, np.ndarray]  # group key -> training mean of its one-hot columns
    weights: np.ndarray
    intercept: float
    base_rate: float  # won / closed among the training deals
    won: int
    lost: int
    rows: int  # training rows (stage snapshots)
    size_edges: tuple[float, ...] = ()
    iterations: int = 0
    # stage -> mean centred design row of the training rows at that stage: reasons compare a
    # lead with the deals as they stood at the same stage
    stage_means: dict[str, np.ndarray] = field(default_factory=dict)

    def _matrix(self, snaps: pd.DataFrame) -> tuple[np.ndarray, list[tuple[_Group, slice]]]:
        """The centred one-hot design and each group's columns; an unknown value is all
        zeros (the training mean)."""
        width = sum(len(self.levels[g.key]) for g in GROUPS)
        x = np.zeros((len(snaps), width))
        spans = []
        start = 0
        for g in GROUPS:
            levels = self.levels[g.key]
            cols = slice(start, start + len(levels))
            start += len(levels)
            spans.append((g, cols))
            if levels:
                block = x[:, cols]
                codes = _level_codes(g.coded(snaps, self.size_edges), levels)
                known = codes >= 0
                block[np.flatnonzero(known), codes[known]] = 1.0
                block -= self.means[g.key]
                block[~known] = 0.0
        return x, spans

    def design(self, snaps: pd.DataFrame) -> np.ndarray:
        """The centred design matrix of `snaps` (no intercept column)."""
        return self._matrix(snaps)[0]

    def logits(self, snaps: pd.DataFrame) -> np.ndarray:
        return self.intercept + self.design(snaps) @ self.weights

    def predict(self, snaps: pd.DataFrame) -> np.ndarray:
        """The learned win probability of each row of `snaps` (0 to 1)."""
        return _sigmoid(self.logits(snaps))

    def effects(self, snaps: pd.DataFrame) -> dict[str, np.ndarray]:
        """Log-odds effect of each reason per row, against the team's base win rate.

        The stage's effect is that of being at the stage with what deals there typically
        have (the training rows at that stage), against the base rate; every other fact's is
        against those typical deals at the same stage (a lead in qualification is not blamed
        for having fewer activities than deals at closing). For a lead at a known stage the
        effects add up to its logit minus the base rate's. Without a known stage, facts are
        measured against the average training row. Source and source type add up to one.
        """
        x, spans = self._matrix(snaps)
        typical = np.zeros_like(x)
        stage_part = np.zeros(len(snaps))
        ref = _logit(self.base_rate)
        for i, stage in enumerate(snaps["stage"].tolist()):
            m = self.stage_means.get(stage) if isinstance(stage, str) else None
            if m is not None:
                typical[i] = m
                stage_part[i] = self.intercept + float(m @ self.weights) - ref
        out: dict[str, np.ndarray] = {}
        for g, cols in spans:
            part = (x[:, cols] - typical[:, cols]) @ self.weights[cols]
            if g.key == "stage":
                part = part + stage_part
            out[g.reason] = out[g.reason] + part if g.reason in out else part
        return out

    def points(self, snaps: pd.DataFrame) -> dict[str, np.ndarray]:
        """Each reason's effect in percentage points, alone, on a deal at the base rate."""
        b = _logit(self.base_rate)
        base = float(_sigmoid(b))
        return {k: (_sigmoid(b + z) - base) * 100 for k, z in self.effects(snaps).items()}

    def reasons(self, snaps: pd.DataFrame, cfg: Config, lang: str,
                top: int = TOP_REASONS) -> list[str | None]:
        """The `top` reasons of each row, e.g. ``인바운드 유입 +12%p, 결정권자 미확인 −9%p``."""
        pts = self.points(snaps)
        keys = list(pts)
        n = len(snaps)
        if not keys or not n:
            return [None] * n
        # each row's reasons by size (a stable sort, as per row), then their words: a fact's
        # words depend on the few snapshot fields `fact_name` reads, so each distinct set of
        # them is put into words once
        matrix = np.column_stack([pts[k] for k in keys])
        order = np.argsort(-np.abs(matrix), axis=1, kind="stable")[:, :top]
        # whole percentage points as round() gives them (halves to even, like np.rint); the
        # points shrink along a row, so its reasons end at its first 0
        points = np.rint(np.take_along_axis(matrix, order, axis=1)).astype(np.int64)
        used = [_REASON_FIELDS.get(k, (k,)) for k in keys]
        cols = {f: snaps[f].tolist() if f in snaps.columns else [None] * n
                for f in {f for fs in used for f in fs}}
        firsts = [cols[fs[0]] for fs in used]
        seconds = [cols[fs[1]] if len(fs) > 1 else None for fs in used]
        unit = "%p" if lang == "ko" else " pp"
        tails: dict[int, str] = {}
        names: dict[tuple[Any, ...], str] = {}
        out: list[str | None] = []
        for i, (js, pps) in enumerate(zip(order.tolist(), points.tolist(), strict=True)):
            parts = []
            for j, pp in zip(js, pps, strict=True):
                if pp == 0:
                    break
                v = firsts[j][i]
                second = seconds[j]
                memo: tuple[Any, ...] = (j, v.__class__, v) if second is None else (
                    j, v.__class__, v, second[i].__class__, second[i])
                name = names.get(memo)
                if name is None:
                    rec = dict(zip(used[j], (v,) if second is None else (v, second[i]),
                                   strict=True))
                    name = names[memo] = fact_name(keys[j], rec, self, cfg, lang)
                tail = tails.get(pp)
                if tail is None:
                    tail = tails[pp] = f" {'+' if pp > 0 else MINUS}{abs(pp)}{unit}"
                parts.append(name + tail)
            text = ", ".join(parts)
            out.append(text[:1].upper() + text[1:] if text and lang != "ko" else text or None)
        return out


_REASON_FIELDS = {"source": ("source_type", "source"), "size": ("amount",)}
"""The snapshot fields `fact_name` reads for a reason (others: the field of its own name)."""


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def _sigmoid(z: Any) -> Any:
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(z, dtype=float)))


def fit(train: pd.DataFrame, *, l2: float = L2) -> Model:
    """Fit the model on closed-deal snapshots (``kind`` won or lost, dated).

    Raises:
        ValueError: `train` holds no won or no lost deal.

    Example:
        >>> model = fit(train_snapshots)  # doctest: +SKIP
        >>> model.predict(open_snapshots)  # doctest: +SKIP
    """
    y = train["y"].to_numpy(dtype=float)
    final = train["final"].to_numpy(dtype=bool)
    won = int((y[final] == 1.0).sum())
    lost = int((y[final] == 0.0).sum())
    if not won or not lost:
        raise ValueError("the training deals must hold won and lost deals")
    amounts = train["amount"].to_numpy(dtype=float)[final]
    amounts = amounts[~np.isnan(amounts)]
    edges = tuple(float(q) for q in np.quantile(amounts, [0.25, 0.5, 0.75])) \
        if len(amounts) >= 4 else ()
    levels: dict[str, tuple[Any, ...]] = {}
    means: dict[str, np.ndarray] = {}
    onehots: list[_OneHot] = []
    per_deal = l2 * len(train) / (won + lost)  # a deal gives a row per stage: prior per deal
    for g in GROUPS:
        codes, keys = g.coded(train, edges)
        # a text level needs deals (a deal's rows share it); a stage or band needs a row
        counted = codes[(codes >= 0) & (final if g.min_rows > 1 else True)]
        counts = np.bincount(counted, minlength=len(keys))
        merged: dict[Any, int] = {}
        for k, n in zip(keys, counts.tolist(), strict=True):
            if k is not None:
                merged[k] = merged.get(k, 0) + n
        kept = tuple(sorted((k for k, n in merged.items() if n >= g.min_rows), key=str))
        levels[g.key] = kept
        row_levels = _level_codes((codes, keys), kept)
        known = row_levels >= 0
        mean = (np.bincount(row_levels[known], minlength=len(kept)) / known.sum()
                if known.any() else np.zeros(len(kept)))
        means[g.key] = mean
        # free-text facts (many levels, few deals each) are shrunk harder
        onehots.append(_OneHot(np.where(known, row_levels, len(kept)), mean,
                               per_deal * (TEXT_SHRINK if g.min_rows > 1 else 1.0)))
    weights, intercept, iterations = _newton(onehots, y)
    stages = train["stage"].to_numpy(dtype=object)
    stage_means = {st: np.concatenate([o.mean_row(stages == st) for o in onehots])
                   for st in levels["stage"]}
    return Model(levels, means, weights, intercept, won / (won + lost), won, lost, len(train),
                 edges, iterations, stage_means)


@dataclass
class _OneHot:
    """One fact of the training rows as codes: 0..L-1 a level, L unknown (the mean).

    Its centred one-hot columns are ``T[code]`` with ``T = [I - 1 mᵀ; 0]``: the fit works on
    the codes (sums by code, crosstabs of two facts) and never builds the dense matrix.
    """

    code: np.ndarray
    mean: np.ndarray
    penalty: float

    @property
    def size(self) -> int:
        return len(self.mean)

    @property
    def t(self) -> np.ndarray:
        return np.vstack([np.eye(self.size) - self.mean[None, :], np.zeros((1, self.size))])

    def sums(self, values: np.ndarray) -> np.ndarray:
        return np.bincount(self.code, weights=values, minlength=self.size + 1)

    def mean_row(self, mask: np.ndarray) -> np.ndarray:
        """The mean centred row of the rows in `mask`."""
        n = int(mask.sum())
        counts = np.bincount(self.code[mask], minlength=self.size + 1) / max(n, 1)
        return np.asarray(counts @ self.t)


def _newton(facts: list[_OneHot], y: np.ndarray, *, tol: float = 1e-7,
            max_iter: int = 100) -> tuple[np.ndarray, float, int]:
    """Penalised maximum likelihood of a logistic regression by Newton's method (IRLS).

    Minimises ``-loglik + sum(penalty/2 * w^2)`` over the weights of the centred one-hot
    `facts` and a free intercept; the objective is strictly convex, so Newton steps (halved
    while they do not lower it) converge. Gradient and Hessian come from sums by code and
    crosstabs of two facts' codes (``X = E T``, so ``XᵀVX = Tᵀ (EᵀVE) T``): about 15 ms per
    step for 50,000 rows, with no BLAS threads to fight over a busy machine's cores.
    """
    facts = [f for f in facts if f.size]
    ts = [f.t for f in facts]
    sizes = [f.size for f in facts]
    starts = np.concatenate([[0], np.cumsum(sizes)]).astype(int)
    k = int(starts[-1])
    pen = np.concatenate([np.full(f.size, f.penalty) for f in facts]) if facts else np.zeros(0)
    mean = float(np.clip(y.mean(), 1e-6, 1 - 1e-6))
    b = math.log(mean / (1 - mean))
    w = np.zeros(k)

    def objective(w: np.ndarray, b: float) -> tuple[float, np.ndarray]:
        z = np.full(len(y), b)
        for f, t, lo, hi in zip(facts, ts, starts[:-1], starts[1:], strict=True):
            z += (t @ w[lo:hi])[f.code]
        return float(np.sum(np.logaddexp(0.0, z) - y * z) + 0.5 * np.sum(pen * w * w)), z

    current, z = objective(w, b)
    iterations = 0
    for iterations in range(1, max_iter + 1):  # noqa: B007 - reported in the model
        p = _sigmoid(z)
        r = p - y
        v = p * (1 - p)
        grad = np.empty(k + 1)
        grad[0] = r.sum()
        hess = np.zeros((k + 1, k + 1))
        hess[0, 0] = v.sum()
        for i, (f, t, lo, hi) in enumerate(zip(facts, ts, starts[:-1], starts[1:], strict=True)):
            grad[1 + lo:1 + hi] = t.T @ f.sums(r) + pen[lo:hi] * w[lo:hi]
            sv = f.sums(v)
            hess[0, 1 + lo:1 + hi] = hess[1 + lo:1 + hi, 0] = t.T @ sv
            hess[1 + lo:1 + hi, 1 + lo:1 + hi] = t.T @ (sv[:, None] * t) + np.diag(pen[lo:hi])
            for g, t2, lo2, hi2 in zip(facts[i + 1:], ts[i + 1:], starts[i + 1:-1],
                                       starts[i + 2:], strict=True):
                width = g.size + 1
                cross = np.bincount(f.code * width + g.code, weights=v,
                                    minlength=(f.size + 1) * width).reshape(f.size + 1, width)
                block = t.T @ cross @ t2
                hess[1 + lo:1 + hi, 1 + lo2:1 + hi2] = block
                hess[1 + lo2:1 + hi2, 1 + lo:1 + hi] = block.T
        step = np.linalg.solve(hess + 1e-10 * np.eye(k + 1), grad)
        t_ = 1.0
        while True:
            cw, cb = w - t_ * step[1:], b - t_ * step[0]
            value, cz = objective(cw, cb)
            if value <= current + 1e-12 or t_ < 1e-6:
                break
            t_ *= 0.5
        w, b, z = cw, cb, cz
        done = current - value < tol * max(1.0, abs(current))
        current = value
        if done and float(np.max(np.abs(t_ * step))) < 1e-5:
            break
    return w, float(b), iterations


# --- reasons in words ---------------------------------------------------------------------
_SOURCE_TYPES = {"inbound": ("인바운드", "inbound"), "outbound": ("아웃바운드", "outbound")}
_FIXED = {
    ("budget", "confirmed"): ("예산 확보", "budget confirmed"),
    ("budget", "amount"): ("예산 미확정", "budget not confirmed"),
    ("budget", "none"): ("예산 정보 없음", "no budget"),
    ("decision_maker", "yes"): ("결정권자 확인", "decision maker identified"),
    ("decision_maker", "no"): ("결정권자 미확인", "no decision maker"),
    ("need_level", "high"): ("니즈 수준 높음", "high need"),
    ("need_level", "medium"): ("니즈 수준 보통", "medium need"),
    ("need_level", "low"): ("니즈 수준 낮음", "low need"),
    ("need_level", "none"): ("니즈 수준 미입력", "need level not recorded"),
    ("decision_date", "yes"): ("결정 예정일 있음", "decision date set"),
    ("decision_date", "no"): ("결정 예정일 없음", "no decision date"),
}
_BANDS = {
    "days_in_stage": (("현 단계 7일 이내", "≤7 days in stage"),
                      ("현 단계 8–30일", "8–30 days in stage"),
                      ("현 단계 31–90일", "31–90 days in stage"),
                      ("현 단계 90일 초과", "over 90 days in stage")),
    "size": (("거래 금액 하위 25%", "deal size in the bottom quarter"),
             ("거래 금액 25–50%", "deal size in the second quarter"),
             ("거래 금액 50–75%", "deal size in the third quarter"),
             ("거래 금액 상위 25%", "deal size in the top quarter")),
    "activities": (("활동 없음", "no activities"), ("활동 1–2건", "1–2 activities"),
                   ("활동 3–5건", "3–5 activities"), ("활동 6건 이상", "6+ activities")),
    "objections": (("이의 없음", "no objections"), ("이의 1건", "1 objection"),
                   ("이의 2건 이상", "2+ objections")),
    "unresolved": (("미해결 이의 없음", "no unresolved objections"),
                   ("미해결 이의 1건", "1 unresolved objection"),
                   ("미해결 이의 2건 이상", "2+ unresolved objections")),
}
_BAND_EDGES = {"days_in_stage": DAY_BANDS, "activities": ACTIVITY_BANDS,
               "objections": OBJECTION_BANDS, "unresolved": OBJECTION_BANDS}


def fact_name(reason: str, rec: dict[str, Any], model: Model, cfg: Config, lang: str) -> str:
    """A reason's words for one row (`rec`: a snapshot row as a dict), in `lang`.

    Example:
        >>> fact_name("decision_maker", {"decision_maker": "no"}, model, cfg, "ko")  # doctest: +SKIP
        '결정권자 미확인'
    """
    ko = lang == "ko"
    if reason == "source":
        kind = _SOURCE_TYPES.get(rec.get("source_type") or "")
        source = _text(rec.get("source"))
        if kind and source:
            return f"{kind[0]} 유입({source})" if ko else f"{kind[1]} source ({source})"
        if kind:
            return f"{kind[0]} 유입" if ko else f"{kind[1]} source"
        return f"{source} 유입" if ko else f"source {source}"
    if reason == "stage":
        try:
            label = cfg.stage(str(rec.get("stage"))).label(lang)
        except KeyError:
            label = str(rec.get("stage"))
        return f"{label} 단계" if ko else f"{label} stage"
    if reason == "tier":
        return f"{rec.get('tier')}등급 고객" if ko else f"tier {rec.get('tier')}"
    if reason == "industry":
        return f"{_text(rec.get('industry'))} 업종" if ko else f"{_text(rec.get('industry'))} industry"
    if reason == "region":
        return f"{_text(rec.get('region'))} 지역" if ko else f"{_text(rec.get('region'))} region"
    if reason in _BANDS:
        if reason == "size":
            band = _band(rec.get("amount"), model.size_edges) if model.size_edges else None
        else:
            band = _band(rec.get(reason), _BAND_EDGES[reason])
        words = _BANDS[reason][band if band is not None else 0]
        return words[0] if ko else words[1]
    words = _FIXED.get((reason, str(rec.get(reason))), (reason, reason))
    return words[0] if ko else words[1]


# --- honesty: AUC, Brier, calibration -----------------------------------------------------
def auc(y: Iterable[float], p: Iterable[float]) -> float:
    """Area under the ROC curve: the chance a won deal is ranked above a lost one (ties 1/2).

    Example:
        >>> auc([1, 0, 1, 0], [0.9, 0.1, 0.4, 0.4])
        0.875
    """
    yy = np.asarray(list(y), dtype=float)
    pp = np.asarray(list(p), dtype=float)
    pos, neg = int((yy == 1).sum()), int((yy == 0).sum())
    if not pos or not neg:
        return math.nan
    ranks = _average_ranks(pp)
    return float((ranks[yy == 1].sum() - pos * (pos + 1) / 2) / (pos * neg))


def _average_ranks(values: np.ndarray) -> np.ndarray:
    order = np.argsort(values, kind="mergesort")
    sorted_v = values[order]
    ranks = np.empty(len(values))
    i = 0
    while i < len(values):
        j = i
        while j + 1 < len(values) and sorted_v[j + 1] == sorted_v[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def brier(y: Iterable[float], p: Iterable[float]) -> float:
    """Mean squared difference between the probability and the outcome (lower is better).

    Example:
        >>> brier([1, 0], [0.8, 0.4])
        0.1
    """
    yy = np.asarray(list(y), dtype=float)
    pp = np.asarray(list(p), dtype=float)
    return float(np.mean((pp - yy) ** 2)) if len(yy) else math.nan


@dataclass(frozen=True)
class CalibrationRow:
    """Deals whose predicted probability fell in [low, high): how many, predicted vs won."""

    low: float
    high: float
    n: int
    predicted: float  # mean predicted probability (NaN when n is 0)
    actual: float  # share won (NaN when n is 0)


def calibration(y: Iterable[float], p: Iterable[float], bins: int = 10) -> list[CalibrationRow]:
    """Calibration by tenths of predicted probability (0–10 %, …, 90–100 %).

    Example:
        >>> [(r.n, r.actual) for r in calibration([1, 0, 1], [0.05, 0.07, 0.95]) if r.n]
        [(2, 0.5), (1, 1.0)]
    """
    yy = np.asarray(list(y), dtype=float)
    pp = np.asarray(list(p), dtype=float)
    which = np.minimum((pp * bins).astype(int), bins - 1)
    rows = []
    for b in range(bins):
        m = which == b
        n = int(m.sum())
        rows.append(CalibrationRow(b / bins, (b + 1) / bins, n,
                                   float(pp[m].mean()) if n else math.nan,
                                   float(yy[m].mean()) if n else math.nan))
    return rows


@dataclass(frozen=True)
class Metrics:
    """How well one set of probabilities scored the test deals."""

    rows: int
    deals: int
    auc: float
    brier: float
    calibration: tuple[CalibrationRow, ...]


def metrics(y: np.ndarray, p: np.ndarray, deals: int) -> Metrics:
    return Metrics(len(y), deals, auc(y, p), brier(y, p), tuple(calibration(y, p)))


@dataclass(frozen=True)
class BackTest:
    """A time-ordered back-test: trained on deals closed by `cutoff`, scored on later ones.

    ``at_close`` scores each test deal as it stood when it closed (the stage it closed from);
    ``every_stage`` as it stood when it left each stage it went through, the way an open
    lead is scored. Each holds ``learned`` and ``stage`` (the Config stage probabilities)
    `Metrics`.
    """

    cutoff: dt.date
    train_won: int
    train_lost: int
    test_won: int
    test_lost: int
    at_close: dict[str, Metrics] = field(default_factory=dict)
    every_stage: dict[str, Metrics] = field(default_factory=dict)
    refusal: dict[str, str] | None = None


def default_cutoff(closed: pd.DataFrame, share: float = CUTOFF_SHARE) -> dt.date | None:
    """The date by which `share` of the dated closed deals had closed."""
    days = sorted(int(d) for d in closed.loc[closed["final"].astype(bool), "close"].dropna())
    if not days:
        return None
    k = max(math.ceil(share * len(days)) - 1, 0)
    return dt.date.fromordinal(days[k])


def backtest(closed: pd.DataFrame, cfg: Config, cutoff: dt.date | None = None, *,
             l2: float = L2) -> BackTest:
    """Train on deals closed on or before `cutoff`, score the deals closed after it.

    Args:
        closed: dated closed-deal snapshots (from `snapshots`).
        cfg: the Config, for the stage-default probabilities.
        cutoff: the last close date of the training deals (default `default_cutoff`).
    """
    cutoff = cutoff or default_cutoff(closed) or dt.date.min
    day = cutoff.toordinal()
    close = closed["close"].to_numpy(dtype=float)
    train, test = closed[close <= day], closed[close > day]
    final_tr = train[train["final"].astype(bool)]
    final_te = test[test["final"].astype(bool)]
    tw, tl = int((final_tr["y"] == 1).sum()), int((final_tr["y"] == 0).sum())
    sw, sl = int((final_te["y"] == 1).sum()), int((final_te["y"] == 0).sum())
    bt = BackTest(cutoff, tw, tl, sw, sl)
    if tw < MIN_WON or tl < MIN_LOST or not sw or not sl:
        return BackTest(cutoff, tw, tl, sw, sl, refusal=_backtest_refusal(cutoff, tw, tl, sw, sl))
    model = fit(train, l2=l2)
    learned = model.predict(test)
    by_stage = {s.key: s.probability for s in cfg.stages}
    stage = np.array([by_stage.get(s, model.base_rate) if isinstance(s, str) else model.base_rate
                      for s in test["stage"]], dtype=float)
    y = test["y"].to_numpy(dtype=float)
    last = test["final"].to_numpy(dtype=bool)
    n_deals = len(final_te)
    bt.at_close.update(learned=metrics(y[last], learned[last], n_deals),
                       stage=metrics(y[last], stage[last], n_deals))
    bt.every_stage.update(learned=metrics(y, learned, n_deals),
                          stage=metrics(y, stage, n_deals))
    return bt


def _backtest_refusal(cutoff: dt.date, tw: int, tl: int, sw: int, sl: int) -> dict[str, str]:
    return {
        "ko": (f"백테스트를 하지 않았습니다: {cutoff} 이전 종료 거래가 수주 {tw}건, 실주 {tl}건"
               f"(최소 각 {MIN_WON}건, {MIN_LOST}건 필요), 이후 종료 거래가 수주 {sw}건, "
               f"실주 {sl}건(각 1건 이상 필요)입니다."),
        "en": (f"No back-test: {tw} won and {tl} lost deals closed by {cutoff} (at least "
               f"{MIN_WON} and {MIN_LOST} needed to train) and {sw} won and {sl} lost after it "
               "(at least one of each needed to score)."),
    }


# --- the whole thing ----------------------------------------------------------------------
@dataclass
class Scoring:
    """What `score_frame` found: results per lead, or why there are none."""

    results: pd.DataFrame | None  # OUTPUTS per Leads row (None for leads that are not open)
    won: int  # dated closed deals the model learned from
    lost: int
    on_hold: int
    undated: int  # closed deals left out: no History closing move and no stage date
    open: int  # open leads scored (0 when refused)
    model: Model | None = None
    backtest: BackTest | None = None
    refusal: dict[str, str] | None = None  # {"ko": ..., "en": ...} when nothing was scored

    @property
    def base_rate(self) -> float | None:
        return self.model.base_rate if self.model is not None else None

    def message(self, lang: str) -> str | None:
        """Why nothing was scored, in `lang` (None when scored)."""
        if self.refusal is None:
            return None
        return self.refusal["ko" if lang == "ko" else "en"]


def refusal(won: int, lost: int, undated: int = 0) -> dict[str, str]:
    """The message given when there are too few closed deals, in Korean and English.

    Example:
        >>> refusal(12, 40)["ko"].split(": ")[1].split("(")[0]
        '종료된 거래가 수주 12건, 실주 40건뿐입니다'
    """
    ko_undated = (f" 종료 날짜를 알 수 없는 거래 {undated}건은 제외했습니다(이력 시트의 단계 변경이나 "
                  "단계 변경일이 필요합니다)." if undated else "")
    en_undated = (f" {undated} closed deal(s) without a close date were left out (they need a "
                  "History row or a stage date)." if undated else "")
    return {
        "ko": (f"예측 수주 확률을 계산하지 않았습니다: 종료된 거래가 수주 {won}건, 실주 {lost}건뿐입니다"
               f"(최소 수주 {MIN_WON}건, 실주 {MIN_LOST}건 필요).{ko_undated} 아무것도 쓰지 "
               "않았습니다."),
        "en": (f"Learned win probability not computed: the workbook has {won} won and {lost} "
               f"lost closed deals; at least {MIN_WON} won and {MIN_LOST} lost are needed."
               f"{en_undated} Nothing was written."),
    }


def score_frame(leads: pd.DataFrame, cfg: Config, today: dt.date, *,
                activities: pd.DataFrame | None = None, objections: pd.DataFrame | None = None,
                history: pd.DataFrame | None = None, lang: str = "ko",
                cutoff: dt.date | None = None, with_backtest: bool = True,
                l2: float = L2, block: int = _SCORE_ROWS) -> Scoring:
    """Learn from the closed deals of `leads` and score every open lead.

    Args:
        leads: canonical Leads values (`LEAD_INPUTS`), index = worksheet rows.
        cfg: the Config (stage types and probabilities).
        today: the day open leads are scored on.
        activities, objections, history: canonical values of the linked tables, or None.
        lang: language of the reasons (``ko`` or ``en``).
        cutoff: last close date of the back-test's training deals (default: 70 % closed).
        with_backtest: also run `backtest`.
        block: open leads scored at a time (memory; the results do not depend on it).

    Returns:
        A `Scoring`: ``results`` (``win_probability`` rounded to whole percents and
        ``win_reasons`` for open leads, None elsewhere; None altogether when refused), the
        counts, the model, the back-test, or the ``refusal`` in ko and en.

    Example:
        >>> s = score_frame(leads, cfg, dt.date(2026, 12, 7), history=history)  # doctest: +SKIP
        >>> s.results.loc[s.results["win_probability"].notna()].head(1)  # doctest: +SKIP
    """
    scorer = Scorer(cfg, today, activities=activities, objections=objections,
                    history=history, lang=lang, l2=l2, block=block)
    scorer.learn(leads)
    if not scorer.fit():
        return scorer.scoring(None)
    results = scorer.score(leads)
    return scorer.scoring(results, with_backtest=with_backtest, cutoff=cutoff)


class Scorer:
    """`score_frame` a part of the Leads at a time, in two passes: `learn` every part (its
    closed deals are kept), `fit`, then `score` every part. A million leads are never held
    at once; the model, the results and the counts are those of `score_frame` on the whole.

    Example:
        >>> scorer = Scorer(cfg, today, history=history)  # doctest: +SKIP
        >>> for part in parts: scorer.learn(part)  # doctest: +SKIP
        >>> if scorer.fit(): results = [scorer.score(part) for part in parts]  # doctest: +SKIP
    """

    def __init__(self, cfg: Config, today: dt.date, *,
                 activities: pd.DataFrame | None = None,
                 objections: pd.DataFrame | None = None,
                 history: pd.DataFrame | None = None, lang: str = "ko", l2: float = L2,
                 block: int = _SCORE_ROWS):
        self.cfg, self.today, self.lang, self.l2, self.block = cfg, today, lang, l2, block
        self._linked = _link(activities, objections, history, cfg)
        self._closed: list[pd.DataFrame] = []
        self.on_hold = self.won = self.lost = self.undated = self.open = 0
        self.dated: pd.DataFrame | None = None
        self.model: Model | None = None
        self.refusal: dict[str, str] | None = None

    def learn(self, leads: pd.DataFrame) -> None:
        """Keep the closed deals' snapshots of this part of the Leads."""
        closed, kinds = _snapshots_of(leads, self.cfg, self.today, self._linked, "closed")
        self.on_hold += sum(k == "on_hold" for k in kinds)
        self._closed.append(closed)

    def fit(self) -> bool:
        """Fit the model on every part learnt; False (and `refusal`) when there are too few
        closed deals."""
        parts = [p for p in self._closed if len(p)] or self._closed[:1]
        closed = parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)
        self._closed.clear()
        final = closed[closed["final"].astype(bool)]
        dated_final = final[final["close"].notna()]
        self.undated = len(final) - len(dated_final)
        self.won = int((dated_final["y"] == 1.0).sum())
        self.lost = int((dated_final["y"] == 0.0).sum())
        if self.won < MIN_WON or self.lost < MIN_LOST:
            self.refusal = refusal(self.won, self.lost, self.undated)
            return False
        self.dated = closed[closed["close"].notna()]
        self.model = fit(self.dated, l2=self.l2)
        return True

    def score(self, leads: pd.DataFrame) -> pd.DataFrame:
        """`OUTPUTS` for this part of the Leads (None for the leads that are not open)."""
        if self.model is None:
            raise RuntimeError("Scorer.score before a successful fit")
        model = self.model
        open_snaps, _ = _snapshots_of(leads, self.cfg, self.today, self._linked, "open")
        open_snaps = open_snaps.reset_index(drop=True)
        # a block of open leads at a time: each one's design matrix is a block's, not a
        # million rows' (every row's probability and reasons are its own)
        p = np.empty(len(open_snaps))
        reasons: list[str | None] = []
        for start in range(0, len(open_snaps), self.block):
            part = open_snaps.iloc[start:start + self.block]
            p[start:start + len(part)] = model.predict(part)
            reasons += model.reasons(part, self.cfg, self.lang)
        results = pd.DataFrame({"win_probability": pd.Series([None] * len(leads), dtype=object),
                                "win_reasons": pd.Series([None] * len(leads), dtype=object)})
        results.index = leads.index
        rows = open_snaps["row"].tolist()
        results.loc[rows, "win_probability"] = [round(float(v), 2) for v in p]
        results.loc[rows, "win_reasons"] = reasons
        self.open += len(open_snaps)
        return results

    def scoring(self, results: pd.DataFrame | None, *, with_backtest: bool = False,
                cutoff: dt.date | None = None) -> Scoring:
        """What was found, as `score_frame` returns it (`results`: every part's, joined, or
        None when the caller wrote them part by part)."""
        if self.model is None:
            return Scoring(None, self.won, self.lost, self.on_hold, self.undated, 0,
                           refusal=self.refusal)
        assert self.dated is not None
        bt = backtest(self.dated, self.cfg, cutoff, l2=self.l2) if with_backtest else None
        return Scoring(results, self.won, self.lost, self.on_hold, self.undated, self.open,
                       self.model, bt)


def weighted_amounts(leads: pd.DataFrame, cfg: Config) -> pd.Series:
    """Deal amount × probability per lead, with the probability `cfg.forecast_probability` picks.

    ``learned``: the lead's ``win_probability`` where it has one; otherwise (and with
    ``stage``) the rep's own ``probability``, else the stage's. Won deals count in full and
    lost ones not at all (NaN), like the Summary's forecast (`salesxl.core.summary.derive`).

    Example:
        >>> from salesxl.core.config import Config
        >>> leads = pd.DataFrame({"stage": ["proposal", "proposal"], "deal_amount": [1e6, 2e6],
        ...                       "probability": [None, 0.5], "win_probability": [0.2, None]})
        >>> weighted_amounts(leads, Config.default()).tolist()
        [750000.0, 1000000.0]
        >>> cfg = Config.default().model_copy(update={"forecast_probability": "learned"})
        >>> weighted_amounts(leads, cfg).tolist()
        [200000.0, 1000000.0]
    """
    stages, kinds = _kinds(leads, cfg)
    by_stage = {s.key: s.probability for s in cfg.stages}
    own = floats(column(leads, "probability"))
    learned = floats(column(leads, "win_probability"))
    use_learned = cfg.forecast_probability == "learned"
    prob = np.full(len(leads), np.nan)
    for i, (stage, kind) in enumerate(zip(stages, kinds, strict=True)):
        if kind == "won":
            prob[i] = 1.0
        elif kind == "lost":
            continue
        elif use_learned and kind != "on_hold" and not np.isnan(learned[i]):
            prob[i] = learned[i]
        elif not np.isnan(own[i]):
            prob[i] = own[i]
        elif stage is not None:
            prob[i] = by_stage[stage]
    amount = floats(column(leads, "deal_amount"))
    return pd.Series(amount * prob, index=leads.index, name="weighted_amount")
