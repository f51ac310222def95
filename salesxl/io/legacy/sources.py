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

import python_calamine as calamine

from salesxl.core.errors import WorkbookError
from salesxl.io.parts.safety import OLE_MAGIC, _guess_kind, open_zip

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


def read_source(path: str | Path) -> Source:
    """Read every sheet of a legacy file, whatever its format.

    The format is decided by the file's first bytes, not only by its name: an ``.xls`` that
    is really a CSV or a web page is recognised and reported.

    Raises:
        WorkbookError: the file is missing, empty, damaged, password-protected or not a
            spreadsheet; the message names the file and the fix.

    Example:
        >>> read_source("2020_pipeline_old.xlsx").sheets[0].name  # doctest: +SKIP
        '2020'
    """
    p = Path(path)
    if not p.is_file():
        raise WorkbookError(f"{p} does not exist or is not a file: check the path")
    with open(p, "rb") as fh:
        head = fh.read(512)
    if not head:
        raise WorkbookError(f"{p} is empty (0 bytes): restore it from a backup or copy it again")
    suffix = p.suffix.lower()
    if head.startswith(b"PK"):
        return _read_zip_workbook(p)
    if head.startswith(OLE_MAGIC):
        if suffix in (".xlsx", ".xlsm"):
            open_zip(p)  # raises the password-protected / old-format message
        return _read_calamine(p, "xls")
    if suffix in TEXT_SUFFIXES:
        from salesxl.io.legacy.textfile import read_text_table

        return read_text_table(p)
    if suffix in WORKBOOK_SUFFIXES:
        raise WorkbookError(f"{p} is not a spreadsheet: {_guess_kind(head)}")
    raise WorkbookError(
        f"{p} is not a spreadsheet salesxl can convert: give .xlsx, .xlsm, .xls, .ods, .csv "
        "or .tsv files"
    )


def _read_zip_workbook(p: Path) -> Source:
    with open_zip(p) as zf:  # zip-bomb and encryption checks before any parsing
        names = set(zf.namelist())
        if "content.xml" in names and "xl/workbook.xml" not in names:
            return _read_calamine(p, "ods")
        if "xl/workbook.xml" not in names:
            raise WorkbookError(
                f"{p} is a zip file but not a workbook (no xl/workbook.xml): it may be a "
                "Word or other Office file; give the spreadsheet itself"
            )
        head = zf.read("xl/workbook.xml")[:4000]
    src = _read_calamine(p, "xlsx")
    src.epoch1904 = any(m in head for m in (b'date1904="1"', b"date1904='1'",
                                            b'date1904="true"'))
    return src


def _read_calamine(p: Path, kind: str) -> Source:
    label = {"xls": "an Excel 97-2003 (.xls)", "ods": "an OpenDocument (.ods)"}.get(kind, "a")
    try:
        wb = calamine.CalamineWorkbook.from_path(str(p))
        sheets = []
        for meta in wb.sheets_metadata:
            if meta.typ != calamine.SheetTypeEnum.WorkSheet:
                continue
            sheet = wb.get_sheet_by_name(meta.name)
            grid = sheet.to_python(skip_empty_area=False)
            merged = getattr(sheet, "merged_cell_ranges", None)  # python-calamine >= 0.3
            sheets.append(RawSheet(
                meta.name, grid,
                None if merged is None else [(a[0], a[1], b[0], b[1]) for a, b in merged],
            ))
    except Exception as exc:  # calamine raises several private error types
        if type(exc).__name__ == "PasswordError":
            raise WorkbookError(
                f"{p} is password-protected: remove the password in Excel and try again"
            ) from None
        raise WorkbookError(
            f"{p} cannot be read as {label} workbook ({exc}): it may be damaged or "
            "password-protected; open it in Excel and save it again"
        ) from None
    return Source(p, kind, sheets)
