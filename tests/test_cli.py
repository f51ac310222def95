"""The salesxl command: exit codes, messages that name the place, no tracebacks for mistakes."""

from __future__ import annotations

import json
import subprocess
import sys

import pyarrow.parquet as pq
from click.testing import CliRunner

from salesxl.cli import cli


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_python_dash_m_runs():
    proc = subprocess.run([sys.executable, "-m", "salesxl", "--version"], capture_output=True,
                          text=True, check=True)
    assert "salesxl" in proc.stdout


def test_init_then_export_an_empty_workbook(tmp_path):
    book = tmp_path / "mine.xlsx"
    result = run("init", str(book), "--lang", "en")
    assert result.exit_code == 0, result.output
    assert book.exists()
    result = run("export", str(book), "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []


def test_init_refuses_to_overwrite_with_exit_2(tmp_path):
    book = tmp_path / "mine.xlsx"
    run("init", str(book))
    result = run("init", str(book))
    assert result.exit_code == 2
    assert "already exists" in result.output and "--force" in result.output


def test_usage_errors_exit_2(tmp_path):
    assert run("init", str(tmp_path / "x.xlsx"), "--lang", "fr").exit_code == 2
    assert run("export", str(tmp_path / "x.xlsx"), "--format", "parquet").exit_code in (2, 3)


def test_bad_input_exits_3_with_the_file_named_and_no_traceback(tmp_path):
    bad = tmp_path / "broken.xlsx"
    bad.write_bytes(b"this is not a workbook")
    result = run("export", str(bad))
    assert result.exit_code == 3
    assert "broken.xlsx" in result.output
    assert "Traceback" not in result.output


def test_export_formats_agree(tmp_path, small_team):
    from salesxl.core.config import Config
    from salesxl.io.template import write_team_workbook

    rep = small_team[0]
    book = write_team_workbook(tmp_path / "rep.xlsx", Config.default(language=rep.lang),
                               rep.tables(), lang=rep.lang)
    as_json = json.loads(run("export", str(book), "--format", "json").stdout)
    assert len(as_json) == len(rep.leads)
    first, lead = as_json[0], rep.leads[0]
    assert first["lead_id"] == lead["lead_id"]
    assert first["created_on"] == lead["created_on"].isoformat()
    assert first["stage"] == lead["stage"]  # canonical key, not the Korean label
    assert set(first) >= {"bant_status", "next_follow_up_on", "notes"}  # every column a key
    csv_text = run("export", str(book), "--format", "csv").stdout
    assert csv_text.splitlines()[0].startswith("lead_id,created_on,rep,company")
    assert len(csv_text.splitlines()) == len(rep.leads) + 1
    out = tmp_path / "leads.parquet"
    assert run("export", str(book), "--format", "parquet", "-o", str(out)).exit_code == 0
    table = pq.read_table(out)
    assert table.num_rows == len(rep.leads)
    history = json.loads(run("export", str(book), "--table", "history", "--format",
                             "json").stdout)
    assert len(history) == len(rep.history)


def test_demo_is_byte_identical_for_a_seed_and_a_day(tmp_path):
    """Same --seed and --today: every file the demo writes has the same bytes (one run moved
    aside, the other written to the same folder, since files record their own paths)."""
    import shutil

    args = ["--reps", "2", "--leads", "24", "--seed", "3", "--today", "2026-11-27"]
    out, first = tmp_path / "demo", tmp_path / "first"
    assert run("demo", "--out", str(out), *args).exit_code == 0
    shutil.move(out, first)
    assert run("demo", "--out", str(out), *args).exit_code == 0
    files = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    assert len(files) >= 10 and any(f.suffix == ".ics" for f in files)
    assert files == sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    for f in files:
        assert (out / f).read_bytes() == (first / f).read_bytes(), f
    changed = run("demo", "--out", str(tmp_path / "other"), *args[:-1], "2026-11-28")
    assert changed.exit_code == 0  # another day: other stamps (the test can fail)
    assert (tmp_path / "other" / "team.xlsx").read_bytes() != (out / "team.xlsx").read_bytes()
