"""A team whose customers, repurchases, upsells and referral chains are known by construction.

Today is Friday 2026-11-27. Every expected value in the tests that use these rows is worked
out by hand from the comments below, never from salesxl's output.

Customers (numbered in order of first purchase):

- **C-0001 Hanbit / 한빛**, tier B, rep Kim: L-01 won 2026-03-02 (10,000,000), L-02 the same
  person written differently (company + contact), upgraded 2026-06-01 (4,000,000): a repeat
  customer, 91 days between purchases, one upsell. L-03 shares L-01's phone (another spelling):
  an open repurchase, linked; its last contact 2026-11-20 is the customer's latest contact,
  so the next touch is 2026-11-20 + 14 = Fri 2026-12-04 (call), scheduled.
- **C-0002 Apex**, tier A, rep Lee: L-04 won 2026-05-04 (5,000,000), referred by Hanbit's
  contact by name (with a title: "부장님" in Korean). Its customer file (birthday 12-03,
  anniversary 12-20) was on the Customers sheet before the sale, without an ID: that row
  gets C-0002. Last contact 2026-11-16 + 7 = Mon 2026-11-23 (visit): overdue, 4 days late.
- **C-0003 Blue Ocean / 블루오션**, tier C, rep Lee: L-05 won Wed 2026-11-25 (3,000,000),
  referred by lead ID L-04. 2026-11-25 + 30 = Fri 12-25 (Christmas) -> Sat, Sun -> Mon
  2026-12-28 (e-mail), scheduled. L-12 (same e-mail) and L-13 (same phone) are open deals of
  the same customer, in closing.

Referrals (referred_by -> how): L-04 name -> C-0001; L-05 "L-04" -> lead L-04; L-06 a name
nobody has -> unresolved; L-07 the company name alone -> C-0001 (three leads, one customer);
L-09 "Jamie Lee" / "이지은" -> ambiguous (C-0002 and lead L-08, another person of that name);
L-10 "l-05" -> lead L-05; L-11 "c-0001" -> C-0001. Chains: L-10 -> L-05 -> L-04 -> C-0001.

Thank the referrer: L-05 was won on 11-25, so its referrer L-04 is thanked on the next business
day, Thu 11-26: overdue today (L-04 was last contacted 11-16). L-04 was won on 05-04; its
referrer C-0001 was contacted after that (L-03 on 11-20): done, not listed.

Closed deals: won L-01, L-02, L-04, L-05 (22,000,000); lost L-06, L-07. Referred leads (7):
L-04, L-05, L-06, L-07, L-09, L-10, L-11 -> closed 4, won 2 (8,000,000), win rate 50 %.
Other leads (7): L-01, L-02, L-03, L-08, L-12, L-13, L-14 -> closed 2, won 2 (14,000,000).
L-14 (Nova) matches no customer: it cannot close as an upsell.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

D = dt.date
TODAY = D(2026, 11, 27)

NAMES = {
    "en": {"hanbit": "Hanbit", "hanbit2": "Hanbit Co., Ltd.", "kim": "Chulsoo Kim",
           "kim2": "chulsoo KIM", "park": "Minji Park", "apex": "Apex", "jamie": "Jamie Lee",
           "blue": "Blue Ocean", "sam": "Sam Park", "red": "Red Rock", "ana": "Ana Cho",
           "green": "Green Farm", "bo": "Bo Han", "zeta": "Zeta", "omega": "Omega",
           "yuna": "Yuna Seo", "delta": "Delta", "min": "Min Ko", "sigma": "Sigma",
           "joy": "Joy Lim", "nova": "Nova", "eve": "Eve Jung",
           "ref_kim": "Hanbit Chulsoo Kim", "ref_none": "Somebody Else",
           "ref_company": "Hanbit", "ref_jamie": "Jamie Lee", "rep_kim": "Kim",
           "rep_lee": "Lee"},
    "ko": {"hanbit": "(주)한빛", "hanbit2": "한빛 주식회사", "kim": "김철수", "kim2": "김 철수",
           "park": "박민지", "apex": "에이펙스", "jamie": "이지은", "blue": "블루오션",
           "sam": "박상민", "red": "레드락", "ana": "조아나", "green": "그린팜", "bo": "한보라",
           "zeta": "제타", "omega": "오메가", "yuna": "서유나", "delta": "델타", "min": "고민수",
           "sigma": "시그마", "joy": "임기쁨", "nova": "노바", "eve": "정이브",
           "ref_kim": "한빛 김철수 부장님", "ref_none": "홍길동", "ref_company": "한빛",
           "ref_jamie": "이지은", "rep_kim": "김영업", "rep_lee": "이영업"},
}


def lead_rows(lang: str = "en") -> list[dict[str, Any]]:
    """The Leads rows (canonical values) in the language's names."""
    n = NAMES[lang]
    kim, lee = n["rep_kim"], n["rep_lee"]
    return [
        {"lead_id": "L-01", "rep": kim, "company": n["hanbit"], "contact_name": n["kim"],
         "email": "kim@hanbit.kr", "phone": "010-1234-5678", "tier": "B", "source": "trade_show",
         "stage": "won", "outcome": "won", "stage_updated_on": D(2026, 3, 2),
         "deal_amount": 10_000_000.0, "created_on": D(2026, 1, 5)},
        {"lead_id": "L-02", "rep": kim, "company": n["hanbit2"], "contact_name": n["kim2"],
         "tier": "B", "source": "existing_customer", "stage": "upgraded", "outcome": "upgraded",
         "stage_updated_on": D(2026, 6, 1), "deal_amount": 4_000_000.0,
         "created_on": D(2026, 4, 1)},
        {"lead_id": "L-03", "rep": kim, "company": n["hanbit"], "contact_name": n["park"],
         "phone": "+82 10 1234 5678", "tier": "B", "stage": "proposal",
         "last_contact_on": D(2026, 11, 20), "deal_amount": 2_000_000.0,
         "created_on": D(2026, 10, 1)},
        {"lead_id": "L-04", "rep": lee, "company": n["apex"], "contact_name": n["jamie"],
         "email": "jamie@apex.io", "tier": "A", "referred_by": n["ref_kim"], "stage": "won",
         "outcome": "won", "stage_updated_on": D(2026, 5, 4), "deal_amount": 5_000_000.0,
         "last_contact_on": D(2026, 11, 16), "created_on": D(2026, 2, 1)},
        {"lead_id": "L-05", "rep": lee, "company": n["blue"], "contact_name": n["sam"],
         "email": "sam@blueocean.kr", "phone": "010-5555-0001", "tier": "C",
         "referred_by": "L-04", "stage": "won", "outcome": "won",
         "stage_updated_on": D(2026, 11, 25), "deal_amount": 3_000_000.0,
         "created_on": D(2026, 8, 1)},
        {"lead_id": "L-06", "rep": lee, "company": n["red"], "contact_name": n["ana"],
         "tier": "C", "referred_by": n["ref_none"], "stage": "lost", "outcome": "lost",
         "lost_reason": "price", "stage_updated_on": D(2026, 9, 1), "created_on": D(2026, 7, 1)},
        {"lead_id": "L-07", "rep": kim, "company": n["green"], "contact_name": n["bo"],
         "tier": "D", "referred_by": n["ref_company"], "stage": "lost", "outcome": "lost",
         "lost_reason": "timing", "stage_updated_on": D(2026, 10, 1),
         "created_on": D(2026, 7, 1)},
        {"lead_id": "L-08", "rep": lee, "company": n["zeta"], "contact_name": n["jamie"],
         "email": "jl@zeta.kr", "tier": "C", "stage": "prospecting",
         "created_on": D(2026, 11, 2)},
        {"lead_id": "L-09", "rep": lee, "company": n["omega"], "contact_name": n["yuna"],
         "tier": "C", "referred_by": n["ref_jamie"], "stage": "prospecting",
         "created_on": D(2026, 11, 3)},
        {"lead_id": "L-10", "rep": lee, "company": n["delta"], "contact_name": n["min"],
         "tier": "B", "referred_by": "l-05", "stage": "qualification",
         "created_on": D(2026, 11, 26)},
        {"lead_id": "L-11", "rep": kim, "company": n["sigma"], "contact_name": n["joy"],
         "tier": "B", "referred_by": "c-0001", "stage": "qualification",
         "created_on": D(2026, 11, 26)},
        {"lead_id": "L-12", "rep": lee, "company": n["blue"], "contact_name": n["sam"],
         "email": "SAM@blueocean.kr", "tier": "C", "stage": "closing",
         "deal_amount": 6_000_000.0, "created_on": D(2026, 11, 26)},
        {"lead_id": "L-13", "rep": lee, "company": n["blue"], "contact_name": n["sam"],
         "phone": "01055550001", "tier": "C", "stage": "closing", "deal_amount": 2_500_000.0,
         "created_on": D(2026, 11, 26)},
        {"lead_id": "L-14", "rep": lee, "company": n["nova"], "contact_name": n["eve"],
         "tier": "B", "stage": "closing", "deal_amount": 1_000_000.0,
         "created_on": D(2026, 11, 26)},
    ]


def customer_rows(lang: str = "en") -> list[dict[str, Any]]:
    """The Customers sheet before the first sync: Apex's customer file, without an ID."""
    n = NAMES[lang]
    return [{"lead_id": "L-04", "contact_name": n["jamie"], "position": "CTO",
             "birthday": D(1985, 12, 3), "anniversary": D(2015, 12, 20),
             "hobbies": "골프" if lang == "ko" else "golf",
             "family": "자녀 2명" if lang == "ko" else "two children"}]


def frame(rows: list[dict[str, Any]], first_row: int = 1) -> pd.DataFrame:
    """Rows as a frame of canonical values indexed like worksheet rows (header on row 0)."""
    keys = list(dict.fromkeys(k for r in rows for k in r))
    return pd.DataFrame([{k: r.get(k) for k in keys} for r in rows], dtype=object,
                        index=range(first_row, first_row + len(rows)))
