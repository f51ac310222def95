"""Finding the lead list on a legacy sheet: its header row(s), its data rows, what to skip.

* **Merged cells** are filled with their top-left value first (where the format reports
  them: xlsx, xlsm, xls), in the header and in the data: a company merged over three
  contact rows belongs to all three.
* **The header row** is the row among those `salesxl.core.headers.scan_rows` searches (a
  title block of any length, then ``HEADER_SCAN_ROWS`` rows) whose cells map to the most Leads
  columns with confidence >= 90 (then the most mapped columns; then the earliest row), so
  title rows, notes and blank rows above the table are passed over.
* **Two-row headers**: each candidate row is also tried with the row above as an upper
  header (``연락처`` over ``전화`` / ``이메일``; ``예산`` over ``금액`` / ``확정``). The upper
  row's blank cells are filled from the left (the way a merged or centred group label
  spans its columns). Per column the combined text (``예산 금액``) wins when it is a label,
  then the lower cell, then the upper cell for a column whose lower cell is blank. The
  two-row reading is kept only when it maps more columns than the single row.
* **A lead list** is what `salesxl.core.headers.lead_list_lacks` says (the rule every reader
  uses): ``LEAD_LIST_MIN_COLUMNS`` mapped columns, one of them identifying (company, contact,
  e-mail, phone or lead ID) — only the identifying column when the sheet is named as a Leads
  sheet — and one of them mapped with confidence >= 90. Sheets named like
  another table of a team workbook (Activities, Config, Playbook...), like the report sheets
  of a consolidated workbook (Duplicates...) or like the Extra and Rejected sheets salesxl
  writes are not lead lists.
* **Rows** below the header: blank rows are skipped and counted; **totals rows** (a cell
  such as ``합계``, ``소계``, ``Total``, ``Grand total``, ``평균`` and nothing but numbers
  besides) are skipped and counted; a repeat of the header row (lists pasted together) is
  skipped and counted. Every other row is a data row: it becomes a lead or a Rejected row.

Example:
    >>> from salesxl.commands.convert.mapping import Mapper
    >>> from salesxl.io.legacy.sources import RawSheet
    >>> grid = [["2020 Sales"], [], ["Co.", "Tel", "Amt"], ["ACME", "010-1234-5678", 5e6],
    ...         ["Total", "", 5e6]]
    >>> lay = locate(RawSheet("2020", grid), Mapper())
    >>> lay.header_row, lay.data_rows, lay.totals_rows, lay.keys
    (2, [3], [4], {'company': 0, 'phone': 1, 'deal_amount': 2})
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from salesxl.commands.convert.mapping import HIGH, Mapper, Match
from salesxl.core import schema
from salesxl.core.headers import HEADER_SCAN_ROWS, IDENTIFYING, lead_list_lacks, scan_rows
from salesxl.core.messages import Joined, Msg, Pair
from salesxl.core.parse import ParseError, is_blank, parse_amount
from salesxl.core.schema import (
    CONFIG_SHEET,
    LEADS,
    PLAYBOOK_SHEET,
    SUMMARY_SHEET,
    find_table,
    normalize_header,
)
from salesxl.io.legacy.sources import Merged, RawSheet

EXTRA_SHEET = "Extra"
REJECTED_SHEET = "Rejected"
# the names a converted workbook gives them, in its language
EXTRA_SHEETS = {"en": EXTRA_SHEET, "ko": "추가 항목"}
REJECTED_SHEETS = {"en": REJECTED_SHEET, "ko": "변환 제외"}
_REPORT_SHEETS = [getattr(schema, n) for n in ("SOURCES_SHEET", "DUPLICATES_SHEET", "STALE_SHEET",
                                                 "CONFLICTS_SHEET") if hasattr(schema, n)]
_NOT_LEAD_SHEETS = {
    normalize_header(n): (en, ko)
    for en, ko, syn in (CONFIG_SHEET, PLAYBOOK_SHEET, SUMMARY_SHEET, *_REPORT_SHEETS,
                        (EXTRA_SHEET, "추가 항목", ()), (REJECTED_SHEET, "변환 제외", ()))
    for n in (en, ko, *syn)
}
EMPTY_SHEET = "the sheet is empty"
PAD_BUDGET = 4_000_000
"""Cells up to which a ragged grid is padded to a rectangle (beyond: left ragged)."""
_TOTALS_FIRST = frozenset("총합계소누평gstaGSTA")
_TOTALS = re.compile(r"(?:총|grand|sub)?(?:합계|총계|소계|누계|총합|합|계|total|totals|sum|"
                     r"평균|average|avg)(?:\d+건?)?")


@dataclass
class Layout:
    """Where the lead list of a sheet is.

    Attributes:
        header_row: zero-based row of the (lower) header row.
        header_rows: 1, or 2 for a two-row header.
        matches: column -> how its header was matched (every column with a header).
        data_rows: zero-based rows holding leads (or rows to reject).
        totals_rows: rows recognised as totals and skipped.
        repeated_headers: rows repeating the header and skipped.
        blank_rows: how many blank rows were skipped below the header.
        grid: the sheet's cells with merged ranges filled.
    """

    header_row: int
    header_rows: int
    matches: dict[int, Match]
    data_rows: list[int] = field(default_factory=list)
    totals_rows: list[int] = field(default_factory=list)
    repeated_headers: list[int] = field(default_factory=list)
    blank_rows: int = 0
    grid: list[list[Any]] = field(default_factory=list, repr=False)

    @property
    def keys(self) -> dict[str, int]:
        """Column key -> zero-based column, for the mapped columns."""
        return {m.key: c for c, m in self.matches.items() if m.key is not None}


def fill_merged(grid: list[list[Any]], merged: list[Merged] | None) -> list[list[Any]]:
    """The grid with every row as wide as the widest and merged areas filled (a copy when
    anything had to change).

    Example:
        >>> fill_merged([["A", ""], ["", "x"]], [(0, 0, 1, 0)])
        [['A', ''], ['A', 'x']]
    """
    width = max((len(r) for r in grid), default=0)
    if not merged and all(len(r) == width for r in grid):
        return grid  # nothing to fill (calamine's grids are rectangular): no copy
    if width * len(grid) > PAD_BUDGET:
        # a sparse sheet (one far cell): rows stay as long as their cells, never padded to
        # the far cell's width; readers of the grid take a missing cell as blank
        out = [list(r) for r in grid]
    else:
        out = [list(r) + [""] * (width - len(r)) for r in grid]
    for r1, c1, r2, c2 in merged or ():
        if r1 >= len(out) or c1 >= width or c1 >= len(out[r1]):
            continue
        value = out[r1][c1]
        for r in range(r1, min(r2, len(out) - 1) + 1):
            row = out[r]
            last = min(c2, width - 1)
            if len(row) <= last:
                row.extend([""] * (last + 1 - len(row)))
            for c in range(c1, last + 1):
                if is_blank(row[c]):
                    row[c] = value
    return out


def _texts(row: list[Any]) -> dict[int, str]:
    return {c: v.strip() for c, v in enumerate(row)
            if isinstance(v, str) and v.strip() and len(v) <= 200}


def _candidates(grid: list[list[Any]], r: int, two_rows: bool) -> dict[int, tuple[str, ...]]:
    lower = _texts(grid[r])
    if not two_rows:
        return {c: (t,) for c, t in lower.items()}
    upper: dict[int, str] = {}
    last = max(lower, default=-1)
    label = ""
    for c, v in enumerate(grid[r - 1][: last + 1]):
        if isinstance(v, str) and v.strip():
            label = v.strip()
        elif not is_blank(v):
            label = ""
        if label:
            upper[c] = label
    out: dict[int, tuple[str, ...]] = {}
    for c in sorted(set(lower) | set(upper)):
        lo, up = lower.get(c, ""), upper.get(c, "")
        texts: list[str] = []
        if lo and up and lo != up:
            texts.append(f"{up} {lo}")
        if lo:
            texts.append(lo)
        if up and (not lo or lo == up):
            texts.append(up)
        out[c] = tuple(texts)
    return out


def _score(matches: dict[int, Match]) -> tuple[int, int]:
    keys = {m.key for m in matches.values() if m.key is not None}
    sure = {m.key for m in matches.values() if m.key is not None and m.confidence >= HIGH}
    return len(sure), len(keys)


def _header_like(row: list[Any]) -> bool:
    cells = [v for v in row if not is_blank(v)]
    return bool(cells) and all(isinstance(v, str) for v in cells)


def find_header(grid: list[list[Any]], mapper: Mapper
                ) -> tuple[int, int, dict[int, Match]] | None:
    """The best header row: (row, 1 or 2 header rows, matches), or None when no row maps.

    Rows without a single label match are passed over unless no row has one (then every row
    is tried with fuzzy matching), and so are rows that could not score above the best row so
    far even if every cell matched (`Mapper.best_possible`), which keeps this cheap on big
    sheets.
    """
    rows = list(scan_rows(grid))
    exact = {r: sum(mapper.exact(t) is not None for t in _texts(grid[r]).values()) for r in rows}
    tried = [r for r in rows if exact[r] or exact.get(r - 1)] or list(rows)
    best: tuple[tuple[int, int], int, int, dict[int, Match]] | None = None
    for r in tried:
        variants = [False] + ([True] if r > 0 and _header_like(grid[r - 1]) else [])
        for two in variants:
            columns = _candidates(grid, r, two)
            if best is not None and mapper.best_possible(columns) <= best[0]:
                continue  # (a data row: it cannot beat the best row so far, ties go earlier)
            matches = mapper.assign(columns)
            score = _score(matches)
            if score[0] == 0:
                continue
            if best is None or score > best[0]:
                best = (score, r, 2 if two else 1, matches)
    if best is None:
        return None
    return best[1], best[2], best[3]


def _totals_word(v: Any) -> bool:
    if not isinstance(v, str) or len(v) > 24:
        return False
    first = v[:1]
    if first not in _TOTALS_FIRST and first.isalnum() and unicodedata.normalize(
            "NFKC", first) == first:
        return False
    return bool(_TOTALS.fullmatch(normalize_header(v)))


def is_totals_row(row: list[Any]) -> bool:
    """A totals row: one cell says total (합계, 소계, Total...), every other is a number.

    Example:
        >>> is_totals_row(["합계", "", 1500000.0, "3,000만원"]), is_totals_row(["Total Co.", "Kim"])
        (True, False)
    """
    if not any(_totals_word(v) for v in row):
        return False  # fast: most rows have no short cell starting like a totals word
    label = False
    for v in row:
        if is_blank(v):
            continue
        if isinstance(v, (bool, dt.date)):
            return False
        if isinstance(v, (int, float)):
            continue
        text = str(v)
        if not label and _TOTALS.fullmatch(normalize_header(text)):
            label = True
            continue
        try:
            parse_amount(text)
        except ParseError:
            return False
    return label


def not_a_lead_list_reason(name: str) -> Msg | None:
    """Why a sheet is not a lead list by its name alone (another team-workbook sheet), or None.

    Example:
        >>> str(not_a_lead_list_reason("활동")), not_a_lead_list_reason("2019 고객")
        ('it is the Activities sheet of a team workbook', None)
    """
    table = find_table(name)
    if table is not None and table.key != "leads":
        return Msg("it is the {sheet} sheet of a team workbook",
                   {"sheet": Pair(table.en, table.ko)})
    other = _NOT_LEAD_SHEETS.get(normalize_header(name))
    if other is not None:
        return Msg("it is the {sheet} sheet of a team workbook", {"sheet": Pair(*other)})
    return None


def locate(sheet: RawSheet, mapper: Mapper) -> Layout | Msg:
    """Find the lead list of a sheet; a message says why the sheet is not one.

    Example:
        >>> from salesxl.commands.convert.mapping import Mapper
        >>> str(locate(RawSheet("Notes", [["just a note"]]), Mapper()))[:45]
        'no header row with an identifying column (com'
    """
    reason = not_a_lead_list_reason(sheet.name)
    if reason:
        return reason
    grid = fill_merged(sheet.grid, sheet.merged)
    if not any(not is_blank(v) for row in grid for v in row):
        return Msg(EMPTY_SHEET)
    found = find_header(grid, mapper)
    named = (t := find_table(sheet.name)) is not None and t.key == "leads"
    if found is None:
        need = lead_list_lacks((), named=named)
        return Msg("no header row with {need} in the first {n} rows (after any title block)",
                   {"need": need or Msg("known columns"), "n": HEADER_SCAN_ROWS})
    r, n, matches = found
    keys = {m.key for m in matches.values() if m.key is not None}
    lacks = lead_list_lacks(keys, named=named)
    if lacks is not None:
        return Msg("the best header row, row {row} ({columns}), lacks {lacks}",
                   {"row": r + 1, "lacks": lacks,
                    "columns": Joined([Pair(k, LEADS.column(k).ko if LEADS.has(k) else k)
                                        for k in sorted(keys)])})
    lay = Layout(r, n, matches, grid=grid)
    header_cells = {c: str(grid[r][c]).strip() for c in matches
                    if isinstance(grid[r][c], str) and grid[r][c].strip()}
    ids = [c for c, m in matches.items() if m.key in IDENTIFYING]
    first = list(header_cells.items())[:2]
    for i in range(r + 1, len(grid)):
        row = grid[i]
        if all(v == "" or v is None or is_blank(v) for v in row):
            lay.blank_rows += 1
        elif sum(1 for c in ids if c < len(row) and row[c] != "") <= 1 and is_totals_row(row):
            # (a totals row holds at most its label among the identifying columns)
            lay.totals_rows.append(i)
        elif any(c < len(row) and (row[c] == t or (row[c].__class__ is str
                                                    and row[c].strip() == t))
                 for c, t in first) and _repeats_header(row, header_cells):
            lay.repeated_headers.append(i)
        else:
            lay.data_rows.append(i)
    return lay


def _repeats_header(row: list[Any], header_cells: dict[int, str]) -> bool:
    need = max(2, (len(header_cells) + 1) // 2)  # two cells at least: one is chance
    misses_left = len(header_cells) - need
    for c, text in header_cells.items():
        v = row[c] if c < len(row) else ""
        if isinstance(v, str) and v.strip() == text:
            need -= 1
            if need <= 0:
                return True
        else:
            misses_left -= 1
            if misses_left < 0:
                return False
    return need <= 0
