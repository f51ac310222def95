"""Business days of a team: its work week, its country's public holidays, its extra holidays.

Public holidays come from the `holidays` package (Korea by default: 설날, 추석 and the
substitute holidays 대체공휴일 included) and are cached per country and year. Rolling a date
forward to a business day works on whole numpy arrays of days at once (``numpy.busday_offset``),
and the one-date helpers call that same code.

Example:
    >>> import datetime as dt
    >>> from salesxl.core.config import Config
    >>> cfg = Config.default()
    >>> next_business_day(dt.date(2026, 9, 24), cfg)  # 추석 연휴 (Thu-Sat), then Sunday
    datetime.date(2026, 9, 28)
    >>> is_business_day(dt.date(2027, 2, 9), cfg)  # 설날 substitute holiday
    False
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from salesxl.core.config import Config
from salesxl.core.errors import WorkbookError

DAY = "datetime64[D]"
NAT = np.datetime64("NaT", "D")
_NAT_INT = np.iinfo(np.int64).min  # NaT as an int64
_EPOCH = dt.date(1970, 1, 1).toordinal()


@lru_cache(maxsize=256)
def public_holidays(country: str, year: int) -> tuple[dt.date, ...]:
    """The public holidays of `country` (ISO code such as 'KR') in `year`, sorted.

    Raises:
        WorkbookError: the Config names a country the `holidays` package does not know.

    Example:
        >>> [d.isoformat() for d in public_holidays("KR", 2027) if d.month == 2]
        ['2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09']
    """
    import holidays  # 12 ms to load: only runs that roll business days pay it

    try:
        found = holidays.country_holidays(country, years=year)
    except NotImplementedError:
        raise WorkbookError(
            "Config holiday_country {country!r} is not a country salesxl knows holidays for; "
            "write a two-letter code such as KR, US or JP on the Config sheet",
            country=country) from None
    return tuple(sorted(found))


def weekmask(cfg: Config) -> str:
    """numpy's weekmask for the Config work week ('1111100' for Monday to Friday).

    Example:
        >>> weekmask(Config.default())
        '1111100'
    """
    return "".join("1" if d in cfg.work_week else "0" for d in range(7))


def holidays_for(cfg: Config, years: Iterable[int]) -> np.ndarray:
    """Public plus Config extra holidays over `years`, as a sorted datetime64[D] array."""
    days: set[dt.date] = set(cfg.extra_holidays)
    for year in sorted(set(years)):
        if 1 <= year <= 9999:
            days.update(public_holidays(cfg.holiday_country, year))
    return np.array(sorted(days), dtype=DAY)


def to_days(values: Sequence[Any] | pd.Series) -> np.ndarray:
    """Dates (``datetime.date``/``datetime``/None) as a datetime64[D] array; blanks become NaT.

    Example:
        >>> to_days([dt.date(2026, 3, 5), None]).tolist()
        [datetime.date(2026, 3, 5), None]
    """
    date = dt.date
    ordinals = np.fromiter(
        (v.toordinal() - _EPOCH if isinstance(v, date) else _NAT_INT for v in values),
        dtype=np.int64, count=len(values))
    return ordinals.view(DAY)


def _years(days: np.ndarray) -> set[int]:
    valid = days[~np.isnat(days)]
    if not len(valid):
        return set()
    years = valid.astype("datetime64[Y]").astype(int) + 1970
    found = {int(y) for y in np.unique(years)}
    return found | {y + 1 for y in found}  # rolling forward may cross New Year


def roll_forward(days: np.ndarray, cfg: Config) -> np.ndarray:
    """Each day, or the first business day after it when it is not one; NaT stays NaT.

    Example:
        >>> roll_forward(np.array(["2026-10-03"], dtype=DAY), Config.default()).tolist()
        [datetime.date(2026, 10, 6)]
    """
    days = np.asarray(days, dtype=DAY)
    hol = holidays_for(cfg, _years(days))
    return np.busday_offset(days, 0, roll="forward", weekmask=weekmask(cfg), holidays=hol)


def business_mask(days: np.ndarray, cfg: Config) -> np.ndarray:
    """True where a day is a business day (NaT gives False)."""
    days = np.asarray(days, dtype=DAY)
    hol = holidays_for(cfg, _years(days))
    ok = ~np.isnat(days)
    out = np.zeros(len(days), dtype=bool)
    out[ok] = np.is_busday(days[ok], weekmask=weekmask(cfg), holidays=hol)
    return out


def next_business_day(day: dt.date, cfg: Config) -> dt.date:
    """`day` itself when it is a business day, else the next one.

    Example:
        >>> next_business_day(dt.date(2027, 2, 6), Config.default())  # 설날 + 대체공휴일
        datetime.date(2027, 2, 10)
    """
    rolled: dt.date = roll_forward(np.array([day], dtype=DAY), cfg)[0].item()
    return rolled


def is_business_day(day: dt.date, cfg: Config) -> bool:
    """Whether `day` is a working day of the Config and no holiday."""
    return bool(business_mask(np.array([day], dtype=DAY), cfg)[0])


def as_date(day: np.datetime64) -> dt.date | None:
    """A datetime64[D] as ``datetime.date`` (None for NaT)."""
    value = day.item()
    return value if isinstance(value, dt.date) else None
