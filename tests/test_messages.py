"""The message catalogue: every message the code shows has its Korean text, and a Korean
workbook gets Korean messages."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from salesxl.cli import cli
from salesxl.core.config import Config
from salesxl.core.errors import Problem, RowProblems, WorkbookError
from salesxl.core.messages import KO, Msg, tr
from salesxl.core.parse import AMOUNT_HINT
from salesxl.io.template import write_team_workbook

PACKAGE = Path(__file__).resolve().parent.parent / "salesxl"
ERRORS = {"ParseError", "SalesxlError", "UsageError", "WorkbookError", "RuleError",
          "TableNotFoundError", "UnsafeFileError", "WorkbookLockedError"}
CALLS = {"tr", "Msg", "say"} | ERRORS
# Pending: files whose errors are still finished English sentences (f-strings, no catalogue
# id) because they are being reworked elsewhere; they convert to catalogue messages next and
# then leave this set. Nothing else may be added here.
PENDING: set[str] = set()
_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)(?:![rsa])?(?::[^}]*)?\}")


def _literal(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _constants(tree: ast.Module) -> dict[str, str]:
    """Module-level NAME = "text" assignments (message ids kept in a constant)."""
    out = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and (text := _literal(node.value)) is not None:
            out.update({t.id: text for t in node.targets if isinstance(t, ast.Name)})
    return out


def _scan() -> tuple[dict[str, str], list[str]]:
    """Every message id passed as a literal (or a module constant) to tr(), say(), Msg(),
    ParseError() or a salesxl error, every CLI option's help and every CLI command's
    docstring; and every error raised with text that is not a catalogue id."""
    found: dict[str, str] = {}
    bad: list[str] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = path.relative_to(PACKAGE.parent).as_posix()
        pending = where in PENDING
        constants = _constants(tree)
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
            at = f"{where}:{node.lineno}"
            first = node.args[0]
            if name in ERRORS and not pending:
                if isinstance(first, ast.JoinedStr | ast.BinOp) or (
                        isinstance(first, ast.Call)
                        and getattr(first.func, "attr", "") in ("format", "join")):
                    bad.append(f"{at}: {name}() gets text built in the code, not a catalogue "
                               "id with keyword parameters")
                elif (text := _literal(first)) is not None and not node.keywords \
                        and _PLACEHOLDER.search(text):
                    bad.append(f"{at}: {name}({text!r}) has placeholders but no parameters")
            if name in ERRORS and pending and not node.keywords:
                continue  # a finished English sentence in a pending file
            if isinstance(first, ast.Name) and first.id in constants:
                found.setdefault(constants[first.id], at)
            elif (text := _literal(first)) is not None:
                found.setdefault(text, at)
            elif isinstance(first, ast.IfExp):
                for branch in (first.body, first.orelse):
                    if (text := _literal(branch)) is not None:
                        found.setdefault(text, at)
    return found, bad


def _message_ids() -> dict[str, str]:
    return _scan()[0]


def test_every_message_in_the_code_has_its_korean_text() -> None:
    ids = _message_ids()
    assert len(ids) > 40  # the scan finds the messages (it cannot pass by finding none)
    missing = {msgid: where for msgid, where in ids.items() if msgid not in KO}
    assert not missing, "\n".join(f"{w}: {m!r}" for m, w in missing.items())


def test_every_error_is_a_catalogue_message() -> None:
    """An error's text is a literal id with keyword parameters, never an f-string or text
    glued together, so a Korean rep reads it in Korean (the pending files aside)."""
    _, bad = _scan()
    assert not bad, "\n".join(bad)


def test_korean_texts_keep_the_placeholders_of_the_english_id() -> None:
    for msgid, ko in KO.items():
        assert set(_PLACEHOLDER.findall(msgid)) == set(_PLACEHOLDER.findall(ko)), msgid


def _sentences(text: str) -> list[str]:
    """The sentences of a Korean text: cut after a full stop, question or exclamation mark
    followed by a space; what is in parentheses (a cell list, a command) does not count."""
    bare = re.sub(r"\([^()]*\)", "", re.sub(r"\{[^{}]*\}", "X", text))
    return [s for s in re.split(r"(?<=[.?!])\s+", bare.strip()) if s.strip()]


def test_every_korean_text_is_at_most_two_sentences() -> None:
    assert _sentences("셀을 고치세요. 다시 실행하세요 (예: A1. B2).") == ["셀을 고치세요.",
                                                                   "다시 실행하세요 ."]
    long = {ko: len(_sentences(ko)) for ko in KO.values() if len(_sentences(ko)) > 2}
    assert long == {}


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


# --- errors a Korean rep reads in Korean (expected texts written by hand) ----------------------
@pytest.fixture
def korean_book(tmp_path: Path) -> Path:
    return write_team_workbook(
        tmp_path / "k.xlsx", Config.default(language="ko"),
        {"leads": [{"lead_id": "K-1", "company": "한빛", "stage": "qualification",
                    "rep": "김영업"}]}, lang="ko")


@pytest.mark.parametrize(("args", "code", "korean"), [
    (["advance", "BOOK", "--lead", "K-9"], 2,
     "리드 시트에 리드 'K-9'이(가) 없습니다 (리드 번호 1개 중)"),
    (["advance", "BOOK", "--lead", "K-1", "--force"], 2,
     "--force에는 이유를 적은 --reason \"사유\"가 필요합니다 (단계 변경 이력에 남습니다)"),
    (["advance", "BOOK", "--lead", "K-1", "--to", "nowhere"], 2,
     "--to 'nowhere'은(는) 파이프라인의 영업 단계가 아닙니다. 다음 중 하나를 쓰세요: "),
    (["followups", "BOOK", "--rep", "박영희"], 2,
     "리드 표에 영업 담당자 '박영희'의 리드가 없습니다. 있는 영업 담당자: 김영업"),
    (["summary", "BOOK", "--today", "2026-12-07", "--since", "2026-12-10"], 2,
     "--since 2026-12-10이(가) --today 2026-12-07보다 뒤입니다. 비교 기준일은 오늘이거나 그 "
     "이전이어야 합니다"),
    (["convert", "BOOK"], 2,
     "-o 폴더(입력 파일마다 통합문서 하나)와 --into 팀.xlsx(모두 통합문서 하나에) 중 하나만 "
     "지정하세요"),
    (["consolidate", "MISSING", "-o", "OUT"], 2,
     "MISSING: 파일이나 폴더가 없습니다. 영업 담당자 통합문서(.xlsx)나 그 통합문서가 든 폴더를 "
     "지정하세요"),
])
def test_a_korean_run_gets_korean_errors(korean_book: Path, args: list[str], code: int,
                                         korean: str) -> None:
    places = {"BOOK": str(korean_book), "MISSING": str(korean_book.with_name("없는 폴더")),
              "OUT": str(korean_book.with_name("팀.xlsx"))}
    argv = [places.get(a, a) for a in args] + ["--lang", "ko"]
    result = CliRunner().invoke(cli, argv)
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    err = " ".join(result.stderr.split())  # the console wraps long lines
    expected = korean.replace("MISSING", places["MISSING"])
    assert f"오류: {expected}" in err


def test_errors_raised_deep_in_the_writer_speak_korean() -> None:
    from salesxl.io.parts.newsheet import check_sheet_name

    with pytest.raises(WorkbookError) as bad:
        check_sheet_name("3월:리드", [], "팀.xlsx")
    assert bad.value.text("ko") == ("팀.xlsx: 새 시트 이름 '3월:리드'에 엑셀이 시트 이름에 허용하지 "
                                    "않는 문자(:)가 있습니다. 다른 이름을 쓰세요")
    assert str(bad.value) == ("팀.xlsx: the new sheet name '3월:리드' contains :, which Excel does "
                              "not allow in sheet names; choose another name")
    with pytest.raises(WorkbookError) as taken:
        check_sheet_name("요약", ["리드", "요약"], "팀.xlsx")
    assert taken.value.text("ko") == ("팀.xlsx: 새 시트 이름 '요약'은(는) 이미 다른 시트가 쓰고 "
                                      "있습니다 (대소문자는 구분하지 않습니다). 다른 이름을 쓰세요")


def test_a_missing_sheet_lists_the_sheets_in_korean(tmp_path: Path) -> None:
    import zipfile

    from salesxl.io.parts.zipparts import find_sheet

    book = write_team_workbook(tmp_path / "k.xlsx", Config.default(language="ko"), {}, lang="ko")
    with zipfile.ZipFile(book) as zf, pytest.raises(WorkbookError) as missing:
        find_sheet(zf, "매출")
    assert missing.value.text("ko") == (
        f"{book}에 '매출' 시트가 없습니다. 있는 시트: '시작하기', '리드', '활동 내역', '반론 기록', "
        "'단계 변경 이력', '고객 파일', '목표', '플레이북', '설정'")


def test_strict_problems_name_the_column_by_its_header() -> None:
    problem = Problem("리드", 11, 13, "budget_amount", "abc", "is not an amount",
                      msg=Msg(AMOUNT_HINT))
    assert RowProblems([problem]).text("ko") == (
        "읽을 수 없는 셀 1개:\n  리드!N12: 예산 'abc' 금액이 아닙니다 (5000000, ₩5,000,000, "
        "500만원, 1.2억처럼 쓰세요)")
    assert RowProblems([problem]).text("en") == (
        "1 cell(s) could not be read:\n  리드!N12: Budget 'abc' is not an amount (write a number "
        "such as 5000000, ₩5,000,000, 500만원 or 1.2억)")
