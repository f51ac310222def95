"""LibreOffice opens salesxl's workbooks and recalculates their formulas to the right values.

One soffice run converts every workbook of this module. Cached formula values are zeroed in
the copies first, so the figures below can only come from LibreOffice recalculating.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from libreoffice import convert_all_sheets, soffice

from salesxl.commands.init import TEMPLATE_NAMES
from salesxl.core.config import Config
from salesxl.core.schema import LEADS
from salesxl.io.template import write_team_workbook

REPO = Path(__file__).resolve().parent.parent
pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed"),
]
_CACHED = re.compile(rb"(<f>[^<]*</f>)<v>[^<]*</v>")


def _zero_cached_values(src: Path, dst: Path) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename.startswith("xl/worksheets/"):
                data = _CACHED.sub(rb"\1<v>0</v>", data)
            zout.writestr(info, data)
    return dst


@pytest.fixture(scope="module")
def lo_run(tmp_path_factory, small_team):
    tmp = tmp_path_factory.mktemp("lo")
    rep = small_team[0]
    cfg = Config.default(language=rep.lang)
    demo_book = write_team_workbook(tmp / "demo_rep_src.xlsx", cfg, rep.tables(), lang=rep.lang)
    books = {
        "demo": _zero_cached_values(demo_book, tmp / "demo_rep.xlsx"),
        "ko": REPO / "workbooks" / TEMPLATE_NAMES["ko"],
        "en": REPO / "workbooks" / TEMPLATE_NAMES["en"],
    }
    sheets = convert_all_sheets(list(books.values()), tmp)
    return {name: sheets[path] for name, path in books.items()}, rep, cfg


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_templates_open_with_every_sheet(lo_run, lang):
    sheets, _, _ = lo_run
    got = sheets[lang]
    assert LEADS.label(lang) in got
    assert got[LEADS.label(lang)][0] == [c.label(lang) for c in LEADS.columns]
    config = "설정" if lang == "ko" else "Config"
    stages = [row[0] for row in got[config]]
    assert "prospecting" in stages and "won" in stages


def test_weighted_amount_formulas_recalculate(lo_run):
    sheets, rep, cfg = lo_run
    rows = sheets["demo"][LEADS.label(rep.lang)]
    header = rows[0]
    c_weighted = header.index(LEADS.column("weighted_amount").label(rep.lang))
    c_id = header.index(LEADS.column("lead_id").label(rep.lang))
    shown = {r[c_id]: r[c_weighted] for r in rows[1:] if r[c_id]}
    checked = 0
    for lead in rep.leads:
        amount, prob = lead["deal_amount"], lead["probability"]
        if amount is None:
            assert shown[lead["lead_id"]] == ""
            continue
        if prob is None:
            prob = cfg.stage(lead["stage"]).probability
        expected = amount * prob
        got = float(re.sub(r"[^0-9.\-]", "", shown[lead["lead_id"]]))
        assert got == pytest.approx(expected, abs=0.5), lead["lead_id"]
        checked += 1
    assert checked >= 3  # the fixture has deals with and without their own probability
    assert any(float(re.sub(r"[^0-9.\-]", "", v) or 0) > 0 for v in shown.values())
