"""The macro workbooks: built on Linux, deterministic, holding exactly macros/, wired buttons.

olevba (oletools) reads the VBA back; headless LibreOffice opens each workbook, lists its VBA
project and runs the VBA-only self-check (one LibreOffice run for both workbooks).
"""

from __future__ import annotations

import importlib
import inspect
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from salesxl.cli import cli
from salesxl.xl import macros, panel
from salesxl.xl.build import WORKBOOK_NAMES, build, read_modules

REPO = Path(__file__).resolve().parent.parent
MACROS = REPO / "macros"
BUILT = [REPO / "workbooks" / name for name in WORKBOOK_NAMES.values()]
DOCUMENT_MODULE = re.compile(r"^(ThisWorkbook|Sheet\d+)$")
RUN_PYTHON = re.compile(r'RunPython "import salesxl\.xl\.macros as m; m\.(\w+)\(\)"')
pytestmark = [
    pytest.mark.filterwarnings("ignore::DeprecationWarning:oletools"),  # olevba's pyparsing
    pytest.mark.filterwarnings("ignore:.*extension is not supported:UserWarning"),  # openpyxl
]


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _code(source: str) -> str:
    """A module's code without its Attribute lines, with one kind of line ending."""
    lines = source.replace("\r\n", "\n").split("\n")
    return "\n".join(x for x in lines if not x.startswith("Attribute VB_")).strip()


def test_committed_workbooks_equal_a_fresh_build(tmp_path):
    fresh = build(tmp_path)
    for path in fresh:
        committed = REPO / "workbooks" / path.name
        assert committed.exists(), f"run `salesxl excel build` to write {committed.name}"
        old, new = _members(committed), _members(path)
        assert old.keys() == new.keys(), path.name
        stale = [name for name in new if old[name] != new[name]]
        assert not stale, f"{path.name} is stale in {stale}: run `salesxl excel build`"


@pytest.mark.parametrize("path", BUILT, ids=lambda p: p.name)
def test_olevba_reads_back_exactly_the_modules_of_macros(path):
    from oletools.olevba import VBA_Parser

    parser = VBA_Parser(str(path))
    try:
        found = {name.rsplit(".", 1)[0]: code for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()
    ours = {k: v for k, v in found.items() if not DOCUMENT_MODULE.match(k)}
    wanted = {m.name: m.source for m in read_modules(MACROS)}
    assert ours.keys() == wanted.keys()
    for name, source in wanted.items():
        assert _code(ours[name]) == _code(source), name
    sheets = len(openpyxl.load_workbook(path, read_only=True).sheetnames)
    assert set(found) - set(ours) == {"ThisWorkbook", *(f"Sheet{i}" for i in range(1, sheets + 1))}


def test_macros_are_text_modules_with_option_explicit():
    files = sorted(MACROS.glob("*.bas"))
    assert {f.stem for f in files} == {"SalesxlButtons", "SalesxlSelfCheck", "xlwings_udfs"}
    for f in files:
        text = f.read_text(encoding="utf-8")
        assert text.splitlines()[0] == f'Attribute VB_Name = "{f.stem}"'
        assert "\nOption Explicit\n" in text, f.name
        assert text.isascii(), f.name


def test_every_button_sub_only_calls_run_python_on_an_entry_point_without_arguments():
    text = (MACROS / "SalesxlButtons.bas").read_text(encoding="utf-8")
    subs = re.findall(r"Public Sub (\w+)\(\)\n(.*?)\nEnd Sub", text, re.S)
    assert [name for name, _ in subs] == [b.macro for b in panel.BUTTONS]
    module = importlib.import_module(panel.MACRO_MODULE)
    for (name, body), button in zip(subs, panel.BUTTONS, strict=True):
        assert body.strip() == f'RunPython "{button.command}"', name
        entry = RUN_PYTHON.search(body).group(1)
        fn = getattr(module, entry)
        assert callable(fn) and inspect.signature(fn).parameters == {}, entry
    assert set(RUN_PYTHON.findall(text)) == {b.entry for b in panel.BUTTONS}
    assert all(hasattr(macros, b.entry) for b in panel.BUTTONS)


@pytest.mark.parametrize("path", BUILT, ids=lambda p: p.name)
def test_buttons_are_placed_on_the_salesxl_sheet_and_wired(path):
    members = _members(path)
    lang = "ko" if path.stem.endswith("-ko") else "en"
    wb = openpyxl.load_workbook(path, read_only=True, keep_vba=True)
    assert wb.sheetnames[-2:] == [panel.SHEET, panel.CONF_SHEET]
    index = wb.sheetnames.index(panel.SHEET) + 1
    rels = members[f"xl/worksheets/_rels/sheet{index}.xml.rels"].decode()
    vml = members["xl/drawings/" + re.search(r'Target="\.\./drawings/([^"]+\.vml)"',
                                              rels).group(1)].decode()
    assert re.findall(r"<x:FmlaMacro>\[0\]!(\w+)</x:FmlaMacro>", vml) == \
        [b.macro for b in panel.BUTTONS]
    for b in panel.BUTTONS:
        assert b.caption(lang) in vml
    workbook = members["xl/workbook.xml"].decode()
    assert 'codeName="ThisWorkbook"' in workbook
    assert f'<definedName name="{panel.CONFIG_NAME}">' in workbook
    assert "application/vnd.ms-excel.sheet.macroEnabled.main+xml" in \
        members["[Content_Types].xml"].decode()
    conf = openpyxl.load_workbook(path)[panel.CONF_SHEET]
    assert (conf["A1"].value, conf["B1"].value) == ("UDF Modules", panel.UDF_MODULE)


def test_the_vba_project_references_the_xlwings_add_in():
    from pyopenvba import ExcelFile

    for path in BUILT:
        with ExcelFile(path) as book:
            refs = {r.name: r for r in book.references()}
        assert refs["xlwings"].kind == "project"
        assert refs["xlwings"].libid_secondary.endswith("xlwings.xlam")


def test_excel_build_command(tmp_path):
    result = CliRunner().invoke(cli, ["excel", "build", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(WORKBOOK_NAMES.values())
    result = CliRunner().invoke(cli, ["excel", "build", str(tmp_path), "--macros",
                                      str(tmp_path / "nope")])
    assert result.exit_code == 2 and "no such folder of VBA modules" in result.output


# --- LibreOffice ------------------------------------------------------------------------------
UNO_SCRIPT = r'''
import json, os, pathlib, subprocess, sys, time, uno
from com.sun.star.beans import PropertyValue

def prop(name, value):
    p = PropertyValue(); p.Name = name; p.Value = value; return p

profile, books = pathlib.Path(sys.argv[1]), sys.argv[2:]
pipe = "salesxl_%d" % os.getpid()
office = subprocess.Popen(["soffice", "-env:UserInstallation=" + profile.as_uri(), "--headless",
                           "--invisible", "--norestore", "--accept=pipe,name=%s;urp;" % pipe],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
local = uno.getComponentContext()
resolver = local.ServiceManager.createInstanceWithContext(
    "com.sun.star.bridge.UnoUrlResolver", local)
for _ in range(600):
    try:
        ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
        break
    except Exception:
        time.sleep(0.1)
desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
out = {}
try:
    for book in books:
        doc = desktop.loadComponentFromURL(pathlib.Path(book).as_uri(), "_blank", 0,
                                           (prop("Hidden", True), prop("MacroExecutionMode", 4)))
        libs = doc.BasicLibraries
        found = {"libraries": list(libs.getElementNames()), "sheets": list(doc.Sheets.ElementNames)}
        if libs.hasByName("VBAProject"):
            libs.loadLibrary("VBAProject")
            found["modules"] = sorted(libs.getByName("VBAProject").getElementNames())
        script = doc.getScriptProvider().getScript(
            "vnd.sun.star.script:VBAProject.SalesxlSelfCheck.SelfCheck"
            "?language=Basic&location=document")
        found["result"] = script.invoke((), (), ())[0]
        found["cell"] = doc.Sheets.getByName("salesxl").getCellRangeByName("E22").getString()
        out[book] = found
        doc.close(True)
finally:
    try:
        desktop.terminate()
    except Exception:
        pass
    office.wait(timeout=60)
print(json.dumps(out))
'''


def _uno_python() -> str | None:
    python = "/usr/bin/python3"
    if shutil.which("soffice") is None or not Path(python).exists():
        return None
    probe = subprocess.run([python, "-c", "import uno"], capture_output=True)
    return python if probe.returncode == 0 else None


@pytest.mark.libreoffice
@pytest.mark.skipif(_uno_python() is None,
                    reason="needs LibreOffice and Debian's python3-uno (/usr/bin/python3)")
def test_libreoffice_opens_the_workbooks_and_runs_the_vba_self_check(tmp_path):
    books = [shutil.copyfile(p, tmp_path / p.name) for p in BUILT]
    proc = subprocess.run([_uno_python(), "-c", UNO_SCRIPT, str(tmp_path / "profile"),
                           *map(str, books)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    found = json.loads(proc.stdout.strip().splitlines()[-1])
    wanted = sorted([m.name for m in read_modules(MACROS)] + ["ThisWorkbook"] +
                    [f"Sheet{i}" for i in range(1, 12)])  # Start here, 6 tables, Playbook, Config, 2 panel sheets
    for book in books:
        got = found[str(book)]
        assert "VBAProject" in got["libraries"]
        assert got["modules"] == wanted
        assert got["result"] == "salesxl VBA self-check: ok (11 sheets)"
        assert got["cell"] == got["result"]  # the macro wrote into the salesxl sheet
        assert got["sheets"][-2:] == [panel.SHEET, panel.CONF_SHEET]


def test_docs_name_every_button_and_worksheet_function():
    import salesxl.xl.udfs as udfs

    docs = (REPO / "docs" / "excel.md").read_text(encoding="utf-8")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "docs/excel.md" in readme and "salesxl excel build" in readme
    for b in panel.BUTTONS:
        assert b.en in docs and b.ko in docs and f"`{b.macro}`" in docs and b.entry in docs
    for name in (n for n in dir(udfs) if n.startswith("SALESXL_")):
        assert name in docs, name
    for topic in ("Protected View", "Trust Center", "Unblock", "#NAME?", "INTERPRETER_WIN",
                  "xlwings addin install", "xlwings runpython install"):
        assert topic.lower() in docs.lower(), topic
