"""`salesxl demo`: a realistic team of rep workbooks, a few legacy files, and a tour of salesxl.

Example:
    >>> result = demo("/tmp/salesxl-demo", reps=2, leads=30, seed=1)  # doctest: +SKIP
"""

from __future__ import annotations

import csv
import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from salesxl.commands.demo_data import RepData, make_team
from salesxl.commands.export import export
from salesxl.core import clock
from salesxl.core.config import Config
from salesxl.core.messages import Msg, Pair
from salesxl.core.schema import LEADS
from salesxl.core.values import cell_value
from salesxl.io.reportbook import ReportSheet, write_report_book
from salesxl.io.template import write_team_workbook


@dataclass
class DemoResult:
    """What the demo wrote and did."""

    out: Path
    rep_books: list[Path]
    legacy_files: list[Path]
    team: list[RepData]
    steps: list[tuple[str, Msg]] = field(default_factory=list)  # (command, what it made)


def _safe_name(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum() or ch in "-_") or "rep"


def demo(out: str | Path = "salesxl-demo", reps: int = 5, leads: int = 400, seed: int = 7,
         today: dt.date | None = None) -> DemoResult:
    """Write a demo team to `out` and run every salesxl capability on it.

    The same `seed` and `today` always give byte-identical files: the clock salesxl stamps
    files with is fixed at 09:00 of `today` (`salesxl.core.clock`) and every file the demo
    writes gets that modification time (consolidation and conversion record inputs' times).
    """
    today = today or dt.date.today()
    with clock.fixed_at(dt.datetime.combine(today, dt.time(9))):
        return _demo(Path(out), reps, leads, seed, today)


def _demo(out: Path, reps: int, leads: int, seed: int, today: dt.date) -> DemoResult:
    (out / "reps").mkdir(parents=True, exist_ok=True)
    (out / "legacy").mkdir(parents=True, exist_ok=True)
    team = make_team(reps=reps, leads=leads, seed=seed, today=today)
    books = []
    for rep in team:
        cfg = Config.default(language=rep.lang)  # type: ignore[arg-type]
        path = out / "reps" / f"{rep.code}-{_safe_name(rep.name)}.xlsx"
        write_team_workbook(path, cfg, rep.tables(), lang=rep.lang,
                            created=dt.datetime.combine(today, dt.time(8)))
        books.append(path)
    legacy = write_legacy_files(out / "legacy", team, today)
    _touch([*books, *legacy])
    result = DemoResult(out, books, legacy, team)
    _run_steps(result, today)
    return result


def _touch(paths: list[Path]) -> None:
    """Give files the fixed clock's time (inputs' times end up in consolidated workbooks)."""
    moment = clock.epoch_of(clock.now())
    for path in paths:
        os.utime(path, (moment, moment))


def _run_steps(result: DemoResult, today: dt.date) -> None:
    """Run each salesxl capability on the demo team and note where to look."""
    exports = result.out / "exports"
    exports.mkdir(exist_ok=True)
    first = result.rep_books[0]
    export(first, "leads", "csv", exports / f"{first.stem}-leads.csv")
    export(first, "activities", "json", exports / f"{first.stem}-activities.json")
    result.steps.append(("export", Msg("{path} (canonical keys, ISO dates)", {"path": exports})))
    _rules_steps(result, today)
    _touch(result.rep_books)
    from salesxl.commands.convert import convert

    converted = convert(result.out / "legacy", result.out / "converted", workers=1, force=True)
    result.steps.append(("convert", Msg(
        "{path} ({n} of {rows} legacy rows; see conversion-report.xlsx)",
        {"path": result.out / "converted", "n": converted.converted, "rows": converted.rows_in})))
    from salesxl.commands.consolidate import consolidate

    team = consolidate(result.out / "reps", result.out / "team.xlsx", workers=1)
    result.steps.append(("consolidate", Msg(
        "{path} ({read} leads from {books} rep workbooks: {team} team leads, {merged} merged "
        "as duplicates)", {"path": team.out, "read": team.leads_read, "books": len(team.sources),
                           "team": team.leads_team, "merged": team.leads_merged})))
    _score_step(result, result.out / "team.xlsx", today)
    _summary_step(result, today)


def _score_step(result: DemoResult, book: Path, today: dt.date) -> None:
    """The learned win probability on the team workbook, with its back-test headline."""
    from salesxl.commands.score import score

    if not book.exists():
        return
    s = score(book, today, report=True)
    if not s.enough:
        result.steps.append(("score", Msg("{path}: {why}", {"path": book, "why": Pair(
            s.message("en") or "", s.message("ko") or "")})))
        return
    bt = s.backtest
    auc = (Msg("; back-test AUC {learned:.2f} vs stage defaults {stage:.2f}",
               {"learned": bt.every_stage["learned"].auc, "stage": bt.every_stage["stage"].auc})
           if bt is not None and bt.refusal is None else Pair("", ""))
    result.steps.append(("score", Msg(
        "{path} (win probability for {n} open leads, learned from {won} won and {lost} lost "
        "deals{auc}; salesxl score {name} --report)",
        {"path": book, "n": s.scored, "won": s.won, "lost": s.lost, "auc": auc,
         "name": book.name})))


def _rules_steps(result: DemoResult, today: dt.date) -> None:
    """BANT and follow-ups on every rep workbook, a calendar file, one stage move."""
    from salesxl.commands.advance import advance
    from salesxl.commands.followups import followups
    from salesxl.commands.validate import validate
    from salesxl.core.errors import RuleError

    qualified = due = 0
    for book in result.rep_books:
        qualified += validate(book, today).counts["qualified"]
        counts = followups(book, today).counts
        due += counts["overdue"] + counts["due"]
    first = result.rep_books[0]
    ics = result.out / f"{first.stem}-follow-ups.ics"
    followups(first, today, ics=ics)
    result.steps.append(("validate", Msg("BANT in {books} rep workbooks ({n} qualified leads)",
                                         {"books": len(result.rep_books), "n": qualified})))
    result.steps.append(("followups", Msg("{n} follow-ups due or overdue; calendar {path}",
                                          {"n": due, "path": ics})))
    open_leads = [x for x in result.team[0].leads if x["stage"] not in ("won", "lost", "on_hold")]
    for lead in open_leads[:40]:
        try:
            moved = advance(first, lead["lead_id"], by="salesxl demo", today=today,
                            now=dt.datetime.combine(today, dt.time(9)))  # same seed, same file
        except RuleError:
            continue  # a gate is not met yet: try the next lead
        ch = moved.changes[0]
        result.steps.append(("advance", Msg(
            "{path} {lead}: {frm} -> {to} (History sheet {sheet!r})",
            {"path": first, "lead": ch.lead_id, "frm": ch.from_label, "to": ch.to_label,
             "sheet": moved.history_sheet})))
        break


def _summary_step(result: DemoResult, today: dt.date) -> None:
    """The Summary sheet on the consolidated team workbook if there is one, else a rep's."""
    import importlib.util

    from salesxl.commands.summary import summary

    team = result.out / "team.xlsx"
    book = team if team.exists() else result.rep_books[0]
    charts = result.out / "charts" if importlib.util.find_spec("matplotlib") else None
    s = summary(book, today=today, png=charts)
    pngs = (Msg(", {n} PNG charts in {path}", {"n": len(s.png), "path": charts}) if s.png
            else Pair("", ""))
    result.steps.append(("summary", Msg(
        "{path} sheet {sheet!r} ({charts} charts, PivotTable {pivot}{pngs})",
        {"path": book, "sheet": s.sheet, "charts": len(s.charts),
         "pivot": s.pivot or Pair("none", "없음"), "pngs": pngs})))


def write_legacy_files(folder: Path, team: list[RepData], today: dt.date) -> list[Path]:
    """Two legacy-style files of the kind a company has before salesxl.

    A CP949 CSV with Korean headers, dotted text dates and "500만원" amounts; and an .xlsx with a
    title row above abbreviated English headers and a totals row at the bottom.
    """
    cfg = Config.default()
    leads = [lead for rep in team for lead in rep.leads][:60]
    status_words = {"won": "계약완료", "lost": "실패", "on_hold": "보류"}
    csv_path = folder / "2019_영업관리.csv"
    with csv_path.open("w", encoding="cp949", errors="replace", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["고객사", "담당자명", "연락처", "예산", "진행상황", "등록일", "비고"])
        for lead in leads[:30]:
            budget = lead["budget_amount"]
            if isinstance(budget, float):
                budget = f"{int(budget // 10_000):,}만원"
            created = lead["created_on"]
            w.writerow([lead["company"], lead["contact_name"], lead["phone"], budget or "",
                        status_words.get(lead["stage"], "상담중"),
                        f"{created.year}.{created.month:02d}.{created.day:02d}", ""])
    xlsx_path = folder / "2020_pipeline_old.xlsx"
    rows: list[list[Any]] = [["2020 Sales status (old sheet)"], [],
                             ["Co.", "Contact", "Tel", "Amt", "Status", "Date", "Owner's memo"]]
    total = 0.0
    for lead in leads[30:60]:
        amount = lead["deal_amount"] or 0.0
        total += amount
        stage = cell_value(LEADS.column("stage"), lead["stage"], cfg, "en")
        rows.append([lead["company"], lead["contact_name"], lead["phone"], amount, stage,
                     lead["created_on"].isoformat(), ""])
    rows.append(["Total", "", "", total])
    write_report_book(xlsx_path, [ReportSheet("2020", rows, header_row=None,
                                              bold_rows=(0, 2))], title="2020 pipeline")
    return [csv_path, xlsx_path]


def summary_lines(result: DemoResult) -> list[tuple[str, Any]]:
    """Figures the demo prints: what was made and where."""
    n_leads = sum(len(r.leads) for r in result.team)
    return [
        ("Rep workbooks", Msg("{n} in {path}", {"n": len(result.rep_books),
                                                 "path": result.out / "reps"})),
        ("Leads", n_leads),
        ("Activities", sum(len(r.activities) for r in result.team)),
        ("Objections", sum(len(r.objections) for r in result.team)),
        ("Stage changes (History)", sum(len(r.history) for r in result.team)),
        ("Legacy files", Msg("{n} in {path}", {"n": len(result.legacy_files),
                                                "path": result.out / "legacy"})),
    ]
