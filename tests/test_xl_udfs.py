"""Worksheet functions, called exactly as Excel's COM server calls them, equal the commands.

`xlwings_shim.call` runs xlwings' own `call_udf`: the real `xw.func/arg/ret` metadata, the real
argument and result converters, the value cleaning of `_xlwindows.py`; arguments arrive in
COM's shapes (tuples of tuples, floats, None, naive datetimes, a bare value for one cell).
"""

from __future__ import annotations

import datetime as dt
import inspect
import shutil

import pytest
import xlwings_shim as shim
from xlwings_shim import call, com_grid, com_value, shown

from salesxl.core.rules.bant import INPUTS as BANT_INPUTS
from salesxl.core.schema import LEADS

TODAY = dt.date(2026, 11, 27)
COM_TODAY = dt.datetime(2026, 11, 27)


@pytest.fixture(scope="module")
def book(tmp_path_factory, small_team):
    """A rep's workbook (with typed oddities) before and after `validate` and `followups`."""
    tmp = tmp_path_factory.mktemp("udf")
    rep = small_team[0]
    before = shim.team_book(tmp / "team.xlsx", rep)
    after = tmp / "after.xlsx"
    shutil.copyfile(before, after)
    shim.run_command("validate", after, TODAY)
    shim.run_command("followups", after, TODAY)
    leads = LEADS.label(rep.lang)
    config = "설정" if rep.lang == "ko" else "Config"
    acts = "활동 내역" if rep.lang == "ko" else "Activities"
    rows = shim.sheet_rows(before, leads)
    return {
        "lang": rep.lang, "rows": rows, "after": shim.sheet_rows(after, leads),
        "config": shim.sheet_rows(before, config), "activities": shim.sheet_rows(before, acts),
        "col": {c.key: i for i, c in enumerate(LEADS.columns)},
        "data": [r for r in range(1, len(rows)) if any(shown(v) != "" for v in rows[r])],
    }


def _written(book, r, keys):
    return [shown(book["after"][r][book["col"][k]]) for k in keys]


BANT_OUT = ("bant_status", "bant_score", "bant_missing")
FOLLOW_OUT = ("next_follow_up_on", "follow_up_channel", "follow_up_status")


def test_the_table_function_equals_validate(book):
    out = call("SALESXL_BANT_TABLE", com_grid(book["rows"]), com_grid(book["config"]), COM_TODAY)
    assert len(out) == len(book["rows"])
    assert out[0] == [LEADS.column(k).label(book["lang"]) for k in BANT_OUT]
    statuses = set()
    for r in range(1, len(book["rows"])):
        got = [shown(v) for v in out[r]]
        if r in book["data"]:
            assert got == _written(book, r, BANT_OUT), f"row {r + 1}"
            statuses.add(got[0])
        else:
            assert got == ["", "", ""], f"blank row {r + 1}"
    assert len(statuses) == 4  # qualified, partial, unqualified and invalid all occur


def test_the_one_row_function_equals_validate_cell_by_cell(book):
    col = book["col"]
    for r in book["data"]:
        args = [com_value(book["rows"][r][col[k]]) for k in BANT_INPUTS]
        out = call("SALESXL_BANT", *args, com_grid(book["config"]), COM_TODAY)
        assert [shown(v) for v in out[0]] == _written(book, r, BANT_OUT), f"row {r + 1}"
        status = call("SALESXL_BANT_STATUS", *args, com_grid(book["config"]), COM_TODAY)
        missing = call("SALESXL_BANT_MISSING", *args, com_grid(book["config"]), COM_TODAY)
        assert [shown(status[0][0]), shown(missing[0][0])] == \
            _written(book, r, ("bant_status", "bant_missing"))


def test_one_row_functions_take_whole_columns_in_one_call(book):
    col = book["col"]
    data = book["data"]
    columns = [tuple((com_value(book["rows"][r][col[k]]),) for r in data) for k in BANT_INPUTS]
    out = call("SALESXL_BANT_STATUS", *columns, com_grid(book["config"]), COM_TODAY)
    assert [shown(row[0]) for row in out] == [_written(book, r, ("bant_status",))[0]
                                              for r in data]


def test_the_follow_up_table_function_equals_followups(book):
    out = call("SALESXL_FOLLOW_UPS_TABLE", com_grid(book["rows"]), com_grid(book["config"]),
               COM_TODAY, com_grid(book["activities"]))
    assert out[0] == [LEADS.column(k).label(book["lang"]) for k in FOLLOW_OUT]
    for r in book["data"]:
        assert [shown(v) for v in out[r]] == _written(book, r, FOLLOW_OUT), f"row {r + 1}"


def test_next_follow_up_equals_followups_where_the_last_contact_is_given(book):
    col = book["col"]
    checked = 0
    for r in book["data"]:
        row = book["rows"][r]
        if shown(row[col["last_contact_on"]]) == "" or row[col["stage"]] in ("보류",
                                                                               "On hold"):
            continue  # the command then looks at Activities and older dates, or Resume on
        out = call("SALESXL_NEXT_FOLLOW_UP", com_value(row[col["last_contact_on"]]),
                   com_value(row[col["tier"]]), com_value(row[col["stage"]]),
                   com_grid(book["config"]), COM_TODAY)
        assert shown(out[0][0]) == _written(book, r, ("next_follow_up_on",))[0], f"row {r + 1}"
        checked += 1
    assert checked >= 10


@pytest.mark.parametrize(("last", "tier", "stage", "expected"), [
    (dt.datetime(2026, 9, 17), "A", "proposal", dt.date(2026, 9, 28)),  # +7 = 추석 연휴
    (dt.datetime(2027, 1, 30), "A", None, dt.date(2027, 2, 10)),  # 설날 + 대체공휴일
    (dt.datetime(2026, 9, 1), "A", "closing", dt.date(2026, 9, 7)),  # half of 7 = 4: Sat 5
    (dt.datetime(2026, 9, 1), "B", "won", ""),  # the customer's row carries the touch
    (dt.datetime(2026, 9, 1), "B", None, dt.date(2026, 9, 15)),  # ... on the tier's cadence
    (dt.datetime(2026, 9, 1), "B", "lost", ""),
    (dt.datetime(2026, 9, 1), None, "proposal", ""),
])
def test_next_follow_up_by_tier_on_business_days(last, tier, stage, expected):
    out = call("SALESXL_NEXT_FOLLOW_UP", last, tier, stage, None, dt.datetime(2026, 9, 1))
    assert shown(out[0][0]) == expected


@pytest.mark.parametrize(("stage", "config", "next_label", "probability"), [
    ("prospecting", "en", "Qualification", 0.1),
    ("리드 검증", None, "니즈 파악", 0.2),
    ("Closing", "en", "Won", 0.9),
    ("won", "en", "Upsell", 1.0),
    ("upgraded", "en", "", 1.0),
    ("lost", "en", "", 0.0),
    ("on hold", "en", "", 0.0),
    (None, "en", "", ""),  # a blank cell stays blank (spills over blank rows)
])
def test_next_stage_and_probability(stage, config, next_label, probability):
    assert call("SALESXL_NEXT_STAGE", stage, config) == [[next_label]]
    assert call("SALESXL_STAGE_PROBABILITY", stage, config) == [[probability]]


def test_stage_functions_over_a_column_and_an_unknown_stage():
    out = call("SALESXL_NEXT_STAGE", (("lead",), ("bogus",), (None,)), "en")
    assert out[0] == ["Qualification"] and out[2] == [""]
    assert out[1][0].startswith("salesxl: 'bogus' is not one of the allowed values")


@pytest.mark.parametrize(("amount", "probability", "stage", "expected"), [
    (10_000_000.0, None, "closing", 9_000_000),  # the stage's 90 %
    (10_000_000.0, 0.5, "closing", 5_000_000),  # the lead's own probability wins
    ("500만원", "25%", None, 1_250_000),
    (10_000_000.0, None, "lost", 0),  # lost counts 0, a value, not a blank
    (None, 0.5, "closing", ""),  # no amount, no weighted amount
    ("abc", None, "won", ""),
])
def test_weighted_amount(amount, probability, stage, expected):
    assert [[shown(v) for v in row] for row in
            call("SALESXL_WEIGHTED_AMOUNT", amount, probability, stage)] == [[expected]]


def test_the_config_range_changes_the_rules():
    config = com_grid([["Settings", None, None], ["Setting", "Value", "Description"],
                       ["language", "en", None], ["bant_min_budget", 10_000_000, None]])
    args = (5e6, None, "Y", None, "ERP", None, dt.datetime(2027, 1, 10))
    assert call("SALESXL_BANT", *args, "en", COM_TODAY) == [["Qualified", 100, ""]]
    assert call("SALESXL_BANT", *args, config, COM_TODAY) == [["Partial", 75, "B"]]


def test_mistakes_show_as_text_in_the_cell_not_as_errors():
    out = call("SALESXL_BANT_TABLE", ((1.0, 2.0), (3.0, 4.0)))
    assert out == [[out[0][0]]] and out[0][0].startswith("salesxl: no Leads header row found")
    out = call("SALESXL_BANT", None, None, None, None, None, None, None, "fr")
    assert out[0][0].startswith("salesxl: config 'fr'")
    out = call("SALESXL_NEXT_STAGE", (("lead",), ("won",)), (("en",), ("ko",)))
    assert out[0][0].startswith("salesxl: ")
    out = call("SALESXL_BANT_STATUS", (("Y",), ("N",)), ((1.0, 2.0),), None, None, None, None,
               None)
    assert out[0][0].startswith("salesxl: the ranges must have the same number of rows")


def test_udfs_are_plain_decorated_functions_with_xlwings_metadata():
    import salesxl.xl.udfs as udfs

    shim.install()
    names = sorted(n for n in dir(udfs) if n.startswith("SALESXL_"))
    assert names == ["SALESXL_BANT", "SALESXL_BANT_MISSING", "SALESXL_BANT_STATUS",
                     "SALESXL_BANT_TABLE", "SALESXL_FOLLOW_UPS_TABLE", "SALESXL_NEXT_FOLLOW_UP",
                     "SALESXL_NEXT_STAGE", "SALESXL_STAGE_PROBABILITY",
                     "SALESXL_WEIGHTED_AMOUNT"]
    for name in names:
        fn = getattr(udfs, name)
        meta = fn.__xlfunc__
        assert meta["category"] == "salesxl" and not meta["sub"]
        params = list(inspect.signature(fn).parameters)
        assert [a["name"] for a in meta["args"]] == params
        assert all(a["options"].get("ndim") == 2 for a in meta["args"] if a["name"] != "today")
        assert "Example" in (fn.__doc__ or ""), f"{name}: a docstring example"


def test_the_embedded_vba_wrappers_are_current():
    text = shim.UDF_BAS.read_text(encoding="utf-8")
    assert text == shim.udf_vba_module(), (
        "macros/xlwings_udfs.bas is stale: run `python tests/xlwings_shim.py`, then "
        "`salesxl excel build`")
