"""`salesxl customers`: bring the Customers sheet and the leads' customer links up to date.

Runs `salesxl.core.rules.customers.after_sale` on the workbook and writes, in one save:

- on Leads: ``customer_id`` where it was blank and the lead is a customer's (the identity rule),
  and ``referred_by_id`` (``referred_by`` resolved to a lead or customer ID);
- on Customers: a new row for each customer's first won deal (``C-0001``...), and for every
  customer the figures salesxl keeps (customer since, deals won, total won, last purchase, next
  touch and its status, referred by, referrals); company, contact, rep, tier, lead ID and touch
  channel only where blank. A workbook without a Customers sheet gets one when there is a
  customer to write.

The sync is idempotent: a second run writes nothing. `advance` runs it when a lead is won and
`followups` on every run, so the Customers sheet follows without a separate step; this command
runs it alone and lists what needs the rep: referral names that match nothing or several
leads, a customer ID typed on a lead that no Customers row has, leads that could belong to
several customers, a customer ID on two rows.

Example:
    >>> report = customers("team.xlsx", today=dt.date(2026, 11, 27))  # doctest: +SKIP
    >>> [c.customer_id for c in report.new]  # doctest: +SKIP
    ['C-0004']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from salesxl.core.cells import to_a1
from salesxl.core.errors import Problem
from salesxl.core.rules.customers import (
    COMPUTED,
    CUSTOMER_INPUTS,
    FILLED,
    LEAD_INPUTS,
    LEAD_OUTPUTS,
    AfterSale,
    after_sale,
)
from salesxl.core.schema import CUSTOMERS
from salesxl.core.values import cell_value
from salesxl.io.book import CHUNK_ROWS, Book
from salesxl.io.parts.newsheet import free_sheet_name
from salesxl.io.patch import NewSheet

ACTIVITY_INPUTS = ("lead_id", "date")
KEPT = (*LEAD_INPUTS, *LEAD_OUTPUTS)
"""The Leads columns the sync holds (read or written; the rest is never used here)."""


@dataclass
class NewCustomer:
    """A customer added by this run."""

    customer_id: str
    lead_id: str | None  # its first won deal
    company: str | None
    contact: str | None
    cell: str  # the Customers row's customer ID cell, e.g. 'Customers!A5'


@dataclass
class ReferralLine:
    """A ``referred_by`` the rep must look at: it names nothing, several, or the lead itself."""

    lead_id: str | None
    text: str
    how: str  # unresolved | ambiguous | self
    candidates: tuple[str, ...]  # shared by every line of one name, never copied per line
    cell: str


@dataclass
class LinkLine:
    """A customer link the rep must decide."""

    kind: str  # unknown_customer | ambiguous | duplicate_id
    customer_ids: list[str]
    lead_ids: list[str]
    cells: list[str]


@dataclass
class CustomersReport:
    """What a customers sync found and wrote."""

    path: Path
    today: dt.date
    customers: int = 0  # Customers rows with a customer ID
    new: list[NewCustomer] = field(default_factory=list)
    linked: int = 0  # leads whose customer ID salesxl filled in this run
    referred: int = 0  # leads with something in referred_by
    resolved: int = 0  # ... resolved to a lead or a customer ID
    referrals: list[ReferralLine] = field(default_factory=list)
    links: list[LinkLine] = field(default_factory=list)
    chains: dict[str, list[str]] = field(default_factory=dict)  # lead ID -> its referral chain
    problems: list[Problem] = field(default_factory=list)
    sheet: str | None = None  # the Customers sheet
    sheet_added: bool = False
    cells_written: int = 0
    columns_added: list[str] = field(default_factory=list)
    result: AfterSale | None = field(default=None, repr=False)
    columns: dict[str, int] = field(default_factory=dict, repr=False)  # Customers columns

    def to_json(self) -> dict[str, object]:
        """The report as JSON-ready data."""
        return {
            "book": str(self.path), "today": self.today.isoformat(),
            "customers": self.customers, "linked": self.linked, "referred": self.referred,
            "resolved": self.resolved, "sheet": self.sheet, "sheet_added": self.sheet_added,
            "cells_written": self.cells_written, "columns_added": self.columns_added,
            "new": [vars(c) for c in self.new],
            "referrals": [vars(r) for r in self.referrals],
            "links": [vars(link) for link in self.links],
            "chains": self.chains,
            "problems": [{"cell": p.where, "column": p.column, "value": str(p.value),
                          "message": p.message} for p in self.problems],
        }


def read_after_sale(wb: Book, today: dt.date, problems: list[Problem], *,
                    leads: pd.DataFrame | None = None) -> tuple[AfterSale, pd.DataFrame]:
    """`after_sale` over the workbook's Leads (or `leads` given), Customers and Activities;
    returns it and the Leads values it ran on."""
    if leads is None:
        leads = wb.values("leads", LEAD_INPUTS, problems)[0]
    acts = wb.values("activities", ACTIVITY_INPUTS, problems)[0] \
        if wb.has("activities") else None
    if wb.has("customers"):
        td = wb.table("customers")
        cust = wb.values("customers", CUSTOMER_INPUTS, problems)[0]
        first_new = td.last_row + 1
    else:
        cust, first_new = pd.DataFrame(columns=list(CUSTOMER_INPUTS), dtype=object), 1
    return after_sale(leads, cust, acts, wb.config, today, first_new_row=first_new), leads


def sync(wb: Book, today: dt.date, problems: list[Problem] | None = None, *,
         leads: pd.DataFrame | None = None, create: bool = True) -> CustomersReport:
    """Compute the after-sale state of an open workbook and collect its writes (no save).

    Args:
        wb: the workbook (with its Leads; Customers and Activities when it has them).
        today: the day touches are measured against.
        problems: unreadable cells are added here.
        leads: the Leads values to use instead of the sheet's (`advance` passes the leads as
            they are after its moves); at least `LEAD_INPUTS`, indexed by worksheet row.
        create: add a Customers sheet when the workbook has none and there is a customer
            (the Excel buttons cannot add a sheet to an open workbook).
    """
    problems = problems if problems is not None else []
    report = CustomersReport(wb.path, today, problems=problems)
    result, leads = read_after_sale(wb, today, problems, leads=leads)
    report.result = result
    lang, cfg = wb.lang, wb.config
    leads_td = wb.table("leads")
    lead_ids = pd.Series([_text(v) for v in leads["lead_id"]], index=leads.index, dtype=object)
    plan = wb.write_columns("leads", result.lead_outputs())
    report.linked = int(result.filled.sum())
    cust = result.customers
    report.customers = sum(1 for v in cust["customer_id"] if _text(v))
    _referrals(report, result, lead_ids, leads_td.sheet, leads_td.columns)
    _chains(report, result, lead_ids)
    id_col = 0
    if wb.has("customers"):
        report.sheet = wb.table("customers").sheet
        cplan = wb.write_columns("customers", cust[[*COMPUTED, *FILLED]])
        id_col = cplan.columns["customer_id"]
        report.columns = {**wb.table("customers").columns, **cplan.columns}
    elif result.new_rows and create:
        report.sheet = free_sheet_name(CUSTOMERS.label(lang), wb.data.sheet_names)
        rows: list[list[Any]] = [[c.label(lang) for c in CUSTOMERS.columns]]
        # by column, not `cust.at` per cell (a million leads' customers took minutes)
        got = column_lists(cust, [c.key for c in CUSTOMERS.columns])
        rows += [[cell_value(c, got[c.key][i], cfg, lang) for c in CUSTOMERS.columns]
                 for i in range(len(cust))]
        wb.add_sheet(NewSheet(report.sheet, rows))
        report.sheet_added = True
        report.columns = {c.key: i for i, c in enumerate(CUSTOMERS.columns)}
    if report.sheet is not None:
        rows_new = [*result.assigned_rows, *result.new_rows]
        at = cust.index.get_indexer(rows_new)
        got = column_lists(cust, ("customer_id", "lead_id", "company", "contact_name"))
        for r, i in zip(rows_new, at.tolist(), strict=True):
            report.new.append(NewCustomer(
                str(got["customer_id"][i]), _text(got["lead_id"][i]), _text(got["company"][i]),
                _text(got["contact_name"][i]), f"{report.sheet}!{to_a1(int(r), id_col)}"))
    _links(report, result, lead_ids, leads_td.sheet, plan.columns["customer_id"], id_col)
    return report


def customers(book: str | Path | Book, today: dt.date | None = None, *, write: bool = True,
              force: bool = False, chunk_rows: int = CHUNK_ROWS) -> CustomersReport:
    """Sync the Customers sheet and the leads' customer and referrer links of `book`.

    Args:
        book: the team workbook (or a `Book` already open).
        today: the day touches are measured against (default: the real date).
        write: save the changes (False: only compute and report).
        force: write into a workbook marked read-only.
        chunk_rows: rows read at a time when the Leads sheet is too large for the fast
            reader (memory; the results do not depend on it).

    Returns:
        A `CustomersReport`.

    Raises:
        WorkbookError: the workbook cannot be read or written.
        TableNotFoundError: it has no Leads table.
    """
    today = today or dt.date.today()
    own = not isinstance(book, Book)
    wb = book if isinstance(book, Book) else Book.open(
        book, tables=["leads", "activities", "customers"], write=write, force=force,
        keep={"leads": KEPT}, lazy=["leads"], chunk_rows=chunk_rows)
    try:
        report = sync(wb, today, create=own or wb.has("customers"))
        if write:
            saved = wb.save()
            report.cells_written = saved.cells_written
            report.columns_added = saved.columns_added
        return report
    finally:
        if own:
            wb.close()  # the Leads chunks kept on disk between passes


# --- the report's lists --------------------------------------------------------------------
def column_lists(frame: pd.DataFrame, keys: Iterable[str]) -> dict[str, list[Any]]:
    """Columns of `frame` as lists of the values ``frame.at`` gives (a loop over a million
    rows reads them once instead of calling ``.at`` per cell)."""
    return {key: list(frame[key].array) for key in keys}


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = str(value).strip()
    return text or None


def _referrals(report: CustomersReport, result: AfterSale, lead_ids: pd.Series, sheet: str,
               columns: dict[str, int]) -> None:
    col = columns.get("referred_by", 0)
    ref = result.referrals
    ids = dict(zip(lead_ids.index, lead_ids, strict=True))  # not lead_ids.at per referral
    for r, how, cands, text in zip(ref.index, ref["how"], ref["candidates"], ref["text"],
                                   strict=True):
        if how == "none":
            continue
        report.referred += 1
        if how in ("id", "name"):
            report.resolved += 1
            continue
        report.referrals.append(ReferralLine(ids[r], str(text), how, tuple(cands),
                                             f"{sheet}!{to_a1(int(r), col)}"))


def _chains(report: CustomersReport, result: AfterSale, lead_ids: pd.Series) -> None:
    # the referrals are indexed like the leads: one pass over both columns, no `.at` per row
    assert result.referrals.index.equals(lead_ids.index)
    for lid, target in zip(lead_ids.array, result.referrals["referred_by_id"].array,
                           strict=True):
        if target and lid:
            report.chains[lid] = [i for _, i in result.graph.chain(("lead", lid))]


def _links(report: CustomersReport, result: AfterSale, lead_ids: pd.Series, sheet: str,
           lead_col: int, id_col: int) -> None:
    for issue in result.issues:
        cells = [f"{sheet}!{to_a1(int(r), lead_col)}" for r in issue.lead_rows]
        cells += [f"{report.sheet}!{to_a1(int(r), id_col)}" for r in issue.customer_rows]
        report.links.append(LinkLine(issue.kind, list(issue.customer_ids),
                                     [str(lead_ids.at[r]) for r in issue.lead_rows], cells))
