"""The gate registry: every stage gate declared once, with its check, its cells and its words.

A gate guards entry to a stage (Config `Stage.gates`). Each `Gate` here has its key, its name
and requirement in Korean and English, a vectorised check over a DataFrame of leads, and an
explanation for one lead that fails it: the cells a rep fills in (`Fix`), each with the values
that would pass (as keys of the column's vocabulary, shown to the rep as the labels the
dropdown offers). `salesxl advance`, the Excel functions, the Config sheet and the Playbook's
next-step column all read this registry.

Example:
    >>> import datetime as dt
    >>> import pandas as pd
    >>> from salesxl.core.config import Config
    >>> leads = pd.DataFrame({"lead_id": ["A", "B"], "deal_amount": [5e6, None]})
    >>> GATES["deal_amount"].passes(GateContext(leads, Config.default(), dt.date(2026, 11, 27))).tolist()
    [True, False]
    >>> GATES["bant_qualified"].name("ko"), GATES["need_and_decision_maker"].name("en")
    ('BANT 적격', 'Need and decision maker known')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from salesxl.core.messages import Msg, Pair
from salesxl.core.rules.columns import column, has_text, has_value, is_in, is_true
from salesxl.core.vocab import BANT_STATUSES, fold

if TYPE_CHECKING:
    from salesxl.core.config import Config


@dataclass(frozen=True)
class Fix:
    """A cell to fill in: table key, column key and the row's label in the caller's frame.

    Frames from `salesxl.io.read` are indexed by zero-based worksheet rows, so `row` is one;
    it is None when the fix is a new row (e.g. log an activity) rather than a cell. `want`
    lists the values that would pass (keys of the column's vocabulary, e.g. ``("yes",)``);
    `note` says what to write when it is not a list of values (a date range).
    """

    table: str
    column: str
    row: int | None = None
    want: tuple[str, ...] = ()
    note: Msg | None = None


@dataclass(frozen=True)
class GateFailure:
    """A gate that did not pass: why, and which cells would make it pass.

    `groups` lists what is needed: every group, and within a group any one of its fixes
    (B is met by the budget amount or by budget confirmed). `fixes` is all of them, flat.
    """

    gate: str
    reason: Msg
    groups: tuple[tuple[Fix, ...], ...] = ()

    @property
    def fixes(self) -> tuple[Fix, ...]:
        return tuple(f for group in self.groups for f in group)


@dataclass
class GateContext:
    """What a gate looks at: leads (canonical values), Config, today, related rows."""

    leads: pd.DataFrame
    cfg: Config
    today: dt.date
    activities: pd.DataFrame | None = None
    objections: pd.DataFrame | None = None
    invalid: Mapping[str, Any] | None = None
    customers: pd.DataFrame | None = None  # the Customers rows (customer_id), when known
    # what several gates compute from the same leads, computed once per context
    _memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def criteria(self) -> pd.DataFrame:
        """`salesxl.core.rules.bant.criteria` of the leads (B, A, N, T met per row)."""
        if "criteria" not in self._memo:
            from salesxl.core.rules.bant import criteria

            self._memo["criteria"] = criteria(self.leads, self.cfg, self.today)
        return self._memo["criteria"]  # type: ignore[no-any-return]

    def lead_ids(self) -> list[str]:
        """The leads' IDs folded for comparison ("" for a blank one)."""
        if "lead_ids" not in self._memo:
            self._memo["lead_ids"] = _ids(column(self.leads, "lead_id"))
        return self._memo["lead_ids"]  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Gate:
    """One stage gate: key, words, check and explanation."""

    key: str
    en: str
    ko: str
    requirement: Msg  # what the gate requires, in words
    check: Callable[[GateContext], np.ndarray] = field(repr=False)
    explain_one: Callable[[GateContext], GateFailure] = field(repr=False)
    columns: tuple[str, ...] = ()  # the Leads columns a rep fills to pass it

    def name(self, lang: str) -> str:
        return self.ko if lang == "ko" else self.en

    def passes(self, ctx: GateContext) -> np.ndarray:
        """True for every lead of `ctx.leads` that passes the gate."""
        return self.check(ctx)

    def explain(self, ctx: GateContext) -> GateFailure:
        """Why the single lead of `ctx.leads` fails, as the cells to fill in."""
        if len(ctx.leads) != 1:
            raise ValueError(f"explain takes one lead, got {len(ctx.leads)} rows")
        return self.explain_one(ctx)


def _ids(values: Any) -> list[str]:
    return ["" if v is None else fold(str(v)) for v in values]


def _row(ctx: GateContext) -> int:
    return int(ctx.leads.index[0])


# --- the gates ---------------------------------------------------------------------------
def _bant_check(ctx: GateContext) -> np.ndarray:
    from salesxl.core.rules.bant import bant

    return (bant(ctx.leads, ctx.cfg, ctx.today, ctx.invalid, met=ctx.criteria())["bant_status"]
            == "qualified").to_numpy()


_BANT_WANT = {"budget_confirmed": ("yes",), "is_decision_maker": ("yes",),
              "need_level": ("high", "medium")}


def _bant_explain(ctx: GateContext) -> GateFailure:
    from salesxl.core.rules.bant import CRITERIA, bant

    row = _row(ctx)
    out = bant(ctx.leads, ctx.cfg, ctx.today, ctx.invalid).iloc[0]
    inputs = [k for keys in CRITERIA.values() for k in keys]
    bad = [k for k in inputs if ctx.invalid is not None and k in ctx.invalid
           and bool(np.asarray(ctx.invalid[k])[0])]
    groups: list[tuple[Fix, ...]] = [(Fix("leads", k, row, note=Msg("a value salesxl can read")),)
                                     for k in bad]
    missing = str(out["bant_missing"]).split(",") if out["bant_missing"] else []
    last = ctx.today + dt.timedelta(days=ctx.cfg.bant.horizon_days)
    for letter in missing:
        fixes = []
        for k in CRITERIA[letter]:
            if k in bad:
                continue
            if k == "decision_date":
                fixes.append(Fix("leads", k, row, note=Msg("a date from {first} to {last}",
                                                           {"first": ctx.today, "last": last})))
            elif k == "budget_amount":
                fixes.append(Fix("leads", k, row, note=Msg("an amount above the minimum budget")))
            else:
                fixes.append(Fix("leads", k, row, want=_BANT_WANT.get(k, ())))
        if fixes:
            groups.append(tuple(fixes))
    status = BANT_STATUSES.word(str(out["bant_status"]))
    reason = Msg("BANT is {status} (not met: {missing})",
                 {"status": Pair(status.en, status.ko), "missing": out["bant_missing"] or "-"})
    return GateFailure("bant_qualified", reason, tuple(groups))


def _need_dm_check(ctx: GateContext) -> np.ndarray:
    met = ctx.criteria()
    return (met["N"] & met["A"]).to_numpy()


def _need_dm_explain(ctx: GateContext) -> GateFailure:
    from salesxl.core.rules.bant import criteria

    row = _row(ctx)
    met = criteria(ctx.leads, ctx.cfg, ctx.today).iloc[0]
    needs: list[tuple[Fix, ...]] = []
    missing = []
    if not met["N"]:
        missing.append("need")
        needs.append((Fix("leads", "need", row),
                      Fix("leads", "need_level", row, want=("high", "medium"))))
    if not met["A"]:
        missing.append("decision_maker")
        needs.append((Fix("leads", "decision_maker", row),
                      Fix("leads", "is_decision_maker", row, want=("yes",))))
    texts: dict[tuple[str, ...], str] = {("need",): "no need recorded",
                                         ("decision_maker",): "no decision maker identified"}
    reason = Msg(texts.get(tuple(missing), "no need recorded and no decision maker identified"))
    return GateFailure("need_and_decision_maker", reason, tuple(needs))


def _demo_check(ctx: GateContext) -> np.ndarray:
    acts = ctx.activities if ctx.activities is not None else pd.DataFrame()
    demo = is_in(column(acts, "type"), ("demo",))
    with_demo = {i for i, d in zip(_ids(column(acts, "lead_id")), demo, strict=True) if d}
    return np.array([i in with_demo for i in ctx.lead_ids()], dtype=bool)


def _demo_explain(ctx: GateContext) -> GateFailure:
    return GateFailure("demo_logged", Msg("no demo or presentation activity is logged for the lead"),
                       ((Fix("activities", "type", None, want=("demo",)),),))


def _open_objections(ctx: GateContext) -> list[tuple[str, int]]:
    objs = ctx.objections if ctx.objections is not None else pd.DataFrame()
    done = is_true(column(objs, "resolved"))
    return [(i, int(r)) for r, i, d in zip(objs.index, _ids(column(objs, "lead_id")), done,
                                           strict=True) if not d]


def _objections_check(ctx: GateContext) -> np.ndarray:
    open_ids = {i for i, _ in _open_objections(ctx)}
    return np.array([i not in open_ids for i in ctx.lead_ids()], dtype=bool)


def _objections_explain(ctx: GateContext) -> GateFailure:
    lead_id = _ids(column(ctx.leads, "lead_id"))[0]
    rows = [r for i, r in _open_objections(ctx) if i == lead_id]
    return GateFailure("objections_resolved",
                       Msg("{n} objection(s) logged for the lead are not resolved",
                           {"n": len(rows)}),
                       tuple((Fix("objections", "resolved", r, want=("yes",)),) for r in rows))


def _linked(ctx: GateContext) -> np.ndarray:
    """A customer ID is filled in (and, when the Customers rows are known, is one of theirs)."""
    ids = column(ctx.leads, "customer_id")
    if ctx.customers is None:
        return has_text(ids)
    known = {i for i in _ids(column(ctx.customers, "customer_id")) if i}
    return np.array([i in known for i in _ids(ids)], dtype=bool)


def _linked_explain(ctx: GateContext) -> GateFailure:
    return GateFailure("from_won", Msg("the lead is not linked to a customer: no customer has "
                                       "its e-mail, phone or company and contact"),
                       ((Fix("leads", "customer_id", _row(ctx),
                             note=Msg("a customer ID of the Customers sheet")),),))


def _cell_gate(key: str, col: str, reason: str, test: Callable[[Any], np.ndarray],
               want: tuple[str, ...] = ()) -> tuple[Callable[[GateContext], np.ndarray],
                                                    Callable[[GateContext], GateFailure]]:
    def check(ctx: GateContext) -> np.ndarray:
        return test(column(ctx.leads, col))

    def explain(ctx: GateContext) -> GateFailure:
        return GateFailure(key, Msg(reason), ((Fix("leads", col, _row(ctx), want=want),),))

    return check, explain


def _gate(key: str, en: str, ko: str, requirement: str,
          pair: tuple[Callable[[GateContext], np.ndarray], Callable[[GateContext], GateFailure]],
          columns: tuple[str, ...]) -> Gate:
    return Gate(key, en, ko, Msg(requirement), pair[0], pair[1], columns)


GATES: dict[str, Gate] = {g.key: g for g in (
    _gate("bant_qualified", "BANT qualified", "BANT 적격",
          "BANT status is qualified (all of budget, authority, need, timing met)",
          (_bant_check, _bant_explain),
          ("budget_amount", "budget_confirmed", "is_decision_maker", "decision_maker", "need",
           "need_level", "decision_date")),
    _gate("need_and_decision_maker", "Need and decision maker known", "니즈·결정권자 확인",
          "a need is recorded and a decision maker is identified",
          (_need_dm_check, _need_dm_explain),
          ("need", "need_level", "decision_maker", "is_decision_maker")),
    _gate("demo_logged", "Demo logged", "데모 기록",
          "at least one demo or presentation activity is logged for the lead",
          (_demo_check, _demo_explain), ()),
    _gate("objections_resolved", "Objections resolved", "반론 해결",
          "every objection logged for the lead is resolved",
          (_objections_check, _objections_explain), ()),
    _gate("deal_amount", "Deal amount set", "금액 확정", "the deal amount is filled in",
          _cell_gate("deal_amount", "deal_amount", "the deal amount is empty", has_value),
          ("deal_amount",)),
    _gate("lost_reason", "Lost reason given", "실주 사유 입력", "the lost reason is filled in",
          _cell_gate("lost_reason", "lost_reason", "the lost reason is empty", has_text),
          ("lost_reason",)),
    _gate("resume_on", "Resume date set", "재개 예정일 입력", "the resume-on date is filled in",
          _cell_gate("resume_on", "resume_on", "the resume-on date is empty", has_value),
          ("resume_on",)),
    _gate("from_won", "Follows a won deal", "수주 후 업셀",
          "the lead is linked to a customer (an upsell follows a won deal)",
          (_linked, _linked_explain), ("customer_id",)),
)}


def resolve_gate(text: str) -> str | None:
    """The gate key a Config cell names: its key, or its English or Korean name.

    Example:
        >>> resolve_gate("BANT 적격"), resolve_gate("deal amount set"), resolve_gate("nope")
        ('bant_qualified', 'deal_amount', None)
    """
    want = fold(text)
    for g in GATES.values():
        if want in (fold(g.key), fold(g.en), fold(g.ko)):
            return g.key
    return None
