"""A streaming .xlsx sheet reader: row chunks in bounded memory, every part CRC-checked.

Self-contained (standard library and lxml only; nothing from salesxl), so it can be measured,
tested and fuzzed on its own. It reads one worksheet of an .xlsx/.xlsm in chunks of rows:

* every part (workbook, relationships, styles, shared strings, the sheet) is read through
  :mod:`zipfile`, which checks each member's CRC-32 when it is read to its end, so a damaged
  member raises instead of yielding other text;
* memory is bounded by the chunk, never by the sheet's bounding box: a sparse sheet whose last
  cell is ``XFD1048576`` costs only its real cells, and the declared ``<dimension>`` and the
  shared strings' ``count``/``uniqueCount`` are never used to allocate anything;
* cell references are validated (columns ``A``..``XFD``, rows 1..1,048,576);
* shared strings are resolved, numbers are floats, ``t="inlineStr"``, ``t="b"`` (bool),
  ``t="str"``/``t="e"`` and formulas' cached ``<v>`` values are read (a formula without a cached
  value reads as ``None``), and a number whose cell style has a date or time number format is a
  ``datetime.date``/``datetime.datetime``/``datetime.time`` (``dates="python"``) or stays the
  Excel serial (``dates="serial"``, for vectorised conversion downstream).

The fast path is a compiled regular expression over decompressed UTF-8 text cut at ``</row>``
boundaries (one match per cell, no Python call per XML event). Each cut is checked: when the
cells it matched are not all the cells it holds (a writer that puts ``r`` after ``s``, omits
``r``, prefixes the namespace, ...), that cut is parsed again by lxml, so unusual writers are
read correctly, only slower.

Example:
    >>> with open_sheet("book.xlsx", "Leads") as sheet:          # doctest: +SKIP
    ...     for chunk in sheet.iter_chunks(rows=50_000, columns=[0, 3, 6]):
    ...         for number, row in zip(chunk.row_numbers, chunk.rows):
    ...             ...
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal

from lxml import etree

__all__ = ["Chunk", "Limits", "SheetError", "SheetStream", "open_sheet", "sheet_names"]

MAX_ROW = 1_048_576
MAX_COL = 16_384
NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_STRICT = "http://purl.oclc.org/ooxml/spreadsheetml/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"

Dates = Literal["python", "serial"]


class SheetError(ValueError):
    """The workbook or sheet cannot be read safely (damaged, hostile or not a worksheet)."""


@dataclass(frozen=True)
class Limits:
    """Bounds that keep a hostile file from costing unbounded memory or time.

    Attributes:
        max_part_bytes: largest uncompressed part (a sheet or the shared strings).
        max_ratio: largest uncompressed / compressed size of a part (zip bombs).
        max_row_bytes: most XML text held while waiting for the end of a row.
        max_chunk_cells: a chunk is handed out early once its rows hold this many cell slots.
    """

    max_part_bytes: int = 4 << 30
    max_ratio: float = 2000.0
    max_row_bytes: int = 64 << 20
    max_chunk_cells: int = 4_000_000


@dataclass
class Chunk:
    """Consecutive rows of a sheet that hold at least one cell.

    ``rows[i]`` is the row numbered ``row_numbers[i]`` (1-based, as Excel shows it); ``None``
    means no cell. With ``columns`` a row holds exactly those columns, in that order. Without,
    a row is as long as the first row of the sheet (up to 1,024 columns), or longer when it has
    cells further right: pad rows yourself if you need a rectangle. ``date_columns`` are the columns
    (positions in the row lists) in which a date-formatted number has appeared so far (in this
    chunk or an earlier one; a little beyond, up to the end of the text decoded so far).
    """

    row_numbers: list[int]
    rows: list[list[Any]]
    date_columns: set[int] = field(default_factory=set)
    # (row number, position in the row) of formula cells saved without a value (they read as
    # None), met while this chunk was read (a few may lie in the rows of the next chunk)
    unvalued: list[tuple[int, int]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows)


# --- small parts ---------------------------------------------------------------------------

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                          remove_comments=True, remove_pis=True)


def _read_member(zf: zipfile.ZipFile, name: str, limits: Limits) -> bytes:
    info = _info(zf, name, limits)
    try:
        with zf.open(info) as fh:  # read to the end: zipfile checks the CRC there
            return fh.read()
    except (zipfile.BadZipFile, EOFError, zlib.error) as exc:
        raise SheetError(f"{name}: damaged ({exc})") from None


def _info(zf: zipfile.ZipFile, name: str, limits: Limits) -> zipfile.ZipInfo:
    try:
        info = zf.getinfo(name)
    except KeyError:
        raise SheetError(f"the workbook has no part {name!r}") from None
    if info.file_size > limits.max_part_bytes:
        raise SheetError(f"{name}: {info.file_size:,} bytes uncompressed, more than the "
                         f"limit of {limits.max_part_bytes:,}")
    if info.compress_size and info.file_size / info.compress_size > limits.max_ratio:
        raise SheetError(f"{name}: compressed {info.file_size / info.compress_size:,.0f}:1, "
                         "a zip bomb?")
    return info


def _xml(data: bytes, name: str) -> Any:
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data:
        raise SheetError(f"{name}: a DTD or entity declaration (never in a real workbook)")
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise SheetError(f"{name}: not well-formed XML ({exc})") from None


def _local(tag: Any) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _rels(zf: zipfile.ZipFile, part: str, limits: Limits) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type suffix, member name) of `part`."""
    folder, base = posixpath.split(part)
    name = posixpath.join(folder, "_rels", base + ".rels")
    if name not in zf.NameToInfo:
        return {}
    out = {}
    for rel in _xml(_read_member(zf, name, limits), name):
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External":
            continue
        member = target.lstrip("/") if target.startswith("/") else \
            posixpath.normpath(posixpath.join(folder, target))
        out[rel.get("Id", "")] = (rel.get("Type", "").rpartition("/")[2], member)
    return out


def _workbook_part(zf: zipfile.ZipFile, limits: Limits) -> str:
    for _rid, (kind, member) in _rels(zf, "", limits).items():
        if kind == "officeDocument":
            return member
    if "xl/workbook.xml" in zf.NameToInfo:
        return "xl/workbook.xml"
    raise SheetError("not an .xlsx workbook (no workbook part)")


# Number formats that mean dates/times: built-in ids (ECMA-376 18.8.30 and the CJK ids Excel
# uses in Korean, Japanese and Chinese locales), and custom codes with date/time tokens.
_BUILTIN_DATE = frozenset([*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59),
                           *range(71, 82)])
_BUILTIN_TIME = frozenset([18, 19, 20, 21, 45, 46, 47])
_FMT_NOISE = re.compile(r'"[^"]*"|\\.|_.|\*.|\[(?!h\]|hh\]|m\]|mm\]|s\]|ss\])[^\]]*\]', re.I)


def _format_kind(code: str) -> int:
    """0 = not a date, 1 = date (and maybe time), 2 = time of day only, 3 = duration."""
    section = _FMT_NOISE.sub("", code.split(";")[0]).lower()
    if re.search(r"\[(h|hh|m|mm|s|ss)\]", code.lower()):
        return 3
    if "general" in section:
        return 0
    has_date = any(ch in section for ch in "ydeg") or ("m" in section and "h" not in section
                                                      and "s" not in section)
    has_time = any(ch in section for ch in "hs")
    if has_date:
        return 1
    if has_time:
        return 2
    return 0


def _styles(zf: zipfile.ZipFile, part: str | None, limits: Limits) -> list[int]:
    """Date kind (see :func:`_format_kind`) of each cell format (``s`` index)."""
    if part is None or part not in zf.NameToInfo:
        return []
    root = _xml(_read_member(zf, part, limits), part)
    custom: dict[int, int] = {}
    kinds: list[int] = []
    for el in root:
        name = _local(el.tag)
        if name == "numFmts":
            for fmt in el:
                try:
                    custom[int(fmt.get("numFmtId", "-1"))] = _format_kind(fmt.get("formatCode",
                                                                                  ""))
                except ValueError:
                    continue
        elif name == "cellXfs":
            for xf in el:
                try:
                    fid = int(xf.get("numFmtId", "0"))
                except ValueError:
                    fid = 0
                if fid in custom:
                    kinds.append(custom[fid])
                elif fid in _BUILTIN_DATE:
                    kinds.append(2 if fid in _BUILTIN_TIME else 1)
                else:
                    kinds.append(0)
    return kinds


# --- text ----------------------------------------------------------------------------------

_ENTITY = re.compile(r"&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_XESC = re.compile(r"_x([0-9A-Fa-f]{4})_")
_RPH = re.compile(r"<(?:\w+:)?rPh\b.*?</(?:\w+:)?rPh>", re.S)
_T = re.compile(r"<(?:\w+:)?t(?:\s[^>]*)?>(.*?)</(?:\w+:)?t>|<(?:\w+:)?t(?:\s[^>]*)?/>", re.S)
_V = re.compile(r"<(?:\w+:)?v(?:\s[^>]*)?>(.*?)</(?:\w+:)?v>", re.S)


def _entity(m: re.Match[str]) -> str:
    name = m.group(1)
    if name[0] == "#":
        return chr(int(name[2:], 16) if name[1] == "x" else int(name[1:]))
    return _NAMED[name]


def _text(raw: str) -> str:
    """XML character data as the text it means (entities, line ends, Excel's _xHHHH_)."""
    if "&" in raw:
        raw = _ENTITY.sub(_entity, raw)
    if "\r" in raw:
        raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    if "_x" in raw:
        raw = _XESC.sub(lambda m: chr(int(m.group(1), 16)), raw)
    return raw


def _unx(text: str) -> str:
    """Excel's _xHHHH_ escapes decoded (text lxml already parsed: entities are resolved)."""
    return _XESC.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def _text_node(el: Any) -> str:
    return _unx(el.text or "")


def _rich(body: str) -> str:
    """The text of an ``<si>``/``<is>`` body: its ``<t>`` runs, phonetic runs left out."""
    if "<rPh" in body or ":rPh" in body:
        body = _RPH.sub("", body)
    return "".join(_text(t) for t in _T.findall(body))


_SI = re.compile(r"<(?:\w+:)?si(?:\s[^>]*)?>(.*?)</(?:\w+:)?si>|<(?:\w+:)?si\s*/>", re.S)
_SI_PLAIN = re.compile(r"<t>([^<]*)</t>\Z")


def _shared_strings(zf: zipfile.ZipFile, part: str | None, limits: Limits) -> list[str]:
    """Every shared string, in order. ``count``/``uniqueCount`` are ignored: a list grows with
    the strings really present, so a lying count allocates nothing."""
    if part is None or part not in zf.NameToInfo:
        return []
    data = _read_member(zf, part, limits)
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data:
        raise SheetError(f"{part}: a DTD or entity declaration (never in a real workbook)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise SheetError(f"{part}: not UTF-8") from None
    del data
    out: list[str] = []
    append = out.append
    plain = _SI_PLAIN.match
    for body in _SI.findall(text):
        m = plain(body)
        append(_text(m.group(1)) if m else _rich(body))
    return out


# --- cell references -------------------------------------------------------------------------

def column_index(letters: str) -> int:
    """0-based index of column `letters` ("A" -> 0, "XFD" -> 16383); SheetError beyond."""
    n = 0
    for ch in letters:
        o = ord(ch) - 64
        if not 1 <= o <= 26:
            raise SheetError(f"bad column {letters!r}")
        n = n * 26 + o
    if not 1 <= n <= MAX_COL or len(letters) > 3:
        raise SheetError(f"column {letters!r} is beyond XFD")
    return n - 1


def _row_number(text: str) -> int:
    n = int(text)
    if not 1 <= n <= MAX_ROW:
        raise SheetError(f"row {text} is beyond Excel's 1,048,576")
    return n


_DIM = re.compile(r'<(?:\w+:)?dimension\s+ref="([^"]*)"')
_SHEETDATA_B = re.compile(rb"<(?:(\w+):)?sheetData(\s*/)?>")
_XMLNS = re.compile(r'\s(xmlns(?::\w+)?)="([^"]*)"')
_ROOT = re.compile(r"<(?:(\w+):)?worksheet\b([^>]*)>")
# One match per cell: column letters, row digits, the other attributes, and either nothing
# (<c/>), a plain <v> value, a plain inline string, or any other body (formulas, rich text).
_CELL = re.compile(
    r'<c r="([A-Z]++)([0-9]++)"([^>/]*+)(?:(/)>|>(?:<v>([^<]*+)</v>|<is><t>([^<]*+)</t></is>'
    r"|(.*?))</c>)", re.S)
_ATTR = re.compile(r'\s(\w+)="([^"]*)"')

# Cell kinds (what the attributes other than r say).
_NUM, _DATE, _SST, _INLINE, _BOOL, _STR, _ERR, _ISO = range(8)
_T_KIND = {"n": _NUM, "s": _SST, "inlineStr": _INLINE, "b": _BOOL, "str": _STR, "e": _ERR,
           "d": _ISO}

_MAX_HINT = 1024  # rows are padded to the first row's width, up to this many columns
_EPOCH = dt.datetime(1899, 12, 30)
_EPOCH_1904 = dt.datetime(1904, 1, 1)


# --- the stream ----------------------------------------------------------------------------

class SheetStream:
    """One worksheet of an .xlsx, read in chunks of rows (see :func:`open_sheet`)."""

    def __init__(self, path: str | Path, sheet: str | int | None = None,
                 limits: Limits | None = None) -> None:
        self.path = Path(path)
        self.limits = limits or Limits()
        try:
            self._zf = zipfile.ZipFile(self.path)
        except zipfile.BadZipFile as exc:
            raise SheetError(f"{self.path.name}: not a zip/xlsx file ({exc})") from None
        try:
            self._open(sheet)
        except BaseException:
            self._zf.close()
            raise
        self._dimension: str | None = None
        self._head_read = False

    @property
    def dimension(self) -> str | None:
        """The sheet's declared ``<dimension ref>`` (e.g. "A1:AK100001"), or None. Untrusted:
        nothing is sized by it."""
        if not self._head_read:
            buf = b""
            with self._zf.open(self._info) as fh:
                while (block := fh.read(1 << 16)) and not _SHEETDATA_B.search(buf + block):
                    buf += block
                    if len(buf) > self.limits.max_row_bytes:
                        break
                buf += block
            m = _SHEETDATA_B.search(buf)
            if m is not None:
                self._parse_head(_decode(buf[:m.start()], self._part), m.group(1))
        return self._dimension

    def _open(self, sheet: str | int | None) -> None:
        zf, limits = self._zf, self.limits
        wb_part = _workbook_part(zf, limits)
        rels = _rels(zf, wb_part, limits)
        root = _xml(_read_member(zf, wb_part, limits), wb_part)
        self.epoch1904 = False
        sheets: list[tuple[str, str]] = []
        for el in root.iter():
            name = _local(el.tag)
            if name == "workbookPr":
                self.epoch1904 = el.get("date1904", "0").lower() in ("1", "true")
            elif name == "sheet":
                rid = el.get(f"{{{NS_REL}}}id") or el.get(
                    "{http://purl.oclc.org/ooxml/officeDocument/relationships}id", "")
                kind, member = rels.get(rid, ("", ""))
                if kind == "worksheet":
                    sheets.append((el.get("name", ""), member))
        self.sheet_names = [n for n, _ in sheets]
        if not sheets:
            raise SheetError("the workbook has no worksheet")
        if sheet is None:
            self.name, self._part = sheets[0]
        elif isinstance(sheet, int):
            if not 0 <= sheet < len(sheets):
                raise SheetError(f"no worksheet number {sheet}")
            self.name, self._part = sheets[sheet]
        else:
            found = [s for s in sheets if s[0] == sheet] or \
                [s for s in sheets if s[0].casefold() == sheet.casefold()]
            if not found:
                raise SheetError(f"no worksheet named {sheet!r} (has {self.sheet_names})")
            self.name, self._part = found[0]
        by_kind = {kind: member for kind, member in rels.values()}
        self._sst_part = by_kind.get("sharedStrings")
        self._date_kinds = _styles(zf, by_kind.get("styles"), limits)
        self._info = _info(zf, self._part, limits)
        self._sst: list[str] | None = None

    # context manager / lifetime
    def close(self) -> None:
        self._zf.close()

    def __enter__(self) -> SheetStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def shared_strings(self) -> list[str]:
        """The workbook's shared strings, read once on first use."""
        if self._sst is None:
            self._sst = _shared_strings(self._zf, self._sst_part, self.limits)
        return self._sst

    def is_date_style(self, s: int) -> bool:
        return 0 <= s < len(self._date_kinds) and self._date_kinds[s] != 0

    # --- reading -------------------------------------------------------------------------

    def iter_rows(self, columns: Sequence[int] | None = None,
                  dates: Dates = "python") -> Iterator[tuple[int, list[Any]]]:
        """(row number, values) for every row holding a cell."""
        for chunk in self.iter_chunks(columns=columns, dates=dates):
            yield from zip(chunk.row_numbers, chunk.rows, strict=True)

    def iter_chunks(self, rows: int = 50_000, columns: Sequence[int] | None = None,
                    dates: Dates = "python") -> Iterator[Chunk]:
        """Chunks of up to `rows` rows (fewer when a chunk reaches ``max_chunk_cells``).

        Args:
            rows: rows per chunk.
            columns: 0-based column indexes to keep, in the order wanted; None = all.
            dates: "python" turns date-formatted numbers into date/datetime/time/timedelta;
                "serial" leaves them as Excel serial numbers (floats).
        """
        if rows < 1:
            raise ValueError("rows must be >= 1")
        if dates not in ("python", "serial"):
            raise ValueError("dates must be 'python' or 'serial'")
        want = None if columns is None else {c: i for i, c in enumerate(columns)}
        width = -1 if columns is None else len(columns)
        state = _State(self, want, width, dates == "python")
        for segment in self._segments():
            state.feed(segment)
            while len(state.numbers) >= rows or state.slots >= self.limits.max_chunk_cells:
                yield state.take(rows)
        state.finish()
        while state.numbers:
            yield state.take(rows)

    def _segments(self) -> Iterator[str]:
        """The sheet's <sheetData> text, cut after whole rows. The member is always read to
        its end (so zipfile checks its CRC) before the last cut is handed out."""
        limits = self.limits
        buf = b""
        head = True
        done = False
        row_end = b"</row>"
        data_end = b"</sheetData>"
        with self._zf.open(self._info) as fh:
            while True:
                try:
                    block = fh.read(1 << 20)
                except (zipfile.BadZipFile, EOFError, zlib.error) as exc:
                    raise SheetError(f"{self._part}: damaged ({exc})") from None
                if not block:
                    break
                if done:
                    continue  # drain past </sheetData>: the CRC is checked at the end
                buf += block
                if head:
                    m = _SHEETDATA_B.search(buf)
                    if m is None:
                        if len(buf) > limits.max_row_bytes:
                            raise SheetError(f"{self._part}: no <sheetData> in the first "
                                             f"{len(buf):,} bytes")
                        continue
                    prefix = m.group(1)
                    self._parse_head(_decode(buf[:m.start()], self._part), prefix)
                    if prefix:
                        row_end = b"</" + prefix + b":row>"
                        data_end = b"</" + prefix + b":sheetData>"
                    buf = buf[m.end():]
                    head = False
                    if m.group(2):  # <sheetData/>: an empty sheet
                        done = True
                        buf = b""
                        continue
                end = buf.find(data_end, max(0, len(buf) - len(block) - len(data_end)))
                if end >= 0:
                    if end:
                        yield _decode(buf[:end], self._part)
                    buf = b""
                    done = True
                    continue
                cut = buf.rfind(row_end)
                if cut < 0:
                    if len(buf) > limits.max_row_bytes:
                        raise SheetError(f"{self._part}: a row longer than "
                                         f"{limits.max_row_bytes:,} bytes")
                    continue
                cut += len(row_end)
                yield _decode(buf[:cut], self._part)
                buf = buf[cut:]
        if head:
            raise SheetError(f"{self._part}: no <sheetData>")
        if not done:
            raise SheetError(f"{self._part}: truncated (no </sheetData>)")

    def _parse_head(self, head: str, prefix: bytes | None) -> None:
        m = _DIM.search(head)
        self._dimension = m.group(1) if m else None
        self._head_read = True
        root = _ROOT.search(head)
        decls = " ".join(f'{k}="{v}"' for k, v in _XMLNS.findall(root.group(2))) if root else ""
        if not decls:
            decls = f'xmlns="{NS_MAIN}"'
        tag = f"{prefix.decode()}:sheetData" if prefix else "sheetData"
        self._wrap = (f"<{tag} {decls}>", f"</{tag}>")
        self._prefixed = bool(prefix)


def _decode(data: bytes, part: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SheetError(f"{part}: not UTF-8 ({exc})") from None


class _State:
    """Rows decoded so far and not yet handed out."""

    def __init__(self, stream: SheetStream, want: dict[int, int] | None, width: int,
                 python_dates: bool) -> None:
        self.stream = stream
        self.want = want
        self.width = width
        self.python_dates = python_dates
        self.numbers: list[int] = []
        self.rows: list[list[Any]] = []
        self.date_cols: set[int] = set()
        self.slots = 0
        self.kinds: dict[str, tuple[int, int, dict[str, Any]]] = {}
        self.date_caches: dict[int, dict[str, Any]] = {1: {}, 2: {}, 3: {}}
        self.cols: dict[str, int] = {}
        self.places: dict[str, int] = {}  # column letters -> position in the row, -1: not kept
        self.last_row = 0
        self.unvalued: list[tuple[int, int]] = []
        self.epoch = _EPOCH_1904 if stream.epoch1904 else _EPOCH

    def take(self, n: int) -> Chunk:
        numbers, rows = self.numbers[:n], self.rows[:n]
        del self.numbers[:n], self.rows[:n]
        self.slots = sum(map(len, self.rows))
        unvalued, self.unvalued = self.unvalued, []
        return Chunk(numbers, rows, set(self.date_cols), unvalued)

    def finish(self) -> None:
        pass

    # attributes -> (kind, style date kind)
    def kind(self, attrs: str) -> tuple[int, int, dict[str, Any]]:
        found = self.kinds.get(attrs)
        if found is None:
            a = dict(_ATTR.findall(attrs))
            t = a.get("t", "n")
            if t not in _T_KIND:
                raise SheetError(f"unknown cell type t={t!r}")
            try:
                s = int(a.get("s", "0"))
            except ValueError:
                s = 0
            dk = self.stream._date_kinds[s] if 0 <= s < len(self.stream._date_kinds) else 0
            kind = _T_KIND[t]
            if kind == _NUM and dk:
                kind = _DATE
            found = self.kinds[attrs] = (kind, dk, self.date_caches.get(dk, {}))
        return found

    def place(self, letters: str) -> int:
        """Where the cells of column `letters` go in a row (-1: a column not kept)."""
        c = self.col(letters)
        if self.want is None:
            return c
        return self.want.get(c, -1)

    def col(self, letters: str) -> int:
        found = self.cols.get(letters)
        if found is None:
            found = self.cols[letters] = column_index(letters)
        return found

    def date(self, serial: float, dk: int) -> Any:
        """The Python value of a date-formatted serial (dk: see :func:`_format_kind`)."""
        if dk == 3:
            return dt.timedelta(days=serial)
        if serial < 0 or serial > 2_958_465:  # before 1900 or after 9999-12-31: the number
            return serial
        time_only = dk == 2 and serial < 1
        if not self.stream.epoch1904 and 1 <= serial < 60:
            serial += 1  # Excel's 1900-02-29 that never was
        stamp = self.epoch + dt.timedelta(days=serial)
        stamp = stamp.replace(microsecond=0) + dt.timedelta(
            seconds=round(stamp.microsecond / 1e6))
        if time_only:
            return stamp.time()
        if stamp.hour == stamp.minute == stamp.second == 0:
            return stamp.date()
        return stamp

    def value(self, kind: int, dk: int, v: str, body: str, closed: bool,
              parsed: bool = False) -> Any:
        """A cell's value from its kind and raw text (slow path: anything but plain cells).

        `parsed`: `v` comes from lxml (entities already resolved), not from raw XML text.
        """
        if closed:
            return None
        if kind == _INLINE:
            return _rich(body) if body else ""
        if not v and body:
            m = _V.search(body)
            if m is None:
                return None  # a formula without a cached value
            v = m.group(1)
        if not v:
            return "" if kind in (_SST, _STR) else None
        if kind in (_NUM, _DATE):
            try:
                x = float(v)
            except ValueError:  # not a number where one belongs: keep the text
                return _unx(v) if parsed else _text(v)
            if kind == _NUM or not self.python_dates:
                return x
            value = self.date(x, dk)
            cache = self.date_caches[dk]
            if len(cache) < 100_000:
                cache[v] = value
            return value
        if kind == _SST:
            return self.sst(v)
        if kind == _BOOL:
            return v.strip() not in ("0", "false", "")
        text = _unx(v) if parsed else _text(v)
        if kind == _ISO:
            try:
                return dt.datetime.fromisoformat(text)
            except ValueError:
                return text
        return text  # str, e

    def sst(self, v: str) -> str:
        table = self.stream.shared_strings
        try:
            i = int(v)
        except ValueError:
            raise SheetError(f"shared string index {v!r} is not a number") from None
        if not 0 <= i < len(table):
            raise SheetError(f"shared string {i} does not exist ({len(table)} strings)")
        return table[i]

    def feed(self, seg: str) -> None:
        """Decode the rows of one cut (whole rows) onto the pending rows."""
        if self.stream._prefixed:
            self.feed_general(seg)
            return
        # Every cell start tag begins "<c"; so do a few rich-text run properties (<color>,
        # <charset>, <condense>), which only makes the count too high: then lxml reads it.
        expected = seg.count("<c")
        cells = _CELL.findall(seg)
        if len(cells) != expected:
            self.feed_general(seg)
            return
        self.feed_fast(cells)

    def feed_fast(self, cells: list[tuple[str, ...]]) -> None:
        numbers, rows = self.numbers, self.rows
        kinds, places = self.kinds, self.places
        python_dates = self.python_dates
        sst: list[str] | None = None
        width = self.width
        cur = ""
        row: list[Any] = []
        slots = 0
        date_cols = self.date_cols
        last = self.last_row
        for letters, digits, attrs, closed, v, inline, body in cells:
            if digits != cur:
                n = int(digits)
                if not 1 <= n <= MAX_ROW:
                    raise SheetError(f"row {digits} is beyond Excel's 1,048,576")
                if width < 0 and rows:  # rows are padded to the first row's width
                    width = self.width = min(len(rows[-1]), _MAX_HINT)
                if n == last:  # the same row number again
                    row = rows[-1]
                else:
                    row = [None] * width if width > 0 else []
                    numbers.append(n)
                    rows.append(row)
                    slots += len(row)
                    last = n
                cur = digits
            c = places.get(letters)  # one look-up: the column and whether it is kept
            if c is None:
                c = places[letters] = self.place(letters)
            if c < 0:
                continue
            k = kinds.get(attrs)
            if k is None:
                k = self.kind(attrs)
            kind = k[0]
            if kind == _INLINE and inline:
                val: Any = _text(inline) if ("&" in inline or "_x" in inline
                                             or "\r" in inline) else inline
            elif kind == _NUM and v:
                try:
                    val = float(v)
                except ValueError:
                    val = _text(v)
            elif kind == _SST and v:
                if sst is None:
                    sst = self.stream.shared_strings
                try:
                    val = sst[int(v)]
                except (IndexError, ValueError):
                    val = self.sst(v)
            elif kind == _DATE and v:
                val = k[2].get(v) if python_dates else None
                if val is None:
                    val = self.value(kind, k[1], v, body, False)
                if type(val) is not str:
                    date_cols.add(c)
            else:
                val = self.value(kind, k[1], v, body, bool(closed))
                if val is None:
                    if body and "<f" in body and _V.search(body) is None:
                        self.unvalued.append((last, c))
                    continue
                if kind == _DATE and type(val) is not str:
                    date_cols.add(c)
            try:
                row[c] = val
            except IndexError:
                grow = c + 1 - len(row)
                slots += grow
                row.extend([None] * grow)
                row[c] = val
        self.last_row = last
        self.slots += slots

    def feed_general(self, seg: str) -> None:
        """The same rows, parsed by lxml (writers whose cells the fast pattern does not fit)."""
        start, end = self.stream._wrap
        try:
            root = etree.fromstring((start + seg + end).encode("utf-8"), _PARSER)
        except etree.XMLSyntaxError as exc:
            raise SheetError(f"sheet XML is not well-formed ({exc})") from None
        want = self.want
        for row_el in root:
            if _local(row_el.tag) != "row":
                continue
            r = row_el.get("r")
            n = _row_number(r) if r else self.last_row + 1
            row: list[Any] | None = None
            next_col = 0
            for c_el in row_el:
                if _local(c_el.tag) != "c":
                    continue
                ref = c_el.get("r")
                if ref:
                    m = re.fullmatch(r"([A-Z]{1,3})([0-9]{1,7})", ref)
                    if m is None:
                        raise SheetError(f"bad cell reference {ref!r}")
                    c = self.col(m.group(1))
                    n = _row_number(m.group(2))
                else:
                    c = next_col
                next_col = c + 1
                attrs = "".join(f' {k}="{v}"' for k, v in c_el.attrib.items() if k != "r")
                kind, dk, _ = self.kind(attrs)
                v: str | None = None
                body: str | None = None
                formula = False
                for child in c_el:
                    name = _local(child.tag)
                    formula = formula or name == "f"
                    if name == "v":
                        v = child.text or ""
                    elif name == "is":
                        body = "".join(
                            _text_node(t) for t in child.iter()
                            if _local(t.tag) == "t" and not any(
                                _local(a.tag) == "rPh" for a in t.iterancestors()))
                if not len(c_el):
                    continue
                if kind == _INLINE:
                    val: Any = body or ""
                elif v is None:  # a formula without a cached value
                    if formula and (want is None or c in want):
                        self.unvalued.append((n, c if want is None else want[c]))
                    continue
                else:
                    val = self.value(kind, dk, v, "", False, parsed=True)
                    if val is None:
                        continue
                if want is not None:
                    pos = want.get(c)
                    if pos is None:
                        continue
                    c = pos
                if row is None:
                    if n == self.last_row and self.rows:
                        row = self.rows[-1]
                    else:
                        if self.width < 0 and self.rows:
                            self.width = min(len(self.rows[-1]), _MAX_HINT)
                        row = [None] * max(self.width, 0)
                        self.numbers.append(n)
                        self.rows.append(row)
                        self.slots += len(row)
                        self.last_row = n
                if c >= len(row):
                    self.slots += c + 1 - len(row)
                    row.extend([None] * (c + 1 - len(row)))
                row[c] = val
                if kind == _DATE:
                    self.date_cols.add(c)


def open_sheet(path: str | Path, sheet: str | int | None = None,
               limits: Limits | None = None) -> SheetStream:
    """Open worksheet `sheet` (its name, 0-based position, or None for the first) of `path`.

    Raises:
        SheetError: not an .xlsx, no such sheet, a part too large or compressed too far.
    """
    return SheetStream(path, sheet, limits)


def sheet_names(path: str | Path) -> list[str]:
    """The worksheet names of `path`, in workbook order."""
    with SheetStream(path) as s:
        return list(s.sheet_names)


def _read_all(fh: IO[bytes]) -> None:  # pragma: no cover - kept for symmetry
    while fh.read(1 << 20):
        pass
