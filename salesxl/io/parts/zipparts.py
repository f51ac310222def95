"""Finding parts inside a workbook zip: the workbook, its sheets, relationships, tables.

Sheets are found by name through the workbook part and its relationships, never by
``sheetN.xml`` numbering, which Excel does not keep in step with the tab order.

Example:
    >>> import zipfile
    >>> with zipfile.ZipFile("pipeline.xlsx") as zf:  # doctest: +SKIP
    ...     sheet_paths(zf)
    {'Leads': 'xl/worksheets/sheet1.xml', 'Summary': 'xl/worksheets/sheet2.xml'}
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from salesxl.core.cells import parse_range
from salesxl.core.errors import WorkbookError
from salesxl.io.parts.safety import MAX_PART_SIZE, parse_xml

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_MAIN_STRICT = "http://purl.oclc.org/ooxml/spreadsheetml/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_REL_STRICT = "http://purl.oclc.org/ooxml/officeDocument/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_WORKSHEET = NS_REL + "/worksheet"
CT_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CONTENT_TYPES = "[Content_Types].xml"
XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'


def where(zf: zipfile.ZipFile, part: str = "") -> str:
    """A place name for messages: ``file`` or ``file:part``."""
    name = str(zf.filename or "workbook")
    return f"{name}:{part}" if part else name


def read_part(zf: zipfile.ZipFile, part: str, *, max_size: int = MAX_PART_SIZE) -> bytes:
    """Read a small part into memory, refusing one bigger than ``max_size``.

    Raises:
        WorkbookError: the part is missing or too big to read in one piece.
    """
    try:
        info = zf.getinfo(part)
    except KeyError:
        raise WorkbookError(
            "{path} has no {part}: the workbook is damaged or not an Excel workbook; open it in "
            "Excel and save a copy", path=where(zf), part=part) from None
    if info.file_size > max_size:
        raise WorkbookError(
            "{part} is {size:,} bytes, more than the {limit:,} salesxl reads in one piece",
            part=where(zf, part), size=info.file_size, limit=max_size)
    return zf.read(info)


def parse_part(zf: zipfile.ZipFile, part: str) -> etree._Element:
    """Read and safely parse a part (see :func:`salesxl.io.parts.safety.parse_xml`)."""
    return parse_xml(read_part(zf, part), where(zf, part))


def rels_path(part: str) -> str:
    """The relationships part of a part: ``xl/workbook.xml`` -> ``xl/_rels/workbook.xml.rels``."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def resolve(source_part: str, target: str) -> str:
    """A relationship target as a zip member name, relative to its source part's folder.

    Example:
        >>> resolve("xl/worksheets/sheet1.xml", "../tables/table1.xml")
        'xl/tables/table1.xml'
    """
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(source_part), target))


@dataclass(frozen=True)
class Rel:
    """One relationship: id, type URI, target as written and as a zip member name."""

    id: str
    type: str
    target: str
    member: str
    external: bool


def read_rels(zf: zipfile.ZipFile, part: str) -> list[Rel]:
    """The relationships of ``part`` (empty when it has no ``.rels`` part)."""
    path = rels_path(part)
    if path not in zf.NameToInfo:
        return []
    root = parse_part(zf, path)
    rels = []
    for el in root:
        if not isinstance(el.tag, str) or etree.QName(el).localname != "Relationship":
            continue
        target = el.get("Target", "")
        external = el.get("TargetMode") == "External"
        member = target if external else resolve(part, target)
        rels.append(Rel(el.get("Id", ""), el.get("Type", ""), target, member, external))
    return rels


def workbook_part(zf: zipfile.ZipFile) -> str:
    """The zip member name of the workbook part (``xl/workbook.xml`` in practice)."""
    for rel in read_rels(zf, ""):
        if rel.type.endswith("/officeDocument") and not rel.external:
            return rel.member
    if "xl/workbook.xml" in zf.NameToInfo:
        return "xl/workbook.xml"
    raise WorkbookError(
        "{path} has no workbook part: it is not an Excel workbook (is it a Word or PowerPoint "
        "file?); give an .xlsx or .xlsm file", path=where(zf))


@dataclass(frozen=True)
class SheetRef:
    """A sheet as listed in the workbook part."""

    name: str
    sheet_id: int
    rid: str
    member: str
    is_worksheet: bool
    hidden: bool = False


def workbook_sheets(zf: zipfile.ZipFile) -> list[SheetRef]:
    """Every sheet in tab order, with its zip member (chart sheets included, flagged)."""
    wb_part = workbook_part(zf)
    root = parse_part(zf, wb_part)
    rels = {r.id: r for r in read_rels(zf, wb_part)}
    out = []
    for el in root.iter("{*}sheet"):
        rid = el.get(f"{{{NS_REL}}}id") or el.get(f"{{{NS_REL_STRICT}}}id") or ""
        rel = rels.get(rid)
        member = rel.member if rel else ""
        is_ws = rel is not None and rel.type.endswith("/worksheet") and member in zf.NameToInfo
        out.append(
            SheetRef(
                name=el.get("name", ""),
                sheet_id=int(el.get("sheetId", "0") or 0),
                rid=rid,
                member=member,
                is_worksheet=is_ws,
                hidden=el.get("state", "visible") != "visible",
            )
        )
    return out


def sheet_paths(zf: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet names (as shown on Excel's tabs) to their zip member names, in tab order.

    Chart sheets and dialog sheets are left out: they hold no cells.

    Example:
        >>> with zipfile.ZipFile("pipeline.xlsx") as zf:  # doctest: +SKIP
        ...     sheet_paths(zf)["Leads"]
        'xl/worksheets/sheet1.xml'
    """
    return {s.name: s.member for s in workbook_sheets(zf) if s.is_worksheet}


def find_sheet(zf: zipfile.ZipFile, name: str) -> SheetRef:
    """The worksheet called ``name``.

    Raises:
        WorkbookError: no such worksheet; the message lists the sheets that exist.
    """
    sheets = workbook_sheets(zf)
    for s in sheets:
        if s.name == name:
            if not s.is_worksheet:
                raise WorkbookError(
                    "{path}: sheet {sheet!r} is a chart sheet or is missing its part; salesxl "
                    "can only write cells on worksheets", path=where(zf), sheet=name)
            return s
    if not sheets:
        raise WorkbookError("{path} has no sheet {sheet!r}; the sheets are: none",
                            path=where(zf), sheet=name)
    names = ", ".join(repr(s.name) for s in sheets)
    hint = [s.name for s in sheets if s.name.casefold() == name.casefold()]
    if hint:
        raise WorkbookError("{path} has no sheet {sheet!r} (did you mean {hint!r}?); the sheets "
                            "are: {names}", path=where(zf), sheet=name, hint=hint[0], names=names)
    raise WorkbookError("{path} has no sheet {sheet!r}; the sheets are: {names}", path=where(zf),
                        sheet=name, names=names)


@dataclass(frozen=True)
class TableInfo:
    """An Excel Table (ListObject) on a sheet, with zero-based inclusive bounds.

    Example:
        >>> t = TableInfo("Leads", "Leads", "A1:C4", ["Name", "Amount", "Total"],
        ...               "xl/tables/table1.xml", 0, 0, 3, 2)
        >>> t.data_rows
        3
    """

    name: str
    display_name: str
    ref: str
    columns: list[str]
    member: str
    first_row: int
    first_col: int
    last_row: int
    last_col: int
    header_rows: int = 1
    totals_rows: int = 0
    autofilter_ref: str | None = field(default=None, compare=False)

    @property
    def data_rows(self) -> int:
        """How many data rows the table has (header and totals rows left out)."""
        return self.last_row - self.first_row + 1 - self.header_rows - self.totals_rows


def _unescape_name(name: str) -> str:
    """Excel writes line breaks in table column names as ``_x000a_``."""
    if "_x" not in name:
        return name
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), name)


def table_parts(zf: zipfile.ZipFile, sheet_name: str) -> list[TableInfo]:
    """The Excel Tables on worksheet ``sheet_name``.

    Example:
        >>> with zipfile.ZipFile("pipeline.xlsx") as zf:  # doctest: +SKIP
        ...     [(t.display_name, t.ref) for t in table_parts(zf, "Leads")]
        [('Leads', 'A1:T1001')]
    """
    return tables_for_member(zf, find_sheet(zf, sheet_name).member)


def tables_for_member(zf: zipfile.ZipFile, sheet_member: str) -> list[TableInfo]:
    """The Excel Tables of the worksheet stored in zip member ``sheet_member``."""
    out = []
    for rel in read_rels(zf, sheet_member):
        if rel.external or not rel.type.endswith("/table") or rel.member not in zf.NameToInfo:
            continue
        root = parse_part(zf, rel.member)
        ref = root.get("ref", "")
        try:
            r1, c1, r2, c2 = parse_range(ref)
        except ValueError:
            raise WorkbookError(
                "{part}: table ref {ref!r} is not a range; the workbook is damaged; open it in "
                "Excel and save a copy", part=where(zf, rel.member), ref=ref) from None
        columns = [_unescape_name(c.get("name", "")) for c in root.iter("{*}tableColumn")]
        af = next(root.iter("{*}autoFilter"), None)
        out.append(
            TableInfo(
                name=root.get("name", ""),
                display_name=root.get("displayName", root.get("name", "")),
                ref=ref,
                columns=columns,
                member=rel.member,
                first_row=r1,
                first_col=c1,
                last_row=r2,
                last_col=c2,
                header_rows=int(root.get("headerRowCount", "1")),
                totals_rows=int(root.get("totalsRowCount", "0")),
                autofilter_ref=af.get("ref") if af is not None else None,
            )
        )
    return out


def content_type_add(root: etree._Element, part: str, content_type: str) -> None:
    """Add (or replace) the content-type ``Override`` of ``part`` in ``[Content_Types].xml``."""
    content_type_remove(root, part)
    el = etree.SubElement(root, f"{{{NS_CT}}}Override")
    el.set("PartName", "/" + part)
    el.set("ContentType", content_type)


def content_type_remove(root: etree._Element, part: str) -> bool:
    """Remove the ``Override`` of ``part``; tell whether there was one."""
    found = False
    for el in list(root):
        if isinstance(el.tag, str) and el.get("PartName", "").lstrip("/") == part:
            root.remove(el)
            found = True
    return found


def to_bytes(root: etree._Element) -> bytes:
    """Serialise a small part the way Excel writes it (UTF-8, standalone declaration)."""
    return XML_DECLARATION + etree.tostring(root, encoding="UTF-8")
