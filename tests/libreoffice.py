"""Headless LibreOffice as an oracle: open workbooks, recalculate every formula, read values.

One `soffice` process converts many workbooks at once (it is slow to start). A private user
profile sets "recalculate on load: always" for OOXML files, so cached values in the files
cannot hide a wrong formula.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

PROFILE_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""
# CSV filter: comma, double quote, UTF-8 (76), first line 1, ..., formulas as values, all sheets (-1)
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_all_sheets(books: list[Path], workdir: Path) -> dict[Path, dict[str, list[list[str]]]]:
    """Each book -> sheet name -> rows of displayed text, as LibreOffice computed them."""
    exe = soffice()
    assert exe, "LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui"
    profile = workdir / "lo-profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(PROFILE_XCU)
    outdir = workdir / "lo-out"
    outdir.mkdir(exist_ok=True)
    proc = subprocess.run(
        [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", CSV_FILTER, "--outdir", str(outdir), *map(str, books)],
        capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    result: dict[Path, dict[str, list[list[str]]]] = {}
    for book in books:
        sheets: dict[str, list[list[str]]] = {}
        for f in outdir.glob(f"{book.stem}-*.csv"):
            sheet = f.stem[len(book.stem) + 1:]
            with f.open(encoding="utf-8", newline="") as fh:
                sheets[sheet] = list(csv.reader(fh))
        assert sheets, f"LibreOffice wrote nothing for {book}: {proc.stdout} {proc.stderr}"
        result[book] = sheets
    return result
