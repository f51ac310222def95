"""`salesxl summary` on a 100k-lead team workbook with 300k History rows.

Reports seconds and peak memory of the whole command, the share spent reading, computing and
writing, and two baselines measured in the same run on the same file: salesxl's reader alone
(the floor of the read share) and pandas reading the Leads and History sheets with its
fastest engine (``engine="calamine"``), i.e. what a notebook pays before computing anything.
Every run is a fresh process on a fresh copy of the workbook.

Run: python bench/bench_summary.py [--leads 100000] [--history 300000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import subprocess
import sys
from pathlib import Path

from common import OUT, measure

TODAY = dt.date(2026, 11, 27)


def team_workbook(leads: int, history: int, seed: int = 3) -> Path:
    """A 20-rep team workbook of ``leads`` leads and ``history`` History rows (cached)."""
    path = OUT / f"team_{leads}_{history}.xlsx"
    if path.exists():
        return path
    from salesxl.commands.demo_data import make_team
    from salesxl.core.config import Config
    from salesxl.io.template import write_team_workbook

    team = make_team(reps=20, leads=leads, seed=seed, today=TODAY)
    rows = {key: [row for rep in team for row in rep.tables()[key]] for key in team[0].tables()}
    _pad_history(rows, history, random.Random(seed))
    path.parent.mkdir(parents=True, exist_ok=True)
    write_team_workbook(path, Config.default(language="ko"), rows, lang="ko",
                        created=dt.datetime(2026, 11, 27, 8))
    return path


def _pad_history(rows: dict[str, list[dict]], target: int, rng: random.Random) -> None:
    """Add back-and-forth moves (a step back, then forward again) until ``target`` rows."""
    from salesxl.core.config import Config

    order = [s.key for s in Config.default().open_stages]
    history = rows["history"]
    candidates = [lead for lead in rows["leads"] if lead["stage"] in order[1:]]
    while len(history) + 2 <= target and candidates:
        lead = rng.choice(candidates)
        stage = lead["stage"]
        back = order[order.index(stage) - 1]
        start = dt.datetime.combine(lead["created_on"], dt.time(10))
        when = start + (dt.datetime.combine(lead["stage_updated_on"], dt.time(9)) - start) / 2
        for frm, to, at in ((stage, back, when), (back, stage, when + dt.timedelta(hours=2))):
            history.append({"lead_id": lead["lead_id"], "from_stage": frm, "to_stage": to,
                            "changed_at": at, "changed_by": lead["rep"], "forced": True,
                            "reason": "bench: back and forth"})
    del history[target:]


def run_summary(path: Path, repeat: int) -> list[dict]:
    """Fresh processes: summary on a fresh copy; seconds per phase and peak RSS."""
    code = (
        "import json, resource, time, datetime as dt\n"
        "from salesxl.summary import summary\n"
        "t0 = time.perf_counter()\n"
        f"s = summary({str(path)!r}, today=dt.date(2026, 11, 27), backup=False)\n"
        "total = time.perf_counter() - t0\n"
        "rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        "print(json.dumps({'total': total, 'peak_mb': rss, **s.seconds, 'leads': s.leads,\n"
        "                  'by_rep': s.by_rep, 'pivot': s.pivot}))\n"
    )
    runs = []
    for _ in range(repeat):
        work = path.with_name(f"bench_copy_{path.name}")
        shutil.copy(path, work)
        out = subprocess.run([sys.executable, "-c", code.replace(str(path), str(work))],
                             capture_output=True, text=True)
        work.unlink()
        if out.returncode:
            raise SystemExit(f"salesxl summary failed:\n{out.stderr}")
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return runs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--leads", type=int, default=100_000)
    ap.add_argument("--history", type=int, default=300_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    path = team_workbook(args.leads, args.history)
    runs = run_summary(path, args.repeat)
    runs.sort(key=lambda r: r["total"])
    med = runs[len(runs) // 2]
    reader = measure(
        "from salesxl.io.read import read_workbook\n"
        f"read_workbook({str(path)!r}, tables=['leads', 'history', 'objections', "
        "'activities'])", args.repeat)
    pandas = measure(
        "import pandas as pd\n"
        f"pd.read_excel({str(path)!r}, sheet_name=['리드', '이력'], engine='calamine')",
        args.repeat)
    size = path.stat().st_size / 1024**2
    print(f"file: {path} ({med['leads']:,} leads, {args.history:,} History rows, "
          f"{size:.0f} MB); split by rep: {med['by_rep']}; pivot at {med['pivot']}")
    print(f"salesxl summary (median of {args.repeat}): {med['total']:6.2f} s   "
          f"peak {max(r['peak_mb'] for r in runs):5.0f} MB")
    for phase in ("read", "compute", "write"):
        print(f"  {phase:8s} {med[phase]:6.2f} s  {med[phase] / med['total']:6.1%}")
    print(f"baseline salesxl read_workbook alone      : {reader['seconds']:6.2f} s   "
          f"peak {reader['peak_mb']:5.0f} MB")
    print(f"baseline pandas.read_excel(calamine) x2   : {pandas['seconds']:6.2f} s   "
          f"peak {pandas['peak_mb']:5.0f} MB")
    print(f"summary / pandas read only: {med['total'] / pandas['seconds']:.2f}x")


if __name__ == "__main__":
    main()
