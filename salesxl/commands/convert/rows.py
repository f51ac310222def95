"""From a located sheet to lead rows, Extra cells and Rejected rows: nothing is dropped.

Every data row of a :class:`~salesxl.commands.convert.locate.Layout` ends up in exactly one place:

* a **lead** — a dict of canonical values (the same values ``salesxl.core.values.read_value``
  gives for a team workbook), when every mapped cell converts and the row has an identifying
  value (company, contact, e-mail, phone or lead ID);
* a **Rejected** row — file, sheet, row, the reason (each bad cell with its A1 address, its
  value and the rule; or "no identifying value"; or "a note line" for a lone ``※ ...`` /
  ``* ...`` / ``Note: ...`` cell), in the output's language, and all the row's non-blank
  cells as ``header: value`` pairs, otherwise.

So rows in = leads + rejected, always. Cells of unmapped columns of a lead go to the
**Extra** rows: lead ID, file, sheet, row, header, value — never dropped.

Value decisions:

* **Dates**: every form ``salesxl.core.parse.parse_date`` reads, date cells, Excel serials in the
  file's date system (1900 or 1904). All-numeric dates follow the date order: ``--date-order``
  when given, else year first (the Korean habit: ``03/04/05`` is 2003-04-05). In a file with
  English headers and no ``--date-order``, ``03/04/05`` is **rejected as ambiguous**, and so is
  ``05/03/2026`` anywhere without a day above 12: a date is never guessed silently.
* **Amounts**: ``500만원``, ``1.2억``, ``₩5,000,000``, ``5M``...; plain numbers under a header
  with a unit note (``예산(만원)``) are multiplied by it. An amount typed with a currency
  (``$1,200``) also fills ``budget_currency`` for the budget when no currency column says
  otherwise.
* **Stages and outcomes**: through the Config's stage labels and synonyms (``상담중``,
  ``계약완료``, ``보류``, ``실패``, ``Closed Won``); an unknown word rejects the row with the
  list of stages (add it as a synonym in the Config sheet to accept it). A won/lost/on-hold
  stage fills an empty outcome and an outcome fills an empty stage.
* **Phones** stay text as typed (``+82 10-1234-5678`` stays so). A phone that lost its
  leading zero — a number cell ``1012345678`` from an ``.xls``, or digits-only text from a
  CSV Excel saved — gets the zero back when that makes a valid Korean number, written in the
  national form ``010-1234-5678``; otherwise its digits are kept as they are.
* **IDs** stay text (``12.0`` becomes ``12``; text ``00123`` keeps its zeros). A lead-ID column
  holding only 1, 2, 3... is a row counter, not an ID: it goes to Extra and IDs are generated.
* **Generated lead IDs** are ``L-`` + 12 hex digits of a hash of the file name, sheet, row and
  the company and contact: a re-run gives the same IDs; a row moved by an inserted row gets a
  new one instead of another lead's (re-import then matches it by e-mail or phone).
* **Formula-looking text** (``=1+2``, ``@SUM(...)``) stays text; the writers store it with
  Excel's quote prefix so it never becomes a live formula.

Example:
    >>> from salesxl.core.config import Config
    >>> from salesxl.core.values import read_column
    >>> rules = ValueRules(Config.default())
    >>> read_column(LEADS.column("budget_amount"), [500], rules.cfg, options(rules, 1e4)).values
    [5000000.0]
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from salesxl.commands.convert.locate import IDENTIFYING, Layout
from salesxl.commands.convert.mapping import Match
from salesxl.core import parse
from salesxl.core.cells import col_letter, to_a1
from salesxl.core.config import Config
from salesxl.core.messages import Msg, tr
from salesxl.core.parse import ParseError
from salesxl.core.schema import LEADS
from salesxl.core.values import ColumnValues, ReadOptions, read_column

EXTRA_HEADERS = {"en": ["Lead ID", "File", "Sheet", "Row", "Header", "Value"],
                 "ko": ["리드 번호", "원본 파일", "시트", "행", "열 제목", "값"]}
REJECTED_HEADERS = {"en": ["File", "Sheet", "Row", "Reason", "Values"],
                    "ko": ["원본 파일", "시트", "행", "사유", "원래 값"]}
OUTCOME_KEYS = ("won", "upgraded", "on_hold", "lost")
NO_IDENTITY = ("no company, contact, e-mail, phone or lead ID: not a lead (a note, a sub-total "
               "or a half-filled row?)")


NOTE_LINE = "a note line below or inside the list (※, *, Note:), not a lead"
_NOTE_START = re.compile(r"^\s*(?:※|\*|주\s*[:)]|참고\s*[:)]|note\s*:|notes\s*:|n\.b\.)",
                         re.IGNORECASE)


def is_note(value: Any) -> bool:
    """Text that reads as a note under a table: ``※ 단위: 원``, ``* VAT 별도``, ``Note: ...``.

    Example:
        >>> is_note("※ 단위: 원"), is_note("Note: amounts in KRW"), is_note("ACME")
        (True, True, False)
    """
    return isinstance(value, str) and bool(_NOTE_START.match(value))


@dataclass(frozen=True)
class ValueRules:
    """How the values of one sheet are read.

    Attributes:
        cfg: the Config whose stages (labels and synonyms) stage words are matched against.
        date_order: ``YMD``, ``DMY`` or ``MDY`` for all-numeric dates.
        epoch1904: serial numbers count from 1904 (old Mac workbooks).
        short_dates_ambiguous: reject ``03/04/05`` (no ``--date-order`` and English headers).
    """

    cfg: Config
    date_order: str = "YMD"
    epoch1904: bool = False
    short_dates_ambiguous: bool = False
    lang: str = "en"  # language of the Rejected reasons


@dataclass
class Converted:
    """What one sheet became."""

    leads: list[dict[str, Any]] = field(default_factory=list)
    extras: list[list[Any]] = field(default_factory=list)
    rejected: list[list[Any]] = field(default_factory=list)
    rows_in: int = 0
    warnings: list[Msg] = field(default_factory=list)
    matches: dict[int, Match] = field(default_factory=dict)  # as finally used


def options(rules: ValueRules, unit: float = 1.0) -> ReadOptions:
    """The `salesxl.core.values` read options of one sheet's column."""
    return ReadOptions(rules.date_order, rules.epoch1904, rules.short_dates_ambiguous, unit)


def legacy_lead_id(file: str, sheet: str, row: int, company: Any, contact: Any) -> str:
    """The ID of a legacy row without one: stable across runs, unique per row and lead.

    Example:
        >>> a = legacy_lead_id("2019.csv", "2019", 5, "ACME", "Kim")
        >>> a == legacy_lead_id("2019.csv", "2019", 5, "acme ", "KIM"), len(a)
        (True, 14)
    """
    identity = _fold(company) + "|" + _fold(contact)
    text = "\x1f".join((_file_name(file), sheet, str(row), identity))
    # surrogateescape: a file (or CSV sheet) name that is not UTF-8 hashes by its own bytes
    return "L-" + hashlib.blake2b(text.encode("utf-8", "surrogateescape"),
                                  digest_size=6).hexdigest()


@lru_cache(maxsize=64)
def _file_name(file: str) -> str:
    """The file name alone: moving a folder keeps the IDs."""
    return file.replace("\\", "/").rsplit("/", 1)[-1]


def _fold(value: Any) -> str:
    if not value:
        return ""
    return _fold_text(value if value.__class__ is str else str(value))


@lru_cache(maxsize=16384)  # contact names repeat over a sheet's rows
def _fold_text(text: str) -> str:
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    return text.casefold().replace(" ", "")


@lru_cache(maxsize=4096)
def _currency(text: str) -> str | None:
    try:
        return parse.parse_currency(text)
    except ParseError:
        return None


def _row_counter(values: list[Any]) -> bool:
    """True when the non-blank values are 1, 2, 3... (a row counter, not IDs)."""
    numbers = []
    for v in values:
        if parse.is_blank(v):
            continue
        try:
            n = float(v)
        except (TypeError, ValueError):
            return False
        if not n.is_integer():
            return False
        numbers.append(int(n))
    return len(numbers) >= 2 and numbers[0] == 1 and all(
        b - a == 1 for a, b in itertools.pairwise(numbers))


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def convert_sheet(layout: Layout, rules: ValueRules, *, file: str, sheet: str) -> Converted:
    """Convert the data rows of a located sheet.

    Args:
        layout: where the header and the data rows are, and what each column means.
        rules: how values are read.
        file: the file's display name (recorded in Extra and Rejected rows, hashed into IDs).
        sheet: the sheet name.
    """
    out = Converted()
    grid, matches = layout.grid, dict(layout.matches)
    keys = layout.keys
    if "lead_id" in keys:
        c = keys["lead_id"]
        if _row_counter([grid[r][c] if c < len(grid[r]) else "" for r in layout.data_rows]):
            m = matches[c]
            matches[c] = Match(m.header, None, m.confidence, "row numbers", (("lead_id", 100),))
            del keys["lead_id"]
            out.warnings.append(Msg("{sheet}: column {header!r} holds row numbers 1, 2, 3..., "
                                    "not lead IDs: kept in Extra, IDs generated",
                                    {"sheet": sheet, "header": m.header}))
    out.matches = matches
    width = max((len(row) for row in grid), default=0)
    headers = {c: matches[c].header if c in matches
               else tr("(column {letter})", rules.lang, letter=col_letter(c))
               for c in range(width)}
    unmapped = [c for c in range(width) if c not in keys.values()]
    # the one raw -> canonical path, a column at a time (each distinct value read once)
    rows = layout.data_rows
    data = [grid[r] for r in rows]
    wide = all(len(row) > max(keys.values(), default=0) for row in data)
    read: list[tuple[str, int, list[Any], ColumnValues]] = []
    for k, c in keys.items():
        raws = ([row[c] for row in data] if wide  # (a ragged sparse sheet's rows end early)
                else [row[c] if c < len(row) else "" for row in data])
        read.append((k, c, raws, read_column(LEADS.column(k), raws, rules.cfg,
                                             options(rules, matches[c].unit))))
    names = [k for k, _c, _raws, _got in read]
    failed: set[int] = set().union(*(got.errors for _k, _c, _raws, got in read))
    out.rows_in = len(rows)
    # row by row over the read columns side by side (a cell that failed is None)
    for i, (r, *cells_read) in enumerate(zip(rows, *(got.values for *_, got in read),
                                             strict=True)):
        row = grid[r]
        values: dict[str, Any] = {k: v for k, v in zip(names, cells_read, strict=True)
                                  if v is not None}
        reason = ""
        if i in failed:
            reason = "; ".join(f"{to_a1(r, c)} {headers[c]}: {raws[i]!r} "
                               f"{got.errors[i].text(rules.lang)}"
                               for _k, c, raws, got in read if i in got.errors)
        if not reason and len(values) <= 1 and _note_line(row):
            reason = tr(NOTE_LINE, rules.lang)
        if not reason and not any(map(values.get, IDENTIFYING)):
            reason = tr(NO_IDENTITY, rules.lang)
        if reason:
            cells = {headers[c]: _plain(v) for c, v in enumerate(row) if not parse.is_blank(v)}
            out.rejected.append([file, sheet, r + 1, reason,
                                 " · ".join(f"{h}: {v}" for h, v in cells.items())])
            continue
        _complete(values, row, keys, rules.cfg)
        if "lead_id" not in values:
            values["lead_id"] = legacy_lead_id(file, sheet, r + 1, values.get("company"),
                                               values.get("contact_name"))
        out.leads.append(values)
        for c in unmapped:  # ascending; a sparse sheet's rows may end early
            if c >= len(row):
                break
            v = row[c]
            if v == "" or v is None or (v.__class__ is str and not v.strip()) or v != v:
                continue  # blank (v != v: NaN)
            out.extras.append([values["lead_id"], file, sheet, r + 1, headers[c], v])
    return out


def _note_line(row: list[Any]) -> bool:
    cells = [v for v in row if not parse.is_blank(v)]
    return len(cells) == 1 and is_note(cells[0])


def _complete(values: dict[str, Any], row: list[Any], keys: dict[str, int], cfg: Config) -> None:
    """Fill what the row implies: outcome from a final stage and back, budget currency."""
    stage, outcome = values.get("stage"), values.get("outcome")
    if stage is None and outcome is not None and outcome in cfg.stage_keys:
        values["stage"] = outcome
    elif outcome is None and stage in OUTCOME_KEYS:
        values["outcome"] = stage
    if "budget_amount" in values and "budget_currency" not in values:
        raw = row[keys["budget_amount"]]
        if raw.__class__ is not str:
            return  # a number cell names no currency
        currency = _currency(raw)
        if currency:
            values["budget_currency"] = currency
