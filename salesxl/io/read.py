"""Reading team workbooks fast: tables by sheet name or by headers, canonical keys, row numbers.

python-calamine (Rust) reads the cells; a table's raw values become a DataFrame whose columns
are canonical keys (plus the unknown columns, under their own header text) and whose index is
the zero-based worksheet row, so that any problem can be reported as `Leads!F17`. Values stay
raw here; `typed_column` / `typed_frame` parse them per column type and collect problems.

Example:
    >>> book = read_workbook("workbooks/salesxl-team-en.xlsx")  # doctest: +SKIP
    >>> book.tables["leads"].frame.columns[:3].tolist()  # doctest: +SKIP
    ['lead_id', 'created_on', 'rep']
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import python_calamine as calamine

from salesxl.core import parse
from salesxl.core.config import Config
from salesxl.core.errors import Problem, TableNotFoundError, WorkbookError
from salesxl.core.schema import (
    CONFIG_SHEET,
    PLAYBOOK_SHEET,
    SUMMARY_SHEET,
    TABLES,
    Table,
    find_table,
    is_report_sheet,
    normalize_header,
)
from salesxl.core.values import ReadOptions, read_column
from salesxl.core.vocab import language_of
from salesxl.io.config_sheet import read_config
from salesxl.io.parts.safety import open_zip

LEGACY_KINDS = {".csv": "CSV", ".tsv": "TSV", ".txt": "text", ".xls": "Excel 97-2003 (.xls)",
                ".ods": "OpenDocument (.ods)", ".xlsb": "Excel binary (.xlsb)"}
HEADER_SCAN_ROWS = 30  # a header row is looked for in the first rows of a sheet
_REPORT_NORMS = {normalize_header(n) for sheet in (SUMMARY_SHEET, PLAYBOOK_SHEET)
                 for n in (sheet[0], sheet[1], *sheet[2])}
MIN_HEADER_MATCHES = 2


@dataclass
class TableData:
    """One table as found in a workbook: where it is and its raw values."""

    table: Table
    sheet: str
    header_row: int  # zero-based worksheet row of the header
    columns: dict[str, int]  # canonical key -> zero-based worksheet column
    extras: dict[str, int]  # header text of a column salesxl does not know -> column
    frame: pd.DataFrame  # raw values; index = zero-based worksheet row; blank rows dropped
    file: str = ""
    found_by: str = "sheet name"
    header_texts: dict[str, str] = field(default_factory=dict)  # canonical key -> header text

    @property
    def last_row(self) -> int:
        """Zero-based worksheet row of the last row with data (the header when empty)."""
        return int(self.frame.index.max()) if len(self.frame) else self.header_row

    def col(self, key: str) -> int:
        """Zero-based worksheet column of a canonical key (KeyError when absent)."""
        return self.columns[key]


@dataclass
class WorkbookData:
    """What salesxl read from one workbook."""

    path: Path
    sheet_names: list[str]
    tables: dict[str, TableData]
    config: Config
    config_sheet: str | None
    epoch1904: bool = False
    notes: list[str] = field(default_factory=list)
    lang: str = "ko"  # language of the labels salesxl writes: Config's, else the headers'

    def table(self, key: str) -> TableData:
        """The table `key`; raises TableNotFoundError with the sheets that do exist."""
        if key not in self.tables:
            t = TABLES[key]
            raise TableNotFoundError(
                f"{self.path}: no {t.en} table found (looked for a sheet named {t.en!r} or "
                f"{t.ko!r}, or a sheet whose first rows hold its headers). Sheets: "
                f"{', '.join(self.sheet_names)}. Run `salesxl init` for a ready workbook or "
                f"rename the sheet.")
        return self.tables[key]


def _open_calamine(path: Path) -> calamine.CalamineWorkbook:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        open_zip(path).close()  # size, member and ratio limits before any parsing
    try:
        return calamine.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises several private error types
        raise WorkbookError(f"{path}: cannot be read as a workbook ({exc}). Open it in Excel "
                            "and save it again as .xlsx.") from None


def _epoch1904(path: Path) -> bool:
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return False
    with zipfile.ZipFile(path) as zf:
        try:
            head = zf.read("xl/workbook.xml")[:4000]
        except KeyError:
            return False
    return b'date1904="1"' in head or b"date1904='1'" in head or b'date1904="true"' in head


def _grid(wb: calamine.CalamineWorkbook, name: str, nrows: int | None = None) -> list[list[Any]]:
    return wb.get_sheet_by_name(name).to_python(skip_empty_area=False, nrows=nrows)


def _header_score(table: Table, row: list[Any]) -> int:
    keys = {table.match_header(v) for v in row if isinstance(v, str) and v.strip()}
    keys.discard(None)
    return len(keys)


def _find_header(table: Table, grid: list[list[Any]], minimum: int) -> int | None:
    best, best_row = 0, None
    for r, row in enumerate(grid[:HEADER_SCAN_ROWS]):
        score = _header_score(table, row)
        if score > best:
            best, best_row = score, r
    return best_row if best >= minimum else None


def _has_data(row: list[Any], cols: list[int]) -> bool:
    """True when any of `cols` holds a value (hot path: called once per worksheet row)."""
    n = len(row)
    for c in cols:
        if c < n:
            v = row[c]
            if v.__class__ is str:
                if v and not v.isspace():
                    return True
            elif v is not None:
                return True
    return False


def _table_from_grid(table: Table, sheet: str, grid: list[list[Any]], header_row: int,
                     file: str, found_by: str) -> TableData:
    header = grid[header_row] if header_row < len(grid) else []
    columns: dict[str, int] = {}
    extras: dict[str, int] = {}
    for c, h in enumerate(header):
        if parse.is_blank(h):
            continue
        key = table.match_header(h)
        if key is not None and key not in columns:
            columns[key] = c
        else:
            text = str(h).strip()
            name, n = text, 2
            while name in extras or name in table.keys:
                name, n = f"{text} ({n})", n + 1
            extras[name] = c
    order = list(columns.items()) + list(extras.items())
    # a row whose only values are formula results (e.g. the empty row of a new Table) is blank
    data_cols = [c for name, c in order if not (table.has(name) and table.column(name).formula)]
    rows = [r for r in range(header_row + 1, len(grid)) if _has_data(grid[r], data_cols)]
    data = {name: [grid[r][c] if c < len(grid[r]) else "" for r in rows] for name, c in order}
    frame = pd.DataFrame(data, index=pd.Index(rows, dtype="int64"), dtype=object)
    texts = {key: str(header[c]).strip() for key, c in columns.items()}
    return TableData(table, sheet, header_row, columns, extras, frame, file, found_by, texts)


GridOf = Callable[..., list[list[Any]]]  # (sheet name, nrows=None) -> rows of cell values


def locate_tables(
    names: list[str], grid_of: GridOf, file: str, tables: Iterable[str] | None = None,
) -> tuple[dict[str, TableData], Config, str | None, list[str], str]:
    """Find the tables and the Config among the sheets `names`, whatever holds the cells.

    Shared by the file reader and the Excel edge (an open workbook's sheets): `grid_of(name,
    nrows=None)` returns a sheet's cells from A1. A table is found by its sheet name or, failing
    that, by a sheet whose first rows hold at least two of its headers; sheets that are
    something else by name (the Summary, the Playbook, another table) are never searched.

    Returns:
        (tables found, Config, Config sheet name or None, notes, label language)
    """
    wanted = list(tables) if tables is not None else list(TABLES)
    found: dict[str, TableData] = {}
    config_sheet = None
    config_norms = {normalize_header(n) for n in (CONFIG_SHEET[0], CONFIG_SHEET[1],
                                                  *CONFIG_SHEET[2])}
    for name in names:
        if normalize_header(name) in config_norms and config_sheet is None:
            config_sheet = name
            continue
        table = find_table(name)
        if table is not None and table.key in wanted and table.key not in found:
            grid = grid_of(name)
            header = _find_header(table, grid, 1)
            found[table.key] = _table_from_grid(table, name, grid, header or 0, file,
                                                "sheet name")
    # sheets that are something else by name are never searched: the Summary's tables,
    # the Playbook, and another table's sheet (Customers has a lead_id and a contact too)
    other = {n for n in names if normalize_header(n) in _REPORT_NORMS or find_table(n)
             or is_report_sheet(n)}
    for key in wanted:
        if key in found:
            continue
        table = TABLES[key]
        claimed = {t.sheet for t in found.values()} | {config_sheet} | other
        best: tuple[int, str, int] | None = None
        for name in names:
            if name in claimed:
                continue
            head = grid_of(name, HEADER_SCAN_ROWS)
            header = _find_header(table, head, MIN_HEADER_MATCHES)
            if header is not None:
                score = _header_score(table, head[header])
                if best is None or score > best[0]:
                    best = (score, name, header)
        if best is not None:
            found[key] = _table_from_grid(table, best[1], grid_of(best[1]), best[2], file,
                                          "headers")
    notes: list[str] = []
    config = read_config(grid_of(config_sheet) if config_sheet else None,
                         config_sheet or "Config", file)
    if config_sheet is None:
        notes.append("no Config sheet: the default configuration applies (seven_step pipeline, "
                     "Korean holidays, tiers A 7 / B 14 / C 30 / D 90 days)")
    elif config.defaults_used:
        notes.append(f"Config sheet incomplete, defaults used for: {', '.join(config.defaults_used)}")
    lang = config.language if config_sheet else _header_language(found)
    return found, config, config_sheet, notes, lang


def read_workbook_with_reader(
    path: str | Path, tables: Iterable[str] | None = None,
) -> tuple[WorkbookData, GridOf, Callable[[str], int]]:
    """`read_workbook`, plus the open reader: a sheet's cells from A1 (``grid_of(name,
    nrows=None)``) and the last used column of a sheet (``sheet_end(name)``, -1 when empty),
    so that a command reads the file once."""
    path = Path(path)
    if not path.exists():
        raise WorkbookError("{path}: no such file. Check the path, or create a workbook with "
                            "`salesxl init`.", path=path)
    kind = LEGACY_KINDS.get(path.suffix.lower())
    if kind is not None:
        raise WorkbookError("{path} is a {kind} file, not a team workbook: convert it first with "
                            "`salesxl convert {path} -o FOLDER` (or --into TEAM.xlsx)",
                            path=path, kind=kind)
    wb = _open_calamine(path)
    names = [m.name for m in wb.sheets_metadata
             if m.typ == calamine.SheetTypeEnum.WorkSheet]
    grids: dict[str, list[list[Any]]] = {}

    def grid_of(name: str, nrows: int | None = None) -> list[list[Any]]:
        if name in grids:
            return grids[name] if nrows is None else grids[name][:nrows]
        grid = _grid(wb, name, nrows)
        if nrows is None:
            grids[name] = grid
        return grid

    def sheet_end(name: str) -> int:
        end = wb.get_sheet_by_name(name).end
        return end[1] if end is not None else -1

    found, config, config_sheet, notes, lang = locate_tables(names, grid_of, str(path), tables)
    grids.clear()  # the tables hold what they need; a sheet asked for again is read again
    data = WorkbookData(path, names, found, config, config_sheet, _epoch1904(path), notes, lang)
    return data, grid_of, sheet_end


def read_workbook(path: str | Path, tables: Iterable[str] | None = None) -> WorkbookData:
    """Read the tables and the Config of a team workbook (or a hand-made one).

    A table is found by its sheet name (English, Korean or a synonym) or, failing that, by a
    sheet whose first rows hold at least two of its headers. Without a Config sheet the
    defaults apply and `notes` says so.

    Raises:
        WorkbookError: the file is not a readable, safe workbook.
    """
    return read_workbook_with_reader(path, tables)[0]


def _header_language(found: dict[str, TableData]) -> str:
    """'ko' when most known headers are written in Hangul, else 'en'."""
    return language_of((t for td in found.values() for t in td.header_texts.values()), "en")


def typed_columns(td: TableData, keys: Iterable[str], cfg: Config,
                  problems: list[Problem] | None = None, *, epoch1904: bool = False,
                  date_order: str = "YMD") -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
    """Canonical values of `keys` (index = worksheet rows) and where cells were unreadable.

    The one raw -> canonical path (`salesxl.core.values.read_column`), column by column. A
    column the sheet lacks is all None. Each unreadable cell becomes None, a `Problem` in
    `problems` (with its cell) and True in the returned mask of its column.
    """
    data: dict[str, list[Any]] = {}
    invalid: dict[str, np.ndarray] = {}
    index = td.frame.index
    options = ReadOptions(date_order=date_order, epoch1904=epoch1904)
    rows: list[int] | None = None
    for key in keys:
        if key not in td.frame.columns:
            data[key] = [None] * len(index)
            invalid[key] = np.zeros(len(index), dtype=bool)
            continue
        raws = td.frame[key].tolist()
        out = read_column(td.table.column(key), raws, cfg, options)
        bad = np.zeros(len(index), dtype=bool)
        if out.errors:
            rows = rows if rows is not None else index.tolist()
            c = td.columns[key]
            for i, exc in out.errors.items():
                bad[i] = True
                if problems is not None:
                    problems.append(Problem(td.sheet, int(rows[i]), c, key, raws[i], str(exc),
                                            td.file, exc.msg))
        data[key] = out.values
        invalid[key] = bad
    frame = pd.DataFrame({k: pd.Series(v, index=index, dtype=object) for k, v in data.items()},
                         index=index)
    return frame, invalid


def typed_column(td: TableData, key: str, cfg: Config, problems: list[Problem] | None = None,
                 *, date_order: str = "YMD", epoch1904: bool = False) -> pd.Series:
    """One column of `typed_columns`: canonical values, unreadable cells None and a Problem."""
    frame, _ = typed_columns(td, [key], cfg, problems, epoch1904=epoch1904,
                             date_order=date_order)
    return frame[key].rename(key)


def typed_frame(td: TableData, cfg: Config, problems: list[Problem] | None = None,
                keys: Iterable[str] | None = None, *, epoch1904: bool = False) -> pd.DataFrame:
    """Every schema column of the table (or `keys`) parsed to canonical values.

    Columns the sheet lacks are present and empty; extra columns are kept as their raw values
    after the schema columns.
    """
    keys = list(keys) if keys is not None else td.table.keys
    frame, _ = typed_columns(td, keys, cfg, problems, epoch1904=epoch1904)
    for name in td.extras:
        frame[name] = td.frame[name].map(lambda v: None if parse.is_blank(v) else v)
    return frame


def iso(value: Any) -> Any:
    """A canonical value as exported: dates in ISO text, blanks as None."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value
