"""Amounts, dates, rates and bank details as a reader of each language expects them.

babel is imported inside the functions: the worker pays its import only when it renders, not on
every cold start. Templates use the ``*_filter`` variants, which read the locale (and currency)
from the template's variables so a template never has to pass them.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from jinja2 import pass_context
from jinja2.runtime import Context

LOCALES = {"sl": "sl_SI", "fi": "fi_FI", "pl": "pl_PL", "el": "el_GR", "en": "en_IE"}

# One date pattern per language that reads right both in a table and inside a sentence. The
# CLDR "long" Slovenian form ("17. marec 2026") is nominative and wrong after "do" (until); the
# numeric forms are what Slovenian, Finnish and Polish invoices print anyway.
DATE_PATTERNS = {
    "sl_SI": "d. M. y",  # 17. 3. 2026
    "fi_FI": "d.M.y",  # 17.3.2026
    "pl_PL": "dd.MM.y",  # 17.03.2026
    "el_GR": "d MMMM y",  # 17 Μαρτίου 2026 (genitive month, right in a sentence)
    "en_IE": "d MMMM y",  # 17 March 2026
}


def money(amount: Decimal, currency: str, locale: str) -> str:
    from babel.numbers import format_currency

    return format_currency(amount, currency, locale=locale)


def day(value: date, locale: str) -> str:
    from babel.dates import format_date

    return format_date(value, DATE_PATTERNS.get(locale, "medium"), locale=locale)


def greek_date(value: date, locale: str = "el_GR") -> str:
    """A date with the article Greek puts before it: "τις 17 Μαρτίου 2026", but "την 1η Ιουνίου 2026".

    After "έως"/"από" the article agrees with the day: plural for 2 to 31, singular and the ordinal
    for the first of the month. A plain "έως τις 1 Ιουνίου" is a common slip a Greek reader notices.
    """
    from babel.dates import format_date

    month_year = format_date(value, "MMMM y", locale=locale)
    return f"την 1η {month_year}" if value.day == 1 else f"τις {value.day} {month_year}"


def percent(value: Decimal, locale: str) -> str:
    """A yearly rate given in percent: 10.15 -> "10,15 %" (sl), "10.15%" (en)."""
    from babel.numbers import format_percent

    # decimal_quantization=False keeps "10,15" instead of the locale pattern's whole "10".
    return format_percent(value / 100, locale=locale, decimal_quantization=False)


def grouped(value: str) -> str:
    """IBANs and RF references are read and typed in groups of four (ISO 13616, ISO 11649)."""
    compact = "".join(value.split()).upper()
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))


def reference(value: str) -> str:
    # Only RF references are grouped; a national reference keeps the spacing it was given.
    return grouped(value) if value.strip().upper().startswith("RF") else value.strip()


@pass_context
def money_filter(context: Context, amount: Decimal, currency: str | None = None) -> str:
    return money(amount, currency or context["currency"], context["locale"])


@pass_context
def day_filter(context: Context, value: date) -> str:
    return day(value, context["locale"])


@pass_context
def greek_date_filter(context: Context, value: date) -> str:
    return greek_date(value, context["locale"])


@pass_context
def percent_filter(context: Context, value: Decimal) -> str:
    return percent(value, context["locale"])


FILTERS = {
    "money": money_filter,
    "day": day_filter,
    "percent": percent_filter,
    "greek_date": greek_date_filter,
    "iban": grouped,
    "reference": reference,
}
