"""``--into TEAM.xlsx``: every input into one team workbook, updating leads instead of
duplicating them.

Each converted lead is matched by the one identity rule (`salesxl.core.identity`): **by lead
ID, else e-mail, else phone, else company + contact** (each in its normal form), against the
leads already in the workbook and the
leads added by *earlier* files of the same run. Rows of one file are never merged with each
other (two deals with the same contact stay two leads).

* A match **updates** the lead: each non-blank converted value that differs from the
  workbook's is written into its cell; blank legacy cells never clear a value, and the lead
  keeps its existing ID (Extra rows follow it).
* No match **adds** the lead below the Leads table, which grows to cover it.
* The **Extra** and **Rejected** sheets keep the rows of files not in this run and get this
  run's rows for the files in it, so re-importing a file replaces its own rows only.

An existing workbook is opened and saved once through `salesxl.io.book.Book`: only the Leads
sheet, the Extra and Rejected sheets and the parts that list sheets change; every other sheet,
chart, pivot, macro and style stays byte-identical, and the previous version is kept in
``.salesxl-backup/``. A missing workbook is created with the Config of ``--pipeline`` and
``--lang``.

Limitation: the patcher writes values, not formulas, so the ``weighted_amount`` formula of an
appended row stays empty until the row is re-entered in Excel (rows written in a new workbook
have it).

Example:
    >>> merge_into("team.xlsx", results, cfg, "ko")  # doctest: +SKIP
    {0: (28, 2)}
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from salesxl.commands.convert.fileconv import FileResult
from salesxl.commands.convert.locate import EXTRA_SHEETS, REJECTED_SHEETS
from salesxl.commands.convert.rows import EXTRA_HEADERS, REJECTED_HEADERS
from salesxl.core.config import Config
from salesxl.core.identity import lead_keys
from salesxl.core.schema import LEADS
from salesxl.core.values import cell_value
from salesxl.io.book import Book
from salesxl.io.patch import NewSheet


@dataclass
class _Slot:
    values: dict[str, Any]
    row: int | None  # worksheet row of a lead that was in the workbook
    origin: int | None  # task index of the file that added it in this run
    changed: set[str] = field(default_factory=set)


def match_keys(values: dict[str, Any]) -> list[tuple[str, str]]:
    """The keys a lead is matched by, strongest first: the one identity rule
    (`salesxl.core.identity`) inside one workbook, whose lead IDs are unique.

    Example:
        >>> match_keys({"lead_id": "R01-0001", "email": " Kim@ACME.kr", "phone": "010-1234-5678"})
        [('id', 'r01-0001'), ('email', 'kim@acme.kr'), ('phone', '+821012345678')]
    """
    return lead_keys(values, ids_unique=True)


class LeadIndex:
    """Leads by ID, e-mail and phone; the first lead registered under a key keeps it."""

    def __init__(self) -> None:
        self.slots: list[_Slot] = []
        self._by: dict[str, dict[str, int]] = {}

    def find(self, values: dict[str, Any], origin: int) -> int | None:
        for kind, key in match_keys(values):
            s = self._by.get(kind, {}).get(key)
            if s is not None and self.slots[s].origin != origin:
                return s
        return None

    def add(self, values: dict[str, Any], row: int | None, origin: int | None) -> int:
        self.slots.append(_Slot(dict(values), row, origin))
        self._register(len(self.slots) - 1)
        return len(self.slots) - 1

    def update(self, s: int, changes: dict[str, Any]) -> None:
        slot = self.slots[s]
        slot.values.update(changes)
        slot.changed |= set(changes)
        self._register(s)

    def _register(self, s: int) -> None:
        for kind, key in match_keys(self.slots[s].values):
            self._by.setdefault(kind, {}).setdefault(key, s)


@dataclass
class Merged:
    """The outcome of merging a run's files into the leads of a workbook."""

    index: LeadIndex
    counts: dict[int, tuple[int, int]]  # task index -> (added, updated)
    extras: list[list[Any]]
    rejected: list[list[Any]]


def merge(index: LeadIndex, results: Sequence[FileResult]) -> Merged:
    """Match every converted lead of `results` (in order) against `index`, updating it."""
    counts: dict[int, tuple[int, int]] = {}
    extras: list[list[Any]] = []
    rejected: list[list[Any]] = []
    for res in results:
        origin, added, updated = res.report.index, 0, 0
        ids: dict[str, str] = {}
        for lead in res.leads:
            s = index.find(lead, origin)
            if s is None:
                index.add(lead, None, origin)
                added += 1
                continue
            slot = index.slots[s]
            ids[lead["lead_id"]] = slot.values["lead_id"]
            index.update(s, {k: v for k, v in lead.items()
                             if k != "lead_id" and v is not None and slot.values.get(k) != v})
            updated += 1
        counts[origin] = (added, updated)
        extras += [[ids.get(row[0], row[0]), *row[1:]] for row in res.extras]
        rejected += res.rejected
    return Merged(index, counts, extras, rejected)


def _storable(value: Any) -> Any:
    """A value the patcher can store: times and other odd cell types as text."""
    if value is None or isinstance(value, (str, int, float, dt.date)):
        return value
    return str(value)


def _existing_rows(wb: Book, sheet: str, file_col: int,
                   replaced: set[str]) -> tuple[bool, list[list[Any]], int]:
    """(sheet exists, its rows of files not converted in this run, how many rows it drops)."""
    if sheet not in wb.data.sheet_names:
        return False, [], 0
    rows = wb.grid(sheet)[1:]
    kept = [r for r in rows if len(r) > file_col and str(r[file_col]) not in replaced]
    return True, kept, len(rows) - len(kept)


def merge_into(target: str | Path, results: Sequence[FileResult], cfg: Config,
               lang: str) -> dict[int, tuple[int, int]]:
    """Write the leads of `results` into the team workbook `target` (see the module docstring).

    Returns:
        task index -> (leads added, leads updated).
    """
    path = Path(target)
    files = {r.report.file for r in results}
    index = LeadIndex()
    if not path.exists():
        merged = merge(index, results)
        from salesxl.io.template import write_team_workbook

        extra_sheets: dict[str, list[list[Any]]] = {}
        if merged.extras:
            extra_sheets[EXTRA_SHEETS[lang]] = [EXTRA_HEADERS[lang], *merged.extras]
        if merged.rejected:
            extra_sheets[REJECTED_SHEETS[lang]] = [REJECTED_HEADERS[lang], *merged.rejected]
        write_team_workbook(path, cfg, {"leads": [s.values for s in index.slots]},
                            extra_sheets=extra_sheets, lang=lang)
        return merged.counts
    wb = Book.open(path, tables=["leads"])
    td = wb.table("leads")
    frame, _ = wb.values("leads", [k for k in LEADS.keys if k in td.columns])
    for r, row in zip(frame.index, frame.to_dict("records"), strict=True):
        values = {k: v for k, v in row.items() if k in td.columns and v is not None}
        index.add(values, int(r), None)
    merged = merge(index, results)
    return _patch(wb, merged, files, cfg, lang)


def _patch(wb: Book, merged: Merged, files: set[str], cfg: Config,
           lang: str) -> dict[int, tuple[int, int]]:
    td = wb.table("leads")
    cells: dict[tuple[int, int], Any] = {}
    next_row = max(td.last_row, td.header_row) + 1
    for slot in merged.index.slots:
        keys = slot.changed if slot.row is not None else set(slot.values)
        row = slot.row
        if row is None:
            row, next_row = next_row, next_row + 1
        for key in keys:
            if key not in td.columns:
                merged.extras.append([slot.values.get("lead_id"), "", td.sheet, row + 1, key,
                                      slot.values[key]])
                continue
            col = LEADS.column(key)
            cells[(row, td.columns[key])] = cell_value(col, slot.values[key], cfg, lang)
    for names, headers, file_col, rows in ((EXTRA_SHEETS, EXTRA_HEADERS, 1, merged.extras),
                                           (REJECTED_SHEETS, REJECTED_HEADERS, 0,
                                            merged.rejected)):
        present = [n for n in names.values() if n in wb.data.sheet_names]
        name = present[0] if present else names[lang]  # an existing one, in any language
        exists, kept, dropped = _existing_rows(wb, name, file_col, files)
        if rows or dropped:  # else the sheet stays byte for byte
            body = [[_storable(v) for v in row] for row in (*kept, *rows)]
            wb.add_sheet(NewSheet(name, [headers[lang], *body], replace=exists))
    wb.write_cells(td.sheet, cells)
    if wb.pending:
        wb.save()
    return merged.counts
