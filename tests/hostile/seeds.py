"""Seed workbooks with known leads: the values every data check compares against.

The five leads below were written by hand for these tests; nothing here asks salesxl what they
should look like. `mini` is a Leads sheet written with XlsxWriter (shared strings, a date
format); `team-en` / `team-ko` are salesxl's own ready workbooks (`workbooks/`) with the same
leads put into their Leads table by editing the sheet XML, so every other part (Config, tables,
comments, styles, theme) stays as salesxl wrote it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import xlsxwriter

from salesxl.core.schema import LEADS

from .zipkit import Member, build_zip, read_members

REPO = Path(__file__).resolve().parents[2]
TEMPLATES = {"en": REPO / "workbooks" / "salesxl-team-en.xlsx",
             "ko": REPO / "workbooks" / "salesxl-team-ko.xlsx"}
CREATED = dt.datetime(2026, 12, 7)

# field -> (English header, Korean header); the labels of salesxl's team workbooks
COLUMNS = {
    "lead_id": ("Lead ID", "리드 ID"),
    "created_on": ("Created on", "등록일"),
    "rep": ("Rep", "담당자"),
    "company": ("Company", "회사명"),
    "contact_name": ("Contact", "담당자명"),
    "email": ("E-mail", "이메일"),
    "phone": ("Phone", "전화번호"),
    "source": ("Source", "유입 경로"),
    "budget_amount": ("Budget", "예산 금액"),
    "stage": ("Stage", "단계"),
    "notes": ("Notes", "메모"),
}
FIELDS = list(COLUMNS)

_EN = [
    ("HX-0001", "2026-10-01", "Minji Park", "Hanbit Precision", "Lee Jiwoo",
     "jiwoo.lee@hanbit.example", "010-4370-1120", "Referral", 50_000_000, "Prospecting",
     "Met at the Busan fair"),
    ("HX-0002", "2026-10-15", "Minji Park", "Daehan Logistics", "Choi Seoyeon",
     "seoyeon@daehan-logis.example", "010-9182-3374", "Website", 120_000_000, "Qualification",
     "Wants a demo in January"),
    ("HX-0003", "2026-11-02", "Junho Kim", "Seoul Bio Labs", "Park Minseo",
     "minseo.park@seoulbio.example", "02-555-0143", "Trade show", 8_000_000,
     "Needs assessment", "Budget needs board approval"),
    ("HX-0004", "2026-11-20", "Junho Kim", "Nara Foods", "Jung Hayun",
     "hayun@narafoods.example", "031-772-9045", "Cold call", 30_000_000, "Prospecting",
     "Call back after the audit"),
    ("HX-0005", "2026-12-01", "Minji Park", "Ilsan Motors", "Kang Dohyun",
     "dohyun.kang@ilsanmotors.example", "010-2468-1357", "Website", 75_000_000, "Proposal",
     "Second proposal sent"),
]
_KO_TEXT = {  # the same leads as a Korean rep would type them
    "Minji Park": "박민지", "Junho Kim": "김준호",
    "Hanbit Precision": "주식회사 한빛정밀", "Daehan Logistics": "(주)대한물류",
    "Seoul Bio Labs": "서울바이오랩", "Nara Foods": "나라식품", "Ilsan Motors": "일산모터스",
    "Lee Jiwoo": "이지우", "Choi Seoyeon": "최서연", "Park Minseo": "박민서",
    "Jung Hayun": "정하윤", "Kang Dohyun": "강도현",
    "Referral": "소개", "Website": "홈페이지", "Trade show": "전시회", "Cold call": "콜드콜",
    "Prospecting": "리드 발굴", "Qualification": "리드 자격 확인",
    "Needs assessment": "요구사항 평가", "Proposal": "제안 및 이의 처리",
    "Met at the Busan fair": "부산 박람회에서 만남", "Wants a demo in January": "1월 시연 희망",
    "Budget needs board approval": "예산은 이사회 승인 필요",
    "Call back after the audit": "감사 후 다시 연락", "Second proposal sent": "두 번째 제안서 발송",
}


def leads(lang: str = "en", prefix: str = "HX") -> list[dict]:
    """The five seed leads; `prefix` makes a second, distinct set (e.g. a batch companion)."""
    rows = []
    for values in _EN:
        row = dict(zip(FIELDS, values, strict=True))
        if lang == "ko":
            row = {k: _KO_TEXT.get(v, v) if isinstance(v, str) else v for k, v in row.items()}
        row["lead_id"] = row["lead_id"].replace("HX", prefix)
        if prefix != "HX":  # distinct phones and e-mails so nothing merges with the HX leads
            row["phone"] = row["phone"][:-4] + str(9999 - int(row["phone"][-4:])).zfill(4)
            row["email"] = prefix.lower() + "." + row["email"]
        rows.append(row)
    return rows


def expected(rows: list[dict], fields: tuple[str, ...] = ("lead_id", "created_on", "company",
             "contact_name", "email", "phone", "budget_amount")) -> list[dict]:
    """What `salesxl export --format csv` must give for these leads (canonical keys)."""
    return [{f: r[f] for f in fields} for r in rows]


def header(lang: str) -> list[str]:
    return [COLUMNS[f][0 if lang == "en" else 1] for f in FIELDS]


def _date(value: str) -> dt.datetime:
    return dt.datetime.strptime(value, "%Y-%m-%d")


def serial(value: str) -> int:
    """Excel's 1900 date serial of an ISO date."""
    return (dt.date.fromisoformat(value) - dt.date(1899, 12, 30)).days


def normalise(data: bytes) -> bytes:
    """Re-pack a zip with fixed time stamps, and fixed document dates (openpyxl writes the
    current time into docProps/core.xml)."""
    members = read_members(io.BytesIO(data))
    for m in members:
        if m.name == "docProps/core.xml":
            m.data = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*",
                            rb"\g<1>2026-12-07T00:00:00Z", m.data)
    return build_zip(members)


def xlsx_bytes(rows: list[dict], *, lang: str = "en", top: list[list] | None = None,
               before: list[tuple[str, list[list]]] | None = None,
               after: list[tuple[str, list[list]]] | None = None,
               sheet: str | None = None, raw_strings: bool = True) -> bytes:
    """A workbook whose lead sheet holds `rows` under the header, below the `top` rows.

    `before`/`after` are extra sheets (name, rows of values) around the lead sheet."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": not raw_strings,
                                   "strings_to_numbers": False, "strings_to_urls": False})
    wb.set_properties({"created": CREATED, "author": "salesxl hostile tests"})
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    money = wb.add_format({"num_format": "#,##0"})

    def plain(name: str, values: list[list]) -> None:
        ws = wb.add_worksheet(name)
        for r, row in enumerate(values):
            for c, v in enumerate(row):
                if isinstance(v, dt.date):
                    ws.write_datetime(r, c, dt.datetime.combine(v, dt.time()), date_fmt)
                elif isinstance(v, str):
                    ws.write_string(r, c, v)
                elif v is not None:
                    ws.write_number(r, c, v)

    for name, values in before or []:
        plain(name, values)
    ws = wb.add_worksheet(sheet or ("Leads" if lang == "en" else "리드"))
    top = top or []
    for r, row in enumerate(top):
        for c, v in enumerate(row):
            if v is not None:
                ws.write_string(r, c, str(v))
    h = len(top)
    ws.write_row(h, 0, header(lang))
    for i, row in enumerate(rows, start=h + 1):
        for c, f in enumerate(FIELDS):
            v = row.get(f)
            if v is None or v == "":
                continue
            if f == "created_on":
                ws.write_datetime(i, c, _date(v), date_fmt)
            elif isinstance(v, int | float):
                ws.write_number(i, c, v, money)
            else:
                ws.write_string(i, c, v)
    ws.set_column(0, len(FIELDS) - 1, 16)
    for name, values in after or []:
        plain(name, values)
    wb.close()
    return normalise(buf.getvalue())


NOTES_SHEET = ("Notes", [["Team notes"], ["Quarter", "Q4 2026"], ["Owner", "Minji Park"]])


def mini(lang: str = "en", prefix: str = "HX") -> bytes:
    """The small seed: a Leads sheet with the five leads and a Notes sheet."""
    return xlsx_bytes(leads(lang, prefix), lang=lang, after=[NOTES_SHEET])


# --- salesxl's own team workbooks with the leads put in ---------------------------------------

def _col(ref: str) -> str:
    return re.match(r"[A-Z]+", ref).group(0)


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _leads_member(by_name: dict, lang: str) -> str:
    """The zip member of the template's Leads sheet (not the first sheet: Start here is)."""
    name = LEADS.label(lang)
    book = by_name["xl/workbook.xml"].data.decode()
    rid = re.search(rf'<sheet [^>]*name="{re.escape(name)}"[^>]*r:id="([^"]+)"', book).group(1)
    rels = by_name["xl/_rels/workbook.xml.rels"].data.decode()
    target = re.search(rf'<Relationship [^>]*Id="{rid}"[^>]*Target="([^"]+)"', rels)
    if target is None:
        target = re.search(rf'<Relationship [^>]*Target="([^"]+)"[^>]*Id="{rid}"', rels)
    return "xl/" + target.group(1).lstrip("/").removeprefix("xl/")


def team(lang: str) -> bytes:
    """salesxl's ready workbook (`workbooks/salesxl-team-<lang>.xlsx`) with the five leads."""
    members = read_members(TEMPLATES[lang])
    by_name = {m.name: m for m in members}
    leads_part = _leads_member(by_name, lang)
    sheet = by_name[leads_part].data.decode()
    sst_m = by_name["xl/sharedStrings.xml"]
    sst = sst_m.data.decode()
    strings = [re.sub(r"<[^>]+>", "", s) for s in re.findall(r"<si>(.*?)</si>", sst, re.S)]
    # header row: column letters of each label
    row1 = re.search(r'<row r="1"[^>]*>(.*?)</row>', sheet, re.S).group(1)
    label_col = {}
    for ref, idx in re.findall(r'<c r="([A-Z]+)1"[^>]*t="s"[^>]*><v>(\d+)</v></c>', row1):
        label_col[strings[int(idx)]] = ref
    col_style = {}
    for lo, hi, style in re.findall(r'<col min="(\d+)" max="(\d+)"[^>]*style="(\d+)"', sheet):
        for n in range(int(lo), int(hi) + 1):
            col_style[n] = style
    rows = leads(lang)
    new_strings: list[str] = []
    xml_rows = []
    for r, lead in enumerate(rows, start=2):
        cells = []
        for f in FIELDS:
            letters = label_col[LEADS.column(f).label(lang)]  # the template's own header
            v = lead[f]
            ref = f"{letters}{r}"
            s = col_style.get(_col_index(letters))
            sattr = f' s="{s}"' if s else ""
            if f == "created_on":
                cells.append((letters, f'<c r="{ref}"{sattr}><v>{serial(v)}</v></c>'))
            elif isinstance(v, int | float):
                cells.append((letters, f'<c r="{ref}"{sattr}><v>{v}</v></c>'))
            else:
                new_strings.append(v)
                idx = len(strings) + len(new_strings) - 1
                cells.append((letters, f'<c r="{ref}"{sattr} t="s"><v>{idx}</v></c>'))
        cells.sort(key=lambda c: _col_index(c[0]))
        xml_rows.append(f'<row r="{r}">' + "".join(c for _, c in cells) + "</row>")
    last = 1 + len(rows)
    sheet = re.sub(r'<row r="2"[^>]*>.*?</row>', "".join(xml_rows), sheet, count=1, flags=re.S)
    sheet = re.sub(r'<dimension ref="A1:([A-Z]+)2"/>', rf'<dimension ref="A1:\g<1>{last}"/>',
                   sheet)
    count = int(re.search(r'count="(\d+)"', sst).group(1)) + len(new_strings)
    unique = int(re.search(r'uniqueCount="(\d+)"', sst).group(1)) + len(new_strings)
    sst = re.sub(r'count="\d+" uniqueCount="\d+"', f'count="{count}" uniqueCount="{unique}"', sst,
                 count=1)
    sst = sst.replace("</sst>", "".join(f"<si><t>{escape(s)}</t></si>" for s in new_strings)
                      + "</sst>")
    out = []
    for m in members:
        data = m.data
        if m.name == leads_part:
            data = sheet.encode()
        elif m.name == "xl/sharedStrings.xml":
            data = sst.encode()
        elif m.name.startswith("xl/tables/") and b'name="tblLeads"' in data:
            data = re.sub(rb'"A1:([A-Z]+)2"', rb'"A1:\g<1>' + str(last).encode() + b'"', data)
        out.append(m.with_data(data))
    return build_zip(out)


# --- other formats ------------------------------------------------------------------------------

def xls_bytes(rows: list[dict], lang: str = "en", top_blank: int = 0) -> bytes:
    """The leads as an Excel 97-2003 .xls (xlwt)."""
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("Leads" if lang == "en" else "리드")
    date_style = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    for c, label in enumerate(header(lang)):
        ws.write(top_blank, c, label)
    for r, lead in enumerate(rows, start=top_blank + 1):
        for c, f in enumerate(FIELDS):
            v = lead[f]
            if f == "created_on":
                ws.write(r, c, _date(v), date_style)
            else:
                ws.write(r, c, v)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def ods_bytes(rows: list[dict], lang: str = "en") -> bytes:
    """The leads as an OpenDocument spreadsheet."""
    return build_zip(ods_members(rows, lang))


ODS_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
          'xmlns:number="urn:oasis:names:tc:datastyle:xmlns:datastyle:1.0" '
          'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
          'office:version="1.2"')


def ods_members(rows: list[dict], lang: str = "en") -> list[Member]:
    """The members of an .ods holding the leads (written by hand: odfpy's namespace
    declarations depend on what else the process imported, which breaks determinism)."""
    def cell(value: object, date: bool = False) -> str:
        text = escape(str(value))
        if date:
            return (f'<table:table-cell office:value-type="date" office:date-value="{value}">'
                    f"<text:p>{text}</text:p></table:table-cell>")
        if isinstance(value, int | float):
            return (f'<table:table-cell office:value-type="float" office:value="{value}">'
                    f"<text:p>{text}</text:p></table:table-cell>")
        return (f'<table:table-cell office:value-type="string"><text:p>{text}</text:p>'
                "</table:table-cell>")

    body = ["<table:table-row>" + "".join(cell(h) for h in header(lang)) + "</table:table-row>"]
    for lead in rows:
        body.append("<table:table-row>" + "".join(cell(lead[f], f == "created_on")
                                                 for f in FIELDS) + "</table:table-row>")
    name = "Leads" if lang == "en" else "리드"
    content = (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {ODS_NS}>'
               f'<office:body><office:spreadsheet><table:table table:name="{name}">'
               + "".join(body) + "</table:table></office:spreadsheet></office:body>"
               "</office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest xmlns:manifest='
                '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type='
                '"application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type='
                '"text/xml"/></manifest:manifest>')
    return [Member("mimetype", b"application/vnd.oasis.opendocument.spreadsheet",
                   method=zipfile.ZIP_STORED),
            Member("content.xml", content.encode()),
            Member("META-INF/manifest.xml", manifest.encode())]


def csv_bytes(rows: list[dict], lang: str = "en", encoding: str = "utf-8",
              big_field: int = 0) -> bytes:
    """The leads as a CSV; `big_field` > 0 makes the first lead's notes that many bytes long."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header(lang))
    for i, lead in enumerate(rows):
        values = [lead[f] for f in FIELDS]
        if big_field and i == 0:
            values[FIELDS.index("notes")] = ("Long notes. " * (big_field // 12 + 1))[:big_field]
        w.writerow(values)
    return buf.getvalue().encode(encoding)
