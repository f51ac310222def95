"""Consolidation end to end: a team folder built here, merged, read back from the workbook.

The folder holds three reps with overlapping customers (every duplicate pattern: e-mail case
and spaces, three ways of writing one phone number, `(주)한빛` / `한빛 주식회사`, a lead-ID
conflict, a lead-ID clash between different customers, a tie broken by file time) and one file
of each bad kind. Every expected value below was worked out by hand from the rows written
here.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from python_calamine import CalamineWorkbook

from salesxl.cli import cli
from salesxl.commands.consolidate import consolidate
from salesxl.commands.consolidate import write as team_write
from salesxl.core.config import Config
from salesxl.core.errors import RowProblems, UsageError, WorkbookError, WorkbookLockedError
from salesxl.io.read import read_workbook
from salesxl.io.template import write_team_workbook

D = dt.date
OLD, NEW = 1_790_000_000, 1_790_086_400  # two file times a day apart (2026-09)

A_LEADS: list[dict[str, Any]] = [
    {"lead_id": "A-1", "rep": "김영업", "company": "(주)한빛", "contact_name": "김철수",
     "email": "Kim.CS@Hanbit.co.kr ", "phone": "010-1234-5678", "stage": "proposal",
     "stage_updated_on": D(2026, 10, 1), "deal_amount": 30_000_000.0, "need": "재고 관리",
     "My notes": "VIP"},
    {"lead_id": "A-2", "rep": "김영업", "company": "Blue Ocean Co., Ltd.",
     "contact_name": "Jamie Lee", "email": "jamie@blueocean.com", "phone": "01022223333",
     "stage": "qualification", "stage_updated_on": D(2026, 9, 1)},
    {"lead_id": "A-3", "rep": "김영업", "company": "새한전자", "contact_name": "박민수",
     "stage": "prospecting", "stage_updated_on": D(2026, 8, 1)},
    {"lead_id": "L-7", "rep": "김영업", "company": "대성정밀", "contact_name": "이영희",
     "email": "lee@daesung.kr", "stage": "closing", "stage_updated_on": D(2026, 11, 1),
     "deal_amount": 50_000_000.0},
]
A_ACTIVITIES = [
    {"lead_id": "A-1", "date": D(2026, 9, 20), "type": "call", "notes": "첫 통화"},
    {"lead_id": "A-2", "date": D(2026, 9, 2), "type": "email", "notes": "소개 메일"},
    {"lead_id": "L-7", "date": D(2026, 10, 30), "type": "visit", "notes": "현장 방문"},
]
A_CUSTOMERS = [{"lead_id": "A-1", "contact_name": "김철수", "hobbies": "골프", "age": 48}]
B_LEADS: list[dict[str, Any]] = [
    {"lead_id": "B-1", "rep": "박영업", "company": "한빛 주식회사", "contact_name": "김 철수",
     "email": " KIM.cs@hanbit.co.kr", "phone": "01012345678", "stage": "closing",
     "stage_updated_on": D(2026, 11, 10), "deal_amount": 35_000_000.0},
    {"lead_id": "B-2", "rep": "박영업", "company": "Blue Ocean", "contact_name": "J. Lee",
     "email": "j.lee@blueocean.com", "phone": "+82 10-2222-3333", "stage": "needs_assessment",
     "stage_updated_on": D(2026, 8, 15)},
    {"lead_id": "L-7", "rep": "박영업", "company": "대성정밀", "contact_name": "이영희",
     "email": "lee@daesung.kr", "stage": "won", "stage_updated_on": D(2026, 11, 20),
     "deal_amount": 48_000_000.0},
    {"lead_id": "B-4", "rep": "박영업", "company": "(주)미래테크", "contact_name": "최지우",
     "stage": "qualification", "stage_updated_on": D(2026, 10, 20)},
    {"lead_id": "A-3", "rep": "박영업", "company": "동방물산", "contact_name": "정수진",
     "stage": "prospecting", "stage_updated_on": D(2026, 7, 1)},
]
B_ACTIVITIES = [
    {"lead_id": "B-1", "date": D(2026, 11, 9), "type": "meeting", "notes": "가격 협의"},
    {"lead_id": "L-7", "date": D(2026, 11, 15), "type": "demo", "notes": "시연"},
    {"lead_id": "A-3", "date": D(2026, 7, 2), "type": "call", "notes": "동방물산 첫 통화"},
]
C_LEADS: list[dict[str, Any]] = [
    {"lead_id": "C-1", "rep": "Lee", "company": "미래테크 주식회사", "contact_name": "최 지우",
     "stage": "presentation", "stage_updated_on": D(2026, 10, 20)},
    {"lead_id": "C-2", "rep": "Lee", "company": "Northwind Labs", "contact_name": "Alex Kim",
     "email": "alex@northwind.com", "stage": "prospecting", "stage_updated_on": D(2026, 10, 2)},
]


def rep_book(path: Path, leads: list[dict[str, Any]], lang: str = "ko", mtime: int = OLD,
             cfg: Config | None = None, **tables: list[dict[str, Any]]) -> Path:
    """A rep workbook written with the template (extra columns taken from the rows' keys)."""
    cfg = cfg or Config.default(language=lang)  # type: ignore[arg-type]
    path.parent.mkdir(parents=True, exist_ok=True)
    extras = sorted({k for row in leads for k in row if k[:1].isupper()})
    write_team_workbook(path, cfg, {"leads": leads, **tables}, lang=lang,
                        extra_columns={"leads": extras})
    os.utime(path, (mtime, mtime))
    return path


def good_reps(folder: Path) -> None:
    rep_book(folder / "a-kim.xlsx", A_LEADS, activities=A_ACTIVITIES, customers=A_CUSTOMERS)
    rep_book(folder / "b-park.xlsx", B_LEADS, activities=B_ACTIVITIES)
    rep_book(folder / "sub" / "c-lee.xlsx", C_LEADS, lang="en", mtime=NEW)


def bad_files(folder: Path) -> None:
    good = rep_book(folder / "locked.xlsx", [{"lead_id": "X-1", "company": "잠김"}])
    (folder / "~$locked.xlsx").write_bytes(b"\x00" * 165)  # Excel's lock file
    (folder / "corrupt.xlsx").write_bytes(good.read_bytes()[:700])
    (folder / "notes.xlsx").write_text("this is a text file, not a workbook\n")
    write_team_workbook(folder / "empty.xlsx", Config.default())
    rep_book(folder / "old.xlsx", [{"lead_id": "O-1", "company": "옛날"}],
             cfg=Config.default().model_copy(update={"template_version": 0}))
    encrypt(good, folder / "secret.xlsx")
    backup = folder / ".salesxl-backup"
    backup.mkdir()
    shutil.copy(folder / "a-kim.xlsx", backup / "a-kim.xlsx")  # a hidden folder: never read


def encrypt(plain: Path, target: Path) -> None:
    """A real password-protected workbook (msoffcrypto-tool), else its OLE signature."""
    try:
        from msoffcrypto.format.ooxml import OOXMLFile
    except ImportError:
        target.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)
                           + "EncryptedPackage".encode("utf-16-le") + bytes(100))
        return
    with open(plain, "rb") as src, open(target, "wb") as dst:
        OOXMLFile(src).encrypt("secret", dst)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("consolidate") / "team"
    good_reps(root)
    bad_files(root)
    return root


@pytest.fixture()
def folder(built: Path, tmp_path: Path) -> Path:
    """A fresh copy of the team folder (file times kept) for a test that changes it."""
    return Path(shutil.copytree(built, tmp_path / "team"))


@pytest.fixture(scope="module")
def run(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    return consolidate(built, tmp_path_factory.mktemp("out") / "team.xlsx", workers=1)


def sheet(path: Path, name: str) -> list[list[Any]]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name).to_python()


def records(path: Path, name: str) -> list[dict[str, Any]]:
    rows = sheet(path, name)
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_every_input_is_accounted_for_and_rows_add_up(run):
    status = {s.display: s.status for s in run.sources}
    assert status == {
        "a-kim.xlsx": "ok", "b-park.xlsx": "ok", "corrupt.xlsx": "failed",
        "empty.xlsx": "failed", "locked.xlsx": "failed", "notes.xlsx": "failed",
        "old.xlsx": "failed", "secret.xlsx": "failed", "sub/c-lee.xlsx": "ok",
    }
    # 4 + 5 + 2 lead rows; 7 customers; merged: A-1, A-2's twin B-2, L-7 of a-kim, B-4
    assert (run.leads_read, run.leads_team, run.leads_merged) == (11, 7, 4)
    merged = {s.display: s.leads_merged for s in run.sources if s.status == "ok"}
    assert merged == {"a-kim.xlsx": 2, "b-park.xlsx": 2, "sub/c-lee.xlsx": 0}
    assert not run.ok and len(run.failed) == 6


@pytest.mark.parametrize(("file", "words"), [
    ("corrupt.xlsx", "damaged"),
    ("notes.xlsx", "text/CSV file renamed"),
    ("secret.xlsx", "password-protected"),
    ("locked.xlsx", "open in Excel (lock file ~$locked.xlsx)"),
    ("empty.xlsx", "empty: the 리드 sheet has no lead rows"),
    ("old.xlsx", "template version 0 (older than version 1"),
])
def test_each_bad_file_has_a_clear_reason(run, file, words):
    report = next(s for s in run.sources if s.display == file)
    assert report.status == "failed"
    assert words in report.reason
    assert report.sha256 and len(report.sha256) == 64


def test_team_leads_read_back_from_the_workbook(run):
    leads = {r["리드 번호"]: r for r in records(run.out, "리드")}
    assert list(leads) == ["A-1", "A-2", "A-3", "L-7", "B-4", "A-3@b-park", "C-2"]
    hanbit = leads["A-1"]  # b-park's row wins: stage updated 2026-11-10 > 2026-10-01
    assert hanbit["고객사명"] == "한빛 주식회사"
    assert hanbit["영업 단계"] == "클로징"  # closing, labelled in the team's language
    assert hanbit["예상 금액"] == 35_000_000
    assert hanbit["니즈"] == "재고 관리"  # filled from a-kim's row: b-park's was empty
    assert hanbit["My notes"] == "VIP"  # a rep's own column, filled the same way
    assert (hanbit["원본 파일"], hanbit["원본 시트"], hanbit["원본 행"]) == ("b-park.xlsx", "리드", 2)
    assert hanbit["병합된 행"] == "a-kim.xlsx: 리드 2"
    ocean = leads["A-2"]  # a-kim's row wins: 2026-09-01 > 2026-08-15 (matched by phone)
    assert (ocean["고객사명"], ocean["원본 파일"]) == ("Blue Ocean Co., Ltd.", "a-kim.xlsx")
    assert leads["L-7"]["영업 단계"] == "수주"  # won, b-park 2026-11-20 > a-kim 2026-11-01
    assert leads["L-7"]["예상 금액"] == 48_000_000
    # a tie on the stage date (2026-10-20): sub/c-lee.xlsx was saved later
    assert leads["B-4"]["고객사명"] == "미래테크 주식회사"
    assert leads["B-4"]["원본 파일"] == "sub/c-lee.xlsx"
    assert leads["A-3@b-park"]["고객사명"] == "동방물산"
    assert leads["A-3"]["고객사명"] == "새한전자"


def test_other_tables_are_rekeyed_to_team_lead_ids(run):
    acts = records(run.out, "활동 내역")
    assert [(a["리드 번호"], a["내용"], a["원본 파일"]) for a in acts] == [
        ("A-1", "첫 통화", "a-kim.xlsx"), ("A-2", "소개 메일", "a-kim.xlsx"),
        ("L-7", "현장 방문", "a-kim.xlsx"), ("A-1", "가격 협의", "b-park.xlsx"),
        ("L-7", "시연", "b-park.xlsx"), ("A-3@b-park", "동방물산 첫 통화", "b-park.xlsx"),
    ]
    customers = records(run.out, "고객 파일")
    assert [(c["리드 번호"], c["취미"], c["나이"]) for c in customers] == [("A-1", "골프", 48)]


def test_duplicates_sheet_lists_every_losing_value_with_both_sources(run):
    rows = records(run.out, "중복")
    a1 = {r["열"]: r for r in rows if r["팀 리드 번호"] == "A-1"}
    # e-mail and phone differ only in writing: not listed; lead ID is the row's own
    assert set(a1) == {"영업 담당", "고객사명", "고객 담당자", "영업 단계", "단계 변경일", "예상 금액", "니즈",
                       "My notes"}
    assert a1["고객사명"]["팀 값"] == "한빛 주식회사"
    assert a1["고객사명"]["다른 값"] == "(주)한빛"
    assert a1["고객사명"]["팀 값 출처"] == "b-park.xlsx: 리드 2"
    assert a1["고객사명"]["다른 값 출처"] == "a-kim.xlsx: 리드 2"
    assert a1["고객사명"]["다른 리드 번호"] == "A-1"
    assert a1["고객사명"]["일치 기준"] == "이메일, 전화번호, 고객사명 + 고객 담당자"
    assert "2026-11-10 > 2026-10-01" in a1["영업 단계"]["처리"]
    assert a1["니즈"]["처리"].startswith("채움")
    a2 = {r["열"]: r for r in rows if r["팀 리드 번호"] == "A-2"}
    assert a2["영업 담당"]["다른 값"] == "박영업"
    assert a2["영업 담당"]["일치 기준"] == "전화번호"
    b4 = {r["열"]: r for r in rows if r["팀 리드 번호"] == "B-4"}
    assert b4["영업 단계"]["일치 기준"] == "고객사명 + 고객 담당자"
    assert b4["영업 단계"]["처리"].startswith("단계 변경일 같음: 나중에 저장된 파일")


def test_conflicts_sheet_lists_same_id_differences_and_renamed_ids(run):
    rows = records(run.out, "충돌")
    l7 = {r["열"]: r for r in rows if r["팀 리드 번호"] == "L-7"}
    assert set(l7) == {"영업 담당", "영업 단계", "단계 변경일", "예상 금액"}
    assert (l7["예상 금액"]["팀 값"], l7["예상 금액"]["다른 값"]) == (48_000_000, 50_000_000)
    assert l7["영업 단계"]["다른 값 출처"] == "a-kim.xlsx: 리드 5"
    renamed = [r for r in rows if r["팀 리드 번호"] == "A-3@b-park"]
    assert len(renamed) == 1
    assert "A-3" in renamed[0]["처리"] and renamed[0]["다른 값 출처"] == "a-kim.xlsx: 리드 4"


def test_sources_sheet_states_the_sum(run):
    rows = sheet(run.out, "출처")
    by_file = {r[0]: r for r in rows[1:] if r and r[0]}
    assert by_file["a-kim.xlsx"][1:3] == ["김영업", "정상"]
    assert by_file["a-kim.xlsx"][4:10] == [4, 2, 3, 0, 0, 1]
    assert by_file["secret.xlsx"][2] == "실패"
    total = by_file["합계"]
    assert total[3] == "읽은 리드 11행 = 팀 리드 7행 + 중복 병합 4행"
    assert total[4:6] == [11, 4]


def test_no_config_sheet_is_consolidated_with_a_warning(tmp_path):
    import xlsxwriter

    path = tmp_path / "in" / "handmade.xlsx"
    path.parent.mkdir()
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("영업관리")
    ws.write_row(0, 0, ["고객사", "담당자명", "연락처", "진행상황"])
    ws.write_row(1, 0, ["(주)청운", "서하은", "010-9999-0000", "상담중"])
    wb.close()
    result = consolidate(path.parent, tmp_path / "team.xlsx", workers=1)
    (report,) = result.sources
    assert report.status == "ok" and "no Config sheet" in report.reason
    (lead,) = result.tables["leads"].rows
    assert (lead["lead_id"], lead["stage"]) == ("handmade-2", "qualification")


def test_mask_personal_after_matching_on_real_values(built, tmp_path):
    result = consolidate(built, tmp_path / "masked.xlsx", workers=1, mask_personal=True)
    assert result.leads_team == 7  # duplicates still found on the real e-mail and phone
    leads = {r["리드 번호"]: r for r in records(result.out, "리드")}
    assert leads["A-1"]["이메일"] == "k***@hanbit.co.kr"
    assert leads["A-1"]["전화번호"] == "010-****-5678"
    assert leads["A-2"]["전화번호"] == "010-****-3333"
    (customer,) = records(result.out, "고객 파일")
    assert (customer["리드 번호"], customer["고객 담당자"]) == ("A-1", "김철수")
    assert customer["취미"] == "" and customer["나이"] == ""
    a2 = {r["열"]: r for r in records(result.out, "중복") if r["팀 리드 번호"] == "A-2"}
    assert (a2["이메일"]["팀 값"], a2["이메일"]["다른 값"]) == ("j***@blueocean.com",
                                                          "j***@blueocean.com")
    assert "jamie" not in repr(sheet(result.out, "중복"))


def test_over_excel_rows_writes_parquet_and_truncates_nothing(built, tmp_path, monkeypatch):
    import pyarrow.parquet as pq

    monkeypatch.setattr(team_write, "EXCEL_DATA_ROWS", 5)
    out = tmp_path / "big.xlsx"
    result = consolidate(built, out, workers=1)
    leads = pq.read_table(out.with_name("big.leads.parquet")).to_pylist()
    assert [r["lead_id"] for r in leads] == ["A-1", "A-2", "A-3", "L-7", "B-4", "A-3@b-park",
                                              "C-2"]
    assert leads[0]["source_file"] == "b-park.xlsx" and leads[0]["deal_amount"] == 35_000_000
    acts = pq.read_table(out.with_name("big.activities.parquet")).to_pylist()
    assert len(acts) == 6
    assert len(records(out, "리드")) == 5  # what fits; the Parquet file has every row
    assert any("big.*.parquet" in n for n in result.notes)
    sources = pq.read_table(out.with_name("big.sources.parquet")).to_pylist()
    assert len(sources) == 9 + 1 + 1 + len(result.notes)  # files, a blank row, total, notes
    assert any("big.*.parquet" in (r["사유 / 참고"] or "") for r in sources)


def test_same_inputs_same_workbook_and_rerun_does_not_duplicate(folder, tmp_path):
    first = consolidate(folder, tmp_path / "one.xlsx", workers=1)
    second = consolidate(folder, tmp_path / "two.xlsx", workers=2)
    assert (tmp_path / "one.xlsx").read_bytes() == (tmp_path / "two.xlsx").read_bytes()
    # one rep changes their file: B-1 is won now, and a new lead arrives
    b_leads = [dict(r) for r in B_LEADS]
    b_leads[0].update(stage="won", stage_updated_on=D(2026, 11, 25))
    b_leads.append({"lead_id": "B-6", "rep": "박영업", "company": "신영식품",
                    "contact_name": "한가은", "stage": "prospecting"})
    rep_book(folder / "b-park.xlsx", b_leads, activities=B_ACTIVITIES, mtime=NEW)
    again = consolidate(folder, tmp_path / "one.xlsx", workers=1)
    assert again.leads_team == first.leads_team + 1 == second.leads_team + 1
    leads = {r["리드 번호"]: r for r in records(tmp_path / "one.xlsx", "리드")}
    assert len(leads) == 8 and leads["A-1"]["영업 단계"] == "수주" and "B-6" in leads


def test_team_workbook_in_the_input_folder_is_never_read_back(folder):
    out = folder / "team.xlsx"
    consolidate(folder, out, workers=1)
    shutil.copy(out, folder / "team-last-week.xlsx")
    again = consolidate(folder, out, workers=1)
    assert "team.xlsx" not in {s.display for s in again.sources}
    skipped = next(s for s in again.sources if s.display == "team-last-week.xlsx")
    assert skipped.status == "skipped" and "consolidated team workbook" in skipped.reason
    assert (again.leads_read, again.leads_team) == (11, 7)


def test_unreadable_cells_are_kept_as_typed_or_fatal_with_strict(tmp_path):
    folder = tmp_path / "in"
    rep_book(folder / "r.xlsx", [{"lead_id": "R-1", "company": "청운", "budget_amount": "많이"},
                                 {"lead_id": "R-2", "company": "금강"}],
             activities=[{"lead_id": "R-9", "notes": "어느 리드?"}])
    result = consolidate(folder, tmp_path / "t.xlsx", workers=1)
    assert [(p.column, p.value) for p in result.problems] == [("budget_amount", "많이"),
                                                              ("lead_id", "R-9")]
    assert result.tables["leads"].rows[0]["budget_amount"] == "많이"
    assert records(tmp_path / "t.xlsx", "리드")[0]["예산"] == "많이"
    with pytest.raises(RowProblems):
        consolidate(folder, tmp_path / "strict.xlsx", workers=1, strict=True)
    assert not (tmp_path / "strict.xlsx").exists()


def test_usage_errors(tmp_path, built):
    with pytest.raises(UsageError, match="no such file or folder"):
        consolidate(tmp_path / "nowhere", tmp_path / "t.xlsx")
    (tmp_path / "void").mkdir()
    with pytest.raises(WorkbookError, match=r"no \.xlsx or \.xlsm workbooks"):  # exit 3
        consolidate(tmp_path / "void", tmp_path / "t.xlsx")
    with pytest.raises(UsageError, match=r"must end in \.xlsx"):
        consolidate(built, tmp_path / "t.csv")
    out = tmp_path / "open.xlsx"
    out.write_bytes(b"")
    (tmp_path / "~$open.xlsx").write_bytes(b"")
    with pytest.raises(WorkbookLockedError):
        consolidate(built, out)


def test_cli_exit_codes_and_summary(built, tmp_path):
    runner = CliRunner()
    res = runner.invoke(cli, ["consolidate", str(built), "-o", str(tmp_path / "t.xlsx"),
                              "--workers", "1"])
    assert res.exit_code == 3, res.output
    # the reps' workbooks are Korean, so the run speaks Korean unless --lang says otherwise
    assert "읽은 11행 = 팀 리드 7행 + 중복 병합 4행" in res.output
    assert "통합문서 9개 중 6개를 합치지 못했습니다" in res.output
    res = runner.invoke(cli, ["consolidate", str(built), "-o", str(tmp_path / "t2.xlsx"),
                              "--workers", "1", "--lang", "en"])
    assert res.exit_code == 3, res.output
    assert "11 read = 7 team rows + 4 merged as duplicates" in res.output
    assert "6 of 9 workbook(s) could not be consolidated" in res.output
    clean = tmp_path / "clean"
    good_reps(clean)
    res = runner.invoke(cli, ["consolidate", str(clean), "-o", str(tmp_path / "c.xlsx"),
                              "--lang", "en", "--mask-personal"])
    assert res.exit_code == 0, res.output
    assert "Sources" in CalamineWorkbook.from_path(str(tmp_path / "c.xlsx")).sheet_names
    assert read_workbook(tmp_path / "c.xlsx").config.language == "en"
    res = runner.invoke(cli, ["consolidate", str(tmp_path / "missing"), "-o", "x.xlsx"])
    assert res.exit_code == 2


def test_a_pipe_or_a_broken_link_fails_alone(tmp_path, built):
    """Named beside a good workbook, a FIFO (it would block a plain open) and a link to a
    missing file are failed sources with their reason; the good workbook is consolidated."""
    import os

    fifo, link = tmp_path / "pipe.xlsx", tmp_path / "gone.xlsx"
    os.mkfifo(fifo)
    link.symlink_to(tmp_path / "missing.xlsx")
    good = sorted(p for p in built.iterdir() if p.name.startswith("a-"))[0]
    result = consolidate([good, fifo, link], tmp_path / "t.xlsx", workers=1)
    status = {s.display: s.status for s in result.sources}
    assert status == {good.name: "ok", "pipe.xlsx": "failed", "gone.xlsx": "failed"}
    reasons = {s.display: s.reason for s in result.sources}
    assert "not a regular file" in reasons["pipe.xlsx"]
    assert "does not exist" in reasons["gone.xlsx"]
    assert result.leads_read > 0 and (tmp_path / "t.xlsx").exists()


def test_a_files_many_warnings_are_cut_on_screen_and_whole_with_all(tmp_path):
    """Every rep numbers customers from C-0001: each file after the first gets a warning per
    shared customer ID. The screen shows three per file and how many more; --all shows all."""
    runner = CliRunner()
    demo = runner.invoke(cli, ["demo", "--out", str(tmp_path / "demo"), "--reps", "2",
                               "--leads", "200", "--today", "2026-12-07"])
    assert demo.exit_code == 0, demo.output
    reps, out = str(tmp_path / "demo" / "reps"), str(tmp_path / "t.xlsx")
    cut = runner.invoke(cli, ["consolidate", reps, "-o", out, "--lang", "en"])
    whole = runner.invoke(cli, ["consolidate", reps, "-o", out, "--lang", "en", "--all"])
    assert cut.exit_code == whole.exit_code == 0, cut.output
    said = [ln for ln in whole.stderr.splitlines() if "customer ID" in ln]
    assert said and said[0].count("customer ID") > 3  # the case this test is about
    shown = [ln for ln in cut.stderr.splitlines() if "customer ID" in ln]
    n = said[0].count("customer ID")
    assert shown[0].count("customer ID") == 3
    assert f"(+{n - 3} more: --all, or the Sources sheet)" in shown[0]
