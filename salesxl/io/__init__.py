"""The only package that speaks file formats.

Workbook-level API at this level: `read` (find tables and Config), `tables` (typed columns and
result cells), `patch` (lossless in-place edits), `addsheet` (add or replace a sheet),
`template` (a new team workbook), `writer` (streaming sheet writer), `config_sheet`, `ics`.
The package parts below them live in `salesxl.io.parts` (sheet XML, styles, content types,
pivots, charts, zip safety, atomic saves); legacy formats (.xls, .ods, CSV) in
`salesxl.io.legacy`.
"""
