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

from salesxl import __version__
from salesxl.errors import Problem, SalesxlError

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
    from salesxl.workbook import init as init_book

    book = init_book(path, lang=lang, pipeline=pipeline, force=force)
    out.print(f"wrote {book} ({lang}, {pipeline} pipeline). Open it in Excel and add leads on "
              f"the first sheet.")


@cli.command()
@click.argument("dest", type=click.Path(file_okay=False, path_type=Path), default="workbooks")
@handle_errors
def templates(dest: Path) -> None:
    """Regenerate the ready Korean and English team workbooks in DEST."""
    from salesxl.workbook import build_templates

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
    from salesxl.errors import UsageError
    from salesxl.export import export as export_table

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
    from salesxl.demo import demo as run_demo
    from salesxl.demo import summary_lines

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


def main() -> None:
    """Entry point of the `salesxl` console script."""
    cli(prog_name="salesxl")


if __name__ == "__main__":
    main()
