"""The learned win probability's back-test on demo teams of several seeds (not a timing).

docs/scoring.md quotes one demo team (seed 7); 60-odd test deals are few, so this script
runs the same back-test (`salesxl.core.rules.scoring.backtest`, default cutoff) on teams built
with `make_team` for other seeds and prints, per seed, the closed deals, where lost deals were
lost and the AUC and Brier score of the learned probability and of the Config stage defaults,
every stage and at close; then how many teams each side wins.

Usage:
    python bench/score_seeds.py [--seeds 8-15] [--leads 400] [--reps 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's salesxl

TODAY = dt.date(2026, 12, 7)


def seeds(text: str) -> list[int]:
    """'8-15' or '7,9,11' as a list of seeds."""
    if "-" in text:
        low, high = text.split("-")
        return list(range(int(low), int(high) + 1))
    return [int(s) for s in text.split(",")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="8-15")
    parser.add_argument("--leads", type=int, default=400)
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args()

    import pandas as pd

    from salesxl.commands.demo_data import make_team
    from salesxl.core.config import Config
    from salesxl.core.rules import scoring

    cfg = Config.default()
    open_keys = [s.key for s in cfg.open_stages]
    wins: Counter[str] = Counter()
    runs = seeds(args.seeds)
    print("seed  won lost  lost from (stage 1..6)   every stage: AUC learned/stage, "
          "Brier learned/stage   at close: AUC, Brier")
    for seed in runs:
        team = make_team(reps=args.reps, leads=args.leads, seed=seed, today=TODAY)
        tables = {key: pd.DataFrame([row for rep in team for row in rep.tables()[key]])
                  for key in ("leads", "activities", "objections", "history")}
        snaps = scoring.snapshots(tables["leads"], cfg, TODAY,
                                  activities=tables["activities"],
                                  objections=tables["objections"], history=tables["history"])
        closed = snaps[snaps["kind"].isin(["won", "lost"]) & snaps["close"].notna()]
        final = closed[closed["final"]]
        lost_from = Counter(final.loc[final["y"] == 0, "stage"])
        bt = scoring.backtest(closed, cfg)
        if bt.refusal is not None:
            print(f"{seed:4d}  {bt.refusal['en']}")
            continue
        row = [f"{seed:4d} {int(final['y'].sum()):4d} {int((final['y'] == 0).sum()):4d}  "
               + " ".join(f"{lost_from.get(k, 0):3d}" for k in open_keys)]
        for view in ("every_stage", "at_close"):
            got = getattr(bt, view)
            learned, stage = got["learned"], got["stage"]
            row.append(f"{learned.auc:.3f}/{stage.auc:.3f} {learned.brier:.3f}/{stage.brier:.3f}")
            wins[f"{view} AUC"] += learned.auc > stage.auc
            wins[f"{view} Brier"] += learned.brier < stage.brier
        print("   ".join(row))
    for key in ("every_stage AUC", "every_stage Brier", "at_close AUC", "at_close Brier"):
        print(f"learned better, {key}: {wins[key]} of {len(runs)}")


if __name__ == "__main__":
    main()
