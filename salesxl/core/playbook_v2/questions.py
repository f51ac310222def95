"""Key questions a rep asks, by purpose; the stage guides pick from these.

- `BANT_QUESTIONS`: qualification (seed step 2), one or two per letter, B-A-N-T in order.
- `NEEDS_QUESTIONS`: the seed's open needs-assessment questions (step 3).
- `DECISION_MAKER_QUESTIONS`: for the pitch or demo (step 4: find the real decision maker).
- `CLOSING_QUESTIONS`: asking for the decision (step 6).
- `AFTER_SALE_QUESTIONS`: follow-up, repurchase and referral (step 7).
"""

from __future__ import annotations

from salesxl.core.playbook_v2 import Text

BANT_QUESTIONS: tuple[Text, ...] = (
    Text("Is there a budget set aside for this? Roughly what size are you thinking of?",
         "이번 건으로 잡아 두신 예산이 있으신가요? 대략 어느 정도 규모로 보고 계세요?"),
    Text("Is the budget already approved, or does it still need internal approval?",
         "예산은 이미 편성된 건가요, 아니면 품의를 새로 올리셔야 하나요?"),
    Text("How is a purchase like this decided at your company, and who signs it off?",
         "이런 도입 건은 보통 어떤 절차로 결정되나요? 최종 결재는 어느 분이 하세요?"),
    Text("What is the biggest problem right now, and what happens if nothing changes?",
         "지금 가장 불편하신 점이 뭔가요? 이대로 두면 어떤 문제가 생기나요?"),
    Text("By when do you need it in place, and what sets that date?",
         "언제까지 도입하셔야 하나요? 그 시점으로 정하신 이유가 있으세요?"),
)

NEEDS_QUESTIONS: tuple[Text, ...] = (
    Text("What did you like, and what did you miss, with your previous supplier?",
         "기존 거래처를 쓰시면서 좋았던 점과 아쉬웠던 점은 무엇이었나요?"),
    Text("Which business problem do you most need us to solve?",
         "이번에 저희가 꼭 해결해 드려야 할 업무상 문제는 무엇인가요?"),
    Text("Could you walk me through how this works today?",
         "지금은 이 업무를 어떻게 하고 계신지, 현재 상황을 설명해 주시겠어요?"),
    Text("Once the problem is solved, what should look different?",
         "이 문제가 해결되면 업무가 어떻게 달라지면 좋겠습니까?"),
    Text("Which departments and people are involved in this?",
         "이 건에는 어느 부서, 어느 분들이 관여하시나요?"),
)

DECISION_MAKER_QUESTIONS: tuple[Text, ...] = (
    Text("Which part of what you saw today would help you most?",
         "오늘 보신 내용 중 어떤 부분이 가장 도움이 될 것 같으세요?"),
    Text("Who makes the final decision, and what matters most to them?",
         "최종 결정은 어느 분이 하시고, 그분은 어떤 점을 가장 중요하게 보시나요?"),
    Text("Who else reviews it on the approval line? Could we brief them too?",
         "결재 라인에서 검토하실 분이 또 계신가요? 그분들께도 따로 설명드릴 자리를 만들 수 있을까요?"),
    Text("Are you comparing us with other vendors or approaches?",
         "함께 검토하고 계신 다른 업체나 방식이 있으신가요?"),
    Text("When should we present the proposal, and what must it contain?",
         "제안 설명은 언제 드리면 좋을까요? 제안서에 꼭 들어가야 할 내용이 있을까요?"),
)

CLOSING_QUESTIONS: tuple[Text, ...] = (
    Text("On these terms, can we go ahead this month?",
         "지금 말씀드린 조건이면 이번 달 안에 진행 가능하실까요?"),
    Text("Is anything still holding the decision back?",
         "결정하시는 데 아직 걸리는 부분이 있다면 어떤 건가요?"),
    Text("Would you rather start on the 1st or the 15th of next month?",
         "시작일은 다음 달 1일과 15일 중 언제가 편하세요?"),
    Text("Whom should the contract be addressed to, and what is the process?",
         "계약서는 어느 분 앞으로, 어떤 절차로 보내 드리면 될까요?"),
    Text("What documents can we prepare for your purchasing team?",
         "구매팀과 협의하실 때 저희가 미리 준비해 드릴 서류가 있을까요?"),
)

AFTER_SALE_QUESTIONS: tuple[Text, ...] = (
    Text("How is it working for you? Are you getting the results you expected?",
         "실제로 써 보시니 어떠세요? 처음 기대하셨던 효과가 나오고 있나요?"),
    Text("Is anything inconvenient, or is there anything more you need?",
         "쓰시면서 불편한 점이나 추가로 필요하신 부분은 없으세요?"),
    Text("Do other departments or branches have the same problem?",
         "다른 부서나 지사에서도 비슷한 고민을 하고 계신 곳이 있을까요?"),
    Text("Before the renewal or the next purchase, what should we review together?",
         "계약 갱신이나 추가 구매 전에 미리 같이 검토해 두면 좋을 부분이 있을까요?"),
    Text("Do you know anyone who could use this? Would you introduce us?",
         "주변에 저희 솔루션이 도움이 될 만한 분이 계시면 소개해 주실 수 있을까요?"),
)
