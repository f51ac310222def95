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

from typing import Any

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


def note_rows(notes: list[MergeNote], cfg: Config, lang: str) -> list[list[Any]]:
    """The Duplicates or Conflicts sheet: a header and one row per note."""
    rows: list[list[Any]] = [header("notes", lang)]
    for n in notes:
        show = n.column and n.column != "lead_id"
        rows.append([
            n.team_id, _column(n.column, lang) if n.column else "",
            _display(n.column, n.team_value, cfg, lang) if show else n.team_value,
            n.team_from.text(),
            _display(n.column, n.other_value, cfg, lang) if show else n.other_value,
            n.other_from.text(), n.other_from.lead_id,
            ", ".join(_t(_MATCHED[k], lang) for k in n.matched_by), resolution(n, lang),
        ])
    return rows


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
