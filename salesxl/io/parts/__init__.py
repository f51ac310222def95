"""Package parts of an OOXML workbook: sheet XML, styles, zip members, pivots, charts, safety."""
