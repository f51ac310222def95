"""`salesxl validate`: BANT-qualify every lead and write the results into the workbook.

Reads the Leads table (only the columns the rules need are parsed), computes `bant_status`,
`bant_score` and `bant_missing` with `salesxl.core.rules.bant`, writes the cells that change in
place (losslessly, atomically) and reports counts, unreadable cells and stale leads.

Example:
    >>> report = validate("team.xlsx", today=dt.date(2026, 11, 27))  # doctest: +SKIP
    >>> report.counts  # doctest: +SKIP
    {'qualified': 41, 'partial': 12, 'unqualified': 5, 'invalid': 2}
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from salesxl.commands.score import new_scorer
from salesxl.core.cells import col_letter
from salesxl.core.config import Config
from salesxl.core.errors import Problem, RowProblems
from salesxl.core.progress import phase
from salesxl.core.rules.bant import INPUTS, OUTPUTS, bant
from salesxl.core.rules.nextstep import assign_ids, next_steps
from salesxl.core.rules.scoring import LEAD_INPUTS as SCORE_INPUTS
from salesxl.core.rules.scoring import OUTPUTS as SCORE_OUTPUTS
from salesxl.core.rules.scoring import Scorer
from salesxl.core.rules.stages import stale
from salesxl.core.schema import BANT_STATUSES
from salesxl.io.book import CHUNK_ROWS, Book, CellEdits, ColumnPlan
from salesxl.io.read import TableData, in_column_order

STALE_INPUTS = ("lead_id", "company", "stage", "stage_updated_on", "created_on")
LEAD_INPUTS = (*INPUTS, *STALE_INPUTS, "outcome", "probability", "deal_amount", "lost_reason",
               "resume_on")
# The Leads columns validate holds (read, scored, rewritten or written): a 1M-row sheet's
# names, e-mails, phone numbers and notes are most of its memory and are never used here.
KEPT = (*LEAD_INPUTS, *SCORE_INPUTS, *OUTPUTS, *SCORE_OUTPUTS, "next_step")
READ = tuple(dict.fromkeys((*LEAD_INPUTS, *SCORE_INPUTS)))
"""The Leads columns read as canonical values: the rules', then scoring's."""
# Choice cells rewritten as the workbook's own label when typed as a key or synonym, so the
# sheet's dropdowns, highlights and formulas (the Weighted amount MATCHes the Stage label) read
# them as salesxl does.
LABELLED = ("stage", "outcome")


@dataclass(slots=True)  # a million-row sheet can have half a million
class StaleLead:
    """A lead idle in its stage for longer than the stage's rotting days."""

    lead_id: str | None
    stage: str
    days_in_stage: int
    rotting_days: int
    cell: str  # the stage cell, e.g. 'Leads!V12'
    company: str | None = None


@dataclass
class ValidateReport:
    """What `validate` found and wrote."""

    path: Path
    today: dt.date
    rows: int
    counts: dict[str, int]
    problems: list[Problem]
    cells_written: int = 0
    columns_added: list[str] = field(default_factory=list)
    stale: list[StaleLead] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    ids_assigned: int = 0  # rows that had no lead ID and got one
    scored: int = 0  # open leads given a learned win probability (enough closed deals)

    @property
    def invalid(self) -> int:
        return self.counts.get("invalid", 0)

    def to_json(self) -> dict[str, Any]:
        """The report as JSON-ready data (cells in A1, rows 1-based)."""
        return {
            "book": str(self.path), "today": self.today.isoformat(), "rows": self.rows,
            "counts": self.counts, "cells_written": self.cells_written,
            "columns_added": self.columns_added, "ids_assigned": self.ids_assigned,
            "scored": self.scored,
            "problems": [{"cell": p.where, "sheet": p.sheet, "row": p.row + 1,
                          "column": p.column, "value": _json_value(p.value),
                          "message": p.message} for p in self.problems],
            "stale": [{"lead_id": s.lead_id, "company": s.company, "stage": s.stage,
                       "days_in_stage": s.days_in_stage, "rotting_days": s.rotting_days,
                       "cell": s.cell} for s in self.stale],
            "notes": self.notes,
        }


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def validate(book: str | Path | Book, today: dt.date | None = None, *, strict: bool = False,
             write: bool = True, force: bool = False, recalc: bool = False,
             chunk_rows: int = CHUNK_ROWS) -> ValidateReport:
    """BANT-qualify every Leads row of `book` and write the three result columns.

    Args:
        book: the team workbook (.xlsx/.xlsm), or a `Book` already open (the Excel buttons
            pass one over the open workbook).
        today: the day timing is measured from (default: the real date).
        strict: raise `RowProblems` when a cell could not be read, after writing the results.
        write: write the results (False: only compute and report).
        force: write into a workbook marked read-only.
        recalc: read the values LibreOffice computes for formulas saved without them.
        chunk_rows: rows worked on at a time when the Leads sheet is too large for the fast
            reader (memory; the results do not depend on it).

    Returns:
        A `ValidateReport`: counts by status, unreadable cells, stale leads, cells written.

    Raises:
        RowProblems: with `strict`, when any cell the rules read could not be read.
        WorkbookError: the workbook cannot be read or written (open in Excel, damaged...).

    Example:
        >>> validate("team.xlsx", dt.date(2026, 11, 27)).counts["qualified"]  # doctest: +SKIP
        41
    """
    today = today or dt.date.today()
    clock = time.perf_counter()
    phase("read")
    wb = book if isinstance(book, Book) else Book.open(
        book, tables=["leads", "activities", "objections", "history"], write=write, force=force,
        recalc=recalc, keep={"leads": KEPT}, lazy=["leads"])
    try:
        return _validate(wb, today, clock, strict=strict, write=write, chunk_rows=chunk_rows)
    finally:
        wb.close()  # the Leads chunks kept on disk between the two passes


def _validate(wb: Book, today: dt.date, clock: float, *, strict: bool, write: bool,
              chunk_rows: int) -> ValidateReport:
    td = wb.table("leads")
    seconds = {"read": time.perf_counter() - clock}
    phase("rules")
    clock = time.perf_counter()
    run = _Run(wb, today, chunk_rows)
    run.first_pass()
    seconds["rules"] = time.perf_counter() - clock
    if not write:
        for _ in run.chunk_edits():
            pass
    else:
        clock = time.perf_counter()
        phase("write")
        # a streamed table's chunks are made while the sheet is rewritten
        wb.write_chunks("leads", run.plan(), run.chunk_edits(), run.rows,
                        also=[td.columns[k] for k in ("probability", *LABELLED)
                              if k in td.columns])
        saved = wb.save()
        seconds["write"] = time.perf_counter() - clock
    report = run.report(seconds)
    if write:
        report.cells_written = saved.cells_written
        report.columns_added = saved.columns_added
    if strict and report.problems:
        raise RowProblems(report.problems)
    return report


class _Run:
    """One `validate` over the Leads, a chunk of rows at a time (`Book.chunks`: the whole
    table as one chunk unless it is streamed). A first pass sees what needs every row: the
    lead IDs to number and the closed deals the learned probability learns from; the second
    computes each chunk's results and cells, which the sheet rewriter takes as it goes."""

    def __init__(self, wb: Book, today: dt.date, chunk_rows: int):
        self.wb, self.today, self.cfg, self.chunk_rows = wb, today, wb.config, chunk_rows
        self.acts = wb.values("activities", ("lead_id", "type"))[0] \
            if wb.has("activities") else None
        self.objs = wb.values("objections", ("lead_id", "resolved"))[0] \
            if wb.has("objections") else None
        self.new_ids: dict[int, str] = {}  # worksheet row -> the lead ID it gets
        self.rows: list[int] = []  # every table row, in order
        self.scorer: Scorer | None = None
        self.problems: list[Problem] = []
        self.counts = {ch.key: 0 for ch in BANT_STATUSES}
        self.stale: list[StaleLead] = []
        self._plans: tuple[ColumnPlan, ColumnPlan | None] | None = None
        self._whole: tuple[pd.DataFrame, dict[str, np.ndarray], list[Problem]] | None = None

    def _chunks(self) -> Iterator[TableData]:
        return self.wb.chunks("leads", self.chunk_rows)

    def first_pass(self) -> None:
        """Number the rows without a lead ID; learn the win probability when the workbook
        has enough closed deals (else `salesxl score` says why)."""
        ids: list[Any] = []
        scorer = new_scorer(self.wb, self.today, [])  # their problems are score's to report
        for part in self._chunks():
            if self.wb.streamed("leads"):  # read again in the second pass
                read = self.wb.values("leads", SCORE_INPUTS, [], part=part)[0]
            else:  # the one chunk: read once, for both passes
                self._whole = self._typed(part)
                read = self._whole[0]
            ids += read["lead_id"].tolist()
            scorer.learn(read)
        self.rows = self.wb.rows("leads")  # recorded by the pass above
        new_ids = assign_ids(ids)
        self.new_ids = {self.rows[pos]: lead_id for pos, lead_id in new_ids.items()}
        if scorer.fit():  # enough dated won and lost deals (else `salesxl score` says why)
            self.scorer = scorer  # (validate reports no back-test)

    def plan(self) -> list[ColumnPlan]:
        """Where the result columns go (new ones after the sheet's last used column)."""
        main = self.wb.plan("leads", [*OUTPUTS, "next_step",
                                      *(["lead_id"] if self.new_ids else [])])
        score = self.wb.plan("leads", SCORE_OUTPUTS) if self.scorer is not None else None
        self._plans = (main, score)
        return [main] if score is None else [main, score]

    def chunk_edits(self) -> Iterator[tuple[TableData, CellEdits]]:
        """Each chunk and the cells it writes (none before `plan`)."""
        for part in self._chunks():
            yield part, self._chunk(part)

    def _typed(self, part: TableData
               ) -> tuple[pd.DataFrame, dict[str, np.ndarray], list[Problem]]:
        """The canonical values validate and scoring read, where the rules' cells could not
        be read (scoring's other columns are `salesxl score`'s to report), and those cells'
        problems."""
        problems: list[Problem] = []
        typed, invalid = self.wb.values("leads", READ, problems, part=part)
        mine = set(LEAD_INPUTS)
        return (typed, {k: v for k, v in invalid.items() if k in mine},
                [p for p in problems if p.column in mine])

    def _chunk(self, part: TableData) -> CellEdits:
        wb, cfg, today = self.wb, self.cfg, self.today
        typed, invalid, problems = self._whole if self._whole is not None else self._typed(part)
        self._whole = None
        self.problems += problems
        read = typed  # as read: scoring sees the lead IDs the sheet has
        values = typed[list(dict.fromkeys(LEAD_INPUTS))]
        mine = [(pos, self.new_ids[r]) for pos, r in enumerate(part.frame.index.tolist())
                if r in self.new_ids] if self.new_ids else []
        if mine:  # rows without a lead ID get one (existing IDs never change)
            ids = values["lead_id"].tolist()
            for pos, lead_id in mine:
                ids[pos] = lead_id
            values["lead_id"] = pd.Series(ids, index=values.index, dtype=object)
        results = bant(values, cfg, today, invalid)
        idle = stale(values, cfg, today)
        results["next_step"] = next_steps(values, cfg, today, wb.lang, activities=self.acts,
                                          objections=self.objs, invalid=invalid)
        scores = None
        if self.scorer is not None:
            scores = self.scorer.score(read[list(SCORE_INPUTS)])
        for key, n in results["bant_status"].value_counts().items():
            self.counts[str(key)] = self.counts.get(str(key), 0) + int(n)
        self.stale += _stale_leads(part, values, idle, cfg)
        cells = CellEdits()
        if self._plans is None:
            return cells  # not writing
        main, score = self._plans
        written = results[[*OUTPUTS, "next_step"]].copy()
        if self.new_ids:
            written["lead_id"] = values["lead_id"]
        cells.merge(wb.column_cells(part, written, main))
        if scores is not None and score is not None:
            cells.merge(wb.column_cells(part, scores[list(SCORE_OUTPUTS)], score))
        cells.merge(rewritten_cells(part, values, invalid, "probability", as_fraction))
        for key in LABELLED:
            words = cfg.vocabulary(f"{key}s")
            cells.merge(rewritten_cells(part, values, invalid, key, as_label(
                partial(words.label, lang=wb.lang))))
        return cells

    def report(self, seconds: dict[str, float]) -> ValidateReport:
        in_column_order(self.problems, LEAD_INPUTS)  # as one read of the whole table
        return ValidateReport(self.wb.path, self.today, len(self.rows), self.counts,
                              self.problems, seconds=seconds, stale=self.stale,
                              notes=list(self.wb.notes), ids_assigned=len(self.new_ids),
                              scored=self.scorer.open if self.scorer is not None else 0)


def rewritten_cells(td: TableData, values: pd.DataFrame, invalid: dict[str, Any], key: str,
                    shown: Callable[[Any, Any], Any]) -> dict[tuple[int, int], Any]:
    """The cells of column `key` written back in the form the sheet reads: `shown(raw, value)`
    gives a cell's new content from what was typed and its canonical value, or None when the
    cell already says it. Unreadable cells are left as they are (they are reported); blank
    cells stay blank."""
    if key not in td.columns:
        return {}
    c = td.columns[key]
    bad = invalid.get(key)
    out: dict[tuple[int, int], Any] = {}
    for i, (r, raw, value) in enumerate(zip(td.frame.index, td.frame[key], values[key],
                                            strict=True)):
        if value is None or raw is None or (bad is not None and bad[i]):
            continue
        new = shown(raw, value)
        if new is not None:
            out[(int(r), c)] = new
    return out


def as_fraction(raw: Any, value: float) -> float | None:
    """A percent typed as 75, "75%" or "75 %" is written as the fraction it means (0.75), so
    the sheet's % format and formulas agree with salesxl."""
    return None if raw.__class__ in (int, float) and float(raw) == value else value


def as_label(label: Callable[[str], str]) -> Callable[[Any, str], str | None]:
    """A choice typed as a key, a synonym or an old label ("계약완료", "closed won") is written
    as the label the workbook's dropdown offers ("수주"). (A blank Stage read from the Outcome
    column has no typed cell: it stays blank.)"""
    labels: dict[str, str] = {}  # a dozen stage and outcome keys over every lead

    def shown(raw: Any, value: str) -> str | None:
        word = labels.get(value)
        if word is None:
            word = labels[value] = label(value)
        return None if raw == word else word
    return shown


def _stale_leads(td: TableData, values: pd.DataFrame, idle: pd.DataFrame,
                 cfg: Config) -> list[StaleLead]:
    rot = {s.key: s.rotting_days for s in cfg.stages}
    c = td.columns.get("stage", 0)
    where = f"{td.sheet}!{col_letter(c)}"  # + the 1-based row: to_a1 without a call per lead
    mask = idle["stale"].to_numpy(dtype=bool)
    rows = idle.index[mask].tolist()
    ids = values["lead_id"].to_numpy(dtype=object)[mask].tolist()
    companies = values["company"].to_numpy(dtype=object)[mask].tolist()
    stages = values["stage"].to_numpy(dtype=object)[mask].tolist()
    days = idle["days_in_stage"].to_numpy(dtype=object)[mask].tolist()
    return [StaleLead(i, s, int(d), rot.get(s, 0), f"{where}{int(r) + 1}", co)
            for r, i, s, d, co in zip(rows, ids, stages, days, companies, strict=True)]
