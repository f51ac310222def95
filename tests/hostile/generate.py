"""Generate damaged, hostile and odd spreadsheet files, each with the answer salesxl owes it.

    python tests/hostile/generate.py OUT [--big] [--families a,b] [--list]

writes OUT/cases/<case>/<files> and OUT/manifest.json. Each case names its input file, its
family, what a correct answer is (`expect`: `ok` = exit 0 with the right data, `refuse` = exit 3
with one clear sentence, `ok_or_refuse` = either) -- per command where they differ -- whether the
file is known to be damaged (then exit 0 with wrong data is *silent* corruption), and the data
checks (`check`) worked out from the seed leads in `seeds.py`, never from salesxl's output.

Everything is deterministic: the same code gives the same files (seed 15, the issue number),
except the password-protected workbook, whose encryption salt is random. The 40 MB CSV field is
made only with --big.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import random
import re
import shutil
import sys
import time
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `hostile` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    __package__ = "hostile"

from hostile import seeds
from hostile.seeds import FIELDS, leads
from hostile.zipkit import Member, build_zip, deflate, deflate_bomb, read_members

SEED = 15
COMMANDS = ("export", "convert", "validate", "consolidate")
PASSWD = "root:x:0:0"


# --- special files -----------------------------------------------------------------------------

@dataclass
class Fifo:
    pass


@dataclass
class Symlink:
    target: str


@dataclass
class Folder:
    files: dict = field(default_factory=dict)


@dataclass
class Case:
    name: str
    family: str
    file: str                    # input, relative to the case folder (str; may hold surrogates)
    expect: str = "ok"           # ok | refuse | ok_or_refuse
    expect_cmd: dict = field(default_factory=dict)   # command -> expect, where it differs
    damaged: bool = False        # content known to differ from what was written (CRC, cut)
    check: dict = field(default_factory=dict)
    hint: str = ""               # text a refusal must contain to name the file
    note: str = ""
    setup: dict = field(default_factory=dict)        # {"chmod": {file: mode}} done per run
    skip: str = ""               # why this case cannot be run here (e.g. running as root)
    big: bool = False
    size: int = 0
    sha256: str = ""

    def expect_for(self, command: str) -> str:
        return self.expect_cmd.get(command, self.expect)


def ok_check(rows: list[dict], *, count: int | None = None, fields: tuple[str, ...] | None = None,
             **extra: object) -> dict:
    """The data a correct read must give: these leads in the export, their phones and companies
    in any workbook salesxl writes from the file."""
    exp = seeds.expected(rows, fields) if fields else seeds.expected(rows)
    check: dict = {"leads": exp, "count": count,
                   "strings": sorted({r["phone"] for r in rows} | {r["company"] for r in rows})}
    check.update(extra)
    return check


EN = leads("en")
KO = leads("ko")
FULL_EN = ok_check(EN, count=5)
FULL_KO = ok_check(KO, count=5)
# export, validate and consolidate are documented for workbooks: a CSV may be refused there
CSV_LENIENT = {"export": "ok_or_refuse", "validate": "ok_or_refuse", "consolidate": "ok_or_refuse"}


class Builder:
    def __init__(self, root: Path, big: bool) -> None:
        self.root = root
        self.big = big
        self.cases: list[Case] = []
        self.rng = random.Random(SEED)
        self.seed_bytes = {
            "mini": seeds.mini(),
            "team-en": seeds.team("en"),
            "team-ko": seeds.team("ko"),
        }
        self.seed_check = {"mini": FULL_EN, "team-en": FULL_EN, "team-ko": FULL_KO}

    def leads_part(self, seed: str) -> str:
        """The zip member of the seed's Leads sheet (a team workbook opens on Start here)."""
        if seed == "mini":
            return "xl/worksheets/sheet1.xml"
        members = {m.name: m for m in self.members(seed)}
        return seeds._leads_member(members, seed.rsplit("-", 1)[-1])

    def other_part(self, seed: str) -> str:
        """A worksheet of the seed that is not its Leads sheet."""
        leads = self.leads_part(seed)
        return next(n for n in sorted(m.name for m in self.members(seed))
                    if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n) and n != leads)

    # one case: write its folder
    def add(self, name: str, family: str, files: dict, file: str | None = None, **kw) -> Case:
        assert re.fullmatch(r"[a-z0-9][a-z0-9._+-]*", name), name
        assert name not in {c.name for c in self.cases}, name
        file = file if file is not None else next(iter(files))
        case = Case(name=name, family=family, file=file, **kw)
        if not case.hint:
            case.hint = file
        folder = self.root / "cases" / name
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        self._write(os.fsencode(folder), files)
        target = os.path.join(os.fsencode(folder), os.fsencode(file))
        if os.path.isfile(target) and not os.path.islink(target):
            data = Path(os.fsdecode(target)).read_bytes()
            case.size = len(data)
            case.sha256 = hashlib.sha256(data).hexdigest()
        self.cases.append(case)
        return case

    def _write(self, folder: bytes, files: dict) -> None:
        for rel, content in files.items():
            path = os.path.join(folder, os.fsencode(rel))
            os.makedirs(os.path.dirname(path), exist_ok=True)
            if isinstance(content, Fifo):
                os.mkfifo(path)
            elif isinstance(content, Symlink):
                os.symlink(os.fsencode(content.target), path)
            elif isinstance(content, Folder):
                os.mkdir(path)
                self._write(path, content.files)
            else:
                with open(path, "wb") as fh:
                    fh.write(content)

    # --- helpers ------------------------------------------------------------------------------
    def members(self, seed: str) -> list[Member]:
        return read_members(io.BytesIO(self.seed_bytes[seed]))

    def edit(self, seed: str, changes: dict[str, Callable[[bytes], bytes] | None],
             extra: list[Member] | None = None) -> bytes:
        """The seed with some members' content changed (None: removed), CRCs kept consistent."""
        out = []
        for m in self.members(seed):
            if m.name in changes:
                fn = changes[m.name]
                if fn is None:
                    continue
                m = m.with_data(fn(m.data))
            out.append(m)
        return build_zip(out + (extra or []))


ESSENTIAL = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml",
             "xl/sharedStrings.xml", "xl/styles.xml"}


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


# --- families ------------------------------------------------------------------------------------

def controls(b: Builder) -> None:
    """The seeds themselves: every command must read them (proves the checks are right)."""
    for seed in ("mini", "team-en", "team-ko"):
        b.add(f"control-{seed}", "control", {f"{seed}.xlsx": b.seed_bytes[seed]},
              check=b.seed_check[seed], note="undamaged seed")
    for lang in ("en", "ko"):
        b.add(f"control-template-{lang}", "control",
              {f"template-{lang}.xlsx": seeds.TEMPLATES[lang].read_bytes()},
              check={"leads": [], "count": 0}, expect_cmd={"consolidate": "ok_or_refuse"},
              note="salesxl's ready workbook, no leads (nothing to consolidate)")
    b.add("control-xls", "control", {"mini.xls": seeds.xls_bytes(EN)}, check=FULL_EN,
          expect_cmd={"validate": "ok_or_refuse", "export": "ok_or_refuse",
                      "consolidate": "ok_or_refuse"},
          note=".xls (xlwt); a team-workbook command may send it to `salesxl convert`")
    b.add("control-ods", "control", {"mini.ods": seeds.ods_bytes(EN)}, check=FULL_EN,
          expect_cmd={"validate": "ok_or_refuse", "export": "ok_or_refuse",
                      "consolidate": "ok_or_refuse"},
          note=".ods (odfpy); a team-workbook command may send it to `salesxl convert`")
    b.add("control-csv", "control", {"mini.csv": seeds.csv_bytes(EN)}, check=FULL_EN,
          expect_cmd=CSV_LENIENT, note="UTF-8 CSV; export, validate, consolidate take workbooks")


def flip(data: bytearray | bytes, rng: random.Random) -> tuple[bytes, int, int]:
    data = bytearray(data)
    pos = rng.randrange(len(data))
    bit = rng.randrange(8)
    data[pos] ^= 1 << bit
    return bytes(data), pos, bit


def bit_flips(b: Builder) -> None:
    """One bit flipped in each member: CRC left stale, CRC fixed, and (mini) in the deflate data."""
    for seed in ("mini", "team-en", "team-ko"):
        members = b.members(seed)
        check = b.seed_check[seed]
        for i, m in enumerate(members):
            if not m.data:
                continue
            rng = random.Random(f"{SEED}:{seed}:{m.name}")
            flipped, pos, bit = flip(m.data, rng)
            essential = m.name in ESSENTIAL
            for mode in ("stale", "fixed") + (("raw",) if seed == "mini" else ()):
                out = list(members)
                if mode == "stale":
                    out[i] = Member(m.name, flipped, crc=zlib.crc32(m.data))
                    note = f"byte {pos} bit {bit} of {m.name} flipped, CRC of the original kept"
                elif mode == "fixed":
                    out[i] = Member(m.name, flipped)
                    note = f"byte {pos} bit {bit} of {m.name} flipped, CRC recomputed (consistent)"
                else:
                    raw, rpos, rbit = flip(deflate(m.data), rng)
                    out[i] = Member(m.name, m.data, raw=raw)
                    note = f"byte {rpos} bit {rbit} of the compressed {m.name} flipped"
                name = f"flip-{mode}-{seed}-{slug(m.name)}"
                if mode == "fixed":
                    # the zip is consistent: what the file says is what it says. Any answer but a
                    # crash, a hang or a memory blow-up is right; no data check.
                    b.add(name, f"flip-{mode}", {f"{seed}.xlsx": build_zip(out)},
                          expect="ok_or_refuse", check={}, note=note)
                else:
                    b.add(name, f"flip-{mode}", {f"{seed}.xlsx": build_zip(out)},
                          expect="refuse" if essential else "ok_or_refuse", damaged=True,
                          check=check, note=note + ("; a part every read uses" if essential
                                                    else "; a part a read may skip"))
    # the issue's own example: one bit of a phone number in sharedStrings, stale CRC
    members = b.members("mini")
    out = []
    for m in members:
        if m.name == "xl/sharedStrings.xml":
            assert b"010-4370-1120" in m.data
            m = Member(m.name, m.data.replace(b"010-4370-1120", b"010-4371-1120"),
                       crc=zlib.crc32(m.data))
        out.append(m)
    b.add("flip-stale-mini-sst-phone", "flip-stale", {"mini.xlsx": build_zip(out)},
          expect="refuse", damaged=True, check=FULL_EN,
          note="'0'->'1' (one bit) in HX-0001's phone in sharedStrings.xml, CRC stale")


def truncations(b: Builder) -> None:
    for seed in ("mini", "team-en"):
        data = b.seed_bytes[seed]
        cuts = {"10pct": len(data) // 10, "50pct": len(data) // 2, "90pct": len(data) * 9 // 10,
                "minus22": len(data) - 22, "minus1": len(data) - 1}
        for label, n in cuts.items():
            b.add(f"truncated-{seed}-{label}", "truncated", {f"{seed}.xlsx": data[:n]},
                  expect="refuse", damaged=True, check=b.seed_check[seed],
                  note=f"first {n} of {len(data)} bytes")
    ods = seeds.ods_bytes(EN)
    b.add("truncated-ods-50pct", "truncated", {"mini.ods": ods[: len(ods) // 2]},
          expect="refuse", damaged=True, check=FULL_EN)
    xls = seeds.xls_bytes(EN)
    b.add("truncated-xls-50pct", "truncated", {"mini.xls": xls[: len(xls) // 2]},
          expect="refuse", damaged=True, check=FULL_EN)


PARTS = {"content-types": "[Content_Types].xml", "root-rels": "_rels/.rels",
         "workbook": "xl/workbook.xml", "workbook-rels": "xl/_rels/workbook.xml.rels",
         "sheet": "xl/worksheets/sheet1.xml", "sst": "xl/sharedStrings.xml",
         "styles": "xl/styles.xml"}


def missing_parts(b: Builder) -> None:
    no_dates = ("lead_id", "company", "contact_name", "email", "phone")
    for seed in ("mini", "team-en"):
        check = b.seed_check[seed]
        rows = EN
        for label, part in PARTS.items():
            part = b.leads_part(seed) if label == "sheet" else part
            for how, fn in (("missing", None), ("empty", lambda _d: b"")):
                essential = part in ESSENTIAL - {"xl/styles.xml"} or label == "sheet"
                # without styles, dates are plain numbers: check everything else
                chk = (ok_check(rows, count=5, fields=no_dates) if part == "xl/styles.xml"
                       else check)
                b.add(f"{how}-{seed}-{label}", f"part-{how}",
                      {f"{seed}.xlsx": b.edit(seed, {part: fn})},
                      expect="refuse" if essential else "ok_or_refuse", damaged=True,
                      check=chk, note=f"{part} {how}")


def lying_sizes(b: Builder) -> None:
    for seed in ("mini", "team-en"):
        check = b.seed_check[seed]
        for part_label, part in (("sheet", b.leads_part(seed)),
                                 ("sst", "xl/sharedStrings.xml")):
            variants = {
                "usize-small": lambda m: {"usize": len(m.data) - 100},
                "usize-huge": lambda m: {"usize": 0x7FFFFFF0},
                "usize-zero": lambda m: {"usize": 0},
                "csize-small": lambda m: {"csize": len(deflate(m.data)) // 2},
                "csize-huge": lambda m: {"csize": 0x7FFFFFF0},
                "local-only": lambda m: {"local": {"usize": 1, "csize": 1}},
            }
            for label, lie in variants.items():
                out = []
                for m in b.members(seed):
                    if m.name == part:
                        claims = lie(m)
                        for k, v in claims.items():
                            setattr(m, k, v)
                    out.append(m)
                b.add(f"lying-{seed}-{part_label}-{label}", "lying-sizes",
                      {f"{seed}.xlsx": build_zip(out)}, expect="ok_or_refuse", damaged=True,
                      check=check, note=f"{part}: zip headers claim {claims}")
        members = b.members(seed)
        b.add(f"lying-{seed}-eocd-entries", "lying-sizes",
              {f"{seed}.xlsx": build_zip(members, eocd={"entries": 65535})},
              expect="ok_or_refuse", damaged=True, check=check,
              note="end of central directory claims 65535 members")
        b.add(f"lying-{seed}-cd-offset", "lying-sizes",
              {f"{seed}.xlsx": build_zip(members, eocd={"cd_offset": 7})},
              expect="refuse", damaged=True, check=check,
              note="central directory offset points into the first member")


def _sheet_edit(fn: Callable[[str], str]) -> Callable[[bytes], bytes]:
    return lambda data: fn(data.decode()).encode()


def _add_cell(xml: str, ref: str, value: str = "far") -> str:
    row = re.match(r"[A-Z]+(\d+)", ref).group(1)
    cell = f'<row r="{row}"><c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c></row>'
    return xml.replace("</sheetData>", cell + "</sheetData>")


def _set_dimension(xml: str, ref: str) -> str:
    return re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="{ref}"/>', xml)


def huge_refs(b: Builder) -> None:
    for seed in ("mini", "team-en"):
        check = b.seed_check[seed]
        leads_only = dict(check, count=None)   # a far value may legitimately add a row
        sheet = b.leads_part(seed)
        b.add(f"dimension-huge-{seed}", "huge-refs",
              {f"{seed}.xlsx": b.edit(seed, {sheet: _sheet_edit(
                  lambda x: _set_dimension(x, "A1:XFD1048576"))})},
              check=check, note="<dimension ref='A1:XFD1048576'/> over 6 real rows")
        b.add(f"dimension-small-{seed}", "huge-refs",
              {f"{seed}.xlsx": b.edit(seed, {sheet: _sheet_edit(
                  lambda x: _set_dimension(x, "A1:A1"))})},
              check=check, note="<dimension ref='A1'/> understating the sheet")
        for ref in ("XFD1048576", "A1048576", "XFD2000"):
            b.add(f"far-{slug(ref)}-{seed}-leads", "huge-refs",
                  {f"{seed}.xlsx": b.edit(seed, {sheet: _sheet_edit(
                      lambda x, ref=ref: _set_dimension(_add_cell(x, ref), f"A1:{ref}"))})},
                  expect="ok_or_refuse", check=leads_only,
                  note=f"one value in {ref} of the Leads sheet")
        other = b.other_part(seed)
        for ref in ("XFD1048576", "A1048576", "XFD2000"):
            b.add(f"far-{slug(ref)}-{seed}-other-sheet", "huge-refs",
                  {f"{seed}.xlsx": b.edit(seed, {other: _sheet_edit(
                      lambda x, ref=ref: _set_dimension(_add_cell(x, ref), f"A1:{ref}"))})},
                  expect="ok_or_refuse", check=check,
                  note=f"one value in {ref} of the second sheet")
        b.add(f"sst-count-huge-{seed}", "huge-refs",
              {f"{seed}.xlsx": b.edit(seed, {"xl/sharedStrings.xml": _sheet_edit(
                  lambda x: re.sub(r'count="\d+" uniqueCount="\d+"',
                                   'count="2147483647" uniqueCount="2147483647"', x, count=1))})},
              expect="ok_or_refuse", check=check,
              note='sharedStrings count="2147483647" uniqueCount="2147483647"')
        b.add(f"row-past-limit-{seed}", "huge-refs",
              {f"{seed}.xlsx": b.edit(seed, {sheet: _sheet_edit(
                  lambda x: _add_cell(x, "A1048577"))})},
              expect="ok_or_refuse", check=leads_only, note="a row numbered 1048577")
        b.add(f"column-past-limit-{seed}", "huge-refs",
              {f"{seed}.xlsx": b.edit(seed, {sheet: _sheet_edit(
                  lambda x: x.replace("</sheetData>",
                                      '<row r="9"><c r="ZZZZ9" t="inlineStr"><is><t>far</t></is>'
                                      "</c></row></sheetData>"))})},
              expect="ok_or_refuse", check=leads_only, note="a cell in column ZZZZ")


SPACES = b" " * (1 << 20)


def bombs(b: Builder) -> None:
    """Zip bombs (xlsx and ods), many members, nesting; ODS repeat bombs."""
    sheet = "xl/worksheets/sheet1.xml"
    for part_label, part in (("sheet", sheet), ("sst", "xl/sharedStrings.xml")):
        out = []
        for m in b.members("mini"):
            if m.name == part:
                cut = m.data.index(b">", m.data.index(b"<sheetData" if part == sheet else b"<sst"))
                raw, crc, size = deflate_bomb(m.data[: cut + 1], SPACES, 2000, m.data[cut + 1:])
                m = Member(part, raw=raw, crc=crc, usize=size)
            out.append(m)
        b.add(f"zipbomb-mini-{part_label}", "zip-bomb", {"mini.xlsx": build_zip(out)},
              expect="refuse", check=FULL_EN,
              note=f"{part} padded with 2 GB of spaces (ratio ~1000:1), valid XML")
    # 2 GB of rows without references (each a real cell)
    row = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>'
    out = []
    for m in b.members("mini"):
        if m.name == sheet:
            cut = m.data.index(b"</sheetData>")
            raw, crc, size = deflate_bomb(m.data[:cut], row * 20000, 2000, m.data[cut:])
            m = Member(sheet, raw=raw, crc=crc, usize=size)
        out.append(m)
    b.add("zipbomb-mini-rows", "zip-bomb", {"mini.xlsx": build_zip(out)}, expect="refuse",
          check=FULL_EN, note="Leads sheet followed by 40 million one-cell rows (2 GB XML)")
    raw, crc, size = deflate_bomb(b"", bytes(1 << 20), 2000, b"")
    pad = Member("xl/media/image1.bin", raw=raw, crc=crc, usize=size)
    b.add("zipbomb-mini-unreferenced", "zip-bomb", {"mini.xlsx": b.edit("mini", {}, [pad])},
          expect="ok_or_refuse", check=FULL_EN, note="an unreferenced 2 GB member of zeros")
    many = [Member(f"xl/media/p{i}.bin", b"") for i in range(60000)]
    b.add("zipbomb-mini-many-members", "zip-bomb", {"mini.xlsx": b.edit("mini", {}, many)},
          expect="ok_or_refuse", check=FULL_EN, note="60,000 empty members")
    inner = b.cases[-3]  # zipbomb-mini-unreferenced
    inner_bytes = (b.root / "cases" / inner.name / inner.file).read_bytes()
    nested = Member("xl/embeddings/Microsoft_Excel_Worksheet1.xlsx", inner_bytes,
                    method=zipfile.ZIP_STORED)
    b.add("zipbomb-mini-nested", "zip-bomb", {"mini.xlsx": b.edit("mini", {}, [nested])},
          expect="ok_or_refuse", check=FULL_EN, note="an embedded workbook holding a zip bomb")
    # ODS: content.xml padded; repeat attributes
    members = seeds.ods_members(EN)
    out = []
    for m in members:
        if m.name == "content.xml":
            cut = m.data.index(b">", m.data.index(b"<table:table "))
            raw, crc, size = deflate_bomb(m.data[: cut + 1], SPACES, 3000, m.data[cut + 1:])
            m = Member("content.xml", raw=raw, crc=crc, usize=size)
        out.append(m)
    b.add("zipbomb-ods-spaces", "zip-bomb", {"mini.ods": build_zip(out)}, expect="refuse",
          check=FULL_EN, note="content.xml padded with 3 GB of spaces")
    cell = (b'<table:table-row><table:table-cell office:value-type="string"><text:p>x</text:p>'
            b"</table:table-cell></table:table-row>")
    out = []
    for m in members:
        if m.name == "content.xml":
            cut = m.data.index(b"</table:table>")
            raw, crc, size = deflate_bomb(m.data[:cut], cell * 10000, 2000, m.data[cut:])
            m = Member("content.xml", raw=raw, crc=crc, usize=size)
        out.append(m)
    b.add("zipbomb-ods-rows", "zip-bomb", {"mini.ods": build_zip(out)}, expect="refuse",
          check=FULL_EN, note="the leads followed by 2 GB of one-cell rows")
    for label, attrs in (
        ("rows", b'table:number-rows-repeated="1048000"'),
        ("cells", b'table:number-columns-repeated="16000"'),
    ):
        out = []
        for m in members:
            if m.name == "content.xml":
                cut = m.data.index(b"</table:table>")
                if label == "rows":
                    extra = (b"<table:table-row " + attrs + b'><table:table-cell '
                             b'office:value-type="string"><text:p>x</text:p></table:table-cell>'
                             b"</table:table-row>")
                else:
                    extra = (b'<table:table-row table:number-rows-repeated="60000">'
                             b"<table:table-cell " + attrs + b' office:value-type="string">'
                             b"<text:p>x</text:p></table:table-cell></table:table-row>")
                m = m.with_data(m.data[:cut] + extra + m.data[cut:])
            out.append(m)
        b.add(f"repeatbomb-ods-{label}", "repeat-bomb", {"mini.ods": build_zip(out)},
              expect="ok_or_refuse", check=dict(FULL_EN, count=None),
              note=f"ODS repeat attribute: {attrs.decode()} on a cell holding 'x'")


LAUGHS = ('<!DOCTYPE {root} [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{i} "{("&lol%s;" % ("" if i == 1 else i - 1)) * 10}">'
                    for i in range(1, 10))
          + "]>")


def _doctype(data: bytes, decl: str, entity_ref: str | None, old: bytes | None = None) -> bytes:
    text = data.decode()
    root = re.search(r"<([A-Za-z:]+)[\s>]", text[text.index("?>") + 2:]).group(1)
    head_end = text.index("?>") + 2
    text = text[:head_end] + decl.replace("{root}", root) + text[head_end:]
    if entity_ref and old:
        text = text.replace(old.decode(), entity_ref, 1)
    return text.encode()


def xml_bombs(b: Builder) -> None:
    sst = "xl/sharedStrings.xml"
    sheet = "xl/worksheets/sheet1.xml"
    laughs = LAUGHS
    b.add("xmlbomb-laughs-sst", "xml-bomb",
          {"mini.xlsx": b.edit("mini", {sst: lambda d: _doctype(d, laughs, "&lol9;",
                                                                b"Hanbit Precision")})},
          expect="refuse", check=FULL_EN, note="billion laughs in sharedStrings.xml")
    b.add("xmlbomb-laughs-sheet", "xml-bomb",
          {"mini.xlsx": b.edit("mini", {sheet: lambda d: _doctype(d, laughs, None)})},
          expect="refuse", check=FULL_EN, note="billion laughs DTD in the Leads sheet")
    quad = '<!DOCTYPE {root} [<!ENTITY a "' + "x" * 50000 + '">]>'
    b.add("xmlbomb-quadratic-sst", "xml-bomb",
          {"mini.xlsx": b.edit("mini", {sst: lambda d: _doctype(
              d, quad, "&a;" * 20000, b"Hanbit Precision")})},
          expect="refuse", check=FULL_EN, note="one 50 KB entity used 20,000 times (1 GB)")
    xxe = '<!DOCTYPE {root} [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    for label, part, old in (("sst", sst, b"Hanbit Precision"),
                             ("workbook", "xl/workbook.xml", None)):
        b.add(f"xxe-{label}", "xml-bomb",
              {"mini.xlsx": b.edit("mini", {part: lambda d, part=part, old=old: _doctype(
                  d, xxe, "&xxe;" if old else None, old)})},
              expect="refuse", check=dict(FULL_EN, absent=[PASSWD]),
              note=f"external entity file:///etc/passwd in {part}")
    ext = '<!DOCTYPE {root} SYSTEM "http://evil.example/x.dtd">'
    b.add("dtd-external-sheet", "xml-bomb",
          {"mini.xlsx": b.edit("mini", {sheet: lambda d: _doctype(d, ext, None)})},
          expect="refuse", check=FULL_EN, note="external DTD http://evil.example/x.dtd")
    members = seeds.ods_members(EN)
    out = [m.with_data(_doctype(m.data, LAUGHS, "&lol9;", b"Hanbit Precision"))
           if m.name == "content.xml" else m for m in members]
    b.add("xmlbomb-laughs-ods", "xml-bomb", {"mini.ods": build_zip(out)}, expect="refuse",
          check=FULL_EN, note="billion laughs in content.xml")
    out = [m.with_data(_doctype(m.data, xxe, "&xxe;", b"Hanbit Precision"))
           if m.name == "content.xml" else m for m in members]
    b.add("xxe-ods", "xml-bomb", {"mini.ods": build_zip(out)}, expect="refuse",
          check=dict(FULL_EN, absent=[PASSWD]), note="external entity in content.xml")


def traversal(b: Builder) -> None:
    rels = "xl/_rels/workbook.xml.rels"

    def retarget(sheet_file: str, target: str, external: bool = False):
        def fn(data: bytes) -> bytes:
            text = data.decode()
            pat = rf'Target="(/?xl/)?worksheets/{sheet_file}"'
            new = f'Target="{target}"' + (' TargetMode="External"' if external else "")
            assert re.search(pat, text), text
            return re.sub(pat, new, text).encode()
        return fn

    passwd_check = dict(FULL_EN, absent=[PASSWD])
    b.add("traversal-leads-sheet", "traversal",
          {"mini.xlsx": b.edit("mini", {rels: retarget("sheet1.xml", "../../../../../../etc/passwd")})},
          expect="refuse", check=passwd_check, note="the Leads sheet's target is ../../etc/passwd")
    for label, target, external in (("dotdot", "../../../../../../etc/passwd", False),
                                    ("absolute", "/etc/passwd", False),
                                    ("external", "file:///etc/passwd", True)):
        b.add(f"traversal-other-sheet-{label}", "traversal",
              {"mini.xlsx": b.edit("mini", {rels: retarget("sheet2.xml", target, external)})},
              expect="ok_or_refuse", check=passwd_check,
              note=f"the Notes sheet's target is {target}" + (" (External)" if external else ""))
    b.add("traversal-missing-rid", "traversal",
          {"mini.xlsx": b.edit("mini", {"xl/workbook.xml": lambda d: d.replace(
              b'r:id="rId1"', b'r:id="rId99"', 1)})},
          expect="refuse", check=FULL_EN, note="the Leads sheet's r:id has no relationship")
    slip = Member("../../../hostile-zip-slip.txt", b"written outside\n")
    b.add("traversal-zip-slip-member", "traversal",
          {"mini.xlsx": b.edit("mini", {}, [slip])}, expect="ok_or_refuse",
          check=dict(FULL_EN, no_file=["hostile-zip-slip.txt"]),
          note="a member named ../../../hostile-zip-slip.txt")


ODD_NAMES = {
    "cp949": ("영업관리 2019.xlsx".encode("cp949"), "2019"),
    "latin1": ("Résumé ventes.xlsx".encode("latin-1"), "sum"),
    "open-bracket": (b"leads [.xlsx", "leads ["),
    "close-bracket": (b"leads ].xlsx", "leads ]"),
    "markup-close": (b"team [/b] leads.xlsx", "b] leads"),  # a folder "team [", file "b] leads"
    "markup-open": (b"[bold red]leads.xlsx", "leads"),
    "emoji": ("🚀 pipeline 📈.xlsx".encode(), "pipeline"),
    "hangul": ("영업 리드 목록.xlsx".encode(), "영업 리드 목록"),
    "spaces": (b"  spaced   out  .xlsx", "spaced"),
    "leading-dash": (b"-o.xlsx", "-o.xlsx"),
    "double-dash": (b"--help.xlsx", "--help.xlsx"),
    "newline": (b"two\nlines.xlsx", "lines"),
    "percent": (b"100% leads %s %n.xlsx", "100% leads"),
    "long": (b"pipeline_" + b"x" * 230 + b".xlsx", "pipeline_"),
    "uppercase-ext": (b"PIPELINE.XLSX", "PIPELINE"),
}


def odd_names(b: Builder) -> None:
    data = b.seed_bytes["mini"]
    for label, (name, hint) in ODD_NAMES.items():
        b.add(f"name-{label}", "odd-name", {os.fsdecode(name): data}, check=FULL_EN,
              hint=hint, note=f"the seed named {name!r}")


def _lock(owner: str, name: str) -> bytes:
    """An Excel owner file: owner name (length-prefixed, padded), then UTF-16 owner again."""
    o = owner.encode("latin-1")[:53]
    head = bytes([len(o)]) + o + b" " * (53 - len(o))
    return head + bytes([len(owner), 0]) + owner.encode("utf-16-le") + b"\x00" * (110 - 2 * len(owner))


def odd_types(b: Builder) -> None:
    mini = b.seed_bytes["mini"]
    xls = seeds.xls_bytes(EN)
    ods = seeds.ods_bytes(EN)
    lenient_write = {"validate": "ok_or_refuse"}
    # consolidate takes rep workbooks: a legacy file in disguise may be refused with its reason
    legacy_inside = {**lenient_write, "consolidate": "ok_or_refuse", "export": "ok_or_refuse"}
    b.add("type-xlsx-named-xls", "odd-type", {"mini.xls": mini}, check=FULL_EN,
          expect_cmd=lenient_write, note="an .xlsx workbook named .xls")
    b.add("type-xls-named-xlsx", "odd-type", {"mini.xlsx": xls}, check=FULL_EN,
          expect_cmd=legacy_inside, note="an .xls workbook named .xlsx")
    b.add("type-ods-named-xlsx", "odd-type", {"mini.xlsx": ods}, check=FULL_EN,
          expect_cmd=legacy_inside, note="an .ods named .xlsx")
    b.add("type-xlsx-named-ods", "odd-type", {"mini.ods": mini}, check=FULL_EN,
          expect_cmd=lenient_write, note="an .xlsx named .ods")
    b.add("type-xlsx-no-extension", "odd-type", {"pipeline": mini}, check=FULL_EN,
          expect_cmd=lenient_write, note="an .xlsx without an extension")
    b.add("type-csv-named-xlsx", "odd-type", {"mini.xlsx": seeds.csv_bytes(EN)},
          expect="ok_or_refuse", check=FULL_EN, note="a leads CSV named .xlsx")
    b.add("type-empty", "odd-type", {"empty.xlsx": b""}, expect="refuse", note="0 bytes")
    b.add("type-text-named-xlsx", "odd-type",
          {"notes.xlsx": b"Meeting notes\nCall Hanbit on Monday\n"}, expect="refuse",
          note="a text file named .xlsx")
    b.add("type-pdf-named-xlsx", "odd-type",
          {"report.xlsx": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"},
          expect="refuse", note="a PDF named .xlsx")
    b.add("type-html-named-xls", "odd-type",
          {"export.xls": (b"<html><body><table><tr><th>Company</th><th>Contact</th><th>Phone</th>"
                          b"<th>E-mail</th></tr><tr><td>Hanbit Precision</td><td>Lee Jiwoo</td>"
                          b"<td>010-4370-1120</td><td>jiwoo.lee@hanbit.example</td></tr>"
                          b"</table></body></html>")},
          expect="ok_or_refuse", note="an HTML table saved as .xls (web exports do this)")
    plain_zip = build_zip([Member("readme.txt", b"not a workbook\n")])
    b.add("type-zip-not-workbook", "odd-type", {"archive.xlsx": plain_zip}, expect="refuse",
          note="a zip holding one text file, named .xlsx")
    b.add("type-directory", "odd-type", {"folder.xlsx": Folder()}, expect="refuse",
          expect_cmd={"convert": "ok_or_refuse", "consolidate": "ok_or_refuse"},
          note="an empty directory named folder.xlsx (convert/consolidate take folders)")
    b.add("type-fifo", "odd-type", {"pipe.xlsx": Fifo()}, expect="refuse",
          note="a FIFO named pipe.xlsx: reading it would block forever")
    b.add("type-symlink-loop", "odd-type",
          {"loop-a.xlsx": Symlink("loop-b.xlsx"), "loop-b.xlsx": Symlink("loop-a.xlsx")},
          expect="refuse", note="loop-a.xlsx -> loop-b.xlsx -> loop-a.xlsx")
    b.add("type-symlink-dangling", "odd-type", {"gone.xlsx": Symlink("nowhere/missing.xlsx")},
          expect="refuse", note="a symlink to a missing file")
    b.add("type-symlink-good", "odd-type",
          {"real.xlsx": mini, "link.xlsx": Symlink("real.xlsx")}, file="link.xlsx",
          check=FULL_EN, note="a symlink to the seed")
    root = os.geteuid() == 0
    b.add("type-unreadable", "odd-type", {"locked.xlsx": mini}, expect="refuse",
          setup={"chmod": {"locked.xlsx": 0o000}},
          skip="running as root: chmod 000 does not stop root from reading" if root else "",
          note="chmod 000")
    b.add("type-readonly-file", "odd-type", {"readonly.xlsx": mini}, check=FULL_EN,
          expect_cmd={"validate": "refuse"}, setup={"chmod": {"readonly.xlsx": 0o444}},
          note="a workbook the user made read-only: validate must not replace it (no --force)")
    b.add("type-readonly-folder", "odd-type", {"ro": Folder({"mini.xlsx": mini})}, file="ro/mini.xlsx", check=FULL_EN,
          expect_cmd={"validate": "refuse"}, setup={"chmod": {"ro": 0o555}},
          skip="running as root: a read-only folder does not stop root" if root else "",
          note="validate in a read-only folder")
    try:
        from msoffcrypto.format.ooxml import OOXMLFile

        enc = io.BytesIO()
        OOXMLFile(io.BytesIO(mini)).encrypt("secret", enc)
        b.add("type-encrypted", "odd-type", {"secret.xlsx": enc.getvalue()}, expect="refuse",
              note="password-protected (msoffcrypto-tool; salt is random)")
    except ImportError:
        pass
    # Excel lock files
    lock = _lock("Minji Park", "pipeline.xlsx")
    b.add("lock-own", "lock-file", {"pipeline.xlsx": mini, "~$pipeline.xlsx": lock},
          file="pipeline.xlsx", expect="ok_or_refuse", expect_cmd={"validate": "refuse"},
          check=FULL_EN, note="pipeline.xlsx is open in Excel (~$pipeline.xlsx beside it)")
    b.add("lock-other-workbooks", "lock-file",
          {"pipeline.xlsx": mini, "~$pipeline.xlsx": lock, "1_pipeline.xlsx": mini},
          file="1_pipeline.xlsx", check=FULL_EN,
          note="~$pipeline.xlsx is pipeline.xlsx's own lock, not 1_pipeline.xlsx's (Word-style "
               "lock names drop the first characters)")
    long = "Quarterly pipeline review 2026.xlsx"
    b.add("lock-word-style", "lock-file", {long: mini, "~$" + long[2:]: lock}, file=long,
          expect="ok_or_refuse", expect_cmd={"validate": "refuse"}, check=FULL_EN,
          note=f"~${long[2:]}: the lock of a long name without its first two characters")
    b.add("lock-file-itself", "lock-file", {"~$pipeline.xlsx": lock}, expect="refuse",
          expect_cmd={"batch": "ok_or_refuse"}, check={"must_mention": True},
          hint="pipeline.xlsx", note="the owner file given as the workbook (in a batch it may "
                                      "be skipped, with a word)")


def header_placement(b: Builder) -> None:
    check = FULL_EN
    b.add("header-row35", "header", {"leads.xlsx": seeds.xlsx_bytes(EN, top=[[None]] * 34)},
          check=check, note="34 empty rows, header at row 35")
    b.add("header-row150", "header", {"leads.xlsx": seeds.xlsx_bytes(EN, top=[[None]] * 149)},
          check=check, note="149 empty rows, header at row 150")
    title = [["Q4 pipeline report - Seoul office"], ["Prepared by Minji Park"]]
    title += [[f"Note {i}: figures in KRW; see the appendix for definitions of each stage."]
              for i in range(1, 38)]
    b.add("header-after-title-39", "header", {"leads.xlsx": seeds.xlsx_bytes(EN, top=title)},
          check=check, note="a 39-row title block of notes in column A, header at row 40")
    b.add("header-row150-xls", "header", {"leads.xls": seeds.xls_bytes(EN, top_blank=149)},
          check=check, expect_cmd={"validate": "ok_or_refuse", "export": "ok_or_refuse",
                                   "consolidate": "ok_or_refuse"},
          note=".xls, header at row 150 (a team-workbook command may send it to convert)")
    b.add("header-row201", "header", {"leads.xlsx": seeds.xlsx_bytes(EN, top=[[None]] * 200)},
          expect="ok_or_refuse", check=check, note="header at row 201 (past the 200 scanned)")


EXPENSES = [["Name", "Date", "Amount", "Category", "Approved"],
            ["Taxi to client", "2026-11-03", 18_500, "Travel", "yes"],
            ["Lunch with Hanbit", "2026-11-04", 64_000, "Meals", "yes"],
            ["Printer paper", "2026-11-10", 12_900, "Office", "no"],
            ["KTX Seoul-Busan", "2026-11-12", 59_800, "Travel", "yes"]]
SUPPLIERS = [["Company", "Phone", "Item", "Unit price", "Stock"],
             ["Daesung Paper", "02-333-1020", "A4 paper", 4_500, 120],
             ["Hwa Ink", "031-222-8080", "Toner", 88_000, 14]]


def unrelated(b: Builder) -> None:
    import xlsxwriter

    def book(sheets: list[tuple[str, list[list]]]) -> bytes:
        buf = io.BytesIO()
        wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False})
        wb.set_properties({"created": seeds.CREATED})
        for name, rows in sheets:
            ws = wb.add_worksheet(name)
            for r, row in enumerate(rows):
                for c, v in enumerate(row):
                    (ws.write_string if isinstance(v, str) else ws.write_number)(r, c, v)
        wb.close()
        return seeds.normalise(buf.getvalue())

    b.add("unrelated-expenses", "unrelated", {"expenses.xlsx": book([("Expenses", EXPENSES)])},
          expect="refuse", check={"leads": [], "count": 0},
          note="an expense report: Name, Date, Amount (two synonyms), no lead list")
    b.add("unrelated-suppliers", "unrelated",
          {"suppliers.xlsx": book([("Suppliers", SUPPLIERS)])}, expect="refuse",
          check={"leads": [], "count": 0},
          note="a supplier list: Company and Phone only, no lead list")
    b.add("unrelated-then-leads", "unrelated",
          {"mixed.xlsx": seeds.xlsx_bytes(EN, before=[("Expenses", EXPENSES)])},
          check=FULL_EN, note="an expense sheet first, the Leads sheet second")
    b.add("unrelated-then-leads-renamed", "unrelated",
          {"mixed.xlsx": seeds.xlsx_bytes(EN, before=[("Expenses", EXPENSES)],
                                          sheet="Sheet2")},
          check=FULL_EN, note="an expense sheet first, the leads on 'Sheet2'")


def formulas(b: Builder) -> None:
    acme = [dict(EN[0], company="Acme Ltd", budget_amount=5000), *EN[1:]]
    check = ok_check(acme, count=5)
    # without saved values the two cells may read as blank when salesxl names them
    unvalued = dict(check, unvalued={"cells": ["D2", "I2"],
                                     "fields": {"HX-0001": ["company", "budget_amount"]}})
    sheet = "xl/worksheets/sheet1.xml"

    def nocache(cached: bool):
        def fn(data: bytes) -> bytes:
            text = data.decode()
            vd = "<v>Acme Ltd</v>" if cached else ""
            vi = "<v>5000</v>" if cached else ""
            text, n1 = re.subn(r'<c r="D2"[^>]*>.*?</c>',
                               f'<c r="D2" t="str"><f>"Acme"&amp;" Ltd"</f>{vd}</c>', text)
            text, n2 = re.subn(r'<c r="I2"([^>]*?)(?: t="\w+")?>.*?</c>',
                               rf'<c r="I2"\1><f>1000*5</f>{vi}</c>', text)
            assert n1 == n2 == 1
            return text.encode()
        return fn

    assert FIELDS[3] == "company" and FIELDS[8] == "budget_amount"
    b.add("formula-no-cache-raw", "formula",
          {"mini.xlsx": b.edit("mini", {sheet: nocache(False)})}, expect="ok_or_refuse",
          check=unvalued, note='D2 ="Acme"&" Ltd", I2 =1000*5, no <v> (raw XML)')
    b.add("formula-cached", "formula", {"mini.xlsx": b.edit("mini", {sheet: nocache(True)})},
          check=check, note="the same formulas with cached values (control)")
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Leads"
    ws.append(seeds.header("en"))
    for lead in EN:
        row = [seeds._date(lead[f]) if f == "created_on" else lead[f] for f in FIELDS]
        ws.append(row)
    for r in range(2, 7):
        ws.cell(r, 2).number_format = "yyyy-mm-dd"
    ws["D2"] = '="Acme"&" Ltd"'
    ws["I2"] = "=1000*5"
    buf = io.BytesIO()
    wb.save(buf)
    b.add("formula-no-cache-openpyxl", "formula", {"mini.xlsx": seeds.normalise(buf.getvalue())},
          expect="ok_or_refuse", check=unvalued, note="the same formulas written by openpyxl")


INJECTIONS = ['=HYPERLINK("http://evil.example","click")', "+1", "-2+3", "@SUM(A1)",
              "\tTab Trading", "\rCarriage Co", "=cmd|' /C calc'!A0"]


def csv_cases(b: Builder) -> None:
    rows = []
    for i, text in enumerate(INJECTIONS):
        base = EN[i % 5]
        rows.append(dict(base, lead_id=f"INJ-{i + 1:03d}", company=text,
                         phone=f"010-5000-{1000 + i}", email=f"inj{i + 1}@evil.example"))
    rows.append(dict(EN[0], lead_id="INJ-NEG", company="Negative Budget Co",
                     phone="010-5000-2000", email="neg@evil.example", budget_amount=-5))
    check = {"leads": seeds.expected([r for r in rows if r["company"][0] not in "=+-@\t\r"]),
             "count": len(rows), "neutral": INJECTIONS,
             "strings": ["010-5000-1000", "Negative Budget Co"],
             "no_formula": ["HYPERLINK", "cmd|", "SUM(A1)"]}
    b.add("csv-injection", "csv-injection", {"injection.xlsx": seeds.xlsx_bytes(rows)},
          check=check, note="text cells a spreadsheet would run as formulas; CSV export must "
                            "prefix them with ' (numbers stay numbers)")
    if b.big:
        b.add("csv-40mb-field", "csv", {"big.csv": seeds.csv_bytes(EN, big_field=40 << 20)},
              check=FULL_EN, expect_cmd=CSV_LENIENT, big=True, note="a CSV whose first lead has a 40 MB notes field")
    b.add("csv-cp949", "csv", {"영업.csv".encode("cp949").decode("utf-8", "surrogateescape"):
                                seeds.csv_bytes(KO, "ko", "cp949")},
          check=FULL_KO, expect_cmd=CSV_LENIENT, hint=".csv", note="a CP949 CSV with a CP949 file name")


def batch_companion() -> bytes:
    return seeds.mini(prefix="BX")


BATCH_CHECK = sorted({r["phone"] for r in leads(prefix="BX")})

FAMILIES: dict[str, Callable[[Builder], None]] = {
    "control": controls, "flip": bit_flips, "truncated": truncations, "parts": missing_parts,
    "lying": lying_sizes, "huge": huge_refs, "bomb": bombs, "xml": xml_bombs,
    "traversal": traversal, "names": odd_names, "types": odd_types, "header": header_placement,
    "unrelated": unrelated, "formula": formulas, "csv": csv_cases,
}


def generate(root: Path, *, big: bool = False, families: list[str] | None = None,
             only: set[str] | None = None) -> list[Case]:
    """Write the cases under root/cases and root/manifest.json; return them.

    `only`: keep just these case names (the others are generated in memory but not kept)."""
    root = Path(root)
    if (root / "cases").exists():
        _rmtree(root / "cases")
    (root / "cases").mkdir(parents=True)
    b = Builder(root, big)
    for fam in families or list(FAMILIES):
        FAMILIES[fam](b)
    cases = b.cases
    if only is not None:
        missing = only - {c.name for c in cases}
        assert not missing, f"unknown cases: {sorted(missing)}"
        for c in cases:
            if c.name not in only:
                _rmtree(root / "cases" / c.name)
        cases = [c for c in cases if c.name in only]
    (root / "companion.xlsx").write_bytes(batch_companion())
    manifest = {"seed": SEED, "generated": time.strftime("%Y-%m-%d %H:%M:%S"),
                "companion": "companion.xlsx", "companion_strings": BATCH_CHECK,
                "cases": [asdict(c) for c in cases]}
    (root / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=True, indent=1))
    return cases


def _rmtree(path: Path) -> None:
    def onerror(func, p, exc):  # a chmod'ed folder left by an interrupted run
        os.chmod(p, 0o700)
        func(p)
    shutil.rmtree(path, onerror=onerror)


def load(root: Path) -> tuple[dict, list[Case]]:
    manifest = json.loads((Path(root) / "manifest.json").read_text())
    return manifest, [Case(**c) for c in manifest["cases"]]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--big", action="store_true", help="also the 40 MB CSV field case")
    ap.add_argument("--families", help=f"comma-separated subset of {','.join(FAMILIES)}")
    ap.add_argument("--list", action="store_true", help="print the cases")
    a = ap.parse_args(argv)
    t = time.perf_counter()
    cases = generate(a.out, big=a.big, families=a.families.split(",") if a.families else None)
    if a.list:
        for c in cases:
            print(f"{c.name:48} {c.family:14} {c.expect:13} {c.size:>10} {c.note}")
    total = sum(c.size for c in cases)
    print(f"{len(cases)} cases, {total / 1e6:.1f} MB, in {a.out} "
          f"({time.perf_counter() - t:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
