"""One workbook handle: open once, read the tables a command needs, collect its changes, save
them losslessly in one atomic step.

Every command that reads a team workbook and writes back into it (`validate`, `followups`,
`advance`, `summary`, `score`, `convert --into`) goes through a `Book`:

1. `Book.open` checks the file (Excel lock, zip and XML safety), reads the sheets once with
   the fast reader, finds the tables and the Config;
2. `values` gives the canonical values of the columns a rule needs (`salesxl.core.values`,
   unreadable cells reported with their cell);
3. `write_columns`, `write_cells`, `append_rows`, `add_sheet` and `graft_sheet` collect the
   changes;
4. `save` writes them: only the changed sheets and the parts that list sheets change; every
   other part keeps its bytes; the file is replaced once, atomically, with the previous
   version kept in ``.salesxl-backup/``.

Example:
    >>> book = Book.open("team.xlsx", tables=["leads"])  # doctest: +SKIP
    >>> values, invalid = book.values("leads", ["stage", "deal_amount"], problems)  # doctest: +SKIP
    >>> book.write_columns("leads", results)  # doctest: +SKIP
    >>> book.save().cells_written  # doctest: +SKIP
    12
"""

from __future__ import annotations

import dataclasses
import pickle
import tempfile
import zipfile
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from salesxl.core.config import Config
from salesxl.core.errors import Problem
from salesxl.core.messages import adopt_lang
from salesxl.io.parts.celledits import CellEdits, StreamedEdits
from salesxl.io.parts.cellreader import RowsBelow
from salesxl.io.parts.cellxml import CellValue
from salesxl.io.parts.safety import check_not_open_in_excel, check_writable, open_zip
from salesxl.io.patch import NewSheet, PatchReport, SheetEdit, patch_workbook
from salesxl.io.read import (
    TableData,
    WorkbookData,
    in_column_order,
    read_workbook_with_reader,
    table_chunks,
    typed_columns,
)
from salesxl.io.spill import spill_folder
from salesxl.io.tables import ColumnPlan, result_cells

if TYPE_CHECKING:  # grafting (and lxml with it) is loaded by the commands that graft
    from salesxl.io.addsheet import GraftReport
    from salesxl.io.parts.pivot import Pivot
    from salesxl.io.parts.splice import LooseCells


CHUNK_ROWS = 50_000
"""Rows of a streamed table a command works on at a time (`Book.chunks`)."""


@dataclass
class SaveReport:
    """What `Book.save` wrote."""

    path: Path
    cells_written: int = 0
    rows_appended: int = 0
    columns_added: list[str] = field(default_factory=list)
    sheets_added: list[str] = field(default_factory=list)
    backup: Path | None = None
    patch: PatchReport | None = None
    grafts: list[GraftReport] = field(default_factory=list)


@dataclass
class _Graft:
    name: str
    scratch: bytes
    pivots: Sequence[Pivot]
    owned: Callable[[bytes], bool] | None
    loose: LooseCells | None = None


class Book:
    """An open team workbook and the changes a command makes to it."""

    def __init__(self, path: Path, data: WorkbookData, grid_of: Callable[..., list[list[Any]]],
                 sheet_end: Callable[[str], int],
                 saver: Callable[[Book], SaveReport] | None = None,
                 forget: Callable[[], None] | None = None,
                 rows_below: RowsBelow | None = None, lazy: Collection[str] = (),
                 chunk_rows: int = CHUNK_ROWS):
        """A workbook already read (see `Book.open`; `salesxl.xl.book.open_book` makes one over
        a workbook open in Excel, whose `saver` writes the cells into Excel instead)."""
        self.path = path
        self._saver = saver
        self.data = data
        self._grid_of = grid_of
        self._sheet_end = sheet_end
        self._forget = forget
        self._rows_below = rows_below
        self._lazy = {k for k in lazy if rows_below is not None and k in data.tables}
        self.chunk_rows = chunk_rows  # `chunks`' default
        self._cells: dict[str, CellEdits] = {}
        self._streams: dict[str, StreamedEdits] = {}
        self._spill: tempfile.TemporaryDirectory[str] | None = None  # `chunks` kept on disk
        self._spilled: dict[tuple[str, int], list[Path]] = {}
        self._rows: dict[str, list[int]] = {}  # a streamed table's rows, from a whole pass
        self._deferred: dict[str, list[tuple[pd.DataFrame, ColumnPlan]]] = {}
        self._formats: dict[str, tuple[str, str]] = {}
        self._new_sheets: list[NewSheet] = []
        self._grafts: list[_Graft] = []
        self._planned_end: dict[str, int] = {}  # sheet -> last column a plan has taken
        self.columns_added: list[str] = []

    # --- opening and reading ---------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path, tables: Iterable[str] | None = None, *,
             write: bool = True, force: bool = False, recalc: bool = False,
             keep: Mapping[str, Sequence[str]] | None = None,
             lazy: Collection[str] = (), chunk_rows: int = CHUNK_ROWS) -> Book:
        """Read the workbook once.

        Args:
            path: the ``.xlsx``/``.xlsm`` team workbook.
            tables: the table keys to find (default: all).
            write: the command will save: refuse a workbook open in Excel, marked read-only
                (unless `force`) or in a folder salesxl cannot write to, before reading.
            force: write into a workbook marked read-only (it stays marked read-only).
            recalc: read the values LibreOffice computes (formulas saved without values);
                the writes still go into `path` itself.
            keep: table key -> the only columns to hold of that table (less memory). The
                other columns' places stay known, but a column a command reads or writes must
                be kept (its old values decide which cells change): salesxl raises rather
                than read a column it dropped as blank.
            lazy: table keys whose rows are read a chunk at a time (`chunks`) when their sheet
                is too large for the fast reader: such a table's `table()` has no rows.
            chunk_rows: the rows of a chunk (memory; what a command computes does not depend
                on it).

        Raises:
            WorkbookLockedError: ``write`` and the workbook is open in Excel.
            WorkbookError: the file is not a readable, safe workbook.
        """
        path = Path(path)
        if write:
            check_not_open_in_excel(path)
            check_writable(path, force=force)
        data, grid_of, sheet_end, forget, rows_below = read_workbook_with_reader(
            path, tables, recalc=recalc, keep=keep, lazy=lazy)
        adopt_lang(data.lang)  # messages follow the workbook's language (unless --lang)
        return cls(path, data, grid_of, sheet_end, forget=forget, rows_below=rows_below,
                   lazy=lazy, chunk_rows=chunk_rows)

    @property
    def config(self) -> Config:
        return self.data.config

    @property
    def lang(self) -> str:
        return self.data.lang

    @property
    def notes(self) -> list[str]:
        return self.data.notes

    def table(self, key: str) -> TableData:
        """The table `key` (TableNotFoundError, naming the sheets, when it has none)."""
        return self.data.table(key)

    def has(self, key: str) -> bool:
        return key in self.data.tables

    def streamed(self, key: str) -> bool:
        """Whether table `key` is read a chunk at a time (`Book.open`'s `lazy`)."""
        return key in self._lazy

    def chunks(self, key: str, rows: int | None = None) -> Iterator[TableData]:
        """Table `key`'s rows, `rows` (default: the Book's `chunk_rows`) at a time when it is
        `streamed`, else the whole table as one chunk.

        A streamed table is read from the file on the first call, and each chunk's raw
        values kept in a private temporary folder as it goes; the next calls (a command's
        second pass) read them back from there, much faster than the sheet's XML. The folder
        is removed with the Book (`close`)."""
        td = self.table(key)
        if key not in self._lazy or self._rows_below is None:
            yield td
            return
        rows = rows or self.chunk_rows
        kept = self._spilled.get((key, rows))
        if kept is not None:
            for path in kept:
                with open(path, "rb") as fh:
                    frame = pickle.load(fh)  # our own file, in a folder only we can read
                yield dataclasses.replace(td, frame=frame)
            return
        paths: list[Path] | None = []
        try:
            if self._spill is None:
                self._spill = spill_folder("chunks")
        except OSError:  # no temporary folder: the next pass reads the sheet again
            paths = None
        every: list[int] = []
        for part in table_chunks(td, self._rows_below, rows):
            every += part.frame.index.tolist()
            if paths is not None and self._spill is not None:
                path = Path(self._spill.name) / f"{key}-{rows}-{len(paths)}.pickle"
                try:
                    with open(path, "wb") as fh:
                        pickle.dump(part.frame, fh, protocol=pickle.HIGHEST_PROTOCOL)
                    paths.append(path)
                except OSError:  # a full disk: the next pass reads the sheet again
                    paths = None
                    self.close()
            yield part
        self._rows[key] = every
        if paths is not None:
            self._spilled[(key, rows)] = paths  # a whole pass: the next one reads these

    def rows(self, key: str) -> list[int]:
        """Every worksheet row of table `key` (a streamed table's from a pass over it)."""
        if not self.streamed(key):
            return self.table(key).frame.index.tolist()
        if key not in self._rows:
            for _ in self.chunks(key):
                pass
        return self._rows[key]

    def close(self) -> None:
        """Remove what the Book kept on disk (`chunks`); it stays readable otherwise."""
        if self._spill is not None:
            self._spill.cleanup()
            self._spill = None
        self._spilled.clear()

    def values(self, key: str, columns: Iterable[str], problems: list[Problem] | None = None,
               *, rows: Sequence[int] | None = None, part: TableData | None = None
               ) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
        """Canonical values of `columns` of table `key` (index = worksheet rows) and, per
        column, where a cell could not be read (each such cell is also a `Problem`).

        Args:
            rows: only these worksheet rows (default: every row of the table).
            part: a chunk of the table (`chunks`) to read instead of the whole.
        """
        if part is None and rows is None and self.streamed(key):
            return self._values_by_chunk(key, columns, problems)
        td = part if part is not None else self.table(key)
        if rows is not None:
            td = _subset(td, list(rows))
        return typed_columns(td, columns, self.config, problems, epoch1904=self.data.epoch1904)

    def _values_by_chunk(self, key: str, columns: Iterable[str], problems: list[Problem] | None
                         ) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
        """`values` of a streamed table: each chunk's, put together; only the columns asked
        for are held, never the table's raw cells."""
        names = list(dict.fromkeys(columns))
        frames: list[pd.DataFrame] = []
        masks: dict[str, list[np.ndarray]] = {}
        mine: list[Problem] = []
        for part in self.chunks(key):
            frame, invalid = typed_columns(part, names, self.config, mine,
                                           epoch1904=self.data.epoch1904)
            frames.append(frame)
            for k, mask in invalid.items():
                masks.setdefault(k, []).append(mask)
        in_column_order(mine, names)  # as one read of the whole table
        if problems is not None:
            problems += mine
        if not frames:  # no rows at all
            return typed_columns(self.table(key), names, self.config, problems,
                                 epoch1904=self.data.epoch1904)
        values = pd.concat(frames) if len(frames) > 1 else frames[0]
        return values, {k: np.concatenate(m) for k, m in masks.items()}

    def zip(self) -> zipfile.ZipFile:
        """The workbook's zip, opened with salesxl's safety checks (close it after use)."""
        return open_zip(self.path)

    def release(self, keys: Iterable[str]) -> None:
        """Let go of what the reader holds for tables `keys` a command has read its values of
        and will not write: their raw cells (and the sheet the reader keeps from its last
        whole read). Their `values` are then empty; a summary of 300k History rows holds
        hundreds of MB less."""
        for key in keys:
            td = self.data.tables.get(key)
            if td is not None:
                self.data.tables[key] = dataclasses.replace(td, frame=td.frame.iloc[:0])
        if self._forget is not None:
            self._forget()

    def grid(self, sheet: str, nrows: int | None = None) -> list[list[Any]]:
        """A sheet's raw cells from A1 (as the reader read them)."""
        return self._grid_of(sheet, nrows)

    # --- collecting changes ----------------------------------------------------------------
    def plan(self, key: str, columns: Iterable[str]) -> ColumnPlan:
        """Where result `columns` of table `key` go: their columns, or new ones after the last
        used column of the sheet (a value right of the headers is never overwritten)."""
        td = self.table(key)
        end = max(self._sheet_end(td.sheet), self._planned_end.get(td.sheet, -1))
        plan = ColumnPlan.for_table(td, columns, self.lang, last_col=end)
        if plan.headers:  # a later plan of this run puts its new columns after these
            self._planned_end[td.sheet] = max(c for _, c in plan.headers)
        return plan

    def write_columns(self, key: str, results: pd.DataFrame, *,
                      plan: ColumnPlan | None = None) -> ColumnPlan:
        """Write `results` (canonical values; index = worksheet rows of table `key`): only the
        cells whose shown value changes; result columns the sheet lacks are added."""
        td = self.table(key)
        plan = plan or self.plan(key, results.columns)
        if self.streamed(key):  # its cells are made a chunk at a time when the sheet is saved
            if not results.index.is_monotonic_increasing:
                results = results.sort_index()
            self._deferred.setdefault(key, []).append((results, plan))
            self.added(plan)
            return plan
        cells = result_cells(td, results, plan, self.config, self.lang)
        self.write_cells(td.sheet, cells)
        self.added(plan)
        return plan

    def added(self, plan: ColumnPlan) -> None:
        """Count `plan`'s new columns among those this run adds (`SaveReport`)."""
        for added in plan.added:
            if added not in self.columns_added:
                self.columns_added.append(added)

    def column_cells(self, part: TableData, results: pd.DataFrame, plan: ColumnPlan
                     ) -> CellEdits:
        """The cells `write_columns` would write for a chunk of a table (`chunks`), without
        the plan's new header cells (a caller writes those once)."""
        return result_cells(part, results, dataclasses.replace(plan, headers={}), self.config,
                            self.lang)

    def write_cells(self, sheet: str, cells: Mapping[tuple[int, int], CellValue], *,
                    date_format: str | None = None, datetime_format: str | None = None) -> None:
        """Write raw cell values (zero-based (row, col)) into an existing sheet (a
        `CellEdits` is taken over, not copied)."""
        pending = self._cells.get(sheet)
        if pending is None:
            pending = self._cells[sheet] = CellEdits()
        pending.merge(cells)
        if date_format or datetime_format:
            old = self._formats.get(sheet, ("yyyy-mm-dd", "yyyy-mm-dd hh:mm"))
            self._formats[sheet] = (date_format or old[0], datetime_format or old[1])

    def write_chunks(self, key: str, plans: Sequence[ColumnPlan],
                     chunks: Iterable[tuple[TableData, CellEdits]], rows: Sequence[int], *,
                     also: Iterable[int] = ()) -> None:
        """Write result columns a chunk at a time: the `plans`' new header cells, then each
        chunk's cells (`chunks` gives each chunk of `chunks` and the cells it writes, in row
        order; `rows` is every row of the table). When table `key` is `streamed`, the chunks
        are made while its sheet is rewritten (`StreamedEdits`); otherwise they are
        collected now. `also`: other columns the chunks write (the sheet's dimension must
        cover them)."""
        td = self.table(key)
        head = CellEdits()
        for plan in plans:
            head.merge(CellEdits(dict(plan.headers)))
            self.added(plan)
        if not self.streamed(key):
            self.write_cells(td.sheet, head)
            for _, cells in chunks:
                self.write_cells(td.sheet, cells)
            return
        cols = [c for plan in plans for c in plan.columns.values()] + list(also)
        every = [*rows, *head.rows]
        cover = (min(every), min(cols), max(every), max(cols)) if every and cols else None
        ends = ((int(part.frame.index[-1]) if len(part.frame) else -1, cells)
                for part, cells in chunks)  # each chunk's last row
        self.write_stream(td.sheet, StreamedEdits(rows, head, ends, cover))

    def _deferred_cells(self, key: str, writes: list[tuple[pd.DataFrame, ColumnPlan]]
                        ) -> Iterator[tuple[TableData, CellEdits]]:
        """Each chunk of a streamed table and the cells `write_columns` gave it."""
        for part in self.chunks(key):
            cells = CellEdits()
            index = part.frame.index
            if len(index):
                for results, plan in writes:
                    at = results.index
                    a = at.searchsorted(index[0], "left")
                    b = at.searchsorted(index[-1], "right")
                    if b > a:
                        cells.merge(self.column_cells(part, results.iloc[a:b], plan))
            yield part, cells

    def write_stream(self, sheet: str, edits: StreamedEdits) -> None:
        """Write cells made a chunk at a time while the sheet is rewritten (a streamed
        table's results); the sheet takes no other writes in this save."""
        if sheet in self._streams or self._cells.get(sheet):
            raise ValueError(f"sheet {sheet!r} already has edits: a stream is its only one")
        self._streams[sheet] = edits

    def drop_cells(self, sheet: str, cells: Iterable[tuple[int, int]]) -> None:
        """Forget collected writes to these cells (e.g. keep a rep's own value)."""
        if any(self.table(k).sheet == sheet for k in self._deferred):
            raise ValueError(f"sheet {sheet!r} is written a chunk at a time: its cells are "
                             "not collected, so none can be dropped")
        pending = self._cells.get(sheet)
        if pending is not None:
            for cell in cells:
                pending.pop(cell, None)

    def add_sheet(self, sheet: NewSheet) -> None:
        """Add a plain sheet (or replace the cells of an existing one, `sheet.replace`)."""
        self._new_sheets.append(sheet)

    def graft_sheet(self, name: str, scratch: bytes, *, pivots: Sequence[Pivot] = (),
                    owned: Callable[[bytes], bool] | None = None,
                    loose: LooseCells | None = None) -> None:
        """Put the first sheet of an XlsxWriter-made `scratch` workbook in as sheet `name`
        (replacing salesxl's earlier sheet of that name; see `salesxl.io.addsheet`), with the
        `loose` cells written beside XlsxWriter (`salesxl.io.parts.splice`)."""
        self._grafts.append(_Graft(name, scratch, pivots, owned, loose))

    @property
    def cell_edits(self) -> dict[str, CellEdits]:
        """The collected cell writes, by sheet."""
        return {sheet: cells for sheet, cells in self._cells.items() if cells}

    @property
    def pending(self) -> bool:
        """Whether `save` has anything to write."""
        return (any(self._cells.values()) or bool(self._streams) or bool(self._deferred)
                or bool(self._new_sheets) or bool(self._grafts))

    # --- saving ----------------------------------------------------------------------------
    def save(self, *, out: str | Path | None = None, backup: bool = True) -> SaveReport:
        """Write every collected change in one atomic replacement of the file.

        The steps (cell edits and new sheets, then each grafted sheet) are applied one after
        the other to temporary files beside the workbook; only the last step replaces the
        workbook (or writes `out`), keeping the previous version in ``.salesxl-backup/``. A
        failure at any step leaves the workbook exactly as it was.
        """
        if self._saver is not None:
            done = self._saver(self)
            self._cells.clear()
            return done
        for key, writes in self._deferred.items():
            self.write_chunks(key, [plan for _, plan in writes], self._deferred_cells(key, writes),
                              self.rows(key))
        self._deferred.clear()
        target = Path(out) if out is not None else self.path
        report = SaveReport(target, columns_added=list(self.columns_added))
        steps: list[Callable[[Path, Path, bool, bool], None]] = []
        edits = [SheetEdit(sheet, cells, *self._formats.get(sheet, ("yyyy-mm-dd",
                                                                      "yyyy-mm-dd hh:mm")))
                 for sheet, cells in self._cells.items() if cells]
        edits += [SheetEdit(sheet, streamed, *self._formats.get(sheet, ("yyyy-mm-dd",
                                                                        "yyyy-mm-dd hh:mm")))
                  for sheet, streamed in self._streams.items()]
        if edits or self._new_sheets:
            def patch_step(src: Path, dst: Path, keep: bool, verify: bool) -> None:
                patch = patch_workbook(src, edits, self._new_sheets, out=dst, backup=keep,
                                       verify=verify)
                report.patch = patch
                report.cells_written += patch.cells_written
                report.rows_appended += patch.rows_appended
                report.backup = patch.backup or report.backup
            steps.append(patch_step)
            report.sheets_added += [s.name for s in self._new_sheets]
        for g in self._grafts:
            def graft_step(src: Path, dst: Path, keep: bool, verify: bool,
                           g: _Graft = g) -> None:
                from salesxl.io.addsheet import graft_sheet

                done = graft_sheet(src, g.name, g.scratch, pivots=g.pivots, owned=g.owned,
                                   out=dst, backup=keep, verify=verify, loose=g.loose)
                report.grafts.append(done)
                report.backup = done.backup or report.backup
            steps.append(graft_step)
        if not steps:
            return report
        with tempfile.TemporaryDirectory(prefix=".salesxl-", dir=target.parent) as scratch:
            src = self.path
            for i, step in enumerate(steps):
                last = i == len(steps) - 1
                dst = target if last else Path(scratch) / f"step{i}{self.path.suffix}"
                step(src, dst, last and backup, i == 0)  # later steps read our own file
                src = dst
        for streamed in self._streams.values():
            streamed.finish()
        self._streams.clear()
        self._cells.clear()
        self._new_sheets.clear()
        self._grafts.clear()
        return report


def _subset(td: TableData, rows: list[int]) -> TableData:
    return dataclasses.replace(td, frame=td.frame.loc[rows])
