"""The columns a rule reads from a table, and its results written back: only changed cells.

`typed_columns` parses just the columns a rule needs, each distinct raw value once (choice,
yes/no, date and amount columns repeat a few values over thousands of rows), with the same
parser and the same problems as `salesxl.io.read.typed_column`. `result_cells` turns a DataFrame of canonical results (index = zero-based worksheet rows, as
`salesxl.io.read` gives them) into cell edits for `salesxl.io.patch.patch_workbook`, with labels
in the workbook's language. A cell already holding the value is left alone, so a second run
writes nothing. A result column the sheet lacks gets a header cell after the last used column
(outside an Excel Table on the sheet, which does not grow sideways).

Example:
    >>> from salesxl.core.config import Config
from salesxl.core.errors import WorkbookError
    >>> plan = ColumnPlan.for_table(td, ["bant_status"], "en")  # doctest: +SKIP
    >>> result_cells(td, results, plan, Config.default(), "en")  # doctest: +SKIP
    {(4, 36): 'Qualified', ...}
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from salesxl.core import parse
from salesxl.core.cells import MAX_COLS, col_letter, to_a1
from salesxl.core.config import Config
from salesxl.core.errors import WorkbookError
from salesxl.core.values import cell_value
from salesxl.io.parts.celledits import CellEdits
from salesxl.io.parts.cellreader import open_cells
from salesxl.io.parts.cellxml import CellValue
from salesxl.io.read import TableData, check_kept
from salesxl.io.read import typed_columns as typed_columns  # the one column reader, re-exported


@dataclass
class ColumnPlan:
    """Where each result column goes: existing columns, plus header cells to add."""

    columns: dict[str, int]  # canonical key -> zero-based column
    headers: dict[tuple[int, int], CellValue] = field(default_factory=dict)  # new header cells
    added: list[str] = field(default_factory=list)  # A1 cell and label of each added header

    @classmethod
    def for_table(cls, td: TableData, keys: Iterable[str], lang: str, *,
                  last_col: int | None = None) -> ColumnPlan:
        """Place `keys` in `td`: where they are, or new columns after the last used one.

        Args:
            last_col: the sheet's last used column (cells right of the headers count); read
                from the file when not given.
        """
        keys = list(keys)
        columns = {k: td.columns[k] for k in keys if k in td.columns}
        plan = cls(columns)
        missing = [k for k in keys if k not in columns]
        if missing:
            free = _first_free_column(td, last_col)
            if free + len(missing) > MAX_COLS:
                raise WorkbookError(
                    "{file}: the {sheet} sheet has no room for {n} new column(s) ({labels}): "
                    "its last used column is {last}, at Excel's edge. Delete the cells far to "
                    "the right of the table (press Ctrl+End to find them), or add the columns' "
                    "headers yourself next to the table", file=td.file, sheet=td.sheet,
                    n=len(missing), last=col_letter(min(free, MAX_COLS) - 1),
                    labels=", ".join(td.table.column(k).label(lang) for k in missing))
            for key in missing:
                label = td.table.column(key).label(lang)
                plan.columns[key] = free
                plan.headers[(td.header_row, free)] = label
                plan.added.append(f"{td.sheet}!{to_a1(td.header_row, free)} {label!r}")
                free += 1
        return plan


def _first_free_column(td: TableData, sheet_end: int | None = None) -> int:
    used = [*td.columns.values(), *td.extras.values()]
    last = max(used, default=-1)
    if sheet_end is not None:
        return max(last, sheet_end) + 1
    # cells to the right of the headers (no header text) must not be overwritten; the file
    # was just read, so a failure here keeps the header-based guess
    with contextlib.suppress(Exception):
        last = max(last, open_cells(Path(td.file)).end(td.sheet))
    return last + 1


def _blank(v: Any) -> bool:
    if v is None:
        return True
    cls = v.__class__  # `parse.is_blank` of text and plain numbers, without its detour
    if cls is str:
        return not v.strip().strip("\u200b\u2060\ufeff").strip()
    if cls is int:
        return False
    if cls is float:
        return bool(v != v)
    return parse.is_blank(v)


def same_value(old: Any, new: Any) -> bool:
    """Whether a cell holding `old` (as read) already shows `new` (as it would be written).

    Example:
        >>> same_value(75.0, 75), same_value("", None), same_value(dt.datetime(2026, 3, 5), dt.date(2026, 3, 5))
        (True, True, True)
    """
    if old.__class__ is str and new.__class__ is str:  # the common case: labels
        return bool(old.strip() == new.strip())
    if new is None or old is None or old == "":
        return _blank(old) and _blank(new)
    if isinstance(new, dt.date) and not isinstance(new, dt.datetime):
        return isinstance(old, dt.date) and (
            old.date() if isinstance(old, dt.datetime) else old) == new
    if isinstance(new, bool) or isinstance(old, bool):
        return type(new) is type(old) and new == old
    if isinstance(new, int | float) and isinstance(old, int | float):
        return float(new) == float(old)
    return bool(old == new)


def result_cells(td: TableData, results: pd.DataFrame, plan: ColumnPlan, cfg: Config,
                 lang: str) -> CellEdits:
    """Cell edits writing `results` (canonical values; index = worksheet rows) into `td`.

    Only cells whose shown value changes are included, plus the plan's new header cells.
    """
    cells = CellEdits(dict(plan.headers))
    index = results.index.tolist()
    for key in results.columns:
        col = td.table.column(key)
        if key in td.frame.columns:
            olds = td.frame[key].reindex(results.index).tolist()
        else:
            check_kept(td, key)  # its old values decide which cells change
            olds = [None] * len(results)
        labels: dict[Any, CellValue] = {}
        rows: list[int] = []
        news: list[CellValue] = []
        for r, value, old in zip(index, results[key].tolist(), olds, strict=True):
            if col.type == "choice" and isinstance(value, str):
                new = labels.get(value)
                if new is None:
                    new = labels[value] = cell_value(col, value, cfg, lang)
            else:
                new = cell_value(col, value, cfg, lang)
            if new == "":
                new = None
            # an empty old cell (a column just added) changes unless the value is blank too
            if not (_blank(new) if old is None else same_value(old, new)):
                rows.append(int(r))
                news.append(new)
        cells.put_column(plan.columns[key], rows, news)
    return cells
