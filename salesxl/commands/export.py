"""`salesxl export`: a table of a team workbook as CSV, JSON or Parquet with canonical keys.

Dates are ISO text, choices are their canonical keys (`won`, not `수주`), empty cells are
null. A cell salesxl cannot read is exported as its raw text (nothing is lost) and reported.

CSV is opened by spreadsheets, which run a cell starting with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return as a formula (OWASP: CSV injection): such text gets a leading ``'``
unless ``raw`` is asked for; numbers stay numbers; JSON and Parquet stay exact. The personal
columns of the customer file (family, hobbies...) are left out unless ``include_personal``.

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
from salesxl.core.schema import TABLES
from salesxl.io.read import iso, read_workbook, typed_frame

FORMATS = ("csv", "json", "parquet")
EXPORTABLE = ("leads", "activities", "objections", "history", "customers")


def export_frame(book: str | Path, table: str = "leads",
                 problems: list[Problem] | None = None, *,
                 include_personal: bool = False, recalc: bool = False,
                 notes: list[str] | None = None) -> pd.DataFrame:
    """The table as a DataFrame of canonical values (unreadable cells keep their raw text)."""
    if table not in EXPORTABLE:
        raise UsageError("table {table!r} cannot be exported: use one of {allowed}",
                         table=table, allowed=", ".join(EXPORTABLE))
    phase("read")
    data = read_workbook(book, tables=[table], recalc=recalc)
    adopt_lang(data.lang)
    if notes is not None:
        notes.extend(data.notes)
    td = data.table(table)
    found: list[Problem] = []
    phase("rules")
    frame = typed_frame(td, data.config, found, epoch1904=data.epoch1904)
    for p in found:  # keep what the rep typed rather than dropping it
        frame.at[p.row, p.column] = str(p.value)
    if problems is not None:
        problems.extend(found)
    if not include_personal and TABLES[table].personal:
        frame = frame.drop(columns=[c.key for c in TABLES[table].columns
                                    if c.personal and c.key in frame.columns])
    return frame.reset_index(drop=True)


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


def export(book: str | Path, table: str = "leads", format: str = "csv",
           out: str | Path | None = None, problems: list[Problem] | None = None, *,
           raw: bool = False, include_personal: bool = False,
           recalc: bool = False, notes: list[str] | None = None) -> str | bytes:
    """Export `table` of `book`; returns the text (CSV/JSON) or bytes (Parquet) and writes `out`.

    Args:
        raw: CSV only: keep formula-looking text as it is (default: a leading ``'``).
        include_personal: keep the customer file's personal columns.
        recalc: read the values LibreOffice computes for formulas saved without them.
        notes: filled with what the reader noticed (formulas without values, a misnamed file).
    """
    if format not in FORMATS:
        raise UsageError("format {format!r} is not supported: use one of {allowed}",
                         format=format, allowed=", ".join(FORMATS))
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
        buf = io.BytesIO()
        texts = _export_columns(frame, _iso_text)
        pd.DataFrame(dict(zip(columns, texts, strict=True)), dtype=object).to_parquet(
            buf, index=False)
        result = buf.getvalue()
    if out is not None:
        Path(out).write_bytes(result if isinstance(result, bytes) else result.encode("utf-8"))
    return result
