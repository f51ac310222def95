"""Between cells and canonical values, per column type: the one path every reader takes.

`read_column` turns a column of raw cells (as any reader delivers them: calamine, a legacy
file, a CSV, the values Excel hands to a worksheet function) into canonical values — dates,
float amounts, fractions for percentages, bools for yes/no, choice keys, stripped text — each
distinct raw value parsed once, unreadable cells reported with their position. `read_value`
is the same for one cell; `cell_value` turns a canonical value back into what is written into
a cell in the workbook's language (choice keys become labels, probabilities fractions).

Every column type is read here and nowhere else: team workbooks (`salesxl.io.read`,
`salesxl.io.tables`), legacy conversion, consolidation and the Excel layer all call it, so a
cell means the same thing whichever command reads it.

Example:
    >>> from salesxl.core.config import Config
    >>> from salesxl.core.schema import LEADS
    >>> cfg = Config.default()
    >>> read_value(LEADS.column("outcome"), "성공", cfg), cell_value(LEADS.column("stage"), "won", cfg, "en")
    ('won', 'Won')
    >>> read_column(LEADS.column("probability"), [75, "75 %", 0.75, ""], cfg).values
    [0.75, 0.75, 0.75, None]
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from salesxl.core import parse
from salesxl.core.config import Config
from salesxl.core.parse import ParseError
from salesxl.core.schema import Column
from salesxl.core.vocab import YES_NO, Vocabulary

TEXT_TYPES = frozenset({"text", "longtext", "id", "email"})
_ZERO_WIDTH = "\u200b\u2060\ufeff"  # what parse.parse_text strips besides white space
_SHORT_DATE = re.compile(r"^\s*\d{1,2}\s*([-./])\s*\d{1,2}\s*\1\s*\d{1,2}\s*\.?\s*$")


@dataclass(frozen=True)
class ReadOptions:
    """How the raw cells of one sheet are read.

    Attributes:
        date_order: ``YMD``, ``DMY`` or ``MDY`` for all-numeric dates such as 03/04/05.
        epoch1904: Excel serial numbers count from 1904 (old Mac workbooks).
        short_dates_ambiguous: refuse ``03/04/05`` (legacy files with English headers and no
            date order given): a date is never guessed silently.
        unit: amounts typed as plain numbers are multiplied by this (a legacy header
            ``예산(만원)`` says 10,000).
    """

    date_order: str = "YMD"
    epoch1904: bool = False
    short_dates_ambiguous: bool = False
    unit: float = 1.0


DEFAULT_OPTIONS = ReadOptions()


def vocabulary_of(col: Column, cfg: Config) -> Vocabulary | None:
    """The list of words a choice or yes/no column takes (Config-driven lists from `cfg`)."""
    if col.choices is None:
        return YES_NO if col.type == "yesno" else None
    if isinstance(col.choices, str):
        return cfg.vocabulary(col.choices)
    return col.choices


def read_text(raw: Any) -> str | None:
    """`parse.parse_text` with a fast path for text cells (most cells).

    Example:
        >>> read_text("  Kim "), read_text(12.0), read_text(" ")
        ('Kim', '12', None)
    """
    if raw.__class__ is str:
        return raw.strip().strip(_ZERO_WIDTH).strip() or None
    return parse.parse_text(raw)


def read_phone(raw: Any) -> str | None:
    """A phone cell as text; a number that lost its leading zero gets it back.

    Numbers typed into a number cell (``1012345678``) or as digits-only text without the
    leading zero (a CSV Excel saved) get the zero back when that makes a valid Korean number,
    written in the national form; anything else is kept as typed.

    Example:
        >>> read_phone("010-1234-5678"), read_phone(212345678), read_phone("1012345678")
        ('010-1234-5678', '02-1234-5678', '010-1234-5678')
    """
    if parse.is_blank(raw):
        return None
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        if not float(raw).is_integer():
            raise ParseError("is not a phone number (write it as text, e.g. 010-1234-5678)")
        digits = str(int(raw))
    elif isinstance(raw, str) and raw.strip().isascii() and raw.strip().isdigit() \
            and not raw.strip().startswith("0") and 8 <= len(raw.strip()) <= 10:
        digits = raw.strip()
    else:
        return read_text(raw)
    if len(digits) == 10 and digits.startswith("10"):  # 010 mobile: the common case, no parse
        return f"010-{digits[2:6]}-{digits[6:]}"
    import phonenumbers  # 13 ms to load: only a phone typed as a number other than 010 needs it

    try:
        number = phonenumbers.parse("0" + digits, "KR")
    except phonenumbers.NumberParseException:
        return digits
    if not phonenumbers.is_valid_number(number):
        return digits
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL))


def _read_amount(raw: Any, unit: float) -> float | None:
    if unit != 1 and not isinstance(raw, bool):
        if isinstance(raw, int | float):
            return float(raw) * unit
        try:
            number = parse.parse_number(raw)
        except ParseError:
            return parse.parse_amount(raw)
        return None if number is None else number * unit
    return parse.parse_amount(raw)


def _choice_reader(col: Column, cfg: Config) -> Callable[[Any], Any]:
    vocab = vocabulary_of(col, cfg)
    assert vocab is not None, f"{col.key} has no list of words"

    def read_choice(raw: Any) -> Any:
        text = parse.parse_text(raw)
        if text is None:
            return None
        key = vocab.resolve(text)
        if key is not None:
            return key
        if vocab.open:
            return text  # a word the team's list lacks: kept as typed (reported elsewhere)
        raise ParseError("is not one of the allowed values ({words})",
                         words=", ".join(vocab.labels(cfg.language)))

    return read_choice


def converter(col: Column, cfg: Config, options: ReadOptions = DEFAULT_OPTIONS
              ) -> Callable[[Any], Any]:
    """A function from one raw cell to the column's canonical value (None for a blank).

    The function raises `ParseError` for a value the column cannot hold.
    """
    t = col.type
    if t in TEXT_TYPES:
        return read_text
    if t == "phone":
        return read_phone
    if t == "amount":
        unit = options.unit
        return lambda raw: _read_amount(raw, unit)
    if t in ("date", "datetime"):
        parse_fn = parse.parse_date if t == "date" else parse.parse_datetime
        order, epoch = options.date_order, options.epoch1904

        def read_date(raw: Any) -> Any:
            if options.short_dates_ambiguous and isinstance(raw, str) \
                    and _SHORT_DATE.match(raw):
                raise ParseError("is ambiguous: year, month and day could be in any order "
                                 "(set --date-order YMD, DMY or MDY)")
            return parse_fn(raw, date_order=order, epoch1904=epoch)

        return read_date
    if t == "number":
        return parse.parse_number
    if t == "int":
        return parse.parse_int
    if t == "percent":
        return parse.parse_percent
    if t == "yesno":
        return parse.parse_yesno
    if t == "choice":
        return _choice_reader(col, cfg)
    raise AssertionError(f"unknown column type {t}")


def read_value(col: Column, raw: Any, cfg: Config, *, date_order: str = "YMD",
               epoch1904: bool = False) -> Any:
    """The canonical value of one cell `raw` of column `col`; None for a blank cell.

    Raises:
        ParseError: the cell cannot mean a value of this column; the message says what fits.
    """
    return converter(col, cfg, ReadOptions(date_order, epoch1904))(raw)


@dataclass
class ColumnValues:
    """A column read: canonical values, and what could not be read (position -> error)."""

    values: list[Any]
    errors: dict[int, ParseError] = field(default_factory=dict)
    unlisted: list[int] = field(default_factory=list)  # open-list words not in the list


def _text(raw: Any) -> Any:
    if raw.__class__ is str:
        return raw.strip().strip(_ZERO_WIDTH).strip() or None
    return parse.parse_text(raw)


def _each_distinct(raws: Sequence[Any], convert: Callable[[Any], Any]
                   ) -> tuple[list[Any], dict[int, ParseError]]:
    """`convert` applied to each distinct raw value once (pandas.factorize hashes the column
    in C), its results spread back over the column; blanks ('' or None) stay None.

    A column where True and 1 (or False and 0) both occur is read cell by cell: they are one
    value to a hash table but not to salesxl.
    """
    arr = raws if isinstance(raws, np.ndarray) else np.asarray(raws, dtype=object)
    if arr.dtype != object:
        arr = arr.astype(object)
    codes, uniques = pd.factorize(arr, use_na_sentinel=True)
    kinds = {u.__class__ for u in uniques}
    if bool in kinds and kinds & {int, float, np.float64, np.int64}:
        return _each_cell(arr, convert)
    results: list[Any] = []
    for u in uniques:
        if u.__class__ is str and u == "":
            results.append(None)
            continue
        try:
            results.append(convert(u))
        except ParseError as exc:
            results.append(exc)
    table = np.empty(len(results) + 1, dtype=object)
    table[:-1] = results
    table[-1] = None  # code -1: None or NaN
    spread = table[codes]
    failed = np.fromiter((r.__class__ is ParseError for r in results), dtype=bool,
                         count=len(results))
    errors: dict[int, ParseError] = {}
    if failed.any():
        bad = np.append(failed, False)[codes]
        errors = {int(i): spread[i] for i in np.flatnonzero(bad)}
        spread[bad] = None
    return spread.tolist(), errors


def _each_cell(raws: Sequence[Any] | np.ndarray, convert: Callable[[Any], Any]
               ) -> tuple[list[Any], dict[int, ParseError]]:
    memo: dict[Any, Any] = {}
    values: list[Any] = [None] * len(raws)
    errors: dict[int, ParseError] = {}
    for i, raw in enumerate(raws):
        if raw is None or (raw.__class__ is str and raw == ""):
            continue
        key = (raw.__class__, raw)  # True == 1 == 1.0 as dict keys: key by type too
        hit = memo.get(key, memo)
        if hit is memo:
            try:
                hit = convert(raw)
            except ParseError as exc:
                hit = exc
            memo[key] = hit
        if hit.__class__ is ParseError:
            errors[i] = hit
        else:
            values[i] = hit
    return values, errors


def read_column(col: Column, raws: Sequence[Any], cfg: Config,
                options: ReadOptions = DEFAULT_OPTIONS) -> ColumnValues:
    """Canonical values of a whole column; each distinct raw value is parsed once.

    Unreadable cells become None and an entry in `errors` (by position in `raws`).

    Example:
        >>> from salesxl.core.schema import LEADS
        >>> out = read_column(LEADS.column("budget_amount"), ["500만원", "abc", None], Config.default())
        >>> out.values, sorted(out.errors)
        ([5000000.0, None, None], [1])
    """
    if col.type in TEXT_TYPES:
        convert: Callable[[Any], Any] = _text
    else:
        convert = converter(col, cfg, options)
    values, errors = _each_distinct(raws, convert)
    out = ColumnValues(values, errors)
    vocab = vocabulary_of(col, cfg) if col.type == "choice" else None
    if vocab is not None and vocab.open:
        known = set(vocab.keys)
        out.unlisted = [i for i, v in enumerate(values) if v is not None and v not in known]
    return out


def cell_value(col: Column, value: Any, cfg: Config, lang: str) -> Any:
    """What to write into a cell for the canonical `value` (labels in `lang`)."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if col.type == "yesno":
        if isinstance(value, str):
            value = parse.parse_yesno(value)
        return YES_NO.label("yes" if value else "no", lang)
    if col.type == "choice" and isinstance(value, str):
        vocab = vocabulary_of(col, cfg)
        return vocab.label(value, lang) if vocab is not None else value
    if col.type == "int" and isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dt.datetime) and col.type == "date":
        return value.date()
    return value
