"""The Summary: pipeline, funnel, forecast, sources, techniques, follow-ups and stale deals.

`summary` reads a team workbook, computes the tables (`salesxl.core.summary.tables`, pure
DataFrame code), and rebuilds the workbook's Summary sheet with formatted tables, native
Excel charts and a native PivotTable, leaving every other part of the workbook as it was.

Example:
    >>> import salesxl
    >>> s = salesxl.summary("team.xlsx", today=dt.date(2026, 11, 27))  # doctest: +SKIP
    >>> s.headline()["open_deals"]  # doctest: +SKIP
    157
"""

from __future__ import annotations

from salesxl.commands.summary.api import summary
from salesxl.core.summary.compute import Summary, compute

__all__ = ["Summary", "compute", "summary"]
