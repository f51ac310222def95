"""`consolidate`: find the rep workbooks, read them in parallel, merge, mask, write, report.

Example:
    >>> result = consolidate(["reps/"], "team.xlsx", mask_personal=True)  # doctest: +SKIP
    >>> result.ok, result.leads_team  # doctest: +SKIP
    (True, 9812)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from salesxl.commands.consolidate import write as team_write
from salesxl.commands.consolidate.discover import discover
from salesxl.commands.consolidate.mask import mask_merged
from salesxl.commands.consolidate.merge import merge
from salesxl.commands.consolidate.parallel import Progress, read_all
from salesxl.commands.consolidate.readers import SourceData
from salesxl.commands.consolidate.report import note_rows, sheet_names, sources_rows
from salesxl.commands.consolidate.result import ConsolidateResult, SourceReport
from salesxl.commands.consolidate.spill import spill_folder
from salesxl.commands.consolidate.write import over_limit, parquet_path, write_team
from salesxl.core.config import Config
from salesxl.core.errors import RowProblems, UsageError, WorkbookError
from salesxl.core.messages import current_lang, tr
from salesxl.io.parts.safety import check_not_open_in_excel

FIXED_CREATED = dt.datetime(2000, 1, 1)


def consolidate(
    inputs: str | Path | Sequence[str | Path],
    out: str | Path | None = None,
    *,
    mask_personal: bool = False,
    workers: int | None = None,
    dask: str | None = None,
    strict: bool = False,
    lang: str | None = None,
    progress: Progress | None = None,
    summary: bool = False,
    today: dt.date | None = None,
) -> ConsolidateResult:
    """Consolidate the reps' workbooks into one team workbook.

    Args:
        inputs: workbooks and folders (searched recursively for .xlsx/.xlsm).
        out: the team workbook to write (replaced when it exists); None computes only.
        mask_personal: leave out the Customers personal columns and mask e-mail and phone.
        workers: processes reading files (default: the number of cores; 1: in this process).
        dask: address of a Dask scheduler to read the files on instead.
        strict: make row problems (unreadable cells, unknown lead IDs) fatal.
        lang: label language of the team workbook (default: its configuration's).
        progress: called as (files done, files in all, what is happening).
        summary: also build the team workbook's Summary sheet (`salesxl.summary`) in the
            same run; the result's ``summary`` holds it.
        today: the day the Summary measures against (default: today).

    Returns:
        The team tables and the account of every input. A file that cannot be read does not
        stop the run: it is in `result.failed`, with its reason.

    Raises:
        UsageError: no inputs found, an input missing, or `out` not an .xlsx.
        WorkbookLockedError: `out` is open in Excel.
        RowProblems: `strict` and some cells could not be read (nothing is written).

    Example:
        >>> r = consolidate("reps", "team.xlsx")  # doctest: +SKIP
        >>> r.leads_read == r.leads_team + r.leads_merged  # doctest: +SKIP
        True
    """
    paths = [inputs] if isinstance(inputs, (str, Path)) else list(inputs)
    target = Path(out) if out is not None else None
    if target is not None:
        if target.suffix.lower() != ".xlsx":
            raise UsageError("{path}: the team workbook must end in .xlsx", path=target)
        check_not_open_in_excel(target)
    if lang not in (None, "ko", "en"):
        raise UsageError("language {lang!r} is not supported: use ko or en", lang=lang)
    files = discover(paths, exclude=[target] if target is not None else [])
    if not files:
        raise WorkbookError("no .xlsx or .xlsm workbooks in {paths}",
                         paths=", ".join(map(str, paths)))
    tick = progress or (lambda done, total, what: None)
    # the large side tables wait on disk for the writer (only when a workbook is written,
    # so a computing caller gets plain lists); the folder lives as long as the result
    spill = spill_folder() if target is not None and not dask else None
    sources = read_all(files, workers=workers, dask=dask, progress=tick,
                       spill=spill.name if spill is not None else None)
    tick(len(files), len(files), tr("merging", lang or current_lang()))
    merged = merge(sources)
    problems = [p for s in sources for p in s.problems] + merged.problems
    if strict and problems:
        raise RowProblems(problems)
    cfg = _team_config(sources)
    if lang is not None and lang != cfg.language:
        cfg = cfg.model_copy(update={"language": lang})  # the Config sheet says what it shows
    result = ConsolidateResult(
        out=target,
        sources=[SourceReport.of(s, merged.merged.get(s.index, 0)) for s in sources],
        tables=merged.tables, problems=problems,
        duplicates=[n for n in merged.notes if n.sheet == "duplicates"],
        conflicts=[n for n in merged.notes if n.sheet == "conflicts"],
        duplicate_groups=merged.duplicate_groups, lang=cfg.language, spill=spill)
    for s in sources:  # the tables now live in the team tables
        s.tables, s.identities = {}, []
    _add_notes(result, sources, cfg, mask_personal)
    if mask_personal:
        mask_merged(merged)
    if target is not None and not any(s.status == "ok" for s in sources):
        result.out = None  # nothing could be consolidated: no empty team workbook
    elif target is not None:
        tick(len(files), len(files), tr("writing {name}", result.lang, name=target.name))
        _write(result, cfg, sources, target)
        if summary:
            from salesxl.commands.summary import summary as build_summary

            tick(len(files), len(files), tr("building the Summary", result.lang))
            result.summary = build_summary(target, today=today, backup=False)
    return result


def _team_config(sources: list[SourceData]) -> Config:
    """The first consolidated workbook's configuration (with a Config sheet, if any has one)."""
    ok = [s for s in sources if s.status == "ok" and s.config is not None]
    with_sheet = [s for s in ok if s.has_config]
    chosen = (with_sheet or ok)[:1]
    if chosen and chosen[0].config is not None:
        if not chosen[0].has_config and chosen[0].lang:  # a hand-made workbook: its headers'
            return chosen[0].config.model_copy(update={"language": chosen[0].lang})
        return chosen[0].config
    return Config.default()


def _add_notes(result: ConsolidateResult, sources: list[SourceData], cfg: Config,
               mask: bool) -> None:
    lang = result.lang
    origin = next((s.display for s in sources if s.status == "ok" and s.has_config), None)
    if origin:
        result.notes.append(tr("team configuration (pipeline, tiers, holidays) from {origin}",
                               lang, origin=origin))
    for s in sources:
        if s.status == "ok" and s.config is not None and s.config.stage_keys != cfg.stage_keys:
            result.notes.append(tr("{file} uses another pipeline ({pipeline}): its stages the "
                                   "team's pipeline lacks are shown as their keys", lang,
                                   file=s.display, pipeline=s.config.pipeline_name))
    if mask:
        result.notes.append(tr("--mask-personal: Customers personal columns and the reps' own "
                               "columns there left out, e-mail and phone masked (duplicates "
                               "were found on the real values)", lang))
    if result.problems:
        result.notes.append(tr("{n} cells could not be read: kept as typed", lang,
                               n=f"{len(result.problems):,}"))
    if result.out is None:
        return
    lengths = {k: len(t) for k, t in result.tables.items()}
    lengths.update(duplicates=len(result.duplicates), conflicts=len(result.conflicts))
    if over_limit(lengths):
        where = parquet_path(result.out, "*")
        result.notes.append(tr("a table is over Excel's {limit} rows per sheet: every table is "
                               "also written in full to {name} (Parquet); the sheets hold the "
                               "first rows", lang, limit=f"{team_write.EXCEL_DATA_ROWS:,}",
                               name=where.name))


def _write(result: ConsolidateResult, cfg: Config, sources: list[SourceData],
           target: Path) -> None:
    lang = result.lang
    src_name, dup_name, conf_name = sheet_names(lang)
    sheets = {
        src_name: ("sources", sources_rows(result)),
        dup_name: ("duplicates", note_rows(result.duplicates, cfg, lang)),
        conf_name: ("conflicts", note_rows(result.conflicts, cfg, lang)),
    }
    times = [s.modified for s in sources if s.status == "ok"]
    created = (dt.datetime.fromtimestamp(max(times)).replace(microsecond=0) if times
               else FIXED_CREATED)
    target.parent.mkdir(parents=True, exist_ok=True)
    result.parquet = write_team(target, cfg, lang, result.tables, sheets, created)
