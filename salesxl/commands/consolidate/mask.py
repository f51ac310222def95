"""``--mask-personal``: what of the reps' personal data stays out of the team workbook.

Duplicates are found on the real values first (masking happens after the merge). Then:

- **Customers** (the rep's personal customer file): every column the schema marks personal
  (birthday, age, family, education, hobbies, achievements, places, travel, cultural
  background, notes) is left empty, and the rep's own columns on that sheet are left out;
  the lead ID, contact name and position stay so the team knows a file exists.
- **Leads**: e-mail and phone are masked, keeping enough to recognise a contact:
  ``kim.ms@example.com`` -> ``k***@example.com``, ``010-1234-5678`` -> ``010-****-5678``.
- The same masks apply to the values listed on the Duplicates and Conflicts sheets.
- The reps' own columns on the Leads sheet are kept as they are: salesxl cannot know what
  they hold (a rep who keeps personal data there should move it to the Customers sheet).

Example:
    >>> mask_email(" Kim.MS@Example.com"), mask_phone("+82 10-1234-5678")
    ('k***@example.com', '010-****-5678')
"""

from __future__ import annotations

import re
from typing import Any

import phonenumbers

from salesxl.commands.consolidate.merge import Merged
from salesxl.core.parse import normalize_email, parse_text
from salesxl.core.schema import TABLES

_DIGITS = re.compile(r"\d+")
MASKED = {"email", "phone"}
"""Leads columns masked (the schema's personal columns of the Leads table)."""


def personal_columns(table: str) -> list[str]:
    """The columns of `table` the schema marks personal."""
    return [c.key for c in TABLES[table].columns if c.personal]


def mask_email(value: Any) -> str | None:
    """First letter of the mailbox, ``***``, and the domain; ``***`` for a non-address."""
    email = normalize_email(value)
    if email is None:
        return None
    local, at, domain = email.partition("@")
    return f"{local[:1]}***@{domain}" if at else "***"


def mask_phone(value: Any, region: str = "KR") -> str | None:
    """The number in national format, every digit group but the first and last hidden.

    A number written without groups keeps its first 3 and last 4 digits.

    Example:
        >>> mask_phone("01012345678"), mask_phone("02-123-4567"), mask_phone("12")
        ('010-****-5678', '02-***-4567', '**')
    """
    text = parse_text(value)
    if text is None:
        return None
    try:
        number = phonenumbers.parse(text, region)
        if phonenumbers.is_valid_number(number):
            text = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    except phonenumbers.NumberParseException:
        pass
    runs = list(_DIGITS.finditer(text))
    if len(runs) >= 3:  # 010-1234-5678, (02) 123-4567: hide every group but the first and last
        out, end = [], 0
        for i, m in enumerate(runs):
            keep = i in (0, len(runs) - 1)
            out += [text[end:m.start()], m.group() if keep else "*" * len(m.group())]
            end = m.end()
        return "".join([*out, text[end:]])
    digits = sum(len(r.group()) for r in runs)
    keep_head = 3 if digits > 7 else 0
    keep_tail = min(4, max(digits - 4, 0))
    out, seen = [], 0
    for ch in text:
        if ch.isdigit():
            seen += 1
            out.append("*" if keep_head < seen <= digits - keep_tail else ch)
        else:
            out.append(ch)
    return "".join(out)


def mask_value(table: str, column: str, value: Any) -> Any:
    """The value as the team workbook shows it when personal data is masked."""
    if table == "leads" and column in MASKED:
        return mask_email(value) if column == "email" else mask_phone(value)
    if TABLES[table].has(column) and TABLES[table].column(column).personal:
        return None
    return value


def mask_merged(merged: Merged) -> None:
    """Mask personal data in the team tables and the merge notes, in place."""
    leads = merged.tables["leads"].data
    for col in MASKED:
        leads[col] = [mask_value("leads", col, v) for v in leads[col]]
    customers = merged.tables["customers"]
    for col in personal_columns("customers"):
        customers.data[col] = [None] * len(customers)
    for col in customers.extras:
        del customers.data[col]
    customers.extras = []
    for note in merged.notes:
        if note.column in MASKED:
            note.team_value = mask_value("leads", note.column, note.team_value)
            note.other_value = mask_value("leads", note.column, note.other_value)
