"""Integrity and bounds of a workbook, checked before a fast reader is trusted with it.

python-calamine reads quickly but trusts the file: it does not check the CRC of the shared
strings (a damaged byte becomes a different phone number, silently), and it allocates a
sheet's bounding box and a shared-strings table of the declared size (one value in
XFD1048576, or ``uniqueCount="2147483647"``, aborts the process). So before it reads anything:

* every member it will read is inflated through `zipfile`, which checks its CRC-32 — a
  mismatch is a damaged file (exit 3), never data;
* each worksheet's real extent is measured from its row and cell references (a bytes scan, no
  XML tree): the largest row number, the widest column, the number of cells;
* the shared strings' declared counts are compared with the part's size.

`Preflight.fast_ok` says whether the fast reader may read the file; when it may not (a far
cell, a huge sheet, lying counts), `salesxl.io.read` reads it with the streaming reader
(`salesxl.io.sheetstream`), which allocates only for real cells.

Example:
    >>> pf = preflight("workbooks/salesxl-team-en.xlsx")  # doctest: +SKIP
    >>> pf.fast_ok, pf.sheets["Leads"].max_row  # doctest: +SKIP
    (True, 2)
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from salesxl.core.errors import WorkbookError

FAST_CELL_BUDGET = 12_000_000
"""Most cells (rows x columns of a sheet's bounding box) the fast reader may allocate."""
FAST_MAX_COLUMNS = 2_000
"""A sheet wider than this is read by the streaming reader (calamine allocates the width)."""
_CHUNK = 1 << 20
_ROW = re.compile(rb"<(?:\w+:)?row\b[^>]*?\sr=\"(\d+)\"")
_CELL_REF = re.compile(rb"<(?:\w+:)?c\b[^>]*?\sr=\"([A-Z]{1,4})(\d+)\"")
_WIDE = re.compile(rb"<(?:\w+:)?c\b[^>]*?\sr=\"([A-Z]{3,4})\d+\"")
_COUNT = re.compile(rb"\b(?:uniqueCount|count)=\"(\d+)\"")
# a formula cell whose value is missing or empty (<v/>, <v></v>: what openpyxl writes)
_FORMULA_NO_VALUE = re.compile(rb"<(?:\w+:)?c\b([^>]*)>(?:<(?:\w+:)?f\b[^>]*/>|<(?:\w+:)?f\b"
                               rb"[^>]*>[^<]*</(?:\w+:)?f>)(?:<(?:\w+:)?v\s*/>|"
                               rb"<(?:\w+:)?v>\s*</(?:\w+:)?v>)?</(?:\w+:)?c>")
_CELL_R = re.compile(rb"\sr=\"([A-Z]{1,3}\d+)\"")


@dataclass
class SheetExtent:
    """What a worksheet part really holds."""

    member: str
    max_row: int = 0
    max_col: int = 0  # 1-based; 0 when no cell
    cells: int = 0
    formulas_without_value: list[str] = field(default_factory=list)  # A1 refs (first 10,000)
    formulas_without_value_count: int = 0

    @property
    def box(self) -> int:
        return self.max_row * max(self.max_col, 1)


@dataclass
class Preflight:
    """The result of `preflight`."""

    path: Path
    sheets: dict[str, SheetExtent]  # by zip member
    shared_strings_ok: bool = True
    reasons: list[str] = field(default_factory=list)  # why the fast reader may not read it

    @property
    def fast_ok(self) -> bool:
        return not self.reasons


def _col(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n


def _damaged(path: Path, member: str, exc: Exception) -> WorkbookError:
    return WorkbookError("{path}: damaged file ({member} fails its checksum or cannot be "
                         "inflated: {detail}); get a fresh copy or restore it from a backup "
                         "(Excel may offer to repair it)", path=path, member=member,
                         detail=type(exc).__name__)


def check_member(zf: zipfile.ZipFile, path: Path, member: str) -> None:
    """Inflate one member through zipfile (CRC-32 checked) without keeping it."""
    try:
        with zf.open(member) as fh:
            while fh.read(_CHUNK):
                pass
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        raise _damaged(path, member, exc) from exc


def _scan_sheet(zf: zipfile.ZipFile, path: Path, member: str) -> SheetExtent:
    ext = SheetExtent(member)
    tail = b""
    try:
        with zf.open(member) as fh:
            while True:
                block = fh.read(_CHUNK)
                if not block:
                    break
                data = tail + block
                cut = data.rfind(b">") + 1  # scan whole tags only; the rest joins the next block
                if cut <= 0:
                    tail = data
                    continue
                part, tail = data[:cut], data[cut:]
                rows = _ROW.findall(part)
                if rows:
                    ext.max_row = max(ext.max_row, max(map(int, rows)))
                refs = _CELL_REF.findall(part)
                if refs:
                    ext.cells += len(refs)
                    ext.max_row = max(ext.max_row, max(int(r) for _, r in refs))
                    widest = max(refs, key=lambda lr: (len(lr[0]), lr[0]))[0]
                    ext.max_col = max(ext.max_col, _col(widest))
                if b"<f" in part or b":f" in part:
                    for m in _FORMULA_NO_VALUE.finditer(part):
                        ext.formulas_without_value_count += 1
                        if len(ext.formulas_without_value) < 10_000:
                            ref = _CELL_R.search(m.group(1))
                            if ref:
                                ext.formulas_without_value.append(ref.group(1).decode())
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        raise _damaged(path, member, exc) from exc
    return ext


def preflight(path: str | Path, zf: zipfile.ZipFile) -> Preflight:
    """Check every member a reader will use (CRC) and measure the worksheets.

    Args:
        path: the workbook (for messages).
        zf: the workbook's zip, opened with `salesxl.io.parts.safety.open_zip`.

    Raises:
        WorkbookError: a member fails its CRC or cannot be inflated.
    """
    p = Path(path)
    sheets: dict[str, SheetExtent] = {}
    out = Preflight(p, sheets)
    names = zf.namelist()
    for member in names:
        low = member.lower()
        if low.startswith("xl/worksheets/") and low.endswith(".xml"):
            ext = sheets[member] = _scan_sheet(zf, p, member)
            if ext.max_col > FAST_MAX_COLUMNS:
                out.reasons.append(f"{member}: a cell in column {ext.max_col:,}")
            elif ext.box > FAST_CELL_BUDGET:
                out.reasons.append(f"{member}: {ext.max_row:,} rows x {ext.max_col:,} columns")
        elif low.endswith((".xml", ".rels")) or low == "[content_types].xml":
            check_member(zf, p, member)
    for member in names:
        if member.lower().endswith("sharedstrings.xml"):
            info = zf.getinfo(member)
            with zf.open(member) as fh:
                head = fh.read(4096)
            counts = [int(c) for c in _COUNT.findall(head[:head.find(b">", head.find(b"<sst")) + 1]
                                                      if b"<sst" in head else b"")]
            # each string needs at least <si><t/></si> (12 bytes): a count the size cannot hold
            # lies, and a reader that trusts it allocates for it
            if counts and max(counts) > info.file_size // 8 + 16:
                out.shared_strings_ok = False
                out.reasons.append(f"{member}: declares {max(counts):,} strings in "
                                   f"{info.file_size:,} bytes")
    return out
