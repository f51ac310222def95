"""`--dask ADDRESS`: the same per-file work on a Dask cluster gives the same team workbook.

A two-worker `LocalCluster` (separate processes, loopback only) stands in for a company's
cluster; the result must equal the in-process run row for row, sheet for sheet.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from salesxl.commands.consolidate import consolidate
from salesxl.commands.demo_data import make_team
from salesxl.core.config import Config
from salesxl.core.errors import UsageError
from salesxl.io.template import write_team_workbook

distributed = pytest.importorskip("distributed")


def sheets(path: Path) -> dict[str, list[list[object]]]:
    book = CalamineWorkbook.from_path(str(path))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def test_dask_local_cluster_gives_the_local_result(tmp_path: Path):
    folder = tmp_path / "reps"
    folder.mkdir()
    for rep in make_team(reps=4, leads=80, seed=3, today=dt.date(2026, 11, 27)):
        cfg = Config.default(language=rep.lang)  # type: ignore[arg-type]
        write_team_workbook(folder / f"{rep.code}.xlsx", cfg, rep.tables(), lang=rep.lang)
    (folder / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    local = consolidate(folder, tmp_path / "local.xlsx", workers=1)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None) as cluster:
        remote = consolidate(folder, tmp_path / "dask.xlsx", dask=cluster.scheduler_address)
    assert [s.status for s in remote.sources] == ["ok"] * 4 + ["failed"]  # R01..R04, broken
    assert remote.sources == local.sources
    assert remote.frame("leads").equals(local.frame("leads"))
    assert sheets(tmp_path / "dask.xlsx") == sheets(tmp_path / "local.xlsx")


def test_unreachable_scheduler_is_a_usage_error(tmp_path: Path, monkeypatch):
    from salesxl.commands.consolidate import parallel

    monkeypatch.setattr(parallel, "DASK_CONNECT_TIMEOUT", "1s")
    folder = tmp_path / "reps"
    folder.mkdir()
    write_team_workbook(folder / "r.xlsx", Config.default(), {"leads": [{"lead_id": "X"}]})
    with pytest.raises(UsageError, match="cannot reach the Dask scheduler"):
        consolidate(folder, None, dask="tcp://127.0.0.1:1")
