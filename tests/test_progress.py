"""Progress of long commands: each announces reading, rules and writing in that order; a bar
shows the phases on a terminal after a delay, and nothing is drawn when the output is piped."""

from __future__ import annotations

import datetime as dt
import io
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.console import Console
from teambook import fill, new_book

import salesxl
from salesxl.cli import cli
from salesxl.core.progress import phase, reporting
from salesxl.progress_bar import progress_bar

D = dt.date
TODAY = D(2026, 11, 27)


@pytest.fixture
def book(tmp_path: Path) -> Path:
    path = new_book(tmp_path / "team.xlsx", lang="ko")
    return fill(path, {"leads": [
        {"lead_id": "L-1", "rep": "김", "company": "한빛", "tier": "A", "stage": "리드 검증",
         "created_on": D(2026, 11, 2), "deal_amount": 5_000_000},
        {"lead_id": "L-2", "rep": "이", "company": "누리", "tier": "B", "stage": "제안·반론 대응",
         "created_on": D(2026, 10, 5), "deal_amount": 9_000_000}]}, lang="ko")


@pytest.mark.parametrize("command", ["validate", "followups", "summary", "advance"])
def test_every_long_command_announces_its_phases_in_order(book: Path, command: str) -> None:
    seen: list[str] = []
    with reporting(seen.append):
        if command == "advance":
            salesxl.advance(book, "L-2", force=True, reason="test", by="kim", today=TODAY)
        else:
            getattr(salesxl, command)(book, today=TODAY)
    assert seen == ["read", "rules", "write"]


def test_export_announces_its_phases(book: Path) -> None:
    seen: list[str] = []
    with reporting(seen.append):
        salesxl.export(book)
    assert seen == ["read", "rules", "write"]


def test_a_terminal_sees_each_phase_once_the_delay_has_passed() -> None:
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=100, color_system=None)
    with progress_bar("salesxl validate", console=console, delay=0.05):
        for name in ("read", "rules", "write"):
            phase(name)  # type: ignore[arg-type]
            time.sleep(0.4)  # rich redraws ten times a second
    drawn = screen.getvalue()
    for words in ("reading the workbook", "applying the rules", "writing the workbook"):
        assert f"salesxl validate: {words}" in drawn


def test_a_quick_run_draws_nothing() -> None:
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=100, color_system=None)
    with progress_bar("salesxl validate", console=console, delay=5):
        phase("read")
    assert screen.getvalue() == ""


def test_piped_output_has_no_bar(book: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", str(book), "--today", "2026-11-27"])
    assert result.exit_code == 0, result.output
    for words in ("통합 문서 읽는 중", "규칙 적용 중", "reading the workbook"):
        assert words not in result.output


def test_a_pipe_gets_no_bar_however_long_the_run() -> None:
    screen = io.StringIO()  # not a terminal: output piped to a file or another program
    with progress_bar("salesxl validate", console=Console(file=screen), delay=0.0):
        for name in ("read", "rules", "write"):
            phase(name)  # type: ignore[arg-type]
            time.sleep(0.2)
    assert screen.getvalue() == ""
