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

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping, Sequence

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


class StreamedEdits(Mapping[int, dict[int, CellValue]]):
    """A sheet's cell edits by row, made a chunk at a time while the sheet rewriter walks
    the rows: a million rows' edits are never held at once.

    `rows` are every row that may get edits (the rewriter's row list); `head` the edits
    above them (new header cells); `chunks` yields ``(last row, CellEdits)`` pairs in row
    order, each covering the rows after the one before up to its last row. Rows are asked
    for in order: asking for a row lets go of the chunks wholly before it (`peek` looks
    ahead without letting go). `check(rows)` is called on every chunk's rows as it comes
    (the rewriter's checks of a cell's place). `cover` is the box the written cells lie in:
    the sheet's ``<dimension>`` grows to it before any is made. `finish()` makes the chunks
    the rewriter did not ask for (a caller's counts need every chunk).
    """

    def __init__(self, rows: Iterable[int], head: CellEdits,
                 chunks: Iterator[tuple[int, CellEdits]],
                 cover: tuple[int, int, int, int] | None,
                 check: Callable[[dict[int, dict[int, CellValue]]], object] = lambda rows: None):
        self._keys = sorted({*rows, *head.rows})
        self._known = set(self._keys)
        self.head = head
        self.cover = cover
        self._chunks = chunks
        self.check = check
        self._held: deque[tuple[int, dict[int, dict[int, CellValue]]]] = deque()
        self._upto = -1  # the last row the chunks made so far cover
        self._gone = -1  # the last row of the chunks let go

    def __getitem__(self, row: int) -> dict[int, CellValue]:
        held = self._held
        while held and held[0][0] < row:
            self._gone = held.popleft()[0]
        return self.peek(row)

    def peek(self, row: int) -> dict[int, CellValue]:
        """The edits of `row`, letting go of nothing."""
        if row not in self._known:
            raise KeyError(row)
        mine = self.head.rows.get(row)
        if row <= self._gone and mine is None:
            raise RuntimeError(f"row {row} asked for after its chunk was let go: streamed "
                               "edits are read in order")
        while row > self._upto and self._next():
            pass
        got = None
        for upto, rows in self._held:
            if row <= upto:
                got = rows.get(row)
                break
        if mine is None:
            return got if got is not None else {}
        return {**mine, **got} if got else mine

    def _next(self) -> bool:
        try:
            upto, edits = next(self._chunks)
        except StopIteration:
            self._upto = MAX_ROW
            return False
        self.check(edits.rows)
        self._held.append((upto, edits.rows))
        self._upto = upto
        return True

    def finish(self) -> None:
        """Make every chunk the rewriter did not ask for, and let go of them."""
        while self._next():
            self._held.clear()
        self._held.clear()

    def __contains__(self, row: object) -> bool:
        return row in self._known

    def __iter__(self) -> Iterator[int]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


MAX_ROW = 1 << 40
"""Beyond every worksheet row: what the edits cover once the chunks are all made."""
