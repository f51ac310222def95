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
  (``duplicate_id``) and left alone.

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
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from salesxl.core.config import Config
from salesxl.core.identity import company_key, groups_by_keys, lead_id_key, lead_keys, person_key
from salesxl.core.parse import parse_text
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
_ID_NUMBER = re.compile(r"^c-?(\d+)$")

IssueKind = Literal["unknown_customer", "ambiguous", "duplicate_id"]


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
    text = parse_text(value)
    return text.strip() if text else None


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


def _lead_rows(leads: pd.DataFrame, region: str) -> list[list[tuple[str, str]]]:
    cols = [column(leads, k).tolist() for k in ("lead_id", "email", "phone", "company",
                                                  "contact_name")]
    return [lead_keys({"lead_id": i, "email": e, "phone": p, "company": c, "contact_name": n},
                      ids_unique=True, region=region)
            for i, e, p, c, n in zip(*cols, strict=True)]


def _customer_keys(customers: pd.DataFrame) -> list[list[tuple[str, str]]]:
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
    cust = pd.DataFrame({k: column(customers, k).tolist() for k in CUSTOMERS.keys},
                        index=customers.index, dtype=object)
    purchase = is_purchase(leads, cfg)
    days = purchase_days(leads, purchase)
    amounts = np.nan_to_num(floats(column(leads, "deal_amount")), nan=0.0)
    issues: list[LinkIssue] = []

    # customers by ID (the first row of an ID is the customer)
    row_of: dict[str, Any] = {}
    for r, cid in zip(cust.index, cust["customer_id"], strict=True):
        k = _key(cid)
        if k is None:
            continue
        if k in row_of:
            issues.append(LinkIssue("duplicate_id", (), (row_of[k], r), (str(_text(cid)),)))
            continue
        row_of[k] = r
    shown = {k: str(_text(cust.at[r, "customer_id"])) for k, r in row_of.items()}

    typed = [_text(v) for v in column(leads, "customer_id")]
    linked: list[str | None] = [None] * n
    unknown: list[int] = []
    for i, t in enumerate(typed):
        if t is None:
            continue
        if _key(t) in row_of:
            linked[i] = shown[_key(t) or ""]
        else:
            linked[i] = t  # kept as typed; reported unless this run gives a customer that ID
            unknown.append(i)

    position = {r: j for j, r in enumerate(cust.index)}
    keys = _lead_rows(leads, region) + _customer_keys(cust)
    groups = groups_by_keys(keys)
    new_ids: dict[int, str] = {}  # group number -> new ID
    pending: list[tuple[dt.date, int, int]] = []  # (first purchase, first row, group number)
    group_file: dict[int, Any] = {}
    filled = np.zeros(n, dtype=bool)
    for g, members in enumerate(groups):
        lead_i = [i for i in members if i < n]
        cust_r = [cust.index[i - n] for i in members if i >= n]
        ids = {row_of[k] for r in cust_r if (k := _key(cust.at[r, "customer_id"])) in row_of
               and row_of[k] == r}
        for i in lead_i:
            if linked[i] is not None and _key(linked[i]) in row_of:
                ids.add(row_of[_key(linked[i]) or ""])
        candidates = sorted(ids, key=position.__getitem__)
        blank = [i for i in lead_i if linked[i] is None]
        if len(candidates) == 1:
            cid = str(_text(cust.at[candidates[0], "customer_id"]))
            for i in blank:
                linked[i], filled[i] = cid, True
        elif len(candidates) > 1:
            if blank:
                issues.append(LinkIssue(
                    "ambiguous", tuple(leads.index[i] for i in blank), tuple(candidates),
                    tuple(str(_text(cust.at[r, "customer_id"])) for r in candidates)))
        elif any(purchase[i] for i in blank):
            first = min((days.iloc[i] or dt.date.max, i) for i in blank if purchase[i])
            pending.append((first[0], first[1], g))
            files = [r for r in cust_r if _key(cust.at[r, "customer_id"]) is None]
            if files:
                group_file[g] = files[0]
    number = next_customer_number(cust["customer_id"].tolist())
    for _, _, g in sorted(pending):
        new_ids[g] = f"{ID_PREFIX}{number:04d}"
        number += 1
    new_rows: list[Any] = []
    assigned: list[Any] = []
    next_label = first_new_row if first_new_row is not None else (
        int(max(cust.index)) + 1 if len(cust) else 0)
    added: list[dict[str, Any]] = []
    for g, cid in new_ids.items():
        for i in groups[g]:
            if i < n and linked[i] is None:
                linked[i], filled[i] = cid, True
        if g in group_file:
            cust.at[group_file[g], "customer_id"] = cid
            assigned.append(group_file[g])
        else:
            added.append({"customer_id": cid})
            new_rows.append(next_label)
            next_label += 1
    if added:
        extra = pd.DataFrame(added, index=new_rows, columns=list(CUSTOMERS.keys), dtype=object)
        cust = pd.concat([cust, extra.astype(object)]) if len(cust) else extra
        cust = cust.astype(object).where(cust.notna(), None)

    made = {_key(cid) for cid in new_ids.values()}
    for i in unknown:
        if _key(linked[i]) not in made:
            issues.append(LinkIssue("unknown_customer", (leads.index[i],), (),
                                    (str(linked[i]),)))
    lead_customer = pd.Series(linked, index=leads.index, dtype=object, name="customer_id")
    _facts(cust, leads, lead_customer, purchase, days, amounts, row_of_ids(cust))
    referrals = resolve_referrals(leads, lead_customer, cust)
    graph = _referral_columns(cust, leads, lead_customer, purchase, days, referrals)
    base = _touch_base(cust, leads, lead_customer, activities)
    _touches(cust, base, cfg, today)
    thanks = _thank_yous(leads, cust, lead_customer, purchase, days, referrals, graph,
                         activities, cfg, today)
    return AfterSale(lead_customer, filled, purchase, days, referrals, graph, cust, new_rows,
                     assigned, issues, thanks)


def row_of_ids(cust: pd.DataFrame) -> dict[str, Any]:
    """Customer ID key -> the index label of its (first) row."""
    out: dict[str, Any] = {}
    for r, cid in zip(cust.index, cust["customer_id"], strict=True):
        k = _key(cid)
        if k is not None:
            out.setdefault(k, r)
    return out


def _fill(cust: pd.DataFrame, r: Any, key: str, value: Any) -> None:
    """Write `value` into a blank cell only: the rep's own value stays."""
    old = cust.at[r, key]
    blank = old is None or (isinstance(old, float) and old != old) or (
        isinstance(old, str) and not old.strip())
    if value is not None and blank:
        cust.at[r, key] = value


def _facts(cust: pd.DataFrame, leads: pd.DataFrame, lead_customer: pd.Series,
           purchase: np.ndarray, days: pd.Series, amounts: np.ndarray,
           rows: dict[str, Any]) -> None:
    """Customer since, deals, total, last purchase; blanks filled from the purchases."""
    bought: dict[Any, list[int]] = {}
    for i, cid in enumerate(lead_customer.tolist()):
        r = rows.get(_key(cid) or "")
        if r is not None and purchase[i]:
            bought.setdefault(r, []).append(i)
    for r in rows.values():
        mine = bought.get(r, [])
        dated = [days.iloc[i] for i in mine if days.iloc[i] is not None]
        cust.at[r, "deal_count"] = len(mine)
        cust.at[r, "total_won"] = float(sum(amounts[i] for i in mine))
        cust.at[r, "customer_since"] = min(dated) if dated else None
        cust.at[r, "last_purchase_on"] = max(dated) if dated else None
        if not mine:
            continue
        order = sorted(mine, key=lambda i: (days.iloc[i] or dt.date.min, i))
        first = order[0]
        for key in ("company", "contact_name", "rep", "tier"):
            value = next((leads[key].iloc[i] for i in reversed(order)
                          if key in leads.columns and _text(leads[key].iloc[i])), None)
            _fill(cust, r, key, value)
        _fill(cust, r, "lead_id", _text(column(leads, "lead_id").iloc[first]))


def _referral_columns(cust: pd.DataFrame, leads: pd.DataFrame, lead_customer: pd.Series,
                      purchase: np.ndarray, days: pd.Series,
                      referrals: pd.DataFrame) -> ReferralGraph:
    """Who referred each customer (its first purchase's referrer, else its earliest referred
    lead's) and the leads each customer referred."""
    rows = row_of_ids(cust)
    first_ref: dict[str, tuple[tuple[int, dt.date, int], Node]] = {}
    for i, (cid, target, kind) in enumerate(zip(lead_customer.tolist(),
                                                referrals["referred_by_id"],
                                                referrals["kind"], strict=True)):
        k = _key(cid)
        if k is None or k not in rows or not target:
            continue
        rank = (0 if purchase[i] else 1, days.iloc[i] or dt.date.max, i)
        if k not in first_ref or rank < first_ref[k][0]:
            first_ref[k] = (rank, (str(kind), str(target)))
    shown = {k: str(_text(cust.at[r, "customer_id"])) for k, r in rows.items()}
    customer_referrer = {shown[k]: node for k, (_, node) in first_ref.items()}
    graph = referral_graph(leads, referrals, lead_customer, customer_referrer)
    made: dict[str, list[str]] = {}
    for lid in column(leads, "lead_id"):
        text = _text(lid)
        if not text:
            continue
        referrer = graph.referrer_customer(("lead", text))
        if referrer is not None:
            made.setdefault(_key(referrer[1]) or "", []).append(text)
    for k, r in rows.items():
        node = customer_referrer.get(shown[k])
        cust.at[r, "referred_by_id"] = node[1] if node else None
        ids = made.get(k, [])
        cust.at[r, "referrals"] = len(ids)
        cust.at[r, "referred_ids"] = ", ".join(ids) or None
    return graph


def _touch_base(cust: pd.DataFrame, leads: pd.DataFrame, lead_customer: pd.Series,
                activities: pd.DataFrame | None) -> pd.Series:
    """The latest of each customer's last purchase, last touch and its leads' last contacts."""
    rows = row_of_ids(cust)
    customer_rows = set(rows.values())
    acts = last_activity(column(leads, "lead_id"), activities)
    latest: dict[Any, dt.date] = {}
    for cid, contact, act in zip(lead_customer.tolist(), column(leads, "last_contact_on"),
                                 acts, strict=True):
        r = rows.get(_key(cid) or "")
        if r is None:
            continue
        for day in (contact, act):
            if isinstance(day, dt.date):
                day = day.date() if isinstance(day, dt.datetime) else day
                if r not in latest or day > latest[r]:
                    latest[r] = day
    out = []
    for r in cust.index:
        days = [d.date() if isinstance(d, dt.datetime) else d
                for d in (cust.at[r, "last_purchase_on"], cust.at[r, "last_touch_on"],
                          latest.get(r)) if isinstance(d, dt.date)]
        out.append(max(days) if days and r in customer_rows else None)
    return pd.Series(out, index=cust.index, dtype=object)


def _touches(cust: pd.DataFrame, base: pd.Series, cfg: Config, today: dt.date) -> None:
    """Next touch, channel (filled when blank) and status of every customer with an ID."""
    has_id = np.array([_key(v) is not None for v in cust["customer_id"]], dtype=bool)
    frame = pd.DataFrame({"tier": cust["tier"], "stage": [None] * len(cust),
                          "last_contact_on": base}, index=cust.index, dtype=object)
    results = follow_ups(frame, cfg, today)
    for r, ok, (date, channel, status) in zip(cust.index, has_id,
                                              results.itertuples(index=False, name=None),
                                              strict=True):
        if not ok:
            continue
        cust.at[r, "next_touch_on"] = date
        cust.at[r, "touch_status"] = status
        if _text(cust.at[r, "touch_channel"]) is None and channel is not None:
            cust.at[r, "touch_channel"] = channel
        elif isinstance(cust.at[r, "touch_channel"], str):
            cust.at[r, "touch_channel"] = channel_key(cust.at[r, "touch_channel"])


def _thank_yous(leads: pd.DataFrame, cust: pd.DataFrame, lead_customer: pd.Series,
                purchase: np.ndarray, days: pd.Series, referrals: pd.DataFrame,
                graph: ReferralGraph, activities: pd.DataFrame | None, cfg: Config,
                today: dt.date) -> list[ThankYou]:
    wins = [(str(_text(lid)), (str(kind), str(target)), days.iloc[i])
            for i, (lid, target, kind) in enumerate(zip(column(leads, "lead_id"),
                                                        referrals["referred_by_id"],
                                                        referrals["kind"], strict=True))
            if purchase[i] and target and _text(lid) and days.iloc[i] is not None]
    if not wins:
        return []
    contacted: dict[Node, list[dt.date]] = {}
    acts = last_activity(column(leads, "lead_id"), activities)
    for lid, cid, contact, act in zip(column(leads, "lead_id"), lead_customer.tolist(),
                                      column(leads, "last_contact_on"), acts, strict=True):
        seen = [d.date() if isinstance(d, dt.datetime) else d
                for d in (contact, act) if isinstance(d, dt.date)]
        if not seen or not _text(lid):
            continue
        contacted.setdefault(("lead", str(_text(lid))), []).extend(seen)
        if cid:
            contacted.setdefault(("customer", str(cid)), []).extend(seen)
    for cid, touch in zip(cust["customer_id"], cust["last_touch_on"], strict=True):
        if _text(cid) and isinstance(touch, dt.date):
            contacted.setdefault(("customer", str(_text(cid))), []).append(touch)
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
