"""`salesxl advance`: move leads to their next stage (or another), through the stage gates.

Each move is planned by `salesxl.core.rules.stages.plan_move`. If any move is refused (a gate
fails, a skip or a backward move without ``force``), nothing is written, the file stays
byte-identical, and `RuleError` says which gate failed and which cells to fill in
(``fill in Leads!AB7 (Deal amount)``). Otherwise, in one atomic write: the lead's `stage`,
`stage_updated_on`, `outcome` and `probability` (which follows the stage unless the rep
overrode it) change, and one row per move is appended to the History table (a History sheet
is created when the workbook has none).

A move to **won** or **upgraded** makes the lead a customer's purchase: the same save syncs the
Customers sheet (`salesxl.commands.customers.sync`: a new customer row or the customer's
updated figures, the lead's customer ID). An upsell (``upgraded``) must be linked to a customer
(gate ``from_won``): a lead without a customer ID is linked first by the identity rule when it
matches a customer (or is itself won), and refused with the cell to fill in otherwise.

Example:
    >>> report = advance("team.xlsx", ["R01-0007"], by="김지훈")  # doctest: +SKIP
    >>> report.changes[0].to_stage  # doctest: +SKIP
    'proposal'
"""

from __future__ import annotations

import datetime as dt
import difflib
import getpass
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from salesxl.commands.customers import CustomersReport, sync
from salesxl.core import clock, parse
from salesxl.core.cells import to_a1
from salesxl.core.config import Config
from salesxl.core.errors import Problem, RuleError, UsageError
from salesxl.core.gates import GATES, Fix
from salesxl.core.messages import tr
from salesxl.core.progress import phase
from salesxl.core.rules import customers as after
from salesxl.core.rules.bant import INPUTS as BANT_INPUTS
from salesxl.core.rules.stages import Move, move_kind, next_stage, plan_move, probability_after
from salesxl.core.schema import HISTORY, TABLES
from salesxl.core.values import cell_value, vocabulary_of
from salesxl.io.book import Book
from salesxl.io.parts.cellxml import CellValue
from salesxl.io.parts.newsheet import free_sheet_name
from salesxl.io.patch import NewSheet
from salesxl.io.read import TableData, WorkbookData

LEAD_INPUTS = ("lead_id", "company", "stage", "probability", "created_on", "stage_updated_on",
               *BANT_INPUTS, "deal_amount", "lost_reason", "resume_on")


@dataclass
class StageChange:
    """One move made by `advance`."""

    lead_id: str
    cell: str  # the stage cell, e.g. 'Leads!V7'
    from_stage: str | None
    to_stage: str
    kind: str  # next | exit | resume | skip | back
    forced: bool
    passed_over: list[str] = field(default_factory=list)  # gates a forced move did not meet
    probability: float | None = None  # written; None when the rep's own value was kept
    from_label: str = ""  # stage labels in the workbook's language
    to_label: str = ""


@dataclass
class AdvanceReport:
    """What `advance` changed."""

    path: Path
    changes: list[StageChange]
    history_sheet: str
    history_created: bool = False
    cells_written: int = 0
    columns_added: list[str] = field(default_factory=list)
    customers: CustomersReport | None = None  # the Customers sync a move to won ran


def advance(book: str | Path | Book, leads: str | Sequence[str], to: str | None = None, *,
            force: bool = False, reason: str | None = None, by: str | None = None,
            today: dt.date | None = None, now: dt.datetime | None = None) -> AdvanceReport:
    """Move each lead one stage forward (or to `to`) and log the moves in History.

    Args:
        book: the team workbook.
        leads: one lead id or several; every move must be allowed, or nothing changes.
        to: the target stage (key, English or Korean label, or a synonym); default: next.
        force: allow skipping stages, moving backwards and failing gates (needs `reason`).
        reason: why; written to History (required with `force`).
        by: who moved it (default: the operating-system user name).
        today: the day written to `stage_updated_on` and used by the BANT gate.
        now: the History timestamp (default: now; with `today`, that day at the current time).

    Returns:
        An `AdvanceReport` listing the moves.

    Raises:
        UsageError: an unknown lead id (with near matches) or stage; `force` without `reason`.
        RuleError: a move is refused (gate, order); the file is left untouched.
        WorkbookError: the workbook cannot be read or written.

    Example:
        >>> advance("team.xlsx", "R01-0003", to="lost")  # doctest: +SKIP
        Traceback (most recent call last):
        salesxl.core.errors.RuleError: R01-0003 cannot move from Proposal to Lost: ... fill in Leads!Y4 (Lost reason) ...
    """
    ids = [leads] if isinstance(leads, str) else list(dict.fromkeys(leads))
    if not ids:
        raise UsageError("name at least one lead with --lead ID")
    reason = (reason or "").strip() or None
    if force and reason is None:
        raise UsageError("--force needs --reason TEXT saying why (it is kept in History)")
    today = today or dt.date.today()
    if now is None:
        moment = clock.now()
        now = dt.datetime.combine(today, moment.time()) if today != moment.date() else moment
    by = by or _os_user()
    own = not isinstance(book, Book)
    phase("read")
    wb = book if isinstance(book, Book) else Book.open(
        book, tables=["leads", "activities", "objections", "history", "customers"])
    data = wb.data
    td = data.table("leads")
    cfg = data.config
    phase("rules")
    target = _target(to, cfg, data.lang)
    rows = _lead_rows(td, ids)
    problems: list[Problem] = []
    values, invalid = wb.values("leads", LEAD_INPUTS, problems, rows=list(rows.values()))
    wanted = {_norm(i) for i in ids}
    acts = _related(wb, "activities", ("lead_id", "type"), wanted, problems)
    objs = _related(wb, "objections", ("lead_id", "resolved"), wanted, problems)
    hist = _related(wb, "history", ("lead_id", "from_stage", "to_stage", "changed_at"), wanted,
                    problems)
    moves: list[tuple[int, Move]] = []
    refusals: list[str] = []
    linked: after.AfterSale | None = None
    for lead_id, r in rows.items():
        _check_stage_readable(td, r, problems)
        lead = values.loc[[r]]
        lead_invalid = {k: v[values.index.get_loc(r)].reshape(1) for k, v in invalid.items()}
        move = plan_move(lead, target, cfg, today, activities=acts, objections=objs,
                         invalid=lead_invalid, force=force,
                         resume_to=_resume_to(hist, lead_id))
        if any(f.gate == "from_won" for f in move.failures):  # link it to its customer first
            if linked is None:
                linked = after.after_sale(wb.values("leads", after.LEAD_INPUTS)[0],
                                          _customer_rows(wb), None, cfg, today)
            lead = lead.assign(customer_id=[linked.lead_customer.get(r)])
            move = plan_move(lead, target, cfg, today, activities=acts, objections=objs,
                             invalid=lead_invalid, force=force,
                             resume_to=_resume_to(hist, lead_id),
                             customers=linked.customers[["customer_id"]])
        if move.ok:
            moves.append((r, move))
        else:
            refusals.append(_explain(move, lead_id, data, problems))
    if refusals:
        raise RuleError("{refusals}\nNothing was changed.", refusals="\n".join(refusals))
    return _write(wb, values, moves, reason, by, now, today, own)


# --- finding things ----------------------------------------------------------------------
def _customer_rows(wb: Book) -> pd.DataFrame:
    if not wb.has("customers"):
        return pd.DataFrame(columns=list(after.CUSTOMER_INPUTS), dtype=object)
    return wb.values("customers", after.CUSTOMER_INPUTS)[0]


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment (some containers, services)
        return "unknown"


def _norm(value: Any) -> str:
    text = parse.parse_text(value)
    return text.casefold() if text else ""


def _target(to: str | None, cfg: Config, lang: str) -> str | None:
    if to is None:
        return None
    key = cfg.resolve_stage(to)
    if key is None:
        names = ", ".join(f"{s.key} ({s.label(lang)})" for s in cfg.stages)
        raise UsageError("--to {to!r} is not a stage of the pipeline; use one of: {names}",
                         to=to, names=names)
    return key


def _lead_rows(td: TableData, ids: list[str]) -> dict[str, int]:
    """Requested lead id -> its zero-based worksheet row; unknown or repeated ids refused."""
    if "lead_id" not in td.frame.columns:
        raise UsageError("{file}: the {sheet} sheet has no Lead ID column; add one so leads "
                         "can be named with --lead", file=td.file, sheet=td.sheet)
    where: dict[str, list[int]] = {}
    shown: dict[str, str] = {}
    for r, raw in zip(td.frame.index, td.frame["lead_id"], strict=True):
        key = _norm(raw)
        if key:
            where.setdefault(key, []).append(int(r))
            shown.setdefault(key, str(parse.parse_text(raw)))
    out: dict[str, int] = {}
    c = td.columns["lead_id"]
    for lead_id in ids:
        found = where.get(_norm(lead_id), [])
        if not found:
            near = difflib.get_close_matches(lead_id.strip(), list(shown.values()), n=5,
                                             cutoff=0.6)
            if near:
                raise UsageError("no lead {lead!r} in {sheet} ({n} lead ids); did you mean "
                                 "{near}?", lead=lead_id, sheet=td.sheet, n=len(shown),
                                 near=", ".join(near))
            raise UsageError("no lead {lead!r} in {sheet} ({n} lead ids)", lead=lead_id,
                             sheet=td.sheet, n=len(shown))
        if len(found) > 1:
            cells = ", ".join(f"{td.sheet}!{to_a1(r, c)}" for r in found)
            raise RuleError("lead id {lead!r} appears in {n} rows ({cells}); give each lead "
                            "its own ID, then run again", lead=lead_id, n=len(found),
                            cells=cells)
        out[shown[_norm(lead_id)]] = found[0]
    return out


def _related(wb: Book, table: str, keys: tuple[str, ...], wanted: set[str],
             problems: list[Problem]) -> pd.DataFrame | None:
    """Canonical rows of `table` that belong to the wanted leads (None without the table)."""
    if not wb.has(table):
        return None
    td = wb.table(table)
    if "lead_id" not in td.frame.columns:
        return pd.DataFrame(columns=list(keys))
    mask = [_norm(v) in wanted for v in td.frame["lead_id"]]
    return wb.values(table, keys, problems, rows=td.frame.index[mask].tolist())[0]


def _resume_to(hist: pd.DataFrame | None, lead_id: str) -> str | None:
    """The stage a lead was in before it was put on hold, from its History rows."""
    if hist is None or not len(hist):
        return None
    rows = hist[[(_norm(v) == _norm(lead_id)) for v in hist["lead_id"]]]
    rows = rows[rows["to_stage"] == "on_hold"]
    if not len(rows):
        return None
    order = sorted(range(len(rows)), key=lambda i: (
        rows["changed_at"].iloc[i] or dt.datetime.min, i))
    last = rows["from_stage"].iloc[order[-1]]
    return str(last) if last else None


def _check_stage_readable(td: TableData, r: int, problems: list[Problem]) -> None:
    for p in problems:
        if p.sheet == td.sheet and p.row == r and p.column == "stage":
            raise RuleError("{cell}: stage {value} {problem}; fix the cell, then run again. "
                            "Nothing was changed.", cell=p.where, value=repr(p.value),
                            problem=p.msg if p.msg is not None else p.message)


# --- explaining a refusal ----------------------------------------------------------------
def _stage_label(key: str | None, cfg: Config, lang: str) -> str:
    return cfg.stage(key).label(lang) if key else tr("(no stage)", lang)


def _explain(move: Move, lead_id: str, data: WorkbookData, problems: list[Problem]) -> str:
    cfg, lang = data.config, data.lang
    frm = _stage_label(move.from_stage, cfg, lang)
    to = _stage_label(move.to_stage, cfg, lang) if move.to_stage else "?"
    head = tr("{lead} cannot move from {frm} to {to}", lang, lead=lead_id, frm=frm, to=to)
    if move.refusal is not None:
        why = move.refusal.text(lang)
        if move.kind in ("skip", "back"):
            return f"{head}: {why}{_next_label(move, cfg, lang)}."
        if move.kind == "same":
            return f"{tr('{lead} ({frm}) cannot move', lang, lead=lead_id, frm=frm)}: {why}."
        return f"{head}: {why}."
    lines = [f"{head}:"]
    for failure in move.failures:
        todo = [_group_text(g, lead_id, data, problems) for g in failure.groups]
        gate = GATES[failure.gate].name(lang)
        lines.append("  " + tr("gate '{gate}' failed: {reason}", lang, gate=gate,
                               reason=failure.reason.text(lang))
                     + (f"; {'; '.join(dict.fromkeys(todo))}" if todo else ""))
    lines.append("  " + tr("To move it anyway, pass --force --reason TEXT.", lang))
    return "\n".join(lines)


def _group_text(group: tuple[Fix, ...], lead_id: str, data: WorkbookData,
                problems: list[Problem]) -> str:
    """'fill in Leads!N4 (Budget) or Leads!P4 (Budget confirmed: Yes)' for one need."""
    lang = data.lang
    parts = [_fix_text(f, lead_id, data, problems) for f in group]
    cells = [text for kind, text in parts if kind == "cell"]
    if len(cells) == len(parts) and cells:
        return tr("fill in {cells}", lang, cells=tr(" or ", lang).join(cells))
    return tr(" or ", lang).join(text if kind != "cell" else tr("fill in {cells}", lang,
                                                                    cells=text)
                                 for kind, text in parts)


def _next_label(move: Move, cfg: Config, lang: str) -> str:
    nxt = next_stage(move.from_stage, cfg)
    if nxt and move_kind(move.from_stage, nxt, cfg) == "next":
        return tr(" (the next stage is {stage})", lang, stage=cfg.stage(nxt).label(lang))
    return ""


def _fix_text(fix: Fix, lead_id: str, data: WorkbookData,
              problems: list[Problem]) -> tuple[str, str]:
    """('cell', 'Leads!N4 (Budget)') for a cell to fill in, else ('do', what to do)."""
    lang, cfg = data.lang, data.config
    table = TABLES[fix.table]
    col = table.column(fix.column)
    td = data.tables.get(fix.table)
    sheet = td.sheet if td is not None else table.label(lang)
    name = (td.header_texts.get(fix.column) if td is not None else None) or col.label(lang)
    vocab = vocabulary_of(col, cfg)
    wanted = tr(" or ", lang).join(vocab.label(k, lang) if vocab is not None else k
                                   for k in fix.want)
    if fix.row is None:
        if fix.table == "activities":
            return "do", tr("log an activity of type {type} for {lead} on the {sheet} sheet",
                            lang, type=wanted, lead=lead_id, sheet=sheet)
        return "do", tr("add a row for {lead} to {sheet}", lang, lead=lead_id, sheet=sheet)
    if td is None or fix.column not in td.columns:
        return "do", tr("add a {column} column to {sheet} and fill it in for {lead}", lang,
                        column=name, sheet=sheet, lead=lead_id)
    cell = f"{sheet}!{to_a1(fix.row, td.columns[fix.column])}"
    for p in problems:
        if p.where == cell:
            return "do", tr("correct {cell} ({column}): {value} {problem}", lang, cell=cell,
                            column=name, value=repr(p.value), problem=p.text(lang))
    if wanted:
        return "cell", tr("{cell} ({column}: {values})", lang, cell=cell, column=name,
                          values=wanted)
    if fix.note is not None:
        return "cell", tr("{cell} ({column}: {note})", lang, cell=cell, column=name,
                          note=fix.note.text(lang))
    return "cell", tr("{cell} ({column})", lang, cell=cell, column=name)


# --- writing -----------------------------------------------------------------------------
def _write(wb: Book, values: pd.DataFrame, moves: list[tuple[int, Move]], reason: str | None,
           by: str, now: dt.datetime, today: dt.date, own: bool) -> AdvanceReport:
    data = wb.data
    td = data.table("leads")
    cfg, lang = data.config, data.lang
    changes: list[StageChange] = []
    updates: dict[str, list[Any]] = {"stage": [], "stage_updated_on": [], "outcome": [],
                                     "probability": []}
    history: list[dict[str, Any]] = []
    for r, move in moves:
        current_p = values.at[r, "probability"]
        prob = probability_after(current_p, move.from_stage, move.to_stage, cfg)
        stage = cfg.stage(move.to_stage)
        updates["stage"].append(move.to_stage)
        updates["stage_updated_on"].append(today)
        updates["outcome"].append(move.to_stage if stage.type != "open" else None)
        updates["probability"].append(prob if prob is not None else current_p)
        lead_id = str(values.at[r, "lead_id"])
        changes.append(StageChange(
            lead_id, f"{td.sheet}!{to_a1(r, td.columns.get('stage', 0))}", move.from_stage,
            move.to_stage, move.kind, _needed_force(move), [f.gate for f in move.failures],
            prob, _stage_label(move.from_stage, cfg, lang), stage.label(lang)))
        history.append({"lead_id": lead_id, "company": values.at[r, "company"],
                        "from_stage": move.from_stage,
                        "to_stage": move.to_stage, "changed_at": now, "changed_by": by,
                        "forced": changes[-1].forced, "reason": reason})
    results = pd.DataFrame(updates, index=[r for r, _ in moves], dtype=object)
    keys = [k for k in results.columns
            if k in td.columns or results[k].map(lambda v: v is not None).any()]
    plan = wb.write_columns("leads", results[keys])
    for r, prob in zip(results.index, updates["probability"], strict=True):
        if prob is None and "probability" in plan.columns:  # keep the rep's (even unreadable)
            wb.drop_cells(td.sheet, [(int(r), plan.columns["probability"])])
    created = not wb.has("history")
    if created:
        name = free_sheet_name(HISTORY.label(lang), data.sheet_names)
        sheet_rows: list[list[CellValue]] = [[c.label(lang) for c in HISTORY.columns]]
        sheet_rows += [[cell_value(c, h[c.key], cfg, lang) for c in HISTORY.columns]
                       for h in history]
        wb.add_sheet(NewSheet(name, sheet_rows))
        sheet = name
    else:
        hist_td = wb.table("history")
        sheet = hist_td.sheet
        hplan = wb.plan("history", HISTORY.keys)
        hcells: dict[tuple[int, int], CellValue] = dict(hplan.headers)
        for i, h in enumerate(history):
            row = hist_td.last_row + 1 + i
            for c in HISTORY.columns:
                value = cell_value(c, h[c.key], cfg, lang)
                if value is not None:
                    hcells[(row, hplan.columns[c.key])] = value
        wb.write_cells(sheet, hcells, datetime_format="yyyy-mm-dd hh:mm")
        wb.columns_added += [a for a in hplan.added if a not in wb.columns_added]
    customers = None
    won = {s.key for s in cfg.stages if s.type == "won"}
    if any(m.to_stage in won for _, m in moves) and (own or wb.has("customers")):
        customers = _sync_customers(wb, results, today, own)
    phase("write")
    saved = wb.save()
    return AdvanceReport(wb.path, changes, sheet, created, saved.cells_written,
                         saved.columns_added, customers)


def _sync_customers(wb: Book, results: pd.DataFrame, today: dt.date,
                    own: bool) -> CustomersReport:
    """The Customers sync over the leads as they are after the moves."""
    leads = wb.values("leads", after.LEAD_INPUTS)[0]
    for key in ("stage", "stage_updated_on", "outcome"):
        for r, value in zip(results.index, results[key], strict=True):
            leads.at[r, key] = value
    return sync(wb, today, leads=leads, create=own)


def _needed_force(move: Move) -> bool:
    """A forced move is one that only `force` allowed (a plain move made with --force is not)."""
    return move.forced and (move.kind in ("skip", "back") or bool(move.failures))
