"""A Korean manager's batch runs speak Korean: `convert` of Korean legacy sheets and
`consolidate` of Korean rep workbooks print and write no English word outside an allow-list
(names, file names and headers the users typed, cell references, command options, salesxl,
BANT), and the same runs with --lang en speak English. The expected sentences are written here
by hand from the glossary (docs: TERMS-ko), not copied from the code's output.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import warnings
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from test_convert_fixtures import cp949_csv, write_xlsx

from salesxl.cli import cli
from salesxl.commands.demo_data import make_team
from salesxl.core.config import Config
from salesxl.core.messages import Msg
from salesxl.core.summary.targets import Targets
from salesxl.io.config_sheet import read_config
from salesxl.io.template import write_team_workbook

WORD = re.compile(r"[A-Za-z][A-Za-z]+")
# command options and their values, the product's name, BANT, file extensions and encodings
ALLOWED = {"salesxl", "BANT", "all", "json", "lang", "mapping", "into", "convert", "summary",
           "init", "xlsx", "xlsm", "csv", "yaml", "ko", "en", "CP", "UTF", "BOM", "SHA",
           "consolidate", "conversion", "report"}  # (conversion-report.xlsx: its file name)
CELL = re.compile(r"^[A-Z]{1,3}$")  # the column letters of a cell reference
TODAY = dt.date(2026, 12, 7)


def english(text: str, typed: set[str]) -> set[str]:
    """The English words of `text` that no user typed and the allow-list does not hold."""
    return {w for w in WORD.findall(text)
            if w not in ALLOWED and w not in typed and not CELL.match(w)}


def cells(book: Path) -> dict[str, list[list[Any]]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        wb = openpyxl.load_workbook(book)
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb}


def invoke(args: list[Any], **env: str) -> Any:
    import salesxl.cli as command

    widths = command.out._width, command.err._width
    command.out.width = command.err.width = 400  # a wide terminal: nothing folds mid-word
    try:
        return CliRunner(env=env).invoke(cli, [str(a) for a in args])
    finally:
        command.out._width, command.err._width = widths


# --- convert ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def legacy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("원본") / "기존 자료"
    folder.mkdir()
    cp949_csv(folder)  # three leads, Korean headers
    (folder / "2020 영업.csv").write_text("고객사,담당자명,연락처\n가나상사,김철수,010-1234-5678\n",
                                        encoding="utf-8-sig")  # as Excel saves CSV UTF-8
    write_xlsx(folder / "2021 영업.xlsx", {"영업관리": [
        ["고객사", "담당자명", "등록일", "진행상황", "예산"],
        ["한빛", "김민수", "2021.13.45", "상담중", "500만원"],      # row 2: no 13th month
        ["대한", "이영희", "2021.03.05", "상담중", "1억"],          # row 3: a lead
        ["세종", "박지훈", "2021.03.06", "계약완료", "abc"],        # row 4: not an amount
    ]})
    write_xlsx(folder / "회의록.xlsx", {"메모": [["회의 메모"], ["월요일에 다시 연락"]]})
    (folder / "빈 파일.csv").write_bytes(b"")
    (folder / "잠긴 파일.xlsx").write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500
        + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 100)
    return folder


@pytest.fixture(scope="module")
def korean_convert(legacy: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Path]:
    out = tmp_path_factory.mktemp("결과") / "변환 결과"
    # an English locale: the files are Korean, so the run speaks Korean
    result = invoke(["convert", legacy, "-o", out, "--workers", "1"], SALESXL_LANG="en")
    return result, out


def typed_in(legacy: Path) -> set[str]:
    """Words the users typed: the legacy files' names (legacy_cp949.csv's sheet is named after
    the file)."""
    return {w for p in legacy.iterdir() for w in WORD.findall(p.name)}


def shown(text: str, folder: Path) -> str:
    """`text` without the test's temporary folder (/tmp/pytest-of-...), one line."""
    return " ".join(text.replace(str(folder.parent.parent), "").split())


def test_a_korean_convert_prints_korean(korean_convert: tuple[Any, Path], legacy: Path) -> None:
    result, out = korean_convert
    assert result.exit_code == 3, result.output  # two files cannot be read
    text = " ".join((result.stdout + result.stderr).split())
    assert not english(shown(text, legacy), typed_in(legacy)), text
    report = out / "conversion-report.xlsx"
    assert f"오류: 파일 2개를 읽을 수 없습니다 (위 목록과 {report} 참고). 나머지 파일은 변환했습니다" \
        in text
    assert "변환 제외 2행: 결과 파일의 '변환 제외' 시트에서 행마다 사유를 확인하세요 (파일, 시트, 행)" \
        in text
    assert "파일 6개" in text and "변환 3개, 제외 1개, 실패 2개" in text
    assert f"실패: {legacy / '빈 파일.csv'}은(는) 빈 파일입니다 (0바이트)." in text
    assert f"제외: {legacy / '회의록.xlsx'}: 리드 목록으로 보이는 시트가 없습니다 (메모: 처음 " in text
    assert "5개 매칭" in text  # the five headers of 2021 영업.xlsx


def test_the_rejected_sheet_says_why_in_korean_sentences(
        korean_convert: tuple[Any, Path]) -> None:
    _, out = korean_convert
    rows = cells(out / "2021 영업.xlsx")["변환 제외"]
    assert rows[0] == ["원본 파일", "시트", "행", "사유", "원래 값"]
    reasons = {r[2]: r[3] for r in rows[1:]}
    assert reasons == {
        2: "C2 등록일: '2021.13.45' 실제 날짜가 아닙니다 (13월은 없습니다)",
        4: "E4 예산: 'abc' 금액이 아닙니다 (5000000, ₩5,000,000, 500만원, 1.2억처럼 쓰세요)",
    }
    values = {r[2]: r[4] for r in rows[1:]}  # what the row held, as the user reads it: no JSON
    assert values[4] == "고객사: 세종 · 담당자명: 박지훈 · 등록일: 2021.03.06 · 진행상황: 계약완료 · 예산: abc"


def test_the_conversion_report_is_korean_and_fits_its_headers(
        korean_convert: tuple[Any, Path], legacy: Path) -> None:
    _, out = korean_convert
    book = cells(out / "conversion-report.xlsx")
    assert list(book) == ["파일별 결과", "열 매칭"]
    files, columns = book["파일별 결과"], book["열 매칭"]
    assert files[0][:8] == ["파일", "상태", "시트", "입력 행", "변환", "추가", "갱신", "변환 제외"]
    assert files[0][15:17] == ["주의 사항", "오류"]
    by_file = {r[0]: r for r in files[1:-1]}
    assert by_file["2021 영업.xlsx"][1:5] == ["변환", "영업관리", 3, 1]
    assert by_file["빈 파일.csv"][1] == "실패" and by_file["회의록.xlsx"][1] == "제외"
    assert by_file["2020 영업.csv"][14] == "UTF-8 (BOM 포함)"
    assert files[-1][0] == "합계"
    assert columns[0] == ["파일", "시트", "셀", "열 제목", "표준 열", "신뢰도", "매칭 방법", "참고"]
    assert ["2021 영업.xlsx", "영업관리", "E1", "예산", "예산", 100, "열 이름 일치",
            "열 이름 일치 100"] in columns
    # no English in what salesxl wrote (the users' file names, sheets and headers aside)
    written = [v for r in files[1:] for i, v in enumerate(r) if i not in (0, 2, 17)]
    written += [v for r in columns[1:] for v in r[4:]] + files[0] + columns[0]
    text = " ".join(str(v) for v in written if isinstance(v, str))
    assert not english(shown(text, legacy), typed_in(legacy)), text
    # every header shows whole: a Hangul character is two widths, the filter button two more
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        ws = openpyxl.load_workbook(out / "conversion-report.xlsx")["파일별 결과"]
    for cell in ws[1]:
        need = sum(2 if unicodedata.east_asian_width(ch) == "W" else 1 for ch in cell.value) + 2
        assert ws.column_dimensions[cell.column_letter].width >= need, cell.value


def test_the_same_convert_in_english(legacy: Path, tmp_path: Path) -> None:
    result = invoke(["convert", legacy, "-o", tmp_path / "out", "--workers", "1", "--lang", "en"])
    assert result.exit_code == 3, result.output
    text = " ".join((result.stdout + result.stderr).split())
    assert "2 row(s) rejected: see the Rejected sheet of the output for the reason of each" in text
    assert "error: 2 file(s) could not be read" in text
    assert "3 converted, 1 skipped, 2 failed" in text
    assert "no sheet looks like a lead list (메모: no header row with" in text
    book = cells(tmp_path / "out" / "conversion-report.xlsx")
    assert list(book) == ["Files", "Columns"]
    assert book["Files"][0][:3] == ["File", "Status", "Sheets"]
    rows = cells(tmp_path / "out" / "2021 영업.xlsx")["Rejected"]
    assert rows[1][3] == "C2 등록일: '2021.13.45' is not a real date (there is no month 13)"


# --- consolidate ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def reps(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, set[str]]:
    folder = tmp_path_factory.mktemp("팀") / "영업 담당자"
    folder.mkdir()
    team = [r for r in make_team(reps=4, leads=80, seed=3, today=TODAY) if r.lang == "ko"][:3]
    team[1].leads[0]["lead_id"] = team[0].leads[0]["lead_id"]  # one ID, two customers
    for i, rep in enumerate(team):
        write_team_workbook(folder / f"영업{i}.xlsx", Config.default(language="ko"),
                            rep.tables(), lang="ko")
    (folder / "빈 파일.xlsx").write_bytes(b"")
    (folder / "2019 영업.csv").write_text("고객사,담당자명\n한빛,김철수\n", encoding="utf-8")
    write_xlsx(folder / "회의록.xlsx", {"메모": [["회의 메모"]]})
    # what the checks read holds no lead values: only the file names were typed by users
    return folder, {w for p in folder.iterdir() for w in WORD.findall(p.name)}


def test_a_korean_consolidate_prints_and_writes_korean(reps: tuple[Path, set[str]],
                                                       tmp_path: Path) -> None:
    folder, typed = reps
    team = tmp_path / "팀.xlsx"
    result = invoke(["consolidate", folder, "-o", team, "--workers", "1"], SALESXL_LANG="en")
    assert result.exit_code == 3, result.output  # two workbooks failed
    text = " ".join((result.stdout + result.stderr).split())
    assert not english(shown(text.replace(str(tmp_path), ""), folder), typed), text
    assert "실패: 빈 파일.xlsx: 이 파일은 빈 파일입니다 (0바이트). 백업에서 복원하거나 다시 복사하세요" in text
    assert ("실패: 회의록.xlsx: 리드 표가 없습니다: '리드' 시트도, 첫 행들에 리드 머리글이 있는 시트도 "
            "없습니다 (시트: 메모).") in text
    assert ("제외: 2019 영업.csv: 영업 담당자 통합문서가 아닌 기존 .csv 파일이라 리드를 팀 통합문서에 "
            "넣지 않았습니다. 추가하려면 다음을 실행하세요: `salesxl convert ") in text
    assert "오류: 통합문서 6개 중 2개를 합치지 못했습니다" in text
    # the second rep's activities still name the lead by the ID it gave away
    assert "이 통합문서의 리드 시트에 없는 리드 번호입니다: 행은 이 번호 그대로 둡니다" in text
    sources = cells(team)["출처"]
    assert sources[0][:4] == ["파일", "영업 담당", "상태", "사유 / 참고"]
    by_file = {r[0]: r for r in sources[1:] if r[0]}
    assert by_file["빈 파일.xlsx"][2:4] == [
        "실패", "이 파일은 빈 파일입니다 (0바이트). 백업에서 복원하거나 다시 복사하세요"]
    assert by_file["2019 영업.csv"][2] == "제외"
    assert by_file["합계"][2] == "정상 3, 실패 2, 제외 1"
    notes = [r[3] for r in sources if r[0] == "참고"]
    assert "팀 설정(파이프라인, 고객 등급, 공휴일)은 영업0.xlsx의 설정 시트를 따릅니다" in notes
    conflicts = cells(team)["충돌"]
    assert conflicts[0][-2:] == ["일치 기준", "처리"]
    lead = conflicts[1][6]  # the ID both reps gave: the second rep's row is renamed
    assert conflicts[1][0] == f"{lead}@영업1"
    assert conflicts[1][-1] == f"다른 고객이 같은 리드 번호 {lead}을 사용: 팀 통합문서에서는 {lead}@영업1"
    visible = [v for r in sources for i, v in enumerate(r) if i in (2, 3) or r is sources[0]]
    assert not english(shown(" ".join(v for v in visible if isinstance(v, str)), folder), typed)


def test_the_same_consolidate_in_english(reps: tuple[Path, set[str]], tmp_path: Path) -> None:
    folder, _ = reps
    result = invoke(["consolidate", folder, "-o", tmp_path / "team.xlsx", "--workers", "1",
                     "--lang", "en"])
    text = " ".join((result.stdout + result.stderr).split())
    assert ("failed: 빈 파일.xlsx: this file is empty (0 bytes): restore it from a backup or "
            "copy it again") in text
    assert ("skipped: 2019 영업.csv: a legacy .csv file, not a rep workbook: its leads are not "
            "in the team workbook") in text
    sources = cells(tmp_path / "team.xlsx")["Sources"]
    assert {r[0]: r[2] for r in sources[1:] if r[0]}["Total"] == "3 ok, 2 failed, 1 skipped"


# --- the Targets notes and the Config sheet, in both languages ------------------------------
def test_targets_notes_in_both_languages() -> None:
    import pandas as pd

    rows = pd.DataFrame({"rep": ["김영업", "김영업", None, "박영희"],
                         "period": ["2026-11", "2026-11", "2026-Q4", "내년"],
                         "won_amount": [1e7, 2e7, 9e7, 1e7]})
    bad, twice = Targets.build(rows).notes
    assert bad.text("ko") == "목표: 기간이 2026-11이나 2026-Q4 같은 형식이 아닌 1행은 빼고 계산했습니다 (내년)"
    assert bad.text("en") == ("Targets: 1 row(s) with a period that is not YYYY-MM or "
                              "YYYY-Q1..Q4 were left out (내년)")
    assert twice.text("ko") == ("목표: 같은 영업 담당자와 기간이 여러 행에 있습니다 (김영업 2026-11). "
                                "마지막 행을 씁니다")


def test_a_korean_config_sheet_lists_its_wrong_values_in_korean() -> None:
    from salesxl.core.errors import WorkbookError

    grid = [["기본 설정", None, None], ["항목", "값", "설명"], ["언어", "fr", ""],
            ["근무일", "매일", ""], [None, None, None],
            ["고객 등급", None, None], ["등급", "연락 주기(일)", "연락 방법"], ["A", "자주", "전화"]]
    with pytest.raises(WorkbookError) as bad:
        read_config(grid, "설정", "팀.xlsx")
    assert bad.value.text("ko") == (
        "팀.xlsx: 설정 시트에 잘못된 값이 3개 있습니다:\n"
        "  설정!B3: 언어 'fr' salesxl이 쓰는 표시 언어가 아닙니다 (ko 또는 en으로 쓰세요)\n"
        "  설정!B4: 근무일 '매일' 요일 목록이 아닙니다 (월,화,수,목,금 또는 Mon,Tue,Wed,Thu,Fri처럼 "
        "쓰세요)\n"
        "  설정!B8: 연락 주기(일) '자주' 올바른 연락 주기가 아닙니다 (0보다 큰 일수를 정수로 쓰세요)")
    assert str(bad.value).splitlines()[0] == "팀.xlsx: the Config sheet has 3 wrong value(s):"
    assert str(bad.value).splitlines()[3] == (
        "  설정!B8: cadence_days '자주' is not a valid tier cadence (a whole number of days "
        "above 0)")


def test_a_sheet_skipped_by_its_name_says_which_in_korean() -> None:
    from salesxl.commands.convert.locate import not_a_lead_list_reason

    why = not_a_lead_list_reason("활동 내역")
    assert isinstance(why, Msg)
    assert why.text("ko") == "팀 통합문서의 활동 내역 시트입니다"


def test_strict_stops_a_korean_run_in_korean(tmp_path: Path) -> None:
    legacy = tmp_path / "원본"
    legacy.mkdir()
    # 고객 could be the company or the contact; 담당 and 연락 are guesses; 금액 is a label
    write_xlsx(legacy / "애매.xlsx", {"시트1": [["고객", "담당", "연락", "금액"],
                                              ["한빛", "김", "010-1111-2222", "100만원"]]})
    result = invoke(["convert", legacy, "-o", tmp_path / "결과", "--strict"], SALESXL_LANG="en")
    assert result.exit_code == 1, result.output
    err = " ".join(result.stderr.split())
    assert "오류: --strict: 열 제목 3개의 매칭이 불확실하거나 모호해 멈췄습니다:" in err
    assert "애매.xlsx: 시트1!A1 '고객': 매칭 확인 필요 (모호함: 고객사명 " in err
    mapping = tmp_path / "결과" / "mapping.yaml"
    assert f"제안한 매핑은 {mapping}에 있습니다. 확인한 뒤 --mapping {mapping}로 다시 실행하세요" in err
    assert not english(err.replace(str(tmp_path), ""), {"strict"})
    english_run = invoke(["convert", legacy, "-o", tmp_path / "out", "--strict", "--lang", "en"])
    assert ("--strict stopped the run: 3 header match(es) are doubtful (low confidence or "
            "ambiguous):") in " ".join(english_run.stderr.split())


def test_a_korean_pipeline_that_cannot_work_is_explained_in_korean() -> None:
    from salesxl.core.errors import WorkbookError

    header = ["단계 키", "영문명", "한글명", "유형", "확률"]
    stages = [["proposal", "Proposal", "제안", "진행", 0.5], ["won", "Won", "수주", "수주", 1],
              ["upgraded", "Upgraded", "업셀", "수주", 1], ["on_hold", "On hold", "보류", "보류", 0]]
    with pytest.raises(WorkbookError) as no_lost:  # every row is fine; 'lost' is missing
        read_config([["파이프라인"], header, *stages], "설정", "팀.xlsx")
    assert no_lost.value.text("ko") == (
        "팀.xlsx: 설정 시트의 설정이 올바르지 않습니다: 파이프라인에 단계 키가 'lost'인 결과 단계가 "
        "있어야 합니다. 시트를 고치거나, 기본 설정을 쓰려면 시트를 지우세요.")
    stages[0][3] = "가끔"
    with pytest.raises(WorkbookError) as odd_type:
        read_config([["파이프라인"], header, *stages], "설정", "팀.xlsx")
    assert odd_type.value.text("ko").splitlines()[1] == (
        "  설정!D3: 유형 '가끔' 'proposal' 단계에 맞지 않는 값입니다: 다음 중 하나여야 합니다: "
        "진행, 수주, 실주, 보류")
