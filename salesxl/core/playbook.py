"""The Playbook lists of the seed: needs-assessment questions, objection library, closing techniques.

Pure data, written to the workbook's Playbook sheet by the template in the workbook's language.

Example:
    >>> len(NEEDS_QUESTIONS) >= 4, OBJECTION_LIBRARY[0].category
    (True, 'price')
"""

from __future__ import annotations

from dataclasses import dataclass

from salesxl.core.schema import CLOSING_TECHNIQUES, OBJECTION_CATEGORIES, Choice


@dataclass(frozen=True)
class Text:
    """A text in English and Korean."""

    en: str
    ko: str

    def __call__(self, lang: str) -> str:
        return self.ko if lang == "ko" else self.en


@dataclass(frozen=True)
class Objection:
    """A recurring objection and the best response the team found."""

    category: str
    objection: Text
    response: Text


# Seed, step 3 (요구사항 평가): prepared open questions; the rep listens, then restates.
NEEDS_QUESTIONS: tuple[Text, ...] = (
    Text("What did you like about your previous supplier?", "이전 공급업체의 어떤 점이 좋았습니까?"),
    Text("What did you dislike about your previous supplier?",
         "이전 공급업체의 어떤 점이 마음에 들지 않았습니까?"),
    Text("Which business problem should we solve?", "어떤 비즈니스 문제를 해결해야 합니까?"),
    Text("Describe the current situation.", "현재 상황을 설명해 주십시오."),
    Text("What would it look like once it is solved?", "문제가 해결되면 어떤 모습이 됩니까?"),
    Text("Who else takes part in the decision?", "결정에는 또 누가 참여합니까?"),
    Text("By when do you need a solution, and why then?", "언제까지 해결책이 필요하며, 그 이유는 무엇입니까?"),
    Text("What budget has been set aside for this?", "이를 위해 어느 정도의 예산이 책정되어 있습니까?"),
)

OBJECTION_LIBRARY: tuple[Objection, ...] = (
    Objection("price", Text("It is too expensive.", "너무 비쌉니다."),
              Text("Compare the cost of the problem over a year with the price; offer a phased start.",
                   "1년간 문제로 인한 비용과 가격을 비교해 보여주고, 단계적 도입을 제안합니다.")),
    Objection("timing", Text("Not now; maybe next quarter.", "지금은 아닙니다. 다음 분기쯤요."),
              Text("Ask what changes next quarter; agree a date and what must be ready by then.",
                   "다음 분기에 무엇이 달라지는지 묻고, 날짜와 그때까지 준비할 것을 합의합니다.")),
    Objection("authority", Text("I have to ask my boss.", "상사에게 물어봐야 합니다."),
              Text("Offer to prepare a one-page summary and to join the meeting with the decision maker.",
                   "한 장짜리 요약을 준비해 드리고 의사결정자와의 미팅에 함께하겠다고 제안합니다.")),
    Objection("competitor", Text("We already work with another vendor.", "이미 다른 업체와 거래하고 있습니다."),
              Text("Ask what they like and miss with that vendor; show the difference on that point.",
                   "그 업체의 장단점을 묻고, 부족한 점에서 우리의 차이를 보여줍니다.")),
    Objection("product_fit", Text("It does not do what we need.", "우리가 필요한 기능이 없습니다."),
              Text("Restate the need, show the closest workflow, and log the gap for the product team.",
                   "요구를 다시 확인하고 가장 가까운 방식을 보여주며, 부족한 점은 제품팀에 전달합니다.")),
    Objection("other", Text("Send me some information first.", "자료부터 보내 주세요."),
              Text("Send it with one question about their situation and a proposed call time.",
                   "상황에 대한 질문 하나와 통화 가능 시간을 함께 보냅니다.")),
)

CLOSING_DESCRIPTIONS: dict[str, Text] = {
    "direct": Text("Ask for the order plainly.", "직접 주문을 요청합니다."),
    "assumptive": Text("Talk as if the decision is made: delivery, start date.",
                       "이미 결정된 것처럼 납품일, 시작일을 이야기합니다."),
    "opportunity": Text("Show what is lost by waiting: a price, a slot, a season.",
                        "기다리면 놓치는 것(가격, 일정, 시즌)을 보여줍니다."),
    "pressure": Text("Set a clear deadline for the offer.", "제안에 분명한 기한을 둡니다."),
    "hard_to_get": Text("Limited availability makes the offer scarce.", "한정된 수량으로 희소성을 만듭니다."),
    "experience": Text("Let them try it: a trial or a pilot.", "체험이나 시범 도입을 제안합니다."),
    "economic": Text("Lay out the costs and the return in numbers.", "비용과 효과를 숫자로 계산해 보여줍니다."),
    "retreat_advance": Text("Concede a small point to win the main one.",
                            "작은 것을 양보하고 핵심을 얻습니다."),
}


def category(key: str) -> Choice:
    return next(c for c in OBJECTION_CATEGORIES if c.key == key)


def technique(key: str) -> Choice:
    return next(c for c in CLOSING_TECHNIQUES if c.key == key)
