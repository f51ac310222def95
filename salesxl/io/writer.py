"""Filling the sheets of a freshly written team workbook with many rows, fast.

XlsxWriter spends about 10 µs per cell; a team of 50 reps has millions of cells. So the team
workbook is written in two steps: `write_team_workbook` writes the complete workbook with
empty tables (every format, Table, dropdown, highlight, the Config and Playbook sheets), then
this module streams the rows into those sheets' XML at about 1.5 µs per cell and grows each
Table's range to cover them (2.0 million cells: 3.0 s against XlsxWriter's 20.7 s; the file
is about 40% larger: inline strings and fast deflate). Cells follow `salesxl.io.parts.cellxml`: inline strings, numbers as
Excel writes them, dates as serial numbers with a date format, formula-looking text kept as
text with Excel's quote prefix; every cell takes its column's format from the skeleton's
``<cols>``. Every other part of the skeleton is copied byte for byte.

Example:
    >>> fill = SheetFill("Leads", ["company"], [["(주)한빛", "Apex Inc."]], [None])
    >>> fill_workbook("skeleton.xlsx", "team.xlsx", [fill])  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from salesxl.core.cells import col_letter
from salesxl.core.parse import looks_like_formula
from salesxl.io.parts.atomic import atomic_save, copy_compressed
from salesxl.io.parts.cellxml import excel_serial, needs_preserve, number_text, xml_text
from salesxl.io.parts.styles import StyleBook
from salesxl.io.parts.zipparts import find_sheet, tables_for_member

# text that needs more than <t>text</t>: XML escapes, Excel's _xHHHH_ escapes, space to keep,
# or the quote prefix because a spreadsheet would run it as a formula
_SLOW_TEXT = re.compile(
    r"^[=+\-@\s]|\s$|  |[&<>\n\t\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]"
    r"|_x[0-9A-Fa-f]{4}_"
)
_COL = re.compile(rb"<col\b[^>]*>")
_ATTR = re.compile(rb'(\w+)="([^"]*)"')
_REF_END = re.compile(rb'(<(?:dimension|autoFilter|table)\b[^>]*?\bref="[A-Z]+\d+:[A-Z]+)\d+"')
CHUNK_ROWS = 2000
_CACHE_MAX = 50_000  # distinct values remembered per column
_FRESH_MIN = 500  # a chunk at least this long whose values are > 90 % distinct is not remembered

Convert = Callable[[Any], Any] | None
_ROW = "\ue000"  # stands for the row number in a formula pattern (never escaped by xml_text)


@dataclass
class SheetFill:
    """Rows to write under the header row of one sheet of the skeleton, column by column.

    Attributes:
        sheet: the sheet's name.
        keys: the name of each column (A = 0), for formulas.
        columns: the values of each column, all of the same length; written from worksheet
            row 2 on.
        convert: per column, a function from the value to the cell's (None: as is).
        formulas: per column, an Excel formula over ``{key}`` cells of the same row; that
            column's values are then the formula's cached results.
        table: grow the Excel Table on the sheet (else the sheet's autofilter).
    """

    sheet: str
    keys: list[str]
    columns: list[Sequence[Any]]
    convert: list[Convert]
    formulas: dict[int, str] = field(default_factory=dict)
    table: bool = True

    def __len__(self) -> int:
        return len(self.columns[0]) if self.columns else 0


def _column_styles(sheet_xml: bytes) -> dict[int, int]:
    """Zero-based column -> the xf index its ``<col>`` gives."""
    styles: dict[int, int] = {}
    head = sheet_xml.split(b"<sheetData", 1)[0]
    for m in _COL.finditer(head):
        attrs = dict(_ATTR.findall(m.group()))
        if b"style" in attrs:
            for c in range(int(attrs[b"min"]) - 1, int(attrs[b"max"])):
                styles[c] = int(attrs[b"style"])
    return styles


class _Encoder:
    """Per-sheet cell encoding with every style it may need derived up front."""

    def __init__(self, fill: SheetFill, styles: StyleBook, col_styles: dict[int, int],
                 date1904: bool):
        n = len(fill.keys)
        self.fill = fill
        self.date1904 = date1904
        self.letters = [col_letter(c) for c in range(n)]
        base = [col_styles.get(c, 0) for c in range(n)]
        self.s = [f' s="{b}"' if b else "" for b in base]
        self.q = [f' s="{styles.derive(b, quote_prefix=True)}"' for b in base]
        self.d = [self.s[c] if styles.is_date(b) else
                  f' s="{styles.derive(b, num_fmt="yyyy-mm-dd")}"' for c, b in enumerate(base)]
        self.dt = [self.s[c] if styles.is_date(b) else
                   f' s="{styles.derive(b, num_fmt="yyyy-mm-dd hh:mm")}"'
                   for c, b in enumerate(base)]
        refs = {k: f"{self.letters[j]}{_ROW}" for j, k in enumerate(fill.keys)}
        self._patterns = {c: xml_text(f.lstrip("=").format(**refs)).decode()
                          for c, f in fill.formulas.items()}
        self._caches: list[dict[Any, str]] = [{} for _ in range(n)]
        self._results: list[dict[Any, tuple[str, str]]] = [{} for _ in range(n)]

    def _text(self, c: int, v: str) -> str:
        """A text cell that needs escaping, space preserving or the quote prefix."""
        text = xml_text(v).decode()
        tag = '<t xml:space="preserve">' if needs_preserve(v) else "<t>"
        style = self.q[c] if looks_like_formula(v) else self.s[c]
        return f'{style} t="inlineStr"><is>{tag}{text}</t></is></c>'

    def _value(self, c: int, v: Any) -> str:
        """What follows ``<c r="A2"`` for the value `v` of column `c` ('' = no cell)."""
        if v.__class__ is str:
            if not v:
                return ""
            if _SLOW_TEXT.search(v):
                return self._text(c, v)
            return f'{self.s[c]} t="inlineStr"><is><t>{v}</t></is></c>'
        if isinstance(v, bool):
            return f'{self.s[c]} t="b"><v>{int(v)}</v></c>'
        if isinstance(v, dt.date):
            style = self.dt[c] if isinstance(v, dt.datetime) else self.d[c]
            try:
                serial = number_text(excel_serial(v, date1904=self.date1904)).decode()
            except ValueError:  # before 1900 or with a time zone: kept as text
                return self._text(c, v.isoformat())
            return f"{style}><v>{serial}</v></c>"
        if isinstance(v, (int, float)):
            try:
                return f"{self.s[c]}><v>{number_text(v).decode()}</v></c>"
            except (ValueError, OverflowError):  # NaN or infinity: an empty cell
                return ""
        text = str(v)
        return self._text(c, text) if text else ""

    def _cached_result(self, value: Any) -> tuple[str, str]:
        """A formula cell's type attribute and ``<f>`` start, and what follows its formula:
        the cached result."""
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value == value:
            return "><f>", f"</f><v>{number_text(value).decode()}</v></c>"
        cached = "" if value is None or value != value else xml_text(str(value)).decode()
        return ' t="str"><f>', f"</f><v>{cached}</v></c>"

    def _column(self, c: int, values: Sequence[Any], rows: list[str]) -> list[str] | None:
        """The cells of column `c` for `values` in worksheet rows `rows` ('' = no cell; None
        = no cell in any of these rows: a column nobody filled costs no work per row).

        Column by column, each distinct value encoded once: choice, date and amount
        columns repeat a few values over thousands of rows. (True and False are never
        looked up: they equal 1 and 0 as dictionary keys.) The encodings are remembered
        from chunk to chunk, up to `_CACHE_MAX` per column.
        """
        conv = self.fill.convert[c]
        start = f'<c r="{self.letters[c]}'
        cache = self._caches[c]
        if len(cache) > _CACHE_MAX:  # a column of distinct texts: caching only costs
            cache.clear()
            self._results[c].clear()
        out: list[str] = []
        append = out.append
        pattern = self._patterns.get(c)
        if pattern is not None:  # a formula: its text names the cells of its row
            style = self.s[c]
            results: dict[Any, tuple[str, str]] = self._results[c]
            for r, v in zip(rows, values, strict=True):
                try:
                    if v is True or v is False:
                        raise TypeError
                    f_open, f_close = results[v]
                except KeyError:
                    f_open, f_close = results[v] = self._cached_result(v)
                except TypeError:
                    f_open, f_close = self._cached_result(v)
                append(f'{start}{r}"{style}{f_open}{pattern.replace(_ROW, r)}{f_close}')
            return out
        try:
            distinct = set(values)
        except TypeError:  # an unhashable value: every cell encoded on its own
            distinct = None
        if distinct is None or bool in set(map(type, values)) or 2 * len(distinct) > len(values):
            # True and False equal 1 and 0 as keys: such a column is encoded cell by cell;
            # so is a column of mostly distinct values (names, e-mails, IDs: remembering
            # them only costs), plain text without a call
            slow, style = _SLOW_TEXT.search, self.s[c]
            for r, v in zip(rows, values, strict=True):
                w = conv(v) if conv is not None and v is not None else v
                if w.__class__ is str and w and not slow(w):
                    append(f'{start}{r}"{style} t="inlineStr"><is><t>{w}</t></is></c>')
                    continue
                rest = self._value(c, w) if w is not None else ""
                append(f'{start}{r}"{rest}' if rest else "")
            return out
        if len(values) >= _FRESH_MIN and len(distinct) * 10 > len(values) * 9:
            # nearly every value new (e-mails, names, notes, row numbers): remembering them
            # would hold up to _CACHE_MAX encodings a column for next to no hits
            cache = {v: cache[v] if v in cache else self._encode(c, conv, v) for v in distinct}
        else:
            for v in distinct:
                if v not in cache:
                    cache[v] = self._encode(c, conv, v)
        if len(distinct) == 1 and not cache[next(iter(distinct))]:
            return None
        return [f'{start}{r}"{rest}' if (rest := cache[v]) else ""
                for r, v in zip(rows, values, strict=True)]

    def _encode(self, c: int, conv: Convert, v: Any) -> str:
        w = conv(v) if conv is not None and v is not None else v
        return self._value(c, w) if w is not None else ""

    def forget(self) -> None:
        """Drop the remembered encodings (once the sheet is written)."""
        for cache in self._caches:
            cache.clear()
        for results in self._results:
            results.clear()

    def chunks(self) -> Iterator[bytes]:
        """The ``<row>`` elements, a few thousand rows per chunk of UTF-8 bytes."""
        fill = self.fill
        n = len(fill)
        width = len(fill.keys)
        for first in range(0, n, CHUNK_ROWS):
            last = min(first + CHUNK_ROWS, n)
            rows = [str(i + 2) for i in range(first, last)]
            columns = [cells for c in range(width)
                       if (cells := self._column(c, fill.columns[c][first:last], rows))
                       is not None]
            parts = [f'<row r="{r}">{"".join(cells)}</row>'
                     for r, *cells in zip(rows, *columns, strict=True)]
            yield "".join(parts).encode("utf-8")


def _set_last_row(xml: bytes, last_row: int) -> bytes:
    """Make every ``ref="A1:X<n>"`` of dimension, autoFilter or table end on `last_row`."""
    return _REF_END.sub(lambda m: m.group(1) + b'%d"' % last_row, xml)


def _sheet_parts(xml: bytes) -> tuple[bytes, bytes]:
    """(everything through the header row, everything from ``</sheetData>``)."""
    start = xml.index(b"<sheetData>") + len(b"<sheetData>")
    end = xml.index(b"</sheetData>")
    header_end = xml.find(b"</row>", start, end)
    keep = xml[:header_end + len(b"</row>")] if header_end >= 0 else xml[:start]
    return keep, xml[end:]


def _fast_deflate(zi: zipfile.ZipInfo) -> None:
    """Deflate level 1 for a generated sheet: 3x faster than level 6 for a little more size."""
    for attr in ("compress_level", "_compresslevel"):  # Python 3.13 / 3.11-3.12
        if hasattr(zi, attr):
            setattr(zi, attr, 1)
            return


def _write_behind(dst: IO[bytes], chunks: Iterator[bytes]) -> None:
    """Write `chunks` to `dst` in order, each while the next is being encoded: a zip member's
    deflate, CRC and file write release the GIL, so they run on a second core (the bytes are
    the same as writing each chunk in turn)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending: Future[Any] | None = None
        for chunk in chunks:
            if pending is not None:
                pending.result()
            pending = pool.submit(dst.write, chunk)
        if pending is not None:
            pending.result()


def fill_workbook(skeleton: str | Path | IO[bytes], target: str | Path, fills: Sequence[SheetFill],
                  *, date1904: bool = False, backup: bool = False,
                  replace: Mapping[str, bytes] | None = None) -> Path:
    """Write `target`: the skeleton with the rows of `fills` under their sheets' headers.

    Args:
        skeleton: a workbook (a file or an open binary stream) written by
            `salesxl.io.template` with header rows only.
        target: the workbook to write (atomically; replaced when it exists).
        fills: the rows per sheet; a fill without rows leaves its sheet as it is.
        date1904: the skeleton uses the 1904 date system.
        backup: keep the workbook being replaced in ``.salesxl-backup/`` beside it.
        replace: other members of the skeleton to write with new content.
    """
    target = Path(target)
    with zipfile.ZipFile(skeleton) as zin:
        styles = StyleBook(zin.read("xl/styles.xml"), f"{skeleton}:xl/styles.xml")
        streams: dict[str, tuple[bytes, _Encoder, bytes]] = {}
        small: dict[str, bytes] = dict(replace or {})
        for fill in fills:
            if not len(fill):
                continue
            member = find_sheet(zin, fill.sheet).member
            xml = zin.read(member)
            last = len(fill) + 1
            head, tail = _sheet_parts(xml)
            enc = _Encoder(fill, styles, _column_styles(xml), date1904)
            streams[member] = (_set_last_row(head, last), enc, _set_last_row(tail, last))
            if fill.table:
                for t in tables_for_member(zin, member):
                    small[t.member] = _set_last_row(zin.read(t.member), last)
        if styles.changed:
            small["xl/styles.xml"] = styles.to_bytes()

        def write(fh: IO[bytes]) -> None:
            with zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as zout:
                for info in zin.infolist():
                    zi = zipfile.ZipInfo(info.filename, date_time=info.date_time)
                    zi.compress_type = zipfile.ZIP_DEFLATED
                    zi.external_attr = info.external_attr
                    name = info.filename
                    if name in streams:
                        head, enc, tail = streams[name]
                        big = len(enc.fill) * len(enc.fill.keys) > 20_000_000
                        _fast_deflate(zi)
                        with zout.open(zi, "w", force_zip64=big) as dst:
                            dst.write(head)
                            _write_behind(dst, enc.chunks())
                            dst.write(tail)
                        enc.forget()  # its cell caches are no use to the next sheet
                    elif name in small:
                        zout.writestr(zi, small[name])
                    elif not copy_compressed(zin, info, zout):  # the skeleton's own bytes
                        zout.writestr(zi, zin.read(name))

        atomic_save(target, write, backup=backup)
    return target
