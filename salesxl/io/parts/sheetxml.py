"""Streaming rewrite of one worksheet's XML: only the rows with edits are touched.

A 100,000-row sheet is never built as a tree. The sheet XML is read in 1 MB chunks; rows
are found with compiled byte patterns; rows without edits are copied through as the very
bytes they were; a row with edits has only its edited cells replaced (the other cells of the
row stay byte-identical) and new cells or rows are slotted in column and row order.

The part before ``<sheetData>`` (root element, dimension, views, column formats) is small
and goes through :func:`salesxl.io.parts.safety.parse_xml` (defusedxml checks, then lxml), so a
DTD or entity declaration is refused before any row is read. Inside ``<sheetData>`` only
the five predefined entities can occur once the prolog is clean, and cells are matched
with patterns that respect quoted attribute values.

Example:
    >>> import io
    >>> from salesxl.io.parts.cellxml import CellEncoder
    >>> src = io.BytesIO(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml'
    ...     b'/2006/main"><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>'
    ...     b'</worksheet>')
    >>> dst = io.BytesIO()
    >>> res = rewrite_sheet(src, dst, CellEncoder(None, where="demo", sheet="S"),
    ...                     {0: {1: 2}, 2: {0: 3}}, where="demo")
    >>> for row in dst.getvalue().split(b"<sheetData>")[1].split(b"</row>")[:2]:
    ...     print(row.decode())
    <row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c>
    <row r="3"><c r="A3"><v>3</v></c>
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass
from typing import IO

from salesxl.core.cells import col_index, col_letter, parse_range, range_a1, to_a1
from salesxl.core.errors import WorkbookError
from salesxl.io.parts.cellxml import CellEncoder, CellValue
from salesxl.io.parts.safety import check_xml_prolog, parse_xml

CHUNK = 1 << 20
MAX_HEAD = 256 * 1024**2
MAIN_NAMESPACES = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
)

_ATTRS = rb"((?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*"
_ATTR = re.compile(rb"([^\s=/>]+)\s*=\s*(\"[^\"]*\"|'[^']*')")
_ROOT = re.compile(rb"<(?:([A-Za-z_][\w.-]*):)?worksheet[\s/>]")
_R_ATTR = re.compile(rb"(?:^|\s)r\s*=\s*[\"'](\d+)[\"']")
_REF_ATTR = re.compile(rb"(?:^|\s)r\s*=\s*[\"']\$?([A-Za-z]{1,3})\$?\d+[\"']")
_LETTERS = re.compile(rb"[A-Z]{1,3}(?=\d)")
_ENTITY = re.compile(r"&(#x[0-9A-Fa-f]+|#\d+|lt|gt|amp|quot|apos);")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}


class _Patterns:
    """The byte patterns for one namespace prefix (``b""`` or e.g. ``b"x:"``)."""

    def __init__(self, p: bytes):
        q = re.escape(p)
        self.prefix = p
        self.sheet_data = re.compile(rb"<" + q + rb"sheetData" + _ATTRS + rb"(/?)>")
        self.row_or_end = re.compile(
            rb"<" + q + rb"row" + _ATTRS + rb"(/?)>|</" + q + rb"sheetData\s*>"
        )
        self.row_start = re.compile(rb"<" + q + rb"row" + _ATTRS + rb"(/?)>")
        self.row_end = b"</" + p + b"row>"
        self.cell = re.compile(
            rb"<" + q + rb"c" + _ATTRS + rb"(?:/>|>(.*?)</" + q + rb"c>)", re.DOTALL
        )
        self.cell_start = re.compile(rb"<" + q + rb"c" + _ATTRS + rb"(/?)>")
        self.cell_end = b"</" + p + b"c>"
        self.c_ref = b"<" + p + b'c r="'
        # the column letters of every cell start tag; b"" for one without a plain leading
        # r="A1" (then the row goes to _RowEditor._slow)
        self.cell_letters = re.compile(
            rb"<" + q + rb"c(?=[\s/>])(?: r=\"([A-Z]{1,3})\d)?"
        )
        self.odd_cell = re.compile(rb"<" + q + rb"c(?=[\s/>])(?! r=\"[A-Z]{1,3}\d)")
        self.spans = re.compile(rb"(\sspans\s*=\s*)(\"[^\"]*\"|'[^']*')")
        self.formula = re.compile(
            rb"<" + q + rb"f" + _ATTRS + rb"(?:/>|>(.*?)</" + q + rb"f>)", re.DOTALL
        )
        self.has_formula = re.compile(rb"<" + q + rb"f[\s/>]")
        self.f_open = b"<" + p + b"f"
        self.dimension = re.compile(
            rb"(<" + q + rb"dimension\s[^>]*?\bref\s*=\s*)(\"[^\"]*\"|'[^']*')"
        )


@dataclass
class SheetResult:
    """What one sheet rewrite did."""

    cells_written: int = 0
    rows_appended: int = 0
    removed_formula: bool = False
    has_formula: bool = False


def _unescape(text: bytes) -> str:
    def one(m: re.Match[str]) -> str:
        e = m.group(1)
        if e[0] == "#":
            return chr(int(e[2:], 16) if e[1] in "xX" else int(e[1:]))
        return _NAMED[e]

    return _ENTITY.sub(one, text.decode("utf-8"))


def _escape(text: str) -> bytes:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").encode("utf-8")


def _attrs(raw: bytes) -> dict[bytes, bytes]:
    return {k: v[1:-1] for k, v in _ATTR.findall(raw)}


def _letters_key(letters: bytes) -> tuple[int, bytes]:
    """Column letters in column order: shorter first, then A..Z (``Z`` < ``AA``)."""
    return len(letters), letters


def _row_style(attrs: dict[bytes, bytes]) -> int | None:
    """The row's own format for new cells: ``s`` when ``customFormat`` is on."""
    if attrs.get(b"customFormat") in (b"1", b"true") and b"s" in attrs:
        return int(attrs[b"s"] or b"0")
    return None


def _merged_spans(old: bytes, cols: list[int]) -> bytes | None:
    """The ``spans`` value covering ``old`` and zero-based ``cols``; None if ``old`` does."""
    ranges: list[tuple[int, int]] = []
    for span in old.split():
        first, _, last = span.partition(b":")
        if first.isdigit() and last.isdigit():
            ranges.append((int(first), int(last)))
    if ranges and all(any(a <= c + 1 <= b for a, b in ranges) for c in cols):
        return None
    lo, hi = min(cols) + 1, max(cols) + 1
    for a, b in ranges:
        lo, hi = min(lo, a), max(hi, b)
    return b"%d:%d" % (lo, hi)


class _RowEditor:
    """Edits single rows; remembers shared formulas whose first cell was overwritten."""

    def __init__(self, rx: _Patterns, enc: CellEncoder, edits: Mapping[int, dict[int, CellValue]],
                 col_styles: list[tuple[int, int, int]], row_base: dict[int, int], where: str):
        self.rx = rx
        self.enc = enc
        self.edits = edits
        self.col_styles = col_styles
        self.row_base = row_base
        self.where = where
        self.result = SheetResult()
        self.pending: dict[bytes, tuple[str, int, int, tuple[int, int, int, int]]] = {}
        self.pending_rx: re.Pattern[bytes] | None = None
        self._letters: dict[int, bytes] = {}
        self._needles: dict[int, bytes] = {}  # col -> b' r="AB' (a cell's ref attribute)
        self._keys: dict[int, tuple[int, bytes]] = {}  # col -> _letters_key of its letters
        self._col_style: dict[int, int] = {}
        self._spans_seen: dict[tuple[bytes | int, ...], bytes | None] = {}

    def letters(self, col: int) -> bytes:
        hit = self._letters.get(col)
        if hit is None:
            hit = self._letters[col] = col_letter(col).encode("ascii")
        return hit

    def col_style(self, col: int) -> int:
        hit = self._col_style.get(col)
        if hit is None:
            hit = 0
            for lo, hi, style in self.col_styles:
                if lo <= col <= hi:
                    hit = style
                    break
            self._col_style[col] = hit
        return hit

    # -- cells -------------------------------------------------------------------------
    def _rewrite(self, ref: bytes, value: CellValue, raw_attrs: bytes) -> bytes:
        base, keep = 0, b""
        for name, quoted in _ATTR.findall(raw_attrs):
            if name == b"s":
                try:
                    base = int(quoted[1:-1] or b"0")
                except ValueError:
                    base = 0
            elif name not in (b"r", b"t", b"cm", b"vm"):
                keep += b" " + name + b"=" + quoted
        self.result.cells_written += 1
        return self.enc.cell(ref, value, base, keep)

    def _new_cell(self, row: int, col: int, value: CellValue, row_style: int | None,
                  num: bytes | None = None) -> bytes:
        if value is None:
            return b""
        base = self.row_base.get(row)
        if base is None:
            base = row_style if row_style is not None else self.col_style(col)
        self.result.cells_written += 1
        ref = self.letters(col) + (b"%d" % (row + 1) if num is None else num)
        return self.enc.cell(ref, value, base, b"")

    def _overwritten_formula(self, inner: bytes, row: int, col: int) -> None:
        """Note a formula removed by an overwrite; remember it if it heads a shared formula."""
        fm = self.rx.formula.search(inner)
        if fm is None:
            return
        self.result.removed_formula = True
        fa = _attrs(fm.group(1))
        if fa.get(b"t") == b"shared" and b"ref" in fa and fm.group(2):
            try:
                bounds = parse_range(fa[b"ref"].decode("ascii"))
            except ValueError:
                return
            self.pending[fa.get(b"si", b"")] = (_unescape(fm.group(2)), row, col, bounds)
            self._pending_changed()

    def _pending_changed(self) -> None:
        if not self.pending:
            self.pending_rx = None
            return
        alts = b"|".join(re.escape(si) for si in self.pending)
        self.pending_rx = re.compile(rb"\ssi\s*=\s*[\"'](?:" + alts + rb")[\"']")

    def _promote(self, inner: bytes, row: int, col: int) -> bytes | None:
        """Make this cell the first cell of a shared formula whose first cell was overwritten."""
        fm = self.rx.formula.search(inner)
        if fm is None or fm.group(2):
            return None
        fa = _attrs(fm.group(1))
        si = fa.get(b"si", b"")
        if fa.get(b"t") != b"shared" or si not in self.pending:
            return None
        text, mrow, mcol, (_r1, c1, r2, c2) = self.pending.pop(si)
        self._pending_changed()
        try:
            from openpyxl.formula.translate import Translator

            moved = Translator("=" + text, origin=to_a1(mrow, mcol)).translate_formula(
                to_a1(row, col)
            )[1:]
        except Exception as exc:  # the tokenizer raises plain Exceptions
            raise WorkbookError(
                "{where}: cannot move the shared formula ={formula} from {origin} to {cell} "
                "({detail}); write the cell {origin} in Excel instead", where=self.where,
                formula=text, origin=to_a1(mrow, mcol), cell=to_a1(row, col), detail=exc
            ) from exc
        keep = b"".join(
            b" " + k + b'="' + v + b'"' for k, v in fa.items() if k not in (b"t", b"ref", b"si")
        )
        ref = range_a1(row, c1, max(r2, row), max(c2, col)).encode("ascii")
        new_f = (self.rx.f_open + b' t="shared" ref="' + ref + b'" si="' + si + b'"' + keep
                 + b">" + _escape(moved) + b"</" + self.rx.prefix + b"f>")
        return inner[: fm.start()] + new_f + inner[fm.end():]

    # -- rows --------------------------------------------------------------------------
    def new_row(self, row: int) -> bytes:
        """A whole new ``<row>`` for edits on a row the sheet does not have yet."""
        cells = b"".join(
            self._new_cell(row, col, v, None) for col, v in sorted(self.edits[row].items())
        )
        if not cells:
            return b""
        self.result.rows_appended += 1
        p = self.rx.prefix
        return b"<" + p + b'row r="%d">' % (row + 1) + cells + b"</" + p + b"row>"

    def edit_row(self, rb: bytes, row: int, row_edits: dict[int, CellValue] | None) -> bytes:
        """The row ``rb`` (one whole ``<row>`` element) with its edits applied."""
        if row_edits and not self.pending:
            fast = self._fast(rb, row, row_edits)
            if fast is not None:
                return fast
        return self._slow(rb, row, row_edits or {})

    def _fast(self, rb: bytes, row: int, row_edits: dict[int, CellValue]) -> bytes | None:
        """Replace cells found by their ``r`` attribute and slot in missing ones.

        None when the row needs :meth:`_slow`: a cell without a plain ``r="A1"``, an
        overwritten shared or array formula head, a ``<row/>`` without content.
        """
        rx = self.rx
        num = b"%d" % (row + 1)
        found: list[tuple[int, int, int, bytes, CellValue, bytes]] = []
        missing: list[tuple[int, CellValue]] = []
        needles = self._needles
        for col, value in row_edits.items():
            needle = needles.get(col)
            if needle is None:
                needle = needles[col] = b' r="' + self.letters(col)
            p = rb.find(needle + num + b'"')
            if p < 0:
                missing.append((col, value))
                continue
            ts = rb.rfind(b"<", 0, p)
            cm = rx.cell_start.match(rb, ts)
            if cm is None or cm.end() <= p:
                return None
            end = cm.end()
            if not cm.group(2):
                close = rb.find(rx.cell_end, end)
                if close < 0:
                    return None
                if rb.find(rx.f_open, end, close) >= 0:
                    fm = rx.formula.search(rb, end, close)
                    if fm is not None and b"ref" in _attrs(fm.group(1)):
                        return None  # first cell of a shared/array formula: see _slow
                    self.result.removed_formula = True
                end = close + len(rx.cell_end)
            found.append((ts, col, end, needle[4:] + num, value, cm.group(1)))
        if missing:
            return self._fast_insert(rb, row, num, found, missing)
        if len(found) == 1:
            ts, _col, end, ref, value, attrs = found[0]
            return rb[:ts] + self._rewrite(ref, value, attrs) + rb[end:]
        found.sort(key=lambda f: f[0])
        out: list[bytes] = []
        pos = 0
        for ts, _col, end, ref, value, attrs in found:
            out += (rb[pos:ts], self._rewrite(ref, value, attrs))
            pos = end
        out.append(rb[pos:])
        return b"".join(out)

    def _fast_insert(self, rb: bytes, row: int, num: bytes,
                     found: list[tuple[int, int, int, bytes, CellValue, bytes]],
                     missing: list[tuple[int, CellValue]]) -> bytes | None:
        """:meth:`_fast` for a row where some edited cells do not exist yet.

        Each new cell goes before the first existing cell with a higher column, or after
        the last cell. Only rows whose every cell start tag begins ``<c r="A1"`` (as Excel,
        openpyxl and XlsxWriter write them) are handled here, so a cell that :meth:`_fast`
        did not find by its reference is really absent; column letters are compared as
        (length, letters), and only for a cell that goes between existing ones is the
        row's list of letters read.
        """
        rx = self.rx
        rm = rx.row_start.match(rb)
        if rm is None or rm.group(2):
            return None
        head_end = rm.end()
        if rx.odd_cell.search(rb, head_end):
            return None
        last_at = rb.rfind(rx.c_ref, head_end)
        last = b""
        if last_at >= 0:
            lm = _LETTERS.match(rb, last_at + len(rx.c_ref))
            if lm is None:
                return None
            last = lm.group()
        last_key = _letters_key(last)
        letters: list[bytes] | None = None
        raw = rm.group(1)
        row_style = _row_style(_attrs(raw)) if b"customFormat" in raw else None
        spots: dict[int, int] = {}
        inserts: list[tuple[int, int, CellValue]] = []
        keys = self._keys
        for col, value in missing:
            if value is None:
                continue  # nothing to clear: the cell does not exist
            key = keys.get(col)
            if key is None:
                key = keys[col] = _letters_key(self.letters(col))
            mine = key[1]
            if key > last_key:
                i = -1  # after the last cell
            else:
                if letters is None:
                    letters = rx.cell_letters.findall(rb, head_end)
                i = bisect_left(letters, key, key=_letters_key)
                if i == len(letters) or letters[i] == mine:
                    return None  # there after all under another row number, or out of order
            at = spots.get(i)
            if at is None:
                at = self._cell_spot(rb, head_end, num, letters, i, last_at)
                if at < 0:
                    return None
                spots[i] = at
            inserts.append((at, col, value))
        pieces = [(ts, col, end, self._rewrite(ref, value, a))
                  for ts, col, end, ref, value, a in found]
        pieces += [(at, col, at, self._new_cell(row, col, value, row_style, num))
                   for at, col, value in inserts]
        pieces.sort()
        out: list[bytes] = []
        pos = 0
        if inserts and b"spans" in raw:
            tag = self._spans_tag(rb, head_end, [c for _a, c, _v in inserts], last, last_at)
            if tag is not None:
                out.append(tag)
                pos = head_end
        for start, _col, end, new in pieces:
            out += (rb[pos:start], new)
            pos = end
        out.append(rb[pos:])
        return b"".join(out)

    def _cell_spot(self, rb: bytes, head_end: int, num: bytes, letters: list[bytes] | None,
                   i: int, last_at: int) -> int:
        """Where a new cell goes: before cell ``i`` of ``letters``, or with ``i == -1``
        after the last cell (which starts at ``last_at``, -1 if the row has none); -1 if
        unsure."""
        rx = self.rx
        if i >= 0:
            assert letters is not None
            return rb.find(rx.c_ref + letters[i] + num + b'"', head_end)
        if last_at < 0:
            return head_end
        cm = rx.cell_start.match(rb, last_at)
        if cm is None:
            return -1
        if cm.group(2):
            return cm.end()
        close = rb.find(rx.cell_end, cm.end())
        return close + len(rx.cell_end) if close >= 0 else -1

    def _spans_tag(self, rb: bytes, head_end: int, new_cols: list[int], last: bytes,
                   last_at: int) -> bytes | None:
        """The row's start tag with ``spans`` grown to the new cells; None if it covers them.

        The existing cells count too, as in :meth:`_slow`: their first and last column.
        Rows of a sheet mostly share their spans and cells, so the result is remembered.
        """
        rx = self.rx
        sm = rx.spans.search(rb, 0, head_end)
        if sm is None:
            return None
        first = b""
        if last_at >= 0:
            fm = _LETTERS.match(rb, rb.find(rx.c_ref, head_end) + len(rx.c_ref))
            first = fm.group() if fm is not None else b""
        quoted = sm.group(2)
        key = (quoted, first, last, *new_cols)
        if key in self._spans_seen:
            merged = self._spans_seen[key]
        else:
            merged = None
            if _merged_spans(quoted[1:-1], new_cols) is not None:
                cols = list(new_cols)
                cols += (col_index(x.decode("ascii")) for x in (first, last) if x)
                merged = _merged_spans(quoted[1:-1], cols)
            if len(self._spans_seen) < 4096:
                self._spans_seen[key] = merged
        if merged is None:
            return None
        return rb[: sm.start(2)] + b'"' + merged + b'"' + rb[sm.end(2) : head_end]

    def _slow(self, rb: bytes, row: int, row_edits: dict[int, CellValue]) -> bytes:
        rm = self.rx.row_start.match(rb)
        if rm is None:
            raise WorkbookError("{where}: a <row> element is damaged near row {row}",
                                where=self.where, row=row + 1)
        row_attrs = _attrs(rm.group(1))
        row_style = _row_style(row_attrs)
        closed = bool(rm.group(2))
        content = b"" if closed else rb[rm.end() : len(rb) - len(self.rx.row_end)]
        todo = sorted(row_edits.items())
        ti, pos, col, last_end = 0, 0, -1, 0
        out: list[bytes] = []
        cols: list[int] = []
        added = False
        num = b"%d" % (row + 1)
        for cm in self.rx.cell.finditer(content):
            attrs, inner = cm.group(1), cm.group(2) or b""
            lm = _REF_ATTR.search(attrs)
            col = col_index(lm.group(1).decode("ascii")) if lm else col + 1
            while ti < len(todo) and todo[ti][0] < col:
                new = self._new_cell(row, todo[ti][0], todo[ti][1], row_style)
                if new:
                    out += (content[pos : cm.start()], new)
                    pos = cm.start()
                    cols.append(todo[ti][0])
                    added = True
                ti += 1
            cols.append(col)
            last_end = cm.end()
            if ti < len(todo) and todo[ti][0] == col:
                if self.rx.f_open in inner:
                    self._overwritten_formula(inner, row, col)
                new = self._rewrite(self.letters(col) + num, todo[ti][1], attrs)
                out += (content[pos : cm.start()], new)
                pos = cm.end()
                ti += 1
            elif self.pending and self.rx.f_open in inner:
                promoted = self._promote(inner, row, col)
                if promoted is not None:
                    start = content[cm.start() : cm.start(2)]
                    out += (content[pos : cm.start()], start, promoted, self.rx.cell_end)
                    pos = cm.end()
        tail = [self._new_cell(row, c, v, row_style) for c, v in todo[ti:]]
        if any(tail):
            out += (content[pos:last_end], *tail)
            pos = last_end
            cols += [c for (c, _v), new in zip(todo[ti:], tail, strict=True) if new]
            added = True
        out.append(content[pos:])
        body = b"".join(out)
        start_tag = rb[: rm.end()]
        if added or closed:
            start_tag = self._row_start(rm.group(1), row_attrs, cols, added)
        if closed and not body:
            return rb
        return start_tag + body + self.rx.row_end

    def _row_start(self, raw: bytes, attrs: dict[bytes, bytes], cols: list[int],
                   added: bool) -> bytes:
        if added and b"spans" in attrs and cols:
            new_spans = _merged_spans(attrs[b"spans"], cols)
            if new_spans is not None:
                raw = self.rx.spans.sub(lambda m: m.group(1) + b'"' + new_spans + b'"', raw,
                                        count=1)
        return b"<" + self.rx.prefix + b"row" + raw + b">"


def rewrite_sheet(
    src: IO[bytes],
    dst: IO[bytes],
    enc: CellEncoder,
    edits: Mapping[int, dict[int, CellValue]],
    *,
    where: str,
    cover: tuple[int, int, int, int] | None = None,
    replace: bool = False,
    row_base: dict[int, int] | None = None,
) -> SheetResult:
    """Copy a worksheet's XML from ``src`` to ``dst`` with ``edits`` applied.

    Args:
        src: the sheet XML, readable in chunks.
        dst: where the new sheet XML goes.
        enc: turns values into cell XML (its prefix is set from the sheet).
        edits: zero-based row -> {zero-based col: value}.
        where: the file and part, for messages.
        cover: zero-based bounds the ``<dimension ref>`` must grow to cover (with
            ``replace``, its new value); None keeps it.
        replace: drop every existing row first (the sheet gets only ``edits``).
        row_base: zero-based row -> cell format for that row's new cells (header rows).

    Returns:
        Counts, and whether a formula was overwritten or the sheet had formulas.
    """
    head, buf = _read_head(src, where)
    rx = _Patterns(head.prefix)
    enc.set_prefix(head.prefix)
    ed = _RowEditor(rx, enc, edits, head.col_styles, row_base or {}, where)
    res = ed.result
    pre = buf[: head.sheet_data_start]
    if cover is not None or replace:
        pre = rx.dimension.sub(lambda m: _dimension(m, cover, replace), pre, 1)
    dst.write(pre)
    sdm = rx.sheet_data.match(buf, head.sheet_data_start)
    assert sdm is not None
    new_rows = sorted(edits)
    k = 0
    res.has_formula = bool(rx.has_formula.search(buf, sdm.end()))
    _refuse_markup(buf, sdm.end(), rx, where)
    if sdm.group(2):  # <sheetData/>
        dst.write(b"<" + rx.prefix + b"sheetData" + sdm.group(1) + b">")
        dst.writelines(ed.new_row(r) for r in new_rows)
        dst.write(b"</" + rx.prefix + b"sheetData>")
        dst.write(buf[sdm.end() :])
        _copy_rest(src, dst)
        return res
    dst.write(buf[head.sheet_data_start : sdm.end()])
    pos = flushed = sdm.end()
    last = -1
    out: list[bytes] = []
    put = out.append
    while True:
        m = rx.row_or_end.search(buf, pos)
        at_end = m is not None and m.group(0)[1:2] == b"/"
        end = -1
        if m is not None and not at_end:
            end = m.end() if m.group(2) else buf.find(rx.row_end, m.end())
        if m is None or (end < 0 and not at_end):
            keep = pos if m is None else m.start()
            if not replace:
                put(buf[flushed:keep])
            dst.write(b"".join(out))
            out.clear()
            chunk = src.read(CHUNK)
            if not chunk:
                raise WorkbookError("{where} ends before </sheetData>: the sheet is damaged",
                                    where=where)
            buf = buf[keep:] + chunk
            if len(buf) > MAX_HEAD:
                raise WorkbookError("{where}: a row is larger than {limit:,} bytes", where=where,
                                    limit=MAX_HEAD)
            _refuse_markup(buf, 0, rx, where)
            if not res.has_formula and rx.has_formula.search(buf):
                res.has_formula = True
            pos = flushed = 0
            continue
        s = m.start()
        if at_end:  # </sheetData>
            if not replace:
                put(buf[flushed:s])
            out.extend(ed.new_row(r) for r in new_rows[k:])
            put(buf[s:])
            dst.write(b"".join(out))
            _copy_rest(src, dst)
            break
        if not m.group(2):
            end += len(rx.row_end)
        ra = _R_ATTR.search(m.group(1))
        row = int(ra.group(1)) - 1 if ra else last + 1
        last = row
        if k < len(new_rows) and new_rows[k] < row:
            if not replace:
                put(buf[flushed:s])
            while k < len(new_rows) and new_rows[k] < row:
                put(ed.new_row(new_rows[k]))
                k += 1
            flushed = s
        row_edits = None
        if k < len(new_rows) and new_rows[k] == row:
            row_edits = edits[row]
            k += 1
        if replace:
            if rx.has_formula.search(buf, s, end):
                res.removed_formula = True
            if row_edits is not None:
                put(ed.new_row(row))
            flushed = end
        elif row_edits or (ed.pending_rx is not None and ed.pending_rx.search(buf, s, end)):
            put(buf[flushed:s])
            put(ed.edit_row(buf[s:end], row, row_edits))
            flushed = end
        pos = end
    return res


def _refuse_markup(buf: bytes, start: int, rx: _Patterns, where: str) -> None:
    """Refuse comments or CDATA inside <sheetData>: rows are found by their tags there.

    Excel never writes either; a comment could hide a ``</row>`` from the row scanner.
    """
    close = buf.find(b"</" + rx.prefix + b"sheetData", start)
    for marker in (b"<!--", b"<![CDATA["):
        at = buf.find(marker, start)
        if at >= 0 and (close < 0 or at < close):
            raise WorkbookError(
                "{where} has XML comments or CDATA between its rows, which Excel never writes; "
                "open the workbook in Excel and save a copy, then try again", where=where)


def _dimension(m: re.Match[bytes], cover: tuple[int, int, int, int] | None,
               replace: bool) -> bytes:
    bounds = cover
    if not replace:
        try:
            old = parse_range(m.group(2)[1:-1].decode("ascii"))
        except ValueError:
            old = None
        if old is not None and cover is not None:
            bounds = (min(old[0], cover[0]), min(old[1], cover[1]),
                      max(old[2], cover[2]), max(old[3], cover[3]))
        elif old is not None:
            bounds = old
    if bounds is None:
        ref = "A1"
    elif bounds[:2] == bounds[2:]:
        ref = to_a1(bounds[0], bounds[1])
    else:
        ref = range_a1(*bounds)
    return m.group(1) + b'"' + ref.encode("ascii") + b'"'


@dataclass
class _Head:
    prefix: bytes
    sheet_data_start: int
    col_styles: list[tuple[int, int, int]]


def _read_head(src: IO[bytes], where: str) -> tuple[_Head, bytes]:
    """Read up to ``<sheetData``; check the prolog and parse the head safely."""
    buf = b""
    root = None
    sd = None
    while True:
        chunk = src.read(CHUNK)
        buf += chunk
        if root is None:
            root = _ROOT.search(buf)
            if root is not None:
                check_xml_prolog(buf[: root.start()], where)
        if root is not None:
            p = (root.group(1) + b":") if root.group(1) else b""
            sd = _Patterns(p).sheet_data.search(buf, root.end())
            if sd is not None:
                break
        if not chunk or len(buf) > MAX_HEAD:
            check_xml_prolog(buf[:65536], where)
            raise WorkbookError(
                "{where} has no <sheetData>: it is not a worksheet or it is damaged; open the "
                "workbook in Excel and save a copy", where=where)
    closing = b"</" + p + b"worksheet>"
    tree = parse_xml(buf[: sd.start()] + closing, where, huge=True)
    if tree.tag.partition("}")[0].lstrip("{") not in MAIN_NAMESPACES:
        raise WorkbookError("{where} is not a SpreadsheetML worksheet ({tag})", where=where,
                            tag=tree.tag)
    col_styles = []
    for col in tree.iter("{*}col"):
        try:
            lo, hi = int(col.get("min", "0")) - 1, int(col.get("max", "0")) - 1
            style = int(col.get("style", "0"))
        except ValueError:
            continue
        if style:
            col_styles.append((lo, hi, style))
    return _Head(p, sd.start(), col_styles), buf


def _copy_rest(src: IO[bytes], dst: IO[bytes]) -> None:
    while chunk := src.read(CHUNK):
        dst.write(chunk)
