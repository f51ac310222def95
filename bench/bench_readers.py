"""Reader research (issue 14, part B): every candidate reader on the same 37-column Korean Leads
sheet, each run in a fresh process: wall seconds, CPU seconds and peak RSS; plus whether it
notices a CRC-damaged member and whether it survives a sheet whose one far cell is XFD1048576.

Readers (``--readers``, comma-separated; default all that apply at the size):

  pandas        pandas.read_excel(path) (openpyxl engine; the issue's baseline)
  calamine      python-calamine: whole sheet to_python()
  calamine_iter python-calamine: iter_rows() (the sheet is still loaded whole first)
  fastexcel     fastexcel: load_sheet(...).to_arrow(), all 37 columns
  fastexcel12   fastexcel: use_columns = the 12 columns validate needs
  fastexcel_chunks  fastexcel: 50k-row windows with skip_rows / n_rows, one after another
  fastexcel_eager   fastexcel: load_sheet(eager=True) -> RecordBatch (cells streamed to Arrow)
  fastexcel_eager12 the same, only the 12 columns
  fastexcel_eager_chunks  the 50k-row windows with eager=True
  sheetstream   salesxl.io.sheetstream: iter_chunks(50k), all columns, dates as Python dates
  sheetstream12 salesxl.io.sheetstream: the 12 columns, dates as serials (dates="serial")
  expat         a minimal streaming reader on xml.parsers.expat (buffer_text) building rows
  lxml          a minimal streaming reader on lxml.etree.iterparse building rows
  floor         zipfile inflate + UTF-8 decode + one regex findall per 1 MB: no Python per cell

Run: python bench/bench_readers.py [--rows 100000] [--repeat 3] [--readers ...] [--hostile]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from common import OUT, PY, header, leads_workbook, run  # noqa: E402

SHEETSTREAM = HERE.parent / "salesxl" / "io" / "sheetstream.py"


def _sheetstream() -> Any:
    """salesxl.io.sheetstream loaded on its own: importing it through the package would import
    all of salesxl (pandas included), which is not the reader's cost."""
    import importlib.util

    if "sheetstream" not in sys.modules:
        spec = importlib.util.spec_from_file_location("sheetstream", SHEETSTREAM)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules["sheetstream"] = module
        spec.loader.exec_module(module)
    return sys.modules["sheetstream"]


NEEDED = [0, 1, 2, 6, 13, 15, 16, 17, 18, 19, 20, 21]  # the 12 columns validate reads
ALL = ["pandas", "calamine", "calamine_iter", "fastexcel", "fastexcel12", "fastexcel_chunks",
       "fastexcel_eager", "fastexcel_eager12", "fastexcel_eager_chunks", "sheetstream", "sheetstream12", "expat", "lxml", "floor"]
NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


# --- the readers (each returns the number of data rows it produced) --------------------------

def r_pandas(path: str) -> int:
    import pandas as pd

    return len(pd.read_excel(path))


def r_calamine(path: str) -> int:
    import python_calamine

    return len(python_calamine.CalamineWorkbook.from_path(path).get_sheet_by_index(0)
               .to_python()) - 1


def r_calamine_iter(path: str) -> int:
    import python_calamine

    n = 0
    for _row in python_calamine.CalamineWorkbook.from_path(path).get_sheet_by_index(0) \
            .iter_rows():
        n += 1
    return n - 1


def r_fastexcel(path: str) -> int:
    import fastexcel

    return fastexcel.read_excel(path).load_sheet(0).to_arrow().num_rows


def r_fastexcel12(path: str) -> int:
    import fastexcel

    return fastexcel.read_excel(path).load_sheet(0, use_columns=NEEDED).to_arrow().num_rows


def r_fastexcel_chunks(path: str) -> int:
    import fastexcel

    reader = fastexcel.read_excel(path)
    n, step = 0, 50_000
    while True:
        batch = reader.load_sheet(0, skip_rows=n, n_rows=step, use_columns=NEEDED).to_arrow()
        n += batch.num_rows
        if batch.num_rows < step:
            return n


def r_fastexcel_eager(path: str) -> int:
    """eager=True: fastexcel streams calamine's cells straight into Arrow (xlsx only)."""
    import fastexcel

    return fastexcel.read_excel(path).load_sheet(0, eager=True).num_rows


def r_fastexcel_eager12(path: str) -> int:
    import fastexcel

    return fastexcel.read_excel(path).load_sheet(0, eager=True, use_columns=NEEDED).num_rows


def r_fastexcel_eager_chunks(path: str) -> int:
    import fastexcel

    reader = fastexcel.read_excel(path)
    n, step = 0, 50_000
    while True:
        batch = reader.load_sheet(0, skip_rows=n, n_rows=step, use_columns=NEEDED, eager=True)
        n += batch.num_rows
        if batch.num_rows < step:
            return n


def r_sheetstream(path: str) -> int:
    with _sheetstream().open_sheet(path) as s:
        return sum(len(c) for c in s.iter_chunks(rows=50_000)) - 1


def r_sheetstream12(path: str) -> int:
    with _sheetstream().open_sheet(path) as s:
        return sum(len(c) for c in s.iter_chunks(rows=50_000, columns=NEEDED,
                                                  dates="serial")) - 1


def _sheet_member(zf: zipfile.ZipFile) -> str:
    return "xl/worksheets/sheet1.xml"


def _sst(zf: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in zf.NameToInfo:
        return []
    from lxml import etree

    root = etree.fromstring(zf.read("xl/sharedStrings.xml"))
    return ["".join(si.itertext()) for si in root]


def r_expat(path: str) -> int:
    """Rows of raw values via expat: text collected per <v>/<t>, numbers as floats."""
    import xml.parsers.expat

    zf = zipfile.ZipFile(path)
    sst = _sst(zf)
    rows: list[list[Any]] = []
    row: list[Any] = []
    state: dict[str, Any] = {"t": None, "text": None}
    chunk_rows = 0

    def start(name: str, attrs: dict[str, str]) -> None:
        if name == "c":
            state["t"] = attrs.get("t")
        elif name in ("v", "t"):
            state["text"] = []

    def data(text: str) -> None:
        buf = state["text"]
        if buf is not None:
            buf.append(text)

    def end(name: str) -> None:
        nonlocal row, chunk_rows
        if name in ("v", "t"):
            text = "".join(state["text"])
            state["text"] = None
            t = state["t"]
            row.append(sst[int(text)] if t == "s" else text if t in ("inlineStr", "str")
                       else float(text))
        elif name == "row":
            rows.append(row)
            row = []
            if len(rows) >= 50_000:
                chunk_rows += len(rows)
                rows.clear()

    p = xml.parsers.expat.ParserCreate()
    p.buffer_text = True
    p.StartElementHandler, p.EndElementHandler, p.CharacterDataHandler = start, end, data
    with zf.open(_sheet_member(zf)) as fh:
        while block := fh.read(1 << 20):
            p.Parse(block, False)
    p.Parse(b"", True)
    return chunk_rows + len(rows) - 1


def r_lxml(path: str) -> int:
    """Rows of raw values via lxml iterparse on </row>, clearing as it goes."""
    from lxml import etree

    zf = zipfile.ZipFile(path)
    sst = _sst(zf)
    n = 0
    rows: list[list[Any]] = []
    with zf.open(_sheet_member(zf)) as fh:
        for _ev, el in etree.iterparse(fh, events=("end",), tag=f"{NS}row"):
            row = []
            for c in el:
                t = c.get("t")
                if t == "inlineStr":
                    row.append("".join(c.itertext()))
                else:
                    v = c.findtext(f"{NS}v")
                    if v is None:
                        row.append(None)
                    else:
                        row.append(sst[int(v)] if t == "s" else v if t == "str" else float(v))
            rows.append(row)
            el.clear()
            while el.getprevious() is not None:
                del el.getparent()[0]
            if len(rows) >= 50_000:
                n += len(rows)
                rows.clear()
    return n + len(rows) - 1


def r_floor(path: str) -> int:
    """Inflate + decode + one findall per ~1 MB of rows: the tokenising floor."""
    cell = _sheetstream()._CELL
    zf = zipfile.ZipFile(path)
    rows = 0
    buf = b""
    with zf.open(_sheet_member(zf)) as fh:
        while block := fh.read(1 << 20):
            buf += block
            cut = buf.rfind(b"</row>") + 6
            text = buf[:cut].decode()
            buf = buf[cut:]
            cell.findall(text)
            rows += text.count("</row>")
    return rows - 1


READERS = {name: globals()[f"r_{name}"] for name in ALL}


# --- hostile files ---------------------------------------------------------------------------

def far_cell_book() -> Path:
    path = OUT / "hostile_far_cell.xlsx"
    if not path.exists():
        import xlsxwriter

        path.parent.mkdir(parents=True, exist_ok=True)
        wb = xlsxwriter.Workbook(str(path))
        ws = wb.add_worksheet("리드")
        ws.write_row(0, 0, ["리드 ID", "회사명"])
        ws.write_row(1, 0, ["L-1", "(주)한빛소프트 1"])
        ws.write_number(1_048_575, 16_383, 1)
        wb.close()
    return path


def crc_damaged_book() -> Path:
    """A 2,000-row workbook, stored uncompressed, with one string in the sheet changed and the
    member's CRC-32 left as it was (what a damaged disk or transfer does)."""
    path = OUT / "hostile_crc.xlsx"
    if not path.exists():
        src = leads_workbook(2000)
        tmp = OUT / "hostile_crc_stored.xlsx"
        with zipfile.ZipFile(src) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_STORED) as zo:
            for info in zin.infolist():
                zo.writestr(info.filename, zin.read(info))
        raw = bytearray(tmp.read_bytes())
        at = raw.index("(주)".encode())
        raw[at:at + 5] = "(유)".encode()
        path.write_bytes(bytes(raw))
        tmp.unlink()
    return path


def crc_damaged_sst_book() -> Path:
    """The same damage in xl/sharedStrings.xml of a workbook that uses shared strings."""
    path = OUT / "hostile_crc_sst.xlsx"
    if not path.exists():
        import xlsxwriter

        tmp = OUT / "hostile_crc_sst_stored.xlsx"
        wb = xlsxwriter.Workbook(str(tmp))
        ws = wb.add_worksheet("리드")
        for r in range(2000):
            ws.write_row(r, 0, [f"L-{r}", f"(주)한빛소프트 {r}", "김민준"])
        wb.close()
        with zipfile.ZipFile(tmp) as zin:
            members = [(i.filename, zin.read(i)) for i in zin.infolist()]
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_STORED) as zo:
            for name, data in members:
                zo.writestr(name, data)
        raw = bytearray(tmp.read_bytes())
        at = raw.index("(주)".encode())
        raw[at:at + 5] = "(유)".encode()
        path.write_bytes(bytes(raw))
        tmp.unlink()
    return path


def hostile(name: str) -> dict[str, str]:
    """Run reader `name` on both hostile files in fresh processes (address space capped at
    8 GB so an allocation of the bounding box fails instead of swapping)."""
    out = {}
    for kind, path in (("crc_sheet", crc_damaged_book()), ("crc_sst", crc_damaged_sst_book()),
                       ("far", far_cell_book())):
        code = (f"import resource, sys; sys.path[:0] = [{str(HERE)!r}, {str(HERE.parent)!r}]\n"
                "resource.setrlimit(resource.RLIMIT_AS, (8 << 30, 8 << 30))\n"
                f"import bench_readers; print(bench_readers.READERS[{name!r}]({str(path)!r}))")
        t = time.perf_counter()
        p = subprocess.run([PY, "-W", "ignore", "-c", code], capture_output=True, text=True)
        secs = time.perf_counter() - t
        if p.returncode == 0:
            verdict = f"read {p.stdout.strip()} rows, no error" if kind != "far" else \
                f"ok ({secs:.1f} s)"
        elif p.returncode < 0 or p.returncode == 134:
            verdict = f"ABORTED (signal {-p.returncode if p.returncode < 0 else 6})"
        else:
            last = (p.stderr.strip().splitlines() or ["?"])[-1][:90]
            verdict = f"raised: {last}"
        out[kind] = verdict
    return out


# --- driver ----------------------------------------------------------------------------------

def child(name: str, path: str) -> None:
    t, c = time.perf_counter(), time.process_time()
    rows = READERS[name](path)
    print(json.dumps({"rows": rows, "work_s": time.perf_counter() - t,
                      "work_cpu": time.process_time() - c,
                      "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--readers", default=",".join(ALL))
    ap.add_argument("--hostile", action="store_true",
                    help="also check each reader on a CRC-damaged file and a far cell")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(*args.child)
        return
    names = args.readers.split(",")
    book = leads_workbook(args.rows)
    header(f"readers on {book.name} ({args.rows:,} rows x 37 columns, "
           f"{book.stat().st_size / 1e6:.0f} MB)")
    runs: dict[str, list[dict[str, float]]] = {n: [] for n in names}
    print(f"{'reader':<22} {'wall s':>7} {'CPU s':>7} {'peak MB':>8}", flush=True)
    rows = []
    for i in range(args.repeat):  # interleaved: each round runs every reader once
        for name in names:
            try:
                r = run([PY, "-W", "ignore", __file__, "--child", name, str(book)])
            except SystemExit as exc:  # a reader that fails or aborts: say so, go on
                print(f"{name:<22} failed: {str(exc)[-200:]}", flush=True)
                continue
            runs[name].append(r)
            if i == args.repeat - 1:
                rs = runs[name]
                med = {k: statistics.median(x[k] for x in rs) for k in ("seconds", "cpu")}
                peak = max(x["peak_mb"] for x in rs)
                extra = hostile(name) if args.hostile else {}
                print(f"{name:<22} {med['seconds']:7.2f} {med['cpu']:7.2f} {peak:8.0f}  "
                      + "  ".join(f"{k}: {v}" for k, v in extra.items()), flush=True)
                rows.append({"reader": name, "rows": args.rows,
                             "wall_s": round(med["seconds"], 2), "cpu_s": round(med["cpu"], 2),
                             "peak_mb": round(peak), **extra})
    print("BENCH " + json.dumps({"bench": "readers", "rows": args.rows, "results": rows},
                                ensure_ascii=False))


if __name__ == "__main__":
    main()
