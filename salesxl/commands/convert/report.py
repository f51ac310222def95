"""What a conversion did, per file: the report workbook and the one-screen summary.

``conversion-report.xlsx`` has two sheets, in the run's language (``파일별 결과`` and
``열 매칭`` in Korean, every header, status and note too; columns as wide as their headers):

* **Files** — one row per input file: status (converted, unchanged, skipped, stopped,
  failed, dry run), sheets converted, rows in, converted (added and updated with
  ``--into``), rejected, totals, blank and repeated-header rows skipped, how many columns
  were mapped and how confidently, how many went to Extra, the encoding, warnings and errors,
  and the output written.
* **Columns** — one row per header of every converted sheet: its cell, the column key it was
  mapped to, the confidence (0-100) and how (label, mapping file, fuzzy, low confidence,
  ambiguous, unmapped, duplicate).

Every figure satisfies rows in = converted + rejected.

Example:
    >>> r = FileReport(0, "2019.csv", rows_in=30, converted=29, rejected=1)
    >>> r.balanced, r.status
    (True, 'converted')
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from salesxl.commands.convert.mapping import HIGH, Match, how_text
from salesxl.core.messages import Msg, readable, tr
from salesxl.core.schema import LEADS
from salesxl.io.reportbook import ReportSheet, fit_widths, write_report_book

STATUSES = ("converted", "unchanged", "dry run", "skipped", "stopped", "failed")


@dataclass
class ColumnReport:
    """How one header of one sheet was mapped."""

    sheet: str
    cell: str
    header: str
    key: str | None
    confidence: int
    how: str
    note: str
    note_ko: str = ""  # the note in Korean

    @classmethod
    def of(cls, sheet: str, cell: str, m: Match) -> ColumnReport:
        return cls(sheet, cell, m.header, m.key, m.confidence, m.how, m.describe(),
                   m.describe("ko"))

    def note_text(self, lang: str) -> str:
        """How the header was matched, in `lang`."""
        return self.note_ko if lang == "ko" and self.note_ko else self.note



@dataclass
class FileReport:
    """What happened to one input file (JSON-friendly: kept in the resume manifest)."""

    index: int
    file: str
    path: str = ""
    status: str = "converted"
    kind: str = ""
    encoding: str = ""
    lang: str = ""
    sheets: list[str] = field(default_factory=list)
    rows_in: int = 0
    converted: int = 0
    rejected: int = 0
    added: int = 0
    updated: int = 0
    totals_rows: int = 0
    blank_rows: int = 0
    repeated_headers: int = 0
    extra_cells: int = 0
    columns: list[ColumnReport] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str = ""
    output: str = ""
    seconds: float = 0.0
    warnings_ko: list[str] = field(default_factory=list)  # the same, in Korean
    error_ko: str = ""

    def fail(self, status: str, msg: Msg) -> None:
        """Set the status and the reason (kept in both languages: the report is written in
        the run's language, known once every file is read)."""
        self.status, self.error, self.error_ko = status, msg.text("en"), msg.text("ko")

    def warn(self, msg: Msg) -> None:
        """Add a warning, in both languages."""
        self.warnings.append(msg.text("en"))
        self.warnings_ko.append(msg.text("ko"))

    def error_text(self, lang: str) -> str:
        """The reason the file failed, was skipped or stopped, in `lang`."""
        return self.error_ko if lang == "ko" and self.error_ko else self.error

    def warning_texts(self, lang: str) -> list[str]:
        """The warnings in `lang`."""
        if lang == "ko" and len(self.warnings_ko) == len(self.warnings):
            return self.warnings_ko
        return self.warnings

    @property
    def balanced(self) -> bool:
        """Rows in = converted + rejected."""
        return self.rows_in == self.converted + self.rejected

    @property
    def mapped(self) -> list[ColumnReport]:
        return [c for c in self.columns if c.key is not None]

    @property
    def doubtful(self) -> list[ColumnReport]:
        """Low-confidence and ambiguous header matches."""
        return [c for c in self.columns if c.how in ("low confidence", "ambiguous")]

    def columns_text(self, lang: str = "en") -> str:
        """``7 mapped (6 sure, 1 low confidence), 1 to Extra``, in `lang`."""
        mapped = self.mapped
        sure = sum(c.confidence >= HIGH for c in mapped)
        to_extra = len(self.columns) - len(mapped)
        text = tr("{n} mapped", lang, n=len(mapped))
        if mapped and sure != len(mapped):
            text += tr(" ({sure} sure, {low} low confidence)", lang, sure=sure,
                       low=len(mapped) - sure)
        if to_extra:
            text += tr(", {n} to Extra", lang, n=to_extra)
        return text

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FileReport:
        names = {f.name for f in fields(cls)}
        kw = {k: v for k, v in data.items() if k in names}
        kw["columns"] = [ColumnReport(**c) for c in kw.get("columns", [])]
        return cls(**kw)


FILES_HEADERS = ["File", "Status", "Sheets", "Rows in", "Converted", "Added", "Updated",
                 "Rejected", "Totals rows", "Blank rows", "Repeated headers", "Extra cells",
                 "Columns", "Low confidence / ambiguous", "Encoding", "Warnings", "Error",
                 "Output", "Seconds"]
COLUMNS_HEADERS = ["File", "Sheet", "Cell", "Header", "Column", "Confidence", "How", "Note"]
FILES_SHEETS = {"en": "Files", "ko": "파일별 결과"}
COLUMNS_SHEETS = {"en": "Columns", "ko": "열 매칭"}


def _headers(names: list[str], lang: str) -> list[str]:
    """The report's headers in `lang` (the ids are listed here so the catalogue finds them)."""
    if lang != "ko":
        return names
    ko = {"File": tr("File", lang), "Status": tr("Status", lang), "Sheets": tr("Sheets", lang),
          "Rows in": tr("Rows in", lang), "Converted": tr("Converted", lang),
          "Added": tr("Added", lang), "Updated": tr("Updated", lang),
          "Rejected": tr("Rejected", lang), "Totals rows": tr("Totals rows", lang),
          "Blank rows": tr("Blank rows", lang), "Repeated headers": tr("Repeated headers", lang),
          "Extra cells": tr("Extra cells", lang), "Columns": tr("Columns", lang),
          "Low confidence / ambiguous": tr("Low confidence / ambiguous", lang),
          "Encoding": tr("Encoding", lang), "Warnings": tr("Warnings", lang),
          "Error": tr("Error", lang), "Output": tr("Output", lang),
          "Seconds": tr("Seconds", lang), "Sheet": tr("Sheet", lang), "Cell": tr("Cell", lang),
          "Header": tr("Header", lang), "Column": tr("Column", lang),
          "Confidence": tr("Confidence", lang), "How": tr("How", lang), "Note": tr("Note", lang)}
    return [ko.get(n, n) for n in names]


def status_text(status: str, lang: str) -> str:
    """A file's status in `lang` (``converted`` -> ``변환``)."""
    return tr(status, lang) if status in STATUSES else status


def _files_row(r: FileReport, lang: str) -> list[Any]:
    notes = {id(c): c.note_text(lang) for c in r.doubtful}
    doubtful = "; ".join(f"{c.header!r}: {notes[id(c)]}" for c in r.doubtful)
    return [r.file, status_text(r.status, lang), ", ".join(r.sheets), r.rows_in, r.converted,
            r.added, r.updated, r.rejected, r.totals_rows, r.blank_rows, r.repeated_headers,
            r.extra_cells, r.columns_text(lang) if r.columns else "", doubtful,
            encoding_text(r.encoding, lang) or r.kind, "\n".join(r.warning_texts(lang)),
            r.error_text(lang),
            r.output, round(r.seconds, 3)]


def encoding_text(name: str, lang: str) -> str:
    """A text file's encoding as the report names it: ``UTF-8 with BOM`` -> ``UTF-8 (BOM 포함)``.

    Example:
        >>> encoding_text("UTF-8 with BOM", "ko"), encoding_text("CP949", "ko")
        ('UTF-8 (BOM 포함)', 'CP949')
    """
    if name.endswith(" with BOM"):
        return tr("{encoding} with BOM", lang, encoding=name.removesuffix(" with BOM"))
    return name


def column_name(key: str | None, lang: str) -> str:
    """A Leads column as the report names it: its key (English), its label (Korean)."""
    if not key:
        return ""
    return LEADS.column(key).label(lang) if lang == "ko" and LEADS.has(key) else key


def write_report(path: str | Path, reports: Sequence[FileReport], lang: str = "en") -> Path:
    """Write ``conversion-report.xlsx`` (atomically) in `lang` and return its path."""
    files = [_headers(FILES_HEADERS, lang)] + [_files_row(r, lang) for r in reports]
    total = [tr("Total", lang), "", "", *(sum(r[i] for r in files[1:]) for i in range(3, 12))]
    cols = [_headers(COLUMNS_HEADERS, lang)] + [
        [r.file, c.sheet, c.cell, c.header, column_name(c.key, lang), c.confidence,
         how_text(c.how, lang), c.note_text(lang)] for r in reports for c in r.columns]
    files.append(total)
    return write_report_book(path, [
        ReportSheet(FILES_SHEETS[lang], files, fit_widths(files), bold_rows=(len(files) - 1,)),
        ReportSheet(COLUMNS_SHEETS[lang], cols, fit_widths(cols)),
    ], title=tr("salesxl conversion report", lang))


def summary_counts(reports: Sequence[FileReport]) -> dict[str, int]:
    """Totals over files: files per status, and rows in / converted / rejected / added / updated.

    Example:
        >>> n = summary_counts([FileReport(0, "a.csv", rows_in=3, converted=2, rejected=1)])
        >>> n["converted"], n["rows in"], n["rows converted"]
        (1, 3, 2)
    """
    out: dict[str, int] = {s: sum(r.status == s for r in reports) for s in STATUSES}
    for name in ("rows_in", "converted", "rejected", "added", "updated"):
        out[f"rows {name.removeprefix('rows_')}"] = sum(getattr(r, name) for r in reports)
    return out


def summary_table(reports: Sequence[FileReport], title: str, limit: int | None = 25,
                  lang: str = "en") -> Any:
    """A rich Table: one row per file (the first `limit`, or all), then the totals."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(title), title_justify="left")
    numeric = ("Rows in", "Converted", "Rejected")
    for name in ("File", "Status", "Rows in", "Converted", "Rejected", "Columns", "Output"):
        table.add_column(Text(tr(name, lang)), justify="right" if name in numeric else "left",
                         overflow="fold")
    styles = {"failed": "red", "stopped": "yellow", "skipped": "yellow"}
    shown = reports if limit is None else reports[:limit]
    for r in shown:
        table.add_row(Text(readable(r.file)), Text(status_text(r.status, lang),
                                         style=styles.get(r.status, "")),
                      str(r.rows_in), str(r.converted), str(r.rejected),
                      Text(r.columns_text(lang) if r.columns else ""),
                      Text(readable(Path(r.output).name) if r.output else ""))
    if len(reports) > len(shown):
        table.add_row(Text(tr("... {n} more (--all shows every line, --json all of them as data)",
                              lang, n=len(reports) - len(shown))), "", "", "", "", "", "")
    n = summary_counts(reports)
    status = ", ".join(tr("{n} {status}", lang, n=v, status=status_text(k, lang))
                       for k, v in n.items() if k in STATUSES and v)
    table.add_section()
    table.add_row(Text(tr("{n} files", lang, n=len(reports))), Text(status), str(n["rows in"]),
                  str(n["rows converted"]), str(n["rows rejected"]), "", "")
    return table


def attention_lines(reports: Sequence[FileReport], limit: int | None = 15,
                    lang: str = "en") -> list[str]:
    """What the user should look at: doubtful header matches, failures, rejected rows."""
    lines: list[str] = []
    doubtful = [(r, c) for r in reports for c in r.doubtful]
    cut = len(doubtful) if limit is None else limit
    if doubtful:
        lines.append(tr("{n} header(s) matched with low confidence or ambiguously (fix them in "
                        "the mapping file and pass it with --mapping):", lang, n=len(doubtful)))
        lines += [f"  {readable(r.file)}: {readable(c.sheet)}!{c.cell} {c.header!r}: {c.note_text(lang)}"
                  for r, c in doubtful[:cut]]
        if len(doubtful) > cut:
            lines.append("  " + tr("... {n} more (--all shows every line, --json all of them "
                                   "as data)", lang, n=len(doubtful) - cut))
    bad = [r for r in reports if r.status in ("failed", "skipped", "stopped")]
    cut = len(bad) if limit is None else limit
    for r in bad[:cut]:
        lines.append(f"{status_text(r.status, lang)}: {r.error_text(lang)}")
    if len(bad) > cut:
        lines.append(tr("... {n} more (--all shows every line, --json all of them as data)",
                        lang, n=len(bad) - cut))
    rejected = sum(r.rejected for r in reports)
    if rejected:
        lines.append(tr("{n} row(s) rejected: see the Rejected sheet of the output for the "
                        "reason of each (file, sheet, row)", lang, n=rejected))
    return lines
