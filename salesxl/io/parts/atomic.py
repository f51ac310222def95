"""Writing a workbook zip member by member, then swapping it in atomically with a backup.

Untouched members are copied across with their names, order, timestamps, attributes and
compressed bytes as they are (never inflated and deflated again, so a save costs what the
changed parts cost); their CRC is still checked on the way. Members that cannot be copied so
(encrypted, another compression method) are streamed through ``zipfile``. The new file is
written to ``.<name>.salesxl-tmp`` beside the target, flushed and fsynced; the previous version is kept as
``.salesxl-backup/<name>``; then ``os.replace`` swaps the new file in. If anything fails the
target is untouched and the temporary file is removed.

Example:
    >>> with open_zip("pipeline.xlsx") as zin:  # doctest: +SKIP
    ...     save_zip(zin, "pipeline.xlsx", {"xl/styles.xml": new_styles}, backup=True)
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import stat
import struct
import zipfile
import zlib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from salesxl.core import clock
from salesxl.core.errors import WorkbookError
from salesxl.io.parts.preflight import damage

BACKUP_DIR = ".salesxl-backup"
NAME_MAX = 255  # bytes in one file name (Linux, macOS; Windows allows 255 characters)
COPY_BLOCK = 1 << 20
_ZIP64_AT = 1 << 31

Content = bytes | IO[bytes]


def temp_path(target: Path) -> Path:
    """The temporary file a save writes first: ``.<name>.salesxl-tmp`` beside the target
    (a short hash of the name instead when that would pass the 255-byte name limit)."""
    name = f".{target.name}.salesxl-tmp"
    if len(os.fsencode(name)) > NAME_MAX:
        digest = hashlib.sha256(os.fsencode(target.name)).hexdigest()[:16]
        name = f".{digest}.salesxl-tmp"
    return target.with_name(name)


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


_FLAG_ENCRYPTED = 0x1
_FLAG_DESCRIPTOR = 0x08
# the local file header (PKWARE APPNOTE 4.3.7): signature, versions, flags, method, time, date,
# CRC, sizes, then the lengths of the name and the extra field that follow it
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
_LOCAL_SIGNATURE = b"PK\x03\x04"


def copy_compressed(zin: zipfile.ZipFile, info: zipfile.ZipInfo, zout: zipfile.ZipFile, *,
                    verify: bool = True) -> bool:
    """Copy member `info` of `zin` into `zout` as its compressed bytes (no inflate and deflate
    again), with its name, time and attributes, checking its CRC on the way (inflating is
    cheap); False (nothing written) when it cannot be copied so: the caller copies it the
    ordinary way.

    ``verify=False`` skips the CRC check: only for a file this process wrote itself a moment
    ago (the steps of one save), never for a user's file.

    Uses zipfile's documented-in-source internals (``fp``, ``start_dir``, ``filelist``) the
    way ``ZipFile.open(..., "w")`` does, since the module has no public raw copy.
    """
    src: Any = zin
    dst: Any = zout
    zi = _clone_info(info)
    if info.flag_bits & _FLAG_ENCRYPTED or info.compress_type not in (
            zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) or dst._writing or src.fp is None \
            or not dst._seekable:
        return False
    fp = src.fp
    fp.seek(info.header_offset)
    header = fp.read(_LOCAL_HEADER.size)
    if len(header) != _LOCAL_HEADER.size or header[:4] != _LOCAL_SIGNATURE:
        return False
    fields = _LOCAL_HEADER.unpack(header)
    fp.seek(fields[-2] + fields[-1], 1)  # past the name and the extra field
    zi.compress_type = info.compress_type
    zi.CRC, zi.compress_size, zi.file_size = info.CRC, info.compress_size, info.file_size
    zi.flag_bits = info.flag_bits & ~_FLAG_DESCRIPTOR & 0x0806  # utf-8 name, deflate level
    zip64 = info.file_size > zipfile.ZIP64_LIMIT or info.compress_size > zipfile.ZIP64_LIMIT
    out = dst.fp
    out.seek(dst.start_dir)
    zi.header_offset = out.tell()
    dst._writecheck(zi)
    dst._didModify = True
    out.write(zi.FileHeader(zip64))
    inflate = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED and verify \
        else None
    crc, left = 0, info.compress_size
    while left > 0:
        block = fp.read(min(left, COPY_BLOCK))
        if not block:
            raise zipfile.BadZipFile(f"{info.filename}: the member is cut short")
        left -= len(block)
        out.write(block)
        if not verify:
            continue
        try:
            crc = zlib.crc32(inflate.decompress(block) if inflate else block, crc)
        except zlib.error as exc:
            raise zipfile.BadZipFile(f"{info.filename}: corrupt deflate data ({exc})") from exc
    if inflate is not None:
        crc = zlib.crc32(inflate.flush(), crc)
    if verify and crc != info.CRC:
        raise zipfile.BadZipFile(f"Bad CRC-32 for file {info.filename!r}")
    dst.start_dir = out.tell()
    dst.filelist.append(zi)
    dst.NameToInfo[zi.filename] = zi
    return True


def _write_member(zout: zipfile.ZipFile, zi: zipfile.ZipInfo, data: Content, size: int) -> None:
    if isinstance(data, bytes):
        zout.writestr(zi, data)
        return
    with zout.open(zi, "w", force_zip64=size >= _ZIP64_AT) as dst:
        shutil.copyfileobj(data, dst, COPY_BLOCK)


def write_zip(
    zin: zipfile.ZipFile,
    dest: IO[bytes],
    replaced: Mapping[str, Content],
    *,
    removed: frozenset[str] = frozenset(),
    added: Sequence[tuple[str, bytes]] = (),
    verify: bool = True,
) -> None:
    """Copy ``zin`` into ``dest`` with some members replaced, removed or added (at the end).

    ``verify=False``: ``zin`` is a file this process just wrote; copied members' CRCs are not
    checked again (see `copy_compressed`)."""
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
                if copy_compressed(zin, info, zout, verify=verify):  # compressed bytes as they are
                    continue
                with zin.open(info) as src:
                    _write_member(zout, zi, src, info.file_size)  # type: ignore[arg-type]
            except (zipfile.BadZipFile, NotImplementedError, EOFError, OSError, zlib.error) as exc:
                raise WorkbookError(
                    "{path}: damaged file ({member} {what}); get a fresh copy or restore it "
                    "from a backup (Excel may offer to repair it)", path=zin.filename,
                    member=name, what=damage(exc)) from exc
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
                part = temp_path(kept)
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
