"""Real-world legacy headers and the Leads column each means (worked out by hand from
../shared/TERMS-ko.md §7, Korean B2B sales sheets, and Salesforce/HubSpot/Pipedrive exports).

`None` means the column must go to the Extra sheet (kept, never guessed).
"""

from __future__ import annotations

import pytest

from salesxl.commands.convert.mapping import Mapper, is_yesno_header

HEADERS: list[tuple[str, str | None]] = [
    # company
    ("고객사", "company"), ("고객사명", "company"), ("거래처", "company"), ("거래처명", "company"),
    ("회사명", "company"), ("업체명", "company"), ("기업명", "company"), ("상호", "company"),
    ("법인명", "company"), ("Account Name", "company"), ("Company", "company"),
    # contact
    ("담당자명", "contact_name"), ("고객 담당자", "contact_name"), ("담당자 이름", "contact_name"),
    ("면담자", "contact_name"), ("실무자", "contact_name"), ("Contact Name", "contact_name"),
    ("직책", "contact_title"), ("직급", "contact_title"), ("직위", "contact_title"),
    ("Title", "contact_title"),
    # our rep
    ("담당영업", "rep"), ("영업담당", "rep"), ("영업담당자", "rep"), ("영업 담당자", "rep"),
    ("영업사원", "rep"), ("영업대표", "rep"), ("담당사원", "rep"), ("작성자", "rep"),
    ("Lead Owner", "rep"), ("Deal owner", "rep"),
    # contact data
    ("연락처", "phone"), ("전화번호", "phone"), ("휴대폰", "phone"), ("핸드폰", "phone"),
    ("Tel", "phone"), ("Mobile", "phone"), ("이메일", "email"), ("E-mail", "email"),
    ("메일", "email"),
    # source
    ("유입경로", "source"), ("리드 소스", "source"), ("인입 경로", "source"),
    ("Lead Source", "source"), ("유입 유형", "source_type"),
    # stage and outcome
    ("진행상태", "stage"), ("진행상황", "stage"), ("영업단계", "stage"), ("진행단계", "stage"),
    ("Lead Status", "stage"), ("Deal Stage", "stage"),
    ("결과", "outcome"), ("수주여부", "outcome"), ("수주/실주", "outcome"),
    ("실주사유", "lost_reason"), ("실패 사유", "lost_reason"), ("Lost Reason", "lost_reason"),
    # dates
    ("수주예정일", "expected_close_on"), ("계약예정일", "expected_close_on"),
    ("계약 예정 일자", "expected_close_on"), ("수주 예정 일자", "expected_close_on"),
    ("마감예정일", "expected_close_on"), ("Close Date", "expected_close_on"),
    ("Expected Close Date", "expected_close_on"),
    ("도입예정일", "decision_date"), ("도입 예정 일자", "decision_date"),
    ("구매 결정 시기", "decision_date"), ("Timeline", "decision_date"),
    ("등록일", "created_on"), ("접수일", "created_on"), ("작성일자", "created_on"),
    ("최초 문의일", "created_on"), ("Created Date", "created_on"),
    ("최근 접촉일", "last_contact_on"), ("최종 컨택일", "last_contact_on"),
    ("최근 방문일", "last_contact_on"), ("Last Activity", "last_contact_on"),
    ("차기 방문일", "next_follow_up_on"), ("다음 연락일", "next_follow_up_on"),
    ("F/U 예정일", "next_follow_up_on"),
    # money
    ("예상금액", "deal_amount"), ("견적금액", "deal_amount"), ("제안금액", "deal_amount"),
    ("계약금액", "deal_amount"), ("수주금액", "deal_amount"), ("공급가액", "deal_amount"),
    ("Amount", "deal_amount"), ("Deal Value", "deal_amount"),
    ("예산", "budget_amount"), ("고객 예산", "budget_amount"), ("Budget", "budget_amount"),
    ("확률", "probability"), ("수주확률", "probability"), ("확도", "probability"),
    ("Probability (%)", "probability"),
    # BANT yes/no: 여부 and 유무 mean yes/no columns
    ("예산확보여부", "budget_confirmed"), ("예산 확정 여부", "budget_confirmed"),
    ("예산 확보 유무", "budget_confirmed"),
    ("결정권자여부", "is_decision_maker"), ("의사결정권자 여부", "is_decision_maker"),
    ("결정권자 유무", "is_decision_maker"), ("키맨 여부", "is_decision_maker"),
    ("결정권자", "decision_maker"), ("의사결정권자", "decision_maker"), ("키맨", "decision_maker"),
    ("Decision Maker", "decision_maker"),
    ("니즈", "need"), ("요청사항", "need"), ("니즈 수준", "need_level"),
    # other
    ("비고", "notes"), ("특이사항", "notes"), ("상담내용", "notes"), ("Description", "notes"),
    ("향후 계획", "next_step"), ("Next Step", "next_step"),
    ("업종", "industry"), ("Industry", "industry"), ("지역", "region"), ("시/도", "region"),
    ("고객등급", "tier"), ("추천인", "referred_by"), ("소개자", "referred_by"),
    ("관리번호", "lead_id"), ("No.", "lead_id"),
    # computed or unrelated: kept in Extra
    ("가중금액", None), ("가중 매출", None), ("Rating", None), ("xyz", None),
]


def test_there_are_enough_real_world_headers() -> None:
    assert len(HEADERS) >= 60
    assert len({h for h, _ in HEADERS}) == len(HEADERS)


@pytest.mark.parametrize(("header", "key"), HEADERS, ids=[h for h, _ in HEADERS])
def test_a_legacy_header_means_its_column(header: str, key: str | None) -> None:
    match = Mapper().assign({0: (header,)})[0]
    assert match.key == key, match.describe()
    if key is not None:
        assert match.confidence >= 90, match.describe()  # sure: not a low-confidence guess


def test_a_yes_no_header_prefers_the_yes_no_column() -> None:
    assert is_yesno_header("결정권자여부") and is_yesno_header("예산 유무")
    assert not is_yesno_header("결정권자")
    # a misspelt 여부 header still lands on the yes/no column, not the name column
    match = Mapper().assign({0: ("결정권자여뷰 여부",)})[0]
    assert match.key == "is_decision_maker", match.describe()


def test_a_whole_legacy_sheet_maps_each_column_once() -> None:
    row = ("No.", "고객사", "담당자명", "연락처", "담당영업", "진행상태", "견적금액", "계약예정일",
           "결정권자여부", "결정권자", "비고")
    got = Mapper().assign(dict(enumerate((h,) for h in row)))
    assert [m.key for m in got.values()] == [
        "lead_id", "company", "contact_name", "phone", "rep", "stage", "deal_amount",
        "expected_close_on", "is_decision_maker", "decision_maker", "notes"]
