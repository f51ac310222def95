"""The salesxl command: one thin command per library function of the same name.

Each command parses its options, calls the library, prints a short summary and turns
salesxl's exceptions into exit codes: 0 success; 1 row problems with --strict (or a refused
rule); 2 usage error; 3 unreadable or unsafe input. A user's mistake never shows a traceback.
"""

from __future__ import annotations

import datetime as dt
import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.table import Table as RichTable

from salesxl.core.errors import Problem, SalesxlError
from salesxl.core.version import __version__

F = TypeVar("F", bound=Callable[..., Any])
out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


def handle_errors(fn: F) -> F:
    """Turn salesxl errors into a message on stderr and the error's exit code."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except SalesxlError as exc:
            err.print(f"[bold red]error:[/] {exc}", markup=True, soft_wrap=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            err.print("interrupted: nothing was saved")
            sys.exit(130)

    return wrapper  # type: ignore[return-value]


def report_problems(problems: list[Problem], limit: int = 15) -> None:
    """Print row problems (cell, value, what to write instead) to stderr."""
    if not problems:
        return
    err.print(f"[yellow]{len(problems)} cell(s) could not be read:[/]")
    for p in problems[:limit]:
        err.print(f"  {p.where}: {p.column} {p.value!r} {p.message}", markup=False)
    if len(problems) > limit:
        err.print(f"  ... and {len(problems) - limit} more")


def result_table(title: str, counts: dict[str, int], cells_written: int,
                 columns_added: list[str]) -> RichTable:
    """The summary table a command that writes result columns prints: counts, cells, columns."""
    from rich.text import Text

    table = RichTable(title=Text(title), show_header=False)
    for key, n in counts.items():
        table.add_row(key.capitalize(), f"{n:,}")
    table.add_row("Cells written", f"{cells_written:,}")
    for added in columns_added:
        table.add_row("Column added", Text(added))
    return table


def parse_today(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        msg = f"{value!r} is not a date: write YYYY-MM-DD, e.g. 2026-03-05"
        raise click.BadParameter(msg) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="salesxl")
def cli() -> None:
    """salesxl: BANT, stages, follow-ups and summaries for sales teams who live in Excel."""


@cli.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--lang", type=click.Choice(["ko", "en"]), default="ko", show_default=True,
              help="Language of sheet names, headers and dropdowns.")
@click.option("--pipeline", type=click.Choice(["seven_step", "six_stage", "short"]),
              default="seven_step", show_default=True, help="The ready pipeline to start with.")
@click.option("--force", is_flag=True, help="Replace PATH if it exists.")
@handle_errors
def init(path: Path, lang: str, pipeline: str, force: bool) -> None:
    """Write a new team workbook to PATH."""
    from salesxl.commands.init import init as init_book

    book = init_book(path, lang=lang, pipeline=pipeline, force=force)
    out.print(f"wrote {book} ({lang}, {pipeline} pipeline). Open it in Excel and add leads on "
              f"the first sheet.")


@cli.command()
@click.argument("dest", type=click.Path(file_okay=False, path_type=Path), default="workbooks")
@handle_errors
def templates(dest: Path) -> None:
    """Regenerate the ready Korean and English team workbooks in DEST."""
    from salesxl.commands.init import build_templates

    for path in build_templates(dest):
        out.print(f"wrote {path}")


@cli.command()
@click.argument("book", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--table", type=click.Choice(["leads", "activities", "objections", "history",
                                            "customers"]), default="leads", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "parquet"]), default="csv",
              show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write; standard output when omitted (not for parquet).")
@handle_errors
def export(book: Path, table: str, fmt: str, output: Path | None) -> None:
    """Export a table of BOOK with canonical keys and ISO dates."""
    from salesxl.commands.export import export as export_table
    from salesxl.core.errors import UsageError

    if fmt == "parquet" and output is None:
        raise UsageError("parquet is binary: give a file with -o FILE")
    problems: list[Problem] = []
    result = export_table(book, table=table, format=fmt, out=output, problems=problems)
    if output is None:
        assert isinstance(result, str)
        sys.stdout.write(result)
    else:
        err.print(f"wrote {output}")
    report_problems(problems)


@cli.command()
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default="salesxl-demo", show_default=True, help="Folder to write the demo into.")
@click.option("--reps", type=click.IntRange(1, 200), default=5, show_default=True)
@click.option("--leads", type=click.IntRange(1, 1_000_000), default=400, show_default=True)
@click.option("--seed", type=int, default=7, show_default=True,
              help="Same seed and --today give the same files.")
@click.option("--today", help="Date the demo is built around (YYYY-MM-DD); default today.")
@handle_errors
def demo(out_dir: Path, reps: int, leads: int, seed: int, today: str | None) -> None:
    """Write a realistic demo team and run every salesxl capability on it."""
    from salesxl.commands.demo import demo as run_demo
    from salesxl.commands.demo import summary_lines

    with out.status("building the demo team..."):
        result = run_demo(out_dir, reps=reps, leads=leads, seed=seed, today=parse_today(today))
    table = RichTable(title=f"salesxl demo in {result.out}", show_header=False)
    for name, value in summary_lines(result):
        table.add_row(name, str(value))
    for title, where in result.steps:
        table.add_row(f"ran: {title}", where)
    out.print(table)
    out.print("Open a rep workbook in Excel or LibreOffice, e.g. "
              f"[bold]{result.rep_books[0]}[/]", soft_wrap=True)


@cli.command()
@click.argument("book", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--today", help="Day BANT timing is measured from (YYYY-MM-DD); default today.")
@click.option("--strict", is_flag=True,
              help="Exit 1 when a cell could not be read (the results are written first).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON on stdout.")
@handle_errors
def validate(book: Path, today: str | None, strict: bool, as_json: bool) -> None:
    """BANT-qualify every lead of BOOK: write bant_status, bant_score, bant_missing."""
    import json

    from rich.text import Text

    from salesxl.commands.validate import validate as run_validate

    report = run_validate(book, today=parse_today(today))
    if as_json:
        sys.stdout.write(json.dumps(report.to_json(), ensure_ascii=False, indent=1) + "\n")
    else:
        table = result_table(f"salesxl validate: {book} ({report.today})", report.counts,
                             report.cells_written, report.columns_added)
        table.add_row("Stale leads", Text(", ".join(f"{s.lead_id} ({s.cell}, {s.days_in_stage} d)"
                                                    for s in report.stale[:5])
                                          + (f" ... {len(report.stale):,} in all"
                                             if len(report.stale) > 5 else "") or "none"))
        out.print(table)
        report_problems(report.problems)
    if strict and report.problems:
        err.print(f"--strict: {len(report.problems)} cell(s) could not be read; the results "
                  "were written")
        sys.exit(1)


@cli.command()
@click.argument("book", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--lead", "leads", multiple=True, required=True, metavar="ID",
              help="Lead ID to move; repeat to move several (all move, or none does).")
@click.option("--to", metavar="STAGE", help="Target stage (key or label); default: the next.")
@click.option("--force", is_flag=True,
              help="Allow skipping stages, moving backwards and failing gates.")
@click.option("--reason", metavar="TEXT", help="Why; kept in History (required with --force).")
@click.option("--by", metavar="NAME", help="Who moves it [default: your user name].")
@click.option("--today", help="Day written as the stage date (YYYY-MM-DD); default today.")
@handle_errors
def advance(book: Path, leads: tuple[str, ...], to: str | None, force: bool,
            reason: str | None, by: str | None, today: str | None) -> None:
    """Move leads of BOOK to their next stage (or --to), through the stage gates."""
    from rich.markup import escape

    from salesxl.commands.advance import advance as run_advance

    report = run_advance(book, list(leads), to, force=force, reason=reason, by=by,
                         today=parse_today(today))
    for ch in report.changes:
        forced = f" [yellow](forced: {ch.kind}{', ' if ch.passed_over else ''}" \
                 f"{', '.join(ch.passed_over)})[/]" if ch.forced else ""
        prob = f", probability {ch.probability:.0%}" if ch.probability is not None else ""
        out.print(f"{escape(ch.lead_id)}: {escape(ch.from_label)} -> [bold]{escape(ch.to_label)}"
                  f"[/] ({escape(ch.cell)}{prob}){forced}", soft_wrap=True)
    out.print(f"History: {len(report.changes)} row(s) added to sheet {report.history_sheet!r}"
              + (" (new sheet)" if report.history_created else ""), markup=False)


@cli.command()
@click.argument("book", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--today", help="Day overdue is measured against (YYYY-MM-DD); default today.")
@click.option("--rep", metavar="NAME", help="Only this rep's leads.")
@click.option("--ics", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the follow-ups to this iCalendar (.ics) file.")
@handle_errors
def followups(book: Path, today: str | None, rep: str | None, ics: Path | None) -> None:
    """Schedule the next follow-up of every lead of BOOK by tier, on business days."""
    from rich.text import Text

    from salesxl.commands.followups import followups as run_followups

    report = run_followups(book, today=parse_today(today), rep=rep, ics=ics)
    who = f", rep {rep}" if rep else ""
    table = result_table(f"salesxl followups: {book} ({report.today}{who})", report.counts,
                         report.cells_written, report.columns_added)
    if report.ics is not None:
        table.add_row("Calendar", Text(f"{report.ics} ({report.events:,} events)"))
    out.print(table)
    for line in report.agenda[:10]:
        out.print(f"  {line.date} {line.status:<8} {line.lead_id} {line.company or ''} "
                  f"({line.channel or '-'}, {line.cell})", markup=False)
    if len(report.agenda) > 10:
        out.print(f"  ... {len(report.agenda) - 10:,} more overdue or due", markup=False)
    report_problems(report.problems)


@cli.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...",
                type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write one team workbook per input into this folder.")
@click.option("--into", type=click.Path(dir_okay=False, path_type=Path),
              help="Put every input into this team workbook (created if missing, updated in "
                   "place if it exists: matching leads are updated, not duplicated).")
@click.option("--mapping", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Header mapping (YAML or JSON) fixing or overriding matches, e.g. the "
                   "mapping.yaml an earlier run wrote.")
@click.option("--dry-run", is_flag=True, help="Write only the report and the proposed mapping.")
@click.option("--workers", type=click.IntRange(1, 256),
              help="Worker processes [default: one per CPU; 1 = none].")
@click.option("--dask", "dask_address", metavar="ADDRESS",
              help="Run the files on this Dask scheduler (tcp://host:8786).")
@click.option("--strict", is_flag=True,
              help="Stop files whose headers match with low confidence or ambiguously.")
@click.option("--date-order", type=click.Choice(["YMD", "DMY", "MDY"], case_sensitive=False),
              help="Order of all-numeric dates such as 03/04/05 [default: year first; "
                   "ambiguous ones in English files are rejected].")
@click.option("--pipeline", type=click.Choice(["seven_step", "six_stage", "short"]),
              default="seven_step", show_default=True, help="Pipeline of new team workbooks.")
@click.option("--lang", type=click.Choice(["ko", "en"]),
              help="Language of the output [default: that of each file's headers].")
@click.option("--force", is_flag=True,
              help="Convert every file again, even those converted unchanged before.")
@handle_errors
def convert(inputs: tuple[Path, ...], out_dir: Path | None, into: Path | None,
            mapping: Path | None, dry_run: bool, workers: int | None, dask_address: str | None,
            strict: bool, date_order: str | None, pipeline: str, lang: str | None,
            force: bool) -> None:
    """Convert legacy sales sheets (files or folders) into standard team workbooks."""
    from rich.progress import Progress

    from salesxl.commands.convert import ConversionStopped
    from salesxl.commands.convert import convert as run_convert
    from salesxl.commands.convert.report import attention_lines, summary_table
    from salesxl.core.errors import WorkbookError

    stopped = None
    with Progress(console=err, transient=True, auto_refresh=False) as bar:  # no thread:
        # worker processes can then be forked
        task = bar.add_task("converting", total=None)

        def step(report: Any, done: int, total: int) -> None:
            bar.update(task, completed=done, total=total, description=report.file[-40:],
                       refresh=True)

        try:
            result = run_convert(list(inputs), out_dir, into=into, mapping=mapping,
                                 dry_run=dry_run, workers=workers, dask=dask_address,
                                 strict=strict, date_order=date_order, pipeline=pipeline,
                                 lang=lang, force=force, progress=step)
        except ConversionStopped as exc:
            stopped, result = exc, exc.result
    out.print(summary_table(result.files, "salesxl convert" + (" (dry run)" if dry_run else "")))
    for line in attention_lines(result.files):
        err.print(line, markup=False, soft_wrap=True)
    out.print(f"report: {result.report}\nmapping: {result.mapping}", markup=False,
              soft_wrap=True)
    if stopped is not None:
        raise stopped
    if result.failed:
        raise WorkbookError(f"{len(result.failed)} file(s) could not be read (listed above and "
                            f"in {result.report}); the other files were converted")


@cli.command()
@click.argument("book", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--today", help="Day overdue and stale are measured against (YYYY-MM-DD); "
                              "default today.")
@click.option("--since", help="Show what changed since this day (YYYY-MM-DD); default 7 days "
                              "before --today.")
@click.option("--png", "png_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Also write the charts as PNG images into this folder (needs matplotlib).")
@click.option("--rep", "reps", multiple=True, metavar="NAME",
              help="Also write a compact sheet for this rep (repeatable), for one-to-ones.")
@click.option("--by-rep", "rep_sheets", is_flag=True,
              help="Also write a compact sheet for every rep.")
@click.option("--split/--team", "split", default=None,
              help="Split the team tables by rep [default: when the workbook holds several "
                   "reps].")
@handle_errors
def summary(book: Path, today: str | None, since: str | None, png_dir: Path | None,
            reps: tuple[str, ...], rep_sheets: bool, split: bool | None) -> None:
    """Rebuild BOOK's Summary sheet: headline, targets, changes, activity, native charts and a
    PivotTable, with every stale deal on its own sheet."""
    from salesxl.commands.summary import summary as run_summary

    day = parse_today(today)
    s = run_summary(book, today=day, png=png_dir, by_rep=split,
                    since=parse_today(since) if since else None, reps=list(reps),
                    rep_sheets=rep_sheets)
    f = s.figures["value"] if len(s.figures) else None
    table = RichTable(title=f"salesxl summary: {s.path} ({s.today})", show_header=False)

    def target_of(metric: str) -> str:
        row = s.figures.loc[metric]
        return "" if row["target"] != row["target"] else \
            f" of target {row['target']:,.0f} ({row['attainment']:.0%})"

    rows: list[tuple[str, str]] = [("Leads", f"{s.leads:,}")]
    if f is not None:
        rows += [
            ("Open deals", f"{f['open_deals']:,.0f} worth {f['open_amount']:,.0f}"),
            ("Won this month", f"{f['won_month']:,.0f}{target_of('won_month')}"),
            ("Forecast this month", f"{f['forecast_month']:,.0f}{target_of('forecast_month')}"),
            ("Forecast this quarter",
             f"{f['forecast_quarter']:,.0f}{target_of('forecast_quarter')}"),
            ("Win rate (won / closed)", f"{f['win_rate']:.1%}" if f["win_rate"] == f["win_rate"]
             else "no closed deals"),
            ("Overdue follow-ups", f"{f['overdue_follow_ups']:,.0f}"),
            ("Stale deals", f"{f['stale_deals']:,.0f} worth {f['stale_amount']:,.0f}"),
        ]
        c = {k: int(v) for k, v in s.changes.loc["Total", ["new", "advanced", "won", "lost",
                                                            "slipped"]].items()}
        rows.append((f"Since {s.since}", f"{c['new']:,} new, {c['advanced']:,} advanced, "
                                         f"{c['won']:,} won, {c['lost']:,} lost, "
                                         f"{c['slipped']:,} slipped"))
    rows.append(("Sheet", f"{s.sheet}: {len(s.charts)} native chart(s), PivotTable "
                          f"{s.pivot or 'none'}"))
    if s.stale_sheet:
        rows.append(("Stale deals sheet", s.stale_sheet))
    if s.rep_sheets:
        rows.append(("Rep sheets", ", ".join(s.rep_sheets)))
    for name, value in rows:
        table.add_row(name, value)
    if s.png:
        table.add_row("PNG charts", f"{len(s.png)} in {s.png[0].parent}")
    if s.backup:
        table.add_row("Backup", str(s.backup))
    out.print(table)
    for note in s.notes:
        err.print(f"[yellow]note:[/] {note}", soft_wrap=True)
    report_problems(s.problems)


@cli.group()
def excel() -> None:
    """The Excel side: macro workbooks with buttons and worksheet functions (xlwings)."""


@excel.command("build")
@click.argument("dest", type=click.Path(file_okay=False, path_type=Path), default="workbooks")
@click.option("--macros", "macros_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder of the VBA modules (.bas) [default: macros/ of the source tree].")
@handle_errors
def excel_build(dest: Path, macros_dir: Path | None) -> None:
    """Build SalesTeam-ko.xlsm and SalesTeam-en.xlsm in DEST from the template and macros/."""
    from salesxl.xl.build import build

    for path in build(dest, macros_dir):
        out.print(f"wrote {path}")


@cli.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...",
                type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--out", "output", required=True,
              type=click.Path(dir_okay=False, path_type=Path),
              help="The team workbook to write (replaced when it exists).")
@click.option("--mask-personal", is_flag=True,
              help="Leave out the Customers personal columns; mask e-mail and phone.")
@click.option("--workers", type=click.IntRange(1, 256),
              help="Worker processes reading files [default: one per CPU; 1 = none].")
@click.option("--dask", "dask_address", metavar="ADDRESS",
              help="Read the files on this Dask scheduler (tcp://host:8786).")
@click.option("--strict", is_flag=True, help="Make unreadable cells fatal (nothing written).")
@click.option("--lang", type=click.Choice(["ko", "en"]),
              help="Language of the team workbook [default: its configuration's].")
@click.option("--summary", "with_summary", is_flag=True,
              help="Also build the team workbook's Summary sheet in the same run.")
@click.option("--today", help="Day the Summary measures against (YYYY-MM-DD); default today.")
@handle_errors
def consolidate(inputs: tuple[Path, ...], output: Path, mask_personal: bool,
                workers: int | None, dask_address: str | None, strict: bool,
                lang: str | None, with_summary: bool, today: str | None) -> None:
    """Consolidate the reps' workbooks (files or folders) into one team workbook."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from salesxl.commands.consolidate import consolidate as run_consolidate
    from salesxl.commands.consolidate.report import summary_lines
    from salesxl.core.errors import WorkbookError

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=err, transient=True, auto_refresh=False) as bar:  # no
        task = bar.add_task("reading", total=None)  # thread: worker processes can be forked

        def step(done: int, total: int, what: str) -> None:
            bar.update(task, completed=done, total=total, description=what[-40:], refresh=True)

        result = run_consolidate(list(inputs), output, mask_personal=mask_personal,
                                 workers=workers, dask=dask_address, strict=strict, lang=lang,
                                 progress=step, summary=with_summary,
                                 today=parse_today(today) if today else None)
    table = RichTable(title="salesxl consolidate", show_header=False)
    for name, value in summary_lines(result):
        table.add_row(name, value)
    if result.summary is not None:
        sm = result.summary
        table.add_row("Summary", f"sheet {sm.sheet!r} ({len(sm.charts)} charts, PivotTable "
                                 f"{sm.pivot or 'none'}), stale deals on {sm.stale_sheet!r}")
    out.print(table)
    for s in result.sources:
        if s.status != "ok" or s.reason:
            err.print(f"  {s.status}: {s.display}: {s.reason}", markup=False, soft_wrap=True)
    report_problems(result.problems)
    if result.summary is None:
        out.print(f"Next: salesxl summary {output}  (or add --summary to build it in this run)",
                  markup=False, soft_wrap=True)
    if result.failed:
        raise WorkbookError(f"{len(result.failed)} of {len(result.sources)} workbook(s) could "
                            "not be consolidated (listed above and in the Sources sheet); the "
                            "team workbook holds the others")


def main() -> None:
    """Entry point of the `salesxl` console script."""
    cli(prog_name="salesxl")


if __name__ == "__main__":
    main()
