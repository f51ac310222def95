"""Realistic, deterministic sales-team data for the demo, the tests and the benchmarks.

Korean and English reps, companies and contacts; inbound and outbound sources (inbound leads
qualify a little more often, so a team can see the seed's claim in its own summary); BANT mixes;
stages with their history; activities, objections and personal customer files. Won and lost
deals follow a known pattern with noise (see `_make_lead`), so the learned win probability of
`salesxl score` has something real to find.

Example:
    >>> team = make_team(reps=2, leads=20, seed=1, today=dt.date(2026, 11, 27))
    >>> len(team), sum(len(r.leads) for r in team)
    (2, 20)
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field
from typing import Any

from salesxl.core.config import PIPELINES

KO_SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
KO_GIVEN = ["지훈", "서연", "민준", "유진", "도윤", "하은", "지우", "수빈", "현우", "예린", "준서", "가은",
            "태윤", "소율", "승민", "다인", "정우", "채원", "시우", "나연"]
EN_FIRST = ["Alex", "Jamie", "Morgan", "Taylor", "Jordan", "Casey", "Riley", "Sam", "Chris", "Dana"]
EN_LAST = ["Kim", "Lee", "Park", "Smith", "Brown", "Choi", "Garcia", "Jung", "Wilson", "Kang"]
KO_CO_HEAD = ["한빛", "대성", "세진", "미래", "동방", "새한", "우리", "하나", "태평양", "청운", "금강", "서해",
              "누리", "다온", "바른", "삼정", "신영", "아름", "에이스", "제일"]
KO_CO_TAIL = ["소프트", "정밀", "물산", "테크", "산업", "바이오", "식품", "건설", "전자", "로지스"]
EN_CO_HEAD = ["Blue Ocean", "Northwind", "Apex", "Greenfield", "Silverline", "Bright Path",
              "Summit", "Harbor", "Crescent", "Pioneer"]
EN_CO_TAIL = ["Systems", "Trading", "Foods", "Logistics", "Labs", "Industries", "Partners"]
CO_FORMS_KO = ["(주){}", "{} 주식회사", "주식회사 {}", "{}"]
CO_FORMS_EN = ["{} Co., Ltd.", "{} Inc.", "{} Ltd", "{}"]
INDUSTRIES = [("제조", "Manufacturing"), ("유통", "Retail"), ("IT", "IT"), ("금융", "Finance"),
              ("의료", "Healthcare"), ("교육", "Education"), ("물류", "Logistics"), ("식품", "Food")]
REGIONS = [("서울", "Seoul"), ("경기", "Gyeonggi"), ("부산", "Busan"), ("대구", "Daegu"),
           ("인천", "Incheon"), ("대전", "Daejeon"), ("광주", "Gwangju")]
INBOUND = [("블로그", "Blog"), ("SEO", "SEO"), ("웨비나", "Webinar"), ("뉴스레터", "Newsletter"),
           ("백서", "White paper"), ("소셜 미디어", "Social media")]
OUTBOUND = [("전화", "Cold call"), ("이메일", "Cold e-mail"), ("전시회", "Trade show"),
            ("DM", "Direct mail"), ("소개", "Referral")]
NEEDS = [("재고 관리 자동화", "Automate stock keeping"), ("영업 보고서 시간 단축", "Cut reporting time"),
         ("고객 이탈 감소", "Reduce churn"), ("물류비 절감", "Lower logistics cost"),
         ("신규 지점 시스템 구축", "Systems for a new branch"), ("품질 불량률 개선", "Fewer defects")]
LOST_REASONS = [("가격", "Price"), ("경쟁사 선택", "Chose a competitor"), ("예산 삭감", "Budget cut"),
                ("응답 없음", "No response")]
OBJECTIONS = {
    "price": ("가격이 예산을 넘습니다.", "Over our budget."),
    "timing": ("올해는 어렵습니다.", "Not this year."),
    "authority": ("대표님 결재가 필요합니다.", "The CEO must sign off."),
    "competitor": ("기존 업체와 계약이 남아 있습니다.", "Still under contract with a vendor."),
    "product_fit": ("ERP 연동이 되는지 모르겠습니다.", "Unsure it integrates with our ERP."),
}
HOBBIES = [("골프", "golf"), ("등산", "hiking"), ("낚시", "fishing"), ("와인", "wine"), ("독서", "reading")]
TEXT_AMOUNTS = ["500만원", "3천만원", "1.2억", "₩8,000,000", "2,500만원"]


@dataclass
class RepData:
    """One rep's workbook content: canonical rows per table."""

    name: str
    code: str
    lang: str
    leads: list[dict[str, Any]] = field(default_factory=list)
    activities: list[dict[str, Any]] = field(default_factory=list)
    objections: list[dict[str, Any]] = field(default_factory=list)
    history: list[dict[str, Any]] = field(default_factory=list)
    customers: list[dict[str, Any]] = field(default_factory=list)
    targets: list[dict[str, Any]] = field(default_factory=list)

    def tables(self) -> dict[str, list[dict[str, Any]]]:
        return {"leads": self.leads, "activities": self.activities,
                "objections": self.objections, "history": self.history,
                "customers": self.customers, "targets": self.targets}


def _pick(rng: random.Random, pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "ko" else pair[1]


def _person(rng: random.Random, lang: str) -> tuple[str, str]:
    """(display name, e-mail local part)."""
    if lang == "ko":
        surname, given = rng.choice(KO_SURNAMES), rng.choice(KO_GIVEN)
        roman = f"user{rng.randrange(100, 999)}"
        return surname + given, roman
    first, last = rng.choice(EN_FIRST), rng.choice(EN_LAST)
    return f"{first} {last}", f"{first}.{last}".lower()


def _company(rng: random.Random, lang: str) -> tuple[str, str]:
    if lang == "ko":
        core = rng.choice(KO_CO_HEAD) + rng.choice(KO_CO_TAIL)
        domain = f"co{rng.randrange(1000, 9999)}.co.kr"
        return rng.choice(CO_FORMS_KO).format(core), domain
    core = f"{rng.choice(EN_CO_HEAD)} {rng.choice(EN_CO_TAIL)}"
    return rng.choice(CO_FORMS_EN).format(core), core.split()[0].lower() + ".com"


def _phone(rng: random.Random) -> str:
    mid, end = rng.randrange(1000, 9999), rng.randrange(1000, 9999)
    return rng.choice([f"010-{mid}-{end}", f"010{mid}{end}", f"+82 10-{mid}-{end}"])


def make_team(reps: int = 5, leads: int = 400, seed: int = 7, today: dt.date | None = None,
              pipeline: str = "seven_step") -> list[RepData]:
    """A team of `reps` reps sharing `leads` leads, deterministic for (seed, today)."""
    rng = random.Random(seed)
    today = today or dt.date.today()
    stages = PIPELINES[pipeline]
    open_keys = [s.key for s in stages if s.type == "open"]
    team: list[RepData] = []
    for i in range(reps):
        lang = "en" if i % 3 == 2 else "ko"
        name, _ = _person(rng, lang)
        team.append(RepData(name=name, code=f"R{i + 1:02d}", lang=lang))
    for n in range(leads):
        rep = team[n % reps]
        _make_lead(rng, rep, len(rep.leads) + 1, today, open_keys)
    # a second generator, so the leads above stay as they were before targets were added
    extra = random.Random(seed * 7919 + 1)
    for rep in team:
        _recent_activities(extra, rep, today, open_keys)
        _realistic_ends(extra, rep, open_keys, today)
    _targets(extra, team, today)
    return team


def _chance(logit: float) -> float:
    return 1.0 / (1.0 + math.exp(-logit))


def _realistic_ends(rng: random.Random, rep: RepData, open_keys: list[str],
                    today: dt.date) -> None:
    """A few open deals whose rep has not set a close date yet, and late-stage deals due about
    now (some dates passed).

    Lost deals are not touched here: `_make_lead` already loses them from every stage, the
    late ones most often, with History, activities and objections that fit the stage they were
    lost from. Cutting their History short again would leave no deal lost at closing, so the
    stage a deal closed from would tell its outcome exactly.
    """
    for lead in rep.leads:
        if lead["stage"] in open_keys and lead["deal_amount"]:
            roll = rng.random()
            if roll < 0.06:
                lead["expected_close_on"] = None
            elif roll < 0.2 and open_keys.index(lead["stage"]) >= 3:  # due now, some passed
                lead["expected_close_on"] = today + dt.timedelta(days=rng.randrange(-12, 4))


ACTIVITY_NOTES = {
    "call": ("통화: 진행 상황 확인", "Call: checked progress"),
    "email": ("자료 송부", "Sent material"),
    "visit": ("현장 방문 상담", "Site visit"),
    "meeting": ("요구사항 미팅", "Requirements meeting"),
    "demo": ("제품 시연", "Product demo"),
    "proposal": ("제안서 송부", "Sent the proposal"),
}


def _recent_activities(rng: random.Random, rep: RepData, today: dt.date,
                       open_keys: list[str]) -> None:
    """The last eight weeks of a rep's logged work on open leads: calls and e-mails most
    weeks, visits and meetings for later stages, demos and proposals where the stage calls for
    them; some reps log more than others."""
    open_leads = [x for x in rep.leads if x["stage"] in open_keys]
    if not open_leads:
        return
    pace = rng.choice([6, 9, 12, 15])
    monday = today - dt.timedelta(days=today.weekday())
    for week in range(8):
        start = monday - dt.timedelta(weeks=7 - week)
        for _ in range(max(0, pace + rng.randrange(-3, 4))):
            lead = rng.choice(open_leads)
            rank = open_keys.index(lead["stage"])
            kinds = ["call", "call", "email", "email"] + ["visit", "meeting"] * (rank >= 2) + \
                ["demo"] * (rank == 3) + ["proposal"] * (rank >= 4)
            kind = rng.choice(kinds)
            day = start + dt.timedelta(days=rng.randrange(0, 5))
            if day > today or (isinstance(lead["created_on"], dt.date)
                               and day < lead["created_on"]):
                continue
            rep.activities.append({
                "lead_id": lead["lead_id"], "date": day, "type": kind, "rep": rep.name,
                "notes": _pick(rng, ACTIVITY_NOTES[kind], rep.lang), "next_step": None})


def _targets(rng: random.Random, team: list[RepData], today: dt.date) -> None:
    """Monthly targets per rep for this quarter and the next, and the team's quarter targets
    (the same rows in every rep's workbook, as a manager hands them out)."""
    quarter = (today.month - 1) // 3
    months = [(today.year + (quarter * 3 + k) // 12, (quarter * 3 + k) % 12 + 1)
              for k in range(6)]
    team_rows: dict[tuple[int, int], float] = {}
    per_rep: dict[str, list[dict[str, Any]]] = {}
    for rep in team:
        won = float(rng.choice([180, 220, 250, 300]) * 1_000_000)
        rows = []
        for year, month in months:
            rows.append({"rep": rep.name, "period": f"{year:04d}-{month:02d}",
                         "won_amount": won, "new_deals": rng.choice([6, 8, 10]),
                         "activities": rng.choice([40, 50, 60])})
            q = (year, (month - 1) // 3 + 1)
            team_rows[q] = team_rows.get(q, 0.0) + won
        per_rep[rep.name] = rows
    shared = [{"rep": None, "period": f"{y:04d}-Q{q}", "won_amount": round(v * 1.1, -7),
               "new_deals": None, "activities": None} for (y, q), v in sorted(team_rows.items())]
    for rep in team:
        rep.targets = [*per_rep[rep.name], *shared]


def _make_lead(rng: random.Random, rep: RepData, n: int, today: dt.date,
               open_keys: list[str]) -> None:
    """One lead with its activities, objections, history and customer file.

    Closed deals carry a real signal with noise, for `salesxl score` to find: the log-odds of
    winning rise with an inbound source (+0.9), a referral (+1.3), a confirmed budget (+1.0),
    an identified decision maker (+0.9), a high need (+0.5, low −0.5), a tier-A customer
    (+0.3) and engagement (more activities per stage), and fall with a large deal (≥ 50M,
    −0.9), each objection (−0.35; lost deals leave most of theirs unresolved) and a lead that
    never qualified (−0.8), plus Gaussian noise (sd 0.8).

    Where deals end: a won deal goes through every open stage and closes from the last one
    (won follows the last open stage, as `advance` has it). A lost deal is lost from any open
    stage: most leads that never qualified (70 %) stop at the BANT gate (prospecting or
    qualification); the others are lost from prospecting to closing in the proportions
    5 : 12 : 15 : 18 : 28 : 22, so proposal and closing lose the most qualified deals and the
    stage a deal closed from does not tell its outcome by itself. Lost deals linger in the
    stage they are lost from (at least the last 40 % of their cycle), and their History,
    activities, demo and objections stop where they stopped. Won deals often get an onboarding
    activity after the close, and some objections are marked resolved only after it: traps
    for a model that would peek past the close.
    """
    lang = rep.lang
    lead_id = f"{rep.code}-{n:04d}"
    company, domain = _company(rng, lang)
    contact, local = _person(rng, lang)
    inbound = rng.random() < 0.5
    source_pair = rng.choice(INBOUND if inbound else OUTBOUND)
    source = _pick(rng, source_pair, lang)
    referral = source_pair[1] == "Referral"
    created = today - dt.timedelta(days=rng.randrange(5, 300))
    qualify = rng.random() < (0.75 if inbound else 0.5)
    budget: Any = None
    if qualify or rng.random() < 0.5:
        budget = float(rng.choice([3, 5, 8, 12, 20, 35, 50, 80, 120]) * 1_000_000)
        if rng.random() < 0.06:
            budget = rng.choice(TEXT_AMOUNTS)
    budget_confirmed = (rng.random() < 0.6) if budget is not None else None
    is_dm = qualify and rng.random() < 0.5
    dm_name = _person(rng, lang)[0] if rng.random() < (0.7 if qualify else 0.15) else None
    authority = is_dm or dm_name is not None
    need_level = rng.choice(["high", "medium", "low"]) if rng.random() < 0.7 else None
    tier = rng.choices("ABCD", weights=[1, 3, 4, 2])[0]
    amount = round((budget if isinstance(budget, float) else 20_000_000.0)
                   * rng.uniform(0.6, 1.3), -5)
    n_objections = rng.choice([0, 1, 1, 2, 3])
    logit = (-0.3 + 0.9 * inbound + 1.3 * referral + 1.0 * (budget_confirmed is True)
             + 0.9 * authority + 0.5 * (need_level == "high") - 0.5 * (need_level == "low")
             + 0.3 * (tier == "A") - 0.9 * (amount >= 50_000_000) - 0.35 * n_objections
             - 0.8 * (not qualify) + rng.gauss(0.0, 0.8))
    wins = rng.random() < _chance(logit)
    cycle = rng.randrange(20, 150)  # days from creation to the outcome
    roll = rng.random()
    if roll < 0.04:
        stage = "on_hold"
        path = open_keys[:rng.randrange(1, (len(open_keys) if qualify else 2) + 1)]
    elif roll < 0.8 and (today - created).days > cycle:
        stage = "won" if wins else "lost"
        if wins:
            path = list(open_keys)
        else:
            early = not qualify and rng.random() < 0.7  # stopped at the BANT gate
            reach = rng.randrange(2) if early else rng.choices(
                range(len(open_keys)), weights=[5, 12, 15, 18, 28, 22][:len(open_keys)])[0]
            path = open_keys[:reach + 1]
    else:
        reach = len(open_keys) if qualify else 2
        stage = open_keys[min(int(rng.random() ** 1.6 * reach), len(open_keys) - 1)]
        path = open_keys[:open_keys.index(stage) + 1]
    closed = stage in ("won", "lost")
    stage_order = [*path, stage] if stage not in open_keys else path
    end = created + dt.timedelta(days=cycle) if closed else today
    # history: one row per step; a closed deal's last step on its close day; a lost deal
    # spends at least the last 40 % of its cycle in the stage it is lost from
    span = max((end - created).days, len(stage_order))
    moves = len(stage_order) - 1
    if closed:
        room = max(int(span * (0.6 if stage == "lost" else 1.0)), moves)
        step_days = [*sorted(rng.sample(range(1, room), moves - 1)), span] if moves > 1 \
            else [span]
    else:
        step_days = sorted(rng.sample(range(1, span + 1), moves)) if moves else []
    moved_on = created
    entered = [created]
    for frm, to, d in zip(stage_order, stage_order[1:], step_days, strict=False):
        moved_on = created + dt.timedelta(days=d)
        entered.append(moved_on)
        rep.history.append({
            "lead_id": lead_id, "from_stage": frm, "to_stage": to,
            "changed_at": dt.datetime.combine(moved_on, dt.time(9 + rng.randrange(9),
                                                                rng.randrange(60))),
            "changed_by": rep.name, "forced": False, "reason": None,
        })
    reached = len(stage_order)
    deal_amount = amount if reached >= 4 or stage == "won" else None
    last_contact = min(today, moved_on + dt.timedelta(days=rng.randrange(0, 40)))
    row: dict[str, Any] = {
        "lead_id": lead_id, "created_on": created, "rep": rep.name, "company": company,
        "contact_name": contact,
        "contact_title": rng.choice(["팀장", "과장", "부장", "대표"] if lang == "ko"
                                    else ["Manager", "Director", "Head of Ops", "CEO"]),
        "email": f"{local}@{domain}", "phone": _phone(rng), "source": source,
        "source_type": "inbound" if inbound else "outbound",
        "industry": _pick(rng, rng.choice(INDUSTRIES), lang),
        "region": _pick(rng, rng.choice(REGIONS), lang), "tier": tier,
        "budget_amount": budget, "budget_currency": "KRW" if budget is not None else None,
        "budget_confirmed": budget_confirmed,
        "is_decision_maker": is_dm,
        "decision_maker": dm_name,
        "need": _pick(rng, rng.choice(NEEDS), lang) if (qualify or rng.random() < 0.4) else None,
        "need_level": need_level,
        "decision_date": (today + dt.timedelta(days=rng.randrange(5, 170)) if qualify
                          else rng.choice([None, today + dt.timedelta(days=rng.randrange(200, 400)),
                                           today - dt.timedelta(days=rng.randrange(5, 60))])),
        "stage": stage, "stage_updated_on": moved_on,
        "outcome": stage if stage in ("won", "lost", "on_hold") else None,
        "lost_reason": _pick(rng, rng.choice(LOST_REASONS), lang) if stage == "lost" else None,
        "resume_on": today + dt.timedelta(days=rng.randrange(20, 120)) if stage == "on_hold"
        else None,
        "closing_technique": (rng.choice(["direct", "assumptive", "opportunity", "experience",
                                          "economic"]) if reached >= 6 or stage == "won"
                              else None),
        "deal_amount": deal_amount,
        "probability": rng.choice([None, None, None, 0.3, 0.5, 0.8]) if stage in open_keys[2:]
        else None,
        "expected_close_on": (today + dt.timedelta(days=rng.randrange(10, 150))
                              if deal_amount and stage in open_keys else
                              (moved_on if stage == "won" else None)),
        "last_contact_on": last_contact if rng.random() < 0.8 else None,
        "referred_by": _person(rng, lang)[0] if referral else None,
        "notes": rng.choice([None, None, "=전화 요망", "점심 미팅 선호" if lang == "ko" else
                             "Prefers lunch meetings"]),
    }
    rep.leads.append(row)
    _activities(rng, rep, lead_id, entered[:len(path) + 1], len(path), end, stage, wins, today)
    if reached >= 5:
        rep.activities.append({"lead_id": lead_id, "date": entered[4] - dt.timedelta(days=1),
                               "type": "demo", "rep": rep.name,
                               "notes": "제품 시연" if lang == "ko" else "Product demo",
                               "next_step": "제안서" if lang == "ko" else "Proposal"})
    if len(path) >= 4 and n_objections:
        _objections(rng, rep, lead_id, entered[3], end, stage, n_objections, today)
    if stage == "won" or (tier == "A" and rng.random() < 0.5):
        hobby = _pick(rng, rng.choice(HOBBIES), lang)
        rep.customers.append({
            "lead_id": lead_id, "contact_name": contact, "position": row["contact_title"],
            "age": rng.randrange(30, 62), "hobbies": hobby,
            "family": rng.choice(["자녀 2명", "자녀 1명", None] if lang == "ko"
                                 else ["two children", "one child", None]),
            "education": rng.choice(["서울대", "부산대", "KAIST", None] if lang == "ko"
                                    else ["Seoul National Univ.", "KAIST", None]),
        })


def _between(rng: random.Random, start: dt.date, stop: dt.date) -> dt.date:
    """A day from `start` up to the day before `stop` (`start` when there is none)."""
    days = (stop - start).days
    return start + dt.timedelta(days=rng.randrange(days) if days > 0 else 0)


def _activities(rng: random.Random, rep: RepData, lead_id: str, entered: list[dt.date],
                stages: int, end: dt.date, stage: str, wins: bool, today: dt.date) -> None:
    """Calls, e-mails, visits and meetings in each open stage (more when the customer is
    engaged); after a close, an onboarding call for most won deals and a last e-mail for a few
    lost ones."""
    lang = rep.lang
    for k in range(stages):
        start = entered[k]
        stop = entered[k + 1] if k + 1 < len(entered) else today + dt.timedelta(days=1)
        if start > today:
            break
        for _ in range(rng.randrange(0, 3 if wins else 2)):
            kind = rng.choice(["call", "email", "visit", "meeting"])
            rep.activities.append({
                "lead_id": lead_id, "date": _between(rng, start, min(stop, today)),
                "type": kind, "rep": rep.name,
                "notes": ("통화: 요구사항 확인" if lang == "ko" else "Call: checked requirements")
                if kind == "call" else ("방문 상담" if lang == "ko" else "Visited the site"),
                "next_step": None if k else ("견적 송부" if lang == "ko" else "Send a quote"),
            })
    after = (0.7 if stage == "won" else 0.2 if stage == "lost" else 0.0)
    if end < today and rng.random() < after:
        rep.activities.append({
            "lead_id": lead_id, "date": _between(rng, end + dt.timedelta(days=1), today),
            "type": "call" if stage == "won" else "email", "rep": rep.name,
            "notes": ("도입 후 안부 전화" if lang == "ko" else "Onboarding check-in")
            if stage == "won" else ("실주 후 감사 메일" if lang == "ko" else "Thank-you note"),
            "next_step": None,
        })


def _objections(rng: random.Random, rep: RepData, lead_id: str, start: dt.date, end: dt.date,
                stage: str, count: int, today: dt.date) -> None:
    """Objections raised from the pitch on. A won deal resolves most before its close (some
    are marked resolved only after it); a lost one leaves most unresolved; an open lead has
    answered about half so far."""
    lang = rep.lang
    stop = min(end, today)
    for cat in rng.sample(list(OBJECTIONS), count):
        raised = _between(rng, start, stop)
        resolved_on: dt.date | None
        if stage == "won":
            resolved = True
            resolved_on = (_between(rng, raised + dt.timedelta(days=1), end)
                           if rng.random() < 0.85 and raised + dt.timedelta(days=1) < end
                           else _between(rng, end + dt.timedelta(days=1),
                                         max(today, end + dt.timedelta(days=2))))
        elif stage == "lost":
            resolved = rng.random() < 0.3 and raised + dt.timedelta(days=1) < end
            resolved_on = _between(rng, raised + dt.timedelta(days=1), end) if resolved else None
        else:
            resolved = rng.random() < 0.5
            resolved_on = (min(today, raised + dt.timedelta(days=rng.randrange(1, 20)))
                           if resolved else None)
        rep.objections.append({
            "lead_id": lead_id, "raised_on": raised, "category": cat,
            "objection": _pick(rng, OBJECTIONS[cat], lang),
            "response": ("ROI 자료 제공" if lang == "ko" else "Shared the ROI sheet")
            if resolved else None,
            "resolved": resolved,
            "resolved_on": resolved_on,
        })
