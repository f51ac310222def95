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
from salesxl.core.messages import Msg
from salesxl.io.parts.safety import check_xml_prolog

FAST_CELL_BUDGET = 12_000_000
"""Most cells (rows x columns of a sheet's bounding box) the fast reader may allocate."""
FAST_MAX_COLUMNS = 2_000
"""A sheet wider than this is read by the streaming reader (calamine allocates the width)."""
SPARSE_MIN_BOX = 1_000_000
"""A bounding box this big that its real cells fill less than a quarter of (one value far
below the data) is read by the streaming reader, which allocates for the real cells only."""
_CHUNK = 1 << 20
_ROW = re.compile(rb"row\b[^>]*?\sr=\"(\d+)\"")  # (a literal start: a fast scan)
# Cell references are found by their r="A1" attribute (only cells have letters there). Every
# pattern below has a literal start, so the scan runs at memory speed, not per cell in Python.
# column AAA (703) or beyond, or row 1,000,000 or beyond
_FAR = re.compile(rb"r=\"(?:([A-Z]{3,})(\d+)|([A-Z]{1,2})(\d{7,}))\"")
# where a formula without a value may be (checked with `in`, at memory speed, before the regex)
_NO_VALUE_HINTS = (b"</f></c>", b"<v></v>", b"<v/>", b'"/></c>', b"f></x:c>")
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


def _damaged(path: Path, member: str, exc: Exception | None) -> WorkbookError:
    return WorkbookError("{path}: damaged file ({member} {what}); get a fresh copy or restore "
                         "it from a backup (Excel may offer to repair it)", path=path,
                         member=member, what=damage(exc))


def damage(exc: Exception | None) -> Msg:
    """What is wrong with a zip member, as words (never an exception's class name)."""
    text = str(exc or "")
    if exc is None:
        return Msg("is empty")
    if "CRC" in text or "checksum" in text.lower():
        return Msg("fails its checksum")
    if isinstance(exc, EOFError) or "truncated" in text.lower() or "end of" in text.lower():
        return Msg("ends before its end: the file is cut short")
    return Msg("cannot be unpacked: its compressed data is damaged")


def _no_dtd(head: bytes, path: Path, member: str) -> None:
    """A DTD or entity declaration (never in a real workbook; XML attacks use them) is refused
    before any reader parses the part."""
    if member.lower().endswith((".xml", ".rels", ".vml")) and (
            b"<!DOCTYPE" in head or b"<!ENTITY" in head):
        check_xml_prolog(head, f"{path}:{member}")


def check_member(zf: zipfile.ZipFile, path: Path, member: str) -> None:
    """Inflate one member through zipfile (CRC-32 checked) without keeping it; refuse a DTD."""
    try:
        with zf.open(member) as fh:
            first = True
            while block := fh.read(_CHUNK):
                if first:
                    _no_dtd(block[:4096], path, member)
                    first = False
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        raise _damaged(path, member, exc) from exc


def _wider(col: int) -> re.Pattern[bytes]:
    """Cell references of one or two column letters naming a column right of `col`
    (1-based; 0 = any): after the first block, a sheet's cells rarely match, so the scan
    makes no object per cell."""
    found = _WIDER.get(col)
    if found is None:
        if col <= 0:
            alt = rb"[A-Z]{1,2}"
        elif col < 26:
            alt = rb"[%c-Z]|[A-Z]{2}" % (65 + col)
        else:
            first, second = divmod(col - 1, 26)  # AA = 27 -> (1, 0)
            alt = rb"[%c-Z][A-Z]" % (65 + first) if first < 26 else rb"(?!)"
            if second < 25:
                alt = rb"%c[%c-Z]|" % (64 + first, 66 + second) + alt
        found = _WIDER[col] = re.compile(rb'r="(' + alt + rb")\d")
    return found


_WIDER: dict[int, re.Pattern[bytes]] = {}


def _scan_sheet(zf: zipfile.ZipFile, path: Path, member: str) -> SheetExtent:
    ext = SheetExtent(member)
    tail = b""
    widest = 0  # the widest column of one or two letters seen so far
    try:
        with zf.open(member) as fh:
            first = True
            while True:
                block = fh.read(_CHUNK)
                if first:
                    _no_dtd(block[:4096], path, member)
                    first = False
                data = tail + block
                if not block:  # the end: what is left is scanned as it is
                    if not data:
                        break
                    part, tail = data, b""
                else:
                    # scan whole cells only (a formula and its missing value must be seen
                    # together); the rest joins the next block
                    cut = data.rfind(b"</c>") + 4
                    if cut < 4:
                        cut = data.rfind(b">") + 1  # prefixed tags, or no cell closed yet
                    part, tail = data[:cut], data[cut:]
                    if not part:
                        continue
                rows = _ROW.findall(part)
                if rows:
                    ext.max_row = max(ext.max_row, max(map(int, rows)))
                ext.cells += part.count(b"<c ")
                for wide, row, col, far in _FAR.findall(part):
                    ext.max_col = max(ext.max_col, _col(wide or col))
                    ext.max_row = max(ext.max_row, int(row or far))
                if ext.max_col < 703:
                    wider = _wider(widest).findall(part)
                    if wider:
                        widest = max(widest, max(map(_col, wider)))
                # a formula without a value: only where a formula tag is (a sheet of values
                # has none), and only where one of the hints is
                if (b"<f" in part or b":f" in part) and any(h in part for h in _NO_VALUE_HINTS):
                    for m in _FORMULA_NO_VALUE.finditer(part):
                        ext.formulas_without_value_count += 1
                        if len(ext.formulas_without_value) < 10_000:
                            ref = _CELL_R.search(m.group(1))
                            if ref:
                                ext.formulas_without_value.append(ref.group(1).decode())
                if not block:
                    break
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        raise _damaged(path, member, exc) from exc
    ext.max_col = max(ext.max_col, widest)
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
            elif ext.box > SPARSE_MIN_BOX and ext.cells * 4 < ext.box:
                out.reasons.append(f"{member}: {ext.cells:,} cells spread over {ext.max_row:,} "
                                   f"rows x {ext.max_col:,} columns")
        elif low.endswith((".xml", ".rels")) or low == "[content_types].xml":
            check_member(zf, p, member)
        if (low.endswith((".xml", ".rels")) and zf.getinfo(member).file_size == 0
                and low.startswith(("xl/", "_rels/", "[content_types]"))):
            raise _damaged(p, member, None)  # an XML part with nothing in it
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
