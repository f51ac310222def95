"""Converting one legacy file: the unit of work a worker process (or a Dask worker) runs.

:func:`convert_file` reads the file, finds and maps every lead list in it, converts the rows
and — with ``-o`` — writes ``OUTDIR/<name>.xlsx``, a standard team workbook whose Leads sheet
holds the leads, plus an **Extra** sheet (unmapped cells, keyed by lead) and a **Rejected**
sheet (rows that could not be converted, with the reason) when there are any. It never
raises for a bad file: the failure is recorded in the :class:`FileReport` and the batch goes
on. Everything it takes and returns pickles, so it runs unchanged in another process.

The output's language (sheet names, headers, dropdown labels) is ``--lang`` when given,
else the language of the file's headers (mostly Hangul: Korean).

Example:
    >>> from salesxl.core.config import Config
    >>> task = Task(0, "legacy/2019.csv", "2019.csv", "out/2019.xlsx", Options(Config.default()))
    >>> convert_file(task).report.status  # doctest: +SKIP
    'converted'
"""

from __future__ import annotations

import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from salesxl.commands.convert.locate import (
    EMPTY_SHEET,
    EXTRA_SHEETS,
    REJECTED_SHEETS,
    Layout,
    locate,
)
from salesxl.commands.convert.mapping import Mapper, MappingSpec, Match, overrides_for
from salesxl.commands.convert.report import ColumnReport, FileReport
from salesxl.commands.convert.rows import EXTRA_HEADERS, REJECTED_HEADERS, ValueRules, convert_sheet
from salesxl.core import clock
from salesxl.core.cells import to_a1
from salesxl.core.config import Config
from salesxl.core.errors import Problem, WorkbookError
from salesxl.core.messages import Joined, Msg, Pair
from salesxl.io.legacy.sources import read_source


@dataclass
class Options:
    """What every file of a run shares.

    Attributes:
        cfg: the Config whose stages legacy words are matched against (the target workbook's
            with ``--into``).
        lang: output language, or None for the language of each file's headers.
        date_order: ``YMD``/``DMY``/``MDY``, or None: year first (ambiguous short dates in
            English files rejected).
        mapping: the ``--mapping`` file's entries.
        strict: a file with low-confidence or ambiguous header matches is stopped.
        keep_rows: return the leads, Extra and Rejected rows (``--into``) instead of writing.
    """

    cfg: Config
    lang: str | None = None
    date_order: str | None = None
    mapping: MappingSpec = field(default_factory=dict)
    strict: bool = False
    keep_rows: bool = False


@dataclass
class Task:
    """One file to convert; ``output`` is None for ``--into`` and ``--dry-run``."""

    index: int
    path: str
    name: str
    output: str | None
    options: Options


@dataclass
class FileResult:
    """A converted file: its report, the matches used and (with keep_rows) its rows."""

    report: FileReport
    matches: list[Match] = field(default_factory=list)
    leads: list[dict[str, Any]] = field(default_factory=list)
    extras: list[list[Any]] = field(default_factory=list)
    rejected: list[list[Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def header_language(layouts: list[Layout]) -> str:
    """'ko' when most mapped headers are written in Hangul, else 'en'."""
    texts = [m.header for lay in layouts for m in lay.matches.values() if m.key]
    hangul = sum(any("가" <= ch <= "힣" for ch in t) for t in texts)
    return "ko" if hangul and hangul * 2 >= len(texts) else "en"


def convert_file(task: Task) -> FileResult:
    """Convert one legacy file (see the module docstring); never raises for a bad file."""
    start = time.perf_counter()
    report = FileReport(task.index, task.name, task.path)
    result = FileResult(report)
    try:
        _convert(task, result)
    except WorkbookError as exc:
        report.fail("failed", exc.msg)
    except OSError as exc:
        report.fail("failed", Msg("{path} cannot be opened ({detail}): check that the file "
                                  "exists and that you may read it",
                                  {"path": task.path,
                                   "detail": exc.strerror or type(exc).__name__}))
    except Exception as exc:  # a file that trips a bug must not stop a company-wide batch
        last = traceback.extract_tb(exc.__traceback__)[-1]
        report.fail("failed", Msg("{path}: unexpected error {kind}: {detail} (at {where}; "
                                  "please report it)",
                                  {"path": task.path, "kind": type(exc).__name__,
                                   "detail": str(exc),
                                   "where": f"{Path(last.filename).name}:{last.lineno}"}))
    report.seconds = clock.elapsed(start)
    if report.status == "failed":
        result.leads, result.extras, result.rejected = [], [], []
    return result


def crashed(task: Task) -> FileResult:
    """The result of a file whose worker process died reading it (`run_tasks`' on_crash)."""
    report = FileReport(task.index, task.name, task.path)
    report.fail("failed", Msg("{path}: the reader stopped while reading this file (its "
                              "process died: out of memory, or a file the reader cannot "
                              "survive); open it in Excel, save a copy and try again",
                              {"path": task.path}))
    return FileResult(report)


def _convert(task: Task, result: FileResult) -> None:
    opts, report = task.options, result.report
    src = read_source(task.path)
    report.kind, report.encoding = src.kind, src.encoding or ""
    for note in src.notes:
        report.warn(note)
    mapper = Mapper(overrides_for(opts.mapping, task.name))
    layouts: list[tuple[str, Layout]] = []
    why_not: list[Msg] = []
    for sheet in src.sheets:
        lay = locate(sheet, mapper)
        if isinstance(lay, Msg):
            if lay.msgid != EMPTY_SHEET or len(src.sheets) == 1:
                report.warn(Msg("sheet {sheet!r} skipped: {why}", {"sheet": sheet.name,
                                                                   "why": lay}))
                why_not.append(Msg("{sheet}: {why}", {"sheet": sheet.name, "why": lay}))
            continue
        layouts.append((sheet.name, lay))
    if not layouts:
        empty = all(not any(str(v).strip() for row in s.grid for v in row) for s in src.sheets)
        if empty:
            report.fail("failed", Msg("{path} has no data (every sheet is empty)",
                                      {"path": task.path}))
        else:
            report.fail("skipped", Msg("{path}: no sheet looks like a lead list ({why})",
                                       {"path": task.path, "why": Joined(why_not, "; ")}))
        return
    lang = opts.lang or header_language([lay for _, lay in layouts])
    report.lang = lang
    for name, lay in layouts:
        english = header_language([lay]) == "en"
        rules = ValueRules(opts.cfg, opts.date_order or "YMD", src.epoch1904,
                           short_dates_ambiguous=opts.date_order is None and english,
                           lang=lang)
        conv = convert_sheet(lay, rules, file=task.name, sheet=name)
        report.sheets.append(name)
        report.rows_in += conv.rows_in
        report.converted += len(conv.leads)
        report.rejected += len(conv.rejected)
        report.totals_rows += len(lay.totals_rows)
        report.blank_rows += lay.blank_rows
        report.repeated_headers += len(lay.repeated_headers)
        report.extra_cells += len(conv.extras)
        for warning in conv.warnings:
            report.warn(warning)
        if lay.totals_rows:
            rows = ", ".join(str(r + 1) for r in lay.totals_rows[:5])
            report.warn(Msg("{sheet}: totals row(s) {rows} skipped", {"sheet": name,
                                                                       "rows": rows}))
        for c, m in conv.matches.items():
            cell = to_a1(lay.header_row, c)
            report.columns.append(ColumnReport.of(name, cell, m))
            result.matches.append(m)
            if m.doubtful:
                doubt = Msg("matches {how}: confirm it in the mapping file (--mapping)",
                            {"how": Pair(m.describe(), m.describe("ko"))})
                result.problems.append(Problem(name, lay.header_row, c, m.key or "?", m.header,
                                               doubt.text("en"), task.name, doubt))
        result.leads += conv.leads
        result.extras += conv.extras
        result.rejected += conv.rejected
    assert report.balanced, f"{task.name}: rows in != converted + rejected"
    if opts.strict and result.problems:
        report.fail("stopped", Msg("{n} low-confidence or ambiguous header match(es): "
                                   "confirm them in the mapping file and run again",
                                   {"n": len(result.problems)}))
        result.leads, result.extras, result.rejected = [], [], []
        return
    if task.output is not None:
        _write_output(Path(task.output), opts.cfg, lang, result)
        report.output = task.output
    if not opts.keep_rows:
        result.leads, result.extras, result.rejected = [], [], []


def _write_output(path: Path, cfg: Config, lang: str, result: FileResult) -> None:
    from salesxl.io.template import write_team_workbook

    extra_sheets: dict[str, list[list[Any]]] = {}
    if result.extras:
        extra_sheets[EXTRA_SHEETS[lang]] = [EXTRA_HEADERS[lang], *result.extras]
    if result.rejected:
        extra_sheets[REJECTED_SHEETS[lang]] = [REJECTED_HEADERS[lang], *result.rejected]
    path.parent.mkdir(parents=True, exist_ok=True)
    write_team_workbook(path, cfg.model_copy(update={"language": lang}),
                        {"leads": result.leads}, extra_sheets=extra_sheets, lang=lang)
