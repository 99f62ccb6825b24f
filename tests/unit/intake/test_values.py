from datetime import date, datetime
from decimal import Decimal

import pytest

from app.domain.intake.values import ValueProblem, currency_of, parse_amount, parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1234.56", "1234.56"),
        ("1234,56", "1234.56"),
        ("1.234,56", "1234.56"),
        ("1,234.56", "1234.56"),
        ("1 234,56", "1234.56"),
        ("1\u00a0234,56", "1234.56"),  # non-breaking space, as Excel in sl/fi/pl writes it
        ("1\u202f234,56", "1234.56"),  # narrow no-break space (newer locales)
        ("1\u2009234,56", "1234.56"),  # thin space
        ("1'234.56", "1234.56"),
        ("1\u2019234.56", "1234.56"),
        ("1234", "1234"),
        ("12.345.678,90", "12345678.90"),
        ("12,345,678.90", "12345678.90"),
        ("1.234.567", "1234567"),  # the same mark twice can only group thousands
        ("0,5", "0.5"),
        ("12,3", "12.3"),
        ("1234,5600", "1234.56"),  # trailing zeros are not real decimals
        ("+5", "5"),
        ("1.234,56 €", "1234.56"),
        ("€1,234.56", "1234.56"),
        ("EUR 1 234,56", "1234.56"),
        ("1 234,56 zł", "1234.56"),
        ("PLN 99,99", "99.99"),
        ("  7,10\t", "7.10"),
    ],
)
def test_amounts_in_every_accepted_style(text, expected):
    assert parse_amount(text) == Decimal(expected)


def test_amounts_come_back_with_cents():
    assert str(parse_amount("1234")) == "1234.00"
    assert str(parse_amount("0,5")) == "0.50"


@pytest.mark.parametrize("text", ["1,234", "1.250", "12.500", "999,999"])
def test_one_separator_before_three_digits_is_ambiguous_and_says_how_to_write_it(text):
    with pytest.raises(ValueProblem) as caught:
        parse_amount(text)
    digits = text.replace(",", "").replace(".", "")
    assert "ambiguous" in caught.value.message
    assert f"{digits} or {digits},00" in caught.value.fix


@pytest.mark.parametrize("text", ["1 234.567", "0,125"])
def test_three_decimals_are_not_ambiguous_when_the_reading_is_clear(text):
    with pytest.raises(ValueProblem, match="3 decimals"):
        parse_amount(text)


@pytest.mark.parametrize("text", ["-5", "(5)", "5-", "\u22125", "-1.234,56 €", "EUR -5"])
def test_negative_amounts_are_refused(text):
    with pytest.raises(ValueProblem, match="must be positive"):
        parse_amount(text)


@pytest.mark.parametrize("value", ["", "   ", None])
def test_empty_amount(value):
    with pytest.raises(ValueProblem, match="empty") as caught:
        parse_amount(value)
    assert caught.value.fix


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1,2345", "4 decimals"),
        ("12.3456", "4 decimals"),
        ("1.23,45", "groups of three"),
        ("12,34,567.00", "groups of three"),
        ("1 23,45", "groups of three"),
        ("1,234,56", "groups of three"),
        ("1.234.5,6,7", "more than once"),
        ("abc", "not an amount"),
        ("1e5", "not an amount"),
        ("12 EUR 5", "groups of three"),
        ("€", "no amount"),
        ("0", "zero"),
        ("0,00", "zero"),
        ("5 € zł", "two currencies"),
    ],
)
def test_malformed_amounts_are_refused_with_a_reason(text, message):
    with pytest.raises(ValueProblem, match=message) as caught:
        parse_amount(text) if "currencies" not in message else currency_of(text)
    assert caught.value.fix


def test_zero_is_allowed_where_asked_for():
    assert parse_amount("0", allow_zero=True) == 0


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (1234, "1234"),
        (1234.56, "1234.56"),
        (0.1 + 0.2, "0.30"),  # 0.30000000000000004: a float artefact, not a third decimal
        (1234.56 * 3, "3703.68"),
        (19.99 * 100 / 100, "19.99"),
        (Decimal("12.50"), "12.50"),
        (Decimal("12.500"), "12.50"),
        (1e6, "1000000"),
    ],
)
def test_numbers_from_excel_cells_are_read_exactly(cell, expected):
    assert parse_amount(cell) == Decimal(expected)


@pytest.mark.parametrize("cell", [12.345, 0.001, Decimal("1.005"), 1 / 3])
def test_numbers_with_real_extra_decimals_are_refused(cell):
    with pytest.raises(ValueProblem, match="decimals"):
        parse_amount(cell)


@pytest.mark.parametrize("cell", [-5, -0.5, Decimal("-1"), float("nan"), float("inf"), True, 1e15])
def test_impossible_numeric_cells_are_refused(cell):
    with pytest.raises(ValueProblem):
        parse_amount(cell)


def test_currency_written_next_to_the_amount():
    assert currency_of("1.234,56 €") == "EUR"
    assert currency_of("12 zł") == "PLN"
    assert currency_of("PLN 5") == "PLN"
    assert currency_of("12,50") is None
    assert currency_of(12.5) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("31.01.2026", date(2026, 1, 31)),
        ("1.2.2026", date(2026, 2, 1)),
        ("01.02.26", date(2026, 2, 1)),
        ("1.2.26", date(2026, 2, 1)),
        ("31. 1. 2026", date(2026, 1, 31)),  # as Slovenian writes it
        ("31.1.2026.", date(2026, 1, 31)),
        ("2026-01-31", date(2026, 1, 31)),
        ("2026-1-5", date(2026, 1, 5)),
        ("2026-01-31 00:00:00", date(2026, 1, 31)),
        ("2026-01-31T00:00:00", date(2026, 1, 31)),
        ("31/01/2026", date(2026, 1, 31)),
        ("5/1/2026", date(2026, 1, 5)),  # day first, as in Greece
        ("31/01/26", date(2026, 1, 31)),
        ("29.02.2028", date(2028, 2, 29)),
        (" 31.01.2026 ", date(2026, 1, 31)),
        (datetime(2026, 1, 31, 0, 0), date(2026, 1, 31)),
        (date(2026, 1, 31), date(2026, 1, 31)),
    ],
)
def test_dates_in_every_accepted_format(text, expected):
    assert parse_date(text) == expected


def test_a_day_the_month_does_not_have():
    with pytest.raises(ValueProblem) as caught:
        parse_date("31.02.2026")
    assert caught.value.message == "31.02.2026 is not a date: February 2026 has 28 days."
    assert "28.02.2026" in caught.value.fix


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31.04.2026", "April 2026 has 30 days"),
        ("29.02.2027", "February 2027 has 28 days"),
        ("12/31/2026", "no month 31"),  # American month-first dates do not pass as day-first
        ("13.13.2026", "no month 13"),
        ("01.01.1850", "year 1850"),
        ("2026/01/31", "not a date"),
        ("31 January 2026", "not a date"),
        ("", "empty"),
        (None, "empty"),
        (46053, "is a number"),  # an Excel serial that lost its date format
    ],
)
def test_dates_that_are_refused(text, message):
    with pytest.raises(ValueProblem, match=message) as caught:
        parse_date(text)
    assert caught.value.fix
