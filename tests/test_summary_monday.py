"""The manager's Monday on a twelve-lead team workbook built for it, checked cell by cell.

Every expected figure below is worked out by hand from the rows of `MONDAY_LEADS`,
`MONDAY_HISTORY`, `MONDAY_ACTIVITIES` and `MONDAY_TARGETS` (the comments show the arithmetic),
or, for activity counts and untouched leads, by a second, plain-Python count over the same
rows. Nothing here calls the Summary code to get an expected value: the workbook is summarised
once, then its Summary and Stale deals sheets are read back with openpyxl and compared.

Today is Friday 2026-11-27; the comparison date is 2026-11-20 (the default, 7 days before).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import openpyxl
import pytest

from salesxl.commands.summary import summary
from salesxl.core.config import Config
from salesxl.io.template import write_team_workbook

TODAY = dt.date(2026, 11, 27)
SINCE = dt.date(2026, 11, 20)
D = dt.date
T = dt.datetime
M = 1_000_000

_KEYS = ("lead_id", "rep", "company", "stage", "deal_amount", "probability",
         "expected_close_on", "created_on", "stage_updated_on", "tier", "last_contact_on",
         "next_follow_up_on", "lost_reason", "source")
_ROWS = [
    # open, closing: stale 26 days (rot 14) -> 12 over; closes this month
    ("M1", "Kim", "Alpha", "closing", 10 * M, None, D(2026, 11, 28), D(2026, 8, 1),
     D(2026, 11, 1), "A", D(2026, 11, 25), D(2026, 12, 2), None, "trade_show"),
    # advanced presentation -> proposal on 11-24 (History); follow-up due 11-26: overdue, new
    ("M2", "Kim", "Bravo", "proposal", 20 * M, 0.5, D(2026, 12, 15), D(2026, 9, 1),
     D(2026, 11, 24), "B", D(2026, 11, 24), D(2026, 11, 26), None, "referral"),
    # won on 11-21 (History closing -> won)
    ("M3", "Kim", "Charlie", "won", 30 * M, None, D(2026, 11, 10), D(2026, 7, 1),
     D(2026, 11, 21), None, None, None, None, "trade_show"),
    # lost on 11-23 from proposal (History), budget cut
    ("M4", "Kim", "Delta", "lost", 5 * M, None, None, D(2026, 6, 1), D(2026, 11, 23), None,
     None, None, "budget_cut", "website"),
    # new lead on 11-25, no amount; its source is not in the list
    ("M5", "Kim", "Echo", "prospecting", None, None, None, D(2026, 11, 25), D(2026, 11, 25),
     "C", None, D(2026, 12, 1), None, "Expo Busan 2026"),
    # close date 11-22 passed while open: slipped; stale 38 days (rot 14) -> 24 over; overdue
    ("M6", "Lee", "Foxtrot", "qualification", 8 * M, None, D(2026, 11, 22), D(2026, 10, 1),
     D(2026, 10, 20), "B", D(2026, 11, 2), D(2026, 11, 16), None, "cold_call"),
    # open without a close date
    ("M7", "Lee", "Golf", "presentation", 40 * M, None, None, D(2026, 9, 15), D(2026, 11, 15),
     "A", D(2026, 11, 10), D(2026, 12, 1), None, "referral"),
    # close date 10-20, a month already over; stale 22 days (rot 21) -> 1 over; overdue
    ("M8", "Lee", "Hotel", "needs_assessment", 12 * M, None, D(2026, 10, 20), D(2026, 8, 20),
     D(2026, 11, 5), None, D(2026, 10, 6), D(2026, 11, 10), None, "webinar"),
    # put on hold on 11-22 (History proposal -> on_hold)
    ("M9", "Lee", "India", "on_hold", 7 * M, None, None, D(2026, 5, 1), D(2026, 11, 22), None,
     None, D(2026, 12, 20), None, "website"),
    # won on 10-05 (no History)
    ("M10", "Lee", "Juliet", "won", 15 * M, None, D(2026, 10, 5), D(2026, 4, 1), D(2026, 10, 5),
     None, None, None, None, "referral"),
    # advanced proposal -> closing on 11-20 08:00 (History), the comparison day itself
    ("M11", "Kim", "Kilo", "closing", 25 * M, 0.8, D(2027, 1, 10), D(2026, 10, 1),
     D(2026, 11, 20), "A", D(2026, 11, 26), D(2026, 11, 30), None, "trade_show"),
    # lost on 11-03 (no History), a reason typed outside the list
    ("M12", "Lee", "Lima", "lost", 9 * M, None, None, D(2026, 7, 1), D(2026, 11, 3), None, None,
     None, "Went with a rival", "cold_call"),
]
MONDAY_LEADS = [dict(zip(_KEYS, row, strict=True)) for row in _ROWS]
for _lead in MONDAY_LEADS:  # won deals and M9 have nothing to follow up
    if _lead["lead_id"] in ("M3", "M10"):
        _lead["follow_up_status"] = "none"
    if _lead["lead_id"] == "M9":
        _lead["resume_on"] = D(2026, 12, 20)
MONDAY_HISTORY = [
    {"lead_id": "M2", "from_stage": "presentation", "to_stage": "proposal",
     "changed_at": T(2026, 11, 24, 10)},
    {"lead_id": "M3", "from_stage": "closing", "to_stage": "won",
     "changed_at": T(2026, 11, 21, 9)},
    {"lead_id": "M4", "from_stage": "proposal", "to_stage": "lost",
     "changed_at": T(2026, 11, 23, 15)},
    {"lead_id": "M9", "from_stage": "proposal", "to_stage": "on_hold",
     "changed_at": T(2026, 11, 22, 11)},
    {"lead_id": "M11", "from_stage": "proposal", "to_stage": "closing",
     "changed_at": T(2026, 11, 20, 8)},
]
MONDAY_ACTIVITIES = [
    {"lead_id": "M2", "date": D(2026, 11, 24), "type": "email", "rep": "Kim"},
    {"lead_id": "M1", "date": D(2026, 11, 21), "type": "visit", "rep": "Kim"},
    {"lead_id": "M11", "date": D(2026, 11, 18), "type": "meeting", "rep": "Kim"},
    {"lead_id": "M6", "date": D(2026, 11, 2), "type": "call", "rep": "Lee"},
    {"lead_id": "M7", "date": D(2026, 10, 28), "type": "demo", "rep": "Lee"},
    {"lead_id": "M8", "date": D(2026, 10, 6), "type": "email", "rep": "Lee"},
    {"lead_id": "M8", "date": D(2026, 9, 30), "type": "call", "rep": "Lee"},  # before 8 weeks
    {"lead_id": "M7", "date": D(2026, 11, 25), "type": "proposal", "rep": None},  # lead's rep
]
MONDAY_TARGETS = [
    {"rep": "Kim", "period": "2026-11", "won_amount": 40 * M, "new_deals": 2, "activities": 10},
    {"rep": "Lee", "period": "2026-11", "won_amount": 30 * M, "new_deals": 2, "activities": 8},
    {"rep": "Kim", "period": "2026-12", "won_amount": 40 * M},
    {"rep": None, "period": "2026-Q4", "won_amount": 200 * M},
]


def monday_book(path: Path, lang: str = "en") -> Path:
    data = {"leads": MONDAY_LEADS, "history": MONDAY_HISTORY, "activities": MONDAY_ACTIVITIES,
            "targets": MONDAY_TARGETS}
    return write_team_workbook(path, Config.default(language=lang), data,  # type: ignore[arg-type]
                               lang=lang)


def _business_share(first: dt.date, last: dt.date) -> float:
    """Share of Korean business days from ``first`` to ``last`` on or before TODAY."""
    import holidays

    kr = holidays.country_holidays("KR", years=[first.year, last.year])
    days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    work = [d for d in days if d.weekday() < 5 and d not in kr]
    return sum(d <= TODAY for d in work) / len(work)


@pytest.fixture(scope="module")
def monday(tmp_path_factory):
    book = monday_book(tmp_path_factory.mktemp("monday") / "monday.xlsx")
    s = summary(book, today=TODAY, reps=["kim"])
    wb = openpyxl.load_workbook(book)
    return s, wb


def _rows(ws) -> list[list]:
    return [list(r) for r in ws.iter_rows(values_only=True)]


def _row(rows: list[list], *first: object) -> list:
    """The first sheet row whose first cells are ``first``."""
    for r in rows:
        if tuple(r[:len(first)]) == first:
            return r
    raise AssertionError(f"no row starting {first}")


def _block(rows: list[list], title: str) -> list[list]:
    """The rows of the table under the section title ``title`` (up to the blank row)."""
    start = next(i for i, r in enumerate(rows) if isinstance(r[0], str) and
                 r[0].startswith(title))
    out = []
    for r in rows[start + 2:]:
        if all(v is None for v in r):
            break
        out.append(r)
    return out


APPROX = {"rel": 1e-9, "abs": 1e-6}
TEAM_NOV = 200 * M / 3  # the team's Q4 target, a third for a month without its own row
EXPECTED_HEADLINE = {
    # label: (now, target, then)
    # open now: M1 10, M2 20, M5 -, M6 8, M7 40, M8 12, M11 25 = 7 deals, 115M; open at the
    # start of 11-20 also M3 30 (won 11-21), M4 5 (lost 11-23), M9 7 (on hold 11-22); M5 did
    # not exist yet: 9 deals, 157M
    "Open pipeline (deals)": (7, None, 9),
    "Open pipeline (amount)": (115 * M, None, 157 * M),
    # won in November: M3 30M (11-21); before 11-20: nothing
    "Won this month (2026-11)": (30 * M, TEAM_NOV, 0),
    # + open closing in November: M1 10M x 90 % + M6 8M x 20 % = 10.6M -> 40.6M; then M3 was
    # open at closing too (30M x 90 % = 27M): 9 + 1.6 + 27 = 37.6M
    "Forecast this month (won + weighted)": (40.6 * M, TEAM_NOV, 37.6 * M),
    # won in Q4: M3 30 + M10 15 (10-05) = 45M; before 11-20: M10 15M
    "Won this quarter (2026-Q4)": (45 * M, 200 * M, 15 * M),
    # + open closing Nov-Dec: M1 9 + M6 1.6 + M2 20M x 50 % = 10 -> 65.6M (M8's close date is
    # in October, a month already over: not counted); then: 15 + 9 + 1.6 + M2 at presentation
    # 20M x 60 % = 12 + M3 27 = 64.6M
    "Forecast this quarter (won + weighted)": (65.6 * M, 200 * M, 64.6 * M),
    # M5 created 11-25; the team's new-deal target is Kim 2 + Lee 2
    "New leads this month": (1, 4, 0),
    # won: M3, M10; lost: M4, M12 -> 2 / 4; before 11-20: M10 won, M12 lost
    "Win rate (won / closed)": (0.5, None, 0.5),
    # (30 + 15) / 2; before: M10 alone
    "Average won deal": (22.5 * M, None, 15 * M),
    # M3 07-01 -> 11-21 = 143 days, M10 04-01 -> 10-05 = 187 days: median 165; before: 187
    "Median sales cycle (created to won, days)": (165, None, 187),
    # M2 due 11-26 (after the comparison date), M6 due 11-16, M8 due 11-10
    "Overdue follow-ups": (3, None, 2),
    # M1 12 days over, M6 24, M8 1; more than 7 days over already on 11-20: M1, M6
    "Stale deals": (3, None, 2),
    "Stale pipeline amount": (30 * M, None, 18 * M),
}


def test_headline_cells_are_the_hand_worked_figures(monday):
    _, wb = monday
    rows = _rows(wb["Summary"])
    assert rows[0][0] == "Sales summary"
    for label, (now, target, then) in EXPECTED_HEADLINE.items():
        row = _row(rows, label)
        assert row[1] == pytest.approx(now, **APPROX), label
        assert row[5] == pytest.approx(then, **APPROX), label
        assert row[6] == pytest.approx(now - then, **APPROX), label
        if target is None:
            assert row[2] is None, label
        else:
            assert row[2] == pytest.approx(target, **APPROX), label
            assert row[3] == pytest.approx(now / target, **APPROX), label


def test_pace_is_the_target_times_the_business_days_gone_by(monday):
    _, wb = monday
    rows = _rows(wb["Summary"])
    # November 2026 has 21 business days, 20 of them by Friday the 27th
    assert _business_share(D(2026, 11, 1), D(2026, 11, 30)) == pytest.approx(20 / 21)
    row = _row(rows, "Won this month (2026-11)")
    assert row[4] == pytest.approx(TEAM_NOV * 20 / 21, **APPROX)
    row = _row(rows, "Won this quarter (2026-Q4)")
    assert row[4] == pytest.approx(200 * M * _business_share(D(2026, 10, 1), D(2026, 12, 31)),
                                   **APPROX)


def test_headline_numbers_are_numbers_with_formats(monday):
    _, wb = monday
    ws = wb["Summary"]
    for row in ws.iter_rows(min_row=1, max_row=30, max_col=12):
        for cell in row:
            if isinstance(cell.value, str):
                assert not cell.value.replace(",", "").replace(".", "").isdigit(), cell.coordinate
    cell = next(c for c in ws["B"] if c.row > 4 and isinstance(c.value, int | float) and
                c.value == 115 * M)
    assert "#,##0" in cell.number_format and ",," in cell.number_format  # millions shown


def test_activity_counts_match_a_plain_count_of_the_rows(monday):
    _, wb = monday
    rows = _rows(wb["Summary"])
    lead_rep = {x["lead_id"]: x["rep"] for x in MONDAY_LEADS}
    monday_ = TODAY - dt.timedelta(days=TODAY.weekday())
    weeks = [monday_ - dt.timedelta(weeks=7 - i) for i in range(8)]
    count: dict[tuple[str, dt.date], int] = {}
    month: dict[str, int] = {}
    for a in MONDAY_ACTIVITIES:
        rep = a["rep"] or lead_rep[a["lead_id"]]
        for w in weeks:
            if w <= a["date"] < w + dt.timedelta(days=7) and a["date"] <= TODAY:
                count[(rep, w)] = count.get((rep, w), 0) + 1
        if D(2026, 11, 1) <= a["date"] <= TODAY:
            month[rep] = month.get(rep, 0) + 1
    block = _block(rows, "Activities per week")
    header = _rows(wb["Summary"])[rows.index(block[0]) - 1]
    assert header[1:9] == [w.strftime("%m-%d") for w in weeks]
    for rep, target in (("Kim", 10), ("Lee", 8)):
        row = _row(block, rep)
        assert row[1:9] == [count.get((rep, w), 0) for w in weeks], rep
        assert row[11] == month[rep] and row[12] == target
        assert row[13] == pytest.approx(month[rep] / target)
    total = _row(block, "Total")
    assert total[1:9] == [sum(count.get((r, w), 0) for r in ("Kim", "Lee")) for w in weeks]
    # headline: this month's activities against Kim 10 + Lee 8, before 11-20 only 11-18, 11-02
    head = _row(rows, "Activities this month")
    assert head[1:3] == [sum(month.values()), 18] and head[5] == 2
    types = _block(rows, "Activities by type")
    assert _row(types, "Lee")[1:8] == [1, 1, 0, 0, 1, 1, 0]  # call, e-mail, ..., demo, proposal


def test_untouched_leads_match_a_plain_count(monday):
    _, wb = monday
    rows = _rows(wb["Summary"])
    cadence = {"A": 7, "B": 14, "C": 30, "D": 90}
    last: dict[str, dt.date] = {}
    for a in MONDAY_ACTIVITIES:
        last[a["lead_id"]] = max(last.get(a["lead_id"], a["date"]), a["date"])
    expected = []
    for x in MONDAY_LEADS:
        if x["stage"] in ("won", "lost", "on_hold") or x["tier"] is None:
            continue
        touches = [d for d in (last.get(x["lead_id"]), x["last_contact_on"]) if d]
        touch = max(touches) if touches else x["created_on"]
        if (TODAY - touch).days > cadence[x["tier"]]:
            expected.append(x["lead_id"])
    block = _block(rows, "Open leads without a touch")
    assert sorted(r[0] for r in block) == sorted(expected)
    assert expected == ["M6"]  # B, last touch 11-02: 25 days > 14


EXPECTED_CATEGORIES = {
    # period: closed, commit, best case, pipeline, open deals, weighted, target
    "2026-11": (30 * M, 10 * M, 0, 8 * M, 2, 40.6 * M, TEAM_NOV),
    "2026-12": (0, 0, 20 * M, 0, 1, 10 * M, TEAM_NOV),  # M2 proposal 20M x 50 %
    "2027-01": (0, 25 * M, 0, 0, 1, 20 * M, None),  # M11 closing 25M x 80 %
    "2026-Q4": (45 * M, 10 * M, 20 * M, 8 * M, 3, 65.6 * M, 200 * M),
    "2027-Q1": (0, 25 * M, 0, 0, 1, 20 * M, None),
}


def test_forecast_categories_per_period(monday):
    _, wb = monday
    block = _block(_rows(wb["Summary"]), "Forecast by category")
    for period, values in EXPECTED_CATEGORIES.items():
        row = _row(block, "Team", period)
        *amounts, target = values
        assert row[2:8] == pytest.approx(list(amounts), **APPROX), period
        assert (row[8] is None) if target is None else row[8] == pytest.approx(target)
    kim = _row(block, "Kim", "2026-11")  # M3 30 closed, M1 10 commit: 30 + 9 = 39 of 40
    assert kim[2:9] == pytest.approx([30 * M, 10 * M, 0, 0, 1, 39 * M, 40 * M])
    assert kim[9] == pytest.approx(39 / 40)
    lee = _row(block, "Lee", "2026-11")  # M6 8M pipeline x 20 %
    assert lee[2:10] == pytest.approx([0, 0, 0, 8 * M, 1, 1.6 * M, 30 * M, 1.6 / 30])


def test_deals_the_forecast_cannot_count_are_listed_not_zero(monday):
    _, wb = monday
    block = _block(_rows(wb["Summary"]), "Deals the forecast cannot count")
    assert _row(block, "Open, close date missing", "Team")[2:4] == [1, 40 * M]  # M7
    assert _row(block, "Open, close date in a past month", "Team")[2:4] == [1, 12 * M]  # M8
    assert _row(block, "Open, amount missing", "Team")[2] == 1  # M5
    assert _row(block, "On hold (not forecast)", "Team")[2:4] == [1, 7 * M]  # M9


def test_changes_since_the_comparison_date(monday):
    _, wb = monday
    rows = _rows(wb["Summary"])
    block = _block(rows, "What changed since 2026-11-20")
    # new, new amount, advanced, won, won amount, lost, lost amount, slipped, slipped amount,
    # added, removed, net
    assert _row(block, "Kim")[1:13] == pytest.approx(
        [1, 0, 2, 1, 30 * M, 1, 5 * M, 0, 0, 0, 35 * M, -35 * M])  # M5; M2, M11; M3; M4
    assert _row(block, "Lee")[1:13] == pytest.approx(
        [0, 0, 0, 0, 0, 0, 0, 1, 8 * M, 0, 7 * M, -7 * M])  # M6 slipped; M9 on hold
    assert _row(block, "Total")[12] == pytest.approx(-42 * M)  # = 115M - 157M, the headline
    events = _block(rows, "Every change since 2026-11-20")
    assert [(r[0], r[2]) for r in events] == [
        ("New lead", "M5"), ("Advanced", "M11"), ("Advanced", "M2"), ("Won", "M3"),
        ("Lost", "M4"), ("Close date passed", "M6")]
    lost = _row(events, "Lost")
    assert lost[7] == "Budget cut" and lost[1] == dt.datetime(2026, 11, 23)
    advanced = _row(events, "Advanced", dt.datetime(2026, 11, 24))
    assert advanced[5:7] == ["Pitch / demo", "Proposal"]


def test_stale_deals_sheet_is_complete_ranked_and_linked(monday):
    s, wb = monday
    ws = wb["Stale deals"]
    rows = _rows(ws)
    header = next(i for i, r in enumerate(rows) if r[0] == "#")
    body = [r for r in rows[header + 1:] if r[0] is not None]
    # risk = amount x days over: M6 8M x 24 = 192M, M1 10M x 12 = 120M, M8 12M x 1 = 12M
    assert [r[1] for r in body] == ["M6", "M1", "M8"]
    assert [r[9] for r in body] == [192 * M, 120 * M, 12 * M]
    leads = wb["Leads"]
    for i, r in enumerate(body):
        link = ws.cell(header + 2 + i, 2).hyperlink
        row = int(link.location.split("!A")[1])
        assert leads.cell(row, 1).value == r[1]
    top = _block(_rows(wb["Summary"]), "Stale deals: top")
    assert [r[0] for r in top] == ["M6", "M1", "M8"]
    assert s.stale_sheet == "Stale deals"


def test_lost_reasons_and_words_not_in_the_list(monday):
    _, wb = monday
    rows = _rows(wb["Summary"])
    lost = _block(rows, "Lost reasons by the stage lost from")
    header = rows[rows.index(lost[0]) - 1]
    assert _row(lost, "Budget cut")[header.index("Lost deals: Proposal")] == 1  # M4
    assert _row(lost, "Went with a rival")[header.index("Lost deals: (stage unknown)")] == 1
    assert _row(lost, "Total")[header.index("Lost amount: Total")] == 14 * M
    unlisted = _block(rows, "Words not in the list")
    assert [r[:3] for r in unlisted] == [["Lost reason", "Went with a rival", 1],
                                         ["Source", "Expo Busan 2026", 1]]


def test_a_rep_sheet_holds_the_same_blocks_for_that_rep(monday):
    s, wb = monday
    assert s.rep_sheets == ["Summary - Kim"]
    rows = _rows(wb["Summary - Kim"])
    assert rows[0][0] == "Sales summary: Kim"
    # Kim's open deals: M1 10, M2 20, M5, M11 25; Kim's November target 40M
    assert _row(rows, "Open pipeline (deals)")[1] == 4
    assert _row(rows, "Open pipeline (amount)")[1] == 55 * M
    assert _row(rows, "Won this month (2026-11)")[1:3] == [30 * M, 40 * M]
    assert _row(_block(rows, "Forecast by category"), "Kim", "2026-11")[7] == \
        pytest.approx(39 * M)
    assert not any(r[0] == "Open pipeline: amount by rep and stage" for r in rows)


def test_python_gets_the_same_tables(monday):
    s, _ = monday
    assert s.figures.loc["open_amount", "value"] == 115 * M
    assert s.changes.loc["Total", "won"] == 1
    assert s.forecast_categories.loc[("Team", "2026-Q4"), "weighted"] == pytest.approx(65.6 * M)
    assert list(s.stale_deals["lead_id"]) == ["M6", "M1", "M8"]
    assert s.targets.loc[("Kim", "2026-Q4"), "won_amount"] == 80 * M  # Nov + Dec
    assert np.isnan(s.targets.loc[("Lee", "2026-12"), "won_amount"]) if (
        "Lee", "2026-12") in s.targets.index else True
