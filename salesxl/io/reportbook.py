"""Plain report workbooks: sheets of rows with a bold header, widths, filters and frozen panes.

`conversion-report.xlsx` and the demo's legacy sample files are written here: values as
cells (numbers as numbers, dates as dates, formula-looking text kept as text with Excel's
quote prefix), saved atomically.

Example:
    >>> write_report_book("report.xlsx", [ReportSheet("Files", [["File", "Rows"], ["a.csv", 3]])])  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import os
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import xlsxwriter

from salesxl.core import clock
from salesxl.core.messages import readable
from salesxl.core.parse import looks_like_formula
from salesxl.io.parts.atomic import temp_path


@dataclass
class ReportSheet:
    """One sheet: rows of values from A1.

    Attributes:
        name: the tab name.
        rows: the rows; the row `header_row` is bold and the panes freeze below it.
        widths: column widths (a width of 30 or more wraps its text).
        header_row: zero-based row of the header (None: no header styling, no filter).
        bold_rows: other zero-based rows written bold (titles, totals).
    """

    name: str
    rows: Sequence[Sequence[Any]]
    widths: Sequence[float] = ()
    header_row: int | None = 0
    bold_rows: Sequence[int] = field(default_factory=tuple)


def text_width(text: str) -> int:
    """How many character widths `text` takes in a cell: a Hangul or other wide character
    counts two (its widest line, for text on several lines).

    Example:
        >>> text_width("Rows in"), text_width("입력 행")
        (7, 7)
    """
    return max((sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)
                for line in text.split("\n")), default=0)


def fit_widths(rows: Sequence[Sequence[Any]], header_row: int = 0, *, cap: float = 50
               ) -> list[float]:
    """Column widths that show every header whole (with room for the filter button) and the
    values up to `cap` characters (a width of 30 or more wraps its text).

    Example:
        >>> fit_widths([["파일", "상태"], ["2019_영업관리.csv", "변환"]])
        [19, 8]
    """
    widths: list[float] = []
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if c >= len(widths):
                widths.append(4)
            if value is None or value == "":
                continue
            need: float
            if r == header_row:
                need = text_width(str(value)) + 4  # the filter button covers the right end
            elif isinstance(value, float):
                need = min(len(f"{value:,.3f}"), 12) + 2
            else:
                need = min(text_width(str(value)) + 2, cap)
            widths[c] = max(widths[c], need)
    return widths


def write_report_book(path: str | Path, sheets: Sequence[ReportSheet], *,
                      title: str = "salesxl report") -> Path:
    """Write `sheets` into a new workbook at `path` (atomically) and return the path."""
    p = Path(path)
    tmp = temp_path(p)
    wb = xlsxwriter.Workbook(str(tmp), {"strings_to_formulas": False, "strings_to_numbers": False,
                                        "strings_to_urls": False,
                                        "default_date_format": "yyyy-mm-dd"})
    try:
        header = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "text_wrap": True,
                                "valign": "top"})
        bold = wb.add_format({"bold": True})
        quoted = wb.add_format({"quote_prefix": True})
        wrap = wb.add_format({"text_wrap": True, "valign": "top"})
        for sheet in sheets:
            _sheet(wb, sheet, header, bold, quoted, wrap)
        wb.set_properties({"title": title, "created": clock.now()})
        wb.close()
        os.replace(tmp, p)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return p


def _sheet(wb: Any, sheet: ReportSheet, header: Any, bold: Any, quoted: Any, wrap: Any) -> None:
    ws = wb.add_worksheet(sheet.name)
    for c, w in enumerate(sheet.widths):
        ws.set_column(c, c, w, wrap if w >= 30 else None)
    bold_rows = set(sheet.bold_rows)
    for r, row in enumerate(sheet.rows):
        style = header if r == sheet.header_row else bold if r in bold_rows else None
        for c, value in enumerate(row):
            if isinstance(value, bool):
                ws.write_boolean(r, c, value, style)
            elif isinstance(value, int | float):
                ws.write_number(r, c, value, style)
            elif isinstance(value, dt.datetime | dt.date):
                ws.write_datetime(r, c, value if isinstance(value, dt.datetime)
                                  else dt.datetime(value.year, value.month, value.day), style)
            elif value not in (None, ""):
                text = readable(str(value))  # a file name that is not UTF-8, as it reads
                ws.write_string(r, c, text,
                                quoted if style is None and looks_like_formula(text) else style)
    if sheet.header_row is not None and sheet.rows:
        ws.freeze_panes(sheet.header_row + 1, 1)
        width = max(len(r) for r in sheet.rows)
        ws.autofilter(sheet.header_row, 0, max(len(sheet.rows) - 1, sheet.header_row),
                      max(width - 1, 0))
