"""Targets (목표): periods, and one target per rep (or the team) per month and quarter.

The Targets table holds rows of rep (blank: the team), period (``YYYY-MM`` or ``YYYY-Q1``…)
and three targets: won amount, new deals, activities. `Targets.build` turns them into one
lookup with these rules:

- a quarter without its own row is the **sum of its months** where months are given;
- a month without its own row, in a quarter that has one, gets **a third of the quarter**;
- the team (`TEAM`) without its own row is the **sum of the reps'** targets for the period;
- a (rep, period) given twice: the last row wins, and `notes` says so.

Periods are read leniently: ``2026-11``, ``2026.11``, ``2026/11``, ``2026년 11월``, a date
cell (Excel turns a typed ``2026-11`` into 1 Nov 2026), ``2026-Q4``, ``2026 Q4``, ``Q4 2026``,
``2026년 4분기``, ``4Q26``.

Example:
    >>> import pandas as pd
    >>> rows = pd.DataFrame({"rep": ["Kim", "Kim", None], "period": ["2026-10", "2026-11", "2026-Q4"],
    ...                      "won_amount": [10.0, 20.0, 90.0]})
    >>> t = Targets.build(rows)
    >>> t.get("Kim", "2026-Q4", "won_amount"), t.get("Team", "2026-12", "won_amount")
    (30.0, 30.0)
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from salesxl.core.messages import Joined, Msg, Pair
from salesxl.core.parse import is_blank
from salesxl.core.rules.columns import column
from salesxl.core.summary.derive import TEAM

MEASURES = ("won_amount", "new_deals", "activities")
"""The target columns of the Targets table."""

_MONTH = re.compile(r"^\s*(\d{4})\s*(?:[-./]|년)\s*(\d{1,2})\s*(?:월)?(?:[-./]\s*\d{1,2}\s*일?)?"
                    r"(?:\s+00:00:00)?\s*$")
_QUARTER = re.compile(r"^\s*(\d{4})\s*(?:[-./ ]|년)?\s*(?:q|Q)\s*([1-4])\s*$|"
                      r"^\s*(?:q|Q)\s*([1-4])\s*[-./ ]?\s*(\d{4})\s*$|"
                      r"^\s*(\d{4})\s*년?\s*([1-4])\s*분기\s*$|"
                      r"^\s*([1-4])\s*[qQ]\s*(\d{2})\s*$")


def month_key(day: dt.date) -> str:
    """``YYYY-MM`` of a date.

    Example:
        >>> month_key(dt.date(2026, 11, 27))
        '2026-11'
    """
    return f"{day.year:04d}-{day.month:02d}"


def quarter_key(day: dt.date) -> str:
    """``YYYY-Qn`` of a date.

    Example:
        >>> quarter_key(dt.date(2026, 11, 27))
        '2026-Q4'
    """
    return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"


def period_bounds(period: str) -> tuple[dt.date, dt.date]:
    """First and last day of a ``YYYY-MM`` or ``YYYY-Qn`` period.

    Example:
        >>> period_bounds("2026-Q4"), period_bounds("2027-02")[1]
        ((datetime.date(2026, 10, 1), datetime.date(2026, 12, 31)), datetime.date(2027, 2, 28))
    """
    year = int(period[:4])
    if "Q" in period:
        q = int(period[-1])
        first, last_month = dt.date(year, 3 * q - 2, 1), 3 * q
    else:
        first = dt.date(year, int(period[5:7]), 1)
        last_month = first.month
    nxt = dt.date(year + (last_month == 12), last_month % 12 + 1, 1)
    return first, nxt - dt.timedelta(days=1)


def months_of(quarter: str) -> list[str]:
    """The three ``YYYY-MM`` months of a ``YYYY-Qn`` quarter."""
    year, q = quarter[:4], int(quarter[-1])
    return [f"{year}-{m:02d}" for m in range(3 * q - 2, 3 * q + 1)]


def add_months(month: str, n: int) -> str:
    """The ``YYYY-MM`` month ``n`` months after ``month`` (negative: before).

    Example:
        >>> add_months("2026-11", 2), add_months("2026-01", -1)
        ('2027-01', '2025-12')
    """
    index = int(month[:4]) * 12 + int(month[5:7]) - 1 + n
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def next_quarter(quarter: str) -> str:
    """The quarter after a ``YYYY-Qn`` quarter."""
    year, q = int(quarter[:4]), int(quarter[-1])
    return f"{year + (q == 4):04d}-Q{q % 4 + 1}"


def parse_period(raw: Any) -> str | None:
    """``YYYY-MM`` or ``YYYY-Qn`` for a period cell, None when it is blank or not a period.

    Example:
        >>> [parse_period(v) for v in ("2026.11", "2026년 4분기", "Q1 2027", "4Q26",
        ...                            dt.date(2026, 11, 1), "someday")]
        ['2026-11', '2026-Q4', '2027-Q1', '2026-Q4', '2026-11', None]
    """
    if raw is None or (isinstance(raw, float) and math.isnan(raw)):
        return None
    if isinstance(raw, dt.date):
        return month_key(raw)
    text = str(raw).strip()
    m = _MONTH.match(text)
    if m:
        month = int(m.group(2))
        return f"{int(m.group(1)):04d}-{month:02d}" if 1 <= month <= 12 else None
    m = _QUARTER.match(text)
    if m:
        g = m.groups()
        if g[0]:
            return f"{g[0]}-Q{g[1]}"
        if g[2]:
            return f"{g[3]}-Q{g[2]}"
        if g[4]:
            return f"{g[4]}-Q{g[5]}"
        return f"20{g[7]}-Q{g[6]}"
    return None


def _number(v: Any) -> float:
    if v is None or isinstance(v, bool):
        return math.nan
    try:
        f = float(v)
    except (TypeError, ValueError):
        return math.nan
    return f if math.isfinite(f) else math.nan


@dataclass
class Targets:
    """Targets by (rep, period, measure); `TEAM` is the team, periods are months and quarters."""

    values: dict[tuple[str, str, str], float] = field(default_factory=dict)
    notes: list[Msg] = field(default_factory=list)  # shown in the reader's language
    given: int = 0  # rows read

    @classmethod
    def build(cls, rows: pd.DataFrame | None, reps: Iterable[str] = ()) -> Targets:
        """The lookup from canonical Targets values (rep, period, won_amount, new_deals,
        activities); ``reps`` are the reps whose targets add up to the team's (default: the
        reps named in the rows)."""
        out = cls()
        if rows is None or not len(rows):
            return out
        given: dict[tuple[str, str, str], float] = {}
        bad: list[str] = []
        seen: set[tuple[str, str]] = set()
        repeated: set[tuple[str, str]] = set()
        for rep_raw, period_raw, *vals in zip(column(rows, "rep"), column(rows, "period"),
                                              *(column(rows, m) for m in MEASURES),
                                              strict=True):
            period = parse_period(period_raw)
            if period is None:
                if period_raw is not None and str(period_raw).strip():
                    bad.append(str(period_raw))
                continue
            rep = TEAM if is_blank(rep_raw) else str(rep_raw).strip()  # (NaN: a blank cell)
            if (rep, period) in seen:
                repeated.add((rep, period))
            seen.add((rep, period))
            out.given += 1
            for measure, v in zip(MEASURES, vals, strict=True):
                f = _number(v)
                if not math.isnan(f):
                    given[(rep, period, measure)] = f
        if bad:
            out.notes.append(Msg("Targets: {n} row(s) with a period that is not YYYY-MM or "
                                 "YYYY-Q1..Q4 were left out ({periods})",
                                 {"n": len(bad), "periods": ", ".join(sorted(set(bad))[:5])}))
        if repeated:
            which = Joined([Joined([Pair(TEAM, "팀") if r == TEAM else r, p], " ")
                            for r, p in sorted(repeated)[:5]])
            out.notes.append(Msg("Targets: the same rep and period on several rows ({which}); "
                                 "the last row is used", {"which": which}))
        named = {r for r, _, _ in given if r != TEAM}
        out.values = _complete(given, sorted(named | set(reps) - {TEAM}))
        return out

    def get(self, rep: str, period: str, measure: str) -> float:
        """The target, NaN when there is none."""
        return self.values.get((rep, period, measure), math.nan)

    def has(self, rep: str) -> bool:
        """Whether any target is set for ``rep`` (or `TEAM`)."""
        return any(r == rep for r, _, _ in self.values)

    def frame(self) -> pd.DataFrame:
        """Every target as a table: index (rep, period), columns the measures."""
        if not self.values:
            return pd.DataFrame(columns=list(MEASURES), index=pd.MultiIndex.from_tuples(
                [], names=["rep", "period"]), dtype="float64")
        keys = sorted({(r, p) for r, p, _ in self.values},
                      key=lambda k: (k[0] != TEAM, k[0].casefold(), k[1]))
        data = {m: [self.get(r, p, m) for r, p in keys] for m in MEASURES}
        return pd.DataFrame(data, index=pd.MultiIndex.from_tuples(keys, names=["rep", "period"]))


def _complete(given: dict[tuple[str, str, str], float], reps: list[str]
              ) -> dict[tuple[str, str, str], float]:
    """Quarters from months, months from quarters, the team from its reps (module rules)."""
    out = dict(given)
    owners = {r for r, _, _ in given} | set(reps)
    periods = {p for _, p, _ in given}
    quarters = {p for p in periods if "Q" in p} | {quarter_key(period_bounds(p)[0])
                                                  for p in periods if "Q" not in p}
    for rep in owners:
        for measure in MEASURES:
            for q in quarters:
                months = months_of(q)
                have = [out[(rep, m, measure)] for m in months if (rep, m, measure) in given]
                if (rep, q, measure) not in given and have:
                    out[(rep, q, measure)] = float(sum(have))
                if (rep, q, measure) in given:
                    for m in months:
                        if (rep, m, measure) not in given:
                            out[(rep, m, measure)] = given[(rep, q, measure)] / 3
    for period in {p for _, p, _ in out}:
        for measure in MEASURES:
            parts = [out[(r, period, measure)] for r in reps if (r, period, measure) in out]
            if parts and (TEAM, period, measure) not in out:
                out[(TEAM, period, measure)] = float(sum(parts))
    return out
