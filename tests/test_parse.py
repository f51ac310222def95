"""Tests for salesxl.core.parse: table-driven examples plus Hypothesis properties.

Every expected value below was worked out by hand from the input, not copied from the code.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from salesxl.core.parse import (
    ParseError,
    excel_serial,
    is_blank,
    looks_like_formula,
    normalize_email,
    normalize_phone,
    parse_amount,
    parse_currency,
    parse_date,
    parse_datetime,
    parse_int,
    parse_number,
    parse_percent,
    parse_text,
    parse_yesno,
)

D = dt.date
DT = dt.datetime
BLANKS = [None, "", "   ", "\t\n", "\u3000", "\xa0", "\u200b", float("nan"), np.nan, pd.NA, pd.NaT]


# --- blanks -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", [*BLANKS, np.float64("nan"), np.datetime64("NaT"), Decimal("NaN")]
)
def test_is_blank_true(value):
    assert is_blank(value)


@pytest.mark.parametrize("value", [0, 0.0, False, "x", "0", " - ", D(2026, 3, 5), np.int64(0)])
def test_is_blank_false(value):
    assert not is_blank(value)


PARSERS = [
    parse_yesno,
    parse_amount,
    parse_currency,
    parse_date,
    parse_datetime,
    parse_int,
    parse_number,
    parse_percent,
    parse_text,
    normalize_phone,
    normalize_email,
]


@pytest.mark.parametrize("parser", PARSERS)
@pytest.mark.parametrize("value", BLANKS)
def test_every_parser_maps_blank_to_none(parser, value):
    assert parser(value) is None


# --- yes/no -------------------------------------------------------------------------------

YES_WORDS = ["Y", "yes", "true", "1", "O", "○", "예", "네", "있음"]
NO_WORDS = ["N", "no", "false", "0", "X", "×", "아니오", "아니요", "아니", "없음"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Y", True), ("y", True), (" yes ", True), ("YES", True), ("Yes", True),
        ("True", True), ("TRUE", True), ("1", True), ("O", True), ("o", True),
        ("○", True), ("예", True), (" 네 ", True), ("있음", True), ("Ｙ", True),
        ("ｙｅｓ", True), ("1.0", True), (1, True), (1.0, True), (True, True),
        (np.bool_(True), True), (np.int64(1), True),
        ("N", False), ("no", False), ("No", False), ("FALSE", False), ("0", False),
        ("X", False), ("x", False), ("×", False), ("아니오", False), ("아니요", False),
        ("아니", False), ("없음", False), ("ｎｏ", False), (0, False), (0.0, False),
        (False, False), (np.float64(0.0), False),
    ],
)  # fmt: skip
def test_parse_yesno(value, expected):
    assert parse_yesno(value) is expected


@pytest.mark.parametrize("value", ["maybe", "yess", "2", "예스", "Y N", 2, -1, 0.5, D(2026, 3, 5)])
def test_parse_yesno_rejects(value):
    with pytest.raises(ParseError, match=r"is not yes/no \(write Y or N, 예 or 아니오, O or X\)"):
        parse_yesno(value)


def test_parse_yesno_rejects_every_time():
    # the text branch is cached; a failure must not be cached as a value
    for _ in range(2):
        with pytest.raises(ParseError):
            parse_yesno("maybe")


@given(
    word=st.sampled_from(YES_WORDS),
    upper=st.booleans(),
    left=st.sampled_from(["", " ", "  ", "\u3000"]),
    right=st.sampled_from(["", " ", "\t"]),
)
def test_any_yes_word_is_true(word, upper, left, right):
    assert parse_yesno(left + (word.upper() if upper else word.lower()) + right) is True


@given(word=st.sampled_from(NO_WORDS), upper=st.booleans())
def test_any_no_word_is_false(word, upper):
    assert parse_yesno(word.upper() if upper else word.lower()) is False


# --- amounts ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (5000000.0, 5_000_000), (12, 12), (-300.5, -300.5), (np.int64(7), 7),
        (np.float32(2.5), 2.5), (Decimal("1.5"), 1.5), (0, 0),
        ("5000000", 5_000_000), ("₩5,000,000", 5_000_000), ("5,000,000원", 5_000_000),
        ("500만원", 5_000_000), ("500 만원", 5_000_000), ("500만", 5_000_000),
        ("1.2억", 120_000_000), ("1억 2천만원", 120_000_000), ("1억2천만", 120_000_000),
        ("3천만원", 30_000_000), ("5천", 5_000), ("5천원", 5_000), ("백만원", 1_000_000),
        ("3억 5,000만원", 350_000_000), ("1억2천5백만", 125_000_000),
        ("2조 3억", 2_000_300_000_000), ("1억 5000", 100_005_000), ("만원", 10_000),
        ("1.5천만", 15_000_000), ("1,000만원", 10_000_000),
        ("5M", 5_000_000), ("5m", 5_000_000), ("12k", 12_000), ("12K", 12_000),
        ("1.5mn", 1_500_000), ("2 mil", 2_000_000), ("3B", 3_000_000_000),
        ("1.2bn", 1_200_000_000), ("$1.5M", 1_500_000),
        ("KRW 5,000,000", 5_000_000), ("krw5000", 5_000), ("5,000,000 KRW", 5_000_000),
        ("$1,200", 1_200), ("USD 1,200", 1_200), ("US$1,200", 1_200), ("1,200달러", 1_200),
        ("€99.5", 99.5), ("¥500", 500),
        ("-300", -300), ("−300", -300), ("(300)", -300), ("(₩300)", -300),
        ("-$300", -300), ("$-300", -300), ("₩(1,000)원", -1_000), ("-1억", -100_000_000),
        ("△300", -300), ("+300", 300), ("-0", 0),
        ("１２３", 123), ("５００만원", 5_000_000), ("￦５，０００", 5_000),
        ("  1,234.5  ", 1234.5), (".5", 0.5), ("0.25", 0.25),
    ],
)  # fmt: skip
def test_parse_amount(value, expected):
    result = parse_amount(value)
    assert type(result) is float
    assert result == expected


@pytest.mark.parametrize(
    "value",
    [
        "abc", "1.2.3", "about 5", "약 500만원", "500만원 이상", "12%", "5만3억", "3억 2억",
        "5백2천", "1,2345", "1,2,3", "₩", "원", "--5", "-(300)", "5 000", "1e5", "5 dollarz",
        "5kk", "1.2억M", "five", "5-3",
        True, False, D(2026, 3, 5), DT(2026, 3, 5), dt.timedelta(hours=1), float("inf"),
    ],
)  # fmt: skip
def test_parse_amount_rejects(value):
    with pytest.raises(ParseError, match=r"^is not an amount \(write a number such as"):
        parse_amount(value)


def test_parse_amount_error_message_leaves_out_the_value():
    with pytest.raises(ParseError) as info:
        parse_amount("abc")
    assert str(info.value) == (
        "is not an amount (write a number such as 5000000, ₩5,000,000, 500만원 or 1.2억)"
    )
    assert isinstance(info.value, ValueError)


def test_parse_amount_two_currencies():
    with pytest.raises(ParseError, match=r"names two currencies \(USD and KRW\)"):
        parse_amount("$5,000원")


@given(st.integers(min_value=-(2**53), max_value=2**53))
def test_amount_with_thousands_separators_and_won(n):
    assert parse_amount(f"{n:,}원") == n


@given(
    eok=st.integers(min_value=0, max_value=9999),
    man=st.integers(min_value=0, max_value=9999),
    won=st.integers(min_value=0, max_value=9999),
)
def test_korean_units_add_up(eok, man, won):
    assert parse_amount(f"{eok}억 {man:,}만 {won}원") == eok * 10**8 + man * 10**4 + won


# --- currency -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("₩5,000,000", "KRW"), ("5,000,000원", "KRW"), ("500만원", "KRW"),
        ("KRW 5,000,000", "KRW"), ("krw 5", "KRW"), ("￦5,000", "KRW"), ("(₩300)", "KRW"),
        ("원", "KRW"), ("KRW", "KRW"), ("$1,200", "USD"), ("-$300", "USD"),
        ("USD 1,200", "USD"), ("1,200 usd", "USD"), ("1,200달러", "USD"), ("＄5", "USD"),
        ("US$5", "USD"), ("USD", "USD"), ("€99", "EUR"), ("99 EUR", "EUR"), ("¥500", "JPY"),
        ("500円", "JPY"), ("JPY 500", "JPY"), ("£5", "GBP"),
        ("5,000,000", None), ("1.2억", None), ("5M", None), (5_000_000.0, None), (12, None),
        (D(2026, 3, 5), None),
    ],
)  # fmt: skip
def test_parse_currency(value, expected):
    assert parse_currency(value) == expected


def test_parse_currency_refuses_two_currencies():
    with pytest.raises(ParseError, match="names two currencies"):
        parse_currency("$5,000원")


# --- dates --------------------------------------------------------------------------------

MAR5 = D(2026, 3, 5)


@pytest.mark.parametrize(
    "value",
    [
        "2026-03-05", "2026-3-5", "2026-03-05T10:00:00", "2026-03-05 10:00", "2026.03.05",
        "2026. 3. 5.", "2026. 3. 5", "2026.3.5.", "2026/3/5", "2026/03/05", "20260305",
        "26-03-05", "26.03.05", "26/3/5", "2026년 3월 5일", "2026년3월5일", "2026년 03월 05일",
        "26년 3월 5일", "2026년 3월 5일 (목)", "2026년 3월 5일 목요일", "5 Mar 2026",
        "5 March 2026", "05-Mar-2026", "5-mar-26", "5th March 2026", "Mar 5, 2026",
        "March 5 2026", "march 5, 2026", "Mar. 5, 2026", "2026-Mar-05",
        "Thu, 5 Mar 2026", "Thursday, March 5, 2026", "２０２６－０３－０５",
        "２０２６년 ３월 ５일", " 2026-03-05 ", "2026. 3. 5. 오후 2:30",
        MAR5, DT(2026, 3, 5, 23, 59), pd.Timestamp("2026-03-05 10:00"),
        np.datetime64("2026-03-05"), np.datetime64("2026-03-05T10:00:00.000000001"),
        46086, 46086.0, 46086.99, np.int64(46086), np.float64(46086.5), 20260305, 20260305.0,
    ],
)  # fmt: skip
def test_parse_date_march_fifth(value):
    assert parse_date(value) == MAR5


@pytest.mark.parametrize(
    ("value", "order", "expected"),
    [
        ("03/04/05", "YMD", D(2003, 4, 5)), ("03/04/05", "DMY", D(2005, 4, 3)),
        ("03/04/05", "MDY", D(2005, 3, 4)), ("26-03-05", "DMY", D(2005, 3, 26)),
        ("05/03/2026", "DMY", D(2026, 3, 5)), ("05/03/2026", "MDY", D(2026, 5, 3)),
        ("05/03/2026", "dmy", D(2026, 3, 5)),
        ("25/03/2026", "YMD", D(2026, 3, 25)),  # only day-month fits
        ("03/25/2026", "YMD", D(2026, 3, 25)),  # only month-day fits
        ("05/05/2026", "YMD", D(2026, 5, 5)),  # both readings agree
        ("2026-03-05", "DMY", MAR5), ("2026-03-05", "MDY", MAR5),
        ("5 Mar 2026", "MDY", MAR5), ("Mar 5, 2026", "DMY", MAR5),
        ("00-01-02", "YMD", D(2000, 1, 2)), ("69-12-31", "YMD", D(2069, 12, 31)),
        ("70-01-01", "YMD", D(1970, 1, 1)), ("99.12.31", "YMD", D(1999, 12, 31)),
        ("1 Jan 70", "YMD", D(1970, 1, 1)), ("2024-02-29", "YMD", D(2024, 2, 29)),
        ("0001-01-01", "YMD", D(1, 1, 1)), ("9999-12-31", "YMD", D(9999, 12, 31)),
    ],
)  # fmt: skip
def test_parse_date_orders(value, order, expected):
    assert parse_date(value, date_order=order) == expected


def test_parse_date_ambiguous_message():
    with pytest.raises(ParseError) as info:
        parse_date("05/03/2026")
    assert str(info.value) == (
        "is ambiguous: it could be 2026-05-03 or 2026-03-05 (set the date order: YMD, DMY or MDY)"
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026-02-30", r"is not a real date \(2026-02 has no day 30\)"),
        ("2025-02-29", r"is not a real date \(2025-02 has no day 29\)"),
        ("2026-13-01", r"is not a real date \(there is no month 13\)"),
        ("2026.00.10", r"there is no month 0"), ("20260230", "has no day 30"),
        ("31 Apr 2026", "has no day 31"), ("32/01/2026", "is not a real date"),
        (20260230, "has no day 30"),
        ("3월 5일", "is missing the year"), ("3/5", "is missing the year"),
        ("3.5.", "is missing the year"),
        ("abc", r"is not a date \(write 2026-03-05, 2026.03.05 or 2026년 3월 5일\)"),
        ("46000", "is not a date"), ("2026", "is not a date"), ("202603", "is not a date"),
        ("5 Foo 2026", "is not a date"), ("Mar 2026", "is not a date"),
        ("2026/03-05", "is not a date"), ("123-04-05", "is not a date"),
        ("10:00", "is not a date"), ("tomorrow", "is not a date"),
        ("2026-03-05 25:00", "is not a time"), ("2026-03-05 13:00 PM", "is not a time"),
        (60, "1900-02-29, a day that does not exist"), (0, "Excel date numbers run from 1"),
        (-5, "Excel date numbers run from 1"), (0.5, "Excel date numbers run from 1"),
        (2958466, "Excel date numbers run from 1"), (float("inf"), "is not a date"),
        (True, "is not a date"), (dt.timedelta(hours=3), "is a time of day, not a date"),
        (dt.time(10, 30), "is a time of day, not a date"),
    ],
)  # fmt: skip
def test_parse_date_rejects(value, message):
    with pytest.raises(ParseError, match=message):
        parse_date(value)


@pytest.mark.parametrize(
    ("serial", "expected"),
    [
        (1, D(1900, 1, 1)), (2, D(1900, 1, 2)), (59, D(1900, 2, 28)), (61, D(1900, 3, 1)),
        (36526, D(2000, 1, 1)), (46023, D(2026, 1, 1)), (46086, MAR5),
        (2958465, D(9999, 12, 31)),
    ],
)  # fmt: skip
def test_excel_serials_1900(serial, expected):
    assert parse_date(serial) == expected
    assert parse_date(float(serial)) == expected
    assert excel_serial(expected) == serial


@pytest.mark.parametrize(
    ("serial", "expected"),
    [(1, D(1904, 1, 2)), (44624, MAR5), (34803, D(1999, 4, 15))],
)
def test_excel_serials_1904(serial, expected):
    # the 1904 system counts from 1904-01-01 = 0 and sits 1462 days below the 1900 system
    assert parse_date(serial, epoch1904=True) == expected
    assert excel_serial(expected, epoch1904=True) == serial
    assert excel_serial(expected) - excel_serial(expected, epoch1904=True) == 1462


def test_excel_serial_1904_origin_and_limits():
    assert excel_serial(D(1904, 1, 1), epoch1904=True) == 0.0
    with pytest.raises(ParseError):
        parse_date(2958465, epoch1904=True)  # past 9999-12-31 in the 1904 system
    with pytest.raises(ValueError, match="the first date Excel can store"):
        excel_serial(D(1899, 12, 31))
    with pytest.raises(ValueError, match="the first date Excel can store"):
        excel_serial(D(1903, 12, 31), epoch1904=True)


def test_excel_serial_of_datetime():
    assert excel_serial(DT(2026, 3, 5, 18)) == 46086.75
    assert excel_serial(DT(1900, 3, 1, 12)) == 61.5
    assert excel_serial(DT(2026, 3, 5, 6), epoch1904=True) == 44624.25


def test_bad_date_order_is_a_programming_error():
    with pytest.raises(ValueError, match="date_order must be one of"):
        parse_date("2026-03-05", date_order="YDM")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-03-05T10:00:00", DT(2026, 3, 5, 10)), ("2026-03-05 10:00", DT(2026, 3, 5, 10)),
        ("2026-03-05T10:00:00Z", DT(2026, 3, 5, 10)),
        ("2026-03-05T10:00:00+09:00", DT(2026, 3, 5, 10)),
        ("2026-03-05 10:00:30.25", DT(2026, 3, 5, 10, 0, 30, 250000)),
        ("2026-03-05 1:05:09 pm", DT(2026, 3, 5, 13, 5, 9)),
        ("2026-03-05 12:00 AM", DT(2026, 3, 5, 0)), ("2026-03-05 12:30 PM", DT(2026, 3, 5, 12, 30)),
        ("2026. 3. 5. 오후 2:30", DT(2026, 3, 5, 14, 30)),
        ("2026. 3. 5. 오전 9:05:00", DT(2026, 3, 5, 9, 5)),
        ("2026년 3월 5일 14시 30분", DT(2026, 3, 5, 14, 30)),
        ("2026년 3월 5일 오후 2시", DT(2026, 3, 5, 14)),
        ("Mar 5, 2026 09:15", DT(2026, 3, 5, 9, 15)),
        ("2026-03-05", DT(2026, 3, 5)), (MAR5, DT(2026, 3, 5)),
        (DT(2026, 3, 5, 7, 8, 9), DT(2026, 3, 5, 7, 8, 9)),
        (pd.Timestamp("2026-03-05 10:00"), DT(2026, 3, 5, 10)),
        (46086.5, DT(2026, 3, 5, 12)), (46086.75, DT(2026, 3, 5, 18)),
        (46086 + 1 / 24, DT(2026, 3, 5, 1)), (44624.5, DT(2022, 3, 4, 12)),
    ],
)  # fmt: skip
def test_parse_datetime(value, expected):
    result = parse_datetime(value)
    assert result == expected
    assert type(result) is DT


def test_parse_datetime_1904():
    assert parse_datetime(44624.5, epoch1904=True) == DT(2026, 3, 5, 12)


@given(st.dates())
def test_iso_text_round_trips(d):
    assert parse_date(d.isoformat()) == d


@given(st.dates(min_value=D(1900, 3, 1)))
def test_excel_serial_round_trips_1900(d):
    assert parse_date(excel_serial(d)) == d


@given(st.dates(min_value=D(1900, 1, 1), max_value=D(1900, 2, 28)))
def test_excel_serial_round_trips_before_the_fake_leap_day(d):
    assert parse_date(excel_serial(d)) == d


@given(st.dates(min_value=D(1904, 1, 2)))
def test_excel_serial_round_trips_1904(d):
    assert parse_date(excel_serial(d, epoch1904=True), epoch1904=True) == d


@given(st.datetimes(min_value=DT(1900, 3, 1)))
def test_excel_serial_round_trips_datetimes_to_the_millisecond(moment):
    moment = moment.replace(microsecond=moment.microsecond // 1000 * 1000)
    assert parse_datetime(excel_serial(moment)) == moment


@given(st.datetimes(min_value=DT(1904, 1, 2)))
def test_excel_serial_round_trips_datetimes_1904(moment):
    moment = moment.replace(microsecond=moment.microsecond // 1000 * 1000)
    assert parse_datetime(excel_serial(moment, epoch1904=True), epoch1904=True) == moment


@given(st.dates(min_value=D(1970, 1, 1), max_value=D(2069, 12, 31)))
def test_korean_text_and_short_years_round_trip(d):
    assert parse_date(f"{d.year}년 {d.month}월 {d.day}일") == d
    assert parse_date(f"{d.year}. {d.month}. {d.day}.") == d
    assert parse_date(f"{d:%y-%m-%d}") == d
    assert parse_date(f"{d:%d/%m/%Y}", date_order="DMY") == d
    assert parse_date(f"{d:%m/%d/%Y}", date_order="MDY") == d
    assert parse_date(f"{d:%d %b %Y}") == d
    assert parse_date(f"{d:%B %d, %Y}") == d


# --- numbers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (12, 12), (12.0, 12), (-3.0, -3), ("12", 12), (" 12 ", 12), ("1,200", 1200),
        ("-3", -3), ("+3", 3), ("１２", 12), ("1e3", 1000), ("12.0", 12),
        ("12345678901234567890", 12345678901234567890), (np.int64(5), 5), (np.float64(7.0), 7),
        (Decimal("8"), 8),
    ],
)  # fmt: skip
def test_parse_int(value, expected):
    result = parse_int(value)
    assert result == expected
    assert type(result) is int


@pytest.mark.parametrize("value", [12.5, "12.5", 0.1, "1e-1"])
def test_parse_int_rejects_fractions(value):
    with pytest.raises(ParseError, match=r"is not a whole number \(write 12, not 12.5\)"):
        parse_int(value)


@pytest.mark.parametrize(
    "value", ["abc", "1,2", "12%", "₩5", "5천", True, float("inf"), D(2026, 3, 5)]
)
def test_parse_int_rejects(value):
    with pytest.raises(ParseError, match=r"is not a number \(write 1234.5 or 1,234.5\)"):
        parse_int(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1234.5, 1234.5), (7, 7), ("1,234.5", 1234.5), ("1234.5", 1234.5), ("-3", -3),
        ("+3", 3), ("−3", -3), ("１，２３４．５", 1234.5), ("1.2E+05", 120000), (".5", 0.5),
        ("0", 0), ("1,000,000", 1_000_000), (np.float32(0.5), 0.5),
    ],
)  # fmt: skip
def test_parse_number(value, expected):
    result = parse_number(value)
    assert result == expected
    assert type(result) is float


@pytest.mark.parametrize(
    "value",
    ["12%", "₩5", "5천", "5k", "abc", "1.2.3", "1,23", "12,34.5", "nan", "inf", "- 3", "3-",
     True, D(2026, 3, 5), float("inf")],
)  # fmt: skip
def test_parse_number_rejects(value):
    with pytest.raises(ParseError, match="is not a number"):
        parse_number(value)


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_number_with_thousands_separators_round_trips(x):
    assert parse_number(f"{x:,}") == x


@given(st.integers())
def test_int_text_round_trips_exactly(n):
    assert parse_int(f"{n:,}") == n


# --- percent ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0.25, 0.25), (25, 0.25), (25.0, 0.25), ("25%", 0.25), ("25", 0.25), ("0.25", 0.25),
        ("100%", 1.0), (100, 1.0), (1, 1.0), (1.0, 1.0), ("1", 1.0), (0, 0.0), ("0", 0.0),
        ("0%", 0.0), ("12.5%", 0.125), ("7%", 0.07), ("12.3%", 0.123), (" 25 % ", 0.25),
        ("１００％", 1.0), ("0.5%", 0.005), (50, 0.5), (np.float64(0.3), 0.3),
    ],
)  # fmt: skip
def test_parse_percent(value, expected):
    result = parse_percent(value)
    assert result == expected
    assert type(result) is float


def test_parse_percent_zero_is_a_value():
    assert parse_percent(0) == 0.0
    assert parse_percent(0) is not None


@pytest.mark.parametrize("value", ["150%", 150, 100.5, -5, -0.1, "-5%", "101"])
def test_parse_percent_out_of_range(value):
    with pytest.raises(ParseError, match="is not between 0% and 100%"):
        parse_percent(value)


@pytest.mark.parametrize("value", ["abc", "25%%", "%", "25 percent", True, D(2026, 3, 5)])
def test_parse_percent_rejects(value):
    with pytest.raises(ParseError, match=r"is not a percentage \(write 25%, 25 or 0.25\)"):
        parse_percent(value)


@given(st.integers(min_value=0, max_value=100))
def test_whole_percents(n):
    assert parse_percent(f"{n}%") == n / 100


# --- text ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("  Kim  ", "Kim"), ("김민수", "김민수"), ("12.0", "12.0"), (12.0, "12"), (12, "12"),
        (12.5, "12.5"), (-3.0, "-3"), (1012345678.0, "1012345678"),
        (np.float64(1012345678.0), "1012345678"), (np.int64(7), "7"), (True, "TRUE"),
        (False, "FALSE"), (MAR5, "2026-03-05"), (DT(2026, 3, 5, 10, 30), "2026-03-05 10:30:00"),
        (dt.time(10, 30), "10:30:00"), ("a\nb", "a\nb"),
    ],
)  # fmt: skip
def test_parse_text(value, expected):
    assert parse_text(value) == expected


@given(st.integers(min_value=-(2**53), max_value=2**53))
def test_whole_floats_show_as_integers(n):
    assert parse_text(float(n)) == str(n)


# --- phones and e-mail --------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "010-1234-5678", "01012345678", "+82 10-1234-5678", "+82-10-1234-5678",
        "82 10 1234 5678", "+82 (0)10 1234 5678", "010.1234.5678", " 010 1234 5678 ",
        "０１０-１２３４-５６７８", 1012345678.0, 1012345678, np.float64(1012345678.0),
    ],
)  # fmt: skip
def test_normalize_phone_korean_mobile(value):
    assert normalize_phone(value) == "+821012345678"


@pytest.mark.parametrize(
    ("value", "region", "expected"),
    [
        ("02-123-4567", "KR", "+8221234567"), ("+1 650 253 0000", "KR", "+16502530000"),
        ("(650) 253-0000", "US", "+16502530000"), ("010-1234-5678", "US", None),
    ],
)  # fmt: skip
def test_normalize_phone_regions(value, region, expected):
    assert normalize_phone(value, region=region) == expected


@pytest.mark.parametrize("value", ["n/a", "abc", "123", "없음", "010-1234", 5.0, True])
def test_normalize_phone_gives_none_for_junk(value):
    assert normalize_phone(value) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (" Kim.MS@Example.com ", "kim.ms@example.com"), ("kim @ example . com", "kim@example.com"),
        ("ＫＩＭ＠ｅｘａｍｐｌｅ．ｃｏｍ", "kim@example.com"), ("mailto:A@B.com", "a@b.com"),
        ("kim\u3000@example.com", "kim@example.com"), ("not an email", "notanemail"),
    ],
)  # fmt: skip
def test_normalize_email(value, expected):
    assert normalize_email(value) == expected


@given(st.emails())
def test_normalize_email_is_idempotent(email):
    once = normalize_email(email)
    assert once is not None
    assert normalize_email(once) == once


# --- formulas -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=SUM(A1:A3)", True), ("+82 10", True), ("-300", True), ("@cmd", True),
        ("\tfoo", True), ("\rfoo", True), ("=", True), ("Kim", False), ("", False),
        ("1+1", False), ("a=b", False), (" =x", False), ("김민수", False),
    ],
)  # fmt: skip
def test_looks_like_formula(text, expected):
    assert looks_like_formula(text) is expected


def test_looks_like_formula_ignores_non_text():
    assert looks_like_formula(-5) is False  # type: ignore[arg-type]
