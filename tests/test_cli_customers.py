"""After the sale, end to end: `salesxl customers`, `followups`, `advance`, `export` and
`consolidate --mask-personal` through the command line, on real Korean and English team
workbooks (`salesxl.io.template.write_team_workbook`).

The rows are tests/aftersale_fixture.py: every expected customer, link, referral, touch and
calendar event is worked out there by hand (today is Friday 2026-11-27).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import icalendar
import pytest
import xlsxwriter
from aftersale_fixture import NAMES, D, customer_rows, lead_rows
from click.testing import CliRunner, Result
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from salesxl.cli import cli
from salesxl.core.cells import to_a1
from salesxl.core.config import Config
from salesxl.core.schema import CUSTOMERS, LEADS
from salesxl.io.template import write_team_workbook

TODAY = "2026-11-27"
SHEETS = {"en": ("Leads", "Customers"), "ko": ("리드", "고객 파일")}
PERSONAL = [c.key for c in CUSTOMERS.columns if c.personal]


def team(tmp_path: Path, lang: str, *, customers: bool = True) -> Path:
    path = tmp_path / f"team-{lang}.xlsx"
    data: dict[str, Any] = {"leads": lead_rows(lang)}
    if customers:
        data["customers"] = customer_rows(lang)
    write_team_workbook(path, Config.default(language=lang), data,  # type: ignore[arg-type]
                        lang=lang, created=dt.datetime(2026, 1, 1))
    return path


def run(*args: Any) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def records(path: Path, sheet: str) -> list[dict[str, Any]]:
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()
    return [dict(zip(rows[0], row, strict=False)) for row in rows[1:] if any(
        v not in ("", None) for v in row)]


def by_key(path: Path, lang: str, table: str = "customers") -> list[dict[str, Any]]:
    """The sheet's rows with canonical keys (labels of the language) and blanks as None."""
    schema = CUSTOMERS if table == "customers" else LEADS
    sheet = SHEETS[lang][1 if table == "customers" else 0]
    out = []
    for row in records(path, sheet):
        out.append({c.key: (None if row.get(c.label(lang)) in ("", None)
                            else row.get(c.label(lang))) for c in schema.columns})
    return out


def day(value: Any) -> dt.date | None:
    return value.date() if isinstance(value, dt.datetime) else value


# --- salesxl customers -----------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_customers_command_builds_the_customers_sheet(tmp_path: Path, lang: str) -> None:
    book = team(tmp_path, lang)
    result = run("customers", book, "--today", TODAY)
    assert result.exit_code == 0, result.output
    rows = by_key(book, lang)
    assert [r["customer_id"] for r in rows] == ["C-0002", "C-0001", "C-0003"]
    got = {r["customer_id"]: r for r in rows}
    n = NAMES[lang]
    assert got["C-0001"]["company"] == n["hanbit2"] and got["C-0001"]["lead_id"] == "L-01"
    assert [(day(r["customer_since"]), r["deal_count"], r["total_won"], day(r["last_purchase_on"]))
            for r in (got["C-0001"], got["C-0002"], got["C-0003"])] == [
        (D(2026, 3, 2), 2, 14_000_000, D(2026, 6, 1)),
        (D(2026, 5, 4), 1, 5_000_000, D(2026, 5, 4)),
        (D(2026, 11, 25), 1, 3_000_000, D(2026, 11, 25))]
    labels = {"en": ("Call", "Visit", "E-mail", "Overdue", "Scheduled"),
              "ko": ("전화", "방문", "이메일", "기한 초과", "예정")}[lang]
    assert [(day(r["next_touch_on"]), r["touch_channel"], r["touch_status"])
            for r in (got["C-0001"], got["C-0002"], got["C-0003"])] == [
        (D(2026, 12, 4), labels[0], labels[4]), (D(2026, 11, 23), labels[1], labels[3]),
        (D(2026, 12, 28), labels[2], labels[4])]
    assert [(r["referred_by_id"], r["referrals"], r["referred_ids"])
            for r in (got["C-0001"], got["C-0002"], got["C-0003"])] == [
        (None, 3, "L-04, L-07, L-11"), ("C-0001", 1, "L-05"), ("L-04", 1, "L-10")]
    # the customer file written before the sale is kept, personal columns untouched
    assert (got["C-0002"]["position"], day(got["C-0002"]["birthday"])) == ("CTO", D(1985, 12, 3))
    leads = by_key(book, lang, "leads")
    assert [r["customer_id"] for r in leads] == [
        "C-0001", "C-0001", "C-0001", "C-0002", "C-0003", *[None] * 6, "C-0003", "C-0003", None]
    assert [r["referred_by_id"] for r in leads] == [
        None, None, None, "C-0001", "L-04", None, "C-0001", None, None, "L-05", "C-0001",
        None, None, None]
    # what the rep must look at: the name nobody has, the name two people have
    err = result.stderr
    assert n["ref_none"] in err and n["ref_jamie"] in err and "C-0002, L-08" in err
    col = LEADS.keys.index("referred_by")
    assert f"{SHEETS[lang][0]}!{to_a1(6, col)}" in err  # L-06 is on worksheet row 7


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_second_run_writes_nothing(tmp_path: Path, lang: str) -> None:
    book = team(tmp_path, lang)
    assert run("customers", book, "--today", TODAY).exit_code == 0
    data = book.read_bytes()
    result = run("customers", book, "--today", TODAY, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["cells_written"] == 0
    assert book.read_bytes() == data


def test_customers_json_has_the_chain_and_the_lists(tmp_path: Path) -> None:
    book = team(tmp_path, "en")
    report = json.loads(run("customers", book, "--today", TODAY, "--json").stdout)
    assert report["customers"] == 3 and report["linked"] == 7
    assert (report["referred"], report["resolved"]) == (7, 5)
    assert [c["customer_id"] for c in report["new"]] == ["C-0002", "C-0001", "C-0003"]
    assert report["chains"]["L-10"] == ["L-10", "L-05", "L-04", "C-0001"]
    assert report["chains"]["L-04"] == ["L-04", "C-0001"]
    assert [(r["lead_id"], r["how"], r["candidates"]) for r in report["referrals"]] == [
        ("L-06", "unresolved", []), ("L-09", "ambiguous", ["C-0002", "L-08"])]


def test_a_workbook_without_a_customers_sheet_gets_one(tmp_path: Path) -> None:
    path = tmp_path / "handmade.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Pipeline")
    ws.write_row(0, 0, ["Lead ID", "Company", "Contact", "Stage", "Tier", "Amount", "Stage date"])
    ws.write_row(1, 0, ["A-1", "Apex", "Jamie", "Won", "B", 5_000_000, "2026-11-02"])
    ws.write_row(2, 0, ["A-2", "Apex", "Jamie", "Proposal", "B", 1_000_000, "2026-11-20"])
    wb.close()
    result = run("customers", path, "--today", TODAY)
    assert result.exit_code == 0, result.output
    [row] = records(path, "Customers")
    assert (row["Customer ID"], row["Lead ID"], row["Deals won"], row["Total won"]) == (
        "C-0001", "A-1", 1, 5_000_000)
    pipeline = records(path, "Pipeline")
    assert [r["Customer ID"] for r in pipeline] == ["C-0001", "C-0001"]


@pytest.mark.parametrize(("lang", "more"), [("en", "and 3 more"), ("ko", "외 3건")])
def test_an_ambiguous_name_lists_five_candidates_and_counts_the_rest(
        tmp_path: Path, lang: str, more: str) -> None:
    """A common contact name can match thousands of leads: the screen shows the first five
    IDs and how many more; --json keeps them all, once per line."""
    path = tmp_path / "common.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Pipeline")
    ws.write_row(0, 0, ["Lead ID", "Company", "Contact", "Stage", "Referred by"])
    for i in range(1, 9):  # eight 김철수 at eight companies
        ws.write_row(i, 0, [f"K-{i}", f"Co{i}", "김철수", "Proposal"])
    ws.write_row(9, 0, ["N-1", "New", "Lee", "Proposal", "김철수"])
    wb.close()
    shown = run("customers", path, "--today", TODAY, "--lang", lang)
    assert shown.exit_code == 0, shown.output
    line = next(x for x in shown.output.splitlines() if "K-1" in x)
    assert "K-1, K-2, K-3, K-4, K-5 " + more in line and "K-6" not in line
    report = json.loads(run("customers", path, "--today", TODAY, "--json").stdout)
    assert [r["candidates"] for r in report["referrals"]] == [[f"K-{i}" for i in range(1, 9)]]


def _thirteen_won(path: Path) -> Path:
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Pipeline")
    ws.write_row(0, 0, ["Lead ID", "Company", "Contact", "Stage", "Stage date"])
    for i in range(1, 14):  # 13 won deals of 13 companies: 13 new customers
        ws.write_row(i, 0, [f"W-{i}", f"Co{i}", f"P{i}", "Won", f"2026-10-{i:02d}"])
    wb.close()
    return path


@pytest.mark.parametrize(("args", "shown"), [((), 10), (("--all",), 13)])
def test_a_long_list_of_new_customers_shows_ten_and_counts_the_rest(
        tmp_path: Path, args: tuple[str, ...], shown: int) -> None:
    """A first sync of a large workbook makes thousands of customers: the screen lists ten
    and how many more, --all every one, --json all of them as data."""
    data = json.loads(run("customers", _thirteen_won(tmp_path / "a.xlsx"), "--today", TODAY,
                          "--json").stdout)
    assert len(data["new"]) == 13
    out = run("customers", _thirteen_won(tmp_path / "b.xlsx"), "--today", TODAY, "--lang",
              "en", *args).output
    assert sum("new customer C-" in line for line in out.splitlines()) == shown
    assert ("... 3 more" in out) == (shown == 10)


# --- followups: customers apart from the open leads --------------------------------------------
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_followups_lists_customers_apart(tmp_path: Path, lang: str) -> None:
    book = team(tmp_path, lang)
    result = run("followups", book, "--today", TODAY, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    part = report["customers"]
    assert part["counts"] == {"overdue": 1, "due": 0, "scheduled": 2, "none": 0}
    assert part["handed_over"] == 4  # L-01, L-02, L-04, L-05: their customers' rows
    assert [(a["kind"], a["date"], a["status"], a["id"], a["note"]) for a in part["agenda"]] == [
        ("touch", "2026-11-23", "overdue", "C-0002", NAMES[lang]["jamie"]),
        ("thank_referrer", "2026-11-26", "overdue", "L-04", "L-05"),
        ("birthday", "2026-12-03", "scheduled", "C-0002", NAMES[lang]["jamie"]),
    ]
    assert [a["days_late"] for a in part["agenda"]] == [4, 1, 0]
    # the open leads' agenda has no customer in it: won deals have no follow-up of their own
    assert {a["lead_id"] for a in report["agenda"]} <= {"L-03", "L-08", "L-09", "L-10", "L-11",
                                                        "L-12", "L-13", "L-14"}
    leads = by_key(book, lang, "leads")
    assert [r["next_follow_up_on"] for r in leads[:5] if r["stage"] != "Proposal"
            and r["stage"] != "제안·반론 대응"] == [None] * 4
    assert by_key(book, lang)[0]["customer_id"] == "C-0002"  # the sync ran and was saved


def test_followups_prints_the_customers_in_korean(tmp_path: Path) -> None:
    book = team(tmp_path, "ko")
    result = run("followups", book, "--today", TODAY)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "고객 (3): 기한 초과 1, 예정 2" in out
    assert "2026-11-23 고객 관리 연락, 4일 지남 C-0002 에이펙스" in out
    assert "2026-11-26 추천 감사 인사, 1일 지남 L-04 에이펙스 (수주: L-05)" in out
    assert "2026-12-03 생일 C-0002" in out
    assert "새 고객 C-0001" in out


def test_followups_calendar_holds_touches_thanks_and_occasions(tmp_path: Path) -> None:
    book = team(tmp_path, "en")
    ics = tmp_path / "me.ics"
    result = run("followups", book, "--today", TODAY, "--ics", ics)
    assert result.exit_code == 0, result.output
    cal = icalendar.Calendar.from_ical(ics.read_bytes())
    events = list(cal.walk("VEVENT"))
    summaries = sorted(str(e["SUMMARY"]) for e in events)
    # 8 open leads with a tier, 3 customer touches, 1 thank-you, a birthday, an anniversary
    assert len(events) == 14
    assert "Customer touch (Visit): Apex" in summaries
    assert "Thank the referrer: Apex" in summaries
    assert "Birthday: Jamie Lee (Apex)" in summaries  # the sync filled the company in
    assert "Anniversary: Jamie Lee (Apex)" in summaries
    thanks = next(e for e in events if str(e["SUMMARY"]).startswith("Thank"))
    assert thanks.decoded("DTSTART") == D(2026, 11, 26)
    assert "Referred lead won: L-05" in str(thanks["DESCRIPTION"])
    birthday = next(e for e in events if str(e["SUMMARY"]).startswith("Birthday"))
    assert birthday.decoded("DTSTART") == D(2026, 12, 3)
    assert birthday["RRULE"]["FREQ"] == ["YEARLY"]
    assert "20261203" not in str(birthday["UID"])  # the same event every year
    anniversary = next(e for e in events if str(e["SUMMARY"]).startswith("Anniversary"))
    assert anniversary.decoded("DTSTART") == D(2026, 12, 20)


def test_followups_for_one_rep_lists_their_customers(tmp_path: Path) -> None:
    book = team(tmp_path, "en")
    report = json.loads(run("followups", book, "--today", TODAY, "--rep", "kim",
                            "--json").stdout)
    assert report["customers"]["counts"]["scheduled"] == 1  # C-0001 only
    assert report["customers"]["agenda"] == []  # Lee won L-05: Lee thanks the referrer


# --- advance: won makes a customer, upgraded needs the link ----------------------------------
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_advance_to_won_updates_the_customer(tmp_path: Path, lang: str) -> None:
    book = team(tmp_path, lang)
    result = run("advance", book, "--lead", "L-12", "--today", TODAY, "--by", "lee")
    assert result.exit_code == 0, result.output
    got = {r["customer_id"]: r for r in by_key(book, lang)}
    blue = got["C-0003"]
    assert (blue["deal_count"], blue["total_won"], day(blue["last_purchase_on"])) == (
        2, 9_000_000, D(2026, 11, 27))
    # 11-27 + 30 = Sun 12-27 -> Mon 12-28
    assert day(blue["next_touch_on"]) == D(2026, 12, 28)
    leads = by_key(book, lang, "leads")
    assert leads[11]["customer_id"] == "C-0003"
    assert set(got) == {"C-0001", "C-0002", "C-0003"}  # the whole sheet is synced


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_an_upsell_of_a_linked_lead_closes_as_upgraded(tmp_path: Path, lang: str) -> None:
    book = team(tmp_path, lang)
    result = run("advance", book, "--lead", "L-13", "--to", "upgraded", "--today", TODAY)
    assert result.exit_code == 0, result.output  # closing -> upgraded: the next step of a
    got = {r["customer_id"]: r for r in by_key(book, lang)}  # customer's deal (same phone)
    assert (got["C-0003"]["deal_count"], got["C-0003"]["total_won"]) == (2, 5_500_000)
    leads = by_key(book, lang, "leads")
    assert leads[12]["customer_id"] == "C-0003"
    assert leads[12]["stage"] == {"en": "Upsell", "ko": "업셀"}[lang]


@pytest.mark.parametrize(("lang", "words"), [
    ("en", ("gate 'Follows a won deal' failed: the lead is not linked to a customer",
            "(Customer ID: a customer ID of the Customers sheet)")),
    ("ko", ("진입 조건 '수주 후 업셀' 미충족: 기존 고객과 연결되지 않았습니다",
            "(고객사 번호: 고객 파일 시트에 있는 고객사 번호)")),
])
def test_an_upsell_without_a_customer_is_refused(tmp_path: Path, lang: str,
                                                 words: tuple[str, str]) -> None:
    book = team(tmp_path, lang)
    data = book.read_bytes()
    result = run("advance", book, "--lead", "L-14", "--to", "upgraded", "--today", TODAY)
    assert result.exit_code == 1
    cell = f"{SHEETS[lang][0]}!{to_a1(14, LEADS.keys.index('customer_id'))}"
    assert words[0] in result.stderr and cell in result.stderr and words[1] in result.stderr
    assert book.read_bytes() == data


def test_a_rep_links_a_new_contact_by_typing_the_customer_id(tmp_path: Path) -> None:
    book = team(tmp_path, "en")
    assert run("customers", book, "--today", TODAY).exit_code == 0
    wb = load_workbook(book)
    ws = wb["Leads"]
    ws.cell(row=15, column=LEADS.keys.index("customer_id") + 1, value="c-0003")
    wb.save(book)
    result = run("advance", book, "--lead", "L-14", "--to", "upgraded", "--today", TODAY)
    assert result.exit_code == 0, result.output
    blue = {r["customer_id"]: r for r in by_key(book, "en")}["C-0003"]
    assert (blue["deal_count"], blue["total_won"]) == (2, 4_000_000)  # L-05 + Nova's upsell


# --- personal data ---------------------------------------------------------------------------
def test_export_leaves_the_customer_file_out_unless_asked(tmp_path: Path) -> None:
    book = team(tmp_path, "en")
    assert run("customers", book, "--today", TODAY).exit_code == 0
    plain = json.loads(run("export", book, "--table", "customers", "--format", "json").stdout)
    assert [r["customer_id"] for r in plain] == ["C-0002", "C-0001", "C-0003"]
    assert not set(PERSONAL) & set(plain[0])
    assert {"birthday", "anniversary", "position", "family", "hobbies", "education",
            "achievements", "places", "travel", "age", "cultural_background"} <= set(PERSONAL)
    full = json.loads(run("export", book, "--table", "customers", "--format", "json",
                          "--include-personal").stdout)
    assert set(PERSONAL) <= set(full[0])
    assert (full[0]["birthday"], full[0]["anniversary"], full[0]["hobbies"]) == (
        "1985-12-03", "2015-12-20", "golf")


def test_consolidate_masks_the_customer_file(tmp_path: Path) -> None:
    reps = tmp_path / "reps"
    reps.mkdir()
    book = team(reps, "ko")
    assert run("customers", book, "--today", TODAY).exit_code == 0
    out = tmp_path / "team.xlsx"
    result = run("consolidate", reps, "-o", out, "--mask-personal", "--workers", "1")
    assert result.exit_code == 0, result.output
    rows = by_key(out, "ko")
    apex = next(r for r in rows if r["customer_id"] == "C-0002")
    assert all(apex[k] is None for k in PERSONAL)
    assert (apex["deal_count"], apex["lead_id"]) == (1, "L-04")  # the business columns stay
    kept = run("consolidate", reps, "-o", tmp_path / "kept.xlsx", "--workers", "1")
    assert kept.exit_code == 0, kept.output
    apex = next(r for r in by_key(tmp_path / "kept.xlsx", "ko") if r["customer_id"] == "C-0002")
    assert (apex["position"], apex["hobbies"]) == ("CTO", "골프")


def test_consolidate_keeps_team_customer_ids_apart(tmp_path: Path) -> None:
    reps = tmp_path / "reps"
    reps.mkdir()
    a = team(reps, "en")  # C-0001..C-0003
    b = reps / "z-lee.xlsx"  # after team-en.xlsx in path order
    write_team_workbook(b, Config.default(language="en"), {"leads": [
        {"lead_id": "B-1", "company": "Kappa", "contact_name": "Dan", "email": "dan@kappa.kr",
         "tier": "C", "stage": "won", "stage_updated_on": D(2026, 2, 2),
         "deal_amount": 1_000_000.0},
        {"lead_id": "B-2", "company": "Kappa", "contact_name": "Dan", "email": "dan@kappa.kr",
         "tier": "C", "stage": "proposal"}]}, lang="en")
    for book in (a, b):
        assert run("customers", book, "--today", TODAY).exit_code == 0
    out = tmp_path / "team.xlsx"
    result = run("consolidate", reps, "-o", out, "--workers", "1")
    assert result.exit_code == 0, result.output
    ids = [r["customer_id"] for r in by_key(out, "en")]
    assert sorted(ids) == ["C-0001", "C-0001@z-lee", "C-0002", "C-0003"]
    # a customer's deals are deals, not duplicates: all 14 + 2 leads are on the team sheet
    leads = by_key(out, "en", "leads")
    assert len(leads) == 16
    kappa = [r for r in leads if r["company"] == "Kappa"]
    assert [r["customer_id"] for r in kappa] == ["C-0001@z-lee", "C-0001@z-lee"]
    # the team workbook syncs without a clash, and nothing is new
    report = json.loads(run("customers", out, "--today", TODAY, "--json").stdout)
    assert report["new"] == [] and report["links"] == []
    kappa_row = next(r for r in by_key(out, "en") if r["customer_id"] == "C-0001@z-lee")
    assert (kappa_row["deal_count"], kappa_row["total_won"]) == (1, 1_000_000)
