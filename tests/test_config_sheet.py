"""The Config sheet: what `salesxl init` writes on it, and how what a rep types there changes
the rules — read through the Excel functions, which take the sheet's range (`salesxl_config`)
as Excel hands it over, so each check costs milliseconds.

The template's Config sheet (counted by hand): Settings title on row 4, its rows 6-18
(language 7, work_week 10, bant_horizon_days 12); Pipeline title on row 21, its rows 23-32
(proposal 27); Tiers title on row 35, its rows 37-40; Extra holidays title on row 43, its
header on row 44 and no rows; then the lists a team extends (Sources, Industries, Regions,
Lost reasons). A Korean workbook shows the setting names, stage types and gate names in
Korean. Today is Friday 2026-11-27.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from teambook import load, new_book
from xlwings_shim import call, com_grid, sheet_rows

TODAY = dt.datetime(2026, 11, 27)
D = dt.date


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("config")
    return {lang: new_book(folder / f"{lang}.xlsx", lang) for lang in ("en", "ko")}


@pytest.fixture(scope="module")
def grids(templates: dict[str, Path]) -> dict[str, list[list[Any]]]:
    return {lang: sheet_rows(path, "Config" if lang == "en" else "설정")
            for lang, path in templates.items()}


def edited(grid: list[list[Any]], *edits: tuple[str, str | int, Any]) -> Any:
    """The Config range after a rep typed into it: (first cell of the row, column, value);
    the column is a header text of the row's section or a 0-based index."""
    rows = copy.deepcopy(grid)
    for first, column, value in edits:
        r = next(i for i, row in enumerate(rows) if row and row[0] == first)
        if isinstance(column, str):
            header = next(rows[h] for h in range(r, -1, -1) if column in rows[h])
            column = header.index(column)
        rows[r][column] = value
    return com_grid(rows)


def follow_up(grid: Any, last: dt.date, tier: str = "A", stage: str = "proposal",
              today: dt.datetime = TODAY) -> Any:
    got = call("SALESXL_NEXT_FOLLOW_UP", dt.datetime(last.year, last.month, last.day), tier,
               stage, grid, today)[0][0]
    return got.date() if isinstance(got, dt.datetime) else got


# --- what init writes ---------------------------------------------------------------------------
@pytest.mark.parametrize(("lang", "sheet", "titles", "words"), [
    ("en", "Config", ["Settings", "Pipeline", "Tiers", "Extra holidays"],
     {"A10": "work_week", "B10": "Mon,Tue,Wed,Thu,Fri", "C10": "Working days",
      "A6": "pipeline", "B6": "seven_step", "D27": "open", "D29": "won",
      "G25": "BANT qualified", "G29": "Deal amount set", "C38": "Call"}),
    ("ko", "설정", ["기본 설정", "파이프라인", "고객 등급", "추가 휴일"],
     {"A10": "근무일", "B10": "월,화,수,목,금", "C10": "근무일",
      "A6": "파이프라인", "B6": "7단계", "D27": "진행", "D29": "수주",
      "G25": "BANT 적격", "G29": "금액 확정", "C38": "전화"}),
])
def test_init_writes_the_config_sheet_in_its_language(tmp_path: Path, lang: str,
                                                       sheet: str, titles: list[str],
                                                       words: dict[str, str]) -> None:
    ws = load(new_book(tmp_path / "new.xlsx", lang))[sheet]
    assert [ws[f"A{r}"].value for r in (4, 21, 35, 43)] == titles
    # setting names, stage types, gate names and channels in the workbook's language
    assert {ref: ws[ref].value for ref in words} == words
    assert sorted(ws.tables) == ["cfg_holidays", "cfg_industries", "cfg_lost_reasons",
                                 "cfg_pipeline", "cfg_regions", "cfg_settings", "cfg_sources",
                                 "cfg_tiers"]
    # pipeline rows: synonyms joined by comma and space; the old Korean labels stay synonyms
    assert [ws[f"A{r}"].value for r in (27, 28)] == ["proposal", "closing"]
    proposal, closing = (ws[f"I{r}"].value.split(", ") for r in (27, 28))
    assert proposal[:6] == ["quote", "quotation", "proposal and objections", "제안", "견적",
                            "이의 처리"]
    assert "제안 및 이의 처리" in proposal and "종결" in closing
    assert [ws[f"A{r}"].value for r in range(37, 41)] == ["A", "B", "C", "D"]


# --- what a rep types there --------------------------------------------------------------------
def test_the_language_setting_picks_the_words(grids: dict[str, Any]) -> None:
    for lang, nxt in (("en", "Closing"), ("ko", "클로징")):
        assert call("SALESXL_NEXT_STAGE", "proposal", com_grid(grids[lang])) == [[nxt]]
    # the Korean sheet names the setting 언어
    assert call("SALESXL_NEXT_STAGE", "proposal",
                edited(grids["ko"], ("언어", 1, "English"))) == [["Closing"]]


@pytest.mark.parametrize(("work_week", "expected"), [
    (None, D(2026, 12, 4)),                     # blank: Monday to Friday
    ("Mon,Tue,Wed,Thu", D(2026, 12, 7)),
    ("monday; tuesday; wednesday; thursday", D(2026, 12, 7)),
    ("월, 화, 수, 목", D(2026, 12, 7)),
    ("월요일,화요일,수요일,목요일", D(2026, 12, 7)),
    ("Sun,Mon,Tue,Wed,Thu", D(2026, 12, 6)),
    ("Mon,Tue,Wed,Thu,Fri,Sat", D(2026, 12, 4)),
])
def test_the_work_week_setting(grids: dict[str, Any], work_week: str | None,
                               expected: dt.date) -> None:
    # last contact Fri 27 Nov, tier A: +7 = Fri 4 Dec
    assert follow_up(edited(grids["en"], ("work_week", 1, work_week)), D(2026, 11, 27)) == expected


def test_tiers_pipeline_holidays_and_country(grids: dict[str, Any]) -> None:
    en = grids["en"]
    # tier A every 10 days: Fri 27 Nov + 10 = Mon 7 Dec
    assert follow_up(edited(en, ("A", "Cadence (days)", 10)), D(2026, 11, 27)) == D(2026, 12, 7)
    # proposal follows up at half the cadence: 7 x 0.5 = 3.5 -> 4 days: Tue 1 Dec
    assert follow_up(edited(en, ("proposal", "Follow-up factor", 0.5)),
                     D(2026, 11, 27)) == D(2026, 12, 1)
    # a team holiday typed under the Extra holidays header: Fri 4 Dec -> Mon 7 Dec
    holiday = copy.deepcopy(en)
    at = next(i for i, row in enumerate(holiday) if row[:2] == ["Date", "Name"]) + 1
    assert at == 44 and all(v in (None, "") for v in holiday[at])  # row 45, empty
    holiday[at] = [dt.datetime(2026, 12, 4), "창립기념일"] + [None] * (len(en[0]) - 2)
    assert follow_up(com_grid(holiday), D(2026, 11, 27)) == D(2026, 12, 7)
    # US holidays: Thanksgiving, Thu 26 Nov 2026, is no Korean holiday
    assert follow_up(en, D(2026, 11, 19), today=dt.datetime(2026, 11, 20)) == D(2026, 11, 26)
    assert follow_up(edited(en, ("holiday_country", 1, "us")), D(2026, 11, 19),
                     today=dt.datetime(2026, 11, 20)) == D(2026, 11, 27)
    # a stage's probability typed as text, a synonym added
    grid = edited(en, ("proposal", "Probability", "50%"),
                  ("proposal", "Synonyms", "quote; 견적서"))
    assert call("SALESXL_STAGE_PROBABILITY", "견적서", grid) == [[0.5]]


def test_bant_settings(grids: dict[str, Any]) -> None:
    def bant(grid: Any, budget: float) -> list[Any]:
        return call("SALESXL_BANT", budget, None, "yes", None, "ERP", None,
                    dt.datetime(2027, 1, 15), grid, TODAY)[0]

    en = grids["en"]
    assert bant(en, 5e6) == ["Qualified", 100, ""]
    # a minimum budget of 10 million: 5 million is not enough
    assert bant(edited(en, ("bant_min_budget", 1, "1,000만원")), 5e6) == ["Partial", 75, "B"]
    assert bant(edited(en, ("bant_min_budget", 1, 1e7)), 1e7) == ["Qualified", 100, ""]
    # a 30-day horizon: 15 January is 49 days away
    assert bant(edited(en, ("bant_horizon_days", 1, 30)), 5e6) == ["Partial", 75, "T"]
    # weights 40/20/20/20: without B the score is 60
    grid = edited(en, ("bant_min_budget", 1, 1e7), ("bant_weight_b", 1, 40),
                  ("bant_weight_a", 1, 20), ("bant_weight_n", 1, 20), ("bant_weight_t", 1, 20))
    assert bant(grid, 5e6) == ["Partial", 60, "B"]


def test_a_config_sheet_of_one_section_from_the_first_row() -> None:
    """A hand-made Config range: Tiers alone, on row 1; everything else from the defaults."""
    grid = com_grid([["Tiers", None, None], ["Tier", "Cadence (days)", "Channel"],
                     ["A", 3, "전화"], [None, None, None], ["B", 99, "mail"]])
    table = [["Tier", "Stage", "Last contact"],
             ["A", "proposal", TODAY], ["B", "proposal", TODAY]]
    got = call("SALESXL_FOLLOW_UPS_TABLE", table, grid, TODAY)
    # A: +3 = Mon 30 Nov by phone; B comes after a blank row, so it is no tier of this sheet
    assert [r[:2] for r in got[1:]] == [[dt.datetime(2026, 11, 30), "전화"], ["", ""]]


def test_wrong_values_are_named_by_cell(grids: dict[str, Any]) -> None:
    grid = edited(grids["en"], ("work_week", 1, "Funday"), ("bant_horizon_days", 1, "soon"),
                  ("B", "Cadence (days)", "often"))
    [[text]] = call("SALESXL_NEXT_STAGE", "proposal", grid)
    assert text.startswith("salesxl: the Config sheet has 3 wrong value(s):\n")
    lines = text.splitlines()[1:]
    assert lines[0] == ("  Config!B10: work_week 'Funday' is not a list of weekdays (write "
                        "Mon,Tue,Wed,Thu,Fri or 월,화,수,목,금)")
    assert lines[1].startswith("  Config!B12: bant_horizon_days 'soon' ")
    assert lines[2] == ("  Config!B38: cadence_days 'often' is not a valid tier cadence (a "
                        "whole number of days above 0)")
    # a wrong stage value is named at its own cell (G27), not at the stage key's (A27)
    [[text]] = call("SALESXL_NEXT_STAGE", "proposal",
                    edited(grids["en"], ("proposal", "Gates", "magic")))
    assert "Config!G27: gates 'magic' is not valid in stage 'proposal'" in text


def test_pipeline_rows_fall_back_sensibly(grids: dict[str, Any]) -> None:
    en = grids["en"]
    # no English name: the key shows; no Korean name: the English one
    grid = edited(en, ("proposal", "English", None))
    assert call("SALESXL_NEXT_STAGE", "presentation", grid) == [["proposal"]]
    grid = edited(grids["ko"], ("proposal", "한글명", None))
    assert call("SALESXL_NEXT_STAGE", "presentation", grid) == [["Proposal"]]
    # no type: an open stage (it follows presentation); no follow-up factor: 1 (7 days)
    grid = edited(en, ("proposal", "Type", None), ("proposal", "Follow-up factor", None))
    assert call("SALESXL_NEXT_STAGE", "presentation", grid) == [["Proposal"]]
    assert follow_up(grid, D(2026, 11, 27)) == D(2026, 12, 4)
    # a pipeline name salesxl does not know: the rows still define the stages
    grid = edited(en, ("pipeline", 1, "our own"), ("proposal", "English", "Offer"))
    assert call("SALESXL_NEXT_STAGE", "presentation", grid) == [["Offer"]]


def test_stray_cells_and_a_range_without_sections(grids: dict[str, Any]) -> None:
    # a number where a setting's name goes is not a setting (and breaks nothing)
    grid = edited(grids["en"], ("template_version", 0, 42))
    assert call("SALESXL_NEXT_STAGE", "proposal", grid) == [["Closing"]]
    [[text]] = call("SALESXL_NEXT_STAGE", "proposal", [["hello", "world"], ["x", "y"]])
    # a range that names no language answers in Korean, the defaults' language
    assert text == ("salesxl: config: 범위에 설정 항목(기본 설정, 파이프라인, 고객 등급)이 없습니다. "
                    "설정 시트의 범위(salesxl_config)나 'ko'/'en'을 지정하세요")


def test_more_wrong_values(grids: dict[str, Any]) -> None:
    def message(*edits: tuple[str, str | int, Any], rows: list[list[Any]] | None = None) -> str:
        grid = edited(rows or grids["en"], *edits)
        [[text]] = call("SALESXL_NEXT_STAGE", "proposal", grid)
        return str(text)

    # two bad holiday dates typed under the Extra holidays header (rows 45 and 46): both
    # named, each on its own line
    holidays = copy.deepcopy(grids["en"])
    width = len(holidays[0])
    assert holidays[43][:2] == ["Date", "Name"]
    holidays[44:46] = [["soon"] + [None] * (width - 1), ["2026-13-45"] + [None] * (width - 1)]
    text = message(rows=holidays)
    assert text.startswith("salesxl: the Config sheet has 2 wrong value(s):")
    assert "\n  Config!A45: date 'soon' is not a date" in text
    assert "\n  Config!A46: date '2026-13-45' " in text
    # a tier without a cadence is no tier
    assert "Config!B37: cadence_days '' is not a valid tier cadence" in message(
        ("A", "Cadence (days)", None))
    # what is wrong with a stage is said, at the cell that holds it
    assert "\n  Config!E27: probability 'lots' is not a percentage (write 25%, 25 or 0.25)" \
        in message(("proposal", "Probability", "lots"))
    assert "\n  Config!G27: gates 'magic' is not valid in stage 'proposal': Value error, " \
           "unknown gate(s) ['magic']; known gates: bant_qualified," in message(
               ("proposal", "Gates", "magic"))
    assert "\n  Config!D27: type 'sometimes' is not valid in stage 'proposal': " in message(
        ("proposal", "Type", "sometimes"))
    assert "\n  Config!A27: key 'Proposal!' is not a valid stage: " in message(
        ("proposal", "Stage key", "Proposal!"))
    # an unknown language is a wrong value like any other (not a crash)
    assert message(("language", 1, "fr")) == (
        "salesxl: the Config sheet has 1 wrong value(s):\n"
        "  Config!B7: language 'fr' is not a language salesxl writes (write ko or en)")
    # a sheet whose rows are each fine but whose pipeline lacks an outcome
    assert message(("lost", "Stage key", "dropped")) == (
        "salesxl: the Config sheet is not a valid configuration: Value error, the pipeline "
        "must end in the outcome 'lost'. Fix the sheet or delete it to use the defaults.")


def test_a_tier_without_a_channel_and_titles_at_the_bottom(grids: dict[str, Any]) -> None:
    table = [["Tier", "Stage", "Last contact"], ["A", "proposal", TODAY]]
    got = call("SALESXL_FOLLOW_UPS_TABLE", table, edited(grids["en"], ("A", "Channel", None)),
               TODAY)
    assert got[1][:2] == [dt.datetime(2026, 12, 4), ""]  # a date, no channel
    width = len(grids["en"][0])
    # a section title typed on the last row, with nothing under it: ignored
    bottom = [*copy.deepcopy(grids["en"]), [None] * width, ["Tiers"] + [None] * (width - 1)]
    assert call("SALESXL_FOLLOW_UPS_TABLE", table, com_grid(bottom), TODAY)[1][1] == "Visit"
    # a Tiers section with its header and no rows: no tier at all, so no follow-ups
    only = com_grid([["Settings", None], ["Setting", "Value"], ["language", "en"], [None, None],
                     ["Tiers", None], ["Tier", "Channel"]])
    assert call("SALESXL_FOLLOW_UPS_TABLE", table, only, TODAY)[1] == ["", "", "None"]
