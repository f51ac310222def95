"""Benchmark: the learned win probability on 10,000 closed deals, against least squares.

Builds a demo team (`salesxl.commands.demo_data.make_team`) big enough for about 10,000
closed deals, then times, in this process (median of --repeat runs):

- ``snapshots``: one row per stage each closed deal left, one per open lead;
- ``fit``: the L2-regularised logistic regression by Newton's method (IRLS);
- ``score``: probabilities and the three reasons of every open lead;
- ``backtest``: one more fit on the deals closed by the 70 % date, scored on the rest;
- the baseline: ``numpy.linalg.lstsq`` on the same design matrix (a linear probability model,
  the cheapest regression there is), so ``fit / lstsq`` says what the logistic model costs.

Target (issue 13): the fit well under a second on 10,000 closed deals.

Usage:
    python bench/bench_score.py [--leads 18000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from collections.abc import Callable
from typing import Any

TODAY = dt.date(2026, 12, 7)


CPU: dict[str, float] = {}


def median_seconds(fn: Callable[[], Any], repeat: int, name: str = "") -> tuple[float, Any]:
    """Median wall-clock seconds of `repeat` calls (CPU seconds of this process kept in CPU:
    on a busy machine they say what the work costs, the wall clock what waiting adds)."""
    times, cpu, result = [], [], None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = fn()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    CPU[name] = statistics.median(cpu)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leads", type=int, default=18_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    import numpy as np
    import pandas as pd

    from salesxl.commands.demo_data import make_team
    from salesxl.core.config import Config
    from salesxl.core.rules import scoring

    cfg = Config.default()
    team = make_team(reps=20, leads=args.leads, seed=13, today=TODAY)
    tables = {key: pd.DataFrame([row for rep in team for row in rep.tables()[key]])
              for key in ("leads", "activities", "objections", "history")}
    t_snap, snaps = median_seconds(lambda: scoring.snapshots(
        tables["leads"], cfg, TODAY, activities=tables["activities"],
        objections=tables["objections"], history=tables["history"]), args.repeat, "snapshots")
    closed = snaps[snaps["kind"].isin(["won", "lost"])]
    opened = snaps[snaps["kind"] == "open"]
    deals = int(closed["final"].sum())
    t_fit, model = median_seconds(lambda: scoring.fit(closed), args.repeat, "fit")
    t_score, _ = median_seconds(lambda: (model.predict(opened),
                                         model.reasons(opened, cfg, "ko")), args.repeat, "score")
    t_bt, bt = median_seconds(lambda: scoring.backtest(closed, cfg), args.repeat, "backtest")
    x = np.hstack([np.ones((len(closed), 1)), model.design(closed)])
    y = closed["y"].to_numpy(dtype=float)
    t_ls, _ = median_seconds(lambda: np.linalg.lstsq(x, y, rcond=None), args.repeat, "lstsq")
    print(f"{len(tables['leads']):,} leads: {deals:,} closed deals ({len(closed):,} stage rows, "
          f"{x.shape[1]} columns), {len(opened):,} open leads; median of {args.repeat}")
    print("                 wall      CPU")
    print(f"  snapshots     {t_snap:7.3f} s {CPU['snapshots']:7.3f} s")
    print(f"  fit           {t_fit:7.3f} s {CPU['fit']:7.3f} s  ({model.iterations} Newton "
          f"steps; {CPU['fit'] / CPU['lstsq']:.1f}x the CPU of lstsq: {t_ls:.3f} s wall, "
          f"{CPU['lstsq']:.3f} s CPU)")
    print(f"  score + why   {t_score:7.3f} s {CPU['score']:7.3f} s")
    print(f"  backtest      {t_bt:7.3f} s {CPU['backtest']:7.3f} s")
    for view in ("every_stage", "at_close"):
        got = getattr(bt, view)
        print(f"    {view:<12} AUC {got['learned'].auc:.3f} vs stage {got['stage'].auc:.3f}, "
              f"Brier {got['learned'].brier:.3f} vs {got['stage'].brier:.3f} "
              f"({got['learned'].rows:,} rows, {got['learned'].deals:,} deals)")


if __name__ == "__main__":
    main()
