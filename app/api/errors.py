"""Errors of the JSON API: always ``{"error": {"code", "message", "field"}}``, never an HTML page.

The codes are stable (clients branch on them); the messages are for people and may be reworded.
"""

from __future__ import annotations

import logging

from flask import Blueprint, g, jsonify, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound

log = logging.getLogger("portal.api")

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    429: "too_many_requests",
    500: "internal_error",
    503: "busy",
}
MESSAGES = {
    404: "There is nothing at this address of the API; see /api/v1/openapi.json.",
    405: "This address of the API does not take that method.",
}


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, field: str | None = None, headers=None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.headers = headers or {}


def error_body(code: str, message: str, field: str | None = None) -> dict:
    return {"error": {"code": code, "message": message, "field": field}}


def error_response(exc: ApiError):
    response = jsonify(error_body(exc.code, exc.message, exc.field))
    response.status_code = exc.status
    response.headers.update(exc.headers)
    return response


def from_http(exc: HTTPException):
    status = exc.code or 500
    headers = {k: v for k, v in exc.get_headers() if k.lower() in ("allow", "www-authenticate")}
    message = MESSAGES.get(status) or exc.description or "The request failed."
    return error_response(ApiError(status, CODES.get(status, "bad_request"), message, headers=headers))


def init_blueprint(bp: Blueprint) -> None:
    bp.register_error_handler(ApiError, error_response)
    bp.register_error_handler(HTTPException, from_http)

    @bp.errorhandler(Exception)
    def unexpected(exc: Exception):
        log.exception("unhandled error in the API")
        request_id = getattr(g, "request_id", "")
        message = f"Something went wrong on our side. Quote request id {request_id} if you ask us about it."
        return error_response(ApiError(500, "internal_error", message))

    @bp.before_app_request
    def unknown_api_address():
        # Routing failed, so no blueprint's error handler would see this: answer in JSON here for
        # every address under /api/ (the app's own handlers render HTML pages for the rest).
        exc = request.routing_exception
        if request.path.startswith("/api/") and isinstance(exc, NotFound | MethodNotAllowed):
            return from_http(exc)
        return None
