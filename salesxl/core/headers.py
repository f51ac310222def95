"""Where a table's header row is, and when a sheet is a lead list: one rule for every reader.

The team-workbook reader (`salesxl.io.read`: export, validate, followups, ...), the Excel
buttons (`salesxl.xl.grid`) and `salesxl convert` (`salesxl.commands.convert.locate`) all
find a header row and decide whether a sheet is a lead list with what is declared here; only
how one header cell is matched differs (the team reader matches labels and synonyms exactly,
convert also fuzzily, with a mapping file).

* **Rows searched**: the first `HEADER_SCAN_ROWS` rows; a title block (rows with at most one
  filled cell: a title, a date, a note) does not count towards them, so a header under a
  title block of any length is still found.
* **Score of a row**: the number of distinct known columns its cells name (for convert: named
  with confidence >= 90; ties go to the row naming more columns at all, then the earlier row).
* **A lead list** holds `LEAD_LIST_MIN_COLUMNS` known columns, one of them identifying
  (`IDENTIFYING`: company, contact, e-mail, phone or lead ID) and one beyond a name, a date, an
  amount and notes (`GENERIC`: an expense report has those too). A sheet named as the Leads
  sheet (``Leads``, ``리드``...) needs only an identifying column: its name already says
  what it is. Two synonyms matching by chance (``Status`` and ``Notes``) never make an
  unrelated sheet a lead list.

Example:
    >>> grid = [["2026 영업 현황"], [], ["작성: 김철수"], ["회사명", "담당자", "연락처", "금액"]]
    >>> list(scan_rows(grid))
    [0, 1, 2, 3]
    >>> lead_list_lacks({"company", "contact_name", "phone"}) is None
    True
    >>> print(lead_list_lacks({"notes", "status"}).text("en"))
    an identifying column (company, contact, e-mail, phone or lead ID) and 3 known columns in all
    >>> print(lead_list_lacks({"company", "phone"}).text("ko"))
    리드를 구별하는 열(고객사명, 고객 담당자명, 이메일, 전화번호, 리드 ID 중 하나)과 아는 열 모두 3개 이상
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from salesxl.core.messages import Msg

HEADER_SCAN_ROWS = 200
"""Rows searched for a header (after any title block)."""
LEAD_LIST_MIN_COLUMNS = 3
"""Known columns a sheet needs to count as a lead list when its name does not say so."""
IDENTIFYING = ("company", "contact_name", "email", "phone", "lead_id")
"""Columns that tell one lead from another; a lead list has at least one."""
GENERIC = frozenset({"contact_name", "created_on", "deal_amount", "notes", "last_contact_on"})
"""Columns any list of people, dates and amounts has (an expense report: Name, Date, Amount):
a lead list also has one column beyond these."""


def _filled(row: Sequence[Any]) -> int:
    n = 0
    for v in row:
        if v is None or (v.__class__ is str and (not v or v.isspace())):
            continue
        n += 1
        if n > 1:
            break
    return n


def title_rows(grid: Sequence[Sequence[Any]]) -> int:
    """How many rows the title block at the top holds (rows with at most one filled cell)."""
    title = 0
    while title < len(grid) and _filled(grid[title]) <= 1:
        title += 1
    return title


def scan_rows(grid: Sequence[Sequence[Any]]) -> Iterator[int]:
    """The row indexes a header is looked for in: the title block (rows with at most one
    filled cell) at the top, then `HEADER_SCAN_ROWS` rows."""
    yield from range(min(len(grid), title_rows(grid) + HEADER_SCAN_ROWS))


def best_header_row(grid: Sequence[Sequence[Any]],
                    score: Callable[[Sequence[Any]], tuple[int, ...]]
                    ) -> tuple[int, tuple[int, ...]] | None:
    """The scanned row with the highest score (the earliest on a tie), or None when no row
    scores above zero."""
    best: tuple[int, tuple[int, ...]] | None = None
    for r in scan_rows(grid):
        s = score(grid[r])
        if s and s[0] > 0 and (best is None or s > best[1]):
            best = (r, s)
    return best


def lead_list_lacks(keys: Iterable[str], *, named: bool = False) -> Msg | None:
    """What a header row's known columns lack to make a lead list (None: it is one).

    Args:
        keys: the known columns the header names.
        named: the sheet is named as the Leads sheet (then an identifying column is enough).
    """
    found = set(keys)
    need = 1 if named else LEAD_LIST_MIN_COLUMNS
    if found & set(IDENTIFYING) and len(found) >= need and (named or found - GENERIC):
        return None
    if named:
        return Msg("an identifying column (company, contact, e-mail, phone or lead ID)")
    if found & set(IDENTIFYING) and len(found) >= need:
        return Msg("a column beyond a name, a date, an amount and notes (company, e-mail, "
                   "phone, stage or source)")
    return Msg("an identifying column (company, contact, e-mail, phone or lead ID) and "
               "{n} known columns in all", {"n": LEAD_LIST_MIN_COLUMNS})
