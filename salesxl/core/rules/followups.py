"""Follow-up dates by customer tier, on the team's business days, over whole columns.

For every lead: the last contact (``last_contact_on``, else the newest Activities date, else
``stage_updated_on``, else ``created_on``) plus the tier's cadence times the stage's follow-up
factor (closing: half), rounded to whole days (halves up, at least 1), moved forward to the
next business day (`salesxl.core.rules.businessdays`). That date is kept even when it has
passed — how late a follow-up is, is the information the column exists for — and is then
``overdue``; today's is ``due``; a later one ``scheduled``. On-hold leads get their
``resume_on`` date; lost leads, leads without a tier and leads without any date get none
(status ``none``, no date, no channel). A won (or upgraded) deal gets none on its own row
either: the follow-up continues on its customer's row of the Customers sheet, on the same
rules (`salesxl.core.rules.customers`: the tier's cadence after the last purchase or contact),
so a customer with three deals is called once, not three times. A lead whose Stage is blank
is in the stage its Outcome names (as the summary reads it).

Example:
    >>> import datetime as dt
    >>> from salesxl.core.config import Config
    >>> next_follow_up(dt.date(2026, 9, 17), "A", "proposal", Config.default(),
    ...                dt.date(2026, 9, 1))  # +7 days = 추석 (Thu 24), then Fri, Sat, Sun
    FollowUp(date=datetime.date(2026, 9, 28), channel='visit', status='scheduled')
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from salesxl.core.config import Config
from salesxl.core.rules.businessdays import DAY, NAT, roll_forward, to_days
from salesxl.core.rules.columns import column, link_key
from salesxl.core.vocab import CHANNELS

OUTPUTS = ("next_follow_up_on", "follow_up_channel", "follow_up_status")


@dataclass(frozen=True)
class FollowUp:
    """The next follow-up of one lead."""

    date: dt.date | None
    channel: str | None  # a channel key (visit, call, email...) or the Config's own text
    status: str  # overdue | due | scheduled | none


def cadence_days(cadence: int, factor: float) -> int:
    """Days between follow-ups: cadence x stage factor, nearest whole day (halves up), >= 1.

    Example:
        >>> cadence_days(7, 0.5), cadence_days(14, 0.5), cadence_days(30, 1.0)
        (4, 7, 30)
    """
    return max(1, math.floor(cadence * factor + 0.5))


def channel_key(text: str) -> str:
    """The channel key a Config tier's channel means ('전화' -> 'call'); unknown text as is."""
    return CHANNELS.resolve(text) or text


def last_activity(lead_ids: pd.Series, activities: pd.DataFrame | None) -> pd.Series:
    """The newest Activities date of each lead (aligned to `lead_ids`), None when it has none.

    Example:
        >>> acts = pd.DataFrame({"lead_id": ["A", "A", "B"],
        ...                      "date": [dt.date(2026, 1, 5), dt.date(2026, 2, 1), None]})
        >>> last_activity(pd.Series(["A", "B", "C"]), acts).tolist()
        [datetime.date(2026, 2, 1), None, None]
    """
    if activities is None or not len(activities) or not len(lead_ids):
        return pd.Series([None] * len(lead_ids), index=lead_ids.index, dtype=object,
                         name="last_activity_on")
    codes, uniques = pd.factorize(column(activities, "lead_id").to_numpy(dtype=object))
    order: dict[str, int] = {}
    key_of_unique = np.array([order.setdefault(k, len(order)) if (k := link_key(u)) is not None
                              else -1 for u in uniques], dtype=np.int64)
    days = to_days(column(activities, "date"))
    ok = (codes >= 0) & ~np.isnat(days)
    ok[ok] = key_of_unique[codes[ok]] >= 0
    newest = pd.Series(days[ok].view(np.int64)).groupby(key_of_unique[codes[ok]]).max()
    by_key = dict(zip(newest.index.tolist(),
                      newest.to_numpy().astype(DAY).astype(object).tolist(), strict=True))
    out = [None if (k := link_key(v)) is None else by_key.get(order.get(k, -1))
           for v in lead_ids]
    return pd.Series(out, index=lead_ids.index, dtype=object, name="last_activity_on")


def _first(*arrays: np.ndarray) -> np.ndarray:
    out = arrays[0].copy()
    for arr in arrays[1:]:
        gap = np.isnat(out)
        out[gap] = arr[gap]
    return out


def follow_ups(leads: pd.DataFrame, cfg: Config, today: dt.date,
               last_activity_on: pd.Series | None = None) -> pd.DataFrame:
    """Next follow-up date, channel and status for every lead.

    Args:
        leads: canonical values: tier (the tier's name, e.g. 'A'), stage (key; when blank,
            outcome), last_contact_on, stage_updated_on, created_on, resume_on (dates).
        cfg: tiers (cadence, channel), stage follow-up factors, the business-day calendar.
        today: the day overdue is measured against.
        last_activity_on: each lead's newest Activities date (see `last_activity`).

    Returns:
        A DataFrame with the index of `leads` and columns next_follow_up_on (date or None),
        follow_up_channel (key or None) and follow_up_status (key).

    Example:
        >>> leads = pd.DataFrame({"tier": ["B", "C", None], "stage": ["proposal", "lost", None],
        ...                       "last_contact_on": [dt.date(2026, 11, 2)] * 3})
        >>> follow_ups(leads, Config.default(), dt.date(2026, 11, 27)).to_dict("list")
        {'next_follow_up_on': [datetime.date(2026, 11, 16), None, None], 'follow_up_channel': ['call', None, None], 'follow_up_status': ['overdue', 'none', 'none']}
    """
    n = len(leads)
    tiers = {t.tier.strip().casefold(): t for t in cfg.tiers}
    stages = {s.key: s for s in cfg.stages}
    days = np.zeros(n, dtype=np.int64)
    channel = np.full(n, None, dtype=object)
    kind = np.full(n, "open", dtype=object)
    for i, (tier_name, stage_key, outcome) in enumerate(zip(
            column(leads, "tier"), column(leads, "stage"), column(leads, "outcome"), strict=True)):
        if not isinstance(stage_key, str):
            stage_key = outcome  # a blank Stage: the Outcome says where the lead is (as summary)
        tier = tiers.get(str(tier_name).strip().casefold()) if tier_name is not None else None
        stage = stages.get(stage_key) if isinstance(stage_key, str) else None
        if stage is not None and stage.type in ("lost", "on_hold", "won"):
            kind[i] = stage.type
        if tier is None:
            kind[i] = "no_tier" if kind[i] == "open" else kind[i]
            continue
        channel[i] = channel_key(tier.channel)
        days[i] = cadence_days(tier.cadence_days, stage.follow_up_factor if stage else 1.0)
    activity = (to_days(last_activity_on) if last_activity_on is not None
                else np.full(n, NAT, dtype=DAY))
    base = _first(to_days(column(leads, "last_contact_on")), activity,
                  to_days(column(leads, "stage_updated_on")), to_days(column(leads, "created_on")))
    target = base + days.astype("timedelta64[D]")
    on_hold = kind == "on_hold"
    target[on_hold] = to_days(column(leads, "resume_on"))[on_hold]
    target[(kind == "lost") | (kind == "won") | (kind == "no_tier")] = NAT
    rolled = roll_forward(target, cfg)
    now = np.datetime64(today, "D")
    late = rolled < now  # kept as due: never moved to today
    status = np.where(late, "overdue", np.where(rolled == now, "due", "scheduled")).astype(object)
    none = np.isnat(rolled)
    status[none] = "none"
    channel[none] = None
    dates = np.empty(n, dtype=object)
    dates[:] = rolled.astype("O")  # datetime64[D] -> datetime.date, NaT -> None
    return pd.DataFrame({"next_follow_up_on": dates, "follow_up_channel": channel,
                         "follow_up_status": status}, index=leads.index, dtype=object)


def next_follow_up(last_contact: dt.date | None, tier: str | None, stage: str | None,
                   cfg: Config, today: dt.date, *, resume_on: dt.date | None = None,
                   created_on: dt.date | None = None, stage_updated_on: dt.date | None = None,
                   last_activity_on: dt.date | None = None) -> FollowUp:
    """The next follow-up of one lead; the same code as `follow_ups` on a one-row frame.

    Example:
        >>> next_follow_up(dt.date(2027, 1, 30), "A", "proposal", Config.default(),
        ...                dt.date(2027, 1, 29))  # +7 = 설날 Sat 6 .. substitute Tue 9
        FollowUp(date=datetime.date(2027, 2, 10), channel='visit', status='scheduled')
    """
    row: dict[str, list[Any]] = {
        "tier": [tier], "stage": [stage], "last_contact_on": [last_contact],
        "resume_on": [resume_on], "created_on": [created_on],
        "stage_updated_on": [stage_updated_on],
    }
    out = follow_ups(pd.DataFrame(row, dtype=object), cfg, today,
                     pd.Series([last_activity_on], dtype=object)).iloc[0]
    return FollowUp(out["next_follow_up_on"], out["follow_up_channel"], out["follow_up_status"])
