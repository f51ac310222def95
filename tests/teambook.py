"""Real team workbooks filled in as a rep does in Excel, for tests that drive salesxl from outside.

`new_book` is `salesxl.init` (the real template); `fill` types rows into its Excel Tables with
openpyxl (a different writer than salesxl's own), growing each table over the new rows and
filling the Leads' calculated Weighted amount column as Excel does. Headers and sheet names
are the words a rep sees, typed here by hand, so these helpers do not lean on salesxl's
schema code. `cells` and `row_values` read a written file back with openpyxl.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import warnings
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter

import salesxl

# sheet names and headers as a rep sees them: key -> (English, Korean); the Korean words are
# those of the glossary (shared/TERMS-ko.md)
SHEETS = {"leads": ("Leads", "리드"), "activities": ("Activities", "활동 내역"),
          "objections": ("Objections", "반론 기록"), "history": ("Stage history", "단계 변경 이력"),
          "config": ("Config", "설정"), "summary": ("Summary", "요약")}
TABLES = {"leads": "tblLeads", "activities": "tblActivities", "objections": "tblObjections",
          "history": "tblHistory"}
HEADERS: dict[str, dict[str, tuple[str, str]]] = {
    "leads": {
        "lead_id": ("Lead ID", "리드 번호"), "created_on": ("Created on", "등록일"),
        "rep": ("Rep", "영업 담당"), "company": ("Company", "고객사명"),
        "tier": ("Tier", "고객 등급"), "budget_amount": ("Budget", "예산"),
        "contact_name": ("Contact", "고객 담당자"), "email": ("E-mail", "이메일"),
        "phone": ("Phone", "전화번호"), "referred_by": ("Referred by", "추천인"),
        "customer_id": ("Customer ID", "고객사 번호"),
        "budget_confirmed": ("Budget confirmed", "예산 확보 여부"),
        "is_decision_maker": ("Is decision maker", "결정권자 여부"),
        "decision_maker": ("Decision maker", "의사결정권자"), "need": ("Need", "니즈"),
        "need_level": ("Need level", "니즈 수준"),
        "decision_date": ("Decision date", "의사결정 예정일"),
        "stage": ("Stage", "영업 단계"), "stage_updated_on": ("Stage updated", "단계 변경일"),
        "outcome": ("Outcome", "영업 결과"), "lost_reason": ("Lost reason", "실주 사유"),
        "resume_on": ("Resume on", "재개 예정일"), "deal_amount": ("Deal amount", "예상 금액"),
        "probability": ("Probability", "수주 확률"),
        "weighted_amount": ("Weighted amount", "가중 금액"),
        "expected_close_on": ("Expected close", "수주 예정일"),
        "last_contact_on": ("Last contact", "최근 접촉일"),
        "next_follow_up_on": ("Next follow-up", "다음 후속 연락일"),
        "follow_up_channel": ("Follow-up channel", "연락 방법"),
        "follow_up_status": ("Follow-up status", "후속 연락 상태"),
        "bant_status": ("BANT status", "BANT 검증 상태"),
    },
    "activities": {"lead_id": ("Lead ID", "리드 번호"), "date": ("Date", "일자"),
                   "type": ("Type", "활동 유형")},
    "objections": {"lead_id": ("Lead ID", "리드 번호"), "category": ("Category", "반론 유형"),
                   "resolved": ("Resolved", "해결 여부")},
    "history": {"lead_id": ("Lead ID", "리드 번호"), "from_stage": ("From stage", "이전 단계"),
                "to_stage": ("To stage", "변경 단계"), "changed_at": ("Changed at", "변경 일시"),
                "changed_by": ("Changed by", "변경자"), "forced": ("Forced", "강제 여부"),
                "reason": ("Reason", "사유")},
}
CONFIG_TITLES = {"settings": ("Settings", "기본 설정"), "pipeline": ("Pipeline", "파이프라인"),
                 "tiers": ("Tiers", "고객 등급"), "holidays": ("Extra holidays", "추가 휴일")}
_CELL_REF = re.compile(r"(?<![A-Za-z_$])([A-Z]{1,3})2(?![0-9])")


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """openpyxl's warnings these tests know about: it drops the template's data-bar
    extension, and it cannot show an amount that a wrong format marks as a date."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*extension is not supported",
                                category=UserWarning)
        # a ₩ amount under a date format (see test_summary_amounts_show_as_amounts_...)
        warnings.filterwarnings("ignore", message=".*is marked as a date but the serial value",
                                category=UserWarning)
        yield


def word(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "ko" else pair[0]


def sheet(table: str, lang: str) -> str:
    return word(SHEETS[table], lang)


_TEMPLATES: dict[str, bytes] = {}


def new_book(path: Path, lang: str = "en") -> Path:
    """A new team workbook from `salesxl.init` (the real template, every sheet in it).

    `salesxl.init` runs once per language and test process; later books are its bytes
    (except under mutation testing, where each mutant must write its own template)."""
    if lang not in _TEMPLATES or os.environ.get("MUTANT_UNDER_TEST"):
        salesxl.init(path, lang=lang)
        _TEMPLATES[lang] = path.read_bytes()
    else:
        path.write_bytes(_TEMPLATES[lang])
    return path


def header_columns(ws: Any) -> dict[str, int]:
    """Header text of row 1 -> 1-based column."""
    return {str(c.value): c.column for c in ws[1] if c.value is not None}


def _as_cell(value: Any) -> Any:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day)
    return value


def fill(path: Path, tables: Mapping[str, Sequence[Mapping[str, Any]]], lang: str = "en",
         config: Mapping[tuple[str, int | str, str], Any] | None = None) -> Path:
    """Type rows into the tables of a team workbook (below its header) and save it.

    Args:
        path: a workbook made by `new_book`.
        tables: table key -> rows, each row a dict of column key (see `HEADERS`) -> the value
            as a rep types it (a number, a text such as "75 %", a date); None leaves the cell
            empty.
        lang: the workbook's language (its sheet names and headers).
        config: Config sheet edits: (section, row, header text) -> value, where the row is
            the section's data row index (0 = first) or the text of the row's first cell.
    """
    with quiet():
        wb = openpyxl.load_workbook(path)
        for key, rows in tables.items():
            ws = wb[sheet(key, lang)]
            cols = header_columns(ws)
            formula = None
            if key == "leads":
                wcol = cols[word(HEADERS["leads"]["weighted_amount"], lang)]
                formula = ws.cell(2, wcol).value  # the calculated column's row-2 formula
            for r, row in enumerate(rows, start=2):
                for k, value in row.items():
                    if value is not None:
                        ws.cell(r, cols[word(HEADERS[key][k], lang)], _as_cell(value))
                if formula:
                    ws.cell(r, wcol, _CELL_REF.sub(lambda m, r=r: f"{m.group(1)}{r}", formula))
            table = ws.tables[TABLES[key]]
            last = max(len(rows) + 1, 2)
            table.ref = f"A1:{get_column_letter(ws.max_column)}{last}"
            if table.autoFilter is not None:
                table.autoFilter.ref = table.ref
        for (section, which, header), value in (config or {}).items():
            ws = wb[sheet("config", lang)]
            header_row, cols, rows = config_section(ws, section, lang)
            if isinstance(which, str):
                row = next(r for r in rows if ws.cell(r, 1).value == which)
            else:
                row = header_row + 1 + which
            ws.cell(row, cols[header], _as_cell(value))
            _grow_config_table(ws, header_row, row)
        wb.save(path)
    return path


def config_section(ws: Any, section: str, lang: str) -> tuple[int, dict[str, int], list[int]]:
    """(header row, header text -> column, data rows) of a Config sheet section (1-based)."""
    title = word(CONFIG_TITLES[section], lang)
    for row in ws.iter_rows(min_col=1, max_col=1):
        if row[0].value == title:
            header_row = row[0].row + 1
            break
    else:
        raise KeyError(title)
    cols = {str(c.value): c.column for c in ws[header_row] if c.value is not None}
    rows = []
    r = header_row + 1
    while any(ws.cell(r, c).value is not None for c in cols.values()):
        rows.append(r)
        r += 1
    return header_row, cols, rows


def config_row(path: Path, section: str, first: str, lang: str = "en") -> int:
    """1-based row of the Config section row whose first cell is `first`."""
    ws = load(path)[sheet("config", lang)]
    _, _, rows = config_section(ws, section, lang)
    for r in rows:
        if ws.cell(r, 1).value == first:
            return r
    raise KeyError(first)


def _grow_config_table(ws: Any, header_row: int, row: int) -> None:
    for table in ws.tables.values():
        first, last = table.ref.split(":")
        top = int(re.sub(r"[A-Z]", "", first))
        bottom = int(re.sub(r"[A-Z]", "", last))
        if top == header_row and row > bottom:
            table.ref = f"{first}:{re.sub(r'[0-9]', '', last)}{row}"


def load(path: Path, data_only: bool = False) -> Any:
    with quiet():
        return openpyxl.load_workbook(path, data_only=data_only)


def row_values(path: Path, table: str, lang: str = "en") -> list[dict[str, Any]]:
    """Every data row of a table sheet as header text -> value (dates as dates)."""
    ws = load(path)[sheet(table, lang)]
    cols = header_columns(ws)
    out = []
    for r in range(2, ws.max_row + 1):
        row = {h: _plain(ws.cell(r, c).value) for h, c in cols.items()}
        if any(v is not None for v in row.values()):
            out.append(row)
    return out


def lead_cells(path: Path, lead_row: int, keys: Sequence[str], lang: str = "en") -> list[Any]:
    """The cells of Leads columns `keys` on a 1-based worksheet row."""
    return lead_grid(path, [lead_row], keys, lang)[lead_row]


def lead_grid(path: Path, rows: Sequence[int], keys: Sequence[str],
              lang: str = "en") -> dict[int, list[Any]]:
    """1-based worksheet row -> the cells of Leads columns `keys` on it (one read)."""
    ws = load(path)[sheet("leads", lang)]
    cols = header_columns(ws)
    return {r: [_plain(ws.cell(r, cols[word(HEADERS["leads"][k], lang)]).value) for k in keys]
            for r in rows}


def lead_cell_ref(path: Path, lead_row: int, key: str, lang: str = "en") -> str:
    """A1 reference of a Leads column on a 1-based worksheet row, e.g. 'AB3'."""
    ws = load(path)[sheet("leads", lang)]
    col = header_columns(ws)[word(HEADERS["leads"][key], lang)]
    return f"{get_column_letter(col)}{lead_row}"


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date()
    return value


def parts(path: Path) -> dict[str, bytes]:
    """Every zip member of a workbook, for byte-level comparisons."""
    with zipfile.ZipFile(path) as zf:
        return {i.filename: zf.read(i.filename) for i in zf.infolist()}


_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def raw_rows(path: Path, name: str) -> list[list[Any]]:
    """A sheet's stored values, read from its XML: numbers as numbers whatever their format
    says (openpyxl and calamine turn a number under a date format into a date), text as text.
    Rows and columns from A1; an empty cell is None."""
    import posixpath
    import xml.etree.ElementTree as ET

    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    with zipfile.ZipFile(path) as zf:
        book = ET.fromstring(zf.read("xl/workbook.xml"))
        rels = ET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels}
        rid = next(s.get(f"{_REL_NS}id") for s in book.iter(f"{_NS}sheet")
                   if s.get("name") == name)
        target = targets[rid].lstrip("/")
        member = target if target.startswith("xl/") else posixpath.join("xl", target)
        strings = []
        if "xl/sharedStrings.xml" in zf.namelist():
            for si in ET.fromstring(zf.read("xl/sharedStrings.xml")).iter(f"{_NS}si"):
                strings.append("".join(t.text or "" for t in si.iter(f"{_NS}t")))
        sheet_xml = ET.fromstring(zf.read(member))
    cells: dict[tuple[int, int], Any] = {}
    for c in sheet_xml.iter(f"{_NS}c"):
        letters, row = coordinate_from_string(c.get("r"))
        kind, v = c.get("t"), c.find(f"{_NS}v")
        if kind == "inlineStr":
            value: Any = "".join(t.text or "" for t in c.iter(f"{_NS}t"))
        elif v is None:
            continue
        elif kind == "s":
            value = strings[int(v.text or 0)]
        elif kind in ("str", "e"):
            value = v.text
        elif kind == "b":
            value = v.text == "1"
        else:
            value = float(v.text or 0)
            value = int(value) if value.is_integer() else value
        cells[(row - 1, column_index_from_string(letters) - 1)] = value
    n_rows = max((r for r, _ in cells), default=-1) + 1
    n_cols = max((c for _, c in cells), default=-1) + 1
    return [[cells.get((r, c)) for c in range(n_cols)] for r in range(n_rows)]


def whole_and_streamed(base: Path, folder: Path, edit: Callable[[Any], None] | None = None
                       ) -> tuple[Path, Path]:
    """The team workbook `base` twice, each with a sheet "Memo" added: one the fast reader
    reads whole, and one with a number in XFD1048576 on that sheet, which sends every sheet
    to the streaming reader (a sheet too large for the fast reader's cell budget). `edit`
    changes both the same way first (an openpyxl workbook)."""
    out = []
    for name, far in (("whole.xlsx", False), ("streamed.xlsx", True)):
        with quiet():
            wb = openpyxl.load_workbook(base)
            if edit is not None:
                edit(wb)
            ws = wb.create_sheet("Memo")
            ws["A1"] = "memo"
            if far:
                ws["XFD1048576"] = 1
            wb.save(folder / name)
        out.append(folder / name)
    return out[0], out[1]
