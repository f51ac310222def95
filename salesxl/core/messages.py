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

from dataclasses import dataclass, field
from typing import Any

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
    "is not a tier of the Config ({words})": "설정 시트에 없는 고객 등급입니다 ({words})",
    "is not in the list ({words}); kept as typed":
        "목록에 없는 값입니다 ({words}); 입력한 그대로 둡니다",
    "is not a phone number (write it as text, e.g. 010-1234-5678)":
        "전화번호가 아닙니다 (010-1234-5678처럼 텍스트로 쓰세요)",
}


def tr(msgid: str, lang: str, /, **params: Any) -> str:
    """The message `msgid` in `lang` ("ko" or "en"), its placeholders filled.

    An id without a Korean text falls back to English (the catalogue test keeps that from
    happening for ids in the code).
    """
    template = KO.get(msgid, msgid) if lang == "ko" else msgid
    return template.format(**params) if params else template


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
        return tr(self.msgid, lang, **self.params)

    def __str__(self) -> str:
        return self.text("en")
