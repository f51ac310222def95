"""`followups` over a Leads sheet too large for the fast reader reads it a chunk of rows at a
time and writes its cells a chunk at a time while the sheet is rewritten (`Book.values` and
`Book.write_columns` on a streamed table). Whatever the chunk size, it must write the same
workbook (Leads cells, the new Customers sheet, the Excel Tables) and report the same
follow-ups, customers, referrals and problems as the whole-sheet read of the same cells.

The team workbook is typed with openpyxl: customers whose leads lie far apart (so their
identity groups span chunks), referrals by ID, by an ambiguous name and by the lead itself,
a customer ID no Customers row has, leads with no date at all, unreadable dates, activities.
A number far out on another sheet sends the reader to the streaming path (checked)."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import pytest

from salesxl.commands.customers import customers
from salesxl.commands.followups import followups
from salesxl.io.book import Book
from salesxl.io.spill import spill_prefix
from tests.teambook import fill, new_book, whole_and_streamed

TODAY = dt.date(2026, 11, 27)
NOW = dt.datetime(2026, 11, 27, 9, 0)
N = 150
CONTACTS = ["김철수", "이영희", "박민준", "최지우"]


def _lead(i: int) -> dict[str, Any]:
    undated = i % 37 == 11
    stage = "Won" if i % 6 == 0 else "Lost" if i % 6 == 1 else \
        ["New", "Contacted", "Qualified", "Proposal"][i % 4]
    referred = {4: f"L-{(i * 7) % N + 1:04d}", 7: "김철수"}.get(i % 9)
    if i == 50:
        referred = "L-0051"  # the lead itself
    if i % 19 == 3:
        referred = "(주)한빛 3"
    return {
        "lead_id": f"L-{i + 1:04d}",
        "created_on": None if undated else dt.date(2026, 1, 5) + dt.timedelta(days=i % 200),
        "rep": ["김민수", "이서연", "박지훈"][i % 3],
        "company": f"(주)한빛 {i % 40}",
        "contact_name": CONTACTS[i % 4],  # company + contact recur every 40 leads
        "email": f"u{i % 60}@x.kr" if i % 5 == 0 else f"lead{i}@x.kr",
        "phone": f"010-5555-{i % 70:04d}" if i % 7 == 0 else None,
        "tier": None if i % 13 == 12 else "ABCD"[i % 4],
        "stage": stage,
        "stage_updated_on": None if undated else (
            "지난주" if i % 31 == 8 else dt.date(2026, 3, 1) + dt.timedelta(days=(i * 7) % 250)),
        "last_contact_on": None if undated or i % 3 else dt.date(2026, 10, 1)
        + dt.timedelta(days=i % 50),
        "deal_amount": 1_000_000 * (1 + i % 9),
        "referred_by": referred,
        "customer_id": "C-0099" if i == 10 else None,
    }


def _books(tmp_path: Path) -> tuple[Path, Path]:
    """The same team workbook twice: read whole, and sent to the streaming reader."""
    base = fill(new_book(tmp_path / "base.xlsx"), {
        "leads": [_lead(i) for i in range(N)],
        "activities": [{"lead_id": f"L-{i % 120 + 1:04d}", "date": dt.date(2026, 9, 1)
                        + dt.timedelta(days=i % 80), "type": "Call"} for i in range(0, 200, 3)],
    })
    return whole_and_streamed(base, tmp_path)


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {m: zf.read(m) for m in zf.namelist()}


def _run(book: Path, tmp_path: Path, name: str, **kw: Any) -> tuple[dict[str, Any],
                                                                      dict[str, bytes]]:
    """The report (without its paths) and the members this run changed or added."""
    copy = tmp_path / name
    copy.write_bytes(book.read_bytes())
    before = _members(copy)
    js = followups(copy, TODAY, ics=tmp_path / f"{name}.ics", now=NOW, **kw).to_json()
    js.pop("book")
    js.pop("calendar")
    after = _members(copy)
    return js, {m: data for m, data in after.items() if before.get(m) != data}


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return _books(tmp_path_factory.mktemp("fstream"))


def test_the_streamed_copy_is_streamed(books: tuple[Path, Path]) -> None:
    whole, streamed = books
    assert not Book.open(whole, ["leads"], write=False, lazy=["leads"]).streamed("leads")
    wb = Book.open(streamed, ["leads"], write=False, lazy=["leads"], chunk_rows=7)
    assert wb.streamed("leads") and len(wb.table("leads").frame) == 0
    assert [len(part.frame) for part in wb.chunks("leads")] == [7] * 21 + [3]
    wb.close()


@pytest.mark.parametrize("chunk_rows", [1, 7, 64, 1_000_000])
def test_chunks_write_and_report_what_one_whole_read_does(
        books: tuple[Path, Path], tmp_path: Path, chunk_rows: int) -> None:
    whole, streamed = books
    expected = _run(whole, tmp_path, "w.xlsx")
    got = _run(streamed, tmp_path, "s.xlsx", chunk_rows=chunk_rows)
    report, changed = expected
    # the workbook exercises what the chunks must agree on
    # no date: leads 11, 48, 85 and 122; 48 has an activity and 85 is lost
    assert report["dated_today"] == 2
    assert report["problems"] and report["agenda"] and report["events"] > N // 2
    part = report["customers"]
    assert part["new"] and part["agenda"] and part["handed_over"] > 0
    assert {r["how"] for r in part["referrals"]} >= {"ambiguous", "self"}
    assert report["cells_written"] > N
    # a customer whose leads are 40 rows apart (company + contact) is one customer
    won = [i for i in range(N) if i % 6 == 0]
    firsts = [c["lead_id"] for c in part["new"]]
    assert "L-0001" in firsts and "L-0121" not in firsts  # 0 and 120: both won, one customer
    assert len(firsts) < len(won)
    assert got[0] == report
    assert set(got[1]) == set(changed) and len(changed) >= 3  # Leads, Customers, a table
    for member, data in changed.items():
        assert got[1][member] == data, member


def test_one_reps_follow_ups_in_chunks(books: tuple[Path, Path], tmp_path: Path) -> None:
    whole, streamed = books
    expected = _run(whole, tmp_path, "w.xlsx", rep="이서연")
    got = _run(streamed, tmp_path, "s.xlsx", rep="이서연", chunk_rows=9)
    assert expected[0]["rows"] == N // 3
    assert got == expected


def test_a_dry_run_in_chunks_writes_nothing(books: tuple[Path, Path], tmp_path: Path) -> None:
    whole, streamed = books
    expected = _run(whole, tmp_path, "w.xlsx", write=False)
    got = _run(streamed, tmp_path, "s.xlsx", write=False, chunk_rows=5)
    assert got[1] == {} and expected[1] == {}
    assert got[0] == expected[0] and got[0]["counts"]["overdue"] > 0


def test_followups_leaves_no_chunk_folder_behind(books: tuple[Path, Path],
                                                 tmp_path: Path) -> None:
    mine = f"{spill_prefix('chunks')}{os.getpid()}-"
    _run(books[1], tmp_path, "s.xlsx", chunk_rows=10)
    assert not [p for p in Path(tempfile.gettempdir()).iterdir()
                if p.name.startswith(mine)]


@pytest.mark.parametrize("chunk_rows", [1, 64])
def test_customers_in_chunks_writes_and_reports_what_one_whole_read_does(
        books: tuple[Path, Path], tmp_path: Path, chunk_rows: int) -> None:
    """`salesxl customers` alone (the same sync) reads and writes a streamed Leads sheet the
    same way."""
    whole, streamed = books
    out = []
    for book, name, kw in ((whole, "w.xlsx", {}), (streamed, "s.xlsx",
                                                   {"chunk_rows": chunk_rows})):
        copy = tmp_path / name
        copy.write_bytes(book.read_bytes())
        before = _members(copy)
        js = customers(copy, TODAY, **kw).to_json()
        js.pop("book")
        out.append((js, {m: d for m, d in _members(copy).items() if before.get(m) != d}))
    (expected, changed), got = out
    assert expected["new"] and expected["linked"] > 0 and expected["referrals"]
    assert len(changed) >= 2  # the Leads sheet and the Customers sheet at least
    assert got == (expected, changed)
