"""What `salesxl.consolidate` returns: the team's tables and the account of every input file.

Example:
    >>> result = consolidate("reps/", "team.xlsx")  # doctest: +SKIP
    >>> result.leads_read == result.leads_team + result.leads_merged  # doctest: +SKIP
    True
    >>> [s.display for s in result.failed]  # doctest: +SKIP
    ['broken.xlsx']
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from salesxl.commands.consolidate.merge import MergeNote, TeamTable
from salesxl.commands.consolidate.readers import SourceData, Status
from salesxl.core.errors import Problem
from salesxl.core.messages import Joined, Msg, Pair


@dataclass(frozen=True)
class SourceReport:
    """One input file as the Sources sheet reports it."""

    display: str
    path: str
    status: Status
    reason: str  # why it failed or was skipped; warnings for a file that was read (English)
    rep: str
    rows: dict[str, int]  # rows read per table
    leads_merged: int  # of its lead rows, how many were merged into another row
    problems: int  # cells that could not be read (kept as typed)
    sha256: str
    modified: dt.datetime
    size: int
    reason_ko: str = ""  # the same, in Korean

    @property
    def leads_read(self) -> int:
        return self.rows.get("leads", 0)

    def reason_text(self, lang: str) -> str:
        """Why the file failed or was skipped, or its warnings, in `lang`."""
        return self.reason_ko if lang == "ko" and self.reason_ko else self.reason

    @classmethod
    def of(cls, src: SourceData, merged: int) -> SourceReport:
        en = ""
        if src.status != "ok":
            why: Msg | Pair | Joined | None = src.reason
        else:  # each warning once (a warning's English text is its key: made once)
            unique = {w.text("en"): w for w in src.warnings}
            why = Joined(list(unique.values()), "; ") if unique else None
            en = "; ".join(unique)
        return cls(src.display, src.path, src.status, (en or why.text("en")) if why else "",
                   src.rep, src.counts(), merged, len(src.problems), src.sha256,
                   src.modified_at, src.size, why.text("ko") if why else "")


@dataclass
class ConsolidateResult:
    """The team's tables, the merges made, and what became of each input.

    Attributes:
        out: the team workbook written (None when only computed).
        parquet: Parquet files written because a table is over Excel's row limit.
        sources: every input file in path order, with its status.
        tables: team tables (canonical keys, the reps' own columns, provenance).
        duplicates: lines of the Duplicates sheet.
        conflicts: lines of the Conflicts sheet.
        problems: cells that could not be read and rows whose lead ID matched no lead.
        notes: what the run wants the manager to know (masking, Parquet, configuration).
    """

    out: Path | None
    sources: list[SourceReport]
    tables: dict[str, TeamTable]
    duplicates: list[MergeNote] = field(default_factory=list)
    conflicts: list[MergeNote] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    parquet: list[Path] = field(default_factory=list)
    duplicate_groups: int = 0
    lang: str = "ko"
    summary: Any = None  # the Summary built with --summary (salesxl.commands.summary.Summary)
    spill: Any = field(default=None, repr=False, compare=False)
    """The temporary folder holding the large side tables' values (removed with the result)."""

    @property
    def failed(self) -> list[SourceReport]:
        """Inputs that could not be consolidated (the exit code says so)."""
        return [s for s in self.sources if s.status == "failed"]

    @property
    def ok(self) -> bool:
        """True when every input was consolidated or knowingly skipped."""
        return not self.failed

    @property
    def leads_read(self) -> int:
        return sum(s.leads_read for s in self.sources if s.status == "ok")

    @property
    def leads_merged(self) -> int:
        return sum(s.leads_merged for s in self.sources)

    @property
    def leads_team(self) -> int:
        return len(self.tables["leads"])

    def frame(self, table: str = "leads") -> pd.DataFrame:
        """A team table as a DataFrame of canonical values (object columns)."""
        t = self.tables[table]
        return pd.DataFrame({c: t.data[c] for c in t.columns}, dtype=object)
