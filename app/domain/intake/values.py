"""Amounts and dates as accounting software in Slovenia, Finland, Poland and Greece writes them.

Amounts: ``1234.56``, ``1234,56``, ``1.234,56``, ``1,234.56``, ``1 234,56`` (also with non-breaking or
thin spaces, or apostrophes, between the thousands), ``1234``, with or without a currency (€, EUR,
zł, PLN). When both ``.`` and ``,`` appear, the last one separates the decimals and the other must
group the digits by three. One separator followed by exactly three digits (``1,234``, ``1.250``) could
be either, so it is refused rather than guessed. Numbers from Excel cells (int, float, Decimal) are
read exactly; a float is read at Excel's own precision of 15 significant digits, so ``3703.68``
computed by a formula as ``3703.6800000000003`` is 3703.68, while ``12.345`` is refused.

Dates: ``31.01.2026``, ``31.1.2026``, ``31. 1. 2026``, ``31.01.26`` (two-digit years are 2000 + yy),
``2026-01-31``, ``31/01/2026`` (day first, as in Greece), and Excel date cells.
"""

from __future__ import annotations

import calendar
import math
import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from app.domain.intake.problems import ValueProblem

CENT = Decimal("0.01")
LIMIT = Decimal("1000000000000")  # a trillion: anything larger is a misread column, not a claim
SPACES = " \t\u00a0\u202f\u2009\u2007\u2002\u2003\u2004\u2005\u2006\u2008\u200a"
MINUS = "-\u2212\u2013"  # hyphen-minus, minus sign, en dash
CURRENCY = re.compile(r"€|euro?|zł|zl|pln", re.IGNORECASE)
CURRENCY_CODES = {"€": "EUR", "eur": "EUR", "euro": "EUR", "zł": "PLN", "zl": "PLN", "pln": "PLN"}
GROUPING = re.compile(rf"[{SPACES}]+|['\u2019]")
NUMBER_CHARS = re.compile(r"^[0-9.,' ]+$")
HOW_TO_WRITE = "Write amounts with digits and at most one decimal separator, e.g. 1234,56 or 1 234,56 €."


def parse_amount(value: object, *, allow_zero: bool = False) -> Decimal:
    """The amount in ``value`` with at most two decimals, or ValueProblem. Zero only if allowed."""
    if value is None or (isinstance(value, str) and not value.strip(SPACES)):
        raise ValueProblem("The amount is empty.", "Enter the amount owed, e.g. 1234,56.")
    if isinstance(value, bool):
        raise ValueProblem(f"'{value}' is not an amount.", HOW_TO_WRITE)
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        amount = _from_float(value)
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueProblem(f"'{value}' is not an amount.", HOW_TO_WRITE)
        amount = value
    else:
        amount = _from_text(str(value))
    return _checked(amount, str(value), allow_zero)


def _checked(amount: Decimal, shown: str, allow_zero: bool) -> Decimal:
    if amount < 0:
        raise _negative(shown)
    if amount == 0 and not allow_zero:
        raise ValueProblem(
            "The amount is zero; it must be positive.",
            "Enter the amount owed, or leave out the row if nothing is owed.",
        )
    if amount >= LIMIT:
        raise ValueProblem(
            f"'{shown}' is too large to be an amount owed.", "Check that this is the amount column."
        )
    cents = amount.quantize(CENT)
    if cents != amount:
        decimals = -amount.normalize().as_tuple().exponent
        raise _too_many_decimals(shown, decimals)
    return cents


def _negative(shown: str) -> ValueProblem:
    return ValueProblem(
        f"'{shown}' is negative; the amount must be positive.",
        "Enter the amount as a positive number, without a minus sign or brackets.",
    )


def _too_many_decimals(shown: str, decimals: int) -> ValueProblem:
    return ValueProblem(
        f"'{shown}' has {decimals} decimals; amounts have at most two.", "Round it to cents, e.g. 12,35."
    )


def _from_float(value: float) -> Decimal:
    if not math.isfinite(value):
        raise ValueProblem(f"'{value}' is not an amount.", HOW_TO_WRITE)
    exact = Decimal(repr(value))  # the shortest text that reads back as the same float
    if exact == exact.quantize(CENT) or abs(exact) >= LIMIT:
        return exact
    excel = Decimal(f"{value:.15g}")  # what Excel shows: 15 significant digits
    if excel == excel.quantize(CENT):
        return excel
    return exact  # _checked refuses it with the number of decimals


def _from_text(raw: str) -> Decimal:
    text = CURRENCY.sub(" ", raw).strip(SPACES)
    if not text:
        raise ValueProblem(f"'{raw}' has a currency but no amount.", HOW_TO_WRITE)
    if text[0] in MINUS or text[-1] in MINUS or (text[0] == "(" and text[-1] == ")"):
        raise _negative(raw.strip(SPACES))
    if text[0] == "+":
        text = text[1:].lstrip(SPACES)
    text = GROUPING.sub(" ", text)
    if not NUMBER_CHARS.match(text) or not any(c.isdigit() for c in text):
        raise ValueProblem(f"'{raw.strip(SPACES)}' is not an amount.", HOW_TO_WRITE)
    whole, fraction = _split_decimals(text, raw.strip(SPACES))
    digits = _ungroup(whole, raw.strip(SPACES))
    if fraction is not None and not fraction.isdigit() and fraction != "":
        raise ValueProblem(f"'{raw.strip(SPACES)}' is not an amount.", HOW_TO_WRITE)
    fraction = fraction or ""
    if len(fraction.rstrip("0")) > 2:
        raise _too_many_decimals(raw.strip(SPACES), len(fraction))
    try:
        return Decimal(f"{digits or '0'}.{fraction or '0'}")
    except InvalidOperation:  # pragma: no cover - the text is only digits by now
        raise ValueProblem(f"'{raw.strip(SPACES)}' is not an amount.", HOW_TO_WRITE) from None


def _split_decimals(text: str, shown: str) -> tuple[str, str | None]:
    """Split at the decimal separator: the last of ``.``/``,`` when both appear."""
    marks = [c for c in text if c in ".,"]
    if not marks:
        return text, None
    if len(set(marks)) == 2:
        decimal_mark = marks[-1]
        if marks.count(decimal_mark) > 1:
            raise ValueProblem(
                f"'{shown}' is not an amount: '{decimal_mark}' appears more than once.", HOW_TO_WRITE
            )
        whole, fraction = text.rsplit(decimal_mark, 1)
        return whole, fraction
    mark = marks[0]
    if len(marks) > 1:
        return text, None  # the same mark several times: it groups thousands (1.234.567)
    whole, fraction = text.split(mark)
    grouped_otherwise = " " in whole or "'" in whole
    if len(fraction) == 3 and whole.strip(" '") not in ("", "0") and not grouped_otherwise:
        digits = whole.replace(" ", "") + fraction
        raise ValueProblem(
            f"'{shown}' is ambiguous: the '{mark}' could separate thousands ({digits}) "
            f"or decimals ({whole}.{fraction}).",
            f"Write it without a thousands separator and with the decimals after a comma: "
            f"{digits} or {digits},00.",
        )
    return whole, fraction


def _ungroup(whole: str, shown: str) -> str:
    """The digits of the whole part, after checking that separators group them by three."""
    whole = whole.strip(" ")
    separators = {c for c in whole if not c.isdigit()}
    if not separators:
        return whole
    if len(separators) > 1:
        raise ValueProblem(
            f"'{shown}' mixes several thousands separators.",
            "Write it without thousands separators, e.g. 1234,56.",
        )
    separator = separators.pop()
    groups = whole.split(separator)
    if not (1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])):
        shown_separator = "space" if separator == " " else f"'{separator}'"
        raise ValueProblem(
            f"'{shown}' is not a valid amount: a {shown_separator} between digits must separate "
            f"groups of three.",
            "Write it without thousands separators, e.g. 1234,56.",
        )
    return "".join(groups)


def currency_of(text: object) -> str | None:
    """The currency written next to an amount (EUR or PLN), or None; ValueProblem if both."""
    if not isinstance(text, str):
        return None
    found = {CURRENCY_CODES[m.group(0).lower()] for m in CURRENCY.finditer(text)}
    if len(found) > 1:
        raise ValueProblem(f"'{text.strip()}' names two currencies.", "Keep one currency: EUR or PLN.")
    return found.pop() if found else None


MONTHS = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)  # not calendar.month_name: that follows the process locale
DATE_FORMATS = "31.01.2026, 31.1.2026, 31.01.26, 2026-01-31 or 31/01/2026"
TIME = r"(?:[T ]\s*\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
DAY_FIRST = re.compile(rf"^(\d{{1,2}})\.\s*(\d{{1,2}})\.\s*(\d{{4}}|\d{{2}})\.?\s*{TIME}$")
DAY_FIRST_SLASH = re.compile(rf"^(\d{{1,2}})/(\d{{1,2}})/(\d{{4}}|\d{{2}})\s*{TIME}$")
ISO = re.compile(rf"^(\d{{4}})-(\d{{1,2}})-(\d{{1,2}}){TIME}$")


def parse_date(value: object) -> date:
    """The date in ``value`` (text in one of DATE_FORMATS, or an Excel date cell), or ValueProblem."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if value is None or (isinstance(value, str) and not value.strip(SPACES)):
        raise ValueProblem("The date is empty.", f"Enter the date as {DATE_FORMATS}.")
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        raise ValueProblem(
            f"'{value}' is a number, not a date (perhaps an Excel date whose cell lost its date format).",
            f"Format the column as a date in Excel, or write the date as {DATE_FORMATS}.",
        )
    text = str(value).strip(SPACES)
    if match := ISO.match(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := DAY_FIRST.match(text) or DAY_FIRST_SLASH.match(text):
        day, month, year = (int(g) for g in match.groups())
        if len(match.group(3)) == 2:
            year += 2000
    else:
        raise ValueProblem(f"'{text}' is not a date.", f"Write dates as {DATE_FORMATS}.")
    return _calendar_date(text, year, month, day)


def _calendar_date(text: str, year: int, month: int, day: int) -> date:
    if not 1900 <= year <= 2099:
        raise ValueProblem(f"{text} is not a date: the year {year} is out of range.", "Check the year.")
    if not 1 <= month <= 12:
        raise ValueProblem(
            f"{text} is not a date: there is no month {month}.",
            "Write the day first, then the month, e.g. 31.01.2026 for 31 January 2026.",
        )
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise ValueProblem(
            f"{text} is not a date: {MONTHS[month]} {year} has {days} days.",
            f"Check the day of the month, e.g. {days:02d}.{month:02d}.{year} for its last day.",
        )
    return date(year, month, day)
