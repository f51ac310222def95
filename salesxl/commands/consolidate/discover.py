"""Finding the rep workbooks to consolidate: files and folders, in one repeatable order.

A folder is searched recursively for ``.xlsx`` and ``.xlsm`` files, and for legacy
spreadsheets (``.xls``, ``.ods``, ``.csv``, ``.tsv``): those are listed in the Sources sheet
as skipped, with the `salesxl convert` command that adds their leads, never silently
ignored. Hidden folders and files
(``.salesxl-backup``, ``.git``, salesxl's own temporary files) and Excel's lock files (``~$...``)
are never workbooks and are left out; the team workbook being written is left out too, so it
can live in the folder it summarises. A file named on the command line is always taken, even
with another extension: when it is not a workbook, the Sources sheet says why.

Example:
    >>> import pathlib, tempfile
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> for name in ("b.xlsx", "a.xlsm", "~$b.xlsx", "notes.txt", "old.xls"):
    ...     _ = (root / name).write_bytes(b"")
    >>> [f.display for f in discover([root])]
    ['a.xlsm', 'b.xlsx', 'old.xls']
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from salesxl.core.errors import UsageError

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
LEGACY_SUFFIXES = (".xls", ".ods", ".csv", ".tsv")


@dataclass(frozen=True)
class InputFile:
    """One file to read: its path and the short name reports show for it."""

    path: Path
    display: str


def is_lock_file(path: Path) -> bool:
    """Excel's (``~$name.xlsx``) or LibreOffice's (``.~lock.name.xlsx#``) lock file."""
    return path.name.startswith(("~$", ".~lock."))


def lock_owner(name: str) -> str:
    """The workbook a lock file stands for: ``~$pipeline.xlsx`` -> ``pipeline.xlsx``,
    ``.~lock.pipeline.xlsx#`` -> ``pipeline.xlsx``."""
    if name.startswith(".~lock."):
        return name[len(".~lock."):].rstrip("#")
    return name[2:] if name.startswith("~$") else name


def _hidden(parts: Iterable[str]) -> bool:
    return any(p.startswith(".") for p in parts)


def discover(inputs: Sequence[str | Path], exclude: Iterable[str | Path] = ()) -> list[InputFile]:
    """The workbooks named by `inputs` (files or folders), sorted by path, each once.

    Args:
        inputs: workbook files and folders (searched recursively).
        exclude: files to leave out, e.g. the team workbook being written.

    Raises:
        UsageError: an input does not exist.
    """
    skip = {Path(os.path.realpath(p)) for p in exclude}
    found: dict[Path, str] = {}
    for raw in inputs:
        given = Path(raw)
        if not given.exists() and os.path.lexists(given):
            found.setdefault(given, given.name)  # a broken or looping link: it fails, the
            continue                             # other files are consolidated
        if not given.exists():
            raise UsageError("{path}: no such file or folder; give rep workbooks (.xlsx) or "
                             "folders that hold them", path=given)
        if given.is_dir():
            for path in sorted(given.rglob("*")):
                rel = path.relative_to(given)
                if (path.suffix.lower() in WORKBOOK_SUFFIXES + LEGACY_SUFFIXES and path.is_file()
                        and not _hidden(rel.parts) and not is_lock_file(path)):
                    found.setdefault(Path(os.path.realpath(path)), rel.as_posix())
        else:  # named on the command line: taken, even a lock file (the Sources sheet says so)
            found.setdefault(Path(os.path.realpath(given)), given.name)
    files = [(path, display) for path, display in found.items() if path not in skip]
    files.sort(key=lambda item: item[0].as_posix())
    return [InputFile(path, display) for path, display in _unique_displays(files)]


def _unique_displays(files: list[tuple[Path, str]]) -> list[tuple[Path, str]]:
    """Short names, made longer (the full path) only where two files would share one."""
    count: dict[str, int] = {}
    for _, display in files:
        count[display] = count.get(display, 0) + 1
    return [(path, display if count[display] == 1 else str(path)) for path, display in files]
