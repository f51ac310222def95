"""Words the Summary sheet shows, in English and Korean: titles, headers, special rows.

Tables use canonical keys (stage keys, ``inbound``, ``price``, ``"Total"``); only the sheet and
the PNG charts turn them into words, here.

Example:
    >>> text("total", "ko"), text("pipeline_count", "en")
    ('합계', 'Open pipeline: deals by rep and stage')
"""

from __future__ import annotations

from salesxl.core.config import Config
from salesxl.core.vocab import (
    ACTIVITY_TYPES,
    CLOSING_TECHNIQUES,
    OBJECTION_CATEGORIES,
    SOURCE_TYPES,
    Vocabulary,
)

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
    "rep": ("Rep", "영업 담당"),
    "stage": ("Stage", "단계"),
    "rep_title": ("Sales summary: {rep}", "영업 요약: {rep}"),
    "as_of": ("As of {today}; changes since {since} ({days} days). {leads:,} leads. Run `salesxl "
              "summary` again to rebuild this sheet (edits here are replaced).",
              "{today} 기준, 변화는 {since} 이후 ({days}일). 리드 {leads:,}건. `salesxl summary`를 "
              "다시 실행하면 이 시트를 새로 만듭니다 (여기서 고친 내용은 바뀝니다)."),
    "amounts_note": ("Amounts show in millions ({unit}); the cells hold the full amounts.",
                     "금액은 {unit} 단위로 표시합니다 (셀 값은 원 단위 전체 금액)."),
    "no_targets": ("No targets yet: fill in the Targets sheet (rep blank = the team; period "
                   "2026-12 or 2026-Q4) to see attainment and pace.",
                   "목표가 아직 없습니다: 목표 시트에 입력하세요 (영업 담당 비우면 팀 전체, 기간은 "
                   "2026-12 또는 2026-Q4)."),
    # table titles
    "pipeline_count": ("Open pipeline: deals by rep and stage", "진행 중 파이프라인: 영업 담당·단계별 건수"),
    "pipeline_amount": ("Open pipeline: amount by rep and stage",
                        "진행 중 파이프라인: 영업 담당·단계별 금액"),
    "funnel": ("Funnel: leads that reached each stage", "퍼널: 단계별 도달 리드"),
    "funnel_history": ("(from the History sheet)", "(이력 시트 기준)"),
    "funnel_stages": ("(from current stages: no History)", "(현재 단계 기준: 이력 없음)"),
    "forecast": ("Deals by expected close month (won and weighted)", "수주 예정월별 거래 (수주와 가중 금액)"),
    "sources": ("Source effectiveness by source", "유입 경로별 효과"),
    "source_types": ("Source effectiveness: inbound vs outbound", "유입 유형별 효과: 인바운드 대 아웃바운드"),
    "techniques": ("Win rate by closing technique", "클로징 기법별 수주율"),
    "objections": ("Objections by category", "반론 유형별 해결률"),
    "follow_ups": ("Follow-up discipline by rep", "영업 담당별 후속 연락 관리"),
    "stale_deals": ("Stale deals (idle longer than their stage's rotting days)",
                    "정체 거래 (단계별 정체 기준일 초과)"),
    "stage_days": ("Days in each stage (median)", "단계별 체류 일수 (중앙값)"),
    "pivot": ("PivotTable: open deals by rep and stage (refreshes when the workbook opens)",
              "피벗 테이블: 담당자·단계별 진행 중 거래 (통합 문서를 열 때 새로 고침)"),
    "no_pivot": ("No PivotTable: the Leads table has no open deals yet.",
                 "피벗 테이블 없음: 리드 표에 진행 중 거래가 아직 없습니다."),
    # the manager's Monday: headline
    "headline": ("Headline", "핵심 지표"),
    "metric": ("Figure", "지표"),
    "value": ("Now", "현재"),
    "target": ("Target", "목표"),
    "attainment": ("Attainment", "목표 달성률"),
    "pace": ("Target to date", "오늘까지 목표"),
    "then": ("On {since}", "{since} 시점"),
    "change": ("Change", "변화"),
    "m_open_deals": ("Open pipeline (deals)", "진행 중 파이프라인 (건)"),
    "m_open_amount": ("Open pipeline (amount)", "진행 중 파이프라인 (금액)"),
    "m_won_month": ("Won this month ({period})", "이번 달 수주 ({period})"),
    "m_forecast_month": ("Forecast this month (won + weighted)",
                         "이번 달 가중 매출 예측 (수주 + 가중)"),
    "m_won_quarter": ("Won this quarter ({period})", "이번 분기 수주 ({period})"),
    "m_forecast_quarter": ("Forecast this quarter (won + weighted)",
                           "이번 분기 가중 매출 예측 (수주 + 가중)"),
    "m_new_leads_month": ("New leads this month", "이번 달 신규 리드"),
    "m_activities_month": ("Activities this month", "이번 달 활동 건수"),
    "m_win_rate": ("Win rate (won / closed)", "수주율 (수주 / 종료)"),
    "m_avg_won_amount": ("Average won deal", "평균 수주 금액"),
    "m_median_cycle_days": ("Median sales cycle (created to won, days)",
                            "영업 주기 중앙값 (등록→수주, 일)"),
    "m_overdue_follow_ups": ("Overdue follow-ups", "기한 초과 후속 연락"),
    "m_stale_deals": ("Stale deals", "정체 거래 (건)"),
    "m_stale_amount": ("Stale pipeline amount", "정체 파이프라인 금액"),
    "reps": ("This month and quarter by rep (forecast = won + weighted)",
             "영업 담당별 이번 달·분기 (예측 = 수주 + 가중)"),
    "won_month": ("Won (month)", "수주 (월)"),
    "forecast_month": ("Forecast (month)", "예측 (월)"),
    "target_month": ("Target (month)", "목표 (월)"),
    "attainment_month": ("Forecast / target", "예측 달성률"),
    "forecast_quarter": ("Forecast (Q)", "예측 (분기)"),
    "target_quarter": ("Target (Q)", "목표 (분기)"),
    "attainment_quarter": ("Fcst / target (Q)", "예측 달성률 (분기)"),
    "activities_month": ("Activities (month)", "활동 (월)"),
    "activities_target": ("Activity target", "활동 목표"),
    "overdue_follow_ups": ("Overdue follow-ups", "기한 초과"),
    "stale_amount": ("Stale amount", "정체 금액"),
    # forecast by category
    "forecast_categories": ("Forecast by category (예측 구분), from this month on",
                            "예측 구분별 가중 매출 예측 (이번 달부터)"),
    "period": ("Period", "기간"),
    "closed_cat": ("Closed (won)", "종료 (수주 완료)"),
    "commit": ("Commit", "확정 (Commit)"),
    "best_case": ("Best case", "최선 (Best case)"),
    "pipeline_cat": ("Pipeline", "파이프라인"),
    "open_deals": ("Open deals", "진행 중 건수"),
    "weighted_forecast": ("Weighted forecast", "가중 매출 예측"),
    "forecast_gaps": ("Deals the forecast cannot count", "예측에 들어가지 않는 거래"),
    "gap": ("Why", "구분"),
    "g_no_close_date": ("Open, close date missing", "진행 중, 수주 예정일 없음"),
    "g_close_date_passed": ("Open, close date in a past month", "진행 중, 수주 예정일 지남"),
    "g_no_amount": ("Open, amount missing", "진행 중, 금액 없음"),
    "g_on_hold": ("On hold (not forecast)", "보류 (예측 제외)"),
    "forecast_months": ("Won and weighted forecast by month", "월별 수주 실적과 가중 예측"),
    "weighted_open": ("Weighted open deals", "진행 중 가중 금액"),
    "forecast_total": ("Forecast", "예측 합계"),
    "open_amount": ("Open amount", "진행 중 금액"),
    "chart_forecast_months": ("Won (past) and weighted forecast (ahead) vs target",
                              "월별 수주 실적과 가중 예측 대비 목표"),
    "won_past": ("Won", "수주 실적"),
    "weighted_ahead": ("Weighted forecast", "가중 예측"),
    "target_line": ("Target", "목표"),
    # changes
    "changes": ("What changed since {since}", "{since} 이후 변화"),
    "new": ("New leads", "신규 리드"),
    "new_amount": ("New amount", "신규 금액"),
    "advanced": ("Advanced", "단계 진전"),
    "won_amount_c": ("Won amount", "수주 금액"),
    "lost_c": ("Lost", "실주"),
    "lost_amount": ("Lost amount", "실주 금액"),
    "slipped": ("Close date slipped", "예정일 경과"),
    "slipped_amount": ("Slipped amount", "경과 금액"),
    "added_amount": ("Pipeline added", "파이프라인 추가"),
    "removed_amount": ("Pipeline removed", "파이프라인 제외"),
    "net_amount": ("Pipeline change", "파이프라인 순변화"),
    "change_list": ("Every change since {since} ({n:,})", "{since} 이후 변화 전체 목록 ({n:,}건)"),
    "event": ("Change", "변화"),
    "day": ("Date", "날짜"),
    "from_stage": ("From", "이전 단계"),
    "to_stage": ("To / stage", "단계"),
    "lost_reason": ("Lost reason", "실주 사유"),
    "e_new": ("New lead", "신규 리드"),
    "e_advanced": ("Advanced", "단계 진전"),
    "e_won": ("Won", "수주"),
    "e_lost": ("Lost", "실주"),
    "e_slipped": ("Close date passed", "수주 예정일 경과"),
    # activity
    "activity_weeks": ("Activities per week, last 8 weeks (week of Monday)",
                       "최근 8주 주간 활동 건수 (월요일 기준 주)"),
    "week_avg": ("Weekly average", "주 평균"),
    "week_target": ("Weekly target", "주 목표"),
    "month_n": ("This month", "이번 달"),
    "month_target": ("Month target", "월 목표"),
    "month_attainment": ("Attainment", "목표 달성률"),
    "month_pace": ("Target to date", "오늘까지 목표"),
    "untouched_n": ("Leads past cadence", "주기 초과 리드"),
    "activity_types": ("Activities by type, last 8 weeks", "최근 8주 유형별 활동 건수"),
    "chart_activity": ("Activities by rep and type, last 8 weeks",
                       "영업 담당별 유형별 활동 (최근 8주)"),
    "untouched": ("Open leads without a touch within their tier's cadence ({n:,})",
                  "고객 등급 주기 안에 접촉이 없는 진행 중 리드 ({n:,}건)"),
    "tier": ("Tier", "고객 등급"),
    "last_touch": ("Last touch", "최근 접촉일"),
    "days_since": ("Days since", "경과 일수"),
    "cadence_days": ("Cadence (days)", "주기 (일)"),
    # velocity
    "stage_time": ("Days in each stage by rep (average, median; from History)",
                   "영업 담당별 단계 체류 일수 (평균, 중앙값; 이력 기준)"),
    "average": ("Average", "평균"),
    "median": ("Median", "중앙값"),
    "cycle": ("Sales cycle of won deals (created to won)", "수주 거래의 영업 주기 (등록→수주)"),
    "won_deals": ("Won deals", "수주 건수"),
    "average_days": ("Average days", "평균 (일)"),
    "median_days_c": ("Median days", "중앙값 (일)"),
    "lost_reasons": ("Lost reasons by the stage lost from", "실주 사유별 실주 단계"),
    "lost_count": ("Lost deals", "실주 건수"),
    "lost_amount_t": ("Lost amount", "실주 금액"),
    "unknown_stage": ("(stage unknown)", "(단계 모름)"),
    "stale_top": ("Stale deals: top {n} by amount x days over (all {total:,}: sheet '{sheet}')",
                  "정체 거래: 금액 × 초과 일수 상위 {n}건 (전체 {total:,}건: '{sheet}' 시트)"),
    "stale_sheet_title": ("Stale deals, biggest risk first (amount x days over the stage's "
                          "rotting days)", "정체 거래 전체 목록, 위험 큰 순 (금액 × 정체 기준 초과 일수)"),
    "rank": ("#", "순위"),
    "risk": ("Amount x days over", "금액 × 초과 일수"),
    "unlisted": ("Words not in the list (typed outside the Config lists)",
                 "목록에 없는 값 (설정 목록 밖에서 입력된 값)"),
    "list": ("List", "목록"),
    "column": ("Column", "열"),
    "word": ("Value as typed", "입력된 값"),
    "none_unlisted": ("Every source, industry, region and lost reason is in the lists.",
                      "유입 경로·업종·지역·실주 사유가 모두 목록에 있습니다."),
    "l_sources": ("Source", "유입 경로"),
    "l_industries": ("Industry", "업종"),
    "l_regions": ("Region", "지역"),
    "l_lost_reasons": ("Lost reason", "실주 사유"),
    "unit_amount": ("₩M", "백만원"),
    "open_leads_link": ("Open the Leads row", "리드 행 열기"),
    # column headers
    "count": ("Deals", "건수"),
    "amount": ("Amount", "금액"),
    "reached": ("Reached", "도달"),
    "share_of_first": ("Share of first stage", "첫 단계 대비"),
    "conversion_to_next": ("Conversion to next", "다음 단계 전환율"),
    "month": ("Month", "월"),
    "deals": ("Deals", "건수"),
    "won_amount": ("Won", "수주 금액"),
    "weighted": ("Weighted", "가중 금액"),
    "source": ("Source", "유입 경로"),
    "source_type": ("Source type", "유입 유형"),
    "leads": ("Leads", "리드"),
    "qualified": ("Qualified", "적격"),
    "qualified_share": ("Qualified share", "적격 비율"),
    "won": ("Won", "수주"),
    "lost": ("Lost", "실주"),
    "win_rate": ("Win rate", "수주율"),
    "avg_won_amount": ("Average won amount", "평균 수주 금액"),
    "technique": ("Closing technique", "클로징 기법"),
    "closed": ("Closed", "종료"),
    "category": ("Category", "반론 유형"),
    "raised": ("Raised", "제기"),
    "resolved": ("Resolved", "해결"),
    "resolution_rate": ("Resolution rate", "해결률"),
    "with_follow_up": ("With a follow-up", "후속 연락 대상"),
    "overdue": ("Overdue", "기한 초과"),
    "due_today": ("Due today", "오늘 예정"),
    "scheduled": ("Scheduled", "예정"),
    "on_time_share": ("On-time share", "정시 비율"),
    "lead_id": ("Lead ID", "리드 번호"),
    "company": ("Company", "고객사명"),
    "days_in_stage": ("Days in stage", "체류 일수"),
    "rotting_days": ("Rotting days", "정체 기준일"),
    "days_over": ("Days over", "초과 일수"),
    "deal_amount": ("Deal amount", "예상 금액"),
    "completed_stays": ("Completed stays", "완료된 체류"),
    "median_days": ("Median days", "중앙값 (일)"),
    "now_in_stage": ("Now in stage", "현재 건수"),
    "median_days_now": ("Median days so far", "현재 체류 중앙값 (일)"),
    "pivot_sum": ("Sum of {field}", "합계 : {field}"),
    "pivot_count_of": ("Count of {field}", "개수 : {field}"),
    "total_of": ("Total {name}", "{name} 합계"),
    "grand_total": ("Grand Total", "총합계"),
    "blank": ("(blank)", "(비어 있음)"),
    # the two weighted forecasts: stage and learned probability
    "m_forecast_month_probability": ("Forecast this month, {prob}", "이번 달 가중 매출 예측 ({prob})"),
    "m_forecast_quarter_probability": ("Forecast this quarter, {prob}",
                                       "이번 분기 가중 매출 예측 ({prob})"),
    "prob_probability": ("stage probability", "단계 확률"),
    "prob_win_probability": ("learned probability", "예측 수주 확률"),
    "forecast_probability_note": (
        "The weighted forecast uses the {prob} (Config: forecast_probability = {setting}); "
        "{n:,} open deals have a learned win probability (salesxl score), the others their "
        "stage's.",
        "가중 매출 예측은 {prob} 기준입니다 (설정 '예측에 쓸 확률': {setting}). 진행 중 거래 "
        "{n:,}건에 예측 수주 확률이 있고 (salesxl score), 나머지는 단계 확률을 씁니다."),
    "setting_stage": ("stage", "단계"),
    "setting_learned": ("learned", "예측"),
    "weighted_alt": ("Weighted forecast, {prob}", "가중 매출 예측 ({prob})"),
    # the learned win probability's back-test
    "t_backtest": ("Learned win probability: back-test (trained on the deals closed by {cutoff}: "
                   "{tw:,} won, {tl:,} lost; scored on the {sw:,} won and {sl:,} lost closed "
                   "after)",
                   "예측 수주 확률 백테스트 ({cutoff}까지 종료된 거래로 학습: 수주 {tw:,}건, 실주 "
                   "{tl:,}건; 이후 종료된 수주 {sw:,}건, 실주 {sl:,}건으로 평가)"),
    "bt_view": ("Scored", "평가 시점"),
    "bt_probability": ("Probability", "확률"),
    "bt_rows": ("Rows scored", "평가 행"),
    "bt_deals": ("Deals", "거래"),
    "bt_auc": ("AUC", "AUC"),
    "bt_brier": ("Brier", "Brier"),
    "v_every_stage": ("Every stage", "단계마다"),
    "v_at_close": ("At close", "종료 직전"),
    "pr_learned": ("Learned", "예측 수주 확률"),
    "pr_stage": ("Stage default", "단계 기본값"),
    "t_calibration": ("Calibration: actual win rate by predicted probability",
                      "보정표: 예측 확률 구간별 실제 수주율"),
    "bin": ("Predicted", "예측 구간"),
    "cal_n": ("n", "건수"),
    "cal_predicted": ("predicted", "예측"),
    "cal_actual": ("won", "실제 수주율"),
    "backtest_note": (
        "AUC: the chance a won deal ranks above a lost one (higher is better, 0.5 = chance); "
        "Brier: mean squared error (lower is better). 'Every stage' scores each test deal at "
        "every stage it went through, the way open deals are scored; 'at close' only at the "
        "stage it closed from, which favours the stage defaults.",
        "AUC: 수주 거래가 실주 거래보다 높게 평가될 확률 (높을수록 좋음, 0.5는 무작위). Brier: 오차 "
        "제곱 평균 (낮을수록 좋음). '단계마다'는 시험 거래를 거쳐 간 단계마다 평가합니다 (진행 중 "
        "리드를 평가하는 방식). '종료 직전'은 종료 직전 단계로만 평가해 단계 기본값에 유리합니다."),
    # after the sale
    "after_sale": ("After the sale: repurchases, upsells, referrals, customer touches",
                   "사후 관리: 재구매, 업셀, 추천, 고객 후속 연락"),
    "after_sale_note": (
        "Purchase: a won or upsold deal. Repeat customer: two purchases or more. Referred: "
        "'Referred by' filled in, or the source Referral. Win rate: won / closed. Links are "
        "worked out again from the Leads (as salesxl customers does).",
        "구매: 수주 또는 업셀 거래. 재구매 고객: 구매 2건 이상. 추천 리드: 추천인이 있거나 유입 "
        "경로가 소개. 수주율: 수주 / 종료. 고객 연결은 리드에서 다시 계산합니다 (salesxl "
        "customers와 같은 규칙)."),
    "k_customers": ("Customers who bought", "구매 고객"),
    "k_repeat_customers": ("Repeat customers", "재구매 고객"),
    "k_repeat_rate": ("Repeat-purchase rate", "재구매율"),
    "k_repurchases": ("Repurchases", "재구매 건수"),
    "k_repurchase_amount": ("Repurchase amount", "재구매 금액"),
    "k_upsells": ("Upsells", "업셀 건수"),
    "k_upsell_amount": ("Upsell amount", "업셀 금액"),
    "k_mean_days_between": ("Mean days between purchases", "평균 구매 간격 (일)"),
    "k_median_days_between": ("Median days between purchases", "중앙 구매 간격 (일)"),
    "k_referral_win_rate": ("Win rate of referrals", "추천 수주율"),
    "k_other_win_rate": ("Win rate of other leads", "기타 리드 수주율"),
    "k_referral_won_amount": ("Won from referrals", "추천 수주 금액"),
    "k_referral_won_share": ("Share of won from referrals", "추천 수주 비중"),
    "t_referral_sources": ("Referrals vs other sources", "추천 리드 대 기타 리드"),
    "r_referral": ("Referred", "추천 리드"),
    "r_other": ("Other leads", "기타 리드"),
    "won_share": ("Share of won amount", "수주 금액 비중"),
    "chart_referrals": ("Won amount: referrals vs other leads", "추천 리드 대 기타 리드 수주 금액"),
    "t_referrals": ("Referrals received by customer: top {n} of {total:,} (all: sheet '{sheet}')",
                    "고객별 추천 건수: 상위 {n}곳 (전체 {total:,}곳: '{sheet}' 시트)"),
    "t_referrals_all": ("Referrals received by customer, most first ({total:,})",
                        "고객별 추천 건수, 많은 순 ({total:,}곳)"),
    "customer_id": ("Customer ID", "고객사 번호"),
    "referrals": ("Referrals", "추천 건수"),
    "conversion": ("Win rate (won / closed)", "추천 수주율 (수주 / 종료)"),
    "t_purchases": ("Purchases by customer, by total won: top {n} of {total:,} "
                    "(all: sheet '{sheet}')",
                    "고객별 구매, 누적 수주 금액 순: 상위 {n}곳 (전체 {total:,}곳: '{sheet}' 시트)"),
    "t_purchases_all": ("Purchases by customer, by total won ({total:,})",
                        "고객별 구매, 누적 수주 금액 순 ({total:,}곳)"),
    "purchases": ("Purchases", "구매 건수"),
    "first_purchase": ("First purchase", "첫 구매일"),
    "last_purchase": ("Last purchase", "최근 구매일"),
    "total_won": ("Total won", "누적 수주 금액"),
    "upsell_amount": ("Upsell amount", "업셀 금액"),
    "mean_days_between": ("Mean days between purchases", "평균 구매 간격 (일)"),
    "referrals_won": ("Referrals won", "추천 수주"),
    "no_purchases": ("No purchases yet: a customer appears when a lead is won.",
                     "아직 구매가 없습니다: 리드를 수주하면 고객이 생깁니다."),
    "t_touches": ("Follow-ups by rep: open leads and customers (a won deal's follow-up is its "
                  "customer's touch)",
                  "영업 담당별 후속 연락: 진행 중 리드와 고객 (수주한 거래의 후속 연락은 고객 행에서)"),
    "of_leads": ("Leads: {what}", "리드: {what}"),
    "of_customers": ("Customers: {what}", "고객: {what}"),
    "customers": ("Customers", "고객"),
    "with_touch": ("With a next touch", "후속 연락 대상"),
    "overdue_all": ("Overdue, leads and customers", "기한 초과 합계 (리드 + 고객)"),
    "aftersale_sheet_title": ("After the sale: every customer's purchases and referrals",
                              "사후 관리: 고객별 구매와 추천 전체 목록"),
    # charts
    "chart_pipeline": ("Open pipeline by rep and stage", "영업 담당별 진행 중 파이프라인"),
    "chart_funnel": ("Funnel", "퍼널"),
    "chart_forecast": ("Forecast by expected close month", "수주 예정월별 예측"),
    "chart_sources": ("Qualified share and win rate: inbound vs outbound", "인바운드·아웃바운드별 적격 비율과 수주율"),
    "chart_techniques": ("Win rate by closing technique", "클로징 기법별 수주율"),
    "chart_follow_ups": ("Follow-ups by rep", "영업 담당별 후속 연락"),
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
              "category": OBJECTION_CATEGORIES, "source": cfg.vocabulary("sources"),
              "activity": ACTIVITY_TYPES}
    if kind in tables:
        label = _choice_label(tables[kind], key, lang)
        if label is not None:
            return label
    return "" if key is None else str(key)
