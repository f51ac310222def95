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

PARQUET_CHUNK = 100_000
"""Rows per row group of `write_parquet` (a chunk of Python values is built at a time)."""


def _clean(values: Sequence[Any]) -> list[Any]:
    return [None if is_blank(v) else v for v in values]


def _as_text(clean: list[Any]) -> Any:
    import pyarrow as pa

    return pa.array([None if v is None else str(iso(v)) for v in clean], pa.string())


def _arrow_column(values: Sequence[Any], type: Any = None) -> tuple[Any, bool]:
    """(the Arrow array of `values`, whether it had to be text: values of types one Arrow
    type cannot hold); `type`: the type to convert to (None: inferred)."""
    import pyarrow as pa

    clean = _clean(values)
    try:
        return pa.array(clean, type=type, from_pandas=True), False
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError, OverflowError):
        return _as_text(clean), True


def _column_types(cols: Sequence[Sequence[Any]], length: int, chunk_rows: int) -> list[Any]:
    """The Arrow type `pa.array` infers for the whole of each column (text when no one type
    holds it), from the first non-blank value of each Python type in it: the types met are
    what the inference looks at. (A value the type cannot take, such as an integer past 64
    bits, is found when the chunks are converted: `write_parquet` then writes the column as
    text, as the conversion of the whole column would.) Read chunk by chunk, every column of
    a chunk in turn, as the writing pass reads them: a column made on demand (a report's
    rows) makes each chunk once per pass."""
    import pyarrow as pa

    seen: list[dict[type, Any]] = [{} for _ in cols]
    for start in range(0, length, chunk_rows):
        for col, first in zip(cols, seen, strict=True):
            for v in col[start:start + chunk_rows]:
                kind = v.__class__
                if kind in first or v is None:
                    continue
                if kind is str and not v.strip():
                    continue
                if not is_blank(v):
                    first[kind] = v
    types = []
    for first in seen:
        array, text = _arrow_column(list(first.values()))
        types.append(pa.string() if text else array.type)
    return types


def write_parquet(path: Path, names: list[str], columns: Sequence[Sequence[Any]], *,
                  chunk_rows: int = PARQUET_CHUNK) -> Path:
    """Write columns (one sequence per name, all of one length) as a Parquet file,
    atomically; a column of mixed types is written as text.

    The file is written `chunk_rows` rows at a time (one row group each), so a table of
    millions of rows (a team's Activities past Excel's limit, a Duplicates report made on
    demand) is never held whole, as Python values or in Arrow: each column's type is found in
    a first pass, then each chunk is converted to it. The data read back is what one
    conversion of each whole column gives."""
    import pyarrow as pa

    unique = list(dict.fromkeys(names))
    cols = [columns[names.index(n)] for n in unique]
    length = max(map(len, cols), default=0)
    types = _column_types(cols, length, chunk_rows)
    tmp = temp_path(path)
    try:
        while True:
            schema = pa.schema([pa.field(n, t) for n, t in zip(unique, types, strict=True)])
            redo = _write_chunks(tmp, schema, cols, length, chunk_rows)
            if redo is None:
                break
            types[redo] = pa.string()  # a value the inferred type cannot take: text
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def _write_chunks(tmp: Path, schema: Any, cols: Sequence[Sequence[Any]], length: int,
                  chunk_rows: int) -> int | None:
    """Write `cols` under `schema` into `tmp`; None, or the column a chunk could not be
    converted to its type."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    with pq.ParquetWriter(tmp, schema) as writer:
        for start in range(0, max(length, 1), chunk_rows):
            arrays = []
            for i, (col, field) in enumerate(zip(cols, schema, strict=True)):
                part = col[start:start + chunk_rows]
                if pa.types.is_string(field.type):
                    arrays.append(_as_text(_clean(part)))
                    continue
                array, text = _arrow_column(part, field.type)
                if text:
                    return i
                arrays.append(array)
            writer.write_table(pa.Table.from_arrays(arrays, schema=schema))
    return None


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
