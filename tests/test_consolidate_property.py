"""Row conservation as a property: split a team over rep workbooks, consolidate, get it back.

Hypothesis decides which reps hold each lead (one or several: the duplicates), how each copy
writes the e-mail, phone and company, whether a copy keeps the lead ID (a conflict) or has its
own (a duplicate), and which copy was updated last. Whatever it picks: lead rows read = team
rows + rows merged; every lead of the team comes back exactly once, with the values of its
most recently updated copy; every activity comes back, keyed to its lead's team ID.
"""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salesxl.commands.consolidate import consolidate
from salesxl.commands.demo_data import make_team
from salesxl.core.config import Config
from salesxl.core.identity import email_key
from salesxl.io.template import write_team_workbook

FILES = 3
TEAM = make_team(reps=2, leads=12, seed=5, today=dt.date(2026, 11, 27))
LEADS = [lead for rep in TEAM for lead in rep.leads]
ACTIVITIES = [a for rep in TEAM for a in rep.activities]
EMAIL_FORMS = (str, str.upper, lambda e: f"  {e} ", lambda e: e.replace("@", " @"))
PHONE_FORMS = ("010-{a}-{b}", "010{a}{b}", "+82 10-{a}-{b}")
COMPANY_FORMS = ("(주){}", "{} 주식회사", "{}")


def base_lead(n: int) -> dict[str, Any]:
    """Lead n with an identity no other lead shares (the demo data reuses names)."""
    lead = dict(LEADS[n])
    lead.update(email=f"lead{n}@co{n}.example", phone=None, company=f"고객사{n}")
    return lead


copy_st = st.fixed_dictionaries({
    "email": st.sampled_from(range(len(EMAIL_FORMS))),
    "phone": st.sampled_from(range(len(PHONE_FORMS))),
    "company": st.sampled_from(range(len(COMPANY_FORMS))),
    "same_id": st.booleans(),
})
split_st = st.lists(
    st.tuples(st.sets(st.integers(0, FILES - 1), min_size=1, max_size=FILES),
              st.lists(copy_st, min_size=FILES, max_size=FILES),
              st.permutations(range(FILES))),
    min_size=len(LEADS), max_size=len(LEADS))


def write_split(folder: Path, split: list[Any]) -> dict[int, list[dict[str, Any]]]:
    """The rep workbooks of a split; returns lead n -> its copies as written."""
    files: dict[int, dict[str, list[dict[str, Any]]]] = {
        f: {"leads": [], "activities": []} for f in range(FILES)}
    copies: dict[int, list[dict[str, Any]]] = {}
    for n, (holders, forms, order) in enumerate(split):
        lead = base_lead(n)
        first = min(holders)
        for f in sorted(holders):
            form = forms[f]
            row = dict(lead)
            row["email"] = EMAIL_FORMS[form["email"]](lead["email"])
            row["phone"] = PHONE_FORMS[form["phone"]].format(a=f"{1000 + n}", b="5678")
            row["company"] = COMPANY_FORMS[form["company"]].format(lead["company"])
            if f != first and not form["same_id"]:
                row["lead_id"] = f"D{f}-{n}"
            row["stage_updated_on"] = dt.date(2026, 1, 1) + dt.timedelta(days=order[f])
            row["_file"] = f
            files[f]["leads"].append(row)
            copies.setdefault(n, []).append(row)
        files[first]["activities"] += [dict(a) for a in ACTIVITIES
                                       if a["lead_id"] == lead["lead_id"]]
    for f, tables in files.items():
        if tables["leads"]:
            write_team_workbook(folder / f"rep{f}.xlsx", Config.default(), tables)
    return copies


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(split=split_st)
def test_split_team_comes_back(tmp_path_factory, split):
    folder = tmp_path_factory.mktemp("split")
    copies = write_split(folder, split)
    result = consolidate(folder, None, workers=1)
    n_copies = sum(len(c) for c in copies.values())
    assert result.leads_read == n_copies == result.leads_team + result.leads_merged
    assert result.leads_team == len(LEADS)
    by_email = {email_key(r["email"]): r for r in result.tables["leads"].rows}
    assert len(by_email) == len(LEADS)
    team_id_of = {}
    for n, rows in copies.items():
        team = by_email[email_key(rows[0]["email"])]
        latest = max(rows, key=lambda r: r["stage_updated_on"])
        assert team["stage_updated_on"] == latest["stage_updated_on"]
        assert team["company"] == latest["company"]
        assert team["stage"] == LEADS[n]["stage"]
        assert team["source_file"] == f"rep{latest['_file']}.xlsx"
        team_id_of[LEADS[n]["lead_id"]] = team["lead_id"]
    ids = [r["lead_id"] for r in result.tables["leads"].rows]
    assert len(set(ids)) == len(ids)
    acts = result.tables["activities"].rows
    expected = [(team_id_of[a["lead_id"]], a["notes"], a["date"]) for a in ACTIVITIES]
    assert sorted(map(repr, ((a["lead_id"], a["notes"], a["date"]) for a in acts))) == sorted(
        map(repr, expected))
    merged_lines = {(n.team_id, n.other_from.source, n.other_from.row)
                    for n in itertools.chain(result.duplicates, result.conflicts)
                    if n.kind != "renamed"}
    assert len(merged_lines) == result.leads_merged  # every merged row is listed somewhere
