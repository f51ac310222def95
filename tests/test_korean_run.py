"""A Korean rep's run speaks Korean: no English word in what the commands print or in the
cells salesxl writes, apart from names and IDs the rep typed, file names, cell references,
command options and a few words Korean teams use as they are (BANT, salesxl)."""

from __future__ import annotations

import datetime as dt
import re
import warnings

import openpyxl
import pytest
from click.testing import CliRunner

from salesxl.cli import cli
from salesxl.commands.demo_data import make_team
from salesxl.core.config import Config
from salesxl.core.schema import LEADS
from salesxl.io.template import write_team_workbook

TODAY = "2026-12-07"
WORD = re.compile(r"[A-Za-z][A-Za-z]+")
# command options, the product's name, the BANT acronym, file extensions
ALLOWED = {"salesxl", "BANT", "all", "json", "force", "reason", "to", "ics", "xlsx", "xlsm",
           "csv", "lead", "rep", "mapping", "today", "lang", "backup",
           "SalesTeam", "ko", "validate", "followups", "advance", "summary", "score",
           "customers"}
CELL = re.compile(r"^[A-Z]{1,3}$")  # the column letters of a cell reference


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    team = make_team(reps=3, leads=90, seed=3, today=dt.date(2026, 12, 7))
    rep = next(r for r in team if r.lang == "ko")
    folder = tmp_path_factory.mktemp("korean")
    book = write_team_workbook(folder / "영업 리드.xlsx", Config.default(language="ko"),
                               rep.tables(), lang="ko")
    typed = {w for lead in rep.leads for v in lead.values() if isinstance(v, str)
             for w in WORD.findall(v)} | set(WORD.findall(str(folder)))  # the file's path
    import salesxl.cli as command

    runner = CliRunner()
    outputs = {}
    widths = command.out._width, command.err._width
    command.out.width = command.err.width = 400  # a wide terminal: nothing folds mid-word
    for args in (["validate", book, "--today", TODAY],
                 ["followups", book, "--today", TODAY, "--ics", folder / "일정.ics"],
                 ["advance", book, "--lead", rep.leads[0]["lead_id"], "--today", TODAY],
                 ["score", book, "--today", TODAY],
                 ["summary", book, "--today", TODAY]):
        result = runner.invoke(cli, [str(a) for a in args])
        assert result.exit_code in (0, 1), result.output
        outputs[args[0]] = (result.stdout + result.stderr).replace(str(folder), "")
    command.out._width, command.err._width = widths
    return book, outputs, typed


def _english(text: str, typed: set[str]) -> set[str]:
    return {w for w in WORD.findall(text)
            if w not in ALLOWED and w not in typed and not CELL.match(w)}


@pytest.mark.parametrize("command", ["validate", "followups", "advance", "score", "summary"])
def test_what_the_command_prints_is_korean(run, command: str) -> None:
    _, outputs, typed = run
    text = outputs[command]
    assert re.search("[가-힣]", text), text  # it printed something, in Korean
    assert not _english(text, typed), text


def test_the_cells_salesxl_writes_are_korean(run) -> None:
    book, _, typed = run
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        wb = openpyxl.load_workbook(book)
    leads = wb["리드"]
    computed = [i + 1 for i, c in enumerate(LEADS.columns) if c.computed
                and c.key not in ("bant_missing",)]  # B,A,N,T letters
    texts = [leads.cell(r, c).value for r in range(1, leads.max_row + 1) for c in computed]
    texts += [leads.cell(1, c).value for c in range(1, len(LEADS.columns) + 1)]
    for sheet in ("시작하기", "플레이북"):
        texts += [v for row in wb[sheet].iter_rows(values_only=True) for v in row]
    shown = [t for t in texts if isinstance(t, str) and not t.startswith("=")]  # not formulas
    found = _english(" ".join(shown), typed)
    assert not found, found
