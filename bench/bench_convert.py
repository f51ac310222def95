"""Convert 200 legacy files: salesxl convert vs the obvious pandas baseline, same run.

The files (generated once into bench/out/convert_legacy_<n>_<min>_<max>/, seed 7) mix what a
company has: .xlsx with a title row, a totals row or a merged two-row header, Excel 97-2003
.xls (some phones stored as numbers), CP949 and UTF-8-with-BOM CSVs, UTF-16 TSVs and a few
.ods; Korean and abbreviated English headers, text dates in five forms, "500만원" amounts,
legacy stage words. Rows per file are uniform in [--min-rows, --max-rows].

* salesxl: ``salesxl.convert(folder, outdir, workers=N)`` — reads (python-calamine), finds the
  header, maps headers (labels, then rapidfuzz), converts every value and writes one
  standard team workbook per file, plus the report and the mapping.
* baseline: per file ``pandas.read_excel(path, header=None)`` with the default engine
  (openpyxl / xlrd / odf; ``read_csv`` for text files, UTF-8 then CP949), the header row found
  by exact label matches, then a per-row loop calling ``salesxl.core.values.read_value`` on each
  mapped cell, and ``DataFrame.to_excel`` (openpyxl) of the converted rows.

Like for like, the baseline (read + per-row conversion, no output) is compared with
``salesxl convert --dry-run`` (read, find the header, map, convert every row, write only the
report and the mapping): target >= 5x. salesxl writing its team workbooks is timed too, and
with ``--baseline-write`` the baseline writing its rows with ``DataFrame.to_excel``; and the
speed-up from 1 to 2 worker processes.

Issue 14's row ("convert 200 legacy files end to end vs baseline + to_excel, >= 5x") is
``--end-to-end``: only the baseline writing its outputs with ``to_excel`` and ``python -m salesxl
convert FOLDER -o OUT --force`` writing team workbooks, each in a fresh process (wall seconds,
CPU seconds and peak memory of the process tree), interleaved, medians of --repeat pairs.

Run: python bench/bench_convert.py [--files 200] [--min-rows 500] [--max-rows 5000]
                                   [--workers 1 2] [--no-baseline] [--baseline-write]
     python bench/bench_convert.py --end-to-end [--files 200] [--workers 2] [--repeat 1]
"""

from __future__ import annotations

import argparse
import codecs
import csv
import datetime as dt
import io
import os
import random
import shutil
import time
import warnings
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent / "out"

KO_HEADERS = ["번호", "고객사", "담당자명", "연락처", "이메일", "예산", "진행상황", "등록일", "비고",
              "지역"]
EN_HEADERS = ["Co.", "Contact", "Tel", "E-mail", "Amt", "Status", "Date", "Owner's memo",
              "Region", "Source"]
STAGES_KO = ["상담중", "계약완료", "보류", "실패", "제안", "협상", "신규", "시연"]
STAGES_EN = ["Prospecting", "Qualification", "Proposal", "Closed Won", "Closed Lost", "On hold",
             "Negotiation", "Demo"]
REGIONS = ["서울", "부산", "대구", "인천", "광주", "대전", "울산", "경기"]
COMPANY = ["한빛", "대한", "세종", "미래", "새한", "우리", "태평양", "동방", "신성", "그린"]
SUFFIX = ["소프트", "물산", "테크", "전자", "산업", "정밀", "유통", "건설"]
PEOPLE = ["김민수", "이영희", "박지훈", "최승민", "정다인", "강서준", "조하나", "윤도윤"]
NOTES = ["", "", "", "재연락 요망", "가격 문의", "=담당자 확인", "견적 발송", "데모 일정 협의"]


def _date_text(rng: random.Random, d: dt.date) -> str:
    return rng.choice([d.isoformat(), f"{d:%Y.%m.%d}", f"{d.year}. {d.month}. {d.day}.",
                       f"{d.year}년 {d.month}월 {d.day}일", f"{d:%Y/%m/%d}"])


def _row(rng: random.Random, i: int, english: bool, binary: bool) -> list[Any]:
    d = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(3600))
    amount = rng.randrange(1, 500) * 1_000_000
    phone: Any = f"010-{rng.randrange(1000, 9999)}-{rng.randrange(1000, 9999)}"
    if binary and rng.random() < 0.3:
        phone = float(phone.replace("-", ""))
    company = f"{rng.choice(COMPANY)}{rng.choice(SUFFIX)} {i}"
    contact = rng.choice(PEOPLE)
    email = f"user{i}.{rng.randrange(10**6)}@example{rng.randrange(500)}.co.kr"
    money: Any = amount if binary and rng.random() < 0.6 else f"{amount // 10_000:,}만원"
    date: Any = d if binary and rng.random() < 0.5 else _date_text(rng, d)
    if english:
        return [company, contact, phone, email, money, rng.choice(STAGES_EN), date,
                rng.choice(NOTES), rng.choice(REGIONS), rng.choice(["Blog", "Referral", "Expo"])]
    return [i, company, contact, phone, email, money, rng.choice(STAGES_KO), date,
            rng.choice(NOTES), rng.choice(REGIONS)]


def _grid(rng: random.Random, rows: int, english: bool, binary: bool) -> list[list[Any]]:
    grid: list[list[Any]] = []
    if rng.random() < 0.5:
        grid += [["영업 현황 (구 양식)" if not english else "Sales status (old sheet)"], []]
    grid.append(list(EN_HEADERS if english else KO_HEADERS))
    grid += [_row(rng, i, english, binary) for i in range(1, rows + 1)]
    if rng.random() < 0.5:
        grid.append(["합계" if not english else "Total", "", "", "", "", "", "", "", "", ""])
    return grid


def _write_xlsx(path: Path, grid: list[list[Any]]) -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False,
                                         "strings_to_numbers": False, "constant_memory": True})
    ws = wb.add_worksheet("Sheet1")
    fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    for r, row in enumerate(grid):
        for c, v in enumerate(row):
            if isinstance(v, dt.date):
                ws.write_datetime(r, c, dt.datetime(v.year, v.month, v.day), fmt)
            elif isinstance(v, (int, float)):
                ws.write_number(r, c, v)
            elif v:
                ws.write_string(r, c, v)
    wb.close()


def _write_xls(path: Path, grid: list[list[Any]]) -> None:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet("Sheet1")
    style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for r, row in enumerate(grid):
        for c, v in enumerate(row):
            if isinstance(v, dt.date):
                ws.write(r, c, v, style)
            elif v != "":
                ws.write(r, c, v)
    book.save(str(path))


def _write_ods(path: Path, grid: list[list[Any]]) -> None:
    import pandas as pd

    width = max(len(row) for row in grid)
    pd.DataFrame([list(row) + [""] * (width - len(row)) for row in grid]).to_excel(
        path, engine="odf", index=False, header=False)


def _write_text(path: Path, grid: list[list[Any]], encoding: str, delimiter: str) -> None:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(
        [["" if v is None else (v.isoformat() if isinstance(v, dt.date) else str(v))
          for v in row] for row in grid])
    text = buf.getvalue()
    if encoding == "utf-16":
        path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    else:
        path.write_bytes(text.encode(encoding))


KINDS = (["xlsx"] * 40 + ["xls"] * 20 + ["cp949"] * 20 + ["utf8bom"] * 8 + ["tsv16"] * 10
         + ["ods"] * 2)


def make_files(n: int, lo: int, hi: int, seed: int = 7) -> tuple[Path, int]:
    """The legacy files (cached) and their total data rows."""
    folder = OUT / f"convert_legacy_{n}_{lo}_{hi}"
    stamp = folder / ".rows"
    if stamp.exists():
        return folder, int(stamp.read_text())
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    rng = random.Random(seed)
    total = 0
    for i in range(n):
        kind = KINDS[i % len(KINDS)]
        rows = rng.randint(lo, min(hi, 1000) if kind == "ods" else hi)
        english = rng.random() < 0.35
        grid = _grid(rng, rows, english, binary=kind in ("xlsx", "xls", "ods"))
        total += rows
        stem = f"{i:03d}_{'en' if english else 'ko'}_legacy"
        if kind == "xlsx":
            _write_xlsx(folder / f"{stem}.xlsx", grid)
        elif kind == "xls":
            _write_xls(folder / f"{stem}.xls", grid)
        elif kind == "ods":
            _write_ods(folder / f"{stem}.ods", grid)
        elif kind == "cp949":
            _write_text(folder / f"{stem}.csv", grid, "cp949", ",")
        elif kind == "utf8bom":
            _write_text(folder / f"{stem}.csv", grid, "utf-8-sig", ",")
        else:
            _write_text(folder / f"{stem}.tsv", grid, "utf-16", "\t")
    stamp.write_text(str(total))
    return folder, total


# --- the baseline ---------------------------------------------------------------------------

def baseline_file(path: Path, out: Path | None) -> int:
    """pandas.read_excel (default engine) + header search + per-row read_value (+ to_excel).

    Returns the number of rows converted.
    """
    import pandas as pd

    from salesxl.core.config import Config
    from salesxl.core.parse import ParseError
    from salesxl.core.schema import LEADS
    from salesxl.core.values import read_value

    cfg = Config.default()
    if path.suffix in (".csv", ".tsv"):
        raw = path.read_bytes()
        enc = ("utf-16" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig")
        try:
            raw.decode(enc)
        except UnicodeDecodeError:
            enc = "cp949"
        df = pd.read_csv(path, header=None, names=range(64), dtype=str, encoding=enc,
                         keep_default_na=False, sep="\t" if path.suffix == ".tsv" else ",")
        df = df.dropna(axis=1, how="all")  # title rows are shorter: read 64 columns, drop extra
    else:
        df = pd.read_excel(path, header=None)
    header, mapping = 0, {}
    for r in range(min(30, len(df))):
        found = {c: LEADS.match_header(v) for c, v in enumerate(df.iloc[r]) if isinstance(v, str)}
        found = {c: k for c, k in found.items() if k}
        if len(found) > len(mapping):
            header, mapping = r, found
    rows = []
    for _, row in df.iloc[header + 1:].iterrows():
        rec: dict[str, Any] | None = {}
        for c, key in mapping.items():
            try:
                value = read_value(LEADS.column(key), row[c], cfg)
            except ParseError:
                rec = None
                break
            if value is not None:
                rec[key] = value  # type: ignore[index]
        if rec and any(rec.get(k) for k in ("company", "contact_name", "email", "phone")):
            rows.append(rec)
    if out is not None:
        pd.DataFrame(rows).to_excel(out, index=False)
    return len(rows)


class Timer:
    """Wall seconds and CPU seconds (this process and its finished worker processes)."""

    def __enter__(self) -> Timer:
        self.wall, self.cpu = time.perf_counter(), _cpu()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall, self.cpu = time.perf_counter() - self.wall, _cpu() - self.cpu


def _cpu() -> float:
    import resource

    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + kids.ru_utime + kids.ru_stime


def run_baseline(folder: Path, out: Path | None) -> Timer:
    if out is not None:
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
    with Timer() as t:
        for path in sorted(p for p in folder.iterdir() if not p.name.startswith(".")):
            baseline_file(path, None if out is None else out / f"{path.stem}.xlsx")
    return t


def run_salesxl(folder: Path, out: Path, workers: int, dry_run: bool) -> tuple[Timer, Any]:
    import salesxl

    shutil.rmtree(out, ignore_errors=True)
    with Timer() as t:
        result = salesxl.convert(folder, out, workers=workers, dry_run=dry_run, force=True)
    return t, result


def end_to_end(folder: Path, rows: int, workers: int, repeat: int) -> None:
    """Issue 14's row: baseline + to_excel vs salesxl convert, fresh processes, same run."""
    from common import PY, header, pairs, report, salesxl_cli

    n = sum(1 for p in folder.iterdir() if not p.name.startswith("."))
    header(f"convert {n} legacy files ({rows:,} rows) end to end vs baseline + to_excel")
    out = OUT / "convert_e2e"
    res = pairs(salesxl_cli("convert", str(folder), "-o", str(out / "salesxl"), "--force",
                            "--workers", str(workers)),
                [PY, "-W", "ignore", __file__, "--child-baseline", str(folder),
                 str(out / "baseline")], repeat)
    report("convert", f"{n} files, {rows:,} rows, {workers} worker(s)", res, bar=">= 5x",
           ok=res["ratio"] >= 5)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--files", type=int, default=200)
    ap.add_argument("--min-rows", type=int, default=500)
    ap.add_argument("--max-rows", type=int, default=5000)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--no-baseline", action="store_true", help="time salesxl only")
    ap.add_argument("--baseline-write", action="store_true",
                    help="also time the baseline writing its outputs with to_excel (slow)")
    ap.add_argument("--end-to-end", action="store_true",
                    help="issue 14's row only: baseline + to_excel vs salesxl convert writing, "
                         "each in fresh processes")
    ap.add_argument("--repeat", type=int, default=1, help="pairs for --end-to-end")
    ap.add_argument("--child-baseline", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    warnings.filterwarnings("ignore", message=r"The (default|xlrd) engine")
    if args.child_baseline:
        run_baseline(Path(args.child_baseline[0]), Path(args.child_baseline[1]))
        return
    t0 = time.perf_counter()
    folder, rows = make_files(args.files, args.min_rows, args.max_rows)
    if args.end_to_end:
        end_to_end(folder, rows, max(args.workers), args.repeat)
        return
    n = args.files
    print(f"{n} legacy files, {rows:,} data rows in {folder} (generated/cached in "
          f"{time.perf_counter() - t0:.1f} s); {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
    print(f"{'':<50}{'wall s':>8} {'files/s':>8} {'rows/s':>9} {'CPU s':>8}")

    def line(name: str, t: Timer) -> None:
        print(f"{name:<50}{t.wall:8.1f} {n / t.wall:8.2f} {rows / t.wall:9,.0f} {t.cpu:8.1f}")

    base = base_write = None
    if not args.no_baseline:
        base = run_baseline(folder, None)
        line("baseline: read_excel + per-row conversion", base)
    dry: dict[int, Timer] = {}
    full: dict[int, Timer] = {}
    for w in args.workers:
        dry[w], res = run_salesxl(folder, OUT / f"convert_dry_w{w}", w, dry_run=True)
        assert res.rows_in == res.converted + res.rejected == rows, res.rows_in
        line(f"salesxl convert --dry-run, {w} worker(s)", dry[w])
    for w in args.workers:
        full[w], res = run_salesxl(folder, OUT / f"convert_out_w{w}", w, dry_run=False)
        line(f"salesxl convert (writes workbooks), {w} worker(s)", full[w])
    if args.baseline_write:
        base_write = run_baseline(folder, OUT / "convert_out_baseline")
        line("baseline + DataFrame.to_excel", base_write)
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    a, b = min(args.workers), max(args.workers)
    if a != b:
        print(f"speed-up (wall) from {a} to {b} worker processes: "
              f"{dry[a].wall / dry[b].wall:.2f}x dry run, {full[a].wall / full[b].wall:.2f}x writing")
    if base is not None:
        for w in args.workers:
            ratio = base.wall / dry[w].wall
            print(f"read + convert, {w} worker(s): {ratio:.1f}x the baseline wall time, "
                  f"{base.cpu / dry[w].cpu:.1f}x its CPU time (target >= 5x) -> "
                  f"{'OK' if ratio >= 5 else 'MISSED'}")
    if base_write is not None:
        for w in args.workers:
            print(f"end to end with writing, {w} worker(s): {base_write.wall / full[w].wall:.1f}x "
                  f"the baseline + to_excel wall time, {base_write.cpu / full[w].cpu:.1f}x CPU")


if __name__ == "__main__":
    main()
