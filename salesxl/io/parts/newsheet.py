"""A plain new worksheet: values from A1, a bold frozen header row, fitted column widths.

The sheet XML made here has an empty ``<sheetData/>``; the cells are written by the same
streaming code that edits existing sheets, so both paths store values identically.

Example:
    >>> check_sheet_name("Summary 2026", ["Leads"], "pipeline.xlsx")
    >>> column_widths([["Company", "Amount"], ["삼성전자", 1500000]])
    [10.0, 9.0]
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Sequence

from salesxl.core.cells import MAX_COLS, MAX_ROWS, col_letter
from salesxl.core.errors import WorkbookError
from salesxl.io.parts.cellxml import CellValue

_FORBIDDEN = set('[]:*?/\\')
MIN_WIDTH, MAX_WIDTH = 8.0, 60.0

_SHEET = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<dimension ref="A1"/><sheetViews><sheetView workbookViewId="0">{pane}</sheetView>'
    '</sheetViews><sheetFormatPr defaultRowHeight="15"/>{cols}<sheetData/>'
    '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
    "</worksheet>"
)
_FROZEN = (
    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
    '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
)


def free_sheet_name(name: str, taken: Sequence[str]) -> str:
    """`name`, or "name 2", "name 3"... the first that no sheet in `taken` has (ignoring case).

    Example:
        >>> free_sheet_name("History", ["Leads", "history"])
        'History 2'
    """
    folded = {t.casefold() for t in taken}
    candidate, n = name, 2
    while candidate.casefold() in folded:
        candidate, n = f"{name} {n}", n + 1
    return candidate


def check_sheet_name(name: str, existing: list[str], where: str) -> None:
    """Refuse a sheet name Excel would refuse, or one already taken (case-insensitively).

    Raises:
        WorkbookError: the name is empty, too long, has ``[]:*?/\\``, starts or ends with an
            apostrophe, is ``History``, or is taken.
    """
    if not name or not name.strip():
        raise WorkbookError("{where}: the new sheet name {name!r} is empty; choose another name",
                            where=where, name=name)
    if len(name) > 31:
        raise WorkbookError("{where}: the new sheet name {name!r} is {n} characters long; Excel "
                            "allows 31; choose another name", where=where, name=name,
                            n=len(name))
    if bad := sorted(set(name) & _FORBIDDEN):
        raise WorkbookError("{where}: the new sheet name {name!r} contains {chars}, which Excel "
                            "does not allow in sheet names; choose another name", where=where,
                            name=name, chars=" ".join(bad))
    if name[0] == "'" or name[-1] == "'":
        raise WorkbookError("{where}: the new sheet name {name!r} starts or ends with an "
                            "apostrophe, which Excel does not allow; choose another name",
                            where=where, name=name)
    if name.casefold() == "history":
        raise WorkbookError("{where}: the new sheet name {name!r} is reserved by Excel; choose "
                            "another name", where=where, name=name)
    if any(name.casefold() == e.casefold() for e in existing):
        raise WorkbookError("{where}: the new sheet name {name!r} is already used by a sheet "
                            "(names are compared ignoring case); choose another name",
                            where=where, name=name)


def _display_width(value: CellValue) -> float:
    if value is None:
        return 0.0
    if isinstance(value, dt.datetime):
        return 16.0
    if isinstance(value, dt.date):
        return 10.0
    text = str(value)
    line = max(text.split("\n"), key=len) if text else ""
    return float(sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line))


def column_widths(rows: Sequence[Sequence[CellValue]]) -> list[float]:
    """Column widths (Excel character units) that fit the longest value, within 8..60.

    East Asian wide characters (Hangul, Kanji) count double.
    """
    widths: list[float] = []
    for row in rows:
        for c, value in enumerate(row):
            if c >= len(widths):
                widths.append(0.0)
            widths[c] = max(widths[c], _display_width(value))
    return [min(MAX_WIDTH, max(MIN_WIDTH, w + 2)) for w in widths]


def sheet_xml(rows: Sequence[Sequence[CellValue]], *, header: bool) -> bytes:
    """The XML of a new, empty worksheet laid out for ``rows`` (cells are added later)."""
    widths = column_widths(rows)
    cols = ""
    if widths:
        cols = "<cols>" + "".join(
            f'<col min="{i}" max="{i}" width="{w:g}" customWidth="1"/>'
            for i, w in enumerate(widths, start=1)
        ) + "</cols>"
    return _SHEET.format(pane=_FROZEN if header and rows else "", cols=cols).encode("utf-8")


def grid_edits(rows: Sequence[Sequence[CellValue]], where: str) -> dict[int, dict[int, CellValue]]:
    """Rows of values from A1 as {row: {col: value}} edits (empty cells left out)."""
    if len(rows) > MAX_ROWS:
        raise WorkbookError("{where}: {n:,} rows do not fit in a sheet ({limit:,})", where=where,
                            n=len(rows), limit=MAX_ROWS)
    edits: dict[int, dict[int, CellValue]] = {}
    for r, row in enumerate(rows):
        if len(row) > MAX_COLS:
            raise WorkbookError(
                "{where}: row {row} has {n:,} values; a sheet has {limit:,} columns "
                "(A..{last})", where=where, row=r + 1, n=len(row), limit=MAX_COLS,
                last=col_letter(MAX_COLS - 1))
        cells: dict[int, CellValue] = {c: v for c, v in enumerate(row) if v is not None}
        if cells:
            edits[r] = cells
    return edits
