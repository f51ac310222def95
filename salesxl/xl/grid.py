"""Tables from the values Excel hands over, through the reader's and the commands' own code.

xlwings gives a range as rows of plain values (floats, text, naive datetimes, None for an empty
cell). These helpers turn such a grid into the `TableData` that `salesxl.io.read` makes from a
file (the same header matching), run the rules exactly as `salesxl validate` and
`salesxl followups` run them (the same per-column parsing with `salesxl.io.tables.typed_columns`,
the same rule functions), and turn the results into cell values in the workbook's language
(`salesxl.core.values.cell_value`, as `salesxl.io.tables.result_cells` writes them).

Nothing here is a rule: every decision is the library's.

Example:
    >>> import datetime as dt
    >>> grid = [["Budget", "Decision maker", "Need level", "Decision date"],
    ...         ["500만원", "김부장", "high", dt.datetime(2027, 1, 10)]]
    >>> td = find_table("leads", grid)
    >>> cfg = Config.default(language="en")
    >>> results = bant_results(td, cfg, dt.date(2026, 11, 27), [])
    >>> results["bant_status"].tolist(), results["bant_missing"].tolist()
    (['qualified'], [''])
    >>> shown_rows(td, results, cfg, "en", len(grid))[1]
    ['Qualified', 100, '']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from salesxl.commands.followups import ACTIVITY_INPUTS, LEAD_INPUTS, schedule
from salesxl.core import parse
from salesxl.core.config import Config
from salesxl.core.errors import Problem, UsageError
from salesxl.core.rules.bant import INPUTS as BANT_INPUTS
from salesxl.core.rules.bant import bant
from salesxl.core.schema import TABLES
from salesxl.core.values import cell_value
from salesxl.io.config_sheet import read_config
from salesxl.io.read import (
    MIN_HEADER_MATCHES,
    TableData,
    _find_header,
    _table_from_grid,
)
from salesxl.io.tables import typed_columns

Grid = list[list[Any]]


def as_grid(value: Any) -> Grid:
    """Any value xlwings passes (a bare value, a row, rows) as a rectangular list of rows.

    Example:
        >>> as_grid(5.0), as_grid([1.0, 2.0]), as_grid(((1.0, None), (3.0,)))
        ([[5.0]], [[1.0, 2.0]], [[1.0, None], [3.0, None]])
    """
    if not isinstance(value, list | tuple):
        return [[value]]
    if not value:
        return [[None]]
    if not isinstance(value[0], list | tuple):
        return [list(value)]
    width = max(len(row) for row in value)
    return [list(row) + [None] * (width - len(row)) for row in value]


def find_table(key: str, grid: Grid, sheet: str = "", file: str = "", *,
               minimum: int = MIN_HEADER_MATCHES) -> TableData:
    """The table `key` in `grid`, found by its header row as `salesxl.io.read` finds it.

    Raises:
        UsageError: no row among the first ones holds at least `minimum` of the table's headers.

    Example:
        >>> td = find_table("leads", [["title"], ["Lead ID", "고객사", "금액"], ["L-1", "A", 5.0]])
        >>> td.header_row, td.columns, td.frame.index.tolist()
        (1, {'lead_id': 0, 'company': 1, 'deal_amount': 2}, [2])
    """
    table = TABLES[key]
    header = _find_header(table, grid, minimum)
    if header is None:
        raise UsageError(
            f"no {table.en} header row found: include the header row in the range "
            f"(e.g. tbl{table.en}[#All] or {table.label('en')}!A1:AO1000)")
    return _table_from_grid(table, sheet or table.en, grid, header, file, "headers")


def table_from_columns(key: str, columns: dict[str, Sequence[Any]], sheet: str = "") -> TableData:
    """A table of one or more rows from columns of cell values (canonical keys, equal lengths).

    Every row is kept, blank or not, so that results line up with the values given. Row
    labels start at 1, below a header row 0.

    Example:
        >>> table_from_columns("leads", {"tier": ["A", None]}).frame.index.tolist()
        [1, 2]
    """
    table = TABLES[key]
    n = max((len(v) for v in columns.values()), default=0)
    frame = pd.DataFrame({k: list(v) for k, v in columns.items()},
                         index=pd.RangeIndex(1, n + 1), dtype=object)
    return TableData(table, sheet or table.en, 0, {k: i for i, k in enumerate(columns)}, {},
                     frame, "", "arguments")


def config_from(value: Any, sheet: str = "Config", file: str = "") -> Config:
    """The Config a worksheet function was given: the Config sheet's cells, 'ko'/'en', or none.

    Without a Config range the defaults apply, in Korean unless 'en' is given.

    Example:
        >>> config_from(None).language, config_from("en").language, config_from([["en"]]).language
        ('ko', 'en', 'en')
    """
    grid = as_grid(value)
    filled = [v for row in grid for v in row if not parse.is_blank(v)]
    if not filled:
        return Config.default()
    if len(filled) == 1 and isinstance(filled[0], str):
        lang = filled[0].strip().lower()
        if lang in ("ko", "en"):
            return Config.default(language=lang)  # type: ignore[arg-type]
        raise UsageError(f"config {filled[0]!r}: give the Config sheet's range "
                         "(e.g. salesxl_config) or 'ko' or 'en'")
    cfg = read_config([["" if v is None else v for v in row] for row in grid], sheet, file)
    if {"settings", "pipeline", "tiers"} <= set(cfg.defaults_used):
        raise UsageError("config: the range holds no Config section (Settings, Pipeline, "
                         "Tiers): give the Config sheet's range (salesxl_config) or 'ko'/'en'")
    return cfg


def today_from(value: Any) -> dt.date:
    """The day a worksheet function measures from: a date, a date serial, date text, or today.

    Example:
        >>> today_from(46353.0), today_from("2026-11-27")
        (datetime.date(2026, 11, 27), datetime.date(2026, 11, 27))
    """
    if parse.is_blank(value):
        return dt.date.today()
    day = parse.parse_date(value)
    assert day is not None
    return day


def bant_results(td: TableData, cfg: Config, today: dt.date, problems: list[Problem], *,
                 epoch1904: bool = False, also: Iterable[str] = ()) -> pd.DataFrame:
    """BANT status, score and missing letters for every row, exactly as `salesxl validate`.

    `also` names more columns to parse (and report problems for), as validate parses the
    stale-lead inputs. The parsed values ride along in ``results.attrs["values"]``.

    Example:
        >>> problems = []
        >>> td = table_from_columns("leads", {"budget_amount": ["abc"], "need": ["ERP"]})
        >>> results = bant_results(td, Config.default(), dt.date(2026, 11, 27), problems)
        >>> results["bant_status"].tolist(), results["bant_missing"].tolist()
        (['invalid'], ['B,A,T'])
        >>> problems[0].where, problems[0].value
        ('Leads!A2', 'abc')
    """
    values, invalid = typed_columns(td, (*BANT_INPUTS, *also), cfg, problems,
                                    epoch1904=epoch1904)
    results = bant(values, cfg, today, invalid)
    results.attrs["values"] = values
    return results


def follow_up_results(td: TableData, cfg: Config, today: dt.date, problems: list[Problem], *,
                      activities: TableData | None = None,
                      epoch1904: bool = False) -> pd.DataFrame:
    """Next follow-up date, channel and status for every row, exactly as `salesxl followups`.

    Example:
        >>> td = table_from_columns("leads", {"tier": ["B"], "stage": ["proposal"],
        ...                                   "last_contact_on": ["2026-11-02"]})
        >>> follow_up_results(td, Config.default(), dt.date(2026, 11, 27), []).iloc[0].tolist()
        [datetime.date(2026, 11, 16), 'call', 'overdue']
    """
    values, _ = typed_columns(td, LEAD_INPUTS, cfg, problems, epoch1904=epoch1904)
    acts = None
    if activities is not None:
        acts, _ = typed_columns(activities, ACTIVITY_INPUTS, cfg, problems,
                                epoch1904=epoch1904)
    results = schedule(values, acts, cfg, today)
    results.attrs["values"] = values
    return results


def shown(td: TableData, results: pd.DataFrame, cfg: Config, lang: str) -> pd.DataFrame:
    """`results` (canonical values) as the cells `salesxl.io.tables.result_cells` writes them.

    Choice keys become labels in `lang`, integers stay integers, blanks become None.

    Example:
        >>> td = table_from_columns("leads", {"need": ["ERP"]})
        >>> cfg = Config.default()
        >>> shown(td, bant_results(td, cfg, dt.date(2026, 11, 27), []), cfg, "ko").iloc[0].tolist()
        ['부분 적격', 25, 'B,A,T']
    """
    out = {}
    for key in results.columns:
        col = td.table.column(key)
        labels: dict[Any, Any] = {}
        cells = []
        for value in results[key]:
            if isinstance(value, str) and col.type == "choice":
                if value not in labels:
                    labels[value] = cell_value(col, value, cfg, lang)
                new = labels[value]
            else:
                new = cell_value(col, value, cfg, lang)
            cells.append(None if new == "" else new)
        out[key] = pd.Series(cells, index=results.index, dtype=object)
    return pd.DataFrame(out, index=results.index)


def shown_rows(td: TableData, results: pd.DataFrame, cfg: Config, lang: str,
               height: int) -> list[list[Any]]:
    """Rows 0..height-1 of the grid `td` came from: the header labels on the header row, each
    data row's shown results on its row, and "" everywhere else (blank rows, rows above).

    Example:
        >>> td = find_table("leads", [["Tier", "Need"], [None, None], ["A", "ERP"]])
        >>> cfg = Config.default(language="en")
        >>> results = bant_results(td, cfg, dt.date(2026, 11, 27), [])
        >>> shown_rows(td, results, cfg, "en", 3)
        [['BANT status', 'BANT score', 'BANT missing'], ['', '', ''], ['Partial', 25, 'B,A,T']]
    """
    cells = shown(td, results, cfg, lang)
    width = len(results.columns)
    rows: list[list[Any]] = [[""] * width for _ in range(height)]
    if 0 <= td.header_row < height:
        rows[td.header_row] = [td.table.column(k).label(lang) for k in results.columns]
    for r, values in zip(cells.index, cells.itertuples(index=False, name=None), strict=True):
        rows[int(r)] = ["" if v is None else v for v in values]
    return rows
