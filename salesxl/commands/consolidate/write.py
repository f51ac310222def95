"""Writing the team workbook, and Parquet files when a table is over Excel's row limit.

The team workbook is a complete salesxl workbook: `salesxl.io.template.write_filled` writes
it with empty tables (every Table, dropdown, format and highlight; the reps' own columns and
the provenance columns after the schema's; the Sources, Duplicates and Conflicts sheets'
headers), then streams the rows in, labels in the workbook's language, and grows the Tables
(about 7x faster than writing every cell through XlsxWriter).

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
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from salesxl.commands.consolidate.merge import PROVENANCE_KEYS, TeamTable
from salesxl.commands.consolidate.report import NoteRows
from salesxl.core.cells import MAX_ROWS
from salesxl.core.config import Config
from salesxl.core.schema import PROVENANCE, TABLES
from salesxl.io.tabular import write_parquet
from salesxl.io.template import plain_fill, table_fill, write_filled
from salesxl.io.writer import SheetFill

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
                columns = ([rows.column(c) for c in range(len(header))]
                           if isinstance(rows, NoteRows)  # made a chunk at a time
                           else _by_column(rows[1:], len(header)))
                written.append(_to_parquet(parquet_path(out, name), header, columns))
    extra_columns = {key: [*t.extras, *(labels[k] for k in PROVENANCE_KEYS)]
                     for key, t in tables.items()}
    headers = {sheet: [list(rows[0])] for sheet, (_, rows) in sheets.items()}
    fills = [table_fill(TABLES[key], tables[key].columns,
                        [_first(tables[key].data[c], cap) for c in tables[key].columns], cfg,
                        lang)
             for key in TABLES if key in tables]
    fills += [_report_fill(sheet, rows, cap) for sheet, (_, rows) in sheets.items()
              if len(rows) > 1]
    write_filled(out, cfg, fills, extra_columns=extra_columns, extra_sheets=headers, lang=lang,
                 created=created, backup=True)
    return written


def _report_fill(sheet: str, rows: Sequence[Sequence[Any]], cap: int) -> SheetFill:
    """A report sheet's rows under its header (at most `cap`); the rows of a `NoteRows` are
    made a chunk at a time as the sheet is written, never held all at once."""
    if not isinstance(rows, NoteRows):
        return plain_fill(sheet, _first(rows, cap + 1))
    width = len(rows.header)
    return SheetFill(sheet, [str(i) for i in range(width)],
                     [rows.column(c, cap) for c in range(width)], [None] * width, table=False)


def _first(values: Sequence[Any], n: int) -> Sequence[Any]:
    """The first `n` values, without copying a list that is not longer (a team table's
    columns hold millions of cells)."""
    return values if len(values) <= n else values[:n]


def _by_column(rows: Sequence[Sequence[Any]], width: int) -> list[Sequence[Any]]:
    """Rows (of any lengths up to `width`) as `width` columns."""
    return [[row[c] if c < len(row) else None for row in rows] for c in range(width)]


def _to_parquet(path: Path, names: list[str], columns: Sequence[Sequence[Any]]) -> Path:
    return write_parquet(path, names, columns)
