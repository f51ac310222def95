"""One lead identity: `consolidate` and `convert --into` decide "same lead" alike.

Each pair below is worked out by hand from the documented rule (salesxl.core.identity): e-mail
(spaces, case), phone (E.164; a local number without area code is no key), company + contact
(legal forms, spaces, case), lead ID + company across workbooks, lead ID alone inside one.
Both commands' own matching code runs on every pair; two pairs also run end to end.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salesxl.commands.convert.into import LeadIndex
from salesxl.core.identity import (
    groups,
    groups_by_keys,
    identity,
    lead_keys,
    lead_keys_by_column,
)

PAIRS: list[tuple[str, dict[str, Any], dict[str, Any], bool]] = [
    ("same e-mail, other case and spaces",
     {"company": "Apex", "email": "Kim@Apex.co.kr"}, {"company": "Other", "email": " kim@apex.CO.KR "},
     True),
    ("same mobile, three spellings",
     {"company": "A", "phone": "010-1234-5678"}, {"company": "B", "phone": "+82 10 1234 5678"},
     True),
    ("same mobile without hyphens", {"phone": "01012345678"}, {"phone": "010-1234-5678"}, True),
    ("Seoul landline with and without spaces", {"phone": "02-555-1234"}, {"phone": "02 555 1234"},
     True),
    ("local number without area code is no key",
     {"company": "A", "phone": "1234-5678"}, {"company": "B", "phone": "1234-5678"}, False),
    ("nationwide number is a key", {"phone": "1588-1234"}, {"phone": "15881234"}, True),
    ("company legal form (주) and 주식회사, contact spacing",
     {"company": "(주)한빛", "contact_name": "김 철수"}, {"company": "한빛 주식회사", "contact_name": "김철수"},
     True),
    ("Co., Ltd. dropped, case folded",
     {"company": "Blue Ocean Co., Ltd.", "contact_name": "Jamie Lee"},
     {"company": "blue ocean", "contact_name": "JAMIE LEE"}, True),
    ("same company, other contact", {"company": "(주)한빛", "contact_name": "김철수"},
     {"company": "한빛", "contact_name": "이영희"}, False),
    ("company alone is no key", {"company": "(주)한빛"}, {"company": "한빛"}, False),
    ("different e-mails", {"email": "a@x.kr"}, {"email": "b@x.kr"}, False),
]


def _consolidate_same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return len(groups([identity(a), identity(b)])) == 1


def _into_same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    index = LeadIndex()
    index.add(a, row=5, origin=None)  # a lead already in the team workbook
    return index.find(b, origin=0) is not None


@pytest.mark.parametrize(("name", "a", "b", "same"), PAIRS, ids=[p[0] for p in PAIRS])
def test_both_commands_decide_alike(name: str, a: dict[str, Any], b: dict[str, Any],
                                    same: bool) -> None:
    assert _consolidate_same(a, b) is same
    assert _into_same(a, b) is same


def test_lead_ids_identify_inside_one_workbook_only() -> None:
    a = {"lead_id": "R-0001", "company": "Apex"}
    b = {"lead_id": "r-0001 ", "company": "Zenith"}
    assert _into_same(a, b)  # one workbook: IDs are unique
    assert not _consolidate_same(a, b)  # two reps both numbering from R-0001
    assert _consolidate_same(a, {"lead_id": "R-0001", "company": "APEX"})  # ID + company
    assert lead_keys(a, ids_unique=True)[0] == ("id", "r-0001")


def _rep_book(path: Path, lead: dict[str, Any]) -> Path:
    from salesxl.core.config import Config
    from salesxl.io.template import write_team_workbook

    return write_team_workbook(path, Config.default(language="en"), {"leads": [lead]}, lang="en")


@pytest.mark.parametrize("pair", [PAIRS[1], PAIRS[4]], ids=["same mobile", "no area code"])
def test_end_to_end_consolidate_and_convert_into_agree(tmp_path: Path, pair: Any) -> None:
    import salesxl
    from salesxl.io.read import read_workbook

    _, a, b, same = pair
    a = {"lead_id": "A-1", "contact_name": "Kim", **a}
    b = {"lead_id": "B-1", "contact_name": "Lee", **b}
    reps = tmp_path / "reps"
    reps.mkdir()
    _rep_book(reps / "a.xlsx", a)
    _rep_book(reps / "b.xlsx", b)
    team = salesxl.consolidate([reps], tmp_path / "team.xlsx", workers=1)
    assert team.leads_team == (1 if same else 2)

    book = _rep_book(tmp_path / "into.xlsx", a)
    legacy = tmp_path / "legacy.csv"
    with legacy.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["Company", "Contact", "Phone"])
        w.writerow([b["company"], b["contact_name"], b["phone"]])
    salesxl.convert([legacy], into=book, workers=1)
    leads = read_workbook(book, tables=["leads"]).table("leads").frame
    assert len(leads) == (1 if same else 2)


def test_keys_by_column_are_the_keys_of_each_row() -> None:
    """The column-wise keys the after-sale figures use match `lead_keys` row by row, on every
    row of the pairs above plus IDs, numbers read as floats and blanks."""
    rows = [row for _, a, b, _ in PAIRS for row in (a, b)] + [
        {"lead_id": "R01-7", "company": "(주)한빛", "contact_name": "김철수"},
        {"lead_id": 1234.0, "phone": 1012345678.0, "email": "none"},
        {"lead_id": "  ", "email": "", "company": None},
    ]
    cols = [[r.get(k) for r in rows] for k in ("lead_id", "email", "phone", "company",
                                               "contact_name")]
    for unique in (True, False):
        assert lead_keys_by_column(*cols, ids_unique=unique) == [
            lead_keys(r, ids_unique=unique) for r in rows]
    assert lead_keys_by_column(*cols, ids_unique=True)[-3][0] == ("id", "r01-7")


def _components(keys: list[list[tuple[str, str]]]) -> list[list[int]]:
    """Connected rows by a breadth-first walk over a key -> rows map (the reference)."""
    rows_of: dict[tuple[str, str], list[int]] = {}
    for i, row in enumerate(keys):
        for k in row:
            rows_of.setdefault(k, []).append(i)
    seen: set[int] = set()
    out = []
    for start in range(len(keys)):
        if start in seen:
            continue
        todo, group = [start], {start}
        while todo:
            i = todo.pop()
            for k in keys[i]:
                for j in rows_of[k]:
                    if j not in group:
                        group.add(j)
                        todo.append(j)
        seen |= group
        out.append(sorted(group))
    return out


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.tuples(st.sampled_from(["id", "email", "name"]),
                                   st.sampled_from(["a", "b", "c", "d", "e", "f", "가"])),
                         max_size=3), max_size=40))
def test_groups_are_the_connected_rows(keys: list[list[tuple[str, str]]]) -> None:
    """Rows sharing a (kind, key) pair are one group, transitively; groups in the order of
    their first row, rows in order; a key of one kind never meets the same text of another."""
    assert groups_by_keys(iter(keys)) == _components(keys)


def test_keys_by_column_default_to_many_workbooks_and_korea() -> None:
    """Without `ids_unique` a lead ID alone is no key (IDs repeat across reps' workbooks);
    the region reads a phone number: 010-1234-5678 is a Korean mobile, not a valid US number,
    so in the US it is matched by its 11 digits only."""
    assert lead_keys_by_column(["L-1"], [None], [None], [None], [None]) == [[]]
    assert lead_keys_by_column([None], [None], ["010-1234-5678"], [None], [None]) == [
        [("phone", "+821012345678")]]
    assert lead_keys_by_column([None], [None], ["010-1234-5678"], [None], [None],
                               region="US") == [[("phone", "#01012345678")]]
