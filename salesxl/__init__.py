"""salesxl: a spreadsheet-native sales toolkit for teams who keep their pipeline in Excel.

The library and the `salesxl` command offer the same functions under the same names. Names
are loaded on first use (PEP 562), so `import salesxl` stays fast and every submodule imports
under its own name (`salesxl.commands.convert.fileconv`, `salesxl.core.rules.bant`...).

Example:
    >>> import salesxl
    >>> salesxl.Config.default().pipeline_name
    'seven_step'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from salesxl.core.version import __version__

# public name -> module that defines it
_LAZY: dict[str, str] = {
    "advance": "salesxl.commands.advance",
    "consolidate": "salesxl.commands.consolidate",
    "convert": "salesxl.commands.convert",
    "customers": "salesxl.commands.customers",
    "demo": "salesxl.commands.demo",
    "export": "salesxl.commands.export",
    "followups": "salesxl.commands.followups",
    "init": "salesxl.commands.init",
    "score": "salesxl.commands.score",
    "summary": "salesxl.commands.summary",
    "validate": "salesxl.commands.validate",
    "read_workbook": "salesxl.io.read",
    "Config": "salesxl.core.config",
    "SalesxlError": "salesxl.core.errors",
}

__all__ = ["Config", "SalesxlError", "__version__", "advance", "consolidate", "convert",
           "customers", "demo", "export", "followups", "init", "read_workbook", "score",
           "summary", "validate"]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from salesxl.commands.advance import advance
    from salesxl.commands.consolidate import consolidate
    from salesxl.commands.convert import convert
    from salesxl.commands.customers import customers
    from salesxl.commands.demo import demo
    from salesxl.commands.export import export
    from salesxl.commands.followups import followups
    from salesxl.commands.init import init
    from salesxl.commands.score import score
    from salesxl.commands.summary import summary
    from salesxl.commands.validate import validate
    from salesxl.core.config import Config
    from salesxl.core.errors import SalesxlError
    from salesxl.io.read import read_workbook


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'salesxl' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
