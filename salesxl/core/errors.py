"""One exception tree for salesxl; every error names the place and the fix."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from salesxl.core.messages import Msg, tr


class SalesxlError(Exception):
    """Root of every error salesxl raises on purpose.

    The message is a catalogue id (`salesxl.core.messages`) with its parameters, so the CLI
    and the Excel buttons show it in the user's language; ``str(error)`` is the English text.

    Example:
        >>> e = UsageError("{value!r} is not a date: write {example}", value="x",
        ...                example="2026-12-07")
        >>> str(e)
        "'x' is not a date: write 2026-12-07"
    """

    exit_code = 3

    def __init__(self, msgid: str = "", /, **params: Any):
        self.msg = Msg(msgid, params)
        super().__init__(self.msg.text("en") if params else msgid)

    def text(self, lang: str) -> str:
        """The message in `lang`."""
        return self.msg.text(lang)


class UsageError(SalesxlError):
    """The command was called in a way that cannot work (bad option, missing lead id...)."""

    exit_code = 2


class WorkbookError(SalesxlError):
    """A workbook cannot be read or written safely (corrupt, unsafe, open in Excel...)."""

    exit_code = 3


class UnsafeFileError(WorkbookError):
    """A file looks like a zip bomb or an XML attack and is refused before it is parsed."""


class WorkbookLockedError(WorkbookError):
    """Excel's lock file sits beside the workbook: it is open in Excel."""


class TableNotFoundError(WorkbookError):
    """A workbook has no sheet that holds the asked-for table."""


class RuleError(SalesxlError):
    """A sales rule refused an action (a stage gate failed, an unknown stage...)."""

    exit_code = 1


@dataclass(frozen=True)
class Problem:
    """One problem with one cell, reported with its place so a user can find and fix it.

    Example:
        >>> Problem("Leads", 11, 13, "budget_amount", "abc", "is not an amount").where
        'Leads!N12'
    """

    sheet: str
    row: int  # zero-based worksheet row
    col: int  # zero-based worksheet column
    column: str  # canonical column key
    value: object
    message: str
    file: str = ""
    msg: Msg | None = None  # the message in the catalogue, to show it in the reader's language

    @property
    def where(self) -> str:
        from salesxl.core.cells import to_a1

        return f"{self.sheet}!{to_a1(self.row, self.col)}"

    def text(self, lang: str) -> str:
        """What is wrong, in `lang` (without the cell)."""
        return self.msg.text(lang) if self.msg is not None else self.message

    def column_label(self, lang: str) -> str:
        """The column's header as the rep knows it (예산, Budget), not its internal key."""
        from salesxl.core.schema import TABLES, find_table

        table = find_table(self.sheet)
        tables = [table] if table is not None and table.has(self.column) else []
        tables += [t for t in TABLES.values() if t.has(self.column)]
        return tables[0].column(self.column).label(lang) if tables else self.column

    def line(self, lang: str) -> str:
        """Column, value and what is wrong, in `lang` (without the cell): 예산 'abc' 금액이 아닙니다."""
        return f"{self.column_label(lang)} {self.value!r} {self.text(lang)}"

    def __str__(self) -> str:
        prefix = f"{self.file}: " if self.file else ""
        return f"{prefix}{self.where}: {self.column} {self.value!r} {self.message}"


class RowProblems(SalesxlError):
    """Rows had problems and --strict asked for them to be fatal."""

    exit_code = 1

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = "\n".join(f"  {p}" for p in problems[:20])
        more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(f"{len(problems)} problem(s) found:\n{lines}{more}")

    def text(self, lang: str) -> str:
        lines = "\n".join(f"  {p.where}: {p.column} {p.value!r} {p.text(lang)}"
                          for p in self.problems)
        return tr("{n} cell(s) could not be read:", lang, n=len(self.problems)) + "\n" + lines
