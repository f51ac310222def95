"""One module per command, each a library function of the same name.

A command opens a workbook once through `salesxl.io`, hands DataFrames to `salesxl.core`, and
gives the changes back to `salesxl.io` to write. `salesxl.cli` and `salesxl.xl` are thin edges
over these functions.
"""
