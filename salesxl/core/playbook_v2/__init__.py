"""Playbook v2: what a rep asks and does at each stage, in Korean and English. Pure data.

Built from the seed (판매업무 흐름도: the seven-step process, BANT, the open needs-assessment
questions, objection handling, the eight closing techniques, the customer file). Nothing here
imports the rest of salesxl; `tests/test_playbook_v2.py` checks it against
`salesxl.core.config` (stage keys and gates) instead.

- `STAGE_GUIDES` (stage key -> `StageGuide`) and `PIPELINE_GUIDES` (pipeline -> stage key ->
  guide; ``proposal`` differs between ``seven_step`` and ``short``), `guide(stage, pipeline)`.
- `OBJECTIONS` (category -> `Objection` tuple), `OBJECTION_CATEGORIES` (their names).
- `TECHNIQUES` (key -> `Technique`): the seed's eight closing techniques.
- `NEXT_STEPS` (gate key -> `Text` with ``{column}`` and particle marks such as ``{을를}``),
  `render(text, lang, **values)`, `josa(word, pair)`, `START_HERE`.
- `check()` raises when the content is inconsistent; `problems()` lists what is wrong.

Example:
    >>> guide("qualification").exit_gates
    ('bant_qualified',)
    >>> render(NEXT_STEPS["need_and_decision_maker"], "ko", column="결정권자 여부")
    '니즈·결정권자 확인: 결정권자 여부를 입력하세요'
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Text:
    """A text in English and Korean; ``text(lang)`` gives the one for the language."""

    en: str
    ko: str

    def __call__(self, lang: str) -> str:
        return self.ko if lang == "ko" else self.en


@dataclass(frozen=True)
class StageGuide:
    """What a rep does in one stage and what must be true to leave it.

    `exit_gates` are the Config gate keys that guard entry to the next stage on the ladder
    (the stage's exit criteria as salesxl checks them); `exit` says the same in words.
    `next_action` is the lead's next step once every exit gate is met.
    """

    goal: Text
    do: tuple[Text, ...]
    exit: Text
    exit_gates: tuple[str, ...]
    questions: tuple[Text, ...]
    next_action: Text


@dataclass(frozen=True)
class Objection:
    """A recurring objection, as the customer says it, and a response that works."""

    category: str
    objection: Text
    response: Text


@dataclass(frozen=True)
class Technique:
    """A closing technique: when to use it, a line a rep would say, and its risk if any."""

    key: str
    name: Text
    when: Text
    example: Text
    risk: Text | None = None


# The gate keys of salesxl.core.config.GATES (checked by the tests, not imported).
GATE_KEYS: tuple[str, ...] = (
    "bant_qualified", "need_and_decision_maker", "demo_logged", "objections_resolved",
    "deal_amount", "lost_reason", "resume_on", "from_won",
)

# Literal translations a Korean sales team does not use (see ../shared/TERMS-ko.md).
BANNED_KO: tuple[str, ...] = ("승격", "종결", "주문 완료", "주문 실패", "이의", "팔로우")

# The submodules use the types above, so they are imported after them.
from salesxl.core.playbook_v2.closing import TECHNIQUES  # noqa: E402
from salesxl.core.playbook_v2.next_steps import (  # noqa: E402
    NEXT_STEPS,
    PARTICLES,
    START_HERE,
    josa,
    render,
)
from salesxl.core.playbook_v2.objections import OBJECTION_CATEGORIES, OBJECTIONS  # noqa: E402
from salesxl.core.playbook_v2.questions import (  # noqa: E402
    AFTER_SALE_QUESTIONS,
    BANT_QUESTIONS,
    CLOSING_QUESTIONS,
    DECISION_MAKER_QUESTIONS,
    NEEDS_QUESTIONS,
)
from salesxl.core.playbook_v2.stages import (  # noqa: E402
    PIPELINE_GUIDES,
    PIPELINES,
    STAGE_GUIDES,
    guide,
)

__all__ = [
    "AFTER_SALE_QUESTIONS", "BANNED_KO", "BANT_QUESTIONS", "CLOSING_QUESTIONS",
    "DECISION_MAKER_QUESTIONS", "GATE_KEYS", "NEEDS_QUESTIONS", "NEXT_STEPS",
    "OBJECTIONS", "OBJECTION_CATEGORIES", "PARTICLES", "PIPELINES", "PIPELINE_GUIDES",
    "STAGE_GUIDES", "START_HERE", "TECHNIQUES", "Objection", "StageGuide", "Technique", "Text",
    "all_texts", "check", "guide", "josa", "problems", "render",
]


def all_texts() -> Iterator[tuple[str, Text]]:
    """Every `Text` of the playbook with where it is, e.g. ``("stage qualification.goal", t)``."""
    def walk(where: str, value: object) -> Iterator[tuple[str, Text]]:
        if isinstance(value, Text):
            yield where, value
        elif isinstance(value, tuple):
            for i, item in enumerate(value):
                yield from walk(f"{where}[{i}]", item)
        elif isinstance(value, StageGuide | Objection | Technique):
            for f in fields(value):
                yield from walk(f"{where}.{f.name}", getattr(value, f.name))

    for pipeline, guides in PIPELINE_GUIDES.items():
        for key, g in guides.items():
            yield from walk(f"{pipeline}.{key}", g)
    for category, name in OBJECTION_CATEGORIES.items():
        yield f"category {category}", name
    for category, objections in OBJECTIONS.items():
        yield from walk(f"objections {category}", objections)
    for key, technique in TECHNIQUES.items():
        yield from walk(f"technique {key}", technique)
    for gate, text in NEXT_STEPS.items():
        yield f"next step {gate}", text
    yield from walk("start here", START_HERE)


def problems() -> list[str]:
    """Everything inconsistent in the playbook; empty when it is sound."""
    from salesxl.core.playbook_v2._check import problems as _problems

    return _problems()


def check() -> None:
    """Raise ValueError listing every problem `problems()` finds."""
    found = problems()
    if found:
        raise ValueError("playbook_v2 is inconsistent:\n  " + "\n  ".join(found))
