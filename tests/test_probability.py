"""Probability is a percentage everywhere: 75, "75%", 0.75 and "75 %" all mean 75 %, and
validate writes the cell back as 0.75 with the sheet's % format, so the sheet's formula and
salesxl agree (before, a typed 75 showed as 7,500 % and weighed the deal 75 times)."""

from __future__ import annotations

import datetime as dt
import json
import warnings
from pathlib import Path

import openpyxl
import pytest

import salesxl
from salesxl.core.config import Config
from salesxl.core.schema import LEADS
from salesxl.io.template import write_team_workbook

TYPED = [75, "75%", 0.75, "75 %", None, "abc", 1, "1%"]
MEANT = [0.75, 0.75, 0.75, 0.75, None, None, 1.0, 0.01]  # by hand: 1 is 100 %, "1%" is 1 %


@pytest.fixture()
def book(tmp_path: Path) -> Path:
    leads = [{"lead_id": f"P-{i}", "company": f"C{i}", "stage": "proposal",
              "deal_amount": 1_000_000.0, "probability": p} for i, p in enumerate(TYPED)]
    return write_team_workbook(tmp_path / "p.xlsx", Config.default(language="en"),
                               {"leads": leads}, lang="en")


def _cells(path: Path) -> list[tuple[object, str]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # openpyxl: conditional-format extensions
        ws = openpyxl.load_workbook(path)["Leads"]
    c = LEADS.keys.index("probability") + 1
    return [(ws.cell(r, c).value, ws.cell(r, c).number_format) for r in range(2, 2 + len(TYPED))]


def test_every_form_reads_as_the_same_fraction(book: Path) -> None:
    rows = json.loads(salesxl.export(book, table="leads", format="json"))
    exported = [MEANT[i] if t != "abc" else "abc" for i, t in enumerate(TYPED)]  # raw kept
    assert [r["probability"] for r in rows] == exported


def test_validate_writes_the_fraction_back_with_the_percent_format(book: Path) -> None:
    report = salesxl.validate(book, today=dt.date(2026, 12, 7))
    got = _cells(book)
    for (value, fmt), typed, meant in zip(got, TYPED, MEANT, strict=True):
        if typed == "abc":
            assert value == "abc"  # unreadable: left as typed, reported
        elif meant is None:
            assert value is None
        else:
            assert value == pytest.approx(meant) and "%" in fmt, (typed, value, fmt)
    assert [p.value for p in report.problems if p.column == "probability"] == ["abc"]
    again = salesxl.validate(book, today=dt.date(2026, 12, 7))  # nothing left to rewrite
    assert again.cells_written == 0
