"""CSV and TSV files: the encoding, the delimiter, and every cell kept as text.

Korean Excel saves "CSV" in CP949 (a superset of EUC-KR) unless told otherwise; newer Excel
writes UTF-8 with a byte-order mark; "Unicode text" is UTF-16 with tabs. The encoding is
decided in this order, first match wins:

1. a byte-order mark: UTF-8, UTF-16 LE or BE;
2. NUL bytes in every other position: UTF-16 without a mark (other NULs: not a text file);
3. strict UTF-8;
4. strict CP949, when most non-ASCII characters decode to Hangul syllables (a CP1252
   European file also "decodes" as CP949, into nonsense);
5. charset-normalizer's best guess.

The delimiter of a ``.tsv`` is a tab; for ``.csv``/``.txt`` it is whichever of ``, ; tab |``
splits the first lines into the most columns most consistently. Cells are never converted
here: ``010-1234-5678``, ``00123`` and ``2026.03.05`` reach the value parsers as typed.

Example:
    >>> detect_encoding("고객사,연락처".encode("cp949"))
    'cp949'
    >>> detect_encoding(b"\\xef\\xbb\\xbfCompany,Phone")
    'utf-8-sig'
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from salesxl.core.errors import WorkbookError
from salesxl.io.legacy.sources import RawSheet, Source

DELIMITERS = (",", "\t", ";", "|")
SNIFF_LINES = 50
MAX_CONTROL_SHARE = 0.01
ENCODING_NAMES = {"utf-8-sig": "UTF-8 with BOM", "utf-16": "UTF-16 with BOM", "utf-8": "UTF-8",
                  "utf-16-le": "UTF-16 LE", "utf-16-be": "UTF-16 BE", "cp949": "CP949"}


_HANGUL = re.compile("[가-힣]+")


def detect_encoding(data: bytes) -> str:
    """The text encoding of a CSV/TSV file's bytes (a Python codec name).

    Raises:
        WorkbookError: the bytes are not text in any encoding salesxl knows.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = data[:8192]
    if b"\x00" in sample:
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if odd > len(sample) // 5 and even * 10 < odd:
            return "utf-16-le"
        if even > len(sample) // 5 and odd * 10 < even:
            return "utf-16-be"
        raise WorkbookError("holds binary data (NUL bytes): it is not a text or CSV file")
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp949")
    except UnicodeDecodeError:
        text = ""
    if text:
        # counted in C: the characters beyond ASCII, the Hangul syllables (U+AC00..U+D7A3)
        non_ascii = len(text) - len(text.encode("ascii", "ignore"))
        hangul = sum(map(len, _HANGUL.findall(text)))
        if hangul * 5 >= non_ascii * 4:
            return "cp949"
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise WorkbookError("is not text in any known encoding: it is not a CSV file")
    return str(best.encoding)


@contextlib.contextmanager
def any_field_size() -> Iterator[None]:
    """csv reads a cell of any size (a pasted memo) instead of refusing it past 128 KiB."""
    limit = csv.field_size_limit()
    csv.field_size_limit(2**31 - 1)
    try:
        yield
    finally:
        csv.field_size_limit(limit)


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the most columns most consistently.

    Example:
        >>> sniff_delimiter("a;b;c\\n1;2;3\\n")
        ';'
    """
    lines = text.splitlines()[:SNIFF_LINES]
    best, best_score = ",", 0.0
    for delim in DELIMITERS:
        with any_field_size():
            counts = [len(row) for row in csv.reader(lines, delimiter=delim) if any(row)]
        if not counts:
            continue
        width, times = Counter(counts).most_common(1)[0]
        score = (width - 1) * times / len(counts) if width > 1 else 0.0
        if score > best_score:
            best, best_score = delim, score
    return best


def read_text_table(path: Path) -> Source:
    """Read a CSV/TSV file as one sheet of text cells, named after the file.

    Raises:
        WorkbookError: the file is not text, or holds control characters a CSV never has.
    """
    data = path.read_bytes()
    try:
        encoding = detect_encoding(data)
        text = data.decode(encoding)
    except WorkbookError:
        raise WorkbookError("{path} holds binary data: it is not a text or CSV file",
                            path=path) from None
    except UnicodeDecodeError as exc:
        raise WorkbookError("{path} is not readable text ({detail}): save it as CSV UTF-8 or "
                            "CP949 from Excel", path=path, detail=exc.reason) from None
    text = text.lstrip("\ufeff")
    control = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\t\r\n")
    if control > MAX_CONTROL_SHARE * min(len(text), 20000):
        raise WorkbookError("{path} holds binary data: it is not a text or CSV file", path=path)
    delim = "\t" if path.suffix.lower() == ".tsv" else sniff_delimiter(text)
    kind = "tsv" if delim == "\t" else "csv"
    try:
        with any_field_size():
            grid: list[list[object]] = [list(row) for row in csv.reader(
                io.StringIO(text, newline=""), delimiter=delim)]
    except csv.Error as exc:
        raise WorkbookError("{path} is not a well-formed CSV file ({detail}): open it in Excel "
                            "and save it again as CSV", path=path, detail=str(exc)) from None
    return Source(path, kind, [RawSheet(path.stem, grid)],
                  encoding=ENCODING_NAMES.get(encoding, encoding))
