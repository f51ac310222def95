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
    >>> plan = ColumnPlan.for_table(td, ["bant_status"], "en")  # doctest: +SKIP
    >>> result_cells(td, results, plan, Config.default(), "en")  # doctest: +SKIP
    {(4, 36): 'Qualified', ...}
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import python_calamine as calamine

from salesxl.core import parse
from salesxl.core.cells import to_a1
from salesxl.core.config import Config
from salesxl.core.errors import Problem
from salesxl.core.parse import ParseError
from salesxl.core.values import cell_value, read_value
from salesxl.io.parts.cellxml import CellValue
from salesxl.io.read import TableData


def _parse_column(raws: list[Any], parse_one: Any) -> list[Any]:
    """`parse_one` of every raw value, each distinct value parsed once (errors as values)."""
    if any(v.__class__ is bool for v in raws):
        # True == 1 == 1.0 as dict keys: key by type too when a column mixes bools in
        keyed = [(v.__class__, v) for v in raws]
        memo = {k: parse_one(k[1]) for k in dict.fromkeys(keyed)}
        return list(map(memo.__getitem__, keyed))
    memo = {v: parse_one(v) for v in dict.fromkeys(raws)}
    return list(map(memo.__getitem__, raws))


def typed_columns(td: TableData, keys: Iterable[str], cfg: Config, problems: list[Problem],
                  *, epoch1904: bool = False) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
    """Canonical values of `keys` (index = worksheet rows) and where cells were unreadable.

    A column the sheet lacks is all None. Each unreadable cell becomes None, a `Problem` in
    `problems` (with its cell) and True in the returned mask of its column.

    Example:
        >>> values, bad = typed_columns(td, ["budget_amount"], cfg, problems)  # doctest: +SKIP
    """
    data: dict[str, pd.Series] = {}
    invalid: dict[str, np.ndarray] = {}
    index = td.frame.index
    for key in keys:
        col = td.table.column(key)
        if key not in td.frame.columns:
            data[key] = pd.Series([None] * len(index), index=index, dtype=object, name=key)
            invalid[key] = np.zeros(len(index), dtype=bool)
            continue

        def parse_one(raw: Any, col: Any = col) -> Any:
            try:
                return read_value(col, raw, cfg, epoch1904=epoch1904)
            except ParseError as exc:
                return exc

        raws = td.frame[key].tolist()
        out = _parse_column(raws, parse_one)
        bad = np.fromiter((v.__class__ is ParseError for v in out), dtype=bool, count=len(out))
        if bad.any():
            c = td.columns[key]
            rows = index.tolist()
            for i in np.flatnonzero(bad).tolist():
                problems.append(Problem(td.sheet, int(rows[i]), c, key, raws[i], str(out[i]),
                                        td.file))
                out[i] = None
        data[key] = pd.Series(out, index=index, dtype=object, name=key)
        invalid[key] = bad
    return pd.DataFrame(data, index=index), invalid


@dataclass
class ColumnPlan:
    """Where each result column goes: existing columns, plus header cells to add."""

    columns: dict[str, int]  # canonical key -> zero-based column
    headers: dict[tuple[int, int], CellValue] = field(default_factory=dict)  # new header cells
    added: list[str] = field(default_factory=list)  # A1 cell and label of each added header

    @classmethod
    def for_table(cls, td: TableData, keys: Iterable[str], lang: str) -> ColumnPlan:
        """Place `keys` in `td`: where they are, or new columns after the last used one."""
        keys = list(keys)
        columns = {k: td.columns[k] for k in keys if k in td.columns}
        plan = cls(columns)
        missing = [k for k in keys if k not in columns]
        if missing:
            free = _first_free_column(td)
            for key in missing:
                label = td.table.column(key).label(lang)
                plan.columns[key] = free
                plan.headers[(td.header_row, free)] = label
                plan.added.append(f"{td.sheet}!{to_a1(td.header_row, free)} {label!r}")
                free += 1
        return plan


def _first_free_column(td: TableData) -> int:
    used = [*td.columns.values(), *td.extras.values()]
    last = max(used, default=-1)
    try:  # cells to the right of the headers (no header text) must not be overwritten
        sheet = calamine.CalamineWorkbook.from_path(td.file).get_sheet_by_name(td.sheet)
        last = max(last, sheet.end[1] if sheet.end is not None else -1)
    except Exception:  # pragma: no cover - the file was just read; keep the header-based guess
        pass
    return last + 1


def _blank(v: Any) -> bool:
    return v is None or (v.__class__ is str and not v.strip()) or parse.is_blank(v)


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
                 lang: str) -> dict[tuple[int, int], CellValue]:
    """Cell edits writing `results` (canonical values; index = worksheet rows) into `td`.

    Only cells whose shown value changes are included, plus the plan's new header cells.
    """
    cells: dict[tuple[int, int], CellValue] = dict(plan.headers)
    for key in results.columns:
        col = td.table.column(key)
        c = plan.columns[key]
        olds = (td.frame[key].reindex(results.index).tolist() if key in td.frame.columns
                else [None] * len(results))
        labels: dict[Any, CellValue] = {}
        for r, value, old in zip(results.index.tolist(), results[key].tolist(), olds,
                                 strict=True):
            if col.type == "choice" and isinstance(value, str):
                new = labels.get(value)
                if new is None:
                    new = labels[value] = cell_value(col, value, cfg, lang)
            else:
                new = cell_value(col, value, cfg, lang)
            if new == "":
                new = None
            if not same_value(old, new):
                cells[(int(r), c)] = new
    return cells
