"""An open workbook through xlwings: read its tables as the file reader does, write cells back.

The button macros cannot edit the workbook's file while Excel has it open (Excel holds it, and
salesxl's patcher refuses while Excel's ``~$`` lock file exists). So they read the values from
the open sheets, run the library on them, and write back only the cells that change, through
Excel. `read_open_book` mirrors `salesxl.io.read.read_workbook` step by step (tables by sheet
name, else by their headers; the Config sheet; the label language) over the values xlwings
returns, using the reader's own header matching.

Only a small part of the xlwings API is used, so that a stand-in backed by a real file can run
the macros in tests: ``book.sheets`` (iterate, ``[name]``, ``add``), ``book.name``,
``book.fullname``, ``book.app.status_bar``, ``book.selection``, ``sheet.name``,
``sheet.used_range.last_cell.row/column``, ``sheet.range((r, c), (r, c)).options(ndim=2).value``
(get and set), ``range.clear_contents()``, ``range.address``, ``range.sheet``,
``sheet.activate()``.

Example:
    >>> group_runs({(4, 2): "a", (5, 2): "b", (9, 2): "c", (4, 3): 1})  # doctest: +NORMALIZE_WHITESPACE
    [(2, 4, ['a', 'b']), (2, 9, ['c']), (3, 4, [1])]
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import Any

import numpy as np

from salesxl.core import parse
from salesxl.core.cells import parse_range
from salesxl.core.errors import UsageError
from salesxl.core.schema import find_table
from salesxl.io.book import Book, SaveReport
from salesxl.io.read import WorkbookData, _find_header, locate_tables
from salesxl.xl import panel

Grid = list[list[Any]]


def sheet_grid(sheet: Any, nrows: int | None = None) -> Grid:
    """The values from A1 to the sheet's last used cell, as the file reader sees them.

    Empty cells become "" (python-calamine's blank), numbers stay floats, dates datetimes.

    Example:
        >>> sheet_grid(xw.books.active.sheets["Leads"])[0][:2]  # doctest: +SKIP
        ['Lead ID', 'Created on']
    """
    last = sheet.used_range.last_cell
    rows, cols = last.row, last.column
    if nrows is not None:
        rows = min(rows, nrows)
    values = sheet.range((1, 1), (rows, cols)).options(ndim=2).value
    return [["" if v is None else v for v in row] for row in values]


def read_open_book(book: Any, tables: Iterable[str] | None = None) -> WorkbookData:
    """The tables and the Config of an open workbook, as `read_workbook` reads them from a file.

    Raises:
        TableNotFoundError: (from `WorkbookData.table`) when an asked-for table is missing.

    Example:
        >>> data = read_open_book(xw.Book.caller(), ["leads"])  # doctest: +SKIP
        >>> data.table("leads").sheet, data.lang  # doctest: +SKIP
        ('리드', 'ko')
    """
    file = str(getattr(book, "fullname", "") or book.name)
    names = [s.name for s in book.sheets if s.name not in (panel.SHEET, panel.CONF_SHEET)]
    grids: dict[str, Grid] = {}

    def grid(name: str, nrows: int | None = None) -> Grid:
        if name in grids:
            return grids[name] if nrows is None else grids[name][:nrows]
        g = sheet_grid(book.sheets[name], nrows)
        if nrows is None:
            grids[name] = g
        return g

    found, config, config_sheet, notes, lang, missed = locate_tables(names, grid, file, tables)
    return WorkbookData(Path(file), names, found, config, config_sheet, False, notes, lang,
                        missed)


def open_book(book: Any, tables: Iterable[str] | None = None) -> Book:
    """A `salesxl.io.book.Book` over a workbook open in Excel: the commands run on it exactly
    as on a file (`salesxl.validate(open_book(xw.Book.caller()))`), and its `save` writes the
    changed cells into the open workbook (the rep saves it in Excel).

    Example:
        >>> report = validate(open_book(xw.Book.caller(), ["leads"]))  # doctest: +SKIP
    """
    data = read_open_book(book, tables)

    def grid_of(name: str, nrows: int | None = None) -> Grid:
        return sheet_grid(book.sheets[name], nrows)

    def sheet_end(name: str) -> int:
        grid = sheet_grid(book.sheets[name])
        return max((len(row) for row in grid), default=0) - 1

    def save(b: Book) -> SaveReport:
        if b._new_sheets or b._grafts:
            raise UsageError("this step adds a sheet, which the Excel button cannot do on an open "
                             "workbook: close the workbook and run the salesxl command on it")
        written = sum(write_cells(book.sheets[sheet], cells)
                      for sheet, cells in b.cell_edits.items())
        return SaveReport(b.path, cells_written=written, columns_added=list(b.columns_added))

    return Book(data.path, data, grid_of, sheet_end, saver=save)


def group_runs(cells: Mapping[tuple[int, int], Any]) -> list[tuple[int, int, list[Any]]]:
    """Cells as (column, first row, values) runs of consecutive rows: one write per run."""
    runs: list[tuple[int, int, list[Any]]] = []
    for (r, c) in sorted(cells, key=lambda rc: (rc[1], rc[0])):
        if runs and runs[-1][0] == c and runs[-1][1] + len(runs[-1][2]) == r:
            runs[-1][2].append(cells[(r, c)])
        else:
            runs.append((c, r, [cells[(r, c)]]))
    return runs


def excel_value(value: Any) -> Any:
    """A value as it is handed to Excel: plain Python types, dates as datetimes (what both
    the Windows and the macOS bridge take); text that Excel would run as a formula gets Excel's
    quote prefix so it stays text.

    Example:
        >>> excel_value("=cmd|' /C calc'!A0"), excel_value(dt.date(2026, 3, 5))
        ("'=cmd|' /C calc'!A0", datetime.datetime(2026, 3, 5, 0, 0))
    """
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, str) and parse.looks_like_formula(value):
        return "'" + value
    return value


def write_cells(sheet: Any, cells: Mapping[tuple[int, int], Any]) -> int:
    """Write `cells` ({(row, col): value}, zero-based) into `sheet`, one call per run of
    consecutive rows in a column. Returns the number of cells written.

    Example:
        >>> write_cells(xw.books.active.sheets["Leads"], {(4, 36): "Qualified"})  # doctest: +SKIP
        1
    """
    for c, r, values in group_runs(cells):
        sheet.range((r + 1, c + 1), (r + len(values), c + 1)).value = [
            [excel_value(v)] for v in values]
    return len(cells)


def selected_rows(book: Any, sheet_name: str) -> list[int]:
    """Zero-based rows of the cells selected on `sheet_name` (every area of the selection).

    The sheet's own selection is used: when another sheet is active (the user clicked a button
    on the salesxl sheet), `sheet_name` is activated to read it and the panel shown again.

    Raises:
        UsageError: whole columns are selected (that would be every lead).

    Example:
        >>> selected_rows(book, "Leads")  # selection $A$5:$C$6,$E$9  # doctest: +SKIP
        [4, 5, 8]
    """
    selection = book.selection
    if selection is None or selection.sheet.name != sheet_name:
        book.sheets[sheet_name].activate()
        selection = book.selection
        if panel.SHEET in [s.name for s in book.sheets]:
            book.sheets[panel.SHEET].activate()
    if selection is None:
        return []
    rows: set[int] = set()
    for area in str(selection.address).replace("$", "").split(","):
        area = area.strip()
        if re.fullmatch(r"\d+:\d+", area):  # whole rows, e.g. 5:7
            first, last = (int(x) - 1 for x in area.split(":"))
            rows.update(range(min(first, last), max(first, last) + 1))
        elif re.fullmatch(r"[A-Za-z]+:[A-Za-z]+", area):
            raise UsageError(f"whole columns are selected ({area}): select the rows of the "
                             "leads to advance")
        elif area:
            r1, _, r2, _ = parse_range(area)
            rows.update(range(r1, r2 + 1))
    return sorted(rows)


def file_grids(path: str | Path) -> dict[str, Grid]:
    """Every worksheet of a workbook file as the reader sees it (python-calamine)."""
    import python_calamine as calamine

    wb = calamine.CalamineWorkbook.from_path(str(path))
    return {m.name: wb.get_sheet_by_name(m.name).to_python(skip_empty_area=False)
            for m in wb.sheets_metadata if m.typ == calamine.SheetTypeEnum.WorkSheet}


def _formula_columns(name: str, grid: Grid) -> set[int]:
    """Columns of a table's formula columns (their cached values are not data to copy)."""
    table = find_table(name)
    if table is None:
        return set()
    header = _find_header(table, grid, 1)
    if header is None:
        return set()
    out = set()
    for c, h in enumerate(grid[header]):
        key = table.match_header(h) if isinstance(h, str) else None
        if key is not None and table.column(key).formula:
            out.add(c)
    return out


def changed_cells(before: Grid, after: Grid, skip: AbstractSet[int] = frozenset()) -> dict[
        tuple[int, int], Any]:
    """The cells whose value differs between two grids of one sheet ({(row, col): after}).

    Example:
        >>> changed_cells([["a", 1.0]], [["a", 2.0], ["", "x"]])
        {(0, 1): 2.0, (1, 1): 'x'}
    """
    cells: dict[tuple[int, int], Any] = {}
    for r in range(max(len(before), len(after))):
        old = before[r] if r < len(before) else []
        new = after[r] if r < len(after) else []
        for c in range(max(len(old), len(new))):
            if c in skip:
                continue
            a = old[c] if c < len(old) else ""
            b = new[c] if c < len(new) else ""
            if not (a == b and type(a) is type(b)):
                cells[(r, c)] = None if b == "" else b
    return cells


def mirror(book: Any, before: Mapping[str, Grid], after: Mapping[str, Grid]) -> int:
    """Write into the open `book` what a library function changed in a copy of its file.

    `before` and `after` are the copy's sheets (`file_grids`) around the function's run.
    Changed cells are written; a sheet the function added is added. Formula columns of the
    tables are left alone (their cells keep their formulas). Returns the cells written.
    """
    written = 0
    names = [s.name for s in book.sheets]
    for name, grid in after.items():
        old = before.get(name, [])
        cells = changed_cells(old, grid, _formula_columns(name, grid))
        if not cells:
            continue
        if name not in names:
            sheet = book.sheets.add(name, after=book.sheets[len(book.sheets) - 1])
            names.append(name)
        else:
            sheet = book.sheets[name]
        written += write_cells(sheet, cells)
    return written


def now_text() -> str:
    """The time stamped on a run's messages."""
    return dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S")
