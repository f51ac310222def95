"""Reading team workbooks fast: tables by sheet name or by headers, canonical keys, row numbers.

python-calamine (Rust) reads the cells; a table's raw values become a DataFrame whose columns
are canonical keys (plus the unknown columns, under their own header text) and whose index is
the zero-based worksheet row, so that any problem can be reported as `Leads!F17`. Values stay
raw here; `typed_column` / `typed_frame` parse them per column type and collect problems.

A large sheet can instead be read in row chunks (`open_table_stream`: the header from its first
rows, then `TableData` copies of 50,000 rows each through `salesxl.io.sheetstream`), so that
memory is one chunk's whatever the sheet's length; each chunk goes through the same
`typed_frame`.

Example:
    >>> book = read_workbook("workbooks/salesxl-team-en.xlsx")  # doctest: +SKIP
    >>> book.tables["leads"].frame.columns[:3].tolist()  # doctest: +SKIP
    ['lead_id', 'created_on', 'rep']
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import zipfile
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from salesxl.core import parse
from salesxl.core.cells import parse_a1, to_a1
from salesxl.core.config import Config
from salesxl.core.errors import Problem, TableNotFoundError, WorkbookError
from salesxl.core.headers import (
    HEADER_SCAN_ROWS,
    best_header_row,
    lead_list_lacks,
    title_rows,
)
from salesxl.core.messages import Msg, Pair, lang_for, tr
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
from salesxl.io.config_sheet import part_name, read_config
from salesxl.io.parts.cellreader import (
    FOLDED_TYPES,
    GridOf,
    RowsBelow,
    open_cells,
    worksheet_refs,
)
from salesxl.io.parts.preflight import check_member
from salesxl.io.parts.safety import check_xml_prolog, open_zip, read_head
from salesxl.io.recalc import recalculated_copy
from salesxl.io.sheetstream import SheetError, open_sheet

LEGACY_KINDS = {".csv": "CSV", ".tsv": "TSV", ".txt": "text", ".xls": "Excel 97-2003 (.xls)",
                ".ods": "OpenDocument (.ods)", ".xlsb": "Excel binary (.xlsb)"}
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
    header: list[str] = field(default_factory=list)  # the header row's texts ('' for a blank)

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
    missed: dict[str, Msg] = field(default_factory=dict)  # table -> closest sheet, what it lacks
    # sheet -> cells salesxl reads that hold a formula saved without its value (read as blank)
    unvalued: dict[str, list[str]] = field(default_factory=dict)

    def table(self, key: str) -> TableData:
        """The table `key`; raises TableNotFoundError with the sheets that do exist and the
        closest candidate with what it lacks."""
        if key not in self.tables:
            t = TABLES[key]
            where = dict(path=self.path, table=Pair(t.en, t.ko), en=t.en, ko=t.ko,
                         sheets=", ".join(self.sheet_names))
            if key in self.missed:
                raise TableNotFoundError(
                    "{path}: no {table} table found: {why}; fix that header row, or start from "
                    "`salesxl init`", why=self.missed[key], **where)
            raise TableNotFoundError(
                "{path}: no {table} table found among the sheets ({sheets}): name its sheet "
                "{en!r} or {ko!r} (or give it a header row of its columns), or start from "
                "`salesxl init`", **where)
        return self.tables[key]


def _candidate(sheet: str, row: int, header: Sequence[Any], table: Table, lacks: Msg) -> Msg:
    """The closest sheet to a table: where its header row is, what it names, what it lacks."""
    named = [str(v).strip() for v in header
             if isinstance(v, str) and table.match_header(v) is not None]
    return Msg("the closest is sheet {sheet!r} (header row {row}: {headers}), which needs "
               "{lacks}", {"sheet": sheet, "row": row + 1, "headers": ", ".join(named[:8]),
                           "lacks": lacks})


def _header_keys(table: Table, row: Sequence[Any]) -> set[str]:
    keys = {table.match_header(v) for v in row if isinstance(v, str) and v.strip()}
    keys.discard(None)
    return keys  # type: ignore[return-value]


def _header_score(table: Table, row: Sequence[Any]) -> int:
    return len(_header_keys(table, row))


def _find_header(table: Table, grid: list[list[Any]], minimum: int) -> int | None:
    """The header row (`salesxl.core.headers`: title block, then the first rows searched)
    naming the most of the table's columns, when it names at least `minimum`."""
    best = best_header_row(grid, lambda row: (_header_score(table, row),))
    return best[0] if best is not None and best[1][0] >= minimum else None


def _rows_scanned(grid_of: GridOf, name: str) -> list[list[Any]]:
    """Exactly the first rows a header is looked for in (`scan_rows`: the title block and
    `HEADER_SCAN_ROWS` rows below it), read as far as they go and no further: a streaming
    reader does not read a million-row sheet to find its header, and a sheet that is not
    the table is never read whole."""
    n = HEADER_SCAN_ROWS
    head = grid_of(name, n)
    while len(head) >= n:  # the sheet may go on
        need = title_rows(head) + HEADER_SCAN_ROWS
        if need <= len(head):
            break
        n = max(need, 2 * n)  # a title block longer than the rows read so far
        head = grid_of(name, n)
    return head


def _lacks(table: Table, keys: set[str], *, named: bool) -> Msg | None:
    """Why a header row does not make this table (None: it does)."""
    if table.key == "leads":
        return lead_list_lacks(keys, named=named)
    if len(keys) < (1 if named else MIN_HEADER_MATCHES):
        return Msg("at least {n} of the table's column headers",
                   {"n": 1 if named else MIN_HEADER_MATCHES})
    return None


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
                     file: str, found_by: str, keep: Sequence[str] | None = None,
                     below: Iterable[tuple[Sequence[int], Sequence[list[Any]]]] | None = None
                     ) -> TableData:
    """The table whose header is `grid[header_row]`; its rows are the grid's below it, or
    `below` (chunks of (zero-based row numbers, rows) from a streaming reader) when given.
    With `keep`, its raw frame holds only those canonical columns (the same rows: a row is
    kept by any of its columns' data)."""
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
    if below is None:
        below = [(range(header_row + 1, len(grid)), grid[header_row + 1:])]
    frame = _raw_frame(table, order, below, keep)
    texts = {key: str(header[c]).strip() for key, c in columns.items()}
    row = ["" if parse.is_blank(h) else str(h).strip() for h in header]
    return TableData(table, sheet, header_row, columns, extras, frame, file, found_by, texts,
                     row)


def _raw_frame(table: Table, order: list[tuple[str, int]],
               chunks: Iterable[tuple[Sequence[int], Sequence[list[Any]]]],
               only: Sequence[str] | None = None) -> pd.DataFrame:
    """The raw values of `order`'s (name, column) pairs in the rows that hold data ('' for
    a cell a row lacks), indexed by zero-based worksheet row. `chunks` are (row numbers,
    rows) pairs: ``rows[i]`` is the worksheet row ``numbers[i]``. With `only`, the frame
    holds just those names (rows are still kept by any column of `order`)."""
    # a row whose only values are formula results (e.g. the empty row of a new Table) is blank
    data_cols = [c for name, c in order if not (table.has(name) and table.column(name).formula)]
    if only is not None:
        wanted = set(only)
        order = [(name, c) for name, c in order if name in wanted]
    rows: list[int] = []
    parts: dict[str, list[Sequence[Any]]] = {name: [] for name, _ in order}
    for index, grid in chunks:
        keep = [i for i, row in enumerate(grid) if _has_data(row, data_cols)]
        rows += [index[i] for i in keep]
        picked = [grid[i] for i in keep]
        width = len(picked[0]) if picked else 0
        if picked and all(len(row) == width for row in picked):  # calamine's grids: in C
            columns_of = list(zip(*picked, strict=True))
            for name, c in order:
                parts[name].append(columns_of[c] if c < width else [""] * len(picked))
        else:  # a streamed (ragged) grid: a row may end before a column
            for name, c in order:
                parts[name].append([row[c] if c < len(row) else "" for row in picked])
        del picked, keep  # a chunk's rows go before the next chunk is read
    shared = {name: _one_copy_each(got[0] if len(got) == 1 else
                                   list(itertools.chain.from_iterable(got)))
              for name, got in parts.items()}
    return pd.DataFrame(shared, index=pd.Index(rows, dtype="int64"), dtype=object)


def _one_copy_each(values: Sequence[Any]) -> np.ndarray:
    """`values` as an object array in which equal cells share one object.

    A reader makes a new Python object for every cell: 100,000 rows of a stage column hold
    100,000 copies of seven texts (and a date column as many datetimes). A table is kept for
    the whole command, so its repeated texts, dates and times are folded to one object each
    (the values, types and blanks stay as they were). A column holding numbers (1, 1.0 and
    True compare equal; so do 0.0 and -0.0) or mostly distinct values is left as it is."""
    arr = np.fromiter(values, dtype=object, count=len(values))
    if len(arr) < 64:
        return arr
    sample = arr[:_SAMPLE]
    distinct = len(pd.unique(sample))
    if distinct * 2 > len(sample) or distinct == len({id(v) for v in sample}):
        return arr  # mostly distinct (names, e-mails, IDs), or folded by the reader already
    if not set(map(type, arr)) <= _FOLDABLE:  # every value's type: factorize takes 0 for False
        return arr
    codes, uniques = pd.factorize(arr, use_na_sentinel=True)
    if len(uniques) * 2 > len(arr):
        return arr
    out = uniques.take(codes)
    blank = codes < 0
    if blank.any():
        out[blank] = arr[blank]  # None, NaN and NaT stay what they were
    return out


_SAMPLE = 2_048
_FOLDABLE = FOLDED_TYPES | {bool, type(None)}
"""The types a column may hold to be folded: the reader's folded types, and the singletons
that may stand beside them (numbers, numpy scalars and anything else a reader might hand over
leave the column as it is)."""



def locate_tables(
    names: list[str], grid_of: GridOf, file: str, tables: Iterable[str] | None = None,
    keep: Mapping[str, Sequence[str]] | None = None, rows_below: RowsBelow | None = None,
    lazy: Collection[str] = (),
) -> tuple[dict[str, TableData], Config, str | None, list[str], str, dict[str, Msg]]:
    """Find the tables and the Config among the sheets `names`, whatever holds the cells.

    Shared by the file reader and the Excel edge (an open workbook's sheets): `grid_of(name,
    nrows=None)` returns a sheet's cells from A1. A table is found by its sheet name or, failing
    that, by a sheet whose first rows hold at least two of its headers; sheets that are
    something else by name (the Summary, the Playbook, another table) are never searched.
    With `rows_below` (a streaming reader), a table's header is found in its sheet's first
    rows and its rows are read below it a chunk at a time, never the whole sheet at once;
    a table in `lazy` is found but its rows are left unread (`table_chunks` reads them).

    Returns:
        (tables found, Config, Config sheet name or None, notes, label language, tables not
        found -> the closest sheet and what it lacks)
    """
    wanted = list(tables) if tables is not None else list(TABLES)
    found: dict[str, TableData] = {}
    missed: dict[str, Msg] = {}  # table -> the closest sheet and what it lacks
    config_sheet = None
    config_norms = {normalize_header(n) for n in (CONFIG_SHEET[0], CONFIG_SHEET[1],
                                                  *CONFIG_SHEET[2])}
    for name in names:
        if normalize_header(name) in config_norms and config_sheet is None:
            config_sheet = name
            continue
        table = find_table(name)
        if table is None or table.key not in wanted or table.key in found:
            continue
        grid = _rows_scanned(grid_of, name) if rows_below is not None else grid_of(name)
        header = _find_header(table, grid, 1)
        if header is None:
            if rows_below is not None:
                grid = grid_of(name)  # whole: is the sheet empty, or without a header?
            if any(not parse.is_blank(v) for row in grid for v in row):
                missed[table.key] = Msg("the {sheet} sheet has no header row naming its "
                                        "columns", {"sheet": name})
                continue
            header = 0  # an empty sheet: an empty table
        else:
            lacks = _lacks(table, _header_keys(table, grid[header]), named=True)
            if lacks is not None:
                missed[table.key] = _candidate(name, header, grid[header], table, lacks)
                continue
        found[table.key] = _table_from_grid(
            table, name, grid, header, file, "sheet name", keep.get(table.key) if keep else None,
            _below(rows_below, name, header, table.key in lazy))
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
        closest: tuple[int, str, int, list[Any]] | None = None
        for name in names:
            if name in claimed:
                continue
            head = _rows_scanned(grid_of, name)
            header = _find_header(table, head, 1)
            if header is None:
                continue
            keys = _header_keys(table, head[header])
            if _lacks(table, keys, named=False) is None:
                if best is None or len(keys) > best[0]:
                    best = (len(keys), name, header)
            elif closest is None or len(keys) > closest[0]:
                closest = (len(keys), name, header, head[header])
        if best is not None:
            sheet, top = best[1], best[2]
            found[key] = _table_from_grid(
                table, sheet, grid_of(sheet, top + 1) if rows_below else grid_of(sheet), top,
                file, "headers", keep.get(key) if keep else None,
                _below(rows_below, sheet, top, key in lazy))
            missed.pop(key, None)
        elif closest is not None and key not in missed:
            _, name, header, row = closest
            lacks = _lacks(table, _header_keys(table, row), named=False)
            if lacks is not None:
                missed[key] = _candidate(name, header, row, table, lacks)
    notes: list[str] = []
    config = read_config(grid_of(config_sheet) if config_sheet else None,
                         config_sheet or "Config", file)
    lang = config.language if config_sheet else _header_language(found)
    say = lang_for(lang)  # notes in the language this run's messages will use
    if config_sheet is None:
        notes.append(tr("no Config sheet: the default configuration applies (seven_step "
                        "pipeline, Korean holidays, tiers A 7 / B 14 / C 30 / D 90 days)", say))
    elif config.defaults_used:
        notes.append(tr("Config sheet incomplete, defaults used for: {which}", say,
                        which=", ".join(part_name(k, say) for k in config.defaults_used)))
    return found, config, config_sheet, notes, lang, missed


def _below(rows_below: RowsBelow | None, sheet: str, header: int, lazy: bool
           ) -> Iterable[tuple[Sequence[int], Sequence[list[Any]]]] | None:
    """A streamed table's rows below its header: none yet when it is read `lazy`."""
    if rows_below is None:
        return None
    return () if lazy else rows_below(sheet, header)


def table_chunks(td: TableData, rows_below: RowsBelow, rows: int) -> Iterator[TableData]:
    """A streamed table's rows read again, `rows` at a time (at least one chunk, maybe
    empty): copies of `td` whose frames hold a chunk each, with `td`'s columns (see
    `locate_tables`' `lazy`). The frames are those `read_workbook` makes, cut at chunk
    boundaries."""
    order = list(td.columns.items()) + list(td.extras.items())
    only = list(td.frame.columns)
    group: list[tuple[Sequence[int], Sequence[list[Any]]]] = []
    held = 0
    yielded = False
    for index, grid in rows_below(td.sheet, td.header_row):
        start = 0
        while start < len(index):  # the reader's pieces cut into chunks of `rows` rows
            take = min(rows - held, len(index) - start)
            group.append((index[start:start + take], grid[start:start + take]))
            held += take
            start += take
            if held >= rows:
                yield dataclasses.replace(td, frame=_raw_frame(td.table, order, group, only))
                group, held, yielded = [], 0, True
    if group or not yielded:
        yield dataclasses.replace(td, frame=_raw_frame(td.table, order, group, only))


def read_workbook_with_reader(
    path: str | Path, tables: Iterable[str] | None = None, *, recalc: bool = False,
    keep: Mapping[str, Sequence[str]] | None = None, lazy: Collection[str] = (),
) -> tuple[WorkbookData, GridOf, Callable[[str], int], Callable[[], None], RowsBelow | None]:
    """`read_workbook`, plus the open reader: a sheet's cells from A1 (``grid_of(name,
    nrows=None)``), the last used column of a sheet (``sheet_end(name)``, -1 when empty) and
    a function that drops the sheet the reader keeps from its last whole read (memory), so
    that a command reads the file once.

    With `recalc`, the values are read from a copy LibreOffice recalculated
    (`salesxl.io.recalc`): formulas saved without their values get them. The workbook's
    path stays the original, so a command writes into the user's file, never into the copy.
    `keep` (table key -> canonical columns) holds only those columns of a table (see
    `Book.open`): the Summary needs four of History's seven. A table in `lazy` read by the
    streaming reader is found without its rows (`table_chunks` reads them with the reader's
    ``rows_below``, returned last; None when the workbook was read whole)."""
    path = Path(path)
    misnamed = _checked(path)
    cells = open_cells(recalculated_copy(path) if recalc else path)
    found, config, config_sheet, notes, lang, missed = locate_tables(
        cells.names, cells.grid, str(path), tables, keep, cells.rows_below, lazy)
    say = lang_for(lang)
    if misnamed:
        notes.insert(0, _misnamed_note(path, say))
    blank = unvalued_cells(found, cells.unvalued)
    data = WorkbookData(path, cells.names, found, config, config_sheet, cells.epoch1904,
                        notes + _formula_notes(blank, say), lang, missed, blank)
    return data, cells.grid, cells.end, cells.forget, cells.rows_below


def _checked(path: Path) -> bool:
    """Refuse what is not a readable workbook file (a legacy format, a folder, a pipe...);
    True when it is an .xlsx named like a legacy file."""
    if not path.exists() and not path.is_symlink():
        raise WorkbookError("{path}: no such file. Check the path, or create a workbook with "
                            "`salesxl init`.", path=path)
    head = read_head(path)  # a folder, a pipe, a broken link, unreadable, empty: exit 3
    kind = LEGACY_KINDS.get(path.suffix.lower())
    if kind is None:
        return False
    if not (head.startswith(b"PK") and is_xlsx(path)):
        raise WorkbookError("{path} is in {kind} format, not a team workbook: convert it "
                            "first with `salesxl convert {path} -o FOLDER` (or --into "
                            "TEAM.xlsx)", path=path, kind=kind)
    return True


def _misnamed_note(path: Path, say: str) -> str:
    return tr("{name} is an .xlsx workbook named {suffix}: read as .xlsx (rename it to .xlsx "
              "so Excel opens it without a warning)", say, name=path.name, suffix=path.suffix)


STREAM_SHEET_BYTES = 16 << 20
"""A worksheet part larger than this (uncompressed; about 10,000 rows of 37 columns) is read
in row chunks by `TableStream` rather than whole (`read_workbook`): see docs/performance.md."""
STREAM_HEAD_ROWS = 1_000
"""Rows of a large sheet read to find its header (title block and `HEADER_SCAN_ROWS`)."""


def largest_sheet_bytes(path: str | Path) -> int:
    """The uncompressed size of the largest worksheet part of an .xlsx (0 when `path` is not
    one): what decides between reading a table whole and in chunks."""
    try:
        with zipfile.ZipFile(path) as zf:
            return max((i.file_size for i in zf.infolist()
                        if i.filename.startswith("xl/worksheets/")), default=0)
    except (zipfile.BadZipFile, OSError, ValueError):
        return 0


@dataclass
class TableStream:
    """One table of a large .xlsx, read in chunks of rows (see `open_table_stream`).

    `data` is what `read_workbook` returns (Config, language, notes...), with the table's
    header found from the sheet's first rows; `chunks()` yields the table's rows as
    `TableData` copies whose frames hold one chunk each (index = zero-based worksheet row, so
    problems name their real cells). After the last chunk, formulas saved without a value
    are in `data.unvalued` and `data.notes`, as `read_workbook` reports them.
    """

    data: WorkbookData
    key: str
    chunk_rows: int = 50_000

    def chunks(self) -> Iterator[TableData]:
        td = self.data.table(self.key)
        order = list(td.columns.items()) + list(td.extras.items())
        positions = [c for _, c in order]
        local = [(name, i) for i, (name, _) in enumerate(order)]
        refs: list[str] = []
        try:
            with open_sheet(self.data.path, td.sheet) as sheet:
                for chunk in sheet.iter_chunks(rows=self.chunk_rows, columns=positions):
                    for number, pos in chunk.unvalued:
                        if len(refs) < 10_000:
                            refs.append(to_a1(number - 1, positions[pos]))
                    first = 0  # rows above and at the header are not the table's
                    while first < len(chunk) and chunk.row_numbers[first] - 1 <= td.header_row:
                        first += 1
                    index = [n - 1 for n in chunk.row_numbers[first:]]
                    if index:
                        frame = _raw_frame(td.table, local, [(index, chunk.rows[first:])])
                        yield dataclasses.replace(td, frame=frame)
        except SheetError as exc:
            raise WorkbookError("{path}: sheet {sheet!r} cannot be read ({detail}); open the "
                                "file in Excel and save a copy", path=self.data.path,
                                sheet=td.sheet, detail=str(exc)) from exc
        blank = unvalued_cells({self.key: td}, {td.sheet: refs})
        self.data.unvalued.update(blank)
        self.data.notes.extend(_formula_notes(blank, lang_for(self.data.lang)))


def open_table_stream(path: str | Path, table: str, *, chunk_rows: int = 50_000
                      ) -> TableStream:
    """Find `table` in the .xlsx `path` for reading in chunks of `chunk_rows` rows.

    Checks as `read_workbook` does before anything is parsed (zip limits, every other part's
    CRC, DTDs); the table's own sheet is CRC-checked as its last chunk is read. Sheets up to
    `STREAM_SHEET_BYTES` are read whole (the Config...), larger ones only as far as their
    first `STREAM_HEAD_ROWS` rows to find the header.

    Raises:
        WorkbookError, TableNotFoundError: as `read_workbook`.
    """
    path = Path(path)
    misnamed = _checked(path)
    with open_zip(path) as zf:
        refs = worksheet_refs(zf, path)
        sizes = {r.name: zf.getinfo(r.member).file_size for r in refs
                 if r.member in zf.NameToInfo}
        members = zf.namelist()
    names = [r.name for r in refs]
    epoch1904 = False

    def grid_of(name: str, nrows: int | None = None) -> list[list[Any]]:
        nonlocal epoch1904
        if nrows is None and sizes.get(name, 0) > STREAM_SHEET_BYTES:
            nrows = STREAM_HEAD_ROWS
        rows: list[list[Any]] = []
        try:
            with open_sheet(path, name) as sheet:
                epoch1904 = sheet.epoch1904
                for chunk in sheet.iter_chunks(rows=nrows or 50_000):
                    for number, values in zip(chunk.row_numbers, chunk.rows, strict=True):
                        if nrows is not None and number > nrows:
                            return rows
                        rows.extend([] for _ in range(number - 1 - len(rows)))
                        rows.append(["" if v is None else v for v in values])
                    if nrows is not None:
                        break
        except SheetError as exc:
            raise WorkbookError("{path}: sheet {sheet!r} cannot be read ({detail}); open the "
                                "file in Excel and save a copy", path=path, sheet=name,
                                detail=str(exc)) from exc
        return rows

    found, config, config_sheet, notes, lang, missed = locate_tables(names, grid_of, str(path),
                                                                     [table])
    if misnamed:
        notes.insert(0, _misnamed_note(path, lang_for(lang)))
    data = WorkbookData(path, names, found, config, config_sheet, epoch1904, notes, lang,
                        missed)
    streamed = {r.member for r in refs if table in found and r.name == found[table].sheet}
    with open_zip(path) as zf:
        for member in members:
            if member not in streamed:
                check_member(zf, path, member)
            else:  # its CRC is checked as its last chunk is read; a DTD is refused now
                with zf.open(member) as fh:
                    head = fh.read(4096)
                if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                    check_xml_prolog(head, f"{path}:{member}")
    return TableStream(data, table, chunk_rows)


def is_xlsx(path: Path) -> bool:
    """Whether a file (whatever its name) is an .xlsx/.xlsm zip."""
    try:
        with zipfile.ZipFile(path) as zf:
            return "xl/workbook.xml" in zf.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def unvalued_cells(found: dict[str, TableData],
                   unvalued: dict[str, list[str]]) -> dict[str, list[str]]:
    """Per table sheet, the read cells that hold formulas saved without their values (a file
    written by a program that does not calculate): those cells read as blank. Columns salesxl
    computes itself (company lookups, BANT results...) are left out: their value is
    recalculated anyway."""
    out: dict[str, list[str]] = {}
    for td in found.values():
        refs = unvalued.get(td.sheet)
        if not refs:
            continue
        read_cols = {c for key, c in td.columns.items()
                     if not (td.table.has(key) and td.table.column(key).computed)}
        read_cols |= set(td.extras.values())
        hit = []
        for ref in refs:
            row, col = parse_a1(ref)
            if row > td.header_row and col in read_cols:
                hit.append(ref)
        if hit:
            out[td.sheet] = hit
    return out


def shown_cells(cells: list[str], limit: int = 10) -> dict[str, str]:
    """The `cells` and `more` parameters of a message listing cells: the first `limit`."""
    more = f", +{len(cells) - limit}" if len(cells) > limit else ""
    return {"cells": ", ".join(cells[:limit]), "more": more}


def _formula_notes(blank: dict[str, list[str]], lang: str) -> list[str]:
    """A note per sheet with formulas read as blank, with the --recalc hint."""
    return [tr("{sheet}: {n} formula cell(s) have no saved value and read as blank "
               "({cells}{more}): open and save the file in Excel or LibreOffice so their "
               "values are stored, or pass --recalc to let LibreOffice compute them", lang,
               sheet=sheet, n=len(hit), **shown_cells(hit))
            for sheet, hit in blank.items()]


def read_workbook(path: str | Path, tables: Iterable[str] | None = None, *,
                  recalc: bool = False) -> WorkbookData:
    """Read the tables and the Config of a team workbook (or a hand-made one).

    A table is found by its sheet name (English, Korean or a synonym) or, failing that, by a
    sheet whose first rows hold at least two of its headers. Without a Config sheet the
    defaults apply and `notes` says so.

    Raises:
        WorkbookError: the file is not a readable, safe workbook.
    """
    return read_workbook_with_reader(path, tables, recalc=recalc)[0]


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
    names = list(dict.fromkeys(keys))
    index = td.frame.index
    # one block of every column, filled a column at a time: a million rows' columns were
    # held three times over (lists, Series, then pandas' own block of them)
    block = np.empty((len(index), len(names)), dtype=object)
    invalid: dict[str, np.ndarray] = {}
    options = ReadOptions(date_order=date_order, epoch1904=epoch1904)
    rows: list[int] | None = None
    for j, key in enumerate(names):
        if key not in td.frame.columns:
            check_kept(td, key)
            block[:, j] = None
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
        block[:, j] = np.fromiter(out.values, dtype=object, count=len(index))
        invalid[key] = bad
    frame = pd.DataFrame(block, index=index, columns=names or None, dtype=object, copy=False)
    return frame, invalid


def in_column_order(problems: list[Problem], keys: Iterable[str]) -> None:
    """Sort the problems of `typed_columns` reads of several chunks of a table (each
    chunk's column by column) into the order one read of the whole table gives: column by
    column in `keys` order, each column's in row order (the sort is stable)."""
    order = {key: i for i, key in enumerate(dict.fromkeys(keys))}
    problems.sort(key=lambda p: order.get(p.column, len(order)))


def check_kept(td: TableData, key: str) -> None:
    """A column the sheet has but the reader was told not to keep (`Book.open(keep=)`) is
    not blank: reading or writing it is a mistake in salesxl, never a silent blank."""
    if key in td.columns:
        raise RuntimeError(f"salesxl read {td.sheet}!{key} without keeping it: add it to the "
                           "command's kept columns")


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
