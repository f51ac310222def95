"""Worksheet functions for Excel on Windows (xlwings UDFs): thin calls into the library.

Each function takes the values Excel passes (a bare value for one cell, rows of values for a
range: floats for numbers, text, naive datetimes, None for an empty cell) and returns what the
salesxl commands would write for the same cells, in the workbook's language. Nothing here is a
rule: BANT is `salesxl.core.rules.bant`, follow-ups `salesxl.core.rules.followups`, stages
`salesxl.core.rules.stages`, values are parsed by `salesxl.core.values.read_value` (through
`salesxl.xl.grid`, exactly as `salesxl validate` and `salesxl followups` parse them).

**Recommended: the table functions.** ``SALESXL_BANT_TABLE`` and ``SALESXL_FOLLOW_UPS_TABLE``
take the whole Leads table with its header row and spill one result row per table row, in one
call from Excel to Python. The one-row functions accept whole columns too (one call, one result
per cell) but are meant for a single lead.

Optional arguments, last in every function:

- ``config``: the Config sheet's range (the ready workbooks name it ``salesxl_config``), so
  thresholds, weights, tiers, holidays and the language are the workbook's; or ``"ko"`` /
  ``"en"`` for the defaults in that language; omitted: the Korean defaults (table functions:
  in the language of the table's headers).
- ``today``: the day BANT timing and overdue follow-ups are measured from; pass ``TODAY()`` to
  recalculate daily. Omitted: the computer's date when Excel calculates.

In Excel (after the xlwings add-in imported these functions)::

    =SALESXL_BANT_TABLE(tblLeads[#All], salesxl_config, TODAY())
    =SALESXL_BANT([@Budget], [@[Budget confirmed]], [@[Is decision maker]],
                  [@[Decision maker]], [@Need], [@[Need level]], [@[Decision date]])

Example (what Excel's call amounts to; dates as Excel passes them):
    >>> import datetime as dt
    >>> SALESXL_BANT(5e6, None, None, "김부장", None, "high", dt.datetime(2027, 1, 10),
    ...              "en", dt.datetime(2026, 11, 27))
    [['Qualified', 100, '']]
    >>> SALESXL_NEXT_STAGE("proposal", "en"), SALESXL_STAGE_PROBABILITY("제안 및 이의 처리")
    ([['Closing']], [[0.75]])
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

import xlwings as xw

from salesxl.core import parse
from salesxl.core.config import Config
from salesxl.core.errors import Problem, SalesxlError
from salesxl.core.parse import ParseError
from salesxl.core.rules.bant import INPUTS as BANT_INPUTS
from salesxl.core.rules.stages import next_stage
from salesxl.core.schema import LEADS
from salesxl.core.values import read_value
from salesxl.io.config_sheet import config_language
from salesxl.io.read import _header_language
from salesxl.io.template import _formula_value
from salesxl.xl.grid import (
    Grid,
    as_grid,
    bant_results,
    config_from,
    find_table,
    follow_up_results,
    shown,
    shown_rows,
    table_from_columns,
    today_from,
)

CATEGORY = "salesxl"
F = TypeVar("F", bound=Callable[..., Any])


def _friendly(fn: F) -> F:
    """Show a salesxl error as the cell's text instead of a VBA error dialog or #VALUE!, in
    the language of the function's ``config`` argument (Korean when it has none)."""
    params = list(inspect.signature(fn).parameters)
    at = params.index("config") if "config" in params else None

    @functools.wraps(fn)
    def wrapper(*args: Any) -> Any:
        try:
            return fn(*args)
        except (SalesxlError, ParseError) as exc:
            config = args[at] if at is not None and at < len(args) else None
            return [[f"salesxl: {exc.text(_lang(config))}"]]

    return wrapper  # type: ignore[return-value]


def _lang(config: Any) -> str:
    """The language of a ``config`` argument; Korean (the defaults') when it names none."""
    try:
        return config_from(config).language
    except (SalesxlError, ParseError, ValueError):  # a wrong Config: the language it is in
        return config_language(as_grid(config)) or "ko"


def _broadcast(*values: Any) -> tuple[tuple[int, int], list[list[Any]]]:
    """Each argument as a flat list over one common shape (single cells repeat).

    Raises:
        SalesxlError: two ranges of different shapes.
    """
    grids = [as_grid(v) for v in values]
    shapes = {(len(g), len(g[0])) for g in grids if (len(g), len(g[0])) != (1, 1)}
    if len(shapes) > 1:
        raise SalesxlError("the ranges must have the same number of rows and columns (got "
                           "{shapes})", shapes=", ".join(f"{r}x{c}" for r, c in sorted(shapes)))
    rows, cols = shapes.pop() if shapes else (1, 1)
    flat = []
    for g in grids:
        if (len(g), len(g[0])) == (1, 1):
            flat.append([g[0][0]] * (rows * cols))
        else:
            flat.append([v for row in g for v in row])
    return (rows, cols), flat


def _reshape(values: list[Any], shape: tuple[int, int]) -> list[list[Any]]:
    rows, cols = shape
    return [values[r * cols:(r + 1) * cols] for r in range(rows)]


def _blank_to_text(value: Any) -> Any:
    return "" if value is None else value


def _bant_cells(args: tuple[Any, ...], config: Any, today: Any) -> tuple[tuple[int, int], Any]:
    cfg = config_from(config)
    shape, flat = _broadcast(*args)
    td = table_from_columns("leads", dict(zip(BANT_INPUTS, flat, strict=True)))
    problems: list[Problem] = []
    results = bant_results(td, cfg, today_from(today), problems)
    return shape, shown(td, results, cfg, cfg.language)


@xw.func(category=CATEGORY)
@xw.arg("budget_amount", ndim=2, doc="Budget amount (a number or text such as 500만원)")
@xw.arg("budget_confirmed", ndim=2, doc="Budget confirmed (yes/no, 예/아니오, O/X)")
@xw.arg("is_decision_maker", ndim=2, doc="Is the contact the decision maker (yes/no)")
@xw.arg("decision_maker", ndim=2, doc="Name of the decision maker")
@xw.arg("need", ndim=2, doc="The need in the customer's words")
@xw.arg("need_level", ndim=2, doc="Need level (high, medium, low)")
@xw.arg("decision_date", ndim=2, doc="Expected decision date")
@xw.arg("config", ndim=2, doc="The Config sheet's range (salesxl_config), or 'ko' / 'en'")
@xw.arg("today", doc="Day timing is measured from, e.g. TODAY()")
@_friendly
def SALESXL_BANT(budget_amount: Any, budget_confirmed: Any, is_decision_maker: Any,
                 decision_maker: Any, need: Any, need_level: Any, decision_date: Any,
                 config: Any = None, today: Any = None) -> Any:
    """BANT status, score and missing letters (B,A,N,T) of a lead: three cells side by side.

    Give single cells for one lead; whole columns give one row of three per cell.

    Example:
        >>> SALESXL_BANT("abc", None, "예", None, "ERP", None, None, "ko", 46353.0)
        [['확인 필요', 50, 'B,T']]
    """
    _, cells = _bant_cells((budget_amount, budget_confirmed, is_decision_maker,
                            decision_maker, need, need_level, decision_date), config, today)
    return [[_blank_to_text(v) for v in row] for row in cells.itertuples(index=False, name=None)]


@xw.func(category=CATEGORY)
@xw.arg("budget_amount", ndim=2)
@xw.arg("budget_confirmed", ndim=2)
@xw.arg("is_decision_maker", ndim=2)
@xw.arg("decision_maker", ndim=2)
@xw.arg("need", ndim=2)
@xw.arg("need_level", ndim=2)
@xw.arg("decision_date", ndim=2)
@xw.arg("config", ndim=2)
@_friendly
def SALESXL_BANT_STATUS(budget_amount: Any, budget_confirmed: Any, is_decision_maker: Any,
                        decision_maker: Any, need: Any, need_level: Any, decision_date: Any,
                        config: Any = None, today: Any = None) -> Any:
    """BANT status of a lead (Qualified, Partial, Unqualified or Invalid), one cell per lead.

    Fits a formula column inside the Leads table, where a three-cell result cannot spill.

    Example:
        >>> SALESXL_BANT_STATUS(None, "Y", None, None, None, None, None, "en")
        [['Partial']]
    """
    shape, cells = _bant_cells((budget_amount, budget_confirmed, is_decision_maker,
                                decision_maker, need, need_level, decision_date), config, today)
    return _reshape([_blank_to_text(v) for v in cells["bant_status"]], shape)


@xw.func(category=CATEGORY)
@xw.arg("budget_amount", ndim=2)
@xw.arg("budget_confirmed", ndim=2)
@xw.arg("is_decision_maker", ndim=2)
@xw.arg("decision_maker", ndim=2)
@xw.arg("need", ndim=2)
@xw.arg("need_level", ndim=2)
@xw.arg("decision_date", ndim=2)
@xw.arg("config", ndim=2)
@_friendly
def SALESXL_BANT_MISSING(budget_amount: Any, budget_confirmed: Any, is_decision_maker: Any,
                         decision_maker: Any, need: Any, need_level: Any, decision_date: Any,
                         config: Any = None, today: Any = None) -> Any:
    """The BANT letters a lead does not meet, in B,A,N,T order ("" when all are met).

    Example:
        >>> SALESXL_BANT_MISSING(None, "Y", None, None, None, None, None)
        [['A,N,T']]
    """
    shape, cells = _bant_cells((budget_amount, budget_confirmed, is_decision_maker,
                                decision_maker, need, need_level, decision_date), config, today)
    return _reshape([_blank_to_text(v) for v in cells["bant_missing"]], shape)


def _table_lang(cfg_given: bool, cfg: Config, td: Any) -> str:
    return cfg.language if cfg_given else _header_language({"leads": td})


def _given(value: Any) -> bool:
    return any(not parse.is_blank(v) for row in as_grid(value) for v in row)


@xw.func(category=CATEGORY)
@xw.arg("table", ndim=2, doc="The Leads table with its header row, e.g. tblLeads[#All]")
@xw.arg("config", ndim=2, doc="The Config sheet's range (salesxl_config), or 'ko' / 'en'")
@xw.arg("today", doc="Day timing is measured from, e.g. TODAY()")
@_friendly
def SALESXL_BANT_TABLE(table: Any, config: Any = None, today: Any = None) -> Any:
    """BANT status, score and missing letters for every lead of a table, in one call.

    Spills one row of three per row of `table`: the three headers on the header row, the
    results on each lead's row, blanks on blank rows. The values are those `salesxl validate`
    writes for the same rows.

    Example:
        >>> SALESXL_BANT_TABLE([["Budget", "Need"], [5e6, "ERP"], [None, None]], None, 46353.0)
        [['BANT status', 'BANT score', 'BANT missing'], ['Partial', 50, 'A,T'], ['', '', '']]
    """
    grid: Grid = as_grid(table)
    cfg = config_from(config)
    td = find_table("leads", grid)
    problems: list[Problem] = []
    results = bant_results(td, cfg, today_from(today), problems)
    return shown_rows(td, results, cfg, _table_lang(_given(config), cfg, td), len(grid))


@xw.func(category=CATEGORY)
@xw.arg("table", ndim=2, doc="The Leads table with its header row, e.g. tblLeads[#All]")
@xw.arg("config", ndim=2, doc="The Config sheet's range (salesxl_config), or 'ko' / 'en'")
@xw.arg("today", doc="Day overdue is measured against, e.g. TODAY()")
@xw.arg("activities", ndim=2, doc="The Activities table with its header row (optional)")
@_friendly
def SALESXL_FOLLOW_UPS_TABLE(table: Any, config: Any = None, today: Any = None,
                             activities: Any = None) -> Any:
    """Next follow-up date, channel and status for every lead of a table, in one call.

    Spills one row of three per row of `table`, the values `salesxl followups` writes. With
    `activities`, a lead's newest activity counts as its last contact when the Last contact
    cell is empty (as the command does).

    Example:
        >>> import datetime as dt
        >>> SALESXL_FOLLOW_UPS_TABLE([["Tier", "Stage", "Last contact"],
        ...                           ["B", "proposal", dt.datetime(2026, 11, 2)]],
        ...                          "en", dt.datetime(2026, 11, 27))[1]
        [datetime.date(2026, 11, 27), 'Call', 'Overdue']
    """
    grid: Grid = as_grid(table)
    cfg = config_from(config)
    td = find_table("leads", grid)
    acts = find_table("activities", as_grid(activities)) if _given(activities) else None
    problems: list[Problem] = []
    results = follow_up_results(td, cfg, today_from(today), problems, activities=acts)
    return shown_rows(td, results, cfg, _table_lang(_given(config), cfg, td), len(grid))


@xw.func(category=CATEGORY)
@xw.arg("last_contact", ndim=2, doc="Date of the last contact")
@xw.arg("tier", ndim=2, doc="Customer tier (A, B, C, D or the Config's)")
@xw.arg("stage", ndim=2, doc="Stage (optional: closing halves the cadence)")
@xw.arg("config", ndim=2, doc="The Config sheet's range (salesxl_config), or 'ko' / 'en'")
@xw.arg("today", doc="Day overdue is measured against, e.g. TODAY()")
@_friendly
def SALESXL_NEXT_FOLLOW_UP(last_contact: Any, tier: Any, stage: Any = None, config: Any = None,
                           today: Any = None) -> Any:
    """Next follow-up date from the last contact and the tier (a business day, never past).

    Won deals and lost leads get none (""): a won customer's follow-up is its row's next
    touch on the Customers sheet (salesxl followups). A lead on hold resumes on its Resume on
    date, which only SALESXL_FOLLOW_UPS_TABLE reads (here: "").

    Example:
        >>> import datetime as dt
        >>> SALESXL_NEXT_FOLLOW_UP(dt.datetime(2026, 9, 17), "A", "proposal", None,
        ...                        dt.datetime(2026, 9, 1))  # +7 = 추석 -> Monday 28
        [[datetime.date(2026, 9, 28)]]
    """
    cfg = config_from(config)
    shape, flat = _broadcast(last_contact, tier, stage)
    td = table_from_columns("leads", dict(zip(("last_contact_on", "tier", "stage"), flat,
                                              strict=True)))
    problems: list[Problem] = []
    results = follow_up_results(td, cfg, today_from(today), problems)
    cells = shown(td, results, cfg, cfg.language)
    return _reshape([_blank_to_text(v) for v in cells["next_follow_up_on"]], shape)


def _stages(stage: Any, config: Any) -> tuple[Config, tuple[int, int], list[Any]]:
    """Each cell's stage key, or the reason it is not one."""
    cfg = config_from(config)
    shape, (flat,) = _broadcast(stage)
    col = LEADS.column("stage")
    keys: list[Any] = []
    for raw in flat:
        try:
            keys.append(read_value(col, raw, cfg))
        except ParseError as exc:
            keys.append(ParseError("{value!r} {problem}", value=raw, problem=exc.msg))
    return cfg, shape, keys


@xw.func(category=CATEGORY)
@xw.arg("stage", ndim=2, doc="Stage (key, English or Korean name, or a synonym)")
@xw.arg("config", ndim=2, doc="The Config sheet's range (salesxl_config), or 'ko' / 'en'")
@_friendly
def SALESXL_NEXT_STAGE(stage: Any, config: Any = None) -> Any:
    """The stage one step forward in the pipeline ("" for lost, on hold, the last stage, blanks).

    Example:
        >>> SALESXL_NEXT_STAGE([["리드 발굴"], ["closing"], ["lost"]])
        [['리드 자격 확인'], ['주문 완료'], ['']]
    """
    cfg, shape, keys = _stages(stage, config)
    out: list[Any] = []
    for key in keys:
        if isinstance(key, ParseError):
            out.append(f"salesxl: {key.text(cfg.language)}")
            continue
        target = next_stage(key, cfg) if key is not None else None
        out.append("" if target is None else cfg.stage(target).label(cfg.language))
    return _reshape(out, shape)


@xw.func(category=CATEGORY)
@xw.arg("stage", ndim=2, doc="Stage (key, English or Korean name, or a synonym)")
@xw.arg("config", ndim=2, doc="The Config sheet's range (salesxl_config), or 'ko' / 'en'")
@_friendly
def SALESXL_STAGE_PROBABILITY(stage: Any, config: Any = None) -> Any:
    """The win probability of a stage, from the Config pipeline (0 to 1; "" for a blank cell).

    Example:
        >>> SALESXL_STAGE_PROBABILITY([["Needs assessment", "won", None]])
        [[0.4, 1.0, '']]
    """
    cfg, shape, keys = _stages(stage, config)
    out: list[Any] = []
    for key in keys:
        if isinstance(key, ParseError):
            out.append(f"salesxl: {key.text(cfg.language)}")
        else:
            out.append("" if key is None else cfg.stage(key).probability)
    return _reshape(out, shape)


@xw.func(category=CATEGORY)
@xw.arg("deal_amount", ndim=2, doc="Deal amount")
@xw.arg("probability", ndim=2, doc="The lead's own probability (optional)")
@xw.arg("stage", ndim=2, doc="Stage, whose probability applies without one of the lead's own")
@xw.arg("config", ndim=2, doc="The Config sheet's range (salesxl_config), or 'ko' / 'en'")
@_friendly
def SALESXL_WEIGHTED_AMOUNT(deal_amount: Any, probability: Any = None, stage: Any = None,
                            config: Any = None) -> Any:
    """Deal amount x probability (the lead's own, else its stage's): the Weighted amount column.

    Example:
        >>> SALESXL_WEIGHTED_AMOUNT([[1e7], ["500만원"]], [[None], [0.5]], [["closing"], [None]])
        [[9000000.0], [2500000.0]]
    """
    cfg = config_from(config)
    shape, (amounts, probs, stages) = _broadcast(deal_amount, probability, stage)
    out = [_formula_value("weighted_amount",
                          {"deal_amount": a, "probability": p, "stage": s}, cfg)
           for a, p, s in zip(amounts, probs, stages, strict=True)]
    return _reshape(out, shape)
