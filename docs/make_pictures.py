"""Render the README's pictures of the team workbook with headless LibreOffice.

Run: `python docs/make_pictures.py` (needs soffice, pdftoppm, Debian's python3-uno and a CJK
font such as fonts-noto-cjk). Writes docs/team-workbook-{en,ko}.png (the Leads sheet) and
docs/summary-{en,ko}.png (the first screen of the Summary, A1:L30, of the demo team).
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


# What a rep sees scrolled to the follow-up columns: the frozen columns up to the company
# stay on screen beside them.
FOLLOW_UP_VIEW = {"lead_id", "created_on", "rep", "company", "tier", "stage", "next_step",
                  "last_contact_on", "next_follow_up_on", "follow_up_channel",
                  "follow_up_status"}


def _show_key_columns(book: Path, keys: set[str] = KEY_COLUMNS) -> None:
    """Picture only: hide the less telling Leads columns and fit one page wide."""
    import openpyxl

    from salesxl.core.schema import LEADS

    wb = openpyxl.load_workbook(book)
    ws = wb[LEADS.label("ko")] if LEADS.label("ko") in wb.sheetnames else wb[LEADS.label("en")]
    for i, col in enumerate(LEADS.columns, start=1):
        dim = ws.column_dimensions[openpyxl.utils.get_column_letter(i)]
        dim.min = dim.max = i  # openpyxl groups equal neighbours; hide one column at a time
        dim.hidden = col.key not in keys
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_area = f"A1:{openpyxl.utils.get_column_letter(len(LEADS.columns))}32"
    wb.save(book)


def _sheet_pdf(book: Path, sheet: str, area: str, tmp: Path, name: str,
               dpi: str = "90") -> Path:
    """One sheet's area as LibreOffice prints it, as docs/<name>.png."""
    pdf = tmp / f"{name}.pdf"
    script = tmp / "uno_export.py"
    script.write_text(UNO_EXPORT)
    subprocess.run(["/usr/bin/python3", str(script), str(tmp / f"lo-{name}"), str(book), sheet,
                    area, str(pdf)], check=True, capture_output=True, timeout=300)
    subprocess.run(["pdftoppm", "-r", dpi, "-f", "1", "-l", "1", "-png", "-singlefile",
                    str(pdf), str(tmp / name)], check=True, timeout=120)
    out = DOCS / f"{name}.png"
    shutil.copy(tmp / f"{name}.png", out)
    return out


def render_korean_views(tmp: Path) -> list[Path]:
    """The Korean Leads sheet scrolled to the follow-up columns (the company still in view),
    and the first page of the Playbook."""
    from salesxl.commands.followups import followups
    from salesxl.commands.validate import validate
    from salesxl.core.schema import LEADS

    team = make_team(reps=3, leads=90, seed=7, today=TODAY)
    rep = next(r for r in team if r.lang == "ko")
    book = write_team_workbook(tmp / "ko-views.xlsx", Config.default(language="ko"),
                               rep.tables(), lang="ko")
    validate(book, TODAY)
    followups(book, TODAY)
    _show_key_columns(book, FOLLOW_UP_VIEW)
    last = len(LEADS.columns)
    import openpyxl

    end = openpyxl.utils.get_column_letter(last)
    return [_sheet_pdf(book, "리드", f"A1:{end}24", tmp, "leads-follow-ups-ko"),
            _sheet_pdf(book, "플레이북", "A1:F8", tmp, "playbook-ko", dpi="110")]


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


UNO_EXPORT = r'''
import os, subprocess, sys, time, uno
from com.sun.star.beans import PropertyValue

def prop(name, value):
    p = PropertyValue(); p.Name = name; p.Value = value; return p

profile, book, sheet, area, out = sys.argv[1:6]
port = 2002 + os.getpid() % 1000
office = subprocess.Popen(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                           "--norestore", f"--accept=socket,host=127.0.0.1,port={port};urp;"])
try:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(120):
        try:
            ctx = resolver.resolve(f"uno:socket,host=127.0.0.1,port={port};urp;"
                                   "StarOffice.ComponentContext")
            break
        except Exception:
            time.sleep(0.5)
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(book), "_blank", 0,
                                       (prop("Hidden", True),))
    target = doc.Sheets.getByName(sheet)
    target.setPrintAreas((target.getCellRangeByName(area).RangeAddress,))
    style = doc.StyleFamilies.getByName("PageStyles").getByName(target.PageStyle)
    style.ScaleToPagesX, style.ScaleToPagesY = 1, 1
    filt = uno.Any("[]com.sun.star.beans.PropertyValue", (prop("Selection", target),))
    doc.storeToURL(uno.systemPathToFileUrl(out), (prop("FilterName", "calc_pdf_Export"),
                                                  prop("FilterData", filt)))
    doc.close(True)
finally:
    try:
        desktop.terminate()
    except Exception:
        pass
    office.wait(timeout=60)
'''


def render_summary(lang: str, tmp: Path) -> Path:
    """The Summary's first screen (A1:L30) of the demo team, as LibreOffice draws it."""
    from salesxl.commands.score import score
    from salesxl.commands.summary import summary

    team = make_team(reps=5, leads=400, seed=7, today=TODAY)
    rows = {key: [row for rep in team for row in rep.tables()[key]] for key in team[0].tables()}
    rows["targets"] = [t for t in rows["targets"] if t["rep"] is not None] + \
        [t for t in team[0].targets if t["rep"] is None]  # the team's rows once
    book = write_team_workbook(tmp / f"summary-{lang}.xlsx",
                               Config.default(language=lang),  # type: ignore[arg-type]
                               rows, lang=lang)
    score(book, TODAY)  # as `salesxl demo` does: the headline shows both weighted forecasts
    s = summary(book, today=TODAY)
    pdf = tmp / f"summary-{lang}.pdf"
    script = tmp / "uno_export.py"
    script.write_text(UNO_EXPORT)
    subprocess.run(["/usr/bin/python3", str(script), str(tmp / f"lo-{lang}"), str(book),
                    str(s.sheet), "A1:L30", str(pdf)], check=True, capture_output=True,
                   timeout=300)
    subprocess.run(["pdftoppm", "-r", "110", "-f", "1", "-l", "1", "-png", "-singlefile",
                    str(pdf), str(tmp / f"summary-{lang}")], check=True, timeout=120)
    out = DOCS / f"summary-{lang}.png"
    shutil.copy(tmp / f"summary-{lang}.png", out)
    return out


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as d:
        for language in ("en", "ko"):
            print("wrote", render(language, Path(d)))
            print("wrote", render_summary(language, Path(d)))
        for picture in render_korean_views(Path(d)):
            print("wrote", picture)
