"""Structured JSON logs, each line carrying the request id.

On Lambda the id is API Gateway's request id (so a log line can be found from the id a user quotes
from an error page); locally a random one.
"""

from __future__ import annotations

import json
import logging
import sys
import time
import uuid

from flask import Flask, g, has_request_context, request


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if has_request_context():
            entry["request_id"] = getattr(g, "request_id", None)
            entry["path"] = _logged_path()
            entry["method"] = request.method
        for key in ("status", "duration_ms", "user", "org_id", "function", "counts"):
            if hasattr(record, key):
                entry[key] = getattr(record, key)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


def configure_logging(level: str = "INFO") -> None:
    root = logging.getLogger()
    if root.handlers:
        # Lambda's runtime installs a root handler of its own; format through it instead of adding
        # a second one, which would write every line twice.
        for handler in root.handlers:
            if not isinstance(handler.formatter, JsonFormatter) and _is_console(handler):
                handler.setFormatter(JsonFormatter())
    if not any(isinstance(h.formatter, JsonFormatter) for h in root.handlers):
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(JsonFormatter())
        root.addHandler(handler)
    root.setLevel(level)
    # botocore announces every credential and endpoint lookup at INFO; that is noise in our logs.
    for noisy in ("botocore", "pynamodb", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # Zappa's access line repeats our own request log, but with the raw path: a debtor's link token
    # would land in CloudWatch. Ours logs the route's pattern instead (see _logged_path).
    logging.getLogger("zappa.wsgi").setLevel(logging.WARNING)


def _is_console(handler: logging.Handler) -> bool:
    # pytest's capture handlers are not consoles; Lambda's handler writes to stdout.
    return type(handler).__module__.startswith(("awslambdaric", "bootstrap")) or (
        type(handler) is logging.StreamHandler
        and getattr(handler, "stream", None) in (sys.stdout, sys.stderr)
    )


def _logged_path() -> str:
    # A debtor's link is a capability: its token never reaches the logs, only the route's pattern.
    if request.path.startswith("/d/"):
        return request.url_rule.rule if request.url_rule else "/d/<token>"
    return request.path


def _request_id() -> str:
    # Zappa puts the API Gateway event and the Lambda context into the WSGI environ.
    event = request.environ.get("lambda.event") or {}
    from_gateway = (event.get("requestContext") or {}).get("requestId")
    context = request.environ.get("lambda.context")
    return from_gateway or getattr(context, "aws_request_id", None) or uuid.uuid4().hex


def init_app(app: Flask) -> None:
    configure_logging(app.config.get("LOG_LEVEL", "INFO"))
    log = logging.getLogger("portal.request")

    @app.before_request
    def start():
        g.request_id = _request_id()
        g.started = time.perf_counter()

    @app.after_request
    def finish(response):
        response.headers["X-Request-Id"] = g.get("request_id", "")
        identity = g.get("identity")
        api_key = g.get("api_key")  # set by the JSON API's bearer check
        log.info(
            "request",
            extra={
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - g.get("started", time.perf_counter())) * 1000, 1),
                "user": identity.sub if identity else (f"api-key:{api_key.key_id}" if api_key else None),
                "org_id": identity.org_id if identity else (api_key.org_id if api_key else None),
            },
        )
        return response
