"""The per-lead facts every Summary table starts from, derived once from canonical values.

`prepare` turns a Leads DataFrame of canonical values (as `salesxl.io.read` parses them) into
one row per lead with: the rep's name, the stage key and its type, the deal amount, the
effective probability, the expected close month, the effective BANT status and the effective
follow-up status. The rules decide where the workbook has no stored result or a stale one:

- **BANT**: a stored ``bant_status`` is kept unless it contradicts the row's budget, authority
  or need inputs as they are now (timing is left alone: a decision date passing does not
  un-qualify a lead after the fact); a missing, invalid or contradicted status is computed by
  `salesxl.core.rules.bant.bant` for ``today``.
- **Follow-up**: a stored ``next_follow_up_on`` gives the status against ``today`` (before:
  overdue, today: due, after: scheduled) unless the lead was contacted on or after it (the
  follow-up happened); else a stored ``follow_up_status``; else
  `salesxl.core.rules.followups.follow_ups` computes it. Won and lost deals have none: a won
  deal's customer carries the follow-up (the Customers sheet's next touch).
- **Probability**: won deals count 100 %, lost ones are excluded (NaN); otherwise the lead's own
  probability (0 % is a value) and else its stage's.

Example:
    >>> import datetime as dt
    >>> from salesxl.core.config import Config
    >>> leads = pd.DataFrame({"rep": ["Kim", None], "stage": ["proposal", "lost"],
    ...                       "deal_amount": [1e6, 2e6], "probability": [0.0, None]})
    >>> p = prepare(leads, Config.default(), dt.date(2026, 11, 27))
    >>> p[["rep", "stage", "kind", "prob"]].values.tolist()
    [['Kim', 'proposal', 'open', 0.0], ['(none)', 'lost', 'lost', nan]]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import numpy as np
import pandas as pd

from salesxl.core.config import Config
from salesxl.core.rules.bant import bant, criteria
from salesxl.core.rules.businessdays import to_days
from salesxl.core.rules.columns import column, floats
from salesxl.core.rules.followups import follow_ups, last_activity

TOTAL = "Total"
"""Label of the total row of every table (the sheet shows it as Total / 합계)."""
TEAM = "Team"
"""Label of the whole team's block when a table is split by rep."""
NONE = "(none)"
"""Label of a blank rep, source, technique or category."""
NO_DATE = "(no date)"
"""Forecast row of deals without an expected close date."""

LEAD_KEYS = (
    "lead_id", "rep", "company", "source", "source_type", "stage", "outcome", "stage_updated_on",
    "created_on", "deal_amount", "probability", "expected_close_on", "closing_technique",
    "budget_amount", "budget_confirmed", "is_decision_maker", "decision_maker", "need",
    "need_level", "decision_date", "bant_status", "bant_missing", "tier", "last_contact_on",
    "next_follow_up_on", "follow_up_status", "resume_on", "lost_reason", "industry", "region",
    "contact_name", "email", "phone", "customer_id", "referred_by", "win_probability",
)
"""The Leads columns the Summary reads."""
BANT_KEYS = ("qualified", "partial", "unqualified")
FOLLOW_UP_KEYS = ("overdue", "due", "scheduled", "none")


def lead_key(values: pd.Series) -> pd.Series:
    """Lead IDs folded for matching across tables (strip, casefold); None stays None.

    Example:
        >>> lead_key(pd.Series([" L-1 ", None])).tolist()
        ['l-1', None]
    """
    keys = [None if v is None or v != v else str(v).strip().casefold() for v in values]
    return pd.Series(keys, index=values.index, dtype=object)


def labels(values: pd.Series) -> pd.Series:
    """Text labels with blanks as `NONE` (for grouping by rep, source, technique...)."""
    def one(v: object) -> str:
        if v is None or (isinstance(v, float) and v != v):
            return NONE
        text = str(v).strip()
        return text or NONE
    return pd.Series([one(v) for v in values], index=values.index, dtype=object)


def stages_of(leads: pd.DataFrame, cfg: Config) -> tuple[pd.Series, pd.Series]:
    """Each lead's stage key (its outcome when the stage is blank) and that stage's type."""
    stage = column(leads, "stage").copy()
    outcome = column(leads, "outcome")
    blank = stage.isna()
    stage[blank] = outcome[blank]
    types = {s.key: s.type for s in cfg.stages}
    kind = stage.map(lambda k: types.get(k) if isinstance(k, str) else None)
    stage = stage.map(lambda k: k if isinstance(k, str) and k in types else None)
    return stage.astype(object), kind.astype(object)


def effective_probability(stage: pd.Series, kind: pd.Series, own: pd.Series,
                          cfg: Config) -> np.ndarray:
    """Won 1.0, lost NaN, else the lead's own probability (0 is a value), else the stage's.

    Example:
        >>> from salesxl.core.config import Config
        >>> s = pd.Series(["won", "lost", "proposal", "proposal", None])
        >>> k = pd.Series(["won", "lost", "open", "open", None])
        >>> effective_probability(s, k, pd.Series([0.2, 0.9, 0.0, None, None]),
        ...                       Config.default()).tolist()
        [1.0, nan, 0.0, 0.75, nan]
    """
    by_stage = {s.key: s.probability for s in cfg.stages}
    own_f = floats(own)
    stage_p = np.array([by_stage.get(k, np.nan) if isinstance(k, str) else np.nan
                        for k in stage], dtype=np.float64)
    prob = np.where(np.isnan(own_f), stage_p, own_f)
    k = kind.to_numpy(dtype=object)
    prob = np.where(k == "won", 1.0, prob)
    return np.where(k == "lost", np.nan, prob)


def close_month(values: pd.Series) -> pd.Series:
    """``YYYY-MM`` of each date, None where there is none."""
    return values.map(lambda d: f"{d.year:04d}-{d.month:02d}" if isinstance(d, dt.date)
                      else None).astype(object)


def _bant_letters(text: object) -> set[str] | None:
    if not isinstance(text, str):
        return None
    return {p.strip().upper() for p in text.split(",") if p.strip()}


def effective_bant(leads: pd.DataFrame, cfg: Config, today: dt.date,
                   invalid: Mapping[str, np.ndarray] | None = None) -> pd.Series:
    """BANT status per lead: the stored one unless missing or stale, else the rules' result.

    Example:
        >>> from salesxl.core.config import Config
        >>> f = pd.DataFrame({"bant_status": ["qualified", "qualified", None],
        ...                   "bant_missing": ["T", None, None],
        ...                   "budget_amount": [5e6, None, 5e6], "need": ["ERP", None, None]})
        >>> effective_bant(f, Config.default(), dt.date(2026, 11, 27)).tolist()
        ['partial', 'unqualified', 'partial']
    """
    computed = bant(leads, cfg, today, invalid)["bant_status"]
    met = criteria(leads, cfg, today)
    stored = column(leads, "bant_status")
    missing = column(leads, "bant_missing")
    out = computed.copy()
    for i, (status, letters) in enumerate(zip(stored, missing, strict=True)):
        if status not in BANT_KEYS:
            continue
        b, a, n = bool(met["B"].iat[i]), bool(met["A"].iat[i]), bool(met["N"].iat[i])
        said = _bant_letters(letters)
        if said is not None:
            stale = any((x in said) == now for x, now in (("B", b), ("A", a), ("N", n)))
        else:
            stale = (status == "qualified" and not (b and a and n)) or (
                status == "unqualified" and (b or a or n))
        if not stale:
            out.iat[i] = status
    return out.astype(object)


def effective_follow_up(leads: pd.DataFrame, kind: pd.Series, cfg: Config, today: dt.date,
                        activities: pd.DataFrame | None = None) -> pd.Series:
    """Follow-up status per lead (overdue, due, scheduled, none), as described above.

    Example:
        >>> from salesxl.core.config import Config
        >>> day = dt.date(2026, 11, 27)
        >>> f = pd.DataFrame({"next_follow_up_on": [dt.date(2026, 11, 20), day, None],
        ...                   "follow_up_status": ["scheduled", None, "overdue"]})
        >>> k = pd.Series(["open", "open", "open"])
        >>> effective_follow_up(f, k, Config.default(), day).tolist()
        ['overdue', 'due', 'overdue']
    """
    n = len(leads)
    when = to_days(column(leads, "next_follow_up_on"))
    act = last_activity(column(leads, "lead_id"), activities) if activities is not None else None
    contact = to_days(column(leads, "last_contact_on"))
    if act is not None:
        act_days = to_days(act)
        contact = np.where(np.isnat(contact) | (act_days > contact), act_days, contact)
    done = ~np.isnat(when) & ~np.isnat(contact) & (contact >= when)
    now = np.datetime64(today, "D")
    from_date = np.where(when < now, "overdue", np.where(when == now, "due", "scheduled"))
    stored = column(leads, "follow_up_status").to_numpy(dtype=object)
    use_date = ~np.isnat(when) & ~done
    use_stored = ~use_date & ~done & np.isin(stored, FOLLOW_UP_KEYS)
    out = np.where(use_date, from_date, np.where(use_stored, stored, None)).astype(object)
    need = np.array([v is None for v in out], dtype=bool)
    if need.any():
        rows = leads[need]
        acts = act[need] if act is not None else None
        out[need] = follow_ups(rows, cfg, today, acts)["follow_up_status"].to_numpy(dtype=object)
    out[np.isin(kind.to_numpy(dtype=object), ["lost", "won"])] = "none"
    return pd.Series(out, index=leads.index, dtype=object, name="follow_up") if n else \
        pd.Series([], index=leads.index, dtype=object, name="follow_up")


def prepare(leads: pd.DataFrame, cfg: Config, today: dt.date, *,
            activities: pd.DataFrame | None = None,
            invalid: Mapping[str, np.ndarray] | None = None) -> pd.DataFrame:
    """One row per lead with the facts the Summary tables group and add up.

    Args:
        leads: canonical Leads values (missing columns count as blank).
        cfg: the Config (stages, probabilities, BANT rules, tiers, calendar).
        today: the day overdue, stale and timing are measured against.
        activities: canonical Activities values (``lead_id``, ``date``), for follow-ups.
        invalid: per column, True where a cell could not be read (BANT says ``invalid``).

    Returns:
        A DataFrame with the index of ``leads`` and columns lead_id, lead_key, rep, company,
        stage, kind, amount, prob, month, source, source_type, technique, bant, follow_up,
        stage_updated_on, created_on.
    """
    stage, kind = stages_of(leads, cfg)
    out = pd.DataFrame({
        "lead_id": column(leads, "lead_id"),
        "lead_key": lead_key(column(leads, "lead_id")),
        "rep": labels(column(leads, "rep")),
        "company": column(leads, "company"),
        "stage": stage,
        "kind": kind,
        "amount": floats(column(leads, "deal_amount")),
        "prob": effective_probability(stage, kind, column(leads, "probability"), cfg),
        "month": close_month(column(leads, "expected_close_on")),
        "source": labels(column(leads, "source")),
        "source_type": labels(column(leads, "source_type")),
        "technique": labels(column(leads, "closing_technique")),
        "bant": effective_bant(leads, cfg, today, invalid),
        "follow_up": effective_follow_up(leads, kind, cfg, today, activities),
        "stage_updated_on": column(leads, "stage_updated_on"),
        "created_on": column(leads, "created_on"),
    }, index=leads.index)
    return out
