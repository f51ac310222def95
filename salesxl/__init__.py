"""salesxl: a spreadsheet-native sales toolkit for teams who keep their pipeline in Excel.

The library and the `salesxl` command offer the same functions under the same names.

Example:
    >>> import salesxl
    >>> salesxl.Config.default().pipeline_name
    'seven_step'
"""

from __future__ import annotations

__version__ = "0.1.0"

from salesxl.demo import demo
from salesxl.errors import SalesxlError
from salesxl.export import export
from salesxl.io.read import read_workbook
from salesxl.models import Config
from salesxl.workbook import init

__all__ = ["Config", "SalesxlError", "__version__", "demo", "export", "init", "read_workbook"]
