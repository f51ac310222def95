"""Between cells and canonical values, per column type.

`read_value` turns what a reader found in a cell into the canonical value of a column (a date,
an amount, a choice key...) or raises `ParseError`; `cell_value` turns a canonical value into
what is written into a cell in the workbook's language (choice keys become labels).

Example:
    >>> from salesxl.core.config import Config
    >>> from salesxl.core.schema import LEADS
    >>> cfg = Config.default()
    >>> read_value(LEADS.column("stage"), "계약완료", cfg), cell_value(LEADS.column("stage"), "won", cfg, "en")
    ('won', 'Won')
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from salesxl.core import parse
from salesxl.core.config import Config
from salesxl.core.parse import ParseError
from salesxl.core.schema import YES_NO, Choice, Column, choice_index, normalize_header


@lru_cache(maxsize=64)
def _index(choices: tuple[Choice, ...]) -> dict[str, str]:
    return choice_index(choices)


def _choice_words(col: Column, cfg: Config) -> str:
    if col.choices == "stages":
        return ", ".join(s.key for s in cfg.stages)
    assert isinstance(col.choices, tuple)
    return ", ".join(c.key for c in col.choices)


def read_value(col: Column, raw: Any, cfg: Config, *, date_order: str = "YMD",
               epoch1904: bool = False) -> Any:
    """The canonical value of `raw` for column `col`; None for a blank cell.

    Raises:
        ParseError: the cell cannot mean a value of this column; the message says what fits.
    """
    if parse.is_blank(raw):
        return None
    t = col.type
    if t in ("text", "longtext", "id"):
        return parse.parse_text(raw)
    if t == "email":
        return parse.parse_text(raw)
    if t == "phone":
        return parse.parse_text(raw)
    if t == "date":
        return parse.parse_date(raw, date_order=date_order, epoch1904=epoch1904)
    if t == "datetime":
        return parse.parse_datetime(raw, date_order=date_order, epoch1904=epoch1904)
    if t == "amount":
        return parse.parse_amount(raw)
    if t == "number":
        return parse.parse_number(raw)
    if t == "int":
        return parse.parse_int(raw)
    if t == "percent":
        return parse.parse_percent(raw)
    if t == "yesno":
        return parse.parse_yesno(raw)
    if t == "choice":
        text = parse.parse_text(raw) or ""
        if col.choices == "stages":
            key = cfg.resolve_stage(text)
        else:
            assert isinstance(col.choices, tuple)
            key = _index(col.choices).get(normalize_header(text))
        if key is None:
            raise ParseError(f"is not one of the allowed values ({_choice_words(col, cfg)})")
        return key
    raise AssertionError(f"unknown column type {t}")


def cell_value(col: Column, value: Any, cfg: Config, lang: str) -> Any:
    """What to write into a cell for the canonical `value` (labels in `lang`)."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if col.type == "yesno":
        if isinstance(value, str):
            value = parse.parse_yesno(value)
        return YES_NO[0 if value else 1].label(lang)
    if col.type == "choice" and isinstance(value, str):
        if col.choices == "stages":
            try:
                return cfg.stage(value).label(lang)
            except KeyError:
                return value
        assert isinstance(col.choices, tuple)
        for ch in col.choices:
            if ch.key == value:
                return ch.label(lang)
        return value
    if col.type == "int" and isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dt.datetime) and col.type == "date":
        return value.date()
    return value
