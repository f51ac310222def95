"""The preflight's byte scan of a worksheet against an lxml parse of the same XML.

The scan reads a sheet in 1 MB blocks with a handful of byte patterns and decides what the
fast reader may allocate (the last row, the widest column, the number of cells) and which
formula cells have no saved value. Here sheets of random cells — one-, two- and three-letter
columns, rows near Excel's last, formulas with and without values in every form a writer
uses — are written behind a long first cell that puts the block boundary among them, and the
scan's answers are compared with a plain tree walk over the XML (a second implementation).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from salesxl.core.cells import col_index, col_letter
from salesxl.io.parts.preflight import preflight

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
BLOCK = 1 << 20
BODIES = {
    "number": "<v>42</v>",
    "text": '<is><t>다음 주</t></is>',
    "formula": "<f>A1*2</f><v>84</v>",
    "formula, no value": "<f>A1*2</f>",
    "formula, empty value": "<f>A1*2</f><v></v>",
    "formula, value closed": "<f>A1*2</f><v/>",
    "shared formula, no value": '<f t="shared" si="0"/>',
    "empty": None,
}


def _sheet(pad: int, cells: list[tuple[int, int, str]]) -> bytes:
    rows: dict[int, list[str]] = {}
    rows.setdefault(1, []).append(f'<c r="A1" t="inlineStr"><is><t>{"가" * pad}</t></is></c>')
    for r, c, kind in sorted(set(cells)):
        if (r, c) == (1, 0):
            continue
        ref = f"{col_letter(c)}{r}"
        body = BODIES[kind]
        t = ' t="inlineStr"' if kind == "text" else ""
        rows.setdefault(r, []).append(f'<c r="{ref}"{t}/>' if body is None else
                                      f'<c r="{ref}"{t}>{body}</c>')
    xml = "".join(f'<row r="{r}">{"".join(rows[r])}</row>' for r in sorted(rows))
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{NS}">'
            f"<sheetData>{xml}</sheetData></worksheet>").encode()


def _book(path: Path, sheet: bytes) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


def _walk(sheet: bytes) -> tuple[int, int, int, list[str]]:
    """(last row, widest column (1-based), cells, formula cells without a value) by lxml."""
    root = etree.fromstring(sheet, etree.XMLParser(huge_tree=True))
    last = width = count = 0
    unvalued = []
    for row in root.iter(f"{{{NS}}}row"):
        last = max(last, int(row.get("r")))
        for c in row.iter(f"{{{NS}}}c"):
            count += 1
            ref = c.get("r")
            letters = ref.rstrip("0123456789")
            width = max(width, col_index(letters) + 1)
            last = max(last, int(ref[len(letters):]))
            f, v = c.find(f"{{{NS}}}f"), c.find(f"{{{NS}}}v")
            if f is not None and (v is None or not (v.text or "").strip()):
                unvalued.append(ref)
    return last, width, count, unvalued


CELLS = st.lists(st.tuples(
    st.one_of(st.integers(1, 60), st.integers(999_990, 1_048_576)),
    st.one_of(st.integers(0, 40), st.integers(690, 720)),
    st.sampled_from(sorted(BODIES))), max_size=80)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(pad=st.integers(BLOCK // 3 - 700, BLOCK // 3 + 20), cells=CELLS)
def test_the_scan_finds_what_a_tree_walk_finds(tmp_path: Path, pad: int,
                                                cells: list[tuple[int, int, str]]) -> None:
    # a Korean character is 3 bytes: the first cell ends just before or after the first block
    sheet = _sheet(pad, cells)
    path = _book(tmp_path / "s.xlsx", sheet)
    with zipfile.ZipFile(path) as zf:
        ext = preflight(path, zf).sheets["xl/worksheets/sheet1.xml"]
    last, width, count, unvalued = _walk(sheet)
    assert (ext.max_row, ext.max_col, ext.cells) == (last, width, count)
    assert ext.formulas_without_value == unvalued
    assert ext.formulas_without_value_count == len(unvalued)


def test_a_formula_cut_by_the_block_boundary_is_still_seen(tmp_path: Path) -> None:
    # the block ends inside the formula cell's </f></c>, for every cut position around it
    for shift in range(-12, 12):
        head = _sheet(0, [])
        cell = '<c r="B2"><f>A1*2</f></c>'
        filler = BLOCK - len(head) - len('<row r="2"><c r="A2" t="inlineStr"><is><t></t></is>'
                                         '</c>') + shift
        body = (f'<row r="2"><c r="A2" t="inlineStr"><is><t>{"x" * filler}</t></is></c>{cell}'
                f"</row>")
        sheet = head.replace(b"</sheetData>", body.encode() + b"</sheetData>")
        path = _book(tmp_path / f"cut{shift}.xlsx", sheet)
        with zipfile.ZipFile(path) as zf:
            ext = preflight(path, zf).sheets["xl/worksheets/sheet1.xml"]
        assert ext.formulas_without_value == ["B2"], shift
