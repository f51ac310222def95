"""The Summary sheet's layout: formatted tables on the left, charts beside them, the pivot right.

`build_sheet` writes the sheet alone into an in-memory XlsxWriter workbook (a scratch
workbook whose only sheet has the Summary's final name, so chart references stay valid when
the sheet is grafted into the real workbook by `salesxl.io.addsheet`). Tables sit in columns
A onwards, one under the other, each with a title, a header row, number formats and a bold
total row; charts sit to their right; the native PivotTable's cells are rendered at
`pivot_anchor`.

Example:
    >>> built = build_sheet(summary, cfg, "en", "Summary", pivot=None)  # doctest: +SKIP
    >>> [c.key for c in built.charts]  # doctest: +SKIP
    ['pipeline', 'funnel', 'forecast', 'sources', 'techniques', 'follow_ups']
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from salesxl.core.config import Config
from salesxl.core.parse import looks_like_formula
from salesxl.core.summary.compute import Summary
from salesxl.core.summary.derive import NO_DATE, TEAM, TOTAL
from salesxl.core.summary.labels import row_label, text
from salesxl.io.parts.charts import ChartSpec, Series, insert_native
from salesxl.io.parts.pivot import Pivot
from salesxl.io.template import CURRENCY_SIGNS, HEADER_BLUE

MARKER = "salesxl summary"
"""Printed in the sheet's page footer; tells `salesxl summary` the sheet is its own."""
MAX_STALE_ROWS = 200
CHART_COLS = 9  # default-width columns a chart covers (520 px at 64 px a column)
FIRST_TABLE_ROW = 3

# table -> (index column, [(column, format kind)])
COLUMNS: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "funnel": ("stage", [("reached", "int"), ("share_of_first", "pct"),
                         ("conversion_to_next", "pct")]),
    "forecast": ("month", [("deals", "int"), ("amount", "amount"), ("won_amount", "amount"),
                           ("weighted", "amount")]),
    "sources": ("source", [("leads", "int"), ("qualified", "int"), ("qualified_share", "pct"),
                           ("won", "int"), ("lost", "int"), ("win_rate", "pct"),
                           ("avg_won_amount", "amount")]),
    "techniques": ("technique", [("closed", "int"), ("won", "int"), ("win_rate", "pct"),
                                 ("won_amount", "amount")]),
    "objections": ("category", [("raised", "int"), ("resolved", "int"),
                                ("resolution_rate", "pct")]),
    "follow_ups": ("rep", [("leads", "int"), ("with_follow_up", "int"), ("overdue", "int"),
                           ("due_today", "int"), ("scheduled", "int"),
                           ("on_time_share", "pct")]),
    "stage_days": ("stage", [("completed_stays", "int"), ("median_days", "days"),
                             ("now_in_stage", "int"), ("median_days_now", "days")]),
}
COLUMNS["source_types"] = ("source_type", COLUMNS["sources"][1])
ROW_KINDS = {"stage": "stage", "source_type": "source_type", "technique": "technique",
             "category": "category", "source": "source"}
STALE_COLUMNS = [("lead_id", "text"), ("company", "text"), ("rep", "text"), ("stage", "stage"),
                 ("days_in_stage", "int"), ("rotting_days", "int"), ("days_over", "int"),
                 ("deal_amount", "amount")]


@dataclass
class BuiltSheet:
    """The scratch workbook holding the Summary sheet, and the charts drawn on it."""

    xlsx: bytes
    charts: list[ChartSpec] = field(default_factory=list)


def table_width(cfg: Config, by_rep: bool) -> int:
    """How many columns the widest table takes (the pipeline, the source tables or the stale
    deals list)."""
    return max(len(cfg.open_stages) + 2, len(STALE_COLUMNS),
               1 + len(COLUMNS["sources"][1]) + (1 if by_rep else 0))


def pivot_anchor(cfg: Config, by_rep: bool) -> tuple[int, int]:
    """Zero-based (row, col) of the PivotTable's top-left cell: right of the charts."""
    return FIRST_TABLE_ROW + 1, table_width(cfg, by_rep) + 1 + CHART_COLS + 1


class _Formats:
    def __init__(self, wb: Workbook, cfg: Config):
        sign = CURRENCY_SIGNS.get(cfg.currency, "")
        amount = f'"{sign}"#,##0' if sign else "#,##0"
        codes = {"int": "#,##0", "amount": amount, "pct": "0.0%", "days": "0.0", "text": None,
                 "stage": None}
        self.title = wb.add_format({"bold": True, "font_size": 16, "font_color": HEADER_BLUE})
        self.note = wb.add_format({"italic": True, "font_color": "#595959"})
        self.section = wb.add_format({"bold": True, "font_size": 12, "font_color": HEADER_BLUE})
        self.header = wb.add_format({"bold": True, "font_color": "#FFFFFF",
                                     "bg_color": HEADER_BLUE, "text_wrap": True,
                                     "valign": "vcenter", "border": 1,
                                     "border_color": "#BDD7EE"})
        self.cell: dict[str, Format] = {}
        self.total: dict[str, Format] = {}
        for kind, code in codes.items():
            base: dict[str, Any] = {"num_format": code} if code else {}
            self.cell[kind] = wb.add_format({**base, "bottom": 1, "bottom_color": "#D9D9D9"})
            self.total[kind] = wb.add_format({**base, "bold": True, "top": 1,
                                              "bg_color": "#DDEBF7"})
        self.quoted = wb.add_format({"quote_prefix": True, "bottom": 1,
                                     "bottom_color": "#D9D9D9"})
        self.pivot_head = wb.add_format({"bold": True})
        self.pivot_amount = wb.add_format({"num_format": "#,##0"})


class _Writer:
    """Writes tables downwards from row 3 and charts to their right."""

    def __init__(self, wb: Workbook, ws: Worksheet, s: Summary, cfg: Config, lang: str,
                 sheet: str):
        self.wb, self.ws, self.s, self.cfg, self.lang, self.sheet = wb, ws, s, cfg, lang, sheet
        self.fmt = _Formats(wb, cfg)
        self.row = FIRST_TABLE_ROW
        self.chart_col = table_width(cfg, s.by_rep) + 1
        self.next_chart_row = FIRST_TABLE_ROW
        self.charts: list[ChartSpec] = []

    # -- cells ---------------------------------------------------------------------------
    def value(self, r: int, c: int, v: Any, kind: str, total: bool = False) -> None:
        fmt = (self.fmt.total if total else self.fmt.cell)[kind]
        if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
            self.ws.write_blank(r, c, None, fmt)
        elif isinstance(v, str):
            quoted = looks_like_formula(v) and not total
            self.ws.write_string(r, c, v, self.fmt.quoted if quoted else fmt)
        else:
            self.ws.write_number(r, c, float(v), fmt)

    def headers(self, r: int, labels: Sequence[str]) -> None:
        for c, label in enumerate(labels):
            self.ws.write_string(r, c, label, self.fmt.header)

    def title(self, key: str, extra: str = "") -> None:
        self.ws.write_string(self.row, 0, text(key, self.lang) + (f" {extra}" if extra else ""),
                             self.fmt.section)
        self.row += 1

    def label(self, kind: str, key: Any) -> str:
        return row_label(kind, key, self.cfg, self.lang)

    # -- tables --------------------------------------------------------------------------
    def frame(self, name: str, frame: pd.DataFrame) -> dict[str, tuple[int, int]]:
        """Write a table; returns block -> (first, last) rows of its non-total rows."""
        index_name, cols = COLUMNS[name]
        kind = ROW_KINDS.get(index_name, "text")
        split = isinstance(frame.index, pd.MultiIndex)
        lead = [text("rep", self.lang)] if split else []
        self.headers(self.row, [*lead, text(index_name, self.lang),
                                *(text(c, self.lang) for c, _ in cols)])
        self.row += 1
        blocks: dict[str, tuple[int, int]] = {}
        for key, values in frame.iterrows():
            rep, row_key = key if split else (TEAM, key)
            total = row_key == TOTAL
            c = 0
            if split:
                self.value(self.row, 0, self.label("text", rep), "text", total)
                c = 1
            self.value(self.row, c, self.label(kind, row_key), "text", total)
            for j, (col, fmt_kind) in enumerate(cols):
                self.value(self.row, c + 1 + j, values[col], fmt_kind, total)
            if not total and row_key != NO_DATE:
                first, _ = blocks.get(str(rep), (self.row, self.row))
                blocks[str(rep)] = (first, self.row)
            self.row += 1
        self.row += 2
        return blocks

    def pipeline(self) -> None:
        pipe = self.s.pipeline
        stages = [k for k in pipe["count"].columns]
        for measure, title, kind in (("count", "pipeline_count", "int"),
                                     ("amount", "pipeline_amount", "amount")):
            start = self.row
            self.title(title)
            self.headers(self.row, [text("rep", self.lang),
                                    *(self.label("stage", k) for k in stages)])
            header_row = self.row
            self.row += 1
            first = self.row
            for rep, values in pipe[measure].iterrows():
                total = rep == TOTAL
                self.value(self.row, 0, self.label("text", rep), "text", total)
                for j, k in enumerate(stages):
                    self.value(self.row, 1 + j, values[k], kind, total)
                self.row += 1
            last = self.row - 2  # the total row is not charted
            self.row += 2
            if measure == "amount" and last >= first and pipe.loc[TOTAL, ("amount", TOTAL)]:
                self.chart(ChartSpec(
                    "pipeline", "column", text("chart_pipeline", self.lang),
                    [self.label("text", r) for r in pipe.index[:-1]], first, 0,
                    [Series(self.label("stage", k), list(pipe.loc[pipe.index[:-1],
                                                                  ("amount", k)]),
                            1 + j, (header_row, 1 + j)) for j, k in enumerate(stages[:-1])],
                    stacked=True), start)

    def chart(self, spec: ChartSpec, row: int) -> None:
        anchor_row = max(row, self.next_chart_row)
        spec.anchor = (anchor_row, self.chart_col)
        insert_native(self.wb, self.ws, self.sheet, spec)
        self.charts.append(spec)
        self.next_chart_row = anchor_row + math.ceil(spec.size[1] / 20) + 1

    def team_series(self, name: str, blocks: dict[str, tuple[int, int]], cols: list[str],
                    key: str, kind: str, title: str, *, percent: bool = False,
                    stacked: bool = False, start: int = 0) -> None:
        team = self.s.team(name)
        rows = [k for k in team.index if k not in (TOTAL, NO_DATE)]
        if TEAM not in blocks or not rows:
            return
        first, _ = blocks[TEAM]
        offset = 1 if isinstance(getattr(self.s, name).index, pd.MultiIndex) else 0
        index_name, all_cols = COLUMNS[name]
        positions = {c: i for i, (c, _) in enumerate(all_cols)}
        header_row = first - 1
        series = [Series(text(c, self.lang), [None if pd.isna(v) else float(v)
                                             for v in team.loc[rows, c]],
                         offset + 1 + positions[c], (header_row, offset + 1 + positions[c]))
                  for c in cols]
        if not any(v for ser in series for v in ser.values):
            return  # nothing to draw yet
        spec = ChartSpec(key, "bar" if kind == "bar" else "column", text(title, self.lang),
                         [self.label(ROW_KINDS.get(index_name, "text"), r) for r in rows],
                         first, offset, series, stacked=stacked, percent=percent)
        if kind == "bar" and len(rows) > 8:  # room for every bar's label
            spec.size = (spec.size[0], spec.size[1] + 18 * (len(rows) - 8))
        self.chart(spec, start)

    def table(self, name: str, title_extra: str = "") -> tuple[int, dict[str, tuple[int, int]]]:
        """Write table ``name`` with its title; returns its first row and its blocks."""
        start = self.row
        self.title(name, title_extra)
        return start, self.frame(name, getattr(self.s, name))

    def stale(self) -> None:
        self.title("stale_deals")
        self.headers(self.row, [text(c, self.lang) for c, _ in STALE_COLUMNS])
        self.row += 1
        rows = self.s.stale_deals
        for _, values in rows.head(MAX_STALE_ROWS).iterrows():
            for c, (col, kind) in enumerate(STALE_COLUMNS):
                v = values[col]
                if kind == "stage":
                    v = self.label("stage", v)
                    kind = "text"
                elif col == "rep":
                    v = self.label("text", v)
                self.value(self.row, c, v, kind)
            self.row += 1
        if len(rows) > MAX_STALE_ROWS:
            self.ws.write_string(self.row, 0, text("more_rows", self.lang,
                                                   n=len(rows) - MAX_STALE_ROWS), self.fmt.note)
            self.row += 1
        self.row += 2


def build_sheet(s: Summary, cfg: Config, lang: str, sheet: str,
                pivot: Pivot | None) -> BuiltSheet:
    """The Summary sheet in a scratch workbook (bytes) and the charts drawn on it.

    Args:
        s: the computed tables.
        cfg: the workbook's Config (stage labels, currency).
        lang: label language (``ko`` or ``en``).
        sheet: the sheet's final name (chart series refer to it).
        pivot: the PivotTable whose cells to render at `pivot_anchor`, or None (a note says
            why there is none).
    """
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False,
                                   "strings_to_urls": False, "strings_to_numbers": False})
    ws = wb.add_worksheet(sheet)
    w = _Writer(wb, ws, s, cfg, lang, sheet)
    ws.hide_gridlines(2)
    ws.set_footer(f"&L{MARKER}&R&P / &N")
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    width = table_width(cfg, s.by_rep)
    ws.set_column(0, 0, 24)
    ws.set_column(1, width - 1, 15)
    ws.write_string(0, 0, text("sheet_title", lang), w.fmt.title)
    ws.write_string(1, 0, text("built", lang, today=s.today.isoformat(), leads=s.leads),
                    w.fmt.note)
    w.pipeline()
    for name, chart in (("funnel", ("funnel", ["reached"], "bar", "chart_funnel", False, False)),
                        ("forecast", ("forecast", ["amount", "weighted"], "column",
                                      "chart_forecast", False, False)),
                        ("sources", None),
                        ("source_types", ("sources", ["qualified_share", "win_rate"], "bar",
                                          "chart_sources", True, False)),
                        ("techniques", ("techniques", ["win_rate"], "bar", "chart_techniques",
                                        True, False)),
                        ("objections", None),
                        ("follow_ups", ("follow_ups", ["overdue", "due_today", "scheduled"],
                                        "bar", "chart_follow_ups", False, True))):
        extra = ""
        if name == "funnel":
            extra = text("funnel_history" if s.funnel_from == "history" else "funnel_stages",
                         lang)
        start, blocks = w.table(name, extra)
        if chart is not None:
            key, cols, kind, title, percent, stacked = chart
            w.team_series(name, blocks, cols, key, kind, title, percent=percent,
                          stacked=stacked, start=start)
    w.stale()
    w.table("stage_days")
    ws.print_area(0, 0, max(w.row, w.next_chart_row), w.chart_col + CHART_COLS - 1)
    _pivot_cells(w, pivot, pivot_anchor(cfg, s.by_rep))
    wb.close()
    return BuiltSheet(buf.getvalue(), w.charts)


def _pivot_cells(w: _Writer, pivot: Pivot | None, anchor: tuple[int, int]) -> None:
    r0, c0 = anchor
    w.ws.write_string(r0 - 2, c0, text("pivot" if pivot else "no_pivot", w.lang),
                      w.fmt.section)
    if pivot is None:
        return
    last_row = max(r for r, _ in pivot.cells)
    last_col = max(c for _, c in pivot.cells)
    w.ws.set_column(c0, c0, 20)
    w.ws.set_column(c0 + 1, last_col, 12)
    for (r, c), v in sorted(pivot.cells.items()):
        if isinstance(v, str):
            head = r < r0 + 3 or r == last_row  # captions and the grand total row
            w.ws.write_string(r, c, v, w.fmt.pivot_head if head else None)
        elif isinstance(v, int | float) and not isinstance(v, bool):
            w.ws.write_number(r, c, float(v), w.fmt.pivot_amount)
        else:  # a date or a flag used as a row item
            w.ws.write(r, c, v)
