"""`salesxl init`: a new team workbook, and the ready copies kept in `workbooks/`.

Example:
    >>> import tempfile, pathlib
    >>> book = init(pathlib.Path(tempfile.mkdtemp()) / "my-leads.xlsx", lang="en")
    >>> book.name
    'my-leads.xlsx'
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from salesxl.core.config import PIPELINES, Config
from salesxl.core.errors import UsageError
from salesxl.io.template import write_team_workbook

TEMPLATE_NAMES = {"ko": "salesxl-team-ko.xlsx", "en": "salesxl-team-en.xlsx"}
TEMPLATE_CREATED = dt.datetime(2026, 1, 1)  # fixed, so regenerated copies are identical


def init(path: str | Path, lang: str = "ko", pipeline: str = "seven_step", *,
         force: bool = False, protect: bool = False) -> Path:
    """Write a new, empty team workbook to `path`.

    Args:
        path: where to write (.xlsx or .xlsm).
        lang: "ko" or "en": sheet names, headers, dropdown labels.
        pipeline: "seven_step" (default), "six_stage" or "short".
        force: replace an existing file (otherwise refuse).
        protect: protect the table sheets so that only input cells take typing.
    """
    path = Path(path)
    if lang not in ("ko", "en"):
        raise UsageError("language {lang!r} is not supported: use ko or en", lang=lang)
    if pipeline not in PIPELINES:
        raise UsageError("pipeline {pipeline!r} is unknown: use one of {allowed}",
                         pipeline=pipeline, allowed=", ".join(PIPELINES))
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise UsageError("{path}: a team workbook must end in .xlsx", path=path)
    if path.exists() and not force:
        raise UsageError("{path} already exists: choose another name, or pass --force to "
                         "replace it", path=path)
    path.parent.mkdir(parents=True, exist_ok=True)
    cfg = Config.default(pipeline, language=lang)  # type: ignore[arg-type]
    return write_team_workbook(path, cfg, lang=lang, protect=protect)


def build_templates(dest: str | Path = "workbooks") -> list[Path]:
    """Regenerate the ready workbooks (Korean and English) in `dest`."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    out = []
    for lang, name in TEMPLATE_NAMES.items():
        cfg = Config.default("seven_step", language=lang)  # type: ignore[arg-type]
        out.append(write_team_workbook(dest / name, cfg, lang=lang, created=TEMPLATE_CREATED))
    return out
