"""The reps' large side tables kept on disk between reading and writing.

A team of 50 reps has about 800,000 rows of Activities, Objections and History. The merge
needs only their lead IDs (to re-key them to team lead IDs); the rest is written unchanged.
So a worker that reads a rep workbook writes those tables' other columns to a private
temporary folder (`spill_table`: one pickle per column, read back by offset), sends the main
process only the lead IDs and where the rest is, and the team workbook's sheets read each
file's columns back a chunk at a time (`Chained`) while they are written. The values are the
very Python objects the reader made (pickle keeps types: a date stays a date, a text an
unreadable cell kept as typed stays text), so the workbook is the same as when every table
was held in memory.

Example:
    >>> col = Chained([[1, 2], Segment(2, lambda: [3, 4])])
    >>> len(col), col[1:3], list(col)
    (4, [2, 3], [1, 2, 3, 4])
"""

from __future__ import annotations

import pickle
import tempfile
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, overload

from salesxl.io.spill import spill_folder as io_spill_folder
from salesxl.io.spill import spill_prefix

SPILLED_TABLES = ("activities", "objections", "history")
"""The tables spilled: the large ones the merge only re-keys (Customers get team customer IDs
and masking in memory; Leads are merged)."""
KEPT = ("lead_id",)
"""Columns a spilled table keeps in memory (the merge re-keys them)."""


@dataclass(frozen=True, slots=True)
class SpilledColumn:
    """Where one column of one file's table was written: `length` values at `offset`."""

    path: str
    offset: int
    length: int

    def load(self) -> list[Any]:
        """The column's values, as the reader made them."""
        with open(self.path, "rb") as fh:
            fh.seek(self.offset)
            values: list[Any] = pickle.load(fh)  # our own file, in a folder only we can read
        return values


SPILL_PREFIX = spill_prefix("consolidate")
"""The name a consolidate run's spill folder starts with (then its process ID)."""


def spill_folder(root: str | None = None) -> tempfile.TemporaryDirectory[str]:
    """A new private spill folder for this consolidate run (`salesxl.io.spill.spill_folder`)."""
    return io_spill_folder("consolidate", root)


def spill_table(folder: Path, name: str, values: dict[str, list[Any]]
                ) -> dict[str, SpilledColumn]:
    """Write each column of `values` except `KEPT` to ``folder/name``; where each went."""
    path = folder / name
    out: dict[str, SpilledColumn] = {}
    with open(path, "wb") as fh:
        for col, vals in values.items():
            if col in KEPT:
                continue
            out[col] = SpilledColumn(str(path), fh.tell(), len(vals))
            pickle.dump(vals, fh, protocol=pickle.HIGHEST_PROTOCOL)
    return out


def compact_rows(rows: Sequence[int]) -> array[int]:
    """Worksheet row numbers as a compact array (8 bytes a row instead of an int object)."""
    return array("q", rows)


class Segment:
    """`length` values made only when asked for (`make`: a spilled column's loader, or a
    provenance column computed from its file)."""

    __slots__ = ("length", "make")

    def __init__(self, length: int, make: Callable[[], Sequence[Any]]):
        self.length = length
        self.make = make

    def __len__(self) -> int:
        return self.length


class Chained(Sequence[Any]):
    """A team column made of each file's part, one after the other; a part that is a
    `Segment` is made when first read and kept until another part is read, so a sheet written
    from top to bottom holds one file's part of each column at a time."""

    def __init__(self, parts: Sequence[Sequence[Any] | Segment] = ()):
        self.parts: list[Sequence[Any] | Segment] = []
        self.starts: list[int] = []
        self.n = 0
        self._cached: tuple[int, Sequence[Any]] = (-1, [])
        for part in parts:
            self.extend(part)

    def extend(self, part: Sequence[Any] | Segment) -> None:
        """Add a part at the end."""
        if len(part):
            self.parts.append(part)
            self.starts.append(self.n)
            self.n += len(part)

    def __len__(self) -> int:
        return self.n

    def _part(self, k: int) -> Sequence[Any]:
        part = self.parts[k]
        if not isinstance(part, Segment):
            return part
        cached_k, values = self._cached
        if cached_k != k:
            values = part.make()
            if len(values) != part.length:
                raise RuntimeError(f"a spilled column came back with {len(values)} values, "
                                   f"not {part.length}")
            self._cached = (k, values)
        return values

    def _find(self, i: int) -> int:
        lo, hi = 0, len(self.starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.starts[mid] <= i:
                lo = mid
            else:
                hi = mid - 1
        return lo

    @overload
    def __getitem__(self, i: int) -> Any: ...
    @overload
    def __getitem__(self, i: slice) -> list[Any]: ...

    def __getitem__(self, i: int | slice) -> Any:
        if isinstance(i, slice):
            start, stop, step = i.indices(self.n)
            if step != 1:
                return [self[j] for j in range(start, stop, step)]
            out: list[Any] = []
            while start < stop:
                k = self._find(start)
                base = self.starts[k]
                part = self._part(k)
                end = min(stop, base + len(part))
                out.extend(part[start - base:end - base])
                start = end
            return out
        if i < 0:
            i += self.n
        if not 0 <= i < self.n:
            raise IndexError(i)
        k = self._find(i)
        return self._part(k)[i - self.starts[k]]

    def __iter__(self) -> Iterator[Any]:
        for k in range(len(self.parts)):
            yield from self._part(k)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (list, Chained)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Chained({self.n} values in {len(self.parts)} parts)"
