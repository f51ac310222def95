"""Words the Summary sheet shows, in English and Korean: titles, headers, special rows.

Tables use canonical keys (stage keys, ``inbound``, ``price``, ``"Total"``); only the sheet and
the PNG charts turn them into words, here.

Example:
    >>> text("total", "ko"), text("pipeline_count", "en")
    ('합계', 'Open pipeline: deals by rep and stage')
"""

from __future__ import annotations

from salesxl.core.config import Config
from salesxl.core.vocab import CLOSING_TECHNIQUES, OBJECTION_CATEGORIES, SOURCE_TYPES, Vocabulary

WORDS: dict[str, tuple[str, str]] = {
    # sheet and special rows
    "sheet_title": ("Sales summary", "영업 요약"),
    "built": ("Built by salesxl summary on {today} from {leads:,} leads. Run `salesxl summary` "
              "again to rebuild this sheet; edits here are replaced.",
              "salesxl summary가 {today}에 리드 {leads:,}건으로 만들었습니다. `salesxl summary`를 "
              "다시 실행하면 이 시트를 새로 만듭니다(여기서 고친 내용은 바뀝니다)."),
    "total": ("Total", "합계"),
    "team": ("Team", "팀 전체"),
    "none": ("(none)", "(없음)"),
    "no_date": ("(no date)", "(날짜 없음)"),
    "rep": ("Rep", "담당자"),
    "stage": ("Stage", "단계"),
    "more_rows": ("... and {n:,} more (the full list: salesxl.summary(...).stale_deals)",
                  "... 외 {n:,}건 (전체 목록: salesxl.summary(...).stale_deals)"),
    # table titles
    "pipeline_count": ("Open pipeline: deals by rep and stage", "진행 중 파이프라인: 담당자·단계별 건수"),
    "pipeline_amount": ("Open pipeline: amount by rep and stage",
                        "진행 중 파이프라인: 담당자·단계별 금액"),
    "funnel": ("Funnel: leads that reached each stage", "퍼널: 단계별 도달 리드"),
    "funnel_history": ("(from the History sheet)", "(이력 시트 기준)"),
    "funnel_stages": ("(from current stages: no History)", "(현재 단계 기준: 이력 없음)"),
    "forecast": ("Weighted forecast by expected close month", "예상 종결월별 가중 예측"),
    "sources": ("Source effectiveness by source", "유입 경로별 효과"),
    "source_types": ("Source effectiveness: inbound vs outbound", "유입 유형별 효과: 인바운드 대 아웃바운드"),
    "techniques": ("Win rate by closing technique", "종결 기법별 성공률"),
    "objections": ("Objections by category", "이의 분류별 해결률"),
    "follow_ups": ("Follow-up discipline by rep", "담당자별 후속 조치 관리"),
    "stale_deals": ("Stale deals (idle longer than their stage's rotting days)",
                    "정체 거래 (단계별 정체 기준일 초과)"),
    "stage_days": ("Days in each stage (median)", "단계별 체류 일수 (중앙값)"),
    "pivot": ("PivotTable: open deals by rep and stage (refreshes when the workbook opens)",
              "피벗 테이블: 담당자·단계별 진행 중 거래 (통합 문서를 열 때 새로 고침)"),
    "no_pivot": ("No PivotTable: the Leads table has no open deals yet.",
                 "피벗 테이블 없음: 리드 표에 진행 중 거래가 아직 없습니다."),
    # column headers
    "count": ("Deals", "건수"),
    "amount": ("Amount", "금액"),
    "reached": ("Reached", "도달"),
    "share_of_first": ("Share of first stage", "첫 단계 대비"),
    "conversion_to_next": ("Conversion to next", "다음 단계 전환율"),
    "month": ("Expected close", "예상 종결월"),
    "deals": ("Deals", "건수"),
    "won_amount": ("Won", "성사 금액"),
    "weighted": ("Weighted", "가중 금액"),
    "source": ("Source", "유입 경로"),
    "source_type": ("Source type", "유입 유형"),
    "leads": ("Leads", "리드"),
    "qualified": ("Qualified", "적격"),
    "qualified_share": ("Qualified share", "적격 비율"),
    "won": ("Won", "성사"),
    "lost": ("Lost", "실패"),
    "win_rate": ("Win rate", "성공률"),
    "avg_won_amount": ("Average won amount", "평균 성사 금액"),
    "technique": ("Closing technique", "종결 기법"),
    "closed": ("Closed", "종결"),
    "category": ("Category", "분류"),
    "raised": ("Raised", "제기"),
    "resolved": ("Resolved", "해결"),
    "resolution_rate": ("Resolution rate", "해결률"),
    "with_follow_up": ("With a follow-up", "후속 조치 대상"),
    "overdue": ("Overdue", "지연"),
    "due_today": ("Due today", "오늘"),
    "scheduled": ("Scheduled", "예정"),
    "on_time_share": ("On-time share", "정시 비율"),
    "lead_id": ("Lead ID", "리드 ID"),
    "company": ("Company", "회사명"),
    "days_in_stage": ("Days in stage", "체류 일수"),
    "rotting_days": ("Rotting days", "정체 기준일"),
    "days_over": ("Days over", "초과 일수"),
    "deal_amount": ("Deal amount", "거래 금액"),
    "completed_stays": ("Completed stays", "완료된 체류"),
    "median_days": ("Median days", "중앙값 (일)"),
    "now_in_stage": ("Now in stage", "현재 리드"),
    "median_days_now": ("Median days so far", "현재 체류 중앙값 (일)"),
    "pivot_sum": ("Sum of {field}", "합계 : {field}"),
    "pivot_count_of": ("Count of {field}", "개수 : {field}"),
    "total_of": ("Total {name}", "{name} 합계"),
    "grand_total": ("Grand Total", "총합계"),
    "blank": ("(blank)", "(비어 있음)"),
    # charts
    "chart_pipeline": ("Open pipeline by rep", "담당자별 진행 중 파이프라인"),
    "chart_funnel": ("Funnel", "퍼널"),
    "chart_forecast": ("Forecast by expected close month", "예상 종결월별 예측"),
    "chart_sources": ("Qualified share and win rate by source", "유입 경로별 적격 비율과 성공률"),
    "chart_techniques": ("Win rate by closing technique", "종결 기법별 성공률"),
    "chart_follow_ups": ("Follow-ups by rep", "담당자별 후속 조치"),
}


def text(key: str, lang: str, **values: object) -> str:
    """The words for ``key`` in ``lang`` (``ko`` or anything else for English).

    Example:
        >>> text("more_rows", "en", n=1200)[:20]
        '... and 1,200 more ('
    """
    en, ko = WORDS[key]
    words = ko if lang == "ko" else en
    return words.format(**values) if values else words


def _choice_label(choices: Vocabulary, key: object, lang: str) -> str | None:
    return choices.word(key).label(lang) if key in choices.keys else None


def row_label(kind: str, key: object, cfg: Config, lang: str) -> str:
    """The words for one row key of a table: a stage, a source type, a category, a special row.

    Args:
        kind: what the key is: ``stage``, ``source_type``, ``technique``, ``category`` or
            ``text`` (shown as it is).
        key: the key (``"proposal"``, ``"inbound"``, ``"Total"``...).
        cfg: the Config, for stage labels.
        lang: ``ko`` or ``en``.

    Example:
        >>> from salesxl.core.config import Config
        >>> row_label("stage", "proposal", Config.default(), "ko")
        '제안·반론 대응'
        >>> row_label("source", "trade_show", Config.default(), "en")
        'Trade show'
        >>> row_label("source_type", "Total", Config.default(), "ko")
        '합계'
    """
    special = {"Total": "total", "Team": "team", "(none)": "none", "(no date)": "no_date"}
    if isinstance(key, str) and key in special:
        return text(special[key], lang)
    if kind == "stage" and isinstance(key, str):
        try:
            return cfg.stage(key).label(lang)
        except KeyError:
            return key
    tables = {"source_type": SOURCE_TYPES, "technique": CLOSING_TECHNIQUES,
              "category": OBJECTION_CATEGORIES, "source": cfg.vocabulary("sources")}
    if kind in tables:
        label = _choice_label(tables[kind], key, lang)
        if label is not None:
            return label
    return "" if key is None else str(key)
