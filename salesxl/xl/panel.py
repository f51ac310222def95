"""The salesxl sheet of the macro workbooks: its buttons, input cells and message area.

One declaration serves the builder (`salesxl.xl.build` places the buttons and writes the texts),
the button macros (`salesxl.xl.macros` reads the input cells and writes messages) and the VBA
(`macros/SalesxlButtons.bas` has one Sub per button, named `Button.macro`).

Cells are zero-based (row, col) here, as everywhere in salesxl.

Example:
    >>> [b.entry for b in BUTTONS][:2]
    ['validate_leads', 'advance_selected_leads']
    >>> BUTTONS[0].caption("ko")
    '리드 검증 (BANT)'
"""

from __future__ import annotations

from dataclasses import dataclass

SHEET = "salesxl"  # the panel sheet (same name in both languages: it is the product's)
CONF_SHEET = "xlwings.conf"  # read by the xlwings add-in (sheet, then folder, then user)
UDF_MODULE = "salesxl.xl.udfs"  # what the add-in's "Import Functions" imports
CONFIG_NAME = "salesxl_config"  # defined name over the Config sheet, for worksheet functions
MACRO_MODULE = "salesxl.xl.macros"

TITLE_ROW = 0
BUTTON_COL = 1  # B
TEXT_COL = 3  # D: what a button does; also where inputs are typed
FOLDER_CELL = (16, TEXT_COL)  # D17: folder to consolidate
LEGACY_CELL = (17, TEXT_COL)  # D18: legacy workbook to import
LOG_HEADER_ROW = 20  # row 21: When | Level | Where | Message
LOG_FIRST_ROW = LOG_HEADER_ROW + 1  # row 22: the newest run's messages start here
LOG_COLS = (1, 2, 3, 4)  # B..E
LOG_MAX_LINES = 500


@dataclass(frozen=True)
class Button:
    """One button: the VBA Sub it runs, the Python entry point, its caption and help."""

    macro: str  # Sub in macros/SalesxlButtons.bas
    entry: str  # function in salesxl.xl.macros (no arguments)
    row: int
    en: str
    ko: str
    help_en: str
    help_ko: str
    manager: bool = False

    def caption(self, lang: str) -> str:
        return self.ko if lang == "ko" else self.en

    def help(self, lang: str) -> str:
        return self.help_ko if lang == "ko" else self.help_en

    @property
    def command(self) -> str:
        """The Python command the button's RunPython runs."""
        return f"import {MACRO_MODULE} as m; m.{self.entry}()"


BUTTONS: tuple[Button, ...] = (
    Button("ValidateLeads", "validate_leads", 3, "Validate leads", "리드 검증 (BANT)",
           "BANT-qualify every lead: fills BANT status, score and missing letters on the "
           "Leads sheet. Unreadable cells and stale deals are listed below.",
           "모든 리드의 BANT 자격을 확인해 리드 시트의 BANT 상태·점수·미충족을 채웁니다. "
           "읽을 수 없는 셀과 정체된 거래는 아래에 표시됩니다."),
    Button("AdvanceSelectedLeads", "advance_selected_leads", 5, "Advance selected leads",
           "선택한 리드 다음 단계로",
           "First select the leads' rows on the Leads sheet. Each moves one stage forward "
           "through its gates and is logged in History; if one cannot, nothing changes and "
           "what is missing is listed below (the workbook is saved first).",
           "먼저 리드 시트에서 리드 행을 선택하십시오. 진입 조건을 충족하면 다음 단계로 옮기고 "
           "이력에 기록합니다. 하나라도 옮길 수 없으면 아무것도 바꾸지 않고 부족한 내용을 아래에 "
           "표시합니다(먼저 통합문서를 저장합니다)."),
    Button("ScheduleFollowUps", "schedule_follow_ups", 7, "Schedule follow-ups",
           "후속 조치 일정 계산",
           "Next follow-up date, channel and status for every lead, by customer tier, on "
           "business days. Overdue and due-today leads are listed below.",
           "고객 등급별 주기와 영업일 기준으로 모든 리드의 다음 연락일·연락 방법·연락 상태를 "
           "채웁니다. 지연되었거나 오늘 연락할 리드는 아래에 표시됩니다."),
    Button("RefreshSummary", "refresh_summary", 9, "Refresh summary", "요약 새로 고침",
           "Rebuilds the tables of the Summary sheet from the current data (the workbook is "
           "saved first).",
           "현재 데이터로 요약 시트의 표를 다시 만듭니다(먼저 통합문서를 저장합니다)."),
    Button("ConsolidateFolder", "consolidate_folder", 12, "Consolidate a folder",
           "폴더 통합 (관리자)",
           "Managers: merges the rep workbooks in the folder typed in D17 into a new team "
           "workbook and opens it.",
           "관리자용: D17에 입력한 폴더의 영업사원 통합문서를 새 팀 통합문서로 합치고 엽니다.",
           manager=True),
    Button("ImportLegacyWorkbook", "import_legacy_workbook", 14, "Import a legacy workbook",
           "기존 통합문서 가져오기 (관리자)",
           "Managers: converts the legacy workbook typed in D18 into a new standard team "
           "workbook and opens it.",
           "관리자용: D18에 입력한 기존 통합문서를 표준 팀 통합문서로 변환하고 엽니다.",
           manager=True),
)

TEXTS: dict[str, tuple[str, str]] = {  # key -> (en, ko)
    "title": ("salesxl", "salesxl"),
    "intro": ("Buttons run Python (salesxl with the xlwings add-in). Results are written into "
              "the sheets; messages appear at the bottom of this sheet. Setup: docs/excel.md.",
              "버튼은 Python(salesxl, xlwings 추가 기능)을 실행합니다. 결과는 각 시트에 쓰이고, "
              "메시지는 이 시트 아래쪽에 표시됩니다. 설정 방법: docs/excel.md."),
    "reps": ("For every rep", "영업사원용"),
    "managers": ("For managers", "관리자용"),
    "folder": ("Folder to consolidate", "통합할 폴더"),
    "legacy": ("Legacy workbook to import", "가져올 기존 통합문서"),
    "messages": ("Messages of the last run", "최근 실행 메시지"),
    "when": ("When", "시각"),
    "level": ("Level", "구분"),
    "where": ("Where", "위치"),
    "message": ("Message", "내용"),
    "info": ("info", "정보"),
    "warning": ("warning", "경고"),
    "error": ("error", "오류"),
}


def text(key: str, lang: str) -> str:
    """A panel text in `lang` ('ko' or 'en')."""
    en, ko = TEXTS[key]
    return ko if lang == "ko" else en


def button(entry: str) -> Button:
    """The button whose Python entry point is `entry`."""
    for b in BUTTONS:
        if b.entry == entry:
            return b
    raise KeyError(entry)
