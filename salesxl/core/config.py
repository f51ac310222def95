"""Pydantic models for Config (pipeline, tiers, BANT, calendar) and the three ready pipelines.

Config lives in the workbook's Config sheet (see `salesxl.io.config_sheet`); these models are
what that sheet is read into, with the defaults that apply when a sheet or a value is missing.

Example:
    >>> cfg = Config.default()
    >>> cfg.pipeline_name, cfg.stage("needs_assessment").gates
    ('seven_step', ('bant_qualified',))
    >>> cfg.resolve_stage("계약완료")
    'won'
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from salesxl.core.schema import normalize_header

StageType = Literal["open", "won", "lost", "on_hold"]
Lang = Literal["ko", "en"]
PipelineName = Literal["seven_step", "six_stage", "short"]
ForecastProbability = Literal["stage", "learned"]

# Gate names a Config pipeline may use; salesxl.core.rules.stages gives each its meaning.
GATES: dict[str, str] = {
    "bant_qualified": "BANT status is qualified (all of budget, authority, need, timing met)",
    "need_and_decision_maker": "a need is recorded and a decision maker is identified",
    "demo_logged": "at least one demo or presentation activity is logged for the lead",
    "objections_resolved": "every objection logged for the lead is resolved",
    "deal_amount": "the deal amount is filled in",
    "lost_reason": "the lost reason is filled in",
    "resume_on": "the resume-on date is filled in",
    "from_won": "the lead is won (an upgrade follows a won deal)",
}


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Stage(_Model):
    """One stage of a pipeline, or one of the outcomes every pipeline ends in."""

    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    en: str
    ko: str
    type: StageType = "open"
    probability: float = Field(ge=0, le=1)
    rotting_days: int = Field(default=0, ge=0)  # 0 = never stale
    gates: tuple[str, ...] = ()
    follow_up_factor: float = Field(default=1.0, gt=0)  # cadence multiplier while in this stage
    synonyms: tuple[str, ...] = ()

    @field_validator("gates")
    @classmethod
    def _known_gates(cls, gates: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [g for g in gates if g not in GATES]
        if unknown:
            raise ValueError(f"unknown gate(s) {unknown}; known gates: {', '.join(GATES)}")
        return gates

    def label(self, lang: str) -> str:
        return self.ko if lang == "ko" else self.en


class Tier(_Model):
    """A customer tier: how often and by which channel the rep follows up."""

    tier: str
    cadence_days: int = Field(gt=0)
    channel: str


class BantRules(_Model):
    """Thresholds and weights of the BANT qualification."""

    min_budget: float = Field(default=0, ge=0)  # budget met when amount > 0 (default) or >= this
    horizon_days: int = Field(default=180, gt=0)
    weight_b: float = Field(default=25, ge=0)
    weight_a: float = Field(default=25, ge=0)
    weight_n: float = Field(default=25, ge=0)
    weight_t: float = Field(default=25, ge=0)


Weekday = Literal[0, 1, 2, 3, 4, 5, 6]  # Monday = 0


class Config(_Model):
    """Everything a team may configure; read from the workbook's Config sheet."""

    pipeline_name: str = "seven_step"
    stages: tuple[Stage, ...]
    tiers: tuple[Tier, ...]
    bant: BantRules = BantRules()
    holiday_country: str = "KR"
    extra_holidays: tuple[dt.date, ...] = ()
    work_week: tuple[Weekday, ...] = (0, 1, 2, 3, 4)
    currency: str = "KRW"
    language: Lang = "ko"
    # which probability weights the forecast: the stage default (or the rep's own), or the
    # win probability learned from the team's closed deals (salesxl score) where there is one
    forecast_probability: ForecastProbability = "stage"
    template_version: int = 1
    defaults_used: tuple[str, ...] = ()  # which parts came from defaults, not the sheet

    @model_validator(mode="after")
    def _consistent(self) -> Config:
        keys = [s.key for s in self.stages]
        if len(set(keys)) != len(keys):
            raise ValueError(f"stage keys repeat: {keys}")
        for outcome in ("won", "upgraded", "on_hold", "lost"):
            if outcome not in keys:
                raise ValueError(f"the pipeline must end in the outcome '{outcome}'")
        if not any(s.type == "open" for s in self.stages):
            raise ValueError("the pipeline needs at least one open stage")
        if not self.work_week:
            raise ValueError("the work week needs at least one working day")
        return self

    @classmethod
    def default(cls, pipeline: str = "seven_step", language: Lang = "ko") -> Config:
        if pipeline not in PIPELINES:
            raise ValueError(f"unknown pipeline {pipeline!r}; choose one of {', '.join(PIPELINES)}")
        return cls(
            pipeline_name=pipeline, stages=PIPELINES[pipeline], tiers=DEFAULT_TIERS,
            language=language,
        )

    # --- lookups -------------------------------------------------------------------------
    def stage(self, key: str) -> Stage:
        for s in self.stages:
            if s.key == key:
                return s
        raise KeyError(key)

    @property
    def stage_keys(self) -> list[str]:
        return [s.key for s in self.stages]

    @property
    def open_stages(self) -> list[Stage]:
        return [s for s in self.stages if s.type == "open"]

    def stage_index(self) -> dict[str, str]:
        """Folded text -> stage key for every way a stage may be written.

        Built once per pipeline and kept beside the fields (not a field: equality, dumps and
        copies ignore it; a copy with other stages rebuilds it), so reading a column of stages
        does not rebuild it per cell. Do not mutate the returned dict.
        """
        cached = self.__dict__.get("_stage_index_cache")
        if cached is not None and cached[0] is self.stages:
            return cached[1]  # type: ignore[no-any-return]
        index: dict[str, str] = {}
        for s in self.stages:
            for word in (s.key, s.en, s.ko, *s.synonyms):
                index.setdefault(normalize_header(word), s.key)
        self.__dict__["_stage_index_cache"] = (self.stages, index)
        return index

    def resolve_stage(self, text: object) -> str | None:
        """The stage key a cell means (key, label or synonym), or None when it means none."""
        if text is None:
            return None
        return self.stage_index().get(normalize_header(str(text)))

    def tier(self, name: str) -> Tier | None:
        for t in self.tiers:
            if t.tier.casefold() == str(name).strip().casefold():
                return t
        return None


def _stage(key: str, en: str, ko: str, prob: float, rot: int = 0, gates: tuple[str, ...] = (),
           synonyms: tuple[str, ...] = (), factor: float = 1.0, type_: StageType = "open") -> Stage:
    return Stage(key=key, en=en, ko=ko, type=type_, probability=prob, rotting_days=rot,
                 gates=gates, synonyms=synonyms, follow_up_factor=factor)


OUTCOME_STAGES: tuple[Stage, ...] = (
    _stage("won", "Won", "주문 완료", 1.0, gates=("deal_amount",), type_="won",
           synonyms=("closed won", "계약완료", "계약 완료", "수주", "성공", "완료", "deal won")),
    _stage("upgraded", "Upgraded", "승격", 1.0, gates=("from_won",), type_="won",
           synonyms=("upsell", "업셀", "upgrade", "promoted", "성공적으로 승격")),
    _stage("on_hold", "On hold", "일시 중단", 0.0, gates=("resume_on",), type_="on_hold",
           synonyms=("suspended", "hold", "보류", "중단", "대기", "paused")),
    _stage("lost", "Lost", "주문 실패", 0.0, gates=("lost_reason",), type_="lost",
           synonyms=("closed lost", "실패", "실주", "주문실패", "drop", "dropped", "취소")),
)

SEVEN_STEP: tuple[Stage, ...] = (
    _stage("prospecting", "Prospecting", "리드 발굴", 0.10, 14,
           synonyms=("lead", "new", "mining", "lead generation", "마이닝", "리드 생성", "신규", "발굴")),
    _stage("qualification", "Qualification", "리드 자격 확인", 0.20, 14,
           synonyms=("first contact", "contacted", "초기 연락", "초기 연락 및 리드 자격", "자격 확인",
                     "접촉", "상담중", "상담 중")),
    _stage("needs_assessment", "Needs assessment", "요구사항 평가", 0.40, 21,
           gates=("bant_qualified",), synonyms=("discovery", "needs analysis", "니즈 파악", "요구 평가")),
    _stage("presentation", "Pitch / demo", "영업 홍보/제품 시연", 0.60, 21,
           gates=("need_and_decision_maker",),
           synonyms=("demo", "pitch", "presentation", "시연", "제품 시연", "영업 홍보", "데모")),
    _stage("proposal", "Proposal", "제안 및 이의 처리", 0.75, 30, gates=("demo_logged",),
           synonyms=("quote", "quotation", "proposal and objections", "제안", "견적", "이의 처리")),
    _stage("closing", "Closing", "종결", 0.90, 14, gates=("objections_resolved",), factor=0.5,
           synonyms=("negotiation", "closing", "협상", "계약 협상", "종료", "클로징")),
    *OUTCOME_STAGES,
)

SIX_STAGE: tuple[Stage, ...] = (
    _stage("find", "Find customers", "적합한 고객 찾기", 0.10, 14,
           synonyms=("finding", "lead", "prospecting", "고객 찾기", "리드 확보", "기회 확인")),
    _stage("invite", "Invite", "고객 초대", 0.25, 14, gates=("bant_qualified",),
           synonyms=("invitation", "초대", "미팅 요청")),
    _stage("visit", "Visit", "고객 방문", 0.50, 21,
           synonyms=("meeting", "방문", "first visit", "상담중", "상담 중")),
    _stage("follow_up", "Follow-up", "고객 후속 조치", 0.70, 30,
           gates=("need_and_decision_maker",), synonyms=("followup", "후속 조치", "관계 강화")),
    _stage("deal", "Deal", "거래", 0.90, 14, gates=("objections_resolved",), factor=0.5,
           synonyms=("negotiation", "deal customer", "거래 고객", "협상")),
    *OUTCOME_STAGES,
)

SHORT: tuple[Stage, ...] = (
    _stage("lead", "Lead", "리드", 0.10, 14, synonyms=("new", "prospect", "신규", "상담중", "상담 중")),
    _stage("qualified", "Qualified", "자격 확인", 0.40, 21, gates=("bant_qualified",),
           synonyms=("qualification", "적격")),
    _stage("proposal", "Proposal", "제안", 0.70, 21, factor=0.5,
           synonyms=("quote", "negotiation", "견적", "협상")),
    *OUTCOME_STAGES,
)

PIPELINES: dict[str, tuple[Stage, ...]] = {
    "seven_step": SEVEN_STEP, "six_stage": SIX_STAGE, "short": SHORT,
}

DEFAULT_TIERS: tuple[Tier, ...] = (
    Tier(tier="A", cadence_days=7, channel="visit"),
    Tier(tier="B", cadence_days=14, channel="call"),
    Tier(tier="C", cadence_days=30, channel="email"),
    Tier(tier="D", cadence_days=90, channel="newsletter"),
)
