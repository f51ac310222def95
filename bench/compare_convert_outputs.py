"""Compare two `salesxl convert -o` output folders of the same input folder.

Every workbook sheet by sheet and cell by cell (python-calamine), every zip member byte for
byte (except ``docProps/core.xml``, which holds the creation time, and the report's members,
which hold the seconds each file took), ``mapping.yaml`` byte for byte and the manifest's
entries without timings. The report's seconds column is left out of the cell comparison.

    python bench/compare_convert_outputs.py OLD NEW [OLD_WRITTEN_AS NEW_WRITTEN_AS]

The last two arguments: the ``-o`` paths the runs were given, when a folder was moved
afterwards (output paths are recorded in the report and the manifest). Exit status 1 on any
difference.
"""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path
from typing import Any

import python_calamine as cal

REPORT = "conversion-report.xlsx"
SECONDS = ("seconds", "처리 시간(초)")


def main() -> int:
    a, b = Path(sys.argv[1]), Path(sys.argv[2])
    was_a, was_b = (sys.argv[3], sys.argv[4]) if len(sys.argv) > 4 else (str(a), str(b))

    def norm(grid: list[list[Any]]) -> list[list[Any]]:
        return [[v.replace(was_b, was_a) if isinstance(v, str) else v for v in r] for r in grid]

    names = sorted(p.name for p in a.iterdir())
    if names != sorted(p.name for p in b.iterdir()):
        print("DIFF file names")
        return 1
    bad = cells = same = members = 0
    for n in names:
        pa, pb = a / n, b / n
        if n.endswith(".xlsx"):
            wa, wb = cal.CalamineWorkbook.from_path(str(pa)), cal.CalamineWorkbook.from_path(str(pb))
            if wa.sheet_names != wb.sheet_names:
                bad += 1
                print("DIFF sheets", n)
                continue
            for s in wa.sheet_names:
                ga = wa.get_sheet_by_name(s).to_python(skip_empty_area=False)
                gb = norm(wb.get_sheet_by_name(s).to_python(skip_empty_area=False))
                if n == REPORT and ga:
                    drop = {i for i, h in enumerate(ga[0]) if str(h).lower() in SECONDS}
                    ga = [[v for i, v in enumerate(r) if i not in drop] for r in ga]
                    gb = [[v for i, v in enumerate(r) if i not in drop] for r in gb]
                cells += sum(map(len, ga))
                if ga != gb:
                    bad += 1
                    print("DIFF cells", n, s)
            with zipfile.ZipFile(pa) as za, zipfile.ZipFile(pb) as zb:
                if za.namelist() != zb.namelist():
                    bad += 1
                    print("DIFF members", n)
                    continue
                for m in za.namelist():
                    members += 1
                    if m == "docProps/core.xml" or n == REPORT:
                        continue
                    if za.read(m) == zb.read(m):
                        same += 1
                    else:
                        bad += 1
                        print("DIFF bytes", n, m)
        elif n == ".salesxl-convert.json":
            ja = json.loads(pa.read_text(encoding="utf-8"))
            jb = json.loads(pb.read_text(encoding="utf-8").replace(was_b, was_a))
            if _entries(ja) != _entries(jb):
                bad += 1
                print("DIFF manifest")
        elif pa.read_bytes() != pb.read_bytes():
            bad += 1
            print("DIFF file", n)
    print(f"{len(names)} files, {cells:,} cells compared, {same}/{members} zip members "
          f"byte-identical (creation times and the report aside); {bad} differences")
    return 1 if bad else 0


def _entries(manifest: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, entry in manifest["files"].items():
        report = {k: v for k, v in entry["report"].items() if k != "seconds"}
        out[key] = {**{k: v for k, v in entry.items() if k not in ("report", "mtime_ns")},
                    "report": report}
    return out


if __name__ == "__main__":
    sys.exit(main())
