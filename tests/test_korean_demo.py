"""`salesxl demo` in a Korean run prints its table in Korean: what it made and what each step
did, apart from command names, file names and a few words Korean teams use as they are."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from salesxl.cli import cli

WORD = re.compile(r"[A-Za-z][A-Za-z]+")
# the commands the demo runs, the product, acronyms teams use as they are, the report's and
# the calendar's file names, and the option shown for the learned probability's report
ALLOWED = {"salesxl", "export", "validate", "followups", "advance", "convert", "consolidate",
           "score", "summary", "BANT", "ISO", "AUC", "PNG", "xlsx", "ics", "conversion",
           "report", "team", "reps", "legacy", "exports", "converted", "charts", "follow",
           "ups", "demo", "LibreOffice"}
CELL = re.compile(r"^[A-Z]{1,3}$")


def test_the_demo_table_is_korean(tmp_path: Path) -> None:
    import salesxl.cli as command

    widths = command.out._width, command.err._width
    command.out.width = command.err.width = 400  # nothing folds mid-word
    try:
        result = CliRunner().invoke(cli, ["demo", "--out", str(tmp_path / "데모"), "--reps", "2",
                                          "--leads", "40", "--today", "2026-12-07",
                                          "--lang", "ko"])
    finally:
        command.out._width, command.err._width = widths
    assert result.exit_code == 0, result.output
    text = (result.stdout + result.stderr).replace(str(tmp_path), "")
    for words in ("표준 열 이름, ISO 날짜", "BANT 검증", "후속 연락", "중복 병합", "피벗 테이블"):
        assert words in text, text
    rep_names = {w for line in text.splitlines() for w in re.findall(r"R\d\d-\S+", line)}
    english = {w for w in WORD.findall(text) if w not in ALLOWED and not CELL.match(w)
               and not any(w in name for name in rep_names)}
    assert not english, (english, text)
