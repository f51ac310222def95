"""The salesxl command: one thin command per library function of the same name.

Each command parses its options, calls the library, prints a short summary and turns
salesxl's exceptions into exit codes: 0 success; 1 row problems with --strict (or a refused
rule); 2 usage error; 3 unreadable or unsafe input. A user's mistake never shows a traceback.

Every line is printed in the run's language (`salesxl.core.messages`): the workbook's (its
Config, else its headers), or ``--lang``, or the locale for commands without a workbook; the
help texts follow the locale (or ``SALESXL_LANG``). File names and cell texts are printed as
they are: nothing a user typed goes through Rich's markup.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import gc
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from salesxl.core.errors import Problem, SalesxlError, UsageError
from salesxl.core.messages import (
    Msg,
    adopt_lang,
    current_lang,
    locale_lang,
    readable,
    set_lang,
    tr,
)
from salesxl.core.version import __version__
from salesxl.progress_bar import progress_bar

F = TypeVar("F", bound=Callable[..., Any])
out = Console(highlight=False)
err = Console(stderr=True, highlight=False)
LIST_LIMIT = 10  # lines of a list shown before "--all shows every line"
WARNINGS_SHOWN = 3  # warnings of one consolidated file shown before "+N more"
TABLE_KEYS = ("leads", "activities", "objections", "history", "customers")


def say(msgid: str, /, **params: Any) -> str:
    """A catalogue message in this run's language."""
    return tr(msgid, current_lang(), **params)


def show(text: str, *, stderr: bool = False, style: str | None = None) -> None:
    """Print text as it is (no markup): file names like ``leads[/b].xlsx`` stay intact."""
    # readable: a file name that is not UTF-8 (lone surrogates) is never printed as raw bytes
    (err if stderr else out).print(Text(readable(text), style=style or ""), soft_wrap=True)


# --- localised help ---------------------------------------------------------------------------
class _Option(click.Option):
    """An option whose help text follows the run's language."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        original = self.help
        if original:
            self.help = say(original)
        try:
            return super().get_help_record(ctx)
        finally:
            self.help = original


class _Command(click.Command):
    """A command whose help, usage and sections follow the run's language."""

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=say("Usage: "))

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if self.help:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(say(self.help))

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        opts = [rv for p in self.get_params(ctx)
                if isinstance(p, click.Option) and (rv := p.get_help_record(ctx))]
        if opts:
            with formatter.section(say("Options")):
                formatter.write_dl(opts)

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if self.epilog:
            with formatter.section(say("Examples")):
                for line in self.epilog.strip().splitlines():
                    formatter.write_text(line.strip())

    def get_short_help_str(self, limit: int = 45) -> str:
        return say(self.help or "").split("\n")[0][:limit * 2]

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return _localised(super().get_help_option(ctx))


def _localised(option: click.Option | None) -> click.Option | None:
    """Click's own --help option, with its help text in the run's language."""
    if option is not None:
        option.help = "Show this message and exit."
        option.__class__ = _Option
    return option


class _Group(click.Group):
    command_class = _Command

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        _Command.format_usage(self, ctx, formatter)  # type: ignore[arg-type]

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        _Command.format_help_text(self, ctx, formatter)  # type: ignore[arg-type]

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        _Command.format_options(self, ctx, formatter)  # type: ignore[arg-type]
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, cmd.get_short_help_str())
                for name in self.list_commands(ctx)
                if (cmd := self.get_command(ctx, name)) is not None and not cmd.hidden]
        if rows:
            with formatter.section(say("Commands")):
                formatter.write_dl(rows)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return _localised(super().get_help_option(ctx))

    def get_short_help_str(self, limit: int = 45) -> str:
        return say(self.help or "").split("\n")[0][:limit * 2]


def option(*decls: str, **kw: Any) -> Callable[[F], F]:
    return click.option(*decls, cls=_Option, **kw)


def lang_option(fn: F) -> F:
    return option("--lang", type=click.Choice(["ko", "en"]), default=None,
                  help="Language of the messages [default: the workbook's].")(fn)


def recalc_option(fn: F) -> F:
    return option("--recalc", is_flag=True,
                  help="Let LibreOffice compute formulas saved without their values (files "
                       "written by scripts) before reading; needs LibreOffice.")(fn)


# --- errors and common values -----------------------------------------------------------------
def handle_errors(fn: F) -> F:
    """Turn salesxl errors into one message on stderr and the error's exit code."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        lang = kwargs.get("lang")
        if lang:
            set_lang(lang, forced=True)
        try:
            return fn(*args, **kwargs)
        except SalesxlError as exc:
            show(f"{say('error:')} {exc.text(current_lang())}", stderr=True, style="red")
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            show(say("interrupted: nothing was saved"), stderr=True)
            sys.exit(130)

    return wrapper  # type: ignore[return-value]


def parse_today(value: str | None) -> dt.date:
    """--today: 2026-12-07, 2026/12/07, 2026.12.07, 20261207 or 2026년 12월 7일."""
    if value is None:
        return dt.date.today()
    from salesxl.core.parse import ParseError, parse_date

    try:
        day = parse_date(value)
    except ParseError:
        day = None
    if day is None:
        raise UsageError("--today {value!r} is not a date: write it as 2026-12-07, 2026/12/07, "
                         "2026.12.07 or 20261207", value=value)
    return day


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' (did you mean X?)' for the nearest of `choices`, or ''."""
    near = difflib.get_close_matches(word.strip().casefold(), [c.casefold() for c in choices],
                                     n=1, cutoff=0.6)
    if not near:
        return ""
    original = next(c for c in choices if c.casefold() == near[0])
    return say(" (did you mean {word}?)", word=original)


def report_problems(problems: list[Problem], *, show_all: bool = False) -> None:
    """Print row problems (cell, value, what to write instead) to stderr."""
    if not problems:
        return
    lang = current_lang()
    show(say("{n} cell(s) could not be read:", n=len(problems)), stderr=True, style="yellow")
    shown = problems if show_all else problems[:LIST_LIMIT]
    for p in shown:
        show(f"  {p.where}: {p.line(lang)}", stderr=True)
    _more(len(problems) - len(shown), stderr=True)


def _more(hidden: int, *, stderr: bool = False) -> None:
    if hidden > 0:
        show("  " + say("... {n} more (--all shows every line, --json all of them as data)",
                        n=hidden), stderr=stderr)


CANDIDATES_SHOWN = 5
"""IDs an ambiguous referral name lists on screen (a common name can match thousands)."""


def _some(ids: Sequence[str]) -> str:
    """The first `CANDIDATES_SHOWN` of `ids`, and how many more (--json has them all)."""
    shown = ", ".join(ids[:CANDIDATES_SHOWN])
    if len(ids) > CANDIDATES_SHOWN:
        shown += " " + say("and {n} more", n=len(ids) - CANDIDATES_SHOWN)
    return shown


def kv_table(title: str) -> RichTable:
    """A two-column table of names and values; long values (paths) wrap, never cut."""
    table = RichTable(title=Text(title), show_header=False)
    table.add_column(overflow="fold")
    table.add_column(overflow="fold")
    return table


def result_table(title: str, counts: dict[str, str | int], cells_written: int,
                 columns_added: list[str]) -> RichTable:
    """The summary table a command that writes result columns prints."""
    table = kv_table(title)
    for name, n in counts.items():
        table.add_row(Text(name), Text(f"{n:,}" if isinstance(n, int) else n))
    table.add_row(Text(say("Cells written")), Text(f"{cells_written:,}"))
    for added in columns_added:
        table.add_row(Text(say("Column added")), Text(added))
    return table


def _json_out(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1, default=str) + "\n")


# --- the commands -----------------------------------------------------------------------------
@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="salesxl", cls=_Option,
                      help="Show the version and exit.")
def cli() -> None:
    """salesxl: BANT, stages, follow-ups and summaries for sales teams who live in Excel."""
    set_lang(locale_lang())


@cli.command(epilog="""
salesxl init my-leads.xlsx
salesxl init team-en.xlsx --lang en --pipeline short
""")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@option("--lang", type=click.Choice(["ko", "en"]), default=None,
        help="Language of sheet names, headers and dropdowns [default: ko].")
@option("--pipeline", type=click.Choice(["seven_step", "six_stage", "short"]),
        default="seven_step", show_default=True, help="The ready pipeline to start with.")
@option("--force", is_flag=True, help="Replace PATH if it exists.")
@option("--protect", is_flag=True,
        help="Protect the table sheets: only input cells take typing (no password).")
@handle_errors
def init(path: Path, lang: str | None, pipeline: str, force: bool, protect: bool) -> None:
    """Write a new team workbook to PATH."""
    from salesxl.commands.init import init as init_book

    lang = lang or "ko"
    book = init_book(path, lang=lang, pipeline=pipeline, force=force, protect=protect)
    show(say("wrote {path} ({lang}, {pipeline} pipeline). Open it in Excel: the first sheet "
             "says where to start.", path=book, lang=lang, pipeline=pipeline))


@cli.command(epilog="""
salesxl templates
salesxl templates my-folder
""")
@click.argument("dest", type=click.Path(file_okay=False, path_type=Path), default="workbooks")
@handle_errors
def templates(dest: Path) -> None:
    """Regenerate the ready Korean and English team workbooks in DEST."""
    from salesxl.commands.init import build_templates

    for path in build_templates(dest):
        show(say("wrote {path}", path=path))


def _choice(value: str, allowed: Iterable[str], what: str) -> str:
    allowed = list(allowed)
    if value.strip().casefold() in allowed:
        return value.strip().casefold()
    raise UsageError("{what} {value!r} is not one of: {allowed}{hint}", what=what, value=value,
                     allowed=", ".join(allowed), hint=did_you_mean(value, allowed))


@cli.command(epilog="""
salesxl export team.xlsx --table leads -o leads.csv
salesxl export team.xlsx --table activities --format json
""")
@click.argument("book", type=click.Path(path_type=Path))  # a folder: exit 3, in our words
@option("--table", default="leads", show_default=True,
        help="Table to export: leads, activities, objections, history or customers.")
@option("--format", "fmt", default="csv", show_default=True,
        help="csv, json or parquet.")
@option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
        help="File to write; standard output when omitted (not for parquet).")
@option("--raw", is_flag=True,
        help="CSV: keep text that starts with = + - @ as it is (by default such text gets a "
             "leading ' so a spreadsheet cannot run it as a formula).")
@option("--include-personal", is_flag=True,
        help="Also export the personal columns of the customer file (masked otherwise).")
@recalc_option
@lang_option
@handle_errors
def export(book: Path, table: str, fmt: str, output: Path | None, raw: bool,
           include_personal: bool, recalc: bool, lang: str | None) -> None:
    """Export a table of BOOK with canonical keys and ISO dates."""
    from salesxl.commands.export import export as export_table

    table = _choice(table, TABLE_KEYS, "--table")
    fmt = _choice(fmt, ("csv", "json", "parquet"), "--format")
    if fmt == "parquet" and output is None:
        raise UsageError("parquet is binary: give a file with -o FILE")
    problems: list[Problem] = []
    notes: list[str] = []
    with progress_bar("salesxl export"):
        result = export_table(book, table=table, format=fmt, out=output, problems=problems,
                              raw=raw, include_personal=include_personal, recalc=recalc,
                              notes=notes)
    for note in notes:
        show(f"{say('note:')} {note}", stderr=True, style="yellow")
    if output is None:
        assert isinstance(result, str)
        sys.stdout.write(result)
    else:
        show(say("wrote {path}", path=output), stderr=True)
    report_problems(problems)


@cli.command(epilog="""
salesxl demo
salesxl demo --out demo --reps 3 --leads 120 --today 2026-12-07
""")
@option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
        default="salesxl-demo", show_default=True, help="Folder to write the demo into.")
@option("--reps", type=click.IntRange(1, 200), default=5, show_default=True,
        help="Number of reps.")
@option("--leads", type=click.IntRange(1, 1_000_000), default=400, show_default=True,
        help="Number of leads.")
@option("--seed", type=int, default=7, show_default=True,
        help="Same seed and --today give the same files.")
@option("--today", help="Date the demo is built around (YYYY-MM-DD); default today.")
@lang_option
@handle_errors
def demo(out_dir: Path, reps: int, leads: int, seed: int, today: str | None,
         lang: str | None) -> None:
    """Write a realistic demo team and run every salesxl capability on it."""
    from salesxl.commands.demo import demo as run_demo
    from salesxl.commands.demo import summary_lines

    with out.status(say("building the demo team...")):
        result = run_demo(out_dir, reps=reps, leads=leads, seed=seed, today=parse_today(today))
    table = kv_table(say("salesxl demo in {path}", path=result.out))
    lang = current_lang()
    for name, value in summary_lines(result):
        table.add_row(Text(say(name)), Text(value.text(lang) if isinstance(value, Msg)
                                            else str(value)))
    for title, where in result.steps:
        table.add_row(Text(say("ran: {step}", step=title)), Text(where.text(lang)))
    out.print(table)
    show(say("Open a rep workbook in Excel or LibreOffice, e.g. {path}",
             path=result.rep_books[0]))


@cli.command(epilog="""
salesxl validate my-leads.xlsx
salesxl validate team.xlsx --today 2026-12-07 --strict --json
""")
@click.argument("book", type=click.Path(path_type=Path))  # a folder: exit 3, in our words
@option("--today", help="Day BANT timing is measured from (2026-12-07, 2026/12/07 or "
                        "20261207); default today.")
@option("--strict", is_flag=True,
        help="Exit 1 when a cell could not be read (the results are written first).")
@option("--json", "as_json", is_flag=True, help="Print the whole report as JSON on stdout.")
@option("--all", "show_all", is_flag=True, help="Print every line of every list.")
@option("--force", is_flag=True, help="Write into a workbook that is marked read-only.")
@recalc_option
@lang_option
@handle_errors
def validate(book: Path, today: str | None, strict: bool, as_json: bool, show_all: bool,
             force: bool, recalc: bool, lang: str | None) -> None:
    """BANT-qualify every lead of BOOK: write bant_status, bant_score, bant_missing."""
    from salesxl.commands.validate import validate as run_validate
    from salesxl.core.vocab import BANT_STATUSES

    with progress_bar("salesxl validate"):
        report = run_validate(book, today=parse_today(today), force=force, recalc=recalc)
    if as_json:
        _json_out(report.to_json())
    else:
        lang = current_lang()
        counts: dict[str, str | int] = {BANT_STATUSES.label(k, lang): n
                                        for k, n in report.counts.items()}
        table = result_table(say("salesxl validate: {book} ({day})", book=book,
                                 day=report.today), counts, report.cells_written,
                             report.columns_added)
        if report.ids_assigned:
            table.add_row(Text(say("Lead IDs given")), Text(f"{report.ids_assigned:,}"))
        if report.scored:
            table.add_row(Text(say("Learned win probability")), Text(f"{report.scored:,}"))
        for note in report.notes:
            table.add_row(Text(say("Note")), Text(note))
        out.print(table)
        stale = report.stale if show_all else report.stale[:LIST_LIMIT]
        if report.stale:
            show(say("{n} stale lead(s) (longer in their stage than its rotting days):",
                     n=len(report.stale)))
            for s in stale:
                show(f"  {s.cell} {s.lead_id} {s.company or ''}: "
                     + say("{days} days in stage", days=s.days_in_stage))
            _more(len(report.stale) - len(stale))
        report_problems(report.problems, show_all=show_all)
    if strict and report.problems:
        show(say("--strict: {n} cell(s) could not be read; the results were written",
                 n=len(report.problems)), stderr=True)
        sys.exit(1)


@cli.command(epilog="""
salesxl score team.xlsx
salesxl score team.xlsx --report --cutoff 2026-09-30
""")
@click.argument("book", type=click.Path(path_type=Path))  # a folder: exit 3, in our words
@option("--today", help="Day open leads are scored on (YYYY-MM-DD); default today.")
@option("--cutoff", metavar="YYYY-MM-DD",
        help="Back-test: train on the deals closed on or before this date [default: the date "
             "by which 70 % of the closed deals had closed].")
@option("--report", "show_report", is_flag=True,
        help="Also print the back-test: AUC, Brier score and calibration, learned vs stage "
             "defaults.")
@option("--json", "as_json", is_flag=True,
        help="Print the report, back-test included, as JSON on stdout.")
@lang_option
@handle_errors
def score(book: Path, today: str | None, cutoff: str | None, show_report: bool,
          as_json: bool, lang: str | None) -> None:
    """Learn a win probability from BOOK's closed deals and write it for every open lead."""
    from salesxl.commands.score import backtest_tables, summary_table
    from salesxl.commands.score import score as run_score

    report = run_score(book, today=parse_today(today), report=True,
                       cutoff=parse_today(cutoff) if cutoff else None)
    if as_json:
        _json_out(report.to_json())
        return
    lang_now = current_lang()  # the workbook's, unless --lang said otherwise
    if not report.enough:  # too little history is a state of the workbook, not an error
        show(report.message(lang_now) or "")
        return
    out.print(summary_table(report, lang_now))
    if show_report:
        for table in backtest_tables(report, lang_now):
            out.print(table)
    report_problems(report.problems)


@cli.command(epilog="""
salesxl advance team.xlsx --lead R01-0007
salesxl advance team.xlsx --lead R01-0003 --to 실주 --force --reason "예산 삭감"
""")
@click.argument("book", type=click.Path(path_type=Path))  # a folder: exit 3, in our words
@option("--lead", "leads", multiple=True, required=True, metavar="ID",
        help="Lead ID to move; repeat to move several (all move, or none does).")
@option("--to", metavar="STAGE", help="Target stage (key or label); default: the next.")
@option("--force", is_flag=True,
        help="Allow skipping stages, moving backwards and failing gates.")
@option("--reason", metavar="TEXT", help="Why; kept in History (required with --force).")
@option("--by", metavar="NAME", help="Who moves it [default: your user name].")
@option("--today", help="Day written as the stage date (YYYY-MM-DD); default today.")
@lang_option
@handle_errors
def advance(book: Path, leads: tuple[str, ...], to: str | None, force: bool,
            reason: str | None, by: str | None, today: str | None, lang: str | None) -> None:
    """Move leads of BOOK to their next stage (or --to), through the stage gates."""
    from salesxl.commands.advance import advance as run_advance

    with progress_bar("salesxl advance"):
        report = run_advance(book, list(leads), to, force=force, reason=reason, by=by,
                             today=parse_today(today))
    for ch in report.changes:
        prob = say(", probability {p:.0%}", p=ch.probability) \
            if ch.probability is not None else ""
        forced = say(" (forced: {what})", what=", ".join([ch.kind, *ch.passed_over])) \
            if ch.forced else ""
        show(f"{ch.lead_id}: {ch.from_label} -> {ch.to_label} ({ch.cell}{prob}){forced}")
    show(say("History: {n} row(s) added to sheet {sheet!r}", n=len(report.changes),
             sheet=report.history_sheet)
         + (say(" (new sheet)") if report.history_created else ""))
    if report.customers is not None:  # one move at a time: every new customer
        _customer_lines(report.customers, new_only=True, show_all=True)


@cli.command(epilog="""
salesxl followups my-leads.xlsx --ics my-follow-ups.ics
salesxl followups team.xlsx --rep 김지훈 --today 2026-12-07 --all
""")
@click.argument("book", type=click.Path(path_type=Path))  # a folder: exit 3, in our words
@option("--today", help="Day overdue is measured against (YYYY-MM-DD); default today.")
@option("--rep", metavar="NAME", help="Only this rep's leads.")
@option("--ics", type=click.Path(dir_okay=False, path_type=Path),
        help="Also write the follow-ups to this iCalendar (.ics) file.")
@option("--json", "as_json", is_flag=True, help="Print the whole report as JSON on stdout.")
@option("--all", "show_all", is_flag=True, help="Print every line of every list.")
@option("--force", is_flag=True, help="Write into a workbook that is marked read-only.")
@recalc_option
@lang_option
@handle_errors
def followups(book: Path, today: str | None, rep: str | None, ics: Path | None,
              as_json: bool, show_all: bool, force: bool, recalc: bool,
              lang: str | None) -> None:
    """Schedule the next follow-up of every lead of BOOK by tier, on business days."""
    from salesxl.commands.followups import followups as run_followups
    from salesxl.core.vocab import CHANNELS, FOLLOW_UP_STATUSES

    with progress_bar("salesxl followups"):
        report = run_followups(book, today=parse_today(today), rep=rep, ics=ics, force=force,
                               recalc=recalc)
    if as_json:
        _json_out(report.to_json())
        return
    lang = current_lang()
    counts: dict[str, str | int] = {FOLLOW_UP_STATUSES.label(k, lang): n
                                    for k, n in report.counts.items()}
    who = say(", rep {rep}", rep=rep) if rep else ""
    table = result_table(say("salesxl followups: {book} ({day}{who})", book=book,
                             day=report.today, who=who), counts, report.cells_written,
                         report.columns_added)
    if report.dated_today:
        table.add_row(Text(say("Created today")),
                      Text(say("{n} lead(s) had no date: 등록일 set to today, the follow-up "
                               "counted from it", n=report.dated_today)))
    if report.ics is not None:
        table.add_row(Text(say("Calendar")),
                      Text(say("{path} ({n} events)", path=report.ics, n=report.events)))
    out.print(table)
    lines = report.agenda if show_all else report.agenda[:LIST_LIMIT]
    for line in lines:
        late = say(", {n} days late", n=(report.today - line.date).days) \
            if line.status == "overdue" else ""
        show(f"  {line.date} {FOLLOW_UP_STATUSES.label(line.status, lang)}{late} "
             f"{line.lead_id} {line.company or ''} "
             f"({CHANNELS.label(line.channel, lang) if line.channel else '-'}, {line.cell})")
    _more(len(report.agenda) - len(lines))
    if report.customers is not None:
        _customer_agenda(report, show_all)
    report_problems(report.problems, show_all=show_all)


def _customer_agenda(report: Any, show_all: bool) -> None:
    """The customers part of `followups`: touches by status, then the customers' agenda."""
    from salesxl.core.vocab import AGENDA_KINDS, CHANNELS, FOLLOW_UP_STATUSES

    lang = current_lang()
    parts = [f"{FOLLOW_UP_STATUSES.label(k, lang)} {n}" for k, n in
             report.customer_counts.items() if n]
    show(say("Customers ({n}): {counts}", n=sum(report.customer_counts.values()),
             counts=", ".join(parts) or "-"))
    lines = report.customer_agenda if show_all else report.customer_agenda[:LIST_LIMIT]
    for line in lines:
        late = say(", {n} days late", n=(report.today - line.date).days) \
            if line.status == "overdue" else ""
        how = CHANNELS.label(line.channel, lang) if line.channel else ""
        note = say(" (won: {lead})", lead=line.note) if line.kind == "thank_referrer" else \
            f" ({line.note})" if line.note else ""
        show(f"  {line.date} {AGENDA_KINDS.label(line.kind, lang)}{late} {line.lead_id} "
             f"{line.company or ''}{note} ({how + ', ' if how else ''}{line.cell})")
    _more(len(report.customer_agenda) - len(lines))
    _customer_lines(report.customers, new_only=True, show_all=show_all)


def _customer_lines(rep: Any, *, new_only: bool = False, show_all: bool = False) -> None:
    """New customers, then (unless `new_only`) what the rep must look at: each list's first
    `LIST_LIMIT` lines unless `show_all` (a first sync of a large workbook makes thousands)."""
    news = rep.new if show_all else rep.new[:LIST_LIMIT]
    for c in news:
        show(say("new customer {id}: {company} {contact} (lead {lead}, {cell})", id=c.customer_id,
                 company=c.company or "", contact=c.contact or "", lead=c.lead_id or "-",
                 cell=c.cell))
    _more(len(rep.new) - len(news))
    if new_only:
        return
    for r in rep.referrals if show_all else rep.referrals[:LIST_LIMIT]:
        what = {"unresolved": say("matches no lead or customer"),
                "ambiguous": say("matches several: {ids}", ids=_some(r.candidates)),
                "self": say("names the lead itself")}[r.how]
        show(say("referred by {text!r} ({cell}, lead {lead}): {what}; write a lead or customer "
                 "ID", text=r.text, cell=r.cell, lead=r.lead_id or "-", what=what),
             stderr=True, style="yellow")
    if not show_all:
        _more(len(rep.referrals) - LIST_LIMIT, stderr=True)
    for link in rep.links:
        text = {"unknown_customer": say("customer ID {ids} is not on the Customers sheet",
                                        ids=", ".join(link.customer_ids)),
                "ambiguous": say("leads {leads} match several customers ({ids}): write the "
                                 "customer ID", leads=", ".join(link.lead_ids),
                                 ids=", ".join(link.customer_ids)),
                "duplicate_id": say("customer ID {ids} is on two rows: give each customer its "
                                    "own ID", ids=", ".join(link.customer_ids)),
                "same_customer": say("customers {ids} are the same customer (same e-mail, "
                                     "phone or company and contact): merge their rows",
                                     ids=", ".join(link.customer_ids))}[link.kind]
        show(f"{text} ({', '.join(link.cells)})", stderr=True, style="yellow")


@cli.command(epilog="""
salesxl customers team.xlsx
salesxl customers team.xlsx --json
""")
@click.argument("book", type=click.Path(path_type=Path))  # a folder: exit 3, in our words
@option("--today", help="Day overdue is measured against (YYYY-MM-DD); default today.")
@option("--json", "as_json", is_flag=True, help="Print the whole report as JSON on stdout.")
@option("--all", "show_all", is_flag=True, help="Print every line of every list.")
@option("--force", is_flag=True, help="Write into a workbook that is marked read-only.")
@lang_option
@handle_errors
def customers(book: Path, today: str | None, as_json: bool, show_all: bool, force: bool,
              lang: str | None) -> None:
    """Sync BOOK's Customers sheet: won leads as customers, repurchases and referrals linked."""
    from salesxl.commands.customers import customers as run_customers

    report = run_customers(book, today=parse_today(today), force=force)
    if as_json:
        _json_out(report.to_json())
        return
    counts: dict[str, str | int] = {
        say("Customers"): report.customers,
        say("New customers"): len(report.new),
        say("Leads linked to a customer"): report.linked,
        say("Referrals resolved"): f"{report.resolved:,} / {report.referred:,}",
    }
    out.print(result_table(say("salesxl customers: {book} ({day})", book=book,
                               day=report.today), counts, report.cells_written,
                           report.columns_added))
    _customer_lines(report, show_all=show_all)
    report_problems(report.problems, show_all=show_all)


@cli.command(epilog="""
salesxl convert 2019_영업관리.csv old-pipeline.xls -o converted
salesxl convert legacy-folder --into team.xlsx --dry-run
""")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...",
                type=click.Path(path_type=Path))
@option("-o", "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
        help="Write one team workbook per input into this folder.")
@option("--into", type=click.Path(dir_okay=False, path_type=Path),
        help="Put every input into this team workbook (created if missing, updated in "
             "place if it exists: matching leads are updated, not duplicated).")
@option("--mapping", type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="Header mapping (YAML or JSON) fixing or overriding matches, e.g. the "
             "mapping.yaml an earlier run wrote.")
@option("--dry-run", is_flag=True, help="Write only the report and the proposed mapping.")
@option("--workers", type=click.IntRange(1, 256),
        help="Worker processes [default: one per CPU; 1 = none].")
@option("--dask", "dask_address", metavar="ADDRESS",
        help="Run the files on this Dask scheduler (tcp://host:8786).")
@option("--strict", is_flag=True,
        help="Stop files whose headers match with low confidence or ambiguously.")
@option("--date-order", type=click.Choice(["YMD", "DMY", "MDY"], case_sensitive=False),
        help="Order of all-numeric dates such as 03/04/05 [default: year first; "
             "ambiguous ones in English files are rejected].")
@option("--pipeline", type=click.Choice(["seven_step", "six_stage", "short"]),
        default="seven_step", show_default=True, help="Pipeline of new team workbooks.")
@option("--lang", type=click.Choice(["ko", "en"]),
        help="Language of the output [default: that of each file's headers].")
@option("--force", is_flag=True,
        help="Convert every file again, even those converted unchanged before.")
@option("--all", "show_all", is_flag=True, help="Print every line of every list.")
@handle_errors
def convert(inputs: tuple[Path, ...], out_dir: Path | None, into: Path | None,
            mapping: Path | None, dry_run: bool, workers: int | None, dask_address: str | None,
            strict: bool, date_order: str | None, pipeline: str, lang: str | None,
            force: bool, show_all: bool) -> None:
    """Convert legacy sales sheets (files or folders) into standard team workbooks."""
    from rich.progress import Progress

    from salesxl.commands.convert import ConversionStopped
    from salesxl.commands.convert import convert as run_convert
    from salesxl.commands.convert.report import attention_lines, summary_table
    from salesxl.core.errors import WorkbookError

    stopped = None
    with Progress(console=err, transient=True, auto_refresh=False) as bar:  # no thread:
        # worker processes can then be forked
        task = bar.add_task(say("converting"), total=None)

        def step(report: Any, done: int, total: int) -> None:
            bar.update(task, completed=done, total=total,
                       description=Text(report.file[-40:]).plain, refresh=True)

        try:
            result = run_convert(list(inputs), out_dir, into=into, mapping=mapping,
                                 dry_run=dry_run, workers=workers, dask=dask_address,
                                 strict=strict, date_order=date_order, pipeline=pipeline,
                                 lang=lang, force=force, progress=step)
        except ConversionStopped as exc:
            stopped, result = exc, exc.result
    adopt_lang(result.lang)  # the report's language: --lang, else the converted files'
    title = "salesxl convert" + (say(" (dry run)") if dry_run else "")
    limit = None if show_all else 25
    out.print(summary_table(result.files, title, limit=limit, lang=current_lang()))
    for line in attention_lines(result.files, limit=limit, lang=current_lang()):
        show(line, stderr=True)
    show(say("report: {report}\nmapping: {mapping}", report=result.report,
             mapping=result.mapping))
    if stopped is not None:
        raise stopped
    if result.files and not any(f.status not in ("failed", "skipped") for f in result.files):
        raise WorkbookError("none of the {n} file(s) holds a lead list salesxl can read "
                            "(the reasons are above and in {report})", n=len(result.files),
                            report=result.report)
    if result.failed:
        raise WorkbookError("{n} file(s) could not be read (listed above and in {report}); "
                            "the other files were converted", n=len(result.failed),
                            report=result.report)


@cli.command(epilog="""
salesxl summary team.xlsx
salesxl summary team.xlsx --since 2026-11-30 --png charts
""")
@click.argument("book", type=click.Path(path_type=Path))  # a folder: exit 3, in our words
@option("--today", help="Day overdue and stale are measured against (YYYY-MM-DD); "
                        "default today.")
@option("--since", help="Show what changed since this day (YYYY-MM-DD); default 7 days "
                        "before --today.")
@option("--png", "png_dir", type=click.Path(file_okay=False, path_type=Path),
        help="Also write the charts as PNG images into this folder (needs matplotlib).")
@option("--rep", "reps", multiple=True, metavar="NAME",
        help="Also write a compact sheet for this rep (repeatable), for one-to-ones.")
@option("--by-rep", "rep_sheets", is_flag=True,
        help="Also write a compact sheet for every rep.")
@option("--split/--team", "split", default=None,
        help="Split the team tables by rep [default: when the workbook holds several reps].")
@recalc_option
@lang_option
@handle_errors
def summary(book: Path, today: str | None, since: str | None, png_dir: Path | None,
            reps: tuple[str, ...], rep_sheets: bool, split: bool | None, recalc: bool,
            lang: str | None) -> None:
    """Rebuild BOOK's Summary sheet: headline, targets, changes, activity, native charts and a
    PivotTable, with every stale deal on its own sheet."""
    from salesxl.commands.summary import summary as run_summary

    day = parse_today(today)
    with progress_bar("salesxl summary"):
        s = run_summary(book, today=day, png=png_dir, by_rep=split,
                        since=parse_today(since) if since else None, reps=list(reps),
                        rep_sheets=rep_sheets, recalc=recalc)
    f = s.figures["value"] if len(s.figures) else None
    table = kv_table(say("salesxl summary: {book} ({day})", book=s.path, day=s.today))

    def target_of(metric: str) -> str:
        row = s.figures.loc[metric]
        return "" if row["target"] != row["target"] else say(
            " of target {target} ({share})", target=f"{row['target']:,.0f}",
            share=f"{row['attainment']:.0%}")

    rows: list[tuple[str, str]] = [(say("Leads"), f"{s.leads:,}")]
    if f is not None:
        rows += [
            (say("Open deals"), say("{n} worth {amount}", n=f"{f['open_deals']:,.0f}",
                                    amount=f"{f['open_amount']:,.0f}")),
            (say("Won this month"), f"{f['won_month']:,.0f}{target_of('won_month')}"),
            (say("Forecast this month"),
             f"{f['forecast_month']:,.0f}{target_of('forecast_month')}"),
            (say("Forecast this quarter"),
             f"{f['forecast_quarter']:,.0f}{target_of('forecast_quarter')}"),
        ]
        if s.alternative is not None:
            rows.append((say("Forecast ({prob})", prob=say(
                "learned win probability" if s.alternative == "win_probability"
                else "stage probability")),
                say("{month} this month, {quarter} this quarter",
                    month=f"{f['forecast_month_alt']:,.0f}",
                    quarter=f"{f['forecast_quarter_alt']:,.0f}")))
        rows += [
            (say("Win rate (won / closed)"), f"{f['win_rate']:.1%}"
             if f["win_rate"] == f["win_rate"] else say("no closed deals")),
            (say("Overdue follow-ups"), f"{f['overdue_follow_ups']:,.0f}"),
            (say("Stale deals"), say("{n} worth {amount}", n=f"{f['stale_deals']:,.0f}",
                                     amount=f"{f['stale_amount']:,.0f}")),
        ]
        c = {k: int(v) for k, v in s.changes.loc["Total", ["new", "advanced", "won", "lost",
                                                            "slipped"]].items()}
        rows.append((say("Since {day}", day=s.since),
                     say("{new} new, {advanced} advanced, {won} won, {lost} lost, {slipped} "
                         "slipped", **{k: f"{v:,}" for k, v in c.items()})))
    if len(s.after_sale):
        k = s.after_sale["value"]

        def pct(v: float) -> str:
            return "-" if v != v else f"{v:.0%}"

        rows.append((say("After the sale"), say(
            "repeat-purchase rate {rate}, upsells {upsell}, referrals won {referral} of closed "
            "(others {other})", rate=pct(k["repeat_rate"]), upsell=f"{k['upsell_amount']:,.0f}",
            referral=pct(k["referral_win_rate"]), other=pct(k["other_win_rate"]))))
    if s.learned is not None:
        if len(s.backtest):
            auc = s.backtest["auc"]
            rows.append((say("Back-test AUC (learned vs stage default)"), say(
                "{learned} vs {stage}", learned=f"{auc[('every_stage', 'learned')]:.3f}",
                stage=f"{auc[('every_stage', 'stage')]:.3f}")))
        else:
            rows.append((say("Back-test"), s.learned.message(current_lang()) or ""))
    rows.append((say("Sheet"), say("{sheet}: {n} native chart(s), PivotTable {pivot}",
                                   sheet=s.sheet, n=len(s.charts), pivot=s.pivot or "-")))
    if s.stale_sheet:
        rows.append((say("Stale deals sheet"), s.stale_sheet))
    if s.aftersale_sheet:
        rows.append((say("After-sale sheet"), s.aftersale_sheet))
    if s.rep_sheets:
        rows.append((say("Rep sheets"), ", ".join(s.rep_sheets)))
    for name, value in rows:
        table.add_row(Text(name), Text(value))
    if s.png:
        table.add_row(Text(say("PNG charts")), Text(f"{len(s.png)} — {s.png[0].parent}"))
    if s.backup:
        table.add_row(Text(say("Backup")), Text(str(s.backup)))
    out.print(table)
    for note in s.notes:
        show(f"{say('note:')} {note}", stderr=True, style="yellow")
    report_problems(s.problems)


@cli.group(cls=_Group)
def excel() -> None:
    """The Excel side: macro workbooks with buttons and worksheet functions (xlwings)."""


@excel.command("build", epilog="""
salesxl excel build
salesxl excel build dist --macros macros
""")
@click.argument("dest", type=click.Path(file_okay=False, path_type=Path), default="workbooks")
@option("--macros", "macros_dir", type=click.Path(file_okay=False, path_type=Path),
        help="Folder of the VBA modules (.bas) [default: macros/ of the source tree].")
@handle_errors
def excel_build(dest: Path, macros_dir: Path | None) -> None:
    """Build SalesTeam-ko.xlsm and SalesTeam-en.xlsm in DEST from the template and macros/."""
    from salesxl.xl.build import build

    for path in build(dest, macros_dir):
        show(say("wrote {path}", path=path))


@cli.command(epilog="""
salesxl consolidate reps/ -o team.xlsx --summary
salesxl consolidate kim.xlsx lee.xlsx -o team.xlsx --mask-personal
""")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...",
                type=click.Path(path_type=Path))
@option("-o", "--out", "output", required=True,
        type=click.Path(dir_okay=False, path_type=Path),
        help="The team workbook to write (replaced when it exists).")
@option("--mask-personal", is_flag=True,
        help="Leave out the Customers personal columns; mask e-mail and phone.")
@option("--workers", type=click.IntRange(1, 256),
        help="Worker processes reading files [default: one per CPU; 1 = none].")
@option("--dask", "dask_address", metavar="ADDRESS",
        help="Read the files on this Dask scheduler (tcp://host:8786).")
@option("--strict", is_flag=True, help="Make unreadable cells fatal (nothing written).")
@option("--lang", type=click.Choice(["ko", "en"]),
        help="Language of the team workbook [default: its configuration's].")
@option("--summary", "with_summary", is_flag=True,
        help="Also build the Summary sheet of the team workbook in the same run.")
@option("--today", help="Day the Summary is measured against (YYYY-MM-DD); default today.")
@option("--all", "show_all", is_flag=True, help="Print every line of every list.")
@handle_errors
def consolidate(inputs: tuple[Path, ...], output: Path, mask_personal: bool,
                workers: int | None, dask_address: str | None, strict: bool,
                lang: str | None, with_summary: bool, today: str | None,
                show_all: bool) -> None:
    """Consolidate the reps' workbooks (files or folders) into one team workbook."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from salesxl.commands.consolidate import consolidate as run_consolidate
    from salesxl.commands.consolidate.report import summary_lines
    from salesxl.core.errors import WorkbookError

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=err, transient=True, auto_refresh=False) as bar:  # no
        task = bar.add_task(say("reading"), total=None)  # thread: worker processes can fork

        def step(done: int, total: int, what: str) -> None:
            bar.update(task, completed=done, total=total, description=Text(what[-40:]).plain,
                       refresh=True)

        result = run_consolidate(list(inputs), output, mask_personal=mask_personal,
                                 workers=workers, dask=dask_address, strict=strict, lang=lang,
                                 progress=step, summary=with_summary,
                                 today=parse_today(today) if today else None)
    adopt_lang(result.lang)  # the team workbook's language, unless --lang said otherwise
    lang_now = current_lang()
    table = kv_table("salesxl consolidate")
    for name, value in summary_lines(result, lang_now):
        table.add_row(Text(name), Text(value))
    if result.summary is not None:
        sm = result.summary
        table.add_row(Text(say("Summary")),
                      Text(say("sheet {sheet!r} ({n} charts, PivotTable {pivot}), stale deals "
                               "on {stale!r}", sheet=sm.sheet, n=len(sm.charts),
                               pivot=sm.pivot or "-", stale=sm.stale_sheet)))
    out.print(table)
    flagged = [s for s in result.sources if s.status != "ok" or s.reason]
    for src in flagged if show_all else flagged[:LIST_LIMIT]:
        reason = src.reason_text(lang_now)
        parts = reason.split("; ")
        if not show_all and len(parts) > WARNINGS_SHOWN:  # the Sources sheet has them all
            reason = "; ".join(parts[:WARNINGS_SHOWN]) + say(
                " (+{n} more: --all, or the Sources sheet)", n=len(parts) - WARNINGS_SHOWN)
        show(f"  {say(src.status)}: {src.display}: {reason}", stderr=True)
    if not show_all:
        _more(len(flagged) - LIST_LIMIT, stderr=True)
    report_problems(result.problems, show_all=show_all)
    if result.summary is None and result.out is not None:
        show(say("Next: salesxl summary {book} builds the manager's Summary sheet (or pass "
                 "--summary)", book=result.out))
    if not any(s.status == "ok" for s in result.sources):
        raise WorkbookError("none of the {total} file(s) could be consolidated (the reasons are "
                            "listed above); no team workbook was written",
                            total=len(result.sources))
    if result.failed:
        raise WorkbookError("{n} of {total} workbook(s) could not be consolidated (listed "
                            "above and in the Sources sheet); the team workbook holds the "
                            "others", n=len(result.failed), total=len(result.sources))


def main() -> None:
    """Entry point of the `salesxl` console script."""
    # A run makes hundreds of thousands of short-lived containers (cells, rows, cell edits)
    # that reference counting frees at once; the cyclic collector's passes over them cost
    # about 5 % of a `validate` on 10k rows. Collect less often (mypy does the same): cyclic
    # garbage is still collected, only later.
    gc.set_threshold(200_000, 30, 30)
    cli(prog_name="salesxl")


if __name__ == "__main__":
    main()
