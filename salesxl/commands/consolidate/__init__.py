"""Manager consolidation: many reps' workbooks into one team workbook a manager can trust.

``salesxl consolidate INPUT... -o TEAM.xlsx`` and ``salesxl.consolidate(...)`` find the rep
workbooks (`discover`), read each in a worker process (`readers`, `parallel`), find the same
customer across workbooks (`dedupe`), merge them by one documented rule (`merge`), mask
personal data on request (`mask`), and write the team workbook with its Sources, Duplicates and
Conflicts sheets (`report`, `write`).

Decisions (each module's docstring has the detail):

- **Provenance.** Every team row has Source file, Source sheet, Source row (1-based) and
  Merged from columns after the table's columns (declared once in `salesxl.core.schema.PROVENANCE`);
  the reps' own columns are kept between the schema's and these.
- **Duplicates.** Same normalised e-mail, phone (E.164), company + contact name (legal forms,
  case, spaces, NFKC folded), or lead ID + company: one customer (union-find). The row with the
  latest ``stage_updated_on`` wins, then the workbook saved last, then path order; its empty
  cells are filled from the others; every other differing value is listed with both sources.
- **Conflicts.** Rows of one customer with the same lead ID are listed on Conflicts, the
  others on Duplicates; the same lead ID on different customers is renamed ``ID@file`` and
  listed on Conflicts. Other tables are re-keyed to the team lead IDs, every row kept.
- **Nothing lost.** Lead rows read = team rows + rows merged, per file and in total (Sources).
  A cell that cannot be parsed keeps what the rep typed and is counted as a problem.
- **Bad inputs.** Corrupt, non-workbook, password-protected, open in Excel (lock file),
  without a Leads table or lead rows, or another template version: listed as failed with the
  reason, the rest consolidated, and the command exits 3. A workbook without a Config sheet is
  consolidated with a warning (hand-made sheets are what salesxl reads). A consolidated team
  workbook found among the inputs is skipped. ``--strict`` makes row problems fatal (exit 1,
  nothing written).
- **Memory.** A worker keeps the columns of Activities, Objections and History in a private
  temporary folder (`spill`) and sends only their lead IDs; the sheet writer reads each
  file's part back as it writes, and the Duplicates/Conflicts rows are made a chunk at a time
  (`report.NoteRows`). The workbook is the same as when everything was held in memory.
- **Personal data.** ``--mask-personal`` empties the Customers personal columns and masks
  e-mail and phone, after duplicates were found on the real values.
- **Excel's limits.** Over 1,048,575 rows in a sheet: all tables also go to Parquet beside the
  workbook, and Sources says so.
- **Repeatable.** Inputs sorted by path, merges deterministic, the workbook's creation time
  the inputs' latest modification: the same inputs give the same file.
- **Parallel.** Worker processes by default (``--workers``), or an existing Dask cluster
  (``--dask ADDRESS``) running the same per-file function.

Example:
    >>> import salesxl
    >>> result = salesxl.consolidate("reps/", "team.xlsx")  # doctest: +SKIP
    >>> print(result.leads_read, "=", result.leads_team, "+", result.leads_merged)  # doctest: +SKIP
    4000 = 3990 + 10
"""

from __future__ import annotations

from salesxl.commands.consolidate.result import ConsolidateResult, SourceReport
from salesxl.commands.consolidate.run import consolidate

__all__ = ["ConsolidateResult", "SourceReport", "consolidate"]
