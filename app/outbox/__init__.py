"""The local outbox: every e-mail, SMS, letter and call script the engine produced, as rendered.

Registered only when OUTBOX_PAGE is on (``make run`` turns it on); in AWS the same records are in
the evidence bucket under ``messages/`` and each case's timeline links to its own.
"""

from __future__ import annotations

import json

from flask import Blueprint, abort, make_response, render_template

from app.auth.session import login_required
from app.services import services

bp = Blueprint("outbox", __name__, url_prefix="/outbox")
PREFIX = "messages/"


@bp.get("")
@login_required
def index():
    storage = services().storage
    keys = [k for k in storage.recent(PREFIX, limit=200) if k.endswith(".json")][:60]
    messages = [{"key": key, **json.loads(storage.open(key).read())} for key in keys]
    return render_template("outbox/index.html", messages=messages, now=services().clock.now())


@bp.get("/view/<path:key>")
@login_required
def view(key: str):
    if not key.startswith(PREFIX) or not key.endswith(".json") or ".." in key:
        abort(404)
    try:
        message = json.loads(services().storage.open(key).read())
    except Exception:  # a missing key is a 404, whatever S3 calls it
        abort(404)
    body = message.get("html") or f"<pre>{_escape(message.get('text', ''))}</pre>"
    response = make_response(body)
    # The message's own inline styles, nothing else: no script, no remote content.
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"
    )
    return response


def _escape(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))
