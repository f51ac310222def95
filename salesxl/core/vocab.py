"""Every controlled word salesxl reads or writes, declared once: key, Korean, English, synonyms.

A `Vocabulary` is a list of `Word`s (a key, its Korean and English labels, and the other ways
people write it). Every reader, writer, dropdown, rule, summary and the Excel layer takes its
words from here, so a word accepted in one column is accepted in every column of the same
vocabulary. Stages and outcomes come from the workbook's Config (`salesxl.core.config`), which
builds them from `OUTCOME_WORDS` and the pipelines; the lists a team may extend (sources,
industries, regions, lost reasons) are Config-driven too, with the defaults below.

Korean labels follow what Korean B2B sales teams and Korean-localised CRMs say
(docs/terms.md); the literal translations older workbooks used are kept as synonyms, so those
workbooks still read.

Example:
    >>> YES_NO.resolve("네"), YES_NO.resolve("O"), NEED_LEVELS.label("high", "ko")
    ('yes', 'yes', '상')
    >>> OBJECTION_CATEGORIES.resolve("결정권"), has_hangul("수주"), has_hangul("Won")
    ('authority', True, False)
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

_PUNCT_OR_SPACE = re.compile(r"[\W_]+", re.UNICODE)
_UNIT_SUFFIX = re.compile(r"\((?:₩|원|krw|%|\$|usd|yyyy-mm-dd)\)$", re.IGNORECASE)


def normalize_header(text: str) -> str:
    """Fold a word for matching: NFKC, case, spaces, punctuation and unit hints ignored.

    Example:
        >>> normalize_header(" Lead-ID "), normalize_header("예산 금액(원)")
        ('leadid', '예산금액')
    """
    folded = unicodedata.normalize("NFKC", text).strip().casefold()
    folded = _UNIT_SUFFIX.sub("", folded.replace(" ", ""))
    return _PUNCT_OR_SPACE.sub("", folded)


def fold(text: str) -> str:
    """The matching form of a cell's word: `normalize_header`, or for a word made only of
    symbols (○, ✓, ×), the symbols themselves.

    Example:
        >>> fold("Pitch / demo"), fold(" ○ ")
        ('pitchdemo', '○')
    """
    folded = normalize_header(text)
    return folded or unicodedata.normalize("NFKC", text).strip().casefold()


def has_hangul(text: object) -> bool:
    """Whether a text holds a Hangul syllable: the one "is this Korean?" test.

    Example:
        >>> has_hangul("영업 담당"), has_hangul("Rep (담당)"), has_hangul(12)
        (True, True, False)
    """
    return isinstance(text, str) and any("가" <= ch <= "힣" for ch in text)


def language_of(texts: Iterable[object], default: str = "en") -> str:
    """'ko' when at least half of the non-blank texts hold Hangul, else 'en' (or `default`
    when there is no text at all).

    Example:
        >>> language_of(["리드 번호", "Company"]), language_of(["Lead ID", "Rep", "단계"])
        ('ko', 'en')
    """
    seen = [t for t in texts if isinstance(t, str) and t.strip()]
    if not seen:
        return default
    korean = sum(has_hangul(t) for t in seen)
    return "ko" if korean * 2 >= len(seen) else "en"


@dataclass(frozen=True)
class Word:
    """One controlled value: its key, its labels and how else people write it."""

    key: str
    en: str
    ko: str
    synonyms: tuple[str, ...] = ()

    def label(self, lang: str) -> str:
        return self.ko if lang == "ko" else self.en

    def names(self) -> tuple[str, ...]:
        return (self.key, self.en, self.ko, *self.synonyms)


Choice = Word  # the name the schema used first


@dataclass(frozen=True)
class Vocabulary:
    """An ordered list of words; `open` lists also let a rep type a word not in the list
    (kept as typed and reported as "not in the list")."""

    key: str
    en: str
    ko: str
    words: tuple[Word, ...]
    open: bool = False
    _index: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for w in self.words:
            for name in w.names():
                self._index.setdefault(fold(name), w.key)

    def label(self, key: str, lang: str) -> str:
        """The label of `key` in `lang` (the key itself when it is not in the list)."""
        for w in self.words:
            if w.key == key:
                return w.label(lang)
        return key

    def title(self, lang: str) -> str:
        return self.ko if lang == "ko" else self.en

    def resolve(self, text: object) -> str | None:
        """The key a cell's text means, or None when it means no word of the list."""
        if text is None:
            return None
        return self._index.get(fold(str(text)))

    def word(self, key: str) -> Word:
        for w in self.words:
            if w.key == key:
                return w
        raise KeyError(key)

    @property
    def keys(self) -> list[str]:
        return [w.key for w in self.words]

    def labels(self, lang: str) -> list[str]:
        return [w.label(lang) for w in self.words]

    def index(self) -> dict[str, str]:
        """Folded text -> key for every way a word of the list may be written."""
        return self._index

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.words)

    def __len__(self) -> int:
        return len(self.words)

    def __getitem__(self, i: int) -> Word:
        return self.words[i]


def vocabulary(key: str, en: str, ko: str, *words: Word, open: bool = False) -> Vocabulary:
    return Vocabulary(key, en, ko, tuple(words), open)


W = Word

YES_NO = vocabulary(
    "yes_no", "Yes/no", "예/아니오",
    W("yes", "Yes", "예", ("y", "true", "t", "1", "o", "○", "◯", "〇", "✓", "✔", "네", "응",
                          "있음", "유", "확인", "확보")),
    W("no", "No", "아니오", ("n", "false", "f", "0", "x", "×", "✗", "✘", "아니요", "아니", "없음",
                            "무", "미확인", "미확보")),
)
SOURCE_TYPES = vocabulary(
    "source_types", "Source types", "유입 유형",
    W("inbound", "Inbound", "인바운드", ("in", "inbound marketing", "인바운드 마케팅", "인바운드 영업")),
    W("outbound", "Outbound", "아웃바운드", ("out", "outbound marketing", "아웃바운드 마케팅",
                                             "아웃바운드 영업")),
)
TIERS = vocabulary("tiers", "Tiers", "고객 등급", *(W(t, t, t, (f"{t}등급", f"{t} tier"))
                                                  for t in "ABCD"))
NEED_LEVELS = vocabulary(
    "need_levels", "Need levels", "니즈 수준",
    W("high", "High", "상", ("h", "높음", "high need", "강함")),
    W("medium", "Medium", "중", ("m", "med", "mid", "보통", "중간")),
    W("low", "Low", "하", ("l", "낮음", "약함")),
)
# The outcomes every pipeline ends in (Config builds its outcome stages from these words).
OUTCOME_WORDS = vocabulary(
    "outcomes", "Outcomes", "영업 결과",
    W("won", "Won", "수주", ("closed won", "deal won", "수주 성공", "수주 완료", "계약완료", "계약 완료",
                            "성공", "성사", "거래성사", "완료", "주문 완료", "주문완료")),
    W("upgraded", "Upsell", "업셀", ("upgraded", "upsell", "upgrade", "promoted", "up-sell",
                                     "업셀링", "추가 수주", "추가수주", "승격", "성공적으로 승격")),
    W("on_hold", "On hold", "보류", ("suspended", "hold", "paused", "고객보류", "고객 보류", "대기",
                                     "중단", "일시 중단", "일시중단")),
    W("lost", "Lost", "실주", ("closed lost", "lost deal", "수주 실패", "실패", "계약실패", "주문 실패",
                              "주문실패", "드롭", "drop", "dropped", "취소")),
)
BANT_STATUSES = vocabulary(
    "bant_statuses", "BANT statuses", "BANT 검증 상태",
    W("qualified", "Qualified", "적격", ("검증 완료",)),
    W("partial", "Partial", "부분 적격"),
    W("unqualified", "Unqualified", "부적격"),
    W("invalid", "Invalid", "확인 필요", ("check cells", "error", "무효")),
)
FOLLOW_UP_STATUSES = vocabulary(
    "follow_up_statuses", "Follow-up statuses", "후속 연락 상태",
    W("overdue", "Overdue", "기한 초과", ("지연", "late", "연체")),
    W("due", "Due today", "오늘 예정", ("오늘", "today", "due")),
    W("scheduled", "Scheduled", "예정", ("planned", "계획됨")),
    W("none", "None", "없음", ("-",)),
)
CHANNELS = vocabulary(
    "channels", "Follow-up channels", "연락 방법",
    W("visit", "Visit", "방문", ("방문 미팅",)),
    W("call", "Call", "전화", ("phone", "통화", "전화 통화")),
    W("email", "E-mail", "이메일", ("mail", "e-mail", "메일")),
    W("newsletter", "Newsletter", "뉴스레터", ("news letter", "소식지", "e-newsletter",
                                             "e-뉴스레터", "이메일 뉴스레터")),
    W("meeting", "Meeting", "미팅", ("회의",)),
    W("message", "Message", "메시지", ("sms", "kakao", "카카오톡", "카톡", "문자")),
    # the seed's marketing touches after the sale (step 7): product updates, industry news,
    # newsletters (above) and reward programmes
    W("product_update", "Product update", "신제품 소식", ("product news", "new product update",
                                                       "신제품 업데이트", "제품 업데이트",
                                                       "신제품 안내")),
    W("industry_news", "Industry news", "업계 뉴스", ("news", "뉴스", "업계 소식", "산업 뉴스")),
    W("reward", "Reward programme", "보상 프로그램", ("reward program", "rewards", "loyalty",
                                                  "loyalty programme", "리워드", "리워드 프로그램",
                                                  "포인트", "멤버십")),
)
# What a line of the follow-up agenda (and an event of the calendar) is about.
AGENDA_KINDS = vocabulary(
    "agenda_kinds", "Agenda", "일정 구분",
    W("follow_up", "Follow-up", "후속 연락"),
    W("touch", "Customer touch", "고객 관리 연락"),
    W("thank_referrer", "Thank the referrer", "추천 감사 인사"),
    W("birthday", "Birthday", "생일"),
    W("anniversary", "Anniversary", "기념일"),
)
ACTIVITY_TYPES = vocabulary(
    "activity_types", "Activity types", "활동 유형",
    W("call", "Call", "전화", ("phone", "통화", "전화 통화", "전화상담")),
    W("email", "E-mail", "이메일", ("mail", "e-mail", "메일")),
    W("visit", "Visit", "방문"),
    W("meeting", "Meeting", "미팅", ("회의",)),
    W("demo", "Demo", "데모", ("presentation", "pitch", "시연", "제품 시연", "영업 홍보", "프레젠테이션",
                               "pt")),
    W("proposal", "Proposal", "제안", ("quote", "견적", "제안서", "제안서 발송", "견적 발송")),
    W("other", "Other", "기타"),
)
OBJECTION_CATEGORIES = vocabulary(
    "objection_categories", "Objection categories", "반론 유형",
    W("price", "Price", "가격", ("cost", "budget", "비용", "예산")),
    W("timing", "Timing", "시기", ("time", "시간", "일정")),
    W("authority", "Authority", "결정권", ("decision", "권한", "의사결정")),
    W("competitor", "Competitor", "경쟁사", ("competition", "경쟁", "경쟁업체")),
    W("product_fit", "Product fit", "제품 적합성", ("fit", "product", "need", "기능", "니즈",
                                                   "기능 미충족")),
    W("other", "Other", "기타"),
)
CLOSING_TECHNIQUES = vocabulary(
    "closing_techniques", "Closing techniques", "클로징 기법",
    W("direct", "Direct close", "직접 요청 클로징", ("direct close", "직접 종결법", "직접 클로징")),
    W("assumptive", "Assumptive close", "가정 클로징", ("assumptive close", "가정 종결법",
                                                      "가정적 클로징", "추정승낙")),
    W("opportunity", "Opportunity close", "기회 한정 클로징", ("don't miss it", "놓치지 마세요",
                                                          "기회 종결법", "제한적 혜택 클로징")),
    W("pressure", "Pressure close", "압박 클로징", ("pressure close", "압박 종결법")),
    W("hard_to_get", "Take-away close", "밀당 클로징", ("hard to get", "hard-to-get close",
                                                     "takeaway close", "희소성 종결법",
                                                     "테이크어웨이 클로징")),
    W("experience", "Experience close", "체험 클로징", ("trial", "체험 종결법", "시범 사용")),
    W("economic", "ROI close", "ROI 계산 클로징", ("roi close", "economic accounting close",
                                                "경제적 계산 종결법", "경제성 클로징")),
    W("retreat_advance", "Retreat-then-advance close", "일보후퇴 클로징",
      ("retreat then advance", "후퇴 후 전진 종결법", "양보 후 재제안")),
)

# Lists a team extends in its Config (issue: categories that add up across languages).
SOURCES = vocabulary(
    "sources", "Sources", "유입 경로",
    W("trade_show", "Trade show", "전시회", ("exhibition", "expo", "박람회", "tradeshow")),
    W("referral", "Referral", "소개", ("추천", "지인 소개", "고객 소개", "word of mouth", "입소문")),
    W("website", "Website", "웹사이트 문의", ("website", "web", "홈페이지", "웹사이트", "web form",
                                         "inquiry", "문의")),
    W("search", "Search (SEO)", "검색(SEO)", ("seo", "search", "검색", "naver", "네이버", "google",
                                            "구글")),
    W("ads", "Ads (SEM)", "광고(SEM)", ("sem", "ad", "ads", "광고", "검색 광고", "paid search")),
    W("blog", "Blog", "블로그", ("content", "콘텐츠")),
    W("newsletter", "Newsletter", "뉴스레터", ("e-book", "ebook", "white paper", "whitepaper",
                                             "백서", "전자책")),
    W("social", "Social media", "소셜 미디어", ("sns", "linkedin", "링크드인", "facebook",
                                               "페이스북", "instagram", "인스타그램", "youtube",
                                               "유튜브", "video", "영상")),
    W("webinar", "Webinar", "웨비나", ("seminar", "세미나")),
    W("cold_call", "Cold call", "콜드콜", ("cold calling", "outbound call", "전화 영업", "텔레마케팅",
                                         "tm", "전화", "phone", "telephone", "콜")),
    W("cold_email", "Cold e-mail", "콜드메일", ("cold email", "이메일", "e-mail", "email",
                                             "이메일 영업", "dm", "direct mail")),
    W("existing_customer", "Existing customer", "기존 고객", ("existing client", "기존 거래처",
                                                          "repeat", "재구매")),
    W("partner", "Partner", "파트너", ("reseller", "총판", "대리점", "channel partner")),
    W("media", "Media ads", "매체 광고", ("tv", "radio", "newspaper", "magazine", "방송", "신문",
                                         "잡지", "라디오")),
    open=True,
)
INDUSTRIES = vocabulary(
    "industries", "Industries", "업종",
    W("manufacturing", "Manufacturing", "제조", ("제조업", "factory", "production")),
    W("it", "IT / software", "IT·소프트웨어", ("it", "software", "saas", "소프트웨어", "정보통신",
                                              "it/software", "tech", "technology")),
    W("finance", "Finance", "금융", ("금융업", "bank", "banking", "insurance", "보험", "은행",
                                   "financial services")),
    W("retail", "Retail / e-commerce", "유통·커머스", ("retail", "유통", "이커머스", "e-commerce",
                                                    "ecommerce", "도소매", "commerce")),
    W("healthcare", "Healthcare", "의료·헬스케어", ("병원", "의료", "헬스케어", "hospital", "medical",
                                                 "pharma", "제약", "바이오", "bio")),
    W("education", "Education", "교육", ("교육업", "school", "university", "대학", "학교", "edtech")),
    W("construction", "Construction", "건설", ("건설업", "real estate", "부동산")),
    W("logistics", "Logistics", "물류", ("물류업", "운송", "transport", "shipping")),
    W("public", "Public sector", "공공", ("공공기관", "government", "gov", "관공서", "지자체")),
    W("services", "Services", "서비스", ("서비스업", "consulting", "컨설팅")),
    W("media", "Media", "미디어", ("언론", "방송", "entertainment", "엔터테인먼트")),
    W("food", "Food & beverage", "식음료", ("f&b", "food", "식품", "외식", "요식업")),
    W("energy", "Energy", "에너지", ("energy", "전력", "utilities")),
    open=True,
)
REGIONS = vocabulary(
    "regions", "Regions", "지역",
    W("seoul", "Seoul", "서울", ("서울시", "서울특별시")),
    W("gyeonggi", "Gyeonggi", "경기", ("경기도", "gyeonggi-do", "gyeonggido")),
    W("incheon", "Incheon", "인천", ("인천시", "인천광역시")),
    W("busan", "Busan", "부산", ("부산시", "부산광역시")),
    W("daegu", "Daegu", "대구", ("대구시", "대구광역시")),
    W("daejeon", "Daejeon", "대전", ("대전시", "대전광역시")),
    W("gwangju", "Gwangju", "광주", ("광주시", "광주광역시")),
    W("ulsan", "Ulsan", "울산", ("울산시", "울산광역시")),
    W("sejong", "Sejong", "세종", ("세종시", "세종특별자치시")),
    W("gangwon", "Gangwon", "강원", ("강원도", "강원특별자치도")),
    W("chungcheong", "Chungcheong", "충청", ("충북", "충남", "충청북도", "충청남도", "chungbuk",
                                            "chungnam")),
    W("jeolla", "Jeolla", "전라", ("전북", "전남", "전라북도", "전라남도", "전북특별자치도",
                                  "jeonbuk", "jeonnam")),
    W("gyeongsang", "Gyeongsang", "경상", ("경북", "경남", "경상북도", "경상남도", "gyeongbuk",
                                          "gyeongnam")),
    W("jeju", "Jeju", "제주", ("제주도", "제주특별자치도")),
    W("overseas", "Overseas", "해외", ("abroad", "international", "global", "해외 지사")),
    open=True,
)
LOST_REASONS = vocabulary(
    "lost_reasons", "Lost reasons", "실주 사유",
    W("price", "Price too high", "가격 부담", ("too expensive", "price", "가격", "제시 견적가 높음",
                                             "비쌈", "가격 경쟁력")),
    W("budget_cut", "Budget cut", "예산 삭감", ("no budget", "budget", "예산 없음", "예산 부족",
                                               "예산")),
    W("competitor", "Chose a competitor", "경쟁사 선택", ("competitor", "lost to competitor",
                                                      "경쟁사", "타사 선택")),
    W("timing", "Bad timing", "시기 부적절", ("timing", "not now", "시기", "보류 후 종료", "연기")),
    W("no_decision", "No decision", "의사결정 무산", ("no decision", "무응답", "no response",
                                                    "연락 두절", "경쟁사/무대응", "무대응",
                                                    "응답 없음", "ghosted")),
    W("product_fit", "Product not a fit", "기능 미충족", ("product fit", "not a fit", "기능 부족",
                                                      "요구사항 불일치", "제품 적합성")),
    W("internal", "Built in-house", "자체 개발", ("in-house", "internal", "내재화", "자체 구축")),
    open=True,
)

CATEGORY_VOCABULARIES: dict[str, Vocabulary] = {
    v.key: v for v in (SOURCES, INDUSTRIES, REGIONS, LOST_REASONS)
}
VOCABULARIES: dict[str, Vocabulary] = {
    v.key: v for v in (YES_NO, SOURCE_TYPES, TIERS, NEED_LEVELS, OUTCOME_WORDS, BANT_STATUSES,
                       FOLLOW_UP_STATUSES, CHANNELS, AGENDA_KINDS, ACTIVITY_TYPES, OBJECTION_CATEGORIES,
                       CLOSING_TECHNIQUES, SOURCES, INDUSTRIES, REGIONS, LOST_REASONS)
}
