"""Python values to worksheet cell XML, the way Excel itself stores them.

Strings become inline strings (``t="inlineStr"``) so ``xl/sharedStrings.xml`` is never
touched; numbers a plain ``<v>``; booleans ``t="b"``; dates and datetimes Excel serial
numbers with a date number format. Text that a spreadsheet would run as a formula is stored
as text with Excel's quote prefix, never as ``<f>``.

Characters XML 1.0 cannot hold (control characters other than tab and line feed, carriage
return, lone surrogates, U+FFFE/U+FFFF) are written with Excel's own ``_xHHHH_`` escape, and
text that already contains ``_xHHHH_`` gets its underscore escaped as ``_x005F_``, exactly as
Excel does, so Excel reads back the very same string.

Example:
    >>> enc = CellEncoder(None, where="demo.xlsx", sheet="Leads")
    >>> enc.cell(b"A1", "Kim & Lee", 0, b"")
    b'<c r="A1" t="inlineStr"><is><t>Kim &amp; Lee</t></is></c>'
    >>> enc.cell(b"B1", 1500000, 0, b"")
    b'<c r="B1"><v>1500000</v></c>'
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import re
from decimal import Decimal
from typing import TYPE_CHECKING

from salesxl.core import parse
from salesxl.core.errors import WorkbookError
from salesxl.core.messages import Msg
from salesxl.core.parse import looks_like_formula

if TYPE_CHECKING:
    from salesxl.io.parts.styles import StyleBook

CellValue = str | int | float | Decimal | bool | dt.date | dt.datetime | None

_ESCAPE = re.compile(
    "[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]|_x[0-9A-Fa-f]{4}_"
)
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_TAIL_MEMO = 50_000  # distinct values a CellEncoder remembers the XML of


def _escape_one(m: re.Match[str]) -> str:
    s = m.group()
    if len(s) > 1:  # literal "_xHHHH_" in the text: escape its underscore like Excel
        return "_x005F_" + s[1:]
    return _ENTITIES.get(s) or f"_x{ord(s):04X}_"


def xml_text(text: str) -> bytes:
    """Text as the UTF-8 content of a ``<t>`` element.

    Example:
        >>> xml_text("a<b\\x01")
        b'a&lt;b_x0001_'
    """
    if _ESCAPE.search(text):
        text = _ESCAPE.sub(_escape_one, text)
    return text.encode("utf-8")


def needs_preserve(text: str) -> bool:
    """Whether a ``<t>`` must keep its spaces (``xml:space="preserve"``)."""
    return bool(text) and (
        text[0].isspace() or text[-1].isspace() or "\n" in text or "\t" in text or "  " in text
    )


def excel_serial(value: dt.date, *, date1904: bool = False) -> int | float:
    """`salesxl.core.parse.excel_serial` (the one date -> serial rule) for cell writers."""
    return parse.excel_serial(value, epoch1904=date1904)


def number_text(value: int | float | Decimal) -> bytes:
    """A number as Excel writes it in ``<v>``: integers without ``.0``, floats round-tripping.

    Example:
        >>> number_text(5), number_text(5.0), number_text(0.1), number_text(1e20)
        (b'5', b'5', b'0.1', b'1e+20')
    """
    if value.__class__ is int or isinstance(value, numbers.Integral):
        return b"%d" % int(value)
    f = float(value)
    if not math.isfinite(f):
        raise ValueError("is not a finite number; Excel cannot store NaN or infinity: use None "
                         "for an empty cell")
    if f.is_integer() and abs(f) < 1e15:
        return b"%d" % int(f)
    return repr(f).encode("ascii")


class CellEncoder:
    """Turns one Python value into the bytes of one ``<c>`` element.

    Args:
        styles: the workbook's cell formats (``None`` only when no style will be needed).
        where: the workbook file, for messages.
        sheet: the sheet name, for messages.
        prefix: the namespace prefix of the sheet's elements (``b""`` or e.g. ``b"x:"``).
        date_format: number format for date cells whose style has none.
        datetime_format: number format for datetime cells whose style has none.
        date1904: the workbook uses the 1904 date system.
    """

    def __init__(
        self,
        styles: StyleBook | None,
        *,
        where: str,
        sheet: str,
        prefix: bytes = b"",
        date_format: str = "yyyy-mm-dd",
        datetime_format: str = "yyyy-mm-dd hh:mm",
        date1904: bool = False,
    ):
        self.styles = styles
        self.where = where
        self.sheet = sheet
        self.date_format = date_format
        self.datetime_format = datetime_format
        self.date1904 = date1904
        self.set_prefix(prefix)

    def set_prefix(self, prefix: bytes) -> None:
        """Use the namespace prefix of the sheet being written."""
        p = prefix
        self._open_c = b"<" + p + b"c"
        self._close_c = b"</" + p + b"c>"
        self._v = (b"<" + p + b"v>", b"</" + p + b"v>")
        self._is = (
            b"<" + p + b"is><" + p + b"t>",
            b"<" + p + b"is><" + p + b't xml:space="preserve">',
            b"</" + p + b"t></" + p + b"is>",
        )
        # (type, value, format, attributes) -> the cell after its reference (see `cell`)
        self._tails: dict[tuple[type, CellValue, int, bytes], bytes] = {}

    def fail(self, ref: bytes, value: object, why: str | Msg) -> WorkbookError:
        """An error naming the file, sheet, cell and value."""
        return WorkbookError("{path}: {cell}: cannot write {value!r} ({kind}): {why}",
                             path=self.where, cell=f"{self.sheet}!{ref.decode()}", value=value,
                             kind=type(value).__name__, why=why)

    def cell(self, ref: bytes, value: CellValue, base: int, attrs: bytes) -> bytes:
        """The ``<c>`` element for ``value`` at ``ref``.

        Args:
            ref: the A1 reference as bytes.
            value: the new value (``None`` leaves an empty cell that keeps its style).
            base: the cell format to start from.
            attrs: other attributes of the old cell to keep (already serialised, e.g.
                ``b' ph="1"'``).
        """
        cls = value.__class__
        if cls is str or cls is int or cls is float:
            # result columns repeat a few values over every row: the element after its
            # reference is remembered (not for formula-like text, whose format is derived)
            memo = (cls, value, base, attrs)
            tail = self._tails.get(memo)
            if tail is None:
                tail = self._tail(ref, value, base, attrs)
                if len(self._tails) < _TAIL_MEMO and not (cls is str and looks_like_formula(
                        value)):  # type: ignore[arg-type]
                    self._tails[memo] = tail
            return self._open_c + b' r="' + ref + b'"' + tail
        return self._open_c + b' r="' + ref + b'"' + self._tail(ref, value, base, attrs)

    def _tail(self, ref: bytes, value: CellValue, base: int, attrs: bytes) -> bytes:
        """`cell` after ``<c r="A1"``."""
        style = base
        if value is None:
            body, kind = b"", b""
        elif isinstance(value, str):
            kind = b' t="inlineStr"'
            is_open = self._is[1] if needs_preserve(value) else self._is[0]
            body = is_open + xml_text(value) + self._is[2]
            if looks_like_formula(value):
                style = self._styles(ref, value).derive(base, quote_prefix=True)
        elif isinstance(value, bool):
            kind = b' t="b"'
            body = self._v[0] + (b"1" if value else b"0") + self._v[1]
        elif isinstance(value, numbers.Real | Decimal):
            kind = b""
            try:
                body = self._v[0] + number_text(value) + self._v[1]
            except (ValueError, OverflowError) as exc:
                raise self.fail(ref, value, str(exc)) from None
        elif isinstance(value, dt.date):
            kind = b""
            if value != value:  # pandas NaT
                raise self.fail(ref, value, Msg("is not a date: use None for an empty cell"))
            try:
                serial = excel_serial(value, date1904=self.date1904)
            except ValueError as exc:
                raise self.fail(ref, value, str(exc)) from None
            body = self._v[0] + number_text(serial) + self._v[1]
            styles = self._styles(ref, value)
            if not styles.is_date(base):
                is_dt = isinstance(value, dt.datetime)
                style = styles.derive(
                    base, num_fmt=self.datetime_format if is_dt else self.date_format
                )
        else:
            raise self.fail(
                ref, value, "use str, int, float, Decimal, bool, datetime.date, datetime.datetime "
                "or None"
            )
        s = b' s="%d"' % style if style else b""
        if not body:
            return s + attrs + b"/>"
        return s + kind + attrs + b">" + body + self._close_c

    def _styles(self, ref: bytes, value: object) -> StyleBook:
        if self.styles is None:
            raise self.fail(ref, value, "the workbook has no styles part to hold a cell format")
        return self.styles
