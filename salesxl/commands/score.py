"""`salesxl score`: a win probability learned from the workbook's own closed deals.

Reads Leads, Activities, Objections and History (only the columns the model may use), fits
`salesxl.core.rules.scoring` on the closed deals, writes ``win_probability`` and
``win_reasons`` for every open lead in place (losslessly, atomically; closed and on-hold leads
get blank cells) and returns the time-ordered back-test. With fewer than 30 won or 30 lost
closed deals nothing is written and the report says why.

Example:
    >>> report = score("team.xlsx", today=dt.date(2026, 12, 7), report=True)  # doctest: +SKIP
    >>> report.scored, round(report.backtest.at_close["learned"].auc, 2)  # doctest: +SKIP
    (147, 0.83)
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from salesxl.core.errors import Problem
from salesxl.core.rules.scoring import (
    ACTIVITY_INPUTS,
    HISTORY_INPUTS,
    LEAD_INPUTS,
    MIN_LOST,
    MIN_WON,
    OBJECTION_INPUTS,
    OUTPUTS,
    BackTest,
    Metrics,
    Scorer,
)
from salesxl.io.book import CHUNK_ROWS, Book, CellEdits
from salesxl.io.read import TableData, in_column_order

LINKED = {"activities": ACTIVITY_INPUTS, "objections": OBJECTION_INPUTS,
          "history": HISTORY_INPUTS}
KEPT = (*LEAD_INPUTS, *OUTPUTS)
"""The Leads columns score holds (read, or written: their old values decide the changes)."""


@dataclass
class ScoreReport:
    """What `score` learned, wrote and measured."""

    path: Path
    today: dt.date
    lang: str
    rows: int
    won: int  # dated closed deals learned from
    lost: int
    on_hold: int
    undated: int  # closed deals without a close date, left out
    scored: int  # open leads given a learned probability
    base_rate: float | None
    backtest: BackTest | None
    refusal: dict[str, str] | None  # {"ko", "en"} when nothing was scored
    problems: list[Problem]
    cells_written: int = 0
    columns_added: list[str] = field(default_factory=list)
    tables_missing: list[str] = field(default_factory=list)

    @property
    def enough(self) -> bool:
        """Whether there was enough history to score."""
        return self.refusal is None

    def message(self, lang: str | None = None) -> str | None:
        """Why nothing was scored, in `lang` (default: the workbook's); None when scored."""
        if self.refusal is None:
            return None
        return self.refusal["ko" if (lang or self.lang) == "ko" else "en"]

    def to_json(self) -> dict[str, Any]:
        """The report as JSON-ready data."""
        return {
            "book": str(self.path), "today": self.today.isoformat(), "rows": self.rows,
            "scored": self.scored if self.enough else False,
            "minimum": {"won": MIN_WON, "lost": MIN_LOST},
            "closed": {"won": self.won, "lost": self.lost, "on_hold": self.on_hold,
                       "undated": self.undated},
            "base_rate": _num(self.base_rate),
            "refusal": self.refusal, "cells_written": self.cells_written,
            "columns_added": self.columns_added, "tables_missing": self.tables_missing,
            "backtest": backtest_json(self.backtest),
            "problems": [{"cell": p.where, "column": p.column, "value": str(p.value),
                          "message": p.message} for p in self.problems],
        }


def _num(value: float | None, digits: int = 4) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return round(float(value), digits)


def _metrics_json(m: Metrics) -> dict[str, Any]:
    return {"rows": m.rows, "deals": m.deals, "auc": _num(m.auc), "brier": _num(m.brier),
            "calibration": [{"from": r.low, "to": r.high, "n": r.n,
                             "predicted": _num(r.predicted), "actual": _num(r.actual)}
                            for r in m.calibration]}


def backtest_json(bt: BackTest | None) -> dict[str, Any] | None:
    """A back-test as JSON-ready data."""
    if bt is None:
        return None
    return {
        "cutoff": bt.cutoff.isoformat(),
        "train": {"won": bt.train_won, "lost": bt.train_lost},
        "test": {"won": bt.test_won, "lost": bt.test_lost},
        "refusal": bt.refusal,
        "at_close": {k: _metrics_json(m) for k, m in bt.at_close.items()},
        "every_stage": {k: _metrics_json(m) for k, m in bt.every_stage.items()},
    }


def new_scorer(wb: Book, today: dt.date, problems: list[Problem]) -> Scorer:
    """A `Scorer` over `wb`'s Activities, Objections and History (where it has them; their
    unreadable cells go to `problems`), for the Leads' parts to be learnt and scored."""
    linked = {key: wb.values(key, inputs, problems)[0] if wb.has(key) else None
              for key, inputs in LINKED.items()}
    return Scorer(wb.config, today, activities=linked["activities"],
                  objections=linked["objections"], history=linked["history"], lang=wb.lang)


def score(book: str | Path | Book, today: dt.date | None = None, *, write: bool = True,
          report: bool = False, cutoff: dt.date | None = None,
          chunk_rows: int = CHUNK_ROWS) -> ScoreReport:
    """Learn a win probability from `book`'s closed deals and write it for every open lead.

    Args:
        book: the team workbook (.xlsx/.xlsm).
        today: the day open leads are scored on (default: the real date).
        write: write ``win_probability`` and ``win_reasons`` (False: only compute).
        report: also run the time-ordered back-test (one more fit) and return it.
        cutoff: last close date of the back-test's training deals (default: the date by
            which 70 % of the closed deals had closed).
        chunk_rows: rows worked on at a time when the Leads sheet is too large for the fast
            reader (memory; the results do not depend on it).

    Returns:
        A `ScoreReport`: counts of closed deals, leads scored, cells written, the back-test,
        or the reason nothing was scored (``refusal``, in Korean and English).

    Raises:
        WorkbookError: the workbook cannot be read or written.
        TableNotFoundError: the workbook has no Leads table.

    Example:
        >>> score("team.xlsx", dt.date(2026, 12, 7), write=False).scored  # doctest: +SKIP
        147
    """
    today = today or dt.date.today()
    wb = book if isinstance(book, Book) else Book.open(
        book, tables=["leads", *LINKED], write=write, keep={"leads": KEPT}, lazy=["leads"])
    try:
        return _score(wb, today, write=write, report=report, cutoff=cutoff, rows=chunk_rows)
    finally:
        wb.close()  # the Leads chunks kept on disk between the two passes


def _score(wb: Book, today: dt.date, *, write: bool, report: bool, cutoff: dt.date | None,
           rows: int) -> ScoreReport:
    """`score` in two passes over the Leads' chunks (`Book.chunks`: one chunk unless the
    sheet is too large for the fast reader): learn from every closed deal, then score each
    chunk, written as the sheet is rewritten."""
    data = wb.data
    problems: list[Problem] = []
    linked_problems: list[Problem] = []
    scorer = new_scorer(wb, today, linked_problems)
    whole: pd.DataFrame | None = None  # a table read whole: its values, for both passes
    for part in wb.chunks("leads", rows):
        leads = wb.values("leads", LEAD_INPUTS, problems, part=part)[0]
        scorer.learn(leads)
        whole = None if wb.streamed("leads") else leads
    in_column_order(problems, LEAD_INPUTS)  # as one whole read gives them
    problems += linked_problems
    fitted = scorer.fit()

    def scored() -> Iterator[tuple[TableData, CellEdits]]:
        for part in wb.chunks("leads", rows):
            leads = whole if whole is not None else wb.values("leads", LEAD_INPUTS,
                                                              part=part)[0]
            results = scorer.score(leads)
            yield part, wb.column_cells(part, results[list(OUTPUTS)], plan) \
                if plan is not None else CellEdits()

    every = wb.rows("leads")  # every Leads row, as the pass above recorded them
    plan = wb.plan("leads", OUTPUTS) if fitted and write else None
    saved = None
    if plan is not None:
        wb.write_chunks("leads", [plan], scored(), every)
        saved = wb.save()
    elif fitted:
        for _ in scored():
            pass
    scoring = scorer.scoring(None, with_backtest=report, cutoff=cutoff)
    out = ScoreReport(wb.path, today, data.lang, len(every), scoring.won, scoring.lost,
                      scoring.on_hold, scoring.undated, scoring.open, scoring.base_rate,
                      scoring.backtest, scoring.refusal, problems,
                      tables_missing=[k for k in LINKED if k not in data.tables])
    if saved is not None:
        out.cells_written = saved.cells_written
        out.columns_added = saved.columns_added
    return out


# --- what the CLI prints, in the run's language (the workbook's unless --lang) ---------
WORDS: dict[str, tuple[str, str]] = {
    "title": ("예측 수주 확률", "Learned win probability"),
    "closed": ("학습한 종료 거래", "Closed deals learned from"),
    "closed_value": ("수주 {won}건 · 실주 {lost}건 (보류 {hold}건 제외)",
                     "{won} won, {lost} lost ({hold} on hold left out)"),
    "undated": ("종료일을 알 수 없어 제외한 거래", "Closed deals without a close date (left out)"),
    "base": ("기준 수주율", "Base win rate"),
    "scored": ("예측한 진행 중 리드", "Open leads scored"),
    "cells": ("쓴 셀", "Cells written"),
    "added": ("추가한 열", "Column added"),
    "backtest": ("백테스트 AUC (단계별, 예측 vs 단계 기본값)",
                 "Back-test AUC (every stage, learned vs stage default)"),
    "no_backtest": ("백테스트", "Back-test"),
    "bt_title": ("백테스트: {cutoff}까지 종료된 거래(수주 {tw}, 실주 {tl})로 학습, 이후 종료된 거래"
                 "(수주 {sw}, 실주 {sl})로 평가",
                 "Back-test: trained on the deals closed by {cutoff} ({tw} won, {tl} lost), "
                 "scored on those closed after ({sw} won, {sl} lost)"),
    "view": ("평가 시점", "Scored"),
    "every_stage": ("단계마다", "every stage"),
    "at_close": ("종료 직전", "at close"),
    "method": ("확률", "Probability"),
    "learned": ("예측 수주 확률", "learned"),
    "stage": ("단계 기본값", "stage default"),
    "learned_short": ("예측", "learned"),
    "stage_short": ("단계", "stage"),
    "rows": ("평가 행", "Rows"),
    "auc": ("AUC", "AUC"),
    "brier": ("Brier", "Brier"),
    "cal_title": ("보정표 ({view}): 예측 확률 구간별 실제 수주율",
                  "Calibration ({view}): actual win rate by predicted probability"),
    "bin": ("구간", "Bin"),
    "n": ("건수", "n"),
    "mean": ("예측", "predicted"),
    "actual": ("실제", "won"),
    "note": ("AUC는 높을수록, Brier는 낮을수록 좋습니다. '단계마다'는 시험 거래를 거쳐 간 단계마다 "
             "그때의 사실로 평가합니다(진행 중 리드를 평가하는 방식). '종료 직전'은 결과 직전 단계로만 "
             "평가하며 단계 기본값에 유리합니다: 수주한 거래는 언제나 마지막 진행 단계를 거치므로 "
             "종료 직전 단계가 곧 결과를 알려 줍니다.",
             "AUC: higher is better; Brier: lower is better. 'every stage' scores each test deal "
             "at every stage it went through, with the facts of that moment (the way an open lead "
             "is scored). 'at close' scores it only at the stage it closed from, which favours "
             "the stage defaults: a won deal always passes the last open stage, so the stage a "
             "deal closed from nearly tells its outcome."),
}


def word(key: str, lang: str) -> str:
    """A report word in `lang`."""
    return WORDS[key][0 if lang == "ko" else 1]


def _pct(value: float | None, digits: int = 0) -> str:
    if value is None or value != value:
        return "-"
    return f"{value:.{digits}%}"


def _fixed(value: float, digits: int = 3) -> str:
    return "-" if value != value else f"{value:.{digits}f}"


def summary_table(report: ScoreReport, lang: str | None = None) -> Any:
    """A rich Table: what was learned and written, and the back-test's headline, in `lang`
    (default: the workbook's; the CLI passes the run's, which ``--lang`` may force)."""
    from rich.table import Table
    from rich.text import Text

    lang = lang or report.lang
    table = Table(title=Text(f"salesxl score: {report.path} ({report.today}) — "
                             f"{word('title', lang)}"), show_header=False)
    table.add_row(word("closed", lang), word("closed_value", lang).format(
        won=report.won, lost=report.lost, hold=report.on_hold))
    if report.undated:
        table.add_row(word("undated", lang), f"{report.undated:,}")
    table.add_row(word("base", lang), _pct(report.base_rate, 1))
    table.add_row(word("scored", lang), f"{report.scored:,}")
    table.add_row(word("cells", lang), f"{report.cells_written:,}")
    for added in report.columns_added:
        table.add_row(word("added", lang), Text(added))
    bt = report.backtest
    if bt is not None and bt.refusal is None:
        learned, stage = bt.every_stage["learned"], bt.every_stage["stage"]
        table.add_row(word("backtest", lang), f"{_fixed(learned.auc)} vs {_fixed(stage.auc)}")
    elif bt is not None and bt.refusal is not None:
        table.add_row(word("no_backtest", lang), Text(bt.refusal["ko" if lang == "ko" else "en"]))
    return table


def backtest_tables(report: ScoreReport, lang: str | None = None) -> list[Any]:
    """Rich Tables of the back-test: AUC and Brier, then calibration, learned vs stage, in
    `lang` (default: the workbook's)."""
    from rich.table import Table
    from rich.text import Text

    bt = report.backtest
    if bt is None or bt.refusal is not None:
        return []
    lang = lang or report.lang
    views = (("every_stage", bt.every_stage), ("at_close", bt.at_close))
    head = Table(title=Text(word("bt_title", lang).format(
        cutoff=bt.cutoff, tw=bt.train_won, tl=bt.train_lost, sw=bt.test_won, sl=bt.test_lost)),
        title_justify="left", caption=Text(word("note", lang)), caption_justify="left")
    for key, justify in (("view", "left"), ("method", "left"), ("rows", "right"),
                         ("auc", "right"), ("brier", "right")):
        head.add_column(word(key, lang), justify=justify)  # type: ignore[arg-type]
    for view, metrics in views:
        for method in ("learned", "stage"):
            m = metrics[method]
            head.add_row(word(view, lang) if method == "learned" else "", word(method, lang),
                         f"{m.rows:,}", _fixed(m.auc), _fixed(m.brier))
    tables = [head]
    for view, metrics in views:
        cal = Table(title=Text(word("cal_title", lang).format(view=word(view, lang))),
                    title_justify="left")
        cal.add_column(word("bin", lang))
        for method in ("learned_short", "stage_short"):
            name = word(method, lang)
            for key in ("n", "mean", "actual"):
                cal.add_column(f"{name}\n{word(key, lang)}", justify="right")
        for a, b in zip(metrics["learned"].calibration, metrics["stage"].calibration,
                        strict=True):
            cal.add_row(f"{a.low:.0%}–{a.high:.0%}",
                        f"{a.n:,}", _pct(a.predicted), _pct(a.actual),
                        f"{b.n:,}", _pct(b.predicted), _pct(b.actual))
        tables.append(cal)
    return tables
