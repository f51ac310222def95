"""Build the macro workbooks (``SalesTeam-ko.xlsm``, ``SalesTeam-en.xlsm``) on any OS.

A macro workbook is the team workbook of `salesxl.io.template.write_team_workbook` plus:

- a ``salesxl`` sheet with the buttons (form buttons wired to the Subs of
  ``macros/SalesxlButtons.bas``), the input cells of the manager buttons and a message area
  (layout: `salesxl.xl.panel`);
- an ``xlwings.conf`` sheet telling the xlwings add-in which module holds the worksheet
  functions (``UDF Modules = salesxl.xl.udfs``);
- a defined name ``salesxl_config`` over the Config sheet, for the worksheet functions;
- a VBA project holding every module of ``macros/`` (``.bas`` standard modules, ``.cls``
  class modules) and one document module per sheet. The project is made with pyOpenVBA
  (pure Python) from the project of xlwings' own ``quickstart.xlsm``, which carries the VBA
  reference to the xlwings add-in (``RunPython`` and the worksheet functions resolve through
  it), and embedded with XlsxWriter, whose sheet code names (Sheet1..SheetN, ThisWorkbook)
  match the document modules.

Builds are deterministic: the same salesxl, xlwings and ``macros/`` give the same bytes.

Example:
    >>> paths = build("workbooks")  # doctest: +SKIP
    >>> [p.name for p in paths]  # doctest: +SKIP
    ['SalesTeam-ko.xlsm', 'SalesTeam-en.xlsm']
"""

from __future__ import annotations

import io
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from xlsxwriter.workbook import Workbook

from salesxl.commands.init import TEMPLATE_CREATED
from salesxl.core.config import Config
from salesxl.core.errors import UsageError, WorkbookError
from salesxl.core.schema import CONFIG_SHEET
from salesxl.io.template import sheet_name, write_team_workbook
from salesxl.xl import panel

WORKBOOK_NAMES = {"ko": "SalesTeam-ko.xlsm", "en": "SalesTeam-en.xlsm"}
SHEET_BASE = "0{00020820-0000-0000-C000-000000000046}"  # VB_Base of a worksheet module
CONFIG_RANGE = "$A$1:$I$200"  # the Config sheet's sections (about 60 rows) with room to grow
PANEL_BLUE = "#1F4E78"


@dataclass(frozen=True)
class Module:
    """A VBA module as text: its name, kind and source (``Attribute VB_Name`` first)."""

    name: str
    kind: str  # "standard" (.bas) or "class" (.cls)
    source: str


def default_macros_dir() -> Path:
    """``macros/`` of the salesxl source tree (beside the package), else of the current folder."""
    beside = Path(__file__).resolve().parents[2] / "macros"
    return beside if beside.is_dir() else Path("macros")


def read_modules(folder: str | Path | None = None) -> list[Module]:
    """Every ``.bas`` and ``.cls`` file of `folder` as a module, sorted by name.

    Raises:
        UsageError: the folder is missing or holds no module, or a file's ``VB_Name`` differs
            from its file name, or it holds text that is not ASCII (VBA source is stored in the
            project's ANSI code page).

    Example:
        >>> [m.name for m in read_modules()]  # doctest: +SKIP
        ['SalesxlButtons', 'SalesxlSelfCheck', 'xlwings_udfs']
    """
    folder = Path(folder) if folder is not None else default_macros_dir()
    if not folder.is_dir():
        raise UsageError("{path}: no such folder of VBA modules; run from a salesxl source "
                         "checkout or give --macros DIR", path=folder)
    modules = []
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in (".bas", ".cls"):
            continue
        text = path.read_text(encoding="utf-8")
        first = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
        if first.strip() != f'Attribute VB_Name = "{path.stem}"' and path.suffix == ".bas":
            raise UsageError("{path}: the first line must be Attribute VB_Name = \"{name}\"",
                             path=path, name=path.stem)
        if not text.isascii():
            raise UsageError("{path}: VBA source must be ASCII (write other text in cells)",
                             path=path)
        kind = "class" if path.suffix.lower() == ".cls" else "standard"
        modules.append(Module(path.stem, kind, text.replace("\r\n", "\n")))
    if not modules:
        raise UsageError("{path}: no .bas or .cls module found", path=folder)
    return modules


def _quickstart() -> Path:
    import xlwings

    path = Path(xlwings.__file__).with_name("quickstart.xlsm")
    if not path.is_file():
        raise WorkbookError("{path}: missing from the installed xlwings; reinstall xlwings",
                            path=path)
    return path


def vba_project(modules: Sequence[Module], sheets: int) -> bytes:
    """A ``vbaProject.bin``: ThisWorkbook, Sheet1..Sheet`sheets` and `modules`.

    Based on the project of xlwings' ``quickstart.xlsm`` (for its reference to the xlwings
    add-in); its sample ``Module1`` is left out.

    Example:
        >>> vba_project(read_modules(), sheets=9)[:8] == bytes.fromhex("d0cf11e0a1b11ae1")  # doctest: +SKIP
        True
    """
    from pyopenvba import ExcelFile, VBAModuleKind
    from pyopenvba._new_project import document_header

    with tempfile.TemporaryDirectory(prefix="salesxl-vba-") as tmp:
        path = Path(tmp) / "project.xlsm"
        shutil.copyfile(_quickstart(), path)
        with ExcelFile(path) as book:
            project = book.vba_project()
            present = {m.casefold() for m in project.module_names()}
            if "module1" in present:
                project.delete_module("Module1")
            for i in range(1, sheets + 1):
                if f"sheet{i}" not in present:
                    project.add_module(f"Sheet{i}", document_header(f"Sheet{i}", SHEET_BASE),
                                       kind=VBAModuleKind.other)
            for m in modules:
                kind = VBAModuleKind.other if m.kind == "class" else VBAModuleKind.standard
                project.add_module(m.name, m.source.replace("\n", "\r\n"), kind=kind)
            book.save()
        with zipfile.ZipFile(path) as z:
            return z.read("xl/vbaProject.bin")


def _write_panel(wb: Workbook, lang: str) -> None:
    ws = wb.add_worksheet(panel.SHEET)
    title = wb.add_format({"bold": True, "font_size": 18, "font_color": PANEL_BLUE})
    note = wb.add_format({"italic": True, "font_color": "#595959"})
    section = wb.add_format({"bold": True, "font_size": 12, "font_color": PANEL_BLUE,
                             "bottom": 2, "bottom_color": PANEL_BLUE})
    helptext = wb.add_format({"text_wrap": True, "valign": "vcenter"})
    label = wb.add_format({"bold": True, "valign": "vcenter"})
    entry = wb.add_format({"bg_color": "#FFF2CC", "border": 1, "border_color": "#BF9000",
                           "valign": "vcenter"})
    header = wb.add_format({"bold": True, "font_color": "#FFFFFF", "bg_color": PANEL_BLUE})
    for c, width in enumerate((2, 30, 12, 22, 90)):
        ws.set_column(c, c, width)
    ws.write(panel.TITLE_ROW, 1, panel.text("title", lang), title)
    ws.write(panel.TITLE_ROW + 1, 1, panel.text("intro", lang), note)
    ws.write(2, 1, panel.text("reps", lang), section)
    ws.write(11, 1, panel.text("managers", lang), section)
    for b in panel.BUTTONS:
        ws.set_row(b.row, 33)
        ws.insert_button(b.row, panel.BUTTON_COL, {
            "macro": b.macro, "caption": b.caption(lang), "width": 300, "height": 40,
            "x_offset": 2, "y_offset": 2, "description": b.caption(lang)})
        ws.merge_range(b.row, panel.TEXT_COL, b.row, panel.TEXT_COL + 1, b.help(lang),
                       helptext)
    for (r, c), key in ((panel.FOLDER_CELL, "folder"), (panel.LEGACY_CELL, "legacy")):
        ws.set_row(r, 20)
        ws.write(r, panel.BUTTON_COL, panel.text(key, lang), label)
        ws.write_blank(r, c, None, entry)
    ws.write(panel.LOG_HEADER_ROW - 1, 1, panel.text("messages", lang), section)
    ws.write_row(panel.LOG_HEADER_ROW, panel.LOG_COLS[0],
                 [panel.text(k, lang) for k in ("when", "level", "where", "message")], header)
    ws.set_tab_color(PANEL_BLUE)
    ws.activate()


def _write_conf(wb: Workbook) -> None:
    ws = wb.add_worksheet(panel.CONF_SHEET)
    ws.write_string(0, 0, "UDF Modules")
    ws.write_string(0, 1, panel.UDF_MODULE)
    ws.write_string(0, 3, "Read by the xlwings add-in (sheet, then folder, then user settings). "
                          "Column A names a setting, column B its value: add INTERPRETER_WIN "
                          "or INTERPRETER_MAC below to choose the Python. See docs/excel.md.")
    ws.set_column(0, 0, 16)
    ws.set_column(1, 1, 20)
    ws.set_tab_color("#7F7F7F")


def _extend(modules: Sequence[Module], lang: str) -> Callable[[Workbook], None]:
    """What the macro workbook adds to the team workbook, as `write_team_workbook` runs it."""

    def extend(wb: Workbook) -> None:
        _write_panel(wb, lang)
        _write_conf(wb)
        config = sheet_name(CONFIG_SHEET, lang)
        wb.define_name(panel.CONFIG_NAME, f"='{config}'!{CONFIG_RANGE}")
        project = vba_project(modules, len(wb.worksheets()))
        wb.add_vba_project(io.BytesIO(project), is_stream=True)  # type: ignore[arg-type]

    return extend


def build_workbook(path: str | Path, lang: str, modules: Sequence[Module]) -> Path:
    """Write one macro workbook (`lang` 'ko' or 'en') with `modules` to `path` (.xlsm).

    Example:
        >>> build_workbook("my-team.xlsm", "en", read_modules()).name  # doctest: +SKIP
        'my-team.xlsm'
    """
    path = Path(path)
    if path.suffix.lower() != ".xlsm":
        raise UsageError("{path}: a macro workbook must end in .xlsm", path=path)
    cfg = Config.default("seven_step", language=lang)  # type: ignore[arg-type]
    return write_team_workbook(path, cfg, lang=lang, created=TEMPLATE_CREATED,
                               extend=_extend(modules, lang))


def build(dest: str | Path = "workbooks", macros: str | Path | None = None) -> list[Path]:
    """Build ``SalesTeam-ko.xlsm`` and ``SalesTeam-en.xlsm`` in `dest` from ``macros/``.

    Args:
        dest: the folder to write into (created when missing).
        macros: the folder of ``.bas``/``.cls`` modules (default: the source tree's ``macros/``).

    Returns:
        The paths written, Korean first.
    """
    modules = read_modules(macros)
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    return [build_workbook(dest / name, lang, modules) for lang, name in WORKBOOK_NAMES.items()]
