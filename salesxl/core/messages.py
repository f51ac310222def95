"""Every message salesxl shows a user, in Korean and English, in one catalogue.

The English text is the message's id (gettext's convention): code raises and prints English
templates with ``{placeholders}``, and `tr` gives the message in the workbook's language.
A test (tests/test_messages.py) finds every message id used in the code (`tr(...)`,
`ParseError(...)`, `Msg(...)`) and checks the catalogue has its Korean text.

Example:
    >>> tr("is not an amount (write a number such as 5000000, ₩5,000,000, 500만원 or 1.2억)", "ko")
    '금액이 아닙니다 (5000000, ₩5,000,000, 500만원, 1.2억처럼 쓰세요)'
    >>> tr("{n} lead(s) moved", "en", n=3)
    '3 lead(s) moved'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from salesxl.core.playbook_v2.next_steps import PARTICLES, josa

KO: dict[str, str] = {
    # --- reading cells (salesxl.core.parse, salesxl.core.values) --------------------------
    "is not an amount (write a number such as 5000000, ₩5,000,000, 500만원 or 1.2억)":
        "금액이 아닙니다 (5000000, ₩5,000,000, 500만원, 1.2억처럼 쓰세요)",
    "is not a date (write 2026-03-05, 2026.03.05 or 2026년 3월 5일)":
        "날짜가 아닙니다 (2026-03-05, 2026.03.05 또는 2026년 3월 5일처럼 쓰세요)",
    "is not yes/no (write Y or N, 예 or 아니오, O or X)":
        "예/아니오가 아닙니다 (예 또는 아니오, Y 또는 N, O 또는 X로 쓰세요)",
    "is not a number (write 1234.5 or 1,234.5)":
        "숫자가 아닙니다 (1234.5 또는 1,234.5처럼 쓰세요)",
    "is not a percentage (write 25%, 25 or 0.25)":
        "비율이 아닙니다 (25%, 25 또는 0.25처럼 쓰세요)",
    "names two currencies ({a} and {b})": "통화가 두 가지입니다 ({a}, {b})",
    "is not a real date (there is no year {year})": "실제 날짜가 아닙니다 ({year}년은 없습니다)",
    "is not a real date (there is no month {month})": "실제 날짜가 아닙니다 ({month}월은 없습니다)",
    "is not a real date ({year}-{month:02d} has no day {day})":
        "실제 날짜가 아닙니다 ({year}년 {month}월에는 {day}일이 없습니다)",
    "is ambiguous: it could be {a} or {b} (set the date order: YMD, DMY or MDY)":
        "날짜가 모호합니다: {a}일 수도, {b}일 수도 있습니다 (날짜 순서를 지정하세요: YMD, DMY, MDY)",
    "is not a time (with AM/PM the hour runs from 1 to 12)":
        "시각이 아닙니다 (오전/오후를 쓰면 시는 1부터 12까지입니다)",
    "is not a time (write 14:30 or 오후 2시 30분)": "시각이 아닙니다 (14:30 또는 오후 2시 30분처럼 쓰세요)",
    "is missing the year (write 2026년 3월 5일 or 2026-03-05)":
        "연도가 없습니다 (2026년 3월 5일 또는 2026-03-05처럼 쓰세요)",
    "is missing the year (write 2026-03-05 or 2026년 3월 5일)":
        "연도가 없습니다 (2026-03-05 또는 2026년 3월 5일처럼 쓰세요)",
    "is not a date (Excel date numbers run from 1 = 1900-01-01 to 2958465 = 9999-12-31)":
        "날짜가 아닙니다 (엑셀 날짜 일련번호는 1 = 1900-01-01부터 2958465 = 9999-12-31까지입니다)",
    "is Excel's 1900-02-29, a day that does not exist":
        "엑셀의 1900-02-29로, 실제로 없는 날짜입니다",
    "is not a date (it is after 9999-12-31)": "날짜가 아닙니다 (9999-12-31 이후입니다)",
    "is a time of day, not a date (write 2026-03-05)":
        "날짜가 아니라 시각입니다 (2026-03-05처럼 쓰세요)",
    "is not a whole number (write 12, not 12.5)": "정수가 아닙니다 (12.5가 아니라 12처럼 쓰세요)",
    "is not between 0% and 100%": "0%와 100% 사이가 아닙니다",
    "is not one of the allowed values ({words})": "허용된 값이 아닙니다 ({words} 중에서 고르세요)",
    "is ambiguous: year, month and day could be in any order (set --date-order YMD, DMY or MDY)":
        "날짜가 모호합니다: 연·월·일 순서를 알 수 없습니다 (--date-order YMD, DMY, MDY 중 하나를 지정하세요)",
    # --- stage moves and gates (salesxl.core.rules.stages, salesxl.core.gates, advance) ---
    "{lead} cannot move from {frm} to {to}": "{lead}: {frm}에서 {to}{으로로} 옮길 수 없습니다",
    "{lead} ({frm}) cannot move": "{lead} ({frm}): 옮길 수 없습니다",
    "(no stage)": "(단계 없음)",
    " (the next stage is {stage})": " (다음 단계는 {stage}입니다)",
    "gate '{gate}' failed: {reason}": "진입 조건 '{gate}' 미충족: {reason}",
    "To move it anyway, pass --force --reason TEXT.":
        "그래도 옮기려면 --force --reason \"사유\"를 붙이세요.",
    "Nothing was changed.": "아무것도 바꾸지 않았습니다.",
    "fill in {cells}": "{cells}에 값을 입력하세요",
    " or ": " 또는 ",
    "{cell} ({column}: {values})": "{cell} ({column}: {values})",
    "{cell} ({column})": "{cell} ({column})",
    "{cell} ({column}: {note})": "{cell} ({column}: {note})",
    "correct {cell} ({column}): {value} {problem}": "{cell} ({column}) 수정: {value} {problem}",
    "log an activity of type {type} for {lead} on the {sheet} sheet":
        "{sheet} 시트에 {lead}의 활동을 유형 '{type}'(으)로 기록하세요",
    "add a row for {lead} to {sheet}": "{sheet}에 {lead} 행을 추가하세요",
    "add a {column} column to {sheet} and fill it in for {lead}":
        "{sheet} 시트에 '{column}' 열을 추가하고 {lead}의 값을 입력하세요",
    "{cell}: stage {value} {problem}; fix the cell, then run again. Nothing was changed.":
        "{cell}: 영업 단계 {value} {problem}. 셀을 고친 뒤 다시 실행하세요. 아무것도 바꾸지 않았습니다.",
    "the deal is lost; reopen it with --to STAGE --force --reason TEXT":
        "실주된 건입니다. 다시 열려면 --to 단계 --force --reason \"사유\"를 붙이세요",
    "the lead is on hold and History does not say where it was; give the stage it resumes at "
    "with --to STAGE":
        "보류 중인 리드인데 단계 변경 이력에 이전 단계가 없습니다. 재개할 단계를 --to 단계로 지정하세요",
    "an upsell is the last stage; give --to STAGE to move it":
        "업셀은 마지막 단계입니다. 옮기려면 --to 단계를 지정하세요",
    "there is no next stage": "다음 단계가 없습니다",
    "the lead is already in that stage": "이미 그 단계에 있습니다",
    "moving backwards needs --force and --reason":
        "이전 단계로 되돌리려면 --force와 --reason이 필요합니다",
    "skipping a stage needs --force and --reason":
        "단계를 건너뛰려면 --force와 --reason이 필요합니다",
    "a value salesxl can read": "salesxl이 읽을 수 있는 값",
    "a date from {first} to {last}": "{first}부터 {last} 사이의 날짜",
    "an amount above the minimum budget": "최소 예산 이상의 금액",
    "BANT is {status} (not met: {missing})": "BANT {status} (미충족: {missing})",
    "no need recorded": "니즈가 기록되지 않았습니다",
    "no decision maker identified": "결정권자가 확인되지 않았습니다",
    "no need recorded and no decision maker identified":
        "니즈가 기록되지 않았고 결정권자도 확인되지 않았습니다",
    "no demo or presentation activity is logged for the lead":
        "이 리드의 데모(시연) 활동 기록이 없습니다",
    "{n} objection(s) logged for the lead are not resolved":
        "이 리드의 고객 반론 {n}건이 해결되지 않았습니다",
    "the deal amount is empty": "예상 금액이 비어 있습니다",
    "the lost reason is empty": "실주 사유가 비어 있습니다",
    "the resume-on date is empty": "재개 예정일이 비어 있습니다",
    "only a won deal can be upsold": "수주한 건만 업셀로 옮길 수 있습니다",
    "BANT status is qualified (all of budget, authority, need, timing met)":
        "BANT 검증 상태가 적격 (예산·결정권·니즈·시기 모두 충족)",
    "a need is recorded and a decision maker is identified": "니즈가 기록되고 결정권자가 확인됨",
    "at least one demo or presentation activity is logged for the lead":
        "이 리드의 데모(시연) 활동이 하나 이상 기록됨",
    "every objection logged for the lead is resolved": "이 리드의 고객 반론이 모두 해결됨",
    "the deal amount is filled in": "예상 금액이 입력됨",
    "the lost reason is filled in": "실주 사유가 입력됨",
    "the resume-on date is filled in": "재개 예정일이 입력됨",
    "the lead is won (an upsell follows a won deal)": "수주한 건 (업셀은 수주 후에만)",
    "is not a tier of the Config ({words})": "설정 시트에 없는 고객 등급입니다 ({words})",
    "is not in the list ({words}); kept as typed":
        "목록에 없는 값입니다 ({words}); 입력한 그대로 둡니다",
    "is not a phone number (write it as text, e.g. 010-1234-5678)":
        "전화번호가 아닙니다 (010-1234-5678처럼 텍스트로 쓰세요)",
}


_FIELD = re.compile(r"\{([^{}]*)\}")


def tr(msgid: str, lang: str, /, **params: Any) -> str:
    """The message `msgid` in `lang` ("ko" or "en"), its placeholders filled.

    Korean templates may hold particle marks (``{을를}``, ``{이가}``, ``{으로로}``...) that take
    the form fitting the word before them (`salesxl.core.playbook_v2.josa`). An id without a
    Korean text falls back to English (the catalogue test keeps that from happening).

    Example:
        >>> tr("{lead} cannot move from {frm} to {to}", "ko", lead="L-1", frm="제안", to="클로징")
        'L-1: 제안에서 클로징으로 옮길 수 없습니다'
    """
    template = KO.get(msgid, msgid) if lang == "ko" else msgid
    if "{" not in template:
        return template
    out: list[str] = []
    pos = 0
    for m in _FIELD.finditer(template):
        out.append(template[pos:m.start()])
        name = m.group(1)
        if name in PARTICLES:
            out.append(josa("".join(out), name))
        else:
            out.append(("{" + name + "}").format(**params))
        pos = m.end()
    out.append(template[pos:])
    return "".join(out)


@dataclass(frozen=True)
class Msg:
    """A message to show later, once the reader's language is known.

    Example:
        >>> m = Msg("is not between 0% and 100%")
        >>> m.text("en"), m.text("ko")
        ('is not between 0% and 100%', '0%와 100% 사이가 아닙니다')
    """

    msgid: str
    params: dict[str, Any] = field(default_factory=dict)

    def text(self, lang: str) -> str:
        params = {k: v.text(lang) if isinstance(v, Msg | Pair) else v
                  for k, v in self.params.items()}
        return tr(self.msgid, lang, **params)

    def __str__(self) -> str:
        return self.text("en")


@dataclass(frozen=True)
class Pair:
    """A word known in both languages (a label), as a message parameter.

    Example:
        >>> Msg("BANT is {status} (not met: {missing})",
        ...     {"status": Pair("Partial", "부분 적격"), "missing": "A"}).text("ko")
        'BANT 부분 적격 (미충족: A)'
    """

    en: str
    ko: str

    def text(self, lang: str) -> str:
        return self.ko if lang == "ko" else self.en

    def __str__(self) -> str:
        return self.en
