"""The signed-in identity in Flask's session, and the decorators that require one."""

from __future__ import annotations

import functools
import time

from flask import abort, g, redirect, request, session, url_for

from app.auth.identity import Identity


def start(identity: Identity, access_token: str) -> None:
    session.clear()
    session.permanent = True
    session["identity"] = identity.to_session()
    # Kept only to revoke the user's tokens at Cognito on sign-out.
    session["access_token"] = access_token


def end() -> str | None:
    access_token = session.get("access_token")
    session.clear()
    return access_token


def load() -> None:
    """before_request: put the identity on g, or None when there is none or it has expired."""
    g.identity = None
    data = session.get("identity")
    if not data:
        return
    identity = Identity.from_session(data)
    if identity.expires_at <= time.time():
        session.clear()
        return
    g.identity = identity


def login_required(view):
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if g.identity is None:
            return redirect(url_for("auth.sign_in", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return wrapped


def role_required(role: str):
    def decorator(view):
        @functools.wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not g.identity.has_role(role):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
