"""The reader's preflight: a damaged part is an error, a far cell or a lying count sends the
file to the streaming reader, a formula without its saved value is reported — never silent."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from click.testing import CliRunner

from salesxl.cli import cli
from salesxl.core.config import Config
from salesxl.core.errors import WorkbookError
from salesxl.io.parts.preflight import preflight
from salesxl.io.parts.safety import open_zip
from salesxl.io.read import read_workbook
from salesxl.io.template import write_team_workbook

LEADS = [{"lead_id": "L-1", "company": "Acme", "phone": "010-1234-5678"},
         {"lead_id": "L-2", "company": "가나상사", "phone": "010-2222-3333"}]


def book(tmp_path: Path, name: str = "t.xlsx") -> Path:
    path = tmp_path / name
    write_team_workbook(path, Config.default(language="en"), {"leads": LEADS}, lang="en")
    return path


def restored(path: Path, out: Path, change: dict[str, bytes] | None = None) -> Path:
    """The same members stored uncompressed (so their bytes can be edited in place)."""
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, (change or {}).get(info.filename, src.read(info)))
    return out


def test_a_flipped_byte_in_the_shared_strings_is_a_damaged_file_not_a_new_phone_number(
        tmp_path: Path) -> None:
    # salesxl writes rows as inline strings; XlsxWriter puts them in the shared strings
    shared = tmp_path / "shared.xlsx"
    xb = xlsxwriter.Workbook(str(shared))
    ws = xb.add_worksheet("Leads")
    ws.write_row(0, 0, ["Lead ID", "Company", "Phone"])
    for r, lead in enumerate(LEADS, start=1):
        ws.write_row(r, 0, [lead["lead_id"], lead["company"], lead["phone"]])
    xb.close()
    stored = restored(shared, tmp_path / "stored.xlsx")
    with zipfile.ZipFile(stored) as zf:
        assert b"010-1234-5678" in zf.read("xl/sharedStrings.xml")
    assert read_workbook(stored).tables["leads"].frame["phone"].tolist() == [
        "010-1234-5678", "010-2222-3333"]
    raw = stored.read_bytes()
    assert raw.count(b"010-1234-5678") == 1
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(raw.replace(b"010-1234-5678", b"010-1234-5679"))  # CRC now wrong
    with pytest.raises(WorkbookError, match=r"damaged file \(xl/sharedStrings.xml fails its "
                                            r"checksum"):
        read_workbook(bad)
    res = CliRunner().invoke(cli, ["validate", str(bad), "--lang", "en"])
    assert res.exit_code == 3, res.output
    assert "damaged file" in res.output and "Traceback" not in res.output
    res = CliRunner().invoke(cli, ["validate", str(bad), "--lang", "ko"])
    assert "손상된 파일" in res.output


def test_one_value_in_the_last_cell_of_the_sheet_reads_through_the_streaming_reader(
        tmp_path: Path) -> None:
    path = book(tmp_path)
    wb = openpyxl.load_workbook(path)
    target = wb["Notes"] if "Notes" in wb.sheetnames else wb.create_sheet("Notes")
    target["XFD1048576"] = "far away"
    wb.save(path)
    with open_zip(path) as zf:
        pf = preflight(path, zf)
    far = [ext for ext in pf.sheets.values() if ext.max_col == 16384]
    assert len(far) == 1 and far[0].max_row == 1_048_576 and far[0].cells >= 1
    assert not pf.fast_ok
    data = read_workbook(path)  # would make calamine allocate 17 billion cells
    leads = data.tables["leads"].frame
    assert leads["lead_id"].tolist() == ["L-1", "L-2"]
    assert leads["company"].tolist() == ["Acme", "가나상사"]


def test_one_value_far_below_the_leads_reads_by_the_real_cells(tmp_path: Path) -> None:
    """A1048576 under an 8-column lead list: a bounding box of 8.4M cells (under the fast
    reader's budget) holding 25; the streaming reader takes it (calamine would allocate the
    box: about 650 MB for this 6 KB file)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Leads"
    ws.append(["Lead ID", "Company", "Contact", "Phone", "Email", "Rep", "Tier", "Stage"])
    ws.append(["L-1", "Acme", "Kim", "010-1234-5678", "kim@acme.example", "Lee", "A", "Proposal"])
    ws.append(["L-2", "Hanbit", "Park", "010-2222-3333", "park@hanbit.example", "Lee", "B",
               "Closing"])
    ws["A1048576"] = "L-far"
    path = tmp_path / "far.xlsx"
    wb.save(path)
    with open_zip(path) as zf:
        pf = preflight(path, zf)
    assert not pf.fast_ok
    assert pf.reasons == ["xl/worksheets/sheet1.xml: 25 cells spread over 1,048,576 rows x 8 "
                          "columns"]
    ids = read_workbook(path).tables["leads"].frame["lead_id"].tolist()
    assert ids == ["L-1", "L-2", "L-far"]


def test_a_shared_strings_count_the_part_cannot_hold_is_not_trusted(tmp_path: Path) -> None:
    path = book(tmp_path)
    with zipfile.ZipFile(path) as zf:
        sst = zf.read("xl/sharedStrings.xml")
    lying = sst.replace(b'uniqueCount="', b'uniqueCount="2147483647" x="', 1)
    out = restored(path, tmp_path / "lying.xlsx", {"xl/sharedStrings.xml": lying})
    with open_zip(out) as zf:
        pf = preflight(out, zf)
    assert not pf.shared_strings_ok and not pf.fast_ok
    assert read_workbook(out).tables["leads"].frame["company"].tolist() == ["Acme", "가나상사"]
    with open_zip(path) as zf:
        assert preflight(path, zf).fast_ok  # the honest original reads fast


def test_formulas_saved_without_their_values_are_named_in_a_note(tmp_path: Path) -> None:
    path = book(tmp_path)
    wb = openpyxl.load_workbook(path)
    leads = wb["Leads"]
    header = [c.value for c in leads[1]]
    budget = header.index("Budget") + 1
    leads.cell(2, budget, "=5*1000000")  # openpyxl stores the formula with no saved value
    leads.cell(3, budget, "=2*1000000")
    calc = wb.create_sheet("Calc")  # not a table salesxl reads: no note
    calc["B2"] = "=1+1"
    wb.save(path)
    letter = openpyxl.utils.get_column_letter(budget)
    data = read_workbook(path)
    said = [n for n in data.notes if "no saved value" in n]
    # the company column of Activities etc. is a formula too, but salesxl computes it itself
    assert said == [f"Leads: 2 formula cell(s) have no saved value and read as blank "
                    f"({letter}2, {letter}3): open and save the file in Excel or LibreOffice "
                    f"so their values are stored, or pass --recalc to let LibreOffice compute "
                    f"them"]


def test_consolidate_says_which_formula_cells_it_read_as_blank(tmp_path: Path) -> None:
    """A rep workbook written by a script: consolidate cannot recalculate, so the file's line
    names the blank cells and what to do (never a silent blank in the team workbook)."""
    path = book(tmp_path)
    wb = openpyxl.load_workbook(path)
    leads = wb["Leads"]
    budget = [c.value for c in leads[1]].index("Budget") + 1
    leads.cell(2, budget, "=5*1000000")
    wb.save(path)
    letter = openpyxl.utils.get_column_letter(budget)
    result = CliRunner().invoke(cli, ["consolidate", str(path), "-o", str(tmp_path / "팀.xlsx"),
                                      "--workers", "1", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert (f"Leads: 1 formula cell(s) have no saved value and were read as blank ({letter}2): "
            "open and save the file in Excel or LibreOffice, then consolidate again"
            in " ".join(result.stderr.split()))


@pytest.mark.libreoffice
def test_recalc_reads_the_values_libreoffice_computes_and_writes_into_the_original(
        tmp_path: Path) -> None:
    import shutil

    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.fail("LibreOffice is not installed: apt-get install libreoffice-calc-nogui")
    path = book(tmp_path)
    wb = openpyxl.load_workbook(path)
    leads = wb["Leads"]
    header = [c.value for c in leads[1]]
    budget = header.index("Budget") + 1
    leads.cell(2, budget, "=5*1000000")  # saved without a value, as a script would
    leads.cell(3, budget, "=1200*10000")
    wb.save(path)
    runner = CliRunner()
    plain = runner.invoke(cli, ["export", str(path), "--lang", "en"])
    assert plain.exit_code == 0
    assert [r.split(",")[header.index("Budget")] for r in plain.stdout.splitlines()[1:]] == \
        ["", ""]  # the cells read as blank ...
    assert "2 formula cell(s) have no saved value" in plain.stderr  # ... and it is said
    recalc = runner.invoke(cli, ["export", str(path), "--recalc", "--lang", "en"])
    assert recalc.exit_code == 0, recalc.output
    rows = list(csv.DictReader(io.StringIO(recalc.stdout)))
    assert [r["budget_amount"] for r in rows] == ["5000000", "12000000"]
    assert "no saved value" not in recalc.stderr
    before = zipfile.ZipFile(path).namelist()
    res = runner.invoke(cli, ["validate", str(path), "--recalc", "--today", "2026-12-07",
                              "--lang", "en"])
    assert res.exit_code == 0, res.output
    after = openpyxl.load_workbook(path)
    assert zipfile.ZipFile(path).namelist() == before  # salesxl's own patch, not LO's file
    assert after["Leads"].cell(2, budget).value == "=5*1000000"  # the formula stays
    status = [c.value for c in after["Leads"][1]].index("BANT status") + 1
    assert after["Leads"].cell(2, status).value is not None  # results written in the original
