"""The Summary sheet's layout: the manager's first screen, then tables, charts and the pivot.

`build_sheet` writes the sheet alone into an in-memory XlsxWriter workbook (a scratch
workbook whose only sheet has the Summary's final name, so chart references stay valid when
the sheet is grafted into the real workbook by `salesxl.io.addsheet`).

The first screen (columns A–L, rows 1–30) holds the headline figures against targets with
their pace and change since the comparison date, the forecast chart (won months solid, the
weighted months ahead hatched, the target as a line) and this month and quarter by rep. Below
it every table sits in columns A onwards, one under the other, each with a title, a header
row, number formats (numbers are cell values) and a bold total row; charts sit to their
right; the native PivotTable's cells are rendered at `pivot_anchor`. Below the forecast by
category: the learned win probability's back-test (or one line saying why there is none);
after the win rates: the after-sale section. `build_stale_sheet` writes the complete
stale-deal list, each row linked to its Leads row; `build_aftersale_sheet` every customer's
purchases and referrals; ``compact`` sheets are the same Monday blocks for one rep.

Example:
    >>> built = build_sheet(summary, cfg, "en", "Summary", pivot=None)  # doctest: +SKIP
    >>> [c.key for c in built.charts]  # doctest: +SKIP
    ['pipeline', 'funnel', 'forecast', 'sources', 'techniques', 'follow_ups']
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from salesxl.core.config import Config
from salesxl.core.parse import looks_like_formula
from salesxl.core.summary.compute import ALTERNATIVE, Summary
from salesxl.core.summary.derive import NO_DATE, NONE, TEAM, TOTAL
from salesxl.core.summary.headline import REP_COLUMNS, TARGETED
from salesxl.core.summary.labels import row_label, text
from salesxl.core.summary.targets import month_key, quarter_key
from salesxl.io.parts.charts import ChartSpec, Series, insert_native
from salesxl.io.parts.pivot import Pivot
from salesxl.io.parts.splice import MAX_LINKS, LooseCells, splice
from salesxl.io.template import CURRENCY_SIGNS, HEADER_BLUE

MARKER = "salesxl summary"
"""Printed in the sheet's page footer; tells `salesxl summary` the sheet is its own."""
TOP_STALE = 15
"""Stale deals the Summary shows (the stale-deal sheet holds them all)."""
CHART_COLS = 9  # default-width columns a chart covers (520 px at 64 px a column)
FIRST_TABLE_ROW = 3
SCREEN_ROWS = 30  # the first screen: headline, forecast chart, reps
WIDE = 34  # column A
NARROW = 13  # columns B onwards
AMOUNT_UNIT = 1_000_000  # charts show amounts in millions (백만원, ₩M)

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
STALE_COLUMNS = [("lead_id", "link"), ("company", "text"), ("rep", "text"), ("stage", "stage"),
                 ("days_in_stage", "int"), ("rotting_days", "int"), ("days_over", "int"),
                 ("deal_amount", "amount"), ("risk", "amount")]
METRIC_KINDS = {"open_deals": "int", "win_rate": "pct", "median_cycle_days": "days",
                "new_leads_month": "int", "activities_month": "int",
                "overdue_follow_ups": "int", "stale_deals": "int"}
"""Number kind of each headline metric (the others are amounts)."""
REP_KINDS = {"attainment_month": "pct", "attainment_quarter": "pct", "activities_month": "int",
             "activities_target": "int", "overdue_follow_ups": "int"}
CHANGE_COLUMNS = [("new", "int"), ("new_amount", "amount"), ("advanced", "int"),
                  ("won", "int"), ("won_amount", "amount"), ("lost", "int"),
                  ("lost_amount", "amount"), ("slipped", "int"), ("slipped_amount", "amount"),
                  ("added_amount", "amount"), ("removed_amount", "amount"),
                  ("net_amount", "delta_amount")]
CHANGE_WORDS = {"won_amount": "won_amount_c", "lost": "lost_c"}
CATEGORY_COLUMNS = [("closed", "amount"), ("commit", "amount"), ("best_case", "amount"),
                    ("pipeline", "amount"), ("open_deals", "int"), ("weighted", "amount"),
                    ("target", "amount"), ("attainment", "pct")]
CATEGORY_WORDS = {"closed": "closed_cat", "pipeline": "pipeline_cat",
                  "weighted": "weighted_forecast"}
MONTH_COLUMNS = [("won", "amount"), ("weighted_open", "amount"), ("forecast", "amount"),
                 ("open_deals", "int"), ("open_amount", "amount"), ("target", "amount")]
MONTH_WORDS = {"won": "won_past", "forecast": "forecast_total"}
_ALT_OF = {alt: metric for metric, alt in ALTERNATIVE.items()}
_HEAD = {"won_amount": "won_amount_c"}  # "Won amount" beside a "Won" count
TOP_CUSTOMERS = 10
"""Referrers and customers the Summary shows (the after-sale sheet holds them all)."""
KPI_COLUMNS = [("customers", "int"), ("repeat_customers", "int"), ("repeat_rate", "pct"),
               ("repurchases", "int"), ("repurchase_amount", "amount"), ("upsells", "int"),
               ("upsell_amount", "amount"), ("mean_days_between", "days"),
               ("median_days_between", "days"), ("referral_win_rate", "pct"),
               ("other_win_rate", "pct"), ("referral_won_amount", "amount"),
               ("referral_won_share", "pct")]
"""The after-sale headline row (`salesxl.core.summary.aftersale.kpis` keys), in order."""
REFERRAL_COLUMNS = [("customer_id", "text"), ("company", "text"), ("referrals", "int"),
                    ("won", "int"), ("closed", "int"), ("won_amount", "amount"),
                    ("conversion", "pct")]
PURCHASE_COLUMNS = [("customer_id", "text"), ("company", "text"), ("purchases", "int"),
                    ("first_purchase", "date"), ("last_purchase", "date"),
                    ("total_won", "amount"), ("upsell_amount", "amount"),
                    ("mean_days_between", "days"), ("referrals", "int"),
                    ("referrals_won", "int")]


@dataclass
class BuiltSheet:
    """The scratch workbook holding one sheet (its long lists apart, in `loose`), and the
    charts drawn on it."""

    xlsx: bytes
    charts: list[ChartSpec] = field(default_factory=list)
    loose: LooseCells | None = None  # the long lists, spliced in by the graft

    @property
    def workbook(self) -> bytes:
        """The scratch workbook with the long lists in it (what the graft puts in place), for
        a caller that reads the sheet on its own."""
        return splice(self.xlsx, self.loose) if self.loose is not None else self.xlsx


def table_width(s: Summary, cfg: Config) -> int:
    """How many columns the widest table below the first screen takes."""
    split = 1 if s.by_rep else 0
    stages = len(cfg.open_stages)
    widths = [12, stages + 2, len(STALE_COLUMNS) + 1, 1 + len(COLUMNS["sources"][1]) + split,
              1 + 8 + 7, 1 + len(CHANGE_COLUMNS), 1 + 2 * (stages + 1),
              2 + len(CATEGORY_COLUMNS), 9]
    if len(s.lost_reasons.columns):
        widths.append(1 + len(s.lost_reasons.columns))
    return max(widths)


def pivot_anchor(s: Summary, cfg: Config) -> tuple[int, int]:
    """Zero-based (row, col) of the PivotTable's top-left cell: right of the charts, below the
    first screen."""
    return SCREEN_ROWS + 2, table_width(s, cfg) + 1 + CHART_COLS + 1


def million_formats(cfg: Config, lang: str) -> tuple[str, str]:
    """Number formats of an amount and of an amount's change in the Summary: millions with
    one decimal (the cell keeps the full amount), 백만원 in Korean for won, else ₩M / $M…

    Example:
        >>> million_formats(Config.default(), "ko")[0], million_formats(Config.default(), "en")[0]
        ('#,##0.0,,"백만원"', '"₩"#,##0.0,,"M"')
    """
    if lang == "ko" and cfg.currency == "KRW":
        unit = '#,##0.0,,"백만원"'
        return unit, f"+{unit};-{unit};0"
    sign = CURRENCY_SIGNS.get(cfg.currency, "")
    unit = f'"{sign}"#,##0.0,,"M"' if sign else '#,##0.0,,"M"'
    return unit, f"+{unit};-{unit};0"


class _Formats:
    def __init__(self, wb: Workbook, cfg: Config, lang: str):
        sign = CURRENCY_SIGNS.get(cfg.currency, "")
        full = f'"{sign}"#,##0' if sign else "#,##0"
        amount, delta = million_formats(cfg, lang)
        codes = {"int": "#,##0", "amount": amount, "pct": "0.0%", "days": "0.0", "text": None,
                 "ratio": "0.000",
                 "stage": None, "date": "yyyy-mm-dd", "delta_int": "+#,##0;-#,##0;0",
                 "delta_amount": delta, "delta_pct": "+0.0%;-0.0%;0.0%",
                 "delta_days": "+0.0;-0.0;0.0", "link": None}
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
            if kind == "date":
                base["align"] = "left"
            if kind == "link":
                base.update({"font_color": "#0563C1", "underline": 1})
            self.cell[kind] = wb.add_format({**base, "bottom": 1, "bottom_color": "#D9D9D9"})
            self.total[kind] = wb.add_format({**base, "bold": True, "top": 1,
                                              "bg_color": "#DDEBF7"})
        self.quoted = wb.add_format({"quote_prefix": True, "bottom": 1,
                                     "bottom_color": "#D9D9D9"})
        self.pivot_head = wb.add_format({"bold": True})
        self.pivot_amount = wb.add_format({"num_format": full})
        self.pivot_total = wb.add_format({"num_format": full, "bold": True})


def _rows(frame: pd.DataFrame) -> Iterator[tuple[Any, dict[Any, Any]]]:
    """(index, row as a dict) pairs: `iterrows` without a Series per row (tables by rep have
    a row per rep, hundreds in a large team)."""
    return zip(frame.index.tolist(), frame.to_dict("records"), strict=True)


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A frame's rows as dicts (native values), far cheaper than `iterrows` for the long
    lists (every stale deal, every untouched lead, every change)."""
    return frame.to_dict("records")

class _Writer:
    """Writes the first screen, then tables downwards and charts to their right."""

    def __init__(self, wb: Workbook, ws: Worksheet, s: Summary, cfg: Config, lang: str,
                 sheet: str, leads_sheet: str | None = None, stale_sheet: str | None = None,
                 aftersale_sheet: str | None = None, *, buf: io.BytesIO):
        self.wb, self.ws, self.s, self.cfg, self.lang, self.sheet = wb, ws, s, cfg, lang, sheet
        self.leads_sheet, self.stale_sheet = leads_sheet, stale_sheet
        self.aftersale_sheet = aftersale_sheet
        self.fmt = _Formats(wb, cfg, lang)
        self.row = FIRST_TABLE_ROW
        self.chart_col = table_width(s, cfg) + 1
        self.next_chart_row = SCREEN_ROWS
        self.charts: list[ChartSpec] = []
        self._labels: dict[tuple[str, type, Any], str] = {}  # thousands of rows, few words
        self.loose = LooseCells(max_links=MAX_LINKS - 500)  # XlsxWriter's own links: a few
        self.buf = buf

    # -- cells ---------------------------------------------------------------------------
    def value(self, r: int, c: int, v: Any, kind: str, total: bool = False,
              loose: bool = False) -> None:
        """Write one cell of a table; ``loose``: through `LooseCells` (a long list that no
        chart reads: charts take their cached values from XlsxWriter's own cells)."""
        fmt = (self.fmt.total if total else self.fmt.cell)[kind]
        if isinstance(v, tuple) and kind == "link":  # (text, worksheet row)
            label, row = v
            if self.leads_sheet and isinstance(row, int | np.integer) and row > 0 and \
                    label is not None:
                where = f"'{self.leads_sheet}'!A{int(row)}"
                tip = text("open_leads_link", self.lang)
                if not loose:
                    self.ws.write_url(r, c, f"internal:{where}", fmt, string=str(label),
                                      tip=tip)
                    return
                if self.loose.put(r, c, str(label), fmt, link=(where, tip)):
                    return
            v, fmt = label, (self.fmt.total if total else self.fmt.cell)["text"]
        v, fmt = self._cell(v, fmt, total)
        if loose:
            self.loose.put(r, c, v, fmt)
        elif v is None:
            self.ws.write_blank(r, c, None, fmt)
        elif isinstance(v, str):
            self.ws.write_string(r, c, v, fmt)
        elif isinstance(v, dt.date):
            day = v if isinstance(v, dt.datetime) else dt.datetime(v.year, v.month, v.day)
            self.ws.write_datetime(r, c, day, fmt)
        else:
            self.ws.write_number(r, c, v, fmt)

    def _cell(self, v: Any, fmt: Format, total: bool) -> tuple[Any, Format]:
        """A table cell's value as written (None for a blank, text, a date or a float) and
        its format (text that looks like a formula keeps Excel's quote prefix)."""
        if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
            return None, fmt
        if isinstance(v, str):
            return v, self.fmt.quoted if looks_like_formula(v) and not total else fmt
        if isinstance(v, dt.date):
            return v, fmt
        return float(v), fmt

    def close(self, charts: list[ChartSpec] | None = None) -> BuiltSheet:
        """Close the scratch workbook: the sheet, its charts and the loose cells (spliced in
        by the graft, in the target's cell formats: no second pass over them)."""
        if self.loose:
            self.loose.probe(self.wb)
        self.wb.close()
        return BuiltSheet(self.buf.getvalue(), charts or [],
                          self.loose if self.loose else None)

    def headers(self, r: int, labels: Sequence[str], c0: int = 0) -> None:
        for c, label in enumerate(labels):
            self.ws.write_string(r, c0 + c, label, self.fmt.header)
        if any(len(label) > 12 for label in labels[1:]):
            self.ws.set_row(r, 30)  # two lines of header text

    def title(self, key: str, extra: str = "", **values: Any) -> None:
        self.ws.write_string(self.row, 0, text(key, self.lang, **values) +
                             (f" {extra}" if extra else ""), self.fmt.section)
        self.row += 1

    def note(self, words: str) -> None:
        self.ws.write_string(self.row, 0, words, self.fmt.note)
        self.row += 1

    def label(self, kind: str, key: Any) -> str:
        memo = (kind, type(key), key)  # 1, 1.0 and True are equal keys with other words
        try:
            return self._labels[memo]
        except KeyError:
            word = self._labels[memo] = row_label(kind, key, self.cfg, self.lang)
            return word
        except TypeError:  # a key that cannot be hashed
            return row_label(kind, key, self.cfg, self.lang)

    def rep_label(self, rep: Any) -> str:
        return text("team", self.lang) if rep == TEAM else self.label("text", rep)

    def grid(self, headers: Sequence[str], rows: Sequence[Sequence[tuple[Any, str]]],
             totals: Sequence[bool] | None = None, loose: bool = False) -> int:
        """Write a header row and rows of (value, kind) cells; returns the first data row.
        ``loose``: a long list no chart reads (see `value`)."""
        self.headers(self.row, headers)
        self.row += 1
        first = self.row
        for i, cells in enumerate(rows):
            total = bool(totals[i]) if totals is not None else False
            for c, (v, kind) in enumerate(cells):
                self.value(self.row, c, v, kind, total, loose)
            self.row += 1
        self.row += 2
        return first

    # -- charts --------------------------------------------------------------------------
    def chart(self, spec: ChartSpec, row: int, anchor: tuple[int, int] | None = None) -> None:
        if anchor is None:
            anchor_row = max(row, self.next_chart_row)
            spec.anchor = (anchor_row, self.chart_col)
            self.next_chart_row = anchor_row + math.ceil(spec.size[1] / 20) + 1
        else:
            spec.anchor = anchor
        insert_native(self.wb, self.ws, self.sheet, spec)
        self.charts.append(spec)

    def amount_axis(self, spec: ChartSpec) -> ChartSpec:
        spec.number_format = "#,##0,,"
        spec.value_title = text("unit_amount", self.lang)
        spec.scale = AMOUNT_UNIT
        return spec

    # -- the first screen ------------------------------------------------------------------
    def first_screen(self) -> None:
        s, lang = self.s, self.lang
        since = s.since.isoformat() if s.since else ""
        self.title("headline")
        head = [text(k, lang, since=since) for k in ("metric", "value", "target",
                                                     "attainment", "pace", "then", "change")]
        periods = {"month": month_key(s.today), "quarter": quarter_key(s.today)}
        rows = []
        other = s.alternative
        for name in s.figures.index:
            metric = _ALT_OF.get(name, name)
            values = s.figures.loc[name]
            kind = METRIC_KINDS.get(metric, "amount")
            period = periods["quarter" if "quarter" in metric else "month"]
            targeted = metric in TARGETED
            if other is not None and metric in ALTERNATIVE:  # both forecasts: say which is which
                prob = other if name in _ALT_OF else s.weighted_by
                label = text(f"m_{metric}_probability", lang, prob=text(f"prob_{prob}", lang))
            else:
                label = text(f"m_{metric}", lang, period=period)
            rows.append([(label, "text"), (values["value"], kind),
                         (values["target"] if targeted else None, kind),
                         (values["attainment"] if targeted else None, "pct"),
                         (values["pace"] if targeted else None, kind),
                         (values["then"], kind), (values["change"], f"delta_{kind}")])
        self.grid(head, rows)
        notes = []
        if s.targets.empty:
            notes.append(text("no_targets", lang))
        if other is not None:
            setting = "learned" if s.weighted_by == "win_probability" else "stage"
            notes.append(text("forecast_probability_note", lang,
                              prob=text(f"prob_{s.weighted_by}", lang),
                              setting=text(f"setting_{setting}", lang), n=s.learned_deals))
        if notes:  # right under the table, the reps' table right under them: one screen
            self.row -= 2
            for words in notes:
                self.note(words)
            self.row += 1 if len(notes) == 1 and s.alternative is None else 0
        if s.rep is None and len(s.reps):
            self.title("reps")
            head = [text("rep", lang), *(text(c, lang) for c in REP_COLUMNS)]
            rows = [[(text("team", lang) if rep == TOTAL else self.label("text", rep), "text"),
                     *((values[c], REP_KINDS.get(c, "amount")) for c in REP_COLUMNS)]
                    for rep, values in _rows(s.reps)]
            self.grid(head, rows, [rep == TOTAL for rep in s.reps.index])
        self.row = max(self.row, SCREEN_ROWS)

    # -- the manager's tables ------------------------------------------------------------
    def forecast_months(self) -> None:
        """The by-month table, and the forecast chart on the first screen over its cells."""
        fm = self.s.forecast_months
        start = self.row
        self.title("forecast_months")
        head = [text("month", self.lang),
                *(text(MONTH_WORDS.get(c, c), self.lang) for c, _ in MONTH_COLUMNS)]
        rows = [[(m if m != TOTAL else text("total", self.lang), "text"),
                 *((v[c], kind) for c, kind in MONTH_COLUMNS)] for m, v in _rows(fm)]
        first = self.grid(head, rows, [m == TOTAL for m in fm.index])
        months = [m for m in fm.index if m != TOTAL]
        if not months:
            return
        col = {c: 1 + i for i, (c, _) in enumerate(MONTH_COLUMNS)}
        spec = self.amount_axis(ChartSpec(
            "forecast", "column", text("chart_forecast_months", self.lang), months, first, 0,
            [Series(text("won_past", self.lang), list(fm.loc[months, "won"]), col["won"],
                    color="#1F4E78"),
             Series(text("weighted_ahead", self.lang), list(fm.loc[months, "weighted_open"]),
                    col["weighted_open"], style="light", color="#2E75B6")],
            stacked=True, size=(5 * 96, 300)))
        if fm.loc[months, "target"].notna().any():
            spec.line = Series(text("target_line", self.lang),
                               [None if pd.isna(v) else float(v)
                                for v in fm.loc[months, "target"]], col["target"])
        self.chart(spec, start, anchor=(FIRST_TABLE_ROW, 7))

    def forecast_categories(self) -> None:
        fc = self.s.forecast_categories
        self.title("forecast_categories")
        cols = list(CATEGORY_COLUMNS)
        head = [text("rep", self.lang), text("period", self.lang),
                *(text(CATEGORY_WORDS.get(c, c), self.lang) for c, _ in cols)]
        if self.s.alternative is not None and "weighted_alt" in fc.columns:
            cols.append(("weighted_alt", "amount"))
            head.append(text("weighted_alt", self.lang,
                             prob=text(f"prob_{self.s.alternative}", self.lang)))
        rows = [[(self.rep_label(rep), "text"), (period, "text"),
                 *((v[c], kind) for c, kind in cols)]
                for (rep, period), v in _rows(fc)]
        self.grid(head, rows, [rep == TEAM for rep, _ in fc.index])
        gaps = self.s.forecast_gaps
        self.title("forecast_gaps")
        head = [text("gap", self.lang), text("rep", self.lang), text("count", self.lang),
                text("amount", self.lang), text("weighted", self.lang)]
        rows = [[(text(f"g_{gap}", self.lang), "text"), (self.rep_label(rep), "text"),
                 (v["deals"], "int"), (v["amount"], "amount"), (v["weighted"], "amount")]
                for (rep, gap), v in _rows(gaps)]
        self.grid(head, rows, [rep == TEAM for rep, _ in gaps.index])

    def learned(self) -> None:
        """The learned win probability's back-test: AUC and Brier, then calibration, learned vs
        the stage defaults; or one line saying why there is none."""
        s, lang = self.s, self.lang
        check = s.learned
        if check is None:
            return
        bt = check.backtest
        if bt is None or bt.refusal is not None or not len(s.backtest):
            self.note(check.message(lang) or "")  # one line: why there is none
            self.row += 2
            return
        self.title("t_backtest", cutoff=bt.cutoff.isoformat(), tw=bt.train_won,
                   tl=bt.train_lost, sw=bt.test_won, sl=bt.test_lost)
        head = [text(k, lang) for k in ("bt_view", "bt_probability", "bt_rows", "bt_auc",
                                        "bt_brier")]
        rows = [[(text(f"v_{view}", lang), "text"), (text(f"pr_{prob}", lang), "text"),
                 (v["rows"], "int"), (v["auc"], "ratio"), (v["brier"], "ratio")]
                for (view, prob), v in _rows(s.backtest)]
        self.grid(head, rows)
        self.row -= 2
        self.note(text("backtest_note", lang))
        self.row += 1
        cal = s.calibration
        self.title("t_calibration")
        cols = list(cal.columns)
        groups = list(dict.fromkeys((v, k) for v, k, _ in cols))
        for j, (view, prob) in enumerate(groups):  # a caption over each view x probability
            first = 1 + 3 * j
            self.ws.merge_range(self.row, first, self.row, first + 2,
                                f"{text(f'v_{view}', lang)} · {text(f'pr_{prob}', lang)}",
                                self.fmt.header)
        self.ws.write_blank(self.row, 0, None, self.fmt.header)
        self.row += 1
        head = [text("bin", lang), *(text(f"cal_{m}", lang) for _, _, m in cols)]
        rows = [[(f"{low:.0%}–{low + 0.1:.0%}", "text"),
                 *((v[c], "int" if c[2] == "n" else "pct") for c in cols)]
                for low, v in _rows(cal)]
        self.grid(head, rows)

    def after_sale(self) -> None:
        """After the sale: the KPI row, referrals vs other leads (with a chart), the top
        referrers and customers (every one on the after-sale sheet), and the follow-ups of open
        leads beside the touches of customers."""
        s, lang = self.s, self.lang
        if not len(s.after_sale):
            return
        self.ws.write_string(self.row, 0, text("after_sale", lang), self.fmt.title)
        self.row += 1
        self.note(text("after_sale_note", lang))
        k = s.after_sale["value"]
        head = [text(f"k_{key}", lang) for key, _ in KPI_COLUMNS]
        self.grid(head, [[(k[key], kind) for key, kind in KPI_COLUMNS]])
        # referrals vs the other leads, with a chart of the won amount
        src = s.referral_sources
        start = self.row
        self.title("t_referral_sources")
        cols = [("leads", "int"), ("closed", "int"), ("won", "int"), ("lost", "int"),
                ("win_rate", "pct"), ("won_amount", "amount"), ("won_share", "pct")]
        head = [text("source", lang), *(text(_HEAD.get(c, c), lang) for c, _ in cols)]
        names = {TOTAL: text("total", lang), "referral": text("r_referral", lang),
                 "other": text("r_other", lang)}
        first = self.grid(head, [[(names[key], "text"), *((v[c], kind) for c, kind in cols)]
                                 for key, v in _rows(src)],
                          [key == TOTAL for key in src.index])
        shown = [key for key in src.index if key != TOTAL]
        if src.loc[shown, "won_amount"].sum() > 0:
            col = 1 + [c for c, _ in cols].index("won_amount")
            self.chart(self.amount_axis(ChartSpec(
                "referrals", "bar", text("chart_referrals", lang), [names[k] for k in shown],
                first, 0, [Series(text("won_amount", lang),
                                  [float(src.at[k, "won_amount"]) for k in shown], col,
                                  (first - 1, col))], size=(520, 200))), start)
        self._customers_top()
        self._touches()

    def _customers_top(self) -> None:
        s, lang = self.s, self.lang
        sheet = self.aftersale_sheet or ""
        refs = s.referrals
        total = len(refs) - 1
        if total > 0:
            self._linked_title(text("t_referrals", lang, n=min(TOP_CUSTOMERS, total),
                                    total=total, sheet=sheet))
            rows, totals = _referral_rows(refs, text("total", lang), TOP_CUSTOMERS,
                                          _companies(s))
            self.grid([text(_HEAD.get(c, c), lang) for c, _ in REFERRAL_COLUMNS], rows, totals)
        cp = s.customer_purchases
        total = len(cp) - 1
        if total <= 0:
            self.note(text("no_purchases", lang))
            self.row += 2
            return
        self._linked_title(text("t_purchases", lang, n=min(TOP_CUSTOMERS, total), total=total,
                                sheet=sheet))
        rows, totals = _purchase_rows(cp, text("total", lang), TOP_CUSTOMERS)
        self.grid([text(c, lang) for c, _ in PURCHASE_COLUMNS], rows, totals)

    def _linked_title(self, words: str) -> None:
        """A section title that opens the after-sale sheet (plain without one)."""
        if self.aftersale_sheet:
            self.ws.write_url(self.row, 0, f"internal:'{self.aftersale_sheet}'!A1",
                              self.fmt.section, string=words)
        else:
            self.ws.write_string(self.row, 0, words, self.fmt.section)
        self.row += 1

    def _touches(self) -> None:
        s, lang = self.s, self.lang
        fu, tc = s.team("follow_ups"), s.touches
        reps = [r for r in _union(fu.index, tc.index) if r != TOTAL] + [TOTAL]
        lead_cols = [("with_follow_up", "int"), ("overdue", "int"), ("due_today", "int"),
                     ("scheduled", "int")]
        cust_cols = [("customers", "int"), ("with_touch", "int"), ("overdue", "int"),
                     ("due_today", "int"), ("scheduled", "int")]
        self.title("t_touches")
        head = [text("rep", lang),
                *(text("of_leads", lang, what=text(c, lang)) for c, _ in lead_cols),
                text("customers", lang),
                *(text("of_customers", lang, what=text(c, lang)) for c, _ in cust_cols[1:]),
                text("overdue_all", lang)]
        rows = []
        for rep in reps:
            lead = [(int(fu.at[rep, c]) if rep in fu.index else 0, kind) for c, kind in lead_cols]
            cust = [(int(tc.at[rep, c]) if rep in tc.index else 0, kind) for c, kind in cust_cols]
            rows.append([(text("total", lang) if rep == TOTAL else self.label("text", rep),
                          "text"), *lead, *cust, (lead[1][0] + cust[2][0], "int")])
        self.grid(head, rows, [rep == TOTAL for rep in reps])

    def changes(self) -> None:
        s = self.s
        since = s.since.isoformat() if s.since else ""
        self.title("changes", since=since)
        head = [text("rep", self.lang),
                *(text(CHANGE_WORDS.get(c, c), self.lang) for c, _ in CHANGE_COLUMNS)]
        rows = [[(self.label("text", rep), "text"),
                 *((v[c], kind) for c, kind in CHANGE_COLUMNS)]
                for rep, v in _rows(s.changes)]
        self.grid(head, rows, [rep == TOTAL for rep in s.changes.index])
        events = s.change_list
        self.title("change_list", since=since, n=len(events))
        head = [text(k, self.lang) for k in ("event", "day", "lead_id", "company", "rep",
                                             "from_stage", "to_stage", "lost_reason",
                                             "deal_amount")]
        reasons = self.cfg.vocabulary("lost_reasons")
        rows = [[(text(f"e_{v['event']}", self.lang), "text"), (v["day"], "date"),
                 ((v["lead_id"], v["row"]), "link"), (v["company"], "text"),
                 (self.label("text", v["rep"]), "text"),
                 (self.label("stage", v["from_stage"]) if v["from_stage"] else None, "text"),
                 (self.label("stage", v["to_stage"]) if v["to_stage"] else None, "text"),
                 (reasons.label(v["lost_reason"], self.lang) if isinstance(
                     v["lost_reason"], str) else None, "text"),
                 (v["deal_amount"], "amount")] for v in _records(events)]
        self.grid(head, rows, loose=True)

    def activity(self) -> None:
        s = self.s
        weeks = s.activity_weeks
        start = self.row
        self.title("activity_weeks")
        days = [c for c in weeks.columns if isinstance(c, dt.date)]
        rest = [("week_avg", "days"), ("week_target", "days"), ("month", "int"),
                ("month_target", "int"), ("month_attainment", "pct"), ("month_pace", "days"),
                ("untouched", "int")]
        words = {"month": "month_n", "untouched": "untouched_n"}
        head = [text("rep", self.lang), *(d.strftime("%m-%d") for d in days),
                *(text(words.get(c, c), self.lang) for c, _ in rest)]
        rows = [[(self.label("text", rep), "text"), *((v[d], "int") for d in days),
                 *((v[c], kind) for c, kind in rest)] for rep, v in _rows(weeks)]
        self.grid(head, rows, [rep == TOTAL for rep in weeks.index])
        types = s.activity_types
        self.title("activity_types")
        keys = list(types.columns)
        head = [text("rep", self.lang), *(self.label("activity", k) for k in keys),
                text("total", self.lang)]
        rows = [[(self.label("text", rep), "text"), *((v[k], "int") for k in keys),
                 (float(sum(x for x in v.values() if x == x)), "int")]
                for rep, v in _rows(types)]
        first = self.grid(head, rows, [rep == TOTAL for rep in types.index])
        reps = [r for r in types.index if r != TOTAL]
        counts = types.loc[reps] if reps else types.iloc[:0]
        shown = [k for k in keys if counts[k].sum() > 0] if reps else []
        if reps and shown:
            self.chart(ChartSpec(
                "activity", "column", text("chart_activity", self.lang),
                [self.label("text", r) for r in reps], first, 0,
                [Series(self.label("activity", k), [float(x) for x in counts[k].tolist()],
                        1 + keys.index(k), (first - 1, 1 + keys.index(k))) for k in shown],
                stacked=True), start)

    def untouched(self) -> None:
        u = self.s.untouched
        self.title("untouched", n=len(u))
        head = [text(k, self.lang) for k in ("lead_id", "company", "rep", "tier", "stage",
                                             "last_touch", "days_since", "cadence_days",
                                             "deal_amount")]
        rows = [[((v["lead_id"], v["row"]), "link"), (v["company"], "text"),
                 (self.label("text", v["rep"]), "text"), (v["tier"], "text"),
                 (self.label("stage", v["stage"]), "text"), (v["last_touch"], "date"),
                 (v["days_since"], "int"), (v["cadence_days"], "int"),
                 (v["deal_amount"], "amount")] for v in _records(u)]
        self.grid(head, rows, loose=True)

    def stale_top(self) -> None:
        st = self.s.stale_deals
        words = text("stale_top", self.lang, n=min(TOP_STALE, len(st)), total=len(st),
                      sheet=self.stale_sheet or "")
        if self.stale_sheet:  # the title opens the sheet with every stale deal
            self.ws.write_url(self.row, 0, f"internal:'{self.stale_sheet}'!A1",
                              self.fmt.section, string=words)
            self.row += 1
        else:
            self.title("stale_top", n=min(TOP_STALE, len(st)), total=len(st), sheet="")
        rows = [self._stale_row(v) for v in _records(st.head(TOP_STALE))]
        self.grid([text(c, self.lang) for c, _ in STALE_COLUMNS], rows)

    def _stale_row(self, v: Mapping[str, Any]) -> list[tuple[Any, str]]:
        cells: list[tuple[Any, str]] = []
        for col, kind in STALE_COLUMNS:
            if col == "lead_id":
                cells.append(((v["lead_id"], v["row"]), "link"))
            elif kind == "stage":
                cells.append((self.label("stage", v[col]), "text"))
            elif col == "rep":
                cells.append((self.label("text", v[col]), "text"))
            else:
                cells.append((v[col], kind))
        return cells

    def velocity(self) -> None:
        s, lang = self.s, self.lang
        lr = s.lost_reasons
        if len(lr.columns):
            self.title("lost_reasons")
            stages = [k for k in lr["count"].columns]
            head = [text("lost_reason", lang),
                    *(f"{text('lost_count', lang)}: {self._stage_or_total(k)}" for k in stages),
                    *(f"{text('lost_amount_t', lang)}: {self._stage_or_total(k)}"
                      for k in stages)]
            reasons = self.cfg.vocabulary("lost_reasons")
            rows = [[(text("total", lang) if r == TOTAL else text("none", lang) if r == NONE
                      else reasons.label(r, lang), "text"),
                     *((v[("count", k)], "int") for k in stages),
                     *((v[("amount", k)], "amount") for k in stages)]
                    for r, v in _rows(lr)]
            self.grid(head, rows, [r == TOTAL for r in lr.index])
        st = s.stage_time
        self.title("stage_time")
        stages = list(st["average"].columns)
        head = [text("rep", lang),
                *(f"{text('average', lang)}: {self.label('stage', k)}" for k in stages),
                *(f"{text('median', lang)}: {self.label('stage', k)}" for k in stages)]
        rows = [[(self.rep_label(rep), "text"),
                 *((v[("average", k)], "days") for k in stages),
                 *((v[("median", k)], "days") for k in stages)] for rep, v in _rows(st)]
        self.grid(head, rows, [rep == TEAM for rep in st.index])
        self.title("cycle")
        head = [text(k, lang) for k in ("rep", "won_deals", "average_days", "median_days_c")]
        rows = [[(self.rep_label(rep), "text"), (v["won"], "int"), (v["average_days"], "days"),
                 (v["median_days"], "days")] for rep, v in _rows(s.cycle)]
        self.grid(head, rows, [rep == TEAM for rep in s.cycle.index])

    def _stage_or_total(self, key: str) -> str:
        if key == TOTAL:
            return text("total", self.lang)
        if key == NONE:
            return text("unknown_stage", self.lang)
        return self.label("stage", key)

    def unlisted(self) -> None:
        u = self.s.unlisted
        self.title("unlisted")
        if not len(u):
            self.note(text("none_unlisted", self.lang))
            self.row += 2
            return
        head = [text(k, self.lang) for k in ("list", "word", "leads")]
        rows = [[(text(f"l_{v['list']}", self.lang), "text"), (v["value"], "text"),
                 (v["leads"], "int")] for _, v in _rows(u)]
        self.grid(head, rows)

    # -- the pipeline tables -------------------------------------------------------------
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
        for key, values in _rows(frame):
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
            for rep, values in _rows(pipe[measure]):
                total = rep == TOTAL
                self.value(self.row, 0, self.label("text", rep), "text", total)
                for j, k in enumerate(stages):
                    self.value(self.row, 1 + j, values[k], kind, total)
                self.row += 1
            last = self.row - 2  # the total row is not charted
            self.row += 2
            if measure == "amount" and last >= first and pipe.loc[TOTAL, ("amount", TOTAL)]:
                self.chart(self.amount_axis(ChartSpec(
                    "pipeline", "column", text("chart_pipeline", self.lang),
                    [self.label("text", r) for r in pipe.index[:-1]], first, 0,
                    [Series(self.label("stage", k), list(pipe.loc[pipe.index[:-1],
                                                                  ("amount", k)]),
                            1 + j, (header_row, 1 + j)) for j, k in enumerate(stages[:-1])],
                    stacked=True)), start)

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


def _setup(ws: Worksheet, s: Summary, cfg: Config) -> None:
    ws.hide_gridlines(2)
    ws.set_footer(f"&L{MARKER}&R&P / &N")
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.set_column(0, 0, WIDE)
    ws.set_column(1, max(table_width(s, cfg), 12) - 1, NARROW)


def _scratch(sheet: str) -> tuple[io.BytesIO, Workbook, Worksheet]:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False,
                                   "strings_to_urls": False, "strings_to_numbers": False,
                                   "default_date_format": "yyyy-mm-dd"})
    return buf, wb, wb.add_worksheet(sheet)


def build_sheet(s: Summary, cfg: Config, lang: str, sheet: str, pivot: Pivot | None, *,
                leads_sheet: str | None = None, stale_sheet: str | None = None,
                compact: bool = False, aftersale_sheet: str | None = None) -> BuiltSheet:
    """The Summary sheet in a scratch workbook (bytes) and the charts drawn on it.

    Args:
        s: the computed tables.
        cfg: the workbook's Config (stage labels, currency).
        lang: label language (``ko`` or ``en``).
        sheet: the sheet's final name (chart series refer to it).
        pivot: the PivotTable whose cells to render at `pivot_anchor`, or None (a note says
            why there is none).
        leads_sheet: the Leads sheet's name: lead IDs link to their rows.
        stale_sheet: the name of the sheet with every stale deal.
        compact: one rep's sheet: the manager's blocks only, no pipeline tables or pivot.
        aftersale_sheet: the name of the sheet with every customer's purchases and referrals.
    """
    buf, wb, ws = _scratch(sheet)
    w = _Writer(wb, ws, s, cfg, lang, sheet, leads_sheet, stale_sheet, aftersale_sheet, buf=buf)
    _setup(ws, s, cfg)
    since = s.since or s.today
    ws.write_string(0, 0, text("rep_title", lang, rep=s.rep) if s.rep else
                    text("sheet_title", lang), w.fmt.title)
    ws.write_string(1, 0, text("as_of", lang, today=s.today.isoformat(),
                               since=since.isoformat(), days=(s.today - since).days,
                               leads=s.leads) + " " +
                    text("amounts_note", lang, currency=cfg.currency,
                         unit=text("unit_amount", lang)), w.fmt.note)
    w.first_screen()
    w.forecast_months()
    w.forecast_categories()
    w.learned()
    w.changes()
    w.activity()
    w.stale_top()
    w.velocity()
    w.untouched()
    if not compact:
        w.unlisted()
        w.pipeline()
        for name, chart in (
                ("funnel", ("funnel", ["reached"], "bar", "chart_funnel", False, False)),
                ("forecast", None),
                ("sources", None),
                ("source_types", ("sources", ["qualified_share", "win_rate"], "column",
                                  "chart_sources", True, False)),
                ("techniques", ("techniques", ["win_rate"], "bar", "chart_techniques",
                                True, False)),
                ("objections", None),
                ("follow_ups", ("follow_ups", ["overdue", "due_today", "scheduled"],
                                "bar", "chart_follow_ups", False, True))):
            extra = ""
            if name == "funnel":
                extra = text("funnel_history" if s.funnel_from == "history"
                             else "funnel_stages", lang)
            start, blocks = w.table(name, extra)
            if chart is not None:
                key, cols, kind, title, percent, stacked = chart
                w.team_series(name, blocks, cols, key, kind, title, percent=percent,
                              stacked=stacked, start=start)
            if name == "techniques":  # after the win rates
                w.after_sale()
        w.table("stage_days")
    ws.print_area(0, 0, max(w.row, w.next_chart_row), w.chart_col + CHART_COLS - 1)
    if not compact:
        _pivot_cells(w, pivot, pivot_anchor(s, cfg))
    return w.close(w.charts)


def build_stale_sheet(s: Summary, cfg: Config, lang: str, sheet: str,
                      leads_sheet: str | None) -> BuiltSheet:
    """Every stale deal, biggest risk first, each lead ID linking to its Leads row."""
    buf, wb, ws = _scratch(sheet)
    w = _Writer(wb, ws, s, cfg, lang, sheet, leads_sheet, sheet, buf=buf)
    ws.set_footer(f"&L{MARKER}&R&P / &N")
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.write_string(0, 0, text("stale_sheet_title", lang), w.fmt.title)
    ws.write_string(1, 0, text("as_of", lang, today=s.today.isoformat(),
                               since=(s.since or s.today).isoformat(),
                               days=(s.today - (s.since or s.today)).days, leads=s.leads),
                    w.fmt.note)
    w.row = 3
    head = [text("rank", lang), *(text(c, lang) for c, _ in STALE_COLUMNS)]
    w.headers(w.row, head)
    header = w.row
    w.row += 1
    for i, v in enumerate(_records(s.stale_deals), start=1):
        w.value(w.row, 0, i, "int", loose=True)
        for c, (value, kind) in enumerate(w._stale_row(v), start=1):
            w.value(w.row, c, value, kind, loose=True)
        w.row += 1
    ws.autofilter(header, 0, max(w.row - 1, header), len(head) - 1)
    ws.freeze_panes(header + 1, 0)
    ws.set_column(0, 0, 6)
    ws.set_column(1, 1, 12)
    ws.set_column(2, 2, 26)
    ws.set_column(3, len(head) - 1, NARROW)
    ws.repeat_rows(header)
    return w.close()


def build_aftersale_sheet(s: Summary, cfg: Config, lang: str, sheet: str) -> BuiltSheet:
    """Every customer's purchases (by total won) and every referrer's referrals (most first),
    side by side: the complete lists the Summary shows the top of."""
    buf, wb, ws = _scratch(sheet)
    w = _Writer(wb, ws, s, cfg, lang, sheet, None, None, sheet, buf=buf)
    ws.set_footer(f"&L{MARKER}&R&P / &N")
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.write_string(0, 0, text("aftersale_sheet_title", lang), w.fmt.title)
    ws.write_string(1, 0, text("as_of", lang, today=s.today.isoformat(),
                               since=(s.since or s.today).isoformat(),
                               days=(s.today - (s.since or s.today)).days, leads=s.leads) +
                    " " + text("after_sale_note", lang), w.fmt.note)
    header = 4
    word = text("total", lang)
    tables = ((0, "t_purchases_all", PURCHASE_COLUMNS, _purchase_columns(s.customer_purchases)),
              (len(PURCHASE_COLUMNS) + 1, "t_referrals_all", REFERRAL_COLUMNS,
               _referral_columns(s.referrals, _companies(s))))
    for c0, title, cols, (keys, values) in tables:
        ws.write_string(header - 1, c0, text(title, lang, total=max(len(keys) - 1, 0)),
                        w.fmt.section)
        w.headers(header, [text(_HEAD.get(c, c), lang) for c, _ in cols], c0)
        values[0] = [word if k == TOTAL else k for k in keys]
        _bulk(w, header + 1, c0, [kind for _, kind in cols], values,
              [k == TOTAL for k in keys])
    last = header + max(len(s.customer_purchases), 1)
    ws.autofilter(header, 0, max(last - 1, header), len(PURCHASE_COLUMNS) - 1)
    ws.freeze_panes(header + 1, 0)
    ws.set_column(0, 0, 12)
    ws.set_column(1, 1, 24)
    ws.set_column(2, len(PURCHASE_COLUMNS) - 1, NARROW)
    c0 = len(PURCHASE_COLUMNS) + 1
    ws.set_column(c0 - 1, c0 - 1, 3)
    ws.set_column(c0, c0, 12)
    ws.set_column(c0 + 1, c0 + 1, 24)
    ws.set_column(c0 + 2, c0 + len(REFERRAL_COLUMNS) - 1, NARROW)
    ws.repeat_rows(header)
    return w.close()


def _bulk(w: _Writer, first: int, c0: int, kinds: list[str], values: list[list[Any]],
          totals: list[bool]) -> None:
    """Write a long table column by column, lean: a blank cell is left unwritten (thousands of
    rows; `_Writer.value` is for the Summary's short tables)."""
    put = w.loose.put
    for c, (kind, column) in enumerate(zip(kinds, values, strict=True)):
        cell, total = w.fmt.cell[kind], w.fmt.total[kind]
        for i, v in enumerate(column):
            if v is None or v != v:  # None, NaN
                continue
            fmt = total if totals[i] else cell
            if isinstance(v, str):
                put(first + i, c0 + c, v, w.fmt.quoted if looks_like_formula(v) else fmt)
            elif isinstance(v, dt.date):
                put(first + i, c0 + c, v, fmt)
            else:
                put(first + i, c0 + c, float(v), fmt)


def _purchase_columns(cp: pd.DataFrame) -> tuple[list[Any], list[list[Any]]]:
    """Every customer by total won (ties by ID), then the total: the keys, and the values of
    `PURCHASE_COLUMNS` column by column (the first, the keys, filled in by the caller)."""
    if not len(cp):
        return [], [[] for _ in PURCHASE_COLUMNS]
    body = cp.drop(index=TOTAL)
    order = body.assign(_id=body.index.astype(str)).sort_values(
        ["total_won", "_id"], ascending=[False, True], kind="stable").index.tolist()
    table = cp.loc[[*order, TOTAL]]
    return [*order, TOTAL], [[], *(table[col].tolist() for col, _ in PURCHASE_COLUMNS[1:])]


def _referral_columns(refs: pd.DataFrame, names: dict[str, Any]
                      ) -> tuple[list[Any], list[list[Any]]]:
    """Every referrer, most referrals first, then the total (as `_purchase_columns`)."""
    if not len(refs):
        return [], [[] for _ in REFERRAL_COLUMNS]
    keys = refs.index.tolist()
    return keys, [[], [None if k == TOTAL else names.get(k) for k in keys],
                  *(refs[col].tolist() for col, _ in REFERRAL_COLUMNS[2:])]


def _companies(s: Summary) -> dict[str, Any]:
    cp = s.customer_purchases
    return dict(zip(cp.index, cp["company"], strict=True)) if len(cp) else {}


def _purchase_rows(cp: pd.DataFrame, total: str, limit: int
                   ) -> tuple[list[list[tuple[Any, str]]], list[bool]]:
    """The ``limit`` customers with the most won (ties by ID), then the total of all."""
    keys, values = _purchase_columns(cp)
    if not keys:
        return [], []
    values[0] = [total if k == TOTAL else k for k in keys]
    keep = [*range(min(limit, len(keys) - 1)), len(keys) - 1]
    rows = [[(values[c][i], kind) for c, (_, kind) in enumerate(PURCHASE_COLUMNS)]
            for i in keep]
    return rows, [keys[i] == TOTAL for i in keep]


def _referral_rows(refs: pd.DataFrame, total: str, limit: int | None = None,
                   names: dict[str, Any] | None = None
                   ) -> tuple[list[list[tuple[Any, str]]], list[bool]]:
    """Referrers, most referrals first, at most ``limit`` of them, then the total."""
    if not len(refs):
        return [], []
    body = [c for c in refs.index if c != TOTAL]
    keys = [*(body[:limit] if limit is not None else body), TOTAL]
    names = names or {}
    rows = []
    for c in keys:
        row: list[tuple[Any, str]] = []
        for col, kind in REFERRAL_COLUMNS:
            if col == "customer_id":
                row.append((total if c == TOTAL else c, "text"))
            elif col == "company":
                row.append((None if c == TOTAL else names.get(c), "text"))
            else:
                row.append((refs.at[c, col], kind))
        rows.append(row)
    return rows, [c == TOTAL for c in keys]


def _union(*indexes: pd.Index) -> list[Any]:
    """The labels of several indexes, in first-seen order."""
    return list(dict.fromkeys(label for index in indexes for label in index))


def _pivot_cells(w: _Writer, pivot: Pivot | None, anchor: tuple[int, int]) -> None:
    r0, c0 = anchor
    w.ws.write_string(r0 - 2, c0, text("pivot" if pivot else "no_pivot", w.lang),
                      w.fmt.section)
    if pivot is None:
        return
    last_row = max(r for r, _ in pivot.cells)
    last_col = max(c for _, c in pivot.cells)
    numbers = [abs(v) for v in pivot.cells.values()
               if isinstance(v, int | float) and not isinstance(v, bool)]
    digits = len(f"{max(numbers, default=0):,.0f}") + 3  # "₩" and room: never ###
    labels = [len(str(v)) for (r, c), v in pivot.cells.items() if c == c0]
    w.ws.set_column(c0, c0, max(16, min(30, max(labels, default=0) + 2)))
    w.ws.set_column(c0 + 1, last_col, max(14, digits))
    for (r, c), v in sorted(pivot.cells.items()):
        head = r < pivot.first_data_row or r == last_row  # captions and the grand total row
        if isinstance(v, str):
            w.ws.write_string(r, c, v, w.fmt.pivot_head if head else None)
        elif isinstance(v, int | float) and not isinstance(v, bool):
            w.ws.write_number(r, c, float(v), w.fmt.pivot_total if head else
                              w.fmt.pivot_amount)
        else:  # a date or a flag used as a row item
            w.ws.write(r, c, v)
