"""The README is the front door: its commands exist, and CI runs its test command word for word."""

from __future__ import annotations

import re
from pathlib import Path

from salesxl.cli import cli

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")


def _fenced_commands() -> list[str]:
    return [line.strip() for block in re.findall(r"```bash\n(.*?)```", README, re.S)
            for line in block.splitlines() if line.strip()]


def test_ci_runs_the_readme_test_command():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    m = re.search(r"^TEST_COMMAND='(.*)'$", ci, re.M)
    assert m, ".ci/run must define TEST_COMMAND"
    assert m.group(1) in _fenced_commands()


def test_quick_start_installs_and_runs_the_demo():
    assert any("pip install ." in c and "salesxl demo" in c for c in _fenced_commands())


def test_every_command_is_documented():
    for name in cli.commands:
        assert f"salesxl {name}" in README, f"README does not mention `salesxl {name}`"


def test_pictures_exist():
    for pic in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", README):
        assert (REPO / pic).exists(), pic


def test_terms_doc_is_generated_from_the_one_declaration():
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_terms", REPO / "docs" / "make_terms.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    committed = (REPO / "docs" / "terms.md").read_text(encoding="utf-8")
    assert committed == module.render(), "run `python docs/make_terms.py`"
    for word in ("영업 담당", "고객 담당자", "수주", "실주", "업셀", "보류", "클로징", "반론 기록"):
        assert f"| {word} |" in committed, word
