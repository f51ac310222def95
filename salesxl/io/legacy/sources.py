"""Reading a legacy file into plain grids: one small reader per format.

Every reader returns a :class:`Source`: the file's sheets as lists of rows of raw cell values
(``''`` for an empty cell, ``str``, ``int``/``float``, ``bool``, ``datetime.date``/``datetime``)
plus the merged ranges where the format reports them. Nothing is interpreted here.

* ``.xlsx``/``.xlsm`` — python-calamine, after salesxl's zip checks (encrypted files and zip
  bombs are refused before parsing); the 1904 date system is read from ``xl/workbook.xml`` so
  bare serial numbers in date columns are converted with the right epoch.
* ``.xls`` (Excel 97-2003) and ``.ods`` — python-calamine as well (it reads both; xlrd is not
  needed). Date-formatted cells arrive as dates. calamine does not report merged ranges of
  ``.ods`` files; the header finder then fills an upper header row from the left instead.
* ``.csv``/``.tsv``/``.txt`` — :mod:`salesxl.io.legacy.textfile` (encoding and delimiter
  detection); every cell stays text so leading zeros of phones and ids survive.

A file that cannot be read (empty, corrupt, encrypted, not a spreadsheet) raises
:class:`~salesxl.core.errors.WorkbookError` with a message that says what to do; the batch records
it and goes on.

Example:
    >>> src = read_source("legacy/2019_영업관리.csv")  # doctest: +SKIP
    >>> src.kind, src.encoding, src.sheets[0].grid[0][:2]  # doctest: +SKIP
    ('csv', 'cp949', ['고객사', '담당자명'])
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from salesxl.core.errors import WorkbookError
from salesxl.core.messages import Msg, Pair
from salesxl.io.parts.cellreader import Cells, open_cells
from salesxl.io.parts.safety import OLE_MAGIC, guess_kind, open_zip, read_head

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
SUFFIXES = WORKBOOK_SUFFIXES + TEXT_SUFFIXES

Merged = tuple[int, int, int, int]  # zero-based, inclusive: first row, col, last row, col


@dataclass
class RawSheet:
    """One sheet as read: rows of raw values and its merged ranges (zero-based, inclusive)."""

    name: str
    grid: list[list[Any]]
    merged: list[Merged] | None = None  # None: the format does not report merged cells


@dataclass
class Source:
    """A legacy file as read: its format, sheets and how its values are to be understood."""

    path: Path
    kind: str  # xlsx, xls, ods, csv, tsv
    sheets: list[RawSheet] = field(default_factory=list)
    epoch1904: bool = False
    encoding: str | None = None  # text files only
    notes: list[Msg] = field(default_factory=list)  # what the reader noticed (a misnamed file)


def read_source(path: str | Path) -> Source:
    """Read every sheet of a legacy file, whatever its format.

    The format is decided by the file's first bytes, not only by its name: an ``.xls`` that
    is really an ``.xlsx`` (or a CSV, or a web page) is recognised and said so.

    Raises:
        WorkbookError: the file is missing, empty, damaged, password-protected or not a
            spreadsheet; the message names the file and the fix.

    Example:
        >>> read_source("2020_pipeline_old.xlsx").sheets[0].name  # doctest: +SKIP
        '2020'
    """
    p = Path(path)
    head = read_head(p)  # missing, folder, pipe, unreadable, empty: one sentence each
    suffix = p.suffix.lower()
    if head.startswith(b"PK") or head.startswith(OLE_MAGIC):
        if head.startswith(OLE_MAGIC) and suffix in (".xlsx", ".xlsm") and _encrypted(p):
            open_zip(p)  # raises the password-protected message
        src = _read_cells(open_cells(p, legacy=True))
        wanted = {".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls", ".ods": "ods"}.get(suffix)
        if wanted is not None and wanted != src.kind:
            src.notes.append(Msg("{name} is really {kind} (its name says {suffix}); read as "
                                 "what it is", {"name": p.name, "kind": _KIND[src.kind],
                                                "suffix": suffix}))
        return src
    if suffix in TEXT_SUFFIXES:
        from salesxl.io.legacy.textfile import read_text_table

        return read_text_table(p)
    if suffix in WORKBOOK_SUFFIXES:
        raise WorkbookError("{path} is not a spreadsheet: {why}", path=p, why=guess_kind(head))
    raise WorkbookError("{path} is not a spreadsheet salesxl can convert: give .xlsx, .xlsm, "
                        ".xls, .ods, .csv or .tsv files", path=p)


def _encrypted(path: Path) -> bool:
    """Whether an OLE2 file is a password-protected .xlsx (its directory names an
    ``EncryptedPackage`` stream) rather than an .xls workbook."""
    name = "EncryptedPackage".encode("utf-16-le")
    tail = b""
    with open(path, "rb") as fh:  # the directory may sit anywhere in the file
        while block := fh.read(1 << 20):
            if name in tail + block:
                return True
            tail = block[-len(name):]
    return False


_KIND = {"xlsx": Pair("an .xlsx workbook", ".xlsx 통합문서"),
         "xls": Pair("an Excel 97-2003 (.xls) workbook", "엑셀 97-2003(.xls) 통합문서"),
         "ods": Pair("an OpenDocument (.ods) spreadsheet", "OpenDocument(.ods) 스프레드시트")}


def _read_cells(cells: Cells) -> Source:
    sheets = [RawSheet(name, cells.grid(name), cells.merged(name)) for name in cells.names]
    return Source(cells.path, cells.kind, sheets, epoch1904=cells.epoch1904)
