"""A small zip writer that can lie: stale CRCs, wrong sizes, odd member names, deflate bombs.

Python's zipfile always writes consistent archives, which is exactly what the hostile-file
generator must not be limited to. Everything here is stdlib only, and deterministic: every
member gets the same DOS time stamp (1980-01-01), so the same input gives the same bytes.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

DOS_DATE = (0 << 9) | (1 << 5) | 1  # 1980-01-01
DOS_TIME = 0


@dataclass
class Member:
    """One zip member. `data` is the uncompressed content; the other fields may lie about it."""

    name: str | bytes
    data: bytes = b""
    method: int = zipfile.ZIP_DEFLATED
    raw: bytes | None = None          # stored (compressed) bytes; default: deflate(data)
    crc: int | None = None            # declared CRC-32 (both headers); default: crc32(data)
    usize: int | None = None          # declared uncompressed size (both headers)
    csize: int | None = None          # declared compressed size (both headers)
    local: dict[str, int] = field(default_factory=dict)  # overrides for the local header only

    def with_data(self, data: bytes) -> Member:
        return replace(self, data=data, raw=None, crc=None, usize=None, csize=None, local={})


def deflate(data: bytes, level: int = 6) -> bytes:
    c = zlib.compressobj(level, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def read_members(path: str | bytes) -> list[Member]:
    """The members of a consistent zip, in order, with their content."""
    with zipfile.ZipFile(path) as zf:
        return [Member(i.filename, zf.read(i), i.compress_type) for i in zf.infolist()]


def _name_bytes(name: str | bytes) -> tuple[bytes, int]:
    if isinstance(name, bytes):
        return name, 0                 # flag 0: a reader takes the name as CP437
    try:
        return name.encode("ascii"), 0
    except UnicodeEncodeError:
        return name.encode("utf-8"), 0x800


def build_zip(members: Iterable[Member], *, eocd: dict[str, int] | None = None) -> bytes:
    """Write a zip archive. `eocd` may override `entries`, `cd_size`, `cd_offset`."""
    out = bytearray()
    cd = bytearray()
    count = 0
    for m in members:
        name, flags = _name_bytes(m.name)
        if m.raw is not None:
            raw = m.raw
        elif m.method == zipfile.ZIP_DEFLATED:
            raw = deflate(m.data)
        else:
            raw = m.data
        crc = m.crc if m.crc is not None else zlib.crc32(m.data)
        usize = m.usize if m.usize is not None else len(m.data)
        csize = m.csize if m.csize is not None else len(raw)
        lcrc = m.local.get("crc", crc)
        lcsize = m.local.get("csize", csize)
        lusize = m.local.get("usize", usize)
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, flags, m.method, DOS_TIME, DOS_DATE,
                           lcrc, lcsize, lusize, len(name), 0)
        out += name + raw
        cd += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, flags, m.method, DOS_TIME,
                          DOS_DATE, crc, csize, usize, len(name), 0, 0, 0, 0, 0, offset)
        cd += name
        count += 1
    eocd = eocd or {}
    cd_offset = len(out)
    out += cd
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, eocd.get("entries", count),
                       eocd.get("entries", count), eocd.get("cd_size", len(cd)),
                       eocd.get("cd_offset", cd_offset), 0)
    return bytes(out)


# --- deflate bombs ---------------------------------------------------------------------------

def _gf2_times(mat: list[int], vec: int) -> int:
    s = 0
    i = 0
    while vec:
        if vec & 1:
            s ^= mat[i]
        vec >>= 1
        i += 1
    return s


def _gf2_square(mat: list[int]) -> list[int]:
    return [_gf2_times(mat, mat[n]) for n in range(32)]


def crc32_combine(crc1: int, crc2: int, len2: int) -> int:
    """zlib's crc32_combine: the CRC of A+B from crc(A), crc(B) and len(B)."""
    if len2 <= 0:
        return crc1
    odd = [0xEDB88320] + [1 << n for n in range(31)]
    even = _gf2_square(odd)
    odd = _gf2_square(even)
    while True:
        even = _gf2_square(odd)
        if len2 & 1:
            crc1 = _gf2_times(even, crc1)
        len2 >>= 1
        if not len2:
            break
        odd = _gf2_square(even)
        if len2 & 1:
            crc1 = _gf2_times(odd, crc1)
        len2 >>= 1
        if not len2:
            break
    return crc1 ^ crc2


def crc32_repeat(chunk: bytes, n: int) -> int:
    """CRC-32 of `chunk` repeated n times, in O(log n) combines."""
    result, have = 0, 0                      # crc and length of what is built so far
    power_crc, power_len = zlib.crc32(chunk), len(chunk)
    while n:
        if n & 1:
            result = crc32_combine(result, power_crc, power_len) if have else power_crc
            have += power_len
        power_crc = crc32_combine(power_crc, power_crc, power_len)
        power_len *= 2
        n >>= 1
    return result


def deflate_bomb(head: bytes, chunk: bytes, n: int, tail: bytes) -> tuple[bytes, int, int]:
    """A deflate stream of head + chunk*n + tail without building it: (stream, crc, size).

    After a full flush the compressor's output for the same chunk is the same bytes, so the
    compressed chunk is simply repeated."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = c.compress(head) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    again = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    assert block == again, "deflate output of a repeated chunk is not stable"
    last = c.compress(tail) + c.flush(zlib.Z_FINISH)
    stream = first + block * n + last
    crc = zlib.crc32(head)
    crc = crc32_combine(crc, crc32_repeat(chunk, n), len(chunk) * n)
    crc = crc32_combine(crc, zlib.crc32(tail), len(tail))
    return stream, crc, len(head) + len(chunk) * n + len(tail)
