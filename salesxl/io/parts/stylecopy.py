"""Copy cell formats from one workbook's ``styles.xml`` into another's, reusing equal ones.

A sheet grafted from a scratch workbook refers to the scratch workbook's cell formats (the
``s`` of its cells, rows and columns). `StyleImporter` finds or adds, in the target's
`salesxl.io.parts.styles.StyleBook`, a cell format equal to each scratch one: same number format
(by its code), same font, fill and border (by their XML), same alignment and protection.
Formats the target already has are reused, so importing the same sheet twice adds nothing
the second time.

Example:
    >>> from salesxl.io.parts.styles import MINIMAL_STYLES, StyleBook
    >>> target = StyleBook(MINIMAL_STYLES, "target")
    >>> imp = StyleImporter(target, SCRATCH_STYLES, "scratch")  # doctest: +SKIP
    >>> imp.xf(3), imp.xf(3)  # doctest: +SKIP
    (1, 1)
"""

from __future__ import annotations

import copy

from lxml import etree

from salesxl.io.parts.safety import parse_xml
from salesxl.io.parts.styles import FIRST_CUSTOM_NUMFMT, SECTION_ORDER, StyleBook, ensure_section


def element_key(el: etree._Element) -> tuple[object, ...]:
    """Equal for two elements with the same local name, attributes, text and children."""
    return (
        etree.QName(el).localname,
        tuple(sorted((etree.QName(k).localname, v) for k, v in el.attrib.items())),
        (el.text or "").strip(),
        tuple(element_key(child) for child in el if isinstance(child.tag, str)),
    )


def _children(section: etree._Element | None) -> list[etree._Element]:
    if section is None:
        return []
    return [c for c in section if isinstance(c.tag, str)]


def _in_namespace(el: etree._Element, ns: str) -> etree._Element:
    """A copy of ``el`` with every element moved into namespace ``ns``."""
    out = copy.deepcopy(el)
    for node in out.iter():
        if isinstance(node.tag, str):
            node.tag = f"{{{ns}}}{etree.QName(node).localname}"
    etree.cleanup_namespaces(out)
    return out


class StyleImporter:
    """Maps the cell formats of a scratch ``styles.xml`` onto a target `StyleBook`.

    Args:
        target: the workbook's cell formats (changed in place; ``target.changed`` tells
            whether ``styles.xml`` must be written back).
        scratch: the bytes of the scratch workbook's ``styles.xml``.
        where: a place name for messages.
    """

    def __init__(self, target: StyleBook, scratch: bytes, where: str):
        if target.root is None:
            from salesxl.core.errors import WorkbookError

            raise WorkbookError("{path}: the workbook has no styles part; open it in Excel and "
                                "save it once, then try again", path=target.where)
        self.target = target
        self.root = target.root
        self.ns = etree.QName(self.root).namespace or ""
        src = parse_xml(scratch, where)
        self.src_ns = etree.QName(src).namespace or ""
        self.src = {name: src.find(f"{{{self.src_ns}}}{name}") for name in SECTION_ORDER}
        self.src_numfmts = {int(el.get("numFmtId", "0")): el.get("formatCode", "")
                            for el in _children(self.src["numFmts"])}
        self.memo: dict[int, int] = {}
        self._keys: dict[str, dict[tuple[object, ...], int]] = {}

    def _section(self, name: str) -> etree._Element:
        return ensure_section(self.root, self.ns, name)

    def _find_or_add(self, section_name: str, el: etree._Element) -> int:
        section = self._section(section_name)
        keys = self._keys.get(section_name)
        if keys is None:
            keys = {}
            for i, child in enumerate(_children(section)):
                keys.setdefault(element_key(child), i)
            self._keys[section_name] = keys
        key = element_key(el)
        hit = keys.get(key)
        if hit is not None:
            return hit
        section.append(_in_namespace(el, self.ns))
        count = len(_children(section))
        keys[key] = index = count - 1
        section.set("count", str(count))
        self.target.changed = True
        return index

    def _num_fmt(self, fid: int) -> int:
        if fid < FIRST_CUSTOM_NUMFMT:
            return fid
        code = self.src_numfmts.get(fid)
        if code is None:
            return 0
        for tid, existing in self.target.numfmts.items():
            if existing == code:
                return tid
        tid = max([FIRST_CUSTOM_NUMFMT - 1, *self.target.numfmts]) + 1
        section = self._section("numFmts")
        el = etree.SubElement(section, f"{{{self.ns}}}numFmt")
        el.set("numFmtId", str(tid))
        el.set("formatCode", code)
        section.set("count", str(len(_children(section))))
        self.target.numfmts[tid] = code
        self.target.changed = True
        return tid

    def _part(self, section: str, index: int) -> int:
        items = _children(self.src[section])
        if not 0 <= index < len(items):
            return 0
        return self._find_or_add(section, items[index])

    def xf(self, index: int) -> int:
        """The target's cell format equal to scratch cell format ``index`` (0 stays 0)."""
        if index == 0:
            return 0
        hit = self.memo.get(index)
        if hit is not None:
            return hit
        xfs = _children(self.src["cellXfs"])
        if not 0 <= index < len(xfs):
            return 0
        xf = copy.deepcopy(xfs[index])
        xf.set("numFmtId", str(self._num_fmt(int(xf.get("numFmtId", "0") or 0))))
        for attr, section in (("fontId", "fonts"), ("fillId", "fills"), ("borderId", "borders")):
            xf.set(attr, str(self._part(section, int(xf.get(attr, "0") or 0))))
        xf.set("xfId", "0")
        out = self._find_or_add("cellXfs", xf)
        self.memo[index] = out
        return out
