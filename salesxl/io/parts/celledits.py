"""Cell edits of one worksheet, held by row: what a command writes and the sheet rewriter
applies row by row.

`validate` on a million leads writes four or five cells per row. As a dictionary keyed by
``(row, col)`` pairs that is five million tuples and row numbers (about 600 MB), which the
patcher then regrouped by row into a second copy; `CellEdits` keeps them by row from the
start (``rows[row][col] = value``), as the rewriter reads them, in about a third of that.
It is a mapping of ``(row, col)`` pairs all the same, so that every caller may read and
write it as one.

Example:
    >>> edits = CellEdits({(1, 4): "수주"})
    >>> edits.put_column(5, [1, 2], [0.5, 0.75])
    >>> edits[(2, 5)], len(edits), edits.rows[1]
    (0.75, 3, {4: '수주', 5: 0.5})
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, MutableMapping, Sequence

from salesxl.io.parts.cellxml import CellValue


class CellEdits(MutableMapping[tuple[int, int], CellValue]):
    """Zero-based (row, col) -> new value, stored as ``rows: {row: {col: value}}``."""

    __slots__ = ("rows",)

    def __init__(self, cells: Mapping[tuple[int, int], CellValue] | None = None):
        self.rows: dict[int, dict[int, CellValue]] = {}
        if cells:
            self.update(cells)

    def __setitem__(self, key: tuple[int, int], value: CellValue) -> None:
        r, c = key
        row = self.rows.get(r)
        if row is None:
            self.rows[r] = {c: value}
        else:
            row[c] = value

    def __getitem__(self, key: tuple[int, int]) -> CellValue:
        try:
            r, c = key
            return self.rows[r][c]
        except (KeyError, TypeError, ValueError):
            raise KeyError(key) from None

    def __delitem__(self, key: tuple[int, int]) -> None:
        r, c = key
        row = self.rows.get(r)
        if row is None or c not in row:
            raise KeyError(key)
        del row[c]
        if not row:
            del self.rows[r]

    def __iter__(self) -> Iterator[tuple[int, int]]:
        for r, row in self.rows.items():
            for c in row:
                yield r, c

    def __len__(self) -> int:
        return sum(map(len, self.rows.values()))

    def __bool__(self) -> bool:
        return bool(self.rows)

    def put_column(self, col: int, rows: Sequence[int], values: Iterable[CellValue]) -> None:
        """Set the cells of column `col` in `rows` to `values` (one loop, no call per cell)."""
        table = self.rows
        for r, value in zip(rows, values, strict=True):
            row = table.get(r)
            if row is None:
                table[r] = {col: value}
            else:
                row[col] = value

    def merge(self, other: Mapping[tuple[int, int], CellValue]) -> None:
        """`update` with `other`; a `CellEdits`' rows this one lacks are taken over, not
        copied (`other` is not to be changed afterwards)."""
        if not isinstance(other, CellEdits):
            self.update(other)
            return
        table = self.rows
        for r, row in other.rows.items():
            mine = table.get(r)
            if mine is None:
                table[r] = row
            else:
                mine.update(row)
