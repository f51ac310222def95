"""After the sale, pure: customers from won leads, repurchase links, referrals and their chain,
touches, thank-yous and the customer file's occasions (salesxl.core.rules.customers and
.referrals).

The fixture's customers, links and chains are known by construction (tests/aftersale_fixture.py
says how each expected value follows); nothing here is copied from salesxl's output.
"""

from __future__ import annotations

import datetime as dt
import doctest
from typing import Any

import pandas as pd
import pytest
from aftersale_fixture import TODAY, customer_rows, frame, lead_rows
from hypothesis import given, settings
from hypothesis import strategies as st

import salesxl.core.rules.customers as customers_mod
import salesxl.core.rules.referrals as referrals_mod
from salesxl.core.config import Config
from salesxl.core.rules.customers import (
    after_sale,
    next_customer_number,
    next_occurrence,
    occasions,
)
from salesxl.core.rules.referrals import ReferralGraph, resolve_referrals, thank_yous

D = dt.date
CFG = Config.default()


def run(lang: str = "en", leads: list[dict[str, Any]] | None = None,
        cust: list[dict[str, Any]] | None = None) -> customers_mod.AfterSale:
    leads_f = frame(leads if leads is not None else lead_rows(lang))
    cust_f = frame(cust if cust is not None else customer_rows(lang))
    return after_sale(leads_f, cust_f, None, CFG, TODAY, first_new_row=2)


def by_id(result: customers_mod.AfterSale) -> dict[str, dict[str, Any]]:
    c = result.customers
    return {str(c.at[r, "customer_id"]): c.loc[r].to_dict() for r in c.index
            if c.at[r, "customer_id"]}


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_lead_is_linked_to_its_customer(lang: str) -> None:
    out = run(lang)
    assert out.lead_customer.tolist() == [
        "C-0001", "C-0001", "C-0001",  # L-01; L-02 by company + contact; L-03 by phone
        "C-0002", "C-0003",            # L-04 (its file row gets the ID), L-05
        None, None, None, None, None, None,  # L-06..L-11: nobody's customer
        "C-0003", "C-0003", None,      # L-12 same e-mail, L-13 same phone as L-05; L-14
    ]
    assert out.filled.tolist() == [True] * 5 + [False] * 6 + [True, True, False]
    assert out.purchase.tolist() == [True, True, False, True, True] + [False] * 9
    assert out.issues == []


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_customer_rows_hold_the_purchases(lang: str) -> None:
    out = run(lang)
    c = by_id(out)
    assert list(c) == ["C-0002", "C-0001", "C-0003"]  # the file row (row 1) first, then new
    assert out.assigned_rows == [1] and out.new_rows == [2, 3]
    hanbit, apex, blue = c["C-0001"], c["C-0002"], c["C-0003"]
    assert (hanbit["customer_since"], hanbit["last_purchase_on"], hanbit["deal_count"],
            hanbit["total_won"]) == (D(2026, 3, 2), D(2026, 6, 1), 2, 14_000_000.0)
    assert (apex["customer_since"], apex["deal_count"], apex["total_won"]) == (
        D(2026, 5, 4), 1, 5_000_000.0)
    assert (blue["customer_since"], blue["deal_count"], blue["total_won"]) == (
        D(2026, 11, 25), 1, 3_000_000.0)
    names = {"en": ("Hanbit Co., Ltd.", "chulsoo KIM", "Kim"),
             "ko": ("한빛 주식회사", "김 철수", "김영업")}[lang]
    # blanks are filled from the latest purchase (L-02); the lead ID is the first purchase
    assert (hanbit["company"], hanbit["contact_name"], hanbit["rep"], hanbit["tier"],
            hanbit["lead_id"]) == (*names, "B", "L-01")
    # the file row keeps what the rep wrote, and gets what was blank
    assert (apex["position"], apex["lead_id"], apex["tier"]) == ("CTO", "L-04", "A")


def test_touches_follow_the_tier_cadence_on_business_days() -> None:
    c = by_id(run())
    got = {k: (v["next_touch_on"], v["touch_channel"], v["touch_status"]) for k, v in c.items()}
    assert got == {
        "C-0001": (D(2026, 12, 4), "call", "scheduled"),   # L-03's contact 11-20 + 14
        "C-0002": (D(2026, 11, 23), "visit", "overdue"),   # L-04's contact 11-16 + 7
        "C-0003": (D(2026, 12, 28), "email", "scheduled"),  # 11-25 + 30 = Christmas -> Mon
    }


def test_a_channel_the_rep_chose_and_a_later_touch_are_kept() -> None:
    cust = [{**customer_rows()[0], "touch_channel": "reward",
             "last_touch_on": D(2026, 11, 24)}]
    c = by_id(run(cust=cust))["C-0002"]
    assert (c["next_touch_on"], c["touch_channel"], c["touch_status"]) == (
        D(2026, 12, 1), "reward", "scheduled")  # 11-24 + 7


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_referrals_are_resolved_by_id_or_name_never_guessed(lang: str) -> None:
    ref = run(lang).referrals
    got = dict(zip([r["lead_id"] for r in lead_rows(lang)],
                   zip(ref["referred_by_id"], ref["kind"], ref["how"], strict=True),
                   strict=True))
    assert {k: v for k, v in got.items() if v[2] != "none"} == {
        "L-04": ("C-0001", "customer", "name"),  # the contact with company (and title)
        "L-05": ("L-04", "lead", "id"),
        "L-06": (None, None, "unresolved"),
        "L-07": ("C-0001", "customer", "name"),  # the company: three leads, one customer
        "L-09": (None, None, "ambiguous"),       # Apex's contact or Zeta's, same name
        "L-10": ("L-05", "lead", "id"),
        "L-11": ("C-0001", "customer", "id"),
    }
    assert ref.at[9, "candidates"] == ("C-0002", "L-08")


def test_the_referral_chain_is_kept() -> None:
    out = run()
    chain = [i for _, i in out.graph.chain(("lead", "L-10"))]
    assert chain == ["L-10", "L-05", "L-04", "C-0001"]
    c = by_id(out)
    assert [(k, v["referred_by_id"], v["referrals"], v["referred_ids"])
            for k, v in sorted(c.items())] == [
        ("C-0001", None, 3, "L-04, L-07, L-11"),
        ("C-0002", "C-0001", 1, "L-05"),  # through its lead L-04
        ("C-0003", "L-04", 1, "L-10"),
    ]


def test_the_referrer_of_a_won_lead_is_thanked_until_contacted() -> None:
    [thanks] = run().thank_yous
    assert (thanks.referrer, thanks.referred, thanks.won_on, thanks.date, thanks.status) == (
        ("lead", "L-04"), "L-05", D(2026, 11, 25), D(2026, 11, 26), "overdue")
    # once L-04 is contacted on or after the win, the thanks are given
    leads = lead_rows()
    leads[3] = {**leads[3], "last_contact_on": D(2026, 11, 25)}
    assert run(leads=leads).thank_yous == []


def test_thank_you_falls_on_the_next_business_day() -> None:
    got = thank_yous([("B", ("lead", "Z"), D(2026, 9, 23)),   # 추석 24-26, Sunday 27
                      ("C", ("customer", "C-0001"), D(2026, 11, 27)),  # Fri -> Mon
                      ("E", ("lead", "A"), D(2026, 11, 20))],
                     {("lead", "A"): [D(2026, 11, 20)]}, CFG, D(2026, 11, 30))
    assert [(t.referred, t.date, t.status) for t in got] == [
        ("B", D(2026, 9, 28), "overdue"), ("C", D(2026, 11, 30), "due")]  # E: contacted


def test_a_second_run_on_its_own_output_changes_nothing() -> None:
    first = run()
    leads = lead_rows()
    for row, cid in zip(leads, first.lead_customer, strict=True):
        row["customer_id"] = cid
    cust = [{k: v for k, v in first.customers.loc[r].to_dict().items() if v is not None}
            for r in first.customers.index]
    second = after_sale(frame(leads), frame(cust), None, CFG, TODAY)
    assert second.new_rows == [] and second.assigned_rows == [] and not second.filled.any()
    assert second.lead_customer.tolist() == first.lead_customer.tolist()
    pd.testing.assert_frame_equal(second.customers.reset_index(drop=True),
                                  first.customers.reset_index(drop=True))


def test_typed_links_are_kept_and_unknown_ones_reported() -> None:
    leads = lead_rows()
    leads[13] = {**leads[13], "customer_id": "C-0003"}  # Nova: a new contact of Blue
    # Ocean, typed by the rep; C-0003 is the customer this very run gives L-05
    leads[5] = {**leads[5], "customer_id": "C-0099"}     # a customer nobody has
    out = run(leads=leads)
    assert out.lead_customer[14] == "C-0003" and out.lead_customer[6] == "C-0099"
    [issue] = out.issues
    assert (issue.kind, issue.lead_rows, issue.customer_ids) == ("unknown_customer", (6,),
                                                                 ("C-0099",))


def test_customer_ids_continue_after_the_highest_number() -> None:
    cust = [*customer_rows(), {"customer_id": "C-0041", "company": "Old", "contact_name": "X"},
            {"customer_id": "K-7", "company": "Other", "contact_name": "Y"}]
    out = run(cust=cust)
    assert sorted(v for v in out.lead_customer if v) == [
        *["C-0042"] * 3, "C-0043", *["C-0044"] * 3]  # Hanbit 3 leads, Apex 1, Blue Ocean 3
    assert next_customer_number(["c12", "C-0007", None, "K-99"]) == 13


def test_a_lead_matching_two_customers_is_not_guessed() -> None:
    leads = [{"lead_id": "A", "email": "a@x.kr", "stage": "won", "customer_id": "C-0001"},
             {"lead_id": "B", "phone": "010-1111-2222", "stage": "won", "customer_id": "C-0002"},
             {"lead_id": "C", "email": "a@x.kr", "phone": "010-1111-2222", "stage": "proposal"}]
    cust = [{"customer_id": "C-0001"}, {"customer_id": "C-0002"}, {"customer_id": "c-0002"}]
    out = after_sale(frame(leads), frame(cust), None, CFG, TODAY)
    assert out.lead_customer.tolist() == ["C-0001", "C-0002", None]
    kinds = {i.kind: i for i in out.issues}
    assert kinds["ambiguous"].lead_rows == (3,)
    assert kinds["ambiguous"].customer_ids == ("C-0001", "C-0002")
    assert kinds["duplicate_id"].customer_rows == (2, 3)


def test_occasions_come_back_every_year() -> None:
    got = occasions(frame(customer_rows()), TODAY)
    assert [(o.kind, o.date, o.row) for o in got] == [
        ("birthday", D(2026, 12, 3), 1), ("anniversary", D(2026, 12, 20), 1)]
    assert next_occurrence(D(1980, 2, 29), D(2026, 3, 1)) == D(2027, 2, 28)
    assert next_occurrence(D(1980, 2, 29), D(2027, 3, 1)) == D(2028, 2, 29)
    assert next_occurrence(D(1990, 11, 27), TODAY) == TODAY


@pytest.mark.parametrize(("text", "expected"), [
    ("A-1", ("A-1", "id")), (" a-1 ", ("A-1", "id")),
    ("(주)한빛", ("A-1", "name")), ("한빛 주식회사", ("A-1", "name")),
    ("김 철수", ("A-1", "name")), ("김철수 과장님", ("A-1", "name")),
    ("김철수 (한빛)", ("A-1", "name")), ("Blue", (None, "ambiguous")),
    ("Nobody", (None, "unresolved")), ("B-2", (None, "self")), ("블루 Kim", ("B-3", "name")),
    ("Blue Lee", (None, "self")),  # its own company and contact: the lead itself
])
def test_resolve_one_referral(text: str, expected: tuple[str | None, str]) -> None:
    leads = frame([{"lead_id": "A-1", "company": "(주)한빛", "contact_name": "김철수"},
                   {"lead_id": "B-2", "company": "Blue", "contact_name": "Lee",
                    "referred_by": text},
                   {"lead_id": "B-3", "company": "블루", "contact_name": "Kim"},
                   {"lead_id": "B-4", "company": "Blue", "contact_name": "Park"},
                   {"lead_id": "B-5", "company": "Blue", "contact_name": "Choi"}])
    out = resolve_referrals(leads, pd.Series([None] * 5), pd.DataFrame())
    assert (out.at[2, "referred_by_id"], out.at[2, "how"]) == expected
    if text == "Blue":  # B-2 itself set aside, the two other Blue leads are the candidates
        assert out.at[2, "candidates"] == ("B-4", "B-5")


def test_a_referral_cycle_ends_the_chain() -> None:
    g = ReferralGraph({("lead", "A"): ("lead", "B"), ("lead", "B"): ("lead", "A")}, {})
    assert [i for _, i in g.chain(("lead", "A"))] == ["A", "B"]
    assert g.in_cycle(("lead", "A"))
    assert not ReferralGraph({("lead", "A"): ("lead", "B")}, {}).in_cycle(("lead", "A"))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 4), st.integers(0, 2)), min_size=1, max_size=8))
def test_customers_and_purchases_add_up_by_construction(plan: list[tuple[int, int]]) -> None:
    """Customer k buys `won` times (one contact, written three ways) and has `open` leads."""
    leads: list[dict[str, Any]] = []
    for k, (won, open_) in enumerate(plan):
        for j in range(won + open_):
            spelling = [{"email": f"Buyer{k}@Corp{k}.kr"}, {"phone": f"010-{k:04d}-0000",
                                                            "email": f"buyer{k}@corp{k}.kr"},
                        {"company": f"(주)Corp{k}", "contact_name": f"Buyer {k}",
                         "phone": f"+82 10 {k:04d} 0000"}][j % 3]
            leads.append({"lead_id": f"K{k}-{j}", **spelling, "tier": "C",
                          "stage": "won" if j < won else "proposal", "deal_amount": 1000.0 * (k + 1),
                          "stage_updated_on": D(2026, 1, 1) + dt.timedelta(days=10 * k + j)})
    out = after_sale(frame(leads), pd.DataFrame(), None, CFG, TODAY)
    c = by_id(out)
    assert len(c) == len(plan)
    for k, (won, _) in enumerate(plan):
        mine = {v for r, v in zip(leads, out.lead_customer, strict=True)
                if r["lead_id"].startswith(f"K{k}-")}
        # one customer, numbered in order of first purchase (customer k buys first on day 10k)
        assert mine == {f"C-{k + 1:04d}"}
        row = c[f"C-{k + 1:04d}"]
        assert row["deal_count"] == won and row["total_won"] == 1000.0 * (k + 1) * won
        assert row["customer_since"] == D(2026, 1, 1) + dt.timedelta(days=10 * k)
        assert row["last_purchase_on"] == D(2026, 1, 1) + dt.timedelta(days=10 * k + won - 1)


def test_module_examples() -> None:
    for mod in (customers_mod, referrals_mod):
        assert doctest.testmod(mod).failed == 0


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_chains_follow_the_referrals_by_construction(data: st.DataObject) -> None:
    """Lead i names an earlier lead as its referrer (by ID, or by its unique company name), or
    nobody: its chain is the path to the first referrer, whatever the order of the rows."""
    n = data.draw(st.integers(1, 25))
    parent = [None] + [data.draw(st.one_of(st.none(), st.integers(0, i - 1)))
                       for i in range(1, n)]
    by_name = [data.draw(st.booleans()) for _ in range(n)]
    order = data.draw(st.permutations(range(n)))
    rows = [{"lead_id": f"R-{i}", "company": f"Firm {i}", "contact_name": f"Person {i}",
             "referred_by": None if parent[i] is None else
             (f"Firm {parent[i]}" if by_name[i] else f"r-{parent[i]}")} for i in order]
    out = after_sale(frame(rows), pd.DataFrame(), None, CFG, TODAY)
    for i in range(n):
        expected, j = [f"R-{i}"], parent[i]
        while j is not None:
            expected.append(f"R-{j}")
            j = parent[j]
        assert [x for _, x in out.graph.chain(("lead", f"R-{i}"))] == expected
    got = dict(zip([r["lead_id"] for r in rows], out.referrals["referred_by_id"], strict=True))
    assert got == {f"R-{i}": None if parent[i] is None else f"R-{parent[i]}" for i in range(n)}


def test_a_lead_naming_its_own_customer_names_itself() -> None:
    """L-2 is a lead of customer C-0001 (the same company and contact as L-1, who bought):
    a referral by the company's name points at C-0001, which is L-2's own customer, so for
    L-2 it names itself; for L-3, a stranger, it names the customer."""
    leads = frame([
        {"lead_id": "L-1", "company": "한빛", "contact_name": "김철수", "stage": "won",
         "stage_updated_on": D(2026, 3, 2)},
        {"lead_id": "L-2", "company": "(주)한빛", "contact_name": "김철수", "stage": "proposal",
         "referred_by": "한빛"},
        {"lead_id": "L-3", "company": "Apex", "contact_name": "Lee", "stage": "proposal",
         "referred_by": "한빛"}])
    out = after_sale(leads, pd.DataFrame(), None, Config.default(), TODAY)
    assert out.lead_customer.tolist() == ["C-0001", "C-0001", None]
    ref = out.referrals
    assert (ref.at[2, "how"], ref.at[2, "referred_by_id"]) == ("self", None)
    assert (ref.at[3, "how"], ref.at[3, "kind"], ref.at[3, "referred_by_id"]) == (
        "name", "customer", "C-0001")


@pytest.mark.parametrize(("text", "expected"), [
    ("Apex", ("lead", "A-1")), ("Jamie Lee", ("lead", "B-1")),
    ("Blue Ocean", ("customer", "C-0007")), ("Kim 부장님", ("customer", "C-0007")),
    ("Blue Ocean Kim", ("customer", "C-0007")),
])
def test_names_of_leads_with_half_a_name_and_of_customer_rows(
        text: str, expected: tuple[str, str]) -> None:
    """A lead with only a company or only a contact is found by what it has; a Customers row
    with no lead is found by its company, its contact (a title dropped) or both."""
    leads = frame([{"lead_id": None, "company": "Nameless"},  # no ID: skipped, not the end
                   {"lead_id": "A-1", "company": "Apex"},
                   {"lead_id": "B-1", "contact_name": "Jamie Lee"},
                   {"lead_id": "R-1", "company": "Zeta", "contact_name": "Park",
                    "referred_by": text}])
    customers = pd.DataFrame({"customer_id": ["C-0007"], "company": ["Blue Ocean Co., Ltd."],
                              "contact_name": ["Kim"]}, dtype=object)
    out = resolve_referrals(leads, pd.Series([None] * 4), customers)
    assert (out.at[4, "kind"], out.at[4, "referred_by_id"], out.at[4, "how"]) == (
        *expected, "name")


def test_a_customer_row_without_an_id_and_an_unknown_customer_id_name_no_customer() -> None:
    """A Customers row without a customer ID is no referrer; a lead whose typed customer ID
    no Customers row has is found as the lead it is."""
    leads = frame([{"lead_id": "A-1", "company": "Apex", "contact_name": "Ann"},
                   {"lead_id": "R-1", "company": "Zeta", "referred_by": "Gamma"},
                   {"lead_id": "R-2", "company": "Zeta", "referred_by": "Apex"}])
    customers = pd.DataFrame({"customer_id": [None], "company": ["Gamma"],
                              "contact_name": ["Gus"]}, dtype=object)
    out = resolve_referrals(leads, pd.Series(["C-0099", None, None]), customers)
    assert out["how"].tolist() == ["none", "unresolved", "name"]
    assert (out.at[3, "kind"], out.at[3, "referred_by_id"]) == ("lead", "A-1")


def _referral_leads(a_referred_by: str | None = None) -> pd.DataFrame:
    """A lead without an ID (naming A-1), A-1, B-1 (won, referred by A-1: customer C-0001's
    first purchase), B-2 (the same company and contact: C-0001's too) and D-1, referred by B-2."""
    return frame([
        {"lead_id": None, "company": "Xi", "contact_name": "Xu", "referred_by": "A-1"},
        {"lead_id": "A-1", "company": "Alpha", "contact_name": "Ann",
         "referred_by": a_referred_by},
        {"lead_id": "B-1", "company": "Beta", "contact_name": "Bo", "stage": "won",
         "stage_updated_on": D(2026, 3, 2), "referred_by": "A-1"},
        {"lead_id": "B-2", "company": "Beta", "contact_name": "Bo", "stage": "proposal"},
        {"lead_id": "D-1", "company": "Delta", "contact_name": "Dee", "referred_by": "B-2"}])


def test_a_chain_goes_on_through_the_customer_of_a_referrer() -> None:
    """D-1 was referred by B-2, who named no one; B-2 is a lead of C-0001, whose first
    purchase A-1 referred: D-1's chain is D-1, B-2, A-1. B-2's own chain is B-2 alone (its
    customer's referrer is not its own), C-0001's is C-0001, A-1."""
    out = after_sale(_referral_leads(), pd.DataFrame(), None, CFG, TODAY)
    g = out.graph
    assert out.lead_customer.tolist() == [None, None, "C-0001", "C-0001", None]
    assert [i for _, i in g.chain(("lead", "D-1"))] == ["D-1", "B-2", "A-1"]
    assert [i for _, i in g.chain(("lead", "B-2"))] == ["B-2"]
    assert g.chain(("customer", "C-0001")) == [("customer", "C-0001"), ("lead", "A-1")]
    assert not g.in_cycle(("lead", "D-1"))


def test_a_cycle_through_a_customer_is_seen() -> None:
    """A-1 now names D-1: A-1, D-1, B-2 and, through B-2's customer, back to A-1."""
    g = after_sale(_referral_leads("D-1"), pd.DataFrame(), None, CFG, TODAY).graph
    assert [i for _, i in g.chain(("lead", "A-1"))] == ["A-1", "D-1", "B-2"]
    assert g.in_cycle(("lead", "A-1"))


@pytest.mark.parametrize(("won", "due", "status"), [
    (D(2026, 11, 20), D(2026, 11, 23), "overdue"),  # won Friday: thanked Monday
    (D(2026, 11, 26), D(2026, 11, 27), "due"),  # won Thursday: thanked today, Friday
    (D(2026, 11, 27), D(2026, 11, 30), "scheduled"),  # won today: thanked next Monday
])
def test_a_thank_you_is_overdue_due_or_scheduled(won: dt.date, due: dt.date,
                                                 status: str) -> None:
    [t] = thank_yous([("B", ("lead", "A"), won)], {}, CFG, TODAY)
    assert (t.date, t.status) == (due, status)
