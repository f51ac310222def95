"""The parts of the converter, rule by rule: encodings, header matching, totals, phones, IDs."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salesxl.commands.convert.api import collect_inputs
from salesxl.commands.convert.into import match_keys
from salesxl.commands.convert.locate import is_totals_row, locate, not_a_lead_list_reason
from salesxl.commands.convert.mapping import (
    Mapper,
    Match,
    load_mapping,
    overrides_for,
    unit_factor,
    write_mapping,
)
from salesxl.commands.convert.rows import is_note, legacy_lead_id
from salesxl.core.errors import UsageError, WorkbookError
from salesxl.core.messages import Msg
from salesxl.core.values import read_phone
from salesxl.io.legacy.sources import RawSheet, read_source
from salesxl.io.legacy.textfile import detect_encoding, sniff_delimiter

TEXT = "고객사,연락처\n한빛소프트,010-1234-5678\n"


@pytest.mark.parametrize("data, encoding", [
    (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
    (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16"),
    (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
    (TEXT.encode("utf-16-le"), "utf-16-le"),
    (TEXT.encode("utf-16-be"), "utf-16-be"),
    (TEXT.encode("utf-8"), "utf-8"),
    (TEXT.encode("cp949"), "cp949"),
    (TEXT.encode("euc-kr"), "cp949"),
    ("똠방각하,뷁\n".encode("cp949"), "cp949"),  # CP949-only syllables (not in EUC-KR)
])
def test_encodings(data: bytes, encoding: str) -> None:
    assert detect_encoding(data) == encoding


def test_a_european_file_is_not_taken_for_cp949() -> None:
    data = ("Firma;Straße;Ansprechpartner\nMüller GmbH;Hauptstraße 5;Jörg Groß\n" * 3).encode(
        "cp1252")
    assert data.decode(detect_encoding(data)).startswith("Firma;Straße")


def test_binary_is_not_text(tmp_path: Path) -> None:
    path = tmp_path / "photo.csv"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(WorkbookError, match="binary"):
        read_source(path)


@pytest.mark.parametrize("text, delimiter", [
    ("a,b,c\n1,2,3\n", ","), ("a;b;c\n1;2,5;3\n", ";"), ("a\tb\n1\t2\n", "\t"),
    ("a|b|c\n1|2|3\n", "|"), ('"x, y",b\n"1, 2",3\n', ","),
])
def test_delimiters(text: str, delimiter: str) -> None:
    assert sniff_delimiter(text) == delimiter


@pytest.mark.parametrize("header, key, how, confidence", [
    ("고객사", "company", "label", 100),
    ("Company Name", "company", "label", 100),
    ("Co.", "company", "label", 100),
    ("Amt", "deal_amount", "label", 100),
    ("예산 금액(원)", "budget_amount", "label", 100),
    ("예산(만원)", "budget_amount", "label", 100),
    ("회사명 (필수)", "company", "label", 95),
    ("진행상황", "stage", "label", 100),
    ("Compnay", "company", "low confidence", 85),
    ("Customer E-mail", "email", "low confidence", 81),
    ("Contact Person", "contact_name", "low confidence", 83),
    ("Phone No.", "phone", "low confidence", 83),
    ("Owner's memo", "notes", "low confidence", 82),  # ends in 'memo'
    ("Next Contact Date", None, "ambiguous", 84),
    ("고객사명", "company", "label", 100),  # the Korean label itself (TERMS-ko)
    ("Weighted amount", None, "computed", 100),
    ("xyz", None, "unmapped", 0),
])
def test_header_matching(header: str, key: str | None, how: str, confidence: int) -> None:
    m = Mapper().assign({0: (header,)})[0]
    assert (m.key, m.how, m.confidence) == (key, how, confidence)


def test_a_second_header_for_a_taken_column_is_a_duplicate_not_a_guess() -> None:
    m = Mapper().assign({0: ("회사명",), 1: ("Compnay",), 2: ("Phone",), 3: ("Phone",)})
    assert [(x.key, x.how) for x in m.values()] == [
        ("company", "label"), (None, "duplicate"), ("phone", "label"), (None, "duplicate")]


def test_mapping_file_overrides_win_and_null_keeps_a_column_in_extra() -> None:
    mapper = Mapper({"Compnay": "company", "비고": None, "금액 (천원)": "budget_amount"})
    m = mapper.assign({0: ("Compnay",), 1: ("비고",), 2: ("금액 (천원)",), 3: ("Contact",)})
    assert [(x.key, x.how, x.unit) for x in m.values()] == [
        ("company", "mapping file", 1.0), (None, "mapping file", 1.0),
        ("budget_amount", "mapping file", 1000.0), ("contact_name", "label", 1.0)]


@pytest.mark.parametrize("header, factor", [
    ("예산(만원)", 1e4), ("금액 (천원)", 1e3), ("Amount (K)", 1e3), ("금액[백만원]", 1e6),
    ("예산 (단위: 억원)", 1e8), ("금액(원)", 1), ("Amount", 1), ("Amount (VAT incl.)", 1),
])
def test_unit_notes(header: str, factor: float) -> None:
    assert unit_factor(header) == factor


def test_mapping_files_round_trip(tmp_path: Path) -> None:
    matches = [Match("고객사", "company", 100, "label"), Match("Owner's memo", None, 66,
                                                               "unmapped", (("rep", 66),))]
    for name in ("mapping.yaml", "mapping.json"):
        decisions = [(m.header, m.key, m.describe()) for m in matches]
        path = write_mapping(tmp_path / name, {"old/2019.csv": decisions},
                             keep={"*": {"Amt": "deal_amount"}})
        spec = load_mapping(path)
        assert spec == {"*": {"Amt": "deal_amount"},
                        "old/2019.csv": {"고객사": "company", "Owner's memo": None}}
        assert overrides_for(spec, "old/2019.csv") == {"Amt": "deal_amount", "고객사": "company",
                                                       "Owner's memo": None}


@pytest.mark.parametrize("text, message", [
    ("a.csv:\n  Company: firm\n", "'firm', which is not a Leads column"),
    ("- just a list\n", "a mapping file holds"),
    ("a.csv: [1, 2]\n", "must map header texts"),
    ("a.csv: {x: [}\n", "not valid YAML"),
])
def test_bad_mapping_files_are_usage_errors(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UsageError, match=message):
        load_mapping(path)


@pytest.mark.parametrize("row, totals", [
    (["합계", "", 1500000.0, "3,000만원"], True),
    (["", "소계", 3.0], True),
    (["Grand Total", 12, 1e6], True),
    (["TOTAL:"], True),
    (["평균", 5e5], True),
    (["합계(30건)", 1e6], True),
    (["Total Co.", "Kim"], False),
    (["합계", "Kim"], False),
    (["ACME", 5.0], False),
    (["합계", "2026-03-05"], False),
])
def test_totals_rows(row: list, totals: bool) -> None:
    assert is_totals_row(row) is totals


@pytest.mark.parametrize("raw, phone", [
    ("010-1234-5678", "010-1234-5678"),
    ("+82 10-1234-5678", "+82 10-1234-5678"),
    ("01012345678", "01012345678"),
    (1012345678.0, "010-1234-5678"),
    (1012345678, "010-1234-5678"),
    ("1012345678", "010-1234-5678"),
    (212345678.0, "02-1234-5678"),
    (315551234.0, "031-555-1234"),
    (12345.0, "12345"),
    ("n/a", "n/a"),
    ("", None),
])
def test_phones_keep_or_regain_their_leading_zero(raw: object, phone: str | None) -> None:
    assert read_phone(raw) == phone


def test_generated_ids_are_stable_and_follow_the_lead() -> None:
    a = legacy_lead_id("2019.csv", "2019", 5, "ACME", "Kim")
    assert a == legacy_lead_id("2019.csv", "2019", 5, " acme", "KIM")
    assert a != legacy_lead_id("2019.csv", "2019", 6, "ACME", "Kim")
    assert a != legacy_lead_id("2019.csv", "2019", 5, "Beta", "Kim")
    assert a != legacy_lead_id("2020.csv", "2019", 5, "ACME", "Kim")


def test_notes_under_a_table() -> None:
    assert [is_note(t) for t in ("※ 단위: 원", "* VAT 별도", "주) 2019년", "Note: x", "ACME",
                                 "*ACME*")] == [True, True, True, True, False, True]


def test_leads_match_by_id_then_email_then_phone() -> None:
    assert match_keys({"email": "MAILTO:Kim@Acme.kr", "phone": "02-555-1234 (ext)"}) == [
        ("email", "kim@acme.kr"), ("phone", "#025551234")]  # digits: phonenumbers refused it


def test_sheets_of_a_team_workbook_are_not_lead_lists() -> None:
    assert str(not_a_lead_list_reason("Activities")) == (
        "it is the Activities sheet of a team workbook")
    assert str(not_a_lead_list_reason("설정")) == "it is the Config sheet of a team workbook"
    assert str(not_a_lead_list_reason("Extra")) == "it is the Extra sheet of a team workbook"
    assert not_a_lead_list_reason("설정").text("ko") == "팀 통합문서의 설정 시트입니다"
    assert not_a_lead_list_reason("Extra").text("ko") == "팀 통합문서의 추가 항목 시트입니다"
    assert not_a_lead_list_reason("리드") is None


def test_a_header_below_notes_and_blank_rows_is_found() -> None:
    grid = [["거래처 현황"], ["※ 2019년 기준"], [], [], ["", "업체명", "대표 연락처", "상태"],
            ["", "한빛", "010-1234-5678", "상담중"], ["", "", "", ""], ["", "대한", "", "보류"]]
    lay = locate(RawSheet("S", grid), Mapper())
    assert not isinstance(lay, Msg)
    assert (lay.header_row, lay.data_rows, lay.blank_rows) == (4, [5, 7], 1)
    assert lay.keys == {"company": 1, "phone": 2, "stage": 3}
    # two known columns but none that tells leads apart: not a lead list, and the reason says so
    why = locate(RawSheet("S", [["Stage", "Amount"], ["won", 5]]), Mapper())
    assert str(why) == (
        "the best header row, row 1 (deal_amount, stage), lacks an identifying column (company, "
        "contact, e-mail, phone or lead ID) and 3 known columns in all")
    assert why.text("ko") == (  # type: ignore[union-attr]
        "가장 알맞은 머리글 행인 1행(예상 금액, 영업 단계)에 리드를 구별하는 열(고객사명, 고객 담당자명, "
        "이메일, 전화번호, 리드 번호 중 하나)과 아는 열 모두 3개 이상이 없습니다")


def test_inputs_skip_hidden_lock_and_output_files(tmp_path: Path) -> None:
    for name in ("a.csv", "sub/b.xlsx", "sub/a.csv", ".hidden/c.csv", "~$d.xlsx", "e.pdf",
                 "out/f.xlsx", "sub/conversion-report.xlsx"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    found = collect_inputs([tmp_path, tmp_path / "a.csv"], [tmp_path / "out"])
    assert [name for _, name in found] == ["a.csv", "sub/a.csv", "sub/b.xlsx"]
    with pytest.raises(WorkbookError, match="no such file"):  # exit 3, as every reader
        collect_inputs([tmp_path / "missing"])


# --- the header search passes over rows that cannot win --------------------------------------

_HEADER_WORDS = ["Co.", "Company", "Compnay", "Tel", "E-mail", "Amt", "Status", "Date", "Region",
                 "Source", "Referral", "Qualification", "Closed Won", "Owner's memo", "고객사",
                 "담당자명", "연락처", "예산(만원)", "진행상황", "등록일", "비고", "회사명칭", "업체명",
                 "한빛소프트 12", "김민수", "user1@example.kr", "서울", "Decision maker?",
                 "결정권자 여부", "Budget (K)", "Contact person name", "Notes"]


def _old_find_header(grid: list[list[object]], mapper: Mapper) -> tuple[int, int, dict] | None:
    """find_header as it was before the bound: every candidate row assigned and scored."""
    from salesxl.commands.convert.locate import _candidates, _header_like, _score, _texts
    from salesxl.core.headers import scan_rows

    rows = list(scan_rows(grid))
    exact = {r: sum(mapper.exact(t) is not None for t in _texts(grid[r]).values()) for r in rows}
    tried = [r for r in rows if exact[r] or exact.get(r - 1)] or list(rows)
    best = None
    for r in tried:
        for two in [False] + ([True] if r > 0 and _header_like(grid[r - 1]) else []):
            matches = mapper.assign(_candidates(grid, r, two))
            score = _score(matches)
            if score[0] and (best is None or score > best[0]):
                best = (score, r, 2 if two else 1, matches)
    return None if best is None else best[1:]  # type: ignore[return-value]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.one_of(st.sampled_from(_HEADER_WORDS), st.just(""),
                                   st.integers(0, 10**8)), min_size=1, max_size=8),
                min_size=1, max_size=12))
def test_the_header_search_finds_what_trying_every_row_finds(grid: list[list[object]]) -> None:
    from salesxl.commands.convert.locate import _candidates, _score, find_header

    mapper = Mapper()
    assert find_header(grid, mapper) == _old_find_header(grid, mapper)
    for r in range(len(grid)):  # the bound is a bound, one-row and two-row readings alike
        for two in ([False, True] if r else [False]):
            columns = _candidates(grid, r, two)
            got, bound = _score(mapper.assign(columns)), mapper.best_possible(columns)
            assert got[0] <= bound[0] and got[1] <= bound[1], (columns, got, bound)


def test_a_fuller_header_below_a_weaker_one_still_wins() -> None:
    from salesxl.commands.convert.locate import find_header

    grid = [["Company", "Tel", "x"], ["ACME", "010-1234-5678", "Referral"],
            ["Company", "Tel", "E-mail", "Status"], ["ACME", "010", "a@b.kr", "Qualification"]]
    found = find_header(grid, Mapper())
    assert found is not None and found[:2] == (2, 1)
    assert [m.key for m in found[2].values()] == ["company", "phone", "email", "stage"]


def test_a_row_with_two_bad_cells_names_both_in_column_order() -> None:
    from salesxl.commands.convert.rows import ValueRules, convert_sheet
    from salesxl.core.config import Config

    grid = [["고객사", "예산", "등록일", "메모"], ["한빛", "abc", "2026-13-45", "x"],
            ["대한", "500만원", "2026-03-05", ""], ["세종", "", "어제", ""]]
    lay = locate(RawSheet("S", grid), Mapper())
    assert not isinstance(lay, Msg)
    conv = convert_sheet(lay, ValueRules(Config.default()), file="f.csv", sheet="S")
    assert conv.rows_in == 3 and len(conv.leads) == 1 and len(conv.rejected) == 2
    assert conv.leads[0]["company"] == "대한" and conv.leads[0]["budget_amount"] == 5e6
    first, second = conv.rejected
    assert first[:3] == ["f.csv", "S", 2]
    reason = first[3]
    assert reason.startswith("B2 예산: 'abc' ") and "; C2 등록일: '2026-13-45' " in reason
    assert reason.count("; ") == 1
    assert second[2] == 4 and second[3].startswith("C4 등록일: '어제' ") and "; " not in second[3]
    assert first[4] == "고객사: 한빛 · 예산: abc · 등록일: 2026-13-45 · 메모: x"
