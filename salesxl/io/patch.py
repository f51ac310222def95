"""Lossless in-place edits of ``.xlsx``/``.xlsm`` workbooks, saved atomically.

openpyxl's load + save drops shapes, buttons, sparklines, slicers and cached values, so
salesxl edits the sheet XML inside the zip instead: only the edited worksheets, and when
needed ``xl/styles.xml``, a table part, the workbook part, its relationships and
``[Content_Types].xml`` change; every other member (other sheets, drawings, charts, images,
comments, VBA, pivot tables and caches, defined names, shared strings) keeps its exact bytes.

Example:
    >>> import datetime as dt
    >>> report = patch_workbook(  # doctest: +SKIP
    ...     "pipeline.xlsx",
    ...     [SheetEdit("Leads", {(1, 4): "Proposal", (1, 5): dt.date(2026, 3, 5)})],
    ...     [NewSheet("Summary", [["Stage", "Count"], ["Proposal", 3]])],
    ... )
    >>> report.cells_written, report.backup  # doctest: +SKIP
    (6, PosixPath('.salesxl-backup/pipeline.xlsx'))
"""

from __future__ import annotations

import io
import operator
import os
import posixpath
import re
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import IO, Any

from lxml import etree

from salesxl.core.cells import MAX_COLS, MAX_ROWS, parse_range, range_a1, to_a1
from salesxl.core.errors import WorkbookError
from salesxl.io.parts.atomic import Content, atomic_save, write_zip
from salesxl.io.parts.celledits import CellEdits, StreamedEdits
from salesxl.io.parts.cellxml import CellEncoder, CellValue
from salesxl.io.parts.newsheet import check_sheet_name, grid_edits, sheet_xml
from salesxl.io.parts.preflight import damage
from salesxl.io.parts.safety import check_not_open_in_excel, open_zip
from salesxl.io.parts.sheetxml import SheetResult, rewrite_sheet
from salesxl.io.parts.styles import StyleBook
from salesxl.io.parts.zipparts import (
    CONTENT_TYPES,
    CT_WORKSHEET,
    NS_PKG_REL,
    NS_REL,
    REL_WORKSHEET,
    TableInfo,
    content_type_remove,
    find_sheet,
    parse_part,
    read_part,
    read_rels,
    rels_path,
    sheet_paths,
    table_parts,
    tables_for_member,
    to_bytes,
    where,
    workbook_part,
    workbook_sheets,
)
from salesxl.io.parts.zipparts import content_type_add as _ct_add

__all__ = [
    "CellEdits",
    "CellValue",
    "NewSheet",
    "PatchReport",
    "SheetEdit",
    "TableInfo",
    "patch_workbook",
    "sheet_paths",
    "table_parts",
]

SPOOL_IN_MEMORY = 8 * 1024**2
_ANY_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s/>]")
_AFTER_CALCPR = {
    "oleSize", "customWorkbookViews", "pivotCaches", "smartTagPr", "smartTagTypes",
    "webPublishing", "fileRecoveryPr", "webPublishObjects", "extLst",
}


@dataclass
class SheetEdit:
    """New values for cells of one existing worksheet.

    Attributes:
        sheet: the worksheet name as shown on Excel's tab.
        cells: zero-based (row, col) -> new value; ``None`` clears the value but keeps the
            cell's format. Or a `StreamedEdits`: edits by row, made as the sheet is rewritten.
        date_format: number format for date cells whose format shows no date.
        datetime_format: number format for datetime cells whose format shows no date.

    Example:
        >>> SheetEdit("Leads", {(1, 0): "Kim", (1, 3): 1500000}).cells[(1, 0)]
        'Kim'
    """

    sheet: str
    cells: Mapping[tuple[int, int], CellValue] | StreamedEdits
    date_format: str = "yyyy-mm-dd"
    datetime_format: str = "yyyy-mm-dd hh:mm"


@dataclass
class NewSheet:
    """A plain worksheet to add (or whose cells to replace): values from A1.

    Attributes:
        name: the tab name.
        rows: rows of values written from A1.
        header: the first row is a bold header and stays frozen when scrolling.
        replace: replace the cells of an existing sheet of that name (its other settings,
            relationships and drawings stay); without it an existing name is an error.
        date_format: number format for date cells.
        datetime_format: number format for datetime cells.

    Example:
        >>> NewSheet("Summary", [["Stage", "Count"], ["Proposal", 3]]).header
        True
    """

    name: str
    rows: Sequence[Sequence[CellValue]]
    header: bool = True
    replace: bool = False
    date_format: str = "yyyy-mm-dd"
    datetime_format: str = "yyyy-mm-dd hh:mm"


@dataclass
class PatchReport:
    """What :func:`patch_workbook` did.

    Attributes:
        path: the file written.
        cells_written: cells given a new value or cleared (new sheets included).
        rows_appended: rows created in existing sheets (rows of new sheets not counted).
        parts_changed: zip members whose content changed or that were added.
        parts_removed: zip members dropped (``xl/calcChain.xml`` after overwriting formulas).
        tables_grown: table display name -> new ref, for tables extended over new rows.
        backup: the previous version's copy, or None.
    """

    path: Path
    cells_written: int = 0
    rows_appended: int = 0
    parts_changed: list[str] = field(default_factory=list)
    parts_removed: list[str] = field(default_factory=list)
    tables_grown: dict[str, str] = field(default_factory=dict)
    backup: Path | None = None


def patch_workbook(
    path: str | os.PathLike[str],
    edits: Sequence[SheetEdit],
    new_sheets: Iterable[NewSheet] = (),
    *,
    out: str | os.PathLike[str] | None = None,
    backup: bool = True,
    verify: bool = True,
) -> PatchReport:
    """Write cell values into an existing workbook, changing nothing else.

    Strings are stored as inline strings (``sharedStrings.xml`` stays untouched), dates as
    Excel serials with a date format, formula-looking text as text with Excel's quote prefix.
    Rows written directly below an Excel Table grow the table. Overwriting a formula drops
    ``xl/calcChain.xml``; when the workbook has formulas Excel is asked to recalculate on
    open. The file is replaced atomically, and the previous version is kept in
    ``.salesxl-backup/`` beside it.

    Args:
        path: the ``.xlsx`` or ``.xlsm`` workbook.
        edits: cell values per worksheet.
        new_sheets: plain sheets to add or to replace.
        out: write the result here instead of over ``path``.
        backup: keep the previous version of the file written.
        verify: check the CRC of the members copied unchanged; ``False`` only for a file
            an earlier step of the same save wrote.

    Returns:
        A :class:`PatchReport`.

    Raises:
        WorkbookLockedError: the workbook is open in Excel.
        WorkbookError: unknown sheet, a value that cannot be stored, a table header edit,
            a damaged or unsafe file. The file is then left exactly as it was.

    Example:
        >>> patch_workbook("pipeline.xlsx", [SheetEdit("Leads", {(5, 2): 3})])  # doctest: +SKIP
        PatchReport(path=PosixPath('pipeline.xlsx'), cells_written=1, ...)
    """
    src = Path(path)
    target = Path(out) if out is not None else src
    edits, new_sheets = list(edits), list(new_sheets)
    check_not_open_in_excel(src)
    if target.resolve() != src.resolve():
        check_not_open_in_excel(target)
    if not edits and not new_sheets and target.resolve() == src.resolve():
        open_zip(src).close()
        return PatchReport(path=target)
    with ExitStack() as stack:
        zf = stack.enter_context(open_zip(src))
        job = _Job(zf, stack, target)
        job.run(edits, new_sheets)

        def write(fh: IO[bytes]) -> None:
            write_zip(zf, fh, job.replaced, removed=frozenset(job.removed), added=job.added,
                      verify=verify)
            zf.close()  # before the swap: the old file must not be open then (Windows)

        report = job.report
        report.backup = atomic_save(target, write, backup=backup)
    order = [i.filename for i in zf.infolist()]
    report.parts_changed = [n for n in order if n in job.replaced] + [n for n, _ in job.added]
    report.parts_removed = sorted(job.removed)
    return report


def _cell_key(key: object, sheet: str, file: str) -> tuple[int, int]:
    if key.__class__ is tuple and len(key) == 2:  # type: ignore[arg-type]
        r, c = key  # type: ignore[misc]
        if r.__class__ is int and c.__class__ is int and 0 <= r < MAX_ROWS and 0 <= c < MAX_COLS:
            return r, c  # the common case: a pair of plain ints inside the grid
    try:
        pair: tuple[Any, ...] = tuple(key)  # type: ignore[arg-type]
        if len(pair) != 2:
            raise ValueError
        r, c = operator.index(pair[0]), operator.index(pair[1])
    except (TypeError, ValueError):
        raise WorkbookError(
            "{path}: {sheet}: cell key {key!r} is not a zero-based (row, col) pair of integers",
            path=file, sheet=sheet, key=key) from None
    if not (0 <= r < MAX_ROWS and 0 <= c < MAX_COLS):
        raise WorkbookError(
            "{path}: {sheet}: cell ({row}, {col}) is outside Excel's grid of {rows:,} rows and "
            "{cols:,} columns (zero-based)", path=file, sheet=sheet, row=r, col=c,
            rows=MAX_ROWS, cols=MAX_COLS)
    return r, c


def _bounds(edits: Mapping[int, dict[int, CellValue]]) -> tuple[int, int, int, int] | None:
    """The box of the cells given a value (cleared cells left out), or None (streamed
    edits say theirs)."""
    if isinstance(edits, StreamedEdits):
        return edits.cover
    top = left = MAX_ROWS + MAX_COLS
    bottom = right = -1
    for r, row in edits.items():
        cols = [c for c, v in row.items() if v is not None]
        if cols:
            top, bottom = min(top, r), max(bottom, r)
            left, right = min(left, *cols), max(right, *cols)
    return None if bottom < 0 else (top, left, bottom, right)


def _checked_rows(rows: dict[int, dict[int, CellValue]], sheet: str, file: str
                  ) -> dict[int, dict[int, CellValue]]:
    """Edits by row, every row and column checked as `_cell_key` checks a pair."""
    for r, row in rows.items():
        if not (r.__class__ is int and 0 <= r < MAX_ROWS):
            _cell_key((r, next(iter(row), 0)), sheet, file)  # raises: the reason in words
        for c in row:
            if not (c.__class__ is int and 0 <= c < MAX_COLS):
                _cell_key((r, c), sheet, file)
    return rows


class _Job:
    """One patch: reads what it needs from the zip and collects the changed parts."""

    def __init__(self, zf: zipfile.ZipFile, stack: ExitStack, target: Path):
        self.zf = zf
        self.stack = stack
        self.file = where(zf)
        self.report = PatchReport(path=target)
        self.replaced: dict[str, Content] = {}
        self.removed: set[str] = set()
        self.added: list[tuple[str, bytes]] = []
        self.results: list[SheetResult] = []
        self.done_members: set[str] = set()
        self.wb_part = workbook_part(zf)
        self.wb_root = parse_part(zf, self.wb_part)
        self.ns = etree.QName(self.wb_root).namespace or ""
        self.wb_rels = read_rels(zf, self.wb_part)
        self.wb_changed = self.rels_changed = self.ct_changed = False
        self._rels_root: etree._Element | None = None
        self._ct_root: etree._Element | None = None
        pr = self.wb_root.find(f"{{{self.ns}}}workbookPr")
        self.date1904 = pr is not None and pr.get("date1904", "0") in ("1", "true")
        styles_rel = next((r for r in self.wb_rels if r.type.endswith("/styles")), None)
        self.styles_part = styles_rel.member if styles_rel else ""
        data = read_part(zf, self.styles_part) if self.styles_part in zf.NameToInfo else None
        self.styles = StyleBook(data, where(zf, self.styles_part or "xl/styles.xml"))

    # -- parts that change as a whole ---------------------------------------------------
    @property
    def rels_root(self) -> etree._Element:
        if self._rels_root is None:
            self._rels_root = parse_part(self.zf, rels_path(self.wb_part))
        return self._rels_root

    @property
    def ct_root(self) -> etree._Element:
        if self._ct_root is None:
            self._ct_root = parse_part(self.zf, CONTENT_TYPES)
        return self._ct_root

    def run(self, edits: list[SheetEdit], new_sheets: list[NewSheet]) -> None:
        groups: dict[str, list[SheetEdit]] = {}
        for edit in edits:
            groups.setdefault(edit.sheet, []).append(edit)
        by_sheet: dict[str, tuple[Mapping[int, dict[int, CellValue]], SheetEdit]] = {}
        for name, group in groups.items():
            cells = group[0].cells
            grid: Mapping[int, dict[int, CellValue]]
            if isinstance(cells, StreamedEdits) and len(group) == 1:
                _checked_rows(cells.head.rows, name, self.file)
                cells.check = partial(_checked_rows, sheet=name, file=self.file)
                grid = cells  # checked a chunk at a time, as the rewriter reaches it
            elif len(group) == 1 and isinstance(cells, CellEdits):
                grid = _checked_rows(cells.rows, name, self.file)  # by row already: as is
            else:  # the caller's edits stay as given
                rows: dict[int, dict[int, CellValue]] = {}
                for edit in group:
                    if isinstance(edit.cells, StreamedEdits):
                        raise ValueError(f"sheet {name!r}: streamed edits and others in one "
                                         "patch")
                    for key, value in edit.cells.items():
                        r, c = _cell_key(key, name, self.file)
                        rows.setdefault(r, {})[c] = value
                grid = rows
            by_sheet[name] = (grid, group[-1])  # the last edit's date formats, as before
        replacing = {ns.name for ns in new_sheets if ns.replace}
        for name in by_sheet:
            if name in replacing:
                raise WorkbookError(
                    "{path}: sheet {sheet!r} is both edited and replaced in one patch; put the "
                    "edits into the new rows instead", path=self.file, sheet=name)
        for name, (grid, edit) in by_sheet.items():
            self._edit_sheet(name, grid, edit)
        for new in new_sheets:
            self._new_sheet(new)
        self._finish()

    def _encoder(self, sheet: str, date_format: str, datetime_format: str) -> CellEncoder:
        return CellEncoder(self.styles, where=self.file, sheet=sheet, date_format=date_format,
                           datetime_format=datetime_format, date1904=self.date1904)

    def _rewrite(self, member: str, enc: CellEncoder, grid: Mapping[int, dict[int, CellValue]],
                 *, replace: bool = False, row_base: dict[int, int] | None = None) -> None:
        spool = self.stack.enter_context(
            tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)  # noqa: SIM115
        )
        try:
            with self.zf.open(member) as src:
                res = rewrite_sheet(src, spool, enc, grid, where=where(self.zf, member),
                                    cover=_bounds(grid), replace=replace, row_base=row_base)
        except (zipfile.BadZipFile, EOFError, zlib.error) as exc:
            raise WorkbookError(
                "{path}: damaged file ({member} {what}); get a fresh copy or restore it from a "
                "backup (Excel may offer to repair it)", path=self.zf.filename, member=member,
                what=damage(exc)) from exc
        self.replaced[member] = spool  # type: ignore[assignment]
        self.done_members.add(member)
        self.results.append(res)
        self.report.cells_written += res.cells_written

    def _edit_sheet(self, name: str, grid: Mapping[int, dict[int, CellValue]],
                    edit: SheetEdit) -> None:
        sheet = find_sheet(self.zf, name)
        for table in tables_for_member(self.zf, sheet.member):
            self._check_header(name, table, grid)
            self._grow_table(table, grid)
        self._rewrite(sheet.member, self._encoder(name, edit.date_format, edit.datetime_format),
                      grid)
        self.report.rows_appended += self.results[-1].rows_appended

    def _check_header(self, sheet: str, t: TableInfo,
                      grid: Mapping[int, dict[int, CellValue]]) -> None:
        if t.header_rows < 1 or t.first_row not in grid:
            return
        for c, value in grid[t.first_row].items():
            if t.first_col <= c <= t.last_col:
                name = t.columns[c - t.first_col] if c - t.first_col < len(t.columns) else None
                if value != name or not isinstance(value, str):
                    raise WorkbookError(
                        "{path}: {cell} is the header of column {name!r} of table {table!r}; "
                        "writing {value!r} there would rename the table column: rename it in "
                        "Excel instead", path=self.file, cell=f"{sheet}!{to_a1(t.first_row, c)}",
                        name=name, table=t.display_name, value=value)

    def _grow_table(self, t: TableInfo, grid: Mapping[int, dict[int, CellValue]]) -> None:
        if t.totals_rows:
            return
        last = t.last_row
        def after(row: int) -> dict[int, CellValue]:  # streamed edits: a look ahead
            if isinstance(grid, StreamedEdits):
                return grid.peek(row) if row in grid else {}
            return grid.get(row, {})

        while any(
            v is not None and t.first_col <= c <= t.last_col
            for c, v in after(last + 1).items()
        ):
            last += 1
        if last == t.last_row:
            return
        new_ref = range_a1(t.first_row, t.first_col, last, t.last_col)
        data = self.replaced.get(t.member)
        data = data if isinstance(data, bytes) else read_part(self.zf, t.member)
        data = _set_ref(data, b"table", lambda _old: new_ref)
        data = _set_ref(data, b"autoFilter", lambda old: _grow_ref(old, last))
        self.replaced[t.member] = data
        self.report.tables_grown[t.display_name] = new_ref

    def _new_sheet(self, new: NewSheet) -> None:
        file = f"{self.file}: sheet {new.name!r}"
        grid = grid_edits(new.rows, file)
        row_base = {0: self.styles.derive(0, bold=True)} if new.header and new.rows else {}
        enc = self._encoder(new.name, new.date_format, new.datetime_format)
        sheets = workbook_sheets(self.zf)
        existing = next((s for s in sheets if s.name == new.name), None) or next(
            (s for s in sheets if s.name.casefold() == new.name.casefold()), None)
        if existing is not None and new.replace:
            if not existing.is_worksheet:
                find_sheet(self.zf, new.name)  # raises: a chart sheet
            self._rewrite(existing.member, enc, grid, replace=True, row_base=row_base)
            return
        check_sheet_name(new.name, self._sheet_names(), self.file)
        dst = io.BytesIO()
        res = rewrite_sheet(io.BytesIO(sheet_xml(new.rows, header=new.header)), dst, enc, grid,
                            where=file, cover=_bounds(grid), replace=True, row_base=row_base)
        self.report.cells_written += res.cells_written
        self._register_sheet(new.name, dst.getvalue())

    def _sheet_names(self) -> list[str]:
        """Every sheet name, including sheets added earlier in this patch."""
        return [el.get("name", "") for el in self.wb_root.iter(f"{{{self.ns}}}sheet")]

    def _register_sheet(self, name: str, data: bytes) -> None:
        taken = set(self.zf.NameToInfo) | {n for n, _ in self.added}
        n = 1
        while f"xl/worksheets/sheet{n}.xml" in taken:
            n += 1
        member = f"xl/worksheets/sheet{n}.xml"
        rels = self.rels_root
        ids = [el.get("Id", "") for el in rels]
        nums = [int(i[3:]) for i in ids if i.startswith("rId") and i[3:].isdigit()]
        rid = f"rId{max(nums, default=0) + 1}"
        rel = etree.SubElement(rels, f"{{{NS_PKG_REL}}}Relationship")
        rel.set("Id", rid)
        rel.set("Type", REL_WORKSHEET)
        rel.set("Target", posixpath.relpath(member, posixpath.dirname(self.wb_part) or "."))
        sheets_el = self.wb_root.find(f"{{{self.ns}}}sheets")
        if sheets_el is None:
            raise WorkbookError("{path}: the workbook part has no <sheets>: it is damaged",
                                path=self.file)
        ids_taken = [int(el.get("sheetId", "0") or 0) for el in sheets_el]
        el = etree.SubElement(sheets_el, f"{{{self.ns}}}sheet")
        el.set("name", name)
        el.set("sheetId", str(max(ids_taken, default=0) + 1))
        el.set(f"{{{NS_REL}}}id", rid)
        _ct_add(self.ct_root, member, CT_WORKSHEET)
        self.added.append((member, data))
        self.wb_changed = self.rels_changed = self.ct_changed = True

    # -- workbook-wide consequences ------------------------------------------------------
    def _finish(self) -> None:
        if any(r.removed_formula for r in self.results):
            self._drop_calc_chain()
        if any(r.cells_written for r in self.results):
            self._full_calc_on_load()
        if self.styles.changed:
            self.replaced[self.styles_part] = self.styles.to_bytes()
        if self.wb_changed:
            self.replaced[self.wb_part] = to_bytes(self.wb_root)
        if self.rels_changed:
            self.replaced[rels_path(self.wb_part)] = to_bytes(self.rels_root)
        if self.ct_changed:
            self.replaced[CONTENT_TYPES] = to_bytes(self.ct_root)

    def _drop_calc_chain(self) -> None:
        for rel in self.wb_rels:
            if rel.type.endswith("/calcChain"):
                for el in list(self.rels_root):
                    if el.get("Id") == rel.id:
                        self.rels_root.remove(el)
                        self.rels_changed = True
                if rel.member in self.zf.NameToInfo:
                    self.removed.add(rel.member)
                if content_type_remove(self.ct_root, rel.member):
                    self.ct_changed = True

    def _full_calc_on_load(self) -> None:
        calc = self.wb_root.find(f"{{{self.ns}}}calcPr")
        if calc is not None and calc.get("fullCalcOnLoad") in ("1", "true"):
            return
        has_chain = any(r.type.endswith("/calcChain") for r in self.wb_rels)
        if not (has_chain or any(r.has_formula for r in self.results) or self._any_formula()):
            return
        if calc is None:
            calc = self.wb_root.makeelement(f"{{{self.ns}}}calcPr")
            for i, child in enumerate(self.wb_root):
                if isinstance(child.tag, str) and etree.QName(child).localname in _AFTER_CALCPR:
                    self.wb_root.insert(i, calc)
                    break
            else:
                self.wb_root.append(calc)
        calc.set("fullCalcOnLoad", "1")
        self.wb_changed = True

    def _any_formula(self) -> bool:
        """Stream the untouched worksheets looking for a formula."""
        for s in workbook_sheets(self.zf):
            if not s.is_worksheet or s.member in self.done_members:
                continue
            tail = b""
            with self.zf.open(s.member) as fh:
                while chunk := fh.read(1 << 20):
                    if _ANY_FORMULA.search(tail + chunk):
                        return True
                    tail = chunk[-64:]
        return False


def _set_ref(data: bytes, tag: bytes, new: Callable[[str], str]) -> bytes:
    """Change the ``ref`` attribute of the first ``<tag ...>`` start tag, nothing else."""
    m = re.search(rb"<(?:[A-Za-z_][\w.-]*:)?" + tag + rb"(?=[\s/>])[^>]*>", data)
    if m is None:
        return data
    start = m.group(0)

    def repl(a: re.Match[bytes]) -> bytes:
        value = new(a.group(2)[1:-1].decode("ascii"))
        return a.group(1) + b'"' + value.encode("ascii") + b'"'

    changed = re.sub(rb"(\sref\s*=\s*)(\"[^\"]*\"|'[^']*')", repl, start, count=1)
    return data[: m.start()] + changed + data[m.end() :]


def _grow_ref(old: str, last_row: int) -> str:
    r1, c1, _r2, c2 = parse_range(old)
    return range_a1(r1, c1, last_row, c2)

