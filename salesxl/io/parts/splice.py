"""Cells written beside XlsxWriter, straight into its sheet XML: the long lists of a report.

XlsxWriter spends about 10 µs a cell (and the graft as much again on its shared strings); the
Summary of a 10k-lead team holds over 100k list cells. `LooseCells` collects such cells
(value, XlsxWriter `Format`, an optional internal link) while XlsxWriter writes everything
else (titles, headers, column widths, charts, filters, print setup), and `splice` puts them
into the closed scratch workbook's sheet: inline strings, numbers, dates as serials, a
``<hyperlink>`` per link, rows merged in column order with the rows XlsxWriter wrote.

The cell format of each `Format` is learnt from XlsxWriter itself: `LooseCells.probe` adds a
second sheet holding one blank cell per format used, and `splice` reads their ``s``
attributes (cell formats belong to the workbook, so they mean the same on the first sheet).
The graft takes the first sheet only. Nothing relies on XlsxWriter's internals.

Example:
    >>> import io, xlsxwriter
    >>> buf = io.BytesIO()
    >>> wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    >>> ws = wb.add_worksheet("List")
    >>> bold = wb.add_format({"bold": True})
    >>> cells = LooseCells()
    >>> cells.put(1, 0, "Kim & Lee", bold), cells.put(1, 1, 1500000.0, bold)
    (True, True)
    >>> cells.probe(wb)
    >>> wb.close()
    >>> import zipfile
    >>> xml = zipfile.ZipFile(io.BytesIO(splice(buf.getvalue(), cells))).read(
    ...     "xl/worksheets/sheet1.xml")
    >>> xml[xml.index(b"<sheetData>"):xml.index(b"</sheetData>")].decode()
    '<sheetData><row r="2"><c r="A2" s="1" t="inlineStr"><is><t>Kim &amp; Lee</t></is></c><c r="B2" s="1"><v>1500000</v></c></row>'
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from array import array
from collections.abc import Iterator
from typing import Any

import numpy as np

from salesxl.core.cells import MAX_COLS, col_index, col_letter
from salesxl.io.parts.cellxml import excel_serial, needs_preserve, number_text, xml_text
from salesxl.io.parts.zipparts import workbook_sheets

PROBE_SHEET = "salesxl probe"
MAX_LINKS = 65_530  # Excel's limit of hyperlinks on one worksheet

_ROW = re.compile(rb'<row r="(\d+)"([^>]*?)(?:/>|>(.*?)</row>)', re.S)
_CELL = re.compile(rb'<c r="([A-Z]+)\d+"[^>]*?(?:/>|>.*?</c>)', re.S)
_S = re.compile(rb'\ss="(\d+)"')
_SPANS = re.compile(rb'\sspans="[^"]*"')
_DIMENSION = re.compile(rb'<dimension ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"/>')
_SHEET_DATA = re.compile(rb"<sheetData>(.*)</sheetData>|<sheetData/>", re.S)
_HYPERLINKS_END = b"</hyperlinks>"
# what follows <hyperlinks> in a worksheet (CT_Worksheet's order); XlsxWriter always writes
# pageMargins, so one of these is found
_AFTER_HYPERLINKS = re.compile(rb"<(?:printOptions|pageMargins|pageSetup|headerFooter|rowBreaks|"
                               rb"colBreaks|customProperties|cellWatches|ignoredErrors|"
                               rb"smartTags|drawing|legacyDrawing|picture|oleObjects|controls|"
                               rb"webPublishItems|tableParts|extLst)\b")


def _attr(text: str) -> str:
    return xml_text(text).decode().replace('"', "&quot;")


class LooseCells:
    """Cells to write outside XlsxWriter: ``put`` them, ``probe`` before ``wb.close()``.

    The cells are kept as four flat columns (row, column, value, format), not a dict per
    row: the Summary of 100k leads puts over a million of them, and a tuple and a dict entry
    each tripled their memory. A later ``put`` to the same cell wins, as it would in
    XlsxWriter."""

    def __init__(self, max_links: int = MAX_LINKS) -> None:
        self.max_links = max_links  # less when the sheet has links of its own
        self._rows = array("l")
        self._cols = array("l")
        self._fmts = array("l")
        self._values: list[Any] = []
        self.formats: list[Any] = []  # XlsxWriter Formats, by first use
        self._format_ids: dict[int, int] = {}
        self.links: dict[tuple[int, int], tuple[str, str, str]] = {}

    def __bool__(self) -> bool:
        return bool(self._values)

    def __len__(self) -> int:
        """The number of cells (a cell put twice counts once)."""
        if not self._values:
            return 0
        rows, cols = np.asarray(self._rows), np.asarray(self._cols)
        return len(np.unique(rows * (MAX_COLS + 1) + cols))

    def put(self, row: int, col: int, value: Any, fmt: Any,
            link: tuple[str, str] | None = None) -> bool:
        """Cell (``row``, ``col``), zero-based: `value` (text, number, date, or None for a
        blank cell that keeps its format) in XlsxWriter format `fmt`; `link` = (location such
        as ``'Leads'!A12``, tooltip). False when the link was not made: Excel's limit of
        hyperlinks on a sheet is reached (the cell is then written, without its link)."""
        key = id(fmt)
        index = self._format_ids.get(key)
        if index is None:
            index = self._format_ids[key] = len(self.formats)
            self.formats.append(fmt)
        self._rows.append(row)
        self._cols.append(col)
        self._fmts.append(index)
        self._values.append(value)
        if link is None:
            if self.links:
                self.links.pop((row, col), None)
            return True
        if len(self.links) >= self.max_links and (row, col) not in self.links:
            return False
        self.links[row, col] = (link[0], link[1], str(value))
        return True

    def by_row(self) -> Iterator[tuple[int, list[tuple[int, Any, int]]]]:
        """(row, [(column, value, format index), ...] in column order), rows in order; of
        cells put more than once, the last."""
        if not self._values:
            return
        rows, cols = np.asarray(self._rows), np.asarray(self._cols)
        order = np.lexsort((np.arange(len(rows)), cols, rows))  # by row, column, then put
        r_sorted, c_sorted = rows[order], cols[order]
        last = np.ones(len(order), dtype=bool)  # the last put of each (row, column)
        last[:-1] = (r_sorted[1:] != r_sorted[:-1]) | (c_sorted[1:] != c_sorted[:-1])
        order, r_sorted, c_sorted = order[last], r_sorted[last], c_sorted[last]
        starts = np.flatnonzero(np.r_[True, r_sorted[1:] != r_sorted[:-1]])
        ends = np.r_[starts[1:], len(order)]
        values, fmts = self._values, self._fmts
        for a, b in zip(starts.tolist(), ends.tolist(), strict=True):
            picked = order[a:b].tolist()
            yield (int(r_sorted[a]), [(c, values[i], fmts[i]) for c, i in
                                      zip(c_sorted[a:b].tolist(), picked, strict=True)])

    def extent(self) -> tuple[int, int, int, int] | None:
        """(first row, last row, first column, last column) of the cells, zero-based."""
        if not self._values:
            return None
        rows, cols = np.asarray(self._rows), np.asarray(self._cols)
        return int(rows.min()), int(rows.max()), int(cols.min()), int(cols.max())

    def probe(self, wb: Any) -> None:
        """A sheet after the others with one blank cell in each format used (call it once,
        after the sheet the cells go to was added, before ``wb.close()``)."""
        ws = wb.add_worksheet(PROBE_SHEET)
        for i, fmt in enumerate(self.formats):
            ws.write_blank(0, i, None, fmt)


def _encode(value: Any, style: int) -> str:
    """What follows ``<c r="A1"`` in the cell of `value` in cell format `style`."""
    s = f' s="{style}"' if style else ""
    if value is None:
        return f"{s}/>"
    if isinstance(value, str):
        body = xml_text(value).decode()
        tag = '<t xml:space="preserve">' if needs_preserve(value) else "<t>"
        return f'{s} t="inlineStr"><is>{tag}{body}</t></is></c>'
    try:
        number = number_text(excel_serial(value) if isinstance(value, dt.date) else value)
    except (ValueError, OverflowError):  # a date before 1900, NaN, infinity: no number
        if isinstance(value, dt.date):
            return _encode(value.isoformat(), style)
        return f"{s}/>"
    return f"{s}><v>{number.decode()}</v></c>"


def probe_styles(zf: zipfile.ZipFile, cells: LooseCells) -> list[int]:
    """The scratch workbook's cell format of each format `cells` uses, by `LooseCells.probe`'s
    sheet."""
    member = next(s.member for s in workbook_sheets(zf) if s.name == PROBE_SHEET)
    styles = [0] * len(cells.formats)
    for c in _CELL.finditer(zf.read(member)):
        s = _S.search(c.group(0))
        styles[col_index(c.group(1).decode())] = int(s.group(1)) if s else 0
    return styles


def splice(xlsx: bytes, cells: LooseCells) -> bytes:
    """The scratch workbook `xlsx` (closed, after `LooseCells.probe`) with `cells` in its
    first sheet; every other part as XlsxWriter wrote it."""
    src = zipfile.ZipFile(io.BytesIO(xlsx))
    member = workbook_sheets(src)[0].member
    xml = splice_xml(src.read(member), cells, probe_styles(src, cells))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as dst:  # read once, by the graft
        for info in src.infolist():
            dst.writestr(info.filename, xml if info.filename == member else src.read(info))
    return out.getvalue()


def splice_xml(xml: bytes, cells: LooseCells, styles: list[int]) -> bytes:
    """Worksheet XML `xml` with `cells` merged into its rows, each in cell format
    ``styles[i]`` for the format `i` it was put with (`probe_styles`, mapped to the target's
    formats when the graft does it); its dimension grown and the links added.

    The result is joined once from its rows (a sheet of a million list cells is tens of MB:
    each intermediate copy of it would cost as much again)."""
    m = _SHEET_DATA.search(xml)
    if m is None:
        raise ValueError("the scratch sheet has no <sheetData>")
    rows: dict[int, bytes] = {}  # one-based row -> the row's XML
    for found in _ROW.finditer(m.group(1) or b""):
        rows[int(found.group(1))] = found.group(0)
    letters: dict[int, str] = {}
    seen: dict[tuple[type, Any, int], str] = {}  # stages, reps, dates recur down a list
    for r, row_cells in cells.by_row():
        number = r + 1
        encoded = {}
        for col, value, fmt in row_cells:
            letter = letters.get(col) or letters.setdefault(col, col_letter(col))
            key = (value.__class__, value, fmt)
            rest = seen.get(key)
            if rest is None:
                rest = seen[key] = _encode(value, styles[fmt])
            encoded[col] = f'<c r="{letter}{number}"{rest}'.encode()
        written = rows.get(number)
        if written is None:  # the row is ours alone; its cells are in column order
            rows[number] = b'<row r="%d">%s</row>' % (number, b"".join(encoded.values()))
            continue
        old = _ROW.match(written)
        assert old is not None
        attrs = old.group(2)
        if old.group(3):  # XlsxWriter wrote cells in this row too: merge by column, ours win
            for c in _CELL.finditer(old.group(3)):
                encoded.setdefault(col_index(c.group(1).decode()), c.group(0))
            attrs = _SPANS.sub(b"", attrs)
        rows[number] = b'<row r="%d"%s>%s</row>' % (
            number, attrs, b"".join(encoded[k] for k in sorted(encoded)))
    head = _dimension(xml[:m.start()], cells)
    tail = _hyperlinks(xml[m.end():], cells.links) if cells.links else xml[m.end():]
    return b"".join([head, b"<sheetData>", *(rows[n] for n in sorted(rows)), b"</sheetData>",
                     tail])


def _dimension(xml: bytes, cells: LooseCells) -> bytes:
    """XlsxWriter's ``<dimension>`` grown to take in the loose cells."""
    m = _DIMENSION.search(xml)
    extent = cells.extent()
    if extent is None or m is None:
        return xml
    first, last, left, right = extent
    # XlsxWriter's own extent too (an empty sheet's "A1" only adds A1)
    r0, r1 = min(first, int(m.group(2)) - 1), max(last, int(m.group(4) or m.group(2)) - 1)
    c0 = min(left, col_index(m.group(1).decode()))
    c1 = max(right, col_index((m.group(3) or m.group(1)).decode()))
    ref = f"{col_letter(c0)}{r0 + 1}:{col_letter(c1)}{r1 + 1}".encode()
    return xml[:m.start()] + b'<dimension ref="' + ref + b'"/>' + xml[m.end():]


def _hyperlinks(tail: bytes, links: dict[tuple[int, int], tuple[str, str, str]]) -> bytes:
    """`tail` (what follows ``</sheetData>``) with `links` added to its ``<hyperlinks>``."""
    new = "".join(f'<hyperlink ref="{col_letter(c)}{r + 1}" location="{_attr(loc)}" '
                  f'tooltip="{_attr(tip)}" display="{_attr(shown)}"/>'
                  for (r, c), (loc, tip, shown) in sorted(links.items())).encode()
    at = tail.find(_HYPERLINKS_END)
    if at >= 0:
        return tail[:at] + new + tail[at:]
    place = _AFTER_HYPERLINKS.search(tail)
    if place is None:
        raise ValueError("no place for <hyperlinks> in the scratch sheet")
    cut = place.start()
    return tail[:cut] + b"<hyperlinks>" + new + b"</hyperlinks>" + tail[cut:]
