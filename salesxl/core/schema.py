"""The team workbook's tables, declared once.

Every column has a canonical snake_case key, a type, English and Korean labels, synonyms
(the words legacy sheets and hand-made workbooks use) and, where it has one, its list of
allowed values. The template, the readers, the rules and the legacy converter all read
this module; nothing else declares a column.

Example:
    >>> LEADS.column("budget_amount").ko
    '예산 금액'
    >>> TABLES["leads"].match_header("Budget Amount (₩)")
    'budget_amount'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

SCHEMA_VERSION = 1

ColumnType = Literal[
    "id", "text", "longtext", "date", "datetime", "amount", "number", "int", "percent",
    "yesno", "choice", "email", "phone",
]


@dataclass(frozen=True)
class Choice:
    """One allowed value of a choice column: its key and how people write it."""

    key: str
    en: str
    ko: str
    synonyms: tuple[str, ...] = ()

    def label(self, lang: str) -> str:
        return self.ko if lang == "ko" else self.en


@dataclass(frozen=True)
class Column:
    """One column of a table."""

    key: str
    type: ColumnType
    en: str
    ko: str
    synonyms: tuple[str, ...] = ()
    choices: tuple[Choice, ...] | str | None = None  # a str names a Config-driven list ("stages")
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


_PUNCT_OR_SPACE = re.compile(r"[\W_]+", re.UNICODE)
_UNIT_SUFFIX = re.compile(r"\((?:₩|원|krw|%|\$|usd|yyyy-mm-dd)\)$", re.IGNORECASE)


def normalize_header(text: str) -> str:
    """Fold a header for matching: NFKC, case, spaces, punctuation and unit hints ignored.

    Example:
        >>> normalize_header(" Lead-ID "), normalize_header("예산 금액(원)")
        ('leadid', '예산금액')
    """
    folded = unicodedata.normalize("NFKC", text).strip().casefold()
    folded = _UNIT_SUFFIX.sub("", folded.replace(" ", ""))
    return _PUNCT_OR_SPACE.sub("", folded)


def _c(key: str, type_: ColumnType, en: str, ko: str, *synonyms: str, **kw: object) -> Column:
    return Column(key, type_, en, ko, tuple(synonyms), **kw)  # type: ignore[arg-type]


YES_NO = (
    Choice("yes", "Yes", "예", ("y", "true", "1", "o", "네")),
    Choice("no", "No", "아니오", ("n", "false", "0", "x", "아니요")),
)
SOURCE_TYPES = (
    Choice("inbound", "Inbound", "인바운드", ("in", "inbound marketing", "인바운드 마케팅")),
    Choice("outbound", "Outbound", "아웃바운드", ("out", "outbound marketing", "아웃바운드 마케팅")),
)
TIERS = tuple(Choice(t, t, t) for t in "ABCD")
NEED_LEVELS = (
    Choice("high", "High", "높음", ("h", "상")),
    Choice("medium", "Medium", "보통", ("m", "med", "mid", "중")),
    Choice("low", "Low", "낮음", ("l", "하")),
)
OUTCOMES = (
    Choice("won", "Won", "주문 완료", ("closed won", "계약완료", "수주")),
    Choice("upgraded", "Upgraded", "승격", ("upsell", "업셀")),
    Choice("on_hold", "On hold", "일시 중단", ("suspended", "보류", "hold")),
    Choice("lost", "Lost", "주문 실패", ("closed lost", "실패", "실주")),
)
BANT_STATUSES = (
    Choice("qualified", "Qualified", "적격"),
    Choice("partial", "Partial", "부분 적격"),
    Choice("unqualified", "Unqualified", "부적격"),
    Choice("invalid", "Invalid", "확인 필요", ("error",)),
)
FOLLOW_UP_STATUSES = (
    Choice("overdue", "Overdue", "지연"),
    Choice("due", "Due today", "오늘"),
    Choice("scheduled", "Scheduled", "예정"),
    Choice("none", "None", "없음"),
)
CHANNELS = (
    Choice("visit", "Visit", "방문"),
    Choice("call", "Call", "전화", ("phone",)),
    Choice("email", "E-mail", "이메일", ("mail", "e-mail", "메일")),
    Choice("newsletter", "Newsletter", "뉴스레터"),
    Choice("meeting", "Meeting", "미팅", ("회의",)),
    Choice("message", "Message", "메시지", ("sms", "kakao", "카카오톡", "문자")),
)
ACTIVITY_TYPES = (
    Choice("call", "Call", "전화", ("phone",)),
    Choice("email", "E-mail", "이메일", ("mail", "e-mail", "메일")),
    Choice("visit", "Visit", "방문"),
    Choice("meeting", "Meeting", "미팅", ("회의",)),
    Choice("demo", "Demo", "시연", ("presentation", "pitch", "제품 시연", "영업 홍보")),
    Choice("proposal", "Proposal", "제안", ("quote", "견적")),
    Choice("other", "Other", "기타"),
)
OBJECTION_CATEGORIES = (
    Choice("price", "Price", "가격", ("cost", "budget", "비용")),
    Choice("timing", "Timing", "시기", ("time", "시간")),
    Choice("authority", "Authority", "권한", ("decision", "결정권")),
    Choice("competitor", "Competitor", "경쟁사", ("competition",)),
    Choice("product_fit", "Product fit", "제품 적합성", ("fit", "product", "기능")),
    Choice("other", "Other", "기타"),
)
CLOSING_TECHNIQUES = (
    Choice("direct", "Direct close", "직접 종결법", ("direct close",)),
    Choice("assumptive", "Assumptive close", "가정 종결법", ("assumptive close",)),
    Choice("opportunity", "Opportunity close", "기회 종결법", ("don't miss it", "놓치지 마세요")),
    Choice("pressure", "Pressure close", "압박 종결법", ("pressure close",)),
    Choice("hard_to_get", "Hard-to-get close", "희소성 종결법", ("hard to get",)),
    Choice("experience", "Experience close", "체험 종결법", ("trial close", "trial")),
    Choice("economic", "Economic accounting close", "경제적 계산 종결법", ("roi close",)),
    Choice("retreat_advance", "Retreat-then-advance close", "후퇴 후 전진 종결법",
           ("retreat then advance",)),
)

LEADS = Table(
    "leads", "Leads", "리드", synonyms=("lead list", "leads list", "고객 목록", "영업 리드", "리드 목록",
                                        "prospects", "pipeline", "영업관리"),
    doc="One row per lead or deal: who, where it came from, BANT, stage and follow-up.",
    columns=(
        _c("lead_id", "id", "Lead ID", "리드 ID", "id", "lead no", "no", "번호", "리드번호", "고객번호",
           width=12),
        _c("created_on", "date", "Created on", "등록일", "created", "date added", "작성일", "등록 일자", "date",
           width=12),
        _c("rep", "text", "Rep", "담당자", "owner", "sales rep", "salesperson", "영업 담당", "담당 영업",
           "영업사원", width=12),
        _c("company", "text", "Company", "회사명", "account", "organization", "organisation",
           "company name", "고객사", "업체명", "회사", "거래처", "co", width=22),
        _c("contact_name", "text", "Contact", "담당자명", "contact name", "name", "person",
           "고객명", "성명", "이름", "고객 담당자", width=14),
        _c("contact_title", "text", "Title", "직함", "contact title", "position", "job title", "직급",
           "직위", width=12),
        _c("email", "email", "E-mail", "이메일", "mail", "email address", "e-mail address", "메일",
           personal=True, width=24),
        _c("phone", "phone", "Phone", "전화번호", "tel", "mobile", "phone number", "연락처", "휴대폰",
           "핸드폰", "전화", personal=True, width=16),
        _c("source", "text", "Source", "유입 경로", "lead source", "channel source", "출처", "유입경로",
           "경로", width=14),
        _c("source_type", "choice", "Source type", "유입 유형", "inbound/outbound", "인/아웃바운드",
           choices=SOURCE_TYPES, width=12),
        _c("industry", "text", "Industry", "업종", "sector", "산업", width=14),
        _c("region", "text", "Region", "지역", "area", "territory", "location", width=10),
        _c("tier", "choice", "Tier", "고객 등급", "customer tier", "grade", "등급", "고객등급",
           choices=TIERS, width=8),
        _c("budget_amount", "amount", "Budget", "예산 금액", "budget amount", "예산", "예산금액",
           width=16),
        _c("budget_currency", "text", "Currency", "통화", "budget currency", width=8),
        _c("budget_confirmed", "yesno", "Budget confirmed", "예산 확정", "budget ok", "예산확정",
           choices=YES_NO, width=10),
        _c("is_decision_maker", "yesno", "Is decision maker", "의사결정자 여부", "is dm", "dm?",
           "dm", "kp", "키맨 여부", choices=YES_NO, width=10),
        _c("decision_maker", "text", "Decision maker", "의사결정자", "authority", "key person",
           "키맨", "결정권자", width=14),
        _c("need", "longtext", "Need", "요구사항", "needs", "pain", "requirement", "니즈", "요구",
           width=28),
        _c("need_level", "choice", "Need level", "요구 수준", "need strength", "urgency", "니즈 수준",
           choices=NEED_LEVELS, width=10),
        _c("decision_date", "date", "Decision date", "결정 예정일", "timing", "expected decision",
           "결정일", "도입 시기", width=12),
        _c("stage", "choice", "Stage", "단계", "pipeline stage", "status", "deal stage", "진행 단계",
           "진행단계", "상태", "진행상황", choices="stages", width=16),
        _c("stage_updated_on", "date", "Stage updated", "단계 변경일", "stage date", "stage changed",
           width=12),
        _c("outcome", "choice", "Outcome", "결과", "result", "거래 결과", choices=OUTCOMES, width=10),
        _c("lost_reason", "text", "Lost reason", "실패 사유", "reason lost", "loss reason",
           "실주 사유", width=18),
        _c("resume_on", "date", "Resume on", "재개일", "revisit on", "hold until", "재개 예정일",
           width=12),
        _c("closing_technique", "choice", "Closing technique", "종결 기법", "close type",
           "closing", "클로징 기법", choices=CLOSING_TECHNIQUES, width=16),
        _c("deal_amount", "amount", "Deal amount", "거래 금액", "amount", "deal value",
           "opportunity amount", "value", "금액", "계약 금액", "매출", "거래금액", "amt", width=16),
        _c("probability", "percent", "Probability", "확률", "deal probability", "성공 확률",
           "가능성", width=10),
        _c("weighted_amount", "amount", "Weighted amount", "가중 금액", "weighted", "가중금액",
           computed=True, width=16,
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
        _c("expected_close_on", "date", "Expected close", "예상 종결일", "close date",
           "expected close date", "계약 예정일", width=12),
        _c("last_contact_on", "date", "Last contact", "최근 연락일", "last contacted",
           "last contact date", "최종 연락일", "최근 접촉일", width=12),
        _c("next_follow_up_on", "date", "Next follow-up", "다음 연락일", "follow up date",
           "next contact", "다음 후속 조치일", computed=True, width=12),
        _c("follow_up_channel", "choice", "Follow-up channel", "연락 방법", "contact method",
           "후속 조치 방법", choices=CHANNELS, computed=True, width=12),
        _c("follow_up_status", "choice", "Follow-up status", "연락 상태", "후속 조치 상태",
           choices=FOLLOW_UP_STATUSES, computed=True, width=12),
        _c("referred_by", "text", "Referred by", "소개자", "referral", "referrer", "추천인",
           width=14),
        _c("bant_status", "choice", "BANT status", "BANT 상태", "qualification",
           "자격 상태", choices=BANT_STATUSES, computed=True, width=12),
        _c("bant_score", "int", "BANT score", "BANT 점수", computed=True, width=10),
        _c("bant_missing", "text", "BANT missing", "BANT 미충족", computed=True, width=10),
        _c("notes", "longtext", "Notes", "메모", "note", "comments", "remarks", "비고", "특이사항",
           width=30),
    ),
)

ACTIVITIES = Table(
    "activities", "Activities", "활동", synonyms=("activity log", "contacts", "활동 기록", "접촉 이력"),
    doc="Dated contacts with a lead: calls, e-mails, visits, meetings, demos.",
    columns=(
        _c("lead_id", "id", "Lead ID", "리드 ID", "id", "리드번호", width=12),
        _c("date", "date", "Date", "일자", "activity date", "날짜", "활동일", width=12),
        _c("type", "choice", "Type", "유형", "activity type", "활동 유형", "구분",
           choices=ACTIVITY_TYPES, width=10),
        _c("rep", "text", "Rep", "담당자", "owner", "영업 담당", width=12),
        _c("notes", "longtext", "Notes", "내용", "note", "메모", "details", width=40),
        _c("next_step", "text", "Next step", "다음 단계", "next action", "다음 조치", width=24),
    ),
)

OBJECTIONS = Table(
    "objections", "Objections", "이의", synonyms=("objection log", "이의 처리", "반론", "이의 제기"),
    doc="Each objection a lead raised, the answer given and whether it is resolved.",
    columns=(
        _c("lead_id", "id", "Lead ID", "리드 ID", "id", "리드번호", width=12),
        _c("raised_on", "date", "Raised on", "제기일", "date", "일자", width=12),
        _c("category", "choice", "Category", "분류", "type", "유형", choices=OBJECTION_CATEGORIES,
           width=12),
        _c("objection", "longtext", "Objection", "이의 내용", "question", "concern", "질문",
           width=34),
        _c("response", "longtext", "Response", "대응", "answer", "답변", "대응 내용", width=34),
        _c("resolved", "yesno", "Resolved", "해결 여부", "해결", "done", choices=YES_NO, width=10),
        _c("resolved_on", "date", "Resolved on", "해결일", width=12),
    ),
)

HISTORY = Table(
    "history", "Stage history", "이력", synonyms=("history", "단계 이력", "변경 이력"), append_only=True,
    doc="Append-only log of stage changes, written by salesxl advance.",
    columns=(
        _c("lead_id", "id", "Lead ID", "리드 ID", "id", width=12),
        _c("from_stage", "choice", "From stage", "이전 단계", "from", choices="stages", width=16),
        _c("to_stage", "choice", "To stage", "다음 단계", "to", choices="stages", width=16),
        _c("changed_at", "datetime", "Changed at", "변경 일시", "timestamp", "date", width=17),
        _c("changed_by", "text", "Changed by", "변경자", "by", "user", width=12),
        _c("forced", "yesno", "Forced", "강제 여부", choices=YES_NO, width=8),
        _c("reason", "text", "Reason", "사유", width=30),
    ),
)

CUSTOMERS = Table(
    "customers", "Customers", "고객 파일", synonyms=("customer file", "고객별 판매 파일", "고객 정보"),
    personal=True,
    doc="The rep's personal customer file (seed: 고객별 판매 파일). Personal data.",
    columns=(
        _c("lead_id", "id", "Lead ID", "리드 ID", "id", width=12),
        _c("contact_name", "text", "Contact", "고객명", "name", "이름", "성명", width=14),
        _c("position", "text", "Position", "직위", "title", "직급", width=12),
        _c("birthday", "date", "Birthday", "생일", "생년월일", personal=True, width=12),
        _c("age", "int", "Age", "나이", "연령", personal=True, width=6),
        _c("family", "text", "Family / children", "가족/자녀", "children", "family", "자녀", "가족",
           personal=True, width=18),
        _c("education", "text", "Education", "학력", "school", "출신 학교", personal=True, width=16),
        _c("hobbies", "text", "Hobbies", "취미", "interests", "관심사", personal=True, width=18),
        _c("achievements", "text", "Achievements", "성과", "업적", personal=True, width=18),
        _c("places", "text", "Favourite places", "자주 가는 곳", "places", "장소", personal=True,
           width=16),
        _c("travel", "text", "Travel", "여행", personal=True, width=16),
        _c("cultural_background", "text", "Cultural background", "문화적 배경", "culture",
           "문화", personal=True, width=16),
        _c("notes", "longtext", "Notes", "메모", "비고", personal=True, width=30),
    ),
)

TABLES: dict[str, Table] = {t.key: t for t in (LEADS, ACTIVITIES, OBJECTIONS, HISTORY, CUSTOMERS)}

# Sheets that are not row tables.
CONFIG_SHEET = ("Config", "설정", ("configuration", "settings", "환경설정"))
PLAYBOOK_SHEET = ("Playbook", "플레이북", ("playbook lists", "영업 가이드"))
SUMMARY_SHEET = ("Summary", "요약", ("dashboard", "대시보드"))
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


def choice_index(choices: tuple[Choice, ...]) -> dict[str, str]:
    """Folded text -> choice key for every way a choice may be written."""
    index: dict[str, str] = {}
    for ch in choices:
        for word in (ch.key, ch.en, ch.ko, *ch.synonyms):
            index.setdefault(normalize_header(word), ch.key)
    return index
