"""Guides of the four outcomes every pipeline ends in: won, upgraded, on hold, lost.

Won and upgraded carry the seed's step 7 (follow-up, repurchase, referral; the customer file).
An upgrade is a deal of a won customer, so won's exit gate is ``from_won`` (linked to the
customer); the other outcomes have no next stage on the ladder (a lead on hold resumes where it
was, a lost one is reopened by force).
"""

from __future__ import annotations

from salesxl.core.playbook_v2 import StageGuide, Text
from salesxl.core.playbook_v2.questions import AFTER_SALE_QUESTIONS

_AFTER_SALE: Text = Text(
    "After-sale: check how it is going and ask about repurchase and referrals",
    "사후 관리: 사용 현황을 확인하고 추가 구매·소개 가능성을 여쭤보세요",
)

WON: StageGuide = StageGuide(
    goal=Text("Deliver what was promised and turn the customer into repeat business and "
              "referrals.",
              "약속한 것을 제대로 납품하고, 재구매와 소개로 이어지는 고객으로 만듭니다."),
    do=(
        Text("Right after signing, thank the customer, make sure the kick-off with delivery "
             "happens and check early problems yourself.",
             "계약 직후 감사 인사를 전하고, 수행팀과의 킥오프를 챙기며 초기 사용 문제를 직접 "
             "확인합니다."),
        Text("Keep the customer file (interests, role changes, occasions; personal data stays "
             "with you) and stay in touch with product news, industry news and newsletters.",
             "고객 파일에 관심사, 직책 변화, 기념일 등을 기록하고(개인정보는 본인만 보관), "
             "신제품 소식·업계 뉴스·뉴스레터로 꾸준히 관계를 이어갑니다."),
        Text("Once results show, ask for additional purchases and for introductions to other "
             "departments or partner companies.",
             "도입 효과가 보이기 시작하면 추가 구매와 다른 부서·협력사 소개를 요청합니다."),
    ),
    exit=Text("Register each additional purchase as a new lead: salesxl links it to the "
              "customer (Customer ID), and it closes as Upgraded (an upsell) or Won (a "
              "repurchase).",
              "추가 구매는 새 리드로 등록합니다. salesxl이 기존 고객(고객사 번호)과 연결하며, "
              "업셀(추가 수주) 또는 수주(재구매)로 마무리합니다."),
    exit_gates=("from_won",),
    questions=AFTER_SALE_QUESTIONS,
    next_action=_AFTER_SALE,
)

UPGRADED: StageGuide = StageGuide(
    goal=Text("Deliver the additional order and keep growing the account.",
              "추가 수주 건을 잘 마무리하고 고객사와의 거래를 계속 키웁니다."),
    do=(
        Text("Record the additional amount and scope, and hand over to delivery.",
             "추가 수주 금액과 범위를 기록하고 수행팀에 인계합니다."),
        Text("Sum up the results in numbers so that your contact can report them internally.",
             "지금까지의 도입 효과를 숫자로 정리해 고객 담당자가 내부에 보고하기 쉽게 돕습니다."),
        Text("Keep up regular contact and the customer file; look for the next repurchase or "
             "referral.",
             "정기 연락과 고객 파일 관리를 이어가며 다음 재구매·소개 기회를 찾습니다."),
    ),
    exit=Text("This is the last stage; register the next additional purchase as a new lead.",
              "마지막 단계입니다. 다음 추가 구매는 새 리드로 등록합니다."),
    exit_gates=(),
    questions=AFTER_SALE_QUESTIONS,
    next_action=_AFTER_SALE,
)

ON_HOLD: StageGuide = StageGuide(
    goal=Text("Park a deal that cannot move now, with a date to pick it up again.",
              "지금은 진행할 수 없는 건을 재개 예정일과 함께 잠시 멈춰 둡니다."),
    do=(
        Text("Write why in the notes (no budget yet, reorganisation, priorities changed) and "
             "enter the resume date.",
             "보류 사유(예산 미편성, 조직 개편, 우선순위 변경 등)를 비고에 적고 재개 예정일을 "
             "입력합니다."),
        Text("Stay in light touch meanwhile with newsletters and industry news.",
             "보류 중에도 뉴스레터나 업계 소식으로 가볍게 연락을 이어갑니다."),
        Text("On the resume date, call the contact, check what has changed and move the lead "
             "back to its stage.",
             "재개 예정일이 되면 고객 담당자에게 연락해 상황을 확인하고, 보류 전 단계로 "
             "되돌립니다."),
    ),
    exit=Text("On the resume date, contact the customer and, if the deal can move, return it "
              "to the stage it was in.",
              "재개 예정일에 다시 연락해 진행이 가능하면 보류 전 단계로 되돌립니다."),
    exit_gates=(),
    questions=(
        Text("When do you plan to look at this again?",
             "내부적으로 언제쯤 다시 검토하실 계획이세요?"),
        Text("What has to be in place for you to pick it up again?",
             "어떤 조건이 갖춰지면 다시 진행하실 수 있을까요?"),
        Text("May I send you material or cases in the meantime?",
             "그사이 참고하실 수 있게 자료나 사례를 보내 드려도 될까요?"),
    ),
    next_action=Text("Call on the resume date and check what has changed",
                     "재개 예정일에 연락: 고객 상황이 바뀌었는지 확인하세요"),
)

LOST: StageGuide = StageGuide(
    goal=Text("Learn why the deal was lost and leave the door open.",
              "실주 원인을 기록해 다음 영업에 살리고, 고객과의 관계는 남겨 둡니다."),
    do=(
        Text("Enter a specific lost reason (price, timing, competitor, missing feature…).",
             "실주 사유를 구체적으로 입력합니다(가격, 시기, 경쟁사, 기능 미충족 등)."),
        Text("Ask the customer politely what decided it, and thank them for their time.",
             "고객에게 결정 배경을 정중히 여쭙고, 그동안 검토해 주신 데 감사 인사를 전합니다."),
        Text("Note when to call again, such as the competitor contract's renewal or the next "
             "budget cycle.",
             "경쟁사 계약 만료나 다음 예산 편성 시기처럼 다시 연락할 때를 비고에 적어 둡니다."),
    ),
    exit=Text("This is the last stage; if the deal revives, move it back with a reason.",
              "마지막 단계입니다. 다시 진행할 기회가 생기면 사유를 적고 이전 단계로 되돌립니다."),
    exit_gates=(),
    questions=(
        Text("May I ask what the main reason for your choice was?",
             "이번에 다른 선택을 하신 가장 큰 이유를 여쭤봐도 될까요?"),
        Text("What would have had to be different in our proposal?",
             "저희 제안에서 무엇이 달랐다면 결과가 달라졌을까요?"),
        Text("When is your next review or contract renewal?",
             "다음 검토 시점이나 계약 갱신 시기는 언제쯤인가요?"),
    ),
    next_action=Text("Note in the notes when to contact them again",
                     "재접촉 메모: 다음 검토 시점을 비고에 적어 두세요"),
)
