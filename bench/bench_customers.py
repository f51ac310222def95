"""Benchmark: the after-sale sync (`salesxl.core.rules.customers.after_sale`) on many leads,
against the identity grouping alone.

Builds N leads of N/3 customers by construction (each customer's leads share an e-mail, a
phone or company + contact, some are won, a tenth name a referrer by lead ID or by company),
then times, in this process (median of --repeat runs):

- ``after_sale``: links, customer rows, touches, referrals and thank-yous;
- the baseline ``groups``: `lead_keys` + `groups_by_keys` over the same rows, the identity
  work consolidation does anyway; ``after_sale / groups`` says what the rest costs.

Usage:
    python bench/bench_customers.py [--leads 20000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import time
from collections.abc import Callable
from typing import Any

import pandas as pd

from salesxl.core.config import Config
from salesxl.core.identity import groups_by_keys, lead_keys
from salesxl.core.rules.customers import after_sale

TODAY = dt.date(2026, 11, 27)


def leads(n: int, seed: int = 7) -> pd.DataFrame:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        c = rng.randrange(max(1, n // 3))
        rows.append({
            "lead_id": f"L-{i:06d}", "company": f"Co{c}", "contact_name": f"P{c}",
            "email": f"p{c}@co{c}.kr" if rng.random() < 0.7 else None,
            "phone": f"010-{c % 10000:04d}-{c // 10000:04d}" if rng.random() < 0.5 else None,
            "tier": rng.choice("ABCD"), "rep": f"R{c % 7}",
            "stage": rng.choice(["won", "lost", "proposal", "qualification", "upgraded"]),
            "deal_amount": 1e6 * (1 + c % 9),
            "stage_updated_on": dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(680)),
            "last_contact_on": dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(320)),
            "referred_by": rng.choice([None] * 18 + [f"L-{rng.randrange(n):06d}",
                                                     f"Co{rng.randrange(max(1, n // 3))}"]),
        })
    return pd.DataFrame(rows, dtype=object)


def median_seconds(fn: Callable[[], Any], repeat: int) -> tuple[float, float]:
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leads", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    frame, cfg = leads(args.leads), Config.default()
    records = frame.to_dict("records")

    def groups() -> Any:
        return groups_by_keys([lead_keys(r, ids_unique=True) for r in records])

    def sync() -> Any:
        return after_sale(frame, pd.DataFrame(), None, cfg, TODAY)

    sync()  # warm the holiday calendar and the caches the first command run also fills
    base_wall, base_cpu = median_seconds(groups, args.repeat)
    wall, cpu = median_seconds(sync, args.repeat)
    out = sync()
    print(f"{args.leads:,} leads, {len(out.customers):,} customers, "
          f"{len(out.thank_yous):,} thank-yous")
    print(f"groups (baseline): {base_wall:.2f} s wall, {base_cpu:.2f} s CPU")
    print(f"after_sale:        {wall:.2f} s wall, {cpu:.2f} s CPU  "
          f"(x{cpu / base_cpu:.1f} the baseline's CPU)")


if __name__ == "__main__":
    main()
