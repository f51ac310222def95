"""`salesxl followups`: next follow-up date, channel and status for every lead, written in place.

Reads Leads and Activities, computes the follow-ups with `salesxl.core.rules.followups` (tier
cadence, stage factor, Korean business days by default), writes the cells that change and,
when asked, an iCalendar file with one event per follow-up (`salesxl.io.ics`).

After the sale (seed step 7), the same run keeps the customers going: it syncs the Customers
sheet (`salesxl.commands.customers`: a won lead becomes or updates its customer's row) and
lists the customers apart from the open leads: each customer's next touch on its tier's
cadence (a won lead's own follow-up is handed over to its customer's row, so a customer is
never listed twice), a "thank the referrer" follow-up for every referred lead that was won,
and the birthdays and anniversaries of the customer file in the next `REMINDER_DAYS` days.
The calendar holds all of them (birthdays and anniversaries as yearly events).

Example:
    >>> report = followups("team.xlsx", today=dt.date(2026, 11, 27), ics="me.ics")  # doctest: +SKIP
    >>> report.counts  # doctest: +SKIP
    {'overdue': 12, 'due': 3, 'scheduled': 80, 'none': 5}
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from salesxl.commands.customers import CustomersReport, column_lists, sync
from salesxl.core.cells import to_a1
from salesxl.core.config import Config
from salesxl.core.errors import Problem, UsageError
from salesxl.core.progress import phase
from salesxl.core.rules import customers as after
from salesxl.core.rules.followups import OUTPUTS, follow_ups, last_activity
from salesxl.core.schema import FOLLOW_UP_STATUSES, LEADS
from salesxl.core.values import cell_value
from salesxl.io.book import CHUNK_ROWS, Book
from salesxl.io.ics import FollowUpEvent, write_ics
from salesxl.io.read import TableData
from salesxl.io.tables import ColumnPlan

LEAD_INPUTS = ("lead_id", "rep", "company", "contact_name", "phone", "stage", "outcome", "tier",
               "last_contact_on", "stage_updated_on", "created_on", "resume_on")
ACTIVITY_INPUTS = ("lead_id", "date")
KEPT = (*LEAD_INPUTS, *after.LEAD_INPUTS, *after.LEAD_OUTPUTS, *OUTPUTS)
"""The Leads columns followups holds (read or written; the rest is never used here)."""
REMINDER_DAYS = 14
"""Birthdays and anniversaries this many days ahead (today included) are on the agenda."""


@dataclass(slots=True)  # one per overdue or due lead: hundreds of thousands at 1M rows
class FollowUpLine:
    """One lead's follow-up, for summaries."""

    lead_id: str | None
    company: str | None
    date: dt.date
    channel: str | None
    status: str
    cell: str  # the next_follow_up_on cell, e.g. 'Leads!AG12'
    kind: str = "follow_up"  # follow_up | touch | thank_referrer | birthday | anniversary
    note: str | None = None  # the contact; for a thank-you, the referred lead won
    rep: str | None = None


@dataclass
class FollowupsReport:
    """What `followups` computed and wrote."""

    path: Path
    today: dt.date
    rows: int  # leads computed (all, or the rep's)
    counts: dict[str, int]
    problems: list[Problem]
    cells_written: int = 0
    columns_added: list[str] = field(default_factory=list)
    agenda: list[FollowUpLine] = field(default_factory=list)  # overdue and due, by date
    ics: Path | None = None
    events: int = 0
    rep: str | None = None
    dated_today: int = 0  # leads with no date at all: 등록일 set to today, counted from it
    customer_counts: dict[str, int] = field(default_factory=dict)  # touches by status
    customer_agenda: list[FollowUpLine] = field(default_factory=list)  # touches, thanks, days
    handed_over: int = 0  # won leads (of the rep): their follow-up is their customer's touch
    customers: CustomersReport | None = None

    def to_json(self) -> dict[str, object]:
        """The report as JSON-ready data (dates ISO, cells A1)."""
        return {
            "customers": {
                "counts": self.customer_counts, "handed_over": self.handed_over,
                "new": [vars(c) for c in self.customers.new] if self.customers else [],
                "referrals": ([vars(r) for r in self.customers.referrals]
                              if self.customers else []),
                "agenda": [{"kind": a.kind, "date": a.date.isoformat(),
                            "days_late": (self.today - a.date).days
                            if a.status == "overdue" else 0, "status": a.status,
                            "id": a.lead_id, "company": a.company, "channel": a.channel,
                            "note": a.note, "rep": a.rep, "cell": a.cell}
                           for a in self.customer_agenda],
            },
            "book": str(self.path), "today": self.today.isoformat(), "rep": self.rep,
            "rows": self.rows, "counts": self.counts, "cells_written": self.cells_written,
            "columns_added": self.columns_added,
            "agenda": [{"date": a.date.isoformat(), "days_late": (self.today - a.date).days
                        if a.status == "overdue" else 0, "status": a.status,
                        "lead_id": a.lead_id, "company": a.company, "channel": a.channel,
                        "cell": a.cell} for a in self.agenda],
            "problems": [{"cell": p.where, "column": p.column, "value": str(p.value),
                          "message": p.message} for p in self.problems],
            "calendar": str(self.ics) if self.ics else None, "events": self.events,
            "dated_today": self.dated_today,
        }


def schedule(leads: pd.DataFrame, activities: pd.DataFrame | None, cfg: Config,
             today: dt.date) -> pd.DataFrame:
    """The follow-ups of canonical `leads` (`LEAD_INPUTS`) and their Activities: the one
    pipeline the command and the Excel functions both run."""
    return follow_ups(leads, cfg, today, last_activity(leads["lead_id"], activities))


def _select_rep(values: pd.DataFrame, rep: str | None) -> np.ndarray:
    if rep is None:
        return np.ones(len(values), dtype=bool)
    want = rep.strip().casefold()
    reps = [str(v).strip() if v is not None else "" for v in values["rep"]]
    mask = np.array([r.casefold() == want for r in reps], dtype=bool)
    if not mask.any():
        found = sorted({r for r in reps if r})
        if not found:
            raise UsageError("no lead of rep {rep!r} in the Leads table; reps found: (the Rep "
                             "column is empty)", rep=rep)
        raise UsageError("no lead of rep {rep!r} in the Leads table; reps found: {found}",
                         rep=rep, found=", ".join(found))
    return mask


def followups(book: str | Path | Book, today: dt.date | None = None, *, rep: str | None = None,
              ics: str | Path | None = None, write: bool = True,
              now: dt.datetime | None = None, force: bool = False,
              recalc: bool = False, chunk_rows: int = CHUNK_ROWS) -> FollowupsReport:
    """Compute and write `next_follow_up_on`, `follow_up_channel`, `follow_up_status`, and keep
    the customers going (the Customers sheet synced, each customer's next touch).

    Args:
        book: the team workbook, or a `Book` already open (the Excel buttons pass one).
        today: the day overdue is measured against (default: the real date).
        rep: only this rep's leads (their name in the Rep column, any case) and customers.
        ics: also write an iCalendar file here, one all-day event per follow-up, customer
            touch, thank-you, birthday and anniversary.
        write: write the results into the workbook (False: only compute and report).
        now: the time stamped on calendar events (default: now).
        chunk_rows: rows read at a time when the Leads sheet is too large for the fast
            reader (memory; the results do not depend on it).

    Returns:
        A `FollowupsReport` with counts by status, the overdue and due agenda, the customers'
        agenda, problems.

    Raises:
        UsageError: `rep` has no leads.
        WorkbookError: the workbook cannot be read or written.

    Example:
        >>> followups("team.xlsx", dt.date(2026, 11, 27), rep="김지훈").counts["due"]  # doctest: +SKIP
        3
    """
    today = today or dt.date.today()
    own = not isinstance(book, Book)
    phase("read")
    wb = book if isinstance(book, Book) else Book.open(
        book, tables=["leads", "activities", "customers"], write=write, force=force,
        recalc=recalc, keep={"leads": KEPT}, lazy=["leads"], chunk_rows=chunk_rows)
    try:
        return _followups(wb, today, own, rep=rep, ics=ics, write=write, now=now)
    finally:
        if own:
            wb.close()  # the Leads chunks kept on disk between passes


def _followups(wb: Book, today: dt.date, own: bool, *, rep: str | None,
               ics: str | Path | None, write: bool, now: dt.datetime | None
               ) -> FollowupsReport:
    path = wb.path
    td = wb.table("leads")
    cfg = wb.config
    problems: list[Problem] = []
    keys = list(dict.fromkeys((*LEAD_INPUTS, *after.LEAD_INPUTS)))
    values, _ = wb.values("leads", keys, problems)
    acts = wb.values("activities", ACTIVITY_INPUTS, problems)[0] \
        if wb.has("activities") else None
    phase("rules")
    selected = _select_rep(values, rep)
    chosen = values if rep is None else values[selected]  # every lead: no copy of them all
    undated = _undated(chosen, acts, cfg)
    if len(undated):  # no date to count from: count from today, and the row shows it
        created = chosen["created_on"].copy()
        created.loc[undated] = today
        chosen = chosen.copy(deep=False)  # the other columns shared, not copied
        chosen["created_on"] = created
    results = schedule(chosen, acts, cfg, today)
    crep = None
    if own or wb.has("customers"):  # an open workbook without its Customers sheet: leads only
        crep = sync(wb, today, problems, leads=values, create=own)
    counts = {ch.key: 0 for ch in FOLLOW_UP_STATUSES}
    counts.update({str(k): int(v) for k, v in results["follow_up_status"].value_counts().items()})
    report = FollowupsReport(path, today, len(chosen), counts, problems, rep=rep,
                             dated_today=len(undated))
    plan = wb.plan("leads", OUTPUTS)
    report.agenda = _agenda(td, chosen, results, plan)
    events = _events(td, chosen, results, cfg, wb.lang) if ics is not None else []
    if crep is not None:
        report.customers = crep
        assert crep.result is not None
        report.handed_over = int(crep.result.purchase[selected].sum())
        _customers_agenda(report, wb, crep, values, rep, today)
        if ics is not None:
            events += _customer_events(wb, crep, values, rep, today)
    if ics is not None:
        report.ics = write_ics(ics, events, path, wb.lang, now=now)
        report.events = len(events)
    if write:
        phase("write")
        wb.write_columns("leads", results, plan=plan)
        if len(undated):
            wb.write_columns("leads", chosen.loc[undated, ["created_on"]])
        saved = wb.save()
        report.cells_written = saved.cells_written
        report.columns_added = saved.columns_added
    return report


def _undated(leads: pd.DataFrame, activities: pd.DataFrame | None, cfg: Config) -> pd.Index:
    """Leads that would get a follow-up (a tier, not lost) but have no date to count it from:
    no created, last-contact or stage date and no activity."""
    from salesxl.core.rules.followups import last_activity

    acted = last_activity(leads["lead_id"], activities).notna().to_numpy()
    lost = {s.key for s in cfg.stages if s.type == "lost"}
    mask = (leads["tier"].notna() & ~leads["stage"].isin(lost)
            & leads["created_on"].isna() & leads["last_contact_on"].isna()
            & leads["stage_updated_on"].isna()).to_numpy() & ~acted
    return leads.index[mask]


def _mine(rep: str | None, owner: object) -> bool:
    return rep is None or (isinstance(owner, str) and owner.strip().casefold()
                           == rep.strip().casefold())


def _where(wb: Book, crep: CustomersReport, key: str) -> tuple[str, int]:
    """The Customers sheet and the column of `key` on it (as the sync wrote it)."""
    col = crep.columns.get(key)
    if col is None and wb.has("customers"):
        col = wb.table("customers").columns.get(key)
    return crep.sheet or "", col or 0


def _referrers(values: pd.DataFrame,
               crep: CustomersReport) -> Callable[[tuple[str, str]], tuple[str, Any, Any, Any]]:
    """(table, index label, company, phone) of a referrer node: a lead by its ID (the first
    row with it), else a customer by its ID. The IDs are indexed once, not searched through
    every lead for each thank-you (a million leads times every referral)."""
    assert crep.result is not None
    cust = crep.result.customers
    leads: dict[str, Any] = {}
    customers: dict[str, Any] = {}
    indexed = False

    def row(node: tuple[str, str]) -> tuple[str, Any, Any, Any]:
        nonlocal indexed
        if not indexed:  # on the first thank-you only
            indexed = True
            for r, lid in zip(values.index, values["lead_id"], strict=True):
                if isinstance(lid, str):
                    leads.setdefault(lid.strip(), r)
            for r, cid in zip(cust.index, cust["customer_id"], strict=True):
                if isinstance(cid, str):
                    customers.setdefault(cid.strip(), r)
        kind, ident = node
        r = leads.get(ident) if kind == "lead" else None
        if r is not None:
            return "leads", r, values.at[r, "company"], values.at[r, "phone"]
        r = customers.get(ident)
        if r is not None:
            return "customers", r, cust.at[r, "company"], None
        return kind, None, None, None
    return row


def _owners(values: pd.DataFrame, crep: CustomersReport) -> dict[str, Any]:
    """The rep of each won referred lead to thank for (by its lead ID, the last row with
    it): only those leads, not a million leads' IDs."""
    assert crep.result is not None
    wanted = {t.referred for t in crep.result.thank_yous}
    if not wanted:
        return {}
    return {key: owner for lid, owner in zip(values["lead_id"], values["rep"], strict=True)
            if isinstance(lid, str) and (key := lid.strip()) in wanted}


def _customers_agenda(report: FollowupsReport, wb: Book, crep: CustomersReport,
                      values: pd.DataFrame, rep: str | None, today: dt.date) -> None:
    assert crep.result is not None
    cust = crep.result.customers
    counts = {ch.key: 0 for ch in FOLLOW_UP_STATUSES}
    lines: list[FollowUpLine] = []
    sheet, touch_col = _where(wb, crep, "next_touch_on")
    got = column_lists(cust, (  # by column: no `cust.at` per customer
        "customer_id", "touch_status", "rep", "company", "next_touch_on", "touch_channel",
        "contact_name"))
    for i, r in enumerate(cust.index):
        cid, status, owner = got["customer_id"][i], got["touch_status"][i], got["rep"][i]
        if not cid or not status or not _mine(rep, owner):
            continue
        counts[str(status)] = counts.get(str(status), 0) + 1
        if status in ("overdue", "due"):
            lines.append(FollowUpLine(str(cid), got["company"][i], got["next_touch_on"][i],
                                      got["touch_channel"][i], str(status),
                                      f"{sheet}!{to_a1(int(r), touch_col)}", "touch",
                                      got["contact_name"][i], owner))
    won_by = _owners(values, crep)
    referrer = _referrers(values, crep)
    for thanks in crep.result.thank_yous:
        owner = won_by.get(thanks.referred)
        if not _mine(rep, owner):
            continue
        table, row, company, _phone = referrer(thanks.referrer)
        where = (f"{wb.table('leads').sheet}!{to_a1(int(row), 0)}" if table == "leads"
                 and row is not None else f"{sheet}!{to_a1(int(row), 0)}" if row is not None
                 else "")
        lines.append(FollowUpLine(thanks.referrer[1], company, thanks.date, None, thanks.status,
                                  where, "thank_referrer", thanks.referred, owner))
    for occ in after.occasions(cust, today):
        if (occ.date - today).days >= REMINDER_DAYS or not _mine(rep, cust.at[occ.row, "rep"]):
            continue
        _, col = _where(wb, crep, occ.kind)
        lines.append(FollowUpLine(occ.customer_id or "", occ.company, occ.date, None,
                                  "due" if occ.date == today else "scheduled",
                                  f"{sheet}!{to_a1(int(occ.row), col)}", occ.kind, occ.contact,
                                  cust.at[occ.row, "rep"]))
    report.customer_counts = counts
    report.customer_agenda = sorted(lines, key=lambda x: (x.date, x.status != "overdue",
                                                          x.kind, str(x.lead_id)))


def _customer_events(wb: Book, crep: CustomersReport, values: pd.DataFrame, rep: str | None,
                     today: dt.date) -> list[FollowUpEvent]:
    assert crep.result is not None
    cust = crep.result.customers
    sheet, _ = _where(wb, crep, "customer_id")
    events: list[FollowUpEvent] = []
    got = column_lists(cust, (  # by column: no `cust.at` per customer
        "customer_id", "next_touch_on", "touch_status", "rep", "touch_channel", "company",
        "contact_name"))
    for i, r in enumerate(cust.index):
        cid, date, status = got["customer_id"][i], got["next_touch_on"][i], got["touch_status"][i]
        if not cid or date is None or status in (None, "none") or \
                not _mine(rep, got["rep"][i]):
            continue
        events.append(FollowUpEvent(str(cid), date, got["touch_channel"][i], str(status),
                                    got["company"][i], got["contact_name"][i], None,
                                    None, sheet, int(r), 0, kind="touch"))
    won_by = _owners(values, crep)
    referrer = _referrers(values, crep)
    for thanks in crep.result.thank_yous:
        if not _mine(rep, won_by.get(thanks.referred)):
            continue
        table, row, company, phone = referrer(thanks.referrer)
        contact = (values.at[row, "contact_name"] if table == "leads" else
                   cust.at[row, "contact_name"] if row is not None else None)
        events.append(FollowUpEvent(
            thanks.referrer[1], thanks.date, None, thanks.status, company, contact, phone, None,
            wb.table("leads").sheet if table == "leads" else sheet,
            int(row) if row is not None else 0, 0, kind="thank_referrer", note=thanks.referred))
    for occ in after.occasions(cust, today):
        if not _mine(rep, cust.at[occ.row, "rep"]):
            continue
        events.append(FollowUpEvent(
            occ.customer_id or f"row {int(occ.row) + 1}", occ.date, None, "scheduled",
            occ.company, occ.contact, None, None, sheet, int(occ.row), 0, kind=occ.kind,
            yearly=True))
    return events


def _agenda(td: TableData, values: pd.DataFrame, results: pd.DataFrame,
            plan: ColumnPlan) -> list[FollowUpLine]:
    c = plan.columns["next_follow_up_on"]
    rows = values[["lead_id", "company"]].itertuples(index=False, name=None)
    lines = [
        FollowUpLine(lead_id, company, date, channel, status, f"{td.sheet}!{to_a1(int(r), c)}")
        for r, (lead_id, company), (date, channel, status) in zip(
            results.index, rows, results.itertuples(index=False, name=None), strict=True)
        if status in ("overdue", "due")
    ]
    return sorted(lines, key=lambda x: (x.date, x.status != "overdue", str(x.lead_id)))


def _events(td: TableData, values: pd.DataFrame, results: pd.DataFrame, cfg: Config,
            lang: str) -> list[FollowUpEvent]:
    col = td.columns.get("lead_id", 0)
    stage_col = LEADS.column("stage")
    events = []
    labels: dict[str, str] = {}
    rows = values[["lead_id", "stage", "company", "contact_name", "phone"]]
    for r, (lead_id, stage, company, contact, phone), (date, channel, status) in zip(
            results.index, rows.itertuples(index=False, name=None),
            results.itertuples(index=False, name=None), strict=True):
        if status == "none" or date is None:
            continue
        if stage and stage not in labels:
            labels[stage] = str(cell_value(stage_col, stage, cfg, lang))
        events.append(FollowUpEvent(str(lead_id or f"row {int(r) + 1}"), date, channel, status,
                                    company, contact, phone, labels.get(stage or ""), td.sheet,
                                    int(r), col))
    return events
