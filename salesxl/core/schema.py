"""The team workbook's tables, declared once.

Every column has a canonical snake_case key, a type, English and Korean labels, synonyms
(the words legacy sheets and hand-made workbooks use) and, where it has one, its list of
allowed values. The template, the readers, the rules and the legacy converter all read
this module; nothing else declares a column.

Example:
    >>> LEADS.column("budget_amount").ko, LEADS.column("rep").ko
    ('예산', '영업 담당')
    >>> TABLES["leads"].match_header("Budget Amount (₩)")
    'budget_amount'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from salesxl.core.vocab import (
    ACTIVITY_TYPES,
    BANT_STATUSES,
    CHANNELS,
    CLOSING_TECHNIQUES,
    FOLLOW_UP_STATUSES,
    NEED_LEVELS,
    OBJECTION_CATEGORIES,
    SOURCE_TYPES,
    TIERS,
    YES_NO,
    Choice,
    Vocabulary,
    Word,
    normalize_header,
)

SCHEMA_VERSION = 1

ColumnType = Literal[
    "id", "text", "longtext", "date", "datetime", "amount", "number", "int", "percent",
    "yesno", "choice", "email", "phone",
]
# A column's list of allowed words: a Vocabulary, or the name of one the Config holds
# ("stages", "outcomes", "tiers" and the category lists "sources", "industries"...).
Choices = Vocabulary | str | None


@dataclass(frozen=True)
class Column:
    """One column of a table."""

    key: str
    type: ColumnType
    en: str
    ko: str
    synonyms: tuple[str, ...] = ()
    choices: Choices = None
    personal: bool = False  # personal data: masked when a team consolidates
    computed: bool = False  # written by salesxl (BANT results, follow-ups...)
    width: float = 14
    formula: str | None = None  # an Excel formula over {column_key} cells of the same row
    doc: str = ""

    def label(self, lang: str) -> str:
        return self.ko if lang == "ko" else self.en

    def names(self) -> tuple[str, ...]:
        """Every header text that means this column."""
        return (self.key, self.en, self.ko, *self.synonyms)


@dataclass(frozen=True)
class Table:
    """One table of the team workbook (one sheet)."""

    key: str
    en: str
    ko: str
    columns: tuple[Column, ...]
    synonyms: tuple[str, ...] = ()
    personal: bool = False
    append_only: bool = False
    doc: str = ""
    _index: dict[str, Column] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        seen: dict[str, str] = {}
        for col in self.columns:
            self._index[col.key] = col
            for name in col.names():
                norm = normalize_header(name)
                if norm in seen and seen[norm] != col.key:
                    raise ValueError(
                        f"{self.key}: header {name!r} would mean both {seen[norm]} and {col.key}"
                    )
                seen[norm] = col.key
        object.__setattr__(self, "_headers", seen)

    def label(self, lang: str) -> str:
        return self.ko if lang == "ko" else self.en

    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.columns]

    def column(self, key: str) -> Column:
        return self._index[key]

    def has(self, key: str) -> bool:
        return key in self._index

    def match_header(self, text: object) -> str | None:
        """The canonical key a header cell means, or None for a column salesxl does not know."""
        if text is None:
            return None
        headers: dict[str, str] = self._headers  # type: ignore[attr-defined]
        return headers.get(normalize_header(str(text)))

    def names(self) -> tuple[str, ...]:
        return (self.key, self.en, self.ko, *self.synonyms)


# Activities, Objections and History show the lead's company beside its ID: a formula over the
# Leads sheet's ID and company columns (names the template defines), in Excel and LibreOffice.
LEAD_COMPANY_FORMULA = ('=IF({lead_id}="","",IFERROR(INDEX(salesxl_lead_companies,'
                        'MATCH({lead_id},salesxl_lead_ids,0)),""))')


def _c(key: str, type_: ColumnType, en: str, ko: str, *synonyms: str, **kw: object) -> Column:
    return Column(key, type_, en, ko, tuple(synonyms), **kw)  # type: ignore[arg-type]


LEADS = Table(
    "leads", "Leads", "리드", synonyms=("lead list", "leads list", "고객 목록", "영업 리드", "리드 목록",
                                        "prospects", "pipeline", "영업관리", "영업 관리", "리드 관리"),
    doc="One row per lead or deal: who, where it came from, BANT, stage and follow-up.",
    columns=(
        _c("lead_id", "id", "Lead ID", "리드 번호", "id", "lead no", "no", "번호", "리드번호", "고객번호",
           "리드 ID", "관리번호", "no.", width=12),
        _c("created_on", "date", "Created on", "등록일", "created", "date added", "작성일", "등록 일자",
           "date", "작성일자", "접수일", "생성일", "최초 문의일", "최초문의일", "created date", "create date", "date created",
           width=12),
        _c("rep", "text", "Rep", "영업 담당", "owner", "sales rep", "salesperson", "담당 영업",
           "영업사원", "영업담당", "담당영업", "영업담당자", "영업 담당자", "영업대표", "담당사원",
           "account executive", "ae", "담당자", "작성자", "lead owner", "deal owner",
           "account owner", "opportunity owner", width=12),
        _c("company", "text", "Company", "고객사명", "account", "organization", "organisation",
           "company name", "고객사", "업체명", "회사", "회사명", "거래처", "거래처명", "co", "기업명",
           "상호", "법인명", "사업자명", "account name", "company / account", width=22),
        _c("contact_name", "text", "Contact", "고객 담당자", "contact name", "name", "person",
           "고객명", "성명", "이름", "담당자명", "고객 담당자명", "고객사 담당자", "담당자 이름", "면담자",
           "실무자", width=14),
        _c("contact_title", "text", "Title", "직책", "contact title", "position", "job title", "직급",
           "직위", "직함", "부서/직책", width=12),
        _c("email", "email", "E-mail", "이메일", "mail", "email address", "e-mail address", "메일",
           "메일주소", "이메일 주소", personal=True, width=24),
        _c("phone", "phone", "Phone", "전화번호", "tel", "mobile", "phone number", "연락처", "휴대폰",
           "핸드폰", "전화", "회사전화", "휴대폰 번호", personal=True, width=16),
        _c("source", "choice", "Source", "유입 경로", "lead source", "channel source", "출처", "유입경로",
           "경로", "리드 소스", "인입 경로", "접수 경로", choices="sources", width=14),
        _c("source_type", "choice", "Source type", "유입 유형", "inbound/outbound", "인/아웃바운드",
           "인바운드/아웃바운드", "소스 유형", choices=SOURCE_TYPES, width=12),
        _c("industry", "choice", "Industry", "업종", "sector", "산업", "산업 분야", choices="industries",
           width=14),
        _c("region", "choice", "Region", "지역", "area", "territory", "location", "권역", "시/도",
           choices="regions", width=10),
        _c("tier", "choice", "Tier", "고객 등급", "customer tier", "grade", "등급", "고객등급",
           "중요도", "우선순위", choices="tiers", width=8),
        _c("budget_amount", "amount", "Budget", "예산", "budget amount", "예산 금액", "예산금액",
           "고객 예산", "예산 규모", width=16),
        _c("budget_currency", "text", "Currency", "통화", "budget currency", width=8),
        _c("budget_confirmed", "yesno", "Budget confirmed", "예산 확보 여부", "budget ok",
           "예산확정", "예산 확정", "예산확보여부", "예산 확정 여부", "예산 편성 여부", "예산 확보",
           choices=YES_NO, width=10),
        _c("is_decision_maker", "yesno", "Is decision maker", "결정권자 여부", "is dm", "dm?",
           "dm", "kp", "키맨 여부", "의사결정자 여부", "결정권자여부", "의사결정권자 여부", "결정권 유무",
           "결정권자 유무", choices=YES_NO, width=10),
        _c("decision_maker", "text", "Decision maker", "의사결정권자", "authority", "key person",
           "결정권자", "의사결정자", "최종 결정권자", "키맨", width=14),
        _c("need", "longtext", "Need", "니즈", "needs", "pain", "requirement", "요구사항", "요구",
           "고객 요구사항", "요청사항", "관심 제품", width=28),
        _c("need_level", "choice", "Need level", "니즈 수준", "need strength", "urgency",
           "요구 수준", "필요도", "니즈 강도", choices=NEED_LEVELS, width=10),
        _c("decision_date", "date", "Decision date", "의사결정 예정일", "timing", "expected decision",
           "결정일", "도입 시기", "결정 예정일", "도입예정일", "도입 예정일", "도입시기",
           "구매 결정 시기", "구매 시점", "timeline", "decision timeline", width=12),
        _c("stage", "choice", "Stage", "영업 단계", "pipeline stage", "status", "deal stage",
           "진행 단계", "진행단계", "상태", "진행상황", "진행상태", "진행 상태", "영업단계", "단계",
           "영업스테이지", "lead status", "opportunity stage", choices="stages", width=16),
        _c("stage_updated_on", "date", "Stage updated", "단계 변경일", "stage date", "stage changed",
           "최근 단계 업데이트", width=12),
        _c("next_step", "text", "Next step", "다음 액션", "next action", "다음 조치", "다음 할 일",
           "향후 계획", "next", computed=True, width=34,
           doc="The first unmet exit criterion of the lead's stage, in the rep's words "
               "(written by salesxl validate from the Playbook)."),
        _c("outcome", "choice", "Outcome", "영업 결과", "result", "거래 결과", "결과", "영업결과",
           "수주여부", "수주 여부", "수주/실주", "진행결과", choices="outcomes", width=10),
        _c("lost_reason", "choice", "Lost reason", "실주 사유", "reason lost", "loss reason",
           "실패 사유", "실주사유", "실패 원인", "손실 사유", "드롭 사유", choices="lost_reasons",
           width=18),
        _c("resume_on", "date", "Resume on", "재개 예정일", "revisit on", "hold until", "재개일",
           width=12),
        _c("closing_technique", "choice", "Closing technique", "클로징 기법", "close type",
           "closing", "종결 기법", choices=CLOSING_TECHNIQUES, width=16),
        _c("deal_amount", "amount", "Deal amount", "예상 금액", "amount", "deal value",
           "opportunity amount", "value", "금액", "계약 금액", "매출", "거래금액", "거래 금액", "amt",
           "예상금액", "견적금액", "견적 금액", "제안금액", "제안 금액", "계약금액", "수주금액",
           "수주 금액", "예상 매출", "예상 수익", "영업 상담금액", "공급가액", width=16),
        _c("probability", "percent", "Probability", "수주 확률", "deal probability", "성공 확률",
           "가능성", "확률", "수주확률", "성공확률", "확도", "수주 확도", "거래 확률", width=10),
        _c("weighted_amount", "amount", "Weighted amount", "가중 금액", "weighted", "가중금액",
           "가중 매출", "기대 매출", computed=True, width=16,
           formula='=IF(ISNUMBER({deal_amount}),{deal_amount}*IF(ISNUMBER({probability}),'
                   '{probability},IFERROR(INDEX(salesxl_probabilities,'
                   'MATCH({stage},salesxl_stages,0)),0)),"")'),
        _c("win_probability", "percent", "Learned win probability", "예측 수주 확률",
           "learned probability", "predicted win probability", "예측 확률", computed=True,
           width=12, doc="Win probability learned from the workbook's closed deals "
                         "(salesxl score); the stage default stays in `probability`."),
        _c("win_reasons", "text", "Win probability reasons", "예측 근거", "score reasons",
           "예측 수주 확률 근거", computed=True, width=40,
           doc="The three facts that move the learned win probability most, in percentage "
               "points against the team's base win rate."),
        _c("expected_close_on", "date", "Expected close", "수주 예정일", "close date",
           "expected close date", "계약 예정일", "계약예정일", "수주예정일", "예상 마감일",
           "예정 마감일", "마감예정일", "클로징 예정일", "계약 예상 시기", "예상 종결일", width=12),
        _c("last_contact_on", "date", "Last contact", "최근 접촉일", "last contacted",
           "last contact date", "최종 연락일", "최근 연락일", "최종 컨택일", "최근 방문일",
           "최근 활동일", "last activity", "last activity date", width=12),
        _c("next_follow_up_on", "date", "Next follow-up", "다음 후속 연락일", "follow up date",
           "next contact", "다음 후속 조치일", "다음 연락일", "차기 방문일", "후속조치일",
           "f/u 예정일", computed=True, width=12),
        _c("follow_up_channel", "choice", "Follow-up channel", "연락 방법", "contact method",
           "후속 조치 방법", choices=CHANNELS, computed=True, width=12),
        _c("follow_up_status", "choice", "Follow-up status", "후속 연락 상태", "연락 상태",
           "후속 조치 상태", choices=FOLLOW_UP_STATUSES, computed=True, width=12),
        _c("referred_by", "text", "Referred by", "추천인", "referral", "referrer", "소개자", "소개처",
           width=14, doc="Who referred the lead: a lead ID, a customer ID, or a company or "
                         "contact name that salesxl resolves to one (salesxl customers)."),
        _c("customer_id", "id", "Customer ID", "고객사 번호", "고객사 ID", width=12,
           doc="The customer (Customers sheet) this lead is a purchase of: filled by salesxl "
               "for a lead that is the same customer under the identity rule (e-mail, phone, "
               "company + contact); type it to link a lead by hand (a new contact of a "
               "customer)."),
        _c("referred_by_id", "id", "Referrer ID", "추천인 번호", "referrer id", "referred by id",
           computed=True, width=12,
           doc="`referred_by` resolved to a lead ID or a customer ID; empty while the name "
               "matches nothing or several (salesxl customers lists them)."),
        _c("bant_status", "choice", "BANT status", "BANT 검증 상태", "qualification",
           "자격 상태", "BANT 상태", choices=BANT_STATUSES, computed=True, width=12),
        _c("bant_score", "int", "BANT score", "BANT 점수", computed=True, width=10),
        _c("bant_missing", "text", "BANT missing", "BANT 미확인 항목", "BANT 미충족", computed=True,
           width=10),
        _c("notes", "longtext", "Notes", "비고", "note", "comments", "remarks", "메모", "특이사항",
           "상담 내용", "상담내용", "description", "memo", width=30),
    ),
)

ACTIVITIES = Table(
    "activities", "Activities", "활동 내역",
    synonyms=("activity log", "contacts", "활동", "활동 기록", "접촉 이력", "영업 일지", "상담 일지"),
    doc="Dated contacts with a lead: calls, e-mails, visits, meetings, demos.",
    columns=(
        _c("lead_id", "id", "Lead ID", "리드 번호", "id", "리드번호", "리드 ID", width=12),
        _c("company", "text", "Company", "고객사명", "고객사", "company name", computed=True,
           width=20, formula=LEAD_COMPANY_FORMULA,
           doc="The lead's company, looked up from the Leads table by lead ID."),
        _c("date", "date", "Date", "일자", "activity date", "날짜", "활동일", width=12),
        _c("type", "choice", "Type", "활동 유형", "activity type", "유형", "구분",
           choices=ACTIVITY_TYPES, width=10),
        _c("rep", "text", "Rep", "영업 담당", "owner", "담당자", "영업담당", "작성자", width=12),
        _c("notes", "longtext", "Notes", "내용", "note", "메모", "details", "상담 내용", width=40),
        _c("next_step", "text", "Next step", "다음 액션", "next action", "다음 조치", "다음 단계",
           "향후 계획", width=24),
    ),
)

OBJECTIONS = Table(
    "objections", "Objections", "반론 기록",
    synonyms=("objection log", "이의", "이의 처리", "반론", "이의 제기", "고객 반론", "반론 대응"),
    doc="Each objection a lead raised, the answer given and whether it is resolved.",
    columns=(
        _c("lead_id", "id", "Lead ID", "리드 번호", "id", "리드번호", "리드 ID", width=12),
        _c("company", "text", "Company", "고객사명", "고객사", "company name", computed=True,
           width=20, formula=LEAD_COMPANY_FORMULA,
           doc="The lead's company, looked up from the Leads table by lead ID."),
        _c("raised_on", "date", "Raised on", "제기일", "date", "일자", width=12),
        _c("category", "choice", "Category", "반론 유형", "type", "유형", "분류",
           choices=OBJECTION_CATEGORIES, width=12),
        _c("objection", "longtext", "Objection", "반론 내용", "question", "concern", "질문",
           "이의 내용", width=34),
        _c("response", "longtext", "Response", "대응 내용", "answer", "답변", "대응", width=34),
        _c("resolved", "yesno", "Resolved", "해결 여부", "해결", "done", choices=YES_NO, width=10),
        _c("resolved_on", "date", "Resolved on", "해결일", width=12),
    ),
)

HISTORY = Table(
    "history", "Stage history", "단계 변경 이력",
    synonyms=("history", "이력", "단계 이력", "변경 이력"), append_only=True,
    doc="Append-only log of stage changes, written by salesxl advance.",
    columns=(
        _c("lead_id", "id", "Lead ID", "리드 번호", "id", "리드 ID", width=12),
        _c("company", "text", "Company", "고객사명", "고객사", "company name", computed=True,
           width=20, formula=LEAD_COMPANY_FORMULA,
           doc="The lead's company, looked up from the Leads table by lead ID."),
        _c("from_stage", "choice", "From stage", "이전 단계", "from", choices="stages", width=16),
        _c("to_stage", "choice", "To stage", "변경 단계", "to", "다음 단계", choices="stages",
           width=16),
        _c("changed_at", "datetime", "Changed at", "변경 일시", "timestamp", "date", width=17),
        _c("changed_by", "text", "Changed by", "변경자", "by", "user", width=12),
        _c("forced", "yesno", "Forced", "강제 여부", choices=YES_NO, width=8),
        _c("reason", "text", "Reason", "사유", width=30),
    ),
)

CUSTOMERS = Table(
    "customers", "Customers", "고객 파일",
    synonyms=("customer file", "고객별 판매 파일", "고객 정보", "고객 관리 대장", "고객사 목록",
              "customer list"),
    personal=True,
    doc="One row per customer (seed step 7: 후속 조치, 재구매 및 추천): what they bought, when to "
        "get in touch again, who they referred and who referred them, and the rep's personal "
        "customer file (고객별 판매 파일). The personal columns stay with the rep.",
    columns=(
        _c("customer_id", "id", "Customer ID", "고객사 번호", "customer no", "customer number",
           "고객번호", "고객 번호", "고객사 ID", "거래처 번호", width=12,
           doc="C-0001, C-0002...: given by salesxl when a lead is first won."),
        _c("company", "text", "Company", "고객사명", "account", "company name", "고객사", "회사명",
           "회사", "업체명", "거래처", "거래처명", width=22),
        _c("contact_name", "text", "Contact", "고객 담당자", "name", "이름", "성명", "고객명",
           "contact name", "담당자명", "고객 담당자명", width=14),
        _c("rep", "text", "Rep", "영업 담당", "owner", "sales rep", "담당 영업", "영업담당",
           "영업 담당자", "영업담당자", width=12),
        _c("tier", "choice", "Tier", "고객 등급", "customer tier", "grade", "등급", "고객등급",
           choices="tiers", width=8),
        _c("lead_id", "id", "Lead ID", "리드 번호", "id", "리드 ID", "first deal", width=12,
           doc="The lead the customer file was opened for: the customer's first won deal."),
        _c("customer_since", "date", "Customer since", "거래 시작일", "first purchase",
           "첫 구매일", "첫 수주일", computed=True, width=12),
        _c("deal_count", "int", "Deals won", "수주 건수", "deals", "purchases", "구매 횟수",
           computed=True, width=8),
        _c("total_won", "amount", "Total won", "누적 수주 금액", "lifetime value", "total amount",
           "누적 금액", "누적 매출", computed=True, width=16),
        _c("last_purchase_on", "date", "Last purchase", "최근 구매일", "last purchase date",
           "최근 수주일", "최근거래", "최근 거래일", computed=True, width=12),
        _c("last_touch_on", "date", "Last contact", "최근 접촉일", "last touch", "last contacted",
           "최종 연락일", "최근 연락일", width=12,
           doc="When the rep last got in touch after the sale (a visit, a call, a newsletter)."),
        _c("next_touch_on", "date", "Next touch", "다음 후속 연락일", "next contact",
           "next follow-up", "다음 연락일", computed=True, width=12,
           doc="The tier's cadence after the last purchase or contact, on business days; a "
               "past date is kept (overdue)."),
        _c("touch_channel", "choice", "Touch channel", "연락 방법", "channel", "contact method",
           choices=CHANNELS, width=14,
           doc="How to get in touch: filled with the tier's channel when blank; pick a "
               "marketing touch (product update, industry news, newsletter, reward "
               "programme) instead if it fits the customer."),
        _c("touch_status", "choice", "Touch status", "후속 연락 상태", "연락 상태",
           choices=FOLLOW_UP_STATUSES, computed=True, width=12),
        _c("referred_by_id", "id", "Referred by", "추천인", "referrer", "추천인 번호", computed=True,
           width=12, doc="Who referred the customer (a lead or customer ID)."),
        _c("referrals", "int", "Referrals", "추천 건수", "referral count", "소개 건수",
           computed=True, width=8, doc="Leads this customer referred to the team."),
        _c("referred_ids", "text", "Referred leads", "추천한 리드", "referred", "소개한 리드",
           computed=True, width=24, doc="The lead IDs of those referrals."),
        # the seed's customer file: personal data
        _c("position", "text", "Position", "직위", "title", "직급", "직책", personal=True,
           width=12),
        _c("birthday", "date", "Birthday", "생일", "생년월일", personal=True, width=12),
        _c("anniversary", "date", "Anniversary", "기념일", "wedding anniversary", "결혼기념일",
           personal=True, width=12),
        _c("age", "int", "Age", "나이", "연령", personal=True, width=6),
        _c("family", "text", "Family / children", "가족/자녀", "children", "family", "자녀", "가족",
           personal=True, width=18),
        _c("education", "text", "Education", "학력", "school", "출신 학교", personal=True, width=16),
        _c("hobbies", "text", "Hobbies", "취미", "interests", "관심사", personal=True, width=18),
        _c("achievements", "text", "Achievements", "성과", "업적", personal=True, width=18),
        _c("places", "text", "Favourite places", "자주 가는 곳", "places", "장소", personal=True,
           width=16),
        _c("travel", "text", "Travel", "여행", "travel experience", "여행 경험", personal=True,
           width=16),
        _c("cultural_background", "text", "Cultural background", "문화적 배경", "culture",
           "문화", personal=True, width=16),
        _c("notes", "longtext", "Notes", "비고", "메모", personal=True, width=30),
    ),
)

TARGETS = Table(
    "targets", "Targets", "목표",
    synonyms=("goals", "quotas", "quota", "sales targets", "목표 설정", "영업 목표", "수주 목표",
              "할당량", "쿼터"),
    doc="Won amount, new deals and activities a rep (blank: the whole team) should reach in a "
        "month (YYYY-MM) or a quarter (YYYY-Q1...); read by salesxl summary.",
    columns=(
        _c("rep", "text", "Rep", "영업 담당", "owner", "sales rep", "담당 영업", "영업담당",
           "영업 담당자", "영업담당자", "담당자", width=14,
           doc="Blank: the team's target for the period."),
        _c("period", "text", "Period", "기간", "month", "quarter", "target period", "월", "분기",
           "목표 기간", "대상 기간", width=12,
           doc="YYYY-MM (a month) or YYYY-Q1..YYYY-Q4 (a quarter)."),
        _c("won_amount", "amount", "Won amount target", "수주 목표 금액", "won amount",
           "revenue target", "sales target", "quota", "target amount", "수주 목표", "매출 목표",
           "목표 금액", "수주 금액 목표", width=18),
        _c("new_deals", "int", "New deals target", "신규 리드 목표", "new deals", "new leads",
           "new leads target", "신규 딜 목표", "신규 리드", "신규 건수", "신규 거래 목표", width=14),
        _c("activities", "int", "Activities target", "활동 목표", "activities", "activity target",
           "활동 건수 목표", "활동 건수", "활동 목표 건수", width=14),
    ),
)

TABLES: dict[str, Table] = {t.key: t for t in (LEADS, ACTIVITIES, OBJECTIONS, HISTORY, CUSTOMERS,
                                               TARGETS)}

# Sheets that are not row tables.
CONFIG_SHEET = ("Config", "설정", ("configuration", "settings", "환경설정"))
PLAYBOOK_SHEET = ("Playbook", "플레이북", ("playbook lists", "영업 가이드"))
START_SHEET = ("Start here", "시작하기", ("start", "시작", "read me", "사용법"))
SUMMARY_SHEET = ("Summary", "요약", ("dashboard", "대시보드"))
# The full stale-deal list and the full after-sale lists `salesxl summary` writes beside the
# Summary, and its per-rep sheets ("Summary - Kim" / "요약 - 김지훈").
STALE_SHEET = ("Stale deals", "정체 거래", ("stale deal list", "정체 딜"))
AFTERSALE_SHEET = ("After the sale", "사후 관리", ("customers after the sale", "고객 사후 관리"))
REP_SUMMARY_SEPARATOR = " - "


def is_report_sheet(name: str) -> bool:
    """Whether a sheet of this name is one `salesxl summary` writes (never a data table)."""
    norm = normalize_header(name)
    if any(normalize_header(n) == norm for n in (*SUMMARY_SHEET[:2], *STALE_SHEET[:2],
                                                 *AFTERSALE_SHEET[:2])):
        return True
    head = name.split(REP_SUMMARY_SEPARATOR, 1)[0]
    return REP_SUMMARY_SEPARATOR in name and head.strip() in SUMMARY_SHEET[:2]
# Report sheets of a consolidated team workbook (salesxl.consolidate).
SOURCES_SHEET = ("Sources", "출처", ("source files", "원본 파일 목록"))
DUPLICATES_SHEET = ("Duplicates", "중복", ("merged duplicates", "중복 병합"))
CONFLICTS_SHEET = ("Conflicts", "충돌", ("lead id conflicts", "리드 ID 충돌"))

# Provenance: the columns a consolidated team workbook adds after every table's columns, saying
# which rep workbook (file, sheet, 1-based row) each team row came from. Not part of any Table:
# a rep's workbook never has them, so they also tell a team workbook from a rep's.
PROVENANCE: tuple[Column, ...] = (
    _c("source_file", "text", "Source file", "원본 파일", width=24),
    _c("source_sheet", "text", "Source sheet", "원본 시트", width=12),
    _c("source_row", "int", "Source row", "원본 행", width=8),
    _c("merged_from", "text", "Merged from", "병합된 행", width=30,
       doc="Other rows merged into this one as duplicates (file: sheet row; ...)."),
)


def find_table(name: str) -> Table | None:
    """The table a sheet name means (English, Korean or synonym), or None."""
    norm = normalize_header(name)
    for table in TABLES.values():
        if any(normalize_header(n) == norm for n in table.names()):
            return table
    return None


__all__ = [  # the vocabularies, re-exported for the modules that read columns
    "ACTIVITY_TYPES",
    "BANT_STATUSES",
    "CHANNELS",
    "CLOSING_TECHNIQUES",
    "FOLLOW_UP_STATUSES",
    "NEED_LEVELS",
    "OBJECTION_CATEGORIES",
    "SOURCE_TYPES",
    "TIERS",
    "YES_NO",
    "Choice",
    "Word",
    "normalize_header",
]
