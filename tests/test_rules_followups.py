"""Follow-up rules: cadence by tier and stage, the last-contact fallbacks, statuses, holidays.

Today is Friday 2026-11-27 unless a case says otherwise. Dates are worked out by hand on the
official Korean calendar (see test_rules_businessdays.py for 추석 2026 and 설날 2027).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import holidays
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salesxl.core.config import Config, Tier
from salesxl.core.rules.followups import (
    FollowUp,
    cadence_days,
    follow_ups,
    last_activity,
    next_follow_up,
)

TODAY = dt.date(2026, 11, 27)
CFG = Config.default()
D = dt.date


@pytest.mark.parametrize(("cadence", "factor", "days"), [
    (7, 1.0, 7), (7, 0.5, 4), (14, 0.5, 7), (30, 0.5, 15), (90, 0.5, 45), (1, 0.5, 1),
    (3, 0.5, 2), (10, 1.5, 15), (7, 0.1, 1),
])
def test_cadence_days(cadence: int, factor: float, days: int) -> None:
    assert cadence_days(cadence, factor) == days


@pytest.mark.parametrize(("last", "tier", "stage", "today", "expected"), [
    # open stages: the tier's cadence, moved to a business day
    (D(2026, 11, 23), "A", "proposal", TODAY, (D(2026, 11, 30), "visit", "scheduled")),
    (D(2026, 11, 13), "B", "proposal", TODAY, (D(2026, 11, 27), "call", "due")),
    # overdue keeps its due date: 1 Oct + 30 = Sat 31 Oct -> Mon 2 Nov, 25 days late
    (D(2026, 10, 1), "C", "qualification", TODAY, (D(2026, 11, 2), "email", "overdue")),
    (D(2026, 9, 1), "D", "prospecting", TODAY, (D(2026, 11, 30), "newsletter", "scheduled")),
    (D(2026, 11, 21), "A", None, TODAY, (D(2026, 11, 30), "visit", "scheduled")),  # Sat 28
    # closing: half the cadence (A: 3.5 -> 4 days, B: 7)
    (D(2026, 11, 24), "A", "closing", TODAY, (D(2026, 11, 30), "visit", "scheduled")),
    (D(2026, 11, 20), "B", "closing", TODAY, (D(2026, 11, 27), "call", "due")),
    # won and upgraded: none on the lead's row (the customer's row carries the touch)
    (D(2026, 11, 20), "C", "won", TODAY, (None, None, "none")),
    (D(2026, 11, 20), "B", "upgraded", TODAY, (None, None, "none")),
    # a customer's touch: no stage, the tier's cadence (Sun 20 Dec -> Mon 21)
    (D(2026, 11, 20), "C", None, TODAY, (D(2026, 12, 21), "email", "scheduled")),
    # lost: none
    (D(2026, 11, 20), "A", "lost", TODAY, (None, None, "none")),
    # no tier: none
    (D(2026, 11, 20), None, "proposal", TODAY, (None, None, "none")),
    # 추석 2026 and 설날 2027
    (D(2026, 9, 17), "A", "proposal", D(2026, 9, 1), (D(2026, 9, 28), "visit", "scheduled")),
    (D(2027, 1, 30), "A", "proposal", D(2027, 1, 29), (D(2027, 2, 10), "visit", "scheduled")),
    (D(2027, 1, 25), "B", "proposal", D(2027, 1, 29), (D(2027, 2, 10), "call", "scheduled")),
    # falls on today, but today is 추석: the next business day, not overdue
    (D(2026, 9, 10), "B", "proposal", D(2026, 9, 24), (D(2026, 9, 28), "call", "scheduled")),
    # 9 Sep + 14 = Wed 23 Sep, the day before 추석: overdue on the 24th, keeps the 23rd
    (D(2026, 9, 9), "B", "proposal", D(2026, 9, 24), (D(2026, 9, 23), "call", "overdue")),
    # today is a holiday (성탄절, Friday): an overdue date stays where it was due (Tue 8 Dec)
    (D(2026, 12, 1), "A", "proposal", D(2026, 12, 25), (D(2026, 12, 8), "visit", "overdue")),
    # today is a Saturday: 14 Nov + 7 = Sat 21 -> Mon 23 Nov, overdue
    (D(2026, 11, 14), "A", "proposal", D(2026, 11, 28), (D(2026, 11, 23), "visit", "overdue")),
    (D(2026, 11, 21), "A", "proposal", D(2026, 11, 28), (D(2026, 11, 30), "visit",
                                                         "scheduled")),
])
def test_next_follow_up(last: dt.date, tier: str | None, stage: str | None, today: dt.date,
                        expected: tuple[Any, ...]) -> None:
    assert next_follow_up(last, tier, stage, CFG, today) == FollowUp(*expected)


@pytest.mark.parametrize(("resume", "expected"), [
    (D(2027, 2, 6), (D(2027, 2, 10), "call", "scheduled")),    # 설날 + substitute
    (D(2026, 11, 27), (D(2026, 11, 27), "call", "due")),
    (D(2026, 11, 1), (D(2026, 11, 2), "call", "overdue")),  # Sun 1 -> Mon 2, kept
    (None, (None, None, "none")),
])
def test_on_hold_leads_get_their_resume_date(resume: dt.date | None,
                                             expected: tuple[Any, ...]) -> None:
    got = next_follow_up(D(2026, 11, 20), "B", "on_hold", CFG, TODAY, resume_on=resume)
    assert got == FollowUp(*expected)


@pytest.mark.parametrize(("kw", "expected"), [
    # last contact wins over everything
    ({"last_contact": D(2026, 11, 23), "last_activity_on": D(2026, 11, 26)}, D(2026, 11, 30)),
    # then the newest activity
    ({"last_activity_on": D(2026, 11, 20), "stage_updated_on": D(2026, 11, 1)}, TODAY),
    # then the stage date
    ({"stage_updated_on": D(2026, 11, 23), "created_on": D(2026, 1, 1)}, D(2026, 11, 30)),
    # then the creation date
    ({"created_on": D(2026, 11, 20)}, TODAY),
    # nothing at all: no follow-up
    ({}, None),
])
def test_last_contact_fallbacks(kw: dict[str, Any], expected: dt.date | None) -> None:
    kw.setdefault("last_contact", None)
    got = next_follow_up(tier="A", stage="proposal", cfg=CFG, today=TODAY, **kw)
    assert got.date == expected


def test_last_activity_is_the_newest_per_lead() -> None:
    acts = pd.DataFrame({"lead_id": ["L-1", " l-1 ", "L-2", None],
                         "date": [D(2026, 11, 2), dt.datetime(2026, 11, 9, 15), None,
                                  D(2026, 11, 20)]}, dtype=object)
    got = last_activity(pd.Series(["L-1", "L-2", "L-3"], index=[5, 6, 7]), acts)
    assert got.tolist() == [D(2026, 11, 9), None, None]
    assert got.index.tolist() == [5, 6, 7]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(
    st.sampled_from(["L-1", " l-1 ", "L-2", "l-2", "L-3", None, 7.0, "", "  "]),
    st.one_of(st.none(), st.just("어제"), st.dates(D(2025, 1, 1), D(2026, 12, 31)),
              st.datetimes(dt.datetime(2025, 1, 1), dt.datetime(2026, 12, 31)))),
    max_size=40))
def test_last_activity_agrees_with_a_plain_loop(rows: list[tuple[Any, Any]]) -> None:
    """Per lead, the newest dated Activities row, IDs matched trimmed and case folded; a
    row without a lead ID (blank or spaces) or a date counts for no one."""
    acts = pd.DataFrame({"lead_id": [r[0] for r in rows], "date": [r[1] for r in rows]},
                        dtype=object)
    asked = pd.Series(["L-1", "l-2", "L-3", "7.0", None, "L-9", " "], dtype=object)
    newest: dict[str, dt.date] = {}
    for lead, day in rows:
        if lead is None or not isinstance(day, dt.date):
            continue
        day = day.date() if isinstance(day, dt.datetime) else day
        key = str(lead).strip().casefold()
        if key:
            newest[key] = max(newest.get(key, day), day)
    expected = [None if v is None else newest.get(str(v).strip().casefold()) for v in asked]
    got = last_activity(asked, acts).tolist()
    assert got == expected
    assert all(v is None or type(v) is dt.date for v in got)


def test_last_activity_keeps_the_leads_index_and_links_no_blank_id() -> None:
    """Read by worksheet row: with no Activities at all the answer still lines up with the
    leads' own index; an Activities row whose lead ID is a missing value (NaN) belongs to no
    lead, not to one whose ID happens to read "nan"."""
    leads = pd.Series(["L-1", "nan"], index=[7, 9], dtype=object)
    none = last_activity(leads, pd.DataFrame({"lead_id": [], "date": []}, dtype=object))
    assert none.index.tolist() == [7, 9] and none.tolist() == [None, None]
    acts = pd.DataFrame({"lead_id": [float("nan"), "L-1"],
                         "date": [D(2026, 11, 20), D(2026, 11, 2)]}, dtype=object)
    assert last_activity(leads, acts).tolist() == [D(2026, 11, 2), None]


def test_link_key_folds_an_id_and_gives_none_for_a_blank() -> None:
    from salesxl.core.rules.columns import link_key

    assert link_key("  R01-7 ") == "r01-7" == link_key("r01-7")
    assert [link_key(v) for v in (None, float("nan"), "", "   ")] == [None] * 4
    assert link_key(7.0) == "7.0"


def test_config_tiers_and_channels() -> None:
    cfg = CFG.model_copy(update={"tiers": (Tier(tier="VIP", cadence_days=3, channel="미팅"),
                                           Tier(tier="B", cadence_days=14, channel="전화"))})
    # 23 Nov + 3 = Thu 26 < today 27 -> overdue, kept on the 26th
    assert next_follow_up(D(2026, 11, 23), "vip", "proposal", cfg, TODAY) == FollowUp(
        D(2026, 11, 26), "meeting", "overdue")
    assert next_follow_up(D(2026, 11, 20), "B", "proposal", cfg, TODAY).channel == "call"
    assert next_follow_up(D(2026, 11, 20), "A", "proposal", cfg, TODAY).status == "none"


def test_whole_column_matches_single_rows_and_keeps_the_index() -> None:
    leads = pd.DataFrame({
        "tier": ["A", "B", "C", None, "D"],
        "stage": ["proposal", "closing", "lost", "proposal", "on_hold"],
        "last_contact_on": [D(2026, 11, 23), D(2026, 11, 20), D(2026, 11, 1), D(2026, 11, 1),
                            None],
        "resume_on": [None, None, None, None, D(2027, 2, 6)],
        "created_on": [D(2026, 1, 5)] * 5,
    }, index=[3, 8, 9, 12, 40], dtype=object)
    out = follow_ups(leads, CFG, TODAY)
    assert out.index.tolist() == [3, 8, 9, 12, 40]
    singles = [next_follow_up(r["last_contact_on"], r["tier"], r["stage"], CFG, TODAY,
                              resume_on=r["resume_on"], created_on=r["created_on"])
               for _, r in leads.iterrows()]
    assert [tuple(vars(s).values()) for s in singles] == list(
        out.itertuples(index=False, name=None))
    assert out["follow_up_status"].tolist() == ["scheduled", "due", "none", "none",
                                                 "scheduled"]


# --- properties ---------------------------------------------------------------------------
_KR = holidays.country_holidays("KR", years=range(2025, 2031))

days = st.dates(min_value=D(2025, 6, 1), max_value=D(2029, 12, 31))


@settings(max_examples=150, deadline=None)
@given(last=st.one_of(st.none(), days), created=st.one_of(st.none(), days),
       resume=st.one_of(st.none(), days), today=days,
       tier=st.sampled_from(["A", "B", "C", "D", None]),
       stage=st.sampled_from([None, "prospecting", "closing", "won", "on_hold", "lost"]))
def test_follow_up_is_a_business_day_never_before_today(
        last: dt.date | None, created: dt.date | None, resume: dt.date | None,
        today: dt.date, tier: str | None, stage: str | None) -> None:
    got = next_follow_up(last, tier, stage, CFG, today, resume_on=resume, created_on=created)
    if got.date is None:
        assert got.status == "none" and got.channel is None
        return
    assert got.date.weekday() < 5 and got.date not in _KR  # checked against `holidays` itself
    if got.status == "due":
        assert got.date == today
    elif got.status == "scheduled":
        assert got.date > today
    else:  # overdue keeps the day it was due: before today, never moved to today
        assert got.status == "overdue"
        assert got.date < today


# --- pinned by mutation testing ---------------------------------------------------------------
def test_the_newest_activity_counts_before_the_stage_date() -> None:
    # activity Wed 25 Nov + 7 = Wed 2 Dec; the stage date (1 Nov) and creation come after it
    got = next_follow_up(None, "A", "proposal", CFG, TODAY, last_activity_on=D(2026, 11, 25),
                         stage_updated_on=D(2026, 11, 1), created_on=D(2026, 1, 5))
    assert got == FollowUp(D(2026, 12, 2), "visit", "scheduled")
    leads = pd.DataFrame({"tier": ["A"], "stage": ["proposal"],
                          "stage_updated_on": [D(2026, 11, 1)]}, dtype=object)
    out = follow_ups(leads, CFG, TODAY, pd.Series([D(2026, 11, 25)], dtype=object))
    assert out["next_follow_up_on"].tolist() == [D(2026, 12, 2)]


def test_an_on_hold_lead_without_a_tier_still_gets_its_resume_date() -> None:
    """The resume date is the date to revisit, tier or not (no channel without a tier)."""
    got = next_follow_up(None, None, "on_hold", CFG, TODAY, resume_on=D(2026, 12, 7))
    assert got == FollowUp(D(2026, 12, 7), None, "scheduled")


def test_last_activity_skips_rows_without_a_lead_or_a_date() -> None:
    acts = pd.DataFrame({"lead_id": ["L-1", None, "L-2", "L-1", "L-2"],
                         "date": [D(2026, 11, 2), D(2026, 11, 30), D(2026, 11, 5), None,
                                  "2026-11-09"]}, dtype=object)
    got = last_activity(pd.Series(["L-1", "L-2", None]), acts)
    assert got.tolist() == [D(2026, 11, 2), D(2026, 11, 5), None]
    assert last_activity(pd.Series(["L-1"]), None).tolist() == [None]
    empty = pd.DataFrame({"lead_id": [], "date": []}, dtype=object)
    assert last_activity(pd.Series(["L-1"]), empty).tolist() == [None]


@pytest.mark.parametrize(("text", "key"), [
    ("Phone", "call"), ("E-mail", "email"), ("전화", "call"), (" 메일 ", "email"),
    ("Visit", "visit"), ("Fax", "Fax"),  # a channel salesxl does not know is kept as written
])
def test_channel_words_of_a_config_tier(text: str, key: str) -> None:
    from salesxl.core.rules.followups import channel_key

    assert channel_key(text) == key
    cfg = CFG.model_copy(update={"tiers": (Tier(tier="A", cadence_days=7, channel=text),)})
    assert next_follow_up(D(2026, 11, 23), "A", "proposal", cfg, TODAY).channel == key
