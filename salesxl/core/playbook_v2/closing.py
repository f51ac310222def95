"""The seed's eight closing techniques (step 6): when to use each, a line a rep would say, risk.

Keys are the closing-technique keys of the Leads sheet (`salesxl.core.schema`), in the
seed's order. The pressure close is flagged high-risk.

Example:
    >>> TECHNIQUES["experience"].name("ko")
    '체험 클로징'
"""

from __future__ import annotations

from salesxl.core.playbook_v2 import Technique, Text

_TECHNIQUES: tuple[Technique, ...] = (
    Technique(
        "direct", Text("Direct close", "직접 요청 클로징"),
        when=Text("The customer shows buying signals (asks about the start date or the terms, "
                  "reacts positively), or every objection is resolved and nothing is left to "
                  "check.",
                  "고객이 도입 일정이나 계약 조건을 묻는 등 구매 신호를 보이거나, 반론이 모두 "
                  "풀려 더 확인할 것이 없을 때."),
        example=Text("From what we've discussed, this fits you well. Shall we sign this month?",
                     "말씀 나눠 보니 저희 솔루션이 잘 맞으실 것 같습니다. 이번 달에 계약 "
                     "진행하시죠."),
    ),
    Technique(
        "assumptive", Text("Assumptive close", "가정 클로징"),
        when=Text("The customer's doubts are gone and they show confidence: talk as if it is "
                  "decided (installation, training, contacts).",
                  "고객의 의문이 다 풀리고 확신을 보일 때. 결정된 것으로 보고 설치일, 교육, "
                  "담당자 같은 다음 일정을 이야기합니다."),
        example=Text("Then we'll install next Tuesday and fit the training around your team. "
                     "Whom should I address the contract to?",
                     "그럼 설치는 다음 주 화요일로 잡고, 교육은 담당자분 일정에 맞추겠습니다. "
                     "계약서는 어느 분 앞으로 보내 드릴까요?"),
        risk=Text("Used before the customer is convinced, it feels pushy.",
                  "고객이 아직 확신하지 않았을 때 쓰면 밀어붙인다는 인상을 줍니다."),
    ),
    Technique(
        "opportunity", Text("Opportunity close", "기회 한정 클로징"),
        when=Text("Every question is answered and the interest is there but the decision "
                  "drifts; only when a real time-limited benefit exists (a promotion, this "
                  "quarter's price, an installation slot).",
                  "질문에 모두 답했고 관심도 있는데 결정이 늦어질 때. 실제로 기한이 있는 "
                  "혜택(프로모션, 분기 단가, 설치 일정)이 있을 때만 씁니다."),
        example=Text("This quarter's promotional price applies to contracts signed by the end "
                     "of the month. A company your size started on exactly these terms; now is "
                     "the best time.",
                     "이번 분기 프로모션 단가는 이달 말 계약분까지만 적용됩니다. 비슷한 규모 "
                     "고객사도 이 조건으로 시작하셨는데, 지금 진행하시는 게 가장 유리합니다."),
        risk=Text("An invented deadline destroys trust: state only offers that are real.",
                  "없는 기한을 만들어 내면 신뢰를 잃습니다. 사실인 혜택만 말합니다."),
    ),
    Technique(
        "pressure", Text("Pressure close", "압박 클로징"),
        when=Text("A customer keeps hesitating for lack of confidence: show the real "
                  "consequences of waiting (rising cost, a missed launch, a compliance "
                  "deadline).",
                  "확신이 없어 계속 망설이는 고객에게, 결정을 미루면 실제로 생기는 "
                  "문제(비용 증가, 오픈 일정 차질, 규제 대응 기한)를 보여 줄 때."),
        example=Text("If the decision slips, we can't build in time for the July launch, and "
                     "you run manually for another quarter at about 5 million won a month.",
                     "결정이 늦어지면 7월 오픈 일정에 맞춰 구축하기 어렵습니다. 그러면 한 분기를 "
                     "더 수작업으로 버티셔야 하는데, 그 비용이 월 500만 원 정도입니다."),
        risk=Text("High risk: it can damage the relationship and lead to cancellations and "
                  "complaints. Use only facts, only with a solid relationship, and talk to "
                  "your manager first.",
                  "위험도가 높은 기법입니다. 관계가 틀어지거나 계약 후 취소·불만으로 이어질 수 "
                  "있으니 사실에 근거해서만, 관계가 탄탄할 때만 쓰고 먼저 팀장과 "
                  "상의합니다."),
    ),
    Technique(
        "hard_to_get", Text("Hard-to-get close", "밀당 클로징"),
        when=Text("The interest is strong but the customer keeps pushing the terms down, or "
                  "your capacity (engineers, stock) is genuinely limited.",
                  "관심은 큰데 고객이 조건을 계속 끌어내리려 할 때, 또는 구축 인력이나 물량이 "
                  "실제로 한정되어 있을 때."),
        example=Text("Frankly, our implementation slots for the second half are almost full. "
                     "Rather than force it on these terms, starting early next year when you're "
                     "ready is fine too.",
                     "솔직히 말씀드리면 하반기 구축 일정이 거의 찼습니다. 이 조건으로 무리하게 "
                     "진행하시기보다는, 준비되시면 내년 초에 여유 있게 하셔도 괜찮습니다."),
        risk=Text("The customer may really walk away: use it only when the interest is "
                  "certain, and state only real constraints.",
                  "고객이 정말 물러설 수 있습니다. 관심이 확실할 때만 쓰고, 실제 사정만 말합니다."),
    ),
    Technique(
        "experience", Text("Experience close", "체험 클로징"),
        when=Text("The customer accepts the value but doubts it will work in practice: let "
                  "them try it (a pilot, a free trial).",
                  "효과는 인정하지만 현장에서 정말 쓸 수 있을지 불안해할 때. 시범 사용이나 무료 "
                  "체험으로 직접 확인하게 합니다."),
        example=Text("Try it free with one team for two weeks. Let's agree the success criteria "
                     "now; if they are met, we roll it out company-wide.",
                     "한 팀만 2주 동안 무료로 써 보시죠. 성공 기준을 지금 같이 정해 두고, 기준을 "
                     "넘으면 바로 전사 도입으로 진행하시는 걸로 하면 어떨까요?"),
        risk=Text("Without success criteria and an end date, the trial just fizzles out.",
                  "성공 기준과 종료일 없이 시작하면 체험만 하고 흐지부지됩니다."),
    ),
    Technique(
        "economic", Text("ROI close", "ROI 계산 클로징"),
        when=Text("Price is the last hurdle, or the approver wants to see the return in "
                  "numbers.",
                  "가격이 마지막 걸림돌이거나, 결재권자가 투자 효과를 숫자로 보고 싶어 할 때."),
        example=Text("Manual work takes 120 hours a month, 3.6 million won in staff cost. The "
                     "20 million won system pays for itself in six months and saves over 40 "
                     "million won a year after that.",
                     "지금 수작업에 월 120시간, 인건비로 월 360만 원이 들어갑니다. 도입 비용 "
                     "2,000만 원은 6개월이면 회수되고, 그 뒤로는 매년 4,000만 원 이상 "
                     "절감됩니다."),
        risk=Text("Calculate with the customer's own figures and don't inflate them.",
                  "숫자는 고객에게 받은 자료로 계산하고 부풀리지 않습니다."),
    ),
    Technique(
        "retreat_advance", Text("Retreat-then-advance close", "일보후퇴 클로징"),
        when=Text("The full proposal feels too big to decide on: scale it down or concede a "
                  "small point to win the main one, the contract.",
                  "전체 제안이 부담스러워 결정을 못 할 때. 범위를 줄이거나 작은 것을 양보하고 "
                  "핵심인 계약을 얻습니다."),
        example=Text("If the full roll-out is too much, let's start with the 20 sales seats now "
                     "and extend to the other teams next year once you see the results.",
                     "전체 도입이 부담되시면 이번에는 영업팀 20석만 먼저 시작하시죠. 나머지 "
                     "부서는 성과 보시고 내년에 확대하시면 됩니다."),
        risk=Text("Concede once, and always in exchange for something (signing date, term).",
                  "양보는 한 번만, 반드시 계약 시점이나 기간 같은 대가와 맞바꿉니다."),
    ),
)

TECHNIQUES: dict[str, Technique] = {t.key: t for t in _TECHNIQUES}
