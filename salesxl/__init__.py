"""salesxl: a spreadsheet-native sales toolkit for teams who keep their pipeline in Excel.

The library and the `salesxl` command offer the same functions under the same names.

Example:
    >>> import salesxl
    >>> salesxl.Config.default().pipeline_name
    'seven_step'
"""

from __future__ import annotations

__version__ = "0.1.0"

from salesxl.advance import advance
from salesxl.consolidate import consolidate
from salesxl.convert import convert
from salesxl.demo import demo
from salesxl.errors import SalesxlError
from salesxl.export import export
from salesxl.followups import followups
from salesxl.io.read import read_workbook
from salesxl.models import Config
from salesxl.summary import summary
from salesxl.validate import validate
from salesxl.workbook import init

__all__ = ["Config", "SalesxlError", "__version__", "advance", "consolidate", "convert", "demo",
           "export", "followups", "init", "read_workbook", "summary", "validate"]
