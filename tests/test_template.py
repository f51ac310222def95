"""`salesxl init` writes a polished team workbook; the committed copies equal a fresh build."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from salesxl.commands.init import TEMPLATE_NAMES, build_templates, init
from salesxl.core.config import Config
from salesxl.core.schema import LEADS, TABLES

REPO = Path(__file__).resolve().parent.parent


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def test_committed_workbooks_equal_a_fresh_build(tmp_path):
    fresh = build_templates(tmp_path)
    for path in fresh:
        committed = REPO / "workbooks" / path.name
        assert committed.exists(), f"run `salesxl templates` to create {committed}"
        assert _members(committed) == _members(path), (
            f"{committed} differs from what the generator makes: run `salesxl templates`")


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_template_has_tables_validation_formats_and_highlights(tmp_path, lang):
    path = init(tmp_path / f"team-{lang}.xlsx", lang=lang)
    wb = openpyxl.load_workbook(path)
    leads = wb[LEADS.label(lang)]
    assert wb.sheetnames[:2] == ["시작하기" if lang == "ko" else "Start here", LEADS.label(lang)]
    company_letter = openpyxl.utils.get_column_letter(LEADS.keys.index("company") + 1)
    for table in TABLES.values():
        ws = wb[table.label(lang)]
        assert len(ws.tables) == 1, table.key
        # the header row stays; on Leads the columns up to the company stay in view too
        assert ws.freeze_panes == ("E2" if table.key == "leads" else "A2"), table.key
        headers = [c.value for c in ws[1]]
        assert headers == [c.label(lang) for c in table.columns]
        for c, col in enumerate(table.columns, start=1):  # computed: grey and locked
            fmt = ws.cell(1, c).fill.fgColor.rgb
            assert (fmt == "FF7F7F7F") == col.computed, (table.key, col.key, fmt)
            body = next(d for d in ws.column_dimensions.values() if d.min <= c <= d.max)
            assert body.protection.locked is col.computed, (table.key, col.key)
    assert company_letter == "D"
    acts = wb[TABLES["activities"].label(lang)]
    dvs = {str(dv.sqref).split(":")[0]: dv for dv in acts.data_validations.dataValidation}
    assert dvs["A2"].formula1 == "salesxl_lead_id_list"  # lead IDs offered as a dropdown
    # dropdowns for choices, including stages from the Config sheet
    sqrefs = {str(dv.sqref).split(":")[0]: dv for dv in leads.data_validations.dataValidation}
    stage_col = LEADS.keys.index("stage")
    stage_dv = sqrefs[f"{openpyxl.utils.get_column_letter(stage_col + 1)}2"]
    assert stage_dv.type == "list" and stage_dv.formula1 == "salesxl_stages"
    tier_dv = sqrefs[f"{openpyxl.utils.get_column_letter(LEADS.keys.index('tier') + 1)}2"]
    assert tier_dv.formula1 == '"A,B,C,D"'
    # conditional formatting: overdue, stale, unqualified, score bars
    formulas = " ".join(f for rng in leads.conditional_formatting for r in rng.rules
                        for f in (r.formula or []))
    assert "TODAY()" in formulas and "salesxl_rotting_days" in formulas
    unqualified = "부적격" if lang == "ko" else "Unqualified"
    assert f'"{unqualified}"' in formulas
    # number formats: amounts in won, dates ISO
    budget_letter = openpyxl.utils.get_column_letter(LEADS.keys.index("budget_amount") + 1)
    assert "₩" in leads.column_dimensions[budget_letter].number_format
    names = set(wb.defined_names)
    assert {"salesxl_stages", "salesxl_rotting_days", "salesxl_probabilities",
            "salesxl_lead_ids", "salesxl_lead_companies", "salesxl_lead_id_list",
            "salesxl_sources"} <= names
    playbook = wb["플레이북" if lang == "ko" else "Playbook"]
    texts = [c.value for row in playbook.iter_rows() for c in row if isinstance(c.value, str)]
    stage_rows = [row[0].value for row in playbook.iter_rows(min_row=6, max_row=16)]
    assert stage_rows[:6] == [s.label(lang) for s in Config.default().stages][:6]
    assert sum(("BANT" in t) for t in texts) >= 2  # the qualification stage's BANT questions
    closing = "가정 클로징" if lang == "ko" else "Assumptive close"
    assert closing in texts


def test_stage_dropdown_names_the_pipeline_labels(tmp_path):
    path = init(tmp_path / "t.xlsx", lang="ko", pipeline="short")
    wb = openpyxl.load_workbook(path)
    dest = wb.defined_names["salesxl_stages"].attr_text
    sheet, rng = dest.split("!")
    cells = wb[sheet.strip("'")][rng.replace("$", "")]
    labels = [row[0].value for row in cells]
    assert labels == [s.ko for s in Config.default("short").stages]


def test_init_refuses_to_overwrite(tmp_path):
    from salesxl.core.errors import UsageError

    path = init(tmp_path / "t.xlsx")
    before = path.read_bytes()
    with pytest.raises(UsageError, match="already exists"):
        init(path)
    assert path.read_bytes() == before
    init(path, lang="en", force=True)
    assert path.read_bytes() != before


def test_template_names_cover_both_languages():
    assert set(TEMPLATE_NAMES) == {"ko", "en"}
