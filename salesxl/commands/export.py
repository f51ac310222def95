"""`salesxl export`: a table of a team workbook as CSV, JSON or Parquet with canonical keys.

Dates are ISO text, choices are their canonical keys (`won`, not `수주`), empty cells are
null. A cell salesxl cannot read is exported as its raw text (nothing is lost) and reported.

CSV is opened by spreadsheets, which run a cell starting with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return as a formula (OWASP: CSV injection): such text gets a leading ``'``
unless ``raw`` is asked for; numbers stay numbers; JSON and Parquet stay exact. The personal
columns of the customer file (family, hobbies...) are left out unless ``include_personal``.

A large sheet (over `salesxl.io.read.STREAM_SHEET_BYTES` uncompressed) exported to a file as
CSV or Parquet is streamed: read, converted and written in chunks of 50,000 rows, so memory
stays bounded whatever its length; the output is the same as reading it whole. Parquet has one
declared schema (every column text, as ISO dates and canonical keys are) and one row group
per chunk.

Example:
    >>> rows = export("workbooks/salesxl-team-en.xlsx", table="leads", format="json")  # doctest: +SKIP
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from salesxl.core.errors import Problem, UsageError
from salesxl.core.messages import adopt_lang
from salesxl.core.parse import looks_like_formula
from salesxl.core.progress import phase
from salesxl.core.schema import Table
from salesxl.io.parts.atomic import temp_path
from salesxl.io.read import (
    STREAM_SHEET_BYTES,
    TableData,
    iso,
    largest_sheet_bytes,
    open_table_stream,
    read_workbook,
    typed_frame,
)
from salesxl.io.tabular import TextParquetWriter, text_parquet_bytes

FORMATS = ("csv", "json", "parquet")
EXPORTABLE = ("leads", "activities", "objections", "history", "customers")


def _check_table(table: str) -> None:
    if table not in EXPORTABLE:
        raise UsageError("table {table!r} cannot be exported: use one of {allowed}",
                         table=table, allowed=", ".join(EXPORTABLE))


def _canonical(td: TableData, data: Any, problems: list[Problem] | None,
               include_personal: bool) -> pd.DataFrame:
    """The rows of `td` as exported: canonical values, an unreadable cell as its raw text
    (and a Problem naming its cell), personal columns dropped unless asked for."""
    found: list[Problem] = []
    frame = typed_frame(td, data.config, found, epoch1904=data.epoch1904)
    for p in found:  # keep what the rep typed rather than dropping it
        frame.at[p.row, p.column] = str(p.value)
    if problems is not None:
        problems.extend(found)
    personal = _personal(td.table, include_personal)
    if personal:
        frame = frame.drop(columns=[c for c in personal if c in frame.columns])
    return frame


def _personal(table: Table, include_personal: bool) -> list[str]:
    if include_personal or not table.personal:
        return []
    return [c.key for c in table.columns if c.personal]


def export_frame(book: str | Path, table: str = "leads",
                 problems: list[Problem] | None = None, *,
                 include_personal: bool = False, recalc: bool = False,
                 notes: list[str] | None = None) -> pd.DataFrame:
    """The table as a DataFrame of canonical values (unreadable cells keep their raw text)."""
    _check_table(table)
    phase("read")
    data = read_workbook(book, tables=[table], recalc=recalc)
    adopt_lang(data.lang)
    if notes is not None:
        notes.extend(data.notes)
    td = data.table(table)
    phase("rules")
    return _canonical(td, data, problems, include_personal).reset_index(drop=True)


def neutralise(value: Any) -> Any:
    """Text a spreadsheet would run as a formula, with a leading ``'`` (OWASP CSV injection).

    Example:
        >>> neutralise('=HYPERLINK("http://evil.example","click")'), neutralise(-5), neutralise("Kim")
        ('\'=HYPERLINK("http://evil.example","click")', -5, 'Kim')
    """
    if isinstance(value, str) and looks_like_formula(value):
        return "'" + value
    return value


def _iso_neutralised(value: Any) -> Any:
    return neutralise(iso(value))


def _iso_text(value: Any) -> str | None:
    v = iso(value)
    return None if v is None else str(v)


def _export_columns(frame: pd.DataFrame, fmt: Callable[[Any], Any]) -> list[np.ndarray]:
    """Each column of `frame` formatted by `fmt`, called once per distinct value (a column
    of 100,000 cells usually holds a few hundred values), not once per cell."""
    out = []
    for name in frame.columns:
        values = frame[name].to_numpy(dtype=object)
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        kinds = {type(u) for u in uniques}
        if bool in kinds and kinds & {int, float}:
            # factorize takes True for 1 and False for 0: such a column goes cell by cell
            out.append(np.array([fmt(v) for v in values], dtype=object))
            continue
        table = np.array([*map(fmt, uniques), fmt(None)], dtype=object)
        out.append(table[codes])  # code -1 (blank) takes the last entry
    return out


def should_stream(book: str | Path, format: str, out: str | Path | None, *,
                  recalc: bool = False) -> bool:
    """Whether `export` streams: CSV or Parquet into a file, from an .xlsx whose largest sheet
    is over `STREAM_SHEET_BYTES` uncompressed (about 10,000 rows of 37 columns)."""
    return (format in ("csv", "parquet") and out is not None and not recalc
            and largest_sheet_bytes(book) > STREAM_SHEET_BYTES)


def export_stream(book: str | Path, table: str, format: str, out: str | Path,
                  problems: list[Problem] | None = None, *, raw: bool = False,
                  include_personal: bool = False, notes: list[str] | None = None,
                  chunk_rows: int = 50_000) -> Path:
    """`export` in chunks of `chunk_rows` rows into `out` (CSV or Parquet), atomically:
    memory is one chunk's, whatever the sheet's length; the file is the same as `export`
    writes reading the sheet whole."""
    _check_table(table)
    if format not in ("csv", "parquet"):
        raise UsageError("format {format!r} is not supported: use one of {allowed}",
                         format=format, allowed="csv, parquet")
    phase("read")
    stream = open_table_stream(book, table, chunk_rows=chunk_rows)
    data = stream.data
    adopt_lang(data.lang)
    td = data.table(table)
    personal = set(_personal(td.table, include_personal))
    columns = [k for k in [*td.table.keys, *td.extras] if k not in personal]
    target = Path(out)
    tmp = temp_path(target)
    try:
        if format == "csv":
            with tmp.open("w", encoding="utf-8", newline="") as fh:
                writer = csv.writer(fh, lineterminator="\n")
                writer.writerow(columns)
                fmt = iso if raw else _iso_neutralised
                for part in stream.chunks():
                    frame = _canonical(part, data, problems, include_personal)
                    writer.writerows(zip(*_export_columns(frame, fmt), strict=True))
        else:
            with TextParquetWriter(tmp, columns) as pw:
                for part in stream.chunks():  # one row group per chunk
                    frame = _canonical(part, data, problems, include_personal)
                    pw.write(_export_columns(frame, _iso_text))
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)
    if notes is not None:
        notes.extend(data.notes)
    return target


def export(book: str | Path, table: str = "leads", format: str = "csv",
           out: str | Path | None = None, problems: list[Problem] | None = None, *,
           raw: bool = False, include_personal: bool = False,
           recalc: bool = False, notes: list[str] | None = None,
           stream: bool | None = None) -> str | bytes:
    """Export `table` of `book`; returns the text (CSV/JSON) or bytes (Parquet) and writes `out`.

    Args:
        raw: CSV only: keep formula-looking text as it is (default: a leading ``'``).
        include_personal: keep the customer file's personal columns.
        recalc: read the values LibreOffice computes for formulas saved without them.
        notes: filled with what the reader noticed (formulas without values, a misnamed file).
        stream: write `out` chunk by chunk (`export_stream`) and return an empty result;
            None (the default) streams when `should_stream` says so (a large sheet).
    """
    if format not in FORMATS:
        raise UsageError("format {format!r} is not supported: use one of {allowed}",
                         format=format, allowed=", ".join(FORMATS))
    if stream is None:
        stream = should_stream(book, format, out, recalc=recalc)
    if stream and out is not None:
        export_stream(book, table, format, out, problems, raw=raw,
                      include_personal=include_personal, notes=notes)
        return b"" if format == "parquet" else ""
    frame = export_frame(book, table, problems, include_personal=include_personal,
                         recalc=recalc, notes=notes)
    phase("write")
    result: str | bytes
    columns = [str(c) for c in frame.columns]
    if format == "csv":
        buf_text = io.StringIO()
        writer = csv.writer(buf_text, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(zip(*_export_columns(frame, iso if raw else _iso_neutralised),
                             strict=True))
        result = buf_text.getvalue()
    elif format == "json":
        records = [dict(zip(columns, row, strict=True))
                   for row in zip(*_export_columns(frame, iso), strict=True)]
        result = json.dumps(records, ensure_ascii=False, indent=1) + "\n"
    else:
        result = text_parquet_bytes(columns, _export_columns(frame, _iso_text))
    if out is not None:
        Path(out).write_bytes(result if isinstance(result, bytes) else result.encode("utf-8"))
    return result
