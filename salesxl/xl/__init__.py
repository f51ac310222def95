"""The Excel edge of salesxl, through xlwings: nothing here is a sales rule.

- `salesxl.xl.udfs`: worksheet functions (Windows), thin calls into the library;
- `salesxl.xl.macros`: the buttons' RunPython entry points (Windows and macOS);
- `salesxl.xl.build`: builds the macro workbooks on any OS (``salesxl excel build``);
- `salesxl.xl.grid` / `salesxl.xl.book`: the values Excel passes, read into the library's
  tables, and cells written back; `salesxl.xl.panel`: the salesxl sheet's layout.

Importing this package needs no Excel: xlwings imports cleanly on Linux, and anything that
needs Excel runs only when Excel calls it. Setup and troubleshooting: docs/excel.md.
"""
