"""`salesxl followups`: next follow-up date, channel and status for every lead, written in place.

Reads Leads and Activities, computes the follow-ups with `salesxl.core.rules.followups` (tier
cadence, stage factor, Korean business days by default), writes the cells that change and,
when asked, an iCalendar file with one event per follow-up (`salesxl.io.ics`).

Example:
    >>> report = followups("team.xlsx", today=dt.date(2026, 11, 27), ics="me.ics")  # doctest: +SKIP
    >>> report.counts  # doctest: +SKIP
    {'overdue': 12, 'due': 3, 'scheduled': 80, 'none': 5}
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from salesxl.core.cells import to_a1
from salesxl.core.config import Config
from salesxl.core.errors import Problem, UsageError
from salesxl.core.rules.followups import OUTPUTS, follow_ups, last_activity
from salesxl.core.schema import FOLLOW_UP_STATUSES, LEADS
from salesxl.core.values import cell_value
from salesxl.io.book import Book
from salesxl.io.ics import FollowUpEvent, write_ics
from salesxl.io.read import TableData
from salesxl.io.tables import ColumnPlan

LEAD_INPUTS = ("lead_id", "rep", "company", "contact_name", "phone", "stage", "tier",
               "last_contact_on", "stage_updated_on", "created_on", "resume_on")
ACTIVITY_INPUTS = ("lead_id", "date")


@dataclass
class FollowUpLine:
    """One lead's follow-up, for summaries."""

    lead_id: str | None
    company: str | None
    date: dt.date
    channel: str | None
    status: str
    cell: str  # the next_follow_up_on cell, e.g. 'Leads!AG12'


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

    def to_json(self) -> dict[str, object]:
        """The report as JSON-ready data (dates ISO, cells A1)."""
        return {
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
        raise UsageError(f"no lead of rep {rep!r} in the Leads table; reps found: "
                         f"{', '.join(found) or '(the Rep column is empty)'}")
    return mask


def followups(book: str | Path | Book, today: dt.date | None = None, *, rep: str | None = None,
              ics: str | Path | None = None, write: bool = True,
              now: dt.datetime | None = None, force: bool = False) -> FollowupsReport:
    """Compute and write `next_follow_up_on`, `follow_up_channel`, `follow_up_status`.

    Args:
        book: the team workbook, or a `Book` already open (the Excel buttons pass one).
        today: the day overdue is measured against (default: the real date).
        rep: only this rep's leads (their name in the Rep column, any case).
        ics: also write an iCalendar file here, one all-day event per follow-up.
        write: write the results into the workbook (False: only compute and report).
        now: the time stamped on calendar events (default: now).

    Returns:
        A `FollowupsReport` with counts by status, the overdue and due agenda, problems.

    Raises:
        UsageError: `rep` has no leads.
        WorkbookError: the workbook cannot be read or written.

    Example:
        >>> followups("team.xlsx", dt.date(2026, 11, 27), rep="김지훈").counts["due"]  # doctest: +SKIP
        3
    """
    today = today or dt.date.today()
    wb = book if isinstance(book, Book) else Book.open(book, tables=["leads", "activities"], write=write,
                                                               force=force)
    path = wb.path
    td = wb.table("leads")
    cfg = wb.config
    problems: list[Problem] = []
    values, _ = wb.values("leads", LEAD_INPUTS, problems)
    acts = wb.values("activities", ACTIVITY_INPUTS, problems)[0] \
        if wb.has("activities") else None
    chosen = values[_select_rep(values, rep)]
    undated = _undated(chosen, acts, cfg)
    if len(undated):  # no date to count from: count from today, and the row shows it
        chosen = chosen.copy()
        chosen.loc[undated, "created_on"] = today
    results = schedule(chosen, acts, cfg, today)
    counts = {ch.key: 0 for ch in FOLLOW_UP_STATUSES}
    counts.update({str(k): int(v) for k, v in results["follow_up_status"].value_counts().items()})
    report = FollowupsReport(path, today, len(chosen), counts, problems, rep=rep,
                             dated_today=len(undated))
    plan = wb.plan("leads", OUTPUTS)
    report.agenda = _agenda(td, chosen, results, plan)
    if ics is not None:
        events = _events(td, chosen, results, cfg, wb.lang)
        report.ics = write_ics(ics, events, path, wb.lang, now=now)
        report.events = len(events)
    if write:
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
