"""Legacy files as plain grids: .xls, .ods, .xlsx of any layout, CSV and TSV in any encoding."""
