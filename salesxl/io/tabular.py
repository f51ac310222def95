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
