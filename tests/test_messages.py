"""The message catalogue: every message the code shows has its Korean text, and a Korean
workbook gets Korean messages."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from click.testing import CliRunner

from salesxl.cli import cli
from salesxl.core.config import Config
from salesxl.core.messages import KO, Msg, tr
from salesxl.io.template import write_team_workbook

PACKAGE = Path(__file__).resolve().parent.parent / "salesxl"
CALLS = {"tr", "Msg", "ParseError", "say", "UsageError", "WorkbookError", "RuleError",
         "TableNotFoundError", "UnsafeFileError", "WorkbookLockedError"}


def _literal(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _message_ids() -> dict[str, str]:
    """Every message id passed as a literal to tr(), say(), Msg(), ParseError() or a salesxl
    error that has parameters, every CLI option's help and every CLI command's docstring."""
    found: dict[str, str] = {}
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = str(path.relative_to(PACKAGE.parent))
        if path.name == "cli.py":
            for node in ast.walk(tree):
                if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "option":
                    for kw in node.keywords:
                        if kw.arg == "help" and (text := _literal(kw.value)):
                            found.setdefault(text, f"{where}:{node.lineno}")
                if isinstance(node, ast.FunctionDef) and node.decorator_list and \
                        (doc := ast.get_docstring(node)) and any(
                            "command" in ast.unparse(d) or "group" in ast.unparse(d)
                            for d in node.decorator_list):
                    found.setdefault(doc, f"{where}:{node.lineno}")
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            if name not in CALLS:
                continue
            if name.endswith("Error") and name != "ParseError" and not node.keywords:
                continue  # a finished English sentence, not yet a catalogue message
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.setdefault(first.value, f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
            elif isinstance(first, ast.IfExp):
                for branch in (first.body, first.orelse):
                    if isinstance(branch, ast.Constant) and isinstance(branch.value, str):
                        found.setdefault(branch.value,
                                         f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    return found


def test_every_message_in_the_code_has_its_korean_text() -> None:
    ids = _message_ids()
    assert len(ids) > 40  # the scan finds the messages (it cannot pass by finding none)
    missing = {msgid: where for msgid, where in ids.items() if msgid not in KO}
    assert not missing, "\n".join(f"{w}: {m!r}" for m, w in missing.items())


def test_korean_texts_keep_the_placeholders_of_the_english_id() -> None:
    field = re.compile(r"\{([a-z_][a-z0-9_]*)(?::[^}]*)?\}")
    for msgid, ko in KO.items():
        assert set(field.findall(msgid)) == set(field.findall(ko)), msgid


def test_particles_follow_the_word_before_them() -> None:
    assert tr("{lead} cannot move from {frm} to {to}", "ko", lead="L-1", frm="제안",
              to="클로징") == "L-1: 제안에서 클로징으로 옮길 수 없습니다"
    assert tr("{lead} cannot move from {frm} to {to}", "ko", lead="L-1", frm="리드 발굴",
              to="리드 검증") == "L-1: 리드 발굴에서 리드 검증으로 옮길 수 없습니다"
    assert tr("{lead} cannot move from {frm} to {to}", "ko", lead="L-1", frm="클로징",
              to="실주") == "L-1: 클로징에서 실주로 옮길 수 없습니다"  # 주: a vowel
    assert tr("fill in {cells}", "ko", cells="리드!N2 (예산)") == "리드!N2 (예산)에 값을 입력하세요"
    assert Msg("no need recorded").text("en") == "no need recorded"


def test_a_refused_move_in_a_korean_workbook_speaks_korean(tmp_path: Path) -> None:
    book = write_team_workbook(
        tmp_path / "k.xlsx", Config.default(language="ko"),
        {"leads": [{"lead_id": "K-1", "company": "한빛", "stage": "qualification",
                    "need_level": "low"}]}, lang="ko")
    data = book.read_bytes()
    result = CliRunner().invoke(cli, ["advance", str(book), "--lead", "K-1", "--today",
                                      "2026-12-07"])
    assert result.exit_code == 1
    err = result.stderr
    assert "K-1: 리드 검증에서 니즈 파악으로 옮길 수 없습니다" in err
    assert "진입 조건 'BANT 적격' 미충족: BANT 부적격 (미충족: B,A,N,T)" in err
    # the values the dropdown offers, in Korean: 예, 상 / 중
    assert "(예산 확보 여부: 예)" in err and "(니즈 수준: 상 또는 중)" in err
    assert "(결정권자 여부: 예)" in err
    assert "2026-12-07부터 2027-06-05 사이의 날짜" in err  # 180 days of timing
    assert "아무것도 바꾸지 않았습니다." in err
    for english in ("fill in", " or ", "gate", "cannot", "Nothing", "yes", "high"):
        assert english not in err, english
    assert book.read_bytes() == data


def test_file_names_never_go_through_markup(tmp_path: Path) -> None:
    """Brackets, [/b], emoji and Hangul in a file name are printed as they are, no crash."""
    name = "리드[/b] [old] 🚀.xlsx"
    book = tmp_path / name
    runner = CliRunner()
    made = runner.invoke(cli, ["init", str(book), "--lang", "en"])
    assert made.exit_code == 0, made.output
    assert name in made.stdout.replace("\n", "")
    checked = runner.invoke(cli, ["validate", str(book), "--lang", "en"])
    assert checked.exit_code == 0, checked.output
    assert "리드[/b] [old]" in checked.stdout and "🚀.xl" in checked.stdout  # title wraps


def test_a_csv_given_to_a_workbook_command_points_to_convert(tmp_path: Path) -> None:
    legacy = tmp_path / "2019 영업.csv"
    legacy.write_text("고객사,담당자명\n한빛,김철수\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(legacy), "--lang", "ko"])
    assert result.exit_code == 3
    assert "salesxl convert" in result.stderr and "CSV 형식" in result.stderr
    assert "Traceback" not in result.output
