"""Batch behaviour of `salesxl convert`: bad files, resuming, dry runs, workers, Dask, --into."""

from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from test_convert_fixtures import (
    build_bad,
    build_legacy,
    cp949_csv,
    leads_of,
    sheet_rows,
    totals_row,
    write_xlsx,
)

import salesxl
from salesxl.cli import cli
from salesxl.commands.convert import ConversionStopped
from salesxl.commands.convert.manifest import MANIFEST_NAME
from salesxl.core.config import Config
from salesxl.io.parts.zipparts import sheet_paths
from salesxl.io.template import write_team_workbook


def comparable(result: Any) -> list[tuple[Any, ...]]:
    """Reports without timings and paths, plus the leads of every output."""
    out = []
    for f in result.files:
        leads = leads_of(Path(f.output)) if f.output else []
        out.append((f.file, f.status, f.rows_in, f.converted, f.rejected, f.error,
                    [(c.header, c.key, c.confidence) for c in f.columns], leads))
    return out


@pytest.fixture(scope="module")
def legacy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("batch") / "legacy"
    build_legacy(root)
    return root


def test_bad_files_are_reported_and_the_batch_goes_on(legacy: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(legacy, folder)
    build_bad(folder / "bad")
    (folder / "~$legacy_1904.xlsx").write_bytes(b"lock")  # Excel's lock file: not an input
    res = CliRunner().invoke(cli, ["convert", str(folder), "-o", str(tmp_path / "out"),
                                   "--workers", "1", "--lang", "en"])  # (mostly Korean files)
    assert res.exit_code == 3, res.output
    assert "4 file(s) could not be read" in res.output
    assert "failed: " in res.output and "password-protected" in res.output
    errors = {f.file: (f.status, f.error) for f in salesxl.convert(
        folder, tmp_path / "out", workers=1, lang="en").files}
    assert len(errors) == 15 and "~$legacy_1904.xlsx" not in errors
    assert errors["bad/bad_empty.csv"][0] == "failed" and "empty" in errors["bad/bad_empty.csv"][1]
    assert "damaged" in errors["bad/bad_corrupt.xlsx"][1]
    assert "password-protected" in errors["bad/bad_encrypted.xlsx"][1]
    assert "web page" in errors["bad/bad_html.xls"][1]
    assert errors["bad/notes.xlsx"] == (
        "skipped", f"{folder / 'bad/notes.xlsx'}: no sheet looks like a lead list (Memo: no "
        "header row with an identifying column (company, contact, e-mail, phone or lead ID) and "
        "3 known columns in all in the first 200 rows (after any title block))")
    assert sum(s == "unchanged" for s, _ in errors.values()) == 10
    assert (tmp_path / "out" / "legacy_cp949.xlsx").exists()
    files_sheet = sheet_rows(tmp_path / "out" / "conversion-report.xlsx", "Files")
    assert len(files_sheet) == 1 + 15 + 1


def test_rerun_skips_unchanged_files_and_redoes_changed_ones(tmp_path: Path) -> None:
    src = cp949_csv(tmp_path)
    totals = totals_row(tmp_path)
    out = tmp_path / "out"
    first = salesxl.convert(tmp_path, out, workers=1)
    assert [f.status for f in first.files] == ["converted", "converted"]
    assert (out / MANIFEST_NAME).exists()
    os.utime(src, (1, 1))  # touched, same bytes: still unchanged (same SHA-256)
    again = salesxl.convert(tmp_path, out, workers=1)
    assert [f.status for f in again.files] == ["unchanged", "unchanged"]
    assert [f.rows_in for f in again.files] == [3, 4]
    assert "고객사" in again.mapping.read_text(encoding="utf-8")
    src.write_bytes(src.read_bytes().replace("1,200만원".encode("cp949"),
                                             "1,300만원".encode("cp949")))
    (out / "legacy_totals_row.xlsx").unlink()
    third = salesxl.convert(tmp_path, out, workers=1)
    assert [f.status for f in third.files] == ["converted", "converted"]
    assert leads_of(out / "legacy_cp949.xlsx")[0]["budget_amount"] == 1.3e7
    other_options = salesxl.convert(totals, out, workers=1, lang="en")
    assert other_options.files[0].status == "converted"


def test_a_run_stopped_midway_keeps_the_files_it_finished(tmp_path: Path) -> None:
    cp949_csv(tmp_path)
    totals_row(tmp_path)
    out = tmp_path / "out"

    def stop(report: object, done: int, total: int) -> None:
        raise KeyboardInterrupt  # Ctrl-C after the first file

    with pytest.raises(KeyboardInterrupt):
        salesxl.convert(tmp_path, out, workers=1, progress=stop)
    again = salesxl.convert(tmp_path, out, workers=1)
    assert [f.status for f in again.files] == ["unchanged", "converted"]


def test_dry_run_writes_only_the_report_and_the_mapping(legacy: Path, tmp_path: Path) -> None:
    result = salesxl.convert(legacy, tmp_path / "out", dry_run=True, workers=1)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "conversion-report.xlsx", "mapping.yaml"]
    assert {f.status for f in result.files} == {"dry run"}
    assert sum(f.rows_in for f in result.files) == 29


def test_two_worker_processes_give_the_local_result(legacy: Path, tmp_path: Path) -> None:
    one = salesxl.convert(legacy, tmp_path / "one", workers=1)
    two = salesxl.convert(legacy, tmp_path / "two", workers=2)
    assert comparable(one) == comparable(two)


def test_a_dask_local_cluster_gives_the_local_result(legacy: Path, tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    import dask

    local = salesxl.convert(legacy, tmp_path / "local", workers=1)
    # Worker processes forked from this one start in 0.5 s instead of 5 s (spawn re-imports).
    with dask.config.set({"distributed.worker.multiprocessing-method": "fork"}), \
            distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                     host="127.0.0.1", dashboard_address=None) as cluster:
        remote = salesxl.convert(legacy, tmp_path / "dask", dask=cluster.scheduler_address)
    assert {f.output.split("/")[-2] for f in remote.files} == {"dask"}
    assert comparable(local) == comparable(remote)


def _other_sheets(book: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(book) as zf:
        paths = sheet_paths(zf)
        return {name: zf.read(member) for name, member in paths.items()
                if name not in ("리드", "Leads", "Extra", "Rejected")}


def test_reimport_into_a_team_workbook_updates_instead_of_duplicating(tmp_path: Path) -> None:
    legacy = tmp_path / "legacy"
    legacy.mkdir()
    src = cp949_csv(legacy)
    totals_row(legacy)
    team = tmp_path / "team.xlsx"
    existing = {"lead_id": "R01-0001", "company": "세종", "email": None,
                "phone": "02-555-1234", "stage": "prospecting", "rep": "김영업"}
    write_team_workbook(team, Config.default(), {
        "leads": [existing],
        "activities": [{"lead_id": "R01-0001", "date": None, "type": "call", "notes": "첫 통화"}],
    })
    first = salesxl.convert(legacy, into=team, workers=1)
    assert [(f.added, f.updated) for f in first.files] == [(2, 1), (3, 0)]
    leads = leads_of(team)
    assert len(leads) == 6
    sejong = leads[0]
    assert (sejong["lead_id"], sejong["company"], sejong["rep"], sejong["stage"]) == (
        "R01-0001", "세종테크", "김영업", "won")  # updated by phone, kept its ID and its rep
    assert [r[:2] for r in sheet_rows(team, "Extra")[1:]] == []
    before = _other_sheets(team)

    src.write_bytes(src.read_bytes().replace("1,200만원".encode("cp949"),
                                             "1,500만원".encode("cp949")))
    second = salesxl.convert(legacy, into=team, workers=1)
    assert [f.status for f in second.files] == ["converted", "unchanged"]
    assert (second.files[0].added, second.files[0].updated) == (0, 3)
    after = leads_of(team)
    assert len(after) == 6
    assert after[1]["company"] == "한빛소프트" and after[1]["budget_amount"] == 1.5e7
    assert [lead for i, lead in enumerate(after) if i != 1] == [
        lead for i, lead in enumerate(leads) if i != 1]
    assert _other_sheets(team) == before  # every other sheet byte-identical
    assert (tmp_path / ".salesxl-backup" / "team.xlsx").exists()


def test_into_a_new_workbook_keeps_extra_and_rejected_per_file(tmp_path: Path) -> None:
    legacy = tmp_path / "legacy"
    build_legacy(legacy)
    team = tmp_path / "new-team.xlsx"
    result = salesxl.convert(legacy, into=team, workers=1, lang="en")
    assert result.target == team and all(f.output == str(team) for f in result.files)
    assert len(leads_of(team)) == sum(f.converted for f in result.files) - sum(
        f.updated for f in result.files)
    rejected = sheet_rows(team, "Rejected")
    assert rejected[0] == ["File", "Sheet", "Row", "Reason", "Values"]
    assert sorted({r[0] for r in rejected[1:]}) == [
        "legacy_text_dates.xlsx", "legacy_totals_row.xlsx", "legacy_utf16.tsv",
        "legacy_utf8_bom.csv"]
    # Extra: the only column no file's headers map is legacy_title_rows.xlsx's row counter
    # 번호 (rows 5-7 of sheet 2019, values 1-3); each Extra row names the team lead its
    # legacy row became, found here by the contact it carries (the first row's e-mail
    # kim@hanbit.co.kr is shared with other files' 한빛 rows, which merge into one lead)
    leads = leads_of(team)

    def lead_with(key: str, value: str) -> str:
        [found] = [lead["lead_id"] for lead in leads if lead.get(key) == value]
        return found

    expected_extra = [
        ["Lead ID", "File", "Sheet", "Row", "Header", "Value"],
        [lead_with("email", "kim@hanbit.co.kr"), "legacy_title_rows.xlsx", "2019", 5, "번호", 1],
        [lead_with("phone", "010-9876-5432"), "legacy_title_rows.xlsx", "2019", 6, "번호", 2],
        [lead_with("email", "park@sejong.kr"), "legacy_title_rows.xlsx", "2019", 7, "번호", 3],
    ]
    assert sheet_rows(team, "Extra") == expected_extra
    again = salesxl.convert(legacy, into=team, workers=1, force=True)
    assert sum(f.added for f in again.files) == 0
    assert len(sheet_rows(team, "Rejected")) == len(rejected)
    # converting the same files again updates the leads and keeps one Extra row per value
    assert sheet_rows(team, "Extra") == expected_extra


def test_strict_stops_doubtful_headers_and_the_mapping_fixes_them(tmp_path: Path) -> None:
    legacy = tmp_path / "legacy"
    legacy.mkdir()
    write_xlsx(legacy / "typo.xlsx", {"S": [["Company", "Contact Person", "Phone No."],
                                            ["ACME", "Kim", "010-1234-5678"]]})
    res = CliRunner().invoke(cli, ["convert", str(legacy), "-o", str(tmp_path / "out"),
                                   "--strict", "--workers", "1"])
    assert res.exit_code == 1, res.output
    assert "Contact Person" in res.output and "low confidence" in res.output
    assert not (tmp_path / "out" / "typo.xlsx").exists()
    mapping = tmp_path / "out" / "mapping.yaml"
    assert '"Contact Person": contact_name  # low confidence 83' in mapping.read_text("utf-8")
    with pytest.raises(ConversionStopped):
        salesxl.convert(legacy, into=tmp_path / "team.xlsx", strict=True, workers=1)
    assert not (tmp_path / "team.xlsx").exists()
    ok = CliRunner().invoke(cli, ["convert", str(legacy), "-o", str(tmp_path / "out"),
                                  "--strict", "--workers", "1", "--mapping", str(mapping)])
    assert ok.exit_code == 0, ok.output
    assert leads_of(tmp_path / "out" / "typo.xlsx")[0]["contact_name"] == "Kim"


def test_the_command_needs_one_destination(tmp_path: Path) -> None:
    cp949_csv(tmp_path)
    res = CliRunner().invoke(cli, ["convert", str(tmp_path)])
    assert res.exit_code == 2 and "give exactly one of -o OUTDIR" in res.output
    res = CliRunner().invoke(cli, ["convert", str(tmp_path), "--into", str(tmp_path / "t.csv")])
    assert res.exit_code == 2 and ".xlsx or .xlsm" in res.output
