"""Error pages on a debtor's link: in the debtor's language, never a trace, nothing of the case."""

from __future__ import annotations

from flask import g, render_template, request, session
from flask_babel import gettext as _

from app.i18n import LANGUAGES


def error_page(code: int):
    if not getattr(g, "language", None):
        g.language = session.get("debtor_language") or request.accept_languages.best_match(LANGUAGES) or "en"
    titles = {
        400: _("The form could not be sent"),
        404: _("There is nothing at this address"),
        413: _("The file is too large"),
        429: _("Too many attempts"),
    }
    messages = {
        400: _("The page may have been open for a long time. Go back, reload the page and try again."),
        413: _("Attach a file of at most 4 MB."),
    }
    title = titles.get(code, _("Something went wrong on our side. Please try again in a few minutes."))
    return (
        render_template(
            "debtor/error.html",
            title=title,
            message=messages.get(code),
            request_id=getattr(g, "request_id", ""),
            token=None,
        ),
        code,
    )
