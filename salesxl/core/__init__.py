"""The pure core: what a lead is and the sales rules, with no file access.

- `schema` (every table and column), `vocab` (every controlled word), `values` (raw cell ->
  canonical value), `config` (Config, the ready pipelines), `gates` (the gate registry),
  `identity` (when two rows are the same lead), `messages` (Korean and English texts);
- `rules/` (BANT, stages, follow-ups, business days, scoring) and `summary/` (the Summary's
  tables as DataFrames).

Nothing here opens a file or imports `salesxl.io`, calamine, openpyxl, XlsxWriter, lxml or
zipfile; an import-linter contract in CI keeps it so (see docs/architecture.md).
"""
