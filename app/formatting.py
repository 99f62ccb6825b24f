"""Jinja filters: amounts and dates as people expect to read them (babel)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from flask import Flask

LOCALE = "en_IE"  # the creditor portal is in English with euro conventions: "€1,234.56"


def _locale() -> str:
    # A debtor's page sets g.language; every other page formats the creditor portal's way.
    from app.i18n import current_locale

    return current_locale()


# babel is imported on first use: its import is a cost every cold start would pay otherwise.


def money(amount: Decimal, currency: str, locale: str | None = None) -> str:
    from babel.numbers import format_currency

    return format_currency(amount, currency, locale=locale or _locale())


def day(value: date, locale: str | None = None) -> str:
    from babel.dates import format_date

    return format_date(value, format="medium", locale=locale or _locale())


def moment(value: datetime, locale: str = LOCALE) -> str:
    from babel.dates import format_datetime

    return format_datetime(value, format="medium", tzinfo="Europe/Ljubljana", locale=locale)


def init_app(app: Flask) -> None:
    app.add_template_filter(money)
    app.add_template_filter(day)
    app.add_template_filter(moment)

    @app.template_filter("number")
    def number(value: Decimal) -> str:
        from babel.numbers import format_decimal

        return format_decimal(value, locale=_locale())

    @app.template_filter("iban")
    def iban(value: str) -> str:
        from app.domain.organisation import format_iban

        return format_iban(value)
