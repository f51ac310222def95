"""Files as users have them: folders, pipes, looping links, misnamed files, CP949 file names,
huge CSV cells, legacy files in a rep folder, a reader that dies in a batch."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from salesxl.cli import cli
from salesxl.commands.consolidate import consolidate
from salesxl.commands.convert.runner import run_tasks
from salesxl.core.messages import readable
from salesxl.io.legacy.sources import read_source
from salesxl.io.read import read_workbook

REPO = Path(__file__).resolve().parent.parent
TEMPLATE = REPO / "workbooks" / "salesxl-team-en.xlsx"


def run(*args: str | bytes, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """The real command in a fresh process (argv as bytes: file names that are not UTF-8)."""
    return subprocess.run([sys.executable, "-m", "salesxl", *args], cwd=cwd,
                          capture_output=True, timeout=120)


@pytest.mark.parametrize("kind", ["folder", "fifo", "loop", "dangling", "empty"])
def test_what_is_not_a_workbook_file_is_exit_3_with_a_sentence(tmp_path: Path,
                                                               kind: str) -> None:
    path = tmp_path / "team.xlsx"
    expected = {"folder": "is a folder, not a workbook",
                "fifo": "is not a regular file (a pipe or a device)",
                "loop": "cannot be opened (Too many levels of symbolic links)",
                "dangling": "is a link to a file that does not exist",
                "empty": "is empty (0 bytes)"}[kind]
    if kind == "folder":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "loop":
        path.symlink_to(path.name)
    elif kind == "dangling":
        path.symlink_to(tmp_path / "gone.xlsx")
    else:
        path.write_bytes(b"")
    for command in ("export", "validate", "summary"):
        res = CliRunner().invoke(cli, [command, str(path), "--lang", "en"])
        assert res.exit_code == 3, (command, res.output)
        assert expected in res.output and "Traceback" not in res.output
    if kind != "folder":  # a folder is what convert takes
        res = CliRunner().invoke(cli, ["convert", str(path), "-o", str(tmp_path / "out"),
                                       "--lang", "en"])
        assert res.exit_code == 3 and "Traceback" not in res.output, res.output


def test_a_cp949_file_name_is_read_and_printed_readably(tmp_path: Path) -> None:
    name = "영업 현황.xlsx".encode("cp949")
    target = os.fsencode(tmp_path) + b"/" + name
    shutil.copyfile(TEMPLATE, target)
    res = run("validate", name, "--lang", "ko", cwd=tmp_path)
    assert res.returncode == 0, res.stderr.decode("utf-8", "replace")
    assert "영업현황.xlsx" in "".join(res.stdout.decode("utf-8").split())  # (a table wraps it)
    res = run("export", name, cwd=tmp_path)
    assert res.returncode == 0 and res.stdout.startswith(b"lead_id,")
    assert readable(os.fsdecode(name)) == "영업 현황.xlsx"
    res = run("export", b"missing-" + name, "--lang", "en", cwd=tmp_path)
    assert res.returncode == 3 and "missing-영업 현황.xlsx" in res.stderr.decode("utf-8")


def test_an_xlsx_named_xls_is_read_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "pipeline.xls"
    shutil.copyfile(TEMPLATE, path)
    data = read_workbook(path)
    assert "leads" in data.tables
    assert any("is an .xlsx workbook named .xls" in n for n in data.notes)
    src = read_source(path)  # convert reads it by its content too, and says so
    assert src.kind == "xlsx"
    assert "Leads" in [s.name for s in src.sheets]
    assert any("is really an .xlsx workbook" in n.text("en") for n in src.notes)


def test_a_csv_cell_of_any_size_is_read(tmp_path: Path) -> None:
    memo = "긴 메모 " * 60_000  # 300,000 characters, beyond csv's default 131,072
    path = tmp_path / "memo.csv"
    path.write_text(f"회사명,담당자명,연락처,메모\n(주)한빛,김철수,010-1234-5678,{memo}\n",
                    encoding="utf-8")
    src = read_source(path)
    assert src.sheets[0].grid[1][3] == memo
    res = CliRunner().invoke(cli, ["convert", str(path), "-o", str(tmp_path / "out"),
                                   "--lang", "en"])
    assert res.exit_code == 0, res.output


def test_legacy_files_in_a_rep_folder_are_listed_as_skipped_with_the_command(
        tmp_path: Path) -> None:
    folder = tmp_path / "team"
    folder.mkdir()
    shutil.copyfile(TEMPLATE, folder / "a-kim.xlsx")
    (folder / "old-list.csv").write_text("회사명,연락처\n한빛,010-1\n", encoding="utf-8")
    (folder / "2019.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    result = consolidate([folder], tmp_path / "team.xlsx", workers=1)
    by_name = {s.display: s for s in result.sources}
    assert set(by_name) == {"a-kim.xlsx", "old-list.csv", "2019.xls"}
    for name in ("old-list.csv", "2019.xls"):
        assert by_name[name].status == "skipped"
        assert "salesxl convert" in by_name[name].reason and "--into" in by_name[name].reason


def dies_on_three(n: int) -> int:
    if n == 3:
        os._exit(1)  # a native reader abort: the process is gone, no exception
    return n * 10


def test_a_worker_that_dies_costs_one_file_not_the_batch() -> None:
    got = sorted(run_tasks(dies_on_three, [1, 2, 3, 4, 5], workers=2,
                           on_crash=lambda n: -n))
    assert got == [-3, 10, 20, 40, 50]


def test_convert_of_a_cp949_named_file_writes_its_report_mapping_and_manifest(
        tmp_path: Path) -> None:
    """The name is not UTF-8: the report and mapping show it readably, the manifest keeps it
    exactly, so the second run recognises the file as converted before."""
    name = "영업 2019.csv".encode("cp949")
    (tmp_path / "in").mkdir()
    target = os.fsencode(tmp_path / "in") + b"/" + name
    with open(target, "wb") as fh:
        fh.write("회사명,담당자명,연락처\n(주)한빛,김철수,010-1234-5678\n".encode("cp949"))
    first = run("convert", b"in", "-o", b"out", "--lang", "en", cwd=tmp_path)
    assert first.returncode == 0, first.stderr.decode("utf-8", "replace")
    assert "\"영업 2019.csv\":" in (tmp_path / "out" / "mapping.yaml").read_text(encoding="utf-8")
    assert (tmp_path / "out" / "conversion-report.xlsx").exists()
    again = run("convert", b"in", "-o", b"out", "--lang", "en", cwd=tmp_path)
    assert again.returncode == 0, again.stderr.decode("utf-8", "replace")
    assert "unchanged" in " ".join(again.stdout.decode("utf-8").split())


def test_a_file_name_near_the_length_limit_is_saved(tmp_path: Path) -> None:
    """A 245-byte name: the temporary file of the save cannot be '.<name>.salesxl-tmp'."""
    from teambook import fill, new_book

    path = fill(new_book(tmp_path / ("p" * 240 + ".xlsx")), {"leads": [
        {"lead_id": "L-1", "rep": "Kim", "company": "Hanbit", "tier": "A",
         "stage": "Qualification"}]})
    res = CliRunner().invoke(cli, ["validate", str(path), "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [".salesxl-backup", path.name]
    assert (tmp_path / ".salesxl-backup" / path.name).exists()  # a save happened


def test_an_xls_named_xlsx_is_converted_and_a_lock_file_named_is_said(tmp_path: Path) -> None:
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook()
    sheet = book.add_sheet("leads")
    for r, row in enumerate([["회사명", "담당자명", "연락처", "이메일"],
                             ["(주)한빛", "김철수", "010-1234-5678", "kim@hanbit.example"]]):
        for c, v in enumerate(row):
            sheet.write(r, c, v)
    path = tmp_path / "old.xlsx"  # an Excel 97-2003 file under a new name
    book.save(str(path))
    src = read_source(path)
    assert [n.text("en") for n in src.notes] == [
        "old.xlsx is really an Excel 97-2003 (.xls) workbook (its name says .xlsx); read as "
        "what it is"]
    res = CliRunner().invoke(cli, ["convert", str(path), "-o", str(tmp_path / "out"),
                                   "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert read_workbook(tmp_path / "out" / "old.xlsx").tables["leads"].frame["company"] \
        .tolist() == ["(주)한빛"]
    lock = tmp_path / "~$pipeline.xlsx"
    lock.write_bytes(b"\x05kim" + b" " * 50)
    team = consolidate([TEMPLATE, lock], tmp_path / "team.xlsx", workers=1)
    said = {s.display: (s.status, s.reason_text("en")) for s in team.sources}
    assert said[lock.name] == ("skipped", "an Excel or LibreOffice lock file (left while "
                                          "pipeline.xlsx is open), not a workbook: give "
                                          "pipeline.xlsx itself")


def test_a_folder_without_spreadsheets_is_exit_3_for_convert(tmp_path: Path) -> None:
    (tmp_path / "empty.xlsx").mkdir()
    res = CliRunner().invoke(cli, ["convert", str(tmp_path / "empty.xlsx"), "-o",
                                   str(tmp_path / "out"), "--lang", "en"])
    assert res.exit_code == 3 and "no spreadsheet files in" in res.output


def test_consolidate_with_nothing_to_consolidate_writes_nothing_and_says_so(
        tmp_path: Path) -> None:
    (tmp_path / "old.csv").write_text("회사명,연락처\n(주)한빛,010-1234-5678\n", encoding="utf-8")
    lock = tmp_path / "~$pipeline.xlsx"
    lock.write_bytes(b"\x05kim" + b" " * 50)
    team = tmp_path / "team.xlsx"
    res = CliRunner().invoke(cli, ["consolidate", str(tmp_path / "old.csv"), str(lock), "-o",
                                   str(team), "--lang", "en"])
    assert res.exit_code == 3, res.output
    said = " ".join(res.output.split())
    assert "none of the 2 file(s) could be consolidated" in said
    assert "salesxl convert" in said and "lock file" in said  # each file's reason
    assert not team.exists()
