"""Referrals: who referred a lead, resolved to a lead or a customer; the chain; thanking them.

The seed's step 7 (후속 조치, 재구매 및 추천) counts on happy customers to refer others. A rep
writes who referred a lead in ``referred_by`` the way it comes to mind; salesxl resolves it:

1. **An ID.** The text is a lead ID or a customer ID of the workbook (case and spaces ignored):
   that lead or customer (``how = "id"``). A lead naming itself is ``self`` (not resolved).
2. **A name.** Otherwise the text is read as a company name (legal forms ignored, as the
   identity rule folds them: ``(주)한빛`` = ``한빛 주식회사``), a contact name, or both
   (``한빛 김철수``, ``김철수 (한빛)``), with a Korean title or honorific at the end dropped
   (``김철수 부장님`` = ``김철수``). Every lead and customer it names counts, a lead linked to a
   customer counting as that customer. Exactly one: resolved (``how = "name"``). None:
   ``unresolved``. Several: ``ambiguous``, with the candidates listed. **A name is never
   guessed**: both are listed for the rep to write an ID instead.

The resolved ID goes to ``referred_by_id``. The **chain** follows it: a lead's parent is its
referrer; a customer's parent is the referrer of its first purchase (A referred B; B bought and
is customer C-0002; C-0002 referred D: D's chain is D, C-0002, A). A cycle ends the chain.

When a referred lead is **won**, the referrer gets a "thank the referrer" follow-up on the next
business day after the win, kept (overdue) until the referrer is contacted on or after the win
day (a later ``last_contact_on``, an activity, or a customer's ``last_touch_on``).

Example:
    >>> leads = pd.DataFrame({"lead_id": ["A", "B", "C"], "company": ["한빛", "Apex", "Blue"],
    ...                       "contact_name": ["김철수", "Jamie Lee", "Kim"],
    ...                       "referred_by": [None, "(주)한빛", "b"]})
    >>> found = resolve_referrals(leads, pd.Series([None] * 3), pd.DataFrame())
    >>> found["referred_by_id"].tolist(), found["how"].tolist()
    ([None, 'A', 'B'], ['none', 'name', 'id'])
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from salesxl.core.config import Config
from salesxl.core.identity import company_key, lead_id_key, person_key
from salesxl.core.rules.businessdays import roll_forward
from salesxl.core.rules.columns import column, map_distinct
from salesxl.core.values import read_text

NAME_BLOCK = 50_000
"""Leads whose company and contact keys are worked out at a time (each distinct name once)."""
HOW = ("none", "id", "name", "unresolved", "ambiguous", "self")
_TITLE = re.compile(
    r"(님|씨|귀하|대표이사|대표|사장|부사장|회장|전무|상무|이사|본부장|센터장|실장|팀장|부장|차장|과장|"
    r"대리|주임|사원|매니저|원장|소장|교수|박사|선생)$")

Node = tuple[str, str]
"""A referral node: ("lead", lead ID) or ("customer", customer ID), IDs as written."""


def _key(value: Any) -> str | None:
    return lead_id_key(value)


def _display(value: Any) -> str | None:
    return read_text(value) if value is not None else None


def _untitled(key: str | None) -> str | None:
    """A folded name without the titles and honorifics at its end ('김철수부장님' -> '김철수')."""
    if not key:
        return None
    out = key
    while True:
        shorter = _TITLE.sub("", out)
        if shorter == out or not shorter:
            return out if out != key else None
        out = shorter


def _forms(company: str | None, person: str | None) -> tuple[str, ...]:
    """The forms a lead or customer is found by from its company key and person key: each
    alone, and both in either order."""
    forms = tuple(f for f in (company, person) if f)
    return (*forms, company + person, person + company) if company and person else forms


def _name_forms(company: Any, contact: Any) -> tuple[str, ...]:
    return _forms(company_key(company), person_key(contact))


def resolve_referrals(leads: pd.DataFrame, lead_customer: pd.Series,
                      customers: pd.DataFrame) -> pd.DataFrame:
    """Resolve every lead's ``referred_by`` to a lead ID or a customer ID.

    Args:
        leads: canonical lead values: lead_id, company, contact_name, referred_by.
        lead_customer: the customer ID of each lead (aligned to `leads` by position), or None.
        customers: canonical Customers rows: customer_id, company, contact_name.

    Returns:
        A DataFrame with the index of `leads` and columns ``referred_by_id`` (the ID as written
        in the workbook, or None), ``kind`` ("lead", "customer" or None), ``how`` (one of
        `HOW`), ``candidates`` (the IDs an ambiguous name could mean) and ``text`` (the
        ``referred_by`` text as written).
    """
    n = len(leads)
    lead_ids = [_display(v) for v in column(leads, "lead_id")]
    lead_cust = [_display(v) for v in lead_customer.tolist()] if len(lead_customer) == n \
        else [None] * n
    texts = [_display(raw) for raw in column(leads, "referred_by")]
    # only the IDs and names a referred_by text can be looked up by are indexed: most leads
    # name no referrer, and a million leads' IDs and name forms held half a gigabyte
    text_keys = {k for text in set(texts) if text and (k := _key(text)) is not None}
    by_lead: dict[str, str] = {}
    for lid in lead_ids:
        if lid and (k := _key(lid)) in text_keys:
            by_lead.setdefault(k, lid)
    cust_ids = [_display(v) for v in column(customers, "customer_id")]
    by_cust: dict[str, str] = {}
    for cid in cust_ids:
        if cid and (k := _key(cid)) is not None:
            by_cust.setdefault(k, cid)
    own_keys = {_key(lid) for lid, text in zip(lead_ids, texts, strict=True) if lid and text}
    cust_of_lead = {_key(lid): c for lid, c in zip(lead_ids, lead_cust, strict=True)
                    if lid and c and _key(c) in by_cust and _key(lid) in own_keys}
    # the name forms a referred_by text not written as an ID may be looked up by: only leads
    # and customers with one of these forms are indexed
    wanted: set[str] = set()
    for text in set(texts):
        key = _key(text) if text else None
        if not text or key in by_lead or key in by_cust:
            continue
        queries = {q for q in (company_key(text), person_key(text)) if q}
        wanted |= queries | {u for q in queries if (u := _untitled(q))}
    names: dict[str, set[Node]] = {}
    companies, people = column(leads, "company").tolist(), column(leads, "contact_name").tolist()
    for start in range(0, n if wanted else 0, NAME_BLOCK):  # the keys' memo, a block at a time
        stop = start + NAME_BLOCK
        for lid, c, comp, person in zip(lead_ids[start:stop], lead_cust[start:stop],
                                        map_distinct(companies[start:stop], company_key),
                                        map_distinct(people[start:stop], person_key),
                                        strict=True):
            if not lid:
                continue
            forms = [f for f in _forms(comp, person) if f in wanted]
            if not forms:
                continue
            unit: Node = ("customer", by_cust[_key(c) or ""]) if c and _key(c) in by_cust \
                else ("lead", lid)
            for form in forms:
                names.setdefault(form, set()).add(unit)
    for cid, comp, person in zip(cust_ids, column(customers, "company"),
                                 column(customers, "contact_name"), strict=True):
        if cid and wanted:
            for form in _name_forms(comp, person):
                if form in wanted:
                    names.setdefault(form, set()).add(("customer", cid))
    out_id: list[str | None] = []
    out_kind: list[str | None] = []
    out_how: list[str] = []
    out_cands: list[tuple[str, ...]] = []

    def add(how: str, hit: Node | None = None, candidates: tuple[str, ...] = ()) -> None:
        out_id.append(hit[1] if hit else None)
        out_kind.append(hit[0] if hit else None)
        out_how.append(how)
        out_cands.append(candidates)

    # a name's candidates, sorted, once per text (a common Korean name can match thousands)
    by_name: dict[str, tuple[list[Node], frozenset[Node], tuple[str, ...]]] = {}
    for i, text in enumerate(texts):
        if not text:
            add("none")
            continue
        own_key = _key(lead_ids[i]) if lead_ids[i] else None
        own: set[Node] = set()
        if lead_ids[i]:
            own.add(("lead", str(lead_ids[i])))
        if own_key in cust_of_lead:
            own.add(("customer", cust_of_lead[own_key]))
        key = _key(text)
        if key is not None and key == own_key:
            add("self")
            continue
        hits: list[Node] = []
        if key in by_lead:
            hits.append(("lead", by_lead[key]))
        if key in by_cust:
            hits.append(("customer", by_cust[key]))
        how = "id"
        candidates: tuple[str, ...] | None = None
        if not hits:
            how = "name"
            if text not in by_name:
                found: set[Node] = set()
                queries = {q for q in (company_key(text), person_key(text)) if q}
                for q in queries:
                    found |= names.get(q, set())
                if not found:
                    for q in {u for q in queries if (u := _untitled(q))}:
                        found |= names.get(q, set())
                ordered = sorted(found)
                by_name[text] = (ordered, frozenset(found), tuple(t for _, t in ordered))
            ordered, found_set, every = by_name[text]
            if own & found_set:
                hits = [h for h in ordered if h not in own]
                if not hits:
                    add("self")
                    continue
            else:
                hits, candidates = ordered, every
        if len(hits) == 1:
            add(how, hits[0])
        else:
            add("unresolved" if not hits else "ambiguous", None,
                candidates if candidates is not None else tuple(t for _, t in hits))
    return pd.DataFrame({"referred_by_id": out_id, "kind": out_kind, "how": out_how,
                         "candidates": out_cands, "text": texts}, index=leads.index,
                        dtype=object)


# --- the chain ---------------------------------------------------------------------------
@dataclass(frozen=True)
class ReferralGraph:
    """Who referred whom: each node's parent (its referrer) and children (its referrals).

    Nodes are ("lead", ID) and ("customer", ID). `customer_of` maps a lead node to its customer
    node, so a referral by a lead of a customer counts as the customer's.
    """

    parent: Mapping[Node, Node]
    customer_of: Mapping[Node, Node]

    def chain(self, node: Node) -> list[Node]:
        """`node`, its referrer, theirs... up to the first referrer (a cycle ends the chain).

        Example:
            >>> g = ReferralGraph({("lead", "C"): ("lead", "B"), ("lead", "B"): ("lead", "A")},
            ...                   {})
            >>> [i for _, i in g.chain(("lead", "C"))]
            ['C', 'B', 'A']
        """
        out = [node]
        seen = {node}
        while True:
            nxt = self.parent.get(out[-1])
            if nxt is None and out[-1] in self.customer_of and len(out) > 1:
                nxt = self.parent.get(self.customer_of[out[-1]])  # a referrer who then bought
            if nxt is None or nxt in seen:
                return out
            out.append(nxt)
            seen.add(nxt)

    def in_cycle(self, node: Node) -> bool:
        """Whether following the referrers from `node` comes back to a node already passed."""
        chain = self.chain(node)
        last = chain[-1]
        nxt = self.parent.get(last)
        if nxt is None and last in self.customer_of and len(chain) > 1:
            nxt = self.parent.get(self.customer_of[last])
        return nxt is not None

    def referrer_customer(self, node: Node) -> Node | None:
        """The customer a referral counts for: the referrer itself, or the referrer lead's."""
        parent = self.parent.get(node)
        if parent is None:
            return None
        if parent[0] == "customer":
            return parent
        return self.customer_of.get(parent)


def referral_graph(leads: pd.DataFrame, resolved: pd.DataFrame, lead_customer: pd.Series,
                   customer_referrer: Mapping[str, Node]) -> ReferralGraph:
    """The referral graph of a workbook.

    Args:
        leads: canonical lead values (lead_id).
        resolved: `resolve_referrals` of those leads.
        lead_customer: each lead's customer ID (by position) or None.
        customer_referrer: customer ID -> the referrer node of the customer (its first
            purchase's referrer; see `salesxl.core.rules.customers`).
    """
    parent: dict[Node, Node] = {}
    customer_of: dict[Node, Node] = {}
    for lid, cust, target, kind in zip(column(leads, "lead_id"), lead_customer.tolist(),
                                       resolved["referred_by_id"], resolved["kind"],
                                       strict=True):
        lid = _display(lid)
        if not lid:
            continue
        node: Node = ("lead", lid)
        if cust:
            customer_of[node] = ("customer", str(cust))
        if target:
            parent[node] = (str(kind), str(target))
    for cid, ref in customer_referrer.items():
        parent[("customer", cid)] = ref
    return ReferralGraph(parent, customer_of)


# --- thanking the referrer ---------------------------------------------------------------
@dataclass(frozen=True)
class ThankYou:
    """A referrer to thank for a referral that was won."""

    referrer: Node
    referred: str  # the won lead's ID
    won_on: dt.date
    date: dt.date  # due: the next business day after the win
    status: str  # overdue | due | scheduled


def thank_yous(wins: Iterable[tuple[str, Node, dt.date]],
               contacted: Mapping[Node, Iterable[dt.date]], cfg: Config,
               today: dt.date) -> list[ThankYou]:
    """The pending "thank the referrer" follow-ups.

    Args:
        wins: (won lead ID, its referrer node, the win day) for every won referred lead.
        contacted: for a referrer node, the days it was contacted (its last contact, its
            activities, a customer's last touch); one on or after the win day means the
            thanks were given.
        cfg: the business-day calendar.
        today: the day overdue is measured against.

    Example:
        >>> from salesxl.core.config import Config
        >>> [t.date for t in thank_yous([("B", ("lead", "A"), dt.date(2026, 9, 23))], {},
        ...                             Config.default(), dt.date(2026, 9, 1))]  # 추석 24-26
        [datetime.date(2026, 9, 28)]
    """
    todo = []
    for lead, referrer, won_on in wins:
        if any(day >= won_on for day in contacted.get(referrer, ())):
            continue
        todo.append((lead, referrer, won_on))
    if not todo:
        return []
    days = np.array([np.datetime64(w + dt.timedelta(days=1), "D") for _, _, w in todo])
    due = roll_forward(days, cfg).astype("O")
    out = []
    for (lead, referrer, won_on), date in zip(todo, due, strict=True):
        status = "overdue" if date < today else "due" if date == today else "scheduled"
        out.append(ThankYou(referrer, lead, won_on, date, status))
    return sorted(out, key=lambda t: (t.date, t.referrer, t.referred))
