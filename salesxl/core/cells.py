"""Cell addresses, one way: zero-based (row, col) inside the code, A1 for users.

Example:
    >>> to_a1(0, 0), to_a1(16, 5), col_letter(27), parse_a1("AB12")
    ('A1', 'F17', 'AB', (11, 27))
"""

from __future__ import annotations

import re

MAX_ROWS = 1_048_576
MAX_COLS = 16_384

_A1 = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")


def col_letter(col: int) -> str:
    """Zero-based column index to Excel letters (0 -> 'A', 26 -> 'AA')."""
    if not 0 <= col < MAX_COLS:
        raise ValueError(f"column index {col} is outside Excel's 0..{MAX_COLS - 1}")
    letters = ""
    n = col + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def col_index(letters: str) -> int:
    """Excel column letters to a zero-based index ('A' -> 0, 'AA' -> 26)."""
    n = 0
    for ch in letters.upper():
        if not "A" <= ch <= "Z":
            raise ValueError(f"{letters!r} is not a column name")
        n = n * 26 + (ord(ch) - 64)
    if not 1 <= n <= MAX_COLS:
        raise ValueError(f"{letters!r} is outside Excel's columns A..XFD")
    return n - 1


def to_a1(row: int, col: int, absolute: bool = False) -> str:
    """Zero-based (row, col) to an A1 reference; `absolute` gives $A$1."""
    if not 0 <= row < MAX_ROWS:
        raise ValueError(f"row index {row} is outside Excel's 0..{MAX_ROWS - 1}")
    d = "$" if absolute else ""
    return f"{d}{col_letter(col)}{d}{row + 1}"


def parse_a1(ref: str) -> tuple[int, int]:
    """An A1 reference ('B3', '$B$3') to zero-based (row, col)."""
    m = _A1.match(ref.strip())
    if not m:
        raise ValueError(f"{ref!r} is not an A1 cell reference")
    row = int(m.group(2)) - 1
    if not 0 <= row < MAX_ROWS:
        raise ValueError(f"{ref!r} is outside Excel's rows 1..{MAX_ROWS}")
    return row, col_index(m.group(1))


def range_a1(first_row: int, first_col: int, last_row: int, last_col: int) -> str:
    """Zero-based corners to an A1 range ('A1:D10')."""
    return f"{to_a1(first_row, first_col)}:{to_a1(last_row, last_col)}"


def parse_range(ref: str) -> tuple[int, int, int, int]:
    """'A1:D10' (or a single cell) to zero-based (first_row, first_col, last_row, last_col)."""
    parts = ref.split(":")
    if len(parts) == 1:
        r, c = parse_a1(parts[0])
        return r, c, r, c
    if len(parts) != 2:
        raise ValueError(f"{ref!r} is not an A1 range")
    r1, c1 = parse_a1(parts[0])
    r2, c2 = parse_a1(parts[1])
    return min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)
