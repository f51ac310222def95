"""LibreOffice opens summarised workbooks and computes the PivotTable's values itself.

One soffice run converts every workbook of this module. The cells salesxl renders inside the
pivot's location are removed from the copies first, so the figures read back can only come
from LibreOffice refreshing the pivot from the Leads table. Numbers are compared, not
captions (LibreOffice says "Total Result" where Excel says "Grand Total").
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
import xlsxwriter
from libreoffice import convert_all_sheets, soffice
from lxml import etree
from test_summary_monday import EXPECTED_HEADLINE, monday_book
from test_summary_tables import TODAY
from test_summary_workbook import team_book

from salesxl.commands.summary import Summary, summary
from salesxl.core.cells import parse_a1, parse_range
from salesxl.core.config import Config
from salesxl.core.summary.derive import TOTAL
from salesxl.io.parts.zipparts import sheet_paths
from salesxl.io.template import write_team_workbook

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed"),
]


def _without_pivot_cells(src: Path, dst: Path, s: Summary) -> Path:
    """A copy of ``src`` whose Summary sheet has no cells inside the pivot's location."""
    assert s.pivot is not None
    r1, c1, r2, c2 = parse_range(s.pivot.split("!")[1])
    with zipfile.ZipFile(src) as zin:
        member = sheet_paths(zin)[s.sheet or ""]
        with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                data = zin.read(info)
                if info.filename == member:
                    root = etree.fromstring(data)
                    for c in list(root.iter("{*}c")):
                        r, col = parse_a1(c.get("r"))
                        if r1 <= r <= r2 and c1 <= col <= c2:
                            parent = c.getparent()
                            assert parent is not None
                            parent.remove(c)
                    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                          standalone=True)
                zout.writestr(info, data)
    return dst


def _hand_made(path: Path) -> Path:
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("Leads")
    ws.write_row(0, 0, ["Rep", "Company", "Stage", "Amount"])
    rows = [("Kim", "Apex", "Proposal", 100), ("Lee", "Bright", "Closing", 50),
            ("Kim", "Crescent", "Closing", 25), ("Park", "Delta", "Won", 70),
            ("Lee", "Echo", "Proposal", 5)]
    for r, row in enumerate(rows, start=1):
        ws.write_row(r, 0, row)
    wb.close()
    return path


@pytest.fixture(scope="module")
def lo_run(tmp_path_factory, small_team):
    tmp = tmp_path_factory.mktemp("lo-summary")
    ko_rows = {key: [row for rep in small_team for row in rep.tables()[key]]
               for key in small_team[0].tables()}
    sources = {
        "fixture": team_book(tmp / "fixture.xlsx"),
        "team_ko": write_team_workbook(tmp / "team_ko.xlsx", Config.default(language="ko"),
                                       ko_rows, lang="ko"),
        "hand": _hand_made(tmp / "hand.xlsx"),
        "monday": monday_book(tmp / "monday.xlsx"),
    }
    books: dict[str, tuple[Path, Summary]] = {}
    for name, path in sources.items():
        s = summary(path, today=TODAY)
        books[name] = (_without_pivot_cells(path, tmp / f"lo_{name}.xlsx", s), s)
    sheets = convert_all_sheets([p for p, _ in books.values()], tmp)
    return {name: (sheets[p], s) for name, (p, s) in books.items()}


def _number(text: str) -> float:
    text = text.replace(",", "").strip()
    if text.endswith("%"):  # LibreOffice writes percentages as shown
        return float(text[:-1]) / 100
    return float(text) if text else 0.0


def _pivot_block(rows: list[list[str]], ref: str) -> dict[tuple[str, str], float]:
    """(rep label, stage label or TOTAL) -> amount, as LibreOffice computed them."""
    r1, c1, r2, c2 = parse_range(ref)
    grid = [row + [""] * (c2 + 2) for row in rows]
    stages = [(grid[r1 + 1][c], c) for c in range(c1 + 1, c2)]  # one column per stage
    out: dict[tuple[str, str], float] = {}
    for r in range(r1 + 2, r2 + 1):
        rep = TOTAL if r == r2 else grid[r][c1]
        for label, col in [*stages, (TOTAL, c2)]:
            out[(rep, label)] = _number(grid[r][col])
    return out


@pytest.mark.parametrize("name", ["fixture", "team_ko", "hand", "monday"])
def test_libreoffice_computes_the_pivot_like_pandas(lo_run, name):
    sheets, s = lo_run[name]
    assert s.pivot is not None and s.sheet in sheets
    got = _pivot_block(sheets[s.sheet], s.pivot.split("!")[1])
    cfg = Config.default()
    pipe = s.pipeline
    expected: dict[tuple[str, str], float] = {}
    for rep in pipe.index:
        for key in pipe["count"].columns:
            amount = float(pipe.loc[rep, ("amount", key)])
            if pipe.loc[rep, ("count", key)] and amount:
                expected[(rep, key)] = amount
    observed = {(rep, cfg.resolve_stage(label) if label != TOTAL else TOTAL): v
                for (rep, label), v in got.items() if v}
    assert observed == expected
    assert got[(TOTAL, TOTAL)] == pipe.loc[TOTAL, ("amount", TOTAL)]


def test_libreoffice_opens_every_sheet_and_the_summary_tables(lo_run):
    sheets, _ = lo_run["fixture"]
    assert {"Leads", "Config", "Summary"} <= set(sheets)
    rows = sheets["Summary"]
    assert rows[0][0] == "Sales summary"
    flat = [cell for row in rows for cell in row]
    assert "Open pipeline: amount by rep and stage" in flat
    total_row = next(row for row in rows if row[:1] == ["Total"] and row[7:8] == ["4700"])
    assert total_row[5] == "1500"  # proposal: L1 1000 + L2 500


def test_libreoffice_reads_the_headline_and_the_stale_deals_sheet(lo_run):
    sheets, _s = lo_run["monday"]
    rows = sheets["Summary"]
    for label, (now, _, then) in EXPECTED_HEADLINE.items():
        row = next(r for r in rows if r[:1] == [label])
        assert _number(row[1]) == pytest.approx(now), label
        assert _number(row[5]) == pytest.approx(then), label
    stale = sheets["Stale deals"]
    header = next(i for i, r in enumerate(stale) if r[:1] == ["#"])
    assert [r[1] for r in stale[header + 1:header + 4]] == ["M6", "M1", "M8"]


def test_pivot_columns_are_wide_enough_for_their_totals(lo_run, tmp_path):
    _, s = lo_run["monday"]
    assert s.path is not None and s.pivot is not None
    import openpyxl
    from openpyxl.utils import get_column_letter

    ws = openpyxl.load_workbook(s.path)["Summary"]
    _r1, c1, r2, c2 = parse_range(s.pivot.split("!")[1])
    grand = ws.cell(r2 + 1, c2 + 1).value  # the grand total, rendered by salesxl
    assert grand == pytest.approx(115_000_000.0)
    for c in range(c1 + 1, c2 + 1):
        width = ws.column_dimensions[get_column_letter(c + 1)].width
        assert width >= len(f"₩{grand:,.0f}") + 1  # never ### in LibreOffice or Excel
