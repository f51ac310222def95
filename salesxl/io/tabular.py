"""Flat data files: Parquet (the full data past Excel's row limit, `export --format parquet`).

Example:
    >>> write_parquet("leads.parquet", ["lead_id", "deal_amount"], [["L-1"], [5e6]])  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from salesxl.core.parse import is_blank
from salesxl.io.parts.atomic import temp_path
from salesxl.io.read import iso


def _arrow_column(values: list[Any]) -> Any:
    import pyarrow as pa

    clean = [None if is_blank(v) else v for v in values]
    try:
        return pa.array(clean, from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError, OverflowError):
        return pa.array([None if v is None else str(iso(v)) for v in clean], pa.string())


def write_parquet(path: Path, names: list[str], columns: Sequence[Sequence[Any]]) -> Path:
    """Write columns (one list per name) as a Parquet file, atomically; a column of mixed types
    is written as text."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    unique = list(dict.fromkeys(names))
    arrays = [_arrow_column(list(columns[names.index(n)])) for n in unique]
    tmp = temp_path(path)
    pq.write_table(pa.table(arrays, names=unique), tmp)
    tmp.replace(path)
    return path


def _text_schema(names: Sequence[str]) -> Any:
    import pyarrow as pa

    return pa.schema([pa.field(n, pa.string()) for n in names])


def _text_table(schema: Any, columns: Sequence[Any]) -> Any:
    import pyarrow as pa

    return pa.Table.from_arrays([pa.array(list(c), pa.string()) for c in columns],
                                schema=schema)


def text_parquet_bytes(names: Sequence[str], columns: Sequence[Any]) -> bytes:
    """A Parquet file of text columns (None = null), every column declared ``string``
    (the schema `TextParquetWriter` declares, so small and streamed exports agree)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    sink = pa.BufferOutputStream()
    pq.write_table(_text_table(_text_schema(names), columns), sink)
    return bytes(sink.getvalue().to_pybytes())


class TextParquetWriter:
    """A Parquet file of text columns written chunk by chunk: the schema (every column
    ``string``) is declared up front, never inferred from a chunk, and each `write` is one
    row group.

    Example:
        >>> with TextParquetWriter(path, ["lead_id"]) as w:  # doctest: +SKIP
        ...     w.write([["L-1", None]])
    """

    def __init__(self, path: Path, names: Sequence[str]) -> None:
        import pyarrow.parquet as pq

        self.schema = _text_schema(names)
        self._writer = pq.ParquetWriter(path, self.schema)

    def write(self, columns: Sequence[Any]) -> None:
        self._writer.write_table(_text_table(self.schema, columns))

    def close(self) -> None:
        self._writer.close()

    def __enter__(self) -> TextParquetWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
