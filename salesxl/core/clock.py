"""The time salesxl stamps on what it writes, declared once.

Files record when they were made (document properties, zip member times, calendar stamps,
History rows). With the environment variable ``SOURCE_DATE_EPOCH`` set (the reproducible-
builds convention: seconds since 1970-01-01 UTC), every such stamp is that moment and measured
durations are 0, so the same inputs give byte-identical files; `salesxl demo` sets it from its
``--today``.

Example:
    >>> import os
    >>> os.environ["SOURCE_DATE_EPOCH"] = "1796637600"
    >>> now(), elapsed(0.0)
    (datetime.datetime(2026, 12, 7, 9, 0), 0.0)
    >>> del os.environ["SOURCE_DATE_EPOCH"]
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import time
from collections.abc import Iterator

ENV = "SOURCE_DATE_EPOCH"


def fixed() -> dt.datetime | None:
    """The fixed moment (naive, UTC wall time), or None when the real clock applies."""
    value = os.environ.get(ENV, "").strip()
    if not value:
        return None
    try:
        return dt.datetime.fromtimestamp(int(value), dt.UTC).replace(tzinfo=None)
    except (ValueError, OverflowError, OSError):
        return None


def now() -> dt.datetime:
    """The current local time, or the fixed moment (naive, no microseconds)."""
    return fixed() or dt.datetime.now().replace(microsecond=0)


def now_utc() -> dt.datetime:
    """The current time in UTC (aware), or the fixed moment."""
    moment = fixed()
    return moment.replace(tzinfo=dt.UTC) if moment else dt.datetime.now(dt.UTC)


def elapsed(start: float) -> float:
    """Seconds since `start` (a `time.perf_counter()` value); 0 when the clock is fixed."""
    return 0.0 if fixed() else time.perf_counter() - start


def epoch_of(moment: dt.datetime) -> int:
    """Seconds since 1970 of a naive UTC wall time."""
    return int(moment.replace(tzinfo=dt.UTC).timestamp())


@contextlib.contextmanager
def fixed_at(moment: dt.datetime) -> Iterator[None]:
    """Fix the clock at `moment` (naive) while the block runs."""
    old = os.environ.get(ENV)
    os.environ[ENV] = str(epoch_of(moment))
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(ENV, None)
        else:
            os.environ[ENV] = old
