"""The pure parts of consolidation: identity keys, groups, the kept row, masks, discovery."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from salesxl.commands.consolidate.discover import discover
from salesxl.commands.consolidate.mask import mask_email, mask_phone
from salesxl.commands.consolidate.merge import same_value
from salesxl.core.errors import UsageError
from salesxl.core.identity import (
    Identity,
    company_key,
    email_key,
    groups,
    identity,
    person_key,
    phone_key,
    shared_kinds,
)


@pytest.mark.parametrize(("a", "b"), [
    ("Kim.CS@Hanbit.co.kr", " kim.cs@hanbit.co.kr "),
    ("kim.cs @hanbit.co.kr", "KIM.CS@HANBIT.CO.KR"),
    ("ｋｉｍ@hanbit.co.kr", "kim@hanbit.co.kr"),  # full-width letters (NFKC)
    ("mailto:kim@hanbit.co.kr", "kim@hanbit.co.kr"),
])
def test_same_email(a, b):
    assert email_key(a) == email_key(b) is not None


@pytest.mark.parametrize("text", ["010-1234-5678", "01012345678", "+82 10-1234-5678",
                                  "010 1234 5678", "(010) 1234-5678", "+82-10-1234-5678",
                                  1012345678.0])
def test_korean_mobile_formats_are_one_number(text):
    assert phone_key(text) == "+821012345678"


@pytest.mark.parametrize(("value", "key"), [
    ("02-123-4567", "+8221234567"),
    ("n/a", None),
    ("12", None),
    ("", None),
    (None, None),
])
def test_phone_keys(value, key):
    assert phone_key(value) == key


@pytest.mark.parametrize(("a", "b"), [
    ("(주)한빛", "한빛 주식회사"),
    ("㈜한빛", "주식회사 한빛"),
    ("한빛(주)", "한빛"),
    ("Blue Ocean Co., Ltd.", "blue ocean"),
    ("Apex Inc.", "APEX, INC"),
    ("Northwind Ltd", "Northwind Corp."),
    ("Harbor Logistics LLC", "harbor logistics"),
])
def test_same_company(a, b):
    assert company_key(a) == company_key(b) is not None


@pytest.mark.parametrize(("a", "b"), [("한빛", "한빛소프트"), ("Apex", "Apex Labs"),
                                      ("대성정밀", "대성 정밀 산업")])
def test_different_companies(a, b):
    assert company_key(a) != company_key(b)


@pytest.mark.parametrize(("a", "b"), [("김철수", "김 철수"), ("Jamie Lee", "jamie  LEE"),
                                      ("Jamie Lee", "Jamie-Lee")])
def test_same_person(a, b):
    assert person_key(a) == person_key(b) is not None


def test_company_alone_is_not_an_identity():
    only_company = identity({"company": "(주)한빛"})
    assert only_company.match_keys() == []
    with_id = identity({"company": "(주)한빛", "lead_id": " R01-7 "})
    assert with_id.match_keys() == [("lead_company", "r01-7\x1f한빛")]


def test_groups_are_connected_through_any_key():
    rows = [
        Identity(email="a@x.kr"),                      # 0 ─ e-mail ─ 2
        Identity(phone="+821011112222"),               # 1 ─ phone ─ 2
        Identity(email="a@x.kr", phone="+821011112222"),
        Identity(company="한빛", person="김철수"),       # 3 ─ name ─ 5
        Identity(email="b@x.kr"),                      # 4 alone
        Identity(company="한빛", person="김철수", email="c@x.kr"),
    ]
    assert groups(rows) == [[0, 1, 2], [3, 5], [4]]
    assert shared_kinds(rows, [0, 1, 2]) == {0: ["email"], 1: ["phone"], 2: ["email", "phone"]}


@pytest.mark.parametrize(("key", "a", "b", "same"), [
    ("email", "Kim@X.kr", "kim@x.kr", True),
    ("phone", "010-1234-5678", "+82 10 1234 5678", True),
    ("company", "(주)한빛", "한빛 주식회사", False),  # listed: the legal form is a real difference
    ("deal_amount", 1_000_000.0, 1_000_000, True),
    ("stage_updated_on", dt.date(2026, 3, 5), dt.datetime(2026, 3, 5), True),
    ("need", "재고 ", "재고", True),
    ("need", "재고", "물류", False),
])
def test_same_value(key, a, b, same):
    assert same_value(key, a, b) is same


@pytest.mark.parametrize(("value", "masked"), [
    ("kim.cs@hanbit.co.kr", "k***@hanbit.co.kr"),
    (" Jamie@Blueocean.com", "j***@blueocean.com"),
    ("not an address", "***"),
    (None, None),
])
def test_mask_email(value, masked):
    assert mask_email(value) == masked


@pytest.mark.parametrize(("value", "masked"), [
    ("010-1234-5678", "010-****-5678"),
    ("01012345678", "010-****-5678"),
    ("+82 10-1234-5678", "010-****-5678"),
    ("02-123-4567", "02-***-4567"),
    ("1234567890123", "123******0123"),
    (None, None),
])
def test_mask_phone(value, masked):
    assert mask_phone(value) == masked


def test_discover_sorts_skips_hidden_and_lock_files_and_the_output(tmp_path: Path):
    for name in ("b.xlsx", "a.xlsm", "~$b.xlsx", ".~lock.a.xlsm#", "notes.txt", "old.xls",
                 "sub/c.xlsx", ".salesxl-backup/b.xlsx", ".hidden.xlsx", "team.xlsx"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"")
    found = discover([tmp_path, tmp_path / "b.xlsx"], exclude=[tmp_path / "team.xlsx"])
    # a legacy .xls is listed (the Sources sheet says to convert it), never silently ignored
    assert [f.display for f in found] == ["a.xlsm", "b.xlsx", "old.xls", "sub/c.xlsx"]
    named = discover([tmp_path / "notes.txt"])  # a file named on purpose is always tried
    assert [f.display for f in named] == ["notes.txt"]
    with pytest.raises(UsageError):
        discover([tmp_path / "missing"])


def test_same_short_name_in_two_folders_shows_full_paths(tmp_path: Path):
    for name in ("x/rep.xlsx", "y/rep.xlsx"):
        (tmp_path / name).parent.mkdir(parents=True)
        (tmp_path / name).write_bytes(b"")
    found = discover([tmp_path / "x", tmp_path / "y"])
    assert [f.display for f in found] == [str(tmp_path / "x/rep.xlsx"),
                                          str(tmp_path / "y/rep.xlsx")]
