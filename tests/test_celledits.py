"""`CellEdits`, a sheet's edits held by row: the same mapping as a dict of (row, col) pairs,
and the same patched workbook, byte for byte."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salesxl.core.errors import WorkbookError
from salesxl.io.parts.celledits import CellEdits
from salesxl.io.patch import SheetEdit, patch_workbook
from tests.test_patch import build_plain

_KEYS = st.tuples(st.integers(0, 6), st.integers(0, 4))
_VALUES = st.one_of(st.none(), st.integers(-2, 2), st.sampled_from(["", "수주", "a"]))
_OPS = st.lists(st.one_of(
    st.tuples(st.just("set"), _KEYS, _VALUES),
    st.tuples(st.just("del"), _KEYS, st.none()),
    st.tuples(st.just("column"), st.integers(0, 4),
              st.lists(st.tuples(st.integers(0, 6), _VALUES), max_size=5)),
    st.tuples(st.just("merge"), st.dictionaries(_KEYS, _VALUES, max_size=5), st.booleans()),
), max_size=30)


@settings(max_examples=300, deadline=None)
@given(_OPS)
def test_cell_edits_behave_as_a_dict_of_cells(ops: list[tuple[Any, ...]]) -> None:
    ours, plain = CellEdits(), {}
    for op in ops:
        if op[0] == "set":
            ours[op[1]] = plain[op[1]] = op[2]
        elif op[0] == "del":
            if op[1] in plain:
                del plain[op[1]]
                del ours[op[1]]
            else:
                with pytest.raises(KeyError) as missing:
                    del ours[op[1]]
                assert missing.value.args == (op[1],)  # the key, as a dict names it
        elif op[0] == "column":
            rows = [r for r, _ in op[2]]
            values = [v for _, v in op[2]]
            ours.put_column(op[1], rows, values)
            for r, v in op[2]:
                plain[(r, op[1])] = v
        else:
            other = op[1]
            ours.merge(CellEdits(other) if op[2] else other)
            plain.update(other)
        assert dict(ours.items()) == plain
        assert len(ours) == len(plain) and bool(ours) == bool(plain)
        assert all(row for row in ours.rows.values())  # no empty row left behind
        for key in [(0, 0), (3, 2), (6, 4), ("x", 1)]:
            assert ours.get(key, "absent") == plain.get(key, "absent")  # type: ignore[call-overload]


def test_a_missing_cell_is_named_and_a_short_column_refused() -> None:
    edits = CellEdits({(1, 1): "a"})
    with pytest.raises(KeyError) as missing:
        edits[(1, 2)]
    assert missing.value.args == ((1, 2),)
    with pytest.raises(ValueError):  # never a silently shorter column
        edits.put_column(3, [1, 2, 3], ["x", "y"])


def _sheet(path: Path) -> bytes:
    with zipfile.ZipFile(path) as zf:
        return zf.read("xl/worksheets/sheet1.xml")


def test_a_patch_from_cell_edits_is_the_patch_from_a_dict(tmp_path: Path) -> None:
    cells = {(20, 1): 7, (20, 5): "far right", (60, 0): "end", (3, 2): None, (4, 0): 2.5}
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    build_plain(a, rows=50)
    build_plain(b, rows=50)
    ra = patch_workbook(a, [SheetEdit("S", cells)], backup=False)
    given_edits = CellEdits(cells)
    rb = patch_workbook(b, [SheetEdit("S", given_edits), SheetEdit("S", {(20, 1): 8})],
                        backup=False)
    cells[(20, 1)] = 8
    rc = patch_workbook(a, [SheetEdit("S", {(20, 1): 8})], backup=False)
    assert _sheet(a) == _sheet(b)  # the same bytes, whichever form the edits took
    assert ra.cells_written == 5 and rb.cells_written == 5 and rc.cells_written == 1
    assert given_edits[(20, 1)] == 7  # a later edit of the sheet leaves the caller's as given


@pytest.mark.parametrize("key", [(-1, 0), (0, 16_384), (1_048_576, 0), ("3", 1)])
def test_a_bad_cell_in_cell_edits_is_named(tmp_path: Path, key: Any) -> None:
    book = tmp_path / "a.xlsx"
    build_plain(book, rows=5)
    before = book.read_bytes()
    edits = CellEdits({(1, 1): "ok"})
    edits.rows.setdefault(key[0], {})[key[1]] = "bad"
    with pytest.raises(WorkbookError, match="S: cell"):
        patch_workbook(book, [SheetEdit("S", edits)])
    assert book.read_bytes() == before
