"""Whole-column views the rules share: object Series of canonical values as numpy arrays.

Canonical values are what `salesxl.core.values.read_value` returns: floats for amounts, bools for
yes/no, ``datetime.date`` for dates, stripped text, choice keys, and None for a blank cell.
These helpers loop once in C-speed generators instead of per-row pandas calls.

Example:
    >>> import pandas as pd
    >>> is_true(pd.Series([True, None, False], dtype=object)).tolist()
    [True, False, False]
    >>> has_text(pd.Series(["Kim", "", None], dtype=object)).tolist()
    [True, False, False]
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Sequence
from typing import Any, TypeAlias

import numpy as np
import pandas as pd

Values: TypeAlias = Sequence[Any] | pd.Series


def is_true(values: Values) -> np.ndarray:
    """True where the value is a yes (``True``)."""
    return np.fromiter((v is True for v in values), dtype=bool, count=len(values))


def has_text(values: Values) -> np.ndarray:
    """True where the value is text with something other than spaces (or any other value)."""
    return np.fromiter(
        (v.strip() != "" if isinstance(v, str) else not _blank(v) for v in values),
        dtype=bool, count=len(values))


def has_value(values: Values) -> np.ndarray:
    """True where the value is not blank (None, NaN, NaT)."""
    return np.fromiter((not _blank(v) for v in values), dtype=bool, count=len(values))


def floats(values: Values) -> np.ndarray:
    """Numbers as float64; blanks and anything not a number become NaN."""
    return np.fromiter(
        (float(v) if isinstance(v, int | float) and not isinstance(v, bool) else math.nan
         for v in values),
        dtype=np.float64, count=len(values))


def is_in(values: Values, allowed: Collection[Any]) -> np.ndarray:
    """True where the value is one of `allowed`."""
    allowed = frozenset(allowed)
    return np.fromiter((v in allowed for v in values), dtype=bool, count=len(values))


def column(frame: pd.DataFrame, key: str) -> pd.Series:
    """`frame[key]`, or a column of None when the frame lacks it."""
    if key in frame.columns:
        return frame[key]
    return pd.Series([None] * len(frame), index=frame.index, dtype=object, name=key)


def _blank(v: Any) -> bool:
    if v is None:
        return True
    if isinstance(v, float):
        return v != v
    if isinstance(v, str):
        return v.strip() == ""
    return v is pd.NaT or v is pd.NA


def link_key(value: Any) -> str | None:
    """A lead ID as linked rows (Activities, Objections, History) are matched to their lead:
    trimmed and case folded; None when blank."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = str(value).strip().casefold()
    return text or None


def map_distinct(values: Sequence[Any], fn: Callable[[Any], Any]) -> list[Any]:
    """`fn` of every value, each distinct value worked out once (dates, IDs, companies and
    contacts recur down a column); the memo lives for the call only.

    Example:
        >>> map_distinct([1, 1.0, True, "a", "a"], repr)
        ['1', '1.0', 'True', "'a'", "'a'"]
    """
    memo: dict[Any, Any] = {}
    out = []
    for v in values:
        key = (v.__class__, v)  # 1, 1.0 and True are equal keys but convert differently
        try:
            hit = memo[key]
        except KeyError:
            hit = memo[key] = fn(v)
        except TypeError:  # unhashable: convert as is
            hit = fn(v)
        out.append(hit)
    return out
