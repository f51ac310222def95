"""Objections customers raise, as they say them, and responses that work (seed step 5).

Keys are the objection categories of the Objections sheet (`salesxl.core.schema`); the team
adds its own on the Playbook sheet as it finds what works.

Example:
    >>> OBJECTIONS["price"][0].objection("ko")
    '지금은 예산이 없어요.'
"""

from __future__ import annotations

from salesxl.core.playbook_v2 import Objection, Text

OBJECTION_CATEGORIES: dict[str, Text] = {
    "price": Text("Price", "가격"),
    "timing": Text("Timing", "시기"),
    "authority": Text("Authority", "결정권"),
    "competitor": Text("Competitor", "경쟁사"),
    "product_fit": Text("Product fit", "제품 적합성"),
    "other": Text("Other", "기타"),
}


def _o(category: str, en: tuple[str, str], ko: tuple[str, str]) -> Objection:
    return Objection(category, Text(en[0], ko[0]), Text(en[1], ko[1]))


OBJECTIONS: dict[str, tuple[Objection, ...]] = {
    "price": (
        _o("price",
           ("We have no budget right now.",
            "Let's first work out what the problem costs you today. If it costs more in a year "
            "than the system, the system pays for itself. We can start small this year with "
            "what you need most and put the rest in next year's budget."),
           ("지금은 예산이 없어요.",
            "네, 이해합니다. 그럼 지금 이 문제 때문에 새고 있는 비용부터 같이 계산해 보시죠. 1년 "
            "손실이 도입 비용보다 크면 오히려 안 하시는 게 손해입니다. 올해는 꼭 필요한 부분만 "
            "작게 시작하고, 나머지는 내년 예산에 반영하는 단계적 도입도 가능합니다.")),
        _o("price",
           ("It's much more expensive than the others.",
            "May I ask whom you compared us with? Let's check the scope is the same, and compare "
            "the three-year total cost with maintenance, training and support, not only the "
            "initial price."),
           ("다른 데보다 너무 비싸네요.",
            "어느 업체와 비교하셨는지 여쭤봐도 될까요? 견적 범위가 같은지 먼저 같이 보시죠. "
            "구축비만 보지 마시고 유지보수, 교육, 장애 대응까지 3년 총비용으로 비교하시면 차이가 "
            "거의 없거나 오히려 저렴합니다.")),
        _o("price",
           ("Take a bit more off and we'll sign right away.",
            "We want this too. I can't simply cut the price, but with a two-year term or "
            "prepayment I can improve the terms. Which works better for you?"),
           ("조금만 더 빼 주시면 바로 계약할게요.",
            "저희도 꼭 함께하고 싶습니다. 다만 단가만 내리기는 어렵고, 계약 기간을 2년으로 "
            "하시거나 선결제해 주시면 그만큼 조건을 맞춰 드릴 수 있습니다. 어느 쪽이 "
            "편하시겠어요?")),
    ),
    "timing": (
        _o("timing",
           ("Now isn't a good time. Let's talk next year.",
            "Understood. Is it the budget or other priorities? To start early next year, the "
            "review and the internal approval need to be done this year; let me draft that "
            "schedule with you."),
           ("지금은 때가 아니에요. 내년에 다시 얘기하시죠.",
            "네, 알겠습니다. 혹시 내년으로 미루시는 게 예산 때문인지, 다른 우선순위 때문인지 "
            "여쭤봐도 될까요? 내년 초에 바로 시작하시려면 올해 안에 검토와 품의를 끝내 두셔야 "
            "일정이 맞습니다. 그 일정표를 같이 짜 드리겠습니다.")),
        _o("timing",
           ("We're reviewing it internally. We'll get back to you.",
            "Thank you. Would a comparison sheet or a customer case help the review? I'll send "
            "one today; may I check in with you next Thursday?"),
           ("내부적으로 검토 중이에요. 결과 나오면 연락드릴게요.",
            "감사합니다. 검토하실 때 비교표나 도입 사례가 있으면 도움이 되실 텐데, 오늘 정리해서 "
            "보내 드릴까요? 다음 주 목요일쯤 진행 상황 한번 여쭙겠습니다.")),
        _o("timing",
           ("We're swamped with another project right now.",
            "I understand. That's why we do the set-up and the data migration ourselves; your "
            "team needs about an hour a week, and it can take load off that project."),
           ("지금 다른 프로젝트 때문에 정신이 없어서요.",
            "바쁘신 때 새 일을 벌이기 부담스러우신 거 충분히 이해합니다. 그래서 초기 세팅과 "
            "데이터 이관은 저희가 다 맡고, 담당자분은 주 1시간 정도만 확인해 주시면 되게 "
            "진행합니다. 오히려 지금 하시면 그 프로젝트 부담도 덜어 드릴 수 있습니다.")),
    ),
    "authority": (
        _o("authority",
           ("It's not my call. I have to report upstairs.",
            "Of course. I'll prepare a one-page summary (benefit, cost, schedule) you can use "
            "as it is. Could you get me fifteen minutes with your manager to explain it?"),
           ("제가 결정할 수 있는 게 아니라서요. 위에 보고해 봐야 해요.",
            "당연히 그러셔야죠. 보고하실 때 바로 쓰실 수 있게 도입 효과, 비용, 일정을 한 장으로 "
            "정리해 드리겠습니다. 괜찮으시면 팀장님께 직접 설명드릴 15분만 잡아 주실 수 "
            "있을까요?")),
        _o("authority",
           ("It needs the CEO's sign-off.",
            "What does your CEO look at first? If it is the return, I'll prepare an ROI sheet; "
            "if it is the risk, cases from similar companies, ready to attach to your approval "
            "request."),
           ("대표님 결재가 나야 해요.",
            "결재 올리실 때 대표님은 주로 어떤 부분을 보세요? 투자 대비 효과를 중시하시면 ROI "
            "계산표를, 리스크를 보시면 비슷한 규모 고객사 사례를 품의서에 바로 붙이실 수 있게 "
            "준비해 드리겠습니다.")),
        _o("authority",
           ("It has to go through purchasing, which takes time.",
            "Knowing purchasing's steps helps us plan. I'll send the vendor registration and "
            "quote documents up front; could you give me the buyer's contact?"),
           ("구매팀을 거쳐야 해서 시간이 좀 걸려요.",
            "구매 절차를 미리 알면 일정 맞추기가 훨씬 수월합니다. 업체 등록이나 견적 비교에 "
            "필요한 서류(사업자등록증, 회사 소개서, 견적서)를 먼저 보내 드릴 테니, 구매 "
            "담당자분 연락처를 알려 주시겠어요?")),
    ),
    "competitor": (
        _o("competitor",
           ("We already have a vendor.",
            "I'm sure much of it works for you. If there is one thing you would change, what "
            "is it? Let me show you in ten minutes how we handle just that."),
           ("이미 쓰고 있는 업체가 있어요.",
            "네, 잘 맞는 부분도 많으실 겁니다. 그래도 쓰시면서 딱 하나 아쉬운 점을 꼽으신다면 "
            "뭘까요? 그 부분을 저희는 어떻게 다르게 하는지 10분만 보여 드리겠습니다.")),
        _o("competitor",
           ("Another vendor offered us a lower price.",
            "Let's look at what their quote includes. If customisation, training or maintenance "
            "is missing, it comes back as extra cost later. I'll make a line-by-line comparison "
            "for you to decide on."),
           ("다른 업체는 더 싸게 해 준다던데요.",
            "그 견적에 어디까지 포함되어 있는지 한번 같이 보시죠. 커스터마이징, 교육, "
            "유지보수가 빠져 있으면 나중에 추가 비용으로 돌아옵니다. 항목별 비교표를 만들어 "
            "드릴 테니 보시고 판단하셔도 늦지 않습니다.")),
        _o("competitor",
           ("The competitor's product has more features.",
            "What matters is the features your team will really use. Shall we compare both on "
            "the three tasks you described? I can also put you in touch with a customer who "
            "switched from them."),
           ("경쟁사 제품이 기능이 더 많던데요.",
            "기능 개수보다 중요한 건 실제 업무에 쓰시는 기능입니다. 지난번 말씀하신 세 가지 "
            "업무를 기준으로 두 제품을 나란히 비교해 보시면 어떨까요? 그 제품을 쓰다가 저희로 "
            "옮기신 고객사 담당자분과 통화도 연결해 드릴 수 있습니다.")),
    ),
    "product_fit": (
        _o("product_fit",
           ("It doesn't really fit how we work.",
            "Which part feels wrong? If you show me the workflow, I'll tell you honestly what "
            "configuration can handle and what it can't."),
           ("저희 업무랑은 좀 안 맞는 것 같아요.",
            "어떤 부분이 안 맞는다고 느끼셨는지 구체적으로 말씀해 주시겠어요? 실제 업무 흐름을 "
            "한번 보여 주시면, 설정으로 맞출 수 있는 부분과 어려운 부분을 솔직하게 구분해 "
            "드리겠습니다.")),
        _o("product_fit",
           ("It lacks a feature we need.",
            "What task does that feature do for you? I'll show how we reach the same result "
            "another way, and for what is truly missing I'll file a request with our product "
            "team and come back with a date."),
           ("저희한테 꼭 필요한 기능이 없네요.",
            "그 기능으로 어떤 업무를 해결하시려는 건지 여쭤봐도 될까요? 다른 방식으로 같은 "
            "결과를 내는 방법을 먼저 보여 드리고, 정말 없는 기능은 제품팀에 정식으로 요청해서 "
            "반영 일정을 확인해 드리겠습니다.")),
        _o("product_fit",
           ("If it doesn't connect to our ERP, it's no use to us.",
            "Integration matters, so let's check it with your technical people. Tell me your "
            "ERP and its version; our engineer and I will come back this week with the approach "
            "and the cost."),
           ("기존 ERP랑 연동이 안 되면 곤란해요.",
            "연동은 중요한 부분이라 기술 담당자분과 같이 확인하는 게 정확합니다. 쓰고 계신 "
            "ERP 이름과 버전을 알려 주시면, 저희 엔지니어와 연동 방식과 비용을 검토해서 이번 "
            "주 안에 답변드리겠습니다.")),
        _o("product_fit",
           ("Our staff won't take to a new system.",
            "For the first month we train on site and give you a dedicated support contact. A "
            "company your size had everyone using it within two weeks; shall I show you their "
            "training plan?"),
           ("현장 직원들이 새 시스템을 잘 안 쓸 것 같아요.",
            "처음 한 달은 저희가 현장 교육과 전담 지원을 해 드립니다. 비슷한 규모 고객사도 2주 "
            "만에 자리 잡았는데, 그때 썼던 교육 일정표를 보여 드릴까요?")),
    ),
    "other": (
        _o("other",
           ("Just send me some information by e-mail.",
            "I'll send it right away. There is a lot of it, so tell me the one thing you care "
            "about most and I'll pick the right parts. Could we speak for five minutes on "
            "Thursday after you have read it?"),
           ("자료부터 메일로 보내 주세요.",
            "네, 바로 보내 드리겠습니다. 자료가 많아서 그러는데, 지금 가장 관심 있으신 부분 "
            "하나만 알려 주시면 그 위주로 추려 드릴게요. 보시고 목요일쯤 5분만 통화 "
            "가능하실까요?")),
        _o("other",
           ("I'm about to go into a meeting.",
            "Then I'll be brief: when is a better time to call, this afternoon at four or "
            "tomorrow morning?"),
           ("지금 회의 들어가야 해서요.",
            "네, 그럼 짧게 여쭙겠습니다. 언제 다시 전화드리면 편하실까요? 오늘 오후 4시나 내일 "
            "오전 중 괜찮으세요?")),
        _o("other",
           ("Let me think about it.",
            "Of course, take the time you need. May I ask which part you want to think over, "
            "the price or getting your colleagues on board? Then I can prepare what helps."),
           ("좀 더 생각해 볼게요.",
            "네, 충분히 검토하셔야죠. 혹시 어떤 부분을 더 고민하시는지 여쭤봐도 될까요? "
            "가격인지, 내부 설득인지 알면 제가 필요한 자료를 준비해 드릴 수 있습니다.")),
    ),
}
