"""The schema is the single source of truth: keys, labels, synonyms and header matching."""

import pytest

from salesxl.core.config import Config
from salesxl.core.schema import (
    ACTIVITIES,
    CUSTOMERS,
    HISTORY,
    LEADS,
    OBJECTIONS,
    TABLES,
    find_table,
    normalize_header,
)

ISSUE_LEADS_KEYS = ["lead_id", "created_on", "rep", "company", "contact_name", "contact_title", "email", "phone", "source", "source_type", "industry", "region", "tier", "budget_amount", "budget_currency", "budget_confirmed", "is_decision_maker", "decision_maker", "need", "need_level", "decision_date", "stage", "stage_updated_on", "outcome", "lost_reason", "resume_on", "closing_technique", "deal_amount", "probability", "last_contact_on", "next_follow_up_on", "follow_up_channel", "follow_up_status", "referred_by", "bant_status", "bant_score", "bant_missing", "notes"]


def test_leads_has_every_key_the_team_needs():
    assert set(ISSUE_LEADS_KEYS) <= set(LEADS.keys)


@pytest.mark.parametrize(("table", "keys"), [
    (ACTIVITIES, ["lead_id", "date", "type", "notes", "next_step"]),
    (OBJECTIONS, ["lead_id", "raised_on", "category", "objection", "response", "resolved",
                  "resolved_on"]),
    (HISTORY, ["lead_id", "from_stage", "to_stage", "changed_at", "changed_by", "forced",
               "reason"]),
])
def test_other_tables_have_their_keys(table, keys):
    assert set(keys) <= set(table.keys)


def test_choice_lists_match_the_issue():
    assert [c.key for c in ACTIVITIES.column("type").choices] == [
        "call", "email", "visit", "meeting", "demo", "proposal", "other"]
    assert [c.key for c in OBJECTIONS.column("category").choices] == [
        "price", "timing", "authority", "competitor", "product_fit", "other"]
    assert LEADS.column("tier").choices == "tiers"  # the Config's tiers, A-D by default
    assert Config.default().vocabulary("tiers").keys == ["A", "B", "C", "D"]
    assert [c.key for c in LEADS.column("source_type").choices] == ["inbound", "outbound"]


def test_every_column_has_both_labels_and_snake_case_key():
    for table in TABLES.values():
        for col in table.columns:
            assert col.key == col.key.lower() and " " not in col.key
            assert col.en and col.ko, col.key


def test_customers_are_personal():
    assert CUSTOMERS.personal
    assert CUSTOMERS.column("hobbies").personal and CUSTOMERS.column("family").personal
    assert LEADS.column("phone").personal and LEADS.column("email").personal


@pytest.mark.parametrize(("header", "key"), [
    ("lead_id", "lead_id"), ("Lead ID", "lead_id"), ("LEAD-ID", "lead_id"), ("리드 ID", "lead_id"),
    ("  lead id ", "lead_id"), ("Budget", "budget_amount"), ("예산 금액", "budget_amount"),
    ("예산금액(원)", "budget_amount"), ("Budget Amount (₩)", "budget_amount"),
    ("회사명", "company"), ("고객사", "company"), ("Company Name", "company"),
    ("업체명", "company"), ("연락처", "phone"), ("Tel", "phone"), ("휴대폰", "phone"),
    ("E-Mail", "email"), ("이메일", "email"), ("진행상황", "stage"), ("Stage", "stage"),
    ("단계", "stage"), ("담당자", "rep"), ("담당자명", "contact_name"), ("KP", "is_decision_maker"),
    ("의사결정자", "decision_maker"), ("Decision Maker", "decision_maker"),
    ("Is decision maker", "is_decision_maker"), ("next_follow_up_on", "next_follow_up_on"),
    ("다음 연락일", "next_follow_up_on"), ("ＴＩＥＲ", "tier"), ("등급", "tier"),
    ("Amount", "deal_amount"), ("거래 금액", "deal_amount"),
])
def test_headers_are_recognised(header, key):
    assert LEADS.match_header(header) == key


@pytest.mark.parametrize("header", ["Favourite colour", "", "   ", "xyz", None])
def test_unknown_headers_mean_nothing(header):
    assert LEADS.match_header(header) is None


@pytest.mark.parametrize(("sheet", "key"), [
    ("Leads", "leads"), ("리드", "leads"), ("LEADS", "leads"), ("Activities", "activities"),
    ("활동", "activities"), ("Objections", "objections"), ("이의", "objections"),
    ("History", "history"), ("Stage history", "history"), ("이력", "history"),
    ("Customers", "customers"),
    ("고객 파일", "customers"), ("Summary", None), ("Sheet1", None),
])
def test_tables_are_found_by_sheet_name(sheet, key):
    found = find_table(sheet)
    assert (found.key if found else None) == key


def test_normalize_header_folds_width_case_and_punctuation():
    assert normalize_header("Ｌｅａｄ　ＩＤ") == normalize_header("lead_id") == "leadid"
