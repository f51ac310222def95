"""`salesxl.summary`: read a team workbook, compute the Summary, rebuild its Summary sheet.

The edges around the pure tables: reading (only the columns the Summary needs, each distinct
value parsed once), the native PivotTable's source (the Leads Excel Table, else its range),
the sheet build and graft, and the PNG charts.

Example:
    >>> s = summary("team.xlsx", today=dt.date(2026, 11, 27))  # doctest: +SKIP
    >>> s.pipeline.loc["Total", ("amount", "Total")]  # doctest: +SKIP
    1460400000.0
    >>> summary("team.xlsx", write=False).funnel  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from salesxl.core.cells import parse_range, range_a1
from salesxl.core.config import Config
from salesxl.core.errors import Problem, UsageError, WorkbookError
from salesxl.core.progress import phase
from salesxl.core.schema import (
    AFTERSALE_SHEET,
    REP_SUMMARY_SEPARATOR,
    STALE_SHEET,
    SUMMARY_SHEET,
    TABLES,
    is_report_sheet,
)
from salesxl.core.summary import tables as T
from salesxl.core.summary.compute import Summary, compute
from salesxl.core.summary.derive import LEAD_KEYS, NONE, labels
from salesxl.core.summary.labels import text
from salesxl.io.book import Book
from salesxl.io.parts.charts import write_png
from salesxl.io.parts.pivot import Pivot, PivotNames, PivotSource, build_crosstab
from salesxl.io.parts.safety import check_not_open_in_excel
from salesxl.io.parts.zipparts import read_part, table_parts, workbook_sheets
from salesxl.io.read import TableData, WorkbookData
from salesxl.io.summary_sheet import (
    MARKER,
    build_aftersale_sheet,
    build_sheet,
    build_stale_sheet,
    pivot_anchor,
)

OTHER_KEYS = {
    "history": ("lead_id", "from_stage", "to_stage", "changed_at"),
    "objections": ("lead_id", "category", "resolved", "raised_on", "resolved_on"),
    "activities": ("lead_id", "date", "type", "rep"),
    "targets": ("rep", "period", "won_amount", "new_deals", "activities"),
    "customers": ("customer_id", "company", "contact_name", "rep", "tier", "lead_id",
                  "last_touch_on", "touch_channel"),
}
"""The other tables the Summary reads, and their columns (the Customers columns the
after-sale figures need: never the personal customer file)."""
PIVOT_NAME = "salesxlPipeline"
SPLIT_MAX_REPS = 10
"""Above this many reps the pipeline tables are not split by rep unless asked (``by_rep``):
the per-rep blocks of the first screen, forecast, changes, activity and velocity already are,
and each rep has a sheet of their own with ``reps``/``rep_sheets``."""


def summary(book: str | Path | Book, *, today: dt.date | None = None, png: str | Path | None = None,
            by_rep: bool | None = None, write: bool = True, out: str | Path | None = None,
            backup: bool = True, since: dt.date | None = None,
            reps: Sequence[str] | None = None, rep_sheets: bool = False,
            recalc: bool = False) -> Summary:
    """Compute the Summary tables of ``book`` and rebuild its Summary sheet.

    Only the Summary sheet (and the parts it owns: drawing, charts, PivotTable and its cache)
    is rebuilt; every other sheet and part of the workbook stays byte-identical. The file is
    replaced atomically and the previous version kept in ``.salesxl-backup/``.

    Args:
        book: the team workbook (a rep's or a consolidated one).
        today: the day overdue, stale and BANT timing are measured against (default: today).
        png: also write the charts as PNG images into this folder (needs matplotlib).
        by_rep: split the pipeline tables by rep; default: when the Leads hold 2 to
            `SPLIT_MAX_REPS` reps.
        write: rebuild the Summary sheet; ``False`` only computes (for notebooks).
        out: write the summarised workbook here instead of over ``book``.
        backup: keep the previous version of the file written.
        since: the comparison date of "what changed" (default: 7 days before ``today``).
        reps: also write a compact sheet for each of these reps ("Summary - NAME" /
            "요약 - NAME"): the same blocks filtered to the rep, for one-to-ones.
        rep_sheets: write such a sheet for every rep.

    Returns:
        A `salesxl.core.summary.compute.Summary`: the tables as DataFrames, the headline figures,
        where the sheet, pivot and images went, and the cells that could not be read.

    Raises:
        WorkbookError: the workbook cannot be read or written safely, or a sheet named
            Summary exists that salesxl did not make.
        TableNotFoundError: the workbook has no Leads table.

    Example:
        >>> s = summary("team.xlsx", today=dt.date(2026, 11, 27), png="charts")  # doctest: +SKIP
        >>> s.headline()["open_deals"], [p.name for p in s.png][:2]  # doctest: +SKIP
        (157, ['pipeline.png', 'funnel.png'])
    """
    today = today or dt.date.today()
    since = since or today - dt.timedelta(days=7)
    if since > today:
        raise UsageError("--since {since} is after --today {today}: the comparison date must "
                         "be on or before today", since=since.isoformat(),
                         today=today.isoformat())
    if write and out is not None:  # fail before the long read, not after it
        check_not_open_in_excel(Path(out))
    seconds: dict[str, float] = {}
    t0 = time.perf_counter()
    phase("read")
    wb = book if isinstance(book, Book) else Book.open(book, tables=["leads", *OTHER_KEYS],
                                                       write=write, recalc=recalc,
                                                       keep=OTHER_KEYS)
    wd, leads, invalid, others, problems = _read(wb)
    td, cfg = wd.table("leads"), wd.config
    seconds["read"] = time.perf_counter() - t0
    t1 = time.perf_counter()
    phase("rules")
    if by_rep is None:
        named = {str(r).strip().casefold() for r in leads["rep"] if r is not None}
        by_rep = 1 < len(named) <= SPLIT_MAX_REPS
    s = compute(leads, cfg, today, history=others["history"],
                objections=others["objections"], activities=others["activities"],
                targets=others["targets"], customers=others["customers"], invalid=invalid,
                by_rep=by_rep, since=since)
    s.problems = problems
    s.notes.extend(wd.notes)
    names = _rep_names(leads, reps, rep_sheets)
    for name in names:
        s.rep_summaries[name] = compute(
            leads, cfg, today, history=others["history"], objections=others["objections"],
            activities=others["activities"], targets=others["targets"], invalid=invalid,
            since=since, rep=name)
    seconds["compute"] = time.perf_counter() - t1
    t2 = time.perf_counter()
    phase("write")
    lang = wd.lang
    pivot = None
    if write or png is not None:
        sheet = _own_sheet_name(wb, SUMMARY_SHEET, lang, strict=write)
        stale_name = _own_sheet_name(wb, STALE_SHEET, lang, strict=write)
        after_name = _own_sheet_name(wb, AFTERSALE_SHEET, lang, strict=write)
        pivot, why = _pivot(wb, td, cfg, lang, pivot_anchor(s, cfg))
        if why:
            s.notes.append(why)
        built = build_sheet(s, cfg, lang, sheet, pivot, leads_sheet=td.sheet,
                            stale_sheet=stale_name, aftersale_sheet=after_name)
        s.charts = [c.key for c in built.charts]
    if write:
        owned = _owned
        wb.graft_sheet(sheet, built.xlsx, pivots=[pivot] if pivot else [], owned=owned,
                       loose=built.loose)
        for name, made in ((stale_name, build_stale_sheet(s, cfg, lang, stale_name, td.sheet)),
                           (after_name, build_aftersale_sheet(s, cfg, lang, after_name))):
            wb.graft_sheet(name, made.xlsx, owned=owned, loose=made.loose)
        for name, rs in s.rep_summaries.items():
            rep_sheet = _rep_sheet_name(sheet, name)
            rs.sheet = rep_sheet
            made = build_sheet(rs, cfg, lang, rep_sheet, None, leads_sheet=td.sheet,
                               stale_sheet=stale_name, compact=True)
            wb.graft_sheet(rep_sheet, made.xlsx, owned=owned, loose=made.loose)
        saved = wb.save(out=out, backup=backup)
        report = saved.grafts[0]
        s.path, s.sheet, s.backup = saved.path, report.sheet, saved.backup
        s.stale_sheet = saved.grafts[1].sheet
        s.aftersale_sheet = saved.grafts[2].sheet
        s.rep_sheets = [g.sheet for g in saved.grafts[3:]]
        s.pivot = f"{report.sheet}!{pivot.ref}" if pivot else None
    seconds["write"] = time.perf_counter() - t2
    if png is not None:
        t3 = time.perf_counter()
        for spec in built.charts:
            file, note = write_png(spec, png)
            s.png.append(file)
            if note and note not in s.notes:
                s.notes.append(note)
        seconds["png"] = time.perf_counter() - t3
    s.seconds = seconds
    return s


def _read(wb: Book) -> tuple[WorkbookData, pd.DataFrame, dict[str, Any],
                             dict[str, pd.DataFrame | None], list[Problem]]:
    """The workbook, its canonical Leads (and unreadable cells), History, Objections and
    Activities, and the problems found."""
    wd = wb.data
    _drop_report_sheets(wd)
    problems: list[Problem] = []
    leads, invalid = wb.values("leads", LEAD_KEYS, problems)
    others: dict[str, pd.DataFrame | None] = {
        key: wb.values(key, cols, problems)[0] if wb.has(key) else None
        for key, cols in OTHER_KEYS.items()}
    wb.release(OTHER_KEYS)  # their canonical values are all the summary needs of them
    return wd, leads, invalid, others, problems


def _drop_report_sheets(wd: WorkbookData) -> None:
    """Forget a table found by its headers on a Summary sheet (its own tables look alike)."""
    for key in [k for k, t in wd.tables.items() if is_report_sheet(t.sheet)]:
        del wd.tables[key]


def _pivot(wb: Book, td: TableData, cfg: Config, lang: str,
           anchor: tuple[int, int]) -> tuple[Pivot | None, str | None]:
    """The rep × stage PivotTable over the Leads, or None and the reason there is none."""
    for key in ("rep", "stage", "deal_amount"):
        if key not in td.columns:
            label = TABLES["leads"].column(key).label(lang)
            return None, (f"no PivotTable: the Leads table has no {label!r} column")
    src = _pivot_source(wb, td)
    if src is None:
        return None, ("no PivotTable: the Leads headers have a blank or repeated cell; make "
                      "the Leads range an Excel Table (Insert > Table) to get one")
    first_col = _first_col(src)
    col = {key: td.columns[key] - first_col for key in ("rep", "stage", "deal_amount")}
    frame = td.frame
    pad = np.full(max(_source_rows(src) - len(frame), 0), None, dtype=object)

    def cells(key: str) -> np.ndarray:  # blank rows inside an Excel Table are blank items
        return np.concatenate([frame[key].to_numpy(dtype=object), pad])

    rows, stages, amounts = cells("rep"), cells("stage"), cells("deal_amount")
    columns = {c - first_col: cells(key) for key, c in {**td.columns, **td.extras}.items()
               if 0 <= c - first_col < len(src.fields)}
    src = PivotSource(src.sheet, src.ref, src.fields, src.table, columns)
    order = {k: i for i, k in enumerate(cfg.stage_keys)}
    kinds = {s.key: s.type for s in cfg.stages}

    def stage_of(raw: Any) -> str | None:
        return cfg.resolve_stage(raw) if isinstance(raw, str) and raw.strip() else None

    hidden = {raw for raw in pd.unique(stages) if kinds.get(stage_of(raw) or "") != "open"}

    def col_sort(raw: Any) -> tuple[int, int, str]:
        key = stage_of(raw)
        return (0 if key in order else 1, order.get(key or "", 0), str(raw).casefold())

    names = PivotNames(
        amount=text("pivot_sum", lang, field=src.fields[col["deal_amount"]]),
        count=text("pivot_count_of", lang, field=src.fields[col["stage"]]),
        row_header=text("rep", lang), col_header=text("stage", lang),
        grand_total=text("grand_total", lang), total_of=text("total_of", lang),
        blank=text("blank", lang))
    try:
        pivot = build_crosstab(src, rows=rows, cols=stages, values=amounts,
                               row_field=col["rep"], col_field=col["stage"],
                               value_field=col["deal_amount"], anchor=anchor, cache_id=1,
                               name=PIVOT_NAME, hidden_cols=hidden, col_sort=col_sort,
                               names=names, counts=False)
    except ValueError:  # nothing to show
        return None, text("no_pivot", "en")
    return pivot, None


def _first_col(src: PivotSource) -> int:
    return parse_range(src.ref)[1]


def _source_rows(src: PivotSource) -> int:
    """Data rows of the source range (its header row left out)."""
    r1, _, r2, _ = parse_range(src.ref)
    return r2 - r1


def _pivot_source(wb: Book, td: TableData) -> PivotSource | None:
    """The Leads as a pivot source: its Excel Table, else the range under its header row."""
    with wb.zip() as zf:
        tables = table_parts(zf, td.sheet)
    header_cols = sorted({*td.columns.values(), *td.extras.values()})
    for t in tables:
        if t.first_row == td.header_row and t.first_col <= header_cols[0] <= t.last_col \
                and not t.totals_rows:
            return PivotSource(td.sheet, t.ref, list(t.columns), t.display_name)
    first, last = header_cols[0], header_cols[-1]
    header = td.header or _header_row(wb, td)
    fields = [header[c] if c < len(header) else "" for c in range(first, last + 1)]
    if any(not f for f in fields) or len({f.casefold() for f in fields}) != len(fields):
        return None
    ref = range_a1(td.header_row, first, max(td.last_row, td.header_row + 1), last)
    return PivotSource(td.sheet, ref, fields)


def _header_row(wb: Book, td: TableData) -> list[str]:
    """The header row's texts read again (a table not read from a grid)."""
    grid = wb.grid(td.sheet, td.header_row + 1)
    row = grid[td.header_row] if td.header_row < len(grid) else []
    return ["" if h is None else str(h).strip() for h in row]


def _owned(xml: bytes) -> bool:
    return MARKER.encode() in xml


def _rep_names(leads: pd.DataFrame, reps: Sequence[str] | None, every: bool) -> list[str]:
    """The reps to write a sheet for, spelled as the Leads spell them.

    Raises:
        UsageError: a rep is not on the Leads sheet (the message lists who is).
    """
    known = T.rep_order(labels(leads["rep"])) if "rep" in leads.columns else []
    known = [r for r in known if r != NONE]
    if every:
        return known
    out = []
    for name in reps or ():
        match = next((k for k in known if k.casefold() == name.strip().casefold()), None)
        if match is None:
            if not known:
                raise UsageError("--rep {rep!r}: no lead has that rep; the reps are (none)",
                                 rep=name)
            raise UsageError("--rep {rep!r}: no lead has that rep; the reps are {reps}",
                             rep=name, reps=", ".join(known))
        out.append(match)
    return list(dict.fromkeys(out))


def _rep_sheet_name(summary_sheet: str, rep: str) -> str:
    """"Summary - Kim" (a sheet name: at most 31 characters, none of []:*?/\\)."""
    clean = "".join(ch for ch in rep if ch not in "[]:*?/\\").strip() or "rep"
    return f"{summary_sheet}{REP_SUMMARY_SEPARATOR}{clean}"[:31]


def _own_sheet_name(wb: Book, names: tuple[str, str, tuple[str, ...]], lang: str, *,
                    strict: bool = True) -> str:
    """salesxl's existing sheet of this kind (either language), else its label in ``lang``.

    Raises:
        WorkbookError: ``strict`` and a sheet of that name exists that salesxl did not make.
    """
    label = names[1] if lang == "ko" else names[0]
    wanted = {n.casefold() for n in names[:2]}
    with wb.zip() as zf:
        sheets = workbook_sheets(zf)
        for sheet in sheets:
            if sheet.name.casefold() in wanted and sheet.is_worksheet and \
                    MARKER.encode() in read_part(zf, sheet.member):
                return sheet.name
    for sheet in sheets:
        if strict and sheet.name.casefold() == label.casefold():
            raise WorkbookError(
                "{path}: sheet {sheet!r} was not made by salesxl, so it is not replaced; rename "
                "that sheet (or delete it) and run again", path=wb.path, sheet=sheet.name)
    return label
