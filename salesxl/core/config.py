"""Pydantic models for Config (pipeline, tiers, BANT, calendar) and the three ready pipelines.

Config lives in the workbook's Config sheet (see `salesxl.io.config_sheet`); these models are
what that sheet is read into, with the defaults that apply when a sheet or a value is missing.

Example:
    >>> cfg = Config.default()
    >>> cfg.pipeline_name, cfg.stage("needs_assessment").gates
    ('seven_step', ('bant_qualified',))
    >>> cfg.resolve_stage("계약완료"), cfg.vocabulary("outcomes").resolve("성공")
    ('won', 'won')
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from salesxl.core.gates import GATES, resolve_gate
from salesxl.core.messages import Pair
from salesxl.core.parse import ParseError
from salesxl.core.vocab import CATEGORY_VOCABULARIES, OUTCOME_WORDS, Vocabulary, Word

StageType = Literal["open", "won", "lost", "on_hold"]
Lang = Literal["ko", "en"]
PipelineName = Literal["seven_step", "six_stage", "short"]
ForecastProbability = Literal["stage", "learned"]

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
        keys = tuple(resolve_gate(g) or g for g in gates)  # a key or a gate's name
        unknown = [g for g in keys if g not in GATES]
        if unknown:
            raise ParseError("unknown gate(s) {unknown}; known gates: {known}", unknown=unknown,
                             known=Pair(", ".join(GATES),
                                        ", ".join(g.name("ko") for g in GATES.values())))
        return keys

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
    # the lists a team extends: sources, industries, regions, lost reasons (open lists)
    categories: dict[str, tuple[Word, ...]] = Field(
        default_factory=lambda: {k: v.words for k, v in CATEGORY_VOCABULARIES.items()})
    # which probability weights the forecast: the stage default (or the rep's own), or the
    # win probability learned from the team's closed deals (salesxl score) where there is one
    forecast_probability: ForecastProbability = "stage"
    template_version: int = 1
    defaults_used: tuple[str, ...] = ()  # which parts came from defaults, not the sheet

    @model_validator(mode="after")
    def _consistent(self) -> Config:
        keys = [s.key for s in self.stages]
        if len(set(keys)) != len(keys):
            raise ParseError("stage keys repeat: {keys}", keys=keys)
        for outcome in ("won", "upgraded", "on_hold", "lost"):
            if outcome not in keys:
                raise ParseError("the pipeline must end in the outcome '{outcome}'",
                                 outcome=outcome)
        if not any(s.type == "open" for s in self.stages):
            raise ParseError("the pipeline needs at least one open stage")
        if not self.work_week:
            raise ParseError("the work week needs at least one working day")
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

    def vocabulary(self, name: str) -> Vocabulary:
        """A Config-driven list of words: "stages" (every stage and outcome), "outcomes" (the
        stages a deal ends in), "tiers", or a category list ("sources", "industries", "regions",
        "lost_reasons").

        Built once per Config and kept beside the fields (not a field: equality, dumps and copies
        ignore it), so reading a column does not rebuild it per cell.

        Example:
            >>> cfg = Config.default()
            >>> cfg.vocabulary("outcomes").keys, cfg.vocabulary("tiers").resolve("b")
            (['won', 'upgraded', 'on_hold', 'lost'], 'B')
        """
        owner = (self.stages, self.tiers, self.categories)
        held = self.__dict__.get("_vocab_cache")
        if held is None or any(a is not b for a, b in zip(held[0], owner, strict=True)):
            held = self.__dict__["_vocab_cache"] = (owner, {})  # a copy with other fields
        cache: dict[str, Vocabulary] = held[1]
        if name not in cache:
            cache[name] = self._build_vocabulary(name)
        return cache[name]

    def _build_vocabulary(self, name: str) -> Vocabulary:
        if name in ("stages", "outcomes"):
            stages = self.stages if name == "stages" else [s for s in self.stages
                                                           if s.type != "open"]
            words = tuple(Word(s.key, s.en, s.ko, s.synonyms) for s in stages)
            base = OUTCOME_WORDS if name == "outcomes" else None
            return Vocabulary(name, base.en if base else "Stages",
                              base.ko if base else "영업 단계", words)
        if name == "tiers":
            return Vocabulary("tiers", "Tiers", "고객 등급", tuple(
                Word(t.tier, t.tier, t.tier, (f"{t.tier}등급", f"{t.tier} tier"))
                for t in self.tiers))
        if name in self.categories:
            base_vocab = CATEGORY_VOCABULARIES[name]
            return Vocabulary(name, base_vocab.en, base_vocab.ko, self.categories[name],
                              open=True)
        raise KeyError(f"no list of words named {name!r}")

    def stage_index(self) -> dict[str, str]:
        """Folded text -> stage key for every way a stage may be written."""
        return self.vocabulary("stages").index()

    def resolve_stage(self, text: object) -> str | None:
        """The stage key a cell means (key, label or synonym), or None when it means none."""
        return self.vocabulary("stages").resolve(text)

    def tier(self, name: str) -> Tier | None:
        for t in self.tiers:
            if t.tier.casefold() == str(name).strip().casefold():
                return t
        return None


def _stage(key: str, en: str, ko: str, prob: float, rot: int = 0, gates: tuple[str, ...] = (),
           synonyms: tuple[str, ...] = (), factor: float = 1.0, type_: StageType = "open") -> Stage:
    return Stage(key=key, en=en, ko=ko, type=type_, probability=prob, rotting_days=rot,
                 gates=gates, synonyms=synonyms, follow_up_factor=factor)


def _outcome(key: str, prob: float, gates: tuple[str, ...], type_: StageType) -> Stage:
    word = OUTCOME_WORDS.word(key)
    return _stage(key, word.en, word.ko, prob, gates=gates, synonyms=word.synonyms, type_=type_)


# The outcomes every pipeline ends in; their words are declared once in `vocab.OUTCOME_WORDS`,
# so the stage and outcome columns accept the same words.
OUTCOME_STAGES: tuple[Stage, ...] = (
    _outcome("won", 1.0, ("deal_amount",), "won"),
    _outcome("upgraded", 1.0, ("from_won",), "won"),
    _outcome("on_hold", 0.0, ("resume_on",), "on_hold"),
    _outcome("lost", 0.0, ("lost_reason",), "lost"),
)

SEVEN_STEP: tuple[Stage, ...] = (
    _stage("prospecting", "Prospecting", "리드 발굴", 0.10, 14,
           synonyms=("lead", "new", "mining", "lead generation", "마이닝", "리드 생성", "신규", "발굴",
                     "리드 마이닝", "프로스펙팅")),
    _stage("qualification", "Qualification", "리드 검증", 0.20, 14,
           synonyms=("first contact", "contacted", "초기 연락", "초기 연락 및 리드 자격", "자격 확인",
                     "리드 자격 확인", "검증", "자격 검증", "접촉", "상담중", "상담 중")),
    _stage("needs_assessment", "Needs assessment", "니즈 파악", 0.40, 21,
           gates=("bant_qualified",), synonyms=("discovery", "needs analysis", "요구사항 평가",
                                                "요구 평가", "요구사항 파악", "수요분석")),
    _stage("presentation", "Pitch / demo", "제품 시연", 0.60, 21,
           gates=("need_and_decision_maker",),
           synonyms=("demo", "pitch", "presentation", "시연", "영업 홍보/제품 시연", "영업 홍보", "데모",
                     "프레젠테이션")),
    _stage("proposal", "Proposal", "제안·반론 대응", 0.75, 30, gates=("demo_logged",),
           synonyms=("quote", "quotation", "proposal and objections", "제안", "견적", "이의 처리",
                     "제안 및 이의 처리", "제안 및 반론 대응", "반론 대응", "제안/견적")),
    _stage("closing", "Closing", "클로징", 0.90, 14, gates=("objections_resolved",), factor=0.5,
           synonyms=("negotiation", "closing", "협상", "계약 협상", "종료", "종결", "계약 체결",
                     "최종교섭중")),
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
    _stage("qualified", "Qualified", "검증 완료", 0.40, 21, gates=("bant_qualified",),
           synonyms=("qualification", "적격", "자격 확인", "검증")),
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
