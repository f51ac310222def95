"""What every benchmark shares: the generated workbooks (built once, cached in bench/out/) and
fresh-process timing with peak memory.

Workbooks, "as issue 14 describes" (how a user's exported or scripted workbook looks):

* :func:`leads_workbook` — one Leads sheet (``리드``) of 37 columns: the team workbook's Leads
  headers in Korean, less the three BANT result columns ``validate`` writes. Korean text
  (``(주)한빛소프트 3412``, Korean contact names and notes), dates as real dates (serials with a
  date format), amounts as numbers, a weighted-amount formula with its cached value; written
  by XlsxWriter with ``constant_memory`` (so every string is an inline string, as such files
  have). 10k / 100k / 1M rows.
* :func:`summary_workbook` — the same Leads sheet plus ``이력`` (History) and ``활동``
  (Activities) sheets of related rows (100k + 300k + 300k for the issue).
* :func:`rep_folder` — real rep team workbooks written by ``python -m salesxl demo``
  (N reps x 2,000 leads, with their activities, objections, history and customer files).

Timing: :func:`run` runs one side in a fresh process and returns its wall seconds (interpreter
start-up and imports included, as a user sees them) and the peak resident memory of its whole
process tree (sampled every 100 ms, and never below the kernel's ``ru_maxrss``);
:func:`pairs` interleaves ours/baseline runs and reports medians and the median of the
per-pair ratios. Every script ends with one ``BENCH {json}`` line that ``run_all.py`` collects.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent / "out"
ROOT = Path(__file__).resolve().parent.parent
# every child process imports the salesxl of this checkout: run from bench/, `python -m
# salesxl` would otherwise find the editable install, which may be another checkout's.
# SALESXL_BENCH_ROOT names another checkout to measure instead (bench/against_commit.py).
SALESXL_ROOT = Path(os.environ.get("SALESXL_BENCH_ROOT") or ROOT)
os.environ["PYTHONPATH"] = os.pathsep.join(
    p for p in (str(SALESXL_ROOT), os.environ.get("PYTHONPATH", "")) if p)
sys.path.insert(0, str(SALESXL_ROOT))
PY = sys.executable
TODAY = dt.date(2026, 11, 27)

# The Leads columns of the Korean team workbook (salesxl/schema.py LEADS), in template order,
# without bant_status / bant_score / bant_missing: 37 columns.
LEADS_37 = [
    "리드 ID", "등록일", "담당자", "회사명", "담당자명", "직함", "이메일", "전화번호", "유입 경로",
    "유입 유형", "업종", "지역", "고객 등급", "예산 금액", "통화", "예산 확정", "의사결정자 여부",
    "의사결정자", "요구사항", "요구 수준", "결정 예정일", "단계", "단계 변경일", "결과", "실패 사유",
    "재개일", "종결 기법", "거래 금액", "확률", "가중 금액", "예상 종결일", "최근 연락일",
    "다음 연락일", "연락 방법", "연락 상태", "소개자", "메모",
]
HISTORY_7 = ["리드 ID", "이전 단계", "다음 단계", "변경 일시", "변경자", "강제 여부", "사유"]
ACTIVITIES_6 = ["리드 ID", "일자", "유형", "담당자", "내용", "다음 단계"]

SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN = ["민준", "서연", "도윤", "지우", "하준", "서윤", "지호", "하은", "준우", "민서", "현우",
         "수아", "지훈", "예린", "승민", "다인", "성호", "유진", "태희", "동현"]
COMPANY_HEAD = ["(주)", "", "", "주식회사 ", ""]
COMPANY_NAME = ["한빛", "대한", "세종", "미래", "새한", "우리", "태평양", "동방", "신성", "그린",
                "서해", "푸른", "하나", "누리", "가온"]
COMPANY_TAIL = ["소프트", "물산", "테크", "전자", "산업", "정밀", "유통", "건설", "로지스", "바이오"]
TITLES = ["대표", "이사", "부장", "차장", "과장", "대리", "팀장", "매니저"]
SOURCES = [("블로그", "인바운드"), ("검색 광고", "인바운드"), ("SEO", "인바운드"),
           ("세미나", "인바운드"), ("전시회", "아웃바운드"), ("콜드콜", "아웃바운드"),
           ("소개", "아웃바운드"), ("이메일 캠페인", "아웃바운드")]
INDUSTRIES = ["제조", "유통", "IT", "금융", "건설", "물류", "교육", "의료", "식품"]
REGIONS = ["서울", "부산", "대구", "인천", "광주", "대전", "울산", "경기", "강원", "제주"]
NEEDS = ["재고 관리 자동화", "보고서 작성 시간 단축", "품질 불량률 개선", "ERP 연동",
         "영업 파이프라인 가시화", "고객 이탈 방지", "물류 비용 절감", "현장 점검 모바일화"]
LEVELS = ["높음", "보통", "낮음"]
STAGES = ["리드 발굴", "리드 자격 확인", "요구사항 평가", "영업 홍보/제품 시연", "제안 및 이의 처리",
          "종결", "주문 완료", "승격", "일시 중단", "주문 실패"]
PROBABILITY = [0.1, 0.2, 0.4, 0.6, 0.75, 0.9, 1.0, 1.0, 0.0, 0.0]
OUTCOME = {6: "주문 완료", 7: "승격", 8: "일시 중단", 9: "주문 실패"}
LOST = ["예산 부족", "경쟁사 선택", "응답 없음", "시기 미정"]
CLOSING = ["직접 종결법", "가정 종결법", "기회 종결법", "체험 종결법", "경제적 계산 종결법"]
CHANNELS = ["전화", "방문", "이메일", "미팅", "메시지"]
FOLLOW = ["예정", "지연", "오늘", "없음"]
NOTES = ["", "", "", "재연락 요망", "가격 문의 & 견적 요청", "담당자 부재, 다음 주 <화요일> 통화",
         "데모 일정 협의 중", "\"긴급\" 검토 요청", "=담당자 확인", "계약서 초안 송부\n법무 검토 대기"]
ACTIVITY = ["전화", "방문", "이메일", "미팅", "데모"]
ACT_NOTES = ["통화: 요구사항 확인", "제품 소개 자료 송부", "현장 방문 및 시연", "견적 협의",
             "담당자 교체 안내 받음"]

EPOCH = dt.date(1899, 12, 30)
BASE_SERIAL = (dt.date(2025, 6, 1) - EPOCH).days  # 45809


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def _lead_row(rng: random.Random, i: int, reps: Sequence[str]) -> list[Any]:
    """One lead as 37 raw cell values; dates as serial numbers (written with a date style)."""
    created = BASE_SERIAL + rng.randrange(540)
    stage = rng.randrange(len(STAGES))
    source, source_type = rng.choice(SOURCES)
    budget = float(rng.choice([3, 5, 8, 12, 20, 35, 50, 80, 120]) * 1_000_000) \
        if rng.random() < 0.7 else None
    deal = float(rng.randrange(1, 500) * 100_000)
    prob = PROBABILITY[stage]
    n = rng.randrange(10_000)
    return [
        f"L-{i:07d}", created, reps[i % len(reps)],
        f"{rng.choice(COMPANY_HEAD)}{rng.choice(COMPANY_NAME)}{rng.choice(COMPANY_TAIL)} {n}",
        _person(rng), rng.choice(TITLES), f"user{i}@co{n}.co.kr",
        f"010-{rng.randrange(1000, 10000)}-{rng.randrange(1000, 10000)}", source, source_type,
        rng.choice(INDUSTRIES), rng.choice(REGIONS), rng.choice("ABCD"), budget, "KRW",
        rng.choice(["예", "아니오"]), rng.choice(["예", "아니오"]),
        _person(rng) if rng.random() < 0.6 else None, rng.choice(NEEDS), rng.choice(LEVELS),
        created + rng.randrange(30, 200), STAGES[stage], created + rng.randrange(0, 30),
        OUTCOME.get(stage), rng.choice(LOST) if stage == 9 else None,
        created + 120 if stage == 8 else None,
        rng.choice(CLOSING) if stage >= 5 and rng.random() < 0.7 else None,
        deal, prob, ("F", deal * prob), created + rng.randrange(60, 240),
        created + rng.randrange(0, 60), created + rng.randrange(60, 90) if stage < 6 else None,
        rng.choice(CHANNELS), rng.choice(FOLLOW),
        _person(rng) if rng.random() < 0.1 else None, rng.choice(NOTES) or None,
    ]


DATE_COLS = {1, 20, 22, 25, 30, 31, 32}
AMOUNT_COLS = {13, 27, 29}
PERCENT_COLS = {28}


def _write_leads(wb: Any, name: str, rows: int, seed: int) -> None:
    rng = random.Random(seed)
    ws = wb.add_worksheet(name)
    head = wb.add_format({"bold": True})
    fmt = {c: wb.add_format({"num_format": "yyyy-mm-dd"}) for c in DATE_COLS}
    money = wb.add_format({"num_format": "#,##0"})
    pct = wb.add_format({"num_format": "0%"})
    fmt.update({c: money for c in AMOUNT_COLS})
    fmt.update({c: pct for c in PERCENT_COLS})
    ws.write_row(0, 0, LEADS_37, head)
    reps = [_person(random.Random(k)) for k in range(20)]
    write_string, write_number = ws.write_string, ws.write_number
    for r in range(1, rows + 1):
        for c, v in enumerate(_lead_row(rng, r, reps)):
            if v is None:
                continue
            if isinstance(v, str):
                write_string(r, c, v)
            elif isinstance(v, tuple):  # =deal amount x probability, with its cached value
                ws.write_formula(r, c, f"=AB{r + 1}*AC{r + 1}", fmt[c], v[1])
            else:
                write_number(r, c, v, fmt.get(c))


def _workbook(path: Path) -> Any:
    import xlsxwriter

    return xlsxwriter.Workbook(str(path), {
        "constant_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
        "strings_to_urls": False})


def _cached(path: Path, build: Any) -> Path:
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".tmp-{os.getpid()}-{path.name}")
    t = time.perf_counter()
    build(tmp)
    tmp.replace(path)
    print(f"[built {path.name}: {path.stat().st_size / 1e6:.1f} MB in "
          f"{time.perf_counter() - t:.0f} s]", file=sys.stderr, flush=True)
    return path


def leads_workbook(rows: int, seed: int = 1) -> Path:
    """The 37-column Korean Leads workbook of `rows` leads (cached in bench/out/)."""

    def build(tmp: Path) -> None:
        wb = _workbook(tmp)
        _write_leads(wb, "리드", rows, seed)
        wb.close()

    return _cached(OUT / f"leads37_{rows}.xlsx", build)


def summary_workbook(leads: int, history: int, activities: int, seed: int = 2) -> Path:
    """Leads (37 columns) + History + Activities sheets of related rows (cached)."""

    def build(tmp: Path) -> None:
        wb = _workbook(tmp)
        _write_leads(wb, "리드", leads, seed)
        rng = random.Random(seed + 1)
        when = wb.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        day = wb.add_format({"num_format": "yyyy-mm-dd"})
        ws = wb.add_worksheet("이력")
        ws.write_row(0, 0, HISTORY_7)
        for r in range(1, history + 1):
            lead = rng.randrange(1, leads + 1)
            step = rng.randrange(6)
            ws.write_string(r, 0, f"L-{lead:07d}")
            ws.write_string(r, 1, STAGES[step])
            ws.write_string(r, 2, STAGES[step + 1])
            ws.write_number(r, 3, BASE_SERIAL + rng.randrange(540) + rng.randrange(96) / 96, when)
            ws.write_string(r, 4, _person(rng))
            ws.write_string(r, 5, "아니오")
        ws = wb.add_worksheet("활동")
        ws.write_row(0, 0, ACTIVITIES_6)
        for r in range(1, activities + 1):
            ws.write_string(r, 0, f"L-{rng.randrange(1, leads + 1):07d}")
            ws.write_number(r, 1, BASE_SERIAL + rng.randrange(540), day)
            ws.write_string(r, 2, rng.choice(ACTIVITY))
            ws.write_string(r, 3, _person(rng))
            ws.write_string(r, 4, rng.choice(ACT_NOTES))
        wb.close()

    return _cached(OUT / f"summary_{leads}_{history}_{activities}.xlsx", build)


def rep_folder(files: int, leads: int = 2000) -> Path:
    """A folder of `files` real rep workbooks of `leads` leads each, by ``salesxl demo``."""
    root = OUT / f"reps_{files}x{leads}"
    folder = root / "reps"
    if not (root / ".done").exists():
        shutil.rmtree(root, ignore_errors=True)
        t = time.perf_counter()
        subprocess.run([PY, "-m", "salesxl", "demo", "--out", str(root), "--reps", str(files),
                        "--leads", str(files * leads), "--today", TODAY.isoformat()],
                       check=True, stdout=subprocess.DEVNULL)
        (root / ".done").write_text("")
        print(f"[built {files} rep workbooks in {time.perf_counter() - t:.0f} s]",
              file=sys.stderr, flush=True)
    return folder


def fresh_copy(src: Path, name: str) -> Path:
    dst = OUT / "work" / name
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dst)
    return dst


# --- timing ---------------------------------------------------------------------------------

def _tree_rss(proc: Any) -> int:
    import psutil

    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            total += p.memory_info().rss
    return total


def run(argv: Sequence[str], before: Any = None) -> dict[str, float]:
    """Run `argv` in a fresh process: wall seconds and peak RSS (MB) of its process tree.

    `before` (a callable) runs first, untimed (e.g. making a fresh copy of the workbook).
    """
    import psutil

    if before is not None:
        before()
    peak = 0
    done = threading.Event()
    t = time.perf_counter()
    # stderr to a file, not a pipe: nothing reads a pipe until the process ends, so a
    # command that says more than the pipe holds (64 KB) would block on it forever
    with tempfile.TemporaryFile() as errfile:
        proc = subprocess.Popen(list(argv), stdout=subprocess.DEVNULL, stderr=errfile)
        ps = psutil.Process(proc.pid)

        def sample() -> None:
            nonlocal peak
            while not done.is_set():
                with contextlib.suppress(psutil.Error):
                    peak = max(peak, _tree_rss(ps))
                time.sleep(0.1)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t
        done.set()
        sampler.join()
        errfile.seek(0)
        err = errfile.read().decode(errors="replace")
    code = os.waitstatus_to_exitcode(status)
    proc.returncode = code
    if code:
        raise SystemExit(f"failed ({code}): {' '.join(argv)}\n{err[-3000:]}")
    peak = max(peak, usage.ru_maxrss * 1024)
    # CPU seconds of the process and the children it waited for: less sensitive than wall time
    # to other work on a shared machine (but blind to time spent waiting on disk).
    cpu = usage.ru_utime + usage.ru_stime
    return {"seconds": seconds, "peak_mb": peak / 1024**2, "cpu": cpu}


def py(code: str) -> list[str]:
    """argv of a fresh Python process running `code` (warnings silenced)."""
    return [PY, "-W", "ignore", "-c", code]


def salesxl_cli(*args: str) -> list[str]:
    return [PY, "-m", "salesxl", *args]


def pairs(ours: Sequence[str], base: Sequence[str], repeat: int,
          before: Any = None) -> dict[str, Any]:
    """`repeat` interleaved (ours, baseline) runs: medians, median per-pair ratio, max peaks."""
    o_runs, b_runs = [], []
    for _ in range(repeat):
        b_runs.append(run(base, before))
        o_runs.append(run(ours, before))
    ratios = [b["seconds"] / o["seconds"] for o, b in zip(o_runs, b_runs, strict=True)]
    cpu_ratios = [b["cpu"] / o["cpu"] for o, b in zip(o_runs, b_runs, strict=True)]
    return {
        "ours_s": statistics.median(r["seconds"] for r in o_runs),
        "base_s": statistics.median(r["seconds"] for r in b_runs),
        "ratio": statistics.median(ratios),  # baseline seconds / ours: > 1 = we are faster
        "cpu_ratio": statistics.median(cpu_ratios),
        "ours_cpu": statistics.median(r["cpu"] for r in o_runs),
        "base_cpu": statistics.median(r["cpu"] for r in b_runs),
        "ours_mb": max(r["peak_mb"] for r in o_runs),
        "base_mb": max(r["peak_mb"] for r in b_runs),
        "pairs": repeat,
    }


def repeated(argv: Sequence[str], repeat: int, before: Any = None) -> dict[str, float]:
    runs = [run(argv, before) for _ in range(repeat)]
    return {"seconds": statistics.median(r["seconds"] for r in runs),
            "cpu": statistics.median(r["cpu"] for r in runs),
            "peak_mb": max(r["peak_mb"] for r in runs)}


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.1f}/{five:.1f} on {os.cpu_count()} cores"


def emit(name: str, **fields: Any) -> None:
    """The one machine-readable line run_all.py collects."""
    print("BENCH " + json.dumps({"bench": name, "load": os.getloadavg()[0], **fields},
                                ensure_ascii=False), flush=True)


def header(title: str) -> None:
    print(f"== {title}  ({time.strftime('%Y-%m-%d %H:%M')}, {load()}, "
          f"Python {sys.version.split()[0]})", flush=True)


def report(name: str, size: str, res: dict[str, Any], *, bar: str, ok: bool | None,
           share: bool = False, **extra: Any) -> None:
    """Print the human lines and the BENCH line of one comparison from :func:`pairs`.

    `share`: the issue states this bar as ours / baseline (e.g. validate <= 0.15 of
    read_excel) rather than as a speed-up.
    """
    o, b = res["ours_s"], res["base_s"]
    print(f"  baseline : {b:8.2f} s wall {res['base_cpu']:8.2f} s CPU  "
          f"peak {res['base_mb']:7.0f} MB")
    print(f"  salesxl  : {o:8.2f} s wall {res['ours_cpu']:8.2f} s CPU  "
          f"peak {res['ours_mb']:7.0f} MB")
    verdict = "OK" if ok else "MISSED" if ok is not None else "-"
    if share:
        print(f"  share of the baseline: {1 / res['ratio']:.2f} wall, "
              f"{1 / res['cpu_ratio']:.2f} CPU (median of {res['pairs']} pairs)   "
              f"bar {bar}: {verdict}")
    else:
        print(f"  speed-up: {res['ratio']:.1f}x wall, {res['cpu_ratio']:.1f}x CPU "
              f"(median of {res['pairs']} pairs)   bar {bar}: {verdict}")
    emit(name, size=size, ours_s=round(o, 3), base_s=round(b, 3),
         ratio=round(res["ratio"], 3), share=round(1 / res["ratio"], 3),
         cpu_ratio=round(res["cpu_ratio"], 3), ours_mb=round(res["ours_mb"]),
         base_mb=round(res["base_mb"]), pairs=res["pairs"], bar=bar, ok=ok, as_share=share,
         **extra)
