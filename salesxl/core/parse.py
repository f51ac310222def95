"""Tolerant parsing of what Korean and English sales reps type into Excel cells.

Every parser takes a raw cell value as a reader delivers it (``None``, ``str``, ``int``,
``float``, ``bool``, ``datetime.date``/``datetime``/``timedelta``, pandas NA/NaT, numpy
scalars), returns the parsed value or ``None`` for a blank cell, and raises
:class:`ParseError` when the value cannot be read.

Example:
    >>> parse_amount("1억 2천만원"), parse_yesno(" 예 "), parse_date("2026. 3. 5.")
    (120000000.0, True, datetime.date(2026, 3, 5))
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

import numpy as np

from salesxl.core.messages import Msg
from salesxl.core.vocab import YES_NO


class ParseError(ValueError):
    """A cell value could not be read; the message says what was expected, without the value.

    The message is an English template from the catalogue (`salesxl.core.messages`), filled
    with `params`; `text(lang)` gives it in the workbook's language.

    Example:
        >>> e = ParseError("is not a real date (there is no month {month})", month=13)
        >>> str(e), e.text("ko")
        ('is not a real date (there is no month 13)', '실제 날짜가 아닙니다 (13월은 없습니다)')
    """

    def __init__(self, msgid: str, **params: Any):
        self.msgid, self.params = msgid, params
        super().__init__(msgid.format(**params) if params else msgid)

    def text(self, lang: str) -> str:
        """The message in `lang` ("ko" or "en"); a parameter that is a message is shown in
        `lang` too."""
        return self.msg.text(lang)

    @property
    def msg(self) -> Msg:
        """The message, to show later in the reader's language."""
        return Msg(self.msgid, self.params)


AMOUNT_HINT = "is not an amount (write a number such as 5000000, ₩5,000,000, 500만원 or 1.2억)"
DATE_HINT = "is not a date (write 2026-03-05, 2026.03.05 or 2026년 3월 5일)"
YESNO_HINT = "is not yes/no (write Y or N, 예 or 아니오, O or X)"
NUMBER_HINT = "is not a number (write 1234.5 or 1,234.5)"
PERCENT_HINT = "is not a percentage (write 25%, 25 or 0.25)"

KOREAN_SMALL_UNITS = {"십": 10, "백": 100, "천": 1000}
KOREAN_BIG_UNITS = {"만": 10**4, "억": 10**8, "조": 10**12}
ENGLISH_SUFFIXES = {
    "k": 10**3, "thousand": 10**3,
    "m": 10**6, "mm": 10**6, "mn": 10**6, "mil": 10**6, "mio": 10**6, "million": 10**6,
    "b": 10**9, "bn": 10**9, "billion": 10**9,
}  # fmt: skip
CURRENCY_MARKERS = {
    "₩": "KRW", "원": "KRW", "krw": "KRW", "won": "KRW",
    "$": "USD", "us$": "USD", "usd": "USD", "달러": "USD", "dollars": "USD", "dollar": "USD",
    "€": "EUR", "eur": "EUR", "유로": "EUR", "euro": "EUR", "euros": "EUR",
    "¥": "JPY", "jpy": "JPY", "円": "JPY", "엔": "JPY", "yen": "JPY",
    "£": "GBP", "gbp": "GBP", "파운드": "GBP",
    "cny": "CNY", "rmb": "CNY", "元": "CNY", "위안": "CNY",
}  # fmt: skip
MONTHS = {
    name: i
    for i, names in enumerate(
        ["jan january", "feb february", "mar march", "apr april", "may", "jun june",
         "jul july", "aug august", "sep sept september", "oct october", "nov november",
         "dec december"], start=1)
    for name in names.split()
}  # fmt: skip
DATE_ORDERS = ("YMD", "DMY", "MDY")
MAX_SERIAL = 2958465  # 9999-12-31 in the 1900 system

_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+"
_markers = "|".join(re.escape(m) for m in sorted(CURRENCY_MARKERS, key=len, reverse=True))
_CUR_PREFIX = re.compile(rf"^({_markers})\s*", re.IGNORECASE)
_CUR_SUFFIX = re.compile(rf"\s*({_markers})$", re.IGNORECASE)
_EN_AMOUNT = re.compile(rf"^({_NUM})\s*([a-z]+)?$", re.IGNORECASE)
_KO_TOKEN = re.compile(rf"\s*({_NUM})?\s*([십백천])?\s*([만억조])?\s*")
_PLAIN_NUMBER = re.compile(rf"^[+-]?(?:{_NUM})(?:e[+-]?\d+)?$", re.IGNORECASE)
_TIME = re.compile(
    r"(?:^|[T\s]|(?<=일))\s*(오전|오후|am|pm)?\s*(\d{1,2})(?::(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?"
    r"|시(?:\s*(\d{1,2})분)?(?:\s*(\d{1,2})초)?)\s*(am|pm)?\s*(?:z|[+-]\d{2}:?\d{2})?$",
    re.IGNORECASE,
)
_WEEKDAY = re.compile(
    r"\(\s*[월화수목금토일]\s*\)|[월화수목금토일]요일|^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?",
    re.IGNORECASE,
)
_KO_DATE = re.compile(r"^(?:(\d{2}|\d{4})\s*년)?\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일?$")
_NUMERIC_DATE = re.compile(r"^(\d{1,4})\s*([-./])\s*(\d{1,2})\s*\2\s*(\d{1,4})$")
_NUMERIC_NO_YEAR = re.compile(r"^\d{1,2}\s*[-./]\s*\d{1,2}$")
_D, _MON, _Y = r"(\d{1,2})(?:st|nd|rd|th)?", r"([a-z]{3,9})\.?", r"(\d{2}|\d{4})"
_NAMED_DATES = (  # (regex, group order) for dates with an English month name
    (re.compile(rf"^{_D}[\s\-./]*{_MON}[\s\-./,]*{_Y}$", re.IGNORECASE), "DMY"),
    (re.compile(rf"^{_MON}[\s\-./]*{_D}[\s,\-./]+{_Y}$", re.IGNORECASE), "MDY"),
    (re.compile(rf"^(\d{{4}})[\s\-./]*{_MON}[\s\-./]*(\d{{1,2}})$", re.IGNORECASE), "YMD"),
)


def _prepare(value: Any) -> Any:
    """Unbox numpy scalars, strip text, and map every kind of blank to None."""
    if value is None:
        return None
    if type(value) is float:  # fast path: most cells are plain floats
        return None if math.isnan(value) else value
    if isinstance(value, str):
        return value.strip().strip("\u200b\u2060\ufeff").strip() or None
    if isinstance(value, float) and math.isnan(value):
        return None
    if type(value).__name__ in ("NaTType", "NAType"):
        return None
    if isinstance(value, np.generic):
        if isinstance(value, np.datetime64 | np.timedelta64):
            return None if np.isnat(value) else value.astype(f"{value.dtype.kind}8[us]").item()
        return _prepare(value.item())
    if isinstance(value, Decimal) and value.is_nan():
        return None
    return value


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def is_blank(value: Any) -> bool:
    """Tell whether a cell is empty: None, '', whitespace, NaN, NaT or pandas NA.

    Example:
        >>> is_blank("  "), is_blank(float("nan")), is_blank(0)
        (True, True, False)
    """
    return _prepare(value) is None


def looks_like_formula(text: str) -> bool:
    """Tell whether text would be run as a formula by a spreadsheet (OWASP CSV injection).

    Example:
        >>> looks_like_formula("=HYPERLINK(...)"), looks_like_formula("Kim")
        (True, False)
    """
    return isinstance(text, str) and text[:1] in ("=", "+", "-", "@", "\t", "\r")


@lru_cache(maxsize=1024)
def _yesno_text(text: str) -> bool:
    key = YES_NO.resolve(text)  # the one list of yes/no words (salesxl.core.vocab)
    if key is None:
        number = _PLAIN_NUMBER.match(_nfkc(text)) and float(_nfkc(text).replace(",", ""))
        if number in (0, 1) and number is not False:  # "1.0" or "0.0" as text
            return number == 1
        raise ParseError(YESNO_HINT)
    return key == "yes"


def parse_yesno(value: Any) -> bool | None:
    """Read a yes/no cell: Y/N, yes/no, true/false, 1/0, O/X, 예/아니오, 네/아니요, 있음/없음.

    Example:
        >>> parse_yesno("Yes"), parse_yesno("아니요"), parse_yesno(1.0), parse_yesno("")
        (True, False, True, None)
    """
    value = _prepare(value)
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        return _yesno_text(value)
    if isinstance(value, int | float | Decimal) and value in (0, 1):
        return value == 1
    raise ParseError(YESNO_HINT)


def _number(value: Any, hint: str) -> float | None:
    """Pass numbers through (rejecting bools and infinities); None means 'not a number'."""
    if isinstance(value, bool):
        raise ParseError(hint)
    if isinstance(value, int | float | Decimal):
        try:
            result = float(value)
        except OverflowError:
            raise ParseError(hint) from None
        if math.isinf(result):
            raise ParseError(hint)
        return result
    return None


def _peel(text: str) -> tuple[bool, str | None, str]:
    """Split '-₩(5,000)원' style text into (negative, currency, bare number text)."""
    negatives, currency, s = 0, None, text
    while s:
        if s[0] == "(" and s[-1] == ")":
            negatives, s = negatives + 1, s[1:-1].strip()
        elif s[0] in "-−△+":
            negatives, s = negatives + (s[0] != "+"), s[1:].strip()
        elif m := _CUR_PREFIX.match(s) or _CUR_SUFFIX.search(s):
            code = CURRENCY_MARKERS[m.group(1).lower()]
            if currency not in (None, code):
                raise ParseError("names two currencies ({a} and {b})", a=currency, b=code)
            currency, s = code, (s[: m.start()] + s[m.end() :]).strip()
        else:
            break
    if negatives > 1:
        raise ParseError(AMOUNT_HINT)
    return negatives == 1, currency, s


def _korean_amount(s: str) -> Decimal:
    """Add up '1억 2천5백만' style groups; big units must shrink left to right."""
    total = section = Decimal(0)
    pos, last_big, last_small, bare = 0, 10**13, 10**4, False
    while pos < len(s):
        m = _KO_TOKEN.match(s, pos)
        number, small, big = m.groups() if m else (None, None, None)
        if not m or bare or not (number or small or big):
            raise ParseError(AMOUNT_HINT)
        small_mult = KOREAN_SMALL_UNITS[small] if small else 1
        if small and small_mult >= last_small:
            raise ParseError(AMOUNT_HINT)
        section += Decimal(number.replace(",", "") if number else 1) * small_mult
        last_small, bare = (small_mult if small else 1), not (small or big)
        if big:
            if KOREAN_BIG_UNITS[big] >= last_big:
                raise ParseError(AMOUNT_HINT)
            last_big = KOREAN_BIG_UNITS[big]
            total, section, last_small = total + section * last_big, Decimal(0), 10**4
        pos = m.end()
    return total + section


@lru_cache(maxsize=4096)
def _amount_text(text: str) -> float:
    negative, _currency, s = _peel(_nfkc(text))
    m = _EN_AMOUNT.match(s)
    if m and (not m.group(2) or m.group(2).lower() in ENGLISH_SUFFIXES):
        amount = Decimal(m.group(1).replace(",", ""))
        amount *= ENGLISH_SUFFIXES[m.group(2).lower()] if m.group(2) else 1
    elif s and not m:
        amount = _korean_amount(s)
    else:
        raise ParseError(AMOUNT_HINT)
    return float(-amount if negative else amount) + 0.0  # + 0.0 turns -0.0 into 0.0


def parse_amount(value: Any) -> float | None:
    """Read a money amount: 5000000, '₩5,000,000', '500만원', '1억 2천만원', '5M', '(300)'.

    Example:
        >>> parse_amount("3억 5,000만원"), parse_amount("$1.5mn"), parse_amount("(300)")
        (350000000.0, 1500000.0, -300.0)
    """
    value = _prepare(value)
    if value is None:
        return None
    if isinstance(value, str):
        return _amount_text(value)
    number = _number(value, AMOUNT_HINT)
    if number is None:
        raise ParseError(AMOUNT_HINT)
    return number


def parse_currency(value: Any) -> str | None:
    """Name the currency a text amount states ('₩'/'원'/'KRW' -> 'KRW'), or None if it states none.

    Example:
        >>> parse_currency("500만원"), parse_currency("$1,200"), parse_currency(5000)
        ('KRW', 'USD', None)
    """
    value = _prepare(value)
    if not isinstance(value, str):
        return None
    text = _nfkc(value)
    return CURRENCY_MARKERS.get(text.lower()) or _peel(text)[1]


def _two_digit_year(year: str) -> int:
    return int(year) + (0 if len(year) > 2 else 2000 if int(year) < 70 else 1900)


def _make_date(year: int, month: int, day: int) -> dt.date:
    if not 1 <= year <= 9999:
        raise ParseError("is not a real date (there is no year {year})", year=year)
    if not 1 <= month <= 12:
        raise ParseError("is not a real date (there is no month {month})", month=month)
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ParseError("is not a real date ({year}-{month:02d} has no day {day})", year=year,
                         month=month, day=day) from None


def _numeric_date(a: str, b: str, c: str, order: str) -> dt.date:
    if len(a) == 4:
        return _make_date(int(a), int(b), int(c))
    if len(a) == 3 or len(c) == 3:
        raise ParseError(DATE_HINT)
    if len(c) == 4 and order == "YMD":  # 05/03/2026: month-day or day-month?
        readings, errors = [], []
        for month, day in ((a, b), (b, a)):
            try:
                readings.append(_make_date(int(c), int(month), int(day)))
            except ParseError as error:
                errors.append(error)
        if not readings:
            raise errors[0]
        if len(set(readings)) > 1:
            raise ParseError("is ambiguous: it could be {a} or {b} (set the date order: YMD, "
                             "DMY or MDY)", a=readings[0], b=readings[1])
        return readings[0]
    parts = dict(zip(order, (a, b, c), strict=True))
    return _make_date(_two_digit_year(parts["Y"]), int(parts["M"]), int(parts["D"]))


def _named_date(s: str) -> dt.date | None:
    for pattern, fields in _NAMED_DATES:
        if m := pattern.match(s):
            parts = dict(zip(fields, m.groups(), strict=True))
            month = MONTHS.get(parts["M"].lower())
            if month is None:
                raise ParseError(DATE_HINT)
            return _make_date(_two_digit_year(parts["Y"]), month, int(parts["D"]))
    return None


def _split_time(s: str) -> tuple[str, dt.time | None]:
    m = _TIME.search(s)
    if not m or (m.start() == 0 and not m.group(1)):
        return s, None
    meridiem = (m.group(1) or m.group(8) or "").lower()
    hour = int(m.group(2))
    minute, second = int(m.group(3) or m.group(6) or 0), int(m.group(4) or m.group(7) or 0)
    if meridiem:
        if not 1 <= hour <= 12:
            raise ParseError("is not a time (with AM/PM the hour runs from 1 to 12)")
        hour = hour % 12 + (12 if meridiem in ("pm", "오후") else 0)
    try:
        time = dt.time(hour, minute, second, int((m.group(5) or "0").ljust(6, "0")))
    except ValueError:
        raise ParseError("is not a time (write 14:30 or 오후 2시 30분)") from None
    return s[: m.start()].strip(), time


@lru_cache(maxsize=32768)  # a worker converting many files meets the same date texts again
def _datetime_text(text: str, order: str) -> tuple[dt.date, dt.time | None]:
    s = _WEEKDAY.sub(" ", _nfkc(text)).strip(" ,")
    s, time = _split_time(s)
    s = s.rstrip(". ")
    if s.isdigit():
        if len(s) != 8:
            raise ParseError(DATE_HINT)
        return _make_date(int(s[:4]), int(s[4:6]), int(s[6:])), time
    if m := _KO_DATE.match(s):
        if not m.group(1):
            raise ParseError("is missing the year (write 2026년 3월 5일 or 2026-03-05)")
        return _make_date(_two_digit_year(m.group(1)), int(m.group(2)), int(m.group(3))), time
    if m := _NUMERIC_DATE.match(s):
        return _numeric_date(m.group(1), m.group(3), m.group(4), order), time
    if _NUMERIC_NO_YEAR.match(s):
        raise ParseError("is missing the year (write 2026-03-05 or 2026년 3월 5일)")
    if (date := _named_date(s)) is not None:
        return date, time
    raise ParseError(DATE_HINT)


@lru_cache(maxsize=4096)  # date columns repeat the same few hundred days
def _serial_datetime(serial: float, epoch1904: bool) -> dt.datetime:
    if serial == int(serial) and 10000101 <= serial <= 99991231:  # 20260305 typed as a number
        text = str(int(serial))
        return dt.datetime.combine(
            _make_date(int(text[:4]), int(text[4:6]), int(text[6:])), dt.time()
        )
    if not 1 <= serial <= MAX_SERIAL:
        raise ParseError(
            "is not a date (Excel date numbers run from 1 = 1900-01-01 to 2958465 = 9999-12-31)"
        )
    days, ms = divmod(round(serial * 86_400_000), 86_400_000)
    if epoch1904:
        base = dt.datetime(1904, 1, 1)
    elif days == 60:
        raise ParseError("is Excel's 1900-02-29, a day that does not exist")
    else:
        base = dt.datetime(1899, 12, 31 if days < 60 else 30)
    try:
        return base + dt.timedelta(days=days, milliseconds=ms)
    except OverflowError:
        raise ParseError("is not a date (it is after 9999-12-31)") from None


def parse_datetime(
    value: Any, *, date_order: str = "YMD", epoch1904: bool = False
) -> dt.datetime | None:
    """Read a date with its time of day; a date without a time becomes midnight.

    Takes everything :func:`parse_date` takes, plus a time after the date ('2026-03-05 14:30',
    '2026-03-05T14:30:00', '2026. 3. 5. 오후 2:30', '2026년 3월 5일 14시 30분'). A time-zone
    offset in the text is dropped: the wall-clock time is kept.

    Example:
        >>> parse_datetime("2026-03-05T10:00:00"), parse_datetime(46086.5)
        (datetime.datetime(2026, 3, 5, 10, 0), datetime.datetime(2026, 3, 5, 12, 0))
    """
    if date_order.upper() not in DATE_ORDERS:
        raise ValueError(f"date_order must be one of {', '.join(DATE_ORDERS)}, not {date_order!r}")
    value = _prepare(value)
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.to_pydatetime() if hasattr(value, "to_pydatetime") else value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        date, time = _datetime_text(value, date_order.upper())
        return dt.datetime.combine(date, time or dt.time())
    if isinstance(value, dt.timedelta | dt.time):
        raise ParseError("is a time of day, not a date (write 2026-03-05)")
    serial = _number(value, DATE_HINT)
    if serial is None:
        raise ParseError(DATE_HINT)
    return _serial_datetime(serial, epoch1904)


def parse_date(value: Any, *, date_order: str = "YMD", epoch1904: bool = False) -> dt.date | None:
    """Read a date: a date cell, an Excel serial number, or text in many common forms.

    Text may be '2026-03-05', '2026.03.05', '2026. 3. 5.', '2026/3/5', '20260305',
    '2026년 3월 5일', '5 Mar 2026' or 'March 5, 2026'; a time after the date is ignored.
    All-numeric dates with a short first part ('03/04/05', '05/03/2026') follow
    ``date_order`` ('YMD', 'DMY' or 'MDY'); two-digit years 00-69 are 20xx, 70-99 19xx.
    Numbers are Excel serials: 1 is 1900-01-01 (or 1904-01-02 with ``epoch1904``); 60, Excel's
    made-up 1900-02-29, and numbers below 1 (times of day) are refused; an 8-digit number such
    as 20260305 is read as YYYYMMDD.

    Example:
        >>> parse_date("2026년 3월 5일"), parse_date(46086)
        (datetime.date(2026, 3, 5), datetime.date(2026, 3, 5))
        >>> parse_date("05/03/2026", date_order="DMY")
        datetime.date(2026, 3, 5)
    """
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value  # fast path for date cells
    result = parse_datetime(value, date_order=date_order, epoch1904=epoch1904)
    return None if result is None else result.date()


EXCEL_EPOCH_1900 = dt.date(1899, 12, 30)  # serial 0 of the 1900 system (from March 1900 on)
EXCEL_EPOCH_1904 = dt.date(1904, 1, 1)


def excel_serial(value: dt.date | dt.datetime, epoch1904: bool = False) -> int | float:
    """A date or naive datetime as an Excel serial number: the one date -> serial rule.

    In the 1900 date system Excel counts a 29 February 1900 that never was, so serials
    before 1 March 1900 are one lower than a plain day count. Dates are whole numbers.

    Example:
        >>> excel_serial(dt.date(2026, 3, 5)), excel_serial(dt.datetime(1900, 3, 1, 12))
        (46086, 61.5)
        >>> excel_serial(dt.date(2026, 3, 5), epoch1904=True)
        44624
    """
    epoch = EXCEL_EPOCH_1904 if epoch1904 else EXCEL_EPOCH_1900
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            raise ValueError("has a time zone; Excel cannot store one: convert it to local time "
                             "and drop the tzinfo (value.replace(tzinfo=None))")
        days = (value.date() - epoch).days
        secs = value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
    else:
        days = (value - epoch).days
        secs = 0
    if not epoch1904 and days < 61:
        days -= 1
    if days < (0 if epoch1904 else 1):
        first = "1904-01-01" if epoch1904 else "1900-01-01"
        raise ValueError(f"is before {first}, the first date Excel can store")
    return days + secs / 86400 if secs else days


@lru_cache(maxsize=1024)
def _number_text(text: str) -> Decimal:
    s = _nfkc(text).replace("−", "-")
    if not _PLAIN_NUMBER.match(s):
        raise ParseError(NUMBER_HINT)
    try:
        return Decimal(s.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the regex admits only valid numbers
        raise ParseError(NUMBER_HINT) from None


def parse_number(value: Any) -> float | None:
    """Read a plain number: 1234.5, '1,234.5', '-3', '1.2E+05' (no units, no %).

    Example:
        >>> parse_number("1,234.5"), parse_number(" -3 "), parse_number(None)
        (1234.5, -3.0, None)
    """
    value = _prepare(value)
    if value is None:
        return None
    if isinstance(value, str):
        return float(_number_text(value))
    number = _number(value, NUMBER_HINT)
    if number is None:
        raise ParseError(NUMBER_HINT)
    return number


def parse_int(value: Any) -> int | None:
    """Read a whole number: 12, 12.0, '12', '1,200'; 12.5 is refused.

    Example:
        >>> parse_int(12.0), parse_int("1,200"), parse_int("")
        (12, 1200, None)
    """
    value = _prepare(value)
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    number = _number_text(value) if isinstance(value, str) else _number(value, NUMBER_HINT)
    if number is None:
        raise ParseError(NUMBER_HINT)
    if number != int(number):
        raise ParseError("is not a whole number (write 12, not 12.5)")
    return int(number)


def parse_percent(value: Any) -> float | None:
    """Read a percentage as a fraction 0..1: 0.25, 25, '25%', '25' and '0.25' all give 0.25.

    Numbers above 1 are taken as percents (25 -> 0.25); 1 means 100% and 0 means 0%.

    Example:
        >>> parse_percent("25%"), parse_percent(25), parse_percent(0.25), parse_percent(1)
        (0.25, 0.25, 0.25, 1.0)
    """
    value = _prepare(value)
    if value is None:
        return None
    if isinstance(value, str):
        text = _nfkc(value)
        explicit = text.endswith("%")
        try:
            number = _number_text(text[:-1] if explicit else text)
        except ParseError:
            raise ParseError(PERCENT_HINT) from None
        fraction = float(number / 100 if explicit or number > 1 else number)
    else:
        number_ = _number(value, PERCENT_HINT)
        if number_ is None:
            raise ParseError(PERCENT_HINT)
        fraction = number_ / 100 if number_ > 1 else number_
    if not 0 <= fraction <= 1:
        raise ParseError("is not between 0% and 100%")
    return fraction + 0.0


def parse_text(value: Any) -> str | None:
    """Read a text cell: strip it; show whole floats as '12', dates as ISO text.

    Example:
        >>> parse_text("  Kim  "), parse_text(12.0), parse_text(dt.date(2026, 3, 5))
        ('Kim', '12', '2026-03-05')
    """
    value = _prepare(value)
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def normalize_phone(value: Any, region: str = "KR") -> str | None:
    """Turn a phone number into E.164 ('+821012345678'); None when blank or not a valid number.

    Example:
        >>> normalize_phone("010-1234-5678"), normalize_phone(1012345678.0), normalize_phone("n/a")
        ('+821012345678', '+821012345678', None)
    """
    text = parse_text(value)
    if text is None:
        return None
    import phonenumbers  # 13 ms to load: only runs that read phone numbers pay it

    try:
        number = phonenumbers.parse(_nfkc(text), region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalize_email(value: Any) -> str | None:
    """Tidy an e-mail address: drop every space and a 'mailto:', casefold; no validation.

    Example:
        >>> normalize_email(" Kim.MS @Example.com "), normalize_email("")
        ('kim.ms@example.com', None)
    """
    text = parse_text(value)
    if text is None:
        return None
    email = "".join(_nfkc(text).split()).casefold()
    email = email.removeprefix("mailto:")
    return email or None
