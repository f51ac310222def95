"""Checks that run before any byte of a user's workbook is trusted.

A workbook is a zip of XML parts. Three things can go wrong before salesxl even reads a cell:
the file is not a workbook at all (an old ``.xls``, a renamed CSV, a password-protected file,
a broken download), the zip is a bomb (millions of members, or a small member that inflates
to gigabytes), or an XML part carries a DTD with entity tricks (billion laughs, external
entities). Every check here fails with a message that names the file and says what to do.

Example:
    >>> from salesxl.io.parts.safety import parse_xml
    >>> parse_xml(b"<a><b/></a>", "demo.xml").tag
    'a'
"""

from __future__ import annotations

import contextlib
import os
import stat
import zipfile
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser
from lxml import etree

from salesxl.core.errors import UnsafeFileError, WorkbookError, WorkbookLockedError
from salesxl.core.messages import Msg

MAX_MEMBERS = 10_000
"""Most zip members a workbook may have (Excel files have tens to a few hundred)."""
MAX_TOTAL_SIZE = 4 * 1024**3
"""Most uncompressed bytes all members together may hold (4 GiB)."""
MAX_RATIO_BIG = 200
"""Refuse a member over ``BIG_MEMBER`` bytes that compresses better than this."""
BIG_MEMBER = 50 * 1024**2
MAX_RATIO_ANY = 1000
"""Refuse any member over ``RATIO_FLOOR`` bytes that compresses better than this."""
RATIO_FLOOR = 1024**2
MAX_PART_SIZE = 512 * 1024**2
"""Most bytes salesxl reads into memory for one non-sheet part (styles, workbook, tables)."""

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_NAME = "EncryptedPackage".encode("utf-16-le")
_SCAN_BLOCK = 1 << 20

_SAFE_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False
)
_SAFE_HUGE_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=True
)


class _NullTarget:
    """A parser target that keeps nothing: the defusedxml pass only checks."""

    def close(self) -> None:
        return None


def open_zip(
    path: str | os.PathLike[str],
    *,
    max_members: int = MAX_MEMBERS,
    max_total_size: int = MAX_TOTAL_SIZE,
    max_ratio_big: float = MAX_RATIO_BIG,
    big_member: int = BIG_MEMBER,
    max_ratio_any: float = MAX_RATIO_ANY,
    ratio_floor: int = RATIO_FLOOR,
) -> zipfile.ZipFile:
    """Open a user's workbook as a zip after checking it is one and is not a zip bomb.

    The limits are checked from the zip's directory (``infolist()``) before any member is
    read, so a bomb is refused before memory grows.

    Args:
        path: the ``.xlsx``/``.xlsm`` file.
        max_members: most members allowed.
        max_total_size: most uncompressed bytes over all members.
        max_ratio_big: refuse a member bigger than ``big_member`` with a higher ratio.
        big_member: size above which ``max_ratio_big`` applies.
        max_ratio_any: refuse a member bigger than ``ratio_floor`` with a higher ratio.
        ratio_floor: size above which ``max_ratio_any`` applies.

    Returns:
        An open :class:`zipfile.ZipFile`; close it (or use ``with``).

    Raises:
        WorkbookError: missing, empty, not a zip, an old ``.xls``, password-protected, damaged.
        UnsafeFileError: too many members, too big, or a member that inflates suspiciously.

    Example:
        >>> with open_zip("pipeline.xlsx") as zf:  # doctest: +SKIP
        ...     names = zf.namelist()
    """
    p = Path(path)
    head = read_head(p)
    if head.startswith(OLE_MAGIC):
        if ole_is_encrypted(p):
            raise WorkbookError("{path} is password-protected: remove the password in Excel "
                                "(File > Info > Protect Workbook) and try again", path=p)
        raise WorkbookError("{path} is an old .xls workbook (Excel 97-2003 binary format): open "
                            "it in Excel and save it as .xlsx (File > Save As > Excel Workbook)",
                            path=p)
    if not head.startswith(b"PK"):
        raise WorkbookError("{path} is not an .xlsx/.xlsm workbook: {why}", path=p,
                            why=guess_kind(head))
    try:
        zf = zipfile.ZipFile(p)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise WorkbookError("{path} is damaged and cannot be opened as a workbook ({detail}): it "
                            "may be an incomplete download or copy; get a fresh copy or restore "
                            "it from a backup", path=p, detail=_zip_detail(exc)) from exc
    try:
        _check_infolist(
            p, zf.infolist(), max_members, max_total_size, max_ratio_big, big_member,
            max_ratio_any, ratio_floor,
        )
    except BaseException:
        zf.close()
        raise
    return zf


def _check_infolist(
    p: Path,
    infos: list[zipfile.ZipInfo],
    max_members: int,
    max_total_size: int,
    max_ratio_big: float,
    big_member: int,
    max_ratio_any: float,
    ratio_floor: int,
) -> None:
    if len(infos) > max_members:
        raise UnsafeFileError("{path} has {n:,} zip members, more than the {limit:,} a workbook "
                              "may have: it is refused as a possible zip bomb; if it is a real "
                              "workbook, open it in Excel and save a copy", path=p,
                              n=len(infos), limit=max_members)
    total = 0
    seen: set[str] = set()
    for info in infos:
        if info.filename in seen:
            raise UnsafeFileError("{path} holds the zip member {member!r} twice: it is damaged "
                                  "or forged; open it in Excel and save a copy", path=p,
                                  member=info.filename)
        seen.add(info.filename)
        if info.flag_bits & 0x1:
            raise UnsafeFileError("{path} has zip-encrypted members ({member}): Excel never "
                                  "writes these; remove the zip password and save it as .xlsx "
                                  "in Excel", path=p, member=info.filename)
        total += info.file_size
        if total > max_total_size:
            raise UnsafeFileError("{path} would inflate to more than {gib:.1f} GiB: it is "
                                  "refused as a possible zip bomb; split the workbook or raise "
                                  "the limit", path=p, gib=max_total_size / 1024**3)
        size = info.file_size
        ratio = size / max(info.compress_size, 1)
        if (size > big_member and ratio > max_ratio_big) or (
            size > ratio_floor and ratio > max_ratio_any
        ):
            raise UnsafeFileError("{path}: zip member {member} inflates {ratio:,.0f}x "
                                  "({packed:,} -> {size:,} bytes): it is refused as a possible "
                                  "zip bomb before it is read; if the workbook is genuine, open "
                                  "it in Excel and save a copy", path=p, member=info.filename,
                                  ratio=ratio, packed=info.compress_size, size=size)


def ole_is_encrypted(p: Path) -> bool:
    """Tell whether an OLE compound file holds an ``EncryptedPackage`` stream.

    The directory entry names are UTF-16LE; the file is scanned in blocks with an overlap so
    memory stays flat even for a large encrypted workbook.
    """
    overlap = len(_ENCRYPTED_NAME)
    tail = b""
    with open(p, "rb") as fh:
        while block := fh.read(_SCAN_BLOCK):
            if _ENCRYPTED_NAME in tail + block:
                return True
            tail = block[-overlap:]
    return False


def read_head(path: Path, size: int = 512) -> bytes:
    """The first bytes of a file the user named, after checking it is one salesxl can read.

    Raises:
        WorkbookError (exit 3): missing (or a broken or looping link), a folder, not a regular
            file (a pipe, a device), unreadable, or empty — each with what to do.
    """
    try:
        st = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise WorkbookError("{path} is a link to a file that does not exist: give the "
                                "workbook itself", path=path) from None
        raise WorkbookError("{path} does not exist: check the path and the file name",
                            path=path) from None
    except OSError as exc:  # ELOOP: a link that points to itself; a name too long...
        raise WorkbookError("{path} cannot be opened ({detail}): check that the file exists "
                            "and that you may read it", path=path,
                            detail=exc.strerror or type(exc).__name__) from None
    if stat.S_ISDIR(st.st_mode):
        raise WorkbookError("{path} is a folder, not a workbook: give a file in it (or use "
                            "`salesxl consolidate` or `salesxl convert` for a folder)",
                            path=path)
    if not stat.S_ISREG(st.st_mode):
        raise WorkbookError("{path} is not a regular file (a pipe or a device): give the path "
                            "of an .xlsx or .xlsm workbook", path=path)
    try:
        with open(path, "rb") as fh:
            head = fh.read(size)
    except OSError as exc:  # PermissionError and the like
        raise WorkbookError("{path} cannot be opened ({detail}): check that the file exists "
                            "and that you may read it", path=path,
                            detail=exc.strerror or type(exc).__name__) from None
    if not head:
        raise WorkbookError("{path} is empty (0 bytes): restore it from a backup or copy it "
                            "again", path=path)
    return head


def _zip_detail(exc: Exception) -> Msg | str:
    """Why zipfile could not open a file that starts like a zip, as words."""
    text = str(exc)
    if "not a zip file" in text.lower() or "end of central directory" in text.lower():
        return Msg("its list of parts at the end of the file is missing or damaged")
    if isinstance(exc, OSError):
        return exc.strerror or text
    return Msg("its list of parts cannot be read")


def guess_kind(head: bytes) -> Msg:
    """Name what a non-zip file probably is, to tell the user how to fix it."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<html", b"<!doctype html", b"<table")):
        return Msg("it is a web page (HTML) saved with a workbook name; open it in Excel and "
                   "save as .xlsx")
    if text.startswith(b"<?xml"):
        return Msg("it is an XML file (maybe an Excel 2003 XML workbook); open it in Excel and "
                   "save as .xlsx")
    try:
        head.decode("utf-8")
        is_text = True
    except UnicodeDecodeError:
        is_text = all(b >= 32 or b in (9, 10, 13) for b in head[:200])
    if is_text:
        return Msg("it looks like a text/CSV file renamed to .xlsx; open it in Excel and save "
                   "as .xlsx")
    return Msg("it may be damaged or an incomplete download; get a fresh copy or restore a "
               "backup")


def check_xml_prolog(head: bytes, where: str) -> None:
    """Refuse a DTD, entity declaration or external reference in an XML part's prolog.

    A DTD can only appear before the root element, so the first bytes of a document (through
    the root start tag) are enough; this is what the streaming sheet path checks.

    Args:
        head: the start of the document (may be all of it).
        where: a name for messages, e.g. ``"pipeline.xlsx:xl/worksheets/sheet1.xml"``.

    Raises:
        UnsafeFileError: the document declares a DTD or entities.
        WorkbookError: the XML is damaged.

    Example:
        >>> check_xml_prolog(b'<?xml version="1.0"?><worksheet>', "x.xml")
    """
    _defused_feed(head, where, close=False)


def parse_xml(data: bytes, where: str, *, huge: bool = False) -> etree._Element:
    """Parse a user's XML part safely and return its lxml root element.

    The whole document first goes through defusedxml (DTDs, entity declarations and external
    references are refused), then lxml parses it with entities, DTD loading and network
    access off. lxml keeps every namespace declaration, which ``mc:Ignorable`` needs.

    Args:
        data: the document bytes.
        where: a name for messages (file and part).
        huge: allow lxml's huge-tree mode (very deep or very large documents).

    Raises:
        UnsafeFileError: DTD, entities or external references.
        WorkbookError: the XML is damaged.

    Example:
        >>> parse_xml(b'<r xmlns:x="urn:x"><x:c/></r>', "demo.xml")[0].tag
        '{urn:x}c'
    """
    _defused_feed(data, where, close=True)
    try:
        return etree.fromstring(data, _SAFE_HUGE_PARSER if huge else _SAFE_PARSER)
    except etree.XMLSyntaxError as exc:
        raise WorkbookError("{where} is not well-formed XML ({detail}): the workbook is damaged; "
                            "open it in Excel (it may offer to repair it) and save a copy",
                            where=where, detail=str(exc)) from exc


def _defused_feed(data: bytes, where: str, *, close: bool) -> None:
    parser = DefusedXMLParser(target=_NullTarget(), forbid_dtd=True)
    try:
        parser.feed(data)
        if close:
            parser.close()
    except DefusedXmlException as exc:
        raise UnsafeFileError("{where} declares a DTD or XML entities; Excel never writes these "
                              "and they are used in XML attacks (billion laughs, external "
                              "entities): the file is refused; open it in Excel and save a copy "
                              "if you trust it", where=where) from exc
    except SyntaxError as exc:  # xml.etree.ElementTree.ParseError
        raise WorkbookError("{where} is not well-formed XML ({detail}): the workbook is damaged; "
                            "open it in Excel (it may offer to repair it) and save a copy",
                            where=where, detail=str(exc)) from exc


def lock_files(path: str | os.PathLike[str]) -> list[Path]:
    """The lock files Excel (or LibreOffice) may leave beside a workbook that is open.

    Excel writes ``~$NAME`` and drops the first one or two characters of long names.

    Example:
        >>> [p.name for p in lock_files("/data/pipeline.xlsx")][:2]
        ['~$pipeline.xlsx', '~$ipeline.xlsx']
    """
    p = Path(path)
    name = p.name
    # Word-style shortened locks count only when they are not another workbook's own lock:
    # ~$pipeline.xlsx beside 1_pipeline.xlsx is pipeline.xlsx's lock when that file exists
    names = [f"~${name}", *(f"~${short}" for short in (name[1:], name[2:])
                            if short and not p.with_name(short).exists()),
             f".~lock.{name}#"]
    return [p.with_name(n) for n in dict.fromkeys(names)]


def check_not_open_in_excel(path: str | os.PathLike[str]) -> None:
    """Refuse to write a workbook that Excel (or LibreOffice) has open.

    Raises:
        WorkbookLockedError: a lock file sits beside the workbook.

    Example:
        >>> check_not_open_in_excel("/nonexistent/pipeline.xlsx")
    """
    for lock in lock_files(path):
        if lock.is_file():
            app = "LibreOffice" if lock.name.startswith(".~lock.") else "Excel"
            raise WorkbookLockedError("{path} is open in {app} (lock file {lock}): close it in "
                                      "{app} and run again; if {app} is not running, delete "
                                      "the lock file", path=path, app=app, lock=lock.name)


def check_writable(path: Path, *, force: bool = False) -> None:
    """Refuse, before any work, a workbook salesxl could not save over.

    Raises:
        WorkbookError: the file is marked read-only (unless `force`), or its folder cannot be
            written (salesxl saves a new version beside the file, then swaps it in).
    """
    if path.exists() or path.is_symlink():
        read_head(path, 1)  # a folder, a pipe, a looping link: the reader's sentence, exit 3
    with contextlib.suppress(FileNotFoundError):
        mode = os.stat(path).st_mode
        if not force and not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
            raise WorkbookError("{path}: the workbook is marked read-only; salesxl leaves it "
                                "as it is. Remove the read-only mark (file properties), or pass "
                                "--force to write into it anyway", path=path)
    folder = path.parent if str(path.parent) else Path(".")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise WorkbookError("{path}: the folder {folder} cannot be written to, so the workbook "
                            "cannot be saved; copy it to a folder you can write to",
                            path=path, folder=folder)
