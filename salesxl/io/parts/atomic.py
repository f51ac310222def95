"""Writing a workbook zip member by member, then swapping it in atomically with a backup.

Untouched members are streamed across with their names, order, timestamps, attributes and
compression method; only their compressed bytes may differ (``zipfile`` recompresses), their
uncompressed bytes are identical. The new file is written to ``.<name>.salesxl-tmp`` beside
the target, flushed and fsynced; the previous version is kept as
``.salesxl-backup/<name>``; then ``os.replace`` swaps the new file in. If anything fails the
target is untouched and the temporary file is removed.

Example:
    >>> with open_zip("pipeline.xlsx") as zin:  # doctest: +SKIP
    ...     save_zip(zin, "pipeline.xlsx", {"xl/styles.xml": new_styles}, backup=True)
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import struct
import zipfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import IO

from salesxl.core import clock
from salesxl.core.errors import WorkbookError

BACKUP_DIR = ".salesxl-backup"
COPY_BLOCK = 1 << 20
_ZIP64_AT = 1 << 31

Content = bytes | IO[bytes]


def temp_path(target: Path) -> Path:
    """The temporary file a save writes first: ``.<name>.salesxl-tmp`` beside the target."""
    return target.with_name(f".{target.name}.salesxl-tmp")


def backup_path(target: Path) -> Path:
    """Where the previous version is kept: ``<folder>/.salesxl-backup/<name>``."""
    return target.parent / BACKUP_DIR / target.name


def _clone_info(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    zi = zipfile.ZipInfo(info.filename, date_time=info.date_time)
    zi.compress_type = info.compress_type
    zi.external_attr = info.external_attr
    zi.internal_attr = info.internal_attr
    zi.create_system = info.create_system
    zi.comment = info.comment
    return zi


def _write_member(zout: zipfile.ZipFile, zi: zipfile.ZipInfo, data: Content, size: int) -> None:
    if isinstance(data, bytes):
        zout.writestr(zi, data)
        return
    with zout.open(zi, "w", force_zip64=size >= _ZIP64_AT) as dst:
        shutil.copyfileobj(data, dst, COPY_BLOCK)


_LOCAL_HEADER = struct.Struct("<4s5H3I2H")  # a zip local file header's fixed 30 bytes


def copy_compressed(zin: zipfile.ZipFile, info: zipfile.ZipInfo, zout: zipfile.ZipFile) -> bool:
    """Copy member `info` of `zin` into `zout` as its compressed bytes, without inflating
    and deflating it again; False (nothing written) when that cannot be done here, and the
    caller copies it the ordinary way.

    The CRC-32 and sizes are the source's: use it for members this process just wrote (a
    skeleton from XlsxWriter), not to pass on a user's file unchecked.
    """
    fp, out = zin.fp, zout.fp
    if (fp is None or out is None or not hasattr(zout, "start_dir")
            or info.flag_bits & 0x01 or zout._writing):  # type: ignore[attr-defined]
        return False  # encrypted, or not the zipfile this was written against
    fp.seek(info.header_offset)
    head = fp.read(_LOCAL_HEADER.size)
    if len(head) != _LOCAL_HEADER.size or head[:4] != b"PK\x03\x04":
        return False
    name_len, extra_len = _LOCAL_HEADER.unpack(head)[-2:]
    fp.seek(info.header_offset + _LOCAL_HEADER.size + name_len + extra_len)
    data = fp.read(info.compress_size)
    if len(data) != info.compress_size:
        return False
    zi = _clone_info(info)
    zi.CRC, zi.compress_size, zi.file_size = info.CRC, info.compress_size, info.file_size
    zi.flag_bits = info.flag_bits & 0x800  # sizes in the local header: no data descriptor
    zi.extract_version = max(info.extract_version, 20)
    zi.header_offset = out.tell()
    out.write(zi.FileHeader(zip64=None))
    out.write(data)
    zout.filelist.append(zi)
    zout.NameToInfo[zi.filename] = zi
    zout.start_dir = out.tell()
    zout._didModify = True  # type: ignore[attr-defined]
    return True


def write_zip(
    zin: zipfile.ZipFile,
    dest: IO[bytes],
    replaced: Mapping[str, Content],
    *,
    removed: frozenset[str] = frozenset(),
    added: Sequence[tuple[str, bytes]] = (),
) -> None:
    """Copy ``zin`` into ``dest`` with some members replaced, removed or added (at the end)."""
    now = clock.now().timetuple()[:6]
    with zipfile.ZipFile(dest, "w", allowZip64=True) as zout:
        for info in zin.infolist():
            name = info.filename
            if name in removed:
                continue
            zi = _clone_info(info)
            if name in replaced:
                new = replaced[name]
                size = len(new) if isinstance(new, bytes) else new.seek(0, os.SEEK_END)
                if not isinstance(new, bytes):
                    new.seek(0)
                _write_member(zout, zi, new, size)
                continue
            try:
                with zin.open(info) as src:
                    _write_member(zout, zi, src, info.file_size)  # type: ignore[arg-type]
            except (zipfile.BadZipFile, NotImplementedError, EOFError, OSError) as exc:
                raise WorkbookError(
                    "{path}: zip member {member} cannot be read ({detail}): the workbook is "
                    "damaged; open it in Excel and save a copy", path=zin.filename,
                    member=name, detail=exc) from exc
        for name, data in added:
            zi = zipfile.ZipInfo(name, date_time=now)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(zi, data)


def atomic_save(
    target: Path, write: Callable[[IO[bytes]], None], *, backup: bool = True
) -> Path | None:
    """Write a new version of ``target`` through ``write`` and swap it in atomically.

    Args:
        target: the file to create or replace.
        write: called with the open temporary file; writes the whole new content.
        backup: keep the previous version at ``.salesxl-backup/<name>``.

    Returns:
        The backup path, or None when no backup was made (new file or ``backup=False``).

    Example:
        >>> atomic_save(Path("out.xlsx"), lambda fh: fh.write(b"PK..."))  # doctest: +SKIP
    """
    tmp = temp_path(target)
    kept: Path | None = None
    try:
        with open(tmp, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        if target.exists():
            with contextlib.suppress(OSError):
                os.chmod(tmp, stat.S_IMODE(os.stat(target).st_mode))
            if backup:
                kept = backup_path(target)
                kept.parent.mkdir(exist_ok=True)
                part = kept.with_name(f".{kept.name}.salesxl-tmp")
                shutil.copy2(target, part)
                os.replace(part, kept)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_dir(target.parent)
    return kept


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
