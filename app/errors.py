"""Error pages: a short explanation and the request id, never a stack trace."""

from __future__ import annotations

import logging

from flask import Flask, g, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

log = logging.getLogger("portal")

TITLES = {
    400: "The request could not be understood",
    403: "You do not have access to this page",
    404: "There is nothing at this address",
    405: "That action is not allowed here",
    413: "The file is too large",
    429: "Too many requests",
    500: "Something went wrong on our side",
}


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError):
        message = "The form had expired or was sent from elsewhere. Go back, reload it and try again."
        return _page(400, message)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        return _page(exc.code or 500, exc.description if exc.code != 500 else None)

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        log.exception("unhandled error")
        return _page(500, None)


def _page(code: int, message: str | None):
    if code not in TITLES:
        code = code if 400 <= code < 600 else 500
    if request.path.startswith("/d/"):
        from app.debtor.errors import error_page  # the debtor's own language, nothing of the case

        return error_page(code)
    title = TITLES.get(code, InternalServerError.description)
    return (
        render_template(
            "errors/error.html",
            code=code,
            title=title,
            message=message,
            request_id=getattr(g, "request_id", ""),
        ),
        code,
    )
