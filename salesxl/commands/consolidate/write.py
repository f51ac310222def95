"""Writing the team workbook, and Parquet files when a table is over Excel's row limit.

The team workbook is a complete salesxl workbook: `salesxl.io.template.write_team_workbook`
writes it with empty tables (every Table, dropdown, format and highlight; the reps' own columns
and the provenance columns after the schema's; the Sources, Duplicates and Conflicts sheets'
headers), then `salesxl.io.writer` streams the rows in, labels in the workbook's
language, and grows the Tables (about 7x faster than writing every cell through XlsxWriter).

Excel holds at most 1,048,576 rows per sheet (1,048,575 under a header). Nothing is ever
dropped: when any table or report sheet is longer, every table (and each long report sheet)
is also written in full as Parquet next to the workbook (``team.leads.parquet``...), the
sheet holds the rows that fit, and the Sources sheet and the summary say so.

Example:
    >>> over_limit({"leads": 10}, limit=5)
    ['leads']
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from salesxl.commands.consolidate.merge import PROVENANCE_KEYS, TeamTable
from salesxl.core.cells import MAX_ROWS
from salesxl.core.config import Config
from salesxl.core.schema import PROVENANCE, TABLES, Column
from salesxl.core.values import cell_value
from salesxl.io.tabular import write_parquet
from salesxl.io.template import _formula_value, sheet_name, write_team_workbook
from salesxl.io.writer import Convert, SheetFill, fill_workbook

EXCEL_DATA_ROWS = MAX_ROWS - 1
"""Most data rows a sheet can hold under its header row (tests lower it)."""


def over_limit(lengths: Mapping[str, int], limit: int | None = None) -> list[str]:
    """Names whose row count is over the limit (`EXCEL_DATA_ROWS` by default)."""
    cap = EXCEL_DATA_ROWS if limit is None else limit
    return [name for name, n in lengths.items() if n > cap]


def parquet_path(out: Path, name: str) -> Path:
    """Where the full table `name` goes next to the workbook `out`."""
    return out.with_name(f"{out.stem}.{name}.parquet")


def write_team(out: Path, cfg: Config, lang: str, tables: Mapping[str, TeamTable],
               sheets: Mapping[str, tuple[str, Sequence[Sequence[Any]]]],
               created: dt.datetime) -> list[Path]:
    """Write the team workbook (and Parquet when over the limit); return the Parquet files.

    Args:
        out: the .xlsx to write (atomically; a workbook it replaces is kept in
            ``.salesxl-backup/``, a folder consolidation never reads).
        cfg: configuration for the Config sheet and labels.
        lang: label language.
        tables: the team tables.
        sheets: report sheets: name -> (short key for a Parquet file name, rows with a header).
        created: the workbook's creation time (the inputs' latest, so reruns are identical).
    """
    cap = EXCEL_DATA_ROWS
    labels = {c.key: c.label(lang) for c in PROVENANCE}
    long_tables = over_limit({k: len(t) for k, t in tables.items()})
    long_sheets = over_limit({name: len(rows) - 1 for name, rows in sheets.values()})
    written: list[Path] = []
    if long_tables or long_sheets:
        for key, table in tables.items():
            written.append(_to_parquet(parquet_path(out, key), table.columns,
                                       [table.data[c] for c in table.columns]))
        for name, rows in sheets.values():
            if name in long_sheets:
                header = [str(h) for h in rows[0]]
                written.append(_to_parquet(parquet_path(out, name), header,
                                           _by_column(rows[1:], len(header))))
    extra_columns = {key: [*t.extras, *(labels[k] for k in PROVENANCE_KEYS)]
                     for key, t in tables.items()}
    headers = {sheet: [list(rows[0])] for sheet, (_, rows) in sheets.items()}
    fills = [_table_fill(tables[key], cfg, lang, cap) for key in TABLES if key in tables]
    for sheet, (_, rows) in sheets.items():
        width = len(rows[0])
        fills.append(SheetFill(sheet, [str(i) for i in range(width)],
                               _by_column(rows[1:cap + 1], width), [None] * width,
                               table=False))
    with tempfile.TemporaryDirectory(prefix="salesxl-") as tmp:
        skeleton = write_team_workbook(Path(tmp) / "skeleton.xlsx", cfg, {},
                                       extra_columns=extra_columns, extra_sheets=headers,
                                       lang=lang, created=created)
        fill_workbook(skeleton, out, fills, backup=True)
    return written


def _by_column(rows: Sequence[Sequence[Any]], width: int) -> list[Sequence[Any]]:
    """Rows (of any lengths up to `width`) as `width` columns."""
    return [[row[c] if c < len(row) else None for row in rows] for c in range(width)]


def _converter(col: Column, cfg: Config, lang: str) -> Convert:
    """Canonical value -> what the cell shows (choice labels in `lang`), cached per value."""
    if col.type in ("choice", "yesno"):
        cache: dict[Any, Any] = {}

        def label(value: Any) -> Any:
            try:
                return cache[value]
            except KeyError:
                pass
            try:
                shown = cell_value(col, value, cfg, lang)
            except ValueError:  # a cell the rep typed that salesxl could not read: as typed
                shown = value
            cache[value] = shown
            return shown

        return label
    if col.type == "date":
        return lambda v: v.date() if isinstance(v, dt.datetime) else v
    if col.type == "int":
        return lambda v: int(v) if isinstance(v, float) and v.is_integer() else v
    return None


def _table_fill(table: TeamTable, cfg: Config, lang: str, cap: int) -> SheetFill:
    schema = TABLES[table.key]
    keys = table.columns
    convert = [_converter(schema.column(k), cfg, lang) if schema.has(k) else None for k in keys]
    columns: list[Sequence[Any]] = [table.data[k][:cap] for k in keys]
    formulas: dict[int, str] = {}
    for i, col in enumerate(schema.columns):
        if col.formula:  # the cached result Excel shows before it recalculates
            formulas[i] = col.formula
            rows = zip(*columns, strict=True)
            columns[i] = [_formula_value(col.key, dict(zip(keys, r, strict=True)), cfg)
                          for r in rows]
    return SheetFill(sheet_name(schema, lang), keys, columns, convert, formulas)


def _to_parquet(path: Path, names: list[str], columns: Sequence[Sequence[Any]]) -> Path:
    return write_parquet(path, names, columns)
