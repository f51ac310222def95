"""The buttons of the macro workbooks: RunPython entry points, one per button, no arguments.

Each button's VBA Sub (``macros/SalesxlButtons.bas``) only runs
``RunPython "import salesxl.xl.macros as m; m.validate_leads()"``. The entry point finds its
workbook with ``xw.Book.caller()`` and:

- **Validate leads**, **Schedule follow-ups**, **Advance selected leads** read the tables from
  the *open* workbook (`salesxl.xl.book.read_open_book`, the file reader's own table finding),
  run the same parsing and rules as ``salesxl validate`` / ``followups`` / ``advance``, and
  write back only the cells that change, through Excel. Nothing is saved: the rep saves as
  usual. (The file itself cannot be patched while Excel has it open.)
- **Refresh summary** saves the workbook, runs the library's summary on a copy of the file
  and copies the Summary sheet's values back into the open workbook.
- **Consolidate a folder** and **Import a legacy workbook** (for managers) write a *new* team
  workbook with the library (`salesxl.consolidate`, `salesxl.convert`) and open it.

Whatever happens, the outcome is written to the message area of the ``salesxl`` sheet (cells,
values, what to fill in) and to Excel's status bar; an error never reaches the rep as a
Python traceback. A feature whose library is not installed says so there.

Example (what a button does, with a stand-in for Excel; see tests/test_xl_macros.py):
    >>> import xlwings as xw
    >>> xw.Book.set_mock_caller(book)  # doctest: +SKIP
    >>> validate_leads()  # doctest: +SKIP
    >>> book.sheets["salesxl"]["E22"].value  # doctest: +SKIP
    '60 leads: 41 Qualified, 12 Partial, 5 Unqualified, 2 Invalid; 180 cells written'
"""

from __future__ import annotations

import contextlib
import datetime as dt
import inspect
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import xlwings as xw

from salesxl.core import parse
from salesxl.core.cells import to_a1
from salesxl.core.errors import Problem, RuleError, SalesxlError, UsageError, WorkbookError
from salesxl.core.messages import Msg, reset_lang, set_lang, tr
from salesxl.core.schema import (
    BANT_STATUSES,
    FOLLOW_UP_STATUSES,
    LEADS,
    SUMMARY_SHEET,
    normalize_header,
)
from salesxl.core.values import cell_value
from salesxl.core.vocab import AGENDA_KINDS
from salesxl.io.read import WorkbookData
from salesxl.xl import panel
from salesxl.xl.book import (
    excel_value,
    file_grids,
    mirror,
    now_text,
    open_book,
    read_open_book,
    selected_rows,
)

Work = Callable[[Any, "Report", dt.date], None]


@dataclass
class Report:
    """What one button run tells the rep: a summary line and messages with their cells."""

    title: str
    lang: str = "ko"
    summary: str = ""
    lines: list[tuple[str, str, str]] = field(default_factory=list)  # level, where, message

    def info(self, message: str, where: str = "") -> None:
        self.lines.append(("info", where, message))

    def warning(self, message: str, where: str = "") -> None:
        self.lines.append(("warning", where, message))

    def error(self, message: str, where: str = "") -> None:
        self.summary = self.summary or message
        self.lines.append(("error", where, message))

    def problems(self, problems: list[Problem]) -> None:
        for p in problems:
            self.warning(p.line(self.lang), p.where)


def today() -> dt.date:
    """The day the rules measure from (a function so tests can fix it)."""
    return dt.date.today()


# --- the buttons -----------------------------------------------------------------------------
def validate_leads() -> None:
    """Button *Validate leads*: BANT status, score and missing letters for every lead."""
    run("validate_leads", _validate)


def advance_selected_leads() -> None:
    """Button *Advance selected leads*: move each selected lead one stage forward."""
    run("advance_selected_leads", _advance)


def schedule_follow_ups() -> None:
    """Button *Schedule follow-ups*: next follow-up date, channel and status for every lead."""
    run("schedule_follow_ups", _follow_ups)


def refresh_summary() -> None:
    """Button *Refresh summary*: rebuild the Summary sheet's tables from the current data."""
    run("refresh_summary", _summary)


def consolidate_folder() -> None:
    """Button *Consolidate a folder* (managers): the folder's rep workbooks into a new one."""
    run("consolidate_folder", _consolidate)


def import_legacy_workbook() -> None:
    """Button *Import a legacy workbook* (managers): a legacy sheet into a new team workbook."""
    run("import_legacy_workbook", _import_legacy)


def run(entry: str, work: Work, book: Any = None) -> Report:
    """Run one button's work on the calling workbook and show its report; never raise.

    Args:
        entry: the button's entry point name (its caption titles the report).
        work: does the work, filling the report.
        book: the workbook (default: ``xw.Book.caller()``, the one whose button was clicked).
    """
    book = book if book is not None else xw.Book.caller()
    button = panel.button(entry)
    report = Report(button.en, lang=_panel_lang(book))
    report.title = button.caption(report.lang)
    reset_lang()  # Excel's Python lives on between clicks: this click speaks its workbook's
    set_lang(report.lang)
    try:
        work(book, report, today())
    except SalesxlError as exc:
        report.error(exc.text(report.lang))
    except Exception as exc:  # a bug or an Excel failure: a clear line, never a traceback
        report.error(tr("salesxl stopped unexpectedly ({kind}: {detail}). Cells written before "
                        "this point are kept; please send this message and the workbook to "
                        "whoever supports salesxl for your team.", report.lang,
                        kind=type(exc).__name__, detail=exc))
    try:
        show(book, report)
    except Exception as exc:  # the sheet cannot be written: the status bar still can
        _status(book, f"salesxl: {report.title}: {report.summary} ({exc})")
    return report


# --- the work ---------------------------------------------------------------------------------
def _validate(book: Any, report: Report, day: dt.date) -> None:
    """`salesxl validate` itself, run on the open workbook (one pipeline, not a copy)."""
    from salesxl.commands.validate import validate

    wb = open_book(book, ["leads"])
    report.lang = lang = wb.lang
    done = validate(wb, today=day)
    for added in done.columns_added:
        report.info(tr("added the column {name}", lang, name=added))
    report.summary = _counted(lang, done.rows, done.counts, BANT_STATUSES, done.cells_written)
    _notes(report, wb.data)
    report.problems(done.problems)
    cfg = wb.config
    for s in done.stale:
        lead = f"{s.lead_id} {s.company}" if s.company else str(s.lead_id)
        report.warning(tr("{lead}: {days} days in {stage} (stale after {rotting} days)", lang,
                          lead=lead, days=s.days_in_stage, stage=cfg.stage(s.stage).label(lang),
                          rotting=s.rotting_days), s.cell)


def _counted(lang: str, rows: int, counts: dict[str, int], choices: Any, cells: int) -> str:
    """'60 leads: 41 Qualified, 12 Partial, ...; 180 cells written', in `lang`."""
    parts = [tr("{n} {label}", lang, n=counts.get(ch.key, 0), label=ch.label(lang))
             for ch in choices]
    return tr("{n} leads: {counts}; {cells} cells written", lang, n=rows,
              counts=", ".join(parts), cells=cells)


def _follow_ups(book: Any, report: Report, day: dt.date) -> None:
    """`salesxl followups` itself, run on the open workbook."""
    from salesxl.commands.followups import followups

    wb = open_book(book, ["leads", "activities", "customers"])
    report.lang = lang = wb.lang
    done = followups(wb, today=day)
    for added in done.columns_added:
        report.info(tr("added the column {name}", lang, name=added))
    report.summary = _counted(lang, done.rows, done.counts, FOLLOW_UP_STATUSES,
                              done.cells_written)
    _notes(report, wb.data)
    report.problems(done.problems)
    cfg = wb.config
    for line in done.agenda:
        status = cell_value(LEADS.column("follow_up_status"), line.status, cfg, lang)
        channel = cell_value(LEADS.column("follow_up_channel"), line.channel, cfg, lang)
        lead = f"{line.lead_id} {line.company}" if line.company else str(line.lead_id)
        report.info(f"{status} {line.date.isoformat()}: {lead} ({channel})", line.cell)
    for line in done.customer_agenda:  # after the sale: touches, thank-yous, occasions
        kind = AGENDA_KINDS.label(line.kind, lang)
        who = f"{line.lead_id} {line.company}" if line.company else str(line.lead_id)
        report.info(f"{kind} {line.date.isoformat()}: {who}", line.cell)


def _notes(report: Report, data: WorkbookData) -> None:
    for note in data.notes:
        report.info(note)


def _lead(values: pd.DataFrame, r: Any) -> str:
    lead_id = values.at[r, "lead_id"] if "lead_id" in values else None
    company = values.at[r, "company"] if "company" in values else None
    name = str(lead_id) if lead_id is not None else f"row {int(r) + 1}"
    return f"{name} {company}" if company else name


def _advance(book: Any, report: Report, day: dt.date) -> None:
    try:
        from salesxl.commands.advance import advance
    except ImportError:
        _not_installed(report, "salesxl.advance")
        return
    data = read_open_book(book, ["leads"])
    report.lang = data.lang
    td = data.table("leads")
    rows = [r for r in selected_rows(book, td.sheet) if r in td.frame.index]
    if not rows:
        raise UsageError("no lead is selected: select the rows of one or more leads on the "
                         "{sheet} sheet (any cells in those rows), then click the button",
                         sheet=td.sheet)
    c = td.columns.get("lead_id", 0)
    ids = []
    for r in rows:
        lead_id = parse.parse_text(td.frame.at[r, "lead_id"]) if "lead_id" in td.frame else None
        if lead_id:
            ids.append(lead_id)
        else:
            report.warning(tr("this lead has no Lead ID: give it one to advance it",
                              report.lang), f"{td.sheet}!{to_a1(int(r), c)}")
    if not ids:
        raise UsageError("none of the selected leads has a Lead ID; fill in the Lead ID column")
    path = _saved_path(book)
    book.save()  # the file is current; the library works on a copy of it (Excel holds it)
    with tempfile.TemporaryDirectory(prefix="salesxl-") as tmp:
        copy = Path(tmp) / path.name
        shutil.copyfile(path, copy)
        before = file_grids(copy)
        try:
            result = advance(copy, ids, today=day)  # exactly `salesxl advance --lead ...`
        except RuleError as exc:
            lines = exc.text(report.lang).splitlines()
            report.summary = tr("nothing was changed: {n} selected lead(s) cannot all move on "
                                "(see below)", report.lang, n=len(ids))
            for line in lines:
                report.warning(line.strip())
            return
        after = file_grids(copy)
    cells = mirror(book, before, after)
    for change in result.changes:
        report.info(f"{change.lead_id}: {change.from_label} → {change.to_label}", change.cell)
    report.summary = tr("{n} lead(s) moved one stage forward, logged in {sheet}; {cells} "
                        "cells written", report.lang, n=len(result.changes),
                        sheet=result.history_sheet, cells=cells)


# --- file-level features --------------------------------------------------------------------
def _not_installed(report: Report, module: str) -> None:
    """The button's feature (its caption, `report.title`) is missing from this salesxl."""
    report.error(tr("{feature} is not installed in this salesxl yet ({module} is missing). "
                    "Update salesxl (pip install -U salesxl) and try again; nothing was "
                    "changed.", report.lang, feature=report.title, module=module))


def _saved_path(book: Any) -> Path:
    path = Path(str(book.fullname))
    if not path.is_file():
        raise UsageError("save the workbook to a folder on this computer first (File > Save "
                         "As); it has no file yet")
    return path


def _summary(book: Any, report: Report, day: dt.date) -> None:
    try:
        from salesxl.commands.summary import summary
    except ImportError:
        _not_installed(report, "salesxl.commands.summary.summary")
        return
    path = _saved_path(book)
    book.save()  # the file is current; the library works on a copy of it (Excel holds it)
    with tempfile.TemporaryDirectory(prefix="salesxl-") as tmp:
        copy = Path(tmp) / path.name
        shutil.copyfile(path, copy)
        result = _call(summary, copy, today=day, backup=False)
        sheet, grid = _summary_grid(copy, getattr(result, "sheet", None))
    target = _sheet(book, sheet)
    target.clear_contents()
    if grid:
        width = max(len(row) for row in grid)
        target.range((1, 1), (len(grid), width)).value = [
            [excel_value(v) for v in row] + [None] * (width - len(row)) for row in grid]
    report.summary = tr("{sheet} sheet refreshed: {n} rows (the tables; the charts and the "
                        "PivotTable are rebuilt by `salesxl summary` on the closed workbook)",
                        report.lang, sheet=sheet, n=len(grid))


def _call(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call a library function with the keyword arguments it takes."""
    accepted = inspect.signature(fn).parameters
    return fn(*args, **{k: v for k, v in kwargs.items() if k in accepted})


def _summary_grid(path: Path, sheet: str | None) -> tuple[str, list[list[Any]]]:
    grids = file_grids(path)
    names = {normalize_header(n) for n in (SUMMARY_SHEET[0], SUMMARY_SHEET[1], *SUMMARY_SHEET[2])}
    for name, grid in grids.items():
        if name == sheet or (sheet is None and normalize_header(name) in names):
            return name, [[None if v == "" else v for v in row] for row in grid]
    raise WorkbookError("{path}: the summary wrote no Summary sheet", path=path.name)


def _sheet(book: Any, name: str) -> Any:
    if name in [s.name for s in book.sheets]:
        return book.sheets[name]
    return book.sheets.add(name, after=book.sheets[len(book.sheets) - 1])


def _input(book: Any, cell: tuple[int, int], what: Msg) -> Path:
    sheet = _sheet(book, panel.SHEET)
    value = sheet.range((cell[0] + 1, cell[1] + 1)).value
    text = parse.parse_text(value) if not parse.is_blank(value) else None
    where = f"{panel.SHEET}!{to_a1(*cell)}"
    if not text:
        raise UsageError("type the {what} in {where} first, then click the button again",
                         what=what, where=where)
    path = Path(text.strip().strip('"')).expanduser()
    if not path.exists():
        raise UsageError("{where}: {text!r} does not exist on this computer; check the {what}",
                         where=where, text=text, what=what)
    return path


def _consolidate(book: Any, report: Report, day: dt.date) -> None:
    try:
        from salesxl.commands.consolidate import consolidate
    except ImportError:
        _not_installed(report, "salesxl.consolidate")
        return
    folder = _input(book, panel.FOLDER_CELL, Msg("folder of the reps' workbooks"))
    if not folder.is_dir():
        raise UsageError("{path} is a file: type the folder that holds the reps' workbooks",
                         path=folder)
    out = folder / f"salesxl-team-{day.isoformat()}.xlsx"
    result = consolidate([folder], out, workers=1)
    report.summary = tr("{n} workbook(s) consolidated: {leads} leads ({merged} duplicates "
                        "merged) into {path}", report.lang,
                        n=len(result.sources) - len(result.failed), leads=result.leads_team,
                        merged=result.leads_merged, path=out)
    for src in result.failed:
        report.warning(f"{src.display}: {src.reason_text(report.lang)}", src.path)
    for note in result.notes:
        report.info(note)
    report.problems(result.problems[:panel.LOG_MAX_LINES])
    _open(book, out, report)


def _import_legacy(book: Any, report: Report, day: dt.date) -> None:
    try:
        from salesxl.commands.convert import convert
    except ImportError:
        _not_installed(report, "salesxl.convert")
        return
    legacy = _input(book, panel.LEGACY_CELL, Msg("legacy workbook"))
    out_dir = legacy.parent / "salesxl-converted"
    result = convert([legacy], out_dir, workers=1, lang=report.lang)
    report.summary = tr("{n} row(s) read: {converted} converted, {rejected} rejected (see the "
                        "Rejected sheet); report: {report}", report.lang, n=result.rows_in,
                        converted=result.converted, rejected=result.rejected,
                        report=result.report)
    for f in result.failed:
        report.error(f"{f.file}: {f.error_text(report.lang)}")
    for f in result.files:
        for warning in f.warning_texts(report.lang):
            report.warning(warning, f.file)
    report.problems(result.problems)
    for out in result.outputs:
        _open(book, out, report)


def _open(book: Any, path: Path, report: Report) -> None:
    try:
        book.app.books.open(str(path))
    except Exception as exc:  # the file is written; opening it is a convenience
        report.warning(tr("written, but Excel could not open it ({detail}); open it yourself",
                          report.lang, detail=exc), str(path))
    else:
        report.info(tr("opened in Excel", report.lang), str(path))


# --- the report -----------------------------------------------------------------------------
def _panel_lang(book: Any) -> str:
    """The panel's language: Korean when the workbook's sheet names are Korean."""
    try:
        names = [s.name for s in book.sheets]
    except Exception:
        return "ko"
    return "ko" if any("가" <= ch <= "힣" for n in names for ch in n) else "en"


def show(book: Any, report: Report) -> None:
    """Write the report into the salesxl sheet's message area and the status bar."""
    sheet = _sheet(book, panel.SHEET)
    lang = report.lang
    first = panel.LOG_FIRST_ROW
    last = max(sheet.used_range.last_cell.row, first + 1)
    c1, c2 = panel.LOG_COLS[0] + 1, panel.LOG_COLS[-1] + 1
    sheet.range((first + 1, c1), (last, c2)).clear_contents()
    header = [panel.text(k, lang) for k in ("when", "level", "where", "message")]
    level = "error" if any(x[0] == "error" for x in report.lines) else "info"
    rows = [[now_text(), panel.text(level, lang), report.title,
             report.summary or tr("done", lang)]]
    lines = [x for x in report.lines if not (x[0] == "error" and x[2] == report.summary)]
    for lvl, where, message in lines[:panel.LOG_MAX_LINES]:
        rows.append(["", panel.text(lvl, lang), where, message])
    if len(lines) > panel.LOG_MAX_LINES:
        rows.append(["", panel.text("info", lang), "",
                     tr("... and {n} more", lang, n=len(lines) - panel.LOG_MAX_LINES)])
    sheet.range((first, c1), (first, c2)).value = [header]
    sheet.range((first + 1, c1), (first + len(rows), c2)).value = [
        [excel_value(v) for v in row] for row in rows]
    _status(book, f"salesxl: {report.title}: {report.summary or tr('done', lang)}")


def _status(book: Any, text: str) -> None:
    # not every Excel lets a macro set the status bar; the sheet has it all anyway
    with contextlib.suppress(Exception):
        book.app.status_bar = text[:250]
