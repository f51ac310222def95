"""The per-file work of a consolidation: one rep workbook in, plain picklable data out.

`read_source` runs in a worker process (or on a Dask worker, or in-process with one worker):
it hashes the file, refuses what cannot be trusted (a lock file beside it, a corrupt or
password-protected file, an empty workbook, a layout from another template version), reads
every table to canonical values and computes the leads' identity keys, so the main process
only merges. It never raises for a bad file: the returned `SourceData` carries the status and a
reason a manager can act on.

Example:
    >>> data = read_source("reps/R01.xlsx", 0, "R01.xlsx")  # doctest: +SKIP
    >>> data.status, data.rows_read("leads")  # doctest: +SKIP
    ('ok', 2000)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from salesxl.commands.consolidate.discover import LEGACY_SUFFIXES, is_lock_file, lock_owner
from salesxl.commands.consolidate.spill import (
    SPILLED_TABLES,
    SpilledColumn,
    compact_rows,
    spill_table,
)
from salesxl.core.config import Config
from salesxl.core.errors import Problem, SalesxlError
from salesxl.core.identity import Identity, identity
from salesxl.core.messages import Msg, Pair
from salesxl.core.parse import parse_text
from salesxl.core.schema import PROVENANCE, SCHEMA_VERSION, TABLES, normalize_header
from salesxl.io.parts.safety import check_not_open_in_excel, read_head
from salesxl.io.read import (
    TableData,
    WorkbookData,
    is_xlsx,
    read_workbook,
    shown_cells,
    typed_frame,
)

Status = Literal["ok", "failed", "skipped"]

_PROVENANCE_NAMES = {col.key: {normalize_header(n) for n in (col.key, col.en, col.ko)}
                     for col in PROVENANCE[:3]}


def is_team_workbook(headers: list[str]) -> bool:
    """True when a Leads sheet has all of Source file, Source sheet and Source row columns."""
    found = {normalize_header(h) for h in headers}
    return all(names & found for names in _PROVENANCE_NAMES.values())


@dataclass
class SourceTable:
    """One table of one rep workbook: canonical values column by column, and where rows were.

    `values` holds every schema column of the table (None where the sheet lacks it) and the
    rep's own columns under their header text; a cell salesxl could not read keeps what the
    rep typed (and is listed in `SourceData.problems`).
    """

    key: str
    sheet: str
    extras: list[str]
    values: dict[str, list[Any]]
    rows: Sequence[int]  # zero-based worksheet row of each row
    lead_id_col: int | None = None  # zero-based worksheet column of lead_id, for messages
    spilled: dict[str, SpilledColumn] = field(default_factory=dict)
    """Columns written to disk by the worker (`salesxl.commands.consolidate.spill`), not in
    `values`."""

    def __len__(self) -> int:
        return len(self.rows)

    def row(self, i: int) -> dict[str, Any]:
        """Row `i` as a dict of column -> value."""
        return {name: col[i] for name, col in self.values.items()}


@dataclass
class SourceData:
    """What one input file gave: its status, facts about the file, and its tables."""

    index: int
    path: str
    display: str
    status: Status = "ok"
    reason: Msg | Pair | None = None  # why it failed or was skipped
    warnings: list[Msg] = field(default_factory=list)
    sha256: str = ""
    modified: float = 0.0  # POSIX time of the file's last change
    size: int = 0
    rep: str = ""
    config: Config | None = None
    has_config: bool = False
    tables: dict[str, SourceTable] = field(default_factory=dict)
    identities: list[Identity] = field(default_factory=list)  # one per Leads row
    problems: list[Problem] = field(default_factory=list)
    lang: str = ""  # the workbook's language (its Config, else its headers)

    def rows_read(self, table: str) -> int:
        """Rows of `table` read from this file (0 when it failed or lacks the table)."""
        t = self.tables.get(table)
        return len(t) if t is not None else 0

    def counts(self) -> dict[str, int]:
        """Rows read per table."""
        return {key: self.rows_read(key) for key in TABLES}

    @property
    def modified_at(self) -> dt.datetime:
        """The file's modification time, local time, to the second."""
        return dt.datetime.fromtimestamp(self.modified).replace(microsecond=0)


def file_facts(path: Path) -> tuple[str, float, int]:
    """(sha256 hex digest, modification time, size in bytes) of a file."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
    st = os.stat(path)
    return digest.hexdigest(), st.st_mtime, st.st_size


def read_source(path: str | Path, index: int, display: str, spill: str | None = None
                ) -> SourceData:
    """Read one rep workbook for consolidation; never raises for a bad file.

    Args:
        path: the workbook.
        index: its position in the sorted input list (results are put back in this order).
        display: the short name reports show.
        spill: a private folder to write the large side tables' columns to (all but their
            lead IDs; `salesxl.commands.consolidate.spill`), so that they need not travel to
            and stay in the main process; None keeps every table in memory.

    Returns:
        A `SourceData` whose `status` is ``ok`` (tables read), ``failed`` (nothing taken,
        `reason` says why and what to do) or ``skipped`` (not a rep workbook).
    """
    p = Path(path)
    src = SourceData(index=index, path=str(p), display=display)
    if is_lock_file(p):  # named on the command line: said, never silently dropped
        src.status = "skipped"
        src.reason = Msg("an Excel or LibreOffice lock file (left while {owner} is open), not a "
                         "workbook: give {owner} itself", {"owner": lock_owner(p.name)})
        return src
    try:
        read_head(p)  # a pipe, a folder or a broken link: this file fails, not the run
        src.sha256, src.modified, src.size = file_facts(p)
        if p.suffix.lower() in LEGACY_SUFFIXES and not is_xlsx(p):
            src.status = "skipped"
            src.reason = Msg("a legacy {suffix} file, not a rep workbook: its leads are not in "
                             "the team workbook; add them with `salesxl convert {path} --into "
                             "TEAM.xlsx`", {"suffix": p.suffix.lower(), "path": p})
            return src
        check_not_open_in_excel(p)
        book = read_workbook(p)
        _check_book(src, book)
        if src.status == "ok":
            _read_tables(src, book)
            if spill is not None:
                _spill(src, Path(spill))
    except SalesxlError as exc:
        _fail(src, about_this_file(exc, p))
    except OSError as exc:
        _fail(src, Msg("cannot be read ({detail}); check the file's permissions",
                       {"detail": exc.strerror or str(exc)}))
    except Exception as exc:  # a file that breaks a reader must not stop the team's run
        _fail(src, Msg("unexpected {kind} while reading ({detail}); open it in Excel, save a "
                       "copy and try again (and please report it to salesxl)",
                       {"kind": type(exc).__name__, "detail": str(exc)}))
    return src


def _spill(src: SourceData, folder: Path) -> None:
    """Write the large side tables' columns to `folder` (a full disk keeps them in memory)."""
    for key in SPILLED_TABLES:
        t = src.tables.get(key)
        if t is None or not len(t):
            continue
        try:
            t.spilled = spill_table(folder, f"{src.index}-{key}.pickle", t.values)
        except OSError:
            return
        t.values = {c: v for c, v in t.values.items() if c not in t.spilled}
        t.rows = compact_rows(t.rows)


_THIS_FILE_KO = re.compile(r"이 파일(?:은\(는\)|이\(가\)|을\(를\)|\(으\)로)")
_PARTICLE_AFTER_FILE = {"은(는)": "은", "이(가)": "이", "을(를)": "을", "(으)로": "로"}


def about_this_file(exc: SalesxlError, path: Path) -> Pair:
    """An error about the file at `path`, said of "this file" (the Sources sheet names the
    file in its own column), in both languages.

    Example:
        >>> from salesxl.core.errors import WorkbookError
        >>> e = WorkbookError("{path} is empty (0 bytes): restore it from a backup or copy it "
        ...                   "again", path="a/b.xlsx")
        >>> about_this_file(e, Path("a/b.xlsx")).ko
        '이 파일은 빈 파일입니다 (0바이트). 백업에서 복원하거나 다시 복사하세요'
    """
    p = str(path)
    en = exc.text("en").replace(f"{p}: ", "").replace(f"{p} ", "this file ")
    ko = exc.text("ko").replace(f"{p}: ", "").replace(p, "이 파일")
    ko = _THIS_FILE_KO.sub(lambda m: "이 파일" + _PARTICLE_AFTER_FILE[m.group(0)[4:]], ko)
    return Pair(en, ko)


def _fail(src: SourceData, reason: Msg | Pair) -> None:
    src.status, src.reason = "failed", reason
    src.tables, src.identities, src.problems = {}, [], []


def _check_book(src: SourceData, book: WorkbookData) -> None:
    src.config, src.has_config = book.config, book.config_sheet is not None
    src.lang = book.lang  # the labels' language: the Config's, else the headers
    leads = book.tables.get("leads")
    if leads is None:
        _fail(src, Msg("no Leads table: no sheet named Leads/리드 and no sheet whose first rows "
                       "hold lead headers (sheets: {sheets}); start from `salesxl init` or name "
                       "the sheet Leads", {"sheets": ", ".join(book.sheet_names)}))
        return
    if is_team_workbook(list(leads.extras)):
        src.status = "skipped"
        src.reason = Msg("a consolidated team workbook (its Leads sheet has Source file/row "
                         "columns), not a rep's: consolidating it again would count its rows "
                         "twice")
        return
    version = book.config.template_version
    if book.config_sheet is not None and version != SCHEMA_VERSION:
        params = {"version": version, "schema": SCHEMA_VERSION}
        _fail(src, Msg("template version {version} (newer than version {schema}, which this "
                       "salesxl reads): its columns may mean other things, so it is left out; "
                       "upgrade salesxl and run again", params) if version > SCHEMA_VERSION
              else Msg("template version {version} (older than version {schema}, which this "
                       "salesxl reads): its columns may mean other things, so it is left out; "
                       "copy its rows into a new workbook from `salesxl init` and run again",
                       params))
        return
    if len(leads.frame) == 0:
        _fail(src, Msg("empty: the {sheet} sheet has no lead rows; nothing to consolidate",
                       {"sheet": leads.sheet}))
        return
    if book.config_sheet is None:
        src.warnings.append(Msg("no Config sheet (a hand-made workbook?): read with the default "
                                "pipeline and labels"))
    for sheet, cells in book.unvalued.items():  # never a silent blank in the team workbook
        src.warnings.append(Msg(
            "{sheet}: {n} formula cell(s) have no saved value and were read as blank "
            "({cells}{more}): open and save the file in Excel or LibreOffice, then consolidate "
            "again", {"sheet": sheet, "n": len(cells), **shown_cells(cells)}))


def _read_tables(src: SourceData, book: WorkbookData) -> None:
    cfg = book.config
    for key in TABLES:
        td = book.tables.get(key)
        if td is not None:
            src.tables[key] = _read_table(td, cfg, book.epoch1904, src.problems, src.display)
    leads = src.tables["leads"]
    region = cfg.holiday_country if len(cfg.holiday_country) == 2 else "KR"
    keyed = {k: leads.values[k] for k in _IDENTITY_COLUMNS if k in leads.values}
    src.identities = [_identity({k: v[i] for k, v in keyed.items()}, region)
                      for i in range(len(leads))]
    reps = Counter(str(r).strip() for r in leads.values["rep"] if r not in (None, ""))
    src.rep = reps.most_common(1)[0][0] if reps else Path(src.path).stem
    _share_lead_ids(src)


def _share_lead_ids(src: SourceData) -> None:
    """Make the side tables' lead IDs the very text objects of the Leads sheet's (equal
    values, one object each): a file's 16,000 side rows then pickle and sit in the main
    process as references, not as 16,000 more strings."""
    own: dict[str, str] = {}
    for v in src.tables["leads"].values.get("lead_id", ()):
        if v.__class__ is str:
            own.setdefault(v, v)
    for key, t in src.tables.items():
        ids = t.values.get("lead_id")
        if key != "leads" and ids:
            t.values["lead_id"] = [own.get(v, v) if v.__class__ is str else v for v in ids]


_IDENTITY_COLUMNS = ("email", "phone", "company", "contact_name", "lead_id", "customer_id")
"""The columns `_identity` looks at (a row of these instead of all of them)."""


def _identity(row: dict[str, Any], region: str) -> Identity:
    """The row's identity keys; a deal salesxl linked to a customer (its ``customer_id`` is
    filled) is matched by its lead ID + company only.

    A customer's repurchase is a lead of its own with the customer's e-mail and phone:
    matched by those it would be merged into the customer's first deal as a duplicate, and a
    sale would be lost. Linked deals carry the link instead (`salesxl customers`), so the
    same deal in two reps' files still meets by its ID, and the customer's other deals stay
    deals.
    """
    ident = identity(row, region)
    if parse_text(row.get("customer_id")) is None:
        return ident
    return Identity(company=ident.company, lead_id=ident.lead_id)


def _read_table(td: TableData, cfg: Config, epoch1904: bool, problems: list[Problem],
                display: str) -> SourceTable:
    found: list[Problem] = []
    frame = typed_frame(td, cfg, found, epoch1904=epoch1904)
    for p in found:  # keep what the rep typed: nothing is lost, the problem is reported
        frame.at[p.row, p.column] = p.value
    problems.extend(Problem(p.sheet, p.row, p.col, p.column, p.value, p.message, display, p.msg)
                    for p in found)
    values = {str(name): frame[name].tolist() for name in frame.columns}
    return SourceTable(td.table.key, td.sheet, list(td.extras), values,
                       [int(r) for r in frame.index], td.columns.get("lead_id"))
