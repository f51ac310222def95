"""`salesxl summary` on real workbooks: only the Summary changes, rebuilds are identical, and
the charts and the PivotTable are native parts laid out the way Excel writes them."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest
import xlsxwriter
from click.testing import CliRunner
from lxml import etree
from test_summary_tables import CFG, HISTORY, OBJECTIONS, TODAY, frame, lead_rows

from salesxl.cli import cli
from salesxl.commands.summary import compute, summary
from salesxl.core.config import Config
from salesxl.core.errors import WorkbookError, WorkbookLockedError
from salesxl.core.summary.derive import TOTAL
from salesxl.io.addsheet import graft_sheet
from salesxl.io.parts.zipparts import sheet_paths
from salesxl.io.template import write_team_workbook

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
      "r": "http://schemas.openxmlformats.org/package/2006/relationships"}
REFERENCE = Path("/work/shared/reference/excel-made-pivots.xlsx")
OWN_PARTS = ("xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml",
             "xl/styles.xml")


def team_book(path: Path, lang: str = "en", **kw) -> Path:
    data = {"leads": lead_rows(), "history": HISTORY, "objections": OBJECTIONS}
    return write_team_workbook(path, Config.default(language=lang), data, lang=lang, **kw)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("summary")
    original = team_book(tmp / "original.xlsx")
    book = tmp / "team.xlsx"
    shutil.copy(original, book)
    s = summary(book, today=TODAY)
    first = tmp / "first.xlsx"
    shutil.copy(book, first)
    summary(book, today=TODAY)
    return original, first, book, s


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def xml(data: bytes) -> etree._Element:
    return etree.fromstring(data)


def summary_member(path: Path, name: str = "Summary") -> str:
    with zipfile.ZipFile(path) as zf:
        return sheet_paths(zf)[name]


def test_the_tables_read_back_equal_the_hand_computed_ones(built):
    *_, s = built
    hand = compute(frame(lead_rows()), CFG, TODAY, history=frame(HISTORY),
                   objections=frame(OBJECTIONS), by_rep=True)
    for name, table in hand.tables().items():
        got = getattr(s, name)
        if "row" in table.columns:  # worksheet rows in the workbook, positions by hand
            got, table = got.drop(columns="row"), table.drop(columns="row")
        pd.testing.assert_frame_equal(got, table, check_dtype=False)
    assert s.by_rep  # two reps: split by default
    assert not s.problems


def test_only_the_summary_parts_and_registrations_change(built):
    original, first, _, s = built
    before, after = members(original), members(first)
    added = set(after) - set(before)
    assert not set(before) - set(after)
    for name, data in before.items():
        if name not in OWN_PARTS:
            assert after[name] == data, f"{name} changed"
    assert s.sheet == "Summary"
    assert {n.rsplit("/", 1)[0] for n in added} == {
        "xl/worksheets", "xl/worksheets/_rels", "xl/drawings", "xl/drawings/_rels",
        "xl/charts", "xl/pivotTables", "xl/pivotTables/_rels", "xl/pivotCache"}
    assert s.backup is not None and s.backup.exists()


def test_a_rebuild_gives_the_same_parts_in_the_same_order(built):
    _, first, book, _ = built
    with zipfile.ZipFile(first) as a, zipfile.ZipFile(book) as b:
        assert a.namelist() == b.namelist()
        for name in a.namelist():
            assert a.read(name) == b.read(name), name


def test_charts_are_native_chart_parts(built):
    _, first, _, s = built
    parts = members(first)
    charts = sorted(n for n in parts if n.startswith("xl/charts/chart"))
    assert len(charts) == len(s.charts) == 7
    kinds = []
    for name in charts:
        root = xml(parts[name])
        assert etree.QName(root).localname == "chartSpace"
        bar = root.find(".//c:barChart", NS)
        assert bar is not None
        kinds.append(bar.find("c:barDir", NS).get("val"))
        for f in root.iterfind(".//c:val//c:f", NS):
            assert f.text.startswith("Summary!")
        assert root.find(".//c:val//c:numCache", NS) is not None  # readable without recalc
    # forecast, pipeline, funnel, sources, techniques, referrals vs other leads, follow-ups
    assert kinds == ["col", "col", "bar", "col", "bar", "bar", "bar"]
    drawing_rels = xml(parts["xl/drawings/_rels/drawing1.xml.rels"])
    assert len(drawing_rels) == 7


def test_the_pivot_table_is_consistent_and_refreshes_on_open(built):
    _, first, _, s = built
    parts = members(first)
    cache = xml(parts["xl/pivotCache/pivotCacheDefinition1.xml"])
    table = xml(parts["xl/pivotTables/pivotTable1.xml"])
    assert cache.get("refreshOnLoad") == "1" and cache.get("saveData") == "0"
    assert cache.find("m:cacheSource/m:worksheetSource", NS).get("name") == "tblLeads"
    fields = cache.findall("m:cacheFields/m:cacheField", NS)
    pfields = table.findall("m:pivotFields/m:pivotField", NS)
    assert len(fields) == len(pfields) == int(cache.find("m:cacheFields", NS).get("count"))
    names = [f.get("name") for f in fields]
    rep, stage, amount = names.index("Rep"), names.index("Stage"), names.index("Deal amount")
    stages = [e.get("v") for e in fields[stage].find("m:sharedItems", NS)]
    assert sorted(stages) == sorted({"Proposal", "Prospecting", "Won", "Closing", "Lost",
                                     "On hold", "Qualification"})
    items = pfields[stage].findall("m:items/m:item", NS)
    hidden = {stages[int(i.get("x"))] for i in items if i.get("h") == "1"}
    assert hidden == {"Won", "Lost", "On hold"}
    shown = [stages[int(i.get("x"))] for i in items if i.get("x") and i.get("h") != "1"]
    assert shown == ["Prospecting", "Qualification", "Proposal", "Closing"]  # pipeline order
    assert items[-1].get("t") == "default"
    assert pfields[rep].get("axis") == "axisRow" and pfields[stage].get("axis") == "axisCol"
    row_items = table.findall("m:rowItems/m:i", NS)
    col_items = table.findall("m:colItems/m:i", NS)
    assert len(row_items) == 3 and row_items[-1].get("t") == "grand"  # Kim, Lee, total
    assert len(col_items) == 4 + 1  # one column per open stage, then the grand total
    for part in ("rowItems", "colItems", "rowFields", "colFields", "dataFields"):
        el = table.find(f"m:{part}", NS)
        assert int(el.get("count")) == len(el)
    data = table.findall("m:dataFields/m:dataField", NS)
    assert [(int(d.get("fld")), d.get("subtotal")) for d in data] == [(amount, None)]
    assert table.find("m:colFields", NS).get("count") == "1"  # no repeated value captions
    loc = table.find("m:location", NS)
    assert f"Summary!{loc.get('ref')}" == s.pivot
    assert (loc.get("firstHeaderRow"), loc.get("firstDataRow"), loc.get("firstDataCol")) == \
        ("1", "2", "1")
    wb = xml(parts["xl/workbook.xml"])
    caches = wb.findall("m:pivotCaches/m:pivotCache", NS)
    assert [c.get("cacheId") for c in caches] == [table.get("cacheId")]


def test_pivot_parts_follow_the_order_excel_writes():
    with zipfile.ZipFile(REFERENCE) as zf:
        ref = xml(zf.read("xl/pivotTables/pivotTable2.xml"))
    order = [etree.QName(c).localname for c in ref]
    assert order[:3] == ["location", "pivotFields", "rowFields"]
    from salesxl.io.parts.pivot import PivotSource, build_crosstab

    p = build_crosstab(PivotSource("Leads", "A1:C4", ["Rep", "Stage", "Amount"]),
                       rows=["Kim", "Lee", "Kim"], cols=["Won", "Lost", "Won"],
                       values=[1.0, 2.0, 3.0], row_field=0, col_field=1, value_field=2,
                       anchor=(0, 0), cache_id=5)
    ours = [etree.QName(c).localname for c in xml(p.table_xml)]
    assert [t for t in order if t in ours] == ours  # same relative order as Excel's
    ref_attrs = {a for a in ref.attrib if not a.startswith("{")}  # not xr:uid, mc:Ignorable
    assert ref_attrs <= set(xml(p.table_xml).attrib)


def test_styles_are_reused_on_rebuild_and_cells_are_formatted(built):
    original, first, book, _ = built
    before = xml(members(original)["xl/styles.xml"])
    after = xml(members(first)["xl/styles.xml"])
    assert len(after.find("m:cellXfs", NS)) > len(before.find("m:cellXfs", NS))
    assert members(first)["xl/styles.xml"] == members(book)["xl/styles.xml"]
    sheet = xml(members(first)[summary_member(first)])
    a1 = sheet.find(".//m:c[@r='A1']", NS)
    assert a1.get("t") == "inlineStr" and a1.find("m:is/m:t", NS).text == "Sales summary"
    xf = after.find("m:cellXfs", NS)[int(a1.get("s"))]
    font = after.find("m:fonts", NS)[int(xf.get("fontId"))]
    assert font.find("m:b", NS) is not None
    assert b"salesxl summary" in members(first)[summary_member(first)]
    assert sheet.find(".//m:sheetView", NS).get("tabSelected") is None
    wb = xml(members(first)["xl/workbook.xml"])
    index = [e.get("name") for e in wb.find("m:sheets", NS)].index("Summary")
    area = [d for d in wb.iterfind("m:definedNames/m:definedName", NS)
            if d.get("name") == "_xlnm.Print_Area"]
    assert [(d.get("localSheetId"), d.text.split("!")[0]) for d in area] == [(str(index),
                                                                              "Summary")]


def test_a_rebuild_without_a_pivot_leaves_no_orphans(built, tmp_path):
    original, first, _, _ = built
    book = shutil.copy(first, tmp_path / "book.xlsx")
    scratch = tmp_path / "scratch.xlsx"
    wb = xlsxwriter.Workbook(scratch)
    wb.add_worksheet("Summary").write(0, 0, "salesxl summary, no charts")
    wb.close()
    before = members(first)
    report = graft_sheet(book, "Summary", scratch.read_bytes(), backup=False)
    after = members(book)
    assert report.replaced_sheet
    gone = set(before) - set(after)
    assert all(n.startswith(("xl/charts/", "xl/drawings/", "xl/pivot")) or n.endswith(".rels")
               for n in gone)
    assert set(after) - set(members(original)) == {summary_member(book),
                                                    summary_member(book, "Stale deals"),
                                                    summary_member(book, "After the sale")}
    assert b"pivotCache" not in after["xl/workbook.xml"]
    assert b"pivotCache" not in after["xl/_rels/workbook.xml.rels"]
    assert b"chart" not in after["[Content_Types].xml"]
    assert set(after) - set(before) == set()


def test_a_sheet_named_summary_made_by_someone_else_is_not_replaced(tmp_path):
    book = team_book(tmp_path / "mine.xlsx", extra_sheets={"Summary": [["My", "notes"]]})
    data = book.read_bytes()
    with pytest.raises(WorkbookError, match="not made by salesxl"):
        summary(book, today=TODAY)
    assert book.read_bytes() == data


def test_a_workbook_open_in_excel_is_refused(tmp_path):
    book = team_book(tmp_path / "open.xlsx")
    (tmp_path / "~$open.xlsx").write_bytes(b"lock")
    with pytest.raises(WorkbookLockedError):
        summary(book, today=TODAY)


def test_korean_workbook_gets_a_korean_summary(tmp_path):
    book = team_book(tmp_path / "ko.xlsx", lang="ko")
    s = summary(book, today=TODAY, by_rep=False)
    assert s.sheet == "요약"
    sheet = members(book)[summary_member(book, "요약")].decode()
    assert "영업 요약" in sheet and "제안·반론 대응" in sheet and "합계" in sheet
    assert s.pipeline.loc[TOTAL, ("amount", TOTAL)] == 4700.0


def test_png_charts(tmp_path):
    pytest.importorskip("matplotlib")
    book = team_book(tmp_path / "png.xlsx", lang="ko")
    s = summary(book, today=TODAY, png=tmp_path / "png", write=False)
    assert [p.name for p in s.png] == [f"{k}.png" for k in s.charts]
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in s.png)
    assert s.path is None  # write=False: the workbook is untouched


def test_png_without_a_korean_font_is_still_written_with_a_note(tmp_path, monkeypatch):
    pytest.importorskip("matplotlib")
    from salesxl.io.parts import charts

    monkeypatch.setattr(charts, "find_cjk_font", lambda: None)
    spec = charts.ChartSpec("funnel", "bar", "퍼널", ["리드 발굴", "주문 완료"], first_row=0,
                            cat_col=0, series=[charts.Series("도달", [9, 2], col=1)])
    path, note = charts.write_png(spec, tmp_path)
    assert path.read_bytes()[:4] == b"\x89PNG"
    assert note is not None and "fonts-noto-cjk" in note


def test_a_hand_made_leads_sheet_without_a_table(tmp_path):
    book = tmp_path / "hand.xlsx"
    wb = xlsxwriter.Workbook(book)
    ws = wb.add_worksheet("Leads")
    ws.write_row(0, 0, ["Rep", "Company", "Stage", "Amount", "Notes"])
    ws.write_row(1, 0, ["Kim", "Apex", "Proposal", 100])
    ws.write_row(2, 0, ["Lee", "Bright", "Won", 50])
    ws.write_row(3, 0, ["Kim", "Crescent", "Closing", 25, "call back"])
    wb.close()
    s = summary(book, today=TODAY)
    assert s.by_rep  # two reps
    assert s.pivot == "Summary!AB33:AE36"  # 2 header rows, Kim, total; rep, 2 stages, total
    with zipfile.ZipFile(book) as zf:
        cache = xml(zf.read("xl/pivotCache/pivotCacheDefinition1.xml"))
    source = cache.find("m:cacheSource/m:worksheetSource", NS)
    assert (source.get("sheet"), source.get("ref")) == ("Leads", "A1:E4")
    assert s.pipeline.loc[TOTAL, ("amount", TOTAL)] == 125.0


def test_cli_prints_the_headline_figures(built, tmp_path):
    _, first, _, _ = built
    book = shutil.copy(first, tmp_path / "cli.xlsx")
    result = CliRunner().invoke(cli, ["summary", str(book), "--today", "2026-11-27"])
    assert result.exit_code == 0, result.output
    assert "Open deals" in result.output and "4,700" in result.output
    assert "After the sale" in result.output and "After-sale sheet" in result.output
    assert "No back-test of the learned win probability" in " ".join(result.output.split())
    missing = CliRunner().invoke(cli, ["summary", str(tmp_path / "nope.xlsx")])
    assert missing.exit_code == 3
