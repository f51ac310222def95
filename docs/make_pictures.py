"""Render the README's pictures of the team workbook with headless LibreOffice.

Run: `python docs/make_pictures.py` (needs soffice, pdftoppm and a CJK font such as
Debian's fonts-noto-cjk). Writes docs/team-workbook-en.png and docs/team-workbook-ko.png.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import tempfile
from pathlib import Path

from salesxl.commands.demo_data import make_team
from salesxl.core.config import Config
from salesxl.io.template import write_team_workbook

DOCS = Path(__file__).resolve().parent
TODAY = dt.date(2026, 11, 27)


KEY_COLUMNS = {"lead_id", "company", "source_type", "tier", "budget_amount", "stage",
               "deal_amount", "weighted_amount", "next_follow_up_on", "follow_up_status",
               "bant_status", "bant_score", "bant_missing"}


def _show_key_columns(book: Path) -> None:
    """Picture only: hide the less telling Leads columns and fit one page wide."""
    import openpyxl

    from salesxl.core.schema import LEADS

    wb = openpyxl.load_workbook(book)
    ws = wb.worksheets[0]
    for i, col in enumerate(LEADS.columns, start=1):
        dim = ws.column_dimensions[openpyxl.utils.get_column_letter(i)]
        dim.min = dim.max = i  # openpyxl groups equal neighbours; hide one column at a time
        dim.hidden = col.key not in KEY_COLUMNS
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_area = f"A1:{openpyxl.utils.get_column_letter(len(LEADS.columns))}32"
    wb.save(book)


def render(lang: str, tmp: Path) -> Path:
    team = make_team(reps=3, leads=90, seed=7, today=TODAY)
    rep = next(r for r in team if r.lang == lang)
    book = write_team_workbook(tmp / f"team-workbook-{lang}.xlsx",
                               Config.default(language=lang),  # type: ignore[arg-type]
                               rep.tables(), lang=lang)
    from salesxl.commands.followups import followups
    from salesxl.commands.validate import validate

    validate(book, TODAY)
    followups(book, TODAY)
    _show_key_columns(book)
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp),
                    str(book)], check=True, capture_output=True, timeout=300)
    pdf = book.with_suffix(".pdf")
    subprocess.run(["pdftoppm", "-r", "80", "-f", "1", "-l", "1", "-png", "-singlefile",
                    str(pdf), str(tmp / book.stem)], check=True, timeout=120)
    out = DOCS / f"{book.stem}.png"
    shutil.copy(tmp / f"{book.stem}.png", out)
    return out


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as d:
        for language in ("en", "ko"):
            print("wrote", render(language, Path(d)))
