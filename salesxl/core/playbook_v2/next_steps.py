"""The lead's next step, the Korean particles that follow a filled-in word, and "Start here".

`NEXT_STEPS[gate]` is the text of a lead's ``next_step`` cell when `gate` is the first unmet
exit criterion of its stage. ``{column}`` is the label of the column to fill in (in the
workbook's language; `NEXT_STEP_COLUMNS` says which column each gate points at, the same
`Fix` columns `salesxl.core.rules.stages` gives). A particle mark such as ``{을를}`` takes the
form that fits the text just before it: `render` fills both.

Example:
    >>> render(NEXT_STEPS["deal_amount"], "ko", column="수주 금액")
    '금액 확정: 수주 금액을 입력하세요'
    >>> render(NEXT_STEPS["deal_amount"], "en", column="Deal amount")
    'Confirm the amount: fill in Deal amount'
    >>> josa("예산", "을를"), josa("날짜", "이가"), josa("서울", "으로로"), josa("10", "은는")
    ('을', '가', '로', '은')
"""

from __future__ import annotations

import re

from salesxl.core.playbook_v2 import Text

# Mark -> (form after a final consonant, form after a vowel, form when the reading is unknown).
PARTICLES: dict[str, tuple[str, str, str]] = {
    "을를": ("을", "를", "을(를)"), "이가": ("이", "가", "이(가)"), "은는": ("은", "는", "은(는)"),
    "과와": ("과", "와", "과(와)"), "으로로": ("으로", "로", "(으)로"),
}
for _mark, _forms in list(PARTICLES.items()):  # also 를을, 가이, 는은, 와과, 로으로 and a/b
    PARTICLES.setdefault(_forms[1] + _forms[0], _forms)
    PARTICLES.setdefault(f"{_forms[0]}/{_forms[1]}", _forms)
    PARTICLES.setdefault(f"{_forms[1]}/{_forms[0]}", _forms)

_RIEUL = 8  # index of ㄹ among the final consonants: 으로 becomes 로 after it
_DIGIT_FINAL = (21, 8, 0, 16, 0, 0, 1, 8, 8, 0)  # 영 일 이 삼 사 오 육 칠 팔 구
# final consonant of a number ending in n zeros: 십 백 천 만 (to 천만) 억 (to 천억) 조
_ZEROS_FINAL = {1: 17, 2: 1, 3: 4, 4: 4, 5: 4, 6: 4, 7: 4, 8: 1, 9: 1, 10: 1, 11: 1}
# Latin letters read by name (에이, 비, 씨 … 엘, 엠, 엔, 알): only L, M, N, R end in a consonant
_LETTER_FINAL = {"L": 8, "M": 16, "N": 4, "R": 8}
_TRAILING = re.compile(r"(\s+|[.,;:!?'\"’”」』》〉)\]]+|\([^()]*\))$")


def _final(word: str) -> int | None:
    """Index of the final consonant of how `word` ends when read aloud (0 = a vowel);
    None when the reading is unknown."""
    text = word
    while True:  # 수주 확률 (%) -> 수주 확률: a particle follows the word before brackets
        stripped = _TRAILING.sub("", text)
        if stripped == text or not stripped:
            break
        text = stripped
    if not text:
        return None
    last = text[-1]
    if "가" <= last <= "힣":
        return (ord(last) - ord("가")) % 28
    if last == "%":
        return 0  # 퍼센트
    if last.isdigit() and last.isascii():
        digits = re.search(r"[0-9,]*$", text)
        number = (digits.group() if digits else last).replace(",", "")
        zeros = len(number) - len(number.rstrip("0"))
        if zeros == 0 or zeros == len(number):
            return _DIGIT_FINAL[int(last)]
        return _ZEROS_FINAL.get(zeros, 0)
    if last.isascii() and last.isalpha():
        run = re.search(r"[A-Za-z]+$", text)
        letters = run.group() if run else last
        if letters.isupper():
            return _LETTER_FINAL.get(last, 0)
        lower = letters.lower()
        if lower.endswith("ng"):
            return 21
        if lower[-1] in "lmn":
            return {"l": 8, "m": 16, "n": 4}[lower[-1]]
        if lower[-1] in "aiouy" or lower.endswith(("er", "or", "ar")):
            return 0
    return None


def josa(word: str, pair: str) -> str:
    """The form of the particle `pair` (``을를``, ``이가``, ``은는``, ``와과``, ``으로로``,
    in either order or as ``을/를``) that follows `word`.

    By the final consonant of the word's last Hangul syllable; digits and Latin letters by
    their common reading (``10`` 십, ``CRM`` 씨알엠, ``Excel`` 엑셀); otherwise both forms,
    e.g. ``을(를)``. Brackets, quotes and spaces at the end are skipped.

    Raises:
        KeyError: `pair` is not one of the particles above.
    """
    after_consonant, after_vowel, unknown = PARTICLES[pair]
    final = _final(word)
    if final is None:
        return unknown
    if after_vowel == "로":
        return after_vowel if final in (0, _RIEUL) else after_consonant
    return after_consonant if final else after_vowel


_FIELD = re.compile(r"\{([^{}]+)\}")


def render(text: Text | str, lang: str, /, **values: object) -> str:
    """Fill `text`'s ``{name}`` fields from `values` and its particle marks (``{을를}``…): the
    one filler of salesxl's texts (`salesxl.core.messages.tr` fills its messages with it).

    In Korean a mark becomes the form that fits the text before it; in English it is dropped.

    Raises:
        KeyError: a field has no value in `values`.
    """
    template = text(lang) if isinstance(text, Text) else text
    out: list[str] = []
    pos = 0
    for m in _FIELD.finditer(template):
        out.append(template[pos:m.start()])
        name = m.group(1)
        if name in PARTICLES:
            if lang == "ko":
                out.append(josa("".join(out), name))
        else:  # a name, with a format spec or not ("{n:,}")
            try:
                out.append(("{" + name + "}").format_map(values))
            except KeyError:
                raise KeyError(f"no value for {{{name}}} in {template!r}") from None
        pos = m.end()
    out.append(template[pos:])
    return "".join(out)


NEXT_STEPS: dict[str, Text] = {
    "bant_qualified": Text("Qualify (BANT): ask the customer and fill in {column}",
                           "BANT 검증: 고객에게 확인한 {column}{을를} 입력하세요"),
    "need_and_decision_maker": Text("Confirm the need and the decision maker: fill in {column}",
                                    "니즈·결정권자 확인: {column}{을를} 입력하세요"),
    "demo_logged": Text("Log the demo: add it to Activities with {column} set to Demo",
                        "데모 기록: 데모(시연) 후 활동 내역에 기록하고 {column}{을를} 데모로 "
                        "고르세요"),
    "objections_resolved": Text("Resolve objections: answer each open one and set {column} "
                                "to Yes",
                                "반론 해결: 남은 고객 반론에 답하고 반론 기록의 {column}{을를} "
                                "예로 바꾸세요"),
    "deal_amount": Text("Confirm the amount: fill in {column}",
                        "금액 확정: {column}{을를} 입력하세요"),
    "lost_reason": Text("Record why it was lost: fill in {column} (price, timing, competitor…)",
                        "실주 사유 기록: {column}{을를} 입력하세요(가격, 시기, 경쟁사 등)"),
    "resume_on": Text("On hold: fill in {column} with the date to call back",
                      "보류 처리: 다시 연락할 날짜로 {column}{을를} 입력하세요"),
    "from_won": Text("An upsell belongs to a customer: run salesxl customers to link it, or "
                     "fill in {column}",
                     "업셀은 기존 고객의 거래입니다: salesxl customers로 고객과 연결하거나 "
                     "{column}{을를} 입력하세요"),
}

# (table, column key) that {column} names for each gate, in the order salesxl checks them:
# the first missing one goes into the text. For the BANT gates, any one column of a criterion
# meets it (budget_amount or budget_confirmed); name the first.
NEXT_STEP_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "bant_qualified": (("leads", "budget_amount"), ("leads", "budget_confirmed"),
                       ("leads", "is_decision_maker"), ("leads", "decision_maker"),
                       ("leads", "need_level"), ("leads", "need"), ("leads", "decision_date")),
    "need_and_decision_maker": (("leads", "need"), ("leads", "need_level"),
                                ("leads", "decision_maker"), ("leads", "is_decision_maker")),
    "demo_logged": (("activities", "type"),),
    "objections_resolved": (("objections", "resolved"),),
    "deal_amount": (("leads", "deal_amount"),),
    "lost_reason": (("leads", "lost_reason"),),
    "resume_on": (("leads", "resume_on"),),
    "from_won": (("leads", "customer_id"),),
}

# The "시작하기" / "Start here" sheet: five things a rep does, in order, then where the
# buttons and commands are (START_HERE[-1]).
START_HERE: tuple[Text, ...] = (
    Text("Add a lead: one row on the Leads sheet with the company, contact, phone or e-mail, "
         "source, tier and created date.",
         "리드 추가: 리드 시트에 한 줄을 추가하고 고객사명, 고객 담당자, 연락처, 유입 경로, "
         "고객 등급, 등록일을 채웁니다."),
    Text("Validate (BANT): enter what you learned about budget, authority, need and timing, "
         "then click Validate leads. The BANT status and the next step are filled in.",
         "리드 검증(BANT): 예산·결정권·니즈·시기에 대해 확인한 내용을 입력하고 [리드 검증] "
         "버튼을 누릅니다. BANT 검증 상태와 다음 액션이 채워집니다."),
    Text("Schedule follow-ups: click Schedule follow-ups for each lead's next contact date "
         "by tier, and call the overdue ones first.",
         "후속 연락 일정: [후속 조치 일정 계산] 버튼을 눌러 고객 등급별 다음 후속 연락일을 "
         "확인하고, 기한 초과 건부터 연락합니다."),
    Text("Move the stage: when a lead's next step is done, select its row and click Advance "
         "selected leads. If something is missing, you are told what to fill in.",
         "단계 이동: 다음 액션을 마친 리드의 행을 선택하고 [선택한 리드 다음 단계로] 버튼을 "
         "누릅니다. 부족한 내용이 있으면 무엇을 채워야 하는지 알려 줍니다."),
    Text("Log activities and objections: calls, visits and demos in Activities; the "
         "customer's objections and your answers in Objections, with the lead ID.",
         "활동·반론 기록: 통화, 방문, 데모는 활동 내역에, 고객 반론과 답변은 반론 기록에 "
         "리드 번호와 함께 남깁니다."),
    Text("The buttons are on the salesxl sheet of the macro workbook (SalesTeam-en.xlsm); "
         "without it, run salesxl validate, salesxl followups and salesxl advance in a "
         "terminal. What to ask at each stage and how to answer objections: the Playbook "
         "sheet.",
         "버튼은 매크로 통합문서(SalesTeam-ko.xlsm)의 salesxl 시트에 있습니다. 버튼이 없으면 "
         "명령 프롬프트에서 salesxl validate, salesxl followups, salesxl advance를 "
         "실행합니다. 단계별 질문과 반론 대응은 플레이북 시트를 보세요."),
)
