"""After the sale: which leads are purchases of which customer, and the Customers rows.

The seed's step 7 (후속 조치, 재구매 및 추천) keeps a won customer alive: follow-up on the tier's
cadence, repurchase and upsell, referrals, and the rep's customer file. `after_sale` computes
all of it from canonical Leads, Customers and Activities values; nothing here opens a file.

**Purchases.** A lead whose stage is of type won (``won``, and ``upgraded``: an upsell) is a
purchase. Its day is ``stage_updated_on`` (the day it was won), else ``expected_close_on``,
else ``created_on``; its amount is ``deal_amount`` (blank counts 0).

**Linking** (the one identity rule, `salesxl.core.identity`, nowhere else): lead rows and
Customers rows are grouped by the keys they share — a lead by its ID, e-mail, phone and
company + contact (`lead_keys(..., ids_unique=True)`: one workbook), a Customers row by the lead
ID it was opened for and its company + contact. In each group:

- a lead whose ``customer_id`` is typed keeps it (a rep links a new contact of a customer by
  hand); a typed ID no Customers row has is reported (``unknown_customer``) and not counted;
- the group's customers are its Customers rows with an ID and the IDs its leads name. One:
  every lead of the group without an ID is linked to it. None, and the group holds a purchase:
  a new customer (the group's customer-file row without an ID gets it, else a new row),
  numbered ``C-0001``, ``C-0002``... after the highest such number, in order of first purchase.
  Several: nothing is guessed, the leads stay unlinked and the group is reported
  (``ambiguous``) for the rep to write the customer ID;
- a Customers ID on two rows: the first row is the customer, the other is reported
  (``duplicate_id``) and left alone; two Customers rows with different IDs in one group (the
  same customer in two reps' files, after a consolidation) are reported (``same_customer``)
  for the rep to merge by hand: a customer file is never merged by salesxl.

**The Customers row.** salesxl always writes customer since (first purchase), deals won, total
won, last purchase, next touch and its status, who referred the customer, and the referrals
they made. It fills company, contact, rep and tier (from the latest purchase), the lead ID (the
first purchase) and the touch channel (the tier's) only where they are blank: the rep's own
values stay. Nothing is ever deleted; the personal columns are never written.

**Touch** (the follow-up rules of `salesxl.core.rules.followups`, unchanged): the customer's
tier cadence after the latest of its last purchase, its ``last_touch_on`` and the last contact
or activity of any of its leads, on business days; a past date is kept and is ``overdue``. A
won lead's own row has no follow-up (`salesxl.core.rules.followups`): its customer's row
carries it.

**Occasions.** Birthdays and anniversaries of the customer file come back every year: the next
one on or after today (29 February: the 28th in other years).

Example:
    >>> import datetime as dt
    >>> from salesxl.core.config import Config
    >>> leads = pd.DataFrame({"lead_id": ["L-1", "L-2", "L-3"], "email": ["a@x.kr", "a@x.kr", None],
    ...     "stage": ["won", "proposal", "won"], "tier": ["B", "B", "C"],
    ...     "deal_amount": [5e6, None, 2e6], "company": ["Apex", "Apex", "Blue"],
    ...     "stage_updated_on": [dt.date(2026, 3, 2), None, dt.date(2026, 5, 4)]})
    >>> out = after_sale(leads, pd.DataFrame(), None, Config.default(), dt.date(2026, 11, 27))
    >>> out.lead_customer.tolist(), out.customers["total_won"].tolist()
    (['C-0001', 'C-0001', 'C-0002'], [5000000.0, 2000000.0])
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import Any, Literal

import numpy as np
import pandas as pd

from salesxl.core.config import Config
from salesxl.core.identity import (
    company_key,
    group_labels,
    grouped,
    lead_id_key,
    lead_keys_by_column,
    person_key,
)
from salesxl.core.rules.columns import column, floats
from salesxl.core.rules.followups import channel_key, follow_ups, last_activity
from salesxl.core.rules.referrals import (
    Node,
    ReferralGraph,
    ThankYou,
    referral_graph,
    resolve_referrals,
    thank_yous,
)
from salesxl.core.schema import CUSTOMERS
from salesxl.core.values import read_text

LEAD_INPUTS = ("lead_id", "rep", "company", "contact_name", "email", "phone", "tier", "stage",
               "outcome", "source", "deal_amount", "stage_updated_on", "expected_close_on",
               "created_on", "last_contact_on", "customer_id", "referred_by")
"""The Leads columns `after_sale` reads."""
LEAD_OUTPUTS = ("customer_id", "referred_by_id")
"""The Leads columns `after_sale` writes."""
CUSTOMER_INPUTS = tuple(CUSTOMERS.keys)
COMPUTED = ("customer_since", "deal_count", "total_won", "last_purchase_on", "next_touch_on",
            "touch_status", "referred_by_id", "referrals", "referred_ids")
"""Customers columns salesxl always writes (for a row with a customer ID)."""
FILLED = ("customer_id", "company", "contact_name", "rep", "tier", "lead_id", "touch_channel")
"""Customers columns salesxl writes only where they are blank."""
ID_PREFIX = "C-"
KEY_BLOCK = 50_000
"""Leads whose identity keys are made at a time (a million leads' keys at once: 1 GB)."""
_ID_NUMBER = re.compile(r"^c-?(\d+)$")

IssueKind = Literal["unknown_customer", "ambiguous", "duplicate_id", "same_customer"]


@dataclass(frozen=True)
class LinkIssue:
    """Something the rep must decide: the rows concerned and the customer IDs in play."""

    kind: IssueKind
    lead_rows: tuple[Any, ...] = ()  # index labels of the Leads frame
    customer_rows: tuple[Any, ...] = ()  # index labels of the Customers frame
    customer_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Occasion:
    """A birthday or an anniversary from the customer file, on its next day."""

    row: Any  # index label of the Customers frame
    kind: str  # birthday | anniversary
    date: dt.date
    customer_id: str | None
    company: str | None
    contact: str | None


@dataclass
class AfterSale:
    """Everything `after_sale` found; the frames are indexed like its inputs."""

    lead_customer: pd.Series  # each lead's customer ID (typed or found) or None
    filled: np.ndarray  # True where salesxl found the lead's customer (its cell was blank)
    purchase: np.ndarray  # True for a won or upgraded lead
    purchase_on: pd.Series  # each lead's purchase day (None when not a purchase)
    referrals: pd.DataFrame  # `resolve_referrals`
    graph: ReferralGraph
    customers: pd.DataFrame  # every Customers row after the sync (CUSTOMERS.keys columns)
    new_rows: list[Any]  # index labels of the rows added to `customers`
    assigned_rows: list[Any]  # existing customer-file rows that got a customer ID
    issues: list[LinkIssue] = field(default_factory=list)
    thank_yous: list[ThankYou] = field(default_factory=list)

    def lead_outputs(self) -> pd.DataFrame:
        """The Leads columns to write: customer_id and referred_by_id."""
        return pd.DataFrame({"customer_id": self.lead_customer,
                             "referred_by_id": self.referrals["referred_by_id"]},
                            index=self.lead_customer.index, dtype=object)


def _text(value: Any) -> str | None:
    return read_text(value) if value is not None else None


def _key(value: Any) -> str | None:
    return lead_id_key(value)


def is_purchase(leads: pd.DataFrame, cfg: Config) -> np.ndarray:
    """True for every lead in a stage of type won (or, without a stage, a won outcome).

    Example:
        >>> from salesxl.core.config import Config
        >>> is_purchase(pd.DataFrame({"stage": ["won", "upgraded", "lost", None],
        ...                           "outcome": [None, None, None, "won"]}),
        ...             Config.default()).tolist()
        [True, True, False, True]
    """
    won = {s.key for s in cfg.stages if s.type == "won"}
    return np.fromiter(
        (s in won if isinstance(s, str) else o in won
         for s, o in zip(column(leads, "stage"), column(leads, "outcome"), strict=True)),
        dtype=bool, count=len(leads))


def purchase_days(leads: pd.DataFrame, purchase: np.ndarray) -> pd.Series:
    """The purchase day of each purchase: stage date, else expected close, else created."""
    out = []
    for p, *days in zip(purchase, column(leads, "stage_updated_on"),
                        column(leads, "expected_close_on"), column(leads, "created_on"),
                        strict=True):
        day = next((d for d in days if isinstance(d, dt.date)), None) if p else None
        out.append(day.date() if isinstance(day, dt.datetime) else day)
    return pd.Series(out, index=leads.index, dtype=object, name="purchase_on")


def _lead_rows(leads: pd.DataFrame, region: str, block: int = KEY_BLOCK
               ) -> Iterator[list[tuple[str, str]]]:
    """Each lead's identity keys, made `block` rows at a time (never all at once)."""
    cols = [column(leads, k).tolist() for k in ("lead_id", "email", "phone", "company",
                                                  "contact_name")]
    for start in range(0, len(leads), block):
        yield from lead_keys_by_column(*(c[start:start + block] for c in cols),
                                       ids_unique=True, region=region)


def _customer_keys(customers: pd.DataFrame) -> list[list[tuple[str, str]]]:
    """A Customers row's keys: the lead it was opened for, its company + contact."""
    out = []
    for lid, comp, person in zip(column(customers, "lead_id"), column(customers, "company"),
                                 column(customers, "contact_name"), strict=True):
        keys: list[tuple[str, str]] = []
        if (k := _key(lid)) is not None:
            keys.append(("id", k))
        c, p = company_key(comp), person_key(person)
        if c and p:
            keys.append(("name", f"{c}\x1f{p}"))
        out.append(keys)
    return out


def next_customer_number(ids: Sequence[Any]) -> int:
    """1 + the highest number of the IDs written ``C-0007`` (any case, dash optional).

    Example:
        >>> next_customer_number(["C-0007", "c12", "K-99", None])
        13
    """
    numbers = [int(m.group(1)) for v in ids if (k := _key(v)) and (m := _ID_NUMBER.match(k))]
    return max(numbers, default=0) + 1


class _Rows:
    """The Customers rows as column lists while `after_sale` works on them (a pandas cell
    access costs microseconds, a list item nanoseconds: 20,000 leads in well under a second)."""

    def __init__(self, frame: pd.DataFrame):
        self.labels: list[Any] = list(frame.index)
        self.cols: dict[str, list[Any]] = {k: column(frame, k).tolist() for k in CUSTOMERS.keys}
        self.pos: dict[Any, int] = {r: j for j, r in enumerate(self.labels)}

    def get(self, r: Any, key: str) -> Any:
        return self.cols[key][self.pos[r]]

    def set(self, r: Any, key: str, value: Any) -> None:
        self.cols[key][self.pos[r]] = value

    def fill(self, r: Any, key: str, value: Any) -> None:
        """Write `value` into a blank cell only: the rep's own value stays."""
        if value is not None and _text(self.get(r, key)) is None:
            self.set(r, key, value)

    def add(self, label: Any, customer_id: str) -> None:
        self.pos[label] = len(self.labels)
        self.labels.append(label)
        for key, values in self.cols.items():
            values.append(customer_id if key == "customer_id" else None)

    def ids(self) -> dict[str, Any]:
        """Customer ID key -> the label of its (first) row."""
        out: dict[str, Any] = {}
        for r, cid in zip(self.labels, self.cols["customer_id"], strict=True):
            k = _key(cid)
            if k is not None:
                out.setdefault(k, r)
        return out

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.cols, index=pd.Index(self.labels), dtype=object)


def after_sale(leads: pd.DataFrame, customers: pd.DataFrame, activities: pd.DataFrame | None,
               cfg: Config, today: dt.date, *, first_new_row: int | None = None) -> AfterSale:
    """Link leads to customers, bring the Customers rows up to date, resolve referrals.

    Args:
        leads: canonical Leads values (`LEAD_INPUTS`; missing columns count as blank).
        customers: canonical Customers values (any of `CUSTOMER_INPUTS`); may be empty.
        activities: canonical Activities rows (lead_id, date) or None.
        cfg: stages (which are won), tiers (cadence, channel), the business-day calendar.
        today: the day touches and thank-yous are measured against.
        first_new_row: the index label of the first new Customers row (the worksheet row
            after the table's last); default: after the highest label, or 0.

    Returns:
        An `AfterSale`.
    """
    region = cfg.holiday_country if len(cfg.holiday_country) == 2 else "KR"
    n = len(leads)
    cust = _Rows(customers)
    lead = {k: column(leads, k).tolist() for k in LEAD_INPUTS}
    purchase = is_purchase(leads, cfg)
    days_s = purchase_days(leads, purchase)
    days: list[dt.date | None] = days_s.tolist()
    amounts = np.nan_to_num(floats(column(leads, "deal_amount")), nan=0.0)
    issues: list[LinkIssue] = []

    # customers by ID (the first row of an ID is the customer)
    row_of: dict[str, Any] = {}
    for r, cid in zip(cust.labels, cust.cols["customer_id"], strict=True):
        k = _key(cid)
        if k is None:
            continue
        if k in row_of:
            issues.append(LinkIssue("duplicate_id", (), (row_of[k], r), (str(_text(cid)),)))
            continue
        row_of[k] = r
    shown = {k: str(_text(cust.get(r, "customer_id"))) for k, r in row_of.items()}

    linked: list[str | None] = [None] * n
    unknown: list[int] = []
    for i, raw in enumerate(lead["customer_id"]):
        t = _text(raw)
        if t is None:
            continue
        if _key(t) in row_of:
            linked[i] = shown[_key(t) or ""]
        else:
            linked[i] = t  # kept as typed; reported unless this run gives a customer that ID
            unknown.append(i)

    labels = group_labels(chain(_lead_rows(leads, region), _customer_keys(customers)))
    # the groups of several rows, then each purchase alone in its group without a customer
    # ID (a row alone otherwise links nothing): not a list for every one of a million leads
    alone = np.bincount(labels, minlength=len(labels))[labels] == 1
    groups = grouped(labels, least=2) + [
        [i] for i in np.flatnonzero(alone[:n] & purchase).tolist() if linked[i] is None]
    new_ids: dict[int, str] = {}  # group number -> new ID
    pending: list[tuple[dt.date, int, int]] = []  # (first purchase, first row, group number)
    group_file: dict[int, Any] = {}
    filled = np.zeros(n, dtype=bool)
    for g, members in enumerate(groups):
        lead_i = [i for i in members if i < n]
        cust_r = [cust.labels[i - n] for i in members if i >= n]
        ids = {row_of[k] for r in cust_r if (k := _key(cust.get(r, "customer_id"))) in row_of
               and row_of[k] == r}
        for i in lead_i:
            if linked[i] is not None and _key(linked[i]) in row_of:
                ids.add(row_of[_key(linked[i]) or ""])
        candidates = sorted(ids, key=cust.pos.__getitem__)
        blank = [i for i in lead_i if linked[i] is None]
        rows_in = [r for r in candidates if r in cust_r]
        if len(rows_in) > 1:  # two Customers rows of one customer (two reps' files...)
            issues.append(LinkIssue(
                "same_customer", (), tuple(rows_in),
                tuple(str(_text(cust.get(r, "customer_id"))) for r in rows_in)))
        if len(candidates) == 1:
            cid = str(_text(cust.get(candidates[0], "customer_id")))
            for i in blank:
                linked[i], filled[i] = cid, True
        elif len(candidates) > 1:
            if blank:
                issues.append(LinkIssue(
                    "ambiguous", tuple(leads.index[i] for i in blank), tuple(candidates),
                    tuple(str(_text(cust.get(r, "customer_id"))) for r in candidates)))
        elif any(purchase[i] for i in blank):
            first = min((days[i] or dt.date.max, i) for i in blank if purchase[i])
            pending.append((first[0], first[1], g))
            files = [r for r in cust_r if _key(cust.get(r, "customer_id")) is None]
            if files:
                group_file[g] = files[0]
    number = next_customer_number(cust.cols["customer_id"])
    for _, _, g in sorted(pending):
        new_ids[g] = f"{ID_PREFIX}{number:04d}"
        number += 1
    new_rows: list[Any] = []
    assigned: list[Any] = []
    next_label = first_new_row if first_new_row is not None else (
        int(max(cust.labels)) + 1 if cust.labels else 0)
    for g, cid in new_ids.items():
        for i in groups[g]:
            if i < n and linked[i] is None:
                linked[i], filled[i] = cid, True
        if g in group_file:
            cust.set(group_file[g], "customer_id", cid)
            assigned.append(group_file[g])
        else:
            cust.add(next_label, cid)
            new_rows.append(next_label)
            next_label += 1
    made = {_key(cid) for cid in new_ids.values()}
    for i in unknown:
        if _key(linked[i]) not in made:
            issues.append(LinkIssue("unknown_customer", (leads.index[i],), (),
                                    (str(linked[i]),)))

    rows = cust.ids()
    at = [rows.get(_key(c) or "") for c in linked]  # each lead's customer row label or None
    _facts(cust, lead, at, purchase, days, amounts)
    lead_customer = pd.Series(linked, index=leads.index, dtype=object, name="customer_id")
    referrals = resolve_referrals(leads, lead_customer, cust.frame())
    graph = _referral_columns(cust, lead, linked, at, purchase, days, referrals)
    acts = last_activity(column(leads, "lead_id"), activities).tolist()
    _touches(cust, _touch_base(cust, lead, at, acts), cfg, today)
    frame = cust.frame()
    thanks = _thank_yous(lead, cust, linked, purchase, days, referrals, graph, acts, cfg,
                         today)
    return AfterSale(lead_customer, filled, purchase, days_s, referrals, graph, frame,
                     new_rows, assigned, issues, thanks)


def _facts(cust: _Rows, lead: dict[str, list[Any]], at: list[Any], purchase: np.ndarray,
           days: list[dt.date | None], amounts: np.ndarray) -> None:
    """Customer since, deals, total, last purchase; blanks filled from the purchases."""
    bought: dict[Any, list[int]] = {}
    for i, r in enumerate(at):
        if r is not None and purchase[i]:
            bought.setdefault(r, []).append(i)
    for r in cust.ids().values():
        mine = bought.get(r, [])
        dated = [d for i in mine if (d := days[i]) is not None]
        cust.set(r, "deal_count", len(mine))
        cust.set(r, "total_won", float(sum(amounts[i] for i in mine)))
        cust.set(r, "customer_since", min(dated) if dated else None)
        cust.set(r, "last_purchase_on", max(dated) if dated else None)
        if not mine:
            continue
        order = sorted(mine, key=lambda i: (days[i] or dt.date.min, i))
        for key in ("company", "contact_name", "rep", "tier"):
            cust.fill(r, key, next((v for i in reversed(order)
                                    if _text(v := lead[key][i]) is not None), None))
        cust.fill(r, "lead_id", _text(lead["lead_id"][order[0]]))


def _referral_columns(cust: _Rows, lead: dict[str, list[Any]], linked: list[str | None],
                      at: list[Any], purchase: np.ndarray, days: list[dt.date | None],
                      referrals: pd.DataFrame) -> ReferralGraph:
    """Who referred each customer (its first purchase's referrer, else its earliest referred
    lead's) and the leads each customer referred."""
    first_ref: dict[Any, tuple[tuple[int, dt.date, int], Node]] = {}
    for i, (r, target, kind) in enumerate(zip(at, referrals["referred_by_id"],
                                              referrals["kind"], strict=True)):
        if r is None or not target:
            continue
        rank = (0 if purchase[i] else 1, days[i] or dt.date.max, i)
        if r not in first_ref or rank < first_ref[r][0]:
            first_ref[r] = (rank, (str(kind), str(target)))
    rows = cust.ids()
    customer_referrer = {str(_text(cust.get(r, "customer_id"))): node
                         for r, (_, node) in first_ref.items()}
    graph = referral_graph(pd.DataFrame({"lead_id": lead["lead_id"]}, dtype=object)
                           .set_axis(referrals.index), referrals,
                           pd.Series(linked, dtype=object), customer_referrer)
    made: dict[str, list[str]] = {}
    for lid in lead["lead_id"]:
        text = _text(lid)
        if not text:
            continue
        referrer = graph.referrer_customer(("lead", text))
        if referrer is not None:
            made.setdefault(_key(referrer[1]) or "", []).append(text)
    for k, r in rows.items():
        node = first_ref.get(r)
        cust.set(r, "referred_by_id", node[1][1] if node else None)
        ids = made.get(k, [])
        cust.set(r, "referrals", len(ids))
        cust.set(r, "referred_ids", ", ".join(ids) or None)
    return graph


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def _touch_base(cust: _Rows, lead: dict[str, list[Any]], at: list[Any],
                acts: list[Any]) -> list[dt.date | None]:
    """The latest of each customer's last purchase, last touch and its leads' last contacts."""
    latest: dict[Any, dt.date] = {}
    for r, contact, act in zip(at, lead["last_contact_on"], acts, strict=True):
        if r is None:
            continue
        for day in (_day(contact), _day(act)):
            if day is not None and (r not in latest or day > latest[r]):
                latest[r] = day
    customer_rows = set(cust.ids().values())
    out: list[dt.date | None] = []
    for r in cust.labels:
        days = [d for d in (_day(cust.get(r, "last_purchase_on")),
                            _day(cust.get(r, "last_touch_on")), latest.get(r)) if d]
        out.append(max(days) if days and r in customer_rows else None)
    return out


def _touches(cust: _Rows, base: list[dt.date | None], cfg: Config, today: dt.date) -> None:
    """Next touch, channel (filled when blank) and status of every customer with an ID."""
    frame = pd.DataFrame({"tier": cust.cols["tier"], "stage": [None] * len(cust.labels),
                          "last_contact_on": base}, dtype=object)
    results = follow_ups(frame, cfg, today)
    for j, (cid, (date, channel, status)) in enumerate(zip(
            cust.cols["customer_id"], results.itertuples(index=False, name=None), strict=True)):
        if _key(cid) is None:
            continue
        cust.cols["next_touch_on"][j] = date
        cust.cols["touch_status"][j] = status
        own = cust.cols["touch_channel"][j]
        if _text(own) is None:
            cust.cols["touch_channel"][j] = channel
        elif isinstance(own, str):
            cust.cols["touch_channel"][j] = channel_key(own)


def _thank_yous(lead: dict[str, list[Any]], cust: _Rows, linked: list[str | None],
                purchase: np.ndarray, days: list[dt.date | None], referrals: pd.DataFrame,
                graph: ReferralGraph, acts: list[Any], cfg: Config,
                today: dt.date) -> list[ThankYou]:
    wins = [(str(_text(lid)), (str(kind), str(target)), day)
            for lid, target, kind, p, day in zip(lead["lead_id"], referrals["referred_by_id"],
                                                 referrals["kind"], purchase, days, strict=True)
            if p and target and _text(lid) and day is not None]
    if not wins:
        return []
    contacted: dict[Node, list[dt.date]] = {}
    for lid, cid, contact, act in zip(lead["lead_id"], linked, lead["last_contact_on"], acts,
                                      strict=True):
        seen = [d for d in (_day(contact), _day(act)) if d]
        if not seen or not _text(lid):
            continue
        contacted.setdefault(("lead", str(_text(lid))), []).extend(seen)
        if cid:
            contacted.setdefault(("customer", str(cid)), []).extend(seen)
    for cid, touch in zip(cust.cols["customer_id"], cust.cols["last_touch_on"], strict=True):
        if _text(cid) and (day := _day(touch)) is not None:
            contacted.setdefault(("customer", str(_text(cid))), []).append(day)
    for node, owner in graph.customer_of.items():  # a referrer lead of a customer: any
        contacted.setdefault(node, []).extend(contacted.get(owner, []))  # contact counts
    return thank_yous(wins, contacted, cfg, today)


def occasions(customers: pd.DataFrame, today: dt.date) -> list[Occasion]:
    """Every birthday and anniversary of the customer file, on its next day on or after
    `today` (29 February falls on the 28th in other years), in date order.

    Example:
        >>> cust = pd.DataFrame({"customer_id": ["C-0001"], "company": ["Apex"],
        ...                      "contact_name": ["Kim"], "birthday": [dt.date(1980, 2, 29)],
        ...                      "anniversary": [dt.date(2010, 12, 1)]})
        >>> [(o.kind, o.date) for o in occasions(cust, dt.date(2026, 11, 27))]
        [('anniversary', datetime.date(2026, 12, 1)), ('birthday', datetime.date(2027, 2, 28))]
    """
    out = []
    for kind in ("birthday", "anniversary"):
        for r, day, cid, comp, contact in zip(customers.index, column(customers, kind),
                                              column(customers, "customer_id"),
                                              column(customers, "company"),
                                              column(customers, "contact_name"), strict=True):
            if not isinstance(day, dt.date):
                continue
            out.append(Occasion(r, kind, next_occurrence(day, today), _text(cid), _text(comp),
                                _text(contact)))
    return sorted(out, key=lambda o: (o.date, o.kind, str(o.customer_id)))


def next_occurrence(day: dt.date, today: dt.date) -> dt.date:
    """The next day on or after `today` with the month and day of `day`.

    Example:
        >>> next_occurrence(dt.date(1988, 2, 29), dt.date(2027, 3, 1))
        datetime.date(2028, 2, 29)
    """
    for year in (today.year, today.year + 1, today.year + 2):
        try:
            candidate = dt.date(year, day.month, day.day)
        except ValueError:  # 29 February in a common year
            candidate = dt.date(year, 2, 28)
        if candidate >= today:
            return candidate
    raise AssertionError("unreachable: a month and day recur within two years")
