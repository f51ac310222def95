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
from collections.abc import Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from salesxl.core.playbook_v2.next_steps import render

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
        "{cell}: 영업 단계 {value} {problem}. 아무것도 바꾸지 않았으니 "
        "셀을 고친 뒤 다시 실행하세요.",
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
    "{path} is in {kind} format, not a team workbook: convert it first with `salesxl convert "
    "{path} -o FOLDER` (or --into TEAM.xlsx)":
        "{path}은(는) {kind} 형식이라 팀 통합문서가 아닙니다: 먼저 `salesxl convert {path} -o 폴더`"
        "(또는 --into 팀통합문서.xlsx)로 변환하세요",
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
    "{path} (canonical keys, ISO dates)": "{path} (표준 열 이름, ISO 날짜)",
    "{path} ({n} of {rows} legacy rows; see conversion-report.xlsx)":
        "{path} (기존 행 {rows}건 중 {n}건 변환, conversion-report.xlsx 참고)",
    "{path} ({read} leads from {books} rep workbooks: {team} team leads, {merged} merged "
    "as duplicates)": "{path} (영업 담당자 통합문서 {books}개의 리드 {read}건: 팀 리드 {team}건, "
                      "중복 병합 {merged}건)",
    "{path}: {why}": "{path}: {why}",
    "; back-test AUC {learned:.2f} vs stage defaults {stage:.2f}":
        "; 백테스트 AUC {learned:.2f} (단계 기본값 {stage:.2f})",
    "{path} (win probability for {n} open leads, learned from {won} won and {lost} lost "
    "deals{auc}; salesxl score {name} --report)":
        "{path} (진행 중 리드 {n}건의 수주 확률 예측, 수주 {won}건·실주 {lost}건에서 학습{auc}; "
        "salesxl score {name} --report)",
    "BANT in {books} rep workbooks ({n} qualified leads)":
        "영업 담당자 통합문서 {books}개 BANT 검증 (적격 리드 {n}건)",
    "{n} follow-ups due or overdue; calendar {path}": "오늘까지 할 후속 연락 {n}건; 캘린더 {path}",
    "{path} {lead}: {frm} -> {to} (History sheet {sheet!r})":
        "{path} {lead}: {frm} → {to} (이력 시트 {sheet!r})",
    ", {n} PNG charts in {path}": ", PNG 차트 {n}개: {path}",
    "{path} sheet {sheet!r} ({charts} charts, PivotTable {pivot}{pngs})":
        "{path} 시트 {sheet!r} (차트 {charts}개, 피벗 테이블 {pivot}{pngs})",
    "{n} in {path}": "{path}에 {n}개",
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
    "and {n} more": "외 {n}건",
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
    "reading the workbook": "통합 문서 읽는 중",
    "applying the rules": "규칙 적용 중",
    "writing the workbook": "통합 문서 저장 중",
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
    "{path}: damaged file ({member} {what}); get a fresh copy or restore it from a backup "
    "(Excel may offer to repair it)":
        "{path}: 손상된 파일입니다 ({member}: {what}). 새 사본을 받거나 백업에서 복원하세요 "
        "(엑셀이 복구를 제안할 수 있습니다)",
    "is empty": "비어 있습니다",
    "fails its checksum": "검사합이 맞지 않습니다",
    "ends before its end: the file is cut short": "중간에 끊겼습니다: 파일이 잘렸습니다",
    "cannot be unpacked: its compressed data is damaged": "압축을 풀 수 없습니다: 압축 데이터가 손상되었습니다",
    "a part's XML is damaged": "내부 XML이 손상되었습니다",
    "a cell points at a text the file does not hold": "파일에 없는 텍스트를 가리키는 셀이 있습니다",
    "its internal structure is damaged or cut short": "내부 구조가 손상되었거나 잘렸습니다",
    "an Excel or LibreOffice lock file (left while {owner} is open), not a workbook: give "
    "{owner} itself":
        "엑셀이나 LibreOffice의 잠금 파일입니다({owner}{이가} 열려 있는 동안 생깁니다). 통합문서가 "
        "아니니 {owner} 파일 자체를 지정하세요",
    "none of the {total} file(s) could be consolidated (the reasons are listed above); no "
    "team workbook was written":
        "파일 {total}개 중 합칠 수 있는 파일이 없습니다(이유는 위에 있습니다). 팀 통합문서를 만들지 "
        "않았습니다",
    "{path}: its repeated rows and columns expand to {n:,} cells: refused as a possible repeat "
    "bomb; if the file is genuine, open it in LibreOffice and save it as .xlsx":
        "{path}: 반복 행과 열을 펼치면 셀이 {n:,}개가 되어 반복 폭탄일 수 있으므로 거부합니다. "
        "정상 파일이라면 LibreOffice에서 열어 .xlsx로 저장하세요",
    " (+{n} more: --all, or the Sources sheet)": " (외 {n}건: --all 또는 출처 시트 참고)",
    "the reader could not make sense of it": "읽기 프로그램이 내용을 해석하지 못했습니다",
    "{path}: damaged file (its list of sheets cannot be read: {detail}); open it in Excel and "
    "save a copy":
        "{path}: 손상된 파일입니다 (시트 목록을 읽을 수 없습니다: {detail}). 엑셀에서 열어 사본으로 "
        "저장하세요",
    "{path}: sheet {sheet!r} cannot be read ({detail}); open the file in Excel and save a copy":
        "{path}: {sheet!r} 시트를 읽을 수 없습니다 ({detail}). 엑셀에서 열어 사본으로 저장하세요",
    "{sheet}: {n} formula cell(s) have no saved value and were read as blank ({cells}{more}): "
    "open and save the file in Excel or LibreOffice, then consolidate again":
        "{sheet}: 수식 셀 {n}개에 저장된 값이 없어 빈 칸으로 읽었습니다({cells}{more}). 엑셀이나 "
        "LibreOffice에서 열어 저장한 뒤 다시 합치세요",
    "{sheet}: {n} formula cell(s) have no saved value and read as blank ({cells}{more}): open "
    "and save the file in Excel or LibreOffice so their values are stored, or pass --recalc to "
    "let LibreOffice compute them":
        "{sheet}: 수식 셀 {n}개에 저장된 값이 없어 빈 칸으로 읽었습니다 ({cells}{more}). "
        "엑셀이나 LibreOffice에서 열어 저장하거나, --recalc를 붙여 LibreOffice가 "
        "계산하게 하세요",
    "no Config sheet: the default configuration applies (seven_step pipeline, Korean holidays, "
    "tiers A 7 / B 14 / C 30 / D 90 days)":
        "설정 시트가 없어 기본 설정을 씁니다 (7단계 파이프라인, 한국 공휴일, 등급별 주기 A 7일 / B 14일 "
        "/ C 30일 / D 90일)",
    "Config sheet incomplete, defaults used for: {which}":
        "설정 시트에 빠진 항목이 있어 기본값을 씁니다: {which}",
    # --- wrong values of the Config sheet (salesxl.io.config_sheet) ---------------------
    "is not a language salesxl writes (write ko or en)":
        "salesxl이 쓰는 표시 언어가 아닙니다 (ko 또는 en으로 쓰세요)",
    "is not a valid stage: {detail}": "올바른 단계가 아닙니다: {detail}",
    "is not valid in stage {stage!r}: {detail}": "{stage!r} 단계에 맞지 않는 값입니다: {detail}",
    "must start with a lowercase letter and hold only lowercase letters, digits and _":
        "영문 소문자로 시작하고 영문 소문자, 숫자, _만 써야 합니다",
    "must be one of: {words}": "다음 중 하나여야 합니다: {words}",
    "must be {n} or more": "{n} 이상이어야 합니다",
    "must be more than {n}": "{n}보다 커야 합니다",
    "unknown gate(s) {unknown}; known gates: {known}":
        "알 수 없는 진입 조건 {unknown}. 쓸 수 있는 진입 조건: {known}",
    "stage keys repeat: {keys}": "단계 키가 중복됩니다: {keys}",
    "the pipeline must end in the outcome '{outcome}'":
        "파이프라인에 단계 키가 '{outcome}'인 결과 단계가 있어야 합니다",
    "the pipeline needs at least one open stage": "파이프라인에 진행 단계가 하나 이상 있어야 합니다",
    "the work week needs at least one working day": "근무일이 하루 이상 있어야 합니다",
    "is not a valid tier cadence (a whole number of days above 0)":
        "올바른 연락 주기가 아닙니다 (0보다 큰 일수를 정수로 쓰세요)",
    "is not a forecast probability: write stage (the stage default or the rep's own) or learned "
    "(the win probability of salesxl score)":
        "예측에 쓸 확률이 아닙니다: 단계(단계 기본 확률이나 영업 담당자가 입력한 확률) 또는 "
        "예측(salesxl score의 예측 수주 확률)으로 쓰세요",
    "is not a list of weekdays (write Mon,Tue,Wed,Thu,Fri or 월,화,수,목,금)":
        "요일 목록이 아닙니다 (월,화,수,목,금 또는 Mon,Tue,Wed,Thu,Fri처럼 쓰세요)",
    "{file}: the Config sheet has {n} wrong value(s):\n{lines}":
        "{file}: 설정 시트에 잘못된 값이 {n}개 있습니다:\n{lines}",
    "the Config sheet has {n} wrong value(s):\n{lines}": "설정 시트에 잘못된 값이 {n}개 있습니다:\n{lines}",
    "{file}: the {sheet} sheet is not a valid configuration: {detail}. Fix the sheet or delete "
    "it to use the defaults.":
        "{file}: {sheet} 시트의 설정이 올바르지 않습니다: {detail}. 시트를 고치거나, 기본 설정을 "
        "쓰려면 시트를 지우세요.",
    "the {sheet} sheet is not a valid configuration: {detail}. Fix the sheet or delete it to use "
    "the defaults.":
        "{sheet} 시트의 설정이 올바르지 않습니다: {detail}. 시트를 고치거나, 기본 설정을 쓰려면 시트를 "
        "지우세요.",
    "salesxl stopped unexpectedly ({kind}: {detail}). Cells written before this point are "
    "kept; please send this message and the workbook to whoever supports salesxl for your "
    "team.":
        "salesxl이 예기치 않게 멈췄습니다 ({kind}: {detail}). 멈추기 "
        "전에 쓴 셀은 그대로 남아 있으니, 이 메시지와 통합문서를 팀의 salesxl "
        "담당자에게 보내 주세요.",
    "at least {n} of the table's column headers": "이 표의 머리글 {n}개 이상",
    "an identifying column (company, contact, e-mail, phone or lead ID)":
        "리드를 구별하는 열(고객사명, 고객 담당자명, 이메일, 전화번호, 리드 번호 중 하나)",
    "an identifying column (company, contact, e-mail, phone or lead ID) and {n} known columns "
    "in all":
        "리드를 구별하는 열(고객사명, 고객 담당자명, 이메일, 전화번호, 리드 번호 중 하나)과 아는 열 모두 "
        "{n}개 이상",
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
    "{name} is an .xlsx workbook named {suffix}: read as .xlsx (rename it to .xlsx so Excel "
    "opens it without a warning)":
        "{name}은(는) 이름만 {suffix}인 .xlsx 통합문서라 .xlsx로 읽었습니다 (엑셀이 경고 없이 열도록 "
        "이름을 .xlsx로 바꾸세요)",
    "{name} is really {kind} (its name says {suffix}); read as what it is":
        "{name}은(는) 이름은 {suffix}이지만 실제로는 {kind}이라 실제 형식대로 읽었습니다",
    "{path} is a zip file but not a workbook (no xl/workbook.xml): it may be a Word or other "
    "Office file; give the spreadsheet itself":
        "{path}은(는) zip 파일이지만 통합문서가 아닙니다 (xl/workbook.xml 없음). 워드 등 다른 오피스 "
        "파일일 수 있으니 스프레드시트 파일을 주세요",
    "it may be damaged or an incomplete download; get a fresh copy or restore a backup":
        "손상되었거나 내려받기가 끝나지 않은 파일일 수 있습니다. 새 사본을 받거나 백업에서 복원하세요",
    "{path} is an old .xls workbook (Excel 97-2003 binary format): open it in Excel and save "
    "it as .xlsx (File > Save As > Excel Workbook)":
        "{path}은(는) 예전 .xls 통합문서(엑셀 97-2003 형식)입니다. 엑셀에서 열어 .xlsx로 저장하세요 "
        "(파일 > 다른 이름으로 저장 > Excel 통합 문서)",
    "{path} is not an .xlsx/.xlsm workbook: {why}":
        "{path}은(는) .xlsx/.xlsm 통합문서가 아닙니다: {why}",
    "{path} has {n:,} zip members, more than the {limit:,} a workbook may have: it is refused "
    "as a possible zip bomb; if it is a real workbook, open it in Excel and save a copy":
        "{path}에 zip 항목이 {n:,}개 있어 통합문서가 가질 수 있는 {limit:,}개를 넘으므로 압축 폭탄일 "
        "수 있어 거부합니다. 실제 통합문서라면 엑셀에서 열어 사본으로 저장하세요",
    "{path} is a folder, not a workbook: give a file in it (or use `salesxl consolidate` or "
    "`salesxl convert` for a folder)":
        "{path}은(는) 폴더라 통합문서가 아닙니다: 그 안의 파일을 지정하세요 (폴더에는 `salesxl "
        "consolidate`나 `salesxl convert`를 쓰세요)",
    "{path} is not a regular file (a pipe or a device): give the path of an .xlsx or .xlsm "
    "workbook":
        "{path}은(는) 일반 파일이 아닙니다 (파이프나 장치). .xlsx 또는 .xlsm 통합문서의 경로를 "
        "지정하세요",
    "{path} is empty (0 bytes): restore it from a backup or copy it again":
        "{path}은(는) 빈 파일입니다 (0바이트). 백업에서 복원하거나 다시 복사하세요",
    "it is a web page (HTML) saved with a workbook name; open it in Excel and save as .xlsx":
        "통합문서 이름으로 저장된 웹 페이지(HTML)입니다. 엑셀에서 열어 .xlsx로 저장하세요",
    "it is an XML file (maybe an Excel 2003 XML workbook); open it in Excel and save as .xlsx":
        "XML 파일입니다 (엑셀 2003 XML 통합문서일 수 있습니다). 엑셀에서 열어 .xlsx로 저장하세요",
    "it looks like a text/CSV file renamed to .xlsx; open it in Excel and save as .xlsx":
        "이름만 .xlsx로 바꾼 텍스트/CSV 파일로 보입니다. 엑셀에서 열어 .xlsx로 저장하세요",
    "its list of parts at the end of the file is missing or damaged":
        "파일 끝의 구성 요소 목록이 없거나 손상되었습니다",
    "its list of parts cannot be read": "구성 요소 목록을 읽을 수 없습니다",
    "{path} is damaged and cannot be opened as a workbook ({detail}): it may be an incomplete "
    "download or copy; get a fresh copy or restore it from a backup":
        "{path}은(는) 손상되어 통합문서로 열 수 없습니다 ({detail}). 내려받기나 복사가 끝나지 않았을 "
        "수 있으니 새 사본을 받거나 백업에서 복원하세요",
    "{path} holds the zip member {member!r} twice: it is damaged or forged; open it in Excel "
    "and save a copy":
        "{path}에 zip 항목 {member!r}이(가) 두 번 들어 있습니다. 손상되었거나 조작된 파일이니 엑셀에서 "
        "열어 사본으로 저장하세요",
    "{path} has zip-encrypted members ({member}): Excel never writes these; remove the zip "
    "password and save it as .xlsx in Excel":
        "{path}에 zip 암호가 걸린 항목이 있습니다 ({member}). 엑셀은 이런 파일을 만들지 않으니 zip "
        "암호를 없애고 엑셀에서 .xlsx로 저장하세요",
    "{path} would inflate to more than {gib:.1f} GiB: it is refused as a possible zip bomb; "
    "split the workbook or raise the limit":
        "{path}은(는) 압축을 풀면 {gib:.1f}GiB를 넘어 압축 폭탄일 수 있으므로 거부합니다. "
        "통합문서를 나누거나 한도를 올리세요",
    "{path}: zip member {member} inflates {ratio:,.0f}x ({packed:,} -> {size:,} bytes): it is "
    "refused as a possible zip bomb before it is read; if the workbook is genuine, open it in "
    "Excel and save a copy":
        "{path}: zip 항목 {member}이(가) {ratio:,.0f}배로 부풀어 올라({packed:,} -> {size:,}"
        "바이트) 압축 폭탄일 수 있으므로 읽기 전에 거부합니다. 정상 통합문서라면 엑셀에서 열어 "
        "사본으로 저장하세요",
    "{path} does not exist: check the path and the file name":
        "{path}이(가) 없습니다. 경로와 파일 이름을 확인하세요",
    "{where} is not well-formed XML ({detail}): the workbook is damaged; open it in Excel (it "
    "may offer to repair it) and save a copy":
        "{where}은(는) 올바른 XML이 아닙니다 ({detail}). 통합문서가 손상되었으니 엑셀에서 열어(복구를 "
        "제안할 수 있습니다) 사본으로 저장하세요",
    "{where} declares a DTD or XML entities; Excel never writes these and they are used in XML "
    "attacks (billion laughs, external entities): the file is refused; open it in Excel and "
    "save a copy if you trust it":
        "{where}에 엑셀은 쓰지 않고 XML 공격(billion laughs, 외부 엔터티)에 쓰이는 DTD나 XML "
        "엔터티 선언이 있어 거부합니다. 믿을 수 있는 파일이면 엑셀에서 열어 사본으로 저장하세요",
    "{path} is open in {app} (lock file {lock}): close it in {app} and run again; if {app} is "
    "not running, delete the lock file":
        "{path}이(가) {app}에서 열려 있습니다(잠금 파일 {lock}). {app}에서 닫고 다시 실행하거나, "
        "{app}이(가) 실행 중이 아니면 잠금 파일을 지우세요",
    "{path} is a link to a file that does not exist: give the workbook itself":
        "{path}은(는) 없는 파일을 가리키는 링크입니다. 통합문서 파일 자체를 지정하세요",
    "holds binary data (NUL bytes): it is not a text or CSV file":
        "이진 데이터(NUL 바이트)가 들어 있습니다. 텍스트나 CSV 파일이 아닙니다",
    "is not text in any known encoding: it is not a CSV file":
        "알려진 어떤 인코딩으로도 읽을 수 없는 텍스트입니다. CSV 파일이 아닙니다",
    "{path} holds binary data: it is not a text or CSV file":
        "{path}에 이진 데이터가 들어 있습니다. 텍스트나 CSV 파일이 아닙니다",
    "{path} is not readable text ({detail}): save it as CSV UTF-8 or CP949 from Excel":
        "{path}은(는) 읽을 수 있는 텍스트가 아닙니다 ({detail}). 엑셀에서 CSV UTF-8이나 CP949로 "
        "저장하세요",
    "{path} is not a well-formed CSV file ({detail}): open it in Excel and save it again as CSV":
        "{path}은(는) 올바른 CSV 파일이 아닙니다 ({detail}). 엑셀에서 열어 CSV로 다시 저장하세요",
    "{path} is not a spreadsheet salesxl can convert: give .xlsx, .xlsm, .xls, .ods, .csv or "
    ".tsv files":
        "{path}은(는) salesxl이 변환할 수 있는 스프레드시트가 아닙니다: .xlsx, .xlsm, .xls, .ods, "
        ".csv, .tsv 파일을 주세요",
    "{path} is not a spreadsheet: {why}": "{path}은(는) 스프레드시트가 아닙니다: {why}",
    "{path}: the reader stopped while reading this file (its process died: out of memory, or "
    "a file the reader cannot survive); open it in Excel, save a copy and try again":
        "{path}: 이 파일을 읽다가 읽기 프로세스가 멈췄습니다 (메모리 부족이거나 읽을 수 없는 파일). "
        "엑셀에서 열어 사본으로 저장한 뒤 다시 시도하세요",
    "{path}: no such file or folder": "{path}: 그런 파일이나 폴더가 없습니다",
    "--recalc needs LibreOffice, which is not installed here: install it (Debian/Ubuntu: "
    "apt-get install libreoffice-calc-nogui), or open and save {path} in Excel or LibreOffice "
    "so the values are stored":
        "--recalc에는 LibreOffice가 필요한데 이 컴퓨터에 없습니다: 설치하거나(Debian/Ubuntu: "
        "apt-get install libreoffice-calc-nogui) {path}을(를) 엑셀이나 LibreOffice에서 열어 저장해 "
        "값이 함께 저장되게 하세요",
    "{path}: LibreOffice could not recalculate it ({detail}); open and save it in Excel instead":
        "{path}: LibreOffice가 다시 계산하지 못했습니다 ({detail}). 대신 엑셀에서 열어 저장하세요",
    "{path}: LibreOffice took more than {n} seconds to recalculate it; open and save it in "
    "Excel instead":
        "{path}: LibreOffice의 재계산이 {n}초를 넘었습니다. 대신 엑셀에서 열어 저장하세요",
    "Let LibreOffice compute formulas saved without their values (files written by scripts) "
    "before reading; needs LibreOffice.":
        "값 없이 저장된 수식(프로그램이 만든 파일)을 읽기 전에 LibreOffice로 계산합니다. "
        "LibreOffice가 필요합니다.",
    "{file}: the {sheet} sheet has no room for {n} new column(s) ({labels}): its last used "
    "column is {last}, at Excel's edge. Delete the cells far to the right of the table (press "
    "Ctrl+End to find them), or add the columns' headers yourself next to the table":
        "{file}: {sheet} 시트는 엑셀 끝 열인 {last}까지 쓰여 있어 새 "
        "열 {n}개({labels})를 넣을 자리가 없습니다. 표 오른쪽 멀리 있는 셀을 "
        "지우거나(Ctrl+End로 찾을 수 있습니다) 표 바로 옆에 그 열의 머리글을 "
        "직접 넣으세요",
    "{path}: no {table} table found: {why}; fix that header row, or start from `salesxl init`":
        "{path}: {table} 표를 찾지 못했습니다: {why}. 그 머리글 행을 고치거나 `salesxl init`으로 "
        "시작하세요",
    "{path}: no {table} table found among the sheets ({sheets}): name its sheet {en!r} or "
    "{ko!r} (or give it a header row of its columns), or start from `salesxl init`":
        "{path}: 시트({sheets}) 가운데 {table} 표가 없습니다: 시트 이름을 {en!r}나 {ko!r} 중 하나로 "
        "바꾸거나(또는 열 이름이 적힌 머리글 행을 넣거나) `salesxl init`으로 시작하세요",
    "the {sheet} sheet has no header row naming its columns":
        "{sheet} 시트에 열 이름이 적힌 머리글 행이 없습니다",
    "the closest is sheet {sheet!r} (header row {row}: {headers}), which needs {lacks}":
        "가장 가까운 것은 {sheet!r} 시트({row}행 머리글: {headers})인데, {lacks}이(가) 있어야 합니다",
    "a column beyond a name, a date, an amount and notes (company, e-mail, phone, stage or "
    "source)":
        "이름·날짜·금액·메모 말고 다른 열(고객사명, 이메일, 전화번호, 영업 단계, 유입 경로)",
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
        "변환 제외 {n}행: 결과 파일의 '변환 제외' 시트에서 행마다 사유를 확인하세요 (파일, 시트, 행)",
    "File": "파일", "Status": "상태", "Rows in": "입력 행", "Converted": "변환",
    "Rejected": "변환 제외", "Columns": "열", "Output": "결과 파일",
    "converted": "변환", "unchanged": "변경 없음", "dry run": "시험 실행", "skipped": "제외",
    "stopped": "중단", "failed": "실패", "ok": "정상", "warning": "참고",
    "is not a tier of the Config ({words})": "설정 시트에 없는 고객 등급입니다 ({words})",
    "is not in the list ({words}); kept as typed":
        "목록에 없는 값입니다 ({words}); 입력한 그대로 둡니다",
    "is not a phone number (write it as text, e.g. 010-1234-5678)":
        "전화번호가 아닙니다 (010-1234-5678처럼 텍스트로 쓰세요)",
    # --- errors of the commands (salesxl.commands) ----------------------------------------
    "name at least one lead with --lead ID": "--lead로 리드 번호를 하나 이상 지정하세요",
    "--force needs --reason TEXT saying why (it is kept in History)":
        "--force에는 이유를 적은 --reason \"사유\"가 필요합니다 (단계 변경 이력에 남습니다)",
    "{refusals}\nNothing was changed.": "{refusals}\n아무것도 바꾸지 않았습니다.",
    "--to {to!r} is not a stage of the pipeline; use one of: {names}":
        "--to {to!r}은(는) 파이프라인의 영업 단계가 아닙니다. 다음 중 하나를 쓰세요: {names}",
    "{file}: the {sheet} sheet has no Lead ID column; add one so leads can be named with --lead":
        "{file}: {sheet} 시트에 리드 번호 열이 없습니다. --lead로 리드를 지정할 수 있도록 리드 번호 "
        "열을 추가하세요",
    "no lead {lead!r} in {sheet} ({n} lead ids)":
        "{sheet} 시트에 리드 {lead!r}이(가) 없습니다 (리드 번호 {n}개 중)",
    "no lead {lead!r} in {sheet} ({n} lead ids); did you mean {near}?":
        "{sheet} 시트에 리드 {lead!r}이(가) 없습니다 (리드 번호 {n}개 중). {near} 중 하나를 "
        "말씀하신 건가요?",
    "lead id {lead!r} appears in {n} rows ({cells}); give each lead its own ID, then run again":
        "리드 번호 {lead!r}이(가) {n}개 행에 있습니다 ({cells}). 리드마다 다른 번호를 쓴 뒤 다시 "
        "실행하세요",
    "{path}: no such file or folder; give rep workbooks (.xlsx) or folders that hold them":
        "{path}: 파일이나 폴더가 없습니다. 영업 담당자 통합문서(.xlsx)나 그 통합문서가 든 폴더를 "
        "지정하세요",
    "--workers {n}: give 1 or more worker processes":
        "--workers {n}: 작업 프로세스를 1개 이상 지정하세요",
    "--dask needs dask.distributed: pip install 'salesxl[dask]'":
        "--dask를 쓰려면 dask.distributed가 필요합니다: pip install 'salesxl[dask]'",
    "cannot reach the Dask scheduler at {address} ({detail}): check the address (e.g. "
    "tcp://10.0.0.5:8786) and that the cluster runs":
        "{address}의 Dask 스케줄러에 연결할 수 없습니다 ({detail}). 주소(예: tcp://10.0.0.5:8786)와 "
        "클러스터가 실행 중인지 확인하세요",
    "{path}: the team workbook must end in .xlsx": "{path}: 팀 통합문서는 .xlsx로 끝나야 합니다",
    "no .xlsx or .xlsm workbooks in {paths}": "{paths}에 .xlsx 또는 .xlsm 통합문서가 없습니다",
    "no spreadsheet files in {paths} (looked for {suffixes})":
        "{paths}에 스프레드시트 파일이 없습니다 (찾은 형식: {suffixes})",
    "give exactly one of -o OUTDIR (a workbook per input) or --into TEAM.xlsx (everything into "
    "one workbook)":
        "-o 폴더(입력 파일마다 통합문서 하나)와 --into 팀.xlsx(모두 통합문서 하나에) 중 하나만 "
        "지정하세요",
    "--date-order must be one of {allowed}": "--date-order는 {allowed} 중 하나여야 합니다",
    "--lang must be ko or en": "--lang은 ko 또는 en이어야 합니다",
    "--pipeline must be one of {allowed}": "--pipeline은 {allowed} 중 하나여야 합니다",
    "--workers must be 1 or more": "--workers는 1 이상이어야 합니다",
    "--into {path}: the team workbook must be an .xlsx or .xlsm file":
        "--into {path}: 팀 통합문서는 .xlsx 또는 .xlsm 파일이어야 합니다",
    "{path}: cannot read the mapping file ({detail})": "{path}: 매핑 파일을 읽을 수 없습니다 ({detail})",
    "{path}: the mapping file is not valid YAML ({detail})":
        "{path}: 매핑 파일이 올바른 YAML이 아닙니다 ({detail})",
    "{path}: a mapping file holds {shape}": "{path}: 매핑 파일은 {shape} 형식이어야 합니다",
    "{path}: entry {entry!r} must map header texts to column keys":
        "{path}: {entry!r} 항목은 열 제목을 열 키에 대응시켜야 합니다",
    "{path}: {file}: header {header!r} maps to {key!r}, which is not a Leads column; use null "
    "(Extra sheet) or one of: {allowed}":
        "{path}: {file}: 열 제목 {header!r}에 지정한 {key!r}은(는) 리드 시트의 열이 아닙니다. "
        "null(추가 항목 시트) 또는 다음 중 하나를 쓰세요: {allowed}",
    "no lead of rep {rep!r} in the Leads table; reps found: {found}":
        "리드 표에 영업 담당자 {rep!r}의 리드가 없습니다. 있는 영업 담당자: {found}",
    "no lead of rep {rep!r} in the Leads table; reps found: (the Rep column is empty)":
        "리드 표에 영업 담당자 {rep!r}의 리드가 없습니다. 담당 영업 열이 비어 있습니다",
    "--since {since} is after --today {today}: the comparison date must be on or before today":
        "--since {since}이(가) --today {today}보다 뒤입니다. 비교 기준일은 오늘이거나 그 이전이어야 "
        "합니다",
    "{path}: sheet {sheet!r} was not made by salesxl, so it is not replaced; rename that sheet "
    "(or delete it) and run again":
        "{path}: {sheet!r} 시트는 salesxl이 만든 시트가 아니라서 바꾸지 않습니다. 그 시트의 이름을 "
        "바꾸거나 시트를 삭제한 뒤 다시 실행하세요",
    "--rep {rep!r}: no lead has that rep; the reps are {reps}":
        "--rep {rep!r}: 이 영업 담당자의 리드가 없습니다. 있는 영업 담당자: {reps}",
    "--rep {rep!r}: no lead has that rep; the reps are (none)":
        "--rep {rep!r}: 이 영업 담당자의 리드가 없습니다. 영업 담당자가 입력된 리드가 없습니다",
    "Config holiday_country {country!r} is not a country salesxl knows holidays for; write a "
    "two-letter code such as KR, US or JP on the Config sheet":
        "설정의 holiday_country {country!r}은(는) salesxl이 공휴일을 아는 나라가 아닙니다. 설정 "
        "시트에 KR, US, JP 같은 두 글자 국가 코드를 쓰세요",
    # --- errors of the workbook writer (salesxl.io.patch, salesxl.io.addsheet, parts) -----
    "{path}: sheet {sheet!r} is a chart sheet; rename it so salesxl can add its own sheet":
        "{path}: {sheet!r} 시트는 차트 시트입니다. salesxl이 자기 시트를 추가할 수 있도록 그 시트의 "
        "이름을 바꾸세요",
    "{path}: the workbook part has no <sheets>: it is damaged":
        "{path}: 통합문서 부분에 <sheets>가 없습니다. 파일이 손상되었습니다",
    "{path}: {sheet}: cell key {key!r} is not a zero-based (row, col) pair of integers":
        "{path}: {sheet}: 셀 키 {key!r}은(는) 0부터 세는 (행, 열) 정수 쌍이 아닙니다",
    "{path}: {sheet}: cell ({row}, {col}) is outside Excel's grid of {rows:,} rows and {cols:,} "
    "columns (zero-based)":
        "{path}: {sheet}: 셀 ({row}, {col})이(가) 엑셀 시트 범위({rows:,}행, {cols:,}열, 0부터 셈)를 "
        "벗어납니다",
    "{path}: sheet {sheet!r} is both edited and replaced in one patch; put the edits into the "
    "new rows instead":
        "{path}: 한 번의 변경에서 {sheet!r} 시트를 수정하면서 새 시트로 바꾸려고 했습니다. 수정할 "
        "내용은 새 행에 넣으세요",
    "{path}: {cell} is the header of column {name!r} of table {table!r}; writing {value!r} there "
    "would rename the table column: rename it in Excel instead":
        "{path}: {cell}은(는) {table!r} 표의 {name!r} 열 제목이라 "
        "{value!r}을(를) 쓰면 표의 열 이름이 바뀝니다. 열 이름은 엑셀에서 바꾸세요",
    "{path}: {cell}: cannot write {value!r} ({kind}): {why}":
        "{path}: {cell}: {value!r} ({kind}) 값을 쓸 수 없습니다: {why}",
    "is not a date: use None for an empty cell": "날짜가 아닙니다. 빈 셀은 None으로 쓰세요",
    "--png needs matplotlib: pip install matplotlib (or pip install 'salesxl[png]')":
        "--png를 쓰려면 matplotlib가 필요합니다: pip install matplotlib (또는 pip install "
        "'salesxl[png]')",
    "{where}: the new sheet name {name!r} is empty; choose another name":
        "{where}: 새 시트 이름 {name!r}이(가) 비어 있습니다. 다른 이름을 쓰세요",
    "{where}: the new sheet name {name!r} is {n} characters long; Excel allows 31; choose "
    "another name":
        "{where}: 새 시트 이름 {name!r}은(는) {n}자인데 엑셀은 31자까지만 "
        "허용합니다. 다른 이름을 쓰세요",
    "{where}: the new sheet name {name!r} contains {chars}, which Excel does not allow in sheet "
    "names; choose another name":
        "{where}: 새 시트 이름 {name!r}에 엑셀이 시트 이름에 허용하지 않는 문자({chars})가 있습니다. "
        "다른 이름을 쓰세요",
    "{where}: the new sheet name {name!r} starts or ends with an apostrophe, which Excel does "
    "not allow; choose another name":
        "{where}: 새 시트 이름 {name!r}처럼 작은따옴표(')로 시작하거나 "
        "끝나는 이름은 엑셀이 허용하지 않습니다. 다른 이름을 쓰세요",
    "{where}: the new sheet name {name!r} is reserved by Excel; choose another name":
        "{where}: 새 시트 이름 {name!r}은(는) 엑셀이 예약한 이름입니다. 다른 이름을 쓰세요",
    "{where}: the new sheet name {name!r} is already used by a sheet (names are compared "
    "ignoring case); choose another name":
        "{where}: 새 시트 이름 {name!r}은(는) 이미 다른 시트가 쓰고 있습니다 (대소문자는 구분하지 "
        "않습니다). 다른 이름을 쓰세요",
    "{where}: {n:,} rows do not fit in a sheet ({limit:,})":
        "{where}: {n:,}행은 시트 하나에 들어가지 않습니다 (최대 {limit:,}행)",
    "{where}: row {row} has {n:,} values; a sheet has {limit:,} columns (A..{last})":
        "{where}: {row}행의 값이 {n:,}개입니다. 시트의 열은 {limit:,}개(A..{last})까지입니다",
    "{where}: cannot move the shared formula ={formula} from {origin} to {cell} ({detail}); "
    "write the cell {origin} in Excel instead":
        "{where}: 공유 수식 ={formula}을(를) {origin}에서 {cell}(으)로 옮길 수 없습니다 ({detail}). "
        "대신 엑셀에서 {origin} 셀을 입력하세요",
    "{where}: a <row> element is damaged near row {row}":
        "{where}: {row}행 근처의 <row> 요소가 손상되었습니다",
    "{where} ends before </sheetData>: the sheet is damaged":
        "{where}이(가) </sheetData> 전에 끝납니다. 시트가 손상되었습니다",
    "{where}: a row is larger than {limit:,} bytes": "{where}: {limit:,}바이트보다 큰 행이 있습니다",
    "{where} has XML comments or CDATA between its rows, which Excel never writes; open the "
    "workbook in Excel and save a copy, then try again":
        "{where}의 행 사이에 엑셀이 쓰지 않는 XML 주석이나 CDATA가 있습니다. 엑셀에서 통합문서를 "
        "열어 사본으로 저장한 뒤 다시 시도하세요",
    "{where} has no <sheetData>: it is not a worksheet or it is damaged; open the workbook in "
    "Excel and save a copy":
        "{where}에 <sheetData>가 없어 시트가 아니거나 손상된 것입니다. 엑셀에서 통합문서를 열어 "
        "사본으로 저장하세요",
    "{where} is not a SpreadsheetML worksheet ({tag})":
        "{where}은(는) SpreadsheetML 시트가 아닙니다 ({tag})",
    "{path}: the workbook has no styles part; open it in Excel and save it once, then try again":
        "{path}: 통합문서에 스타일 부분이 없습니다. 엑셀에서 열어 한 번 저장한 뒤 다시 시도하세요",
    "{path}: the workbook has no styles part, so salesxl cannot add a cell format; open it in "
    "Excel and save it once, then try again":
        "{path}: 통합문서에 스타일 부분이 없어 salesxl이 셀 서식을 추가할 수 없습니다. 엑셀에서 열어 "
        "한 번 저장한 뒤 다시 시도하세요",
    "{path} has no <{section}> section: the workbook is damaged; open it in Excel and save a "
    "copy":
        "{path}에 <{section}> 부분이 없어 통합문서가 손상된 것입니다. 엑셀에서 열어 사본으로 "
        "저장하세요",
    "{path} has no fonts: the workbook is damaged": "{path}에 글꼴이 없습니다. 통합문서가 손상되었습니다",
    "{path} has no {part}: the workbook is damaged or not an Excel workbook; open it in Excel and "
    "save a copy":
        "{path}에 {part}이(가) 없어 손상되었거나 엑셀 통합문서가 아닙니다. 엑셀에서 열어 "
        "사본으로 저장하세요",
    "{part} is {size:,} bytes, more than the {limit:,} salesxl reads in one piece":
        "{part}의 크기가 {size:,}바이트로, salesxl이 한 번에 읽는 {limit:,}바이트보다 큽니다",
    "{path} has no workbook part: it is not an Excel workbook (is it a Word or PowerPoint "
    "file?); give an .xlsx or .xlsm file":
        "{path}에 통합문서 부분이 없어 엑셀 통합문서가 아닙니다 (워드나 파워포인트 파일인가요?). "
        ".xlsx 또는 .xlsm 파일을 지정하세요",
    "{path}: sheet {sheet!r} is a chart sheet or is missing its part; salesxl can only write "
    "cells on worksheets":
        "{path}: {sheet!r} 시트는 차트 시트이거나 내용이 없습니다. salesxl은 일반 시트에만 셀을 쓸 수 "
        "있습니다",
    "{path} has no sheet {sheet!r}; the sheets are: {names}":
        "{path}에 {sheet!r} 시트가 없습니다. 있는 시트: {names}",
    "{path} has no sheet {sheet!r} (did you mean {hint!r}?); the sheets are: {names}":
        "{path}에 {sheet!r} 시트가 없습니다 ({hint!r}을(를) 말씀하신 건가요?). 있는 시트: {names}",
    "{path} has no sheet {sheet!r}; the sheets are: none":
        "{path}에 {sheet!r} 시트가 없습니다. 시트가 하나도 없습니다",
    "{part}: table ref {ref!r} is not a range; the workbook is damaged; open it in Excel and "
    "save a copy":
        "{part}: 표 범위 {ref!r}이(가) 올바른 범위가 아니어서 통합문서가 손상된 것입니다. 엑셀에서 "
        "열어 사본으로 저장하세요",
    # --- the Excel side (salesxl.xl): buttons, worksheet functions, macro workbooks -------
    "this step adds a sheet, which the Excel button cannot do on an open workbook: close the "
    "workbook and run the salesxl command on it":
        "이 작업은 시트를 추가해야 하는데, 엑셀 버튼으로는 열려 있는 통합문서에 시트를 추가할 수 "
        "없습니다. 통합문서를 닫고 salesxl 명령으로 실행하세요",
    "whole columns are selected ({area}): select the rows of the leads to advance":
        "열 전체가 선택되어 있습니다 ({area}). 다음 단계로 옮길 리드의 행을 선택하세요",
    "{path}: no such folder of VBA modules; run from a salesxl source checkout or give --macros "
    "DIR":
        "{path}: VBA 모듈 폴더가 없습니다. salesxl 소스 폴더에서 실행하거나 --macros 폴더를 "
        "지정하세요",
    "{path}: the first line must be Attribute VB_Name = \"{name}\"":
        "{path}: 첫 줄은 Attribute VB_Name = \"{name}\"이어야 합니다",
    "{path}: VBA source must be ASCII (write other text in cells)":
        "{path}: VBA 소스는 ASCII 문자만 쓸 수 있습니다 (다른 글자는 셀에 쓰세요)",
    "{path}: no .bas or .cls module found": "{path}: .bas 또는 .cls 모듈이 없습니다",
    "{path}: missing from the installed xlwings; reinstall xlwings":
        "{path}: 설치된 xlwings에 이 파일이 없습니다. xlwings를 다시 설치하세요",
    "{path}: a macro workbook must end in .xlsm": "{path}: 매크로 통합문서는 .xlsm으로 끝나야 합니다",
    "no {table} header row found: include the header row in the range (e.g. tbl{name}[#All] or "
    "{sheet}!A1:AO1000)":
        "{table} 열 제목 행을 찾지 못했습니다. 범위에 열 제목 행을 포함하세요 (예: tbl{name}[#All] "
        "또는 {sheet}!A1:AO1000)",
    "config {value!r}: give the Config sheet's range (e.g. salesxl_config) or 'ko' or 'en'":
        "config {value!r}: 설정 시트의 범위(예: salesxl_config)나 'ko' 또는 'en'을 지정하세요",
    "config: the range holds no Config section (Settings, Pipeline, Tiers): give the Config "
    "sheet's range (salesxl_config) or 'ko'/'en'":
        "config: 범위에 설정 항목(기본 설정, 파이프라인, 고객 등급)이 없습니다. 설정 시트의 "
        "범위(salesxl_config)나 'ko'/'en'을 지정하세요",
    "the ranges must have the same number of rows and columns (got {shapes})":
        "범위들의 행 수와 열 수가 같아야 합니다 (받은 크기: {shapes})",
    "{value!r} {problem}": "{value!r}: {problem}",
    "{n} {label}": "{label} {n}건",
    "{n} leads: {counts}; {cells} cells written": "리드 {n}건: {counts}. 셀 {cells}개를 썼습니다",
    "added the column {name}": "{name} 열을 추가했습니다",
    "{lead}: {days} days in {stage} (stale after {rotting} days)":
        "{lead}: {stage} 단계 {days}일째 (정체 기준 {rotting}일)",
    "no lead is selected: select the rows of one or more leads on the {sheet} sheet (any cells "
    "in those rows), then click the button":
        "선택한 리드가 없습니다. {sheet} 시트에서 리드의 행(그 행의 아무 셀이나)을 하나 이상 선택한 "
        "뒤 버튼을 누르세요",
    "this lead has no Lead ID: give it one to advance it":
        "리드 번호가 없는 리드입니다. 다음 단계로 옮기려면 리드 번호를 입력하세요",
    "none of the selected leads has a Lead ID; fill in the Lead ID column":
        "선택한 리드에 리드 번호가 하나도 없습니다. 리드 번호 열을 채우세요",
    "nothing was changed: {n} selected lead(s) cannot all move on (see below)":
        "아무것도 바꾸지 않았습니다. 선택한 리드 {n}건을 모두 옮길 수는 없습니다 (아래 참고)",
    "{n} lead(s) moved one stage forward, logged in {sheet}; {cells} cells written":
        "리드 {n}건을 다음 단계로 옮기고 {sheet} 시트에 기록했습니다. 셀 {cells}개를 썼습니다",
    "{feature} is not installed in this salesxl yet ({module} is missing). Update salesxl (pip "
    "install -U salesxl) and try again; nothing was changed.":
        "이 salesxl에는 아직 '{feature}' 기능이 없어 아무것도 바꾸지 않았습니다 "
        "({module} 없음). salesxl을 업데이트(pip install -U "
        "salesxl)한 뒤 다시 시도하세요.",
    "save the workbook to a folder on this computer first (File > Save As); it has no file yet":
        "먼저 통합문서를 이 컴퓨터의 폴더에 저장하세요 (파일 > 다른 이름으로 저장). 아직 파일로 "
        "저장되지 않았습니다",
    "{sheet} sheet refreshed: {n} rows (the tables; the charts and the PivotTable are rebuilt by "
    "`salesxl summary` on the closed workbook)":
        "{sheet} 시트를 새로 고쳤습니다: {n}행 (표만 고칩니다. 차트와 피벗 테이블은 통합문서를 닫고 "
        "`salesxl summary`로 다시 만드세요)",
    "{path}: the summary wrote no Summary sheet": "{path}: 영업 요약이 요약 시트를 만들지 않았습니다",
    "type the {what} in {where} first, then click the button again":
        "먼저 {where}에 {what} 경로를 입력한 뒤 버튼을 다시 누르세요",
    "{where}: {text!r} does not exist on this computer; check the {what}":
        "{where}: 이 컴퓨터에 {text!r}이(가) 없습니다. {what} 경로를 확인하세요",
    "folder of the reps' workbooks": "영업 담당자 통합문서 폴더",
    "legacy workbook": "기존 영업 관리 파일",
    "{path} is a file: type the folder that holds the reps' workbooks":
        "{path}은(는) 파일입니다. 영업 담당자 통합문서가 든 폴더를 입력하세요",
    "{n} workbook(s) consolidated: {leads} leads ({merged} duplicates merged) into {path}":
        "통합문서 {n}개를 {path}에 합쳤습니다: 리드 {leads}건 (중복 {merged}건 병합)",
    "{n} row(s) read: {converted} converted, {rejected} rejected (see the Rejected sheet); "
    "report: {report}":
        "{n}행을 읽었습니다: 변환 {converted}행, 변환 제외 {rejected}행 (변환 제외 시트 참고). "
        "보고서: {report}",
    "written, but Excel could not open it ({detail}); open it yourself":
        "파일은 만들었지만 엑셀이 열지 못했습니다 ({detail}). 직접 여세요",
    "opened in Excel": "엑셀에서 열었습니다",
    "done": "완료",
    "... and {n} more": "... 외 {n}건",
    # --- salesxl convert: the report, header matches, skipped sheets (salesxl.commands.convert)
    "ambiguous: {choices}": "모호함: {choices}",
    "the column": "이 열",
    "duplicate of {column}: an earlier column already holds it":
        "{column} 중복: 앞쪽 열에 이미 있습니다",
    "{column} is computed by a formula in the team workbook: the legacy values are kept in Extra":
        "{column}{은는} 팀 통합문서가 수식으로 계산하는 열이라 기존 값은 추가 항목 시트에 보관합니다",
    "row numbers 1, 2, 3..., not lead IDs: kept in Extra":
        "리드 번호가 아니라 1, 2, 3...으로 매긴 행 번호: 추가 항목 시트에 보관",
    "unmapped (best: {best})": "매칭 안 됨 (가장 가까운 열: {best})",
    "unmapped": "매칭 안 됨",
    ", numbers x{unit:,.0f}": ", 숫자 × {unit:,.0f}",
    " (next: {best})": " (다음 후보: {best})",
    "mapping file": "매핑 파일",
    "label": "열 이름 일치",
    "fuzzy": "유사 일치",
    "low confidence": "불확실",
    "ambiguous": "모호함",
    "duplicate": "중복",
    "computed": "계산 열",
    "row numbers": "행 번호",
    "{n} mapped": "{n}개 매칭",
    " ({sure} sure, {low} low confidence)": " (확실 {sure}개, 불확실 {low}개)",
    ", {n} to Extra": ", 추가 항목 {n}개",
    "Sheets": "시트",
    "Added": "추가",
    "Updated": "갱신",
    "Totals rows": "합계 행",
    "Blank rows": "빈 행",
    "Repeated headers": "반복된 머리글",
    "Extra cells": "추가 항목 셀",
    "Low confidence / ambiguous": "불확실·모호한 매칭",
    "Encoding": "인코딩",
    "{encoding} with BOM": "{encoding} (BOM 포함)",
    "Warnings": "주의 사항",
    "Error": "오류",
    "Seconds": "처리 시간(초)",
    "Cell": "셀",
    "Header": "열 제목",
    "Column": "표준 열",
    "Confidence": "신뢰도",
    "How": "매칭 방법",
    "Total": "합계",
    "salesxl conversion report": "salesxl 변환 보고서",
    "{n} {status}": "{status} {n}개",
    "{path}: unexpected error {kind}: {detail} (at {where}; please report it)":
        "{path}: 예기치 않은 오류 {kind}: {detail} ({where}). 팀의 salesxl 담당자에게 알려 주세요",
    "sheet {sheet!r} skipped: {why}": "{sheet!r} 시트 제외: {why}",
    "{sheet}: {why}": "{sheet}: {why}",
    "{path} has no data (every sheet is empty)": "{path}에 데이터가 없습니다 (모든 시트가 비어 있음)",
    "{path}: no sheet looks like a lead list ({why})":
        "{path}: 리드 목록으로 보이는 시트가 없습니다 ({why})",
    "{sheet}: totals row(s) {rows} skipped": "{sheet}: 합계 행({rows}행)을 건너뛰었습니다",
    "matches {how}: confirm it in the mapping file (--mapping)":
        "매칭 확인 필요 ({how}). 매핑 파일에서 확인하세요 (--mapping)",
    "--strict stopped the run: {n} header match(es) are doubtful (low confidence or "
    "ambiguous):":
        "--strict: 열 제목 {n}개의 매칭이 불확실하거나 모호해 멈췄습니다:",
    "{n} low-confidence or ambiguous header match(es): confirm them in the mapping file and "
    "run again":
        "열 제목 {n}개의 매칭이 불확실하거나 모호합니다. 매핑 파일에서 확인한 뒤 다시 실행하세요",
    "it is the {sheet} sheet of a team workbook": "팀 통합문서의 {sheet} 시트입니다",
    "the sheet is empty": "시트가 비어 있습니다",
    "no header row with {need} in the first {n} rows (after any title block)":
        "처음 {n}행(제목 부분 다음)에 {need}{이가} 있는 머리글 행이 없습니다",
    "known columns": "아는 열",
    "the best header row, row {row} ({columns}), lacks {lacks}":
        "가장 알맞은 머리글 행인 {row}행({columns})에 {lacks}{이가} 없습니다",
    "{sheet}: column {header!r} holds row numbers 1, 2, 3..., not lead IDs: kept in Extra, IDs "
    "generated":
        "{sheet}: {header!r} 열은 리드 번호가 아니라 1, 2, 3...으로 매긴 행 번호라 추가 항목 시트에 "
        "보관하고 리드 번호를 새로 매겼습니다",
    "(column {letter})": "({letter}열)",
    "salesxl convert: the header mapping this run used.":
        "salesxl convert: 이번 실행에 쓴 열 제목 매핑입니다.",
    "header: column key, or null to keep the column in the Extra sheet. Edit it and pass it "
    "back with --mapping FILE; a \"*\" section applies to every file.":
        "열 제목: 표준 열 키(그 열을 추가 항목 시트에 두려면 null)이며 \"*\" "
        "항목은 모든 파일에 적용됩니다. 고친 뒤 --mapping 파일로 다시 지정하세요.",
    "Column keys: {keys}": "표준 열 키: {keys}",
    "The proposed mapping is in {path}: check it, then run again with --mapping {path}":
        "제안한 매핑은 {path}에 있습니다. 확인한 뒤 --mapping {path}{으로로} 다시 실행하세요",
    "not written into {path}: --strict stopped the run because of doubtful header matches in "
    "other files":
        "{path}에 넣지 않았습니다: 다른 파일의 열 제목 매칭이 불확실해 --strict가 실행을 멈췄습니다",
    # --- salesxl consolidate: why a rep workbook was left out, merge notes, the Sources sheet
    "a legacy {suffix} file, not a rep workbook: its leads are not in the team workbook; add "
    "them with `salesxl convert {path} --into TEAM.xlsx`":
        "영업 담당자 통합문서가 아닌 기존 {suffix} 파일이라 리드를 팀 통합문서에 넣지 않았습니다. "
        "추가하려면 다음을 실행하세요: `salesxl convert {path} --into 팀.xlsx`",
    "cannot be read ({detail}); check the file's permissions":
        "읽을 수 없습니다 ({detail}). 파일 권한을 확인하세요",
    "unexpected {kind} while reading ({detail}); open it in Excel, save a copy and try again "
    "(and please report it to salesxl)":
        "읽는 중 예기치 않은 오류 {kind} ({detail}). 엑셀에서 열어 사본으로 저장한 뒤 다시 시도하고, "
        "팀의 salesxl 담당자에게도 알려 주세요",
    "no Leads table: no sheet named Leads/리드 and no sheet whose first rows hold lead headers "
    "(sheets: {sheets}); start from `salesxl init` or name the sheet Leads":
        "리드 표가 없습니다: '리드' 시트도, 첫 행들에 리드 머리글이 있는 시트도 없습니다 (시트: "
        "{sheets}). `salesxl init`으로 새로 시작하거나 시트 이름을 '리드'로 바꾸세요",
    "a consolidated team workbook (its Leads sheet has Source file/row columns), not a rep's: "
    "consolidating it again would count its rows twice":
        "영업 담당자 통합문서가 아니라 이미 합친 팀 통합문서입니다 (리드 시트에 원본 파일·행 열이 "
        "있음). 다시 합치면 행을 두 번 세게 됩니다",
    "template version {version} (newer than version {schema}, which this salesxl reads): its "
    "columns may mean other things, so it is left out; upgrade salesxl and run again":
        "양식 버전 {version}{은는} 이 salesxl이 읽는 버전 {schema}보다 "
        "새 버전이라 열의 뜻이 다를 수 있어 제외했습니다. salesxl을 업데이트한 "
        "뒤 다시 실행하세요",
    "template version {version} (older than version {schema}, which this salesxl reads): its "
    "columns may mean other things, so it is left out; copy its rows into a new workbook from "
    "`salesxl init` and run again":
        "양식 버전 {version}{은는} 이 salesxl이 읽는 버전 {schema}보다 "
        "예전 버전이라 열의 뜻이 다를 수 있어 제외했습니다. `salesxl init`으로 "
        "만든 새 통합문서에 행을 옮긴 뒤 다시 실행하세요",
    "empty: the {sheet} sheet has no lead rows; nothing to consolidate":
        "비어 있습니다: {sheet} 시트에 리드 행이 없어 합칠 것이 없습니다",
    "no Config sheet (a hand-made workbook?): read with the default pipeline and labels":
        "설정 시트가 없습니다 (직접 만든 통합문서인가요?). 기본 파이프라인과 표시 이름으로 "
        "읽었습니다",
    "the reader stopped while reading this file (its process died: out of memory, or a file the "
    "reader cannot survive); open it in Excel, save a copy and try again":
        "이 파일을 읽다가 읽기 프로세스가 멈췄습니다 (메모리 부족이거나 읽을 수 없는 파일). 엑셀에서 "
        "열어 사본으로 저장한 뒤 다시 시도하세요",
    "customer ID {id} is also {holder}'s: it is {new} in the team workbook":
        "고객사 번호 {id}{은는} {holder}에서도 쓰고 있어 팀 통합문서에서는 {new}입니다",
    "lead ID {lead} is on two rows for different customers; rows of the other sheets with this "
    "ID are attached to team lead {old}":
        "리드 번호 {lead}{이가} 서로 다른 고객의 두 행에 있습니다. 다른 시트에서 이 번호를 쓰는 행은 "
        "팀 리드 {old}에 연결했습니다",
    "has no lead ID: the row is kept without one": "리드 번호가 없습니다: 행은 번호 없이 그대로 둡니다",
    "is not a lead ID on this workbook's Leads sheet: the row is kept under this ID":
        "이 통합문서의 리드 시트에 없는 리드 번호입니다: 행은 이 번호 그대로 둡니다",
    "lead row(s) without a lead ID got a team ID made of the file name and row":
        "리드 번호가 없는 리드 행에는 파일 이름과 행 번호로 팀 리드 번호를 매겼습니다",
    "team configuration (pipeline, tiers, holidays) from {origin}":
        "팀 설정(파이프라인, 고객 등급, 공휴일)은 {origin}의 설정 시트를 따릅니다",
    "{file} uses another pipeline ({pipeline}): its stages the team's pipeline lacks are shown "
    "as their keys":
        "{file}의 파이프라인({pipeline})이 팀 설정과 달라, 팀 파이프라인에 없는 단계는 키로 "
        "표시합니다",
    "--mask-personal: Customers personal columns and the reps' own columns there left out, "
    "e-mail and phone masked (duplicates were found on the real values)":
        "--mask-personal: 고객 파일의 개인 정보 열과 영업 담당자가 추가한 열은 비우고, 이메일·"
        "전화번호는 가렸습니다 (중복은 가리기 전 값으로 찾았습니다)",
    "{n} cells could not be read: kept as typed": "읽을 수 없는 셀 {n}개는 입력한 그대로 두었습니다",
    "a table is over Excel's {limit} rows per sheet: every table is also written in full to "
    "{name} (Parquet); the sheets hold the first rows":
        "엑셀 시트 한도({limit}행)를 넘는 표가 있어 모든 표를 {name}에도 Parquet 형식으로 "
        "저장했습니다. 시트에는 앞쪽 행만 있습니다",
    "merging": "합치는 중",
    "writing {name}": "{name} 쓰는 중",
    "building the Summary": "요약 시트 만드는 중",
    "{ok} ok, {failed} failed, {skipped} skipped": "정상 {ok}, 실패 {failed}, 제외 {skipped}",
    "{read} lead rows read = {team} team rows + {merged} merged as duplicates":
        "읽은 리드 {read}행 = 팀 리드 {team}행 + 중복 병합 {merged}행",
    "different customers share lead ID {lead}: this one is {team} in the team workbook":
        "다른 고객이 같은 리드 번호 {lead}{을를} 사용: 팀 통합문서에서는 {team}",
    "filled: the kept row had this cell empty": "채움: 유지된 행의 빈 칸을 이 값으로 채움",
    "merged: no value differs": "병합: 다른 값 없음",
    "kept the more recently updated stage ({a} > {b})":
        "단계 변경일이 더 최근인 값 유지 ({a} > {b})",
    "none": "없음",
    "same stage date: kept the workbook saved last ({a} > {b})":
        "단계 변경일 같음: 나중에 저장된 파일의 값 유지 ({a} > {b})",
    "same stage date and file time: kept the first in path order":
        "단계 변경일·파일 시각 같음: 경로 순서상 앞선 값 유지",
    # --- the Targets table (salesxl.core.summary.targets) ------------------------------------
    "Targets: {n} row(s) with a period that is not YYYY-MM or YYYY-Q1..Q4 were left out "
    "({periods})":
        "목표: 기간이 2026-11이나 2026-Q4 같은 형식이 아닌 {n}행은 빼고 계산했습니다 ({periods})",
    "Targets: the same rep and period on several rows ({which}); the last row is used":
        "목표: 같은 영업 담당자와 기간이 여러 행에 있습니다 ({which}). 마지막 행을 씁니다",
}



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


def readable(value: str | PurePath) -> str:
    """A file name as a person can read it, whatever its bytes.

    Python keeps a name that is not UTF-8 (a CP949 name from a Korean Windows zip, a Latin-1
    one) as lone surrogates, which cannot be printed; they are decoded here as CP949, else
    Latin-1, for display only (the path itself is never changed).

    Example:
        >>> readable(os.fsdecode("영업.xlsx".encode("cp949")))
        '영업.xlsx'
    """
    text = str(value)
    if not any("\udc80" <= ch <= "\udcff" for ch in text):
        return text
    raw = text.encode("utf-8", "surrogateescape")
    for encoding in ("utf-8", "cp949"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


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
    params = {k: readable(v) if isinstance(v, str | PurePath) else v for k, v in params.items()}
    return render(template, lang, **params)


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
        params = {k: v.text(lang) if isinstance(v, Msg | Pair | Joined) else v
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


@dataclass(frozen=True)
class Joined:
    """Several messages (or words) as one parameter, joined by `sep`, each in the reader's
    language.

    Example:
        >>> Joined([Msg("is empty"), Pair("Leads", "리드")], "; ").text("ko")
        '비어 있습니다; 리드'
    """

    parts: Sequence[Msg | Pair | Joined | str]
    sep: str = ", "

    def text(self, lang: str) -> str:
        return self.sep.join(p if isinstance(p, str) else p.text(lang) for p in self.parts)

    def __str__(self) -> str:
        return self.text("en")
