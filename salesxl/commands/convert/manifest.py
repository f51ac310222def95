"""Resuming a batch: which inputs were already converted, unchanged, with the same options.

``.salesxl-convert.json`` sits in OUTDIR (or beside the ``--into`` workbook). For each input
and output it records the input's size, modification time and SHA-256, a fingerprint of
everything that shapes the result (salesxl's version, the Config, date order, language and
the mapping-file entries that apply to that file), the output, and the file's report. A
re-run skips an input when all of these hold:

* the recorded output still exists;
* the fingerprint is the same;
* the input is unchanged: same size and modification time, or — when only the time
  differs (a copy, a ``touch``) — the same SHA-256.

The manifest is written after every file (atomically), so an interrupted batch loses at most
the files in flight. ``--force`` converts everything again; ``--dry-run`` neither reads nor
writes it.

Example:
    >>> m = Manifest.load("out/.salesxl-convert.json")  # doctest: +SKIP
    >>> m.unchanged("legacy/2019.csv", "out/2019.xlsx", fingerprint)  # doctest: +SKIP
    FileReport(index=0, file='2019.csv', ...)
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from salesxl.commands.convert.report import FileReport
from salesxl.io.parts.atomic import temp_path

MANIFEST_NAME = ".salesxl-convert.json"
VERSION = 1


def sha256_file(path: str | Path) -> str:
    """The SHA-256 of a file, read in 1 MiB blocks."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(1 << 20):
            h.update(block)
    return h.hexdigest()


def fingerprint(**parts: Any) -> str:
    """A short hash of the options that shape a file's result.

    Example:
        >>> fingerprint(a=1) == fingerprint(a=1) != fingerprint(a=2)
        True
    """
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass
class Manifest:
    """The record of converted inputs, keyed by input and output path."""

    path: Path
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: str | Path) -> Manifest:
        """Read the manifest; a missing or damaged one starts empty (everything converts)."""
        p = Path(path)
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
            if data.get("version") == VERSION and isinstance(data.get("files"), dict):
                return cls(p, data["files"])
        except (OSError, ValueError, AttributeError):
            pass
        return cls(p)

    @staticmethod
    def _key(src: str | Path, output: str | Path) -> str:
        return f"{os.path.realpath(src)} -> {os.path.realpath(output)}"  # (a looping link too)

    def unchanged(self, src: str | Path, output: str | Path, print_: str) -> FileReport | None:
        """The recorded report when ``src`` need not be converted again, else None."""
        entry = self.entries.get(self._key(src, output))
        if entry is None or entry.get("fingerprint") != print_ or not Path(output).exists():
            return None
        try:
            st = os.stat(src)
        except OSError:
            return None
        if st.st_size != entry.get("size"):
            return None
        if st.st_mtime_ns != entry.get("mtime_ns") and sha256_file(src) != entry.get("sha256"):
            return None
        return FileReport.from_json(entry["report"])

    def record(self, src: str | Path, output: str | Path, print_: str,
               report: FileReport) -> None:
        """Remember that ``src`` was converted into ``output`` with these options."""
        st = os.stat(src)
        self.entries[self._key(src, output)] = {
            "size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": sha256_file(src),
            "fingerprint": print_, "output": str(output), "report": report.to_json(),
        }

    def save(self) -> None:
        """Write the manifest atomically."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = temp_path(self.path)
        # ASCII escapes: a file name that is not UTF-8 (lone surrogates) survives the trip
        text = json.dumps({"version": VERSION, "files": self.entries}, ensure_ascii=True,
                          indent=1)
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, self.path)
