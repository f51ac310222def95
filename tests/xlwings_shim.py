"""Test-only stand-ins that let xlwings' real UDF machinery run on Linux.

xlwings' Windows UDF code (`xlwings.udfs`: the `xw.func`/`xw.arg`/`xw.ret` decorators,
`call_udf`, the VBA wrapper generator) imports pywin32 at the top and looks up the "excel"
engine for value cleaning. With empty stand-ins for `pythoncom`, `pywintypes`, `win32com`,
`win32com.client`, `xlwings.com_server` and `xlwings._xlwindows` (whose engine cleans values
exactly as `xlwings/_xlwindows.py` does: COM dates to naive datetimes, None/"" to empty, error
codes) the real decorators build their metadata and `call_udf` converts arguments and results
with xlwings' own converters, as on Windows.

`call(name, *args)` calls a salesxl UDF as the COM server does: arguments in the shapes COM
delivers (a bare value for one cell, tuples of tuples for a range, floats, None, naive
datetimes); an omitted optional argument is COM's "missing" marker.

Run this file to regenerate ``macros/xlwings_udfs.bas`` (the VBA wrappers of the UDFs, as the
xlwings add-in's "Import Functions" writes them).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import importlib
import io
import sys
import types
from pathlib import Path
from typing import Any, ClassVar

MISSING = -2147352572  # what COM passes for an omitted optional argument
REPO = Path(__file__).resolve().parent.parent
UDF_BAS = REPO / "macros" / "xlwings_udfs.bas"


class _CleaningEngine:
    """The value cleaning of `xlwings._xlwindows.Engine`, without pywin32."""

    name = "excel"
    type = "desktop"
    cell_errors: ClassVar[dict[int, str]] = {-2146826281: "#DIV/0!", -2146826246: "#N/A", -2146826259: "#NAME?",
                   -2146826288: "#NULL!", -2146826252: "#NUM!", -2146826265: "#REF!",
                   -2146826273: "#VALUE!"}

    @staticmethod
    def prepare_xl_data_element(x: Any, date_format: Any) -> Any:
        import numpy as np
        import pandas as pd

        if isinstance(x, dt.datetime | dt.date):  # pywin32 sends both as a COM date
            return x if isinstance(x, dt.datetime) else dt.datetime(x.year, x.month, x.day)
        if pd.isna(x):
            return ""
        if isinstance(x, np.floating | float) and np.isnan(x):
            return ""
        if isinstance(x, np.number):
            return float(x)
        return "" if x is None else x

    @classmethod
    def clean_value_data(cls, data: Any, datetime_builder: Any, empty_as: Any,
                         number_builder: Any, err_to_str: bool) -> list[list[Any]]:
        def clean(value: Any) -> Any:
            if value in ("", None):
                return empty_as
            if isinstance(value, dt.datetime):  # pywintypes.TimeType
                return datetime_builder(month=value.month, day=value.day, year=value.year,
                                        hour=value.hour, minute=value.minute,
                                        second=value.second, microsecond=value.microsecond,
                                        tzinfo=None)
            if number_builder is not None and isinstance(value, float):
                return number_builder(value)
            if isinstance(value, int) and value in cls.cell_errors:
                return cls.cell_errors[value] if err_to_str else None
            return value

        return [[clean(c) for c in row] for row in data]


class _ComRangeImpl:
    """What `call_udf` wraps the calling cell in; UDFs here never use it."""

    def __init__(self, xl: Any = None) -> None:
        self.xl = xl


def install() -> types.ModuleType:
    """Install the stand-ins, switch `xw.func/arg/ret` to the real decorators and (re)import
    `salesxl.xl.udfs` through them. Returns `xlwings.udfs`. Idempotent."""
    import xlwings

    if "xlwings.udfs" in sys.modules and getattr(xlwings.func, "__module__", "") == \
            "xlwings.udfs":
        return sys.modules["xlwings.udfs"]
    pythoncom = types.ModuleType("pythoncom")
    pythoncom.CoInitialize = lambda: None  # type: ignore[attr-defined]
    client = types.ModuleType("win32com.client")
    client.Dispatch = lambda *a, **k: None  # type: ignore[attr-defined]
    win32com = types.ModuleType("win32com")
    win32com.client = client  # type: ignore[attr-defined]
    xlwindows = types.ModuleType("xlwings._xlwindows")
    xlwindows.engine = _CleaningEngine()  # type: ignore[attr-defined]
    xlwindows.Range = _ComRangeImpl  # type: ignore[attr-defined]
    xlwindows.is_range_instance = lambda value: False  # type: ignore[attr-defined]
    com_server = types.ModuleType("xlwings.com_server")
    com_server.loop = asyncio.new_event_loop()  # type: ignore[attr-defined]
    for name, module in (("pythoncom", pythoncom), ("pywintypes", types.ModuleType("pywintypes")),
                         ("win32com", win32com), ("win32com.client", client),
                         ("xlwings._xlwindows", xlwindows), ("xlwings.com_server", com_server)):
        sys.modules.setdefault(name, module)
    xlwings._xlwindows = sys.modules["xlwings._xlwindows"]  # type: ignore[attr-defined]
    if "excel" not in [e.name for e in xlwings.engines]:
        xlwings.engines.add(xlwings.main.Engine(impl=xlwindows.engine))  # type: ignore[attr-defined]
    udfs = importlib.import_module("xlwings.udfs")
    xlwings.func, xlwings.arg, xlwings.ret = udfs.xlfunc, udfs.xlarg, udfs.xlret
    importlib.reload(importlib.import_module("salesxl.xl.udfs"))
    return udfs


def call(name: str, *args: Any) -> Any:
    """Call the UDF `name` of salesxl.xl.udfs as Excel's COM server does; return what it
    hands back to Excel (a value for one cell, rows of values otherwise)."""
    udfs = install()
    module = importlib.import_module("salesxl.xl.udfs")
    n = len(getattr(module, name).__xlfunc__["args"])
    padded = tuple(args) + (MISSING,) * (n - len(args))
    return udfs.call_udf("salesxl.xl.udfs", name, padded, None, None)


def udf_vba_module() -> str:
    """The VBA wrappers of salesxl's UDFs, as the add-in's "Import Functions" writes them."""
    udfs = install()
    module = importlib.import_module("salesxl.xl.udfs")
    out = io.StringIO()
    out.write('Attribute VB_Name = "xlwings_udfs"\n')
    out.write("'Autogenerated code by xlwings - changes will be lost with next import!\n")
    out.write("Option Explicit\n")
    out.write("""#Const App = "Microsoft Excel" 'Adjust when using outside of Excel\n""")
    book = types.SimpleNamespace(Name="SalesTeam.xlsm")
    udfs.generate_vba_wrapper("salesxl.xl.udfs", module, out, book)
    return out.getvalue()


# --- workbooks and the commands the Excel layer must agree with ----------------------------------
TRICKY_LEADS: list[dict[str, Any]] = [  # cells as a rep might type them, written as they are
    {"lead_id": "T-1", "company": "Alpha", "tier": "B", "budget_amount": "abc", "need": "ERP",
     "stage": "proposal", "created_on": dt.date(2026, 10, 1)},
    {"lead_id": "T-2", "company": "베타", "tier": "A", "budget_amount": "500만원",
     "budget_confirmed": "O", "decision_maker": "김부장", "need_level": "상",
     "decision_date": "2027년 1월 10일", "stage": "closing", "last_contact_on": "2026.11.20"},
    {},  # a blank row between leads
    {"lead_id": "T-3", "tier": "Z", "stage": "bogus", "is_decision_maker": "네",
     "last_contact_on": dt.date(2026, 9, 17)},
    {"lead_id": "T-4", "tier": "C", "stage": "on_hold", "resume_on": dt.date(2026, 12, 1),
     "deal_amount": "1.2억", "probability": "25%"},
    {"lead_id": "T-5", "tier": "D", "stage": "lost", "lost_reason": "price",
     "last_contact_on": dt.date(2026, 11, 2), "decision_date": dt.date(2026, 12, 24)},
]


def team_book(path: Path, rep: Any, extra: list[dict[str, Any]] | None = None) -> Path:
    """A team workbook of a demo rep's tables plus `extra` lead rows (default: TRICKY_LEADS)."""
    from salesxl.core.config import Config
    from salesxl.io.template import write_team_workbook

    tables = dict(rep.tables())
    tables["leads"] = list(tables["leads"]) + list(TRICKY_LEADS if extra is None else extra)
    return write_team_workbook(path, Config.default(language=rep.lang), tables, lang=rep.lang)


def run_command(name: str, book: Path, today: dt.date) -> None:
    """`salesxl NAME BOOK --today DAY` when the command exists, else its library function."""
    from click.testing import CliRunner

    from salesxl.cli import cli

    if name in cli.commands:
        result = CliRunner().invoke(cli, [name, str(book), "--today", today.isoformat()])
        assert result.exit_code in (0, 1), result.output
        return
    module = importlib.import_module(f"salesxl.commands.{name}")
    getattr(module, name)(book, today)


def sheet_rows(path: Path, sheet: str) -> list[list[Any]]:
    """A sheet's values as salesxl's reader (python-calamine) sees them."""
    import python_calamine as calamine

    wb = calamine.CalamineWorkbook.from_path(str(path))
    return wb.get_sheet_by_name(sheet).to_python(skip_empty_area=False)


def shown(value: Any) -> Any:
    """A cell value in one comparable form: blank "", whole numbers int, dates as dates."""
    if value is None or value == "":
        return ""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time() else value
    if hasattr(value, "item"):
        return shown(value.item())
    return value


def grid_changes(before: dict[str, list[list[Any]]],
                 after: dict[str, list[list[Any]]]) -> dict[tuple[str, int, int], Any]:
    """The cells that differ between two reads of a workbook: (sheet, row, col) -> value."""
    out = {}
    for sheet, grid in after.items():
        old = before.get(sheet, [])
        for r in range(max(len(grid), len(old))):
            new_row = grid[r] if r < len(grid) else []
            old_row = old[r] if r < len(old) else []
            for c in range(max(len(new_row), len(old_row))):
                a = shown(old_row[c]) if c < len(old_row) else ""
                b = shown(new_row[c]) if c < len(new_row) else ""
                if a != b:
                    out[(sheet, r, c)] = b
    return out


# --- an open workbook, for the button macros ---------------------------------------------------
def com_value(value: Any) -> Any:
    """A value as COM hands it over: floats for numbers, None for empty, naive datetimes."""
    if value == "" or value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    return value


def com_grid(rows: list[list[Any]]) -> tuple[tuple[Any, ...], ...]:
    """Rows as a range's value arrives through COM: a tuple of tuples of COM values."""
    return tuple(tuple(com_value(v) for v in row) for row in rows)


class FakeRange:
    """`xw.Range` over a FakeSheet: the few members salesxl.xl uses."""

    def __init__(self, sheet: FakeSheet, r1: int, c1: int, r2: int, c2: int) -> None:
        self.sheet, self.r1, self.c1, self.r2, self.c2 = sheet, r1, c1, r2, c2
        self._ndim: int | None = None

    def options(self, ndim: int | None = None, **_: Any) -> FakeRange:
        self._ndim = ndim
        return self

    @property
    def row(self) -> int:
        return self.r1

    @property
    def column(self) -> int:
        return self.c1

    @property
    def last_cell(self) -> FakeRange:
        return FakeRange(self.sheet, self.r2, self.c2, self.r2, self.c2)

    @property
    def address(self) -> str:
        from salesxl.core.cells import col_letter

        def a1(r: int, c: int) -> str:
            return f"${col_letter(c - 1)}${r}"
        one = (self.r1, self.c1) == (self.r2, self.c2)
        return a1(self.r1, self.c1) if one else f"{a1(self.r1, self.c1)}:{a1(self.r2, self.c2)}"

    @property
    def value(self) -> Any:
        rows = [[self.sheet.cells.get((r, c)) for c in range(self.c1, self.c2 + 1)]
                for r in range(self.r1, self.r2 + 1)]
        if self._ndim == 2:
            return rows
        return rows[0][0] if len(rows) == 1 and len(rows[0]) == 1 else rows

    @value.setter
    def value(self, value: Any) -> None:
        rows = value if isinstance(value, list) and value and isinstance(value[0], list) \
            else [[value]]
        for i, row in enumerate(rows):
            for j, v in enumerate(row):
                self.sheet.set(self.r1 + i, self.c1 + j, v)

    def clear_contents(self) -> None:
        for r in range(self.r1, self.r2 + 1):
            for c in range(self.c1, self.c2 + 1):
                if (r, c) in self.sheet.cells:
                    self.sheet.set(r, c, None)


class FakeSheet:
    """`xw.Sheet` holding its cells in a dict (1-based, as Excel counts)."""

    def __init__(self, book: FakeBook, name: str, cells: dict[tuple[int, int], Any]) -> None:
        self.book, self.name, self.cells = book, name, cells
        self.selection: FakeRange | None = None

    def set(self, r: int, c: int, value: Any) -> None:
        if isinstance(value, str) and value.startswith("'"):
            value = value[1:]  # Excel's quote prefix: the cell holds the text after it
        if value is None or value == "":
            self.cells.pop((r, c), None)
        else:
            self.cells[(r, c)] = value
        self.book.written[(self.name, r - 1, c - 1)] = value if value != "" else None

    def range(self, first: tuple[int, int], last: tuple[int, int] | None = None) -> FakeRange:
        last = last or first
        return FakeRange(self, first[0], first[1], last[0], last[1])

    @property
    def used_range(self) -> FakeRange:
        rows = max((r for r, _ in self.cells), default=1)
        cols = max((c for _, c in self.cells), default=1)
        return FakeRange(self, 1, 1, rows, cols)

    def clear_contents(self) -> None:
        self.used_range.clear_contents()

    def activate(self) -> None:
        self.book.active = self

    def select(self, ref: str) -> None:
        """Select cells as a rep does (A1 text, several areas separated by commas)."""
        from salesxl.core.cells import parse_range

        areas = [parse_range(a) for a in ref.split(",")]
        rng = FakeRange(self, areas[0][0] + 1, areas[0][1] + 1, areas[0][2] + 1, areas[0][3] + 1)
        rng.__dict__["_areas"] = ref
        self.selection = rng


class FakeSheets:
    def __init__(self, book: FakeBook) -> None:
        self.book = book
        self.items: list[FakeSheet] = []

    def __iter__(self) -> Any:
        return iter(list(self.items))

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, key: str | int) -> FakeSheet:
        if isinstance(key, int):
            return self.items[key]
        for s in self.items:
            if s.name == key:
                return s
        raise KeyError(key)

    def add(self, name: str, after: FakeSheet | None = None) -> FakeSheet:
        sheet = FakeSheet(self.book, name, {})
        at = self.items.index(after) + 1 if after is not None else 0
        self.items.insert(at, sheet)
        return sheet


class FakeApp:
    def __init__(self) -> None:
        self.status_bar: str | None = None
        self.opened: list[str] = []
        self.books = types.SimpleNamespace(open=self.opened.append)


class FakeBook:
    """`xw.Book` of a workbook file as Excel would show it: every sheet's values loaded with
    the reader salesxl uses (python-calamine), in COM's shapes. Cells the macros write land in
    the sheets and in `written` ({(sheet, row, col): value}, zero-based)."""

    def __init__(self, path: str | Path) -> None:
        import python_calamine as calamine

        self.fullname = str(path)
        self.name = Path(path).name
        self.app = FakeApp()
        self.sheets = FakeSheets(self)
        self.written: dict[tuple[str, int, int], Any] = {}
        self.saved = 0
        wb = calamine.CalamineWorkbook.from_path(str(path))
        for name in wb.sheet_names:
            rows = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
            cells = {(r + 1, c + 1): com_value(v) for r, row in enumerate(rows)
                     for c, v in enumerate(row) if com_value(v) is not None}
            self.sheets.items.append(FakeSheet(self, name, cells))
        self.active = self.sheets.items[0]
        self.written.clear()

    @property
    def selection(self) -> Any:
        sel = self.active.selection
        if sel is None:
            return None
        return types.SimpleNamespace(sheet=sel.sheet, address=sel.__dict__.get("_areas",
                                                                              sel.address))

    def save(self) -> None:
        self.saved += 1


if __name__ == "__main__":
    UDF_BAS.write_text(udf_vba_module(), encoding="utf-8", newline="\n")
    print(f"wrote {UDF_BAS}")
