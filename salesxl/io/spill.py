"""Private temporary folders for what a run keeps on disk instead of in memory, and the
removal of those that runs killed before they could clean up left behind.

`consolidate` keeps its reps' side tables there, `validate` the chunks of a Leads sheet too
large to hold (read once, worked on twice). A folder is named ``salesxl-KIND-PID-...``: a
later run removes it once process PID no longer runs (a run killed by the user or by the
system when out of memory cannot remove its own).

Example:
    >>> folder = spill_folder("chunks")  # doctest: +SKIP
    >>> Path(folder.name).name.startswith(spill_prefix("chunks"))  # doctest: +SKIP
    True
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from pathlib import Path

KINDS = ("consolidate", "chunks")
"""What a spill folder may hold: its name says which."""
LEGACY_AGE = 24 * 3600
"""A spill folder without its process ID in its name (made before they carried one) is
removed once this old."""
_OURS = re.compile(r"salesxl-(?:" + "|".join(KINDS) + r")-(?:(\d+)-)?[\w.-]+\Z")


def spill_prefix(kind: str) -> str:
    """The name a spill folder of `kind` starts with (then the process ID)."""
    if kind not in KINDS:
        raise ValueError(f"unknown spill folder kind {kind!r}")
    return f"salesxl-{kind}-"


def spill_folder(kind: str, root: str | None = None) -> tempfile.TemporaryDirectory[str]:
    """A new private spill folder (only this user may read it) named after this process,
    after removing those of runs that no longer run (`sweep`)."""
    sweep(root)
    return tempfile.TemporaryDirectory(prefix=f"{spill_prefix(kind)}{os.getpid()}-", dir=root)


def sweep(root: str | None = None) -> list[Path]:
    """Remove the spill folders of runs that no longer run (a run killed by the user or by
    the system when out of memory cannot remove its own); the folders removed.

    A folder is another run's while the process named in it lives (or, for a folder without
    a process ID, for `LEGACY_AGE`); only the current user's folders are touched."""
    base = Path(root or tempfile.gettempdir())
    removed: list[Path] = []
    try:
        entries = list(os.scandir(base))
    except OSError:
        return removed
    for entry in entries:
        m = _OURS.match(entry.name)
        if m is None or not entry.is_dir(follow_symlinks=False):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if hasattr(os, "getuid") and info.st_uid != os.getuid():
            continue
        pid = m.group(1)
        if pid is not None and (int(pid) == os.getpid() or _alive(int(pid))):
            continue
        if pid is None and time.time() - info.st_mtime < LEGACY_AGE:
            continue
        shutil.rmtree(entry.path, ignore_errors=True)
        removed.append(Path(entry.path))
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError, OverflowError):
        return True  # someone else's process, or a question this system cannot answer
    return True


