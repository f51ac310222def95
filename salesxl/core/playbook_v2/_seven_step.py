"""Stage guides of the seven-step pipeline (seed: 판매 비즈니스 프로세스 차트 2, steps 1-6).

Step 7 (follow-up, repurchase, referral) is the won / upgraded guide in `_outcomes`.
"""

from __future__ import annotations

from salesxl.core.playbook_v2 import StageGuide, Text
from salesxl.core.playbook_v2.questions import (
    BANT_QUESTIONS,
    CLOSING_QUESTIONS,
    DECISION_MAKER_QUESTIONS,
    NEEDS_QUESTIONS,
)

PROSPECTING: StageGuide = StageGuide(
    goal=Text("Find companies that could buy, and turn them into leads you can contact.",
              "구매 가능성이 있는 고객사를 찾아 연락 가능한 리드로 만듭니다."),
    do=(
        Text("Decide the target industry, size and region; collect leads from inbound "
             "(website enquiries, webinars, downloads) and outbound (cold calls, e-mail, "
             "trade shows).",
             "타깃 업종·규모·지역을 정하고, 인바운드(홈페이지 문의, 웨비나, 자료 다운로드)와 "
             "아웃바운드(콜드콜, 이메일, 전시회)로 리드를 모읍니다."),
        Text("Ask existing customers and colleagues for introductions; note who referred the "
             "lead.",
             "기존 고객과 사내 동료에게 소개를 부탁하고, 소개받은 리드는 추천인을 적어 둡니다."),
        Text("Fill in company, contact, phone or e-mail, source and tier on the lead's row.",
             "리드 행에 고객사명, 고객 담당자, 연락처, 유입 경로, 고객 등급을 채웁니다."),
    ),
    exit=Text("You have reached the contact and booked a first call or meeting.",
              "고객 담당자와 연락이 닿았고 첫 통화나 미팅 일정이 잡혔습니다."),
    exit_gates=(),
    questions=(
        Text("How do you handle this today: spreadsheets, an existing system, an outside firm?",
             "지금 이 업무는 엑셀, 기존 솔루션, 외주 중 어떤 방식으로 하고 계세요?"),
        Text("Which department looks after this? Could you introduce me to the person in "
             "charge?",
             "이 업무는 어느 부서에서 담당하시나요? 실무 담당자분을 소개해 주실 수 있을까요?"),
        Text("You downloaded our material: which part caught your interest?",
             "저희 자료를 받아 보셨던데, 어떤 부분이 궁금하셨어요?"),
        Text("Could we have twenty minutes next week, by phone or in person?",
             "다음 주 중에 20분 정도 통화나 방문 가능한 시간이 있으실까요?"),
    ),
    next_action=Text("First contact: call the contact and book a first meeting",
                     "첫 연락: 고객 담당자에게 전화해 첫 미팅을 잡으세요"),
)

QUALIFICATION: StageGuide = StageGuide(
    goal=Text("Check with BANT that the lead can and will buy before you spend time on it.",
              "본격적으로 시간을 쓰기 전에 BANT로 구매 여력과 구매 의향이 있는 고객인지 확인합니다."),
    do=(
        Text("In the first call or meeting, ask about budget, authority, need and timing, and "
             "note the answers on the row right away.",
             "첫 통화나 미팅에서 예산·결정권·니즈·도입 시기를 자연스럽게 묻고, 답은 바로 리드 "
             "행에 적습니다."),
        Text("Click Validate leads (or run salesxl validate) and read the BANT status and "
             "what is still missing.",
             "[리드 검증] 버튼(또는 salesxl validate)을 눌러 BANT 검증 상태와 미확인 항목을 "
             "봅니다."),
        Text("Close leads that will not qualify as lost or on hold; book the needs meeting at "
             "once for the qualified ones.",
             "가망이 없는 리드는 실주나 보류로 정리해 시간을 아끼고, 적격 리드는 바로 니즈 파악 "
             "미팅을 잡습니다."),
    ),
    exit=Text("All four BANT criteria (budget, authority, need, timing) are met: the BANT "
              "status is qualified.",
              "예산·결정권·니즈·시기 네 항목이 모두 확인되어 BANT 검증 상태가 적격입니다."),
    exit_gates=("bant_qualified",),
    questions=BANT_QUESTIONS,
    next_action=Text("Book the needs meeting with the users and the decision maker",
                     "니즈 파악 미팅: 실무자·결정권자와 미팅 일정을 잡으세요"),
)

NEEDS_ASSESSMENT: StageGuide = StageGuide(
    goal=Text("Understand the customer's situation, problem and hoped-for result well enough "
              "to tailor the demo and the proposal.",
              "고객의 현재 상황, 문제, 기대하는 결과를 정확히 이해해 시연과 제안을 고객에게 "
              "맞춥니다."),
    do=(
        Text("Ask your prepared open questions and listen more than you talk; do not pitch "
             "the product yet.",
             "미리 준비한 개방형 질문으로 묻고, 말하기보다 듣습니다. 아직 제품 설명은 하지 "
             "않습니다."),
        Text("Restate what you heard in your own words and check it (\"So what you need "
             "is…?\"); ask again where you got it wrong.",
             "들은 내용을 정리해 되물어 확인하고(\"정리하면 ~가 가장 급하신 거죠?\"), 잘못 이해한 "
             "부분은 다시 묻습니다."),
        Text("Record the need, its level and the real decision maker on the row; note the "
             "objections you expect.",
             "니즈와 니즈 수준, 실제 의사결정권자를 리드 행에 적고, 예상되는 반론을 메모해 "
             "둡니다."),
    ),
    exit=Text("The need is recorded and the decision maker is identified.",
              "니즈가 기록되었고 의사결정권자가 누구인지 확인되었습니다."),
    exit_gates=("need_and_decision_maker",),
    questions=NEEDS_QUESTIONS,
    next_action=Text("Prepare the demo: agree the date, agenda and attendees around the needs",
                     "시연 준비: 니즈에 맞춰 시연 일정·안건·참석자를 확정하세요"),
)

PRESENTATION: StageGuide = StageGuide(
    goal=Text("Show how the product solves the needs you heard, in front of the people who "
              "decide.",
              "파악한 니즈를 제품이 어떻게 해결하는지 의사결정권자 앞에서 보여 줍니다."),
    do=(
        Text("Agree the date, agenda, end time and attendees beforehand, and ask the real "
             "decision maker to attend.",
             "시연 전에 일시·안건·종료 시간·참석자를 합의하고, 실제 의사결정권자의 참석을 "
             "요청합니다."),
        Text("Don't list features: show the customer's own problems being solved, in their "
             "order, and invite questions.",
             "기능을 나열하지 말고 고객이 말한 문제를 하나씩 해결하는 장면을 보여 주며, 질문은 "
             "언제든 받습니다."),
        Text("Log the demo in Activities and book the proposal meeting before you leave.",
             "시연이 끝나면 활동 내역에 데모를 기록하고, 제안 설명 일정을 그 자리에서 잡습니다."),
    ),
    exit=Text("A demo is logged in Activities and a proposal date is agreed.",
              "데모(시연) 활동이 기록되었고 제안 일정이 합의되었습니다."),
    exit_gates=("demo_logged",),
    questions=DECISION_MAKER_QUESTIONS,
    next_action=Text("Write the proposal and quote on the demo feedback",
                     "제안서 작성: 시연 피드백을 반영해 제안서와 견적서를 준비하세요"),
)

PROPOSAL: StageGuide = StageGuide(
    goal=Text("Propose around what matters most to the customer and answer every objection.",
              "고객에게 가장 중요한 가치를 중심으로 제안하고, 나오는 반론에 빠짐없이 답합니다."),
    do=(
        Text("Tailor the proposal to the needs, challenges and expected results you found; "
             "keep the quote as a separate document.",
             "지금까지 파악한 니즈·과제·기대 효과를 중심으로 맞춤 제안서를 만들고, 견적서는 "
             "따로 준비합니다."),
        Text("Log every question and objection in Objections, one per row, with your response "
             "and whether it is resolved.",
             "고객의 질문과 반론은 반론 기록에 한 줄씩 남기고, 답변과 해결 여부를 적습니다."),
        Text("Ask \"What would make this a 100% fit for you?\"; take hard ones to the team and "
             "answer them at the next meeting.",
             "\"100% 만족하시려면 무엇이 더 필요할까요?\"라고 묻고, 바로 답하기 어려운 건 팀의 "
             "도움을 받아 다음 미팅에서 답합니다."),
        Text("Add recurring objections and the answers that worked to the Playbook.",
             "자주 나오는 반론과 잘 통한 답변은 플레이북에 추가해 팀과 공유합니다."),
    ),
    exit=Text("Every objection logged for the lead is resolved.",
              "기록된 고객 반론이 모두 해결되었습니다."),
    exit_gates=("objections_resolved",),
    questions=(
        Text("Is there anything in the proposal that worries you or needs checking?",
             "제안 내용 중 걱정되시거나 더 확인하고 싶으신 부분이 있으세요?"),
        Text("What would it take for you to be 100% satisfied?",
             "100% 만족하시려면 무엇이 더 있어야 할까요?"),
        Text("What will your approver ask first when you report this internally?",
             "내부 보고 때 결재권자께서 가장 먼저 물어보실 질문은 뭘까요?"),
        Text("Compared with other offers, where do we still fall short?",
             "다른 업체 제안과 비교하면 저희가 아직 부족해 보이는 부분이 있을까요?"),
    ),
    next_action=Text("Prepare to close: set out the terms and schedule and ask for the decision",
                     "클로징 준비: 계약 조건과 일정을 정리해 구매 결정을 요청하세요"),
)

CLOSING: StageGuide = StageGuide(
    goal=Text("Ask for the decision, agree terms and price, and hand over to delivery.",
              "구매 결정을 요청하고 조건과 가격을 합의한 뒤 수행팀에 넘깁니다."),
    do=(
        Text("Once the objections are resolved, ask for the decision; pick the closing "
             "technique that fits and record it on the row.",
             "반론이 모두 풀렸으면 망설이지 말고 결정을 요청합니다. 상황에 맞는 클로징 기법을 "
             "골라 리드 행에 기록합니다."),
        Text("Negotiate price, payment terms, delivery and contract wording for mutual "
             "benefit; tie any discount to a condition (term, volume, prepayment).",
             "가격·결제 조건·납기·계약서 문구를 서로 이익이 되게 협상하고, 할인에는 반드시 "
             "조건(계약 기간, 물량, 선결제)을 붙입니다."),
        Text("When the contract is signed, enter the deal amount and introduce the customer "
             "to the delivery team.",
             "계약이 확정되면 금액을 입력하고, 구축·납품 담당자에게 고객을 소개해 인계합니다."),
    ),
    exit=Text("The contract is signed and the deal amount is entered on the row.",
              "계약이 체결되어 금액이 확정되었고 리드 행에 입력되었습니다."),
    exit_gates=("deal_amount",),
    questions=CLOSING_QUESTIONS,
    next_action=Text("Finish the contract: get the signature and purchase order, then hand over",
                     "계약 마무리: 계약서 날인과 발주서를 받고 수행팀에 인계하세요"),
)
