"""Many reps' rows into the team's tables: one row per customer, every other row accounted for.

The rules, in the order they apply:

1. **Groups.** Lead rows that share an identity key (`salesxl.core.identity`) are one
   customer, whichever workbook and row they are in (a rep's own double entry included). A
   deal salesxl linked to a customer (``customer_id`` filled: a purchase or a repurchase) is
   matched by its lead ID + company only, so a customer's deals are never merged into one.
2. **The kept row.** In a group the row whose stage was updated last (``stage_updated_on``)
   wins; on a tie the row from the workbook modified last; then the first in path order, then
   the first row. Rows without a stage date count as the oldest.
3. **No value thrown away.** The kept row's empty cells are filled from the other rows (in the
   same ranking); every other row's non-empty value that differs from the team value is listed
   with both sources, on the **Conflicts** sheet when the two rows carry the same lead ID and on
   the **Duplicates** sheet otherwise; a merged row with nothing different is listed too. E-mail
   and phone are compared in their normal form, other text exactly (``(주)한빛`` and
   ``한빛 주식회사`` differ and are listed). Computed columns (BANT results, follow-up dates,
   weighted amount) are not compared: they are the kept row's and are recomputed from it.
4. **Team lead IDs.** A group keeps the first lead ID of its rows (input order) that no
   earlier group holds; rows without a lead ID get ``<file name>-<row>``. When different
   customers carry the same lead ID (no identity key in common: e.g. two reps both numbering
   from 1), the later one gets ``<id>@<file name>`` and the Conflicts sheet says so. IDs are
   compared case-insensitively, as Excel's lookups do.
5. **The other tables** (Activities, Objections, History, Customers) keep every row, re-keyed
   from the rep's lead ID to the team lead ID of that rep's lead; a row whose lead ID is not
   on its own workbook's Leads sheet keeps its ID and is reported as a row problem.
6. **Team customer IDs.** Every rep numbers customers from ``C-0001``: a customer ID already
   held by an earlier workbook's Customers row becomes ``<id>@<file name>`` on that rep's
   Customers rows and on the team leads kept from that rep's workbook, and the file's
   warnings say so (the same customer in two reps' files keeps both rows: ``salesxl
   customers`` lists them for the manager to merge).

Every team row carries its provenance: the kept row's file, sheet and 1-based row, and the
rows merged into it.

Example:
    >>> from salesxl.commands.consolidate.readers import read_source
    >>> files = ["a.xlsx", "b.xlsx"]
    >>> sources = [read_source(p, i, p) for i, p in enumerate(files)]  # doctest: +SKIP
    >>> team = merge(sources)  # doctest: +SKIP
    >>> len(team.tables["leads"]) + sum(team.merged.values())  # doctest: +SKIP
    4000
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path
from typing import Any, Literal

from salesxl.commands.consolidate.readers import SourceData
from salesxl.commands.consolidate.spill import Chained, Segment
from salesxl.core.errors import Problem
from salesxl.core.identity import (
    Identity,
    email_key,
    groups,
    lead_id_key,
    phone_key,
    shared_kinds,
)
from salesxl.core.messages import Msg
from salesxl.core.parse import is_blank
from salesxl.core.schema import LEADS, PROVENANCE, TABLES, normalize_header

CHILD_TABLES = ("activities", "objections", "history", "customers")
CARRIED_TABLES = ("targets",)
"""Tables without lead IDs, carried as they are (a row repeated in several workbooks once)."""
COMPARED = [c.key for c in LEADS.columns if not c.computed and c.key != "lead_id"]
PROVENANCE_KEYS = [c.key for c in PROVENANCE]
_PROVENANCE_NAMES = {normalize_header(n) for c in PROVENANCE for n in (c.key, c.en, c.ko)}

NoteKind = Literal["differs", "filled", "same", "renamed"]
WonBy = Literal["stage_updated", "modified", "order", ""]


@dataclass(frozen=True, slots=True)
class Ref:
    """Where a lead row came from."""

    source: int  # index of the SourceData in the sorted input list
    display: str
    sheet: str
    row: int  # zero-based worksheet row
    lead_id: Any

    def text(self) -> str:
        """``file: sheet row`` with the 1-based row, e.g. ``R01.xlsx: Leads 5``."""
        return f"{self.display}: {self.sheet} {self.row + 1}"


@dataclass(slots=True)
class _Columns:
    """One workbook's Leads values column by column, under their team names."""

    names: list[str]
    columns: list[list[Any]]

    def row(self, i: int) -> dict[str, Any]:
        return {name: col[i] for name, col in zip(self.names, self.columns, strict=True)}


@dataclass(slots=True)
class LeadRow:
    """One rep's lead row during the merge (its values stay in its workbook's columns: a
    dict per row for 100,000 leads would cost hundreds of MB)."""

    ref: Ref
    table: _Columns
    index: int
    ident: Identity
    updated: dt.date | None
    modified: float
    position: int  # input order over all files

    @property
    def values(self) -> dict[str, Any]:
        """The row as a dict of column -> value (built on each call)."""
        return self.table.row(self.index)

    def rank(self) -> tuple[int, float, int]:
        """Higher ranks first: stage date, file time, then earlier input position."""
        day = self.updated.toordinal() if self.updated else 0
        return day, self.modified, -self.position


@dataclass(slots=True)
class MergeNote:
    """One line of the Duplicates or Conflicts sheet."""

    sheet: Literal["duplicates", "conflicts"]
    team_id: str
    column: str  # canonical key, or the header of a rep's own column
    team_value: Any
    team_from: Ref
    other_value: Any
    other_from: Ref
    matched_by: list[str]
    kind: NoteKind
    won_by: WonBy = ""
    team_date: dt.date | None = None  # stage dates / file times behind won_by
    other_date: dt.date | None = None


@dataclass
class TeamTable:
    """One team table, column by column: canonical values, the reps' own columns, provenance.

    `data` holds one list per name of `columns`, all of the same length.
    """

    key: str
    extras: list[str]
    data: dict[str, list[Any]]

    @classmethod
    def from_rows(cls, key: str, extras: list[str], rows: Sequence[Mapping[str, Any]]
                  ) -> TeamTable:
        names = [*TABLES[key].keys, *extras, *PROVENANCE_KEYS]
        return cls(key, extras, {n: [row.get(n) for row in rows] for n in names})

    @property
    def columns(self) -> list[str]:
        """Schema keys, then the reps' own columns, then the provenance keys."""
        return [*TABLES[self.key].keys, *self.extras, *PROVENANCE_KEYS]

    def __len__(self) -> int:
        return len(self.data[TABLES[self.key].keys[0]])

    @property
    def rows(self) -> list[dict[str, Any]]:
        """The rows as dicts (built on each call: a convenience for small tables and tests)."""
        names = self.columns
        return [dict(zip(names, values, strict=True))
                for values in zip(*(self.data[n] for n in names), strict=True)]


@dataclass
class Merged:
    """The team's tables and the account of every merge."""

    tables: dict[str, TeamTable]
    notes: list[MergeNote] = field(default_factory=list)
    merged: dict[int, int] = field(default_factory=dict)  # source index -> lead rows merged
    problems: list[Problem] = field(default_factory=list)
    duplicate_groups: int = 0


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def same_value(key: str, a: Any, b: Any) -> bool:
    """Whether two canonical values of a column say the same thing.

    Example:
        >>> same_value("phone", "010-1234-5678", "+82 10-1234-5678")
        True
        >>> same_value("company", "A", "a")
        False
    """
    if key == "email":
        ka, kb = email_key(a), email_key(b)
        if ka and kb:
            return ka == kb
    elif key == "phone":
        ka, kb = phone_key(a), phone_key(b)
        if ka and kb:
            return ka == kb
    if isinstance(a, dt.date) and isinstance(b, dt.date):
        return _as_date(a) == _as_date(b) if not (isinstance(a, dt.datetime)
                                                  and isinstance(b, dt.datetime)) else a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return float(a) == float(b)
    if isinstance(a, str) and isinstance(b, str):
        return a.strip() == b.strip()
    return bool(a == b) if type(a) is type(b) else str(a).strip() == str(b).strip()


_NEVER_BLANK = frozenset({int, bool, dt.date, dt.datetime})


def _blank(value: Any) -> bool:
    """`is_blank`, answered at once for the values most cells hold."""
    if value is None:
        return True
    if value.__class__ in _NEVER_BLANK:
        return False
    return is_blank(value)


def _id_key(value: Any) -> str | None:
    """`lead_id_key`, remembered per value (the same IDs are looked up many times: once per
    row of every side table)."""
    try:
        return _typed_id_key(value.__class__, value)
    except TypeError:  # an unhashable value
        return lead_id_key(value)


@lru_cache(maxsize=1 << 18)
def _typed_id_key(kind: type, value: Any) -> str | None:
    # the type is part of the key: 1, 1.0 and True are equal as keys but not as lead IDs
    return lead_id_key(value)


def _won_by(a: LeadRow, b: LeadRow) -> WonBy:
    if (a.updated or dt.date.min) != (b.updated or dt.date.min):
        return "stage_updated"
    if a.modified != b.modified:
        return "modified"
    return "order"


def _extra_name(name: str) -> str:
    """A rep's column renamed when it would read as a provenance column."""
    return f"{name} (rep)" if normalize_header(name) in _PROVENANCE_NAMES else name


def _union(lists: Sequence[Sequence[str]]) -> list[str]:
    return list(dict.fromkeys(name for names in lists for name in names))


def merge(sources: Sequence[SourceData]) -> Merged:
    """Merge the tables of the readable sources (status ``ok``, in input order)."""
    ok = [s for s in sources if s.status == "ok"]
    leads = _lead_rows(ok)
    merged = Merged(tables={})
    extras = _union([[_extra_name(e) for e in s.tables["leads"].extras] for s in ok])
    names = [*TABLES["leads"].keys, *extras, *PROVENANCE_KEYS]
    data, idmap = _merge_leads(leads, ok, [*COMPARED, *extras], merged, names)
    del leads
    merged.tables["leads"] = TeamTable("leads", extras, data)
    for key in CHILD_TABLES:
        merged.tables[key] = _rekey(key, ok, idmap, merged.problems)
    _team_customer_ids(merged, ok)
    for key in CARRIED_TABLES:
        merged.tables[key] = _carry(key, ok)
    return merged


def _team_customer_ids(merged: Merged, sources: Sequence[SourceData]) -> None:
    """Rename a rep's customer IDs that an earlier workbook already holds (see rule 6)."""
    cust = merged.tables["customers"]
    by_display = {s.display: s for s in sources}
    taken: dict[str, str] = {}  # customer ID key -> the workbook holding it
    renamed: dict[tuple[str, str], str] = {}  # (workbook, customer ID key) -> team ID
    ids = cust.data["customer_id"]
    for i, (cid, display) in enumerate(zip(ids, cust.data["source_file"], strict=True)):
        key = _id_key(cid)
        if key is None:
            continue
        if (display, key) in renamed:
            ids[i] = renamed[(display, key)]
            continue
        holder = taken.setdefault(key, display)
        if holder == display:
            continue
        base = f"{str(cid).strip()}@{Path(display).stem}"
        new, n = base, 2
        while _id_key(new) in taken:
            new, n = f"{base}-{n}", n + 1
        taken[_id_key(new) or new] = display
        renamed[(display, key)] = ids[i] = new
        by_display[display].warnings.append(Msg(
            "customer ID {id} is also {holder}'s: it is {new} in the team workbook",
            {"id": str(cid).strip(), "holder": holder, "new": new}))
    if not renamed:
        return
    leads = merged.tables["leads"]
    for i, (cid, display) in enumerate(zip(leads.data["customer_id"],
                                           leads.data["source_file"], strict=True)):
        new_id = renamed.get((display, _id_key(cid) or ""))
        if new_id is not None:
            leads.data["customer_id"][i] = new_id


def _lead_rows(sources: Sequence[SourceData]) -> list[LeadRow]:
    rows: list[LeadRow] = []
    for s in sources:
        t = s.tables["leads"]
        names = list(t.values)
        table = _Columns([_extra_name(n) if n in t.extras else n for n in names],
                         [t.values[n] for n in names])
        none = [None] * len(t)
        ids, updated = t.values.get("lead_id", none), t.values.get("stage_updated_on", none)
        for i in range(len(t)):
            ref = Ref(s.index, s.display, t.sheet, t.rows[i], ids[i])
            rows.append(LeadRow(ref, table, i, s.identities[i], _as_date(updated[i]),
                                s.modified, len(rows)))
    return rows


def _merge_leads(leads: list[LeadRow], sources: Sequence[SourceData], columns: list[str],
                 merged: Merged, names: list[str]
                 ) -> tuple[dict[str, list[Any]], dict[tuple[int, str], str]]:
    """One team row per group; `columns` are those compared, `names` those of the team
    table. Returns the team table's columns and the ID map."""
    idents = [r.ident for r in leads]
    taken: dict[str, Ref] = {}  # lead ID key -> the row whose group holds it
    idmap: dict[tuple[int, str], str] = {}  # (source, rep's lead ID key) -> team lead ID
    by_index = {s.index: s for s in sources}
    data: dict[str, list[Any]] = {n: [] for n in names}
    out = [(n, data[n].append) for n in names]
    for group in groups(idents):
        members = [leads[i] for i in group]
        team_id = _team_id(members, taken, merged, by_index)
        for m in members:  # each rep's lead ID now means this team lead, in that rep's file
            key = _id_key(m.ref.lead_id)
            if key is None:
                continue
            old = idmap.setdefault((m.ref.source, key), team_id)
            if old != team_id:
                by_index[m.ref.source].warnings.append(Msg(
                    "lead ID {lead} is on two rows for different customers; rows of the other "
                    "sheets with this ID are attached to team lead {old}",
                    {"lead": m.ref.lead_id, "old": old}))
        ranked = sorted(members, key=LeadRow.rank, reverse=True)
        winner = ranked[0]
        row = winner.values
        if len(members) > 1:
            merged.duplicate_groups += 1
            kinds = shared_kinds(idents, group)
            _fold_in(team_id, row, ranked, columns, kinds, merged)
            for m in ranked[1:]:
                merged.merged[m.ref.source] = merged.merged.get(m.ref.source, 0) + 1
        row["lead_id"] = team_id
        row["source_file"] = winner.ref.display
        row["source_sheet"] = winner.ref.sheet
        row["source_row"] = winner.ref.row + 1
        row["merged_from"] = "; ".join(m.ref.text() for m in members if m is not winner) or None
        get = row.get
        for name, append in out:
            append(get(name))
    return data, idmap


def _team_id(members: list[LeadRow], taken: dict[str, Ref], merged: Merged,
             by_index: dict[int, SourceData]) -> str:
    candidates = [m for m in members if _id_key(m.ref.lead_id) is not None]
    for m in candidates:
        key = _id_key(m.ref.lead_id)
        assert key is not None
        if key not in taken:
            taken[key] = m.ref
            return str(m.ref.lead_id).strip()
    first = candidates[0] if candidates else members[0]
    stem = Path(first.ref.display).stem
    if candidates:
        base = f"{str(first.ref.lead_id).strip()}@{stem}"
    else:
        base = f"{stem}-{first.ref.row + 1}"
        by_index[first.ref.source].warnings.append(Msg(
            "lead row(s) without a lead ID got a team ID made of the file name and row"))
    new, n = base, 2
    while _id_key(new) in taken:
        new, n = f"{base}-{n}", n + 1
    taken[_id_key(new) or new] = first.ref
    if candidates:
        holder = taken[_id_key(first.ref.lead_id) or ""]
        merged.notes.append(MergeNote("conflicts", new, "lead_id", new, first.ref,
                                      first.ref.lead_id, holder, [], "renamed"))
    return new


def _fold_in(team_id: str, row: dict[str, Any], ranked: list[LeadRow], columns: list[str],
             kinds: dict[int, list[str]], merged: Merged) -> None:
    """Fill the kept row's gaps from the others and note every value that differs."""
    winner = ranked[0]
    winner_id = _id_key(winner.ref.lead_id)
    origin: dict[str, LeadRow] = {}  # column -> the row its team value came from
    for other in ranked[1:]:
        same_id = winner_id is not None and _id_key(other.ref.lead_id) == winner_id
        sheet: Literal["duplicates", "conflicts"] = "conflicts" if same_id else "duplicates"
        matched = kinds.get(other.position, [])
        noted = False
        values = other.values
        for col in columns:
            value = values.get(col)
            if _blank(value):
                continue
            current = row.get(col)
            if _blank(current):
                row[col] = value
                origin[col] = other
                merged.notes.append(MergeNote(sheet, team_id, col, value, other.ref, None,
                                              winner.ref, matched, "filled"))
                noted = True
            elif not same_value(col, current, value):
                source = origin.get(col, winner)
                won = _won_by(source, other)
                merged.notes.append(MergeNote(
                    sheet, team_id, col, current, source.ref, value, other.ref, matched,
                    "differs", won, *_dates(won, source, other)))
                noted = True
        if not noted:
            merged.notes.append(MergeNote(sheet, team_id, "", None, winner.ref, None, other.ref,
                                          matched, "same"))


def _dates(won: WonBy, a: LeadRow, b: LeadRow) -> tuple[Any, Any]:
    if won == "stage_updated":
        return a.updated, b.updated
    if won == "modified":
        return (dt.datetime.fromtimestamp(a.modified).replace(microsecond=0),
                dt.datetime.fromtimestamp(b.modified).replace(microsecond=0))
    return None, None


def _rekey(key: str, sources: Sequence[SourceData], idmap: dict[tuple[int, str], str],
           problems: list[Problem]) -> TeamTable:
    """A child table of every source, its lead IDs turned into team lead IDs, column by column.

    A table a worker spilled to disk stays there: its team columns are `Chained` parts that
    read each file's values back when the sheet is written."""
    present = [s for s in sources if key in s.tables]
    extras = _union([[_extra_name(e) for e in s.tables[key].extras] for s in present])
    names = [*TABLES[key].keys, *extras, *PROVENANCE_KEYS]
    chained = any(s.tables[key].spilled for s in present)
    data: dict[str, Any] = {n: Chained() if chained else [] for n in names}
    for s in present:
        t = s.tables[key]
        n = len(t)
        own: dict[str, Any] = {(_extra_name(c) if c in t.extras else c): v
                               for c, v in t.values.items()}
        own.update({(_extra_name(c) if c in t.extras else c): Segment(v.length, v.load)
                    for c, v in t.spilled.items()})
        ids = list(own["lead_id"]) if own.get("lead_id") else [None] * n
        for i, lead in enumerate(ids):
            lk = _id_key(lead)
            team_id = idmap.get((s.index, lk)) if lk is not None else None
            if team_id is not None:
                ids[i] = team_id
                continue
            why = (Msg("has no lead ID: the row is kept without one") if lk is None else
                   Msg("is not a lead ID on this workbook's Leads sheet: the row is kept under "
                       "this ID"))
            problems.append(Problem(t.sheet, t.rows[i], t.lead_id_col or 0, "lead_id", lead,
                                    why.text("en"), s.display, why))
        for name in names[:len(names) - len(PROVENANCE_KEYS)]:
            if name == "lead_id":
                data[name].extend(ids)
            else:
                data[name].extend(own.get(name) or _repeat(None, n, chained))
        rows = t.rows
        data["source_file"].extend(_repeat(s.display, n, chained))
        data["source_sheet"].extend(_repeat(t.sheet, n, chained))
        data["source_row"].extend(Segment(n, partial(_plus_one, rows)) if chained
                                  else _plus_one(rows))
        data["merged_from"].extend(_repeat(None, n, chained))
    return TeamTable(key, extras, data)


def _plus_one(rows: Sequence[int]) -> list[int]:
    """One-based worksheet rows."""
    return [r + 1 for r in rows]


def _repeat(value: Any, n: int, lazy: bool) -> Sequence[Any] | Segment:
    """`n` times `value`: a list, or a part made only when it is read."""
    return Segment(n, lambda: [value] * n) if lazy else [value] * n


def _carry(key: str, sources: Sequence[SourceData]) -> TeamTable:
    """A table without lead IDs (Targets) from every source, with provenance; a row whose
    values repeat a row already carried (the team's target copied into each rep's workbook)
    is kept once."""
    present = [s for s in sources if key in s.tables]
    extras = _union([[_extra_name(e) for e in s.tables[key].extras] for s in present])
    names = [*TABLES[key].keys, *extras, *PROVENANCE_KEYS]
    data: dict[str, list[Any]] = {n: [] for n in names}
    seen: set[tuple[Any, ...]] = set()
    own_names = names[:len(names) - len(PROVENANCE_KEYS)]
    for s in present:
        t = s.tables[key]
        own = {(_extra_name(c) if c in t.extras else c): v for c, v in t.values.items()}
        for i in range(len(t)):
            values = [(own.get(n) or [None] * len(t))[i] for n in own_names]
            fingerprint = tuple(str(v).strip().casefold() if isinstance(v, str) else v
                                for v in values)
            if fingerprint in seen:
                continue
            seen.add(fingerprint)
            for n, v in zip(own_names, values, strict=True):
                data[n].append(v)
            data["source_file"].append(s.display)
            data["source_sheet"].append(t.sheet)
            data["source_row"].append(t.rows[i] + 1)
            data["merged_from"].append(None)
    return TeamTable(key, extras, data)
