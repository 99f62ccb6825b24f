"""Languages: the debtor's page and its e-mails speak the debtor's language; the creditor portal is English.

Flask-Babel picks the locale per request: a debtor view sets ``g.language`` (the case's language, or
the one the debtor switched to); every other page is English. Catalogues live in app/translations
(``make translations`` extracts, updates and compiles them; the compiled .mo files are committed so a
package or a fresh clone needs no build step, and a test checks they match the .po files).
"""

from __future__ import annotations

from contextlib import contextmanager

from flask import Flask, g

LANGUAGES = ("sl", "fi", "pl", "el", "en")
# The locale each language formats amounts and dates with ("1.234,56 €" in Slovenia, "€1,234.56" here).
LOCALES = {"sl": "sl_SI", "fi": "fi_FI", "pl": "pl_PL", "el": "el_GR", "en": "en_IE"}
NAMES = {"sl": "Slovenščina", "fi": "Suomi", "pl": "Polski", "el": "Ελληνικά", "en": "English"}


def current_locale() -> str:
    return LOCALES.get(getattr(g, "language", "en"), "en_IE")


def init_app(app: Flask) -> None:
    from flask_babel import Babel

    Babel(app, locale_selector=current_locale, default_translation_directories="translations")


@contextmanager
def speaking(language: str):
    """Render in ``language`` within a request in another one (the creditor's decision, e-mailed to
    the debtor in theirs)."""
    from flask_babel import force_locale

    before = getattr(g, "language", None)
    g.language = language if language in LANGUAGES else "en"
    try:
        with force_locale(current_locale()):
            yield
    finally:
        g.language = before
