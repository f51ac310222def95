"""Business days: Korean public holidays (lunar and substitute), work week, extra holidays.

Expectations come from the official Korean calendar (관공서의 공휴일에 관한 규정):
- 추석 2026 is Thu 24 - Sat 26 September; 설날/추석 get a substitute day only when they
  meet a Sunday (or another holiday), so a Saturday gives none: Mon 28 is a working day.
- 설날 2027 is Sat 6 - Mon 8 February; Sun 7 falls in it, so Tue 9 is a substitute holiday.
- 개천절 2026 is Sat 3 October; Saturdays now give a substitute too: Mon 5 October.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from salesxl.core.config import Config
from salesxl.core.errors import WorkbookError
from salesxl.core.rules.businessdays import (
    DAY,
    business_mask,
    is_business_day,
    next_business_day,
    public_holidays,
    roll_forward,
    weekmask,
)

KR = Config.default()
D = dt.date


def test_chuseok_2026_from_the_package() -> None:
    days = set(public_holidays("KR", 2026))
    assert {D(2026, 9, 24), D(2026, 9, 25), D(2026, 9, 26)} <= days
    assert D(2026, 9, 28) not in days  # no substitute: the Saturday does not count


def test_seollal_2027_with_its_substitute_from_the_package() -> None:
    days = set(public_holidays("KR", 2027))
    assert {D(2027, 2, 6), D(2027, 2, 7), D(2027, 2, 8), D(2027, 2, 9)} <= days
    assert D(2027, 2, 10) not in days


@pytest.mark.parametrize(("day", "expected"), [
    (D(2026, 9, 23), D(2026, 9, 23)),    # Wednesday before 추석: a business day
    (D(2026, 9, 24), D(2026, 9, 28)),    # 추석 eve, 추석, day after, Sunday -> Monday
    (D(2026, 9, 26), D(2026, 9, 28)),
    (D(2027, 2, 5), D(2027, 2, 5)),      # Friday before 설날
    (D(2027, 2, 6), D(2027, 2, 10)),     # 설날 Sat-Mon + substitute Tue -> Wednesday
    (D(2027, 2, 9), D(2027, 2, 10)),     # the substitute day itself
    (D(2026, 2, 16), D(2026, 2, 19)),    # 설날 2026: Mon 16 - Wed 18
    (D(2026, 10, 3), D(2026, 10, 6)),    # 개천절 on Saturday, substitute Mon 5
    (D(2026, 10, 9), D(2026, 10, 12)),   # 한글날 Friday
    (D(2026, 12, 25), D(2026, 12, 28)),  # 성탄절 Friday
    (D(2026, 5, 5), D(2026, 5, 6)),      # 어린이날 Tuesday
    (D(2026, 11, 28), D(2026, 11, 30)),  # a plain Saturday
    (D(2026, 11, 27), D(2026, 11, 27)),  # a plain Friday
])
def test_next_business_day_korea(day: dt.date, expected: dt.date) -> None:
    assert next_business_day(day, KR) == expected


def test_extra_holidays_from_config() -> None:
    cfg = KR.model_copy(update={"extra_holidays": (D(2026, 12, 31),)})
    # 31 Dec (team holiday), 1 Jan (New Year), 2-3 Jan weekend -> Monday 4 January
    assert next_business_day(D(2026, 12, 31), cfg) == D(2027, 1, 4)
    assert next_business_day(D(2026, 12, 31), KR) == D(2026, 12, 31)


def test_work_week_from_config() -> None:
    six_days = KR.model_copy(update={"work_week": (0, 1, 2, 3, 4, 5)})
    assert weekmask(six_days) == "1111110"
    assert next_business_day(D(2026, 11, 28), six_days) == D(2026, 11, 28)  # Saturday works
    assert next_business_day(D(2026, 11, 29), six_days) == D(2026, 11, 30)


def test_other_country_from_config() -> None:
    us = KR.model_copy(update={"holiday_country": "US"})
    # Independence Day 2026 is a Saturday; the federal holiday is observed on Friday 3 July
    assert next_business_day(D(2026, 7, 3), us) == D(2026, 7, 6)
    assert next_business_day(D(2026, 9, 24), us) == D(2026, 9, 24)  # no 추석 in the US


def test_unknown_country_is_a_clear_error() -> None:
    bad = KR.model_copy(update={"holiday_country": "XX"})
    with pytest.raises(WorkbookError, match="holiday_country 'XX'"):
        next_business_day(D(2026, 7, 3), bad)


def test_whole_arrays_roll_like_single_days_and_keep_blanks() -> None:
    days = [D(2026, 9, 24), None, D(2027, 2, 6), D(2026, 12, 31)]
    arr = np.array(days, dtype=DAY)
    rolled = roll_forward(arr, KR).tolist()
    assert rolled == [D(2026, 9, 28), None, D(2027, 2, 10), D(2026, 12, 31)]
    assert business_mask(arr, KR).tolist() == [False, False, False, True]
    assert [is_business_day(d, KR) for d in (D(2026, 9, 25), D(2026, 9, 29))] == [False, True]


# --- pinned by mutation testing ---------------------------------------------------------------
def test_business_mask_of_blanks_and_of_a_six_day_week() -> None:
    from salesxl.core.rules.businessdays import DAY, business_mask, is_business_day

    days = np.array(["2026-11-27", "NaT", "2026-11-28", "2026-12-25"], dtype=DAY)
    assert business_mask(days, KR).tolist() == [True, False, False, False]
    six_days = KR.model_copy(update={"work_week": (0, 1, 2, 3, 4, 5)})
    assert business_mask(days, six_days).tolist() == [True, False, True, False]
    assert is_business_day(D(2026, 11, 28), six_days)  # Saturday
    assert not is_business_day(D(2026, 11, 28), KR)
