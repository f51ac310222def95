"""``salesxl.convert``: many legacy files into standard team workbooks, showing what it did.

Outputs, next to the team workbook(s): ``conversion-report.xlsx`` (one row per file),
``mapping.yaml`` (or ``mapping.json`` when ``--mapping`` was JSON: the header mapping the run
used, to edit and pass back with ``--mapping``) and the resume manifest
``.salesxl-convert.json``. With ``dry_run`` only the report and the mapping are written.

Which files: each input is a file, or a folder searched recursively for ``.xlsx``, ``.xlsm``,
``.xls``, ``.ods``, ``.csv``, ``.tsv`` and ``.txt`` files (hidden files, Excel lock files
``~$*``, the output folder and the ``--into`` workbook are left out). A file is named in
reports, Extra and Rejected rows and mapping files by its path relative to the folder given
(or its file name); ``-o`` writes ``OUTDIR/<that path>.xlsx`` (``a.csv.xlsx`` when two inputs
would share a name).

Exit status (the CLI): files that cannot be read are reported and the batch goes on; the
command then exits 3. ``strict`` stops files with low-confidence or ambiguous header matches
(nothing is written for them, nor into an ``--into`` workbook), writes the proposed mapping,
and raises :class:`ConversionStopped` (exit 1). Rejected rows do not fail a run: they are in
the Rejected sheet and counted.

Example:
    >>> result = convert(["legacy/"], "converted/", workers=1)  # doctest: +SKIP
    >>> [(f.file, f.rows_in, f.converted, f.rejected) for f in result.files]  # doctest: +SKIP
    [('2019_영업관리.csv', 30, 30, 0), ('2020_pipeline_old.xlsx', 30, 30, 0)]
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from salesxl.commands.convert.fileconv import FileResult, Options, Task, convert_file, crashed
from salesxl.commands.convert.manifest import MANIFEST_NAME, Manifest, fingerprint
from salesxl.commands.convert.mapping import Decision, load_mapping, overrides_for, write_mapping
from salesxl.commands.convert.report import FileReport, write_report
from salesxl.commands.convert.runner import run_tasks
from salesxl.core.config import PIPELINES, Config
from salesxl.core.errors import Problem, RowProblems, UsageError, WorkbookError
from salesxl.core.messages import Msg, lang_for, tr
from salesxl.core.parse import DATE_ORDERS
from salesxl.io.legacy.sources import SUFFIXES

REPORT_NAME = "conversion-report.xlsx"
MANIFEST_EVERY = 2.0
"""Seconds between two writes of the manifest during a run (and one at its end)."""
Progress = Callable[[FileReport, int, int], None]


@dataclass
class ConvertResult:
    """What :func:`convert` did.

    Attributes:
        files: one report per input file, in input order.
        report: the conversion report workbook.
        mapping: the mapping file written.
        target: the ``--into`` workbook, or None.
        problems: low-confidence and ambiguous header matches (the cells of the headers).
        lang: the language the report was written in: ``--lang`` when the user gave it, else
            the output's (the ``--into`` workbook's, or most files').
    """

    files: list[FileReport]
    report: Path
    mapping: Path
    target: Path | None = None
    problems: list[Problem] = field(default_factory=list)
    lang: str = "en"

    @property
    def failed(self) -> list[FileReport]:
        """Files that could not be read."""
        return [f for f in self.files if f.status == "failed"]

    @property
    def outputs(self) -> list[Path]:
        """Team workbooks written or kept (``-o``), or the ``--into`` workbook."""
        return sorted({Path(f.output) for f in self.files if f.output})

    @property
    def rows_in(self) -> int:
        return sum(f.rows_in for f in self.files)

    @property
    def converted(self) -> int:
        return sum(f.converted for f in self.files)

    @property
    def rejected(self) -> int:
        return sum(f.rejected for f in self.files)


class ConversionStopped(RowProblems):
    """--strict stopped files whose headers matched with low confidence or ambiguously."""

    def __init__(self, problems: list[Problem], result: ConvertResult):
        super().__init__(problems)
        self.result = result
        self.args = (self.text("en"),)

    def text(self, lang: str) -> str:
        lines = [tr("--strict stopped the run: {n} header match(es) are doubtful (low "
                    "confidence or ambiguous):", lang, n=len(self.problems))]
        lines += [f"  {p.file}: {p.where} {p.value!r}: {p.text(lang)}" for p in self.problems]
        lines.append(tr("The proposed mapping is in {path}: check it, then run again with "
                        "--mapping {path}", lang, path=self.result.mapping))
        return "\n".join(lines)


def _inside(path: Path, folder: Path) -> bool:
    try:
        Path(os.path.realpath(path)).relative_to(Path(os.path.realpath(folder)))
        return True
    except ValueError:
        return False


def collect_inputs(inputs: Sequence[str | Path], exclude: Sequence[Path] = ()
                   ) -> list[tuple[Path, str]]:
    """The files to convert with their display names, in a stable order.

    Raises:
        WorkbookError: an input does not exist.

    Example:
        >>> collect_inputs(["legacy/"])  # doctest: +SKIP
        [(PosixPath('legacy/2019_영업관리.csv'), '2019_영업관리.csv'), ...]
    """
    found: list[tuple[Path, str]] = []
    for item in inputs:
        p = Path(item)
        if not p.exists() and not p.is_symlink():
            raise WorkbookError("{path}: no such file or folder", path=p)
        if not p.is_dir():  # a file, or a pipe or a broken link the reader will refuse
            found.append((p, p.name))
            continue
        for f in sorted(p.rglob("*")):
            rel = f.relative_to(p)
            if (f.suffix.lower() not in SUFFIXES or not f.is_file() or f.name == REPORT_NAME
                    or any(part.startswith((".", "~$")) for part in rel.parts)
                    or any(_inside(f, e) if e.is_dir()
                           else os.path.realpath(f) == os.path.realpath(e)
                           for e in exclude if e.exists())):
                continue
            found.append((f, rel.as_posix()))
    out: list[tuple[Path, str]] = []
    seen_paths: set[Path] = set()
    names: set[str] = set()
    for path, name in found:
        real = Path(os.path.realpath(path))  # (resolve() raises on a link that loops)
        if real in seen_paths:
            continue
        seen_paths.add(real)
        if name in names:
            name = f"{path.parent.name}/{path.name}"
        if name in names:
            name = str(path)
        names.add(name)
        out.append((path, name))
    return out


def _outputs(files: list[tuple[Path, str]], out: Path) -> list[Path]:
    taken: set[Path] = set()
    result = []
    for _path, name in files:
        target = out / Path(name).with_suffix(".xlsx")
        if target in taken:
            target = out / f"{name}.xlsx"
        taken.add(target)
        result.append(target)
    return result


def convert(
    inputs: str | Path | Sequence[str | Path],
    out: str | Path | None = None,
    *,
    into: str | Path | None = None,
    mapping: str | Path | None = None,
    dry_run: bool = False,
    workers: int | None = None,
    dask: str | None = None,
    strict: bool = False,
    date_order: str | None = None,
    pipeline: str = "seven_step",
    lang: str | None = None,
    force: bool = False,
    progress: Progress | None = None,
) -> ConvertResult:
    """Convert legacy sales sheets into standard team workbooks.

    Args:
        inputs: files and folders.
        out: ``-o``: write one team workbook per input into this folder.
        into: ``--into``: put every input into this team workbook (created if missing,
            updated in place losslessly if it exists); exactly one of ``out``/``into``.
        mapping: a mapping file (YAML or JSON) fixing or overriding header matches.
        dry_run: write only the report and the proposed mapping.
        workers: worker processes; None = one per CPU; 1 = in this process.
        dask: address of a Dask scheduler to run the files on.
        strict: stop files with low-confidence or ambiguous header matches.
        date_order: ``YMD``, ``DMY`` or ``MDY`` for all-numeric dates; None: year first,
            and ambiguous short dates in English files rejected.
        pipeline: the ready pipeline of new team workbooks.
        lang: ``ko`` or ``en`` for the output; None: each file's header language (``--into``:
            the workbook's).
        force: convert every file even when the manifest says it is unchanged.
        progress: called as ``progress(file_report, done, total)`` after each file.

    Returns:
        A :class:`ConvertResult`.

    Raises:
        UsageError: bad options, missing inputs, an unreadable mapping file.
        WorkbookError: the ``--into`` workbook cannot be read or written.
        ConversionStopped: ``strict`` and some header matches were doubtful.

    Example:
        >>> r = convert("legacy/", "converted/")  # doctest: +SKIP
        >>> r.rows_in == r.converted + r.rejected  # doctest: +SKIP
        True
    """
    items, out_dir, target, date_order = _check(inputs, out, into, date_order, lang, pipeline,
                                                workers, dry_run)
    files = collect_inputs(items, [p for p in (out_dir, target) if p is not None])
    if not files:
        raise WorkbookError("no spreadsheet files in {paths} (looked for {suffixes})",
                         paths=", ".join(map(str, items)), suffixes=", ".join(SUFFIXES))
    spec = load_mapping(mapping) if mapping is not None else {}
    cfg, out_lang = Config.default(pipeline), lang
    if target is not None and target.exists():
        from salesxl.io.read import read_workbook

        book = read_workbook(target, tables=["leads"])
        book.table("leads")  # raises when the workbook has no Leads table
        cfg, out_lang = book.config, lang or book.lang
    where = out_dir if out_dir is not None else target.parent  # type: ignore[union-attr]
    where.mkdir(parents=True, exist_ok=True)
    json_map = mapping is not None and Path(mapping).suffix.lower() == ".json"
    batch = _Batch(files, out_dir, target, Options(cfg, out_lang, date_order, spec, strict,
                                                   keep_rows=target is not None),
                   None if dry_run else Manifest.load(where / MANIFEST_NAME), progress)
    tasks = batch.plan(force)
    try:
        for res in run_tasks(convert_file, tasks, workers=workers, dask=dask, on_crash=crashed):
            batch.done(res)
    finally:  # (an interrupted run keeps every file it finished)
        batch.save_manifest()
    problems = [p for i in sorted(batch.results) for p in batch.results[i].problems]
    ok = [batch.results[i] for i in sorted(batch.results)
          if batch.results[i].report.status == "converted"]
    if dry_run:
        for res in ok:
            res.report.status = "dry run"
    elif target is not None and strict and problems:
        for res in ok:
            res.report.fail("stopped", Msg("not written into {path}: --strict stopped the run "
                                           "because of doubtful header matches in other files",
                                           {"path": target}))
    elif target is not None and ok:
        _into(target, ok, cfg, out_lang, lang, pipeline)
        batch.record_into(ok)
    final = [r for r in batch.reports if r is not None]
    say = lang_for(out_lang or _most_common_lang(final))
    map_path = write_mapping(where / ("mapping.json" if json_map else "mapping.yaml"),
                             batch.decisions(say), keep=spec, lang=say)
    result = ConvertResult(final, write_report(where / REPORT_NAME, final, say), map_path,
                           target, problems, say)
    if strict and problems:
        raise ConversionStopped(problems, result)
    return result


def _most_common_lang(reports: list[FileReport]) -> str:
    """The language most files were converted into ('' when no file was)."""
    langs = Counter(r.lang for r in reports if r.lang)
    return langs.most_common(1)[0][0] if langs else ""


def _check(inputs: str | Path | Sequence[str | Path], out: str | Path | None,
           into: str | Path | None, date_order: str | None, lang: str | None, pipeline: str,
           workers: int | None, dry_run: bool
           ) -> tuple[list[str | Path], Path | None, Path | None, str | None]:
    """Refuse options that cannot work, before any file is read."""
    if (out is None) == (into is None):
        raise UsageError("give exactly one of -o OUTDIR (a workbook per input) or --into "
                         "TEAM.xlsx (everything into one workbook)")
    if date_order is not None and date_order.upper() not in DATE_ORDERS:
        raise UsageError("--date-order must be one of {allowed}", allowed=", ".join(DATE_ORDERS))
    if lang not in (None, "ko", "en"):
        raise UsageError("--lang must be ko or en")
    if pipeline not in PIPELINES:
        raise UsageError("--pipeline must be one of {allowed}", allowed=", ".join(PIPELINES))
    if workers is not None and workers < 1:
        raise UsageError("--workers must be 1 or more")
    target = Path(into) if into is not None else None
    if target is not None and target.suffix.lower() not in (".xlsx", ".xlsm"):
        raise UsageError("--into {path}: the team workbook must be an .xlsx or .xlsm file",
                         path=target)
    if target is not None and not dry_run:
        from salesxl.io.parts.safety import check_not_open_in_excel

        check_not_open_in_excel(target)  # before converting anything, not after
    items = [inputs] if isinstance(inputs, (str, Path)) else list(inputs)
    return (items, Path(out) if out is not None else None, target,
            date_order.upper() if date_order else None)


class _Batch:
    """The files of one run: what to convert, what the manifest lets skip, what came back."""

    def __init__(self, files: list[tuple[Path, str]], out_dir: Path | None, target: Path | None,
                 options: Options, manifest: Manifest | None, progress: Progress | None):
        self.files, self.out_dir, self.target = files, out_dir, target
        self.options, self.manifest, self.progress = options, manifest, progress
        self.dry_run = manifest is None  # a dry run neither reads nor writes the manifest
        self.outputs = (_outputs(files, out_dir) if out_dir is not None
                        else [target or Path()] * len(files))
        self.reports: list[FileReport | None] = [None] * len(files)
        self.results: dict[int, FileResult] = {}
        self.prints: list[str] = []
        self.count = 0
        self.unsaved = 0  # files recorded in the manifest since it was last written
        self.saved_at = time.monotonic()

    def plan(self, force: bool) -> list[Task]:
        """The tasks to run; files the manifest shows unchanged get their old report."""
        from salesxl.core.version import __version__

        opts, tasks = self.options, []
        for i, ((path, name), output) in enumerate(zip(self.files, self.outputs, strict=True)):
            self.prints.append(fingerprint(
                version=__version__, cfg=opts.cfg.model_dump(mode="json"),
                date_order=opts.date_order, lang=opts.lang, into=self.target is not None,
                mapping=overrides_for(opts.mapping, name)))
            old = (None if self.manifest is None or force
                   else self.manifest.unchanged(path, output, self.prints[i]))
            if old is None:
                write_to = None if self.dry_run or self.out_dir is None else str(output)
                tasks.append(Task(i, str(path), name, write_to, opts))
                continue
            old.index, old.file, old.status, old.seconds = i, name, "unchanged", 0.0
            old.added = old.updated = 0  # nothing happened to the output in this run
            self.reports[i] = old
            self._tick(old)
        return tasks

    def done(self, res: FileResult) -> None:
        """Take a file's result; with -o, remember it in the manifest (resumable): written
        at most every `MANIFEST_EVERY` seconds — each write holds every file so far, so one
        per file would grow with the square of the batch — and when the run ends or stops."""
        i = res.report.index
        self.results[i], self.reports[i] = res, res.report
        if self.out_dir is not None and res.report.status == "converted":
            res.report.added = res.report.converted
            if self.manifest is not None:
                self.manifest.record(self.files[i][0], self.outputs[i], self.prints[i],
                                     res.report)
                self.unsaved += 1
                if time.monotonic() - self.saved_at >= MANIFEST_EVERY:
                    self.save_manifest()
        self._tick(res.report)

    def save_manifest(self) -> None:
        """Write the manifest if files were recorded since it was last written."""
        if self.manifest is not None and self.unsaved:
            self.manifest.save()
            self.unsaved, self.saved_at = 0, time.monotonic()

    def record_into(self, ok: list[FileResult]) -> None:
        """After a successful --into write: remember the files merged into the workbook."""
        for res in ok:
            res.report.output = str(self.target)
            if self.manifest is not None:
                i = res.report.index
                self.manifest.record(self.files[i][0], self.outputs[i], self.prints[i],
                                     res.report)
        if self.manifest is not None:
            self.manifest.save()

    def decisions(self, lang: str = "en") -> dict[str, list[Decision]]:
        """Header decisions per file, for the mapping file (old ones for unchanged files), the
        comments in `lang`."""
        out: dict[str, list[Decision]] = {}
        for r in self.reports:
            if r is None:
                continue
            got = self.results.get(r.index)
            out[r.file] = ([(m.header, m.key, m.describe(lang)) for m in got.matches]
                           if got is not None
                           else [(c.header, c.key, c.note_text(lang)) for c in r.columns])
        return out

    def _tick(self, report: FileReport) -> None:
        self.count += 1
        if self.progress:
            self.progress(report, self.count, len(self.files))


def _into(target: Path, ok: list[FileResult], cfg: Config, out_lang: str | None,
          lang: str | None, pipeline: str) -> None:
    from salesxl.commands.convert.into import merge_into

    if not target.exists():
        langs = Counter(r.report.lang for r in ok if r.report.lang)
        out_lang = lang or (langs.most_common(1)[0][0] if langs else "ko")
        cfg = Config.default(pipeline, out_lang)  # type: ignore[arg-type]
    counts = merge_into(target, ok, cfg, out_lang or "ko")
    for res in ok:
        res.report.added, res.report.updated = counts.get(res.report.index, (0, 0))
