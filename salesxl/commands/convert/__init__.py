"""Batch conversion of legacy sales sheets into standard team workbooks.

A company adopting salesxl has years of sheets in every shape. ``convert`` turns them into
team workbooks without losing a row or a value, and shows what it did. The flow of one file:

``sources`` (read any format into grids) → ``locate`` (header row(s), data, totals) →
``mapping`` (headers to Leads columns, with a confidence) → ``rows`` (values to canonical
values; Extra cells; Rejected rows) → written by ``fileconv`` (``-o``) or merged by ``into``
(``--into``). ``runner`` spreads files over processes or a Dask cluster, ``manifest`` lets an
interrupted batch resume, ``report`` writes ``conversion-report.xlsx``, and ``api`` ties it
together. Each module's docstring records the decisions it makes.

Example:
    >>> import salesxl
    >>> result = salesxl.convert(["legacy/"], "converted/")  # doctest: +SKIP
    >>> result.rows_in == result.converted + result.rejected  # doctest: +SKIP
    True
"""

from __future__ import annotations

from salesxl.commands.convert.api import ConversionStopped, ConvertResult, collect_inputs, convert
from salesxl.commands.convert.report import FileReport

__all__ = ["ConversionStopped", "ConvertResult", "FileReport", "collect_inputs", "convert"]
