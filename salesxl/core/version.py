"""salesxl's version, declared once (the package, the CLI and the files it writes show it)."""

__version__ = "0.2.0"
