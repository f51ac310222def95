"""The streaming sheet writer (`salesxl.io.writer`) behind every team workbook with rows.

Each workbook is written through `write_team_workbook` (XlsxWriter writes the sheets with
empty tables, the rows are streamed in) and read back with openpyxl, cell by cell.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest
import python_calamine

from salesxl.core.config import Config
from salesxl.core.schema import LEADS
from salesxl.io.template import TABLE_NAMES, write_team_workbook
from salesxl.io.writer import CHUNK_ROWS


def _sheet(path: Path, name: str) -> list[list[object]]:
    """The cell values as python-calamine reads them (it reads Excel's ``_xHHHH_`` escapes,
    as Excel does; openpyxl leaves them in inline strings)."""
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    return [[None if v == "" else v for v in row]
            for row in book.get_sheet_by_name(name).to_python(skip_empty_area=False)]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_values_of_every_kind_round_trip(tmp_path: Path, lang: str) -> None:
    cfg = Config.default(language=lang)
    leads = [
        {"lead_id": "L-1", "company": "Apex", "deal_amount": 1000.0, "probability": 0.5,
         "stage": "proposal", "created_on": dt.date(2026, 3, 5), "email": "a@x.kr"},
        {"lead_id": "L-2", "company": "=cmd|' /C calc'!A0", "deal_amount": 1,
         "created_on": dt.datetime(2026, 3, 6, 9, 30), "notes": "  two  spaces\nline <b>&"},
        {"lead_id": "L-3", "company": "한빛 & Co", "deal_amount": float("nan"),
         "notes": "_x0041_ stays literal"},
    ]
    path = write_team_workbook(tmp_path / "t.xlsx", cfg, {"leads": leads}, lang=lang)
    sheet = "Leads" if lang == "en" else "리드"
    rows = _sheet(path, sheet)
    labels = rows[0]
    company = labels.index(LEADS.column("company").label(lang))
    assert [r[company] for r in rows[1:]] == ["Apex", "=cmd|' /C calc'!A0", "한빛 & Co"]
    wb = openpyxl.load_workbook(path)
    assert wb[sheet].cell(3, company + 1).data_type == "s"  # text, never a live formula
    assert wb[sheet].cell(3, company + 1).quotePrefix
    l2 = rows[2]
    assert "  two  spaces\nline <b>&" in l2
    assert "_x0041_ stays literal" in rows[3]
    assert dt.date(2026, 3, 5) in rows[1]
    table = wb[sheet].tables[TABLE_NAMES["leads"]]
    assert table.ref.endswith("4")  # header + 3 rows


def test_booleans_and_numbers_in_one_column_stay_apart(tmp_path: Path) -> None:
    """True == 1 as a dictionary key: the per-value cache must not mix them up."""
    rows = [["flag"], [1], [True], [0], [False], [1.5], [None], ["1"]]
    path = write_team_workbook(tmp_path / "b.xlsx", Config.default(language="en"),
                               extra_sheets={"Report": rows}, lang="en")
    got = [r[0] for r in _sheet(path, "Report")]
    assert got == ["flag", 1, True, 0, False, 1.5, None, "1"]
    assert [type(v) for v in got[1:5]] == [float, bool, float, bool]


def test_many_rows_cross_chunks_and_formulas_keep_cached_values(tmp_path: Path) -> None:
    n = CHUNK_ROWS * 2 + 7
    leads = [{"lead_id": f"L-{i}", "company": f"Co {i % 3}", "deal_amount": 100.0,
              "probability": 0.25, "stage": "proposal"} for i in range(n)]
    acts = [{"lead_id": f"L-{i}", "activity_type": "call"} for i in range(0, n, 97)]
    path = write_team_workbook(tmp_path / "m.xlsx", Config.default(language="en"),
                               {"leads": leads, "activities": acts}, lang="en")
    with zipfile.ZipFile(path) as z:
        assert z.testzip() is None
    rows = _sheet(path, "Leads")
    assert len(rows) == n + 1
    last = rows[-1]
    assert f"L-{n - 1}" in last and f"Co {(n - 1) % 3}" in last
    wb = openpyxl.load_workbook(path, data_only=True)  # the cached results
    weighted = rows[0].index("Weighted amount") + 1
    assert wb["Leads"].cell(n + 1, weighted).value == 25
    act_rows = [list(r) for r in wb["Activities"].iter_rows(values_only=True)]
    company = act_rows[0].index("Company")
    assert [r[company] for r in act_rows[1:4]] == ["Co 0", "Co 1", "Co 2"]  # 0, 97, 194
    formulas = openpyxl.load_workbook(path)["Leads"].cell(n + 1, weighted).value
    assert str(formulas).startswith("=IF(ISNUMBER(") and str(n + 1) in str(formulas)


def test_distinct_repeated_and_blank_columns_in_one_sheet(tmp_path: Path) -> None:
    """Mostly distinct columns are encoded cell by cell, repeating ones once per value, and a
    column no row fills gets no cells at all; all read back as written."""
    companies = ["Apex", "=1+2", "a & b", " lead", "한빛", "Apex"]  # 5 distinct of 6
    leads = [{"lead_id": f"L-{i}", "company": c, "stage": "proposal" if i % 2 else "lead",
              "deal_amount": 1000.0} for i, c in enumerate(companies)]
    path = write_team_workbook(tmp_path / "d.xlsx", Config.default(language="en"),
                               {"leads": leads}, lang="en")
    rows = _sheet(path, "Leads")
    head = rows[0]
    company, email = head.index("Company"), head.index("E-mail")
    assert [r[company] for r in rows[1:]] == companies
    assert [r[head.index("Lead ID")] for r in rows[1:]] == [f"L-{i}" for i in range(6)]
    assert all(r[email] is None for r in rows[1:])
    ws = openpyxl.load_workbook(path)["Leads"]
    assert ws.cell(3, company + 1).quotePrefix and ws.cell(3, company + 1).data_type == "s"
    with zipfile.ZipFile(path) as z:
        member = next(n for n in z.namelist() if n.startswith("xl/worksheets/sheet")
                      and b"L-0" in z.read(n))
        xml = z.read(member)
    letter = openpyxl.utils.get_column_letter(email + 1).encode()
    assert b'<c r="' + letter + b'2"' not in xml


def test_untouched_members_are_copied_compressed(tmp_path: Path) -> None:
    """The skeleton's members the rows do not change keep their compressed bytes."""
    from salesxl.io.writer import fill_workbook

    skeleton = write_team_workbook(tmp_path / "s.xlsx", Config.default(language="en"))
    out = fill_workbook(skeleton, tmp_path / "o.xlsx", [])
    with zipfile.ZipFile(skeleton) as a, zipfile.ZipFile(out) as b:
        assert b.testzip() is None
        assert [i.filename for i in a.infolist()] == [i.filename for i in b.infolist()]
        for x, y in zip(a.infolist(), b.infolist(), strict=True):
            assert (x.CRC, x.compress_size, x.compress_type) == (
                y.CRC, y.compress_size, y.compress_type), x.filename
            assert a.read(x) == b.read(y)
    assert openpyxl.load_workbook(out).sheetnames == openpyxl.load_workbook(skeleton).sheetnames


def test_columns_of_new_values_are_written_the_same_uncached(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    """A chunk of nearly all-distinct values (e-mails, names) is encoded without being
    remembered: the workbook's bytes are those of the remembering path."""
    from salesxl.io import writer

    leads = [{"lead_id": f"L-{i}", "company": f"회사 {i % 700}", "email": f"p{i}@x{i}.kr",
              "stage": "proposal", "deal_amount": float(i % 3), "notes": f"=A{i}" if i % 50
              else "  spaced  "} for i in range(1, 1200)]
    books = {}
    for name, fresh_min in (("remember", 10**9), ("fresh", 1)):
        monkeypatch.setattr(writer, "_FRESH_MIN", fresh_min)
        books[name] = write_team_workbook(tmp_path / f"{name}.xlsx", Config.default(),
                                          {"leads": leads}, lang="ko",
                                          created=dt.datetime(2026, 12, 7, 9, 0))
    with zipfile.ZipFile(books["remember"]) as a, zipfile.ZipFile(books["fresh"]) as b:
        assert a.namelist() == b.namelist()
        for member in a.namelist():
            assert a.read(member) == b.read(member), member
