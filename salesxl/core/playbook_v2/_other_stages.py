"""Stage guides of the six-stage flow (seed: 흐름도 1) and the short pipeline.

`FIND` serves both six_stage ``find`` and short ``lead`` (same meaning, same exit gate);
six_stage ``deal`` shares the seven-step closing guide. Short ``proposal`` folds proposal and
closing into one stage, so its exit gate differs from the seven-step ``proposal``.
"""

from __future__ import annotations

from salesxl.core.playbook_v2 import StageGuide, Text
from salesxl.core.playbook_v2.questions import (
    BANT_QUESTIONS,
    CLOSING_QUESTIONS,
    DECISION_MAKER_QUESTIONS,
    NEEDS_QUESTIONS,
)

FIND: StageGuide = StageGuide(
    goal=Text("Find suitable customers and judge with BANT whether there is a real opportunity.",
              "적합한 고객을 찾고, BANT로 실제 영업 기회가 있는지 판단합니다."),
    do=(
        Text("Get leads from introductions, inbound enquiries and outbound prospecting; fill in "
             "the basics on the row.",
             "소개, 인바운드 문의, 아웃바운드 발굴로 리드를 확보하고 리드 행에 기본 정보를 "
             "채웁니다."),
        Text("In the first call, check budget, authority, need and timing, then click Validate "
             "leads to see the BANT status.",
             "첫 통화에서 예산·결정권·니즈·시기를 확인하고, [리드 검증] 버튼으로 BANT 검증 상태를 "
             "봅니다."),
        Text("If there is no real opportunity, close the lead as lost or on hold and move on.",
             "기회가 없다고 판단되면 실주나 보류로 정리하고 다음 리드로 넘어갑니다."),
    ),
    exit=Text("All four BANT criteria are met: the BANT status is qualified.",
              "예산·결정권·니즈·시기 네 항목이 모두 확인되어 BANT 검증 상태가 적격입니다."),
    exit_gates=("bant_qualified",),
    questions=BANT_QUESTIONS,
    next_action=Text("Ask for a meeting to hear the customer's needs",
                     "미팅 요청: 니즈를 자세히 들을 수 있는 미팅 일정을 잡으세요"),
)

INVITE: StageGuide = StageGuide(
    goal=Text("Give the customer a good reason to meet, and get the meeting in the calendar.",
              "고객이 만날 이유를 만들어 방문 일정을 확정합니다."),
    do=(
        Text("Study the customer's industry and news; prepare a reason to meet that helps them "
             "(a case study, a free assessment, a new product).",
             "고객사 업종과 최근 소식을 살펴보고, 고객에게 도움이 되는 만남의 이유(유사 사례 "
             "공유, 무료 진단, 신제품 소개)를 준비합니다."),
        Text("Don't just keep calling: say in one sentence what they gain, then offer two time "
             "slots.",
             "무작정 전화를 거듭하지 말고, 고객이 얻는 것을 한 문장으로 말한 뒤 두 가지 시간대를 "
             "제안합니다."),
        Text("Log the appointment in Activities and confirm it the day before.",
             "약속이 잡히면 활동 내역에 기록하고, 방문 전날 다시 확인 연락을 합니다."),
    ),
    exit=Text("A visit or meeting is booked.", "방문 또는 미팅 일정이 확정되었습니다."),
    exit_gates=(),
    questions=(
        Text("A company in your industry cut its logistics cost with us; may I share how in "
             "thirty minutes?",
             "비슷한 업종 고객사에서 물류비를 줄인 사례가 있는데, 30분 정도 공유드려도 될까요?"),
        Text("Would Tuesday morning or Thursday afternoon next week suit you better?",
             "다음 주 화요일 오전과 목요일 오후 중 언제가 편하세요?"),
        Text("Could your team lead join the meeting with you?",
             "미팅에 팀장님도 함께 참석하실 수 있을까요?"),
        Text("Is there anything we should know before the meeting?",
             "미팅 전에 저희가 미리 알아 두면 좋을 내용이 있을까요?"),
    ),
    next_action=Text("Prepare the visit: study the customer and send the agenda",
                     "방문 준비: 고객사 자료를 검토하고 방문 안건을 미리 보내세요"),
)

VISIT: StageGuide = StageGuide(
    goal=Text("Meet the customer, discover the need, introduce the solution and find the key "
              "person.",
              "고객을 만나 니즈를 발굴하고 솔루션을 소개하며, 키맨(의사결정권자)을 찾습니다."),
    do=(
        Text("Before the visit, prepare what you know about the company and your list of "
             "questions.",
             "방문 전에 고객사 현황을 정리하고 질문 목록을 준비합니다."),
        Text("Listen first: find the situation and the need, then present the solution fitted "
             "to it.",
             "먼저 들으면서 현재 상황과 니즈를 파악하고, 그 니즈에 맞춘 솔루션을 소개합니다."),
        Text("Find out who the key person is and how approval works, and note both on the row.",
             "키맨이 누구인지, 결재가 어떤 순서로 나는지 확인해 리드 행에 적습니다."),
    ),
    exit=Text("The need is recorded and the decision maker is identified.",
              "니즈가 기록되었고 의사결정권자가 확인되었습니다."),
    exit_gates=("need_and_decision_maker",),
    questions=(*NEEDS_QUESTIONS[:4], DECISION_MAKER_QUESTIONS[1]),
    next_action=Text("Send a summary of the visit and set the next contact date",
                     "방문 정리: 방문 내용을 정리해 고객에게 보내고 다음 연락일을 잡으세요"),
)

FOLLOW_UP: StageGuide = StageGuide(
    goal=Text("Keep the deal moving with contact by tier, build the relationship and clear the "
              "objections.",
              "고객 등급에 맞는 주기로 연락하며 관계를 다지고, 반론을 풀어 거래로 이어갑니다."),
    do=(
        Text("Click Schedule follow-ups (salesxl followups) for each lead's next date and "
             "channel by tier, and keep to them.",
             "[후속 조치 일정 계산] 버튼(salesxl followups)으로 등급별 다음 후속 연락일과 연락 "
             "방법을 확인하고 그대로 지킵니다."),
        Text("Bring something useful every time: material, a case, an updated quote.",
             "연락할 때마다 고객에게 도움이 되는 것(자료, 사례, 수정 견적)을 하나씩 챙겨 갑니다."),
        Text("Log objections and resolve them one by one; react at once to changes such as a "
             "new contact or a budget cut.",
             "고객 반론은 반론 기록에 남겨 하나씩 해결하고, 담당자 교체나 예산 삭감 같은 변화에는 "
             "바로 대응합니다."),
    ),
    exit=Text("Every objection logged for the lead is resolved.",
              "기록된 고객 반론이 모두 해결되었습니다."),
    exit_gates=("objections_resolved",),
    questions=(
        Text("How is our proposal being reviewed internally?",
             "지난번 제안은 내부에서 어떻게 검토되고 있나요?"),
        Text("Have new questions or concerns come up during the review?",
             "검토하시면서 새로 궁금하신 점이나 걸리는 부분이 생기셨나요?"),
        Text("Has anything changed since: people, budget, schedule?",
             "그사이 담당자나 예산, 일정에 달라진 점은 없으세요?"),
        Text("What else can we provide to help you decide?",
             "결정하시는 데 저희가 더 준비해 드릴 자료가 있을까요?"),
    ),
    next_action=Text("Propose the deal: set out the terms and ask for the decision",
                     "거래 제안: 조건을 정리해 구매 결정을 요청하세요"),
)

QUALIFIED: StageGuide = StageGuide(
    goal=Text("Understand the need and show the fit, up to an agreed proposal meeting.",
              "니즈를 파악하고 제품이 맞는다는 것을 보여 주어 제안 단계까지 이어갑니다."),
    do=(
        Text("Ask open questions about the situation, the problem and the hoped-for result; "
             "restate what you heard and check it.",
             "현재 상황, 문제, 기대하는 결과를 개방형 질문으로 듣고, 들은 내용을 정리해 되물어 "
             "확인합니다."),
        Text("Confirm the decision maker and, where it helps, show a demo there and then.",
             "의사결정권자를 확인하고, 필요하면 그 자리에서 데모를 보여 줍니다."),
        Text("Agree the date and attendees for the proposal.",
             "제안 설명 날짜와 참석자를 합의합니다."),
    ),
    exit=Text("The need and the decision maker are known and a proposal date is agreed.",
              "니즈와 의사결정권자가 확인되었고 제안 일정이 합의되었습니다."),
    exit_gates=(),
    questions=(*NEEDS_QUESTIONS[1:4], *DECISION_MAKER_QUESTIONS[1:2],
               DECISION_MAKER_QUESTIONS[4]),
    next_action=Text("Send a proposal and quote fitted to the needs",
                     "제안서 발송: 니즈에 맞춘 제안서와 견적서를 보내세요"),
)

SHORT_PROPOSAL: StageGuide = StageGuide(
    goal=Text("Propose, answer the objections and close the deal.",
              "제안하고 반론에 답한 뒤 계약으로 마무리합니다."),
    do=(
        Text("Present a proposal and quote built on the customer's needs.",
             "고객 니즈를 중심으로 만든 제안서와 견적서를 설명합니다."),
        Text("Log objections in Objections and answer them all, then ask for the decision (see "
             "the closing techniques).",
             "고객 반론은 반론 기록에 남겨 모두 답한 뒤 구매 결정을 요청합니다(클로징 기법 참고)."),
        Text("When terms and price are agreed, enter the deal amount and hand over to delivery.",
             "조건과 가격이 합의되면 금액을 입력하고 수행팀에 인계합니다."),
    ),
    exit=Text("The contract is signed and the deal amount is entered on the row.",
              "계약이 체결되어 금액이 확정되었고 리드 행에 입력되었습니다."),
    exit_gates=("deal_amount",),
    questions=(
        Text("Is there anything in the proposal that worries you or needs checking?",
             "제안 내용 중 걱정되시거나 더 확인하고 싶으신 부분이 있으세요?"),
        *CLOSING_QUESTIONS[:4],
    ),
    next_action=Text("Finish the contract: get the signature and purchase order, then hand over",
                     "계약 마무리: 계약서 날인과 발주서를 받고 수행팀에 인계하세요"),
)
