"""Columnar canonicalisation experiment (issue 14, part B): how close can `export` of the
100k-row Leads sheet to CSV get to 1/15 of `pandas.read_excel`?

Every variant reads the 37-column Korean Leads workbook (bench/common.py), turns raw cells into
canonical values (ISO dates, amounts as numbers — 5 % of the budget cells are made Korean text
such as "500만원" to exercise the fallback — choice labels to their keys, yes/no to booleans)
and writes a CSV; each runs in a fresh process, interleaved with the baseline:

  baseline         pandas.read_excel(path) only (the issue's yardstick)
  percell          python-calamine rows, one Python call per cell, csv.writer (today's shape)
  calamine_cols    python-calamine rows -> columns; per column pandas.factorize, one Python
                   call per *distinct* value, take; pyarrow.csv.write_csv
  fastexcel_cols   fastexcel Arrow columns (typed by fastexcel); the same per-distinct
                   conversion on the columns that need it; pyarrow.csv.write_csv
  stream_cols      salesxl.io.sheetstream chunks of 50k rows (dates as serials) -> the same
                   columnar conversion per chunk -> pyarrow CSV writer, chunk by chunk

Also prints, in one process, the conversion step alone: per cell vs per distinct value.

Run: python bench/bench_columnar.py [--rows 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
from common import DATE_COLS, LEADS_37, OUT, PY, header, leads_workbook, run  # noqa: E402

EPOCH = dt.date(1899, 12, 30)
YES = {"예": True, "아니오": False, "yes": True, "no": False, "y": True, "n": False}
CHOICES: dict[int, dict[str, str]] = {
    9: {"인바운드": "inbound", "아웃바운드": "outbound"},
    12: {k: k for k in "ABCD"},
    19: {"높음": "high", "보통": "medium", "낮음": "low"},
    21: {"리드 발굴": "prospecting", "리드 자격 확인": "qualification",
         "요구사항 평가": "needs_assessment", "영업 홍보/제품 시연": "presentation",
         "제안 및 이의 처리": "proposal", "종결": "closing", "주문 완료": "won", "승격": "upgraded",
         "일시 중단": "on_hold", "주문 실패": "lost"},
    23: {"주문 완료": "won", "승격": "upgraded", "일시 중단": "on_hold", "주문 실패": "lost"},
    26: {"직접 종결법": "direct", "가정 종결법": "assumptive", "기회 종결법": "opportunity",
         "체험 종결법": "experience", "경제적 계산 종결법": "economic"},
    33: {"전화": "call", "방문": "visit", "이메일": "email", "미팅": "meeting", "메시지": "message"},
    34: {"예정": "scheduled", "지연": "overdue", "오늘": "due", "없음": "none"},
}
YESNO = {15, 16}
AMOUNTS = {13, 27, 29}
PERCENT = {28}
KRW = re.compile(r"^\s*([\d,.]+)\s*(억|만)?\s*원?\s*$")


# --- per value parsers (what a per-cell path calls for every cell) ---------------------------

def p_date(v: Any) -> str | None:
    if v is None or v == "":
        return None
    if isinstance(v, dt.datetime):
        return v.date().isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float):
        return (EPOCH + dt.timedelta(days=int(v))).isoformat()
    return dt.date.fromisoformat(str(v).strip()[:10]).isoformat()


def p_amount(v: Any) -> float | None:
    if v is None or v == "":
        return None
    if isinstance(v, (int, float)):
        return float(v)
    m = KRW.match(str(v))
    if not m:
        raise ValueError(v)
    n = float(m.group(1).replace(",", ""))
    return n * {"억": 1e8, "만": 1e4, None: 1}[m.group(2)]


def p_choice(col: int) -> Any:
    table = CHOICES[col]

    def parse(v: Any) -> str | None:
        if v is None or v == "":
            return None
        return table[str(v).strip()]
    return parse


def p_yesno(v: Any) -> bool | None:
    if v is None or v == "":
        return None
    return YES[str(v).strip().lower()]


def p_number(v: Any) -> float | None:
    return None if v is None or v == "" else float(v)


def p_text(v: Any) -> str | None:
    if v is None or v == "":
        return None
    return v.strip() if isinstance(v, str) else str(v)


def parsers() -> list[Any]:
    out = []
    for c in range(len(LEADS_37)):
        out.append(p_date if c in DATE_COLS else p_amount if c in AMOUNTS else
                   p_number if c in PERCENT else p_yesno if c in YESNO else
                   p_choice(c) if c in CHOICES else p_text)
    return out


def korean_amounts(rows: list[list[Any]]) -> None:
    """Every 20th budget cell becomes Korean text, e.g. 50000000.0 -> "5,000만원"."""
    for i in range(1, len(rows), 20):
        v = rows[i][13]
        if isinstance(v, float):
            rows[i][13] = f"{int(v) // 10_000:,}만원"


# --- columnar conversion ---------------------------------------------------------------------

def convert_column(values: Any, parse: Any) -> Any:
    """pandas.factorize, `parse` once per distinct value, take: O(n) in C, O(distinct) in
    Python. Text columns (nearly all values distinct) pass through untouched."""
    import numpy as np
    import pandas as pd

    if parse is p_text:
        s = pd.Series(values, dtype=object)
        return s.where(s != "", None)
    codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    mapped = np.array([parse(u) for u in uniques] + [None], dtype=object)
    return mapped[codes]  # code -1 (missing) picks the trailing None


def to_arrow(columns: list[Any]) -> Any:
    import pyarrow as pa

    arrays = []
    for c, col in enumerate(columns):
        if c in DATE_COLS:
            arrays.append(pa.array(col, type=pa.string(), from_pandas=True))
        else:
            arrays.append(pa.array(col, from_pandas=True))
    return pa.table(arrays, names=[f"c{c}" for c in range(len(columns))])


def v_percell(path: str, out: str) -> int:
    import python_calamine

    rows = python_calamine.CalamineWorkbook.from_path(path).get_sheet_by_index(0).to_python()
    korean_amounts(rows)
    ps = parsers()
    with open(out, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(LEADS_37)
        for row in rows[1:]:
            w.writerow([p(v) for p, v in zip(ps, row, strict=False)])
    return len(rows) - 1


def _columnar_rows(rows: list[list[Any]], writer: Any, ps: list[Any]) -> None:
    cols = list(zip(*rows, strict=True))
    table = to_arrow([convert_column(col, p) for col, p in zip(cols, ps, strict=True)])
    writer.write_table(table)


def v_calamine_cols(path: str, out: str) -> int:
    import pyarrow.csv as pacsv
    import python_calamine

    rows = python_calamine.CalamineWorkbook.from_path(path).get_sheet_by_index(0).to_python()
    korean_amounts(rows)
    ps = parsers()
    cols = list(zip(*rows[1:], strict=True))
    table = to_arrow([convert_column(col, p) for col, p in zip(cols, ps, strict=True)])
    pacsv.write_csv(table, out)
    return table.num_rows


def v_fastexcel_cols(path: str, out: str) -> int:
    import fastexcel
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    batch = fastexcel.read_excel(path).load_sheet(0).to_arrow()
    ps = parsers()
    arrays = []
    for c, col in enumerate(batch.columns):
        if pa.types.is_timestamp(col.type) or pa.types.is_date(col.type):
            arrays.append(pc.strftime(col, format="%Y-%m-%d"))
        elif c in AMOUNTS:  # numbers stay numbers; Korean text (if any) per distinct value
            if pa.types.is_floating(col.type):
                arrays.append(col)
            else:
                arrays.append(pa.array(convert_column(col.to_pylist(), ps[c]),
                                       from_pandas=True))
        elif c in CHOICES or c in YESNO:
            uniques = pc.unique(col).to_pylist()
            table = {u: ps[c](u) for u in uniques}
            keys = pa.array(list(table))
            vals = pa.array(list(table.values()))
            arrays.append(pc.take(vals, pc.index_in(col, value_set=keys)))
        else:
            arrays.append(col)
    pacsv.write_csv(pa.table(arrays, names=[f"c{c}" for c in range(len(arrays))]), out)
    return batch.num_rows


def v_stream_cols(path: str, out: str) -> int:
    import pyarrow.csv as pacsv

    sys.path.insert(0, str(HERE))
    from bench_readers import _sheetstream

    ps = parsers()
    n = 0
    writer = None
    with _sheetstream().open_sheet(path) as s:
        for chunk in s.iter_chunks(rows=50_000, columns=range(len(LEADS_37)), dates="serial"):
            rows = chunk.rows
            if chunk.row_numbers[0] == 1:
                rows = rows[1:]
            korean_amounts([[], *rows])
            cols = list(zip(*rows, strict=True))
            table = to_arrow([convert_column(col, p) for col, p in zip(cols, ps, strict=True)])
            if writer is None:
                writer = pacsv.CSVWriter(out, table.schema)
            writer.write_table(table)
            n += table.num_rows
    if writer is not None:
        writer.close()
    return n


def v_baseline(path: str, out: str) -> int:
    import pandas as pd

    return len(pd.read_excel(path))


VARIANTS = {"baseline": v_baseline, "percell": v_percell, "calamine_cols": v_calamine_cols,
            "fastexcel_cols": v_fastexcel_cols, "stream_cols": v_stream_cols}


def conversion_only(path: Path) -> tuple[float, float]:
    """In one process: the 37 columns' conversion per cell vs per distinct value."""
    import python_calamine

    rows = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0) \
        .to_python()[1:]
    korean_amounts([[], *rows])
    ps = parsers()
    to_arrow([convert_column(col, p) for col, p in zip(zip(*rows[:100], strict=True), ps,
                                                        strict=True)])  # imports, warm-up
    t = time.perf_counter()
    for row in rows:
        [p(v) for p, v in zip(ps, row, strict=False)]
    per_cell = time.perf_counter() - t
    t = time.perf_counter()
    cols = list(zip(*rows, strict=True))
    converted = [convert_column(col, p) for col, p in zip(cols, ps, strict=True)]
    to_arrow(converted)
    per_distinct = time.perf_counter() - t
    print(f"  conversion alone, {len(rows):,} rows x 37: per cell {per_cell:.2f} s, "
          f"columnar (per distinct value, to Arrow) {per_distinct:.2f} s -> "
          f"{per_cell / per_distinct:.1f}x")
    return per_cell, per_distinct


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--variants", default=",".join(VARIANTS))
    ap.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        name, path, out = args.child
        VARIANTS[name](path, out)
        return
    book = leads_workbook(args.rows)
    names = args.variants.split(",")
    header(f"columnar canonicalisation + CSV, {args.rows:,} rows x 37 columns")
    runs: dict[str, list[dict[str, float]]] = {n: [] for n in names}
    for _ in range(args.repeat):
        for name in names:
            out = OUT / "work" / f"columnar_{name}.csv"
            out.parent.mkdir(parents=True, exist_ok=True)
            runs[name].append(run([PY, "-W", "ignore", __file__, "--child", name, str(book),
                                   str(out)]))
    base = statistics.median(r["seconds"] for r in runs.get("baseline", [{"seconds": 0}]))
    results = []
    for name in names:
        wall = statistics.median(r["seconds"] for r in runs[name])
        cpu = statistics.median(r["cpu"] for r in runs[name])
        peak = max(r["peak_mb"] for r in runs[name])
        share = wall / base if base else float("nan")
        print(f"  {name:<15} {wall:7.2f} s wall {cpu:7.2f} s CPU  peak {peak:6.0f} MB  "
              f"= 1/{1 / share:.1f} of read_excel" if base else "")
        results.append({"variant": name, "wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
                        "peak_mb": round(peak), "vs_read_excel": round(base / wall, 1)})
    per_cell, per_distinct = conversion_only(book)
    print("BENCH " + json.dumps({"bench": "columnar", "rows": args.rows, "results": results,
                                 "conversion_per_cell_s": round(per_cell, 2),
                                 "conversion_columnar_s": round(per_distinct, 2)}))


if __name__ == "__main__":
    main()
