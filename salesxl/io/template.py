"""Writes a new team workbook: every table an Excel Table with dropdowns, formats and highlights.

One writer serves `salesxl init` (empty tables), the demo, conversion and consolidation (tables
with rows). XlsxWriter writes the workbook with empty tables (every sheet, Table, dropdown,
format and highlight); rows are then streamed into its sheets by `salesxl.io.writer` (about
7x faster than XlsxWriter's cells): formula-looking text always as text with Excel's
quote-prefix style, dates as real dates, choices as labels in the workbook's language. The file
is written to a temporary name and renamed, so a crash never leaves half a workbook.

Example:
    >>> import tempfile, pathlib
    >>> from salesxl.core.config import Config
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "team.xlsx"
    >>> write_team_workbook(path, Config.default(language="en")).name
    'team.xlsx'
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import string
import zipfile
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

import xlsxwriter
from xlsxwriter.workbook import Format, Workbook
from xlsxwriter.worksheet import Worksheet

from salesxl.core import clock
from salesxl.core.cells import MAX_ROWS, col_letter, to_a1
from salesxl.core.config import Config
from salesxl.core.schema import (
    BANT_STATUSES,
    CLOSING_TECHNIQUES,
    CONFIG_SHEET,
    OBJECTION_CATEGORIES,
    PLAYBOOK_SHEET,
    SCHEMA_VERSION,
    START_SHEET,
    TABLES,
    YES_NO,
    Column,
    Table,
)
from salesxl.core.values import cell_value, vocabulary_of
from salesxl.io.config_sheet import LIST_SECTIONS, config_sections
from salesxl.io.parts.atomic import temp_path
from salesxl.io.writer import Convert, SheetFill, fill_workbook

Rows = Sequence[Mapping[str, Any]]

HEADER_BLUE = "#1F4E78"
FILL_OVERDUE = "#F8CBAD"
FILL_STALE = "#FFE699"
FILL_UNQUALIFIED = "#D9D9D9"
FILL_COMPUTED = "#F2F2F2"  # columns salesxl writes: visibly not for typing
CURRENCY_SIGNS = {"KRW": "₩", "USD": "$", "EUR": "€", "JPY": "¥", "CNY": "¥", "GBP": "£"}
STAGE_NAME = "salesxl_stages"
ROTTING_NAME = "salesxl_rotting_days"
PROBABILITY_NAME = "salesxl_probabilities"
LEAD_IDS_NAME = "salesxl_lead_ids"  # the Leads ID column: other tables look companies up by it
LEAD_COMPANIES_NAME = "salesxl_lead_companies"
LEAD_ID_LIST_NAME = "salesxl_lead_id_list"  # the IDs only (no header, no blank tail): dropdowns
LIST_NAME = "salesxl_{}"  # a Config list's labels, for the dropdown of its column
TABLE_NAMES = {"leads": "tblLeads", "activities": "tblActivities", "objections": "tblObjections",
               "history": "tblHistory", "customers": "tblCustomers", "targets": "tblTargets"}


def sheet_name(table_or_pair: Table | tuple[str, str, tuple[str, ...]], lang: str) -> str:
    """The sheet name a table gets in a workbook of language `lang`."""
    if isinstance(table_or_pair, Table):
        return table_or_pair.label(lang)
    en, ko, _ = table_or_pair
    return ko if lang == "ko" else en


class _Formats:
    """The formats a team workbook uses, made once per workbook."""

    def __init__(self, wb: Workbook, cfg: Config):
        sign = CURRENCY_SIGNS.get(cfg.currency, "")
        amount = f'"{sign}"#,##0' if sign else "#,##0"
        # computed columns (salesxl writes them): grey and locked; input columns: unlocked, so
        # a protected sheet (`init --protect`) still takes typing in every input cell
        self.computed: dict[str, Format] = {}
        self.input: dict[str, Format] = {}
        self._specs: dict[str, dict[str, Any]] = {
            "date": {"num_format": "yyyy-mm-dd", "align": "left"},
            "datetime": {"num_format": "yyyy-mm-dd hh:mm", "align": "left"},
            "amount": {"num_format": amount}, "number": {"num_format": "#,##0.##"},
            "int": {"num_format": "0"}, "percent": {"num_format": "0%"},
            "longtext": {"text_wrap": False}, "phone": {"num_format": "@"},
            "id": {"num_format": "@"},
        }
        self.computed_header = wb.add_format({
            "bold": True, "font_color": "#FFFFFF", "bg_color": "#7F7F7F", "border": 1,
            "border_color": "#BFBFBF", "valign": "vcenter", "text_wrap": True, "italic": True})
        self.wb = wb
        self.title = wb.add_format({"bold": True, "font_size": 14, "font_color": HEADER_BLUE})
        self.section = wb.add_format({"bold": True, "font_size": 12, "font_color": HEADER_BLUE,
                                      "bottom": 2, "bottom_color": HEADER_BLUE})
        self.bold = wb.add_format({"bold": True})
        self.bold_top = wb.add_format({"bold": True, "valign": "top", "text_wrap": True})
        self.header = wb.add_format({"bold": True, "font_color": "#FFFFFF", "bg_color": HEADER_BLUE,
                                     "border": 1, "border_color": "#BDD7EE", "valign": "vcenter",
                                     "text_wrap": True})
        self.wrap = wb.add_format({"text_wrap": True, "valign": "top"})
        self.note = wb.add_format({"italic": True, "font_color": "#595959"})
        self.overdue = wb.add_format({"bg_color": FILL_OVERDUE, "font_color": "#9C0006"})
        self.stale = wb.add_format({"bg_color": FILL_STALE, "font_color": "#7F6000"})
        self.unqualified = wb.add_format({"bg_color": FILL_UNQUALIFIED, "font_color": "#595959"})
        self.unresolved = wb.add_format({"bg_color": FILL_STALE})

    def cell(self, col: Column) -> Format:
        """The column's format in a table: grey and locked when salesxl computes it."""
        cache = self.computed if col.computed else self.input
        fmt = cache.get(col.type)
        if fmt is None:
            spec: dict[str, Any] = dict(self._specs.get(col.type, {}))
            if col.computed:
                spec.update({"bg_color": FILL_COMPUTED, "font_color": "#404040"})
            else:
                spec["locked"] = False
            fmt = cache[col.type] = self.wb.add_format(spec)
        return fmt


def write_team_workbook(
    path: str | Path,
    cfg: Config,
    data: Mapping[str, Rows] | None = None,
    *,
    extra_columns: Mapping[str, Sequence[str]] | None = None,
    extra_sheets: Mapping[str, Sequence[Sequence[Any]]] | None = None,
    lang: str | None = None,
    created: dt.datetime | None = None,
    extend: Callable[[Workbook], None] | None = None,
    protect: bool = False,
) -> Path:
    """Write a complete team workbook to `path` (atomically) and return the path.

    Args:
        path: the .xlsx (or .xlsm name; no VBA is added here) to create or replace.
        cfg: the configuration written to the Config sheet and used for labels.
        data: table key -> rows (canonical keys -> canonical values); missing tables are empty.
        extra_columns: table key -> header texts of extra, non-schema columns kept after the
            schema columns (a rep's own columns); their values are read from the rows by header.
        extra_sheets: sheet name -> rows of plain values added after the tables (report sheets).
        lang: label language; defaults to cfg.language.
        created: the document's creation time (fixed for reproducible templates).
        extend: called with the XlsxWriter workbook after every sheet is written and before
            it is saved, to add more (`salesxl.xl.build`: a VBA project, a sheet of buttons).
        protect: protect the table sheets so only input cells take typing (computed columns
            are locked; sorting, filtering and inserting rows stay allowed; no password).
    """
    path = Path(path)
    lang = lang or cfg.language
    tables = {key: rows for key, rows in (data or {}).items() if key in TABLES and len(rows)}
    sheets = dict(extra_sheets or {})
    if not tables and all(len(rows) <= 1 for rows in sheets.values()):
        tmp = temp_path(path)
        try:
            _write_skeleton(str(tmp), cfg, extra_columns, sheets, lang, created, extend, protect)
            os.replace(tmp, path)
        except BaseException:
            if tmp.exists():
                tmp.unlink()
            raise
        return path
    fills = team_fills(tables, cfg, lang, extra_columns)
    fills += [plain_fill(name, rows) for name, rows in sheets.items() if len(rows) > 1]
    return write_filled(path, cfg, fills, extra_columns=extra_columns,
                        extra_sheets={name: list(rows[:1]) for name, rows in sheets.items()},
                        lang=lang, created=created, extend=extend, protect=protect)


def write_filled(path: str | Path, cfg: Config, fills: Sequence[SheetFill], *,
                 extra_columns: Mapping[str, Sequence[str]] | None = None,
                 extra_sheets: Mapping[str, Sequence[Sequence[Any]]] | None = None,
                 lang: str | None = None, created: dt.datetime | None = None,
                 extend: Callable[[Workbook], None] | None = None, protect: bool = False,
                 backup: bool = False) -> Path:
    """Write a team workbook whose sheets hold the rows of `fills` (`team_fills`,
    `table_fill`, `plain_fill`); the other arguments as for `write_team_workbook`
    (`extra_sheets` gives the report sheets' header rows).

    The workbook with empty tables is written first, in memory, through XlsxWriter (every
    sheet, Table, dropdown, format and highlight); the rows are then streamed into its sheets
    (`salesxl.io.writer`: about 7x faster than XlsxWriter's cells). `backup` keeps a workbook
    being replaced in ``.salesxl-backup/``.
    """
    lang = lang or cfg.language
    sheets = dict(extra_sheets or {})
    stamp = created or clock.now()
    key = None if extend is not None else (
        cfg.model_dump_json(), lang, protect,
        tuple((k, tuple(v)) for k, v in (extra_columns or {}).items()),
        tuple((name, tuple(tuple(str(v) for v in row) for row in rows))
              for name, rows in sheets.items()))
    replace: dict[str, bytes] = {}
    skeleton = _SKELETONS.get(key) if key is not None else None
    if skeleton is None:
        buf = io.BytesIO()
        _write_skeleton(buf, cfg, extra_columns, sheets, lang, stamp, extend, protect)
        skeleton = buf.getvalue()
        if key is not None:
            if len(_SKELETONS) >= _SKELETONS_KEPT:
                _SKELETONS.pop(next(iter(_SKELETONS)))
            _SKELETONS[key] = skeleton
    else:  # the same workbook as before but for its creation time
        with zipfile.ZipFile(io.BytesIO(skeleton)) as zf:
            core = zf.read(_CORE)
        iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
        replace[_CORE] = _STAMPS.sub(lambda m: m.group(1) + iso + m.group(2), core)
    return fill_workbook(io.BytesIO(skeleton), path, fills, backup=backup, replace=replace)


_SKELETONS: dict[Any, bytes] = {}
"""Skeletons written in this process, by everything they depend on but the creation time
(`convert` writes hundreds of team workbooks that differ only in their rows)."""
_SKELETONS_KEPT = 16
_CORE = "docProps/core.xml"
_STAMPS = re.compile(rb"(<dcterms:(?:created|modified)\b[^>]*>)[^<]*(</dcterms:)")


def _write_skeleton(target: str | IO[bytes], cfg: Config,
                    extra_columns: Mapping[str, Sequence[str]] | None,
                    extra_sheets: Mapping[str, Sequence[Sequence[Any]]], lang: str,
                    created: dt.datetime | None, extend: Callable[[Workbook], None] | None,
                    protect: bool) -> None:
    """The team workbook with empty tables (report sheets as given), through XlsxWriter."""
    wb = xlsxwriter.Workbook(target, {
        "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False,
        "default_date_format": "yyyy-mm-dd",
        "in_memory": True,  # no temporary file per part: ~3x faster for small workbooks
    })
    wb.set_properties({"title": "salesxl team workbook", "comments": f"salesxl {SCHEMA_VERSION}",
                       "category": "salesxl", "created": created or clock.now()})
    wb.set_custom_property("salesxl_template_version", str(SCHEMA_VERSION))
    fmt = _Formats(wb, cfg)
    _write_start_here(wb, fmt, lang)
    for table in TABLES.values():
        extras = list((extra_columns or {}).get(table.key, ()))
        ws = _write_table(wb, fmt, table, extras, cfg, lang)
        if protect:
            ws.protect("", {"sort": True, "autofilter": True, "insert_rows": True,
                            "format_columns": True, "format_rows": True})
    _define_lead_names(wb, lang)
    _write_playbook(wb, fmt, cfg, lang)
    _write_config(wb, fmt, cfg, lang)
    for name, sheet_rows in extra_sheets.items():
        _write_plain_sheet(wb, fmt, name, sheet_rows)
    if extend is not None:
        extend(wb)
    wb.close()


def team_fills(tables: Mapping[str, Rows], cfg: Config, lang: str,
               extra_columns: Mapping[str, Sequence[str]] | None = None) -> list[SheetFill]:
    """The rows of `tables` (canonical keys -> values) as fills of the team workbook's sheets.

    A row of another table without a company gets its lead's company (from the Leads rows)
    as the cached value of its company lookup.
    """
    companies: dict[str, Any] | None = None  # built when another table needs it
    fills = []
    for table in TABLES.values():
        rows = tables.get(table.key, ())
        if not len(rows):
            continue
        extras = list((extra_columns or {}).get(table.key, ()))
        keys = [*table.keys, *extras]
        present: set[str] = set()
        for row in rows:
            present.update(row)
        # a key no row has is a column of blanks: no lookup per row
        columns: list[Sequence[Any]] = [[row.get(k) for row in rows] if k in present
                                        else [None] * len(rows) for k in keys]
        if table.key != "leads" and table.has("company") and companies is None:
            companies = {str(r.get("lead_id")).strip().casefold(): r.get("company")
                         for r in tables.get("leads", ()) if r.get("lead_id") is not None}
        if table.key != "leads" and table.has("company") and companies:
            i, ids = keys.index("company"), keys.index("lead_id")
            columns[i] = [c if c is not None or lead is None else
                          companies.get(str(lead).strip().casefold())
                          for c, lead in zip(columns[i], columns[ids], strict=True)]
        fills.append(table_fill(table, keys, columns, cfg, lang))
    return fills


def table_fill(table: Table, keys: Sequence[str], columns: Sequence[Sequence[Any]], cfg: Config,
               lang: str) -> SheetFill:
    """One table's columns (canonical values; `keys` = the schema's, then any others, which are
    written as they are) as the fill of its sheet: choice labels in `lang`, and the cached
    results of the formula columns."""
    convert = [_converter(table.column(k), cfg, lang) if table.has(k) else None for k in keys]
    cols = list(columns)
    formulas: dict[int, str] = {}
    pos = {k: i for i, k in enumerate(keys)}
    for col in table.columns:
        if col.formula:  # the value Excel shows before it recalculates
            formulas[pos[col.key]] = col.formula
            cols[pos[col.key]] = _formula_values(col.key, keys, cols, cfg)
    return SheetFill(sheet_name(table, lang), list(keys), cols, convert, formulas)


def plain_fill(name: str, rows: Sequence[Sequence[Any]]) -> SheetFill:
    """The rows under the header row of a report sheet (values as they are)."""
    width = len(rows[0])
    body = rows[1:]
    columns: list[Sequence[Any]] = [[row[c] if c < len(row) else None for row in body]
                                    for c in range(width)]
    return SheetFill(name, [str(i) for i in range(width)], columns, [None] * width, table=False)


_FORMULA_INPUTS = {"company": ("company",), "weighted_amount": ("deal_amount", "probability",
                                                                 "stage")}


def _formula_values(key: str, keys: Sequence[str], columns: Sequence[Sequence[Any]],
                    cfg: Config) -> list[Any]:
    """`_formula_value` for every row, reading only the columns the formula uses."""
    n = len(columns[0]) if columns else 0
    inputs = [k for k in _FORMULA_INPUTS.get(key, ()) if k in keys]
    if not inputs:
        return [_formula_value(key, {}, cfg)] * n
    cache: dict[tuple[Any, ...], Any] = {}
    out = []
    for values in zip(*(columns[keys.index(k)] for k in inputs), strict=True):
        try:
            out.append(cache[values])
            continue
        except KeyError:
            pass
        except TypeError:  # an unhashable value: computed each time
            out.append(_formula_value(key, dict(zip(inputs, values, strict=True)), cfg))
            continue
        value = cache[values] = _formula_value(key, dict(zip(inputs, values, strict=True)), cfg)
        out.append(value)
    return out


def _converter(col: Column, cfg: Config, lang: str) -> Convert:
    """Canonical value -> what the cell shows (`cell_value`), cached per value for choices."""
    if col.type in ("choice", "yesno"):
        cache: dict[Any, Any] = {}

        def label(value: Any) -> Any:
            try:
                return cache[value]
            except KeyError:
                pass
            except TypeError:  # unhashable: not a value a choice column holds
                return value
            try:
                shown = cell_value(col, value, cfg, lang)
            except ValueError:  # a cell salesxl could not read: kept as typed
                shown = value
            cache[value] = shown
            return shown

        return label
    if col.type == "date":
        return lambda v: v.date() if isinstance(v, dt.datetime) else v
    if col.type == "int":
        return lambda v: int(v) if isinstance(v, float) and v.is_integer() else v
    return None


def _write_table(wb: Workbook, fmt: _Formats, table: Table, extras: list[str], cfg: Config,
                 lang: str) -> Worksheet:
    """A table's sheet with its header row and an empty Table (rows are streamed in later)."""
    ws = wb.add_worksheet(sheet_name(table, lang))
    _skip_future_function_rewrite(ws)
    cols = list(table.columns)
    pos = {c.key: i for i, c in enumerate(cols)}
    last_row = 1
    table_cols: list[dict[str, Any]] = []
    for col in cols:
        spec: dict[str, Any] = {"header": col.label(lang),
                                "header_format": fmt.computed_header if col.computed
                                else fmt.header,
                                "format": fmt.cell(col)}
        if col.formula:
            spec["formula"] = _row_formula(col.formula, pos, 1)
        table_cols.append(spec)
    table_cols += [{"header": h, "header_format": fmt.header} for h in extras]
    last_col = len(table_cols) - 1
    ws.add_table(0, 0, last_row, last_col, {
        "name": TABLE_NAMES[table.key], "style": "Table Style Medium 2", "columns": table_cols,
    })
    for c, col in enumerate(cols):
        ws.set_column(c, c, col.width, fmt.cell(col))
        if col.computed:  # a tip on the header cell (no comment marker in print)
            ws.data_validation(0, c, 0, c, {
                "validate": "any", "input_title": col.label(lang)[:32],
                "input_message": _COMPUTED_NOTE[lang if lang == "ko" else "en"][:255]})
    for j, header in enumerate(extras):
        ws.set_column(len(cols) + j, len(cols) + j, max(10, min(40, len(header) + 4)))
    # the header row stays in view, and on Leads also the columns up to the company, so the
    # company is on screen beside the follow-up columns far to the right
    ws.freeze_panes(1, pos["company"] + 1 if table.key == "leads" else 0)
    ws.set_row(0, 30)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.repeat_rows(0)
    _validations(ws, table, cols, cfg, lang)
    if table.key != "leads" and table.has("lead_id"):
        ws.data_validation(1, pos["lead_id"], MAX_ROWS - 1, pos["lead_id"], {
            "validate": "list", "source": f"={LEAD_ID_LIST_NAME}", "error_type": "warning",
            "error_title": table.column("lead_id").label(lang)[:32],
            "error_message": ("리드 시트에 있는 리드 번호를 고르세요." if lang == "ko"
                              else "Pick a lead ID from the Leads sheet."),
        })
    _highlights(ws, fmt, table, pos, cfg, lang, last_col)
    if table.personal:
        ws.write_comment(0, 0, {
            "ko": "개인 정보: 담당 영업사원만 봅니다. 팀 통합 시 --mask-personal로 가릴 수 있습니다.",
            "en": "Personal data: stays with the rep; masked with --mask-personal when a team "
                  "consolidates.",
        }[(lang == "ko" and "ko") or "en"], {"x_scale": 2, "y_scale": 1.5})
        ws.set_tab_color("#C00000")
    if table.append_only:
        ws.set_tab_color("#7F7F7F")
    return ws


_CLASSIC_FUNCTIONS = frozenset(("IF", "ISNUMBER", "IFERROR", "INDEX", "MATCH", "AND", "OR",
                                "NOT", "TODAY", "SUM", "COUNTIF", "SUMIF", "ISBLANK"))
_FUNCTION_CALL = re.compile(r"([A-Z][A-Z0-9._]*)\(")


def _skip_future_function_rewrite(ws: Worksheet) -> None:
    """Let a table sheet's formula cells skip XlsxWriter's Excel-365 function rewriting.

    XlsxWriter runs 30+ regex substitutions on every formula cell (to prefix functions such
    as XLOOKUP with ``_xlfn.``), twice per row of a table with a formula column: half the
    time of writing a big Leads sheet. A formula that calls only classic functions needs
    none of it; any other formula still goes through XlsxWriter's own preparation.
    """
    slow = getattr(ws, "_prepare_formula", None)
    if slow is None:  # another XlsxWriter version: keep its own preparation
        return

    def prepare(formula: str, expand_future_functions: bool = False) -> str:
        body = formula[1:] if formula.startswith("=") else formula
        if not body.startswith("{") and set(_FUNCTION_CALL.findall(body)) <= _CLASSIC_FUNCTIONS:
            return body
        return slow(formula, expand_future_functions)

    ws._prepare_formula = prepare  # type: ignore[method-assign]


def _formula_value(key: str, row: Mapping[str, Any], cfg: Config) -> Any:
    """The value Excel will compute for a formula column, cached so readers see it at once."""
    if key == "company":  # looked up from the Leads table (the writer fills it in the row)
        return row.get("company") or ""
    if key != "weighted_amount":
        return ""
    from salesxl.core.parse import parse_amount, parse_percent

    try:
        amount = parse_amount(row.get("deal_amount"))
        prob = parse_percent(row.get("probability"))
    except ValueError:
        return ""
    if amount is None:
        return ""
    if prob is None:
        stage = cfg.resolve_stage(row.get("stage"))
        prob = cfg.stage(stage).probability if stage else 0.0
    return amount * prob


def _row_formula(template: str, pos: Mapping[str, int], row: int) -> str:
    refs = {key: to_a1(row, pos[key]) for key in _formula_keys(template)}
    return template.format(**refs)


@lru_cache(maxsize=64)
def _formula_keys(template: str) -> tuple[str, ...]:
    """The {column_key} fields of a formula template (only these need an A1 reference)."""
    return tuple({field for _, field, _, _ in string.Formatter().parse(template) if field})


def _validations(ws: Worksheet, table: Table, cols: list[Column], cfg: Config, lang: str) -> None:
    first, last = 1, MAX_ROWS - 1
    for c, col in enumerate(cols):
        if col.computed:
            continue
        if col.type in ("choice", "yesno"):
            vocab = vocabulary_of(col, cfg)
            assert vocab is not None
            if col.choices == "stages":
                source: Any = f"={STAGE_NAME}"
            elif vocab.key in LIST_SECTIONS:
                source = f"={LIST_NAME.format(vocab.key)}"
            else:
                source = vocab.labels(lang)
            ws.data_validation(first, c, last, c, {
                "validate": "list", "source": source,
                # open lists: another word may be typed (the Summary lists it as not in the list)
                "error_type": "information" if vocab.open else "warning",
                "error_title": col.label(lang)[:32],
                "error_message": ("목록에서 고르세요." if lang == "ko"
                                  else "Pick a value from the list."),
            })
        elif col.type == "percent":
            ws.data_validation(first, c, last, c, {
                "validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 1,
                "error_type": "warning", "error_title": col.label(lang)[:32],
                "error_message": ("0%에서 100% 사이로 입력하세요 (예: 75%)." if lang == "ko"
                                  else "Enter a percentage from 0% to 100% (e.g. 75%)."),
            })
        elif col.type == "date":
            ws.data_validation(first, c, last, c, {
                "validate": "date", "criteria": "between",
                "minimum": dt.date(2000, 1, 1), "maximum": dt.date(2100, 12, 31),
                "error_type": "warning",
                "error_message": ("날짜를 2026-03-05 형식으로 입력하십시오." if lang == "ko"
                                  else "Enter a date such as 2026-03-05."),
            })
        elif col.type == "amount" and not col.formula:
            ws.data_validation(first, c, last, c, {
                "validate": "decimal", "criteria": ">=", "value": 0, "error_type": "warning",
                "error_message": ("0 이상의 숫자를 입력하십시오." if lang == "ko"
                                  else "Enter a number of 0 or more."),
            })


def _highlights(ws: Worksheet, fmt: _Formats, table: Table, pos: Mapping[str, int], cfg: Config,
                lang: str, last_col: int) -> None:
    last = MAX_ROWS - 1

    def ref(key: str) -> str:
        return f"${col_letter(pos[key])}2"

    def whole(key: str) -> tuple[int, int, int, int]:
        return (1, pos[key], last, pos[key])

    if table.key == "leads":
        unqualified = BANT_STATUSES.label("unqualified", lang)
        ws.conditional_format(1, 0, last, last_col, {
            "type": "formula", "criteria": f'={ref("bant_status")}="{unqualified}"',
            "format": fmt.unqualified,
        })
        ws.conditional_format(*whole("next_follow_up_on"), {
            "type": "formula",
            "criteria": f'=AND(ISNUMBER({ref("next_follow_up_on")}),'
                        f'{ref("next_follow_up_on")}<TODAY())',
            "format": fmt.overdue,
        })
        stage, since = ref("stage"), ref("stage_updated_on")
        rot = f"IFERROR(INDEX({ROTTING_NAME},MATCH({stage},{STAGE_NAME},0)),0)"
        ws.conditional_format(*whole("stage"), {
            "type": "formula",
            "criteria": f"=AND(ISNUMBER({since}),{rot}>0,TODAY()-{since}>{rot})",
            "format": fmt.stale,
        })
        ws.conditional_format(*whole("bant_score"), {
            "type": "data_bar", "bar_color": "#5B9BD5", "min_type": "num", "min_value": 0,
            "max_type": "num", "max_value": 100, "bar_solid": True,
        })
    elif table.key == "customers":  # a customer's touch is overdue like a lead's follow-up
        ws.conditional_format(*whole("next_touch_on"), {
            "type": "formula",
            "criteria": f'=AND(ISNUMBER({ref("next_touch_on")}),{ref("next_touch_on")}<TODAY())',
            "format": fmt.overdue,
        })
    elif table.key == "objections":
        no = YES_NO.label("no", lang)
        ws.conditional_format(*whole("resolved"), {
            "type": "cell", "criteria": "==", "value": f'"{no}"', "format": fmt.unresolved,
        })


_COMPUTED_NOTE = {
    "ko": "salesxl이 계산해 채우는 열입니다. 직접 입력하지 마세요 (다음 실행 때 바뀝니다).",
    "en": "salesxl fills this column; do not type here (the next run rewrites it).",
}


@lru_cache(maxsize=4096)
def _wrapped_lines(text: str, width: float) -> int:
    """Lines a wrapped cell of `width` characters needs (Hangul counts double; remembered:
    every workbook's Playbook measures the same texts)."""
    import math

    lines = 0
    for line in text.split("\n"):
        size = sum(2 if ord(ch) > 0x2E7F else 1 for ch in line)
        lines += max(1, math.ceil(size / max(width - 1, 1)))
    return lines


def _define_lead_names(wb: Workbook, lang: str) -> None:
    """Names over the Leads sheet's ID and company columns, for the lookups and dropdowns of
    Activities, Objections and History."""
    leads = sheet_name(TABLES["leads"], lang)
    keys = TABLES["leads"].keys
    ids, company = col_letter(keys.index("lead_id")), col_letter(keys.index("company"))
    wb.define_name(LEAD_IDS_NAME, f"='{leads}'!${ids}:${ids}")
    wb.define_name(LEAD_COMPANIES_NAME, f"='{leads}'!${company}:${company}")
    wb.define_name(LEAD_ID_LIST_NAME, f"=OFFSET('{leads}'!${ids}$2,0,0,"
                                      f"MAX(1,COUNTA('{leads}'!${ids}:${ids})-1),1)")


def _write_start_here(wb: Workbook, fmt: _Formats, lang: str) -> None:
    """The first sheet: the five things a rep does, in order (from the Playbook)."""
    from salesxl.core.playbook_v2 import START_HERE

    ws = wb.add_worksheet(sheet_name(START_SHEET, lang))
    ws.set_column(0, 0, 4)
    ws.set_column(1, 1, 100, fmt.wrap)
    ws.write(0, 1, "시작하기" if lang == "ko" else "Start here", fmt.title)
    for i, text in enumerate(START_HERE):
        ws.write(2 + i, 0, i + 1 if i < len(START_HERE) - 1 else "", fmt.bold)
        ws.write_string(2 + i, 1, text(lang), fmt.wrap)
    ws.set_tab_color("#FFC000")
    ws.activate()


def _write_playbook(wb: Workbook, fmt: _Formats, cfg: Config, lang: str) -> None:
    """The Playbook: per stage of the pipeline its goal, what to do, the exit criteria (the
    gates), the key questions; the objection library; the eight closing techniques."""
    from salesxl.core.gates import GATES
    from salesxl.core.playbook_v2 import OBJECTIONS, STAGE_GUIDES, TECHNIQUES, guide

    ws = wb.add_worksheet(sheet_name(PLAYBOOK_SHEET, lang))
    ko = lang == "ko"
    widths = (18, 34, 46, 40, 22, 60)
    for c, width in enumerate(widths):
        ws.set_column(c, c, width, fmt.wrap)

    def fit(row: int, cells: Sequence[str]) -> None:  # wrapped text needs a taller row
        ws.set_row(row, 15 * max(_wrapped_lines(t, w)
                                 for t, w in zip(cells, widths, strict=False)))
    ws.write(0, 0, "영업 플레이북" if ko else "Sales playbook", fmt.title)
    ws.write(1, 0, ("단계마다 목표, 할 일, 다음 단계로 가는 조건, 고객에게 물을 질문입니다. 팀에 맞게 "
                    "고쳐 쓰세요." if ko else "For each stage: its goal, what to do, what must be "
                    "true to move on, and what to ask. Edit it for your team."), fmt.note)
    r = 3
    ws.write(r, 0, "단계별 가이드" if ko else "Stage by stage", fmt.section)
    r += 1
    ws.write_row(r, 0, ["영업 단계", "목표", "할 일", "다음 단계로 가는 조건", "진입 조건 (salesxl)",
                        "핵심 질문"] if ko else
                 ["Stage", "Goal", "What to do", "To move on", "Gate (salesxl)",
                  "Key questions"], fmt.header)
    for stage in cfg.stages:
        if stage.key not in STAGE_GUIDES:
            continue  # a stage the team added: its row is theirs to write
        g = guide(stage.key, cfg.pipeline_name)
        r += 1
        gates = ", ".join(GATES[k].name(lang) for k in g.exit_gates if k in GATES)
        ws.write_string(r, 0, stage.label(lang), fmt.bold_top)
        ws.write_string(r, 1, g.goal(lang), fmt.wrap)
        ws.write_string(r, 2, "\n".join(f"• {t(lang)}" for t in g.do), fmt.wrap)
        ws.write_string(r, 3, g.exit(lang), fmt.wrap)
        ws.write_string(r, 4, gates, fmt.wrap)
        ws.write_string(r, 5, "\n".join(f"• {q(lang)}" for q in g.questions), fmt.wrap)
        fit(r, [stage.label(lang), g.goal(lang), "\n".join(f"• {t(lang)}" for t in g.do),
                g.exit(lang), gates, "\n".join(f"• {q(lang)}" for q in g.questions)])
    r += 2
    ws.write(r, 0, "고객 반론 대응" if ko else "Objections and answers", fmt.section)
    r += 1
    ws.write_row(r, 0, ["반론 유형", "고객 반론", "모범 대응"] if ko else
                 ["Category", "What the customer says", "An answer that works"], fmt.header)
    for category, items in OBJECTIONS.items():
        for ob in items:
            r += 1
            ws.write_string(r, 0, OBJECTION_CATEGORIES.label(category, lang), fmt.bold_top)
            ws.write_string(r, 1, ob.objection(lang), fmt.wrap)
            ws.write_string(r, 2, ob.response(lang), fmt.wrap)
            fit(r, ["", ob.objection(lang), ob.response(lang)])
    r += 2
    ws.write(r, 0, "클로징 기법" if ko else "Closing techniques", fmt.section)
    r += 1
    ws.write_row(r, 0, ["기법", "언제 쓰나", "예시 멘트", "주의"] if ko else
                 ["Technique", "When to use it", "What to say", "Risk"], fmt.header)
    for key, t in TECHNIQUES.items():
        r += 1
        ws.write_string(r, 0, CLOSING_TECHNIQUES.label(key, lang), fmt.bold_top)
        ws.write_string(r, 1, t.when(lang), fmt.wrap)
        ws.write_string(r, 2, t.example(lang), fmt.wrap)
        if t.risk is not None:
            ws.write_string(r, 3, t.risk(lang), fmt.wrap)
        fit(r, ["", t.when(lang), t.example(lang), t.risk(lang) if t.risk else ""])
    ws.freeze_panes(5, 1)
    ws.set_tab_color("#70AD47")


def _write_config(wb: Workbook, fmt: _Formats, cfg: Config, lang: str) -> Worksheet:
    name = sheet_name(CONFIG_SHEET, lang)
    ws = wb.add_worksheet(name)
    ws.write(0, 0, "salesxl 설정" if lang == "ko" else "salesxl configuration", fmt.title)
    ws.write(1, 0, "이 시트의 값을 바꾸면 salesxl의 규칙이 바뀝니다." if lang == "ko"
             else "Change the values on this sheet to change salesxl's rules.", fmt.note)
    widths = [18, 18, 18, 10, 11, 12, 28, 14, 50]
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    r = 3
    pct = wb.add_format({"num_format": "0%"})
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    label_col = {"ko": 2, "en": 1}[lang if lang in ("ko", "en") else "en"]
    for section in config_sections(cfg, lang):
        ws.write(r, 0, section.title(lang), fmt.section)
        r += 1
        headers = [h[2] if lang == "ko" else h[1] for h in section.headers]
        n = len(section.rows)
        ws.add_table(r, 0, r + max(n, 1), len(headers) - 1, {
            "name": f"cfg_{section.key}", "style": "Table Style Light 9",
            "columns": [{"header": h} for h in headers],
        })
        for i, row in enumerate(section.rows):
            for c, value in enumerate(row):
                if isinstance(value, dt.date):
                    ws.write_datetime(r + 1 + i, c, dt.datetime(value.year, value.month,
                                                                value.day), date_fmt)
                elif section.key == "pipeline" and c == 4:
                    ws.write_number(r + 1 + i, c, value, pct)
                elif isinstance(value, (int, float)):
                    ws.write_number(r + 1 + i, c, value)
                else:
                    ws.write_string(r + 1 + i, c, str(value))
        if section.key == "pipeline":
            first, last = r + 1, r + n
            wb.define_name(STAGE_NAME, f"='{name}'!${col_letter(label_col)}${first + 1}:"
                                       f"${col_letter(label_col)}${last + 1}")
            wb.define_name(ROTTING_NAME, f"='{name}'!$F${first + 1}:$F${last + 1}")
            wb.define_name(PROBABILITY_NAME, f"='{name}'!$E${first + 1}:$E${last + 1}")
        elif section.key in LIST_SECTIONS:
            first, last = r + 1, r + max(n, 1)
            wb.define_name(LIST_NAME.format(section.key),
                           f"='{name}'!${col_letter(label_col)}${first + 1}:"
                           f"${col_letter(label_col)}${last + 1}")
        r += max(n, 1) + 3
    ws.set_tab_color("#7030A0")
    return ws


def _write_plain_sheet(wb: Workbook, fmt: _Formats, name: str,
                       rows: Sequence[Sequence[Any]]) -> None:
    """A report sheet's header row (`rows[0]`); its other rows are streamed in later."""
    ws = wb.add_worksheet(name)
    if rows:
        for c, value in enumerate(rows[0]):
            ws.write_string(0, c, str(value), fmt.bold)
        ws.freeze_panes(1, 0)
        ws.autofilter(0, 0, 0, max(len(rows[0]) - 1, 0))
        for c in range(len(rows[0])):
            ws.set_column(c, c, 16)
