"""The small conversions between Excel's values and salesxl's, as tables of cases."""

from __future__ import annotations

import datetime as dt
import types

import numpy as np
import pytest

from salesxl.core.errors import UsageError
from salesxl.xl.book import changed_cells, excel_value, group_runs, selected_rows
from salesxl.xl.grid import as_grid, config_from, today_from


@pytest.mark.parametrize(("value", "expected"), [
    ("Qualified", "Qualified"),
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),  # stays text in Excel
    ("+82 10", "'+82 10"),
    ("-", "'-"),
    (dt.date(2026, 3, 5), dt.datetime(2026, 3, 5)),
    (dt.datetime(2026, 3, 5, 9, 30), dt.datetime(2026, 3, 5, 9, 30)),
    (np.int64(75), 75),
    (float("nan"), None),
    (None, None),
    (True, True),
])
def test_excel_value(value, expected):
    got = excel_value(value)
    assert got == expected and type(got) is type(expected)


def test_group_runs_makes_one_write_per_run_of_rows_in_a_column():
    cells = {(4, 2): "a", (5, 2): "b", (6, 2): "c", (9, 2): "d", (4, 3): 1, (5, 3): 2}
    assert group_runs(cells) == [(2, 4, ["a", "b", "c"]), (2, 9, ["d"]), (3, 4, [1, 2])]


@pytest.mark.parametrize(("before", "after", "expected"), [
    ([["a", 1.0]], [["a", 1.0]], {}),
    ([["a", 1.0]], [["a", 2.0]], {(0, 1): 2.0}),
    ([["a"]], [["a"], ["b", "c"]], {(1, 0): "b", (1, 1): "c"}),  # appended row
    ([["a", "x"]], [["a", ""]], {(0, 1): None}),  # cleared cell
    ([[1.0]], [[True]], {(0, 0): True}),  # same == but another type
])
def test_changed_cells(before, after, expected):
    assert changed_cells(before, after) == expected


class _Sheets(list):
    def __getitem__(self, key):
        if isinstance(key, str):
            return next(s for s in self if s.name == key)
        return super().__getitem__(key)


def _book(address: str, sheet: str = "Leads"):
    """Just enough of an xlwings Book: a selection (an address on a sheet) and its sheets."""
    sel = types.SimpleNamespace(address=address, sheet=types.SimpleNamespace(name=sheet))
    leads = types.SimpleNamespace(name="Leads", activate=lambda: None)
    return types.SimpleNamespace(selection=sel, sheets=_Sheets([leads]))


@pytest.mark.parametrize(("address", "rows"), [
    ("$B$5", [4]),
    ("$A$5:$C$7", [4, 5, 6]),
    ("$A$5:$C$5,$E$9,$B$6", [4, 5, 8]),  # Ctrl+click areas
    ("$5:$7", [4, 5, 6]),  # whole rows
])
def test_selected_rows(address, rows):
    assert selected_rows(_book(address), "Leads") == rows


def test_selecting_whole_columns_is_refused():
    with pytest.raises(UsageError, match="whole columns are selected"):
        selected_rows(_book("$A:$C"), "Leads")


@pytest.mark.parametrize(("value", "grid"), [
    (5.0, [[5.0]]),
    (None, [[None]]),
    ([1.0, 2.0], [[1.0, 2.0]]),
    ([[1.0], [2.0]], [[1.0], [2.0]]),
    (((1.0, 2.0), (3.0,)), [[1.0, 2.0], [3.0, None]]),
    ([], [[None]]),
])
def test_as_grid(value, grid):
    assert as_grid(value) == grid


@pytest.mark.parametrize(("value", "day"), [
    (dt.datetime(2026, 11, 27), dt.date(2026, 11, 27)),
    (46353.0, dt.date(2026, 11, 27)),  # TODAY() reaches Python as a serial number
    ("2026년 11월 27일", dt.date(2026, 11, 27)),
])
def test_today_from(value, day):
    assert today_from(value) == day


def test_today_defaults_to_the_date_when_excel_calculates():
    assert today_from(None) == dt.date.today()


@pytest.mark.parametrize("value", ["fr", [["en"], ["ko"]], [["Leads", "Stage"]]])
def test_config_from_refuses_what_is_not_a_config(value):
    with pytest.raises(UsageError):
        config_from(value)
