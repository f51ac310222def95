"""The cells of a spreadsheet file, read safely: one way in for every reader of salesxl.

Every command that reads cells (the team-workbook reader behind export, validate, followups,
summary...; `salesxl convert`'s legacy reader; the Excel edge's file grids) opens the file
here, so the same checks stand before any value is used:

* **.xlsx / .xlsm**: the zip limits (`salesxl.io.parts.safety.open_zip`), then
  `salesxl.io.parts.preflight` — the CRC of every part, each sheet's real extent, the shared
  strings' counts. A file that passes is read by python-calamine (fast); a file with a far
  cell, a huge sparse sheet or lying counts is read by `salesxl.io.sheetstream`, which
  allocates only for the cells that exist. Formula cells saved without a value are listed.
* **.xls / .ods**: the zip limits and every member's CRC for .ods; python-calamine.
* **Any path**: a file name that is not UTF-8 (a CP949 or Latin-1 name from a Windows zip)
  is opened through a file object, since python-calamine takes only UTF-8 paths.

Errors are `WorkbookError` sentences naming the file and the fix; nothing here lets a
reader's private exception or an abort through.

Example:
    >>> cells = open_cells("workbooks/salesxl-team-ko.xlsx")  # doctest: +SKIP
    >>> cells.names[:2], cells.grid("리드", 1)[0][:2]  # doctest: +SKIP
    (['시작하기', '리드'], ['리드 ID', '고객사명'])
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import python_calamine as calamine

from salesxl.core.errors import WorkbookError
from salesxl.core.messages import Msg, Pair
from salesxl.io.parts.preflight import check_member, preflight
from salesxl.io.parts.safety import OLE_MAGIC, ole_is_encrypted, open_zip, read_head
from salesxl.io.parts.zipparts import workbook_sheets
from salesxl.io.sheetstream import SheetError, open_sheet

Grid = list[list[Any]]
GridOf = Callable[..., Grid]  # (sheet name, nrows=None) -> rows of cell values from A1
RowsBelow = Callable[[str, int], Iterator[tuple[list[int], Grid]]]
"""(sheet name, zero-based row) -> the sheet's rows below that row, a chunk at a time:
(their zero-based row numbers, their cells from column A), rows without cells left out."""
Merged = list[tuple[int, int, int, int]]  # (first row, first col, last row, last col)


@dataclass
class Cells:
    """An open spreadsheet: its worksheet names and how to read each one."""

    path: Path
    kind: str  # "xlsx", "xls" or "ods"
    names: list[str]
    grid: GridOf
    end: Callable[[str], int]  # last used column of a sheet (zero-based), -1 when empty
    merged: Callable[[str], Merged | None] = lambda name: None
    unvalued: dict[str, list[str]] = field(default_factory=dict)  # sheet -> A1 refs
    streaming: bool = False  # read by the streaming reader (the preflight refused calamine)
    epoch1904: bool = False
    forget: Callable[[], None] = lambda: None  # drop the sheet kept from the last whole read
    # the streaming reader's rows below a header, a chunk at a time (None: read `grid` whole)
    rows_below: RowsBelow | None = None


def calamine_workbook(path: Path, kind: str = "xlsx") -> calamine.CalamineWorkbook:
    """python-calamine over `path`, whatever the bytes of its name.

    Raises:
        WorkbookError: the file cannot be read as a workbook of that kind.
    """
    try:
        try:
            str(path).encode("utf-8")
            named = _SUFFIX_KINDS.get(path.suffix.lower()) == kind
        except UnicodeEncodeError:  # a CP949/Latin-1 file name: calamine takes UTF-8 only
            named = False
        if not named:  # calamine goes by the name; from the bytes it goes by the content
            with open(path, "rb") as fh:
                return calamine.CalamineWorkbook.from_filelike(fh)
        return calamine.CalamineWorkbook.from_path(str(path))
    except OSError as exc:
        raise WorkbookError("{path} cannot be opened ({detail}): check that the file exists "
                            "and that you may read it", path=path,
                            detail=exc.strerror or type(exc).__name__) from None
    except Exception as exc:  # calamine raises several private error types
        if type(exc).__name__ == "PasswordError":
            raise WorkbookError("{path} is password-protected: remove the password in Excel "
                                "(File > Info > Protect Workbook) and try again",
                                path=path) from None
        raise WorkbookError("{path} cannot be read as {kind} workbook ({detail}): it may be "
                            "damaged; open it in Excel and save it again",
                            path=path, kind=_KIND_LABELS.get(kind, Pair(kind, kind)),
                            detail=_detail(exc)) from None


_SUFFIX_KINDS = {".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls", ".ods": "ods"}
_KIND_LABELS = {"xlsx": Pair("an Excel (.xlsx)", "엑셀(.xlsx)"),
                "xls": Pair("an Excel 97-2003 (.xls)", "엑셀 97-2003(.xls)"),
                "ods": Pair("an OpenDocument (.ods)", "OpenDocument(.ods)")}


def _detail(exc: Exception) -> Msg | str:
    """A reader's error as words, never a bare internal token ("(sst)") or a class name."""
    text = str(exc).strip()
    if type(exc).__name__ == "XmlError" or "xml" in text.lower():
        return Msg("a part's XML is damaged")
    if "shared strings" in text.lower() or "string index" in text.lower():
        return Msg("a cell points at a text the file does not hold")
    if text.startswith(("Cfb error", "Xls error", "Ods error", "Xlsx error")) or \
            "points past end of file" in text or "Invalid OLE" in text:
        return Msg("its internal structure is damaged or cut short")
    if len(text) < 12 or " " not in text:
        return Msg("the reader could not make sense of it")
    return text


def open_cells(path: str | Path, *, legacy: bool = False) -> Cells:
    """Open a spreadsheet file for reading cells (see the module docstring).

    Args:
        path: the file.
        legacy: also read an Excel 97-2003 (.xls) file (`salesxl convert`); a team workbook
            reader leaves it to `salesxl convert` with a sentence saying so.

    Raises:
        WorkbookError: the file is damaged, unsafe, password-protected or not a spreadsheet.
    """
    p = Path(path)
    head = read_head(p)
    if (head.startswith(OLE_MAGIC) and not legacy) or not head.startswith((b"PK", OLE_MAGIC)):
        open_zip(p).close()  # the password-protected, old-.xls or not-a-workbook sentence
    if head.startswith(OLE_MAGIC) and ole_is_encrypted(p):
        raise WorkbookError("{path} is password-protected: remove the password in Excel "
                            "(File > Info > Protect Workbook) and try again", path=p)
    if head.startswith(b"PK"):
        with open_zip(p) as zf:  # size, member and ratio limits before any parsing
            members = set(zf.namelist())
            if "content.xml" in members and "xl/workbook.xml" not in members:
                for member in zf.namelist():  # every part's CRC before calamine reads it
                    check_member(zf, p, member)
                _check_ods_repeats(zf, p)
                return _calamine_cells(p, "ods")
            if "xl/workbook.xml" not in members:
                raise WorkbookError("{path} is a zip file but not a workbook (no "
                                    "xl/workbook.xml): it may be a Word or other Office file; "
                                    "give the spreadsheet itself", path=p)
            return _xlsx_cells(p, zf)
    return _calamine_cells(p, "xls")


ODS_CELL_FLOOR = 1_000_000
"""An .ods may expand through its repeat attributes to this many cells whatever its size;
beyond it, only while every cell still costs its XML a few bytes (the reader allocates every
repeated cell of the sheet's width: about 80 bytes each)."""
_ODS_ROW = re.compile(rb"<table:table-row\b([^>]*)>(.*?)</table:table-row>", re.S)
_ODS_ROWS_REPEATED = re.compile(rb'table:number-rows-repeated="(\d+)"')
_ODS_CELL = re.compile(rb"<table:(?:covered-)?table-cell\b([^>]*)>")
_ODS_COLS_REPEATED = re.compile(rb'table:number-columns-repeated="(\d+)"')


def _check_ods_repeats(zf: Any, p: Path) -> None:
    """Refuse an .ods whose repeat attributes expand a few bytes into millions of cells (a
    row of values repeated a million times, reading as a million-row sheet of the sheet's full
    width); empty repeated rows and columns, which LibreOffice writes for the rest of the
    sheet, are not counted."""
    try:
        content = zf.read("content.xml")
    except KeyError:
        return
    rows = width = 0
    for row in _ODS_ROW.finditer(content):
        if b"office:value-type" not in row.group(2):
            continue
        span = last = 0
        for cell in _ODS_CELL.finditer(row.group(2)):
            m = _ODS_COLS_REPEATED.search(cell.group(1))
            span += int(m.group(1)) if m else 1
            if b"office:value-type" in cell.group(1):
                last = span
        width = max(width, last)
        rep = _ODS_ROWS_REPEATED.search(row.group(1))
        rows += int(rep.group(1)) if rep else 1
    cells = rows * width
    if cells > ODS_CELL_FLOOR and cells * 2 > len(content):
        raise WorkbookError("{path}: its repeated rows and columns expand to {n:,} cells: "
                            "refused as a possible repeat bomb; if the file is genuine, open it "
                            "in LibreOffice and save it as .xlsx", path=p, n=cells)


def _xlsx_cells(p: Path, zf: Any) -> Cells:
    pf = preflight(p, zf)
    members = {ref.member: ref.name for ref in worksheet_refs(zf, p)}
    try:
        head = zf.read("xl/workbook.xml")[:4000]
    except KeyError:
        head = b""
    epoch1904 = any(m in head for m in (b'date1904="1"', b"date1904='1'", b'date1904="true"'))
    unvalued = {members[m]: ext.formulas_without_value for m, ext in pf.sheets.items()
                if ext.formulas_without_value and m in members}
    if not pf.fast_ok:
        cells = _stream_cells(p, [n for n in members.values()])
    else:
        cells = _calamine_cells(p, "xlsx")
    cells.unvalued, cells.epoch1904 = unvalued, epoch1904
    return cells


def worksheet_refs(zf: Any, path: Path) -> list[Any]:
    """The workbook's worksheets (chart sheets left out), a damaged list named, not raised."""
    try:
        return [ref for ref in workbook_sheets(zf) if ref.is_worksheet]
    except WorkbookError:
        raise
    except Exception as exc:  # a damaged workbook part: named, not a traceback
        raise WorkbookError("{path}: damaged file (its list of sheets cannot be read: "
                            "{detail}); open it in Excel and save a copy",
                            path=path, detail=_detail(exc)) from exc


def _calamine_cells(p: Path, kind: str) -> Cells:
    wb = calamine_workbook(p, kind)
    try:
        names = [m.name for m in wb.sheets_metadata
                 if m.typ == calamine.SheetTypeEnum.WorkSheet]
    except Exception as exc:
        raise WorkbookError("{path} cannot be read as {kind} workbook ({detail}): it may be "
                            "damaged; open it in Excel and save it again", path=p,
                            kind=_KIND_LABELS.get(kind, Pair(kind, kind)), detail=_detail(exc)) from None
    grids: dict[str, Grid] = {}

    def sheet(name: str) -> Any:
        try:
            return wb.get_sheet_by_name(name)
        except Exception as exc:
            raise WorkbookError("{path}: sheet {sheet!r} cannot be read ({detail}); open the "
                                "file in Excel and save a copy", path=p, sheet=name,
                                detail=_detail(exc)) from None

    def grid(name: str, nrows: int | None = None) -> Grid:
        if name in grids:
            return grids[name] if nrows is None else grids[name][:nrows]
        try:
            parsed = sheet(name)
            rows: Grid = (_folded_rows(parsed) if nrows is None and parsed.start == (0, 0)
                          else parsed.to_python(skip_empty_area=False, nrows=nrows))
        except WorkbookError:
            raise
        except Exception as exc:
            raise WorkbookError("{path}: sheet {sheet!r} cannot be read ({detail}); open the "
                                "file in Excel and save a copy", path=p, sheet=name,
                                detail=_detail(exc)) from None
        if nrows is None:
            grids.clear()  # keep one sheet: a table keeps what it needs
            grids[name] = rows
            ends[name] = max(map(len, rows), default=0) - 1
            # its merged ranges from the same parse (calamine parses a sheet again on every
            # get_sheet_by_name, as long as reading its cells); a failure is met again, and
            # reported, by merged()
            spans.clear()
            with contextlib.suppress(Exception):
                spans[name] = _merged_ranges(parsed)
        return rows

    ends: dict[str, int] = {}  # the last column of each sheet read whole (no second parse)
    spans: dict[str, Merged | None] = {}  # the merged ranges of the sheet read whole

    def end(name: str) -> int:
        if name not in ends:
            last = sheet(name).end
            ends[name] = last[1] if last is not None else -1
        return ends[name]

    def merged(name: str) -> Merged | None:
        if name in spans:
            return spans[name]
        return _merged_ranges(sheet(name))

    return Cells(p, kind, names, grid, end, merged, forget=grids.clear)


FOLDED_TYPES = frozenset({str, dt.datetime, dt.date, dt.time, dt.timedelta})
"""Cell types whose repeated values are kept as one object: no value of one type equals a
value of another, so sharing never changes a value or its type. Numbers never are (1, 1.0
and True compare equal; so do 0.0 and -0.0)."""


def _folded_rows(parsed: Any) -> Grid:
    """A sheet's rows (from A1) in which equal texts and dates share one object.

    The reader makes a Python object for every cell, and a whole sheet of them at once:
    100,000 leads of 37 columns are 3.7 million objects, most of them copies of a few
    hundred stage names, reps and dates. Taking the rows one at a time and folding each
    repeated value of `FOLDED_TYPES` onto its first copy keeps a sheet's cells in about a
    third of the memory (the values and their types are unchanged)."""
    fold = Folder()
    return [fold(row) for row in parsed.iter_rows()]


FOLD_MEMO = 200_000
"""The most distinct values a `Folder` remembers at once. A sheet's repeated values (stages,
reps, dates) are met again within a few rows and stay folded; a million rows of names and
e-mails would otherwise keep a dictionary entry each (hundreds of MB at 1M rows), so the
memory is forgotten whenever it grows past this."""


class Folder:
    """Rows in which equal values of `FOLDED_TYPES` share one object (see `_folded_rows`):
    ``fold(row)`` is the row as a new list, a None cell made `blank`. At most `memo_size`
    distinct values are remembered at a time."""

    def __init__(self, blank: Any = None, memo_size: int = FOLD_MEMO):
        self.blank = blank
        self.memo_size = memo_size
        self._memo: dict[Any, Any] = {}

    def __call__(self, row: Iterable[Any]) -> list[Any]:
        memo = self._memo
        if len(memo) > self.memo_size:
            memo.clear()
        same = memo.setdefault
        if self.blank is None:
            return [same(v, v) if v.__class__ in FOLDED_TYPES else v for v in row]
        blank = self.blank
        return [blank if v is None else same(v, v) if v.__class__ in FOLDED_TYPES else v
                for v in row]


def _merged_ranges(parsed: Any) -> Merged | None:
    ranges = getattr(parsed, "merged_cell_ranges", None)  # python-calamine >= 0.3
    return None if ranges is None else [(a[0], a[1], b[0], b[1]) for a, b in ranges]


STREAM_CHUNK_ROWS = 5_000
"""Rows of a streamed sheet handed over at a time by `Cells.rows_below`."""


def _numbered(chunks: Iterable[Any]) -> Iterator[tuple[int, list[Any]]]:
    for chunk in chunks:
        yield from zip(chunk.row_numbers, chunk.rows, strict=True)


def _stream_cells(path: Path, names: list[str]) -> Cells:
    """Cells through `salesxl.io.sheetstream`: rows from A1 ('' for a blank cell, [] for a
    row without cells), allocated for the real cells only. A table's rows can be taken a
    chunk at a time (`rows_below`), so that a million-row sheet is never held whole."""
    ends: dict[str, int] = {}

    def rows(name: str) -> Iterator[tuple[int, list[Any]]]:
        """(zero-based row, folded cells) of every row holding a cell; the sheet's last
        used column is known once the last row is read."""
        fold = Folder(blank="")
        last = -1
        try:
            with open_sheet(path, name) as stream:
                for number, values in _numbered(stream.iter_chunks(rows=STREAM_CHUNK_ROWS)):
                    row = fold(values)
                    last = max(last, len(row) - 1)
                    yield number - 1, row
        except SheetError as exc:
            raise WorkbookError("{path}: sheet {sheet!r} cannot be read ({detail}); open the "
                                "file in Excel and save a copy", path=path, sheet=name,
                                detail=str(exc)) from exc
        ends[name] = last

    def grid(name: str, nrows: int | None = None) -> Grid:
        out: Grid = []
        for r, row in rows(name):
            if nrows is not None and r >= nrows:
                break
            if r >= len(out):
                out.extend([] for _ in range(r - len(out)))
                out.append(row)
        return out

    def rows_below(name: str, top: int) -> Iterator[tuple[list[int], Grid]]:
        index: list[int] = []
        chunk: Grid = []
        last = top  # a row number met again or going back is left out, as `grid` does
        for r, row in rows(name):
            if r > last:
                last = r
                index.append(r)
                chunk.append(row)
                if len(chunk) >= STREAM_CHUNK_ROWS:
                    yield index, chunk
                    index, chunk = [], []
        if chunk:
            yield index, chunk

    def end(name: str) -> int:
        if name not in ends:
            for _ in rows(name):
                pass
        return ends[name]

    return Cells(path, "xlsx", names, grid, end, streaming=True, rows_below=rows_below)
