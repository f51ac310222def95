"""A recalculated copy of a workbook, made by headless LibreOffice (``--recalc``).

A file written by a script (openpyxl, pandas, a reporting tool) and never opened in Excel
holds formulas without their values: every reader, salesxl's included, sees those cells as
blank. With ``--recalc`` salesxl asks LibreOffice (``soffice --headless --convert-to xlsx``,
with a private profile that recalculates every formula on load) for a copy with the values
computed, and reads the values from that copy. The user's workbook is never replaced by
LibreOffice's copy: a command that writes still writes into the original file, cell by cell.

Example:
    >>> with recalculated("script-made.xlsx") as copy:  # doctest: +SKIP
    ...     data = read_workbook(copy)
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from salesxl.core.errors import WorkbookError

TIMEOUT = 300
"""Seconds LibreOffice may take for one workbook."""

_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def soffice() -> str | None:
    """The LibreOffice program, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


@contextlib.contextmanager
def recalculated(path: str | Path) -> Iterator[Path]:
    """A copy of `path` with every formula's value computed by LibreOffice (deleted after).

    Raises:
        WorkbookError: LibreOffice is not installed, fails or takes too long.
    """
    src = Path(path)
    exe = soffice()
    if exe is None:
        raise WorkbookError("--recalc needs LibreOffice, which is not installed here: install "
                            "it (Debian/Ubuntu: apt-get install libreoffice-calc-nogui), or open "
                            "and save {path} in Excel or LibreOffice so the values are stored",
                            path=src)
    with tempfile.TemporaryDirectory(prefix="salesxl-recalc-") as tmp:
        work = Path(tmp)
        profile = work / "profile"
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(_PROFILE, encoding="utf-8")
        inbox, outbox = work / "in", work / "out"
        inbox.mkdir()
        copy = inbox / f"book{src.suffix.lower()}"  # a plain name: any bytes in the user's
        shutil.copyfile(src, copy)                   # file name stay out of LibreOffice's way
        try:
            proc = subprocess.run(
                [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                 "--convert-to", "xlsx", "--outdir", str(outbox), str(copy)],
                capture_output=True, text=True, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            raise WorkbookError("{path}: LibreOffice took more than {n} seconds to recalculate "
                                "it; open and save it in Excel instead", path=src,
                                n=TIMEOUT) from None
        result = outbox / "book.xlsx"  # values only are read from it: .xlsx for .xlsm too
        if proc.returncode != 0 or not result.is_file():
            raise WorkbookError("{path}: LibreOffice could not recalculate it ({detail}); open "
                                "and save it in Excel instead", path=src,
                                detail=(proc.stderr or proc.stdout).strip()[:200]
                                or f"exit {proc.returncode}")
        yield result
