"""Start-up: `import salesxl` and `salesxl --help` in fresh processes (issue 14: <= 0.3 s each).

Also a bare interpreter (`python -c pass`) for scale: what is left after it is salesxl's own.
Medians of --repeat runs of each.

Run: python bench/bench_startup.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from common import PY, emit, header, py, repeated


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    header("start-up")
    script = shutil.which("salesxl", path=str(Path(sys.executable).parent)) or "salesxl"
    bare = repeated(py("pass"), args.repeat)
    imp = repeated([PY, "-c", "import salesxl"], args.repeat)
    helps = repeated([script, "--help"], args.repeat)
    mod = repeated([PY, "-m", "salesxl", "--help"], args.repeat)
    for name, r in (("python -c pass", bare), ("import salesxl", imp),
                    ("salesxl --help", helps), ("python -m salesxl --help", mod)):
        print(f"  {name:<26}: {r['seconds']:6.3f} s wall {r['cpu']:6.3f} s CPU  "
              f"peak {r['peak_mb']:5.0f} MB")
    ok = imp["seconds"] <= 0.3 and helps["seconds"] <= 0.3
    print(f"  bar <= 0.3 s each: {'OK' if ok else 'MISSED'}")
    emit("startup", size="-", ours_s=round(max(imp["seconds"], helps["seconds"]), 3),
         import_s=round(imp["seconds"], 3), help_s=round(helps["seconds"], 3),
         bare_s=round(bare["seconds"], 3), import_cpu=round(imp["cpu"], 3),
         help_cpu=round(helps["cpu"], 3), bare_cpu=round(bare["cpu"], 3), ours_mb=round(max(imp["peak_mb"], helps["peak_mb"])),
         bar="<= 0.3 s each", ok=ok)


if __name__ == "__main__":
    main()
