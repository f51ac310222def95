"""`write_parquet` writes a chunk of rows at a time and must give what converting each whole
column at once gives: the same column types (a column of mixed types as text), the same
values, the same nulls. The reference here is that whole-column conversion, written
plainly with pyarrow (a second, simpler implementation)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salesxl.core.parse import is_blank
from salesxl.io.read import iso
from salesxl.io.tabular import write_parquet


def _whole(names: list[str], columns: Sequence[Sequence[Any]]) -> pa.Table:
    arrays = []
    for col in columns:
        clean = [None if is_blank(v) else v for v in col]
        try:
            arrays.append(pa.array(clean, from_pandas=True))
        except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError, OverflowError):
            arrays.append(pa.array([None if v is None else str(iso(v)) for v in clean],
                                   pa.string()))
    return pa.table(arrays, names=names)


VALUES = st.one_of(
    st.none(), st.just(""), st.just("  "), st.just(float("nan")), st.booleans(),
    st.integers(-5, 5), st.just(2**70), st.floats(-1e6, 1e6, allow_nan=False),
    st.sampled_from(["수주", "L-1", "=1+1", "0"]),
    st.dates(dt.date(2020, 1, 1), dt.date(2030, 1, 1)),
    st.datetimes(dt.datetime(2020, 1, 1), dt.datetime(2030, 1, 1)))
# columns that keep to one kind of value (most real columns), and mixed ones
KINDS = [st.one_of(st.none(), st.integers(-9, 9)),
         st.one_of(st.none(), st.just(float("nan")), st.floats(-1e3, 1e3, allow_nan=False)),
         st.one_of(st.just(""), st.sampled_from(["가", "나", "다"])),
         st.one_of(st.none(), st.dates(dt.date(2020, 1, 1), dt.date(2030, 1, 1))),
         st.one_of(st.none(), st.integers(-9, 9), st.floats(-9, 9, allow_nan=False)),
         VALUES]


@st.composite
def tables(draw: st.DrawFn) -> list[list[Any]]:
    rows = draw(st.integers(0, 40))
    kinds = draw(st.lists(st.sampled_from(KINDS), min_size=1, max_size=5))
    return [draw(st.lists(kind, min_size=rows, max_size=rows)) for kind in kinds]


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(columns=tables(), chunk=st.integers(1, 9))
def test_chunked_parquet_reads_back_as_the_whole_columns_convert(
        tmp_path: Path, columns: list[list[Any]], chunk: int) -> None:
    names = [f"c{i}" for i in range(len(columns))]
    path = write_parquet(tmp_path / "t.parquet", names, columns, chunk_rows=chunk)
    got = pq.read_table(path)
    want = _whole(names, columns)
    assert got.schema.types == want.schema.types
    assert got.to_pylist() == want.to_pylist()
    assert not list(tmp_path.glob("*.tmp*"))  # the temporary file is gone


def test_one_row_group_per_chunk_and_a_late_type_change_goes_to_text(tmp_path: Path) -> None:
    ints = list(range(25))
    late = [1] * 24 + ["한 건"]  # text in the last chunk only: the whole column is text
    path = write_parquet(tmp_path / "t.parquet", ["n", "late"], [ints, late], chunk_rows=10)
    meta = pq.ParquetFile(path).metadata
    assert meta.num_row_groups == 3 and meta.num_rows == 25
    table = pq.read_table(path)
    assert table.schema.field("n").type == pa.int64()
    assert table.schema.field("late").type == pa.string()
    assert table.column("late").to_pylist() == ["1"] * 24 + ["한 건"]
    huge = [1] * 24 + [2**70]  # an integer past 64 bits in the last chunk: text too
    path = write_parquet(tmp_path / "h.parquet", ["h"], [huge], chunk_rows=10)
    assert pq.read_table(path).column("h").to_pylist() == ["1"] * 24 + [str(2**70)]
