"""A native Excel PivotTable over a worksheet range: cache definition, table definition, cells.

XlsxWriter cannot write pivots and openpyxl only round-trips them, so salesxl writes the two
parts itself, laid out the way Excel writes them (`shared/reference/excel-made-pivots.xlsx`):

- the **cache definition** names the source (an Excel Table by name, so the pivot follows the
  table as it grows, or a sheet and range), lists every source column as a ``cacheField``
  with honest ``sharedItems`` flags, and lists the items of the two axis fields. It saves no
  records (``saveData="0"``) and asks to be refreshed when the workbook opens
  (``refreshOnLoad="1"``): Excel and LibreOffice recompute the pivot from the source;
- the **table definition** puts one field on rows, one on columns (some of its items may be
  hidden) and two data fields (sum of a value field, count of the column field), with
  ``pivotFields``, ``rowItems``, ``colItems`` and ``location`` consistent with each other and
  with the cache (Excel deletes a pivot whose parts disagree).

`build_crosstab` also renders the cells the pivot shows, so a reader that does not compute
pivots (pandas, calamine) sees the same figures.

Example:
    >>> src = PivotSource("Leads", "A1:C4", ["Rep", "Stage", "Amount"])
    >>> p = build_crosstab(src, rows=["Kim", "Lee", "Kim"], cols=["Won", "Won", "Lost"],
    ...                    values=[10.0, 5.0, 1.0], row_field=0, col_field=1, value_field=2,
    ...                    anchor=(3, 0), cache_id=1, hidden_cols={"Lost"})
    >>> p.ref, p.values[("Kim", "Won")], p.values[("Total", "Total")]
    ('A4:E9', (10.0, 1), (15.0, 2))
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from lxml import etree

from salesxl.core.cells import range_a1
from salesxl.io.parts.zipparts import to_bytes

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
NS_XM = "http://schemas.microsoft.com/office/excel/2006/main"
CT_CACHE = "application/vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheDefinition+xml"
CT_TABLE = "application/vnd.openxmlformats-officedocument.spreadsheetml.pivotTable+xml"
REL_CACHE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/pivotCacheDefinition"
REL_TABLE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/pivotTable"
TOTAL = "Total"
Cells = Sequence[Any] | np.ndarray
"""Raw cell values of one source column (a list, or a numpy object array)."""
NUMFMT_THOUSANDS = 3  # built-in "#,##0"


@dataclass(frozen=True)
class PivotSource:
    """Where the pivot reads from.

    Attributes:
        sheet: the source worksheet's name.
        ref: the source range with its header row, e.g. ``A1:AN101``.
        fields: the header of every column of ``ref``, in order (the cache field names).
        table: the Excel Table over ``ref``; when given the cache names the table, so a
            refresh picks up rows added to it.
        columns: the raw values of each column (same order as ``fields``, data rows only),
            for honest ``sharedItems`` flags; a column left out gets plain flags.
    """

    sheet: str
    ref: str
    fields: list[str]
    table: str | None = None
    columns: Mapping[int, Cells] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class PivotNames:
    """Captions the pivot shows (Excel re-renders them in its own language on refresh)."""

    amount: str = "Amount"
    count: str = "Deals"
    row_header: str = "Rep"
    col_header: str = "Stage"
    grand_total: str = "Grand Total"
    total_of: str = "Total {name}"
    blank: str = "(blank)"


@dataclass
class Pivot:
    """A built pivot: its two parts, where it sits and what it shows.

    Attributes:
        name: the PivotTable's name.
        cache_id: the ``cacheId`` the workbook part must list for the cache.
        cache_xml: the ``pivotCacheDefinition`` part.
        table_xml: the ``pivotTableDefinition`` part.
        ref: the location on the sheet, e.g. ``S4:AH9``.
        cells: (row, col) -> value of every cell the pivot shows (zero-based).
        values: (row item, col item) -> (sum, count), with `TOTAL` for the grand totals;
            items are the raw values as they appear in the source.
    """

    name: str
    cache_id: int
    cache_xml: bytes
    table_xml: bytes
    ref: str
    cells: dict[tuple[int, int], Any]
    values: dict[tuple[Hashable, Hashable], tuple[float | None, int]]
    first_data_row: int = 0  # zero-based sheet row of the first row item


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and v == "") or (isinstance(v, float) and v != v)


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)


def item_key(v: Any) -> Hashable:
    """How Excel tells pivot items apart: text ignoring case, blanks as one item."""
    if _blank(v):
        return ("blank",)
    if isinstance(v, str):
        return ("s", v.casefold())
    if isinstance(v, bool):
        return ("b", v)
    if _is_number(v):
        return ("n", float(v))
    if isinstance(v, dt.datetime | dt.date):
        return ("d", v.isoformat())
    return ("s", str(v).casefold())


def _objects(values: Cells) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = values if not isinstance(values, pd.Series) else values.to_numpy(dtype=object)
    return out


def item_codes(values: Cells) -> tuple[list[Any], np.ndarray]:
    """Distinct pivot items (first spelling, in order of appearance) and each value's item.

    Example:
        >>> items, codes = item_codes(["Kim", "kim", "", "Lee", None])
        >>> items, codes.tolist()
        (['Kim', None, 'Lee'], [0, 0, 1, 2, 1])
    """
    codes, uniques = pd.factorize(_objects(values), use_na_sentinel=False)
    items: list[Any] = []
    index: dict[Hashable, int] = {}
    fold = np.empty(len(uniques), dtype=np.int64)
    for i, v in enumerate(uniques):
        k = item_key(v)
        if k not in index:
            index[k] = len(items)
            items.append(None if _blank(v) else v)
        fold[i] = index[k]
    return items, fold[codes] if len(codes) else np.array([], dtype=np.int64)


def distinct(values: Cells) -> list[Any]:
    """Distinct pivot items in order of first appearance (first spelling wins)."""
    return item_codes(values)[0]


def _iso(v: dt.date) -> str:
    if isinstance(v, dt.datetime):
        return v.replace(microsecond=0).isoformat()
    return dt.datetime(v.year, v.month, v.day).isoformat()


def _num(v: float) -> str:
    return str(int(v)) if float(v).is_integer() and abs(v) < 1e15 else repr(float(v))


def _item_element(parent: etree._Element, v: Any) -> None:
    if v is None:
        etree.SubElement(parent, f"{{{NS}}}m")
    elif isinstance(v, bool):
        etree.SubElement(parent, f"{{{NS}}}b", v="1" if v else "0")
    elif _is_number(v):
        etree.SubElement(parent, f"{{{NS}}}n", v=_num(v))
    elif isinstance(v, dt.date):
        etree.SubElement(parent, f"{{{NS}}}d", v=_iso(v))
    else:
        etree.SubElement(parent, f"{{{NS}}}s", v=str(v))


def shared_items_attrs(values: Cells) -> dict[str, str]:
    """The ``sharedItems`` flags Excel writes for a column holding ``values``.

    Example:
        >>> shared_items_attrs([1.0, 2.5, None])
        {'containsString': '0', 'containsBlank': '1', 'containsNumber': '1', 'minValue': '1', 'maxValue': '2.5'}
        >>> shared_items_attrs(["a", "b"])
        {}
    """
    cells = _objects(values)
    if pd.api.types.infer_dtype(cells, skipna=True) == "string":  # text and blanks only
        blank = bool(pd.isna(cells).any()) or bool((cells == "").any())
        return {"containsBlank": "1"} if blank else {}
    has_str = has_blank = has_num = has_date = False
    all_int = True
    lo = hi = None
    dlo = dhi = None
    for v in pd.unique(cells):
        if _blank(v):
            has_blank = True
        elif _is_number(v):
            has_num = True
            all_int = all_int and float(v).is_integer()
            lo = v if lo is None or v < lo else lo
            hi = v if hi is None or v > hi else hi
        elif isinstance(v, dt.date) and not isinstance(v, bool):
            has_date = True
            d = _iso(v)
            dlo = d if dlo is None or d < dlo else dlo
            dhi = d if dhi is None or d > dhi else dhi
        else:
            has_str = True
    attrs: dict[str, str] = {}
    kinds = sum((has_str, has_num, has_date))
    if not has_str and (has_num or has_date):
        if not has_blank:
            attrs["containsSemiMixedTypes"] = "0"
        attrs["containsString"] = "0"
    if has_date and not has_num and not has_str:
        attrs["containsNonDate"] = "0"
    if has_date:
        attrs["containsDate"] = "1"
    if has_blank:
        attrs["containsBlank"] = "1"
    if kinds > 1:
        attrs["containsMixedTypes"] = "1"
    if has_num:
        attrs["containsNumber"] = "1"
        if all_int:
            attrs["containsInteger"] = "1"
        attrs["minValue"], attrs["maxValue"] = _num(lo or 0), _num(hi or 0)
    if has_date:
        attrs["minDate"], attrs["maxDate"] = dlo or "", dhi or ""
    return attrs


def _cache_xml(src: PivotSource, axis_items: dict[int, list[Any]]) -> bytes:
    root = etree.Element(f"{{{NS}}}pivotCacheDefinition", nsmap={None: NS, "r": NS_R})
    for k, v in (("saveData", "0"), ("refreshOnLoad", "1"), ("createdVersion", "8"),
                 ("refreshedVersion", "8"), ("minRefreshableVersion", "3")):
        root.set(k, v)
    source = etree.SubElement(root, f"{{{NS}}}cacheSource", type="worksheet")
    if src.table:
        etree.SubElement(source, f"{{{NS}}}worksheetSource", name=src.table)
    else:
        etree.SubElement(source, f"{{{NS}}}worksheetSource", ref=src.ref, sheet=src.sheet)
    fields = etree.SubElement(root, f"{{{NS}}}cacheFields", count=str(len(src.fields)))
    for i, name in enumerate(src.fields):
        values = src.columns.get(i, ())
        attrs = shared_items_attrs(values)
        num_fmt = "14" if attrs.get("containsDate") and "containsNonDate" in attrs else "0"
        cf = etree.SubElement(fields, f"{{{NS}}}cacheField", name=name, numFmtId=num_fmt)
        shared = etree.SubElement(cf, f"{{{NS}}}sharedItems")
        for k, v in attrs.items():
            shared.set(k, v)
        if i in axis_items:
            items = axis_items[i]
            shared.set("count", str(len(items)))
            for item in items:
                _item_element(shared, item)
    ext_list = etree.SubElement(root, f"{{{NS}}}extLst")
    ext = etree.SubElement(ext_list, f"{{{NS}}}ext", nsmap={"x14": NS_X14},
                           uri="{725AE2AE-9491-48be-B2B4-4EB974FC3084}")
    etree.SubElement(ext, f"{{{NS_X14}}}pivotCacheDefinition")
    return to_bytes(root)


def _x(parent: etree._Element, v: int) -> None:
    x = etree.SubElement(parent, f"{{{NS}}}x")
    if v:
        x.set("v", str(v))


@dataclass
class _Axis:
    shared: list[Any]  # cache order (first appearance)
    order: list[int]  # display order: shared indexes
    hidden: set[int]  # shared indexes that are hidden
    shown: list[int]  # display positions shown on the axis


def build_crosstab(
    src: PivotSource,
    *,
    rows: Cells,
    cols: Cells,
    values: Cells,
    row_field: int,
    col_field: int,
    value_field: int,
    anchor: tuple[int, int],
    cache_id: int,
    name: str = "salesxlPipeline",
    hidden_cols: set[Any] | None = None,
    col_sort: Callable[[Any], Any] | None = None,
    row_sort: Callable[[Any], Any] | None = None,
    names: PivotNames | None = None,
    style: str = "PivotStyleMedium2",
    counts: bool = True,
) -> Pivot:
    """A pivot with one row field, one column field, and the sum and count of a value field.

    Args:
        src: the source range and its column names.
        rows, cols, values: the raw cells of the row, column and value fields, one per
            source data row (as a reader returns them: text, floats, dates, ``''``/None).
        row_field, col_field, value_field: their positions in ``src.fields``.
        anchor: zero-based (row, col) of the pivot's top-left cell.
        cache_id: the cache's id in the workbook part (unique in the workbook).
        name: the PivotTable's name.
        hidden_cols: column items to hide (compared like Excel: text ignoring case; ``None``
            for the blank item).
        col_sort, row_sort: sort keys of items (default: Excel's ascending order, blank last).
        names: the captions shown.
        style: the PivotTable style.
        counts: also count the source rows in each cell (a second data field, so every
            column item gets two columns); False: the sum alone, one column per item.

    Returns:
        A `Pivot`. Its data field "count" counts the non-blank cells of the column field, i.e.
        the source rows in each cell of the crosstab.

    Raises:
        ValueError: the three sequences differ in length, or nothing would show (no row with
            a visible column item).
    """
    if not len(rows) == len(cols) == len(values):
        raise ValueError("rows, cols and values must have one cell per source row")
    names = names or PivotNames()
    hidden_keys = {item_key(v) for v in (hidden_cols or set())}
    r_items, r_codes = item_codes(rows)
    c_items, c_codes = item_codes(cols)
    r_axis = _axis(r_items, row_sort, set())
    c_axis = _axis(c_items, col_sort, hidden_keys)
    n_c = max(len(c_items), 1)
    numbers = np.fromiter((float(v) if _is_number(v) else np.nan for v in values),
                          dtype=np.float64, count=len(values))
    off = np.array(sorted(c_axis.hidden | {i for i, v in enumerate(c_items) if v is None}),
                   dtype=np.int64)
    visible = ~np.isin(c_codes, off)
    cell = r_codes * n_c + c_codes
    size = len(r_items) * n_c
    n_by_cell = np.bincount(cell[visible], minlength=size)
    summed = visible & ~np.isnan(numbers)
    s_by_cell = np.bincount(cell[summed], weights=numbers[summed], minlength=size)
    has_sum = np.bincount(cell[summed], minlength=size) > 0
    n_by = {divmod(int(k), n_c): int(n_by_cell[k]) for k in np.flatnonzero(n_by_cell)}
    sums = {divmod(int(k), n_c): float(s_by_cell[k]) for k in np.flatnonzero(has_sum)}
    shown_rows = [p for p, si in enumerate(r_axis.order) if any(
        (si, ci) in n_by for ci in c_axis.order)]
    shown_cols = [p for p, si in enumerate(c_axis.order) if si not in c_axis.hidden and any(
        (ri, si) in n_by for ri in r_axis.order)]
    if not shown_rows or not shown_cols:
        raise ValueError("the pivot would show nothing: no source row has a visible column item")
    r_axis.shown, c_axis.shown = shown_rows, shown_cols
    r0, c0 = anchor
    per_item = 2 if counts else 1
    header_rows = 3 if counts else 2
    n_rows = header_rows + len(shown_rows) + 1
    n_cols = 1 + per_item * (len(shown_cols) + 1)
    ref = range_a1(r0, c0, r0 + n_rows - 1, c0 + n_cols - 1)
    table = _table_xml(src, name, cache_id, ref, r_axis, c_axis, row_field, col_field,
                       value_field, names, style, counts)
    cells, totals = _render(anchor, r_axis, c_axis, sums, n_by, names, counts)
    cache = _cache_xml(src, {row_field: r_axis.shared, col_field: c_axis.shared})
    return Pivot(name, cache_id, cache, table, ref, cells, totals, r0 + header_rows)


def _default_sort(v: Any) -> tuple[int, Any]:
    if v is None:
        return (3, "")
    if _is_number(v):
        return (0, float(v))
    if isinstance(v, dt.date):
        return (1, _iso(v))
    return (2, str(v).casefold())


def _axis(shared: list[Any], sort: Callable[[Any], Any] | None,
          hidden_keys: set[Hashable]) -> _Axis:
    key = sort or _default_sort
    order = sorted(range(len(shared)), key=lambda i: key(shared[i]))
    hidden = {i for i, v in enumerate(shared) if item_key(v) in hidden_keys}
    return _Axis(shared, order, hidden, [])


def _table_xml(src: PivotSource, name: str, cache_id: int, ref: str, r_axis: _Axis,
               c_axis: _Axis, row_field: int, col_field: int, value_field: int,
               names: PivotNames, style: str, counts: bool = True) -> bytes:
    root = etree.Element(f"{{{NS}}}pivotTableDefinition", nsmap={None: NS})
    for k, v in (("name", name), ("cacheId", str(cache_id)), ("applyNumberFormats", "0"),
                 ("applyBorderFormats", "0"), ("applyFontFormats", "0"),
                 ("applyPatternFormats", "0"), ("applyAlignmentFormats", "0"),
                 ("applyWidthHeightFormats", "1"), ("dataCaption", "Values"),
                 ("updatedVersion", "8"), ("minRefreshableVersion", "3"),
                 ("useAutoFormatting", "1"), ("itemPrintTitles", "1"), ("createdVersion", "8"),
                 ("indent", "0"), ("outline", "1"), ("outlineData", "1"),
                 ("multipleFieldFilters", "0"), ("rowHeaderCaption", names.row_header),
                 ("colHeaderCaption", names.col_header)):
        root.set(k, v)
    etree.SubElement(root, f"{{{NS}}}location", ref=ref, firstHeaderRow="1",
                     firstDataRow="3" if counts else "2", firstDataCol="1")
    pfs = etree.SubElement(root, f"{{{NS}}}pivotFields", count=str(len(src.fields)))
    for i in range(len(src.fields)):
        pf = etree.SubElement(pfs, f"{{{NS}}}pivotField")
        axis = r_axis if i == row_field else c_axis if i == col_field else None
        if axis is not None:
            pf.set("axis", "axisRow" if i == row_field else "axisCol")
        if i == value_field or (counts and i == col_field):
            pf.set("dataField", "1")
        pf.set("showAll", "0")
        if axis is not None:
            items = etree.SubElement(pf, f"{{{NS}}}items", count=str(len(axis.order) + 1))
            for si in axis.order:
                item = etree.SubElement(items, f"{{{NS}}}item")
                if si in axis.hidden:
                    item.set("h", "1")
                item.set("x", str(si))
            etree.SubElement(items, f"{{{NS}}}item", t="default")
    row_fields = etree.SubElement(root, f"{{{NS}}}rowFields", count="1")
    etree.SubElement(row_fields, f"{{{NS}}}field", x=str(row_field))
    row_items = etree.SubElement(root, f"{{{NS}}}rowItems", count=str(len(r_axis.shown) + 1))
    for p in r_axis.shown:
        _x(etree.SubElement(row_items, f"{{{NS}}}i"), p)
    _x(etree.SubElement(row_items, f"{{{NS}}}i", t="grand"), 0)
    col_fields = etree.SubElement(root, f"{{{NS}}}colFields", count="2" if counts else "1")
    etree.SubElement(col_fields, f"{{{NS}}}field", x=str(col_field))
    if counts:
        etree.SubElement(col_fields, f"{{{NS}}}field", x="-2")
    per_item = 2 if counts else 1
    col_items = etree.SubElement(root, f"{{{NS}}}colItems",
                                 count=str(per_item * (len(c_axis.shown) + 1)))
    for p in c_axis.shown:
        first = etree.SubElement(col_items, f"{{{NS}}}i")
        _x(first, p)
        if counts:
            _x(first, 0)
            _x(etree.SubElement(col_items, f"{{{NS}}}i", r="1", i="1"), 1)
    _x(etree.SubElement(col_items, f"{{{NS}}}i", t="grand"), 0)
    if counts:
        _x(etree.SubElement(col_items, f"{{{NS}}}i", t="grand", i="1"), 0)
    data_fields = etree.SubElement(root, f"{{{NS}}}dataFields", count=str(per_item))
    etree.SubElement(data_fields, f"{{{NS}}}dataField", name=names.amount, fld=str(value_field),
                     baseField="0", baseItem="0", numFmtId=str(NUMFMT_THOUSANDS))
    if counts:
        etree.SubElement(data_fields, f"{{{NS}}}dataField", name=names.count,
                         fld=str(col_field), subtotal="count", baseField="0", baseItem="0")
    etree.SubElement(root, f"{{{NS}}}pivotTableStyleInfo", name=style, showRowHeaders="1",
                     showColHeaders="1", showRowStripes="0", showColStripes="0",
                     showLastColumn="1")
    ext_list = etree.SubElement(root, f"{{{NS}}}extLst")
    ext = etree.SubElement(ext_list, f"{{{NS}}}ext", nsmap={"x14": NS_X14},
                           uri="{962EF5D1-5CA2-4c93-8EF4-DBF5C05439D2}")
    etree.SubElement(ext, f"{{{NS_X14}}}pivotTableDefinition", nsmap={"xm": NS_XM},
                     hideValuesRow="1")
    return to_bytes(root)


def _label(v: Any, names: PivotNames) -> Any:
    return names.blank if v is None else v


def _render(anchor: tuple[int, int], r_axis: _Axis, c_axis: _Axis,
            sums: dict[tuple[int, int], float], counts: dict[tuple[int, int], int],
            names: PivotNames, with_counts: bool = True
            ) -> tuple[dict[tuple[int, int], Any],
                       dict[tuple[Hashable, Hashable], tuple[float | None, int]]]:
    r0, c0 = anchor
    per = 2 if with_counts else 1
    cells: dict[tuple[int, int], Any] = {(r0, c0 + 1): names.col_header,
                                         (r0 + per, c0): names.row_header}
    if not with_counts:
        cells[(r0, c0)] = names.amount
    totals: dict[tuple[Hashable, Hashable], tuple[float | None, int]] = {}
    cols = [c_axis.order[p] for p in c_axis.shown]
    rows = [r_axis.order[p] for p in r_axis.shown]
    for j, ci in enumerate(cols):
        c = c0 + 1 + per * j
        cells[(r0 + 1, c)] = _label(c_axis.shared[ci], names)
        if with_counts:
            cells[(r0 + 2, c)] = names.amount
            cells[(r0 + 2, c + 1)] = names.count
    last = c0 + 1 + per * len(cols)
    if with_counts:
        cells[(r0 + 1, last)] = names.total_of.format(name=names.amount)
        cells[(r0 + 1, last + 1)] = names.total_of.format(name=names.count)
    else:
        cells[(r0 + 1, last)] = names.grand_total

    def put(r: int, c: int, key: tuple[Hashable, Hashable], s: float | None, n: int) -> None:
        totals[key] = (s, n)
        if n:
            if with_counts:
                cells[(r, c + 1)] = n
            if s is not None:
                cells[(r, c)] = s

    col_sum: dict[int, float | None] = {ci: None for ci in cols}
    col_n = dict.fromkeys(cols, 0)
    grand_s: float | None = None
    grand_n = 0
    for i, ri in enumerate([*rows, None]):
        r = r0 + per + 1 + i
        if ri is None:
            cells[(r, c0)] = names.grand_total
            for j, ci in enumerate(cols):
                put(r, c0 + 1 + per * j, (TOTAL, c_axis.shared[ci]), col_sum[ci], col_n[ci])
            put(r, last, (TOTAL, TOTAL), grand_s, grand_n)
            continue
        row_key = r_axis.shared[ri]
        cells[(r, c0)] = _label(row_key, names)
        row_s: float | None = None
        row_n = 0
        for j, ci in enumerate(cols):
            n = counts.get((ri, ci), 0)
            s = sums.get((ri, ci))
            put(r, c0 + 1 + per * j, (row_key, c_axis.shared[ci]), s, n)
            row_n += n
            if s is not None:
                row_s = (row_s or 0.0) + s
                col_sum[ci] = (col_sum[ci] or 0.0) + s
            col_n[ci] += n
        put(r, last, (row_key, TOTAL), row_s, row_n)
        grand_n += row_n
        if row_s is not None:
            grand_s = (grand_s or 0.0) + row_s
    return cells, totals
