"""Every message salesxl shows a user, in Korean and English, in one catalogue.

The English text is the message's id (gettext's convention): code raises and prints English
templates with ``{placeholders}``, and `tr` gives the message in the workbook's language.
A test (tests/test_messages.py) finds every message id used in the code (`tr(...)`,
`ParseError(...)`, `Msg(...)`) and checks the catalogue has its Korean text.

Example:
    >>> tr("is not an amount (write a number such as 5000000, ₩5,000,000, 500만원 or 1.2억)", "ko")
    '금액이 아닙니다 (5000000, ₩5,000,000, 500만원, 1.2억처럼 쓰세요)'
    >>> tr("{n} lead(s) moved", "en", n=3)
    '3 lead(s) moved'
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from salesxl.core.playbook_v2.next_steps import PARTICLES, josa

KO: dict[str, str] = {
    # --- reading cells (salesxl.core.parse, salesxl.core.values) --------------------------
    "is not an amount (write a number such as 5000000, ₩5,000,000, 500만원 or 1.2억)":
        "금액이 아닙니다 (5000000, ₩5,000,000, 500만원, 1.2억처럼 쓰세요)",
    "is not a date (write 2026-03-05, 2026.03.05 or 2026년 3월 5일)":
        "날짜가 아닙니다 (2026-03-05, 2026.03.05 또는 2026년 3월 5일처럼 쓰세요)",
    "is not yes/no (write Y or N, 예 or 아니오, O or X)":
        "예/아니오가 아닙니다 (예 또는 아니오, Y 또는 N, O 또는 X로 쓰세요)",
    "is not a number (write 1234.5 or 1,234.5)":
        "숫자가 아닙니다 (1234.5 또는 1,234.5처럼 쓰세요)",
    "is not a percentage (write 25%, 25 or 0.25)":
        "비율이 아닙니다 (25%, 25 또는 0.25처럼 쓰세요)",
    "names two currencies ({a} and {b})": "통화가 두 가지입니다 ({a}, {b})",
    "is not a real date (there is no year {year})": "실제 날짜가 아닙니다 ({year}년은 없습니다)",
    "is not a real date (there is no month {month})": "실제 날짜가 아닙니다 ({month}월은 없습니다)",
    "is not a real date ({year}-{month:02d} has no day {day})":
        "실제 날짜가 아닙니다 ({year}년 {month}월에는 {day}일이 없습니다)",
    "is ambiguous: it could be {a} or {b} (set the date order: YMD, DMY or MDY)":
        "날짜가 모호합니다: {a}일 수도, {b}일 수도 있습니다 (날짜 순서를 지정하세요: YMD, DMY, MDY)",
    "is not a time (with AM/PM the hour runs from 1 to 12)":
        "시각이 아닙니다 (오전/오후를 쓰면 시는 1부터 12까지입니다)",
    "is not a time (write 14:30 or 오후 2시 30분)": "시각이 아닙니다 (14:30 또는 오후 2시 30분처럼 쓰세요)",
    "is missing the year (write 2026년 3월 5일 or 2026-03-05)":
        "연도가 없습니다 (2026년 3월 5일 또는 2026-03-05처럼 쓰세요)",
    "is missing the year (write 2026-03-05 or 2026년 3월 5일)":
        "연도가 없습니다 (2026-03-05 또는 2026년 3월 5일처럼 쓰세요)",
    "is not a date (Excel date numbers run from 1 = 1900-01-01 to 2958465 = 9999-12-31)":
        "날짜가 아닙니다 (엑셀 날짜 일련번호는 1 = 1900-01-01부터 2958465 = 9999-12-31까지입니다)",
    "is Excel's 1900-02-29, a day that does not exist":
        "엑셀의 1900-02-29로, 실제로 없는 날짜입니다",
    "is not a date (it is after 9999-12-31)": "날짜가 아닙니다 (9999-12-31 이후입니다)",
    "is a time of day, not a date (write 2026-03-05)":
        "날짜가 아니라 시각입니다 (2026-03-05처럼 쓰세요)",
    "is not a whole number (write 12, not 12.5)": "정수가 아닙니다 (12.5가 아니라 12처럼 쓰세요)",
    "is not between 0% and 100%": "0%와 100% 사이가 아닙니다",
    "is not one of the allowed values ({words})": "허용된 값이 아닙니다 ({words} 중에서 고르세요)",
    "is ambiguous: year, month and day could be in any order (set --date-order YMD, DMY or MDY)":
        "날짜가 모호합니다: 연·월·일 순서를 알 수 없습니다 (--date-order YMD, DMY, MDY 중 하나를 지정하세요)",
    # --- stage moves and gates (salesxl.core.rules.stages, salesxl.core.gates, advance) ---
    "{lead} cannot move from {frm} to {to}": "{lead}: {frm}에서 {to}{으로로} 옮길 수 없습니다",
    "{lead} ({frm}) cannot move": "{lead} ({frm}): 옮길 수 없습니다",
    "(no stage)": "(단계 없음)",
    " (the next stage is {stage})": " (다음 단계는 {stage}입니다)",
    "gate '{gate}' failed: {reason}": "진입 조건 '{gate}' 미충족: {reason}",
    "To move it anyway, pass --force --reason TEXT.":
        "그래도 옮기려면 --force --reason \"사유\"를 붙이세요.",
    "Nothing was changed.": "아무것도 바꾸지 않았습니다.",
    "fill in {cells}": "{cells}에 값을 입력하세요",
    " or ": " 또는 ",
    "{cell} ({column}: {values})": "{cell} ({column}: {values})",
    "{cell} ({column})": "{cell} ({column})",
    "{cell} ({column}: {note})": "{cell} ({column}: {note})",
    "correct {cell} ({column}): {value} {problem}": "{cell} ({column}) 수정: {value} {problem}",
    "log an activity of type {type} for {lead} on the {sheet} sheet":
        "{sheet} 시트에 {lead}의 활동을 유형 '{type}'(으)로 기록하세요",
    "add a row for {lead} to {sheet}": "{sheet}에 {lead} 행을 추가하세요",
    "add a {column} column to {sheet} and fill it in for {lead}":
        "{sheet} 시트에 '{column}' 열을 추가하고 {lead}의 값을 입력하세요",
    "{cell}: stage {value} {problem}; fix the cell, then run again. Nothing was changed.":
        "{cell}: 영업 단계 {value} {problem}. 셀을 고친 뒤 다시 실행하세요. 아무것도 바꾸지 않았습니다.",
    "the deal is lost; reopen it with --to STAGE --force --reason TEXT":
        "실주된 건입니다. 다시 열려면 --to 단계 --force --reason \"사유\"를 붙이세요",
    "the lead is on hold and History does not say where it was; give the stage it resumes at "
    "with --to STAGE":
        "보류 중인 리드인데 단계 변경 이력에 이전 단계가 없습니다. 재개할 단계를 --to 단계로 지정하세요",
    "an upsell is the last stage; give --to STAGE to move it":
        "업셀은 마지막 단계입니다. 옮기려면 --to 단계를 지정하세요",
    "there is no next stage": "다음 단계가 없습니다",
    "the lead is already in that stage": "이미 그 단계에 있습니다",
    "moving backwards needs --force and --reason":
        "이전 단계로 되돌리려면 --force와 --reason이 필요합니다",
    "skipping a stage needs --force and --reason":
        "단계를 건너뛰려면 --force와 --reason이 필요합니다",
    "a value salesxl can read": "salesxl이 읽을 수 있는 값",
    "a date from {first} to {last}": "{first}부터 {last} 사이의 날짜",
    "an amount above the minimum budget": "최소 예산 이상의 금액",
    "BANT is {status} (not met: {missing})": "BANT {status} (미충족: {missing})",
    "no need recorded": "니즈가 기록되지 않았습니다",
    "no decision maker identified": "결정권자가 확인되지 않았습니다",
    "no need recorded and no decision maker identified":
        "니즈가 기록되지 않았고 결정권자도 확인되지 않았습니다",
    "no demo or presentation activity is logged for the lead":
        "이 리드의 데모(시연) 활동 기록이 없습니다",
    "{n} objection(s) logged for the lead are not resolved":
        "이 리드의 고객 반론 {n}건이 해결되지 않았습니다",
    "the deal amount is empty": "예상 금액이 비어 있습니다",
    "the lost reason is empty": "실주 사유가 비어 있습니다",
    "the resume-on date is empty": "재개 예정일이 비어 있습니다",
    "the lead is not linked to a customer: no customer has its e-mail, phone or company and "
    "contact":
        "기존 고객과 연결되지 않았습니다: 이메일, 전화번호 또는 고객사명 + 고객 담당자가 같은 고객이 "
        "없습니다",
    "a customer ID of the Customers sheet": "고객 파일 시트에 있는 고객사 번호",
    "BANT status is qualified (all of budget, authority, need, timing met)":
        "BANT 검증 상태가 적격 (예산·결정권·니즈·시기 모두 충족)",
    "a need is recorded and a decision maker is identified": "니즈가 기록되고 결정권자가 확인됨",
    "at least one demo or presentation activity is logged for the lead":
        "이 리드의 데모(시연) 활동이 하나 이상 기록됨",
    "every objection logged for the lead is resolved": "이 리드의 고객 반론이 모두 해결됨",
    "the deal amount is filled in": "예상 금액이 입력됨",
    "the lost reason is filled in": "실주 사유가 입력됨",
    "the resume-on date is filled in": "재개 예정일이 입력됨",
    "the lead is linked to a customer (an upsell follows a won deal)":
        "기존 고객과 연결된 리드 (업셀은 수주한 고객의 추가 거래)",
    # --- the command line (salesxl.cli): help ----------------------------------------------
    "Usage: ": "사용법: ",
    "Options": "옵션",
    "Commands": "명령",
    "Examples": "예시",
    "Show this message and exit.": "이 도움말을 보여 주고 끝냅니다.",
    "Show the version and exit.": "버전을 보여 주고 끝냅니다.",
    "Learn a win probability from BOOK's closed deals and write it for every open lead.":
        "BOOK의 종료된 거래로 수주 확률을 학습해 진행 중인 모든 리드에 예측 수주 확률을 씁니다.",
    "Day open leads are scored on (YYYY-MM-DD); default today.":
        "진행 중 리드를 평가하는 기준일 (YYYY-MM-DD). 기본값은 오늘.",
    "Back-test: train on the deals closed on or before this date [default: the date by which "
    "70 % of the closed deals had closed].":
        "백테스트: 이 날짜까지 종료된 거래로 학습합니다 [기본값: 종료 거래의 70%가 종료된 날짜].",
    "Also print the back-test: AUC, Brier score and calibration, learned vs stage defaults.":
        "백테스트(AUC, Brier 점수, 보정표: 예측 확률 vs 단계 기본값)도 출력합니다.",
    "Print the report, back-test included, as JSON on stdout.":
        "백테스트를 포함한 결과를 JSON으로 출력합니다.",
    "salesxl: BANT, stages, follow-ups and summaries for sales teams who live in Excel.":
        "salesxl: 엑셀로 영업하는 팀을 위한 BANT 검증, 영업 단계, 후속 연락, 영업 요약.",
    "Write a new team workbook to PATH.": "새 팀 통합문서를 PATH에 만듭니다.",
    "Regenerate the ready Korean and English team workbooks in DEST.":
        "DEST 폴더에 기본 한국어·영어 팀 통합문서를 다시 만듭니다.",
    "Export a table of BOOK with canonical keys and ISO dates.":
        "BOOK의 표 하나를 표준 키와 ISO 날짜로 내보냅니다.",
    "Write a realistic demo team and run every salesxl capability on it.":
        "실제와 비슷한 데모 팀을 만들고 salesxl의 모든 기능을 실행해 봅니다.",
    "BANT-qualify every lead of BOOK: write bant_status, bant_score, bant_missing.":
        "BOOK의 모든 리드를 BANT로 검증하고 BANT 검증 상태·점수·미확인 항목과 다음 액션을 씁니다.",
    "Move leads of BOOK to their next stage (or --to), through the stage gates.":
        "BOOK의 리드를 진입 조건을 확인해 다음 영업 단계(또는 --to 단계)로 옮깁니다.",
    "Sync BOOK's Customers sheet: won leads as customers, repurchases and referrals linked.":
        "BOOK의 고객 파일 시트를 맞춥니다: 수주한 리드는 고객으로, 재구매와 추천은 고객과 연결합니다.",
    "Schedule the next follow-up of every lead of BOOK by tier, on business days.":
        "고객 등급별 주기에 따라 영업일 기준으로 모든 리드의 다음 후속 연락일을 정합니다.",
    "Convert legacy sales sheets (files or folders) into standard team workbooks.":
        "기존 영업 관리 시트(파일 또는 폴더)를 표준 팀 통합문서로 변환합니다.",
    "Rebuild BOOK's Summary sheet: tables, native charts and a PivotTable.":
        "BOOK의 요약 시트(표, 엑셀 차트, 피벗 테이블)를 다시 만듭니다.",
    "The Excel side: macro workbooks with buttons and worksheet functions (xlwings).":
        "엑셀 쪽: 버튼과 워크시트 함수가 있는 매크로 통합문서 (xlwings).",
    "Build SalesTeam-ko.xlsm and SalesTeam-en.xlsm in DEST from the template and macros/.":
        "양식과 macros/ 폴더로 DEST에 SalesTeam-ko.xlsm, SalesTeam-en.xlsm을 만듭니다.",
    "Consolidate the reps' workbooks (files or folders) into one team workbook.":
        "영업 담당자들의 통합문서(파일 또는 폴더)를 팀 통합문서 하나로 합칩니다.",
    "Language of sheet names, headers and dropdowns [default: ko].":
        "시트 이름, 열 제목, 목록의 언어 [기본값: ko].",
    "Lead IDs given": "새로 매긴 리드 번호",
    "Rebuild BOOK's Summary sheet: headline, targets, changes, activity, native charts and a\n"
    "PivotTable, with every stale deal on its own sheet.":
        "BOOK의 요약 시트(핵심 지표, 목표, 변동, 활동, 엑셀 차트, 피벗 테이블)와 정체 거래 시트를 "
        "다시 만듭니다.",
    "Show what changed since this day (YYYY-MM-DD); default 7 days before --today.":
        "이 날짜 이후의 변동을 보여 줍니다 (YYYY-MM-DD). 기본값은 --today 7일 전.",
    "Also write a compact sheet for this rep (repeatable), for one-to-ones.":
        "이 영업 담당자의 1:1 면담용 요약 시트도 만듭니다 (여러 번 지정 가능).",
    "Also write a compact sheet for every rep.": "영업 담당자마다 요약 시트를 만듭니다.",
    "Split the team tables by rep [default: when the workbook holds several reps].":
        "팀 표를 영업 담당자별로 나눕니다 [기본값: 담당자가 여럿일 때].",
    " of target {target} ({share})": " (목표 {target}의 {share})",
    "Won this month": "이번 달 수주",
    "Forecast this month": "이번 달 가중 매출 예측",
    "Forecast this quarter": "이번 분기 가중 매출 예측",
    "Since {day}": "{day} 이후",
    "{new} new, {advanced} advanced, {won} won, {lost} lost, {slipped} slipped":
        "신규 {new}, 단계 진행 {advanced}, 수주 {won}, 실주 {lost}, 수주 예정일 연기 {slipped}",
    "Stale deals sheet": "정체 거래 시트",
    "Forecast ({prob})": "가중 매출 예측 ({prob})",
    "learned win probability": "예측 수주 확률",
    "stage probability": "단계 확률",
    "{month} this month, {quarter} this quarter": "이번 달 {month}, 이번 분기 {quarter}",
    "Back-test AUC (learned vs stage default)": "백테스트 AUC (예측 수주 확률 대 단계 기본값)",
    "{learned} vs {stage}": "{learned} 대 {stage}",
    "Back-test": "백테스트",
    "After the sale": "사후 관리",
    "repeat-purchase rate {rate}, upsells {upsell}, referrals won {referral} of closed (others "
    "{other})":
        "재구매율 {rate}, 업셀 {upsell}, 추천 리드 수주율 {referral} (기타 리드 {other})",
    "After-sale sheet": "사후 관리 시트",
    "Rep sheets": "영업 담당자 시트",
    "Summary": "요약",
    "sheet {sheet!r} ({n} charts, PivotTable {pivot}), stale deals on {stale!r}":
        "{sheet!r} 시트 (차트 {n}개, 피벗 테이블 {pivot}), 정체 거래는 {stale!r} 시트",
    "no company, contact, e-mail, phone or lead ID: not a lead (a note, a sub-total or a "
    "half-filled row?)":
        "고객사명, 고객 담당자, 이메일, 전화번호, 리드 번호가 모두 없어 리드가 아닙니다 (메모, 소계, "
        "반쯤 채운 행일 수 있습니다)",
    "a note line below or inside the list (※, *, Note:), not a lead":
        "목록 아래나 중간의 메모 줄입니다 (※, *, 참고:). 리드가 아닙니다",
    "{path}: no such file. Check the path, or create a workbook with `salesxl init`.":
        "{path}: 파일이 없습니다. 경로를 확인하거나 `salesxl init`으로 통합문서를 만드세요.",
    "{path} is a {kind} file, not a team workbook: convert it first with `salesxl convert "
    "{path} -o FOLDER` (or --into TEAM.xlsx)":
        "{path}은(는) {kind} 파일이라 팀 통합문서가 아닙니다: 먼저 `salesxl convert {path} -o 폴더`"
        "(또는 --into 팀.xlsx)로 변환하세요",
    "Created today": "오늘 등록",
    "{n} lead(s) had no date: 등록일 set to today, the follow-up counted from it":
        "날짜가 하나도 없던 리드 {n}건: 등록일을 오늘로 넣고 그날부터 후속 연락일을 계산했습니다",
    "Learned win probability": "예측 수주 확률",
    "The ready pipeline to start with.": "처음 사용할 기본 파이프라인.",
    "Replace PATH if it exists.": "PATH가 이미 있으면 바꿉니다.",
    "language {lang!r} is not supported: use ko or en":
        "{lang!r} 언어는 지원하지 않습니다: ko 또는 en을 쓰세요",
    "pipeline {pipeline!r} is unknown: use one of {allowed}":
        "{pipeline!r} 파이프라인은 없습니다: {allowed} 중 하나를 쓰세요",
    "{path}: a team workbook must end in .xlsx": "{path}: 팀 통합문서는 .xlsx로 끝나야 합니다",
    "{path} already exists: choose another name, or pass --force to replace it":
        "{path}이(가) 이미 있습니다: 다른 이름을 쓰거나, 바꾸려면 --force를 붙이세요",
    "Protect the table sheets: only input cells take typing (no password).":
        "표 시트를 보호합니다: 입력 셀에만 입력할 수 있습니다 (암호 없음).",
    "Table to export: leads, activities, objections, history or customers.":
        "내보낼 표: leads(리드), activities(활동 내역), objections(반론 기록), "
        "history(단계 변경 이력), customers(고객 파일).",
    "csv, json or parquet.": "csv, json 또는 parquet.",
    "File to write; standard output when omitted (not for parquet).":
        "쓸 파일. 생략하면 화면(표준 출력)에 씁니다 (parquet 제외).",
    "CSV: keep text that starts with = + - @ as it is (by default such text gets a leading ' so "
    "a spreadsheet cannot run it as a formula).":
        "CSV: = + - @ 로 시작하는 텍스트를 그대로 둡니다 (기본값은 스프레드시트가 수식으로 실행하지 "
        "못하도록 앞에 '를 붙입니다).",
    "Also export the personal columns of the customer file (masked otherwise).":
        "고객 파일의 개인정보 열도 내보냅니다 (기본값은 제외).",
    "Folder to write the demo into.": "데모를 만들 폴더.",
    "Number of reps.": "영업 담당자 수.",
    "Number of leads.": "리드 수.",
    "Same seed and --today give the same files.": "seed와 --today가 같으면 같은 파일이 만들어집니다.",
    "Date the demo is built around (YYYY-MM-DD); default today.":
        "데모의 기준 날짜 (YYYY-MM-DD). 기본값은 오늘.",
    "Day BANT timing is measured from (2026-12-07, 2026/12/07 or 20261207); default today.":
        "BANT 시기를 판단하는 기준일 (2026-12-07, 2026/12/07, 20261207). 기본값은 오늘.",
    "Exit 1 when a cell could not be read (the results are written first).":
        "읽을 수 없는 셀이 있으면 종료 코드 1로 끝냅니다 (결과는 먼저 씁니다).",
    "Print the whole report as JSON on stdout.": "전체 결과를 JSON으로 출력합니다.",
    "Print every line of every list.": "모든 목록을 줄이지 않고 전부 출력합니다.",
    "Write into a workbook that is marked read-only.": "읽기 전용으로 표시된 통합문서에도 씁니다.",
    "Language of the messages [default: the workbook's].": "메시지 언어 [기본값: 통합문서의 언어].",
    "Lead ID to move; repeat to move several (all move, or none does).":
        "옮길 리드 번호. 여러 개면 반복해서 지정합니다 (모두 옮기거나 하나도 옮기지 않습니다).",
    "Target stage (key or label); default: the next.": "옮길 단계 (키 또는 이름). 기본값은 다음 단계.",
    "Allow skipping stages, moving backwards and failing gates.":
        "단계 건너뛰기, 이전 단계로 되돌리기, 진입 조건 미충족을 허용합니다.",
    "Why; kept in History (required with --force).":
        "사유. 단계 변경 이력에 남습니다 (--force와 함께 필수).",
    "Who moves it [default: your user name].": "변경자 [기본값: 사용자 이름].",
    "Day written as the stage date (YYYY-MM-DD); default today.":
        "단계 변경일로 쓸 날짜 (YYYY-MM-DD). 기본값은 오늘.",
    "Day overdue is measured against (YYYY-MM-DD); default today.":
        "기한 초과를 판단하는 기준일 (YYYY-MM-DD). 기본값은 오늘.",
    "Only this rep's leads.": "이 영업 담당자의 리드만.",
    "Also write the follow-ups to this iCalendar (.ics) file.":
        "후속 연락 일정을 이 iCalendar(.ics) 파일에도 씁니다.",
    "Write one team workbook per input into this folder.":
        "입력 파일마다 팀 통합문서 하나를 이 폴더에 씁니다.",
    "Put every input into this team workbook (created if missing, updated in place if it "
    "exists: matching leads are updated, not duplicated).":
        "모든 입력을 이 팀 통합문서에 넣습니다 (없으면 만들고, 있으면 같은 리드는 중복 없이 "
        "갱신합니다).",
    "Header mapping (YAML or JSON) fixing or overriding matches, e.g. the mapping.yaml an "
    "earlier run wrote.":
        "열 제목 매핑 파일 (YAML 또는 JSON). 예: 이전 실행이 만든 mapping.yaml.",
    "Write only the report and the proposed mapping.": "보고서와 제안 매핑만 씁니다.",
    "Worker processes [default: one per CPU; 1 = none].":
        "작업 프로세스 수 [기본값: CPU당 하나, 1 = 사용 안 함].",
    "Run the files on this Dask scheduler (tcp://host:8786).":
        "이 Dask 스케줄러에서 파일을 처리합니다 (tcp://host:8786).",
    "Stop files whose headers match with low confidence or ambiguously.":
        "열 제목 매칭이 불확실하거나 모호한 파일은 변환하지 않습니다.",
    "Order of all-numeric dates such as 03/04/05 [default: year first; ambiguous ones in "
    "English files are rejected].":
        "03/04/05처럼 숫자만 있는 날짜의 순서 [기본값: 연도 먼저. 영어 파일의 모호한 날짜는 "
        "거부합니다].",
    "Pipeline of new team workbooks.": "새 팀 통합문서의 파이프라인.",
    "Language of the output [default: that of each file's headers].":
        "결과 언어 [기본값: 각 파일 열 제목의 언어].",
    "Convert every file again, even those converted unchanged before.":
        "전에 변환했고 바뀌지 않은 파일도 다시 변환합니다.",
    "Day overdue and stale are measured against (YYYY-MM-DD); default today.":
        "기한 초과와 정체를 판단하는 기준일 (YYYY-MM-DD). 기본값은 오늘.",
    "Also write the charts as PNG images into this folder (needs matplotlib).":
        "차트를 PNG 그림으로도 이 폴더에 씁니다 (matplotlib 필요).",
    "Split every table by rep [default: when the workbook holds several reps].":
        "모든 표를 영업 담당자별로 나눕니다 [기본값: 담당자가 여럿일 때].",
    "Folder of the VBA modules (.bas) [default: macros/ of the source tree].":
        "VBA 모듈(.bas) 폴더 [기본값: 소스의 macros/].",
    "The team workbook to write (replaced when it exists).":
        "만들 팀 통합문서 (이미 있으면 바꿉니다).",
    "Leave out the Customers personal columns; mask e-mail and phone.":
        "고객 파일의 개인정보 열을 빼고 이메일과 전화번호를 가립니다.",
    "Worker processes reading files [default: one per CPU; 1 = none].":
        "파일을 읽을 작업 프로세스 수 [기본값: CPU당 하나, 1 = 사용 안 함].",
    "Read the files on this Dask scheduler (tcp://host:8786).":
        "이 Dask 스케줄러에서 파일을 읽습니다 (tcp://host:8786).",
    "Make unreadable cells fatal (nothing written).":
        "읽을 수 없는 셀이 있으면 중단합니다 (아무것도 쓰지 않습니다).",
    "Language of the team workbook [default: its configuration's].":
        "팀 통합문서의 언어 [기본값: 설정의 언어].",
    "Also build the Summary sheet of the team workbook in the same run.":
        "같은 실행에서 팀 통합문서의 요약 시트도 만듭니다.",
    "Day the Summary is measured against (YYYY-MM-DD); default today.":
        "요약의 기준일 (YYYY-MM-DD). 기본값은 오늘.",
    # --- the command line: what it prints --------------------------------------------------
    "error:": "오류:",
    "note:": "참고:",
    "Note": "참고",
    "interrupted: nothing was saved": "중단했습니다: 아무것도 저장하지 않았습니다",
    " (did you mean {word}?)": " ({word}을(를) 말씀하신 건가요?)",
    "{what} {value!r} is not one of: {allowed}{hint}":
        "{what} {value!r}은(는) 허용된 값이 아닙니다: {allowed}{hint}",
    "--today {value!r} is not a date: write it as 2026-12-07, 2026/12/07, 2026.12.07 or 20261207":
        "--today {value!r}은(는) 날짜가 아닙니다: 2026-12-07, 2026/12/07, 2026.12.07, 20261207처럼 "
        "쓰세요",
    "{n} cell(s) could not be read:": "읽을 수 없는 셀 {n}개:",
    "... {n} more (--all shows every line, --json all of them as data)":
        "... 외 {n}건 (--all은 전부 보여 주고, --json은 전부 데이터로 출력합니다)",
    "Cells written": "쓴 셀",
    "Column added": "추가한 열",
    "wrote {path}": "{path}을(를) 만들었습니다",
    "wrote {path} ({lang}, {pipeline} pipeline). Open it in Excel: the first sheet says where "
    "to start.":
        "{path}을(를) 만들었습니다 ({lang}, {pipeline} 파이프라인). 엑셀로 여세요: 첫 시트에 "
        "시작하는 방법이 있습니다.",
    "building the demo team...": "데모 팀을 만드는 중...",
    "salesxl demo in {path}": "salesxl 데모: {path}",
    "ran: {step}": "실행: {step}",
    "Open a rep workbook in Excel or LibreOffice, e.g. {path}":
        "영업 담당자 통합문서를 엑셀이나 LibreOffice로 열어 보세요. 예: {path}",
    "Rep workbooks": "영업 담당자 통합문서",
    "Leads": "리드",
    "Activities": "활동 내역",
    "Objections": "반론 기록",
    "Stage changes (History)": "단계 변경 (이력)",
    "Legacy files": "기존 파일",
    "salesxl validate: {book} ({day})": "salesxl 리드 검증: {book} ({day})",
    "{n} stale lead(s) (longer in their stage than its rotting days):":
        "정체된 리드 {n}건 (단계의 정체 기준일보다 오래 머문 리드):",
    "{days} days in stage": "현재 단계 {days}일째",
    "--strict: {n} cell(s) could not be read; the results were written":
        "--strict: 읽을 수 없는 셀이 {n}개 있습니다. 결과는 기록했습니다",
    ", probability {p:.0%}": ", 수주 확률 {p:.0%}",
    " (forced: {what})": " (강제: {what})",
    "History: {n} row(s) added to sheet {sheet!r}": "단계 변경 이력: {sheet!r} 시트에 {n}행 추가",
    " (new sheet)": " (새 시트)",
    ", rep {rep}": ", 영업 담당 {rep}",
    "salesxl followups: {book} ({day}{who})": "salesxl 후속 연락: {book} ({day}{who})",
    "Calendar": "캘린더",
    "Customers ({n}): {counts}": "고객 ({n}): {counts}",
    " (won: {lead})": " (수주: {lead})",
    "new customer {id}: {company} {contact} (lead {lead}, {cell})":
        "새 고객 {id}: {company} {contact} (리드 {lead}, {cell})",
    "matches no lead or customer": "일치하는 리드나 고객이 없습니다",
    "matches several: {ids}": "여러 건과 일치합니다: {ids}",
    "names the lead itself": "리드 자신을 가리킵니다",
    "referred by {text!r} ({cell}, lead {lead}): {what}; write a lead or customer ID":
        "추천인 {text!r} ({cell}, 리드 {lead}): {what}. 리드 번호나 고객사 번호를 쓰세요",
    "customer ID {ids} is not on the Customers sheet": "고객사 번호 {ids}이(가) 고객 파일 시트에 없습니다",
    "leads {leads} match several customers ({ids}): write the customer ID":
        "리드 {leads}이(가) 여러 고객과 일치합니다 ({ids}): 고객사 번호를 쓰세요",
    "customer ID {ids} is on two rows: give each customer its own ID":
        "고객사 번호 {ids}이(가) 두 행에 있습니다: 고객마다 다른 번호를 쓰세요",
    "customers {ids} are the same customer (same e-mail, phone or company and contact): "
    "merge their rows":
        "고객 {ids}은(는) 같은 고객입니다 (이메일, 전화번호 또는 고객사명 + 고객 담당자가 같음): "
        "두 행을 하나로 합치세요",
    "Customers": "고객",
    "New customers": "새 고객",
    "Leads linked to a customer": "고객과 연결한 리드",
    "Referrals resolved": "확인된 추천인",
    "salesxl customers: {book} ({day})": "salesxl 고객 관리: {book} ({day})",
    "{path} ({n} events)": "{path} (일정 {n}건)",
    ", {n} days late": ", {n}일 지남",
    "converting": "변환 중",
    " (dry run)": " (시험 실행)",
    "report: {report}\nmapping: {mapping}": "보고서: {report}\n매핑: {mapping}",
    "{n} file(s) could not be read (listed above and in {report}); the other files were "
    "converted":
        "파일 {n}개를 읽을 수 없습니다 (위 목록과 {report} 참고). 나머지 파일은 변환했습니다",
    "salesxl summary: {book} ({day})": "salesxl 영업 요약: {book} ({day})",
    "Open deals": "진행 중 거래",
    "{n} worth {amount}": "{n}건, {amount}",
    "Weighted forecast": "가중 매출 예측",
    "{amount} (won {won})": "{amount} (수주 {won})",
    "Win rate (won / closed)": "수주율 (수주 / 종료)",
    "no closed deals": "종료된 거래 없음",
    "BANT qualified": "BANT 적격",
    "Overdue follow-ups": "기한 초과 후속 연락",
    "Stale deals": "정체 거래",
    "Sheet": "시트",
    "{sheet}: {n} native chart(s), PivotTable {pivot}": "{sheet}: 엑셀 차트 {n}개, 피벗 테이블 {pivot}",
    "PNG charts": "PNG 차트",
    "Backup": "백업",
    "reading": "읽는 중",
    "Summary: sheet {sheet!r} of {book}": "영업 요약: {book}의 {sheet!r} 시트",
    "Next: salesxl summary {book} builds the manager's Summary sheet (or pass --summary)":
        "다음 단계: salesxl summary {book}로 관리자용 요약 시트를 만드세요 (또는 --summary)",
    "{n} of {total} workbook(s) could not be consolidated (listed above and in the Sources "
    "sheet); the team workbook holds the others":
        "통합문서 {total}개 중 {n}개를 합치지 못했습니다 (위 목록과 출처 시트 참고). 팀 통합문서에는 "
        "나머지가 들어 있습니다",
    "{path}: the folder {folder} cannot be written to, so the workbook cannot be saved; copy it "
    "to a folder you can write to":
        "{path}: {folder} 폴더에 쓸 수 없어 저장할 수 없습니다. 쓸 수 있는 폴더로 복사하세요",
    "{path}: the workbook is marked read-only; salesxl leaves it as it is. Remove the read-only "
    "mark (file properties), or pass --force to write into it anyway":
        "{path}: 읽기 전용으로 표시된 통합문서라 그대로 둡니다. 파일 속성에서 읽기 전용을 해제하거나, "
        "그래도 쓰려면 --force를 붙이세요",
    "{path}: damaged file ({member} fails its checksum or cannot be inflated: {detail}); get a "
    "fresh copy or restore it from a backup (Excel may offer to repair it)":
        "{path}: 손상된 파일입니다 ({member} 부분의 검사합이 맞지 않거나 압축을 풀 수 없습니다: "
        "{detail}). 새 사본을 받거나 백업에서 복원하세요 (엑셀이 복구를 제안할 수 있습니다)",
    "{path}: damaged file (its list of sheets cannot be read: {detail}); open it in Excel and "
    "save a copy":
        "{path}: 손상된 파일입니다 (시트 목록을 읽을 수 없습니다: {detail}). 엑셀에서 열어 사본으로 "
        "저장하세요",
    "{path}: sheet {sheet!r} cannot be read ({detail}); open the file in Excel and save a copy":
        "{path}: {sheet!r} 시트를 읽을 수 없습니다 ({detail}). 엑셀에서 열어 사본으로 저장하세요",
    "{sheet}: {n} formula cell(s) have no saved value and read as blank ({cells}{more}): open "
    "and save the file in Excel or LibreOffice so their values are stored":
        "{sheet}: 수식 셀 {n}개에 저장된 값이 없어 빈 칸으로 읽었습니다 ({cells}{more}). 엑셀이나 "
        "LibreOffice에서 열어 저장하면 값이 함께 저장됩니다",
    "no Config sheet: the default configuration applies (seven_step pipeline, Korean holidays, "
    "tiers A 7 / B 14 / C 30 / D 90 days)":
        "설정 시트가 없어 기본 설정을 씁니다 (7단계 파이프라인, 한국 공휴일, 등급별 주기 A 7일 / B 14일 "
        "/ C 30일 / D 90일)",
    "Config sheet incomplete, defaults used for: {which}":
        "설정 시트에 빠진 항목이 있어 기본값을 씁니다: {which}",
    "salesxl stopped unexpectedly ({kind}: {detail}). Cells written before this point are "
    "kept; please send this message and the workbook to whoever supports salesxl for your "
    "team.":
        "salesxl이 예기치 않게 멈췄습니다 ({kind}: {detail}). 멈추기 전에 쓴 셀은 그대로 남아 "
        "있습니다. 이 메시지와 통합문서를 팀의 salesxl 담당자에게 보내 주세요.",
    "{path}: no {table} table found (looked for a sheet named {en!r} or {ko!r}, or a sheet "
    "whose first rows hold its headers). Sheets: {sheets}. {closest} Fix that sheet's header "
    "row, run `salesxl init` for a ready workbook, or rename the sheet.":
        "{path}: {table} 표를 찾지 못했습니다 ({en!r} 또는 {ko!r} 시트, 또는 첫 행들에 그 머리글이 "
        "있는 시트를 찾았습니다). 시트: {sheets}. {closest} 그 시트의 머리글 행을 고치거나, "
        "`salesxl init`으로 새 통합문서를 만들거나, 시트 이름을 바꾸세요.",
    "{path}: no {table} table found (looked for a sheet named {en!r} or {ko!r}, or a sheet "
    "whose first rows hold its headers). Sheets: {sheets}. Run `salesxl init` for a ready "
    "workbook or rename the sheet.":
        "{path}: {table} 표를 찾지 못했습니다 ({en!r} 또는 {ko!r} 시트, 또는 첫 행들에 그 머리글이 "
        "있는 시트를 찾았습니다). 시트: {sheets}. `salesxl init`으로 새 통합문서를 만들거나 시트 "
        "이름을 바꾸세요.",
    "The {sheet} sheet has no header row naming its columns.":
        "{sheet} 시트에 열 이름이 적힌 머리글 행이 없습니다.",
    "at least {n} of the table's column headers": "이 표의 머리글 {n}개 이상",
    "an identifying column (company, contact, e-mail, phone or lead ID)":
        "리드를 구별하는 열(고객사명, 고객 담당자명, 이메일, 전화번호, 리드 ID 중 하나)",
    "an identifying column (company, contact, e-mail, phone or lead ID) and {n} known columns "
    "in all":
        "리드를 구별하는 열(고객사명, 고객 담당자명, 이메일, 전화번호, 리드 ID 중 하나)과 아는 열 모두 "
        "{n}개 이상",
    "The closest is sheet {sheet!r}, header row {row} ({headers}); it needs {lacks}.":
        "가장 가까운 것은 {sheet!r} 시트의 {row}행 머리글({headers})이지만, {lacks}이(가) 있어야 "
        "합니다.",
    "none of the {n} file(s) holds a lead list salesxl can read (the reasons are above and in "
    "{report})":
        "파일 {n}개 중 salesxl이 읽을 수 있는 리드 목록이 든 파일이 없습니다 (이유는 위와 {report}에 "
        "있습니다)",
    "{path} cannot be opened ({detail}): check that the file exists and that you may read it":
        "{path}을(를) 열 수 없습니다 ({detail}). 파일이 있는지, 읽을 권한이 있는지 확인하세요",
    "{path} cannot be read as {kind} workbook ({detail}): it may be damaged; open it in Excel "
    "and save it again":
        "{path}을(를) {kind} 통합문서로 읽을 수 없습니다 ({detail}). 손상되었을 수 있으니 엑셀에서 "
        "열어 다시 저장하세요",
    "{path} is password-protected: remove the password in Excel (File > Info > Protect "
    "Workbook) and try again":
        "{path}은(는) 암호로 보호되어 있습니다. 엑셀에서 암호를 없앤 뒤(파일 > 정보 > 통합 문서 보호) "
        "다시 실행하세요",
    "table {table!r} cannot be exported: use one of {allowed}":
        "{table!r} 표는 내보낼 수 없습니다: {allowed} 중 하나를 쓰세요",
    "format {format!r} is not supported: use one of {allowed}":
        "{format!r} 형식은 지원하지 않습니다: {allowed} 중 하나를 쓰세요",
    "parquet is binary: give a file with -o FILE": "parquet은 이진 파일입니다: -o 파일로 지정하세요",
    "Workbooks": "통합문서",
    "{n} found: {ok} consolidated, {failed} failed, {skipped} skipped":
        "{n}개 발견: {ok}개 통합, {failed}개 실패, {skipped}개 제외",
    "{read} read = {team} team rows + {merged} merged as duplicates":
        "읽은 {read}행 = 팀 리드 {team}행 + 중복 병합 {merged}행",
    "Duplicate customers": "중복 고객",
    "{n} (see the Duplicates sheet: {lines} lines)": "{n} (중복 시트 {lines}행 참고)",
    "Lead ID conflicts": "리드 번호 충돌",
    "{n} lines on the Conflicts sheet": "충돌 시트 {n}행",
    "Problem cells": "문제 셀",
    "{n} (kept as typed)": "{n} (입력한 그대로 보존)",
    "Team workbook": "팀 통합문서",
    "{n} files": "파일 {n}개",
    "{n} header(s) matched with low confidence or ambiguously (fix them in the mapping file and "
    "pass it with --mapping):":
        "열 제목 {n}개의 매칭이 불확실하거나 모호합니다 (매핑 파일에서 고친 뒤 --mapping으로 "
        "지정하세요):",
    "{n} row(s) rejected: see the Rejected sheet of the output for the reason of each (file, "
    "sheet, row)":
        "{n}행 거부: 결과 파일의 거부 시트에서 행마다 사유를 확인하세요 (파일, 시트, 행)",
    "File": "파일", "Status": "상태", "Rows in": "입력 행", "Converted": "변환",
    "Rejected": "거부", "Columns": "열", "Output": "결과 파일",
    "converted": "변환", "unchanged": "변경 없음", "dry run": "시험 실행", "skipped": "제외",
    "stopped": "중단", "failed": "실패", "ok": "정상", "warning": "참고",
    "is not a tier of the Config ({words})": "설정 시트에 없는 고객 등급입니다 ({words})",
    "is not in the list ({words}); kept as typed":
        "목록에 없는 값입니다 ({words}); 입력한 그대로 둡니다",
    "is not a phone number (write it as text, e.g. 010-1234-5678)":
        "전화번호가 아닙니다 (010-1234-5678처럼 텍스트로 쓰세요)",
}


_FIELD = re.compile(r"\{([^{}]*)\}")


_LANG: ContextVar[tuple[str, bool]] = ContextVar("salesxl_lang", default=("", False))


def locale_lang(environ: Mapping[str, str] | None = None) -> str:
    """The language of the user's locale: 'ko' for a Korean locale (LC_ALL, LC_MESSAGES, LANG,
    SALESXL_LANG first), else 'en'.

    Example:
        >>> locale_lang({"LANG": "ko_KR.UTF-8"}), locale_lang({"LANG": "C.UTF-8"})
        ('ko', 'en')
    """
    env = os.environ if environ is None else environ
    for name in ("SALESXL_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "").strip().lower()
        if value:
            return "ko" if value.startswith("ko") else "en"
    return "en"


def set_lang(lang: str | None, *, forced: bool = False) -> None:
    """Set the language messages are shown in for this run.

    A language the user asked for (``--lang``) is `forced`: a workbook's own language does not
    replace it (`adopt_lang`).
    """
    if lang in ("ko", "en"):
        _LANG.set((lang, forced))


def reset_lang() -> None:
    """Forget the language of the last run (a long-lived process: Excel's Python, tests)."""
    _LANG.set(("", False))


def adopt_lang(lang: str) -> None:
    """The workbook's language, unless the user forced another."""
    _current, forced = _LANG.get()
    if not forced and lang in ("ko", "en"):
        _LANG.set((lang, False))


def lang_for(workbook_lang: str) -> str:
    """The language messages about a workbook in `workbook_lang` will be shown in: the one the
    user forced with --lang, else the workbook's (what `adopt_lang` will choose)."""
    lang, forced = _LANG.get()
    if forced and lang:
        return lang
    return workbook_lang if workbook_lang in ("ko", "en") else current_lang()


def current_lang() -> str:
    """The language of this run's messages (set, adopted from the workbook, else the locale)."""
    lang, _ = _LANG.get()
    return lang or locale_lang()


def tr(msgid: str, lang: str, /, **params: Any) -> str:
    """The message `msgid` in `lang` ("ko" or "en"), its placeholders filled.

    Korean templates may hold particle marks (``{을를}``, ``{이가}``, ``{으로로}``...) that take
    the form fitting the word before them (`salesxl.core.playbook_v2.josa`). An id without a
    Korean text falls back to English (the catalogue test keeps that from happening).

    Example:
        >>> tr("{lead} cannot move from {frm} to {to}", "ko", lead="L-1", frm="제안", to="클로징")
        'L-1: 제안에서 클로징으로 옮길 수 없습니다'
    """
    template = KO.get(msgid, msgid) if lang == "ko" else msgid
    if "{" not in template:
        return template
    out: list[str] = []
    pos = 0
    for m in _FIELD.finditer(template):
        out.append(template[pos:m.start()])
        name = m.group(1)
        if name in PARTICLES:
            out.append(josa("".join(out), name))
        else:
            out.append(("{" + name + "}").format(**params))
        pos = m.end()
    out.append(template[pos:])
    return "".join(out)


@dataclass(frozen=True)
class Msg:
    """A message to show later, once the reader's language is known.

    Example:
        >>> m = Msg("is not between 0% and 100%")
        >>> m.text("en"), m.text("ko")
        ('is not between 0% and 100%', '0%와 100% 사이가 아닙니다')
    """

    msgid: str
    params: dict[str, Any] = field(default_factory=dict)

    def text(self, lang: str) -> str:
        params = {k: v.text(lang) if isinstance(v, Msg | Pair) else v
                  for k, v in self.params.items()}
        return tr(self.msgid, lang, **params)

    def __str__(self) -> str:
        return self.text("en")


@dataclass(frozen=True)
class Pair:
    """A word known in both languages (a label), as a message parameter.

    Example:
        >>> Msg("BANT is {status} (not met: {missing})",
        ...     {"status": Pair("Partial", "부분 적격"), "missing": "A"}).text("ko")
        'BANT 부분 적격 (미충족: A)'
    """

    en: str
    ko: str

    def text(self, lang: str) -> str:
        return self.ko if lang == "ko" else self.en

    def __str__(self) -> str:
        return self.en
