"""The Sources, Duplicates and Conflicts sheets, and the one-screen summary, in ko or en.

Sources has one row per input file (file, rep, status and reason, rows read per table, lead
rows merged, problem cells, SHA-256, modification time, size), then a Total row whose text
spells out the sum ``lead rows read = team rows + merged``, then the run's notes. Duplicates
and Conflicts list, per merged row and column, the team value and the other value, each with
its source (``file: sheet row``), how the rows were matched and which rule decided.

Example:
    >>> header("sources", "en")[:4]
    ['File', 'Rep', 'Status', 'Reason / notes']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, overload

from salesxl.commands.consolidate.merge import MergeNote
from salesxl.commands.consolidate.result import ConsolidateResult
from salesxl.core.config import Config
from salesxl.core.messages import tr
from salesxl.core.schema import (
    CONFLICTS_SHEET,
    DUPLICATES_SHEET,
    LEADS,
    SOURCES_SHEET,
    TABLES,
)
from salesxl.core.values import cell_value

_HEADERS: dict[str, list[tuple[str, str]]] = {
    "sources": [("File", "파일"), ("Rep", "영업 담당"), ("Status", "상태"),
                ("Reason / notes", "사유 / 참고"), ("Leads read", "읽은 리드"),
                ("Leads merged", "병합된 리드"), ("Activities", "활동 내역"),
                ("Objections", "반론 기록"), ("Stage history", "단계 변경 이력"),
                ("Customers", "고객 파일"), ("Targets", "목표"), ("Problem cells", "문제 셀"),
                ("SHA-256", "SHA-256"), ("Modified", "수정 시각"), ("Size (bytes)", "크기(바이트)")],
    "notes": [("Team lead ID", "팀 리드 번호"), ("Column", "열"), ("Team value", "팀 값"),
              ("Team value from", "팀 값 출처"), ("Other value", "다른 값"),
              ("Other value from", "다른 값 출처"), ("Other lead ID", "다른 리드 번호"),
              ("Matched by", "일치 기준"), ("Resolution", "처리")],
}
_STATUS = {"ok": ("OK", "정상"), "warning": ("OK, see notes", "정상(참고)"),
           "failed": ("Failed", "실패"), "skipped": ("Skipped", "제외")}
_MATCHED: dict[str, tuple[str, str]] = {
    key: (" + ".join(LEADS.column(c).en for c in cols), " + ".join(LEADS.column(c).ko for c in cols))
            for key, cols in (("email", ("email",)), ("phone", ("phone",)),
                              ("name", ("company", "contact_name")),
                              ("lead_company", ("lead_id", "company")))}


def _t(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "ko" else pair[0]


def header(kind: str, lang: str) -> list[str]:
    """Header row of a report sheet (`kind`: sources or notes)."""
    return [_t(h, lang) for h in _HEADERS[kind]]


def sheet_names(lang: str) -> tuple[str, str, str]:
    """Names of the Sources, Duplicates and Conflicts sheets."""
    return tuple(s[1] if lang == "ko" else s[0]  # type: ignore[return-value]
                 for s in (SOURCES_SHEET, DUPLICATES_SHEET, CONFLICTS_SHEET))


def sources_rows(result: ConsolidateResult) -> list[list[Any]]:
    """The Sources sheet: a header, one row per file, the total, the notes."""
    lang = result.lang
    rows: list[list[Any]] = [header("sources", lang)]
    for s in result.sources:
        kind = "warning" if s.status == "ok" and s.reason else s.status
        rows.append([s.display, s.rep, _t(_STATUS[kind], lang), s.reason_text(lang),
                     s.leads_read, s.leads_merged, *(s.rows.get(k, 0) for k in list(TABLES)[1:]),
                     s.problems, s.sha256, s.modified.isoformat(sep=" "), s.size])
    n = {k: sum(1 for s in result.sources if s.status == k) for k in ("ok", "failed", "skipped")}
    ok = [s for s in result.sources if s.status == "ok"]
    status = tr("{ok} ok, {failed} failed, {skipped} skipped", lang, ok=n["ok"],
                failed=n["failed"], skipped=n["skipped"])
    sums = tr("{read} lead rows read = {team} team rows + {merged} merged as duplicates", lang,
              read=f"{result.leads_read:,}", team=f"{result.leads_team:,}",
              merged=f"{result.leads_merged:,}")
    total, note = tr("Total", lang), tr("Note", lang)
    rows.append([])
    rows.append([total, "", status, sums, result.leads_read, result.leads_merged,
                 *(sum(s.rows.get(k, 0) for s in ok) for k in list(TABLES)[1:]),
                 sum(s.problems for s in result.sources), "", "", ""])
    rows += [[note, "", "", text] for text in result.notes]
    return rows


def _column(col: str, lang: str) -> str:
    return LEADS.column(col).label(lang) if LEADS.has(col) else col


def _display(col: str, value: Any, cfg: Config, lang: str) -> Any:
    if value is None:
        return None
    return cell_value(LEADS.column(col), value, cfg, lang) if LEADS.has(col) else value


def resolution(note: MergeNote, lang: str) -> str:
    """Which rule decided a line of Duplicates/Conflicts, in words."""
    a, b = note.team_date, note.other_date
    if note.kind == "renamed":
        return tr("different customers share lead ID {lead}: this one is {team} in the team "
                  "workbook", lang, lead=note.other_value, team=note.team_id)
    if note.kind == "filled":
        return tr("filled: the kept row had this cell empty", lang)
    if note.kind == "same":
        return tr("merged: no value differs", lang)
    if note.won_by == "stage_updated":
        return tr("kept the more recently updated stage ({a} > {b})", lang, a=a,
                  b=b or tr("none", lang))
    if note.won_by == "modified":
        return tr("same stage date: kept the workbook saved last ({a} > {b})", lang, a=a, b=b)
    return tr("same stage date and file time: kept the first in path order", lang)


def note_rows(notes: Sequence[MergeNote], cfg: Config, lang: str) -> NoteRows:
    """The Duplicates or Conflicts sheet: a header and one row per note (made on demand)."""
    return NoteRows(notes, cfg, lang)


def _typed(value: Any) -> tuple[type, Any]:
    """A cache key that keeps 1, 1.0 and True apart (they are equal as keys)."""
    return value.__class__, value


class NoteRows(Sequence[list[Any]]):
    """The Duplicates or Conflicts sheet as rows made when asked for: a header, then one row
    per note.

    A team of 50 reps has hundreds of thousands of such lines; holding them as lists would
    double what the notes already take, so the writer asks for a chunk of rows at a time
    (`column`). Labels, displayed values and resolutions repeat: each distinct one is made
    once.
    """

    def __init__(self, notes: Sequence[MergeNote], cfg: Config, lang: str):
        self.notes = notes
        self.cfg = cfg
        self.lang = lang
        self.header = header("notes", lang)
        self._labels: dict[str, str] = {}
        self._shown: dict[tuple[str, type, Any], Any] = {}
        self._matched: dict[tuple[str, ...], str] = {}
        self._why: dict[tuple[Any, ...], str] = {}
        self._last: tuple[int, int, list[list[Any]]] = (0, 0, [])

    def __len__(self) -> int:
        return len(self.notes) + 1

    @overload
    def __getitem__(self, i: int) -> list[Any]: ...
    @overload
    def __getitem__(self, i: slice) -> list[list[Any]]: ...

    def __getitem__(self, i: int | slice) -> list[Any] | list[list[Any]]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return list(self.header) if i == 0 else self._row(self.notes[i - 1])

    def body(self, start: int, stop: int) -> list[list[Any]]:
        """The rows of notes `start` to `stop` (the last asked for are remembered)."""
        first, last, rows = self._last
        if (first, last) != (start, stop):
            rows = [self._row(n) for n in self.notes[start:stop]]
            self._last = (start, stop, rows)
        return rows

    def column(self, c: int, limit: int | None = None) -> Sequence[Any]:
        """Column `c` of the rows under the header (the first `limit` of them), made a chunk
        at a time as the writer slices it."""
        n = len(self.notes) if limit is None else min(limit, len(self.notes))
        return _NoteColumn(self, c, n)

    def _label(self, col: str) -> str:
        try:
            return self._labels[col]
        except KeyError:
            label = self._labels[col] = _column(col, self.lang)
            return label

    def _show(self, col: str, value: Any) -> Any:
        if value is None:
            return None
        try:
            key = (col, *_typed(value))
            return self._shown[key]
        except TypeError:  # an unhashable value
            return _display(col, value, self.cfg, self.lang)
        except KeyError:
            shown = self._shown[key] = _display(col, value, self.cfg, self.lang)
            return shown

    def _matched_by(self, kinds: list[str]) -> str:
        key = tuple(kinds)
        text = self._matched.get(key)
        if text is None:
            text = self._matched[key] = ", ".join(_t(_MATCHED[k], self.lang) for k in kinds)
        return text

    def _resolution(self, n: MergeNote) -> str:
        if n.kind == "renamed":
            return resolution(n, self.lang)
        key = (n.kind, n.won_by, *_typed(n.team_date), *_typed(n.other_date))
        text = self._why.get(key)
        if text is None:
            text = self._why[key] = resolution(n, self.lang)
        return text

    def _row(self, n: MergeNote) -> list[Any]:
        show = n.column and n.column != "lead_id"
        return [
            n.team_id, self._label(n.column) if n.column else "",
            self._show(n.column, n.team_value) if show else n.team_value,
            n.team_from.text(),
            self._show(n.column, n.other_value) if show else n.other_value,
            n.other_from.text(), n.other_from.lead_id,
            self._matched_by(n.matched_by), self._resolution(n),
        ]


class _NoteColumn(Sequence[Any]):
    """One column of a `NoteRows` body, for the sheet writer's slices."""

    def __init__(self, rows: NoteRows, c: int, n: int):
        self.rows, self.c, self.n = rows, c, n

    def __len__(self) -> int:
        return self.n

    @overload
    def __getitem__(self, i: int) -> Any: ...
    @overload
    def __getitem__(self, i: slice) -> list[Any]: ...

    def __getitem__(self, i: int | slice) -> Any:
        c = self.c
        if isinstance(i, slice):
            start, stop, step = i.indices(self.n)
            if step != 1:
                return [self[j] for j in range(start, stop, step)]
            return [row[c] for row in self.rows.body(start, stop)]
        if i < 0:
            i += self.n
        if not 0 <= i < self.n:
            raise IndexError(i)
        return self.rows.body(i, i + 1)[0][c]


def summary_lines(result: ConsolidateResult, lang: str = "en") -> list[tuple[str, str]]:
    """The figures the command prints at the end, in `lang`."""
    n_ok = sum(1 for s in result.sources if s.status == "ok")
    lines = [
        (tr("Workbooks", lang), tr("{n} found: {ok} consolidated, {failed} failed, {skipped} "
                                   "skipped", lang, n=len(result.sources), ok=n_ok,
                                   failed=len(result.failed),
                                   skipped=len(result.sources) - n_ok - len(result.failed))),
        (tr("Leads", lang), tr("{read} read = {team} team rows + {merged} merged as duplicates",
                               lang, read=f"{result.leads_read:,}",
                               team=f"{result.leads_team:,}",
                               merged=f"{result.leads_merged:,}")),
    ]
    for key in list(TABLES)[1:]:
        lines.append((TABLES[key].label(lang), f"{len(result.tables[key]):,}"))
    lines += [
        (tr("Duplicate customers", lang),
         tr("{n} (see the Duplicates sheet: {lines} lines)", lang,
            n=f"{result.duplicate_groups:,}", lines=f"{len(result.duplicates):,}")),
        (tr("Lead ID conflicts", lang),
         tr("{n} lines on the Conflicts sheet", lang, n=f"{len(result.conflicts):,}")),
        (tr("Problem cells", lang),
         tr("{n} (kept as typed)", lang, n=f"{len(result.problems):,}")),
    ]
    if result.out is not None:
        lines.append((tr("Team workbook", lang), str(result.out)))
    lines += [("Parquet", str(p)) for p in result.parquet]
    return lines
