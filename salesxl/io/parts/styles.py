"""Find-or-add cell formats (``xf``) in ``xl/styles.xml`` without disturbing the others.

A cell's ``s`` attribute points at an ``xf`` in ``cellXfs``. To give a date cell a date
format, or formula-looking text Excel's quote prefix, salesxl clones the cell's current
``xf`` with one change and reuses an identical ``xf`` when the workbook already has one, so
fonts, fills, borders and alignment of the cell stay as the user made them.

Example:
    >>> book = StyleBook(MINIMAL_STYLES, "demo")
    >>> book.derive(0, num_fmt="yyyy-mm-dd"), book.derive(0, num_fmt="yyyy-mm-dd")
    (1, 1)
    >>> book.is_date(1), book.is_date(0)
    (True, False)
"""

from __future__ import annotations

import copy
import re

from lxml import etree

from salesxl.core.errors import WorkbookError
from salesxl.io.parts.safety import parse_xml
from salesxl.io.parts.zipparts import to_bytes

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
FIRST_CUSTOM_NUMFMT = 164

# Built-in number formats that show dates or times (ECMA-376 18.8.30, plus the East Asian
# date formats 27-36 and 50-58 Excel uses in Korean, Japanese and Chinese locales).
BUILTIN_DATE_IDS = frozenset(
    [*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59), *range(71, 82)]
)

MINIMAL_STYLES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    b'<fills count="2"><fill><patternFill patternType="none"/></fill>'
    b'<fill><patternFill patternType="gray125"/></fill></fills>'
    b'<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    b'<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    b'<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    b'<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    b"</styleSheet>"
)

_STRIP_LITERALS = re.compile(r'"[^"]*"|\\.|_.|\*.|\[(?![hms]+\])[^\]]*\]', re.IGNORECASE)
_DATE_LETTERS = re.compile(r"[dmyhsegb]", re.IGNORECASE)
# Sections order of styleSheet children (ECMA-376 CT_Stylesheet), to insert numFmts first.
SECTION_ORDER = ("numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs")


def ensure_section(root: etree._Element, ns: str, name: str) -> etree._Element:
    """The `name` section of a styles root, added in schema order when it is missing."""
    el = root.find(f"{{{ns}}}{name}")
    if el is None:
        el = etree.Element(f"{{{ns}}}{name}")
        later = SECTION_ORDER[SECTION_ORDER.index(name) + 1 :]
        for i, child in enumerate(root):
            if isinstance(child.tag, str) and etree.QName(child).localname in later:
                root.insert(i, el)
                break
        else:
            root.append(el)
    return el


def is_date_format(code: str) -> bool:
    """Tell whether a number-format code shows a date or time.

    Example:
        >>> is_date_format("yyyy-mm-dd"), is_date_format('#,##0 "만원"'), is_date_format("[h]:mm")
        (True, False, True)
    """
    if code.strip().lower() == "general":
        return False
    bare = _STRIP_LITERALS.sub("", code)
    return bool(_DATE_LETTERS.search(bare))


def _key(el: etree._Element) -> tuple[object, ...]:
    """A value equal for two elements with the same tag, attributes, text and children."""
    return (
        el.tag,
        tuple(sorted(el.attrib.items())),
        (el.text or "").strip(),
        tuple(_key(child) for child in el if isinstance(child.tag, str)),
    )


class StyleBook:
    """The cell formats of one workbook, loaded once, changed only when a new one is needed.

    Args:
        data: the bytes of ``xl/styles.xml``, or ``None`` when the workbook has none.
        where: a place name for messages.
    """

    def __init__(self, data: bytes | None, where: str):
        self.where = where
        self.changed = False
        self.root: etree._Element | None = parse_xml(data, where) if data is not None else None
        self._xf_keys: dict[tuple[object, ...], int] | None = None
        self._derived: dict[tuple[int, str | None, bool, bool], int] = {}
        self._date: dict[int, bool] = {}
        self.numfmts: dict[int, str] = {}
        section = self.root.find(f"{{{NS}}}numFmts") if self.root is not None else None
        if section is not None:
            # only the cell formats: a <dxf> (conditional formatting) has numFmt elements of
            # its own, whose ids may repeat a cell format's id with another code
            for el in section.iterchildren(f"{{{NS}}}numFmt"):
                try:
                    self.numfmts[int(el.get("numFmtId", ""))] = el.get("formatCode", "")
                except ValueError:
                    continue

    def _section(self, name: str, create: bool = False) -> etree._Element:
        if self.root is None:
            raise WorkbookError(
                f"{self.where}: the workbook has no styles part, so salesxl cannot add a cell "
                "format; open it in Excel and save it once, then try again"
            )
        if not create and self.root.find(f"{{{NS}}}{name}") is None:
            raise WorkbookError(
                f"{self.where} has no <{name}> section: the workbook is damaged; open it "
                "in Excel and save a copy"
            )
        return ensure_section(self.root, NS, name)

    def _xfs(self) -> list[etree._Element]:
        return [x for x in self._section("cellXfs") if isinstance(x.tag, str)]

    def xf_count(self) -> int:
        """How many cell formats the workbook has (1 when it has no styles part)."""
        return len(self._xfs()) if self.root is not None else 1

    def num_fmt_id(self, xf_index: int) -> int:
        """The number-format id of cell format ``xf_index`` (0 = General)."""
        if self.root is None:
            return 0
        xfs = self._xfs()
        if not 0 <= xf_index < len(xfs):
            return 0
        try:
            return int(xfs[xf_index].get("numFmtId", "0"))
        except ValueError:
            return 0

    def is_date(self, xf_index: int) -> bool:
        """Tell whether cell format ``xf_index`` shows numbers as dates or times."""
        hit = self._date.get(xf_index)
        if hit is None:
            fid = self.num_fmt_id(xf_index)
            code = self.numfmts.get(fid)
            hit = is_date_format(code) if code is not None else fid in BUILTIN_DATE_IDS
            self._date[xf_index] = hit
        return hit

    def derive(
        self,
        base: int,
        *,
        num_fmt: str | None = None,
        quote_prefix: bool = False,
        bold: bool = False,
    ) -> int:
        """The index of a cell format like ``base`` with one or more changes, found or added.

        Args:
            base: the cell format to start from (the cell's current ``s``).
            num_fmt: a number-format code to apply (e.g. ``"yyyy-mm-dd"``).
            quote_prefix: set Excel's quote prefix (text stays text when re-edited).
            bold: make the font bold.

        Example:
            >>> book = StyleBook(MINIMAL_STYLES, "demo")
            >>> book.derive(0, quote_prefix=True), book.derive(0, bold=True), book.changed
            (1, 2, True)
        """
        memo = (base, num_fmt, quote_prefix, bold)
        hit = self._derived.get(memo)
        if hit is not None:
            return hit
        xfs = self._xfs()
        if self._xf_keys is None:
            self._xf_keys = {}
            for i, x in enumerate(xfs):
                self._xf_keys.setdefault(_key(x), i)
        template = xfs[base] if 0 <= base < len(xfs) else xfs[0]
        xf = copy.deepcopy(template)
        if num_fmt is not None:
            xf.set("numFmtId", str(self._num_fmt(num_fmt)))
            xf.set("applyNumberFormat", "1")
        if quote_prefix:
            xf.set("quotePrefix", "1")
        if bold:
            xf.set("fontId", str(self._bold_font(int(xf.get("fontId", "0") or 0))))
            xf.set("applyFont", "1")
        key = _key(xf)
        index = self._xf_keys.get(key)
        if index is None:
            cell_xfs = self._section("cellXfs")
            cell_xfs.append(xf)
            index = len(xfs)
            cell_xfs.set("count", str(index + 1))
            self._xf_keys[key] = index
            self.changed = True
        self._derived[memo] = index
        return index

    def _num_fmt(self, code: str) -> int:
        for fid, existing in self.numfmts.items():
            if existing == code:
                return fid
        fid = max([FIRST_CUSTOM_NUMFMT - 1, *self.numfmts]) + 1
        section = self._section("numFmts", create=True)
        el = etree.SubElement(section, f"{{{NS}}}numFmt")
        el.set("numFmtId", str(fid))
        el.set("formatCode", code)
        section.set("count", str(len([c for c in section if isinstance(c.tag, str)])))
        self.numfmts[fid] = code
        self.changed = True
        return fid

    def _bold_font(self, font_id: int) -> int:
        fonts_el = self._section("fonts")
        fonts = [f for f in fonts_el if isinstance(f.tag, str)]
        if not fonts:
            raise WorkbookError(f"{self.where} has no fonts: the workbook is damaged")
        font = copy.deepcopy(fonts[font_id] if 0 <= font_id < len(fonts) else fonts[0])
        for b in font.findall(f"{{{NS}}}b"):
            font.remove(b)
        font.insert(0, font.makeelement(f"{{{NS}}}b"))
        key = _key(font)
        for i, existing in enumerate(fonts):
            if _key(existing) == key:
                return i
        fonts_el.append(font)
        fonts_el.set("count", str(len(fonts) + 1))
        self.changed = True
        return len(fonts)

    def to_bytes(self) -> bytes:
        """The styles part as bytes (call only when :attr:`changed`)."""
        assert self.root is not None
        return to_bytes(self.root)
